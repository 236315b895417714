//! `align cycle close|carry|new|review`: the end of a cycle and the step to the next.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{Context, out};
use crate::cli::{CarryArgs, CloseArgs, CloseFormat, CycleArgs, CycleCommand, NewCycleArgs};
use crate::cycle::close::{Action, Proposal};
use crate::error::{Error, Result};
use crate::git::short;
use crate::render::plural;
use crate::render::table::clean;

pub fn run(cx: &Context, args: &CycleArgs, w: &mut dyn Write) -> Result<ExitCode> {
    match &args.command {
        CycleCommand::Close(a) => close(cx, a, w),
        CycleCommand::Carry(a) => carry(cx, a, w),
        CycleCommand::New(a) => new(cx, a, w),
        CycleCommand::Review(a) => super::review::run(cx, a, w),
    }
}

/// Writes `text` to `path` when the file still holds `expected` (what align read),
/// atomically; `None` expects no file and creates it. An edit made meanwhile is
/// refused, never lost (see [`crate::write`]).
fn write_file(path: &Path, expected: Option<&str>, text: &str) -> Result<()> {
    match expected {
        Some(read) => crate::write::replace(path, read.as_bytes(), text.as_bytes()),
        None => crate::write::create(path, text.as_bytes()),
    }
}

fn close(cx: &Context, args: &CloseArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let (root, tree) = cx.load()?;
    let cycle = crate::cycle::find(&tree.model, &args.cycle)?;
    let plan = crate::cycle::close::propose(&tree, cycle, cx.today)?;
    let write = args.write || args.commit;
    // Edits by file, each file once.
    let mut by_file: BTreeMap<&str, Vec<&Proposal>> = BTreeMap::new();
    for p in plan.proposals.iter().filter(|p| p.action == Action::Write) {
        by_file.entry(p.file.as_str()).or_default().push(p);
    }
    let mut edited = Vec::new();
    for (name, proposals) in &by_file {
        let file = tree
            .sources
            .iter()
            .map(|(_, f)| f)
            .find(|f| f.name == *name)
            .ok_or_else(|| Error::Usage(format!("{name} is not a file of the tree")))?;
        let (text, changes) = crate::cycle::close::edit(&file.text, proposals)?;
        edited.push((file, text, changes));
    }
    if args.format == CloseFormat::Json {
        let json = serde_json::json!({
            "cycle": plan.cycle,
            "end": plan.end,
            "written": write,
            "proposals": plan.proposals,
            "has_learnings": plan.has_learnings,
            "retro_missing": plan.nudges.iter().map(|(owner, items)| {
                serde_json::json!({ "owner": owner, "objectives": items })
            }).collect::<Vec<_>>(),
        });
        out(writeln!(w, "{json:#}"))?;
    } else {
        render_close(cx, &plan, write, w)?;
    }
    if !write {
        super::flush(w)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Everything git would refuse the commit for is refused before a file changes.
    let committer = if args.commit && !edited.is_empty() {
        let paths: Vec<&Path> = edited.iter().map(|(f, ..)| f.path.as_path()).collect();
        Some(crate::checkin::Committer::prepare_all(
            Path::new(&root),
            &paths,
        )?)
    } else {
        None
    };
    for (file, text, _) in &edited {
        write_file(&file.path, Some(&file.text), text)?;
    }
    if args.format != CloseFormat::Json {
        for (file, _, changes) in &edited {
            for change in changes {
                cx.say(w, &format!("wrote {}: {}", file.name, clean(change)))?;
            }
        }
    }
    if let Some(committer) = committer {
        let mut texts = Vec::new();
        let mut lines = Vec::new();
        for (i, (file, text, changes)) in edited.iter().enumerate() {
            // Graded on the committed version when it differs, so that other
            // uncommitted edits stay uncommitted.
            let proposals = &by_file[file.name.as_str()];
            let text = match committer.committed_text_of(i)? {
                Some(head) if head != file.text => {
                    crate::cycle::close::edit(&head, proposals).map_or(text.clone(), |e| e.0)
                }
                _ => text.clone(),
            };
            texts.push(text);
            lines.extend(changes.iter().map(|c| format!("- {c}")));
        }
        let summary = args.message.clone().unwrap_or_else(|| {
            format!(
                "Close {}: grade {}",
                plan.cycle,
                plural(lines.len(), "objective", "objectives")
            )
        });
        let body = lines.join("\n");
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let id = committer.commit_all(&texts, &[&summary, &body], "grades")?;
        cx.say(w, &format!("committed {} \"{summary}\"", short(id)))?;
    }
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}

fn render_close(
    cx: &Context,
    plan: &crate::cycle::close::Close,
    write: bool,
    w: &mut dyn Write,
) -> Result<()> {
    let graded = plan
        .proposals
        .iter()
        .filter(|p| p.action != Action::Skipped)
        .count();
    out(writeln!(
        w,
        "Cycle {} ended on {}: {}",
        clean(&plan.cycle),
        plan.end,
        plural(graded, "objective to grade", "objectives to grade")
    ))?;
    let width = plan
        .proposals
        .iter()
        .map(|p| p.objective.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    let verdict = |s: Option<f64>, v: Option<crate::score::Verdict>| match (s, v) {
        (Some(s), Some(v)) => format!("{s:.2} {}", v.name()),
        (Some(s), None) => format!("{s:.2}"),
        (None, Some(v)) => v.name().to_string(),
        (None, None) => "not scored".into(),
    };
    for p in &plan.proposals {
        let written = || {
            let status = match p.written_status {
                crate::model::Status::Active => None,
                s => Some(crate::score::Standing::of(Some(s), None).name()),
            };
            match (p.written_score, status) {
                (Some(s), Some(st)) => format!("{s:.2} {st}"),
                (Some(s), None) => format!("{s:.2}"),
                (None, Some(st)) => st.to_string(),
                (None, None) => "nothing".into(),
            }
        };
        let computed = verdict(p.computed_score, p.computed_status);
        let what = match p.action {
            Action::Write => {
                let mut set = Vec::new();
                if let Some(s) = p.set_score {
                    set.push(format!("score = {s:.2}"));
                }
                if let Some(v) = p.set_status {
                    set.push(format!("status = \"{}\"", v.name()));
                }
                let verb = if write { "writes" } else { "proposes" };
                let mut line = format!("{verb} {}", set.join(", "));
                if p.differs {
                    line.push_str(&format!(
                        "; written {} differs from the key results' {computed}",
                        written()
                    ));
                }
                line
            }
            Action::Graded => format!("graded: {}", written()),
            Action::Differs => format!(
                "left alone: written {}, the key results say {computed}",
                written()
            ),
            Action::Unscored => {
                "no key result can be scored: write its `score` and `status` by hand".into()
            }
            Action::Skipped => format!(
                "{}: not graded",
                crate::score::Standing::of(Some(p.written_status), None).name()
            ),
        };
        let line = format!(
            "  {:width$}  {:<16} {what}",
            clean(&p.objective),
            verdict(
                p.set_score.or(p.written_score).or(p.computed_score),
                p.set_status.or(match p.written_status {
                    crate::model::Status::Achieved => Some(crate::score::Verdict::Achieved),
                    crate::model::Status::Missed => Some(crate::score::Verdict::Missed),
                    _ => p.computed_status,
                })
            ),
        );
        out(writeln!(w, "{line}"))?;
    }
    if !plan.nudges.is_empty() {
        out(writeln!(w, "\nNo retro yet (what did the team learn?):"))?;
        for (owner, items) in &plan.nudges {
            let items: Vec<_> = items.iter().map(|i| clean(i).into_owned()).collect();
            out(writeln!(w, "  {}: {}", clean(owner), items.join(", ")))?;
        }
    }
    if !plan.has_learnings {
        out(writeln!(
            w,
            "\nCycle {} has no `learnings`: write what the company learned beside its dates.",
            clean(&plan.cycle)
        ))?;
    }
    let to_write = plan
        .proposals
        .iter()
        .filter(|p| p.action == Action::Write)
        .count();
    if !write && to_write > 0 {
        cx.say(
            w,
            &format!(
                "\n{} to write: run again with --write (or --commit)",
                plural(to_write, "grade", "grades")
            ),
        )?;
    }
    Ok(())
}

fn carry(cx: &Context, args: &CarryArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let (root, tree) = cx.load()?;
    let from = crate::cycle::find(&tree.model, &args.from)?;
    let to = crate::cycle::find(&tree.model, &args.to)?;
    let plan = crate::cycle::carry::plan(&tree, &root, from, to, &args.objective, cx.today)?;
    if plan.carried.is_empty() {
        cx.say(
            w,
            &format!(
                "nothing to carry: every objective of {} is achieved, dropped or draft",
                clean(from.id.get_ref())
            ),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if !args.dry_run {
        for f in &plan.files {
            write_file(&root.join(&f.file), f.before.as_deref(), &f.text)?;
        }
    }
    let verb = if args.dry_run {
        "would carry"
    } else {
        "carried"
    };
    for c in &plan.carried {
        out(writeln!(
            w,
            "{verb} {} -> {} ({}, continues = \"{}\")",
            clean(&c.from),
            clean(&c.id),
            clean(&c.file),
            clean(&c.from)
        ))?;
        if !c.reached.is_empty() {
            out(writeln!(
                w,
                "  left behind, reached: {}",
                c.reached
                    .iter()
                    .map(|r| clean(r).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?;
        }
        for note in &c.notes {
            out(writeln!(w, "  {}", clean(note)))?;
        }
    }
    if args.dry_run {
        for f in &plan.files {
            out(writeln!(
                w,
                "\n--- {}\n{}",
                clean(&f.file),
                clean_block(&f.text)
            ))?;
        }
    }
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}

/// Multi-line text for a terminal: each line cleaned, the line breaks kept.
fn clean_block(text: &str) -> String {
    text.lines()
        .map(|l| clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn new(cx: &Context, args: &NewCycleArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let (root, tree) = cx.load()?;
    let (cycle, last) = crate::cycle::new::plan(&tree, args.id.as_deref(), args.start, args.end)?;
    let file = tree.sources.get(last.file);
    let text = crate::cycle::new::append(&file.name, &file.text, &cycle)?;
    let folder = crate::cycle::new::folder(&tree, last, &cycle.id);
    write_file(&file.path, Some(&file.text), &text)?;
    let dir = root.join(&folder);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        what: dir.display().to_string(),
        source,
    })?;
    out(writeln!(
        w,
        "added cycle {} ({} to {}) to {}; its objectives go in {}/",
        clean(&cycle.id),
        cycle.start,
        cycle.end,
        clean(&file.name),
        clean(&folder)
    ))?;
    super::flush(w)?;
    Ok(ExitCode::SUCCESS)
}
