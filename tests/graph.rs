//! `align graph` (DOT, Mermaid, JSON) and `align tree`: snapshots on the example and
//! the fixtures, scopes, bad scopes, hostile text, and every DOT file accepted by
//! Graphviz's own `dot` (an external tool that .ci/run installs).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{TODAY, align, external_tool};

const ACME: &str = "examples/acme";

fn fixture_roots() -> Vec<String> {
    common::fixture_names()
        .into_iter()
        .map(|n| format!("tests/fixtures/{n}"))
        .collect()
}

fn graph(root: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["graph", "--root", root, "--today", TODAY];
    args.extend_from_slice(extra);
    align(&args)
}

fn tree(root: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["tree", "--root", root, "--today", TODAY];
    args.extend_from_slice(extra);
    align(&args)
}

/// A tree whose titles and ids carry what DOT, Mermaid, HTML and terminals read as
/// syntax.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let path = dir.path().join("objectives/2026-Q4/hostile.toml");
    fs::write(
        path,
        r#"[[objective]]
id = "evil\"]; n0 --> x; %%"
title = "Say \"hi\" \\N <b>bold</b> {a|b} #1; `tick` & \u001b[31mred\nsecond line"
team = "product"
cycle = "2026-Q4"
owner = "@product-lead"
supports = ["growing-people"]
depends_on = ["customers-stay"]

[[objective.key_result]]
id = "k"
title = "--> ]] end \"quoted\""
done = false
"#,
    )
    .expect("write");
    dir
}

#[test]
fn acme_in_every_format() {
    for (name, args) in [
        ("dot", &["--format", "dot"][..]),
        ("mermaid", &["--format", "mermaid"]),
        ("json", &["--format", "json"]),
    ] {
        let run = graph(ACME, args);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        insta::assert_snapshot!(format!("acme-{name}"), run.stdout);
    }
    let unicode = tree(ACME, &[]);
    assert_eq!(unicode.code, 0, "{}", unicode.transcript());
    insta::assert_snapshot!("acme-tree", unicode.stdout);
    let ascii = tree(ACME, &["--ascii"]);
    assert!(!ascii.stdout.contains(['│', '└']), "{}", ascii.stdout);
    assert!(!ascii.stdout.contains('├'), "{}", ascii.stdout);
    insta::assert_snapshot!("acme-tree-ascii", ascii.stdout);
    // The default graph format is DOT.
    assert_eq!(
        graph(ACME, &[]).stdout,
        graph(ACME, &["--format", "dot"]).stdout
    );
}

#[test]
fn tree_of_every_fixture() {
    let mut all = String::new();
    for root in fixture_roots() {
        let run = tree(&root, &[]);
        all.push_str(&format!("## {root} (exit {})\n{}", run.code, run.stdout));
        if run.code != 0 {
            // Only a tree whose files did not all load is refused.
            assert!(
                run.stderr.contains("of the tree did not load"),
                "{root}: {}",
                run.stderr
            );
        }
    }
    insta::assert_snapshot!("fixtures-tree", all);
}

#[test]
fn mermaid_of_every_fixture() {
    let mut all = String::new();
    for root in fixture_roots() {
        let run = graph(&root, &["--format", "mermaid"]);
        all.push_str(&format!("## {root} (exit {})\n{}", run.code, run.stdout));
    }
    insta::assert_snapshot!("fixtures-mermaid", all);
}

#[test]
#[cfg_attr(missing_dot, ignore = "needs graphviz `dot` on PATH")]
fn graphviz_accepts_every_dot_graph() {
    let Some(dot) = external_tool("dot") else {
        return;
    };
    let hostile = hostile_tree();
    let hostile = hostile.path().to_string_lossy().into_owned();
    let mut cases: Vec<(String, Vec<&str>)> = fixture_roots()
        .into_iter()
        .map(|root| (root, vec![]))
        .collect();
    cases.push((ACME.into(), vec![]));
    cases.push((ACME.into(), vec!["--team", "platform"]));
    cases.push((ACME.into(), vec!["--cycle", "2026-Q3"]));
    cases.push(("tests/reports/hostile".into(), vec![]));
    cases.push((hostile.clone(), vec![]));
    let mut checked = 0;
    for (root, extra) in &cases {
        let run = graph(root, extra);
        if run.code == 2 {
            continue; // a tree whose files do not all load: no graph
        }
        assert_eq!(run.code, 0, "{root}: {}", run.transcript());
        let svg = run_dot(&dot, &run.stdout);
        assert!(svg.status.success(), "{root} {extra:?}: {}", stderr(&svg));
        // Warnings too: Graphviz says when it had to guess.
        assert!(svg.stderr.is_empty(), "{root} {extra:?}: {}", stderr(&svg));
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");

    // The hostile labels reach the drawing intact: escaped, not interpreted.
    let svg = run_dot(&dot, &graph(&hostile, &[]).stdout);
    let svg = String::from_utf8_lossy(&svg.stdout);
    assert!(
        svg.contains(">Say &quot;hi&quot; \\N &lt;b&gt;bold&lt;/b&gt; {a|b}</text>"),
        "{svg}"
    );
    assert!(
        svg.contains(">#1; `tick` &amp; &#160;[31mred second</text>"),
        "{svg}"
    );
    // And a broken graph is refused: the check can fail.
    let broken = run_dot(&dot, "digraph { \"a\" -> }");
    assert!(!broken.status.success());
}

fn run_dot(dot: &Path, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(dot)
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to dot");
    child.wait_with_output().expect("dot finishes")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn hostile_text_stays_inside_its_quotes() {
    let dir = hostile_tree();
    let root = dir.path().to_string_lossy().into_owned();
    let dot = graph(&root, &[]);
    assert_eq!(dot.code, 0, "{}", dot.transcript());
    let node = dot
        .stdout
        .lines()
        .find(|l| l.contains("objective:evil"))
        .expect("the hostile objective");
    assert!(
        node.starts_with(
            r#"  "objective:evil\"]; n0 --> x; %%" [label="evil\"]; n0 --> x; %% · product\nSay \"hi\" \\N <b>bold</b> {a|b}\n#1; `tick` &  [31mred second\nline\n0% · off track", "#
        ),
        "{node}"
    );

    let mermaid = graph(&root, &["--format", "mermaid"]);
    assert_eq!(mermaid.code, 0);
    for line in mermaid.stdout.lines().filter(|l| l.starts_with("    n")) {
        if let Some((_, label)) = line.split_once("[\"") {
            // One pair of quotes, at the ends; nothing between them that Mermaid or
            // HTML would read, but our own line breaks.
            let inner = label
                .strip_suffix("\"]")
                .unwrap_or_else(|| panic!("{line}"));
            let inner = inner.replace("<br/>", "");
            assert!(
                !inner.contains(['"', '<', '>', '`', '|', '\n', '\u{1b}']),
                "{line}"
            );
        }
    }
    assert!(
        mermaid.stdout.contains(
            "    n14[\"evil#34;]; n0 --#62; x; %#37; · product<br/>Say #34;hi#34; #92;N #60;b#62;bold#60;/b#62; \
             {a#124;b}<br/>#35;1; #96;tick#96; #38;  [31mred second<br/>line<br/>0% · off track\"]\n"
        ),
        "{}",
        mermaid.stdout
    );

    let terminal = tree(&root, &[]);
    assert_eq!(terminal.code, 0);
    assert!(!terminal.stdout.contains('\u{1b}'), "{}", terminal.stdout);
    assert!(
        terminal
            .stdout
            .contains(r"#1; `tick` & \u{1b}[31mred\nsecond line  [product]"),
        "{}",
        terminal.stdout
    );
}

#[test]
fn scope_by_team_and_cycle() {
    let team = graph(ACME, &["--team", "platform", "--format", "json"]).json();
    assert_eq!(team["team"], "platform");
    assert_eq!(team["cycle"], "2026-Q4");
    for node in team["nodes"].as_array().expect("nodes") {
        if node["kind"] == "objective" && node["context"] == false {
            assert_eq!(node["team"], "platform", "{node}");
        }
    }
    // Parents of other teams are there, for the line of sight, marked as context.
    let context: Vec<&str> = team["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["context"] == true)
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(context, ["eng-calm-peak", "eng-faster-changes"]);

    let q3 = graph(ACME, &["--cycle", "2026-Q3", "--format", "json"]).json();
    assert_eq!(q3["cycle"], "2026-Q3");
    let q4 = graph(ACME, &["--format", "json"]).json();
    assert_ne!(q3["nodes"], q4["nodes"]);
    // Edges name nodes that exist; dependencies are their own kind.
    let nodes = q4["nodes"].as_array().expect("nodes").len() as u64;
    let edges = q4["edges"].as_array().expect("edges");
    assert!(
        edges
            .iter()
            .all(|e| e["from"].as_u64() < Some(nodes) && e["to"].as_u64() < Some(nodes))
    );
    assert!(edges.iter().any(|e| e["kind"] == "depends-on"));
}

#[test]
fn unknown_scopes_and_broken_trees_are_exit_2() {
    for (command, args, says) in [
        (
            "graph",
            &["--cycle", "2026-Q5"][..],
            "error: no cycle `2026-Q5`: did you mean `2026-Q3`?",
        ),
        (
            "tree",
            &["--team", "platfrom"],
            "error: no team `platfrom`: did you mean `platform`?",
        ),
        ("graph", &["--format", "svg"], "invalid value 'svg'"),
    ] {
        let mut all = vec![command, "--root", ACME, "--today", TODAY];
        all.extend_from_slice(args);
        let run = align(&all);
        assert_eq!(run.code, 2, "{all:?}");
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    let broken = graph("tests/fixtures/toml-syntax", &[]);
    assert_eq!(broken.code, 2);
    assert!(broken.stdout.is_empty());
    assert!(broken.stderr.contains("invalid TOML"), "{}", broken.stderr);
    assert!(
        broken
            .stderr
            .ends_with("error: no graph: 1 file of the tree did not load (see above); `align check` says more\n"),
        "{}",
        broken.stderr
    );
}
