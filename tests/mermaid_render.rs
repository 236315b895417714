//! Mermaid output drawn by Mermaid itself, in a real browser: mermaid.js (from the
//! npm registry; `.ci/run` installs it into target/npm) renders the graph of the
//! example, the fixtures and a hostile tree in headless Chromium, and each must come
//! out as an SVG, not as Mermaid's syntax error. Our own reading of Mermaid's grammar
//! is not the test.

mod common;

use std::path::{Path, PathBuf};

use common::{TODAY, align, external_tool};

/// mermaid.min.js where `.ci/run` puts it, or `ALIGN_MERMAID_JS`. In CI a missing one
/// fails the test; elsewhere it is skipped with a note, as for other external tools.
fn mermaid_js() -> Option<PathBuf> {
    let path = std::env::var_os("ALIGN_MERMAID_JS").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/mermaid/dist/mermaid.min.js")
        },
        PathBuf::from,
    );
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install mermaid.js into target/npm (see .ci/run)"
    );
    eprintln!(
        "note: mermaid.js is not installed (`npm install --prefix target/npm mermaid@11`); \
         this test checked nothing"
    );
    None
}

fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The DOM after Mermaid ran on the page: `data-done` says "ok" or Mermaid's error.
fn render(script: &Path, diagram: &str, dir: &Path, name: &str) -> String {
    let page = dir.join(format!("{name}.html"));
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><body><pre class=\"mermaid\">{}</pre>\n\
             <script src=\"file://{}\"></script>\n<script>\n\
             mermaid.initialize({{ startOnLoad: false, securityLevel: 'strict' }});\n\
             mermaid.run({{ querySelector: '.mermaid' }})\n\
             .then(() => document.body.setAttribute('data-done', 'ok'))\n\
             .catch(e => document.body.setAttribute('data-done', 'error: ' + e.message));\n\
             </script></body></html>",
            html_text(diagram),
            script.display()
        ),
    )
    .expect("write the page");
    let output = common::chromium(
        &[
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ],
        &page,
    );
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[cfg_attr(
    any(missing_chromium, missing_mermaid_js),
    ignore = "needs chromium on PATH and mermaid.js in target/npm"
)]
fn mermaid_draws_every_graph() {
    let (Some(_), Some(script)) = (external_tool("chromium"), mermaid_js()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let hostile = dir.path().join("hostile");
    std::fs::create_dir_all(&hostile).expect("mkdir");
    let run = align(&["init", &hostile.to_string_lossy(), "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    std::fs::write(
        hostile.join("objectives/2026-Q4/hostile.toml"),
        "[[objective]]\nid = \"evil\\\"]; n0 --> x; %%\"\n\
         title = \"Say \\\"hi\\\" <b>bold</b> {a|b} #1; `tick` & end --> ]] %% \\u001b[31m\"\n\
         team = \"product\"\ncycle = \"2026-Q4\"\nowner = \"@product-lead\"\n\
         supports = [\"growing-people\"]\n\n[[objective.key_result]]\nid = \"k\"\n\
         title = \"click x call alert(1)\"\ndone = false\n",
    )
    .expect("write");
    let roots = [
        "examples/acme".to_string(),
        "tests/fixtures/clean".to_string(),
        "tests/fixtures/dependency-loop".to_string(),
        "tests/reports/hostile".to_string(),
        hostile.to_string_lossy().into_owned(),
    ];
    for (i, root) in roots.iter().enumerate() {
        let run = align(&[
            "graph", "--root", root, "--today", TODAY, "--format", "mermaid",
        ]);
        assert_eq!(run.code, 0, "{root}: {}", run.transcript());
        let dom = render(&script, &run.stdout, dir.path(), &format!("g{i}"));
        assert!(
            dom.contains("data-done=\"ok\""),
            "{root}: Mermaid did not draw it:\n{}",
            dom.lines()
                .filter(|l| l.contains("data-done") || l.contains("rror"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(dom.contains("<svg"), "{root}: no drawing");
        // Nothing a user wrote became markup or a script in the drawing.
        assert!(!dom.contains("<b>bold</b>"), "{root}: HTML in a label");
        assert!(
            !dom.contains("alert(1)\"") || !dom.contains("onclick"),
            "{root}"
        );
    }
}
