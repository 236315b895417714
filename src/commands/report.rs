//! `align report`: load, check, score, and write the report in one format.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Result;
use crate::render;
use crate::report::{self, Scope};

pub fn run(cx: &super::Context, args: &ReportArgs, w: &mut dyn Write) -> Result<ExitCode> {
    // Numbers from a tree missing whole files would be wrong without saying so.
    let (root, tree) = cx.load_complete("report")?;
    let findings = crate::rules::run_all(&tree, cx.today);
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = if args.history {
        let history = super::drift::history_for(cx, &root, &tree)?;
        report::build_with_history(&tree, &findings, cx.today, &scope, &history)?
    } else {
        report::build(&tree, &findings, cx.today, &scope)?
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
