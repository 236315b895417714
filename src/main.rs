use std::process::ExitCode;

// Parsing tens of thousands of files allocates millions of small strings; mimalloc
// makes that measurably cheaper than the system allocator (see benches/check.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = align_okr::cli::Cli::parse_args();
    match align_okr::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            // Paths and names in a message come from the file system and the tree: a
            // line break in a file name must not start a line of its own (GitHub reads
            // `::error::` at a line's start as a workflow command), nor an escape drive
            // the terminal.
            let message = align_okr::error::chain(&error);
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", align_okr::render::table::clean(&message));
            }
            ExitCode::from(2)
        }
    }
}
