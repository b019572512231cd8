//! [`WordList`]: a language pack's list of words, in the order the pack gives them, that also
//! answers "is this word in it?" with one hash lookup. The engine asks that of every token of every
//! message against dozens of lists (question words, filler, auxiliaries…), so a list is hashed once
//! when the pack loads instead of scanned for each token.

use std::fmt;
use std::ops::Deref;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Words (or phrases of a few words) in the pack's order, with a set for lookups.
#[derive(Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    set: FxHashSet<String>,
}

impl WordList {
    /// Whether `word` is in the list.
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// Adds `word` at the end (once).
    pub fn push(&mut self, word: String) {
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
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["who","when"]"#);
        let back: WordList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, list);
    }
}
