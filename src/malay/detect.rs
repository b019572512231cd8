//! Which language a chat message is in, English or Malay: a vote of the packs' own vocabulary.
//!
//! Each token is evidence for Malay when the Malay pack knows it (a dictionary or shorthand word, a
//! question or filler word of `lang/ms/language.toml`) or when it carries Malay affixes around a
//! known root (`ditandatangani`); it is evidence for English when the English pack knows it (its
//! question, follow-up and filler words, and the words of its synonym groups). A token both packs
//! know, and one neither knows (names, acronyms, numbers: `Anwar`, `FTA`, `2025`), is no evidence.
//! The language with more evidence wins, so a mostly-Malay message with English words in it ("bila
//! FTA tu nak siap?", "apa yang diorang agree pasal defence?") is Malay. With no evidence, or a
//! tie, the answer is English with confidence 0: the caller keeps the conversation's language.
//!
//! Chosen over `lingua` (restricted to English and Malay) on measurements recorded in
//! `knowledge/lang/ms/build/README.md`: lingua costs 30–57 µs a message (over the whole question's
//! budget), 8.7 MB of binary and 44 crates, and misreads short mixed lines and lines of names.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{embedded_in, is_root, lexicon, quoted_words, stem};

/// A language a message can be in, and a reply can be given in. Serialised as its code (`"ms"`),
/// in conversations and in the batch protocol's `"lang"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ms,
}

impl Lang {
    /// Every language, in a stable order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ms];

    /// The ISO 639-1 code, as language packs are named.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ms => "ms",
        }
    }

    /// The language of an ISO 639-1 code (case-insensitive, a region ignored: `ms-MY`); Indonesian
    /// (`id`) reads as Malay, its close relative that the Malay pack understands.
    pub fn from_code(code: &str) -> Option<Lang> {
        let base = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "en" => Some(Lang::En),
            "ms" | "id" | "zsm" | "msa" | "may" => Some(Lang::Ms),
            _ => None,
        }
    }
}

/// The language of `text`, and a confidence in 0..=1: 0 when there is no evidence either way (or a
/// tie), higher as the evidence is more one-sided and there is more of it (one Malay word: 0.5;
/// two: 0.75; three Malay words and one English word: 0.47).
pub fn detect(text: &str) -> (Lang, f32) {
    detect_tokens(&crate::text::tokenize(text))
}

/// [`detect`] over folded tokens (`text::tokenize`).
pub fn detect_tokens(tokens: &[String]) -> (Lang, f32) {
    let (ms, en) = evidence(tokens);
    let total = ms + en;
    if ms == en {
        return (Lang::En, 0.0);
    }
    let lang = if ms > en { Lang::Ms } else { Lang::En };
    let margin = ms.abs_diff(en) as f32 / total as f32;
    let amount = 1.0 - 0.5f32.powi(total.min(30) as i32);
    (lang, margin * amount)
}

/// How many of `tokens` are evidence for Malay, and how many for English (see the module's doc).
pub fn evidence(tokens: &[String]) -> (u32, u32) {
    let english = english_words();
    let malay = &lexicon().malay_words;
    let (mut ms, mut en) = (0u32, 0u32);
    for token in tokens {
        let token = token.as_str();
        let is_english = english.contains(token);
        let is_malay = malay.contains(token) || (!is_english && affixed(token));
        match (is_malay, is_english) {
            (true, false) => ms += 1,
            (false, true) => en += 1,
            _ => {}
        }
    }
    (ms, en)
}

/// Whether `token` is a Malay word with a prefix (and perhaps suffixes) around a known root. A
/// suffix alone is no evidence: English words end in -an and -i too ("asian" is not asi + -an).
fn affixed(token: &str) -> bool {
    token.len() > 4 && {
        let root = stem(token);
        !token.starts_with(root.as_str()) && is_root(&root)
    }
}

/// Builds the English word set now.
pub(super) fn warm_up() {
    let _ = english_words();
}

/// The English pack's words.
fn english_words() -> &'static FxHashSet<&'static str> {
    static WORDS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: FxHashSet<&str> =
            quoted_words(embedded_in("lang/en", "language.toml")).collect();
        let synonyms = embedded_in("lang/en", "synonyms.toml");
        words.extend(
            synonyms
                .lines()
                .map(|line| line.split_once('#').map_or(line, |(code, _)| code))
                .flat_map(|line| line.split('"').skip(1).step_by(2))
                .flat_map(str::split_whitespace),
        );
        words
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, lang: Lang) {
        let (got, confidence) = detect(text);
        assert_eq!(got, lang, "detect({text:?}) (confidence {confidence})");
        assert!(confidence > 0.0, "detect({text:?}): confidence 0");
    }

    #[test]
    fn malay_formal_and_chat() {
        check("Apakah perkongsian strategik?", Lang::Ms);
        check("Bilakah perjanjian itu ditandatangani?", Lang::Ms);
        check("brp byk MoU ditandatangani?", Lang::Ms);
        check("bila FTA siap?", Lang::Ms);
        check("Siapa Anwar Ibrahim?", Lang::Ms);
    }

    #[test]
    fn english() {
        check("What is the Strategic Partnership?", Lang::En);
        check("when should the FTA talks finish", Lang::En);
        check("Who is Anwar Ibrahim?", Lang::En);
        check("did they talk about Japan", Lang::En);
    }

    #[test]
    fn mostly_malay_mixed_messages_are_malay() {
        check("bila agaknya FTA tu dimuktamadkan?", Lang::Ms);
        check("apa yang diorang agree pasal defence?", Lang::Ms);
        check("malaysia ngn korea setuju apa pasal tenaga", Lang::Ms);
        check("when FTA tu nak siap?", Lang::Ms);
        check("what did they say pasal climate?", Lang::En);
    }

    #[test]
    fn english_lines_with_malay_looking_words_are_english() {
        check("north korea missiles", Lang::En);
        // no word of it is in either pack: no evidence, so the conversation's language stays
        assert_eq!(detect("southeast asian bloc chair"), (Lang::En, 0.0));
        check("halal food", Lang::En);
    }

    #[test]
    fn language_codes() {
        assert_eq!(Lang::from_code("ms"), Some(Lang::Ms));
        assert_eq!(Lang::from_code("ms-MY"), Some(Lang::Ms));
        assert_eq!(Lang::from_code("id"), Some(Lang::Ms));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("ko"), None);
        assert_eq!(Lang::from_code(""), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn no_evidence_is_english_with_confidence_zero() {
        for text in ["", "FTA", "Anwar?", "2025", "???", "ok"] {
            assert_eq!(detect(text), (Lang::En, 0.0), "{text:?}");
        }
    }
}
