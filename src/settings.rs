//! Settings from the tree's `align.toml`: limits, rule severities, drift thresholds.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::Severity;

/// `align.toml`, the file that marks a strategy tree's root.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Display name of the organisation.
    pub name: Option<String>,
    #[serde(default)]
    pub limits: Limits,
    /// Severity per rule code: "error", "warning", "info" or "off".
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleLevel>>,
    #[serde(default)]
    pub drift: Drift,
    #[serde(default)]
    pub pace: Pace,
    #[serde(default)]
    pub dependencies: Dependencies,
    /// The writing lints: languages and word lists.
    #[serde(default)]
    pub lints: Lints,
    /// The time zone in which commit times become dates, to compare with cycle dates
    /// (an IANA name such as "Europe/Zurich"; UTC when not written).
    #[schemars(with = "Option<String>")]
    pub timezone: Option<TimeZoneName>,
    /// What grades count as success once a cycle ends.
    #[serde(default)]
    pub grading: Grading,
    /// What the numbers in the files mean.
    #[serde(default)]
    pub scale: Scale,
    /// How cycles are closed.
    #[serde(default)]
    pub cycle: CycleSettings,
}

impl Settings {
    /// The tree's time zone: UTC unless `timezone` names another.
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        self.timezone
            .as_ref()
            .map_or(jiff::tz::TimeZone::UTC, |t| t.zone.clone())
    }
}

/// An IANA time zone name, checked against the time zone database when read.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct TimeZoneName {
    pub name: String,
    pub zone: jiff::tz::TimeZone,
}

impl TryFrom<String> for TimeZoneName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        if name.eq_ignore_ascii_case("utc") {
            return Ok(Self {
                name,
                zone: jiff::tz::TimeZone::UTC,
            });
        }
        match jiff::tz::TimeZone::get(&name) {
            Ok(zone) => Ok(Self { name, zone }),
            Err(_) => Err(format!(
                "unknown time zone `{name}`: expected an IANA name such as \"Europe/Zurich\" \
                 or \"America/New_York\" (or \"UTC\")"
            )),
        }
    }
}

/// `[grading]`: the final score (0.0-1.0) an objective needs to count as achieved.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Grading {
    /// For a committed objective (1.0: committed means all of it).
    pub success_committed: f64,
    /// For an aspirational objective (0.7, the usual convention for a stretch goal).
    pub success_aspirational: f64,
}

impl Default for Grading {
    fn default() -> Self {
        Self {
            success_committed: 1.0,
            success_aspirational: 0.7,
        }
    }
}

impl Grading {
    /// The score that means success for an objective of `kind`.
    pub fn success(&self, kind: crate::model::ObjectiveKind) -> f64 {
        match kind {
            crate::model::ObjectiveKind::Committed => self.success_committed,
            crate::model::ObjectiveKind::Aspirational => self.success_aspirational,
        }
    }

    /// Refuses levels outside 0..1, which no score could reach or miss.
    pub fn validate(&self) -> Result<(), String> {
        let valid = |x: f64| (0.0..=1.0).contains(&x);
        if valid(self.success_committed) && valid(self.success_aspirational) {
            Ok(())
        } else {
            Err(format!(
                "align.toml: [grading] success_committed = {} and success_aspirational = {} \
                 must be between 0.0 and 1.0",
                self.success_committed, self.success_aspirational
            ))
        }
    }
}

/// `[scale]`: how to read numbers whose meaning differs between companies.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Scale {
    /// "0-1", "0-10" or "words". Unset, 0.0-1.0 and integers 0-10 are both read,
    /// and an integer 1 is ambiguous.
    pub confidence: Option<crate::model::ConfidenceScale>,
}

/// `[cycle]`: closing cycles.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CycleSettings {
    /// Days after a cycle's end by which its objectives should be graded: after them,
    /// `cycle-ungraded` is a warning instead of an info.
    pub grade_within_days: u32,
}

impl Default for CycleSettings {
    fn default() -> Self {
        Self {
            grade_within_days: 14,
        }
    }
}

/// Focus limits.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Objectives a team may pursue in one cycle (objective-limit).
    pub max_objectives_per_team: usize,
    /// Objectives a team should have in the current cycle (team-without-objectives).
    pub min_objectives_per_team: usize,
    /// Key results an objective may have (kr-count).
    pub max_key_results: usize,
    /// Objectives one person may own in a cycle (owner-overload).
    pub max_objectives_per_owner: usize,
    /// Words an objective's title may have (objective-too-long).
    pub max_title_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_objectives_per_team: 3,
            min_objectives_per_team: 1,
            max_key_results: 5,
            max_objectives_per_owner: 3,
            max_title_words: 18,
        }
    }
}

/// Thresholds of the drift checks that read git history.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Drift {
    /// Days without a check-in after which a key result is stale.
    pub stale_after_days: u32,
    /// How far progress may trail the elapsed fraction of the cycle.
    pub pace_tolerance: f64,
    /// Whether the repository's git history is this tree's record, read by default by
    /// `report` and `nudge`. `false` for a tree whose commits say nothing about its
    /// check-ins: an example or a copy kept inside another project's repository.
    pub history: bool,
}

impl Default for Drift {
    fn default() -> Self {
        Self {
            stale_after_days: 14,
            pace_tolerance: 0.15,
            history: true,
        }
    }
}

/// When an objective or key result is at risk or off track: how far its progress may
/// trail the progress expected by today (the elapsed fraction of the cycle, times
/// the progress that counts as success).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Pace {
    /// A gap above this is "at risk".
    pub at_risk: f64,
    /// A gap above this is "off track".
    pub off_track: f64,
}

impl Default for Pace {
    fn default() -> Self {
        Self {
            at_risk: 0.10,
            off_track: 0.25,
        }
    }
}

/// The dependency handshake (`depends_on` answered by `accepts` or `declines`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Dependencies {
    /// Days into the requesting objective's cycle after which a request without an
    /// answer is a warning rather than an info (dependency-unacknowledged).
    pub acknowledge_within_days: u32,
}

impl Default for Dependencies {
    fn default() -> Self {
        Self {
            acknowledge_within_days: 14,
        }
    }
}

/// What `[rules]` may set a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    #[serde(alias = "warn")]
    Warning,
    Info,
    #[serde(alias = "allow")]
    Off,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Off => None,
        }
    }
}

/// `[lints]`: the word lists the writing lints read. Teams write OKRs in their own
/// language and jargon, so the shipped lists are a starting point, not a verdict.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Lints {
    /// Shipped word lists to use, by language code (`["en"]` when not written; `[]`
    /// uses none, so that `words` alone decides).
    #[schemars(with = "Option<Vec<String>>")]
    pub languages: Option<Vec<Spanned<String>>>,
    /// Lists of `words` that replace the shipped ones instead of extending them.
    pub replace: Vec<WordList>,
    /// Shipped words or phrases that mean something else in this tree ("release" as
    /// a noun): dropped from every list.
    pub ignore: Vec<String>,
    /// Words and phrases added to the shipped lists.
    pub words: WordLists,
}

/// The word lists of one language (assets/words/<lang>.toml), or a tree's additions
/// (`[lints.words]`). Matching is whole-word and case-insensitive; an entry of several
/// words matches them in sequence.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WordLists {
    /// An objective title that starts with one names a deliverable ("launch").
    pub delivery_verbs: Vec<String>,
    /// ...or that ends with one ("einführen", "launched").
    pub delivery_verbs_at_end: Vec<String>,
    /// A key result that counts one measures effort ("calls", "meetings")...
    pub activity_nouns: Vec<String>,
    /// ...unless it also names the impact the effort is for ("revenue", "renewed").
    pub impact_words: Vec<String>,
    /// A title whose first word is followed by one of these states a condition, so
    /// that word is a noun ("Release day is boring"), not a delivery verb...
    pub state_verbs: Vec<String>,
    /// ...unless a clause starts first ("Ship faster so that customers are happy").
    pub clause_words: Vec<String>,
}

/// The name of one word list, as `[lints] replace` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordList {
    DeliveryVerbs,
    DeliveryVerbsAtEnd,
    ActivityNouns,
    ImpactWords,
    StateVerbs,
    ClauseWords,
}

impl WordList {
    pub const ALL: [WordList; 6] = [
        Self::DeliveryVerbs,
        Self::DeliveryVerbsAtEnd,
        Self::ActivityNouns,
        Self::ImpactWords,
        Self::StateVerbs,
        Self::ClauseWords,
    ];
}

impl WordLists {
    pub fn list(&self, which: WordList) -> &Vec<String> {
        match which {
            WordList::DeliveryVerbs => &self.delivery_verbs,
            WordList::DeliveryVerbsAtEnd => &self.delivery_verbs_at_end,
            WordList::ActivityNouns => &self.activity_nouns,
            WordList::ImpactWords => &self.impact_words,
            WordList::StateVerbs => &self.state_verbs,
            WordList::ClauseWords => &self.clause_words,
        }
    }

    pub fn list_mut(&mut self, which: WordList) -> &mut Vec<String> {
        match which {
            WordList::DeliveryVerbs => &mut self.delivery_verbs,
            WordList::DeliveryVerbsAtEnd => &mut self.delivery_verbs_at_end,
            WordList::ActivityNouns => &mut self.activity_nouns,
            WordList::ImpactWords => &mut self.impact_words,
            WordList::StateVerbs => &mut self.state_verbs,
            WordList::ClauseWords => &mut self.clause_words,
        }
    }
}

/// `[rules]` in a schema: one optional key per rule whose severity may change, so that
/// editors complete the codes and flag a typo as align does.
fn rules_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let level = generator.subschema_for::<RuleLevel>();
    let properties: serde_json::Map<String, serde_json::Value> = crate::codes::Code::all()
        .filter(|&code| crate::rules::is_configurable(code))
        .map(|code| {
            let mut schema = level.clone();
            schema.insert(
                "description".into(),
                format!(
                    "{} (default: {})",
                    code.description(),
                    code.default_severity().name()
                )
                .into(),
            );
            (code.name().to_string(), schema.to_value())
        })
        .collect();
    schemars::json_schema!({
        "description": "Severity per rule code: \"error\", \"warning\", \"info\" or \"off\".",
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    })
}
