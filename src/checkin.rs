//! Check-ins: one key result's value (and confidence) set in place with toml_edit, so
//! that the file keeps its formatting and comments, plus `checked = today`; and the
//! commit that records it with a `Check-in: OBJECTIVE/KR` trailer.

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
pub fn edit(text: &str, edit: &Edit<'_>) -> Result<Edited> {
    let name = format!("{}/{}", edit.objective, edit.key_result);
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
    Ok(Edited { text, changes })
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
            table.insert(key, Item::Value(value));
        }
    }
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

/// Commits one file's new text on HEAD, with a `Check-in:` trailer. Only that file
/// changes in the commit (other staged or unstaged work is left alone), and its index
/// entry follows so that `git status` stays truthful. `path` is relative to the work
/// tree, `/`-separated.
pub fn commit(repo: &Repo, path: &str, text: &str, item: &str, summary: &str) -> Result<Oid> {
    let message = format!("{summary}\n\nCheck-in: {item}\n");
    commit_files(repo, &[(path.to_string(), text.to_string())], &message)
}

/// Commits the new texts of some files on HEAD with `message`, as [`commit`] does for
/// one: only those files change, and their index entries follow.
pub fn commit_files(repo: &Repo, files: &[(String, String)], message: &str) -> Result<Oid> {
    let git = &repo.repo;
    let signature = identity(git)?;
    let what = |w: &str| format!("committing: {w}");
    let mut builder = git2::build::TreeUpdateBuilder::new();
    let mut blobs = Vec::new();
    for (path, text) in files {
        let blob = git
            .blob(text.as_bytes())
            .map_err(|e| error(what("writing a file"), &e))?;
        builder.upsert(path, blob, git2::FileMode::Blob);
        blobs.push((path, blob, text.len()));
    }
    let parent = match git.head() {
        Ok(head) => Some(
            head.peel_to_commit()
                .map_err(|e| error(what("reading HEAD"), &e))?,
        ),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
        Err(e) => return Err(error(what("reading HEAD"), &e)),
    };
    let tree_id = match &parent {
        Some(parent) => {
            let base = parent.tree().map_err(|e| error(what("reading HEAD"), &e))?;
            builder.create_updated(git, &base)
        }
        None => {
            let empty = git
                .treebuilder(None)
                .and_then(|b| b.write())
                .and_then(|id| git.find_tree(id))
                .map_err(|e| error(what("writing a tree"), &e))?;
            builder.create_updated(git, &empty)
        }
    }
    .map_err(|e| error(what("writing the tree"), &e))?;
    let tree = git
        .find_tree(tree_id)
        .map_err(|e| error(what("reading the tree"), &e))?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let id = git
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .map_err(|e| error(what("writing the commit"), &e))?;
    for (path, blob, size) in blobs {
        stage(git, path, blob, size).map_err(|e| {
            error(
                format!("committed {}, but updating the index", short(id)),
                &e,
            )
        })?;
    }
    Ok(id)
}

/// The file's text at HEAD, when HEAD has it.
pub fn committed_text(repo: &Repo, path: &str) -> Result<Option<String>> {
    let Ok(head) = repo.repo.head().and_then(|h| h.peel_to_tree()) else {
        return Ok(None);
    };
    let Ok(entry) = head.get_path(std::path::Path::new(path)) else {
        return Ok(None);
    };
    let blob = entry
        .to_object(&repo.repo)
        .and_then(|o| o.peel_to_blob())
        .map_err(|e| error(format!("reading {path} at HEAD"), &e))?;
    Ok(String::from_utf8(blob.content().to_vec()).ok())
}

/// Points the index entry of `path` at the committed blob.
fn stage(
    git: &Repository,
    path: &str,
    blob: Oid,
    size: usize,
) -> std::result::Result<(), git2::Error> {
    let mut index = git.index()?;
    let mut entry = match index.get_path(std::path::Path::new(path), 0) {
        Some(entry) => entry,
        None => git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: 0,
            id: blob,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        },
    };
    entry.id = blob;
    entry.file_size = u32::try_from(size).unwrap_or(u32::MAX);
    index.add(&entry)?;
    index.write()
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

    #[test]
    fn bad_values_are_refused() {
        let text = |r: Result<Edited>| r.expect_err("refused").to_string();
        assert!(text(run("k", KrKind::Increase, Some("lots"), None)).contains("not a number"));
        assert!(text(run("k", KrKind::Increase, None, Some("1"))).contains("ambiguous"));
        assert!(text(run("k", KrKind::Milestone, Some("maybe"), None)).contains("true or false"));
        assert!(text(run("zz", KrKind::Increase, None, None)).contains("edit it by hand"));
    }
}
