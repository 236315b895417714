//! The conventions of a command-line tool: `--version` with the commit, `--quiet`,
//! `-v`, `NO_COLOR` and `CLICOLOR_FORCE`, data on stdout and errors on stderr, and the
//! same format names across commands.

mod common;

use std::process::Command;

use common::{TODAY, align};

/// Runs align with the given environment variables, none inherited that matter here.
fn align_env(args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_align"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ALIGN_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_GRAPHICS");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("align runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const FIXTURE: &str = "tests/fixtures/line-of-sight";

#[test]
fn version_names_the_commit_when_built_from_git() {
    let run = align(&["--version"]);
    assert_eq!(run.code, 0);
    let version = env!("CARGO_PKG_VERSION");
    let line = run.stdout.trim_end();
    let from_git = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match from_git {
        // The binary may lag HEAD by the commit being made; its shape is what counts.
        Some(commit) => {
            let rest = line
                .strip_prefix(&format!("align {version} ("))
                .and_then(|r| r.strip_suffix(')'))
                .unwrap_or_else(|| panic!("{line:?}"));
            assert_eq!(rest.len(), commit.len(), "{line:?} vs {commit}");
            assert!(rest.chars().all(|c| c.is_ascii_hexdigit()), "{line:?}");
        }
        None => assert_eq!(line, format!("align {version}")),
    }
}

#[test]
fn quiet_keeps_the_findings_and_drops_the_summary() {
    let loud = align(&["check", "--root", FIXTURE, "--today", TODAY]);
    let quiet = align(&["check", "--root", FIXTURE, "--today", TODAY, "--quiet"]);
    assert_eq!(quiet.code, loud.code);
    assert_eq!(quiet.code, 1);
    let summary = "6 files, 4 objectives, 8 key results: 1 error, 0 warnings, 0 infos\n";
    assert!(loud.stdout.ends_with(summary), "{}", loud.stdout);
    assert_eq!(quiet.stdout, loud.stdout.replace(summary, ""));
    assert!(
        quiet.stdout.contains("has no line of sight"),
        "{}",
        quiet.stdout
    );
    // A clean tree says nothing at all.
    let clean = align(&[
        "-q",
        "check",
        "--root",
        "tests/fixtures/clean",
        "--today",
        TODAY,
    ]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
    let github = align(&[
        "check", "--root", FIXTURE, "--today", TODAY, "--format", "github", "-q",
    ]);
    assert_eq!(github.stdout.lines().count(), 1, "{}", github.stdout);
    assert!(github.stdout.starts_with("::error "), "{}", github.stdout);
}

#[test]
fn verbose_says_what_was_loaded_on_stderr() {
    let plain = align(&[
        "check", "--root", FIXTURE, "--today", TODAY, "--format", "json",
    ]);
    let verbose = align(&[
        "check", "--root", FIXTURE, "--today", TODAY, "--format", "json", "-v",
    ]);
    // The data is the same; the detail is on stderr only.
    assert_eq!(verbose.stdout, plain.stdout);
    assert!(plain.stderr.is_empty(), "{}", plain.stderr);
    let lines: Vec<&str> = verbose.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", verbose.stderr);
    assert_eq!(lines[0], format!("align: tree root: {FIXTURE}"));
    assert!(
        lines[1].starts_with("align: loaded 6 files ("),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(" ms"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("align: ran the rules in "),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(" ms: 1 finding"), "{}", lines[2]);
    // -vv lists every file.
    let more = align(&["check", "--root", FIXTURE, "--today", TODAY, "-vv"]);
    assert!(
        more.stderr.contains("align:   vision.toml\n"),
        "{}",
        more.stderr
    );
    assert!(
        more.stderr
            .contains("align:   objectives/2026-Q4/sales.toml\n"),
        "{}",
        more.stderr
    );
    // They contradict each other.
    let both = align(&["check", "--root", FIXTURE, "-q", "-v"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    assert!(both.stdout.is_empty());
}

#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let args = ["check", "--root", FIXTURE, "--today", TODAY];
    let escape = "\u{1b}[";
    // Not a terminal: no colour by default.
    let piped = align_env(&args, &[]);
    assert!(!piped.stdout.contains(escape), "{}", piped.stdout);
    // CLICOLOR_FORCE forces it, even into a pipe.
    let forced = align_env(&args, &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stdout.contains(escape), "{}", forced.stdout);
    // "0" does not force.
    let zero = align_env(&args, &[("CLICOLOR_FORCE", "0")]);
    assert!(!zero.stdout.contains(escape));
    // NO_COLOR wins over CLICOLOR_FORCE, as it does for clap's --help.
    let both = align_env(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!both.stdout.contains(escape), "{}", both.stdout);
    assert_eq!(both.stdout, piped.stdout);
    let help = align_env(&["--help"], &[("CLICOLOR_FORCE", "1")]);
    assert!(help.stdout.contains(escape));
    let help = align_env(&["--help"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!help.stdout.contains(escape));
}

#[test]
fn errors_go_to_stderr_and_data_to_stdout() {
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--root", "tests/no-such-tree"],
        &["explain", "no-such-rule"],
        &["frobnicate"],
    ] {
        let run = align(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn format_names_mean_the_same_everywhere() {
    // `table` and `human` are one format wherever a command has it.
    let human = align(&[
        "check", "--root", FIXTURE, "--today", TODAY, "--format", "human",
    ]);
    let table = align(&[
        "check", "--root", FIXTURE, "--today", TODAY, "--format", "table",
    ]);
    assert_eq!(human.stdout, table.stdout);
    let report = |format: &str| {
        align(&[
            "report",
            "--root",
            "examples/acme",
            "--today",
            TODAY,
            "--format",
            format,
        ])
    };
    assert_eq!(report("human").stdout, report("table").stdout);
    // `json` everywhere there is a --format.
    for args in [
        &["check", "--root", FIXTURE][..],
        &["report", "--root", "examples/acme"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--today", TODAY, "--format", "json"]);
        let run = align(&args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        run.json();
    }
}
