//! The strategy tree as plain data: what the TOML files say, with the spans that
//! findings point at. Deserialized straight from the files; nothing here computes.

use serde::{Deserialize, Serialize};
pub use toml::Spanned;

use crate::source::FileId;

/// The kinds of entity with an id of their own, used to say what an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Pillar,
    Team,
    Cycle,
    Objective,
    KeyResult,
}

impl EntityKind {
    pub fn noun(self) -> &'static str {
        match self {
            Self::Pillar => "pillar",
            Self::Team => "team",
            Self::Cycle => "cycle",
            Self::Objective => "objective",
            Self::KeyResult => "key result",
        }
    }
}

/// One strategy file as written: any file may hold any of these tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyFile {
    pub vision: Option<Spanned<Vision>>,
    #[serde(default)]
    pub pillar: Vec<Spanned<Pillar>>,
    #[serde(default)]
    pub team: Vec<Spanned<Team>>,
    #[serde(default)]
    pub cycle: Vec<Spanned<Cycle>>,
    #[serde(default)]
    pub objective: Vec<Spanned<Objective>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    pub statement: Spanned<String>,
    pub owner: Option<Spanned<String>>,
    pub description: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

/// Balanced-scorecard perspective of a pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Perspective {
    Financial,
    Customer,
    Process,
    Learning,
}

impl Perspective {
    pub const ALL: [Perspective; 4] = [
        Self::Financial,
        Self::Customer,
        Self::Process,
        Self::Learning,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Financial => "financial",
            Self::Customer => "customer",
            Self::Process => "process",
            Self::Learning => "learning",
        }
    }
}

/// A strategic theme under the vision; objectives reach the vision through one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub perspective: Option<Spanned<Perspective>>,
    pub owner: Option<Spanned<String>>,
    pub description: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub parent: Option<Spanned<String>>,
    pub lead: Option<Spanned<String>>,
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    #[serde(skip)]
    pub file: FileId,
}

/// A calendar date as written in TOML (`2026-10-01`), nothing more precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "toml::value::Datetime")]
pub struct Date(pub jiff::civil::Date);

impl TryFrom<toml::value::Datetime> for Date {
    type Error = String;

    fn try_from(value: toml::value::Datetime) -> Result<Self, Self::Error> {
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8)
                    .map(Date)
                    .map_err(|e| format!("{value} is not a real date: {e}"))
            }
            _ => Err(format!(
                "expected a local date like 2026-12-31, found {value}"
            )),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A planning period, such as a quarter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
    #[serde(skip)]
    pub file: FileId,
}

impl Cycle {
    pub fn contains(&self, day: jiff::civil::Date) -> bool {
        self.start.get_ref().0 <= day && day <= self.end.get_ref().0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectiveKind {
    #[default]
    Committed,
    Aspirational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Achieved,
    Missed,
    Dropped,
    Draft,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub team: Spanned<String>,
    pub cycle: Spanned<String>,
    pub owner: Option<Spanned<String>>,
    /// The line of sight: pillars or parent objectives this one serves.
    #[serde(default)]
    pub supports: Vec<Spanned<String>>,
    /// Objectives of other teams this one needs.
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    /// Committed by default.
    pub kind: Option<Spanned<ObjectiveKind>>,
    /// Active by default.
    pub status: Option<Spanned<Status>>,
    pub description: Option<String>,
    #[serde(default)]
    pub key_result: Vec<Spanned<KeyResult>>,
    #[serde(skip)]
    pub file: FileId,
    /// Writing lints silenced on this objective, by code: a decision recorded with
    /// `allow_reason`, which reports show.
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Why the lints in `allow` do not apply here.
    pub allow_reason: Option<Spanned<String>>,
}

impl Objective {
    pub fn kind(&self) -> ObjectiveKind {
        self.kind
            .as_ref()
            .map_or_else(ObjectiveKind::default, |k| *k.get_ref())
    }

    pub fn status(&self) -> Status {
        self.status
            .as_ref()
            .map_or_else(Status::default, |s| *s.get_ref())
    }
}

/// How a key result is scored; inferred from its fields when not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KrKind {
    Increase,
    Decrease,
    StayAbove,
    StayBelow,
    Milestone,
    Ordinal,
}

/// Confidence as teams write it: 0.0-1.0, an integer 0-10, or a word.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Confidence {
    Scale10(i64),
    Fraction(f64),
    Word(String),
}

impl Confidence {
    /// The confidence on a 0.0-1.0 scale, or `None` when it is out of range or
    /// ambiguous: an integer 1 could be "certain" (0-1) as well as "1 in 10".
    pub fn normalized(&self) -> Option<f64> {
        match self {
            Self::Scale10(1) => None,
            Self::Scale10(n) if (0..=10).contains(n) => Some(*n as f64 / 10.0),
            Self::Fraction(x) if (0.0..=1.0).contains(x) => Some(*x),
            Self::Word(w) => match w.to_ascii_lowercase().as_str() {
                "low" => Some(0.2),
                "medium" => Some(0.5),
                "high" => Some(0.8),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Fail,
    Commit,
    Target,
    Stretch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    Leading,
    Lagging,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyResult {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub kind: Option<Spanned<KrKind>>,
    pub baseline: Option<Spanned<f64>>,
    pub target: Option<Spanned<f64>>,
    pub current: Option<Spanned<f64>>,
    pub stretch: Option<Spanned<f64>>,
    pub unit: Option<Spanned<String>>,
    pub done: Option<Spanned<bool>>,
    pub commit_zone: Option<Spanned<String>>,
    pub target_zone: Option<Spanned<String>>,
    pub stretch_zone: Option<Spanned<String>>,
    pub zone: Option<Spanned<Zone>>,
    pub weight: Option<Spanned<f64>>,
    pub confidence: Option<Spanned<Confidence>>,
    pub owner: Option<Spanned<String>>,
    /// The last date someone confirmed the value unchanged.
    pub checked: Option<Spanned<Date>>,
    pub signal: Option<Spanned<Signal>>,
    /// Writing lints silenced on this key result, by code (see `Objective::allow`).
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Why the lints in `allow` do not apply here.
    pub allow_reason: Option<Spanned<String>>,
}

impl KeyResult {
    /// The written kind, or the one its fields make obvious.
    pub fn kind(&self) -> KrKind {
        if let Some(kind) = &self.kind {
            return *kind.get_ref();
        }
        if self.done.is_some() {
            return KrKind::Milestone;
        }
        if self.zone.is_some() || self.target_zone.is_some() {
            return KrKind::Ordinal;
        }
        match (&self.baseline, &self.target) {
            (Some(b), Some(t)) if t.get_ref() < b.get_ref() => KrKind::Decrease,
            _ => KrKind::Increase,
        }
    }

    /// Whether the key result carries any of the numeric fields.
    pub fn has_numbers(&self) -> bool {
        self.baseline.is_some()
            || self.target.is_some()
            || self.current.is_some()
            || self.stretch.is_some()
    }
}

/// The whole tree: every entity of every file, in file order.
#[derive(Debug, Default)]
pub struct Model {
    pub visions: Vec<Vision>,
    pub pillars: Vec<Pillar>,
    pub teams: Vec<Team>,
    pub cycles: Vec<Cycle>,
    pub objectives: Vec<Objective>,
}

impl Model {
    pub fn vision(&self) -> Option<&Vision> {
        self.visions.first()
    }

    pub fn key_result_count(&self) -> usize {
        self.objectives.iter().map(|o| o.key_result.len()).sum()
    }

    /// Moves the entities of one parsed file into the model, remembering the file.
    pub fn absorb(&mut self, file: FileId, parsed: StrategyFile) {
        self.visions
            .extend(placed(parsed.vision, file, |v| &mut v.file));
        self.pillars
            .extend(placed(parsed.pillar, file, |p| &mut p.file));
        self.teams
            .extend(placed(parsed.team, file, |t| &mut t.file));
        self.cycles
            .extend(placed(parsed.cycle, file, |c| &mut c.file));
        self.objectives
            .extend(placed(parsed.objective, file, |o| &mut o.file));
    }
}

/// Unwraps parsed entities and records the file each came from.
fn placed<T>(
    items: impl IntoIterator<Item = Spanned<T>>,
    file: FileId,
    file_of: fn(&mut T) -> &mut FileId,
) -> impl Iterator<Item = T> {
    items.into_iter().map(move |item| {
        let mut item = item.into_inner();
        *file_of(&mut item) = file;
        item
    })
}
