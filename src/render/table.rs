//! `align report --format table`: the report for a terminal, with comfy-table. Fits
//! 80 columns; colours the states only on a terminal (never with `NO_COLOR`), and
//! always writes the state's word too, so nothing depends on colour.

use std::borrow::Cow;
use std::io::{self, Write};

use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::{bar, kr_value, percent, plural, stale_note};
use crate::model::{ObjectiveKind, Status};
use crate::report::{KrReport, ObjectiveReport, Report, Scorecard, TeamReport};
use crate::score::{Health, Standing};

/// Width when the output is not a terminal, and the most a terminal gets: wider
/// tables are harder to read, not easier.
const WIDTH: u16 = 80;
const MAX_WIDTH: u16 = 110;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
    /// ASCII borders and bars, for terminals and fonts without box drawing.
    pub ascii: bool,
    pub width: u16,
}

impl Style {
    /// A style from the colour decision, `NO_GRAPHICS`, and the terminal's width when
    /// the output is a terminal (kept between 40 and [`MAX_WIDTH`] columns).
    pub fn new(colour: bool, ascii: bool, terminal_width: Option<u16>) -> Self {
        Self {
            colour,
            ascii,
            width: terminal_width.map_or(WIDTH, |w| w.clamp(40, MAX_WIDTH)),
        }
    }

    /// Plain, 80 columns: what tests and pipes get.
    pub fn plain() -> Self {
        Self {
            colour: false,
            ascii: false,
            width: WIDTH,
        }
    }

    pub(crate) fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(if self.ascii {
                ASCII_FULL_CONDENSED
            } else {
                UTF8_FULL_CONDENSED
            })
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width)
            .set_header(
                header
                    .iter()
                    .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
            );
        if self.colour {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }

    fn bar(&self, progress: Option<f64>, width: usize) -> String {
        match progress {
            Some(p) => format!("{} {:>4}", bar(p, width, self.ascii), percent(p)),
            None => format!("{:width$} {:>4}", "", "-"),
        }
    }

    /// The state's word, with a note below it (how old a stale value is).
    fn state_noted(
        &self,
        status: Option<Status>,
        health: Option<Health>,
        note: Option<String>,
    ) -> Cell {
        let standing = Standing::of(status, health);
        let word = standing.name();
        let cell = Cell::new(match note {
            Some(note) => format!("{word}\n{note}"),
            None => word.to_string(),
        });
        if !self.colour {
            return cell;
        }
        let colour = match standing {
            Standing::Achieved => Color::Blue,
            Standing::Dropped | Standing::Draft | Standing::NotScored => Color::DarkGrey,
            Standing::Missed | Standing::Health(Health::OffTrack) => Color::Red,
            Standing::Health(Health::AtRisk) => Color::Yellow,
            Standing::Health(Health::OnTrack) => Color::Green,
        };
        cell.fg(colour)
    }

    /// Text wrapped to the width, ids kept whole.
    pub(crate) fn fill(&self, text: &str, first: &str, rest: &str) -> String {
        let options = textwrap::Options::new(usize::from(self.width))
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        textwrap::fill(text, options)
    }

    pub(crate) fn heading(&self, text: &str) -> String {
        if self.colour {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// User text made safe for a terminal: control characters (an ANSI escape in a title,
/// a newline in a table cell) are shown as their Unicode pictures, never sent raw;
/// bidirectional overrides as U+FFFD.
pub fn clean(text: &str) -> Cow<'_, str> {
    let text = super::capped(text);
    if !text.chars().any(super::is_hidden) {
        return text;
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' => ' ',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
                c if super::is_hidden(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

pub fn render(report: &Report, style: Style, w: &mut dyn Write) -> io::Result<()> {
    header(report, &style, w)?;
    summary(report, &style, w)?;
    scorecards(report, &style, w)?;
    for team in &report.teams {
        team_section(team, &style, w)?;
    }
    risks(report, &style, w)?;
    drift(report, &style, w)?;
    nudges(report, &style, w)
}

/// The drift section, when the report read the git history.
fn drift(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let Some(drift) = &report.drift else {
        return Ok(());
    };
    writeln!(w, "\n{}", style.heading("Drift (from git history)"))?;
    if drift.findings.is_empty() {
        return writeln!(w, "None: no stale key results, no goalposts moved.");
    }
    for line in &drift.findings {
        let text = format!("{}: {}", line.code, clean(&line.message));
        writeln!(w, "{}", style.fill(&text, "- ", "  "))?;
    }
    Ok(())
}

fn header(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let cycle = &report.cycle;
    let org = report.name.as_deref().map(clean);
    let title = match (&org, &cycle.name) {
        (Some(org), Some(name)) => format!("{org}: {} ({})", clean(name), clean(&cycle.id)),
        (Some(org), None) => format!("{org}: {}", clean(&cycle.id)),
        (None, Some(name)) => format!("{} ({})", clean(name), clean(&cycle.id)),
        (None, None) => clean(&cycle.id).into_owned(),
    };
    let title = style.fill(&format!("Quarterly review: {title}"), "", "  ");
    writeln!(w, "{}", style.heading(&title))?;
    if cycle.ended {
        writeln!(
            w,
            "{} to {}, ended; as of {}: final scores 0.0-1.0 against each objective's success level",
            cycle.start, cycle.end, report.today
        )?;
    } else {
        writeln!(
            w,
            "{} to {}, {} elapsed {}, {} left; as of {}",
            cycle.start,
            cycle.end,
            percent(cycle.elapsed),
            bar(cycle.elapsed, 10, style.ascii),
            plural(cycle.days_left.max(0) as usize, "day", "days"),
            report.today
        )?;
    }
    if cycle.chosen_by == "latest" {
        writeln!(
            w,
            "No cycle contains {}: this is the latest one that started (choose with --cycle).",
            report.today
        )?;
    }
    let history = report.history.line(&report.today);
    writeln!(w, "{}", style.fill(&clean(&history), "", "  "))?;
    if let Some(team) = &report.team {
        let line = format!("Team: {} and the teams below it", clean(team));
        writeln!(w, "{}", style.fill(&line, "", "  "))?;
    }
    if let Some(vision) = &report.vision {
        let text = format!("Vision: {}", clean(&vision.statement));
        writeln!(w, "{}", style.fill(&text, "", "  "))?;
    }
    let check = &report.check;
    if check.errors > 0 || check.warnings > 0 {
        writeln!(
            w,
            "Note: align check reports {} and {}: some figures may be wrong.",
            plural(check.errors, "error", "errors"),
            plural(check.warnings, "warning", "warnings")
        )?;
    }
    Ok(())
}

fn summary(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(w, "\n{}", style.heading("Summary"))?;
    let mut counts = if report.cycle.ended {
        writeln!(
            w,
            "{}, {}; mean final score {}",
            plural(s.objectives, "objective", "objectives"),
            plural(s.key_results, "key result", "key results"),
            s.score.map_or_else(|| "-".into(), |x| format!("{x:.2}")),
        )?;
        Vec::new()
    } else {
        writeln!(
            w,
            "{}, {}; progress {} against {} expected by today",
            plural(s.objectives, "objective", "objectives"),
            plural(s.key_results, "key result", "key results"),
            s.progress.map_or_else(|| "-".into(), percent),
            percent(s.expected)
        )?;
        vec![
            format!("{} on track", s.on_track),
            format!("{} at risk", s.at_risk),
            format!("{} off track", s.off_track),
        ]
    };
    for (n, word) in [
        (s.achieved, "achieved"),
        (s.missed, "missed"),
        (s.dropped, "dropped"),
        (s.draft, "draft"),
        (s.unscored, "not scored"),
    ] {
        if n > 0 {
            counts.push(format!("{n} {word}"));
        }
    }
    writeln!(w, "{}", counts.join(", "))?;
    if s.ungraded > 0 {
        let line = format!(
            "{} graded here from key results, not yet in the files: `align cycle close {} --write`",
            plural(s.ungraded, "objective is", "objectives are"),
            clean(&report.cycle.id)
        );
        writeln!(w, "{}", style.fill(&line, "", "  "))?;
    }
    if let Some(learnings) = &report.cycle.learnings {
        let line = format!("Learnings: {}", clean(learnings));
        writeln!(w, "{}", style.fill(&line, "", "  "))?;
    }
    if !s.top_risks.is_empty() {
        writeln!(w, "Top risks:")?;
        for (i, risk) in s.top_risks.iter().enumerate() {
            let number = format!("{:>3}. ", i + 1);
            writeln!(w, "{}", style.fill(&clean(risk), &number, "     "))?;
        }
    }
    Ok(())
}

fn scorecards(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let card_table = |first: &str, cards: &[Scorecard], titles: bool| {
        let mut table = style.table(&[first, "Obj.", "Progress", "State"]);
        for card in cards {
            let name = if titles {
                format!("{}\n{}", clean(&card.title), clean(&card.id))
            } else {
                clean(&card.id).into_owned()
            };
            table.add_row(vec![
                Cell::new(name),
                Cell::new(card.objectives).set_alignment(CellAlignment::Right),
                Cell::new(style.bar(card.progress, 10)),
                if card.objectives == 0 {
                    Cell::new("–")
                } else if let Some(grade) = super::card_grade(card) {
                    Cell::new(grade)
                } else {
                    style.state_noted(None, card.health, super::expected_note(card))
                },
            ]);
        }
        table
    };
    writeln!(w, "\n{}", style.heading("Pillars"))?;
    writeln!(w, "{}", card_table("Pillar", &report.pillars, true))?;
    writeln!(w, "\n{}", style.heading("Balanced scorecard"))?;
    writeln!(
        w,
        "{}",
        card_table("Perspective", &report.perspectives, false)
    )
}

fn team_section(team: &TeamReport, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let lead = team
        .lead
        .as_deref()
        .map(|l| format!(", lead {}", clean(l)))
        .unwrap_or_default();
    let rollup = &team.rollup;
    let below = if team.objectives.len() < rollup.objectives {
        " with the teams below"
    } else {
        ""
    };
    let indent = "  ".repeat(team.depth.min(8));
    let heading = format!(
        "{} {}{lead}",
        if team.depth == 0 { "Team" } else { "Sub-team" },
        clean(&team.name),
    );
    let heading = style.fill(&heading, &indent, &format!("{indent}  "));
    writeln!(w, "\n{}", style.heading(&heading))?;
    writeln!(
        w,
        "{}{}, {}{below}{}",
        "  ".repeat(team.depth.min(8)),
        style.bar(rollup.progress, 10),
        plural(rollup.objectives, "objective", "objectives"),
        match (rollup.health, super::expected_note(rollup)) {
            (Some(h), Some(note)) => format!(": {}, {note}", h.name()),
            _ => String::new(),
        }
    )?;
    for objective in &team.objectives {
        objective_block(objective, style, w)?;
    }
    Ok(())
}

fn objective_block(o: &ObjectiveReport, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    let kind = match o.kind {
        ObjectiveKind::Committed => "committed",
        ObjectiveKind::Aspirational => "aspirational, 0.7 is success",
    };
    let title = format!("{} ({})", clean(&o.title), clean(&o.id));
    writeln!(w, "\n{}", style.fill(&title, "", ""))?;
    let grade = o.progress.map_or_else(
        || "not scored".into(),
        |p| format!("{p:.2} / {}", percent(p)),
    );
    let mut facts = match &o.grade {
        Some(g) => vec![
            format!("final {}", super::grade_words(g)),
            super::graded_note(g).to_string(),
            kind.to_string(),
        ],
        None => vec![
            format!("{grade}, expected {}", percent(o.expected)),
            Standing::of(Some(o.status), o.health).name().to_string(),
            kind.to_string(),
        ],
    };
    facts.extend(super::objective_notes(o));
    if let Some(owner) = &o.owner {
        facts.push(format!("owner {}", clean(owner)));
    }
    if let Some(c) = o.confidence {
        facts.push(format!("confidence {}", percent(c)));
    }
    writeln!(w, "{}", style.fill(&facts.join(" · "), "", ""))?;
    if let Some(from) = &o.continues {
        writeln!(w, "continues {}", clean(from))?;
    }
    if let Some(retro) = &o.retro {
        let line = format!("retro: {}", clean(retro));
        writeln!(w, "{}", style.fill(&line, "", "  "))?;
    }
    allowed(o, style, w)?;
    if !o.depends_on.is_empty() {
        let needs: Vec<String> = o
            .depends_on
            .iter()
            .map(|d| {
                let how = match (d.status, d.health) {
                    (Some(s), None) if s != Status::Active => {
                        format!("{}, ", Standing::of(Some(s), None).name())
                    }
                    (_, Some(h)) => format!("{}, ", h.name()),
                    _ => String::new(),
                };
                let because = d
                    .declined_because
                    .as_deref()
                    .map(|r| format!(": {}", clean(r)))
                    .unwrap_or_default();
                format!(
                    "{} ({how}{}{because})",
                    clean(&d.objective),
                    d.answer.name()
                )
            })
            .collect();
        writeln!(w, "needs {}", needs.join(", "))?;
    }
    if o.key_results.is_empty() {
        return Ok(());
    }
    let mut table = style.table(&["Key result", "Now → target", "Progress", "State"]);
    table.set_constraints([
        ColumnConstraint::LowerBoundary(Width::Fixed(20)),
        ColumnConstraint::UpperBoundary(Width::Fixed(18)),
        ColumnConstraint::Absolute(Width::Fixed(15)),
        ColumnConstraint::ContentWidth,
    ]);
    for kr in &o.key_results {
        table.add_row(vec![
            Cell::new(kr_title(kr, style.ascii)),
            Cell::new(clean(&kr_value(kr))),
            Cell::new(kr_progress(kr, style)),
            // A key result of an objective that is no longer active has a score but
            // no pace: its objective's state says why.
            if kr.health.is_none() && kr.progress.is_some() {
                Cell::new("–")
            } else {
                style.state_noted(None, kr.health, stale_note(kr))
            },
        ]);
    }
    writeln!(w, "{table}")
}

/// The lints silenced on the objective and its key results, each with its reason, and
/// the work behind each key result.
fn allowed(o: &ObjectiveReport, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    for (kr, work) in o.initiatives() {
        let work: Vec<String> = work.iter().map(|i| clean(i).into_owned()).collect();
        let text = format!("work behind {}: {}", clean(kr), work.join(", "));
        writeln!(w, "{}", style.fill(&text, "", "  "))?;
    }
    for (kr, a) in o.silenced() {
        let on = kr
            .map(|id| format!(" on {}", clean(id)))
            .unwrap_or_default();
        let text = format!("allowed {}{on}: {}", a.code, clean(&a.reason));
        writeln!(w, "{}", style.fill(&text, "", "  "))?;
    }
    Ok(())
}

/// The title, then who owns it, how confident they are and when they last checked in.
fn kr_title(kr: &KrReport, ascii: bool) -> String {
    let mut facts = Vec::new();
    if let Some(owner) = &kr.owner {
        facts.push(clean(owner).into_owned());
    }
    if let Some(trend) = super::confidence_trend(kr) {
        facts.push(trend);
    } else if let Some(c) = &kr.confidence {
        facts.push(match c.value {
            Some(v) => format!("confidence {}", percent(v)),
            None => format!("confidence {}?", clean(&c.written)),
        });
    }
    if let Some(line) = super::sparkline(kr, ascii) {
        facts.push(format!("trend {line}"));
    }
    if let Some(c) = &kr.last_checkin {
        facts.push(match (&c.author, &c.commit) {
            (Some(author), Some(commit)) => {
                format!("checked in {} by {} ({commit})", c.date, clean(author))
            }
            _ => format!("checked {}", c.date),
        });
    }
    let title = clean(&kr.title);
    if facts.is_empty() {
        title.into_owned()
    } else {
        format!("{title}\n{}", facts.join(", "))
    }
}

fn kr_progress(kr: &KrReport, style: &Style) -> String {
    let Some(progress) = kr.progress else {
        return format!("not scored: {}", kr.unscored.map_or("?", |u| u.reason()));
    };
    let mut text = style.bar(Some(progress), 8);
    if let Some(raw) = kr.raw.filter(|&r| r > 1.0) {
        text.push_str(&format!("\n{} of target", percent(raw)));
    }
    if let Some(stretch) = kr.stretch_progress.filter(|&s| s > 0.0) {
        text.push_str(&format!("\nstretch {}", percent(stretch)));
    }
    text
}

fn risks(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n{}", style.heading("Risks"))?;
    if report.risks.is_empty() {
        return writeln!(w, "None: every active objective is on pace.");
    }
    // A list rather than a table: ids are long and must not break mid-word.
    for risk in &report.risks {
        let owner = risk
            .owner
            .as_deref()
            .map(|o| format!(", {}", clean(o)))
            .unwrap_or_default();
        let text = format!(
            "{}: {} ({}{owner}): {}",
            risk.kind.name(),
            clean(&risk.objective),
            clean(&risk.team),
            clean(&risk.detail)
        );
        writeln!(w, "{}", style.fill(&text, "- ", "  "))?;
    }
    Ok(())
}

fn nudges(report: &Report, style: &Style, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n{}", style.heading("Before the review"))?;
    if report.nudges.is_empty() {
        return writeln!(w, "Nothing to update.");
    }
    for nudge in &report.nudges {
        writeln!(w, "{}", clean(&nudge.owner))?;
        for item in &nudge.items {
            let text = format!("{}: {}", clean(&item.item), clean(&item.action));
            writeln!(w, "{}", style.fill(&text, "  - ", "    "))?;
        }
    }
    Ok(())
}
