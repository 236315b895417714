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
    let report = read(
        cx,
        &scope,
        args.at.as_deref(),
        args.no_history,
        args.out.as_deref(),
        "report",
    )?;
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

/// The report every command that shows the report's figures reads (`report`,
/// `nudge`): of the version at `at`, or of the work tree. With the history inside a
/// git repository unless `no_history`; from the `checked` key only otherwise, and
/// saying why. `out` is refused when it is a file of the tree read.
pub(super) fn read(
    cx: &super::Context,
    scope: &Scope,
    at: Option<&str>,
    no_history: bool,
    out: Option<&Path>,
    what: &str,
) -> Result<Report> {
    if let Some(at) = at {
        let read = super::drift::read(cx, Some(at), what)?;
        if let Some(out) = out {
            crate::write::refuse_tree_file(out, &read.root, &read.tree.sources)?;
        }
        let findings = crate::rules::run_all(&read.tree, cx.today);
        let commit = crate::git::Repo::discover(&read.root)?.commit(at)?.id();
        let mut report =
            report::build_with_history(&read.tree, &findings, cx.today, scope, &read.history)?;
        report.history.at = Some(format!("{at} ({})", crate::git::short(commit)));
        return Ok(report);
    }
    // Numbers from a tree missing whole files would be wrong without saying so.
    let (root, tree) = cx.load_complete(what)?;
    cx.refuse_out_in_tree(out, &tree)?;
    let findings = crate::rules::run_all(&tree, cx.today);
    let not_read = |because: &str| -> Result<Report> {
        let mut report = report::build(&tree, &findings, cx.today, scope)?;
        report.history = HistoryNote::checked_only(because);
        Ok(report)
    };
    if no_history {
        return not_read("--no-history");
    }
    if !tree.settings.drift.history {
        return not_read("align.toml sets [drift] history = false");
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
