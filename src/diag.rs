//! Findings: what a rule says about the tree, as plain serializable data.
//! Renderers turn them into miette reports, JSON, annotations; rules never print.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::model::Perspective;
use crate::source::FileId;

pub use crate::codes::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A place in a file that a finding points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Range<usize>,
    pub message: String,
    /// The bad value itself, as opposed to a related place ("defined here").
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Primary label first, then secondary ones. Empty for a tree-wide finding.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// What the finding is about, so that two versions of a tree can be compared by
    /// entity rather than by line number.
    pub entity: Option<Entity>,
}

impl Finding {
    /// A finding at the rule's default severity; settings adjust it later.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            entity: None,
        }
    }

    pub fn at(mut self, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    pub fn also(mut self, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn entity(mut self, entity: Entity) -> Self {
        self.entity = Some(entity);
        self
    }

    pub fn primary(&self) -> Option<&Label> {
        self.labels.iter().find(|l| l.primary)
    }
}

/// What a finding is about, by kind and ids. It is shown in one place, its `Display`
/// (`objective deploys-boring`, `key result deploys-boring/deploy-success`), which is
/// also how JSON, SARIF and annotations write it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// The tree's `[vision]`.
    Vision,
    Pillar(String),
    Team(String),
    Cycle(String),
    Objective(String),
    KeyResult {
        objective: String,
        id: String,
    },
    /// A person as written in one role: `team lead @ana`.
    Person {
        role: Role,
        handle: String,
    },
    /// A team's objectives in one cycle.
    TeamInCycle {
        team: String,
        cycle: String,
    },
    /// One owner's objectives in one cycle.
    OwnerInCycle {
        owner: String,
        cycle: String,
    },
    /// A balanced-scorecard perspective.
    Perspective(Perspective),
    /// The cycles as a whole (none contains today).
    Cycles,
    /// The git history as a whole (a shallow clone).
    History,
    /// A strategy file, by its path from the root.
    File(String),
    /// A path skipped while reading the tree.
    Path(String),
    /// A rule named in `align.toml`, as written.
    Rule(String),
    /// A language named in `[lints] languages`, as written.
    Language(String),
}

impl Entity {
    /// The objective this is, or whose key result this is.
    pub fn objective(&self) -> Option<&str> {
        match self {
            Self::Objective(id) | Self::KeyResult { objective: id, .. } => Some(id),
            _ => None,
        }
    }

    /// The same entity once objective `old` is renamed `new`: an objective's key
    /// results follow it.
    pub fn renamed(&self, old: &str, new: &str) -> Option<Self> {
        match self {
            Self::Objective(id) if id == old => Some(Self::Objective(new.to_string())),
            Self::KeyResult { objective, id } if objective == old => Some(Self::KeyResult {
                objective: new.to_string(),
                id: id.clone(),
            }),
            _ => None,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Vision => f.write_str("vision"),
            Self::Pillar(id) => write!(f, "pillar {id}"),
            Self::Team(id) => write!(f, "team {id}"),
            Self::Cycle(id) => write!(f, "cycle {id}"),
            Self::Objective(id) => write!(f, "objective {id}"),
            Self::KeyResult { objective, id } => write!(f, "key result {objective}/{id}"),
            Self::Person { role, handle } => write!(f, "{role} {handle}"),
            Self::TeamInCycle { team, cycle } => write!(f, "team {team} in {cycle}"),
            Self::OwnerInCycle { owner, cycle } => write!(f, "owner {owner} in {cycle}"),
            Self::Perspective(p) => write!(f, "perspective {}", p.name()),
            Self::Cycles => f.write_str("cycles"),
            Self::History => f.write_str("history"),
            Self::File(path) => write!(f, "file {path}"),
            Self::Path(path) => write!(f, "path {path}"),
            Self::Rule(name) => write!(f, "rule {name}"),
            Self::Language(name) => write!(f, "language {name}"),
        }
    }
}

impl Serialize for Entity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The role a person's handle is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    VisionOwner,
    PillarOwner,
    TeamLead,
    TeamMember,
    ObjectiveOwner,
    KeyResultOwner,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Self::VisionOwner => "vision owner",
            Self::PillarOwner => "pillar owner",
            Self::TeamLead => "team lead",
            Self::TeamMember => "team member",
            Self::ObjectiveOwner => "objective owner",
            Self::KeyResultOwner => "key result owner",
        }
    }

    /// Whether the teams list the person in this role.
    pub fn is_listed(self) -> bool {
        matches!(self, Self::TeamLead | Self::TeamMember)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Counts of findings by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings that an `allow` with its reason silenced: not in the counts above.
    pub silenced: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Self {
        let mut tally = Self::default();
        for f in findings {
            match f.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        tally
    }
}
