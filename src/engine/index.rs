//! The search index built once from the knowledge: vocabulary, synonyms, concept postings.
//!
//! Text becomes a sequence of [`Term`]s: tokens are stemmed (Snowball English), multi-word synonyms
//! are matched longest first, single words are mapped to their synonym group's canonical form, and
//! filler words are dropped as [`Term::Generic`]. Facts and questions go through the same
//! [`Index::terms`], so they always meet on the same concepts. Unknown question words are corrected
//! against the known vocabulary with a bounded edit distance ([`Index::correct`]); exact lookups
//! come first and the fuzzy scan only runs for words no lookup knows, over words of similar length.

use std::cmp::Reverse;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::knowledge::{Fact, Knowledge, Language, StemmerName};
use crate::lexicon::{PartOfSpeech, Relation, WordClass};
use crate::text::tokenize;

/// How a word the statement never uses is read, with the language's lexicon.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// Grammar or chatter ("lol", "sister"): no topic at all.
    Chatter,
    /// A word related to one the statement uses ("job" → "role"), trusted this much.
    Related { concept: String, trust: f32 },
    /// A common word of little information, counting this much of a content word.
    General(f32),
    /// A word that could carry a topic of its own ("semiconductor").
    Content,
}

/// The least a common word the statement never uses counts, against a content word: it may be
/// what the question is about ("when was he *born*?").
const GENERAL_FLOOR: f32 = 1.0;

/// The least trust a related word needs to stand for a word the statement never uses.
const RELATED_MIN: f32 = 0.75;

/// How far a named place is trusted to stand for the whole it is part of.
const PLACE_TRUST: f32 = 0.8;

/// How much a common adjective or adverb the statement never uses counts.
const GENERAL_MODIFIER: f32 = 0.5;

/// How far a word of a concept's name is trusted to stand for the whole name.
const NAME_PART_TRUST: f32 = 0.8;

/// How many related words of an unknown word are tried.
const RELATED_TRIED: usize = 24;

/// One unit of meaning in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A concept the knowledge knows (the canonical stem of a synonym group, or a stem).
    Concept(String),
    /// A word that carries no topic ("the", "did", "tell").
    Generic,
    /// A word nothing in the knowledge uses (kept as typed, for the no-answer reply).
    Unknown(String),
}

/// How strongly each field of a fact speaks for a concept found in it.
const FIELD_KEYWORD: f32 = 1.0;
const FIELD_ANSWER: f32 = 0.8;
const FIELD_EXAMPLE: f32 = 0.8;
const FIELD_QUOTE: f32 = 0.5;
const FIELD_TOPIC: f32 = 0.5;

/// Shortest misspelling that may be corrected into a filler word.
const MIN_LEN_TO_FILLER: usize = 5;

/// A concept's postings: the facts that carry it and how strongly.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    pub idf: f32,
    pub facts: Vec<(usize, f32)>,
}

pub struct Index {
    /// The language the statement is written in: its question words, filler and stemmer.
    language: Arc<Language>,
    /// The Snowball stemmer; `None` for a language whose stemmer is not Snowball's (Malay:
    /// [`crate::malay::stem`]).
    stemmer: Option<Stemmer>,
    /// Stems of every word the knowledge uses, computed once while building: stemming is the
    /// costliest step of indexing, the same words recur across facts, and a question's known words
    /// then cost a lookup instead of the Snowball algorithm.
    stem_cache: HashMap<String, String>,
    /// Stem sequences of two or more words → canonical concept.
    phrases: HashMap<Vec<String>, String>,
    max_phrase: usize,
    /// Single stem → canonical concept (from synonym groups).
    singles: HashMap<String, String>,
    /// A stem that the knowledge only uses inside the name of one concept ("north" of "north
    /// korea") → that concept.
    name_parts: HashMap<String, String>,
    generic: HashSet<String>,
    /// Every known surface word with its [`char_mask`], bucketed by length in characters, for typo
    /// correction.
    by_len: Vec<Vec<(u64, String)>>,
    known_words: HashSet<String>,
    /// How many facts use each surface word (typo correction prefers the more used).
    word_facts: HashMap<String, u32>,
    pub concepts: HashMap<String, Postings>,
    /// Weight of a word no fact uses.
    pub unknown_weight: f32,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("concepts", &self.concepts.len())
            .field("phrases", &self.phrases.len())
            .field("known_words", &self.known_words.len())
            .finish()
    }
}

impl Index {
    pub fn build(knowledge: &Knowledge) -> Index {
        let language = Arc::clone(&knowledge.language);
        let stemmer = match language.info.stemmer {
            StemmerName::English => Some(Stemmer::create(Algorithm::English)),
            StemmerName::Malay => None,
        };
        let mut index = Index {
            language,
            stemmer,
            stem_cache: HashMap::default(),
            phrases: HashMap::default(),
            max_phrase: 1,
            singles: HashMap::default(),
            name_parts: HashMap::default(),
            generic: HashSet::default(),
            by_len: Vec::new(),
            known_words: HashSet::default(),
            word_facts: HashMap::default(),
            concepts: HashMap::default(),
            unknown_weight: 1.0,
        };
        index.add_synonyms(knowledge);
        let language = Arc::clone(&index.language);
        // The language's filler phrases are filler as a whole ("the two governments": its words
        // alone may name something, "local governments"); a statement's own generic names
        // ("United States") are generic word by word.
        for (word, own) in language
            .filler
            .iter()
            .map(|w| (w, false))
            .chain(knowledge.generic.iter().map(|w| (w, true)))
        {
            let tokens = tokenize(word);
            index.cache_stems(&tokens);
            index.known_words.extend(tokens.iter().cloned());
            if tokens.len() > 1 && !own {
                let stems = index.stems(&tokens);
                index.max_phrase = index.max_phrase.max(stems.len());
                index.phrases.entry(stems).or_default();
            } else {
                index.generic.extend(index.stems(&tokens));
            }
        }
        index.add_facts(knowledge);
        index.add_name_parts();
        let mut words: Vec<String> = index.known_words.iter().cloned().collect();
        words.sort();
        for word in words {
            let len = word.chars().count();
            if index.by_len.len() <= len {
                index.by_len.resize(len + 1, Vec::new());
            }
            if let Some(bucket) = index.by_len.get_mut(len) {
                bucket.push((char_mask(&word), word));
            }
        }
        index
    }

    /// The language's general synonym groups, then the statement's own (which win where they
    /// give a word another reading).
    fn add_synonyms(&mut self, knowledge: &Knowledge) {
        let language = Arc::clone(&self.language);
        for group in language.synonyms.iter().chain(&knowledge.synonyms) {
            let Some(first) = group.first() else { continue };
            let first_tokens = tokenize(first);
            self.cache_stems(&first_tokens);
            let canonical = self.stems(&first_tokens).join(" ");
            for entry in group {
                let tokens = tokenize(entry);
                self.cache_stems(&tokens);
                self.known_words.extend(tokens.iter().cloned());
                let stems = self.stems(&tokens);
                match stems.len() {
                    0 => {}
                    1 => {
                        if let Some(stem) = stems.into_iter().next() {
                            self.singles.insert(stem, canonical.clone());
                        }
                    }
                    n => {
                        self.max_phrase = self.max_phrase.max(n);
                        self.phrases.insert(stems, canonical.clone());
                    }
                }
            }
        }
    }

    /// Fills [`Index::name_parts`]: each stem of a multi-word concept's name that means nothing
    /// on its own, when it belongs to one concept only.
    fn add_name_parts(&mut self) {
        let mut owners: HashMap<&str, Option<&str>> = HashMap::default();
        for (stems, concept) in &self.phrases {
            if !self.concepts.contains_key(concept) {
                continue;
            }
            for stem in stems {
                if self.generic.contains(stem)
                    || self.concepts.contains_key(stem)
                    || self.singles.contains_key(stem)
                {
                    continue;
                }
                let owner = owners.entry(stem).or_insert(Some(concept));
                if *owner != Some(concept.as_str()) {
                    *owner = None;
                }
            }
        }
        self.name_parts = owners
            .into_iter()
            .filter_map(|(stem, owner)| Some((stem.to_string(), owner?.to_string())))
            .collect();
    }

    fn add_facts(&mut self, knowledge: &Knowledge) {
        let count = knowledge.facts.len();
        for (i, fact) in knowledge.facts.iter().enumerate() {
            let mut weights: HashMap<String, f32> = HashMap::default();
            let topic_title = knowledge
                .topic(&fact.topic)
                .map(|t| t.title.as_str())
                .unwrap_or("");
            let mut words: HashSet<String> = HashSet::default();
            for (text, weight) in fact_fields(fact, topic_title) {
                let tokens = tokenize(text);
                self.cache_stems(&tokens);
                self.known_words.extend(tokens.iter().cloned());
                words.extend(tokens.iter().cloned());
                for term in self.terms_of(&tokens, true) {
                    if let Term::Concept(c) = term {
                        let slot = weights.entry(c).or_insert(0.0);
                        *slot = slot.max(weight);
                    }
                }
            }
            for word in words {
                *self.word_facts.entry(word).or_insert(0) += 1;
            }
            let mut sorted: Vec<(String, f32)> = weights.into_iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            for (concept, weight) in sorted {
                self.concepts
                    .entry(concept)
                    .or_default()
                    .facts
                    .push((i, weight));
            }
        }
        let n = count.max(1) as f32;
        for postings in self.concepts.values_mut() {
            postings.idf = (1.0 + n / postings.facts.len().max(1) as f32).ln();
        }
        self.unknown_weight = (1.0 + n).ln();
    }

    pub fn stem(&self, token: &str) -> String {
        if let Some(stem) = self.stem_cache.get(token) {
            return stem.clone();
        }
        self.compute_stem(token)
    }

    fn compute_stem(&self, token: &str) -> String {
        if token.chars().any(|c| c.is_ascii_digit()) {
            return token.to_string();
        }
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(token).into_owned(),
            None => crate::malay::stem(token),
        }
    }

    /// Computes and remembers the stems of `tokens` for later lookups (building only).
    fn cache_stems(&mut self, tokens: &[String]) {
        for token in tokens {
            if !self.stem_cache.contains_key(token.as_str()) {
                let stem = self.compute_stem(token);
                self.stem_cache.insert(token.clone(), stem);
            }
        }
    }

    fn stems(&self, tokens: &[String]) -> Vec<String> {
        tokens.iter().map(|t| self.stem(t)).collect()
    }

    /// Whether the index knows `token` as it is (no correction needed).
    pub fn knows(&self, token: &str) -> bool {
        if self.known_words.contains(token) {
            return true;
        }
        let stem = self.stem(token);
        self.generic.contains(&stem)
            || self.singles.contains_key(&stem)
            || self.concepts.contains_key(&stem)
    }

    /// The known word closest to an unknown `token`, within an edit distance that grows with the
    /// word's length (none for three letters or fewer, except for question words).
    pub fn correct(&self, token: &str) -> Option<String> {
        let len = token.chars().count();
        if token.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // Question words are corrected even when short ("wat", "whn", "wich").
        let question_word = self.language.question.words.iter().find(|q| {
            strsim::osa_distance(token, q) <= 1 && q.chars().next() == token.chars().next()
        });
        if let Some(q) = question_word {
            return Some(q.clone());
        }
        if len <= 3 {
            return None;
        }
        // A word English has is not a typo ("born" is not "bore"); a word it lacks is one, and may
        // even be a misspelt filler word ("meny" for "many").
        let lexicon = self.language.lexicon.as_ref().and_then(|l| l.lexicon());
        if lexicon.is_some_and(|l| l.knows(token)) {
            return None;
        }
        // A form English may have ("handed", read as hand + -ed) is only corrected into a word
        // with its first letter: "sined" is "signed", "handed" is not "landed".
        let maybe_english = lexicon.is_some_and(|l| !l.lemmas(token).is_empty());
        let english_lacks_it = lexicon.is_some() && !maybe_english;
        let max = if len >= 9 { 2 } else { 1 };
        let mask = char_mask(token);
        let mut best: Option<(usize, bool, Reverse<u32>, &String)> = None;
        for bucket_len in len.saturating_sub(max)..=len + max {
            let Some(bucket) = self.by_len.get(bucket_len) else {
                continue;
            };
            for (word_mask, word) in bucket {
                // One edit changes the set of characters by at most two: most words are ruled out
                // here, without the quadratic distance.
                if (mask ^ word_mask).count_ones() as usize > 2 * max {
                    continue;
                }
                let d = strsim::osa_distance(token, word);
                if d > max {
                    continue;
                }
                // Closest first, then one that keeps the first letter, then the word the statement
                // uses most ("vist" is "visit", not "visa").
                let same_start = word.chars().next() == token.chars().next();
                let used = Reverse(self.word_facts.get(word).copied().unwrap_or(0));
                let key = (d, !same_start, used, word);
                if best.is_none_or(|(bd, bs, bu, bw)| key < (bd, !bs, bu, bw)) {
                    best = Some((d, same_start, used, word));
                }
            }
        }
        // Correcting into a filler word would silently drop a word the statement may not know
        // ("king" is not a typo of "kind"), so short words are only corrected into content words.
        best.filter(|(_, same_start, _, _)| *same_start || !maybe_english)
            .map(|(_, _, _, w)| w.clone())
            .filter(|w| len >= MIN_LEN_TO_FILLER || english_lacks_it || !self.is_generic_word(w))
    }

    /// The language pack the index reads questions with.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// Whether `word` is a filler word (no topic of its own).
    pub fn is_generic_word(&self, word: &str) -> bool {
        let stem = self.stem(word);
        !self.singles.contains_key(&stem)
            && (self.generic.contains(&stem) || self.generic.contains(word))
    }

    /// Maps question tokens to terms: phrases first (longest match), then single synonyms, generic
    /// words, known concepts; anything else is unknown.
    pub fn terms(&self, tokens: &[String]) -> Vec<Term> {
        self.terms_of(tokens, false)
    }

    /// [`Index::terms`]; with `open`, every stem that is not generic is a concept (for indexing).
    fn terms_of(&self, tokens: &[String], open: bool) -> Vec<Term> {
        let stems = self.stems(tokens);
        let mut out = Vec::with_capacity(stems.len());
        let mut i = 0;
        while i < stems.len() {
            let mut matched = false;
            let longest = self.max_phrase.min(stems.len() - i);
            for n in (2..=longest).rev() {
                if let Some(concept) = stems.get(i..i + n).and_then(|key| self.phrases.get(key)) {
                    // A filler phrase maps to no concept.
                    out.push(if concept.is_empty() {
                        Term::Generic
                    } else {
                        Term::Concept(concept.clone())
                    });
                    i += n;
                    matched = true;
                    break;
                }
            }
            if matched {
                continue;
            }
            let (Some(stem), Some(raw)) = (stems.get(i), tokens.get(i)) else {
                break;
            };
            // A lone letter ("n" for "and", the "s" of "what's") names nothing.
            let lone_letter = raw.len() == 1 && raw.bytes().all(|b| b.is_ascii_alphabetic());
            let term = if let Some(concept) = self.singles.get(stem) {
                Term::Concept(concept.clone())
            } else if lone_letter || self.generic.contains(stem) || self.generic.contains(raw) {
                Term::Generic
            } else if open || self.concepts.contains_key(stem) {
                Term::Concept(stem.clone())
            } else {
                Term::Unknown(raw.clone())
            };
            out.push(term);
            i += 1;
        }
        out
    }

    /// Reads a word the statement never uses through the language's lexicon (without one, every
    /// such word is content). `as_a_place`: the word names where something happens ("visit
    /// *Kuala Lumpur*"), so a named place does not stand for its country.
    pub fn read_unknown(&self, word: &str, as_a_place: bool) -> Reading {
        // "the north's missiles": a word of one concept's name stands for it.
        if let Some(concept) = self.name_parts.get(&self.stem(word)) {
            return Reading::Related {
                concept: concept.clone(),
                trust: NAME_PART_TRUST,
            };
        }
        let Some(lexicon) = self.language.lexicon.as_ref().and_then(|l| l.lexicon()) else {
            return Reading::Content;
        };
        // The word's own line (grammar, chatter) or its most general base form, looked up once.
        let Some(entry) = lexicon.base_entry(word) else {
            return Reading::Content;
        };
        // Grammar and chat words carry no topic; but a chatter *noun* inside a question is what
        // it asks about ("Yoon's *wife*"), the asker's own ("*my* sister") being dropped before.
        let noun = entry.is(PartOfSpeech::Noun);
        let verb = entry.is(PartOfSpeech::Verb);
        match entry.class {
            WordClass::Function => return Reading::Chatter,
            WordClass::Chatter if !noun => return Reading::Chatter,
            _ => {}
        }
        // Its base form, or the closest related word, that the statement uses.
        if entry.key != word
            && let Some(concept) = self.single_concept(entry.key)
        {
            return Reading::Related {
                concept,
                trust: 1.0,
            };
        }
        // A named place stands for the whole it is part of ("Putrajaya" → Malaysia); any other
        // word only for a close relative (a synonym or derivation of a frequent sense), since a
        // loose link would let a question about something else borrow a fact's words.
        let named = !as_a_place && entry.related().any(|r| r.relation == Relation::InstanceOf);
        let mut best: Option<(String, f32)> = None;
        for related in entry.related().take(RELATED_TRIED) {
            let trust = match related.relation {
                Relation::PartOf if named => PLACE_TRUST,
                _ => related.weight(),
            };
            if trust < RELATED_MIN || best.as_ref().is_some_and(|(_, t)| *t >= trust) {
                continue;
            }
            let Some(concept) = self.single_concept(related.lemma) else {
                continue;
            };
            // A common word ("place" for "invest") says too little to stand for anything.
            if lexicon.class(related.lemma) == WordClass::Content {
                best = Some((concept, trust));
            }
        }
        match (best, entry.class) {
            (Some((concept, trust)), _) => Reading::Related { concept, trust },
            // A common modifier ("small", "really") rarely is what a question is about.
            (None, WordClass::General) if !noun && !verb => Reading::General(GENERAL_MODIFIER),
            (None, WordClass::General) => Reading::General(entry.weight.max(GENERAL_FLOOR)),
            (None, _) => Reading::Content,
        }
    }

    /// The one concept a lemma of the lexicon stands for in this statement, if it stands for
    /// exactly one (and nothing unknown).
    fn single_concept(&self, lemma: &str) -> Option<String> {
        let mut concept = None;
        for term in self.terms(&tokenize(lemma)) {
            match term {
                Term::Generic => {}
                Term::Unknown(_) => return None,
                Term::Concept(c) if concept.is_none() => concept = Some(c),
                Term::Concept(_) => return None,
            }
        }
        concept
    }

    /// Weight of a concept in a question: rare concepts count more.
    pub fn weight(&self, term: &Term) -> f32 {
        match term {
            Term::Concept(c) => self
                .concepts
                .get(c)
                .map(|p| p.idf)
                .unwrap_or(self.unknown_weight),
            // A number the statement never uses ("in 2026") rules a fact out more than a word does.
            Term::Unknown(w) if w.chars().any(|c| c.is_ascii_digit()) => 2.0 * self.unknown_weight,
            Term::Unknown(_) => self.unknown_weight,
            Term::Generic => 0.0,
        }
    }
}

/// The set of characters of `word`, each hashed to one of 64 bits. An insertion, deletion or
/// substitution changes the set by at most two bits and a transposition by none, so two words within
/// edit distance `d` differ in at most `2 * d` bits (shared bits only make the test looser).
fn char_mask(word: &str) -> u64 {
    word.chars()
        .fold(0, |mask, c| mask | 1u64 << (u32::from(c) % 64))
}

/// The texts of a fact that are indexed, with how strongly each speaks for the fact.
fn fact_fields<'a>(fact: &'a Fact, topic_title: &'a str) -> Vec<(&'a str, f32)> {
    let mut fields = vec![
        (fact.label.as_str(), FIELD_KEYWORD),
        (fact.answer.as_str(), FIELD_ANSWER),
    ];
    fields.extend(fact.keywords.iter().map(|k| (k.as_str(), FIELD_KEYWORD)));
    fields.extend(fact.items.iter().map(|i| (i.label.as_str(), FIELD_KEYWORD)));
    if let Some(person) = &fact.person {
        fields.push((person.as_str(), FIELD_KEYWORD));
    }
    fields.extend(fact.examples.iter().map(|e| (e.as_str(), FIELD_EXAMPLE)));
    if let Some(quote) = &fact.quote {
        fields.push((quote.as_str(), FIELD_QUOTE));
    }
    fields.push((topic_title, FIELD_TOPIC));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::build(&Knowledge::embedded().unwrap())
    }

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
    }

    #[test]
    fn a_filler_phrase_is_filler_as_a_whole_but_its_words_are_not() {
        let index = index();
        assert!(
            index
                .terms(&words("the two governments"))
                .iter()
                .all(|t| *t == Term::Generic)
        );
        assert!(
            index
                .terms(&words("local governments"))
                .iter()
                .any(|t| matches!(t, Term::Concept(_)))
        );
    }

    #[test]
    fn a_word_of_one_concepts_name_stands_for_it() {
        let index = index();
        let Reading::Related { concept, trust } = index.read_unknown("north", false) else {
            panic!("'north' should stand for the concept it names a part of");
        };
        assert_eq!(index.terms(&words("north korea")), [Term::Concept(concept)]);
        assert!(trust < 1.0);
    }
}
