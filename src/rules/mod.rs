//! The rules of `align check`, one file per family. A family is a function
//! `check(&Context, &mut Vec<Finding>)`; [`run_all`] calls each one explicitly,
//! then applies the severities from `align.toml` and sorts the findings.

// Each family module declares its rules' metadata beside their checks, read
// through `Code::rule`.
pub(crate) mod alignment;
/// `allow` and `allow_reason`: lints silenced per item, with a reason.
pub mod allow;
pub(crate) mod coverage;
pub(crate) mod cycles;
pub(crate) mod dependencies;
/// The files themselves: rules `load` reports while reading the tree.
pub(crate) mod files;
pub(crate) mod focus;
pub(crate) mod handshake;
pub(crate) mod ids;
pub(crate) use ids::{is_handle, is_slug};
pub(crate) mod lineage;
pub(crate) mod measures;
pub(crate) mod references;
/// The writing lints' word lists and the words of a title.
pub mod words;
pub(crate) mod writing;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::codes::{Code, Reads};
use crate::diag::Finding;
use crate::graph::Graph;
use crate::load::Tree;
use crate::model::{Cycle, Model, Status};
use crate::settings::Settings;
use crate::source::Sources;

/// Everything a rule may read. Rules never print and never change the tree.
pub struct Context<'t> {
    pub model: &'t Model,
    pub graph: Graph<'t>,
    pub settings: &'t Settings,
    pub sources: &'t Sources,
    pub today: Date,
    /// Index of the cycle containing `today`, if any.
    pub current_cycle: Option<usize>,
    /// Whether every file loaded. When one did not, what it defines is missing, and
    /// rules that need the whole tree would report false problems: they do not run.
    pub complete: bool,
}

impl<'t> Context<'t> {
    pub fn new(tree: &'t Tree, today: Date) -> Self {
        let model = &tree.model;
        Self {
            model,
            graph: Graph::build(model),
            settings: &tree.settings,
            sources: &tree.sources,
            today,
            current_cycle: current_cycle(&model.cycles, today),
            complete: tree.is_complete(),
        }
    }

    /// The cycle an objective belongs to, when its reference resolves.
    pub fn cycle_of(&self, objective: usize) -> Option<&'t Cycle> {
        let id = self.model.objectives[objective].cycle.get_ref().as_str();
        self.graph
            .index
            .cycles
            .get(id)
            .map(|&c| &self.model.cycles[c])
    }

    /// Whether an objective counts for focus and coverage: not dropped.
    pub fn is_live(&self, objective: usize) -> bool {
        self.model.objectives[objective].status() != Status::Dropped
    }
}

/// The cycle containing `today`; when cycles overlap, the one that started last.
pub fn current_cycle(cycles: &[Cycle], today: Date) -> Option<usize> {
    cycles
        .iter()
        .enumerate()
        .filter(|(_, c)| c.contains(today))
        .max_by_key(|(i, c)| (c.start.get_ref().0, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// A rule family: reads the context, appends findings.
type Family = fn(&Context, &mut Vec<Finding>);

/// Runs every rule over a loaded tree and returns the findings, sorted by file and
/// position, with the severities of `align.toml` applied and the `allow`s of the
/// objectives and key results honoured.
pub fn run_all(tree: &Tree, today: Date) -> Vec<Finding> {
    check(tree, today).findings
}

/// What `align check` found: the findings it reports and those an `allow` silenced.
#[derive(Debug)]
pub struct Checked {
    pub findings: Vec<Finding>,
    /// Findings silenced by an `allow` with its reason, in the order of the findings.
    pub silenced: Vec<allow::Silenced>,
}

/// [`run_all`], keeping the silenced findings.
pub fn check(tree: &Tree, today: Date) -> Checked {
    let cx = Context::new(tree, today);
    // Rules about one entity at a time hold even when some files did not load.
    let mut families: Vec<Family> =
        vec![ids::check, measures::check, cycles::check, writing::check];
    if cx.complete {
        families.extend([
            references::check as Family,
            alignment::check,
            focus::check,
            dependencies::check,
            handshake::check,
            lineage::check,
            coverage::check,
        ]);
    }
    // Families are independent readers of the context: run them side by side. The
    // sort below makes the order of the findings independent of who finished first.
    let found: Vec<Vec<Finding>> = families
        .par_iter()
        .map(|check| {
            let mut out = Vec::new();
            check(&cx, &mut out);
            out
        })
        .collect();
    let mut findings = tree.findings.clone();
    findings.extend(found.into_iter().flatten());
    apply_settings(&tree.settings, &mut findings);
    // Silenced after the severities: a rule switched off is not "silenced" too.
    let is_off = |code: Code| {
        tree.settings.rules.iter().any(|(name, level)| {
            name.get_ref().parse::<Code>() == Ok(code) && level.get_ref().severity().is_none()
        })
    };
    let (mut silenced, mut problems) = allow::apply(&cx, &mut findings, is_off);
    apply_settings(&tree.settings, &mut problems);
    findings.append(&mut problems);
    sort(&mut findings);
    silenced.sort_by_cached_key(|s| {
        let f = &s.finding;
        (f.primary().map(|l| (l.file, l.span.start)), f.code)
    });
    Checked { findings, silenced }
}

/// Rules whose severity `align.toml` cannot change: a file that does not load cannot
/// be checked, so hiding these would hide the rest of the tree.
pub fn is_configurable(code: Code) -> bool {
    code.rule().reads != Reads::FileLoad
}

pub(crate) fn apply_settings(settings: &Settings, findings: &mut Vec<Finding>) {
    if settings.rules.is_empty() {
        return;
    }
    let levels: Vec<(Code, Option<crate::diag::Severity>)> = settings
        .rules
        .iter()
        .filter_map(|(name, level)| {
            let code = name.get_ref().parse::<Code>().ok()?;
            is_configurable(code).then(|| (code, level.get_ref().severity()))
        })
        .collect();
    findings.retain_mut(
        |finding| match levels.iter().find(|(code, _)| *code == finding.code) {
            Some((_, Some(severity))) => {
                finding.severity = *severity;
                true
            }
            Some((_, None)) => false,
            None => true,
        },
    );
}

/// By file, position, code and message. Files are registered in name order (see
/// `load::walk`), so a file's id sorts as its name does.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| {
        let place = f.primary().map(|l| (l.file, l.span.start));
        (place, f.code, f.message.clone())
    });
}
