//! Objectives and key results of two versions, matched by id (or, for a renamed id, by
//! title and content), and what changed in each: team, cycle, line of sight, owner,
//! dependencies, targets and baselines (eased or tightened, in or before the cycle).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use super::{
    Change, DependencyChange, FieldChange, FromTo, GoalChange, Hidden, KrChange, ListChange,
    ObjectiveChange, TeamLoad, Timing,
};
use crate::load::Tree;
use crate::model::{Confidence, KeyResult, Model, Objective, Spanned, Status};
use crate::score::{self, GoalMove};

pub(super) struct Found {
    pub objectives: Vec<ObjectiveChange>,
    pub key_results: Vec<KrChange>,
    pub dependencies: Vec<DependencyChange>,
    /// Old id to new id of renamed objectives (`old`) and key results (`objective/old`).
    pub renames: Vec<(String, String)>,
}

/// The first objective with each id: a duplicate id is a finding of its own.
fn by_id(model: &Model) -> HashMap<&str, usize> {
    let mut map = HashMap::new();
    for (i, o) in model.objectives.iter().enumerate() {
        map.entry(o.id.get_ref().as_str()).or_insert(i);
    }
    map
}

fn file_of<'t>(tree: &'t Tree, o: &Objective) -> &'t str {
    &tree.sources.get(o.file).name
}

pub(super) fn compare(base: &Tree, head: &Tree, today: Date, hidden: &Hidden) -> Found {
    let (bm, hm) = (&base.model, &head.model);
    let (base_ids, head_ids) = (by_id(bm), by_id(hm));
    let firsts = |ids: &HashMap<&str, usize>| -> Vec<usize> {
        let mut v: Vec<usize> = ids.values().copied().collect();
        v.sort_unstable();
        v
    };
    let removed: Vec<usize> = firsts(&base_ids)
        .into_iter()
        .filter(|&i| !head_ids.contains_key(bm.objectives[i].id.get_ref().as_str()))
        .collect();
    let added: Vec<usize> = firsts(&head_ids)
        .into_iter()
        .filter(|&i| !base_ids.contains_key(hm.objectives[i].id.get_ref().as_str()))
        .collect();
    let renamed = pair_unique(&removed, &added, |&b, &h| {
        same_content(&bm.objectives[b], &hm.objectives[h])
    });
    let mut renames: Vec<(String, String)> = renamed
        .iter()
        .map(|&(b, h)| {
            (
                bm.objectives[b].id.get_ref().clone(),
                hm.objectives[h].id.get_ref().clone(),
            )
        })
        .collect();
    let new_name: HashMap<&str, &str> = renames
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();

    let mut found = Found {
        objectives: Vec::new(),
        key_results: Vec::new(),
        dependencies: Vec::new(),
        renames: Vec::new(),
    };
    let cx = Cx {
        bm,
        hm,
        today,
        new_name: &new_name,
    };
    let mut pairs: Vec<(usize, usize)> = firsts(&head_ids)
        .into_iter()
        .filter_map(|h| Some((*base_ids.get(hm.objectives[h].id.get_ref().as_str())?, h)))
        .collect();
    pairs.extend(renamed.iter().copied());
    for (b, h) in pairs {
        cx.pair(&bm.objectives[b], &hm.objectives[h], &mut found);
    }
    let is_renamed =
        |i: usize, side: fn(&(usize, usize)) -> usize| renamed.iter().any(|p| side(p) == i);
    for &h in added.iter().filter(|&&h| !is_renamed(h, |p| p.1)) {
        let o = &hm.objectives[h];
        if hidden.added_is_real(file_of(head, o)) {
            cx.whole(o, hm, Change::Added, &mut found);
        }
    }
    for &b in removed.iter().filter(|&&b| !is_renamed(b, |p| p.0)) {
        let o = &bm.objectives[b];
        if hidden.removed_is_real(file_of(base, o)) {
            cx.whole(o, bm, Change::Removed, &mut found);
        }
    }
    renames.append(&mut found.renames);
    found.renames = renames;
    found
        .objectives
        .sort_by(|a, b| (&a.cycle, &a.team, &a.id).cmp(&(&b.cycle, &b.team, &b.id)));
    found
        .key_results
        .sort_by(|a, b| (&a.objective, &a.id).cmp(&(&b.objective, &b.id)));
    found
        .dependencies
        .sort_by(|a, b| (&a.objective, &a.on, a.change).cmp(&(&b.objective, &b.on, b.change)));
    found
}

/// Pairs of a removed and an added item that match each other and nothing else.
fn pair_unique<T: Copy>(
    removed: &[T],
    added: &[T],
    matches: impl Fn(&T, &T) -> bool,
) -> Vec<(T, T)> {
    removed
        .iter()
        .filter_map(|r| {
            let mut candidates = added.iter().filter(|a| matches(r, a));
            let a = candidates.next()?;
            if candidates.next().is_some() {
                return None;
            }
            let rivals = removed.iter().filter(|other| matches(other, a)).count();
            (rivals == 1).then_some((*r, *a))
        })
        .collect()
}

/// A renamed objective: the same title and the same key results (ids and titles).
fn same_content(a: &Objective, b: &Objective) -> bool {
    fn krs(o: &Objective) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = o
            .key_result
            .iter()
            .map(|k| {
                (
                    k.get_ref().id.get_ref().as_str(),
                    k.get_ref().title.get_ref().trim(),
                )
            })
            .collect();
        v.sort_unstable();
        v
    }
    a.title.get_ref().trim() == b.title.get_ref().trim() && krs(a) == krs(b)
}

struct Cx<'a> {
    bm: &'a Model,
    hm: &'a Model,
    today: Date,
    new_name: &'a HashMap<&'a str, &'a str>,
}

pub(super) fn text(v: &Option<Spanned<String>>) -> Option<String> {
    v.as_ref().map(|s| s.get_ref().clone())
}

fn number(v: &Option<Spanned<f64>>) -> Option<f64> {
    v.as_ref().map(|s| *s.get_ref())
}

/// Equal, counting two NaNs as the same value as written.
fn same_number(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        (None, None) => true,
        _ => false,
    }
}

/// An enum's name as written in TOML.
pub(super) fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(super) fn field(
    out: &mut Vec<FieldChange>,
    name: &str,
    before: Option<String>,
    after: Option<String>,
) {
    if before != after {
        out.push(FieldChange {
            field: name.into(),
            before,
            after,
        });
    }
}

fn changed<T: PartialEq>(before: T, after: T) -> Option<FromTo<T>> {
    (before != after).then_some(FromTo { before, after })
}

fn list(values: &[Spanned<String>]) -> Vec<String> {
    values.iter().map(|v| v.get_ref().clone()).collect()
}

fn confidence(c: &Confidence) -> String {
    match c {
        Confidence::Scale10(n) => n.to_string(),
        Confidence::Fraction(x) => x.to_string(),
        Confidence::Word(w) => w.clone(),
    }
}

impl Cx<'_> {
    /// An id of the old version as the new version calls it.
    fn follow<'s>(&'s self, id: &'s str) -> &'s str {
        self.new_name.get(id).copied().unwrap_or(id)
    }

    fn team_of(model: &Model, objective: &str) -> Option<String> {
        model
            .objectives
            .iter()
            .find(|o| o.id.get_ref() == objective)
            .map(|o| o.team.get_ref().clone())
    }

    /// When a goal change happens relative to the cycle the goal was committed in.
    fn timing(&self, b: &Objective, h: &Objective) -> Option<Timing> {
        let start = |model: &Model, cycle: &str| {
            model
                .cycles
                .iter()
                .find(|c| c.id.get_ref() == cycle)
                .map(|c| c.start.get_ref().0)
        };
        let start =
            start(self.bm, b.cycle.get_ref()).or_else(|| start(self.hm, h.cycle.get_ref()))?;
        Some(if self.today < start {
            Timing::Planning
        } else {
            Timing::InCycle
        })
    }

    /// An objective present in both versions.
    fn pair(&self, b: &Objective, h: &Objective, found: &mut Found) {
        // Destructured without `..`: a new field of Objective fails to compile here
        // until the diff compares it, so "no semantic change" stays true.
        let Objective {
            id: _,
            title,
            team,
            cycle,
            owner,
            supports,
            depends_on,
            kind: _,
            status: _,
            description,
            key_result: _,
            file: _,
        } = b;
        let mut fields = Vec::new();
        field(
            &mut fields,
            "title",
            Some(title.get_ref().clone()),
            Some(h.title.get_ref().clone()),
        );
        field(
            &mut fields,
            "kind",
            Some(word(&b.kind())),
            Some(word(&h.kind())),
        );
        field(
            &mut fields,
            "status",
            Some(word(&b.status())),
            Some(word(&h.status())),
        );
        field(
            &mut fields,
            "description",
            description.clone(),
            h.description.clone(),
        );
        let old: Vec<String> = supports
            .iter()
            .map(|s| self.follow(s.get_ref()).to_string())
            .collect();
        let new = list(&h.supports);
        let supports_change = ListChange {
            added: new.iter().filter(|s| !old.contains(s)).cloned().collect(),
            removed: list(supports)
                .into_iter()
                .filter(|s| !new.iter().any(|n| n == self.follow(s)))
                .collect(),
        };
        let change = ObjectiveChange {
            id: h.id.get_ref().clone(),
            title: h.title.get_ref().clone(),
            team: h.team.get_ref().clone(),
            cycle: h.cycle.get_ref().clone(),
            change: Change::Changed,
            renamed_from: (b.id.get_ref() != h.id.get_ref()).then(|| b.id.get_ref().clone()),
            team_moved: changed(team.get_ref().clone(), h.team.get_ref().clone()),
            cycle_moved: changed(cycle.get_ref().clone(), h.cycle.get_ref().clone()),
            supports: (!(supports_change.added.is_empty() && supports_change.removed.is_empty()))
                .then_some(supports_change),
            owner: changed(text(owner), text(&h.owner)),
            fields,
        };
        let any = change.renamed_from.is_some()
            || change.team_moved.is_some()
            || change.cycle_moved.is_some()
            || change.supports.is_some()
            || change.owner.is_some()
            || !change.fields.is_empty();
        if any {
            found.objectives.push(change);
        }

        let old_deps: Vec<String> = depends_on
            .iter()
            .map(|d| self.follow(d.get_ref()).to_string())
            .collect();
        let new_deps = list(&h.depends_on);
        for on in new_deps.iter().filter(|d| !old_deps.contains(d)) {
            found
                .dependencies
                .push(self.dependency(Change::Added, h, on, self.hm));
        }
        for on in list(depends_on)
            .iter()
            .filter(|d| !new_deps.iter().any(|n| n == self.follow(d)))
        {
            found
                .dependencies
                .push(self.dependency(Change::Removed, h, on, self.bm));
        }
        self.key_results(b, h, found);
    }

    fn dependency(
        &self,
        change: Change,
        o: &Objective,
        on: &str,
        model: &Model,
    ) -> DependencyChange {
        DependencyChange {
            change,
            objective: o.id.get_ref().clone(),
            team: o.team.get_ref().clone(),
            on: on.to_string(),
            on_team: Self::team_of(model, on),
        }
    }

    /// An objective only one version has, with its key results and dependencies.
    fn whole(&self, o: &Objective, model: &Model, change: Change, found: &mut Found) {
        let members = list(&o.supports);
        let supports = match change {
            Change::Removed => ListChange {
                added: Vec::new(),
                removed: members,
            },
            _ => ListChange {
                added: members,
                removed: Vec::new(),
            },
        };
        found.objectives.push(ObjectiveChange {
            id: o.id.get_ref().clone(),
            title: o.title.get_ref().clone(),
            team: o.team.get_ref().clone(),
            cycle: o.cycle.get_ref().clone(),
            change,
            renamed_from: None,
            team_moved: None,
            cycle_moved: None,
            supports: Some(supports),
            owner: None,
            fields: Vec::new(),
        });
        for on in &o.depends_on {
            found
                .dependencies
                .push(self.dependency(change, o, on.get_ref(), model));
        }
        for kr in &o.key_result {
            found
                .key_results
                .push(one_sided(o, kr.get_ref(), change, true));
        }
    }

    fn key_results(&self, b: &Objective, h: &Objective, found: &mut Found) {
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
        let renamed = pair_unique(&removed, &added, |&r, &a| {
            let (x, y) = (kr(b, r), kr(h, a));
            x.title.get_ref().trim() == y.title.get_ref().trim() && x.kind() == y.kind()
        });
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
) -> Option<GoalChange> {
    if same_number(before, after) {
        return None;
    }
    let direction = before.zip(after).and_then(|(b, a)| judge(b, a));
    Some(GoalChange {
        before,
        after,
        direction,
        timing,
        goalpost_moved: direction == Some(GoalMove::Eased) && timing == Some(Timing::InCycle),
    })
}

/// A key result that one version has and the other does not. `with_objective`: its
/// whole objective was added or removed.
fn one_sided(o: &Objective, kr: &KeyResult, change: Change, with_objective: bool) -> KrChange {
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
    } = b;
    let kind = b.kind();
    let target = goal(
        number(target),
        number(&h.target),
        |x, y| score::target_move(kind, x, y),
        timing,
    );
    let baseline = goal(
        number(baseline),
        number(&h.baseline),
        |x, y| score::baseline_move(kind, x, y),
        timing,
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

/// Teams whose count of objectives (not dropped) in a cycle changed.
pub(super) fn team_load(base: &Tree, head: &Tree) -> Vec<TeamLoad> {
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for (model, after) in [(&base.model, false), (&head.model, true)] {
        for o in model
            .objectives
            .iter()
            .filter(|o| o.status() != Status::Dropped)
        {
            let entry = counts
                .entry((o.cycle.get_ref().clone(), o.team.get_ref().clone()))
                .or_default();
            if after {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        }
    }
    let limit = head.settings.limits.max_objectives_per_team;
    counts
        .into_iter()
        .filter(|(_, (before, after))| before != after)
        .map(|((cycle, team), (before, after))| TeamLoad {
            team,
            cycle,
            before,
            after,
            limit,
            over_limit: after > limit,
        })
        .collect()
}
