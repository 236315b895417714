//! The alignment graph: pillars under the vision, objectives supporting pillars or
//! other objectives, key results under objectives, teams in their tree, and the
//! dependencies between objectives. Queries never recurse, so a chain 100,000 deep
//! cannot overflow the stack.

use std::collections::{HashMap, VecDeque};

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeFiltered, EdgeRef};

use crate::model::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Vision,
    Pillar(usize),
    Team(usize),
    Objective(usize),
    /// Objective index, key result index within it.
    KeyResult(usize, usize),
}

impl Node {
    pub fn objective(self) -> Option<usize> {
        match self {
            Self::Objective(o) => Some(o),
            _ => None,
        }
    }

    pub fn team(self) -> Option<usize> {
        match self {
            Self::Team(t) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// Pillar -> vision.
    UnderVision,
    /// Objective -> pillar or objective it supports.
    Supports,
    /// Objective -> objective it needs.
    DependsOn,
    /// Objective -> its key result.
    HasKeyResult,
    /// Objective -> the team that owns it.
    OwnedBy,
    /// Team -> its parent team.
    Parent,
}

/// Where each id points: the first entity of its kind with that id.
#[derive(Debug, Default)]
pub struct Index<'m> {
    pub pillars: HashMap<&'m str, usize>,
    pub teams: HashMap<&'m str, usize>,
    pub cycles: HashMap<&'m str, usize>,
    pub objectives: HashMap<&'m str, usize>,
}

impl<'m> Index<'m> {
    pub fn new(model: &'m Model) -> Self {
        fn first<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
            let mut map = HashMap::new();
            for (i, id) in ids.enumerate() {
                map.entry(id).or_insert(i);
            }
            map
        }
        Self {
            pillars: first(model.pillars.iter().map(|p| p.id.get_ref().as_str())),
            teams: first(model.teams.iter().map(|t| t.id.get_ref().as_str())),
            cycles: first(model.cycles.iter().map(|c| c.id.get_ref().as_str())),
            objectives: first(model.objectives.iter().map(|o| o.id.get_ref().as_str())),
        }
    }
}

pub struct Graph<'m> {
    pub graph: DiGraph<Node, Edge>,
    pub index: Index<'m>,
    pub vision: NodeIndex,
    pub pillars: Vec<NodeIndex>,
    pub teams: Vec<NodeIndex>,
    pub objectives: Vec<NodeIndex>,
}

impl<'m> Graph<'m> {
    /// Builds the graph; references that resolve to nothing are left out (rules report them).
    pub fn build(model: &'m Model) -> Self {
        let index = Index::new(model);
        let key_results = model.key_result_count();
        let nodes =
            1 + model.pillars.len() + model.teams.len() + model.objectives.len() + key_results;
        let mut graph = DiGraph::with_capacity(nodes, nodes * 2);
        let vision = graph.add_node(Node::Vision);
        let pillars: Vec<_> = (0..model.pillars.len())
            .map(|i| graph.add_node(Node::Pillar(i)))
            .collect();
        let teams: Vec<_> = (0..model.teams.len())
            .map(|i| graph.add_node(Node::Team(i)))
            .collect();
        let objectives: Vec<_> = (0..model.objectives.len())
            .map(|i| graph.add_node(Node::Objective(i)))
            .collect();

        for &pillar in &pillars {
            graph.add_edge(pillar, vision, Edge::UnderVision);
        }
        for (i, team) in model.teams.iter().enumerate() {
            if let Some(parent) = team
                .parent
                .as_ref()
                .and_then(|p| index.teams.get(p.get_ref().as_str()))
            {
                graph.add_edge(teams[i], teams[*parent], Edge::Parent);
            }
        }
        for (i, objective) in model.objectives.iter().enumerate() {
            let node = objectives[i];
            if let Some(&team) = index.teams.get(objective.team.get_ref().as_str()) {
                graph.add_edge(node, teams[team], Edge::OwnedBy);
            }
            for target in &objective.supports {
                let target = target.get_ref().as_str();
                if let Some(&p) = index.pillars.get(target) {
                    graph.add_edge(node, pillars[p], Edge::Supports);
                } else if let Some(&o) = index.objectives.get(target) {
                    graph.add_edge(node, objectives[o], Edge::Supports);
                }
            }
            for target in &objective.depends_on {
                if let Some(&o) = index.objectives.get(target.get_ref().as_str()) {
                    graph.add_edge(node, objectives[o], Edge::DependsOn);
                }
            }
            for k in 0..objective.key_result.len() {
                let kr = graph.add_node(Node::KeyResult(i, k));
                graph.add_edge(node, kr, Edge::HasKeyResult);
            }
        }
        Self {
            graph,
            index,
            vision,
            pillars,
            teams,
            objectives,
        }
    }

    /// The entity at a node.
    pub fn node(&self, node: NodeIndex) -> Node {
        self.graph[node]
    }

    fn neighbors(
        &self,
        node: NodeIndex,
        edge: Edge,
        dir: Direction,
    ) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(node, dir)
            .filter(move |e| *e.weight() == edge)
            .map(move |e| {
                if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
    }

    /// The pillars and objectives that `node` supports directly.
    pub fn supports(&self, node: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.neighbors(node, Edge::Supports, Direction::Outgoing)
    }

    /// For every objective, whether `supports` leads from it to a pillar: a walk
    /// backwards from all pillars at once, linear in the size of the graph.
    pub fn line_of_sight(&self) -> Vec<bool> {
        let mut reached = vec![false; self.objectives.len()];
        let mut queue: VecDeque<NodeIndex> = self.pillars.iter().copied().collect();
        while let Some(node) = queue.pop_front() {
            for supporter in self.neighbors(node, Edge::Supports, Direction::Incoming) {
                if let Node::Objective(o) = self.graph[supporter]
                    && !reached[o]
                {
                    reached[o] = true;
                    queue.push_back(supporter);
                }
            }
        }
        reached
    }

    /// The shortest path from an objective through `supports` to the vision:
    /// objective, parent objectives..., pillar, vision. `None` without line of sight.
    pub fn path_to_vision(&self, objective: usize) -> Option<Vec<NodeIndex>> {
        let start = self.objectives[objective];
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if let Node::Pillar(_) = self.graph[node] {
                let mut path = vec![self.vision, node];
                let mut at = node;
                while let Some(&before) = previous.get(&at) {
                    path.push(before);
                    at = before;
                }
                path.reverse();
                return Some(path);
            }
            for next in self.neighbors(node, Edge::Supports, Direction::Outgoing) {
                if next != start && !previous.contains_key(&next) {
                    previous.insert(next, node);
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// Everything an objective supports, directly or not (parent objectives and pillars),
    /// nearest first.
    pub fn ancestors(&self, objective: usize) -> Vec<NodeIndex> {
        self.reach(
            self.objectives[objective],
            Edge::Supports,
            Direction::Outgoing,
        )
    }

    /// Objectives that support this one, directly or not.
    pub fn supporters(&self, node: NodeIndex) -> Vec<NodeIndex> {
        self.reach(node, Edge::Supports, Direction::Incoming)
    }

    /// A team and every team below it through `parent` links, the team first; a loop
    /// of `parent` links cannot make it run forever.
    pub fn teams_under(&self, team: usize) -> Vec<usize> {
        let below = self.reach(self.teams[team], Edge::Parent, Direction::Incoming);
        std::iter::once(team)
            .chain(below.into_iter().filter_map(|n| self.node(n).team()))
            .collect()
    }

    /// Objectives that depend on this one, directly or not, nearest first.
    pub fn dependents(&self, objective: usize) -> Vec<NodeIndex> {
        self.reach(
            self.objectives[objective],
            Edge::DependsOn,
            Direction::Incoming,
        )
    }

    fn reach(&self, start: NodeIndex, edge: Edge, dir: Direction) -> Vec<NodeIndex> {
        let mut seen = std::collections::HashSet::from([start]);
        let mut order = Vec::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for next in self.neighbors(node, edge, dir) {
                if seen.insert(next) {
                    order.push(next);
                    queue.push_back(next);
                }
            }
        }
        order
    }

    /// The loops formed by one kind of edge, each as the model indices of the entities
    /// that `pick` selects (objectives, or teams).
    pub fn loops_of(&self, edge: Edge, pick: fn(Node) -> Option<usize>) -> Vec<Vec<usize>> {
        self.loops(edge)
            .into_iter()
            .map(|members| {
                members
                    .into_iter()
                    .filter_map(|n| pick(self.graph[n]))
                    .collect()
            })
            .collect()
    }

    /// The loops formed by one kind of edge: each a set of nodes, sorted by index,
    /// and the loops sorted by their first node.
    pub fn loops(&self, edge: Edge) -> Vec<Vec<NodeIndex>> {
        let filtered = EdgeFiltered::from_fn(&self.graph, |e| *e.weight() == edge);
        let mut loops: Vec<Vec<NodeIndex>> = tarjan_scc(&filtered)
            .into_iter()
            .filter(|scc| {
                scc.len() > 1
                    || self
                        .graph
                        .edges_connecting(scc[0], scc[0])
                        .any(|e| *e.weight() == edge)
            })
            .map(|mut scc| {
                scc.sort();
                scc
            })
            .collect();
        loops.sort();
        loops
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyFile;
    use crate::source::FileId;

    fn model(text: &str) -> Model {
        let mut model = Model::default();
        let file: StrategyFile = toml::from_str(text).expect("test TOML parses");
        model.absorb(FileId(0), file);
        model
    }

    const TREE: &str = r#"
        [[pillar]]
        id = "growth"
        title = "Grow"
        [[team]]
        id = "eng"
        [[team]]
        id = "web"
        parent = "eng"
        [[objective]]
        id = "top"
        title = "t"
        team = "eng"
        cycle = "q"
        supports = ["growth"]
        [[objective]]
        id = "mid"
        title = "t"
        team = "web"
        cycle = "q"
        supports = ["top"]
        depends_on = ["top"]
        [[objective]]
        id = "leaf"
        title = "t"
        team = "web"
        cycle = "q"
        supports = ["mid"]
        depends_on = ["mid"]
        [[objective]]
        id = "orphan"
        title = "t"
        team = "web"
        cycle = "q"
        supports = ["nothing"]
    "#;

    fn ids(model: &Model, graph: &Graph, nodes: &[NodeIndex]) -> Vec<String> {
        nodes
            .iter()
            .map(|&n| match graph.node(n) {
                Node::Vision => "vision".to_string(),
                Node::Pillar(p) => model.pillars[p].id.get_ref().clone(),
                Node::Objective(o) => model.objectives[o].id.get_ref().clone(),
                Node::Team(t) => model.teams[t].id.get_ref().clone(),
                Node::KeyResult(o, k) => format!("{o}/{k}"),
            })
            .collect()
    }

    #[test]
    fn line_of_sight_follows_supports_to_a_pillar() {
        let model = model(TREE);
        let graph = Graph::build(&model);
        assert_eq!(graph.line_of_sight(), vec![true, true, true, false]);
    }

    #[test]
    fn path_to_vision_lists_every_step() {
        let model = model(TREE);
        let graph = Graph::build(&model);
        let path = graph.path_to_vision(2).expect("leaf has line of sight");
        assert_eq!(
            ids(&model, &graph, &path),
            ["leaf", "mid", "top", "growth", "vision"]
        );
        assert!(graph.path_to_vision(3).is_none());
    }

    #[test]
    fn ancestors_and_dependents_are_transitive() {
        let model = model(TREE);
        let graph = Graph::build(&model);
        assert_eq!(
            ids(&model, &graph, &graph.ancestors(2)),
            ["mid", "top", "growth"]
        );
        assert_eq!(ids(&model, &graph, &graph.dependents(0)), ["mid", "leaf"]);
        assert!(graph.dependents(2).is_empty());
        let top = graph.objectives[0];
        assert_eq!(ids(&model, &graph, &graph.supporters(top)), ["mid", "leaf"]);
    }

    #[test]
    fn teams_under_follow_parent_links_down() {
        let model = model(TREE);
        let graph = Graph::build(&model);
        assert_eq!(graph.teams_under(0), [0, 1]);
        assert_eq!(graph.teams_under(1), [1]);
    }

    #[test]
    fn loops_are_found_per_edge_kind() {
        let text = TREE.replace(r#"supports = ["growth"]"#, r#"supports = ["leaf"]"#);
        let model = model(&text);
        let graph = Graph::build(&model);
        let loops = graph.loops(Edge::Supports);
        assert_eq!(loops.len(), 1);
        assert_eq!(ids(&model, &graph, &loops[0]), ["top", "mid", "leaf"]);
        assert!(graph.loops(Edge::DependsOn).is_empty());
        assert_eq!(graph.line_of_sight(), vec![false; 4]);
    }

    #[test]
    fn a_chain_100_000_deep_does_not_overflow() {
        let mut text = String::from("[[pillar]]\nid = \"p\"\ntitle = \"p\"\n");
        for i in 0..100_000 {
            let parent = if i == 0 {
                "p".to_string()
            } else {
                format!("o{}", i - 1)
            };
            text.push_str(&format!(
                "[[objective]]\nid = \"o{i}\"\ntitle = \"t\"\nteam = \"x\"\ncycle = \"q\"\nsupports = [\"{parent}\"]\ndepends_on = [\"{parent}\"]\n"
            ));
        }
        let model = model(&text);
        let graph = Graph::build(&model);
        assert!(graph.line_of_sight().iter().all(|&seen| seen));
        assert_eq!(graph.path_to_vision(99_999).map(|p| p.len()), Some(100_002));
        assert!(graph.loops(Edge::Supports).is_empty());
    }
}
