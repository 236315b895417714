//! Hostile and broken input: every file of tests/hostile/ dropped into a clean tree,
//! with the message and exit code of `align check` in a snapshot, then the cases too
//! big to commit (a 100 MB value, a million key results, a `supports` chain 100,000
//! deep, 100,000 dependency edges), unreadable files, files that vanish while the tree
//! is read. Nothing may panic; every failure says what is wrong.
//!
//! Runs of align are independent processes: each test starts them side by side, and
//! builds a generated tree once for all the runs that read it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, TODAY, align};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of tests/fixtures/clean in a temporary folder.
fn clean_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let from = manifest().join("tests/fixtures/clean");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("walk");
        let target = dir
            .path()
            .join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
    dir
}

fn run(root: &Path, args: &[&str]) -> Run {
    let root = root.to_string_lossy();
    let mut all = vec![args[0], "--root", &root, "--today", TODAY];
    all.extend_from_slice(&args[1..]);
    align(&all)
}

/// [`run`] for each of `commands`, side by side; the runs in the order given.
fn run_each(root: &Path, commands: &[&[&str]]) -> Vec<Run> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = commands
            .iter()
            .map(|args| scope.spawn(move || run(root, args)))
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("a run of align"))
            .collect()
    })
}

/// No panic, and a failure is a message, not a backtrace.
fn sane(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{}",
        run.transcript()
    );
    assert!(
        matches!(run.code, 0..=2),
        "exit {}: {}",
        run.code,
        run.transcript()
    );
}

/// The transcript with the temporary folder's path taken out, for a snapshot.
fn stable(run: &Run, root: &Path) -> String {
    run.transcript()
        .replace(&root.to_string_lossy().into_owned(), "<tree>")
}

#[test]
fn every_committed_hostile_file() {
    let mut names: Vec<PathBuf> = fs::read_dir(manifest().join("tests/hostile"))
        .expect("tests/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    use rayon::prelude::*;
    names.par_iter().for_each(|path| {
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let tree = clean_tree();
        let target = tree
            .path()
            .join("objectives/2026-Q4")
            .join(format!("{name}.toml"));
        fs::copy(path, &target).expect("copy");
        let check = run(tree.path(), &["check"]);
        sane(&check);
        insta::assert_snapshot!(format!("check-{name}"), stable(&check, tree.path()));
        // Whatever the file, no control character reaches the terminal raw.
        assert!(
            !check.stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{name}: {}",
            check.stdout
        );
        // The other commands hold too, in every format.
        let others: [&[&str]; 8] = [
            &["report"],
            &["report", "--format", "markdown"],
            &["report", "--format", "html"],
            &["report", "--format", "json"],
            &["tree"],
            &["graph"],
            &["check", "--format", "sarif"],
            &["check", "--format", "github"],
        ];
        for (args, other) in others.iter().zip(run_each(tree.path(), &others)) {
            sane(&other);
            assert!(
                !other.stdout.contains(['\u{1b}', '\u{7}']) || args.contains(&"json"),
                "{name} {args:?}: raw control characters"
            );
        }
    });
}

/// A file of `size` bytes made of one TOML string value.
fn write_big_value(path: &Path, size: usize) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    file.write_all(b"huge = \"").expect("write");
    let chunk = vec![b'x'; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        file.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    file.write_all(b"\"\n").expect("write");
}

#[test]
fn a_100_mb_value_is_refused_by_its_size() {
    let tree = clean_tree();
    write_big_value(&tree.path().join("objectives/huge.toml"), 100 << 20);
    let check = run(tree.path(), &["check"]);
    sane(&check);
    insta::assert_snapshot!("check-100-mb-value", stable(&check, tree.path()));
}

#[test]
fn a_million_key_results_are_refused_and_a_hundred_thousand_are_counted() {
    use std::fmt::Write;
    let tree = clean_tree();
    let key_results = |n: usize| {
        let mut text = String::from(
            "[[objective]]\nid = \"many\"\ntitle = \"Shops renew\"\nteam = \"sales\"\n\
             cycle = \"2026-Q4\"\nowner = \"@dan\"\nsupports = [\"growth\"]\n",
        );
        for i in 0..n {
            let _ = write!(
                text,
                "[[objective.key_result]]\nid = \"k{i}\"\ntitle = \"t\"\ndone = false\n"
            );
        }
        text
    };
    let path = tree.path().join("objectives/many.toml");
    fs::write(&path, key_results(1_000_000)).expect("write");
    let check = run(tree.path(), &["check"]);
    sane(&check);
    insta::assert_snapshot!("check-million-key-results", stable(&check, tree.path()));

    // Under the size limit, the file loads and the focus rule counts them.
    fs::write(&path, key_results(100_000)).expect("write");
    let runs = run_each(
        tree.path(),
        &[
            &["check", "--format", "json"],
            &["report", "--format", "json"],
        ],
    );
    let (check, report) = (&runs[0], &runs[1]);
    sane(check);
    let codes = common::codes(check);
    assert_eq!(codes, ["kr-count"], "{}", check.stderr);
    sane(report);
    assert_eq!(report.code, 0, "{}", report.stderr);
}

/// A tree whose `supports` or `depends_on` links are generated, with the rules that
/// would report every objective turned off so that the output stays small.
fn generated_tree(objectives: impl Fn(&mut String, usize), count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    fs::write(
        root.join("align.toml"),
        "name = \"Deep\"\n[rules]\nobjective-limit = \"off\"\nkr-count = \"off\"\n\
         owner-overload = \"off\"\ndependency-unacknowledged = \"off\"\n",
    )
    .expect("write");
    fs::write(
        root.join("vision.toml"),
        "[vision]\nstatement = \"Customers trust us\"\n[[pillar]]\nid = \"customers\"\n\
         title = \"Customers\"\nperspective = \"customer\"\n[[pillar]]\nid = \"money\"\n\
         title = \"Money\"\nperspective = \"financial\"\n[[pillar]]\nid = \"ops\"\n\
         title = \"Operations\"\nperspective = \"process\"\n[[pillar]]\nid = \"people\"\n\
         title = \"People\"\nperspective = \"learning\"\n[[team]]\nid = \"product\"\n\
         lead = \"@lead\"\n[[team]]\nid = \"other\"\nlead = \"@other\"\n[[cycle]]\n\
         id = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n",
    )
    .expect("write");
    fs::create_dir_all(root.join("objectives")).expect("mkdir");
    // Files of 10,000 objectives each: every one stays under the size limit.
    for (file, start) in (0..count).step_by(10_000).enumerate() {
        let mut text = String::new();
        for i in start..(start + 10_000).min(count) {
            objectives(&mut text, i);
        }
        fs::write(root.join(format!("objectives/part-{file:02}.toml")), text).expect("write");
    }
    dir
}

/// Objectives `o0` .. `o{count - 1}`, each supporting the one before it, `o0` a pillar.
fn chain_tree(count: usize) -> tempfile::TempDir {
    use std::fmt::Write;
    generated_tree(
        |text, i| {
            let parent = if i == 0 {
                "customers".to_string()
            } else {
                format!("o{}", i - 1)
            };
            let _ = write!(
                text,
                "[[objective]]\nid = \"o{i}\"\ntitle = \"Customers trust us\"\nteam = \"product\"\n\
                 cycle = \"2026-Q4\"\nowner = \"@lead\"\nsupports = [\"{parent}\"]\n"
            );
        },
        count,
    )
}

#[test]
fn a_supports_chain_100_000_deep_overflows_nothing() {
    // Depth is what would overflow a stack: loading, the graph, the report's rows, the
    // tree and the graph export walk the whole chain, 100,000 deep.
    let deep = chain_tree(100_000);
    // The report's renderers read its flat rows, and the human output writes one
    // finding after another: there the length proves nothing a 20,000 chain does not.
    let long = chain_tree(20_000);
    std::thread::scope(|scope| {
        let flat = scope.spawn(|| {
            let runs = run_each(
                long.path(),
                &[
                    &["report", "--format", "html"],
                    &["report", "--format", "markdown"],
                    &["report"],
                    &["graph", "--format", "mermaid"],
                ],
            );
            for run in &runs {
                sane(run);
                assert_eq!(run.code, 0, "{}", run.stderr);
            }
            // Cut the chain at its root: every objective loses its line of sight, and the
            // human output of 20,000 findings still comes out.
            let first = long.path().join("objectives/part-00.toml");
            let text = fs::read_to_string(&first).expect("read");
            fs::write(&first, text.replacen("[\"customers\"]", "[\"nowhere\"]", 1)).expect("write");
            let check = run(long.path(), &["check"]);
            sane(&check);
            assert_eq!(check.code, 1);
            assert_eq!(check.stdout.matches("has no line of sight").count(), 20_000);
        });
        let runs = run_each(
            deep.path(),
            &[
                &["check", "--format", "json"],
                &["report", "--format", "json"],
                &["tree"],
                &["graph"],
            ],
        );
        for run in &runs {
            sane(run);
        }
        // Every objective reaches the vision: no line-of-sight finding, whatever the depth.
        assert!(!common::codes(&runs[0]).contains(&"line-of-sight".to_string()));
        let report = &runs[1];
        assert_eq!(report.code, 0, "{}", report.stderr);
        let rows = report.json()["alignment"].as_array().expect("rows").len();
        assert_eq!(rows, 1 + 4 + 100_000, "vision, pillars, every objective");
        assert!(
            runs[2].stdout.contains("o99999"),
            "the tree reaches the end"
        );
        assert!(
            runs[3].stdout.contains("o99999"),
            "the graph reaches the end"
        );
        flat.join().expect("the runs on the shorter chain");
    });
}

#[test]
fn a_100_000_edge_dependency_graph_with_a_loop() {
    use std::fmt::Write;
    // 1,000 objectives of two teams, each depending on up to 100 of the other team's
    // earlier ones; the first depends on the last, which closes loops through them all.
    let tree = generated_tree(
        |text, i| {
            let (team, owner) = if i.is_multiple_of(2) {
                ("product", "@lead")
            } else {
                ("other", "@other")
            };
            let mut needs: Vec<String> = (1..=200)
                .step_by(2)
                .filter(|d| *d <= i)
                .map(|d| format!("\"o{}\"", i - d))
                .collect();
            if i == 0 {
                needs.push("\"o999\"".into());
            }
            let _ = write!(
                text,
                "[[objective]]\nid = \"o{i}\"\ntitle = \"Customers trust us\"\nteam = \"{team}\"\n\
                 cycle = \"2026-Q4\"\nowner = \"{owner}\"\nsupports = [\"customers\"]\n\
                 depends_on = [{}]\n",
                needs.join(", ")
            );
        },
        1_000,
    );
    let runs = run_each(
        tree.path(),
        &[
            &["check", "--format", "json"],
            &["report", "--format", "json"],
            &["graph"],
            &["tree"],
        ],
    );
    runs.iter().for_each(sane);
    let check = &runs[0];
    assert_eq!(check.code, 1);
    assert!(
        common::codes(check).contains(&"dependency-loop".to_string()),
        "{}",
        check.stdout
    );
}

/// Runs `align` as an unprivileged user when the tests run as root (as in CI), so that
/// file permissions mean something; `None` where that is not possible.
#[cfg(unix)]
fn as_nobody(root: &Path) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let bin = env!("CARGO_BIN_EXE_align");
    let root_text = root.to_string_lossy().into_owned();
    let args = ["check", "--root", &root_text, "--today", TODAY];
    let mut command = if is_root() {
        let setpriv = common::external_tool("setpriv")?;
        // nobody must be able to reach the tree and the binary.
        for dir in root.ancestors() {
            if let Ok(meta) = fs::metadata(dir) {
                let mode = meta.permissions().mode();
                let _ = fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o711));
            }
        }
        let mut c = std::process::Command::new(setpriv);
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        std::process::Command::new(bin)
    };
    let output = command
        .args(args)
        .current_dir("/")
        .env("NO_COLOR", "1")
        .env_remove("ALIGN_TODAY")
        .output()
        .expect("align runs");
    Some(Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_exit_2_even_for_root() {
    use std::os::unix::fs::PermissionsExt;
    let tree = clean_tree();
    for entry in walkdir::WalkDir::new(tree.path()) {
        let entry = entry.expect("walk");
        let mode = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let secret = tree.path().join("teams.toml");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).expect("chmod");
    let Some(check) = as_nobody(tree.path()) else {
        return;
    };
    sane(&check);
    assert_eq!(check.code, 2, "{}", check.transcript());
    assert!(
        check.stderr.starts_with("error: cannot read ") && check.stderr.contains("teams.toml"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("Permission denied"),
        "{}",
        check.stderr
    );
}

#[test]
fn files_that_vanish_while_the_tree_is_read() {
    // A writer deletes and rewrites files while align reads the tree, again and again:
    // each run either sees a file or does not, and never panics or lies about it.
    let tree = clean_tree();
    let dir = tree.path().join("objectives/churn");
    fs::create_dir_all(&dir).expect("mkdir");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let dir = dir.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut round = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 0..200 {
                    let path = dir.join(format!("f{i}.toml"));
                    if round.is_multiple_of(2) {
                        let _ = fs::write(&path, "# nothing here\n");
                    } else {
                        let _ = fs::remove_file(&path);
                    }
                }
                round += 1;
            }
        })
    };
    let mut vanished = 0;
    for _ in 0..30 {
        let check = run(tree.path(), &["check", "--format", "json"]);
        sane(&check);
        if check.code == 2 {
            vanished += 1;
            assert!(
                check.stderr.starts_with("error: cannot read ") && check.stderr.contains("churn"),
                "{}",
                check.stderr
            );
        } else {
            assert_eq!(check.code, 0, "{}", check.transcript());
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().expect("the writer stops");
    // Not asserted: how often the race was won, which depends on the machine.
    eprintln!("a file vanished mid-read in {vanished} of 30 runs");
}

/// A commit author a pull request controls: terminal escapes (window title, hyperlink,
/// colour, bell), a ping, an image and a link.
const EVIL_AUTHOR: &str = "Eve \u{1b}]0;pwned\u{7} \u{1b}[31m@security-team ![x](https://evil.example/a.png) \
     \u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\";

/// A repository whose history brings tests/hostile/injections.toml, committed and
/// checked in by [`EVIL_AUTHOR`] with a hostile message. Returns it and the first
/// commit (the clean tree).
fn hostile_history() -> (common::repo::TestRepo, git2::Oid) {
    let repo = common::repo::TestRepo::new();
    repo.copy_tree(&manifest().join("tests/fixtures/clean"), "");
    let base = repo.commit("2026-10-02", "ana", "Plan the quarter");
    let injections = fs::read_to_string(manifest().join("tests/hostile/injections.toml"))
        .expect("injections.toml");
    repo.write("objectives/2026-Q4/injections.toml", &injections);
    repo.commit(
        "2026-10-05",
        EVIL_AUTHOR,
        "Add \u{1b}]0;title\u{7} objectives\n\n\u{1b}[2J",
    );
    repo.write(
        "objectives/2026-Q4/injections.toml",
        &injections.replacen("current = 15.0", "current = 16.0", 1),
    );
    repo.commit(
        "2026-10-20",
        EVIL_AUTHOR,
        "Check in \u{1b}]8;;https://evil.example\u{1b}\\",
    );
    (repo, base)
}

/// Whether `text` holds a byte that drives a terminal: ESC or BEL.
fn drives_a_terminal(text: &str) -> bool {
    text.contains(['\u{1b}', '\u{7}', '\u{9b}'])
}

/// Markup a Markdown comment would act on: HTML, images, links, pings.
fn markdown_injection(text: &str) -> Option<&'static str> {
    if text
        .match_indices("](")
        .any(|(i, _)| !text[..i].ends_with('\\'))
    {
        return Some("](");
    }
    ["<img", "<b>", "![", "@security-team", "@ana "]
        .into_iter()
        .find(|needle| text.contains(needle))
}

#[test]
fn injections_reach_no_output_raw() {
    let (repo, base) = hostile_history();
    let root = repo.path();
    let base = base.to_string();
    let in_repo = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--today", TODAY]);
        let run = common::align_in(root, &all);
        sane(&run);
        assert!(!run.stdout.is_empty(), "{args:?}: {}", run.transcript());
        run
    };
    // For a terminal: nothing that drives it.
    for args in [
        &["check"][..],
        &["report"],
        &["tree"],
        &["drift"],
        &["history", "inj"],
        &["history", "inj/a"],
        &["diff", &base, "HEAD"],
    ] {
        let run = in_repo(args);
        assert!(
            !drives_a_terminal(&run.stdout) && !drives_a_terminal(&run.stderr),
            "{args:?}: {}",
            run.stdout
        );
    }
    let drift = in_repo(&["drift"]);
    assert!(drift.stdout.contains("Eve ␛]0;pwned␇"), "{}", drift.stdout);
    // For a pull-request comment: no markup acts.
    for args in [
        &["drift", "--format", "markdown"][..],
        &["report", "--format", "markdown"],
        &["diff", &base, "HEAD", "--format", "markdown"],
    ] {
        let run = in_repo(args);
        assert_eq!(
            markdown_injection(&run.stdout),
            None,
            "{args:?}: {}",
            run.stdout
        );
        assert!(!drives_a_terminal(&run.stdout), "{args:?}");
    }
    let drift = in_repo(&["drift", "--format", "markdown"]);
    assert!(
        drift.stdout.contains("@&#8203;security-team"),
        "{}",
        drift.stdout
    );
    // For a browser: no element from the files.
    let html = in_repo(&["report", "--format", "html"]);
    assert!(!html.stdout.contains("<img") && !html.stdout.contains("<b>"));
    // Mermaid reads `%%{...}%%` directives anywhere: none may reach it.
    let mermaid = in_repo(&["graph", "--format", "mermaid"]);
    assert!(!mermaid.stdout.contains("%%"), "{}", mermaid.stdout);
    // SARIF reads `[text](target)` in a message as a link: user brackets are escaped.
    let sarif = in_repo(&["check", "--format", "sarif"]);
    let results = sarif.json()["runs"][0]["results"].clone();
    let mut texts: Vec<String> = Vec::new();
    for result in results.as_array().expect("results") {
        texts.push(result["message"]["text"].as_str().expect("text").into());
        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            if let Some(text) = related["message"]["text"].as_str() {
                texts.push(text.into());
            }
        }
    }
    assert!(
        texts.iter().any(|t| t.contains("evil.example")),
        "{texts:?}"
    );
    for text in &texts {
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if matches!(b, b'[' | b']') {
                assert!(i > 0 && bytes[i - 1] == b'\\', "unescaped bracket: {text}");
            }
        }
    }
    // GitHub reads any line that starts with `::` as a workflow command.
    let github = in_repo(&["check", "--format", "github"]);
    for line in github.stdout.lines() {
        assert!(
            !line.starts_with("::")
                || line.starts_with("::warning file=")
                || line.starts_with("::error file="),
            "{line}"
        );
    }
    // JSON carries the text as it is, escaped by JSON.
    for args in [
        &["check", "--format", "json"][..],
        &["report", "--format", "json"],
        &["drift", "--format", "json"],
    ] {
        in_repo(args).json();
    }
}

#[test]
fn a_path_in_an_error_message_stays_on_its_line() {
    // A file or folder name may hold any byte but `/` and NUL: a line break followed by
    // `::error::` would be a workflow command in a GitHub log, an escape would drive the
    // terminal.
    let dir = tempfile::tempdir().expect("tmp");
    let name = format!(
        "q4\n::error file=x::pwned\u{1b}]0;title\u{7}{}",
        "x".repeat(200)
    );
    let root = dir.path().join(&name);
    let run = align(&["check", "--root", &root.to_string_lossy()]);
    sane(&run);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: no strategy tree at "));
    assert!(!drives_a_terminal(&run.stderr), "{}", run.stderr);

    #[cfg(unix)]
    unreadable_file_named(&name);
}

/// A file of the tree that cannot be read, in a folder called `name`.
#[cfg(unix)]
fn unreadable_file_named(name: &str) {
    use std::os::unix::fs::PermissionsExt;
    let tree = clean_tree();
    let bad = tree.path().join(format!("objectives/{name}"));
    fs::create_dir_all(&bad).expect("mkdir");
    let unreadable = bad.join("x.toml");
    fs::write(&unreadable, "").expect("write");
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o000)).expect("chmod");
    if let Some(check) = as_nobody(tree.path()) {
        sane(&check);
        assert_eq!(check.code, 2, "{}", check.transcript());
        assert!(
            check.stderr.starts_with("error: cannot read ")
                && check.stderr.lines().count() == 1
                && !drives_a_terminal(&check.stderr),
            "{}",
            check.stderr
        );
    }
}

/// The `skipped-path` messages of a JSON check.
fn skipped_paths(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "skipped-path")
        .map(|f| f["message"].as_str().expect("message").to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn links_to_hidden_files_and_above_the_root_are_not_followed() {
    use std::os::unix::fs::symlink;
    let tree = clean_tree();
    let root = tree.path();
    // Secrets beside the tree, as in a repository whose root is the tree (the Action's
    // default): a .env file and git's config with a token in a remote URL.
    fs::write(root.join(".env"), "DB_PASSWORD=hunter2\n").expect("write");
    fs::create_dir_all(root.join(".git")).expect("mkdir");
    fs::write(
        root.join(".git/config"),
        "[remote \"origin\"]\n\turl = https://x:ghp_token@github.com/o/r\n",
    )
    .expect("write");
    fs::write(root.join("notes.md"), "password: hunter2\n").expect("write");
    let objectives = root.join("objectives");
    symlink("../.env", objectives.join("env.toml")).expect("symlink");
    symlink("../.git/config", objectives.join("config.toml")).expect("symlink");
    symlink("../.git", objectives.join("git")).expect("symlink");
    symlink("../notes.md", objectives.join("notes.toml")).expect("symlink");
    // Folders above the root hold the whole tree.
    symlink("../..", objectives.join("up")).expect("symlink");
    symlink("../../..", objectives.join("up2")).expect("symlink");

    let check = run(root, &["check"]);
    sane(&check);
    for secret in ["hunter2", "ghp_token"] {
        assert!(!check.stdout.contains(secret), "{}", check.stdout);
    }
    let json = run(root, &["check", "--format", "json"]);
    assert_eq!(
        skipped_paths(&json),
        [
            "objectives/config.toml is a symlink to ../.git/config, a hidden file or folder: \
             not followed",
            "objectives/env.toml is a symlink to ../.env, a hidden file or folder: not followed",
            "objectives/git is a symlink to ../.git, a hidden file or folder: not followed",
            "objectives/notes.toml is a symlink to ../notes.md, not a *.toml file: not followed",
            "objectives/up is a symlink to ../.., which is .. from the tree's root: a folder \
             that holds the whole tree, not followed",
            "objectives/up2 is a symlink to ../../.., which is ../.. from the tree's root: a \
             folder that holds the whole tree, not followed",
        ]
    );
    // No path of this machine.
    let parent = root
        .parent()
        .expect("a parent")
        .to_string_lossy()
        .into_owned();
    assert!(
        !json.stdout.contains(&format!("{parent}\"")),
        "{}",
        json.stdout
    );
    assert_eq!(json.code, 0, "{}", json.transcript());
}

#[test]
fn a_nested_tree_is_said_in_check_and_in_diff() {
    let repo = common::repo::TestRepo::new();
    repo.copy_tree(&manifest().join("tests/fixtures/clean"), "");
    let base = repo
        .commit("2026-10-02", "ana", "Plan the quarter")
        .to_string();
    // A pull request hides an objective from review in a folder with its own align.toml.
    repo.write("objectives/hidden/align.toml", "");
    repo.write(
        "objectives/hidden/objectives.toml",
        "[[objective]]\nid = \"ghost\"\ntitle = \"Not reviewed\"\n",
    );
    repo.commit("2026-10-05", "eve", "Tidy up");
    let said = "objectives/hidden holds its own align.toml: a separate tree, not read as part \
                of this one";
    let check = common::align_in(repo.path(), &["check", "--today", TODAY]);
    sane(&check);
    assert!(check.stdout.contains(said), "{}", check.stdout);
    assert!(check.stdout.contains("1 warning"), "{}", check.stdout);
    let diff = common::align_in(
        repo.path(),
        &["diff", &base, "HEAD", "--format", "json", "--today", TODAY],
    );
    sane(&diff);
    assert!(diff.stdout.contains(said), "{}", diff.stdout);
    // The table wraps the message in its cell.
    let diff = common::align_in(repo.path(), &["diff", &base, "HEAD", "--today", TODAY]);
    assert!(
        diff.stdout.contains("1 new warning")
            && diff
                .stdout
                .contains("objectives/hidden holds its own align.toml"),
        "{}",
        diff.stdout
    );
}

#[test]
fn a_cycle_that_ends_before_it_starts_has_no_days_left() {
    let tree = clean_tree();
    let cycles = tree.path().join("cycles.toml");
    let text = fs::read_to_string(&cycles).expect("read");
    fs::write(
        &cycles,
        text.replace("end = 2026-12-31", "end = 2026-09-01"),
    )
    .expect("write");
    // Today before the start, then after it.
    for today in ["2026-08-15", TODAY] {
        let report = |format: &str| {
            let root = tree.path().to_string_lossy().into_owned();
            let run = align(&[
                "report", "--root", &root, "--today", today, "--format", format,
            ]);
            sane(&run);
            run
        };
        for format in ["table", "markdown", "html"] {
            let run = report(format);
            // Before its (earlier) end it has no day left; after its end it ended and
            // is graded, as any cycle whose end has passed.
            let said = if today == TODAY {
                "ended"
            } else {
                " 0 days left"
            };
            assert!(
                run.stdout.contains(said) && !run.stdout.contains("184467"),
                "{today} {format}: {}",
                run.stdout
            );
        }
        let json = report("json").json();
        assert_eq!(json["cycle"]["days"], 0, "{today}");
        assert_eq!(json["cycle"]["days_left"], 0, "{today}");
    }
}

#[test]
fn a_team_parent_chain_10_000_deep_reports_in_linear_time() {
    use std::fmt::Write;
    const TEAMS: usize = 10_000;
    let tree = generated_tree(|_, _| {}, 0);
    let mut teams = String::new();
    for i in 0..TEAMS {
        let _ = write!(teams, "[[team]]\nid = \"t{i}\"\nlead = \"@lead\"\n");
        if i > 0 {
            let _ = writeln!(teams, "parent = \"t{}\"", i - 1);
        }
    }
    fs::write(tree.path().join("teams.toml"), teams).expect("write");
    fs::write(
        tree.path().join("align.toml"),
        "name = \"Deep\"\n[rules]\nteam-without-objectives = \"off\"\n",
    )
    .expect("write");
    fs::write(
        tree.path().join("objectives/deepest.toml"),
        format!(
            "[[objective]]\nid = \"o\"\ntitle = \"Customers trust us\"\nteam = \"t{}\"\n\
             cycle = \"2026-Q4\"\nowner = \"@lead\"\nsupports = [\"customers\"]\n\
             [[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\nbaseline = 0.0\n\
             target = 10.0\ncurrent = 5.0\n[[objective.key_result]]\nid = \"j\"\n\
             title = \"j\"\ndone = true\n",
            TEAMS - 1
        ),
    )
    .expect("write");
    let timed = |args: &[&str]| {
        let start = std::time::Instant::now();
        let run = run(tree.path(), args);
        sane(&run);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        (run, start.elapsed())
    };
    let (_, check) = timed(&["check", "--format", "json"]);
    let (report, took) = timed(&["report", "--format", "json"]);
    // Reading the tree dominates both; a report quadratic in the depth took 15 times
    // as long as the check at this depth (and a minute at 100,000 teams).
    assert!(
        took < check * 4 + std::time::Duration::from_secs(2),
        "report {took:?}, check {check:?}"
    );
    let teams = report.json()["teams"].as_array().expect("teams").clone();
    assert_eq!(teams.len(), TEAMS, "every team above the objective");
    for team in [&teams[0], &teams[TEAMS - 1]] {
        assert_eq!(team["rollup"]["objectives"], 1, "{team}");
        assert_eq!(team["rollup"]["progress"], 0.75, "{team}");
    }
    assert_eq!(teams[TEAMS - 1]["depth"], TEAMS - 1);
}

#[test]
fn a_long_title_makes_short_output_in_every_format_for_people() {
    // 300,000 characters on one line; the limit would allow 10 MB.
    let tree = clean_tree();
    // The SARIF log carries every rule's documentation (about 170 kB) whatever the
    // tree: what the title adds is measured above that.
    let rules = run(tree.path(), &["check", "--format", "sarif"])
        .stdout
        .len();
    let title = "word ".repeat(60_000);
    fs::write(
        tree.path().join("objectives/2026-Q4/long.toml"),
        format!(
            "[[objective]]\nid = \"long\"\ntitle = \"{title}\"\nteam = \"sales\"\n\
             cycle = \"2026-Q4\"\nowner = \"@dan\"\nsupports = [\"growth\"]\n\n\
             [[objective.key_result]]\nid = \"k\"\ntitle = \"{title}\"\nbaseline = 0.0\n\
             target = 10.0\ncurrent = 5.0\n"
        ),
    )
    .expect("write");
    for args in [
        &["check"][..],
        &["check", "--format", "github"],
        &["check", "--format", "sarif"],
        &["report"],
        &["report", "--format", "markdown"],
        &["report", "--format", "html"],
        &["tree"],
        &["graph"],
        &["graph", "--format", "mermaid"],
    ] {
        let run = run(tree.path(), args);
        sane(&run);
        // The fixture's own output is a few kilobytes; the title may add a few more.
        let base = if args.contains(&"sarif") { rules } else { 0 };
        assert!(
            run.stdout.len() < base + 100_000,
            "{args:?}: {} bytes",
            run.stdout.len()
        );
        // Where titles are shown (findings quote a snippet instead), the cut is said.
        if !args.contains(&"check") {
            assert!(
                run.stdout.contains("more characters)"),
                "{args:?}: the cut is said"
            );
        }
    }
}
