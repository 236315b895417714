//! `align tree`: the outline as an indented tree for the terminal, with Unicode box
//! drawing or ASCII. Rows come in pre-order with their depth; guides are drawn from a
//! stack of open levels, never by recursion. Past [`MAX_GUIDES`] levels the guides
//! stop and the depth is written instead, so a chain 100,000 deep prints in linear
//! time. Control characters in user text are shown escaped: a title cannot move the
//! cursor or change colours.

use std::io::{self, Write};

use super::dot::state_of;
use super::percent;
use crate::outline::{NodeKind, Outline, OutlineNode, RowItem};
use crate::score::{Health, Standing};

/// Levels of guides drawn before the depth is written as a number.
pub const MAX_GUIDES: usize = 32;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub ascii: bool,
    pub colour: bool,
}

struct Glyphs {
    branch: &'static str,
    corner: &'static str,
    pipe: &'static str,
    space: &'static str,
    arrow: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    branch: "├── ",
    corner: "└── ",
    pipe: "│   ",
    space: "    ",
    arrow: "→",
};

const ASCII: Glyphs = Glyphs {
    branch: "|-- ",
    corner: "`-- ",
    pipe: "|   ",
    space: "    ",
    arrow: "->",
};

pub fn render(outline: &Outline, style: Style, w: &mut dyn Write) -> io::Result<()> {
    let glyphs = if style.ascii { &ASCII } else { &UNICODE };
    // open[d]: whether the row last seen at depth d has siblings still to come.
    let mut open: Vec<bool> = Vec::new();
    let mut line = String::new();
    for row in &outline.rows {
        line.clear();
        open.truncate(row.depth);
        for &more in open.iter().skip(1).take(MAX_GUIDES - 1) {
            line.push_str(if more { glyphs.pipe } else { glyphs.space });
        }
        if row.depth > MAX_GUIDES {
            line.push_str(&format!("[depth {}] ", row.depth));
        }
        if row.depth > 0 {
            line.push_str(if row.last {
                glyphs.corner
            } else {
                glyphs.branch
            });
        }
        open.push(!row.last);
        match row.item {
            RowItem::NoLineOfSight => {
                line.push_str(&paint(
                    "no line of sight to the vision",
                    "1;31",
                    style.colour,
                ));
            }
            RowItem::Node(n) => {
                let node = &outline.nodes[n];
                describe(outline, node, row.repeated, glyphs, style.colour, &mut line);
            }
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}

fn describe(
    outline: &Outline,
    node: &OutlineNode,
    repeated: bool,
    glyphs: &Glyphs,
    colour: bool,
    line: &mut String,
) {
    let title = shown(&node.title);
    match node.kind {
        NodeKind::Vision => {
            line.push_str(&paint("vision", "1", colour));
            line.push_str(&format!("  {title}"));
        }
        NodeKind::Pillar => {
            line.push_str(&paint(&shown(&node.id), "1;35", colour));
            line.push_str(&format!("  {title}"));
            if let Some(p) = node.perspective {
                line.push_str(&format!("  ({})", p.name()));
            }
        }
        NodeKind::Objective | NodeKind::KeyResult => {
            let id = shown(&node.id);
            line.push_str(&if node.kind == NodeKind::Objective {
                paint(&id, "1", colour)
            } else {
                id
            });
            line.push_str(&format!("  {title}"));
            if let Some(team) = &node.team {
                line.push_str(&format!("  [{}]", shown(team)));
            }
            if let Some(p) = node.progress {
                line.push_str(&format!("  {}", percent(p)));
            }
            let state = state_of(node);
            line.push_str(&format!(
                "  {}",
                paint(state.name(), state_colour(state), colour)
            ));
            if node.context {
                line.push_str("  (outside the scope)");
            }
            if repeated {
                line.push_str("  (shown above)");
            }
            if !node.needs.is_empty() {
                let needs: Vec<String> = node
                    .needs
                    .iter()
                    .map(|&(d, answer)| {
                        format!("{} ({})", shown(&outline.nodes[d].id), answer.name())
                    })
                    .collect();
                line.push_str(&format!("  {} needs {}", glyphs.arrow, needs.join(", ")));
            }
        }
    }
}

/// ANSI colour codes for a state's word.
fn state_colour(state: Standing) -> &'static str {
    match state {
        Standing::Health(Health::OnTrack) | Standing::Achieved => "32",
        Standing::Health(Health::AtRisk) => "33",
        Standing::Health(Health::OffTrack) | Standing::Missed => "31",
        Standing::Dropped | Standing::Draft | Standing::NotScored => "2",
    }
}

fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// User text with control characters escaped (`\n`, `\u{1b}`), so that nothing in a
/// title reaches the terminal as a command.
pub fn shown(text: &str) -> String {
    let text = super::capped(text);
    if !text.chars().any(super::is_hidden) {
        return text.into_owned();
    }
    text.chars()
        .map(|c| {
            if super::is_hidden(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(shown("a\u{1b}[31mred\nb"), "a\\u{1b}[31mred\\nb");
        assert_eq!(shown("plain"), "plain");
    }
}
