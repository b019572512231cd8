//! How a message is read: in which language, and as which tokens (issue 12).
//!
//! The engine reads its statement's language. A message in another language (or mostly in it,
//! with words of the statement's language mixed in) is translated *at the edge* by a
//! [`Translator`] the front end's toolkit gave (`communique-malay` reads Malay as English): the
//! translator's evidence says which language a message is in, and its translation gives the tokens
//! the rest of the pipeline ranks, unchanged. A message that shows no language (`FTA?`, `2025`, a name) is
//! read in the conversation's language; a mixed message with as much Malay as English ("mou ccs
//! tu apa cerita") is translated too (English words pass through the translator); a
//! mostly-English message is read as typed. Each English token keeps the span of the user's words
//! it translates, so a reply can name what the statement lacks in the user's own words. A word the
//! translation left as it was and the statement's index does not know is tried as a respelt
//! loanword (`promosi` → promotion), kept only when the index knows the English; one that is no
//! English word either is tried as a typo of a word the translator lists (`pertahann` →
//! defence, [`Translator::correct`]). Clauses are
//! translated one by one, their punctuation kept, and in each the question word goes first, as
//! English puts it (the engine reads words before a question word as the asker's lead-in).
//!
//! Invariants: an English message (or any message, when the statement is not written in English)
//! is read exactly as before, token for token; reading never fails and never panics.

use std::borrow::Cow;
use std::sync::Arc;

use crate::conversation::Conversation;
use crate::lang::{Aligned, Evidence, Lang, Translator};
use crate::text::{Message, tokenize};

use super::Engine;
use super::index::Term;

/// A message as the engine reads it (borrowing the message when it is read as typed).
#[derive(Debug, Clone)]
pub(super) struct Reading<'m> {
    /// The message's tokens as typed (folded: `text::tokenize`).
    pub raw: &'m [String],
    /// The message the engine reads (its question analysis finds the question among its
    /// clauses): the message as typed, or its translation.
    pub read: Cow<'m, Message>,
    /// The language the message was read in: the one it shows, else the conversation's; `None`
    /// when neither says.
    pub lang: Option<Lang>,
    /// For a translated message, the span of `raw` that each of `tokens` translates; `None` when
    /// the message was read as typed.
    spans: Option<Vec<(usize, usize)>>,
}

impl Reading<'_> {
    /// The tokens the engine ranks: the message's, or their translation.
    pub fn tokens(&self) -> &[String] {
        self.read.tokens()
    }

    /// Whether the message was translated before reading.
    pub fn translated(&self) -> bool {
        self.spans.is_some()
    }

    /// The words the engine read, for a translated message.
    pub fn english(&self) -> Option<String> {
        self.translated().then(|| self.tokens().join(" "))
    }

    /// `word` (one of `tokens`) in the user's own words: the words it translates (the word
    /// itself for a message read as typed).
    pub fn own_words(&self, word: &str) -> String {
        let at = self.tokens().iter().position(|t| t == word);
        at.and_then(|at| self.spans.as_ref()?.get(at).copied())
            .and_then(|(from, to)| self.raw.get(from..to))
            .map_or_else(|| word.to_string(), |words| words.join(" "))
    }
}

impl Engine {
    /// Reads `message` in `conversation`: its language, and the clauses and tokens to rank.
    pub(super) fn read<'m>(
        &self,
        conversation: &Conversation,
        message: &'m Message,
    ) -> Reading<'m> {
        let raw = message.tokens();
        let translator = self.index.language_index().translator();
        // the translator's vote: more evidence of its language than of the statement's is its
        let (lang, translate) = match translator {
            Some(translator) => {
                let Evidence { source, target } = translator.evidence(raw);
                let lang = match source.cmp(&target) {
                    std::cmp::Ordering::Greater => Some(translator.source()),
                    std::cmp::Ordering::Less => Some(translator.target()),
                    std::cmp::Ordering::Equal => conversation.lang,
                };
                // Translated: a message in the translator's language, or a mixed one with as
                // much of it as of the statement's ("mou ccs tu apa cerita"); a message mostly in
                // the statement's language with a foreign-looking word stays as typed.
                let translate =
                    lang == Some(translator.source()) || (source > 0 && source >= target);
                (lang, translate.then_some(translator))
            }
            None => (conversation.lang, None),
        };
        let Some(translator) = translate else {
            return Reading {
                raw,
                read: Cow::Borrowed(message),
                lang,
                spans: None,
            };
        };
        // Clause by clause, keeping where the question marks were, so the engine finds the
        // question among them as it does in English ("Menurut kenyataan bersama, apakah …").
        let mut clauses: Vec<(Vec<Aligned>, bool)> = Vec::new();
        let mut offset = 0;
        for (tokens, question_mark) in message.clauses() {
            let mut aligned = translator.translate(tokens);
            for a in &mut aligned {
                a.from += offset;
                a.to += offset;
            }
            offset += tokens.len();
            clauses.push((aligned, question_mark));
        }
        // A reference to the document itself ("dalam kenyataan bersama") goes when the rest of
        // the message names something the statement knows; else it is what the question is about.
        let rest: Vec<String> = clauses
            .iter()
            .flat_map(|(aligned, _)| aligned.iter().filter(|a| !a.optional))
            .map(|a| a.word.clone())
            .collect();
        let optional = clauses.iter().any(|(c, _)| c.iter().any(|a| a.optional));
        if optional
            && self
                .index
                .terms(&rest)
                .iter()
                .any(|t| matches!(t, Term::Concept(_)))
        {
            for (aligned, _) in &mut clauses {
                aligned.retain(|a| !a.optional);
            }
        }
        let mut spans = Vec::new();
        let mut read = Message::default();
        for (aligned, question_mark) in clauses {
            let mut clause: Vec<String> = Vec::with_capacity(aligned.len());
            let mut clause_spans: Vec<(usize, usize)> = Vec::with_capacity(aligned.len());
            for a in &aligned {
                for word in self.known_loanword(translator, raw, a.from, a.to, &a.word) {
                    clause.push(word);
                    clause_spans.push((a.from, a.to));
                }
            }
            self.question_word_first(&mut clause, &mut clause_spans);
            spans.extend(clause_spans);
            // a clause the translation emptied ("lah?") lends its question mark to the one before
            read.push_clause(clause, question_mark);
        }
        // (the spans of any words past the message's bound go with them)
        spans.truncate(read.tokens().len());
        Reading {
            raw,
            read: Cow::Owned(read),
            lang,
            spans: Some(spans),
        }
    }

    /// "next year", "last year": a year counted from the statement's date (the language pack's
    /// `relative_years`) is read as that year, "in 2025", so "what happens next year?" of a 2024
    /// statement asks about 2025, and "next" is not left over as a word the statement lacks (unless
    /// the statement counts that year from itself, "next year" or a phrase of the same year, when
    /// it is asked in its own words). The
    /// phrase keeps its two tokens, so the message keeps its clauses (and a translation its spans).
    pub(super) fn relative_years(&self, reading: &mut Reading) {
        let years = &self.index.language().question.relative_years;
        let Some(year) = self
            .knowledge
            .statement
            .date
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
        else {
            return;
        };
        // (each pair of words is joined in one reused buffer and looked up)
        let mut joined = String::new();
        let hits: Vec<(usize, i32)> = reading
            .tokens()
            .windows(2)
            .enumerate()
            .filter_map(|(at, pair)| {
                let [first, second] = pair else { return None };
                joined.clear();
                joined.push_str(first);
                joined.push(' ');
                joined.push_str(second);
                let on = *years.get(joined.as_str())?;
                // a statement that counts that year from itself ("last year", or "the previous
                // year" for it) is asked in its own words
                (!self.own_relative_years().contains(&on)).then_some((at, on))
            })
            .collect();
        if hits.is_empty() {
            return;
        }
        let message = reading.read.to_mut();
        for (at, on) in hits {
            message.replace(at, "in");
            message.replace(at + 1, &(year + on).to_string());
        }
    }

    /// The years counted from the statement's own that it names so itself: a phrase of the
    /// language pack's `relative_years` (folded words, in order) in a fact's answer or quote.
    /// Read through every fact once, then remembered.
    fn own_relative_years(&self) -> &[i32] {
        self.own_relative_years.get_or_init(|| {
            let texts: Vec<String> = self
                .knowledge
                .facts
                .iter()
                .flat_map(|fact| std::iter::once(fact.answer.as_str()).chain(fact.quote.as_deref()))
                .map(|text| format!(" {} ", tokenize(text).join(" ")))
                .collect();
            let mut own: Vec<i32> = self
                .index
                .language()
                .question
                .relative_years
                .iter()
                .filter(|(said, _)| {
                    let padded = format!(" {said} ");
                    texts.iter().any(|text| text.contains(&padded))
                })
                .map(|(_, on)| *on)
                .collect();
            own.sort_unstable();
            own.dedup();
            own
        })
    }

    /// Malay often asks at the end ("hujan kat Seoul lusa ke?", "FTA tu siap bila?") or puts
    /// the determiner after its noun ("negeri mana", "state which"); English asks first, and the
    /// engine reads the words before a question word as the asker's lead-in, not the question.
    /// So in each clause of a translation the first question word, with everything after it,
    /// moves to the front ("anwar visit how many days" -> "how many days anwar visit"); a lone
    /// determiner ("which", "what") right after a noun that names a kind of detail moves before
    /// that noun instead ("year what" -> "what year"). The language pack's words decide.
    fn question_word_first(&self, tokens: &mut [String], spans: &mut [(usize, usize)]) {
        let language = self.index.language();
        let words = &language.question.words;
        let Some(at) = tokens.iter().position(|t| words.contains(t)) else {
            return;
        };
        if at == 0 || spans.len() != tokens.len() {
            return;
        }
        let pair = tokens.get(at..at + 2).map(|p| p.join(" "));
        let is_phrase = pair.is_some_and(|pair| language.question.kind_of(&pair).is_some());
        let determiner = !is_phrase
            && tokens
                .get(at)
                .is_some_and(|t| language.question.determiners.contains(t));
        // a noun that names the kind of detail asked for ("year", "city", "person")
        let after_noun = tokens
            .get(at - 1)
            .is_some_and(|t| language.question.nouns.values().any(|n| n.contains(t)));
        if determiner && after_noun {
            // "state which" -> "which state"
            tokens.swap(at - 1, at);
            spans.swap(at - 1, at);
        } else {
            // "anwar visit how many days" -> "how many days anwar visit": the question phrase
            // and what follows it (its noun) go first, in their order
            tokens.rotate_left(at);
            spans.rotate_left(at);
        }
    }

    /// `english`, or the English loanword it respells when `english` is a Malay word the
    /// translation passed through (it is the user's word `raw[from]` itself) and the statement's
    /// index knows the English but not the Malay; else, when it is no English word either, the
    /// English of the word its typo stands for (`pertahann` → defence), as the translator
    /// corrects it.
    fn known_loanword(
        &self,
        translator: &Arc<dyn Translator>,
        raw: &[String],
        from: usize,
        to: usize,
        english: &str,
    ) -> Vec<String> {
        let passed_through = to == from + 1 && raw.get(from).is_some_and(|w| w == english);
        let known = |word: &str| {
            matches!(
                self.index.terms(&[word.to_string()]).first(),
                Some(Term::Concept(_))
            )
        };
        if !passed_through || known(english) {
            return vec![english.to_string()];
        }
        let root = translator.stem(english);
        if let Some(guess) = std::iter::once(english)
            .chain((root != english).then_some(root.as_str()))
            .flat_map(|word| translator.loanword_guesses(word))
            .find(|guess| known(guess))
        {
            return vec![guess];
        }
        let is_english = self
            .index
            .language()
            .lexicon()
            .is_some_and(|l| l.knows(english) || !l.lemmas(english).is_empty());
        if is_english {
            return vec![english.to_string()];
        }
        translator
            .correct(english)
            .filter(|words| !words.is_empty())
            .unwrap_or_else(|| vec![english.to_string()])
    }
}
