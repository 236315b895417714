//! Goalposts moved: a key result's target eased, or its baseline moved toward the
//! target, after the cycle started.

use super::findings::Item;
use super::{Cx, kr_state, visible};
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Finding, Severity};
use crate::history::{Change, Event, Key, KrState, State};
use crate::model::{KeyResult, KrKind, Spanned};
use crate::render::number;
use crate::score::{self, GoalMove};

pub(crate) const GOALPOST_MOVED: Rule = Rule {
    code: Code::GoalpostMoved,
    severity: Severity::Warning,
    summary: "A target was eased (or a baseline moved) after the cycle started",
    title: "a target was eased after the cycle started",
    reads: Reads::History,
    // An easing leadership agreed to: the decision, recorded on the key result.
    allow: Some(crate::rules::allow::Item::KeyResult),
    doc: include_str!("../../assets/explain/goalpost-moved.md"),
};

/// A value of a key result that sets how far it has to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Target,
    Baseline,
}

impl Goal {
    const ALL: [Self; 2] = [Self::Target, Self::Baseline];

    fn name(self) -> &'static str {
        match self {
            Self::Target => "target",
            Self::Baseline => "baseline",
        }
    }

    fn value(self, state: &KrState) -> Option<f64> {
        match self {
            Self::Target => state.target,
            Self::Baseline => state.baseline,
        }
    }

    fn written(self, kr: &KeyResult) -> Option<&Spanned<f64>> {
        match self {
            Self::Target => kr.target.as_ref(),
            Self::Baseline => kr.baseline.as_ref(),
        }
    }

    /// Which way a change of the value moves the goal.
    fn judge(self, kind: KrKind, old: f64, new: f64) -> Option<GoalMove> {
        match self {
            Self::Target => score::target_move(kind, old, new),
            Self::Baseline => score::baseline_move(kind, old, new),
        }
    }
}

/// A key result's values through the cycle: the one goalposts are measured from, and
/// the one standing now.
struct Course<'h> {
    reference: &'h KrState,
    /// Where the reference comes from.
    since: Since,
    current: &'h KrState,
    /// The changes after the cycle started, oldest first.
    changes: Vec<&'h Event>,
}

/// Where the value goalposts are measured from comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Since {
    /// The value when the cycle started.
    Start,
    /// The first value after the cycle started: the key result was added mid-cycle.
    Added,
    /// The first value after a shallow clone's cut: the value at the start is unknown.
    Cut,
}

impl<'a> Cx<'a> {
    /// Targets eased, or baselines moved toward them, after the cycle started.
    pub(super) fn goalposts(&self, out: &mut Vec<Finding>, unknown: &mut Vec<String>) {
        for item in self.items(false) {
            let Some(course) = self.course(&item.key) else {
                continue;
            };
            for goal in Goal::ALL {
                out.extend(self.goalpost(&item, &course, goal, unknown));
            }
        }
    }

    /// The values of a key result through the cycle; `None` when it has none to
    /// compare, or is gone.
    fn course(&self, key: &Key) -> Option<Course<'a>> {
        let mut at_start = None;
        let mut first_after = None;
        let mut current = None;
        let mut changes = Vec::new();
        for event in visible(self.history, key, self.today) {
            let commit = self.history.commit(event);
            let state = kr_state(&event.change);
            if commit.date < self.start {
                at_start = state;
            } else {
                if at_start.is_none() && first_after.is_none() {
                    first_after = state.map(|s| (s, commit.cut));
                }
                if matches!(event.change, Change::Changed { .. }) {
                    changes.push(event);
                }
            }
            if let Some(state) = state {
                current = Some(state);
            } else if matches!(event.change, Change::Removed(_)) {
                current = None;
            }
        }
        let (reference, since) = match (at_start, first_after) {
            (Some(s), _) => (s, Since::Start),
            (None, Some((s, true))) => (s, Since::Cut),
            (None, Some((s, false))) => (s, Since::Added),
            (None, None) => return None,
        };
        Some(Course {
            reference,
            since,
            current: current?,
            changes,
        })
    }

    /// The finding when `goal` was eased since the reference, naming the last commit
    /// that eased it.
    fn goalpost(
        &self,
        item: &Item,
        course: &Course,
        goal: Goal,
        unknown: &mut Vec<String>,
    ) -> Option<Finding> {
        let kind = course.reference.kind;
        let old = goal.value(course.reference)?;
        let new = goal.value(course.current)?;
        if goal.judge(kind, old, new) != Some(GoalMove::Eased) {
            return None;
        }
        let eased = |e: &&&Event| match &e.change {
            Change::Changed {
                old: State::KeyResult(a),
                new: State::KeyResult(b),
            } => match (goal.value(a), goal.value(b)) {
                (Some(a), Some(b)) => goal.judge(kind, a, b) == Some(GoalMove::Eased),
                _ => false,
            },
            _ => false,
        };
        let blame = course.changes.iter().rev().find(eased)?;
        let commit = self.history.commit(blame);
        let field = goal.name();
        let verb = if new < old { "lowered" } else { "raised" };
        let better = match kind {
            KrKind::Decrease | KrKind::StayBelow => "lower is better",
            _ => "higher is better",
        };
        let since = match course.since {
            Since::Cut => {
                unknown.push(format!(
                    "{}: {field} before the history cut on {} is unknown",
                    item.name,
                    self.history
                        .cut_date()
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ));
                "since the history cut".to_string()
            }
            Since::Start => format!(
                "after {} started on {}",
                self.cycle.id.get_ref(),
                self.start
            ),
            Since::Added => "since it was added mid-cycle".to_string(),
        };
        let span = goal
            .written(item.kr)
            .map_or_else(|| item.kr.id.span(), |v| v.span());
        Some(
            Finding::new(
                Code::GoalpostMoved,
                format!(
                    "{field} of `{}` {verb} from {} to {} {since} ({better})",
                    item.name,
                    number(old),
                    number(new)
                ),
            )
            .at(item.objective.file, span, format!("was {}", number(old)))
            .help(format!(
                "{verb} on {} by {} in {}: \"{}\"{}. Restore it, or keep it and say so in \
                 the review",
                commit.date,
                commit.author,
                commit.short(),
                commit.summary,
                commit.provenance()
            ))
            .entity(item.key.entity()),
        )
    }
}
