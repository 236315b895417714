//! Ids and handles: one vision, well-formed ids and handles, no duplicates.

use std::collections::HashMap;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Role, Severity};
use crate::model::Spanned;
use crate::source::FileId;

pub(crate) const MISSING_VISION: Rule = Rule {
    code: Code::MissingVision,
    severity: Severity::Error,
    summary: "The tree has no [vision], or more than one",
    title: "the tree has no [vision], or more than one",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/missing-vision.md"),
};

pub(crate) const INVALID_ID: Rule = Rule {
    code: Code::InvalidId,
    severity: Severity::Error,
    summary: "An id is not a short slug of letters, digits, '-', '_' and '.'",
    title: "an id is not a valid slug",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-id.md"),
};

pub(crate) const INVALID_HANDLE: Rule = Rule {
    code: Code::InvalidHandle,
    severity: Severity::Error,
    summary: "An owner, lead or member is not a handle like @name",
    title: "a person is not written as an @handle",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-handle.md"),
};

pub(crate) const DUPLICATE_ID: Rule = Rule {
    code: Code::DuplicateId,
    severity: Severity::Error,
    summary: "Two entities of the same kind share an id",
    title: "two items of the same kind share an id",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/duplicate-id.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.complete {
        vision(cx, out);
    }
    let m = cx.model;
    let mut ids: Vec<Id> = Vec::new();
    let id = |s: &Spanned<String>| s.get_ref().clone();
    ids.extend(
        m.pillars
            .iter()
            .map(|p| Id::new("pillar", Entity::Pillar(id(&p.id)), p.file, &p.id)),
    );
    ids.extend(
        m.teams
            .iter()
            .map(|t| Id::new("team", Entity::Team(id(&t.id)), t.file, &t.id)),
    );
    ids.extend(
        m.cycles
            .iter()
            .map(|c| Id::new("cycle", Entity::Cycle(id(&c.id)), c.file, &c.id)),
    );
    ids.extend(
        m.objectives
            .iter()
            .map(|o| Id::new("objective", Entity::Objective(id(&o.id)), o.file, &o.id)),
    );
    for written in &ids {
        check_id(written, out);
    }
    duplicates(&ids, out);
    for o in &m.objectives {
        let krs: Vec<Id> = o
            .key_result
            .iter()
            .map(|k| {
                let kr = &k.get_ref().id;
                let entity = Entity::KeyResult {
                    objective: id(&o.id),
                    id: id(kr),
                };
                Id::new("key result", entity, o.file, kr)
            })
            .collect();
        for written in &krs {
            check_id(written, out);
        }
        // Per objective: two objectives that share an id are a duplicate already.
        duplicates(&krs, out);
    }
    handles(cx, out);
}

/// An id as written, with what it names.
struct Id<'m> {
    /// "key result", as messages say it.
    noun: &'static str,
    entity: Entity,
    file: FileId,
    id: &'m Spanned<String>,
}

impl<'m> Id<'m> {
    fn new(noun: &'static str, entity: Entity, file: FileId, id: &'m Spanned<String>) -> Self {
        Self {
            noun,
            entity,
            file,
            id,
        }
    }
}

fn vision(cx: &Context, out: &mut Vec<Finding>) {
    let visions = &cx.model.visions;
    match visions.as_slice() {
        [] => out.push(
            Finding::new(Code::MissingVision, "the tree has no [vision]")
                .help("add a [vision] table with a `statement` to vision.toml; every objective's line of sight ends there")
                .entity(Entity::Vision),
        ),
        [_] => {}
        [first, rest @ ..] => {
            for extra in rest {
                out.push(
                    Finding::new(Code::MissingVision, "the tree has more than one [vision]")
                        .at(extra.file, extra.statement.span(), "second vision")
                        .also(first.file, first.statement.span(), "first vision defined here")
                        .help("a tree has one vision: merge the statements or remove one")
                        .entity(Entity::Vision),
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

fn check_id(written: &Id, out: &mut Vec<Finding>) {
    let Id { noun, file, id, .. } = written;
    if is_slug(id.get_ref()) {
        return;
    }
    let message = if id.get_ref().is_empty() {
        format!("{noun} id is empty")
    } else {
        format!("{noun} id {:?} is not a slug", id.get_ref())
    };
    out.push(
        Finding::new(Code::InvalidId, message)
            .at(*file, id.span(), "invalid id")
            .help("ids are 1-64 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit, e.g. `deploys-boring` or `2026-Q4`")
            .entity(written.entity.clone()),
    );
}

/// Each id defined a second time for the same kind of entity, with where it was first.
fn duplicates(ids: &[Id], out: &mut Vec<Finding>) {
    let mut first: HashMap<&Entity, &Id> = HashMap::new();
    for written in ids {
        let Some(earlier) = first.get(&written.entity) else {
            first.insert(&written.entity, written);
            continue;
        };
        let message = match &written.entity {
            Entity::KeyResult { objective, id } => {
                format!("duplicate key result id `{id}` in objective `{objective}`")
            }
            _ => format!("duplicate {} id `{}`", written.noun, written.id.get_ref()),
        };
        out.push(
            Finding::new(Code::DuplicateId, message)
                .at(written.file, written.id.span(), "duplicate")
                .also(earlier.file, earlier.id.span(), "first defined here")
                .help("ids must be unique per kind: rename one of them")
                .entity(written.entity.clone()),
        );
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
                    .entity(Entity::Person { role, handle: handle.get_ref().clone() }),
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
    pub fn model_handles(&self) -> Vec<(FileId, Role, &Spanned<String>)> {
        let m = self.model;
        let mut all = Vec::new();
        for v in &m.visions {
            all.extend(v.owner.iter().map(|h| (v.file, Role::VisionOwner, h)));
        }
        for p in &m.pillars {
            all.extend(p.owner.iter().map(|h| (p.file, Role::PillarOwner, h)));
        }
        for t in &m.teams {
            all.extend(t.lead.iter().map(|h| (t.file, Role::TeamLead, h)));
            all.extend(t.members.iter().map(|h| (t.file, Role::TeamMember, h)));
        }
        for o in &m.objectives {
            all.extend(o.owner.iter().map(|h| (o.file, Role::ObjectiveOwner, h)));
            for kr in &o.key_result {
                all.extend(
                    kr.get_ref()
                        .owner
                        .iter()
                        .map(|h| (o.file, Role::KeyResultOwner, h)),
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
