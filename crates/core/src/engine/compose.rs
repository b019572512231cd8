//! Reply composition: a [`Decision`] put into words, in the statement's voice, in one language.
//!
//! Answers are the facts' own text; everything else comes from the language pack's phrases through
//! the engine's [`Voice`](crate::voice::Voice). In another language than the statement's, the
//! facts' labels, answers, follow-ups and items are the package's translation (its `Localized`
//! view) and the phrases that language pack's; citations keep the statement's verbatim quote.
//! The decision is the same whatever the language. Invariants: a reply is at most
//! [`MAX_REPLY_CHARS`] characters; `fact` is set exactly for answers and clarifications, so a
//! no-answer never presents a fact as its answer.

use crate::knowledge::Fact;
use crate::lang::Lang;
use crate::limits::MAX_REPLY_CHARS;
use crate::text::truncate_chars;
use crate::voice::capitalise;

use super::decision::{AnswerForm, Decision, NoAnswer, Outcome};
use super::{Engine, Framing, Localized};
use crate::reply::{Choice, Citation, Reply, ReplyKind};
use crate::voice::Voice;

impl Engine {
    /// The words of `decision`, in `lang` (the statement's own language if it has no text in it),
    /// spoken for this engine's statement, with the caller's `framing` words around them.
    pub(super) fn compose(
        &self,
        decision: &Decision,
        lang: Lang,
        framing: &dyn Fn(&Voice) -> Framing,
    ) -> Reply {
        let local = self.localized(lang);
        let mut reply = match &decision.outcome {
            Outcome::Answer { fact, score, form } => {
                self.compose_answer(local, *fact, *score, form)
            }
            Outcome::Clarify {
                first,
                second,
                score,
            } => self.compose_clarify(local, *first, *second, *score),
            Outcome::Partial {
                fact,
                detail,
                precision,
                score,
            } => {
                let voice = &local.voice;
                let named = precision
                    .and_then(|p| voice.phrases().reply.precision.get(p.key()))
                    .map_or_else(|| voice.detail(*detail), String::as_str);
                let text = match local.facts.get(*fact) {
                    Some(f) => voice.fill(
                        &voice.phrases().reply.detail_missing,
                        &[
                            ("detail", named),
                            ("label", &f.label),
                            ("answer", &f.answer),
                        ],
                    ),
                    None => no_answer_text(local, &NoAnswer::Unmatched { closest: None }),
                };
                no_answer(local, text, *score)
            }
            Outcome::NoAnswer { why, score } => {
                no_answer(local, no_answer_text(local, why), *score)
            }
            Outcome::SmallTalk { intent } => {
                let reply = local
                    .intent_replies
                    .get(*intent)
                    .map_or_else(String::new, |r| local.voice.fill(r, &[]));
                Reply::without_fact(ReplyKind::SmallTalk, reply, local.lang)
            }
        };
        reply.lang = local.lang;
        reply.statement = Some(self.knowledge.id.clone());
        let Framing {
            before,
            after,
            statements,
        } = framing(&local.voice);
        if !before.is_empty() || !after.is_empty() {
            reply.answer =
                truncate_chars(&format!("{before}{}{after}", reply.answer), MAX_REPLY_CHARS);
        }
        reply.statements = statements;
        reply
    }

    fn compose_answer(
        &self,
        local: &Localized,
        index: usize,
        score: f32,
        form: &AnswerForm,
    ) -> Reply {
        let Some(fact) = local.facts.get(index) else {
            return no_answer(
                local,
                no_answer_text(local, &NoAnswer::Unmatched { closest: None }),
                0.0,
            );
        };
        let voice = &local.voice;
        let phrases = &voice.phrases().reply;
        let text = match form {
            AnswerForm::Plain => fact.answer.clone(),
            AnswerForm::Yes => format!("{}{}", phrases.yes, fact.answer),
            AnswerForm::Quote => voice.fill(
                &phrases.more_quote,
                &[
                    ("where", &voice.paragraphs(&fact.paragraphs)),
                    ("quote", fact.quote.as_deref().unwrap_or(&fact.answer)),
                ],
            ),
            AnswerForm::Item(item) => voice.fill(
                &phrases.item_no_more,
                &[
                    ("item", &self.item_label(local, index, item)),
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
            lang: local.lang,
            statement: None,
            statements: Vec::new(),
        }
    }

    /// `item` (a list item of fact `index`, as the statement's language names it) in `local`'s
    /// language: the translated item at the same position, else `item` as it is.
    fn item_label(&self, local: &Localized, index: usize, item: &str) -> String {
        let own = self.knowledge.facts.get(index).map(|f| &f.items);
        let at = own.and_then(|items| items.iter().position(|i| i.label == item));
        at.and_then(|at| local.facts.get(index)?.items.get(at))
            .map_or_else(|| item.to_string(), |i| i.label.clone())
    }

    fn compose_clarify(&self, local: &Localized, first: usize, second: usize, score: f32) -> Reply {
        let (Some(a), Some(b)) = (local.facts.get(first), local.facts.get(second)) else {
            return no_answer(
                local,
                no_answer_text(local, &NoAnswer::Unmatched { closest: None }),
                0.0,
            );
        };
        let mut text = local.voice.fill(
            &local.voice.phrases().reply.clarify,
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
            lang: local.lang,
            statement: None,
            statements: Vec::new(),
        }
    }
}

/// The no-answer of `why`, in `local`'s language.
fn no_answer_text(local: &Localized, why: &NoAnswer) -> String {
    let voice = &local.voice;
    let phrases = &voice.phrases().reply;
    let label = |i: &usize| local.facts.get(*i).map_or("", |f: &Fact| f.label.as_str());
    match why {
        NoAnswer::Empty => voice.fill(&phrases.empty, &[]),
        NoAnswer::NothingToMatch => voice.fill(&phrases.nothing_to_match, &[]),
        NoAnswer::Unmatched { closest: None } => voice.fill(&phrases.no_answer, &[]),
        NoAnswer::Unmatched {
            closest: Some(fact),
        } => {
            let mut text = voice.fill(&phrases.unmatched, &[]);
            text.push_str(&voice.fill(&phrases.closest_topic, &[("label", label(fact))]));
            text
        }
        NoAnswer::NotMentioned { terms, closest } => {
            let quoted: Vec<String> = terms.iter().map(|t| format!("“{t}”")).collect();
            let mut text = voice.fill(
                &phrases.not_mentioned,
                &[("terms", &voice.join_or(&quoted))],
            );
            if let Some(fact) = closest {
                text.push_str(&voice.fill(&phrases.closest_topic, &[("label", label(fact))]));
            }
            text
        }
        NoAnswer::OtherParties { named, pair: true } if !phrases.other_pair.is_empty() => {
            let named = crate::voice::join(named, &voice.phrases().and);
            voice.fill(&phrases.other_pair, &[("named", &named)])
        }
        NoAnswer::OtherParties { named, .. } => {
            let named = voice.join_or(named);
            if phrases.other_parties.is_empty() {
                let quoted = format!("“{named}”");
                voice.fill(&phrases.not_mentioned, &[("terms", &quoted)])
            } else {
                voice.fill(&phrases.other_parties, &[("named", &named)])
            }
        }
        NoAnswer::FollowUpDetail { detail, fact } => voice.fill(
            &phrases.follow_up_detail_missing,
            &[("detail", voice.detail(*detail)), ("label", label(fact))],
        ),
        NoAnswer::NothingMore { fact } => {
            voice.fill(&phrases.nothing_more, &[("label", label(fact))])
        }
        NoAnswer::FalsePremise { fact } => voice.fill(
            &phrases.false_premise,
            &[
                ("label", label(fact)),
                (
                    "answer",
                    local.facts.get(*fact).map_or("", |f| f.answer.as_str()),
                ),
            ],
        ),
        NoAnswer::OtherPerson {
            detail,
            person,
            fact,
        } => voice.fill(
            &phrases.other_person,
            &[
                ("detail", voice.detail(*detail)),
                ("person", person),
                ("label", label(fact)),
                (
                    "answer",
                    local.facts.get(*fact).map_or("", |f| f.answer.as_str()),
                ),
            ],
        ),
    }
}

fn no_answer(local: &Localized, text: String, score: f32) -> Reply {
    let mut reply = Reply::without_fact(
        ReplyKind::NoAnswer,
        truncate_chars(&text, MAX_REPLY_CHARS),
        local.lang,
    );
    reply.score = round(score);
    reply
}

fn citation(fact: &Fact) -> Citation {
    Citation {
        paragraphs: fact.paragraphs.clone(),
        quote: fact.quote.clone(),
        derived: fact.derived,
    }
}

fn round(score: f32) -> f32 {
    (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
