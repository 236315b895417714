//! The strategy tree as plain data: what the TOML files say, with the spans that
//! findings point at. Deserialized straight from the files; nothing here computes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use toml::Spanned;

use crate::source::FileId;

/// What an id looks like, for editors: `rules::ids::is_slug` is the rule itself.
pub const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/// What a handle looks like, for editors: `rules::ids::is_handle` is the rule itself.
pub const HANDLE_PATTERN: &str = "^@[A-Za-z0-9][A-Za-z0-9._/-]*$";

/// One strategy file as written: any file may hold any of these tables.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyFile {
    #[schemars(with = "Option<Vision>")]
    pub vision: Option<Spanned<Vision>>,
    #[serde(default)]
    #[schemars(with = "Vec<Pillar>")]
    pub pillar: Vec<Spanned<Pillar>>,
    #[serde(default)]
    #[schemars(with = "Vec<Team>")]
    pub team: Vec<Spanned<Team>>,
    #[serde(default)]
    #[schemars(with = "Vec<Cycle>")]
    pub cycle: Vec<Spanned<Cycle>>,
    #[serde(default)]
    #[schemars(with = "Vec<Objective>")]
    pub objective: Vec<Spanned<Objective>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    /// The company's direction in one sentence.
    #[schemars(with = "String")]
    pub statement: Spanned<String>,
    /// Who owns the vision, as a handle (`@name`).
    #[schemars(with = "Option<String>", pattern(HANDLE_PATTERN))]
    pub owner: Option<Spanned<String>>,
    /// The longer story behind the statement.
    pub description: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

/// Balanced-scorecard perspective of a pillar.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    /// A slug that objectives name in `supports`.
    #[schemars(with = "String", pattern(ID_PATTERN))]
    pub id: Spanned<String>,
    /// The strategic theme, in a few words.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Its balanced-scorecard perspective.
    #[schemars(with = "Option<Perspective>")]
    pub perspective: Option<Spanned<Perspective>>,
    /// Who owns the pillar, as a handle (`@name`).
    #[schemars(with = "Option<String>", pattern(HANDLE_PATTERN))]
    pub owner: Option<Spanned<String>>,
    /// What the pillar means, and what it does not.
    pub description: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// A slug that objectives name in `team`.
    #[schemars(with = "String", pattern(ID_PATTERN))]
    pub id: Spanned<String>,
    /// The team's display name.
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// The id of the team above this one: teams form a tree.
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
    /// The team's lead, as a handle (`@name`).
    #[schemars(with = "Option<String>", pattern(HANDLE_PATTERN))]
    pub lead: Option<Spanned<String>>,
    /// The team's members, as handles; owners must be leads or members.
    #[serde(default)]
    #[schemars(with = "Vec<String>", inner(pattern(HANDLE_PATTERN)))]
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

/// Written as a bare TOML date; schema validators read TOML dates as strings.
impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML date, such as 2026-10-01"
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A planning period, such as a quarter.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    /// A slug that objectives name in `cycle`, e.g. `2026-Q4`.
    #[schemars(with = "String", pattern(ID_PATTERN))]
    pub id: Spanned<String>,
    /// A display name, e.g. "Q4 2026".
    pub name: Option<String>,
    /// The first day of the cycle, a TOML date: `start = 2026-10-01`.
    #[schemars(with = "Date")]
    pub start: Spanned<Date>,
    /// The last day of the cycle, a TOML date: `end = 2026-12-31`.
    #[schemars(with = "Date")]
    pub end: Spanned<Date>,
    /// What the company learned in the cycle, written at its close.
    pub learnings: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

impl Cycle {
    pub fn contains(&self, day: jiff::civil::Date) -> bool {
        self.start.get_ref().0 <= day && day <= self.end.get_ref().0
    }

    /// Whether the cycle's last day is before `day`: its objectives get grades, not pace.
    pub fn ended(&self, day: jiff::civil::Date) -> bool {
        self.end.get_ref().0 < day
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObjectiveKind {
    #[default]
    Committed,
    Aspirational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Achieved,
    Missed,
    Dropped,
    Draft,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// A slug, unique among objectives.
    #[schemars(with = "String", pattern(ID_PATTERN))]
    pub id: Spanned<String>,
    /// The outcome, short enough to say from memory.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// The id of the team that owns it.
    #[schemars(with = "String")]
    pub team: Spanned<String>,
    /// The id of its cycle.
    #[schemars(with = "String")]
    pub cycle: Spanned<String>,
    /// Who owns it, as a handle (`@name`).
    #[schemars(with = "Option<String>", pattern(HANDLE_PATTERN))]
    pub owner: Option<Spanned<String>>,
    /// The line of sight: pillars or parent objectives this one serves.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub supports: Vec<Spanned<String>>,
    /// Objectives of other teams this one needs: a request, which their team answers
    /// with `accepts` or `declines`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Spanned<String>>,
    /// Objectives of other teams whose `depends_on` request this one agrees to serve.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub accepts: Vec<Spanned<String>>,
    /// Requests this objective will not serve, each with the reason.
    #[serde(default)]
    #[schemars(with = "Vec<Decline>")]
    pub declines: Vec<Spanned<Decline>>,
    /// Committed by default.
    #[schemars(with = "Option<ObjectiveKind>")]
    pub kind: Option<Spanned<ObjectiveKind>>,
    /// Active by default.
    #[schemars(with = "Option<Status>")]
    pub status: Option<Spanned<Status>>,
    /// Why it matters, and what it does not cover.
    pub description: Option<String>,
    /// The objective of an earlier cycle that this one carries forward (its id;
    /// `align cycle carry` writes it): `align history` shows the whole line across
    /// cycles.
    #[schemars(with = "Option<String>", pattern(ID_PATTERN))]
    pub continues: Option<Spanned<String>>,
    /// How we will know it was reached: 1 to 5 key results.
    #[serde(default)]
    #[schemars(with = "Vec<KeyResult>")]
    pub key_result: Vec<Spanned<KeyResult>>,
    #[serde(skip)]
    pub file: FileId,
    /// Writing lints silenced on this objective, by code: a decision recorded with
    /// `allow_reason`, which reports show.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Spanned<String>>,
    /// Why the lints in `allow` do not apply here.
    #[schemars(with = "Option<String>")]
    pub allow_reason: Option<Spanned<String>>,
    /// The final grade, 0.0-1.0, once the cycle ended (proposed by `align cycle close`).
    #[schemars(with = "Option<f64>", range(min = 0.0, max = 1.0))]
    pub score: Option<Spanned<f64>>,
    /// The retrospective: what the team learned, written at the cycle's close.
    pub retro: Option<String>,
}

/// A dependency request answered "no": which objective asked, and why not.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    /// The id of the objective whose `depends_on` asked.
    #[schemars(with = "String")]
    pub objective: Spanned<String>,
    /// Why the request cannot be served, for the team that asked.
    #[schemars(with = "String")]
    pub reason: Spanned<String>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
        self.on_scale(None)
    }

    /// The confidence on a 0.0-1.0 scale, read as the company's declared scale says
    /// (`[scale] confidence` in align.toml): with one, integers are not ambiguous.
    pub fn on_scale(&self, scale: Option<ConfidenceScale>) -> Option<f64> {
        let word = |w: &str| match w.to_ascii_lowercase().as_str() {
            "low" => Some(0.2),
            "medium" => Some(0.5),
            "high" => Some(0.8),
            _ => None,
        };
        match (scale, self) {
            (_, Self::Word(w)) => word(w),
            (Some(ConfidenceScale::Words), _) => None,
            (Some(ConfidenceScale::ZeroToOne), Self::Scale10(n)) if (0..=1).contains(n) => {
                Some(*n as f64)
            }
            (Some(ConfidenceScale::ZeroToTen), Self::Fraction(x)) if (0.0..=10.0).contains(x) => {
                Some(*x / 10.0)
            }
            (Some(ConfidenceScale::ZeroToOne), Self::Scale10(_))
            | (Some(ConfidenceScale::ZeroToTen), Self::Fraction(_))
            | (None, Self::Scale10(1)) => None,
            (_, Self::Scale10(n)) if (0..=10).contains(n) => Some(*n as f64 / 10.0),
            (_, Self::Fraction(x)) if (0.0..=1.0).contains(x) => Some(*x),
            _ => None,
        }
    }

    /// As written in the file: `7`, `0.7`, `high`.
    pub fn written(&self) -> String {
        match self {
            Self::Scale10(n) => n.to_string(),
            Self::Fraction(x) => x.to_string(),
            Self::Word(w) => w.clone(),
        }
    }
}

/// What a company's confidence numbers mean (`[scale] confidence` in align.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ConfidenceScale {
    /// 0.0-1.0; the integers 0 and 1 mean 0.0 and 1.0.
    #[serde(rename = "0-1")]
    ZeroToOne,
    /// 0-10; 7 and 7.5 are out of ten.
    #[serde(rename = "0-10")]
    ZeroToTen,
    /// low, medium, high: numbers are not confidences.
    #[serde(rename = "words")]
    Words,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Fail,
    Commit,
    Target,
    Stretch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    Leading,
    Lagging,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyResult {
    /// A slug, unique within the objective; referred to as `objective/key-result`.
    #[schemars(with = "String", pattern(ID_PATTERN))]
    pub id: Spanned<String>,
    /// What is measured: an impact, not an activity.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// How it is scored; inferred from its fields when not written.
    #[schemars(with = "Option<KrKind>")]
    pub kind: Option<Spanned<KrKind>>,
    /// The value at the start of the cycle.
    #[schemars(with = "Option<f64>")]
    pub baseline: Option<Spanned<f64>>,
    /// The value that means success; below the baseline means lower is better.
    #[schemars(with = "Option<f64>")]
    pub target: Option<Spanned<f64>>,
    /// The latest value; a commit that changes it is a check-in.
    #[schemars(with = "Option<f64>")]
    pub current: Option<Spanned<f64>>,
    /// A value beyond the target: graded 1.0 when `commit` is set too.
    #[schemars(with = "Option<f64>")]
    pub stretch: Option<Spanned<f64>>,
    /// The value committed to, short of the target: below it fails, at it grades 0.3
    /// (three-level grading, with the target at 0.7 and the stretch at 1.0).
    #[schemars(with = "Option<f64>")]
    pub commit: Option<Spanned<f64>>,
    /// What the number counts: "%", "ms", "USD", "customers".
    #[schemars(with = "Option<String>")]
    pub unit: Option<Spanned<String>>,
    /// For a milestone: whether it is done.
    #[schemars(with = "Option<bool>")]
    pub done: Option<Spanned<bool>>,
    /// For an ordinal key result: the level committed to, in words.
    #[schemars(with = "Option<String>")]
    pub commit_zone: Option<Spanned<String>>,
    /// For an ordinal key result: the level aimed at, in words.
    #[schemars(with = "Option<String>")]
    pub target_zone: Option<Spanned<String>>,
    /// For an ordinal key result: the stretch level, in words.
    #[schemars(with = "Option<String>")]
    pub stretch_zone: Option<Spanned<String>>,
    /// For an ordinal key result: the level reached so far.
    #[schemars(with = "Option<Zone>")]
    pub zone: Option<Spanned<Zone>>,
    /// Its weight in the objective's progress (1 by default).
    #[schemars(with = "Option<f64>")]
    pub weight: Option<Spanned<f64>>,
    /// Confidence of reaching the target: 0.0-1.0, an integer 0-10, or low/medium/high.
    #[schemars(with = "Option<Confidence>")]
    pub confidence: Option<Spanned<Confidence>>,
    /// Who owns it, as a handle (`@name`), when not the objective's owner.
    #[schemars(with = "Option<String>", pattern(HANDLE_PATTERN))]
    pub owner: Option<Spanned<String>>,
    /// The last date someone confirmed the value unchanged.
    #[schemars(with = "Option<Date>")]
    pub checked: Option<Spanned<Date>>,
    /// Whether it is a leading or a lagging indicator.
    #[schemars(with = "Option<Signal>")]
    pub signal: Option<Spanned<Signal>>,
    /// The work expected to move it: links or issue references (`"https://…/issues/12"`,
    /// `"PROJ-42"`). A key result behind pace with none is nudged: what will move it?
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub initiatives: Vec<Spanned<String>>,
    /// Writing lints silenced on this key result, by code (see `Objective::allow`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Spanned<String>>,
    /// Why the lints in `allow` do not apply here.
    #[schemars(with = "Option<String>")]
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
            || self.commit.is_some()
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
