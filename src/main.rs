//! The `communique` binary: parses the command line and maps errors to exit codes
//! (0 success, 1 failure — invalid knowledge, failed check, I/O — and 2 for bad usage).
//!
//! A closed standard output (`communique batch | head`) is not a failure: the reader has all it
//! wanted, so the program ends quietly with 0, as ripgrep does.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use communique::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            let code = err.exit_code();
            // A closed stderr must not turn a clean error into a panic.
            let _ = writeln!(
                std::io::stderr(),
                "communique: {:#}",
                anyhow::Error::new(err)
            );
            ExitCode::from(code)
        }
    }
}
