//! Human output: each finding as a miette report with source snippets, then a
//! summary line. The only place findings become miette diagnostics.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::Summary;
use crate::diag::{Finding, Label, Severity};
use crate::source::{FileId, Sources};

/// How to draw: colours and unicode only where a person is reading a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Color,
    Plain,
    Ascii,
}

impl Style {
    /// Colour as [`super::colour`] decides; ASCII when `NO_GRAPHICS` is set.
    pub fn detect(is_terminal: bool) -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if set("NO_GRAPHICS") {
            Self::Ascii
        } else if super::colour(is_terminal) {
            Self::Color
        } else {
            Self::Plain
        }
    }

    fn handler(self) -> GraphicalReportHandler {
        let theme = match self {
            Self::Color => GraphicalTheme::unicode(),
            Self::Plain => GraphicalTheme::unicode_nocolor(),
            Self::Ascii => GraphicalTheme::none(),
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            // Ids are hyphenated (`deploys-boring`): never break a line inside one.
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
            .with_break_words(false)
    }
}

pub fn render(
    sources: &Sources,
    findings: &[Finding],
    summary: &Summary,
    style: Style,
    w: &mut dyn Write,
) -> io::Result<()> {
    render_findings(sources, findings, style, w)?;
    writeln!(w, "{}", summary.line())?;
    if let Some(note) = summary.incomplete_note() {
        writeln!(w, "{note}")?;
    }
    Ok(())
}

/// The diagnostics alone, without the summary line (`--quiet`).
pub fn render_findings(
    sources: &Sources,
    findings: &[Finding],
    style: Style,
    w: &mut dyn Write,
) -> io::Result<()> {
    let handler = style.handler();
    let mut texts = Texts {
        sources,
        shared: vec![None; sources.len()],
    };
    for finding in findings {
        let report = Report::new(&mut texts, finding);
        let mut text = String::new();
        handler
            .render_report(&mut text, &report)
            .map_err(|_| io::Error::other("could not format a diagnostic"))?;
        w.write_all(text.as_bytes())?;
        writeln!(w)?;
    }
    Ok(())
}

/// A finding as miette sees it: labels in the primary label's file are drawn on its
/// snippet; labels in other files become related reports with their own snippet.
#[derive(Debug)]
struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(texts: &mut Texts, finding: &Finding) -> Self {
        let sources = texts.sources;
        let mut message = finding.message.clone();
        let home = finding
            .primary()
            .map(|l| l.file)
            .filter(|&f| has_text(sources, f));
        if let (None, Some(label)) = (home, finding.primary()) {
            // The file has no text to show (binary, not UTF-8): name it in the message.
            message = format!("{}: {message}", sources.get(label.file).name);
        }
        let mut related = Vec::new();
        let mut labels = Vec::new();
        for label in &finding.labels {
            if Some(label.file) == home {
                labels.push(labeled(label));
            } else if has_text(sources, label.file) {
                related.push(Self {
                    code: finding.code.name(),
                    severity: Severity::Info,
                    message: label.message.clone(),
                    help: None,
                    source: Some(texts.named(label.file)),
                    labels: vec![labeled(label)],
                    related: Vec::new(),
                });
            }
        }
        Self {
            code: finding.code.name(),
            severity: finding.severity,
            message,
            help: finding.help.clone(),
            source: home.map(|f| texts.named(f)),
            labels,
            related,
        }
    }
}

fn has_text(sources: &Sources, file: FileId) -> bool {
    !sources.get(file).text.is_empty()
}

/// Each file's text, shared by all the reports that show it: a large file with many
/// findings is copied once, not once per finding.
struct Texts<'a> {
    sources: &'a Sources,
    shared: Vec<Option<Arc<str>>>,
}

impl Texts<'_> {
    fn named(&mut self, file: FileId) -> NamedSource<Arc<str>> {
        let source = self.sources.get(file);
        let text =
            self.shared[file.0 as usize].get_or_insert_with(|| Arc::from(source.text.as_str()));
        NamedSource::new(&source.name, Arc::clone(text))
    }
}

fn labeled(label: &Label) -> LabeledSpan {
    let text = (!label.message.is_empty()).then(|| label.message.clone());
    if label.primary {
        LabeledSpan::new_primary_with_span(text, label.span.clone())
    } else {
        LabeledSpan::new_with_span(text, label.span.clone())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
