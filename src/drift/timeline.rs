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
    /// What `item` is called now, when it was renamed since.
    pub now: Option<String>,
    /// "key result", "objective", "pillar" or "vision".
    pub kind: &'static str,
    /// For an objective: the objectives it continues (`continues`, through earlier
    /// cycles), oldest first, ending with itself. Empty otherwise.
    pub line: Vec<String>,
    /// The date a shallow clone's history is cut at.
    pub cut: Option<String>,
    /// Oldest first.
    pub events: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    /// When the change landed on the first-parent line.
    pub date: String,
    /// Short commit id, or "uncommitted": the commit that made the change (on a
    /// merged branch, the branch's commit).
    pub commit: String,
    pub author: String,
    /// The commit message's first line.
    pub message: String,
    /// `objective/kr`, `objective`, a pillar id or `vision`, as it was called then.
    pub entity: String,
    pub change: RowChange,
    /// What happened, as people say it: "added", "target 600 → 450",
    /// "value 3.1 → 3.4", "confirmed (value 3.4)", "renamed from `old-id`".
    pub label: String,
    /// Whether the event is a check-in of a key result: its value, confidence or
    /// `checked` changed, or a trailer confirmed it. Planning (adding it, changing its
    /// target) is not.
    pub check_in: bool,
    /// What changed, one field a line: "value 96.1 → 97.2".
    pub details: Vec<String>,
    /// A key result's value after the event: `current`, `done` or `zone`.
    pub value: Option<String>,
    pub confidence: Option<String>,
    pub file: String,
    /// The merge that landed a change made on a branch (short id).
    pub landed_with: Option<String>,
    /// The author's date, when it is more than a day from `date`.
    pub author_date: Option<String>,
    /// Why `date` is not the commit's own date.
    pub note: Option<String>,
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
    /// Its id changed (followed: the history goes on under the new id).
    Renamed,
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
            Self::Renamed => "renamed",
            Self::Confirmed => "confirmed",
        }
    }
}

/// The entities ITEM names: a key result, an objective and its key results (and the
/// objectives it continues, with theirs), a pillar, the vision. An old id of a
/// renamed entity names the entity under its new id. `None` when nothing of that
/// name is in the history.
pub fn keys_for(history: &History, item: &str) -> Option<(Vec<Key>, &'static str)> {
    if let Some((o, k)) = item.split_once('/') {
        let key = history.resolve(&Key::KeyResult(o.to_string(), k.to_string()));
        return history
            .events
            .contains_key(&key)
            .then(|| (vec![key], "key result"));
    }
    if item == "vision" {
        return Some((vec![Key::Vision], "vision"));
    }
    let objective = history.resolve(&Key::Objective(item.to_string()));
    if history.events.contains_key(&objective) {
        let mut keys = Vec::new();
        for id in line(history, &objective) {
            keys.push(Key::Objective(id.clone()));
            keys.extend(
                history
                    .events
                    .keys()
                    .filter(|k| matches!(k, Key::KeyResult(o, _) if *o == id))
                    .cloned(),
            );
        }
        return Some((keys, "objective"));
    }
    let pillar = history.resolve(&Key::Pillar(item.to_string()));
    history
        .events
        .contains_key(&pillar)
        .then(|| (vec![pillar], "pillar"))
}

/// The objectives an objective continues, oldest first, ending with itself: each
/// one's `continues` as its last state says, followed through renames. Stops at an
/// objective without history or one already in the line (a loop, which `align
/// check` reports).
pub fn line(history: &History, objective: &Key) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut key = objective.clone();
    while let Key::Objective(id) = &key {
        if out.contains(id) {
            break;
        }
        out.push(id.clone());
        let last = history.of(&key).iter().rev().find_map(|e| match &e.change {
            Change::Added(State::Objective(s))
            | Change::Changed {
                new: State::Objective(s),
                ..
            }
            | Change::Renamed(State::Objective(s))
            | Change::Removed(State::Objective(s)) => Some(s.clone()),
            _ => None,
        });
        let Some(previous) = last.and_then(|s| s.continues.clone()) else {
            break;
        };
        let previous = history.resolve(&Key::Objective(previous));
        if !history.events.contains_key(&previous) {
            break;
        }
        key = previous;
    }
    out.reverse();
    out
}

/// Every name `align history` accepts, for "did you mean".
pub fn names(history: &History) -> impl Iterator<Item = String> + '_ {
    history
        .events
        .keys()
        .chain(history.renamed.keys())
        .map(Key::name)
}

/// The rows of the events of `keys`, in landed order.
pub fn timeline(history: &History, item: &str, keys: &[Key], kind: &'static str) -> Timeline {
    let mut rows: Vec<(usize, usize, Row)> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        // The id the entity had at each event: walk back through the renames.
        let events = history.of(key);
        let mut names = vec![key.clone(); events.len()];
        let mut name = key.clone();
        for (i, event) in events.iter().enumerate().rev() {
            names[i] = name.clone();
            if let Some(old) = &event.renamed {
                name = old.clone();
            }
        }
        let mut standing: Option<&KrState> = None;
        for (event, name) in events.iter().zip(&names) {
            let commit = history.commit(event);
            let (change, details, state) = match &event.change {
                Change::Added(s) if commit.cut => (RowChange::AtCut, Vec::new(), Some(s)),
                Change::Added(s) => (RowChange::Added, Vec::new(), Some(s)),
                Change::Changed { old, new } => (RowChange::Changed, describe(old, new), Some(new)),
                Change::Removed(s) => (RowChange::Removed, Vec::new(), Some(s)),
                Change::Moved => (RowChange::Moved, Vec::new(), None),
                Change::Renamed(s) => (RowChange::Renamed, Vec::new(), Some(s)),
                Change::Confirmed => (RowChange::Confirmed, Vec::new(), None),
            };
            let kr = match state {
                Some(State::KeyResult(s)) => Some(&**s),
                _ => None,
            };
            let kr = match (&event.change, kr) {
                (Change::Removed(_), _) => None,
                (_, Some(s)) => Some(s),
                (_, None) => standing,
            };
            let value = kr.and_then(value);
            let mut label: Vec<String> = match change {
                RowChange::Confirmed => vec![match &value {
                    Some(v) => format!("confirmed (value {v})"),
                    None => "confirmed".into(),
                }],
                RowChange::Changed if !details.is_empty() => details.clone(),
                // Said by the lines below.
                RowChange::Moved if event.from.is_some() => Vec::new(),
                RowChange::Renamed => Vec::new(),
                other => vec![other.name().to_string()],
            };
            if let Some(old) = &event.renamed {
                label.push(format!("renamed from `{}`", old.name()));
            }
            if let Some(from) = &event.from {
                label.push(format!("moved from {from} to {}", event.file));
            }
            let check_in = matches!(key, Key::KeyResult(..))
                && (change == RowChange::Confirmed
                    || (change == RowChange::Changed && details.iter().any(|d| is_check_in(d))));
            rows.push((
                event.commit,
                k,
                Row {
                    date: commit.date.to_string(),
                    commit: commit.short(),
                    author: commit.author.clone(),
                    message: commit.summary.clone(),
                    entity: name.name(),
                    change,
                    label: label.join("; "),
                    check_in,
                    details: label,
                    value,
                    confidence: kr.and_then(|s| s.confidence.as_ref()).map(confidence),
                    file: event.file.to_string(),
                    landed_with: commit.landed_by.as_ref().map(|l| crate::git::short(l.id)),
                    author_date: (commit.id.is_some()
                        && super::days(commit.authored, commit.date).abs() > 1)
                        .then(|| commit.authored.to_string()),
                    note: commit.note.clone(),
                },
            ));
            if !matches!(event.change, Change::Confirmed) {
                standing = kr;
            }
        }
    }
    rows.sort_by_key(|(commit, k, _)| (history.commits[*commit].date, *commit, *k));
    let objectives: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            Key::Objective(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    // The entity asked for, under its id now: for an objective, the end of its line.
    let now = match kind {
        "objective" => objectives.last().cloned(),
        _ => keys.first().map(Key::name),
    }
    .filter(|now| now != item);
    Timeline {
        schema_version: super::SCHEMA_VERSION,
        item: item.to_string(),
        now,
        kind,
        line: if objectives.len() > 1 {
            objectives
        } else {
            Vec::new()
        },
        cut: history.cut_date().map(|d| d.to_string()),
        events: rows.into_iter().map(|(_, _, row)| row).collect(),
    }
}

/// Whether a change detail is a check-in: a value, confidence or `checked` moved.
fn is_check_in(detail: &str) -> bool {
    ["value ", "done ", "zone ", "confidence ", "checked "]
        .iter()
        .any(|field| detail.starts_with(field))
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
            out.push(format!("{name} {} → {}", show(a), show(b)));
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
    field("value", num(a.current), num(b.current));
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
    field("continues", text(&a.continues), text(&b.continues));
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
            RowChange::Renamed,
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
                "renamed",
                "confirmed"
            ]
        );
    }
}
