//! What every reply must be, whatever was asked: the one checker the property tests
//! (`tests/integration/properties.rs`) and the fuzz targets (`tests/fuzz/`) share, so they hold the
//! engine to the same contract. A reply holds a fact exactly when it is an answer or a
//! clarification, and only facts the knowledge has; its text is non-empty and bounded; its score is
//! in 0..=1; only a clarification offers choices, at least two; rendered for a terminal it fits a
//! Telegram message, and as JSON it is one line that parses.

use communique_core::engine::Engine;
use communique_core::knowledge::Knowledge;
use communique_core::limits::{MAX_MESSAGE_CHARS, MAX_REPLY_CHARS};
use communique_core::render;
use communique_core::reply::{Reply, ReplyKind};
use communique_core::voice::Voice;

/// The first rule a reply breaks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Violation {
    #[error("{kind:?} reply with fact {fact:?}: a fact belongs to answers and clarifications only")]
    Fact {
        kind: ReplyKind,
        fact: Option<String>,
    },
    #[error("the reply names the fact {0:?}, which the knowledge does not have")]
    UnknownFact(String),
    #[error("the reply text is empty")]
    EmptyText,
    #[error("the reply text has {0} characters, more than {MAX_REPLY_CHARS}")]
    TextTooLong(usize),
    #[error("the score {0} is outside 0..=1")]
    Score(f32),
    #[error(
        "a {kind:?} reply offers {count} choice(s): only clarifications offer choices, two or more"
    )]
    Choices { kind: ReplyKind, count: usize },
    #[error("the rendered message has {0} characters, more than {MAX_MESSAGE_CHARS}")]
    MessageTooLong(usize),
    #[error("the JSON reply is not one line that parses: {0}")]
    Json(String),
}

/// Checks `reply`, given by `engine`, against every rule.
pub fn check_reply(engine: &Engine, reply: &Reply) -> Result<(), Violation> {
    check_fact(engine.knowledge(), reply)?;
    check_text(reply)?;
    check_choices(engine.knowledge(), reply)?;
    check_rendering(reply, engine.voice())
}

fn check_fact(knowledge: &Knowledge, reply: &Reply) -> Result<(), Violation> {
    let with_fact = matches!(reply.kind, ReplyKind::Answer | ReplyKind::Clarify);
    if reply.fact.is_some() != with_fact {
        return Err(Violation::Fact {
            kind: reply.kind,
            fact: reply.fact.clone(),
        });
    }
    let named = reply.fact.iter().chain(&reply.related);
    match named.into_iter().find(|id| knowledge.fact(id).is_none()) {
        Some(id) => Err(Violation::UnknownFact(id.clone())),
        None => Ok(()),
    }
}

fn check_text(reply: &Reply) -> Result<(), Violation> {
    let chars = reply.answer.chars().count();
    if reply.answer.trim().is_empty() {
        return Err(Violation::EmptyText);
    }
    if chars > MAX_REPLY_CHARS {
        return Err(Violation::TextTooLong(chars));
    }
    if !(0.0..=1.0).contains(&reply.score) {
        return Err(Violation::Score(reply.score));
    }
    Ok(())
}

fn check_choices(knowledge: &Knowledge, reply: &Reply) -> Result<(), Violation> {
    let count = reply.choices.len();
    let expected = match reply.kind {
        ReplyKind::Clarify => count >= 2,
        _ => count == 0,
    };
    if !expected {
        return Err(Violation::Choices {
            kind: reply.kind,
            count,
        });
    }
    match reply
        .choices
        .iter()
        .find(|c| knowledge.fact(&c.fact).is_none())
    {
        Some(choice) => Err(Violation::UnknownFact(choice.fact.clone())),
        None => Ok(()),
    }
}

fn check_rendering(reply: &Reply, voice: &Voice) -> Result<(), Violation> {
    let chars = render::text(reply, voice).chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(Violation::MessageTooLong(chars));
    }
    let json = render::json(reply);
    if json.contains('\n') {
        return Err(Violation::Json("it spans several lines".to_string()));
    }
    serde_json::from_str::<serde_json::Value>(&json)
        .map(|_| ())
        .map_err(|e| Violation::Json(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::new(Knowledge::embedded().unwrap())
    }

    fn answer(fact: &str) -> Reply {
        Reply {
            fact: Some(fact.to_string()),
            score: 0.9,
            ..Reply::without_fact(
                ReplyKind::Answer,
                "By 2025.".to_string(),
                communique_core::Lang::known(*b"en"),
            )
        }
    }

    #[test]
    fn a_plain_answer_is_valid() {
        assert_eq!(check_reply(&engine(), &answer("fta-deadline")), Ok(()));
    }

    #[test]
    fn names_the_rule_a_reply_breaks() {
        let k = engine();
        let no_answer_with_fact = Reply {
            kind: ReplyKind::NoAnswer,
            ..answer("fta-deadline")
        };
        assert!(matches!(
            check_reply(&k, &no_answer_with_fact),
            Err(Violation::Fact { .. })
        ));
        assert_eq!(
            check_reply(&k, &answer("no-such-fact")),
            Err(Violation::UnknownFact("no-such-fact".into()))
        );
        let blank = Reply {
            answer: " \n".into(),
            ..answer("fta-deadline")
        };
        assert_eq!(check_reply(&k, &blank), Err(Violation::EmptyText));
        let scored = Reply {
            score: 1.5,
            ..answer("fta-deadline")
        };
        assert_eq!(check_reply(&k, &scored), Err(Violation::Score(1.5)));
        let lone_choice = Reply {
            kind: ReplyKind::Clarify,
            choices: vec![communique_core::reply::Choice {
                fact: "fta-deadline".into(),
                label: "the FTA deadline".into(),
            }],
            ..answer("fta-deadline")
        };
        assert!(matches!(
            check_reply(&k, &lone_choice),
            Err(Violation::Choices { count: 1, .. })
        ));
        let long = Reply {
            answer: "x".repeat(MAX_REPLY_CHARS + 1),
            ..answer("fta-deadline")
        };
        assert_eq!(
            check_reply(&k, &long),
            Err(Violation::TextTooLong(MAX_REPLY_CHARS + 1))
        );
    }
}
