//! What the verdict is made of: the changes counted by kind, and the one line that
//! says them, most important first.

use super::{Change, Counts, Diff, GoalChange, Timing};
use crate::diag::Severity;
use crate::handshake::Answer;
use crate::score::GoalMove;

pub(super) fn count(diff: &Diff) -> Counts {
    let mut c = Counts::default();
    for o in &diff.objectives {
        match o.change {
            Change::Added => c.objectives_added += 1,
            Change::Removed => c.objectives_removed += 1,
            Change::Changed => {
                c.objectives_renamed += usize::from(o.renamed_from.is_some());
                c.objectives_moved +=
                    usize::from(o.team_moved.is_some() || o.cycle_moved.is_some());
                c.objectives_reparented += usize::from(o.supports.is_some());
                c.owners_changed += usize::from(o.owner.is_some());
                c.objectives_changed += usize::from(!o.fields.is_empty());
            }
        }
    }
    for kr in &diff.key_results {
        let eased = |g: &Option<GoalChange>| g.as_ref().is_some_and(|g| g.goalpost_moved);
        let planned = |g: &Option<GoalChange>| {
            g.as_ref().is_some_and(|g| {
                g.direction == Some(GoalMove::Eased) && g.timing == Some(Timing::Planning)
            })
        };
        match kr.change {
            _ if kr.with_objective => {}
            Change::Added => c.key_results_added += 1,
            Change::Removed => c.key_results_removed += 1,
            Change::Changed => {
                c.key_results_renamed += usize::from(kr.renamed_from.is_some());
                c.targets_eased_mid_cycle += usize::from(eased(&kr.target));
                c.baselines_eased_mid_cycle += usize::from(eased(&kr.baseline));
                let goals = eased(&kr.target)
                    || eased(&kr.baseline)
                    || planned(&kr.target)
                    || planned(&kr.baseline);
                c.goals_eased_in_planning +=
                    usize::from(planned(&kr.target) || planned(&kr.baseline));
                c.owners_changed += usize::from(kr.owner.is_some());
                // A goal eased is counted as such; "changed" is for everything else,
                // so that one change is not said twice in the verdict.
                if kr.check_in {
                    c.key_results_checked_in += 1;
                } else if !goals
                    && (kr.target.is_some()
                        || kr.baseline.is_some()
                        || kr.kind_changed.is_some()
                        || kr.unit_changed.is_some()
                        || !kr.fields.is_empty())
                {
                    c.key_results_changed += 1;
                }
            }
        }
    }
    for d in &diff.dependencies {
        match (d.change, d.answer) {
            (Change::Removed, _) => c.dependencies_removed += 1,
            (Change::Added, _) => c.dependencies_added += 1,
            (Change::Changed, Answer::Accepted) => c.dependencies_accepted += 1,
            (Change::Changed, Answer::Declined) => c.dependencies_declined += 1,
            (Change::Changed, Answer::Pending) => c.dependencies_reopened += 1,
        }
    }
    c.teams_over_limit = diff.team_load.iter().filter(|t| t.over_limit).count();
    c.other_changes = diff.other.len();
    for f in &diff.findings.introduced {
        match f.severity {
            Severity::Error => c.errors_introduced += 1,
            Severity::Warning => c.warnings_introduced += 1,
            Severity::Info => c.infos_introduced += 1,
        }
    }
    c.findings_fixed = diff.findings.fixed.len();
    c
}

/// The one-line verdict, most important changes first.
pub(super) fn verdict(c: &Counts, semantic_change: bool, complete: bool) -> String {
    let n = |count: usize, one: &str, many: &str| {
        (count > 0).then(|| format!("{count} {}", if count == 1 { one } else { many }))
    };
    let parts: Vec<String> = [
        n(c.objectives_added, "objective added", "objectives added"),
        n(
            c.objectives_removed,
            "objective removed",
            "objectives removed",
        ),
        n(
            c.objectives_renamed,
            "objective renamed",
            "objectives renamed",
        ),
        n(c.objectives_moved, "objective moved", "objectives moved"),
        n(
            c.objectives_reparented,
            "objective re-parented",
            "objectives re-parented",
        ),
        n(
            c.objectives_changed,
            "objective reworded",
            "objectives reworded",
        ),
        n(
            c.targets_eased_mid_cycle,
            "target eased mid-cycle",
            "targets eased mid-cycle",
        ),
        n(
            c.baselines_eased_mid_cycle,
            "baseline eased mid-cycle",
            "baselines eased mid-cycle",
        ),
        n(
            c.goals_eased_in_planning,
            "goal eased before its cycle",
            "goals eased before their cycles",
        ),
        n(c.key_results_added, "key result added", "key results added"),
        n(
            c.key_results_removed,
            "key result removed",
            "key results removed",
        ),
        n(
            c.key_results_renamed,
            "key result renamed",
            "key results renamed",
        ),
        n(
            c.key_results_changed,
            "key result changed",
            "key results changed",
        ),
        n(
            c.key_results_checked_in,
            "key result checked in",
            "key results checked in",
        ),
        n(c.dependencies_added, "new dependency", "new dependencies"),
        n(
            c.dependencies_removed,
            "dependency removed",
            "dependencies removed",
        ),
        n(
            c.dependencies_accepted,
            "dependency accepted",
            "dependencies accepted",
        ),
        n(
            c.dependencies_declined,
            "dependency declined",
            "dependencies declined",
        ),
        n(
            c.dependencies_reopened,
            "dependency answer taken back",
            "dependency answers taken back",
        ),
        n(c.owners_changed, "owner changed", "owners changed"),
        n(
            c.teams_over_limit,
            "team over its objective limit",
            "teams over their objective limit",
        ),
        n(c.other_changes, "other change", "other changes"),
        n(c.errors_introduced, "new error", "new errors"),
        n(c.warnings_introduced, "new warning", "new warnings"),
        n(c.infos_introduced, "new info", "new infos"),
        n(c.findings_fixed, "finding fixed", "findings fixed"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let none = if complete {
        "no semantic change"
    } else {
        "no semantic change in the files that load"
    };
    match (semantic_change, parts.is_empty()) {
        (false, true) => none.into(),
        (false, false) => format!("{none}, {}", parts.join(", ")),
        // Every change is counted above; this only guards the verdict from being empty.
        (true, true) => "changed".into(),
        (true, false) => parts.join(", "),
    }
}
