//! One module per subcommand; [`run`] dispatches and returns the exit code.

mod check;
mod checkin;
mod drift;
mod explain;
mod history;
mod init;
mod report;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let today = cli
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Command::Check(args) => check::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Report(args) => report::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Explain(args) => explain::run(args, &mut stdout),
        Command::Init(args) => init::run(args, today, &mut stdout),
        Command::History(args) => history::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Drift(args) => drift::run(cli.root.as_deref(), today, args, &mut stdout),
        Command::Checkin(args) => checkin::run(cli.root.as_deref(), today, args, &mut stdout),
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

/// The tree root: `--root`, else the nearest folder with an align.toml at or above the
/// working directory.
pub(crate) fn tree_root(root: Option<&std::path::Path>) -> Result<std::path::PathBuf> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    crate::load::find_root(root, &cwd)
}
