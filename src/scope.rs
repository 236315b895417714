//! What a command covers: which cycle (`--cycle`, else the one running today), which
//! teams (`--team` and the teams below it), and the error, with a suggestion, when the
//! id asked for is not in the tree. Shared by report, graph, tree and drift.

use std::collections::HashSet;

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::model::Model;
use crate::suggest::did_you_mean;

/// How a cycle was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    /// `--cycle`.
    Option,
    /// The cycle containing today.
    Today,
    /// No cycle contains today: the latest one that has started (the usual case for a
    /// review held just after a quarter ends).
    Latest,
    /// No cycle has started yet: the first one to come.
    Next,
}

/// The cycle asked for; else the one containing today; else the latest one that has
/// started; else the first one to come. `None` when the tree defines no cycle.
pub fn choose_cycle(
    model: &Model,
    asked: Option<&str>,
    today: Date,
) -> Result<Option<(usize, ChosenBy)>> {
    let ids = || model.cycles.iter().map(|c| c.id.get_ref().as_str());
    if let Some(id) = asked {
        return match ids().position(|c| c == id) {
            Some(c) => Ok(Some((c, ChosenBy::Option))),
            None => Err(not_found("cycle", id, ids())),
        };
    }
    if let Some(c) = crate::rules::current_cycle(&model.cycles, today) {
        return Ok(Some((c, ChosenBy::Today)));
    }
    let start = |c: usize| model.cycles[c].start.get_ref().0;
    let all = 0..model.cycles.len();
    let latest = all
        .clone()
        .filter(|&c| start(c) <= today)
        .max_by_key(|&c| (start(c), std::cmp::Reverse(c)));
    Ok(match latest {
        Some(c) => Some((c, ChosenBy::Latest)),
        None => all
            .min_by_key(|&c| (start(c), c))
            .map(|c| (c, ChosenBy::Next)),
    })
}

/// A team and every team below it through `parent` links (a loop of them cannot make
/// this run forever).
pub fn teams_under(model: &Model, graph: &Graph, id: &str) -> Result<HashSet<usize>> {
    match graph.index.teams.get(id) {
        Some(&team) => Ok(graph.teams_under(team).into_iter().collect()),
        None => Err(not_found(
            "team",
            id,
            model.teams.iter().map(|t| t.id.get_ref().as_str()),
        )),
    }
}

/// "no team `platfrom`: did you mean `platform`? (known: ...)"
pub fn not_found<'a>(what: &str, id: &str, known: impl Iterator<Item = &'a str>) -> Error {
    let known: Vec<&str> = known.collect();
    let hint = match did_you_mean(id, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? "),
        None => String::new(),
    };
    let list = if known.is_empty() {
        format!("the tree defines no {what}")
    } else {
        format!("known: {}", known.join(", "))
    };
    Error::Usage(format!("no {what} `{id}`: {hint}({list})"))
}
