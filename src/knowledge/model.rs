//! The knowledge base's data types, exactly as the TOML files spell them.
//!
//! Field names here are the file format: renaming one is a breaking change to every knowledge
//! directory. Every struct denies unknown fields so a misspelt key is reported, not ignored.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

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

/// `[[fact]]` in `facts.toml`: one answerable detail of the statement.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
}

/// Which Snowball stemmer a language uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StemmerName {
    English,
}

/// `[language]` in a language pack's `language.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInfo {
    /// ISO 639-1 code ("en"), as statements name their language.
    pub code: String,
    pub name: String,
    pub stemmer: StemmerName,
}

/// `[question]` in `language.toml`: the words that say what kind of detail a question asks for.
/// (No `deny_unknown_fields`: serde does not support it with `flatten`; an unknown key is still an
/// error, because it must then name a kind.)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct QuestionWords {
    /// Per kind, the words and two-word phrases that ask for it ("who", "how many").
    #[serde(flatten)]
    pub kinds: BTreeMap<Kind, Vec<String>>,
    /// "what", "which": followed by one of `nouns`, they ask for that noun's kind ("what year").
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Words questions start with; their misspellings are corrected even when short.
    #[serde(default)]
    pub words: Vec<String>,
    /// A message starting with one of these (and no question word) is a yes/no question.
    #[serde(default)]
    pub auxiliaries: Vec<String>,
    /// Verbs that make a yes/no question ask whether the statement mentions something.
    #[serde(default)]
    pub mention_verbs: Vec<String>,
    /// "is *there* ...": a yes/no question about existence.
    #[serde(default)]
    pub existential: Vec<String>,
    /// "how much *bigger*": after a two-word kind, a word that only says what is measured.
    #[serde(default)]
    pub measures: Vec<String>,
    /// Per kind, nouns naming it after a determiner; `how-much` nouns count wherever they stand.
    #[serde(default)]
    pub nouns: BTreeMap<Kind, Vec<String>>,
}

/// `[follow_up]` in `language.toml`: the words that make a message a follow-up.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpWords {
    #[serde(default)]
    pub anaphora: Vec<String>,
    #[serde(default)]
    pub person_pronouns: Vec<String>,
    #[serde(default)]
    pub more: Vec<String>,
    #[serde(default)]
    pub list: Vec<String>,
    #[serde(default)]
    pub ellipsis: Vec<String>,
    /// Entry n names list position n (from 0).
    #[serde(default)]
    pub ordinals: Vec<Vec<String>>,
    #[serde(default)]
    pub last: Vec<String>,
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
    pub library: LibraryPhrases,
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
    /// How a missing detail is named, per kind of question.
    pub detail: BTreeMap<Kind, String>,
}

/// `[citation]` in `phrases.toml`: the source line under an answer, and list headings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitationPhrases {
    pub line: String,
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
    pub statement_item: String,
    pub in_use: String,
    pub use_done: String,
    pub use_unknown: String,
    pub use_how: String,
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
    pub ask_words: Vec<String>,
    /// Words about the asker: a part starting with one is context ("i work in a hotel").
    #[serde(default)]
    pub first_person: Vec<String>,
    /// "my …": the words after it name the asker's own things ("my lecturer"), not a topic.
    #[serde(default)]
    pub possessive: Vec<String>,
    /// Verbs of wondering: after one, an auxiliary opens the question ("he wants to know *was*
    /// there …").
    #[serde(default)]
    pub wondering: Vec<String>,
}

/// A language pack (`knowledge/lang/<code>/`): the general knowledge of one language that every
/// statement written in it shares, validated.
#[derive(Debug, Clone)]
pub struct Language {
    pub info: LanguageInfo,
    pub question: QuestionWords,
    pub follow_up: FollowUpWords,
    pub message: MessageWords,
    pub library: LibraryWords,
    /// Chat shorthand and its expansion ("abt" → "about"), folded.
    pub shorthand: BTreeMap<String, Vec<String>>,
    /// Words that carry no topic of their own.
    pub filler: Vec<String>,
    /// General synonym groups (spelling variants, everyday paraphrases).
    pub synonyms: Vec<SynonymGroup>,
    /// What the bot says in this language.
    pub phrases: Phrases,
    /// The language's general lexicon (`lexicon.tsv`), when the pack has one.
    pub lexicon: Option<LexiconText>,
    /// The lexicon's lookups so far, shared by every statement of the language.
    pub lexicon_memo: Arc<crate::lexicon::Memo>,
    /// Small talk in this language (`smalltalk.toml`).
    pub intents: Vec<Intent>,
}

/// The text of a language pack's lexicon: borrowed from the binary, or read from disk.
#[derive(Debug, Clone)]
pub enum LexiconText {
    Embedded(&'static str),
    Loaded(Arc<str>),
}

impl Language {
    /// The language's lexicon, remembering its lookups (see [`crate::lexicon::Memo`]).
    pub fn lexicon(&self) -> Option<crate::lexicon::Lexicon<'_>> {
        let lexicon = self.lexicon.as_ref()?.lexicon()?;
        Some(lexicon.with_memo(&self.lexicon_memo))
    }
}

impl LexiconText {
    /// A lexicon over the text (cheap: the text is searched in place).
    pub fn lexicon(&self) -> Option<crate::lexicon::Lexicon<'_>> {
        let text = match self {
            LexiconText::Embedded(text) => text,
            LexiconText::Loaded(text) => text.as_ref(),
        };
        crate::lexicon::Lexicon::new(text).ok()
    }
}
