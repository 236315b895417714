//! `align nudge`: the report's nudges, one digest per owner.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{NudgeArgs, NudgeFormat};
use crate::error::Result;
use crate::render;
use crate::report::{self, Digest, Scope};

pub fn run(cx: &super::Context, args: &NudgeArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let tree = super::load_complete(cx, "nudges")?;
    let findings = crate::rules::run_all(&tree, cx.today);
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = report::build(&tree, &findings, cx.today, &scope)?;
    let digest = Digest::of(&report, args.owner.as_deref());
    let written = match args.format {
        NudgeFormat::Table => render::nudge::table(&digest, w),
        NudgeFormat::Markdown => render::nudge::markdown(&digest, args.mention, w),
        NudgeFormat::Json => render::nudge::json(&digest, w),
    };
    super::out(written)?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}
