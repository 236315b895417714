//! The command line, with clap's derive API.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "align",
    version = env!("ALIGN_VERSION"),
    about = "Strategy as code: check, diff and report on OKR trees kept as TOML in git",
    long_about = "align loads a strategy tree (align.toml, the vision, pillars, teams, cycles, \
objectives and key results as TOML files) into a graph and checks that every objective has \
a line of sight to the vision, that teams keep focus and that references resolve.\n\n\
Exit codes: 0 clean, 1 findings at error level (or warnings with --deny warnings), \
2 align could not run (no tree, unreadable file, bad flags).",
    after_help = "Examples:\n  align check --root examples/acme\n  align check --format json > findings.json\n  align explain line-of-sight\n  align init my-strategy"
)]
pub struct Cli {
    /// The strategy tree's root folder (default: the nearest folder at or above the
    /// working directory that holds an align.toml)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The date to check as of, for reproducible results (default: the system date)
    #[arg(long, global = true, env = "ALIGN_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,

    /// Print only the data and the errors: no summary line, no progress
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more on standard error: the root, the files loaded, timings (-vv: each file)
    #[arg(long, short, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// When to colour the output, diagnostics and --help: `auto` colours a terminal
    /// unless NO_COLOR is set, CLICOLOR=0 or TERM=dumb (CLICOLOR_FORCE forces it)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// `--color`: whether to colour what align prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour a terminal, as NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM say
    Auto,
    /// Colour everything, also pipes and files
    Always,
    /// Never colour
    Never,
}

impl ColorWhen {
    /// The choice clap's `--help` and errors (through anstream) follow: decided here,
    /// for standard output, so that `auto` means what it means everywhere else
    /// (anstream alone would take `CLICOLOR_FORCE=0` as forcing colour).
    fn choice(self) -> colorchoice::ColorChoice {
        let colour = match self {
            Self::Auto => {
                crate::render::colour(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            }
            Self::Always => true,
            Self::Never => false,
        };
        if colour {
            colorchoice::ColorChoice::Always
        } else {
            colorchoice::ColorChoice::Never
        }
    }

    /// The last `--color WHEN` (or `--color=WHEN`) before a `--`, read before clap
    /// parses so that `--help` and clap's own errors follow it too. A value clap
    /// will reject counts as `auto` here.
    fn from_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Self {
        let mut when = Self::Auto;
        let mut args = args.into_iter().skip(1);
        while let Some(arg) = args.next() {
            let value = match arg.to_str() {
                Some("--") => break,
                Some("--color") => args.next(),
                Some(a) => a.strip_prefix("--color=").map(Into::into),
                None => None,
            };
            if let Some(value) = value.as_ref().and_then(|v| v.to_str()) {
                when = Self::from_str(value, false).unwrap_or(Self::Auto);
            }
        }
        when
    }
}

impl Cli {
    /// Parses the command line. `--color` and the environment decide the colour of
    /// `--help` and of clap's errors as they decide everything else align prints:
    /// one policy, kept by anstream's global choice.
    pub fn parse_args() -> Self {
        ColorWhen::from_args(std::env::args_os())
            .choice()
            .write_global();
        let cli = Self::parse();
        cli.color.choice().write_global();
        cli
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the strategy tree, like a linter: exit 1 on error-level findings
    #[command(
        after_help = "Examples:\n  align check\n  align check --root examples/acme --today 2026-11-15\n  align check --format json --deny warnings"
    )]
    Check(CheckArgs),
    /// Write the quarterly-review report: progress, pace, scorecards, risks, nudges
    #[command(
        after_help = "Examples:\n  align report\n  align report --cycle 2026-Q4 --team platform\n  align report --format markdown > review.md\n  align report --format html --out review.html --today 2026-12-18\n  align report --at v2026-q3-review\n  align report --no-history          # check-ins from the `checked` key only\n\nInside a git repository, check-ins are read from the history as `align drift` reads them (commits that change a key result, `Check-in:` trailers, `checked`), and the report has a drift section."
    )]
    Report(ReportArgs),
    /// Explain a rule: what it checks, why, and how to fix it; without a code, list the rules
    #[command(after_help = "Examples:\n  align explain\n  align explain line-of-sight")]
    Explain(ExplainArgs),
    /// Scaffold a new strategy tree that passes `align check`
    #[command(after_help = "Examples:\n  align init\n  align init strategy --name \"Acme\"")]
    Init(InitArgs),
    /// Export the line-of-sight and dependency graph for Graphviz or Mermaid
    #[command(
        after_help = "Examples:\n  align graph | dot -Tsvg > strategy.svg\n  align graph --format mermaid --team platform\n  align graph --cycle 2026-Q3 --format json"
    )]
    Graph(GraphArgs),
    /// Print the alignment tree: vision, pillars, objectives and key results
    #[command(
        after_help = "Examples:\n  align tree\n  align tree --team platform --cycle 2026-Q4\n  align tree --ascii > tree.txt"
    )]
    Tree(TreeArgs),
    /// Write the JSON Schemas of align.toml and the strategy files, for editors
    #[command(
        after_help = "Examples:\n  align schema --out schema/\n  align schema strategy > strategy.schema.json\n\n\
Editors that use taplo (Even Better TOML in VS Code, Helix, Zed) pick a schema from a \
`#:schema ./schema/strategy.schema.json` comment on a file's first line, or from a \
.taplo.toml rule (see docs/format.md, \"Editors\")."
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  align completions bash > ~/.local/share/bash-completion/completions/align\n  align completions zsh > ~/.zfunc/_align\n  align completions fish > ~/.config/fish/completions/align.fish\n  align completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command to a folder
    #[command(
        after_help = "Examples:\n  align man | man -l -\n  align man --out /usr/local/share/man/man1"
    )]
    Man(ManArgs),
    /// Review a strategy change: what two versions of the tree mean differently, and
    /// the findings the change introduces and fixes
    #[command(
        after_help = "Examples:\n  align diff                            # merge base with the default branch vs the work tree\n  align diff origin/main HEAD           # any two commits\n  align diff --format markdown > comment.md\n\nWith one commit, the base is the merge base of that commit and HEAD (as `git diff BASE...`); with two, exactly those. Exit codes: 0 the diff was written, 2 it could not be (unknown commit, not a repository, a shallow clone)."
    )]
    Diff(DiffArgs),
    /// Show the git history of a key result, an objective, a pillar or the vision
    #[command(
        after_help = "Examples:\n  align history deploys-boring/deploy-success\n  align history deploys-boring\n  align history reliability --format json\n  align history deploys-boring/deploy-success --at v2026-q4-review"
    )]
    History(HistoryArgs),
    /// Drift of a cycle from the git history: stale key results, goalposts moved, pace,
    /// churn, objectives to realign, blocked dependencies
    #[command(
        after_help = "Examples:\n  align drift\n  align drift --cycle 2026-Q4 --format markdown > drift.md\n  align drift --at origin/main --format json\n  align check --drift --deny warnings   # drift gates CI like any rule"
    )]
    Drift(DriftArgs),
    /// Check in on a key result: set its value (and confidence) in place, keeping the
    /// file's formatting, and optionally commit it with a `Check-in:` trailer
    #[command(
        after_help = "Examples:\n  align checkin deploys-boring/deploy-success --value 97.2\n  align checkin deploys-boring/deploy-success --confidence 0.6 -m \"Slower than hoped\" --commit\n  align checkin deploys-boring/runbooks --commit    # confirm unchanged: checked = today"
    )]
    Checkin(CheckinArgs),
    /// Print the CODEOWNERS block that routes each strategy file to its team's lead and
    /// to the leads of the teams its objectives support
    #[command(
        after_help = "Examples:\n  align codeowners\n  align codeowners --check\n  align codeowners --write .github/CODEOWNERS\n\n\
Without --check or --write, FILE defaults to the CODEOWNERS file GitHub reads \
(.github/CODEOWNERS, CODEOWNERS, then docs/CODEOWNERS in the repository)."
    )]
    Codeowners(CodeownersArgs),
    /// One digest per owner of what needs them now: check-ins due, recovery plans, fixes
    #[command(
        after_help = "Examples:\n  align nudge\n  align nudge --owner @priya\n  align nudge --format markdown --mention > body.md\n  align nudge --format json\n\n\
The items and their wording are the report's \"Before the review\" section: one implementation."
    )]
    Nudge(NudgeArgs),
    /// Close the loop on cycles: grade one that ended, carry what is unfinished into
    /// the next, add the next, review the track record across cycles
    #[command(
        after_help = "Examples:\n  align cycle close 2026-Q4                 # propose grades\n  align cycle close 2026-Q4 --write --commit\n  align cycle carry 2026-Q4 2027-Q1\n  align cycle new\n  align cycle review --cycles 2026-Q1..2026-Q4 --format html --out review.html"
    )]
    Cycle(CycleArgs),
}

#[derive(Debug, Args)]
pub struct CycleArgs {
    #[command(subcommand)]
    pub command: CycleCommand,
}

#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Propose the final score and status of every objective of an ended cycle; with
    /// --write, write them in place (never over a grade a person wrote)
    #[command(
        after_help = "Examples:\n  align cycle close 2026-Q4\n  align cycle close 2026-Q4 --write\n  align cycle close 2026-Q4 --commit -m \"Grade Q4\"\n  align cycle close 2026-Q4 --format json"
    )]
    Close(CloseArgs),
    /// Carry unfinished objectives into another cycle: new id, `continues` pointing
    /// back, baselines at the values reached
    #[command(
        after_help = "Examples:\n  align cycle carry 2026-Q4 2027-Q1\n  align cycle carry 2026-Q4 2027-Q1 --objective deploys-boring --objective cost-down"
    )]
    Carry(CarryArgs),
    /// Append the next cycle to the file of the last one and create its folder
    #[command(
        after_help = "Examples:\n  align cycle new                          # 2026-Q4 -> 2027-Q1, same length\n  align cycle new --id 2027-T1 --start 2027-01-01 --end 2027-04-30"
    )]
    New(NewCycleArgs),
    /// The track record across cycles, per team and pillar: scores, commitments kept,
    /// confidence calibration, check-in discipline, churn
    #[command(
        after_help = "Examples:\n  align cycle review\n  align cycle review --cycles 2026-Q1..2026-Q4\n  align cycle review --format json\n  align cycle review --format html --out track-record.html"
    )]
    Review(ReviewArgs),
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The cycle to close: it must have ended (see --today)
    #[arg(value_name = "CYCLE")]
    pub cycle: String,

    /// Write the proposed score and status into the objectives' files
    #[arg(long)]
    pub write: bool,

    /// Write, then commit the changed files as your git identity
    #[arg(long)]
    pub commit: bool,

    /// The commit message's first line (with --commit)
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = CloseFormat::Table)]
    pub format: CloseFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CloseFormat {
    /// One line per objective, for the terminal
    Table,
    /// One JSON document: the proposals, the differences, the nudges
    Json,
}

#[derive(Debug, Args)]
pub struct CarryArgs {
    /// The cycle to carry from
    #[arg(value_name = "FROM")]
    pub from: String,

    /// The cycle to carry into
    #[arg(value_name = "TO")]
    pub to: String,

    /// Carry only this objective (repeat for more); default: every unfinished one
    #[arg(long, value_name = "ID")]
    pub objective: Vec<String>,

    /// Print what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct NewCycleArgs {
    /// The new cycle's id (default: the one after the last, e.g. 2026-Q4 -> 2027-Q1)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Its first day (default: the day after the last cycle ends)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub start: Option<jiff::civil::Date>,

    /// Its last day (default: as long as the last cycle)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub end: Option<jiff::civil::Date>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The cycles to review, as FIRST..LAST (either end may be left out); default:
    /// every cycle that has started
    #[arg(long, value_name = "A..B")]
    pub cycles: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format of the findings
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Fail (exit 1) on findings of this level too
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,

    /// Report only the findings that the change since the merge base of REF and HEAD
    /// introduces (matched by rule, entity and message, not by line), and the goalposts
    /// it moves (`goalpost-moved`); exit 1 only for those
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Report every finding, plus the goalposts that the change since the merge base of
    /// REF and HEAD moves (targets or baselines eased after their cycle started)
    #[arg(long, value_name = "REF", conflicts_with = "base")]
    pub goalposts: Option<String>,
    /// Also report drift from the git history (stale, goalpost-moved, behind-pace,
    /// churn, realign, blocked), as findings of the current cycle
    #[arg(long)]
    pub drift: bool,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// With `--format sarif`: the run's category (`automationDetails.id`), which keeps
    /// the alerts of two trees in one repository apart in GitHub code scanning
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with source snippets, and a summary line
    #[value(alias = "table")]
    Human,
    /// One JSON document: summary and findings (see docs/check.md, "Output formats")
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request's lines
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers
    Sarif,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The cycle to report on (default: the one containing today, else the latest
    /// one that has started)
    #[arg(long, value_name = "ID")]
    pub cycle: Option<String>,

    /// Only this team and the teams below it
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Read check-ins from the files only (the `checked` key), not from the git
    /// history; inside a git repository the history is read by default
    #[arg(long, conflicts_with_all = ["history", "at"])]
    pub no_history: bool,

    /// Report on the tree and its history as of this commit (a branch, tag or id)
    /// instead of the work tree
    #[arg(long, value_name = "REF")]
    pub at: Option<String>,

    /// The default inside a git repository; kept so that older scripts still run
    #[arg(long, hide = true)]
    pub history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables for the terminal; coloured when standard output is a terminal
    #[value(alias = "human")]
    Table,
    /// GitHub-flavoured Markdown, for a pull-request comment or a wiki page
    Markdown,
    /// One JSON document (see docs/report.md, "Report JSON")
    Json,
    /// One self-contained HTML page: no network, printable
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version (default: the merge base of HEAD and the default branch:
    /// GITHUB_BASE_REF on a pull request, else origin/HEAD, origin/main, main...)
    pub base: Option<String>,

    /// The new version (default: the work tree, uncommitted changes included)
    pub head: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Keep the output under this many bytes by leaving out table rows and saying so
    /// (GitHub's step summary takes at most 1 MiB)
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<usize>,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Tables for the terminal
    #[value(alias = "human")]
    Table,
    /// GitHub-flavoured Markdown, for a pull-request comment or the step summary
    Markdown,
    /// One JSON document (see docs/diff.md, "Diff JSON")
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Warnings fail the check as errors do
    Warnings,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code, such as line-of-sight
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the tree in (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// The organisation's name
    #[arg(long, default_value = "Our company")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// OBJECTIVE/KR, an objective (with its key results), a pillar, or `vision`
    #[arg(value_name = "ITEM")]
    pub item: String,

    /// Read the tree and its history as of this commit (a branch, tag or id) instead
    /// of the work tree
    #[arg(long, value_name = "REF")]
    pub at: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One line per event, for the terminal
    #[value(alias = "human")]
    Table,
    /// One JSON document
    Json,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The cycle (default: the one containing today, else the latest one that started)
    #[arg(long, value_name = "ID")]
    pub cycle: Option<String>,

    /// Read the tree and its history as of this commit (a branch, tag or id) instead
    /// of the work tree
    #[arg(long, value_name = "REF")]
    pub at: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = DriftFormat::Table)]
    pub format: DriftFormat,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// Findings and tables for the terminal
    #[value(alias = "human")]
    Table,
    /// GitHub-flavoured Markdown, for a pull-request comment
    Markdown,
    /// One JSON document (see docs/drift.md, "Drift findings")
    Json,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The key result, as OBJECTIVE/KR
    #[arg(value_name = "OBJECTIVE/KR")]
    pub item: String,

    /// The new value: a number (`current`), true/false for a milestone (`done`), or
    /// a zone (fail, commit, target, stretch) for an ordinal key result
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub value: Option<String>,

    /// The new confidence: 0.0-1.0, an integer 0-10, or low/medium/high
    #[arg(long, value_name = "C")]
    pub confidence: Option<String>,

    /// The commit message's first line (with --commit)
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,

    /// Commit the change, with a `Check-in: OBJECTIVE/KR` trailer, as your git identity
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Args)]
pub struct NudgeArgs {
    /// The cycle (default: the one containing today, else the latest one that has started)
    #[arg(long, value_name = "ID")]
    pub cycle: Option<String>,

    /// Only this team and the teams below it
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,

    /// Only this person's digest, by handle (`@priya`)
    #[arg(long, value_name = "HANDLE", value_parser = parse_handle)]
    pub owner: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = NudgeFormat::Table)]
    pub format: NudgeFormat,

    /// In Markdown, write handles so that GitHub notifies their owners (escaped otherwise)
    #[arg(long)]
    pub mention: bool,

    /// Write the digest to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Read check-ins from the files only (the `checked` key), not from the git
    /// history; inside a git repository the history is read by default, as the
    /// report reads it
    #[arg(long, conflicts_with = "at")]
    pub no_history: bool,

    /// The digest of the tree and its history as of this commit (a branch, tag or id)
    #[arg(long, value_name = "REF")]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NudgeFormat {
    /// One block per owner, for a terminal
    #[value(alias = "human")]
    Table,
    /// GitHub Markdown: an issue body or a comment
    Markdown,
    /// The digest as JSON
    Json,
}

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// Exit 1 when the align block of this CODEOWNERS file is missing or out of date
    #[arg(long, value_name = "FILE", conflicts_with = "write")]
    #[allow(clippy::option_option)]
    pub check: Option<Option<PathBuf>>,

    /// Write the block into this CODEOWNERS file, replacing its previous align block
    #[arg(long, value_name = "FILE")]
    #[allow(clippy::option_option)]
    pub write: Option<Option<PathBuf>>,
}

fn parse_handle(text: &str) -> Result<String, String> {
    if crate::rules::is_handle(text) {
        Ok(text.to_string())
    } else {
        Err("expected a handle like @priya or @org/team, as owners are written".into())
    }
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|e| format!("expected a date like 2026-11-15: {e}"))
}

/// What `graph` and `tree` show: one cycle, one team.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// The cycle to show (default: the one containing today, else the latest one that
    /// has started)
    #[arg(long, value_name = "ID")]
    pub cycle: Option<String>,

    /// Only this team and the teams below it, with what their objectives support and need
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT: `align graph | dot -Tsvg > graph.svg`
    Dot,
    /// A Mermaid flowchart, for Markdown on GitHub and in wikis
    Mermaid,
    /// The graph's nodes and edges as one JSON document
    Json,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Draw with ASCII (`|--`) instead of Unicode box drawing (`├──`)
    #[arg(long)]
    pub ascii: bool,

    /// Write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema to print: `settings` (align.toml) or `strategy` (every other file)
    #[arg(value_enum, required_unless_present = "out")]
    pub name: Option<SchemaName>,

    /// Write both schemas to this folder, as align.schema.json and strategy.schema.json
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// align.toml: limits, rule severities, drift thresholds
    #[value(alias = "align")]
    Settings,
    /// Strategy files: vision, pillars, teams, cycles, objectives
    Strategy,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write align.1 and one page per command (align-check.1, ...) to this folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
