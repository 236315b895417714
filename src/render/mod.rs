//! Output formats. Renderers read findings and write; they never compute.

pub mod diff;
pub mod drift;
pub mod gfm;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod table;
// Formats for the tools around align: GitHub annotations, code scanning, Graphviz,
// Mermaid, the terminal tree.
pub mod dot;
pub mod github;
pub mod mermaid;
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

/// Whether to colour output: never with a non-empty `NO_COLOR`; else always with a
/// `CLICOLOR_FORCE` other than `0`; else on a terminal. The order clap follows for
/// `--help`, so that one setting governs everything align prints.
pub fn colour(is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") || is_terminal
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

/// A fraction as a whole percentage: 0.456 -> "46%".
pub fn percent(x: f64) -> String {
    // No progress on a lower-is-better key result is -0.0 (0 / -4): never "-0%".
    match format!("{:.0}", x * 100.0).as_str() {
        "-0" => "0%".to_string(),
        whole => format!("{whole}%"),
    }
}

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

/// The word for an objective's state: its health while active, else its status.
pub fn state(
    status: Option<crate::model::Status>,
    health: Option<crate::score::Health>,
) -> &'static str {
    use crate::model::Status;
    match (status, health) {
        (Some(Status::Achieved), _) => "achieved",
        (Some(Status::Missed), _) => "missed",
        (Some(Status::Dropped), _) => "dropped",
        (Some(Status::Draft), _) => "draft",
        (_, Some(h)) => h.name(),
        (_, None) => "not scored",
    }
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
    fn no_negative_zero_percent() {
        assert_eq!(percent(-0.0), "0%");
        assert_eq!(percent(-0.004), "0%");
        assert_eq!(percent(0.456), "46%");
        assert_eq!(percent(-0.5), "-50%");
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
