//! `align drift` (table and Markdown) and `align history` (table): layouts of the drift
//! report, its findings and a timeline. Nothing here computes.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::{number, percent, plural};
use crate::diag::{Finding, Tally};
use crate::drift::{DriftReport, Forecast, LastCheckIn, TeamChurn, Timeline};
use crate::source::Sources;

fn grid(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        // Ids stay whole: a table wider than the terminal is better than a broken id.
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header.to_vec());
    table
}

fn heading(report: &DriftReport) -> Vec<String> {
    let c = &report.cycle;
    let h = &report.history;
    let mut lines = vec![
        format!(
            "Drift of {} ({} to {}{}), as of {}",
            c.id,
            c.start,
            c.end,
            if c.active { "" } else { ", not running today" },
            report.today
        ),
        format!(
            "History: {} read, {} changed the tree or checked in{}",
            plural(h.commits_read, "commit", "commits"),
            h.commits_with_changes,
            if h.uncommitted {
                "; uncommitted changes in the work tree are the newest state"
            } else {
                ""
            }
        ),
    ];
    if let Some(cut) = &h.cut {
        lines.push(format!(
            "History is cut at {cut} (a shallow clone): fetch it all with `fetch-depth: 0`"
        ));
    }
    lines
}

fn tally_line(findings: &[Finding]) -> String {
    let t = Tally::of(findings);
    format!(
        "{}: {}, {}, {}",
        plural(findings.len(), "finding", "findings"),
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        plural(t.infos, "info", "infos")
    )
}

/// Where a finding points, as `file:line:column`.
fn place(sources: &Sources, finding: &Finding) -> Option<String> {
    let label = finding.primary()?;
    let file = sources.get(label.file);
    let (line, column) = file.line_col(label.span.start);
    Some(format!("{}:{line}:{column}", file.name))
}

fn check_in_cells(c: &LastCheckIn) -> Vec<String> {
    vec![
        c.key_result.clone(),
        c.owner.clone().unwrap_or_default(),
        if c.at_cut {
            format!("{} or before", c.date)
        } else {
            c.date.clone()
        },
        c.days_ago.to_string(),
        c.source.name().to_string(),
        c.author.clone().unwrap_or_default(),
        c.commit.clone().unwrap_or_default(),
    ]
}

const CHECK_IN_HEADER: [&str; 7] = [
    "key result",
    "owner",
    "last check-in",
    "days",
    "source",
    "by",
    "commit",
];
const FORECAST_HEADER: [&str; 7] = [
    "key result",
    "baseline",
    "now",
    "target",
    "progress",
    "forecast",
    "pace",
];
const CHURN_HEADER: [&str; 6] = [
    "team",
    "obj. added",
    "obj. dropped",
    "re-parented",
    "KRs added",
    "KRs removed",
];

/// A titled table: title, header, rows.
type Section<'a> = (&'a str, &'a [&'a str], Vec<Vec<String>>);

fn forecast_cells(f: &Forecast) -> Vec<String> {
    vec![
        f.key_result.clone(),
        number(f.baseline),
        f.current.map(number).unwrap_or_else(|| "-".into()),
        number(f.target),
        format!("{} ({} expected)", percent(f.progress), percent(f.expected)),
        match (f.forecast, f.forecast_progress) {
            (Some(value), Some(p)) => format!(
                "{} ({})",
                number((value * 100.0).round() / 100.0),
                percent(p)
            ),
            _ => "-".into(),
        },
        if f.behind { "behind" } else { "ok" }.to_string(),
    ]
}

fn churn_cells(c: &TeamChurn) -> Vec<String> {
    vec![
        c.team.clone(),
        c.objectives_added.to_string(),
        c.objectives_dropped.to_string(),
        c.objectives_reparented.to_string(),
        c.key_results_added.to_string(),
        c.key_results_removed.to_string(),
    ]
}

/// For the terminal: the heading, each finding with its place and help, then the
/// last check-ins, forecasts and churn per team.
pub fn table(
    report: &DriftReport,
    sources: &Sources,
    findings: &[Finding],
    w: &mut dyn Write,
) -> io::Result<()> {
    for line in heading(report) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    for f in findings {
        writeln!(w, "{}[{}]: {}", f.severity.name(), f.code, f.message)?;
        if let Some(place) = place(sources, f) {
            writeln!(w, "  --> {place}")?;
        }
        if let Some(help) = &f.help {
            writeln!(w, "  help: {help}")?;
        }
        writeln!(w)?;
    }
    writeln!(w, "{}", tally_line(findings))?;
    let sections: [Section<'_>; 3] = [
        (
            "Last check-ins",
            &CHECK_IN_HEADER,
            report.check_ins.iter().map(check_in_cells).collect(),
        ),
        (
            "Forecasts: a least-squares line through the cycle's check-ins, at the cycle's end",
            &FORECAST_HEADER,
            report.forecasts.iter().map(forecast_cells).collect(),
        ),
        (
            "Churn per team since the cycle started",
            &CHURN_HEADER,
            report.churn.iter().map(churn_cells).collect(),
        ),
    ];
    for (title, header, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        let mut t = grid(header);
        for row in rows {
            t.add_row(row);
        }
        writeln!(w, "\n{title}\n{t}")?;
    }
    if !report.unknown.is_empty() {
        writeln!(w, "\nUnknown, because the history is cut:")?;
        for line in &report.unknown {
            writeln!(w, "  {line}")?;
        }
    }
    Ok(())
}

/// A Markdown cell: pipes escaped, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown_table(w: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    writeln!(w, "| {} |", header.join(" | "))?;
    writeln!(w, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        writeln!(w, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// GitHub-flavoured Markdown, for a pull-request comment or a wiki page.
pub fn markdown(
    report: &DriftReport,
    sources: &Sources,
    findings: &[Finding],
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut lines = heading(report).into_iter();
    if let Some(first) = lines.next() {
        writeln!(w, "## {first}\n")?;
    }
    for line in lines {
        writeln!(w, "{line}  ")?;
    }
    writeln!(w, "\n### {}\n", tally_line(findings))?;
    if !findings.is_empty() {
        let rows: Vec<Vec<String>> = findings
            .iter()
            .map(|f| {
                vec![
                    f.severity.name().to_string(),
                    format!("`{}`", f.code),
                    f.message.clone(),
                    place(sources, f)
                        .map(|p| format!("`{p}`"))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        markdown_table(w, &["severity", "code", "finding", "where"], &rows)?;
    }
    let sections: [Section<'_>; 3] = [
        (
            "Last check-ins",
            &CHECK_IN_HEADER,
            report.check_ins.iter().map(check_in_cells).collect(),
        ),
        (
            "Forecasts",
            &FORECAST_HEADER,
            report.forecasts.iter().map(forecast_cells).collect(),
        ),
        (
            "Churn per team",
            &CHURN_HEADER,
            report.churn.iter().map(churn_cells).collect(),
        ),
    ];
    for (title, header, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        writeln!(w, "\n### {title}\n")?;
        markdown_table(w, header, &rows)?;
    }
    if !report.unknown.is_empty() {
        writeln!(w, "\n### Unknown, because the history is cut\n")?;
        for line in &report.unknown {
            writeln!(w, "- {}", cell(line))?;
        }
    }
    Ok(())
}

/// `align history`: one block per event.
pub fn timeline(timeline: &Timeline, w: &mut dyn Write) -> io::Result<()> {
    let name = timeline.now.as_deref().unwrap_or(&timeline.item);
    writeln!(
        w,
        "{} `{name}`: {}",
        timeline.kind,
        plural(timeline.events.len(), "event", "events")
    )?;
    if timeline.now.is_some() {
        writeln!(w, "`{}` was renamed: it is `{name}` now", timeline.item)?;
    }
    if !timeline.line.is_empty() {
        writeln!(
            w,
            "continues across cycles: {}",
            timeline
                .line
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" → ")
        )?;
    }
    if let Some(cut) = &timeline.cut {
        writeln!(
            w,
            "history is cut at {cut} (a shallow clone): \"at cut\" means already there then"
        )?;
    }
    let mut t = grid(&[
        "date", "commit", "author", "item", "change", "value", "conf.",
    ]);
    for row in &timeline.events {
        let mut change = row.details.join("\n");
        if let Some(merge) = &row.landed_with {
            change.push_str(&format!("\nlanded with {merge}"));
        }
        if let Some(authored) = &row.author_date {
            change.push_str(&format!("\nauthor date {authored}"));
        }
        if let Some(note) = &row.note {
            change.push_str(&format!("\n{note}"));
        }
        t.add_row(vec![
            row.date.clone(),
            row.commit.clone(),
            row.author.clone(),
            row.entity.clone(),
            change,
            row.value.clone().unwrap_or_default(),
            row.confidence.clone().unwrap_or_default(),
        ]);
    }
    writeln!(w, "{t}")
}
