//! Every fixture tree under tests/fixtures/<code>/ triggers exactly its rule:
//! human and JSON output are snapshots, and the exit code follows the severity.

mod common;

use common::{TODAY, align, codes};

/// Fixtures named for what they show rather than for their rule.
const ALIASES: [(&str, &str); 1] = [("orphan-objective", "line-of-sight")];

fn fixture_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_triggers_exactly_its_rule() {
    let mut failures = Vec::new();
    for name in fixture_names() {
        let root = format!("tests/fixtures/{name}");
        let run = align(&[
            "check", "--root", &root, "--today", TODAY, "--format", "json",
        ]);
        let found = codes(&run);
        let rule = ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .map_or(name.as_str(), |(_, rule)| *rule);
        let expected: Vec<String> = if name == "clean" {
            vec![]
        } else {
            vec![rule.to_string()]
        };
        if found != expected {
            failures.push(format!("{name}: found {found:?}"));
        }
        let errors = run.json()["summary"]["errors"]
            .as_u64()
            .expect("errors count");
        let expected_exit = if errors > 0 { 1 } else { 0 };
        if run.code != expected_exit {
            failures.push(format!("{name}: exit {} with {errors} errors", run.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    let names = fixture_names();
    // Drift rules read git history, which a folder cannot hold: tests/drift.rs builds a
    // repository for each of them.
    let missing: Vec<&str> = align_okr::codes::Code::all()
        .filter(|c| !c.is_drift())
        .map(|c| c.name())
        .filter(|code| !names.iter().any(|n| n == code))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn fixture_output_snapshots() {
    for name in fixture_names() {
        let root = format!("tests/fixtures/{name}");
        let human = align(&["check", "--root", &root, "--today", TODAY]);
        insta::assert_snapshot!(format!("human-{name}"), human.transcript());
        let json = align(&[
            "check", "--root", &root, "--today", TODAY, "--format", "json",
        ]);
        insta::assert_snapshot!(format!("json-{name}"), json.transcript());
    }
}
