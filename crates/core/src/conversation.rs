//! The state of one conversation, shared by every front end and serialisable with serde.
//!
//! The engine reads and updates it on every message ([`crate::Engine::respond`]); front ends only
//! store it (the REPL in memory, the Telegram bot in its dialogue storage). A fresh
//! [`Conversation::default`] is a conversation with no history. The state is small and bounded: a
//! few ids, one short question, one list. It carries a [`Conversation::version`] so a stored state
//! from an older release can be recognised and discarded instead of misread.
//!
//! With several statements loaded ([`crate::library`]) it also remembers the statement in use, a
//! pending "which statement?" and the last question asked. Those belong to the library, not to
//! any one statement: the engine never reads them, and they survive the engine starting its part
//! afresh (after a no-answer, or on a switch to another statement).

use serde::{Deserialize, Serialize};

use crate::knowledge::Kind;
use crate::lang::Lang;
use crate::term::Term;

/// The shape of [`Conversation`]; bump it when a field changes meaning. (2: the last question is
/// kept as its kind and terms, not as text to read again.)
pub const CONVERSATION_VERSION: u32 = 2;

/// How many terms of the last question are remembered.
const TERMS_LIMIT: usize = 24;

/// How many facts already shown are remembered (for "tell me more").
const SHOWN_LIMIT: usize = 8;

/// Longest question remembered, in characters.
const QUESTION_LIMIT: usize = 300;

/// One element of the list the last answer gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    pub label: String,
    #[serde(default)]
    pub fact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    /// The shape of this state ([`CONVERSATION_VERSION`] when written by this release).
    #[serde(default)]
    pub version: u32,
    /// The fact of the last answer.
    #[serde(default)]
    pub last_fact: Option<String>,
    /// What the last question that had a topic of its own asked (follow-ups borrow its topic
    /// and kind).
    #[serde(default)]
    pub last_question: Option<Asked>,
    /// The list the last answer gave, for "tell me more about the first one".
    #[serde(default)]
    pub list: Vec<ListItem>,
    /// The person last named, for "what did he support?".
    #[serde(default)]
    pub person: Option<String>,
    /// The fact ids offered by a pending clarification, in the order offered.
    #[serde(default)]
    pub choices: Vec<String>,
    /// The choice a settled clarification left aside, while the answer chosen is the topic: for
    /// "and the other one?".
    #[serde(default)]
    pub declined: Option<String>,
    /// Facts already shown, most recent last.
    #[serde(default)]
    pub shown: Vec<String>,
    /// The conversation's language: that of the last message that showed one (`None` before
    /// any did). A message with no evidence of its language (`FTA?`, `2025`) is read, and answered,
    /// in this language. A front end may seed it with a hint (a Telegram user's `language_code`);
    /// the next message that shows its language replaces it.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The reply language the user fixed (`/lang ms`, `--lang ms`); `None`: replies follow the
    /// language of each message.
    #[serde(default)]
    pub reply_lang: Option<Lang>,
    /// Several statements: the id of the statement in use.
    #[serde(default)]
    pub statement: Option<String>,
    /// Several statements: the ids a pending "which statement?" offered (or those a no-answer
    /// pointed to), in the order offered.
    #[serde(default)]
    pub statement_choices: Vec<String>,
    /// Several statements: the last question asked, to ask again in another statement ("and in
    /// the ASEAN one?").
    #[serde(default)]
    pub asked: Option<String>,
}

/// What a question asked, as a follow-up borrows it: the kind of detail and the question's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub kind: Kind,
    pub terms: Vec<Term>,
}

/// The part of a [`Conversation`] that belongs to the library of statements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LibraryPart {
    pub statement: Option<String>,
    pub statement_choices: Vec<String>,
    pub asked: Option<String>,
}

impl Default for Conversation {
    fn default() -> Self {
        Conversation {
            version: CONVERSATION_VERSION,
            last_fact: None,
            last_question: None,
            list: Vec::new(),
            person: None,
            choices: Vec::new(),
            declined: None,
            shown: Vec::new(),
            lang: None,
            reply_lang: None,
            statement: None,
            statement_choices: Vec::new(),
            asked: None,
        }
    }
}

impl Conversation {
    /// Forgets what was talked about, but not the language it was talked in, nor the reply
    /// language the user chose: a no-answer (which resets the topic) must not switch a Malay
    /// conversation back to English.
    pub fn reset(&mut self) {
        *self = Conversation {
            lang: self.lang,
            reply_lang: self.reply_lang,
            ..Conversation::default()
        };
    }

    /// The conversation in the language chosen for replies, if the user fixed one.
    pub fn with_reply_lang(reply_lang: Option<Lang>) -> Conversation {
        Conversation {
            reply_lang,
            ..Conversation::default()
        }
    }

    /// Whether this state was written by a release with the same state shape.
    pub fn is_current(&self) -> bool {
        self.version == CONVERSATION_VERSION
    }

    /// Whether there is anything to follow up on.
    pub fn is_fresh(&self) -> bool {
        self.last_fact.is_none() && self.choices.is_empty()
    }

    /// Takes the library's part out (the rest is the statement's).
    pub(crate) fn take_library_part(&mut self) -> LibraryPart {
        LibraryPart {
            statement: self.statement.take(),
            statement_choices: std::mem::take(&mut self.statement_choices),
            asked: self.asked.take(),
        }
    }

    /// Puts the library's part back.
    pub(crate) fn put_library_part(&mut self, part: LibraryPart) {
        self.statement = part.statement;
        self.statement_choices = part.statement_choices;
        self.asked = part.asked;
    }

    /// Remembers `question` as the last one asked (bounded).
    pub(crate) fn remember_asked(&mut self, question: &str) {
        self.asked = Some(crate::text::truncate_chars(question.trim(), QUESTION_LIMIT));
    }

    /// Remembers what the last question with a topic asked (its terms bounded).
    pub(crate) fn remember_question(&mut self, kind: Kind, terms: &[Term]) {
        self.last_question = Some(Asked {
            kind,
            terms: terms.iter().take(TERMS_LIMIT).cloned().collect(),
        });
    }

    pub(crate) fn remember_shown(&mut self, fact: &str) {
        self.shown.retain(|f| f != fact);
        self.shown.push(fact.to_string());
        if self.shown.len() > SHOWN_LIMIT {
            self.shown.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_and_reads_older_shapes() {
        let mut c = Conversation {
            last_fact: Some("fta-deadline".into()),
            ..Conversation::default()
        };
        c.remember_shown("fta-deadline");
        let json = serde_json::to_string(&c).unwrap_or_default();
        let back: Conversation = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, c);
        // A state without a version (an older release) parses, and is recognised as old.
        let old: Conversation = serde_json::from_str(r#"{"last_fact":"x"}"#).unwrap_or_default();
        assert!(!old.is_current());
    }

    #[test]
    fn a_reset_keeps_the_language() {
        let mut c = Conversation {
            last_fact: Some("x".into()),
            lang: Some(Lang::known(*b"ms")),
            reply_lang: Some(Lang::known(*b"en")),
            ..Conversation::default()
        };
        c.reset();
        assert!(c.is_fresh());
        assert_eq!(
            (c.lang, c.reply_lang),
            (Some(Lang::known(*b"ms")), Some(Lang::known(*b"en")))
        );
        // a state stored before the language was kept reads with no language
        let old: Conversation =
            serde_json::from_str(r#"{"version":2,"last_fact":"x"}"#).unwrap_or_default();
        assert_eq!((old.lang, old.reply_lang), (None, None));
        assert!(old.is_current());
        // a state that kept the last question as text does not parse (a front end's storage
        // then starts the chat afresh)
        assert!(
            serde_json::from_str::<Conversation>(r#"{"version":1,"last_question":"x"}"#).is_err()
        );
    }

    #[test]
    fn remembers_a_bounded_history() {
        let mut c = Conversation::default();
        for i in 0..20 {
            c.remember_shown(&format!("f{i}"));
        }
        assert_eq!(c.shown.len(), SHOWN_LIMIT);
        assert_eq!(c.shown.last().map(String::as_str), Some("f19"));
        c.remember_question(Kind::What, &vec![Term::Unknown("x".into()); 100]);
        assert!(
            c.last_question
                .as_ref()
                .is_some_and(|q| q.terms.len() <= TERMS_LIMIT)
        );
    }
}
