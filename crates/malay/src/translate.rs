//! Malay → English at the edge: a Malay or mixed question becomes, token by token and phrase by
//! phrase, the English the engine already reads.
//!
//! Steps, over folded tokens (`text::tokenize`):
//! 1. chat shorthand is expanded (the pack's `shorthand.tsv`: `brp` → `berapa`, `x`/`tak` →
//!    `tidak`, `camne` → `macam mana`);
//! 2. a yes/no question marked at its end (one of `[reader] yes_no_tails`: `… ke?`, `… tak?`, `…
//!    ke tidak?`, `… atau tidak?`) with no question word (of the pack's `[question]`) becomes one
//!    marked at its start, as English does (`yes_no_marker`, `adakah …`; `ada …`, of
//!    `yes_no_fronted`, comes along and asks "is there …");
//! 3. a chat word that makes the message go on from the last question (`[reader]
//!    continuation_words`: `ekonomi pula?`, `bila pula nak sign?`) is dropped and the
//!    `continuation_marker` put first, as English starts such a message (`dan …`: "and …?"),
//!    unless a dictionary phrase holds it (`apa pula`: "what about");
//! 4. an ordinal marker before a number makes it an ordinal (`ke-65` → `65th`);
//! 5. at each position the longest dictionary phrase wins (`perjanjian perdagangan bebas` → `free
//!    trade agreement`); a word not listed is looked up without its particle (`-kah`, `-lah`),
//!    then without a passive prefix (`ditangani` → `tangani`), then as its root
//!    ([`Malay::stem`]); a repeated word (`negara negara`) counts once;
//! 6. anything else (English words, names, acronyms, numbers) passes through unchanged.
//!
//! A dictionary value `-` drops the words; a value starting with `?` is *optional* English
//! ([`Aligned::optional`]): a phrase that only points at the document being asked about ("dalam
//! kenyataan bersama", "in the joint statement") is kept by [`Malay::to_english`], but a reader
//! that knows what the statement is about drops it when the rest of the question has a topic of
//! its own.

use std::borrow::Cow;

use communique_core::engine::spelling::Spelling;
use communique_core::lang::Aligned;

use super::Malay;

/// The shortest word corrected as a typo: shorter ones are too often another word, a name or an
/// abbreviation.
const MIN_TYPO_LEN: usize = 5;
/// The length from which a word may be two edits from the word it stands for.
pub(crate) const TWO_EDITS_FROM: usize = 9;

/// Whether a listed word is filed for typo correction: a plain word of at least one letter fewer
/// than [`MIN_TYPO_LEN`] (a typo may add one).
pub(crate) fn is_typo_target(word: &str) -> bool {
    word.len() >= MIN_TYPO_LEN - 1 && word.bytes().all(|b| b.is_ascii_lowercase())
}

impl Malay {
    /// Translates a Malay or mixed message into English text (folded, space-separated).
    pub fn translate(&self, text: &str) -> String {
        self.to_english(&communique_core::text::tokenize(text))
            .join(" ")
    }

    /// Translates folded Malay (or mixed) tokens into English tokens.
    pub fn to_english(&self, tokens: &[String]) -> Vec<String> {
        self.to_english_aligned(tokens)
            .into_iter()
            .map(|a| a.word)
            .collect()
    }

    /// [`Malay::to_english`], each English token with the message tokens it translates.
    /// Invariant: every span lies within `tokens` and is non-empty.
    pub fn to_english_aligned(&self, tokens: &[String]) -> Vec<Aligned> {
        let data = &self.data;
        // (Malay word, index of the message token it comes from)
        let mut malay: Vec<(&str, usize)> = Vec::with_capacity(tokens.len() + 2);
        for (at, token) in tokens.iter().enumerate() {
            match data.malay.shorthand.get(token.as_str()) {
                Some(expansion) => malay.extend(expansion.iter().map(|w| (w.as_str(), at))),
                None => malay.push((token, at)),
            }
        }
        self.mark_yes_no(&mut malay);
        self.mark_continuation(&mut malay);
        let words: Vec<&str> = malay.iter().map(|(w, _)| *w).collect();
        let origin = |i: usize| malay.get(i).map_or(0, |(_, at)| *at);

        let mut out: Vec<Aligned> = Vec::with_capacity(words.len() + 2);
        let mut push = |english: &str, first: usize, used: usize| {
            let span = (first..first + used).map(origin);
            let from = span.clone().min().unwrap_or(0);
            let to = span.max().unwrap_or(0) + 1;
            let (english, optional) = match english.strip_prefix('?') {
                Some(rest) => (rest, true),
                None => (english, false),
            };
            out.extend(english.split(' ').map(|e| Aligned {
                word: e.to_string(),
                from,
                to,
                optional,
            }));
        };
        let mut i = 0;
        while let Some(&word) = words.get(i) {
            let next = words.get(i + 1).copied();
            if data
                .reader
                .ordinal_markers
                .iter()
                .any(|m| m.as_str() == word)
                && let Some(number) =
                    next.filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            {
                push(&ordinal(number), i, 2);
                i += 2;
                continue;
            }
            // a repeated word counts once (reduplication written with a space after folding)
            if i > 0
                && words.get(i - 1) == Some(&word)
                && !data
                    .dictionary
                    .contains_key(format!("{word} {word}").as_str())
            {
                i += 1;
                continue;
            }
            let (english, used) = self.lookup(&words, i);
            let used = used.max(1);
            if english != "-" {
                push(&english, i, used);
            }
            i += used;
        }
        out
    }

    /// The English for the longest dictionary entry at `malay[at..]`, and how many words it took;
    /// a word not in the dictionary is looked up as its root, and otherwise passes through.
    fn lookup<'a>(&'a self, malay: &[&'a str], at: usize) -> (Cow<'a, str>, usize) {
        let data = &self.data;
        let dictionary = &data.dictionary;
        let particles = &data.reader.particles;
        let Some(&word) = malay.get(at) else {
            return (Cow::Borrowed(""), 1);
        };
        let words = self.words();
        if words.phrase_starts.contains(word) {
            for len in (2..=words.longest_phrase).rev() {
                let Some(words) = malay.get(at..at + len) else {
                    continue;
                };
                let phrase = words.join(" ");
                if let Some(english) = dictionary.get(phrase.as_str()) {
                    return (Cow::Borrowed(english), len);
                }
                // a particle or possessive on the phrase's last word: "perkara utamanya"
                if let Some(english) = particles
                    .iter()
                    .find_map(|p| phrase.strip_suffix(p.as_str()))
                    .and_then(|bare| dictionary.get(bare))
                {
                    return (Cow::Borrowed(english), len);
                }
            }
        }
        if let Some(english) = dictionary.get(word) {
            return (Cow::Borrowed(english), 1);
        }
        for particle in particles {
            if let Some(base) = word.strip_suffix(particle.as_str())
                && let Some(english) = dictionary.get(base)
            {
                return (Cow::Borrowed(english), 1);
            }
        }
        // the passive di- of a listed active form: dikecam → kecam, ditangani → tangani
        for prefix in &data.reader.passive_prefixes {
            if let Some(active) = word.strip_prefix(prefix.as_str())
                && let Some(english) = dictionary.get(active)
            {
                return (Cow::Borrowed(english), 1);
            }
        }
        let root = self.stem(word);
        if root != word
            && let Some(english) = dictionary.get(root.as_str())
        {
            return (Cow::Borrowed(english), 1);
        }
        if let Some(found) = self.phrase_with_typo(malay, at) {
            return found;
        }
        (Cow::Borrowed(word), 1)
    }

    /// The English of a dictionary phrase whose first word `malay[at]` is mistyped ("perubahn
    /// iklim" → climate change), and how many words it took: for a word of at least
    /// [`MIN_TYPO_LEN`] letters that is not a root word, the phrase starts within one edit (two
    /// from [`TWO_EDITS_FROM`] letters) with the same first letter, nearest first, each tried
    /// with the words that follow as [`Malay::lookup`] tries a phrase. Only a word nothing else
    /// reads reaches it, and a phrase must follow, so a word alone is never read as a phrase.
    fn phrase_with_typo<'a>(
        &'a self,
        malay: &[&'a str],
        at: usize,
    ) -> Option<(Cow<'a, str>, usize)> {
        let word = *malay.get(at)?;
        let len = word.chars().count();
        if len < MIN_TYPO_LEN
            || malay.len() <= at + 1
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || self.data.roots.contains(word)
        {
            return None;
        }
        let words = self.words();
        let max = if len >= TWO_EDITS_FROM { 2 } else { 1 };
        let first = word.chars().next();
        let mut near: Vec<(&str, usize)> = words
            .phrase_typos
            .near(word, max)
            .into_iter()
            .filter(|(near, _)| near.chars().next() == first)
            .collect();
        near.sort_unstable_by_key(|&(near, d)| (d, std::cmp::Reverse(near.len()), near));
        let mut phrase = String::new();
        for (start, _) in near {
            for len in (2..=words.longest_phrase).rev() {
                let Some(rest) = malay.get(at + 1..at + len) else {
                    continue;
                };
                phrase.clear();
                phrase.push_str(start);
                for next in rest {
                    phrase.push(' ');
                    phrase.push_str(next);
                }
                if let Some(english) = self.data.dictionary.get(phrase.as_str()) {
                    return Some((Cow::Borrowed(english), len));
                }
            }
        }
        None
    }

    /// The dictionary's single words filed for typo correction (on first use, or by
    /// [`Translator::warm_up`](communique_core::lang::Translator::warm_up)).
    pub(crate) fn typos(&self) -> &Spelling {
        let data = &self.data;
        data.typos.get_or_init(|| {
            Spelling::new(
                data.dictionary
                    .iter()
                    .map(|(key, _)| key)
                    .filter(|key| is_typo_target(key)),
                TWO_EDITS_FROM,
            )
        })
    }

    /// The English of the dictionary word a typo most likely stands for (`pertahann` →
    /// defence, `pelancongn` → tourism): for a word of at least [`MIN_TYPO_LEN`] letters that is
    /// neither listed (as itself, its root or without its particle) nor a root word, the listed
    /// single word within one edit (two from [`TWO_EDITS_FROM`] letters) with the same first
    /// letter; among equally near ones, the one with the same last letter, then the longer (a
    /// letter left out is the commonest slip), then the first in order. `None` when there is
    /// none, or its English is dropped or optional.
    pub fn correct(&self, word: &str) -> Option<Vec<String>> {
        let data = &self.data;
        let len = word.chars().count();
        if len < MIN_TYPO_LEN
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || data.roots.contains(word)
            || self.lookup(&[word], 0).0 != word
        {
            return None;
        }
        let typos = self.typos();
        let max = if len >= TWO_EDITS_FROM { 2 } else { 1 };
        let first = word.chars().next();
        let last = word.chars().last();
        let best = typos
            .near(word, max)
            .into_iter()
            .filter(|(near, _)| near.chars().next() == first)
            .min_by_key(|(near, d)| {
                (
                    *d,
                    near.chars().last() != last,
                    std::cmp::Reverse(near.len()),
                    *near,
                )
            })?;
        let english = data.dictionary.get(best.0)?;
        if english == "-" || english.starts_with('?') {
            return None;
        }
        Some(english.split(' ').map(str::to_string).collect())
    }

    /// Moves an end-of-message yes/no marker to the front, as the pack's `yes_no_marker`
    /// (`adakah`; with `ada` brought along: "is there"). Words are (word, message token it came
    /// from); the marker keeps the position of the tail.
    fn mark_yes_no<'a>(&'a self, malay: &mut Vec<(&'a str, usize)>) {
        let reader = &self.data.reader;
        let Some(marker) = &reader.yes_no_marker else {
            return;
        };
        if malay
            .iter()
            .any(|(w, _)| self.words().question_words.contains(*w))
        {
            return;
        }
        let words: Vec<&str> = malay.iter().map(|(w, _)| *w).collect();
        let Some(tail) = reader.yes_no_tails.iter().find(|tail| {
            words.len() > tail.len()
                && words
                    .iter()
                    .rev()
                    .zip(tail.iter().rev())
                    .all(|(w, t)| t == w)
        }) else {
            return;
        };
        let cut = malay.len() - tail.len();
        let marker_at = malay.get(cut).map_or(0, |(_, at)| *at);
        malay.truncate(cut);
        if let Some(at) = malay
            .iter()
            .position(|(w, _)| reader.yes_no_fronted.iter().any(|f| f.as_str() == *w))
        {
            let fronted = malay.remove(at);
            malay.insert(0, fronted);
        }
        malay.insert(0, (marker.as_str(), marker_at));
    }

    /// Drops the pack's `continuation_words` ("pula": "ekonomi pula?") that no dictionary phrase
    /// holds with the word before them ("apa pula"), and puts its `continuation_marker` ("dan")
    /// first, where a message that goes on from the last question starts. Words are (word,
    /// message token it came from); the marker keeps the position of the first word dropped.
    fn mark_continuation<'a>(&'a self, malay: &mut Vec<(&'a str, usize)>) {
        let reader = &self.data.reader;
        let Some(marker) = &reader.continuation_marker else {
            return;
        };
        let dictionary = &self.data.dictionary;
        let mut dropped: Option<usize> = None;
        let mut kept: Vec<(&'a str, usize)> = Vec::with_capacity(malay.len() + 1);
        for &(word, at) in malay.iter() {
            let continues = reader.continuation_words.iter().any(|c| c.as_str() == word)
                && !kept.last().is_some_and(|(before, _)| {
                    dictionary.contains_key(format!("{before} {word}").as_str())
                });
            if continues {
                dropped.get_or_insert(at);
            } else {
                kept.push((word, at));
            }
        }
        let Some(at) = dropped else {
            return;
        };
        if kept.is_empty() {
            return;
        }
        if kept.first().map(|(w, _)| *w) != Some(marker.as_str()) {
            kept.insert(0, (marker.as_str(), at));
        }
        *malay = kept;
    }

    /// English spellings a Malay loanword may come from, most likely first: its ending respelt
    /// (the pack's `loanword_endings`), with `k` read as `c` or `ch` (`teknologi` ← technology)
    /// and without, and with the consonant after the first vowel doubled as English often writes
    /// it (Malay writes one: `komuniti` ← community, `inovasi` ← innovation). A guess, to be kept
    /// only when the caller knows the English word (the engine checks its index); empty for short
    /// words and non-letters.
    pub fn loanword_guesses(&self, word: &str) -> Vec<String> {
        loanword_guesses(&self.data.reader.loanword_endings, word)
    }
}

/// [`Malay::loanword_guesses`] with `endings` (each: the Malay ending, then the English endings
/// it may respell).
fn loanword_guesses(endings: &[Vec<String>], word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return out;
    }
    for ending in endings {
        let Some((malay, englishes)) = ending.split_first() else {
            continue;
        };
        let Some(base) = word.strip_suffix(malay.as_str()) else {
            continue;
        };
        if base.len() < 3 {
            continue;
        }
        // the respelt stems, each once (a word without `k` has one or two)
        let mut bases = vec![base.to_string(), doubled(base)];
        if base.contains('k') {
            let c_for_k = base.replace('k', "c");
            bases.extend([doubled(&c_for_k), c_for_k, base.replace('k', "ch")]);
        }
        bases.dedup();
        for english in englishes {
            for base in &bases {
                let guess = format!("{base}{english}");
                if guess != word && !out.contains(&guess) {
                    out.push(guess);
                }
            }
        }
    }
    out
}

/// `base` with the first consonant after its first vowel doubled (`komun` → `kommun`), or `base`.
fn doubled(base: &str) -> String {
    let is_vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let bytes = base.as_bytes();
    let Some(vowel) = bytes.iter().position(|&b| is_vowel(b)) else {
        return base.to_string();
    };
    match (bytes.get(vowel + 1), bytes.get(vowel + 2)) {
        (Some(&c), Some(&after)) if !is_vowel(c) && is_vowel(after) => {
            let at = vowel + 1;
            format!(
                "{}{}",
                base.get(..=at).unwrap_or(base),
                base.get(at..).unwrap_or("")
            )
        }
        _ => base.to_string(),
    }
}

/// "65" → "65th", "1" → "1st", "22" → "22nd", "13" → "13th".
fn ordinal(number: &str) -> String {
    let last_two = number.get(number.len().saturating_sub(2)..).unwrap_or("");
    let suffix = if matches!(last_two, "11" | "12" | "13") {
        "th"
    } else {
        match number.chars().last() {
            Some('1') => "st",
            Some('2') => "nd",
            Some('3') => "rd",
            _ => "th",
        }
    };
    format!("{number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::malay;

    #[track_caller]
    fn check(text: &str, english: &str) {
        assert_eq!(malay().translate(text), english, "translate({text:?})");
    }

    #[test]
    fn translates_question_words_and_phrases_longest_first() {
        check(
            "Bilakah perjanjian perdagangan bebas dimuktamadkan?",
            "when free trade agreement concluded",
        );
        check(
            "Apa itu perkongsian strategik?",
            "what is strategic partnership",
        );
        check("Berapa lama lawatan itu?", "how long visit that");
        check("Apakah perkara utamanya?", "what main points");
        check("Di mana mereka bertemu?", "where they meet");
        check(
            "Siapakah Presiden Korea Selatan?",
            "who president south korea",
        );
        check(
            "Mengapa hubungan dua hala penting?",
            "why bilateral relations important",
        );
    }

    #[test]
    fn expands_chat_shorthand() {
        check("brp byk MoU ditandatangani?", "how many mou signed");
        check("bila FTA tu siap?", "when fta that finished");
        check("apa tu LEP", "what is lep");
        check(
            "malaysia ngn korea setuju apa pasal tenaga",
            "malaysia with korea agree what about energy",
        );
    }

    #[test]
    fn unknown_words_are_stemmed_or_pass_through() {
        // "menandatanganinya": not listed; its root "tandatangan" is
        check("menandatanganinya", "sign");
        // a passive di- of a listed active form
        check("ditangani", "address");
        // English and names pass through, in mixed messages too
        check("when FTA tu nak siap?", "when fta that want finished");
        check("Anwar Ibrahim", "anwar ibrahim");
        check(
            "apa yang diorang agree pasal defence",
            "what they agree about defence",
        );
    }

    #[test]
    fn pula_goes_on_from_the_last_question_as_and() {
        check("ekonomi pula?", "and economy");
        check("bila pulak?", "and when");
        check("bila pulak nak sign", "and when want sign");
        // a dictionary phrase keeps it: "what about"
        check("apa pula?", "what about");
        check("pula", "pula");
    }

    #[test]
    fn a_yes_no_question_marked_at_the_end_is_marked_at_the_start() {
        check("ekonomi halal ada tak?", "is there halal economy");
        check("Korea sokong Malaysia ke?", "is korea support malaysia");
        check("FTA dah siap ke belum", "is fta already finished");
        check("vaksin ada kerjasama x?", "is there vaccine cooperation");
        // a question word keeps its own reading; "tidak" inside a sentence is "not"
        check("kenapa tak setuju", "why not agree");
    }

    #[test]
    fn ordinals_and_reduplication() {
        check("ulang tahun ke-65", "anniversary 65th");
        check("negara-negara ASEAN", "country asean");
        check("kedua-dua pemimpin", "both leader");
        assert_eq!(ordinal("1"), "1st");
        assert_eq!(ordinal("12"), "12th");
        assert_eq!(ordinal("22"), "22nd");
        assert_eq!(ordinal("103"), "103rd");
    }

    #[test]
    fn each_english_token_names_the_words_it_translates() {
        let tokens =
            communique_core::text::tokenize("bila perjanjian perdagangan bebas dgn Jepun siap ke");
        let aligned = malay().to_english_aligned(&tokens);
        let span = |english: &str| {
            aligned
                .iter()
                .find(|a| a.word == english)
                .map(|a| tokens[a.from..a.to].join(" "))
        };
        assert_eq!(span("when").as_deref(), Some("bila"));
        assert_eq!(
            span("trade").as_deref(),
            Some("perjanjian perdagangan bebas")
        );
        assert_eq!(span("with").as_deref(), Some("dgn"));
        assert_eq!(span("japan").as_deref(), Some("jepun"));
        for a in &aligned {
            assert!(a.from < a.to && a.to <= tokens.len(), "{a:?}");
        }
    }

    #[test]
    fn loanwords_are_respelt_as_english() {
        let reader = malay();
        let has = |word: &str, english: &str| {
            assert!(
                reader.loanword_guesses(word).iter().any(|g| g == english),
                "{word} -> {:?}",
                reader.loanword_guesses(word)
            );
        };
        has("promosi", "promotion");
        has("universiti", "university");
        has("komuniti", "community");
        has("strategik", "strategic");
        has("teknologi", "technology");
        has("organisasi", "organisation");
        has("inovasi", "innovation");
        has("komersial", "commersial");
        assert!(reader.loanword_guesses("di").is_empty());
        assert!(reader.loanword_guesses("2025").is_empty());
    }

    #[test]
    fn empty_and_odd_input() {
        check("", "");
        check("???", "");
        check("ke", "to");
        check("tak", "not");
        check("ke ke ke", "is to");
    }

    #[test]
    fn a_typo_of_a_listed_word_is_read_as_that_word() {
        let malay = malay();
        let correct = |w: &str| malay.correct(w);
        let words = |list: &[&str]| Some(list.iter().map(|w| w.to_string()).collect::<Vec<_>>());
        // a letter left out, one doubled, two slips in a long word
        assert_eq!(correct("pertahann"), words(&["defence"]));
        assert_eq!(correct("pelancongn"), words(&["tourism"]));
        assert_eq!(correct("pertahanann"), words(&["defence"]));
        assert_eq!(correct("pelncongn"), words(&["tourism"]));
        // a listed word, a root word, a short word and a name are not typos
        assert_eq!(correct("pertahanan"), None);
        assert!(malay.data.roots.contains("tahan"));
        assert_eq!(correct("tahan"), None);
        assert_eq!(correct("pertahanan-"), None);
        assert_eq!(correct("kpop"), None);
        assert_eq!(correct("xyzzyq"), None);
    }

    #[test]
    fn a_typo_in_the_first_word_of_a_listed_phrase_is_read_as_the_phrase() {
        let malay = malay();
        assert_eq!(
            malay.translate("apa kata mereka tentang perubahn iklim"),
            malay.translate("apa kata mereka tentang perubahan iklim")
        );
        assert!(malay.translate("perubahn iklim").contains("climate"));
        // alone, or before words that make no phrase with it, it is not read as one
        assert_eq!(malay.translate("perubahn"), "perubahn");
        assert!(!malay.translate("perubahn kereta").contains("climate"));
    }
}
