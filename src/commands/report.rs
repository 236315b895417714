//! `align report`: load, check, score, and write the report in one format.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Error, Result};
use crate::render;
use crate::report::{self, HistoryNote, Report, Scope};

pub fn run(cx: &super::Context, args: &ReportArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = match &args.at {
        Some(at) => {
            let read = super::drift::read(cx, Some(at), "report")?;
            if let Some(out) = &args.out {
                crate::write::refuse_tree_file(out, &read.root, &read.tree.sources)?;
            }
            let findings = crate::rules::run_all(&read.tree, cx.today);
            let commit = crate::git::Repo::discover(&read.root)?.commit(at)?.id();
            let mut report =
                report::build_with_history(&read.tree, &findings, cx.today, &scope, &read.history)?;
            report.history.at = Some(format!("{at} ({})", crate::git::short(commit)));
            report
        }
        None => from_work_tree(cx, args, &scope)?,
    };
    cx.detail(1, || {
        format!(
            "reporting on cycle {} as of {}: {}",
            render::table::clean(&report.cycle.id),
            cx.today,
            render::plural(report.teams.len(), "team", "teams")
        )
    });
    let out = args.out.as_deref();
    cx.write_output(out, w, |w| match args.format {
        ReportFormat::Table => {
            let style = cx.table_style(super::Context::target(out));
            render::table::render(&report, style, w)
        }
        ReportFormat::Markdown => render::markdown::render(&report, w),
        ReportFormat::Json => render::json::report(&report, w),
        ReportFormat::Html => render::html::render(&report, w),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The report of the work tree: with its history inside a git repository, unless
/// `--no-history`; from the `checked` key only otherwise, and saying why.
fn from_work_tree(cx: &super::Context, args: &ReportArgs, scope: &Scope) -> Result<Report> {
    // Numbers from a tree missing whole files would be wrong without saying so.
    let (root, tree) = cx.load_complete("report")?;
    if let Some(out) = &args.out {
        crate::write::refuse_tree_file(out, &root, &tree.sources)?;
    }
    let findings = crate::rules::run_all(&tree, cx.today);
    let not_read = |because: &str| -> Result<Report> {
        let mut report = report::build(&tree, &findings, cx.today, scope)?;
        report.history = HistoryNote::checked_only(because);
        Ok(report)
    };
    if args.no_history {
        return not_read("--no-history");
    }
    match super::drift::history_for(cx, Path::new(&root), &tree) {
        Err(Error::NotARepository { .. }) => not_read("not in a git repository"),
        Err(e) => Err(e),
        // A tree no commit has touched yet: every key result would look checked in
        // today by its uncommitted state, which says nothing.
        Ok(history) if history.commits.iter().all(|c| c.id.is_none()) => {
            not_read("no commit touches the tree yet")
        }
        Ok(history) => report::build_with_history(&tree, &findings, cx.today, scope, &history),
    }
}
