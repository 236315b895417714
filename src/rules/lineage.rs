//! Lineage across cycles: an objective's `continues` names an objective of an earlier
//! cycle, and following `continues` never comes back. (A `continues` that names no
//! objective is an unknown reference, reported with the others.)

use std::collections::HashSet;

use super::Context;
use super::references::loop_text;
use crate::codes::{Code, Reads, Rule};
use crate::diag::Entity;
use crate::diag::{Finding, Severity};

pub(crate) const CONTINUES_NOT_EARLIER: Rule = Rule {
    code: Code::ContinuesNotEarlier,
    severity: Severity::Error,
    summary: "An objective continues one that is not of an earlier cycle",
    title: "continues an objective that is not of an earlier cycle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/continues-not-earlier.md"),
};

pub(crate) const CONTINUES_LOOP: Rule = Rule {
    code: Code::ContinuesLoop,
    severity: Severity::Error,
    summary: "Objectives' `continues` links form a loop",
    title: "continues links form a loop",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/continues-loop.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let m = cx.model;
    let previous = |o: usize| -> Option<usize> {
        let id = m.objectives[o].continues.as_ref()?.get_ref();
        cx.graph.index.objectives.get(id.as_str()).copied()
    };
    // Loops first: following `continues` from each objective, a walk that comes back
    // to an objective it passed is a loop, reported once from its first objective.
    // Its links are not also reported as not earlier: the loop says it all.
    let mut in_loop: HashSet<usize> = HashSet::new();
    for start in 0..m.objectives.len() {
        let mut path = vec![start];
        let mut at = start;
        let mut seen = HashSet::from([start]);
        while let Some(p) = previous(at) {
            if !seen.insert(p) {
                let from = path.iter().position(|&x| x == p).unwrap_or(0);
                let cycle = &path[from..];
                if cycle.iter().min() == Some(&start) && !in_loop.contains(&start) {
                    in_loop.extend(cycle.iter().copied());
                    out.push(loop_finding(cx, cycle));
                }
                break;
            }
            path.push(p);
            at = p;
        }
    }
    for (i, o) in m.objectives.iter().enumerate() {
        if in_loop.contains(&i) {
            continue;
        }
        let (Some(reference), Some(p)) = (&o.continues, previous(i)) else {
            continue;
        };
        let (Some(mine), Some(theirs)) = (cx.cycle_of(i), cx.cycle_of(p)) else {
            continue;
        };
        if theirs.start.get_ref() < mine.start.get_ref() {
            continue;
        }
        let other = &m.objectives[p];
        let when = if theirs.id.get_ref() == mine.id.get_ref() {
            format!(
                "`{}` of the same cycle `{}`",
                other.id.get_ref(),
                mine.id.get_ref()
            )
        } else {
            format!(
                "`{}` of `{}`, which does not start before `{}`",
                other.id.get_ref(),
                theirs.id.get_ref(),
                mine.id.get_ref()
            )
        };
        out.push(
            Finding::new(
                Code::ContinuesNotEarlier,
                format!("`{}` continues {when}", o.id.get_ref()),
            )
            .at(o.file, reference.span(), "not an earlier cycle's objective")
            .also(other.file, other.cycle.span(), "its cycle")
            .help(
                "`continues` names the objective of an earlier cycle that this one carries \
                 forward: point it there, or remove it",
            )
            .entity(Entity::Objective(o.id.get_ref().to_string())),
        );
    }
}

fn loop_finding(cx: &Context, cycle: &[usize]) -> Finding {
    let m = cx.model;
    let names: Vec<&str> = cycle
        .iter()
        .map(|&o| m.objectives[o].id.get_ref().as_str())
        .collect();
    let span = |o: usize| {
        let objective = &m.objectives[o];
        objective
            .continues
            .as_ref()
            .map_or(objective.id.span(), |c| c.span())
    };
    let first = cycle[0];
    let mut finding = Finding::new(
        Code::ContinuesLoop,
        format!(
            "objectives continue each other in a loop: {}",
            loop_text(&names)
        ),
    )
    .at(
        m.objectives[first].file,
        span(first),
        "in a loop of `continues`",
    )
    .help(
        "the first objective of a line continues nothing: remove the `continues` of the oldest one",
    )
    .entity(Entity::Objective(names[0].to_string()));
    for &o in &cycle[1..] {
        finding = finding.also(m.objectives[o].file, span(o), "also in the loop");
    }
    finding
}
