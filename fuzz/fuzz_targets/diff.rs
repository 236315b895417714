//! Two trees from the grammar, compared: the semantic diff and its three renderers
//! must hold whatever the two versions say, loaded or not.
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "grammar.rs"]
mod grammar;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|specs: (grammar::Spec, grammar::Spec)| {
    let base = common::tree(specs.0.files());
    let head = common::tree(specs.1.files());
    common::diff(&base, &head);
});
