//! What one version of one strategy file says about the entities drift follows: the
//! vision, pillars, objectives and key results, as comparable values without spans.
//! Parsed leniently (unknown keys are ignored), so that a file written before a key
//! existed, or with a key align no longer knows, still has a history. Every key of
//! the model is compared, so a change to any of them is a change of the entity.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::Entity;
use crate::model::{Confidence, Date, KrKind, Status, Zone};

/// What drift follows, by identity: a key result is `objective/key-result`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[expect(
    clippy::enum_variant_names,
    reason = "a key result is what OKRs call it, not a kind of key"
)]
pub enum Key {
    Vision,
    Pillar(String),
    Objective(String),
    KeyResult(String, String),
}

impl Key {
    /// As users write it: `vision`, `reliability`, `deploys-boring`,
    /// `deploys-boring/deploy-success`.
    pub fn name(&self) -> String {
        match self {
            Self::Vision => "vision".into(),
            Self::Pillar(id) | Self::Objective(id) => id.clone(),
            Self::KeyResult(o, k) => format!("{o}/{k}"),
        }
    }

    /// What a finding about this entity is about.
    pub fn entity(&self) -> Entity {
        match self {
            Self::Vision => Entity::Vision,
            Self::Pillar(id) => Entity::Pillar(id.clone()),
            Self::Objective(id) => Entity::Objective(id.clone()),
            Self::KeyResult(objective, id) => Entity::KeyResult {
                objective: objective.clone(),
                id: id.clone(),
            },
        }
    }

    pub fn noun(&self) -> &'static str {
        match self {
            Self::Vision => "vision",
            Self::Pillar(_) => "pillar",
            Self::Objective(_) => "objective",
            Self::KeyResult(..) => "key result",
        }
    }
}

/// One entity's content in one version of its file.
///
/// Shared: the same state sits in a file's summary, the parser's memory and events.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Vision(Arc<TextState>),
    Pillar(Arc<TextState>),
    Objective(Arc<ObjectiveState>),
    KeyResult(Arc<KrState>),
}

/// The vision or a pillar: only what changes its meaning (not the owner).
#[derive(Debug, Clone, PartialEq)]
pub struct TextState {
    pub text: String,
    pub description: Option<String>,
    pub perspective: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveState {
    pub title: String,
    pub team: String,
    pub cycle: String,
    pub status: Status,
    pub owner: Option<String>,
    pub supports: Vec<String>,
    pub depends_on: Vec<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
    /// The objective of an earlier cycle this one continues.
    pub continues: Option<String>,
}

/// A key result's values: what a check-in changes.
#[derive(Debug, Clone, PartialEq)]
pub struct KrState {
    pub title: String,
    /// As written, or inferred as `KeyResult::kind` does.
    pub kind: KrKind,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub stretch: Option<f64>,
    pub done: Option<bool>,
    pub zone: Option<Zone>,
    pub confidence: Option<Confidence>,
    pub checked: Option<jiff::civil::Date>,
    pub owner: Option<String>,
    /// The other keys, which a check-in rarely changes but which are part of it.
    pub unit: Option<String>,
    pub weight: Option<f64>,
    pub zones: [Option<String>; 3],
    pub signal: Option<String>,
}

/// The entities of one file version, or `None` when it does not parse: its entities
/// then keep the state of the last version that did.
pub type Summary = Option<Arc<Vec<(Key, State)>>>;

/// Parses one version of a file.
pub fn summarize(text: &str) -> Summary {
    let file: LeanFile = toml::from_str(text).ok()?;
    let mut out = Vec::new();
    if let Some(v) = file.vision {
        out.push((Key::Vision, vision(v)));
    }
    for p in file.pillar {
        let (id, state) = pillar(p);
        out.push((Key::Pillar(id), state));
    }
    for mut o in file.objective {
        let key_results = std::mem::take(&mut o.key_result);
        let (id, state) = objective(o);
        out.push((Key::Objective(id.clone()), state));
        for kr in key_results {
            let (kr_id, state) = key_result(kr);
            out.push((Key::KeyResult(id.clone(), kr_id), state));
        }
    }
    Some(Arc::new(out))
}

fn vision(v: LeanVision) -> State {
    State::Vision(Arc::new(TextState {
        text: v.statement,
        description: v.description,
        perspective: None,
    }))
}

fn pillar(p: LeanPillar) -> (String, State) {
    let state = State::Pillar(Arc::new(TextState {
        text: p.title,
        description: p.description,
        perspective: p.perspective,
    }));
    (p.id, state)
}

fn objective(o: LeanObjective) -> (String, State) {
    let mut supports = o.supports;
    supports.sort();
    let mut depends_on = o.depends_on;
    depends_on.sort();
    let state = State::Objective(Arc::new(ObjectiveState {
        title: o.title,
        team: o.team,
        cycle: o.cycle,
        status: o.status.unwrap_or_default(),
        owner: o.owner,
        supports,
        depends_on,
        kind: o.kind,
        description: o.description,
        continues: o.continues,
    }));
    (o.id, state)
}

fn key_result(kr: LeanKr) -> (String, State) {
    let kind = kr.kind.unwrap_or_else(|| {
        if kr.done.is_some() {
            KrKind::Milestone
        } else if kr.zone.is_some() || kr.target_zone.is_some() {
            KrKind::Ordinal
        } else {
            match (kr.baseline, kr.target) {
                (Some(b), Some(t)) if t < b => KrKind::Decrease,
                _ => KrKind::Increase,
            }
        }
    });
    let state = State::KeyResult(Arc::new(KrState {
        title: kr.title,
        kind,
        baseline: kr.baseline,
        target: kr.target,
        current: kr.current,
        stretch: kr.stretch,
        done: kr.done,
        zone: kr.zone,
        confidence: kr.confidence,
        checked: kr.checked.map(|d| d.0),
        owner: kr.owner,
        unit: kr.unit,
        weight: kr.weight,
        zones: [kr.commit_zone, kr.target_zone, kr.stretch_zone],
        signal: kr.signal,
    }));
    (kr.id, state)
}

/// Parses versions of files one table at a time, remembering each table's text: a
/// check-in changes one or two tables of a file, so the other tables of the new version
/// are not parsed again. Gives what [`summarize`] gives (a test holds them equal),
/// and falls back to it for any file whose tables it cannot split safely.
#[derive(Default)]
pub struct Parser {
    tables: HashMap<Box<str>, Option<Table>>,
}

/// One table of a file, parsed.
#[derive(Clone)]
enum Table {
    Vision(State),
    Pillar(String, State),
    Objective(String, State),
    KeyResult(String, State),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    Vision,
    Pillar,
    Objective,
    KeyResult,
    Other,
}

/// Tables remembered at most; past that the memory is cleared and refilled.
const TABLES: usize = 100_000;

impl Parser {
    pub fn summarize(&mut self, text: &str) -> Summary {
        self.by_table(text).unwrap_or_else(|| summarize(text))
    }

    fn by_table(&mut self, text: &str) -> Option<Summary> {
        let tables = split(text)?;
        if tables.iter().filter(|t| t.0 == Header::Vision).count() > 1 {
            return None;
        }
        if self.tables.len() > TABLES {
            self.tables.clear();
        }
        let mut out = Vec::new();
        let mut objective: Option<String> = None;
        for (header, whole, body) in tables {
            let table = match self.tables.get(whole) {
                Some(table) => table.clone(),
                None => {
                    let table = parse_table(header, body);
                    self.tables.insert(whole.into(), table.clone());
                    table
                }
            }?;
            match table {
                Table::Vision(state) => out.push((Key::Vision, state)),
                Table::Pillar(id, state) => out.push((Key::Pillar(id), state)),
                Table::Objective(id, state) => {
                    objective = Some(id.clone());
                    out.push((Key::Objective(id), state));
                }
                Table::KeyResult(id, state) => {
                    out.push((Key::KeyResult(objective.clone()?, id), state));
                }
                Table::Other => objective = None,
            }
        }
        Some(Some(Arc::new(out)))
    }
}

fn parse_table(header: Header, body: &str) -> Option<Table> {
    Some(match header {
        Header::Vision => Table::Vision(vision(toml::from_str(body).ok()?)),
        Header::Pillar => {
            let (id, state) = pillar(toml::from_str(body).ok()?);
            Table::Pillar(id, state)
        }
        Header::Objective => {
            let o: LeanObjective = toml::from_str(body).ok()?;
            if !o.key_result.is_empty() {
                return None;
            }
            let (id, state) = objective(o);
            Table::Objective(id, state)
        }
        Header::KeyResult => {
            let (id, state) = key_result(toml::from_str(body).ok()?);
            Table::KeyResult(id, state)
        }
        Header::Other => Table::Other,
    })
}

/// The tables of a file: (header, the table's text with its header line, the text
/// after the header line). `None` when a line that is not a plain key = value line
/// could be read as a header (a multi-line string, an array spanning lines with a
/// nested array, a sub-table) or keys come before the first header: the whole file
/// is parsed then.
fn split(text: &str) -> Option<Vec<(Header, &str, &str)>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut out = Vec::new();
    let mut open: Option<(Header, usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header = header_of(trimmed)?;
            if let Some((h, table, body)) = open.take() {
                out.push((h, &text[table..start], &text[body..start]));
            }
            open = Some((header, start, offset));
        } else if open.is_none() {
            let code = trimmed.trim();
            if !code.is_empty() && !code.starts_with('#') {
                return None;
            }
        }
    }
    if let Some((h, table, body)) = open {
        out.push((h, &text[table..], &text[body..]));
    }
    Some(out)
}

fn header_of(line: &str) -> Option<Header> {
    let code = line.split('#').next().unwrap_or_default().trim();
    const PLAIN: [(&str, Header); 6] = [
        ("[[objective.key_result]]", Header::KeyResult),
        ("[[objective]]", Header::Objective),
        ("[[pillar]]", Header::Pillar),
        ("[vision]", Header::Vision),
        ("[[team]]", Header::Other),
        ("[[cycle]]", Header::Other),
    ];
    if let Some((_, header)) = PLAIN.iter().find(|(text, _)| *text == code) {
        return Some(*header);
    }
    // `[[` and `]]` are one token each; only the key inside may have spaces.
    let (open, inner, close) = if code.starts_with("[[") && code.ends_with("]]") {
        ("[[", code.get(2..code.len().checked_sub(2)?)?, "]]")
    } else {
        ("[", code.get(1..code.len().checked_sub(1)?)?, "]")
    };
    let squeezed: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match format!("{open}{squeezed}{close}").as_str() {
        "[vision]" => Header::Vision,
        "[[pillar]]" => Header::Pillar,
        "[[objective]]" => Header::Objective,
        "[[objective.key_result]]" => Header::KeyResult,
        "[[team]]" | "[[cycle]]" => Header::Other,
        _ => return None,
    })
}

#[derive(Deserialize)]
struct LeanFile {
    vision: Option<LeanVision>,
    #[serde(default)]
    pillar: Vec<LeanPillar>,
    #[serde(default)]
    objective: Vec<LeanObjective>,
}

#[derive(Deserialize)]
struct LeanVision {
    #[serde(default)]
    statement: String,
    description: Option<String>,
}

#[derive(Deserialize)]
struct LeanPillar {
    id: String,
    #[serde(default)]
    title: String,
    description: Option<String>,
    perspective: Option<String>,
}

#[derive(Deserialize)]
struct LeanObjective {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    cycle: String,
    status: Option<Status>,
    owner: Option<String>,
    #[serde(default)]
    supports: Vec<String>,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    key_result: Vec<LeanKr>,
    kind: Option<String>,
    description: Option<String>,
    continues: Option<String>,
}

#[derive(Deserialize)]
struct LeanKr {
    id: String,
    #[serde(default)]
    title: String,
    kind: Option<KrKind>,
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    stretch: Option<f64>,
    done: Option<bool>,
    zone: Option<Zone>,
    confidence: Option<Confidence>,
    checked: Option<Date>,
    owner: Option<String>,
    unit: Option<String>,
    weight: Option<f64>,
    commit_zone: Option<String>,
    target_zone: Option<String>,
    stretch_zone: Option<String>,
    signal: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_result_is_keyed_by_objective_and_id() {
        let text = "[[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\
                    [[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\nbaseline = 10\n\
                    target = 5.0\ncurrent = 8.0\nunit = \"ms\"\nchecked = 2026-11-01\n";
        let summary = summarize(text).expect("parses");
        let (key, state) = &summary[1];
        assert_eq!(key.name(), "o/k");
        let State::KeyResult(kr) = state else {
            panic!("the key result after its objective")
        };
        assert_eq!(kr.kind, KrKind::Decrease);
        assert_eq!((kr.baseline, kr.target), (Some(10.0), Some(5.0)));
        assert_eq!(
            kr.checked.map(|d| d.to_string()).as_deref(),
            Some("2026-11-01")
        );
        // The unit is not followed by name, but a change to it is still a change.
        let other = summarize(&text.replace("\"ms\"", "\"s\"")).expect("parses");
        assert_ne!(summary[1].1, other[1].1);
    }

    #[test]
    fn parsing_table_by_table_gives_what_parsing_the_file_gives() {
        let base = "# Platform\n[vision]\nstatement = \"v\"\n\n[[pillar]]\nid = \"p\"\ntitle = \"P\"\n\n\
                    [[objective]]\nid = \"o\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\
                    supports = [\n  \"p\",\n]\n\n[[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\n\
                    baseline = 1.0\ntarget = 5.0   # up\ncurrent = 2.0\n\n[[team]]\nid = \"x\"\n\n\
                    [[ objective ]]  # spaced\nid = \"o2\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"c\"\n\n\
                    [[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\ndone = true\n";
        let mut parser = Parser::default();
        let variants = [
            base.to_string(),
            base.replace("current = 2.0", "current = 3.0"),
            // A key result before any objective is not TOML: neither parses it.
            format!("[[objective.key_result]]\nid = \"k\"\ntitle = \"k\"\n{base}"),
            // Keys before the first table, a multi-line string, a nested array: whole file.
            format!("title = 1\n{base}"),
            base.replace("title = \"t\"", "title = \"\"\"t\n[[objective]]\n\"\"\""),
            base.replace("  \"p\",\n", "  [\"p\"],\n"),
            // Two visions, and a broken table.
            format!("{base}[vision]\nstatement = \"w\"\n"),
            base.replace("current = 2.0", "current = = 2.0"),
        ];
        for text in &variants {
            assert_eq!(parser.summarize(text), summarize(text), "{text}");
        }
        assert!(parser.summarize(&variants[1]).is_some());
        assert!(parser.summarize(&variants[2]).is_none());
        assert!(parser.summarize(&variants[7]).is_none());
    }

    #[test]
    fn a_file_that_does_not_parse_has_no_summary() {
        assert!(summarize("[[objective]\n").is_none());
        assert!(summarize("[[objective]]\ntitle = \"no id\"\n").is_none());
    }
}
