//! Each drift finding, from the history of the cycle's objectives and key results.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use jiff::civil::Date;

use super::forecast::{Point, least_squares};
use super::{Cx, Forecast, LastCheckIn, Source, days, kr_state, last_check_in, visible};
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::graph::Node;
use crate::history::{Change, Event, Key};
use crate::model::{KeyResult, KrKind, Objective, Status};
use crate::render::{percent, with_unit};
use crate::score;

pub(crate) const STALE: Rule = Rule {
    code: Code::Stale,
    severity: Severity::Warning,
    summary: "A key result of the active cycle has had no check-in for too long",
    title: "a key result has had no check-in for too long",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/stale.md"),
};

pub(crate) const BEHIND_PACE: Rule = Rule {
    code: Code::BehindPace,
    severity: Severity::Warning,
    summary: "A key result's forecast for the end of the cycle misses its target",
    title: "a key result's forecast misses its target",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/behind-pace.md"),
};

pub(crate) const REALIGN: Rule = Rule {
    code: Code::Realign,
    severity: Severity::Warning,
    summary: "A pillar or the vision changed after an objective under it was last touched",
    title: "a pillar or the vision changed after an objective under it",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/realign.md"),
};

pub(crate) const BLOCKED: Rule = Rule {
    code: Code::Blocked,
    severity: Severity::Warning,
    summary: "An objective depends on one that is stale, behind pace or dropped",
    title: "an objective depends on one that is stale, behind or dropped",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/blocked.md"),
};

pub(crate) const SHALLOW_HISTORY: Rule = Rule {
    code: Code::ShallowHistory,
    severity: Severity::Warning,
    summary: "The git history is cut (a shallow clone): some drift is unknown",
    title: "the git history is cut",
    reads: Reads::History,
    allow: None,
    doc: include_str!("../../assets/explain/shallow-history.md"),
};

/// The tree-wide note that history is cut.
pub(super) fn shallow(cut: Date) -> Finding {
    Finding::new(
        Code::ShallowHistory,
        format!(
            "the git history is cut at {cut} (a shallow clone): drift before that is unknown, \
             and findings that would need it are left out"
        ),
    )
    .help(
        "fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` on \
         actions/checkout in GitHub Actions",
    )
    .entity(Entity::History)
}

/// One key result of the cycle, with what the findings need to name and point at it.
pub(super) struct Item<'a> {
    pub(super) o: usize,
    pub(super) objective: &'a Objective,
    pub(super) kr: &'a KeyResult,
    pub(super) key: Key,
    pub(super) name: String,
}

impl<'a> Cx<'a> {
    /// Objectives of the cycle, by index, that are not dropped or drafts.
    fn objectives(&self, active_only: bool) -> impl Iterator<Item = (usize, &'a Objective)> + '_ {
        let cycle = self.cycle.id.get_ref();
        self.model
            .objectives
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.cycle.get_ref() == cycle)
            .filter(move |(_, o)| match o.status() {
                Status::Active => true,
                Status::Achieved | Status::Missed => !active_only,
                Status::Dropped | Status::Draft => false,
            })
    }

    pub(super) fn items(&self, active_only: bool) -> Vec<Item<'a>> {
        let mut out = Vec::new();
        for (o, objective) in self.objectives(active_only) {
            for kr in &objective.key_result {
                let kr = kr.get_ref();
                let key = Key::KeyResult(objective.id.get_ref().clone(), kr.id.get_ref().clone());
                out.push(Item {
                    o,
                    objective,
                    kr,
                    name: key.name(),
                    key,
                });
            }
        }
        out
    }

    /// Who should act on a key result: its owner, else the objective's, else the lead
    /// of the objective's team.
    fn owner(&self, objective: &Objective, kr: Option<&KeyResult>) -> Option<String> {
        kr.and_then(|k| k.owner.as_ref())
            .or(objective.owner.as_ref())
            .map(|o| o.get_ref().clone())
            .or_else(|| {
                let team = self
                    .graph
                    .index
                    .teams
                    .get(objective.team.get_ref().as_str())?;
                self.model.teams[*team]
                    .lead
                    .as_ref()
                    .map(|l| l.get_ref().clone())
            })
    }

    fn elapsed(&self) -> f64 {
        score::elapsed(self.cycle, self.today)
    }

    /// The last check-in of each key result of the cycle's live objectives.
    pub(super) fn check_ins(&self) -> BTreeMap<String, LastCheckIn> {
        let mut out = BTreeMap::new();
        for item in self.items(false) {
            if let Some(mut last) = last_check_in(self.history, item.objective, item.kr, self.today)
            {
                last.owner = self.owner(item.objective, Some(item.kr));
                out.insert(item.name, last);
            }
        }
        out
    }

    /// Key results with no check-in for more than the threshold while the cycle runs.
    /// Returns the objectives that have one.
    pub(super) fn stale(
        &self,
        check_ins: &BTreeMap<String, LastCheckIn>,
        out: &mut Vec<Finding>,
        unknown: &mut Vec<String>,
    ) -> HashSet<usize> {
        let mut stale = HashSet::new();
        if !self.cycle.contains(self.today) {
            return stale;
        }
        let after = self.model_settings().drift.stale_after_days;
        let threshold = i64::from(after);
        for item in self.items(true) {
            let Some(last) = check_ins.get(&item.name) else {
                continue;
            };
            let Ok(date) = last.date.parse::<Date>() else {
                continue;
            };
            let stale_for = score::stale_days(item.kr, Some(date), self.cycle, self.today, after);
            let Some(quiet) = stale_for else {
                if item.kr.done.as_ref().is_some_and(|d| *d.get_ref()) {
                    continue;
                }
                if last.at_cut {
                    // The real last check-in is on the cut date or before: it may be
                    // stale, or not. Say so rather than guess.
                    unknown.push(format!(
                        "{}: last check-in on {} or before (history cut); stale or not is unknown",
                        item.name, last.date
                    ));
                }
                continue;
            };
            stale.insert(item.o);
            let when = match (last.source, &last.author, &last.commit) {
                (Source::Checked, ..) => format!("`checked = {}`", last.date),
                (_, Some(author), Some(commit)) if last.at_cut => format!(
                    "{} or before: the history is cut at {commit} by {author}",
                    last.date
                ),
                (_, Some(author), Some(commit)) => {
                    format!("{} by {author} in {commit}{}", last.date, last.provenance)
                }
                _ => last.date.clone(),
            };
            let message = if date < self.start {
                format!(
                    "`{}` has had no check-in since {} started on {} ({quiet} days; last: {when})",
                    item.name,
                    self.cycle.id.get_ref(),
                    self.start
                )
            } else {
                format!(
                    "`{}` has had no check-in for {quiet} days (last: {when})",
                    item.name
                )
            };
            let owner = self.owner(item.objective, Some(item.kr));
            out.push(
                Finding::new(Code::Stale, message)
                    .at(
                        item.objective.file,
                        item.kr.id.span(),
                        format!("stale for {quiet} days"),
                    )
                    .help(format!(
                        "{}: update its value, or confirm it unchanged with `align checkin {} \
                         --commit` (a commit with a `Check-in: {}` trailer); stale after {threshold} days",
                        owner.as_deref().unwrap_or("owner"),
                        item.name,
                        item.name
                    ))
                    .entity(item.key.entity()),
            );
        }
        stale
    }

    fn model_settings(&self) -> &crate::settings::Settings {
        &self.tree.settings
    }

    /// The forecast of each numeric key result of the cycle's active objectives.
    pub(super) fn forecasts(&self) -> Vec<Forecast> {
        let mut out = Vec::new();
        let elapsed = self.elapsed();
        let tolerance = self.model_settings().drift.pace_tolerance;
        let running = self.cycle.contains(self.today);
        for item in self.items(true) {
            if !matches!(item.kr.kind(), KrKind::Increase | KrKind::Decrease) {
                continue;
            }
            let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
            let (Some(baseline), Some(target)) = (value(&item.kr.baseline), value(&item.kr.target))
            else {
                continue;
            };
            let verdict = score::kr_verdict(
                item.kr,
                item.objective.status() == Status::Active,
                elapsed,
                &self.model_settings().pace,
            );
            let Ok(scored) = verdict.score else {
                continue;
            };
            let points = self.points(&item.key);
            let length = days(self.start, self.end) as f64;
            let forecast = least_squares(&points, length);
            let forecast_progress = forecast.map(|f| (f - baseline) / (target - baseline));
            let behind = running
                && scored.raw < 1.0
                && match forecast_progress {
                    Some(p) => p < 1.0 - tolerance,
                    None => scored.raw < elapsed - tolerance,
                };
            out.push(Forecast {
                key_result: item.name,
                baseline,
                target,
                current: value(&item.kr.current),
                progress: scored.raw,
                expected: elapsed,
                forecast,
                forecast_progress,
                points: points.len(),
                behind,
                health: verdict.health,
            });
        }
        out
    }

    /// The check-ins of a key result in the cycle, as (day since the start, value):
    /// the value standing when the cycle started, then each day's last value. A
    /// `Check-in:` trailer confirms the value standing then.
    fn points(&self, key: &Key) -> Vec<Point> {
        let mut by_day: BTreeMap<i64, f64> = BTreeMap::new();
        let mut at_start = None;
        let mut standing = None;
        for event in visible(self.history, key, self.today) {
            let date = self.history.commit(event).date;
            let current = match &event.change {
                Change::Removed(_) => {
                    standing = None;
                    if date < self.start {
                        at_start = None;
                    }
                    continue;
                }
                Change::Moved | Change::Renamed(_) => continue,
                // A confirmation says the standing value still holds on that day.
                Change::Confirmed => standing,
                change => kr_state(change).and_then(|s| s.current),
            };
            standing = current;
            let Some(current) = current else { continue };
            if date < self.start {
                at_start = Some(current);
            } else {
                by_day.insert(days(self.start, date), current);
            }
        }
        if let Some(value) = at_start {
            by_day.entry(0).or_insert(value);
        }
        by_day
            .into_iter()
            .map(|(day, value)| Point {
                day: day as f64,
                value,
            })
            .collect()
    }

    /// Key results behind pace. Returns the objectives that have one.
    pub(super) fn behind(&self, forecasts: &[Forecast], out: &mut Vec<Finding>) -> HashSet<usize> {
        let mut behind = HashSet::new();
        let by_name: BTreeMap<&str, &Forecast> = forecasts
            .iter()
            .map(|f| (f.key_result.as_str(), f))
            .collect();
        let tolerance = self.model_settings().drift.pace_tolerance;
        for item in self.items(true) {
            let Some(f) = by_name.get(item.name.as_str()).filter(|f| f.behind) else {
                continue;
            };
            behind.insert(item.o);
            let unit = item.kr.unit.as_ref().map(|u| u.get_ref().as_str());
            let message = match (f.forecast, f.forecast_progress) {
                (Some(value), Some(p)) => format!(
                    "`{}` is behind pace: at this pace it ends {} at {}, {} of the way from {} \
                     to its target {}",
                    item.name,
                    self.cycle.id.get_ref(),
                    with_unit(round(value), unit),
                    percent(p.max(0.0)),
                    with_unit(f.baseline, unit),
                    with_unit(f.target, unit)
                ),
                _ => format!(
                    "`{}` is behind pace: {} of the way to its target with {} of {} gone",
                    item.name,
                    percent(f.progress.max(0.0)),
                    percent(f.expected),
                    self.cycle.id.get_ref()
                ),
            };
            let span = item
                .kr
                .current
                .as_ref()
                .map_or_else(|| item.kr.id.span(), |c| c.span());
            let how = if f.forecast.is_some() {
                format!(
                    "the forecast is a least-squares line through {} check-ins, extended to {}",
                    f.points, self.end
                )
            } else {
                "too few check-ins for a forecast: progress is compared with the time elapsed"
                    .to_string()
            };
            out.push(
                Finding::new(Code::BehindPace, message)
                    .at(item.objective.file, span, "behind pace")
                    .help(format!(
                        "{how}; flagged when it misses by more than {} (`[drift] \
                         pace_tolerance`). {}: change course, or re-plan openly",
                        percent(tolerance),
                        self.owner(item.objective, Some(item.kr))
                            .as_deref()
                            .unwrap_or("owner")
                    ))
                    .entity(item.key.entity()),
            );
        }
        behind
    }

    /// Objectives under a pillar (or the vision) that changed after they were last
    /// touched.
    pub(super) fn realign(&self, out: &mut Vec<Finding>) {
        let last_change = |key: &Key| -> Option<&Event> {
            visible(self.history, key, self.today)
                .filter(|e| matches!(e.change, Change::Changed { .. }))
                .last()
        };
        let vision = last_change(&Key::Vision);
        for (o, objective) in self.objectives(true) {
            let id = objective.id.get_ref();
            let mut touched: Option<usize> = None;
            let mut touch = |key: &Key| {
                for e in visible(self.history, key, self.today) {
                    if matches!(e.change, Change::Added(_) | Change::Changed { .. }) {
                        touched = touched.max(Some(e.commit));
                    }
                }
            };
            touch(&Key::Objective(id.clone()));
            for kr in &objective.key_result {
                touch(&Key::KeyResult(
                    id.clone(),
                    kr.get_ref().id.get_ref().clone(),
                ));
            }
            let Some(touched) = touched else { continue };
            let mut changed: BTreeSet<(usize, String)> = BTreeSet::new();
            for node in self.graph.ancestors(o) {
                if let Node::Pillar(p) = self.graph.node(node) {
                    let pillar = self.model.pillars[p].id.get_ref();
                    if let Some(e) =
                        last_change(&Key::Pillar(pillar.clone())).filter(|e| e.commit > touched)
                    {
                        changed.insert((e.commit, format!("pillar `{pillar}`")));
                    }
                }
            }
            // Every objective serves the vision.
            if let Some(e) = vision.filter(|e| e.commit > touched) {
                changed.insert((e.commit, "the vision".to_string()));
            }
            let Some((latest, _)) = changed.iter().max().cloned() else {
                continue;
            };
            let commit = &self.history.commits[latest];
            let what: Vec<&str> = changed.iter().map(|(_, w)| w.as_str()).collect();
            let last = &self.history.commits[touched];
            out.push(
                Finding::new(
                    Code::Realign,
                    format!(
                        "{} changed after objective `{id}` was last touched on {} ({}): review \
                         that it still serves {}",
                        what.join(" and "),
                        last.date,
                        last.short(),
                        if what.len() == 1 { "it" } else { "them" }
                    ),
                )
                .at(
                    objective.file,
                    objective.id.span(),
                    "written before the change",
                )
                .help(format!(
                    "changed on {} by {} in {}: \"{}\". If the objective still fits, check in \
                     one of its key results to say so; else change what it supports",
                    commit.date,
                    commit.author,
                    commit.short(),
                    commit.summary
                ))
                .entity(Entity::Objective(id.clone())),
            );
        }
    }

    /// Objectives depending on one that is stale, behind pace, dropped or gone.
    pub(super) fn blocked(
        &self,
        stale: &HashSet<usize>,
        behind: &HashSet<usize>,
        out: &mut Vec<Finding>,
    ) {
        for (_, objective) in self.objectives(true) {
            for dependency in &objective.depends_on {
                let id = dependency.get_ref();
                let why = match self.graph.index.objectives.get(id.as_str()) {
                    Some(&d) => {
                        let mut why = Vec::new();
                        if self.model.objectives[d].status() == Status::Dropped {
                            why.push("dropped".to_string());
                        }
                        if stale.contains(&d) {
                            why.push("stale (no recent check-in)".to_string());
                        }
                        if behind.contains(&d) {
                            why.push("behind pace".to_string());
                        }
                        why
                    }
                    None => {
                        let removed = self
                            .history
                            .of(&Key::Objective(id.clone()))
                            .last()
                            .filter(|e| matches!(e.change, Change::Removed(_)));
                        match removed {
                            Some(e) => {
                                let c = self.history.commit(e);
                                vec![format!(
                                    "removed from the tree on {} by {} ({})",
                                    c.date,
                                    c.author,
                                    c.short()
                                )]
                            }
                            // An unknown id: `align check` reports it as unknown-reference.
                            None => continue,
                        }
                    }
                };
                if why.is_empty() {
                    continue;
                }
                let name = objective.id.get_ref();
                out.push(
                    Finding::new(
                        Code::Blocked,
                        format!(
                            "objective `{name}` depends on `{id}`, which is {}",
                            why.join(" and ")
                        ),
                    )
                    .at(objective.file, dependency.span(), "in trouble")
                    .help(format!(
                        "{}: talk to the team of `{id}` and plan around it, or agree on a new date",
                        self.owner(objective, None).as_deref().unwrap_or("owner")
                    ))
                    .entity(Entity::Objective(name.clone())),
                );
            }
        }
    }
}

/// Forecasts shown to people: four significant digits are plenty.
fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 3 - x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits.max(0));
    (x * scale).round() / scale
}
