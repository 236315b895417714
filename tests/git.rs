//! Reading other versions of a tree straight from git objects.

mod common;

use std::path::Path;

use align_okr::error::Error;
use align_okr::git::Repo;
use common::repo::TestRepo;

fn clean_fixture() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clean"))
}

fn objective_ids(tree: &align_okr::load::Tree) -> Vec<String> {
    let mut ids: Vec<String> = tree
        .model
        .objectives
        .iter()
        .map(|o| o.id.get_ref().clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_commit_is_read_from_objects_not_from_the_work_tree() {
    let repo = TestRepo::new();
    repo.copy_tree(clean_fixture(), "strategy");
    repo.write("README.md", "not strategy\n");
    repo.commit("2026-10-01", "@ana", "Plan Q4");
    let committed = align_okr::load::load(&repo.join("strategy")).expect("loads");
    // The work tree moves on; HEAD must still read as committed.
    repo.remove("strategy/objectives/2026-Q4/sales.toml");

    let git = Repo::discover(&repo.join("strategy")).expect("a repository");
    assert_eq!(git.prefix, "strategy");
    let head = git.commit("HEAD").expect("HEAD");
    let at_head = git.load_at(&head, "HEAD").expect("loads from git");
    assert_eq!(objective_ids(&at_head), objective_ids(&committed));
    let names = |t: &align_okr::load::Tree| -> Vec<String> {
        t.sources.iter().map(|(_, f)| f.name.clone()).collect()
    };
    assert_eq!(names(&at_head), names(&committed));
    assert!(at_head.findings.is_empty(), "{:?}", at_head.findings);
}

#[test]
fn a_folder_outside_any_repository_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    match Repo::discover(dir.path()) {
        Err(Error::NotARepository { .. }) => {}
        Err(other) => panic!("expected NotARepository, got {other}"),
        Ok(_) => panic!("a temporary folder is not a repository"),
    }
}

#[test]
fn unknown_revisions_and_missing_trees_are_clear_errors() {
    let repo = TestRepo::new();
    repo.write("other.txt", "before the tree existed\n");
    let first = repo.commit("2026-09-01", "@ana", "Start");
    repo.copy_tree(clean_fixture(), "");
    repo.commit("2026-10-01", "@ana", "Plan Q4");
    let git = Repo::discover(repo.path()).expect("a repository");

    let text = git
        .commit("origin/main")
        .expect_err("no remote")
        .to_string();
    assert!(text.contains("no commit `origin/main`"), "{text}");
    assert!(text.contains("git fetch"), "{text}");

    let before = git.commit(&first.to_string()).expect("first commit");
    let text = git
        .load_at(&before, "the first commit")
        .expect_err("no tree yet")
        .to_string();
    assert!(
        text.contains("no strategy tree at the top of the repository in the first commit"),
        "{text}"
    );
}

#[test]
fn bad_files_in_a_commit_are_findings_as_on_disk() {
    let repo = TestRepo::new();
    repo.copy_tree(clean_fixture(), "");
    repo.write("objectives/binary.toml", "a = \"\0\"\n");
    repo.write("objectives/broken.toml", "[[objective]\n");
    repo.write(".hidden/skip.toml", "not read at all = = =\n");
    repo.write("nested/align.toml", "");
    repo.write("nested/skip.toml", "not read either = = =\n");
    repo.commit("2026-10-01", "@ana", "Plan Q4");
    let git = Repo::discover(repo.path()).expect("a repository");
    let head = git.commit("HEAD").expect("HEAD");
    let tree = git.load_at(&head, "HEAD").expect("loads");
    let mut codes: Vec<(&str, String)> = tree
        .findings
        .iter()
        .map(|f| {
            (
                f.code.name(),
                f.entity
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("invalid-file", "file objectives/binary.toml".to_string()),
            // Not read, but said: a pull request cannot hide files in a nested tree.
            ("skipped-path", "path nested".to_string()),
            ("toml-syntax", "file objectives/broken.toml".to_string()),
        ]
    );
    assert_eq!(tree.files_not_loaded, 2);
}

#[test]
fn distinct_failures_have_their_own_errors_with_causes() {
    // A bare repository has no work tree to read.
    let dir = tempfile::tempdir().expect("tmp");
    git2::Repository::init_bare(dir.path()).expect("bare repository");
    match Repo::discover(dir.path()) {
        Err(Error::BareRepository { path }) => assert_eq!(
            path.canonicalize().expect("exists"),
            dir.path().canonicalize().expect("exists")
        ),
        Err(other) => panic!("expected BareRepository, got {other}"),
        Ok(_) => panic!("a bare repository has no work tree"),
    }

    // A revision git does not know: libgit2's error is the cause, printed after ours.
    let repo = TestRepo::new();
    repo.copy_tree(clean_fixture(), "strategy");
    repo.commit("2026-10-01", "@ana", "Plan Q4");
    let git = Repo::discover(&repo.join("strategy")).expect("a repository");
    let Err(error) = git.commit("no-such-branch") else {
        panic!("no-such-branch is not a commit");
    };
    let Error::LibGit2 { source, .. } = &error else {
        panic!("expected LibGit2, got {error}");
    };
    assert_eq!(source.code(), git2::ErrorCode::NotFound);
    let source = std::error::Error::source(&error).expect("a cause");
    assert_eq!(source.to_string(), "revspec 'no-such-branch' not found");
    assert_eq!(
        align_okr::error::chain(&error),
        "git: no commit `no-such-branch` in the repository: revspec 'no-such-branch' not found"
    );
}

#[test]
fn a_setting_out_of_range_points_at_its_value() {
    let repo = TestRepo::new();
    repo.copy_tree(clean_fixture(), "strategy");
    let settings = repo.join("strategy/align.toml");
    let text = std::fs::read_to_string(&settings).expect("read");
    std::fs::write(
        &settings,
        format!("{text}\n[pace]\nat_risk = 0.1\noff_track = 7\n"),
    )
    .expect("write");
    let line = text.lines().count() + 4;
    let root = repo.join("strategy");
    let run = common::align(&[
        "report",
        "--root",
        root.to_str().expect("UTF-8"),
        "--today",
        common::TODAY,
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        format!(
            "error: align.toml:{line}:13: [pace] at_risk = 0.1 and off_track = 7 must be \
             between 0 and 1, with at_risk not above off_track\n"
        )
    );
}
