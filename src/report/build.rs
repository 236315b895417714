//! Computing the report from the model, the graph and the findings.

use crate::handshake::{Answer, Answers};
use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use super::*;
use crate::diag::{Entity, Finding, Tally};
use crate::error::{Error, Result};
use crate::graph::{Graph, Node};
use crate::load::Tree;
use crate::model::{KeyResult, Model, Objective};
use crate::rules::allow::Item;
use crate::scope::ChosenBy;
use crate::score::{self, KrScore, days, percent};
use crate::settings::Settings;
use crate::source::Sources;

/// What the report covers: `--cycle` and `--team`.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    pub cycle: Option<&'a str>,
    pub team: Option<&'a str>,
}

/// How many risks the executive summary lists.
const TOP_RISKS: usize = 5;

/// Builds the report of one cycle (and one team with its sub-teams, when asked).
pub fn build(tree: &Tree, findings: &[Finding], today: Date, scope: &Scope) -> Result<Report> {
    build_inner(tree, findings, today, scope, None)
}

/// What the git history tells the report besides drift.
struct FromHistory<'h> {
    history: &'h crate::history::History,
    /// Last check-ins, by `objective/key-result`.
    check_ins: HashMap<String, crate::drift::LastCheckIn>,
    /// The day each objective and key result was added, by name.
    added: HashMap<String, Date>,
}

/// The report with what the git history adds: each key result's last check-in (commit,
/// trailer or uncommitted change, with its author) and the drift of the cycle.
pub fn build_with_history(
    tree: &Tree,
    findings: &[Finding],
    today: Date,
    scope: &Scope,
    history: &crate::history::History,
) -> Result<Report> {
    let known = FromHistory {
        history,
        check_ins: crate::drift::last_check_ins(tree, history, today),
        added: crate::drift::added_dates(tree, history, today),
    };
    let mut report = build_inner(tree, findings, today, scope, Some(&known))?;
    let analysis = crate::drift::analyse(tree, history, today, Some(&report.cycle.id))?;
    let in_scope: HashSet<&str> = report
        .teams
        .iter()
        .flat_map(|t| t.objectives.iter().map(|o| o.id.as_str()))
        .collect();
    let about_scope = |entity: &Entity| entity.objective().is_some_and(|o| in_scope.contains(o));
    let lines = analysis
        .findings
        .into_iter()
        .filter(|f| {
            f.code == crate::codes::Code::ShallowHistory
                || f.entity.as_ref().is_some_and(about_scope)
        })
        .map(|f| DriftLine {
            code: f.code.name(),
            severity: f.severity,
            entity: f.entity,
            message: f.message,
            help: f.help,
        })
        .collect();
    report.history = HistoryNote {
        read: true,
        not_read_because: None,
        at: None,
        commits_read: history.walked,
        commits_after_today: history
            .commits
            .iter()
            .filter(|c| c.id.is_some() && c.after_today)
            .count(),
        cut: history.cut_date().map(|d| d.to_string()),
    };
    report.drift = Some(DriftSection {
        cut: history.cut_date().map(|d| d.to_string()),
        findings: lines,
    });
    Ok(report)
}

fn build_inner(
    tree: &Tree,
    findings: &[Finding],
    today: Date,
    scope: &Scope,
    known: Option<&FromHistory<'_>>,
) -> Result<Report> {
    let model = &tree.model;
    let settings = &tree.settings;
    check_pace(tree)?;
    let graph = Graph::build(model);
    let (cycle_index, chosen_by) = crate::scope::choose_cycle(model, scope.cycle, today)?
        .ok_or_else(|| {
            Error::Usage("the tree defines no cycle: add a [[cycle]] with id, start and end".into())
        })?;
    let chosen_by = match chosen_by {
        ChosenBy::Option => "option",
        ChosenBy::Today => "today",
        ChosenBy::Latest | ChosenBy::Next => "latest",
    };
    let cycle = &model.cycles[cycle_index];
    let teams_in_scope = match scope.team {
        Some(id) => Some(crate::scope::teams_under(model, &graph, id)?),
        None => None,
    };

    let cx = Cx {
        model,
        sources: &tree.sources,
        graph: &graph,
        settings,
        today,
        check_ins: known.map(|k| &k.check_ins),
        added: known.map(|k| &k.added),
        history: known.map(|k| k.history),
        answers: Answers::of(model),
        ended: model.cycles[cycle_index].ended(today),
        cycle_id: model.cycles[cycle_index].id.get_ref().clone(),
        scores: model
            .objectives
            .iter()
            .map(|o| {
                let added = known.and_then(|k| k.added.get(o.id.get_ref()).copied());
                score_objective(o, model, &graph, settings, today, added)
            })
            .collect(),
    };
    let in_scope: Vec<usize> = (0..model.objectives.len())
        .filter(|&o| {
            let objective = &model.objectives[o];
            objective.cycle.get_ref() == cycle.id.get_ref()
                && teams_in_scope.as_ref().is_none_or(|teams| {
                    graph
                        .index
                        .teams
                        .get(objective.team.get_ref().as_str())
                        .is_some_and(|t| teams.contains(t))
                })
        })
        .collect();

    let objectives: HashMap<usize, ObjectiveReport> =
        in_scope.iter().map(|&o| (o, cx.objective(o))).collect();
    let risks = cx.risks(&in_scope, &objectives);
    let nudges = cx.nudges(&in_scope, &objectives);
    let tally = Tally::of(findings);
    let elapsed = score::elapsed(cycle, today);
    let (start, end) = (cycle.start.get_ref().0, cycle.end.get_ref().0);

    Ok(Report {
        schema_version: SCHEMA_VERSION,
        name: settings.name.clone(),
        today: today.to_string(),
        vision: model.vision().map(|v| VisionLine {
            statement: v.statement.get_ref().clone(),
            owner: v.owner.as_ref().map(|o| o.get_ref().clone()),
        }),
        cycle: CycleLine {
            id: cycle.id.get_ref().clone(),
            name: cycle.name.clone(),
            start: start.to_string(),
            end: end.to_string(),
            elapsed,
            // A cycle that ends before it starts (an error of `check`) has no days.
            days: (days(start, end) + 1).max(0),
            days_left: if today < start {
                days(start, end) + 1
            } else {
                days(today, end)
            }
            .max(0),
            chosen_by,
            ended: cycle.ended(today),
            learnings: cycle.learnings.clone(),
        },
        team: scope.team.map(str::to_string),
        check: CheckLine {
            errors: tally.errors,
            warnings: tally.warnings,
            infos: tally.infos,
            complete: tree.is_complete(),
        },
        summary: cx.summary(&in_scope, &objectives, &risks, elapsed),
        pillars: cx.pillars(&in_scope, &objectives),
        perspectives: cx.perspectives(&in_scope, &objectives),
        alignment: cx.alignment(&in_scope, &objectives),
        teams: cx.teams(&in_scope, objectives, teams_in_scope.as_ref()),
        risks,
        nudges,
        history: HistoryNote::checked_only("no history read"),
        drift: None,
    })
}

fn check_pace(tree: &Tree) -> Result<()> {
    let pace = &tree.settings.pace;
    let valid = |x: f64| (0.0..=1.0).contains(&x);
    if valid(pace.at_risk) && valid(pace.off_track) && pace.at_risk <= pace.off_track {
        return Ok(());
    }
    let key = if valid(pace.at_risk) {
        "off_track"
    } else {
        "at_risk"
    };
    Err(tree.config_error(
        &["pace", key],
        format!(
            "[pace] at_risk = {} and off_track = {} must be between 0 and 1, \
             with at_risk not above off_track",
            pace.at_risk, pace.off_track
        ),
    ))
}

/// Each team's sub-teams in the order they are written.
fn children(model: &Model, graph: &Graph) -> HashMap<usize, Vec<usize>> {
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, team) in model.teams.iter().enumerate() {
        if let Some(&parent) = team
            .parent
            .as_ref()
            .and_then(|p| graph.index.teams.get(p.get_ref().as_str()))
            && parent != i
        {
            children.entry(parent).or_default().push(i);
        }
    }
    children
}

/// One objective's numbers, computed for every objective of the tree: a dependency in
/// another cycle or outside `--team` still tells whether it blocks.
struct ObjectiveScore {
    /// The objective's cycle, by index, when its reference resolves.
    cycle: Option<usize>,
    progress: Option<f64>,
    expected: f64,
    health: Option<Health>,
    elapsed: f64,
    /// Key results that cannot be scored.
    unscored: usize,
    /// The day it was added after its cycle started: its pace counts from then.
    added: Option<Date>,
    /// Once the objective's cycle ended: its grade replaces the pace.
    grade: Option<score::Grade>,
    ended: bool,
}

fn score_objective(
    objective: &Objective,
    model: &Model,
    graph: &Graph,
    settings: &Settings,
    today: Date,
    added: Option<Date>,
) -> ObjectiveScore {
    let cycle = graph
        .index
        .cycles
        .get(objective.cycle.get_ref().as_str())
        .copied();
    let added = added.filter(|&d| {
        cycle.is_some_and(|c| {
            let c = &model.cycles[c];
            d > c.start.get_ref().0 && d <= c.end.get_ref().0
        })
    });
    let elapsed = cycle.map_or(0.0, |c| {
        score::elapsed_since(&model.cycles[c], added, today)
    });
    let verdict = score::objective_verdict(objective, elapsed, &settings.pace);
    let ended = cycle.is_some_and(|c| model.cycles[c].ended(today));
    ObjectiveScore {
        cycle,
        progress: verdict.progress,
        expected: verdict.expected,
        // Once the cycle ended, grades, not pace.
        health: verdict.health.filter(|_| !ended),
        elapsed,
        unscored: verdict.unscored,
        added,
        grade: ended
            .then(|| score::grade(objective, &settings.grading))
            .flatten(),
        ended,
    }
}

/// Achieved or missed: the grade's verdict once the cycle ended, else the written status.
fn verdict(report: &ObjectiveReport) -> Option<score::Verdict> {
    match (report.grade, report.status) {
        (Some(grade), _) => Some(grade.verdict),
        (None, Status::Achieved) => Some(score::Verdict::Achieved),
        (None, Status::Missed) => Some(score::Verdict::Missed),
        _ => None,
    }
}

/// Whether an objective counts in totals and roll-ups.
/// What a group's scorecard is made of: sums and counts, so that a team's roll-up is
/// its own objectives' plus its sub-teams' roll-ups, in time linear in the teams.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    /// Objectives in the group, counted or not.
    listed: usize,
    /// Objectives that count (not dropped, not drafts).
    counted: usize,
    /// (sum, count) of progress, of expected progress over the success mark, of the
    /// success mark, over the counted objectives with a progress.
    progress: (f64, usize),
    pace: (f64, usize),
    success: (f64, usize),
    on_track: usize,
    at_risk: usize,
    off_track: usize,
    /// (sum, count) of the grades' final scores, once the cycle ended.
    grade: (f64, usize),
    achieved: usize,
    missed: usize,
}

impl Sums {
    /// One objective of the group; `None` when it has no report (still listed).
    fn add(&mut self, report: Option<&ObjectiveReport>) {
        self.listed += 1;
        let Some(r) = report.filter(|r| counts(r.status)) else {
            return;
        };
        self.counted += 1;
        if let Some(p) = r.progress {
            self.progress = (self.progress.0 + p, self.progress.1 + 1);
            self.pace = (self.pace.0 + r.expected / r.success_at, self.pace.1 + 1);
            self.success = (self.success.0 + r.success_at, self.success.1 + 1);
        }
        if let Some(g) = r.grade {
            self.grade = (self.grade.0 + g.score, self.grade.1 + 1);
        }
        match verdict(r) {
            Some(score::Verdict::Achieved) => self.achieved += 1,
            Some(score::Verdict::Missed) => self.missed += 1,
            _ => {}
        }
        // Each objective counts once: an achieved or missed one by its status (the
        // summary counts those), an active one by its health.
        if r.status != Status::Active {
            return;
        }
        match r.health {
            Some(Health::OnTrack) => self.on_track += 1,
            Some(Health::AtRisk) => self.at_risk += 1,
            Some(Health::OffTrack) => self.off_track += 1,
            _ => {}
        }
    }

    fn merge(&mut self, other: &Sums) {
        let pair = |a: (f64, usize), b: (f64, usize)| (a.0 + b.0, a.1 + b.1);
        self.listed += other.listed;
        self.counted += other.counted;
        self.progress = pair(self.progress, other.progress);
        self.pace = pair(self.pace, other.pace);
        self.success = pair(self.success, other.success);
        self.on_track += other.on_track;
        self.at_risk += other.at_risk;
        self.off_track += other.off_track;
        self.grade = pair(self.grade, other.grade);
        self.achieved += other.achieved;
        self.missed += other.missed;
    }
}

fn counts(status: Status) -> bool {
    !matches!(status, Status::Dropped | Status::Draft)
}

struct Cx<'a> {
    model: &'a Model,
    sources: &'a Sources,
    graph: &'a Graph<'a>,
    settings: &'a Settings,
    today: Date,
    /// Whether the reported cycle ended: grades replace the pace.
    ended: bool,
    cycle_id: String,
    scores: Vec<ObjectiveScore>,
    /// How each dependency request was answered.
    answers: Answers<'a>,
    /// Last check-ins from the git history, by `objective/key-result`.
    check_ins: Option<&'a HashMap<String, crate::drift::LastCheckIn>>,
    /// The day objectives and key results were added, from the git history.
    added: Option<&'a HashMap<String, Date>>,
    /// The history, for each key result's series.
    history: Option<&'a crate::history::History>,
}

impl Cx<'_> {
    /// The last check-in the history knows of (it already weighs the `checked` key).
    fn history_check_in(&self, objective: &Objective, kr: &KeyResult) -> Option<CheckIn> {
        let key = format!("{}/{}", objective.id.get_ref(), kr.id.get_ref());
        let c = self.check_ins?.get(&key)?;
        Some(CheckIn {
            date: c.date.clone(),
            days_ago: c.days_ago,
            source: c.source.name(),
            author: c.author.clone(),
            commit: c.commit.clone(),
        })
    }

    fn owner(&self, objective: &Objective) -> Option<String> {
        objective.owner.as_ref().map(|o| o.get_ref().clone())
    }

    fn team_name(&self, id: &str) -> String {
        self.graph
            .index
            .teams
            .get(id)
            .and_then(|&t| self.model.teams[t].name.as_ref())
            .map_or_else(|| id.to_string(), |n| n.get_ref().clone())
    }

    fn objective(&self, o: usize) -> ObjectiveReport {
        let objective = &self.model.objectives[o];
        let score = &self.scores[o];
        let key_results: Vec<KrReport> = objective
            .key_result
            .iter()
            .map(|kr| self.key_result(objective, kr.get_ref(), score))
            .collect();
        let confidence = score::mean(
            key_results
                .iter()
                .filter_map(|kr| kr.confidence.as_ref().and_then(|c| c.value)),
        );
        let me = objective.id.get_ref();
        let depends_on = objective
            .depends_on
            .iter()
            .map(|d| {
                let id = d.get_ref();
                let found = self.graph.index.objectives.get(id.as_str()).copied();
                Dependency {
                    objective: id.clone(),
                    team: found.map(|f| self.model.objectives[f].team.get_ref().clone()),
                    status: found.map(|f| self.model.objectives[f].status()),
                    health: found.and_then(|f| self.scores[f].health),
                    answer: self.answers.answer(me, id),
                    declined_because: self.answers.reason(me, id).map(str::to_string),
                }
            })
            .collect();
        let file = self.file_name(objective);
        ObjectiveReport {
            id: objective.id.get_ref().clone(),
            title: objective.title.get_ref().clone(),
            team: objective.team.get_ref().clone(),
            owner: self.owner(objective),
            kind: objective.kind(),
            status: objective.status(),
            progress: score.progress,
            success_at: self.settings.grading.success(objective.kind()),
            expected: score.expected,
            health: score.health,
            added: score.added.map(|d| d.to_string()),
            unscored_key_results: score.unscored,
            grade: score.grade,
            retro: objective.retro.clone(),
            continues: objective.continues.as_ref().map(|c| c.get_ref().clone()),
            confidence,
            supports: objective
                .supports
                .iter()
                .map(|s| s.get_ref().clone())
                .collect(),
            depends_on,
            key_results,
            file: file.0,
            line: file.1,
            allowed: allowed(Item::Objective, &objective.allow, &objective.allow_reason),
        }
    }

    fn file_name(&self, objective: &Objective) -> (String, usize) {
        let file = self.sources.get(objective.file);
        (
            file.name.clone(),
            file.line_col(objective.id.span().start).0,
        )
    }

    fn key_result(&self, objective: &Objective, kr: &KeyResult, of: &ObjectiveScore) -> KrReport {
        let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
        let text = |v: &Option<toml::Spanned<String>>| v.as_ref().map(|v| v.get_ref().clone());
        let live = objective.status() == Status::Active && !of.ended;
        // A key result added after its objective, mid-cycle, is paced from its own day.
        let name = format!("{}/{}", objective.id.get_ref(), kr.id.get_ref());
        let added = self
            .added
            .and_then(|a| a.get(&name).copied())
            .filter(|&d| of.added.is_none_or(|o| d > o))
            .and_then(|d| {
                let c = &self.model.cycles[of.cycle?];
                (d > c.start.get_ref().0 && d <= c.end.get_ref().0).then_some(d)
            })
            .or(of.added);
        let elapsed = match (added, of.cycle) {
            (Some(_), Some(c)) if added != of.added => {
                score::elapsed_since(&self.model.cycles[c], added, self.today)
            }
            _ => of.elapsed,
        };
        let verdict = score::kr_verdict(kr, live, elapsed, &self.settings.pace);
        let series = match (self.history, of.cycle) {
            (Some(history), Some(c)) => crate::drift::series(
                history,
                &crate::history::Key::KeyResult(
                    objective.id.get_ref().clone(),
                    kr.id.get_ref().clone(),
                ),
                self.model.cycles[c].start.get_ref().0,
                self.today,
            ),
            _ => Vec::new(),
        };
        let known = series
            .iter()
            .filter_map(|p| p.confidence.map(|c| (c, &p.date)));
        let confidence_trend = known
            .clone()
            .next()
            .zip(known.clone().next_back())
            .filter(|(first, last)| first.0 != last.0)
            .map(|(first, last)| ConfidenceTrend {
                from: first.0,
                to: last.0,
                since: first.1.clone(),
            });
        let comment = series.iter().rev().find(|p| p.commit.is_some()).map(|p| {
            if p.body.is_empty() {
                p.message.clone()
            } else {
                p.body.clone()
            }
        });
        let scored: Result<KrScore, _> = verdict.score;
        let health = verdict.health;
        let kind = kr.kind();
        let last_checkin = self.history_check_in(objective, kr).or_else(|| {
            kr.checked.as_ref().map(|d| {
                let date = d.get_ref().0;
                CheckIn {
                    date: date.to_string(),
                    days_ago: score::days(date, self.today),
                    source: "checked",
                    author: None,
                    commit: None,
                }
            })
        });
        let stale_days = of.cycle.filter(|_| live).and_then(|c| {
            let last = last_checkin.as_ref().and_then(|c| c.date.parse().ok());
            score::stale_days(
                kr,
                last,
                &self.model.cycles[c],
                self.today,
                self.settings.drift.stale_after_days,
            )
        });
        KrReport {
            id: kr.id.get_ref().clone(),
            title: kr.title.get_ref().clone(),
            kind,
            unit: text(&kr.unit),
            baseline: value(&kr.baseline),
            target: value(&kr.target),
            current: value(&kr.current),
            stretch: value(&kr.stretch),
            done: kr.done.as_ref().map(|d| *d.get_ref()),
            zone: (kind == KrKind::Ordinal).then(|| ZoneLine {
                reached: kr.zone.as_ref().map(|z| *z.get_ref()),
                commit: text(&kr.commit_zone),
                target: text(&kr.target_zone),
                stretch: text(&kr.stretch_zone),
            }),
            weight: score::weight(kr),
            progress: scored.as_ref().ok().map(|s| s.progress),
            raw: scored.as_ref().ok().map(|s| s.raw),
            stretch_progress: scored.as_ref().ok().and_then(|s| s.stretch),
            unscored: scored.err(),
            health,
            commit: value(&kr.commit),
            confidence: kr.confidence.as_ref().map(|c| ConfidenceLine {
                written: c.get_ref().written(),
                value: c.get_ref().on_scale(self.settings.scale.confidence),
            }),
            owner: text(&kr.owner),
            last_checkin,
            stale_days,
            expected: verdict.expected,
            added: added.map(|d| d.to_string()),
            series,
            confidence_trend,
            comment,
            allowed: allowed(Item::KeyResult, &kr.allow, &kr.allow_reason),
            initiatives: kr.initiatives.iter().map(|i| i.get_ref().clone()).collect(),
        }
    }
}

/// The lints an item's `allow` silences, as `align check` honours them.
fn allowed(
    item: Item,
    allow: &[toml::Spanned<String>],
    reason: &Option<toml::Spanned<String>>,
) -> Vec<Allowed> {
    crate::rules::allow::allowed(item, allow, reason.as_ref())
        .into_iter()
        .map(|(code, reason)| Allowed {
            code: code.name().to_string(),
            reason: reason.to_string(),
        })
        .collect()
}

/// Roll-ups, risks, nudges and the alignment tree, over the objectives in scope.
impl Cx<'_> {
    fn scorecard(
        &self,
        id: String,
        title: String,
        objectives: impl Iterator<Item = usize>,
        reports: &HashMap<usize, ObjectiveReport>,
    ) -> Scorecard {
        let mut sums = Sums::default();
        for o in objectives {
            sums.add(reports.get(&o));
        }
        self.card(id, title, &sums)
    }

    /// A group's scorecard from its sums.
    fn card(&self, id: String, title: String, sums: &Sums) -> Scorecard {
        let mean = |(sum, n): (f64, usize)| (n > 0).then(|| sum / n as f64);
        let progress = mean(sums.progress);
        // A group's pace: its mean progress against its objectives' mean success mark
        // (committed 1.0, aspirational 0.7) times the elapsed part of the cycle.
        let elapsed = mean(sums.pace);
        let success = mean(sums.success);
        let health = progress
            .zip(elapsed)
            .zip(success)
            .filter(|_| !self.ended)
            .map(|((p, e), s)| score::health(p, s, e, &self.settings.pace));
        let expected = elapsed.zip(success).map(|(e, s)| e * s);
        Scorecard {
            id,
            title,
            perspective: None,
            owner: None,
            objectives: sums.counted,
            progress,
            expected,
            health,
            on_track: sums.on_track,
            at_risk: sums.at_risk,
            off_track: sums.off_track,
            score: mean(sums.grade),
            achieved: sums.achieved,
            missed: sums.missed,
        }
    }

    fn summary(
        &self,
        in_scope: &[usize],
        reports: &HashMap<usize, ObjectiveReport>,
        risks: &[Risk],
        elapsed: f64,
    ) -> Summary {
        let all: Vec<&ObjectiveReport> = in_scope.iter().filter_map(|o| reports.get(o)).collect();
        let with_status = |s: Status| all.iter().filter(|r| r.status == s).count();
        let card = self.scorecard(
            String::new(),
            String::new(),
            in_scope.iter().copied(),
            reports,
        );
        Summary {
            objectives: card.objectives,
            key_results: all
                .iter()
                .filter(|r| counts(r.status))
                .map(|r| r.key_results.len())
                .sum(),
            progress: card.progress,
            expected: elapsed,
            on_track: card.on_track,
            at_risk: card.at_risk,
            off_track: card.off_track,
            achieved: card.achieved,
            missed: card.missed,
            score: card.score,
            ungraded: all
                .iter()
                .filter(|r| r.status == Status::Active && r.grade.is_some())
                .count(),
            dropped: with_status(Status::Dropped),
            draft: with_status(Status::Draft),
            unscored: all
                .iter()
                .filter(|r| counts(r.status) && r.progress.is_none())
                .count(),
            top_risks: risks.iter().take(TOP_RISKS).map(Risk::line).collect(),
        }
    }

    /// For each pillar, the objectives in scope that reach it through `supports`.
    fn under_pillars(&self, in_scope: &[usize]) -> Vec<Vec<usize>> {
        // One walk down from each pillar, not one walk up from each objective: a chain
        // of `supports` n deep would make the latter quadratic.
        self.graph
            .pillars
            .iter()
            .map(|&pillar| {
                let mut below = vec![false; self.model.objectives.len()];
                for node in self.graph.supporters(pillar) {
                    if let Node::Objective(o) = self.graph.node(node) {
                        below[o] = true;
                    }
                }
                in_scope.iter().copied().filter(|&o| below[o]).collect()
            })
            .collect()
    }

    fn pillars(
        &self,
        in_scope: &[usize],
        reports: &HashMap<usize, ObjectiveReport>,
    ) -> Vec<Scorecard> {
        let under = self.under_pillars(in_scope);
        self.model
            .pillars
            .iter()
            .zip(under)
            .map(|(pillar, objectives)| Scorecard {
                perspective: pillar.perspective.as_ref().map(|p| *p.get_ref()),
                owner: pillar.owner.as_ref().map(|o| o.get_ref().clone()),
                ..self.scorecard(
                    pillar.id.get_ref().clone(),
                    pillar.title.get_ref().clone(),
                    objectives.into_iter(),
                    reports,
                )
            })
            .collect()
    }

    /// The balanced-scorecard view: objectives grouped by their pillars' perspective,
    /// each objective counted once per perspective. Perspectives without a pillar are
    /// shown empty: a gap in the strategy is news too.
    fn perspectives(
        &self,
        in_scope: &[usize],
        reports: &HashMap<usize, ObjectiveReport>,
    ) -> Vec<Scorecard> {
        let under = self.under_pillars(in_scope);
        Perspective::ALL
            .iter()
            .map(|&perspective| {
                let mut objectives: Vec<usize> = self
                    .model
                    .pillars
                    .iter()
                    .zip(&under)
                    .filter(|(p, _)| {
                        p.perspective.as_ref().map(|x| *x.get_ref()) == Some(perspective)
                    })
                    .flat_map(|(_, o)| o.iter().copied())
                    .collect();
                objectives.sort_unstable();
                objectives.dedup();
                let pillars = self
                    .model
                    .pillars
                    .iter()
                    .filter(|p| p.perspective.as_ref().map(|x| *x.get_ref()) == Some(perspective))
                    .map(|p| p.id.get_ref().as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                Scorecard {
                    perspective: Some(perspective),
                    ..self.scorecard(
                        perspective.name().to_string(),
                        pillars,
                        objectives.into_iter(),
                        reports,
                    )
                }
            })
            .collect()
    }

    /// Teams in the team tree's order (depth first, as written), each with its own
    /// objectives; teams with nothing in scope below them are left out. Objectives of
    /// a team the tree does not define come last, under that id.
    fn teams(
        &self,
        in_scope: &[usize],
        mut reports: HashMap<usize, ObjectiveReport>,
        teams_in_scope: Option<&HashSet<usize>>,
    ) -> Vec<TeamReport> {
        let children = children(self.model, self.graph);
        let mut by_team: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &o in in_scope {
            by_team
                .entry(self.model.objectives[o].team.get_ref().as_str())
                .or_default()
                .push(o);
        }
        let roots: Vec<usize> = match teams_in_scope {
            Some(scope) => (0..self.model.teams.len())
                .filter(|t| scope.contains(t))
                .filter(|&t| {
                    // The top of the scope: its parent is outside it.
                    self.model.teams[t]
                        .parent
                        .as_ref()
                        .and_then(|p| self.graph.index.teams.get(p.get_ref().as_str()))
                        .is_none_or(|p| !scope.contains(p))
                })
                .collect(),
            None => (0..self.model.teams.len())
                .filter(|&t| {
                    self.model.teams[t]
                        .parent
                        .as_ref()
                        .and_then(|p| self.graph.index.teams.get(p.get_ref().as_str()))
                        .is_none()
                })
                .collect(),
        };
        // Depth-first pre-order without recursion; teams caught in a parent loop have
        // no root and are added after the tree, so none is lost. Each team keeps the
        // position of the team it was reached from.
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut reached_from: Vec<Option<usize>> = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<(usize, usize, Option<usize>)> =
            roots.iter().rev().map(|&t| (t, 0, None)).collect();
        let mut pending: Vec<usize> = (0..self.model.teams.len()).rev().collect();
        loop {
            while let Some((team, depth, from)) = stack.pop() {
                if !seen.insert(team) {
                    continue;
                }
                let position = order.len();
                order.push((team, depth));
                reached_from.push(from);
                for &child in children.get(&team).into_iter().flatten().rev() {
                    stack.push((child, depth + 1, Some(position)));
                }
            }
            match pending.pop() {
                Some(t) if teams_in_scope.is_none_or(|s| s.contains(&t)) => {
                    stack.push((t, 0, None));
                }
                Some(_) => {}
                None => break,
            }
        }
        // Each team's objectives with its sub-teams': in pre-order a team comes before
        // everything below it, so walking the order backwards adds each team's sums
        // into its parent's after all of its own sub-teams were added to it.
        let mut sums: Vec<Sums> = order
            .iter()
            .map(|&(team, _)| {
                let mut sums = Sums::default();
                let own = by_team.get(self.model.teams[team].id.get_ref().as_str());
                for &o in own.into_iter().flatten() {
                    sums.add(reports.get(&o));
                }
                sums
            })
            .collect();
        for position in (0..order.len()).rev() {
            if let Some(parent) = reached_from[position] {
                let below = sums[position];
                sums[parent].merge(&below);
            }
        }
        let mut sections = Vec::new();
        for ((team, depth), sums) in order.into_iter().zip(sums) {
            let model_team = &self.model.teams[team];
            let id = model_team.id.get_ref().as_str();
            if sums.listed == 0 {
                continue;
            }
            let name = self.team_name(id);
            let rollup = self.card(id.to_string(), name.clone(), &sums);
            let objectives = by_team
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|o| reports.remove(&o))
                .collect();
            sections.push(TeamReport {
                id: id.to_string(),
                name,
                lead: model_team.lead.as_ref().map(|l| l.get_ref().clone()),
                parent: model_team.parent.as_ref().map(|p| p.get_ref().clone()),
                depth,
                rollup: Scorecard {
                    owner: model_team.lead.as_ref().map(|l| l.get_ref().clone()),
                    ..rollup
                },
                objectives,
            });
        }
        for (id, objectives) in by_team {
            if self.graph.index.teams.contains_key(id) {
                continue;
            }
            let rollup = self.scorecard(
                id.to_string(),
                id.to_string(),
                objectives.iter().copied(),
                &reports,
            );
            sections.push(TeamReport {
                id: id.to_string(),
                name: format!("{id} (not a team of the tree)"),
                lead: None,
                parent: None,
                depth: 0,
                rollup,
                objectives: objectives
                    .into_iter()
                    .filter_map(|o| reports.remove(&o))
                    .collect(),
            });
        }
        sections
    }

    /// Off track first, then blocked, at risk and not scored; within each, the
    /// widest gap to the pace first, then by id.
    fn risks(&self, in_scope: &[usize], reports: &HashMap<usize, ObjectiveReport>) -> Vec<Risk> {
        let mut risks: Vec<(RiskKind, f64, Risk)> = Vec::new();
        for &o in in_scope {
            let Some(report) = reports.get(&o) else {
                continue;
            };
            // A graded objective is no longer at risk: it is done, one way or the other.
            if report.status != Status::Active || report.grade.is_some() {
                continue;
            }
            let risk = |kind: RiskKind, detail: String| Risk {
                kind,
                objective: report.id.clone(),
                title: report.title.clone(),
                team: report.team.clone(),
                owner: report.owner.clone(),
                detail,
            };
            let gap = report.expected - report.progress.unwrap_or(0.0);
            let pace = || {
                format!(
                    "{} vs {} expected by today",
                    percent(report.progress.unwrap_or(0.0)),
                    percent(report.expected)
                )
            };
            match report.health {
                Some(Health::OffTrack) => {
                    risks.push((RiskKind::OffTrack, gap, risk(RiskKind::OffTrack, pace())))
                }
                Some(Health::AtRisk) => {
                    risks.push((RiskKind::AtRisk, gap, risk(RiskKind::AtRisk, pace())))
                }
                Some(Health::OnTrack) => {}
                None => {
                    let reasons: Vec<String> = report
                        .key_results
                        .iter()
                        .filter_map(|kr| kr.unscored.map(|u| format!("{}: {}", kr.id, u.reason())))
                        .collect();
                    let detail = if report.key_results.is_empty() {
                        "no key results".to_string()
                    } else {
                        format!("no key result can be scored ({})", reasons.join("; "))
                    };
                    risks.push((RiskKind::Unscored, 0.0, risk(RiskKind::Unscored, detail)));
                }
            }
            let blockers: Vec<String> = report
                .depends_on
                .iter()
                .filter_map(|d| {
                    let why = match (d.status, d.health, d.answer) {
                        (Some(Status::Dropped), _, _) => "dropped",
                        (Some(Status::Missed), _, _) => "missed",
                        (_, _, Answer::Declined) => "declined by its team",
                        (_, Some(Health::OffTrack), _) => "off track",
                        (_, Some(Health::AtRisk), _) => "at risk",
                        _ => return None,
                    };
                    let team = d
                        .team
                        .as_deref()
                        .map(|t| format!(", {t}"))
                        .unwrap_or_default();
                    Some(format!("needs {} ({why}{team})", d.objective))
                })
                .collect();
            if !blockers.is_empty() {
                risks.push((
                    RiskKind::Blocked,
                    gap,
                    risk(RiskKind::Blocked, blockers.join("; ")),
                ));
            }
            let unagreed: Vec<String> = report
                .depends_on
                .iter()
                .filter(|d| d.answer == Answer::Pending && d.status == Some(Status::Active))
                .map(|d| {
                    let team = d.team.as_deref().unwrap_or("its team");
                    format!("needs {} ({team} has not answered)", d.objective)
                })
                .collect();
            if !unagreed.is_empty() {
                risks.push((
                    RiskKind::Unagreed,
                    gap,
                    risk(RiskKind::Unagreed, unagreed.join("; ")),
                ));
            }
        }
        risks.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.total_cmp(&a.1))
                .then_with(|| a.2.objective.cmp(&b.2.objective))
        });
        risks.into_iter().map(|(_, _, r)| r).collect()
    }

    /// What each person should update before the review, by owner: the key result's
    /// owner, else the objective's, else the team lead.
    fn nudges(&self, in_scope: &[usize], reports: &HashMap<usize, ObjectiveReport>) -> Vec<Nudge> {
        let mut by_owner: BTreeMap<String, Vec<NudgeItem>> = BTreeMap::new();
        // Requests waiting for an answer, by the objective asked.
        let mut asked: HashMap<&str, Vec<&str>> = HashMap::new();
        for requester in &self.model.objectives {
            if requester.status() != Status::Active {
                continue;
            }
            for on in &requester.depends_on {
                let me = requester.id.get_ref().as_str();
                if self.answers.answer(me, on.get_ref()) == Answer::Pending {
                    asked.entry(on.get_ref().as_str()).or_default().push(me);
                }
            }
        }
        for &o in in_scope {
            let Some(report) = reports.get(&o) else {
                continue;
            };
            if self.ended {
                self.closing_nudges(report, &mut by_owner);
                continue;
            }
            if report.status != Status::Active {
                continue;
            }
            let lead = self
                .graph
                .index
                .teams
                .get(report.team.as_str())
                .and_then(|&t| self.model.teams[t].lead.as_ref())
                .map(|l| l.get_ref().clone());
            let objective_owner = report.owner.clone().or(lead);
            let mut push = |owner: Option<String>, item: String, action: String| {
                by_owner
                    .entry(owner.unwrap_or_else(|| "(no owner)".into()))
                    .or_default()
                    .push(NudgeItem { item, action });
            };
            for requester in asked.get(report.id.as_str()).into_iter().flatten() {
                push(
                    objective_owner.clone(),
                    report.id.clone(),
                    format!(
                        "{requester} depends on it and waits for an answer: add it to `accepts`, or to `declines` with a reason"
                    ),
                );
            }
            if let Some(h @ (Health::OffTrack | Health::AtRisk)) = report.health {
                push(
                    objective_owner.clone(),
                    report.id.clone(),
                    format!(
                        "{}: {} vs {} expected; bring a recovery plan or lower the commitment openly",
                        h.name(),
                        percent(report.progress.unwrap_or(0.0)),
                        percent(report.expected)
                    ),
                );
            }
            for kr in &report.key_results {
                let owner = kr.owner.clone().or_else(|| objective_owner.clone());
                let item = format!("{}/{}", report.id, kr.id);
                let action = if let Some(why) = kr.unscored {
                    Some(format!(
                        "cannot be scored ({}): fix the key result",
                        why.reason()
                    ))
                } else if matches!(
                    kr.kind,
                    KrKind::Increase | KrKind::Decrease | KrKind::StayAbove | KrKind::StayBelow
                ) && kr.current.is_none()
                {
                    Some("no current value: report where it stands".to_string())
                } else if kr.kind == KrKind::Ordinal
                    && kr.zone.as_ref().is_some_and(|z| z.reached.is_none())
                {
                    Some("no zone reached yet: set `zone`".to_string())
                } else {
                    // A milestone that is done needs no more work.
                    let done = kr.kind == KrKind::Milestone && kr.done == Some(true);
                    kr.stale_days
                        .map(|days| match &kr.last_checkin {
                            Some(c) => format!(
                                "last check-in {} ({days} days without one): check in",
                                c.date
                            ),
                            None => format!(
                                "no check-in since the cycle started ({days} days): check in"
                            ),
                        })
                        .or_else(|| {
                            let behind =
                                matches!(kr.health, Some(Health::OffTrack | Health::AtRisk));
                            (behind && !done && kr.initiatives.is_empty()).then(|| {
                                format!(
                                    "{} and no initiative listed: what work will move it?",
                                    kr.health.map_or("behind", Health::name)
                                )
                            })
                        })
                };
                if let Some(action) = action {
                    push(owner, item, action);
                }
            }
        }
        by_owner
            .into_iter()
            .map(|(owner, items)| Nudge { owner, items })
            .collect()
    }

    /// What an owner should do once the cycle ended: write the grade (`align cycle
    /// close`) and the retrospective. Check-ins and pace no longer matter.
    fn closing_nudges(
        &self,
        report: &ObjectiveReport,
        by_owner: &mut BTreeMap<String, Vec<NudgeItem>>,
    ) {
        if !counts(report.status) {
            return;
        }
        let owner = report
            .owner
            .clone()
            .or_else(|| self.lead(&report.team))
            .unwrap_or_else(|| "(no owner)".into());
        let mut push = |action: String| {
            by_owner.entry(owner.clone()).or_default().push(NudgeItem {
                item: report.id.clone(),
                action,
            })
        };
        if report.status == Status::Active {
            let cycle = &self.cycle_id;
            push(match report.grade {
                Some(g) => format!(
                    "the cycle ended: grade it ({:.2}, {}) with `align cycle close {cycle} --write`",
                    g.score,
                    g.verdict.name()
                ),
                None => "the cycle ended and no key result can be scored: write its `score` and `status`".into(),
            });
        }
        if report.retro.as_deref().is_none_or(|r| r.trim().is_empty()) {
            push("write its `retro`: what did the team learn?".into());
        }
    }

    fn lead(&self, team: &str) -> Option<String> {
        self.graph
            .index
            .teams
            .get(team)
            .and_then(|&t| self.model.teams[t].lead.as_ref())
            .map(|l| l.get_ref().clone())
    }

    /// Vision, pillars, and under each pillar the objectives in scope that support it,
    /// with their supporting objectives below them. An objective whose parent is out
    /// of scope hangs under the pillar it reaches; one without a line of sight goes
    /// in a last group. Iterative, and each objective is expanded once.
    fn alignment(
        &self,
        in_scope: &[usize],
        reports: &HashMap<usize, ObjectiveReport>,
    ) -> Vec<AlignRow> {
        let scope: HashSet<usize> = in_scope.iter().copied().collect();
        // Parent (pillar or objective node) -> objectives in scope shown under it.
        let mut below: HashMap<petgraph::graph::NodeIndex, Vec<usize>> = HashMap::new();
        let mut orphans = Vec::new();
        for &o in in_scope {
            let node = self.graph.objectives[o];
            let direct: Vec<_> = self
                .graph
                .supports(node)
                .filter(|&p| match self.graph.node(p) {
                    Node::Pillar(_) => true,
                    Node::Objective(parent) => scope.contains(&parent),
                    _ => false,
                })
                .collect();
            if !direct.is_empty() {
                for parent in direct {
                    below.entry(parent).or_default().push(o);
                }
            } else if let Some(pillar) = self
                .graph
                .ancestors(o)
                .into_iter()
                .find(|&a| matches!(self.graph.node(a), Node::Pillar(_)))
            {
                below.entry(pillar).or_default().push(o);
            } else {
                orphans.push(o);
            }
        }
        for children in below.values_mut() {
            children.sort_unstable();
            children.dedup();
        }
        let mut rows = Vec::new();
        rows.push(AlignRow {
            depth: 0,
            kind: AlignKind::Vision,
            id: "vision".into(),
            title: self
                .model
                .vision()
                .map_or_else(|| "(no vision)".into(), |v| v.statement.get_ref().clone()),
            team: None,
            progress: None,
            health: None,
            status: None,
            repeated: false,
        });
        let mut expanded = HashSet::new();
        let objective_row = |o: usize, depth: usize, repeated: bool| {
            let r = &reports[&o];
            AlignRow {
                depth,
                kind: AlignKind::Objective,
                id: r.id.clone(),
                title: r.title.clone(),
                team: Some(r.team.clone()),
                progress: r.progress,
                health: r.health,
                status: Some(r.status),
                repeated,
            }
        };
        let pillars = self.pillars(in_scope, reports);
        for (p, card) in pillars.into_iter().enumerate() {
            rows.push(AlignRow {
                depth: 1,
                kind: AlignKind::Pillar,
                id: card.id,
                title: card.title,
                team: None,
                progress: card.progress,
                health: card.health,
                status: None,
                repeated: false,
            });
            let mut stack: Vec<(usize, usize)> = below
                .get(&self.graph.pillars[p])
                .into_iter()
                .flatten()
                .rev()
                .map(|&o| (o, 2))
                .collect();
            while let Some((o, depth)) = stack.pop() {
                let first = expanded.insert(o);
                rows.push(objective_row(o, depth, !first));
                if first {
                    for &child in below
                        .get(&self.graph.objectives[o])
                        .into_iter()
                        .flatten()
                        .rev()
                    {
                        stack.push((child, depth + 1));
                    }
                }
            }
        }
        // Objectives only reachable through a loop of `supports` among themselves.
        let placed: HashSet<usize> = orphans.iter().copied().collect();
        orphans.extend(
            in_scope
                .iter()
                .copied()
                .filter(|o| !expanded.contains(o) && !placed.contains(o)),
        );
        if !orphans.is_empty() {
            rows.push(AlignRow {
                depth: 1,
                kind: AlignKind::Orphans,
                id: "no-line-of-sight".into(),
                title: "No line of sight to the vision".into(),
                team: None,
                progress: None,
                health: None,
                status: None,
                repeated: false,
            });
            orphans.sort_unstable();
            for o in orphans {
                rows.push(objective_row(o, 2, false));
            }
        }
        rows
    }
}
