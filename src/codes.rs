//! Every rule's code and its metadata. Codes are kebab-case names that are public API
//! (configuration, JSON, SARIF). Each rule declares its metadata once, as a [`Rule`]
//! beside the code that finds it (`rules/*.rs`, `drift/*.rs`); [`Code::rule`]
//! maps every code to it, checked exhaustively by the compiler. `align explain`, SARIF,
//! the settings schema, the docs and the tests all read it from there.

use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::diag::Severity;
use crate::rules::allow::Item;
use crate::{drift, rules};

/// What a rule is, declared once beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: Code,
    /// The severity its findings have unless `align.toml` says otherwise.
    pub severity: Severity,
    /// One line: what the rule finds (`align explain`'s list, SARIF's short description).
    pub summary: &'static str,
    /// The headline of its explain text, after the code: "an id is not a valid slug".
    pub title: &'static str,
    pub reads: Reads,
    /// The item whose `allow` may silence it: coaching lints only.
    pub allow: Option<Item>,
    /// What it checks, why it matters, how to fix it and an example, under those
    /// headings, each paragraph indented by two spaces (`assets/explain/CODE.md`).
    pub doc: &'static str,
}

/// What a rule reads, which decides where it runs and what settings may do to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// One file as it loads: a finding means the file did not load, so the tree is
    /// incomplete, and its severity cannot be lowered (that would hide the file).
    FileLoad,
    /// The tree as loaded, or the paths walked to find it.
    Tree,
    /// The git history (`align drift`, `align check --drift`).
    History,
}

impl Rule {
    /// The text `align explain CODE` prints: the code and its headline, the default
    /// severity, then the doc.
    pub fn explain(&self) -> String {
        format!(
            "{}: {}\nDefault severity: {}\n\n{}",
            self.code,
            self.title,
            self.severity.name(),
            self.doc
        )
    }

    /// The paragraph under a heading of the doc ("What it checks"), on one line.
    pub fn section(&self, heading: &str) -> Option<String> {
        let mut lines = self.doc.lines().skip_while(|l| l.trim_end() != heading);
        lines.next()?;
        let words: Vec<&str> = lines
            .take_while(|l| l.starts_with(' '))
            .flat_map(str::split_whitespace)
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// Why the rule exists: the "Why it matters" section of its doc.
    pub fn rationale(&self) -> Option<String> {
        self.section("Why it matters")
    }
}
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
    DependencyUnacknowledged,
    DependencyDeclined,
    AnswerWithoutRequest,
    // Lineage across cycles (`continues`).
    ContinuesNotEarlier,
    ContinuesLoop,
    // Measurability.
    KrNotMeasurable,
    KrMissingUnit,
    // Cycles.
    CycleDates,
    CycleOverlap,
    NoCurrentCycle,
    CycleUngraded,
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

    /// The rule's metadata, declared beside the rule.
    pub fn rule(self) -> &'static Rule {
        use Code::*;
        match self {
            InvalidFile => &rules::files::INVALID_FILE,
            TomlSyntax => &rules::files::TOML_SYNTAX,
            InvalidField => &rules::files::INVALID_FIELD,
            UnknownKey => &rules::files::UNKNOWN_KEY,
            SkippedPath => &rules::files::SKIPPED_PATH,
            MissingVision => &rules::ids::MISSING_VISION,
            InvalidId => &rules::ids::INVALID_ID,
            InvalidHandle => &rules::ids::INVALID_HANDLE,
            InvalidValue => &rules::measures::INVALID_VALUE,
            DuplicateId => &rules::ids::DUPLICATE_ID,
            UnknownReference => &rules::references::UNKNOWN_REFERENCE,
            UnknownOwner => &rules::references::UNKNOWN_OWNER,
            TeamLoop => &rules::references::TEAM_LOOP,
            LineOfSight => &rules::alignment::LINE_OF_SIGHT,
            SupportsLoop => &rules::alignment::SUPPORTS_LOOP,
            ObjectiveLimit => &rules::focus::OBJECTIVE_LIMIT,
            TeamWithoutObjectives => &rules::focus::TEAM_WITHOUT_OBJECTIVES,
            KrCount => &rules::focus::KR_COUNT,
            OwnerOverload => &rules::focus::OWNER_OVERLOAD,
            DependencyLoop => &rules::dependencies::DEPENDENCY_LOOP,
            DependencyDropped => &rules::dependencies::DEPENDENCY_DROPPED,
            DependencyLaterCycle => &rules::dependencies::DEPENDENCY_LATER_CYCLE,
            DependencySameTeam => &rules::dependencies::DEPENDENCY_SAME_TEAM,
            DependencyUnacknowledged => &rules::handshake::DEPENDENCY_UNACKNOWLEDGED,
            DependencyDeclined => &rules::handshake::DEPENDENCY_DECLINED,
            AnswerWithoutRequest => &rules::handshake::ANSWER_WITHOUT_REQUEST,
            ContinuesNotEarlier => &rules::lineage::CONTINUES_NOT_EARLIER,
            ContinuesLoop => &rules::lineage::CONTINUES_LOOP,
            KrNotMeasurable => &rules::measures::KR_NOT_MEASURABLE,
            KrMissingUnit => &rules::measures::KR_MISSING_UNIT,
            CycleDates => &rules::cycles::CYCLE_DATES,
            CycleOverlap => &rules::cycles::CYCLE_OVERLAP,
            NoCurrentCycle => &rules::cycles::NO_CURRENT_CYCLE,
            CycleUngraded => &rules::cycles::CYCLE_UNGRADED,
            PillarUncovered => &rules::coverage::PILLAR_UNCOVERED,
            PerspectiveEmpty => &rules::coverage::PERSPECTIVE_EMPTY,
            OutcomeNotOutput => &rules::writing::OUTCOME_NOT_OUTPUT,
            ObjectiveHasMetric => &rules::writing::OBJECTIVE_HAS_METRIC,
            ObjectiveTooLong => &rules::writing::OBJECTIVE_TOO_LONG,
            KrIsActivity => &rules::writing::KR_IS_ACTIVITY,
            ConfidenceDishonest => &rules::writing::CONFIDENCE_DISHONEST,
            Unowned => &rules::references::UNOWNED,
            KrSingle => &rules::focus::KR_SINGLE,
            KrNoBaseline => &rules::measures::KR_NO_BASELINE,
            KrSignalBalance => &rules::writing::KR_SIGNAL_BALANCE,
            InvalidAllow => &rules::allow::INVALID_ALLOW,
            Stale => &drift::findings::STALE,
            GoalpostMoved => &drift::goalposts::GOALPOST_MOVED,
            BehindPace => &drift::findings::BEHIND_PACE,
            Churn => &drift::churn::CHURN,
            Realign => &drift::findings::REALIGN,
            Blocked => &drift::findings::BLOCKED,
            ShallowHistory => &drift::findings::SHALLOW_HISTORY,
        }
    }

    pub fn default_severity(self) -> Severity {
        self.rule().severity
    }

    /// Whether the rule reads the git history (`align drift`, `align check --drift`)
    /// rather than one version of the tree.
    pub fn is_drift(self) -> bool {
        self.rule().reads == Reads::History
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
            DependencyLoop
            | DependencyDropped
            | DependencyLaterCycle
            | DependencySameTeam
            | DependencyUnacknowledged
            | DependencyDeclined
            | AnswerWithoutRequest => Family::Dependencies,
            KrNotMeasurable | KrMissingUnit => Family::Measurability,
            CycleDates | CycleOverlap | NoCurrentCycle | CycleUngraded | ContinuesNotEarlier
            | ContinuesLoop => Family::Cycles,
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
        self.rule().summary
    }

    /// The rationale printed by `align explain`: what the rule checks, why, and how to fix it.
    pub fn explain(self) -> String {
        self.rule().explain()
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
