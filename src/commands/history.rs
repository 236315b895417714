//! `align history ITEM`: the events of a key result, an objective (with its key
//! results), a pillar or the vision, from the git history.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{HistoryArgs, HistoryFormat};
use crate::error::{Error, Result};
use crate::render;
use crate::suggest::did_you_mean;

pub fn run(
    root: Option<&Path>,
    today: jiff::civil::Date,
    args: &HistoryArgs,
    w: &mut dyn Write,
) -> Result<ExitCode> {
    let read = super::drift::read(root, args.at.as_deref(), today)?;
    let history = &read.history;
    let Some((keys, kind)) = crate::drift::keys_for(history, &args.item) else {
        let names: Vec<String> = crate::drift::names(history).collect();
        let hint = did_you_mean(&args.item, names.iter().map(String::as_str))
            .map(|s| format!(": did you mean `{s}`?"))
            .unwrap_or_else(|| {
                "; name a key result as OBJECTIVE/KR, an objective, a pillar, or `vision`".into()
            });
        return Err(Error::Usage(format!(
            "`{}` has no history in the tree at {}{hint}",
            args.item,
            read.root.display()
        )));
    };
    let timeline = crate::drift::timeline(history, &args.item, &keys, kind);
    // Thousands of lines: one write per line through a line-buffered stdout costs
    // more than building them.
    let mut buffered = std::io::BufWriter::new(w);
    let w: &mut dyn Write = &mut buffered;
    let written = match args.format {
        HistoryFormat::Table => render::drift::timeline(&timeline, w),
        HistoryFormat::Json => render::json::timeline(&timeline, w),
    };
    super::out(written)?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}
