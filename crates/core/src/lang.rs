//! Languages, neutrally: a [`Lang`] is a language's code, and what a language needs beyond its
//! pack's word lists (a stemmer of its own, a reader that translates its messages into the
//! language a statement is written in) comes in from outside through the traits here.
//!
//! The core knows no language by name. A language pack (`knowledge/lang/<code>/`) says how its
//! words are stemmed (`stemmer = "english"`: one of Snowball's algorithms, built in; any other name
//! is a [`Stemmer`] a language crate gives); a language crate (`communique-malay`) gives a
//! [`Translator`] that reads its messages as the English the engine ranks. A front end gathers
//! them in a [`Toolkit`] and hands it to the engines it builds; an engine built without one reads
//! only its statement's own language.
//!
//! Invariants: a [`Lang`] is always 2 or 3 lowercase ASCII letters; nothing here does I/O.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language: its ISO 639 code (`"en"`, `"ms"`), as language packs are named. Serialised as the
/// code, in conversations and in the batch protocol's `"lang"`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    /// The code's letters, zero-padded.
    letters: [u8; 3],
}

impl Lang {
    /// No language in particular (ISO 639-2 `und`): what a reply with no words is in.
    pub const UNDETERMINED: Lang = Lang { letters: *b"und" };

    /// The language of `code` ("ms", "MS", "ms-MY", "en_GB": case and region ignored), or `None`
    /// when it is not 2 or 3 ASCII letters.
    pub fn new(code: &str) -> Option<Lang> {
        let base = code.split(['-', '_']).next().unwrap_or("");
        if !(2..=3).contains(&base.len()) || !base.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let mut letters = [0u8; 3];
        for (slot, byte) in letters.iter_mut().zip(base.bytes()) {
            *slot = byte.to_ascii_lowercase();
        }
        Some(Lang { letters })
    }

    /// The language of a two-letter code written in the program (`Lang::known(*b"ms")`), for
    /// language crates that name their own language.
    pub const fn known(code: [u8; 2]) -> Lang {
        let [first, second] = code;
        Lang {
            letters: [first.to_ascii_lowercase(), second.to_ascii_lowercase(), 0],
        }
    }

    /// The code ("ms").
    pub fn code(&self) -> &str {
        let len = self.letters.iter().position(|&b| b == 0).unwrap_or(3);
        self.letters
            .get(..len)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::new(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{code:?} is not a language code (2 or 3 letters, like \"en\")"
            ))
        })
    }
}

/// A stemmer a language crate gives for the packs that name it.
pub trait Stemmer: Send + Sync + fmt::Debug {
    /// The name language packs give it (`stemmer = "malay"`).
    fn name(&self) -> &str;
    /// The stem of a folded word.
    fn stem(&self, word: &str) -> String;
}

/// One English word (or word of the target language) of a translated message, with the span of
/// the message's tokens it translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aligned {
    pub word: String,
    /// The first token it translates.
    pub from: usize,
    /// One past the last token it translates.
    pub to: usize,
    /// A word that only refers to the document itself ("dalam kenyataan bersama"): dropped when
    /// the rest of the message names something the statement knows.
    pub optional: bool,
}

/// How much of a message shows each of a translator's two languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Tokens only the source language has.
    pub source: u32,
    /// Tokens only the target language has.
    pub target: u32,
}

/// Reads messages of one language (its `source`) as the language statements are written in (its
/// `target`): translation at the edge, before the engine reads a word.
pub trait Translator: Send + Sync + fmt::Debug {
    /// The language it reads.
    fn source(&self) -> Lang;
    /// The language it translates into.
    fn target(&self) -> Lang;
    /// How many of `tokens` (folded) show the source language, and how many the target.
    fn evidence(&self, tokens: &[String]) -> Evidence;
    /// `tokens` (folded, one clause) in the target language, each word aligned with the tokens it
    /// translates.
    fn translate(&self, tokens: &[String]) -> Vec<Aligned>;
    /// Target-language words a source word may respell (a loanword: `promosi` → promotion).
    fn loanword_guesses(&self, word: &str) -> Vec<String>;
    /// The root of a source-language word.
    fn stem(&self, word: &str) -> String;
    /// The target-language words of the source-language word a typo most likely stands for
    /// (`pertahann` → defence), when `word` is no word of the source language and one word of
    /// its dictionary is within a small edit of it; `None` by default.
    fn correct(&self, _word: &str) -> Option<Vec<String>> {
        None
    }
    /// A note in the source language, put before a reply from a statement that has no text in
    /// it (its pack's `untranslated` phrase); `None` by default.
    fn untranslated(&self) -> Option<&str> {
        None
    }

    /// Builds now what reading any message needs (what [`Translator::evidence`] looks words up
    /// in), rather than on the first message: a loader does it on a spare core while the engines
    /// are built. Nothing by default.
    fn prepare(&self) {}

    /// Builds the lookup indexes of its tables now rather than on first use (a front end that
    /// answers many questions calls it at start-up); nothing by default.
    fn warm_up(&self) {}

    /// The language of `tokens` and a confidence in 0..=1: 0 when there is no evidence either way
    /// (or a tie, answered with the target language), higher as the evidence is more one-sided
    /// and there is more of it (one word: 0.5; two: 0.75; three against one: 0.47).
    fn detect(&self, tokens: &[String]) -> (Lang, f32) {
        let Evidence { source, target } = self.evidence(tokens);
        if source == target {
            return (self.target(), 0.0);
        }
        let lang = if source > target {
            self.source()
        } else {
            self.target()
        };
        let total = source + target;
        let margin = source.abs_diff(target) as f32 / total as f32;
        let amount = 1.0 - 0.5f32.powi(total.min(30) as i32);
        (lang, margin * amount)
    }
}

/// The stemmers and translators the engines of a front end use, beyond what the core has built in.
#[derive(Debug, Clone, Default)]
pub struct Toolkit {
    stemmers: Vec<Arc<dyn Stemmer>>,
    translators: Vec<Arc<dyn Translator>>,
}

impl Toolkit {
    /// The toolkit with `stemmer` too (replacing one of the same name).
    pub fn with_stemmer(mut self, stemmer: Arc<dyn Stemmer>) -> Toolkit {
        self.stemmers.retain(|s| s.name() != stemmer.name());
        self.stemmers.push(stemmer);
        self
    }

    /// The toolkit with `translator` too (replacing one between the same languages).
    pub fn with_translator(mut self, translator: Arc<dyn Translator>) -> Toolkit {
        self.translators
            .retain(|t| (t.source(), t.target()) != (translator.source(), translator.target()));
        self.translators.push(translator);
        self
    }

    /// The stemmer named `name`, if the toolkit has it.
    pub fn stemmer(&self, name: &str) -> Option<&Arc<dyn Stemmer>> {
        self.stemmers.iter().find(|s| s.name() == name)
    }

    /// The translators into `target`.
    pub fn translators_into(&self, target: Lang) -> impl Iterator<Item = &Arc<dyn Translator>> {
        self.translators
            .iter()
            .filter(move |t| t.target() == target)
    }

    /// Every translator.
    pub fn translators(&self) -> &[Arc<dyn Translator>] {
        &self.translators
    }

    /// Has every translator build what reading any message needs now ([`Translator::prepare`]).
    pub fn prepare(&self) {
        for translator in &self.translators {
            translator.prepare();
        }
    }

    /// Has every translator build its lookup indexes now ([`Translator::warm_up`]).
    pub fn warm_up(&self) {
        for translator in &self.translators {
            translator.warm_up();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_without_case_or_region() {
        assert_eq!(Lang::new("ms-MY").map(|l| l.to_string()), Some("ms".into()));
        assert_eq!(Lang::new("EN_gb").map(|l| l.to_string()), Some("en".into()));
        assert_eq!(Lang::new("zsm").map(|l| l.to_string()), Some("zsm".into()));
        assert_eq!(Lang::new(""), None);
        assert_eq!(Lang::new("e"), None);
        assert_eq!(Lang::new("engl"), None);
        assert_eq!(Lang::new("e1"), None);
        assert_eq!(Lang::new("é"), None);
    }

    #[test]
    fn a_lang_is_serialised_as_its_code() {
        let ms = Lang::new("ms").unwrap();
        assert_eq!(serde_json::to_string(&ms).unwrap(), "\"ms\"");
        assert_eq!(serde_json::from_str::<Lang>("\"ms\"").unwrap(), ms);
        assert!(serde_json::from_str::<Lang>("\"m1\"").is_err());
    }
}
