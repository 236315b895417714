//! `align drift` (table and Markdown) and `align history` (table): layouts of the drift
//! report, its findings and a timeline. Nothing here computes. Ids, titles, owners and
//! commit authors come from files and history a pull-request author controls: they go
//! through [`clean`] on a terminal and [`gfm`] in Markdown.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::table::clean;
use super::{gfm, number, percent, plural};
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

/// The heading lines, with the cycle's id shown by `id`.
fn heading(report: &DriftReport, id: fn(&str) -> String) -> Vec<String> {
    let c = &report.cycle;
    let h = &report.history;
    let mut lines = vec![
        format!(
            "Drift of {} ({} to {}{}), as of {}",
            id(&c.id),
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
    for line in heading(report, |id| clean(id).into_owned()) {
        writeln!(w, "{line}")?;
    }
    writeln!(w)?;
    for f in findings {
        writeln!(
            w,
            "{}[{}]: {}",
            f.severity.name(),
            f.code,
            clean(&f.message)
        )?;
        if let Some(place) = place(sources, f) {
            writeln!(w, "  --> {}", clean(&place))?;
        }
        if let Some(help) = &f.help {
            writeln!(w, "  help: {}", clean(help))?;
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
            add_row(&mut t, row);
        }
        writeln!(w, "\n{title}\n{t}")?;
    }
    if !report.unknown.is_empty() {
        writeln!(w, "\nUnknown, because the history is cut:")?;
        for line in &report.unknown {
            writeln!(w, "  {}", clean(line))?;
        }
    }
    Ok(())
}

/// A row of user text, every cell safe for a terminal.
fn add_row(table: &mut Table, row: Vec<String>) {
    table.add_row(row.iter().map(|cell| clean(cell).into_owned()));
}

/// A Markdown table: the columns in `ids` hold ids and handles (shown as code when they
/// are plain slugs), the others text; every cell escaped by [`gfm`].
fn markdown_table(
    w: &mut dyn Write,
    header: &[&str],
    ids: &[usize],
    rows: &[Vec<String>],
) -> io::Result<()> {
    writeln!(w, "| {} |", header.join(" | "))?;
    writeln!(w, "|{}", "---|".repeat(header.len()))?;
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if ids.contains(&i) {
                    gfm::code(c)
                } else {
                    gfm::text(c)
                }
            })
            .collect();
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
    let mut lines = heading(report, gfm::code).into_iter();
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
                    f.code.to_string(),
                    f.message.clone(),
                    place(sources, f).unwrap_or_default(),
                ]
            })
            .collect();
        markdown_table(w, &["severity", "code", "finding", "where"], &[1, 3], &rows)?;
    }
    // Which columns hold ids: key results, owners, teams, commits.
    let sections: [(Section<'_>, &[usize]); 3] = [
        (
            (
                "Last check-ins",
                &CHECK_IN_HEADER,
                report.check_ins.iter().map(check_in_cells).collect(),
            ),
            &[0, 1, 6],
        ),
        (
            (
                "Forecasts",
                &FORECAST_HEADER,
                report.forecasts.iter().map(forecast_cells).collect(),
            ),
            &[0],
        ),
        (
            (
                "Churn per team",
                &CHURN_HEADER,
                report.churn.iter().map(churn_cells).collect(),
            ),
            &[0],
        ),
    ];
    for ((title, header, rows), ids) in sections {
        if rows.is_empty() {
            continue;
        }
        writeln!(w, "\n### {title}\n")?;
        markdown_table(w, header, ids, &rows)?;
    }
    if !report.unknown.is_empty() {
        writeln!(w, "\n### Unknown, because the history is cut\n")?;
        for line in &report.unknown {
            writeln!(w, "- {}", gfm::text(line))?;
        }
    }
    Ok(())
}

/// `align history`: one block per event.
pub fn timeline(timeline: &Timeline, w: &mut dyn Write) -> io::Result<()> {
    let name = clean(timeline.now.as_deref().unwrap_or(&timeline.item));
    writeln!(
        w,
        "{} `{name}`: {}",
        timeline.kind,
        plural(timeline.events.len(), "event", "events")
    )?;
    if timeline.now.is_some() {
        writeln!(
            w,
            "`{}` was renamed: it is `{name}` now",
            clean(&timeline.item)
        )?;
    }
    if !timeline.line.is_empty() {
        writeln!(
            w,
            "continues across cycles: {}",
            timeline
                .line
                .iter()
                .map(|id| format!("`{}`", clean(id)))
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
        // One detail a line: each cleaned alone, so that its line break stays.
        let mut lines: Vec<String> = row.details.clone();
        if let Some(merge) = &row.landed_with {
            lines.push(format!("landed with {merge}"));
        }
        if let Some(authored) = &row.author_date {
            lines.push(format!("author date {authored}"));
        }
        if let Some(note) = &row.note {
            lines.push(note.clone());
        }
        let change = lines
            .iter()
            .map(|line| clean(line).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
        let cell = |text: &str| clean(text).into_owned();
        t.add_row(vec![
            cell(&row.date),
            cell(&row.commit),
            cell(&row.author),
            cell(&row.entity),
            change,
            cell(row.value.as_deref().unwrap_or_default()),
            cell(row.confidence.as_deref().unwrap_or_default()),
        ]);
    }
    writeln!(w, "{t}")
}
