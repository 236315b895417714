//! Findings of two versions matched by rule, entity and message, never by line or
//! file: a reformatted or moved table makes no noise. What is left over on the new
//! side was introduced by the change; on the old side, fixed by it.

use std::collections::HashMap;

use super::DiffFinding;
use crate::codes::Code;
use crate::diag::{Entity, Finding};
use crate::load::Tree;

/// Indexes into the two lists of findings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delta {
    /// Findings of the new version the old one does not have, in their order.
    pub introduced: Vec<usize>,
    /// Findings of the old version the new one does not have, in their order.
    pub fixed: Vec<usize>,
    pub unchanged: usize,
}

type Key = (Code, Option<Entity>, String);

/// Matches findings one to one (two identical findings on one side need two on the
/// other). `renames` are ids renamed by the change (old, new): a finding about an
/// objective that was only renamed is still the same finding.
pub fn delta(base: &[Finding], head: &[Finding], renames: &[(String, String)]) -> Delta {
    let mut pool: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, f) in base.iter().enumerate().rev() {
        let key = (
            f.code,
            f.entity.as_ref().map(|e| renamed_entity(e, renames)),
            renamed_message(&f.message, renames),
        );
        pool.entry(key).or_default().push(i);
    }
    let mut delta = Delta::default();
    for (i, f) in head.iter().enumerate() {
        let key = (f.code, f.entity.clone(), f.message.clone());
        match pool.get_mut(&key).and_then(Vec::pop) {
            Some(_) => delta.unchanged += 1,
            None => delta.introduced.push(i),
        }
    }
    delta.fixed = pool.into_values().flatten().collect();
    delta.fixed.sort_unstable();
    delta
}

/// Objective `old` as `new`, and its key results with it.
fn renamed_entity(entity: &Entity, renames: &[(String, String)]) -> Entity {
    renames
        .iter()
        .find_map(|(old, new)| entity.renamed(old, new))
        .unwrap_or_else(|| entity.clone())
}

/// Ids in messages are written in backticks: "objective `old` has no key results".
fn renamed_message(message: &str, renames: &[(String, String)]) -> String {
    let mut text = message.to_string();
    for (old, new) in renames {
        if text.contains(&format!("`{old}")) {
            text = text
                .replace(&format!("`{old}`"), &format!("`{new}`"))
                .replace(&format!("`{old}/"), &format!("`{new}/"));
        }
    }
    text
}

/// A finding with its file and line in the version it belongs to.
pub(super) fn located(tree: &Tree, f: &Finding) -> DiffFinding {
    let at = f.primary().map(|label| {
        let file = tree.sources.get(label.file);
        (file.name.clone(), file.line_col(label.span.start).0)
    });
    DiffFinding {
        code: f.code,
        severity: f.severity,
        message: f.message.clone(),
        entity: f.entity.clone(),
        file: at.as_ref().map(|(name, _)| name.clone()),
        line: at.map(|(_, line)| line),
        help: f.help.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: Code, entity: &str, message: &str) -> Finding {
        let entity = match entity.split_once('/') {
            Some((objective, id)) => Entity::KeyResult {
                objective: objective.to_string(),
                id: id.to_string(),
            },
            None => Entity::Objective(entity.to_string()),
        };
        Finding::new(code, message).entity(entity)
    }

    #[test]
    fn matched_by_rule_entity_and_message_one_to_one() {
        let base = [
            finding(Code::KrCount, "a", "objective `a` has no key results"),
            finding(Code::KrMissingUnit, "a/x", "no unit"),
            finding(Code::KrMissingUnit, "a/x", "no unit"),
        ];
        let head = [
            finding(Code::KrMissingUnit, "a/x", "no unit"),
            finding(Code::LineOfSight, "b", "no line of sight"),
        ];
        let delta = delta(&base, &head, &[]);
        assert_eq!(
            delta,
            Delta {
                introduced: vec![1],
                fixed: vec![0, 2],
                unchanged: 1,
            }
        );
    }

    #[test]
    fn a_renamed_objective_keeps_its_findings() {
        let base = [
            finding(Code::KrCount, "old", "objective `old` has no key results"),
            finding(
                Code::KrMissingUnit,
                "old/x",
                "key result `old/x` has no unit",
            ),
        ];
        let head = [
            finding(Code::KrCount, "new", "objective `new` has no key results"),
            finding(
                Code::KrMissingUnit,
                "new/x",
                "key result `new/x` has no unit",
            ),
        ];
        let renames = [("old".to_string(), "new".to_string())];
        assert_eq!(delta(&base, &head, &renames).unchanged, 2);
        // Without the rename they are different findings.
        let apart = delta(&base, &head, &[]);
        assert_eq!((apart.introduced.len(), apart.fixed.len()), (2, 2));
        // "older" is not "old".
        let older = Entity::Objective("older".into());
        assert_eq!(renamed_entity(&older, &renames), older);
        // Only objectives are renamed: a team that shares the old id is another entity.
        let team = Entity::Team("old".into());
        assert_eq!(renamed_entity(&team, &renames), team);
    }
}
