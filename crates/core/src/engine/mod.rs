//! The answering engine: a question (and its conversation) in, a [`Reply`] out.
//!
//! Pipeline: fold and tokenise ([`crate::text`]), correct typos, read the question kind
//! ([`question`]), map words to concepts through synonyms and stems ([`index`]), score every fact
//! that shares a concept (`rank`), then decide (`decision`): answer, ask which of two equal
//! candidates was meant, say what the statement gives when it lacks the detail asked for, or say
//! honestly that the statement doesn't say, naming what it lacks and pointing to what it has.
//! Follow-ups are read against the conversation (`follow_up`); the decision updates the
//! conversation (`memory`) and is put into words in the statement's voice (`compose`).
//!
//! Languages (issue 12): a message is read in its own language (`reading`: a Malay message is
//! translated to English at the edge, before any of the above), and the reply is composed in the
//! conversation's reply language: the user's fixed choice, else the language of the message
//! (else the conversation's). Each reply language has a [`Localized`] view of the statement: its
//! language pack's phrases and small talk, and the package's translation of the facts and topics.
//! Ranking, question analysis and follow-ups know nothing of this.
//!
//! **Invariants: the engine does no I/O and never panics; the same question and conversation always
//! give the same reply; a reply without a fact never quotes one as its answer; nothing
//! statement-specific is written here (it all comes from the knowledge).**

mod compose;
mod decision;
mod follow_up;
pub mod index;
mod memory;
pub mod message;
mod parties;
pub mod question;
mod rank;
mod reading;
mod small_talk;
pub mod spelling;

use std::sync::Arc;

use crate::conversation::Conversation;
use crate::knowledge::{Fact, Intent, Knowledge, Language, Topic, Translation};
use crate::lang::{Lang, Toolkit};
use crate::reply::{Reply, StatementChoice};
use crate::text::{Message, tokenize};
use crate::voice::Voice;

pub use decision::{
    AnswerForm, Decision, FollowUpKind, NoAnswer, Outcome, OutcomeKind, Precision, Route, Trace,
    TracedCandidate, TracedOutcome,
};
pub use index::{Index, IndexLayer, LanguageIndex, LanguageLayer, Term};
pub use question::{Analysis, read};
pub use rank::{Candidate, fits};

/// The engine: knowledge plus its index, immutable once built, shareable across threads.
#[derive(Debug)]
pub struct Engine {
    knowledge: Knowledge,
    index: Index,
    /// Replies in the statement's own language.
    own: Localized,
    /// Replies in the languages the package is translated into.
    translated: Vec<Localized>,
    /// The small-talk patterns of every intent (the language pack's, then the package's own,
    /// which replace the language's of the same id; their replies are in each [`Localized`]),
    /// with those of the same intent in the translations' language packs ("terima kasih"),
    /// filed for matching.
    small_talk: Arc<small_talk::Patterns>,
    /// Per intent, its id.
    intent_ids: Vec<String>,
    /// Per fact: the concepts of its label (the fact's name), and their summed weight.
    /// Per concept: the facts whose label carries it, in order (for ranking: one lookup per
    /// term, not a scan of every candidate's label).
    label_facts: rustc_hash::FxHashMap<String, Vec<usize>>,
    label_mass: Vec<f32>,
    /// Per fact: the concepts of what its number counts (`counts`), empty when it says nothing.
    count_concepts: Vec<Vec<String>>,
    /// Per fact: the numbers of its answer that are no years, as folded tokens ("NOK 1.2
    /// billion" → 1, 2): when a "how much" question names them all itself, the fact adds no
    /// figure. Worked out on the first such question (most statements of a library never get
    /// one, and tokenizing every answer at load cost a library of 100 a tenth of its load).
    figures: std::sync::OnceLock<Vec<Vec<String>>>,
    /// Per fact: which of the language's titles of office (`question.titles`, by position, up to
    /// 64) its answer or label says, in the singular or plural: "who is the *minister* …?" is
    /// answered only by a fact that says it. Worked out on the first "who" question naming one.
    fact_titles: std::sync::OnceLock<Vec<u64>>,
    /// Per fact: what its answer says of time.
    dates: Vec<rank::Dates>,
    /// Per fact: whether it names one of the statement's people (a "which prime minister"
    /// question asks for one).
    people: Vec<bool>,
    /// The places (of the language pack's) the statement is between or mentions, found on the
    /// first question that names a place.
    involved_places: std::sync::OnceLock<rustc_hash::FxHashSet<usize>>,
    /// The years counted from the statement's own (+1 for "next year") that it names in those
    /// words itself, found on the first question that counts a year so.
    own_relative_years: std::sync::OnceLock<Vec<i32>>,
}

/// Words of a caller's around an engine's reply, in the reply's language (see
/// [`Engine::commit_framed`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Framing {
    /// Said before the reply ("From the ASEAN–United States joint statement: ").
    pub before: String,
    /// Said after it (" The Singapore statement may say more.").
    pub after: String,
    /// The statements these words offer.
    pub statements: Vec<StatementChoice>,
}

/// What replies in one language are made of: the language pack's phrases bound to the statement,
/// and the statement's facts, topics and small-talk replies in that language. For a translation,
/// each fact keeps its id, kinds, paragraphs and verbatim quote, with the translation's label,
/// answer, follow-ups and item labels (the statement's own where the translation has none).
#[derive(Debug)]
struct Localized {
    lang: Lang,
    voice: Voice,
    /// The facts, in the knowledge's order (a decision's fact positions index both).
    facts: Vec<Fact>,
    topics: Vec<Topic>,
    /// Per intent of [`Engine::intents`], its reply in this language.
    intent_replies: Vec<String>,
}

impl Localized {
    fn own(knowledge: &Knowledge, intents: &[Intent]) -> Localized {
        Localized {
            lang: knowledge.language.info.code,
            voice: Voice::new(knowledge),
            facts: knowledge.facts.clone(),
            topics: knowledge.topics.clone(),
            intent_replies: intents.iter().map(|i| i.reply.clone()).collect(),
        }
    }

    fn translated(
        knowledge: &Knowledge,
        intents: &[Intent],
        lang: Lang,
        translation: &Translation,
        language: &Language,
    ) -> Localized {
        let facts = knowledge
            .facts
            .iter()
            .map(|fact| {
                let mut fact = fact.clone();
                if let Some(t) = translation.fact(&fact.id) {
                    fact.label = t.label.clone();
                    fact.answer = t.answer.clone();
                    fact.follow_ups = t.follow_ups.clone();
                    if t.items.len() == fact.items.len() {
                        for (item, label) in fact.items.iter_mut().zip(&t.items) {
                            item.label = label.clone();
                        }
                    }
                }
                fact
            })
            .collect();
        let topics = knowledge
            .topics
            .iter()
            .map(|topic| {
                let mut topic = topic.clone();
                if let Some(t) = translation.topic(&topic.id) {
                    topic.title = t.title.clone();
                    topic.question = t.question.clone();
                }
                topic
            })
            .collect();
        let intent_replies = intents
            .iter()
            .map(|intent| {
                language
                    .intents
                    .iter()
                    .find(|i| i.id == intent.id)
                    .map_or_else(|| intent.reply.clone(), |i| i.reply.clone())
            })
            .collect();
        Localized {
            lang,
            voice: Voice::translated(knowledge, lang, &language.phrases, translation),
            facts,
            topics,
            intent_replies,
        }
    }
}

/// The parts of an engine its index does not go into, built from the knowledge alone (and the
/// language's small-talk patterns, read once in its shared index).
struct Parts {
    /// The intents: the language pack's, then the package's own, which replace the language's of
    /// the same id.
    intents: Vec<Intent>,
    small_talk: Arc<small_talk::Patterns>,
    dates: Vec<rank::Dates>,
    people: Vec<bool>,
    own: Localized,
    translated: Vec<Localized>,
}

impl Parts {
    fn of(knowledge: &Knowledge, shared: &LanguageIndex) -> Parts {
        // The package's own intents replace the language pack's of the same id; the language's
        // patterns are read once, in the shared index (of the statement's language: another's
        // is not used, as the index does not use it).
        let own = |id: &str| knowledge.intents.iter().any(|i| i.id == id);
        let shared_patterns: &[Vec<Vec<String>>] =
            if Arc::ptr_eq(shared.language(), &knowledge.language) {
                &shared.intent_patterns
            } else {
                &[]
            };
        let (mut intents, mut intent_patterns): (Vec<Intent>, Vec<Vec<Vec<String>>>) = knowledge
            .language
            .intents
            .iter()
            .enumerate()
            .filter(|(_, i)| !own(&i.id))
            .map(|(n, i)| {
                let patterns = shared_patterns
                    .get(n)
                    .cloned()
                    .unwrap_or_else(|| index::intent_patterns(i));
                (i.clone(), patterns)
            })
            .unzip();
        for intent in &knowledge.intents {
            intents.push(intent.clone());
            intent_patterns.push(index::intent_patterns(intent));
        }
        // An intent's patterns, and those of the same intent in each translation's language.
        for (intent, patterns) in intents.iter().zip(&mut intent_patterns) {
            let translated = knowledge
                .translations
                .iter()
                .flat_map(|(_, language)| &language.intents)
                .filter(|i| i.id == intent.id)
                .flat_map(|i| &i.patterns);
            patterns.extend(translated.map(|p| tokenize(p)).filter(|p| !p.is_empty()));
        }
        let small_talk = shared.small_talk(intent_patterns);
        let months = rank::Dates::months(&knowledge.language);
        let dates = knowledge
            .facts
            .iter()
            .map(|fact| {
                rank::Dates::of(
                    fact,
                    &knowledge.language,
                    &months,
                    &knowledge.statement.date,
                )
            })
            .collect();
        let name_words = rank::name_words(knowledge);
        let people = knowledge
            .facts
            .iter()
            .map(|fact| rank::names_a_person(fact, &name_words))
            .collect();
        let own_view = Localized::own(knowledge, &intents);
        let translated = knowledge
            .translations
            .iter()
            .filter_map(|(translation, language)| {
                let lang = Lang::new(&translation.code)?;
                (lang != own_view.lang).then(|| {
                    Localized::translated(knowledge, &intents, lang, translation, language)
                })
            })
            .collect();
        Parts {
            intents,
            small_talk,
            dates,
            people,
            own: own_view,
            translated,
        }
    }
}

impl Engine {
    /// The engine of `knowledge` alone, reading only its statement's own language (no toolkit).
    pub fn new(knowledge: Knowledge) -> Engine {
        Engine::with_toolkit(knowledge, &Toolkit::default())
    }

    /// The engine of `knowledge`, reading with the stemmers and translators of `toolkit`.
    pub fn with_toolkit(knowledge: Knowledge, toolkit: &Toolkit) -> Engine {
        let shared = Arc::new(LanguageIndex::new(&knowledge.language, toolkit));
        Engine::with_language(knowledge, &shared)
    }

    /// An engine over its language's shared index (built once for every statement of that
    /// language: see [`LanguageIndex`]); the same engine as [`Engine::new`] builds, cheaper.
    pub fn with_language(knowledge: Knowledge, shared: &Arc<LanguageIndex>) -> Engine {
        Engine::build(knowledge, shared, false)
    }

    /// [`Engine::with_language`], with the parts of the engine its index does not go into (small
    /// talk, dates, the replies' views) built on a second thread while this one builds the index:
    /// for a library of one statement, whose engine start-up waits for while a core is spare.
    /// The same engine.
    pub fn with_language_beside(knowledge: Knowledge, shared: &Arc<LanguageIndex>) -> Engine {
        Engine::build(knowledge, shared, true)
    }

    /// [`Engine::with_language`] with its index already built (read from a snapshot:
    /// [`Index::from_layer`]).
    pub fn with_index(knowledge: Knowledge, shared: &Arc<LanguageIndex>, index: Index) -> Engine {
        Engine::build_with(knowledge, shared, false, Some(index))
    }

    /// [`Engine::with_language_beside`] with its index already built (read from a snapshot:
    /// [`Index::from_layer`]).
    pub fn with_index_beside(
        knowledge: Knowledge,
        shared: &Arc<LanguageIndex>,
        index: Index,
    ) -> Engine {
        Engine::build_with(knowledge, shared, true, Some(index))
    }

    fn build(knowledge: Knowledge, shared: &Arc<LanguageIndex>, beside: bool) -> Engine {
        Engine::build_with(knowledge, shared, beside, None)
    }

    fn build_with(
        knowledge: Knowledge,
        shared: &Arc<LanguageIndex>,
        beside: bool,
        built: Option<Index>,
    ) -> Engine {
        let parts = || Parts::of(&knowledge, shared);
        let index_of =
            |built: Option<Index>| built.unwrap_or_else(|| Index::build_over(&knowledge, shared));
        let (index, parts) = if beside {
            std::thread::scope(|scope| {
                let helper = std::thread::Builder::new().spawn_scoped(scope, parts).ok();
                let index = index_of(built);
                // (a helper that could not start or failed: the parts are built here)
                let built = helper.and_then(|h| h.join().ok()).unwrap_or_else(parts);
                (index, built)
            })
        } else {
            (index_of(built), parts())
        };
        let label_concepts: Vec<Vec<String>> = knowledge
            .facts
            .iter()
            .map(|fact| {
                let mut concepts = Vec::new();
                for term in index.terms(&tokenize(&fact.label)) {
                    let general = matches!(&term, Term::Concept(c)
                        if index.concepts.get(c).is_some_and(|p| p.idf <= rank::GENERAL_IDF));
                    if let Term::Concept(c) = term
                        && !general
                        && !concepts.contains(&c)
                    {
                        concepts.push(c);
                    }
                }
                concepts
            })
            .collect();
        let mut label_facts: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (fact, concepts) in label_concepts.iter().enumerate() {
            for concept in concepts {
                label_facts.entry(concept.clone()).or_default().push(fact);
            }
        }
        let label_mass = label_concepts
            .iter()
            .map(|concepts| {
                concepts
                    .iter()
                    .map(|c| index.concepts.get(c).map(|p| p.idf).unwrap_or(0.0))
                    .sum()
            })
            .collect();
        let count_concepts = knowledge
            .facts
            .iter()
            .map(|fact| {
                let counts = fact.counts.as_deref().unwrap_or("");
                index
                    .terms(&tokenize(counts))
                    .into_iter()
                    .filter_map(|t| match t {
                        Term::Concept(c) => Some(c),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let Parts {
            intents,
            small_talk,
            dates,
            people,
            own,
            translated,
        } = parts;
        Engine {
            knowledge,
            index,
            own,
            translated,
            small_talk,
            intent_ids: intents.iter().map(|i| i.id.clone()).collect(),
            label_facts,
            label_mass,
            count_concepts,
            figures: std::sync::OnceLock::new(),
            fact_titles: std::sync::OnceLock::new(),
            dates,
            people,
            involved_places: std::sync::OnceLock::new(),
            own_relative_years: std::sync::OnceLock::new(),
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Builds the lookup indexes of its language packs now ([`Language::warm_up`]): a front end
    /// that answers many questions calls it once, one that answers a single question need not.
    pub fn warm_up(&self) {
        self.knowledge.language.warm_up();
        for (_, language) in &self.knowledge.translations {
            language.warm_up();
        }
    }

    /// [`Engine::warm_up`], and the index's own lookup tables too (its typo index and the
    /// language's places), which are otherwise built on the first question that needs them: for
    /// a front end answering many questions, on a spare core while the first are answered.
    pub fn warm_up_fully(&self) {
        self.warm_up();
        self.index.warm_up();
    }

    /// The index the engine reads questions with (read-only: for routing between statements).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// How the engine speaks about its statement in the statement's language (for front ends'
    /// own texts).
    pub fn voice(&self) -> &Voice {
        &self.own.voice
    }

    /// How the engine speaks in `lang` (the statement's own voice if it has no text in `lang`).
    pub fn voice_in(&self, lang: Lang) -> &Voice {
        &self.localized(lang).voice
    }

    /// The statement's topics with their titles and questions in `lang`.
    pub fn topics_in(&self, lang: Lang) -> &[Topic] {
        &self.localized(lang).topics
    }

    /// The languages replies can be given in: the statement's own, then its translations'.
    pub fn languages(&self) -> Vec<Lang> {
        std::iter::once(&self.own)
            .chain(&self.translated)
            .map(|l| l.lang)
            .collect()
    }

    /// The language `code` names ("ms", "ms-MY"), read as the language of a pack the engine
    /// speaks that lists it as an alias ("id" → ms); `None` when it is no language code.
    pub fn lang_of(&self, code: &str) -> Option<Lang> {
        let lang = Lang::new(code)?;
        let packs = std::iter::once(&self.knowledge.language)
            .chain(self.knowledge.translations.iter().map(|(_, l)| l));
        let aliased = packs
            .map(|p| &p.info)
            .find(|info| info.aliases.iter().any(|a| Lang::new(a) == Some(lang)));
        Some(aliased.map_or(lang, |info| info.code))
    }

    /// The language a reply in `conversation` is given in: the user's fixed choice, else the
    /// conversation's language; the statement's own when the engine has no text in that one.
    pub fn reply_lang(&self, conversation: &Conversation) -> Lang {
        let wanted = conversation.reply_lang.or(conversation.lang);
        self.localized(wanted.unwrap_or(self.own.lang)).lang
    }

    /// The label of fact `id` in `lang` (for a front end's echo of a chosen button).
    pub fn fact_label(&self, id: &str, lang: Lang) -> Option<&str> {
        let index = self.fact_index(id)?;
        self.localized(lang)
            .facts
            .get(index)
            .map(|f| f.label.as_str())
    }

    fn localized(&self, lang: Lang) -> &Localized {
        self.translated
            .iter()
            .find(|l| l.lang == lang)
            .unwrap_or(&self.own)
    }

    /// Answers `question` in a fresh conversation.
    pub fn answer(&self, question: &str) -> Reply {
        self.respond(&mut Conversation::default(), question)
    }

    /// Answers `question` within `conversation`, and updates it: follow-ups are resolved against
    /// what was said before; after a no-answer the conversation starts clean.
    pub fn respond(&self, conversation: &mut Conversation, question: &str) -> Reply {
        self.respond_traced(conversation, question).0
    }

    /// [`Engine::respond`], with the trace of how the reply was reached (the REPL's `:why`).
    pub fn respond_traced(
        &self,
        conversation: &mut Conversation,
        question: &str,
    ) -> (Reply, Trace) {
        if !conversation.is_current() {
            conversation.reset();
        }
        let decision = self.decide(conversation, &Message::new(question));
        self.commit(conversation, decision)
    }

    /// Acts on `decision`, which [`Engine::decide`] made in `conversation`: updates the
    /// conversation and puts the decision into words, exactly as [`Engine::respond_traced`] does
    /// (a front end that weighs several engines' decisions commits to one of them).
    pub fn commit(&self, conversation: &mut Conversation, decision: Decision) -> (Reply, Trace) {
        self.commit_framed(conversation, decision, &|_| Framing::default())
    }

    /// [`Engine::commit`], with words of the caller's around the reply (a library's "From …",
    /// "another statement may say more"), given by `framing` in the reply's language: it is called
    /// with the voice the reply is composed in.
    pub fn commit_framed(
        &self,
        conversation: &mut Conversation,
        decision: Decision,
        framing: &dyn Fn(&Voice) -> Framing,
    ) -> (Reply, Trace) {
        self.remember(conversation, &decision);
        // after `remember`, the conversation's language is this message's (if it showed one)
        let lang = self.reply_lang(conversation);
        let mut reply = self.compose(&decision, lang, framing);
        self.note_untranslated(conversation, &mut reply);
        let mut trace = decision.trace;
        trace.outcome = Some(self.traced_outcome(&decision.outcome));
        (reply, trace)
    }

    /// A reply in the statement's own language to a conversation in a language the statement
    /// has no text in (a Malay question to a fresh English draft) starts with a note, in the
    /// conversation's language, that the statement is only in its own: the reader's pack's
    /// `untranslated` phrase, when the toolkit reads that language.
    fn note_untranslated(&self, conversation: &Conversation, reply: &mut Reply) {
        let Some(wanted) = conversation.reply_lang.or(conversation.lang) else {
            return;
        };
        if wanted == reply.lang || self.languages().contains(&wanted) {
            return;
        }
        let note = self
            .index
            .language_index()
            .translator()
            .filter(|t| t.source() == wanted)
            .and_then(|t| t.untranslated())
            .map(str::trim)
            .filter(|note| !note.is_empty());
        if let Some(note) = note {
            reply.answer = crate::text::truncate_chars(
                &format!("{note} {}", reply.answer),
                crate::limits::MAX_REPLY_CHARS,
            );
        }
    }

    /// The words `decision` would be given in `lang`, changing nothing (a preview of this
    /// statement's answer beside another's).
    pub fn preview(&self, decision: &Decision, lang: Lang) -> Reply {
        self.compose(decision, lang, &|_| Framing::default())
    }

    /// The id of the small-talk intent a [`Outcome::SmallTalk`] decision names.
    pub fn intent_id(&self, intent: usize) -> Option<&str> {
        self.intent_ids.get(intent).map(String::as_str)
    }

    /// Answers a clarification's choice (a button press in a chat): the fact `fact_id`, with the
    /// conversation updated as if the user had picked it in words. `None` when no fact has that
    /// id (a button from an older knowledge base).
    pub fn choose(&self, conversation: &mut Conversation, fact_id: &str) -> Option<Reply> {
        if !conversation.is_current() {
            conversation.reset();
        }
        let index = self.fact_index(fact_id)?;
        let decision = Decision {
            outcome: self.full_answer(index, false),
            trace: Trace::bare(Route::Choice),
            asked: None,
            // a button press shows no language: the conversation's stays
            lang: None,
        };
        self.remember(conversation, &decision);
        let lang = self.reply_lang(conversation);
        Some(self.compose(&decision, lang, &|_| Framing::default()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// An engine whose parts were built beside its index is the engine built on one thread: the
    /// same reply to every example question of the built-in package (and to small talk and a
    /// question in its translation's language), turn by turn in one conversation each.
    #[test]
    fn an_engine_built_beside_its_index_answers_as_one_built_alone() {
        let knowledge = Knowledge::embedded().unwrap();
        let shared = Arc::new(LanguageIndex::new(&knowledge.language, &Toolkit::default()));
        let alone = Engine::with_language(knowledge.clone(), &shared);
        let beside = Engine::with_language_beside(knowledge.clone(), &shared);
        let mut questions: Vec<String> = knowledge
            .facts
            .iter()
            .flat_map(|f| f.examples.iter().cloned())
            .collect();
        questions.extend(
            [
                "hello",
                "thanks!",
                "what else?",
                "bilakah ia ditandatangani",
            ]
            .map(String::from),
        );
        assert!(questions.len() > 20);
        let (mut a, mut b) = (Conversation::default(), Conversation::default());
        for question in &questions {
            let (one, other) = (
                alone.respond(&mut a, question),
                beside.respond(&mut b, question),
            );
            assert_eq!(format!("{one:?}"), format!("{other:?}"), "{question}");
        }
    }
}
