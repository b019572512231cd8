//! Bahasa Malaysia: the Malay stemmer, the Malay→English translator that reads a Malay (or mixed
//! Malay–English) question as the English the engine understands, and a language detector for
//! short chat lines (issue 12).
//!
//! Design: Malay is read by *translating at the edge*. [`to_english`] expands chat shorthand
//! (`brp` → `berapa`), then maps Malay words and phrases (longest phrase first) to English through
//! the Malay pack's general dictionary, reducing a word to its root with [`stem`] when its inflected
//! form is not listed; English words and names pass through. [`detect`] says whether a message is
//! Malay or English (mixed messages are normal: a mostly-Malay message is Malay).
//!
//! [`Malay`] gives all of it to the core as a [`Translator`] (Malay read as English) and a
//! [`Stemmer`] (for packs that name `stemmer = "malay"`): a front end adds it to its
//! [`communique_core::Toolkit`].
//!
//! Data (all under `knowledge/lang/ms/`, embedded by the core's `build.rs` into
//! [`communique_core::knowledge::EMBEDDED`]; origins and licences in `knowledge/lang/ms/build/README.md`):
//! `roots.txt` (root words, for the stemmer's over-stemming check), `dictionary.tsv` (Malay →
//! English), `shorthand.tsv` (chat shorthand → standard Malay) and `language.toml` (question and
//! filler words, for the detector).
//!
//! **Invariants: no I/O (the data is compiled in); nothing here panics, whatever the input; start-up
//! is lazy and light: the first call (or [`warm_up`]) builds hash sets that borrow the embedded
//! text (no copy of the words), in one to two milliseconds; afterwards a word costs a few hash
//! look-ups.**

mod detect;
mod stem;
mod translate;

use std::sync::OnceLock;

use communique_core::lang::{Aligned, Evidence, Lang, Stemmer, Translator};
use rustc_hash::{FxHashMap, FxHashSet};

pub use detect::evidence;
pub use stem::{is_root, stem};
pub use translate::{loanword_guesses, to_english, to_english_aligned, translate};

/// The name Malay packs give the stemmer (`stemmer = "malay"` in `language.toml`).
pub const STEMMER: &str = "malay";

/// Bahasa Malaysia for the core: reads Malay messages as English, and stems Malay words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Malay;

impl Malay {
    /// Malay, its tables built now rather than on the first question (about a millisecond, once
    /// per process).
    pub fn new() -> Malay {
        warm_up();
        Malay
    }
}

/// Malay, and English, the language it is read as.
pub const MALAY: Lang = Lang::known(*b"ms");
pub const ENGLISH: Lang = Lang::known(*b"en");

impl Translator for Malay {
    fn source(&self) -> Lang {
        MALAY
    }

    fn target(&self) -> Lang {
        ENGLISH
    }

    fn evidence(&self, tokens: &[String]) -> Evidence {
        let (source, target) = evidence(tokens);
        Evidence { source, target }
    }

    fn translate(&self, tokens: &[String]) -> Vec<Aligned> {
        to_english_aligned(tokens)
    }

    fn loanword_guesses(&self, word: &str) -> Vec<String> {
        loanword_guesses(word)
    }

    fn stem(&self, word: &str) -> String {
        stem(word)
    }
}

impl Stemmer for Malay {
    fn name(&self) -> &str {
        STEMMER
    }

    fn stem(&self, word: &str) -> String {
        stem(word)
    }
}

/// The Malay pack's directory, relative to `knowledge/`.
const PACK: &str = "lang/ms";

/// The Malay data, parsed once from the embedded files.
struct Lexicon {
    /// Root words (`roots.txt`).
    roots: FxHashSet<&'static str>,
    /// Malay word or phrase (space-separated) → English; `-` drops the word.
    dictionary: FxHashMap<&'static str, &'static str>,
    /// Words of the dictionary that start a phrase of more than one word.
    phrase_starts: FxHashSet<&'static str>,
    /// The most words a dictionary phrase has.
    longest_phrase: usize,
    /// Chat shorthand → standard Malay (one or more words).
    shorthand: FxHashMap<&'static str, &'static str>,
    /// Words that show a message is Malay: the dictionary's and shorthand's keys (each word of
    /// them), and the pack's question and filler words.
    malay_words: FxHashSet<&'static str>,
}

/// The embedded file `name` of the Malay pack ("" if it is missing).
fn embedded(name: &str) -> &'static str {
    embedded_in(PACK, name)
}

/// The embedded file `name` of the directory `dir` (relative to `knowledge/`), or "".
fn embedded_in(dir: &str, name: &str) -> &'static str {
    communique_core::knowledge::EMBEDDED
        .iter()
        .find(|(path, _)| {
            path.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                == Some(name)
        })
        .map_or("", |(_, text)| text)
}

/// `key<TAB>value` lines; `#` starts a comment line.
fn tsv(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(key, value)| (key.trim(), value.trim()))
        .filter(|(key, value)| !key.is_empty() && !value.is_empty())
}

/// The quoted words of a TOML text's `[words]`, `[question]` and `[follow_up]` arrays: every
/// `"..."` string after the `[question]` header (the pack's question, follow-up and filler words).
/// A scan rather than a TOML parse keeps the detector's start-up cheap and free of the loader.
fn quoted_words(text: &'static str) -> impl Iterator<Item = &'static str> {
    let body = text
        .find("[question]")
        .and_then(|at| text.get(at..))
        .unwrap_or("");
    body.lines()
        .map(|line| line.split_once('#').map_or(line, |(code, _)| code))
        .filter(|line| !line.trim_start().starts_with('['))
        .flat_map(|line| line.split('"').skip(1).step_by(2))
        .flat_map(str::split_whitespace)
}

/// Builds the Malay data now rather than on the first question (about a millisecond, once per
/// process): a front end may call this at start-up so no question pays for it.
pub fn warm_up() {
    let _ = lexicon();
    detect::warm_up();
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let roots_text = embedded("roots.txt");
        let mut roots =
            FxHashSet::with_capacity_and_hasher(roots_text.lines().count(), Default::default());
        roots.extend(
            roots_text
                .lines()
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.starts_with('#')),
        );
        let dictionary: FxHashMap<&str, &str> = tsv(embedded("dictionary.tsv")).collect();
        let shorthand: FxHashMap<&str, &str> = tsv(embedded("shorthand.tsv")).collect();
        let mut phrase_starts = FxHashSet::default();
        let mut longest_phrase = 1;
        for key in dictionary.keys() {
            let words = key.split(' ').count();
            if words > 1 {
                longest_phrase = longest_phrase.max(words);
                if let Some(first) = key.split(' ').next() {
                    phrase_starts.insert(first);
                }
            }
        }
        let mut malay_words: FxHashSet<&str> = FxHashSet::default();
        // A word some English translation also uses ("status" → "status", "halal" in "ekonomi
        // halal" → "halal economy", "korea" in "korea selatan" → "south korea") is no evidence.
        let english: FxHashSet<&str> = dictionary.values().flat_map(|v| v.split(' ')).collect();
        for key in dictionary.keys() {
            malay_words.extend(key.split(' ').filter(|w| !english.contains(w)));
        }
        malay_words.extend(shorthand.keys().copied());
        malay_words.extend(quoted_words(embedded("language.toml")));
        Lexicon {
            roots,
            dictionary,
            phrase_starts,
            longest_phrase,
            shorthand,
            malay_words,
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_are_embedded_and_parsed() {
        let lex = lexicon();
        assert!(lex.roots.len() > 20_000, "roots: {}", lex.roots.len());
        assert!(
            lex.dictionary.len() > 500,
            "dictionary: {}",
            lex.dictionary.len()
        );
        assert!(
            lex.shorthand.len() > 50,
            "shorthand: {}",
            lex.shorthand.len()
        );
        assert!(lex.longest_phrase >= 4);
        assert!(lex.malay_words.contains("bilakah"));
        assert!(lex.malay_words.contains("brp"));
        assert!(lex.malay_words.contains("yang"));
    }

    /// The shipped TSV files are sorted bytewise by key with each key once, as the generator
    /// writes them (so a hand edit that breaks the order or repeats a key is caught).
    #[test]
    fn the_tsv_files_are_sorted_without_duplicate_keys() {
        for name in ["dictionary.tsv", "shorthand.tsv"] {
            let keys: Vec<&str> = tsv(embedded(name)).map(|(k, _)| k).collect();
            for pair in keys.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{name}: {:?} before {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
        let roots: Vec<&str> = embedded("roots.txt").lines().collect();
        for pair in roots.windows(2) {
            assert!(
                pair[0] < pair[1],
                "roots.txt: {:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    /// Every shorthand expansion and dictionary key is folded text (lowercase words separated by
    /// single spaces), as `text::tokenize` produces: otherwise it could never match.
    #[test]
    fn keys_are_folded_tokens() {
        for name in ["dictionary.tsv", "shorthand.tsv"] {
            for (key, value) in tsv(embedded(name)) {
                assert_eq!(
                    communique_core::text::tokenize(key).join(" "),
                    key,
                    "{name}: key {key:?}"
                );
                if name == "shorthand.tsv" {
                    assert_eq!(
                        communique_core::text::tokenize(value).join(" "),
                        value,
                        "{name}: {value:?}"
                    );
                }
            }
        }
    }
}
