//! `align explain [CODE]`: a rule's rationale, or the list of rules.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ExplainArgs;
use crate::codes::Code;
use crate::error::{Error, Result};
use crate::suggest::did_you_mean;

pub fn run(args: &ExplainArgs, w: &mut dyn Write) -> Result<ExitCode> {
    match &args.code {
        None => {
            let width = Code::all().map(|c| c.name().len()).max().unwrap_or(0);
            for code in Code::all() {
                super::out(writeln!(
                    w,
                    "{:width$}  {:7}  {}",
                    code.name(),
                    code.default_severity().name(),
                    code.description()
                ))?;
            }
        }
        Some(name) => {
            let code = name.parse::<Code>().map_err(|_| {
                let hint = did_you_mean(name, Code::all().map(Code::name))
                    .map(|best| format!("did you mean `{best}`? "))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "no rule `{name}`: {hint}`align explain` lists every rule"
                ))
            })?;
            super::out(write!(w, "{}", code.explain()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
