//! `align history ITEM`: the events of one entity (an objective with its key results),
//! as plain rows that renderers lay out.

use serde::Serialize;

use crate::history::{Change, History, Key, KrState, ObjectiveState, State, TextState};
use crate::model::Confidence;
use crate::render::number;

#[derive(Debug, Serialize)]
pub struct Timeline {
    pub schema_version: u32,
    /// As asked: `objective/kr`, `objective`, a pillar id or `vision`.
    pub item: String,
    /// "key result", "objective", "pillar" or "vision".
    pub kind: &'static str,
    /// The date a shallow clone's history is cut at.
    pub cut: Option<String>,
    /// Oldest first.
    pub events: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub date: String,
    /// Short commit id, or "uncommitted".
    pub commit: String,
    pub author: String,
    /// The commit message's first line.
    pub message: String,
    /// `objective/kr`, `objective`, a pillar id or `vision`.
    pub entity: String,
    pub change: RowChange,
    /// Whether the event is a check-in of a key result.
    pub check_in: bool,
    /// What changed, one field a line: "current 96.1 -> 97.2".
    pub details: Vec<String>,
    /// A key result's value after the event: `current`, `done` or `zone`.
    pub value: Option<String>,
    pub confidence: Option<String>,
    pub file: String,
}

/// What an event did, as `align history` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowChange {
    /// Already there when a shallow clone's history begins.
    #[serde(rename = "at cut")]
    AtCut,
    Added,
    Changed,
    Removed,
    Moved,
    /// A `Check-in:` trailer that changed nothing.
    Confirmed,
}

impl RowChange {
    pub fn name(self) -> &'static str {
        match self {
            Self::AtCut => "at cut",
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Removed => "removed",
            Self::Moved => "moved",
            Self::Confirmed => "confirmed",
        }
    }

    /// Whether the event checks a key result in: a value written or confirmed.
    fn checks_in(self) -> bool {
        matches!(self, Self::Added | Self::Changed | Self::Confirmed)
    }
}

/// The entities ITEM names: a key result, an objective and its key results, a pillar,
/// the vision. `None` when nothing of that name is in the history.
pub fn keys_for(history: &History, item: &str) -> Option<(Vec<Key>, &'static str)> {
    if let Some((o, k)) = item.split_once('/') {
        let key = Key::KeyResult(o.to_string(), k.to_string());
        return history
            .events
            .contains_key(&key)
            .then(|| (vec![key], "key result"));
    }
    if item == "vision" {
        return Some((vec![Key::Vision], "vision"));
    }
    let objective = Key::Objective(item.to_string());
    if history.events.contains_key(&objective) {
        let mut keys = vec![objective];
        keys.extend(
            history
                .events
                .keys()
                .filter(|k| matches!(k, Key::KeyResult(o, _) if o == item))
                .cloned(),
        );
        return Some((keys, "objective"));
    }
    let pillar = Key::Pillar(item.to_string());
    history
        .events
        .contains_key(&pillar)
        .then(|| (vec![pillar], "pillar"))
}

/// Every name `align history` accepts, for "did you mean".
pub fn names(history: &History) -> impl Iterator<Item = String> + '_ {
    history.events.keys().map(Key::name)
}

/// The rows of the events of `keys`, in commit order.
pub fn timeline(history: &History, item: &str, keys: &[Key], kind: &'static str) -> Timeline {
    let mut rows: Vec<(usize, usize, Row)> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        for event in history.of(key) {
            let commit = history.commit(event);
            let (change, details, state) = match &event.change {
                Change::Added(s) if commit.cut => (RowChange::AtCut, Vec::new(), Some(s)),
                Change::Added(s) => (RowChange::Added, Vec::new(), Some(s)),
                Change::Changed { old, new } => (RowChange::Changed, describe(old, new), Some(new)),
                Change::Removed(s) => (RowChange::Removed, Vec::new(), Some(s)),
                Change::Moved => (RowChange::Moved, Vec::new(), None),
                Change::Confirmed => (
                    RowChange::Confirmed,
                    vec!["`Check-in:` trailer".into()],
                    None,
                ),
            };
            let mut details = details;
            if let Some(from) = &event.from {
                details.push(format!("moved from {from} to {}", event.file));
            }
            if let Some(other) = &event.renamed {
                details.push(match event.change {
                    Change::Added(_) => format!(
                        "`{}` removed in the same commit: a rename? History does not follow renamed ids",
                        other.name()
                    ),
                    _ => format!(
                        "`{}` added in the same commit: a rename? History does not follow renamed ids",
                        other.name()
                    ),
                });
            }
            let kr = match state {
                Some(State::KeyResult(s)) => Some(s),
                _ => None,
            };
            let check_in = matches!(key, Key::KeyResult(..)) && change.checks_in();
            rows.push((
                event.commit,
                k,
                Row {
                    date: commit.date.to_string(),
                    commit: commit.short(),
                    author: commit.author.clone(),
                    message: commit.summary.clone(),
                    entity: key.name(),
                    change,
                    check_in,
                    details,
                    value: kr.and_then(|s| value(s)),
                    confidence: kr.and_then(|s| s.confidence.as_ref()).map(confidence),
                    file: event.file.to_string(),
                },
            ));
        }
    }
    rows.sort_by_key(|(commit, k, _)| (*commit, *k));
    Timeline {
        schema_version: super::SCHEMA_VERSION,
        item: item.to_string(),
        kind,
        cut: history.cut_date().map(|d| d.to_string()),
        events: rows.into_iter().map(|(_, _, row)| row).collect(),
    }
}

fn value(s: &KrState) -> Option<String> {
    if let Some(done) = s.done {
        return Some(if done { "done" } else { "not done" }.to_string());
    }
    if let Some(zone) = s.zone {
        return serde_json::to_value(zone)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
    }
    s.current.map(number)
}

fn confidence(c: &Confidence) -> String {
    match c {
        Confidence::Scale10(n) => n.to_string(),
        Confidence::Fraction(x) => x.to_string(),
        Confidence::Word(w) => w.clone(),
    }
}

/// The fields that differ, as "name old -> new".
fn describe(old: &State, new: &State) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            let show = |v: Option<String>| v.unwrap_or_else(|| "(none)".into());
            out.push(format!("{name} {} -> {}", show(a), show(b)));
        }
    };
    let num = |v: Option<f64>| v.map(number);
    let text = |v: &Option<String>| v.clone();
    match (old, new) {
        (State::KeyResult(a), State::KeyResult(b)) => kr_fields(a, b, &mut field, num, text),
        (State::Objective(a), State::Objective(b)) => objective_fields(a, b, &mut field, text),
        (State::Vision(a), State::Vision(b)) | (State::Pillar(a), State::Pillar(b)) => {
            text_fields(a, b, &mut field, text)
        }
        _ => out_of_kind(&mut field),
    }
    out
}

type Field<'a> = dyn FnMut(&str, Option<String>, Option<String>) + 'a;

fn kr_fields(
    a: &KrState,
    b: &KrState,
    field: &mut Field<'_>,
    num: fn(Option<f64>) -> Option<String>,
    text: fn(&Option<String>) -> Option<String>,
) {
    let debug = |v: &dyn std::fmt::Debug| Some(format!("{v:?}").to_lowercase());
    if a.kind != b.kind {
        field("kind", debug(&a.kind), debug(&b.kind));
    }
    field("current", num(a.current), num(b.current));
    field("target", num(a.target), num(b.target));
    field("baseline", num(a.baseline), num(b.baseline));
    field("stretch", num(a.stretch), num(b.stretch));
    field(
        "done",
        a.done.map(|d| d.to_string()),
        b.done.map(|d| d.to_string()),
    );
    field(
        "zone",
        value(a).filter(|_| a.zone.is_some()),
        value(b).filter(|_| b.zone.is_some()),
    );
    field(
        "confidence",
        a.confidence.as_ref().map(confidence),
        b.confidence.as_ref().map(confidence),
    );
    field(
        "checked",
        a.checked.map(|d| d.to_string()),
        b.checked.map(|d| d.to_string()),
    );
    field("title", Some(a.title.clone()), Some(b.title.clone()));
    field("owner", text(&a.owner), text(&b.owner));
    field("unit", text(&a.unit), text(&b.unit));
    field("weight", num(a.weight), num(b.weight));
    for (i, name) in ["commit_zone", "target_zone", "stretch_zone"]
        .into_iter()
        .enumerate()
    {
        field(name, text(&a.zones[i]), text(&b.zones[i]));
    }
    field("signal", text(&a.signal), text(&b.signal));
}

fn objective_fields(
    a: &ObjectiveState,
    b: &ObjectiveState,
    field: &mut Field<'_>,
    text: fn(&Option<String>) -> Option<String>,
) {
    let list = |v: &[String]| Some(format!("[{}]", v.join(", ")));
    let status = |s: crate::model::Status| Some(format!("{s:?}").to_lowercase());
    field("title", Some(a.title.clone()), Some(b.title.clone()));
    field("team", Some(a.team.clone()), Some(b.team.clone()));
    field("cycle", Some(a.cycle.clone()), Some(b.cycle.clone()));
    field("status", status(a.status), status(b.status));
    field("owner", text(&a.owner), text(&b.owner));
    field("supports", list(&a.supports), list(&b.supports));
    field("depends_on", list(&a.depends_on), list(&b.depends_on));
    field("kind", text(&a.kind), text(&b.kind));
    if a.description != b.description {
        field("description", Some("...".into()), Some("(edited)".into()));
    }
}

fn text_fields(
    a: &TextState,
    b: &TextState,
    field: &mut Field<'_>,
    text: fn(&Option<String>) -> Option<String>,
) {
    field("text", Some(a.text.clone()), Some(b.text.clone()));
    field("perspective", text(&a.perspective), text(&b.perspective));
    if a.description != b.description {
        field("description", Some("...".into()), Some("(edited)".into()));
    }
}

fn out_of_kind(field: &mut Field<'_>) {
    field("kind", Some("other".into()), Some("changed".into()));
}

#[cfg(test)]
mod tests {
    use super::RowChange;

    #[test]
    fn changes_are_written_as_the_history_json_documents_them() {
        let names: Vec<serde_json::Value> = [
            RowChange::AtCut,
            RowChange::Added,
            RowChange::Changed,
            RowChange::Removed,
            RowChange::Moved,
            RowChange::Confirmed,
        ]
        .iter()
        .map(|c| {
            let json = serde_json::to_value(c).expect("serializes");
            assert_eq!(json, c.name());
            json
        })
        .collect();
        assert_eq!(
            names,
            [
                "at cut",
                "added",
                "changed",
                "removed",
                "moved",
                "confirmed"
            ]
        );
        assert!(!RowChange::AtCut.checks_in() && RowChange::Confirmed.checks_in());
    }
}
