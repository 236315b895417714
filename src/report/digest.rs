//! The nudge digest: the report's nudges, one entry per owner, as `align nudge` shows
//! them. Nothing is computed here that the report does not already say: the items and
//! their wording are the report's, so the two can never disagree.

use serde::Serialize;

use super::{Nudge, Report};

/// Bumped when a field of the digest's JSON changes meaning or disappears.
pub const DIGEST_VERSION: u32 = 1;

/// What needs each person now, in one cycle.
#[derive(Debug, Serialize)]
pub struct Digest<'a> {
    pub schema_version: u32,
    /// The date the digest is as of (`--today`).
    pub today: &'a str,
    /// The cycle's id, name and dates.
    pub cycle: &'a super::CycleLine,
    /// Whether the cycle has ended (`today` after its last day).
    pub cycle_ended: bool,
    /// Whether the cycle has ended and none of its objectives is still active: the
    /// reminders for it can stop.
    pub cycle_graded: bool,
    /// Items in all, over every owner shown.
    pub items: usize,
    /// One entry per owner with something to do, sorted by handle.
    pub owners: Vec<&'a Nudge>,
}

impl<'a> Digest<'a> {
    /// The digest of `report`, for one owner when `owner` is given (compared without
    /// case, as GitHub handles are).
    pub fn of(report: &'a Report, owner: Option<&str>) -> Self {
        let owners: Vec<&Nudge> = report
            .nudges
            .iter()
            .filter(|n| owner.is_none_or(|o| n.owner.eq_ignore_ascii_case(o)))
            .collect();
        // ISO dates compare as text. Ended, with every counted objective achieved or missed.
        let ended = report.today.as_str() > report.cycle.end.as_str();
        let summary = &report.summary;
        let active = summary.objectives - summary.achieved - summary.missed;
        Self {
            schema_version: DIGEST_VERSION,
            today: &report.today,
            cycle: &report.cycle,
            cycle_ended: ended,
            cycle_graded: ended && active == 0,
            items: owners.iter().map(|n| n.items.len()).sum(),
            owners,
        }
    }
}
