//! References: every team, cycle, parent, supports and depends_on entry names
//! something that exists; owners are people the tree lists; teams form a tree.

use std::collections::{HashMap, HashSet};

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::graph::{Edge, Node};
use crate::model::Spanned;
use crate::rules::allow::Item;
use crate::source::FileId;
use crate::suggest::did_you_mean;

pub(crate) const UNKNOWN_REFERENCE: Rule = Rule {
    code: Code::UnknownReference,
    severity: Severity::Error,
    summary: "A reference names a team, cycle, pillar or objective that does not exist",
    title: "a reference names an id that does not exist",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/unknown-reference.md"),
};

pub(crate) const UNKNOWN_OWNER: Rule = Rule {
    code: Code::UnknownOwner,
    severity: Severity::Warning,
    summary: "An owner is not a lead or member of any team",
    title: "an owner is none of the people the tree lists",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/unknown-owner.md"),
};

pub(crate) const TEAM_LOOP: Rule = Rule {
    code: Code::TeamLoop,
    severity: Severity::Error,
    summary: "Teams' `parent` links form a loop",
    title: "team parent links form a loop",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/team-loop.md"),
};

pub(crate) const UNOWNED: Rule = Rule {
    code: Code::Unowned,
    severity: Severity::Warning,
    summary: "An objective has no owner, or one from outside its team",
    title: "an objective has no owner, or one from outside its team",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/unowned.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let m = cx.model;
    let index = &cx.graph.index;
    let teams = &index.teams;
    let cycles = &index.cycles;
    for t in &m.teams {
        if let Some(parent) = &t.parent {
            unknown(
                out,
                t.file,
                parent,
                "parent team",
                teams,
                &Entity::Team(t.id.get_ref().clone()),
            );
        }
    }
    for o in &m.objectives {
        let about = Entity::Objective(o.id.get_ref().to_string());
        unknown(out, o.file, &o.team, "team", teams, &about);
        unknown(out, o.file, &o.cycle, "cycle", cycles, &about);
        for target in &o.supports {
            let id = target.get_ref().as_str();
            if !index.pillars.contains_key(id) && !index.objectives.contains_key(id) {
                let candidates = index.pillars.keys().chain(index.objectives.keys()).copied();
                out.push(reference_finding(
                    o.file,
                    target,
                    "pillar or objective",
                    candidates,
                    &about,
                ));
            }
        }
        for target in &o.depends_on {
            unknown(out, o.file, target, "objective", &index.objectives, &about);
        }
        if let Some(previous) = &o.continues {
            unknown(
                out,
                o.file,
                previous,
                "objective",
                &index.objectives,
                &about,
            );
        }
    }
    owners(cx, out);
    unowned(cx, out);
    team_loops(cx, out);
}

fn unknown(
    out: &mut Vec<Finding>,
    file: FileId,
    reference: &Spanned<String>,
    kind: &str,
    known: &HashMap<&str, usize>,
    about: &Entity,
) {
    if !known.contains_key(reference.get_ref().as_str()) {
        out.push(reference_finding(
            file,
            reference,
            kind,
            known.keys().copied(),
            about,
        ));
    }
}

fn reference_finding<'a>(
    file: FileId,
    reference: &Spanned<String>,
    kind: &str,
    candidates: impl Iterator<Item = &'a str>,
    about: &Entity,
) -> Finding {
    // Sorted so that two equally close candidates always give the same suggestion.
    let mut candidates: Vec<&str> = candidates.collect();
    candidates.sort_unstable();
    let help = match did_you_mean(reference.get_ref(), candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("define a {kind} with this id, or fix the reference"),
    };
    Finding::new(
        Code::UnknownReference,
        format!("unknown {kind} `{}`", reference.get_ref()),
    )
    .at(file, reference.span(), format!("no {kind} has this id"))
    .help(help)
    .entity(about.clone())
}

/// Where teams list their people, an owner nobody lists is a typo or someone who left.
fn owners(cx: &Context, out: &mut Vec<Finding>) {
    let m = cx.model;
    if m.teams.iter().all(|t| t.members.is_empty()) {
        return;
    }
    let people = people(m);
    let mut sorted: Vec<&str> = people.iter().copied().collect();
    sorted.sort_unstable();
    for (file, role, handle) in cx.model_handles() {
        let name = handle.get_ref().as_str();
        if role.is_listed() || people.contains(name) {
            continue;
        }
        if !super::ids::is_handle(name) {
            continue; // invalid-handle says it already
        }
        let help = match did_you_mean(name, sorted.iter().copied()) {
            Some(best) => {
                format!("did you mean `{best}`? otherwise add {name} to a team's `members`")
            }
            None => format!("add {name} to a team's `members`, or hand the item to someone listed"),
        };
        out.push(
            Finding::new(
                Code::UnknownOwner,
                format!("{role} {name} is not a lead or member of any team"),
            )
            .at(file, handle.span(), "not listed in teams")
            .help(help)
            .entity(Entity::Person {
                role,
                handle: name.to_string(),
            }),
        );
    }
}

/// Every lead and member the teams list.
fn people(m: &crate::model::Model) -> HashSet<&str> {
    m.teams
        .iter()
        .flat_map(|t| t.lead.iter().chain(&t.members))
        .map(|h| h.get_ref().as_str())
        .collect()
}

/// An objective needs someone accountable within the team that commits to it: an
/// owner, who is the lead or a member of that team or of a team below it, where the
/// team lists its members. An owner nobody lists at all is `unknown-owner`'s, and a
/// handle that is not one is `invalid-handle`'s: each problem is said once.
fn unowned(cx: &Context, out: &mut Vec<Finding>) {
    let m = cx.model;
    // The teams each person leads or is a member of.
    let mut teams_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (t, team) in m.teams.iter().enumerate() {
        for handle in team.lead.iter().chain(&team.members) {
            teams_of
                .entry(handle.get_ref().as_str())
                .or_default()
                .push(t);
        }
    }
    let question = "who will check in on this every week and answer for it at the review?";
    // Nobody checks in on a dropped objective: it needs no owner.
    let live = (0..m.objectives.len()).filter(|&i| cx.is_live(i));
    for o in live.map(|i| &m.objectives[i]) {
        let about = Entity::Objective(o.id.get_ref().to_string());
        let Some(owner) = &o.owner else {
            out.push(
                Finding::new(
                    Code::Unowned,
                    format!("objective `{}` has no owner", o.id.get_ref()),
                )
                .at(o.file, o.id.span(), "no owner")
                .help(format!("{question} Write them as `owner = \"@name\"`"))
                .entity(about),
            );
            continue;
        };
        let name = owner.get_ref().as_str();
        let Some(&team) = cx.graph.index.teams.get(o.team.get_ref().as_str()) else {
            continue;
        };
        let Some(theirs) = teams_of.get(name) else {
            continue; // nobody lists them: unknown-owner (or invalid-handle) says so
        };
        if m.teams[team].members.is_empty() || theirs.iter().any(|&t| within(cx, t, team)) {
            continue;
        }
        out.push(
            Finding::new(
                Code::Unowned,
                format!(
                    "objective `{}` is owned by {name}, who is not in team `{}`",
                    o.id.get_ref(),
                    o.team.get_ref()
                ),
            )
            .at(
                o.file,
                owner.span(),
                "not the lead or a member of this team",
            )
            .help(format!(
                "{question} Hand it to someone in `{}`, or add {name} to its `members`",
                o.team.get_ref()
            ))
            .entity(about),
        );
    }
}

/// Whether team `at` is `team` or below it.
fn within(cx: &Context, mut at: usize, team: usize) -> bool {
    let teams = &cx.model.teams;
    // Up through `parent`, at most once per team: a loop is `team-loop`'s.
    for _ in 0..teams.len() {
        if at == team {
            return true;
        }
        let parent = teams[at].parent.as_ref();
        match parent.and_then(|p| cx.graph.index.teams.get(p.get_ref().as_str())) {
            Some(&up) => at = up,
            None => return false,
        }
    }
    false
}

fn team_loops(cx: &Context, out: &mut Vec<Finding>) {
    for teams in cx.graph.loops_of(Edge::Parent, Node::team) {
        let names: Vec<&str> = teams
            .iter()
            .map(|&t| cx.model.teams[t].id.get_ref().as_str())
            .collect();
        let first = &cx.model.teams[teams[0]];
        let Some(parent) = &first.parent else {
            continue;
        };
        let mut finding = Finding::new(
            Code::TeamLoop,
            format!("teams form a loop through `parent`: {}", loop_text(&names)),
        )
        .at(
            first.file,
            parent.span(),
            "this parent link closes the loop",
        )
        .help("teams form a tree: one of these teams must have a different parent, or none")
        .entity(Entity::Team(names[0].to_string()));
        for &t in &teams[1..] {
            let team = &cx.model.teams[t];
            if let Some(parent) = &team.parent {
                finding = finding.also(team.file, parent.span(), "part of the loop");
            }
        }
        out.push(finding);
    }
}

/// "a -> b -> c -> a".
pub fn loop_text(names: &[&str]) -> String {
    let mut text = names.join(" -> ");
    if let Some(first) = names.first() {
        text.push_str(" -> ");
        text.push_str(first);
    }
    text
}
