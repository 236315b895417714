//! `align graph`: the line-of-sight and dependency graph of a cycle, for Graphviz,
//! Mermaid, or as JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{GraphArgs, GraphFormat, ScopeArgs};
use crate::error::Result;
use crate::outline::{self, Outline, Scope};
use crate::render;

pub fn run(cx: &super::Context, args: &GraphArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let outline = outline_of(cx, &args.scope, "graph")?;
    cx.write_output(args.out.as_deref(), w, |w| match args.format {
        GraphFormat::Dot => render::dot::render(&outline, w),
        GraphFormat::Mermaid => render::mermaid::render(&outline, w),
        GraphFormat::Json => serde_json::to_writer_pretty(&mut *w, &outline)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(w)),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The outline `graph` and `tree` draw: of a tree whose files all loaded, in scope.
pub(super) fn outline_of(cx: &super::Context, scope: &ScopeArgs, command: &str) -> Result<Outline> {
    let (_, tree) = cx.load_complete(command)?;
    let scope = Scope {
        cycle: scope.cycle.as_deref(),
        team: scope.team.as_deref(),
    };
    outline::build(&tree, cx.today, &scope)
}
