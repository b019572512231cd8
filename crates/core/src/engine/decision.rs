//! The engine's decision for one message, before it is put into words: an [`Outcome`] (answer,
//! clarify, partial, no-answer, small talk) and the [`Trace`] of how it was reached.
//!
//! [`Engine::decide`] reads a message in its conversation and chooses; it changes nothing (the
//! conversation is updated from the same decision by `memory`, the words come from `compose`).
//! Invariants: a decision names facts by their position in the knowledge, every one of which
//! exists; the trace records what was actually used (the kind after context, the terms the
//! conversation lent), so `:why` explains the reply that was given, not a fresh reading.

use crate::conversation::{Asked, Conversation};
use crate::knowledge::Kind;
use crate::lang::Lang;
use crate::text::{Message, tokenize};

use super::Engine;
use super::index::Term;
use super::question::{Analysis, read};
use super::rank::Candidate;
use super::reading::Reading;

/// A fact must explain at least this share of the question's weight to be the answer.
pub(super) const ANSWER_MIN: f32 = 0.5;
/// Below the answer threshold, a fact this close is named as the nearest topic.
const POINTER_MIN: f32 = 0.25;
/// A fact of the right kind is preferred unless another fits this much better.
const KIND_TOLERANCE: f32 = 0.65;
/// Two candidates closer than this are ambiguous.
const CLARIFY_MARGIN: f32 = 0.06;
/// A yes/no question is answered "Yes" when its answer covers this much of it (all of it, but for
/// rounding).
const CONFIRM_MIN: f32 = 0.99;
/// A fact worked out from the statement must lead one the statement says by this much.
const DERIVED_MARGIN: f32 = 0.02;
/// How many candidates a trace keeps.
const TRACE_TOP: usize = 8;
/// How many unknown words a no-answer names.
const UNKNOWN_NAMED: usize = 3;

/// What the engine decided for one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    pub trace: Trace,
    /// What the message asked, when it had a topic of its own (a later follow-up may borrow it).
    pub asked: Option<Asked>,
    /// The language the message was read in (the one it shows, else the conversation's); `None`
    /// when neither says. Memory keeps it as the conversation's language; replies are in it
    /// unless the user fixed another.
    pub lang: Option<Lang>,
}

/// What to say.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Answer from this fact.
    Answer {
        fact: usize,
        score: f32,
        form: AnswerForm,
    },
    /// Two facts fit equally well: ask which was meant.
    Clarify {
        first: usize,
        second: usize,
        score: f32,
    },
    /// The question asks for a detail (`detail`) the fact it is about does not give: say so, and
    /// what the statement does say about it. (No fact is the answer.)
    Partial {
        fact: usize,
        detail: Kind,
        /// For a date the fact gives less precisely than asked ("which month" of a year): how
        /// precise the question was.
        precision: Option<Precision>,
        score: f32,
    },
    /// The statement holds no answer.
    NoAnswer { why: NoAnswer, score: f32 },
    /// Small talk: the intent at this position of the engine's intents.
    SmallTalk { intent: usize },
}

/// How precise a date a "when" question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Month,
    Day,
    /// A time of day ("what time").
    Time,
}

impl Precision {
    /// Its key in a language pack's `[reply.precision]`.
    pub fn key(self) -> &'static str {
        match self {
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Time => "time",
        }
    }
}

/// How an answer is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerForm {
    /// The fact's answer.
    Plain,
    /// "Yes." then the answer (a yes/no question whose subject the statement mentions).
    Yes,
    /// "Tell me more" with nothing more to show: the statement's own words (the fact's quote).
    Quote,
    /// A list item (`item`) the fact names but says no more about.
    Item(String),
}

/// Why the statement holds no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum NoAnswer {
    /// The message was empty.
    Empty,
    /// The message held only filler words.
    NothingToMatch,
    /// Nothing in the question matched the statement well enough; `closest` is a fact near it.
    Unmatched { closest: Option<usize> },
    /// The question names words the statement never uses; `closest` is a fact near it.
    NotMentioned {
        terms: Vec<String>,
        closest: Option<usize>,
    },
    /// A follow-up asks for a detail neither the last fact nor its relatives carry.
    FollowUpDetail { detail: Kind, fact: usize },
    /// "Tell me more" when the fact has nothing more to show.
    NothingMore { fact: usize },
    /// The question rests on an event the fact does not tell of ("why did they reject …?").
    FalsePremise { fact: usize },
    /// The question names countries (`named`, in the user's words) the statement is neither
    /// between nor mentions: it is about other parties. With `pair`, `named` are two countries
    /// the question joins as one pair ("what did Japan and Australia agree …?"), one a party and
    /// one not: the statement may mention the other, but it is not their statement.
    OtherParties { named: Vec<String>, pair: bool },
    /// A follow-up asks a detail about a person (a pronoun) the matching fact is not about.
    OtherPerson {
        detail: Kind,
        person: String,
        fact: usize,
    },
}

/// How the engine reached its decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub route: Route,
    /// The kind of detail asked for (after context: an ellipsis borrows the last question's).
    pub kind: Kind,
    /// (typed, corrected) pairs.
    pub corrections: Vec<(String, String)>,
    /// The question's own terms.
    pub terms: Vec<Term>,
    /// Words left out as chatter or context ("lol", "my lecturer").
    pub dropped: Vec<String>,
    /// Words read through the lexicon: (typed, the concept taken for it).
    pub related: Vec<(String, String)>,
    /// Words of an event undone or refused, checked against the answer (a false premise).
    pub premises: Vec<String>,
    /// Terms the conversation lent (follow-ups only).
    pub context: Vec<Term>,
    /// The best candidates, best first.
    pub candidates: Vec<TracedCandidate>,
    /// The English the engine read, when the message was translated (Malay); memory keeps this
    /// as the question a follow-up may borrow.
    pub read_as: Option<String>,
    /// What was decided, by fact id: set when the decision is committed (a question log records
    /// it; `None` in a decision not yet acted on).
    pub outcome: Option<TracedOutcome>,
}

/// An [`Outcome`] as a trace records it: facts by id, the reason as a word.
#[derive(Debug, Clone, PartialEq)]
pub struct TracedOutcome {
    pub kind: OutcomeKind,
    /// The fact answered from (answer), offered first (clarify), whose detail is missing
    /// (partial), or pointed to (a no-answer's nearest fact, the fact a false premise or a missing
    /// detail was checked against); `None` when no fact is involved.
    pub fact: Option<String>,
    pub score: f32,
    /// Why there is no answer (`not-mentioned`, `unmatched`, `false-premise`, ...), the detail a
    /// partial answer lacks (`who`, `when`, ...), or the small-talk intent's id.
    pub detail: Option<String>,
}

/// The kinds of [`Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    Answer,
    Clarify,
    Partial,
    NoAnswer,
    SmallTalk,
}

impl OutcomeKind {
    /// The kind's name in logs and reports (`answer`, `clarify`, `partial`, `no-answer`,
    /// `small-talk`).
    pub fn name(self) -> &'static str {
        match self {
            OutcomeKind::Answer => "answer",
            OutcomeKind::Clarify => "clarify",
            OutcomeKind::Partial => "partial",
            OutcomeKind::NoAnswer => "no-answer",
            OutcomeKind::SmallTalk => "small-talk",
        }
    }
}

impl NoAnswer {
    /// Why, as a word of logs and reports.
    pub fn name(&self) -> &'static str {
        match self {
            NoAnswer::Empty => "empty",
            NoAnswer::NothingToMatch => "nothing-to-match",
            NoAnswer::Unmatched { .. } => "unmatched",
            NoAnswer::NotMentioned { .. } => "not-mentioned",
            NoAnswer::FollowUpDetail { .. } => "follow-up-detail",
            NoAnswer::NothingMore { .. } => "nothing-more",
            NoAnswer::FalsePremise { .. } => "false-premise",
            NoAnswer::OtherParties { .. } => "other-parties",
            NoAnswer::OtherPerson { .. } => "other-person",
        }
    }

    /// The fact the reply points to or was checked against, if any.
    pub fn fact(&self) -> Option<usize> {
        match self {
            NoAnswer::Empty | NoAnswer::NothingToMatch | NoAnswer::OtherParties { .. } => None,
            NoAnswer::Unmatched { closest } | NoAnswer::NotMentioned { closest, .. } => *closest,
            NoAnswer::FollowUpDetail { fact, .. }
            | NoAnswer::NothingMore { fact }
            | NoAnswer::FalsePremise { fact }
            | NoAnswer::OtherPerson { fact, .. } => Some(*fact),
        }
    }
}

/// How a message was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Empty input.
    Empty,
    /// A whole message of small talk.
    SmallTalk,
    /// The answer to a pending clarification.
    Choice,
    /// A follow-up of the conversation.
    FollowUp(FollowUpKind),
    /// A question naming only the statement's parties: the overview fact.
    Overview,
    /// A question of its own, ranked against every fact.
    Question,
}

/// Which kind of follow-up a message was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    /// "The second one": a position in the last answer's list.
    ListItem,
    /// "Tell me more".
    More,
    /// "Why?", "when?": a detail of the last fact.
    Detail,
    /// "Which ones?": the last list again.
    List,
    /// "Tell me about him", "what is it about?": the person or the last answer again.
    About,
    /// A pronoun, demonstrative or ellipsis: the question ranked with context.
    Context,
    /// "No, I meant the Paris one": the last question asked again of what the message names.
    Correction,
}

/// A candidate fact as the trace shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TracedCandidate {
    pub fact: String,
    pub score: f32,
    pub coverage: f32,
    pub fits_kind: bool,
}

impl Trace {
    /// The trace of a message read without analysis (empty input, whole-message small talk).
    pub fn bare(route: Route) -> Trace {
        Trace {
            route,
            kind: Kind::What,
            corrections: Vec::new(),
            terms: Vec::new(),
            dropped: Vec::new(),
            related: Vec::new(),
            premises: Vec::new(),
            context: Vec::new(),
            candidates: Vec::new(),
            read_as: None,
            outcome: None,
        }
    }

    fn of(route: Route, analysis: &Analysis) -> Trace {
        Trace::from_analysis(route, analysis.clone())
    }

    /// The trace of a message read as `analysis` (taken, not copied: it is the last use).
    fn from_analysis(route: Route, analysis: Analysis) -> Trace {
        Trace {
            route,
            kind: analysis.kind,
            corrections: analysis.corrections,
            terms: analysis.terms,
            dropped: analysis.dropped,
            related: analysis.related,
            premises: analysis.premises,
            context: Vec::new(),
            candidates: Vec::new(),
            read_as: None,
            outcome: None,
        }
    }
}

impl Decision {
    fn new(outcome: Outcome, trace: Trace, asked: Option<Asked>) -> Decision {
        Decision {
            outcome,
            trace,
            asked,
            // set by `decide`, which knows how the message was read
            lang: None,
        }
    }

    /// Whether the message had a topic of its own.
    pub fn topical(&self) -> bool {
        self.asked.is_some()
    }
}

/// `outcome`, naming what the statement lacks in the user's words ("Kenyataan itu tidak menyebut
/// “Jepun”", not “japan”); several words read for one word of the user's are named once.
fn in_own_words(reading: &Reading, outcome: &mut Outcome) {
    if let Outcome::NoAnswer {
        why: NoAnswer::NotMentioned { terms, .. },
        ..
    } = outcome
    {
        let mut own: Vec<String> = Vec::with_capacity(terms.len());
        for term in terms.iter() {
            let words = reading.own_words(term);
            if !own.contains(&words) {
                own.push(words);
            }
        }
        *terms = own;
    }
}

/// `word` (folded) written as a name: "thailand" → "Thailand".
fn proper_noun(word: &str) -> String {
    word.split(' ')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// What `analysis` asked, as a follow-up borrows it.
fn asked_of(analysis: &Analysis) -> Asked {
    Asked {
        kind: analysis.kind,
        terms: analysis.terms.clone(),
    }
}

impl Engine {
    /// Decides what to say to `message` in `conversation`, changing nothing.
    ///
    /// The one place a message's language matters: the message is read first (`reading`: its
    /// language, and for a message in another language the words it translates to), then decided
    /// on in the statement's language; a no-answer then names the missing words as the user wrote
    /// them.
    pub fn decide(&self, conversation: &Conversation, message: &Message) -> Decision {
        let mut reading = self.read(conversation, message);
        if let Some(decision) = self.in_language(conversation, reading.raw) {
            return decision;
        }
        self.relative_years(&mut reading);
        let mut decision = self.decide_read(conversation, &reading);
        decision.lang = reading.lang;
        decision.trace.read_as = reading.english();
        if reading.translated() {
            in_own_words(&reading, &mut decision.outcome);
        }
        decision
    }

    /// Whether `message` holds anything a statement could answer: a word of substance that is not
    /// small talk (read and analysed, not ranked).
    pub fn has_content(&self, message: &Message) -> bool {
        let reading = self.read(&Conversation::default(), message);
        if reading.tokens().is_empty() || self.whole_small_talk(&reading).is_some() {
            return false;
        }
        let analysis = read(&self.index, &reading.read);
        analysis.terms.iter().any(Term::has_topic)
            && self.small_talk(&analysis.tokens, false).is_none()
    }

    /// The small-talk intent a whole message is: as typed ("terima kasih" is a pattern of its
    /// language, typos allowed), then as translated, exactly (a second typo-tolerant pass would
    /// double the cost of short messages, the commonest small talk).
    fn whole_small_talk(&self, reading: &Reading) -> Option<usize> {
        self.small_talk(reading.raw, true).or_else(|| {
            reading
                .translated()
                .then(|| self.small_talk_exactly(reading.tokens()))
                .flatten()
        })
    }

    /// [`Engine::decide`] on a message already read.
    fn decide_read(&self, conversation: &Conversation, reading: &Reading) -> Decision {
        let tokens = reading.tokens();
        if tokens.is_empty() {
            // A message of words the translation drops (particles alone) had nothing to match.
            let why = if reading.raw.is_empty() {
                NoAnswer::Empty
            } else {
                NoAnswer::NothingToMatch
            };
            return Decision::new(
                Outcome::NoAnswer { why, score: 0.0 },
                Trace::bare(Route::Empty),
                None,
            );
        }
        if let Some(intent) = self.whole_small_talk(reading) {
            return Decision::new(
                Outcome::SmallTalk { intent },
                Trace::bare(Route::SmallTalk),
                None,
            );
        }
        // The one analysis of the message: a choice, a follow-up and a question of its own are
        // all read from it.
        let analysis = read(&self.index, &reading.read);
        if !conversation.choices.is_empty()
            && let Some(choice) = self.pick_choice(conversation, tokens, &analysis)
        {
            return Decision::new(
                self.full_answer(choice, false),
                Trace::bare(Route::Choice),
                None,
            );
        }
        let asked = analysis
            .terms
            .iter()
            .any(Term::has_topic)
            .then(|| asked_of(&analysis));
        let (named, pair) = self.other_parties(reading, &analysis.tokens);
        if !named.is_empty() {
            let outcome = Outcome::NoAnswer {
                why: NoAnswer::OtherParties { named, pair },
                score: 0.0,
            };
            return Decision::new(
                outcome,
                Trace::from_analysis(Route::Question, analysis),
                asked,
            );
        }
        if let Some(person) = self.age_of_person(&analysis) {
            let outcome = Outcome::NoAnswer {
                why: NoAnswer::Unmatched {
                    closest: Some(person),
                },
                score: 0.0,
            };
            return Decision::new(
                outcome,
                Trace::from_analysis(Route::Question, analysis),
                asked,
            );
        }
        if let Some((outcome, trace, kind)) = self.correction(conversation, tokens, &analysis) {
            let asked = asked.map(|asked| Asked { kind, ..asked });
            return Decision::new(outcome, trace, asked);
        }
        if let Some((outcome, trace, asked)) = self.detail_after_no_answer(conversation, &analysis)
        {
            return Decision::new(outcome, trace, Some(asked));
        }
        if let Some((outcome, trace, asked)) =
            self.parties_after_no_answer(conversation, tokens, &analysis)
        {
            return Decision::new(outcome, trace, Some(asked));
        }
        if !conversation.is_fresh()
            && let Some((outcome, trace)) = self.follow_up(conversation, &analysis, tokens)
        {
            return Decision::new(outcome, trace, asked);
        }
        if asked.is_none() {
            if let Some(outcome) = self.people_of_the_statement(&analysis) {
                let trace = Trace::from_analysis(Route::Question, analysis);
                return Decision::new(outcome, trace, None);
            }
            let small_talk = self.small_talk(&analysis.tokens, false);
            if small_talk.is_none()
                && let Some(overview) = self.overview_of_everything(&analysis)
            {
                let outcome = self.full_answer(overview, false);
                let trace = Trace::from_analysis(Route::Overview, analysis);
                return Decision::new(outcome, trace, None);
            }
            let outcome = match small_talk {
                Some(intent) => Outcome::SmallTalk { intent },
                None => Outcome::NoAnswer {
                    why: NoAnswer::NothingToMatch,
                    score: 0.0,
                },
            };
            let trace = Trace::from_analysis(Route::Question, analysis);
            return Decision::new(outcome, trace, None);
        }
        if let Some(overview) = self.overview_for(&analysis) {
            let outcome = self.full_answer(overview, analysis.asks_mention);
            let trace = Trace::from_analysis(Route::Overview, analysis);
            return Decision::new(outcome, trace, asked);
        }
        let mut ranked = self.rank(&analysis);
        self.last_fact_breaks_ties(conversation, &mut ranked);
        let mut outcome = self.judge(&analysis, analysis.kind, &ranked);
        if !matches!(outcome, Outcome::Answer { .. })
            && let Some(about_last) = self.about_last_fact(conversation, &analysis, &ranked)
        {
            outcome = about_last;
        }
        if let Outcome::NoAnswer {
            why: NoAnswer::NotMentioned { .. },
            ..
        } = outcome
            && let Some((eased, eased_ranked)) = self.past_common_words(&analysis)
        {
            outcome = eased;
            ranked = eased_ranked;
        }
        let mut trace = Trace::from_analysis(Route::Question, analysis);
        trace.candidates = self.traced(&ranked);
        Decision::new(outcome, trace, asked)
    }

    /// "What did they talk about?", "what did they agree on?": a what-question whose only words
    /// are a verb of saying or agreeing (`mention_verbs`, `intent`) asks what the statement says
    /// as a whole, and its overview fact answers it. Small talk goes first (the caller asks it
    /// before), and a question with a word left out or read as a typo of filler ("what did they
    /// say about Hong Kong?", "hong" read as "long") is about something the statement does not
    /// name.
    fn overview_of_everything(&self, analysis: &Analysis) -> Option<usize> {
        if analysis.kind != Kind::What
            || !analysis.corrections.is_empty()
            || !analysis.dropped.is_empty()
        {
            return None;
        }
        let words = &self.index.language().question;
        analysis
            .tokens
            .iter()
            .any(|t| words.mention_verbs.contains(t) || words.intent.contains(t))
            .then(|| self.overview_for(analysis))
            .flatten()
    }

    /// "Who is the leader?", "who are the leaders?": a who-question whose only word of substance
    /// is a noun of the kind (`nouns` of "who": a person, a leader; or its plural) asks who the
    /// statement's people are. Of two, the reply asks which (naming both); one is the answer.
    /// Not with a word left out or corrected (someone the statement does not name).
    fn people_of_the_statement(&self, analysis: &Analysis) -> Option<Outcome> {
        if analysis.kind != Kind::Who
            || !analysis.dropped.is_empty()
            || !analysis.corrections.is_empty()
        {
            return None;
        }
        let nouns = self.index.language().question.nouns.get(&Kind::Who)?;
        let names_kind = |t: &String| {
            nouns.contains(t) || t.strip_suffix('s').is_some_and(|one| nouns.contains(one))
        };
        if !analysis.tokens.iter().any(names_kind) {
            return None;
        }
        let mut people = (0..self.knowledge.facts.len()).filter(|&i| self.about_a_person(i));
        match (people.next(), people.next(), people.next()) {
            (Some(one), None, None) => Some(self.full_answer(one, false)),
            (Some(first), Some(second), None) => Some(Outcome::Clarify {
                first,
                second,
                score: 1.0,
            }),
            _ => None,
        }
    }

    /// A question with no pronoun that the last answer's fact explains as fully as the best
    /// candidate does, when its own words settle nothing (the best would be a clarification, a
    /// partial answer or none): it is about that fact, as a chat follow-up drops the pronoun
    /// ("when will they sign?", Malay "bila nak sign?", after the tourism MoU, rather than a
    /// choice between the MoUs signed in 2019 and 2020). That fact answers it, or the reply says
    /// it does not give that detail. A question its own words answer is never taken over.
    fn about_last_fact(
        &self,
        conversation: &Conversation,
        analysis: &Analysis,
        ranked: &[Candidate],
    ) -> Option<Outcome> {
        let last = self.fact_index(conversation.last_fact.as_deref()?)?;
        let best = ranked.first()?;
        let own = ranked.iter().find(|c| c.fact == last)?;
        if best.fact == last
            || own.coverage < ANSWER_MIN
            || own.coverage + f32::EPSILON < best.coverage
        {
            return None;
        }
        Some(if own.fits_kind {
            self.full_answer(last, false)
        } else {
            Outcome::NoAnswer {
                why: NoAnswer::FollowUpDetail {
                    detail: analysis.kind,
                    fact: last,
                },
                score: 0.0,
            }
        })
    }

    /// Context breaks ties, never topics: when a question's own words score the last answer's
    /// fact exactly as high as the best ("signed yet?" after the tourism MoU: every MoU is signed
    /// or to be signed), it goes first, rather than the fact that comes first in the file. A fact
    /// that scores any less keeps its place, so a fresh question is never dragged into the last
    /// topic.
    fn last_fact_breaks_ties(&self, conversation: &Conversation, ranked: &mut Vec<Candidate>) {
        let Some(last) = conversation
            .last_fact
            .as_deref()
            .and_then(|id| self.fact_index(id))
        else {
            return;
        };
        let Some((score, fits)) = ranked.first().map(|c| (c.score, c.fits_kind)) else {
            return;
        };
        if let Some(at) = ranked
            .iter()
            .take_while(|c| c.fits_kind == fits && (score - c.score).abs() <= f32::EPSILON)
            .position(|c| c.fact == last)
            .filter(|&at| at > 0)
        {
            let tied = ranked.remove(at);
            ranked.insert(0, tied);
        }
    }

    /// Whether fact `index` is about a person: it has one, and its label names them first
    /// ("Jane Harrow, Prime Minister of New Zealand"), not a claim that is theirs.
    fn about_a_person(&self, index: usize) -> bool {
        self.knowledge.facts.get(index).is_some_and(|f| {
            f.person
                .as_deref()
                .is_some_and(|person| f.label.starts_with(person))
        })
    }

    /// Whether, for a "who" question that names a country, `index` is the fact about a person
    /// whose description names other countries only: "who is Vietnam's prime minister?" is not
    /// answered by "Azlan Harun, Prime Minister of Malaysia".
    fn office_of_another_country(&self, index: usize, kind: Kind, analysis: &Analysis) -> bool {
        if kind != Kind::Who || !self.about_a_person(index) {
            return false;
        }
        let Some(fact) = self.knowledge.facts.get(index) else {
            return false;
        };
        let places = self.index.language_index().places();
        let asked: Vec<usize> = places
            .named(&analysis.tokens)
            .into_iter()
            .map(|(place, _, _)| place)
            .collect();
        let described: Vec<usize> = places
            .named(&tokenize(&fact.label))
            .into_iter()
            .map(|(place, _, _)| place)
            .collect();
        !asked.is_empty() && !described.is_empty() && !asked.iter().any(|p| described.contains(p))
    }

    /// For a "who" question, the fact about a person when it explains the question as well as
    /// `fit` and scores within the clarification margin of it: "who is Harrow?" is answered by
    /// who Harrow is, not by the first meeting that names her ("who did Harrow welcome?" keeps
    /// the meeting, which explains "welcome" too).
    fn person_first<'c>(
        &self,
        kind: Kind,
        fit: &'c Candidate,
        ranked: &'c [Candidate],
    ) -> &'c Candidate {
        if kind != Kind::Who || self.about_a_person(fit.fact) {
            return fit;
        }
        ranked
            .iter()
            .filter(|c| c.fits_kind && self.about_a_person(c.fact))
            .find(|c| c.coverage >= fit.coverage && fit.score - c.score < CLARIFY_MARGIN)
            .unwrap_or(fit)
    }

    /// Whether, for a "who" question, `fit` is the fact about a person and `rival` one that is
    /// not: "who is Ishiba?" is answered by who Ishiba is, not offered beside the meeting he held
    /// (two facts about people are still told apart).
    fn person_beside_mention(&self, kind: Kind, fit: usize, rival: usize) -> bool {
        kind == Kind::Who && self.about_a_person(fit) && !self.about_a_person(rival)
    }

    /// The answer, clarification or no-answer that `ranked` candidates give `analysis`, asking
    /// for a detail of `kind` (the question's own, or one a follow-up borrowed).
    pub(super) fn judge(&self, analysis: &Analysis, kind: Kind, ranked: &[Candidate]) -> Outcome {
        let best = ranked.first();
        let best_fitting = self
            .preferred_fit(ranked)
            .map(|fit| self.person_first(kind, fit, ranked));
        if let (Some(best), Some(fit)) = (best, best_fitting)
            && fit.coverage >= ANSWER_MIN
            && fit.score >= best.score * KIND_TOLERANCE
            && self.answers_for(fit.fact, best.fact, analysis)
            && !self.finer_date_worked_out(fit.fact, best.fact, kind, analysis)
            && !self.office_of_another_country(fit.fact, kind, analysis)
        {
            // Only a question for a concrete detail is worth a clarification: "when was the MoU
            // signed?" has two true answers; "what is the LEP?" is answered by the best fit. A
            // fact worked out from others is never offered beside them.
            let rival = ranked
                .iter()
                .filter(|_| !kind.is_open() && !self.is_derived(fit.fact))
                .filter(|c| c.fits_kind && c.fact != fit.fact && !self.is_derived(c.fact))
                .filter(|c| !self.person_beside_mention(kind, fit.fact, c.fact))
                .find(|c| c.coverage >= ANSWER_MIN && fit.score - c.score < CLARIFY_MARGIN);
            return match rival {
                Some(rival) => Outcome::Clarify {
                    first: fit.fact,
                    second: rival.fact,
                    score: fit.score,
                },
                None if !self.tells_of(fit.fact, &analysis.premises) => Outcome::NoAnswer {
                    why: NoAnswer::FalsePremise { fact: fit.fact },
                    score: fit.score,
                },
                None => Outcome::Answer {
                    fact: fit.fact,
                    score: fit.score,
                    form: if analysis.asks_mention || self.confirms(fit, analysis, kind) {
                        AnswerForm::Yes
                    } else {
                        AnswerForm::Plain
                    },
                },
            };
        }
        if let Some(count) = self.count_in_other_words(analysis, kind, ranked) {
            return Outcome::Answer {
                fact: count.fact,
                score: count.score,
                form: AnswerForm::Plain,
            };
        }
        if let Some(best) = best
            && best.coverage >= ANSWER_MIN
            && !best.fits_kind
        {
            // A fact that gives a date, less precise than the one asked for ("2020" for "which
            // month"), says so rather than "when".
            let dated = self
                .knowledge
                .facts
                .get(best.fact)
                .is_some_and(|f| f.kinds.contains(&Kind::When));
            let precision = match (kind, analysis.precise, analysis.monthly) {
                (Kind::When, _, _) if dated && analysis.clock => Some(Precision::Time),
                (Kind::When, true, _) if dated => Some(Precision::Day),
                (Kind::When, false, true) if dated => Some(Precision::Month),
                _ => None,
            };
            return Outcome::Partial {
                fact: best.fact,
                detail: kind,
                precision,
                score: best.score,
            };
        }
        if let Some(intent) = self.small_talk(&analysis.tokens, false) {
            return Outcome::SmallTalk { intent };
        }
        self.not_in_statement(analysis, best)
    }

    /// A question refused only over common words the statement never uses ("how much *money*
    /// …", "will they *hold* …"): asked again with each of them counting as little as it is
    /// common, it is answered (or partly answered, or clarified) when the fact found carries
    /// every specific concept the question itself names, and they outnumber the common words
    /// passed over (a question with one name and one common noun, "how *tall* is the envoy?",
    /// is about that noun), and none of them is what a "how many" question counts, nor, in a
    /// question for a detail (who, where, when), a verb: it is the event asked about (see
    /// [`super::index::Index::common_word`]). A rare word, a name or a word the lexicon does not
    /// know still refuses, and so does a fact that leaves out any other word of the question.
    fn past_common_words(&self, analysis: &Analysis) -> Option<(Outcome, Vec<Candidate>)> {
        let mut eased = analysis.clone();
        let mut eased_words = 0;
        for (term, weight) in eased.terms.iter().zip(eased.weights.iter_mut()) {
            let Term::Unknown(word) = term else {
                continue;
            };
            // What a "how many" question counts is what it is about ("how many *dollars*").
            if analysis.counted.as_ref() == Some(term) {
                return None;
            }
            let common = self.index.common_word(word, !analysis.kind.is_open());
            match common {
                Some(common) if common < weight.importance => {
                    weight.importance = common;
                    eased_words += 1;
                }
                Some(_) => {}
                None if weight.importance < 1.0 => {}
                None => return None,
            }
        }
        if eased_words == 0 {
            return None;
        }
        let ranked = self.rank(&eased);
        let outcome = self.judge(&eased, eased.kind, &ranked);
        let fact = match outcome {
            Outcome::Answer { fact, .. } | Outcome::Partial { fact, .. } => fact,
            Outcome::Clarify { first, .. } => first,
            _ => return None,
        };
        (self.carries_every_concept(fact, analysis) >= Some(eased_words + 1))
            .then_some((outcome, ranked))
    }

    /// How many specific concepts `analysis` names in its own words (not context, not the
    /// parties every fact carries), when fact `index` carries every one of them.
    fn carries_every_concept(&self, index: usize, analysis: &Analysis) -> Option<usize> {
        let mut specific = 0;
        for (term, weight) in analysis.terms.iter().zip(&analysis.weights) {
            let Term::Concept(concept) = term else {
                continue;
            };
            if weight.importance < 1.0 || self.is_general_concept(concept) {
                continue;
            }
            let carried = self
                .index
                .concepts
                .get(concept)
                .is_some_and(|p| p.facts.iter().any(|&(f, _)| f == index));
            if !carried {
                return None;
            }
            specific += 1;
        }
        Some(specific)
    }

    /// For "how many X were signed?" when no fact gives that count: the fact that counts X
    /// (its `counts` names it, or, in a fact that does not say what it counts, it carries X) in
    /// its own words ("three MoUs were exchanged"), when what it lacks
    /// of the question is only what was done to them: a verb the question inflects ("signed",
    /// "inked"), a word only a verb, or a phrase for one ("put pen to paper"); never another
    /// topic ("how many MoUs on *trade*", "tourism"). The statement's count in the statement's
    /// word is the honest answer; refusing over a near synonym is not.
    fn count_in_other_words<'a>(
        &self,
        analysis: &Analysis,
        kind: Kind,
        ranked: &'a [Candidate],
    ) -> Option<&'a Candidate> {
        use crate::lexicon::PartOfSpeech::{Noun, Verb};
        let Some(Term::Concept(counted)) = analysis.counted.as_ref() else {
            return None;
        };
        if kind != Kind::HowMany {
            return None;
        }
        let lexicon = self.index.language().lexicon()?;
        // the question's single words, each with the concept it is read as
        let words: Vec<(&String, Term)> = analysis
            .tokens
            .iter()
            .filter_map(|t| Some((t, self.index.terms(std::slice::from_ref(t)).pop()?)))
            .collect();
        let a_deed = |concept: &String| {
            let from: Vec<&String> = words
                .iter()
                .filter(|(_, term)| matches!(term, Term::Concept(c) if c == concept))
                .map(|(t, _)| *t)
                .collect();
            if from.is_empty() {
                // a phrase ("put pen to paper") read as one concept: a verb's
                return self.index.base_entry(concept).is_some_and(|e| e.is(Verb));
            }
            from.iter().all(|token| {
                let inflected = lexicon.lemmas(token).iter().any(|lemma| {
                    *lemma != token.as_str() && lexicon.entry(lemma).is_some_and(|e| e.is(Verb))
                });
                let only_a_verb = lexicon
                    .entry(token)
                    .is_some_and(|e| e.is(Verb) && !e.is(Noun));
                inflected || only_a_verb
            })
        };
        let carries = |fact: usize, concept: &str| {
            self.index
                .concepts
                .get(concept)
                .is_some_and(|p| p.facts.iter().any(|(f, _)| *f == fact))
        };
        ranked.iter().find(|c| {
            c.fits_kind
                && self.count_concepts.get(c.fact).is_some_and(|counts| {
                    counts.contains(counted) || (counts.is_empty() && carries(c.fact, counted))
                })
                && analysis
                    .terms
                    .iter()
                    .zip(&analysis.weights)
                    .filter(|(_, w)| w.importance >= 1.0)
                    .all(|(term, _)| match term {
                        Term::Concept(concept) => carries(c.fact, concept) || a_deed(concept),
                        Term::Generic => true,
                        Term::Unknown(_) => false,
                    })
        })
    }

    /// Whether fact `fit` says "yes" to a yes/no question: it carries every word of the question
    /// (nothing left over, nothing the statement never uses), and, when it only looks ahead ("they
    /// intend to sign"), the question asks about an intent too ("did they agree to sign …?", not
    /// "did they sign …?").
    fn confirms(&self, fit: &Candidate, analysis: &Analysis, kind: Kind) -> bool {
        if kind != Kind::YesNo || fit.coverage < CONFIRM_MIN {
            return false;
        }
        if analysis.terms.iter().any(|t| matches!(t, Term::Unknown(_))) {
            return false;
        }
        let looks_ahead = self.dates.get(fit.fact).is_some_and(|d| d.looks_ahead);
        let words = &self.index.language().question;
        !looks_ahead
            || analysis
                .tokens
                .iter()
                .any(|t| words.intent.contains(t) || words.future.contains(t))
            || (super::question::says(&analysis.tokens, &words.membership)
                && self.lists_with_context(fit.fact, analysis))
    }

    /// For a "when" question finer than a date (a time of day, a day, a month), the precision
    /// asked for when fact `index` does not give it ("what time?" of a meeting dated "Monday, 25
    /// November 2024"); `None` when it does, or when the question asks no finer date.
    pub(super) fn finer_date_than_given(
        &self,
        index: usize,
        analysis: &Analysis,
    ) -> Option<Precision> {
        if analysis.kind != Kind::When {
            return None;
        }
        let dates = self.dates.get(index).copied().unwrap_or_default();
        if analysis.clock {
            (!dates.names_a_time).then_some(Precision::Time)
        } else if analysis.precise {
            (!dates.names_a_day).then_some(Precision::Day)
        } else if analysis.monthly {
            (!dates.names_a_month).then_some(Precision::Month)
        } else {
            None
        }
    }

    /// "And in Malay?", "in english pls": the last answer again, in the language the message
    /// names (the follow-up words' `languages`, the longest name that fits), when every other
    /// word asks for it (`language_request`), one says a language is meant (`language_markers`,
    /// or a word of the name itself: "bahasa melayu boleh?") and there is a last answer. The reply is then in that language, and so is the
    /// conversation until a message shows another.
    fn in_language(&self, conversation: &Conversation, raw: &[String]) -> Option<Decision> {
        let last = self.fact_index(conversation.last_fact.as_deref()?)?;
        let words = &self.index.language().follow_up;
        let text = format!(" {} ", raw.join(" "));
        let mut names: Vec<(&str, &str)> = words
            .languages
            .iter()
            .flat_map(|(code, names)| names.iter().map(move |n| (n.as_str(), code.as_str())))
            .collect();
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        let (name, code) = names
            .into_iter()
            .find(|(name, _)| text.contains(&format!(" {name} ")))?;
        let rest = text.replacen(&format!(" {name} "), " ", 1);
        let rest: Vec<&str> = rest.split_whitespace().collect();
        let marked = |t: &str| words.language_markers.contains(t);
        if !rest.iter().all(|t| words.language_request.contains(t))
            || !(rest.iter().any(|t| marked(t)) || name.split(' ').any(marked))
        {
            return None;
        }
        let mut decision = Decision::new(
            self.full_answer(last, false),
            Trace::bare(Route::FollowUp(FollowUpKind::About)),
            None,
        );
        decision.lang = Some(Lang::new(code)?);
        Some(decision)
    }

    /// "How old is X?" of one of the statement's people alone asks their age, which no fact gives
    /// (a three-day visit is no answer): the fact about that person, to point to. "How old will
    /// the ties be?" asks a span of years, and is ranked as "how long".
    fn age_of_person(&self, analysis: &Analysis) -> Option<usize> {
        let words = &self.index.language().question;
        if !super::question::says(&analysis.tokens, &words.ages) {
            return None;
        }
        let own: Vec<&Term> = analysis
            .terms
            .iter()
            .zip(&analysis.weights)
            .filter(|(t, w)| w.importance >= 1.0 && matches!(t, Term::Concept(_)))
            .map(|(t, _)| t)
            .collect();
        if own.is_empty() {
            return None;
        }
        let person = self.knowledge.statement.people.iter().find(|person| {
            let named = self.index.terms(&tokenize(person));
            own.iter().all(|t| named.contains(t))
        })?;
        self.knowledge
            .facts
            .iter()
            .position(|f| f.person.as_deref() == Some(person.as_str()))
    }

    /// Whether fact `fact` carries every term the conversation lent the question (those counting
    /// less than its own words): "is nuclear one of them?" after the clean energy technologies is
    /// a "Yes" from a fact that lists it among them, not from one about another list.
    fn lists_with_context(&self, fact: usize, analysis: &Analysis) -> bool {
        analysis
            .terms
            .iter()
            .zip(&analysis.weights)
            .filter(|(_, w)| w.importance < 1.0)
            .all(|(term, _)| match term {
                Term::Concept(concept) => self
                    .index
                    .concepts
                    .get(concept)
                    .is_some_and(|p| p.facts.iter().any(|(f, _)| *f == fact)),
                Term::Generic => true,
                Term::Unknown(_) => false,
            })
    }

    /// The best candidate that answers the question's kind; a fact worked out from the statement
    /// gives way to one the statement says nearly as well ("how long was the visit?" is answered
    /// by the visit, not by the dates worked out from it).
    fn preferred_fit<'a>(&self, ranked: &'a [Candidate]) -> Option<&'a Candidate> {
        let fit = ranked.iter().find(|c| c.fits_kind)?;
        if !self.is_derived(fit.fact) {
            return Some(fit);
        }
        ranked
            .iter()
            .filter(|c| c.fits_kind && !self.is_derived(c.fact))
            .find(|c| fit.score - c.score < DERIVED_MARGIN && c.coverage >= ANSWER_MIN)
            .or(Some(fit))
    }

    /// Whether fact `index` tells of every one of `premises` (words of events undone or refused),
    /// by stem: "why did they *scrap* the trade deal?" is a false premise for a fact that says the
    /// talks are to conclude.
    fn tells_of(&self, index: usize, premises: &[String]) -> bool {
        if premises.is_empty() {
            return true;
        }
        let Some(fact) = self.knowledge.facts.get(index) else {
            return false;
        };
        let text = format!(
            "{} {} {} {}",
            fact.label,
            fact.answer,
            fact.quote.as_deref().unwrap_or(""),
            fact.keywords.join(" ")
        );
        let tokens = tokenize(&text);
        let stems: Vec<_> = tokens.iter().map(|t| self.index.stem(t)).collect();
        premises.iter().all(|p| stems.contains(&self.index.stem(p)))
    }

    /// Whether `fit`, a fact that gives the detail asked for, may answer a question that `best`
    /// explains better (or `fit` is `best`). Not when `best` is an item of `fit`'s list ("which universities
    /// are in the higher education MoU?" is not answered by who witnessed the three MoUs), nor
    /// when `fit` misses the question's most specific concept ("which companies are in the
    /// *hydrogen* projects?" is not answered by who takes part in TVET).
    fn answers_for(&self, fit: usize, best: usize, analysis: &Analysis) -> bool {
        let best_id = self.knowledge.facts.get(best).map(|f| f.id.as_str());
        let item_of_fit = fit != best
            && self.knowledge.facts.get(fit).is_some_and(|f| {
                f.items
                    .iter()
                    .any(|item| item.fact.is_some() && item.fact.as_deref() == best_id)
            });
        !item_of_fit && (fit == best || self.covers_most_specific(fit, analysis))
    }

    /// Whether a fact worked out from others (`fit`, derived) would answer a question for a finer
    /// date (a day, a month, a time of day) than the dated fact the question is about (`best`)
    /// gives: its dates come from the facts it is worked out from, so the finer one is another
    /// fact's ("on what day was the health MoU signed?" is not answered by the order of the MoUs,
    /// whose one day is the 2024 meeting's), and the reply is the best fact's honest partial.
    fn finer_date_worked_out(
        &self,
        fit: usize,
        best: usize,
        kind: Kind,
        analysis: &Analysis,
    ) -> bool {
        let finer = analysis.precise || analysis.monthly || analysis.clock;
        let best_dated = self
            .knowledge
            .facts
            .get(best)
            .is_some_and(|f| f.kinds.contains(&Kind::When));
        kind == Kind::When && finer && fit != best && self.is_derived(fit) && best_dated
    }

    /// Whether fact `index` carries the question's most specific concept (the rarest of its own
    /// words that the statement uses).
    fn covers_most_specific(&self, index: usize, analysis: &Analysis) -> bool {
        let specific = analysis
            .terms
            .iter()
            .zip(&analysis.weights)
            .filter(|(_, w)| w.importance >= 1.0 && w.trust >= 1.0)
            .filter_map(|(t, _)| match t {
                Term::Concept(c) => self.index.concepts.get(c),
                _ => None,
            })
            .max_by(|a, b| a.idf.total_cmp(&b.idf));
        specific.is_none_or(|postings| postings.facts.iter().any(|(f, _)| *f == index))
    }

    fn is_derived(&self, index: usize) -> bool {
        self.knowledge.facts.get(index).is_some_and(|f| f.derived)
    }

    /// The countries `tokens` (the message as read) name that the statement is neither between
    /// nor mentions, in the user's own words; or, when the question joins a party and a country
    /// that is not one as a pair ("Japan and Australia"), that pair (and `true`).
    fn other_parties(&self, reading: &Reading, tokens: &[String]) -> (Vec<String>, bool) {
        let places = self.index.language_index().places();
        let and = self.index.language().phrases.and.as_str();
        let named = places.paired(tokens, and);
        if named.is_empty() {
            return (Vec::new(), false);
        }
        // Each word of a translated name points back to the user's whole phrase ("united" and
        // "states" both to "amerika syarikat"): the phrase is named once.
        let own_words = |at: usize, len: usize| {
            // an abbreviation as it is written ("US"), not as a name ("Us")
            if let (1, Some(token)) = (len, tokens.get(at))
                && places.is_abbreviation(token)
            {
                return token.to_uppercase();
            }
            let mut words: Vec<String> = Vec::new();
            for token in tokens.iter().skip(at).take(len) {
                let word = proper_noun(&reading.own_words(token));
                if words.last() != Some(&word) {
                    words.push(word);
                }
            }
            words.join(" ")
        };
        let involved = self
            .involved_places
            .get_or_init(|| places.involved(&self.knowledge));
        let mut own: Vec<String> = Vec::new();
        for &(_, at, len) in named.iter().filter(|(p, _, _)| !involved.contains(p)) {
            let words = own_words(at, len);
            if !own.contains(&words) {
                own.push(words);
            }
        }
        if !own.is_empty() {
            return (own, false);
        }
        // "X and Y" with X a party and Y not (or the other way round): another pair's statement.
        let parties: Vec<usize> = self
            .knowledge
            .statement
            .parties
            .iter()
            .flat_map(|party| places.named(&tokenize(party)))
            .map(|(place, _, _)| place)
            .collect();
        for pair in named.windows(2) {
            let [(first, at, len), (second, next, next_len)] = pair else {
                continue;
            };
            let joined =
                *next == at + len + 1 && tokens.get(at + len).is_some_and(|t| t.as_str() == and);
            if joined && parties.contains(first) != parties.contains(second) {
                return (
                    vec![own_words(*at, *len), own_words(*next, *next_len)],
                    true,
                );
            }
        }
        (Vec::new(), false)
    }

    fn not_in_statement(&self, analysis: &Analysis, best: Option<&Candidate>) -> Outcome {
        let mut terms: Vec<String> = Vec::new();
        for (term, weight) in analysis.terms.iter().zip(&analysis.weights) {
            let named = match term {
                Term::Unknown(word) => Some(word.clone()),
                // a concept of the language the statement never files ("chips", of a general
                // synonym group, asked of a statement without semiconductors) is as absent as
                // an unknown word: named as the question typed it
                Term::Concept(concept)
                    if weight.importance >= 1.0 && !self.index.concepts.contains_key(concept) =>
                {
                    self.typed_as(analysis, concept)
                }
                _ => None,
            };
            if let Some(word) = named
                && !terms.contains(&word)
                && terms.len() < UNKNOWN_NAMED
            {
                terms.push(word);
            }
        }
        let score = best.map_or(0.0, |b| b.score);
        let closest = best.filter(|b| b.coverage >= POINTER_MIN).map(|b| b.fact);
        let why = if terms.is_empty() {
            NoAnswer::Unmatched { closest }
        } else {
            NoAnswer::NotMentioned { terms, closest }
        };
        Outcome::NoAnswer { why, score }
    }

    /// The word of the question read alone as `concept`, as typed (a phrase's concept has none).
    fn typed_as(&self, analysis: &Analysis, concept: &str) -> Option<String> {
        analysis
            .tokens
            .iter()
            .find(|token| {
                matches!(self.index.terms(std::slice::from_ref(*token)).as_slice(),
                    [Term::Concept(c)] if c == concept)
            })
            .cloned()
    }

    /// An answer from fact `index` with full confidence (the conversation chose it).
    pub(super) fn full_answer(&self, index: usize, yes: bool) -> Outcome {
        Outcome::Answer {
            fact: index,
            score: 1.0,
            form: if yes {
                AnswerForm::Yes
            } else {
                AnswerForm::Plain
            },
        }
    }

    /// The best of `ranked`, as a trace shows them.
    pub(super) fn traced(&self, ranked: &[Candidate]) -> Vec<TracedCandidate> {
        ranked
            .iter()
            .take(TRACE_TOP)
            .filter_map(|c| {
                Some(TracedCandidate {
                    fact: self.knowledge.facts.get(c.fact)?.id.clone(),
                    score: c.score,
                    coverage: c.coverage,
                    fits_kind: c.fits_kind,
                })
            })
            .collect()
    }

    /// `outcome` as a trace records it.
    pub(super) fn traced_outcome(&self, outcome: &Outcome) -> TracedOutcome {
        let id = |index: usize| self.knowledge.facts.get(index).map(|f| f.id.clone());
        let (kind, fact, score, detail) = match outcome {
            Outcome::Answer { fact, score, .. } => (OutcomeKind::Answer, id(*fact), *score, None),
            Outcome::Clarify { first, score, .. } => {
                (OutcomeKind::Clarify, id(*first), *score, None)
            }
            Outcome::Partial {
                fact,
                detail,
                score,
                ..
            } => (
                OutcomeKind::Partial,
                id(*fact),
                *score,
                Some(detail.name().to_string()),
            ),
            Outcome::NoAnswer { why, score } => (
                OutcomeKind::NoAnswer,
                why.fact().and_then(id),
                *score,
                Some(why.name().to_string()),
            ),
            Outcome::SmallTalk { intent } => (
                OutcomeKind::SmallTalk,
                None,
                0.0,
                self.intent_id(*intent).map(str::to_string),
            ),
        };
        TracedOutcome {
            kind,
            fact,
            score,
            detail,
        }
    }

    /// The trace of a follow-up read with `analysis` (its kind possibly borrowed).
    pub(super) fn follow_up_trace(&self, kind: FollowUpKind, analysis: &Analysis) -> Trace {
        Trace::of(Route::FollowUp(kind), analysis)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::OutcomeKind;
    use crate::conversation::Conversation;
    use crate::engine::Engine;
    use crate::knowledge::Knowledge;

    /// The outcome a committed trace records: what a question log writes.
    fn outcome(engine: &Engine, question: &str) -> super::TracedOutcome {
        let (_, trace) = engine.respond_traced(&mut Conversation::default(), question);
        trace.outcome.unwrap()
    }

    #[test]
    fn a_committed_trace_records_the_outcome_by_fact_id() {
        let engine = Engine::new(Knowledge::embedded().unwrap());
        let answered = outcome(&engine, "By what year should the free trade talks be done?");
        assert_eq!(answered.kind, OutcomeKind::Answer);
        assert_eq!(answered.fact.as_deref(), Some("fta-deadline"));
        assert!(answered.score >= 0.5, "{answered:?}");
        // a detail the fact does not give: partial, naming the fact and the detail
        let partial = outcome(
            &engine,
            "Who put their signature on the planned tourism MoU?",
        );
        assert_eq!(partial.kind, OutcomeKind::Partial, "{partial:?}");
        assert_eq!(partial.fact.as_deref(), Some("tourism-mou"));
        assert_eq!(partial.detail.as_deref(), Some("who"));
        let refused = outcome(&engine, "What did they say about volcanoes?");
        assert_eq!(refused.kind, OutcomeKind::NoAnswer);
        assert_eq!(refused.detail.as_deref(), Some("not-mentioned"));
        let thanks = outcome(&engine, "thanks a lot");
        assert_eq!(thanks.kind, OutcomeKind::SmallTalk);
        assert_eq!(thanks.detail.as_deref(), Some("thanks"));
        // an undecided trace has none
        let decision = engine.decide(
            &Conversation::default(),
            &crate::text::Message::new("thanks a lot"),
        );
        assert_eq!(decision.trace.outcome, None);
    }

    #[test]
    fn a_question_about_another_pair_with_one_party_says_whose_statement_it_is() {
        let engine = Engine::new(Knowledge::embedded().unwrap());
        let reply = |question: &str| {
            engine
                .respond_traced(&mut Conversation::default(), question)
                .0
        };
        // ASEAN is mentioned, but this is not South Korea's statement with ASEAN.
        let pair = reply("What did South Korea and ASEAN agree on?");
        assert_eq!(pair.fact, None, "{pair:?}");
        assert!(
            pair.answer
                .starts_with("This statement is between Malaysia and South Korea, not between"),
            "{}",
            pair.answer
        );
        // a party by its abbreviation, in a pair: named as written
        let short = reply("What did the ROK and ASEAN agree on?");
        assert_eq!(short.fact, None, "{short:?}");
        assert!(
            short.answer.ends_with("not between ROK and ASEAN."),
            "{}",
            short.answer
        );
        // the parties themselves, about a place they mention: answered
        let own = reply("What did Malaysia and South Korea say about ASEAN?");
        assert!(own.fact.is_some(), "{own:?}");
        // a country it never mentions: named as not mentioned, as before
        let other = reply("What did Malaysia and Chile agree on?");
        assert_eq!(other.fact, None, "{other:?}");
        assert!(
            other.answer.contains("says nothing about Chile"),
            "{}",
            other.answer
        );
    }

    #[test]
    fn a_concept_of_the_language_the_statement_never_files_is_named_as_not_mentioned() {
        let engine = Engine::new(Knowledge::embedded().unwrap());
        let reply = |question: &str| {
            engine
                .respond_traced(&mut Conversation::default(), question)
                .0
        };
        // "chips" is a word of a general synonym group (semiconductors), and "currency" a word
        // of the lexicon: the statement files neither, so each is named as typed
        for (question, named) in [
            ("what did they agree about chips?", "“chips”"),
            (
                "will the two sides trade in one shared currency",
                "“currency”",
            ),
        ] {
            let answer = reply(question).answer;
            assert!(
                answer.starts_with("The statement doesn't mention ") && answer.contains(named),
                "{question} -> {answer}"
            );
        }
        // a concept it files is not named, whatever the question's fate
        let filed = reply("what did they say about tourism and volcanoes?").answer;
        assert!(!filed.contains("“tourism”"), "{filed}");
    }
}
