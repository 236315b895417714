//! Dependencies: no loops, nothing that cannot be delivered in time, and
//! dependencies that are real cross-team contracts.

use super::Context;
use super::references::loop_text;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::graph::{Edge, Node};
use crate::model::Status;

pub(crate) const DEPENDENCY_LOOP: Rule = Rule {
    code: Code::DependencyLoop,
    severity: Severity::Error,
    summary: "Objectives depend on each other in a loop",
    title: "depends_on links form a loop",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-loop.md"),
};

pub(crate) const DEPENDENCY_DROPPED: Rule = Rule {
    code: Code::DependencyDropped,
    severity: Severity::Warning,
    summary: "An objective depends on a dropped objective",
    title: "depends on an objective that was dropped",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-dropped.md"),
};

pub(crate) const DEPENDENCY_LATER_CYCLE: Rule = Rule {
    code: Code::DependencyLaterCycle,
    severity: Severity::Warning,
    summary: "An objective depends on an objective of a later cycle",
    title: "depends on an objective planned for a later cycle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-later-cycle.md"),
};

pub(crate) const DEPENDENCY_SAME_TEAM: Rule = Rule {
    code: Code::DependencySameTeam,
    severity: Severity::Warning,
    summary: "An objective depends on an objective of its own team",
    title: "depends on an objective of its own team",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-same-team.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    loops(cx, out);
    let m = cx.model;
    for (i, o) in m.objectives.iter().enumerate() {
        if !cx.is_live(i) {
            continue;
        }
        let about = Entity::Objective(o.id.get_ref().to_string());
        for target in &o.depends_on {
            let Some(&t) = cx.graph.index.objectives.get(target.get_ref().as_str()) else {
                continue;
            };
            if t == i {
                continue; // a loop of one, reported by `loops`
            }
            let other = &m.objectives[t];
            if let (Status::Dropped, Some(status)) = (other.status(), &other.status) {
                out.push(
                    Finding::new(
                        Code::DependencyDropped,
                        format!("`{}` depends on `{}`, which is dropped", o.id.get_ref(), target.get_ref()),
                    )
                    .at(o.file, target.span(), "dropped objective")
                    .also(other.file, status.span(), "dropped here")
                    .help("find another way to get what this objective needed, or drop the dependency")
                    .entity(about.clone()),
                );
            }
            if let (Some(mine), Some(theirs)) = (cx.cycle_of(i), cx.cycle_of(t))
                && theirs.start.get_ref() > mine.start.get_ref()
            {
                out.push(
                        Finding::new(
                            Code::DependencyLaterCycle,
                            format!(
                                "`{}` ({}) depends on `{}`, planned for the later cycle `{}`",
                                o.id.get_ref(),
                                mine.id.get_ref(),
                                target.get_ref(),
                                theirs.id.get_ref()
                            ),
                        )
                        .at(o.file, target.span(), "planned for a later cycle")
                        .also(other.file, other.cycle.span(), "its cycle")
                        .help("what this objective needs will not exist yet: move one of the two, or agree an earlier date with the other team")
                        .entity(about.clone()),
                    );
            }
            if other.team.get_ref() == o.team.get_ref() {
                out.push(
                    Finding::new(
                        Code::DependencySameTeam,
                        format!(
                            "`{}` depends on `{}` of its own team `{}`",
                            o.id.get_ref(),
                            target.get_ref(),
                            o.team.get_ref()
                        ),
                    )
                    .at(o.file, target.span(), "same team")
                    .help("dependencies are contracts between teams; inside a team use `supports`, or merge the objectives")
                    .entity(about.clone()),
                );
            }
        }
    }
}

fn loops(cx: &Context, out: &mut Vec<Finding>) {
    for objectives in cx.graph.loops_of(Edge::DependsOn, Node::objective) {
        let m = cx.model;
        let names: Vec<&str> = objectives
            .iter()
            .map(|&o| m.objectives[o].id.get_ref().as_str())
            .collect();
        // Point at the depends_on entry that closes the loop, not just the objective.
        let arrow = |o: usize| {
            let objective = &m.objectives[o];
            objective
                .depends_on
                .iter()
                .find(|d| names.contains(&d.get_ref().as_str()))
                .map_or(objective.id.span(), |d| d.span())
        };
        let first = objectives[0];
        let mut finding = Finding::new(
            Code::DependencyLoop,
            format!("objectives depend on each other in a loop: {}", loop_text(&names)),
        )
        .at(m.objectives[first].file, arrow(first), "in a loop of `depends_on`")
        .help("each objective in the loop waits for the next: remove one dependency, or merge the work")
        .entity(Entity::Objective(names[0].to_string()));
        for &o in &objectives[1..] {
            finding = finding.also(m.objectives[o].file, arrow(o), "also in the loop");
        }
        out.push(finding);
    }
}
