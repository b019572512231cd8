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
//! **Invariants: the engine does no I/O and never panics; the same question and conversation always
//! give the same reply; a reply without a fact never quotes one as its answer; nothing
//! statement-specific is written here (it all comes from the knowledge).**

mod compose;
mod decision;
mod follow_up;
pub mod index;
mod memory;
pub mod message;
pub mod question;
mod rank;
pub mod reply;
mod small_talk;
pub mod spelling;

use std::sync::Arc;

use crate::conversation::Conversation;
use crate::knowledge::{Intent, Knowledge};
use crate::text::tokenize;
use crate::voice::Voice;

pub use decision::{
    AnswerForm, Decision, FollowUpKind, NoAnswer, Outcome, Route, Trace, TracedCandidate,
};
pub use index::{Index, LanguageIndex, Term};
pub use question::{Analysis, analyse, read};
pub use rank::{Candidate, fits};
pub use reply::{Choice, Citation, Reply, ReplyKind, StatementChoice};

/// The engine: knowledge plus its index, immutable once built, shareable across threads.
#[derive(Debug)]
pub struct Engine {
    knowledge: Knowledge,
    index: Index,
    voice: Voice,
    /// Small talk: the language pack's intents, then the package's own (which replace the
    /// language's of the same id).
    intents: Vec<Intent>,
    /// Per intent: its patterns as token lists.
    intent_patterns: Vec<Vec<Vec<String>>>,
    /// Per fact: the concepts of its label (the fact's name), and their summed weight.
    label_concepts: Vec<Vec<String>>,
    label_mass: Vec<f32>,
}

impl Engine {
    pub fn new(knowledge: Knowledge) -> Engine {
        let shared = Arc::new(LanguageIndex::new(&knowledge.language));
        Engine::with_language(knowledge, &shared)
    }

    /// An engine over its language's shared index (built once for every statement of that
    /// language: see [`LanguageIndex`]); the same engine as [`Engine::new`] builds, cheaper.
    pub fn with_language(knowledge: Knowledge, shared: &Arc<LanguageIndex>) -> Engine {
        let index = Index::build_over(&knowledge, shared);
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
        let label_mass = label_concepts
            .iter()
            .map(|concepts| {
                concepts
                    .iter()
                    .map(|c| index.concepts.get(c).map(|p| p.idf).unwrap_or(0.0))
                    .sum()
            })
            .collect();
        // The package's own intents replace the language pack's of the same id; the language's
        // patterns are read once, in the shared index.
        let own = |id: &str| knowledge.intents.iter().any(|i| i.id == id);
        let shared_patterns = index.shared_intent_patterns();
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
        let voice = Voice::new(&knowledge);
        Engine {
            knowledge,
            index,
            voice,
            intents,
            intent_patterns,
            label_concepts,
            label_mass,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The index the engine reads questions with (read-only: for routing between statements).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// How the engine speaks about its statement (for front ends' own texts).
    pub fn voice(&self) -> &Voice {
        &self.voice
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
        let decision = self.decide(conversation, question);
        self.commit(conversation, question, decision)
    }

    /// Acts on `decision`, which [`Engine::decide`] made for `question` in `conversation`: updates
    /// the conversation and puts the decision into words, exactly as [`Engine::respond_traced`]
    /// does (a front end that weighs several engines' decisions commits to one of them).
    pub fn commit(
        &self,
        conversation: &mut Conversation,
        question: &str,
        decision: Decision,
    ) -> (Reply, Trace) {
        self.remember(conversation, &decision, question);
        (self.compose(&decision), decision.trace)
    }

    /// The id of the small-talk intent a [`Outcome::SmallTalk`] decision names.
    pub fn intent_id(&self, intent: usize) -> Option<&str> {
        self.intents.get(intent).map(|i| i.id.as_str())
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
            topical: false,
        };
        let label = self.knowledge.facts.get(index)?.label.clone();
        self.remember(conversation, &decision, &label);
        Some(self.compose(&decision))
    }
}
