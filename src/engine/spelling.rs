//! A deletion index for typo correction (the symmetric-delete idea of SymSpell): every known word
//! is filed under each string that one or two deleted characters make of it, so the words within
//! a small edit distance of a typed word are found by looking up the typed word's own deletions,
//! without scanning the vocabulary.
//!
//! Two words within `d` edits (insertions, deletions, substitutions, transpositions of adjacent
//! characters: the optimal-string-alignment distance) share a string made of each by at most `d`
//! deletions: an insertion or deletion costs one deletion on one side, a substitution or a
//! transposition one on each side. So looking up the typed word's deletions finds every word
//! within `d` edits; each candidate is then checked with the exact distance. Deletion strings are
//! filed by a 32-bit hash: a collision only adds a candidate that the exact check turns away.
//!
//! Invariants: [`Spelling::near`] returns exactly the indexed words within `max` edits of the token
//! (for `max` 1, and for `max` 2 when the word has at least `deep_from - 2` characters), each once,
//! in no particular order; no I/O, no panics.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

/// Words filed under their deletions.
#[derive(Debug, Default)]
pub struct Spelling {
    /// The words, by id.
    words: Vec<Box<str>>,
    /// (hash of a deletion string, word id), sorted.
    deletions: Vec<(u32, u32)>,
}

impl Spelling {
    /// Files `words`: each under its one-character deletions, and a word that may be two edits
    /// from a typed word (one of at least `deep_from` characters, so a word of at least
    /// `deep_from - 2`) under its two-character deletions too. Duplicates are filed once.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, deep_from: usize) -> Spelling {
        let mut unique: Vec<&str> = words.into_iter().collect();
        unique.sort_unstable();
        unique.dedup();
        let mut deletions = Vec::new();
        let mut variants = Vec::new();
        for (id, word) in unique.iter().enumerate() {
            let Ok(id) = u32::try_from(id) else { break };
            let depth = if word.chars().count() + 2 >= deep_from {
                2
            } else {
                1
            };
            variants.clear();
            deletion_variants(word, depth, &mut variants);
            deletions.extend(variants.iter().map(|v| (hash(v), id)));
        }
        deletions.sort_unstable();
        deletions.dedup();
        Spelling {
            words: unique.into_iter().map(Box::from).collect(),
            deletions,
        }
    }

    /// How many words are filed.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is filed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every filed word within `max` edits (1 or 2) of `token`, with its distance.
    pub fn near(&self, token: &str, max: usize) -> Vec<(&str, usize)> {
        let mut variants = Vec::new();
        deletion_variants(token, max.min(2), &mut variants);
        let mut ids: Vec<u32> = Vec::new();
        for variant in &variants {
            let key = hash(variant);
            let start = self.deletions.partition_point(|(h, _)| *h < key);
            ids.extend(
                self.deletions
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(h, _)| *h == key)
                    .map(|(_, id)| *id),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.words.get(id as usize))
            .filter_map(|word| {
                let d = strsim::osa_distance(token, word);
                (d <= max).then_some((word.as_ref(), d))
            })
            .collect()
    }
}

/// `word` and every string made of it by deleting up to `depth` characters, without repeats.
fn deletion_variants(word: &str, depth: usize, out: &mut Vec<String>) {
    out.push(word.to_string());
    let mut frontier = vec![word.to_string()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for text in &frontier {
            for (at, c) in text.char_indices() {
                let mut shorter = String::with_capacity(text.len());
                shorter.push_str(text.get(..at).unwrap_or(""));
                shorter.push_str(text.get(at + c.len_utf8()..).unwrap_or(""));
                next.push(shorter);
            }
        }
        next.sort_unstable();
        next.dedup();
        next.retain(|v| !out.contains(v));
        out.extend(next.iter().cloned());
        frontier = next;
    }
}

fn hash(text: &str) -> u32 {
    // The high bits of Fx's multiply mix best.
    (FxBuildHasher.hash_one(text) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(spelling: &Spelling, token: &str, max: usize) -> Vec<(String, usize)> {
        let mut found: Vec<(String, usize)> = spelling
            .near(token, max)
            .into_iter()
            .map(|(w, d)| (w.to_string(), d))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn finds_every_kind_of_single_edit() {
        let spelling = Spelling::new(["climate", "dialogue", "visit", "visa", "fta"], 9);
        // substitution, deletion, insertion, transposition
        assert_eq!(near(&spelling, "climete", 1), [("climate".into(), 1)]);
        assert_eq!(near(&spelling, "climte", 1), [("climate".into(), 1)]);
        assert_eq!(near(&spelling, "dialoguue", 1), [("dialogue".into(), 1)]);
        assert_eq!(near(&spelling, "dialgoue", 1), [("dialogue".into(), 1)]);
        assert_eq!(
            near(&spelling, "vist", 1),
            [("visa".into(), 1), ("visit".into(), 1)]
        );
        assert!(near(&spelling, "climatology", 1).is_empty());
    }

    #[test]
    fn finds_two_edits_in_long_words_only_when_asked() {
        let spelling = Spelling::new(["partnership", "semiconductor", "trade"], 9);
        assert_eq!(
            near(&spelling, "partnrship", 2),
            [("partnership".into(), 1)]
        );
        assert_eq!(
            near(&spelling, "semicondutcr", 2),
            [("semiconductor".into(), 2)]
        );
        assert!(near(&spelling, "semicondutcr", 1).is_empty());
    }

    /// The index finds what a plain scan of the vocabulary finds: every word within one edit,
    /// and every long word within two.
    #[test]
    fn agrees_with_a_linear_scan() {
        let words = [
            "cooperation",
            "corporation",
            "cooperate",
            "operation",
            "korea",
            "korean",
            "core",
            "more",
            "mou",
            "mous",
            "moue",
            "investment",
            "investor",
            "invest",
            "emerging",
            "merging",
            "energy",
            "enemy",
            "synergy",
            "héllo",
            "hello",
            "hallo",
        ];
        let spelling = Spelling::new(words, 9);
        let typed = [
            "cooperatoin",
            "corperation",
            "koreaa",
            "kore",
            "mou",
            "moe",
            "invetsment",
            "emergin",
            "enrgy",
            "helo",
            "hélo",
            "xyz",
            "",
            "a",
            "operatoin",
        ];
        for token in typed {
            for max in [1, 2] {
                let within: Vec<(String, usize)> = words
                    .iter()
                    .map(|w| (w.to_string(), strsim::osa_distance(token, w)))
                    .filter(|(_, d)| *d <= max)
                    .collect();
                let found = near(&spelling, token, max);
                for hit in &found {
                    assert!(
                        within.contains(hit),
                        "{token:?}: {hit:?} is not within {max}"
                    );
                }
                for (word, d) in &within {
                    let promised = *d <= 1 || word.chars().count() + 2 >= 9;
                    if promised {
                        assert!(
                            found.contains(&(word.clone(), *d)),
                            "{token:?}: {word:?} ({d} edits) not found"
                        );
                    }
                }
            }
        }
    }
}
