//! `align tree`: the alignment tree of a cycle in the terminal.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::TreeArgs;
use crate::error::Result;
use crate::render;

pub fn run(cx: &super::Context, args: &TreeArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let outline = super::graph::outline_of(cx, &args.scope, "tree")?;
    let target = super::Context::target(args.out.as_deref());
    let style = render::tree::Style {
        ascii: args.ascii || cx.ascii,
        colour: cx.colour(target),
    };
    cx.write_output(args.out.as_deref(), w, |w| {
        render::tree::render(&outline, style, w)
    })?;
    Ok(ExitCode::SUCCESS)
}
