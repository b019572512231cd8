//! One line of the question log: what the engine decided about one handled message, and nothing
//! about who sent it.
//!
//! A [`Record`] is made from the library's [`Routed`] reply (its trace and reply), never by reading
//! the message again: the kind, fact, score, runner-up and unplaced words are the ones the engine
//! used. The message is kept masked ([`crate::mask`]) and bounded; a word it names that masking
//! removed is not kept among the unplaced words either. There is no field for a chat id, a user
//! id, a username or a name: the only link between records is [`Record::conversation`], a keyed
//! hash ([`crate::writer`]).

use serde::{Deserialize, Serialize};

use communique_core::engine::{Route, Term, Trace};
use communique_core::library::Routed;
use communique_core::reply::ReplyKind;
use communique_core::text::{tokenize, truncate_chars};

use crate::mask::mask;

/// The version of the record's shape, written in every record.
pub const VERSION: u32 = 1;

/// How many characters of a message a record keeps.
pub const MAX_TEXT_CHARS: usize = 300;

/// How many unplaced words a record keeps.
pub const MAX_UNKNOWN: usize = 8;

/// One handled message, as the question log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record's shape ([`VERSION`]).
    pub v: u32,
    /// When, in UTC to the minute: `YYYY-MM-DDTHH:MMZ`.
    pub time: String,
    /// The statement that answered (its package id); `None` for a reply about several.
    pub statement: Option<String>,
    /// The language of the reply (the question's own, unless the user fixed one).
    pub lang: String,
    /// The conversation, as a keyed hash that changes with the key (daily): records of one
    /// conversation share it within a day. `None` when the front end has no conversations.
    pub conversation: Option<String>,
    /// How the message was read: `question` (of its own), `follow-up`, `choice`, `overview`,
    /// `small-talk`, `empty`, or `library` (a reply about several statements).
    pub route: String,
    /// The message, masked and bounded.
    pub text: String,
    /// `answer`, `clarify`, `partial`, `no-answer`, `small-talk` or `which-statement`.
    pub kind: String,
    /// The fact answered from, offered first, whose detail is missing, or pointed to.
    pub fact: Option<String>,
    pub score: f32,
    /// The best other candidate fact, and by how much `fact` (or the best candidate) leads it.
    pub runner_up: Option<String>,
    pub margin: Option<f32>,
    /// Why there is no answer, the detail a partial answer lacks, or the small-talk intent.
    pub reason: Option<String>,
    /// Words of the message the statement never uses and the engine could not place.
    pub unknown: Vec<String>,
}

impl Record {
    /// The record of `routed`, the reply to `text`, at `time` in `conversation` (a keyed hash).
    pub fn new(routed: &Routed, text: &str, time: String, conversation: Option<String>) -> Record {
        let reply = &routed.reply;
        let masked = truncate_chars(&mask(text), MAX_TEXT_CHARS);
        let mut record = Record {
            v: VERSION,
            time,
            statement: reply.statement.clone(),
            lang: reply.lang.code().to_string(),
            conversation,
            route: "library".to_string(),
            text: masked,
            kind: kind_name(reply.kind).to_string(),
            fact: reply.fact.clone(),
            score: round(reply.score),
            runner_up: None,
            margin: None,
            reason: None,
            unknown: Vec::new(),
        };
        if let Some(trace) = &routed.trace {
            record.read_trace(trace);
        }
        record
    }

    fn read_trace(&mut self, trace: &Trace) {
        self.route = route_name(trace.route).to_string();
        if let Some(outcome) = &trace.outcome {
            self.kind = outcome.kind.name().to_string();
            self.fact = outcome.fact.clone();
            self.score = round(outcome.score);
            self.reason = outcome.detail.clone();
        }
        // the lead: the fact decided on, else the best candidate
        let lead = self
            .fact
            .clone()
            .or_else(|| trace.candidates.first().map(|c| c.fact.clone()));
        if let Some(lead) = lead {
            let lead_score = trace
                .candidates
                .iter()
                .find(|c| c.fact == lead)
                .map_or(self.score, |c| c.score);
            if let Some(second) = trace.candidates.iter().find(|c| c.fact != lead) {
                self.runner_up = Some(second.fact.clone());
                self.margin = Some(round(lead_score - second.score));
            }
        }
        // only words that are still in the masked text (masking may have removed some)
        let kept = tokenize(&self.text);
        for term in &trace.terms {
            if let Term::Unknown(word) = term
                && kept.contains(word)
                && !self.unknown.contains(word)
                && self.unknown.len() < MAX_UNKNOWN
            {
                self.unknown.push(word.clone());
            }
        }
    }

    /// Whether the statement gave no answer (a no-answer or a partial answer).
    pub fn is_refused(&self) -> bool {
        matches!(self.kind.as_str(), "no-answer" | "partial")
    }

    /// Whether the message was a question of its own (not a follow-up, a choice or small talk):
    /// one that can be asked again alone.
    pub fn stands_alone(&self) -> bool {
        matches!(self.route.as_str(), "question" | "overview")
    }

    /// The record's UTC day, `YYYY-MM-DD`.
    pub fn day(&self) -> &str {
        self.time.get(..10).unwrap_or(&self.time)
    }
}

fn kind_name(kind: ReplyKind) -> &'static str {
    match kind {
        ReplyKind::Answer => "answer",
        ReplyKind::Clarify => "clarify",
        ReplyKind::NoAnswer => "no-answer",
        ReplyKind::SmallTalk => "small-talk",
        ReplyKind::WhichStatement => "which-statement",
    }
}

fn route_name(route: Route) -> &'static str {
    match route {
        Route::Empty => "empty",
        Route::SmallTalk => "small-talk",
        Route::Choice => "choice",
        Route::FollowUp(_) => "follow-up",
        Route::Overview => "overview",
        Route::Question => "question",
    }
}

fn round(score: f32) -> f32 {
    (score * 1000.0).round() / 1000.0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use communique_core::conversation::Conversation;
    use communique_core::{Knowledge, Library, Toolkit};

    fn library() -> Library {
        Library::new(vec![Knowledge::embedded().unwrap()], &Toolkit::default()).unwrap()
    }

    fn record(library: &Library, text: &str) -> Record {
        let routed = library.respond_traced(&mut Conversation::default(), text);
        Record::new(&routed, text, "2026-01-02T03:04Z".to_string(), None)
    }

    #[test]
    fn a_record_is_what_the_engine_decided() {
        let library = library();
        let answered = record(
            &library,
            "By what year should the free trade talks be done?",
        );
        assert_eq!(answered.kind, "answer");
        assert_eq!(answered.fact.as_deref(), Some("fta-deadline"));
        assert_eq!(answered.route, "question");
        assert!(answered.runner_up.is_some() && answered.margin.unwrap() > 0.0);
        let refused = record(&library, "What did they say about volcanoes and glaciers?");
        assert_eq!(refused.kind, "no-answer");
        assert_eq!(refused.reason.as_deref(), Some("not-mentioned"));
        assert_eq!(refused.unknown, ["volcanoes", "glaciers"]);
        let partial = record(
            &library,
            "Who put their signature on the planned tourism MoU?",
        );
        assert_eq!(partial.kind, "partial");
        assert_eq!(partial.reason.as_deref(), Some("who"));
        assert!(partial.is_refused());
    }

    #[test]
    fn masked_words_are_not_kept_as_unplaced_words() {
        let library = library();
        let r = record(
            &library,
            "write to sitiaminah@example.org or call +60 12-345 6789 about volcanoes",
        );
        assert_eq!(r.text, "write to [email] or call [phone] about volcanoes");
        assert!(!r.unknown.iter().any(|w| w.contains("siti")), "{r:?}");
        assert!(r.unknown.contains(&"volcanoes".to_string()), "{r:?}");
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            !json.contains("sitiaminah") && !json.contains("6789"),
            "{json}"
        );
    }

    #[test]
    fn the_text_is_bounded() {
        let library = library();
        let long = "volcano ".repeat(200);
        assert_eq!(record(&library, &long).text.chars().count(), MAX_TEXT_CHARS);
    }
}
