//! `align diff --format markdown`: the diff as a pull-request comment or a GitHub step
//! summary. Every table is GitHub-flavoured Markdown; a section longer than
//! [`FOLD_AFTER`] rows folds into `<details>`; user text goes through
//! [`gfm`](crate::render::gfm), so it cannot break a table, inject HTML or mention
//! anyone. With a byte budget (GitHub takes 1 MiB per step summary), rows that do not
//! fit are left out and counted, never cut in the middle.

use std::io::{self, Write};

use super::{
    Escape, dependency_cells, entity_name, field, goalpost_moved, kr_change, kr_lines,
    objective_lines, place, version,
};
use crate::diff::{Diff, DiffFinding};
use crate::render::gfm;

/// Sections with more rows than this are folded.
pub const FOLD_AFTER: usize = 10;

struct Gfm;

impl Escape for Gfm {
    fn text(&self, s: &str) -> String {
        gfm::text(s)
    }

    fn id(&self, s: &str) -> String {
        gfm::code(s)
    }

    fn strong(&self, s: &str) -> String {
        format!("**{s}**")
    }
}

/// A part of the document: a heading and a table whose rows may be left out.
struct Section {
    head: String,
    rows: Vec<String>,
    tail: String,
}

impl Section {
    fn len(&self) -> usize {
        self.head.len() + self.rows.iter().map(String::len).sum::<usize>() + self.tail.len()
    }
}

/// A table section, folded when long. Cells hold several lines joined by `<br>`.
fn table(title: &str, header: &[&str], rows: Vec<Vec<String>>) -> Section {
    let folded = rows.len() > FOLD_AFTER;
    let mut head = if folded {
        format!(
            "\n<details>\n<summary>{title} ({})</summary>\n\n",
            rows.len()
        )
    } else {
        format!("\n#### {title} ({})\n\n", rows.len())
    };
    head.push_str(&format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    ));
    let rows = rows
        .into_iter()
        .map(|cells| format!("| {} |\n", cells.join(" | ")))
        .collect();
    let tail = if folded {
        "\n</details>\n".to_string()
    } else {
        String::new()
    };
    Section { head, rows, tail }
}

fn lines(lines: Vec<String>) -> String {
    lines.join("<br>")
}

pub fn render(diff: &Diff, max_bytes: Option<usize>, w: &mut dyn Write) -> io::Result<()> {
    let e = Gfm;
    let mut top = format!(
        "### Strategy diff: {}\n\n{} → {}, as of {}\n",
        diff.verdict,
        version(&diff.base, &e),
        version(&diff.head, &e),
        diff.today
    );
    if !diff.semantic_change && diff.complete {
        top.push_str(
            "\n**No semantic change**: both versions mean the same (formatting, comments, \
             key order and file layout do not count).\n",
        );
    }
    let goalposts: Vec<String> = diff
        .key_results
        .iter()
        .filter(|kr| goalpost_moved(kr))
        .map(|kr| {
            format!(
                "- {}: {}\n",
                e.id(&format!("{}/{}", kr.objective, kr.id)),
                e.text(&kr.title)
            )
        })
        .collect();
    if !goalposts.is_empty() {
        top.push_str("\n**Goalposts moved**: eased after their cycle started:\n\n");
        top.push_str(&goalposts.concat());
    }
    let mut sections = vec![Section {
        head: top,
        rows: Vec::new(),
        tail: String::new(),
    }];

    let rows = |n: usize| Vec::with_capacity(n);
    if !diff.objectives.is_empty() {
        let mut r = rows(diff.objectives.len());
        for o in &diff.objectives {
            r.push(vec![
                o.change.name().to_string(),
                format!("{}<br>{}", e.text(&o.title), e.id(&o.id)),
                lines(objective_lines(o, &e)),
            ]);
        }
        sections.push(table(
            "Objectives",
            &["Change", "Objective", "What changed"],
            r,
        ));
    }
    if !diff.key_results.is_empty() {
        let mut r = rows(diff.key_results.len());
        for kr in &diff.key_results {
            r.push(vec![
                kr_change(kr).to_string(),
                format!(
                    "{}<br>{}",
                    e.text(&kr.title),
                    e.id(&format!("{}/{}", kr.objective, kr.id))
                ),
                lines(kr_lines(kr, &e)),
            ]);
        }
        sections.push(table(
            "Key results",
            &["Change", "Key result", "What changed"],
            r,
        ));
    }
    if !diff.dependencies.is_empty() {
        let mut r = rows(diff.dependencies.len());
        for d in &diff.dependencies {
            let [objective, on, answer, team] = dependency_cells(d, &e);
            r.push(vec![d.handshake().to_string(), objective, on, answer, team]);
        }
        let header = [
            "Request",
            "Objective (team)",
            "Depends on",
            "Answer",
            "Ask for a review",
        ];
        sections.push(table("Dependencies", &header, r));
    }
    if !diff.team_load.is_empty() {
        let mut r = rows(diff.team_load.len());
        for t in &diff.team_load {
            let over = if t.over_limit { " **over**" } else { "" };
            r.push(vec![
                e.id(&t.team),
                e.id(&t.cycle),
                format!("{} → {}", t.before, t.after),
                format!("{}{over}", t.limit),
            ]);
        }
        sections.push(table(
            "Team focus",
            &["Team", "Cycle", "Objectives", "Limit"],
            r,
        ));
    }
    if !diff.other.is_empty() {
        let mut r = rows(diff.other.len());
        for c in &diff.other {
            let details = c.fields.iter().map(|f| field(f, &e)).collect();
            r.push(vec![
                c.change.name().to_string(),
                entity_name(c, &e),
                lines(details),
            ]);
        }
        sections.push(table("Other changes", &["Change", "What", "Details"], r));
    }
    let found = &diff.findings;
    for (title, list) in [
        ("Findings introduced", &found.introduced),
        ("Findings fixed", &found.fixed),
    ] {
        if !list.is_empty() {
            sections.push(findings(title, list, &e));
        }
    }
    let mut end = format!(
        "\nFindings: {} introduced, {} fixed, {} unchanged.\n",
        found.introduced.len(),
        found.fixed.len(),
        found.unchanged
    );
    for note in &diff.notes {
        end.push_str(&format!("\n> Note: {}\n", e.text(note)));
    }
    sections.push(Section {
        head: end,
        rows: Vec::new(),
        tail: String::new(),
    });
    write(&sections, max_bytes, w)
}

fn findings(title: &str, list: &[DiffFinding], e: &Gfm) -> Section {
    let rows = list
        .iter()
        .map(|f| {
            vec![
                f.severity.name().to_string(),
                e.id(f.code.name()),
                e.text(&f.message),
                place(f, e),
            ]
        })
        .collect();
    table(title, &["Severity", "Rule", "Finding", "Where"], rows)
}

const SHORTENED: &str =
    "\n*Shortened to fit the size limit: run `align diff` for the whole diff.*\n";

/// Writes every section, or within `max_bytes`: whole rows while they fit, then a line
/// saying how many were left out. Sections always close what they opened.
fn write(sections: &[Section], max_bytes: Option<usize>, w: &mut dyn Write) -> io::Result<()> {
    let total: usize = sections.iter().map(Section::len).sum();
    let Some(budget) = max_bytes.filter(|&b| total > b) else {
        for s in sections {
            w.write_all(s.head.as_bytes())?;
            for row in &s.rows {
                w.write_all(row.as_bytes())?;
            }
            w.write_all(s.tail.as_bytes())?;
        }
        return Ok(());
    };
    let mut left = budget.saturating_sub(SHORTENED.len());
    for s in sections {
        let omitted = |n: usize| format!("\n*{n} more rows left out.*\n");
        // A section goes in only if its heading, closing and the note about left-out
        // rows fit: a table is never left open.
        let frame = s.head.len() + s.tail.len() + omitted(s.rows.len()).len();
        if frame > left {
            continue;
        }
        left -= frame;
        w.write_all(s.head.as_bytes())?;
        let mut shown = 0;
        for row in &s.rows {
            if row.len() > left {
                break;
            }
            left -= row.len();
            w.write_all(row.as_bytes())?;
            shown += 1;
        }
        if shown < s.rows.len() {
            w.write_all(omitted(s.rows.len() - shown).as_bytes())?;
        } else {
            // Nothing was left out: the note's bytes are free again.
            left += omitted(s.rows.len()).len();
        }
        w.write_all(s.tail.as_bytes())?;
    }
    if budget >= SHORTENED.len() {
        w.write_all(SHORTENED.as_bytes())?;
    }
    Ok(())
}
