//! `align completions SHELL`: a completion script generated from the command line's
//! own definition, so it never falls behind a new flag.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

pub fn run(args: &CompletionsArgs, w: &mut dyn Write) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "align", &mut script);
    super::out(w.write_all(&script))?;
    Ok(ExitCode::SUCCESS)
}
