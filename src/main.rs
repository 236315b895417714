use std::process::ExitCode;

use clap::Parser;

// Parsing tens of thousands of files allocates millions of small strings; mimalloc
// makes that measurably cheaper than the system allocator (see benches/check.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = align_okr::cli::Cli::parse();
    match align_okr::commands::run(cli) {
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
