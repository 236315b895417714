//! `align cycle close`: the grade of every objective of an ended cycle, proposed from
//! its key results and compared with what a person wrote; and the edits that write
//! the proposals in place (toml_edit, as `checkin` does).

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

use crate::error::{Error, Result};
use crate::load::Tree;
use crate::model::{Cycle, Objective, Status};
use crate::score::{self, Verdict};

/// What `close` does with one objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Writes the missing `score` and/or `status`.
    Write,
    /// Already graded as its key results say: nothing to do.
    Graded,
    /// Graded by a person differently from what the key results say: left alone,
    /// the difference reported (a `Write` may differ too, where it adds the status
    /// that follows a person's score).
    Differs,
    /// No key result can be scored and nobody wrote a score: a person must grade it.
    Unscored,
    /// Dropped or draft: not graded.
    Skipped,
}

/// One objective's proposal.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub objective: String,
    pub team: String,
    pub owner: Option<String>,
    /// The file, relative to the tree.
    pub file: String,
    pub action: Action,
    /// The score from the key results, rounded to two decimals.
    pub computed_score: Option<f64>,
    /// The verdict of the computed score against the success level.
    pub computed_status: Option<Verdict>,
    pub success_at: f64,
    pub written_score: Option<f64>,
    pub written_status: Status,
    /// What `--write` sets: `score` and `status`, each only where none is written.
    pub set_score: Option<f64>,
    pub set_status: Option<Verdict>,
    /// Whether what a person wrote disagrees with the key results.
    pub differs: bool,
    /// Whether the objective has a `retro`.
    pub has_retro: bool,
}

/// The whole close of one cycle.
#[derive(Debug, Serialize)]
pub struct Close {
    pub cycle: String,
    pub end: String,
    pub proposals: Vec<Proposal>,
    /// Whether the cycle has `learnings`.
    pub has_learnings: bool,
    /// Owners to nudge for an empty `retro` (and the cycle's `learnings`), by handle.
    pub nudges: Vec<(String, Vec<String>)>,
}

/// Proposes the grades of `cycle`, which must have ended by `today`.
pub fn propose(tree: &Tree, cycle: &Cycle, today: jiff::civil::Date) -> Result<Close> {
    let id = cycle.id.get_ref();
    if !cycle.ended(today) {
        return Err(Error::Usage(format!(
            "cycle `{id}` ends on {}: it can be closed from the day after (or pass --today)",
            cycle.end.get_ref()
        )));
    }
    let grading = &tree.settings.grading;
    grading.validate().map_err(Error::Usage)?;
    let mut proposals = Vec::new();
    for o in tree
        .model
        .objectives
        .iter()
        .filter(|o| o.cycle.get_ref() == id)
    {
        proposals.push(proposal(tree, o));
    }
    let mut nudges: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for p in proposals.iter().filter(|p| p.action != Action::Skipped) {
        if !p.has_retro {
            let owner = p.owner.clone().unwrap_or_else(|| "(no owner)".into());
            nudges.entry(owner).or_default().push(p.objective.clone());
        }
    }
    Ok(Close {
        cycle: id.clone(),
        end: cycle.end.get_ref().to_string(),
        proposals,
        has_learnings: cycle
            .learnings
            .as_deref()
            .is_some_and(|l| !l.trim().is_empty()),
        nudges: nudges.into_iter().collect(),
    })
}

fn proposal(tree: &Tree, o: &Objective) -> Proposal {
    let grading = &tree.settings.grading;
    let success_at = grading.success(o.kind());
    let computed_score = score::objective(o).map(score::round_score);
    let computed_status = computed_score.map(|s| {
        if s >= success_at - 1e-9 {
            Verdict::Achieved
        } else {
            Verdict::Missed
        }
    });
    let written_score = o.score.as_ref().map(|s| *s.get_ref());
    let written_status = o.status();
    let written_verdict = match written_status {
        Status::Achieved => Some(Verdict::Achieved),
        Status::Missed => Some(Verdict::Missed),
        _ => None,
    };
    let skipped = matches!(written_status, Status::Dropped | Status::Draft);
    // A status follows the score a person wrote, else the key results'; a score is
    // added only where it agrees with the status a person wrote.
    let set_status = (!skipped && written_verdict.is_none())
        .then(|| score::grade(o, grading).map(|g| g.verdict))
        .flatten();
    let set_score = (!skipped
        && written_score.is_none()
        && written_verdict.is_none_or(|w| Some(w) == computed_status))
    .then_some(computed_score)
    .flatten();
    let differs = written_score
        .zip(computed_score)
        .is_some_and(|(w, c)| (w - c).abs() > 0.005)
        || written_verdict
            .zip(computed_status)
            .is_some_and(|(w, c)| w != c);
    let action = if skipped {
        Action::Skipped
    } else if set_score.is_some() || set_status.is_some() {
        Action::Write
    } else if differs {
        Action::Differs
    } else if written_score.is_none() && written_verdict.is_none() {
        Action::Unscored
    } else {
        Action::Graded
    };
    Proposal {
        objective: o.id.get_ref().clone(),
        team: o.team.get_ref().clone(),
        owner: o.owner.as_ref().map(|x| x.get_ref().clone()),
        file: tree.sources.get(o.file).name.clone(),
        action,
        computed_score,
        computed_status,
        success_at,
        written_score,
        written_status,
        set_score,
        set_status,
        differs,
        has_retro: o.retro.as_deref().is_some_and(|r| !r.trim().is_empty()),
    }
}

/// Writes the proposals of one file into its text: `score` and `status` set on each
/// objective that gets them, formatting and comments kept. Checked to still be a
/// strategy file. Returns the text and what changed, per objective.
pub fn edit(text: &str, proposals: &[&Proposal]) -> Result<(String, Vec<String>)> {
    let name = proposals.first().map_or("the file", |p| p.file.as_str());
    let mut doc: DocumentMut = super::parse_for_edit(name, text)?;
    let mut changes = Vec::new();
    for p in proposals {
        let table = doc
            .get_mut("objective")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| {
                a.iter_mut()
                    .find(|t| t.get("id").and_then(Item::as_str) == Some(&p.objective))
            })
            .ok_or_else(|| {
                Error::Usage(format!(
                    "objective `{}` is not written as an [[objective]] table in {}: grade it by hand",
                    p.objective, p.file
                ))
            })?;
        let mut changed = Vec::new();
        if let Some(s) = p.set_score {
            crate::checkin::set(table, "score", Value::from(s), &mut changed);
        }
        if let Some(v) = p.set_status {
            crate::checkin::set(table, "status", Value::from(v.name()), &mut changed);
        }
        if !changed.is_empty() {
            changes.push(format!("{}: {}", p.objective, changed.join(", ")));
        }
    }
    let text = doc.to_string();
    super::still_valid(name, &text, "grading")?;
    Ok((text, changes))
}
