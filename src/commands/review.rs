//! `align cycle review`: the track record across cycles, from the files and, in a git
//! repository, their history.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::Context;
use crate::cli::{ReportFormat, ReviewArgs};
use crate::error::{Error, Result};
use crate::render;

pub fn run(cx: &Context, args: &ReviewArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let tree = super::load_complete(cx, "review")?;
    let root = super::tree_root(cx.root.as_deref())?;
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
    let history = match super::drift::history_for(&root, &tree, cx.today) {
        Ok(history) => Some(history),
        Err(Error::NotARepository { .. }) => None,
        Err(e) => return Err(e),
    };
    let review = crate::cycle::review::build(&tree, history.as_ref(), &cycles, cx.today);
    let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if args.out.is_some() { &mut buffer } else { w };
    let written = match args.format {
        ReportFormat::Table => {
            render::review::table(&review, render::table::Style::detect(to_terminal), sink)
        }
        ReportFormat::Markdown => render::review::markdown(&review, sink),
        ReportFormat::Json => serde_json::to_writer_pretty(&mut *sink, &review)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(sink)),
        ReportFormat::Html => render::review::html(&review, sink),
    };
    match &args.out {
        None => {
            super::out(written)?;
            super::flush(w)?;
        }
        Some(path) => {
            let failed = |source| Error::Write {
                what: path.display().to_string(),
                source,
            };
            written.map_err(failed)?;
            std::fs::write(path, &buffer).map_err(failed)?;
            cx.detail(1, || format!("wrote {}", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
