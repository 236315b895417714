//! `align man`: the man page in roff, generated from the command line's definition.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::{Error, Result};

pub fn run(cx: &super::Context, args: &ManArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let command = Cli::command();
    match &args.out {
        None => super::out(clap_mangen::Man::new(command).render(w))?,
        Some(dir) => {
            let failed = |source| Error::Write {
                what: dir.display().to_string(),
                source,
            };
            std::fs::create_dir_all(dir).map_err(failed)?;
            clap_mangen::generate_to(command, dir).map_err(failed)?;
            cx.say(w, &format!("wrote the man pages to {}", dir.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
