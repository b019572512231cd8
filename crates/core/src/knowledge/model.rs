//! The knowledge base's data types, exactly as the TOML files spell them.
//!
//! Field names here are the file format: renaming one is a breaking change to every knowledge
//! directory. Every struct denies unknown fields so a misspelt key is reported, not ignored.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::problems::LoadError;
use super::tables::{PackText, StoredLines, WordFile, WordTable};
use super::words::WordList;

/// The kinds of question a fact can answer. `what` and `yes-no` are always allowed; the others
/// must be declared by a fact, because they ask for a concrete detail (a person, a date, a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    What,
    Who,
    When,
    Where,
    HowMany,
    HowMuch,
    HowLong,
    Why,
    YesNo,
}

impl Kind {
    /// The kind's name, as the files spell it (`how-many`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::What => "what",
            Kind::Who => "who",
            Kind::When => "when",
            Kind::Where => "where",
            Kind::HowMany => "how-many",
            Kind::HowMuch => "how-much",
            Kind::HowLong => "how-long",
            Kind::Why => "why",
            Kind::YesNo => "yes-no",
        }
    }

    /// Whether every fact answers this kind of question without declaring it.
    pub fn is_open(self) -> bool {
        matches!(self, Kind::What | Kind::YesNo | Kind::Why)
    }
}

/// `[statement]` in `statement.toml`: what the document is and where it comes from. Replies that
/// name the statement (greeting, help, no-answer, `/about`, `/source`) are built from these fields.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The headline, as published.
    pub title: String,
    /// How replies name the statement in a sentence, without its date ("the Malaysia–South Korea
    /// joint statement"); empty: "the joint statement".
    #[serde(default)]
    pub name: String,
    /// The date it was issued, `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub place: String,
    /// The parties (countries, organisations) that issued it.
    #[serde(default)]
    pub parties: Vec<String>,
    /// The people it names as its authors (leaders), in the order of `parties` when they match.
    #[serde(default)]
    pub people: Vec<String>,
    /// The news agency or office that wrote the published text, if any.
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub summary: String,
    /// The language the statement (its facts and answers) is written in: a language pack's code.
    #[serde(default = "default_language")]
    pub language: String,
    /// The fact that answers questions about the statement as a whole, which name nothing more
    /// specific than its parties ("what did Malaysia and South Korea agree?").
    #[serde(default)]
    pub overview: Option<String>,
    /// Fields whose values a program guessed (`communique ingest`) and no person has checked yet.
    #[serde(default)]
    pub drafted: Vec<String>,
}

fn default_language() -> String {
    "en".to_string()
}

/// `[[topic]]` in `statement.toml`: a heading of the statement, shown by `:topics` and `/topics`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    /// A question that starts a conversation on this topic (a button press sends it).
    pub question: String,
}

/// `[[fact.items]]`: one element of a fact whose answer is a list.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub label: String,
    /// The fact that tells more about this item, if there is one.
    #[serde(default)]
    pub fact: Option<String>,
}

/// `[[fact]]` in `facts.toml`: one answerable detail of the statement. The default is empty, for
/// code that drafts facts to fill in (`ingest`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub topic: String,
    /// A short noun phrase naming the fact ("the FTA deadline").
    pub label: String,
    /// The reply, in our own words.
    pub answer: String,
    /// Paragraphs of the statement this fact comes from (numbered from 1, blank-line separated).
    pub paragraphs: Vec<u32>,
    /// A short verbatim excerpt of the statement, for citation.
    #[serde(default)]
    pub quote: Option<String>,
    /// Detailed question kinds this fact answers, beyond `what` and `yes-no`.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// With `how-many`: what the fact's number counts ("digital technologies"). A "how many"
    /// question about something else ("how many vaccines?") is not answered by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// Suggested next questions, shown by front ends (buttons in Telegram).
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The one person this fact is about, if any.
    #[serde(default)]
    pub person: Option<String>,
    /// The answer is worked out from the cited paragraphs (a year from an anniversary, an order
    /// of dates), not said in them; the answer says how.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
    /// Background: no party acts or speaks in it (what a third country does, the state of the
    /// world). Among facts that explain a question equally, it gives way to one where a party
    /// acts ("did they mention Ukraine?": the leaders' condemnation, not "Russia continues …").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub background: bool,
    #[serde(default)]
    pub items: Vec<Item>,
    /// Line of `facts.toml` where the fact starts (filled in by the loader).
    #[serde(skip)]
    pub line: usize,
}

/// `[[intent]]` in `smalltalk.toml`: a greeting, thanks, help request and the like.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub id: String,
    pub patterns: Vec<String>,
    pub reply: String,
    /// A message of this intent says the last reply missed what was asked ("that's not what I
    /// asked"): `communique review` counts it against the fact answered just before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub complaint: bool,
}

/// `translations/<code>.toml` of a package: the statement's own text (its name, topics and every
/// fact's answer) in another language, for replies in that language. Questions are still read
/// against the facts of the statement's language; only what the bot says comes from here.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language code: the file's name without `.toml` (filled in by the loader).
    #[serde(skip)]
    pub code: String,
    /// The file it was read from (filled in by the loader, for `check`'s problems).
    #[serde(skip)]
    pub file: String,
    pub statement: TranslatedStatement,
    #[serde(default)]
    pub topic: Vec<TranslatedTopic>,
    #[serde(default)]
    pub fact: Vec<TranslatedFact>,
}

/// `[statement]` of a translation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedStatement {
    /// How replies name the statement in a sentence (as [`Statement::name`]).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// The parties as this language writes them, in the order of [`Statement::parties`] ("Korea
    /// Selatan" for "South Korea"); replies that name the parties use them.
    #[serde(default)]
    pub parties: Vec<String>,
}

/// `[[topic]]` of a translation: the topic of `statement.toml` with this id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedTopic {
    pub id: String,
    pub title: String,
    pub question: String,
}

/// `[[fact]]` of a translation: the fact of `facts.toml` with this id. `follow_ups` and `items`
/// are in the order of the fact's own.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedFact {
    pub id: String,
    pub label: String,
    pub answer: String,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub items: Vec<String>,
    /// Line of the file where the entry starts (filled in by the loader).
    #[serde(skip)]
    pub line: usize,
}

impl Translation {
    /// The translated fact with this id.
    pub fn fact(&self, id: &str) -> Option<&TranslatedFact> {
        self.fact.iter().find(|f| f.id == id)
    }

    /// The translated topic with this id.
    pub fn topic(&self, id: &str) -> Option<&TranslatedTopic> {
        self.topic.iter().find(|t| t.id == id)
    }
}

/// A synonym group: the first entry is the canonical form of all the others.
pub type SynonymGroup = Vec<String>;

/// Everything the engine knows about one statement, validated: the statement's package and the
/// language pack it is written in.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// The package's id: the name of its directory ("malaysia-south-korea-2024").
    pub id: String,
    pub statement: Statement,
    pub topics: Vec<Topic>,
    pub facts: Vec<Fact>,
    /// The statement's own synonym groups (its names and abbreviations).
    pub synonyms: Vec<SynonymGroup>,
    /// The statement's own filler words, beyond its language's.
    pub generic: Vec<String>,
    pub intents: Vec<Intent>,
    /// The statement's text as published (`source.txt`), when the package has it.
    pub source: Option<super::SourceFile>,
    /// The language pack of the statement's language.
    pub language: Arc<Language>,
    /// The package's translations (`translations/<code>.toml`), each with its language pack.
    pub translations: Vec<(Translation, Arc<Language>)>,
}

impl Knowledge {
    /// The fact with this id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// The translation into the language `code`, with that language's pack.
    pub fn translation(&self, code: &str) -> Option<(&Translation, &Arc<Language>)> {
        self.translations
            .iter()
            .find(|(t, _)| t.code == code)
            .map(|(t, l)| (t, l))
    }
}

/// `[language]` in a language pack's `language.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    /// ISO 639-1 code ("en"), as statements name their language.
    pub code: crate::lang::Lang,
    pub name: String,
    /// Other codes that name this language, as apps report a user's language ("id": Indonesian,
    /// which the Malay pack reads): a hint in one of them is taken as this language.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The stemmer of the language's words: one of Snowball's algorithms by name ("english"),
    /// or one a language crate gives ("malay": see [`crate::lang::Stemmer`]).
    pub stemmer: String,
    /// Words whose stem the pack gives rather than the stemmer: where the stemmer would merge
    /// unrelated words ("important" with "import"). Lowercase single words, as questions are
    /// read; a word may be its own stem.
    #[serde(default)]
    pub stem_exceptions: BTreeMap<String, String>,
}

/// `[question]` in `language.toml`: the words that say what kind of detail a question asks for.
/// The file gives each kind's words under the kind's name, beside the other lists; read and
/// written as a file (TOML, JSON), that is its form. A compact binary format (the knowledge
/// snapshot) takes the two parts one after the other instead, because such formats cannot read a
/// struct flattened into a map. The other lists are read through `Deref`
/// (`words.question.determiners`).
#[derive(Debug, Clone, Default)]
pub struct QuestionWords {
    /// Per kind, the words and two-word phrases that ask for it ("who", "how many").
    pub kinds: BTreeMap<Kind, WordList>,
    /// Every other list of `[question]`.
    pub lists: QuestionLists,
    /// Every word and phrase of `kinds` with its kind, on first use ([`QuestionWords::kind_of`]).
    kind_index: OnceLock<rustc_hash::FxHashMap<String, Kind>>,
}

/// The lists of `[question]` beside the kinds' words. (No `deny_unknown_fields`: the kinds' names
/// are the section's other keys; an unknown key is still an error, because it must then name a
/// kind.)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct QuestionLists {
    /// "what", "which": followed by one of `nouns`, they ask for that noun's kind ("what year").
    #[serde(default)]
    pub determiners: WordList,
    /// Words questions start with; their misspellings are corrected even when short.
    #[serde(default)]
    pub words: WordList,
    /// A message starting with one of these (and no question word) is a yes/no question.
    #[serde(default)]
    pub auxiliaries: WordList,
    /// Verbs that make a yes/no question ask whether the statement mentions something.
    #[serde(default)]
    pub mention_verbs: WordList,
    /// "is *there* ...": a yes/no question about existence.
    #[serde(default)]
    pub existential: WordList,
    /// "how much *bigger*": after a two-word kind, a word that only says what is measured.
    #[serde(default)]
    pub measures: WordList,
    /// "how many *decades*": after "how many", a unit of time that makes the question ask how
    /// long.
    #[serde(default)]
    pub durations: WordList,
    /// Words that make a question ask about what is yet to come ("when *will* it meet?").
    #[serde(default)]
    pub future: WordList,
    /// Words of an intent ("did they *agree* to sign …?", "do they *plan* to …?"): a yes/no question
    /// with one of them is answered "Yes" by a fact that only looks ahead.
    #[serde(default)]
    pub intent: WordList,
    /// Words and two-word phrases of membership in a list ("is hydrogen *one of* them?", "is
    /// halal *among* the sectors?"): a yes/no question with one asks whether the item is listed,
    /// not whether an event happened, so a fact that lists it is a "Yes" even when it looks ahead.
    #[serde(default)]
    pub membership: WordList,
    /// Phrases that ask an age ("*how old* will the ties be?"): of one of the statement's people
    /// alone ("how old is X?") they ask a person's age, which no fact gives.
    #[serde(default)]
    pub ages: WordList,
    /// Two-word phrases of a holder and a word for the office held ("anwar*'s job*", "*his job*"):
    /// the second word asks what the holder's role is, as "role" does, and names no topic (not
    /// the jobs that vocational training is for).
    #[serde(default)]
    pub offices: WordList,
    /// Words and two-word phrases that set aside what follows them ("*apart from* the FTA, what
    /// …", "what else *besides* hydrogen?"), up to the next question word or auxiliary: a fact
    /// those words name is not the answer.
    #[serde(default)]
    pub exclusions: WordList,
    /// Words that make a "when" question ask for a day ("the exact date").
    #[serde(default)]
    pub precise: WordList,
    /// Words that make a "when" question ask since when, a start in the past ("*since* when
    /// have they had ties?"): a fact that gives only years to come does not answer it.
    #[serde(default)]
    pub since: WordList,
    /// Words that make a "when" question ask for a month ("in *which month*"): a fact that gives
    /// only a year does not answer it.
    #[serde(default)]
    pub monthly: WordList,
    /// Words and two-word phrases that make a "when" question ask for a time of day ("*what
    /// time* …", "at *what hour*"): only a fact that gives one (see `clock_times`) answers it.
    #[serde(default)]
    pub clock: WordList,
    /// Words and two-word phrases with which an answer gives a time of day ("10 *a.m.*",
    /// "*noon*").
    #[serde(default)]
    pub clock_times: WordList,
    /// Words and two-word phrases that make a "who" question ask for a person ("which *prime
    /// minister*", "who is the *envoy*"): only a fact that names one of the statement's people
    /// answers it, not one that names only an organisation or an office.
    #[serde(default)]
    pub persons: WordList,
    /// Titles of office, one word each ("minister", "secretary"): a "who" question naming one
    /// ("who is the foreign *minister*?") asks for its holder, and a fact that does not carry the
    /// title (about a Foreign *Secretary*) does not answer it.
    #[serde(default)]
    pub titles: WordList,
    /// The names of the days of the week (a day-level date in an answer).
    #[serde(default)]
    pub weekdays: WordList,
    /// Negations: "why didn't they …?" rests on something not done.
    #[serde(default)]
    pub negations: WordList,
    /// Words of an event undone or refused, beyond those the lexicon marks ("scrap", "block"):
    /// a question built on one that the matching fact does not tell of has a false premise.
    #[serde(default)]
    pub negative: WordList,
    /// Words with which an answer looks ahead ("will", "plan"): a "when will …?" question is
    /// answered only by a fact that looks ahead (or gives a year from the statement's own on).
    #[serde(default)]
    pub ahead: WordList,
    /// Per kind, nouns naming it after a determiner; `how-much` nouns count wherever they stand.
    #[serde(default)]
    pub nouns: BTreeMap<Kind, WordList>,
    /// Per kind, nouns that ask for it after a determiner and stay the question's topic ("which
    /// *hotel*").
    #[serde(default)]
    pub entities: BTreeMap<Kind, WordList>,
    /// Per kind, broad terms of the lexicon: "which X" asks for that kind when X is one of them
    /// or narrower ("which universities" → institution → who).
    #[serde(default)]
    pub anchors: BTreeMap<Kind, WordList>,
    /// Two-word phrases of a year counted from the statement's date, with how many years on
    /// ("next year" = 1, "last year" = -1): read as that year ("what happens next year?" of a
    /// 2024 statement asks about 2025).
    #[serde(default)]
    pub relative_years: BTreeMap<String, i32>,
}

impl std::ops::Deref for QuestionWords {
    type Target = QuestionLists;

    fn deref(&self) -> &QuestionLists {
        &self.lists
    }
}

/// `[question]` as a file holds it: each kind's words under the kind's name, beside the other
/// lists (whose names the lists take first; every other key must name a kind).
#[derive(Deserialize, Serialize)]
struct QuestionSection<L, K> {
    #[serde(flatten)]
    lists: L,
    #[serde(flatten)]
    kinds: K,
}

/// `[question]` in a compact binary format: the kinds' words, then the other lists.
#[derive(Deserialize, Serialize)]
struct CompactQuestionWords<K, L> {
    kinds: K,
    lists: L,
}

impl Serialize for QuestionWords {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (kinds, lists) = (&self.kinds, &self.lists);
        if serializer.is_human_readable() {
            QuestionSection { lists, kinds }.serialize(serializer)
        } else {
            CompactQuestionWords { kinds, lists }.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for QuestionWords {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<QuestionWords, D::Error> {
        type Kinds = BTreeMap<Kind, WordList>;
        let (kinds, lists) = if deserializer.is_human_readable() {
            let section = QuestionSection::<QuestionLists, Kinds>::deserialize(deserializer)?;
            (section.kinds, section.lists)
        } else {
            let compact = CompactQuestionWords::<Kinds, QuestionLists>::deserialize(deserializer)?;
            (compact.kinds, compact.lists)
        };
        Ok(QuestionWords {
            kinds,
            lists,
            kind_index: OnceLock::new(),
        })
    }
}

impl QuestionWords {
    /// The kind a word or two-word phrase of `kinds` asks for (of two kinds that list it, the
    /// first): one lookup, where asking each kind's list was one lookup a kind, for every token
    /// and pair of tokens of every question.
    pub fn kind_of(&self, phrase: &str) -> Option<Kind> {
        self.kind_index
            .get_or_init(|| {
                let mut index = rustc_hash::FxHashMap::default();
                for (kind, list) in &self.kinds {
                    for word in list {
                        index.entry(word.clone()).or_insert(*kind);
                    }
                }
                index
            })
            .get(phrase)
            .copied()
    }
}

/// `[follow_up]` in `language.toml`: the words that make a message a follow-up.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpWords {
    #[serde(default)]
    pub anaphora: WordList,
    /// The anaphora that can only mean the last answer's subject ("it", "them").
    #[serde(default)]
    pub pronouns: WordList,
    #[serde(default)]
    pub person_pronouns: WordList,
    /// Phrases whose pronoun means the statement's parties or leaders together ("both of
    /// them"), not what the last answer was about: such a pronoun points back at nothing.
    #[serde(default)]
    pub parties: Vec<String>,
    #[serde(default)]
    pub more: WordList,
    /// Words that, after an answer about one of the statement's people, ask about the other
    /// ("and the other one?").
    #[serde(default)]
    pub other: WordList,
    /// Words that stand for a person named before by a modifier ("and the Malaysian *one*?"):
    /// after an answer about one of two people, the modifier picks the other one.
    #[serde(default)]
    pub ones: WordList,
    /// Phrases that correct the last question ("I *meant* the Paris one"), after nothing but
    /// `correction_leads` ("no", "sorry"): the last question is asked again of what they name.
    #[serde(default)]
    pub corrections: Vec<String>,
    #[serde(default)]
    pub correction_leads: WordList,
    #[serde(default)]
    pub list: WordList,
    #[serde(default)]
    pub ellipsis: WordList,
    /// Entry n names list position n (from 0).
    #[serde(default)]
    pub ordinals: Vec<WordList>,
    #[serde(default)]
    pub last: WordList,
    /// Per language code, the names a user calls the language by ("malay", "bahasa melayu"):
    /// "and in Malay?" asks for the last answer again in that language.
    #[serde(default)]
    pub languages: BTreeMap<String, Vec<String>>,
    /// The other words such a request may hold ("and", "please", "say it").
    #[serde(default)]
    pub language_request: WordList,
    /// Of those, the words that say a language is meant ("*in* English", "*dalam* bahasa …"):
    /// a request holds one.
    #[serde(default)]
    pub language_markers: WordList,
}

/// `phrases.toml` of a language pack: everything the bot says that does not come from a
/// statement's facts, with `{placeholders}` filled in when a reply is composed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// How a statement is named in a sentence: `{name} of {date}`.
    pub statement: String,
    /// The `{name}` of a statement that has none.
    pub unnamed: String,
    /// A date: `{day} {month} {year}`.
    pub date: String,
    /// The twelve month names.
    pub months: Vec<String>,
    pub or: String,
    pub and: String,
    pub reply: ReplyPhrases,
    pub citation: CitationPhrases,
    pub repl: ReplPhrases,
    pub telegram: TelegramPhrases,
    pub web: WebPhrases,
    pub lang: LangPhrases,
    pub library: LibraryPhrases,
}

/// `[web]` in `phrases.toml`: the labels of the web widget (`communique serve`) and of its demo
/// page, served to the page in the language of each reply.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebPhrases {
    /// The demo page's title and heading.
    pub page_title: String,
    /// The demo page's paragraph about the statement.
    pub page_intro: String,
    /// The demo page's link to the statement as published.
    pub page_source: String,
    /// The widget's heading.
    pub title: String,
    /// The label of the question box.
    pub question: String,
    /// The question box's placeholder.
    pub placeholder: String,
    /// The send button.
    pub send: String,
    /// Before each question in the conversation (for screen readers).
    pub you: String,
    /// Before each answer in the conversation (for screen readers).
    pub bot: String,
    /// Over the suggested questions.
    pub suggestions: String,
    /// Over a clarification's choices.
    pub choose: String,
    /// The badge of an honest "the statement doesn't say".
    pub no_answer: String,
    /// While a question is being answered.
    pub thinking: String,
    /// The button that starts a new conversation.
    pub reset: String,
    /// A question that could not be answered (the server or the network failed).
    pub error: String,
    /// Rate-limited: `{seconds}` to wait.
    pub busy: String,
    /// The conversation's region (for screen readers).
    pub log: String,
}

/// `[lang]` in `phrases.toml`: choosing the reply language (`/lang`, `:lang`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LangPhrases {
    /// The question with the choices: `{current}` is the current choice (a name or `auto`).
    pub prompt: String,
    /// The automatic choice: the language of each message.
    pub auto: String,
    /// The choice made: `{language}` is the language's name.
    pub set: String,
    /// The automatic choice made.
    pub set_auto: String,
    /// How this language names languages, by code ("ms" = "bahasa Melayu"); a code not listed is
    /// named as its own pack names itself.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// `[reply]` in `phrases.toml`: the engine's own replies.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyPhrases {
    pub empty: String,
    pub nothing_to_match: String,
    pub no_answer: String,
    pub unmatched: String,
    pub not_mentioned: String,
    pub closest_topic: String,
    pub detail_missing: String,
    pub follow_up_detail_missing: String,
    pub clarify: String,
    pub yes: String,
    pub more_quote: String,
    pub nothing_more: String,
    pub item_no_more: String,
    pub other_person: String,
    /// The question names countries the statement is neither between nor mentions: {named}
    /// (and the statement's {parties}). Optional: without it, `not_mentioned` names them.
    #[serde(default)]
    pub other_parties: String,
    /// The question joins a party and a country that is not one as a pair ("what did Japan and
    /// Australia agree?"): {named} (the pair) and the statement's {parties}. Optional: without
    /// it, `other_parties` names them.
    #[serde(default)]
    pub other_pair: String,
    /// Put before a reply to a question in this language about a statement that has no text in
    /// it (a fresh draft): it says the reply is in the statement's own language. Optional:
    /// without it, no note.
    #[serde(default)]
    pub untranslated: String,
    pub false_premise: String,
    /// How a missing detail is named, per kind of question.
    pub detail: BTreeMap<Kind, String>,
    /// How a missing date is named when the question asked for a month or a day and the fact
    /// gives less ("which month"): keys `month` and `day`; without them, as `detail`'s `when`.
    #[serde(default)]
    pub precision: BTreeMap<String, String>,
}

/// `[citation]` in `phrases.toml`: the source line under an answer, and list headings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitationPhrases {
    pub line: String,
    pub derived: String,
    pub paragraph: String,
    pub paragraphs: String,
    pub suggestions: String,
    pub topics: String,
}

/// `[repl]` in `phrases.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplPhrases {
    pub banner: String,
    pub help: String,
    pub unknown_command: String,
    pub why_nothing: String,
    pub reset: String,
}

/// `[telegram]` in `phrases.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramPhrases {
    pub start: String,
    pub help: String,
    pub topics: String,
    pub source: String,
    pub about: String,
    pub reset: String,
    pub unknown_command: String,
    pub other_bots_command: String,
    pub not_text: String,
    pub asked: String,
    pub button_stale: String,
    /// The button under an answer that shares it (a link that opens the bot on that answer).
    pub share: String,
    /// The button under an answer sent from inline mode: it opens the bot on that answer.
    pub open_bot: String,
    /// Inline mode with an empty query: the button that opens a chat with the bot.
    pub inline_hint: String,
    /// The command menu's descriptions (`setMyCommands` for this language), by command name
    /// ("help"); a command not listed keeps the description written with the command.
    #[serde(default)]
    pub commands: BTreeMap<String, String>,
}

/// `[library]` in `phrases.toml`: what the bot says when it serves several statements.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryPhrases {
    pub from: String,
    pub which: String,
    pub which_item: String,
    pub elsewhere: String,
    pub nothing: String,
    pub empty: String,
    pub more: String,
    pub statements: String,
    /// The heading of the list when only one statement is served.
    pub statements_one: String,
    pub statement_item: String,
    pub in_use: String,
    pub use_done: String,
    pub use_unknown: String,
    pub use_how: String,
    /// `use_unknown` and `use_how` in Telegram, which has no `:commands`.
    pub telegram_use_unknown: String,
    pub telegram_use_how: String,
    /// An unknown statement asked for when only one is served.
    pub use_unknown_one: String,
    pub repl_help: String,
    pub telegram_help: String,
    /// Small talk with no statement in use, by intent id; `default` for the others.
    pub small_talk: BTreeMap<String, String>,
}

/// `[library]` in `language.toml`: the words that refer to a statement when several are loaded.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryWords {
    /// After a statement's name, one of these makes an explicit reference ("the ASEAN *one*").
    #[serde(default)]
    pub statement_words: Vec<String>,
}

/// `[message]` in `language.toml`: the words that tell a message's question from its context.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MessageWords {
    /// Words that make a part of a message ask, without a question word ("tell me about …").
    #[serde(default)]
    pub ask_words: WordList,
    /// Words about the asker: a part starting with one is context ("i work in a hotel").
    #[serde(default)]
    pub first_person: WordList,
    /// "my …": the words after it name the asker's own things ("my lecturer"), not a topic.
    #[serde(default)]
    pub possessive: WordList,
    /// Verbs of wondering: after one, an auxiliary opens the question ("he wants to know *was*
    /// there …").
    #[serde(default)]
    pub wondering: WordList,
    /// Verbs that make a part ask when they open it ("*tell* me about …", "*name* the leaders").
    #[serde(default)]
    pub imperatives: WordList,
    /// Chat interjections ("haha", "lol"): they end a clause and say nothing.
    #[serde(default)]
    pub interjections: WordList,
    /// Words that open a new clause when a word about the asker follows ("… *but my* boss …").
    #[serde(default)]
    pub joiners: WordList,
    /// Question words that after a noun only join a clause to it ("my dad *who* …").
    #[serde(default)]
    pub relatives: WordList,
    /// Words after which a place is named as a place, not for its country ("visit *Putrajaya*").
    #[serde(default)]
    pub locatives: WordList,
    /// Words that offer a choice ("in busan *or* seoul"): one offered word the statement uses is
    /// enough, the other is not held against an answer.
    #[serde(default)]
    pub alternatives: WordList,
    /// Subject pronouns: an auxiliary followed by one ("*did they* …", "*is there* …") opens a
    /// question even mid-sentence, after words about the asker ("our team is researching clean
    /// energy did they …").
    #[serde(default)]
    pub subjects: WordList,
}

/// A language pack (`knowledge/lang/<code>/`): the general knowledge of one language that every
/// statement written in it shares, validated.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Language {
    pub info: LanguageInfo,
    pub question: QuestionWords,
    pub follow_up: FollowUpWords,
    pub message: MessageWords,
    pub library: LibraryWords,
    /// Chat shorthand and its expansion ("abt" → "about"), folded.
    #[serde(serialize_with = "super::words::in_order::map")]
    pub shorthand: rustc_hash::FxHashMap<String, Vec<String>>,
    /// Words that carry no topic of their own.
    pub filler: WordList,
    /// General synonym groups (spelling variants, everyday paraphrases).
    pub synonyms: Vec<SynonymGroup>,
    /// What the bot says in this language.
    pub phrases: Phrases,
    /// The language's general lexicon (`lexicon.tsv`), when the pack has one.
    pub lexicon: Option<LexiconText>,
    /// How common the language's common words are (`frequency.tsv`), when the pack has one.
    pub frequency: Option<Frequencies>,
    /// Small talk in this language (`smalltalk.toml`).
    #[serde(with = "compact::intents")]
    pub intents: Vec<Intent>,
    /// The language's root words (`roots.txt`), for a stemmer that checks the roots it finds.
    pub roots: Option<WordFile>,
    /// Words and phrases of this language in the language `reader.into` (`dictionary.tsv`), for a
    /// reader that translates this language's messages.
    pub dictionary: Option<WordTable>,
    /// What a reader translating this language needs beyond its dictionary (`[reader]` in
    /// `language.toml`); present exactly when `dictionary` is.
    pub reader: Option<ReaderWords>,
    /// What a drafter of statement packages needs of this language (`drafting.toml`,
    /// `places.txt`, `regions.txt`), read by [`Language::drafting`].
    pub drafting_files: DraftingFiles,
}

/// The drafting files of a language pack as the pack holds them, parsed on first use.
#[derive(Debug, Clone, Default)]
pub struct DraftingFiles {
    pub(super) inner: Arc<DraftingInner>,
}

#[derive(Debug, Default)]
pub(super) struct DraftingInner {
    /// (name as reported, text) of `drafting.toml`, `places.txt`, `regions.txt`, those present.
    pub(super) files: Vec<(String, PackText)>,
    pub(super) parsed: OnceLock<Result<Drafting, LoadError>>,
}

impl Serialize for DraftingFiles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.inner.files.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DraftingFiles {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DraftingFiles, D::Error> {
        Vec::<(String, PackText)>::deserialize(deserializer).map(DraftingFiles::new)
    }
}

impl DraftingFiles {
    pub(super) fn new(files: Vec<(String, PackText)>) -> DraftingFiles {
        DraftingFiles {
            inner: Arc::new(DraftingInner {
                files,
                parsed: OnceLock::new(),
            }),
        }
    }

    /// Whether the pack has any drafting file.
    pub fn is_present(&self) -> bool {
        !self.inner.files.is_empty()
    }
}

/// `[reader]` in `language.toml`: what a reader that translates this language's messages into
/// another (`into`) needs beyond the pack's dictionary. Words are folded.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderWords {
    /// The language the dictionary translates into: a pack's code.
    pub into: crate::lang::Lang,
    /// Endings looked through when a word or phrase is not listed as written ("-kah", "-lah").
    #[serde(default)]
    pub particles: Vec<String>,
    /// Prefixes of a passive form looked through when the word is not listed ("di-").
    #[serde(default)]
    pub passive_prefixes: Vec<String>,
    /// Word sequences that end a yes/no question in chat ("ke tidak", "ke"), tried in order.
    #[serde(default)]
    pub yes_no_tails: Vec<Vec<String>>,
    /// The word that marks a yes/no question at its start, as the target language does: a tail
    /// found is replaced by it ("adakah").
    #[serde(default)]
    pub yes_no_marker: Option<String>,
    /// Words moved to the front with the marker ("ada" in "ada tak?": "is there").
    #[serde(default)]
    pub yes_no_fronted: Vec<String>,
    /// Chat words that make a message go on from the last question wherever they stand
    /// ("ekonomi pula?", "bila pula nak sign?": "and …?"), unless a dictionary phrase holds them
    /// ("apa pula"): each is dropped and `continuation_marker` put first.
    #[serde(default)]
    pub continuation_words: Vec<String>,
    /// The word that starts a message going on from the last question, as the target language
    /// does ("dan": "and …?").
    #[serde(default)]
    pub continuation_marker: Option<String>,
    /// Words that make the number after them an ordinal ("ke-65": 65th).
    #[serde(default)]
    pub ordinal_markers: Vec<String>,
    /// Loanword endings: each entry is this language's ending followed by the target language's
    /// endings it may respell ("isasi" → "isation", "ization"), most specific first.
    #[serde(default)]
    pub loanword_endings: Vec<Vec<String>>,
}

/// One line of `places.txt`: a country or international organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The short name replies use ("United States").
    pub name: String,
    pub adjectives: Vec<String>,
    /// Official and other names ("Republic of Indonesia").
    pub official: Vec<String>,
    pub abbreviations: Vec<String>,
    pub capitals: Vec<String>,
    /// Seats of government a text names for the government itself ("the White House", "the
    /// Kremlin"): a question may say one for its capital ("who came to the White House?").
    pub seats: Vec<String>,
}

impl Place {
    /// Every way a text may write this place: name, official names, abbreviations, adjectives.
    pub fn forms(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name)
            .chain(&self.official)
            .chain(&self.abbreviations)
            .chain(&self.adjectives)
    }
}

/// What a drafter of statement packages (`communique ingest`) needs of the language a statement
/// is written in: `drafting.toml` and the pack's places.
#[derive(Debug, Clone)]
pub struct Drafting {
    /// `[reading]` of `drafting.toml`.
    pub reading: DraftingWords,
    /// `[writing]` of `drafting.toml`.
    pub writing: DraftTexts,
    /// Countries and international organisations, as this language writes them (`places.txt`).
    pub places: Vec<Place>,
    /// Regions and seas: places that are not countries (`regions.txt`).
    pub regions: Vec<String>,
}

/// `[reading]` of `drafting.toml`: the words that tell what a statement's sentences name. Matched
/// as the statement writes them unless said otherwise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DraftingWords {
    /// Titles before a person's name, longer first where two share a start.
    pub titles: Vec<String>,
    /// Titles that make a person a leader (a possible author of the statement).
    pub leader_titles: Vec<String>,
    /// Those of `titles` that are courtesies, no office ("Mr.", "His Excellency"): an office
    /// beside them, after a comma, is the person's role.
    #[serde(default)]
    pub courtesy_titles: Vec<String>,
    /// Last words of an organisation's name ("Agency").
    pub organisation_words: Vec<String>,
    /// Capitalised words that never start or continue a person's name.
    pub not_name_words: Vec<String>,
    /// Capitalised words after "in" or "at" that are not places.
    pub not_place_words: Vec<String>,
    /// Number words that count things (lowercase).
    pub number_words: Vec<String>,
    /// Words after "two" that mean the parties themselves (lowercase).
    pub party_nouns: Vec<String>,
    /// Words before one of `party_nouns` that make it the parties together ("*the* leaders",
    /// "*both* sides"; lowercase).
    #[serde(default)]
    pub party_determiners: Vec<String>,
    /// The parties speaking of themselves ("we", "our"; lowercase): a sentence with one is no
    /// background.
    #[serde(default)]
    pub first_person: Vec<String>,
    /// Words next to a number that make it an amount of money or a share.
    pub amount_words: Vec<String>,
    /// Currency codes before a number that make it an amount ("NOK 9 billion"; as written, three
    /// capitals), beside any three capitals ending in "D" (the dollars: "USD", "NZD").
    #[serde(default)]
    pub currency_codes: Vec<String>,
    /// Words after a number that make it a duration (lowercase).
    pub duration_words: Vec<String>,
    /// Words that give a share without a number ("cut *by half*", "*halve* the time"; lowercase):
    /// the sentence says how much.
    #[serde(default)]
    pub share_words: Vec<String>,
    /// Words opening a sentence that refer back to the one before ("*This* effort", "*Its* first
    /// meeting"; as written, capitalised): what that one is about is what this one is about.
    #[serde(default)]
    pub back_references: Vec<String>,
    /// Words before a duration that make it a frequency ("*every* two years"; lowercase): it
    /// says how often, which is also how many times.
    #[serde(default)]
    pub frequency_words: Vec<String>,
    /// Words opening a sentence that say when something happens.
    pub temporal_openers: Vec<String>,
    /// Words or phrases inside a sentence that say when something happens.
    pub temporal_words: Vec<String>,
    /// Words that name the day the statement was issued ("today"; lowercase): a sentence with
    /// one tells of the statement's date, and its answer says the date (`writing.on_date`).
    #[serde(default)]
    pub today: Vec<String>,
    /// Abbreviations after which a period does not end a sentence.
    pub abbreviations: Vec<String>,
    /// Words that start a sentence after an abbreviation's period.
    pub sentence_starters: Vec<String>,
    /// Connectives dropped from the start of an answer (without their comma).
    pub connectives: Vec<String>,
    /// Words opening the sentence that says where and when the statement was signed.
    pub signing_words: Vec<String>,
    /// Words that frame a claim rather than carry it (lowercase, every inflection listed).
    pub frame_words: Vec<String>,
    /// Words that start the last element of a list.
    pub list_joins: Vec<String>,
    /// Words (or a punctuation mark) after which a list's first element starts.
    pub list_openers: Vec<String>,
    /// Words (or a punctuation mark) that end a list's last element: what follows them is no
    /// longer the element ("…, and dengue *as* well as …", "… and tourism *to* …").
    #[serde(default)]
    pub list_ends: Vec<String>,
    /// Words (lowercase) a list's element does not start with: dropped from its start ("respect
    /// *for the* rules-based order, adherence to law, …" → "rules-based order").
    #[serde(default)]
    pub element_openers: Vec<String>,
    /// Words that make a poor label on their own.
    pub weak_words: Vec<String>,
    /// (word of a title, in lowercase; kind of document it names), the first match wins.
    pub document_kinds: Vec<Vec<String>>,
    /// Words joining a title to the place it is of ("Prime Minister *of* Singapore").
    #[serde(default)]
    pub place_joins: Vec<String>,
    /// Articles that may stand before a place's name ("of *the* Republic of Korea").
    #[serde(default)]
    pub articles: Vec<String>,
    /// Prepositions a place is named after ("in Jakarta", "to Washington"; lowercase).
    #[serde(default)]
    pub place_prepositions: Vec<String>,
    /// Those of `place_prepositions` that put the event itself there ("met *in* Jakarta").
    #[serde(default)]
    pub direct_place_prepositions: Vec<String>,
    /// Nouns of an area whose name follows "of" ("in the *province* of Palawan": Palawan is where
    /// the event is) or ends with them after an article ("at the National *Palace*", "in the Bajío
    /// *region*"; lowercase).
    #[serde(default)]
    pub place_nouns: Vec<String>,
    /// Words joining an office's title to what it is for, besides `place_joins` ("High
    /// Commissioner *to* Kenya", "Minister of State *for* Trade"; lowercase).
    #[serde(default)]
    pub office_joins: Vec<String>,
    /// Words inside a person's name joining its parts, lowercase or not ("Rashid *bin* Sultan Al
    /// Falasi", "Ursula *von* Berg"): the capitalised word after one is part of the name, even a
    /// title ("Sultan").
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Words opening a preamble's clause, dropped from an answer's start ("*WHEREAS* the two
    /// countries established relations in 1975;" → "The two countries established …";
    /// lowercase).
    #[serde(default)]
    pub preamble_words: Vec<String>,
    /// Words opening a signature block's witness line ("Witnessed by"; lowercase).
    #[serde(default)]
    pub witness_words: Vec<String>,
    /// Endings of ordinal numbers ("10*th*"): a capital right after one starts a new word.
    #[serde(default)]
    pub ordinal_suffixes: Vec<String>,
    /// The parties as the subject of a list's lead-in ("*We* hereby declare to:"; lowercase).
    #[serde(default)]
    pub lead_in_subjects: Vec<String>,
    /// Last words of a list's lead-in, which its items continue ("agree *to*:"; lowercase).
    #[serde(default)]
    pub lead_in_ends: Vec<String>,
    /// Words a lead-in drops when its items are retold ("*hereby*"; lowercase).
    #[serde(default)]
    pub lead_in_fillers: Vec<String>,
    /// Endings of a lead-in that announce the list ("agreed *on the following*:"), dropped when
    /// an item goes on from it ("to conclude …"; lowercase).
    #[serde(default)]
    pub lead_in_following: Vec<String>,
    /// (a first-person word, its third-person form), for retelling the parties' "we" sentences
    /// (lowercase; a capitalised word is retold capitalised).
    #[serde(default)]
    pub person_shift: Vec<Vec<String>>,
    /// The `# key: value` header lines of a statement's text, by what they give.
    pub header: HeaderKeys,
}

/// `[reading.header]` of `drafting.toml`: the keys of a statement text's header lines.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderKeys {
    pub url: Vec<String>,
    pub date: Vec<String>,
    pub title: Vec<String>,
}

/// `[writing]` of `drafting.toml`: what a drafted package says. `{placeholders}` are filled in
/// when the package is drafted.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DraftTexts {
    /// The drafted package's words that name the document itself (vocabulary `generic`).
    pub generic: Vec<String>,
    pub untitled: String,
    /// The statement's name: `{parties}`, `{kind}`; `unnamed` without parties: `{kind}`.
    pub name: String,
    pub unnamed: String,
    pub party_separator: String,
    /// The kind of document a title naming none of `reading.document_kinds` is.
    pub document_kind: String,
    /// A later clause of a long sentence: `{head}`, `{rest}`.
    pub continued: String,
    /// What stands for one of `reading.today` in an answer: `{word}` (as written), `{date}`
    /// (empty: the word stays as it is).
    #[serde(default)]
    pub on_date: String,
    /// `{name}`, `{title}`, `{date}`, `{place}`.
    pub about_answer: String,
    /// `{place}`.
    pub about_place: String,
    pub about_label: String,
    pub about_keywords: Vec<String>,
    pub about_topic: String,
    pub about_question: String,
    pub summary_label: String,
    pub summary_keywords: Vec<String>,
    /// `{headings}`.
    pub summary_sections: String,
    /// `{signed}`.
    pub signed_by: String,
    /// `{witnessed}`.
    pub witnessed_by: String,
    /// `{signed}`, `{witnessed}`.
    pub signed_and_witnessed: String,
    /// `{text}`.
    pub signature_block: String,
    pub signature_label: String,
    pub signature_witness_label: String,
    pub signature_keywords: Vec<String>,
    /// A synonym group of packages with a signature block.
    pub signing_words: Vec<String>,
    /// `{name}`, `{role}`.
    pub person_answer: String,
    /// `{name}`, `{role}`.
    pub person_label: String,
    pub person_label_suffix: String,
    pub abbreviation_keywords: Vec<String>,
    /// `{title}`.
    pub topic_question: String,
    /// `{label}`.
    pub probe_question: String,
    /// `{person}`.
    pub person_question: String,
    /// The drafted package's small talk; replies may use `{name}` and `{date}`.
    pub small_talk: Vec<Intent>,
}

/// A language pack's word frequencies (`frequency.tsv`: `word<TAB>Zipf × 10` lines), as the pack
/// holds them (checked when the pack loads), hashed on first use: how common a word is in general
/// use, so a common word a statement never uses is weak evidence against an answer.
#[derive(Debug, Clone)]
pub struct Frequencies {
    text: PackText,
    index: OnceLock<rustc_hash::FxHashMap<Box<str>, u8>>,
}

/// A line of a frequency table that is not one: its 1-based number and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct FrequencyLineError {
    pub line: usize,
    pub problem: &'static str,
}

impl Serialize for Frequencies {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Frequencies {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Frequencies, D::Error> {
        PackText::deserialize(deserializer).map(Frequencies::new)
    }
}

impl Frequencies {
    pub(super) fn new(text: PackText) -> Frequencies {
        Frequencies {
            text,
            index: OnceLock::new(),
        }
    }

    /// The entries of a frequency table's text, (word, Zipf × 10), or for a line that is not
    /// one, its number and problem.
    pub fn entries(text: &str) -> impl Iterator<Item = Result<(&str, u8), FrequencyLineError>> {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
            .map(|(i, line)| {
                let problem = |problem: &'static str| FrequencyLineError {
                    line: i + 1,
                    problem,
                };
                let (word, zipf) = line
                    .split_once('\t')
                    .ok_or_else(|| problem("expected `word<TAB>Zipf frequency x 10`"))?;
                if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                    return Err(problem("the word must be lowercase letters a-z"));
                }
                let zipf: u8 = zipf
                    .parse()
                    .ok()
                    .filter(|z| *z <= 99)
                    .ok_or_else(|| problem("the frequency must be a whole number 0-99"))?;
                Ok((word, zipf))
            })
    }

    /// `word`'s Zipf frequency (log10 of its uses per billion words), if the table lists it: a
    /// hash lookup after [`Frequencies::warm_up`], else a binary search over the sorted text.
    pub fn zipf(&self, word: &str) -> Option<f32> {
        let zipf = match self.index.get() {
            Some(index) => *index.get(word)?,
            None => {
                let line = crate::text::search_sorted(self.text.as_str(), word, |line| {
                    line.split_once('\t').map_or(line, |(w, _)| w)
                })?;
                line.split_once('\t')?.1.trim().parse::<u8>().ok()?
            }
        };
        Some(f32::from(zipf) / 10.0)
    }

    /// Hashes the table now (a front end that answers many questions calls it at start-up).
    pub fn warm_up(&self) {
        self.index.get_or_init(|| {
            Frequencies::entries(self.text.as_str())
                .flatten()
                .map(|(w, z)| (Box::from(w), z))
                .collect()
        });
    }

    /// The first word of `text` (a frequency table) that is not after the one before it, with
    /// its line: the table must be sorted (bytewise), each word once, to be searched.
    pub fn out_of_order(text: &str) -> Option<(usize, &str)> {
        let mut previous: Option<&str> = None;
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let word = line.split_once('\t').map_or(line, |(w, _)| w);
            if previous.is_some_and(|p| p.as_bytes() >= word.as_bytes()) {
                return Some((n + 1, word));
            }
            previous = Some(word);
        }
        None
    }
}

/// The text of a language pack's lexicon (borrowed from the binary, or read from disk), checked and
/// indexed on first use (then every lookup is a binary search over the index).
#[derive(Debug, Clone)]
pub struct LexiconText {
    text: PackText,
    index: OnceLock<Option<LexiconIndex>>,
}

/// What the first use learnt: where the entries start, and the line starts.
#[derive(Debug, Clone)]
struct LexiconIndex {
    header_lines: usize,
    header_bytes: usize,
    lines: crate::lexicon::LineIndex,
}

impl Language {
    /// The language's lexicon (indexed after [`Language::warm_up`]).
    pub fn lexicon(&self) -> Option<crate::lexicon::Lexicon<'_>> {
        self.lexicon.as_ref()?.lexicon()
    }

    /// Builds the lookup indexes of the pack's large files now rather than searching them as
    /// they are: for a front end that answers many questions. The word frequencies stay
    /// searched as sorted text: they are looked up only for a modifier the statement never uses
    /// (8 times in 1,068 questions, a microsecond each), where hashing the table cost `batch`
    /// 8.5M instructions, more than all those lookups in a long run of a bot.
    pub fn warm_up(&self) {
        if let Some(lexicon) = &self.lexicon {
            lexicon.warm_up();
        }
        if let Some(roots) = &self.roots {
            roots.warm_up();
        }
    }
}

/// A lexicon as a snapshot keeps it: its text, and its line index once built (so a process of
/// many questions does not index the English lexicon's forty thousand lines again).
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct StoredLexicon {
    text: PackText,
    index: Option<StoredLexiconIndex>,
}

#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct StoredLexiconIndex {
    header_lines: usize,
    header_bytes: usize,
    lines: StoredLines,
}

impl Serialize for LexiconText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = self
            .index
            .get()
            .and_then(Option::as_ref)
            .map(|index| StoredLexiconIndex {
                header_lines: index.header_lines,
                header_bytes: index.header_bytes,
                lines: StoredLines::of(&index.lines),
            });
        StoredLexicon {
            text: self.text.clone(),
            index,
        }
        .serialize(serializer)
    }
}

impl<'de: 'static> Deserialize<'de> for LexiconText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<LexiconText, D::Error> {
        let stored = StoredLexicon::deserialize(deserializer)?;
        let lexicon = LexiconText::new(stored.text);
        if let Some(index) = stored.index {
            let _ = lexicon.index.set(Some(LexiconIndex {
                header_lines: index.header_lines,
                header_bytes: index.header_bytes,
                lines: index.lines.into_index()?,
            }));
        }
        Ok(lexicon)
    }
}

impl LexiconText {
    /// A lexicon compiled into the binary.
    pub fn embedded(text: &'static str) -> LexiconText {
        LexiconText::new(PackText::Embedded(text))
    }

    /// A lexicon read from disk.
    pub fn loaded(text: Arc<str>) -> LexiconText {
        LexiconText::new(PackText::Loaded(text))
    }

    pub(super) fn new(text: PackText) -> LexiconText {
        LexiconText {
            text,
            index: OnceLock::new(),
        }
    }

    /// The text, as the pack's file holds it.
    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The lexicon over the text: with its line index once [`LexiconText::warm_up`] built it,
    /// else searched over the text as it is (a process that answers one question does not pay
    /// for an index); `None` when the text is not a lexicon.
    pub fn lexicon(&self) -> Option<crate::lexicon::Lexicon<'_>> {
        let text = self.text();
        match self.index.get() {
            Some(index) => {
                let index = index.as_ref()?;
                Some(crate::lexicon::Lexicon::indexed(
                    text.get(index.header_bytes..).unwrap_or(""),
                    index.header_lines,
                    &index.lines,
                ))
            }
            None => crate::lexicon::Lexicon::new(text).ok(),
        }
    }

    /// Builds the line index now (about a millisecond for the English lexicon): a front end that
    /// answers many questions calls it at start-up, so each lookup compares keys only.
    pub fn warm_up(&self) {
        let text = self.text();
        self.index.get_or_init(|| {
            let checked = crate::lexicon::Lexicon::new(text).ok()?;
            Some(LexiconIndex {
                header_lines: checked.header_lines(),
                header_bytes: text.len().saturating_sub(checked.body_len()),
                lines: checked.line_starts(),
            })
        });
    }
}

/// Facts and intents with every field written. Their files leave out a field at its default
/// (`derived = false`), which a format without field names cannot read back; these are the same
/// fields, each always written (serde's remote derive: a field one side lacks does not compile).
/// For the types of the knowledge snapshot ([`crate::snapshot`]) only: a language pack's small
/// talk is one.
pub(crate) mod compact {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Fact, Intent, Item, Kind};

    #[derive(Serialize, Deserialize)]
    #[serde(remote = "Fact")]
    struct FactFields {
        id: String,
        topic: String,
        label: String,
        answer: String,
        paragraphs: Vec<u32>,
        quote: Option<String>,
        kinds: Vec<Kind>,
        counts: Option<String>,
        keywords: Vec<String>,
        examples: Vec<String>,
        related: Vec<String>,
        follow_ups: Vec<String>,
        person: Option<String>,
        derived: bool,
        background: bool,
        items: Vec<Item>,
        #[serde(skip)]
        line: usize,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(remote = "Intent")]
    struct IntentFields {
        id: String,
        patterns: Vec<String>,
        reply: String,
        complaint: bool,
    }

    /// A list written and read item by item through a remote derive.
    macro_rules! list_of {
        ($module:ident, $type:ty, $fields:ident) => {
            pub(crate) mod $module {
                use super::*;

                struct Out<'a>(&'a $type);

                impl Serialize for Out<'_> {
                    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        $fields::serialize(self.0, serializer)
                    }
                }

                struct In($type);

                impl<'de> Deserialize<'de> for In {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<In, D::Error> {
                        $fields::deserialize(deserializer).map(In)
                    }
                }

                pub fn serialize<S: Serializer>(
                    items: &[$type],
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    serializer.collect_seq(items.iter().map(Out))
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Vec<$type>, D::Error> {
                    Vec::<In>::deserialize(deserializer)
                        .map(|items| items.into_iter().map(|In(item)| item).collect())
                }
            }
        };
    }

    list_of!(facts, Fact, FactFields);
    list_of!(intents, Intent, IntentFields);
}
