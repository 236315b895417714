//! Lineage: an entity followed across a renamed id. In one commit, an id removed and
//! another added are the same entity when `align diff` would call them a rename: an
//! objective with the same title and the same key results (their ids and titles),
//! a key result of the same objective (or of its renamed self) with the same title
//! and kind, a pillar with the same title. Each pairing must be the only one
//! possible. The pair becomes one event on the new id, which [`super::History`]
//! files after the events of the old id.

use std::collections::HashMap;

use super::{Change, Event, Key, State};
use crate::diff::pair_unique;

/// Replaces each removal and addition that are a rename with one event on the new id.
pub(super) fn follow_renames(events: &mut Vec<(Key, Event)>) {
    let removed = |i: &usize| match &events[*i].1.change {
        Change::Removed(s) => Some(s),
        _ => None,
    };
    let added = |i: &usize| match &events[*i].1.change {
        Change::Added(s) => Some(s),
        _ => None,
    };
    let gone: Vec<usize> = (0..events.len()).filter(|i| removed(i).is_some()).collect();
    let new: Vec<usize> = (0..events.len()).filter(|i| added(i).is_some()).collect();
    let of_kind = |list: &[usize], kind: fn(&Key) -> bool| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| kind(&events[i].0))
            .collect()
    };
    let is_objective = |k: &Key| matches!(k, Key::Objective(_));
    let is_pillar = |k: &Key| matches!(k, Key::Pillar(_));
    let is_kr = |k: &Key| matches!(k, Key::KeyResult(..));

    // The key results (id, title) of an objective among the removed or added.
    let krs = |list: &[usize], objective: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = list
            .iter()
            .filter_map(|&i| match (&events[i].0, &events[i].1.change) {
                (
                    Key::KeyResult(o, k),
                    Change::Removed(State::KeyResult(s)) | Change::Added(State::KeyResult(s)),
                ) if o == objective => Some((k.clone(), s.title.trim().to_string())),
                _ => None,
            })
            .collect();
        v.sort();
        v
    };
    let objective_title = |i: &usize| match &events[*i].1.change {
        Change::Removed(State::Objective(s)) | Change::Added(State::Objective(s)) => {
            s.title.trim().to_string()
        }
        _ => String::new(),
    };
    let id = |i: usize| match &events[i].0 {
        Key::Objective(id) | Key::Pillar(id) => id.clone(),
        Key::KeyResult(_, id) => id.clone(),
        Key::Vision => String::new(),
    };
    let mut pairs = pair_unique(
        &of_kind(&gone, is_objective),
        &of_kind(&new, is_objective),
        objective_title,
        objective_title,
        |&r, &a| krs(&gone, &id(r)) == krs(&new, &id(a)),
    );
    let renamed_objective: HashMap<String, String> =
        pairs.iter().map(|&(r, a)| (id(r), id(a))).collect();

    // Key results: under a renamed objective, the same id; else by title and kind
    // within one objective.
    let (gone_krs, new_krs) = (of_kind(&gone, is_kr), of_kind(&new, is_kr));
    let place = |i: &usize| match &events[*i].0 {
        Key::KeyResult(o, k) => (renamed_objective.get(o).unwrap_or(o).clone(), k.clone()),
        _ => (String::new(), String::new()),
    };
    let mut followed = Vec::new();
    for &r in &gone_krs {
        let (o, k) = place(&r);
        if !renamed_objective.contains_key(&objective_of(&events[r].0)) {
            continue;
        }
        if let Some(&a) = new_krs
            .iter()
            .find(|&&a| matches!(&events[a].0, Key::KeyResult(ao, ak) if *ao == o && *ak == k))
        {
            followed.push((r, a));
        }
    }
    let rest = |list: &[usize]| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|i| !followed.iter().any(|&(r, a)| r == *i || a == *i))
            .collect()
    };
    let kr_title = |i: &usize| -> (String, String) {
        let title = match &events[*i].1.change {
            Change::Removed(State::KeyResult(s)) | Change::Added(State::KeyResult(s)) => {
                s.title.trim().to_string()
            }
            _ => String::new(),
        };
        (place(i).0, title)
    };
    let kind = |i: &usize| match &events[*i].1.change {
        Change::Removed(State::KeyResult(s)) | Change::Added(State::KeyResult(s)) => Some(s.kind),
        _ => None,
    };
    followed.extend(pair_unique(
        &rest(&gone_krs),
        &rest(&new_krs),
        kr_title,
        kr_title,
        |r, a| kind(r) == kind(a),
    ));
    pairs.extend(followed);
    let pillar_title = |i: &usize| match &events[*i].1.change {
        Change::Removed(State::Pillar(s)) | Change::Added(State::Pillar(s)) => {
            s.text.trim().to_string()
        }
        _ => String::new(),
    };
    pairs.extend(pair_unique(
        &of_kind(&gone, is_pillar),
        &of_kind(&new, is_pillar),
        pillar_title,
        pillar_title,
        |_, _| true,
    ));
    if pairs.is_empty() {
        return;
    }
    let mut drop = vec![false; events.len()];
    for (r, a) in pairs {
        let (old_key, old_file, old) = match &events[r] {
            (
                key,
                Event {
                    file,
                    change: Change::Removed(s),
                    ..
                },
            ) => (key.clone(), file.clone(), s.clone()),
            _ => continue,
        };
        let (_, event) = &mut events[a];
        let Change::Added(new) = &event.change else {
            continue;
        };
        event.change = if old == *new {
            Change::Renamed(new.clone())
        } else {
            Change::Changed {
                old,
                new: new.clone(),
            }
        };
        event.from = (old_file != event.file).then_some(old_file);
        event.renamed = Some(old_key);
        drop[r] = true;
    }
    let mut i = 0;
    events.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

fn objective_of(key: &Key) -> String {
    match key {
        Key::KeyResult(o, _) => o.clone(),
        _ => String::new(),
    }
}
