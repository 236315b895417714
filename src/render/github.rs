//! `--format github`: one GitHub Actions workflow command a finding
//! (`::error file=…,line=…::message`), which GitHub shows as an annotation on the
//! pull request's lines. Paths are relative to the repository root.

use std::io::{self, Write};

use super::Summary;
use crate::diag::{Finding, Severity};
use crate::source::Sources;

/// GitHub shows this many annotations of each level per step and drops the rest.
pub const SHOWN_PER_LEVEL: usize = 10;

/// Writes the annotations. `prefix` is the tree root's path from the repository root
/// (`"strategy/"`, or `""`). Notices come first, so that GitHub's limit never drops
/// them: that files did not load (so rules were skipped), and past the limit, how
/// many findings the annotations miss.
pub fn render(
    sources: &Sources,
    findings: &[Finding],
    summary: &Summary,
    prefix: &str,
    w: &mut dyn Write,
) -> io::Result<()> {
    if let Some(note) = summary.incomplete_note() {
        writeln!(
            w,
            "::notice title={}::{}",
            property("align check: files did not load"),
            data(&note)
        )?;
    }
    let t = summary.tally;
    let hidden = |n: usize| n.saturating_sub(SHOWN_PER_LEVEL);
    let (errors, warnings, infos) = (hidden(t.errors), hidden(t.warnings), hidden(t.infos));
    if errors + warnings + infos > 0 {
        writeln!(
            w,
            "::notice title={}::{}",
            property("align check: more findings than GitHub shows"),
            data(&format!(
                "{}. GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step: \
                 {errors} errors, {warnings} warnings and {infos} infos are not annotated. \
                 The log below lists them all; `align check` shows them locally.",
                summary.line()
            ))
        )?;
    }
    for finding in findings {
        annotation(sources, finding, prefix, w)?;
    }
    Ok(())
}

fn annotation(
    sources: &Sources,
    finding: &Finding,
    prefix: &str,
    w: &mut dyn Write,
) -> io::Result<()> {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = Vec::new();
    match finding.primary() {
        Some(label) => {
            let file = sources.get(label.file);
            let (line, column) = file.line_col(label.span.start);
            let (end_line, end_column) = file.line_col(label.span.end);
            properties.push(format!(
                "file={}",
                property(&format!("{prefix}{}", file.name))
            ));
            properties.push(format!("line={line}"));
            properties.push(format!("endLine={end_line}"));
            // GitHub takes columns only for a range on one line.
            if line == end_line {
                properties.push(format!("col={column}"));
                properties.push(format!("endColumn={end_column}"));
            }
        }
        // A finding about the whole tree lands on the file that marks the tree.
        None => {
            let settings = crate::load::SETTINGS_FILE;
            properties.push(format!("file={}", property(&format!("{prefix}{settings}"))));
            properties.push("line=1".into());
        }
    }
    let title = match &finding.entity {
        Some(entity) => format!("{}: {entity}", finding.code),
        None => finding.code.to_string(),
    };
    properties.push(format!("title={}", property(&title)));

    let mut message = finding.message.clone();
    for label in finding.labels.iter().filter(|l| !l.primary) {
        let file = sources.get(label.file);
        let (line, column) = file.line_col(label.span.start);
        message.push_str(&format!(
            "\n{prefix}{}:{line}:{column}: {}",
            file.name, label.message
        ));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    writeln!(
        w,
        "::{command} {}::{}",
        properties.join(","),
        data(&message)
    )
}

/// Escapes a command's message: `%`, carriage return and line feed.
pub fn data(text: &str) -> String {
    escape(text, false)
}

/// Escapes a command's property value: as [`data`], and `:` and `,` too.
pub fn property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    // Messages are cut; a property (a file name) must stay whole to point anywhere.
    let text = if property {
        std::borrow::Cow::Borrowed(text)
    } else {
        super::capped(text)
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            // The log viewer renders ANSI escapes: show them, do not send them.
            c if super::is_hidden(c) => out.push_str(&super::table::clean(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(data("50%\r\nnext: a, b"), "50%25%0D%0Anext: a, b");
        assert_eq!(property("50%\r\nnext: a, b"), "50%25%0D%0Anext%3A a%2C b");
        // Already-escaped text is escaped again, not left for the runner to decode.
        assert_eq!(data("%0A"), "%250A");
        assert_eq!(property("::error::"), "%3A%3Aerror%3A%3A");
        assert_eq!(data("\u{1b}[31mred\u{7}"), "␛[31mred␇");
        assert_eq!(data("a\u{202e}b\tc"), "a\u{fffd}b c");
    }
}
