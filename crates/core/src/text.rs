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
    if input.is_ascii() {
        return fold_ascii(input);
    }
    let mut out = String::with_capacity(input.len().min(MAX_INPUT_CHARS * 2));
    let mut left = MAX_INPUT_CHARS;
    let mut rest = input;
    // Runs of ASCII byte by byte, runs of other characters through NFKD (a run ends where the
    // other kind starts or the characters read run out).
    while left > 0 && !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(ascii.min(left));
        push_ascii(run, &mut out);
        left -= run.len();
        rest = after;
        let mut chars = 0;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                chars += 1;
                c.is_ascii() || chars > left
            })
            .map_or(rest.len(), |(at, _)| at);
        let (run, after) = rest.split_at(end);
        fold_decomposed(run, &mut out);
        left = left.saturating_sub(run.chars().count());
        rest = after;
    }
    out
}

/// [`fold`] of ASCII text, byte by byte (what almost every question and knowledge word is).
fn fold_ascii(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_INPUT_CHARS));
    push_ascii(input.get(..MAX_INPUT_CHARS).unwrap_or(input), &mut out);
    out
}

/// Appends the fold of `ascii` (ASCII text) to `out`.
fn push_ascii(ascii: &str, out: &mut String) {
    for &b in ascii.as_bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
}

/// Folds a run of non-ASCII characters: NFKD, combining marks dropped.
fn fold_decomposed(run: &str, out: &mut String) {
    for c in run.chars().nfkd() {
        if !is_combining_mark(c) {
            push_folded(c, out);
        }
    }
}

/// Appends the fold of one character of a decomposition to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
    } else if !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Splits folded text into tokens (at most [`MAX_TOKENS`], each at most [`MAX_TOKEN_CHARS`]).
///
/// Folded text has no whitespace but the ASCII space ([`fold`] turns every character that is not
/// a letter or a digit into one), so it is split byte by byte, not by decoding characters.
pub fn tokens(folded: &str) -> Vec<String> {
    token_slices(folded).map(str::to_string).collect()
}

/// The tokens of [`tokens`], as slices of `folded` (for a reader that keeps none of them).
pub fn token_slices(folded: &str) -> impl Iterator<Item = &str> {
    folded.split_ascii_whitespace().take(MAX_TOKENS).map(|t| {
        if t.len() <= MAX_TOKEN_CHARS {
            // at most as many characters as bytes: nothing to cut
            t
        } else {
            let cut = t.char_indices().nth(MAX_TOKEN_CHARS).map(|(at, _)| at);
            cut.and_then(|at| t.get(..at)).unwrap_or(t)
        }
    })
}

/// Whether `word` is a year between 1900 and 2099 (four digits).
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
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

/// A message, cut into clauses and tokens once: every reader of the message (the library's
/// routing, an engine's reading and question analysis) works from this value. The tokens are
/// held once, in order; each clause is a run of them, with whether a question mark ends it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    tokens: Vec<String>,
    /// Per clause: one past its last token, and whether a question mark ends it.
    clauses: Vec<(usize, bool)>,
}

impl Message {
    /// `text` read: at most [`MAX_INPUT_CHARS`] characters, cut at sentence and clause
    /// punctuation (not inside "U.S." or "2.5") and at pictographs (emoji end a clause in a chat
    /// as a full stop would), into at most [`MAX_TOKENS`] tokens in all.
    pub fn new(text: &str) -> Message {
        let mut reader = Reader::default();
        let mut chars = text.chars().take(MAX_INPUT_CHARS).peekable();
        let (mut before, mut before2) = (None, None);
        while let Some(c) = chars.next() {
            if c.is_ascii() {
                reader.fold_run();
                let inside = c == '.' && inside_word(before, before2, chars.peek().copied());
                if BOUNDARIES.contains(&c) && !inside {
                    reader.end_clause(c == '?');
                } else if c.is_ascii_alphanumeric() {
                    reader.token.push(c.to_ascii_lowercase());
                } else {
                    reader.end_token();
                }
            } else if u32::from(c) >= PICTOGRAPHS && !c.is_alphanumeric() {
                // Emoji and other pictographs end a clause in a chat as a full stop would.
                reader.fold_run();
                reader.end_clause(false);
            } else {
                reader.run.push(c);
            }
            before2 = before;
            before = Some(c);
        }
        reader.fold_run();
        reader.end_clause(false);
        reader.message
    }

    /// A message of one clause made of `tokens` (already folded).
    pub fn from_tokens(tokens: Vec<String>) -> Message {
        let mut message = Message::default();
        message.push_clause(tokens, false);
        message
    }

    /// Adds a clause of `tokens` (within the [`MAX_TOKENS`] of a message); a clause with no tokens
    /// lends its question mark to the one before ("…reactors?? small ones?"), and is kept only
    /// as the first.
    pub fn push_clause(&mut self, tokens: impl IntoIterator<Item = String>, question_mark: bool) {
        let room = MAX_TOKENS.saturating_sub(self.tokens.len());
        let before = self.tokens.len();
        self.tokens.extend(tokens.into_iter().take(room));
        let end = self.tokens.len();
        match self.clauses.last_mut() {
            Some(last) if end == before => last.1 |= question_mark,
            _ => self.clauses.push((end, question_mark)),
        }
    }

    /// The clauses, in order: each its tokens, and whether a question mark ends it.
    pub fn clauses(&self) -> impl Iterator<Item = (&[String], bool)> {
        let mut start = 0;
        self.clauses.iter().map(move |&(end, question_mark)| {
            let tokens = self.tokens.get(start..end).unwrap_or(&[]);
            start = end;
            (tokens, question_mark)
        })
    }

    /// Every token, in order.
    /// Puts `word` in place of the token at `at` (the clauses unchanged); past the end, nothing.
    pub fn replace(&mut self, at: usize, word: &str) {
        if let Some(token) = self.tokens.get_mut(at) {
            *token = word.to_string();
        }
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Whether the message has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Whether a full stop between `before` (and `before2` before it) and `after` is inside an
/// abbreviation or a number ("U.S.", "2.5").
fn inside_word(before: Option<char>, before2: Option<char>, after: Option<char>) -> bool {
    let single_letter =
        before.is_some_and(|c| c.is_alphabetic()) && before2.is_none_or(|c| !c.is_alphanumeric());
    let decimal =
        before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
    single_letter || decimal
}

/// A message being read in one pass: its clauses so far, the clause, the token and the run of
/// non-ASCII characters (folded as [`fold`] does: NFKD, combining marks dropped) being read.
#[derive(Default)]
struct Reader {
    message: Message,
    clause: Vec<String>,
    token: String,
    run: String,
}

impl Reader {
    /// Folds the run of non-ASCII characters into the token (and ends the token at a character
    /// that is not a letter or digit).
    fn fold_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        for c in run.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                self.token.extend(c.to_lowercase());
            } else {
                self.end_token();
            }
        }
    }

    /// Ends the token being read (at most [`MAX_TOKEN_CHARS`] characters of it are kept).
    fn end_token(&mut self) {
        if self.token.is_empty() {
            return;
        }
        let mut token = std::mem::take(&mut self.token);
        if token.len() > MAX_TOKEN_CHARS
            && let Some((at, _)) = token.char_indices().nth(MAX_TOKEN_CHARS)
        {
            token.truncate(at);
        }
        self.clause.push(token);
    }

    /// Ends the clause being read.
    fn end_clause(&mut self, question_mark: bool) {
        self.end_token();
        let clause = std::mem::take(&mut self.clause);
        self.message.push_clause(clause, question_mark);
    }
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

/// The entry line of the sorted `text` whose key (`key_of` the line) is `key`, found by a binary
/// search over the text as it is: no index to build, about twenty short scans a lookup. For a
/// process that looks up a few words (`ask`); the word tables and the lexicon build an index
/// for many lookups when warmed up. Comment and blank lines are stepped over.
pub(crate) fn search_sorted<'t>(
    text: &'t str,
    key: &str,
    key_of: impl Fn(&'t str) -> &'t str,
) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let line_end = |from: usize| {
        bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |p| from + p)
    };
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes
            .get(lo..mid)?
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        // The first entry line at or after `start`, before `hi`.
        let mut at = start;
        let found = loop {
            if at >= hi {
                break None;
            }
            let end = line_end(at).min(hi);
            let line = text.get(at..end)?;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.starts_with('#') && !line.trim().is_empty() {
                break Some((line, end));
            }
            at = end + 1;
        };
        let Some((line, end)) = found else {
            hi = start;
            continue;
        };
        match key_of(line).as_bytes().cmp(key.as_bytes()) {
            std::cmp::Ordering::Equal => return Some(line),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// Escapes text for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    }

    /// Text longer than a question may be is folded as the reference folds it, whichever kind
    /// of character (ASCII or not, a run of either) straddles the last one read.
    #[test]
    fn fold_reads_as_many_characters_as_the_reference_at_the_limit() {
        for pad in 0..6 {
            for tail in ["abc déf’s “x” ﬁ", "é’é’éé", "’’’abc", "a"] {
                let text = format!(
                    "{}{}",
                    "x".repeat(MAX_INPUT_CHARS - 3 - pad),
                    tail.repeat(4)
                );
                assert_eq!(
                    fold(&text),
                    fold_reference(&text),
                    "pad {pad}, tail {tail:?}"
                );
                let text = format!("’{}{}", "é".repeat(MAX_INPUT_CHARS - 5 - pad), tail);
                assert_eq!(
                    fold(&text),
                    fold_reference(&text),
                    "pad {pad}, tail {tail:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn fold_is_nfkd_of_the_whole_text(
            s in "([a-zA-Z0-9 .'-]|\\PC|[\u{300}-\u{36f}\u{1dc0}-\u{1dff}]|[\u{1100}-\u{11ff}\u{ac00}-\u{ac20}]|[ﬁ①Åé])*"
        ) {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        /// Folded text has no whitespace but the ASCII space, which [`tokens`] relies on when
        /// it splits byte by byte (Unicode spaces, tabs and line breaks included in the input).
        #[test]
        fn folded_text_has_no_whitespace_but_the_space(
            s in "([a-zA-Z0-9 .'-]|\\PC|\\s|[\u{a0}\u{2000}-\u{200b}\u{2028}\u{2029}\u{3000}\t\r\n])*"
        ) {
            let folded = fold(&s);
            proptest::prop_assert!(folded.chars().all(|c| c == ' ' || !c.is_whitespace()));
            let by_char: Vec<&str> = folded.split_whitespace().take(MAX_TOKENS).collect();
            proptest::prop_assert_eq!(tokens(&folded), by_char);
        }

        /// A message read in one pass has exactly the tokens of its text, and its clauses hold
        /// them all, in order.
        #[test]
        fn a_message_has_the_tokens_of_its_text(
            s in "([a-zA-Z0-9 .,?!'-]|[\u{300}-\u{36f}]|[ﬁ①Åé한국]|\n){0,200}"
        ) {
            let message = Message::new(&s);
            let tokens = tokenize(&s);
            proptest::prop_assert_eq!(message.tokens(), tokens.as_slice());
            let clauses: Vec<&[String]> = message.clauses().map(|(t, _)| t).collect();
            proptest::prop_assert_eq!(clauses.concat(), tokenize(&s));
        }
    }

    #[test]
    fn a_message_is_cut_into_clauses_at_punctuation_not_inside_words() {
        let message = Message::new("Hi!! The U.S. grew 2.5 per cent?? why, really");
        let clauses: Vec<(Vec<&str>, bool)> = message
            .clauses()
            .map(|(t, q)| (t.iter().map(String::as_str).collect(), q))
            .collect();
        assert_eq!(
            clauses,
            [
                (vec!["hi"], false),
                (vec!["the", "u", "s", "grew", "2", "5", "per", "cent"], true),
                (vec!["why"], false),
                (vec!["really"], false),
            ]
        );
        // a pictograph ends a clause and is no token
        let emoji = Message::new("thanks 🙏 what about trade");
        assert_eq!(emoji.clauses().count(), 2);
        assert_eq!(emoji.tokens().join(" "), "thanks what about trade");
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
