//! A language pack's line tables: long word lists (`roots.txt`: one word a line) and `key<TAB>value`
//! tables (`dictionary.tsv`, `shorthand.tsv`), read in place.
//!
//! Format of both: UTF-8 lines; a line starting with `#` is a comment, a blank line is skipped;
//! every other line is an entry. A key is folded text as [`crate::text::tokenize`] gives it (lowercase
//! letters and digits, words separated by single spaces), keys are sorted bytewise and each is
//! given once (so a generator's output and a hand edit are checked alike); a list's entries are
//! one word each. A table's value is the rest of the line after the tab, non-empty.
//!
//! The text is borrowed from the binary when the pack is the embedded one (no copy of 30,000 roots
//! at start-up) or shared from what was read from disk; the index lookups use (a hash map for a
//! table, the lines of each two-byte prefix for a list) is built on first use, once per table
//! (clones share it), and a snapshot of the built-in knowledge keeps a list's built. A table read from disk is checked line by line
//! when it loads; the binary's are lent as they are, and the test suite checks them line by line
//! (`knowledge::tests`), so start-up does not pay for the pass.
//!
//! Invariants: a table read from disk only exists when every line passed; nothing here panics on
//! any input.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lexicon::LineIndex;
use crate::numbers::Numbers;
use crate::text::search_sorted;

/// The text of a pack file: borrowed from the binary, or read from disk.
#[derive(Clone)]
pub(crate) enum PackText {
    Embedded(&'static str),
    Loaded(Arc<str>),
}

impl PackText {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            PackText::Embedded(text) => text,
            PackText::Loaded(text) => text,
        }
    }

    /// `part` of the text as a key of an index: borrowed when the text is the binary's.
    fn cow(&self, part: &str) -> Cow<'static, str> {
        match self {
            PackText::Embedded(text) => text
                .get(offset_in(text, part)..)
                .and_then(|rest| rest.get(..part.len()))
                .map_or_else(|| Cow::Owned(part.to_string()), Cow::Borrowed),
            PackText::Loaded(_) => Cow::Owned(part.to_string()),
        }
    }
}

impl fmt::Debug for PackText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackText::Embedded(text) => write!(f, "Embedded({} bytes)", text.len()),
            PackText::Loaded(text) => write!(f, "Loaded({} bytes)", text.len()),
        }
    }
}

/// A pack's text in a snapshot of the knowledge ([`super::snapshot`]): a file the binary lends,
/// by its name; any other text, as it is.
#[derive(Serialize, Deserialize)]
enum StoredText<'a> {
    Embedded(Cow<'a, str>),
    Text(Cow<'a, str>),
}

impl Serialize for PackText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let lent = match self {
            PackText::Embedded(text) => super::EMBEDDED
                .iter()
                // (by content: a constant's text may be copied where it is used)
                .find(|(_, file)| file.len() == text.len() && file == text)
                .map(|(path, _)| *path),
            PackText::Loaded(_) => None,
        };
        match lent {
            Some(path) => StoredText::Embedded(Cow::Borrowed(path)),
            None => StoredText::Text(Cow::Borrowed(self.as_str())),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PackText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PackText, D::Error> {
        match StoredText::deserialize(deserializer)? {
            StoredText::Embedded(path) => super::EMBEDDED
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, text)| PackText::Embedded(text))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("the binary has no knowledge file {path:?}"))
                }),
            StoredText::Text(text) => Ok(PackText::Loaded(Arc::from(text.as_ref()))),
        }
    }
}

/// Where `part` (a slice of `text`) starts in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// The entry lines of a table's text, with their 1-based line numbers: every line but comments
/// (`#` first) and blank ones, without its line end. (A plain scan for the line end: the lines are
/// short, where a vectorised search costs more to start than it saves.)
fn entries(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut number = 0;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let end = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
            let line = rest.get(..end).unwrap_or("");
            rest = rest.get(end + 1..).unwrap_or("");
            number += 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let blank = line.bytes().all(|b| b.is_ascii_whitespace()) && line.trim().is_empty();
            if !line.starts_with('#') && !blank {
                return Some((number, line));
            }
        }
    })
}

/// Whether `text` is folded tokens as [`crate::text::tokenize`] gives them, joined by single
/// spaces: one pass over the bytes when they are ASCII lowercase letters, digits and spaces, else
/// the tokenizer itself.
pub(crate) fn is_folded(text: &str) -> bool {
    let mut tokens = 0;
    let mut token_len = 0;
    let mut simple = true;
    for &b in text.as_bytes() {
        if b == b' ' {
            if token_len == 0 {
                return false;
            }
            token_len = 0;
        } else if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if token_len == 0 {
                tokens += 1;
            }
            token_len += 1;
            if token_len > crate::text::MAX_TOKEN_CHARS {
                return false;
            }
        } else {
            simple = false;
            break;
        }
    }
    if simple {
        return token_len > 0 && tokens <= crate::text::MAX_TOKENS;
    }
    crate::text::tokenize(text).join(" ") == text
}

/// Whether `word` is one folded word (no space).
fn is_folded_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let simple = !bytes.is_empty()
        && bytes.len() <= crate::text::MAX_TOKEN_CHARS
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    simple || (!word.contains(' ') && is_folded(word))
}

/// A count known now, or to be found on first use.
fn known(len: Option<usize>) -> OnceLock<usize> {
    let cell = OnceLock::new();
    if let Some(len) = len {
        let _ = cell.set(len);
    }
    cell
}

/// One problem of a table: its line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineProblem {
    pub(crate) line: usize,
    pub(crate) message: String,
}

/// Checks the order of `key` after `previous` (bytewise, strictly increasing).
fn check_order(
    previous: Option<(&str, usize)>,
    key: &str,
    line: usize,
    problems: &mut Vec<LineProblem>,
) {
    if let Some((before, at)) = previous {
        if before == key {
            problems.push(LineProblem {
                line,
                message: format!("{key:?} is listed twice (first at line {at})"),
            });
        } else if before.as_bytes() > key.as_bytes() {
            problems.push(LineProblem {
                line,
                message: format!(
                    "{key:?} is out of order: it sorts before {before:?} of line {at} (entries are sorted bytewise)"
                ),
            });
        }
    }
}

/// A word list of a language pack (`roots.txt`): one word a line, folded, sorted, each once.
#[derive(Clone)]
pub struct WordFile {
    inner: Arc<ListInner>,
}

struct ListInner {
    text: PackText,
    /// How many words (counted by the check, else on first use).
    len: OnceLock<usize>,
    /// Where each word's line starts, by two-byte prefix: a lookup compares a few words of its
    /// own prefix. Cheaper to build than a hash set (a tenth of a `batch` run went on hashing
    /// the Malay roots), and a snapshot keeps it built.
    index: OnceLock<LineIndex>,
}

/// A line index as a snapshot keeps it: its tables as runs of bytes (lent back in place).
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub(super) struct StoredLines {
    starts: Numbers,
    buckets: Numbers,
}

impl StoredLines {
    pub(super) fn of(lines: &LineIndex) -> StoredLines {
        let (starts, buckets) = lines.parts();
        StoredLines {
            starts: starts.clone(),
            buckets: buckets.clone(),
        }
    }

    /// The index, if the tables have its shape.
    pub(super) fn into_index<E: serde::de::Error>(self) -> Result<LineIndex, E> {
        LineIndex::from_parts(self.starts, self.buckets)
            .ok_or_else(|| E::custom("a line index of the knowledge snapshot is malformed"))
    }
}

/// A word list as a snapshot keeps it: its text, and its index once built.
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct StoredWordFile {
    text: PackText,
    index: Option<StoredLines>,
}

impl WordFile {
    /// The list in `text`, or every problem of it. A list the binary lends is taken as it is:
    /// the test suite checks the shipped files line by line (as the lexicon's), so start-up does
    /// not pay for a pass over 30,000 lines; a list read from disk is checked here.
    pub(crate) fn parse(text: PackText) -> Result<WordFile, Vec<LineProblem>> {
        match text {
            PackText::Embedded(_) => Ok(WordFile::unchecked(text, None)),
            PackText::Loaded(_) => WordFile::checked(text),
        }
    }

    fn unchecked(text: PackText, len: Option<usize>) -> WordFile {
        WordFile {
            inner: Arc::new(ListInner {
                text,
                len: known(len),
                index: OnceLock::new(),
            }),
        }
    }

    /// The list in `text` after checking every line.
    pub(crate) fn checked(text: PackText) -> Result<WordFile, Vec<LineProblem>> {
        let mut problems = Vec::new();
        let mut previous: Option<(&str, usize)> = None;
        let mut len = 0;
        for (line, entry) in entries(text.as_str()) {
            if !is_folded_word(entry) {
                problems.push(LineProblem {
                    line,
                    message: format!(
                        "{entry:?} is not one folded word (lowercase letters and digits)"
                    ),
                });
                continue;
            }
            check_order(previous, entry, line, &mut problems);
            previous = Some((entry, line));
            len += 1;
        }
        if problems.is_empty() {
            Ok(WordFile::unchecked(text, Some(len)))
        } else {
            Err(problems)
        }
    }

    /// Whether `word` is in the list (a search among the words of its prefix after
    /// [`WordFile::warm_up`], else a binary search over the sorted text).
    pub fn contains(&self, word: &str) -> bool {
        let text = self.inner.text.as_str();
        match self.inner.index.get() {
            Some(index) => index
                .find(text.as_bytes(), word.as_bytes(), |b| {
                    b == b'\n' || b == b'\r'
                })
                .is_some(),
            None => search_sorted(text, word, str::trim).is_some(),
        }
    }

    /// The words, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        entries(self.inner.text.as_str()).map(|(_, word)| word)
    }

    /// How many words the list has.
    pub fn len(&self) -> usize {
        *self.inner.len.get_or_init(|| match self.inner.index.get() {
            Some(index) => index.len(),
            None => entries(self.inner.text.as_str()).count(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Builds the lookup index now rather than on the first lookup.
    pub fn warm_up(&self) {
        let _ = self.index();
    }

    fn index(&self) -> &LineIndex {
        self.inner.index.get_or_init(|| {
            let text = self.inner.text.as_str();
            let starts = entries(text)
                .filter_map(|(_, word)| u32::try_from(offset_in(text, word)).ok())
                .collect();
            LineIndex::of_lines(text.as_bytes(), starts)
        })
    }
}

impl Serialize for WordFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredWordFile {
            text: self.inner.text.clone(),
            index: self.inner.index.get().map(StoredLines::of),
        }
        .serialize(serializer)
    }
}

impl<'de: 'static> Deserialize<'de> for WordFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordFile, D::Error> {
        let stored = StoredWordFile::deserialize(deserializer)?;
        let list = WordFile::unchecked(stored.text, None);
        if let Some(index) = stored.index {
            let _ = list.inner.index.set(index.into_index()?);
        }
        Ok(list)
    }
}

impl fmt::Debug for WordFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WordFile({:?})", self.inner.text)
    }
}

/// A `key<TAB>value` table of a language pack (`dictionary.tsv`): keys folded, sorted, each once;
/// values non-empty.
#[derive(Clone)]
pub struct WordTable {
    inner: Arc<TableInner>,
}

struct TableInner {
    text: PackText,
    /// How many entries (counted by the check, else by the index).
    len: OnceLock<usize>,
    index: OnceLock<FxHashMap<Cow<'static, str>, Cow<'static, str>>>,
}

/// The key and value of a table line (both trimmed), if it has a tab.
fn split_entry(entry: &str) -> Option<(&str, &str)> {
    entry
        .split_once('\t')
        .map(|(key, value)| (key.trim(), value.trim()))
}

impl WordTable {
    /// The table in `text`, or every problem of it. With `folded_values`, each value must be
    /// folded text too (a table whose values are words of the same language, as shorthand's).
    pub(crate) fn parse(
        text: PackText,
        folded_values: bool,
    ) -> Result<WordTable, Vec<LineProblem>> {
        match text {
            PackText::Embedded(_) => Ok(WordTable::unchecked(text, None)),
            PackText::Loaded(_) => WordTable::checked(text, folded_values),
        }
    }

    fn unchecked(text: PackText, len: Option<usize>) -> WordTable {
        WordTable {
            inner: Arc::new(TableInner {
                text,
                len: known(len),
                index: OnceLock::new(),
            }),
        }
    }

    /// The table in `text` after checking every line.
    pub(crate) fn checked(
        text: PackText,
        folded_values: bool,
    ) -> Result<WordTable, Vec<LineProblem>> {
        let mut problems = Vec::new();
        let mut previous: Option<(&str, usize)> = None;
        let mut len = 0;
        for (line, entry) in entries(text.as_str()) {
            let mut problem = |message: String| problems.push(LineProblem { line, message });
            let Some((key, value)) = split_entry(entry) else {
                problem(format!(
                    "{entry:?} has no tab between its key and its value"
                ));
                continue;
            };
            if !is_folded(key) {
                problem(format!(
                    "key {key:?} is not folded text (lowercase letters and digits, words separated by one space)"
                ));
                continue;
            }
            if value.is_empty() {
                problem(format!("key {key:?} has an empty value"));
            } else if value.contains('\t') {
                problem(format!(
                    "key {key:?}: the value {value:?} holds a second tab"
                ));
            } else if folded_values && !is_folded(value) {
                problem(format!(
                    "key {key:?}: the value {value:?} is not folded text"
                ));
            }
            check_order(previous, key, line, &mut problems);
            previous = Some((key, line));
            len += 1;
        }
        if problems.is_empty() {
            Ok(WordTable::unchecked(text, Some(len)))
        } else {
            Err(problems)
        }
    }

    /// The value of `key` (a hash lookup after [`WordTable::warm_up`], else a binary search over
    /// the sorted text).
    pub fn get(&self, key: &str) -> Option<&str> {
        match self.inner.index.get() {
            Some(index) => index.get(key).map(AsRef::as_ref),
            None => search_sorted(self.inner.text.as_str(), key, |line| {
                split_entry(line).map_or(line, |(key, _)| key)
            })
            .and_then(split_entry)
            .map(|(_, value)| value),
        }
    }

    /// Whether the table has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The entries (key, value), in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        entries(self.inner.text.as_str()).filter_map(|(_, entry)| split_entry(entry))
    }

    /// The entries with their 1-based line numbers (for problems found after parsing).
    pub(crate) fn lines(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        entries(self.inner.text.as_str())
            .filter_map(|(line, entry)| split_entry(entry).map(|(k, v)| (line, k, v)))
    }

    /// How many entries the table has.
    pub fn len(&self) -> usize {
        *self.inner.len.get_or_init(|| self.index().len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Builds the lookup index now rather than on the first lookup.
    pub fn warm_up(&self) {
        let _ = self.index();
    }

    fn index(&self) -> &FxHashMap<Cow<'static, str>, Cow<'static, str>> {
        self.inner.index.get_or_init(|| {
            let text = &self.inner.text;
            let mut map = FxHashMap::with_capacity_and_hasher(
                self.inner.text.as_str().len() / 16,
                Default::default(),
            );
            map.extend(
                entries(text.as_str())
                    .filter_map(|(_, entry)| split_entry(entry))
                    .map(|(key, value)| (text.cow(key), text.cow(value))),
            );
            map
        })
    }
}

impl Serialize for WordTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.inner.text.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WordTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordTable, D::Error> {
        PackText::deserialize(deserializer).map(|text| WordTable::unchecked(text, None))
    }
}

impl fmt::Debug for WordTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WordTable({:?})", self.inner.text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn list(text: &'static str) -> Result<WordFile, Vec<LineProblem>> {
        WordFile::checked(PackText::Embedded(text))
    }

    fn table(text: &'static str) -> Result<WordTable, Vec<LineProblem>> {
        WordTable::checked(PackText::Embedded(text), false)
    }

    #[test]
    fn lookups_before_and_after_warming_up_agree() {
        let text = "# words\naba\n\nabad\n# a note\nabadi\nbaru\r\nzaman\n";
        let roots = list(text).unwrap();
        let probes = [
            "", "a", "aba", "abad", "abadi", "abadiah", "baru", "bar", "zaman", "zz", "#",
        ];
        let cold: Vec<bool> = probes.iter().map(|w| roots.contains(w)).collect();
        assert_eq!(
            cold,
            [
                false, false, true, true, true, false, true, false, true, false, false
            ]
        );
        roots.warm_up();
        let warm: Vec<bool> = probes.iter().map(|w| roots.contains(w)).collect();
        assert_eq!(cold, warm);
        let dictionary = table("# d\nabang\tbrother\nada\tthere is\n\nzon\tzone\n").unwrap();
        let cold: Vec<Option<&str>> = ["abang", "ada", "zon", "ab", "zz"]
            .iter()
            .map(|k| dictionary.get(k))
            .collect();
        assert_eq!(
            cold,
            [Some("brother"), Some("there is"), Some("zone"), None, None]
        );
        dictionary.warm_up();
        assert!(dictionary.contains_key("zon") && !dictionary.contains_key("zo"));
        assert_eq!(dictionary.get("ada"), Some("there is"));
    }

    #[test]
    fn every_line_of_the_shipped_frequency_table_is_valid() {
        // The loader takes the embedded table unchecked at start-up: this is its check.
        let text = include_str!("../../../../knowledge/lang/en/frequency.tsv");
        let bad: Vec<String> = crate::knowledge::Frequencies::entries(text)
            .filter_map(Result::err)
            .map(|e| e.to_string())
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
        assert!(crate::knowledge::Frequencies::entries(text).count() > 10_000);
        assert_eq!(crate::knowledge::Frequencies::out_of_order(text), None);
    }

    #[test]
    fn every_shipped_root_is_found_without_an_index() {
        let text = include_str!("../../../../knowledge/lang/ms/roots.txt");
        let roots = list(text).unwrap();
        let words: Vec<&str> = roots.iter().collect();
        assert!(words.iter().all(|w| roots.contains(w)));
        assert!(words.iter().all(|w| !roots.contains(&format!("{w}qq"))));
        // and with the index of each prefix's lines, as a snapshot keeps it
        roots.warm_up();
        assert!(words.iter().all(|w| roots.contains(w)));
        assert!(words.iter().all(|w| !roots.contains(&format!("{w}qq"))));
    }

    #[test]
    fn a_snapshot_keeps_a_lists_index_and_reads_it_back() {
        let text = "# words\naba\n\nabad\n# a note\nabadi\nbaru\r\nzaman\n";
        let roots = list(text).unwrap();
        let cold = postcard::to_stdvec(&roots).unwrap();
        roots.warm_up();
        let warm = postcard::to_stdvec(&roots).unwrap();
        assert!(warm.len() > cold.len(), "the index is not written");
        let back: WordFile = postcard::from_bytes(warm.clone().leak()).unwrap();
        assert!(
            back.inner.index.get().is_some(),
            "the index is not read back"
        );
        for word in ["aba", "abad", "abadi", "baru", "zaman"] {
            assert!(back.contains(word), "{word}");
        }
        for word in ["", "a", "ab", "abadiah", "bar", "zz", "#"] {
            assert!(!back.contains(word), "{word}");
        }
        // a malformed index is an error, not a wrong answer
        let mut bad: WordFile = postcard::from_bytes(cold.leak()).unwrap();
        bad = WordFile::unchecked(bad.inner.text.clone(), None);
        let _ = bad.inner.index.set(LineIndex::default());
        let bytes = postcard::to_stdvec(&bad).unwrap();
        assert!(postcard::from_bytes::<WordFile>(bytes.leak()).is_err());
    }

    #[test]
    fn a_list_is_read_in_place_and_looked_up() {
        let roots = list("# roots\naba\nabad\n\nzaman\n").unwrap();
        assert_eq!(roots.len(), 3);
        assert!(roots.contains("abad") && !roots.contains("ab"));
        assert_eq!(roots.iter().collect::<Vec<_>>(), ["aba", "abad", "zaman"]);
        let loaded = WordFile::parse(PackText::Loaded(Arc::from("aba\r\nabad\r\n"))).unwrap();
        assert!(loaded.contains("abad"));
        // a list read from disk is checked; one the binary lends is taken as it is
        assert!(WordFile::parse(PackText::Loaded(Arc::from("b\na\n"))).is_err());
        let lent = WordFile::parse(PackText::Embedded("x\ny\n")).unwrap();
        assert_eq!(lent.len(), 2);
    }

    #[test]
    fn a_list_out_of_order_repeated_or_unfolded_is_reported_by_line() {
        let problems = list("# roots\nabad\naba\naba\nAbu\ntwo words\n").unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6], "{problems:?}");
        assert!(problems[0].message.contains("out of order"));
        assert!(
            problems[1]
                .message
                .contains("listed twice (first at line 3)")
        );
        assert!(problems[2].message.contains("not one folded word"));
    }

    #[test]
    fn a_table_is_read_in_place_and_looked_up() {
        let dictionary =
            table("# header\nada\tthere\nalam sekitar\tenvironment\nbaru\t-\n").unwrap();
        assert_eq!(dictionary.get("alam sekitar"), Some("environment"));
        assert_eq!(dictionary.get("alam"), None);
        assert_eq!(dictionary.len(), 3);
        assert_eq!(dictionary.iter().next(), Some(("ada", "there")));
    }

    #[test]
    fn a_bad_table_line_is_reported_by_line() {
        let problems =
            table("ada\tthere\nno tab here\nBesar\tbig\nkosong\t \nada\tagain\n").unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{problems:?}");
        assert!(problems[0].message.contains("no tab"));
        assert!(problems[1].message.contains("not folded"));
        assert!(problems[2].message.contains("empty value"));
        assert!(problems[3].message.contains("out of order"));
        let shorthand = WordTable::checked(PackText::Embedded("brp\tBerapa\n"), true).unwrap_err();
        assert!(shorthand[0].message.contains("not folded"), "{shorthand:?}");
    }

    #[test]
    fn folded_text_is_what_the_tokenizer_gives() {
        for text in ["abc", "a b", "ke 2", "é"] {
            assert_eq!(
                is_folded(text),
                crate::text::tokenize(text).join(" ") == text,
                "{text:?}"
            );
        }
        assert!(!is_folded(""));
        assert!(!is_folded(" a"));
        assert!(!is_folded("a  b"));
        assert!(!is_folded("A"));
        assert!(!is_folded("a-b"));
    }
}
