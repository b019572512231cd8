//! The integration tests, in one test binary: the command line, the REPL through a pipe, the
//! knowledge loader's error reports, the engine's answers as data (`tests/cases/*.txt`), the
//! scripted dialogues, property tests, and (feature `telegram`) the Telegram bot against a fake Bot
//! API server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli;
mod dialogues;
mod engine_cases;
mod helpers;
mod knowledge_errors;
mod malay;
mod properties;
mod repl;
#[cfg(feature = "telegram")]
mod telegram;
