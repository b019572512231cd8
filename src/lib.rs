//! communique: answers questions about one official statement, the Malaysia–South Korea joint
//! statement of 25 November 2024, and says honestly when the statement doesn't say.
//!
//! The library holds everything but the front ends' I/O: [`knowledge`] (the facts as data, loaded
//! and validated), [`engine`] (question in, reply out; no I/O), [`conversation`] (the state a front
//! end keeps between messages), [`text`] (normalisation) and [`messages`] (every user-facing string).
//! With the `telegram` feature (on by default), `telegram` is the Telegram bot.

pub mod cli;
pub mod conversation;
pub mod dialogue;
pub mod engine;
pub mod knowledge;
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
