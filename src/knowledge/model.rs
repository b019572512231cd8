//! The knowledge base's data types, exactly as the TOML files spell them.
//!
//! Field names here are the file format: renaming one is a breaking change to every knowledge
//! directory. Every struct denies unknown fields so a misspelt key is reported, not ignored.

use serde::{Deserialize, Serialize};

/// The kinds of question a fact can answer. `what` and `yes-no` are always allowed; the others
/// must be declared by a fact, because they ask for a concrete detail (a person, a date, a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    What,
    Who,
    When,
    Where,
    HowMany,
    HowMuch,
    HowLong,
    Why,
    YesNo,
}

impl Kind {
    /// Whether every fact answers this kind of question without declaring it.
    pub fn is_open(self) -> bool {
        matches!(self, Kind::What | Kind::YesNo | Kind::Why)
    }
}

/// `[statement]` in `statement.toml`: what the document is and where it comes from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub title: String,
    pub date: String,
    pub place: String,
    pub agency: String,
    pub publisher: String,
    pub url: String,
    pub summary: String,
    /// The fact that answers questions about the statement as a whole, which name nothing more
    /// specific than its parties ("what did Malaysia and South Korea agree?").
    #[serde(default)]
    pub overview: Option<String>,
}

/// `[[topic]]` in `statement.toml`: a heading of the statement, shown by `:topics` and `/topics`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    /// A question that starts a conversation on this topic (a button press sends it).
    pub question: String,
}

/// `[[fact.items]]`: one element of a fact whose answer is a list.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub label: String,
    /// The fact that tells more about this item, if there is one.
    #[serde(default)]
    pub fact: Option<String>,
}

/// `[[fact]]` in `facts.toml`: one answerable detail of the statement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub topic: String,
    /// A short noun phrase naming the fact ("the FTA deadline").
    pub label: String,
    /// The reply, in our own words.
    pub answer: String,
    /// Paragraphs of the statement this fact comes from (numbered from 1, blank-line separated).
    pub paragraphs: Vec<u32>,
    /// A short verbatim excerpt of the statement, for citation.
    #[serde(default)]
    pub quote: Option<String>,
    /// Detailed question kinds this fact answers, beyond `what` and `yes-no`.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// Suggested next questions, shown by front ends (buttons in Telegram).
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The one person this fact is about, if any.
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub items: Vec<Item>,
    /// Line of `facts.toml` where the fact starts (filled in by the loader).
    #[serde(skip)]
    pub line: usize,
}

/// `[[intent]]` in `smalltalk.toml`: a greeting, thanks, help request and the like.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub id: String,
    pub patterns: Vec<String>,
    pub reply: String,
}

/// A synonym group: the first entry is the canonical form of all the others.
pub type SynonymGroup = Vec<String>;

/// Everything the engine knows, validated.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub statement: Statement,
    pub topics: Vec<Topic>,
    pub facts: Vec<Fact>,
    pub synonyms: Vec<SynonymGroup>,
    pub generic: Vec<String>,
    pub intents: Vec<Intent>,
}

impl Knowledge {
    /// The fact with this id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
