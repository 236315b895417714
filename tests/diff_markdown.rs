//! `align diff --format markdown` as GitHub renders it (comrak with GitHub's
//! extensions and raw HTML let through, as in a comment): hostile titles stay text,
//! tables keep their shape, long sections fold, and a byte budget is kept without
//! leaving a table or a `<details>` open. Also: the terminal never gets control bytes.

mod common;

use common::TODAY;
use common::repo::TestRepo;
use common::strategy::*;

fn to_html(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.math_dollars = true;
    // GitHub lets some HTML through; the test must see whatever we let through.
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

/// The HTML tags of a document, by name, in order.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .collect()
}

/// The tables of a document: for each, its rows, and for each row its cell count.
fn tables(html: &str) -> Vec<Vec<usize>> {
    html.split("<table>")
        .skip(1)
        .map(|table| {
            let table = table.split("</table>").next().expect("closed");
            table
                .split("<tr>")
                .skip(1)
                .map(|row| row.matches("<td").count() + row.matches("<th").count())
                .collect()
        })
        .collect()
}

const HOSTILE_TITLE: &str = r#"Make <script>alert('x')</script> reliable | pipes `code` <details><summary>x</summary> *bold* [link](http://evil) www.evil.com $x$ @security-team \u001b[31mred\n# heading"#;

fn hostile_repo() -> TestRepo {
    let repo = base_repo();
    let objective = format!(
        "\n[[objective]]\nid = \"sales-hostile\"\ntitle = \"{HOSTILE_TITLE}\"\nteam = \"sales\"\n\
         cycle = \"2026-Q4\"\nowner = \"@dan\"\nsupports = [\"growth\"]\n\
         description = \"</td></tr></table><img src=x onerror=alert(1)>\"\n\n\
         [[objective.key_result]]\nid = \"signups\"\ntitle = \"p95 `latency` | below <b>300</b> \
         @security-team\"\nbaseline = 500.0\ntarget = 300.0\nunit = \"ms</td>\"\n"
    );
    repo.write(SALES_Q4, &format!("{SALES}{objective}"));
    repo.commit("2026-11-10", "@dan", "A hostile objective");
    repo
}

#[test]
fn hostile_titles_stay_text_and_tables_keep_their_shape() {
    let repo = hostile_repo();
    let run = align(
        repo.path(),
        &[
            "diff", "main", "HEAD", "--today", TODAY, "--format", "markdown",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = to_html(&run.stdout);

    // Only the tags the renderer writes: no <script>, <details>, <b>, <img>, links.
    let allowed = [
        "h3", "h4", "p", "code", "table", "thead", "tbody", "tr", "th", "td", "br", "strong", "ul",
        "li",
    ];
    for tag in tags(&html) {
        assert!(allowed.contains(&tag.as_str()), "<{tag}> in:\n{html}");
    }
    // Objectives, key results, team focus, and the findings the title brings: each a
    // table with a header and one row per change, every row with all its cells.
    let shape = tables(&html);
    let sections = run.stdout.matches("\n#### ").count();
    assert_eq!(shape.len(), sections, "{html}");
    assert_eq!(shape[0], [3, 3], "objectives: {html}");
    assert_eq!(shape[1], [3, 3], "key results: {html}");
    assert_eq!(shape[2], [4, 4], "team focus: {html}");
    for table in &shape {
        assert!(table.windows(2).all(|w| w[0] == w[1]), "{shape:?}");
    }
    // What users wrote is shown as written, and mentions no one.
    assert!(
        html.contains("Make &lt;script&gt;alert('x')&lt;/script&gt; reliable | pipes `code`"),
        "{html}"
    );
    assert!(html.contains("@\u{200b}security-team"), "{html}");
    assert!(!html.contains("@security-team"), "{html}");
    assert!(html.contains("$x$"), "{html}");
    assert!(!html.contains('\u{1b}'), "an escape byte reached the page");
    insta::assert_snapshot!("hostile-markdown", run.stdout);
}

#[test]
fn the_terminal_never_gets_control_characters() {
    let repo = hostile_repo();
    let run = align(repo.path(), &["diff", "main", "HEAD", "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("Make <script>alert('x')</script>"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.stdout
    );
    // JSON keeps the text exactly, escaped as JSON.
    let json = align(
        repo.path(),
        &["diff", "main", "HEAD", "--today", TODAY, "--format", "json"],
    )
    .json();
    let title = json["objectives"][0]["title"].as_str().expect("a title");
    assert!(title.contains("\u{1b}[31mred\n# heading"), "{title:?}");
}

/// A change that adds twelve objectives to one team.
fn big_repo() -> TestRepo {
    let repo = base_repo();
    let mut text = String::from(SALES);
    for (n, region) in ('a'..='l').enumerate() {
        text.push_str(&format!(
            "\n[[objective]]\nid = \"sales-push-{n}\"\ntitle = \"Shops of region {region} renew \
             without a call\"\nteam = \"sales\"\ncycle = \"2026-Q4\"\nowner = \"@dan\"\n\
             supports = [\"growth\"]\nallow = [\"kr-single\"]\n\
             allow_reason = \"one number per region, on purpose\"\n\n\
             [[objective.key_result]]\nid = \"renewals\"\n\
             title = \"Renewals in region {region}\"\nbaseline = 10.0\ntarget = 20.0\nunit = \"shops\"\n"
        ));
    }
    repo.write(SALES_Q4, &text);
    repo.commit("2026-11-10", "@dan", "Push every region");
    repo
}

#[test]
fn long_sections_fold_into_details() {
    let repo = big_repo();
    let run = align(
        repo.path(),
        &[
            "diff", "main", "HEAD", "--today", TODAY, "--format", "markdown",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let html = to_html(&run.stdout);
    // Objectives and key results (12 rows each) fold; the rest does not.
    assert_eq!(html.matches("<details>").count(), 2, "{html}");
    assert_eq!(html.matches("</details>").count(), 2, "{html}");
    assert!(
        html.contains("<summary>Objectives (12)</summary>"),
        "{html}"
    );
    let shape = tables(&html);
    assert_eq!(shape[0].len(), 13, "header and 12 objectives: {html}");
    assert_eq!(shape[1].len(), 13, "header and 12 key results: {html}");
    assert_eq!(
        run.stdout.lines().next(),
        Some(
            "### Strategy diff: 12 objectives added, 1 team over its objective limit, 1 new error, 1 new warning"
        )
    );
}

#[test]
fn a_byte_budget_leaves_out_whole_rows_and_closes_what_it_opened() {
    let repo = big_repo();
    let args = [
        "diff", "main", "HEAD", "--today", TODAY, "--format", "markdown",
    ];
    let whole = align(repo.path(), &args).stdout;
    for budget in [600, 1500, 2500, whole.len() - 1] {
        let limit = budget.to_string();
        let mut with_limit = args.to_vec();
        with_limit.extend(["--max-bytes", &limit]);
        let run = align(repo.path(), &with_limit);
        assert_eq!(run.code, 0, "{}", run.transcript());
        let out = &run.stdout;
        assert!(
            out.len() <= budget,
            "{} bytes over a budget of {budget}",
            out.len()
        );
        assert!(
            out.starts_with("### Strategy diff: 12 objectives added"),
            "{out}"
        );
        assert!(
            out.ends_with("run `align diff` for the whole diff.*\n"),
            "{out}"
        );
        assert_eq!(
            out.matches("<details>").count(),
            out.matches("</details>").count(),
            "{out}"
        );
        let html = to_html(out);
        for table in tables(&html) {
            assert!(table.windows(2).all(|w| w[0] == w[1]), "{html}");
        }
        if budget >= 1500 {
            assert!(out.contains("more rows left out.*"), "{out}");
        }
    }
    // A budget the diff fits in changes nothing.
    let mut roomy = args.to_vec();
    let size = whole.len().to_string();
    roomy.extend(["--max-bytes", &size]);
    assert_eq!(align(repo.path(), &roomy).stdout, whole);
    // Only Markdown has a budget.
    let run = align(repo.path(), &["diff", "main", "HEAD", "--max-bytes", "100"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("--max-bytes applies to --format markdown"),
        "{}",
        run.stderr
    );
}
