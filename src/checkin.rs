//! Check-ins: one key result's value (and confidence) set in place with toml_edit, so
//! that the file keeps its formatting and comments, plus `checked = today`; and the
//! commit that records it with a `Check-in: OBJECTIVE/KR` trailer.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{Oid, Repository};
use toml_edit::{DocumentMut, Item, Value};

use crate::error::{Error, Result};
use crate::git::{Repo, error, short};
use crate::model::{Confidence, ConfidenceScale, KrKind, StrategyFile};

/// What to change.
#[derive(Debug, Clone)]
pub struct Edit<'a> {
    pub objective: &'a str,
    pub key_result: &'a str,
    pub kind: KrKind,
    /// As typed: a number, true/false, or a zone.
    pub value: Option<&'a str>,
    pub confidence: Option<&'a str>,
    /// The company's confidence scale (`[scale] confidence`), which settles what an
    /// integer means.
    pub scale: Option<ConfidenceScale>,
    pub today: jiff::civil::Date,
}

/// The edited text and what changed ("current 96.1 -> 97.2").
#[derive(Debug)]
pub struct Edited {
    pub text: String,
    pub changes: Vec<String>,
}

/// Edits one file's text. Errors name what is wrong with the input; the text is
/// checked to still be a strategy file before it is returned.
/// A byte-order mark and CRLF line endings are kept, as written.
pub fn edit(text: &str, edit: &Edit<'_>) -> Result<Edited> {
    let name = format!("{}/{}", edit.objective, edit.key_result);
    // toml_edit drops a BOM and writes the lines it adds with `\n`: edit the text with
    // neither, then put them back.
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = text.contains("\r\n") && text.matches('\n').count() == text.matches("\r\n").count();
    let text = if crlf {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Error::Usage(format!("cannot edit the file of `{name}`: {e}")))?;
    let table = find(&mut doc, edit.objective, edit.key_result).ok_or_else(|| {
        Error::Usage(format!(
            "`{name}` is not written as an [[objective]] with [[objective.key_result]] tables \
             in its file: edit it by hand"
        ))
    })?;
    let mut changes = Vec::new();
    if let Some(value) = edit.value {
        let (key, new) = parse_value(edit.kind, value, table.get("current"))?;
        set(table, key, new, &mut changes);
    }
    if let Some(confidence) = edit.confidence {
        set(
            table,
            "confidence",
            parse_confidence(confidence, edit.scale)?,
            &mut changes,
        );
    }
    let date = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: edit.today.year() as u16,
            month: edit.today.month() as u8,
            day: edit.today.day() as u8,
        }),
        time: None,
        offset: None,
    };
    set(table, "checked", Value::from(date), &mut changes);
    let text = doc.to_string();
    toml::from_str::<StrategyFile>(&text).map_err(|e| {
        Error::Usage(format!(
            "the check-in would leave the file invalid ({}): nothing was written",
            e.message().trim()
        ))
    })?;
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    Ok(Edited {
        text: format!("{bom}{text}"),
        changes,
    })
}

/// The table of one key result.
fn find<'d>(
    doc: &'d mut DocumentMut,
    objective: &str,
    kr: &str,
) -> Option<&'d mut toml_edit::Table> {
    let is = |t: &toml_edit::Table, id: &str| t.get("id").and_then(Item::as_str) == Some(id);
    doc.get_mut("objective")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|o| is(o, objective))?
        .get_mut("key_result")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|k| is(k, kr))
}

/// Sets `key`, keeping its place in the table and the comment after it, and says
/// what changed in `changes` ("current 96.1 -> 97.2").
pub(crate) fn set(
    table: &mut toml_edit::Table,
    key: &str,
    mut value: Value,
    changes: &mut Vec<String>,
) {
    let old = table.get(key).and_then(Item::as_value);
    let shown = |v: &Value| {
        let mut bare = v.clone();
        bare.decor_mut().clear();
        bare.to_string()
    };
    let before = old.map(shown);
    let after = shown(&value);
    if before.as_deref() == Some(after.as_str()) {
        return;
    }
    changes.push(match &before {
        Some(b) => format!("{key} {b} -> {after}"),
        None => format!("{key} {after}"),
    });
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(slot) => {
            *value.decor_mut() = slot.decor().clone();
            *slot = value;
        }
        None => {
            let indent = indentation(table);
            table.insert(key, Item::Value(value));
            if let (Some(indent), Some(mut added)) = (indent, table.key_mut(key)) {
                added.leaf_decor_mut().set_prefix(indent);
            }
        }
    }
}

/// The indentation of the table's last key, for a key added after it.
fn indentation(table: &toml_edit::Table) -> Option<String> {
    let (last, _) = table.iter().last()?;
    let prefix = table.key(last)?.leaf_decor().prefix()?.as_str()?;
    // A comment above the key is part of its prefix: only its own line counts.
    let indent = prefix.rsplit('\n').next().unwrap_or(prefix);
    (!indent.is_empty() && indent.chars().all(|c| c == ' ' || c == '\t'))
        .then(|| indent.to_string())
}

/// The key a value sets, by the key result's kind, and the value typed as the file
/// writes it (an integer stays an integer).
fn parse_value(kind: KrKind, text: &str, current: Option<&Item>) -> Result<(&'static str, Value)> {
    let text = text.trim();
    match kind {
        KrKind::Milestone => match text.to_ascii_lowercase().as_str() {
            "true" | "done" | "yes" => Ok(("done", Value::from(true))),
            "false" | "no" => Ok(("done", Value::from(false))),
            _ => Err(Error::Usage(format!(
                "a milestone's value is true or false (done or not), not `{text}`"
            ))),
        },
        KrKind::Ordinal => match text {
            "fail" | "commit" | "target" | "stretch" => Ok(("zone", Value::from(text))),
            _ => Err(Error::Usage(format!(
                "an ordinal key result's value is a zone (fail, commit, target, stretch), not `{text}`"
            ))),
        },
        _ => {
            let integer = current.is_some_and(|c| c.as_integer().is_some());
            if integer && let Ok(n) = text.parse::<i64>() {
                return Ok(("current", Value::from(n)));
            }
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(("current", Value::from(x))),
                _ => Err(Error::Usage(format!("`{text}` is not a number"))),
            }
        }
    }
}

/// A confidence as teams write it: 0.0-1.0, an integer 0-10, or low/medium/high;
/// with a declared scale, as the scale says. Checked as `align check` reads it.
fn parse_confidence(text: &str, scale: Option<ConfidenceScale>) -> Result<Value> {
    let text = text.trim();
    let (value, written) = if let Ok(n) = text.parse::<i64>() {
        (Value::from(n), Confidence::Scale10(n))
    } else if let Ok(x) = text.parse::<f64>() {
        (Value::from(x), Confidence::Fraction(x))
    } else {
        let word = text.to_ascii_lowercase();
        (Value::from(word.as_str()), Confidence::Word(word))
    };
    if written.on_scale(scale).is_some() {
        return Ok(value);
    }
    Err(Error::Usage(match (scale, &written) {
        (None, Confidence::Scale10(1)) => {
            "a confidence of 1 is ambiguous (certain, or 1 in 10?): write 1.0 or 10, or declare \
             the scale in align.toml (`[scale] confidence = \"0-10\"`)"
                .into()
        }
        (None, _) => {
            format!("a confidence is 0.0-1.0, an integer 0-10, or low/medium/high, not `{text}`")
        }
        (Some(ConfidenceScale::ZeroToOne), _) => {
            format!("align.toml declares confidence on 0-1: write 0.0-1.0, not `{text}`")
        }
        (Some(ConfidenceScale::ZeroToTen), _) => {
            format!("align.toml declares confidence on 0-10: write 0-10, not `{text}`")
        }
        (Some(ConfidenceScale::Words), _) => format!(
            "align.toml declares confidence in words: write low, medium or high, not `{text}`"
        ),
    }))
}

/// The identity commits are made as, from git's configuration; a clear refusal when
/// there is none (align never invents an author).
pub fn identity(repo: &Repository) -> Result<git2::Signature<'static>> {
    repo.signature().map_err(|_| {
        Error::Usage(
            "no git identity to commit as: set it with `git config user.name \"Your Name\"` \
             and `git config user.email you@example.com` (nothing was changed)"
                .into(),
        )
    })
}

/// A commit of strategy files, made by the `git` command so that it has git's own
/// semantics: hooks run, `commit.gpgsign` signs, clean and smudge filters apply. Like
/// `git commit --only FILE...`, it commits from a temporary index holding HEAD plus the
/// given files, so other staged work stays staged and out of the commit. Used by
/// `checkin --commit` (one file) and `cycle close --commit` (the files it graded).
pub struct Committer {
    repo: Repo,
    /// Each file's real path (symlinks resolved) relative to the work tree: the path it
    /// is committed under, byte for byte, whatever its encoding.
    paths: Vec<PathBuf>,
}

impl Committer {
    /// Checks, before anything changes, everything git would refuse the commit for:
    /// no `git` command, no identity, a merge or another operation in progress,
    /// unresolved conflicts, an index locked by another git process, a file outside
    /// the work tree. `file` is the strategy file as the tree names it.
    pub fn prepare(root: &Path, file: &Path) -> Result<Self> {
        Self::prepare_all(root, &[file])
    }

    /// [`Committer::prepare`] for several files, committed together.
    pub fn prepare_all(root: &Path, files: &[&Path]) -> Result<Self> {
        let repo = Repo::discover(root)?;
        let nothing = "nothing was changed";
        match Command::new("git").arg("--version").output() {
            Ok(out) if out.status.success() => {}
            Ok(_) | Err(_) => {
                return Err(Error::Usage(format!(
                    "`--commit` commits through the `git` command (so that hooks and signing \
                     apply), and `git` was not found or does not run: install git, or run \
                     without --commit and commit by hand ({nothing})"
                )));
            }
        }
        identity(&repo.repo)?;
        let state = repo.repo.state();
        if state != git2::RepositoryState::Clean {
            return Err(Error::Usage(format!(
                "{} is in progress: git refuses a commit of some files now; finish or abort \
                 it first ({nothing})",
                operation(state)
            )));
        }
        let conflicted = repo
            .repo
            .index()
            .map(|i| i.has_conflicts())
            .map_err(|e| error("reading the index", &e))?;
        if conflicted {
            return Err(Error::Usage(format!(
                "the index has unresolved conflicts: resolve them first ({nothing})"
            )));
        }
        let lock = repo.repo.path().join("index.lock");
        if std::fs::symlink_metadata(&lock).is_ok() {
            return Err(Error::Usage(format!(
                "{} exists: another git command is running, or one crashed; if none is \
                 running, remove that file ({nothing})",
                lock.display()
            )));
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let workdir = repo.workdir.canonicalize().map_err(io(&repo.workdir))?;
        let mut paths = Vec::with_capacity(files.len());
        for file in files {
            let real = file.canonicalize().map_err(io(file))?;
            let path = real
                .strip_prefix(&workdir)
                .map_err(|_| {
                    Error::Usage(format!(
                        "{} is {}, outside the repository's work tree: it cannot be \
                         committed ({nothing})",
                        file.display(),
                        real.display()
                    ))
                })?
                .to_path_buf();
            paths.push(path);
        }
        Ok(Self { repo, paths })
    }

    /// The (first) file's text at HEAD, when HEAD has it as UTF-8 text.
    pub fn committed_text(&self) -> Result<Option<String>> {
        self.committed_text_of(0)
    }

    /// The text at HEAD of the file at `index` in the order prepared.
    pub fn committed_text_of(&self, index: usize) -> Result<Option<String>> {
        let Some(path) = self.paths.get(index) else {
            return Ok(None);
        };
        let Some(entry) = self.head_entry(path) else {
            return Ok(None);
        };
        let blob = entry
            .to_object(&self.repo.repo)
            .and_then(|o| o.peel_to_blob())
            .map_err(|e| error(format!("reading {} at HEAD", path.display()), &e))?;
        Ok(String::from_utf8(blob.content().to_vec()).ok())
    }

    fn head_entry(&self, path: &Path) -> Option<git2::TreeEntry<'static>> {
        let tree = self.repo.repo.head().and_then(|h| h.peel_to_tree()).ok()?;
        tree.get_path(path).ok()
    }

    /// Commits `text` as the file's new content on HEAD, with the message `summary`
    /// and a `Check-in: ITEM` trailer, then points the file's index entry at it so that
    /// `git status` stays truthful.
    pub fn commit(&self, text: &str, item: &str, summary: &str) -> Result<Oid> {
        self.commit_all(
            &[text],
            &[summary, &format!("Check-in: {item}")],
            "check-in",
        )
    }

    /// Commits `texts` (one per file, in the order prepared) on HEAD with the message
    /// made of `paragraphs`, then points the files' index entries at them. `what` names
    /// the change when the commit fails ("check-in", "grades").
    pub fn commit_all(&self, texts: &[&str], paragraphs: &[&str], what: &str) -> Result<Oid> {
        let mut updates: Vec<std::ffi::OsString> = Vec::with_capacity(self.paths.len());
        for (path, text) in self.paths.iter().zip(texts) {
            let mode = format!(
                "{:o}",
                self.head_entry(path).map_or(0o100644, |e| e.filemode())
            );
            let mut path_arg = std::ffi::OsString::from("--path=");
            path_arg.push(path);
            let blob = self.git(
                &[
                    "hash-object".as_ref(),
                    "-w".as_ref(),
                    "--stdin".as_ref(),
                    path_arg.as_os_str(),
                ],
                None,
                Some(text.as_bytes()),
            )?;
            let blob = String::from_utf8_lossy(&blob).trim().to_string();
            let mut cacheinfo = std::ffi::OsString::from(format!("{mode},{blob},"));
            cacheinfo.push(path);
            updates.push(cacheinfo);
        }
        fn update(cacheinfo: &OsStr) -> [&OsStr; 4] {
            [
                "update-index".as_ref(),
                "--add".as_ref(),
                "--cacheinfo".as_ref(),
                cacheinfo,
            ]
        }

        // The commit's index: HEAD's tree with the files, in a scratch folder of the
        // git directory that goes away with it.
        let scratch = tempfile::Builder::new()
            .prefix("align-checkin-")
            .tempdir_in(self.repo.repo.path())
            .map_err(|source| Error::Write {
                what: format!("a temporary index in {}", self.repo.repo.path().display()),
                source,
            })?;
        let index = scratch.path().join("index");
        let unborn = self.repo.repo.head().is_err();
        let read_tree: [&OsStr; 2] = if unborn {
            ["read-tree".as_ref(), "--empty".as_ref()]
        } else {
            ["read-tree".as_ref(), "HEAD".as_ref()]
        };
        self.git(&read_tree, Some(&index), None)?;
        for cacheinfo in &updates {
            self.git(&update(cacheinfo), Some(&index), None)?;
        }

        let mut command = Command::new("git");
        command
            .current_dir(&self.repo.workdir)
            .env("GIT_INDEX_FILE", &index)
            .args(["commit", "--quiet"]);
        for paragraph in paragraphs {
            command.arg("-m").arg(paragraph);
        }
        let status = command
            // Hooks and a signing agent may talk to the user: they get the terminal, and
            // standard output stays align's own.
            .stdin(Stdio::inherit())
            .stdout(Stdio::from(std::io::stderr()))
            .stderr(Stdio::inherit())
            .status()
            .map_err(|e| Error::Git {
                what: "running `git commit`".into(),
                message: e.to_string(),
            })?;
        let names = self
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if !status.success() {
            return Err(Error::Git {
                what: "committing".into(),
                message: format!(
                    "`git commit` failed ({status}; its message is above): {names} {} the \
                     {what}, uncommitted",
                    if self.paths.len() == 1 {
                        "holds"
                    } else {
                        "hold"
                    }
                ),
            });
        }
        let id = self
            .repo
            .repo
            .refname_to_id("HEAD")
            .map_err(|e| error("reading the new HEAD", &e))?;
        for cacheinfo in &updates {
            self.git(&update(cacheinfo), None, None)
                .map_err(|e| Error::Git {
                    what: format!("committed {}, but updating the index", short(id)),
                    message: e.to_string(),
                })?;
        }
        Ok(id)
    }

    /// Runs a git plumbing command in the work tree, on `index` when given, and
    /// returns its standard output; its standard error becomes the error.
    fn git(&self, args: &[&OsStr], index: Option<&Path>, input: Option<&[u8]>) -> Result<Vec<u8>> {
        let what = format!(
            "running `git {}`",
            args.first()
                .map(|a| a.to_string_lossy())
                .unwrap_or_default()
        );
        let mut command = Command::new("git");
        command
            .current_dir(&self.repo.workdir)
            .args(args)
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        let failed = |message: String| Error::Git {
            what: what.clone(),
            message,
        };
        let mut child = command.spawn().map_err(|e| failed(e.to_string()))?;
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin.write_all(input).map_err(|e| failed(e.to_string()))?;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| failed(e.to_string()))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(failed(
                String::from_utf8_lossy(&output.stderr).trim().to_string(),
            ))
        }
    }
}

/// What git is in the middle of, as its own messages name it.
fn operation(state: git2::RepositoryState) -> &'static str {
    use git2::RepositoryState as S;
    match state {
        S::Merge => "a merge",
        S::Revert | S::RevertSequence => "a revert",
        S::CherryPick | S::CherryPickSequence => "a cherry-pick",
        S::Bisect => "a bisect",
        S::Rebase | S::RebaseInteractive | S::RebaseMerge => "a rebase",
        S::ApplyMailbox | S::ApplyMailboxOrRebase => "a `git am`",
        S::Clean => "nothing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Platform objectives\n[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\n[[objective.key_result]]\nid = \"k\"\ntitle = \"Deploy success\"\nbaseline = 92.0\ntarget = 99.5\ncurrent = 96.1   # from the dashboard\nunit = \"%\"\n\n[[objective.key_result]]\nid = \"n\"\ntitle = \"n\"\nbaseline = 3\ntarget = 10\ncurrent = 4\nconfidence = 7\n";

    fn day() -> jiff::civil::Date {
        "2026-11-26".parse().expect("date")
    }

    fn run(
        kr: &str,
        kind: KrKind,
        value: Option<&str>,
        confidence: Option<&str>,
    ) -> Result<Edited> {
        edit(
            FILE,
            &Edit {
                objective: "o",
                key_result: kr,
                kind,
                value,
                confidence,
                scale: None,
                today: day(),
            },
        )
    }

    #[test]
    fn the_value_changes_in_place_and_the_rest_stays() {
        let edited = run("k", KrKind::Increase, Some("97.2"), Some("0.6")).expect("edits");
        assert_eq!(
            edited.text,
            FILE.replace(
                "current = 96.1   # from the dashboard\nunit = \"%\"\n",
                "current = 97.2   # from the dashboard\nunit = \"%\"\nconfidence = 0.6\nchecked = 2026-11-26\n"
            )
        );
        assert_eq!(
            edited.changes,
            [
                "current 96.1 -> 97.2",
                "confidence 0.6",
                "checked 2026-11-26"
            ]
        );
    }

    #[test]
    fn an_integer_stays_an_integer_and_no_value_only_confirms() {
        let edited = run("n", KrKind::Increase, Some("5"), Some("8")).expect("edits");
        assert!(
            edited
                .text
                .contains("current = 5\nconfidence = 8\nchecked = 2026-11-26\n"),
            "{}",
            edited.text
        );
        let confirmed = run("k", KrKind::Increase, None, None).expect("edits");
        assert_eq!(confirmed.changes, ["checked 2026-11-26"]);
    }

    fn confirm(text: &str) -> String {
        edit(
            text,
            &Edit {
                objective: "o",
                key_result: "k",
                kind: KrKind::Increase,
                value: Some("97.2"),
                confidence: Some("0.6"),
                scale: None,
                today: day(),
            },
        )
        .expect("edits")
        .text
    }

    #[test]
    fn crlf_line_endings_and_a_bom_are_kept() {
        let crlf = FILE.replace('\n', "\r\n");
        let edited = confirm(&crlf);
        assert_eq!(edited, confirm(FILE).replace('\n', "\r\n"));
        assert!(edited.contains("confidence = 0.6\r\nchecked = 2026-11-26\r\n"));
        let bom = format!("\u{feff}{FILE}");
        assert_eq!(confirm(&bom), format!("\u{feff}{}", confirm(FILE)));
        let both = format!("\u{feff}{crlf}");
        assert_eq!(
            confirm(&both),
            format!("\u{feff}{}", confirm(FILE).replace('\n', "\r\n"))
        );
    }

    #[test]
    fn added_keys_take_the_tables_indentation() {
        let indented = FILE.replace("\nid = \"k\"", "\n  id = \"k\"").replace(
            "title = \"Deploy success\"\nbaseline = 92.0\ntarget = 99.5\ncurrent = 96.1   # from the dashboard\nunit = \"%\"",
            "  title = \"Deploy success\"\n  baseline = 92.0\n  target = 99.5\n  current = 96.1   # from the dashboard\n  # shown as a percentage\n\tunit = \"%\"",
        );
        assert!(indented.contains("\tunit"), "{indented}");
        let edited = confirm(&indented);
        assert!(
            edited.contains(
                "  current = 97.2   # from the dashboard\n  # shown as a percentage\n\tunit = \"%\"\n\tconfidence = 0.6\n\tchecked = 2026-11-26\n"
            ),
            "{edited}"
        );
        // Unindented tables stay unindented.
        assert!(confirm(FILE).contains("\nconfidence = 0.6\nchecked = 2026-11-26\n"));
    }

    #[test]
    fn bad_values_are_refused() {
        let text = |r: Result<Edited>| r.expect_err("refused").to_string();
        assert!(text(run("k", KrKind::Increase, Some("lots"), None)).contains("not a number"));
        assert!(text(run("k", KrKind::Increase, None, Some("1"))).contains("ambiguous"));
        assert!(text(run("k", KrKind::Milestone, Some("maybe"), None)).contains("true or false"));
        assert!(text(run("zz", KrKind::Increase, None, None)).contains("edit it by hand"));
    }
}
