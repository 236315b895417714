//! Git repositories built in a temporary folder, with pinned author and committer
//! dates, so that history tests are reproducible to the second.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use git2::{Repository, Signature, Time};

pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
}

/// Seconds since the epoch at noon UTC of a `YYYY-MM-DD` date.
pub fn noon(date: &str) -> i64 {
    let date: jiff::civil::Date = date.parse().expect("a YYYY-MM-DD date");
    date.at(12, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .expect("a valid time")
        .timestamp()
        .as_second()
}

impl TestRepo {
    /// An empty repository whose default branch is `main`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &options).expect("git init");
        Self { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file of the work tree, creating its folders.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn remove(&self, relative: &str) -> &Self {
        std::fs::remove_file(self.join(relative)).expect("remove");
        self
    }

    /// Copies a folder (e.g. a fixture tree) into the work tree at `to`.
    pub fn copy_tree(&self, from: &Path, to: &str) -> &Self {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.expect("walk");
            let relative = entry.path().strip_prefix(from).expect("inside");
            let target = self.join(to).join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
        self
    }

    /// Commits the whole work tree (additions, changes and removals) on HEAD, as
    /// `author` at noon UTC of `date`. Returns the commit id.
    pub fn commit(&self, date: &str, author: &str, message: &str) -> git2::Oid {
        let tree_id = self.stage_all();
        self.commit_tree(tree_id, date, author, message, &[])
    }

    /// Stages the whole work tree and returns the tree it makes.
    fn stage_all(&self) -> git2::Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        index.write_tree().expect("write tree")
    }

    /// A commit that changes nothing, such as a check-in confirming a value.
    pub fn commit_empty(&self, date: &str, author: &str, message: &str) -> git2::Oid {
        let tree_id = self
            .repo
            .head()
            .and_then(|h| h.peel_to_tree())
            .map(|t| t.id())
            .expect("a first commit exists");
        self.commit_tree(tree_id, date, author, message, &[])
    }

    /// Commits the work tree as a merge of HEAD (first parent) and `other`: write the
    /// merged files first.
    pub fn merge(&self, other: git2::Oid, date: &str, author: &str, message: &str) -> git2::Oid {
        let tree_id = self.stage_all();
        self.commit_tree(tree_id, date, author, message, &[other])
    }

    /// Moves HEAD's branch to `to`, and the index and work tree with it.
    pub fn reset_hard(&self, to: git2::Oid) {
        let commit = self.repo.find_object(to, None).expect("a commit");
        self.repo
            .reset(&commit, git2::ResetType::Hard, None)
            .expect("reset");
    }

    fn commit_tree(
        &self,
        tree_id: git2::Oid,
        date: &str,
        author: &str,
        message: &str,
        others: &[git2::Oid],
    ) -> git2::Oid {
        let time = Time::new(noon(date), 0);
        self.commit_tree_as(tree_id, (author, time), (author, time), message, others)
    }

    /// Commits the whole work tree on HEAD with the author's and the committer's
    /// names and times given apart, as (name, time): authors set their dates freely,
    /// and a merge made by GitHub has its own committer.
    pub fn commit_as(
        &self,
        author: (&str, Time),
        committer: (&str, Time),
        message: &str,
    ) -> git2::Oid {
        let tree_id = self.stage_all();
        self.commit_tree_as(tree_id, author, committer, message, &[])
    }

    fn commit_tree_as(
        &self,
        tree_id: git2::Oid,
        author: (&str, Time),
        committer: (&str, Time),
        message: &str,
        others: &[git2::Oid],
    ) -> git2::Oid {
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let signature = |(name, time): (&str, Time)| {
            let email = format!("{}@example.com", name.trim_start_matches('@'));
            Signature::new(name, &email, &time).expect("signature")
        };
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let others: Vec<git2::Commit> = others
            .iter()
            .map(|oid| self.repo.find_commit(*oid).expect("a commit"))
            .collect();
        let parents: Vec<&git2::Commit> = parent.iter().chain(others.iter()).collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature(author),
                &signature(committer),
                message,
                &tree,
                &parents,
            )
            .expect("commit")
    }
}

/// A git time: seconds since the epoch of a UTC date and time (`2026-09-30T23:30`),
/// shown in the time zone `offset_minutes` east of UTC.
pub fn at(utc: &str, offset_minutes: i32) -> Time {
    let time: jiff::civil::DateTime = utc.parse().expect("a YYYY-MM-DDTHH:MM time");
    let seconds = time
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .expect("a valid time")
        .timestamp()
        .as_second();
    Time::new(seconds, offset_minutes)
}
