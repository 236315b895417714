//! Objectives of two versions, matched by id (or, for a renamed id, by title and key
//! results), and what changed in each: team, cycle, line of sight, owner, dependencies.
//! Their key results are compared in `key_results.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use jiff::civil::Date;

use super::key_results::one_sided;
use super::values::{allowed, changed, field, list, text, word};
use super::{
    Change, DependencyChange, Hidden, KrChange, ListChange, ObjectiveChange, TeamLoad, Timing,
};
use crate::handshake::Answers;
use crate::load::Tree;
use crate::model::{Model, Objective, Status};

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
    let title = |o: &Objective| o.title.get_ref().trim().to_string();
    let renamed = pair_unique(
        &removed,
        &added,
        |&b| title(&bm.objectives[b]),
        |&h| title(&hm.objectives[h]),
        |&b, &h| same_key_results(&bm.objectives[b], &hm.objectives[h]),
    );
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
    let cx = Cx::new(bm, hm, today, &new_name);
    let mut pairs: Vec<(usize, usize)> = firsts(&head_ids)
        .into_iter()
        .filter_map(|h| Some((*base_ids.get(hm.objectives[h].id.get_ref().as_str())?, h)))
        .collect();
    pairs.extend(renamed.iter().copied());
    for (b, h) in pairs {
        cx.pair(&bm.objectives[b], &hm.objectives[h], &mut found);
    }
    let (renamed_old, renamed_new): (HashSet<usize>, HashSet<usize>) =
        renamed.iter().copied().unzip();
    for &h in added.iter().filter(|h| !renamed_new.contains(h)) {
        let o = &hm.objectives[h];
        if hidden.added_is_real(file_of(head, o)) {
            cx.whole(o, Change::Added, &mut found);
        }
    }
    for &b in removed.iter().filter(|b| !renamed_old.contains(b)) {
        let o = &bm.objectives[b];
        if hidden.removed_is_real(file_of(base, o)) {
            cx.whole(o, Change::Removed, &mut found);
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
/// Only items with the same key (a title) are compared, so that a change that renames
/// thousands of ids costs no more than reading them.
pub(crate) fn pair_unique<T: Copy + Eq + Hash, K: Eq + Hash>(
    removed: &[T],
    added: &[T],
    removed_key: impl Fn(&T) -> K,
    added_key: impl Fn(&T) -> K,
    matches: impl Fn(&T, &T) -> bool,
) -> Vec<(T, T)> {
    let mut by_key: HashMap<K, (Vec<T>, Vec<T>)> = HashMap::new();
    for r in removed {
        by_key.entry(removed_key(r)).or_default().0.push(*r);
    }
    for a in added {
        if let Some(entry) = by_key.get_mut(&added_key(a)) {
            entry.1.push(*a);
        }
    }
    let mut pairs = Vec::new();
    for r in removed {
        let Some((rivals, candidates)) = by_key.get(&removed_key(r)) else {
            continue;
        };
        let mut matching = candidates.iter().filter(|a| matches(r, a));
        let (Some(a), None) = (matching.next(), matching.next()) else {
            continue;
        };
        if rivals.iter().filter(|other| matches(other, a)).count() == 1 {
            pairs.push((*r, *a));
        }
    }
    pairs
}

/// A renamed objective keeps its key results: the same ids and titles.
fn same_key_results(a: &Objective, b: &Objective) -> bool {
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
    krs(a) == krs(b)
}

/// What comparing objectives needs to look up, indexed once.
pub(super) struct Cx<'a> {
    today: Date,
    /// Renamed objectives: old id to new id.
    new_name: &'a HashMap<&'a str, &'a str>,
    /// Each objective's team, in the old and the new version.
    base_teams: HashMap<&'a str, &'a str>,
    head_teams: HashMap<&'a str, &'a str>,
    /// Each cycle's first day, in the old and the new version.
    base_starts: HashMap<&'a str, jiff::civil::Date>,
    head_starts: HashMap<&'a str, jiff::civil::Date>,
    /// How each request was answered, in the old and the new version.
    base_answers: Answers<'a>,
    head_answers: Answers<'a>,
}

impl<'a> Cx<'a> {
    fn new(
        bm: &'a Model,
        hm: &'a Model,
        today: Date,
        new_name: &'a HashMap<&'a str, &'a str>,
    ) -> Self {
        fn teams(m: &Model) -> HashMap<&str, &str> {
            let mut map = HashMap::new();
            for o in &m.objectives {
                map.entry(o.id.get_ref().as_str())
                    .or_insert(o.team.get_ref().as_str());
            }
            map
        }
        fn starts(m: &Model) -> HashMap<&str, jiff::civil::Date> {
            let mut map = HashMap::new();
            for c in &m.cycles {
                map.entry(c.id.get_ref().as_str())
                    .or_insert(c.start.get_ref().0);
            }
            map
        }
        Self {
            today,
            new_name,
            base_teams: teams(bm),
            head_teams: teams(hm),
            base_answers: Answers::of(bm),
            head_answers: Answers::of(hm),
            base_starts: starts(bm),
            head_starts: starts(hm),
        }
    }
}

impl Cx<'_> {
    /// An id of the old version as the new version calls it.
    fn follow<'s>(&'s self, id: &'s str) -> &'s str {
        self.new_name.get(id).copied().unwrap_or(id)
    }

    /// When a goal change happens relative to the cycle it was committed in (the old
    /// version's; the new one's when the old did not know the cycle).
    pub(super) fn timing(&self, b: &Objective, h: &Objective) -> Option<Timing> {
        let start = self
            .base_starts
            .get(b.cycle.get_ref().as_str())
            .or_else(|| self.head_starts.get(h.cycle.get_ref().as_str()))?;
        Some(if self.today < *start {
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
            // Answers to other objectives' requests: compared request by request below.
            accepts: _,
            declines: _,
            kind: _,
            status: _,
            description,
            key_result: _,
            file: _,
            allow,
            allow_reason,
            continues,
            score,
            retro,
        } = b;
        let mut fields = Vec::new();
        field(
            &mut fields,
            "continues",
            text(continues),
            text(&h.continues),
        );
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
        let number = |s: &Option<toml::Spanned<f64>>| s.as_ref().map(|s| s.get_ref().to_string());
        field(&mut fields, "score", number(score), number(&h.score));
        field(&mut fields, "retro", retro.clone(), h.retro.clone());
        field(
            &mut fields,
            "continues",
            text(continues),
            text(&h.continues),
        );
        // A lint silenced (or no longer) is a decision reviewers should see.
        field(&mut fields, "allow", allowed(allow), allowed(&h.allow));
        field(
            &mut fields,
            "allow_reason",
            text(allow_reason),
            text(&h.allow_reason),
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
                .push(self.dependency(Change::Added, h, on, &self.head_teams));
        }
        // A request in both versions whose answer changed: accepted, declined, or its
        // answer taken back. Ids are followed through renames on both sides.
        for (old_on, on) in list(depends_on)
            .iter()
            .map(|d| (d.clone(), self.follow(d).to_string()))
            .filter(|(_, on)| new_deps.contains(on))
        {
            let before = self.base_answers.answer(b.id.get_ref(), &old_on);
            let after = self.head_answers.answer(h.id.get_ref(), &on);
            if before != after {
                let mut change = self.dependency(Change::Changed, h, &on, &self.head_teams);
                change.answer_before = Some(before);
                found.dependencies.push(change);
            }
        }
        for on in list(depends_on)
            .iter()
            .filter(|d| !new_deps.iter().any(|n| n == self.follow(d)))
        {
            found
                .dependencies
                .push(self.dependency(Change::Removed, h, on, &self.base_teams));
        }
        self.key_results(b, h, found);
    }

    fn dependency(
        &self,
        change: Change,
        o: &Objective,
        on: &str,
        teams: &HashMap<&str, &str>,
    ) -> DependencyChange {
        // A removed request is shown with the answer it had; any other with the new one.
        let answers = match change {
            Change::Removed => &self.base_answers,
            _ => &self.head_answers,
        };
        let requester = o.id.get_ref();
        DependencyChange {
            change,
            objective: requester.clone(),
            team: o.team.get_ref().clone(),
            on: on.to_string(),
            on_team: teams.get(on).map(|t| t.to_string()),
            answer: answers.answer(requester, on),
            answer_before: None,
            reason: answers.reason(requester, on).map(str::to_string),
        }
    }

    /// An objective only one version has, with its key results and dependencies.
    fn whole(&self, o: &Objective, change: Change, found: &mut Found) {
        let teams = match change {
            Change::Removed => &self.base_teams,
            _ => &self.head_teams,
        };
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
                .push(self.dependency(change, o, on.get_ref(), teams));
        }
        for kr in &o.key_result {
            found
                .key_results
                .push(one_sided(o, kr.get_ref(), change, true));
        }
    }
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
