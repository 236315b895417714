//! The history of a strategy tree, read from git: every commit of the first-parent
//! chain that changed the tree or carries a check-in trailer, and for each entity
//! (vision, pillar, objective, key result, by id) what each of them did to it.
//!
//! Entities are followed by id, whatever file they live in: a key result moved to
//! another file keeps its history. An id that changes is a removal plus an addition;
//! when both happen in one commit, the events say which id may have become which.
//!
//! Memory follows the size of the tree, not the length of the history: one summary per
//! live file (blobs with the same id share it), a bounded cache of parsed blobs, and
//! the events themselves.

mod state;
mod walk;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use git2::{Commit, Oid};

pub use state::{Key, KrState, ObjectiveState, State, Summary, TextState, summarize};

use crate::error::Result;
use crate::git::{Repo, error, short};
use crate::load::{MAX_FILE_BYTES, SETTINGS_FILE};

/// A commit that did something to the tree, or the uncommitted changes of the work tree.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// `None` for the uncommitted changes of the work tree (which have no author yet).
    pub id: Option<Oid>,
    pub author: String,
    pub email: String,
    /// The author's date, in the author's time zone.
    pub date: jiff::civil::Date,
    /// The first line of the message.
    pub summary: String,
    /// The rest of the message, without `Check-in:` lines: what a check-in says about
    /// its value. Empty when there is none.
    pub body: String,
    /// The oldest commit of a shallow clone: what it holds was already there, not
    /// added by it.
    pub cut: bool,
}

impl CommitInfo {
    /// The short id, or "uncommitted".
    pub fn short(&self) -> String {
        self.id.map_or_else(|| "uncommitted".to_string(), short)
    }
}

/// What one commit did to one entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The entity appeared (at a shallow clone's cut: it was already there).
    Added(State),
    Changed {
        old: State,
        new: State,
    },
    Removed(State),
    /// Only its file changed.
    Moved,
    /// A `Check-in: OBJECTIVE/KR` trailer: the value was confirmed, changed or not.
    Confirmed,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// Index into [`History::commits`].
    pub commit: usize,
    /// The file the entity is in after the event (before it, for a removal).
    pub file: Arc<str>,
    /// The file it was in before, when that differs.
    pub from: Option<Arc<str>>,
    pub change: Change,
    /// For an addition or removal: the entity removed or added in the same commit
    /// that this one may be a rename of. History does not follow renamed ids.
    pub renamed: Option<Key>,
}

/// The tree's history up to one commit (and the work tree, when added).
#[derive(Debug, Default)]
pub struct History {
    /// Oldest first.
    pub commits: Vec<CommitInfo>,
    /// Each entity's events, oldest first.
    pub events: BTreeMap<Key, Vec<Event>>,
    /// Commits of the first-parent chain that were read.
    pub walked: usize,
    /// The index of the shallow clone's cut commit in `commits`, when history is cut.
    pub cut: Option<usize>,
    /// The latest version of each file: path -> (blob id, summary).
    files: HashMap<String, (Oid, Summary)>,
}

/// How far reading has come, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Commits of the chain found so far (the total is not known yet).
    Walking(usize),
    /// Commits applied, of the total.
    Reading(usize, usize),
}

/// How many commits are read between two progress reports and cache trims.
const BATCH: usize = 256;

impl History {
    /// Reads the first-parent history that leads to `at`.
    pub fn read(repo: &Repo, at: &Commit<'_>, progress: &mut dyn FnMut(Progress)) -> Result<Self> {
        // libgit2 hashes every object it reads again to verify it (git itself does not,
        // outside fsck): a third of the time of a long history. Reading trusts the
        // repository as git does; nothing is written here.
        git2::opts::strict_hash_verification(false);
        let links = walk::chain(repo, at, &mut |n| progress(Progress::Walking(n)))?;
        let mut history = History {
            walked: links.len(),
            ..History::default()
        };
        let mut cache: HashMap<Oid, Summary> = HashMap::new();
        let mut parser = state::Parser::default();
        let odb = repo
            .repo
            .odb()
            .map_err(|e| error("opening the object database", &e))?;
        let mut trees = HashMap::new();
        let mut previous: Option<Oid> = None;
        let mut done = 0;
        for batch in links.chunks(BATCH) {
            for link in batch {
                let changes = if link.subtree == previous {
                    Vec::new()
                } else {
                    walk::diff(&odb, previous, link.subtree, &mut trees)?
                };
                previous = link.subtree;
                if changes.is_empty() && !link.flagged && !link.cut {
                    continue;
                }
                let commit = repo
                    .repo
                    .find_commit(link.oid)
                    .map_err(|e| error(format!("reading commit {}", short(link.oid)), &e))?;
                let mut info = commit_info(&commit);
                info.cut = link.cut;
                let mut trailers = check_ins(commit.message_bytes());
                if commit.parent_count() > 1 {
                    trailers.extend(merged_check_ins(repo, &commit)?);
                }
                let mut versions = Vec::with_capacity(changes.len());
                for change in changes {
                    let summary = match change.new {
                        None => None,
                        Some(oid) => match cache.get(&oid) {
                            Some(summary) => summary.clone(),
                            None => {
                                let summary = summarize_blob(repo, oid, &mut parser)?;
                                cache.insert(oid, summary.clone());
                                summary
                            }
                        },
                    };
                    versions.push((change.path, change.new, summary));
                }
                history.apply(info, versions, &trailers);
            }
            done += batch.len();
            progress(Progress::Reading(done, links.len()));
            // Keep the parsed blobs of live files and a bounded number of others, so
            // that memory follows the tree, not the history.
            if cache.len() > 2 * history.files.len() + 4096 {
                let live: HashSet<Oid> = history.files.values().map(|(oid, _)| *oid).collect();
                cache.retain(|oid, _| live.contains(oid));
            }
        }
        Ok(history)
    }

    /// Adds the work tree's uncommitted changes as the newest state. `files` are the
    /// tree's files on disk (name relative to the root, text), as loaded.
    pub fn add_uncommitted<'a>(
        &mut self,
        files: impl Iterator<Item = (&'a str, &'a str)>,
        today: jiff::civil::Date,
    ) {
        let mut seen = HashSet::new();
        let mut changes = Vec::new();
        for (name, text) in files {
            if name == SETTINGS_FILE {
                continue;
            }
            seen.insert(name.to_string());
            let oid = Oid::hash_object(git2::ObjectType::Blob, text.as_bytes()).ok();
            let committed = self.files.get(name).map(|(oid, _)| *oid);
            if oid.is_some() && oid == committed {
                continue;
            }
            changes.push((name.to_string(), oid, summarize(text)));
        }
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|name| !seen.contains(*name))
            .cloned()
            .collect();
        changes.extend(gone.into_iter().map(|name| (name, None, None)));
        if changes.is_empty() {
            return;
        }
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        let info = CommitInfo {
            id: None,
            author: String::new(),
            email: String::new(),
            date: today,
            summary: "uncommitted changes in the work tree".into(),
            body: String::new(),
            cut: false,
        };
        self.apply(info, changes, &[]);
    }

    /// The events of one entity, oldest first (empty when it has none).
    pub fn of(&self, key: &Key) -> &[Event] {
        self.events.get(key).map_or(&[], Vec::as_slice)
    }

    /// The commit of an event.
    pub fn commit(&self, event: &Event) -> &CommitInfo {
        &self.commits[event.commit]
    }

    /// The date before which history is unknown, for a shallow clone.
    pub fn cut_date(&self) -> Option<jiff::civil::Date> {
        self.cut.map(|c| self.commits[c].date)
    }

    /// Records one commit: the files it changed (path, new blob id, new summary;
    /// `None` blob for a removed file) and its check-in trailers.
    fn apply(
        &mut self,
        info: CommitInfo,
        changes: Vec<(String, Option<Oid>, Summary)>,
        trailers: &[(String, String)],
    ) {
        let index = self.commits.len();
        let cut = info.cut;
        // The versions before and after of each changed file; entities are compared
        // by reference and cloned only into the events.
        let mut versions: Vec<(Arc<str>, Summary, Summary)> = Vec::with_capacity(changes.len());
        for (path, oid, summary) in changes {
            let old = self.files.get(&path).and_then(|(_, s)| s.clone());
            let new = match (oid, summary) {
                (None, _) => None,
                (Some(oid), Some(summary)) => Some((oid, Some(summary))),
                // A version that does not parse keeps the last state that did: a typo
                // committed and fixed later is not a removal and a re-addition.
                (Some(oid), None) => Some((oid, old.clone())),
            };
            let new_summary = new.as_ref().and_then(|(_, s)| s.clone());
            let file: Arc<str> = Arc::from(path.as_str());
            match new {
                Some(entry) => {
                    self.files.insert(path, entry);
                }
                None => {
                    self.files.remove(&path);
                }
            }
            let same = matches!((&old, &new_summary), (Some(o), Some(n)) if Arc::ptr_eq(o, n));
            if !same {
                versions.push((file, old, new_summary));
            }
        }
        let mut before: BTreeMap<&Key, (&Arc<str>, &State)> = BTreeMap::new();
        let mut after: BTreeMap<&Key, (&Arc<str>, &State)> = BTreeMap::new();
        for (file, old, new) in &versions {
            for (key, state) in old.iter().flat_map(|s| s.iter()) {
                before.insert(key, (file, state));
            }
            for (key, state) in new.iter().flat_map(|s| s.iter()) {
                after.insert(key, (file, state));
            }
        }
        let mut events: Vec<(Key, Event)> = Vec::new();
        let event = |file: &Arc<str>, from: Option<&Arc<str>>, change: Change| Event {
            commit: index,
            file: file.clone(),
            from: from.cloned(),
            change,
            renamed: None,
        };
        for (key, (file, new)) in &after {
            let e = match before.remove(key) {
                Some((old_file, old)) => {
                    let from = (old_file != *file).then_some(old_file);
                    if old != *new {
                        let change = Change::Changed {
                            old: old.clone(),
                            new: (*new).clone(),
                        };
                        event(file, from, change)
                    } else if from.is_some() {
                        event(file, from, Change::Moved)
                    } else {
                        continue;
                    }
                }
                None => event(file, None, Change::Added((*new).clone())),
            };
            events.push(((*key).clone(), e));
        }
        for (key, (file, old)) in before {
            events.push((key.clone(), event(file, None, Change::Removed(old.clone()))));
        }
        if !cut {
            pair_renames(&mut events);
        }
        let mut confirmed = HashSet::new();
        for (objective, kr) in trailers {
            let key = Key::KeyResult(objective.clone(), kr.clone());
            let touched = events.iter().any(|(k, _)| *k == key);
            if !touched && confirmed.insert(key.clone()) {
                let file = self.file_of(&key).unwrap_or_else(|| Arc::from(""));
                events.push((key, event(&file, None, Change::Confirmed)));
            }
        }
        if events.is_empty() {
            return;
        }
        self.commits.push(info);
        if cut {
            self.cut = Some(index);
        }
        for (key, e) in events {
            self.events.entry(key).or_default().push(e);
        }
    }

    /// The file an entity is in now, from its last event.
    fn file_of(&self, key: &Key) -> Option<Arc<str>> {
        self.of(key)
            .iter()
            .rev()
            .find(|e| e.change != Change::Confirmed)
            .map(|e| e.file.clone())
    }
}

/// What a blob says, or `None` when it is too large, not UTF-8 or not TOML.
fn summarize_blob(repo: &Repo, oid: Oid, parser: &mut state::Parser) -> Result<Summary> {
    let blob = repo
        .repo
        .find_blob(oid)
        .map_err(|e| error(format!("reading blob {}", short(oid)), &e))?;
    if blob.size() as u64 > MAX_FILE_BYTES {
        return Ok(None);
    }
    Ok(std::str::from_utf8(blob.content())
        .ok()
        .and_then(|text| parser.summarize(text)))
}

/// In one commit, an id removed and another added in the same place (a key result in
/// the same objective, an objective of the same team) are probably a rename: say so
/// on both events, when the pairing is unambiguous.
fn pair_renames(events: &mut [(Key, Event)]) {
    let place = |key: &Key, change: &Change| -> Option<String> {
        match (key, change) {
            (Key::KeyResult(o, _), _) => Some(format!("kr {o}")),
            (
                Key::Objective(_),
                Change::Added(State::Objective(s)) | Change::Removed(State::Objective(s)),
            ) => Some(format!("objective {}", s.team)),
            (Key::Pillar(_), _) => Some("pillar".into()),
            _ => None,
        }
    };
    let mut groups: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, (key, e)) in events.iter().enumerate() {
        let Some(place) = place(key, &e.change) else {
            continue;
        };
        match e.change {
            Change::Added(_) => groups.entry(place).or_default().0.push(i),
            Change::Removed(_) => groups.entry(place).or_default().1.push(i),
            _ => {}
        }
    }
    for (added, removed) in groups.into_values() {
        if let ([a], [r]) = (added.as_slice(), removed.as_slice()) {
            let (a, r) = (*a, *r);
            events[a].1.renamed = Some(events[r].0.clone());
            events[r].1.renamed = Some(events[a].0.clone());
        }
    }
}

fn commit_info(commit: &Commit<'_>) -> CommitInfo {
    let author = commit.author();
    let time = author.when();
    let date = jiff::Timestamp::from_second(time.seconds())
        .ok()
        .map(|t| {
            let offset = jiff::tz::Offset::from_seconds(time.offset_minutes() * 60)
                .unwrap_or(jiff::tz::Offset::UTC);
            t.to_zoned_datetime(offset.to_time_zone()).date()
        })
        .unwrap_or_default();
    CommitInfo {
        id: Some(commit.id()),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        date,
        summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned(),
        body: String::from_utf8_lossy(commit.body_bytes().unwrap_or_default())
            .lines()
            .filter(|l| !l.trim_start().to_ascii_lowercase().starts_with("check-in:"))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string(),
        cut: false,
    }
}

/// The `Check-in: OBJECTIVE/KR` lines of a message, as (objective, key result). Any
/// line counts, not only the final trailer block: a squash merge lists the messages
/// of the commits it squashed. Several may be given on one line, comma-separated.
pub fn check_ins(message: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(message);
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((name, value)) = line.trim().split_once(':') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("check-in") {
            continue;
        }
        for item in value.split(',') {
            if let Some((o, k)) = item.trim().split_once('/')
                && !o.is_empty()
                && !k.is_empty()
                && !k.contains(char::is_whitespace)
            {
                out.push((o.to_string(), k.to_string()));
            }
        }
    }
    out
}

/// The trailers of the commits a merge brings in (those not on its first parent), so
/// that a check-in made on a branch counts when the branch lands.
fn merged_check_ins(repo: &Repo, merge: &Commit<'_>) -> Result<Vec<(String, String)>> {
    let what = || format!("reading the commits merged by {}", short(merge.id()));
    let mut walk = repo.repo.revwalk().map_err(|e| error(what(), &e))?;
    for parent in merge.parent_ids().skip(1) {
        walk.push(parent).map_err(|e| error(what(), &e))?;
    }
    if let Ok(first) = merge.parent_id(0) {
        walk.hide(first).map_err(|e| error(what(), &e))?;
    }
    let mut out = Vec::new();
    for oid in walk {
        let Ok(oid) = oid else { continue };
        if let Ok(commit) = repo.repo.find_commit(oid) {
            out.extend(check_ins(commit.message_bytes()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_name_key_results() {
        let message = b"Confirm deploys\n\nNo change this week.\n\nCheck-in: deploys-boring/deploy-success\ncheck-in: a/b, c/d\nCheck-in: not-a-key-result\n";
        assert_eq!(
            check_ins(message),
            [
                ("deploys-boring".to_string(), "deploy-success".to_string()),
                ("a".into(), "b".into()),
                ("c".into(), "d".into()),
            ]
        );
        assert!(check_ins(b"Check in: a/b").is_empty());
    }
}
