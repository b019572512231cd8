//! The drafted dialogue: for every fact, a question the engine answers from that fact.
//!
//! The draft is loaded as a package (the same parser `--knowledge` uses) and asked, per fact, a
//! few questions built from the fact's own label, keywords and quote; the first one answered from
//! the fact becomes a `> question` / `<= id` pair. So `communique test` on a fresh package proves
//! every fact reachable, and a fact no question reaches is reported for curation instead of being
//! written as an expectation that would fail.

use crate::messages as msg;
use communique_core::engine::Engine;
use communique_core::knowledge::{DraftTexts, Fact, Knowledge};
use communique_core::reply::ReplyKind;

/// What reaching every fact found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// The `*.dialogue` text.
    pub dialogue: String,
    /// Ids of facts no drafted question reaches.
    pub unreachable: Vec<String>,
}

/// Drafts the dialogue for `knowledge`, asking the questions `writing` words.
pub fn reach(knowledge: Knowledge, writing: &DraftTexts) -> Reach {
    let engine = Engine::new(knowledge);
    let mut out = Reach {
        dialogue: msg::INGEST_DIALOGUE_HEADER.to_string(),
        unreachable: Vec::new(),
    };
    let kind_nouns: Vec<String> = engine
        .knowledge()
        .language
        .question
        .nouns
        .values()
        .flatten()
        .cloned()
        .collect();
    for fact in &engine.knowledge().facts {
        let found = questions(writing, fact, &kind_nouns).into_iter().find(|q| {
            // Answered from the fact: a clarification that offers it does not count.
            let reply = engine.answer(q);
            reply.kind == ReplyKind::Answer && reply.fact.as_deref() == Some(fact.id.as_str())
        });
        match found {
            Some(question) => {
                out.dialogue
                    .push_str(&format!("---\n> {question}\n<= {}\n", fact.id));
            }
            None => {
                out.dialogue.push_str(
                    &msg::INGEST_DIALOGUE_UNREACHABLE
                        .replace("{id}", &fact.id)
                        .replace("{label}", &fact.label),
                );
                out.unreachable.push(fact.id.clone());
            }
        }
    }
    out
}

/// Questions that should reach `fact`, most natural first. `kind_nouns` are the words the
/// language reads as asking for a kind of detail ("investment" asks "how much"): a last question
/// goes without them.
fn questions(writing: &DraftTexts, fact: &Fact, kind_nouns: &[String]) -> Vec<String> {
    let mut out: Vec<String> = fact
        .person
        .iter()
        .map(|p| writing.person_question.replace("{person}", p))
        .collect();
    out.push(writing.probe_question.replace("{label}", &fact.label));
    out.push(format!("{}?", fact.label));
    if !fact.keywords.is_empty() {
        let top: Vec<&str> = fact.keywords.iter().take(3).map(String::as_str).collect();
        out.push(format!("{} {}?", fact.label, top.join(" ")));
    }
    if let Some(quote) = &fact.quote {
        out.push(format!("{quote}?"));
    }
    out.push(fact.answer.clone());
    let plain_label: Vec<&str> = fact
        .label
        .split_whitespace()
        .filter(|w| {
            let folded = communique_core::text::fold(w);
            !kind_nouns.iter().any(|n| folded.trim() == n)
        })
        .collect();
    out.push(
        writing
            .probe_question
            .replace("{label}", &plain_label.join(" ")),
    );
    out.into_iter()
        .map(|q| q.replace('\n', " "))
        .filter(|q| !q.trim().is_empty())
        .collect()
}
