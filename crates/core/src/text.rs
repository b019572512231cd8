//! Text normalisation and tokenising, shared by the knowledge index and the question analyser.
//!
//! Both sides of every comparison go through the same functions, so a fact written as
//! "Défense, non-traditional" and a question typed as "DEFENSE non traditional" meet as the same
//! tokens. Invariants: the functions never panic, allocate at most in proportion to their input, and
//! read at most [`MAX_INPUT_CHARS`] characters of a question (longer input is answered from that
//! bounded prefix, so a 1 MiB message costs the same as a long sentence).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How many characters of a question are read; the rest is ignored.
pub const MAX_INPUT_CHARS: usize = 1_000;

/// How many tokens of a question are analysed.
pub const MAX_TOKENS: usize = 64;

/// Longest token kept; longer runs of letters are cut (nobody's word is this long).
pub const MAX_TOKEN_CHARS: usize = 40;

/// Folds `input` to lowercase ASCII-ish text: compatibility decomposition, combining marks dropped
/// (so "é" becomes "e"), lowercased; every character that is not a letter or digit becomes a space.
/// Reads at most [`MAX_INPUT_CHARS`] characters.
///
/// ASCII characters are folded directly and only runs of other characters go through NFKD: an ASCII
/// character decomposes to itself and is a starter (combining class 0), which canonical reordering
/// never moves across, so this is exactly NFKD of the whole text (a property test checks it).
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_INPUT_CHARS * 2));
    let mut run = String::new();
    for c in input.chars().take(MAX_INPUT_CHARS) {
        if c.is_ascii() {
            if !run.is_empty() {
                fold_decomposed(&run, &mut out);
                run.clear();
            }
            push_folded(c, &mut out);
        } else {
            run.push(c);
        }
    }
    fold_decomposed(&run, &mut out);
    out
}

/// Folds a run of non-ASCII characters: NFKD, combining marks dropped.
fn fold_decomposed(run: &str, out: &mut String) {
    for c in run.chars().nfkd() {
        if !is_combining_mark(c) {
            push_folded(c, out);
        }
    }
}

fn push_folded(c: char, out: &mut String) {
    if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
    } else if !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Splits folded text into tokens (at most [`MAX_TOKENS`], each at most [`MAX_TOKEN_CHARS`]).
pub fn tokens(folded: &str) -> Vec<String> {
    folded
        .split_whitespace()
        .take(MAX_TOKENS)
        .map(|t| t.chars().take(MAX_TOKEN_CHARS).collect())
        .collect()
}

/// [`fold`] then [`tokens`].
pub fn tokenize(input: &str) -> Vec<String> {
    tokens(&fold(input))
}

/// From here on, a character that is neither a letter nor a digit is a pictograph (arrows,
/// symbols, emoji), which ends a clause.
const PICTOGRAPHS: u32 = 0x2190;

/// Characters that end a clause of a message.
const BOUNDARIES: [char; 7] = ['.', '!', '?', ';', ':', ',', '\n'];

/// A clause of a message: its tokens, and whether a question mark ends it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    pub tokens: Vec<String>,
    pub question_mark: bool,
}

/// A message, cut into clauses and tokens once: every reader of the message (the library's
/// routing, an engine's reading and question analysis) works from this value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    segments: Vec<Segment>,
    tokens: Vec<String>,
}

impl Message {
    /// `text` read: at most [`MAX_INPUT_CHARS`] characters, cut at sentence and clause
    /// punctuation (not inside "U.S." or "2.5") and at pictographs, into at most [`MAX_TOKENS`]
    /// tokens in all.
    pub fn new(text: &str) -> Message {
        let mut segments = segments(text);
        let mut budget = MAX_TOKENS;
        for segment in &mut segments {
            segment.tokens.truncate(budget);
            budget -= segment.tokens.len();
        }
        let tokens = segments
            .iter()
            .flat_map(|s| s.tokens.iter().cloned())
            .collect();
        Message { segments, tokens }
    }

    /// A message of one clause made of `tokens` (already folded).
    pub fn from_tokens(mut tokens: Vec<String>) -> Message {
        tokens.truncate(MAX_TOKENS);
        Message {
            segments: vec![Segment {
                tokens: tokens.clone(),
                question_mark: false,
            }],
            tokens,
        }
    }

    /// The clauses, in order (an empty clause is kept only as the message's last).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Every token, in order.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

/// Cuts `text` into clauses at sentence and clause punctuation (not inside "U.S." or "2.5") and
/// at pictographs (emoji end a clause in a chat as a full stop would); a question mark after an
/// empty clause ("…reactors?? small ones?") belongs to the one before.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().take(MAX_INPUT_CHARS).collect();
    for (i, &c) in chars.iter().enumerate() {
        let pictograph = u32::from(c) >= PICTOGRAPHS && !c.is_alphanumeric();
        let boundary =
            pictograph || (BOUNDARIES.contains(&c) && !(c == '.' && inside_word(&chars, i)));
        if boundary {
            pieces.push(Segment {
                tokens: tokenize(&current),
                question_mark: c == '?',
            });
            current.clear();
        } else {
            current.push(c);
        }
    }
    pieces.push(Segment {
        tokens: tokenize(&current),
        question_mark: false,
    });
    let mut merged: Vec<Segment> = Vec::new();
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if piece.tokens.is_empty() => last.question_mark |= piece.question_mark,
            _ => merged.push(piece),
        }
    }
    merged
}

/// Whether the full stop at `i` is inside an abbreviation or a number ("U.S.", "2.5").
fn inside_word(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|b| chars.get(b));
    let before2 = i.checked_sub(2).and_then(|b| chars.get(b));
    let after = chars.get(i + 1);
    let single_letter =
        before.is_some_and(|c| c.is_alphabetic()) && before2.is_none_or(|c| !c.is_alphanumeric());
    let decimal =
        before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit);
    single_letter || decimal
}

/// Folds whitespace runs to one space and trims; used to compare quotes with the source text.
pub fn squash_whitespace(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters, on a character boundary, adding "…" when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            fold("Défense, NON-traditional!"),
            "defense non traditional "
        );
        assert_eq!(
            tokenize("What's the FTA's status?"),
            ["what", "s", "the", "fta", "s", "status"]
        );
    }

    #[test]
    fn keeps_digits_and_mixed_tokens() {
        assert_eq!(
            tokenize("5G and COVID-19 in 2019"),
            ["5g", "and", "covid", "19", "in", "2019"]
        );
    }

    #[test]
    fn bounds_long_input() {
        let long = "word ".repeat(100_000);
        assert!(tokenize(&long).len() <= MAX_TOKENS);
        let one = "a".repeat(10_000);
        assert_eq!(tokenize(&one)[0].len(), MAX_TOKEN_CHARS);
    }

    /// The original definition of [`fold`]: NFKD of the whole (bounded) text.
    fn fold_reference(input: &str) -> String {
        let mut out = String::new();
        for c in input.chars().take(MAX_INPUT_CHARS).nfkd() {
            if !is_combining_mark(c) {
                push_folded(c, &mut out);
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn fold_is_nfkd_of_the_whole_text(
            s in "([a-zA-Z0-9 .'-]|\\PC|[\u{300}-\u{36f}\u{1dc0}-\u{1dff}]|[\u{1100}-\u{11ff}\u{ac00}-\u{ac20}]|[ﬁ①Åé])*"
        ) {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }
    }

    #[test]
    fn fold_matches_reference_on_tricky_text() {
        for s in [
            "e\u{301}\u{316}x",
            "A\u{30a}\u{323}",
            "ﬁnance ① Å",
            "한국 Malaysia–South Korea’s",
            "\u{200b}zero\u{200d}width\u{202e}rtl",
        ] {
            assert_eq!(fold(s), fold_reference(s), "{s:?}");
        }
    }

    #[test]
    fn truncates_on_char_boundary() {
        assert_eq!(truncate_chars("héllo wörld", 5), "héll…");
        assert_eq!(truncate_chars("short", 10), "short");
    }
}
