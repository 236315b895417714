//! `align report`: load, check, score, and write the report in one format.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::diag::Severity;
use crate::error::{Error, Result};
use crate::render;
use crate::report::{self, Scope};

pub fn run(
    root: Option<&Path>,
    today: jiff::civil::Date,
    args: &ReportArgs,
    w: &mut dyn Write,
) -> Result<ExitCode> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let root = crate::load::find_root(root, &cwd)?;
    let tree = crate::load::load(&root)?;
    if let Some(out) = &args.out {
        crate::write::refuse_tree_file(out, &root, &tree.sources)?;
    }
    let findings = crate::rules::run_all(&tree, today);
    if !tree.is_complete() {
        // Numbers from a tree missing whole files would be wrong without saying so:
        // show why it did not load, as `align check` would, and stop.
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        let summary = render::Summary {
            root: &root,
            today,
            files: tree.sources.len(),
            objectives: tree.model.objectives.len(),
            key_results: tree.model.key_result_count(),
            tally: crate::diag::Tally::of(&errors),
            files_not_loaded: tree.files_not_loaded,
        };
        let style = render::human::Style::detect(std::io::stderr().is_terminal());
        let mut stderr = std::io::stderr().lock();
        super::out(render::human::render(
            &tree.sources,
            &errors,
            &summary,
            style,
            &mut stderr,
        ))?;
        return Err(Error::Usage(format!(
            "no report: {} of the tree did not load (see above)",
            render::plural(tree.files_not_loaded, "file", "files")
        )));
    }
    let scope = Scope {
        cycle: args.cycle.as_deref(),
        team: args.team.as_deref(),
    };
    let report = if args.history {
        let history = super::drift::history_for(&root, &tree, today)?;
        report::build_with_history(&tree, &findings, today, &scope, &history)?
    } else {
        report::build(&tree, &findings, today, &scope)?
    };

    let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if args.out.is_some() { &mut buffer } else { w };
    let written = match args.format {
        ReportFormat::Table => {
            let style = render::table::Style::detect(to_terminal);
            render::table::render(&report, style, sink)
        }
        ReportFormat::Markdown => render::markdown::render(&report, sink),
        ReportFormat::Json => render::json::report(&report, sink),
        ReportFormat::Html => render::html::render(&report, sink),
    };
    match &args.out {
        None => {
            super::out(written)?;
            super::flush(w)?;
        }
        Some(path) => {
            written.map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
            std::fs::write(path, &buffer).map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
