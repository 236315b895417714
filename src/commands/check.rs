//! `align check`: load, run every rule, render, and decide the exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{CheckArgs, CheckFormat, DenyLevel};
use crate::diag::Tally;
use crate::error::{Error, Result};
use crate::render::{self, Summary};

pub fn run(
    root: Option<&Path>,
    today: jiff::civil::Date,
    args: &CheckArgs,
    w: &mut dyn Write,
) -> Result<ExitCode> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let root = crate::load::find_root(root, &cwd)?;
    let tree = crate::load::load(&root)?;
    let mut findings = crate::rules::run_all(&tree, today);
    if args.drift {
        super::drift::add_findings(&root, &tree, today, &mut findings)?;
    }
    let tally = Tally::of(&findings);
    let summary = Summary {
        root: &root,
        today,
        files: tree.sources.len(),
        objectives: tree.model.objectives.len(),
        key_results: tree.model.key_result_count(),
        tally,
        files_not_loaded: tree.files_not_loaded,
    };
    match args.format {
        CheckFormat::Human => {
            let style = render::human::Style::detect(std::io::stdout().is_terminal());
            super::out(render::human::render(
                &tree.sources,
                &findings,
                &summary,
                style,
                w,
            ))?;
        }
        CheckFormat::Json => {
            super::out(render::json::render(&tree.sources, &findings, &summary, w))?
        }
    }
    super::flush(w)?;
    let denied = args.deny == Some(DenyLevel::Warnings) && tally.warnings > 0;
    Ok(if tally.errors > 0 || denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
