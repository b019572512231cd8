//! Reading a statement as published: header lines, paragraphs, markup, sentences.
//!
//! Paragraphs are numbered exactly as `check` counts them ([`communique_core::knowledge::paragraphs`]:
//! maximal runs of non-blank lines, from 1), whatever they hold, so every citation the ingester
//! writes points at the paragraph `check` sees. A heading line with its section's text right
//! under it is read as two paragraphs under that one number, so the heading neither opens the
//! text's first answer nor goes missing from the sections. Each paragraph is cleaned of markdown (emphasis
//! marks, `<u>` tags, `<!-- -->` separators, list and number markers, escapes) into plain text
//! that remembers, byte by byte, where it came from in the verbatim text: a stretch of clean text
//! whose bytes come from one unbroken stretch of the source is a quote `check` will find verbatim.
//!
//! Invariant: [`Clean::verbatim`] only returns text that is a substring of the paragraph's
//! whitespace-folded source text (and so of the whole source, whitespace folded).

use std::ops::Range;

use communique_core::knowledge::HeaderKeys;
use communique_core::text::squash_whitespace;

use super::drafter::Drafter;

/// What the header lines at the top of the text (`# source: URL`, `# date: …`, `# title: …`) say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub url: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    /// The header lines as written (each is a verbatim quote).
    pub lines: Vec<String>,
}

/// What a paragraph is, for the ingester.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Nothing but markup or header lines (`<!-- -->`, `\###`).
    Empty,
    /// The title line opening a text that has no `# title:` header.
    Title,
    /// A section heading (a markdown `#` line, a wholly bold line, or a short title-case line).
    Heading,
    /// Running text.
    Text,
    /// A list item (`-`, `*` or `+` at its start).
    Item,
    /// Part of the signature block at the end (names and titles, no sentences).
    Signature,
}

/// Plain text cleaned from a paragraph, with the source position of each byte.
#[derive(Debug, Clone, Default)]
pub struct Clean {
    pub text: String,
    /// For each byte of `text`, its byte offset in `raw`, or `None` when it was made up (a space
    /// closing a gap left by removed markup).
    origin: Vec<Option<usize>>,
    /// The paragraph's source text with whitespace folded to single spaces.
    raw: String,
}

/// One paragraph of the statement.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Its number as `check` counts paragraphs (from 1).
    pub number: u32,
    pub role: Role,
    pub clean: Clean,
    /// Its source lines as written (header lines excluded).
    pub lines: Vec<String>,
}

/// A statement, read.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub header: Header,
    pub paragraphs: Vec<Paragraph>,
}

/// Markup removed wherever it stands.
const MARKS: [&str; 20] = [
    "<!-- -->",
    "**",
    "__",
    "<u>",
    "</u>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<br>",
    "<br/>",
    "<br />",
    "<sup>",
    "</sup>",
    "<sub>",
    "</sub>",
    "<em>",
    "</em>",
    "<strong>",
    "</strong>",
];

/// Reads `source` into paragraphs and header.
pub fn read(d: &Drafter<'_>, source: &str) -> Document {
    let mut header = Header::default();
    let mut paragraphs = Vec::new();
    for (index, block) in blocks(source).into_iter().enumerate() {
        let lines: Vec<&str> = block
            .into_iter()
            .filter(|line| index > 0 || !read_header_line(&d.reading.header, line, &mut header))
            .collect();
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let ordinals = &d.reading.ordinal_suffixes;
        for (part, numbered_item) in parts(&lines, ordinals) {
            let raw = squash_whitespace(&part.join("\n"));
            let (clean, marker) = clean(&raw, ordinals);
            let role = match role_of(&raw, &clean.text, marker, part.len()) {
                Role::Text if numbered_item => Role::Item,
                role => role,
            };
            paragraphs.push(Paragraph {
                number,
                role,
                clean,
                lines: part.iter().map(|l| (*l).to_string()).collect(),
            });
        }
    }
    mark_plain_headings(&mut paragraphs);
    mark_signature(&mut paragraphs);
    if header.title.is_none()
        && let Some(first) = paragraphs.iter_mut().find(|p| p.role != Role::Empty)
        && first.role == Role::Heading
    {
        first.role = Role::Title;
    }
    Document { header, paragraphs }
}

/// A paragraph's lines, cut where a part of its own starts under the paragraph's one number: the
/// text right under a heading line (no blank line between), and each item of a list whose items
/// are not set apart by blank lines (a line opening with a bullet or a "(a)" marker, or with a
/// number and a stop, "1. Train nurses", when two lines or more do; a line without one continues
/// the item above it). Each part comes with whether it is such a numbered item: a number that
/// opens a line inside a paragraph numbers an item of a list, not the paragraph.
fn parts<'a, 'b>(lines: &'b [&'a str], ordinals: &[String]) -> Vec<(&'b [&'a str], bool)> {
    let (mut out, body) = match opening_heading(lines, ordinals) {
        Some(rest) => (vec![(lines.get(..1).unwrap_or(&[]), false)], rest),
        None => (Vec::new(), lines),
    };
    let bullet = |line: &&str| clean(&squash_whitespace(line), ordinals).1 == Marker::Bullet;
    let numbered = |line: &&str| {
        let line = line.trim_start();
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        (1..=3).contains(&digits)
            && line
                .get(digits..)
                .is_some_and(|after| after.starts_with(". ") || after.starts_with(") "))
    };
    let numbered_items = body.iter().filter(|line| numbered(line)).count() >= 2;
    let opens_item = |line: &&str| bullet(line) || (numbered_items && numbered(line));
    if body.iter().filter(|line| opens_item(line)).count() < 2 {
        out.push((body, false));
        return out;
    }
    let part = |range: std::ops::Range<usize>| {
        let lines = body.get(range).unwrap_or(&[]);
        (lines, numbered_items && lines.first().is_some_and(numbered))
    };
    let mut start = 0;
    for (i, line) in body.iter().enumerate().skip(1) {
        if opens_item(line) {
            out.push(part(start..i));
            start = i;
        }
    }
    out.push(part(start..body.len()));
    out
}

/// The lines after the first, when the first of `lines` is a heading on its own (a markdown `#`
/// line, or a wholly bold or emphasised one) and text follows it in the same paragraph.
fn opening_heading<'a, 'b>(lines: &'b [&'a str], ordinals: &[String]) -> Option<&'b [&'a str]> {
    let (first, rest) = lines.split_first()?;
    let raw = squash_whitespace(first);
    let (heading, marker) = clean(&raw, ordinals);
    let (text, _) = clean(&squash_whitespace(&rest.join("\n")), ordinals);
    // ("*Trade*" is emphasis; "* Trade" a bullet)
    let wholly_marked = ["**", "__", "*", "_"].iter().any(|mark| {
        raw.strip_prefix(mark)
            .and_then(|inner| inner.strip_suffix(mark))
            .is_some_and(|inner| !inner.starts_with(char::is_whitespace) && !inner.is_empty())
    });
    let marked = marker == Marker::Heading || wholly_marked;
    (marked
        && role_of(&raw, &heading.text, marker, 1) == Role::Heading
        && text.text.chars().any(char::is_alphanumeric))
    .then_some(rest)
}

/// The paragraphs as `check` counts them, each as its lines.
fn blocks(source: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for line in source.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Reads a `# key: value` header line into `header` (its keys are the language's `keys`); whether
/// it was one.
fn read_header_line(keys: &HeaderKeys, line: &str, header: &mut Header) -> bool {
    let Some(rest) = line.trim().strip_prefix("# ") else {
        return false;
    };
    let Some((key, value)) = rest.split_once(':') else {
        return false;
    };
    let key = key.trim().to_ascii_lowercase();
    let value = value.trim().to_string();
    if Drafter::has(&keys.url, &key) {
        // ("# source: fictional, written for testing" names no link)
        header.url = value
            .split_whitespace()
            .find(|w| w.contains("://") || w.starts_with("www."))
            .map(str::to_string);
    } else if Drafter::has(&keys.date, &key) {
        header.date = Some(value);
    } else if Drafter::has(&keys.title, &key) {
        header.title = Some(value);
    } else {
        return false;
    }
    header.lines.push(line.trim().to_string());
    true
}

/// The kind of marker a paragraph started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    Heading,
    Bullet,
    /// A markdown table's header row (with the row of dashes under it): no claim.
    TableHeader,
}

/// Cleans the whitespace-folded paragraph text `raw` of markup (`ordinals`: the pack's ordinal
/// endings, for words the source ran together).
fn clean(raw: &str, ordinals: &[String]) -> (Clean, Marker) {
    let mut out = Clean {
        raw: raw.to_string(),
        ..Clean::default()
    };
    let mut i = 0;
    // Where the text of the link being read ends, and how long its `](URL)` is.
    let mut link_end: Option<(usize, usize)> = None;
    // A row of a markdown table ("| June 2027 | Second dialogue, Ottawa |"): its cells are read
    // as one line ("June 2027: Second dialogue, Ottawa"); a row of dashes under the header row
    // makes that row the table's header.
    let row = raw.starts_with('|');
    let mut cells = 0;
    let mut header = false;
    while let Some(rest) = raw.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if row && c == '|' {
            let cell = rest.get(1..).unwrap_or("");
            let cell = cell
                .get(..cell.find('|').unwrap_or(cell.len()))
                .unwrap_or("");
            i += 1;
            if cell.contains('-') && cell.chars().all(|ch| matches!(ch, '-' | ':' | ' ')) {
                header = true;
                i += cell.len();
                continue;
            }
            while out.text.ends_with(' ') {
                out.pop();
            }
            if !out.text.is_empty() && cell.chars().any(char::is_alphanumeric) {
                out.push(if cells == 0 { ':' } else { ',' }, None);
                out.push(' ', None);
                cells += 1;
            }
            continue;
        }
        if let Some((end, len)) = link_end.filter(|&(end, _)| end == i) {
            // "](https://…)": the link's address, never text.
            link_end = None;
            i = end + len;
        } else if let Some(mark) = MARKS.iter().find(|m| rest.starts_with(**m)) {
            i += mark.len();
        } else if c == '['
            && link_end.is_none()
            && let Some((text, target)) = link(rest)
        {
            // "[fact sheet](https://…)": the link's text stays, its brackets and address go.
            link_end = Some((i + 1 + text, target));
            i += 1;
        } else if let Some(len) = footnote_mark(rest) {
            // "Partnership.[1]", "[2] The partnership covers …": a footnote's number, not text.
            i += len;
        } else if c == '&'
            && let Some((decoded, len)) = entity(rest)
        {
            // "&amp;", "&#8217;": the character it stands for (made up: quotes stay verbatim).
            if decoded != ' ' || !(out.text.is_empty() || out.text.ends_with(' ')) {
                out.push(decoded, None);
            }
            i += len;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |end| end + 3);
        } else if c == '\\'
            && let Some(escaped) = rest
                .get(1..)
                .and_then(|n| n.chars().next())
                .filter(char::is_ascii_punctuation)
        {
            // "\*", "\###": the character itself, never markup.
            out.push(escaped, Some(i + 1));
            i += 1 + escaped.len_utf8();
        } else if c == '*' && is_emphasis(raw.get(..i).unwrap_or(""), rest.get(1..).unwrap_or("")) {
            // "*Boe Declaration*": emphasis by single asterisks (a bullet's "* " stays).
            i += 1;
        } else {
            if glued(
                &out.text,
                c,
                rest.get(c.len_utf8()..).unwrap_or(""),
                ordinals,
            ) {
                // "10thASEAN", "States),gathered", "pressure.In": words the source ran
                // together, read apart (a made-up space; quotes stay verbatim).
                out.push(' ', None);
            }
            if c != ' ' || !(out.text.is_empty() || out.text.ends_with(' ')) {
                out.push(c, Some(i));
            }
            i += c.len_utf8();
        }
    }
    while out.text.ends_with(' ') {
        out.pop();
    }
    if row {
        return (
            out,
            if header {
                Marker::TableHeader
            } else {
                Marker::Bullet
            },
        );
    }
    let marker = out.strip_marker();
    (out, marker)
}

/// A markdown link opening `rest` ("[text](address)"): the length of its text and of the
/// "](address)" after it. The text holds no bracket; the address no space.
fn link(rest: &str) -> Option<(usize, usize)> {
    let inner = rest.get(1..)?;
    let close = inner.find(']')?;
    let text = inner.get(..close)?;
    let after = inner.get(close..)?.strip_prefix("](")?;
    let address = after.find(')')?;
    let target = after.get(..address)?;
    (!text.contains('[') && !text.trim().is_empty() && !target.is_empty())
        .then_some(())
        .filter(|()| !target.contains(char::is_whitespace))
        .map(|()| (close, 2 + address + 1))
}

/// The length of a footnote mark opening `rest` ("[1]", "[12]"), if one does.
fn footnote_mark(rest: &str) -> Option<usize> {
    let inner = rest.strip_prefix('[')?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    ((1..=3).contains(&digits) && inner.get(digits..)?.starts_with(']')).then_some(digits + 2)
}

/// An HTML character reference opening `rest` ("&amp;", "&nbsp;", "&#8217;", "&#x2019;"): the
/// character and the reference's length. Named ones are those a published text uses.
fn entity(rest: &str) -> Option<(char, usize)> {
    let end = rest.get(..12.min(rest.len()))?.find(';')?;
    let name = rest.get(1..end)?;
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(value).filter(|c| !c.is_control())?
    } else {
        match name {
            "amp" => '&',
            "nbsp" => ' ',
            "quot" => '"',
            "apos" => '\'',
            "lt" => '<',
            "gt" => '>',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201c}',
            "rdquo" => '\u{201d}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "hellip" => '\u{2026}',
            _ => return None,
        }
    };
    Some((
        if decoded.is_whitespace() {
            ' '
        } else {
            decoded
        },
        end + 1,
    ))
}

/// Whether the source ran two words together where the clean text `before` meets `c` (with
/// `after` following it): a letter right after a comma, semicolon or closing parenthesis
/// ("States),gathered", "(2021-2025)outlines"); a capital right after an ordinal ("10thASEAN");
/// a capital starting a word right after a word's closing period ("pressure.In"; not "U.S.A" nor
/// "D.C.").
fn glued(before: &str, c: char, after: &str, ordinals: &[String]) -> bool {
    let mut back = before.chars().rev();
    let Some(last) = back.next() else {
        return false;
    };
    if !c.is_alphabetic() {
        return false;
    }
    match last {
        ',' | ';' | ')' => true,
        '.' => {
            c.is_uppercase()
                && back.next().is_some_and(char::is_lowercase)
                && after.chars().next().is_some_and(char::is_lowercase)
        }
        _ if c.is_uppercase() => {
            let word = before
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            let digits = word.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
            let suffix = word.get(digits.len()..).unwrap_or("");
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && ordinals.iter().any(|o| o == suffix)
        }
        _ => false,
    }
}

/// Whether a single `*` between `before` and `after` opens or closes emphasis: it touches a word on
/// one side ("*Boe", "Declaration*"), not spaces (or the start) on both (a bullet, "a * b").
fn is_emphasis(before: &str, after: &str) -> bool {
    let spaced_before = before.chars().next_back().is_none_or(char::is_whitespace);
    let spaced_after = after.chars().next().is_none_or(char::is_whitespace);
    !(spaced_before && spaced_after)
}

impl Clean {
    fn push(&mut self, c: char, origin: Option<usize>) {
        let start = self.text.len();
        self.text.push(c);
        for k in 0..c.len_utf8() {
            self.origin.push(origin.map(|o| o + k));
        }
        debug_assert_eq!(
            self.origin.len(),
            self.text.len(),
            "one origin per byte at {start}"
        );
    }

    fn pop(&mut self) {
        if let Some(c) = self.text.pop() {
            let keep = self.origin.len().saturating_sub(c.len_utf8());
            self.origin.truncate(keep);
        }
    }

    /// Drops the first `n` bytes (a marker at the start).
    fn drop_front(&mut self, n: usize) {
        let n = n.min(self.text.len());
        if self.text.is_char_boundary(n) {
            self.text.drain(..n);
            self.origin.drain(..n);
        }
    }

    /// Removes a heading, list or paragraph-number marker at the start.
    fn strip_marker(&mut self) -> Marker {
        let text = self.text.as_str();
        let hashes = text.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && text.get(hashes..).is_some_and(|t| t.starts_with(' ')) {
            self.drop_front(hashes + 1);
            return Marker::Heading;
        }
        for bullet in ["- ", "* ", "+ ", "• "] {
            if text.starts_with(bullet) {
                self.drop_front(bullet.len());
                return Marker::Bullet;
            }
        }
        // "a. ", "iv) ": a lettered list item
        let label = text.bytes().take_while(u8::is_ascii_lowercase).count();
        let roman = text
            .get(..label)
            .is_some_and(|l| l.bytes().all(|b| b"ivx".contains(&b)));
        if (label == 1 || (roman && (1..=4).contains(&label)))
            && text
                .get(label..)
                .is_some_and(|after| after.starts_with(". ") || after.starts_with(") "))
        {
            self.drop_front(label + 2);
            return Marker::Bullet;
        }
        // "(a) ", "(iv) ", "(2) ": a lettered or numbered list item
        if let Some(inner) = text.strip_prefix('(')
            && let Some(close) = inner.find(") ")
            && (1..=3).contains(&close)
            && inner.get(..close).is_some_and(|label| {
                label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        {
            self.drop_front(close + 3);
            return Marker::Bullet;
        }
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        if (1..=3).contains(&digits) {
            let after = text.get(digits..).unwrap_or("");
            let skip = if after.starts_with(". ") || after.starts_with(") ") {
                Some(2)
            } else if after.starts_with(' ')
                && after
                    .get(1..)
                    .is_some_and(|a| a.starts_with(|c: char| c.is_uppercase()))
            {
                Some(1)
            } else {
                None
            };
            if let Some(skip) = skip {
                self.drop_front(digits + skip);
            }
        }
        Marker::None
    }

    /// The source text of the clean byte range `range`, when it comes unbroken from the source.
    pub fn verbatim(&self, range: Range<usize>) -> Option<&str> {
        let origins = self.origin.get(range.clone())?;
        let first = (*origins.first()?)?;
        let unbroken = origins
            .iter()
            .enumerate()
            .all(|(k, o)| *o == Some(first + k));
        if !unbroken {
            return None;
        }
        self.raw.get(first..first + range.len())
    }

    /// The maximal sub-ranges of `range` that come unbroken from the source.
    pub fn verbatim_runs(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut start: Option<usize> = None;
        let mut previous: Option<usize> = None;
        for i in range.clone() {
            let origin = self.origin.get(i).copied().flatten();
            let continues = matches!((origin, previous), (Some(o), Some(p)) if o == p + 1);
            if !continues {
                if let Some(s) = start.take() {
                    runs.push(s..i);
                }
                if origin.is_some() {
                    start = Some(i);
                }
            }
            previous = origin;
        }
        if let Some(s) = start {
            runs.push(s..range.end);
        }
        runs
    }
}

/// The role of a paragraph from its source text, clean text, leading marker and line count.
fn role_of(raw: &str, clean: &str, marker: Marker, lines: usize) -> Role {
    if !clean.chars().any(char::is_alphanumeric) || marker == Marker::TableHeader {
        return Role::Empty;
    }
    if marker == Marker::Bullet {
        return Role::Item;
    }
    let words = clean.split_whitespace().count();
    let ends_open = !clean.ends_with(['.', ':', ';', ',', '!', '?']);
    let wholly_bold = (raw.starts_with("**") || raw.starts_with("__"))
        && (raw.ends_with("**") || raw.ends_with("__"));
    let title_like = lines == 1 && words <= 12 && is_title_case(clean);
    if marker == Marker::Heading || (ends_open && words <= 20 && (wholly_bold || title_like)) {
        return Role::Heading;
    }
    Role::Text
}

/// Marks the plain section headings: a short line of its own, in sentence case and without a
/// closing stop ("Trade and investment"), right above the section's text and not after a lead-in
/// that ends with a colon, is a heading, not a claim. The text below is a numbered paragraph, or,
/// for a line with no digits (not a dateline, "Darwin, 9 September 2026") or whose only number is
/// the section's ("Article 7 – Health", [`is_numbered_heading`]), a lead-in ("The leaders:") or
/// a paragraph of prose at least [`PROSE_BELOW_HEADING`] words long.
fn mark_plain_headings(paragraphs: &mut [Paragraph]) {
    let numbered = |p: &Paragraph| {
        p.lines.first().is_some_and(|line| {
            let line = line.trim_start();
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            (1..=3).contains(&digits)
                && line
                    .get(digits..)
                    .is_some_and(|after| after.starts_with(". ") || after.starts_with(") "))
        })
    };
    let solid: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| paragraphs.get(i).is_some_and(|p| p.role != Role::Empty))
        .collect();
    let prose = |p: &Paragraph| {
        let text = p.clean.text.trim_end();
        p.role == Role::Text
            && (text.ends_with(':')
                || (text.ends_with('.') && text.split_whitespace().count() >= PROSE_BELOW_HEADING))
    };
    for (k, &i) in solid.iter().enumerate() {
        let next = solid.get(k + 1).and_then(|&n| paragraphs.get(n));
        let next_numbered = next.is_some_and(numbered);
        let next_prose = next.is_some_and(prose);
        let after_lead_in = k
            .checked_sub(1)
            .and_then(|previous| solid.get(previous))
            .and_then(|&n| paragraphs.get(n))
            .is_some_and(|p| p.clean.text.trim_end().ends_with(':'));
        let Some(paragraph) = paragraphs.get_mut(i) else {
            continue;
        };
        let text = paragraph.clean.text.trim();
        let words = text.split_whitespace().count();
        if paragraph.role == Role::Text
            && paragraph.lines.len() == 1
            && !numbered(paragraph)
            && (next_numbered
                || (next_prose
                    && (!text.contains(|c: char| c.is_ascii_digit())
                        || is_numbered_heading(text)
                        || is_year_heading(text))))
            // ("HAVE DECIDED AS FOLLOWS:" over "Article 1 – Elevation of relations")
            && (!after_lead_in || is_numbered_heading(text))
            && (1..=8).contains(&words)
            && text.starts_with(|c: char| c.is_uppercase())
            && !text.ends_with(['.', ':', ';', ',', '!', '?'])
        {
            paragraph.role = Role::Heading;
        }
    }
}

/// "Article 7 – Halal industry", "Part II: Trade", "Section 3. Health": a capitalised word, a
/// number of one to three digits or in Roman numerals, a dash, colon or stop, then words with no
/// digits (its number is no date: "Darwin, 9 September 2026" has a comma, "June 2027" no words
/// after a mark).
fn is_numbered_heading(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (Some(first), Some(number)) = (words.first(), words.get(1)) else {
        return false;
    };
    let (number, mark) = match number.strip_suffix([':', '.']) {
        Some(n) => (n, true),
        None => (*number, false),
    };
    let numbered = (number.len() <= 3 && number.bytes().all(|b| b.is_ascii_digit()))
        || (number.len() <= 4 && number.bytes().all(|b| b"IVX".contains(&b)));
    let rest = if mark {
        words.get(2..)
    } else {
        words
            .get(2)
            .filter(|w| ["–", "—", "-", ":", "."].contains(w))
            .and_then(|_| words.get(3..))
    };
    first.starts_with(char::is_uppercase)
        && first.chars().all(char::is_alphabetic)
        && !number.is_empty()
        && numbered
        && rest.is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .iter()
                    .all(|w| !w.contains(|c: char| c.is_ascii_digit()))
        })
}

/// "Goals for 2030", "Targets to 2035": a line whose only digits are years, each after a word in
/// lowercase, with no comma (not a dateline, "Oslo, 19 October 2026", nor a month and year, "June
/// 2027").
fn is_year_heading(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !text.contains(',')
        && words.iter().enumerate().all(|(i, word)| {
            !word.contains(|c: char| c.is_ascii_digit())
                || (word.len() == 4
                    && word.bytes().all(|b| b.is_ascii_digit())
                    && i.checked_sub(1)
                        .and_then(|before| words.get(before))
                        .is_some_and(|before| before.starts_with(char::is_lowercase)))
        })
}

/// How many words a paragraph of prose has at least, for the short line above it to head a
/// section in a statement whose paragraphs are not numbered.
const PROSE_BELOW_HEADING: usize = 12;

/// Whether most words of `text` that are not short function words start with a capital.
fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    text.starts_with(|c: char| c.is_uppercase()) && capitalised * 4 >= words.len() * 3
}

/// Marks the signature block: the trailing paragraphs after the last sentence that hold names
/// and titles only (short, no sentence ending).
fn mark_signature(paragraphs: &mut [Paragraph]) {
    for paragraph in paragraphs.iter_mut().rev() {
        match paragraph.role {
            Role::Empty => continue,
            Role::Text | Role::Heading if is_signature_like(&paragraph.clean.text) => {
                paragraph.role = Role::Signature;
            }
            _ => break,
        }
    }
}

fn is_signature_like(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let ends_sentence = words.last().is_some_and(|last| {
        last.ends_with(['.', ';', '!', '?']) && !is_initial(last.trim_end_matches('.'))
    });
    words.len() <= 16 && !ends_sentence
}

/// "J", "R": a single capital letter (an initial, before its period).
pub fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// The sentences of `text`, as byte ranges (trimmed, never empty): a period, exclamation or
/// question mark followed by a capital or a digit ends one, unless it ends an abbreviation (the
/// language's, an initial, a word with inner periods) and no sentence starter follows.
pub fn sentences(d: &Drafter<'_>, text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = i + 1;
        let next_word = text
            .get(end..)
            .unwrap_or("")
            .trim_start_matches([' ', '”', '"', ')']);
        let spaced = bytes.get(end).is_some_and(|b| *b == b' ')
            || text
                .get(end..)
                .is_some_and(|r| r.starts_with(['”', '"', ')']));
        if !spaced || !next_word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            continue;
        }
        let before = text.get(start..i).unwrap_or("");
        let last_word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let first_next = next_word.split_whitespace().next().unwrap_or("");
        if ends_in_abbreviation(d, last_word)
            && !Drafter::has(&d.reading.sentence_starters, first_next)
        {
            continue;
        }
        let close = end
            + text
                .get(end..)
                .map_or(0, |r| r.len() - r.trim_start_matches(['”', '"', ')']).len());
        push_trimmed(text, start..close, &mut out);
        start = close;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Whether a period after `word` may belong to an abbreviation ("U.S", "Jr", "J").
fn ends_in_abbreviation(d: &Drafter<'_>, word: &str) -> bool {
    is_initial(word) || Drafter::has(&d.reading.abbreviations, word) || word.contains('.')
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let trimmed = range.start + lead..range.end - trail;
    if trimmed.start < trimmed.end {
        out.push(trimmed);
    }
}

/// Whether `needle` occurs in `text` as whole words.
pub fn contains_words(text: &str, needle: &str) -> bool {
    whole_words_at(text, needle).next().is_some()
}

/// Where `needle` occurs in `text` as whole words (no letter or digit right before or after it),
/// first to last.
pub fn whole_words_at<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(at) = text
            .get(from..)
            .and_then(|t| t.find(needle))
            .map(|a| a + from)
        {
            from = at + needle.len().max(1);
            let before = text.get(..at).and_then(|b| b.chars().last());
            let after = text.get(at + needle.len()..).and_then(|a| a.chars().next());
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                return Some(at);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    /// The clean text of the paragraphs read as section headings.
    fn headings(doc: &Document) -> Vec<&str> {
        doc.paragraphs
            .iter()
            .filter(|p| p.role == Role::Heading)
            .map(|p| p.clean.text.as_str())
            .collect()
    }

    /// Each paragraph's number, role and clean text.
    fn parts_of(doc: &Document) -> Vec<(u32, Role, &str)> {
        doc.paragraphs
            .iter()
            .map(|p| (p.number, p.role, p.clean.text.as_str()))
            .collect()
    }

    /// [`super::clean`] with the English pack's ordinal endings.
    fn clean(raw: &str) -> (Clean, Marker) {
        super::clean(raw, &drafter().reading.ordinal_suffixes)
    }

    fn texts(text: &str) -> Vec<&str> {
        sentences(drafter(), text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn numbers_paragraphs_as_check_does() {
        let source = "# title: T\n# date: 2030-01-02\nFirst line\nsecond.\n\n<!-- -->\n\n  \n**Heading**\n\nMore text here.\n\n\\###\n";
        let doc = read(drafter(), source);
        assert_eq!(
            doc.paragraphs.len(),
            communique_core::knowledge::paragraphs(source).len()
        );
        assert_eq!(doc.header.title.as_deref(), Some("T"));
        assert_eq!(doc.header.date.as_deref(), Some("2030-01-02"));
        let roles: Vec<Role> = doc.paragraphs.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                Role::Text,
                Role::Empty,
                Role::Heading,
                Role::Text,
                Role::Empty
            ]
        );
        assert_eq!(doc.paragraphs[0].clean.text, "First line second.");
    }

    #[test]
    fn a_source_line_without_a_link_gives_no_url() {
        let doc = read(
            drafter(),
            "# source: fictional, written for testing\n# date: 2030-01-02\nText here.\n",
        );
        assert_eq!(doc.header.url, None);
        assert_eq!(doc.header.date.as_deref(), Some("2030-01-02"));
        let doc = read(
            drafter(),
            "# source: https://example.gov/a (retrieved via a mirror)\nText here.\n",
        );
        assert_eq!(doc.header.url.as_deref(), Some("https://example.gov/a"));
    }

    #[test]
    fn a_plain_line_above_a_numbered_paragraph_is_a_heading() {
        let source = "# title: T\n# date: 2030-01-02\n1. The leaders met in Lisbon.\n\n\
                      Trade and investment\n\n2. They agreed to open talks.\n\n\
                      They signed the following:\n\nClimate action in cities\n\n\
                      3. They will meet again.\n";
        let doc = read(drafter(), source);
        let roles: Vec<(Role, &str)> = doc
            .paragraphs
            .iter()
            .map(|p| (p.role, p.clean.text.as_str()))
            .collect();
        assert_eq!(
            roles,
            [
                (Role::Text, "The leaders met in Lisbon."),
                (Role::Heading, "Trade and investment"),
                (Role::Text, "They agreed to open talks."),
                (Role::Text, "They signed the following:"),
                (Role::Text, "Climate action in cities"),
                (Role::Text, "They will meet again."),
            ],
            "a sentence-case line over a numbered paragraph heads a section, not after a lead-in"
        );
    }

    #[test]
    fn a_plain_line_above_prose_or_a_lead_in_is_a_heading() {
        let source = "# title: T\n# date: 2030-01-02\nLisbon, 2 January 2030\n\n\
                      The two leaders met in Lisbon today and reviewed the partnership between \
                      their countries.\n\nTrade and investment\n\nThe leaders:\n\n\
                      \u{2022} Agreed to open talks.\n\nEnergy and food security\n\nBoth \
                      sides welcomed the cooperation of their oil companies in offshore wind.\n\n\
                      A short line\n\nThey met.\n";
        let doc = read(drafter(), source);
        assert_eq!(
            headings(&doc),
            ["Trade and investment", "Energy and food security"],
            "a line over a lead-in or prose heads a section; not a dateline, not over a short line"
        );
    }

    #[test]
    fn a_numbered_article_line_above_prose_is_a_heading() {
        let source = "# title: T\n# date: 2030-01-02\nSuva, 2 January 2030\n\n\
                      The two leaders met in Suva today and reviewed the partnership between \
                      their countries.\n\nThey have decided as follows:\n\n\
                      Article 3 – Trade and investment\n\nThe two countries \
                      will open talks on a free trade agreement before the end of the year.\n\n\
                      Part IV: Health\n\nThe two countries will train nurses and doctors in \
                      their hospitals and share their medicines.\n\nJune 2031\n\nThe two \
                      countries will meet again in Apia to review the partnership and its work.\n";
        let doc = read(drafter(), source);
        assert_eq!(
            headings(&doc),
            ["Article 3 – Trade and investment", "Part IV: Health"],
            "an article's number is no date; a dateline or a month and year is no heading"
        );
    }

    #[test]
    fn list_items_in_one_paragraph_are_read_apart() {
        let source = "They agreed to:\n\n\u{2022} launch talks by 2025;\n\u{2022} open an office\nin Porto;\n\
                      \u{2022} double exchanges.\n\n(a) One will host the summit.\n(b) The other \
                      will send a mission.\n\n*Trade and Investment*\nTrade grew.\n\n\
                      a. to conclude the FTA;\nii) to meet yearly.\n";
        let doc = read(drafter(), source);
        assert_eq!(
            parts_of(&doc),
            [
                (1, Role::Text, "They agreed to:"),
                (2, Role::Item, "launch talks by 2025;"),
                (2, Role::Item, "open an office in Porto;"),
                (2, Role::Item, "double exchanges."),
                (3, Role::Item, "One will host the summit."),
                (3, Role::Item, "The other will send a mission."),
                (4, Role::Heading, "Trade and Investment"),
                (4, Role::Text, "Trade grew."),
                (5, Role::Item, "to conclude the FTA;"),
                (5, Role::Item, "to meet yearly."),
            ]
        );
    }

    #[test]
    fn numbered_lines_in_one_paragraph_are_list_items_and_a_year_may_head_a_section() {
        let source = "Trade grew.\n\nGoals for 2030\n\nBy 2030, we aim to:\n1. Train 500 nurses.\n\
                      2. Open a port\nin Apia.\n\nJune 2031\n\nThe two countries will meet \
                      again in Apia to review the partnership and its work.\n\n\
                      3. The leaders met in Suva.\n";
        let doc = read(drafter(), source);
        assert_eq!(
            parts_of(&doc),
            [
                (1, Role::Text, "Trade grew."),
                (2, Role::Heading, "Goals for 2030"),
                (3, Role::Text, "By 2030, we aim to:"),
                (3, Role::Item, "Train 500 nurses."),
                (3, Role::Item, "Open a port in Apia."),
                (4, Role::Text, "June 2031"),
                (
                    5,
                    Role::Text,
                    "The two countries will meet again in Apia to review the partnership and its work."
                ),
                (6, Role::Text, "The leaders met in Suva."),
            ],
            "numbered lines of one paragraph are its list; a numbered paragraph alone is no item"
        );
    }

    #[test]
    fn a_markdown_table_is_read_row_by_row_without_its_header() {
        let source = "Trade grew.\n\nMilestones\n\n| Date | Event |\n|---|:---:|\n| May 2031 | Port opens, Apia |\n\
                      | 1 June 2031 | Fund starts | Suva |\n";
        let doc = read(drafter(), source);
        assert_eq!(
            parts_of(&doc),
            [
                (1, Role::Text, "Trade grew."),
                (2, Role::Heading, "Milestones"),
                (3, Role::Empty, "Date: Event"),
                (3, Role::Item, "May 2031: Port opens, Apia"),
                (3, Role::Item, "1 June 2031: Fund starts, Suva"),
            ]
        );
        let row = doc.paragraphs.get(3).map(|p| &p.clean);
        assert_eq!(
            row.and_then(|c| c.verbatim(10..26)),
            Some("Port opens, Apia")
        );
    }

    #[test]
    fn links_keep_their_text_and_entities_their_character() {
        let (read, _) = clean(
            "See the [fact sheet](https://example.gov/a_b) for details &amp; more, \
             the leaders&#8217; aims, a&nbsp;b &bogus; [x] [y](not a link)",
        );
        assert_eq!(
            read.text,
            "See the fact sheet for details & more, the leaders\u{2019} aims, a b &bogus; [x] \
             [y](not a link)"
        );
        assert_eq!(read.verbatim(8..18), Some("fact sheet"));
        assert_eq!(read.verbatim(0..18), None, "the bracket breaks the run");
        let amp = read.text.find('&').unwrap();
        assert_eq!(
            read.verbatim(amp - 8..amp + 6),
            None,
            "a decoded character is made up"
        );
        assert_eq!(
            clean("a Partnership.[1] [2] The fund [x] [2030]").0.text,
            "a Partnership. The fund [x] [2030]"
        );
        let (plain, _) = clean("[Quad](https://example.gov/quad) leaders met.");
        assert_eq!(plain.text, "Quad leaders met.");
    }

    #[test]
    fn a_heading_line_over_its_text_is_read_apart_under_the_same_number() {
        let source = "Opening text.\n\n**<u>Cooperation for Peace</u>**  \n\u{a0}The two \
                      leaders met.\nThey agreed.\n\n**Bold Lead-In** Of A Line\nthat runs on.\n";
        let doc = read(drafter(), source);
        assert_eq!(
            parts_of(&doc),
            [
                (1, Role::Text, "Opening text."),
                (2, Role::Heading, "Cooperation for Peace"),
                (2, Role::Text, "The two leaders met. They agreed."),
                (3, Role::Text, "Bold Lead-In Of A Line that runs on."),
            ]
        );
        assert_eq!(
            crate::claims::headings(&doc),
            ["Cooperation for Peace"],
            "the heading titles its section"
        );
    }

    #[test]
    fn removes_emphasis_and_superscripts_but_keeps_escapes_and_bullets() {
        assert_eq!(
            clean("as the *Boe Declaration* states, 21<sup>st</sup>-century")
                .0
                .text,
            "as the Boe Declaration states, 21st-century"
        );
        assert_eq!(clean("a \\* b and 3 * 4").0.text, "a * b and 3 * 4");
    }

    #[test]
    fn cleans_markup_and_keeps_verbatim_positions() {
        let (clean, marker) = clean("-   **ESTABLISH** the <u>ASEAN-U.S.</u> partnership");
        assert_eq!(marker, Marker::Bullet);
        assert_eq!(clean.text, "ESTABLISH the ASEAN-U.S. partnership");
        assert_eq!(clean.verbatim(0..9), Some("ESTABLISH"));
        assert_eq!(clean.verbatim(0..13), None, "the bold mark breaks the run");
        let runs = clean.verbatim_runs(0..clean.text.len());
        let pieces: Vec<&str> = runs.iter().map(|r| &clean.text[r.clone()]).collect();
        assert_eq!(pieces, ["ESTABLISH", " the ", "ASEAN-U.S.", " partnership"]);
    }

    #[test]
    fn reads_words_the_source_ran_together_apart_and_keeps_quotes_verbatim() {
        let (apart, _) =
            clean("the United States),gathered at the 10thASEAN-U.S. Summit (2021-2025)outlines");
        assert_eq!(
            apart.text,
            "the United States), gathered at the 10th ASEAN-U.S. Summit (2021-2025) outlines"
        );
        let runs = apart.verbatim_runs(0..apart.text.len());
        let pieces: Vec<&str> = runs.iter().map(|r| &apart.text[r.clone()]).collect();
        assert_eq!(
            pieces,
            [
                "the United States),",
                "gathered at the 10th",
                "ASEAN-U.S. Summit (2021-2025)",
                "outlines"
            ]
        );
        assert_eq!(
            clean("is under pressure.In the region").0.text,
            "is under pressure. In the region"
        );
        // not an abbreviation, a number, an ordinal before a word or a lowercase domain
        for kept in [
            "Washington, D.C. The leaders",
            "over 1,000 officials",
            "the 21st-century partnership",
            "the 12th WTO meeting",
            "at whitehouse.gov today",
        ] {
            assert_eq!(clean(kept).0.text, kept);
        }
    }

    #[test]
    fn strips_paragraph_numbers() {
        assert_eq!(
            clean("**1 WE,** the Member States").0.text,
            "WE, the Member States"
        );
        assert_eq!(clean("1. We reaffirm").0.text, "We reaffirm");
        assert_eq!(clean("2030 targets").0.text, "2030 targets");
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        assert_eq!(
            texts(
                "Biden welcomed Widodo to Washington, D.C. The two leaders met. The U.S. Trade and Development Agency will fund it."
            ),
            [
                "Biden welcomed Widodo to Washington, D.C.",
                "The two leaders met.",
                "The U.S. Trade and Development Agency will fund it."
            ]
        );
        assert_eq!(
            texts(
                "President Donald J. Trump of the United States spoke. Joseph R. Biden, Jr. is honored."
            ),
            [
                "President Donald J. Trump of the United States spoke.",
                "Joseph R. Biden, Jr. is honored."
            ]
        );
    }

    #[test]
    fn finds_the_signature_block() {
        let doc = read(
            drafter(),
            "We agree.\n\nSigned at Paris on 1 May 2030.\n\nJane Doe\n\nPrime Minister of Ruritania\n",
        );
        let roles: Vec<Role> = doc.paragraphs.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [Role::Text, Role::Text, Role::Signature, Role::Signature]
        );
    }
}
