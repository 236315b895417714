//! `align tree`: the alignment tree of a cycle in the terminal.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::cli::TreeArgs;
use crate::error::Result;
use crate::render;

pub fn run(cx: &super::Context, args: &TreeArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let outline = super::graph::outline_of(cx, &args.scope, "tree")?;
    let style = render::tree::Style {
        ascii: args.ascii || std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty()),
        colour: render::colour(std::io::stdout().is_terminal()),
    };
    super::out(render::tree::render(&outline, style, w))?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}
