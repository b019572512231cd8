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
    one_line_text(&reply.answer)
}

/// `text` with its words apart by single spaces.
fn one_line_text(text: &str) -> String {
    if is_one_line(text) {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is one line already: its words apart by single spaces, no other whitespace,
/// none at either end (as most answers are: copied whole, not rebuilt word by word).
fn is_one_line(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
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
    fn one_line_keeps_words_apart_by_single_spaces_whatever_the_whitespace() {
        for text in [
            "",
            "Yes.",
            "Yes. They agreed on three MoUs.",
            " Yes.",
            "Yes. ",
            "Yes.  They agreed.",
            "Yes.\nThey agreed.",
            "Yes.\tThey\r\nagreed.",
            "Yes.\u{a0}They agreed.",
            "Ya,\u{2003}mereka bersetuju.",
            "   ",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(one_line_text(text), words.join(" "), "{text:?}");
        }
    }
}
