//! Arbitrary bytes as a strategy file, beside a small valid tree: the loader, the
//! rules, the report and every renderer must hold, whatever the file says.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::exercise(&common::with_file(data));
});
