//! The manual beside the code: a README that stays short and opens with the two commands
//! a newcomer needs (the test command being the one CI runs), links in README.md and
//! docs/ that lead somewhere, docs/commands.md naming every command and flag, and
//! console examples that print what they show.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use comrak::nodes::NodeValue;
use comrak::{Anchorizer, Arena, Options, parse_document};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// GitHub's Markdown: tables and the other extensions GitHub renders.
fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options
}

/// README.md and every Markdown page under docs/, as paths from the repository root.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut folders = vec![PathBuf::from("docs")];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(root().join(&folder)).expect("docs/ exists") {
            let name = entry.expect("a folder entry").file_name();
            let path = folder.join(&name);
            if root().join(&path).is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

/// A page's link and image targets, and the anchors its headings get on GitHub.
fn links_and_anchors(text: &str) -> (Vec<String>, BTreeSet<String>) {
    let arena = Arena::new();
    let document = parse_document(&arena, text, &options());
    let mut anchorizer = Anchorizer::new();
    let (mut links, mut anchors) = (Vec::new(), BTreeSet::new());
    for node in document.descendants() {
        match &node.data().value {
            NodeValue::Link(link) | NodeValue::Image(link) => links.push(link.url.clone()),
            NodeValue::Heading(_) => {
                anchors.insert(anchorizer.anchorize(&node.collect_text()));
            }
            _ => {}
        }
    }
    (links, anchors)
}

#[test]
fn readme_fits_in_12_kib() {
    let size = fs::metadata(root().join("README.md"))
        .expect("README.md")
        .len();
    assert!(
        size < 12_288,
        "README.md is {size} bytes: the manual belongs in docs/, the README stays under 12 KiB"
    );
}

/// A newcomer on a fresh machine reads two commands first: one that builds and runs
/// align on the bundled example, one that runs the tests. CI runs that same test
/// command, so the README cannot promise a command CI does not run.
#[test]
fn readme_opens_with_the_two_commands_and_ci_runs_its_test_command() {
    let readme = read(&root().join("README.md"));
    let first_block = readme
        .split("```")
        .nth(1)
        .expect("README.md has a code block");
    let before_it = readme.split("```").next().unwrap_or_default();
    assert!(
        !before_it.contains("\n## "),
        "the two commands come before the README's first section"
    );
    let commands: Vec<&str> = first_block
        .lines()
        .skip(1)
        .map(|l| l.split(" #").next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands,
        ["cargo run -- check --root examples/acme", "cargo test"],
        "the README's first commands"
    );
    let ci = read(&root().join(".ci/run"));
    let runs: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo test"))
        .collect();
    assert_eq!(
        runs,
        [commands[1]],
        ".ci/run must run exactly the README's test command"
    );
}

/// Every relative link of the README and docs/ names a file or folder that exists, and
/// an anchor names a heading of that page as GitHub spells it.
#[test]
fn every_relative_link_leads_somewhere() {
    let pages = pages();
    let anchors: BTreeMap<PathBuf, BTreeSet<String>> = pages
        .iter()
        .map(|p| (p.clone(), links_and_anchors(&read(&root().join(p))).1))
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let (links, _) = links_and_anchors(&read(&root().join(page)));
        let folder = page.parent().unwrap_or(Path::new(""));
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match link.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                normalise(&folder.join(path))
            };
            if !root().join(&target).exists() {
                problems.push(format!(
                    "{}: `{link}`: no file {}",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor {
                match anchors.get(&target) {
                    Some(headings) if headings.contains(anchor) => {}
                    Some(headings) => problems.push(format!(
                        "{}: `{link}`: no heading `#{anchor}` in {} (it has: {})",
                        page.display(),
                        target.display(),
                        headings.iter().cloned().collect::<Vec<_>>().join(", ")
                    )),
                    None => problems.push(format!(
                        "{}: `{link}`: an anchor into {}, which is not a page of the manual",
                        page.display(),
                        target.display()
                    )),
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} relative links found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `a/b/../c` as `a/c`, so that a link out of docs/ is looked up from the root.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The README links to every page of the manual, and the manual's index too.
#[test]
fn the_readme_and_the_index_link_every_page() {
    let readme = links_and_anchors(&read(&root().join("README.md"))).0;
    let index = links_and_anchors(&read(&root().join("docs/README.md"))).0;
    for page in pages() {
        let Ok(in_docs) = page.strip_prefix("docs") else {
            continue;
        };
        if in_docs.starts_with("rules") && in_docs != Path::new("rules/README.md") {
            continue; // one page per rule: linked from rules/README.md and check.md
        }
        let from_root = page.to_string_lossy().replace('\\', "/");
        let from_docs = in_docs.to_string_lossy().replace('\\', "/");
        if from_docs != "README.md" {
            assert!(
                index
                    .iter()
                    .any(|l| l.split('#').next() == Some(&from_docs)),
                "docs/README.md does not link {from_docs}"
            );
        }
        assert!(
            readme
                .iter()
                .any(|l| l.split('#').next() == Some(&from_root)),
            "README.md does not link {from_root}"
        );
    }
}

/// docs/commands.md names every command and every long flag: a flag added to the
/// command line without a word in the manual fails here.
#[test]
fn commands_page_names_every_command_and_flag() {
    let page = read(&root().join("docs/commands.md"));
    let mut missing = Vec::new();
    let mut stack = vec![(String::from("align"), align_okr::cli::Cli::command())];
    while let Some((path, command)) = stack.pop() {
        if !page.contains(&format!("`{path}")) {
            missing.push(format!("command `{path}`"));
        }
        // Hidden flags are kept for old scripts only (`report --history`).
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long()
                && !page.contains(&format!("--{long}"))
            {
                missing.push(format!("`{path} --{long}`"));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_name() != "help" {
                stack.push((format!("{path} {}", sub.get_name()), sub.clone()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/commands.md does not mention:\n{}",
        missing.join("\n")
    );
}

/// The `console` examples of the README and docs/ say what align prints: each
/// `$ align ...` of a command that only reads runs from the repository root, and its
/// standard output must be the block's lines (trailing spaces aside), where a line
/// `...` (indented or not) stands for any number of lines. Commands that need a prepared repository or
/// write (`diff`, `cycle new`, `--write`) are shown, not run.
#[test]
fn console_examples_print_what_they_show() {
    const RUN: [&str; 9] = [
        "check",
        "report",
        "nudge",
        "codeowners",
        "tree",
        "explain",
        "graph",
        "cycle close",
        "cycle review",
    ];
    let mut problems = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let text = read(&root().join(&page));
        for block in text.split("```console\n").skip(1) {
            let block = block.split("```").next().unwrap_or_default();
            let mut lines = block.lines();
            let Some(command) = lines.next().and_then(|l| l.strip_prefix("$ align ")) else {
                continue;
            };
            let args: Vec<&str> = command.split_whitespace().collect();
            let runs = RUN.iter().any(|c| command.starts_with(&format!("{c} ")))
                && !args
                    .iter()
                    .any(|a| matches!(*a, "--write" | "--commit" | "--out"));
            if !runs {
                continue;
            }
            assert!(
                !command.contains(['"', '\'', '|', '>']),
                "{}: `{command}`: keep run examples to plain arguments",
                page.display()
            );
            ran += 1;
            let run = common::align(&args);
            let shown: Vec<&str> = lines.map(str::trim_end).collect();
            let printed: Vec<&str> = run.stdout.lines().map(str::trim_end).collect();
            if !matches_with_elisions(&shown, &printed) {
                problems.push(format!(
                    "{}: `align {command}` printed (exit {}):\n{}\n{}",
                    page.display(),
                    run.code,
                    run.stdout,
                    run.stderr
                ));
            }
        }
    }
    assert!(ran >= 5, "only {ran} console examples ran");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Whether `printed` is `shown` with each `...` line standing for zero or more lines.
fn matches_with_elisions(shown: &[&str], printed: &[&str]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((elided, rest)) if elided.trim() == "..." => {
            (0..=printed.len()).any(|skip| matches_with_elisions(rest, &printed[skip..]))
        }
        Some((line, rest)) => printed
            .split_first()
            .is_some_and(|(first, more)| first == line && matches_with_elisions(rest, more)),
    }
}
