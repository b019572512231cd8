//! The `communique` binary: parses the command line and maps errors to exit codes
//! (0 success, 1 failure — invalid knowledge, failed check, I/O — and 2 for bad usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use communique::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Not eprintln!: it panics when stderr is closed.
            let _ = writeln!(std::io::stderr(), "communique: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
