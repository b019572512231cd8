//! The bot's logs: `tracing` to stderr, with teloxide's `log` records routed in.
//!
//! Invariants: logging never panics and never stops the bot. tracing-subscriber reports a failed
//! write with `eprintln!`, which panics when stderr is closed (`communique telegram 2>&1 | head
//! -1`); here writes go through [`QuietStderr`], which drops what cannot be written, and the
//! subscriber's own error reports are off. Colour codes are written only when stderr is a
//! terminal, so a log file or pipe gets plain text.

use std::io::{self, IsTerminal, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Stderr, where a failed write (closed pipe, full disk) is dropped rather than reported.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuietStderr;

impl Write for QuietStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for QuietStderr {
    type Writer = QuietStderr;
    fn make_writer(&'a self) -> QuietStderr {
        QuietStderr
    }
}

/// Sets up logging to stderr: `RUST_LOG` if set, else `filter`. A second call (tests) keeps the
/// first subscriber.
pub fn init(filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(QuietStderr)
        .with_ansi(io::stderr().is_terminal())
        .log_internal_errors(false)
        .with_target(false)
        .try_init();
}
