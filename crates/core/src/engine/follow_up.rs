//! Follow-up questions: resolving a message against the conversation so far.
//!
//! A message is read in context only when it shows it is a follow-up: it picks a pending
//! clarification ("the first", "the health one"), names a list position ("tell me more about the
//! second one"), has no topic of its own ("why?", "where?", "tell me more"), or points back with a
//! pronoun ("what did he support?"), a demonstrative ("when was that MoU signed?") or an ellipsis
//! ("and for education?", "what about ..."). Context terms weigh less than the question's own, and
//! a context answer must still explain the question's own words, so **context never drags an
//! answer onto an unrelated question**; anything else is answered as a fresh question.

use crate::conversation::Conversation;
use crate::knowledge::{FollowUpWords, Kind, WordList};
use crate::text::tokenize;

use super::Engine;
use super::decision::{AnswerForm, FollowUpKind, NoAnswer, Outcome, Trace};
use super::index::Term;
use super::question::{Analysis, Asked, Weight};
use super::rank::Candidate;

/// How much what was said before adds to a candidate's own score (a tie-breaker, not a topic).
const CONTEXT_SHARE: f32 = 0.2;
/// A context answer must explain at least this much of the question on its own.
const OWN_COVERAGE_MIN: f32 = 0.3;
/// Candidates this close to the best are about as good: a pronoun's person decides between them.
const PERSON_MARGIN: f32 = 0.05;

/// Moves to the front of `ranked` (best first) the first candidate within [`PERSON_MARGIN`] of
/// the best for which `wanted` holds, if any.
fn first_among_near_equals(ranked: &mut Vec<Candidate>, wanted: impl Fn(&Candidate) -> bool) {
    let Some(best) = ranked.first().map(|c| c.score) else {
        return;
    };
    if let Some(at) = ranked
        .iter()
        .take_while(|c| best - c.score < PERSON_MARGIN)
        .position(wanted)
    {
        let chosen = ranked.remove(at);
        ranked.insert(0, chosen);
    }
}
/// A clarification is settled by content only when one choice leads by this much.
const CHOICE_MARGIN: f32 = 0.05;

/// The position an ordinal word names in a list of `len` items.
fn ordinal(words: &FollowUpWords, token: &str, len: usize) -> Option<usize> {
    let n = if words.last.contains(token) {
        len.checked_sub(1)?
    } else {
        words
            .ordinals
            .iter()
            .position(|names| names.contains(token))?
    };
    (n < len).then_some(n)
}

fn find_ordinal(words: &FollowUpWords, tokens: &[String], len: usize) -> Option<(usize, usize)> {
    tokens
        .iter()
        .enumerate()
        .find_map(|(i, t)| ordinal(words, t, len).map(|n| (i, n)))
}

fn has_any(tokens: &[String], words: &WordList) -> bool {
    tokens.iter().any(|t| words.contains(t))
}

/// `tokens` without the words of any of `phrases` (each one or more words) where they occur.
fn without_phrases(tokens: &[String], phrases: &[String]) -> Vec<String> {
    let phrases: Vec<Vec<&str>> = phrases
        .iter()
        .map(|p| p.split_whitespace().collect())
        .filter(|p: &Vec<&str>| !p.is_empty())
        .collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while at < tokens.len() {
        let rest = tokens.get(at..).unwrap_or(&[]);
        let matched = phrases
            .iter()
            .find(|p| p.len() <= rest.len() && p.iter().zip(rest).all(|(w, t)| w == t));
        match matched {
            Some(phrase) => at += phrase.len(),
            None => {
                if let Some(token) = tokens.get(at) {
                    out.push(token.clone());
                }
                at += 1;
            }
        }
    }
    out
}

/// Whether `tokens` start with one of `phrases` (each one or more words).
fn starts_with_any(tokens: &[String], phrases: &[String]) -> bool {
    // (word by word, without collecting a phrase's words: asked of every question in a
    // conversation)
    phrases.iter().any(|phrase| {
        let mut matched = 0;
        for word in phrase.split_whitespace() {
            if tokens.get(matched).is_none_or(|t| t != word) {
                return false;
            }
            matched += 1;
        }
        matched > 0
    })
}

impl Engine {
    /// Settles a pending clarification, if the message (its `tokens`, read as `analysis`) picks
    /// one of the choices.
    pub(crate) fn pick_choice(
        &self,
        conversation: &Conversation,
        tokens: &[String],
        analysis: &Analysis,
    ) -> Option<usize> {
        let choices: Vec<usize> = conversation
            .choices
            .iter()
            .filter_map(|id| self.fact_index(id))
            .collect();
        let language = self.index.language();
        if let Some((_, n)) = find_ordinal(&language.follow_up, tokens, choices.len()) {
            return choices.get(n).copied();
        }
        // A new question of its own ("when was the FTA due?") is not an answer to the choice.
        if has_any(tokens, &language.question.words) {
            return None;
        }
        let ranked = self.rank(analysis);
        let mut scored: Vec<(usize, f32)> = choices
            .iter()
            .map(|&c| {
                (
                    c,
                    ranked.iter().find(|r| r.fact == c).map_or(0.0, |r| r.score),
                )
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scored.as_slice() {
            [(best, s1), (_, s2), ..] if *s1 > 0.0 && s1 - s2 >= CHOICE_MARGIN => Some(*best),
            _ => None,
        }
    }

    /// Decides `analysis` as a follow-up of the conversation, or `None` when it is not one.
    /// `message` is every token of the message, its context parts too ("the Paris one, what's
    /// that about?": the question is the second part).
    pub(super) fn follow_up(
        &self,
        conversation: &Conversation,
        analysis: &Analysis,
        message: &[String],
    ) -> Option<(Outcome, Trace)> {
        let last = self.fact_index(conversation.last_fact.as_deref()?)?;
        let words = &self.index.language().follow_up;
        // "both of them" means the parties (or leaders) together, not the last answer's subject
        let tokens = &without_phrases(&analysis.tokens, &words.parties);
        let trace = |kind| self.follow_up_trace(kind, analysis);

        if !conversation.list.is_empty()
            && let Some((at, n)) = find_ordinal(words, tokens, conversation.list.len())
        {
            let rest: Vec<String> = tokens
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, t)| t.clone())
                .collect();
            let own = self.index.terms(&rest);
            if own.iter().all(|t| *t == Term::Generic) {
                let outcome = self.list_item(conversation, last, n);
                return Some((outcome, trace(FollowUpKind::ListItem)));
            }
        }

        let has_content = analysis.terms.iter().any(|t| *t != Term::Generic);
        if !has_content {
            if has_any(tokens, &words.more) {
                let outcome = self.tell_more(conversation, last);
                return Some((outcome, trace(FollowUpKind::More)));
            }
            if !matches!(analysis.kind, Kind::What | Kind::YesNo) {
                let outcome = self.detail_of(last, analysis);
                return Some((outcome, trace(FollowUpKind::Detail)));
            }
            // "Which ones?", "what are they?" after a list: the list again.
            let has_items = self
                .knowledge
                .facts
                .get(last)
                .is_some_and(|f| !f.items.is_empty());
            if has_items && has_any(tokens, &words.list) {
                return Some((self.full_answer(last, false), trace(FollowUpKind::List)));
            }
            // "And the other one?" after an answer about one of two people: the other person;
            // after an answer chosen from a clarification's two: the other choice.
            if has_any(tokens, &words.other)
                && let Some(other) = self
                    .other_person(conversation, last)
                    .or_else(|| self.fact_index(conversation.declined.as_deref()?))
            {
                return Some((self.full_answer(other, false), trace(FollowUpKind::About)));
            }
            // After one item of a list of two or three: the other one, or a choice of the two
            // left ("and the other one?" after the carbon MoU of the three exchanged).
            if has_any(tokens, &words.other)
                && let Some(outcome) = self.other_items(last)
            {
                return Some((outcome, trace(FollowUpKind::About)));
            }
            // "Tell me about him", "what is it about?": the person, or the last answer, again.
            if let Some(person) = self.person_named(conversation, tokens) {
                return Some((self.full_answer(person, false), trace(FollowUpKind::About)));
            }
            if has_any(tokens, &words.anaphora) {
                return Some((self.full_answer(last, false), trace(FollowUpKind::About)));
            }
            return None;
        }

        let pronoun = conversation.person.is_some() && has_any(tokens, &words.person_pronouns);
        let anaphora = has_any(tokens, &words.anaphora);
        let ellipsis = starts_with_any(tokens, &words.ellipsis);
        if !(pronoun || anaphora || ellipsis) {
            return None;
        }
        // "And the Malaysian one?" after an answer about one of two people: "one" stands for a
        // person, and the message's own words pick the other one over the one it was about.
        if !pronoun
            && has_any(tokens, &words.ones)
            && let Some((current, other)) = self.person_pair(conversation, last)
        {
            let own_scores = self.rank_weighted(&analysis.weighted(), analysis.asked());
            let score = |fact: usize| {
                own_scores
                    .iter()
                    .find(|c| c.fact == fact)
                    .map_or(0.0, |c| c.score)
            };
            if score(other) > score(current) {
                return Some((self.full_answer(other, false), trace(FollowUpKind::About)));
            }
        }
        // "What year did it start?": a detail of the last answer, asked with words the statement
        // never uses for it. The last fact (or a relative) gives that detail, or nothing does.
        let own_concepts = analysis.terms.iter().any(|t| matches!(t, Term::Concept(_)));
        if anaphora && !pronoun && !own_concepts && !analysis.kind.is_open() {
            let outcome = self.detail_of(last, analysis);
            return Some((outcome, trace(FollowUpKind::Detail)));
        }

        // The question's own words rank the facts; what was said before only breaks near-ties.
        let mut context: Vec<Term> = Vec::new();
        if pronoun && let Some(person) = &conversation.person {
            context.extend(self.index.terms(&tokenize(person)));
        }
        let mut kind = analysis.kind;
        if let Some(before) = &conversation.last_question {
            if ellipsis && kind == Kind::What {
                kind = before.kind;
            }
            if anaphora || ellipsis {
                context.extend(before.terms.iter().cloned());
            }
        }
        if anaphora && let Some(fact) = self.knowledge.facts.get(last) {
            context.extend(self.index.terms(&tokenize(&fact.label)));
        }
        let weighted: Vec<(Term, Weight)> =
            context.iter().map(|t| (t.clone(), Weight::FULL)).collect();
        let own = analysis.weighted();
        let context_scores = self.rank_weighted(&weighted, Asked::kind(kind));
        // Ordered by the score with its bonus before it is capped at 1: a fact the question's own
        // words rank first is not tied by the cap with one only the context lifts ("what about
        // Anwar?" after Yoon: Anwar, not the meeting that names both).
        let mut lifted: Vec<(f32, Candidate)> = self
            .rank_weighted(
                &own,
                Asked {
                    kind,
                    ..analysis.asked()
                },
            )
            .into_iter()
            .filter(|c| c.coverage >= OWN_COVERAGE_MIN)
            .map(|mut c| {
                let bonus = context_scores
                    .iter()
                    .find(|x| x.fact == c.fact)
                    .map_or(0.0, |x| x.score);
                let score = c.score + CONTEXT_SHARE * bonus;
                c.score = score.min(1.0);
                (score, c)
            })
            .collect();
        lifted.sort_by(|(a, x), (b, y)| b.total_cmp(a).then(x.fact.cmp(&y.fact)));
        let mut ranked: Vec<Candidate> = lifted.into_iter().map(|(_, c)| c).collect();
        if ranked.is_empty() {
            return None;
        }
        // "What did *he* say …?": among candidates about as good, one about that person goes
        // first (a fact about the other leader is no answer about this one).
        if pronoun {
            first_among_near_equals(&mut ranked, |c| self.about(conversation, c.fact));
        }
        // "Is there an MoU for *it*?": among candidates about as good, one the last answer names
        // as related goes first (the pronoun's thing is what the question is about).
        if !pronoun && has_any(tokens, &words.pronouns) {
            first_among_near_equals(&mut ranked, |c| self.is_relative(last, c.fact));
        }
        // "The Paris one" after a list: among candidates about as good, one of the last answer's
        // items goes first (the words pick an item; the context lifts the list it came from).
        if has_any(message, &words.ones) {
            first_among_near_equals(&mut ranked, |c| self.is_item(last, c.fact));
        }
        let mut trace = trace(FollowUpKind::Context);
        trace.kind = kind;
        trace.context = context;
        trace.candidates = self.traced(&ranked);
        let outcome = match self.judge(analysis, kind, &ranked) {
            // "When was *it* signed?" about a fact that gives no such date: another fact's date is
            // not its own; nor is "is *it* signed?" answered "yes" by another fact that was. (A
            // demonstrative with a noun, "that MoU", may reach a relative.)
            Outcome::Answer { fact, .. } | Outcome::Clarify { first: fact, .. }
                if has_any(tokens, &words.pronouns)
                    && !ellipsis
                    && (!kind.is_open() || kind == Kind::YesNo)
                    && fact != last
                    && !self.is_relative(last, fact) =>
            {
                Outcome::NoAnswer {
                    why: NoAnswer::FollowUpDetail {
                        detail: kind,
                        fact: last,
                    },
                    score: 0.0,
                }
            }
            // Context has already chosen between look-alikes: take the best of them.
            Outcome::Clarify { first, .. } => self.full_answer(first, false),
            Outcome::Answer { fact, .. } if pronoun && !self.about(conversation, fact) => {
                // "When did he arrive?" about a man the answer is not about: say so, and what
                // the statement says instead.
                Outcome::NoAnswer {
                    why: NoAnswer::OtherPerson {
                        detail: kind,
                        person: conversation.person.clone().unwrap_or_default(),
                        fact,
                    },
                    score: 0.0,
                }
            }
            answer @ Outcome::Answer { .. } => answer,
            // "Who signed them?" when the last answer gives no such detail: say so.
            Outcome::NoAnswer { .. } | Outcome::Partial { .. } if anaphora && !kind.is_open() => {
                Outcome::NoAnswer {
                    why: NoAnswer::FollowUpDetail {
                        detail: kind,
                        fact: last,
                    },
                    score: 0.0,
                }
            }
            // Context that does not help is dropped: the question is answered on its own.
            Outcome::NoAnswer { .. } | Outcome::Partial { .. } | Outcome::SmallTalk { .. } => {
                return None;
            }
        };
        Some((outcome, trace))
    }

    /// "Which month?", "and what time?" after an honest no-answer or partial to a "when" ("when
    /// will the tourism MoU be signed?": the statement does not say): a message with no topic of
    /// its own, asking "when" more finely, asks it of what the last question asked, as a
    /// follow-up after an answer asks it of that answer. `None` after an answer or a
    /// clarification (the follow-up reads those), when the message has a topic or asks no
    /// "when", when the last question asked no "when" (after "who put their name to the 2019 MoU?" went
    /// unanswered, "why?" is no question about the MoU), or when it named a word the statement
    /// never uses (another country: "when did Japan sign?" then "which month?" is no question
    /// about Malaysia's MoUs). Returns what it asked.
    pub(super) fn detail_after_no_answer(
        &self,
        conversation: &Conversation,
        analysis: &Analysis,
    ) -> Option<(Outcome, Trace, crate::conversation::Asked)> {
        if !conversation.is_fresh()
            || analysis.terms.iter().any(Term::has_topic)
            || analysis.kind != Kind::When
        {
            return None;
        }
        let before = conversation.last_question.as_ref()?;
        if before.kind != Kind::When
            || before.terms.iter().any(|t| matches!(t, Term::Unknown(_)))
            || !before.terms.iter().any(|t| matches!(t, Term::Concept(_)))
        {
            return None;
        }
        let mut again = analysis.clone();
        again.terms.clone_from(&before.terms);
        Some(self.asked_again(again, FollowUpKind::Detail, &before.terms))
    }

    /// The outcome of `again` (a follow-up read as a question of its own, its terms all of full
    /// weight), its trace with the last question's `context`, and what it asked.
    fn asked_again(
        &self,
        mut again: Analysis,
        kind: FollowUpKind,
        context: &[Term],
    ) -> (Outcome, Trace, crate::conversation::Asked) {
        again.weights = vec![Weight::FULL; again.terms.len()];
        let ranked = self.rank(&again);
        let outcome = self.judge(&again, again.kind, &ranked);
        let mut trace = self.follow_up_trace(kind, &again);
        trace.context = context.to_vec();
        trace.candidates = self.traced(&ranked);
        let asked = crate::conversation::Asked {
            kind: again.kind,
            terms: again.terms,
        };
        (outcome, trace, asked)
    }

    /// "What about Korea?" after a refusal about another country ("did Malaysia sign an FTA with
    /// Japan?"): an ellipsis whose own concepts are all the statement's parties (concepts nearly
    /// every fact carries) asks the last question's topic again of them, without the words the
    /// statement never uses (the other country); its own kind of detail is kept ("what about"
    /// asks what, not the last question's yes or no). Only after a no-answer whose question named
    /// such a word and a topic of its own.
    pub(super) fn parties_after_no_answer(
        &self,
        conversation: &Conversation,
        tokens: &[String],
        analysis: &Analysis,
    ) -> Option<(Outcome, Trace, crate::conversation::Asked)> {
        let before = conversation.last_question.as_ref()?;
        let words = &self.index.language().follow_up;
        if !conversation.is_fresh() || !starts_with_any(tokens, &words.ellipsis) {
            return None;
        }
        let party = |t: &Term| matches!(t, Term::Concept(c) if self.is_general_concept(c));
        let topic = |t: &Term| matches!(t, Term::Concept(c) if !self.is_general_concept(c));
        if !analysis.terms.iter().any(party)
            || analysis
                .terms
                .iter()
                .any(|t| topic(t) || matches!(t, Term::Unknown(_)))
        {
            return None;
        }
        if !before.terms.iter().any(|t| matches!(t, Term::Unknown(_)))
            || !before.terms.iter().any(topic)
        {
            return None;
        }
        let mut again = analysis.clone();
        again.terms = before
            .terms
            .iter()
            .filter(|t| topic(t))
            .chain(analysis.terms.iter().filter(|t| party(t)))
            .cloned()
            .collect();
        Some(self.asked_again(again, FollowUpKind::About, &before.terms))
    }

    /// "No, I meant the Paris one" (a message's `tokens`, all its clauses, starting with a
    /// `corrections` phrase after nothing but `correction_leads`, and a topic of its own): the last question's kind asked again of what the message names,
    /// whether the last question was answered or not. `None` when the message is no correction,
    /// or when both ask only "what" (then it is a question of its own). Returns the kind asked.
    pub(super) fn correction(
        &self,
        conversation: &Conversation,
        tokens: &[String],
        analysis: &Analysis,
    ) -> Option<(Outcome, Trace, Kind)> {
        let before = conversation.last_question.as_ref()?;
        let words = &self.index.language().follow_up;
        let lead = tokens
            .iter()
            .take_while(|t| words.correction_leads.contains(t))
            .count();
        let rest = tokens.get(lead..)?;
        // What the message names after the phrase is what the question is asked of now: it is
        // the whole of its question, whatever clause it was typed in.
        let named = words
            .corrections
            .iter()
            .map(|p| p.split_whitespace().collect::<Vec<_>>())
            .filter(|w| {
                !w.is_empty() && w.len() <= rest.len() && w.iter().zip(rest).all(|(a, b)| a == b)
            })
            .map(|w| w.len())
            .max()
            .and_then(|n| rest.get(n..))?;
        let own: Vec<(Term, Weight)> = self
            .index
            .terms(named)
            .into_iter()
            .filter(|t| *t != Term::Generic)
            .map(|t| (t, Weight::FULL))
            .collect();
        if !own.iter().any(|(t, _)| matches!(t, Term::Concept(_))) {
            return None;
        }
        let kind = if analysis.kind == Kind::What {
            before.kind
        } else {
            analysis.kind
        };
        if kind == Kind::What {
            return None;
        }
        let ranked = self.rank_weighted(
            &own,
            Asked {
                kind,
                ..analysis.asked()
            },
        );
        let outcome = self.judge(analysis, kind, &ranked);
        let mut trace = self.follow_up_trace(FollowUpKind::Correction, analysis);
        trace.kind = kind;
        trace.candidates = self.traced(&ranked);
        Some((outcome, trace, kind))
    }

    /// Whether fact `other` is one `index` names as related (or lists as an item).
    fn is_relative(&self, index: usize, other: usize) -> bool {
        let (Some(fact), Some(related)) = (
            self.knowledge.facts.get(index),
            self.knowledge.facts.get(other),
        ) else {
            return false;
        };
        fact.related.contains(&related.id) || self.is_item(index, other)
    }

    /// Whether fact `other` is one `index` lists as an item.
    fn is_item(&self, index: usize, other: usize) -> bool {
        let (Some(fact), Some(other)) = (
            self.knowledge.facts.get(index),
            self.knowledge.facts.get(other),
        ) else {
            return false;
        };
        fact.items
            .iter()
            .any(|item| item.fact.as_deref() == Some(other.id.as_str()))
    }

    /// "The other one" after fact `last`, one of two or three items of a list that are facts
    /// (items without a fact of their own aside): the other item, or a clarification between the
    /// two others. `None` when `last` is no such item (or one of several such lists, which would
    /// leave "other" open).
    fn other_items(&self, last: usize) -> Option<Outcome> {
        let mut lists = self.knowledge.facts.iter().filter_map(|f| {
            let items: Vec<usize> = f
                .items
                .iter()
                .filter_map(|item| self.fact_index(item.fact.as_deref()?))
                .collect();
            (items.contains(&last) && (2..=3).contains(&items.len())).then_some(items)
        });
        let items = lists.next()?;
        if lists.next().is_some() {
            return None;
        }
        let others: Vec<usize> = items.into_iter().filter(|&i| i != last).collect();
        match others.as_slice() {
            [other] => Some(self.full_answer(*other, false)),
            [first, second] => Some(Outcome::Clarify {
                first: *first,
                second: *second,
                score: 0.0,
            }),
            _ => None,
        }
    }

    /// The fact about the person a pronoun of `tokens` points back to ("tell me about *him*").
    fn person_named(&self, conversation: &Conversation, tokens: &[String]) -> Option<usize> {
        let words = &self.index.language().follow_up;
        let person = conversation.person.as_deref()?;
        if !has_any(tokens, &words.person_pronouns) {
            return None;
        }
        self.knowledge
            .facts
            .iter()
            .position(|f| f.person.as_deref() == Some(person))
    }

    /// The fact about the statement's other person, when the last answer (`last`) was about one
    /// of exactly two people: "the other one" has one meaning only then.
    fn other_person(&self, conversation: &Conversation, last: usize) -> Option<usize> {
        let person = conversation.person.as_deref()?;
        let fact = self.knowledge.facts.get(last)?;
        if fact.person.as_deref() != Some(person) {
            return None;
        }
        let other = self.other_of_two(person)?;
        self.knowledge
            .facts
            .iter()
            .position(|f| f.person.as_deref() == Some(other.as_str()))
    }

    /// The statement's other person, when it names exactly two people and `person` is one.
    fn other_of_two(&self, person: &str) -> Option<&String> {
        match self.knowledge.statement.people.as_slice() {
            [one, two] if one == person => Some(two),
            [one, two] if two == person => Some(one),
            _ => None,
        }
    }

    /// The facts about the conversation's person and about the statement's other person, when
    /// the last answer (`last`) names that person and the statement has exactly two people.
    fn person_pair(&self, conversation: &Conversation, last: usize) -> Option<(usize, usize)> {
        let person = conversation.person.as_deref()?;
        let fact = self.knowledge.facts.get(last)?;
        let names_person = fact.person.as_deref() == Some(person) || {
            let text = tokenize(&format!("{} {}", fact.label, fact.answer));
            tokenize(person)
                .into_iter()
                .filter(|t| t.chars().count() > 2)
                .any(|t| text.contains(&t))
        };
        if !names_person {
            return None;
        }
        let other = self.other_of_two(person)?;
        let fact_of = |name: &str| {
            self.knowledge
                .facts
                .iter()
                .position(|f| f.person.as_deref() == Some(name))
        };
        Some((fact_of(person)?, fact_of(other)?))
    }

    /// Whether fact `index` can be about the conversation's person: it names them, or it names
    /// none of the statement's people.
    fn about(&self, conversation: &Conversation, index: usize) -> bool {
        let (Some(person), Some(fact)) = (&conversation.person, self.knowledge.facts.get(index))
        else {
            return true;
        };
        match fact.person.as_deref() {
            Some(own) if own == person.as_str() => return true,
            // a fact about another person is not about this one, even when it names them
            Some(_) => return false,
            None => {}
        }
        let text = tokenize(&format!("{} {}", fact.label, fact.answer));
        let names = |name: &str| {
            tokenize(name)
                .into_iter()
                .filter(|t| t.chars().count() > 2)
                .any(|t| text.contains(&t))
        };
        names(person)
            || !self
                .knowledge
                .statement
                .people
                .iter()
                .any(|other| other != person && names(other))
    }

    /// "Tell me more": the next related fact not shown yet, else the statement's own words.
    fn tell_more(&self, conversation: &Conversation, last: usize) -> Outcome {
        let Some(fact) = self.knowledge.facts.get(last) else {
            return unmatched();
        };
        let next = fact
            .related
            .iter()
            .find(|id| !conversation.shown.contains(id))
            .and_then(|id| self.fact_index(id));
        if let Some(next) = next {
            return self.full_answer(next, false);
        }
        match &fact.quote {
            Some(_) => Outcome::Answer {
                fact: last,
                score: 1.0,
                form: AnswerForm::Quote,
            },
            None => Outcome::NoAnswer {
                why: NoAnswer::NothingMore { fact: last },
                score: 0.0,
            },
        }
    }

    /// "The second one": the list item's own fact, or what the list's fact says of it.
    fn list_item(&self, conversation: &Conversation, last: usize, n: usize) -> Outcome {
        let Some(item) = conversation.list.get(n) else {
            return self.full_answer(last, false);
        };
        if let Some(target) = item.fact.as_deref().and_then(|id| self.fact_index(id)) {
            return self.full_answer(target, false);
        }
        // The list's own fact: the last answer's, or, after an answer about one of its items (the
        // conversation keeps the list), the fact whose items it is.
        let owner = self
            .knowledge
            .facts
            .iter()
            .position(|f| {
                f.items.len() == conversation.list.len()
                    && f.items
                        .iter()
                        .zip(&conversation.list)
                        .all(|(a, b)| a.label == b.label && a.fact == b.fact)
            })
            .filter(|_| {
                self.knowledge
                    .facts
                    .get(last)
                    .is_none_or(|f| f.items.is_empty())
            })
            .unwrap_or(last);
        Outcome::Answer {
            fact: owner,
            score: 1.0,
            form: AnswerForm::Item(item.label.clone()),
        }
    }

    /// "Why?", "where?", "when?" after an answer: the last fact or a related one that carries that
    /// detail, else an honest no-answer. A "when" finer than the date that fact gives ("what time
    /// of day?", "which month?" of a year) is the honest partial: what it does give.
    fn detail_of(&self, last: usize, analysis: &Analysis) -> Outcome {
        let kind = analysis.kind;
        let Some(fact) = self.knowledge.facts.get(last) else {
            return unmatched();
        };
        // The last fact, then a list it is an item of ("how many are there?" after "the first
        // one"), then its relatives.
        let parents = self
            .knowledge
            .facts
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.items
                    .iter()
                    .any(|item| item.fact.as_deref() == Some(fact.id.as_str()))
            })
            .map(|(i, _)| i);
        let carrier = std::iter::once(last)
            .chain(parents)
            .chain(fact.related.iter().filter_map(|id| self.fact_index(id)))
            .find(|&i| {
                self.knowledge
                    .facts
                    .get(i)
                    .is_some_and(|f| f.kinds.contains(&kind))
            });
        match carrier {
            Some(i) => match self.finer_date_than_given(i, analysis) {
                Some(precision) => Outcome::Partial {
                    fact: i,
                    detail: kind,
                    precision: Some(precision),
                    score: 0.0,
                },
                None => self.full_answer(i, false),
            },
            None => Outcome::NoAnswer {
                why: NoAnswer::FollowUpDetail {
                    detail: kind,
                    fact: last,
                },
                score: 0.0,
            },
        }
    }
}

fn unmatched() -> Outcome {
    Outcome::NoAnswer {
        why: NoAnswer::Unmatched { closest: None },
        score: 0.0,
    }
}
