//! Each drift finding, from the history of the cycle's objectives and key results.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use jiff::civil::Date;

use super::forecast::{Point, least_squares};
use super::{Cx, Forecast, LastCheckIn, Source, TeamChurn, days, kr_state, last_check_in, visible};
use crate::codes::Code;
use crate::diag::Finding;
use crate::graph::Node;
use crate::history::{Change, Event, Key, State};
use crate::model::{KeyResult, KrKind, Objective, Status};
use crate::render::{number, percent, with_unit};
use crate::score::{self, GoalMove};

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
    .entity("history")
}

/// One key result of the cycle, with what the findings need to name and point at it.
struct Item<'a> {
    o: usize,
    objective: &'a Objective,
    kr: &'a KeyResult,
    key: Key,
    name: String,
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

    fn items(&self, active_only: bool) -> Vec<Item<'a>> {
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
                    format!("{} by {author} in {commit}", last.date)
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
                    .entity(format!("key result {}", item.name)),
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
                Change::Moved => continue,
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
                    .entity(format!("key result {}", item.name)),
            );
        }
        behind
    }

    /// Targets eased, or baselines moved toward them, after the cycle started.
    pub(super) fn goalposts(&self, out: &mut Vec<Finding>, unknown: &mut Vec<String>) {
        for item in self.items(false) {
            let mut at_start = None;
            let mut first_after = None;
            let mut current = None;
            let mut changes: Vec<&Event> = Vec::new();
            for event in visible(self.history, &item.key, self.today) {
                let date = self.history.commit(event).date;
                let state = kr_state(&event.change);
                if date < self.start {
                    at_start = state;
                } else {
                    if at_start.is_none() && first_after.is_none() {
                        first_after = state.map(|s| (s, self.history.commit(event).cut));
                    }
                    if matches!(event.change, Change::Changed { .. }) {
                        changes.push(event);
                    }
                }
                if let Some(state) = state {
                    current = Some(state);
                } else if matches!(event.change, Change::Removed(_)) {
                    current = None;
                }
            }
            let (reference, from_cut) = match (at_start, first_after) {
                (Some(s), _) => (s, false),
                (None, Some((s, cut))) => (s, cut),
                (None, None) => continue,
            };
            let Some(current) = current else { continue };
            let kind = reference.kind;
            let fields: [(&str, Option<f64>, Option<f64>, Judge); 2] = [
                (
                    "target",
                    reference.target,
                    current.target,
                    score::target_move,
                ),
                (
                    "baseline",
                    reference.baseline,
                    current.baseline,
                    score::baseline_move,
                ),
            ];
            for (field, old, new, judge) in fields {
                let (Some(old), Some(new)) = (old, new) else {
                    continue;
                };
                if judge(kind, old, new) != Some(GoalMove::Eased) {
                    continue;
                }
                // The commit to name: the last one that moved this value the easy way.
                let value_of = |s: &State| match s {
                    State::KeyResult(k) if field == "target" => k.target,
                    State::KeyResult(k) => k.baseline,
                    _ => None,
                };
                let blame = changes.iter().rev().find(|e| match &e.change {
                    Change::Changed { old, new } => match (value_of(old), value_of(new)) {
                        (Some(a), Some(b)) => judge(kind, a, b) == Some(GoalMove::Eased),
                        _ => false,
                    },
                    _ => false,
                });
                let Some(blame) = blame else { continue };
                let commit = self.history.commit(blame);
                let verb = if new < old { "lowered" } else { "raised" };
                let better = match kind {
                    KrKind::Decrease | KrKind::StayBelow => "lower is better",
                    _ => "higher is better",
                };
                let since = if from_cut {
                    unknown.push(format!(
                        "{}: {field} before the history cut on {} is unknown",
                        item.name,
                        self.history
                            .cut_date()
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    ));
                    "since the history cut".to_string()
                } else if at_start.is_some() {
                    format!(
                        "after {} started on {}",
                        self.cycle.id.get_ref(),
                        self.start
                    )
                } else {
                    "since it was added mid-cycle".to_string()
                };
                let spanned = if field == "target" {
                    &item.kr.target
                } else {
                    &item.kr.baseline
                };
                let span = spanned
                    .as_ref()
                    .map_or_else(|| item.kr.id.span(), |v| v.span());
                out.push(
                    Finding::new(
                        Code::GoalpostMoved,
                        format!(
                            "{field} of `{}` {verb} from {} to {} {since} ({better})",
                            item.name,
                            number(old),
                            number(new)
                        ),
                    )
                    .at(item.objective.file, span, format!("was {}", number(old)))
                    .help(format!(
                        "{verb} on {} by {} in {}: \"{}\". Restore it, or keep it and say so \
                         in the review",
                        commit.date,
                        commit.author,
                        commit.short(),
                        commit.summary
                    ))
                    .entity(format!("key result {}", item.name)),
                );
            }
        }
    }

    /// Objectives and key results added, dropped or re-parented after the cycle
    /// started, as findings and counted per team.
    pub(super) fn churn(&self, out: &mut Vec<Finding>) -> Vec<TeamChurn> {
        let cycle = self.cycle.id.get_ref().as_str();
        let mut teams: BTreeMap<String, TeamChurn> = BTreeMap::new();
        let current: BTreeMap<&str, &Objective> = self
            .model
            .objectives
            .iter()
            .map(|o| (o.id.get_ref().as_str(), o))
            .collect();
        // Objectives added or removed by a commit: their key results come and go with
        // them and are not counted again.
        let mut whole: HashSet<(String, usize)> = HashSet::new();
        for (key, events) in &self.history.events {
            let Key::Objective(id) = key else { continue };
            for event in events {
                let commit = self.history.commit(event);
                if commit.date < self.start || commit.date > self.today || commit.cut {
                    continue;
                }
                let (what, team, state) = match &event.change {
                    Change::Added(State::Objective(s)) if s.cycle == cycle => ("added", &s.team, s),
                    Change::Removed(State::Objective(s)) if s.cycle == cycle => {
                        ("removed", &s.team, s)
                    }
                    Change::Changed {
                        old: State::Objective(old),
                        new: State::Objective(new),
                    } => {
                        if old.cycle != cycle && new.cycle == cycle {
                            ("moved into the cycle", &new.team, new)
                        } else if old.cycle == cycle && new.cycle != cycle {
                            ("moved to another cycle", &old.team, old)
                        } else if new.cycle != cycle {
                            continue;
                        } else if old.status != Status::Dropped && new.status == Status::Dropped {
                            ("dropped", &new.team, new)
                        } else if old.supports != new.supports {
                            ("re-parented", &new.team, new)
                        } else {
                            continue;
                        }
                    }
                    _ => continue,
                };
                let counts = teams.entry(team.clone()).or_insert_with(|| TeamChurn {
                    team: team.clone(),
                    ..TeamChurn::default()
                });
                let detail = match what {
                    "added" | "moved into the cycle" => {
                        counts.objectives_added += 1;
                        whole.insert((id.clone(), event.commit));
                        String::new()
                    }
                    "re-parented" => {
                        counts.objectives_reparented += 1;
                        match &event.change {
                            Change::Changed {
                                old: State::Objective(old),
                                ..
                            } => format!(
                                ": supports [{}], was [{}]",
                                state.supports.join(", "),
                                old.supports.join(", ")
                            ),
                            _ => String::new(),
                        }
                    }
                    _ => {
                        counts.objectives_dropped += 1;
                        whole.insert((id.clone(), event.commit));
                        String::new()
                    }
                };
                let renamed = event
                    .renamed
                    .as_ref()
                    .map(|k| match event.change {
                        Change::Added(_) => format!(" (in the commit that removed `{}`: a renamed id is a removal and an addition)", k.name()),
                        _ => format!(" (in the commit that added `{}`: a renamed id is a removal and an addition)", k.name()),
                    })
                    .unwrap_or_default();
                let finding = Finding::new(
                    Code::Churn,
                    format!(
                        "objective `{id}` {what} on {} by {} ({}), after {cycle} started on {}{detail}{renamed}",
                        commit.date,
                        commit.author,
                        commit.short(),
                        self.start
                    ),
                )
                .entity(format!("objective {id}"));
                out.push(self.place_objective(finding, current.get(id.as_str()).copied(), what));
            }
        }
        for (key, events) in &self.history.events {
            let Key::KeyResult(o, k) = key else { continue };
            let Some(objective) = current
                .get(o.as_str())
                .filter(|x| x.cycle.get_ref() == cycle)
            else {
                continue;
            };
            for event in events {
                let commit = self.history.commit(event);
                if commit.date < self.start
                    || commit.date > self.today
                    || commit.cut
                    || whole.contains(&(o.clone(), event.commit))
                {
                    continue;
                }
                let what = match event.change {
                    Change::Added(_) => "added",
                    Change::Removed(_) => "removed",
                    _ => continue,
                };
                let counts = teams
                    .entry(objective.team.get_ref().clone())
                    .or_insert_with(|| TeamChurn {
                        team: objective.team.get_ref().clone(),
                        ..TeamChurn::default()
                    });
                if what == "added" {
                    counts.key_results_added += 1;
                } else {
                    counts.key_results_removed += 1;
                }
                let renamed = event
                    .renamed
                    .as_ref()
                    .map(|r| {
                        format!(
                            " (with `{}` {} in the same commit: a renamed id is a removal and an addition)",
                            r.name(),
                            if what == "added" { "removed" } else { "added" }
                        )
                    })
                    .unwrap_or_default();
                let mut finding = Finding::new(
                    Code::Churn,
                    format!(
                        "key result `{o}/{k}` {what} on {} by {} ({}), after {cycle} started on {}{renamed}",
                        commit.date,
                        commit.author,
                        commit.short(),
                        self.start
                    ),
                )
                .entity(format!("key result {o}/{k}"));
                let kr = objective
                    .key_result
                    .iter()
                    .find(|x| x.get_ref().id.get_ref() == k);
                if let Some(kr) = kr.filter(|_| what == "added") {
                    finding = finding.at(objective.file, kr.get_ref().id.span(), "added mid-cycle");
                } else {
                    finding = finding.at(
                        objective.file,
                        objective.id.span(),
                        format!("`{k}` {what} mid-cycle"),
                    );
                }
                out.push(finding);
            }
        }
        teams.into_values().collect()
    }

    fn place_objective(
        &self,
        finding: Finding,
        objective: Option<&Objective>,
        what: &str,
    ) -> Finding {
        let Some(objective) = objective else {
            return finding.help("the objective is no longer in the tree");
        };
        let span = match (what, objective.supports.first()) {
            ("re-parented", Some(first)) => {
                let end = objective
                    .supports
                    .last()
                    .map_or(first.span().end, |l| l.span().end);
                first.span().start..end
            }
            _ => objective.id.span(),
        };
        finding.at(objective.file, span, what.to_string())
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
                .entity(format!("objective {id}")),
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
                    .entity(format!("objective {name}")),
                );
            }
        }
    }
}

/// Which way a change of a value moves the goal (`score::target_move`, `baseline_move`).
type Judge = fn(KrKind, f64, f64) -> Option<GoalMove>;

/// Forecasts shown to people: four significant digits are plenty.
fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 3 - x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits.max(0));
    (x * scale).round() / scale
}
