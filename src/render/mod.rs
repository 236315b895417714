//! Output formats. Renderers read findings and write; they never compute.

pub mod human;
pub mod json;

use std::path::Path;

use crate::diag::Tally;

/// What a check covered, for the summary line and the JSON summary.
pub struct Summary<'a> {
    pub root: &'a Path,
    pub today: jiff::civil::Date,
    pub files: usize,
    pub objectives: usize,
    pub key_results: usize,
    pub tally: Tally,
    pub files_not_loaded: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary<'_> {
    /// "12 files, 24 objectives, 70 key results: 1 error, 2 warnings, 0 infos".
    pub fn line(&self) -> String {
        let t = self.tally;
        format!(
            "{}, {}, {}: {}, {}, {}",
            plural(self.files, "file", "files"),
            plural(self.objectives, "objective", "objectives"),
            plural(self.key_results, "key result", "key results"),
            plural(t.errors, "error", "errors"),
            plural(t.warnings, "warning", "warnings"),
            plural(t.infos, "info", "infos"),
        )
    }

    /// Said whenever some files did not load, so that a short list of findings is
    /// never mistaken for a clean tree.
    pub fn incomplete_note(&self) -> Option<String> {
        (self.files_not_loaded > 0).then(|| {
            format!(
                "note: {} did not load, so rules across files (references, line of sight, focus, \
                 dependencies, coverage) were not checked; fix the errors above and run again",
                plural(self.files_not_loaded, "file", "files")
            )
        })
    }
}
