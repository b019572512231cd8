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

use rustc_hash::FxHashSet;
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::numbers::{Numbers, lent_str};

/// Words filed under their deletions (a snapshot of the built-in knowledge keeps the index of
/// each layer of words, so start-up does not file them again).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Spelling {
    /// The words, one after another (a word's id is its place in `ends`).
    #[serde(with = "lent_str")]
    text: Cow<'static, str>,
    /// Where each word ends in `text` (it starts where the one before ends).
    ends: Numbers,
    /// (hash of a deletion string, word id) pairs, one after another, grouped by bucket: the top
    /// bits of the hash.
    deletions: Numbers,
    /// Where each bucket's deletions start in `deletions`, in pairs (one more entry than
    /// buckets).
    buckets: Numbers,
    /// How far a hash is shifted right to give its bucket.
    shift: u32,
}

impl Spelling {
    /// Files `words`: each under its one-character deletions, and a word that may be two edits
    /// from a typed word (one of at least `deep_from` characters, so a word of at least
    /// `deep_from - 2`) under its two-character deletions too. Duplicates are filed once.
    ///
    /// The deletions are grouped by bucket in one counting pass, not sorted: filing is on the
    /// way to a process's first typo (a tenth of a `batch` run was sorting here).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, deep_from: usize) -> Spelling {
        let words = words.into_iter();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        seen.reserve(words.size_hint().0);
        let unique: Vec<&str> = words.filter(|w| seen.insert(w)).collect();
        // (as many as are filed: the word, and each one or two of its characters left out)
        let filed: usize = unique
            .iter()
            .map(|word| {
                let n = word.chars().count();
                let two = if n + 2 >= deep_from {
                    n * n.saturating_sub(1) / 2
                } else {
                    0
                };
                1 + n + two
            })
            .sum();
        let mut deletions = Vec::with_capacity(filed);
        let mut chars = Vec::new();
        let mut scratch = Scratch::default();
        for (id, word) in unique.iter().enumerate() {
            let Ok(id) = u32::try_from(id) else { break };
            chars.clear();
            chars.extend(word.chars());
            let depth = if chars.len() + 2 >= deep_from { 2 } else { 1 };
            for_each_deletion(&chars, depth, &mut scratch, |h| deletions.push((h, id)));
        }
        // About one bucket per two deletions (at most 2^24 buckets).
        let bits = (usize::BITS - (deletions.len() / 2).leading_zeros()).clamp(1, 24);
        let shift = 32 - bits;
        let mut buckets = vec![0u32; (1usize << bits) + 1];
        for (h, _) in &deletions {
            if let Some(count) = buckets.get_mut((h >> shift) as usize + 1) {
                *count += 1;
            }
        }
        let mut total = 0u32;
        for start in &mut buckets {
            total += *start;
            *start = total;
        }
        // `buckets[b]` is now where bucket b starts; place each deletion at its bucket's cursor.
        let mut cursor = buckets.clone();
        let mut grouped = vec![(0u32, 0u32); deletions.len()];
        for deletion in deletions {
            if let Some(at) = cursor.get_mut((deletion.0 >> shift) as usize)
                && let Some(slot) = grouped.get_mut(*at as usize)
            {
                *slot = deletion;
                *at += 1;
            }
        }
        let ends: Vec<u32> = unique
            .iter()
            .scan(0u32, |end, word| {
                *end = end.saturating_add(u32::try_from(word.len()).unwrap_or(u32::MAX));
                Some(*end)
            })
            .collect();
        Spelling {
            text: Cow::Owned(unique.concat()),
            ends: ends.into(),
            deletions: grouped
                .into_iter()
                .flat_map(|(h, id)| [h, id])
                .collect::<Vec<u32>>()
                .into(),
            buckets: buckets.into(),
            shift,
        }
    }

    /// How many words are filed.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the index is lent by the bytes it was read from (a snapshot's) rather than built.
    pub fn is_lent(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_)) && self.deletions.is_lent() && self.buckets.is_lent()
    }

    /// Whether no word is filed.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The word of id `id`.
    fn word(&self, id: u32) -> Option<&str> {
        let id = id as usize;
        let start = match id.checked_sub(1) {
            Some(before) => self.ends.get(before)? as usize,
            None => 0,
        };
        self.text.get(start..self.ends.get(id)? as usize)
    }

    /// Every filed word within `max` edits (1 or 2) of `token`, with its distance.
    pub fn near(&self, token: &str, max: usize) -> Vec<(&str, usize)> {
        let chars: Vec<char> = token.chars().collect();
        let mut keys = Vec::new();
        for_each_deletion(&chars, max.min(2), &mut Scratch::default(), |h| {
            keys.push(h)
        });
        keys.sort_unstable();
        keys.dedup();
        let mut ids: Vec<u32> = Vec::new();
        for key in keys {
            let bucket = (key >> self.shift) as usize;
            let (Some(start), Some(end)) = (self.buckets.get(bucket), self.buckets.get(bucket + 1))
            else {
                continue;
            };
            ids.extend((start as usize..end as usize).filter_map(|at| {
                let h = self.deletions.get(at * 2)?;
                (h == key).then(|| self.deletions.get(at * 2 + 1)).flatten()
            }));
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.word(id))
            .filter_map(|word| {
                let d = osa_within(&chars, token, word, max)?;
                Some((word, d))
            })
            .collect()
    }
}

/// The longest word [`osa_distance`] measures without allocating.
const SHORT: usize = 32;

/// The optimal-string-alignment distance between `a` and `b`, in characters: exactly
/// `strsim::osa_distance`, on the stack for words of up to [`SHORT`] characters (typo
/// correction measures thousands of candidates, and the allocating version was a third of its
/// cost).
pub fn osa_distance(a: &str, b: &str) -> usize {
    let mut chars = ['\0'; SHORT];
    let mut n = 0;
    for c in a.chars() {
        match chars.get_mut(n) {
            Some(slot) => *slot = c,
            None => return strsim::osa_distance(a, b),
        }
        n += 1;
    }
    osa(chars.get(..n).unwrap_or_default(), a, b)
}

/// [`osa_distance`] of `a` (whose characters are `a_chars`) and `b`, when it is at most `max`.
fn osa_within(a_chars: &[char], a: &str, b: &str, max: usize) -> Option<usize> {
    // Each edit changes the length by one at most.
    if a_chars.len().abs_diff(b.chars().count()) > max {
        return None;
    }
    let d = osa(a_chars, a, b);
    (d <= max).then_some(d)
}

/// The distance of `a` (its characters `a_chars`) and `b`: strsim's dynamic programme over three
/// rows, the rows on the stack when `b` is short.
fn osa(a_chars: &[char], a: &str, b: &str) -> usize {
    let mut b_chars = ['\0'; SHORT];
    let mut m = 0;
    for c in b.chars() {
        match b_chars.get_mut(m) {
            Some(slot) => *slot = c,
            None => return strsim::osa_distance(a, b),
        }
        m += 1;
    }
    if a_chars.len() > SHORT {
        return strsim::osa_distance(a, b);
    }
    let b_chars = b_chars.get(..m).unwrap_or_default();
    // Rows 0 and 1 (two back and the previous) start as 0, 1, 2, …
    let mut first = [0usize; SHORT + 1];
    for (j, x) in first.iter_mut().enumerate() {
        *x = j;
    }
    let mut rows = [first, first, [0usize; SHORT + 1]];
    let (mut two, mut prev, mut curr) = (0, 1, 2);
    let at = |rows: &[[usize; SHORT + 1]; 3], r: usize, j: usize| {
        rows.get(r).and_then(|row| row.get(j)).copied().unwrap_or(0)
    };
    let mut prev_a = char::MAX;
    for (i, &ac) in a_chars.iter().enumerate() {
        if let Some(slot) = rows.get_mut(curr).and_then(|row| row.first_mut()) {
            *slot = i + 1;
        }
        let mut prev_b = char::MAX;
        for (j, &bc) in b_chars.iter().enumerate() {
            let cost = usize::from(ac != bc);
            let mut d = (at(&rows, curr, j) + 1)
                .min(at(&rows, prev, j + 1) + 1)
                .min(at(&rows, prev, j) + cost);
            if i > 0 && j > 0 && ac != bc && ac == prev_b && bc == prev_a {
                d = d.min(at(&rows, two, j - 1) + 1);
            }
            if let Some(slot) = rows.get_mut(curr).and_then(|row| row.get_mut(j + 1)) {
                *slot = d;
            }
            prev_b = bc;
        }
        (two, prev, curr) = (prev, curr, two);
        prev_a = ac;
    }
    at(&rows, prev, m)
}

/// The prefix hashes, powers and per-position terms [`for_each_deletion`] works with, kept
/// between words.
#[derive(Default)]
struct Scratch {
    prefix: Vec<u64>,
    power: Vec<u64>,
    /// Per position k, what leaving out character k adds to the word's hash with one more
    /// character left out after it (`late`), or none or one before it (`early`).
    late: Vec<u64>,
    early: Vec<u64>,
}

/// The polynomial hash's base (odd, so its powers never vanish modulo 2^64).
const BASE: u64 = 0x0100_0000_01b3;

/// Calls `file` with the key of `chars` and of every string made of them by deleting up to `depth`
/// (1 or 2) characters (a string reached twice is filed twice; callers deduplicate).
///
/// With `P[k]` the hash of `chars[..k]` and `W[m]` = BASE^m, the hash of the word of `n`
/// characters without character `i` is `P[n] + (P[i] - P[i+1]) * W[n-1-i]`, and without
/// characters `i < j` it is `P[n] + (P[i] - P[i+1]) * W[n-2-i] + (P[j] - P[j+1]) * W[n-1-j]`
/// (ring identities, so exactly the hash of the shorter string): each deletion costs an
/// addition, not a hash of its parts.
fn for_each_deletion(
    chars: &[char],
    depth: usize,
    scratch: &mut Scratch,
    mut file: impl FnMut(u32),
) {
    let n = chars.len();
    let Scratch {
        prefix,
        power,
        late,
        early,
    } = scratch;
    // prefix[k] hashes chars[..k]; power[k] is BASE^k.
    prefix.clear();
    power.clear();
    let (mut hash, mut step) = (0u64, 1u64);
    prefix.push(hash);
    power.push(step);
    for c in chars {
        hash = hash.wrapping_mul(BASE).wrapping_add(u64::from(*c) + 1);
        step = step.wrapping_mul(BASE);
        prefix.push(hash);
        power.push(step);
    }
    let whole = hash;
    file(finish(whole, n));
    if depth == 0 || n == 0 {
        return;
    }
    // late[k] = (P[k] - P[k+1]) * W[n-1-k]; early[k] = (P[k] - P[k+1]) * W[n-2-k] (k < n-1).
    late.clear();
    early.clear();
    for (k, pair) in prefix.windows(2).enumerate() {
        let [before, after] = pair else { continue };
        let left_out = before.wrapping_sub(*after);
        let at = |m: usize| power.get(m).copied().unwrap_or(0);
        late.push(left_out.wrapping_mul(at(n - 1 - k)));
        if k + 2 <= n {
            early.push(left_out.wrapping_mul(at((n - 2).wrapping_sub(k))));
        }
    }
    let one = mix_len(n - 1);
    let two = mix_len(n.saturating_sub(2));
    for (i, single) in late.iter().enumerate() {
        file(mix(whole.wrapping_add(*single), one));
        if depth < 2 {
            continue;
        }
        let Some(head) = early.get(i).map(|e| whole.wrapping_add(*e)) else {
            continue;
        };
        for tail in late.get(i + 1..).unwrap_or_default() {
            file(mix(head.wrapping_add(*tail), two));
        }
    }
}

/// The 32-bit key of a string of `len` characters hashing to `h`, mixed so that its high bits
/// depend on every character.
fn finish(h: u64, len: usize) -> u32 {
    mix(h, mix_len(len))
}

/// What a string's length adds to its key ([`finish`]).
fn mix_len(len: usize) -> u64 {
    (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// [`finish`] of `h` with its length's [`mix_len`].
fn mix(h: u64, len: u64) -> u32 {
    let mixed = (h ^ len).wrapping_mul(0xff51_afd7_ed55_8ccd);
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

    /// Each key is the key of the string the deletions leave, hashed afresh (the deletions'
    /// hashes are worked out from the word's, not from the shorter strings).
    #[test]
    fn a_deletions_key_is_the_key_of_the_string_it_leaves() {
        let key = |chars: &[char]| {
            let mut keys = Vec::new();
            for_each_deletion(chars, 0, &mut Scratch::default(), |h| keys.push(h));
            keys[0]
        };
        for word in [
            "",
            "a",
            "ab",
            "abc",
            "visit",
            "coöperation",
            "kerjasama",
            "ümläüt",
        ] {
            let chars: Vec<char> = word.chars().collect();
            let n = chars.len();
            let mut want = vec![key(&chars)];
            for i in 0..n {
                let one: Vec<char> = (0..n).filter(|&k| k != i).map(|k| chars[k]).collect();
                want.push(key(&one));
                for j in i + 1..n {
                    let two: Vec<char> = (0..n)
                        .filter(|&k| k != i && k != j)
                        .map(|k| chars[k])
                        .collect();
                    want.push(key(&two));
                }
            }
            let mut got = Vec::new();
            for_each_deletion(&chars, 2, &mut Scratch::default(), |h| got.push(h));
            assert_eq!(got, want, "{word}");
        }
    }

    #[test]
    fn the_distance_is_strsims() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "ca",
            "héllo",
            "hello",
            "hlelo",
            "cooperation",
            "corporation",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "abcdefghijklmnopqrstuvwxyz012345678",
            "kerjasama",
            "kerajsama",
            "mou",
            "moe",
            "ouch",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    osa_distance(a, b),
                    strsim::osa_distance(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
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
