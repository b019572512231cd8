//! Replies as the terminal shows them: plain text with a citation line and suggestions, one line
//! per reply for `batch`, or one JSON object (the batch protocol).

use crate::limits::MAX_MESSAGE_CHARS;
use crate::reply::Reply;
use crate::voice::Voice;

/// A reply for a person at a terminal, at most [`MAX_MESSAGE_CHARS`] characters (the loader's
/// limits keep real replies far below; this is the backstop).
pub fn text(reply: &Reply, voice: &Voice) -> String {
    crate::text::truncate_chars(&unbounded_text(reply, voice), MAX_MESSAGE_CHARS)
}

fn unbounded_text(reply: &Reply, voice: &Voice) -> String {
    let mut out = reply.answer.clone();
    if let Some(citation) = &reply.source {
        out.push_str("\n  ");
        out.push_str(&voice.citation_line(citation));
    }
    if !reply.suggestions.is_empty() {
        out.push_str(&format!("\n  {}", voice.phrases().citation.suggestions));
        for suggestion in &reply.suggestions {
            out.push_str(&format!("\n    - {suggestion}"));
        }
    }
    out
}

/// A reply on one line (line breaks become spaces).
pub fn one_line(reply: &Reply) -> String {
    reply
        .answer
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A reply as one JSON object on one line.
pub fn json(reply: &Reply) -> String {
    // Serialising plain strings, numbers and vectors cannot fail; fall back to a minimal object
    // rather than panic if it ever did.
    serde_json::to_string(reply).unwrap_or_else(|_| {
        r#"{"answer":"internal error","fact":null,"score":0.0,"related":[]}"#.to_string()
    })
}
