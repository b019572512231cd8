//! A [`Term`]: one unit of meaning in a text, as a statement's index reads it (a concept of the
//! statement, a word of no topic, or a word the statement never uses). Facts and questions meet on
//! terms; a conversation remembers the terms of its last question, so a follow-up borrows them
//! as data instead of reading the question again.

use serde::{Deserialize, Serialize};

/// One unit of meaning in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Term {
    /// A concept the knowledge knows (the canonical stem of a synonym group, or a stem).
    Concept(String),
    /// A word that carries no topic ("the", "did", "tell").
    Generic,
    /// A word nothing in the knowledge uses (kept as typed, for the no-answer reply).
    Unknown(String),
}

impl Term {
    /// Whether the term carries a topic (a concept, or a word the statement never uses).
    pub fn has_topic(&self) -> bool {
        *self != Term::Generic
    }
}
