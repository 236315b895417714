//! Every rule's code: kebab-case names that are public API (configuration, JSON,
//! SARIF), each with a one-line description, a default severity and a rationale.

use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::diag::Severity;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumString, IntoStaticStr,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    // The files themselves.
    InvalidFile,
    TomlSyntax,
    InvalidField,
    UnknownKey,
    SkippedPath,
    // Ids and references.
    MissingVision,
    InvalidId,
    InvalidHandle,
    InvalidValue,
    DuplicateId,
    UnknownReference,
    UnknownOwner,
    TeamLoop,
    // Line of sight.
    LineOfSight,
    SupportsLoop,
    // Focus.
    ObjectiveLimit,
    TeamWithoutObjectives,
    KrCount,
    OwnerOverload,
    // Dependencies.
    DependencyLoop,
    DependencyDropped,
    DependencyLaterCycle,
    DependencySameTeam,
    // Measurability.
    KrNotMeasurable,
    KrMissingUnit,
    // Cycles.
    CycleDates,
    CycleOverlap,
    NoCurrentCycle,
    // Coverage.
    PillarUncovered,
    PerspectiveEmpty,
    // Writing quality.
    OutcomeNotOutput,
    ObjectiveHasMetric,
    ObjectiveTooLong,
    KrIsActivity,
    ConfidenceDishonest,
    // Writing quality: the coaching lints added with `allow`.
    Unowned,
    KrSingle,
    KrNoBaseline,
    KrSignalBalance,
    InvalidAllow,
    // Drift, from the git history (`align drift`, `align check --drift`).
    Stale,
    GoalpostMoved,
    BehindPace,
    Churn,
    Realign,
    Blocked,
    ShallowHistory,
}

impl Code {
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = Code> {
        <Code as strum::IntoEnumIterator>::iter()
    }

    pub fn default_severity(self) -> Severity {
        use Code::*;
        match self {
            SkippedPath
            | UnknownOwner
            | TeamWithoutObjectives
            | OwnerOverload
            | DependencyDropped
            | DependencyLaterCycle
            | DependencySameTeam
            | KrMissingUnit
            | CycleOverlap
            | PillarUncovered
            | OutcomeNotOutput
            | ObjectiveHasMetric
            | ObjectiveTooLong
            | KrIsActivity
            | ConfidenceDishonest => Severity::Warning,
            Unowned | KrSingle | KrNoBaseline | KrSignalBalance | InvalidAllow => Severity::Warning,
            NoCurrentCycle | PerspectiveEmpty => Severity::Info,
            Stale | GoalpostMoved | BehindPace | Realign | Blocked | ShallowHistory => {
                Severity::Warning
            }
            Churn => Severity::Info,
            _ => Severity::Error,
        }
    }

    /// Whether the rule reads the git history (`align drift`, `align check --drift`)
    /// rather than one version of the tree.
    pub fn is_drift(self) -> bool {
        use Code::*;
        matches!(
            self,
            Stale | GoalpostMoved | BehindPace | Churn | Realign | Blocked | ShallowHistory
        )
    }

    /// The family the rule belongs to, as the rule list groups them.
    pub fn family(self) -> Family {
        use Code::*;
        match self {
            InvalidFile | TomlSyntax | InvalidField | UnknownKey | SkippedPath => Family::Files,
            MissingVision | InvalidId | InvalidHandle | InvalidValue | DuplicateId
            | UnknownReference | UnknownOwner | TeamLoop => Family::References,
            LineOfSight | SupportsLoop => Family::LineOfSight,
            ObjectiveLimit | TeamWithoutObjectives | KrCount | OwnerOverload => Family::Focus,
            DependencyLoop | DependencyDropped | DependencyLaterCycle | DependencySameTeam => {
                Family::Dependencies
            }
            KrNotMeasurable | KrMissingUnit => Family::Measurability,
            CycleDates | CycleOverlap | NoCurrentCycle => Family::Cycles,
            PillarUncovered | PerspectiveEmpty => Family::Coverage,
            OutcomeNotOutput | ObjectiveHasMetric | ObjectiveTooLong | KrIsActivity
            | ConfidenceDishonest | Unowned | KrSingle | KrNoBaseline | KrSignalBalance
            | InvalidAllow => Family::Writing,
            Stale | GoalpostMoved | BehindPace | Churn | Realign | Blocked | ShallowHistory => {
                Family::Drift
            }
        }
    }

    /// How often a finding of the rule is right, in SARIF's words: the structural
    /// rules are exact; the writing lints match words, so a title can fool them; drift
    /// reads history that authors date and word themselves.
    pub fn precision(self) -> &'static str {
        match (self, self.family()) {
            (Code::InvalidAllow, _) => "very-high",
            (_, Family::Writing) => "medium",
            (_, Family::Drift) => "high",
            _ => "very-high",
        }
    }

    /// One line: what the rule finds.
    pub fn description(self) -> &'static str {
        use Code::*;
        match self {
            InvalidFile => "A strategy file is not TOML text (not UTF-8, binary, or too large)",
            TomlSyntax => "A strategy file is not valid TOML",
            InvalidField => "A field has the wrong type, a missing value or an invalid value",
            UnknownKey => "A table or key that align does not know, usually a typo",
            SkippedPath => "A path in the tree was skipped (a symlink out of the tree or a loop)",
            MissingVision => "The tree has no [vision], or more than one",
            InvalidId => "An id is not a short slug of letters, digits, '-', '_' and '.'",
            InvalidHandle => "An owner, lead or member is not a handle like @name",
            InvalidValue => "A value is out of its range (confidence, weight, zones)",
            DuplicateId => "Two entities of the same kind share an id",
            UnknownReference => {
                "A reference names a team, cycle, pillar or objective that does not exist"
            }
            UnknownOwner => "An owner is not a lead or member of any team",
            TeamLoop => "Teams' `parent` links form a loop",
            LineOfSight => "An objective has no path through `supports` to a pillar and the vision",
            SupportsLoop => "Objectives' `supports` links form a loop",
            ObjectiveLimit => "A team has more objectives in a cycle than the limit",
            TeamWithoutObjectives => "A team has no objective in the current cycle",
            KrCount => "An objective has no key results, or more than the limit",
            OwnerOverload => "One person owns more objectives in a cycle than the limit",
            DependencyLoop => "Objectives depend on each other in a loop",
            DependencyDropped => "An objective depends on a dropped objective",
            DependencyLaterCycle => "An objective depends on an objective of a later cycle",
            DependencySameTeam => "An objective depends on an objective of its own team",
            KrNotMeasurable => "A key result cannot be measured as written",
            KrMissingUnit => "A numeric key result has no unit",
            CycleDates => "A cycle ends before it starts",
            CycleOverlap => "Two cycles overlap",
            NoCurrentCycle => "No cycle contains today, so current-cycle rules were skipped",
            PillarUncovered => "No objective of the current cycle supports a pillar",
            PerspectiveEmpty => "A balanced-scorecard perspective has no pillar",
            OutcomeNotOutput => "An objective names a deliverable instead of an outcome",
            ObjectiveHasMetric => "An objective's title carries a metric",
            ObjectiveTooLong => "An objective's title is too long to remember",
            KrIsActivity => "A key result measures activity instead of impact",
            ConfidenceDishonest => {
                "An aspirational objective's confidence is near certain or near zero"
            }
            Unowned => "An objective has no owner, or one from outside its team",
            KrSingle => "An objective has exactly one key result",
            KrNoBaseline => "A numeric key result has a target but no baseline",
            KrSignalBalance => "An objective's key results are all leading or all lagging",
            InvalidAllow => "An `allow` names no lint, the wrong item, or has no `allow_reason`",
            Stale => "A key result of the active cycle has had no check-in for too long",
            GoalpostMoved => "A target was eased (or a baseline moved) after the cycle started",
            BehindPace => "A key result's forecast for the end of the cycle misses its target",
            Churn => "An objective or key result was added, dropped or re-parented mid-cycle",
            Realign => {
                "A pillar or the vision changed after an objective under it was last touched"
            }
            Blocked => "An objective depends on one that is stale, behind pace or dropped",
            ShallowHistory => "The git history is cut (a shallow clone): some drift is unknown",
        }
    }

    /// The rationale printed by `align explain`: what the rule checks, why, and how to fix it.
    pub fn explain(self) -> &'static str {
        use Code::*;
        match self {
            InvalidFile => include_str!("../assets/explain/invalid-file.md"),
            TomlSyntax => include_str!("../assets/explain/toml-syntax.md"),
            InvalidField => include_str!("../assets/explain/invalid-field.md"),
            UnknownKey => include_str!("../assets/explain/unknown-key.md"),
            SkippedPath => include_str!("../assets/explain/skipped-path.md"),
            MissingVision => include_str!("../assets/explain/missing-vision.md"),
            InvalidId => include_str!("../assets/explain/invalid-id.md"),
            InvalidHandle => include_str!("../assets/explain/invalid-handle.md"),
            InvalidValue => include_str!("../assets/explain/invalid-value.md"),
            DuplicateId => include_str!("../assets/explain/duplicate-id.md"),
            UnknownReference => include_str!("../assets/explain/unknown-reference.md"),
            UnknownOwner => include_str!("../assets/explain/unknown-owner.md"),
            TeamLoop => include_str!("../assets/explain/team-loop.md"),
            LineOfSight => include_str!("../assets/explain/line-of-sight.md"),
            SupportsLoop => include_str!("../assets/explain/supports-loop.md"),
            ObjectiveLimit => include_str!("../assets/explain/objective-limit.md"),
            TeamWithoutObjectives => include_str!("../assets/explain/team-without-objectives.md"),
            KrCount => include_str!("../assets/explain/kr-count.md"),
            OwnerOverload => include_str!("../assets/explain/owner-overload.md"),
            DependencyLoop => include_str!("../assets/explain/dependency-loop.md"),
            DependencyDropped => include_str!("../assets/explain/dependency-dropped.md"),
            DependencyLaterCycle => include_str!("../assets/explain/dependency-later-cycle.md"),
            DependencySameTeam => include_str!("../assets/explain/dependency-same-team.md"),
            KrNotMeasurable => include_str!("../assets/explain/kr-not-measurable.md"),
            KrMissingUnit => include_str!("../assets/explain/kr-missing-unit.md"),
            CycleDates => include_str!("../assets/explain/cycle-dates.md"),
            CycleOverlap => include_str!("../assets/explain/cycle-overlap.md"),
            NoCurrentCycle => include_str!("../assets/explain/no-current-cycle.md"),
            PillarUncovered => include_str!("../assets/explain/pillar-uncovered.md"),
            PerspectiveEmpty => include_str!("../assets/explain/perspective-empty.md"),
            OutcomeNotOutput => include_str!("../assets/explain/outcome-not-output.md"),
            ObjectiveHasMetric => include_str!("../assets/explain/objective-has-metric.md"),
            ObjectiveTooLong => include_str!("../assets/explain/objective-too-long.md"),
            KrIsActivity => include_str!("../assets/explain/kr-is-activity.md"),
            ConfidenceDishonest => include_str!("../assets/explain/confidence-dishonest.md"),
            Unowned => include_str!("../assets/explain/unowned.md"),
            KrSingle => include_str!("../assets/explain/kr-single.md"),
            KrNoBaseline => include_str!("../assets/explain/kr-no-baseline.md"),
            KrSignalBalance => include_str!("../assets/explain/kr-signal-balance.md"),
            InvalidAllow => include_str!("../assets/explain/invalid-allow.md"),
            Stale => include_str!("../assets/explain/stale.md"),
            GoalpostMoved => include_str!("../assets/explain/goalpost-moved.md"),
            BehindPace => include_str!("../assets/explain/behind-pace.md"),
            Churn => include_str!("../assets/explain/churn.md"),
            Realign => include_str!("../assets/explain/realign.md"),
            Blocked => include_str!("../assets/explain/blocked.md"),
            ShallowHistory => include_str!("../assets/explain/shallow-history.md"),
        }
    }
}

/// A group of related rules; its kebab-case name tags the rules in SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Family {
    Files,
    References,
    LineOfSight,
    Focus,
    Dependencies,
    Measurability,
    Cycles,
    Coverage,
    Writing,
    Drift,
}

impl Family {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
