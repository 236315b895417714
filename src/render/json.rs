//! `--format json`: one document with a summary and every finding. The shape is
//! public API, documented in docs/check.md ("Output formats"); `schema_version`
//! changes when it breaks.

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::codes::Code;
use crate::diag::{Entity, Finding, Label, Severity, Tally};
use crate::source::Sources;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    root: String,
    today: String,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    objectives: usize,
    key_results: usize,
    /// Files that did not load; when above zero, rules across files were skipped.
    files_not_loaded: usize,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    span: Option<Span>,
    help: Option<&'a str>,
    entity: Option<&'a Entity>,
    labels: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary: Option<bool>,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

fn location<'a>(sources: &'a Sources, label: &'a Label, detailed: bool) -> Location<'a> {
    let file = sources.get(label.file);
    let (line, column) = file.line_col(label.span.start);
    let (end_line, end_column) = file.line_col(label.span.end);
    Location {
        file: &file.name,
        line,
        column,
        end_line,
        end_column,
        span: Span {
            start: label.span.start,
            end: label.span.end,
        },
        message: detailed.then_some(label.message.as_str()),
        primary: detailed.then_some(label.primary),
    }
}

fn finding<'a>(sources: &'a Sources, f: &'a Finding) -> JsonFinding<'a> {
    let at = f.primary().map(|l| location(sources, l, false));
    JsonFinding {
        code: f.code,
        severity: f.severity,
        message: &f.message,
        file: at.as_ref().map(|l| l.file),
        line: at.as_ref().map(|l| l.line),
        column: at.as_ref().map(|l| l.column),
        end_line: at.as_ref().map(|l| l.end_line),
        end_column: at.as_ref().map(|l| l.end_column),
        span: at.map(|l| l.span),
        help: f.help.as_deref(),
        entity: f.entity.as_ref(),
        labels: f
            .labels
            .iter()
            .map(|l| location(sources, l, true))
            .collect(),
    }
}

pub fn render(
    sources: &Sources,
    findings: &[Finding],
    summary: &Summary,
    w: &mut dyn Write,
) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        root: summary.root.display().to_string(),
        today: summary.today.to_string(),
        summary: JsonSummary {
            files: summary.files,
            objectives: summary.objectives,
            key_results: summary.key_results,
            files_not_loaded: summary.files_not_loaded,
            tally: summary.tally,
        },
        findings: findings.iter().map(|f| finding(sources, f)).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &document)?;
    writeln!(w)
}

/// `align report --format json`: the report model as it is; its fields are documented
/// in docs/report.md ("Report JSON").
pub fn report(report: &crate::report::Report, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    writeln!(w)
}

/// `align drift --format json`: the drift report, with its findings in the shape of
/// `align check --format json`.
pub fn drift(
    report: &crate::drift::DriftReport,
    sources: &Sources,
    findings: &[Finding],
    w: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        #[serde(flatten)]
        report: &'a crate::drift::DriftReport,
        tally: Tally,
        findings: Vec<JsonFinding<'a>>,
    }
    let document = Document {
        report,
        tally: Tally::of(findings),
        findings: findings.iter().map(|f| finding(sources, f)).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &document)?;
    writeln!(w)
}

/// `align history --format json`.
pub fn timeline(timeline: &crate::drift::Timeline, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, timeline)?;
    writeln!(w)
}
