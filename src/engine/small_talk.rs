//! Small talk: greetings, thanks, help and the like, matched against whole messages.
//!
//! The intents are the language pack's, then the statement package's own. A message is small talk
//! when it is exactly a pattern (or a one-letter typo of one); inside a question, a pattern followed
//! only by filler words counts too ("thanks a lot then"). Matching is cheap: the quadratic edit
//! distance only runs for patterns about as long as the message.

use super::Engine;
use super::index::Term;

impl Engine {
    /// The intent `tokens` are small talk for: with `whole`, the message must be exactly a pattern
    /// (or a one-letter typo of one); otherwise a pattern may be followed by filler words.
    pub(super) fn small_talk(&self, tokens: &[String], whole: bool) -> Option<usize> {
        let joined = tokens.join(" ");
        let joined_chars = joined.chars().count();
        let intents = self.intent_patterns.iter().zip(&self.intent_texts);
        intents.into_iter().position(|(patterns, texts)| {
            patterns.iter().zip(texts).any(|(pattern, (text, chars))| {
                if whole {
                    // Equal token lists are equal joined texts. Otherwise the edit distance is at
                    // least the difference in length, so the quadratic distance only runs for
                    // patterns of about the message's length (texts and lengths precomputed).
                    tokens == pattern.as_slice()
                        || (text.len() >= 5
                            && chars.abs_diff(joined_chars) <= 1
                            && strsim::osa_distance(text, &joined) <= 1)
                } else {
                    tokens
                        .strip_prefix(pattern.as_slice())
                        .is_some_and(|rest| rest.iter().all(|t| self.is_filler(t)))
                }
            })
        })
    }

    /// The intent `tokens` are exactly a pattern of (no typo allowed: cheap).
    pub(super) fn small_talk_exactly(&self, tokens: &[String]) -> Option<usize> {
        self.intent_patterns
            .iter()
            .position(|patterns| patterns.iter().any(|p| p.as_slice() == tokens))
    }

    fn is_filler(&self, token: &str) -> bool {
        self.index
            .terms(&[token.to_string()])
            .iter()
            .all(|t| *t == Term::Generic)
    }
}
