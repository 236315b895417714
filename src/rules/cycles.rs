//! Cycles: dates in order, no overlaps, and a cycle for today.

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};

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
