//! `align cycle review`: the track record as a terminal table, Markdown and one
//! self-contained HTML page with inline SVG charts (no script). Nothing here computes.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::gfm::{code, text as md};
use super::html::escape;
use super::percent;
use super::table::{Style, clean};
use crate::cycle::review::{Figures, Review, Track};

const HEADER: [&str; 8] = [
    "Cycle",
    "Obj.",
    "Score",
    "Committed achieved",
    "Aspirational",
    "Calibration",
    "Check-ins",
    "Churn",
];

/// A cycle's final score, or that it still runs: the same in the long and short rows.
fn score_cell(f: &Figures, ended: bool) -> String {
    if ended {
        f.score
            .map_or_else(|| "–".to_string(), |s| format!("{s:.2}"))
    } else {
        "running".into()
    }
}

/// The cells of one row, as plain text, shared by every format.
fn cells(label: &str, f: &Figures, ended: bool, history: bool) -> [String; 8] {
    let dash = || "–".to_string();
    let unknown = || if history { dash() } else { "no history".into() };
    [
        label.to_string(),
        f.objectives.to_string(),
        score_cell(f, ended),
        match f.committed_achieved_share {
            Some(share) => format!(
                "{}/{} ({})",
                f.committed_achieved,
                f.committed,
                percent(share)
            ),
            None => dash(),
        },
        match (f.aspirational_score, f.aspirational_note) {
            (Some(s), Some(note)) => format!("{s:.2} {note}"),
            (Some(s), None) => format!("{s:.2}"),
            _ => dash(),
        },
        match (f.calibration.brier, f.calibration.verdict) {
            (Some(b), Some(v)) => format!("Brier {b:.2}, {} (n={})", v.name(), f.calibration.pairs),
            (Some(b), None) => format!("Brier {b:.2} (n={})", f.calibration.pairs),
            _ => unknown(),
        },
        match (f.check_ins.weekly_share, f.check_ins.median_gap_days) {
            (Some(w), Some(g)) => format!("{} of weeks, median gap {g:.0} d", percent(w)),
            (Some(w), None) => format!("{} of weeks", percent(w)),
            _ => unknown(),
        },
        if history {
            format!(
                "+{} added, {} dropped, {} eased",
                f.churn.added, f.churn.dropped, f.churn.eased
            )
        } else {
            unknown()
        },
    ]
}

/// Every row of a track: one per cycle, then the overall one.
fn rows(review: &Review, track: &Track) -> Vec<[String; 8]> {
    let mut rows: Vec<[String; 8]> = review
        .cycles
        .iter()
        .zip(&track.cycles)
        .map(|(c, f)| cells(&c.id, f, c.ended, review.history))
        .collect();
    if review.cycles.iter().filter(|c| c.ended).count() > 1 {
        rows.push(cells("overall", &track.overall, true, review.history));
    }
    rows
}

fn sections(review: &Review) -> Vec<(&'static str, &Track)> {
    std::iter::once(("Company", &review.company))
        .chain(review.teams.iter().map(|t| ("Team", t)))
        .chain(review.pillars.iter().map(|p| ("Pillar", p)))
        .collect()
}

fn span(review: &Review) -> String {
    match (review.cycles.first(), review.cycles.last()) {
        (Some(a), Some(b)) if a.id != b.id => format!("{} to {}", a.id, b.id),
        (Some(a), _) => a.id.clone(),
        _ => "no cycle".into(),
    }
}

/// Short cells for 80 columns; the legend under the first table says what they mean.
fn short(label: &str, f: &Figures, ended: bool) -> Vec<String> {
    let dash = || "–".to_string();
    let mut row = vec![
        label.to_string(),
        f.objectives.to_string(),
        score_cell(f, ended),
        match f.committed_achieved_share {
            Some(share) => format!(
                "{}/{} {}",
                f.committed_achieved,
                f.committed,
                percent(share)
            ),
            None => dash(),
        },
        f.aspirational_score.map_or_else(dash, |s| {
            let flag = match f.aspirational_note {
                Some("healthy") | None => "",
                Some(_) => " !",
            };
            format!("{s:.2}{flag}")
        }),
    ];
    row.push(match (f.calibration.brier, f.calibration.verdict) {
        (Some(b), Some(v)) => format!(
            "{b:.2} {}",
            match v {
                crate::cycle::review::CalibrationVerdict::OverConfident => "over",
                crate::cycle::review::CalibrationVerdict::UnderConfident => "under",
                crate::cycle::review::CalibrationVerdict::Calibrated => "ok",
            }
        ),
        (Some(b), None) => format!("{b:.2}"),
        _ => dash(),
    });
    row.push(
        match (f.check_ins.weekly_share, f.check_ins.median_gap_days) {
            (Some(w), Some(g)) => format!("{} {g:.0}d", percent(w)),
            (Some(w), None) => percent(w),
            _ => dash(),
        },
    );
    row.push(format!(
        "+{} -{} ~{}",
        f.churn.added, f.churn.dropped, f.churn.eased
    ));
    row
}

pub fn table(review: &Review, style: Style, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        style.heading(&format!(
            "Track record: {}, as of {}",
            clean(&span(review)),
            review.today
        ))
    )?;
    let columns = if review.history { 8 } else { 5 };
    writeln!(
        w,
        "{}",
        style.fill(
            "Score: mean final grade. Commit: committed objectives achieved. Aspir.: mean grade of \
             aspirational ones (! outside 0.6-0.9). Brier: confidence at mid-cycle against \
             the outcome (over/under-confident). Check-ins: share of weeks, median gap. \
             Churn: +added -dropped ~eased mid-cycle. `--format json` spells out the formulas.",
            "",
            ""
        )
    )?;
    if !review.history {
        writeln!(
            w,
            "Not in a git repository: calibration, check-ins and churn need the history."
        )?;
    }
    let header = [
        "Cycle",
        "Obj",
        "Score",
        "Commit",
        "Aspir.",
        "Brier",
        "Check-ins",
        "Churn",
    ];
    let several_ended = review.cycles.iter().filter(|c| c.ended).count() > 1;
    for (kind, track) in sections(review) {
        let title = if kind == "Company" {
            clean(&track.name).into_owned()
        } else {
            format!("{kind} {} ({})", clean(&track.name), clean(&track.id))
        };
        writeln!(w, "\n{}", style.heading(&title))?;
        let mut table = style.table(&header[..columns]);
        let mut rows: Vec<Vec<String>> = review
            .cycles
            .iter()
            .zip(&track.cycles)
            .map(|(c, f)| short(&c.id, f, c.ended))
            .collect();
        if several_ended {
            rows.push(short("overall", &track.overall, true));
        }
        for row in rows {
            table.add_row(row.iter().take(columns).enumerate().map(|(i, c)| {
                let cell = Cell::new(clean(c));
                if (1..=2).contains(&i) {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        writeln!(w, "{table}")?;
    }
    Ok(())
}

pub fn markdown(review: &Review, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "# Track record: {}\n\nAs of {}. Scores are final grades 0.0-1.0; the JSON output \
         (`--format json`) spells out every formula.",
        md(&span(review)),
        review.today
    )?;
    if !review.history {
        writeln!(
            w,
            "\n> Not in a git repository: calibration, check-ins and churn need the history."
        )?;
    }
    for (kind, track) in sections(review) {
        if kind == "Company" {
            writeln!(w, "\n## {}\n", md(&track.name))?;
        } else {
            writeln!(w, "\n## {kind} {} {}\n", md(&track.name), code(&track.id))?;
        }
        writeln!(w, "| {} |", HEADER.join(" | "))?;
        writeln!(w, "|---|---:|---:|---|---|---|---|---|")?;
        for row in rows(review, track) {
            let row: Vec<String> = row.iter().map(|c| md(c)).collect();
            writeln!(w, "| {} |", row.join(" | "))?;
        }
    }
    Ok(())
}

pub fn html(review: &Review, w: &mut dyn Write) -> io::Result<()> {
    let title = format!("Track record: {}", span(review));
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>",
        escape(&title),
        include_str!("../../assets/report/report.css")
    )?;
    writeln!(
        w,
        "<header><h1>{}</h1><p class=\"muted\">As of {}. Bars: final score per cycle \
         (the line marks 0.7); the JSON output spells out every formula.</p></header>",
        escape(&title),
        escape(&review.today)
    )?;
    if !review.history {
        writeln!(
            w,
            "<p class=\"note\">Not in a git repository: calibration, check-ins and churn need the history.</p>"
        )?;
    }
    for (kind, track) in sections(review) {
        let heading = if kind == "Company" {
            escape(&track.name)
        } else {
            format!(
                "{kind} {} <code>{}</code>",
                escape(&track.name),
                escape(&track.id)
            )
        };
        writeln!(w, "<section>\n<h2>{heading}</h2>")?;
        chart(review, track, w)?;
        writeln!(w, "<table><thead><tr>")?;
        for h in HEADER {
            writeln!(w, "<th>{}</th>", escape(h))?;
        }
        writeln!(w, "</tr></thead><tbody>")?;
        for row in rows(review, track) {
            let cells: Vec<String> = row
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect();
            writeln!(w, "<tr>{}</tr>", cells.join(""))?;
        }
        writeln!(w, "</tbody></table>\n</section>")?;
    }
    writeln!(w, "</main>\n</body>\n</html>")
}

/// Bars of the final score per cycle, with a line at 0.7, as inline SVG.
fn chart(review: &Review, track: &Track, w: &mut dyn Write) -> io::Result<()> {
    const BAR: usize = 48;
    const GAP: usize = 16;
    const HEIGHT: f64 = 120.0;
    let width = review.cycles.len() * (BAR + GAP) + GAP;
    writeln!(
        w,
        r#"<svg class="chart" role="img" width="{width}" height="160" viewBox="0 0 {width} 160" xmlns="http://www.w3.org/2000/svg"><title>Final score per cycle</title>"#
    )?;
    for (i, (cycle, f)) in review.cycles.iter().zip(&track.cycles).enumerate() {
        let x = GAP + i * (BAR + GAP);
        if let (true, Some(score)) = (cycle.ended, f.score) {
            let h = score.clamp(0.0, 1.0) * HEIGHT;
            let colour = match crate::score::Band::of(score) {
                crate::score::Band::Green => "#1f8a4c",
                crate::score::Band::Amber => "#b7791f",
                crate::score::Band::Red => "#c53030",
            };
            writeln!(
                w,
                r#"<rect x="{x}" y="{:.1}" width="{BAR}" height="{h:.1}" fill="{colour}"><title>{} {score:.2}</title></rect><text x="{}" y="{:.1}" font-size="11" text-anchor="middle">{score:.2}</text>"#,
                10.0 + HEIGHT - h,
                escape(&cycle.id),
                x + BAR / 2,
                6.0 + HEIGHT - h,
            )?;
        }
        writeln!(
            w,
            r#"<text x="{}" y="150" font-size="11" text-anchor="middle">{}</text>"#,
            x + BAR / 2,
            escape(&cycle.id)
        )?;
    }
    writeln!(
        w,
        r##"<line x1="0" x2="{width}" y1="{y:.1}" y2="{y:.1}" stroke="#555" stroke-dasharray="4 3"/></svg>"##,
        y = 10.0 + HEIGHT * 0.3
    )
}
