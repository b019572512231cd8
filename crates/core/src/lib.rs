//! communique's core: answers questions about official joint statements, and says honestly when
//! the statement doesn't say.
//!
//! Layers, from the bottom: [`text`] (folding, tokens) and [`limits`] (every size bound);
//! [`lang`] (a language as a code, and the traits language crates implement), [`term`] (a unit
//! of meaning); [`lexicon`]
//! (general word knowledge); [`knowledge`] (statement packages and language packs, loaded and
//! validated); [`reply`] (what the engine says back) and [`conversation`] (the state a front end
//! keeps between messages); [`voice`] (the bot's phrases for one statement); [`engine`] (one
//! statement: a message in, a reply out); [`library`] (many statements, and which answers);
//! [`render`] (a reply as a terminal or the batch protocol shows it). A module uses only those
//! below it. Nothing here does I/O but [`knowledge::files`], which reads a knowledge directory.

pub mod conversation;
pub mod engine;
pub mod knowledge;
pub mod lang;
pub mod lexicon;
pub mod library;
pub mod limits;
mod messages;
pub mod numbers;
pub mod render;
pub mod reply;
pub mod snapshot;
pub mod term;
pub mod text;
pub mod voice;

pub use conversation::Conversation;
pub use engine::Engine;
pub use knowledge::Knowledge;
pub use lang::{Lang, Toolkit};
pub use library::Library;
pub use reply::{Reply, ReplyKind};
