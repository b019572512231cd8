//! Which language a chat message is in, English or Malay: a vote of the packs' own vocabulary.
//!
//! Each token is evidence for Malay when the Malay pack knows it (a dictionary or shorthand word, a
//! question or filler word of `lang/ms/language.toml`) or when it carries Malay affixes around a
//! known root (`ditandatangani`); it is evidence for English when the English pack knows it (its
//! question, follow-up and filler words, and the words of its synonym groups). A token both packs
//! know, and one neither knows (names, acronyms, numbers: `Anwar`, `FTA`, `2025`), is no evidence.
//! Nor is a single letter: chat shorthand makes `x` Malay ("tak"), but a line like "x y" or "_x_" is
//! no more Malay than English, and reading it as Malay answered English speakers in Malay.
//! The language with more evidence wins, so a mostly-Malay message with English words in it ("bila
//! FTA tu nak siap?", "apa yang diorang agree pasal defence?") is Malay. With no evidence, or a
//! tie, the answer is English with confidence 0: the caller keeps the conversation's language.
//!
//! Chosen over `lingua` (restricted to English and Malay) on measurements recorded in
//! `knowledge/lang/ms/build/README.md`: lingua costs 30–57 µs a message (over the whole question's
//! budget), 8.7 MB of binary and 44 crates, and misreads short mixed lines and lines of names.

use std::sync::OnceLock;

use super::{embedded_in, is_root, lexicon, quoted_words, stem};
use rustc_hash::FxHashSet;

/// How many of `tokens` are evidence for Malay, and how many for English (see the module's doc).
pub fn evidence(tokens: &[String]) -> (u32, u32) {
    let english = english_words();
    let malay = &lexicon().malay_words;
    let (mut ms, mut en) = (0u32, 0u32);
    for token in tokens {
        let token = token.as_str();
        if token.chars().nth(1).is_none() {
            continue;
        }
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
    use communique_core::lang::Translator;
    use communique_core::text::tokenize;

    use crate::Malay;

    #[track_caller]
    fn check(text: &str, code: &str) {
        let (got, confidence) = Malay.detect(&tokenize(text));
        assert_eq!(
            got.code(),
            code,
            "detect({text:?}) (confidence {confidence})"
        );
        assert!(confidence > 0.0, "detect({text:?}): confidence 0");
    }

    #[test]
    fn malay_formal_and_chat() {
        check("Apakah perkongsian strategik?", "ms");
        check("Bilakah perjanjian itu ditandatangani?", "ms");
        check("brp byk MoU ditandatangani?", "ms");
        check("bila FTA siap?", "ms");
        // a letter of shorthand among Malay words still reads as Malay
        check("sy x faham FTA tu", "ms");
        check("Siapa Anwar Ibrahim?", "ms");
    }

    #[test]
    fn english() {
        check("What is the Strategic Partnership?", "en");
        check("when should the FTA talks finish", "en");
        check("Who is Anwar Ibrahim?", "en");
        check("did they talk about Japan", "en");
    }

    #[test]
    fn mostly_malay_mixed_messages_are_malay() {
        check("bila agaknya FTA tu dimuktamadkan?", "ms");
        check("apa yang diorang agree pasal defence?", "ms");
        check("malaysia ngn korea setuju apa pasal tenaga", "ms");
        check("when FTA tu nak siap?", "ms");
        check("what did they say pasal climate?", "en");
    }

    #[test]
    fn english_lines_with_malay_looking_words_are_english() {
        check("north korea missiles", "en");
        // no word of it is in either pack: no evidence, so the conversation's language stays
        let (lang, confidence) = Malay.detect(&tokenize("southeast asian bloc chair"));
        assert_eq!((lang.code(), confidence), ("en", 0.0));
        check("halal food", "en");
    }

    #[test]
    fn no_evidence_is_english_with_confidence_zero() {
        for text in ["", "FTA", "Anwar?", "2025", "???", "ok", "x y", "_x_", "x"] {
            let (lang, confidence) = Malay.detect(&tokenize(text));
            assert_eq!((lang.code(), confidence), ("en", 0.0), "{text:?}");
        }
    }
}
