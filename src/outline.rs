//! The line-of-sight outline of one cycle: the vision, its pillars, the objectives
//! that support them with their key results, and the dependencies between objectives,
//! each with its progress and health. `align graph` draws it as a graph, `align tree`
//! as an indented tree; both only lay it out. Nothing here recurses: a `supports`
//! chain 100,000 deep is walked with explicit stacks and queues.

use std::collections::{HashMap, HashSet, VecDeque};

use jiff::civil::Date;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::error::Result;
use crate::graph::{Graph, Node};
use crate::load::Tree;
use crate::model::{Model, Objective, Perspective, Status};
use crate::score::{self, Health};

/// Bumped when a field of `align graph --format json` changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// What to show: `--cycle` and `--team`.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    pub cycle: Option<&'a str>,
    pub team: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Outline {
    pub schema_version: u32,
    pub today: String,
    /// The cycle shown; `None` when the tree defines no cycle (then every objective).
    pub cycle: Option<String>,
    /// The team shown with the teams below it (`--team`).
    pub team: Option<String>,
    /// The vision first, then pillars, objectives each followed by its key results,
    /// and last the objectives outside the scope that an objective depends on.
    pub nodes: Vec<OutlineNode>,
    /// `from` and `to` index `nodes`.
    pub edges: Vec<OutlineEdge>,
    /// The tree in pre-order, for `align tree`.
    #[serde(skip)]
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Vision,
    Pillar,
    Objective,
    KeyResult,
}

#[derive(Debug, Serialize)]
pub struct OutlineNode {
    /// Unique among the nodes: `vision`, `pillar:ID`, `objective:ID`,
    /// `key-result:OBJECTIVE/ID`.
    pub key: String,
    pub kind: NodeKind,
    pub id: String,
    pub title: String,
    pub team: Option<String>,
    pub owner: Option<String>,
    pub perspective: Option<Perspective>,
    /// An objective's, as written (`active` by default); a key result's when its
    /// objective is not active, since it is then not scored against the pace.
    pub status: Option<Status>,
    /// 0..1; `None` when it cannot be scored.
    pub progress: Option<f64>,
    /// Against the pace of the cycle; `None` when not active, not scored, or once
    /// the cycle ended.
    pub health: Option<Health>,
    /// An objective's final score and verdict once its cycle ended (then `status` is
    /// the verdict and `progress` the score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<score::Grade>,
    /// Outside the scope, shown because an objective in it supports or needs it.
    pub context: bool,
    /// An objective with no path through `supports` to a pillar.
    pub orphan: bool,
    /// The objectives this one needs (`depends_on`), as indices of `nodes`, with the
    /// other team's answer; the same as its `depends-on` edges.
    #[serde(skip)]
    pub needs: Vec<(usize, crate::handshake::Answer)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// From what is supported down to what supports it: vision to pillar, pillar or
    /// objective to objective.
    Supports,
    /// From an objective to its key result.
    KeyResult,
    /// From an objective to the objective it needs.
    DependsOn,
}

#[derive(Debug, Serialize)]
pub struct OutlineEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// For a `depends-on` edge: whether the other team agreed (the handshake).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<crate::handshake::Answer>,
}

/// One line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub item: RowItem,
    /// 0 for the vision.
    pub depth: usize,
    /// The last of its siblings: drawn with a closing corner.
    pub last: bool,
    /// An objective that supports several parents, shown in full under the first:
    /// its supporters are not repeated.
    pub repeated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowItem {
    Node(usize),
    /// The heading of the objectives with no line of sight.
    NoLineOfSight,
}

/// Builds the outline of one cycle (by default the one containing today, else the
/// latest one that has started) and, with `--team`, one team and the teams below it.
pub fn build(tree: &Tree, today: Date, scope: &Scope) -> Result<Outline> {
    let model = &tree.model;
    let graph = Graph::build(model);
    let cycle = crate::scope::choose_cycle(model, scope.cycle, today)?.map(|(c, _)| c);
    let teams = scope
        .team
        .map(|id| crate::scope::teams_under(model, &graph, id))
        .transpose()?;
    let in_scope: Vec<usize> = (0..model.objectives.len())
        .filter(|&o| {
            let objective = &model.objectives[o];
            cycle.is_none_or(|c| objective.cycle.get_ref() == model.cycles[c].id.get_ref())
                && teams.as_ref().is_none_or(|teams| {
                    graph
                        .index
                        .teams
                        .get(objective.team.get_ref().as_str())
                        .is_some_and(|t| teams.contains(t))
                })
        })
        .collect();

    let mut builder = Builder {
        model,
        graph: &graph,
        tree,
        today,
        nodes: Vec::new(),
        edges: Vec::new(),
        at: HashMap::new(),
    };
    let vision = builder.add(Node::Vision, false);

    // What the objectives in scope support, up to the pillars: one walk from all of
    // them at once, so that a long chain is walked once, not once per objective.
    let scoped: HashSet<usize> = in_scope.iter().copied().collect();
    let mut placed = scoped.clone();
    let mut reached_pillars = HashSet::new();
    let mut queue: VecDeque<NodeIndex> = in_scope.iter().map(|&o| graph.objectives[o]).collect();
    while let Some(node) = queue.pop_front() {
        for parent in graph.supports(node) {
            match graph.node(parent) {
                Node::Pillar(p) => {
                    reached_pillars.insert(p);
                }
                Node::Objective(o) if placed.insert(o) => queue.push_back(parent),
                _ => {}
            }
        }
    }
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for p in (0..model.pillars.len()).filter(|p| teams.is_none() || reached_pillars.contains(p)) {
        let pillar = builder.add(Node::Pillar(p), false);
        builder.edge(vision, pillar, EdgeKind::Supports);
        children.entry(vision).or_default().push(pillar);
    }
    let sight = graph.line_of_sight();
    let placed: Vec<usize> = (0..model.objectives.len())
        .filter(|o| placed.contains(o))
        .collect();
    let mut key_results: HashMap<usize, Vec<usize>> = HashMap::new();
    for &o in &placed {
        let node = builder.add(Node::Objective(o), !scoped.contains(&o));
        builder.nodes[node].orphan = !sight[o];
        if scoped.contains(&o) {
            for k in 0..model.objectives[o].key_result.len() {
                let kr = builder.add(Node::KeyResult(o, k), false);
                builder.edge(node, kr, EdgeKind::KeyResult);
                key_results.entry(node).or_default().push(kr);
            }
        }
    }
    // Supports edges, parent to child, between placed nodes.
    for &o in &placed {
        let child = builder.at[&Node::Objective(o)];
        let mut parents: Vec<usize> = graph
            .supports(graph.objectives[o])
            .filter_map(|p| builder.at.get(&graph.node(p)).copied())
            .collect();
        parents.sort_unstable();
        parents.dedup();
        for parent in parents {
            builder.edge(parent, child, EdgeKind::Supports);
            children.entry(parent).or_default().push(child);
        }
    }
    // Key results after the objectives that support theirs.
    for (node, krs) in key_results {
        children.entry(node).or_default().extend(krs);
    }
    // Dependencies of the objectives in scope; one outside the placed ones is added
    // for context, without a place in the tree.
    let answers = crate::handshake::Answers::of(model);
    for &o in &in_scope {
        let from = builder.at[&Node::Objective(o)];
        let mut needed: Vec<usize> = model.objectives[o]
            .depends_on
            .iter()
            .filter_map(|d| graph.index.objectives.get(d.get_ref().as_str()).copied())
            .collect();
        needed.sort_unstable();
        needed.dedup();
        for d in needed {
            let to = match builder.at.get(&Node::Objective(d)) {
                Some(&to) => to,
                None => {
                    let to = builder.add(Node::Objective(d), true);
                    builder.nodes[to].orphan = !sight[d];
                    to
                }
            };
            builder.edge(from, to, EdgeKind::DependsOn);
            let answer = answers.answer(
                model.objectives[o].id.get_ref(),
                model.objectives[d].id.get_ref(),
            );
            if let Some(edge) = builder.edges.last_mut() {
                edge.answer = Some(answer);
            }
            builder.nodes[from].needs.push((to, answer));
        }
    }
    let orphans: Vec<usize> = placed
        .iter()
        .filter(|&&o| !sight[o])
        .map(|o| builder.at[&Node::Objective(*o)])
        .collect();
    Ok(Outline {
        schema_version: SCHEMA_VERSION,
        today: today.to_string(),
        cycle: cycle.map(|c| model.cycles[c].id.get_ref().clone()),
        team: scope.team.map(str::to_string),
        rows: rows(&children, &orphans),
        nodes: builder.nodes,
        edges: builder.edges,
    })
}

struct Builder<'a> {
    model: &'a Model,
    graph: &'a Graph<'a>,
    tree: &'a Tree,
    today: Date,
    nodes: Vec<OutlineNode>,
    edges: Vec<OutlineEdge>,
    /// Where each entity is in `nodes`.
    at: HashMap<Node, usize>,
}

impl Builder<'_> {
    fn add(&mut self, entity: Node, context: bool) -> usize {
        let node = self.node(entity, context);
        self.nodes.push(node);
        let index = self.nodes.len() - 1;
        self.at.insert(entity, index);
        index
    }

    fn edge(&mut self, from: usize, to: usize, kind: EdgeKind) {
        self.edges.push(OutlineEdge {
            from,
            to,
            kind,
            answer: None,
        });
    }

    fn node(&self, entity: Node, context: bool) -> OutlineNode {
        let model = self.model;
        let text = |s: &Option<toml::Spanned<String>>| s.as_ref().map(|s| s.get_ref().clone());
        let blank = |key: String, kind: NodeKind, id: String, title: String| OutlineNode {
            key,
            kind,
            id,
            title,
            team: None,
            owner: None,
            perspective: None,
            status: None,
            progress: None,
            health: None,
            grade: None,
            context,
            orphan: false,
            needs: Vec::new(),
        };
        match entity {
            Node::Vision => {
                let vision = model.vision();
                let mut node = blank(
                    "vision".into(),
                    NodeKind::Vision,
                    "vision".into(),
                    vision.map_or_else(|| "(no vision)".into(), |v| v.statement.get_ref().clone()),
                );
                node.owner = vision.and_then(|v| text(&v.owner));
                node
            }
            Node::Pillar(p) => {
                let pillar = &model.pillars[p];
                let id = pillar.id.get_ref().clone();
                let mut node = blank(
                    format!("pillar:{id}"),
                    NodeKind::Pillar,
                    id,
                    pillar.title.get_ref().clone(),
                );
                node.owner = text(&pillar.owner);
                node.perspective = pillar.perspective.as_ref().map(|p| *p.get_ref());
                node
            }
            Node::Objective(o) => {
                let objective = &model.objectives[o];
                let id = objective.id.get_ref().clone();
                let elapsed = self.elapsed(objective);
                let verdict =
                    score::objective_verdict(objective, elapsed, &self.tree.settings.pace);
                let progress = verdict.progress;
                let grade = self.grade(objective);
                // Once the cycle ended, grades, not pace: no health for an active one.
                let health = match objective.status() {
                    Status::Active if grade.is_some() || self.ended(objective) => None,
                    Status::Active => verdict.health,
                    Status::Missed => Some(Health::OffTrack),
                    Status::Achieved | Status::Dropped | Status::Draft => None,
                };
                let mut node = blank(
                    format!("objective:{id}"),
                    NodeKind::Objective,
                    id,
                    objective.title.get_ref().clone(),
                );
                node.team = Some(objective.team.get_ref().clone());
                node.owner = text(&objective.owner);
                node.status = Some(grade.map_or(objective.status(), |g| g.verdict.status()));
                node.progress = grade.map(|g| g.score).or(progress);
                node.health = health;
                node.grade = grade;
                node
            }
            Node::KeyResult(o, k) => {
                let objective = &model.objectives[o];
                let kr = objective.key_result[k].get_ref();
                let id = kr.id.get_ref().clone();
                let active = objective.status() == Status::Active && !self.ended(objective);
                let elapsed = self.elapsed(objective);
                let verdict = score::kr_verdict(kr, active, elapsed, &self.tree.settings.pace);
                let scored = verdict.score.ok();
                let mut node = blank(
                    format!("key-result:{}/{id}", objective.id.get_ref()),
                    NodeKind::KeyResult,
                    id,
                    kr.title.get_ref().clone(),
                );
                node.owner = text(&kr.owner).or_else(|| text(&objective.owner));
                node.progress = scored.map(|s| s.progress);
                // Once the cycle ended, a key result is achieved or missed on its own:
                // reached its goal or not.
                node.status = if self.ended(objective) && objective.status() == Status::Active {
                    scored.map(|s| {
                        if s.progress >= score::kr_goal(kr) - 1e-9 {
                            Status::Achieved
                        } else {
                            Status::Missed
                        }
                    })
                } else {
                    (!active).then(|| objective.status())
                };
                node.health = verdict.health;
                node
            }
            // Teams are not drawn: `add` is never called with one.
            Node::Team(t) => blank(
                format!("team:{}", model.teams[t].id.get_ref()),
                NodeKind::Vision,
                model.teams[t].id.get_ref().clone(),
                String::new(),
            ),
        }
    }

    /// Whether the objective's cycle ended: grades, not pace.
    fn ended(&self, objective: &Objective) -> bool {
        self.graph
            .index
            .cycles
            .get(objective.cycle.get_ref().as_str())
            .is_some_and(|&c| self.model.cycles[c].ended(self.today))
    }

    /// The objective's grade, once its cycle ended.
    fn grade(&self, objective: &Objective) -> Option<score::Grade> {
        if !self.ended(objective) {
            return None;
        }
        score::grade(objective, &self.tree.settings.grading)
    }

    /// The elapsed part of the objective's own cycle: a parent shown for context may
    /// belong to a longer one.
    fn elapsed(&self, objective: &Objective) -> f64 {
        self.graph
            .index
            .cycles
            .get(objective.cycle.get_ref().as_str())
            .map_or(0.0, |&c| score::elapsed(&self.model.cycles[c], self.today))
    }
}

/// The tree in pre-order: the vision, each pillar with the objectives supporting it
/// (and theirs, and their key results), then the objectives with no line of sight,
/// those that support nothing placed first. An objective under several parents is
/// expanded under the first only, so a loop of `supports` ends.
fn rows(children: &HashMap<usize, Vec<usize>>, orphans: &[usize]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut expanded = HashSet::new();
    walk(0, 0, children, &mut expanded, &mut rows);
    if orphans.is_empty() {
        return rows;
    }
    // The heading is the vision's last child, not the last pillar.
    if let Some(row) = rows.iter_mut().rev().find(|r| r.depth == 1) {
        row.last = false;
    }
    rows.push(Row {
        item: RowItem::NoLineOfSight,
        depth: 1,
        last: true,
        repeated: false,
    });
    let heading = rows.len();
    let supporting: HashSet<usize> = children.values().flatten().copied().collect();
    let (roots, in_loops): (Vec<usize>, Vec<usize>) =
        orphans.iter().partition(|o| !supporting.contains(o));
    for o in roots.into_iter().chain(in_loops) {
        if !expanded.contains(&o) {
            walk(o, 2, children, &mut expanded, &mut rows);
        }
    }
    let tops = heading..rows.len();
    for i in tops.clone() {
        rows[i].last &= rows[i].depth != 2;
    }
    if let Some(i) = tops.rev().find(|&i| rows[i].depth == 2) {
        rows[i].last = true;
    }
    rows
}

/// Pre-order rows of the subtree under `root`, with an explicit stack.
fn walk(
    root: usize,
    depth: usize,
    children: &HashMap<usize, Vec<usize>>,
    expanded: &mut HashSet<usize>,
    rows: &mut Vec<Row>,
) {
    let mut stack = vec![(root, depth, true)];
    while let Some((node, depth, last)) = stack.pop() {
        let first = expanded.insert(node);
        rows.push(Row {
            item: RowItem::Node(node),
            depth,
            last,
            repeated: !first,
        });
        if first && let Some(kids) = children.get(&node) {
            for (i, &kid) in kids.iter().enumerate().rev() {
                stack.push((kid, depth + 1, i + 1 == kids.len()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyFile;
    use crate::settings::Settings;
    use crate::source::{FileId, Sources};

    fn tree(text: &str) -> Tree {
        let mut model = Model::default();
        let file: StrategyFile = toml::from_str(text).expect("test TOML parses");
        model.absorb(FileId(0), file);
        Tree {
            sources: Sources::default(),
            model,
            settings: Settings::default(),
            settings_file: None,
            findings: Vec::new(),
            files_not_loaded: 0,
        }
    }

    fn day(text: &str) -> Date {
        text.parse().expect("a date")
    }

    const HEAD: &str = "[vision]\nstatement = \"v\"\n[[pillar]]\nid = \"p\"\ntitle = \"p\"\n\
        [[cycle]]\nid = \"q\"\nstart = 2026-10-01\nend = 2026-12-31\n";

    #[test]
    fn a_chain_100_000_deep_is_outlined_without_recursion() {
        let mut text = String::from(HEAD);
        for i in 0..100_000 {
            let parent = if i == 0 {
                "p".to_string()
            } else {
                format!("o{}", i - 1)
            };
            text.push_str(&format!(
                "[[objective]]\nid = \"o{i}\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"q\"\nsupports = [\"{parent}\"]\n"
            ));
        }
        let tree = tree(&text);
        let outline = build(&tree, day("2026-11-15"), &Scope::default()).expect("built");
        assert_eq!(outline.rows.len(), 100_002);
        let last = outline.rows.last().expect("rows");
        assert_eq!(last.depth, 100_001);
        assert_eq!(
            outline.nodes[match last.item {
                RowItem::Node(n) => n,
                RowItem::NoLineOfSight => panic!("no orphans"),
            }]
            .id,
            "o99999"
        );
        let mut out = Vec::new();
        let style = crate::render::tree::Style {
            ascii: true,
            colour: false,
        };
        crate::render::tree::render(&outline, style, &mut out).expect("rendered");
        let text = String::from_utf8(out).expect("UTF-8");
        let last_line = text.lines().last().expect("lines");
        assert!(
            last_line.ends_with("[depth 100001] `-- o99999  t  [x]  not scored"),
            "{last_line}"
        );
        // Guides stop at the limit: the output grows linearly with the depth.
        assert!(last_line.len() < 200, "{}", last_line.len());
    }

    #[test]
    fn a_team_sees_what_its_objectives_support_and_need() {
        let text = format!(
            "{HEAD}[[team]]\nid = \"eng\"\n[[team]]\nid = \"web\"\nparent = \"eng\"\n[[team]]\nid = \"ops\"\n\
             [[objective]]\nid = \"top\"\ntitle = \"t\"\nteam = \"eng\"\ncycle = \"q\"\nsupports = [\"p\"]\n\
             [[objective]]\nid = \"leaf\"\ntitle = \"t\"\nteam = \"web\"\ncycle = \"q\"\nsupports = [\"top\"]\ndepends_on = [\"infra\"]\n\
             [[objective]]\nid = \"infra\"\ntitle = \"t\"\nteam = \"ops\"\ncycle = \"q\"\nsupports = [\"p\"]\n\
             [[objective]]\nid = \"lost\"\ntitle = \"t\"\nteam = \"web\"\ncycle = \"q\"\n"
        );
        let tree = tree(&text);
        let scope = Scope {
            cycle: None,
            team: Some("web"),
        };
        let outline = build(&tree, day("2026-11-15"), &scope).expect("built");
        let keys: Vec<(&str, bool)> = outline
            .nodes
            .iter()
            .map(|n| (n.key.as_str(), n.context))
            .collect();
        assert_eq!(
            keys,
            [
                ("vision", false),
                ("pillar:p", false),
                ("objective:top", true),
                ("objective:leaf", false),
                ("objective:lost", false),
                ("objective:infra", true),
            ]
        );
        assert!(outline.nodes[4].orphan);
        let rows: Vec<(usize, usize, bool)> = outline
            .rows
            .iter()
            .map(|r| match r.item {
                RowItem::Node(n) => (n, r.depth, r.last),
                RowItem::NoLineOfSight => (usize::MAX, r.depth, r.last),
            })
            .collect();
        assert_eq!(
            rows,
            [
                (0, 0, true),
                (1, 1, false),
                (2, 2, true),
                (3, 3, true),
                (usize::MAX, 1, true),
                (4, 2, true),
            ]
        );
        assert_eq!(
            outline.nodes[3]
                .needs
                .iter()
                .map(|n| n.0)
                .collect::<Vec<_>>(),
            [5]
        );
        let unknown = Scope {
            cycle: Some("q9"),
            team: None,
        };
        let error = build(&tree, day("2026-11-15"), &unknown).expect_err("unknown cycle");
        assert_eq!(
            error.to_string(),
            "no cycle `q9`: did you mean `q`? (known: q)"
        );
    }
}
