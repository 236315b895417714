//! When a change landed and who made it. A change is dated by the first-parent
//! commit that brought it in (its committer date: for a pull request, when the merge
//! was made), kept in landed order, and attributed to the commit that made it: on a
//! merged branch, the branch commit, with the merge that landed it.

use std::collections::{HashMap, HashSet};

use git2::{Commit, Odb, Oid};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::walk::{self, Link};
use super::{Blobs, Change, CommitInfo, Event, History, Key, State, check_ins};
use crate::error::Result;
use crate::git::{Repo, date_of, error, short};

/// Branch commits looked at per merge to attribute its changes: past that, the rest
/// is attributed to the merge itself.
const BRANCH_COMMITS: usize = 2000;

/// When one link landed, as [`dates`] decides.
pub(super) struct Landed {
    pub date: Date,
    /// Why `date` is not the commit's own date.
    pub note: Option<String>,
    /// Dated after today: counted as landed today (its changes are in the tree read),
    /// but not a check-in as of today.
    pub after_today: bool,
}

/// The landing date of each link, and a note when it is not the commit's own date.
///
/// A commit cannot land before the commit it follows: one dated earlier (or before
/// 1970) counts as landed with its parent. One dated after the commit that follows it,
/// when that one is in order, counts as landed with its parent too. A date after
/// `today` counts as today: the change is in the tree that is being read.
pub(super) fn dates(links: &[Link], tz: &TimeZone, today: Date) -> Vec<Landed> {
    let mut out = Vec::with_capacity(links.len());
    let mut floor: Option<i64> = None;
    for (i, link) in links.iter().enumerate() {
        let raw = link.time;
        let next = links.get(i + 1).map(|l| l.time);
        let own = date_of(raw, tz);
        let (time, mut note) = match floor {
            Some(f) if raw < f => (
                f,
                Some(format!(
                    "dated {own}, before the commit it follows: counted as landed after it"
                )),
            ),
            Some(f) if next.is_some_and(|n| n < raw && n >= f) => (
                f,
                Some(format!(
                    "dated {own}, after the commit that follows it: counted as landed before it"
                )),
            ),
            None if raw < 0 => (raw, Some(format!("dated {own}, before 1970"))),
            _ => (raw, None),
        };
        floor = Some(time);
        let mut date = date_of(time, tz);
        let later = date > today;
        if later {
            note = Some(format!(
                "dated {date}, after today: counted as landed today"
            ));
            date = today;
        }
        out.push(Landed {
            date,
            note,
            after_today: later,
        });
    }
    out
}

/// A commit as the author of a change landed on `landed`.
pub(super) fn info(commit: &Commit<'_>, landed: Date, tz: &TimeZone) -> CommitInfo {
    let author = commit.author();
    CommitInfo {
        id: Some(commit.id()),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        date: landed,
        authored: date_of(author.when().seconds(), tz),
        summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned(),
        body: message_body(commit),
        cut: false,
        landed_by: None,
        note: None,
        after_today: false,
    }
}

/// The commits a merge brings in (those not on its first parent), newest first.
fn merged(repo: &Repo, merge: &Commit<'_>) -> Result<Vec<Oid>> {
    let what = || format!("reading the commits merged by {}", short(merge.id()));
    let mut walk = repo.repo.revwalk().map_err(|e| error(what(), &e))?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(|e| error(what(), &e))?;
    for parent in merge.parent_ids().skip(1) {
        walk.push(parent).map_err(|e| error(what(), &e))?;
    }
    if let Ok(first) = merge.parent_id(0) {
        walk.hide(first).map_err(|e| error(what(), &e))?;
    }
    Ok(walk.filter_map(std::result::Result::ok).collect())
}

/// The check-in trailers of the commits a merge brings in, with the commit that
/// carries each, so that a check-in made on a branch counts when the branch lands.
pub(super) fn merged_check_ins(
    repo: &Repo,
    merge: &Commit<'_>,
) -> Result<Vec<(String, String, Oid)>> {
    let mut out = Vec::new();
    // Oldest first, so that a later trailer for the same key result wins.
    for oid in merged(repo, merge)?.into_iter().rev() {
        if let Ok(commit) = repo.repo.find_commit(oid) {
            out.extend(
                check_ins(commit.message_bytes())
                    .into_iter()
                    .map(|(o, k)| (o, k, oid)),
            );
        }
    }
    Ok(out)
}

/// Where an entity is and what it says in one version: `None` when it is not there.
type Place = Option<(String, State)>;

/// For the events of a merge, the commit of the merged branch that made each: the
/// newest branch commit that left the entity as the merge leaves it, else the newest
/// that changed it (the merge resolved a conflict); events found in neither stay
/// with the merge.
pub(super) fn attribute(
    repo: &Repo,
    odb: &Odb<'_>,
    merge: &Commit<'_>,
    events: &[(Key, Event)],
    history: &History,
    blobs: &mut Blobs,
) -> Result<HashMap<Key, Oid>> {
    let mut pending: HashMap<&Key, Place> = HashMap::new();
    for (key, event) in events {
        let target = match &event.change {
            Change::Confirmed => continue,
            Change::Removed(_) => None,
            Change::Added(s) | Change::Changed { new: s, .. } | Change::Renamed(s) => {
                Some((event.file.to_string(), s.clone()))
            }
            Change::Moved => history
                .state_in(&event.file, key)
                .map(|s| (event.file.to_string(), s)),
        };
        pending.insert(key, target);
    }
    let keys: HashSet<&Key> = pending.keys().copied().collect();
    let mut out: HashMap<Key, Oid> = HashMap::new();
    let mut fallback: HashMap<&Key, Oid> = HashMap::new();
    for oid in merged(repo, merge)?.into_iter().take(BRANCH_COMMITS) {
        if pending.is_empty() {
            break;
        }
        let commit = repo
            .repo
            .find_commit(oid)
            .map_err(|e| error(format!("reading commit {}", short(oid)), &e))?;
        let new = walk::subtree_id(repo, &commit)?;
        let old = match commit.parent(0) {
            Ok(parent) => walk::subtree_id(repo, &parent)?,
            Err(_) => None,
        };
        if old == new {
            continue;
        }
        let missing = |path: &str| repo.missing_folder(path, oid);
        let changes = walk::diff(odb, &missing, old, new, &mut HashMap::new())?;
        let mut before: HashMap<&Key, (String, State)> = HashMap::new();
        let mut after: HashMap<&Key, (String, State)> = HashMap::new();
        for change in &changes {
            let parent = commit.parent_id(0).unwrap_or(oid);
            for (blob, side, at) in [
                (change.old, &mut before, parent),
                (change.new, &mut after, oid),
            ] {
                let Some(blob) = blob else { continue };
                let Some(summary) = blobs.summary(repo, blob, &change.path, at)? else {
                    continue;
                };
                for (key, state) in summary.iter() {
                    if let Some(key) = keys.get(key) {
                        side.insert(key, (change.path.clone(), state.clone()));
                    }
                }
            }
        }
        pending.retain(|key, target| {
            let (b, a) = (before.remove(key), after.remove(key));
            if b == a {
                return true;
            }
            if a == *target {
                out.insert((*key).clone(), oid);
                return false;
            }
            fallback.entry(key).or_insert(oid);
            true
        });
    }
    for (key, oid) in fallback {
        if pending.contains_key(key) {
            out.insert(key.clone(), oid);
        }
    }
    Ok(out)
}

/// The message after its first line, without `Check-in:` lines: what a check-in says
/// about its value. Empty when there is none.
fn message_body(commit: &Commit<'_>) -> String {
    String::from_utf8_lossy(commit.body_bytes().unwrap_or_default())
        .lines()
        .filter(|l| !l.trim_start().to_ascii_lowercase().starts_with("check-in:"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
