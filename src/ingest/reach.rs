//! The drafted dialogue: for every fact, a question the engine answers from that fact.
//!
//! The draft is loaded as a package (the same parser `--knowledge` uses) and asked, per fact, a
//! few questions built from the fact's own label, keywords and quote; the first one answered from
//! the fact becomes a `> question` / `<= id` pair. So `communique test` on a fresh package proves
//! every fact reachable, and a fact no question reaches is reported for curation instead of being
//! written as an expectation that would fail.

use crate::engine::Engine;
use crate::knowledge::{Fact, Knowledge};
use crate::messages as msg;

/// What reaching every fact found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// The `*.dialogue` text.
    pub dialogue: String,
    /// Ids of facts no drafted question reaches.
    pub unreachable: Vec<String>,
}

/// Drafts the dialogue for `knowledge`.
pub fn reach(knowledge: Knowledge) -> Reach {
    let engine = Engine::new(knowledge);
    let mut out = Reach {
        dialogue: msg::INGEST_DIALOGUE_HEADER.to_string(),
        unreachable: Vec::new(),
    };
    for fact in &engine.knowledge().facts {
        let found = questions(fact)
            .into_iter()
            .find(|q| engine.answer(q).fact.as_deref() == Some(fact.id.as_str()));
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

/// Questions that should reach `fact`, most natural first.
fn questions(fact: &Fact) -> Vec<String> {
    let mut out = vec![
        msg::INGEST_PROBE_QUESTION.replace("{label}", &fact.label),
        format!("{}?", fact.label),
    ];
    if !fact.keywords.is_empty() {
        let top: Vec<&str> = fact.keywords.iter().take(3).map(String::as_str).collect();
        out.push(format!("{} {}?", fact.label, top.join(" ")));
    }
    if let Some(quote) = &fact.quote {
        out.push(format!("{quote}?"));
    }
    out.push(fact.answer.clone());
    out.into_iter()
        .map(|q| q.replace('\n', " "))
        .filter(|q| !q.trim().is_empty())
        .collect()
}
