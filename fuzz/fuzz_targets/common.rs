//! What every target does with a tree: everything a user can ask of it, in memory.
#![allow(dead_code)]

use std::path::Path;

use align_okr::load::{RawFile, Tree, assemble, text_of};

const TREE_STYLE: align_okr::render::tree::Style = align_okr::render::tree::Style {
    ascii: false,
    colour: true,
};

pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 15)
}

const SETTINGS: &str = "name = \"Fuzz\"\n";
const VISION: &str = "[vision]\nstatement = \"v\"\n[[pillar]]\nid = \"p\"\ntitle = \"P\"\nperspective = \"customer\"\n\
[[team]]\nid = \"t\"\nlead = \"@l\"\n[[cycle]]\nid = \"c\"\nstart = 2026-10-01\nend = 2026-12-31\n";

/// Arbitrary bytes as one strategy file, beside a small valid tree.
pub fn with_file(data: &[u8]) -> Tree {
    tree(vec![
        ("align.toml".into(), SETTINGS.as_bytes().to_vec()),
        ("vision.toml".into(), VISION.as_bytes().to_vec()),
        ("fuzz.toml".into(), data.to_vec()),
    ])
}

/// A tree from (name, bytes) pairs, as the loader would read them from disk.
pub fn tree(files: Vec<(String, Vec<u8>)>) -> Tree {
    let mut raw: Vec<RawFile> = files
        .into_iter()
        .map(|(name, bytes)| RawFile {
            path: Path::new("/fuzz").join(&name),
            name,
            text: text_of(bytes),
        })
        .collect();
    raw.sort_by(|a, b| a.name.cmp(&b.name));
    raw.dedup_by(|a, b| a.name == b.name);
    assemble(Path::new("/fuzz"), raw, Vec::new())
}

/// Check the tree, then write the report of every cycle in every format. Nothing may
/// panic; errors are fine.
pub fn exercise(tree: &Tree) {
    let findings = align_okr::rules::run_all(tree, today());
    let mut sink = Vec::new();
    let summary = align_okr::render::Summary {
        root: Path::new("/fuzz"),
        today: today(),
        files: tree.sources.len(),
        objectives: tree.model.objectives.len(),
        key_results: tree.model.key_result_count(),
        tally: align_okr::diag::Tally::of(&findings),
        files_not_loaded: tree.files_not_loaded,
    };
    let _ = align_okr::render::human::render(
        &tree.sources,
        &findings,
        &summary,
        align_okr::render::human::Style::PLAIN,
        &mut sink,
    );
    let _ = align_okr::render::json::render(&tree.sources, &findings, &summary, &mut sink);
    let _ =
        align_okr::render::github::render(&tree.sources, &findings, &summary, "fuzz/", &mut sink);
    let _ = align_okr::render::sarif::render(
        &tree.sources,
        &findings,
        &summary,
        "fuzz/",
        Some("fuzz"),
        &mut sink,
    );
    if !tree.is_complete() {
        return;
    }
    let cycles: Vec<Option<String>> = std::iter::once(None)
        .chain(
            tree.model
                .cycles
                .iter()
                .map(|c| Some(c.id.get_ref().clone())),
        )
        .collect();
    for cycle in cycles {
        let scope = align_okr::report::Scope {
            cycle: cycle.as_deref(),
            team: None,
        };
        let Ok(report) = align_okr::report::build(tree, &findings, today(), &scope) else {
            continue;
        };
        sink.clear();
        let outline_scope = align_okr::outline::Scope {
            cycle: cycle.as_deref(),
            team: None,
        };
        if let Ok(outline) = align_okr::outline::build(tree, today(), &outline_scope) {
            let _ = align_okr::render::dot::render(&outline, &mut sink);
            let _ = align_okr::render::mermaid::render(&outline, &mut sink);
            let _ = align_okr::render::tree::render(&outline, TREE_STYLE, &mut sink);
        }
        let _ = align_okr::render::table::render(
            &report,
            align_okr::render::table::Style::plain(),
            &mut sink,
        );
        let _ = align_okr::render::markdown::render(&report, &mut sink);
        let _ = align_okr::render::json::report(&report, &mut sink);
        let _ = align_okr::render::html::render(&report, &mut sink);
    }
}

/// The semantic diff of two trees, in every format.
pub fn diff(base: &Tree, head: &Tree) {
    use align_okr::diff::{Side, Version, compare};
    let base_findings = align_okr::rules::run_all(base, today());
    let head_findings = align_okr::rules::run_all(head, today());
    let diff = compare(
        Side {
            version: Version::of("base".into(), None, false, Some(base)),
            tree: base,
            findings: &base_findings,
        },
        Side {
            version: Version::of("head".into(), None, false, Some(head)),
            tree: head,
            findings: &head_findings,
        },
        today(),
    );
    let mut sink = Vec::new();
    let _ = align_okr::render::diff::table::render(
        &diff,
        align_okr::render::table::Style::plain(),
        &mut sink,
    );
    let _ = align_okr::render::diff::markdown::render(&diff, None, &mut sink);
    let _ = align_okr::render::diff::markdown::render(&diff, Some(2000), &mut sink);
    let _ = align_okr::render::diff::json(&diff, &mut sink);
}
