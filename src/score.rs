//! Scoring: the progress of a key result by its kind, of an objective as the weighted
//! mean of its key results, the grade of committed and aspirational objectives, and
//! the pace against the elapsed part of the cycle. Every report and rule reads these.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Cycle, KeyResult, KrKind, Objective, ObjectiveKind, Status, Zone};
use crate::settings::{Grading, Pace};

/// A key result's progress. `raw` keeps over-achievement (above 1) and regression
/// (below 0); `progress` is clamped to 0..1 and is what objectives roll up, so one key
/// result far over its target cannot hide another that failed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KrScore {
    pub raw: f64,
    pub progress: f64,
    /// How far past the target toward the `stretch` value, 0..1, when one is set
    /// and the target is reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stretch: Option<f64>,
}

/// Why a key result has no score. These are the same problems `align check` reports
/// as `kr-not-measurable`; a report says so instead of dividing by zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unscored {
    NoTarget,
    NoBaseline,
    TargetEqualsBaseline,
    NotANumber,
    /// Values so far apart that their difference is not a finite number (1e308).
    OutOfRange,
}

impl Unscored {
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoTarget => "no target",
            Self::NoBaseline => "no baseline",
            Self::TargetEqualsBaseline => "target equals baseline",
            Self::NotANumber => "a value is not a finite number",
            Self::OutOfRange => "values too large to compare",
        }
    }
}

/// Grades of the three-zone scoring for ordinal key results.
pub fn zone_grade(zone: Zone) -> f64 {
    match zone {
        Zone::Fail => 0.0,
        Zone::Commit => 0.3,
        Zone::Target => 0.7,
        Zone::Stretch => 1.0,
    }
}

/// The progress of one key result. A key result without a `current` value, a
/// milestone without `done` and an ordinal one without `zone` count as no progress:
/// nothing reported proves nothing.
pub fn key_result(kr: &KeyResult) -> Result<KrScore, Unscored> {
    let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
    let (baseline, target, current) = (value(&kr.baseline), value(&kr.target), value(&kr.current));
    let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
    if !(finite(baseline) && finite(target) && finite(current) && finite(value(&kr.stretch))) {
        return Err(Unscored::NotANumber);
    }
    let flat = |p: f64| KrScore {
        raw: p,
        progress: p,
        stretch: None,
    };
    match kr.kind() {
        KrKind::Milestone => Ok(flat(if kr.done.as_ref().is_some_and(|d| *d.get_ref()) {
            1.0
        } else {
            0.0
        })),
        KrKind::Ordinal => Ok(flat(
            kr.zone.as_ref().map_or(0.0, |z| zone_grade(*z.get_ref())),
        )),
        KrKind::StayAbove | KrKind::StayBelow => {
            let target = target.ok_or(Unscored::NoTarget)?;
            let held = current.is_some_and(|c| {
                if kr.kind() == KrKind::StayAbove {
                    c >= target
                } else {
                    c <= target
                }
            });
            Ok(flat(if held { 1.0 } else { 0.0 }))
        }
        KrKind::Increase | KrKind::Decrease => {
            let target = target.ok_or(Unscored::NoTarget)?;
            let baseline = baseline.ok_or(Unscored::NoBaseline)?;
            if target == baseline {
                return Err(Unscored::TargetEqualsBaseline);
            }
            let current = current.unwrap_or(baseline);
            // The sign of (target - baseline) carries the direction, so one formula
            // serves "higher is better" and "lower is better".
            let raw = match levels(kr) {
                Some(levels) => interpolate(&levels, current),
                None => (current - baseline) / (target - baseline),
            };
            if !raw.is_finite() || !(target - baseline).is_finite() {
                return Err(Unscored::OutOfRange);
            }
            let stretch = value(&kr.stretch)
                .filter(|&s| (s - target) * (target - baseline) > 0.0)
                .map(|s| (current - target) / (s - target))
                .filter(|x| x.is_finite())
                .map(|x| x.clamp(0.0, 1.0));
            Ok(KrScore {
                raw,
                progress: raw.clamp(0.0, 1.0),
                stretch,
            })
        }
    }
}

/// The grading levels of a numeric key result with a `commit` value (three-level
/// grading, as Puzzle OKR does): baseline 0.0, commit 0.3, target 0.7, stretch 1.0,
/// or target 1.0 when there is no stretch. `None` without a usable commit: one that
/// is not strictly between the baseline and the target (an `invalid-value` finding)
/// is ignored rather than misread.
pub fn levels(kr: &KeyResult) -> Option<Vec<(f64, f64)>> {
    let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
    let (baseline, commit, target) = (value(&kr.baseline)?, value(&kr.commit)?, value(&kr.target)?);
    let ahead = |from: f64, to: f64| (to - from) * (target - baseline) > 0.0;
    if !(ahead(baseline, commit) && ahead(commit, target)) {
        return None;
    }
    let commit_grade = zone_grade(Zone::Commit);
    Some(match value(&kr.stretch).filter(|&s| ahead(target, s)) {
        Some(stretch) => vec![
            (baseline, 0.0),
            (commit, commit_grade),
            (target, zone_grade(Zone::Target)),
            (stretch, zone_grade(Zone::Stretch)),
        ],
        None => vec![(baseline, 0.0), (commit, commit_grade), (target, 1.0)],
    })
}

/// The grade of `value` between levels `(value, grade)` ordered from the baseline
/// on: linear between two levels, and beyond the ends along the nearest segment, so
/// that a regression stays negative and over-achievement above 1.
fn interpolate(levels: &[(f64, f64)], value: f64) -> f64 {
    let forward = |(a, _): (f64, f64), (b, _): (f64, f64)| (value - a) * (b - a);
    let segment = levels
        .windows(2)
        .position(|w| forward(w[0], w[1]) >= 0.0 && forward(w[1], w[0]) >= 0.0)
        .unwrap_or_else(|| {
            let (first, last) = (levels[0], levels[levels.len() - 1]);
            // Outside every segment: before the first level or past the last.
            if (value - first.0) * (last.0 - first.0) < 0.0 {
                0
            } else {
                levels.len() - 2
            }
        });
    let ((a, ga), (b, gb)) = (levels[segment], levels[segment + 1]);
    ga + (value - a) / (b - a) * (gb - ga)
}

/// The progress that means a key result reached its target: 0.7 where the target is
/// graded so (ordinal zones, three-level grading with a stretch), else 1.0.
pub fn kr_goal(kr: &KeyResult) -> f64 {
    match kr.kind() {
        KrKind::Ordinal => zone_grade(Zone::Target),
        KrKind::Increase | KrKind::Decrease if levels(kr).is_some_and(|l| l.len() == 4) => {
            zone_grade(Zone::Target)
        }
        _ => 1.0,
    }
}

/// The weighted mean of the scored key results' progress (weight 1 when not written).
/// `None` when none can be scored. Weights that are not positive are `align check`
/// errors; here they count as 1 so that a typo cannot zero an objective.
pub fn objective(objective: &Objective) -> Option<f64> {
    weighted(objective.key_result.iter().filter_map(|kr| {
        let kr = kr.get_ref();
        let score = key_result(kr).ok()?;
        Some((score.progress, weight(kr)))
    }))
}

/// A key result's weight in its objective's mean.
pub fn weight(kr: &KeyResult) -> f64 {
    kr.weight
        .as_ref()
        .map(|w| *w.get_ref())
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(1.0)
}

/// The weighted mean of `(value, weight)` pairs; `None` for none.
pub fn weighted(values: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, total) = values.fold((0.0, 0.0), |(s, t), (v, w)| (s + v * w, t + w));
    (total > 0.0).then(|| sum / total)
}

/// The plain mean; `None` for none.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    weighted(values.map(|v| (v, 1.0)))
}

/// The progress that counts as success by default (`[grading]` in align.toml changes
/// it): 1.0 for a committed objective, 0.7 for an aspirational one (the Google
/// convention: 0.7 on a stretch goal is a success).
pub fn success_at(kind: ObjectiveKind) -> f64 {
    Grading::default().success(kind)
}

/// Whole days from `from` to `to`, negative when `to` is earlier: the one day
/// arithmetic every report, drift finding and check-in age uses.
pub fn days(from: Date, to: Date) -> i64 {
    // Date::until counts whole days by default; it fails only past jiff's range.
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// A fraction as a whole percentage: 0.456 -> "46%". No progress on a lower-is-better
/// key result is -0.0 (0 / -4): never "-0%".
pub fn percent(x: f64) -> String {
    match format!("{:.0}", x * 100.0).as_str() {
        "-0" => "0%".to_string(),
        whole => format!("{whole}%"),
    }
}

/// The elapsed fraction of a cycle by the end of `today`: 0 before its first day,
/// 1/n at the end of the first of its n days, 1 from the end of its last day on. A
/// report run on the last day expects the whole of the cycle's progress.
pub fn elapsed(cycle: &Cycle, today: Date) -> f64 {
    let (start, end) = (cycle.start.get_ref().0, cycle.end.get_ref().0);
    let length = (days(start, end) + 1) as f64;
    if length <= 0.0 {
        return if today >= start { 1.0 } else { 0.0 };
    }
    ((days(start, today) + 1) as f64 / length).clamp(0.0, 1.0)
}

/// How many days a key result has gone without a check-in, when that makes it stale:
/// counted from its last check-in (`None`: none known) or the cycle's start, whichever
/// is later, while the cycle runs; stale past `after` days (exactly `after` is not).
/// A done milestone is never stale. Drift's `stale` finding, the report's state and its
/// nudges all ask this one function.
pub fn stale_days(
    kr: &KeyResult,
    last: Option<Date>,
    cycle: &Cycle,
    today: Date,
    after: u32,
) -> Option<i64> {
    if !cycle.contains(today) || kr.done.as_ref().is_some_and(|d| *d.get_ref()) {
        return None;
    }
    let start = cycle.start.get_ref().0;
    let since = last.map_or(start, |d| d.max(start));
    let quiet = days(since, today);
    (quiet > i64::from(after)).then_some(quiet)
}

/// The elapsed fraction for something that started counting on `from`, the day it
/// was added to a cycle already running (read from the history), else on the cycle's
/// first day: what is added on 2026-11-18 is expected to progress from then on, not
/// from the quarter's first day.
pub fn elapsed_since(cycle: &Cycle, from: Option<Date>, today: Date) -> f64 {
    let (start, end) = (cycle.start.get_ref().0, cycle.end.get_ref().0);
    let Some(from) = from.filter(|&f| f > start && f <= end) else {
        return elapsed(cycle, today);
    };
    let length = days(from, end) + 1;
    if today < from {
        return 0.0;
    }
    ((days(from, today) + 1) as f64 / length as f64).clamp(0.0, 1.0)
}

/// The verdict on one key result as of a day: its score, the progress expected by
/// then, and its health (`None` when it cannot be scored or its objective is not
/// active). Report, drift, diff and tree ask this one function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KrVerdict {
    pub score: Result<KrScore, Unscored>,
    /// Progress expected by today: the key result's goal times the elapsed part.
    pub expected: f64,
    pub health: Option<Health>,
}

/// The verdict on `kr` of an objective that is `active` or not, `elapsed` into its
/// cycle (see [`elapsed_since`]).
pub fn kr_verdict(kr: &KeyResult, active: bool, elapsed: f64, pace: &Pace) -> KrVerdict {
    let score = key_result(kr);
    let goal = match kr.kind() {
        KrKind::Ordinal => zone_grade(Zone::Target),
        _ => 1.0,
    };
    KrVerdict {
        score,
        expected: goal * elapsed,
        health: score
            .ok()
            .filter(|_| active)
            .map(|s| key_result_health(kr, &s, elapsed, pace)),
    }
}

/// The verdict on an objective as of a day: progress over the key results that can be
/// scored (weights renormalised), the progress expected by then, its health, and how
/// many key results could not be scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectiveVerdict {
    pub progress: Option<f64>,
    pub expected: f64,
    pub health: Option<Health>,
    /// Key results that cannot be scored: the objective is "partly scored".
    pub unscored: usize,
    pub key_results: usize,
}

/// The verdict on an objective `elapsed` into its cycle. Its health is its pace's,
/// and never better than its best key result's: an objective is not on track while
/// every key result that can be scored is at risk or worse (an aspirational 0.7 mark
/// does not hide that). A missed objective is off track; achieved, dropped and draft
/// ones have no health.
pub fn objective_verdict(objective: &Objective, elapsed: f64, pace: &Pace) -> ObjectiveVerdict {
    let success = success_at(objective.kind());
    let active = objective.status() == crate::model::Status::Active;
    let krs: Vec<KrVerdict> = objective
        .key_result
        .iter()
        .map(|kr| kr_verdict(kr.get_ref(), active, elapsed, pace))
        .collect();
    let progress = self::objective(objective);
    let health = match objective.status() {
        crate::model::Status::Active => progress.map(|p| {
            let pace_health = health(p, success, elapsed, pace);
            match krs.iter().filter_map(|k| k.health).min() {
                Some(best) => pace_health.max(best),
                None => pace_health,
            }
        }),
        crate::model::Status::Missed => Some(Health::OffTrack),
        _ => None,
    };
    ObjectiveVerdict {
        progress,
        expected: success * elapsed,
        health,
        unscored: krs.iter().filter(|k| k.score.is_err()).count(),
        key_results: krs.len(),
    }
}

/// Where progress stands against the pace the cycle asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Health {
    pub fn name(self) -> &'static str {
        match self {
            Self::OnTrack => "on track",
            Self::AtRisk => "at risk",
            Self::OffTrack => "off track",
        }
    }
}

/// Where an objective or key result stands, as readers see it: its status when it is
/// not active, else its health, else not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Achieved,
    Missed,
    Dropped,
    Draft,
    Health(Health),
    NotScored,
}

impl Standing {
    pub fn of(status: Option<Status>, health: Option<Health>) -> Self {
        match (status, health) {
            (Some(Status::Achieved), _) => Self::Achieved,
            (Some(Status::Missed), _) => Self::Missed,
            (Some(Status::Dropped), _) => Self::Dropped,
            (Some(Status::Draft), _) => Self::Draft,
            (_, Some(h)) => Self::Health(h),
            (_, None) => Self::NotScored,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Achieved => "achieved",
            Self::Missed => "missed",
            Self::Dropped => "dropped",
            Self::Draft => "draft",
            Self::Health(h) => h.name(),
            Self::NotScored => "not scored",
        }
    }
}

/// Health from the gap between expected and actual progress. `goal` is the progress
/// that means success (1.0, or 0.7 for aspirational objectives and ordinal targets):
/// the pace asks for `elapsed * goal` by today.
pub fn health(progress: f64, goal: f64, elapsed: f64, pace: &Pace) -> Health {
    let expected = goal * elapsed;
    let gap = expected - progress;
    // At the end of the cycle there is no time left to catch up: short of the goal is
    // off track, however small the gap.
    if elapsed >= 1.0 {
        return if progress >= goal - f64::EPSILON {
            Health::OnTrack
        } else {
            Health::OffTrack
        };
    }
    if gap > pace.off_track {
        Health::OffTrack
    } else if gap > pace.at_risk {
        Health::AtRisk
    } else {
        Health::OnTrack
    }
}

/// The health of one key result. Control metrics are on track while held and off
/// track when broken; a milestone not yet done is on track until the last quarter of
/// the cycle, at risk in it, and off track once the cycle is over; numeric and ordinal
/// key results follow the pace.
pub fn key_result_health(kr: &KeyResult, score: &KrScore, elapsed: f64, pace: &Pace) -> Health {
    match kr.kind() {
        KrKind::StayAbove | KrKind::StayBelow => {
            if score.progress >= 1.0 {
                Health::OnTrack
            } else {
                Health::OffTrack
            }
        }
        KrKind::Milestone => {
            if score.progress >= 1.0 || elapsed < 0.75 {
                Health::OnTrack
            } else if elapsed < 1.0 {
                Health::AtRisk
            } else {
                Health::OffTrack
            }
        }
        KrKind::Ordinal | KrKind::Increase | KrKind::Decrease => {
            health(score.progress, kr_goal(kr), elapsed, pace)
        }
    }
}

/// An objective's verdict once its cycle ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Achieved,
    Missed,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Self::Achieved => "achieved",
            Self::Missed => "missed",
        }
    }

    pub fn status(self) -> Status {
        match self {
            Self::Achieved => Status::Achieved,
            Self::Missed => Status::Missed,
        }
    }
}

/// The conventional colour bands of a final score: 0-0.3 red, 0.4-0.6 amber,
/// 0.7-1.0 green. Green starts where an aspirational objective succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    Red,
    Amber,
    Green,
}

impl Band {
    pub fn of(score: f64) -> Self {
        if score >= 0.7 - GRADE_EPSILON {
            Self::Green
        } else if score >= 0.4 - GRADE_EPSILON {
            Self::Amber
        } else {
            Self::Red
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Amber => "amber",
            Self::Green => "green",
        }
    }
}

/// Scores are written with two decimals: 0.7 written is 0.7 reached.
const GRADE_EPSILON: f64 = 1e-9;

/// Where a grade's parts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Graded {
    /// `score` and `status` written in the file (by a person or `align cycle close`).
    Written,
    /// Some written, the rest computed from the key results.
    Partly,
    /// Computed from the key results: nobody graded the objective yet.
    Computed,
}

/// An objective's grade once its cycle ended: the one place every command asks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Grade {
    /// The final score, 0.0-1.0: `score` when written, else the key results' progress.
    pub score: f64,
    /// The score that counts as success for its kind (`[grading]` in align.toml).
    pub success_at: f64,
    /// `status` when written as achieved or missed, else the score against success.
    pub verdict: Verdict,
    pub band: Band,
    pub graded: Graded,
}

/// The grade of an objective whose cycle ended; `None` for a dropped or draft one
/// (it is not graded) and for one with neither a written score nor a scored key result.
pub fn grade(objective: &Objective, grading: &Grading) -> Option<Grade> {
    let written_status = match objective.status() {
        Status::Achieved => Some(Verdict::Achieved),
        Status::Missed => Some(Verdict::Missed),
        Status::Dropped | Status::Draft => return None,
        Status::Active => None,
    };
    let written_score = objective
        .score
        .as_ref()
        .map(|s| *s.get_ref())
        .filter(|s| s.is_finite());
    let score = written_score.or_else(|| self::objective(objective))?;
    let success_at = grading.success(objective.kind());
    let verdict = written_status.unwrap_or(if score >= success_at - GRADE_EPSILON {
        Verdict::Achieved
    } else {
        Verdict::Missed
    });
    let graded = match (written_score.is_some(), written_status.is_some()) {
        (true, true) => Graded::Written,
        (false, false) => Graded::Computed,
        _ => Graded::Partly,
    };
    Some(Grade {
        score: score.clamp(0.0, 1.0),
        success_at,
        verdict,
        band: Band::of(score),
        graded,
    })
}

/// A score as `align cycle close` writes it: two decimals.
pub fn round_score(score: f64) -> f64 {
    (score.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

/// Which way a change to a key result's target or baseline moves the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalMove {
    /// Less is asked than before: a goalpost moved, when it happens mid-cycle.
    Eased,
    /// More is asked than before.
    Tightened,
}

/// Whether a key result of `kind` whose target went from `old` to `new` now asks for
/// less or more. Direction-aware: for "lower is better" (decrease, stay below),
/// raising the target is the easing. `None` for no change and for kinds without a
/// numeric target. Judge with the kind the key result had before the change: that is
/// the commitment that was made.
pub fn target_move(kind: KrKind, old: f64, new: f64) -> Option<GoalMove> {
    let higher_is_harder = match kind {
        KrKind::Increase | KrKind::StayAbove => true,
        KrKind::Decrease | KrKind::StayBelow => false,
        KrKind::Milestone | KrKind::Ordinal => return None,
    };
    moved(old, new, higher_is_harder)
}

/// Whether a baseline that went from `old` to `new` asks for less or more: moving the
/// baseline toward the target shrinks the improvement promised. Only increase and
/// decrease key results have a baseline that counts.
pub fn baseline_move(kind: KrKind, old: f64, new: f64) -> Option<GoalMove> {
    let higher_is_harder = match kind {
        KrKind::Increase => false,
        KrKind::Decrease => true,
        _ => return None,
    };
    moved(old, new, higher_is_harder)
}

fn moved(old: f64, new: f64, higher_is_harder: bool) -> Option<GoalMove> {
    if !(old.is_finite() && new.is_finite()) || old == new {
        return None;
    }
    Some(if (new > old) == higher_is_harder {
        GoalMove::Tightened
    } else {
        GoalMove::Eased
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyFile;

    #[test]
    fn a_status_other_than_active_wins_over_health() {
        let at_risk = Some(Health::AtRisk);
        assert_eq!(
            Standing::of(Some(Status::Achieved), at_risk),
            Standing::Achieved
        );
        assert_eq!(Standing::of(Some(Status::Draft), None), Standing::Draft);
        assert_eq!(
            Standing::of(Some(Status::Active), at_risk),
            Standing::Health(Health::AtRisk)
        );
        assert_eq!(Standing::of(None, None).name(), "not scored");
        assert_eq!(
            Standing::of(None, Some(Health::OffTrack)).name(),
            "off track"
        );
    }

    #[test]
    fn days_count_whole_days_either_way() {
        let date = |t: &str| t.parse::<Date>().expect("a date");
        assert_eq!(days(date("2026-10-01"), date("2026-12-31")), 91);
        assert_eq!(days(date("2026-12-31"), date("2026-10-01")), -91);
        assert_eq!(days(date("2026-11-15"), date("2026-11-15")), 0);
        // Across a leap day, and past a year: days, never months.
        assert_eq!(days(date("2028-02-28"), date("2028-03-01")), 2);
        assert_eq!(days(date("2026-01-01"), date("2027-01-01")), 365);
    }

    #[test]
    fn percentages_are_whole_and_never_negative_zero() {
        assert_eq!(percent(-0.0), "0%");
        assert_eq!(percent(-0.004), "0%");
        assert_eq!(percent(0.456), "46%");
        assert_eq!(percent(-0.5), "-50%");
        assert_eq!(percent(1.0), "100%");
    }

    const EPS: f64 = 1e-9;

    fn kr(fields: &str) -> KeyResult {
        let text = format!(
            "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\
             [[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\n{fields}\n"
        );
        let mut file: StrategyFile = toml::from_str(&text).expect("test TOML parses");
        file.objective
            .remove(0)
            .into_inner()
            .key_result
            .remove(0)
            .into_inner()
    }

    fn score(fields: &str) -> KrScore {
        key_result(&kr(fields)).expect("scored")
    }

    fn assert_near(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < EPS,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn increase_at_the_edges() {
        let at = |current: f64| {
            score(&format!(
                "baseline = 10.0\ntarget = 20.0\ncurrent = {current:?}"
            ))
        };
        assert_eq!(at(10.0).progress, 0.0);
        assert_near(at(15.0).progress, 0.5);
        assert_eq!(at(20.0).progress, 1.0);
        // Beyond the target: shown as over-achievement, rolled up as 1.
        let beyond = at(25.0);
        assert_near(beyond.raw, 1.5);
        assert_eq!(beyond.progress, 1.0);
        // Below the baseline: a regression, kept raw, clamped for display.
        let below = at(5.0);
        assert_near(below.raw, -0.5);
        assert_eq!(below.progress, 0.0);
    }

    #[test]
    fn decrease_is_lower_is_better() {
        let at = |current: f64| {
            score(&format!(
                "baseline = 40.0\ntarget = 20.0\ncurrent = {current:?}"
            ))
        };
        assert_eq!(
            kr("baseline = 40.0\ntarget = 20.0").kind(),
            KrKind::Decrease
        );
        assert_eq!(at(40.0).progress, 0.0);
        assert_near(at(30.0).progress, 0.5);
        assert_eq!(at(20.0).progress, 1.0);
        assert_near(at(10.0).raw, 1.5);
        assert_near(at(50.0).raw, -0.5);
        assert_eq!(at(50.0).progress, 0.0);
    }

    #[test]
    fn target_equal_to_baseline_is_unscored_not_a_division_by_zero() {
        assert_eq!(
            key_result(&kr("baseline = 5.0\ntarget = 5.0\ncurrent = 6.0")),
            Err(Unscored::TargetEqualsBaseline)
        );
        assert_eq!(
            key_result(&kr("baseline = 5.0\ncurrent = 6.0")),
            Err(Unscored::NoTarget)
        );
        assert_eq!(
            key_result(&kr("target = 5.0\ncurrent = 6.0")),
            Err(Unscored::NoBaseline)
        );
        assert_eq!(
            key_result(&kr("baseline = 1.0\ntarget = nan\ncurrent = 6.0")),
            Err(Unscored::NotANumber)
        );
        assert_eq!(
            key_result(&kr("baseline = -1e308\ntarget = 1e308\ncurrent = 1e308")),
            Err(Unscored::OutOfRange)
        );
    }

    #[test]
    fn no_current_value_is_no_progress() {
        let s = score("baseline = 10.0\ntarget = 20.0");
        assert_eq!((s.raw, s.progress), (0.0, 0.0));
    }

    #[test]
    fn stretch_grades_progress_past_the_target() {
        let at = |current: f64| {
            score(&format!(
                "baseline = 0.0\ntarget = 100.0\nstretch = 200.0\ncurrent = {current:?}"
            ))
        };
        assert_eq!(at(50.0).stretch, Some(0.0));
        assert_eq!(at(100.0).stretch, Some(0.0));
        assert_near(at(150.0).stretch.expect("stretch"), 0.5);
        assert_eq!(at(250.0).stretch, Some(1.0));
        assert_near(at(150.0).raw, 1.5);
        // Lower is better: the stretch is below the target.
        let down = score("baseline = 10.0\ntarget = 5.0\nstretch = 3.0\ncurrent = 4.0");
        assert_near(down.stretch.expect("stretch"), 0.5);
        // A stretch on the wrong side of the target is ignored, not misread.
        assert_eq!(
            score("baseline = 0.0\ntarget = 100.0\nstretch = 50.0\ncurrent = 120.0").stretch,
            None
        );
    }

    #[test]
    fn control_metrics_are_held_or_broken() {
        let above = |current: f64| {
            score(&format!(
                "kind = \"stay_above\"\ntarget = 99.9\ncurrent = {current:?}"
            ))
            .progress
        };
        assert_eq!(above(99.95), 1.0);
        assert_eq!(above(99.9), 1.0);
        assert_eq!(above(99.8), 0.0);
        let below = |current: f64| {
            score(&format!(
                "kind = \"stay_below\"\ntarget = 300.0\ncurrent = {current:?}"
            ))
            .progress
        };
        assert_eq!(below(300.0), 1.0);
        assert_eq!(below(301.0), 0.0);
        assert_eq!(score("kind = \"stay_below\"\ntarget = 300.0").progress, 0.0);
        assert_eq!(
            key_result(&kr("kind = \"stay_above\"\ncurrent = 3.0")),
            Err(Unscored::NoTarget)
        );
    }

    #[test]
    fn milestones_and_zones() {
        assert_eq!(score("done = true").progress, 1.0);
        assert_eq!(score("done = false").progress, 0.0);
        let zone = |z: &str| score(&format!("target_zone = \"t\"\nzone = \"{z}\"")).progress;
        assert_eq!(zone("fail"), 0.0);
        assert_eq!(zone("commit"), 0.3);
        assert_eq!(zone("target"), 0.7);
        assert_eq!(zone("stretch"), 1.0);
        assert_eq!(score("target_zone = \"t\"").progress, 0.0);
    }

    #[test]
    fn objective_progress_is_the_weighted_mean() {
        let text = "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\
            [[objective.key_result]]\nid = \"a\"\ntitle = \"a\"\ndone = true\nweight = 3.0\n\
            [[objective.key_result]]\nid = \"b\"\ntitle = \"b\"\ndone = false\n\
            [[objective.key_result]]\nid = \"c\"\ntitle = \"c\"\nbaseline = 1.0\ntarget = 1.0\n";
        let file: StrategyFile = toml::from_str(text).expect("parses");
        // 3 * 1.0 + 1 * 0.0 over 4; the unscored key result is left out, not zeroed.
        assert_near(
            objective(file.objective[0].get_ref()).expect("scored"),
            0.75,
        );
        assert_eq!(weighted(std::iter::empty()), None);
    }

    fn cycle(start: &str, end: &str) -> Cycle {
        let text = format!("[[cycle]]\nid = \"c\"\nstart = {start}\nend = {end}\n");
        let mut file: StrategyFile = toml::from_str(&text).expect("parses");
        file.cycle.remove(0).into_inner()
    }

    #[test]
    fn elapsed_fraction_of_the_cycle() {
        let q4 = cycle("2026-10-01", "2026-12-31");
        let day = |s: &str| s.parse::<Date>().expect("date");
        assert_eq!(elapsed(&q4, day("2026-09-01")), 0.0);
        assert_eq!(elapsed(&q4, day("2026-09-30")), 0.0);
        assert_near(elapsed(&q4, day("2026-10-01")), 1.0 / 92.0);
        assert_near(elapsed(&q4, day("2026-11-15")), 0.5);
        assert_near(elapsed(&q4, day("2026-12-30")), 91.0 / 92.0);
        assert_eq!(elapsed(&q4, day("2026-12-31")), 1.0);
        assert_eq!(elapsed(&q4, day("2027-03-01")), 1.0);
        let one_day = cycle("2026-10-01", "2026-10-01");
        assert_eq!(elapsed(&one_day, day("2026-10-01")), 1.0);
    }

    #[test]
    fn health_follows_the_gap_to_the_pace() {
        let pace = Pace::default();
        // Halfway through: 0.5 expected.
        assert_eq!(health(0.45, 1.0, 0.5, &pace), Health::OnTrack);
        assert_eq!(health(0.40, 1.0, 0.5, &pace), Health::OnTrack);
        assert_eq!(health(0.39, 1.0, 0.5, &pace), Health::AtRisk);
        assert_eq!(health(0.25, 1.0, 0.5, &pace), Health::AtRisk);
        assert_eq!(health(0.24, 1.0, 0.5, &pace), Health::OffTrack);
        // Aspirational: 0.7 is success, so 0.35 is on pace halfway.
        assert_eq!(health(0.35, 0.7, 0.5, &pace), Health::OnTrack);
        // Cycle over: short of the goal is off track.
        assert_eq!(health(0.95, 1.0, 1.0, &pace), Health::OffTrack);
        assert_eq!(health(0.7, 0.7, 1.0, &pace), Health::OnTrack);
    }

    #[test]
    fn milestone_health_by_the_calendar() {
        let pace = Pace::default();
        let open = kr("done = false");
        let s = key_result(&open).expect("scored");
        assert_eq!(key_result_health(&open, &s, 0.5, &pace), Health::OnTrack);
        assert_eq!(key_result_health(&open, &s, 0.8, &pace), Health::AtRisk);
        assert_eq!(key_result_health(&open, &s, 1.0, &pace), Health::OffTrack);
    }

    #[test]
    fn goal_moves_know_which_way_is_easier() {
        use GoalMove::*;
        assert_eq!(target_move(KrKind::Increase, 99.5, 99.0), Some(Eased));
        assert_eq!(target_move(KrKind::Increase, 99.0, 99.5), Some(Tightened));
        assert_eq!(target_move(KrKind::Decrease, 3.0, 4.0), Some(Eased));
        assert_eq!(target_move(KrKind::Decrease, 4.0, 3.0), Some(Tightened));
        assert_eq!(target_move(KrKind::StayAbove, 99.9, 99.5), Some(Eased));
        assert_eq!(target_move(KrKind::StayBelow, 300.0, 350.0), Some(Eased));
        assert_eq!(target_move(KrKind::Increase, 5.0, 5.0), None);
        assert_eq!(target_move(KrKind::Milestone, 1.0, 0.0), None);
        assert_eq!(target_move(KrKind::Increase, f64::NAN, 1.0), None);
        assert_eq!(baseline_move(KrKind::Increase, 92.0, 94.0), Some(Eased));
        assert_eq!(baseline_move(KrKind::Increase, 94.0, 92.0), Some(Tightened));
        assert_eq!(baseline_move(KrKind::Decrease, 40.0, 35.0), Some(Eased));
        assert_eq!(baseline_move(KrKind::StayAbove, 1.0, 2.0), None);
    }

    #[test]
    fn three_level_grading_interpolates_between_commit_target_and_stretch() {
        let at = |current: f64| {
            score(&format!(
                "baseline = 70.0\ncommit = 82.0\ntarget = 88.0\nstretch = 92.0\ncurrent = {current:?}"
            ))
        };
        assert_eq!(at(70.0).progress, 0.0);
        assert_near(at(76.0).progress, 0.15);
        assert_near(at(82.0).progress, 0.3);
        assert_near(at(85.0).progress, 0.5);
        assert_near(at(88.0).progress, 0.7);
        assert_near(at(90.0).progress, 0.85);
        assert_eq!(at(92.0).progress, 1.0);
        assert_near(at(96.0).raw, 1.3);
        assert_near(at(64.0).raw, -0.15);
        let three = kr("baseline = 70.0\ncommit = 82.0\ntarget = 88.0\nstretch = 92.0");
        assert_eq!(kr_goal(&three), 0.7);
        // Without a stretch the target is the top: 1.0.
        let two = kr("baseline = 70.0\ncommit = 82.0\ntarget = 88.0\ncurrent = 85.0");
        assert_near(key_result(&two).expect("scored").progress, 0.65);
        assert_eq!(kr_goal(&two), 1.0);
        // Lower is better, the levels below one another.
        let down =
            score("baseline = 40.0\ncommit = 30.0\ntarget = 20.0\nstretch = 10.0\ncurrent = 25.0");
        assert_near(down.progress, 0.5);
        // A commit that is not between the baseline and the target is ignored.
        let odd = score("baseline = 0.0\ncommit = 150.0\ntarget = 100.0\ncurrent = 50.0");
        assert_near(odd.progress, 0.5);
    }

    fn objective_with(fields: &str, krs: &str) -> Objective {
        let text = format!(
            "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n{fields}\n{krs}"
        );
        let mut file: StrategyFile = toml::from_str(&text).expect("parses");
        file.objective.remove(0).into_inner()
    }

    const HALF: &str = "[[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\nbaseline = 0.0\ntarget = 10.0\ncurrent = 7.5\n";

    #[test]
    fn grades_against_the_success_level() {
        let grading = Grading::default();
        let committed = grade(&objective_with("", HALF), &grading).expect("graded");
        assert_near(committed.score, 0.75);
        assert_eq!(committed.verdict, Verdict::Missed);
        assert_eq!(committed.band, Band::Green);
        assert_eq!(committed.graded, Graded::Computed);
        let aspirational =
            grade(&objective_with("kind = \"aspirational\"", HALF), &grading).expect("graded");
        assert_eq!(aspirational.verdict, Verdict::Achieved);
        assert_eq!(aspirational.success_at, 0.7);
        // Configurable: a company that counts 0.8 as aspirational success.
        let strict = Grading {
            success_aspirational: 0.8,
            ..Grading::default()
        };
        let graded = grade(&objective_with("kind = \"aspirational\"", HALF), &strict);
        assert_eq!(graded.expect("graded").verdict, Verdict::Missed);
    }

    #[test]
    fn written_grades_win_and_dropped_objectives_are_not_graded() {
        let grading = Grading::default();
        let written = grade(
            &objective_with("score = 0.9\nstatus = \"achieved\"", HALF),
            &grading,
        )
        .expect("graded");
        assert_eq!(
            (written.score, written.verdict, written.graded),
            (0.9, Verdict::Achieved, Graded::Written)
        );
        let partly = grade(&objective_with("score = 0.35", HALF), &grading).expect("graded");
        assert_eq!(
            (partly.verdict, partly.band, partly.graded),
            (Verdict::Missed, Band::Red, Graded::Partly)
        );
        assert_eq!(
            grade(&objective_with("status = \"dropped\"", HALF), &grading),
            None
        );
        assert_eq!(grade(&objective_with("", ""), &grading), None);
    }

    #[test]
    fn bands_follow_the_convention() {
        assert_eq!(Band::of(0.0), Band::Red);
        assert_eq!(Band::of(0.3), Band::Red);
        assert_eq!(Band::of(0.4), Band::Amber);
        assert_eq!(Band::of(0.6), Band::Amber);
        assert_eq!(Band::of(0.7), Band::Green);
        assert_eq!(Band::of(1.0), Band::Green);
        assert_eq!(round_score(0.7249), 0.72);
        assert_eq!(round_score(1.3), 1.0);
    }
}
