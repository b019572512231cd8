//! How a message names a statement: by its parties ("ASEAN", "Indonesia", "the United States"),
//! with the aliases the statement's own vocabulary gives them ("RI", "Korea", "ROK").
//!
//! A name followed within a few words by one of the language's statement words ("one",
//! "statement", "declaration") is an **explicit** reference ("and in the ASEAN one?"); a bare name
//! is a **mention**. Aliases made only of filler words ("US" is "us") or lone letters are not
//! names: "tell us" names nothing. Invariants: matching is on folded tokens, longest alias first,
//! and costs one hash lookup per token plus the aliases starting there; no I/O, no panics.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::engine::{Engine, Term};
use crate::text::tokenize;

/// How many words after a name a statement word may stand and still make the name explicit.
const EXPLICIT_WITHIN: usize = 3;

/// One way of naming a party of a statement.
#[derive(Debug, Clone)]
struct Alias {
    tokens: Vec<String>,
    entry: usize,
    party: usize,
}

/// A statement named in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The statement (its position in the library).
    pub entry: usize,
    /// Which of its parties.
    pub party: usize,
    /// The tokens the name spans.
    pub start: usize,
    pub end: usize,
    /// Followed by a statement word ("the ASEAN *one*").
    pub explicit: bool,
}

/// Every statement's party names, by their first token.
#[derive(Debug, Default)]
pub struct Names {
    by_first: HashMap<String, Vec<Alias>>,
    statement_words: Vec<String>,
}

impl Names {
    /// The names of `engines`' statements (positions as in the slice).
    pub fn new(engines: &[Arc<Engine>]) -> Names {
        let mut by_first: HashMap<String, Vec<Alias>> = HashMap::default();
        for (entry, engine) in engines.iter().enumerate() {
            for (party, tokens) in aliases(engine) {
                if let Some(first) = tokens.first() {
                    by_first.entry(first.clone()).or_default().push(Alias {
                        tokens,
                        entry,
                        party,
                    });
                }
            }
        }
        for list in by_first.values_mut() {
            // Longest first, so "south korea" wins over "south".
            list.sort_by_key(|a| std::cmp::Reverse(a.tokens.len()));
        }
        let statement_words = engines
            .first()
            .map(|e| e.knowledge().language.library.statement_words.clone())
            .unwrap_or_default();
        Names {
            by_first,
            statement_words,
        }
    }

    /// Every statement named in `tokens`, in order (a name several statements share is a mention
    /// of each).
    pub fn find(&self, tokens: &[String]) -> Vec<Mention> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some(aliases) = tokens.get(i).and_then(|t| self.by_first.get(t)) else {
                i += 1;
                continue;
            };
            let matching: Vec<&Alias> = aliases
                .iter()
                .filter(|a| tokens.get(i..i + a.tokens.len()) == Some(a.tokens.as_slice()))
                .collect();
            let Some(longest) = matching.first().map(|a| a.tokens.len()) else {
                i += 1;
                continue;
            };
            let end = i + longest;
            let explicit = self.statement_word_after(tokens, end);
            for alias in matching.iter().filter(|a| a.tokens.len() == longest) {
                found.push(Mention {
                    entry: alias.entry,
                    party: alias.party,
                    start: i,
                    end,
                    explicit,
                });
            }
            i = end;
        }
        found
    }

    /// Whether a statement word stands within [`EXPLICIT_WITHIN`] tokens from `at`.
    fn statement_word_after(&self, tokens: &[String], at: usize) -> bool {
        tokens
            .iter()
            .skip(at)
            .take(EXPLICIT_WITHIN)
            .any(|t| self.statement_words.contains(t))
    }

    /// Whether `token` is one of the words that refer to a statement ("one", "statement").
    pub fn is_statement_word(&self, token: &str) -> bool {
        self.statement_words.iter().any(|w| w == token)
    }
}

/// The aliases of each party of `engine`'s statement: the party's name, and every entry of the
/// statement's own synonym groups that holds it; (party, tokens), without names made only of
/// filler words or single letters.
fn aliases(engine: &Engine) -> Vec<(usize, Vec<String>)> {
    let knowledge = engine.knowledge();
    let index = engine.index();
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (party, name) in knowledge.statement.parties.iter().enumerate() {
        let name_tokens = tokenize(name);
        let mut forms = vec![name_tokens.clone()];
        for group in &knowledge.synonyms {
            let group_tokens: Vec<Vec<String>> = group.iter().map(|g| tokenize(g)).collect();
            if group_tokens.contains(&name_tokens) {
                forms.extend(group_tokens);
            }
        }
        for tokens in forms {
            let names_something = tokens
                .iter()
                .any(|t| t.chars().count() > 1 && !index.is_generic_word(t));
            if names_something && !out.iter().any(|(_, t)| *t == tokens) {
                out.push((party, tokens));
            }
        }
    }
    out
}

/// Whether `engine`'s statement itself speaks of the thing `tokens` name (one concept its facts
/// carry): then a question using the name may be about that statement, and is no reason to leave
/// it.
pub fn speaks_of(engine: &Engine, tokens: &[String]) -> bool {
    let index = engine.index();
    let concepts: Vec<Term> = index
        .terms(tokens)
        .into_iter()
        .filter(|t| *t != Term::Generic)
        .collect();
    match concepts.as_slice() {
        [Term::Concept(c)] => index.concepts.get(c).is_some_and(|p| !p.facts.is_empty()),
        _ => false,
    }
}
