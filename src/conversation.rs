//! The state of one conversation, shared by every front end and serialisable with serde.
//!
//! The engine reads and updates it on every message; front ends only store it (the REPL in memory,
//! the Telegram bot in its dialogue storage). A fresh [`Conversation::default`] is a conversation
//! with no history.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    /// The fact of the last answer, if the last reply was one.
    #[serde(default)]
    pub last_fact: Option<String>,
    /// The fact ids offered by the last clarification, in the order they were offered.
    #[serde(default)]
    pub choices: Vec<String>,
}

impl Conversation {
    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = Conversation::default();
    }
}
