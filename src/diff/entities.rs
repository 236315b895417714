//! The vision, pillars, teams, cycles and `align.toml` of two versions: each entity
//! becomes a record of its fields as written, and records are compared by id.

use std::collections::BTreeMap;

use super::values::{field, text, word};
use super::{Change, EntityChange, FieldChange, Hidden, OtherKind};
use crate::load::{SETTINGS_FILE, Tree};
use crate::model::{Cycle, Pillar, Team, Vision};
use crate::source::FileId;

/// An entity as a list of its fields, for comparing without knowing its type.
struct Record {
    kind: OtherKind,
    id: String,
    file: String,
    fields: Vec<(&'static str, Option<String>)>,
}

pub(super) fn compare(base: &Tree, head: &Tree, hidden: &Hidden) -> Vec<EntityChange> {
    let (old, new) = (records(base), records(head));
    let mut out = Vec::new();
    for (key, after) in &new {
        match old.get(key) {
            Some(before) => {
                let mut fields = Vec::new();
                for ((name, b), (_, a)) in before.fields.iter().zip(&after.fields) {
                    field(&mut fields, name, b.clone(), a.clone());
                }
                if !fields.is_empty() {
                    out.push(entity(after, Change::Changed, fields));
                }
            }
            None if hidden.added_is_real(&after.file) => {
                let fields = one_sided(after, Change::Added);
                out.push(entity(after, Change::Added, fields));
            }
            None => {}
        }
    }
    for (key, before) in &old {
        if !new.contains_key(key) && hidden.removed_is_real(&before.file) {
            let fields = one_sided(before, Change::Removed);
            out.push(entity(before, Change::Removed, fields));
        }
    }
    out.extend(settings(base, head, hidden));
    out
}

fn entity(record: &Record, change: Change, fields: Vec<FieldChange>) -> EntityChange {
    EntityChange {
        kind: record.kind,
        id: record.id.clone(),
        change,
        fields,
    }
}

/// The fields of an entity only one version has, on that version's side.
fn one_sided(record: &Record, change: Change) -> Vec<FieldChange> {
    record
        .fields
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(name, v)| {
            let (before, after) = match change {
                Change::Removed => (v.clone(), None),
                _ => (None, v.clone()),
            };
            FieldChange {
                field: (*name).into(),
                before,
                after,
            }
        })
        .collect()
}

/// Every entity of a tree by kind and id; the first of a duplicate id wins.
fn records(tree: &Tree) -> BTreeMap<(OtherKind, String), Record> {
    let name = |file: FileId| tree.sources.get(file).name.clone();
    let m = &tree.model;
    let all = m
        .visions
        .first()
        .map(|v| vision(v, name(v.file)))
        .into_iter()
        .chain(m.pillars.iter().map(|p| pillar(p, name(p.file))))
        .chain(m.teams.iter().map(|t| team(t, name(t.file))))
        .chain(m.cycles.iter().map(|c| cycle(c, name(c.file))));
    let mut map = BTreeMap::new();
    for record in all {
        map.entry((record.kind, record.id.clone()))
            .or_insert(record);
    }
    map
}

// Each entity is destructured without `..`: a new field fails to compile until it is
// compared, so a change to it can never pass as "no semantic change".

fn vision(v: &Vision, file: String) -> Record {
    let Vision {
        statement,
        owner,
        description,
        file: _,
    } = v;
    Record {
        kind: OtherKind::Vision,
        id: "vision".into(),
        file,
        fields: vec![
            ("statement", Some(statement.get_ref().clone())),
            ("owner", text(owner)),
            ("description", description.clone()),
        ],
    }
}

fn pillar(p: &Pillar, file: String) -> Record {
    let Pillar {
        id,
        title,
        perspective,
        owner,
        description,
        file: _,
    } = p;
    Record {
        kind: OtherKind::Pillar,
        id: id.get_ref().clone(),
        file,
        fields: vec![
            ("title", Some(title.get_ref().clone())),
            (
                "perspective",
                perspective.as_ref().map(|p| word(p.get_ref())),
            ),
            ("owner", text(owner)),
            ("description", description.clone()),
        ],
    }
}

fn team(t: &Team, file: String) -> Record {
    let Team {
        id,
        name,
        parent,
        lead,
        members,
        file: _,
    } = t;
    // Who is in a team matters, not the order they are listed in.
    let mut people: Vec<&str> = members.iter().map(|m| m.get_ref().as_str()).collect();
    people.sort_unstable();
    Record {
        kind: OtherKind::Team,
        id: id.get_ref().clone(),
        file,
        fields: vec![
            ("name", text(name)),
            ("parent", text(parent)),
            ("lead", text(lead)),
            ("members", (!people.is_empty()).then(|| people.join(", "))),
        ],
    }
}

fn cycle(c: &Cycle, file: String) -> Record {
    let Cycle {
        id,
        name,
        start,
        end,
        learnings,
        file: _,
    } = c;
    Record {
        kind: OtherKind::Cycle,
        id: id.get_ref().clone(),
        file,
        fields: vec![
            ("name", name.clone()),
            ("start", Some(start.get_ref().to_string())),
            ("end", Some(end.get_ref().to_string())),
            ("learnings", learnings.clone()),
        ],
    }
}

/// `align.toml` key by key (`limits.max_objectives_per_team`), compared as values:
/// every setting counts, including those added after this code was written.
fn settings(base: &Tree, head: &Tree, hidden: &Hidden) -> Option<EntityChange> {
    if !(hidden.added_is_real(SETTINGS_FILE) && hidden.removed_is_real(SETTINGS_FILE)) {
        return None;
    }
    let (old, new) = (flat_settings(base), flat_settings(head));
    let mut fields = Vec::new();
    for (key, after) in &new {
        field(&mut fields, key, old.get(key).cloned(), Some(after.clone()));
    }
    for (key, before) in &old {
        if !new.contains_key(key) {
            field(&mut fields, key, Some(before.clone()), None);
        }
    }
    (!fields.is_empty()).then(|| EntityChange {
        kind: OtherKind::Settings,
        id: SETTINGS_FILE.into(),
        change: Change::Changed,
        fields,
    })
}

fn flat_settings(tree: &Tree) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(file) = tree.settings_file else {
        return out;
    };
    if let Ok(table) = toml::from_str::<toml::Table>(&tree.sources.get(file).text) {
        flatten("", &table, &mut out);
    }
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&name, inner, out),
            toml::Value::String(s) => {
                out.insert(name, s.clone());
            }
            other => {
                out.insert(name, other.to_string());
            }
        }
    }
}
