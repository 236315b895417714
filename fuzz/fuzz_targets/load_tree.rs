//! Whole trees from the grammar (grammar.rs): the loader, every rule, the report of
//! every cycle and every renderer must hold.
#![no_main]

#[path = "common.rs"]
mod common;
#[path = "grammar.rs"]
mod grammar;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|spec: grammar::Spec| {
    let tree = common::tree(spec.files());
    common::exercise(&tree);
});
