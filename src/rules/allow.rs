//! `allow = ["code"]` with `allow_reason = "..."` on an objective or a key result: a
//! writing lint silenced on that one item, as a decision recorded in the tree. The
//! silenced findings are counted, and reports show the reason next to the item.

use std::collections::HashMap;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::model::Spanned;
use crate::source::FileId;
use crate::suggest::did_you_mean;

pub(crate) const INVALID_ALLOW: Rule = Rule {
    code: Code::InvalidAllow,
    severity: Severity::Warning,
    summary: "An `allow` names no lint, the wrong item, or has no `allow_reason`",
    title: "an `allow` that silences nothing as written",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-allow.md"),
};

/// What an `allow` is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Objective,
    KeyResult,
}

impl Item {
    fn noun(self) -> &'static str {
        match self {
            Self::Objective => "objective",
            Self::KeyResult => "key result",
        }
    }
}

/// The item a lint is about, for the lints an `allow` may silence. Error-level rules
/// cannot be silenced per item: they mean the tree cannot be counted, scored or placed
/// as written. Coaching lints are judgements a team may overrule, with a reason.
pub fn item_of(code: Code) -> Option<Item> {
    code.rule().allow
}

/// A finding that an item's `allow` silenced, and the reason the item gives.
#[derive(Debug, Clone)]
pub struct Silenced {
    pub finding: Finding,
    pub reason: String,
}

/// The lints an item's `allow` silences, with its reason: the entries that name a lint
/// of this kind of item, when the reason is written.
pub fn allowed<'a>(
    item: Item,
    allow: &'a [Spanned<String>],
    reason: Option<&'a Spanned<String>>,
) -> Vec<(Code, &'a str)> {
    let Some(reason) = reason.map(|r| r.get_ref().trim()).filter(|r| !r.is_empty()) else {
        return Vec::new();
    };
    let mut codes: Vec<(Code, &str)> = allow
        .iter()
        .filter_map(|name| name.get_ref().parse::<Code>().ok())
        .filter(|&code| item_of(code) == Some(item))
        .map(|code| (code, reason))
        .collect();
    codes.dedup();
    codes
}

/// The reason a key result gives for allowing `code`, when its `allow` names it and
/// the reason is written: an agreed goalpost move, for instance.
pub fn reason_on(kr: &crate::model::KeyResult, code: Code) -> Option<&str> {
    allowed(Item::KeyResult, &kr.allow, kr.allow_reason.as_ref())
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, reason)| reason)
}

/// One lint an item silences.
struct Entry<'m> {
    file: FileId,
    entity: Entity,
    code: Code,
    reason: &'m str,
    at: &'m Spanned<String>,
}

/// One item's `allow` and `allow_reason`, where they are written.
struct Declared<'m> {
    item: Item,
    file: FileId,
    entity: Entity,
    allow: &'m [Spanned<String>],
    reason: Option<&'m Spanned<String>>,
}

/// Takes out of `findings` those an `allow` silences. Returns them, and the findings
/// about the `allow`s themselves: a code that is no lint of the item, a missing
/// reason, and (when every rule ran) an `allow` that silences nothing.
pub fn apply(
    cx: &Context,
    findings: &mut Vec<Finding>,
    is_off: impl Fn(Code) -> bool,
) -> (Vec<Silenced>, Vec<Finding>) {
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for declared in declarations(cx) {
        check_declared(&declared, &mut entries, &mut problems);
    }
    if entries.is_empty() {
        return (Vec::new(), problems);
    }
    let index: HashMap<(FileId, &Entity, Code), usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.file, &e.entity, e.code), i))
        .collect();
    let mut used = vec![false; entries.len()];
    let mut silenced = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let key = finding
            .primary()
            .zip(finding.entity.as_ref())
            .and_then(|(label, entity)| index.get(&(label.file, entity, finding.code)));
        match key {
            Some(&i) => {
                used[i] = true;
                silenced.push(Silenced {
                    finding,
                    reason: entries[i].reason.to_string(),
                });
            }
            None => kept.push(finding),
        }
    }
    *findings = kept;
    // A rule that did not run (a file failed to load) or is off silences nothing, and
    // its `allow` is not stale for that.
    if cx.complete {
        let unused = entries.iter().zip(used).filter(|(_, used)| !used);
        // Drift findings come from the history, which `align check` alone does not
        // read: their `allow`s are judged where drift runs.
        for (e, _) in unused.filter(|(e, _)| !is_off(e.code) && !e.code.is_drift()) {
            problems.push(
                Finding::new(
                    Code::InvalidAllow,
                    format!("`allow` silences `{}`, which does not fire on {}", e.code, e.entity),
                )
                .at(e.file, e.at.span(), "silences nothing")
                .help("the lint no longer applies here: remove it from `allow`, so that reports do not show a decision nobody needs")
                .entity(e.entity.clone()),
            );
        }
    }
    (silenced, problems)
}

fn declarations<'m>(cx: &Context<'m>) -> Vec<Declared<'m>> {
    let mut all = Vec::new();
    for o in &cx.model.objectives {
        all.push(Declared {
            item: Item::Objective,
            file: o.file,
            entity: Entity::Objective(o.id.get_ref().clone()),
            allow: &o.allow,
            reason: o.allow_reason.as_ref(),
        });
        for kr in &o.key_result {
            let kr = kr.get_ref();
            all.push(Declared {
                item: Item::KeyResult,
                file: o.file,
                entity: Entity::KeyResult {
                    objective: o.id.get_ref().clone(),
                    id: kr.id.get_ref().clone(),
                },
                allow: &kr.allow,
                reason: kr.allow_reason.as_ref(),
            });
        }
    }
    all.retain(|d| !d.allow.is_empty() || d.reason.is_some());
    all
}

fn check_declared<'m>(d: &Declared<'m>, entries: &mut Vec<Entry<'m>>, out: &mut Vec<Finding>) {
    let problem = |message: String, at: &Spanned<String>, label: &str, help: String| {
        Finding::new(Code::InvalidAllow, message)
            .at(d.file, at.span(), label)
            .help(help)
            .entity(d.entity.clone())
    };
    let reason = d
        .reason
        .map(|r| r.get_ref().trim())
        .filter(|r| !r.is_empty());
    match (d.allow.first(), d.reason) {
        (None, Some(written)) => out.push(problem(
            format!("`allow_reason` on {} without `allow`", d.entity),
            written,
            "a reason for nothing",
            "name the lints it is the reason for in `allow = [...]`, or remove it".into(),
        )),
        (Some(first), _) if reason.is_none() => out.push(problem(
            format!("`allow` on {} has no `allow_reason`, so it silences nothing", d.entity),
            d.reason.unwrap_or(first),
            "no reason",
            "why does the lint not apply here? Say it in `allow_reason = \"...\"`: reports show it next to the item, so the decision is not hidden".into(),
        )),
        _ => {}
    }
    let lints: Vec<&str> = Code::all()
        .filter(|&c| item_of(c) == Some(d.item))
        .map(Code::name)
        .collect();
    for name in d.allow {
        let written = name.get_ref();
        let Ok(code) = written.parse::<Code>() else {
            let help = match did_you_mean(written, Code::all().map(Code::name)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("a {} may allow: {}", d.item.noun(), lints.join(", ")),
            };
            out.push(problem(
                format!("`allow` names `{written}`, which is no rule"),
                name,
                "not a rule code",
                help,
            ));
            continue;
        };
        match item_of(code) {
            Some(item) if item == d.item => {
                let repeated = entries
                    .iter()
                    .any(|e| e.code == code && e.file == d.file && e.entity == d.entity);
                if let (Some(reason), false) = (reason, repeated) {
                    entries.push(Entry {
                        file: d.file,
                        entity: d.entity.clone(),
                        code,
                        reason,
                        at: name,
                    });
                }
            }
            Some(item) => out.push(problem(
                format!("`{code}` is a lint of {}s, not of {}s", item.noun(), d.item.noun()),
                name,
                "on the wrong item",
                format!("move it to the `allow` of the {} it fires on", item.noun()),
            )),
            None => out.push(problem(
                format!("`{code}` cannot be silenced with `allow`"),
                name,
                "not a writing lint",
                format!(
                    "`allow` is for the coaching lints (on a {}: {}); fix what `{code}` finds, or set its severity in align.toml `[rules]`",
                    d.item.noun(),
                    lints.join(", ")
                ),
            )),
        }
    }
}
