//! The search index built once from the knowledge: vocabulary, synonyms, concept postings.
//!
//! Text becomes a sequence of [`Term`]s: tokens are stemmed (Snowball English), multi-word synonyms
//! are matched longest first, single words are mapped to their synonym group's canonical form, and
//! filler words are dropped as [`Term::Generic`]. Facts and questions go through the same
//! [`Index::terms`], so they always meet on the same concepts. Unknown question words are corrected
//! against the known vocabulary with a bounded edit distance ([`Index::correct`]); exact lookups
//! come first, and the words near an unknown one are looked up in a deletion index
//! ([`super::spelling`]), not scanned.
//!
//! The words of the language pack (its synonym groups and filler words, their stems and their
//! deletion index) are the same for every statement written in it: they are read once into a
//! [`LanguageIndex`] that every statement's index shares, and each index holds only its
//! statement's own words on top. Lookups ask the statement's own words first, so a statement's
//! synonym group wins over the language's where they differ (as if added after them).

use std::borrow::Cow;
use std::cmp::Reverse;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use std::sync::{Arc, OnceLock, RwLock};

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::knowledge::{Fact, Knowledge, Language, SynonymGroup, in_order};
use crate::lang::{Lang, Toolkit, Translator};
use crate::lexicon::{PartOfSpeech, Relation, WordClass};
use crate::numbers;
use crate::text::{fold, token_slices, tokenize};

use super::parties::Places;
use super::spelling::Spelling;

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

/// A word this common in general use (Zipf frequency: log10 of uses per billion words; "vaccine"
/// 4.3) or rarer counts fully against an answer when the statement never uses it.
const RARE_ZIPF: f32 = 4.0;

/// A word this common ("came" 5.5, "body" 5.4) or more counts only [`COMMON_FLOOR`] of a content
/// word; between the two, linearly less ("sending" 4.6: 0.7).
const COMMON_ZIPF: f32 = 5.5;

/// What the most common words still count: a question may be about one ("when was he *born*?").
const COMMON_FLOOR: f32 = 0.25;

/// How far a word of a concept's name is trusted to stand for the whole name.
const NAME_PART_TRUST: f32 = 0.8;

/// How many related words of an unknown word are tried.
const RELATED_TRIED: usize = 24;

pub use crate::term::Term;

/// How strongly each field of a fact speaks for a concept found in it.
const FIELD_KEYWORD: f32 = 1.0;
const FIELD_ANSWER: f32 = 0.8;
const FIELD_EXAMPLE: f32 = 0.8;
const FIELD_QUOTE: f32 = 0.5;
const FIELD_TOPIC: f32 = 0.5;

/// Shortest misspelling that may be corrected into a filler word.
const MIN_LEN_TO_FILLER: usize = 5;

/// The shortest token read as two glued words, and the shortest part of one.
const UNGLUE_MIN: usize = 6;
const UNGLUE_PART: usize = 2;

/// The shortest token read as a blend of two consecutive words of a name the statement uses
/// ("jokowi": *joko* + *wi*dodo), the shortest part taken from the first word (unless it is all of
/// it) and from the second.
const BLEND_MIN: usize = 5;
const BLEND_HEAD: usize = 3;
const BLEND_TAIL: usize = 2;

/// How many letters a token read as the initials of a name the statement uses may have ("kl":
/// Kuala Lumpur).
const INITIALS: std::ops::RangeInclusive<usize> = 2..=4;

/// The most words of a name an answer writes out whose run of words initials may stand for
/// ("mou": the *M*emorandum *o*f *U*nderstanding of "Memorandum of Understanding on Halal
/// Cooperation").
const MAX_NAME_WORDS: usize = 8;

/// Words of this many characters or more are corrected within two edits (shorter ones within one).
const TWO_EDITS_FROM: usize = 9;

/// A concept's postings: the facts that carry it and how strongly.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Postings {
    pub idf: f32,
    /// The idf over the facts that say the concept themselves, not only through their topic's
    /// title: what tells whether a concept is common enough to name no particular fact.
    pub own_idf: f32,
    pub facts: Vec<(usize, f32)>,
}

/// The words of one layer of an index: the language's (shared) or a statement's own. A
/// snapshot ([`LanguageLayer`], [`IndexLayer`]) keeps all of it, the typo index filed; words
/// indexed at run time file their typo index on first use.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Words {
    /// Stems of every word this layer uses, computed once while building: stemming is the
    /// costliest step of indexing, the same words recur across facts, and a question's known words
    /// then cost a lookup instead of the Snowball algorithm.
    #[serde(serialize_with = "in_order::map")]
    stem_cache: HashMap<String, String>,
    /// Stem sequences of two or more words → canonical concept.
    #[serde(with = "in_order::pairs")]
    phrases: HashMap<Vec<String>, String>,
    /// The first stem of each phrase → the most words a phrase starting with it has (most stems
    /// start none, and are not looked up as phrases at all).
    #[serde(serialize_with = "in_order::map")]
    phrase_starts: HashMap<String, usize>,
    /// Single stem → canonical concept (from synonym groups).
    #[serde(serialize_with = "in_order::map")]
    singles: HashMap<String, String>,
    #[serde(serialize_with = "in_order::set")]
    generic: HashSet<String>,
    #[serde(serialize_with = "in_order::set")]
    known_words: HashSet<String>,
    /// The known words filed for typo correction, the first time a word needs correcting (most
    /// statements of a large library never do, and filing costs a tenth of building the index);
    /// a snapshot keeps it filed ([`Words::filed`]).
    #[serde(with = "numbers::once")]
    spelling: OnceLock<Spelling>,
}

/// What a [`LanguageIndex`] holds beyond its language pack and toolkit, as a snapshot of the
/// built-in knowledge keeps it (see [`LanguageIndex::layer`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct LanguageLayer {
    lang: Lang,
    words: Words,
    intent_patterns: Vec<Vec<Vec<String>>>,
}

/// What an [`Index`] holds beyond its knowledge and shared layer, as a snapshot of the built-in
/// knowledge keeps it (see [`Index::layer`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct IndexLayer {
    own: Words,
    #[serde(serialize_with = "in_order::map")]
    name_parts: HashMap<String, String>,
    #[serde(serialize_with = "in_order::map")]
    word_facts: HashMap<String, u32>,
    #[serde(serialize_with = "in_order::map")]
    concepts: HashMap<String, Postings>,
    unknown_weight: f32,
    names: Vec<String>,
    written_names: Vec<String>,
}

impl Words {
    /// These words with their typo index filed, as a snapshot keeps them: filing is most of what
    /// a process answering many questions builds at start-up beyond the snapshot.
    fn filed(&self) -> Words {
        self.spelling();
        self.clone()
    }

    /// The known words filed for typo correction.
    fn spelling(&self) -> &Spelling {
        self.spelling.get_or_init(|| {
            Spelling::new(self.known_words.iter().map(String::as_str), TWO_EDITS_FROM)
        })
    }
}

/// Per intent, its small-talk patterns, each as tokens.
type IntentPatterns = Vec<Vec<Vec<String>>>;

/// What every statement written in one language shares: the language pack's synonym groups and
/// filler words, read into an index layer once, its stemmer, and the translators that read other
/// languages into it. Build it once per language and hand it to
/// [`super::Engine::with_language`]; an engine built alone builds its own.
#[derive(Debug)]
pub struct LanguageIndex {
    language: Arc<Language>,
    /// The language's code.
    lang: Lang,
    stemmer: Stemming,
    /// The translators of the toolkit that read another language as this one.
    translators: Vec<Arc<dyn Translator>>,
    words: Words,
    /// The language's small-talk patterns, as token lists (per intent, per pattern).
    pub(super) intent_patterns: Vec<Vec<Vec<String>>>,
    /// Statements' small-talk patterns filed for matching, by their token lists: statements
    /// with the same patterns (the language's own, or drafts of one template) share them.
    small_talk: std::sync::Mutex<HashMap<IntentPatterns, Arc<super::small_talk::Patterns>>>,
    /// The pack's places, read on the first question that may name one.
    places: OnceLock<Places>,
    /// Stems of words no statement's index files, as questions bring them.
    stems: Memo<String>,
    /// Where the lexicon entry that speaks for a word starts ([`LanguageIndex::base_entry`]), as
    /// questions bring the words: finding it is several searches of the lexicon.
    base_entries: Memo<Option<u32>>,
}

/// What one [`Memo`] keeps at most; a full memo starts again empty (so a long-running bot keeps
/// the words of late, and memory stays bounded whatever it is asked).
const MEMO_MAX: usize = 1 << 12;

/// Results of a pure function of a word, kept as questions bring the words: stemming (Snowball
/// costs a few thousand instructions a word), typo correction and reading a word through the
/// lexicon (tens of thousands) cost far more than a lookup, and the same words come back
/// question after question. Nothing it keeps changes an answer: a miss computes the same value.
struct Memo<V>(RwLock<HashMap<Box<str>, V>>);

impl<V> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo(RwLock::new(HashMap::default()))
    }
}

impl<V: Clone> Memo<V> {
    /// The value for `key`: remembered, or `compute`d and remembered.
    fn get_or(&self, key: &str, compute: impl FnOnce() -> V) -> V {
        if let Ok(memo) = self.0.read()
            && let Some(value) = memo.get(key)
        {
            return value.clone();
        }
        let value = compute();
        if let Ok(mut memo) = self.0.write() {
            if memo.len() >= MEMO_MAX {
                memo.clear();
            }
            memo.insert(Box::from(key), value.clone());
        }
        value
    }
}

impl<V> Memo<V> {
    /// `read` of the value for `key`: remembered, or `compute`d and remembered (no copy of
    /// the value).
    fn with<R>(&self, key: &str, compute: impl FnOnce() -> V, read: impl FnOnce(&V) -> R) -> R {
        if let Ok(memo) = self.0.read()
            && let Some(value) = memo.get(key)
        {
            return read(value);
        }
        let value = compute();
        let out = read(&value);
        if let Ok(mut memo) = self.0.write() {
            if memo.len() >= MEMO_MAX {
                memo.clear();
            }
            memo.insert(Box::from(key), value);
        }
        out
    }
}

impl<V> std::fmt::Debug for Memo<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.0.read().map_or(0, |memo| memo.len());
        write!(f, "Memo({len} words)")
    }
}

impl LanguageIndex {
    /// The shared layer of `language`, with the stemmer and translators `toolkit` gives it.
    pub fn new(language: &Arc<Language>, toolkit: &Toolkit) -> LanguageIndex {
        let stemmer = Stemming::for_language(language, toolkit);
        let lang = language.info.code;
        let translators = toolkit.translators_into(lang).cloned().collect();
        let mut words = Words::default();
        words.add_synonyms(&language.synonyms, &stemmer, None);
        words.add_generic(&language.filler, Generic::Phrases, &stemmer, None);
        let intent_patterns = language.intents.iter().map(intent_patterns).collect();
        LanguageIndex {
            language: Arc::clone(language),
            lang,
            stemmer,
            translators,
            words,
            intent_patterns,
            small_talk: Default::default(),
            places: OnceLock::new(),
            stems: Memo::default(),
            base_entries: Memo::default(),
        }
    }

    /// `intent_patterns` filed for matching, once for every statement that has the same.
    pub(super) fn small_talk(
        &self,
        intent_patterns: IntentPatterns,
    ) -> Arc<super::small_talk::Patterns> {
        let file =
            |patterns: &[Vec<Vec<String>>]| Arc::new(super::small_talk::Patterns::new(patterns));
        // (a lock poisoned by a panicking builder: the patterns are filed afresh, unshared)
        let Ok(mut filed) = self.small_talk.lock() else {
            return file(&intent_patterns);
        };
        if let Some(patterns) = filed.get(&intent_patterns) {
            return Arc::clone(patterns);
        }
        let patterns = file(&intent_patterns);
        filed.insert(intent_patterns, Arc::clone(&patterns));
        patterns
    }

    /// This layer as a snapshot keeps it; `None` when its stemmer is not the core's own (a
    /// language crate's stemmer may stem otherwise in another build).
    pub fn layer(&self) -> Option<LanguageLayer> {
        self.stemmer.is_snowball().then(|| LanguageLayer {
            lang: self.lang,
            words: self.words.filed(),
            intent_patterns: self.intent_patterns.clone(),
        })
    }

    /// The shared layer of `language` from a snapshot's `layer`, with the translators `toolkit`
    /// gives it: the layer [`LanguageIndex::new`] builds, unbuilt. `None` when `layer` is of
    /// another language or the language's stemmer is not the core's own.
    pub fn from_layer(
        layer: LanguageLayer,
        language: &Arc<Language>,
        toolkit: &Toolkit,
    ) -> Option<LanguageIndex> {
        let stemmer = Stemming::for_language(language, toolkit);
        if layer.lang != language.info.code || !stemmer.is_snowball() {
            return None;
        }
        Some(LanguageIndex {
            language: Arc::clone(language),
            lang: layer.lang,
            stemmer,
            translators: toolkit.translators_into(layer.lang).cloned().collect(),
            words: layer.words,
            intent_patterns: layer.intent_patterns,
            small_talk: Default::default(),
            places: OnceLock::new(),
            stems: Memo::default(),
            base_entries: Memo::default(),
        })
    }

    /// The lexicon entry that speaks for `word` ([`crate::lexicon::Lexicon::base_entry`]):
    /// remembered, or looked up and remembered.
    pub fn base_entry(&self, word: &str) -> Option<crate::lexicon::Entry<'_>> {
        let lexicon = self.language.lexicon()?;
        let offset = self.base_entries.get_or(word, || {
            let entry = lexicon.base_entry(word)?;
            u32::try_from(lexicon.offset_of(&entry)?).ok()
        })?;
        lexicon.entry_at(offset as usize)
    }

    /// The stem of a word no index files: remembered, or computed and remembered.
    fn stem_unfiled(&self, token: &str) -> String {
        self.stems.get_or(token, || self.stemmer.stem(token))
    }

    /// Reads the language pack's places now, rather than on the first question that may name
    /// one: a loader does it on a spare core while the statements' engines are being built.
    pub fn warm_up(&self) {
        self.places();
    }

    /// The language pack's places (countries and organisations), read on first use.
    pub(super) fn places(&self) -> &Places {
        self.places.get_or_init(|| Places::of(&self.language))
    }

    /// The language pack read.
    pub fn language(&self) -> &Arc<Language> {
        &self.language
    }

    /// The translator that reads messages of other languages as this one (the first the toolkit
    /// gave, if any).
    pub fn translator(&self) -> Option<&Arc<dyn Translator>> {
        self.translators.first()
    }

    /// The language's code, as its pack gives it.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// An intent's patterns as token lists (empty ones left out).
pub(super) fn intent_patterns(intent: &crate::knowledge::Intent) -> Vec<Vec<String>> {
    intent
        .patterns
        .iter()
        .map(|p| tokenize(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// A language's stemmer ([`Rule`]) and the pack's exceptions to it: words whose stem the pack
/// gives because the rule would merge them with an unrelated word ("important" is not "import").
#[derive(Debug)]
struct Stemming {
    rule: Rule,
    exceptions: HashMap<Box<str>, Box<str>>,
}

/// A stemming rule: one of Snowball's, built in, or one a language crate gave in the toolkit;
/// words stay as they are when the pack names neither (the front end's loader refuses such a
/// pack: [`stemmer_known`]).
enum Rule {
    /// Snowball's algorithm, with the stems worked out at build time for the words of the
    /// embedded knowledge when there are some for it ([`ENGLISH_STEMS`]).
    Snowball(Stemmer, &'static [(&'static str, &'static str)]),
    Given(Arc<dyn crate::lang::Stemmer>),
    Unstemmed,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rule::Snowball(..) => "Snowball",
            Rule::Given(_) => "Given",
            Rule::Unstemmed => "Unstemmed",
        })
    }
}

/// Snowball's algorithm of this name (as a language pack names its stemmer).
fn snowball(name: &str) -> Option<Algorithm> {
    Some(match name {
        "arabic" => Algorithm::Arabic,
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "italian" => Algorithm::Italian,
        "norwegian" => Algorithm::Norwegian,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "tamil" => Algorithm::Tamil,
        "turkish" => Algorithm::Turkish,
        _ => return None,
    })
}

include!(concat!(env!("OUT_DIR"), "/stems.rs"));

/// Whether the stemmer `name` is one of Snowball's or one `toolkit` gives.
pub fn stemmer_known(name: &str, toolkit: &Toolkit) -> bool {
    snowball(name).is_some() || toolkit.stemmer(name).is_some()
}

impl Stemming {
    fn for_language(language: &Language, toolkit: &Toolkit) -> Stemming {
        Stemming {
            rule: Rule::for_language(language, toolkit),
            exceptions: language
                .info
                .stem_exceptions
                .iter()
                .map(|(word, stem)| (Box::from(word.as_str()), Box::from(stem.as_str())))
                .collect(),
        }
    }

    /// Whether the rule is one of Snowball's (built into the core, so a snapshot's stems hold).
    fn is_snowball(&self) -> bool {
        matches!(self.rule, Rule::Snowball(..))
    }

    /// The stem of `token` without running the rule: the pack's exception for it, or the stem
    /// worked out at build time.
    fn known(&self, token: &str) -> Option<&str> {
        self.exceptions
            .get(token)
            .map(|stem| &**stem)
            .or_else(|| self.rule.known(token))
    }

    /// The stem of `token`: the pack's exception for it, else the rule's.
    fn stem(&self, token: &str) -> String {
        match self.exceptions.get(token) {
            Some(stem) => stem.to_string(),
            None => self.rule.stem(token),
        }
    }
}

impl Rule {
    fn for_language(language: &Language, toolkit: &Toolkit) -> Rule {
        let name = language.info.stemmer.as_str();
        match (snowball(name), toolkit.stemmer(name)) {
            (_, Some(given)) => Rule::Given(Arc::clone(given)),
            (Some(algorithm), None) => {
                let known = match algorithm {
                    Algorithm::English => ENGLISH_STEMS,
                    _ => &[],
                };
                Rule::Snowball(Stemmer::create(algorithm), known)
            }
            (None, None) => Rule::Unstemmed,
        }
    }

    /// The stem of `token` as worked out at build time, if it is a word of the embedded
    /// knowledge (see [`ENGLISH_STEMS`]).
    fn known(&self, token: &str) -> Option<&'static str> {
        let Rule::Snowball(_, known) = self else {
            return None;
        };
        let found = known
            .binary_search_by(|(word, _)| (*word).cmp(token))
            .ok()?;
        known.get(found).map(|(_, stem)| *stem)
    }

    /// The stem of `token` (numbers are their own stem).
    fn stem(&self, token: &str) -> String {
        if token.chars().any(|c| c.is_ascii_digit()) {
            return token.to_string();
        }
        match self {
            Rule::Snowball(stemmer, _) => match self.known(token) {
                Some(stem) => stem.to_string(),
                None => stemmer.stem(token).into_owned(),
            },
            Rule::Given(stemmer) => stemmer.stem(token),
            Rule::Unstemmed => token.to_string(),
        }
    }
}

impl Words {
    /// The stem of `token`, from this layer's cache, `below`'s, or computed and cached here. A
    /// statement's layer asks its language's memo of stems for a word neither layer files: the
    /// statements of a library share most of their words, and Snowball costs thousands of
    /// instructions a word where the memo costs a lookup.
    fn cache_stem(
        &mut self,
        token: &str,
        stemmer: &Stemming,
        below: Option<&LanguageIndex>,
    ) -> String {
        if let Some(stem) = self
            .stem_cache
            .get(token)
            .or_else(|| below.and_then(|b| b.words.stem_cache.get(token)))
        {
            return stem.clone();
        }
        // (a word of the build-time table is not kept in the memo: the table costs as little)
        let stem = match below {
            Some(below) => match below.stemmer.known(token) {
                Some(stem) => stem.to_string(),
                None => below.stem_unfiled(token),
            },
            None => stemmer.stem(token),
        };
        self.stem_cache.insert(token.to_string(), stem.clone());
        stem
    }

    fn cache_stems(
        &mut self,
        tokens: &[String],
        stemmer: &Stemming,
        below: Option<&LanguageIndex>,
    ) -> Vec<String> {
        tokens
            .iter()
            .map(|t| self.cache_stem(t, stemmer, below))
            .collect()
    }

    /// Synonym groups: single stems and stem phrases → the group's canonical concept (a later group
    /// wins where two give a word different readings).
    fn add_synonyms(
        &mut self,
        groups: &[SynonymGroup],
        stemmer: &Stemming,
        below: Option<&LanguageIndex>,
    ) {
        for group in groups {
            let Some(first) = group.first() else { continue };
            let canonical = self.cache_stems(&tokenize(first), stemmer, below).join(" ");
            for entry in group {
                let tokens = tokenize(entry);
                let stems = self.cache_stems(&tokens, stemmer, below);
                self.known_words.extend(tokens);
                match stems.len() {
                    0 => {}
                    1 => {
                        if let Some(stem) = stems.into_iter().next() {
                            self.singles.insert(stem, canonical.clone());
                        }
                    }
                    n => {
                        if let Some(first) = stems.first() {
                            let longest = self.phrase_starts.entry(first.clone()).or_insert(0);
                            *longest = (*longest).max(n);
                        }
                        self.phrases.insert(stems, canonical.clone());
                    }
                }
            }
        }
    }

    /// Filler words: their stems carry no topic; with [`Generic::Phrases`], a filler of several
    /// words is filler as a whole, not word by word.
    fn add_generic(
        &mut self,
        words: &[String],
        how: Generic,
        stemmer: &Stemming,
        below: Option<&LanguageIndex>,
    ) {
        for word in words {
            let tokens = tokenize(word);
            let stems = self.cache_stems(&tokens, stemmer, below);
            self.known_words.extend(tokens);
            match (how, stems.first()) {
                (Generic::Phrases, Some(first)) if stems.len() > 1 => {
                    let longest = self.phrase_starts.entry(first.clone()).or_insert(0);
                    *longest = (*longest).max(stems.len());
                    // An empty concept: a synonym phrase of the same words keeps its reading.
                    self.phrases.entry(stems).or_default();
                }
                _ => self.generic.extend(stems),
            }
        }
    }
}

/// How filler of several words is read.
#[derive(Debug, Clone, Copy)]
enum Generic {
    /// As a whole (the language's filler: "the two governments", whose words alone may name
    /// something, "local governments").
    Phrases,
    /// Word by word (a statement's own generic names, "United States").
    WordByWord,
}

pub struct Index {
    /// The language the statement is written in: its question words and filler.
    language: Arc<Language>,
    /// The language's words, shared by every statement written in it.
    shared: Arc<LanguageIndex>,
    /// The statement's own words (its synonyms, filler and facts), over the shared ones.
    own: Words,
    /// A stem that the statement only uses inside the name of one concept ("north" of "north
    /// korea") → that concept.
    name_parts: HashMap<String, String>,
    /// How many facts use each surface word (typo correction prefers the more used).
    word_facts: HashMap<String, u32>,
    pub concepts: HashMap<String, Postings>,
    /// Weight of a word no fact uses.
    pub unknown_weight: f32,
    /// [`Index::correct`]'s answers, by word.
    corrections: Memo<Option<String>>,
    /// [`Index::read_unknown`]'s answers, by word: as a word, and as a place.
    readings: [Memo<Reading>; 2],
    /// What the index reads in a word alone, by word ([`Index::word`]): reading a question asks
    /// it of the same tokens several times (cutting it into parts, correcting typos, telling the
    /// kind, choices, lexicon phrases, terms), each answer several lookups.
    words_read: Memo<WordRead>,
    /// [`Index::unglue`]'s answers, by word.
    unglued: Memo<Option<(String, String)>>,
    /// [`Index::unblend`]'s answers, by word.
    unblended: Memo<Option<(String, String)>>,
    /// [`Index::spell_out`]'s answers, by word.
    spelt_out: Memo<Option<Vec<String>>>,
    /// Names whose initials a question may type ([`Index::spell_out`]): the facts' labels and
    /// keywords of two to four words, as folded words joined by a space (one string each: the
    /// build files thousands), in the facts' order, repeats kept (a repeat is the same name).
    names: Vec<String>,
    /// The names the facts' answers write out in capitals ("Memorandum of Understanding on
    /// Forestry Research"), folded in the same way: initials stand for a run of their words
    /// when no synonym phrase or keyword is the name.
    written_names: Vec<String>,
    /// The first letter of each word of each of [`Index::names`], then of each of
    /// [`Index::written_names`], in their order (`'\0'` for an empty word), filed on the first
    /// word [`Index::spell_out`] works out: matching initials against them is a comparison of
    /// a few letters, where splitting thousands of names into words cost a third of a
    /// millisecond for each unknown word.
    initials: OnceLock<Vec<Box<[char]>>>,
}

/// Whether `words` are as many as `letters`, each starting with its letter.
fn initials_fit<'a>(mut words: impl Iterator<Item = &'a str>, letters: &[char]) -> bool {
    letters
        .iter()
        .all(|c| words.next().is_some_and(|w| w.starts_with(*c)))
        && words.next().is_none()
}

enum Spelt {
    Nothing,
    One(Vec<String>),
    Many,
}

/// The runs of capitalised words in `text` ("Memorandum of Understanding on Forestry Research"):
/// two capitalised words or more, a short lowercase word (three letters at most) between two of
/// them kept; a word followed by a punctuation mark ends its run.
fn capitalised_runs(text: &str) -> Vec<&str> {
    let capitalised = |w: &str| {
        w.trim_start_matches(['(', '“', '"', '‘', '\''])
            .starts_with(char::is_uppercase)
    };
    // (each word is a slice of `text`: where it starts in it)
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut runs = Vec::new();
    // (the run's first and last word, and how many words it has)
    let mut run: Option<(&str, &str, usize)> = None;
    let mut close = |run: &mut Option<(&str, &str, usize)>| {
        if let Some((first, last, 2..)) = run.take() {
            let (start, end) = (offset(first), offset(last) + last.len());
            runs.extend(text.get(start..end));
        }
    };
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let joins = run.is_some()
            && word.len() <= 3
            && word.chars().all(|c| c.is_lowercase())
            && words.peek().is_some_and(|next| capitalised(next));
        if capitalised(word) || joins {
            run = Some(run.map_or((word, word, 1), |(first, _, n)| (first, word, n + 1)));
        } else {
            close(&mut run);
        }
        if word.ends_with(|c: char| !c.is_alphanumeric()) {
            close(&mut run);
        }
    }
    close(&mut run);
    runs
}

/// Whether `token` is the start of `first` (all of it, or at least [`BLEND_HEAD`] characters)
/// followed by the start of `second` (at least [`BLEND_TAIL`] characters, not all of it: two
/// whole words are glued, not blended).
fn blends(token: &str, first: &str, second: &str) -> bool {
    token.char_indices().skip(BLEND_HEAD).any(|(at, _)| {
        let (head, tail) = token.split_at(at);
        first.starts_with(head)
            && tail.chars().count() >= BLEND_TAIL
            && second.starts_with(tail)
            && tail != second
    }) || token.strip_prefix(first).is_some_and(|tail| {
        tail.chars().count() >= BLEND_TAIL && second.starts_with(tail) && tail != second
    })
}

/// The term of a synonym phrase's concept (a filler phrase maps to no concept).
fn phrase_term(concept: &str) -> Term {
    if concept.is_empty() {
        Term::Generic
    } else {
        Term::Concept(concept.to_string())
    }
}

/// What an index knows of one word as it is: [`Index::knows`] and [`Index::is_generic_word`].
#[derive(Debug, Clone, Copy)]
pub struct WordKnown {
    pub knows: bool,
    pub generic: bool,
}

impl WordKnown {
    /// A word of the statement's that is no filler word.
    pub fn topical(self) -> bool {
        self.knows && !self.generic
    }
}

/// What an index reads in one word as it is, alone.
#[derive(Debug, Clone)]
struct WordRead {
    knows: bool,
    generic: bool,
    /// The most words a synonym phrase starting with the word's stem has (0: none).
    longest_phrase: usize,
    /// The word's term when no phrase starting with it is read ([`Index::terms`]).
    term: Term,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("concepts", &self.concepts.len())
            .field("phrases", &self.own.phrases.len())
            .field("known_words", &self.own.known_words.len())
            .finish()
    }
}

impl Index {
    /// The index of `knowledge` alone (building its language's shared layer too).
    pub fn build(knowledge: &Knowledge) -> Index {
        Index::build_over(
            knowledge,
            &Arc::new(LanguageIndex::new(&knowledge.language, &Toolkit::default())),
        )
    }

    /// The index of `knowledge` over its language's shared layer `shared` (one built from
    /// another language is not used: the index builds its own, without a toolkit).
    pub fn build_over(knowledge: &Knowledge, shared: &Arc<LanguageIndex>) -> Index {
        let shared = if Arc::ptr_eq(&shared.language, &knowledge.language) {
            Arc::clone(shared)
        } else {
            Arc::new(LanguageIndex::new(&knowledge.language, &Toolkit::default()))
        };
        let language = Arc::clone(&knowledge.language);
        let stemmer = &shared.stemmer;
        let mut own = Words::default();
        own.add_synonyms(&knowledge.synonyms, stemmer, Some(&shared));
        own.add_generic(
            &knowledge.generic,
            Generic::WordByWord,
            stemmer,
            Some(&shared),
        );
        let mut index = Index {
            language,
            shared,
            own,
            name_parts: HashMap::default(),
            word_facts: HashMap::default(),
            concepts: HashMap::default(),
            unknown_weight: 1.0,
            corrections: Memo::default(),
            readings: Default::default(),
            words_read: Memo::default(),
            unglued: Memo::default(),
            unblended: Memo::default(),
            spelt_out: Memo::default(),
            names: Vec::new(),
            written_names: Vec::new(),
            initials: OnceLock::new(),
        };
        index.add_facts(knowledge);
        index.name_parts = index.name_parts();
        // The language's words are known (and filed) in the shared layer already.
        let shared_words = &index.shared.words.known_words;
        index.own.known_words.retain(|w| !shared_words.contains(w));
        index
    }

    /// This index as a snapshot keeps it (its shared layer is kept on its own).
    pub fn layer(&self) -> IndexLayer {
        IndexLayer {
            own: self.own.filed(),
            name_parts: self.name_parts.clone(),
            word_facts: self.word_facts.clone(),
            concepts: self.concepts.clone(),
            unknown_weight: self.unknown_weight,
            names: self.names.clone(),
            written_names: self.written_names.clone(),
        }
    }

    /// The index of `knowledge` from a snapshot's `layer`, over `shared`: the index
    /// [`Index::build_over`] builds, unbuilt. `None` when `shared` is not of the knowledge's
    /// language pack (the layer was built over that pack's).
    pub fn from_layer(
        layer: IndexLayer,
        knowledge: &Knowledge,
        shared: &Arc<LanguageIndex>,
    ) -> Option<Index> {
        Arc::ptr_eq(&shared.language, &knowledge.language).then(|| Index {
            language: Arc::clone(&knowledge.language),
            shared: Arc::clone(shared),
            own: layer.own,
            name_parts: layer.name_parts,
            word_facts: layer.word_facts,
            concepts: layer.concepts,
            unknown_weight: layer.unknown_weight,
            names: layer.names,
            written_names: layer.written_names,
            corrections: Memo::default(),
            readings: Default::default(),
            words_read: Memo::default(),
            unglued: Memo::default(),
            unblended: Memo::default(),
            spelt_out: Memo::default(),
            initials: OnceLock::new(),
        })
    }

    /// Each stem of a multi-word concept's name that means nothing on its own, when it belongs
    /// to one concept only (→ that concept).
    fn name_parts(&self) -> HashMap<String, String> {
        let mut owners: HashMap<&str, Option<&str>> = HashMap::default();
        for (stems, concept) in self.own.phrases.iter().chain(&self.shared.words.phrases) {
            if !self.concepts.contains_key(concept) {
                continue;
            }
            for stem in stems {
                if self.generic_has(stem)
                    || self.concepts.contains_key(stem)
                    || self.single(stem).is_some()
                {
                    continue;
                }
                let owner = owners.entry(stem).or_insert(Some(concept));
                if *owner != Some(concept.as_str()) {
                    *owner = None;
                }
            }
        }
        owners
            .into_iter()
            .filter_map(|(stem, owner)| Some((stem.to_string(), owner?.to_string())))
            .collect()
    }

    fn add_facts(&mut self, knowledge: &Knowledge) {
        let count = knowledge.facts.len();
        let mut filing = Filing::default();
        // Each fact's concepts (with their weight), own concepts and words, by number: emptied
        // after each fact, their room kept for the next.
        let mut weights: HashMap<usize, f32> = HashMap::default();
        let mut own: HashSet<usize> = HashSet::default();
        let mut words: HashSet<usize> = HashSet::default();
        let mut ids = Vec::new();
        let mut terms = Vec::new();
        for (i, fact) in knowledge.facts.iter().enumerate() {
            let topic_title = knowledge
                .topic(&fact.topic)
                .map(|t| t.title.as_str())
                .unwrap_or("");
            let fields = fact_fields(fact, topic_title);
            let last = fields.len().saturating_sub(1);
            for (field, &(text, weight)) in fields.iter().enumerate() {
                // A text an earlier field gave at least as much weight adds nothing (a draft's
                // quote is its answer word for word): its terms, words and weights are filed.
                let earlier = fields.get(..field).unwrap_or(&[]);
                if earlier.iter().any(|&(t, w)| t == text && w >= weight) {
                    continue;
                }
                let folded = fold(text);
                let tokens: Vec<&str> = token_slices(&folded).collect();
                ids.clear();
                for token in &tokens {
                    let id = match filing.word_ids.get(*token) {
                        Some(&id) => id,
                        None => {
                            let read = self.file_word(token, &mut filing);
                            filing.add_word(token, read)
                        }
                    };
                    ids.push(id);
                }
                if weight == FIELD_KEYWORD && INITIALS.contains(&tokens.len()) {
                    self.names.push(tokens.join(" "));
                }
                self.filed_concepts(&ids, &mut filing, &mut terms);
                for &concept in &terms {
                    if field != last {
                        own.insert(concept);
                    }
                    let slot = weights.entry(concept).or_insert(0.0);
                    *slot = slot.max(weight);
                }
                words.extend(&ids);
            }
            // The names the answer writes out ("a Memorandum of Understanding on Forestry
            // Research"), whose initials a question may type though no keyword gives them.
            for run in capitalised_runs(&fact.answer) {
                // (folded, a run is its words joined by single spaces)
                let name = fold(run);
                let name = name.trim();
                if (2..=MAX_NAME_WORDS).contains(&name.split(' ').count()) {
                    self.written_names.push(name.to_string());
                }
            }
            filing.count_fact(i, words.drain(), own.drain(), weights.drain());
        }
        let n = count.max(1) as f32;
        for (word, uses) in filing.word_ids.iter().filter_map(|(word, &id)| {
            let uses = *filing.word_uses.get(id)?;
            (uses > 0).then_some((word, uses))
        }) {
            self.word_facts.insert(word.clone(), uses);
        }
        let concepts = filing.concepts.into_iter().zip(filing.postings);
        for ((concept, facts), own) in concepts.zip(filing.own_facts) {
            if facts.is_empty() {
                continue;
            }
            let idf = (1.0 + n / facts.len().max(1) as f32).ln();
            // A concept only titles name (a curated topic's own word) counts every fact it reaches.
            let own = if own > 0 { own } else { facts.len() };
            let own_idf = (1.0 + n / own.max(1) as f32).ln();
            self.concepts.insert(
                concept,
                Postings {
                    idf,
                    own_idf,
                    facts,
                },
            );
        }
        self.unknown_weight = (1.0 + n).ln();
    }

    /// Files `token`, a word of a fact, as known (with its stem), and reads it alone.
    fn file_word(&mut self, token: &str, filing: &mut Filing) -> FiledWord {
        let stem = self
            .own
            .cache_stem(token, &self.shared.stemmer, Some(&self.shared));
        if !self.shared.words.known_words.contains(token) && !self.own.known_words.contains(token) {
            self.own.known_words.insert(token.to_string());
        }
        let concept = match self.single_term(token, &stem, true) {
            Term::Concept(concept) => Some(filing.concept(&concept)),
            Term::Generic | Term::Unknown(_) => None,
        };
        FiledWord {
            longest_phrase: self.longest_phrase_from(&stem),
            concept,
            stem,
        }
    }

    /// The concepts [`Index::terms`] reads in a fact's words (`ids`, each filed in `filing`
    /// already: [`Index::file_word`]), into `out`: every stem that is not generic is a concept.
    fn filed_concepts(&self, ids: &[usize], filing: &mut Filing, out: &mut Vec<usize>) {
        out.clear();
        let filed: Vec<&FiledWord> = ids.iter().filter_map(|&id| filing.words.get(id)).collect();
        let stems: Vec<&str> = filed.iter().map(|f| f.stem.as_str()).collect();
        // (a phrase's concept is numbered once the words are no longer borrowed)
        let mut phrases: Vec<(usize, &String)> = Vec::new();
        let mut i = 0;
        while let Some(word) = filed.get(i) {
            if word.longest_phrase >= 2
                && let Some((n, concept)) = self.phrase_at(&stems, i)
            {
                // (a filler phrase maps to no concept)
                if !concept.is_empty() {
                    phrases.push((out.len(), concept));
                    out.push(usize::MAX);
                }
                i += n;
                continue;
            }
            if let Some(concept) = word.concept {
                out.push(concept);
            }
            i += 1;
        }
        for (at, concept) in phrases {
            let id = filing.concept(concept);
            if let Some(slot) = out.get_mut(at) {
                *slot = id;
            }
        }
    }

    /// The stem of `token`: the one the index filed for a word it uses (no copy), else computed.
    pub fn stem(&self, token: &str) -> Cow<'_, str> {
        match self
            .own
            .stem_cache
            .get(token)
            .or_else(|| self.shared.words.stem_cache.get(token))
        {
            Some(stem) => Cow::Borrowed(stem),
            None => Cow::Owned(self.shared.stem_unfiled(token)),
        }
    }

    /// Files the known words for typo correction and reads the language's places now, rather
    /// than on the first question that needs them (see [`super::Engine::warm_up_fully`]).
    pub fn warm_up(&self) {
        self.own.spelling();
        self.shared.words.spelling();
        self.shared.warm_up();
    }

    /// The layer of the language's words this index shares with the statements written in it.
    pub fn language_index(&self) -> &LanguageIndex {
        &self.shared
    }

    /// The concept a single stem stands for through a synonym group (the statement's own first).
    fn single(&self, stem: &str) -> Option<&String> {
        self.own
            .singles
            .get(stem)
            .or_else(|| self.shared.words.singles.get(stem))
    }

    /// The concept a sequence of stems stands for through a synonym group.
    fn phrase(&self, stems: &[String]) -> Option<&String> {
        self.own
            .phrases
            .get(stems)
            .or_else(|| self.shared.words.phrases.get(stems))
    }

    /// The most words a synonym phrase starting with `stem` has (0: none starts with it).
    fn longest_phrase_from(&self, stem: &str) -> usize {
        let own = self.own.phrase_starts.get(stem).copied().unwrap_or(0);
        let shared = self
            .shared
            .words
            .phrase_starts
            .get(stem)
            .copied()
            .unwrap_or(0);
        own.max(shared)
    }

    /// Whether a stem (or word) is a filler word's.
    fn generic_has(&self, stem: &str) -> bool {
        self.own.generic.contains(stem) || self.shared.words.generic.contains(stem)
    }

    fn known_word(&self, word: &str) -> bool {
        self.own.known_words.contains(word) || self.shared.words.known_words.contains(word)
    }

    /// Whether the index knows `token` as it is (no correction needed).
    pub fn knows(&self, token: &str) -> bool {
        self.word(token).knows
    }

    /// What the index reads in `word` alone, remembered (for reading questions; a library
    /// filing every word of its statements asks [`Index::is_generic_word`] instead).
    pub fn word(&self, word: &str) -> WordKnown {
        self.words_read.with(
            word,
            || self.word_unremembered(word),
            |read| WordKnown {
                knows: read.knows,
                generic: read.generic,
            },
        )
    }

    /// [`Index::word`], worked out.
    fn word_unremembered(&self, word: &str) -> WordRead {
        let stem = self.stem(word);
        WordRead {
            knows: self.knows_unremembered(word),
            generic: self.is_generic_word(word),
            longest_phrase: self.longest_phrase_from(&stem),
            term: self.single_term(word, &stem, false),
        }
    }

    /// [`Index::knows`], worked out.
    fn knows_unremembered(&self, token: &str) -> bool {
        if self.known_word(token) {
            return true;
        }
        let stem = self.stem(token);
        self.generic_has(&stem)
            || self.single(&stem).is_some()
            || self.concepts.contains_key(stem.as_ref())
    }

    /// The known word closest to an unknown `token`, within an edit distance that grows with the
    /// word's length (none for three letters or fewer, except for question words).
    pub fn correct(&self, token: &str) -> Option<String> {
        self.corrections
            .get_or(token, || self.correct_unremembered(token))
    }

    /// [`Index::correct`], worked out.
    fn correct_unremembered(&self, token: &str) -> Option<String> {
        let len = token.chars().count();
        if token.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // Question words are corrected even when short ("wat", "whn", "wich").
        let question_word = self.language.question.words.iter().find(|q| {
            super::spelling::osa_distance(token, q) <= 1 && q.chars().next() == token.chars().next()
        });
        if let Some(q) = question_word {
            return Some(q.clone());
        }
        if len <= 3 {
            return None;
        }
        // A word English has is not a typo ("born" is not "bore"); a word it lacks is one, and may
        // even be a misspelt filler word ("meny" for "many").
        let lexicon = self.language.lexicon();
        if lexicon.is_some_and(|l| l.knows(token)) {
            return None;
        }
        // A form English may have ("handed", read as hand + -ed) is only corrected into a word
        // with its first letter: "sined" is "signed", "handed" is not "landed".
        let maybe_english = lexicon.is_some_and(|l| !l.lemmas(token).is_empty());
        let english_lacks_it = lexicon.is_some() && !maybe_english;
        let max = if len >= TWO_EDITS_FROM { 2 } else { 1 };
        let mut best: Option<(usize, bool, Reverse<u32>, &str)> = None;
        let near = self.own.spelling().near(token, max);
        let shared = self.shared.words.spelling().near(token, max);
        for (word, d) in near.into_iter().chain(shared) {
            // Closest first, then one that keeps the first letter, then the word the statement
            // uses most ("vist" is "visit", not "visa").
            let same_start = word.chars().next() == token.chars().next();
            let used = Reverse(self.word_facts.get(word).copied().unwrap_or(0));
            let key = (d, !same_start, used, word);
            if best.is_none_or(|(bd, bs, bu, bw)| key < (bd, !bs, bu, bw)) {
                best = Some((d, same_start, used, word));
            }
        }
        // Correcting into a filler word would silently drop a word the statement may not know
        // ("king" is not a typo of "kind"), so short words are only corrected into content words.
        best.filter(|(_, same_start, _, _)| *same_start || !maybe_english)
            .map(|(_, _, _, w)| w.to_string())
            .filter(|w| len >= MIN_LEN_TO_FILLER || english_lacks_it || !self.is_generic_word(w))
    }

    /// Two words the index knows that `token` is, glued ("primeminister": prime + minister),
    /// when the language's lexicon does not know `token` as one word; of several ways to cut it,
    /// the one whose shorter part is longest. One lookup per cut: only unknown words get here.
    pub fn unglue(&self, token: &str) -> Option<(String, String)> {
        self.unglued
            .get_or(token, || self.unglue_unremembered(token))
    }

    /// [`Index::unglue`], worked out.
    fn unglue_unremembered(&self, token: &str) -> Option<(String, String)> {
        let len = token.chars().count();
        if len < UNGLUE_MIN || !token.chars().all(|c| c.is_alphabetic()) {
            return None;
        }
        if self.language.lexicon().is_some_and(|l| l.knows(token)) {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        // (the cut after `left_chars` characters, at byte `at`)
        for (left_chars, (at, _)) in token.char_indices().enumerate().skip(UNGLUE_PART) {
            let right_chars = len - left_chars;
            let shorter = left_chars.min(right_chars);
            if right_chars < UNGLUE_PART || best.is_some_and(|(_, s)| s >= shorter) {
                continue;
            }
            let (left, right) = token.split_at(at);
            // (not remembered: most cuts are never asked about again)
            if self.knows_unremembered(left) && self.knows_unremembered(right) {
                best = Some((at, shorter));
            }
        }
        let (at, _) = best?;
        let (left, right) = token.split_at(at);
        Some((left.to_string(), right.to_string()))
    }

    /// The two consecutive words of one of the statement's own multi-word names (a person's, as
    /// its vocabulary gives them) that `token` blends, the start of one and the start of the next
    /// ("jokowi": *joko* + *wi*dodo, a nickname made of a leader's names), when the language's
    /// lexicon does not know `token` and exactly one pair of words fits. One pass over the
    /// statement's own phrases per word never seen before: only unknown words get here.
    pub fn unblend(&self, token: &str) -> Option<(String, String)> {
        self.unblended
            .get_or(token, || self.unblend_unremembered(token))
    }

    /// [`Index::unblend`], worked out.
    fn unblend_unremembered(&self, token: &str) -> Option<(String, String)> {
        if token.chars().count() < BLEND_MIN || !token.chars().all(|c| c.is_alphabetic()) {
            return None;
        }
        if self.language.lexicon().is_some_and(|l| l.knows(token)) {
            return None;
        }
        let mut found: Option<(&str, &str)> = None;
        for stems in self.own.phrases.keys() {
            for pair in stems.windows(2) {
                let [first, second] = pair else {
                    continue;
                };
                if self.generic_has(first) || self.generic_has(second) {
                    continue;
                }
                if !blends(token, first, second) {
                    continue;
                }
                match found {
                    Some(pair) if pair != (first.as_str(), second.as_str()) => return None,
                    _ => found = Some((first, second)),
                }
            }
        }
        found.map(|(first, second)| (first.to_string(), second.to_string()))
    }

    /// The words of the one multi-word name the statement uses whose initials `token` is ("kl":
    /// *k*uala *l*umpur), when the language's lexicon does not know `token` (two to four
    /// letters, and a plural "s" if any: "mous") and exactly one name fits: a synonym phrase of
    /// the statement, or a label or keyword of its facts ("csp": a label's *c*omprehensive
    /// *s*trategic *p*artnership), else a run of words in a name an answer writes out
    /// (a name of two to eight words). One pass over them per word never seen before: only
    /// unknown words get here.
    pub fn spell_out(&self, token: &str) -> Option<Vec<String>> {
        self.spelt_out
            .get_or(token, || self.spell_out_unremembered(token))
    }

    /// [`Index::spell_out`], worked out: the initials as they are, else less a plural "s"
    /// ("mous").
    fn spell_out_unremembered(&self, token: &str) -> Option<Vec<String>> {
        let letters = token.chars().count();
        let plural = token.ends_with('s') && INITIALS.contains(&letters.saturating_sub(1));
        if !(INITIALS.contains(&letters) || plural) || !token.chars().all(|c| c.is_alphabetic()) {
            return None;
        }
        if self.language.lexicon().is_some_and(|l| l.knows(token)) {
            return None;
        }
        self.spell_out_initials(token).or_else(|| {
            let singular = token.strip_suffix('s')?;
            self.spell_out_initials(singular)
        })
    }

    /// The one name `initials` stand for (see [`Index::spell_out`]): a synonym phrase or a
    /// keyword that is the name, all its words particular; else, when none is, a run of words
    /// inside a keyword or a name an answer writes out whose first word is particular ("of" and
    /// "understanding" are words of the "memorandum of understanding").
    fn spell_out_initials(&self, initials: &str) -> Option<Vec<String>> {
        let letters: Vec<char> = initials.chars().collect();
        if !INITIALS.contains(&letters.len()) {
            return None;
        }
        // (a synonym phrase is filed by its stems, a keyword by its words)
        let particular = |word: &str, stemmed: bool| {
            let stem = if stemmed {
                Cow::Borrowed(word)
            } else {
                self.stem(word)
            };
            !self.generic_has(&stem)
        };
        let phrases = self.own.phrases.keys().filter(|stems| {
            let words = || stems.iter().map(String::as_str);
            initials_fit(words(), &letters) && words().all(|w| particular(w, true))
        });
        let initials = self.initials.get_or_init(|| {
            let first_letters = |name: &String| {
                name.split(' ')
                    .map(|w| w.chars().next().unwrap_or('\0'))
                    .collect()
            };
            self.names
                .iter()
                .chain(&self.written_names)
                .map(first_letters)
                .collect()
        });
        let named = self.names.iter().chain(&self.written_names).zip(initials);
        let keywords = named
            .clone()
            .take(self.names.len())
            .filter(|(_, initials)| initials[..] == letters[..])
            .filter_map(|(name, _)| {
                let words = || name.split(' ');
                words()
                    .all(|w| particular(w, false))
                    .then(|| words().map(str::to_string).collect::<Vec<_>>())
            });
        match self.one_name(phrases.cloned().chain(keywords)) {
            Spelt::One(words) => return Some(words),
            Spelt::Many => return None,
            Spelt::Nothing => {}
        }
        let runs = named.flat_map(|(name, initials)| {
            initials
                .windows(letters.len())
                .enumerate()
                .filter(|(_, run)| *run == letters.as_slice())
                .filter_map(|(at, _)| {
                    let run = || name.split(' ').skip(at).take(letters.len());
                    run()
                        .next()
                        .is_some_and(|w| particular(w, false))
                        .then(|| run().map(str::to_string).collect::<Vec<_>>())
                })
                .collect::<Vec<_>>()
        });
        match self.one_name(runs) {
            Spelt::One(words) => Some(words),
            Spelt::Many | Spelt::Nothing => None,
        }
    }

    /// Whether `names` are one name (each the same, stem for stem), several or none.
    fn one_name(&self, names: impl Iterator<Item = Vec<String>>) -> Spelt {
        let mut found = Spelt::Nothing;
        for words in names {
            match &found {
                // the same name twice (a phrase and a label of it) is still one name
                Spelt::One(other) if !self.same_name(other, &words) => return Spelt::Many,
                _ => found = Spelt::One(words),
            }
        }
        found
    }

    /// Whether `a` and `b` (stems or words) name the same thing, stem for stem.
    fn same_name(&self, a: &[String], b: &[String]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| self.stem(x) == self.stem(y))
    }

    /// Every word the statement's facts use, with how many facts use it.
    pub fn word_uses(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.word_facts.iter().map(|(w, n)| (w.as_str(), *n))
    }

    /// The language pack the index reads questions with.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// Whether `word` is a filler word (no topic of its own).
    pub fn is_generic_word(&self, word: &str) -> bool {
        let stem = self.stem(word);
        self.single(&stem).is_none() && (self.generic_has(&stem) || self.generic_has(word))
    }

    /// Per token of `tokens`, whether [`Index::terms`] reads it with its neighbours as one
    /// synonym phrase ("*stop fighting*" as a ceasefire): such a word is not read alone.
    pub fn in_phrases(&self, tokens: &[String]) -> Vec<bool> {
        let stems: Vec<Cow<'_, str>> = tokens.iter().map(|t| self.stem(t)).collect();
        let mut out = vec![false; stems.len()];
        let mut i = 0;
        while i < stems.len() {
            let n = self.phrase_at(&stems, i).map_or(1, |(n, _)| n);
            if n > 1 {
                for flag in out.iter_mut().skip(i).take(n) {
                    *flag = true;
                }
            }
            i += n;
        }
        out
    }

    /// The longest synonym phrase (two words or more) that starts at `stems[at]`: how many
    /// stems it takes, and its concept (empty for a filler phrase). Most stems start none, and
    /// cost one lookup.
    fn phrase_at<S: AsRef<str>>(&self, stems: &[S], at: usize) -> Option<(usize, &String)> {
        let longest = stems
            .get(at)
            .map_or(0, |s| self.longest_phrase_from(s.as_ref()))
            .min(stems.len().saturating_sub(at));
        if longest < 2 {
            return None;
        }
        let key: Vec<String> = stems
            .get(at..at + longest)
            .unwrap_or(&[])
            .iter()
            .map(|s| s.as_ref().to_string())
            .collect();
        (2..=longest)
            .rev()
            .find_map(|n| Some((n, key.get(..n).and_then(|key| self.phrase(key))?)))
    }

    /// Whether `token` alone reads as filler words only (no concept, nothing unknown).
    pub fn reads_as_filler(&self, token: &str) -> bool {
        self.terms(&[token.to_string()])
            .iter()
            .all(|t| *t == Term::Generic)
    }

    /// Maps question tokens to terms: phrases first (longest match), then single synonyms, generic
    /// words, known concepts; anything else is unknown.
    pub fn terms(&self, tokens: &[String]) -> Vec<Term> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while let Some(raw) = tokens.get(i) {
            let (longest, term) = self.words_read.with(
                raw,
                || self.word_unremembered(raw),
                |read| (read.longest_phrase, read.term.clone()),
            );
            // (the phrase [`Index::phrase_at`] reads over the stems from here)
            if longest >= 2 {
                let stems: Vec<Cow<'_, str>> = tokens
                    .get(i..(i + longest).min(tokens.len()))
                    .unwrap_or_default()
                    .iter()
                    .map(|t| self.stem(t))
                    .collect();
                if let Some((n, concept)) = self.phrase_at(&stems, 0) {
                    out.push(phrase_term(concept));
                    i += n;
                    continue;
                }
            }
            out.push(term);
            i += 1;
        }
        out
    }

    /// The term of the word `raw` (its stem `stem`) read alone; with `open`, every stem that is
    /// not generic is a concept.
    fn single_term(&self, raw: &str, stem: &str, open: bool) -> Term {
        // A lone letter ("n" for "and", the "s" of "what's") names nothing.
        let lone_letter = raw.len() == 1 && raw.bytes().all(|b| b.is_ascii_alphabetic());
        if let Some(concept) = self.single(stem) {
            Term::Concept(concept.clone())
        } else if lone_letter || self.generic_has(stem) || self.generic_has(raw) {
            Term::Generic
        } else if open || self.concepts.contains_key(stem) {
            Term::Concept(stem.to_string())
        } else {
            Term::Unknown(raw.to_string())
        }
    }

    /// Reads a word the statement never uses through the language's lexicon (without one, every
    /// such word is content). `as_a_place`: the word names where something happens ("visit
    /// *Kuala Lumpur*"), so a named place does not stand for its country.
    pub fn read_unknown(&self, word: &str, as_a_place: bool) -> Reading {
        let [as_a_word, as_the_place] = &self.readings;
        let memo = if as_a_place { as_the_place } else { as_a_word };
        memo.get_or(word, || self.read_unknown_unremembered(word, as_a_place))
    }

    /// [`Index::read_unknown`], worked out.
    fn read_unknown_unremembered(&self, word: &str, as_a_place: bool) -> Reading {
        // "the north's missiles": a word of one concept's name stands for it.
        if let Some(concept) = self.name_parts.get(self.stem(word).as_ref()) {
            return Reading::Related {
                concept: concept.clone(),
                trust: NAME_PART_TRUST,
            };
        }
        // A capital the pack's places name stands for its country's government ("Canberra and
        // New Delhi" for Australia and India), unless it is where something happens.
        if !as_a_place
            && let Some(concept) = self
                .shared
                .places()
                .capital_of(word)
                .and_then(|country| self.single_concept(country))
        {
            return Reading::Related {
                concept,
                trust: PLACE_TRUST,
            };
        }
        let Some(lexicon) = self.language.lexicon() else {
            return Reading::Content;
        };
        // The word's own line (grammar, chatter) or its most general base form, looked up once.
        let Some(entry) = self.base_entry(word) else {
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
        // How much a word this common in general use says. Only a modifier ("recent", "actual")
        // is discounted: a noun, however common, may be what the question asks about ("which
        // *hotel*", "what *age*"), and so may a verb ("when was he *born*", "who *proposed* it");
        // a name ("Japan") or a word of one ("Japanese") is never general.
        let common = if !noun
            && !verb
            && !named
            && !entry
                .related()
                .any(|r| matches!(r.relation, Relation::Pertainym))
        {
            self.commonness(word)
        } else {
            1.0
        };
        match (best, entry.class) {
            (Some((concept, trust)), _) => Reading::Related { concept, trust },
            // A common modifier ("small", "really") rarely is what a question is about.
            (None, WordClass::General) if !noun && !verb => {
                Reading::General(GENERAL_MODIFIER.min(common))
            }
            (None, WordClass::General) => {
                Reading::General(entry.weight.max(GENERAL_FLOOR).min(common))
            }
            (None, _) if common < 1.0 => Reading::General(common),
            (None, _) => Reading::Content,
        }
    }

    /// How little a word the statement never uses may count when everything else a question
    /// names is in one fact: its [`Index::commonness`], for a common noun, verb or modifier
    /// ("money", "hold", "involving"); `None` for a rare word, a name or a word of one, or a word
    /// the lexicon does not know (it may be what the question is about). With `event_asked` (a
    /// question for a detail of an event: who, where, when, how many), a word that may be a verb
    /// is `None` too: "where did he *sleep*", "who *proposed* it" ask about that event.
    pub fn common_word(&self, word: &str, event_asked: bool) -> Option<f32> {
        let entry = self.base_entry(word)?;
        if entry.class == WordClass::Function
            || (event_asked && entry.is(PartOfSpeech::Verb))
            || entry
                .related()
                .any(|r| matches!(r.relation, Relation::Pertainym | Relation::InstanceOf))
        {
            return None;
        }
        let common = self.commonness(word);
        (common < 1.0).then_some(common * common)
    }

    /// How much a word the statement never uses counts against an answer, by how common it is in
    /// general use (the language's word frequencies): 1 for a rare word ("semiconductor"), down
    /// to [`COMMON_FLOOR`] for the most common ("came", "body"); 1 without frequencies.
    fn commonness(&self, word: &str) -> f32 {
        let Some(zipf) = self.language.frequency.as_ref().and_then(|f| f.zipf(word)) else {
            return 1.0;
        };
        let share = ((zipf - RARE_ZIPF) / (COMMON_ZIPF - RARE_ZIPF)).clamp(0.0, 1.0);
        1.0 - share * (1.0 - COMMON_FLOOR)
    }

    /// The lexicon entry that speaks for `word` ([`LanguageIndex::base_entry`]).
    pub fn base_entry(&self, word: &str) -> Option<crate::lexicon::Entry<'_>> {
        self.shared.base_entry(word)
    }

    /// The concept of the country whose capital `concept` is, when the statement has both
    /// ("washington" → the United States): a question may name a government by its capital.
    pub fn capital_as_country(&self, concept: &str) -> Option<String> {
        let country = self.shared.places().capital_of(concept)?;
        self.single_concept(country).filter(|c| c != concept)
    }

    /// The one concept a lemma of the lexicon stands for in this statement, if it stands for
    /// exactly one (and nothing unknown).
    fn single_concept(&self, lemma: &str) -> Option<String> {
        // A word of one token (most lemmas) is read without building a token list.
        let plain = !lemma.is_empty()
            && lemma
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if plain {
            let stem = self.stem(lemma);
            if self.longest_phrase_from(&stem) < 2 {
                let lone_letter =
                    lemma.len() == 1 && lemma.bytes().all(|b| b.is_ascii_alphabetic());
                return if let Some(concept) = self.single(&stem) {
                    Some(concept.clone())
                } else if lone_letter || self.generic_has(&stem) || self.generic_has(lemma) {
                    None
                } else if self.concepts.contains_key(stem.as_ref()) {
                    Some(stem.into_owned())
                } else {
                    None
                };
            }
        }
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

/// The texts of a fact that are indexed, with how strongly each speaks for the fact; its topic's
/// title comes last (`add_facts` counts the fact's own words apart from it).
/// A word of a statement's facts as the index reads it alone (see [`Index::file_word`]).
struct FiledWord {
    stem: String,
    /// The most words a synonym phrase starting with the word has (0: none starts with it).
    longest_phrase: usize,
    /// Its concept when no phrase takes it (numbered in the [`Filing`]), if it has one.
    concept: Option<usize>,
}

/// The statement's words and concepts while [`Index::add_facts`] files its facts, by number:
/// each word is read alone once, however many times the facts use it, and each fact's concepts
/// and words are counted by number, not copied as strings (a hundred packages copied 300,000).
#[derive(Default)]
struct Filing {
    /// Each word's number.
    word_ids: HashMap<String, usize>,
    /// The words as read alone, by number.
    words: Vec<FiledWord>,
    /// In how many facts each word is used, by number.
    word_uses: Vec<u32>,
    /// Each concept's number.
    concept_ids: HashMap<String, usize>,
    /// The concepts, by number.
    concepts: Vec<String>,
    /// Each concept's facts (with the weight of its strongest field), by number.
    postings: Vec<Vec<(usize, f32)>>,
    /// In how many facts each concept is said by the fact itself, not only by its topic's
    /// title, by number: a title's words reach every fact of the topic, but a word only one
    /// fact uses ("lunar surface exploration" in a drafted title) is no less particular for it.
    own_facts: Vec<usize>,
}

impl Filing {
    /// Files a new word as `read`; its number.
    fn add_word(&mut self, word: &str, read: FiledWord) -> usize {
        let id = self.words.len();
        self.words.push(read);
        self.word_uses.push(0);
        self.word_ids.insert(word.to_string(), id);
        id
    }

    /// The number of `concept`, numbered now if it is new.
    fn concept(&mut self, concept: &str) -> usize {
        if let Some(&id) = self.concept_ids.get(concept) {
            return id;
        }
        let id = self.concepts.len();
        self.concepts.push(concept.to_string());
        self.postings.push(Vec::new());
        self.own_facts.push(0);
        self.concept_ids.insert(concept.to_string(), id);
        id
    }

    /// Counts fact `fact`'s `words`, its `own` concepts and its concepts with their `weights`.
    fn count_fact(
        &mut self,
        fact: usize,
        words: impl Iterator<Item = usize>,
        own: impl Iterator<Item = usize>,
        weights: impl Iterator<Item = (usize, f32)>,
    ) {
        for word in words {
            if let Some(uses) = self.word_uses.get_mut(word) {
                *uses += 1;
            }
        }
        for concept in own {
            if let Some(facts) = self.own_facts.get_mut(concept) {
                *facts += 1;
            }
        }
        for (concept, weight) in weights {
            if let Some(postings) = self.postings.get_mut(concept) {
                postings.push((fact, weight));
            }
        }
    }
}

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
    fn a_layer_keeps_its_typo_index_filed_and_reads_it_back() {
        let index = index();
        let layer = index.layer();
        let filed = layer
            .own
            .spelling
            .get()
            .expect("the statement's own words are filed");
        assert_eq!(filed.len(), index.own.spelling().len());
        let shared = index
            .shared
            .layer()
            .expect("English is stemmed by the core");
        assert!(shared.words.spelling.get().is_some_and(|s| !s.is_empty()));
        // read back, the typo index finds what the index built afresh finds
        let bytes = postcard::to_stdvec(&layer).unwrap();
        let back: IndexLayer = postcard::from_bytes(bytes.leak()).unwrap();
        let back = back.own.spelling.get().expect("read back filed");
        // (lent by the bytes it was read from, not copied)
        assert!(back.is_lent());
        for word in ["visti", "tourim", "korea", "semicondutor"] {
            let mut afresh = index.own.spelling().near(word, 2);
            let mut read = back.near(word, 2);
            afresh.sort_unstable();
            read.sort_unstable();
            assert_eq!(read, afresh, "{word}");
        }
    }

    #[test]
    fn a_word_the_pack_excepts_keeps_the_stem_the_pack_gives() {
        // Snowball stems "important" to "import"; the English pack says otherwise, for a word
        // the index files and one it never saw alike
        let index = index();
        assert_eq!(index.stem("important"), "important");
        assert_eq!(index.stem("importance"), index.stem("important"));
        assert_eq!(index.stem("imports"), index.stem("import"));
        assert_ne!(index.stem("import"), index.stem("important"));
        assert_ne!(index.stem("internal"), index.stem("international"));
    }

    #[test]
    fn the_stems_worked_out_at_build_time_are_snowballs() {
        // sorted, each word once (it is binary-searched), and each stem Snowball's own
        assert!(ENGLISH_STEMS.len() > 1_000, "{}", ENGLISH_STEMS.len());
        assert!(ENGLISH_STEMS.windows(2).all(|w| w[0].0 < w[1].0));
        let snowball = Stemmer::create(Algorithm::English);
        for (word, stem) in ENGLISH_STEMS {
            assert_eq!(snowball.stem(word), *stem, "{word}");
        }
        // a word the table has and one it lacks stem alike through the engine's stemmer
        let stemming = Stemming::for_language(
            &Knowledge::embedded().unwrap().language,
            &Toolkit::default(),
        );
        assert!(matches!(stemming.rule, Rule::Snowball(_, known) if !known.is_empty()));
        for word in ["governments", "signed", "zzzyxxing", "tourism"] {
            assert_eq!(stemming.stem(word), snowball.stem(word), "{word}");
        }
        assert!(ENGLISH_STEMS.iter().any(|(w, _)| *w == "governments"));
        assert!(!ENGLISH_STEMS.iter().any(|(w, _)| *w == "zzzyxxing"));
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
