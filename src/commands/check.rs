//! `align check`: load, run every rule, render, and decide the exit code.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{CheckArgs, CheckFormat, DenyLevel};
use crate::diag::Tally;
use crate::error::{Error, Result};
use crate::render::{self, Summary};

pub fn run(cx: &super::Context, args: &CheckArgs, w: &mut dyn Write) -> Result<ExitCode> {
    match &args.category {
        Some(_) if args.format != CheckFormat::Sarif => {
            return Err(Error::Usage(
                "--category names a SARIF run: use it with --format sarif".into(),
            ));
        }
        Some(category) if category.trim_matches('/').trim().is_empty() => {
            return Err(Error::Usage(
                "--category needs a name, e.g. --category align/strategy".into(),
            ));
        }
        _ => {}
    }
    let (root, tree) = cx.load()?;
    cx.refuse_out_in_tree(args.out.as_deref(), &tree)?;
    let started = Instant::now();
    let checked = crate::rules::check(&tree, cx.today);
    let findings = checked.findings;
    let (mut findings, base_note) = match &args.base {
        Some(rev) => {
            let (new, note) = super::diff::introduced(cx, &root, rev, &tree, findings)?;
            (new, Some(note))
        }
        None => (findings, None),
    };
    let goalposts_note = match &args.goalposts {
        Some(rev) => Some(super::diff::goalposts(
            cx,
            &root,
            rev,
            &tree,
            &mut findings,
        )?),
        None => None,
    };
    // Drift is about the history, not about what a change introduces: added after
    // --base has kept only the change's own findings.
    if args.drift {
        super::drift::add_findings(cx, &root, &tree, &mut findings)?;
    }
    cx.detail(1, || {
        format!(
            "ran the rules in {:.1} ms: {}",
            started.elapsed().as_secs_f64() * 1000.0,
            render::plural(findings.len(), "finding", "findings")
        )
    });
    let tally = Tally {
        silenced: checked.silenced.len(),
        ..Tally::of(&findings)
    };
    let summary = Summary {
        root: &root,
        today: cx.today,
        files: tree.sources.len(),
        objectives: tree.model.objectives.len(),
        key_results: tree.model.key_result_count(),
        tally,
        files_not_loaded: tree.files_not_loaded,
    };
    // GitHub and code scanning resolve paths from the repository's root.
    let repo_prefix = || -> Result<String> {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: ".".into(),
            source,
        })?;
        let prefix = crate::repo::prefix(&root, &cwd);
        cx.detail(1, || {
            format!("paths from the repository root: {prefix}FILE")
        });
        Ok(prefix)
    };
    let out = args.out.as_deref();
    let prefix = match args.format {
        CheckFormat::Github | CheckFormat::Sarif => repo_prefix()?,
        CheckFormat::Human | CheckFormat::Json => String::new(),
    };
    cx.write_output(out, w, |w| match args.format {
        CheckFormat::Human => {
            let style = cx.human_style(super::Context::target(out));
            render::human::render_findings(&tree.sources, &findings, style, w)?;
            summary_lines(cx, &summary, w)
        }
        CheckFormat::Json => render::json::render(&tree.sources, &findings, &summary, w),
        CheckFormat::Sarif => render::sarif::render(
            &tree.sources,
            &findings,
            &summary,
            &prefix,
            args.category.as_deref(),
            w,
        ),
        CheckFormat::Github => {
            render::github::render(&tree.sources, &findings, &summary, &prefix, w)?;
            // A log line after the annotations; SARIF is one document.
            if !cx.quiet {
                writeln!(w, "{}", summary.line())?;
            }
            Ok(())
        }
    })?;
    for note in base_note.iter().chain(&goalposts_note) {
        // After the findings it speaks of, on a terminal that shows both streams.
        super::flush(w)?;
        let note = crate::render::table::clean(note);
        super::out(writeln!(std::io::stderr().lock(), "note: {note}"))?;
    }
    let denied = args.deny == Some(DenyLevel::Warnings) && tally.warnings > 0;
    Ok(if tally.errors > 0 || denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The summary line, unless `--quiet`; the note that files did not load, always: it
/// says the findings are not the whole story.
fn summary_lines(cx: &super::Context, summary: &Summary, w: &mut dyn Write) -> std::io::Result<()> {
    if !cx.quiet {
        writeln!(w, "{}", summary.line())?;
    }
    if let Some(note) = summary.incomplete_note() {
        writeln!(w, "{note}")?;
    }
    Ok(())
}
