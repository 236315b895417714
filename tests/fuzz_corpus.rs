//! Replays the fuzzers' corpus (fuzz/corpus/): every input that once found new code
//! paths runs again through the same steps as its fuzz target, so that what fuzzing
//! found stays fixed without a nightly toolchain. The fuzzers themselves: see
//! docs/development.md, "Fuzzing". Inputs are independent: they run in parallel.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod fuzz;
#[path = "../fuzz/fuzz_targets/grammar.rs"]
mod grammar;

use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use rayon::prelude::*;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p, bytes)
        })
        .collect()
}

#[test]
fn load_bytes_corpus() {
    inputs("load_bytes").par_iter().for_each(|(_, bytes)| {
        fuzz::exercise(&fuzz::with_file(bytes));
    });
}

#[test]
fn load_tree_corpus() {
    inputs("load_tree").par_iter().for_each(|(_, bytes)| {
        // As libfuzzer-sys decodes a structured input.
        if let Ok(spec) = grammar::Spec::arbitrary_take_rest(Unstructured::new(bytes)) {
            fuzz::exercise(&fuzz::tree(spec.files()));
        }
    });
}

#[test]
fn diff_corpus() {
    inputs("diff").par_iter().for_each(|(_, bytes)| {
        if let Ok((base, head)) =
            <(grammar::Spec, grammar::Spec)>::arbitrary_take_rest(Unstructured::new(bytes))
        {
            fuzz::diff(&fuzz::tree(base.files()), &fuzz::tree(head.files()));
        }
    });
}
