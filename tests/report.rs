//! `align report` end to end: every format on the example as of a fixed date, the
//! roll-ups on a tree built to known numbers, hostile text in every format, Markdown
//! as GitHub renders it, HTML in a real browser, and the errors.

mod common;

use std::path::Path;

use common::{TODAY, align, align_env, external_tool};

/// A report from the files only: the example sits in this project's own repository,
/// whose history is no fixture (history is tested on built repositories).
fn report(root: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["report", "--no-history", "--root", root, "--today", TODAY];
    args.extend_from_slice(extra);
    align(&args)
}

fn ok(run: common::Run) -> String {
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "", "{}", run.transcript());
    run.stdout
}

#[test]
fn acme_in_every_format() {
    insta::assert_snapshot!("acme-table", ok(report("examples/acme", &[])));
    insta::assert_snapshot!(
        "acme-markdown",
        ok(report("examples/acme", &["--format", "markdown"]))
    );
    insta::assert_snapshot!(
        "acme-json",
        ok(report("examples/acme", &["--format", "json"]))
    );
    insta::assert_snapshot!(
        "acme-html",
        ok(report("examples/acme", &["--format", "html"]))
    );
}

#[test]
fn the_table_fits_80_columns() {
    for root in [
        "examples/acme",
        "tests/reports/rollup",
        "tests/reports/hostile",
    ] {
        let out = ok(report(root, &[]));
        for line in out.lines() {
            assert!(
                line.chars().count() <= 80,
                "{root}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn colour_only_when_asked_for() {
    let plain = ok(report("examples/acme", &[]));
    assert!(!plain.contains('\u{1b}'), "no colour in a pipe");
    let forced = align_env(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "report",
            "--no-history",
            "--root",
            "examples/acme",
            "--today",
            TODAY,
        ],
        &[("NO_COLOR", None), ("CLICOLOR_FORCE", Some("1"))],
    );
    assert_eq!(forced.code, 0, "{}", forced.transcript());
    assert!(forced.stdout.contains("\u{1b}["), "CLICOLOR_FORCE colours");
    // NO_COLOR wins over CLICOLOR_FORCE, as for every command (and clap's --help).
    let both = align_env(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "report",
            "--no-history",
            "--root",
            "examples/acme",
            "--today",
            TODAY,
        ],
        &[("NO_COLOR", Some("1")), ("CLICOLOR_FORCE", Some("1"))],
    );
    assert_eq!(both.stdout, plain);
    // Same words, with or without colour.
    let stripped: String = {
        let mut out = String::new();
        let mut chars = forced.stdout.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    assert_eq!(stripped, plain);
}

fn json(root: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = extra.to_vec();
    args.extend_from_slice(&["--format", "json"]);
    let run = report(root, &args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    run.json()
}

fn near(value: &serde_json::Value, expected: f64) {
    let actual = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

fn find<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .expect("an array")
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {list}"))
}

#[test]
fn roll_ups_add_up() {
    let report = json("tests/reports/rollup", &[]);
    assert_eq!(report["schema_version"], 1);
    near(&report["cycle"]["elapsed"], 0.5);
    let s = &report["summary"];
    assert_eq!(s["objectives"], 4, "the dropped objective does not count");
    assert_eq!(s["key_results"], 5);
    near(&s["progress"], (0.5 + 0.75 + 0.3 + 0.2) / 4.0);
    let count = |key: &str| s[key].as_u64().unwrap_or_else(|| panic!("{key}"));
    assert_eq!(
        [
            count("on_track"),
            count("at_risk"),
            count("off_track"),
            count("dropped")
        ],
        [3, 0, 1, 1]
    );

    // Teams: Engineering rolls up its sub-teams; each sub-team its own.
    let teams = &report["teams"];
    let order: Vec<&str> = teams
        .as_array()
        .expect("teams")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        order,
        ["eng", "platform", "mobile", "sales"],
        "team tree order"
    );
    let eng = find(teams, "eng");
    assert_eq!(eng["rollup"]["objectives"], 3);
    near(&eng["rollup"]["progress"], (0.5 + 0.75 + 0.3) / 3.0);
    assert_eq!(eng["objectives"].as_array().expect("own").len(), 1);
    assert_eq!(find(teams, "platform")["depth"], 1);
    near(&find(teams, "platform")["rollup"]["progress"], 0.75);
    let sales = find(teams, "sales");
    assert_eq!(sales["rollup"]["objectives"], 1);
    near(&sales["rollup"]["progress"], 0.2);

    // Pillars reach objectives through the supports chain.
    let pillars = &report["pillars"];
    near(
        &find(pillars, "trust")["progress"],
        (0.5 + 0.75 + 0.3) / 3.0,
    );
    assert_eq!(find(pillars, "trust")["objectives"], 3);
    near(&find(pillars, "growth")["progress"], 0.2);
    assert_eq!(find(pillars, "growth")["health"], "off-track");
    let perspectives = &report["perspectives"];
    near(
        &find(perspectives, "customer")["progress"],
        (0.5 + 0.75 + 0.3) / 3.0,
    );
    assert_eq!(find(perspectives, "process")["objectives"], 0);
    assert!(find(perspectives, "process")["progress"].is_null());

    // Objective grades: weighted milestones, an aspirational zone, lower-is-better.
    let platform = &find(teams, "platform")["objectives"][0];
    near(&platform["progress"], 0.75);
    let mobile = &find(teams, "mobile")["objectives"][0];
    near(&mobile["progress"], 0.3);
    near(&mobile["success_at"], 0.7);
    near(&mobile["expected"], 0.35);
    assert_eq!(mobile["health"], "on-track");
    let sales_objective = &sales["objectives"][0];
    near(&sales_objective["progress"], 0.2);
    assert_eq!(sales_objective["health"], "off-track");

    let risks: Vec<(&str, &str)> = report["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().expect("kind"),
                r["objective"].as_str().expect("id"),
            )
        })
        .collect();
    // sales-o also needs platform's objective, which platform has not agreed to.
    assert_eq!(risks, [("off-track", "sales-o"), ("unagreed", "sales-o")]);
}

#[test]
fn scope_by_team_and_cycle() {
    let platform = json("examples/acme", &["--team", "engineering"]);
    let teams: Vec<&str> = platform["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        teams,
        ["engineering", "platform", "payments", "mobile", "data"]
    );
    assert_eq!(platform["team"], "engineering");

    let q3 = json("examples/acme", &["--cycle", "2026-Q3"]);
    assert_eq!(q3["cycle"]["id"], "2026-Q3");
    assert_eq!(q3["cycle"]["chosen_by"], "option");
    near(&q3["cycle"]["elapsed"], 1.0);
    assert_eq!(q3["cycle"]["days_left"], 0);

    // No cycle contains the day: the latest one that started, and the report says so.
    let run = align(&[
        "report",
        "--no-history",
        "--root",
        "examples/acme",
        "--today",
        "2027-02-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("No cycle contains 2027-02-01: this is the latest one that started"),
        "{}",
        run.stdout
    );
}

#[test]
fn today_comes_from_the_environment_too() {
    let from_flag = ok(report("examples/acme", &["--format", "json"]));
    let from_env = align_env(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "report",
            "--no-history",
            "--root",
            "examples/acme",
            "--format",
            "json",
        ],
        &[("ALIGN_TODAY", Some(TODAY))],
    );
    assert_eq!(from_env.code, 0, "{}", from_env.transcript());
    assert_eq!(from_env.stdout, from_flag);
}

#[test]
fn out_writes_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("review.html");
    let run = report(
        "examples/acme",
        &["--format", "html", "--out", &path.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(written, ok(report("examples/acme", &["--format", "html"])));

    let run = report(
        "examples/acme",
        &[
            "--out",
            &dir.path().join("missing/folder/x.md").to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.starts_with("error: cannot write"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_scope_is_a_clear_error() {
    let run = report("examples/acme", &["--cycle", "2026-Q5"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("unknown-cycle", run.transcript());
    let run = report("examples/acme", &["--team", "platfrom"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `platform`?"),
        "{}",
        run.stderr
    );
    let run = report("examples/acme", &["--format", "pdf"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn a_tree_with_findings_still_reports_and_says_so() {
    let run = report("tests/fixtures/line-of-sight", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "Note: align check reports 1 error and 0 warnings: some figures may be wrong."
        ),
        "{}",
        run.stdout
    );
    let json = json("tests/fixtures/line-of-sight", &[]);
    assert_eq!(json["check"]["errors"], 1);
    assert_eq!(json["check"]["complete"], true);
    // The objective without a line of sight is in its own group of the tree.
    assert!(
        json["alignment"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["kind"] == "orphans"),
        "{}",
        json["alignment"]
    );
}

#[test]
fn a_tree_that_does_not_parse_is_exit_2_with_the_diagnostics() {
    let run = report("tests/fixtures/toml-syntax", &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("does-not-parse", run.transcript());
}

/// Markdown rendered to HTML by comrak, with GitHub's extensions.
fn gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    // Raw HTML is on, as on GitHub (which then sanitizes): our own <details> and
    // <br> must come through, and nothing of the users' may.
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

#[test]
fn markdown_renders_as_proper_tables() {
    let markdown = ok(report("examples/acme", &["--format", "markdown"]));
    let html = gfm(&markdown);
    let data = json("examples/acme", &[]);
    let objectives_with_krs: Vec<&serde_json::Value> = data["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .flat_map(|t| t["objectives"].as_array().expect("objectives"))
        .filter(|o| !o["key_results"].as_array().expect("krs").is_empty())
        .collect();
    // Summary, pillars, perspectives, one per objective, risks.
    let tables = 3 + objectives_with_krs.len() + 1;
    assert_eq!(html.matches("<table>").count(), tables, "{html}");
    let key_results: usize = objectives_with_krs
        .iter()
        .map(|o| o["key_results"].as_array().expect("krs").len())
        .sum();
    let risks = data["risks"].as_array().expect("risks").len();
    let pillars = data["pillars"].as_array().expect("pillars").len();
    // Body rows: 1 summary, pillars, 4 perspectives, key results, risks.
    let rows = 1 + pillars + 4 + key_results + risks;
    let body_rows = html.matches("<tr>").count() - tables;
    assert_eq!(body_rows, rows, "{html}");
    assert!(
        html.contains("<details><summary>"),
        "the alignment tree folds"
    );
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let root = "tests/reports/hostile";
    // Terminal: no control character reaches it raw.
    let table = ok(report(root, &[]));
    assert!(
        !table.contains(['\u{1b}', '\u{7}']),
        "raw control characters in:\n{table}"
    );
    assert!(table.contains("␛[31mred␛[0m"), "{table}");

    // Markdown, as GitHub renders it: no HTML of the users', no broken table, no ping.
    let markdown = ok(report(root, &["--format", "markdown"]));
    assert!(!markdown.contains("@security-team"), "a mention would ping");
    assert!(!markdown.contains("@everyone"), "a mention would ping");
    let html = gfm(&markdown);
    for raw in [
        "<script",
        "<img",
        "<b>",
        "<i>",
        "<summary>x",
        "</td></tr></table>",
        "<!-- comment",
        "href=\"javascript",
        "<del>",
    ] {
        assert!(!html.contains(raw), "`{raw}` got through:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    assert!(
        html.contains("Silenced <code>objective-has-metric</code>: &lt;script&gt;alert('allow')"),
        "the silenced lint and its reason, escaped:\n{html}"
    );
    // The key result table keeps its seven cells in every row, pipes and all.
    let kr_table = html
        .split("<table>")
        .find(|t| t.contains("Key result"))
        .expect("a key result table");
    for row in kr_table.split("<tr>").skip(1) {
        let row = row.split("</tr>").next().expect("row");
        let cells = row.matches("<td").count() + row.matches("<th").count();
        assert_eq!(cells, 7, "row split by a user's pipe: {row}");
    }

    // HTML: escaped text, no element of the users'.
    let page = ok(report(root, &["--format", "html"]));
    for raw in [
        "<script",
        "<img",
        "<b>Corp",
        "<i>Ops",
        "<details>",
        "</td></tr></table><img",
        "<!-- comment",
        "\u{1b}",
        "\u{7}",
    ] {
        assert!(!page.contains(raw), "`{raw}` got through");
    }
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(page.contains(
        "Silenced <code>objective-has-metric</code>: &lt;script&gt;alert(&#39;allow&#39;)"
    ));
    assert!(page.contains("Content-Security-Policy"));

    // JSON: the strings as written (serde escapes what JSON needs).
    let data = json(root, &[]);
    assert_eq!(
        data["vision"]["statement"],
        "<script>alert('vision')</script> | `code` *bold* @everyone"
    );
}

/// Headless Chromium, as NOTES.md says it runs here.
#[test]
#[cfg_attr(missing_chromium, ignore = "needs chromium on PATH")]
fn html_renders_in_a_real_browser() {
    if external_tool("chromium").is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    for (name, root) in [
        ("acme", "examples/acme"),
        ("hostile", "tests/reports/hostile"),
    ] {
        let page = dir.path().join(format!("{name}.html"));
        let run = report(
            root,
            &["--format", "html", "--out", &page.to_string_lossy()],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        let output = common::chromium(&["--dump-dom"], &page);
        assert!(output.status.success(), "{output:?}");
        let dom = String::from_utf8_lossy(&output.stdout);
        // The browser built the whole page: every section, to the footer.
        for id in [
            "summary",
            "pillars",
            "perspectives",
            "teams",
            "risks",
            "nudges",
            "alignment",
        ] {
            assert!(
                dom.contains(&format!("<section id=\"{id}\">")),
                "{name}: no {id}"
            );
        }
        assert!(dom.contains("<footer>"), "{name}: the page did not finish");
        assert!(!dom.contains("<script"), "{name}: a script element");
        let log = String::from_utf8_lossy(&output.stderr);
        for line in log.lines() {
            assert!(
                !(line.contains("CONSOLE") || line.contains("Refused to")),
                "{name}: the page logged: {line}"
            );
        }
    }
}
