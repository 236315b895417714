//! The quarterly-review report as plain data: what every format shows, computed once.
//! Renderers (table, Markdown, JSON, HTML) only lay it out. `--format json` is this
//! model serialized, so the fields below are public API: add, never rename.

mod build;
mod digest;

use serde::Serialize;

pub use build::{Scope, build, build_with_history};
pub use digest::{DIGEST_VERSION, Digest};

use crate::model::{KrKind, ObjectiveKind, Perspective, Status, Zone};
use crate::score::{Grade, Health, Unscored};

/// Bumped when a field changes meaning or disappears; new fields do not bump it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The organisation's name from `align.toml`.
    pub name: Option<String>,
    /// The date the report is as of (`--today`).
    pub today: String,
    pub vision: Option<VisionLine>,
    pub cycle: CycleLine,
    /// The team the report is limited to (`--team`), with its sub-teams.
    pub team: Option<String>,
    /// What `align check` says about the tree: a report on a tree with errors still
    /// renders, and says so.
    pub check: CheckLine,
    pub summary: Summary,
    pub pillars: Vec<Scorecard>,
    pub perspectives: Vec<Scorecard>,
    pub teams: Vec<TeamReport>,
    pub risks: Vec<Risk>,
    pub nudges: Vec<Nudge>,
    /// The alignment tree in pre-order, flat with a depth, so that a chain thousands
    /// deep renders without recursion.
    pub alignment: Vec<AlignRow>,
    /// Where the check-ins come from: the git history, or the `checked` key only.
    pub history: HistoryNote,
    /// Drift from the git history (read by default in a repository); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift: Option<DriftSection>,
}

/// Where a report's check-ins come from, said in its header so that nobody mistakes a
/// report without history for one with it.
#[derive(Debug, Serialize)]
pub struct HistoryNote {
    /// True when check-ins (and the drift section) come from the git history.
    pub read: bool,
    /// Why the history was not read: "--no-history", "not a git repository", "no
    /// commit touches the tree yet".
    pub not_read_because: Option<String>,
    /// The version read with `--at REF`: the name given and the short commit id.
    pub at: Option<String>,
    /// Commits of the first-parent chain read.
    pub commits_read: usize,
    /// Commits of the version read dated after `today`: not counted as check-ins.
    pub commits_after_today: usize,
    /// The date a shallow clone's history is cut at.
    pub cut: Option<String>,
}

impl HistoryNote {
    /// A report from the files only.
    pub fn checked_only(because: &str) -> Self {
        Self {
            read: false,
            not_read_because: Some(because.to_string()),
            at: None,
            commits_read: 0,
            commits_after_today: 0,
            cut: None,
        }
    }

    /// The header's sentence about it.
    pub fn line(&self, today: &str) -> String {
        if !self.read {
            return format!(
                "Check-ins from the checked key only ({}); pace counts from each cycle's \
                 start (no history to tell when objectives were added); no drift section.",
                self.not_read_because.as_deref().unwrap_or("no history")
            );
        }
        let mut line = format!(
            "Check-ins from the git history ({} read{}), as align drift reads them.",
            crate::render::plural(self.commits_read, "commit", "commits"),
            self.at
                .as_deref()
                .map(|at| format!(", as of {at}"))
                .unwrap_or_default()
        );
        if self.commits_after_today > 0 {
            line.push_str(&format!(
                " {} dated after {today} {} the values shown are those of the version read (use --at to read an earlier one).",
                crate::render::plural(self.commits_after_today, "commit", "commits"),
                if self.commits_after_today == 1 {
                    "is not counted as a check-in;"
                } else {
                    "are not counted as check-ins;"
                }
            ));
        }
        if let Some(cut) = &self.cut {
            line.push_str(&format!(
                " The history is cut at {cut} (a shallow clone): what happened before is unknown."
            ));
        }
        line
    }
}

/// What the git history says about the cycle: the drift findings about the objectives
/// in scope (stale key results, goalposts moved, pace, churn, realign, blocked).
#[derive(Debug, Serialize)]
pub struct DriftSection {
    /// The date a shallow clone's history is cut at: findings before it are unknown.
    pub cut: Option<String>,
    pub findings: Vec<DriftLine>,
}

#[derive(Debug, Serialize)]
pub struct DriftLine {
    /// The rule code: stale, goalpost-moved, behind-pace, churn, realign, blocked,
    /// shallow-history.
    pub code: &'static str,
    pub severity: crate::diag::Severity,
    /// "key result deploys-boring/deploy-success", "objective deploys-boring".
    pub entity: Option<crate::diag::Entity>,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct VisionLine {
    pub statement: String,
    pub owner: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CycleLine {
    pub id: String,
    pub name: Option<String>,
    pub start: String,
    pub end: String,
    /// Elapsed fraction of the cycle by the end of `today`, 0..1.
    pub elapsed: f64,
    /// Days in the cycle, first and last included.
    pub days: i64,
    /// Days after today until the end of the cycle.
    pub days_left: i64,
    /// How the cycle was chosen: "option" (`--cycle`), "today" (the cycle containing
    /// today) or "latest" (no cycle contains today: the latest one that started).
    pub chosen_by: &'static str,
    /// True once the cycle's last day is past: objectives carry grades, not pace.
    pub ended: bool,
    /// What the company learned in the cycle (`learnings`), as written.
    pub learnings: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CheckLine {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// False when some files did not load: the report then misses what they define.
    pub complete: bool,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    /// Objectives in scope that count: active, achieved and missed ones (not dropped
    /// or draft). Each is counted once: in a cycle that runs, by its health or its
    /// written status; in one that ended, by its verdict (achieved or missed) or as
    /// unscored.
    pub objectives: usize,
    pub key_results: usize,
    /// Mean progress of the objectives that count, 0..1.
    pub progress: Option<f64>,
    /// Progress a committed objective needs by today to be on pace.
    pub expected: f64,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub achieved: usize,
    pub missed: usize,
    pub dropped: usize,
    pub draft: usize,
    /// Objectives that could not be scored (no key result with a score).
    pub unscored: usize,
    /// Mean final score of the graded objectives, once the cycle ended.
    pub score: Option<f64>,
    /// Objectives of the ended cycle still `active` in their files: graded here from
    /// their key results, to be written with `align cycle close`.
    pub ungraded: usize,
    /// The first risks, one line each.
    pub top_risks: Vec<String>,
}

/// Progress rolled up over a group of objectives: a pillar, a perspective, a team.
#[derive(Debug, Serialize)]
pub struct Scorecard {
    pub id: String,
    pub title: String,
    pub perspective: Option<Perspective>,
    pub owner: Option<String>,
    pub objectives: usize,
    pub progress: Option<f64>,
    /// The progress the group was compared with: its objectives' mean success mark
    /// times their mean elapsed part of the cycle; `None` once the cycle ended.
    pub expected: Option<f64>,
    /// Pace of the group; `None` once the cycle ended.
    pub health: Option<Health>,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// Mean final score of the graded objectives, once the cycle ended.
    pub score: Option<f64>,
    /// Objectives achieved and missed: as written, or by their grade once the cycle ended.
    pub achieved: usize,
    pub missed: usize,
}

#[derive(Debug, Serialize)]
pub struct TeamReport {
    pub id: String,
    pub name: String,
    pub lead: Option<String>,
    pub parent: Option<String>,
    /// Depth in the team tree, 0 for a top-level team.
    pub depth: usize,
    /// The team's progress rolled up with its sub-teams'.
    pub rollup: Scorecard,
    /// The team's own objectives in the cycle.
    pub objectives: Vec<ObjectiveReport>,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveReport {
    pub id: String,
    pub title: String,
    pub team: String,
    pub owner: Option<String>,
    pub kind: ObjectiveKind,
    pub status: Status,
    /// Weighted mean of the key results' progress, 0..1; `None` when none is scored.
    pub progress: Option<f64>,
    /// The progress that counts as success: 1.0 committed, 0.7 aspirational.
    pub success_at: f64,
    /// Progress needed by today to be on pace.
    pub expected: f64,
    /// On track / at risk / off track; `None` when not active, not scored, or when the
    /// cycle ended (then `grade` says how it went). Never better than its best key
    /// result's health.
    pub health: Option<Health>,
    /// The day the objective was added after its cycle started (from the history): its
    /// expected progress counts from then. `None` when it was there at the start, or
    /// when the history was not read (pace then counts from the cycle's start).
    pub added: Option<String>,
    /// Key results that cannot be scored: the progress is over the others, with their
    /// weights renormalised ("partly scored, 1 of 3 unscored").
    pub unscored_key_results: usize,
    /// The final score and verdict, once the cycle ended; `None` before, and for a
    /// dropped, draft or unscored objective.
    pub grade: Option<Grade>,
    /// The retrospective (`retro`), as written.
    pub retro: Option<String>,
    /// The objective of an earlier cycle it continues (`continues`).
    pub continues: Option<String>,
    /// Mean confidence of the key results that give one, 0..1.
    pub confidence: Option<f64>,
    pub supports: Vec<String>,
    pub depends_on: Vec<Dependency>,
    pub key_results: Vec<KrReport>,
    /// Where the objective is written: file (relative to the tree) and line.
    pub file: String,
    pub line: usize,
    /// Writing lints silenced on the objective, with the reason it gives.
    pub allowed: Vec<Allowed>,
}

impl ObjectiveReport {
    /// Every lint silenced on the objective or one of its key results, with the key
    /// result's id where it is one's: what each format lists under the objective.
    /// The initiatives of every key result, with the key result's id.
    pub fn initiatives(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.key_results
            .iter()
            .filter(|kr| !kr.initiatives.is_empty())
            .map(|kr| (kr.id.as_str(), kr.initiatives.as_slice()))
    }

    pub fn silenced(&self) -> impl Iterator<Item = (Option<&str>, &Allowed)> {
        let on_krs = self
            .key_results
            .iter()
            .flat_map(|kr| kr.allowed.iter().map(move |a| (Some(kr.id.as_str()), a)));
        self.allowed.iter().map(|a| (None, a)).chain(on_krs)
    }
}

#[derive(Debug, Serialize)]
pub struct Dependency {
    pub objective: String,
    pub team: Option<String>,
    pub status: Option<Status>,
    pub health: Option<Health>,
    /// Whether the other team agreed: "pending", "accepted" or "declined".
    pub answer: crate::handshake::Answer,
    /// Why they declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declined_because: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct KrReport {
    pub id: String,
    pub title: String,
    pub kind: KrKind,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub stretch: Option<f64>,
    /// The commit level of three-level grading.
    pub commit: Option<f64>,
    pub done: Option<bool>,
    pub zone: Option<ZoneLine>,
    pub weight: f64,
    /// Progress clamped to 0..1: what the objective rolls up.
    pub progress: Option<f64>,
    /// Unclamped progress: above 1 is over-achievement, below 0 a regression.
    pub raw: Option<f64>,
    /// How far past the target toward `stretch`, 0..1.
    pub stretch_progress: Option<f64>,
    /// Why there is no progress, when there is none.
    pub unscored: Option<Unscored>,
    pub health: Option<Health>,
    pub confidence: Option<ConfidenceLine>,
    pub owner: Option<String>,
    pub last_checkin: Option<CheckIn>,
    /// Days without a check-in, when more than `[drift] stale_after_days` while the
    /// cycle runs (from the last check-in or the cycle's start): the value shown is
    /// that old, whatever its health says. `align drift` reports the same as `stale`.
    pub stale_days: Option<i64>,
    /// Progress expected by today (the key result's goal times the elapsed part of the
    /// cycle, from the day it was added when that was mid-cycle).
    pub expected: f64,
    /// The day the key result was added after its cycle started (from the history).
    pub added: Option<String>,
    /// Its values over the cycle, from the history: the value standing at the start,
    /// then each check-in (date, value, confidence, commit, author, message). Empty
    /// when the history was not read.
    pub series: Vec<crate::drift::SeriesPoint>,
    /// How confidence moved over the cycle, when it did.
    pub confidence_trend: Option<ConfidenceTrend>,
    /// What the latest check-in said: its commit message's body (else its first line).
    pub comment: Option<String>,
    /// Writing lints silenced on the key result, with the reason it gives.
    pub allowed: Vec<Allowed>,
    /// The work expected to move it (`initiatives`), as written: links or issue
    /// references.
    pub initiatives: Vec<String>,
}

/// A lint an `allow` silences on an objective or key result: a decision the tree
/// records, shown so that it is not hidden.
#[derive(Debug, Serialize)]
pub struct Allowed {
    /// The lint's code, such as `outcome-not-output`.
    pub code: String,
    /// `allow_reason`, as written.
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ZoneLine {
    pub reached: Option<Zone>,
    pub commit: Option<String>,
    pub target: Option<String>,
    pub stretch: Option<String>,
}

/// Confidence then and now: "0.8 → 0.3 since 2026-11-05".
#[derive(Debug, Serialize)]
pub struct ConfidenceTrend {
    pub from: f64,
    pub to: f64,
    /// The date of the first value.
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct ConfidenceLine {
    /// As written: "0.7", "7", "high".
    pub written: String,
    /// On a 0.0-1.0 scale; `None` when the written value is out of range or ambiguous.
    pub value: Option<f64>,
}

/// The last time someone checked in on a key result. From the `checked` key; with
/// `--history`, from the repository too, with the commit and its author.
#[derive(Debug, Serialize)]
pub struct CheckIn {
    pub date: String,
    pub days_ago: i64,
    /// "checked" (the key in the file); from history also "commit" (a commit changed
    /// the key result), "trailer" (a `Check-in:` trailer) or "uncommitted".
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The short commit id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskKind {
    OffTrack,
    Blocked,
    AtRisk,
    /// It needs another team's objective, and that team has not answered the request.
    Unagreed,
    Unscored,
}

impl RiskKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::OffTrack => "off track",
            Self::Blocked => "blocked",
            Self::AtRisk => "at risk",
            Self::Unagreed => "dependency not agreed",
            Self::Unscored => "not scored",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Risk {
    pub kind: RiskKind,
    pub objective: String,
    pub title: String,
    pub team: String,
    pub owner: Option<String>,
    /// Why, in a few words: "20% vs 45% expected", "needs infra-capacity (off track)".
    pub detail: String,
}

impl Risk {
    /// The risk in one line, for the executive summary.
    pub fn line(&self) -> String {
        format!(
            "{}: {} ({}{}): {}",
            self.kind.name(),
            self.objective,
            self.team,
            self.owner
                .as_deref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default(),
            self.detail
        )
    }
}

/// What one person should update before the review.
#[derive(Debug, Serialize)]
pub struct Nudge {
    /// A handle (`@bob`), or "(no owner)".
    pub owner: String,
    pub items: Vec<NudgeItem>,
}

#[derive(Debug, Serialize)]
pub struct NudgeItem {
    /// `objective` or `objective/key-result`.
    pub item: String,
    pub action: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlignKind {
    Vision,
    Pillar,
    Objective,
    /// Objectives of the cycle without a line of sight to the vision.
    Orphans,
}

#[derive(Debug, Serialize)]
pub struct AlignRow {
    pub depth: usize,
    pub kind: AlignKind,
    pub id: String,
    pub title: String,
    pub team: Option<String>,
    pub progress: Option<f64>,
    pub health: Option<Health>,
    pub status: Option<Status>,
    /// True where an objective supports more than one parent and was already shown
    /// in full above: its supporters are not repeated.
    pub repeated: bool,
}
