//! [`WordList`]: a language pack's list of words, in the order the pack gives them, that also
//! answers "is this word in it?" with one hash lookup. The engine asks that of every token of every
//! message against dozens of lists (question words, filler, auxiliaries…), so a list is hashed once
//! when the pack loads instead of scanned for each token. Most of those questions are answered
//! "no", so a list also keeps the shapes of its words (first byte and length) in a 512-bit map and
//! says "no" from it without hashing when no word of the list has the asked word's shape.

use std::fmt;
use std::ops::Deref;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Words (or phrases of a few words) in the pack's order, with a set for lookups.
#[derive(Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    set: FxHashSet<String>,
    /// One bit per [`shape`] of a word in the list: a word whose bit is clear is not in it.
    shapes: [u64; 8],
}

/// A word's shape, 0..512: its first byte's low five bits and its length (15 for any longer),
/// so words of one list rarely share it with the tokens asked about.
fn shape(word: &str) -> usize {
    shape_of(word.as_bytes().first(), word.len())
}

/// The [`shape`] of a word that starts with the byte `first` and is `len` bytes long.
fn shape_of(first: Option<&u8>, len: usize) -> usize {
    let first = first.map_or(0, |b| usize::from(b & 0x1f));
    (first << 4) | len.min(15)
}

impl WordList {
    /// Whether `word` is in the list.
    pub fn contains(&self, word: &str) -> bool {
        self.may_hold(shape(word)) && self.set.contains(word)
    }

    /// Whether a word of the list has the shape `shape` (if not, no word of that shape is in it).
    fn may_hold(&self, shape: usize) -> bool {
        let bits = self.shapes.get(shape >> 6).copied().unwrap_or(u64::MAX);
        bits & (1 << (shape & 63)) != 0
    }

    /// Whether the two-word phrase `first second` is in the list; the phrase is put together
    /// only when a word of its shape is (for a long text's every pair of words in a row).
    pub fn contains_pair(&self, first: &str, second: &str, phrase: &mut String) -> bool {
        let length = first.len() + 1 + second.len();
        if !self.may_hold(shape_of(first.as_bytes().first(), length)) {
            return false;
        }
        phrase.clear();
        phrase.push_str(first);
        phrase.push(' ');
        phrase.push_str(second);
        self.set.contains(phrase.as_str())
    }

    /// Adds `word` at the end (once).
    pub fn push(&mut self, word: String) {
        let shape = shape(&word);
        if let Some(bits) = self.shapes.get_mut(shape >> 6) {
            *bits |= 1 << (shape & 63);
        }
        if self.set.insert(word.clone()) {
            self.words.push(word);
        }
    }
}

impl From<Vec<String>> for WordList {
    fn from(words: Vec<String>) -> WordList {
        let mut list = WordList::default();
        list.extend(words);
        list
    }
}

impl Extend<String> for WordList {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for word in words {
            self.push(word);
        }
    }
}

impl FromIterator<String> for WordList {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> WordList {
        let mut list = WordList::default();
        list.extend(words);
        list
    }
}

impl<'a> IntoIterator for &'a WordList {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.words.iter()
    }
}

impl Deref for WordList {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.words
    }
}

impl PartialEq for WordList {
    fn eq(&self, other: &WordList) -> bool {
        self.words == other.words
    }
}

impl fmt::Debug for WordList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.words).finish()
    }
}

impl Serialize for WordList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.words.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WordList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordList, D::Error> {
        Vec::<String>::deserialize(deserializer).map(WordList::from)
    }
}

/// Hash maps and sets written in order (so a snapshot of the knowledge is the same bytes
/// whatever order a map was filled in); they are read back as any map or set. A map whose keys
/// are not strings is written as a list of (key, value) pairs ([`in_order::pairs`]), as JSON
/// objects take only string keys.
pub(crate) mod in_order {
    use std::collections::{HashMap, HashSet};

    use serde::{Serialize, Serializer};

    /// The entries of `map` in key order.
    fn entries<K: Ord, V, H>(map: &HashMap<K, V, H>) -> Vec<(&K, &V)> {
        let mut entries: Vec<(&K, &V)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// `#[serde(serialize_with)]` for a map with string keys.
    pub fn map<K, V, H, S>(map: &HashMap<K, V, H>, serializer: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize + Ord,
        V: Serialize,
        S: Serializer,
    {
        serializer.collect_map(entries(map))
    }

    /// `#[serde(serialize_with)]` for a set.
    pub fn set<T, H, S>(set: &HashSet<T, H>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: Serialize + Ord,
        S: Serializer,
    {
        let mut items: Vec<&T> = set.iter().collect();
        items.sort();
        serializer.collect_seq(items)
    }

    /// `#[serde(with)]` for a map whose keys are not strings: a list of pairs in key order.
    pub(crate) mod pairs {
        use std::collections::HashMap;
        use std::hash::{BuildHasher, Hash};

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<K, V, H, S>(
            map: &HashMap<K, V, H>,
            serializer: S,
        ) -> Result<S::Ok, S::Error>
        where
            K: Serialize + Ord,
            V: Serialize,
            S: Serializer,
        {
            serializer.collect_seq(super::entries(map))
        }

        pub fn deserialize<'de, K, V, H, D>(deserializer: D) -> Result<HashMap<K, V, H>, D::Error>
        where
            K: Deserialize<'de> + Eq + Hash,
            V: Deserialize<'de>,
            H: BuildHasher + Default,
            D: Deserializer<'de>,
        {
            Vec::<(K, V)>::deserialize(deserializer).map(|pairs| pairs.into_iter().collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_once_and_answers_membership() {
        let list: WordList = ["who", "when", "who"]
            .map(String::from)
            .into_iter()
            .collect();
        assert_eq!(&*list, ["who".to_string(), "when".to_string()]);
        assert!(list.contains("when") && !list.contains("where"));
        // a word sharing a listed word's shape (first letter, length) still needs the set
        assert!(!list.contains("whom") && !list.contains("w") && !list.contains(""));
        let long: WordList = ["a very long phrase indeed"]
            .map(String::from)
            .into_iter()
            .collect();
        assert!(long.contains("a very long phrase indeed"));
        assert!(!long.contains("a very long phrase, though"));
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["who","when"]"#);
        let back: WordList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, list);
    }

    #[test]
    fn a_pair_of_words_is_in_the_list_as_its_phrase() {
        let list: WordList = ["in the morning", "at noon", "noon"]
            .map(String::from)
            .into_iter()
            .collect();
        let mut phrase = String::new();
        assert!(list.contains_pair("at", "noon", &mut phrase));
        assert!(!list.contains_pair("at", "night", &mut phrase));
        // same first letter and length as "at noon": the set decides
        assert!(!list.contains_pair("an", "hour", &mut phrase));
        assert!(!list.contains_pair("noon", "", &mut phrase));
    }
}
