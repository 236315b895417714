//! The command line end to end: the example, global flags, init, explain,
//! settings, and bad input that must give a clear message and the right exit code.

mod common;

use std::fs;
use std::path::Path;

use common::{TODAY, align, align_in, codes};

fn write(root: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = root.join(name);
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
    fs::write(path, text).expect("write file");
}

/// A small valid tree in a temp dir, to break in one way per test.
fn valid_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    dir
}

fn check(root: &Path, extra: &[&str]) -> common::Run {
    let root = root.to_string_lossy();
    let mut args = vec!["check", "--root", &root, "--today", TODAY];
    args.extend_from_slice(extra);
    align(&args)
}

#[test]
fn acme_example_is_clean() {
    let run = align(&["check", "--root", "examples/acme", "--today", TODAY]);
    insta::assert_snapshot!(run.transcript());
    let json = align(&[
        "check",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "json",
        "--deny",
        "warnings",
    ]);
    assert_eq!(json.code, 0);
    assert_eq!(codes(&json), Vec::<String>::new());
    let summary = &json.json()["summary"];
    assert!(summary["objectives"].as_u64() >= Some(20));
    assert!(summary["files"].as_u64() >= Some(10));
}

#[test]
fn init_scaffolds_a_tree_that_passes_and_refuses_to_overwrite() {
    let dir = valid_tree();
    let run = check(dir.path(), &["--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.ends_with("0 errors, 0 warnings, 0 infos\n"),
        "{}",
        run.stdout
    );
    assert!(dir.path().join("objectives/2026-Q4/company.toml").is_file());

    let again = align(&["init", &dir.path().to_string_lossy()]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("init never overwrites"),
        "{}",
        again.stderr
    );
}

#[test]
fn init_dates_the_cycle_to_the_current_quarter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("new");
    let run = align(&["init", &root.to_string_lossy(), "--today", "2027-02-10"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let cycles = fs::read_to_string(root.join("cycles.toml")).expect("cycles.toml");
    assert!(
        cycles.contains("id = \"2027-Q1\"\nstart = 2027-01-01\nend = 2027-03-31"),
        "{cycles}"
    );
    let run = align(&[
        "check",
        "--root",
        &root.to_string_lossy(),
        "--today",
        "2027-02-10",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn today_is_global_and_read_from_the_environment() {
    let dir = valid_tree();
    let root = dir.path().to_string_lossy().into_owned();
    // After the subcommand, before it, and from ALIGN_TODAY: all the same result.
    let after = align(&[
        "check",
        "--root",
        &root,
        "--today",
        "2030-01-01",
        "--format",
        "json",
    ]);
    let before = align(&[
        "--today",
        "2030-01-01",
        "--root",
        &root,
        "check",
        "--format",
        "json",
    ]);
    // In 2030 the tree's cycles have long ended without grades.
    assert_eq!(codes(&after), ["cycle-ungraded", "no-current-cycle"]);
    assert_eq!(after.stdout, before.stdout);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_align"))
        .args(["check", "--root", &root, "--format", "json"])
        .env("ALIGN_TODAY", "2030-01-01")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), after.stdout);

    let bad = align(&["check", "--root", &root, "--today", "2026-02-30"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("expected a date like 2026-11-15"),
        "{}",
        bad.stderr
    );
}

#[test]
fn root_is_found_by_walking_up() {
    let dir = valid_tree();
    let run = align_in(
        &dir.path().join("objectives/2026-Q4"),
        &["check", "--today", TODAY],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with("5 files, 3 objectives"),
        "{}",
        run.stdout
    );
}

#[test]
fn no_tree_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: no strategy tree found: no align.toml in"),
        "{}",
        run.stderr
    );

    let missing = align(&["check", "--root", "tests/no-such-tree"]);
    assert_eq!(missing.code, 2);
    insta::assert_snapshot!(missing.transcript().replace("os error 2", "os error N"));

    let no_settings = align(&["check", "--root", "src"]);
    assert_eq!(no_settings.code, 2);
    assert!(
        no_settings
            .stderr
            .contains("it has no align.toml (run `align init src`"),
        "{}",
        no_settings.stderr
    );
}

#[test]
fn bad_flags_are_exit_2() {
    assert_eq!(align(&["check", "--format", "xml"]).code, 2);
    assert_eq!(align(&["frobnicate"]).code, 2);
    let explain = align(&["explain", "line-of-sigth"]);
    assert_eq!(explain.code, 2);
    assert!(
        explain.stderr.contains("did you mean `line-of-sight`?"),
        "{}",
        explain.stderr
    );
}

#[test]
fn an_empty_tree_has_no_vision() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "align.toml", "");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes(&run), ["missing-vision", "no-current-cycle"]);
}

#[test]
fn a_file_that_is_not_utf8_is_a_finding() {
    let dir = valid_tree();
    write(
        dir.path(),
        "objectives/latin1.toml",
        b"[[objective]]\nid = \"caf\xe9\"\n",
    );
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("objectives/latin1.toml: file is not UTF-8 text (invalid byte at offset 23)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_binary_file_named_toml_is_a_finding() {
    let dir = valid_tree();
    write(
        dir.path(),
        "logo.toml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let finding = &run.json()["findings"][0];
    assert_eq!(finding["code"], "invalid-file");
    assert_eq!(finding["file"], "logo.toml");
    assert_eq!(
        finding["message"],
        "file is binary, not TOML text (NUL byte at offset 8)"
    );
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let dir = valid_tree();
    let file = fs::File::create(dir.path().join("huge.toml")).expect("create");
    file.set_len(50 * 1024 * 1024).expect("sparse 50 MB file");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("huge.toml: file is 50.0 MiB, over the 10 MiB limit"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_tree_and_loops_are_not_followed() {
    let dir = valid_tree();
    let outside = tempfile::tempdir().expect("temp dir");
    write(outside.path(), "secret.toml", "[[objective]]\nid = \"x\"\n");
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        dir.path().join("linked.toml"),
    )
    .expect("symlink");
    fs::create_dir(dir.path().join("loop")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("loop/back")).expect("symlink");
    // A link to a file inside the tree is read once, not twice.
    std::os::unix::fs::symlink("vision.toml", dir.path().join("again.toml")).expect("symlink");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let messages: Vec<String> = run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f["code"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("skipped-path: linked.toml is a symlink to "),
        "{messages:?}"
    );
    assert!(
        messages[0].ends_with("secret.toml, outside the tree: not followed"),
        "{messages:?}"
    );
    assert_eq!(
        messages[1],
        "skipped-path: loop/back is a symlink loop back to .: not followed"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = valid_tree();
    let path = dir.path().join("teams.toml");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        return; // running as root: permissions do not stop reads
    }
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read") && run.stderr.contains("teams.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_duplicate_id_across_two_files_points_at_both() {
    let dir = valid_tree();
    write(
        dir.path(),
        "more-teams.toml",
        "[[team]]\nid = \"product\"\nname = \"Product again\"\nlead = \"@ceo\"\n",
    );
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn an_unknown_key_suggests_the_right_one() {
    let dir = valid_tree();
    let path = dir.path().join("objectives/2026-Q4/company.toml");
    let text =
        fs::read_to_string(&path)
            .expect("read")
            .replacen("target = 105.0", "targte = 105.0", 1);
    fs::write(&path, text).expect("write");
    write(dir.path(), "cycles-broken.toml", "[[cycle]\nid = \"x\"\n");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1);
    // Both files' errors are reported, not only the first.
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn rule_severities_come_from_align_toml() {
    let dir = valid_tree();
    let path = dir.path().join("objectives/2026-Q4/company.toml");
    let text = fs::read_to_string(&path)
        .expect("read")
        .replace("unit = \"days\"\n", "");
    fs::write(&path, text).expect("write");
    assert_eq!(
        check(dir.path(), &[]).code,
        0,
        "kr-missing-unit is a warning"
    );
    assert_eq!(check(dir.path(), &["--deny", "warnings"]).code, 1);

    let settings = dir.path().join("align.toml");
    let base = fs::read_to_string(&settings).expect("read");
    fs::write(
        &settings,
        base.replace("[rules]\n", "[rules]\nkr-missing-unit = \"error\"\n"),
    )
    .expect("write");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["findings"][0]["severity"], "error");

    fs::write(
        &settings,
        base.replace("[rules]\n", "[rules]\nkr-missing-unit = \"off\"\n"),
    )
    .expect("write");
    let run = check(dir.path(), &["--deny", "warnings", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(codes(&run), Vec::<String>::new());

    // Load errors cannot be switched off: a broken file would hide the rest.
    fs::write(
        &settings,
        base.replace("[rules]\n", "[rules]\ntoml-syntax = \"off\"\n"),
    )
    .expect("write");
    write(dir.path(), "broken.toml", "[[objective]\n");
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    // The unit is still missing: rules about one entity run even when a file fails.
    assert_eq!(
        codes(&run),
        ["invalid-value", "kr-missing-unit", "toml-syntax"]
    );
    assert_eq!(
        run.json()["findings"][0]["message"],
        "the severity of `toml-syntax` cannot be changed"
    );
}

#[test]
fn explain_lists_and_explains_every_rule() {
    let list = align(&["explain"]);
    assert_eq!(list.code, 0);
    for code in align_okr::codes::Code::all() {
        assert!(
            list.stdout.contains(code.name()),
            "{code} missing from the list"
        );
        let text = code.explain();
        assert!(
            text.starts_with(&format!("{code}: ")),
            "explain text of {code} starts with its code"
        );
        assert!(
            text.contains(&format!(
                "Default severity: {}",
                code.default_severity().name()
            )),
            "{code}"
        );
    }
    let one = align(&["explain", "line-of-sight"]);
    assert_eq!(one.code, 0);
    assert!(one.stdout.starts_with("line-of-sight: "));
}

/// The manual's page on checks names every rule (and links its page, which
/// tests/docs.rs follows).
#[test]
fn docs_document_every_rule() {
    let page = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/check.md"))
        .expect("docs/check.md");
    for code in align_okr::codes::Code::all() {
        assert!(
            page.contains(&format!("[`{code}`](rules/{code}.md)")),
            "docs/check.md does not mention `{code}` with a link to its page"
        );
    }
}

#[test]
fn output_is_deterministic() {
    let first = align(&[
        "check",
        "--root",
        "tests/fixtures/duplicate-id",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    for _ in 0..3 {
        let again = align(&[
            "check",
            "--root",
            "tests/fixtures/duplicate-id",
            "--today",
            TODAY,
            "--format",
            "json",
        ]);
        assert_eq!(first.stdout, again.stdout);
    }
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = valid_tree();
    // A raw escape in a file that does not parse: the snippet shows the line.
    write(dir.path(), "broken.toml", "# \u{1b}[31mred\u{7} = = =\n");
    // An escape written the TOML way, in a value that a message quotes.
    write(
        dir.path(),
        "odd.toml",
        "[[team]]\nid = \"odd\"\nparent = \"\\u001b]8;;http://evil\\u0007x\"\n",
    );
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        !run.stdout.contains(['\u{1b}', '\u{7}']),
        "raw control characters:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("␛[31mred␇"), "{}", run.stdout);
    // The label still points at the right place after the pictures were put in.
    assert!(run.stdout.contains("broken.toml:1:3]"), "{}", run.stdout);

    // Without the broken file, the cross-file rules quote the odd parent.
    fs::remove_file(dir.path().join("broken.toml")).expect("rm");
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(!run.stdout.contains(['\u{1b}', '\u{7}']), "{}", run.stdout);
    assert!(run.stdout.contains("␛]8;;http://evil␇x"), "{}", run.stdout);
}
