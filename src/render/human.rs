//! Human output: each finding as a miette report with source snippets, then a
//! summary line. The only place findings become miette diagnostics.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diag::{Finding, Label, Severity};
use crate::source::{FileId, LineIndex, Sources};

/// How to draw: colours and unicode only where a person is reading a terminal, as
/// wide as that terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub colour: bool,
    /// ASCII instead of Unicode arrows and boxes (`NO_GRAPHICS`).
    pub ascii: bool,
    /// Columns to wrap at.
    pub width: usize,
}

/// Width when the output is not a terminal: deterministic, for files and tests.
const WIDTH: usize = 100;

impl Style {
    /// Plain Unicode, 100 columns: what pipes and tests get.
    pub const PLAIN: Self = Self {
        colour: false,
        ascii: false,
        width: WIDTH,
    };

    /// A style from the colour decision, `NO_GRAPHICS`, and the terminal's width when
    /// the output is a terminal.
    pub fn new(colour: bool, ascii: bool, terminal_width: Option<u16>) -> Self {
        Self {
            colour: colour && !ascii,
            ascii,
            // Narrower than this, a snippet's gutter leaves no room for the text.
            width: terminal_width.map_or(WIDTH, |w| usize::from(w).max(40)),
        }
    }

    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.ascii {
            GraphicalTheme::none()
        } else if self.colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
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
    source: Option<NamedSource<Snippet>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(texts: &mut Texts, finding: &Finding) -> Self {
        let sources = texts.sources;
        let mut message = clean(&finding.message);
        let home = finding
            .primary()
            .map(|l| l.file)
            .filter(|&f| has_text(sources, f));
        if let (None, Some(label)) = (home, finding.primary()) {
            // The file has no text to show (binary, not UTF-8): name it in the message.
            message = format!("{}: {message}", clean(&sources.get(label.file).name));
        }
        let mut related = Vec::new();
        let mut labels = Vec::new();
        for label in &finding.labels {
            if Some(label.file) == home {
                labels.push(texts.labeled(label));
            } else if has_text(sources, label.file) {
                related.push(Self {
                    code: finding.code.name(),
                    severity: Severity::Info,
                    message: clean(&label.message),
                    help: None,
                    source: Some(texts.named(label.file)),
                    labels: vec![texts.labeled(label)],
                    related: Vec::new(),
                });
            }
        }
        Self {
            code: finding.code.name(),
            severity: finding.severity,
            message,
            help: finding.help.as_deref().map(clean),
            source: home.map(|f| texts.named(f)),
            labels,
            related,
        }
    }
}

fn has_text(sources: &Sources, file: FileId) -> bool {
    !sources.get(file).text.is_empty()
}

/// Each file's text as shown, shared by all the reports that show it: a large file with
/// many findings is copied once, not once per finding.
struct Texts<'a> {
    sources: &'a Sources,
    shared: Vec<Option<Shown>>,
}

/// A file's text safe for a terminal: control characters (an ANSI escape in a comment
/// of a file that does not parse) become their visible pictures, so the snippet cannot
/// drive the terminal. Pictures are longer in bytes than what they replace, so spans
/// move by what was inserted before them.
#[derive(Clone)]
struct Shown {
    text: Snippet,
    /// (offset in the original text, bytes added up to and including that place).
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    fn new(original: &str) -> Self {
        if !original.chars().any(is_unsafe) {
            return Self {
                text: Snippet::new(Arc::from(original)),
                shifts: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (offset, c) in original.char_indices() {
            if is_unsafe(c) {
                let picture = super::table::clean(c.encode_utf8(&mut [0; 4]))
                    .chars()
                    .next()
                    .unwrap_or('\u{fffd}');
                text.push(picture);
                added += picture.len_utf8() - c.len_utf8();
                shifts.push((offset, added));
            } else {
                text.push(c);
            }
        }
        Self {
            text: Snippet::new(Arc::from(text)),
            shifts,
        }
    }

    /// Where an offset of the original text is in the text shown.
    fn shift(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

/// A file's text with its line starts, so that a snippet is cut from the lines around
/// a span. miette's own `SourceCode` for a string scans from the top of the file for
/// every snippet, which made a file with thousands of findings quadratic.
#[derive(Clone, Debug)]
struct Snippet {
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl Snippet {
    fn new(text: Arc<str>) -> Self {
        let lines = Arc::new(LineIndex::new(&text));
        Self { text, lines }
    }

    /// The 0-based line holding a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }
}

/// A snippet longer than this (a minified or generated file, a 10 MB line) is cut to
/// the span and a little around it, so that one finding cannot print megabytes.
const LONG_SNIPPET: usize = 4096;

/// How much of a long line shows on each side of the span.
const AROUND: usize = 120;

impl Snippet {
    /// The part of a long line around a short span, without context lines; `None`
    /// when the span itself is long or crosses lines (then it shows as miette would).
    fn cut_long_line(&self, start: usize, end: usize) -> Option<Box<dyn SpanContents<'_> + '_>> {
        let line = self.line_of(start);
        let line_start = self.lines.start(line);
        let line_end = self
            .lines
            .next_start(line)
            .map_or(self.text.len(), |next| next - 1);
        if end > line_end || end - start > AROUND * 4 {
            return None;
        }
        let mut from = start.saturating_sub(AROUND).max(line_start);
        while !self.text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + AROUND).min(line_end);
        while !self.text.is_char_boundary(to) {
            to += 1;
        }
        Some(Box::new(MietteSpanContents::new(
            &self.text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            start - line_start,
            line + 1,
        )))
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset().min(self.text.len());
        let end = (start + span.len()).min(self.text.len());
        let first_line = self.line_of(start).saturating_sub(context_lines_before);
        // One line more than asked: miette's scan needs the line break that ends the
        // last line of context to stop where it would in the whole text.
        let last_line = self.line_of(end) + context_lines_after + 1;
        let from = self.lines.start(first_line);
        let to = self.lines.next_start(last_line).unwrap_or(self.text.len());
        if to - from > LONG_SNIPPET
            && let Some(cut) = self.cut_long_line(start, end)
        {
            return Ok(cut);
        }
        let window = &self.text[from..to];
        let inner = window.read_span(
            &SourceSpan::new((start - from).into(), end - start),
            context_lines_before,
            context_lines_after,
        )?;
        let data: &'a [u8] = inner.data();
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first_line,
            inner.column(),
            // miette counts the line breaks from the top of the text to the end of the
            // snippet, and merges snippets by that count: keep it as it would be.
            inner.line_count() + first_line,
        )))
    }
}

/// A label's span, cut when it is long (a 9 MB title, a table of thousands of lines)
/// to the start of its first line, so that the snippet shows where it starts and a
/// little around it rather than all of it.
fn short_span(text: &str, label: &Label) -> (usize, usize) {
    let (start, end) = (
        label.span.start.min(text.len()),
        label.span.end.min(text.len()),
    );
    if end - start <= LONG_SNIPPET {
        return (start, end);
    }
    let mut cut = (start + AROUND * 4).min(end);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    // `start` is where a value starts, a character boundary.
    if let Some(line_end) = text.get(start..cut).and_then(|t| t.find('\n')) {
        cut = start + line_end;
    }
    (start, cut)
}

/// Control characters other than the line breaks and tabs a snippet shows as such.
fn is_unsafe(c: char) -> bool {
    super::is_hidden(c) && !matches!(c, '\n' | '\r' | '\t')
}

impl Texts<'_> {
    fn shown(&mut self, file: FileId) -> &Shown {
        let source = self.sources.get(file);
        self.shared[file.0 as usize].get_or_insert_with(|| Shown::new(&source.text))
    }

    fn named(&mut self, file: FileId) -> NamedSource<Snippet> {
        let name = super::table::clean(&self.sources.get(file).name).into_owned();
        NamedSource::new(name, self.shown(file).text.clone())
    }

    fn labeled(&mut self, label: &Label) -> LabeledSpan {
        let text = (!label.message.is_empty()).then(|| clean(&label.message));
        let (start, end) = short_span(&self.sources.get(label.file).text, label);
        let shown = self.shown(label.file);
        let span = shown.shift(start)..shown.shift(end);
        if label.primary {
            LabeledSpan::new_primary_with_span(text, span)
        } else {
            LabeledSpan::new_with_span(text, span)
        }
    }
}

fn clean(text: &str) -> String {
    super::table::clean(text).into_owned()
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
