//! `align`: strategy as code. Loads a tree of TOML files (vision, pillars, teams,
//! cycles, objectives and key results) into a graph and checks it.
//!
//! The public modules are what the binary, the tests, the benchmarks and the fuzz
//! targets use: loading a tree (`load`, `model`, `source`, `settings`), checking it
//! (`rules`, `codes`, `diag`), comparing versions (`diff`, `git`), the report and the
//! outline (`report`, `outline`, `score`), rendering (`render`), and running a command
//! (`cli`, `commands`, `error`). The rest (history, drift, graph, writes, the cycle
//! tooling) is the crate's own and may change freely.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// No panics in the library: an `expect` states an invariant and says why it holds.
#![warn(clippy::expect_used, clippy::panic, clippy::unreachable, clippy::todo)]

/// The command line: arguments, subcommands and output formats.
pub mod cli;
/// Every rule's code, and the metadata each rule declares once beside its check.
pub mod codes;
/// One module per subcommand.
pub mod commands;
/// Findings and their typed entities: the plain data every rule produces and every
/// renderer reads.
pub mod diag;
/// The semantic diff of two versions of a tree, and the findings a change introduces.
pub mod diff;
/// The tool's own failures, which exit with code 2.
pub mod error;
/// The tree in a git repository: other versions from git objects, shallow clones.
pub mod git;
/// The alignment and dependency graph, and its queries.
pub(crate) mod graph;
/// The tree's git history: commits touching it and what each did to every entity.
pub(crate) mod history;
/// Finding the tree, walking it, reading and parsing its files.
pub mod load;
/// The strategy tree as plain data.
pub mod model;
/// The line-of-sight outline of a cycle: what `align graph` and `align tree` draw.
pub mod outline;
/// Output formats: human (miette), JSON.
pub mod render;
/// Where the tree sits in its git repository, for paths that CI tools resolve.
pub(crate) mod repo;
/// The quarterly-review report as plain data.
pub mod report;
/// The rules of `align check`.
pub mod rules;
/// JSON Schemas of the files, for editors.
pub mod schema;
/// What a command covers: the cycle and the teams, chosen from the flags and today.
pub(crate) mod scope;
/// Progress of key results and objectives, grades, pace, health and standing.
pub mod score;
/// `align.toml`: limits, rule severities, drift thresholds.
pub mod settings;
/// The file registry: names, texts, line and column lookup.
pub mod source;
/// "Did you mean" suggestions.
pub(crate) mod suggest;

/// `align checkin`: a key result edited in place, and its commit.
pub(crate) mod checkin;
/// Review routing: the CODEOWNERS block that sends strategy files to their reviewers.
pub(crate) mod codeowners;
/// Closing a cycle, carrying it forward, the next cycle, the track record across cycles.
pub(crate) mod cycle;
/// Drift findings from the git history: stale, goalposts moved, pace, churn.
pub(crate) mod drift;
/// The dependency handshake: requests (`depends_on`) and their answers.
pub(crate) mod handshake;
/// Replacing a file of the tree atomically, refusing when it changed since it was read.
pub(crate) mod write;
