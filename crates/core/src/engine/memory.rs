//! Conversation memory: what a decision leaves in the [`Conversation`] for the next message.
//!
//! A no-answer starts the conversation afresh, keeping only what its question asked (for a
//! correction); small talk leaves it as it was; a clarification
//! remembers its choices; an answer remembers its fact, its list (or keeps the list it is an item
//! of) and the person it names, and the
//! question when it had a topic of its own (so "and for education?" can borrow it). Whatever the
//! outcome, the message's language becomes the conversation's (a reset keeps it).

use crate::conversation::{Conversation, ListItem};

use super::Engine;
use super::decision::{Decision, Outcome};

impl Engine {
    /// Updates `conversation` after `decision`: what its question asked (kind and terms, as data)
    /// is kept for follow-ups.
    pub(super) fn remember(&self, conversation: &mut Conversation, decision: &Decision) {
        if decision.lang.is_some() {
            conversation.lang = decision.lang;
        }
        let remember_question = |conversation: &mut Conversation| {
            if let Some(asked) = &decision.asked {
                conversation.remember_question(asked.kind, &asked.terms);
            }
        };
        match &decision.outcome {
            // The question is kept all the same: "I meant the Paris one" may ask it again.
            Outcome::NoAnswer { .. } | Outcome::Partial { .. } => {
                conversation.reset();
                remember_question(conversation);
            }
            Outcome::SmallTalk { .. } => {}
            Outcome::Clarify { first, second, .. } => {
                conversation.choices = [*first, *second]
                    .iter()
                    .filter_map(|&i| self.knowledge.facts.get(i))
                    .map(|f| f.id.clone())
                    .collect();
                remember_question(conversation);
            }
            Outcome::Answer { fact, .. } => {
                conversation.declined = self.declined(conversation, *fact);
                conversation.choices.clear();
                remember_question(conversation);
                if let Some(fact) = self.knowledge.facts.get(*fact) {
                    conversation.last_fact = Some(fact.id.clone());
                    conversation.remember_shown(&fact.id);
                    // An answer about one item of the list, without a list of its own, keeps the
                    // list: "the second one", then "and the first?", walk the same list.
                    let in_list = fact.items.is_empty()
                        && conversation
                            .list
                            .iter()
                            .any(|item| item.fact.as_deref() == Some(fact.id.as_str()));
                    if !in_list {
                        conversation.list = fact
                            .items
                            .iter()
                            .map(|item| ListItem {
                                label: item.label.clone(),
                                fact: item.fact.clone(),
                            })
                            .collect();
                    }
                    if fact.person.is_some() {
                        conversation.person = fact.person.clone();
                    }
                }
            }
        }
    }
}

impl Engine {
    /// The choice left aside once the answer is fact `answer`: the other of a pending
    /// clarification's two choices when it is one of them, the one left aside before while the
    /// answer stays on the same fact, and none otherwise.
    fn declined(&self, conversation: &Conversation, answer: usize) -> Option<String> {
        let id = &self.knowledge.facts.get(answer)?.id;
        if let [first, second] = conversation.choices.as_slice() {
            return if first == id {
                Some(second.clone())
            } else if second == id {
                Some(first.clone())
            } else {
                None
            };
        }
        conversation
            .declined
            .clone()
            .filter(|_| conversation.last_fact.as_ref() == Some(id))
    }
}

#[cfg(test)]
mod tests {
    use crate::conversation::Conversation;
    use crate::engine::Engine;
    use crate::knowledge::{Kind, Knowledge};
    use crate::term::Term;

    #[test]
    fn a_question_is_remembered_as_what_it_asked_not_as_text() {
        let engine = Engine::new(Knowledge::embedded().unwrap());
        let mut c = Conversation::default();
        engine.respond(&mut c, "When should the FTA talks be concluded?");
        let asked = c.last_question.clone().unwrap();
        assert_eq!(asked.kind, Kind::When);
        assert!(asked.terms.iter().any(|t| matches!(t, Term::Concept(_))));
        let stored = serde_json::to_string(&c).unwrap();
        assert!(!stored.contains("should"), "{stored}");
        // an ellipsis ("what about …?") borrows the kind and terms and is answered
        let follow_up = engine.respond(&mut c, "what about the MoU on tourism?");
        assert!(!follow_up.is_no_answer(), "{follow_up:?}");
    }

    #[test]
    fn an_answer_about_an_item_of_the_list_keeps_the_list() {
        let engine = Engine::new(Knowledge::embedded().unwrap());
        let mut c = Conversation::default();
        engine.respond(&mut c, "What are the four key areas?");
        let list = c.list.clone();
        assert_eq!(list.len(), 4, "{c:?}");
        engine.respond(&mut c, "the second one");
        assert_eq!(c.list, list, "{c:?}");
        // a fact with a list of its own, asked afresh, brings its own
        engine.respond(&mut c, "Which clean energy technologies did they name?");
        assert_ne!(c.list, list, "{c:?}");
    }
}
