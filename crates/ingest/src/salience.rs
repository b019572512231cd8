//! How much a word or phrase says about one sentence rather than the whole statement.
//!
//! Candidate phrases are found the RAKE way: a sentence is cut at punctuation, filler words (the
//! language pack's, which the engine ignores too) and reporting verbs ("welcome", "reaffirm"); what
//! remains are content phrases ("critical minerals action plan"). A word weighs its inverse
//! sentence frequency in the statement, so a phrase the statement uses once outranks one it
//! repeats everywhere (the parties' names). Everything is computed on stems, as the engine matches.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::places::word_spans;
use communique_core::text::tokenize;

/// A content phrase of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// As written.
    pub text: String,
    /// Stems of its words.
    pub stems: Vec<String>,
    pub score: f32,
    /// Whether it starts with a capital (a name).
    pub proper: bool,
}

/// Word statistics of one statement.
pub struct Salience {
    stemmer: Stemmer,
    filler: HashSet<String>,
    /// Words that frame a claim rather than carry it ("welcome", "reaffirm"): they end a phrase.
    frame_words: HashSet<String>,
    /// Per stem, how many sentences use it.
    frequency: HashMap<String, usize>,
    sentences: usize,
    /// Stems that name no particular fact (parties, leaders): they weigh nothing.
    general: HashSet<String>,
}

impl std::fmt::Debug for Salience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Salience")
            .field("stems", &self.frequency.len())
            .field("sentences", &self.sentences)
            .finish()
    }
}

impl Salience {
    /// Statistics over `sentences`, with `filler` the words that carry no topic, `frame_words` the
    /// words that end a phrase (lowercase) and `general` the words of the parties' and leaders'
    /// names.
    pub fn new(
        sentences: &[&str],
        filler: &[String],
        frame_words: &[String],
        general: &[String],
    ) -> Salience {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut salience = Salience {
            stemmer,
            filler: filler.iter().map(|w| w.to_lowercase()).collect(),
            frame_words: frame_words.iter().cloned().collect(),
            frequency: HashMap::new(),
            sentences: sentences.len().max(1),
            general: HashSet::new(),
        };
        salience.general = general.iter().flat_map(|g| salience.stems(g)).collect();
        for sentence in sentences {
            let unique: HashSet<String> = salience.stems(sentence).into_iter().collect();
            for stem in unique {
                *salience.frequency.entry(stem).or_insert(0) += 1;
            }
        }
        salience
    }

    /// The stems of the content words of `text`.
    pub fn stems(&self, text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| !self.filler.contains(t))
            .map(|t| self.stem(&t))
            .collect()
    }

    pub fn stem(&self, token: &str) -> String {
        if token.chars().any(|c| c.is_ascii_digit()) {
            return token.to_string();
        }
        self.stemmer.stem(token).into_owned()
    }

    /// How much `stem` says about the sentence it is in: inverse sentence frequency.
    pub fn weight(&self, stem: &str) -> f32 {
        if self.general.contains(stem) {
            return 0.0;
        }
        let n = self.sentences as f32;
        let f = self.frequency.get(stem).copied().unwrap_or(1).max(1) as f32;
        (1.0 + n / f).ln()
    }

    /// Whether `word` (any case) is a filler word.
    pub fn is_filler(&self, word: &str) -> bool {
        tokenize(word).iter().all(|t| self.filler.contains(t))
    }

    /// The content phrases of `sentence`, best first (ties in text order).
    pub fn phrases(&self, sentence: &str) -> Vec<Phrase> {
        let mut out: Vec<Phrase> = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut words = 0;
        let mut flush = |start: &mut Option<usize>, end: usize, words: &mut usize| {
            if let Some(s) = start.take()
                && let Some(text) = sentence.get(s..end)
            {
                self.push_phrase(text, &mut out);
            }
            *words = 0;
        };
        for range in word_spans(sentence) {
            let Some(word) = sentence.get(range.clone()) else {
                continue;
            };
            let gap = start.map_or("", |_| sentence.get(end..range.start).unwrap_or(""));
            // ("85,000": a comma between digits groups a number's thousands, it ends no phrase)
            let thousands = gap == ","
                && sentence
                    .get(..range.start.saturating_sub(1))
                    .is_some_and(|before| before.ends_with(|c: char| c.is_ascii_digit()))
                && word.starts_with(|c: char| c.is_ascii_digit());
            let breaks = !thousands && gap.chars().any(|c| !(c == ' ' || c == '-' || c == '\''));
            let lower = word.to_lowercase();
            let stop = self.is_filler(word)
                || self.frame_words.contains(&lower)
                || word.chars().all(|c| !c.is_alphanumeric());
            if breaks || stop || words >= 5 {
                flush(&mut start, end, &mut words);
            }
            if !stop {
                start.get_or_insert(range.start);
                end = range.end;
                words += 1;
            }
        }
        flush(&mut start, end, &mut words);
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut seen = HashSet::new();
        out.retain(|p| seen.insert(p.stems.clone()));
        out
    }

    fn push_phrase(&self, text: &str, out: &mut Vec<Phrase>) {
        let text = text.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')');
        let text = text.trim_end_matches('.');
        let stems = self.stems(text);
        if stems.is_empty() || stems.iter().all(|s| s.chars().all(|c| !c.is_alphabetic())) {
            return;
        }
        let score: f32 = stems.iter().map(|s| self.weight(s)).sum();
        if score <= 0.0 {
            return;
        }
        out.push(Phrase {
            text: text.to_string(),
            stems,
            score,
            proper: text.starts_with(|c: char| c.is_uppercase()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler() -> Vec<String> {
        [
            "the", "and", "to", "of", "a", "two", "leaders", "on", "commit", "work", "together",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn rare_phrases_outrank_common_ones() {
        let sentences = [
            "The two leaders commit to develop a critical minerals action plan.",
            "The two leaders welcome Indonesia's leadership.",
            "Indonesia and the United States commit to work together on trade.",
        ];
        let general = vec!["Indonesia".to_string(), "United States".to_string()];
        let frame = ["welcome".to_string()];
        let s = Salience::new(&sentences, &filler(), &frame, &general);
        let phrases = s.phrases(sentences[0]);
        assert_eq!(
            phrases[0].text,
            "develop a critical minerals action plan".replace("develop a ", "")
        );
        let third = s.phrases(sentences[2]);
        assert_eq!(third[0].text, "trade", "the parties weigh nothing");
    }

    #[test]
    fn a_number_with_thousands_is_one_word_of_a_phrase() {
        let sentences = ["They thanked around 85,000 seafarers serving on ships."];
        let s = Salience::new(&sentences, &filler(), &[], &[]);
        let texts: Vec<String> = s
            .phrases(sentences[0])
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(
            texts.iter().all(|t| !t.starts_with("000")),
            "85,000 is not cut at its comma: {texts:?}"
        );
    }
}
