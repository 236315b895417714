//! `align report --format html`: one self-contained page (inline CSS, no script, no
//! font or image from the network) that a person can open, attach to a review or
//! print. Everything a user wrote goes through [`escape`]; a Content-Security-Policy
//! forbids scripts and network access even if something slipped through.

use std::io::{self, Write};

use super::{check_in_text, kr_value, percent, plural, stale_note};
use crate::model::{ObjectiveKind, Status};
use crate::report::{
    AlignKind, AlignRow, CycleLine, KrReport, ObjectiveReport, Report, Scorecard, TeamReport,
};
use crate::score::{Band, Health, Standing};

const CSS: &str = include_str!("../../assets/report/report.css");

/// How deep the alignment tree nests; deeper rows stay at this depth with their level
/// written out, so that a chain thousands deep renders (browsers cap nesting).
const MAX_TREE_DEPTH: usize = 12;

/// Text safe in HTML content and in quoted attribute values. Control characters,
/// which HTML cannot show, become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in super::capped(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if super::is_hidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The CSS class of a state: it picks the colour; the word is always written too.
fn class(status: Option<Status>, health: Option<Health>) -> &'static str {
    match Standing::of(status, health) {
        Standing::Achieved => "achieved",
        Standing::Missed => "missed",
        Standing::Dropped | Standing::Draft => "inactive",
        Standing::Health(Health::OnTrack) => "on-track",
        Standing::Health(Health::AtRisk) => "at-risk",
        Standing::Health(Health::OffTrack) => "off-track",
        Standing::NotScored => "unscored",
    }
}

fn badge(status: Option<Status>, health: Option<Health>) -> String {
    format!(
        r#"<span class="state {}">{}</span>"#,
        class(status, health),
        Standing::of(status, health).name()
    )
}

/// A progress bar with its percentage, coloured by state, with a tick at the
/// progress expected by today when there is one.
fn progress(p: Option<f64>, expected: Option<f64>, css: &str) -> String {
    let Some(p) = p else {
        return r#"<span class="muted">–</span>"#.into();
    };
    let width = |x: f64| (x.clamp(0.0, 1.0) * 100.0).round();
    let tick = expected
        .filter(|e| *e > 0.0)
        .map(|e| {
            format!(
                r#"<i style="left:{}%" title="expected by today"></i>"#,
                width(e)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<div class="progress"><div class="bar {css}"><span style="width:{}%"></span>{tick}</div><span class="pct">{}</span></div>"#,
        width(p),
        percent(p)
    )
}

fn card_state(card: &Scorecard) -> String {
    if card.objectives == 0 {
        r#"<span class="muted">–</span>"#.into()
    } else if let Some(grade) = super::card_grade(card) {
        let band = card.score.map_or(Band::Red, Band::of);
        format!(
            r#"<span class="state {}">{}</span>"#,
            band_class(band),
            escape(&grade)
        )
    } else {
        match super::expected_note(card) {
            Some(note) => format!(
                r#"{} <span class="muted">{note}</span>"#,
                badge(None, card.health)
            ),
            None => badge(None, card.health),
        }
    }
}

/// The colour of a grade's band: the colours of the pace, green to red.
fn band_class(band: Band) -> &'static str {
    match band {
        Band::Green => "on-track",
        Band::Amber => "at-risk",
        Band::Red => "off-track",
    }
}

fn or_dash(text: Option<&str>) -> String {
    text.map_or_else(|| "–".into(), escape)
}

pub fn render(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let title = format!(
        "Quarterly review: {}{}",
        report
            .name
            .as_deref()
            .map(|n| format!("{n}: "))
            .unwrap_or_default(),
        report.cycle.name.as_deref().unwrap_or(&report.cycle.id)
    );
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(w, r#"<html lang="en">"#)?;
    writeln!(w, "<head>")?;
    writeln!(w, r#"<meta charset="utf-8">"#)?;
    writeln!(
        w,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    )?;
    writeln!(
        w,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(w, r#"<meta name="generator" content="align">"#)?;
    writeln!(w, "<title>{}</title>", escape(&title))?;
    writeln!(w, "<style>\n{CSS}</style>")?;
    writeln!(w, "</head>")?;
    writeln!(w, "<body>\n<main>")?;
    header(report, &title, w)?;
    summary(report, w)?;
    scorecards(report, w)?;
    writeln!(w, r#"<section id="teams">"#)?;
    writeln!(w, "<h2>Teams</h2>")?;
    for team in &report.teams {
        team_section(team, &report.cycle, w)?;
    }
    writeln!(w, "</section>")?;
    risks(report, w)?;
    drift(report, w)?;
    nudges(report, w)?;
    alignment(&report.alignment, w)?;
    writeln!(
        w,
        "<footer>Written by align as of {}. Figures come from the strategy tree's TOML files{}.</footer>",
        escape(&report.today),
        if report.history.read {
            " and its git history"
        } else {
            ""
        }
    )?;
    writeln!(w, "</main>\n</body>\n</html>")
}

fn header(report: &Report, title: &str, w: &mut dyn Write) -> io::Result<()> {
    let cycle = &report.cycle;
    writeln!(w, "<header>")?;
    writeln!(
        w,
        r#"<h1>{} <code>{}</code></h1>"#,
        escape(title),
        escape(&cycle.id)
    )?;
    if let Some(vision) = &report.vision {
        writeln!(w, r#"<p class="vision">{}</p>"#, escape(&vision.statement))?;
    }
    if cycle.ended {
        writeln!(
            w,
            r#"<div class="cycle"><span>{} to {}, ended; as of {}: final scores 0.0-1.0 against each objective's success level</span></div>"#,
            escape(&cycle.start),
            escape(&cycle.end),
            escape(&report.today)
        )?;
    } else {
        writeln!(
            w,
            r#"<div class="cycle"><span>{} to {}</span>{}<span>elapsed, {} left, as of {}</span></div>"#,
            escape(&cycle.start),
            escape(&cycle.end),
            progress(Some(cycle.elapsed), None, ""),
            plural(cycle.days_left.max(0) as usize, "day", "days"),
            escape(&report.today)
        )?;
    }
    if cycle.chosen_by == "latest" {
        writeln!(
            w,
            r#"<p class="note">No cycle contains {}: this is the latest one that started (choose with <code>--cycle</code>).</p>"#,
            escape(&report.today)
        )?;
    }
    writeln!(
        w,
        r#"<p class="history">{}</p>"#,
        escape(&report.history.line(&report.today))
    )?;
    if let Some(team) = &report.team {
        writeln!(
            w,
            "<p>Team <code>{}</code> and the teams below it.</p>",
            escape(team)
        )?;
    }
    let check = &report.check;
    if check.errors > 0 || check.warnings > 0 {
        writeln!(
            w,
            r#"<p class="note"><code>align check</code> reports {} and {}: some figures may be wrong.</p>"#,
            plural(check.errors, "error", "errors"),
            plural(check.warnings, "warning", "warnings")
        )?;
    }
    writeln!(w, "</header>")
}

fn summary(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(w, r#"<section id="summary">"#)?;
    writeln!(w, "<h2>Summary</h2>")?;
    writeln!(w, r#"<div class="cards">"#)?;
    let card = |w: &mut dyn Write, css: &str, value: String, label: &str| {
        writeln!(
            w,
            r#"<div class="card {css}"><div class="value">{value}</div><div class="label">{label}</div></div>"#
        )
    };
    let ended = report.cycle.ended;
    if ended {
        card(
            w,
            s.score.map_or("", |x| band_class(Band::of(x))),
            s.score.map_or_else(|| "–".into(), |x| format!("{x:.2}")),
            "mean final score",
        )?;
        card(w, "", s.objectives.to_string(), "objectives")?;
        card(w, "", s.key_results.to_string(), "key results")?;
        card(w, "on-track", s.achieved.to_string(), "achieved")?;
        card(w, "off-track", s.missed.to_string(), "missed")?;
    } else {
        card(
            w,
            "",
            s.progress.map_or_else(|| "–".into(), percent),
            &format!(
                "average progress, {} expected by today",
                percent(s.expected)
            ),
        )?;
        card(w, "", s.objectives.to_string(), "objectives")?;
        card(w, "", s.key_results.to_string(), "key results")?;
        card(w, "on-track", s.on_track.to_string(), "on track")?;
        card(w, "at-risk", s.at_risk.to_string(), "at risk")?;
        card(w, "off-track", s.off_track.to_string(), "off track")?;
    }
    writeln!(w, "</div>")?;
    if s.ungraded > 0 {
        writeln!(
            w,
            r#"<p class="note">{} graded here from key results, not yet in the files: <code>align cycle close {} --write</code>.</p>"#,
            plural(s.ungraded, "objective is", "objectives are"),
            escape(&report.cycle.id)
        )?;
    }
    if let Some(learnings) = &report.cycle.learnings {
        writeln!(
            w,
            r#"<p class="learnings"><strong>Learnings:</strong> {}</p>"#,
            escape(learnings)
        )?;
    }
    let (achieved, missed) = if ended {
        (0, 0)
    } else {
        (s.achieved, s.missed)
    };
    let others: Vec<String> = [
        (achieved, "achieved"),
        (missed, "missed"),
        (s.dropped, "dropped"),
        (s.draft, "draft"),
        (s.unscored, "not scored"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if !others.is_empty() {
        writeln!(w, r#"<p class="muted">Also: {}.</p>"#, others.join(", "))?;
    }
    if !s.top_risks.is_empty() {
        writeln!(w, "<h3>Top risks</h3>\n<ol>")?;
        for risk in &s.top_risks {
            writeln!(w, "<li>{}</li>", escape(risk))?;
        }
        writeln!(w, "</ol>")?;
    }
    writeln!(w, "</section>")
}

fn scorecards(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<section id="pillars">"#)?;
    writeln!(w, "<h2>Pillars</h2>")?;
    writeln!(
        w,
        r#"<table><thead><tr><th>Pillar</th><th>Perspective</th><th>Owner</th><th class="num">Objectives</th><th>Progress</th><th>State</th></tr></thead><tbody>"#
    )?;
    for card in &report.pillars {
        writeln!(
            w,
            r#"<tr><td>{}<br><code>{}</code></td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&card.title),
            escape(&card.id),
            card.perspective.map_or("–", |p| p.name()),
            or_dash(card.owner.as_deref()),
            card.objectives,
            progress(card.progress, None, class(None, card.health)),
            card_state(card)
        )?;
    }
    writeln!(w, "</tbody></table>\n</section>")?;
    writeln!(w, r#"<section id="perspectives">"#)?;
    writeln!(w, "<h2>Balanced scorecard</h2>")?;
    writeln!(
        w,
        r#"<table><thead><tr><th>Perspective</th><th>Pillars</th><th class="num">Objectives</th><th>Progress</th><th>State</th></tr></thead><tbody>"#
    )?;
    for card in &report.perspectives {
        let pillars = if card.title.is_empty() {
            r#"<span class="muted">none</span>"#.to_string()
        } else {
            format!("<code>{}</code>", escape(&card.title))
        };
        writeln!(
            w,
            r#"<tr><td>{}</td><td>{pillars}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&card.id),
            card.objectives,
            progress(card.progress, None, class(None, card.health)),
            card_state(card)
        )?;
    }
    writeln!(w, "</tbody></table>\n</section>")
}

fn team_section(team: &TeamReport, cycle: &CycleLine, w: &mut dyn Write) -> io::Result<()> {
    let sub = if team.depth > 0 { " sub" } else { "" };
    // Sub-teams indent by their depth, up to a point: a deep team tree stays readable.
    let indent = team.depth.min(6) * 24;
    writeln!(
        w,
        r#"<div class="team{sub}" style="margin-left:{indent}px" id="team-{}">"#,
        escape(&team.id)
    )?;
    let lead = team
        .lead
        .as_deref()
        .map(|l| format!(r#" <span class="muted">lead {}</span>"#, escape(l)))
        .unwrap_or_default();
    let below = if team.objectives.len() < team.rollup.objectives {
        " with the teams below"
    } else {
        ""
    };
    writeln!(
        w,
        r#"<div class="head"><h3>{}</h3>{lead}</div>"#,
        escape(&team.name)
    )?;
    writeln!(
        w,
        r#"<div class="cycle">{}<span>{}{below}</span>{}</div>"#,
        progress(team.rollup.progress, None, class(None, team.rollup.health)),
        plural(team.rollup.objectives, "objective", "objectives"),
        card_state(&team.rollup)
    )?;
    for objective in &team.objectives {
        objective_block(objective, cycle, w)?;
    }
    writeln!(w, "</div>")
}

fn objective_block(o: &ObjectiveReport, cycle: &CycleLine, w: &mut dyn Write) -> io::Result<()> {
    let css = match &o.grade {
        Some(g) => band_class(g.band),
        None => class(Some(o.status), o.health),
    };
    writeln!(
        w,
        r#"<article class="objective {css}" id="objective-{}">"#,
        escape(&o.id)
    )?;
    writeln!(
        w,
        r#"<h4>{} <code>{}</code></h4>"#,
        escape(&o.title),
        escape(&o.id)
    )?;
    let grade = o.progress.map_or_else(
        || "not scored".into(),
        |p| format!("<strong>{p:.2}</strong> ({})", percent(p)),
    );
    let mut facts = vec![
        match &o.grade {
            Some(g) => format!(
                r#"<span class="state {}">final {}</span> {}"#,
                band_class(g.band),
                escape(&super::grade_words(g)),
                super::graded_note(g)
            ),
            None => format!(
                "{grade}, expected {} · {}",
                percent(o.expected),
                badge(Some(o.status), o.health)
            ),
        },
        match o.kind {
            ObjectiveKind::Committed => "committed".into(),
            ObjectiveKind::Aspirational => "aspirational (0.7 is success)".into(),
        },
    ];
    facts.extend(super::objective_notes(o));
    if let Some(owner) = &o.owner {
        facts.push(format!("owner {}", escape(owner)));
    }
    if let Some(c) = o.confidence {
        facts.push(format!("confidence {}", percent(c)));
    }
    if !o.depends_on.is_empty() {
        let needs: Vec<String> = o
            .depends_on
            .iter()
            .map(|d| {
                let team = d
                    .team
                    .as_deref()
                    .map(|t| format!(", {}", escape(t)))
                    .unwrap_or_default();
                let how = match (d.status, d.health) {
                    (Some(s), None) if s != Status::Active => Standing::of(Some(s), None).name(),
                    (_, Some(h)) => h.name(),
                    _ => "not scored",
                };
                let why = d
                    .declined_because
                    .as_deref()
                    .map(|r| format!(": {}", escape(r)))
                    .unwrap_or_default();
                // Agreed, pending and declined read differently at a glance.
                format!(
                    r#"<code>{}</code> ({how}{team}; <span class="dep-{}">{}{why}</span>)"#,
                    escape(&d.objective),
                    d.answer.name(),
                    d.answer.name()
                )
            })
            .collect();
        facts.push(format!("needs {}", needs.join("; ")));
    }
    writeln!(w, r#"<div class="facts">{}</div>"#, facts.join(" · "))?;
    for (kr, work) in o.initiatives() {
        let work: Vec<String> = work
            .iter()
            .map(|i| {
                if super::is_web_link(i) {
                    format!(
                        r#"<a href="{0}" rel="noopener noreferrer">{0}</a>"#,
                        escape(i)
                    )
                } else {
                    format!("<code>{}</code>", escape(i))
                }
            })
            .collect();
        writeln!(
            w,
            r#"<p class="work">Work behind <code>{}</code>: {}</p>"#,
            escape(kr),
            work.join(", ")
        )?;
    }
    if let Some(from) = &o.continues {
        writeln!(
            w,
            r#"<p class="muted">Continues <code>{}</code>.</p>"#,
            escape(from)
        )?;
    }
    if let Some(retro) = &o.retro {
        writeln!(
            w,
            r#"<p class="retro"><strong>Retro:</strong> {}</p>"#,
            escape(retro)
        )?;
    }
    for (kr, allowed) in o.silenced() {
        let on = kr
            .map(|id| format!(" on <code>{}</code>", escape(id)))
            .unwrap_or_default();
        writeln!(
            w,
            r#"<p class="allowed">Silenced <code>{}</code>{on}: {}</p>"#,
            escape(&allowed.code),
            escape(&allowed.reason)
        )?;
    }
    if o.key_results.is_empty() {
        writeln!(w, r#"<p class="muted">No key results.</p>"#)?;
    } else {
        writeln!(
            w,
            r#"<table><thead><tr><th>Key result</th><th>Now → target</th><th>Progress</th><th>State</th><th class="num">Confidence</th><th>Owner</th><th>Last check-in</th></tr></thead><tbody>"#
        )?;
        for kr in &o.key_results {
            key_result_row(kr, cycle, w)?;
        }
        writeln!(w, "</tbody></table>")?;
    }
    writeln!(w, "</article>")
}

/// A small chart of a key result's values over the cycle (from the history) against
/// the ideal line from its baseline on the cycle's first day to its target on the
/// last: inline SVG, no script. `None` with fewer than two values.
fn chart(kr: &KrReport, cycle: &CycleLine) -> Option<String> {
    const W: f64 = 160.0;
    const H: f64 = 36.0;
    let (start, end) = (
        cycle.start.parse::<jiff::civil::Date>().ok()?,
        cycle.end.parse::<jiff::civil::Date>().ok()?,
    );
    let length = crate::score::days(start, end).max(1) as f64;
    let points: Vec<(f64, f64)> = kr
        .series
        .iter()
        .filter_map(|p| {
            let day = crate::score::days(start, p.date.parse().ok()?) as f64;
            Some((day, p.value.filter(|v| v.is_finite())?))
        })
        .collect();
    if points.len() < 2 {
        return None;
    }
    let ideal = kr.baseline.zip(kr.target).filter(|(b, t)| b != t);
    let (mut lo, mut hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &(_, v)| {
            (l.min(v), h.max(v))
        });
    if let Some((b, t)) = ideal {
        lo = lo.min(b).min(t);
        hi = hi.max(b).max(t);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let x = |day: f64| (day / length).clamp(0.0, 1.0) * W;
    let y = |v: f64| H - 2.0 - (v - lo) / (hi - lo) * (H - 4.0);
    let line: Vec<String> = points
        .iter()
        .map(|&(d, v)| format!("{:.1},{:.1}", x(d), y(v)))
        .collect();
    let ideal = ideal.map_or_else(String::new, |(b, t)| {
        format!(
            r#"<line class="ideal" x1="0" y1="{:.1}" x2="{W}" y2="{:.1}"/>"#,
            y(b),
            y(t)
        )
    });
    Some(format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="values over the cycle against the ideal line">{ideal}<polyline class="values" points="{}"/></svg>"#,
        line.join(" ")
    ))
}

fn key_result_row(kr: &KrReport, cycle: &CycleLine, w: &mut dyn Write) -> io::Result<()> {
    let progress_cell = match kr.progress {
        None => format!(
            r#"<span class="muted">not scored: {}</span>"#,
            kr.unscored.map_or("?", |u| u.reason())
        ),
        Some(p) => {
            let mut cell = progress(Some(p), None, class(None, kr.health));
            if let Some(raw) = kr.raw.filter(|&r| r > 1.0) {
                cell.push_str(&format!(
                    r#"<span class="muted">{} of target</span>"#,
                    percent(raw)
                ));
            }
            if let Some(stretch) = kr.stretch_progress.filter(|&s| s > 0.0) {
                cell.push_str(&format!(
                    r#"<br><span class="muted">stretch {}</span>"#,
                    percent(stretch)
                ));
            }
            if let Some(svg) = chart(kr, cycle) {
                cell.push_str(&svg);
            }
            cell
        }
    };
    let confidence = match super::confidence_trend(kr) {
        Some(trend) => escape(&trend),
        None => kr.confidence.as_ref().map_or_else(
            || "–".into(),
            |c| match c.value {
                Some(v) => percent(v),
                None => format!("{}?", escape(&c.written)),
            },
        ),
    };
    writeln!(
        w,
        r#"<tr><td>{}<br><code>{}</code></td><td>{}</td><td>{progress_cell}</td><td>{}</td><td class="num">{confidence}</td><td>{}</td><td class="checkin">{}</td></tr>"#,
        escape(&kr.title),
        escape(&kr.id),
        escape(&kr_value(kr)),
        if kr.health.is_none() && kr.progress.is_some() {
            "–".into()
        } else {
            match stale_note(kr) {
                Some(note) => format!(
                    r#"{}<br><span class="stale">{}</span>"#,
                    badge(None, kr.health),
                    escape(&note)
                ),
                None => badge(None, kr.health),
            }
        },
        or_dash(kr.owner.as_deref()),
        match (&kr.last_checkin, &kr.comment) {
            (None, _) => "–".into(),
            (Some(c), None) => escape(&check_in_text(c)),
            (Some(c), Some(comment)) => format!(
                r#"{}<div class="comment">{}</div>"#,
                escape(&check_in_text(c)),
                escape(comment)
            ),
        },
    )
}

fn risks(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<section id="risks">"#)?;
    writeln!(w, "<h2>Risks</h2>")?;
    if report.risks.is_empty() {
        writeln!(w, "<p>None: every active objective is on pace.</p>")?;
    } else {
        writeln!(
            w,
            "<table><thead><tr><th>Risk</th><th>Objective</th><th>Team</th><th>Owner</th><th>Why</th></tr></thead><tbody>"
        )?;
        for risk in &report.risks {
            let css = match risk.kind {
                crate::report::RiskKind::OffTrack => "off-track",
                crate::report::RiskKind::Blocked
                | crate::report::RiskKind::AtRisk
                | crate::report::RiskKind::Unagreed => "at-risk",
                crate::report::RiskKind::Unscored => "unscored",
            };
            writeln!(
                w,
                r#"<tr><td><span class="state {css}">{}</span></td><td>{}<br><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                risk.kind.name(),
                escape(&risk.title),
                escape(&risk.objective),
                escape(&risk.team),
                or_dash(risk.owner.as_deref()),
                escape(&risk.detail)
            )?;
        }
        writeln!(w, "</tbody></table>")?;
    }
    writeln!(w, "</section>")
}

/// The drift section, when the report read the git history: the same findings as the
/// terminal and JSON.
fn drift(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let Some(drift) = &report.drift else {
        return Ok(());
    };
    writeln!(w, r#"<section id="drift">"#)?;
    writeln!(w, "<h2>Drift (from git history)</h2>")?;
    if drift.findings.is_empty() {
        writeln!(w, "<p>None: no stale key results, no goalposts moved.</p>")?;
    } else {
        writeln!(
            w,
            "<table><thead><tr><th>Finding</th><th>About</th><th>What</th><th>Who, when, why</th></tr></thead><tbody>"
        )?;
        for line in &drift.findings {
            let css = match line.severity {
                crate::diag::Severity::Error => "off-track",
                crate::diag::Severity::Warning => "at-risk",
                crate::diag::Severity::Info => "unscored",
            };
            writeln!(
                w,
                r#"<tr><td><span class="state {css}">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                escape(line.code),
                or_dash(line.entity.as_ref().map(|e| e.to_string()).as_deref()),
                escape(&line.message),
                or_dash(line.help.as_deref())
            )?;
        }
        writeln!(w, "</tbody></table>")?;
    }
    writeln!(w, "</section>")
}

fn nudges(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<section id="nudges">"#)?;
    writeln!(w, "<h2>Before the review</h2>")?;
    if report.nudges.is_empty() {
        writeln!(w, "<p>Nothing to update.</p>")?;
    } else {
        writeln!(w, r#"<ul class="nudges">"#)?;
        for nudge in &report.nudges {
            writeln!(w, "<li><strong>{}</strong><ul>", escape(&nudge.owner))?;
            for item in &nudge.items {
                writeln!(
                    w,
                    "<li><code>{}</code>: {}</li>",
                    escape(&item.item),
                    escape(&item.action)
                )?;
            }
            writeln!(w, "</ul></li>")?;
        }
        writeln!(w, "</ul>")?;
    }
    writeln!(w, "</section>")
}

/// The flat pre-order rows as nested lists, opened and closed by depth: no recursion.
fn alignment(rows: &[AlignRow], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<section id="alignment">"#)?;
    writeln!(w, "<h2>Alignment</h2>")?;
    writeln!(w, r#"<ul class="tree">"#)?;
    let mut open = 0usize;
    for (i, row) in rows.iter().enumerate() {
        let depth = row.depth.min(MAX_TREE_DEPTH);
        if i > 0 {
            if depth > open {
                for _ in open..depth {
                    writeln!(w, "<ul>")?;
                }
            } else {
                writeln!(w, "</li>")?;
                for _ in depth..open {
                    writeln!(w, "</ul></li>")?;
                }
            }
        }
        open = depth;
        let level = if row.depth > MAX_TREE_DEPTH {
            format!(r#"<span class="muted">(level {})</span> "#, row.depth)
        } else {
            String::new()
        };
        let mini = |p: Option<f64>| {
            p.map(|p| {
                format!(
                    r#"<span class="mini"><span style="width:{}%"></span></span>{}"#,
                    (p.clamp(0.0, 1.0) * 100.0).round(),
                    percent(p)
                )
            })
            .unwrap_or_default()
        };
        let body = match row.kind {
            AlignKind::Vision => format!("<strong>Vision:</strong> {}", escape(&row.title)),
            AlignKind::Pillar => format!(
                r#"<span class="pillar">{}</span> <code>{}</code>{}"#,
                escape(&row.title),
                escape(&row.id),
                mini(row.progress)
            ),
            AlignKind::Orphans => format!("<strong>{}</strong>", escape(&row.title)),
            AlignKind::Objective if row.repeated => format!(
                r#"{} <code>{}</code> <span class="muted">(shown above)</span>"#,
                escape(&row.title),
                escape(&row.id)
            ),
            AlignKind::Objective => format!(
                "{} <code>{}</code>{} {}",
                escape(&row.title),
                escape(&row.id),
                mini(row.progress),
                badge(row.status, row.health)
            ),
        };
        write!(w, "<li>{level}{body}")?;
    }
    if !rows.is_empty() {
        writeln!(w, "</li>")?;
        for _ in 0..open {
            writeln!(w, "</ul></li>")?;
        }
    }
    writeln!(w, "</ul>\n</section>")
}
