//! `align drift`, and the history reading that `align history`, `align check --drift`
//! and `align report` share.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{DriftArgs, DriftFormat};
use crate::diag::{Finding, Severity};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::history::{History, Progress};
use crate::load::Tree;
use crate::render;

/// A tree and its history.
pub(crate) struct Read {
    pub root: PathBuf,
    pub tree: Tree,
    pub history: History,
}

/// Finds the tree, loads it (from the work tree, or from the commit `at`), and reads
/// its history for `command`. Not in a repository: [`Error::NotARepository`]. Drift
/// needs every file: a file that does not load would look like everything in it was
/// removed.
pub(crate) fn read(cx: &super::Context, at: Option<&str>, command: &str) -> Result<Read> {
    let root = cx.root()?;
    let mut repo = Repo::discover(&root)?;
    let (tree, history) = match at {
        Some(rev) => {
            let started = Instant::now();
            let tree = repo.load_at(&repo.commit(rev)?, rev)?;
            cx.loaded(&render::table::clean(rev), &tree, started);
            cx.require_complete(&tree, command)?;
            repo.tz = tree.settings.time_zone();
            let commit = repo.commit(rev)?;
            let history = read_history(cx, &repo, Some(&commit))?;
            (tree, history)
        }
        None => {
            let (_, tree) = cx.load_complete(command)?;
            repo.tz = tree.settings.time_zone();
            let history = history_of_work_tree(cx, &repo, &tree)?;
            (tree, history)
        }
    };
    Ok(Read {
        root,
        tree,
        history,
    })
}

/// The history of the tree at `root` (already loaded from the work tree as `tree`):
/// from HEAD, plus the uncommitted changes as the newest state.
pub(crate) fn history_for(cx: &super::Context, root: &Path, tree: &Tree) -> Result<History> {
    let mut repo = Repo::discover(root)?;
    repo.tz = tree.settings.time_zone();
    history_of_work_tree(cx, &repo, tree)
}

fn history_of_work_tree(cx: &super::Context, repo: &Repo, tree: &Tree) -> Result<History> {
    let head = match repo.repo.head() {
        Ok(_) => Some(repo.commit("HEAD")?),
        // A repository without a commit yet: everything is uncommitted.
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
        Err(e) => return Err(crate::git::error("reading HEAD", &e)),
    };
    let mut history = read_history(cx, repo, head.as_ref())?;
    history.add_uncommitted(
        tree.sources
            .iter()
            .map(|(_, f)| (f.name.as_str(), f.text.as_str())),
        cx.today,
    );
    Ok(history)
}

fn read_history(
    cx: &super::Context,
    repo: &Repo,
    at: Option<&git2::Commit<'_>>,
) -> Result<History> {
    let history = match at {
        Some(at) => {
            let started = Instant::now();
            let mut bar = Bar::new(cx);
            let history = History::read(repo, at, cx.today, &mut |p| bar.tick(p))?;
            cx.detail(1, || {
                format!(
                    "read the history from {} in {:.1} ms",
                    crate::git::short(at.id()),
                    started.elapsed().as_secs_f64() * 1000.0
                )
            });
            history
        }
        None => History::default(),
    };
    // The cut date the report names, when the history reached it.
    let warning = match history.cut_date() {
        Some(cut) => Some(crate::git::shallow_message(Some(cut))),
        None => repo.shallow_warning(),
    };
    if let Some(warning) = warning {
        let mut stderr = std::io::stderr().lock();
        super::out(writeln!(stderr, "warning: {warning}"))?;
    }
    Ok(history)
}

/// A progress bar on standard error, only when it is a terminal that can redraw a
/// line (not `TERM=dumb`), and not with `--quiet` or `--color never` (it redraws with
/// escape sequences): silent in CI and pipes.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(cx: &super::Context) -> Self {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let never = cx.color == crate::cli::ColorWhen::Never;
        let shown = !cx.quiet && !dumb && !never && std::io::stderr().is_terminal();
        Self(shown.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_message("reading history");
            bar
        }))
    }

    fn tick(&mut self, progress: Progress) {
        let Some(bar) = &self.0 else { return };
        match progress {
            Progress::Walking(n) if n % 512 == 0 => {
                bar.set_message(format!("reading history: {n} commits"));
                bar.tick();
            }
            Progress::Walking(_) => {}
            Progress::Reading(done, total) => {
                if bar.length().is_none() {
                    bar.set_length(total as u64);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{msg} {wide_bar} {pos}/{len} commits",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    bar.set_message("reading history");
                }
                bar.set_position(done as u64);
            }
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// `align check --drift`: the drift findings of the current cycle, added to `findings`.
pub(crate) fn add_findings(
    cx: &super::Context,
    root: &Path,
    tree: &Tree,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    if !tree.is_complete() {
        // The check's own findings say why and fail; drift would read the entities of
        // the files that did not load as removed.
        let mut stderr = std::io::stderr().lock();
        return super::out(writeln!(
            stderr,
            "note: drift was not checked: {} of the tree did not load",
            render::plural(tree.files_not_loaded, "file", "files")
        ));
    }
    let history = history_for(cx, root, tree)?;
    let analysis = crate::drift::analyse(tree, &history, cx.today, None)?;
    findings.extend(analysis.findings);
    crate::rules::sort(findings);
    Ok(())
}

pub fn run(cx: &super::Context, args: &DriftArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let today = cx.today;
    let read = read(cx, args.at.as_deref(), "drift")?;
    cx.refuse_out_in_tree(args.out.as_deref(), &read.tree)?;
    let analysis = crate::drift::analyse(&read.tree, &read.history, today, args.cycle.as_deref())?;
    if analysis.report.cycle.id.is_empty() {
        return Err(Error::Usage(format!(
            "no cycle has started by {today} in the tree at {}: nothing to drift from",
            read.root.display()
        )));
    }
    let sources = &read.tree.sources;
    cx.write_output(args.out.as_deref(), w, |w| match args.format {
        DriftFormat::Table => {
            render::drift::table(&analysis.report, sources, &analysis.findings, w)
        }
        DriftFormat::Markdown => {
            render::drift::markdown(&analysis.report, sources, &analysis.findings, w)
        }
        DriftFormat::Json => render::json::drift(&analysis.report, sources, &analysis.findings, w),
    })?;
    let errors = analysis
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
