//! `align cycle carry FROM TO`: unfinished objectives written into the next cycle
//! under a new id, with `continues` pointing back, each key result starting from the
//! value it ended at.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{ArrayOfTables, Item, Table, Value};

use crate::error::{Error, Result};
use crate::load::Tree;
use crate::model::{Cycle, KeyResult, KrKind, Objective, Status};
use crate::score::{self, Verdict};

/// One objective carried.
#[derive(Debug, Serialize)]
pub struct Carried {
    pub from: String,
    pub id: String,
    /// The file it is written to, relative to the tree.
    pub file: String,
    /// Key results left behind because they were reached, by id.
    pub reached: Vec<String>,
    /// What else changed on the way, in words ("commit level dropped: ...").
    pub notes: Vec<String>,
}

/// One file to write.
#[derive(Debug)]
pub struct PlannedFile {
    /// The path relative to the tree.
    pub file: String,
    /// Its text when planned; `None` for a new file.
    pub before: Option<String>,
    pub text: String,
}

/// Files to write, and what each objective became.
#[derive(Debug)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    pub carried: Vec<Carried>,
}

/// Which objectives of `from` to carry: those named, else every one not finished
/// (active or missed, and not achieved by its key results).
fn chosen<'t>(
    tree: &'t Tree,
    from: &Cycle,
    only: &[String],
    today: jiff::civil::Date,
) -> Result<Vec<&'t Objective>> {
    let in_from = |o: &&Objective| o.cycle.get_ref() == from.id.get_ref();
    if !only.is_empty() {
        return only
            .iter()
            .map(|id| {
                tree.model
                    .objectives
                    .iter()
                    .filter(in_from)
                    .find(|o| o.id.get_ref() == id)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "no objective `{id}` in cycle `{}`",
                            from.id.get_ref()
                        ))
                    })
            })
            .collect();
    }
    let grading = &tree.settings.grading;
    Ok(tree
        .model
        .objectives
        .iter()
        .filter(in_from)
        .filter(|o| match o.status() {
            Status::Missed => true,
            Status::Active => {
                // A running cycle has no verdict yet: everything active is unfinished.
                !from.ended(today)
                    || score::grade(o, grading).is_none_or(|g| g.verdict == Verdict::Missed)
            }
            Status::Achieved | Status::Dropped | Status::Draft => false,
        })
        .collect())
}

/// The id in the next cycle: the old one with the cycle's id swapped when it holds
/// it (`cost-2026-q3` -> `cost-2026-q4`), else with the new cycle's id appended.
pub fn next_id(old: &str, from: &str, to: &str) -> String {
    let lower = old.to_ascii_lowercase();
    if let Some(at) = lower.rfind(&from.to_ascii_lowercase()) {
        let written = &old[at..at + from.len()];
        let to = if written == written.to_ascii_lowercase() {
            to.to_ascii_lowercase()
        } else {
            to.to_string()
        };
        return format!("{}{to}{}", &old[..at], &old[at + from.len()..]);
    }
    format!("{old}-{}", to.to_ascii_lowercase())
}

/// Plans the carry; nothing is written. Refuses ids that would clash with any
/// objective of the tree or with each other.
pub fn plan(
    tree: &Tree,
    root: &Path,
    from: &Cycle,
    to: &Cycle,
    only: &[String],
    today: jiff::civil::Date,
) -> Result<Plan> {
    if from.id.get_ref() == to.id.get_ref() {
        return Err(Error::Usage(
            "carry from one cycle into another, not into itself".into(),
        ));
    }
    let objectives = chosen(tree, from, only, today)?;
    let (from_id, to_id) = (from.id.get_ref().as_str(), to.id.get_ref().as_str());
    let renamed: HashMap<&str, String> = objectives
        .iter()
        .map(|o| {
            (
                o.id.get_ref().as_str(),
                next_id(o.id.get_ref(), from_id, to_id),
            )
        })
        .collect();
    let existing: HashSet<&str> = tree
        .model
        .objectives
        .iter()
        .map(|o| o.id.get_ref().as_str())
        .collect();
    let mut clashes: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for o in &objectives {
        let new = &renamed[o.id.get_ref().as_str()];
        if existing.contains(new.as_str()) || !seen.insert(new.clone()) {
            clashes.push(format!("`{}` -> `{new}`", o.id.get_ref()));
        }
    }
    if !clashes.is_empty() {
        return Err(Error::Usage(format!(
            "carrying would clash with objectives that exist: {} (rename them, or carry fewer \
             with --objective); nothing was written",
            clashes.join(", ")
        )));
    }
    let mut by_file: BTreeMap<String, Vec<Table>> = BTreeMap::new();
    let mut carried = Vec::new();
    for o in objectives {
        let source = &tree.sources.get(o.file).name;
        let file = target_file(source, from_id, to_id, o.team.get_ref());
        let (table, reached, notes) = objective_table(tree, o, to_id, &renamed);
        by_file.entry(file.clone()).or_default().push(table);
        carried.push(Carried {
            from: o.id.get_ref().clone(),
            id: renamed[o.id.get_ref().as_str()].clone(),
            file,
            reached,
            notes,
        });
    }
    let mut files = Vec::new();
    for (file, tables) in by_file {
        let path: PathBuf = root.join(&file);
        let before = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(Error::Io { path, source }),
        };
        let mut doc = super::parse_for_edit(&file, before.as_deref().unwrap_or(""))?;
        let array = doc
            .entry("objective")
            .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
            .as_array_of_tables_mut()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{file} has `objective` as something else than [[objective]] tables: carry by hand"
                ))
            })?;
        for table in tables {
            array.push(table);
        }
        let text = doc.to_string();
        super::still_valid(&file, &text, "carrying")?;
        files.push(PlannedFile { file, before, text });
    }
    Ok(Plan { files, carried })
}

/// Where a carried objective goes: its file's path with the old cycle's folder
/// swapped for the new one's, else `objectives/<to>/<team>.toml`.
fn target_file(source: &str, from: &str, to: &str, team: &str) -> String {
    let parts: Vec<&str> = source.split('/').collect();
    if parts.len() > 1 && parts[..parts.len() - 1].contains(&from) {
        return parts
            .iter()
            .map(|p| if *p == from { to } else { p })
            .collect::<Vec<_>>()
            .join("/");
    }
    format!("objectives/{to}/{team}.toml")
}

fn strings(items: impl Iterator<Item = String>) -> Value {
    Value::Array(items.map(Value::from).collect())
}

/// The carried objective as a TOML table, with the key results it still needs.
fn objective_table(
    tree: &Tree,
    o: &Objective,
    to: &str,
    renamed: &HashMap<&str, String>,
) -> (Table, Vec<String>, Vec<String>) {
    let mut notes = Vec::new();
    let mut t = Table::new();
    let id = o.id.get_ref();
    t.insert(
        "id",
        Item::Value(Value::from(renamed[id.as_str()].as_str())),
    );
    t.insert(
        "title",
        Item::Value(Value::from(o.title.get_ref().as_str())),
    );
    t.insert("team", Item::Value(Value::from(o.team.get_ref().as_str())));
    t.insert("cycle", Item::Value(Value::from(to)));
    if let Some(owner) = &o.owner {
        t.insert("owner", Item::Value(Value::from(owner.get_ref().as_str())));
    }
    // A parent carried too is followed to its new id.
    let follow = |s: &str| renamed.get(s).cloned().unwrap_or_else(|| s.to_string());
    if !o.supports.is_empty() {
        t.insert(
            "supports",
            Item::Value(strings(o.supports.iter().map(|s| follow(s.get_ref())))),
        );
    }
    // A dependency on an objective left in the old cycle is over: it is not carried.
    let (kept, left): (Vec<_>, Vec<_>) = o.depends_on.iter().map(|d| d.get_ref()).partition(|d| {
        renamed.contains_key(d.as_str())
            || tree
                .model
                .objectives
                .iter()
                .find(|x| x.id.get_ref() == *d)
                .is_some_and(|x| x.cycle.get_ref() != o.cycle.get_ref())
    });
    if !kept.is_empty() {
        t.insert(
            "depends_on",
            Item::Value(strings(kept.iter().map(|d| follow(d)))),
        );
    }
    if !left.is_empty() {
        notes.push(format!(
            "dependencies on the old cycle left behind: {}",
            left.iter()
                .map(|d| d.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(kind) = &o.kind {
        let word = match kind.get_ref() {
            crate::model::ObjectiveKind::Committed => "committed",
            crate::model::ObjectiveKind::Aspirational => "aspirational",
        };
        t.insert("kind", Item::Value(Value::from(word)));
    }
    if let Some(d) = &o.description {
        t.insert("description", Item::Value(Value::from(d.as_str())));
    }
    t.insert("continues", Item::Value(Value::from(id.as_str())));
    if !o.allow.is_empty() {
        t.insert(
            "allow",
            Item::Value(strings(o.allow.iter().map(|a| a.get_ref().clone()))),
        );
    }
    if let Some(r) = &o.allow_reason {
        t.insert(
            "allow_reason",
            Item::Value(Value::from(r.get_ref().as_str())),
        );
    }
    let mut reached = Vec::new();
    let mut krs = ArrayOfTables::new();
    for kr in &o.key_result {
        let kr = kr.get_ref();
        if is_reached(kr) {
            reached.push(kr.id.get_ref().clone());
            continue;
        }
        krs.push(key_result_table(kr, true, &mut notes));
    }
    if krs.is_empty() && !o.key_result.is_empty() {
        // Every key result reached, yet unfinished (a person said so): carry them as
        // they were planned, since none has room left to start from.
        reached.clear();
        for kr in &o.key_result {
            krs.push(key_result_table(kr.get_ref(), false, &mut notes));
        }
    }
    if !krs.is_empty() {
        t.insert("key_result", Item::ArrayOfTables(krs));
    }
    (t, reached, notes)
}

/// Whether a key result got where it aimed: nothing left to carry.
fn is_reached(kr: &KeyResult) -> bool {
    match score::key_result(kr) {
        Ok(s) => {
            s.progress >= score::kr_goal(kr)
                && kr.kind() != KrKind::StayAbove
                && kr.kind() != KrKind::StayBelow
        }
        Err(_) => false,
    }
}

/// A key result for the next cycle: the baseline is the value it ended at, the
/// target (and stretch) kept; values of the old cycle (current, done, zone,
/// confidence, checked) left behind.
fn key_result_table(kr: &KeyResult, rebase: bool, notes: &mut Vec<String>) -> Table {
    let number = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
    let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|v| v.get_ref().clone());
    let mut t = Table::new();
    t.insert("id", Item::Value(Value::from(kr.id.get_ref().as_str())));
    t.insert(
        "title",
        Item::Value(Value::from(kr.title.get_ref().as_str())),
    );
    let kind = kr.kind();
    if let Some(k) = &kr.kind {
        let word = match k.get_ref() {
            KrKind::Increase => "increase",
            KrKind::Decrease => "decrease",
            KrKind::StayAbove => "stay_above",
            KrKind::StayBelow => "stay_below",
            KrKind::Milestone => "milestone",
            KrKind::Ordinal => "ordinal",
        };
        t.insert("kind", Item::Value(Value::from(word)));
    }
    let numeric = matches!(kind, KrKind::Increase | KrKind::Decrease);
    let baseline = if numeric && rebase {
        number(&kr.current).or(number(&kr.baseline))
    } else {
        number(&kr.baseline)
    };
    if let Some(b) = baseline {
        t.insert("baseline", Item::Value(Value::from(b)));
    }
    if let Some(target) = number(&kr.target) {
        t.insert("target", Item::Value(Value::from(target)));
    }
    if let Some(commit) = number(&kr.commit) {
        let between = baseline
            .zip(number(&kr.target))
            .is_some_and(|(b, t)| (commit - b) * (t - commit) > 0.0);
        if between {
            t.insert("commit", Item::Value(Value::from(commit)));
        } else {
            notes.push(format!(
                "{}: commit level {commit} left out, the new baseline is past it",
                kr.id.get_ref()
            ));
        }
    }
    if let Some(s) = number(&kr.stretch) {
        t.insert("stretch", Item::Value(Value::from(s)));
    }
    if let Some(unit) = text(&kr.unit) {
        t.insert("unit", Item::Value(Value::from(unit)));
    }
    if kind == KrKind::Milestone {
        t.insert("done", Item::Value(Value::from(false)));
    }
    for (key, value) in [
        ("commit_zone", text(&kr.commit_zone)),
        ("target_zone", text(&kr.target_zone)),
        ("stretch_zone", text(&kr.stretch_zone)),
    ] {
        if let Some(v) = value {
            t.insert(key, Item::Value(Value::from(v)));
        }
    }
    if let Some(w) = number(&kr.weight) {
        t.insert("weight", Item::Value(Value::from(w)));
    }
    if let Some(owner) = text(&kr.owner) {
        t.insert("owner", Item::Value(Value::from(owner)));
    }
    if let Some(signal) = &kr.signal {
        let word = match signal.get_ref() {
            crate::model::Signal::Leading => "leading",
            crate::model::Signal::Lagging => "lagging",
        };
        t.insert("signal", Item::Value(Value::from(word)));
    }
    if !kr.allow.is_empty() {
        t.insert(
            "allow",
            Item::Value(strings(kr.allow.iter().map(|a| a.get_ref().clone()))),
        );
    }
    if let Some(r) = text(&kr.allow_reason) {
        t.insert("allow_reason", Item::Value(Value::from(r)));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_swap_the_cycle_or_append_it() {
        assert_eq!(
            next_id("cost-2026-q3", "2026-Q3", "2026-Q4"),
            "cost-2026-q4"
        );
        assert_eq!(
            next_id("cost-2026-Q3", "2026-Q3", "2026-Q4"),
            "cost-2026-Q4"
        );
        assert_eq!(
            next_id("deploys-boring", "2026-Q3", "2026-Q4"),
            "deploys-boring-2026-q4"
        );
        assert_eq!(
            target_file(
                "objectives/2026-Q3/platform.toml",
                "2026-Q3",
                "2026-Q4",
                "p"
            ),
            "objectives/2026-Q4/platform.toml"
        );
        assert_eq!(
            target_file("okrs.toml", "2026-Q3", "2026-Q4", "p"),
            "objectives/2026-Q4/p.toml"
        );
    }
}
