//! `align diff`: pick two versions, read them (the old one straight from git objects),
//! check both, compare, render. Also the part of `align check --base` that finds what
//! a change introduces.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{DiffArgs, DiffFormat};
use crate::diag::Finding;
use crate::diff::versions::{self, Picked};
use crate::diff::{self, Side, Version};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::load::{self, Tree};
use crate::render;

/// The environment variable GitHub Actions sets on pull requests to the base branch.
const GITHUB_BASE_REF: &str = "GITHUB_BASE_REF";

/// A version read from git: its description, its tree (if it has one) and findings.
struct Read {
    version: Version,
    tree: Tree,
    findings: Vec<Finding>,
}

fn read(cx: &super::Context, repo: &Repo, picked: &Picked<'_>) -> Result<Read> {
    let started = Instant::now();
    let tree = versions::load(repo, picked)?;
    let what = format!(
        "{} ({})",
        render::table::clean(&picked.name),
        crate::git::short(picked.commit.id())
    );
    match &tree {
        Some(tree) => cx.loaded(&what, tree, started),
        None => cx.detail(1, || format!("no tree in {what}: everything in it is new")),
    }
    let version = Version::of(
        picked.name.clone(),
        Some(picked.commit.id().to_string()),
        picked.merge_base,
        tree.as_ref(),
    );
    Ok(match tree {
        Some(tree) => Read {
            version,
            findings: crate::rules::run_all(&tree, cx.today),
            tree,
        },
        // No tree in this version: nothing to find in it, everything is added (or
        // removed), and no "missing vision" for a tree that was never there.
        None => Read {
            version,
            tree: load::assemble(&repo.root, Vec::new(), Vec::new()),
            findings: Vec::new(),
        },
    })
}

fn work_tree(cx: &super::Context, tree: Tree) -> Read {
    Read {
        version: Version::of("work tree".into(), None, false, Some(&tree)),
        findings: crate::rules::run_all(&tree, cx.today),
        tree,
    }
}

pub fn run(cx: &super::Context, args: &DiffArgs, w: &mut dyn Write) -> Result<ExitCode> {
    if args.max_bytes.is_some() && args.format != DiffFormat::Markdown {
        return Err(Error::Usage(
            "--max-bytes applies to --format markdown only".into(),
        ));
    }
    let root = cx.root()?;
    let repo = Repo::discover(&root)?;
    let base = match (&args.base, &args.head) {
        (None, _) => {
            let github = std::env::var(GITHUB_BASE_REF).ok();
            let (name, commit) = versions::default_branch(&repo, github.as_deref())?;
            versions::merge_base(&repo, &name, commit)?
        }
        (Some(base), None) => versions::merge_base(&repo, base, repo.commit(base)?)?,
        (Some(base), Some(_)) => versions::exact(&repo, base)?,
    };
    let base = read(cx, &repo, &base)?;
    let head = match &args.head {
        Some(head) => read(cx, &repo, &versions::exact(&repo, head)?)?,
        None => {
            let started = Instant::now();
            let tree = load::load(&root)?;
            cx.loaded("the work tree", &tree, started);
            work_tree(cx, tree)
        }
    };
    cx.refuse_out_in_tree(args.out.as_deref(), &head.tree)?;
    let diff = diff::compare(
        Side {
            version: base.version,
            tree: &base.tree,
            findings: &base.findings,
        },
        Side {
            version: head.version,
            tree: &head.tree,
            findings: &head.findings,
        },
        cx.today,
    );
    let out = args.out.as_deref();
    cx.write_output(out, w, |w| match args.format {
        DiffFormat::Table => {
            let style = cx.table_style(super::Context::target(out));
            render::diff::table::render(&diff, style, w)
        }
        DiffFormat::Markdown => render::diff::markdown::render(&diff, args.max_bytes, w),
        DiffFormat::Json => render::diff::json(&diff, w),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// What `align check --base REF` shows: the findings of the work tree that the change
/// since the merge base of REF and HEAD introduces, and a sentence saying what was
/// compared and how many findings were already there.
pub(crate) fn introduced(
    cx: &super::Context,
    root: &Path,
    rev: &str,
    head: &Tree,
    findings: Vec<Finding>,
) -> Result<(Vec<Finding>, String)> {
    let repo = Repo::discover(root)?;
    let picked = versions::merge_base(&repo, rev, repo.commit(rev)?)?;
    let base = read(cx, &repo, &picked)?;
    let renames = diff::renames(&base.tree, head, cx.today);
    let delta = diff::findings::delta(&base.findings, &findings, &renames);
    let compared = render::diff::version_plain(&base.version);
    let note = format!(
        "compared with {compared}: {} already there {} not shown, {} fixed by the change",
        render::plural(delta.unchanged, "finding", "findings"),
        if delta.unchanged == 1 { "is" } else { "are" },
        delta.fixed.len()
    );
    let keep: std::collections::HashSet<usize> = delta.introduced.into_iter().collect();
    let mut new: Vec<Finding> = findings
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, f)| f)
        .collect();
    let agreed = moved_goalposts(&base.tree, head, cx.today, &mut new);
    Ok((new, format!("{note}{agreed}")))
}

/// `align check --goalposts REF`: the goalposts the change since the merge base of REF
/// and HEAD moves, added to `findings`; returns the note for standard error.
pub(crate) fn goalposts(
    cx: &super::Context,
    root: &Path,
    rev: &str,
    head: &Tree,
    findings: &mut Vec<Finding>,
) -> Result<String> {
    let repo = Repo::discover(root)?;
    let picked = versions::merge_base(&repo, rev, repo.commit(rev)?)?;
    let base = read(cx, &repo, &picked)?;
    let agreed = moved_goalposts(&base.tree, head, cx.today, findings);
    Ok(format!(
        "goalposts compared with {}{agreed}",
        render::diff::version_plain(&base.version)
    ))
}

/// Drift the change itself introduces, on the key results it touches: a goal eased
/// after its cycle started, added to `findings`. Drift about entities the change leaves
/// alone (stale key results of other teams) is not the change's doing. Returns what the
/// note adds: the easings agreed with `allow = ["goalpost-moved"]`.
fn moved_goalposts(
    base: &Tree,
    head: &Tree,
    today: jiff::civil::Date,
    findings: &mut Vec<Finding>,
) -> String {
    let (mut moved, agreed) = diff::goalposts(base, head, today);
    crate::rules::apply_settings(&head.settings, &mut moved);
    findings.append(&mut moved);
    crate::rules::sort(findings);
    if agreed.is_empty() {
        return String::new();
    }
    format!(
        "; {} eased with the agreement recorded (allow goalpost-moved): {}",
        render::plural(agreed.len(), "key result", "key results"),
        agreed
            .iter()
            .map(|kr| format!("{}/{}", kr.objective, kr.id))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
