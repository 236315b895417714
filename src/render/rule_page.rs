//! A rule's documentation page, `docs/rules/CODE.md`: the text of `align explain CODE`
//! as Markdown that GitHub renders. SARIF rules link to the page (`helpUri`) and carry
//! its text (`help.markdown`); tests/rule_docs.rs keeps the committed pages equal to
//! what this module writes.

use crate::codes::Code;

/// Where the pages live in the repository.
pub const DIR: &str = "docs/rules";

/// The first line of every generated page: GitHub hides it, an editor shows it.
const GENERATED: &str = "<!-- Generated from `align explain`: edit assets/explain/, then \
     `ALIGN_BLESS=1 cargo test --test rule_docs` -->";

/// The page's address on the forge, at the tag of this version, so that a SARIF log
/// links to the rule as this binary checks it.
pub fn help_uri(code: Code) -> String {
    format!(
        "{}/blob/v{}/{DIR}/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        code.name()
    )
}

/// The page of one rule.
pub fn markdown(code: Code) -> String {
    let mut out = format!("{GENERATED}\n\n# `{}`\n\n", code.name());
    out.push_str(&body(code));
    out
}

/// The page without its title: the rule's help in a SARIF log.
pub fn body(code: Code) -> String {
    let mut out = format!(
        "{}.\n\n| default severity | family | precision |\n|---|---|---|\n| {} | {} | {} |\n",
        code.description(),
        code.default_severity().name(),
        code.family().name(),
        code.precision(),
    );
    // The explain text: a title line, "Default severity: ..." (in the table above),
    // then headings at the margin, each followed by lines indented by two.
    let mut lines = code.explain().lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() || line.starts_with("Default severity:") {
            continue;
        }
        let heading = line.trim_end();
        let mut section = Vec::new();
        while let Some(next) = lines.next_if(|l| l.starts_with(' ') || l.trim().is_empty()) {
            section.push(next.strip_prefix("  ").unwrap_or(next.trim_start()));
        }
        out.push_str(&format!("\n## {heading}\n\n"));
        if heading == "Example" {
            fence(&mut out, &section);
        } else {
            prose(&mut out, &section);
        }
    }
    out
}

/// Lines of a section as paragraphs: a line starts a new paragraph when the one before
/// ends a sentence and it starts one; lines indented further are a code block.
fn prose(out: &mut String, lines: &[&str]) {
    // The blocks of the section: each a paragraph's text or a code block's lines.
    let mut blocks: Vec<(bool, Vec<&str>)> = Vec::new();
    let mut blank = true;
    for line in lines {
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        let code = line.starts_with("  ");
        let line = if code { &line[2..] } else { line.trim_end() };
        let joins = match blocks.last() {
            Some((true, _)) => code,
            Some((false, text)) => {
                let ends_sentence = text.last().is_some_and(|p| p.ends_with(['.', ':', ')']));
                let starts_sentence = ends_sentence && line.starts_with(char::is_uppercase);
                !(code || blank || starts_sentence)
            }
            None => false,
        };
        match blocks.last_mut() {
            Some((_, block)) if joins => block.push(line),
            _ => blocks.push((code, vec![line])),
        }
        blank = false;
    }
    for (i, (code, block)) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if *code {
            fence(out, block);
        } else {
            out.push_str(&block.join("\n"));
            out.push('\n');
        }
    }
}

/// Lines as a fenced code block, with a fence longer than any backtick run in them.
fn fence(out: &mut String, lines: &[&str]) {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push_str(&format!("{fence}text\n"));
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    for line in &lines[..end] {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("{fence}\n"));
}

/// The index page, `docs/rules/README.md`: every rule with its default severity and
/// what it finds, each linking to its page.
pub fn index() -> String {
    let mut out = format!(
        "{GENERATED}\n\n# Rules\n\nEvery finding of `align check` and `align drift` has one of \
         these codes. `align explain CODE` prints the same page in the terminal; \
         `align.toml` sets a rule's severity (`[rules] CODE = \"warning\"`, or \"off\").\n\n\
         | code | default | family | finds |\n|---|---|---|---|\n"
    );
    for code in Code::all() {
        out.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} |\n",
            code.name(),
            code.default_severity().name(),
            code.family().name(),
            code.description()
        ));
    }
    out
}

/// Every generated file: its path from the repository root and its content.
pub fn all() -> Vec<(String, String)> {
    let mut files = vec![(format!("{DIR}/README.md"), index())];
    files.extend(Code::all().map(|code| (format!("{DIR}/{}.md", code.name()), markdown(code))));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_has_every_section_of_the_explain_text() {
        let page = markdown(Code::Stale);
        for heading in ["What it checks", "Why it matters", "How to fix", "Example"] {
            assert!(page.contains(&format!("\n## {heading}\n")), "{page}");
        }
        // Commands indented in the explain text stay commands.
        assert!(
            page.contains("```text\nalign checkin OBJECTIVE/KR --value 97.2 --commit\n"),
            "{page}"
        );
        assert!(page.contains("| warning | drift | high |"), "{page}");
    }

    #[test]
    fn the_help_uri_is_the_page_at_this_version() {
        let uri = help_uri(Code::LineOfSight);
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(
            uri.ends_with(&format!(
                "/blob/v{}/docs/rules/line-of-sight.md",
                env!("CARGO_PKG_VERSION")
            )),
            "{uri}"
        );
    }
}
