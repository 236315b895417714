//! Output formats. Renderers read findings and write; they never compute.

pub mod diff;
pub mod drift;
pub mod gfm;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod nudge;
pub mod review;
pub mod table;
// Formats for the tools around align: GitHub annotations, code scanning, Graphviz,
// Mermaid, the terminal tree.
pub mod dot;
pub mod github;
pub mod mermaid;
/// A rule's documentation page, in Markdown, from its metadata.
pub mod rule_doc;
pub mod sarif;
// The rule pages of docs/rules/, which SARIF links to.
pub mod rule_page;
pub mod tree;

use std::path::Path;

use crate::diag::Tally;

/// What a check covered, for the summary line and the JSON summary.
pub struct Summary<'a> {
    pub root: &'a Path,
    pub today: jiff::civil::Date,
    pub files: usize,
    pub objectives: usize,
    pub key_results: usize,
    pub tally: Tally,
    pub files_not_loaded: usize,
}

/// Whether to colour output for `--color auto`, by the conventions of
/// <https://no-color.org> and <https://bixense.com/clicolors>: never with a non-empty
/// `NO_COLOR`; always with a `CLICOLOR_FORCE` other than `0`; never with `CLICOLOR=0`;
/// else on a terminal whose `TERM` is set and not `dumb`. One policy for everything
/// align prints: `--help` follows it too (see `cli::Cli::parse_args`).
pub fn colour(is_terminal: bool) -> bool {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if var("NO_COLOR").is_some() {
        return false;
    }
    if var("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if var("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    is_terminal && var("TERM").is_some_and(|t| t != "dumb")
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary<'_> {
    /// "12 files, 24 objectives, 70 key results: 1 error, 2 warnings, 0 infos".
    pub fn line(&self) -> String {
        let t = self.tally;
        format!(
            "{}, {}, {}: {}, {}, {}",
            plural(self.files, "file", "files"),
            plural(self.objectives, "objective", "objectives"),
            plural(self.key_results, "key result", "key results"),
            plural(t.errors, "error", "errors"),
            plural(t.warnings, "warning", "warnings"),
            plural(t.infos, "info", "infos"),
        ) + &silenced(t.silenced)
    }

    /// Said whenever some files did not load, so that a short list of findings is
    /// never mistaken for a clean tree.
    pub fn incomplete_note(&self) -> Option<String> {
        (self.files_not_loaded > 0).then(|| {
            format!(
                "note: {} did not load, so rules across files (references, line of sight, focus, \
                 dependencies, coverage) were not checked; fix the errors above and run again",
                plural(self.files_not_loaded, "file", "files")
            )
        })
    }
}

/// " (2 silenced by `allow`)" when an `allow` silenced findings: silencing stays visible.
fn silenced(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(" ({count} silenced by `allow`)")
    }
}

/// Characters that would change what a reader sees without being seen: control
/// characters (an ANSI escape drives a terminal) and the bidirectional formatting
/// characters (U+202E reverses the text after it, the "Trojan Source" trick). Every
/// renderer shows user text without them.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `text` is an http(s) link made only of characters that need no escaping in
/// Markdown autolinks and HTML attributes: only such links are made clickable.
pub fn is_web_link(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() <= 2048
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#%=+&,;!$*".contains(&b))
}

/// The most characters of one piece of user text (a title, a message, a label) that
/// any output for people shows: a 9 MB title once made 40 MB of output for one finding.
/// JSON keeps the whole text.
pub const MAX_CHARS: usize = 2000;

/// User text cut to [`MAX_CHARS`], saying how much was left out. Every escaping helper
/// of a format for people calls it, so no renderer can forget.
pub fn capped(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} more characters)",
            &text[..at],
            text[at..].chars().count()
        )),
    }
}

pub use crate::score::percent;

/// A value as people write it: no trailing ".0", thousands grouped from 10,000 up.
pub fn number(x: f64) -> String {
    let text = if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    };
    let (sign, rest) = text.split_at(usize::from(text.starts_with('-')));
    let (whole, fraction) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    if whole.len() <= 4 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}{fraction}")
}

/// A value with its unit: "96.1%", "420 ms".
pub fn with_unit(x: f64, unit: Option<&str>) -> String {
    match unit {
        None | Some("") => number(x),
        Some(u) if u.starts_with(|c: char| !c.is_alphanumeric()) => format!("{}{u}", number(x)),
        Some(u) => format!("{} {u}", number(x)),
    }
}

/// Where a key result stands, in a few words: "96.1% → 99.5%" (now, then the
/// target), "99.97% (stay ≥ 99.9%)", "done", "zone: commit".
pub fn kr_value(kr: &crate::report::KrReport) -> String {
    use crate::model::KrKind;
    let unit = kr.unit.as_deref();
    let value = |x: Option<f64>| x.map_or_else(|| "?".to_string(), |x| with_unit(x, unit));
    match kr.kind {
        KrKind::Milestone => match kr.done {
            Some(true) => "done".into(),
            _ => "not done".into(),
        },
        KrKind::Ordinal => match kr.zone.as_ref().and_then(|z| z.reached) {
            Some(zone) => format!("zone: {}", zone_name(zone)),
            None => "zone: none yet".into(),
        },
        KrKind::StayAbove => format!("{} (stay ≥ {})", value(kr.current), value(kr.target)),
        KrKind::StayBelow => format!("{} (stay ≤ {})", value(kr.current), value(kr.target)),
        KrKind::Increase | KrKind::Decrease => {
            format!(
                "{} → {}",
                value(kr.current.or(kr.baseline)),
                value(kr.target)
            )
        }
    }
}

pub fn zone_name(zone: crate::model::Zone) -> &'static str {
    use crate::model::Zone;
    match zone {
        Zone::Fail => "fail",
        Zone::Commit => "commit",
        Zone::Target => "target",
        Zone::Stretch => "stretch",
    }
}

/// What a stale key result's state adds: how old its value is. `None` when it is not
/// stale.
pub fn stale_note(kr: &crate::report::KrReport) -> Option<String> {
    kr.stale_days.map(|days| format!("stale for {days} days"))
}

/// A last check-in in words: "2026-11-10, 10 days ago, trailer by @cara in 1a2b3c4".
/// Raw text: each format escapes it.
pub fn check_in_text(c: &crate::report::CheckIn) -> String {
    let ago = match c.days_ago {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        n => format!("{n} days ago"),
    };
    match (&c.author, &c.commit) {
        (Some(author), Some(commit)) => {
            format!("{}, {ago}, {} by {author} in {commit}", c.date, c.source)
        }
        _ => format!("{}, {ago}, {}", c.date, c.source),
    }
}

/// What qualifies an objective's numbers: the day it was added mid-cycle (its pace
/// counts from then) and key results that cannot be scored. Plain text without
/// anything users wrote: every format shows it as is.
pub fn objective_notes(o: &crate::report::ObjectiveReport) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(added) = &o.added {
        notes.push(format!("added {added}, paced from then"));
    }
    if o.unscored_key_results > 0 && o.progress.is_some() {
        notes.push(format!(
            "partly scored, {} of {} unscored",
            o.unscored_key_results,
            o.key_results.len()
        ));
    }
    notes
}

/// What a roll-up was compared with: "expected 50%".
pub fn expected_note(card: &crate::report::Scorecard) -> Option<String> {
    card.expected
        .filter(|_| card.objectives > 0)
        .map(|e| format!("expected {}", percent(e)))
}

/// A key result's values over the cycle as a sparkline of eighth blocks (or ASCII),
/// scaled from its baseline to its target when it has both, else over its own range.
/// `None` with fewer than two values.
pub fn sparkline(kr: &crate::report::KrReport, ascii: bool) -> Option<String> {
    let values: Vec<f64> = kr
        .series
        .iter()
        .filter_map(|p| p.value)
        .filter(|v| v.is_finite())
        .collect();
    if values.len() < 2 {
        return None;
    }
    let (lo, hi) = match (kr.baseline, kr.target) {
        (Some(b), Some(t)) if b != t && b.is_finite() && t.is_finite() => (b, t),
        _ => values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            }),
    };
    let levels: &[char] = if ascii {
        &['_', '.', '-', '~', '=', '+', '*', '#']
    } else {
        &['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
    };
    Some(
        values
            .iter()
            .map(|&v| {
                let f = if hi == lo { 0.5 } else { (v - lo) / (hi - lo) };
                let i = (f.clamp(0.0, 1.0) * (levels.len() - 1) as f64).round() as usize;
                levels[i]
            })
            .collect(),
    )
}

/// How confidence moved: "confidence 80% → 30% since 2026-11-05".
pub fn confidence_trend(kr: &crate::report::KrReport) -> Option<String> {
    kr.confidence_trend.as_ref().map(|t| {
        format!(
            "confidence {} → {} since {}",
            percent(t.from),
            percent(t.to),
            t.since
        )
    })
}

/// A grade as every format words it: "0.72, achieved (success at 1.0)".
pub fn grade_words(grade: &crate::score::Grade) -> String {
    let level = grade.success_at;
    let level = if (level * 10.0).fract() == 0.0 {
        format!("{level:.1}")
    } else {
        level.to_string()
    };
    format!(
        "{:.2}, {} (success at {level})",
        grade.score,
        grade.verdict.name(),
    )
}

/// Where a grade comes from, for a reader who must decide whether to write it.
pub fn graded_note(grade: &crate::score::Grade) -> &'static str {
    match grade.graded {
        crate::score::Graded::Written => "graded",
        crate::score::Graded::Partly => "partly graded in the file",
        crate::score::Graded::Computed => "from its key results: not graded yet",
    }
}

/// The state column of a group once its cycle ended: "0.64 amber, 2 of 3 achieved".
pub fn card_grade(card: &crate::report::Scorecard) -> Option<String> {
    let score = card.score?;
    Some(format!(
        "{score:.2} {}, {} of {} achieved",
        crate::score::Band::of(score).name(),
        card.achieved,
        card.objectives
    ))
}

/// A progress bar of `width` cells, in eighths with Unicode blocks or whole cells
/// with `#` and `.` in ASCII.
pub fn bar(progress: f64, width: usize, ascii: bool) -> String {
    let progress = if progress.is_finite() {
        progress.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if ascii {
        let full = (progress * width as f64).round() as usize;
        return format!("{}{}", "#".repeat(full), ".".repeat(width - full));
    }
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (progress * (width * 8) as f64).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut out = "█".repeat(full);
    if full < width {
        if part > 0 {
            out.push(EIGHTHS[part]);
        } else {
            out.push('░');
        }
        out.push_str(&"░".repeat(width - full - 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(96.1), "96.1");
        assert_eq!(number(400000.0), "400,000");
        assert_eq!(number(-1234567.5), "-1,234,567.5");
        assert_eq!(number(1200.0), "1200");
        assert_eq!(number(0.0), "0");
        assert_eq!(with_unit(99.5, Some("%")), "99.5%");
        assert_eq!(with_unit(420.0, Some("ms")), "420 ms");
    }

    #[test]
    fn long_text_is_capped() {
        assert_eq!(capped("short"), "short");
        let long = "é".repeat(MAX_CHARS + 5);
        let cut = capped(&long);
        assert!(cut.starts_with(&"é".repeat(MAX_CHARS)));
        assert!(cut.ends_with("é… (5 more characters)"), "{cut}");
    }

    #[test]
    fn bars_have_their_width() {
        for p in [0.0, 0.01, 0.5, 0.99, 1.0, 7.0, -1.0, f64::NAN] {
            assert_eq!(bar(p, 10, false).chars().count(), 10, "{p}");
            assert_eq!(bar(p, 10, true).len(), 10, "{p}");
        }
        assert_eq!(bar(0.5, 4, true), "##..");
        assert_eq!(bar(1.0, 3, false), "███");
    }
}
