//! Coverage: every pillar has work this cycle; every balanced-scorecard perspective
//! has a pillar.

use std::collections::VecDeque;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::graph::Node;
use crate::model::Perspective;

pub(crate) const PILLAR_UNCOVERED: Rule = Rule {
    code: Code::PillarUncovered,
    severity: Severity::Warning,
    summary: "No objective of the current cycle supports a pillar",
    title: "no objective of the current cycle serves a pillar",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/pillar-uncovered.md"),
};

pub(crate) const PERSPECTIVE_EMPTY: Rule = Rule {
    code: Code::PerspectiveEmpty,
    severity: Severity::Info,
    summary: "A balanced-scorecard perspective has no pillar",
    title: "a balanced-scorecard perspective has no pillar",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/perspective-empty.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    pillars(cx, out);
    perspectives(cx, out);
}

fn pillars(cx: &Context, out: &mut Vec<Finding>) {
    let Some(current) = cx.current_cycle else {
        return;
    };
    let cycle = cx.model.cycles[current].id.get_ref();
    let graph = &cx.graph;
    // One walk up from every live objective of the cycle marks the pillars they serve.
    let mut covered = vec![false; cx.model.pillars.len()];
    let mut seen = vec![false; graph.graph.node_count()];
    let mut queue: VecDeque<_> = (0..cx.model.objectives.len())
        .filter(|&i| cx.is_live(i) && cx.model.objectives[i].cycle.get_ref() == cycle)
        .map(|i| graph.objectives[i])
        .collect();
    while let Some(node) = queue.pop_front() {
        for next in graph.supports(node) {
            if !std::mem::replace(&mut seen[next.index()], true) {
                if let Node::Pillar(p) = graph.node(next) {
                    covered[p] = true;
                }
                queue.push_back(next);
            }
        }
    }
    for (p, pillar) in cx.model.pillars.iter().enumerate() {
        if !covered[p] {
            out.push(
                Finding::new(
                    Code::PillarUncovered,
                    format!("no objective of the current cycle `{cycle}` supports pillar `{}`", pillar.id.get_ref()),
                )
                .at(pillar.file, pillar.id.span(), "no work this cycle")
                .help("a pillar nobody works on is a wish: support it with an objective, or retire it")
                .entity(Entity::Pillar(pillar.id.get_ref().to_string())),
            );
        }
    }
}

fn perspectives(cx: &Context, out: &mut Vec<Finding>) {
    let used: Vec<Perspective> = cx
        .model
        .pillars
        .iter()
        .filter_map(|p| p.perspective.as_ref().map(|s| *s.get_ref()))
        .collect();
    if used.is_empty() {
        return; // the tree does not use the balanced scorecard
    }
    for perspective in Perspective::ALL {
        if !used.contains(&perspective) {
            out.push(Finding::new(
                Code::PerspectiveEmpty,
                format!("no pillar has the {} perspective", perspective.name()),
            )
            .help("a balanced scorecard looks at financial, customer, process and learning: is this blind spot intended?")
            .entity(Entity::Perspective(perspective)));
        }
    }
}
