//! Findings of two versions matched by rule, entity and message, never by line or
//! file: a reformatted or moved table makes no noise. What is left over on the new
//! side was introduced by the change; on the old side, fixed by it.

use std::collections::HashMap;

use super::DiffFinding;
use crate::codes::Code;
use crate::diag::Finding;
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

type Key = (Code, Option<String>, String);

/// Matches findings one to one (two identical findings on one side need two on the
/// other). `renames` are ids renamed by the change (old, new): a finding about an
/// objective that was only renamed is still the same finding.
pub fn delta(base: &[Finding], head: &[Finding], renames: &[(String, String)]) -> Delta {
    let mut pool: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, f) in base.iter().enumerate().rev() {
        let key = (
            f.code,
            f.entity.as_deref().map(|e| renamed_entity(e, renames)),
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

/// "objective old" as "objective new"; "key result old/kr" as "key result new/kr".
fn renamed_entity(entity: &str, renames: &[(String, String)]) -> String {
    let Some((kind, id)) = entity.rsplit_once(' ') else {
        return entity.to_string();
    };
    for (old, new) in renames {
        if id == old {
            return format!("{kind} {new}");
        }
        if let Some(rest) = id
            .strip_prefix(old.as_str())
            .and_then(|r| r.strip_prefix('/'))
        {
            return format!("{kind} {new}/{rest}");
        }
    }
    entity.to_string()
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
        Finding::new(code, message).entity(entity)
    }

    #[test]
    fn matched_by_rule_entity_and_message_one_to_one() {
        let base = [
            finding(
                Code::KrCount,
                "objective a",
                "objective `a` has no key results",
            ),
            finding(Code::KrMissingUnit, "key result a/x", "no unit"),
            finding(Code::KrMissingUnit, "key result a/x", "no unit"),
        ];
        let head = [
            finding(Code::KrMissingUnit, "key result a/x", "no unit"),
            finding(Code::LineOfSight, "objective b", "no line of sight"),
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
            finding(
                Code::KrCount,
                "objective old",
                "objective `old` has no key results",
            ),
            finding(
                Code::KrMissingUnit,
                "key result old/x",
                "key result `old/x` has no unit",
            ),
        ];
        let head = [
            finding(
                Code::KrCount,
                "objective new",
                "objective `new` has no key results",
            ),
            finding(
                Code::KrMissingUnit,
                "key result new/x",
                "key result `new/x` has no unit",
            ),
        ];
        let renames = [("old".to_string(), "new".to_string())];
        assert_eq!(delta(&base, &head, &renames).unchanged, 2);
        // Without the rename they are different findings.
        let apart = delta(&base, &head, &[]);
        assert_eq!((apart.introduced.len(), apart.fixed.len()), (2, 2));
        // "older" is not "old".
        assert_eq!(
            renamed_entity("objective older", &renames),
            "objective older"
        );
    }
}
