//! What the ingester knows of the language a statement is written in, all of it from that
//! language's pack as the loader read and validated it: the words that tell what a statement's
//! sentences name and what a draft says (`drafting.toml`), its places (`places.txt`,
//! `regions.txt`), its month names and date format (`phrases.toml`) and its filler words
//! (`language.toml`). Nothing here is a word list of its own: a knowledge directory's pack drafts
//! with its own words.

use communique_core::knowledge::{DraftTexts, DraftingWords, Language, LoadError};

use super::places::Places;

/// A language pack, ready to draft with.
#[derive(Debug)]
pub struct Drafter<'a> {
    pub language: &'a Language,
    /// `[reading]` of `drafting.toml`.
    pub reading: &'a DraftingWords,
    /// `[writing]` of `drafting.toml`: what the draft says.
    pub writing: &'a DraftTexts,
    /// The countries and organisations, indexed by the forms a text writes them in.
    pub places: Places<'a>,
    /// Regions and seas (places that are not countries).
    pub regions: &'a [String],
    /// The twelve month names, January first, as the text writes them.
    pub months: &'a [String],
    /// `reading`'s words as they are looked for in a text, with their spaces: sentence openers
    /// ("Upon "), words inside a sentence (" upon "), connectives with their comma
    /// ("Furthermore, "), list joins ("and ") and list openers (" in particular ", ": ").
    pub(crate) temporal_openers: Vec<String>,
    pub(crate) temporal_words: Vec<String>,
    pub(crate) connectives: Vec<String>,
    pub(crate) list_joins: Vec<String>,
    pub(crate) list_openers: Vec<String>,
    pub(crate) list_ends: Vec<String>,
}

/// `list`'s entries as they are looked for in a text: a word with a space on each side, a mark
/// (an entry without letters or digits) with `before` and `after` it.
fn word_or_mark(list: &[String], before: &str, after: &str) -> Vec<String> {
    list.iter()
        .map(|entry| {
            if entry.chars().any(char::is_alphanumeric) {
                format!(" {entry} ")
            } else {
                format!("{before}{entry}{after}")
            }
        })
        .collect()
}

impl<'a> Drafter<'a> {
    /// The drafter of statements written in `language`; the problems of the pack's drafting files
    /// (with file and line) when it has none or they do not load.
    pub fn new(language: &'a Language) -> Result<Drafter<'a>, LoadError> {
        let drafting = language.drafting()?;
        let reading = &drafting.reading;
        let spaced = |words: &[String], before: &str, after: &str| -> Vec<String> {
            words
                .iter()
                .map(|w| format!("{before}{w}{after}"))
                .collect()
        };
        Ok(Drafter {
            language,
            reading,
            writing: &drafting.writing,
            places: Places::new(&drafting.places),
            regions: &drafting.regions,
            months: &language.phrases.months,
            temporal_openers: spaced(&reading.temporal_openers, "", " "),
            temporal_words: spaced(&reading.temporal_words, " ", " "),
            connectives: spaced(&reading.connectives, "", ", "),
            list_joins: spaced(&reading.list_joins, "", " "),
            // a word has a space on each side, a punctuation mark one after it
            list_openers: word_or_mark(&reading.list_openers, "", " "),
            // a word has a space on each side, a bracket one before it
            list_ends: word_or_mark(&reading.list_ends, " ", ""),
        })
    }

    /// Whether `word` is a month's name.
    pub fn is_month(&self, word: &str) -> bool {
        self.months.iter().any(|m| m == word)
    }

    /// The month `word` names (0 for January).
    pub fn month(&self, word: &str) -> Option<usize> {
        self.months.iter().position(|m| m == word)
    }

    /// Whether `word` is part of a title ("Prime", "Minister", "Counsellor").
    pub fn is_title_word(&self, word: &str) -> bool {
        self.reading.titles.iter().any(|t| {
            t.split_whitespace()
                .any(|w| w.trim_end_matches('.') == word)
        })
    }

    /// `text` less the article it ends with and the space before it ("met in the" → "met in").
    pub(crate) fn before_article<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.reading
            .articles
            .iter()
            .find_map(|a| text.strip_suffix(a.as_str())?.strip_suffix(' '))
    }

    /// `text` less the article it opens with and the space after it ("the 3rd of March" → "3rd
    /// of March").
    pub(crate) fn after_article<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.reading
            .articles
            .iter()
            .find_map(|a| text.strip_prefix(a.as_str())?.strip_prefix(' '))
    }

    /// Whether `list` holds `word`.
    pub(crate) fn has(list: &[String], word: &str) -> bool {
        list.iter().any(|w| w == word)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use std::sync::{Arc, OnceLock};

    use communique_core::knowledge::{Language, embedded_languages};

    use super::Drafter;

    /// The embedded English pack.
    pub(crate) fn english() -> &'static Language {
        static ENGLISH: OnceLock<Arc<Language>> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            embedded_languages()
                .unwrap()
                .into_iter()
                .find(|l| l.info.code.code() == "en")
                .unwrap()
        })
    }

    /// The drafter of the embedded English pack.
    pub(crate) fn drafter() -> &'static Drafter<'static> {
        static DRAFTER: OnceLock<Drafter<'static>> = OnceLock::new();
        DRAFTER.get_or_init(|| Drafter::new(english()).unwrap())
    }

    #[test]
    fn spaced_forms_are_as_the_text_holds_them() {
        let d = drafter();
        assert!(d.temporal_openers.contains(&"Upon ".to_string()));
        assert!(d.temporal_words.contains(&" by the end of ".to_string()));
        assert!(d.connectives.contains(&"In addition, ".to_string()));
        assert_eq!(d.list_joins[0], "and ");
        assert_eq!(d.list_openers[0], " in particular ");
        assert!(d.list_openers.contains(&": ".to_string()));
        assert_eq!(d.month("October"), Some(9));
    }
}
