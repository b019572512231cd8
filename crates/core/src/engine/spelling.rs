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
//! filed by a 32-bit hash, never built: a polynomial hash of the word's characters gives the hash
//! of the word with any one or two characters left out from prefix sums, without allocating. A
//! collision only adds a candidate that the exact check turns away.
//!
//! Invariants: [`Spelling::near`] returns exactly the indexed words within `max` edits of the token
//! (for `max` 1, and for `max` 2 when the word has at least `deep_from - 2` characters), each once,
//! in no particular order; no I/O, no panics.

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
        let mut chars = Vec::new();
        for (id, word) in unique.iter().enumerate() {
            let Ok(id) = u32::try_from(id) else { break };
            chars.clear();
            chars.extend(word.chars());
            let depth = if chars.len() + 2 >= deep_from { 2 } else { 1 };
            for_each_deletion(&chars, depth, |h| deletions.push((h, id)));
        }
        // A word's own repeats ("ll" loses either l) are filed once.
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
        let chars: Vec<char> = token.chars().collect();
        let mut keys = Vec::new();
        for_each_deletion(&chars, max.min(2), |h| keys.push(h));
        keys.sort_unstable();
        keys.dedup();
        let mut ids: Vec<u32> = Vec::new();
        for key in keys {
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

/// The polynomial hash's base (odd, so its powers never vanish modulo 2^64).
const BASE: u64 = 0x0100_0000_01b3;

/// Calls `file` with the key of `chars` and of every string made of them by deleting up to `depth`
/// (1 or 2) characters (a string reached twice is filed twice; callers deduplicate).
fn for_each_deletion(chars: &[char], depth: usize, mut file: impl FnMut(u32)) {
    let n = chars.len();
    // prefix[k] hashes chars[..k]; power[k] is BASE^k.
    let mut prefix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for (k, c) in chars.iter().enumerate() {
        let (before, step) = (
            prefix.get(k).copied().unwrap_or(0),
            power.get(k).copied().unwrap_or(1),
        );
        if let (Some(p), Some(w)) = (prefix.get_mut(k + 1), power.get_mut(k + 1)) {
            *p = before.wrapping_mul(BASE).wrapping_add(u64::from(*c) + 1);
            *w = step.wrapping_mul(BASE);
        }
    }
    let at = |v: &[u64], k: usize| v.get(k).copied().unwrap_or(0);
    // The hash of chars[a..b].
    let part = |a: usize, b: usize| {
        at(&prefix, b).wrapping_sub(at(&prefix, a).wrapping_mul(at(&power, b - a)))
    };
    // The hash of a string hashing to `head` followed by one of `len` characters hashing to `tail`.
    let join =
        |head: u64, len: usize, tail: u64| head.wrapping_mul(at(&power, len)).wrapping_add(tail);
    file(finish(part(0, n), n));
    if depth == 0 {
        return;
    }
    for i in 0..n {
        file(finish(join(part(0, i), n - i - 1, part(i + 1, n)), n - 1));
        if depth < 2 {
            continue;
        }
        for j in i + 1..n {
            let head = join(part(0, i), j - i - 1, part(i + 1, j));
            file(finish(join(head, n - j - 1, part(j + 1, n)), n - 2));
        }
    }
}

/// The 32-bit key of a string of `len` characters hashing to `h`, mixed so that its high bits
/// depend on every character.
fn finish(h: u64, len: usize) -> u32 {
    let mixed =
        (h ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    ((mixed ^ (mixed >> 29)) >> 32) as u32
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
