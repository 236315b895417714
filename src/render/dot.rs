//! `align graph --format dot`: the outline as a Graphviz digraph, from the vision on
//! the left to the key results on the right, filled by state, with dependencies as
//! dashed edges. User text is escaped: it can never end a string or start an HTML
//! label.

use crate::handshake::Answer;
use std::io::{self, Write};

use super::percent;
use crate::outline::{EdgeKind, NodeKind, Outline, OutlineNode};
use crate::score::{Health, Standing};

/// Characters per line of a node's title before it wraps.
pub const WRAP: usize = 30;

/// A node's fill and border colours, from its kind and state.
pub fn colours(node: &OutlineNode) -> (&'static str, &'static str) {
    match node.kind {
        NodeKind::Vision => ("#e8eaf6", "#3949ab"),
        NodeKind::Pillar => ("#ede7f6", "#5e35b1"),
        NodeKind::Objective | NodeKind::KeyResult => match state_of(node) {
            Standing::Health(Health::OnTrack) | Standing::Achieved => ("#c8e6c9", "#2e7d32"),
            Standing::Health(Health::AtRisk) => ("#fff3c4", "#f9a825"),
            Standing::Health(Health::OffTrack) | Standing::Missed => ("#ffcdd2", "#c62828"),
            Standing::Dropped | Standing::Draft => ("#eeeeee", "#9e9e9e"),
            Standing::NotScored => ("#ffffff", "#616161"),
        },
    }
}

/// Where a node stands: its status when not active, else its health, or not scored.
pub fn state_of(node: &OutlineNode) -> Standing {
    Standing::of(node.status, node.health)
}

/// The lines of a node's label, before escaping.
pub fn label_lines(node: &OutlineNode) -> Vec<String> {
    let wrapped = |text: &str| -> Vec<String> {
        textwrap::wrap(&clean(text), WRAP)
            .into_iter()
            .map(|line| line.into_owned())
            .collect()
    };
    let mut lines = Vec::new();
    match node.kind {
        NodeKind::Vision => lines.push("Vision".to_string()),
        NodeKind::Pillar => lines.push(match node.perspective {
            Some(p) => format!("{} ({})", node.id, p.name()),
            None => node.id.clone(),
        }),
        NodeKind::Objective => lines.push(match &node.team {
            Some(team) => format!("{} · {team}", node.id),
            None => node.id.clone(),
        }),
        NodeKind::KeyResult => {}
    }
    lines.extend(wrapped(&node.title));
    if matches!(node.kind, NodeKind::Objective | NodeKind::KeyResult) {
        let progress = node.progress.map(percent);
        lines.push(match progress {
            Some(p) => format!("{p} · {}", state_of(node).name()),
            None => state_of(node).name().to_string(),
        });
    }
    if node.orphan {
        lines.push("no line of sight".into());
    }
    lines
}

/// Control characters (a newline in a title, an escape sequence) become spaces.
pub fn clean(text: &str) -> String {
    super::capped(text)
        .chars()
        .map(|c| if super::is_hidden(c) { ' ' } else { c })
        .collect()
}

/// A DOT double-quoted string.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// Text for inside a DOT double-quoted string: `"` and `\` escaped, so that neither
/// ends the string nor starts an escape such as `\N`; control characters as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::capped(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if super::is_hidden(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn render(outline: &Outline, w: &mut dyn Write) -> io::Result<()> {
    let font = "Helvetica,Arial,sans-serif";
    writeln!(w, "digraph align {{")?;
    writeln!(
        w,
        "  graph [rankdir=LR, fontname={}, labelloc=t, fontsize=16, label={}];",
        quoted(font),
        quoted(&title(outline))
    )?;
    writeln!(
        w,
        "  node [shape=box, style=\"rounded,filled\", fontname={}, fontsize=11];",
        quoted(font)
    )?;
    writeln!(
        w,
        "  edge [color=\"#757575\", arrowsize=0.7, fontname={}, fontsize=9];",
        quoted(font)
    )?;
    for node in &outline.nodes {
        let (fill, border) = colours(node);
        // Labels are quoted strings whose lines are joined by DOT's `\n` escape.
        let label = label_lines(node)
            .iter()
            .map(|line| escape(line))
            .collect::<Vec<_>>()
            .join("\\n");
        let mut style = vec!["rounded", "filled"];
        if node.context {
            style.push("dashed");
        }
        if node.kind == NodeKind::Vision {
            style.push("bold");
        }
        let penwidth = if node.orphan { 2.5 } else { 1.0 };
        let border = if node.orphan { "#c62828" } else { border };
        let fontsize = if node.kind == NodeKind::KeyResult {
            9
        } else {
            11
        };
        writeln!(
            w,
            "  {} [label=\"{label}\", fillcolor=\"{fill}\", color=\"{border}\", style=\"{}\", penwidth={penwidth}, fontsize={fontsize}];",
            quoted(&node.key),
            style.join(",")
        )?;
    }
    for edge in &outline.edges {
        let (from, to) = (&outline.nodes[edge.from].key, &outline.nodes[edge.to].key);
        let attributes = match edge.kind {
            EdgeKind::Supports => "",
            EdgeKind::KeyResult => " [color=\"#bdbdbd\", arrowhead=none]",
            // Dependencies cross the tree: they must not pull ranks around.
            EdgeKind::DependsOn => match edge.answer.unwrap_or(Answer::Pending) {
                Answer::Accepted => {
                    " [color=\"#2e7d32\", penwidth=1.6, constraint=false, label=\"needs (agreed)\", fontcolor=\"#2e7d32\"]"
                }
                Answer::Pending => {
                    " [style=dashed, color=\"#d84315\", constraint=false, label=\"needs (pending)\", fontcolor=\"#d84315\"]"
                }
                Answer::Declined => {
                    " [style=dotted, color=\"#c62828\", arrowhead=tee, constraint=false, label=\"declined\", fontcolor=\"#c62828\"]"
                }
            },
        };
        writeln!(w, "  {} -> {}{attributes};", quoted(from), quoted(to))?;
    }
    writeln!(w, "}}")
}

/// "2026-Q4 · team platform · as of 2026-11-15".
pub fn title(outline: &Outline) -> String {
    let mut parts = Vec::new();
    parts.push(
        outline
            .cycle
            .clone()
            .unwrap_or_else(|| "every cycle".into()),
    );
    if let Some(team) = &outline.team {
        parts.push(format!("team {team}"));
    }
    parts.push(format!("as of {}", outline.today));
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_be_closed_by_user_text() {
        assert_eq!(quoted(r#"a "b" \N"#), r#""a \"b\" \\N""#);
        assert_eq!(quoted("line\nbreak\u{1b}[31m"), "\"line break [31m\"");
        assert_eq!(quoted("<b>x</b>"), "\"<b>x</b>\"");
    }
}
