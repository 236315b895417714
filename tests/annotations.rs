//! `align check --format github` and `--format sarif`: the formats CI reads. Paths
//! from the repository root, GitHub's escaping and limits, and SARIF that the
//! official OASIS schema accepts (checked with check-jsonschema, an external
//! validator that .ci/run installs).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{TODAY, align, align_in, external_tool, fixture_names};

fn check_as(root: &str, format: &str) -> common::Run {
    align(&[
        "check", "--root", root, "--today", TODAY, "--format", format,
    ])
}

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A tree whose file name, ids and references carry every character GitHub's
/// workflow commands give a meaning to: `%`, `\r`, `\n`, `:` and `,`.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    write(
        dir.path(),
        "objectives/2026-Q4/q4, plan: 100%.toml",
        r#"[[objective]]
id = "grow,50%:now"
title = "Grow revenue 50%, then more"
team = "product"
cycle = "2026-Q4"
owner = "@product-lead"
supports = ["sustainable-growth", "x\r\n::error::pwned"]

[[objective.key_result]]
id = "arr"
title = "Annual recurring revenue"
baseline = 1.0
target = 2.0
unit = "M€"

[[objective.key_result]]
id = "nrr"
title = "Net revenue retention"
baseline = 100.0
target = 110.0
unit = "%"
"#,
    );
    dir
}

#[test]
fn github_annotations_escape_hostile_text() {
    let tree = hostile_tree();
    let run = align_in(
        tree.path(),
        &["check", "--today", TODAY, "--format", "github"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let lines: Vec<&str> = run.stdout.lines().collect();
    // Outside a repository (a temp dir), paths are relative to the working directory.
    let file = "file=objectives/2026-Q4/q4%2C plan%3A 100%25.toml";
    assert_eq!(
        lines[0],
        format!(
            "::error {file},line=2,endLine=2,col=6,endColumn=20,title=invalid-id%3A objective grow%2C50%25%3Anow\
             ::objective id \"grow,50%25:now\" is not a slug%0Ahelp: ids are 1-64 ASCII letters, digits, \
             '-', '_' or '.', starting with a letter or digit, e.g. `deploys-boring` or `2026-Q4`"
        )
    );
    assert_eq!(
        lines[1],
        format!(
            "::warning {file},line=3,endLine=3,col=23,endColumn=26,title=objective-has-metric%3A objective \
             grow%2C50%25%3Anow::objective `grow,50%25:now` carries a metric (50%25) in its title%0Ahelp: \
             what change does this number stand for? Name it in the title and move the number to a key result"
        )
    );
    // A reference with a line break cannot start a second command on its own line.
    assert_eq!(
        lines[2],
        format!(
            "::error {file},line=7,endLine=7,col=35,endColumn=56,title=unknown-reference%3A objective \
             grow%2C50%25%3Anow::unknown pillar or objective `x%0D%0A::error::pwned`%0Ahelp: define a \
             pillar or objective with this id, or fix the reference"
        )
    );
    assert_eq!(
        lines[3],
        "6 files, 4 objectives, 8 key results: 2 errors, 1 warning, 0 infos"
    );
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    for line in &lines[..3] {
        assert!(!line.contains('\r'), "{line:?}");
    }
}

#[test]
fn paths_are_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("mono");
    git2::Repository::init(&repo).expect("a repository");
    let tree = repo.join("org/strategy");
    let run = align(&["init", &tree.to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let objectives = tree.join("objectives/2026-Q4/company.toml");
    let text = fs::read_to_string(&objectives).expect("read");
    fs::write(&objectives, text.replacen("unit = \"days\"\n", "", 1)).expect("write");

    // From a folder inside the tree, found by walking up.
    let cwd = tree.join("objectives");
    let github = align_in(&cwd, &["check", "--today", TODAY, "--format", "github"]);
    assert_eq!(github.code, 0, "{}", github.transcript());
    assert!(
        github.stdout.starts_with(
            "::warning file=org/strategy/objectives/2026-Q4/company.toml,line=41,endLine=41,col=10,endColumn=13,title=kr-missing-unit%3A key result predictable-releases/lead-time::"
        ),
        "{}",
        github.stdout
    );
    let sarif = align_in(&cwd, &["check", "--today", TODAY, "--format", "sarif"]);
    let sarif = sarif.json();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "org/strategy/objectives/2026-Q4/company.toml"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 41);

    // The same tree named by --root from outside it: the same paths.
    let outside = align_in(
        dir.path(),
        &[
            "check",
            "--root",
            "mono/org/strategy",
            "--today",
            TODAY,
            "--format",
            "github",
        ],
    );
    assert_eq!(outside.stdout, github.stdout);
}

#[test]
fn past_ten_of_a_level_a_notice_comes_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = align(&["init", &dir.path().to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let github = |extra: usize| {
        let mut text = String::new();
        for i in 0..extra {
            text.push_str(&format!(
                "[[cycle]]\nid = \"backwards-{i}\"\nstart = 2030-02-01\nend = 2030-01-{:02}\n",
                i + 1
            ));
        }
        write(dir.path(), "more-cycles.toml", &text);
        align_in(
            dir.path(),
            &["check", "--today", TODAY, "--format", "github"],
        )
    };
    // Ten errors: GitHub shows them all, no notice.
    let ten = github(10);
    assert_eq!(ten.code, 1);
    assert_eq!(ten.stdout.matches("::error ").count(), 10, "{}", ten.stdout);
    assert!(!ten.stdout.contains("::notice"), "{}", ten.stdout);
    // Twelve: the notice first, then every annotation.
    let twelve = github(12);
    assert_eq!(
        twelve.stdout.matches("::error ").count(),
        12,
        "{}",
        twelve.stdout
    );
    let first = twelve.stdout.lines().next().expect("a line");
    assert_eq!(
        first,
        "::notice title=align check%3A more findings than GitHub shows::6 files, 3 objectives, \
         6 key results: 12 errors, 0 warnings, 0 infos. GitHub shows 10 annotations of each level \
         per step: 2 errors, 0 warnings and 0 infos are not annotated. The log below lists them all; \
         `align check` shows them locally."
    );
}

#[test]
fn github_and_sarif_exit_as_human_does() {
    for name in fixture_names() {
        let root = format!("tests/fixtures/{name}");
        let human = align(&["check", "--root", &root, "--today", TODAY]);
        for format in ["github", "sarif"] {
            let run = check_as(&root, format);
            assert_eq!(run.code, human.code, "{name} --format {format}");
            assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
        }
    }
}

/// A key result is named by its objective and id in every format: a template once put
/// a literal `{}` in the entity of a duplicate key result id.
#[test]
fn a_duplicate_key_result_is_named_by_objective_and_id_everywhere() {
    let root = "tests/fixtures/duplicate-id";
    let entity = "key result sales-renewals/renewal-rate";
    let json = check_as(root, "json").json();
    let finding = &json["findings"][0];
    assert_eq!(finding["code"], "duplicate-id");
    assert_eq!(finding["entity"], entity);
    let sarif = check_as(root, "sarif").json();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "duplicate-id");
    assert_eq!(result["properties"]["entity"], entity);
    let github = check_as(root, "github");
    assert!(
        github
            .stdout
            .contains(&format!("title=duplicate-id%3A {entity}::")),
        "{}",
        github.stdout
    );
    for text in [json.to_string(), sarif.to_string(), github.stdout] {
        assert!(!text.contains("{}"), "a template leaked: {text}");
    }
}

#[test]
fn github_output_of_every_fixture() {
    let mut all = String::new();
    for name in fixture_names() {
        let run = check_as(&format!("tests/fixtures/{name}"), "github");
        all.push_str(&format!("## {name} (exit {})\n{}", run.code, run.stdout));
    }
    insta::assert_snapshot!("github-fixtures", all);
}

#[test]
fn sarif_results_of_every_fixture() {
    let mut all = serde_json::Map::new();
    for name in fixture_names() {
        let run = check_as(&format!("tests/fixtures/{name}"), "sarif");
        let sarif = run.json();
        let run0 = &sarif["runs"][0];
        all.insert(
            name,
            serde_json::json!({
                "results": run0["results"],
                "invocations": run0["invocations"],
            }),
        );
    }
    insta::assert_json_snapshot!("sarif-fixtures", all);
}

#[test]
fn sarif_lists_every_rule_with_its_texts_and_level() {
    let run = check_as("tests/fixtures/clean", "sarif");
    assert_eq!(run.code, 0);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "align");
    let rules = driver["rules"].as_array().expect("rules");
    let codes: Vec<&str> = align_okr::codes::Code::all().map(|c| c.name()).collect();
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, codes);
    for (rule, code) in rules.iter().zip(align_okr::codes::Code::all()) {
        assert_eq!(rule["shortDescription"]["text"], code.description());
        assert_eq!(rule["help"]["text"], code.explain().trim_end());
        let full = rule["fullDescription"]["text"].as_str().expect("full");
        assert!(full.len() > 40, "{code}: {full}");
        let level = match code.default_severity().name() {
            "info" => "note",
            other => other,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{code}");
    }
    // ruleIndex points at the rule.
    let found = check_as("tests/fixtures/supports-loop", "sarif").json();
    for result in found["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn a_finding_without_a_place_lands_on_align_toml() {
    let sarif = check_as("tests/fixtures/missing-vision", "sarif").json();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "missing-vision");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/missing-vision/align.toml"
    );
    assert_eq!(location["region"]["startLine"], 1);
    let github = check_as("tests/fixtures/missing-vision", "github");
    assert!(
        github.stdout.starts_with(
            "::error file=tests/fixtures/missing-vision/align.toml,line=1,title=missing-vision%3A vision::the tree has no [vision]%0Ahelp: "
        ),
        "{}",
        github.stdout
    );
}

#[test]
#[cfg_attr(missing_check_jsonschema, ignore = "needs check-jsonschema on PATH")]
fn sarif_of_every_fixture_is_valid_against_the_oasis_schema() {
    let Some(validator) = external_tool("check-jsonschema") else {
        return;
    };
    let out = tempfile::tempdir().expect("temp dir");
    let mut roots: Vec<String> = fixture_names()
        .into_iter()
        .map(|name| format!("tests/fixtures/{name}"))
        .collect();
    roots.extend([
        "examples/acme".to_string(),
        "tests/reports/hostile".to_string(),
    ]);
    let hostile = hostile_tree();
    roots.push(hostile.path().to_string_lossy().into_owned());
    let mut files = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        let run = check_as(root, "sarif");
        assert!(run.code <= 1, "{root}: {}", run.transcript());
        let file = out.path().join(format!("{i:02}.sarif.json"));
        fs::write(&file, &run.stdout).expect("write");
        files.push(file);
    }
    // A run with a category, as the Action writes it.
    let categorised = align(&[
        "check",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "sarif",
        "--category",
        "align/acme",
    ]);
    let file = out.path().join("category.sarif.json");
    fs::write(&file, &categorised.stdout).expect("write");
    files.push(file);
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif-schema-2.1.0.json");
    let output = Command::new(validator)
        .arg("--schemafile")
        .arg(&schema)
        .args(&files)
        .output()
        .expect("check-jsonschema runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // And the validator does reject what breaks the schema: it is really checking.
    let mut broken: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&files[0]).expect("read")).expect("JSON");
    broken["runs"][0]["results"] = serde_json::json!([{ "level": "fatal", "message": {} }]);
    let bad = out.path().join("broken.sarif.json");
    fs::write(&bad, broken.to_string()).expect("write");
    let rejected = Command::new(external_tool("check-jsonschema").expect("found above"))
        .arg("--schemafile")
        .arg(&schema)
        .arg(&bad)
        .output()
        .expect("check-jsonschema runs");
    assert!(!rejected.status.success(), "a broken SARIF file passed");
}

/// The three places a user meets the rules agree: `align explain`, the SARIF rules that
/// code scanning shows, and the rules table of docs/check.md, row for row, each row
/// linking the rule's page.
#[test]
fn every_rule_is_in_explain_sarif_and_the_docs_table() {
    let explain = align(&["explain"]);
    assert_eq!(explain.code, 0);
    let sarif = check_as("tests/fixtures/clean", "sarif").json();
    let rules: Vec<String> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect();
    let page = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/check.md"))
        .expect("docs/check.md");
    let rows: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with("| [`") && l.ends_with(" |"))
        .collect();
    let mut problems = Vec::new();
    for code in align_okr::codes::Code::all() {
        let (name, severity) = (code.name(), code.default_severity().name());
        let listed = explain
            .stdout
            .lines()
            .any(|l| l.split_whitespace().take(2).eq([name, severity]));
        if !listed {
            problems.push(format!("{name}: not listed by `align explain`"));
        }
        if !rules.iter().any(|r| r == name) {
            problems.push(format!("{name}: not in the SARIF rules"));
        }
        let row = format!(
            "| [`{name}`](rules/{name}.md) | {severity} | {} |",
            code.description()
        );
        if !rows.contains(&row.as_str()) {
            problems.push(format!(
                "{name}: docs/check.md's rule table has no row {row}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What GitHub code scanning needs of every result and rule, in the SARIF of every
/// fixture, and GitHub's documented limits: at most 20 runs a file, 25,000 results
/// and 25,000 rules a run, 1,000 locations a result (100 shown), 20 tags a rule (10
/// shown), 10 MB a file.
#[test]
fn sarif_of_every_fixture_has_what_code_scanning_uses_within_its_limits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots: Vec<String> = fixture_names()
        .into_iter()
        .map(|name| format!("tests/fixtures/{name}"))
        .collect();
    roots.push("examples/acme".into());
    for tree in &roots {
        let run = check_as(tree, "sarif");
        assert!(run.code <= 1, "{tree}: {}", run.transcript());
        assert!(run.stdout.len() < 10 * 1024 * 1024, "{tree}: over 10 MB");
        let sarif = run.json();
        let runs = sarif["runs"].as_array().expect("runs");
        assert!(!runs.is_empty() && runs.len() <= 20, "{tree}");
        let run0 = &runs[0];
        assert_eq!(
            run0["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"],
            "The root of the git repository that holds the strategy tree"
        );
        assert!(
            run0.get("automationDetails").is_none(),
            "{tree}: no --category"
        );
        let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
        assert!(rules.len() <= 25_000);
        for rule in rules {
            let id = rule["id"].as_str().expect("id");
            let uri = rule["helpUri"].as_str().expect("helpUri");
            assert!(
                uri.starts_with("https://") && uri.ends_with(&format!("/docs/rules/{id}.md")),
                "{uri}"
            );
            assert!(root.join(format!("docs/rules/{id}.md")).is_file(), "{id}");
            let markdown = rule["help"]["markdown"].as_str().expect("markdown");
            assert!(markdown.contains("## How to fix"), "{id}: {markdown}");
            let tags = rule["properties"]["tags"].as_array().expect("tags");
            assert!(!tags.is_empty() && tags.len() <= 10, "{id}: {tags:?}");
            let precision = &rule["properties"]["precision"];
            assert!(
                ["very-high", "high", "medium", "low"].contains(&precision.as_str().expect("p")),
                "{id}"
            );
            let severity = &rule["properties"]["problem.severity"];
            assert!(
                ["error", "warning", "recommendation"].contains(&severity.as_str().expect("s")),
                "{id}"
            );
        }
        let results = run0["results"].as_array().expect("results");
        assert!(results.len() <= 25_000);
        let mut fingerprints = std::collections::HashSet::new();
        for result in results {
            let fingerprint = result["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .expect("a fingerprint");
            assert!(
                fingerprints.insert(fingerprint.to_string()),
                "{tree}: two results share {fingerprint}"
            );
            let related = result["relatedLocations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(related.len() < 100, "{tree}");
            let message = result["message"]["text"].as_str().expect("text");
            for location in &related {
                let id = location["id"].as_u64().expect("an id");
                assert!(
                    message.contains(&format!("]({id})")),
                    "{tree}: related location {id} is not linked from {message:?}"
                );
            }
        }
    }
}

#[test]
fn a_fingerprint_survives_lines_moving() {
    let repo = common::repo::TestRepo::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/duplicate-id");
    repo.copy_tree(&fixture, ".");
    let results = |dir: &Path| -> Vec<(String, u64, String)> {
        let run = align_in(dir, &["check", "--today", TODAY, "--format", "sarif"]);
        run.json()["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().expect("rule").to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .expect("line"),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .expect("fingerprint")
                        .to_string(),
                )
            })
            .collect()
    };
    let before = results(repo.path());
    assert!(!before.is_empty());
    // Three comment lines on top of every file: every finding moves down three lines.
    for entry in walkdir::WalkDir::new(repo.path()) {
        let file = entry.expect("walk").into_path();
        if file.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&file).expect("read");
            fs::write(&file, format!("# moved\n# down\n# three lines\n{text}")).expect("write");
        }
    }
    let after = results(repo.path());
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.0, new.0);
        assert_eq!(old.1 + 3, new.1, "the line moved");
        assert_eq!(old.2, new.2, "{}: the fingerprint stayed", old.0);
    }
}

#[test]
fn category_names_the_run_for_code_scanning() {
    let run = align(&[
        "check",
        "--root",
        "tests/fixtures/clean",
        "--today",
        TODAY,
        "--format",
        "sarif",
        "--category",
        "align/strategy",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.json()["runs"][0]["automationDetails"]["id"],
        "align/strategy/"
    );
    let human = align(&[
        "check",
        "--root",
        "tests/fixtures/clean",
        "--category",
        "align/strategy",
    ]);
    assert_eq!(human.code, 2, "{}", human.transcript());
    assert!(
        human
            .stderr
            .contains("--category names a SARIF run: use it with --format sarif"),
        "{}",
        human.stderr
    );
}
