//! Key results of an objective present in both versions, matched by id (or, renamed,
//! by title and kind): targets and baselines eased or tightened, in or before the
//! cycle; values checked in; progress before and after.

use std::collections::HashMap;

use super::objectives::{Cx, Found, pair_unique};
use super::values::{allowed, changed, confidence, field, number, same_number, text, word};
use super::{Change, FromTo, GoalChange, KrChange, Timing};
use crate::model::{Confidence, KeyResult, Objective, Spanned};
use crate::score::{self, GoalMove};

impl Cx<'_> {
    /// The key results of an objective present in both versions.
    pub(super) fn key_results(&self, b: &Objective, h: &Objective, found: &mut Found) {
        let index = |o: &Objective| -> HashMap<String, usize> {
            let mut map = HashMap::new();
            for (i, kr) in o.key_result.iter().enumerate() {
                map.entry(kr.get_ref().id.get_ref().clone()).or_insert(i);
            }
            map
        };
        let (bi, hi) = (index(b), index(h));
        fn kr(o: &Objective, i: usize) -> &KeyResult {
            o.key_result[i].get_ref()
        }
        let mut removed: Vec<usize> = bi
            .iter()
            .filter(|(id, _)| !hi.contains_key(*id))
            .map(|(_, &i)| i)
            .collect();
        let mut added: Vec<usize> = hi
            .iter()
            .filter(|(id, _)| !bi.contains_key(*id))
            .map(|(_, &i)| i)
            .collect();
        removed.sort_unstable();
        added.sort_unstable();
        let renamed = pair_unique(
            &removed,
            &added,
            |&r| kr(b, r).title.get_ref().trim(),
            |&a| kr(h, a).title.get_ref().trim(),
            |&r, &a| kr(b, r).kind() == kr(h, a).kind(),
        );
        let mut pairs: Vec<(usize, usize)> = hi
            .iter()
            .filter_map(|(id, &h_i)| Some((*bi.get(id)?, h_i)))
            .collect();
        pairs.sort_unstable();
        pairs.extend(renamed.iter().copied());
        let timing = self.timing(b, h);
        for (x, y) in pairs {
            let (old, new) = (kr(b, x), kr(h, y));
            if old.id.get_ref() != new.id.get_ref() {
                found.renames.push((
                    format!("{}/{}", h.id.get_ref(), old.id.get_ref()),
                    format!("{}/{}", h.id.get_ref(), new.id.get_ref()),
                ));
            }
            if let Some(change) = kr_change(h, old, new, timing) {
                found.key_results.push(change);
            }
        }
        for &a in added.iter().filter(|&&a| !renamed.iter().any(|p| p.1 == a)) {
            found
                .key_results
                .push(one_sided(h, kr(h, a), Change::Added, false));
        }
        for &r in removed
            .iter()
            .filter(|&&r| !renamed.iter().any(|p| p.0 == r))
        {
            found
                .key_results
                .push(one_sided(h, kr(b, r), Change::Removed, false));
        }
    }
}

fn progress(kr: &KeyResult) -> Option<f64> {
    score::key_result(kr).ok().map(|s| s.progress)
}

fn goal(
    before: Option<f64>,
    after: Option<f64>,
    judge: impl Fn(f64, f64) -> Option<GoalMove>,
    timing: Option<Timing>,
    agreed: Option<&str>,
) -> Option<GoalChange> {
    if same_number(before, after) {
        return None;
    }
    let direction = before.zip(after).and_then(|(b, a)| judge(b, a));
    let goalpost_moved = direction == Some(GoalMove::Eased) && timing == Some(Timing::InCycle);
    Some(GoalChange {
        before,
        after,
        direction,
        timing,
        goalpost_moved,
        agreed: agreed.filter(|_| goalpost_moved).map(str::to_string),
    })
}

/// A key result that one version has and the other does not. `with_objective`: its
/// whole objective was added or removed.
pub(super) fn one_sided(
    o: &Objective,
    kr: &KeyResult,
    change: Change,
    with_objective: bool,
) -> KrChange {
    let side = |v: Option<f64>| match change {
        Change::Removed => FromTo {
            before: v,
            after: None,
        },
        _ => FromTo {
            before: None,
            after: v,
        },
    };
    let goal = |v: Option<f64>| {
        v.map(|v| {
            let FromTo { before, after } = side(Some(v));
            GoalChange {
                before,
                after,
                direction: None,
                timing: None,
                goalpost_moved: false,
                agreed: None,
            }
        })
    };
    KrChange {
        objective: o.id.get_ref().clone(),
        id: kr.id.get_ref().clone(),
        title: kr.title.get_ref().clone(),
        change,
        renamed_from: None,
        kind: kr.kind(),
        unit: text(&kr.unit),
        target: goal(number(&kr.target)),
        baseline: goal(number(&kr.baseline)),
        current: number(&kr.current).map(|c| side(Some(c))),
        progress: Some(side(progress(kr))),
        kind_changed: None,
        unit_changed: None,
        owner: None,
        check_in: false,
        with_objective,
        fields: Vec::new(),
    }
}

/// What changed in a key result present in both versions; `None` for nothing.
fn kr_change(
    o: &Objective,
    b: &KeyResult,
    h: &KeyResult,
    timing: Option<Timing>,
) -> Option<KrChange> {
    // Destructured without `..`, as in `pair`: every field is compared below.
    let KeyResult {
        id,
        title,
        kind: _,
        baseline,
        target,
        current,
        stretch,
        commit,
        unit,
        done,
        commit_zone,
        target_zone,
        stretch_zone,
        zone,
        weight,
        confidence: conf,
        owner,
        checked,
        signal,
        allow,
        allow_reason,
        initiatives,
    } = b;
    let kind = b.kind();
    let agreed = crate::rules::allow::reason_on(h, crate::codes::Code::GoalpostMoved);
    let target = goal(
        number(target),
        number(&h.target),
        |x, y| score::target_move(kind, x, y),
        timing,
        agreed,
    );
    let baseline = goal(
        number(baseline),
        number(&h.baseline),
        |x, y| score::baseline_move(kind, x, y),
        timing,
        agreed,
    );
    let current = (!same_number(number(current), number(&h.current))).then(|| FromTo {
        before: number(current),
        after: number(&h.current),
    });

    let mut values = Vec::new();
    let flag = |d: &Option<Spanned<bool>>| d.as_ref().map(|d| d.get_ref().to_string());
    field(&mut values, "done", flag(done), flag(&h.done));
    let zone_word = |z: &Option<Spanned<crate::model::Zone>>| z.as_ref().map(|z| word(z.get_ref()));
    field(&mut values, "zone", zone_word(zone), zone_word(&h.zone));
    let date =
        |d: &Option<Spanned<crate::model::Date>>| d.as_ref().map(|d| d.get_ref().to_string());
    field(&mut values, "checked", date(checked), date(&h.checked));

    let mut fields = Vec::new();
    field(
        &mut fields,
        "title",
        Some(title.get_ref().clone()),
        Some(h.title.get_ref().clone()),
    );
    let num = |v: &Option<Spanned<f64>>| number(v).map(|x| x.to_string());
    if !same_number(number(stretch), number(&h.stretch)) {
        field(&mut fields, "stretch", num(stretch), num(&h.stretch));
    }
    if !same_number(number(commit), number(&h.commit)) {
        field(&mut fields, "commit", num(commit), num(&h.commit));
    }
    field(
        &mut fields,
        "commit_zone",
        text(commit_zone),
        text(&h.commit_zone),
    );
    field(
        &mut fields,
        "target_zone",
        text(target_zone),
        text(&h.target_zone),
    );
    field(
        &mut fields,
        "stretch_zone",
        text(stretch_zone),
        text(&h.stretch_zone),
    );
    if !same_number(number(weight), number(&h.weight)) {
        field(&mut fields, "weight", num(weight), num(&h.weight));
    }
    let conf_text = |c: &Option<Spanned<Confidence>>| c.as_ref().map(|c| confidence(c.get_ref()));
    field(
        &mut fields,
        "confidence",
        conf_text(conf),
        conf_text(&h.confidence),
    );
    let signal_word =
        |s: &Option<Spanned<crate::model::Signal>>| s.as_ref().map(|s| word(s.get_ref()));
    field(
        &mut fields,
        "signal",
        signal_word(signal),
        signal_word(&h.signal),
    );
    // A lint silenced (or no longer) is a decision reviewers should see.
    field(&mut fields, "allow", allowed(allow), allowed(&h.allow));
    // The work behind a key result is part of the plan a review agrees to.
    field(
        &mut fields,
        "initiatives",
        allowed(initiatives),
        allowed(&h.initiatives),
    );
    field(
        &mut fields,
        "allow_reason",
        text(allow_reason),
        text(&h.allow_reason),
    );

    let kind_changed = changed(kind, h.kind());
    let unit_changed = changed(text(unit), text(&h.unit));
    let owner = changed(text(owner), text(&h.owner));
    let renamed_from = (id.get_ref() != h.id.get_ref()).then(|| id.get_ref().clone());
    let commitment = target.is_some()
        || baseline.is_some()
        || kind_changed.is_some()
        || unit_changed.is_some()
        || owner.is_some()
        || renamed_from.is_some()
        || !fields.is_empty();
    let moved = current.is_some() || !values.is_empty();
    if !commitment && !moved {
        return None;
    }
    let scored = target.is_some()
        || baseline.is_some()
        || current.is_some()
        || kind_changed.is_some()
        || values.iter().any(|f| f.field != "checked")
        || fields.iter().any(|f| f.field == "stretch");
    fields.splice(0..0, values);
    Some(KrChange {
        objective: o.id.get_ref().clone(),
        id: h.id.get_ref().clone(),
        title: h.title.get_ref().clone(),
        change: Change::Changed,
        renamed_from,
        kind: h.kind(),
        unit: text(&h.unit),
        target,
        baseline,
        current,
        // Said only when it moved: "0% → 0%" tells a reviewer nothing.
        progress: scored
            .then(|| FromTo {
                before: progress(b),
                after: progress(h),
            })
            .filter(|p| p.before != p.after),
        kind_changed,
        unit_changed,
        owner,
        check_in: !commitment,
        with_objective: false,
        fields,
    })
}
