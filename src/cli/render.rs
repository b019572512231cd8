//! Replies as the terminal shows them: plain text with a citation line and suggestions, one line
//! per reply for `batch`, or one JSON object (the batch protocol).

use crate::engine::{Citation, Reply};
use crate::messages as msg;

pub use crate::messages::paragraphs_phrase;

/// The citation line of a reply: where it comes from and the verbatim excerpt, if any.
pub fn citation_line(citation: &Citation) -> String {
    let mut line = msg::CITATION.replace("{where}", &paragraphs_phrase(&citation.paragraphs));
    if let Some(quote) = &citation.quote {
        line.push_str(&format!(": “{quote}”"));
    }
    line
}

/// A reply for a person at a terminal, at most [`msg::MAX_MESSAGE_CHARS`] characters (the loader's
/// limits keep real replies far below; this is the backstop).
pub fn text(reply: &Reply) -> String {
    crate::text::truncate_chars(&unbounded_text(reply), msg::MAX_MESSAGE_CHARS)
}

fn unbounded_text(reply: &Reply) -> String {
    let mut out = reply.answer.clone();
    if let Some(citation) = &reply.source {
        out.push_str("\n  ");
        out.push_str(&citation_line(citation));
    }
    if !reply.suggestions.is_empty() {
        out.push_str(&format!("\n  {}", msg::SUGGESTIONS_HEADING));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_paragraphs() {
        assert_eq!(paragraphs_phrase(&[8]), "paragraph 8");
        assert_eq!(paragraphs_phrase(&[4, 5]), "paragraphs 4 and 5");
        assert_eq!(paragraphs_phrase(&[2, 30, 32]), "paragraphs 2, 30 and 32");
    }
}
