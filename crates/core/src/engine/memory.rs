//! Conversation memory: what a decision leaves in the [`Conversation`] for the next message.
//!
//! A no-answer starts the conversation afresh; small talk leaves it as it was; a clarification
//! remembers its choices; an answer remembers its fact, its list and the person it names, and the
//! question when it had a topic of its own (so "and for education?" can borrow it). Whatever the
//! outcome, the message's language becomes the conversation's (a reset keeps it).

use crate::conversation::{Conversation, ListItem};

use super::Engine;
use super::decision::{Decision, Outcome};

impl Engine {
    /// Updates `conversation` after `decision` on `question`. A translated question is
    /// remembered as the English the engine read, since follow-ups re-read it as English.
    pub(super) fn remember(
        &self,
        conversation: &mut Conversation,
        decision: &Decision,
        question: &str,
    ) {
        if decision.lang.is_some() {
            conversation.lang = decision.lang;
        }
        let question = decision.trace.read_as.as_deref().unwrap_or(question);
        match &decision.outcome {
            Outcome::NoAnswer { .. } | Outcome::Partial { .. } => conversation.reset(),
            Outcome::SmallTalk { .. } => {}
            Outcome::Clarify { first, second, .. } => {
                conversation.choices = [*first, *second]
                    .iter()
                    .filter_map(|&i| self.knowledge.facts.get(i))
                    .map(|f| f.id.clone())
                    .collect();
                conversation.remember_question(question);
            }
            Outcome::Answer { fact, .. } => {
                conversation.choices.clear();
                if decision.topical {
                    conversation.remember_question(question);
                }
                if let Some(fact) = self.knowledge.facts.get(*fact) {
                    conversation.last_fact = Some(fact.id.clone());
                    conversation.remember_shown(&fact.id);
                    conversation.list = fact
                        .items
                        .iter()
                        .map(|item| ListItem {
                            label: item.label.clone(),
                            fact: item.fact.clone(),
                        })
                        .collect();
                    if fact.person.is_some() {
                        conversation.person = fact.person.clone();
                    }
                }
            }
        }
    }
}
