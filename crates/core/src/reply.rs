//! What the engine says back: one [`Reply`] per message, the same shape for every front end.

use serde::Serialize;

use crate::lang::Lang;

/// What kind of reply this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyKind {
    /// Answered from a fact of the statement.
    Answer,
    /// Two facts fit equally well; the reply asks which one was meant (and names both).
    Clarify,
    /// The statement holds no answer (off topic, missing detail, nonsense, empty).
    NoAnswer,
    /// Greetings, thanks, help and other small talk.
    SmallTalk,
    /// Several statements fit the question: the reply asks which one was meant (and names them,
    /// in `statements`).
    WhichStatement,
}

/// Where in the statement an answer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub paragraphs: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The answer is worked out from these paragraphs, not said in them.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
}

/// A choice offered by a clarification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub fact: String,
    pub label: String,
}

/// A statement offered by a reply: which one was meant, or one that has what the statement in use
/// lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementChoice {
    /// The statement package's id.
    pub id: String,
    /// How replies name it ("the Malaysia–South Korea joint statement").
    pub name: String,
}

/// The engine's reply to one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    pub kind: ReplyKind,
    /// The text shown to the user.
    pub answer: String,
    /// The fact answered from; `None` exactly when the statement holds no answer.
    pub fact: Option<String>,
    /// Confidence in the match, 0.0 to 1.0.
    pub score: f32,
    /// Ids of facts related to the answer.
    pub related: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Citation>,
    /// Suggested next questions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// The options of a clarification.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The language the reply is written in (`"en"`, `"ms"`); a front end renders its own texts
    /// around the reply (citation line, headings) in the same language.
    pub lang: Lang,
    /// The statement the reply speaks for (the package's id); `None` for a reply about several
    /// (which one was meant, small talk about the whole library).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Statements offered: the candidates of a which-statement question, or the statements that
    /// have what a no-answer lacks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementChoice>,
}

impl Reply {
    /// A reply in `lang` that holds no fact.
    pub fn without_fact(kind: ReplyKind, answer: String, lang: Lang) -> Reply {
        Reply {
            kind,
            answer,
            fact: None,
            score: 0.0,
            related: Vec::new(),
            source: None,
            suggestions: Vec::new(),
            choices: Vec::new(),
            lang,
            statement: None,
            statements: Vec::new(),
        }
    }

    /// Whether this reply is the honest "the statement doesn't say".
    pub fn is_no_answer(&self) -> bool {
        self.kind == ReplyKind::NoAnswer
    }
}
