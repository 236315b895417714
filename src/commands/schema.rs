//! `align schema`: print one JSON Schema, or write both to a folder.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{SchemaArgs, SchemaName};
use crate::error::{Error, Result};
use crate::schema;

pub fn run(cx: &super::Context, args: &SchemaArgs, w: &mut dyn Write) -> Result<ExitCode> {
    if let Some(dir) = &args.out {
        let failed = |source| Error::Write {
            what: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        for (name, text) in schema::all() {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|source| Error::Write {
                what: path.display().to_string(),
                source,
            })?;
            cx.say(w, &format!("wrote {}", path.display()))?;
        }
    } else {
        let text = match args.name {
            Some(SchemaName::Settings) => schema::settings(),
            Some(SchemaName::Strategy) | None => schema::strategy(),
        };
        super::out(w.write_all(text.as_bytes()))?;
    }
    Ok(ExitCode::SUCCESS)
}
