//! Drift: what the git history says about a cycle. Check-ins and stale key results,
//! goalposts moved after the cycle started, forecasts that miss their target, churn,
//! objectives left behind by a changed pillar, and dependencies in trouble. Every
//! finding is a [`Finding`], so every renderer shows it; the rest (last check-ins,
//! forecasts, churn per team) is the plain data of [`DriftReport`].

/// Churn after the cycle started, and its rule.
pub(crate) mod churn;
/// The other drift findings, and their rules' metadata.
pub(crate) mod findings;
mod forecast;
/// Goalposts moved after the cycle started, and its rule.
pub(crate) mod goalposts;
mod timeline;

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

pub use timeline::{Timeline, keys_for, names, timeline};

use crate::diag::Finding;
use crate::error::Result;
use crate::graph::Graph;
use crate::history::{Change, CommitInfo, Event, History, Key, KrState, State};
use crate::load::Tree;
use crate::model::{KeyResult, Model, Objective};

/// One point of a key result's series over a cycle, from the history: the value
/// standing when the cycle started, then each check-in (a change, or a `Check-in:`
/// trailer confirming the value standing then).
#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub date: String,
    /// `current` after the check-in (for a milestone 1 when done, 0 when not).
    pub value: Option<f64>,
    /// Confidence after the check-in, on 0.0-1.0.
    pub confidence: Option<f64>,
    /// The short commit id; `None` for the cycle's start and uncommitted changes.
    pub commit: Option<String>,
    pub author: Option<String>,
    /// The first line of the commit message.
    pub message: String,
    /// The rest of the message, without `Check-in:` lines.
    pub body: String,
}

/// A key result's series over the cycle that runs from `start`, up to `today`.
pub fn series(history: &History, key: &Key, start: Date, today: Date) -> Vec<SeriesPoint> {
    let mut out = Vec::new();
    let mut standing: Option<&KrState> = None;
    let mut at_start: Option<&KrState> = None;
    let value = |s: &KrState| {
        s.current
            .or_else(|| s.done.map(|d| if d { 1.0 } else { 0.0 }))
    };
    let confidence = |s: &KrState| s.confidence.as_ref().and_then(|c| c.normalized());
    let at_start_point = |s: &KrState| SeriesPoint {
        date: start.to_string(),
        value: value(s),
        confidence: confidence(s),
        commit: None,
        author: None,
        message: "standing when the cycle started".into(),
        body: String::new(),
    };
    for event in visible(history, key, today) {
        let commit = history.commit(event);
        // A value dated after today is not part of the series as of today.
        if commit.after_today {
            continue;
        }
        match &event.change {
            Change::Removed(_) => {
                standing = None;
                continue;
            }
            Change::Moved => continue,
            Change::Confirmed => {}
            change => standing = kr_state(change).or(standing),
        }
        if commit.date < start {
            at_start = standing;
            continue;
        }
        if out.is_empty()
            && let Some(s) = at_start
        {
            out.push(at_start_point(s));
        }
        let Some(s) = standing else { continue };
        out.push(SeriesPoint {
            date: commit.date.to_string(),
            value: value(s),
            confidence: confidence(s),
            commit: commit.id.map(crate::git::short),
            author: commit.id.map(|_| commit.author.clone()),
            message: commit.summary.clone(),
            body: commit.body.clone(),
        });
    }
    if out.is_empty()
        && let Some(s) = at_start
    {
        out.push(at_start_point(s));
    }
    out
}

/// Bumped when a field of [`DriftReport`] changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// What `align drift` shows besides its findings.
#[derive(Debug, Serialize)]
pub struct DriftReport {
    pub schema_version: u32,
    pub today: String,
    pub cycle: CycleRef,
    pub history: HistoryLine,
    /// The last check-in of every key result of the cycle's live objectives.
    pub check_ins: Vec<LastCheckIn>,
    /// Forecasts of the numeric key results of the cycle's active objectives.
    pub forecasts: Vec<Forecast>,
    /// Churn after the cycle started, per team (teams without churn are left out).
    pub churn: Vec<TeamChurn>,
    /// What could not be judged because the history is cut (a shallow clone).
    pub unknown: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CycleRef {
    pub id: String,
    pub start: String,
    pub end: String,
    /// Whether today is inside the cycle: only then can a key result be stale or
    /// behind pace.
    pub active: bool,
}

#[derive(Debug, Serialize)]
pub struct HistoryLine {
    /// Commits of the first-parent chain read.
    pub commits_read: usize,
    /// Of those, the ones that changed the tree or carried a check-in trailer.
    pub commits_with_changes: usize,
    /// The date a shallow clone's history is cut at; `None` for a full history.
    pub cut: Option<String>,
    /// Whether the work tree has uncommitted changes to the tree (the newest state).
    pub uncommitted: bool,
}

/// Where a check-in comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A commit that changed the key result's table.
    Commit,
    /// A commit with a `Check-in: OBJECTIVE/KR` trailer.
    Trailer,
    /// The `checked = DATE` key.
    Checked,
    /// A change in the work tree, not committed yet (dated today).
    Uncommitted,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Self::Commit => "commit",
            Self::Trailer => "trailer",
            Self::Checked => "checked",
            Self::Uncommitted => "uncommitted",
        }
    }
}

/// The last time someone checked in on a key result.
#[derive(Debug, Clone, Serialize)]
pub struct LastCheckIn {
    /// `objective/key-result`.
    pub key_result: String,
    pub owner: Option<String>,
    pub date: String,
    pub days_ago: i64,
    pub source: Source,
    pub author: Option<String>,
    /// The short commit id, for commit and trailer check-ins.
    pub commit: Option<String>,
    /// True when this is a shallow clone's cut: the real last check-in was on that
    /// date or before.
    pub at_cut: bool,
    /// The merge that landed it, for a check-in made on a merged branch (short id).
    pub landed_with: Option<String>,
    /// The author's date of the commit, when it is more than a day from `date`.
    pub author_date: Option<String>,
    /// The merge, author date and date notes, as findings print them after the commit.
    #[serde(skip)]
    pub provenance: String,
}

#[derive(Debug, Serialize)]
pub struct Forecast {
    pub key_result: String,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    /// Progress now, unclamped.
    pub progress: f64,
    /// The elapsed fraction of the cycle.
    pub expected: f64,
    /// The value the least-squares line reaches on the cycle's last day, when there
    /// are check-ins on two different days.
    pub forecast: Option<f64>,
    pub forecast_progress: Option<f64>,
    /// Days with a check-in that the line goes through.
    pub points: usize,
    pub behind: bool,
    /// The key result's health as every command judges it (`score::kr_verdict`): the
    /// forecast above looks ahead, this is where it stands today.
    pub health: Option<crate::score::Health>,
}

#[derive(Debug, Default, Serialize)]
pub struct TeamChurn {
    pub team: String,
    pub objectives_added: usize,
    pub objectives_dropped: usize,
    pub objectives_reparented: usize,
    pub key_results_added: usize,
    pub key_results_removed: usize,
}

/// Drift of one cycle: the findings (severities from `align.toml` applied) and the
/// report around them.
pub struct Analysis {
    pub report: DriftReport,
    pub findings: Vec<Finding>,
}

/// Everything the analysis reads.
pub(crate) struct Cx<'a> {
    pub model: &'a Model,
    pub tree: &'a Tree,
    pub graph: Graph<'a>,
    pub history: &'a History,
    pub today: Date,
    pub cycle: &'a crate::model::Cycle,
    pub start: Date,
    pub end: Date,
}

/// Analyses the cycle `cycle` (default: the one containing today, else the latest one
/// that has started). A tree without any cycle has no drift.
pub fn analyse(
    tree: &Tree,
    history: &History,
    today: Date,
    cycle: Option<&str>,
) -> Result<Analysis> {
    let model = &tree.model;
    check_settings(tree)?;
    let index = choose_cycle(model, cycle, today)?;
    let history_line = HistoryLine {
        commits_read: history.walked,
        commits_with_changes: history.commits.iter().filter(|c| c.id.is_some()).count(),
        cut: history.cut_date().map(|d| d.to_string()),
        uncommitted: history.commits.iter().any(|c| c.id.is_none()),
    };
    let mut findings = Vec::new();
    if let Some(cut) = history.cut_date() {
        findings.push(findings::shallow(cut));
    }
    let Some(index) = index else {
        let report = DriftReport {
            schema_version: SCHEMA_VERSION,
            today: today.to_string(),
            cycle: CycleRef {
                id: String::new(),
                start: String::new(),
                end: String::new(),
                active: false,
            },
            history: history_line,
            check_ins: Vec::new(),
            forecasts: Vec::new(),
            churn: Vec::new(),
            unknown: Vec::new(),
        };
        crate::rules::apply_settings(&tree.settings, &mut findings);
        return Ok(Analysis { report, findings });
    };
    let cycle = &model.cycles[index];
    let cx = Cx {
        model,
        tree,
        graph: Graph::build(model),
        history,
        today,
        cycle,
        start: cycle.start.get_ref().0,
        end: cycle.end.get_ref().0,
    };
    let mut unknown = Vec::new();
    let check_ins = cx.check_ins();
    let stale = cx.stale(&check_ins, &mut findings, &mut unknown);
    let forecasts = cx.forecasts();
    let behind = cx.behind(&forecasts, &mut findings);
    cx.goalposts(&mut findings, &mut unknown);
    let churn = cx.churn(&mut findings);
    cx.realign(&mut findings);
    cx.blocked(&stale, &behind, &mut findings);
    crate::rules::apply_settings(&tree.settings, &mut findings);
    agreed_goalposts(model, &mut findings);
    crate::rules::sort(&mut findings);
    let report = DriftReport {
        schema_version: SCHEMA_VERSION,
        today: today.to_string(),
        cycle: CycleRef {
            id: cycle.id.get_ref().clone(),
            start: cx.start.to_string(),
            end: cx.end.to_string(),
            active: cycle.contains(today),
        },
        history: history_line,
        check_ins: check_ins.into_values().collect(),
        forecasts,
        churn,
        unknown,
    };
    Ok(Analysis { report, findings })
}

/// The last check-in of every key result in the tree, by `objective/key-result`: for
/// the report, which shows it next to each key result.
pub fn last_check_ins(tree: &Tree, history: &History, today: Date) -> HashMap<String, LastCheckIn> {
    let mut out = HashMap::new();
    for objective in &tree.model.objectives {
        for kr in &objective.key_result {
            let kr = kr.get_ref();
            if let Some(last) = last_check_in(history, objective, kr, today) {
                out.insert(last.key_result.clone(), last);
            }
        }
    }
    out
}

/// A goalpost moved with the agreement recorded on its key result (`allow =
/// ["goalpost-moved"]` and an `allow_reason`) stays in the record, as information
/// with its reason: it gates nothing.
fn agreed_goalposts(model: &Model, findings: &mut [Finding]) {
    for f in findings
        .iter_mut()
        .filter(|f| f.code == crate::codes::Code::GoalpostMoved)
    {
        let Some(crate::diag::Entity::KeyResult {
            objective: o,
            id: k,
        }) = &f.entity
        else {
            continue;
        };
        let reason = model
            .objectives
            .iter()
            .filter(|obj| obj.id.get_ref() == o)
            .flat_map(|obj| obj.key_result.iter().map(|kr| kr.get_ref()))
            .find(|kr| kr.id.get_ref() == k)
            .and_then(|kr| crate::rules::allow::reason_on(kr, crate::codes::Code::GoalpostMoved));
        if let Some(reason) = reason {
            f.severity = crate::diag::Severity::Info;
            f.message = format!("{} (agreed: {reason})", f.message);
        }
    }
}

/// The day each objective and key result of the tree appeared, by `objective` and
/// `objective/key-result`, as of `today`: the date of the commit (or the uncommitted
/// change) that last added it. What was already there at a shallow clone's cut has no
/// known date and is left out.
pub fn added_dates(tree: &Tree, history: &History, today: Date) -> HashMap<String, Date> {
    let mut out = HashMap::new();
    let mut note = |key: Key| {
        let added = visible(history, &key, today)
            .filter(|e| matches!(e.change, Change::Added(_)))
            .map(|e| history.commit(e))
            .filter(|c| !c.cut)
            .map(|c| c.date)
            .last();
        if let Some(date) = added {
            out.insert(key.name(), date);
        }
    };
    for objective in &tree.model.objectives {
        let id = objective.id.get_ref();
        note(Key::Objective(id.clone()));
        for kr in &objective.key_result {
            note(Key::KeyResult(
                id.clone(),
                kr.get_ref().id.get_ref().clone(),
            ));
        }
    }
    out
}

fn check_settings(tree: &Tree) -> Result<()> {
    let tolerance = tree.settings.drift.pace_tolerance;
    if (0.0..=1.0).contains(&tolerance) {
        Ok(())
    } else {
        Err(tree.config_error(
            &["drift", "pace_tolerance"],
            format!("[drift] pace_tolerance = {tolerance} must be between 0 and 1"),
        ))
    }
}

/// `--cycle ID`, else the cycle containing today, else the latest one that started;
/// `None` before any cycle has started: there is no drift yet.
pub fn choose_cycle(model: &Model, id: Option<&str>, today: Date) -> Result<Option<usize>> {
    Ok(match crate::scope::choose_cycle(model, id, today)? {
        Some((_, crate::scope::ChosenBy::Next)) | None => None,
        Some((c, _)) => Some(c),
    })
}

pub(crate) use crate::score::days;

/// The state a key-result event leaves, when it leaves one.
pub(crate) fn kr_state(change: &Change) -> Option<&KrState> {
    match change {
        Change::Added(State::KeyResult(s))
        | Change::Changed {
            new: State::KeyResult(s),
            ..
        }
        | Change::Renamed(State::KeyResult(s)) => Some(s),
        _ => None,
    }
}

/// The last check-in of one key result as of `today`.
fn last_check_in(
    history: &History,
    objective: &Objective,
    kr: &KeyResult,
    today: Date,
) -> Option<LastCheckIn> {
    let key = Key::KeyResult(objective.id.get_ref().clone(), kr.id.get_ref().clone());
    let mut best: Option<(Date, Source, Option<&CommitInfo>)> = None;
    for event in visible(history, &key, today) {
        let commit = history.commit(event);
        // Dated after today: not a check-in as of today (its value is in the tree read,
        // and the report says that such commits exist).
        if commit.after_today {
            continue;
        }
        let source = match (&event.change, commit.id) {
            (Change::Added(_) | Change::Changed { .. }, None) => Source::Uncommitted,
            (Change::Added(_) | Change::Changed { .. }, Some(_)) => Source::Commit,
            (Change::Confirmed, _) => Source::Trailer,
            _ => continue,
        };
        if best.is_none_or(|(date, ..)| commit.date >= date) {
            best = Some((commit.date, source, Some(commit)));
        }
    }
    if let Some(checked) = kr
        .checked
        .as_ref()
        .map(|c| c.get_ref().0)
        .filter(|d| *d <= today)
        && best.is_none_or(|(date, ..)| checked > date)
    {
        best = Some((checked, Source::Checked, None));
    }
    let (date, source, commit) = best?;
    Some(LastCheckIn {
        key_result: key.name(),
        owner: None,
        date: date.to_string(),
        days_ago: days(date, today),
        source,
        author: commit.filter(|c| c.id.is_some()).map(|c| c.author.clone()),
        commit: commit.and_then(|c| c.id).map(crate::git::short),
        at_cut: commit.is_some_and(|c| c.cut),
        landed_with: commit
            .and_then(|c| c.landed_by.as_ref())
            .map(|l| crate::git::short(l.id)),
        author_date: commit
            .filter(|c| c.id.is_some() && days(c.authored, c.date).abs() > 1)
            .map(|c| c.authored.to_string()),
        provenance: commit.map(CommitInfo::provenance).unwrap_or_default(),
    })
}

/// An entity's events up to `today`: later commits have not happened yet as of today.
pub(crate) fn visible<'h>(
    history: &'h History,
    key: &Key,
    today: Date,
) -> impl Iterator<Item = &'h Event> + 'h {
    history
        .of(key)
        .iter()
        .filter(move |e| history.commit(e).date <= today)
}
