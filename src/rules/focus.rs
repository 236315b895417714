//! Focus: few objectives per team and per owner in a cycle, a handful of key
//! results per objective, and every team with something to aim at this cycle.

use std::collections::BTreeMap;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::rules::allow::Item;

pub(crate) const OBJECTIVE_LIMIT: Rule = Rule {
    code: Code::ObjectiveLimit,
    severity: Severity::Error,
    summary: "A team has more objectives in a cycle than the limit",
    title: "a team has too many objectives in one cycle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/objective-limit.md"),
};

pub(crate) const TEAM_WITHOUT_OBJECTIVES: Rule = Rule {
    code: Code::TeamWithoutObjectives,
    severity: Severity::Warning,
    summary: "A team has no objective in the current cycle",
    title: "a team has no objective in the current cycle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/team-without-objectives.md"),
};

pub(crate) const KR_COUNT: Rule = Rule {
    code: Code::KrCount,
    severity: Severity::Error,
    summary: "An objective has no key results, or more than the limit",
    title: "an objective has no key results, or too many",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/kr-count.md"),
};

pub(crate) const OWNER_OVERLOAD: Rule = Rule {
    code: Code::OwnerOverload,
    severity: Severity::Warning,
    summary: "One person owns more objectives in a cycle than the limit",
    title: "one person owns too many objectives in a cycle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/owner-overload.md"),
};

pub(crate) const KR_SINGLE: Rule = Rule {
    code: Code::KrSingle,
    severity: Severity::Warning,
    summary: "An objective has exactly one key result",
    title: "an objective has exactly one key result",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/kr-single.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    objective_limit(cx, out);
    team_without_objectives(cx, out);
    kr_count(cx, out);
    owner_overload(cx, out);
}

/// Live objectives grouped by a key, in file order within each group.
fn group_by<'m, K: Ord>(
    cx: &Context<'m>,
    key: impl Fn(usize) -> Option<K>,
) -> BTreeMap<K, Vec<usize>> {
    let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for i in 0..cx.model.objectives.len() {
        if cx.is_live(i)
            && let Some(k) = key(i)
        {
            groups.entry(k).or_default().push(i);
        }
    }
    groups
}

fn objective_limit(cx: &Context, out: &mut Vec<Finding>) {
    let max = cx.settings.limits.max_objectives_per_team;
    let m = cx.model;
    let groups = group_by(cx, |i| {
        let o = &m.objectives[i];
        Some((o.team.get_ref().as_str(), o.cycle.get_ref().as_str()))
    });
    for ((team, cycle), members) in groups {
        if members.len() <= max {
            continue;
        }
        let extra = &m.objectives[members[max]];
        let mut finding = Finding::new(
            Code::ObjectiveLimit,
            format!(
                "team `{team}` has {} objectives in cycle `{cycle}`, over the limit of {max}: {}",
                members.len(),
                id_list(m, &members)
            ),
        )
        .at(extra.file, extra.id.span(), format!("objective {} of {}", max + 1, members.len()))
        .help("focus: drop, merge or defer objectives until at most the limit remain (`[limits] max_objectives_per_team` in align.toml)")
        .entity(Entity::TeamInCycle { team: team.to_string(), cycle: cycle.to_string() });
        for (n, &i) in members.iter().enumerate().skip(max + 1) {
            let o = &m.objectives[i];
            finding = finding.also(
                o.file,
                o.id.span(),
                format!("objective {} of {}", n + 1, members.len()),
            );
        }
        out.push(finding);
    }
}

fn team_without_objectives(cx: &Context, out: &mut Vec<Finding>) {
    let Some(current) = cx.current_cycle else {
        return;
    };
    let min = cx.settings.limits.min_objectives_per_team;
    let cycle = cx.model.cycles[current].id.get_ref().as_str();
    let counts = group_by(cx, |i| {
        let o = &cx.model.objectives[i];
        (o.cycle.get_ref() == cycle).then(|| o.team.get_ref().as_str())
    });
    for team in &cx.model.teams {
        let count = counts.get(team.id.get_ref().as_str()).map_or(0, Vec::len);
        if count >= min {
            continue;
        }
        let message = if count == 0 {
            format!(
                "team `{}` has no objective in the current cycle `{cycle}`",
                team.id.get_ref()
            )
        } else {
            format!(
                "team `{}` has {count} objective(s) in the current cycle `{cycle}`, fewer than {min}",
                team.id.get_ref()
            )
        };
        out.push(
            Finding::new(Code::TeamWithoutObjectives, message)
                .at(team.file, team.id.span(), "this team")
                .help("give the team an objective for this cycle, one that supports a parent objective or a pillar")
                .entity(Entity::Team(team.id.get_ref().to_string())),
        );
    }
}

fn kr_count(cx: &Context, out: &mut Vec<Finding>) {
    let max = cx.settings.limits.max_key_results;
    for o in &cx.model.objectives {
        let count = o.key_result.len();
        if count == 0 {
            out.push(
                Finding::new(
                    Code::KrCount,
                    format!("objective `{}` has no key results", o.id.get_ref()),
                )
                .at(o.file, o.id.span(), "no [[objective.key_result]]")
                .help("what would we see if this worked? Add 2 to 5 key results that would prove the objective is met")
                .entity(Entity::Objective(o.id.get_ref().to_string())),
            );
        } else if count == 1 {
            // One measure is a coaching matter, not a broken tree: a code of its own,
            // so that it has its own severity in `[rules]` and an `allow` may silence it.
            let only = &o.key_result[0].get_ref().id;
            out.push(
                Finding::new(
                    Code::KrSingle,
                    format!("objective `{}` has exactly one key result", o.id.get_ref()),
                )
                .at(o.file, only.span(), "the only key result")
                .help("can one measure prove it from every angle? Add a key result that would catch hitting this number while missing the outcome")
                .entity(Entity::Objective(o.id.get_ref().to_string())),
            );
        } else if count > max {
            let extra = &o.key_result[max].get_ref().id;
            out.push(
                Finding::new(
                    Code::KrCount,
                    format!("objective `{}` has {count} key results, over the limit of {max}", o.id.get_ref()),
                )
                .at(o.file, extra.span(), format!("key result {} of {count}", max + 1))
                .also(o.file, o.id.span(), "objective")
                .help("keep the key results that prove the outcome; move the rest to a team backlog (`[limits] max_key_results`)")
                .entity(Entity::Objective(o.id.get_ref().to_string())),
            );
        }
    }
}

fn owner_overload(cx: &Context, out: &mut Vec<Finding>) {
    let max = cx.settings.limits.max_objectives_per_owner;
    let m = cx.model;
    let groups = group_by(cx, |i| {
        let o = &m.objectives[i];
        o.owner
            .as_ref()
            .map(|owner| (owner.get_ref().as_str(), o.cycle.get_ref().as_str()))
    });
    for ((owner, cycle), members) in groups {
        if members.len() <= max {
            continue;
        }
        let span = |i: usize| {
            let o = &m.objectives[i];
            (o.file, o.owner.as_ref().map_or(o.id.span(), |h| h.span()))
        };
        let (file, at) = span(members[max]);
        let mut finding = Finding::new(
            Code::OwnerOverload,
            format!("{owner} owns {} objectives in cycle `{cycle}`, over the limit of {max}: {}", members.len(), id_list(m, &members)),
        )
        .at(file, at, format!("objective {} of {}", max + 1, members.len()))
        .help("spread ownership so that each owner can drive their objectives (`[limits] max_objectives_per_owner`)")
        .entity(Entity::OwnerInCycle { owner: owner.to_string(), cycle: cycle.to_string() });
        for (n, &i) in members.iter().enumerate().skip(max + 1) {
            let (file, at) = span(i);
            finding = finding.also(
                file,
                at,
                format!("objective {} of {}", n + 1, members.len()),
            );
        }
        out.push(finding);
    }
}

/// "a, b, c": the objectives a focus finding is about, in file order.
fn id_list(model: &crate::model::Model, objectives: &[usize]) -> String {
    let ids: Vec<&str> = objectives
        .iter()
        .map(|&i| model.objectives[i].id.get_ref().as_str())
        .collect();
    ids.join(", ")
}
