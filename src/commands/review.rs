//! `align cycle review`: the track record across cycles.

use std::io::Write;
use std::process::ExitCode;

use super::Context;
use crate::cli::ReviewArgs;
use crate::error::{Error, Result};

pub fn run(_cx: &Context, _args: &ReviewArgs, _w: &mut dyn Write) -> Result<ExitCode> {
    Err(Error::Usage("not yet".into()))
}
