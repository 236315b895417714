//! `align history ITEM`: the events of a key result, an objective (with its key
//! results), a pillar or the vision, from the git history.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{HistoryArgs, HistoryFormat};
use crate::error::{Error, Result};
use crate::render;
use crate::suggest::did_you_mean;

pub fn run(cx: &super::Context, args: &HistoryArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let read = super::drift::read(cx, args.at.as_deref(), "history")?;
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
    cx.write_output(args.out.as_deref(), w, |w| match args.format {
        HistoryFormat::Table => render::drift::timeline(&timeline, w),
        HistoryFormat::Json => render::json::timeline(&timeline, w),
    })?;
    Ok(ExitCode::SUCCESS)
}
