//! Writing files without ever losing one (issue 17, items 1-7 and 18): `checkin`
//! replaces its file atomically and refuses a file changed meanwhile, commits through
//! git with hooks and signing, and refuses what git refuses; `report --out` and `init`
//! never overwrite strategy. Run as users do, in repositories built in a temp dir.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::Run;
use common::repo::TestRepo;
use common::strategy::{ENG_Q4, SALES, SALES_Q4, VISION, base_repo};

const KR: &str = "sales-renewals/renewal-rate";

/// The base tree committed on `change`, with an identity in the repository's config.
fn repo() -> TestRepo {
    let repo = base_repo();
    let mut config = repo.repo.config().expect("config");
    config.set_str("user.name", "@cara").expect("name");
    config
        .set_str("user.email", "cara@example.com")
        .expect("email");
    repo
}

/// `align` in `dir`, with no configuration from the machine (HOME is elsewhere).
fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_align"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("ALIGN_TODAY")
        .env_remove("ALIGN_FAULT_INJECTION")
        .env("NO_COLOR", "1")
        .env("HOME", dir.join(".git"))
        .env("XDG_CONFIG_HOME", dir.join(".git"))
        .env("GIT_CONFIG_NOSYSTEM", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = command(dir, args, env).output().expect("align runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

fn checkin(repo: &TestRepo, extra: &[&str]) -> Run {
    let mut args = vec!["checkin", KR, "--value", "85", "--today", "2026-11-20"];
    args.extend_from_slice(extra);
    run(repo.path(), &args)
}

/// `align` started with a fault injected that pauses it: returns once it says it is
/// paused, with standard input open to let it go on.
fn paused(repo: &TestRepo, fault: &str) -> Child {
    let mut child = command(
        repo.path(),
        &["checkin", KR, "--value", "85", "--today", "2026-11-20"],
        &[("ALIGN_FAULT_INJECTION", fault)],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("align starts");
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().expect("stderr"))
        .read_line(&mut line)
        .expect("a line");
    assert!(line.contains("paused"), "not paused: {line}");
    child
}

fn read(repo: &TestRepo, file: &str) -> Vec<u8> {
    std::fs::read(repo.join(file)).expect("read")
}

fn head(repo: &TestRepo) -> git2::Oid {
    repo.repo.refname_to_id("HEAD").expect("HEAD")
}

/// The file at `path` in HEAD's tree: its mode and content.
fn committed(repo: &TestRepo, path: &Path) -> (i32, Vec<u8>) {
    let tree = repo
        .repo
        .head()
        .and_then(|h| h.peel_to_tree())
        .expect("tree");
    let entry = tree.get_path(path).expect("in HEAD");
    let blob = entry
        .to_object(&repo.repo)
        .and_then(|o| o.peel_to_blob())
        .expect("blob");
    (entry.filemode(), blob.content().to_vec())
}

/// Files of a folder, sorted: a temporary file left behind would show.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `git` itself, in the test repository, with its own identity.
fn git(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .env("HOME", repo.join(".git"))
        .env("XDG_CONFIG_HOME", repo.join(".git"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

fn check_passes(repo: &TestRepo) {
    let check = run(repo.path(), &["check", "--today", "2026-11-20"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
}

// Item 1: atomic replacement.

#[test]
fn a_write_that_fails_half_way_leaves_the_file_as_it_was() {
    let repo = repo();
    let before = read(&repo, SALES_Q4);
    let failed = run_env(
        repo.path(),
        &["checkin", KR, "--value", "85", "--today", "2026-11-20"],
        &[("ALIGN_FAULT_INJECTION", "fail-write")],
    );
    assert_eq!(failed.code, 2, "{}", failed.transcript());
    assert!(
        failed.stderr.contains("cannot write") && failed.stderr.contains("injected failure"),
        "{}",
        failed.stderr
    );
    assert_eq!(read(&repo, SALES_Q4), before);
    assert_eq!(
        listing(&repo.join("objectives/2026-Q4")),
        ["engineering.toml", "sales.toml"],
        "no temporary file is left behind"
    );
    check_passes(&repo);
}

#[test]
fn a_kill_before_the_rename_leaves_the_old_file_and_after_it_the_new_one() {
    let repo = repo();
    let before = read(&repo, SALES_Q4);
    let mut child = paused(&repo, "pause-before-rename");
    // The new version is complete on disk, beside the old one, when the kill comes.
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert_eq!(read(&repo, SALES_Q4), before);
    // What a kill leaves behind is hidden and not `.toml`: the tree reads as before.
    check_passes(&repo);
    let check = run(
        repo.path(),
        &["check", "--today", "2026-11-20", "--format", "json"],
    );
    assert!(!check.stdout.contains("align-tmp"), "{}", check.stdout);

    let mut child = paused(&repo, "pause-before-rename");
    writeln!(child.stdin.as_mut().expect("stdin")).expect("go on");
    let status = child.wait().expect("done");
    assert!(status.success());
    let after = String::from_utf8(read(&repo, SALES_Q4)).expect("text");
    assert!(after.contains("current = 85.0\n"), "{after}");
    check_passes(&repo);
}

#[test]
fn a_kill_at_any_moment_leaves_the_old_file_or_the_new_one() {
    let repo = repo();
    let old = read(&repo, SALES_Q4);
    let done = checkin(&repo, &[]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let new = read(&repo, SALES_Q4);
    let mut seen = (0, 0);
    for delay in (0..40).map(|i| std::time::Duration::from_micros(i * 1500)) {
        std::fs::write(repo.join(SALES_Q4), &old).expect("reset");
        let mut child = command(
            repo.path(),
            &["checkin", KR, "--value", "85", "--today", "2026-11-20"],
            &[],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("align starts");
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().expect("reaped");
        let now = read(&repo, SALES_Q4);
        assert!(
            now == old || now == new,
            "killed after {delay:?}: {}",
            String::from_utf8_lossy(&now)
        );
        if now == old { seen.0 += 1 } else { seen.1 += 1 }
    }
    check_passes(&repo);
    eprintln!(
        "killed at 40 moments: {} left the old version, {} the new",
        seen.0, seen.1
    );
}

#[cfg(unix)]
#[test]
fn the_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo();
    let path = repo.join(SALES_Q4);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let done = checkin(&repo, &[]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o7777, 0o640);
}

// Item 2: an edit saved meanwhile is never overwritten.

#[test]
fn a_file_changed_since_it_was_read_is_refused_by_name() {
    let repo = repo();
    let mut child = paused(&repo, "pause-before-write");
    let saved = format!("{SALES}# saved in an editor meanwhile\n");
    repo.write(SALES_Q4, &saved);
    writeln!(child.stdin.as_mut().expect("stdin")).expect("go on");
    let output = child.wait_with_output().expect("done");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("objectives/2026-Q4/sales.toml changed since align read it"),
        "{stderr}"
    );
    assert_eq!(read(&repo, SALES_Q4), saved.as_bytes());
}

// Item 3: a locked index refuses the commit before anything changes.

#[test]
fn a_locked_index_refuses_the_commit_before_anything_changes() {
    let repo = repo();
    let lock = repo.join(".git/index.lock");
    std::fs::write(&lock, "").expect("lock");
    let (before, head_before) = (read(&repo, SALES_Q4), head(&repo));
    let refused = checkin(&repo, &["--commit"]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("index.lock exists")
            && refused.stderr.contains("nothing was changed"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&repo, SALES_Q4), before);
    assert_eq!(head(&repo), head_before);
    assert!(lock.exists());
}

// Item 4: the real file, under its real path.

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_edited_and_committed_as_the_file_it_points_to() {
    let repo = repo();
    repo.remove(SALES_Q4).write("sales/objectives.toml", SALES);
    std::os::unix::fs::symlink("../../sales/objectives.toml", repo.join(SALES_Q4)).expect("link");
    repo.commit("2026-11-01", "@cara", "Sales keeps its objectives");
    let done = checkin(&repo, &["--commit"]);
    assert_eq!(done.code, 0, "{}", done.transcript());

    let link = repo.join(SALES_Q4);
    assert!(std::fs::symlink_metadata(&link).expect("meta").is_symlink());
    let (mode, target) = committed(&repo, Path::new(SALES_Q4));
    assert_eq!(
        (mode, target.as_slice()),
        (0o120000, b"../../sales/objectives.toml".as_slice())
    );
    let (mode, text) = committed(&repo, Path::new("sales/objectives.toml"));
    assert_eq!(mode, 0o100644);
    let text = String::from_utf8(text).expect("text");
    assert!(text.contains("current = 85.0\n"), "{text}");
    assert_eq!(text.as_bytes(), read(&repo, "sales/objectives.toml"));
    let statuses = repo.repo.statuses(None).expect("status");
    assert_eq!(statuses.len(), 0, "everything is committed");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_committed_under_its_own_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"objectives/2026-Q4/ventes-\xe9t\xe9.toml");
    let repo = repo();
    repo.remove(SALES_Q4);
    std::fs::write(repo.join("").join(name), SALES).expect("write");
    repo.commit("2026-11-01", "@cara", "Latin-1 name");
    let done = checkin(&repo, &["--commit"]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let (_, text) = committed(&repo, Path::new(name));
    let text = String::from_utf8(text).expect("text");
    assert!(text.contains("current = 85.0\n"), "{text}");
    let tree = repo
        .repo
        .head()
        .and_then(|h| h.peel_to_tree())
        .expect("tree");
    let folder = tree
        .get_path(Path::new("objectives/2026-Q4"))
        .and_then(|e| e.to_object(&repo.repo))
        .expect("folder");
    let names: Vec<Vec<u8>> = folder
        .as_tree()
        .expect("a tree")
        .iter()
        .map(|e| e.name_bytes().to_vec())
        .collect();
    assert_eq!(
        names,
        [
            b"engineering.toml".to_vec(),
            b"ventes-\xe9t\xe9.toml".to_vec()
        ]
    );
}

// Item 5: git's own semantics.

#[cfg(unix)]
fn hook(repo: &TestRepo, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = repo.join(".git/hooks").join(name);
    std::fs::create_dir_all(path.parent().expect("hooks")).expect("mkdir");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("hook");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn hooks_run_and_a_refusing_pre_commit_hook_stops_the_commit() {
    let repo = repo();
    hook(
        &repo,
        "commit-msg",
        "echo 'Reviewed-by: the commit-msg hook' >> \"$1\"",
    );
    let done = checkin(&repo, &["--commit"]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let commit = repo.repo.find_commit(head(&repo)).expect("commit");
    assert_eq!(
        commit.message().ok(),
        Some(
            "Check in sales-renewals/renewal-rate: current 82.0 -> 85.0\n\n\
             Check-in: sales-renewals/renewal-rate\nReviewed-by: the commit-msg hook\n"
        )
    );

    hook(
        &repo,
        "pre-commit",
        "echo 'pre-commit: not today' >&2; exit 1",
    );
    let before = head(&repo);
    let refused = run(
        repo.path(),
        &[
            "checkin",
            KR,
            "--value",
            "86",
            "--commit",
            "--today",
            "2026-11-21",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("pre-commit: not today")
            && refused.stderr.contains("`git commit` failed")
            && refused.stderr.contains("holds the check-in, uncommitted"),
        "{}",
        refused.stderr
    );
    assert_eq!(head(&repo), before);
    let disk = String::from_utf8(read(&repo, SALES_Q4)).expect("text");
    assert!(disk.contains("current = 86.0\n"), "{disk}");
}

#[cfg(unix)]
#[test]
fn commit_gpgsign_signs_the_check_in() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo();
    // A stand-in for gpg that signs anything, speaking git's status protocol.
    let gpg = repo.join(".git/fake-gpg");
    std::fs::write(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1 8 00 0 FAKE\\n' >&2\n\
         printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n",
    )
    .expect("gpg");
    std::fs::set_permissions(&gpg, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut config = repo.repo.config().expect("config");
    config.set_bool("commit.gpgsign", true).expect("gpgsign");
    config
        .set_str("gpg.program", gpg.to_str().expect("utf-8"))
        .expect("program");
    let done = checkin(&repo, &["--commit"]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let (signature, _) = repo
        .repo
        .extract_signature(&head(&repo), None)
        .expect("a signed commit");
    assert!(
        String::from_utf8_lossy(&signature).contains("ZmFrZQ=="),
        "{}",
        String::from_utf8_lossy(&signature)
    );
}

#[test]
fn a_conflicted_merge_refuses_the_commit_as_git_does() {
    let repo = repo();
    let ok = |out: std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(git(&repo, &["checkout", "-q", "main"]));
    repo.write("vision.toml", &VISION.replace("on time", "on the day"));
    ok(git(&repo, &["commit", "-qam", "Vision: on the day"]));
    ok(git(&repo, &["checkout", "-q", "change"]));
    repo.write("vision.toml", &VISION.replace("on time", "within the hour"));
    ok(git(&repo, &["commit", "-qam", "Vision: within the hour"]));
    let merge = git(&repo, &["merge", "main"]);
    assert!(!merge.status.success(), "the merge conflicts");

    let (before, head_before) = (read(&repo, ENG_Q4), head(&repo));
    let refused = run(
        repo.path(),
        &[
            "checkin",
            "eng-calm-releases/failed-changes",
            "--value",
            "10",
            "--commit",
            "--today",
            "2026-11-20",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("a merge is in progress")
            && refused.stderr.contains("nothing was changed"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&repo, ENG_Q4), before);
    assert_eq!(head(&repo), head_before);
}

#[test]
fn without_the_git_command_the_commit_is_refused_before_anything_changes() {
    let repo = repo();
    let before = read(&repo, SALES_Q4);
    let empty = tempfile::tempdir().expect("an empty PATH");
    let refused = run_env(
        repo.path(),
        &[
            "checkin",
            KR,
            "--value",
            "85",
            "--commit",
            "--today",
            "2026-11-20",
        ],
        &[("PATH", empty.path().to_str().expect("utf-8"))],
    );
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("`git` was not found")
            && refused.stderr.contains("nothing was changed"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&repo, SALES_Q4), before);
}

// Item 6: line endings, BOM and indentation, on disk and in the commit.

#[test]
fn crlf_a_bom_and_indentation_survive_a_check_in() {
    let repo = repo();
    let indented = SALES.replace("\nid = \"renewal-rate\"", "\n  id = \"renewal-rate\"").replace(
        "title = \"Annual renewal rate\"\nbaseline = 78.0\ntarget = 88.0\ncurrent = 82.0\nunit = \"%\"",
        "  title = \"Annual renewal rate\"\n  baseline = 78.0\n  target = 88.0\n  current = 82.0\n  unit = \"%\"",
    );
    let windows = format!("\u{feff}{}", indented.replace('\n', "\r\n"));
    repo.write(SALES_Q4, &windows);
    repo.commit("2026-11-01", "@cara", "Saved on Windows");
    let done = checkin(&repo, &["--confidence", "0.7", "--commit"]);
    assert_eq!(done.code, 0, "{}", done.transcript());
    let expected = format!(
        "\u{feff}{}",
        indented
            .replace(
                "  current = 82.0\n  unit = \"%\"\n",
                "  current = 85.0\n  unit = \"%\"\n  confidence = 0.7\n  checked = 2026-11-20\n"
            )
            .replace('\n', "\r\n")
    );
    assert_eq!(
        String::from_utf8(read(&repo, SALES_Q4)).expect("text"),
        expected
    );
    assert_eq!(committed(&repo, Path::new(SALES_Q4)).1, expected.as_bytes());
    check_passes(&repo);
}

// Item 7: report --out and init never overwrite strategy.

#[test]
fn report_out_refuses_any_file_of_the_tree() {
    let repo = repo();
    let outside = tempfile::tempdir().expect("outside");
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo.join("vision.toml"), outside.path().join("report.html"))
        .expect("link");
    let mut outs = vec![
        "vision.toml".to_string(),
        "align.toml".to_string(),
        "./objectives/2026-Q4/../2026-Q4/sales.toml".to_string(),
        "objectives/new-report.toml".to_string(),
    ];
    if cfg!(unix) {
        outs.push(outside.path().join("report.html").display().to_string());
    }
    let before = read(&repo, "vision.toml");
    for out in &outs {
        let refused = run(
            repo.path(),
            &["report", "--today", "2026-11-20", "--out", out],
        );
        assert_eq!(refused.code, 2, "{out}: {}", refused.transcript());
        assert!(
            refused.stderr.contains(&format!("--out {out}:"))
                && refused.stderr.contains("write it outside the tree"),
            "{out}: {}",
            refused.stderr
        );
    }
    assert_eq!(read(&repo, "vision.toml"), before);
    assert!(!repo.join("objectives/new-report.toml").exists());
    // A report that is not strategy may live in the tree's folder.
    let done = run(
        repo.path(),
        &[
            "report",
            "--today",
            "2026-11-20",
            "--format",
            "html",
            "--out",
            "report.html",
        ],
    );
    assert_eq!(done.code, 0, "{}", done.transcript());
    assert!(repo.join("report.html").is_file());
}

#[cfg(unix)]
#[test]
fn init_refuses_to_write_through_a_dangling_symlink() {
    let dir = tempfile::tempdir().expect("dir");
    let outside = tempfile::tempdir().expect("outside");
    let target = outside.path().join("planted.toml");
    let tree = dir.path().join("strategy");
    std::fs::create_dir(&tree).expect("mkdir");
    std::os::unix::fs::symlink(&target, tree.join("vision.toml")).expect("link");
    let refused = run(dir.path(), &["init", "strategy", "--today", "2026-11-20"]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("vision.toml is a symlink to")
            && refused.stderr.contains("never writes through a link"),
        "{}",
        refused.stderr
    );
    assert!(!target.exists(), "nothing was written through the link");
    assert_eq!(
        listing(&tree),
        ["vision.toml"],
        "nothing was written at all"
    );

    // A linked folder on the way is refused too, even one that exists.
    std::fs::remove_file(tree.join("vision.toml")).expect("rm");
    std::os::unix::fs::symlink(outside.path(), tree.join("schema")).expect("link");
    let refused = run(dir.path(), &["init", "strategy", "--today", "2026-11-20"]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("schema is a symlink to"),
        "{}",
        refused.stderr
    );
    assert_eq!(listing(outside.path()), Vec::<String>::new());
}

// Item 18: a key result in a file that did not load.

#[test]
fn checkin_points_at_the_file_that_did_not_load() {
    let repo = repo();
    repo.write(
        SALES_Q4,
        &SALES.replace("current = 82.0", "current = 82.0.0"),
    );
    let refused = checkin(&repo, &[]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains(
            "`sales-renewals` appears in objectives/2026-Q4/sales.toml, which did not load"
        ),
        "{}",
        refused.stderr
    );
    // The file's own error is shown, at its line.
    assert!(refused.stderr.contains("82.0.0"), "{}", refused.stderr);
}
