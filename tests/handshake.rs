//! The dependency handshake's findings, end to end: a request nobody answered (an info,
//! then a warning once the cycle is `acknowledge_within_days` old), a declined request
//! with its reason, answers to requests nobody made, and an accepted request that says
//! nothing. The tree is the diff tests' base: sales-renewals depends on
//! eng-calm-releases, which accepts it.

mod common;

use std::path::Path;

use common::strategy::{CYCLES, ENG_Q4, ENGINEERING, SALES, SALES_Q4, SETTINGS, TEAMS, VISION};
use common::{Run, TODAY, align_in};

const ACCEPTS: &str = "accepts = [\"sales-renewals\"]\n";

/// `text` with `from` replaced once by `to`; a template that no longer holds `from`
/// fails the test instead of silently testing the unchanged text.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in {text}");
    text.replacen(from, to, 1)
}

/// A tree with the base files, `engineering` as the engineering file and `settings`
/// as align.toml.
fn tree(settings: &str, engineering: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        ("align.toml", settings),
        ("vision.toml", VISION),
        ("teams.toml", TEAMS),
        ("cycles.toml", CYCLES),
        (ENG_Q4, engineering),
        (SALES_Q4, SALES),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn check(dir: &Path, today: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--today", today];
    args.extend_from_slice(extra);
    align_in(dir, &args)
}

/// The findings of one rule: (severity, message, help).
fn found(dir: &Path, today: &str, code: &str) -> Vec<(String, String, String)> {
    let run = check(dir, today, &["--format", "json"]);
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| (text(&f["severity"]), text(&f["message"]), text(&f["help"])))
        .collect()
}

/// The codes of every finding, sorted, deduplicated.
fn codes(dir: &Path, today: &str) -> Vec<String> {
    common::codes(&check(dir, today, &["--format", "json"]))
}

#[test]
fn an_accepted_request_says_nothing() {
    let dir = tree(SETTINGS, ENGINEERING);
    assert!(ENGINEERING.contains(ACCEPTS));
    assert_eq!(codes(dir.path(), TODAY), Vec::<String>::new());
    let run = check(dir.path(), TODAY, &["--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn an_unanswered_request_is_an_info_then_a_warning_after_the_deadline() {
    let dir = tree(SETTINGS, &replaced(ENGINEERING, ACCEPTS, ""));
    // 2026-Q4 starts on 2026-10-01: day 14 is the last one to answer in.
    for (today, severity, exit) in [
        ("2026-09-20", "info", 0),
        ("2026-10-10", "info", 0),
        ("2026-10-15", "info", 0),
        ("2026-10-16", "warning", 1),
        (TODAY, "warning", 1),
    ] {
        let findings = found(dir.path(), today, "dependency-unacknowledged");
        assert_eq!(findings.len(), 1, "{today}: {findings:?}");
        let (got, message, help) = &findings[0];
        assert_eq!(got, severity, "{today}");
        assert_eq!(
            message,
            "`sales-renewals` depends on `eng-calm-releases` of team `engineering`, which has not answered"
        );
        // Who answers, and how.
        for words in [
            "@ana (owner of `eng-calm-releases`)",
            "within 14 days of 2026-10-01",
            "add \"sales-renewals\" to `accepts`",
            "{ objective = \"sales-renewals\", reason = \"...\" } to `declines`",
        ] {
            assert!(help.contains(words), "{words:?} not in {help}");
        }
        // Before the cycle starts, no cycle is current: that is said too.
        let mut expected = vec!["dependency-unacknowledged"];
        if today < "2026-10-01" {
            expected.push("no-current-cycle");
        }
        assert_eq!(codes(dir.path(), today), expected, "{today}");
        let run = check(dir.path(), today, &["--deny", "warnings"]);
        assert_eq!(run.code, exit, "{today}: {}", run.transcript());
        assert_eq!(check(dir.path(), today, &[]).code, 0, "{today}");
    }
    // Once the cycle is over, nobody waits for the answer any more.
    let after = codes(dir.path(), "2027-01-10");
    assert!(
        !after.contains(&"dependency-unacknowledged".to_string()),
        "{after:?}"
    );
}

#[test]
fn the_deadline_is_a_setting() {
    let settings = format!("{SETTINGS}\n[dependencies]\nacknowledge_within_days = 30\n");
    let dir = tree(&settings, &replaced(ENGINEERING, ACCEPTS, ""));
    let findings = found(dir.path(), "2026-10-20", "dependency-unacknowledged");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].0, "info");
    assert!(
        findings[0].2.contains("within 30 days"),
        "{}",
        findings[0].2
    );
    let findings = found(dir.path(), "2026-11-01", "dependency-unacknowledged");
    assert_eq!(findings[0].0, "warning");
}

#[test]
fn a_request_of_an_achieved_objective_waits_for_nothing() {
    let dir = tree(SETTINGS, &replaced(ENGINEERING, ACCEPTS, ""));
    let sales = replaced(
        SALES,
        "supports = [\"growth\"]\n",
        "supports = [\"growth\"]\nstatus = \"achieved\"\n",
    );
    std::fs::write(dir.path().join(SALES_Q4), sales).expect("write");
    assert_eq!(codes(dir.path(), TODAY), Vec::<String>::new());
}

#[test]
fn a_declined_request_is_a_warning_with_its_reason() {
    let engineering = replaced(
        ENGINEERING,
        ACCEPTS,
        "declines = [{ objective = \"sales-renewals\", reason = \"release freeze until January\" }]\n",
    );
    let dir = tree(SETTINGS, &engineering);
    let findings = found(dir.path(), TODAY, "dependency-declined");
    assert_eq!(
        findings,
        [(
            "warning".to_string(),
            "`sales-renewals` depends on `eng-calm-releases`, whose team `engineering` declined: release freeze until January".to_string(),
            "plan without `eng-calm-releases`: find another provider, take the work into `sales-renewals`, or re-scope it; then remove it from `depends_on`".to_string(),
        )]
    );
    assert_eq!(codes(dir.path(), TODAY), ["dependency-declined"]);
    assert_eq!(check(dir.path(), TODAY, &[]).code, 0);
    let run = check(dir.path(), TODAY, &["--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // The human output points at the request and at the decline.
    let human = check(dir.path(), TODAY, &[]);
    assert!(human.stdout.contains("declined here"), "{}", human.stdout);
}

#[test]
fn a_reason_is_raw_in_the_message_and_escaped_by_the_renderers() {
    let hostile = "no\\n::error::pwned | <b>x</b> %0A";
    let engineering = replaced(
        ENGINEERING,
        ACCEPTS,
        &format!("declines = [{{ objective = \"sales-renewals\", reason = \"{hostile}\" }}]\n"),
    );
    let dir = tree(SETTINGS, &engineering);
    let findings = found(dir.path(), TODAY, "dependency-declined");
    assert!(
        findings[0]
            .1
            .ends_with("declined: no\n::error::pwned | <b>x</b> %0A"),
        "{}",
        findings[0].1
    );
    let github = check(dir.path(), TODAY, &["--format", "github"]);
    let annotation = github
        .stdout
        .lines()
        .find(|l| l.contains("dependency-declined"))
        .expect("an annotation");
    assert!(annotation.starts_with("::warning "), "{annotation}");
    assert!(
        annotation.contains("declined: no%0A::error::pwned | <b>x</b> %250A"),
        "{annotation}"
    );
    assert!(!github.stdout.lines().any(|l| l.starts_with("::error")));
}

#[test]
fn an_answer_without_a_request_is_a_warning() {
    // eng-learning answers a request sales-renewals made of eng-calm-releases, and
    // declines one from an objective that does not exist (a typo).
    let engineering = replaced(
        ENGINEERING,
        "supports = [\"learning\"]\n",
        "supports = [\"learning\"]\naccepts = [\"sales-renewals\"]\n\
         declines = [{ objective = \"sales-renewal\", reason = \"not ours\" }]\n",
    );
    let dir = tree(SETTINGS, &engineering);
    let findings = found(dir.path(), TODAY, "answer-without-request");
    assert_eq!(
        findings,
        [
            (
                "warning".to_string(),
                "`eng-learning` accepts `sales-renewals`, which does not depend on it".to_string(),
                "remove `sales-renewals` from `accepts`, or, if `sales-renewals` needs `eng-learning`, its team adds \"eng-learning\" to its `depends_on`".to_string(),
            ),
            (
                "warning".to_string(),
                "`eng-learning` declines `sales-renewal`, but no objective has this id".to_string(),
                "did you mean `sales-renewals`?".to_string(),
            ),
        ]
    );
    // The unknown id is said once, by this rule, not again as unknown-reference.
    assert_eq!(codes(dir.path(), TODAY), ["answer-without-request"]);
    let run = check(dir.path(), TODAY, &["--deny", "warnings"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(check(dir.path(), TODAY, &[]).code, 0);
}

#[test]
fn an_answer_whose_request_was_withdrawn_is_left_behind() {
    // sales-renewals no longer needs eng-calm-releases; the acceptance stays.
    let dir = tree(SETTINGS, ENGINEERING);
    let sales = replaced(SALES, "depends_on = [\"eng-calm-releases\"]\n", "");
    std::fs::write(dir.path().join(SALES_Q4), sales).expect("write");
    let findings = found(dir.path(), TODAY, "answer-without-request");
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].1,
        "`eng-calm-releases` accepts `sales-renewals`, which does not depend on it"
    );
}
