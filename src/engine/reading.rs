//! How a message is read: in which language, and as which tokens (issue 12).
//!
//! The engine reads English. A message in Malay (or mostly Malay, with English words mixed in) is
//! translated *at the edge*: [`crate::malay::detect_tokens`] says which language a message is in,
//! and [`crate::malay::to_english_aligned`] turns a Malay message into the English tokens the rest
//! of the pipeline ranks, unchanged. A message that shows no language (`FTA?`, `2025`, a name) is
//! read in the conversation's language; a mostly-English message with Malay words in it ("ai smart
//! farm tu apa cerita") is translated too (English words pass through the translator), though it
//! is answered in English. Each English token keeps the span of the user's words it translates, so
//! a reply can name what the statement lacks in the user's own words. A word the translation left
//! as it was and the statement's index does not know is tried as a respelt loanword (`promosi` →
//! promotion), kept only when the index knows the English.
//!
//! Invariants: an English message (or any message, when the statement is not written in English)
//! is read exactly as before, token for token; reading never fails and never panics.

use crate::conversation::Conversation;
use crate::malay::{Lang, evidence, loanword_guesses, stem, to_english_aligned};
use crate::text::tokenize;

use super::Engine;
use super::decision::{NoAnswer, Outcome};
use super::index::Term;

/// A message as the engine reads it.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// The message's tokens as typed (folded: `text::tokenize`).
    pub raw: Vec<String>,
    /// The tokens the engine ranks: `raw`, or their English translation.
    pub tokens: Vec<String>,
    /// The language the message was read in: the one it shows, else the conversation's; `None`
    /// when neither says.
    pub lang: Option<Lang>,
    /// For a translated message, the span of `raw` that each of `tokens` translates; `None` when
    /// the message was read as typed.
    spans: Option<Vec<(usize, usize)>>,
}

impl Reading {
    /// Whether the message was translated before reading.
    pub fn translated(&self) -> bool {
        self.spans.is_some()
    }

    /// The English the engine read, for a translated message.
    pub fn english(&self) -> Option<String> {
        self.translated().then(|| self.tokens.join(" "))
    }

    /// `word` (one of `tokens`) in the user's own words: the words it translates.
    fn own_words(&self, word: &str) -> String {
        let at = self.tokens.iter().position(|t| t == word);
        at.and_then(|at| self.spans.as_ref()?.get(at).copied())
            .and_then(|(from, to)| self.raw.get(from..to))
            .map_or_else(|| word.to_string(), |words| words.join(" "))
    }

    /// `outcome`, naming what the statement lacks in the user's words ("Kenyataan itu tidak
    /// menyebut “Jepun”", not “japan”); several English words of one user word are named once.
    pub fn in_own_words(&self, outcome: &mut Outcome) {
        if !self.translated() {
            return;
        }
        if let Outcome::NoAnswer {
            why: NoAnswer::NotMentioned { terms, .. },
            ..
        } = outcome
        {
            let mut own: Vec<String> = Vec::with_capacity(terms.len());
            for term in terms.iter() {
                let words = self.own_words(term);
                if !own.contains(&words) {
                    own.push(words);
                }
            }
            *terms = own;
        }
    }
}

impl Engine {
    /// Reads `question` in `conversation`: its language, and the tokens to rank.
    pub(super) fn read(&self, conversation: &Conversation, question: &str) -> Reading {
        let raw = tokenize(question);
        // the detector's vote (`malay::detect_tokens`): more Malay evidence than English is Malay
        let (ms, en) = evidence(&raw);
        let lang = match ms.cmp(&en) {
            std::cmp::Ordering::Greater => Some(Lang::Ms),
            std::cmp::Ordering::Less => Some(Lang::En),
            std::cmp::Ordering::Equal => conversation.lang,
        };
        if !(self.reads_malay && (lang == Some(Lang::Ms) || ms > 0)) {
            return Reading {
                tokens: raw.clone(),
                raw,
                lang,
                spans: None,
            };
        }
        let mut aligned = to_english_aligned(&raw);
        // A reference to the document itself ("dalam kenyataan bersama") goes when the rest of
        // the question names something the statement knows; else it is what the question is about.
        if aligned.iter().any(|a| a.optional) {
            let rest: Vec<String> = aligned
                .iter()
                .filter(|a| !a.optional)
                .map(|a| a.english.clone())
                .collect();
            if self
                .index
                .terms(&rest)
                .iter()
                .any(|t| matches!(t, Term::Concept(_)))
            {
                aligned.retain(|a| !a.optional);
            }
        }
        let spans = aligned.iter().map(|a| (a.from, a.to)).collect();
        let tokens = aligned
            .into_iter()
            .map(|a| self.known_loanword(&raw, a.from, a.to, &a.english))
            .collect();
        Reading {
            tokens,
            raw,
            lang,
            spans: Some(spans),
        }
    }

    /// `english`, or the English loanword it respells when `english` is a Malay word the
    /// translation passed through (it is the user's word `raw[from]` itself) and the statement's
    /// index knows the English but not the Malay.
    fn known_loanword(&self, raw: &[String], from: usize, to: usize, english: &str) -> String {
        let passed_through = to == from + 1 && raw.get(from).is_some_and(|w| w == english);
        let known = |word: &str| {
            matches!(
                self.index.terms(&[word.to_string()]).first(),
                Some(Term::Concept(_))
            )
        };
        if !passed_through || known(english) {
            return english.to_string();
        }
        let root = stem(english);
        std::iter::once(english)
            .chain((root != english).then_some(root.as_str()))
            .flat_map(loanword_guesses)
            .find(|guess| known(guess))
            .unwrap_or_else(|| english.to_string())
    }
}
