//! `--format sarif`: SARIF 2.1.0, the format of GitHub code scanning and other
//! static-analysis viewers. Every rule is listed with its descriptions, help (text,
//! Markdown and a link to its page in docs/rules/), tags, precision and default level;
//! every finding is a result at a place relative to the repository root, with a
//! fingerprint of its rule and entity (so an alert survives lines moving) and its
//! related places linked from the message, as GitHub shows them. The output validates
//! against the OASIS schema (see tests/annotations.rs).

use std::io::{self, Write};

use serde::Serialize;

use super::{Summary, rule_page};
use crate::codes::Code;
use crate::diag::{Entity, Finding, Label, Severity};
use crate::source::Sources;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// GitHub code scanning rejects a run with more results than this, and shows the
/// 5,000 most severe ("SARIF results exceed limit" in GitHub's documentation).
pub const MAX_RESULTS: usize = 25_000;

/// GitHub keeps at most this many locations of a result (it rejects 1,000).
pub const MAX_RELATED: usize = 100;

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
    #[serde(skip_serializing_if = "Option::is_none")]
    automation_details: Option<AutomationDetails>,
    invocations: [Invocation; 1],
    /// What `%SRCROOT%` stands for: the repository root, which the consumer knows.
    #[serde(rename = "originalUriBaseIds")]
    original_uri_base_ids: BaseIds,
    /// Columns count characters, as in every other output.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

/// The category of a run: two trees checked in one repository upload two runs, and
/// code scanning keeps their alerts apart by this id.
#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: BaseId,
}

#[derive(Serialize)]
struct BaseId {
    description: Text,
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
    rules: &'static [Rule],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help_uri: String,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

/// What GitHub code scanning reads besides the level: tags to filter by, how often
/// the rule is right, and the severity it shows for an alert.
#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 2],
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
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
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

/// The identity of a result across commits. GitHub reads only
/// `primaryLocationLineHash`; `upload-sarif` computes it from the text of the line
/// when it is missing, so an edit on that line reopened the alert. Here it is a hash
/// of the rule and what the finding is about, which moving lines does not change.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
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

/// SARIF's `problem.severity`, which GitHub shows for an alert that has no
/// security severity.
fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

/// Writes the log. `category`, when given, becomes `automationDetails.id`: with a
/// trailing `/`, so that code scanning reads all of it as the category.
pub fn render(
    sources: &Sources,
    findings: &[Finding],
    summary: &Summary,
    prefix: &str,
    category: Option<&str>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let codes: Vec<Code> = Code::all().collect();
    // Every rule's documentation, written once per process: a log carries all of it
    // (about 170 kB), and the fuzz corpus renders thousands of logs.
    static RULES: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    let rules = RULES.get_or_init(|| Code::all().map(rule).collect());
    let mut fingerprints = Fingerprinter::default();
    let kept = most_severe(findings, MAX_RESULTS);
    let results = kept
        .iter()
        .map(|f| result(sources, f, prefix, &codes, &mut fingerprints))
        .collect();
    let left_out = (findings.len() > kept.len()).then(|| {
        format!(
            "{} of {} findings are not in this log: GitHub code scanning rejects a run of \
             more than {MAX_RESULTS} results, so only the most severe are listed",
            findings.len() - kept.len(),
            findings.len()
        )
    });
    let notifications = summary
        .incomplete_note()
        .into_iter()
        .chain(left_out)
        .map(|note| Notification {
            level: "warning",
            message: Text { text: plain(&note) },
        })
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
            automation_details: category.map(|c| AutomationDetails {
                id: format!("{}/", c.trim_end_matches('/')),
            }),
            original_uri_base_ids: BaseIds {
                src_root: BaseId {
                    description: Text {
                        text: "The root of the git repository that holds the strategy tree".into(),
                    },
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

/// At most `limit` findings, the most severe first among equals in order, kept in
/// their order.
fn most_severe(findings: &[Finding], limit: usize) -> Vec<&Finding> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    if findings.len() > limit {
        order.sort_by_key(|&i| std::cmp::Reverse(findings[i].severity));
        order.truncate(limit);
        order.sort_unstable();
    }
    order.into_iter().map(|i| &findings[i]).collect()
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
        help_uri: rule_page::help_uri(code),
        help: Help {
            text: rule.explain().trim_end().to_string(),
            markdown: rule_page::body(code),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: ["strategy", code.family().name()],
            precision: code.precision(),
            problem_severity: problem_severity(code.default_severity()),
        },
    }
}

fn result<'a>(
    sources: &Sources,
    finding: &'a Finding,
    prefix: &str,
    codes: &[Code],
    fingerprints: &mut Fingerprinter,
) -> SarifResult<'a> {
    let related: Vec<&Label> = finding
        .labels
        .iter()
        .filter(|l| !l.primary)
        .take(MAX_RELATED)
        .collect();
    let mut text = plain(&finding.message);
    // GitHub links a related location only from the message: `[text](id)`.
    let links: Vec<String> = related
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let name = match label.message.as_str() {
                "" => "related place",
                message => message,
            };
            format!("[{}]({})", plain(name), i + 1)
        })
        .collect();
    if !links.is_empty() {
        text.push_str(&format!(" (see {})", links.join(", ")));
    }
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
        related_locations: related
            .iter()
            .enumerate()
            .map(|(i, l)| location(sources, l, prefix, Some(i + 1)))
            .collect(),
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: fingerprints.of(sources, finding, prefix),
        },
        properties: finding.entity.as_ref().map(|entity| Properties { entity }),
    }
}

/// Fingerprints of the results of one log: a hash of the tree's place in the
/// repository, the rule and the entity (without one, the file and the message), and
/// `:N` for the Nth result with the same hash, as CodeQL writes them.
#[derive(Default)]
struct Fingerprinter {
    seen: std::collections::HashMap<u64, usize>,
}

impl Fingerprinter {
    fn of(&mut self, sources: &Sources, finding: &Finding, prefix: &str) -> String {
        let subject = match (&finding.entity, finding.primary()) {
            (Some(entity), _) => format!("entity\0{entity}"),
            (None, Some(label)) => {
                format!(
                    "file\0{}\0{}",
                    sources.get(label.file).name,
                    finding.message
                )
            }
            (None, None) => format!("tree\0{}", finding.message),
        };
        let hash = fnv1a(format!("{prefix}\0{}\0{subject}", finding.code.name()).as_bytes());
        let n = self.seen.entry(hash).or_insert(0);
        *n += 1;
        format!("{hash:016x}:{n}")
    }
}

/// FNV-1a, 64 bits: the same on every platform and Rust version, unlike std's
/// hashers, so a fingerprint never changes with the toolchain.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
    fn past_githubs_limit_the_most_severe_results_are_kept() {
        let findings: Vec<Finding> = (0..MAX_RESULTS + 2)
            .map(|i| {
                let code = if i % 1000 == 7 {
                    Code::DuplicateId
                } else {
                    Code::KrMissingUnit
                };
                Finding::new(code, format!("finding {i}"))
            })
            .collect();
        let summary = Summary {
            root: std::path::Path::new("."),
            today: jiff::civil::date(2026, 11, 15),
            files: 1,
            objectives: 0,
            key_results: 0,
            tally: crate::diag::Tally::of(&findings),
            files_not_loaded: 0,
        };
        let sources = Sources::new(std::path::Path::new("."));
        let mut out = Vec::new();
        render(&sources, &findings, &summary, "", None, &mut out).expect("renders");
        let log: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), MAX_RESULTS);
        let errors = results.iter().filter(|r| r["level"] == "error").count();
        assert_eq!(errors, 25, "every error is kept");
        assert_eq!(results[0]["message"]["text"], "finding 0");
        let note = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
        assert!(
            note["message"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("2 of 25002 findings are not in this log")),
            "{note}"
        );
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // The published test vectors of FNV-1a 64.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
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
