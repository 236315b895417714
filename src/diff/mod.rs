//! The semantic diff of two versions of a strategy tree: what a change does to the
//! objectives, key results, dependencies, focus and findings, compared by id and value,
//! never by text, so that a reformatted file is no change at all. Plain data: every
//! format (table, Markdown, JSON) lays out the same [`Diff`]; `--format json` is this
//! model serialized, so its fields are public API (add, never rename).

mod entities;
pub mod findings;
mod key_results;
mod objectives;
pub(crate) use objectives::pair_unique;
mod values;
mod verdict;
pub mod versions;

use crate::handshake::Answer;
use std::collections::HashSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::codes::{Code, Reads};
use crate::diag::{Entity, Finding, Severity};
use crate::load::Tree;
use crate::model::KrKind;
use crate::score::GoalMove;

/// Bumped when a field changes meaning or disappears; new fields do not bump it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    /// The date that decides whether a cycle has started (`--today`).
    pub today: String,
    pub base: Version,
    pub head: Version,
    /// One line that says what the change does, most important first:
    /// "2 objectives added, 1 target eased mid-cycle, 1 new error".
    pub verdict: String,
    /// False when the two versions mean the same (a pure reformat, moved comments).
    pub semantic_change: bool,
    /// False when a file of either version does not load: what it defines was not
    /// compared (see `notes`).
    pub complete: bool,
    pub counts: Counts,
    pub objectives: Vec<ObjectiveChange>,
    pub key_results: Vec<KrChange>,
    pub dependencies: Vec<DependencyChange>,
    /// Teams whose number of objectives in a cycle changed, with their limit.
    pub team_load: Vec<TeamLoad>,
    /// The vision, pillars, teams, cycles and `align.toml`.
    pub other: Vec<EntityChange>,
    pub findings: FindingChanges,
    /// What the comparison could not see, such as files that do not load.
    pub notes: Vec<String>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// How the version was named: `origin/main`, `HEAD`, a commit id, or `work tree`.
    pub name: String,
    /// The full commit id; `None` for the work tree.
    pub commit: Option<String>,
    /// Whether `commit` is the merge base of `name` and HEAD rather than `name` itself.
    pub merge_base: bool,
    /// False when this version has no strategy tree (a change that adds the tree).
    pub has_tree: bool,
    pub objectives: usize,
    pub key_results: usize,
    pub files_not_loaded: usize,
}

/// The entities besides objectives and key results that a diff compares, in the order
/// it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OtherKind {
    Vision,
    Pillar,
    Team,
    Cycle,
    /// `align.toml`.
    Settings,
}

impl OtherKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Vision => "vision",
            Self::Pillar => "pillar",
            Self::Team => "team",
            Self::Cycle => "cycle",
            Self::Settings => "settings",
        }
    }
}

/// How an entity changed between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FromTo<T> {
    pub before: T,
    pub after: T,
}

/// Members of a list that came and went (`supports`, a team's `members`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Any other field, with its values as written (`None` when not set).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveChange {
    /// The id in the new version (the old one for a removed objective).
    pub id: String,
    pub title: String,
    pub team: String,
    pub cycle: String,
    pub change: Change,
    /// The old id, when the objective was renamed: same title and key results.
    pub renamed_from: Option<String>,
    /// Moved to another team.
    pub team_moved: Option<FromTo<String>>,
    /// Moved to another cycle.
    pub cycle_moved: Option<FromTo<String>>,
    /// Re-parented: the pillars or objectives it supports changed. For an added or
    /// removed objective, what it supports (added) or supported (removed).
    pub supports: Option<ListChange>,
    pub owner: Option<FromTo<Option<String>>>,
    /// Title, kind, status, description.
    pub fields: Vec<FieldChange>,
}

/// When a goal moved, relative to its cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    /// Before the cycle starts: planning, not a moved goalpost.
    Planning,
    /// On or after the cycle's first day: the goal was already committed.
    InCycle,
}

/// A target or baseline before and after, and which way the change moved the goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalChange {
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Eased (less is asked) or tightened, judged with the kind the key result had
    /// before the change. `None` when a value appears or disappears.
    pub direction: Option<GoalMove>,
    /// Before or after the start of the objective's cycle; `None` when its cycle is
    /// unknown.
    pub timing: Option<Timing>,
    /// Eased after the cycle started: a goalpost moved.
    pub goalpost_moved: bool,
    /// The `allow_reason` of a key result whose `allow` names `goalpost-moved`: an
    /// easing leadership agreed to, shown with its reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KrChange {
    /// The objective's id (the new one after a rename).
    pub objective: String,
    pub id: String,
    pub title: String,
    pub change: Change,
    pub renamed_from: Option<String>,
    /// The kind in the new version (the old one for a removed key result).
    pub kind: KrKind,
    pub unit: Option<String>,
    pub target: Option<GoalChange>,
    pub baseline: Option<GoalChange>,
    pub current: Option<FromTo<Option<f64>>>,
    /// Progress (0..1, clamped) before and after, when any value it depends on
    /// changed; `None` on a side where the key result cannot be scored.
    pub progress: Option<FromTo<Option<f64>>>,
    pub kind_changed: Option<FromTo<KrKind>>,
    pub unit_changed: Option<FromTo<Option<String>>>,
    pub owner: Option<FromTo<Option<String>>>,
    /// Only values moved (current, done, zone, checked): a check-in, not a change
    /// of the commitment.
    pub check_in: bool,
    /// Added or removed with its whole objective (listed, not counted on its own).
    pub with_objective: bool,
    /// Title, done, zone, stretch, zones, weight, confidence, checked, signal.
    pub fields: Vec<FieldChange>,
}

/// A dependency that appeared or went away, naming the team depended on so that it
/// can be asked to review.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyChange {
    pub change: Change,
    pub objective: String,
    pub team: String,
    pub on: String,
    /// The team of the objective depended on; `None` when it does not exist.
    pub on_team: Option<String>,
    /// Where the request stands: in the new version, or as it was for a removed one.
    pub answer: Answer,
    /// For a request in both versions whose answer changed (`change` is "changed"):
    /// the answer before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_before: Option<Answer>,
    /// The provider's reason, for a declined request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl DependencyChange {
    /// What the change means in the handshake: "requested", "withdrawn", "accepted",
    /// "declined" or "reopened" (an answer taken back).
    pub fn handshake(&self) -> &'static str {
        match (self.change, self.answer) {
            (Change::Added, _) => "requested",
            (Change::Removed, _) => "withdrawn",
            (Change::Changed, Answer::Accepted) => "accepted",
            (Change::Changed, Answer::Declined) => "declined",
            (Change::Changed, Answer::Pending) => "reopened",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamLoad {
    pub team: String,
    pub cycle: String,
    /// Objectives that count for focus (not dropped).
    pub before: usize,
    pub after: usize,
    /// `[limits] max_objectives_per_team` of the new version.
    pub limit: usize,
    pub over_limit: bool,
}

/// A change to the vision, a pillar, a team, a cycle or the settings.
#[derive(Debug, Clone, Serialize)]
pub struct EntityChange {
    pub kind: OtherKind,
    pub id: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingChanges {
    /// Findings of the new version that the old one did not have.
    pub introduced: Vec<DiffFinding>,
    /// Findings of the old version that the new one no longer has.
    pub fixed: Vec<DiffFinding>,
    /// Findings both versions have.
    pub unchanged: usize,
}

/// A finding, located in the version it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct DiffFinding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub entity: Option<Entity>,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub help: Option<String>,
}

/// How many changes of each kind: what the verdict is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub objectives_added: usize,
    pub objectives_removed: usize,
    pub objectives_renamed: usize,
    pub objectives_moved: usize,
    pub objectives_reparented: usize,
    /// Changed in another way: title, kind, status, description.
    pub objectives_changed: usize,
    pub key_results_added: usize,
    pub key_results_removed: usize,
    pub key_results_renamed: usize,
    /// The commitment changed: target, baseline, kind, unit, title, stretch...
    pub key_results_changed: usize,
    pub key_results_checked_in: usize,
    pub targets_eased_mid_cycle: usize,
    pub baselines_eased_mid_cycle: usize,
    pub goals_eased_in_planning: usize,
    pub owners_changed: usize,
    pub dependencies_added: usize,
    pub dependencies_removed: usize,
    /// Requests the providing objective accepted, declined, or stopped answering.
    pub dependencies_accepted: usize,
    pub dependencies_declined: usize,
    pub dependencies_reopened: usize,
    /// Teams over their objective limit after the change, whose count changed.
    pub teams_over_limit: usize,
    pub other_changes: usize,
    pub errors_introduced: usize,
    pub warnings_introduced: usize,
    pub infos_introduced: usize,
    pub findings_fixed: usize,
}

/// One version to compare: its tree, its findings and how it was named.
pub struct Side<'a> {
    pub version: Version,
    pub tree: &'a Tree,
    pub findings: &'a [Finding],
}

impl Version {
    /// Describes a loaded tree; `name`, `commit` and `merge_base` say where it is from.
    pub fn of(name: String, commit: Option<String>, merge_base: bool, tree: Option<&Tree>) -> Self {
        Self {
            name,
            commit,
            merge_base,
            has_tree: tree.is_some(),
            objectives: tree.map_or(0, |t| t.model.objectives.len()),
            key_results: tree.map_or(0, |t| t.model.key_result_count()),
            files_not_loaded: tree.map_or(0, |t| t.files_not_loaded),
        }
    }
}

/// Compares two versions of a tree as of `today`.
pub fn compare(base: Side<'_>, head: Side<'_>, today: Date) -> Diff {
    let mut notes = Vec::new();
    let hidden = Hidden::of(
        base.tree,
        head.tree,
        &base.version,
        &head.version,
        &mut notes,
    );
    let found = objectives::compare(base.tree, head.tree, today, &hidden);
    let other = entities::compare(base.tree, head.tree, &hidden);
    let team_load = if hidden.any() {
        Vec::new()
    } else {
        objectives::team_load(base.tree, head.tree)
    };
    let delta = findings::delta(base.findings, head.findings, &found.renames);
    let findings = FindingChanges {
        introduced: delta
            .introduced
            .iter()
            .map(|&i| findings::located(head.tree, &head.findings[i]))
            .collect(),
        fixed: delta
            .fixed
            .iter()
            .map(|&i| findings::located(base.tree, &base.findings[i]))
            .collect(),
        unchanged: delta.unchanged,
    };
    let mut diff = Diff {
        schema_version: SCHEMA_VERSION,
        today: today.to_string(),
        base: base.version,
        head: head.version,
        verdict: String::new(),
        semantic_change: false,
        complete: !hidden.any(),
        counts: Counts::default(),
        objectives: found.objectives,
        key_results: found.key_results,
        dependencies: found.dependencies,
        team_load,
        other,
        findings,
        notes,
    };
    diff.counts = verdict::count(&diff);
    diff.semantic_change = !(diff.objectives.is_empty()
        && diff.key_results.is_empty()
        && diff.dependencies.is_empty()
        && diff.other.is_empty());
    diff.verdict = verdict::verdict(&diff.counts, diff.semantic_change, diff.complete);
    diff
}

/// Ids the change renamed (old, new), so that a finding about a renamed objective
/// is still the same finding.
pub fn renames(base: &Tree, head: &Tree, today: Date) -> Vec<(String, String)> {
    let hidden = Hidden {
        base: failed_files(base),
        head: failed_files(head),
    };
    objectives::compare(base, head, today, &hidden).renames
}

/// The goalposts a change moves: each target or baseline of a key result present in
/// both versions that the change eases after its cycle started, as a `goalpost-moved`
/// finding on the new value (the drift rule, judged on the change itself). An easing
/// whose key result records `allow = ["goalpost-moved"]` with an `allow_reason` was
/// agreed: it is returned apart, not as a finding.
pub fn goalposts(base: &Tree, head: &Tree, today: Date) -> (Vec<Finding>, Vec<KrChange>) {
    let hidden = Hidden {
        base: failed_files(base),
        head: failed_files(head),
    };
    let found = objectives::compare(base, head, today, &hidden);
    let mut findings = Vec::new();
    let mut agreed = Vec::new();
    for kr in found.key_results {
        let moved = |g: &Option<GoalChange>| g.as_ref().is_some_and(|g| g.goalpost_moved);
        if !(moved(&kr.target) || moved(&kr.baseline)) {
            continue;
        }
        if [&kr.target, &kr.baseline]
            .iter()
            .any(|g| g.as_ref().is_some_and(|g| g.agreed.is_some()))
        {
            agreed.push(kr);
            continue;
        }
        let Some(objective) = head
            .model
            .objectives
            .iter()
            .find(|o| *o.id.get_ref() == kr.objective)
        else {
            continue;
        };
        let Some(written) = objective
            .key_result
            .iter()
            .map(|k| k.get_ref())
            .find(|k| *k.id.get_ref() == kr.id)
        else {
            continue;
        };
        let name = format!("{}/{}", kr.objective, kr.id);
        let cycle = objective.cycle.get_ref();
        let since = head
            .model
            .cycles
            .iter()
            .find(|c| c.id.get_ref() == cycle)
            .map_or_else(
                || format!("after {cycle} started"),
                |c| format!("after {cycle} started on {}", c.start.get_ref().0),
            );
        let better = match kr.kind {
            KrKind::Decrease | KrKind::StayBelow => "lower is better",
            _ => "higher is better",
        };
        for (field, change, spanned) in [
            ("target", &kr.target, &written.target),
            ("baseline", &kr.baseline, &written.baseline),
        ] {
            let Some(g) = change.as_ref().filter(|g| g.goalpost_moved) else {
                continue;
            };
            let (Some(old), Some(new)) = (g.before, g.after) else {
                continue;
            };
            let verb = if new < old { "lowered" } else { "raised" };
            let span = spanned
                .as_ref()
                .map_or_else(|| written.id.span(), |v| v.span());
            findings.push(
                Finding::new(
                    Code::GoalpostMoved,
                    format!(
                        "{field} of `{name}` {verb} from {} to {} {since} ({better})",
                        crate::render::number(old),
                        crate::render::number(new),
                    ),
                )
                .at(
                    objective.file,
                    span,
                    format!("was {}", crate::render::number(old)),
                )
                .help(
                    "this change eases a goal people already committed to: restore it, or \
                     record the agreement on the key result with `allow = [\"goalpost-moved\"]` \
                     and `allow_reason = \"...\"` (who agreed, and why)",
                )
                .entity(crate::diag::Entity::KeyResult {
                    objective: kr.objective.clone(),
                    id: kr.id.clone(),
                }),
            );
        }
    }
    (findings, agreed)
}

/// Files that do not load in one version: what they define cannot be compared, and
/// is left out rather than reported as removed or added.
pub(crate) struct Hidden {
    /// Names of files that do not load in the old version.
    base: HashSet<String>,
    /// Names of files that do not load in the new version.
    head: HashSet<String>,
}

impl Hidden {
    fn of(base: &Tree, head: &Tree, bv: &Version, hv: &Version, notes: &mut Vec<String>) -> Self {
        let hidden = Self {
            base: failed_files(base),
            head: failed_files(head),
        };
        for (files, version) in [(&hidden.base, bv), (&hidden.head, hv)] {
            let mut names: Vec<&String> = files.iter().collect();
            names.sort();
            for name in names {
                notes.push(format!(
                    "{name} does not load in {}: what it defines is left out of this comparison",
                    version.name
                ));
            }
        }
        hidden
    }

    fn any(&self) -> bool {
        !(self.base.is_empty() && self.head.is_empty())
    }

    /// Whether an entity that only the old version has, defined in `file` there,
    /// may be called removed: not when the file does not load in the new version.
    pub(crate) fn removed_is_real(&self, file: &str) -> bool {
        !self.head.contains(file)
    }

    /// Whether an entity that only the new version has may be called added.
    pub(crate) fn added_is_real(&self, file: &str) -> bool {
        !self.base.contains(file)
    }
}

/// The files of a tree that did not load, from the findings `load` gives them.
fn failed_files(tree: &Tree) -> HashSet<String> {
    tree.findings
        .iter()
        .filter(|f| f.code.rule().reads == Reads::FileLoad)
        .filter_map(|f| match &f.entity {
            Some(Entity::File(name)) => Some(name.clone()),
            _ => None,
        })
        .collect()
}
