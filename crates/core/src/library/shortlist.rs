//! The statements a question may be about, found without asking each statement's engine: every
//! word the statements' facts use, with the statements that use it, weighted like a search
//! engine's index (a word few statements use says more; a word a statement uses often counts more
//! for it). Only the few best are then decided in full, so a question costs the same with a
//! hundred statements as with four.
//!
//! A statement's word is any word its facts use, and any word of its own synonym groups (a
//! question naming "Russia" finds the statement whose facts say "Russian Federation"). A question
//! word no statement uses is looked up as a typo among them (the same deletion index and edit
//! distances as the engines' typo correction).
//!
//! Invariants: the shortlist is deterministic (ties by position), holds no statement twice and
//! only statements that share a content word (or a word one typo away) with the question; built
//! once per library, read-only.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap as HashMap;

use crate::engine::Engine;
use crate::engine::spelling::Spelling;
use crate::text::tokenize;

/// Words of this many characters or more may be two edits from what was meant (as the engines'
/// typo correction reads them).
const TWO_EDITS_FROM: usize = 9;
/// Words this short are not corrected.
const MIN_CORRECTED: usize = 4;
/// A statement is shortlisted only if it shares at least this share of the best one's score.
const CLOSE_ENOUGH: f32 = 0.5;

/// The word index over every statement of a library.
#[derive(Debug, Default)]
pub struct Shortlist {
    /// Word → (statement, weight), the weight already multiplied by the word's rarity.
    postings: HashMap<String, Vec<(usize, f32)>>,
    /// The words, filed for typo lookups the first time a question has a word no statement uses.
    spelling: OnceLock<Spelling>,
}

impl Shortlist {
    /// The index of `engines`' statements (positions as in the slice).
    pub fn new(engines: &[Arc<Engine>]) -> Shortlist {
        let mut postings: HashMap<String, Vec<(usize, f32)>> = HashMap::default();
        for (entry, engine) in engines.iter().enumerate() {
            let index = engine.index();
            let synonyms = engine
                .knowledge()
                .synonyms
                .iter()
                .flat_map(|group| group.iter().flat_map(|g| tokenize(g)))
                .map(|word| (std::borrow::Cow::Owned(word), 1));
            let used = index
                .word_uses()
                .map(|(word, uses)| (std::borrow::Cow::Borrowed(word), uses));
            for (word, uses) in used.chain(synonyms) {
                let filed = postings.get(word.as_ref()).and_then(|list| list.last());
                if filed.is_some_and(|(last, _)| *last == entry) || index.is_generic_word(&word) {
                    continue;
                }
                let weight = 1.0 + (uses.max(1) as f32).ln();
                match postings.get_mut(word.as_ref()) {
                    Some(list) => list.push((entry, weight)),
                    None => {
                        postings.insert(word.into_owned(), vec![(entry, weight)]);
                    }
                }
            }
        }
        let n = engines.len().max(1) as f32;
        for list in postings.values_mut() {
            let rarity = (1.0 + n / list.len().max(1) as f32).ln();
            for (_, weight) in list.iter_mut() {
                *weight *= rarity;
            }
        }
        Shortlist {
            postings,
            spelling: OnceLock::new(),
        }
    }

    /// The statements using `token`, or the word one typo away that most statements use.
    fn postings_of(&self, token: &str) -> Option<&Vec<(usize, f32)>> {
        if let Some(list) = self.postings.get(token) {
            return Some(list);
        }
        let len = token.chars().count();
        if len < MIN_CORRECTED || token.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let max = if len >= TWO_EDITS_FROM { 2 } else { 1 };
        let first = token.chars().next();
        self.spelling
            .get_or_init(|| Spelling::new(self.postings.keys().map(String::as_str), TWO_EDITS_FROM))
            .near(token, max)
            .into_iter()
            .filter_map(|(word, d)| {
                Some((
                    d,
                    word.chars().next() != first,
                    self.postings.get(word)?,
                    word,
                ))
            })
            .min_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.cmp(&b.1))
                    .then(b.2.len().cmp(&a.2.len()))
                    .then(a.3.cmp(b.3))
            })
            .map(|(_, _, list, _)| list)
    }

    /// Up to `k` statements sharing the most with `tokens`, best first, leaving out `except`.
    pub fn top(&self, tokens: &[String], k: usize, except: Option<usize>) -> Vec<usize> {
        self.top_with(tokens, k, |entry| Some(entry) != except, &[])
    }

    /// Up to `k` of the statements `allowed` keeps, best first by the words they share with
    /// `tokens` plus their `bonus` (a statement with a bonus is ranked even when it shares no
    /// word).
    pub fn top_with(
        &self,
        tokens: &[String],
        k: usize,
        allowed: impl Fn(usize) -> bool,
        bonus: &[(usize, f32)],
    ) -> Vec<usize> {
        let mut seen: Vec<&str> = Vec::new();
        let mut scores: HashMap<usize, f32> = HashMap::default();
        for token in tokens {
            if seen.contains(&token.as_str()) {
                continue;
            }
            seen.push(token);
            for (entry, weight) in self.postings_of(token).into_iter().flatten() {
                if allowed(*entry) {
                    *scores.entry(*entry).or_insert(0.0) += weight;
                }
            }
        }
        for (entry, extra) in bonus {
            if allowed(*entry) {
                *scores.entry(*entry).or_insert(0.0) += extra;
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // A statement sharing far less with the question than the best one is not worth asking.
        let floor = ranked.first().map_or(0.0, |(_, best)| best * CLOSE_ENOUGH);
        ranked
            .into_iter()
            .take(k)
            .take_while(|(_, score)| *score >= floor)
            .map(|(entry, _)| entry)
            .collect()
    }
}
