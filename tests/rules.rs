//! Rule metadata, declared once per rule (`codes::Rule`): every code has its own
//! declaration with a complete doc, no explain text is left without a rule, and each
//! rule's Markdown page renders as GitHub renders it.

use std::fs;
use std::path::Path;

use align_okr::codes::Code;

#[test]
fn every_code_maps_to_its_own_declaration() {
    for code in Code::all() {
        let rule = code.rule();
        assert_eq!(rule.code, code, "{code} maps to the rule of {}", rule.code);
        assert!(
            !rule.summary.ends_with('.') && rule.summary.starts_with(char::is_uppercase),
            "{code}: the summary is one line in sentence case, no full stop"
        );
        assert!(
            !rule.title.ends_with('.') && !rule.title.starts_with(char::is_uppercase),
            "{code}: the title follows `{code}: ` in lower case"
        );
    }
}

#[test]
fn every_doc_has_the_four_sections_in_order() {
    let wanted = ["What it checks", "Why it matters", "How to fix", "Example"];
    for code in Code::all() {
        let rule = code.rule();
        let headings: Vec<&str> = rule
            .doc
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(' '))
            .collect();
        let known: Vec<&str> = headings
            .iter()
            .copied()
            .filter(|h| wanted.contains(h))
            .collect();
        assert_eq!(known, wanted, "{code}: {headings:?}");
        assert!(rule.doc.starts_with("What it checks\n"), "{code}");
        assert!(
            rule.rationale().is_some_and(|r| r.len() > 40),
            "{code}: no rationale"
        );
    }
}

#[test]
fn every_explain_text_belongs_to_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/explain");
    for entry in fs::read_dir(dir).expect("assets/explain") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        let code = name.strip_suffix(".md").unwrap_or(&name);
        assert!(
            code.parse::<Code>().is_ok(),
            "assets/explain/{name} is the text of no rule"
        );
    }
}

fn to_html(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

#[test]
fn every_rule_has_a_markdown_page_as_github_renders_it() {
    for code in Code::all() {
        let page = align_okr::render::rule_doc::markdown(code.rule());
        let html = to_html(&page);
        assert!(
            html.starts_with(&format!("<h1><code>{code}</code></h1>\n")),
            "{code}: {html}"
        );
        assert_eq!(html.matches("<h1>").count(), 1, "{code}");
        for heading in ["What it checks", "Why it matters", "How to fix", "Example"] {
            assert!(
                html.contains(&format!("<h2>{heading}</h2>")),
                "{code}: {heading}"
            );
        }
        let severity = code.default_severity().name();
        assert!(
            html.contains(&format!("Default severity: <strong>{severity}</strong>")),
            "{code}"
        );
        // The example is code, shown as written; prose makes no links, HTML or emphasis.
        assert!(
            html.contains("<pre><code class=\"language-text\">"),
            "{code}"
        );
        for tag in ["<a ", "<em>", "<script", "<details", "<table"] {
            assert!(!html.contains(tag), "{code}: {tag} in {html}");
        }
    }
}
