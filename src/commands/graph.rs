//! `align graph`: the line-of-sight and dependency graph of a cycle, for Graphviz,
//! Mermaid, or as JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{GraphArgs, GraphFormat};
use crate::error::Result;
use crate::outline::{self, Scope};
use crate::render;

pub fn run(cx: &super::Context, args: &GraphArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let tree = super::load_complete(cx, "graph")?;
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let outline = outline::build(&tree, cx.today, &scope)?;
    super::out(match args.format {
        GraphFormat::Dot => render::dot::render(&outline, w),
        GraphFormat::Mermaid => render::mermaid::render(&outline, w),
        GraphFormat::Json => serde_json::to_writer_pretty(&mut *w, &outline)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(w)),
    })?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}
