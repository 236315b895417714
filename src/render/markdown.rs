//! `align report --format markdown`: GitHub-flavoured Markdown for a pull-request
//! comment or a wiki page. Every table is a GFM table; everything a user wrote goes
//! through `gfm`, so that it can neither break a table, inject HTML, nor ping anyone.

use std::io::{self, Write};

use super::gfm::{code, text as escape};
use super::{bar, check_in_text, kr_value, percent, plural, stale_note};
use crate::model::{ObjectiveKind, Status};
use crate::report::{AlignKind, KrReport, ObjectiveReport, Report, Scorecard, TeamReport};
use crate::score::{Health, Standing};

/// A coloured mark before the state's word, so a table reads at a glance; the word
/// is always there for those who cannot tell the colours apart.
fn mark(status: Option<Status>, health: Option<Health>) -> String {
    let standing = Standing::of(status, health);
    let dot = match standing {
        Standing::Achieved => "🔵",
        Standing::Dropped | Standing::Draft | Standing::NotScored => "⚪",
        Standing::Missed | Standing::Health(Health::OffTrack) => "🔴",
        Standing::Health(Health::AtRisk) => "🟡",
        Standing::Health(Health::OnTrack) => "🟢",
    };
    format!("{dot} {}", standing.name())
}

fn progress(p: Option<f64>) -> String {
    p.map_or_else(
        || "–".into(),
        |p| format!("`{}` {}", bar(p, 10, false), percent(p)),
    )
}

pub fn render(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    header(report, w)?;
    summary(report, w)?;
    scorecards(report, w)?;
    writeln!(w, "\n## Teams")?;
    for team in &report.teams {
        team_section(team, w)?;
    }
    risks(report, w)?;
    drift(report, w)?;
    nudges(report, w)?;
    alignment(report, w)
}

/// The drift section, when the report read the git history: the same findings as the
/// terminal and JSON, escaped as `align diff` escapes them for a pull-request comment.
fn drift(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let Some(drift) = &report.drift else {
        return Ok(());
    };
    writeln!(w, "\n## Drift (from git history)\n")?;
    if drift.findings.is_empty() {
        return writeln!(w, "None: no stale key results, no goalposts moved.");
    }
    writeln!(w, "| Finding | About | What | Who, when, why |")?;
    writeln!(w, "|---|---|---|---|")?;
    for line in &drift.findings {
        writeln!(
            w,
            "| {} | {} | {} | {} |",
            code(line.code),
            line.entity
                .as_ref()
                .map_or_else(|| "–".into(), |e| escape(&e.to_string())),
            escape(&line.message),
            line.help.as_deref().map_or_else(|| "–".into(), escape)
        )?;
    }
    Ok(())
}

fn header(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let cycle = &report.cycle;
    let name = match &cycle.name {
        Some(name) => format!("{} ({})", escape(name), code(&cycle.id)),
        None => code(&cycle.id),
    };
    let org = report
        .name
        .as_deref()
        .map(|n| format!("{}: ", escape(n)))
        .unwrap_or_default();
    writeln!(w, "# Quarterly review: {org}{name}\n")?;
    if let Some(vision) = &report.vision {
        writeln!(w, "**Vision:** {}\n", escape(&vision.statement))?;
    }
    if cycle.ended {
        writeln!(
            w,
            "{} to {} · **ended** · as of {}: final scores 0.0-1.0 against each objective's success level",
            cycle.start, cycle.end, report.today
        )?;
    } else {
        writeln!(
            w,
            "{} to {} · **{} elapsed** · {} left · as of {}",
            cycle.start,
            cycle.end,
            percent(cycle.elapsed),
            plural(cycle.days_left.max(0) as usize, "day", "days"),
            report.today
        )?;
    }
    if cycle.chosen_by == "latest" {
        writeln!(
            w,
            "\nNo cycle contains {}: this is the latest one that started (choose with `--cycle`).",
            report.today
        )?;
    }
    writeln!(w, "\n{}", escape(&report.history.line(&report.today)))?;
    if let Some(team) = &report.team {
        writeln!(w, "\nTeam {} and the teams below it.", code(team))?;
    }
    let check = &report.check;
    if check.errors > 0 || check.warnings > 0 {
        writeln!(
            w,
            "\n> **Note:** `align check` reports {} and {}: some figures may be wrong.",
            plural(check.errors, "error", "errors"),
            plural(check.warnings, "warning", "warnings")
        )?;
    }
    Ok(())
}

fn summary(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(w, "\n## Summary\n")?;
    if report.cycle.ended {
        return graded_summary(report, w);
    }
    writeln!(
        w,
        "| Objectives | Key results | Progress | Expected by today | 🟢 On track | 🟡 At risk | 🔴 Off track |"
    )?;
    writeln!(w, "|---:|---:|---|---:|---:|---:|---:|")?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} | {} | {} |",
        s.objectives,
        s.key_results,
        progress(s.progress),
        percent(s.expected),
        s.on_track,
        s.at_risk,
        s.off_track
    )?;
    let others: Vec<String> = [
        (s.achieved, "achieved"),
        (s.missed, "missed"),
        (s.dropped, "dropped"),
        (s.draft, "draft"),
        (s.unscored, "not scored"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if !others.is_empty() {
        writeln!(w, "\nAlso: {}.", others.join(", "))?;
    }
    if !s.top_risks.is_empty() {
        writeln!(w, "\n**Top risks**\n")?;
        for (i, risk) in s.top_risks.iter().enumerate() {
            writeln!(w, "{}. {}", i + 1, escape(risk))?;
        }
    }
    Ok(())
}

/// The summary of a cycle that ended: grades, each objective counted once.
fn graded_summary(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(
        w,
        "| Objectives | Key results | Mean final score | 🔵 Achieved | 🔴 Missed | Not scored |"
    )?;
    writeln!(w, "|---:|---:|---:|---:|---:|---:|")?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} | {} |",
        s.objectives,
        s.key_results,
        s.score.map_or_else(|| "–".into(), |x| format!("{x:.2}")),
        s.achieved,
        s.missed,
        s.unscored
    )?;
    if s.ungraded > 0 {
        writeln!(
            w,
            "\n{} graded here from key results, not yet in the files: `align cycle close {} --write`.",
            plural(s.ungraded, "objective is", "objectives are"),
            escape(&report.cycle.id)
        )?;
    }
    if let Some(learnings) = &report.cycle.learnings {
        writeln!(w, "\n**Learnings:** {}", escape(learnings))?;
    }
    Ok(())
}

fn scorecards(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n## Pillars\n")?;
    writeln!(
        w,
        "| Pillar | Perspective | Owner | Objectives | Progress | State |"
    )?;
    writeln!(w, "|---|---|---|---:|---|---|")?;
    for card in &report.pillars {
        writeln!(
            w,
            "| {}<br>{} | {} | {} | {} | {} | {} |",
            escape(&card.title),
            code(&card.id),
            card.perspective.map_or("–", |p| p.name()),
            card.owner.as_deref().map_or_else(|| "–".into(), code),
            card.objectives,
            progress(card.progress),
            card_state(card)
        )?;
    }
    writeln!(w, "\n## Balanced scorecard\n")?;
    writeln!(
        w,
        "| Perspective | Pillars | Objectives | Progress | State |"
    )?;
    writeln!(w, "|---|---|---:|---|---|")?;
    for card in &report.perspectives {
        let pillars = if card.title.is_empty() {
            "*none*".to_string()
        } else {
            card.title
                .split(", ")
                .map(code)
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            escape(&card.id),
            pillars,
            card.objectives,
            progress(card.progress),
            card_state(card)
        )?;
    }
    Ok(())
}

fn card_state(card: &Scorecard) -> String {
    if card.objectives == 0 {
        "–".into()
    } else if let Some(grade) = super::card_grade(card) {
        grade
    } else {
        match super::expected_note(card) {
            Some(note) => format!("{} ({note})", mark(None, card.health)),
            None => mark(None, card.health),
        }
    }
}

fn team_section(team: &TeamReport, w: &mut dyn Write) -> io::Result<()> {
    // Headings go one level deeper for sub-teams, down to the deepest Markdown has.
    let level = "#".repeat((3 + team.depth).min(6));
    let lead = team
        .lead
        .as_deref()
        .map(|l| format!(" · lead {}", code(l)))
        .unwrap_or_default();
    writeln!(w, "\n{level} {}{lead}\n", escape(&team.name))?;
    let below = if team.objectives.len() < team.rollup.objectives {
        " with the teams below"
    } else {
        ""
    };
    writeln!(
        w,
        "{} · {}{below} · {}",
        progress(team.rollup.progress),
        plural(team.rollup.objectives, "objective", "objectives"),
        card_state(&team.rollup)
    )?;
    for objective in &team.objectives {
        objective_block(objective, w)?;
    }
    Ok(())
}

fn objective_block(o: &ObjectiveReport, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n**{}** {}\n", escape(&o.title), code(&o.id))?;
    let grade = o.progress.map_or_else(
        || "not scored".into(),
        |p| format!("**{p:.2}** ({})", percent(p)),
    );
    let mut facts = vec![
        match &o.grade {
            Some(g) => format!(
                "{} final **{}** · {}",
                match g.band {
                    crate::score::Band::Green => "🟢",
                    crate::score::Band::Amber => "🟡",
                    crate::score::Band::Red => "🔴",
                },
                super::grade_words(g),
                super::graded_note(g)
            ),
            None => format!(
                "{grade}, expected {} · {}",
                percent(o.expected),
                mark(Some(o.status), o.health)
            ),
        },
        match o.kind {
            ObjectiveKind::Committed => "committed".into(),
            ObjectiveKind::Aspirational => "aspirational (0.7 is success)".into(),
        },
    ];
    facts.extend(super::objective_notes(o));
    if let Some(owner) = &o.owner {
        facts.push(format!("owner {}", code(owner)));
    }
    if let Some(c) = o.confidence {
        facts.push(format!("confidence {}", percent(c)));
    }
    writeln!(w, "{}", facts.join(" · "))?;
    for (kr, work) in o.initiatives() {
        let work: Vec<String> = work.iter().map(|i| initiative(i)).collect();
        writeln!(w, "\n> Work behind {}: {}", code(kr), work.join(", "))?;
    }
    if let Some(from) = &o.continues {
        writeln!(w, "\nContinues {}.", code(from))?;
    }
    if let Some(retro) = &o.retro {
        writeln!(w, "\n> **Retro:** {}", escape(retro))?;
    }
    for (kr, allowed) in o.silenced() {
        let on = kr.map(|id| format!(" on {}", code(id))).unwrap_or_default();
        writeln!(
            w,
            "\n> Silenced {}{on}: {}",
            code(&allowed.code),
            escape(&allowed.reason)
        )?;
    }
    if !o.depends_on.is_empty() {
        let needs: Vec<String> = o
            .depends_on
            .iter()
            .map(|d| {
                let team = d
                    .team
                    .as_deref()
                    .map(|t| format!(", {}", code(t)))
                    .unwrap_or_default();
                let how = match (d.status, d.health) {
                    (Some(s), None) if s != Status::Active => {
                        Standing::of(Some(s), None).name().to_string()
                    }
                    (_, Some(h)) => h.name().to_string(),
                    _ => "not scored".into(),
                };
                let why = d
                    .declined_because
                    .as_deref()
                    .map(|r| format!(": {}", escape(r)))
                    .unwrap_or_default();
                format!(
                    "{} ({how}{team}; {}{why})",
                    code(&d.objective),
                    d.answer.name()
                )
            })
            .collect();
        writeln!(w, "\nNeeds {}.", needs.join("; "))?;
    }
    if o.key_results.is_empty() {
        return writeln!(w, "\n*No key results.*");
    }
    writeln!(w)?;
    writeln!(
        w,
        "| Key result | Now → target | Progress | State | Confidence | Owner | Last check-in |"
    )?;
    writeln!(w, "|---|---|---|---|---:|---|---|")?;
    for kr in &o.key_results {
        writeln!(
            w,
            "| {}<br>{} | {} | {} | {} | {} | {} | {} |",
            escape(&kr.title),
            code(&kr.id),
            escape(&kr_value(kr)),
            kr_progress(kr),
            if kr.health.is_none() && kr.progress.is_some() {
                "–".to_string()
            } else {
                match stale_note(kr) {
                    Some(note) => format!("{}<br>{note}", mark(None, kr.health)),
                    None => mark(None, kr.health),
                }
            },
            match super::confidence_trend(kr) {
                Some(trend) => trend,
                None => kr.confidence.as_ref().map_or_else(
                    || "–".into(),
                    |c| match c.value {
                        Some(v) => percent(v),
                        None => format!("{}?", escape(&c.written)),
                    },
                ),
            },
            kr.owner.as_deref().map_or_else(|| "–".into(), code),
            match (&kr.last_checkin, &kr.comment) {
                (None, _) => "–".into(),
                (Some(c), None) => escape(&check_in_text(c)),
                (Some(c), Some(comment)) => format!(
                    "{}<br>“{}”",
                    escape(&check_in_text(c)),
                    // One table row: the comment's lines run together.
                    escape(&comment.split_whitespace().collect::<Vec<_>>().join(" "))
                ),
            },
        )?;
    }
    Ok(())
}

fn kr_progress(kr: &KrReport) -> String {
    let Some(p) = kr.progress else {
        return format!("not scored: {}", kr.unscored.map_or("?", |u| u.reason()));
    };
    let mut text = progress(Some(p));
    if let Some(raw) = kr.raw.filter(|&r| r > 1.0) {
        text.push_str(&format!("<br>{} of target", percent(raw)));
    }
    if let Some(stretch) = kr.stretch_progress.filter(|&s| s > 0.0) {
        text.push_str(&format!("<br>stretch {}", percent(stretch)));
    }
    text
}

fn risks(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n## Risks\n")?;
    if report.risks.is_empty() {
        return writeln!(w, "None: every active objective is on pace.");
    }
    writeln!(w, "| Risk | Objective | Team | Owner | Why |")?;
    writeln!(w, "|---|---|---|---|---|")?;
    for risk in &report.risks {
        writeln!(
            w,
            "| {} | {}<br>{} | {} | {} | {} |",
            risk.kind.name(),
            escape(&risk.title),
            code(&risk.objective),
            code(&risk.team),
            risk.owner.as_deref().map_or_else(|| "–".into(), code),
            escape(&risk.detail)
        )?;
    }
    Ok(())
}

fn nudges(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n## Before the review\n")?;
    if report.nudges.is_empty() {
        return writeln!(w, "Nothing to update.");
    }
    for nudge in &report.nudges {
        writeln!(w, "- {}", code(&nudge.owner))?;
        for item in &nudge.items {
            writeln!(w, "  - {}: {}", code(&item.item), escape(&item.action))?;
        }
    }
    Ok(())
}

/// How deep the alignment list indents: GitHub stops nesting lists somewhere past
/// this, and a chain thousands deep must still render as a list.
const MAX_LIST_DEPTH: usize = 8;

fn alignment(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "\n## Alignment\n")?;
    writeln!(
        w,
        "<details><summary>Vision, pillars and the objectives under them</summary>\n"
    )?;
    for row in &report.alignment {
        let depth = row.depth.min(MAX_LIST_DEPTH);
        let deeper = if row.depth > MAX_LIST_DEPTH {
            format!("(level {}) ", row.depth)
        } else {
            String::new()
        };
        let line = match row.kind {
            AlignKind::Vision => format!("**Vision:** {}", escape(&row.title)),
            AlignKind::Pillar => format!(
                "**{}** {} · {}",
                escape(&row.title),
                code(&row.id),
                progress(row.progress)
            ),
            AlignKind::Orphans => format!("**{}**", escape(&row.title)),
            AlignKind::Objective if row.repeated => {
                format!("{} {} (shown above)", escape(&row.title), code(&row.id))
            }
            AlignKind::Objective => format!(
                "{} {} · {} · {}",
                escape(&row.title),
                code(&row.id),
                progress(row.progress),
                mark(row.status, row.health)
            ),
        };
        writeln!(w, "{}- {deeper}{line}", "  ".repeat(depth))?;
    }
    writeln!(w, "\n</details>")
}

/// An initiative: a web link as an autolink when it is plainly one, anything else
/// (an issue reference, or a link with odd characters) as escaped text.
fn initiative(text: &str) -> String {
    if super::is_web_link(text) {
        format!("<{text}>")
    } else {
        code(text)
    }
}
