//! One module per subcommand; [`run`] dispatches and returns the exit code.

mod check;
mod checkin;
mod cycle;
mod diff;
mod drift;
mod explain;
mod history;
mod init;
mod report;
mod review;
// The ecosystem: graph export, the terminal tree, schemas, completions, man pages.
mod completions;
mod graph;
mod man;
mod schema;
mod tree;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let today = cli
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let cx = Context {
        root: cli.root.clone(),
        today,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Command::Check(args) => check::run(&cx, args, &mut stdout),
        Command::Report(args) => report::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Explain(args) => explain::run(args, &mut stdout),
        Command::Init(args) => init::run(&cx, args, &mut stdout),
        Command::Graph(args) => graph::run(&cx, args, &mut stdout),
        Command::Tree(args) => tree::run(&cx, args, &mut stdout),
        Command::Schema(args) => schema::run(&cx, args, &mut stdout),
        Command::Completions(args) => completions::run(args, &mut stdout),
        Command::Man(args) => man::run(&cx, args, &mut stdout),
        Command::Diff(args) => diff::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::History(args) => history::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Drift(args) => drift::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Checkin(args) => checkin::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Cycle(args) => cycle::run(&cx, args, &mut stdout),
    };
    match result {
        // A reader that went away (`align check | head`) is not a failure of ours.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

/// Wraps write errors on standard output.
pub(crate) fn out(result: std::io::Result<()>) -> Result<()> {
    result.map_err(|source| Error::Write {
        what: "standard output".into(),
        source,
    })
}

pub(crate) fn flush(w: &mut dyn Write) -> Result<()> {
    out(w.flush())
}

/// The global flags, for every command: where the tree is, the date, and how much to
/// say besides the data (`--quiet`, `--verbose`).
#[derive(Debug)]
pub struct Context {
    pub root: Option<PathBuf>,
    pub today: jiff::civil::Date,
    pub quiet: bool,
    pub verbose: u8,
}

impl Context {
    /// A line for people, such as a summary or "wrote FILE": on standard output,
    /// unless `--quiet`.
    pub(crate) fn say(&self, w: &mut dyn Write, line: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        out(writeln!(w, "{line}"))
    }

    /// Detail for `-v` (or `-vv` with `level` 2), on standard error.
    pub(crate) fn detail(&self, level: u8, line: impl FnOnce() -> String) {
        if self.verbose >= level {
            // Detail is a courtesy: a closed standard error must not fail the command.
            let _ = writeln!(std::io::stderr().lock(), "align: {}", line());
        }
    }

    /// Finds the tree's root and loads it, saying what and how long with `-v`.
    pub(crate) fn load(&self) -> Result<(PathBuf, crate::load::Tree)> {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: ".".into(),
            source,
        })?;
        let root = crate::load::find_root(self.root.as_deref(), &cwd)?;
        self.detail(1, || format!("tree root: {}", root.display()));
        let started = Instant::now();
        let tree = crate::load::load(&root)?;
        self.detail(1, || {
            let bytes: usize = tree.sources.iter().map(|(_, f)| f.text.len()).sum();
            format!(
                "loaded {} ({} bytes) in {:.1} ms",
                crate::render::plural(tree.sources.len(), "file", "files"),
                bytes,
                started.elapsed().as_secs_f64() * 1000.0
            )
        });
        if self.verbose >= 2 {
            for (_, file) in tree.sources.iter() {
                self.detail(2, || format!("  {}", file.name));
            }
        }
        Ok((root, tree))
    }
}

/// Loads a tree for a command that draws it (`graph`, `tree`): one with a file that
/// did not load would be drawn wrong without saying so, so its load errors go to
/// standard error and the command stops with exit code 2.
pub(crate) fn load_complete(cx: &Context, command: &str) -> Result<crate::load::Tree> {
    let (_, tree) = cx.load()?;
    if tree.is_complete() {
        return Ok(tree);
    }
    let style =
        crate::render::human::Style::detect(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let errors: Vec<_> = tree
        .findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .cloned()
        .collect();
    out(crate::render::human::render_findings(
        &tree.sources,
        &errors,
        style,
        &mut std::io::stderr().lock(),
    ))?;
    Err(Error::Usage(format!(
        "no {command}: {} of the tree did not load (see above); `align check` says more",
        crate::render::plural(tree.files_not_loaded, "file", "files")
    )))
}

/// The tree root: `--root`, else the nearest folder with an align.toml at or above the
/// working directory.
pub(crate) fn tree_root(root: Option<&std::path::Path>) -> Result<std::path::PathBuf> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    crate::load::find_root(root, &cwd)
}
