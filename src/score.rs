//! Scoring: the progress of a key result by its kind, of an objective as the weighted
//! mean of its key results, the grade of committed and aspirational objectives, and
//! the pace against the elapsed part of the cycle. Every report and rule reads these.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Cycle, KeyResult, KrKind, Objective, ObjectiveKind, Status, Zone};
use crate::settings::Pace;

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
            let raw = (current - baseline) / (target - baseline);
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

/// The progress that counts as success: 1.0 for a committed objective, 0.7 for an
/// aspirational one (the Google convention: 0.7 on a stretch goal is a success).
pub fn success_at(kind: ObjectiveKind) -> f64 {
    match kind {
        ObjectiveKind::Committed => 1.0,
        ObjectiveKind::Aspirational => 0.7,
    }
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
        KrKind::Ordinal => health(score.progress, zone_grade(Zone::Target), elapsed, pace),
        KrKind::Increase | KrKind::Decrease => health(score.progress, 1.0, elapsed, pace),
    }
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
}
