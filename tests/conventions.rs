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
    let help = align_env(&["--help"], &[("CLICOLOR_FORCE", "0")]);
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

#[test]
fn verbose_reaches_report_and_diff() {
    // The files only: this repository's own history is no fixture.
    let report = align(&[
        "report",
        "--no-history",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "json",
        "-v",
    ]);
    assert_eq!(report.code, 0, "{}", report.transcript());
    let lines: Vec<&str> = report.stderr.lines().collect();
    assert_eq!(
        lines[0], "align: tree root: examples/acme",
        "{}",
        report.stderr
    );
    assert!(
        lines[1].starts_with("align: loaded ") && lines[1].contains(" from the work tree in "),
        "{}",
        report.stderr
    );
    assert!(
        lines[2].starts_with("align: reporting on cycle 2026-Q4 as of 2026-11-15: "),
        "{}",
        report.stderr
    );
    // The data does not change with -v.
    let quiet = align(&[
        "report",
        "--no-history",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(quiet.stdout, report.stdout);
    assert_eq!(quiet.stderr, "");

    let repo = common::strategy::base_repo();
    let diff = common::strategy::align(repo.path(), &["diff", "main", "--today", TODAY, "-v"]);
    assert_eq!(diff.code, 0, "{}", diff.transcript());
    let lines: Vec<&str> = diff.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", diff.stderr);
    assert!(
        lines[0].starts_with("align: tree root: "),
        "{}",
        diff.stderr
    );
    assert!(
        lines[1].starts_with("align: loaded 7 files (") && lines[1].contains(" from main ("),
        "{}",
        diff.stderr
    );
    assert!(
        lines[2].starts_with("align: loaded 7 files (")
            && lines[2].contains(" from the work tree in "),
        "{}",
        diff.stderr
    );
}

/// Every command that draws for a terminal, with arguments that succeed.
const DRAWN: [&[&str]; 4] = [
    &["check", "--root", FIXTURE, "--today", TODAY],
    &["report", "--root", "examples/acme", "--today", TODAY],
    &["tree", "--root", "examples/acme", "--today", TODAY],
    &["--help"],
];

#[test]
fn color_flag_decides_over_the_environment() {
    let escape = "\u{1b}[";
    for args in DRAWN {
        let always = align_env(&[args, &["--color", "always"]].concat(), &[]);
        assert!(
            always.stdout.contains(escape),
            "{args:?}: {}",
            always.stdout
        );
        let never = align_env(
            &[args, &["--color=never"]].concat(),
            &[("CLICOLOR_FORCE", "1")],
        );
        assert!(!never.stdout.contains(escape), "{args:?}: {}", never.stdout);
        let plain = align_env(args, &[]);
        assert_eq!(never.stdout, plain.stdout, "{args:?}");
        // --color before the command, as a global flag, and CLICOLOR=0.
        let off = align_env(args, &[("CLICOLOR", "0")]);
        assert!(!off.stdout.contains(escape), "{args:?}");
    }
    // A file written with --out is plain unless colour is forced.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.txt");
    let file_arg = file.to_str().expect("UTF-8 path");
    let run = align_env(
        &[DRAWN[1], &["--out", file_arg]].concat(),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(&file).expect("the report was written");
    assert!(!written.contains(escape));
    assert_eq!(written, align_env(DRAWN[1], &[]).stdout);
    let bad = align(&["check", "--color", "sometimes"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("possible values: auto, always, never"),
        "{}",
        bad.stderr
    );
}

/// Runs align in a pseudo-terminal (util-linux `script`) 120 columns wide, so that
/// `auto` sees a terminal; `None` where `script` is missing.
fn in_terminal(args: &[&str], term: &str) -> Option<String> {
    in_terminal_of(120, args, term)
}

fn in_terminal_of(columns: u16, args: &[&str], term: &str) -> Option<String> {
    let script = common::external_tool("script")?;
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_align"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let command = format!("stty cols {columns} rows 50; {}", quoted.join(" "));
    let output = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", term)
        .env_remove("ALIGN_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_GRAPHICS")
        .env_remove("CI")
        .output()
        .expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
#[cfg_attr(missing_script, ignore = "needs `script` (util-linux) on PATH")]
fn a_dumb_terminal_gets_plain_output() {
    let escape = "\u{1b}[";
    for args in DRAWN {
        let Some(colour) = in_terminal(args, "xterm-256color") else {
            return;
        };
        assert!(colour.contains(escape), "{args:?}: {colour}");
        let dumb = in_terminal(args, "dumb").expect("script ran before");
        assert!(!dumb.contains(escape), "{args:?}: {dumb}");
        let never = in_terminal(&[args, &["--color", "never"]].concat(), "xterm-256color")
            .expect("script ran before");
        assert!(!never.contains(escape), "{args:?}: {never}");
    }
}

#[test]
fn every_table_accepts_human_and_every_document_out() {
    let repo = common::strategy::base_repo();
    let item = "eng-calm-releases";
    for args in [
        &["history", item][..],
        &["drift"],
        &["diff", "main"],
        &["report"],
        &["check"],
    ] {
        let run = |extra: &[&str]| {
            common::strategy::align(repo.path(), &[args, &["--today", TODAY], extra].concat())
        };
        let table = run(&["--format", "table"]);
        let human = run(&["--format", "human"]);
        assert!(table.code < 2, "{args:?}: {}", table.transcript());
        assert_eq!(table.stdout, human.stdout, "{args:?}");
        assert!(!table.stdout.is_empty(), "{args:?}");
        // --out FILE writes what standard output would have shown.
        let file = repo.join(".git/out.txt");
        let out = run(&["--format", "human", "--out", file.to_str().expect("UTF-8")]);
        assert_eq!(out.code, table.code, "{args:?}: {}", out.transcript());
        assert_eq!(out.stdout, "", "{args:?}");
        let written = std::fs::read_to_string(&file).expect("written");
        assert_eq!(written, table.stdout, "{args:?}");
        // Never over a file of the tree, nor as a new .toml file in it.
        let settings = std::fs::read(repo.join("align.toml")).expect("read");
        for into in ["align.toml", "objectives/new.toml"] {
            let path = repo.join(into);
            let refused = run(&["--out", path.to_str().expect("UTF-8")]);
            assert_eq!(refused.code, 2, "{args:?}: {}", refused.transcript());
            assert!(
                refused.stderr.contains("write it outside the tree"),
                "{args:?}: {}",
                refused.stderr
            );
        }
        assert_eq!(
            std::fs::read(repo.join("align.toml")).expect("read"),
            settings
        );
        assert!(!repo.join("objectives/new.toml").exists());
    }
}

#[test]
#[cfg_attr(missing_script, ignore = "needs `script` (util-linux) on PATH")]
fn diagnostics_take_the_terminal_width() {
    let args = [
        "check", "--root", FIXTURE, "--today", TODAY, "--color", "never",
    ];
    // The diagnostics, not the summary line (which is never wrapped); `script` ends
    // lines with \r\n.
    let widest = |text: &str| {
        text.lines()
            .filter(|l| !l.contains(" files, "))
            .map(|l| l.trim_end_matches('\r').chars().count())
            .max()
            .unwrap_or(0)
    };
    let Some(narrow) = in_terminal_of(60, &args, "xterm") else {
        return;
    };
    let wide = in_terminal_of(160, &args, "xterm").expect("script ran before");
    assert!(widest(&narrow) <= 60, "{narrow}");
    // The message of line-of-sight is one line of 70 characters: wrapped at 60 only.
    assert!(widest(&wide) > 60, "{wide}");
    assert!(
        narrow.lines().count() > wide.lines().count(),
        "{narrow}\n{wide}"
    );
}
