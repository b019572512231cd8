//! Running a parsed script against an engine: each conversation from a fresh context, each
//! follow-up also alone (it must need its context), each known gap strictly (it fails the run once
//! it passes).

use std::collections::BTreeSet;

use super::{Expect, Failure, Gap, Outcome, Problem, Script, Turn};
use communique_core::conversation::Conversation;
use communique_core::engine::Engine;
use communique_core::reply::{Reply, ReplyKind};

/// Runs every conversation of `script`, each from a fresh context, adding to `outcome`.
pub fn run(engine: &Engine, script: &Script, outcome: &mut Outcome) {
    outcome.tally.add(script.tally());
    for dialogue in &script.dialogues {
        let mut conversation = Conversation::default();
        for turn in &dialogue.turns {
            let reply = engine.respond(&mut conversation, &turn.message);
            let checked = Checked {
                file: &script.name,
                turn,
                reply: &reply,
            };
            match turn.known_gap {
                true => checked.as_known_gap(outcome),
                false => {
                    checked.expectations(outcome);
                    if turn.follow_up {
                        checked.needs_context(engine, outcome);
                    }
                }
            }
        }
    }
}

/// A turn and the reply it got.
struct Checked<'a> {
    file: &'a str,
    turn: &'a Turn,
    reply: &'a Reply,
}

impl Checked<'_> {
    fn failure(&self, problem: Problem, line: usize, reply: &Reply) -> Failure {
        Failure {
            file: self.file.to_string(),
            line,
            message: self.turn.message.clone(),
            problem,
            reply: reply.clone(),
        }
    }

    fn unmet(&self, reply: &Reply) -> Vec<(usize, &Expect)> {
        self.turn
            .expectations
            .iter()
            .filter(|e| !holds(&e.expect, reply))
            .map(|e| (e.line, &e.expect))
            .collect()
    }

    fn expectations(&self, outcome: &mut Outcome) {
        let unmet = self.unmet(self.reply);
        outcome.passed += self.turn.expectations.len() - unmet.len();
        for (line, expect) in unmet {
            let failure = self.failure(Problem::Unmet(expect.clone()), line, self.reply);
            outcome.failures.push(failure);
        }
    }

    /// A follow-up asked in a fresh conversation must miss at least one of its expectations;
    /// otherwise they do not show that the context was used.
    fn needs_context(&self, engine: &Engine, outcome: &mut Outcome) {
        let alone = engine.respond(&mut Conversation::default(), &self.turn.message);
        match self.unmet(&alone).is_empty() {
            true => {
                let failure = self.failure(Problem::PassesWithoutContext, self.turn.line, &alone);
                outcome.failures.push(failure);
            }
            false => outcome.passed += 1,
        }
    }

    /// A known gap must still miss at least one expectation; once it meets them all, it fails so
    /// that it is moved to the passing cases and the count of gaps stays true.
    fn as_known_gap(&self, outcome: &mut Outcome) {
        let unmet = self.unmet(self.reply);
        if unmet.is_empty() {
            let failure = self.failure(Problem::GapPasses, self.turn.line, self.reply);
            outcome.failures.push(failure);
            return;
        }
        outcome.known_gaps.push(Gap {
            file: self.file.to_string(),
            line: self.turn.line,
            message: self.turn.message.clone(),
            unmet: unmet.into_iter().map(|(_, e)| e.clone()).collect(),
            reply: self.reply.clone(),
        });
    }
}

/// Lowercase with whitespace runs folded to one space.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `reply` meets `expect`.
pub(super) fn holds(expect: &Expect, reply: &Reply) -> bool {
    let answer = fold(&reply.answer);
    match expect {
        Expect::Contains(any) => any.iter().any(|a| answer.contains(&fold(a))),
        Expect::Lacks(text) => !answer.contains(&fold(text)),
        Expect::NoAnswer => reply.is_no_answer() && reply.fact.is_none(),
        Expect::SmallTalk => reply.kind == ReplyKind::SmallTalk && reply.fact.is_none(),
        Expect::Fact(ids) => {
            reply.kind == ReplyKind::Answer && reply.fact.as_ref().is_some_and(|f| ids.contains(f))
        }
        Expect::Clarify(ids) => {
            let offered: BTreeSet<&str> = reply.choices.iter().map(|c| c.fact.as_str()).collect();
            let named: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
            reply.kind == ReplyKind::Clarify && offered == named
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use communique_core::reply::Choice;

    fn reply(kind: ReplyKind, fact: Option<&str>, answer: &str) -> Reply {
        Reply {
            fact: fact.map(str::to_string),
            ..Reply::without_fact(
                kind,
                answer.to_string(),
                communique_core::Lang::known(*b"en"),
            )
        }
    }

    #[test]
    fn matching_is_case_insensitive_with_whitespace_folded() {
        let reply = reply(ReplyKind::Answer, Some("fta-deadline"), "The  FTA\nby 2025");
        assert!(holds(
            &Expect::Contains(vec!["nothing".into(), "fta by".into()]),
            &reply
        ));
        assert!(!holds(&Expect::Lacks("the fta".into()), &reply));
        assert!(!holds(&Expect::NoAnswer, &reply));
        assert!(!holds(&Expect::SmallTalk, &reply));
    }

    #[test]
    fn a_fact_expectation_wants_an_answer_not_a_clarification() {
        let ids = vec![
            "health-mou-2019".to_string(),
            "student-exchanges".to_string(),
        ];
        let answer = reply(ReplyKind::Answer, Some("student-exchanges"), "2020");
        assert!(holds(&Expect::Fact(ids.clone()), &answer));
        let mut clarify = reply(ReplyKind::Clarify, Some("health-mou-2019"), "Do you mean");
        assert!(!holds(&Expect::Fact(ids.clone()), &clarify));
        clarify.choices = ids
            .iter()
            .rev()
            .map(|id| Choice {
                fact: id.clone(),
                label: id.clone(),
            })
            .collect();
        assert!(holds(&Expect::Clarify(ids.clone()), &clarify));
        assert!(!holds(&Expect::Clarify(ids[..1].to_vec()), &clarify));
        assert!(!holds(&Expect::Clarify(ids), &answer));
    }

    #[test]
    fn small_talk_and_no_answer_hold_no_fact() {
        let small_talk = reply(ReplyKind::SmallTalk, None, "Hello!");
        assert!(holds(&Expect::SmallTalk, &small_talk));
        assert!(!holds(&Expect::NoAnswer, &small_talk));
        let none = reply(ReplyKind::NoAnswer, None, "The statement doesn't say.");
        assert!(holds(&Expect::NoAnswer, &none));
        assert!(!holds(&Expect::SmallTalk, &none));
    }
}
