//! `align cycle review`: the track record across cycles, per team and per pillar, as
//! plain data. Grades come from the files (`score::grade`); confidence at mid-cycle,
//! check-ins and churn come from the git history. `--format json` is this model
//! serialized, with each formula spelled out in `formulas`.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::graph::{Graph, Node};
use crate::history::{Change, History, Key, State};
use crate::load::Tree;
use crate::model::{Cycle, ObjectiveKind, Status};
use crate::score::{self, GoalMove, Verdict};

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A gap between stated confidence and outcome this large, on average, is systematic.
pub const CALIBRATION_GAP: f64 = 0.15;
/// Fewer pairs than this say nothing about calibration.
pub const CALIBRATION_MIN_PAIRS: usize = 3;

#[derive(Debug, Serialize)]
pub struct Review {
    pub schema_version: u32,
    pub today: String,
    /// The cycles reviewed, oldest first.
    pub cycles: Vec<CycleRef>,
    /// Whether the git history was read: without it, calibration, check-ins and
    /// churn are unknown (`null`).
    pub history: bool,
    /// How each figure is computed, by field name.
    pub formulas: BTreeMap<&'static str, &'static str>,
    /// The whole company.
    pub company: Track,
    pub teams: Vec<Track>,
    pub pillars: Vec<Track>,
}

#[derive(Debug, Serialize)]
pub struct CycleRef {
    pub id: String,
    pub start: String,
    pub end: String,
    /// False for a cycle still running: its objectives are not graded yet and it does
    /// not count in the rates.
    pub ended: bool,
}

/// One team's, pillar's or the company's record.
#[derive(Debug, Serialize)]
pub struct Track {
    pub id: String,
    pub name: String,
    /// One entry per reviewed cycle, in the order of `cycles`.
    pub cycles: Vec<Figures>,
    /// Over every ended cycle reviewed.
    pub overall: Figures,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Figures {
    /// Objectives that count (not dropped or draft).
    pub objectives: usize,
    /// Of those, graded (the cycle ended and a score exists).
    pub graded: usize,
    /// Mean final score of the graded objectives.
    pub score: Option<f64>,
    pub committed: usize,
    pub committed_achieved: usize,
    /// committed_achieved / committed graded, 0..1.
    pub committed_achieved_share: Option<f64>,
    pub aspirational: usize,
    /// Mean final score of the graded aspirational objectives.
    pub aspirational_score: Option<f64>,
    /// `healthy` (0.6-0.8), `sandbagging?` (0.9 and more), `overreaching?` (below 0.4).
    pub aspirational_note: Option<&'static str>,
    pub calibration: Calibration,
    pub check_ins: Discipline,
    pub churn: Churn,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Calibration {
    /// Key results with a confidence stated by mid-cycle and a final outcome.
    pub pairs: usize,
    pub brier: Option<f64>,
    /// Mean of (confidence - outcome): above 0 is over-confident.
    pub bias: Option<f64>,
    pub verdict: Option<CalibrationVerdict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CalibrationVerdict {
    OverConfident,
    UnderConfident,
    Calibrated,
}

impl CalibrationVerdict {
    pub fn name(self) -> &'static str {
        match self {
            Self::OverConfident => "over-confident",
            Self::UnderConfident => "under-confident",
            Self::Calibrated => "calibrated",
        }
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Discipline {
    pub key_results: usize,
    /// Mean over key results of the share of the cycle's weeks with a check-in.
    pub weekly_share: Option<f64>,
    /// Median of the days between consecutive check-ins (from the cycle's start).
    pub median_gap_days: Option<f64>,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Churn {
    /// Objectives first written after the cycle started.
    pub added: usize,
    /// Objectives dropped or removed after the cycle started.
    pub dropped: usize,
    /// Key results whose target or baseline was eased after the cycle started.
    pub eased: usize,
}

/// The formulas, as the JSON documents them.
fn formulas() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "score",
            "mean of the final scores (written `score`, else the weighted mean of the key results' progress, 0..1) of the graded objectives",
        ),
        (
            "committed_achieved_share",
            "committed objectives achieved (written `status`, else score >= [grading] success_committed) / committed objectives graded",
        ),
        (
            "aspirational_score",
            "mean final score of the graded aspirational objectives; 0.6-0.8 is healthy, 0.9 and more suggests sandbagging",
        ),
        (
            "calibration.brier",
            "mean over key results of (c - o)^2, where c is the confidence (0..1, as [scale] confidence reads it) standing in git history at the cycle's midpoint and o is 1 when the key result reached its goal at the end (progress >= 1, or >= 0.7 for ordinal and three-level key results), else 0; 0 is perfect, 0.25 is a coin toss",
        ),
        (
            "calibration.bias",
            "mean over the same key results of (c - o); with at least 3 pairs, above +0.15 is over-confident, below -0.15 under-confident",
        ),
        (
            "check_ins.weekly_share",
            "mean over key results of (weeks of the cycle with at least one check-in / weeks in the cycle up to today); a check-in is a commit that changes the key result, a `Check-in:` trailer or a `checked` date",
        ),
        (
            "check_ins.median_gap_days",
            "median over key results and check-ins of the days since the previous check-in (the first from the cycle's start)",
        ),
        (
            "churn.added",
            "objectives of the cycle first committed after its start",
        ),
        (
            "churn.dropped",
            "objectives of the cycle set to dropped, or removed, after its start",
        ),
        (
            "churn.eased",
            "key results whose target or baseline was changed after the cycle's start in the direction that asks less",
        ),
        (
            "overall",
            "the same formulas over the pooled objectives and key results of the ended cycles reviewed",
        ),
    ])
}

/// The cycles in `range` (`A..B`, either end optional; a single id is that cycle),
/// among those that have started by `today`, oldest first.
pub fn select<'m>(
    tree: &'m Tree,
    range: Option<&str>,
    today: Date,
) -> crate::error::Result<Vec<&'m Cycle>> {
    let model = &tree.model;
    let mut cycles: Vec<&Cycle> = model
        .cycles
        .iter()
        .filter(|c| c.start.get_ref().0 <= today)
        .collect();
    cycles.sort_by_key(|c| (c.start.get_ref().0, c.end.get_ref().0));
    let Some(range) = range else {
        return Ok(cycles);
    };
    let (first, last) = match range.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (range.trim(), range.trim()),
    };
    let start_of = |id: &str| -> crate::error::Result<Option<Date>> {
        if id.is_empty() {
            return Ok(None);
        }
        super::find(model, id).map(|c| Some(c.start.get_ref().0))
    };
    let (from, to) = (start_of(first)?, start_of(last)?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(crate::error::Error::Usage(format!(
            "--cycles {range}: `{first}` starts after `{last}`; write the earlier one first"
        )));
    }
    Ok(cycles
        .into_iter()
        .filter(|c| {
            let s = c.start.get_ref().0;
            from.is_none_or(|f| s >= f) && to.is_none_or(|t| s <= t)
        })
        .collect())
}

/// One objective's part in the figures, computed once.
struct Row {
    cycle: usize,
    team: String,
    pillars: Vec<usize>,
    kind: ObjectiveKind,
    grade: Option<score::Grade>,
    /// (confidence at mid-cycle, outcome) per key result.
    pairs: Vec<(f64, f64)>,
    /// Per key result: (weeks with a check-in, weeks), and the gaps in days.
    weeks: Vec<(usize, usize)>,
    gaps: Vec<i64>,
    added: bool,
    dropped: bool,
    eased: usize,
    counts: bool,
}

/// Builds the review of `cycles` from the tree and, when there is one, its history.
pub fn build(tree: &Tree, history: Option<&History>, cycles: &[&Cycle], today: Date) -> Review {
    let model = &tree.model;
    let graph = Graph::build(model);
    let grading = &tree.settings.grading;
    let scale = tree.settings.scale.confidence;
    let cycle_index: HashMap<&str, usize> = cycles
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.get_ref().as_str(), i))
        .collect();
    // Each objective's pillars, by one walk down from each pillar.
    let mut pillars_of: Vec<Vec<usize>> = vec![Vec::new(); model.objectives.len()];
    for (p, &node) in graph.pillars.iter().enumerate() {
        for n in graph.supporters(node) {
            if let Node::Objective(o) = graph.node(n) {
                pillars_of[o].push(p);
            }
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    for (o, objective) in model.objectives.iter().enumerate() {
        let Some(&c) = cycle_index.get(objective.cycle.get_ref().as_str()) else {
            continue;
        };
        let cycle = cycles[c];
        let (start, end) = (cycle.start.get_ref().0, cycle.end.get_ref().0);
        let ended = cycle.ended(today);
        let counts = !matches!(objective.status(), Status::Dropped | Status::Draft);
        let grade = if ended && counts {
            score::grade(objective, grading)
        } else {
            None
        };
        let mut row = Row {
            cycle: c,
            team: objective.team.get_ref().clone(),
            pillars: std::mem::take(&mut pillars_of[o]),
            kind: objective.kind(),
            grade,
            pairs: Vec::new(),
            weeks: Vec::new(),
            gaps: Vec::new(),
            added: false,
            dropped: objective.status() == Status::Dropped,
            eased: 0,
            counts,
        };
        if let Some(history) = history {
            let id = objective.id.get_ref();
            let key = Key::Objective(id.clone());
            let events = history.of(&key);
            row.added = events
                .iter()
                .find(|e| matches!(e.change, Change::Added(_)))
                .is_some_and(|e| {
                    let commit = history.commit(e);
                    !commit.cut && commit.date > start
                });
            // Dropped counts only when it happened after the start: dropped in
            // planning is a plan, not churn.
            if row.dropped {
                row.dropped = events.iter().any(|e| {
                    history.commit(e).date > start
                        && matches!(&e.change, Change::Changed { new: State::Objective(s), .. } if s.status == Status::Dropped)
                });
            }
            let mid = midpoint(start, end);
            let until = end.min(today);
            for kr in &objective.key_result {
                let kr = kr.get_ref();
                let key = Key::KeyResult(id.clone(), kr.id.get_ref().clone());
                let events = history.of(&key);
                let mut confidence = None;
                let mut dates = Vec::new();
                for e in events {
                    let commit = history.commit(e);
                    if commit.date > today {
                        continue;
                    }
                    if commit.date <= mid
                        && let Some(state) = crate::drift::kr_state(&e.change)
                    {
                        confidence = state.confidence.clone();
                    }
                    let in_cycle = commit.date >= start && commit.date <= until && !commit.cut;
                    match &e.change {
                        Change::Changed {
                            old: State::KeyResult(old),
                            new: State::KeyResult(new),
                        } if in_cycle => {
                            dates.push(commit.date);
                            if eased(old, new) {
                                row.eased += 1;
                            }
                        }
                        Change::Confirmed if in_cycle => dates.push(commit.date),
                        _ => {}
                    }
                }
                if let Some(checked) = kr.checked.as_ref().map(|c| c.get_ref().0)
                    && checked >= start
                    && checked <= until
                {
                    dates.push(checked);
                }
                dates.sort_unstable();
                dates.dedup();
                let (weeks_with, weeks) = weekly(&dates, start, until);
                if weeks > 0 {
                    row.weeks.push((weeks_with, weeks));
                }
                let mut previous = start;
                for &d in &dates {
                    row.gaps.push(crate::score::days(previous, d));
                    previous = d;
                }
                if ended
                    && let Some(c) = confidence.and_then(|c| c.on_scale(scale))
                    && let Ok(s) = score::key_result(kr)
                {
                    let outcome = if s.progress >= score::kr_goal(kr) - 1e-9 {
                        1.0
                    } else {
                        0.0
                    };
                    row.pairs.push((c, outcome));
                }
            }
        }
        rows.push(row);
    }
    // Objectives removed mid-cycle are not in the tree any more: count them from history.
    let mut removed: Vec<(usize, String)> = Vec::new();
    if let Some(history) = history {
        for (key, events) in &history.events {
            if !matches!(key, Key::Objective(_)) {
                continue;
            }
            for e in events {
                if let Change::Removed(State::Objective(s)) = &e.change
                    && let Some(&c) = cycle_index.get(s.cycle.as_str())
                    && e.renamed.is_none()
                {
                    let date = history.commit(e).date;
                    let cycle = cycles[c];
                    if date > cycle.start.get_ref().0 && date <= cycle.end.get_ref().0.min(today) {
                        removed.push((c, s.team.clone()));
                    }
                }
            }
        }
    }
    let has_history = history.is_some();
    // `removed_too` says which objectives removed mid-cycle (by team) count: a
    // pillar cannot tell, since a removed objective's line of sight is gone.
    let figures = |keep: &dyn Fn(&Row) -> bool,
                   removed_too: &dyn Fn(&str) -> bool|
     -> (Vec<Figures>, Figures) {
        let per: Vec<Figures> = (0..cycles.len())
            .map(|c| {
                let mut f = figures(rows.iter().filter(|r| r.cycle == c && keep(r)), has_history);
                f.churn.dropped += removed
                    .iter()
                    .filter(|(rc, t)| *rc == c && removed_too(t))
                    .count();
                f
            })
            .collect();
        let ended: Vec<usize> = (0..cycles.len())
            .filter(|&c| cycles[c].ended(today))
            .collect();
        let mut overall = figures(
            rows.iter().filter(|r| ended.contains(&r.cycle) && keep(r)),
            has_history,
        );
        overall.churn.dropped += removed
            .iter()
            .filter(|(rc, t)| ended.contains(rc) && removed_too(t))
            .count();
        (per, overall)
    };
    let (per, overall) = figures(&|_| true, &|_| true);
    let company = Track {
        id: "company".into(),
        name: tree
            .settings
            .name
            .clone()
            .unwrap_or_else(|| "Company".into()),
        cycles: per,
        overall,
    };
    let mut team_ids: Vec<String> = model.teams.iter().map(|t| t.id.get_ref().clone()).collect();
    for r in &rows {
        if !team_ids.contains(&r.team) {
            team_ids.push(r.team.clone());
        }
    }
    let teams = team_ids
        .into_iter()
        .filter(|t| rows.iter().any(|r| &r.team == t))
        .map(|t| {
            let (per, overall) = figures(&|r: &Row| r.team == t, &|team| team == t);
            let name = model
                .teams
                .iter()
                .find(|x| x.id.get_ref() == &t)
                .and_then(|x| x.name.as_ref())
                .map_or_else(|| t.clone(), |n| n.get_ref().clone());
            Track {
                id: t,
                name,
                cycles: per,
                overall,
            }
        })
        .collect();
    let pillars = model
        .pillars
        .iter()
        .enumerate()
        .filter(|(p, _)| rows.iter().any(|r| r.pillars.contains(p)))
        .map(|(p, pillar)| {
            let (per, overall) = figures(&|r: &Row| r.pillars.contains(&p), &|_| false);
            Track {
                id: pillar.id.get_ref().clone(),
                name: pillar.title.get_ref().clone(),
                cycles: per,
                overall,
            }
        })
        .collect();
    Review {
        schema_version: SCHEMA_VERSION,
        today: today.to_string(),
        cycles: cycles
            .iter()
            .map(|c| CycleRef {
                id: c.id.get_ref().clone(),
                start: c.start.get_ref().to_string(),
                end: c.end.get_ref().to_string(),
                ended: c.ended(today),
            })
            .collect(),
        history: has_history,
        formulas: formulas(),
        company,
        teams,
        pillars,
    }
}

/// The day halfway through a cycle.
fn midpoint(start: Date, end: Date) -> Date {
    let half = crate::score::days(start, end) / 2;
    start
        .checked_add(jiff::Span::new().days(half))
        .unwrap_or(start)
}

/// Weeks (7-day blocks from `start`) up to `until` with a check-in, and their count.
fn weekly(dates: &[Date], start: Date, until: Date) -> (usize, usize) {
    let days = crate::score::days(start, until) + 1;
    if days <= 0 {
        return (0, 0);
    }
    let weeks = ((days + 6) / 7) as usize;
    let mut with = vec![false; weeks];
    for &d in dates {
        let week = (crate::score::days(start, d) / 7) as usize;
        if week < weeks {
            with[week] = true;
        }
    }
    (with.iter().filter(|w| **w).count(), weeks)
}

/// Whether a change of a key result asks less than before: its target or baseline
/// moved the easy way, judged with the kind it had.
fn eased(old: &crate::history::KrState, new: &crate::history::KrState) -> bool {
    let target = old
        .target
        .zip(new.target)
        .and_then(|(a, b)| score::target_move(old.kind, a, b));
    let baseline = old
        .baseline
        .zip(new.baseline)
        .and_then(|(a, b)| score::baseline_move(old.kind, a, b));
    target == Some(GoalMove::Eased) || baseline == Some(GoalMove::Eased)
}

fn figures<'r>(rows: impl Iterator<Item = &'r Row>, history: bool) -> Figures {
    let rows: Vec<&Row> = rows.collect();
    let counted: Vec<&&Row> = rows.iter().filter(|r| r.counts).collect();
    let graded: Vec<(&&Row, score::Grade)> = counted
        .iter()
        .filter_map(|r| r.grade.map(|g| (*r, g)))
        .collect();
    let committed: Vec<&score::Grade> = graded
        .iter()
        .filter(|(r, _)| r.kind == ObjectiveKind::Committed)
        .map(|(_, g)| g)
        .collect();
    let aspirational: Vec<f64> = graded
        .iter()
        .filter(|(r, _)| r.kind == ObjectiveKind::Aspirational)
        .map(|(_, g)| g.score)
        .collect();
    let achieved = committed
        .iter()
        .filter(|g| g.verdict == Verdict::Achieved)
        .count();
    let aspirational_score = score::mean(aspirational.iter().copied());
    let pairs: Vec<(f64, f64)> = rows.iter().flat_map(|r| r.pairs.iter().copied()).collect();
    let brier = score::mean(pairs.iter().map(|(c, o)| (c - o) * (c - o)));
    let bias = score::mean(pairs.iter().map(|(c, o)| c - o));
    let verdict = bias
        .filter(|_| pairs.len() >= CALIBRATION_MIN_PAIRS)
        .map(|b| {
            if b > CALIBRATION_GAP {
                CalibrationVerdict::OverConfident
            } else if b < -CALIBRATION_GAP {
                CalibrationVerdict::UnderConfident
            } else {
                CalibrationVerdict::Calibrated
            }
        });
    let weeks: Vec<(usize, usize)> = counted
        .iter()
        .flat_map(|r| r.weeks.iter().copied())
        .collect();
    let mut gaps: Vec<i64> = counted
        .iter()
        .flat_map(|r| r.gaps.iter().copied())
        .collect();
    gaps.sort_unstable();
    Figures {
        objectives: counted.len(),
        graded: graded.len(),
        score: score::mean(graded.iter().map(|(_, g)| g.score)),
        committed: committed.len(),
        committed_achieved: achieved,
        committed_achieved_share: (!committed.is_empty())
            .then(|| achieved as f64 / committed.len() as f64),
        aspirational: aspirational.len(),
        aspirational_score,
        aspirational_note: aspirational_score.map(|s| {
            if s >= 0.9 {
                "sandbagging?"
            } else if s >= 0.6 {
                "healthy"
            } else if s >= 0.4 {
                "short"
            } else {
                "overreaching?"
            }
        }),
        calibration: Calibration {
            pairs: pairs.len(),
            brier: brier.filter(|_| history),
            bias: bias.filter(|_| history),
            verdict,
        },
        check_ins: Discipline {
            key_results: weeks.len(),
            weekly_share: history
                .then(|| score::mean(weeks.iter().map(|&(w, n)| w as f64 / n as f64)))
                .flatten(),
            median_gap_days: history.then(|| median(&gaps)).flatten(),
        },
        churn: if history {
            Churn {
                added: counted.iter().filter(|r| r.added).count(),
                dropped: rows.iter().filter(|r| r.dropped).count(),
                eased: rows.iter().map(|r| r.eased).sum(),
            }
        } else {
            Churn::default()
        },
    }
}

fn median(sorted: &[i64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2] as f64),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn weeks_and_medians() {
        let start = day("2026-10-01");
        let dates = [day("2026-10-02"), day("2026-10-05"), day("2026-10-20")];
        // 14 days: two weeks, the first with two check-ins; the 20th is past `until`.
        assert_eq!(weekly(&dates, start, day("2026-10-14")), (1, 2));
        assert_eq!(weekly(&dates, start, day("2026-10-31")), (2, 5));
        assert_eq!(median(&[1, 3, 10]), Some(3.0));
        assert_eq!(median(&[1, 3]), Some(2.0));
        assert_eq!(median(&[]), None);
        assert_eq!(midpoint(start, day("2026-12-31")), day("2026-11-15"));
    }
}
