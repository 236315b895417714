//! `align nudge`: the report's nudges, one digest per owner.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{NudgeArgs, NudgeFormat};
use crate::error::Result;
use crate::render;
use crate::report::{Digest, Scope};

pub fn run(cx: &super::Context, args: &NudgeArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    // The report's own reading: the same history, the same verdicts, the same words.
    let report = super::report::read(
        cx,
        &scope,
        args.at.as_deref(),
        args.no_history,
        args.out.as_deref(),
        "nudges",
    )?;
    let digest = Digest::of(&report, args.owner.as_deref());
    cx.write_output(args.out.as_deref(), w, |w| match args.format {
        NudgeFormat::Table => render::nudge::table(&digest, w),
        NudgeFormat::Markdown => render::nudge::markdown(&digest, args.mention, w),
        NudgeFormat::Json => render::nudge::json(&digest, w),
    })?;
    Ok(ExitCode::SUCCESS)
}
