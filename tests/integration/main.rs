//! The integration tests, in one test binary: the command line, the REPL through a pipe, the
//! knowledge loader's error reports, and the engine's answers as data (`tests/cases/*.txt`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;
mod dialogues;
mod engine_cases;
mod helpers;
mod knowledge_errors;
mod properties;
mod repl;
