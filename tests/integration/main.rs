//! The integration tests, in one test binary: the command line, the REPL through a pipe, the
//! knowledge loader's error reports, the engine cases (`tests/cases/*.dialogue`), the package's
//! scripted dialogues, the guard against copied evaluation questions, the documents' promises
//! (README size, links, generated figures), property tests, and (feature `telegram`) the Telegram
//! bot against a fake Bot API server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli;
mod dialogues;
mod docs;
mod engine_cases;
mod eval_copies;
mod helpers;
mod ingest;
mod knowledge_errors;
mod language_packs;
mod layers;
mod library;
mod malay;
mod properties;
mod question_log;
mod repl;
mod review;
#[cfg(feature = "telegram")]
mod telegram;
