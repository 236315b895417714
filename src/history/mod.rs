//! The history of a strategy tree, read from git: every commit of the first-parent
//! chain that changed the tree or carries a check-in trailer, and for each entity
//! (vision, pillar, objective, key result, by id) what each of them did to it.
//!
//! Entities are followed whatever file they live in, and across renamed ids: an id
//! removed and another added in one commit that `align diff` would call a rename is
//! the same entity (see `lineage`). A change made on a merged branch is attributed to
//! the commit that made it, and dated when it landed on the first-parent line (see
//! `landing`).
//!
//! Memory follows the size of the tree, not the length of the history: one summary per
//! live file (blobs with the same id share it), a bounded cache of parsed blobs, and
//! the events themselves.

mod landing;
mod lineage;
mod state;
mod walk;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use git2::{Commit, Oid};

pub use state::{Key, KrState, ObjectiveState, State, Summary, TextState, summarize};

use crate::error::Result;
use crate::git::{BlobRead, Repo, error, short};
use crate::load::SETTINGS_FILE;

/// A commit that did something to the tree, or the uncommitted changes of the work tree.
///
/// For a change made on a branch and merged, this is the commit on the branch that
/// made it (its author and message), with the merge that landed it in `landed_by`.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// `None` for the uncommitted changes of the work tree (which have no author yet).
    pub id: Option<Oid>,
    pub author: String,
    pub email: String,
    /// When the change landed: the committer date of the first-parent commit that
    /// brought it in, in the tree's time zone, kept in landed order (see `note`).
    /// Every "before or after the cycle started" is decided with this date: the
    /// author date is set freely by the author.
    pub date: jiff::civil::Date,
    /// The author's date of the commit that made the change, in the tree's time zone.
    pub authored: jiff::civil::Date,
    /// The first line of the message.
    pub summary: String,
    /// The rest of the message, without `Check-in:` lines: what a check-in says about
    /// its value. Empty when there is none.
    pub body: String,
    /// The oldest commit of a shallow clone: what it holds was already there, not
    /// added by it.
    pub cut: bool,
    /// The merge that landed a change made on a merged branch.
    pub landed_by: Option<Landing>,
    /// Why `date` is not the commit's own date: dated before the commit it follows,
    /// after the one that follows it, or after today.
    pub note: Option<String>,
    /// Dated after today: its changes are in the tree read and count as landed today
    /// (an eased target is still eased), but it is not a check-in as of today.
    pub after_today: bool,
}

/// The first-parent commit (a merge) that landed a change made on a branch.
#[derive(Debug, Clone)]
pub struct Landing {
    pub id: Oid,
    /// The first line of its message.
    pub summary: String,
}

impl CommitInfo {
    /// The short id, or "uncommitted".
    pub fn short(&self) -> String {
        self.id.map_or_else(|| "uncommitted".to_string(), short)
    }

    /// What to add after "by AUTHOR in COMMIT: MESSAGE": ` (...)` with
    /// [`CommitInfo::provenance_parts`], or nothing.
    pub fn provenance(&self) -> String {
        let parts = self.provenance_parts();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    }

    /// The merge that landed the change, the author's date when it is more than a day
    /// away from the landing date, and why the landing date is not the commit's own.
    pub fn provenance_parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(landing) = &self.landed_by {
            parts.push(format!(
                "landed on {} with {} \"{}\"",
                self.date,
                short(landing.id),
                landing.summary
            ));
        }
        if self.id.is_some() && crate::drift::days(self.authored, self.date).abs() > 1 {
            parts.push(format!("author date {}", self.authored));
        }
        if let Some(note) = &self.note {
            parts.push(note.clone());
        }
        parts
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
    /// Only its id changed (and perhaps its file): the state it keeps. The old id is
    /// in [`Event::renamed`].
    Renamed(State),
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
    /// The id the entity had before this event, when the event renamed it (a
    /// `Renamed`, or a `Changed` that also changed the id). The events before it
    /// are those of the old id: history follows the entity.
    pub renamed: Option<Key>,
}

/// The tree's history up to one commit (and the work tree, when added).
#[derive(Debug, Default)]
pub struct History {
    /// In landed order, oldest first.
    pub commits: Vec<CommitInfo>,
    /// Each entity's events, oldest first, under its latest id.
    pub events: BTreeMap<Key, Vec<Event>>,
    /// Commits of the first-parent chain that were read.
    pub walked: usize,
    /// The index of the shallow clone's cut commit in `commits`, when history is cut.
    pub cut: Option<usize>,
    /// Old ids of renamed entities, to the id they were renamed to (which may have
    /// been renamed again).
    pub renamed: HashMap<Key, Key>,
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

/// Parsed versions of files by blob id, and the parser that remembers tables.
#[derive(Default)]
struct Blobs {
    cache: HashMap<Oid, Summary>,
    parser: state::Parser,
}

impl Blobs {
    /// What the blob `oid` (the file `path` at `commit`) says.
    fn summary(&mut self, repo: &Repo, oid: Oid, path: &str, commit: Oid) -> Result<Summary> {
        if let Some(summary) = self.cache.get(&oid) {
            return Ok(summary.clone());
        }
        let summary = match repo.read_blob(oid, path, commit)? {
            BlobRead::TooLarge(_) => None,
            BlobRead::Loaded(blob) => std::str::from_utf8(blob.content())
                .ok()
                .and_then(|text| self.parser.summarize(text)),
        };
        self.cache.insert(oid, summary.clone());
        Ok(summary)
    }
}

impl History {
    /// Reads the first-parent history that leads to `at`. Commit times become dates
    /// in `repo.tz`; a commit dated after `today` counts as landed today.
    pub fn read(
        repo: &Repo,
        at: &Commit<'_>,
        today: jiff::civil::Date,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Self> {
        // libgit2 hashes every object it reads again to verify it (git itself does not,
        // outside fsck): a third of the time of a long history. Reading trusts the
        // repository as git does; nothing is written here.
        git2::opts::strict_hash_verification(false);
        let links = walk::chain(repo, at, &mut |n| progress(Progress::Walking(n)))?;
        let landed = landing::dates(&links, &repo.tz, today);
        let mut history = History {
            walked: links.len(),
            ..History::default()
        };
        let mut blobs = Blobs::default();
        let odb = repo
            .repo
            .odb()
            .map_err(|e| error("opening the object database", &e))?;
        let mut trees = HashMap::new();
        let mut previous: Option<Oid> = None;
        let mut done = 0;
        for (batch, dates) in links.chunks(BATCH).zip(landed.chunks(BATCH)) {
            for (link, landed) in batch.iter().zip(dates) {
                let missing = |path: &str| repo.missing_folder(path, link.oid);
                let changes = if link.subtree == previous {
                    Vec::new()
                } else {
                    walk::diff(&odb, &missing, previous, link.subtree, &mut trees)?
                };
                previous = link.subtree;
                if changes.is_empty() && !link.flagged && !link.cut {
                    continue;
                }
                let commit = repo
                    .repo
                    .find_commit(link.oid)
                    .map_err(|e| error(format!("reading commit {}", short(link.oid)), &e))?;
                let mut info = landing::info(&commit, landed.date, &repo.tz);
                info.note = landed.note.clone();
                info.after_today = landed.after_today;
                info.cut = link.cut;
                let mut trailers: Vec<(Key, Option<Oid>)> = check_ins(commit.message_bytes())
                    .into_iter()
                    .map(|(o, k)| (Key::KeyResult(o, k), None))
                    .collect();
                let merge = commit.parent_count() > 1;
                if merge {
                    trailers.extend(
                        landing::merged_check_ins(repo, &commit)?
                            .into_iter()
                            .map(|(o, k, by)| (Key::KeyResult(o, k), Some(by))),
                    );
                }
                let mut versions = Vec::with_capacity(changes.len());
                for change in changes {
                    let summary = match change.new {
                        None => None,
                        Some(oid) => blobs.summary(repo, oid, &change.path, link.oid)?,
                    };
                    versions.push((change.path, change.new, summary));
                }
                let index = history.commits.len();
                let events = history.changes(index, link.cut, versions, &trailers);
                let mut by: HashMap<Key, Oid> = trailers
                    .iter()
                    .filter_map(|(key, by)| Some((history.resolve(key), (*by)?)))
                    .collect();
                if merge && !link.cut && !events.is_empty() {
                    let made =
                        landing::attribute(repo, &odb, &commit, &events, &history, &mut blobs)?;
                    by.extend(made);
                }
                history.record(repo, info, events, &by)?;
            }
            done += batch.len();
            progress(Progress::Reading(done, links.len()));
            // Keep the parsed blobs of live files and a bounded number of others, so
            // that memory follows the tree, not the history.
            if blobs.cache.len() > 2 * history.files.len() + 4096 {
                let live: HashSet<Oid> = history.files.values().map(|(oid, _)| *oid).collect();
                blobs.cache.retain(|oid, _| live.contains(oid));
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
            authored: today,
            summary: "uncommitted changes in the work tree".into(),
            body: String::new(),
            cut: false,
            landed_by: None,
            note: None,
            after_today: false,
        };
        let events = self.changes(self.commits.len(), false, changes, &[]);
        self.push(info, events);
    }

    /// The events of one entity, oldest first (empty when it has none). An old id of
    /// a renamed entity has none: see [`History::resolve`].
    pub fn of(&self, key: &Key) -> &[Event] {
        self.events.get(key).map_or(&[], Vec::as_slice)
    }

    /// The latest id of an entity that may have been renamed since `key` was its id.
    pub fn resolve(&self, key: &Key) -> Key {
        let mut key = key;
        // A chain of renames is as long as the history at most; a loop (an id that
        // came back) stops where it started.
        for _ in 0..=self.renamed.len() {
            match self.renamed.get(key) {
                Some(next) if !self.events.contains_key(key) => key = next,
                _ => break,
            }
        }
        key.clone()
    }

    /// The commit of an event.
    pub fn commit(&self, event: &Event) -> &CommitInfo {
        &self.commits[event.commit]
    }

    /// The date before which history is unknown, for a shallow clone.
    pub fn cut_date(&self) -> Option<jiff::civil::Date> {
        self.cut.map(|c| self.commits[c].date)
    }

    /// What one commit did: the files it changed (path, new blob id, new summary;
    /// `None` blob for a removed file) and its check-in trailers. Updates the files;
    /// the events are for the commit that will be at `index`.
    fn changes(
        &mut self,
        index: usize,
        cut: bool,
        changes: Vec<(String, Option<Oid>, Summary)>,
        trailers: &[(Key, Option<Oid>)],
    ) -> Vec<(Key, Event)> {
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
            lineage::follow_renames(&mut events);
        }
        let mut confirmed = HashSet::new();
        for (key, _) in trailers {
            let key = self.resolve(key);
            let touched = events.iter().any(|(k, _)| *k == key);
            if !touched && confirmed.insert(key.clone()) {
                let file = self.file_of(&key).unwrap_or_else(|| Arc::from(""));
                events.push((key, event(&file, None, Change::Confirmed)));
            }
        }
        events
    }

    /// Records a commit and its events: those in `by` are attributed to the commit
    /// on a merged branch that made them, read from `repo`.
    fn record(
        &mut self,
        repo: &Repo,
        info: CommitInfo,
        events: Vec<(Key, Event)>,
        by: &HashMap<Key, Oid>,
    ) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let mut made: HashMap<Oid, CommitInfo> = HashMap::new();
        for oid in by.values() {
            if made.contains_key(oid) || Some(*oid) == info.id {
                continue;
            }
            let commit = repo
                .repo
                .find_commit(*oid)
                .map_err(|e| error(format!("reading commit {}", short(*oid)), &e))?;
            let mut branch = landing::info(&commit, info.date, &repo.tz);
            branch.note = info.note.clone();
            branch.after_today = info.after_today;
            branch.landed_by = info.id.map(|id| Landing {
                id,
                summary: info.summary.clone(),
            });
            made.insert(*oid, branch);
        }
        let mut made: Vec<(Oid, CommitInfo)> = made.into_iter().collect();
        made.sort_by_key(|(oid, c)| (c.authored, *oid));
        self.push(info, events);
        let last = self.commits.len() - 1;
        if made.is_empty() {
            return Ok(());
        }
        let mut index: HashMap<Oid, usize> = HashMap::new();
        for (oid, branch) in made {
            index.insert(oid, self.commits.len());
            self.commits.push(branch);
        }
        for (key, oid) in by {
            let Some(&to) = index.get(oid) else { continue };
            if let Some(event) = self
                .events
                .get_mut(key)
                .and_then(|list| list.last_mut())
                .filter(|e| e.commit == last)
            {
                event.commit = to;
            }
        }
        Ok(())
    }

    /// Appends a commit with its events; a commit without events is not kept.
    fn push(&mut self, info: CommitInfo, events: Vec<(Key, Event)>) {
        if events.is_empty() {
            return;
        }
        let index = self.commits.len();
        if info.cut {
            self.cut = Some(index);
        }
        self.commits.push(info);
        for (key, e) in events {
            if let Some(old) = &e.renamed {
                self.follow(old, &key);
            }
            self.events.entry(key).or_default().push(e);
        }
    }

    /// Moves the events of `old` under `new`, which it was renamed to.
    fn follow(&mut self, old: &Key, new: &Key) {
        let mut moved = self.events.remove(old).unwrap_or_default();
        if let Some(existing) = self.events.remove(new) {
            moved.extend(existing);
            moved.sort_by_key(|e| e.commit);
        }
        self.events.insert(new.clone(), moved);
        self.renamed.insert(old.clone(), new.clone());
        self.renamed.remove(new);
    }

    /// The file an entity is in now, from its last event.
    fn file_of(&self, key: &Key) -> Option<Arc<str>> {
        self.of(key)
            .iter()
            .rev()
            .find(|e| e.change != Change::Confirmed)
            .map(|e| e.file.clone())
    }

    /// The state of an entity in the latest version of `file`.
    fn state_in(&self, file: &str, key: &Key) -> Option<State> {
        let (_, summary) = self.files.get(file)?;
        summary
            .as_ref()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.clone())
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
