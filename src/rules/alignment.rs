//! Line of sight: every objective reaches a pillar, and so the vision, through
//! `supports`, without going round in a loop.

use super::Context;
use super::references::loop_text;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::graph::{Edge, Node};

pub(crate) const LINE_OF_SIGHT: Rule = Rule {
    code: Code::LineOfSight,
    severity: Severity::Error,
    summary: "An objective has no path through `supports` to a pillar and the vision",
    title: "an objective does not trace up to a pillar",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/line-of-sight.md"),
};

pub(crate) const SUPPORTS_LOOP: Rule = Rule {
    code: Code::SupportsLoop,
    severity: Severity::Error,
    summary: "Objectives' `supports` links form a loop",
    title: "objectives support each other in a loop",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/supports-loop.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let reached = cx.graph.line_of_sight();
    let in_loop = loops(cx, out);
    for (i, o) in cx.model.objectives.iter().enumerate() {
        if reached[i] || !cx.is_live(i) || in_loop.contains(&i) {
            continue;
        }
        let (label, help) = if o.supports.is_empty() {
            (
                "supports nothing",
                "add `supports = [\"<pillar or parent objective>\"]` naming what this objective serves".to_string(),
            )
        } else {
            (
                "no pillar at the end of this chain",
                "every chain of `supports` must end at a pillar; point this objective, or the objectives it supports, at one".to_string(),
            )
        };
        out.push(
            Finding::new(
                Code::LineOfSight,
                format!(
                    "objective `{}` has no line of sight to the vision",
                    o.id.get_ref()
                ),
            )
            .at(o.file, o.id.span(), label)
            .help(help)
            .entity(Entity::Objective(o.id.get_ref().to_string())),
        );
    }
}

/// Reports each loop once; returns the objectives in loops so that line-of-sight does
/// not report them a second time.
fn loops(cx: &Context, out: &mut Vec<Finding>) -> Vec<usize> {
    let mut in_loop = Vec::new();
    for objectives in cx.graph.loops_of(Edge::Supports, Node::objective) {
        let names: Vec<&str> = objectives
            .iter()
            .map(|&o| cx.model.objectives[o].id.get_ref().as_str())
            .collect();
        let first = &cx.model.objectives[objectives[0]];
        let mut finding = Finding::new(
            Code::SupportsLoop,
            format!("objectives support each other in a loop: {}", loop_text(&names)),
        )
        .at(first.file, first.id.span(), "in a loop of `supports`")
        .help("`supports` points up towards the vision: break the loop so that the chain ends at a pillar")
        .entity(Entity::Objective(names[0].to_string()));
        for &o in &objectives[1..] {
            let other = &cx.model.objectives[o];
            finding = finding.also(other.file, other.id.span(), "also in the loop");
        }
        out.push(finding);
        in_loop.extend(objectives);
    }
    in_loop
}
