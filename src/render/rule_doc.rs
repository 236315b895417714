//! One rule's documentation page in GitHub-flavoured Markdown, from the metadata the
//! rule declares (`codes::Rule`): the same source as `align explain` and SARIF, so a
//! generated `docs/rules/CODE.md` cannot drift from them. The doc's headings become
//! `##` sections, its indented prose paragraphs, deeper indentation and the whole
//! Example section code blocks. Prose goes through `gfm`, except its `code spans`.

use super::gfm;
use crate::codes::{Reads, Rule};
use crate::rules::allow::Item;

/// The Markdown page of a rule: its title, then [`body`].
pub fn markdown(rule: &Rule) -> String {
    format!("# `{}`\n\n{}", rule.code.name(), body(rule))
}

/// A rule's page without its title (SARIF's `help.markdown` carries this): its summary,
/// its default severity, how it is checked and silenced, its family and precision, and
/// the sections of its documentation.
pub fn body(rule: &Rule) -> String {
    let code = rule.code.name();
    let mut facts = vec![format!(
        "- Default severity: **{}**{}",
        rule.severity.name(),
        match rule.reads {
            Reads::FileLoad => {
                " (cannot be changed: a file that does not load hides everything in it)"
            }
            Reads::Tree | Reads::History => "",
        }
    )];
    facts.push(
        match rule.reads {
            Reads::FileLoad => {
                "- Reported while loading each file, by every command that reads the tree"
            }
            Reads::Tree => "- Checked by `align check` on the tree as it is",
            Reads::History => {
                "- Read from the git history by `align drift` and `align check --drift`"
            }
        }
        .to_string(),
    );
    if let Some(item) = rule.allow {
        let noun = match item {
            Item::Objective => "an objective",
            Item::KeyResult => "a key result",
        };
        facts.push(format!(
            "- Silenced on {noun} with `allow = [\"{code}\"]` and an `allow_reason`"
        ));
    }
    facts.push(format!(
        "- Family: **{}**; precision: **{}** (how often a finding is right, as SARIF says it)",
        rule.code.family().name(),
        rule.code.precision()
    ));
    let mut blocks = vec![inline(rule.summary), facts.join("\n")];
    for (heading, lines) in sections(rule.doc) {
        blocks.push(format!("## {}", inline(heading)));
        if heading == "Example" {
            blocks.push(code_block(&lines));
        } else {
            blocks.extend(prose(&lines));
        }
    }
    blocks.join("\n\n") + "\n"
}

/// The doc's sections: a heading at the start of a line, then its indented lines.
fn sections(doc: &str) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in doc.lines() {
        match out.last_mut() {
            Some((_, lines)) if line.is_empty() || line.starts_with(' ') => lines.push(line),
            _ if line.trim().is_empty() => {}
            _ => out.push((line.trim_end(), Vec::new())),
        }
    }
    for (_, lines) in &mut out {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
    }
    out
}

/// Lines indented by two spaces as paragraphs; deeper ones as code blocks. A line that
/// opens with a label ("Severity:", "Ask:") starts a paragraph of its own.
fn prose(lines: &[&str]) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Vec<&str> = Vec::new();
    for &line in lines {
        let text = line.strip_prefix("  ").unwrap_or(line);
        if text.starts_with(' ') {
            if !paragraph.is_empty() {
                blocks.push(inline(&paragraph.join(" ")));
                paragraph.clear();
            }
            code.push(text);
            continue;
        }
        if !code.is_empty() {
            blocks.push(code_block(&code));
            code.clear();
        }
        let labelled = text.split_whitespace().next().is_some_and(|word| {
            word.len() > 1
                && word.ends_with(':')
                && word.starts_with(|c: char| c.is_ascii_uppercase())
        });
        if (text.trim().is_empty() || labelled) && !paragraph.is_empty() {
            blocks.push(inline(&paragraph.join(" ")));
            paragraph.clear();
        }
        if !text.trim().is_empty() {
            paragraph.push(text.trim());
        }
    }
    if !paragraph.is_empty() {
        blocks.push(inline(&paragraph.join(" ")));
    }
    if !code.is_empty() {
        blocks.push(code_block(&code));
    }
    blocks
}

/// Lines as a fenced code block, their common indentation removed, fenced with more
/// backticks than any line holds.
fn code_block(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let longest_run = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let mut out = format!("{fence}text\n");
    for line in lines {
        out.push_str(line.get(indent..).unwrap_or("").trim_end());
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// Prose with its `code spans` kept and everything else shown as written.
fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one unpaired: it is text.
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i >= paired {
            out.push_str(&gfm::text(&format!("`{part}")));
        } else if i % 2 == 1 && !part.is_empty() {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push_str(&gfm::text(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    #[test]
    fn code_spans_stay_code_and_the_rest_is_text() {
        assert_eq!(
            inline("a `[rules]` table <b> *x*"),
            "a `[rules]` table &lt;b&gt; \\*x\\*"
        );
        assert_eq!(inline("one ` alone"), "one \\` alone");
    }

    #[test]
    fn a_page_has_every_section_of_the_doc() {
        let page = markdown(Code::KrSingle.rule());
        assert!(page.starts_with("# `kr-single`\n\nAn objective has exactly one key result\n"));
        assert!(page.contains("- Default severity: **warning**\n"));
        assert!(page.contains("with `allow = [\"kr-single\"]`"));
        for heading in ["What it checks", "Why it matters", "How to fix", "Example"] {
            assert!(page.contains(&format!("\n## {heading}\n\n")), "{heading}");
        }
        let example = page.split("## Example\n\n").nth(1).expect("example");
        assert!(
            example.starts_with("```text\nBad:\n  title = "),
            "{example}"
        );
    }
}
