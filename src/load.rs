//! Loading a strategy tree: find the root, walk it, read and parse every file
//! (in parallel), and turn every problem with a file into a finding.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::codes::Code;
use crate::diag::{Entity, Finding};
use crate::error::{Error, Result};
use crate::model::{Model, StrategyFile};
use crate::settings::Settings;
use crate::source::{FileId, SourceFile, Sources};
use crate::suggest::did_you_mean;

/// The name of the settings file that marks a tree's root.
pub const SETTINGS_FILE: &str = "align.toml";

/// Files larger than this are not strategy: they are refused with a finding.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// A loaded tree: its files, its model, its settings, and what went wrong loading it.
#[derive(Debug)]
pub struct Tree {
    pub sources: Sources,
    pub model: Model,
    pub settings: Settings,
    /// The `align.toml` file, when it was read.
    pub settings_file: Option<FileId>,
    pub findings: Vec<Finding>,
    /// Files that could not be read as strategy (not text, bad TOML, bad schema):
    /// their entities are missing from the model.
    pub files_not_loaded: usize,
}

impl Tree {
    /// Whether every file loaded, so that rules across files see the whole tree.
    pub fn is_complete(&self) -> bool {
        self.files_not_loaded == 0
    }

    /// A setting of `align.toml` that makes no sense, as an [`Error::Config`] pointing
    /// at its value: `key` is its path of tables and keys, such as `["pace",
    /// "at_risk"]`. Without the file or the key (a default), it points at line 1.
    pub fn config_error(&self, key: &[&str], message: String) -> Error {
        let file = self.settings_file.map(|id| self.sources.get(id));
        let span = file.and_then(|file| {
            let document = toml_edit::Document::parse(file.text.as_str()).ok()?;
            let mut item = document.as_item();
            for part in key {
                item = item.get(part)?;
            }
            item.span()
        });
        let (line, column) = match (file, span) {
            (Some(file), Some(span)) => file.line_col(span.start),
            _ => (1, 1),
        };
        Error::Config {
            file: file.map_or_else(|| SETTINGS_FILE.to_string(), |f| f.name.clone()),
            line,
            column,
            message,
        }
    }
}

/// The tree root: `root` when given, else the nearest folder at or above `cwd`
/// holding an `align.toml`.
pub fn find_root(root: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(root) = root {
        let meta = std::fs::metadata(root).map_err(|e| Error::BadRoot {
            root: root.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !meta.is_dir() {
            return Err(Error::BadRoot {
                root: root.to_path_buf(),
                reason: "not a folder".into(),
            });
        }
        if !root.join(SETTINGS_FILE).is_file() {
            return Err(Error::BadRoot {
                root: root.to_path_buf(),
                reason: format!(
                    "it has no {SETTINGS_FILE} (run `align init {}` to start a tree there)",
                    root.display()
                ),
            });
        }
        return Ok(root.to_path_buf());
    }
    cwd.ancestors()
        .find(|dir| dir.join(SETTINGS_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoTree {
            start: cwd.to_path_buf(),
        })
}

/// A problem with one file, before the file has its id in the registry.
pub struct FileProblem {
    code: Code,
    message: String,
    span: Range<usize>,
    label: String,
    help: Option<String>,
}

impl FileProblem {
    fn whole_file(code: Code, message: String, help: &str) -> Self {
        Self {
            code,
            message,
            span: 0..0,
            label: String::new(),
            help: Some(help.into()),
        }
    }

    fn into_finding(self, file: FileId, name: &str) -> Finding {
        let mut finding = Finding::new(self.code, self.message)
            .at(file, self.span, self.label)
            .entity(Entity::File(name.to_string()));
        finding.help = self.help;
        finding
    }
}

enum Parsed {
    Strategy(StrategyFile),
    Settings(Settings),
    Failed(FileProblem),
}

/// One file of a tree, read but not parsed: from the disk or from a git object.
pub struct RawFile {
    /// Path relative to the tree root, with `/` separators.
    pub name: String,
    /// Where it lives: on disk, or where it would be in the work tree.
    pub path: PathBuf,
    /// The text, or why the bytes are not a strategy file.
    pub text: std::result::Result<String, FileProblem>,
}

/// Loads the tree at `root`: every `*.toml` below it except hidden folders, `target/`
/// and nested trees (folders with their own `align.toml`).
pub fn load(root: &Path) -> Result<Tree> {
    let mut findings = Vec::new();
    let files = walk(root, &mut findings)?;
    let read: Vec<RawFile> = files
        .into_par_iter()
        .map(|(name, path)| {
            let text = read_text(&path)?;
            Ok(RawFile { name, path, text })
        })
        .collect::<Result<_>>()?;
    Ok(assemble(root, read, findings))
}

/// Parses files already read (in parallel) into a tree. `files` must be sorted by
/// name; `findings` are problems found while gathering them (skipped paths).
pub fn assemble(root: &Path, files: Vec<RawFile>, findings: Vec<Finding>) -> Tree {
    let parsed: Vec<(RawFile, Parsed)> = files
        .into_par_iter()
        .map(|mut file| {
            let is_settings = file.name == SETTINGS_FILE;
            let parsed = match std::mem::replace(&mut file.text, Ok(String::new())) {
                Ok(text) => {
                    let parsed = parse(&text, is_settings);
                    file.text = Ok(text);
                    parsed
                }
                Err(problem) => Parsed::Failed(problem),
            };
            (file, parsed)
        })
        .collect();

    let mut tree = Tree {
        sources: Sources::new(root),
        model: Model::default(),
        settings: Settings::default(),
        settings_file: None,
        findings,
        files_not_loaded: 0,
    };
    for (file, parsed) in parsed {
        let RawFile { name, path, text } = file;
        let id = tree.sources.add(SourceFile::new(
            name.clone(),
            path,
            text.unwrap_or_default(),
        ));
        match parsed {
            Parsed::Strategy(file) => tree.model.absorb(id, file),
            Parsed::Settings(settings) => {
                tree.settings = settings;
                tree.settings_file = Some(id);
            }
            Parsed::Failed(problem) => {
                tree.files_not_loaded += 1;
                if name == SETTINGS_FILE {
                    tree.settings_file = Some(id);
                }
                tree.findings.push(problem.into_finding(id, &name));
            }
        }
    }
    check_rule_names(&mut tree);
    check_languages(&mut tree);
    tree
}

/// Every `*.toml` file of the tree as (name relative to the root, path), sorted.
fn walk(root: &Path, findings: &mut Vec<Finding>) -> Result<Vec<(String, PathBuf)>> {
    let io_error = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let canonical_root = root.canonicalize().map_err(|e| io_error(root, e))?;
    let skipped: std::cell::RefCell<Vec<Skipped>> = Default::default();
    let followed_symlink = std::cell::Cell::new(false);
    let mut files = Vec::new();

    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') {
                return false;
            }
            if entry.file_type().is_dir() && name == "target" {
                return false;
            }
            if entry.file_type().is_dir() && entry.path().join(SETTINGS_FILE).is_file() {
                // Said, so that a pull request cannot hide files from review there.
                skipped
                    .borrow_mut()
                    .push(Skipped::Nested(relative_name(root, entry.path())));
                return false;
            }
            // A submodule is another repository: git versions of the tree hold only a
            // link to its commit, so the work tree does not read it either.
            if entry.file_type().is_dir() && entry.path().join(".git").exists() {
                skipped
                    .borrow_mut()
                    .push(Skipped::Submodule(relative_name(root, entry.path())));
                return false;
            }
            if entry.path_is_symlink() {
                followed_symlink.set(true);
                let link = || relative_name(root, entry.path());
                match entry.path().canonicalize() {
                    Ok(target) if target.starts_with(&canonical_root) => {
                        // What the walk would not read directly, it does not read through
                        // a link either: hidden files (`.env`, `.git/config`) and files
                        // that are not TOML would show their secrets in a snippet.
                        let inside = target.strip_prefix(&canonical_root).unwrap_or(&target);
                        let hidden = inside
                            .components()
                            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                        let not_toml = entry.file_type().is_file()
                            && target.extension().is_none_or(|ext| ext != "toml");
                        if !hidden && !not_toml {
                            return true;
                        }
                        skipped.borrow_mut().push(Skipped::NotStrategy(
                            link(),
                            link_text(entry.path()),
                            if hidden {
                                "a hidden file or folder"
                            } else {
                                "not a *.toml file"
                            },
                        ));
                    }
                    Ok(_) => skipped.borrow_mut().push(Skipped::Outside(
                        relative_name(root, entry.path()),
                        link_text(entry.path()),
                    )),
                    Err(_) => skipped.borrow_mut().push(Skipped::Dangling(
                        relative_name(root, entry.path()),
                        link_text(entry.path()),
                    )),
                }
                return false;
            }
            true
        });
    for entry in entries {
        match entry {
            Ok(entry) => {
                let is_toml = entry.path().extension().is_some_and(|ext| ext == "toml");
                if entry.file_type().is_file() && is_toml {
                    let name = relative_name(root, entry.path());
                    if entry.depth() == 1 || name != SETTINGS_FILE {
                        files.push((name, entry.into_path()));
                    }
                }
            }
            Err(err) => {
                if let Some(ancestor) = err.loop_ancestor() {
                    let path = err.path().unwrap_or(root);
                    let link = relative_name(root, path);
                    let ancestor = ancestor.canonicalize().unwrap_or(ancestor.to_path_buf());
                    skipped
                        .borrow_mut()
                        .push(match ancestor.strip_prefix(&canonical_root) {
                            Ok(_) => Skipped::Loop(link, relative_name(&canonical_root, &ancestor)),
                            // A folder that holds the whole tree: counted up from the root,
                            // never as an absolute path of this machine.
                            Err(_) => Skipped::Above(
                                link,
                                link_text(path),
                                levels_up(&canonical_root, &ancestor),
                            ),
                        });
                } else if let Some(link) = err.path().filter(|p| p.is_symlink() && !p.exists()) {
                    // walkdir follows links before filter_entry sees them: a dangling one
                    // arrives here, as an error about the link.
                    skipped.borrow_mut().push(Skipped::Dangling(
                        relative_name(root, link),
                        link_text(link),
                    ));
                } else {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let source = err
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("unreadable folder"));
                    return Err(Error::Io { path, source });
                }
            }
        }
    }
    if followed_symlink.get() {
        // A symlink inside the tree reaches files the walk also reaches directly:
        // read each file once, or every id in it would be a duplicate of itself.
        let mut seen = HashSet::new();
        files.retain(|(_, path)| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    }
    findings.extend(skipped.into_inner().into_iter().map(Skipped::into_finding));
    // Registered in this order, so that file ids sort as names do (rules::sort relies on it).
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// A path the walk did not follow, and why.
enum Skipped {
    /// Link name, link text.
    Outside(String, String),
    Dangling(String, String),
    /// Link name, the folder it leads back to.
    Loop(String, String),
    /// Link name, link text, and how many folders above the root it leads to.
    Above(String, String, usize),
    /// Link name, link text, what it leads to instead of a strategy file.
    NotStrategy(String, String, &'static str),
    /// A folder with its own `align.toml`.
    Nested(String),
    /// A folder that is a git submodule (or any other repository).
    Submodule(String),
}

impl Skipped {
    fn into_finding(self) -> Finding {
        let (path, message, help) = match self {
            Self::Outside(path, target) => (
                path.clone(),
                format!("{path} is a symlink to {target}, outside the tree: not followed"),
                "only files inside the tree are strategy: copy the file in, or remove the link",
            ),
            Self::Dangling(path, target) => (
                path.clone(),
                format!("{path} is a symlink to {target}, which does not exist: not followed"),
                "remove the link, or restore what it points to",
            ),
            Self::Loop(path, ancestor) => (
                path.clone(),
                format!("{path} is a symlink loop back to {ancestor}: not followed"),
                "a link to a folder above it makes the tree infinite: remove the link",
            ),
            Self::Above(path, target, levels) => (
                path.clone(),
                format!(
                    "{path} is a symlink to {target}, which is {} from the tree's root: a \
                     folder that holds the whole tree, not followed",
                    vec![".."; levels].join("/")
                ),
                "following it would read the tree again inside itself, without end: remove \
                 the link",
            ),
            Self::NotStrategy(path, target, what) => (
                path.clone(),
                format!("{path} is a symlink to {target}, {what}: not followed"),
                "only *.toml files that are not hidden are strategy: link to one, or remove \
                 the link",
            ),
            Self::Nested(path) => return nested_tree(&path),
            Self::Submodule(path) => return submodule(&path),
        };
        Finding::new(Code::SkippedPath, message)
            .help(help)
            .entity(Entity::Path(path.to_string()))
    }
}

/// A folder with its own `align.toml`: a tree of its own, not read as part of this
/// one (on disk and in git alike).
pub(crate) fn nested_tree(path: &str) -> Finding {
    Finding::new(
        Code::SkippedPath,
        format!(
            "{path} holds its own {SETTINGS_FILE}: a separate tree, not read as part of this one"
        ),
    )
    .help(format!(
        "check it with `align check --root {path}`; if its files belong to this tree, remove \
         its {SETTINGS_FILE}"
    ))
    .entity(Entity::Path(path.to_string()))
}

/// How many folders `ancestor` is above `root` (both canonical).
fn levels_up(root: &Path, ancestor: &Path) -> usize {
    root.components()
        .count()
        .saturating_sub(ancestor.components().count())
}

/// The finding for a submodule inside the tree, in the work tree or in a commit: its
/// files belong to another repository, and are not read in either.
pub fn submodule(path: &str) -> Finding {
    Finding::new(
        Code::SkippedPath,
        format!("{path} is a git submodule (another repository): its files are not read"),
    )
    .help("keep strategy files in the tree's own repository, or make the submodule's folder its own tree")
    .entity(Entity::Path(path.to_string()))
}

/// What a symlink says, as written: stable across machines, unlike its resolved path.
fn link_text(link: &Path) -> String {
    std::fs::read_link(link).map_or_else(|_| "?".into(), |t| t.to_string_lossy().into_owned())
}

fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// The file's text, or the reason it is not a text file. I/O failures are errors.
fn read_text(path: &Path) -> Result<std::result::Result<String, FileProblem>> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if let Some(problem) = too_large(size) {
        return Ok(Err(problem));
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    Ok(text_of(bytes))
}

/// Refuses a file over [`MAX_FILE_BYTES`] before it is read.
pub fn too_large(size: u64) -> Option<FileProblem> {
    (size > MAX_FILE_BYTES).then(|| {
        FileProblem::whole_file(
            Code::InvalidFile,
            format!(
                "file is {:.1} MiB, over the {} MiB limit for a strategy file",
                size as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "split it into several files, or move data that is not strategy out of the tree",
        )
    })
}

/// The bytes as text, or why they are not a strategy file (binary, not UTF-8).
pub fn text_of(bytes: Vec<u8>) -> std::result::Result<String, FileProblem> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(FileProblem::whole_file(
            Code::InvalidFile,
            format!("file is binary, not TOML text (NUL byte at offset {at})"),
            "strategy files are UTF-8 text; rename the file if it is not strategy",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        FileProblem::whole_file(
            Code::InvalidFile,
            format!(
                "file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8",
        )
    })
}

fn parse(text: &str, is_settings: bool) -> Parsed {
    let result = if is_settings {
        toml::from_str::<Settings>(text).map(Parsed::Settings)
    } else {
        toml::from_str::<StrategyFile>(text).map(Parsed::Strategy)
    };
    result.unwrap_or_else(|e| Parsed::Failed(classify(text, &e)))
}

/// Turns a TOML or schema error into a finding with a code and, for a typo, a suggestion.
fn classify(text: &str, error: &toml::de::Error) -> FileProblem {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let (unknown, known) = names.split_first().map_or(("", &[][..]), |(u, k)| (u, k));
        let help = match did_you_mean(unknown, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => "this table has no keys".to_string(),
            None => format!("expected one of: {}", known.join(", ")),
        };
        return FileProblem {
            code: Code::UnknownKey,
            message: format!("unknown key `{unknown}`"),
            span,
            label: "not a key align knows".into(),
            help: Some(help),
        };
    }
    // Only a file that is valid TOML can have a schema problem; errors are rare, so
    // parsing again to tell the two apart costs nothing on a good tree.
    if toml::from_str::<toml::Table>(text).is_err() {
        return FileProblem {
            code: Code::TomlSyntax,
            message: format!("invalid TOML: {message}"),
            span,
            label: "here".into(),
            help: Some("see https://toml.io for the syntax".into()),
        };
    }
    let message = readable(&message);
    let message = match key_at(text, span.start) {
        Some(key) => format!("`{key}`: {message}"),
        None => message,
    };
    let help = if message.starts_with("missing field") {
        "add the missing key to this table"
    } else {
        "see `align explain invalid-field` for the fields and their types"
    };
    FileProblem {
        code: Code::InvalidField,
        message,
        span,
        label: "here".into(),
        help: Some(help.into()),
    }
}

/// serde's words for types, in the words of a TOML file.
fn readable(message: &str) -> String {
    let mut text = message.replace("invalid type: ", "wrong type: ");
    for (rust, toml) in [
        ("expected f64", "expected a number"),
        ("expected i64", "expected an integer"),
        ("expected u32", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected an array"),
        ("floating point", "number"),
    ] {
        text = text.replace(rust, toml);
    }
    text
}

/// The key whose value starts at `offset`, when the line reads `key = value`.
fn key_at(text: &str, offset: usize) -> Option<&str> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text.get(line_start..offset)?.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-')))
    .then_some(key)
}

/// The names between backticks in a serde message such as
/// "`x`, expected one of `a`, `b`".
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// `[rules]` keys must be rule codes; a typo would silently leave a rule at its default.
fn check_rule_names(tree: &mut Tree) {
    let Some(file) = tree.settings_file else {
        return;
    };
    for name in tree.settings.rules.keys() {
        if let Ok(code) = name.get_ref().parse::<Code>() {
            if !crate::rules::is_configurable(code) {
                tree.findings.push(
                    Finding::new(
                        Code::InvalidValue,
                        format!("the severity of `{code}` cannot be changed"),
                    )
                    .at(file, name.span(), "not configurable")
                    .help("a file that does not load hides everything in it: fix the file instead")
                    .entity(Entity::Rule(code.to_string())),
                );
            }
            continue;
        }
        let suggestion = did_you_mean(name.get_ref(), Code::all().map(Code::name));
        let help = match suggestion {
            Some(best) => format!("did you mean `{best}`? `align explain` lists every rule"),
            None => "`align explain` lists every rule".into(),
        };
        tree.findings.push(
            Finding::new(
                Code::UnknownKey,
                format!("unknown rule `{}`", name.get_ref()),
            )
            .at(file, name.span(), "not a rule code")
            .help(help)
            .entity(Entity::Rule(name.get_ref().clone())),
        );
    }
}

/// `[lints] languages` must name shipped word lists; a typo would silently turn the
/// writing lints off for that language.
fn check_languages(tree: &mut Tree) {
    let (Some(file), Some(languages)) = (tree.settings_file, &tree.settings.lints.languages) else {
        return;
    };
    let shipped = || crate::rules::words::LANGUAGES.iter().map(|(code, _)| *code);
    for language in languages {
        let name = language.get_ref();
        if shipped().any(|code| code == name) {
            continue;
        }
        let known = shipped().collect::<Vec<_>>().join(", ");
        let help = match did_you_mean(name, shipped()) {
            Some(best) => format!("did you mean `{best}`? align ships word lists for {known}"),
            None => {
                format!("align ships word lists for {known}; add your own words with [lints.words]")
            }
        };
        tree.findings.push(
            Finding::new(
                Code::InvalidValue,
                format!("no word lists for language `{name}`"),
            )
            .at(file, language.span(), "not a shipped language")
            .help(help)
            .entity(Entity::Language(name.to_string())),
        );
    }
}
