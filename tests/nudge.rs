//! `align nudge` and the weekly workflow that posts it: the digest per owner is the
//! report's nudges item for item, handles ping nobody unless asked, and the workflow's
//! script creates one issue per cycle, then edits it, and writes nothing when nothing
//! is due.

mod common;

use std::path::Path;
use std::process::Command;

use common::repo::TestRepo;
use common::{align_env, external_tool};

const TODAY: &str = "2026-11-15";

fn plan(repo: &TestRepo, platform_current: f64, status: &str) {
    repo.write(
        "strategy/align.toml",
        "name = \"Nudges\"\n\n[drift]\nstale_after_days = 14\n",
    );
    repo.write(
        "strategy/vision.toml",
        r#"[vision]
statement = "Small shops ship every order on time without thinking about it"
owner = "@ceo"

[[pillar]]
id = "growth"
title = "Grow recurring revenue efficiently"
perspective = "financial"
owner = "@ceo"
"#,
    );
    repo.write(
        "strategy/teams.toml",
        r#"[[team]]
id = "platform"
lead = "@priya"
members = ["@ola"]

[[team]]
id = "sales"
lead = "@cara"
members = ["@dan"]
"#,
    );
    repo.write(
        "strategy/cycles.toml",
        "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n",
    );
    repo.write(
        "strategy/objectives/platform.toml",
        &format!(
            r#"[[objective]]
id = "fast-checkout"
title = "Checkout feels instant for every shop"
team = "platform"
cycle = "2026-Q4"
owner = "@priya"
supports = ["growth"]
{status}

[[objective.key_result]]
id = "p95"
title = "Checkout p95 latency falls to 300 ms"
baseline = 900.0
target = 300.0
current = {platform_current:.1}
owner = "@ola"
"#
        ),
    );
    repo.write(
        "strategy/objectives/sales.toml",
        &format!(
            r#"[[objective]]
id = "win-shops"
title = "Small shops choose us over spreadsheets"
team = "sales"
cycle = "2026-Q4"
owner = "@cara"
supports = ["growth"]
{status}

[[objective.key_result]]
id = "wins"
title = "Shops won reaches 400"
baseline = 250.0
target = 400.0
current = 260.0
"#
        ),
    );
}

/// Planned on the cycle's first day; platform checks in once, sales never.
fn quarter() -> TestRepo {
    let repo = TestRepo::new();
    plan(&repo, 900.0, "");
    repo.commit("2026-10-01", "Ana", "Plan Q4");
    plan(&repo, 800.0, "");
    repo.commit("2026-10-20", "Ola", "p95 at 800 ms");
    repo
}

fn align(tree: &Path, today: &str, args: &[&str]) -> common::Run {
    align_env(tree, args, &[("ALIGN_TODAY", Some(today))])
}

#[test]
fn the_digest_is_the_reports_nudges_by_owner() {
    let repo = quarter();
    let tree = repo.join("strategy");
    let digest = align(&tree, TODAY, &["nudge", "--format", "json"]);
    assert_eq!(digest.code, 0, "{}", digest.transcript());
    let digest = digest.json();
    let report = align(&tree, TODAY, &["report", "--format", "json"]).json();
    assert_eq!(
        digest["owners"], report["nudges"],
        "one implementation, one wording"
    );
    assert_eq!(digest["cycle"]["id"], "2026-Q4");
    assert_eq!(digest["cycle_ended"], false);
    let owners: Vec<&str> = digest["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .map(|o| o["owner"].as_str().expect("a handle"))
        .collect();
    assert!(owners.contains(&"@cara"), "{owners:?}");
    let items: usize = digest["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .map(|o| o["items"].as_array().expect("items").len())
        .sum();
    assert!(items > 0);
    assert_eq!(digest["items"], items);

    let one = align(
        &tree,
        TODAY,
        &["nudge", "--owner", "@cara", "--format", "json"],
    )
    .json();
    assert_eq!(one["owners"].as_array().expect("owners").len(), 1);
    assert_eq!(one["owners"][0]["owner"], "@cara");

    let table = align(&tree, TODAY, &["nudge", "--owner", "@CARA"]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.starts_with("@cara ("), "{}", table.stdout);
    assert!(table.stdout.contains("win-shops"), "{}", table.stdout);
    let human = align(
        &tree,
        TODAY,
        &["nudge", "--format", "human", "--owner", "@nobody"],
    );
    assert_eq!(human.stdout, "Nothing due in 2026-Q4 as of 2026-11-15.\n");
    // A name that is not a handle is a mistake, not a person with nothing due.
    let typo = align(&tree, TODAY, &["nudge", "--owner", "cara"]);
    assert_eq!(typo.code, 2, "{}", typo.transcript());
    assert!(
        typo.stderr.contains("expected a handle like @priya"),
        "{}",
        typo.transcript()
    );
}

#[test]
fn markdown_pings_nobody_unless_asked_and_never_a_malformed_handle() {
    let repo = quarter();
    let tree = repo.join("strategy");
    let quiet = align(&tree, TODAY, &["nudge", "--format", "markdown"]);
    assert!(
        quiet.stdout.contains("### @&#8203;cara"),
        "{}",
        quiet.stdout
    );
    assert!(!quiet.stdout.contains("### @cara"));

    let loud = align(
        &tree,
        TODAY,
        &["nudge", "--format", "markdown", "--mention"],
    );
    assert!(loud.stdout.contains("### @cara\n"), "{}", loud.stdout);

    // An owner a pull request made up: escaped even with --mention.
    let platform = tree.join("objectives/sales.toml");
    let hostile = std::fs::read_to_string(&platform).expect("read").replace(
        "owner = \"@cara\"",
        "owner = \"@all <img src=https://x.test/p.png>\"",
    );
    std::fs::write(&platform, hostile).expect("write");
    let run = align(
        &tree,
        TODAY,
        &["nudge", "--format", "markdown", "--mention"],
    );
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(
        run.stdout.contains("### @&#8203;all &lt;img"),
        "{}",
        run.stdout
    );
}

/// The `run:` script of the workflow's step that updates the issue, as GitHub runs it.
fn workflow_script() -> String {
    let yaml = include_str!("../examples/workflows/nudge.yml");
    let start = yaml
        .find("- name: Update the cycle's nudge issue")
        .expect("the step");
    let run = yaml[start..].find("run: |").expect("its script") + start;
    let body = &yaml[run..];
    let mut lines = body.lines().skip(1);
    let first = lines.next().expect("a first line");
    let indent = first.len() - first.trim_start().len();
    std::iter::once(first)
        .chain(
            lines.take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent),
        )
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the script with a fake `gh` that records its calls; `existing` is the number of
/// the open issue `gh issue list` finds. Returns the calls, one line each, and the last
/// body written.
fn run_workflow(repo: &TestRepo, today: &str, existing: Option<u32>) -> (Vec<String>, String) {
    let fake = tempfile::tempdir().expect("temp dir");
    let log = fake.path().join("calls");
    let body = fake.path().join("body");
    let gh = fake.path().join("gh");
    std::fs::write(
        &gh,
        r#"#!/usr/bin/env bash
printf '%s\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "issue list") printf '%s\n' "$GH_EXISTING" ;;
  "issue create"|"issue edit")
    while [ $# -gt 0 ]; do
      if [ "$1" = "--body-file" ]; then cp "$2" "$GH_BODY"; fi
      shift
    done ;;
esac
"#,
    )
    .expect("write gh");
    let mut permissions = std::fs::metadata(&gh).expect("gh").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&gh, permissions).expect("chmod");
    let align_dir = Path::new(env!("CARGO_BIN_EXE_align"))
        .parent()
        .expect("a folder");
    let path = std::env::join_paths(
        [fake.path(), align_dir]
            .into_iter()
            .map(Path::to_path_buf)
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .expect("PATH");
    let output = Command::new("bash")
        .arg("-c")
        .arg(workflow_script())
        .current_dir(repo.path())
        .env("PATH", path)
        .env("ROOT", "strategy")
        .env("GH_TOKEN", "test")
        .env("GH_LOG", &log)
        .env("GH_BODY", &body)
        .env(
            "GH_EXISTING",
            existing.map(|n| n.to_string()).unwrap_or_default(),
        )
        .env("ALIGN_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "the script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let calls = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (calls, std::fs::read_to_string(&body).unwrap_or_default())
}

#[test]
fn the_weekly_workflow_creates_one_issue_then_edits_it() {
    if external_tool("jq").is_none() {
        return;
    }
    let repo = quarter();
    let (calls, body) = run_workflow(&repo, TODAY, None);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls[0].starts_with("issue list --state open"), "{calls:?}");
    assert!(
        calls[1].starts_with("issue create --title Strategy nudges: 2026-Q4 --body-file "),
        "{calls:?}"
    );
    assert!(body.contains("### @cara\n"), "owners are mentioned: {body}");

    let (calls, body) = run_workflow(&repo, TODAY, Some(7));
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[1].starts_with("issue edit 7 --body-file "),
        "{calls:?}"
    );
    assert!(body.contains("win-shops"), "{body}");
}

#[test]
fn the_weekly_workflow_writes_nothing_when_nothing_is_due_and_closes_a_graded_cycle() {
    if external_tool("jq").is_none() {
        return;
    }
    let repo = TestRepo::new();
    plan(&repo, 900.0, "");
    repo.commit("2026-10-01", "Ana", "Plan Q4");
    let (calls, _) = run_workflow(&repo, "2026-10-02", None);
    assert_eq!(calls.len(), 1, "only a look for the issue: {calls:?}");
    assert!(calls[0].starts_with("issue list"), "{calls:?}");

    plan(&repo, 320.0, "status = \"achieved\"");
    repo.commit("2027-01-05", "Ana", "Grade Q4");
    let (calls, _) = run_workflow(&repo, "2027-01-06", Some(7));
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls[1].starts_with("issue close 7 "), "{calls:?}");
    let (calls, _) = run_workflow(&repo, "2027-01-06", None);
    assert_eq!(calls.len(), 1, "nothing to close: {calls:?}");
}

#[test]
fn work_behind_a_key_result_is_listed_and_its_absence_nudged() {
    let repo = quarter();
    plan(&repo, 790.0, "");
    repo.commit("2026-11-10", "Ola", "p95 at 790 ms");
    let tree = repo.join("strategy");
    let nudges = align(&tree, TODAY, &["nudge", "--owner", "@ola"]);
    assert!(
        nudges.stdout.contains(
            "fast-checkout/p95: off track and no initiative listed: what work will move it?"
        ),
        "{}",
        nudges.stdout
    );

    let platform = tree.join("objectives/platform.toml");
    let text = std::fs::read_to_string(&platform).expect("read").replace(
        "owner = \"@ola\"",
        "owner = \"@ola\"\ninitiatives = [\"PLAT-7\", \"https://github.com/acme/app/issues/12\", \
         \"javascript:alert(1)\", \"https://x.test/\\\"><script>alert(1)</script>\"]",
    );
    std::fs::write(&platform, text).expect("write");
    assert_eq!(align(&tree, TODAY, &["check"]).code, 0);
    let nudges = align(&tree, TODAY, &["nudge", "--owner", "@ola"]);
    assert!(
        !nudges.stdout.contains("no initiative"),
        "{}",
        nudges.stdout
    );

    let html = align(&tree, TODAY, &["report", "--format", "html"]).stdout;
    assert!(
        html.contains(
            r#"<a href="https://github.com/acme/app/issues/12" rel="noopener noreferrer">"#
        )
    );
    assert!(html.contains("<code>PLAT-7</code>"), "{html}");
    assert!(!html.contains(r#"href="javascript"#));
    assert!(!html.contains("<script>"));
    let markdown = align(&tree, TODAY, &["report", "--format", "markdown"]).stdout;
    assert!(
        markdown.contains("> Work behind `p95`: `PLAT-7`, <https://github.com/acme/app/issues/12>"),
        "{markdown}"
    );
    assert!(!markdown.contains("<script>"));
    let json = align(&tree, TODAY, &["report", "--format", "json"]).json();
    let kr = &json["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .find(|o| o["id"] == "fast-checkout")
        .expect("the objective")["key_results"][0];
    assert_eq!(kr["initiatives"][0], "PLAT-7");
}
