//! Ids and handles: one vision, well-formed ids and handles, no duplicates.

use std::collections::HashMap;
use std::ops::Range;

use super::{Context, entity};
use crate::codes::Code;
use crate::diag::Finding;
use crate::model::Spanned;
use crate::source::FileId;

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.complete {
        vision(cx, out);
    }
    let m = cx.model;
    let mut ids: Vec<(&str, FileId, &Spanned<String>)> = Vec::new();
    ids.extend(m.pillars.iter().map(|p| ("pillar", p.file, &p.id)));
    ids.extend(m.teams.iter().map(|t| ("team", t.file, &t.id)));
    ids.extend(m.cycles.iter().map(|c| ("cycle", c.file, &c.id)));
    ids.extend(m.objectives.iter().map(|o| ("objective", o.file, &o.id)));
    for &(kind, file, id) in &ids {
        check_id(kind, file, id, out);
    }
    for kind in ["pillar", "team", "cycle", "objective"] {
        duplicates(
            kind,
            ids.iter().filter(|i| i.0 == kind).map(|i| (i.1, i.2)),
            out,
        );
    }
    for o in &m.objectives {
        let krs = o.key_result.iter().map(|k| (o.file, &k.get_ref().id));
        for kr in &o.key_result {
            check_id("key result", o.file, &kr.get_ref().id, out);
        }
        duplicates(
            &format!("key result id `{{}}` in objective `{}`", o.id.get_ref()),
            krs,
            out,
        );
    }
    handles(cx, out);
}

fn vision(cx: &Context, out: &mut Vec<Finding>) {
    let visions = &cx.model.visions;
    match visions.as_slice() {
        [] => out.push(
            Finding::new(Code::MissingVision, "the tree has no [vision]")
                .help("add a [vision] table with a `statement` to vision.toml; every objective's line of sight ends there")
                .entity("vision"),
        ),
        [_] => {}
        [first, rest @ ..] => {
            for extra in rest {
                out.push(
                    Finding::new(Code::MissingVision, "the tree has more than one [vision]")
                        .at(extra.file, extra.statement.span(), "second vision")
                        .also(first.file, first.statement.span(), "first vision defined here")
                        .help("a tree has one vision: merge the statements or remove one")
                        .entity("vision"),
                );
            }
        }
    }
}

/// Whether `id` is a slug: ASCII letters, digits, `-`, `_`, `.`, starting with a
/// letter or digit, at most 64 characters.
pub fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn check_id(kind: &str, file: FileId, id: &Spanned<String>, out: &mut Vec<Finding>) {
    if is_slug(id.get_ref()) {
        return;
    }
    let message = if id.get_ref().is_empty() {
        format!("{kind} id is empty")
    } else {
        format!("{kind} id {:?} is not a slug", id.get_ref())
    };
    out.push(
        Finding::new(Code::InvalidId, message)
            .at(file, id.span(), "invalid id")
            .help("ids are 1-64 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit, e.g. `deploys-boring` or `2026-Q4`")
            .entity(entity(kind, id.get_ref())),
    );
}

fn duplicates<'a>(
    kind: &str,
    ids: impl Iterator<Item = (FileId, &'a Spanned<String>)>,
    out: &mut Vec<Finding>,
) {
    let mut first: HashMap<&str, (FileId, Range<usize>)> = HashMap::new();
    for (file, id) in ids {
        match first.get(id.get_ref().as_str()) {
            Some((first_file, first_span)) => out.push(
                Finding::new(
                    Code::DuplicateId,
                    if kind.contains("{}") {
                        format!("duplicate {}", kind.replace("{}", id.get_ref()))
                    } else {
                        format!("duplicate {kind} id `{}`", id.get_ref())
                    },
                )
                .at(file, id.span(), "duplicate")
                .also(*first_file, first_span.clone(), "first defined here")
                .help("ids must be unique per kind: rename one of them")
                .entity(entity(kind, id.get_ref())),
            ),
            None => {
                first.insert(id.get_ref(), (file, id.span()));
            }
        }
    }
}

/// Whether `handle` is a handle like `@name` or `@org/team`.
pub fn is_handle(handle: &str) -> bool {
    let Some(name) = handle.strip_prefix('@') else {
        return false;
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn handles(cx: &Context, out: &mut Vec<Finding>) {
    for (file, role, handle) in cx.model_handles() {
        if !is_handle(handle.get_ref()) {
            out.push(
                Finding::new(Code::InvalidHandle, format!("{role} {:?} is not a handle", handle.get_ref()))
                    .at(file, handle.span(), "expected @name")
                    .help(format!("write people as handles, e.g. \"@{}\", so reports can mention them and CODEOWNERS can route reviews", suggest_handle(handle.get_ref())))
                    .entity(format!("{role} {}", handle.get_ref())),
            );
        }
    }
}

fn suggest_handle(text: &str) -> String {
    let slug: String = text
        .trim_start_matches('@')
        .chars()
        .filter_map(|c| match c {
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            ' ' | '-' | '_' | '.' => Some('-'),
            _ => None,
        })
        .collect();
    if slug.is_empty() { "name".into() } else { slug }
}

impl Context<'_> {
    /// Every handle written in the tree, with the role it is written in.
    pub fn model_handles(&self) -> Vec<(FileId, &'static str, &Spanned<String>)> {
        let m = self.model;
        let mut all = Vec::new();
        for v in &m.visions {
            all.extend(v.owner.iter().map(|h| (v.file, "vision owner", h)));
        }
        for p in &m.pillars {
            all.extend(p.owner.iter().map(|h| (p.file, "pillar owner", h)));
        }
        for t in &m.teams {
            all.extend(t.lead.iter().map(|h| (t.file, "team lead", h)));
            all.extend(t.members.iter().map(|h| (t.file, "team member", h)));
        }
        for o in &m.objectives {
            all.extend(o.owner.iter().map(|h| (o.file, "objective owner", h)));
            for kr in &o.key_result {
                all.extend(
                    kr.get_ref()
                        .owner
                        .iter()
                        .map(|h| (o.file, "key result owner", h)),
                );
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::{is_handle, is_slug};

    #[test]
    fn slugs() {
        for good in ["a", "deploys-boring", "2026-Q4", "v1.2_x"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "-a", "has space", "é", "a/b", &"x".repeat(65)] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn handles() {
        for good in ["@bob", "@acme/platform", "@a.b-c_d"] {
            assert!(is_handle(good), "{good}");
        }
        for bad in ["bob", "@", "@ bob", "@-x", "Bob Smith"] {
            assert!(!is_handle(bad), "{bad}");
        }
    }
}
