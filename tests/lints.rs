//! The writing lints, table-driven: for every lint, titles or items that must trip it
//! (and the words its span must cover) and ones that must not, in several languages;
//! then `allow`, `[lints]` settings, and what `align check` and `align report` show.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use align_okr::codes::Code;
use align_okr::rules::{Checked, check};
use common::{TODAY, align};

const BASE: [(&str, &str); 3] = [
    ("vision.toml", VISION),
    ("teams.toml", TEAMS),
    ("cycles.toml", CYCLES),
];

const VISION: &str = r#"[vision]
statement = "Small shops ship every order on time"

[[pillar]]
id = "trust"
title = "Be the shipping tool small shops trust"
"#;

const TEAMS: &str = r#"[[team]]
id = "eng"
lead = "@ana"
members = ["@bob"]

[[team]]
id = "platform"
parent = "eng"
lead = "@eve"
members = ["@fay"]

[[team]]
id = "sales"
lead = "@cara"
members = ["@dan"]

[[team]]
id = "ops"
lead = "@olga"
"#;

const CYCLES: &str = r#"[[cycle]]
id = "2026-Q4"
start = 2026-10-01
end = 2026-12-31
"#;

/// `text` with `from` replaced once by `to`; a template that no longer holds `from`
/// fails the test instead of silently testing the unchanged text.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in {text}");
    text.replacen(from, to, 1)
}

/// A TOML string holding `text`, escaped as needed.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Loads a tree made of the base files, `settings` as align.toml and `objectives`, and
/// runs every rule, as `align check` does.
fn run(settings: &str, objectives: &str) -> (Checked, align_okr::load::Tree) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_tree(dir.path(), settings, objectives);
    let tree = align_okr::load::load(dir.path()).expect("loads");
    let today = TODAY.parse().expect("a date");
    (check(&tree, today), tree)
}

/// The text each finding of `code` points at, in the file it points into.
fn spans(checked: &Checked, tree: &align_okr::load::Tree, code: Code) -> Vec<String> {
    checked
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            let label = f.primary().expect("a primary label");
            tree.sources.get(label.file).text[label.span.clone()].to_string()
        })
        .collect()
}

/// An objective of team `eng` with two plain key results, `extra` lines added to it.
fn objective(title: &str, extra: &str) -> String {
    format!(
        r#"[[objective]]
id = "o"
title = {}
team = "eng"
cycle = "2026-Q4"
owner = "@ana"
supports = ["trust"]
{extra}
[[objective.key_result]]
id = "a"
title = "Net revenue retention"
baseline = 98.0
target = 105.0
unit = "%"

[[objective.key_result]]
id = "b"
title = "Monthly logo churn"
baseline = 2.5
target = 1.5
unit = "%"
"#,
        quoted(title)
    )
}

/// `[lints] languages = [...]` for a case's languages.
fn languages(langs: &[&str]) -> String {
    let list: Vec<String> = langs.iter().map(|l| quoted(l)).collect();
    format!("[lints]\nlanguages = [{}]\n", list.join(", "))
}

/// One row of a table: the languages, the input, and what the lint's span must cover
/// (`None`: the lint must not fire).
type Case<'a> = (&'a [&'a str], &'a str, Option<&'a str>);

const EN: &[&str] = &["en"];

/// Runs the rows of a table, each through `tree`, and reports every row that fails.
fn table(code: Code, cases: &[Case], tree: impl Fn(&str) -> String, settings: &str) {
    let trips = cases.iter().filter(|c| c.2.is_some()).count();
    assert!(
        trips >= 5 && cases.len() - trips >= 5,
        "{code}: five of each"
    );
    let mut failures = String::new();
    for &(langs, input, expected) in cases {
        let (checked, tree_) = run(&format!("{}{settings}", languages(langs)), &tree(input));
        let found = spans(&checked, &tree_, code);
        let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if found != want {
            writeln!(
                failures,
                "{code} {langs:?} {input:?}: found {found:?}, want {want:?}"
            )
            .expect("write");
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn outcome_not_output() {
    let de = &["en", "de"];
    let cases: &[Case] = &[
        (EN, "Launch the new billing page", Some("Launch")),
        (EN, "Roll-out SSO to every customer", Some("Roll-out")),
        (EN, "\"Ship\" the mobile app, finally!", Some("Ship")),
        (EN, "MIGRATE billing to the new cloud", Some("MIGRATE")),
        (EN, "New checkout launched", Some("launched")),
        (EN, "Ship faster so that customers are happy", Some("Ship")),
        (EN, "Migration to Kubernetes is done", Some("Migration")),
        (EN, "Release the Q3 2026 roadmap", Some("Release")),
        (de, "Neues Kunden-Dashboard einführen", Some("einführen")),
        (de, "Einführung des neuen CRM", Some("Einführung")),
        (&["fr"], "Déployer la nouvelle plateforme", Some("Déployer")),
        (&["fr"], "Mise en place d'un CRM", Some("Mise en place")),
        (&["es"], "Lanzar la app móvil en México", Some("Lanzar")),
        // Typed decomposed (e + U+0301): it matches in NFC; the span is then the title.
        (
            &["fr"],
            "De\u{301}ployer la plateforme",
            Some("\"De\u{301}ployer la plateforme\""),
        ),
        // The known false positive: "release" is the subject, not an order.
        (EN, "Release day is boring", None),
        (EN, "Build times are short enough that nobody waits", None),
        (EN, "Customers never notice when we release", None),
        (EN, "Shippers trust our delivery dates", None),
        (EN, "Launchpad users find answers alone", None),
        (EN, "Q3 2026: shops launch campaigns without help", None),
        (EN, "Neues Dashboard einführen", None),
        (de, "Release-Tag ist langweilig", None),
        (de, "Kunden vertrauen unseren Lieferzeiten", None),
        (&["fr"], "Les clients renouvellent sans hésiter", None),
        (&["es"], "Los equipos despliegan sin miedo", None),
    ];
    table(Code::OutcomeNotOutput, cases, |t| objective(t, ""), "");
}

#[test]
fn objective_has_metric() {
    let cases: &[Case] = &[
        (EN, "Reach 99.9% uptime", Some("99.9%")),
        (EN, "Grow revenue 3x in Q3 2026", Some("3x")),
        (EN, "Win 10k new shops", Some("10k")),
        (EN, "Cut costs by $2M, (finally)", Some("$2M")),
        (&["de"], "Umsatz um 20 % steigern", Some("20")),
        (&["fr"], "Réduire le délai à 2 jours", Some("2")),
        (EN, "Customers can count on us at their busiest hour", None),
        (EN, "Be the best B2B tool of 2026", None),
        (EN, "Win Q3 2026, and the 2026-Q4 cycle too", None),
        (EN, "24/7 support that feels human", None),
        (EN, "Become the 1st choice of small shops", None),
        (&["de"], "Kunden lieben uns – FY26 und H2", None),
        (&["es"], "Las tiendas crecen con nosotros en 2027", None),
    ];
    table(Code::ObjectiveHasMetric, cases, |t| objective(t, ""), "");
}

#[test]
fn objective_too_long() {
    let eighteen = "one two three four five six seven eight nine ten eleven twelve \
                    thirteen fourteen fifteen sixteen seventeen eighteen";
    let cases: &[Case] = &[
        (EN, &format!("{eighteen} nineteen"), Some("nineteen")),
        (
            EN,
            &format!("{eighteen} nineteen, twenty!"),
            Some("nineteen, twenty!"),
        ),
        (
            EN,
            "Kleine Läden verlängern ihren Jahresvertrag, weil wir schnell antworten, korrekt \
             abrechnen und jedes Etikett pünktlich drucken, Tag für Tag",
            Some("Tag"),
        ),
        (
            EN,
            "Les petites boutiques renouvellent leur abonnement annuel parce que nous \
             répondons vite et facturons juste, jour après jour, toujours",
            Some("toujours"),
        ),
        (EN, &format!("“{eighteen} nineteen”"), Some("nineteen”")),
        (EN, eighteen, None),
        (EN, &format!("{eighteen} — – -"), None),
        (EN, "Make deploys boringly reliable", None),
        (EN, "Les clients renouvellent sans hésiter", None),
        (EN, "Q3 2026: shops grow", None),
    ];
    let owned: Vec<(&[&str], String, Option<&str>)> =
        cases.iter().map(|c| (c.0, c.1.to_string(), c.2)).collect();
    let cases: Vec<Case> = owned.iter().map(|c| (c.0, c.1.as_str(), c.2)).collect();
    table(Code::ObjectiveTooLong, &cases, |t| objective(t, ""), "");
    // The limit is a setting.
    let short: &[Case] = &[
        (EN, "one two three four", Some("four")),
        (EN, "one two three four five", Some("four five")),
        (EN, "Ein zwei drei vier", Some("vier")),
        (EN, "un deux trois quatre", Some("quatre")),
        (EN, "uno, dos, tres, cuatro.", Some("cuatro.")),
        (EN, "one two three", None),
        (EN, "one – two – three", None),
        (EN, "Kunden bleiben treu", None),
        (EN, "Q3 2026", None),
        (EN, "Boring deploys", None),
    ];
    table(
        Code::ObjectiveTooLong,
        short,
        |t| objective(t, ""),
        "[limits]\nmax_title_words = 3\n",
    );
}

/// An objective whose first key result has `title` and the `extra` lines.
fn key_result(title: &str, extra: &str) -> String {
    replaced(
        &objective("Shops renew instead of shopping around", ""),
        "title = \"Net revenue retention\"\n",
        &format!("title = {}\n{extra}", quoted(title)),
    )
}

#[test]
fn kr_is_activity() {
    let all = &["en", "de", "es", "fr"];
    let cases: &[Case] = &[
        (EN, "Sales calls made per week", Some("calls")),
        (EN, "Blog posts published", Some("Blog posts")),
        (
            EN,
            "Tickets closed by the support team",
            Some("Tickets closed"),
        ),
        (EN, "E-mails sent to trial users", Some("E-mails sent")),
        (all, "Kundenbesuche pro Monat", Some("Kundenbesuche")),
        (all, "Nombre d'appels passés", Some("appels")),
        (all, "Reuniones con clientes potenciales", Some("Reuniones")),
        (EN, "Net revenue retention", None),
        (EN, "Demos that convert to booked deals", None),
        (EN, "Sales calls that turn into renewals", None),
        (EN, "Tickets resolved in the first reply", None),
        (EN, "Callsign adoption in the field", None),
        (all, "Kundenbesuche, die zu Verlängerungen führen", None),
        (all, "Appels qui mènent à une vente", None),
        (EN, "Kundenbesuche pro Monat", None),
    ];
    table(Code::KrIsActivity, cases, |t| key_result(t, ""), "");
    // A deliberate leading indicator is exempt.
    let (checked, _) = run(
        "",
        &key_result("Sales calls made per week", "signal = \"leading\"\n"),
    );
    assert!(
        checked
            .findings
            .iter()
            .all(|f| f.code != Code::KrIsActivity)
    );
}

/// Tables whose input is TOML lines rather than a title: `(input, span or None)`.
fn items(code: Code, cases: &[(&str, Option<&str>)], tree: impl Fn(&str) -> String) {
    let rows: Vec<Case> = cases
        .iter()
        .map(|&(input, want)| (EN, input, want))
        .collect();
    table(code, &rows, tree, "");
}

#[test]
fn unowned() {
    let owned = |lines: &str| {
        let o = objective("Shops renew instead of shopping around", "");
        replaced(
            &replaced(&o, "team = \"eng\"\n", ""),
            "owner = \"@ana\"\n",
            lines,
        )
    };
    let cases = [
        ("team = \"eng\"\n", Some("\"o\"")),
        ("team = \"eng\"\nowner = \"@dan\"\n", Some("\"@dan\"")),
        ("team = \"eng\"\nowner = \"@cara\"\n", Some("\"@cara\"")),
        ("team = \"platform\"\nowner = \"@ana\"\n", Some("\"@ana\"")),
        ("team = \"platform\"\nowner = \"@bob\"\n", Some("\"@bob\"")),
        ("team = \"ops\"\n", Some("\"o\"")),
        ("team = \"eng\"\nowner = \"@ana\"\n", None),
        ("team = \"eng\"\nowner = \"@bob\"\n", None),
        // Someone in a team below the objective's team.
        ("team = \"eng\"\nowner = \"@eve\"\n", None),
        ("team = \"eng\"\nowner = \"@fay\"\n", None),
        // Nobody lists them: unknown-owner says so, once.
        ("team = \"eng\"\nowner = \"@ghost\"\n", None),
        // A team that lists no members cannot be checked.
        ("team = \"ops\"\nowner = \"@cara\"\n", None),
        // Not a handle: invalid-handle says so.
        ("team = \"eng\"\nowner = \"Bob\"\n", None),
        // Nobody checks in on a dropped objective.
        ("team = \"eng\"\nstatus = \"dropped\"\n", None),
    ];
    items(Code::Unowned, &cases, owned);
    let (checked, _) = run("", &owned("team = \"eng\"\nowner = \"@ghost\"\n"));
    let codes: Vec<Code> = checked.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Code::UnknownOwner]);
}

/// An objective with the given key results, each a TOML table body.
fn with_key_results(key_results: &[&str], extra: &str) -> String {
    let mut text = format!(
        "[[objective]]\nid = \"o\"\ntitle = \"Shops renew instead of shopping around\"\n\
         team = \"eng\"\ncycle = \"2026-Q4\"\nowner = \"@ana\"\nsupports = [\"trust\"]\n{extra}"
    );
    for (i, body) in key_results.iter().enumerate() {
        write!(
            text,
            "\n[[objective.key_result]]\nid = \"kr{i}\"\ntitle = \"Renewal rate {i}\"\n{body}\n"
        )
        .expect("write");
    }
    text
}

const NUMERIC: &str = "baseline = 1.0\ntarget = 2.0\nunit = \"%\"";

#[test]
fn kr_single_and_kr_count() {
    // "count|body": that many key results, each with the body.
    let objective_with = |input: &str| {
        let (count, body) = input.split_once('|').expect("count|body");
        let count: usize = count.parse().expect("a count");
        with_key_results(&vec![body; count], "")
    };
    let cases = [
        (
            "1|baseline = 1.0\ntarget = 2.0\nunit = \"%\"",
            Some("\"kr0\""),
        ),
        ("1|done = false", Some("\"kr0\"")),
        (
            "1|commit_zone = \"Pilot\"\ntarget_zone = \"Certified\"\nzone = \"commit\"",
            Some("\"kr0\""),
        ),
        (
            "1|kind = \"stay_above\"\ntarget = 99.5\nunit = \"%\"",
            Some("\"kr0\""),
        ),
        (
            "1|baseline = 5.0\ntarget = 1.0\nunit = \"days\"",
            Some("\"kr0\""),
        ),
        ("0|", None),
        ("2|done = false", None),
        ("3|baseline = 1.0\ntarget = 2.0\nunit = \"%\"", None),
        ("5|done = false", None),
        ("6|done = false", None),
    ];
    items(Code::KrSingle, &cases, objective_with);
    // None and too many stay kr-count's, an error.
    for (n, want) in [(0, 1), (6, 1), (1, 0), (5, 0)] {
        let (checked, _) = run("", &with_key_results(&vec![NUMERIC; n], ""));
        let errors = checked.findings.iter().filter(|f| f.code == Code::KrCount);
        assert_eq!(errors.count(), want, "{n} key results");
    }
}

#[test]
fn kr_no_baseline() {
    let first = |body: &str| with_key_results(&[body, NUMERIC], "");
    let cases = [
        ("target = 45.0\nunit = \"points\"", Some("45.0")),
        (
            "target = 45.0\ncurrent = 36.0\nunit = \"points\"",
            Some("45.0"),
        ),
        (
            "kind = \"increase\"\ntarget = 500.0\nunit = \"teams\"",
            Some("500.0"),
        ),
        (
            "kind = \"decrease\"\ntarget = 2.0\nunit = \"%\"",
            Some("2.0"),
        ),
        ("target = 80.0\nstretch = 90.0\nunit = \"%\"", Some("80.0")),
        (NUMERIC, None),
        ("kind = \"stay_above\"\ntarget = 99.5\nunit = \"%\"", None),
        ("kind = \"stay_below\"\ntarget = 300.0\nunit = \"ms\"", None),
        ("done = false", None),
        (
            "commit_zone = \"Pilot\"\ntarget_zone = \"Certified\"\nzone = \"commit\"",
            None,
        ),
        ("baseline = 5.0\ntarget = 1.0\nunit = \"days\"", None),
    ];
    items(Code::KrNoBaseline, &cases, first);
}

#[test]
fn kr_signal_balance() {
    let signals = |list: &str| {
        let bodies: Vec<String> = list
            .split(',')
            .map(|s| match s.trim() {
                "" => NUMERIC.to_string(),
                s => format!("{NUMERIC}\nsignal = \"{s}\""),
            })
            .collect();
        let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
        with_key_results(&bodies, "")
    };
    let cases = [
        ("lagging, lagging", Some("\"lagging\"")),
        ("leading, leading", Some("\"leading\"")),
        ("lagging, lagging, lagging", Some("\"lagging\"")),
        ("leading, leading, leading", Some("\"leading\"")),
        ("lagging, lagging, lagging, lagging", Some("\"lagging\"")),
        ("lagging, leading", None),
        ("leading, lagging, leading", None),
        // An untagged key result may be the missing kind.
        ("lagging, ", None),
        (", leading", None),
        (", ", None),
        // One key result is kr-single's.
        ("lagging", None),
    ];
    items(Code::KrSignalBalance, &cases, signals);
}

#[test]
fn confidence_dishonest() {
    let aspirational = |values: &str| {
        let (kind, values) = values.split_once(':').expect("kind:values");
        let bodies: Vec<String> = values
            .split(',')
            .map(|v| match v.trim() {
                "" => NUMERIC.to_string(),
                v => format!("{NUMERIC}\nconfidence = {v}"),
            })
            .collect();
        let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
        with_key_results(&bodies, &format!("kind = \"{kind}\"\n"))
    };
    let cases = [
        ("aspirational: 0.95, 0.9", Some("\"aspirational\"")),
        ("aspirational: 10, 9", Some("\"aspirational\"")),
        ("aspirational: 0.05, 0.1", Some("\"aspirational\"")),
        ("aspirational: 0.1, 0.1", Some("\"aspirational\"")),
        ("aspirational: 1.0, 0.8", Some("\"aspirational\"")),
        ("committed: 1.0, 1.0", None),
        ("aspirational: 0.5, 0.5", None),
        ("aspirational: 0.7, 0.4", None),
        ("aspirational: \"medium\", \"high\"", None),
        ("aspirational: , ", None),
        ("aspirational: 0.2, 0.15", None),
    ];
    items(Code::ConfidenceDishonest, &cases, aspirational);
}

/// Every lint an `allow` may silence, with an item that trips it, where the `allow`
/// goes (objective or key result), and the code.
fn tripping() -> Vec<(Code, String, bool)> {
    let objective_lines = |lines: &str| objective("Shops renew instead of shopping around", lines);
    vec![
        (
            Code::OutcomeNotOutput,
            objective("Launch the billing page", ""),
            true,
        ),
        (
            Code::ObjectiveHasMetric,
            objective("Reach 99.9% uptime", ""),
            true,
        ),
        (
            Code::ObjectiveTooLong,
            objective(&"word ".repeat(19), ""),
            true,
        ),
        (
            Code::Unowned,
            replaced(&objective_lines(""), "owner = \"@ana\"\n", ""),
            true,
        ),
        (Code::KrSingle, with_key_results(&[NUMERIC], ""), true),
        (
            Code::KrSignalBalance,
            with_key_results(
                &[
                    &format!("{NUMERIC}\nsignal = \"lagging\""),
                    &format!("{NUMERIC}\nsignal = \"lagging\""),
                ],
                "",
            ),
            true,
        ),
        (
            Code::ConfidenceDishonest,
            with_key_results(
                &[
                    &format!("{NUMERIC}\nconfidence = 0.95"),
                    &format!("{NUMERIC}\nconfidence = 0.95"),
                ],
                "kind = \"aspirational\"\n",
            ),
            true,
        ),
        (
            Code::KrNoBaseline,
            with_key_results(&["target = 2.0\nunit = \"%\"", NUMERIC], ""),
            false,
        ),
        (
            Code::KrMissingUnit,
            with_key_results(&["baseline = 1.0\ntarget = 2.0", NUMERIC], ""),
            false,
        ),
        (
            Code::KrIsActivity,
            replaced(
                &with_key_results(&[NUMERIC, NUMERIC], ""),
                "title = \"Renewal rate 0\"",
                "title = \"Sales calls made\"",
            ),
            false,
        ),
    ]
}

/// Adds `allow = [code]` and `allow_reason` to the objective, or to its first key result.
fn allowing(tree: &str, code: Code, on_objective: bool, reason: Option<&str>) -> String {
    let mut lines = format!("allow = [\"{code}\"]\n");
    if let Some(reason) = reason {
        lines.push_str(&format!("allow_reason = {}\n", quoted(reason)));
    }
    if on_objective {
        replaced(
            tree,
            "supports = [\"trust\"]\n",
            &format!("supports = [\"trust\"]\n{lines}"),
        )
    } else {
        let at = tree
            .find("[[objective.key_result]]\n")
            .expect("a key result");
        let (head, tail) = tree.split_at(at);
        let (table, rest) = tail.split_at("[[objective.key_result]]\n".len());
        format!("{head}{table}{lines}{rest}")
    }
}

#[test]
fn every_lint_can_be_silenced_with_a_reason_and_only_with_one() {
    let mut failures = Vec::new();
    for (code, tree, on_objective) in tripping() {
        let (before, _) = run("", &tree);
        let tripped: Vec<Code> = before.findings.iter().map(|f| f.code).collect();
        if tripped != [code] {
            failures.push(format!("{code}: the tree trips {tripped:?}"));
            continue;
        }
        let reason = "Decided in the Q4 planning review";
        let (after, _) = run("", &allowing(&tree, code, on_objective, Some(reason)));
        let left: Vec<Code> = after.findings.iter().map(|f| f.code).collect();
        let silenced: Vec<(Code, &str)> = after
            .silenced
            .iter()
            .map(|s| (s.finding.code, s.reason.as_str()))
            .collect();
        if !left.is_empty() || silenced != [(code, reason)] {
            failures.push(format!("{code}: left {left:?}, silenced {silenced:?}"));
        }
        // Without a reason nothing is silenced, and the allow itself is a finding.
        let (bare, _) = run("", &allowing(&tree, code, on_objective, None));
        let mut codes: Vec<Code> = bare.findings.iter().map(|f| f.code).collect();
        codes.sort();
        let mut want = vec![code, Code::InvalidAllow];
        want.sort();
        if codes != want || !bare.silenced.is_empty() {
            failures.push(format!("{code} without a reason: {codes:?}"));
        }
        // On the other kind of item it is misplaced, and silences nothing.
        let (wrong, _) = run("", &allowing(&tree, code, !on_objective, Some(reason)));
        let messages: Vec<&str> = wrong
            .findings
            .iter()
            .filter(|f| f.code == Code::InvalidAllow)
            .map(|f| f.message.as_str())
            .collect();
        if messages.len() != 1 || !messages[0].contains("is a lint of") {
            failures.push(format!("{code} on the wrong item: {messages:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The messages and help lines of the `invalid-allow` findings of a tree.
fn invalid_allows(objectives: &str, settings: &str) -> Vec<String> {
    let (checked, _) = run(settings, objectives);
    checked
        .findings
        .iter()
        .filter(|f| f.code == Code::InvalidAllow)
        .map(|f| format!("{} / {}", f.message, f.help.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn a_bad_allow_is_a_finding_that_says_why() {
    let clean = objective("Shops renew instead of shopping around", "");
    let with = |lines: &str| objective("Launch the billing page", lines);
    let reason = "allow_reason = \"Decided in review\"\n";

    let typo = invalid_allows(
        &with(&format!("allow = [\"outcome-not-ouput\"]\n{reason}")),
        "",
    );
    assert_eq!(
        typo,
        [
            "`allow` names `outcome-not-ouput`, which is no rule / did you mean `outcome-not-output`?"
        ]
    );
    let error_rule = invalid_allows(&with(&format!("allow = [\"line-of-sight\"]\n{reason}")), "");
    assert_eq!(error_rule.len(), 1);
    assert!(
        error_rule[0].starts_with("`line-of-sight` cannot be silenced with `allow` / "),
        "{error_rule:?}"
    );
    let no_reason = invalid_allows(&with("allow = [\"outcome-not-output\"]\n"), "");
    assert_eq!(no_reason.len(), 1);
    assert!(
        no_reason[0].contains("has no `allow_reason`"),
        "{no_reason:?}"
    );
    let blank = invalid_allows(
        &with("allow = [\"outcome-not-output\"]\nallow_reason = \"  \"\n"),
        "",
    );
    assert_eq!(blank.len(), 1, "a blank reason is no reason");
    let orphan_reason = invalid_allows(&with(reason), "");
    assert_eq!(orphan_reason.len(), 1);
    assert!(
        orphan_reason[0].contains("without `allow`"),
        "{orphan_reason:?}"
    );

    // A lint that does not fire here any more: the allow is stale.
    let stale = invalid_allows(
        &replaced(
            &clean,
            "supports = [\"trust\"]\n",
            &format!("supports = [\"trust\"]\nallow = [\"outcome-not-output\"]\n{reason}"),
        ),
        "",
    );
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0].contains("which does not fire on objective o"),
        "{stale:?}"
    );
    // ...unless the rule is off: then nothing fires anyway.
    let off = invalid_allows(
        &with(&format!("allow = [\"outcome-not-output\"]\n{reason}")),
        "[rules]\noutcome-not-output = \"off\"\n",
    );
    assert_eq!(off, Vec::<String>::new());
    // Naming a lint twice is not a stale second entry.
    let twice = invalid_allows(
        &with(&format!(
            "allow = [\"outcome-not-output\", \"outcome-not-output\"]\n{reason}"
        )),
        "",
    );
    assert_eq!(twice, Vec::<String>::new());
}

#[test]
fn word_lists_are_extended_replaced_and_ignored_per_tree() {
    let fires = |settings: &str, title: &str| {
        let (checked, _) = run(settings, &objective(title, ""));
        checked
            .findings
            .iter()
            .any(|f| f.code == Code::OutcomeNotOutput)
    };
    assert!(!fires("", "Spike a new pricing page"));
    assert!(fires(
        "[lints.words]\ndelivery_verbs = [\"spike\"]\n",
        "Spike a new pricing page"
    ));
    // Extending keeps the shipped words; replacing drops them.
    assert!(fires(
        "[lints.words]\ndelivery_verbs = [\"spike\"]\n",
        "Launch a new pricing page"
    ));
    let replaced =
        "[lints]\nreplace = [\"delivery_verbs\"]\n[lints.words]\ndelivery_verbs = [\"spike\"]\n";
    assert!(!fires(replaced, "Launch a new pricing page"));
    assert!(fires(replaced, "Spike a new pricing page"));
    // A word that is a noun here is ignored.
    assert!(fires("", "Deliver every parcel on the promised day"));
    assert!(!fires(
        "[lints]\nignore = [\"Deliver\"]\n",
        "Deliver every parcel on the promised day"
    ));
    // No shipped language at all: only the tree's words.
    assert!(!fires(
        "[lints]\nlanguages = []\n",
        "Launch a new pricing page"
    ));
    assert!(fires(
        "[lints]\nlanguages = []\n[lints.words]\ndelivery_verbs = [\"launch\"]\n",
        "Launch a new pricing page"
    ));
}

#[test]
fn bad_lints_settings_are_findings_with_suggestions() {
    let messages = |settings: &str| {
        let (checked, _) = run(settings, &objective("Shops stay", ""));
        checked
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}: {} / {}",
                    f.code,
                    f.message,
                    f.help.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        messages("[lints]\nlanguages = [\"de\", \"fre\"]\n"),
        [
            "invalid-value: no word lists for language `fre` / did you mean `fr`? align ships word lists for en, de, es, fr"
        ]
    );
    let unknown_list = messages("[lints.words]\ndelivery_verb = [\"spike\"]\n");
    assert_eq!(unknown_list.len(), 1);
    assert!(
        unknown_list[0].starts_with(
            "unknown-key: unknown key `delivery_verb` / did you mean `delivery_verbs`?"
        ),
        "{unknown_list:?}"
    );
    let bad_replace = messages("[lints]\nreplace = [\"verbs\"]\n");
    assert_eq!(bad_replace.len(), 1);
    assert!(
        bad_replace[0].starts_with("invalid-field: "),
        "{bad_replace:?}"
    );
}

#[test]
fn explain_shows_a_bad_and_a_good_example_for_every_lint() {
    let lints = Code::all().filter(|&c| {
        align_okr::rules::allow::item_of(c).is_some()
            || matches!(
                c,
                Code::KrCount | Code::KrNotMeasurable | Code::InvalidAllow
            )
    });
    for code in lints {
        let run = align(&["explain", code.name()]);
        assert_eq!(run.code, 0);
        let example = run
            .stdout
            .split_once("\nExample\n")
            .map(|(_, example)| example)
            .unwrap_or_else(|| panic!("{code}: no Example section"));
        assert!(
            example.contains("Bad:") && example.contains("Good:"),
            "{code}: {example}"
        );
    }
}

/// Writes the base files, align.toml and objectives.toml. The base has more teams than
/// one objective can serve: `team-without-objectives` is off, so that each case shows
/// only what it is about.
fn write_tree(root: &Path, settings: &str, objectives: &str) {
    for (name, text) in BASE {
        fs::write(root.join(name), text).expect("write");
    }
    let quiet = "team-without-objectives = \"off\"\n";
    let settings = if settings.contains("[rules]\n") {
        settings.replacen("[rules]\n", &format!("[rules]\n{quiet}"), 1)
    } else {
        format!("{settings}\n[rules]\n{quiet}")
    };
    fs::write(root.join("align.toml"), settings).expect("write");
    fs::write(root.join("objectives.toml"), objectives).expect("write");
}

#[test]
fn check_counts_what_allow_silenced_and_report_shows_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = allowing(
        &objective("Launch the billing page", ""),
        Code::OutcomeNotOutput,
        true,
        Some("The card network requires this page by March"),
    );
    write_tree(dir.path(), "", &tree);
    let root = dir.path().to_string_lossy().into_owned();
    let human = align(&[
        "check", "--root", &root, "--today", TODAY, "--deny", "warnings",
    ]);
    assert_eq!(human.code, 0, "{}", human.transcript());
    assert_eq!(
        human.stdout,
        "5 files, 1 objective, 2 key results: 0 errors, 0 warnings, 0 infos (1 silenced by `allow`)\n"
    );
    let json = align(&[
        "check", "--root", &root, "--today", TODAY, "--format", "json",
    ]);
    assert_eq!(json.json()["summary"]["silenced"], 1);

    let report = align(&[
        "report", "--root", &root, "--today", TODAY, "--format", "json",
    ]);
    assert_eq!(report.code, 0, "{}", report.transcript());
    let objective = &report.json()["teams"][0]["objectives"][0];
    assert_eq!(
        objective["allowed"],
        serde_json::json!([{
            "code": "outcome-not-output",
            "reason": "The card network requires this page by March"
        }])
    );
    let table = align(&["report", "--root", &root, "--today", TODAY]);
    assert!(
        table
            .stdout
            .contains("allowed outcome-not-output: The card network requires this page by March"),
        "{}",
        table.stdout
    );
}

#[test]
fn acme_shows_a_silenced_lint_with_its_reason() {
    let json = align(&[
        "check",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(json.json()["summary"]["silenced"], 1);
    let report = align(&[
        "report",
        "--root",
        "examples/acme",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    let allowed: Vec<serde_json::Value> = report.json()["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives").clone())
        .flat_map(|o| o["allowed"].as_array().expect("allowed").clone())
        .collect();
    assert_eq!(allowed.len(), 1, "{allowed:?}");
    assert_eq!(allowed[0]["code"], "kr-signal-balance");
    let reason = allowed[0]["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("Both are finance's"), "{reason}");
}

#[test]
fn lint_trees_snapshots() {
    for name in ["allowed", "languages"] {
        let root = format!("tests/lint-trees/{name}");
        let human = align(&["check", "--root", &root, "--today", TODAY]);
        insta::assert_snapshot!(format!("lint-trees-{name}"), human.transcript());
    }
}
