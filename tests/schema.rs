//! The JSON Schemas in schema/: up to date with the types, accepted by the external
//! validators editors and CI use (check-jsonschema, taplo) on every example file, and
//! rejecting what align rejects. `align init` points every file at them.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{TODAY, align, align_in, external_tool};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn validate(tool: &Path, schema: &str, files: &[PathBuf]) -> Output {
    Command::new(tool)
        .arg("--schemafile")
        .arg(manifest_dir().join("schema").join(schema))
        .args(files)
        .output()
        .expect("check-jsonschema runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn committed_schemas_are_up_to_date() {
    for (name, generated) in align_okr::schema::all() {
        let path = manifest_dir().join("schema").join(name);
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "schema/{name} is out of date with the Rust types: run `cargo run -- schema --out schema` \
             and commit the result"
        );
    }
    // The command prints exactly what is committed, and --out writes the same files.
    let settings = align(&["schema", "settings"]);
    assert_eq!(settings.code, 0);
    assert_eq!(settings.stdout, align_okr::schema::settings());
    assert_eq!(
        align(&["schema", "strategy"]).stdout,
        align_okr::schema::strategy()
    );
    let out = tempfile::tempdir().expect("temp dir");
    let run = align(&["schema", "--out", &out.path().to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for (name, generated) in align_okr::schema::all() {
        let written = fs::read_to_string(out.path().join(name)).expect("written");
        assert_eq!(written, generated, "{name}");
        assert!(run.stdout.contains(name), "{}", run.stdout);
    }
    // Naming neither is a usage error.
    let neither = align(&["schema"]);
    assert_eq!(neither.code, 2);
    assert!(neither.stdout.is_empty());
}

#[test]
#[cfg_attr(missing_check_jsonschema, ignore = "needs check-jsonschema on PATH")]
fn every_example_file_validates_with_check_jsonschema() {
    let Some(tool) = external_tool("check-jsonschema") else {
        return;
    };
    let (settings, strategy): (Vec<PathBuf>, Vec<PathBuf>) =
        toml_files(&manifest_dir().join("examples"))
            .into_iter()
            .partition(|p| p.file_name().is_some_and(|n| n == "align.toml"));
    assert!(!settings.is_empty() && strategy.len() >= 10, "{strategy:?}");
    for (schema, files) in [
        ("align.schema.json", &settings),
        ("strategy.schema.json", &strategy),
    ] {
        let output = validate(&tool, schema, files);
        assert!(output.status.success(), "{schema}:\n{}", text(&output));
    }
}

/// Each of these breaks a file in a way both align and the schema must refuse.
const BROKEN: [(&str, &str, &str); 6] = [
    (
        "teams.toml",
        "[[team]]\nid = \"platform\"\nnmae = \"Platform\"\n",
        "'nmae' was unexpected",
    ),
    (
        "cycles.toml",
        "[[cycle]]\nid = \"q\"\nstart = \"soon\"\nend = 2026-12-31\n",
        "is not a 'date'",
    ),
    (
        "objectives.toml",
        "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"q\"\nstatus = \"paused\"\n",
        "is not one of",
    ),
    (
        "objectives.toml",
        "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\n",
        "'cycle' is a required property",
    ),
    (
        "vision.toml",
        "[[pillar]]\nid = \"not a slug\"\ntitle = \"t\"\n",
        "does not match",
    ),
    (
        "align.toml",
        "[rules]\nline-of-sigth = \"off\"\n",
        "'line-of-sigth' was unexpected",
    ),
];

#[test]
fn a_broken_file_is_rejected_by_the_schema_as_by_align() {
    let tool = external_tool("check-jsonschema");
    for (name, text_of_file, says) in BROKEN {
        let dir = tempfile::tempdir().expect("temp dir");
        let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        let path = dir.path().join(name);
        // Appended to what init wrote; align.toml is replaced, its tables exist already.
        let original = match name {
            "align.toml" => String::new(),
            _ => fs::read_to_string(&path).unwrap_or_default(),
        };
        fs::write(&path, format!("{original}\n{text_of_file}")).expect("write");
        let check = align_in(dir.path(), &["check", "--today", TODAY, "--format", "json"]);
        assert_eq!(check.code, 1, "align accepts {name}:\n{text_of_file}");

        let Some(tool) = &tool else {
            continue;
        };
        let schema = if name == "align.toml" {
            "align.schema.json"
        } else {
            "strategy.schema.json"
        };
        let output = validate(tool, schema, std::slice::from_ref(&path));
        assert!(
            !output.status.success(),
            "the schema accepts {name}:\n{text_of_file}"
        );
        assert!(text(&output).contains(says), "{}", text(&output));
    }
}

#[test]
fn init_points_every_file_at_the_schemas() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for (name, generated) in align_okr::schema::all() {
        let written = fs::read_to_string(dir.path().join("schema").join(name)).expect("written");
        assert_eq!(written, generated);
    }
    let files = toml_files(dir.path());
    assert_eq!(files.len(), 5);
    for file in &files {
        let text = fs::read_to_string(file).expect("read");
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{} starts {first:?}", file.display()));
        let schema = file.parent().expect("folder").join(target);
        let expected = if file.ends_with("align.toml") {
            "align.schema.json"
        } else {
            "strategy.schema.json"
        };
        assert!(target.ends_with(expected), "{}: {target}", file.display());
        assert!(
            schema.is_file(),
            "{} -> {}",
            file.display(),
            schema.display()
        );
    }
}

/// taplo is what Even Better TOML runs: its verdict is the editor's.
#[test]
#[cfg_attr(missing_taplo, ignore = "needs taplo on PATH")]
fn taplo_reads_the_schema_comments_of_an_init_tree() {
    let Some(taplo) = external_tool("taplo") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let taplo_check = || {
        Command::new(&taplo)
            .arg("check")
            .current_dir(dir.path())
            .env("RUST_LOG", "error")
            .output()
            .expect("taplo runs")
    };
    let good = taplo_check();
    assert!(good.status.success(), "{}", text(&good));

    let objectives = dir.path().join("objectives/2026-Q4/company.toml");
    let original = fs::read_to_string(&objectives).expect("read");
    fs::write(
        &objectives,
        original.replacen("target = 105.0", "targte = 105.0", 1),
    )
    .expect("write");
    let bad = taplo_check();
    assert!(!bad.status.success(), "taplo accepted a typo");
    assert!(
        text(&bad).contains("'targte' was unexpected"),
        "{}",
        text(&bad)
    );
}

/// The repository's own .taplo.toml maps the example trees to the schemas.
#[test]
#[cfg_attr(missing_taplo, ignore = "needs taplo on PATH")]
fn taplo_config_covers_the_examples() {
    let Some(taplo) = external_tool("taplo") else {
        return;
    };
    let output = Command::new(&taplo)
        .arg("check")
        .current_dir(manifest_dir())
        .env("RUST_LOG", "info")
        .output()
        .expect("taplo runs");
    assert!(output.status.success(), "{}", text(&output));
    let files = toml_files(&manifest_dir().join("examples")).len();
    assert!(
        text(&output).contains(&format!("found files total={files} ")),
        "{}",
        text(&output)
    );
}
