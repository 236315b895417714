//! Living in a shell: completion scripts that their shells load and that complete,
//! a man page that groff renders without a warning, and help with examples on every
//! command and flag.

mod common;

use std::fs;
use std::process::Command;

use clap::CommandFactory;
use common::{align, external_tool};

fn subcommands() -> Vec<String> {
    align_okr::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn every_subcommand_is_listed() {
    // Guards the other tests: they loop over this list.
    let names = subcommands();
    for name in ["check", "graph", "tree", "schema", "completions", "man"] {
        assert!(names.iter().any(|n| n == name), "{names:?}");
    }
}

fn script(shell: &str) -> tempfile::NamedTempFile {
    let run = align(&["completions", shell]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.is_empty());
    for name in subcommands() {
        assert!(run.stdout.contains(&name), "{shell}: no {name}");
    }
    let file = tempfile::NamedTempFile::new().expect("temp file");
    fs::write(file.path(), &run.stdout).expect("write");
    file
}

fn output(command: &mut Command) -> (bool, String) {
    let out = command.output().expect("the shell runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
#[cfg_attr(missing_bash, ignore = "needs bash on PATH")]
fn bash_completes_commands_and_formats() {
    let Some(bash) = external_tool("bash") else {
        return;
    };
    let file = script("bash");
    let complete = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _align align \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.path().display(),
            words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            words.len() - 1
        );
        let (ok, text) = output(Command::new(&bash).args(["-c", &program]));
        assert!(ok, "{text}");
        text
    };
    assert_eq!(complete("align gr"), "graph\n");
    assert_eq!(complete("align check --format s"), "sarif\n");
    let formats = complete("align graph --format ");
    assert_eq!(formats, "dot\nmermaid\njson\n");
}

#[test]
fn zsh_and_fish_load_their_scripts() {
    if let Some(zsh) = external_tool("zsh") {
        let file = script("zsh");
        let (ok, text) = output(Command::new(&zsh).arg("-n").arg(file.path()));
        assert!(ok, "{text}");
    }
    if let Some(fish) = external_tool("fish") {
        let file = script("fish");
        let program = format!("source '{}'; complete -C 'align gr'", file.path().display());
        let (ok, text) = output(Command::new(&fish).args(["--no-config", "-c", &program]));
        assert!(ok, "{text}");
        assert!(text.starts_with("graph\t"), "{text}");
    }
    let powershell = script("powershell");
    let text = fs::read_to_string(powershell.path()).expect("read");
    assert!(text.contains("Register-ArgumentCompleter -Native -CommandName 'align'"));
}

#[test]
fn an_unknown_shell_is_exit_2() {
    let run = align(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("invalid value 'tcsh'"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_man_page_renders_without_warnings() {
    let page = align(&["man"]);
    assert_eq!(page.code, 0, "{}", page.transcript());
    assert!(
        page.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        page.stdout
    );
    assert!(page.stdout.contains(".TH align 1"), "{}", page.stdout);
    for name in subcommands() {
        assert!(
            page.stdout.contains(&format!("align\\-{name}(1)")),
            "{name}"
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = align(&["man", "--out", &dir.path().to_string_lossy()]);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let mut pages: Vec<String> = fs::read_dir(dir.path())
        .expect("written")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    // A page per command and per nested command (`align cycle close`).
    let mut expected: Vec<String> = Vec::new();
    for command in align_okr::cli::Cli::command().get_subcommands() {
        expected.push(format!("align-{}.1", command.get_name()));
        for nested in command.get_subcommands() {
            expected.push(format!(
                "align-{}-{}.1",
                command.get_name(),
                nested.get_name()
            ));
        }
    }
    expected.push("align.1".into());
    expected.sort();
    assert_eq!(pages, expected);

    let Some(groff) = external_tool("groff") else {
        return;
    };
    for page in &expected {
        let (ok, text) = output(
            Command::new(&groff)
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .arg(dir.path().join(page)),
        );
        assert!(ok && text.is_empty(), "{page}: {text}");
    }
    let check = fs::read_to_string(dir.path().join("align-check.1")).expect("read");
    assert!(check.contains("Examples:"), "{check}");
    assert!(check.contains("sarif"), "{check}");
}

#[test]
fn every_command_and_flag_has_help_and_examples() {
    let mut command = align_okr::cli::Cli::command();
    command.build();
    let mut missing = Vec::new();
    let mut commands = vec![command.clone()];
    // clap's own `help` subcommand has no examples to give.
    commands.extend(
        command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .cloned(),
    );
    for cmd in &commands {
        let name = cmd.get_name();
        if cmd.get_about().is_none() {
            missing.push(format!("{name}: about"));
        }
        let after = cmd
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        let example = if name == "align" {
            "Examples:\n  align ".to_string()
        } else {
            format!("Examples:\n  align {name}")
        };
        if !after.starts_with(&example) {
            missing.push(format!("{name}: examples"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" && arg.get_help().is_none() {
                missing.push(format!("{name} {id}: help"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
    // And `--help` shows them.
    for name in subcommands() {
        let run = align(&[&name, "--help"]);
        assert_eq!(run.code, 0, "{name}");
        assert!(
            run.stdout.contains("Examples:\n  align "),
            "{name}: {}",
            run.stdout
        );
    }
}
