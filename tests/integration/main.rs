//! The integration tests, in one test binary: the command line, the REPL through a pipe, the
//! knowledge loader's error reports, and the engine's answers as data (`tests/cases/*.txt`), and (feature `telegram`) the Telegram bot against a
//! fake Bot API server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;
mod helpers;
mod knowledge_errors;
mod repl;
#[cfg(feature = "telegram")]
mod telegram;
