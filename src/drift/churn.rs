//! Churn: objectives and key results added, dropped, moved or re-parented after the
//! cycle started, as findings and counted per team.

use std::collections::{BTreeMap, HashSet};

use super::{Cx, TeamChurn};
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::history::{Change, CommitInfo, Event, Key, ObjectiveState, State};
use crate::model::{Objective, Status};

pub(crate) const CHURN: Rule = Rule {
    code: Code::Churn,
    severity: Severity::Info,
    summary: "An objective or key result was added, dropped or re-parented mid-cycle",
    title: "an objective or key result changed mid-cycle",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/churn.md"),
};

/// What one commit did to an objective of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectiveChurn {
    Added,
    Removed,
    MovedIn,
    MovedOut,
    Dropped,
    Reparented,
}

impl ObjectiveChurn {
    /// What a commit did to an objective, with its state that names the team; `None`
    /// for a change that is no churn of `cycle`.
    fn of<'e>(change: &'e Change, cycle: &str) -> Option<(Self, &'e ObjectiveState)> {
        match change {
            Change::Added(State::Objective(s)) if s.cycle == cycle => Some((Self::Added, s)),
            Change::Removed(State::Objective(s)) if s.cycle == cycle => Some((Self::Removed, s)),
            Change::Changed {
                old: State::Objective(old),
                new: State::Objective(new),
            } => {
                if old.cycle != cycle && new.cycle == cycle {
                    Some((Self::MovedIn, new))
                } else if old.cycle == cycle && new.cycle != cycle {
                    Some((Self::MovedOut, old))
                } else if new.cycle != cycle {
                    None
                } else if old.status != Status::Dropped && new.status == Status::Dropped {
                    Some((Self::Dropped, new))
                } else if old.supports != new.supports {
                    Some((Self::Reparented, new))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::MovedIn => "moved into the cycle",
            Self::MovedOut => "moved to another cycle",
            Self::Dropped => "dropped",
            Self::Reparented => "re-parented",
        }
    }

    /// Whether the objective came or went with its key results: they are not
    /// counted again.
    fn is_whole(self) -> bool {
        self != Self::Reparented
    }

    fn count(self, counts: &mut TeamChurn) {
        match self {
            Self::Added | Self::MovedIn => counts.objectives_added += 1,
            Self::Removed | Self::MovedOut | Self::Dropped => counts.objectives_dropped += 1,
            Self::Reparented => counts.objectives_reparented += 1,
        }
    }
}

/// What one commit did to a key result of an objective of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KrChurn {
    Added,
    Removed,
}

impl KrChurn {
    fn verb(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
        }
    }
}

impl<'a> Cx<'a> {
    /// Objectives and key results added, dropped or re-parented after the cycle
    /// started, as findings and counted per team.
    pub(super) fn churn(&self, out: &mut Vec<Finding>) -> Vec<TeamChurn> {
        let mut teams: BTreeMap<String, TeamChurn> = BTreeMap::new();
        let current: BTreeMap<&str, &Objective> = self
            .model
            .objectives
            .iter()
            .map(|o| (o.id.get_ref().as_str(), o))
            .collect();
        let whole = self.objective_churn(&current, &mut teams, out);
        self.key_result_churn(&current, &whole, &mut teams, out);
        teams.into_values().collect()
    }

    /// The commit of an event when it falls after the cycle started, up to today, and
    /// after the history's cut.
    fn mid_cycle(&self, event: &Event) -> Option<&'a CommitInfo> {
        let commit = self.history.commit(event);
        (commit.date >= self.start && commit.date <= self.today && !commit.cut).then_some(commit)
    }

    /// Churn of the cycle's objectives. Returns the objectives (with the commit) that
    /// came or went as a whole.
    fn objective_churn(
        &self,
        current: &BTreeMap<&str, &Objective>,
        teams: &mut BTreeMap<String, TeamChurn>,
        out: &mut Vec<Finding>,
    ) -> HashSet<(String, usize)> {
        let cycle = self.cycle.id.get_ref().as_str();
        let mut whole = HashSet::new();
        for (key, events) in &self.history.events {
            let Key::Objective(id) = key else { continue };
            for event in events {
                let Some(commit) = self.mid_cycle(event) else {
                    continue;
                };
                let Some((churn, state)) = ObjectiveChurn::of(&event.change, cycle) else {
                    continue;
                };
                churn.count(team_churn(teams, &state.team));
                if churn.is_whole() {
                    whole.insert((id.clone(), event.commit));
                }
                let detail = match (&event.change, churn) {
                    (
                        Change::Changed {
                            old: State::Objective(old),
                            ..
                        },
                        ObjectiveChurn::Reparented,
                    ) => format!(
                        ": supports [{}], was [{}]",
                        state.supports.join(", "),
                        old.supports.join(", ")
                    ),
                    _ => String::new(),
                };
                let finding = Finding::new(
                    Code::Churn,
                    format!(
                        "objective `{id}` {} on {} by {} ({}{}), after {cycle} started on {}{detail}",
                        churn.verb(),
                        commit.date,
                        commit.author,
                        commit.short(),
                        provenance(commit),
                        self.start
                    ),
                )
                .entity(Entity::Objective(id.clone()));
                out.push(place_objective(
                    finding,
                    current.get(id.as_str()).copied(),
                    churn,
                ));
            }
        }
        whole
    }

    /// Churn of the key results of the cycle's objectives, but for those that came or
    /// went with their objective.
    fn key_result_churn(
        &self,
        current: &BTreeMap<&str, &Objective>,
        whole: &HashSet<(String, usize)>,
        teams: &mut BTreeMap<String, TeamChurn>,
        out: &mut Vec<Finding>,
    ) {
        let cycle = self.cycle.id.get_ref().as_str();
        for (key, events) in &self.history.events {
            let Key::KeyResult(o, k) = key else { continue };
            let Some(objective) = current
                .get(o.as_str())
                .filter(|x| x.cycle.get_ref() == cycle)
            else {
                continue;
            };
            for event in events {
                let Some(commit) = self.mid_cycle(event) else {
                    continue;
                };
                if whole.contains(&(o.clone(), event.commit)) {
                    continue;
                }
                let churn = match event.change {
                    Change::Added(_) => KrChurn::Added,
                    Change::Removed(_) => KrChurn::Removed,
                    _ => continue,
                };
                let counts = team_churn(teams, objective.team.get_ref());
                match churn {
                    KrChurn::Added => counts.key_results_added += 1,
                    KrChurn::Removed => counts.key_results_removed += 1,
                }
                let what = churn.verb();
                let finding = Finding::new(
                    Code::Churn,
                    format!(
                        "key result `{o}/{k}` {what} on {} by {} ({}{}), after {cycle} started on {}",
                        commit.date,
                        commit.author,
                        commit.short(),
                        provenance(commit),
                        self.start
                    ),
                )
                .entity(key.entity());
                let kr = objective
                    .key_result
                    .iter()
                    .find(|x| x.get_ref().id.get_ref() == k);
                out.push(match kr.filter(|_| churn == KrChurn::Added) {
                    Some(kr) => {
                        finding.at(objective.file, kr.get_ref().id.span(), "added mid-cycle")
                    }
                    None => finding.at(
                        objective.file,
                        objective.id.span(),
                        format!("`{k}` {what} mid-cycle"),
                    ),
                });
            }
        }
    }
}

/// A team's churn counts, created on first use.
fn team_churn<'t>(teams: &'t mut BTreeMap<String, TeamChurn>, team: &str) -> &'t mut TeamChurn {
    teams.entry(team.to_string()).or_insert_with(|| TeamChurn {
        team: team.to_string(),
        ..TeamChurn::default()
    })
}

/// An objective's churn placed on the objective as it is now: on its `supports` when it
/// was re-parented, else on its id.
fn place_objective(
    finding: Finding,
    objective: Option<&Objective>,
    churn: ObjectiveChurn,
) -> Finding {
    let Some(objective) = objective else {
        return finding.help("the objective is no longer in the tree");
    };
    let span = match (churn, objective.supports.first()) {
        (ObjectiveChurn::Reparented, Some(first)) => {
            let end = objective
                .supports
                .last()
                .map_or(first.span().end, |l| l.span().end);
            first.span().start..end
        }
        _ => objective.id.span(),
    };
    finding.at(objective.file, span, churn.verb())
}

/// Where a change came from, when not from the commit itself: "; landed with …".
fn provenance(commit: &CommitInfo) -> String {
    commit
        .provenance_parts()
        .iter()
        .map(|p| format!("; {p}"))
        .collect()
}
