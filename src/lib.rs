//! communique: answers questions about official joint statements, and says honestly when the
//! statement doesn't say.
//!
//! The library holds everything but the front ends' I/O: [`knowledge`] (statement packages and
//! language packs, loaded and validated), [`engine`] (question in, reply out; no I/O),
//! [`conversation`] (the state a front end keeps between messages), [`lexicon`] (general English
//! word knowledge), [`voice`] (the bot's phrases for one statement), [`text`] (normalisation),
//! [`limits`] and [`messages`] (the program's own messages), [`dialogue`] (scripted test
//! dialogues) and [`invariants`] (what every reply must be). With the `telegram` feature (on by
//! default), `telegram` is the Telegram bot.

pub mod cli;
pub mod conversation;
pub mod dialogue;
pub mod engine;
pub mod ingest;
pub mod invariants;
pub mod knowledge;
pub mod lexicon;
pub mod library;
pub mod limits;
pub mod malay;
pub mod messages;
#[cfg(feature = "telegram")]
pub mod telegram;
pub mod text;
pub mod voice;

pub use conversation::Conversation;
pub use engine::{Engine, Reply, ReplyKind};
pub use knowledge::Knowledge;
pub use library::Library;
