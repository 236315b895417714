//! One module per subcommand; [`run`] dispatches and returns the exit code.

mod check;
mod checkin;
mod codeowners;
mod cycle;
mod diff;
mod drift;
mod explain;
mod history;
mod init;
mod nudge;
mod report;
mod review;
// The ecosystem: graph export, the terminal tree, schemas, completions, man pages.
mod completions;
mod graph;
mod man;
mod schema;
mod tree;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, ColorWhen, Command};
use crate::diag::Severity;
use crate::error::{Error, Result};
use crate::load::Tree;
use crate::render;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let cx = Context::new(&cli);
    // One buffer for the whole command, flushed once: a line-buffered stdout made
    // `report --format json` millions of write calls.
    let mut stdout = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = dispatch(&cx, &cli.command, &mut stdout);
    // What was written before a failure still goes out, before the error is printed.
    let flushed = flush(&mut stdout);
    match result.and_then(|code| flushed.map(|()| code)) {
        // A reader that went away (`align check | head`) is not a failure of ours.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

fn dispatch(cx: &Context, command: &Command, w: &mut dyn Write) -> Result<ExitCode> {
    match command {
        Command::Check(args) => check::run(cx, args, w),
        Command::Report(args) => report::run(cx, args, w),
        Command::Explain(args) => explain::run(args, w),
        Command::Init(args) => init::run(cx, args, w),
        Command::Graph(args) => graph::run(cx, args, w),
        Command::Tree(args) => tree::run(cx, args, w),
        Command::Schema(args) => schema::run(cx, args, w),
        Command::Completions(args) => completions::run(args, w),
        Command::Man(args) => man::run(cx, args, w),
        Command::Diff(args) => diff::run(cx, args, w),
        Command::History(args) => history::run(cx, args, w),
        Command::Drift(args) => drift::run(cx, args, w),
        Command::Checkin(args) => checkin::run(cx, args, w),
        Command::Codeowners(args) => codeowners::run(cx, args, w),
        Command::Nudge(args) => nudge::run(cx, args, w),
        Command::Cycle(args) => cycle::run(cx, args, w),
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

/// Where output goes, which decides its colour and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Stdout,
    Stderr,
    /// A file named by `--out`: coloured only with `--color always`, never wrapped to a
    /// terminal.
    File,
}

/// What every command receives: where the tree is, the date, how much to say besides
/// the data (`--quiet`, `--verbose`), and how to draw (`--color`, `NO_GRAPHICS`).
#[derive(Debug)]
pub struct Context {
    pub root: Option<PathBuf>,
    pub today: jiff::civil::Date,
    pub quiet: bool,
    pub verbose: u8,
    pub color: ColorWhen,
    /// ASCII instead of Unicode box drawing (`NO_GRAPHICS`, as miette reads it).
    pub ascii: bool,
}

impl Context {
    pub fn new(cli: &Cli) -> Self {
        Self {
            root: cli.root.clone(),
            today: cli
                .today
                .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
            quiet: cli.quiet,
            verbose: cli.verbose,
            color: cli.color,
            ascii: std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty() && v != "0"),
        }
    }

    /// Whether to colour output to `target`: `--color always` or `never` decide; `auto`
    /// follows [`render::colour`] for a terminal, and never colours a file.
    pub(crate) fn colour(&self, target: Target) -> bool {
        use std::io::IsTerminal;
        match (self.color, target) {
            (ColorWhen::Always, _) => true,
            (ColorWhen::Never, _) | (ColorWhen::Auto, Target::File) => false,
            (ColorWhen::Auto, Target::Stdout) => render::colour(std::io::stdout().is_terminal()),
            (ColorWhen::Auto, Target::Stderr) => render::colour(std::io::stderr().is_terminal()),
        }
    }

    /// The width of the terminal `target` is, if it is one.
    pub(crate) fn width(&self, target: Target) -> Option<u16> {
        let size = match target {
            Target::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
            Target::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
            Target::File => None,
        };
        size.map(|(terminal_size::Width(w), _)| w)
    }

    /// How to draw diagnostics for `target`.
    pub(crate) fn human_style(&self, target: Target) -> render::human::Style {
        render::human::Style::new(self.colour(target), self.ascii, self.width(target))
    }

    /// How to draw tables for `target`.
    pub(crate) fn table_style(&self, target: Target) -> render::table::Style {
        render::table::Style::new(self.colour(target), self.ascii, self.width(target))
    }

    /// Where a command's output goes: `--out FILE`, else standard output.
    pub(crate) fn target(out: Option<&Path>) -> Target {
        if out.is_some() {
            Target::File
        } else {
            Target::Stdout
        }
    }

    /// Writes a command's output with `render`: to the file `out` when given (written
    /// whole, once the output is complete), else to `w`.
    pub(crate) fn write_output(
        &self,
        out: Option<&Path>,
        w: &mut dyn Write,
        render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let Some(path) = out else {
            return self::out(render(w));
        };
        let failed = |source| Error::Write {
            what: path.display().to_string(),
            source,
        };
        let mut buffer = Vec::new();
        render(&mut buffer).map_err(failed)?;
        std::fs::write(path, &buffer).map_err(failed)?;
        self.detail(1, || {
            format!("wrote {} ({} bytes)", path.display(), buffer.len())
        });
        Ok(())
    }

    /// Refuses `--out FILE` where the file is one of `tree`'s, or a `.toml` file that
    /// would become one: output must never replace strategy.
    pub(crate) fn refuse_out_in_tree(&self, out: Option<&Path>, tree: &Tree) -> Result<()> {
        match out {
            Some(out) => crate::write::refuse_tree_file(out, &tree.sources.root, &tree.sources),
            None => Ok(()),
        }
    }

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
            let _ = writeln!(
                std::io::stderr().lock(),
                "align: {}",
                crate::render::table::clean(&line())
            );
        }
    }

    /// The tree root: `--root`, else the nearest folder with an align.toml at or above
    /// the working directory.
    pub(crate) fn root(&self) -> Result<PathBuf> {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: ".".into(),
            source,
        })?;
        let root = crate::load::find_root(self.root.as_deref(), &cwd)?;
        self.detail(1, || format!("tree root: {}", root.display()));
        Ok(root)
    }

    /// Finds the tree's root and loads it, saying what and how long with `-v`.
    pub(crate) fn load(&self) -> Result<(PathBuf, Tree)> {
        let root = self.root()?;
        let started = Instant::now();
        let tree = crate::load::load(&root)?;
        self.loaded("the work tree", &tree, started);
        Ok((root, tree))
    }

    /// Loads the tree for a command whose results would be wrong without saying so if
    /// a file were missing (`report`, `graph`, `tree`, `drift`, `history`): see
    /// [`Context::require_complete`].
    pub(crate) fn load_complete(&self, command: &str) -> Result<(PathBuf, Tree)> {
        let (root, tree) = self.load()?;
        self.require_complete(&tree, command)?;
        Ok((root, tree))
    }

    /// With `-v`: the files of `tree`, read from `what`, and how long it took.
    pub(crate) fn loaded(&self, what: &str, tree: &Tree, started: Instant) {
        self.detail(1, || {
            let bytes: usize = tree.sources.iter().map(|(_, f)| f.text.len()).sum();
            format!(
                "loaded {} ({} bytes) from {what} in {:.1} ms",
                render::plural(tree.sources.len(), "file", "files"),
                bytes,
                started.elapsed().as_secs_f64() * 1000.0
            )
        });
        if self.verbose >= 2 {
            for (_, file) in tree.sources.iter() {
                self.detail(2, || format!("  {}", file.name));
            }
        }
    }

    /// Stops `command` on a tree with files that did not load: shows why on standard
    /// error, as `align check` would, and fails with [`Error::IncompleteTree`] (exit 2).
    pub(crate) fn require_complete(&self, tree: &Tree, command: &str) -> Result<()> {
        if tree.is_complete() {
            return Ok(());
        }
        let errors: Vec<_> = tree
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        let summary = render::Summary {
            root: &tree.sources.root,
            today: self.today,
            files: tree.sources.len(),
            objectives: tree.model.objectives.len(),
            key_results: tree.model.key_result_count(),
            tally: crate::diag::Tally::of(&errors),
            files_not_loaded: tree.files_not_loaded,
        };
        let mut stderr = std::io::stderr().lock();
        let style = self.human_style(Target::Stderr);
        out(render::human::render(
            &tree.sources,
            &errors,
            &summary,
            style,
            &mut stderr,
        ))?;
        Err(Error::IncompleteTree {
            command: command.to_string(),
            files: tree.files_not_loaded,
        })
    }
}
