//! The files themselves: the rules `load` reports while reading the tree, before any
//! other rule runs (a file that is not text, not TOML, or not align's TOML; a path
//! skipped while walking).

use crate::codes::{Code, Reads, Rule};
use crate::diag::Severity;

pub(crate) const INVALID_FILE: Rule = Rule {
    code: Code::InvalidFile,
    severity: Severity::Error,
    summary: "A strategy file is not TOML text (not UTF-8, binary, or too large)",
    title: "a .toml file that is binary, not UTF-8, or larger than 10 MiB",
    reads: Reads::FileLoad,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-file.md"),
};

pub(crate) const TOML_SYNTAX: Rule = Rule {
    code: Code::TomlSyntax,
    severity: Severity::Error,
    summary: "A strategy file is not valid TOML",
    title: "the file is not valid TOML",
    reads: Reads::FileLoad,
    allow: None,
    doc: include_str!("../../assets/explain/toml-syntax.md"),
};

pub(crate) const INVALID_FIELD: Rule = Rule {
    code: Code::InvalidField,
    severity: Severity::Error,
    summary: "A field has the wrong type, a missing value or an invalid value",
    title: "a field has the wrong type, is missing, or has a bad value",
    reads: Reads::FileLoad,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-field.md"),
};

pub(crate) const UNKNOWN_KEY: Rule = Rule {
    code: Code::UnknownKey,
    severity: Severity::Error,
    summary: "A table or key that align does not know, usually a typo",
    title: "a table or key that align does not know",
    reads: Reads::FileLoad,
    allow: None,
    doc: include_str!("../../assets/explain/unknown-key.md"),
};

pub(crate) const SKIPPED_PATH: Rule = Rule {
    code: Code::SkippedPath,
    severity: Severity::Warning,
    summary: "A path in the tree was not read (a symlink that leaves the tree, loops or leads to a hidden file; a nested tree)",
    title: "a path in the tree was not read",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/skipped-path.md"),
};
