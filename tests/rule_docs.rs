//! docs/rules/: one page per rule, written from the same text as `align explain`, and
//! the pages SARIF links to. The committed pages must be what align writes now; with
//! `ALIGN_BLESS=1` this test rewrites them instead (then read the diff and commit).

mod common;

use std::path::Path;

use align_okr::codes::Code;
use align_okr::render::rule_page;

const BLESS: &str = "ALIGN_BLESS=1 cargo test --test rule_docs";

#[test]
fn every_rule_page_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("ALIGN_BLESS").is_some_and(|v| v == "1");
    let expected = rule_page::all();
    let mut stale = Vec::new();
    for (path, content) in &expected {
        let file = root.join(path);
        if bless {
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&file, content).expect("write the page");
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(content.as_str()) {
            stale.push(path.clone());
        }
    }
    // A page whose rule is gone is stale too.
    let known: Vec<&str> = expected.iter().map(|(path, _)| path.as_str()).collect();
    for entry in std::fs::read_dir(root.join(rule_page::DIR)).expect("docs/rules exists") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let path = format!("{}/{name}", rule_page::DIR);
        if !known.contains(&path.as_str()) {
            if bless {
                std::fs::remove_file(root.join(&path)).expect("remove");
            } else {
                stale.push(format!("{path} (no such rule)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "rule pages out of date: {stale:?}\nregenerate them with `{BLESS}`, then review the diff"
    );
}

#[test]
fn explain_prints_what_each_page_says() {
    for code in Code::all() {
        let run = common::align(&["explain", code.name()]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(run.stdout, code.explain(), "{code}");
        // Read as text: Markdown's escapes (`\*.toml`, `&lt;`) are how it is written,
        // not what it says.
        let page = rule_page::markdown(code)
            .replace('\\', "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
        // The first words of each line of the explain text are on the page.
        for line in run.stdout.lines().skip(2) {
            let words: Vec<&str> = line.split_whitespace().take(3).collect();
            if !words.is_empty() {
                assert!(
                    page.contains(&words.join(" ")),
                    "{code}: {line:?} missing from the page"
                );
            }
        }
    }
}

#[test]
fn pages_render_on_github_with_their_sections_and_the_index_links_every_page() {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    for code in Code::all() {
        let html = comrak::markdown_to_html(&rule_page::markdown(code), &options);
        assert!(
            html.contains(&format!("<h1><code>{}</code></h1>", code.name())),
            "{html}"
        );
        for heading in ["What it checks", "Why it matters", "How to fix", "Example"] {
            assert!(
                html.contains(&format!("<h2>{heading}</h2>")),
                "{code}: {html}"
            );
        }
        assert!(
            html.contains(&format!(
                "Family: <strong>{}</strong>",
                code.family().name()
            )),
            "{code}: {html}"
        );
    }
    let index = comrak::markdown_to_html(&rule_page::index(), &options);
    for code in Code::all() {
        assert!(
            index.contains(&format!(
                "<a href=\"{0}.md\"><code>{0}</code></a>",
                code.name()
            )),
            "{code}"
        );
    }
    assert_eq!(index.matches("<tr>").count(), Code::all().count() + 1);
}
