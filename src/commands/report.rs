//! `align report`: load, check, score, and write the report in one format.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::diag::Severity;
use crate::error::{Error, Result};
use crate::render;
use crate::report::{self, HistoryNote, Report, Scope};

pub fn run(
    root: Option<&Path>,
    today: jiff::civil::Date,
    args: &ReportArgs,
    w: &mut dyn Write,
) -> Result<ExitCode> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let root = crate::load::find_root(root, &cwd)?;
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = match &args.at {
        Some(at) => {
            let read = super::drift::read(Some(&root), Some(at), today)?;
            let findings = crate::rules::run_all(&read.tree, today);
            let commit = crate::git::Repo::discover(&root)?.commit(at)?.id();
            let mut report =
                report::build_with_history(&read.tree, &findings, today, &scope, &read.history)?;
            report.history.at = Some(format!("{at} ({})", crate::git::short(commit)));
            report
        }
        None => from_work_tree(&root, today, args, &scope)?,
    };
    let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if args.out.is_some() { &mut buffer } else { w };
    let written = match args.format {
        ReportFormat::Table => {
            let style = render::table::Style::detect(to_terminal);
            render::table::render(&report, style, sink)
        }
        ReportFormat::Markdown => render::markdown::render(&report, sink),
        ReportFormat::Json => render::json::report(&report, sink),
        ReportFormat::Html => render::html::render(&report, sink),
    };
    match &args.out {
        None => {
            super::out(written)?;
            super::flush(w)?;
        }
        Some(path) => {
            written.map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
            std::fs::write(path, &buffer).map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report of the work tree: with its history inside a git repository, unless
/// `--no-history`; from the `checked` key only otherwise, and saying why.
fn from_work_tree(
    root: &Path,
    today: jiff::civil::Date,
    args: &ReportArgs,
    scope: &Scope,
) -> Result<Report> {
    let tree = crate::load::load(root)?;
    let findings = crate::rules::run_all(&tree, today);
    if !tree.is_complete() {
        // Numbers from a tree missing whole files would be wrong without saying so:
        // show why it did not load, as `align check` would, and stop.
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        let summary = render::Summary {
            root,
            today,
            files: tree.sources.len(),
            objectives: tree.model.objectives.len(),
            key_results: tree.model.key_result_count(),
            tally: crate::diag::Tally::of(&errors),
            files_not_loaded: tree.files_not_loaded,
        };
        let style = render::human::Style::detect(std::io::stderr().is_terminal());
        let mut stderr = std::io::stderr().lock();
        super::out(render::human::render(
            &tree.sources,
            &errors,
            &summary,
            style,
            &mut stderr,
        ))?;
        return Err(Error::Usage(format!(
            "no report: {} of the tree did not load (see above)",
            render::plural(tree.files_not_loaded, "file", "files")
        )));
    }
    let not_read = |because: &str| -> Result<Report> {
        let mut report = report::build(&tree, &findings, today, scope)?;
        report.history = HistoryNote::checked_only(because);
        Ok(report)
    };
    if args.no_history {
        return not_read("--no-history");
    }
    match super::drift::history_for(root, &tree, today) {
        Err(Error::NotARepository { .. }) => not_read("not in a git repository"),
        Err(e) => Err(e),
        // A tree no commit has touched yet: every key result would look checked in
        // today by its uncommitted state, which says nothing.
        Ok(history) if history.commits.iter().all(|c| c.id.is_none()) => {
            not_read("no commit touches the tree yet")
        }
        Ok(history) => report::build_with_history(&tree, &findings, today, scope, &history),
    }
}
