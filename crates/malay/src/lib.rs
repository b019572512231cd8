//! Bahasa Malaysia: the Malay stemmer, the Malay→English translator that reads a Malay (or mixed
//! Malay–English) question as the English the engine understands, and a language detector for
//! short chat lines (issue 12).
//!
//! Design: Malay is read by *translating at the edge*. [`Malay::to_english`] expands chat shorthand
//! (`brp` → `berapa`), then maps Malay words and phrases (longest phrase first) to English through
//! the Malay pack's general dictionary, reducing a word to its root with [`Malay::stem`] when its
//! inflected form is not listed; English words and names pass through. [`Malay::evidence`] says
//! whether a message is Malay or English (mixed messages are normal: a mostly-Malay message is
//! Malay).
//!
//! [`Malay`] gives all of it to the core as a [`Translator`] (Malay read as English) and a
//! [`Stemmer`] (for packs that name `stemmer = "malay"`): a front end builds it from the loaded
//! language packs and adds it to its [`communique_core::Toolkit`].
//!
//! Data: all of it comes from the Malay language pack as the core's loader read and validated it
//! (the embedded `knowledge/lang/ms/`, or a knowledge directory's own `lang/ms/`; formats in
//! `docs/languages.md`, origins and licences in `knowledge/lang/ms/build/README.md`): `roots.txt`
//! (root words, for the stemmer's over-stemming check), `dictionary.tsv` (Malay → English), the
//! pack's shorthand (`shorthand.tsv`: chat shorthand → standard Malay), its `[reader]` words
//! (particles, yes/no tails, loanword endings) and its question words; the English pack's words
//! for the detector.
//!
//! **Invariants: no I/O and no global state (a [`Malay`] owns what it built from its packs);
//! nothing here panics, whatever the input; building one borrows the packs' tables (the roots and
//! the dictionary are indexed on first use, in place when the packs are the embedded ones, and
//! the few thousand words the detector votes with are copied on first use, or by
//! [`Translator::prepare`] on a loader's spare core); afterwards a word costs a few hash
//! look-ups.**

mod detect;
mod stem;
mod translate;

use std::sync::{Arc, OnceLock};

use communique_core::engine::spelling::Spelling;
use communique_core::knowledge::{
    DICTIONARY_FILE, Language, ROOTS_FILE, ReaderWords, WordFile, WordTable,
};
use communique_core::lang::{Aligned, Evidence, Lang, Stemmer, Translator};
use rustc_hash::FxHashSet;

/// The name Malay packs give the stemmer (`stemmer = "malay"` in `language.toml`).
pub const STEMMER: &str = "malay";

/// Malay, and English, the language it is read as.
pub const MALAY: Lang = Lang::known(*b"ms");
pub const ENGLISH: Lang = Lang::known(*b"en");

/// Bahasa Malaysia for the core: reads Malay messages as English, and stems Malay words. Cloning
/// shares the data.
#[derive(Debug, Clone)]
pub struct Malay {
    data: Arc<Data>,
}

/// Why a Malay reader cannot be built from the packs given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalayError {
    /// The pack given as Malay is another language's.
    #[error("the language pack {code:?} is not Malay (\"ms\"): the Malay reader reads only Malay")]
    NotMalay { code: String },
    /// The Malay pack lacks something the reader needs.
    #[error("the Malay language pack (lang/ms) has no {what}, which the Malay reader needs")]
    Missing { what: &'static str },
    /// The dictionary translates into another language than the pack given as its target.
    #[error(
        "the Malay pack's dictionary translates into {into:?} ([reader] into), but the pack given to read it as is {target:?}"
    )]
    Target { into: String, target: String },
}

/// What a [`Malay`] reads with, built from its two packs.
#[derive(Debug)]
struct Data {
    /// The Malay pack (its shorthand, question words) and the language it is read as.
    malay: Arc<Language>,
    target: Lang,
    /// Root words (`roots.txt`).
    roots: WordFile,
    /// Malay word or phrase (space-separated) → English; `-` drops the word.
    dictionary: WordTable,
    /// The `[reader]` words.
    reader: ReaderWords,
    /// The pack read as (its words are the detector's evidence for it).
    english: Arc<Language>,
    /// The word sets read from the packs, on first use (see [`Malay::words`]).
    words: OnceLock<Words>,
    /// The dictionary's single words filed for typo correction, on first use.
    typos: OnceLock<Spelling>,
}

/// The word sets the reader and the detector look words up in, gathered from the two packs.
#[derive(Debug)]
struct Words {
    /// Words of the dictionary that start a phrase of more than one word.
    phrase_starts: FxHashSet<String>,
    /// The most words a dictionary phrase has.
    longest_phrase: usize,
    /// The phrase starts filed for typo correction ("perubahn iklim" is "perubahan iklim").
    phrase_typos: Spelling,
    /// Question words: a message with one is not a yes/no question (the pack's `[question]`
    /// words and determiners).
    question_words: FxHashSet<String>,
    /// Words that show a message is Malay (see [`detect`]).
    malay_words: FxHashSet<String>,
    /// Words that show a message is English.
    english_words: FxHashSet<String>,
}

impl Words {
    fn of(malay: &Language, english: &Language, dictionary: &WordTable) -> Words {
        let mut phrase_starts = FxHashSet::default();
        let mut longest_phrase = 1;
        for (key, _) in dictionary.iter() {
            let words = key.split(' ').count();
            if words > 1 {
                longest_phrase = longest_phrase.max(words);
                if let Some(first) = key.split(' ').next() {
                    phrase_starts.insert(first.to_string());
                }
            }
        }
        let phrase_typos = Spelling::new(
            phrase_starts
                .iter()
                .map(String::as_str)
                .filter(|w| translate::is_typo_target(w)),
            translate::TWO_EDITS_FROM,
        );
        Words {
            phrase_starts,
            longest_phrase,
            phrase_typos,
            question_words: question_words(malay),
            malay_words: detect::malay_words(malay, dictionary),
            english_words: detect::english_words(english),
        }
    }
}

impl Malay {
    /// The Malay reader of the pack `malay`, reading into `english` (the pack its dictionary
    /// translates into). Cheap: the word sets it reads with are gathered on first use (or by
    /// [`Translator::prepare`]), and the roots and the dictionary indexed on first use (see
    /// [`Translator::warm_up`]).
    pub fn new(malay: &Arc<Language>, english: &Arc<Language>) -> Result<Malay, MalayError> {
        if malay.info.code != MALAY {
            return Err(MalayError::NotMalay {
                code: malay.info.code.to_string(),
            });
        }
        let missing = |what| MalayError::Missing { what };
        let roots = malay.roots.clone().ok_or(missing(ROOTS_FILE))?;
        let dictionary = malay.dictionary.clone().ok_or(missing(DICTIONARY_FILE))?;
        let reader = malay
            .reader
            .clone()
            .ok_or(missing("[reader] in language.toml"))?;
        if reader.into != english.info.code {
            return Err(MalayError::Target {
                into: reader.into.to_string(),
                target: english.info.code.to_string(),
            });
        }
        Ok(Malay {
            data: Arc::new(Data {
                malay: Arc::clone(malay),
                target: english.info.code,
                roots,
                dictionary,
                reader,
                english: Arc::clone(english),
                words: OnceLock::new(),
                typos: OnceLock::new(),
            }),
        })
    }

    /// The word sets read from the packs: gathered the first time a message is read (or by
    /// [`Translator::prepare`], on a loader's spare core), not while the program starts.
    fn words(&self) -> &Words {
        let data = &self.data;
        data.words
            .get_or_init(|| Words::of(&data.malay, &data.english, &data.dictionary))
    }
}

/// The pack's question words: the words questions start with and the determiners of its
/// `[question]` (single words).
fn question_words(malay: &Language) -> FxHashSet<String> {
    let q = &malay.question;
    q.words
        .iter()
        .chain(&q.determiners)
        .filter(|w| !w.contains(' '))
        .cloned()
        .collect()
}

impl Translator for Malay {
    /// Gathers the word sets every message is read with (the detector's evidence).
    fn prepare(&self) {
        self.words();
    }

    /// Indexes the roots and the dictionary, and files the dictionary's words for typo
    /// correction, now rather than on the first question that needs them (a few milliseconds).
    fn warm_up(&self) {
        self.data.roots.warm_up();
        self.data.dictionary.warm_up();
        self.typos();
    }

    fn source(&self) -> Lang {
        self.data.malay.info.code
    }

    fn target(&self) -> Lang {
        self.data.target
    }

    fn evidence(&self, tokens: &[String]) -> Evidence {
        let (source, target) = self.evidence(tokens);
        Evidence { source, target }
    }

    fn translate(&self, tokens: &[String]) -> Vec<Aligned> {
        self.to_english_aligned(tokens)
    }

    fn loanword_guesses(&self, word: &str) -> Vec<String> {
        self.loanword_guesses(word)
    }

    fn stem(&self, word: &str) -> String {
        Malay::stem(self, word)
    }

    fn correct(&self, word: &str) -> Option<Vec<String>> {
        Malay::correct(self, word)
    }

    fn untranslated(&self) -> Option<&str> {
        Some(&self.data.malay.phrases.reply.untranslated)
    }
}

impl Stemmer for Malay {
    fn name(&self) -> &str {
        STEMMER
    }

    fn stem(&self, word: &str) -> String {
        Malay::stem(self, word)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
pub(crate) mod tests {
    use super::*;

    /// The Malay reader of the embedded packs (built once for all the tests).
    pub(crate) fn malay() -> Malay {
        static MALAY_READER: std::sync::OnceLock<Malay> = std::sync::OnceLock::new();
        MALAY_READER
            .get_or_init(|| {
                let languages = communique_core::knowledge::embedded_languages().unwrap();
                let pack = |code: Lang| languages.iter().find(|l| l.info.code == code).unwrap();
                Malay::new(pack(MALAY), pack(ENGLISH)).unwrap()
            })
            .clone()
    }

    #[test]
    fn the_pack_data_is_read() {
        let malay = malay();
        let data = &malay.data;
        assert!(data.roots.len() > 20_000, "roots: {}", data.roots.len());
        assert!(
            data.dictionary.len() > 500,
            "dictionary: {}",
            data.dictionary.len()
        );
        assert!(
            data.malay.shorthand.len() > 50,
            "shorthand: {}",
            data.malay.shorthand.len()
        );
        let words = malay.words();
        assert!(words.longest_phrase >= 4);
        assert!(words.malay_words.contains("bilakah"));
        assert!(words.malay_words.contains("brp"));
        assert!(words.malay_words.contains("yang"));
        assert!(words.question_words.contains("siapakah"));
        assert!(words.question_words.contains("dimana"));
    }

    #[test]
    fn packs_that_cannot_be_read_are_refused() {
        let languages = communique_core::knowledge::embedded_languages().unwrap();
        let pack = |code: Lang| languages.iter().find(|l| l.info.code == code).unwrap();
        let (ms, en) = (pack(MALAY), pack(ENGLISH));
        assert_eq!(
            Malay::new(en, en).unwrap_err(),
            MalayError::NotMalay {
                code: "en".to_string()
            }
        );
        assert!(matches!(
            Malay::new(ms, ms).unwrap_err(),
            MalayError::Target { .. }
        ));
        let mut bare = (**ms).clone();
        bare.roots = None;
        assert_eq!(
            Malay::new(&Arc::new(bare), en).unwrap_err(),
            MalayError::Missing { what: ROOTS_FILE }
        );
    }
}
