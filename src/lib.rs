//! The `communique` program: the front ends over the library crates of the workspace.
//!
//! [`cli`] is the command line (the REPL, `ask`, `batch`, `check`, `test`, `ingest`, `detect`),
//! [`telegram`] the Telegram bot (feature `telegram`, on by default), [`live`] serving a library
//! that reloads when its knowledge directory changes, [`languages`] the language crates wired into
//! the core's engines, and [`messages`] what the program says to whoever runs it. The answering
//! itself is `communique-core`'s (re-exported here as [`core`]); Malay is `communique-malay`'s,
//! drafting a package `communique-ingest`'s, the test support `communique-testkit`'s, and the
//! question log and its review `communique-review`'s.

/// The allocator of every program built on this crate (the binary, its tests and benchmarks):
/// see Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod cli;
pub mod languages;
pub mod live;
pub mod messages;
#[cfg(feature = "telegram")]
pub mod telegram;

pub use communique_core as core;
pub use communique_ingest as ingest;
pub use communique_malay as malay;
pub use communique_review as review;
pub use communique_testkit as testkit;

pub use communique_core::{
    Conversation, Engine, Knowledge, Lang, Library, Reply, ReplyKind, Toolkit, conversation,
    engine, knowledge, lang, lexicon, library, limits, render, reply, text, voice,
};
pub use communique_testkit::{dialogue, invariants};
