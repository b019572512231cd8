//! Reply composition: a [`Decision`] put into words, in the statement's voice.
//!
//! Answers are the facts' own text; everything else comes from the language pack's phrases through
//! the engine's [`Voice`](crate::voice::Voice). Invariants: a reply is at most
//! [`MAX_REPLY_CHARS`] characters; `fact` is set exactly for answers and clarifications, so a
//! no-answer never presents a fact as its answer.

use crate::knowledge::Fact;
use crate::limits::MAX_REPLY_CHARS;
use crate::text::truncate_chars;
use crate::voice::capitalise;

use super::Engine;
use super::decision::{AnswerForm, Decision, NoAnswer, Outcome};
use super::reply::{Choice, Citation, Reply, ReplyKind};

impl Engine {
    /// The words of `decision`, spoken for this engine's statement.
    pub(super) fn compose(&self, decision: &Decision) -> Reply {
        let mut reply = self.compose_outcome(decision);
        reply.statement = Some(self.knowledge.id.clone());
        reply
    }

    fn compose_outcome(&self, decision: &Decision) -> Reply {
        match &decision.outcome {
            Outcome::Answer { fact, score, form } => self.compose_answer(*fact, *score, form),
            Outcome::Clarify {
                first,
                second,
                score,
            } => self.compose_clarify(*first, *second, *score),
            Outcome::Partial {
                fact,
                detail,
                score,
            } => {
                let text = match self.knowledge.facts.get(*fact) {
                    Some(f) => self.voice.fill(
                        &self.voice.phrases().reply.detail_missing,
                        &[
                            ("detail", self.voice.detail(*detail)),
                            ("label", &f.label),
                            ("answer", &f.answer),
                        ],
                    ),
                    None => self.no_answer_text(&NoAnswer::Unmatched { closest: None }),
                };
                no_answer(text, *score)
            }
            Outcome::NoAnswer { why, score } => no_answer(self.no_answer_text(why), *score),
            Outcome::SmallTalk { intent } => {
                let reply = self
                    .intents
                    .get(*intent)
                    .map_or_else(String::new, |i| self.voice.fill(&i.reply, &[]));
                Reply::without_fact(ReplyKind::SmallTalk, reply)
            }
        }
    }

    fn compose_answer(&self, index: usize, score: f32, form: &AnswerForm) -> Reply {
        let Some(fact) = self.knowledge.facts.get(index) else {
            return no_answer(
                self.no_answer_text(&NoAnswer::Unmatched { closest: None }),
                0.0,
            );
        };
        let phrases = &self.voice.phrases().reply;
        let text = match form {
            AnswerForm::Plain => fact.answer.clone(),
            AnswerForm::Yes => format!("{}{}", phrases.yes, fact.answer),
            AnswerForm::Quote => self.voice.fill(
                &phrases.more_quote,
                &[
                    ("where", &self.voice.paragraphs(&fact.paragraphs)),
                    ("quote", fact.quote.as_deref().unwrap_or(&fact.answer)),
                ],
            ),
            AnswerForm::Item(item) => self.voice.fill(
                &phrases.item_no_more,
                &[
                    ("item", item),
                    ("label", &fact.label),
                    ("answer", &fact.answer),
                ],
            ),
        };
        Reply {
            kind: ReplyKind::Answer,
            answer: truncate_chars(&text, MAX_REPLY_CHARS),
            fact: Some(fact.id.clone()),
            score: round(score),
            related: fact.related.clone(),
            source: Some(citation(fact)),
            suggestions: fact.follow_ups.clone(),
            choices: Vec::new(),
            statement: None,
            statements: Vec::new(),
        }
    }

    fn compose_clarify(&self, first: usize, second: usize, score: f32) -> Reply {
        let (Some(a), Some(b)) = (
            self.knowledge.facts.get(first),
            self.knowledge.facts.get(second),
        ) else {
            return no_answer(
                self.no_answer_text(&NoAnswer::Unmatched { closest: None }),
                0.0,
            );
        };
        let mut text = self.voice.fill(
            &self.voice.phrases().reply.clarify,
            &[("first", &a.label), ("second", &b.label)],
        );
        for fact in [a, b] {
            text.push_str(&format!("\n• {}: {}", capitalise(&fact.label), fact.answer));
        }
        Reply {
            kind: ReplyKind::Clarify,
            answer: truncate_chars(&text, MAX_REPLY_CHARS),
            fact: Some(a.id.clone()),
            score: round(score),
            related: vec![b.id.clone()],
            source: Some(citation(a)),
            suggestions: Vec::new(),
            choices: [a, b]
                .iter()
                .map(|f| Choice {
                    fact: f.id.clone(),
                    label: f.label.clone(),
                })
                .collect(),
            statement: None,
            statements: Vec::new(),
        }
    }

    fn no_answer_text(&self, why: &NoAnswer) -> String {
        let phrases = &self.voice.phrases().reply;
        let label = |i: &usize| {
            self.knowledge
                .facts
                .get(*i)
                .map_or("", |f: &Fact| f.label.as_str())
        };
        match why {
            NoAnswer::Empty => self.voice.fill(&phrases.empty, &[]),
            NoAnswer::NothingToMatch => self.voice.fill(&phrases.nothing_to_match, &[]),
            NoAnswer::Unmatched { closest: None } => self.voice.fill(&phrases.no_answer, &[]),
            NoAnswer::Unmatched {
                closest: Some(fact),
            } => {
                let mut text = self.voice.fill(&phrases.unmatched, &[]);
                text.push_str(
                    &self
                        .voice
                        .fill(&phrases.closest_topic, &[("label", label(fact))]),
                );
                text
            }
            NoAnswer::NotMentioned { terms, closest } => {
                let quoted: Vec<String> = terms.iter().map(|t| format!("“{t}”")).collect();
                let mut text = self.voice.fill(
                    &phrases.not_mentioned,
                    &[("terms", &self.voice.join_or(&quoted))],
                );
                if let Some(fact) = closest {
                    text.push_str(
                        &self
                            .voice
                            .fill(&phrases.closest_topic, &[("label", label(fact))]),
                    );
                }
                text
            }
            NoAnswer::FollowUpDetail { detail, fact } => self.voice.fill(
                &phrases.follow_up_detail_missing,
                &[
                    ("detail", self.voice.detail(*detail)),
                    ("label", label(fact)),
                ],
            ),
            NoAnswer::NothingMore { fact } => self
                .voice
                .fill(&phrases.nothing_more, &[("label", label(fact))]),
            NoAnswer::OtherPerson {
                detail,
                person,
                fact,
            } => self.voice.fill(
                &phrases.other_person,
                &[
                    ("detail", self.voice.detail(*detail)),
                    ("person", person),
                    ("label", label(fact)),
                    (
                        "answer",
                        self.knowledge
                            .facts
                            .get(*fact)
                            .map_or("", |f| f.answer.as_str()),
                    ),
                ],
            ),
        }
    }
}

fn no_answer(text: String, score: f32) -> Reply {
    let mut reply =
        Reply::without_fact(ReplyKind::NoAnswer, truncate_chars(&text, MAX_REPLY_CHARS));
    reply.score = round(score);
    reply
}

fn citation(fact: &Fact) -> Citation {
    Citation {
        paragraphs: fact.paragraphs.clone(),
        quote: fact.quote.clone(),
    }
}

fn round(score: f32) -> f32 {
    (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
