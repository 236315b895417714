//! Settings from the tree's `align.toml`: limits, rule severities, drift thresholds.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Severity;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Display name of the organisation.
    pub name: Option<String>,
    #[serde(default)]
    pub limits: Limits,
    /// Severity per rule code: "error", "warning", "info" or "off".
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleLevel>>,
    #[serde(default)]
    pub drift: Drift,
    #[serde(default)]
    pub pace: Pace,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub max_objectives_per_team: usize,
    pub min_objectives_per_team: usize,
    pub max_key_results: usize,
    pub max_objectives_per_owner: usize,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Drift {
    /// Days without a check-in after which a key result is stale.
    pub stale_after_days: u32,
    /// How far progress may trail the elapsed fraction of the cycle.
    pub pace_tolerance: f64,
}

impl Default for Drift {
    fn default() -> Self {
        Self {
            stale_after_days: 14,
            pace_tolerance: 0.15,
        }
    }
}

/// When an objective or key result is at risk or off track: how far its progress may
/// trail the progress expected by today (the elapsed fraction of the cycle, times
/// the progress that counts as success).
#[derive(Debug, Deserialize)]
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

/// What `[rules]` may set a rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
