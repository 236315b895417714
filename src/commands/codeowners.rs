//! `align codeowners`: the CODEOWNERS block that routes strategy files to reviewers,
//! printed, checked against the repository's CODEOWNERS, or written into it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::CodeownersArgs;
use crate::codeowners::{self, Skipped};
use crate::error::{Error, Result};
use crate::render::table::clean;

/// Where GitHub looks for CODEOWNERS, in the order it looks.
const LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

pub fn run(cx: &super::Context, args: &CodeownersArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let (_, tree) = cx.load_complete("CODEOWNERS block")?;
    let repo = crate::git::Repo::discover(&tree.sources.root)?;
    let routing = codeowners::route(&tree, &repo.prefix);
    warn_skipped(&routing.skipped);
    let block = codeowners::render_block(&routing);
    if block.len() > codeowners::MAX_BYTES {
        return Err(Error::Usage(format!(
            "the CODEOWNERS block would be {} bytes; GitHub ignores a CODEOWNERS file over \
             3 MiB",
            block.len()
        )));
    }
    if let Some(file) = &args.check {
        let path = chosen(file.as_deref(), &repo.workdir);
        return check(cx, &path, &block, w);
    }
    if let Some(file) = &args.write {
        let path = chosen(file.as_deref(), &repo.workdir);
        return write(cx, &path, &block, w);
    }
    super::out(w.write_all(block.as_bytes()))?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}

/// The file named on the command line, else the one GitHub reads: the first that
/// exists of [`LOCATIONS`], or `.github/CODEOWNERS` for a new one.
fn chosen(named: Option<&Path>, workdir: &Path) -> PathBuf {
    if let Some(path) = named {
        return path.to_path_buf();
    }
    LOCATIONS
        .iter()
        .map(|l| workdir.join(l))
        .find(|p| p.is_file())
        .unwrap_or_else(|| workdir.join(LOCATIONS[0]))
}

fn read(path: &Path) -> Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            Error::Usage(format!(
                "{} is not UTF-8 text",
                clean(&path.display().to_string())
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Exit 0 when the block in `path` is the one the tree asks for; else exit 1 with the
/// lines to add and to remove.
fn check(cx: &super::Context, path: &Path, block: &str, w: &mut dyn Write) -> Result<ExitCode> {
    let shown = clean(&path.display().to_string()).into_owned();
    let Some(text) = read(path)? else {
        cx.say(
            w,
            &format!("{shown} does not exist: run `align codeowners --write` to create it"),
        )?;
        return Ok(ExitCode::from(1));
    };
    let range = codeowners::find_block(&text)
        .map_err(|why| Error::Usage(format!("cannot check {shown}: {why}")))?;
    let Some(range) = range else {
        cx.say(
            w,
            &format!(
                "{shown} has no align block: run `align codeowners --write {shown}` to add it"
            ),
        )?;
        return Ok(ExitCode::from(1));
    };
    let current = text[range].replace("\r\n", "\n");
    if current == block {
        cx.say(w, &format!("{shown} is up to date"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let old: std::collections::BTreeSet<&str> = current.lines().collect();
    let new: std::collections::BTreeSet<&str> = block.lines().collect();
    for line in new.difference(&old) {
        super::out(writeln!(w, "+ {}", clean(line)))?;
    }
    for line in old.difference(&new) {
        super::out(writeln!(w, "- {}", clean(line)))?;
    }
    cx.say(
        w,
        &format!("{shown} is out of date: run `align codeowners --write {shown}`"),
    )?;
    super::flush(w)?;
    Ok(ExitCode::from(1))
}

/// Replaces the block in `path`, or appends it, keeping every other line.
fn write(cx: &super::Context, path: &Path, block: &str, w: &mut dyn Write) -> Result<ExitCode> {
    let shown = clean(&path.display().to_string()).into_owned();
    let text = read(path)?.unwrap_or_default();
    let new = codeowners::splice(&text, block)
        .map_err(|why| Error::Usage(format!("cannot update {shown}: {why}")))?;
    if new.len() > codeowners::MAX_BYTES {
        return Err(Error::Usage(format!(
            "{shown} would be {} bytes; GitHub ignores a CODEOWNERS file over 3 MiB",
            new.len()
        )));
    }
    if new == text {
        cx.say(w, &format!("{shown} is up to date"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            what: dir.display().to_string(),
            source,
        })?;
    }
    if text.is_empty() && !path.exists() {
        // A new file: created empty, then replaced as any other, so the write stays
        // atomic and a file made meanwhile is not overwritten.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
    }
    crate::write::replace(path, text.as_bytes(), new.as_bytes())?;
    cx.say(w, &format!("wrote the align block to {shown}"))?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}

fn warn_skipped(skipped: &[Skipped]) {
    let mut err = std::io::stderr().lock();
    for skip in skipped {
        let line = match skip {
            Skipped::InvalidHandle { team, handle } => format!(
                "warning: {}'s lead `{}` is not a GitHub user or team handle: left out",
                clean(team),
                clean(handle)
            ),
            Skipped::NoLead { team } => format!(
                "warning: team {} has objectives but no lead, here or above it: its \
                 files are routed to the other teams' leads only",
                clean(team)
            ),
            Skipped::Unowned { path } => format!(
                "warning: nobody to route {} to: name a lead for its team",
                clean(path)
            ),
        };
        let _ = writeln!(err, "{line}");
    }
}
