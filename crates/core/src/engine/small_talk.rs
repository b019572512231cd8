//! Small talk: greetings, thanks, help and the like, matched against whole messages.
//!
//! The intents are the language pack's, then the statement package's own (and the same intents'
//! patterns in each translation's language). A message is small talk when it is exactly a pattern
//! (or a one-letter typo of one); inside a question, a pattern followed only by filler words counts
//! too ("thanks a lot then"). Matching is cheap: the patterns are filed once ([`Patterns`]) by
//! their tokens and their first token, and their texts in the deletion index typo correction uses
//! ([`super::spelling`]), so a message is compared only with the few patterns it could match.
//! Where several intents match, the first one wins, as if every pattern had been tried in order.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Engine;
use super::spelling::Spelling;

/// Shortest pattern text (in bytes) a one-letter typo may still match.
const TYPO_MIN_LEN: usize = 5;
/// How many characters at either end of a text [`Patterns::ends`] keeps, tier by tier. A text of
/// at least `2 × n + 2` characters is filed by its first and its last `n` ([`filed_from`]): one
/// edit from a message, it shares one of the two with it (an edit among the first `n` leaves the
/// last `n` alone, and the other way round). Longer ends sift more.
const END_TIERS: [usize; 3] = [3, 6, 12];

/// The fewest characters a text has to be filed by its ends `n` characters long.
const fn filed_from(n: usize) -> usize {
    2 * n + 2
}

/// The small-talk patterns of every intent, filed for matching (intent positions as in
/// [`Engine`]'s intents).
#[derive(Debug, Default)]
pub(super) struct Patterns {
    /// A pattern's tokens → the first intent that has it.
    exact: HashMap<Vec<String>, usize>,
    /// A pattern's text (of [`TYPO_MIN_LEN`] bytes or more) → the first intent that has it.
    texts: HashMap<String, usize>,
    /// Those texts, filed by their deletions: the ones one edit from a message.
    typos: Spelling,
    /// The lengths of those texts, in characters: a message whose length differs from all of
    /// them by more than one is no typo of any.
    lengths: Vec<bool>,
    /// First token → the patterns starting with it, with their intent.
    by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
    /// Per tier of [`END_TIERS`], the first and the last characters of every text long enough
    /// for it.
    ends: [(HashSet<String>, HashSet<String>); END_TIERS.len()],
}

impl Patterns {
    /// Files `intent_patterns` (per intent, its patterns as token lists; empty ones are skipped).
    pub(super) fn new(intent_patterns: &[Vec<Vec<String>>]) -> Patterns {
        let mut filed = Patterns::default();
        for (intent, patterns) in intent_patterns.iter().enumerate() {
            for pattern in patterns {
                let Some(first) = pattern.first() else {
                    continue;
                };
                filed.exact.entry(pattern.clone()).or_insert(intent);
                let text = pattern.join(" ");
                if text.len() >= TYPO_MIN_LEN {
                    filed.texts.entry(text).or_insert(intent);
                }
                filed
                    .by_first
                    .entry(first.clone())
                    .or_default()
                    .push((intent, pattern.clone()));
            }
        }
        // One edit only, whatever the length: never filed under two deletions.
        filed.typos = Spelling::new(filed.texts.keys().map(String::as_str), usize::MAX);
        for text in filed.texts.keys() {
            let len = text.chars().count();
            for (n, (starts, ends)) in END_TIERS.iter().zip(&mut filed.ends) {
                if len >= filed_from(*n) {
                    let (start, end) = text_ends(text, *n);
                    starts.insert(start.to_string());
                    ends.insert(end.to_string());
                }
            }
            if filed.lengths.len() <= len {
                filed.lengths.resize(len + 1, false);
            }
            if let Some(slot) = filed.lengths.get_mut(len) {
                *slot = true;
            }
        }
        filed
    }

    /// The first intent `tokens` are exactly a pattern of.
    fn exactly(&self, tokens: &[String]) -> Option<usize> {
        self.exact.get(tokens).copied()
    }

    /// The first intent `tokens` are a pattern of, or a one-letter typo of one.
    fn whole(&self, tokens: &[String]) -> Option<usize> {
        let exact = self.exactly(tokens);
        // only a message within a letter of a pattern's length can be a typo of it (a question
        // is much longer than any greeting)
        let len = tokens.iter().map(|t| t.chars().count()).sum::<usize>()
            + tokens.len().saturating_sub(1);
        let near_a_length = (len.saturating_sub(1)..=len + 1)
            .any(|l| self.lengths.get(l).copied().unwrap_or(false));
        if !near_a_length {
            return exact;
        }
        let text = tokens.join(" ");
        // The longest ends every text one edit from the message is filed by (its length less
        // one is long enough for them).
        let tier = END_TIERS
            .iter()
            .zip(&self.ends)
            .rev()
            .find(|(n, _)| len > filed_from(**n));
        if let Some((n, (starts, ends))) = tier {
            let (start, end) = text_ends(&text, *n);
            if !starts.contains(start) && !ends.contains(end) {
                return exact;
            }
        }
        let near = self
            .typos
            .near(&text, 1)
            .into_iter()
            .filter_map(|(text, _)| self.texts.get(text).copied());
        exact.into_iter().chain(near).min()
    }

    /// The first intent one of whose patterns `tokens` start with, followed only by words
    /// `is_filler` accepts or by more patterns, each followed the same way ("ok cool", "ok great
    /// thanks": small talk strung together is small talk, the first pattern's).
    fn leading(&self, tokens: &[String], is_filler: impl Fn(&str) -> bool) -> Option<usize> {
        self.leading_by(tokens, &is_filler)
    }

    /// [`Patterns::leading`] with `is_filler` borrowed, for the patterns after the first.
    fn leading_by(&self, tokens: &[String], is_filler: &dyn Fn(&str) -> bool) -> Option<usize> {
        self.by_first
            .get(tokens.first()?)?
            .iter()
            .filter(|(_, pattern)| {
                tokens.strip_prefix(pattern.as_slice()).is_some_and(|rest| {
                    rest.iter().all(|t| is_filler(t)) || self.leading_by(rest, is_filler).is_some()
                })
            })
            .map(|(intent, _)| *intent)
            .min()
    }
}

/// The first and the last `n` characters of `text` (all of it when it is shorter).
fn text_ends(text: &str, n: usize) -> (&str, &str) {
    let start = text.char_indices().nth(n).map_or(text.len(), |(at, _)| at);
    let end = n
        .checked_sub(1)
        .and_then(|back| text.char_indices().rev().nth(back))
        .map_or(0, |(at, _)| at);
    (
        text.get(..start).unwrap_or(text),
        text.get(end..).unwrap_or(text),
    )
}

impl Engine {
    /// The intent `tokens` are small talk for: with `whole`, the message must be exactly a pattern
    /// (or a one-letter typo of one); otherwise a pattern may be followed by filler words.
    pub(super) fn small_talk(&self, tokens: &[String], whole: bool) -> Option<usize> {
        if whole {
            self.small_talk.whole(tokens)
        } else {
            self.small_talk.leading(tokens, |t| self.is_filler(t))
        }
    }

    /// The intent `tokens` are exactly a pattern of (no typo allowed: cheap).
    pub(super) fn small_talk_exactly(&self, tokens: &[String]) -> Option<usize> {
        self.small_talk.exactly(tokens)
    }

    fn is_filler(&self, token: &str) -> bool {
        self.index.reads_as_filler(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    fn patterns() -> Patterns {
        Patterns::new(&[
            vec![words("hello"), words("good morning")],
            vec![words("thank you"), words("thanks")],
            vec![words("good morning")],
        ])
    }

    #[test]
    fn the_first_intent_with_the_pattern_wins() {
        assert_eq!(patterns().exactly(&words("good morning")), Some(0));
        assert_eq!(patterns().whole(&words("thank you")), Some(1));
        assert_eq!(patterns().exactly(&words("good evening")), None);
    }

    #[test]
    fn a_one_letter_typo_of_a_long_enough_pattern_matches_a_whole_message() {
        assert_eq!(patterns().whole(&words("thank yuo")), Some(1));
        assert_eq!(patterns().whole(&words("good mornin")), Some(0));
        // "hello" is long enough, "helo" one letter away; "thanx" is two edits from "thanks"
        assert_eq!(patterns().whole(&words("helo")), Some(0));
        assert_eq!(patterns().whole(&words("thanxx")), None);
    }

    #[test]
    fn every_one_edit_typo_of_a_long_pattern_is_found_whichever_end_it_is_at() {
        // (the texts filed by their ends: an edit anywhere, first letters and last included)
        let filed = Patterns::new(&[
            vec![words("what can you do")],
            vec![words("good afternoon")],
        ]);
        for (intent, text) in [(0, "what can you do"), (1, "good afternoon")] {
            let chars: Vec<char> = text.chars().collect();
            let mut typos: Vec<Vec<char>> = Vec::new();
            for at in 0..=chars.len() {
                let mut inserted = chars.clone();
                inserted.insert(at, 'x');
                typos.push(inserted);
                if at < chars.len() {
                    let mut deleted = chars.clone();
                    deleted.remove(at);
                    typos.push(deleted);
                    let mut changed = chars.clone();
                    if let Some(c) = changed.get_mut(at) {
                        *c = 'z';
                    }
                    typos.push(changed);
                }
                if at + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(at, at + 1);
                    typos.push(swapped);
                }
            }
            for typo in typos {
                let typo: String = typo.into_iter().collect();
                assert_eq!(filed.whole(&words(&typo)), Some(intent), "{typo:?}");
            }
        }
        assert_eq!(filed.whole(&words("so what can you do")), None);
    }

    #[test]
    fn a_pattern_may_lead_a_message_of_filler() {
        let filler = |t: &str| t == "a" || t == "lot";
        assert_eq!(patterns().leading(&words("thanks a lot"), filler), Some(1));
        assert_eq!(
            patterns().leading(&words("thanks for the fta"), filler),
            None
        );
        assert_eq!(patterns().leading(&[], filler), None);
    }

    #[test]
    fn patterns_strung_together_are_the_first_ones_small_talk() {
        let filler = |t: &str| t == "a" || t == "lot";
        assert_eq!(patterns().leading(&words("hello thanks"), filler), Some(0));
        assert_eq!(
            patterns().leading(&words("thanks good morning a lot"), filler),
            Some(1)
        );
        assert_eq!(
            patterns().leading(&words("hello thanks for the fta"), filler),
            None
        );
    }
}
