//! `align init [DIR]`: scaffold a tree that passes `align check`, dated to the
//! current quarter, with the JSON Schemas its files name for editors. Never
//! overwrites an existing tree.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use jiff::civil::Date;

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::load::SETTINGS_FILE;

const TEMPLATE: [(&str, &str); 5] = [
    (SETTINGS_FILE, include_str!("../../assets/init/align.toml")),
    ("vision.toml", include_str!("../../assets/init/vision.toml")),
    ("teams.toml", include_str!("../../assets/init/teams.toml")),
    ("cycles.toml", include_str!("../../assets/init/cycles.toml")),
    (
        "objectives/{{cycle}}/company.toml",
        include_str!("../../assets/init/objectives.toml"),
    ),
];

pub fn run(cx: &super::Context, args: &InitArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let today = cx.today;
    let dir = &args.dir;
    if dir.join(SETTINGS_FILE).exists() {
        return Err(Error::Usage(format!(
            "{} already holds a strategy tree ({SETTINGS_FILE} exists); init never overwrites one",
            dir.display()
        )));
    }
    let quarter = Quarter::of(today);
    let fill = |text: &str| {
        text.replace(
            "{{name}}",
            &args.name.replace('\\', "\\\\").replace('"', "\\\""),
        )
        .replace("{{cycle}}", &quarter.id)
        .replace("{{start}}", &quarter.start.to_string())
        .replace("{{end}}", &quarter.end.to_string())
    };
    let mut written = Vec::new();
    let files = TEMPLATE.iter().map(|(name, text)| (fill(name), fill(text)));
    // The JSON Schemas that each file's `#:schema` comment points editors at.
    let schemas = crate::schema::all()
        .into_iter()
        .map(|(name, text)| (format!("schema/{name}"), text));
    for (name, text) in files.chain(schemas) {
        let path = dir.join(&name);
        refuse_existing(dir, &name)?;
        written.push((path, text));
    }
    for (path, text) in &written {
        write_file(path, text)?;
    }
    cx.say(
        w,
        &format!(
            "Created a strategy tree in {} with cycle {} ({} to {}).\nNext: edit vision.toml, then run `align check --root {}`.",
            dir.display(),
            quarter.id,
            quarter.start,
            quarter.end,
            dir.display()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses a file that exists, and a symlink anywhere on its way from `dir`, even a
/// dangling one: init writes only new files, under folders it can see.
fn refuse_existing(dir: &Path, name: &str) -> Result<()> {
    let mut path = dir.to_path_buf();
    for part in name.split('/') {
        path.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(());
        };
        if meta.is_symlink() {
            let target = std::fs::read_link(&path).unwrap_or_default();
            return Err(Error::Usage(format!(
                "{} is a symlink to {}; init never writes through a link",
                path.display(),
                target.display()
            )));
        }
    }
    Err(Error::Usage(format!(
        "{} exists; init never overwrites a file",
        path.display()
    )))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    let error = |source| Error::Write {
        what: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    // A new file only: a link or a file that appeared since the check is not followed.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)
}

struct Quarter {
    id: String,
    start: Date,
    end: Date,
}

impl Quarter {
    fn of(day: Date) -> Self {
        let q = (day.month() - 1) / 3 + 1;
        let start = Date::new(day.year(), q * 3 - 2, 1).unwrap_or(day);
        let end = Date::new(day.year(), q * 3, 1).map_or(day, |d| d.last_of_month());
        Self {
            id: format!("{}-Q{q}", day.year()),
            start,
            end,
        }
    }
}
