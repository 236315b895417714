//! Cycles: dates in order, no overlaps, a cycle for today, and ended cycles graded.

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::model::Status;

pub(crate) const CYCLE_DATES: Rule = Rule {
    code: Code::CycleDates,
    severity: Severity::Error,
    summary: "A cycle ends before it starts",
    title: "a cycle ends before it starts",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/cycle-dates.md"),
};

pub(crate) const CYCLE_OVERLAP: Rule = Rule {
    code: Code::CycleOverlap,
    severity: Severity::Warning,
    summary: "Two cycles overlap",
    title: "two cycles' date ranges overlap",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/cycle-overlap.md"),
};

pub(crate) const NO_CURRENT_CYCLE: Rule = Rule {
    code: Code::NoCurrentCycle,
    severity: Severity::Info,
    summary: "No cycle contains today, so current-cycle rules were skipped",
    title: "no cycle contains today",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/no-current-cycle.md"),
};

pub(crate) const CYCLE_UNGRADED: Rule = Rule {
    code: Code::CycleUngraded,
    severity: Severity::Info,
    summary: "A cycle ended with objectives still active: grade them (a warning after `[cycle] grade_within_days`)",
    title: "an ended cycle has objectives not yet graded",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/cycle-ungraded.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let cycles = &cx.model.cycles;
    for c in cycles {
        if c.end.get_ref() < c.start.get_ref() {
            out.push(
                Finding::new(
                    Code::CycleDates,
                    format!(
                        "cycle `{}` ends on {} before it starts on {}",
                        c.id.get_ref(),
                        c.end.get_ref(),
                        c.start.get_ref()
                    ),
                )
                .at(c.file, c.end.span(), "before the start")
                .also(c.file, c.start.span(), "start")
                .help("swap the dates, or fix the typo in one of them")
                .entity(Entity::Cycle(c.id.get_ref().to_string())),
            );
        }
    }
    // Sorted by start, a cycle can only overlap the ones after it that start before it ends.
    let mut order: Vec<usize> = (0..cycles.len())
        .filter(|&i| cycles[i].start.get_ref() <= cycles[i].end.get_ref())
        .collect();
    order.sort_by_key(|&i| (cycles[i].start.get_ref().0, i));
    for (n, &a) in order.iter().enumerate() {
        for &b in &order[n + 1..] {
            let (first, second) = (&cycles[a], &cycles[b]);
            if second.start.get_ref() > first.end.get_ref() {
                break;
            }
            out.push(
                Finding::new(
                    Code::CycleOverlap,
                    format!(
                        "cycle `{}` ({} to {}) overlaps cycle `{}` ({} to {})",
                        second.id.get_ref(),
                        second.start.get_ref(),
                        second.end.get_ref(),
                        first.id.get_ref(),
                        first.start.get_ref(),
                        first.end.get_ref()
                    ),
                )
                .at(
                    second.file,
                    second.start.span(),
                    "starts before the other ends",
                )
                .also(first.file, first.end.span(), "the other cycle ends here")
                .help("cycles follow each other: end one the day before the next starts")
                .entity(Entity::Cycle(second.id.get_ref().to_string())),
            );
        }
    }
    ungraded(cx, out);
    if cx.current_cycle.is_none() && cx.complete {
        out.push(
            Finding::new(
                Code::NoCurrentCycle,
                format!("no cycle contains today ({}): rules about the current cycle were skipped", cx.today),
            )
            .help("add the cycle for today to cycles.toml, or pass --today YYYY-MM-DD to check as of another date")
            .entity(Entity::Cycles),
        );
    }
}

/// Ended cycles with objectives still active: an info, a warning once the days of
/// grace after the end (`[cycle] grade_within_days`) have passed. Also a written
/// `score` outside 0.0-1.0.
fn ungraded(cx: &Context, out: &mut Vec<Finding>) {
    let mut active: Vec<Vec<usize>> = vec![Vec::new(); cx.model.cycles.len()];
    for (i, o) in cx.model.objectives.iter().enumerate() {
        if let Some(score) = &o.score
            && !(0.0..=1.0).contains(score.get_ref())
        {
            out.push(
                Finding::new(
                    Code::InvalidValue,
                    format!(
                        "`score` of objective `{}` is {}, not a grade from 0.0 to 1.0",
                        o.id.get_ref(),
                        score.get_ref()
                    ),
                )
                .at(o.file, score.span(), "not between 0.0 and 1.0")
                .help("a final score is 0.0-1.0: 0.7 is 70% of the way")
                .entity(Entity::Objective(o.id.get_ref().to_string())),
            );
        }
        if o.status() != Status::Active {
            continue;
        }
        if let Some(&c) = cx.graph.index.cycles.get(o.cycle.get_ref().as_str()) {
            active[c].push(i);
        }
    }
    let grace = i64::from(cx.settings.cycle.grade_within_days);
    for (c, objectives) in active.iter().enumerate() {
        let cycle = &cx.model.cycles[c];
        if objectives.is_empty() || !cycle.ended(cx.today) {
            continue;
        }
        let end = cycle.end.get_ref().0;
        let days = crate::score::days(end, cx.today);
        let id = cycle.id.get_ref();
        // A few ids say which; a cycle's every objective as a label would drown the rest.
        const NAMED: usize = 5;
        let mut names: Vec<String> = objectives
            .iter()
            .take(NAMED)
            .map(|&o| format!("`{}`", cx.model.objectives[o].id.get_ref()))
            .collect();
        if objectives.len() > NAMED {
            names.push(format!("{} more", objectives.len() - NAMED));
        }
        let mut finding = Finding::new(
            Code::CycleUngraded,
            format!(
                "cycle `{id}` ended on {end}, {} ago, and {} still active: {}",
                crate::render::plural(usize::try_from(days).unwrap_or(0), "day", "days"),
                crate::render::plural(objectives.len(), "objective is", "objectives are"),
                names.join(", ")
            ),
        )
        .at(cycle.file, cycle.end.span(), "ended")
        .help(format!(
            "grade it: `align cycle close {id}` proposes each objective's score and status, `--write` writes them"
        ))
        .entity(Entity::Cycle(id.to_string()));
        if days > grace {
            finding.severity = Severity::Warning;
        }
        out.push(finding);
    }
}
