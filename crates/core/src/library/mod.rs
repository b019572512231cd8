//! Many statements in one bot: the loaded statement packages, each with its own [`Engine`], and
//! which of them answers a message.
//!
//! A [`Library`] holds every statement package loaded (all of `knowledge/`, the binary's embedded
//! ones, or those a configuration names); each is an `Arc<Engine>`, and the engines of one language
//! share that language's index ([`LanguageIndex`]). A message is routed (`route`):
//!
//! 1. A pending "which statement?" is settled by its answer ("the second", "the ASEAN one").
//! 2. A message that names other statements than the one in use switches to them: explicitly
//!    ("and in the ASEAN one?", "the Singapore statement"), or by naming a party the statement in
//!    use never speaks of ("what about Indonesia?"). A message that is only such a reference asks
//!    the last question again there.
//! 3. Otherwise the statement in use answers; a follow-up stays in it. When it has no answer (or
//!    only a partial one) and exactly one other statement has a good one, that one answers and is
//!    in use from then on; when several do, the reply says the statement in use doesn't say, and
//!    offers them.
//! 4. With no statement in use, the few statements sharing most words with the question
//!    ([`shortlist`]) each decide; an answer beats a partial beats a no-answer; a clear winner
//!    answers, and answers from different statements that are about as good make the bot ask
//!    which statement was meant. Small talk is answered once, for the whole library.
//!
//! An answer from a statement the library chose (4, or the switch of 3) starts with the
//! statement's name ("From the ASEAN–United States joint statement: …"); one the user chose or was
//! already in does not.
//!
//! A conversation starts in the library's **home** statement when it has one: the one a
//! configuration names, or, when none is named, the only curated package (no `drafted` fields
//! left) beside drafts still being curated. So drafts served next to a curated statement answer
//! what names them or what the curated one lacks, and do not take its questions.
//!
//! Invariants: with one statement loaded, every reply and conversation is exactly the engine's
//! own; the conversation's statement part ([`Conversation::statement`] and the two fields after
//! it) is kept apart from the engine's part, which starts afresh whenever the statement changes;
//! a conversation naming a statement or fact that is gone degrades to a fresh one; no I/O, no
//! panics. (Reloading a library from disk is the front end's: `communique::live`.)

mod names;
mod shortlist;
mod speak;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::conversation::Conversation;
use crate::engine::Framing;
use crate::engine::{Decision, Engine, LanguageIndex, Outcome, Route, Trace};
use crate::knowledge::{Knowledge, LoadError, Problem};
use crate::lang::Toolkit;
use crate::reply::Reply;
use crate::text::{Message, tokenize};
use crate::voice::Voice;

use names::{Mention, Names};
use shortlist::Shortlist;

/// How many statements the shortlist hands to their engines (each costs a full decision; more made
/// no difference on the evaluation sets with five statements, see the README).
const SHORTLIST: usize = 2;
/// How many of the statements a message names are decided.
const NAMED_SHORTLIST: usize = 3;
/// Answers from different statements this close in score make the bot ask which one was meant.
const STATEMENT_MARGIN: f32 = 0.1;
/// How many statements a "which statement?" offers at most.
const MAX_OFFERED: usize = 3;
/// How good another statement's answer must be to be offered beside a no-answer.
const ELSEWHERE_MIN: f32 = 0.6;
/// How many statements a no-answer points to at most.
const MAX_ELSEWHERE: usize = 2;
/// What naming a statement adds to its shortlist score (more than any question's words).
const NAMED_BONUS: f32 = 1_000.0;

/// One statement of the library.
#[derive(Debug, Clone)]
pub struct Entry {
    engine: Arc<Engine>,
}

impl Entry {
    /// The statement package's id.
    pub fn id(&self) -> &str {
        &self.engine.knowledge().id
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Whether a person has curated the package (no field is still listed as `drafted`).
    pub fn is_curated(&self) -> bool {
        self.engine.knowledge().statement.drafted.is_empty()
    }
}

/// The statements loaded, and how messages are routed between them.
#[derive(Debug)]
pub struct Library {
    entries: Vec<Entry>,
    /// The home statement a configuration named, if any (kept across reloads).
    named_home: Option<String>,
    home: Option<usize>,
    /// The statements' names, filed the first time a message is routed between statements (a
    /// library of one never needs them: see [`Library::names`]).
    names: OnceLock<Names>,
    shortlist: Shortlist,
}

/// A statement id the library does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no statement package {0:?} is loaded")]
pub struct UnknownStatement(pub String);

/// How a message was routed (the REPL's `:why` shows it).
#[derive(Debug, Clone, PartialEq)]
pub enum Routing {
    /// The only statement loaded.
    Only,
    /// The statement in use (or the home statement).
    InUse,
    /// The statement the message named.
    Named,
    /// The statement picked in answer to "which statement?".
    Picked,
    /// The best of the statements considered.
    Best(Vec<Considered>),
    /// The only other statement that answers, the one in use having no answer.
    Switched,
    /// A reply about the library, not one statement (small talk, "which statement?", none says).
    Library(Vec<Considered>),
}

/// A statement that decided on a message, as `:why` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Considered {
    pub statement: String,
    pub outcome: &'static str,
    pub score: f32,
}

/// A reply, how it was reached in its statement (none for a reply about the library), and how the
/// message was routed.
#[derive(Debug, Clone)]
pub struct Routed {
    pub reply: Reply,
    pub trace: Option<Trace>,
    pub routing: Routing,
}

impl Library {
    /// A library of `packages`, in the order given, their engines built side by side (one
    /// language index per language pack) with `toolkit`. The home statement is chosen as
    /// described above.
    pub fn new(packages: Vec<Knowledge>, toolkit: &Toolkit) -> Result<Library, LoadError> {
        Ok(Library::from_engines(build_engines(packages, toolkit)?))
    }

    /// A library of engines already built.
    pub fn from_engines(engines: Vec<Arc<Engine>>) -> Library {
        let names = OnceLock::new();
        let shortlist = if engines.len() > 1 {
            // The statements' names, which every question to a library needs, are filed on a
            // second core while this one files the shortlist (neither waits for the other).
            std::thread::scope(|scope| {
                let filing = std::thread::Builder::new()
                    .spawn_scoped(scope, || Names::new(&engines))
                    .ok();
                let shortlist = Shortlist::new(&engines);
                if let Some(filed) = filing.and_then(|f| f.join().ok()) {
                    let _ = names.set(filed);
                }
                shortlist
            })
        } else {
            Shortlist::default()
        };
        let mut library = Library {
            entries: engines.into_iter().map(|engine| Entry { engine }).collect(),
            named_home: None,
            home: None,
            names,
            shortlist,
        };
        library.home = library.implicit_home();
        library
    }

    /// The library with `id` as its home statement (`None`: the implicit home).
    pub fn with_home(mut self, id: Option<&str>) -> Result<Library, UnknownStatement> {
        match id {
            Some(id) => {
                self.home = Some(
                    self.position(id)
                        .ok_or_else(|| UnknownStatement(id.into()))?,
                );
                self.named_home = Some(id.to_string());
            }
            None => {
                self.named_home = None;
                self.home = self.implicit_home();
            }
        }
        Ok(self)
    }

    /// The statements' names ([`Names`]), filed on first use.
    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let engines: Vec<Arc<Engine>> =
                self.entries.iter().map(|e| Arc::clone(&e.engine)).collect();
            Names::new(&engines)
        })
    }

    /// The only statement, or the only curated one beside drafts.
    fn implicit_home(&self) -> Option<usize> {
        if self.entries.len() == 1 {
            return Some(0);
        }
        let curated: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries.get(i).is_some_and(Entry::is_curated))
            .collect();
        match curated.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Builds every statement's lookup indexes now ([`Engine::warm_up`]), and files the
    /// statements' names when there are several.
    pub fn warm_up(&self) {
        for entry in &self.entries {
            entry.engine().warm_up();
        }
        self.warm_up_names();
    }

    /// Files the statements' names now when a message may be routed between statements.
    fn warm_up_names(&self) {
        if self.entries.len() > 1 {
            self.names();
        }
    }

    /// For a front end answering many questions: builds the lookup indexes of the statement most
    /// questions reach (the home statement, or the only one) in full, its typo index and places
    /// included ([`Engine::warm_up_fully`]), and the others' as [`Library::warm_up`] does. A
    /// library of 100 drafts would otherwise hold 100 typo indexes that no question may need
    /// (16 MiB more at peak for `batch` over 100 packages); theirs are built when a question
    /// reaches them.
    pub fn warm_up_for_many(&self) {
        // (the home is the only statement when there is one: see `implicit_home`)
        for (i, entry) in self.entries.iter().enumerate() {
            if Some(i) == self.home {
                entry.engine().warm_up_fully();
            } else {
                entry.engine().warm_up();
            }
        }
        self.warm_up_names();
    }

    /// The statements, in library order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The statement with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id() == id)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id() == id)
    }

    /// The home statement, if the library has one.
    pub fn home(&self) -> Option<&Entry> {
        self.home.and_then(|i| self.entries.get(i))
    }

    /// The home statement a configuration named (kept when the library is reloaded).
    pub fn named_home(&self) -> Option<&str> {
        self.named_home.as_deref()
    }

    /// Whether more than one statement is loaded.
    pub fn is_many(&self) -> bool {
        self.entries.len() > 1
    }

    /// The statement `conversation` is in: the one in use, else the home statement.
    pub fn current(&self, conversation: &Conversation) -> Option<&Entry> {
        self.current_position(conversation)
            .and_then(|i| self.entries.get(i))
    }

    fn current_position(&self, conversation: &Conversation) -> Option<usize> {
        match &conversation.statement {
            Some(id) => self.position(id).or(self.home),
            None => self.home,
        }
    }

    /// The engine that speaks for `conversation` (its statement's, else the home's or the first):
    /// for front ends' own texts.
    pub fn engine_for(&self, conversation: &Conversation) -> Option<&Arc<Engine>> {
        self.current(conversation)
            .or_else(|| self.entries.first())
            .map(Entry::engine)
    }

    /// The language `code` names, as the statements' language packs read it (an alias: "id" →
    /// ms); `None` when it is no language code.
    pub fn lang_of(&self, code: &str) -> Option<crate::lang::Lang> {
        let direct = crate::lang::Lang::new(code)?;
        let aliased = self
            .entries
            .iter()
            .filter_map(|e| e.engine.lang_of(code))
            .find(|&lang| lang != direct);
        Some(aliased.unwrap_or(direct))
    }

    /// Answers `message` in `conversation`, and updates it.
    pub fn respond(&self, conversation: &mut Conversation, message: &str) -> Reply {
        self.respond_traced(conversation, message).reply
    }

    /// [`Library::respond`], with how the reply was reached.
    pub fn respond_traced(&self, conversation: &mut Conversation, message: &str) -> Routed {
        if let [only] = self.entries.as_slice() {
            let (reply, trace) = only.engine.respond_traced(conversation, message);
            return Routed {
                reply,
                trace: Some(trace),
                routing: Routing::Only,
            };
        }
        if !conversation.is_current() {
            conversation.reset();
        }
        // The message is read once: routing and every statement that decides on it share this.
        let text = message;
        let message = Message::new(text);
        let tokens = message.tokens();
        if !conversation.statement_choices.is_empty() {
            let choices = std::mem::take(&mut conversation.statement_choices);
            if let Some(picked) = self.pick(&choices, tokens) {
                return self.ask_again_in(conversation, picked, Routing::Picked);
            }
        }
        let current = self.current_position(conversation);
        let mentions = self.names().find(tokens);
        let incoming = Incoming {
            text,
            message: &message,
        };
        if let Some(targets) = self.switch_targets(&mentions, current) {
            return self.answer_named(conversation, incoming, &mentions, &targets);
        }
        match current {
            Some(current) => self.answer_in_use(conversation, current, incoming),
            None => {
                let mentioned = most_named(&mentions);
                self.answer_best(conversation, incoming, None, &mentioned)
            }
        }
    }

    /// Answers a clarification's choice (a button press): the fact `fact_id` of the statement in
    /// use (or of `statement`, when the button names it). `None` when no such fact is loaded.
    pub fn choose(
        &self,
        conversation: &mut Conversation,
        statement: Option<&str>,
        fact_id: &str,
    ) -> Option<Reply> {
        if let [only] = self.entries.as_slice() {
            return only.engine.choose(conversation, fact_id);
        }
        let position = match statement {
            Some(id) => self.position(id)?,
            None => self.current_position(conversation)?,
        };
        let engine = &self.entries.get(position)?.engine;
        engine.knowledge().fact(fact_id)?;
        self.enter(conversation, position);
        let mut part = conversation.take_library_part();
        let reply = engine.choose(conversation, fact_id);
        part.statement_choices.clear();
        conversation.put_library_part(part);
        reply
    }

    /// The position of statement `id`, which the user named; a conversation written by an older
    /// release starts afresh.
    fn named_position(
        &self,
        conversation: &mut Conversation,
        id: &str,
    ) -> Result<usize, UnknownStatement> {
        let position = self
            .position(id)
            .ok_or_else(|| UnknownStatement(id.to_string()))?;
        if !conversation.is_current() {
            conversation.reset();
        }
        Ok(position)
    }

    /// Answers `question` in statement `id`, which becomes the one in use (a topic button of that
    /// statement).
    pub fn respond_in(
        &self,
        conversation: &mut Conversation,
        id: &str,
        question: &str,
    ) -> Result<Routed, UnknownStatement> {
        let position = self.named_position(conversation, id)?;
        conversation.statement_choices.clear();
        let message = Message::new(question);
        let incoming = Incoming {
            text: question,
            message: &message,
        };
        Ok(self.answer_there(conversation, position, incoming))
    }

    /// Makes `id` the statement in use (`:use ID`, `/use ID`, a statement's button). With a
    /// question pending for a choice of statements, answers it there; otherwise confirms.
    pub fn use_statement(
        &self,
        conversation: &mut Conversation,
        id: &str,
    ) -> Result<Routed, UnknownStatement> {
        let position = self.named_position(conversation, id)?;
        let pending = !conversation.statement_choices.is_empty() && conversation.asked.is_some();
        conversation.statement_choices.clear();
        if pending {
            return Ok(self.ask_again_in(conversation, position, Routing::Picked));
        }
        self.enter(conversation, position);
        Ok(Routed {
            reply: self.used(position, conversation.reply_lang.or(conversation.lang)),
            trace: None,
            routing: Routing::Named,
        })
    }

    /// The statement a message picks among `choices` (ids, in the order offered): by position
    /// ("the second", "the last one") or by naming exactly one of them ("the ASEAN one").
    fn pick(&self, choices: &[String], tokens: &[String]) -> Option<usize> {
        let positions: Vec<usize> = choices.iter().filter_map(|id| self.position(id)).collect();
        let words = &self.entries.first()?.engine.knowledge().language.follow_up;
        let ordinal = tokens.iter().find_map(|t| {
            if words.last.iter().any(|w| w == t) {
                return positions.len().checked_sub(1);
            }
            words
                .ordinals
                .iter()
                .position(|names| names.iter().any(|w| w == t))
                .filter(|&n| n < positions.len())
        });
        let mentions = self.names().find(tokens);
        // Only a message that does nothing but choose picks ("the second one", "the ASEAN one"):
        // "when was the first MoU signed?" is a question of its own.
        let first = self.entries.first()?;
        let choosing = |t: &String| {
            words.last.contains(t) || words.ordinals.iter().any(|names| names.contains(t))
        };
        if !self.names_only(&first.engine, tokens, &mentions, choosing) {
            return None;
        }
        if let Some(n) = ordinal {
            return positions.get(n).copied();
        }
        let mut named: Vec<usize> = mentions
            .into_iter()
            .map(|m| m.entry)
            .filter(|e| positions.contains(e))
            .collect();
        named.sort_unstable();
        named.dedup();
        match named.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Makes `position` the statement of `conversation`: the engine's part starts afresh when the
    /// statement changes.
    fn enter(&self, conversation: &mut Conversation, position: usize) {
        let Some(entry) = self.entries.get(position) else {
            return;
        };
        if conversation.statement.as_deref() != Some(entry.id()) {
            let mut part = conversation.take_library_part();
            conversation.reset();
            part.statement = Some(entry.id().to_string());
            conversation.put_library_part(part);
        }
    }

    /// Decides `message` in statement `position` within `conversation` (entered first).
    fn decide_in(
        &self,
        conversation: &mut Conversation,
        position: usize,
        message: &Message,
    ) -> Option<Decision> {
        self.enter(conversation, position);
        let engine = &self.entries.get(position)?.engine;
        Some(engine.decide(conversation, message))
    }

    /// Commits `decision` (made by statement `position` in `conversation` on `question`): the
    /// engine updates its part and composes the reply with the library's `framing` words; the
    /// library remembers the statement and the question.
    fn commit(
        &self,
        conversation: &mut Conversation,
        position: usize,
        question: &str,
        decision: Decision,
        framing: &dyn Fn(&Voice) -> Framing,
    ) -> (Reply, Trace) {
        let remember = decision.topical() && !matches!(decision.trace.route, Route::Choice);
        let lang = decision.lang;
        let mut part = conversation.take_library_part();
        let (reply, trace) = match self.entries.get(position) {
            Some(entry) => {
                part.statement = Some(entry.id().to_string());
                entry.engine.commit_framed(conversation, decision, framing)
            }
            None => (
                self.nothing(self.voice_of(conversation, lang)),
                Trace::bare(Route::Empty),
            ),
        };
        conversation.put_library_part(part);
        if remember {
            conversation.remember_asked(question);
        }
        (reply, trace)
    }

    /// The statement in use answers; a no-answer offers the statements that have one.
    fn answer_in_use(
        &self,
        conversation: &mut Conversation,
        current: usize,
        asked: Incoming,
    ) -> Routed {
        let Some(decision) = self.decide_in(conversation, current, asked.message) else {
            return self.library_reply(self.nothing(self.voice_of(conversation, None)), Vec::new());
        };
        let offers = match &decision.outcome {
            Outcome::NoAnswer { .. } if decision.topical() => {
                self.elsewhere(conversation, asked.message, current, 0.0)
            }
            Outcome::Partial { score, .. } => {
                self.elsewhere(conversation, asked.message, current, *score)
            }
            _ => Vec::new(),
        };
        // Exactly one other statement has the answer: it answers (and is in use from now on),
        // with the decision it made.
        if let [(only, decision)] = offers.as_slice() {
            self.enter(conversation, *only);
            let answers = matches!(decision.outcome, Outcome::Answer { .. });
            let framing = |voice: &Voice| self.source_framing(voice, *only, answers);
            let (reply, trace) =
                self.commit(conversation, *only, asked.text, decision.clone(), &framing);
            return Routed {
                reply,
                trace: Some(trace),
                routing: Routing::Switched,
            };
        }
        let offered: Vec<usize> = offers.iter().map(|(i, _)| *i).collect();
        let framing = |voice: &Voice| self.elsewhere_framing(voice, &offered);
        let (reply, trace) = self.commit(conversation, current, asked.text, decision, &framing);
        if !offered.is_empty() {
            conversation.statement_choices = offered
                .iter()
                .filter_map(|&i| self.entries.get(i))
                .map(|e| e.id().to_string())
                .collect();
            conversation.remember_asked(asked.text);
        }
        Routed {
            reply,
            trace: Some(trace),
            routing: Routing::InUse,
        }
    }

    /// Other statements that answer `message` well, and better than `beat` (for a no-answer or a
    /// partial answer in `current`), with the decision each made (as it would in `conversation`
    /// once it is the statement in use).
    fn elsewhere(
        &self,
        conversation: &Conversation,
        message: &Message,
        current: usize,
        beat: f32,
    ) -> Vec<(usize, Decision)> {
        let entered = entered(conversation);
        self.shortlist
            .top(message.tokens(), SHORTLIST, Some(current))
            .into_iter()
            .filter_map(|i| Some((i, self.entries.get(i)?.engine.decide(&entered, message))))
            .filter(|(_, d)| {
                matches!(d.outcome,
                    Outcome::Answer { score, .. } if score >= ELSEWHERE_MIN && score > beat)
            })
            .take(MAX_ELSEWHERE)
            .collect()
    }

    /// The statements a message switches to, if it names statements other than the one in use:
    /// explicitly, or by a party the statement in use never speaks of. The statements naming the
    /// most of the parties named win.
    fn switch_targets(&self, mentions: &[Mention], current: Option<usize>) -> Option<Vec<usize>> {
        let explicit = mentions.iter().any(|m| m.explicit);
        let counted: Vec<&Mention> = if explicit {
            mentions.iter().collect()
        } else {
            let engine = current.and_then(|c| self.entries.get(c)).map(|e| &e.engine);
            mentions
                .iter()
                .filter(|m| Some(m.entry) != current)
                .filter(|m| engine.is_none_or(|e| !names::speaks_of(e, &self.mention_tokens(m))))
                .collect()
        };
        if !explicit && current.is_none() {
            // With no statement in use, a bare mention only weighs in the choice (see answer_best).
            return None;
        }
        let targets = most_named(counted);
        if targets.is_empty() || (targets.len() == 1 && targets.first().copied() == current) {
            return None;
        }
        if !explicit && current.is_some_and(|c| parties_named(mentions, c)) {
            // The message also names the statement in use: it stays.
            return None;
        }
        Some(targets)
    }

    /// The tokens of a mention's alias.
    fn mention_tokens(&self, mention: &Mention) -> Vec<String> {
        self.entries
            .get(mention.entry)
            .map(|e| {
                let parties = &e.engine.knowledge().statement.parties;
                parties
                    .get(mention.party)
                    .map(|p| tokenize(p))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// Whether `tokens` say nothing but which statements they mean: without their `mentions`, the
    /// words that name statements in general ("statement") and those `also_naming` accepts, they
    /// hold nothing `engine` could answer.
    fn names_only(
        &self,
        engine: &Engine,
        tokens: &[String],
        mentions: &[Mention],
        also_naming: impl Fn(&String) -> bool,
    ) -> bool {
        let rest: Vec<String> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                !mentions.iter().any(|m| (m.start..m.end).contains(i))
                    && !self.names().is_statement_word(t)
                    && !also_naming(t)
            })
            .map(|(_, t)| t.clone())
            .collect();
        !engine.has_content(&Message::from_tokens(rest))
    }

    /// Answers a message that names statements: only a reference ("and in the ASEAN one?") asks
    /// the last question again there; a question of its own is asked there.
    fn answer_named(
        &self,
        conversation: &mut Conversation,
        incoming: Incoming,
        mentions: &[Mention],
        targets: &[usize],
    ) -> Routed {
        let tokens = incoming.message.tokens();
        let reference_only = targets
            .first()
            .and_then(|&t| self.entries.get(t))
            .is_some_and(|e| self.names_only(&e.engine, tokens, mentions, |_| false));
        // A reference alone asks the last question again: that is the message to read.
        let again = reference_only
            .then(|| conversation.asked.clone())
            .flatten()
            .map(|text| (Message::new(&text), text));
        let question = match &again {
            Some((message, text)) => Some(Incoming { text, message }),
            None => (!reference_only).then_some(incoming),
        };
        match (question, targets) {
            (Some(question), [one]) => self.answer_there(conversation, *one, question),
            (Some(question), _) => self.answer_best(conversation, question, Some(targets), &[]),
            (None, [one]) => {
                self.enter(conversation, *one);
                Routed {
                    reply: self.used(*one, conversation.reply_lang.or(conversation.lang)),
                    trace: None,
                    routing: Routing::Named,
                }
            }
            (None, many) => {
                let offered: Vec<usize> = many.iter().copied().take(MAX_OFFERED).collect();
                self.which(conversation, &offered, None, &[], None)
            }
        }
    }

    /// With no statement in use (or several named): the statements that may be meant each decide;
    /// an answer beats a partial beats a no-answer; answers about as good from different
    /// statements make the bot ask which one was meant. `fixed` gives the statements to consider
    /// (else the shortlist, with the `mentioned` ones); mentioned statements win close calls.
    fn answer_best(
        &self,
        conversation: &mut Conversation,
        incoming: Incoming,
        fixed: Option<&[usize]>,
        mentioned: &[usize],
    ) -> Routed {
        let tokens = incoming.message.tokens();
        // Named statements first (those naming the most of the parties named), then by the words
        // they share with the question; only the best few are decided.
        let named: Vec<(usize, f32)> = mentioned.iter().map(|&m| (m, NAMED_BONUS)).collect();
        let mut candidates: Vec<usize> = match fixed {
            Some(list) => self.shortlist.top_with(
                tokens,
                NAMED_SHORTLIST,
                |e| list.contains(&e),
                &list.iter().map(|&t| (t, NAMED_BONUS)).collect::<Vec<_>>(),
            ),
            None => self.shortlist.top_with(tokens, SHORTLIST, |_| true, &named),
        };
        if candidates.is_empty() {
            // Nothing shares a word with the message: the first statement reads it (small talk,
            // nonsense).
            candidates.push(0);
        }
        // Each statement decides once, as it would once in use; the winner's decision is committed.
        let entered = entered(conversation);
        let decided: Vec<(usize, Decision)> = candidates
            .iter()
            .filter_map(|&i| {
                Some((
                    i,
                    self.entries
                        .get(i)?
                        .engine
                        .decide(&entered, incoming.message),
                ))
            })
            .collect();
        let considered: Vec<Considered> = decided
            .iter()
            .filter_map(|(i, d)| {
                Some(Considered {
                    statement: self.entries.get(*i)?.id().to_string(),
                    outcome: outcome_name(&d.outcome),
                    score: outcome_score(&d.outcome),
                })
            })
            .collect();
        let key = |(i, d): &(usize, Decision)| {
            (
                rank(&d.outcome),
                mentioned.contains(i),
                outcome_score(&d.outcome),
            )
        };
        let Some(best) = decided
            .iter()
            .max_by(|a, b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.cmp(&kb.0)
                    .then(ka.1.cmp(&kb.1))
                    .then(ka.2.total_cmp(&kb.2))
                    .then(b.0.cmp(&a.0))
            })
            .cloned()
        else {
            return self.library_reply(self.nothing(self.voice_of(conversation, None)), considered);
        };
        // The library's own reply is in the language the message was read in.
        let read = decided.iter().find_map(|(_, d)| d.lang);
        let (best_at, best_decision) = best;
        let best_rank = rank(&best_decision.outcome);
        let best_score = outcome_score(&best_decision.outcome);
        let best_mentioned = mentioned.contains(&best_at);
        match best_rank {
            ANSWERED.. => {
                let rivals: Vec<&(usize, Decision)> = decided
                    .iter()
                    .filter(|(i, d)| {
                        *i != best_at
                            && rank(&d.outcome) >= ANSWERED
                            && outcome_score(&d.outcome) >= best_score - STATEMENT_MARGIN
                            && (!best_mentioned || mentioned.contains(i))
                    })
                    .collect();
                if rivals.is_empty() {
                    return self.commit_best(
                        conversation,
                        best_at,
                        incoming.text,
                        best_decision,
                        considered,
                    );
                }
                let mut offered = vec![(best_at, best_decision)];
                offered.extend(rivals.into_iter().cloned());
                offered.truncate(MAX_OFFERED);
                let positions: Vec<usize> = offered.iter().map(|(i, _)| *i).collect();
                let mut routed = self.which(
                    conversation,
                    &positions,
                    Some(incoming.text),
                    &offered,
                    read,
                );
                routed.routing = Routing::Library(considered);
                routed
            }
            PARTIAL => self.commit_best(
                conversation,
                best_at,
                incoming.text,
                best_decision,
                considered,
            ),
            SMALL_TALK => {
                let intent = match &best_decision.outcome {
                    Outcome::SmallTalk { intent } => self
                        .entries
                        .get(best_at)
                        .and_then(|e| e.engine.intent_id(*intent)),
                    _ => None,
                };
                let voice = self.voice_of(conversation, read);
                self.library_reply(self.small_talk(intent, voice), considered)
            }
            _ => {
                let contentless = matches!(
                    &best_decision.outcome,
                    Outcome::NoAnswer {
                        why: crate::engine::NoAnswer::Empty
                            | crate::engine::NoAnswer::NothingToMatch,
                        ..
                    }
                );
                let voice = self.voice_of(conversation, read);
                if contentless {
                    self.library_reply(self.empty(voice), considered)
                } else {
                    conversation.remember_asked(incoming.text);
                    self.library_reply(self.nothing(voice), considered)
                }
            }
        }
    }

    /// Commits the best statement's decision on `question`: it becomes the statement in use, and
    /// its answer is led by its name.
    fn commit_best(
        &self,
        conversation: &mut Conversation,
        position: usize,
        question: &str,
        decision: Decision,
        considered: Vec<Considered>,
    ) -> Routed {
        self.enter(conversation, position);
        let answers = matches!(decision.outcome, Outcome::Answer { .. });
        let framing = |voice: &Voice| self.source_framing(voice, position, answers);
        let (reply, trace) = self.commit(conversation, position, question, decision, &framing);
        Routed {
            reply,
            trace: Some(trace),
            routing: Routing::Best(considered),
        }
    }

    /// Asks the pending question (the last one asked) in statement `position`.
    fn ask_again_in(
        &self,
        conversation: &mut Conversation,
        position: usize,
        routing: Routing,
    ) -> Routed {
        match conversation.asked.clone() {
            Some(text) => {
                let message = Message::new(&text);
                let incoming = Incoming {
                    text: &text,
                    message: &message,
                };
                let mut routed = self.answer_there(conversation, position, incoming);
                routed.routing = routing;
                routed
            }
            None => {
                self.enter(conversation, position);
                Routed {
                    reply: self.used(position, conversation.reply_lang.or(conversation.lang)),
                    trace: None,
                    routing,
                }
            }
        }
    }

    /// Answers `question` in statement `position`, whatever it says (the user chose it).
    fn answer_there(
        &self,
        conversation: &mut Conversation,
        position: usize,
        question: Incoming,
    ) -> Routed {
        match self.decide_in(conversation, position, question.message) {
            Some(decision) => {
                let (reply, trace) =
                    self.commit(conversation, position, question.text, decision, &|_| {
                        Framing::default()
                    });
                Routed {
                    reply,
                    trace: Some(trace),
                    routing: Routing::Named,
                }
            }
            None => self.library_reply(self.nothing(self.voice_of(conversation, None)), Vec::new()),
        }
    }
}

/// A message as it reaches the library: its text (remembered to be asked again elsewhere) and
/// the message read once from it.
#[derive(Clone, Copy)]
struct Incoming<'a> {
    text: &'a str,
    message: &'a Message,
}

/// `conversation` as a statement entering it sees it: its language and reply language, and
/// nothing of another statement's or of the library's part.
fn entered(conversation: &Conversation) -> Conversation {
    let mut entered = conversation.clone();
    entered.take_library_part();
    entered.reset();
    entered
}

/// Outcomes from best to worst, for comparing statements' decisions.
const ANSWERED: u8 = 3;
const PARTIAL: u8 = 2;
const SMALL_TALK: u8 = 1;

fn rank(outcome: &Outcome) -> u8 {
    match outcome {
        Outcome::Answer { .. } => ANSWERED + 1,
        Outcome::Clarify { .. } => ANSWERED,
        Outcome::Partial { .. } => PARTIAL,
        Outcome::SmallTalk { .. } => SMALL_TALK,
        Outcome::NoAnswer { .. } => 0,
    }
}

fn outcome_score(outcome: &Outcome) -> f32 {
    match outcome {
        Outcome::Answer { score, .. }
        | Outcome::Clarify { score, .. }
        | Outcome::Partial { score, .. }
        | Outcome::NoAnswer { score, .. } => *score,
        Outcome::SmallTalk { .. } => 0.0,
    }
}

fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Answer { .. } => "answer",
        Outcome::Clarify { .. } => "clarify",
        Outcome::Partial { .. } => "partial",
        Outcome::SmallTalk { .. } => "small talk",
        Outcome::NoAnswer { .. } => "no answer",
    }
}

/// The statements `mentions` name the most parties of, in order; none for no mentions.
fn most_named<'a>(mentions: impl IntoIterator<Item = &'a Mention>) -> Vec<usize> {
    let mut parties: HashMap<usize, Vec<usize>> = HashMap::new();
    for m in mentions {
        let named = parties.entry(m.entry).or_default();
        if !named.contains(&m.party) {
            named.push(m.party);
        }
    }
    let most = parties.values().map(Vec::len).max().unwrap_or(0);
    let mut best: Vec<usize> = parties
        .into_iter()
        .filter(|(_, p)| p.len() == most)
        .map(|(e, _)| e)
        .collect();
    best.sort_unstable();
    best
}

/// Whether `mentions` name statement `entry`.
fn parties_named(mentions: &[Mention], entry: usize) -> bool {
    mentions.iter().any(|m| m.entry == entry)
}

/// `work` done on every item, on as many threads as the machine has cores (each taking the next
/// item), results in the items' order; `None` where a thread failed (a bug: nothing here panics).
pub fn side_by_side<T: Send, R: Send>(
    items: Vec<T>,
    work: impl Fn(T) -> R + Sync,
) -> Vec<Option<R>> {
    let count = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let done: Vec<Mutex<Option<R>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else { break };
            let item = slot.lock().map(|mut s| s.take()).unwrap_or(None);
            if let (Some(item), Some(out)) = (item, done.get(i)) {
                let result = work(item);
                if let Ok(mut out) = out.lock() {
                    *out = Some(result);
                }
            }
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count)
        .max(1);
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, worker).ok())
            .collect();
        worker();
        for helper in helpers {
            let _ = helper.join();
        }
    });
    done.into_iter()
        .map(|d| d.into_inner().ok().flatten())
        .collect()
}

/// A package to build, with its language's shared index.
type Job = (Knowledge, Arc<LanguageIndex>);

/// Builds the engines of `packages` side by side (as many threads as the machine has cores), the
/// packages of one language over one shared [`LanguageIndex`] (with `toolkit`'s stemmer and
/// translators).
pub fn build_engines(
    packages: Vec<Knowledge>,
    toolkit: &Toolkit,
) -> Result<Vec<Arc<Engine>>, LoadError> {
    build_engines_over(packages, toolkit, Vec::new())
}

/// [`build_engines`] over language layers built already (`shared`, one per language pack, from
/// [`LanguageIndex::new`] with the same `toolkit`): a loader builds them while the packages are
/// still being parsed.
pub fn build_engines_over(
    packages: Vec<Knowledge>,
    toolkit: &Toolkit,
    mut shared: Vec<Arc<LanguageIndex>>,
) -> Result<Vec<Arc<Engine>>, LoadError> {
    let mut jobs: Vec<Job> = Vec::with_capacity(packages.len());
    for knowledge in packages {
        let index = match shared
            .iter()
            .find(|s| Arc::ptr_eq(s.language(), &knowledge.language))
        {
            Some(index) => Arc::clone(index),
            None => {
                let index = Arc::new(LanguageIndex::new(&knowledge.language, toolkit));
                shared.push(Arc::clone(&index));
                index
            }
        };
        jobs.push((knowledge, index));
    }
    let ids: Vec<String> = jobs.iter().map(|(k, _)| k.id.clone()).collect();
    // One package: its engine is built on this thread, with a second core for the parts its
    // index does not go into; several: a package a core.
    let alone = jobs.len() == 1;
    let built = side_by_side(jobs, |(knowledge, index)| {
        Ok(Arc::new(if alone {
            Engine::with_language_beside(knowledge, &index)
        } else {
            Engine::with_language(knowledge, &index)
        }))
    });
    gather_engines(built, ids)
}

/// The engines built side by side (`built`, a slot per package, named by `names`), or the
/// problems of every package that did not load; an empty slot (its thread failed) is a problem of
/// its own.
pub fn gather_engines(
    built: Vec<Option<Result<Arc<Engine>, LoadError>>>,
    names: Vec<String>,
) -> Result<Vec<Arc<Engine>>, LoadError> {
    let mut engines = Vec::with_capacity(built.len());
    let mut problems = Vec::new();
    for (slot, name) in built.into_iter().zip(names) {
        match slot {
            Some(Ok(engine)) => engines.push(engine),
            Some(Err(LoadError { problems: found })) => problems.extend(found),
            None => problems.push(Problem {
                file: name,
                line: None,
                message: crate::messages::INDEX_NOT_BUILT.to_string(),
            }),
        }
    }
    if problems.is_empty() {
        Ok(engines)
    } else {
        Err(LoadError { problems })
    }
}
