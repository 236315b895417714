//! What one version of one strategy file says about the entities drift follows: the
//! vision, pillars, objectives and key results, as comparable values without spans.
//! Parsed leniently (unknown keys are ignored), so that a file written before a key
//! existed, or with a key align no longer knows, still has a history. Every key of
//! the model is compared, so a change to any of them is a change of the entity.

use std::sync::Arc;

use serde::Deserialize;

use crate::model::{Confidence, Date, KrKind, Status, Zone};

/// What drift follows, by identity: a key result is `objective/key-result`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Vision,
    Pillar(String),
    Objective(String),
    KeyResult(String, String),
}

impl Key {
    /// As users write it: `vision`, `reliability`, `deploys-boring`,
    /// `deploys-boring/deploy-success`.
    pub fn name(&self) -> String {
        match self {
            Self::Vision => "vision".into(),
            Self::Pillar(id) | Self::Objective(id) => id.clone(),
            Self::KeyResult(o, k) => format!("{o}/{k}"),
        }
    }

    pub fn noun(&self) -> &'static str {
        match self {
            Self::Vision => "vision",
            Self::Pillar(_) => "pillar",
            Self::Objective(_) => "objective",
            Self::KeyResult(..) => "key result",
        }
    }
}

/// One entity's content in one version of its file.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Vision(TextState),
    Pillar(TextState),
    Objective(Box<ObjectiveState>),
    KeyResult(Box<KrState>),
}

/// The vision or a pillar: only what changes its meaning (not the owner).
#[derive(Debug, Clone, PartialEq)]
pub struct TextState {
    pub text: String,
    pub description: Option<String>,
    pub perspective: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveState {
    pub title: String,
    pub team: String,
    pub cycle: String,
    pub status: Status,
    pub owner: Option<String>,
    pub supports: Vec<String>,
    pub depends_on: Vec<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
}

/// A key result's values: what a check-in changes.
#[derive(Debug, Clone, PartialEq)]
pub struct KrState {
    pub title: String,
    /// As written, or inferred as `KeyResult::kind` does.
    pub kind: KrKind,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub stretch: Option<f64>,
    pub done: Option<bool>,
    pub zone: Option<Zone>,
    pub confidence: Option<Confidence>,
    pub checked: Option<jiff::civil::Date>,
    pub owner: Option<String>,
    /// The other keys, which a check-in rarely changes but which are part of it.
    pub unit: Option<String>,
    pub weight: Option<f64>,
    pub zones: [Option<String>; 3],
    pub signal: Option<String>,
}

/// The entities of one file version, or `None` when it does not parse: its entities
/// then keep the state of the last version that did.
pub type Summary = Option<Arc<Vec<(Key, State)>>>;

/// Parses one version of a file.
pub fn summarize(text: &str) -> Summary {
    let file: LeanFile = toml::from_str(text).ok()?;
    let mut out = Vec::new();
    if let Some(v) = file.vision {
        out.push((
            Key::Vision,
            State::Vision(TextState {
                text: v.statement,
                description: v.description,
                perspective: None,
            }),
        ));
    }
    for p in file.pillar {
        out.push((
            Key::Pillar(p.id),
            State::Pillar(TextState {
                text: p.title,
                description: p.description,
                perspective: p.perspective,
            }),
        ));
    }
    for o in file.objective {
        for kr in o.key_result {
            let kind = kr.kind.unwrap_or_else(|| {
                if kr.done.is_some() {
                    KrKind::Milestone
                } else if kr.zone.is_some() || kr.target_zone.is_some() {
                    KrKind::Ordinal
                } else {
                    match (kr.baseline, kr.target) {
                        (Some(b), Some(t)) if t < b => KrKind::Decrease,
                        _ => KrKind::Increase,
                    }
                }
            });
            out.push((
                Key::KeyResult(o.id.clone(), kr.id),
                State::KeyResult(Box::new(KrState {
                    title: kr.title,
                    kind,
                    baseline: kr.baseline,
                    target: kr.target,
                    current: kr.current,
                    stretch: kr.stretch,
                    done: kr.done,
                    zone: kr.zone,
                    confidence: kr.confidence,
                    checked: kr.checked.map(|d| d.0),
                    owner: kr.owner,
                    unit: kr.unit,
                    weight: kr.weight,
                    zones: [kr.commit_zone, kr.target_zone, kr.stretch_zone],
                    signal: kr.signal,
                })),
            ));
        }
        let mut supports = o.supports;
        supports.sort();
        let mut depends_on = o.depends_on;
        depends_on.sort();
        out.push((
            Key::Objective(o.id),
            State::Objective(Box::new(ObjectiveState {
                title: o.title,
                team: o.team,
                cycle: o.cycle,
                status: o.status.unwrap_or_default(),
                owner: o.owner,
                supports,
                depends_on,
                kind: o.kind,
                description: o.description,
            })),
        ));
    }
    Some(Arc::new(out))
}

#[derive(Deserialize)]
struct LeanFile {
    vision: Option<LeanVision>,
    #[serde(default)]
    pillar: Vec<LeanPillar>,
    #[serde(default)]
    objective: Vec<LeanObjective>,
}

#[derive(Deserialize)]
struct LeanVision {
    #[serde(default)]
    statement: String,
    description: Option<String>,
}

#[derive(Deserialize)]
struct LeanPillar {
    id: String,
    #[serde(default)]
    title: String,
    description: Option<String>,
    perspective: Option<String>,
}

#[derive(Deserialize)]
struct LeanObjective {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    cycle: String,
    status: Option<Status>,
    owner: Option<String>,
    #[serde(default)]
    supports: Vec<String>,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    key_result: Vec<LeanKr>,
    kind: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
struct LeanKr {
    id: String,
    #[serde(default)]
    title: String,
    kind: Option<KrKind>,
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    stretch: Option<f64>,
    done: Option<bool>,
    zone: Option<Zone>,
    confidence: Option<Confidence>,
    checked: Option<Date>,
    owner: Option<String>,
    unit: Option<String>,
    weight: Option<f64>,
    commit_zone: Option<String>,
    target_zone: Option<String>,
    stretch_zone: Option<String>,
    signal: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_result_is_keyed_by_objective_and_id() {
        let text = "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\
                    [[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\nbaseline = 10\n\
                    target = 5.0\ncurrent = 8.0\nunit = \"ms\"\nchecked = 2026-11-01\n";
        let summary = summarize(text).expect("parses");
        let (key, state) = &summary[0];
        assert_eq!(key.name(), "o/k");
        let State::KeyResult(kr) = state else {
            panic!("a key result first")
        };
        assert_eq!(kr.kind, KrKind::Decrease);
        assert_eq!((kr.baseline, kr.target), (Some(10.0), Some(5.0)));
        assert_eq!(
            kr.checked.map(|d| d.to_string()).as_deref(),
            Some("2026-11-01")
        );
        // The unit is not followed by name, but a change to it is still a change.
        let other = summarize(&text.replace("\"ms\"", "\"s\"")).expect("parses");
        assert_ne!(summary[0].1, other[0].1);
    }

    #[test]
    fn a_file_that_does_not_parse_has_no_summary() {
        assert!(summarize("[[objective]\n").is_none());
        assert!(summarize("[[objective]]\ntitle = \"no id\"\n").is_none());
    }
}
