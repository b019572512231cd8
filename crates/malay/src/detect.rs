//! Which language a chat message is in, English or Malay: a vote of the packs' own vocabulary.
//!
//! Each token is evidence for Malay when the Malay pack knows it (a word of its dictionary's
//! phrases that no English translation uses, a chat shorthand, a question, follow-up or filler
//! word of its `language.toml`) or when it carries Malay affixes around a known root
//! (`ditandatangani`); it is evidence for English when the English pack knows it (its question,
//! follow-up, message, library and filler words, the standard words its shorthand expands to, and
//! the words of its synonym groups). A token both packs know, and one neither knows (names,
//! acronyms, numbers: `Anwar`, `FTA`, `2025`), is no evidence. Nor is a single letter: chat
//! shorthand makes `x` Malay ("tak"), but a line like "x y" or "_x_" is no more Malay than
//! English, and reading it as Malay answered English speakers in Malay. The language with more
//! evidence wins, so a mostly-Malay message with English words in it ("bila FTA tu nak siap?",
//! "apa yang diorang agree pasal defence?") is Malay. With no evidence, or a tie, the answer is
//! English with confidence 0: the caller keeps the conversation's language.
//!
//! Chosen over `lingua` (restricted to English and Malay) on measurements recorded in
//! `knowledge/lang/ms/build/README.md`: lingua costs 30–57 µs a message (over the whole question's
//! budget), 8.7 MB of binary and 44 crates, and misreads short mixed lines and lines of names.

use communique_core::knowledge::{Language, WordTable};
use rustc_hash::FxHashSet;

use super::Malay;

impl Malay {
    /// How many of `tokens` are evidence for Malay, and how many for English (see the module's
    /// doc).
    pub fn evidence(&self, tokens: &[String]) -> (u32, u32) {
        let words = self.words();
        let english = &words.english_words;
        let malay = &words.malay_words;
        let (mut ms, mut en) = (0u32, 0u32);
        for token in tokens {
            let token = token.as_str();
            if token.chars().nth(1).is_none() {
                continue;
            }
            let is_english = english.contains(token);
            let is_malay = malay.contains(token) || (!is_english && self.affixed(token));
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
    fn affixed(&self, token: &str) -> bool {
        token.len() > 4 && {
            let root = self.stem(token);
            !token.starts_with(root.as_str()) && self.is_root(&root)
        }
    }
}

/// The words of a pack's `language.toml` lists: its question, follow-up, message, library and
/// filler words, each word of a phrase on its own.
fn pack_words(language: &Language) -> impl Iterator<Item = &str> {
    let q = &language.question;
    let f = &language.follow_up;
    let m = &language.message;
    let by_kind = q
        .kinds
        .values()
        .chain(q.nouns.values())
        .chain(q.entities.values())
        .chain(q.anchors.values())
        .flatten();
    let question = [
        &q.determiners,
        &q.words,
        &q.auxiliaries,
        &q.mention_verbs,
        &q.existential,
        &q.measures,
        &q.durations,
        &q.future,
        &q.precise,
        &q.since,
        &q.weekdays,
        &q.negations,
        &q.negative,
        &q.ahead,
    ]
    .into_iter()
    .flatten();
    let follow_up = [
        &f.anaphora,
        &f.pronouns,
        &f.person_pronouns,
        &f.more,
        &f.other,
        &f.list,
        &f.ellipsis,
        &f.last,
    ]
    .into_iter()
    .flatten()
    .chain(f.ordinals.iter().flatten());
    let message = [
        &m.ask_words,
        &m.first_person,
        &m.possessive,
        &m.wondering,
        &m.imperatives,
        &m.interjections,
        &m.joiners,
        &m.relatives,
        &m.locatives,
        &m.alternatives,
        &m.subjects,
    ]
    .into_iter()
    .flatten();
    by_kind
        .chain(question)
        .chain(follow_up)
        .chain(message)
        .chain(&language.library.statement_words)
        .chain(&language.filler)
        .flat_map(|phrase| phrase.split_whitespace())
}

/// The words that show a message is Malay: those of the pack's lists, its chat shorthand, and the
/// words of its dictionary's phrases that no English translation uses ("status" → "status",
/// "halal" in "ekonomi halal" → "halal economy", "korea" in "korea selatan" → "south korea" are no
/// evidence).
pub(super) fn malay_words(malay: &Language, dictionary: &WordTable) -> FxHashSet<String> {
    let english: FxHashSet<&str> = dictionary
        .iter()
        .flat_map(|(_, value)| value.split(' '))
        .collect();
    let mut words: FxHashSet<String> = FxHashSet::default();
    for (key, _) in dictionary.iter() {
        words.extend(
            key.split(' ')
                .filter(|w| !english.contains(w))
                .map(str::to_string),
        );
    }
    words.extend(malay.shorthand.keys().cloned());
    words.extend(pack_words(malay).map(str::to_string));
    words
}

/// The words that show a message is English: those of the pack's lists, the standard words its
/// shorthand expands to, and the words of its synonym groups.
pub(super) fn english_words(english: &Language) -> FxHashSet<String> {
    pack_words(english)
        .chain(english.shorthand.values().flatten().map(String::as_str))
        .chain(
            english
                .synonyms
                .iter()
                .flatten()
                .flat_map(|s| s.split_whitespace()),
        )
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use communique_core::lang::Translator;
    use communique_core::text::tokenize;

    use crate::tests::malay;

    #[track_caller]
    fn check(text: &str, code: &str) {
        let (got, confidence) = malay().detect(&tokenize(text));
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
        let (lang, confidence) = malay().detect(&tokenize("southeast asian bloc chair"));
        assert_eq!((lang.code(), confidence), ("en", 0.0));
        check("halal food", "en");
    }

    #[test]
    fn no_evidence_is_english_with_confidence_zero() {
        let malay = malay();
        for text in ["", "FTA", "Anwar?", "2025", "???", "ok", "x y", "_x_", "x"] {
            let (lang, confidence) = malay.detect(&tokenize(text));
            assert_eq!((lang.code(), confidence), ("en", 0.0), "{text:?}");
        }
    }
}
