use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = align::cli::Cli::parse();
    match align::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {error}");
            }
            ExitCode::from(2)
        }
    }
}
