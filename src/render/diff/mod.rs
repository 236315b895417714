//! `align diff`: the semantic diff as terminal tables, GitHub Markdown or JSON. The
//! wording of each change is shared here; each format only says how user text is
//! escaped and how the lines are laid out.

pub mod markdown;
pub mod table;

use std::io::{self, Write};

use crate::diff::{
    Change, DependencyChange, Diff, DiffFinding, EntityChange, FieldChange, FromTo, GoalChange,
    KrChange, ObjectiveChange, OtherKind, Timing, Version,
};
use crate::score::GoalMove;

use super::{percent, with_unit};

/// `align diff --format json`: the diff model as it is (see docs/diff.md, "Diff JSON").
pub fn json(diff: &Diff, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, diff)?;
    writeln!(w)
}

/// A version described for a terminal: `origin/main (merge base 1a2b3c4)`.
pub fn version_plain(v: &Version) -> String {
    version(v, &table::Terminal { colour: false })
}

/// How a format shows what users wrote.
pub(crate) trait Escape {
    /// Prose: titles, messages, values.
    fn text(&self, s: &str) -> String;
    /// Ids, handles, file names, refs.
    fn id(&self, s: &str) -> String;
    /// A warning the reader must not miss.
    fn strong(&self, s: &str) -> String;
}

/// "origin/main (merge base 1a2b3c4)", "HEAD (9f8e7d6)", "the work tree".
pub(crate) fn version(v: &Version, e: &dyn Escape) -> String {
    let mut text = match v.commit.as_deref() {
        None => "the work tree".to_string(),
        Some(commit) => {
            let short = e.id(commit.get(..7).unwrap_or(commit));
            if v.merge_base {
                format!("{} (merge base {short})", e.id(&v.name))
            } else if v.name.len() >= 4 && commit.starts_with(v.name.as_str()) {
                // Named by its id: once is enough.
                short
            } else {
                format!("{} ({short})", e.id(&v.name))
            }
        }
    };
    if !v.has_tree {
        text.push_str(", which has no strategy tree");
    }
    text
}

fn optional(value: &Option<String>, e: &dyn Escape) -> String {
    value
        .as_deref()
        .map_or_else(|| "none".to_string(), |v| e.text(v))
}

fn handle(value: &Option<String>, e: &dyn Escape) -> String {
    value
        .as_deref()
        .map_or_else(|| "nobody".to_string(), |v| e.id(v))
}

/// "owner `@bob` → `@dan`".
fn owner_line(owner: &FromTo<Option<String>>, e: &dyn Escape) -> String {
    format!(
        "owner {} → {}",
        handle(&owner.before, e),
        handle(&owner.after, e)
    )
}

fn ids(values: &[String], e: &dyn Escape) -> String {
    values
        .iter()
        .map(|v| e.id(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "status: active → dropped", "members: added", "limits.max_objectives_per_team: 3 → 4".
pub(crate) fn field(f: &FieldChange, e: &dyn Escape) -> String {
    match (&f.before, &f.after) {
        (None, Some(after)) => format!("{}: {}", e.text(&f.field), e.text(after)),
        (Some(before), None) => format!("{}: {} (removed)", e.text(&f.field), e.text(before)),
        _ => format!(
            "{}: {} → {}",
            e.text(&f.field),
            optional(&f.before, e),
            optional(&f.after, e)
        ),
    }
}

/// What changed in an objective, one line each.
pub(crate) fn objective_lines(o: &ObjectiveChange, e: &dyn Escape) -> Vec<String> {
    let mut lines = Vec::new();
    match o.change {
        Change::Added | Change::Removed => {
            lines.push(format!("team {}, cycle {}", e.id(&o.team), e.id(&o.cycle)));
        }
        Change::Changed => {}
    }
    if let Some(old) = &o.renamed_from {
        lines.push(format!("renamed from {}", e.id(old)));
    }
    if let Some(m) = &o.team_moved {
        lines.push(format!(
            "moved from team {} to {}",
            e.id(&m.before),
            e.id(&m.after)
        ));
    }
    if let Some(m) = &o.cycle_moved {
        lines.push(format!(
            "moved from cycle {} to {}",
            e.id(&m.before),
            e.id(&m.after)
        ));
    }
    if let Some(s) = &o.supports {
        match o.change {
            Change::Added if !s.added.is_empty() => {
                lines.push(format!("supports {}", ids(&s.added, e)))
            }
            Change::Added => lines.push("supports nothing".into()),
            Change::Removed => lines.push(format!("supported {}", ids(&s.removed, e))),
            Change::Changed => {
                let mut parts = Vec::new();
                if !s.added.is_empty() {
                    parts.push(format!("now supports {}", ids(&s.added, e)));
                }
                if !s.removed.is_empty() {
                    parts.push(format!("no longer {}", ids(&s.removed, e)));
                }
                lines.push(format!("re-parented: {}", parts.join("; ")));
            }
        }
    }
    lines.extend(o.owner.as_ref().map(|owner| owner_line(owner, e)));
    lines.extend(o.fields.iter().map(|f| field(f, e)));
    lines
}

fn value(x: Option<f64>, unit: Option<&str>) -> String {
    x.map_or_else(|| "none".to_string(), |x| with_unit(x, unit))
}

/// "target 99.5% → 99%, eased after its cycle started: goalpost moved".
fn goal_line(what: &str, g: &GoalChange, unit: Option<&str>, e: &dyn Escape) -> String {
    let values = match (g.before, g.after) {
        (None, Some(after)) => return format!("{what} {}", e.text(&with_unit(after, unit))),
        (Some(before), None) => return format!("{what} {}", e.text(&with_unit(before, unit))),
        (before, after) => format!(
            "{what} {} → {}",
            e.text(&value(before, unit)),
            e.text(&value(after, unit))
        ),
    };
    let judgement = match (g.direction, g.timing) {
        (Some(GoalMove::Eased), _) if g.goalpost_moved => match &g.agreed {
            Some(reason) => format!(
                "eased after its cycle started: {}, agreed: {}",
                e.strong("goalpost moved"),
                e.text(reason)
            ),
            None => format!(
                "eased after its cycle started: {}",
                e.strong("goalpost moved")
            ),
        },
        (Some(GoalMove::Eased), Some(Timing::Planning)) => {
            "eased before its cycle starts (planning)".to_string()
        }
        (Some(GoalMove::Eased), _) => "eased".to_string(),
        (Some(GoalMove::Tightened), _) => "tightened".to_string(),
        (None, _) => return values,
    };
    format!("{values}, {judgement}")
}

/// What changed in a key result, one line each.
pub(crate) fn kr_lines(kr: &KrChange, e: &dyn Escape) -> Vec<String> {
    let unit = kr.unit.as_deref();
    let mut lines = Vec::new();
    if let Some(old) = &kr.renamed_from {
        lines.push(format!("renamed from {}", e.id(old)));
    }
    if kr.change == Change::Removed || kr.change == Change::Added {
        lines.push(format!("kind {}", e.text(kind(kr.kind))));
    }
    if let Some(t) = &kr.target {
        lines.push(goal_line("target", t, unit, e));
    }
    if let Some(b) = &kr.baseline {
        lines.push(goal_line("baseline", b, unit, e));
    }
    if let Some(c) = &kr.current {
        lines.push(match (c.before, c.after) {
            (None, Some(x)) | (Some(x), None) => format!("current {}", e.text(&with_unit(x, unit))),
            (before, after) => format!(
                "current {} → {}",
                e.text(&value(before, unit)),
                e.text(&value(after, unit))
            ),
        });
    }
    if let Some(p) = &kr.progress {
        let pct = |x: Option<f64>| x.map_or_else(|| "not scored".to_string(), percent);
        lines.push(match kr.change {
            Change::Changed => format!("progress {} → {}", pct(p.before), pct(p.after)),
            Change::Added => format!("progress {}", pct(p.after)),
            Change::Removed => format!("progress {}", pct(p.before)),
        });
    }
    if let Some(k) = &kr.kind_changed {
        lines.push(format!("kind {} → {}", kind(k.before), kind(k.after)));
    }
    if let Some(u) = &kr.unit_changed {
        lines.push(format!(
            "unit {} → {}",
            optional(&u.before, e),
            optional(&u.after, e)
        ));
    }
    lines.extend(kr.owner.as_ref().map(|owner| owner_line(owner, e)));
    lines.extend(kr.fields.iter().map(|f| field(f, e)));
    lines
}

fn kind(k: crate::model::KrKind) -> &'static str {
    use crate::model::KrKind;
    match k {
        KrKind::Increase => "increase",
        KrKind::Decrease => "decrease",
        KrKind::StayAbove => "stay above",
        KrKind::StayBelow => "stay below",
        KrKind::Milestone => "milestone",
        KrKind::Ordinal => "ordinal",
    }
}

/// A target or baseline eased after the cycle started.
pub(crate) fn goalpost_moved(kr: &KrChange) -> bool {
    let moved = |g: &Option<GoalChange>| g.as_ref().is_some_and(|g| g.goalpost_moved);
    moved(&kr.target) || moved(&kr.baseline)
}

/// The change column of a key result: "added", "check-in", "goalpost moved".
pub(crate) fn kr_change(kr: &KrChange) -> &'static str {
    match kr.change {
        Change::Changed if goalpost_moved(kr) => "goalpost moved",
        Change::Changed if kr.check_in => "check-in",
        c => c.name(),
    }
}

/// "`deploys-boring` (platform) → `infra-capacity`, team `infra`".
pub(crate) fn dependency_cells(d: &DependencyChange, e: &dyn Escape) -> [String; 4] {
    let team = d.on_team.as_deref().map_or_else(
        || "unknown objective".to_string(),
        |t| format!("team {}", e.id(t)),
    );
    let mut answer = match d.answer_before {
        Some(before) => format!("{} → {}", before.name(), d.answer.name()),
        None => d.answer.name().to_string(),
    };
    if let Some(reason) = &d.reason {
        answer.push_str(&format!(": {}", e.text(reason)));
    }
    [
        format!("{} ({})", e.id(&d.objective), e.id(&d.team)),
        e.id(&d.on),
        answer,
        team,
    ]
}

/// "pillar `reliability`", "settings `align.toml`".
pub(crate) fn entity_name(c: &EntityChange, e: &dyn Escape) -> String {
    if c.kind == OtherKind::Vision {
        return "vision".into();
    }
    format!("{} {}", c.kind.name(), e.id(&c.id))
}

/// "objectives/2026-Q4/platform.toml:12".
pub(crate) fn place(f: &DiffFinding, e: &dyn Escape) -> String {
    match (&f.file, f.line) {
        (Some(file), Some(line)) => e.id(&format!("{file}:{line}")),
        (Some(file), None) => e.id(file),
        _ => f
            .entity
            .as_ref()
            .map_or_else(String::new, |x| e.text(&x.to_string())),
    }
}
