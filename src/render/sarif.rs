//! `--format sarif`: SARIF 2.1.0, the format of GitHub code scanning and other
//! static-analysis viewers. Every rule is listed with its descriptions, help and
//! default level; every finding is a result at a place relative to the repository
//! root. The output validates against the OASIS schema (see tests/annotations.rs).

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::codes::Code;
use crate::diag::{Entity, Finding, Label, Severity};
use crate::source::Sources;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative URIs resolve against: the repository root, as GitHub
/// code scanning expects.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    /// Columns count characters, as in every other output.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
struct Properties<'a> {
    /// What the finding is about, stable across edits that move lines.
    entity: &'a Entity,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(
    sources: &Sources,
    findings: &[Finding],
    summary: &Summary,
    prefix: &str,
    w: &mut dyn Write,
) -> io::Result<()> {
    let codes: Vec<Code> = Code::all().collect();
    let rules = codes.iter().map(|&code| rule(code)).collect();
    let results = findings
        .iter()
        .map(|f| result(sources, f, prefix, &codes))
        .collect();
    let notifications = summary
        .incomplete_note()
        .map(|note| Notification {
            level: "warning",
            message: Text { text: note },
        })
        .into_iter()
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "align",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

fn rule(code: Code) -> Rule {
    let rule = code.rule();
    Rule {
        id: code.name(),
        short_description: Text {
            text: rule.summary.to_string(),
        },
        full_description: Text {
            text: rule
                .section("What it checks")
                .unwrap_or_else(|| rule.summary.into()),
        },
        help: Text {
            text: rule.explain().trim_end().to_string(),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

fn result<'a>(
    sources: &Sources,
    finding: &'a Finding,
    prefix: &str,
    codes: &[Code],
) -> SarifResult<'a> {
    let mut text = plain(&finding.message);
    if let Some(help) = &finding.help {
        text.push_str(&format!("\nhelp: {}", plain(help)));
    }
    let primary = match finding.primary() {
        Some(label) => location(sources, label, prefix, None),
        // A finding about the whole tree lands on the file that marks the tree:
        // code scanning wants a place for every result.
        None => Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(&format!("{prefix}{}", crate::load::SETTINGS_FILE)),
                region: Region {
                    start_line: 1,
                    start_column: 1,
                    end_line: 1,
                    end_column: 1,
                },
            },
            message: None,
        },
    };
    SarifResult {
        rule_id: finding.code.name(),
        rule_index: codes.iter().position(|&c| c == finding.code).unwrap_or(0),
        level: level(finding.severity),
        message: Text { text },
        locations: [primary],
        related_locations: finding
            .labels
            .iter()
            .filter(|l| !l.primary)
            .enumerate()
            .map(|(i, l)| location(sources, l, prefix, Some(i + 1)))
            .collect(),
        properties: finding.entity.as_ref().map(|entity| Properties { entity }),
    }
}

fn location(sources: &Sources, label: &Label, prefix: &str, id: Option<usize>) -> Location {
    let file = sources.get(label.file);
    let (start_line, start_column) = file.line_col(label.span.start);
    let (end_line, end_column) = file.line_col(label.span.end);
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(&format!("{prefix}{}", file.name)),
            region: Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        },
        message: (id.is_some() && !label.message.is_empty()).then(|| Text {
            text: plain(&label.message),
        }),
    }
}

/// Text as a SARIF plain-text message: a viewer reads `[text](target)` as a link
/// (SARIF 2.1.0, 3.11.6), so the brackets of user text are escaped, and a backslash
/// before one too. Links align adds itself go around the escaped text.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' => out.push('\\'),
            '\\' if chars.peek().is_some_and(|n| matches!(n, '[' | ']')) => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri_path(path),
        uri_base_id: SRCROOT,
    }
}

/// A relative path as a URI reference: every byte but unreserved characters and `/`
/// percent-encoded, so that spaces, `%`, `#` or accents in file names stay paths.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("strategy/vision.toml"), "strategy/vision.toml");
        assert_eq!(uri_path("q4 plan/100%#1.toml"), "q4%20plan/100%25%231.toml");
        assert_eq!(uri_path("équipe.toml"), "%C3%A9quipe.toml");
    }

    #[test]
    fn user_brackets_are_not_links() {
        assert_eq!(
            plain("see [docs](https://x.io)"),
            "see \\[docs\\](https://x.io)"
        );
        assert_eq!(plain(r"a\[b] c\d"), r"a\\\[b\] c\d");
        assert_eq!(plain("[rules]"), r"\[rules\]");
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for code in Code::all() {
            let full = code.rule().section("What it checks");
            assert!(
                full.as_deref().is_some_and(|t| t.len() > 20),
                "{code}: {full:?}"
            );
        }
    }
}
