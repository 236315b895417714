//! `align cycle review`: the track record across cycles, from the files and, in a git
//! repository, their history.

use std::io::Write;
use std::process::ExitCode;

use super::Context;
use crate::cli::{ReportFormat, ReviewArgs};
use crate::error::{Error, Result};
use crate::render;

pub fn run(cx: &Context, args: &ReviewArgs, w: &mut dyn Write) -> Result<ExitCode> {
    // A missing file would make a team's record look worse than it is.
    let (root, tree) = cx.load_complete("review")?;
    let cycles = crate::cycle::review::select(&tree, args.cycles.as_deref(), cx.today)?;
    if cycles.is_empty() {
        return Err(Error::Usage(format!(
            "no cycle to review: none {} has started by {}",
            if args.cycles.is_some() {
                "in --cycles"
            } else {
                "of the tree"
            },
            cx.today
        )));
    }
    // Outside a repository the grades still stand; what needs history says so.
    let history = match super::drift::history_for(cx, &root, &tree) {
        Ok(history) => Some(history),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };
    let review = crate::cycle::review::build(&tree, history.as_ref(), &cycles, cx.today);
    let out = args.out.as_deref();
    cx.write_output(out, w, |w| match args.format {
        ReportFormat::Table => {
            render::review::table(&review, cx.table_style(Context::target(out)), w)
        }
        ReportFormat::Markdown => render::review::markdown(&review, w),
        ReportFormat::Json => serde_json::to_writer_pretty(&mut *w, &review)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(w)),
        ReportFormat::Html => render::review::html(&review, w),
    })?;
    Ok(ExitCode::SUCCESS)
}
