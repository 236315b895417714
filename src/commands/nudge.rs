//! `align nudge`: the report's nudges, one digest per owner.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{NudgeArgs, NudgeFormat};
use crate::error::Result;
use crate::render;
use crate::report::{self, Digest, Scope};

pub fn run(cx: &super::Context, args: &NudgeArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let (root, tree) = cx.load_complete("nudges")?;
    if let Some(out) = &args.out {
        crate::write::refuse_tree_file(out, &root, &tree.sources)?;
    }
    let findings = crate::rules::run_all(&tree, cx.today);
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = report::build(&tree, &findings, cx.today, &scope)?;
    let digest = Digest::of(&report, args.owner.as_deref());
    cx.write_output(args.out.as_deref(), w, |w| match args.format {
        NudgeFormat::Table => render::nudge::table(&digest, w),
        NudgeFormat::Markdown => render::nudge::markdown(&digest, args.mention, w),
        NudgeFormat::Json => render::nudge::json(&digest, w),
    })?;
    Ok(ExitCode::SUCCESS)
}
