//! `align graph --format mermaid`: the outline as a Mermaid flowchart, which GitHub
//! renders in Markdown (a ```` ```mermaid ```` block). Node ids are generated (`n0`,
//! `n1`, ...); user text only ever appears inside quoted labels, with every character
//! Mermaid or HTML would read as syntax written as an entity code (`#quot;`).

use crate::handshake::Answer;
use std::collections::BTreeMap;
use std::io::{self, Write};

use super::dot::{colours, label_lines, state_of, title};
use crate::outline::{EdgeKind, NodeKind, Outline, OutlineNode};
use crate::score::{Health, Standing};

pub fn render(outline: &Outline, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "---")?;
    writeln!(w, "title: \"{}\"", label(&title(outline)))?;
    writeln!(w, "---")?;
    writeln!(w, "flowchart LR")?;
    // Class name -> (fill, border, nodes), in a stable order.
    let mut classes: BTreeMap<&'static str, (&str, &str, Vec<usize>)> = BTreeMap::new();
    for (i, node) in outline.nodes.iter().enumerate() {
        let text = label_lines(node)
            .iter()
            .map(|line| label(line))
            .collect::<Vec<_>>()
            .join("<br/>");
        writeln!(w, "    n{i}[\"{text}\"]")?;
        let (fill, border) = colours(node);
        classes
            .entry(class_of(node))
            .or_insert((fill, border, Vec::new()))
            .2
            .push(i);
    }
    for edge in &outline.edges {
        let arrow = match edge.kind {
            EdgeKind::Supports => "-->",
            EdgeKind::KeyResult => "---",
            // Agreed: a thick line; pending: dotted; declined: a cross at the end.
            EdgeKind::DependsOn => match edge.answer.unwrap_or(Answer::Pending) {
                Answer::Accepted => "==>|needs, agreed|",
                Answer::Pending => "-.->|needs, pending|",
                Answer::Declined => "--x|declined|",
            },
        };
        writeln!(w, "    n{} {arrow} n{}", edge.from, edge.to)?;
    }
    for (name, (fill, border, nodes)) in &classes {
        writeln!(
            w,
            "    classDef {name} fill:{fill},stroke:{border},color:#212121"
        )?;
        writeln!(w, "    class {} {name}", ids(nodes))?;
    }
    let marked = |pick: fn(&OutlineNode) -> bool| -> Vec<usize> {
        (0..outline.nodes.len())
            .filter(|&i| pick(&outline.nodes[i]))
            .collect()
    };
    let context = marked(|n| n.context);
    if !context.is_empty() {
        writeln!(w, "    classDef context stroke-dasharray:4 3")?;
        writeln!(w, "    class {} context", ids(&context))?;
    }
    let orphans = marked(|n| n.orphan);
    if !orphans.is_empty() {
        writeln!(w, "    classDef orphan stroke:#c62828,stroke-width:3px")?;
        writeln!(w, "    class {} orphan", ids(&orphans))?;
    }
    Ok(())
}

fn ids(nodes: &[usize]) -> String {
    nodes
        .iter()
        .map(|i| format!("n{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A Mermaid class name for the node's kind and state.
fn class_of(node: &OutlineNode) -> &'static str {
    match node.kind {
        NodeKind::Vision => "vision",
        NodeKind::Pillar => "pillar",
        NodeKind::Objective | NodeKind::KeyResult => match state_of(node) {
            Standing::Health(Health::OnTrack) => "onTrack",
            Standing::Achieved => "achieved",
            Standing::Health(Health::AtRisk) => "atRisk",
            Standing::Health(Health::OffTrack) => "offTrack",
            Standing::Missed => "missed",
            Standing::Dropped => "dropped",
            Standing::Draft => "draft",
            Standing::NotScored => "notScored",
        },
    }
}

/// Text for inside a quoted Mermaid label: quotes, `#`, `&`, `<`, `>`, backticks and
/// `|` as numeric entity codes, so that no title can close the label, open HTML or a
/// Markdown string; control characters as spaces. Mermaid reads a `%%{init: ...}%%`
/// directive anywhere in the text, even inside a label, and applies its theme and CSS:
/// a `%` right after another is written `#37;`, so no `%%` reaches it.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::capped(text).chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '`' | '|' | '\\' => {
                out.push_str(&format!("#{};", u32::from(c)));
            }
            '%' if out.ends_with('%') => out.push_str("#37;"),
            c if super::is_hidden(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_close_or_inject() {
        assert_eq!(
            label(r#"say "hi" <b>#1</b> & `x` | y"#),
            "say #34;hi#34; #60;b#62;#35;1#60;/b#62; #38; #96;x#96; #124; y"
        );
        assert_eq!(label("two\nlines"), "two lines");
        assert_eq!(label("50% %%{init: {}}%%"), "50% %#37;{init: {}}%#37;");
        assert_eq!(label("%%%"), "%#37;%");
    }
}
