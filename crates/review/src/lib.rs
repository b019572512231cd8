//! communique's learning loop (issue 20): what people asked, kept privately, and a review that
//! turns it into changes a curator can accept without the bot ever claiming what the statement
//! doesn't say.
//!
//! Two halves:
//!
//! - **The question log** ([`writer`], [`record`], [`mask`], [`clock`]): one JSON line per handled
//!   message, made from the engine's own decision (`Routed`'s trace and reply), holding no chat
//!   id, user id, username or name; conversations are linked by a keyed hash whose key rotates
//!   daily; e-mail addresses and phone numbers are masked; the file is created 0600 and rotated by
//!   size; a failure to write never stops an answer.
//! - **The review** ([`read`], [`review`], [`suggest`], [`package`], [`verify`]): counts and
//!   rates, the unanswered and weakly answered questions grouped into clusters of the same need,
//!   and for each cluster an action with its evidence. A word is mapped to the statement, or an
//!   example added to a fact, only when evidence links it (the statement's own text, the
//!   language's lexicon, the engine's own reading) *and* the package with the change, rebuilt in
//!   memory, answers every question of the cluster clearly from one fact, keeps every other logged
//!   answer, keeps refusing what it refused, and still passes its dialogues. Questions about what
//!   the statement does not say stay refusals ("near misses").
//!
//! Front ends (the CLI's `--log-questions` and `review`, the Telegram bot's `[log]`) are the
//! binary's; this crate does the work and is tested alone.

pub mod apply;
pub mod clock;
pub mod mask;
mod messages;
pub mod package;
pub mod read;
pub mod record;
pub mod review;
pub mod suggest;
pub mod verify;
pub mod writer;

pub use apply::Curator;
pub use package::{Change, Package, PackageError};
pub use read::{Filter, ReadError, read_logs};
pub use record::Record;
pub use review::{Report, Statement, review};
pub use suggest::{Action, Evidence};
pub use verify::Bench;
pub use writer::{LogError, LogSettings, QuestionLog, Reporter};
