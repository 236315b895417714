//! `align checkin OBJECTIVE/KR`: set a key result's value in place and, with
//! `--commit`, commit it with a `Check-in:` trailer. The only command that changes the
//! repository.

use std::io::Write;
use std::process::ExitCode;

use crate::checkin::{self, Edit};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::git::short;
use crate::suggest::did_you_mean;

pub fn run(cx: &super::Context, args: &CheckinArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let today = cx.today;
    let (root, tree) = cx.load()?;
    let (objective, kr) = args.item.split_once('/').ok_or_else(|| {
        Error::Usage(format!(
            "name the key result as OBJECTIVE/KR, e.g. deploys-boring/deploy-success, not `{}`",
            args.item
        ))
    })?;
    let model = &tree.model;
    let Some(o) = model
        .objectives
        .iter()
        .find(|o| o.id.get_ref() == objective)
    else {
        if !tree.is_complete() {
            return Err(not_loaded(cx, &tree, objective));
        }
        let hint = did_you_mean(
            objective,
            model.objectives.iter().map(|o| o.id.get_ref().as_str()),
        )
        .map(|s| format!(": did you mean `{s}`?"))
        .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no objective `{objective}` in the tree{hint}"
        )));
    };
    let Some(k) = o
        .key_result
        .iter()
        .map(|k| k.get_ref())
        .find(|k| k.id.get_ref() == kr)
    else {
        let hint = did_you_mean(
            kr,
            o.key_result
                .iter()
                .map(|k| k.get_ref().id.get_ref().as_str()),
        )
        .map(|s| format!(": did you mean `{objective}/{s}`?"))
        .unwrap_or_default();
        return Err(Error::Usage(format!(
            "objective `{objective}` has no key result `{kr}`{hint}"
        )));
    };
    if let Some(cycle) = model
        .cycles
        .iter()
        .find(|c| c.id.get_ref() == o.cycle.get_ref())
        .filter(|c| c.ended(today))
    {
        // Still written: a late value is real news. But a grade rests on it.
        let mut stderr = std::io::stderr().lock();
        super::out(writeln!(
            stderr,
            "warning: cycle `{}` ended on {}: this check-in changes the values its grade is \
             computed from{}",
            crate::render::table::clean(cycle.id.get_ref()),
            cycle.end.get_ref(),
            if o.status() == crate::model::Status::Active {
                ""
            } else {
                " (the objective's written status stays as it is)"
            }
        ))?;
    }
    let file = tree.sources.get(o.file);
    // Refuse before touching anything: whatever git would refuse the commit for.
    let committer = if args.commit {
        Some(checkin::Committer::prepare(&root, &file.path)?)
    } else {
        None
    };
    let edit = Edit {
        objective,
        key_result: kr,
        kind: k.kind(),
        value: args.value.as_deref(),
        confidence: args.confidence.as_deref(),
        scale: tree.settings.scale.confidence,
        today,
    };
    let edited = checkin::edit(&file.text, &edit)?;
    crate::write::replace(&file.path, file.text.as_bytes(), edited.text.as_bytes())?;
    let what = if edited.changes.is_empty() {
        "unchanged".to_string()
    } else {
        edited.changes.join(", ")
    };
    super::out(writeln!(w, "{}: {}: {what}", file.name, args.item))?;
    if let Some(committer) = committer {
        // Commit the change alone: applied to the committed version of the file when
        // there is one, so that other uncommitted edits stay uncommitted.
        let text = match committer.committed_text()? {
            Some(head) if head != file.text => match checkin::edit(&head, &edit) {
                Ok(e) => e.text,
                Err(_) => edited.text.clone(),
            },
            _ => edited.text.clone(),
        };
        let summary = args.message.clone().unwrap_or_else(|| {
            let value = edited
                .changes
                .iter()
                .find(|c| !c.starts_with("checked"))
                .map_or_else(|| "confirmed".to_string(), |c| c.clone());
            format!("Check in {}: {value}", args.item)
        });
        // What was printed so far belongs before anything git's hooks print.
        super::flush(w)?;
        let id = committer.commit(&text, &args.item, &summary)?;
        super::out(writeln!(
            w,
            "committed {} \"{summary}\" with `Check-in: {}`",
            short(id),
            args.item
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Why an objective is missing from a tree that did not load completely: the load
/// errors of the files that mention it (or of every file that did not load) go to
/// standard error, and the message names those files.
fn not_loaded(cx: &super::Context, tree: &crate::load::Tree, objective: &str) -> Error {
    let failed: Vec<&crate::diag::Finding> = tree
        .findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error && !f.labels.is_empty())
        .collect();
    let quoted = format!("\"{objective}\"");
    let mentions: Vec<&crate::diag::Finding> = failed
        .iter()
        .copied()
        .filter(|f| tree.sources.get(f.labels[0].file).text.contains(&quoted))
        .collect();
    let shown = if mentions.is_empty() {
        &failed
    } else {
        &mentions
    };
    let errors: Vec<crate::diag::Finding> = shown.iter().map(|f| (*f).clone()).collect();
    let style = cx.human_style(super::Target::Stderr);
    // The error below says what matters; a closed standard error must not hide it.
    let _ = crate::render::human::render_findings(
        &tree.sources,
        &errors,
        style,
        &mut std::io::stderr().lock(),
    );
    let mut names: Vec<&str> = mentions
        .iter()
        .map(|f| tree.sources.get(f.labels[0].file).name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        Error::Usage(format!(
            "no objective `{objective}` in the tree as loaded, and {} did not load (see \
             above): it may be in one of them; fix them first",
            crate::render::plural(tree.files_not_loaded, "file", "files")
        ))
    } else {
        Error::Usage(format!(
            "no objective `{objective}` in the tree as loaded: `{objective}` appears in {}, \
             which did not load (see above); fix that first",
            names.join(", ")
        ))
    }
}
