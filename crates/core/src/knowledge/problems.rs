//! Problems found in knowledge files, and the helpers that find them: every problem carries the
//! file, the 1-based line when it has one, and what is wrong; checking goes on after a problem so
//! one run lists them all. Nothing here does I/O or panics on any input.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One knowledge file: its name (as reported in problems) and its text.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// One thing wrong with the knowledge, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Loading failed; every problem found is listed.
#[derive(Debug, Clone, thiserror::Error)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "the knowledge base has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// What a required file that is not among the files given is reported as.
pub(super) const FILE_MISSING: &str = "file is missing";

/// Collects problems while the files are checked.
pub(super) struct Report {
    pub(super) problems: Vec<Problem>,
}

impl Report {
    pub(super) fn new() -> Report {
        Report {
            problems: Vec::new(),
        }
    }

    /// The problems found, or `value` when there are none.
    pub(super) fn finish<T>(self, value: Option<T>) -> Result<T, LoadError> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(LoadError {
                problems: self.problems,
            }),
        }
    }

    /// Reports each of `required` (a file name) that no file in `files` ends with.
    pub(super) fn require<'a>(
        &mut self,
        files: &[SourceFile],
        required: impl IntoIterator<Item = &'a str>,
    ) {
        for name in required {
            if !files.iter().any(|f| f.name.ends_with(name)) {
                self.problems.push(Problem {
                    file: name.to_string(),
                    line: None,
                    message: FILE_MISSING.to_string(),
                });
            }
        }
    }

    /// A problem of the file shown as `file`, at `line` when it has one.
    pub(super) fn add_at(&mut self, file: &str, line: Option<usize>, message: String) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            message,
        });
    }

    pub(super) fn add(&mut self, file: &SourceFile, offset: Option<usize>, message: String) {
        let line = offset.map(|o| line_of(&file.text, o));
        self.problems.push(Problem {
            file: file.name.clone(),
            line,
            message,
        });
    }
}

/// 1-based line number of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line numbers of offsets taken in increasing order (the items of a TOML array, in file order):
/// each counts the lines from the last offset, not from the start of the text, so a file's items
/// cost one pass over it rather than one each. An offset before the last is counted from the start.
pub(super) struct LineCounter<'a> {
    text: &'a str,
    counted_to: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            counted_to: 0,
            line: 1,
        }
    }

    /// 1-based line number of byte `offset` of the text (as [`line_of`] gives it).
    pub(super) fn line_of(&mut self, offset: usize) -> usize {
        match self.text.as_bytes().get(self.counted_to..offset) {
            Some(between) => {
                self.line += between.iter().filter(|&&b| b == b'\n').count();
                self.counted_to = offset;
                self.line
            }
            None => line_of(self.text, offset),
        }
    }
}

pub(super) fn parse<T: for<'de> Deserialize<'de>>(
    file: &SourceFile,
    report: &mut Report,
) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(err) => {
            let offset = err.span().map(|s| s.start);
            report.add(file, offset, toml_message(&err, &file.text, offset));
            None
        }
    }
}

/// A TOML error as one line. The parser's message may span lines ("invalid string\nexpected `\"`")
/// or be empty (a lone carriage return, found by the property tests): then the offending character
/// is named instead.
fn toml_message(err: &toml::de::Error, text: &str, offset: Option<usize>) -> String {
    let message = err
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if !message.is_empty() {
        return message;
    }
    match offset
        .and_then(|o| text.get(o..))
        .and_then(|t| t.chars().next())
    {
        Some(c) => format!("invalid TOML: unexpected character {c:?}"),
        None => "invalid TOML".to_string(),
    }
}
