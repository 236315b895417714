//! `align checkin OBJECTIVE/KR`: set a key result's value in place and, with
//! `--commit`, commit it with a `Check-in:` trailer. The only command that changes the
//! repository.

use std::io::Write;
use std::process::ExitCode;

use crate::checkin::{self, Edit};
use crate::cli::CheckinArgs;
use crate::error::{Error, Result};
use crate::git::{Repo, short};
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
            cycle.id.get_ref(),
            cycle.end.get_ref(),
            if o.status() == crate::model::Status::Active {
                ""
            } else {
                " (the objective's written status stays as it is)"
            }
        ))?;
    }
    let file = tree.sources.get(o.file);
    // Refuse before touching anything: no repository, or no identity to commit as.
    let repo = if args.commit {
        let repo = Repo::discover(&root)?;
        checkin::identity(&repo.repo)?;
        Some(repo)
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
    std::fs::write(&file.path, &edited.text).map_err(|source| Error::Write {
        what: file.path.display().to_string(),
        source,
    })?;
    let what = if edited.changes.is_empty() {
        "unchanged".to_string()
    } else {
        edited.changes.join(", ")
    };
    super::out(writeln!(w, "{}: {}: {what}", file.name, args.item))?;
    if let Some(repo) = repo {
        let path = if repo.prefix.is_empty() {
            file.name.clone()
        } else {
            format!("{}/{}", repo.prefix, file.name)
        };
        // Commit the change alone: applied to the committed version of the file when
        // there is one, so that other uncommitted edits stay uncommitted.
        let committed = checkin::committed_text(&repo, &path)?;
        let text = match committed {
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
        let id = checkin::commit(&repo, &path, &text, &args.item, &summary)?;
        super::out(writeln!(
            w,
            "committed {} \"{summary}\" with `Check-in: {}`",
            short(id),
            args.item
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
