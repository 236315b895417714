//! `align diff --format table`: the diff for a terminal. User text goes through
//! [`clean`], so a title cannot send escape sequences to the terminal.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::{
    Escape, dependency_cells, entity_name, field, kr_change, kr_lines, objective_lines, place,
    version,
};
use crate::diff::{Diff, DiffFinding};
use crate::render::table::{Style, clean};

pub(super) struct Terminal {
    pub(super) colour: bool,
}

impl Escape for Terminal {
    fn text(&self, s: &str) -> String {
        clean(s).into_owned()
    }

    fn id(&self, s: &str) -> String {
        clean(s).into_owned()
    }

    fn strong(&self, s: &str) -> String {
        if self.colour {
            format!("\x1b[1;31m{s}\x1b[0m")
        } else {
            s.to_uppercase()
        }
    }
}

pub fn render(diff: &Diff, style: Style, w: &mut dyn Write) -> io::Result<()> {
    let e = Terminal {
        colour: style.colour,
    };
    writeln!(
        w,
        "{}",
        style.heading(&format!(
            "Strategy diff: {} → {}, as of {}",
            version(&diff.base, &e),
            version(&diff.head, &e),
            diff.today
        ))
    )?;
    writeln!(w, "{}", diff.verdict)?;
    if !diff.semantic_change && diff.complete {
        writeln!(
            w,
            "\nNo semantic change: both versions mean the same (formatting, comments, key \
             order and file layout do not count)."
        )?;
    }

    if !diff.objectives.is_empty() {
        let mut table = style.table(&["Change", "Objective", "What changed"]);
        for o in &diff.objectives {
            table.add_row(vec![
                o.change.name().to_string(),
                format!("{}\n{}", e.text(&o.title), e.id(&o.id)),
                objective_lines(o, &e).join("\n"),
            ]);
        }
        section(w, &style, "Objectives", &table)?;
    }
    if !diff.key_results.is_empty() {
        let mut table = style.table(&["Change", "Key result", "What changed"]);
        for kr in &diff.key_results {
            table.add_row(vec![
                kr_change(kr).to_string(),
                format!(
                    "{}\n{}/{}",
                    e.text(&kr.title),
                    e.id(&kr.objective),
                    e.id(&kr.id)
                ),
                kr_lines(kr, &e).join("\n"),
            ]);
        }
        section(w, &style, "Key results", &table)?;
    }
    if !diff.dependencies.is_empty() {
        let mut table =
            style.table(&["Request", "Objective (team)", "Depends on", "Answer", "Ask"]);
        for d in &diff.dependencies {
            let [objective, on, answer, team] = dependency_cells(d, &e);
            table.add_row(vec![d.handshake().to_string(), objective, on, answer, team]);
        }
        section(w, &style, "Dependencies", &table)?;
    }
    if !diff.team_load.is_empty() {
        let mut table = style.table(&["Team", "Cycle", "Objectives", "Limit"]);
        for t in &diff.team_load {
            let over = if t.over_limit { ", over" } else { "" };
            table.add_row(vec![
                Cell::new(e.id(&t.team)),
                Cell::new(e.id(&t.cycle)),
                Cell::new(format!("{} → {}", t.before, t.after))
                    .set_alignment(CellAlignment::Right),
                Cell::new(format!("{}{over}", t.limit)),
            ]);
        }
        section(w, &style, "Team focus", &table)?;
    }
    if !diff.other.is_empty() {
        let mut table = style.table(&["Change", "What", "Details"]);
        for c in &diff.other {
            let details: Vec<String> = c.fields.iter().map(|f| field(f, &e)).collect();
            table.add_row(vec![
                c.change.name().to_string(),
                entity_name(c, &e),
                details.join("\n"),
            ]);
        }
        section(w, &style, "Other changes", &table)?;
    }
    let found = &diff.findings;
    findings(w, &style, &e, "Findings introduced", &found.introduced)?;
    findings(w, &style, &e, "Findings fixed", &found.fixed)?;
    writeln!(
        w,
        "\nFindings: {} introduced, {} fixed, {} unchanged",
        found.introduced.len(),
        found.fixed.len(),
        found.unchanged
    )?;
    for note in &diff.notes {
        writeln!(w, "Note: {}", e.text(note))?;
    }
    Ok(())
}

fn section(
    w: &mut dyn Write,
    style: &Style,
    title: &str,
    table: &comfy_table::Table,
) -> io::Result<()> {
    writeln!(w, "\n{}", style.heading(title))?;
    writeln!(w, "{table}")
}

fn findings(
    w: &mut dyn Write,
    style: &Style,
    e: &Terminal,
    title: &str,
    list: &[DiffFinding],
) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    // The place goes under the message: a path in a narrow column of its own would
    // be broken mid-name.
    let mut table = style.table(&["Severity", "Finding"]);
    for f in list {
        table.add_row(vec![
            format!("{}\n{}", f.severity.name(), f.code.name()),
            format!("{}\n{}", e.text(&f.message), place(f, e)),
        ]);
    }
    section(w, style, &format!("{title} ({})", list.len()), &table)
}
