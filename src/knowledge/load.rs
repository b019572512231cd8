//! Parsing and validating knowledge files, with every problem reported at once.
//!
//! Input is file names and their text; there is no I/O here (see [`super::files`] for reading a
//! directory). A problem carries the file, the 1-based line and what is wrong, and loading goes on
//! after a problem so that one run lists them all. Nothing here panics on any input.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use std::sync::Arc;

use super::model::{
    Fact, FollowUpWords, Intent, Knowledge, Language, LanguageInfo, QuestionWords, Statement,
    SynonymGroup, Topic,
};
use crate::messages::{
    MAX_ANSWER_CHARS, MAX_FOLLOW_UP_CHARS, MAX_FOLLOW_UPS, MAX_LABEL_CHARS, MAX_QUOTE_CHARS,
};

/// The files a statement package holds, all required.
pub const FILES: [&str; 4] = [
    "statement.toml",
    "facts.toml",
    "vocabulary.toml",
    "smalltalk.toml",
];

/// A package's text of the statement as published (optional; `check` needs it).
pub const SOURCE_FILE: &str = "source.txt";

/// The files of a language pack: `language.toml` is required, `synonyms.toml` optional.
pub const LANGUAGE_FILES: [&str; 2] = ["language.toml", "synonyms.toml"];

/// One knowledge file: its name (as reported in problems) and its text.
#[derive(Debug, Clone)]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementFile {
    statement: Statement,
    #[serde(default)]
    topic: Vec<Spanned<Topic>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    #[serde(default)]
    fact: Vec<Spanned<Fact>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    #[serde(default)]
    synonyms: Vec<Spanned<SynonymGroup>>,
    #[serde(default)]
    generic: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    language: LanguageInfo,
    #[serde(default)]
    question: QuestionWords,
    #[serde(default)]
    follow_up: FollowUpWords,
    #[serde(default)]
    words: WordsTable,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordsTable {
    #[serde(default)]
    filler: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    synonyms: Vec<Spanned<SynonymGroup>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmallTalkFile {
    #[serde(default)]
    intent: Vec<Spanned<Intent>>,
}

/// Collects problems while the files are checked.
struct Report {
    problems: Vec<Problem>,
}

impl Report {
    fn add(&mut self, file: &SourceFile, offset: Option<usize>, message: String) {
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

fn parse<T: for<'de> Deserialize<'de>>(file: &SourceFile, report: &mut Report) -> Option<T> {
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

/// Parses and validates a language pack from its files (names ending as in [`LANGUAGE_FILES`]).
pub fn parse_language(files: &[SourceFile]) -> Result<Language, LoadError> {
    let mut report = Report {
        problems: Vec::new(),
    };
    let find = |name: &str| files.iter().find(|f| f.name.ends_with(name));
    let language = match find("language.toml") {
        Some(file) => parse::<LanguageFile>(file, &mut report),
        None => {
            report.problems.push(Problem {
                file: "language.toml".to_string(),
                line: None,
                message: "file is missing".to_string(),
            });
            None
        }
    };
    let synonyms = find("synonyms.toml")
        .and_then(|file| Some((file, parse::<SynonymsFile>(file, &mut report)?)))
        .map(|(file, s)| check_synonyms(file, &s.synonyms, &mut report))
        .unwrap_or_default();
    match language {
        Some(l) if report.problems.is_empty() => Ok(Language {
            info: l.language,
            question: l.question,
            follow_up: l.follow_up,
            filler: l
                .words
                .filler
                .iter()
                .map(|g| g.trim().to_lowercase())
                .collect(),
            synonyms,
        }),
        _ => Err(LoadError {
            problems: report.problems,
        }),
    }
}

/// Parses and validates a statement package from its files (names ending as in [`FILES`], and
/// optionally [`SOURCE_FILE`]), with the language pack its `statement.toml` names, from the packs
/// compiled into the binary.
pub fn parse_knowledge(files: &[SourceFile]) -> Result<Knowledge, LoadError> {
    parse_package(files, &super::embedded_languages()?)
}

/// Parses and validates a statement package from its files, with the language pack its
/// `statement.toml` names, out of `languages`.
pub fn parse_package(
    files: &[SourceFile],
    languages: &[Arc<Language>],
) -> Result<Knowledge, LoadError> {
    let mut report = Report {
        problems: Vec::new(),
    };
    let find = |name: &str| files.iter().find(|f| f.name.ends_with(name));
    let mut missing = Vec::new();
    for name in FILES {
        if find(name).is_none() {
            missing.push(name);
        }
    }
    for name in &missing {
        report.problems.push(Problem {
            file: (*name).to_string(),
            line: None,
            message: "file is missing".to_string(),
        });
    }

    let statement =
        find("statement.toml").and_then(|f| Some((f, parse::<StatementFile>(f, &mut report)?)));
    let facts = find("facts.toml").and_then(|f| Some((f, parse::<FactsFile>(f, &mut report)?)));
    let vocabulary =
        find("vocabulary.toml").and_then(|f| Some((f, parse::<VocabularyFile>(f, &mut report)?)));
    let smalltalk =
        find("smalltalk.toml").and_then(|f| Some((f, parse::<SmallTalkFile>(f, &mut report)?)));

    let topics = statement
        .as_ref()
        .map(|(file, s)| check_topics(file, &s.topic, &mut report))
        .unwrap_or_default();
    let topic_ids: Option<HashSet<&str>> = statement
        .as_ref()
        .map(|_| topics.iter().map(|t| t.id.as_str()).collect());
    if let Some((file, s)) = &statement {
        check_statement(file, &s.statement, &mut report);
    }
    let facts_checked = facts
        .as_ref()
        .map(|(file, f)| check_facts(file, &f.fact, topic_ids.as_ref(), &mut report))
        .unwrap_or_default();
    if let (Some((file, s)), Some((_, f))) = (&statement, &facts)
        && let Some(overview) = &s.statement.overview
        && !f.fact.iter().any(|fact| fact.get_ref().id == *overview)
    {
        report.add(
            file,
            None,
            format!("[statement] overview names unknown fact {overview:?}"),
        );
    }
    let synonyms = vocabulary
        .as_ref()
        .map(|(file, v)| check_synonyms(file, &v.synonyms, &mut report))
        .unwrap_or_default();
    let intents = smalltalk
        .as_ref()
        .map(|(file, s)| check_intents(file, &s.intent, &mut report))
        .unwrap_or_default();

    let language = statement.as_ref().and_then(|(file, s)| {
        let code = &s.statement.language;
        let found = languages.iter().find(|l| l.info.code == *code);
        if found.is_none() {
            let known: Vec<&str> = languages.iter().map(|l| l.info.code.as_str()).collect();
            report.add(
                file,
                None,
                format!(
                    "[statement] language {code:?} has no language pack (known: {})",
                    known.join(", ")
                ),
            );
        }
        found.cloned()
    });

    if !report.problems.is_empty() {
        return Err(LoadError {
            problems: report.problems,
        });
    }
    let source = find(SOURCE_FILE).cloned();
    match (statement, vocabulary, language) {
        (Some((file, s)), Some((_, v)), Some(language)) => Ok(Knowledge {
            id: package_id(&file.name),
            statement: s.statement,
            topics,
            facts: facts_checked,
            synonyms,
            generic: v.generic.iter().map(|g| g.trim().to_lowercase()).collect(),
            intents,
            source,
            language,
        }),
        // Unreachable in practice: a missing or unparsable file has already been reported.
        _ => Err(LoadError {
            problems: vec![Problem {
                file: "knowledge".to_string(),
                line: None,
                message: "incomplete knowledge base".to_string(),
            }],
        }),
    }
}

/// A package's id: the name of the directory its `statement.toml` is in.
fn package_id(statement_file: &str) -> String {
    std::path::Path::new(statement_file)
        .parent()
        .and_then(|dir| dir.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "statement".to_string())
}

fn check_statement(file: &SourceFile, s: &Statement, report: &mut Report) {
    for (name, value) in [("title", &s.title), ("date", &s.date)] {
        if value.trim().is_empty() {
            report.add(file, None, format!("[statement] {name} is empty"));
        }
    }
    if !is_iso_date(&s.date) {
        report.add(
            file,
            None,
            format!(
                "[statement] date {:?} is not a date written YYYY-MM-DD",
                s.date
            ),
        );
    }
}

/// Whether `text` is a date written `YYYY-MM-DD` (month 1–12, day 1–31).
fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year, month, day] => {
            number(year, 4).is_some()
                && number(month, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(day, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

fn check_topics(file: &SourceFile, topics: &[Spanned<Topic>], report: &mut Report) -> Vec<Topic> {
    let mut seen = HashSet::new();
    for topic in topics {
        let at = Some(topic.span().start);
        let t = topic.get_ref();
        if t.id.trim().is_empty() {
            report.add(file, at, "topic has an empty id".to_string());
        } else if !seen.insert(t.id.clone()) {
            report.add(file, at, format!("duplicate topic id {:?}", t.id));
        }
        if t.title.trim().is_empty() {
            report.add(file, at, format!("topic {:?} has an empty title", t.id));
        }
    }
    topics.iter().map(|t| t.get_ref().clone()).collect()
}

fn check_facts(
    file: &SourceFile,
    facts: &[Spanned<Fact>],
    topic_ids: Option<&HashSet<&str>>,
    report: &mut Report,
) -> Vec<Fact> {
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    // Facts come in file order: count lines once, from one fact to the next, not from the start.
    let mut lines = Vec::with_capacity(facts.len());
    let (mut counted_to, mut line_there) = (0, 1);
    for fact in facts {
        let start = fact.span().start;
        match file.text.as_bytes().get(counted_to..start) {
            Some(between) => {
                line_there += between.iter().filter(|&&b| b == b'\n').count();
                counted_to = start;
                lines.push(line_there);
            }
            None => lines.push(line_of(&file.text, start)),
        }
    }
    for (fact, &line) in facts.iter().zip(&lines) {
        let at = Some(fact.span().start);
        let f = fact.get_ref();
        if f.id.trim().is_empty() {
            report.add(file, at, "fact has an empty id".to_string());
        } else if let Some(first) = first_line.get(f.id.as_str()) {
            report.add(
                file,
                at,
                format!(
                    "duplicate fact id {:?} (first defined at line {first})",
                    f.id
                ),
            );
        } else {
            first_line.insert(f.id.as_str(), line);
        }
        let id = &f.id;
        if f.answer.trim().is_empty() {
            report.add(file, at, format!("fact {id:?} has an empty answer"));
        } else if f.answer.chars().count() > MAX_ANSWER_CHARS {
            report.add(
                file,
                at,
                format!(
                    "fact {id:?} has an answer of {} characters (at most {MAX_ANSWER_CHARS})",
                    f.answer.chars().count()
                ),
            );
        }
        if f.label.trim().is_empty() {
            report.add(file, at, format!("fact {id:?} has an empty label"));
        }
        for (what, text, max) in [("label", Some(&f.label), MAX_LABEL_CHARS)]
            .into_iter()
            .chain([("quote", f.quote.as_ref(), MAX_QUOTE_CHARS)])
            .chain(
                f.follow_ups
                    .iter()
                    .map(|q| ("follow-up question", Some(q), MAX_FOLLOW_UP_CHARS)),
            )
        {
            let chars = text.map_or(0, |t| t.chars().count());
            if chars > max {
                report.add(
                    file,
                    at,
                    format!("fact {id:?} has a {what} of {chars} characters (at most {max})"),
                );
            }
        }
        if f.follow_ups.len() > MAX_FOLLOW_UPS {
            report.add(
                file,
                at,
                format!(
                    "fact {id:?} has {} follow-up questions (at most {MAX_FOLLOW_UPS})",
                    f.follow_ups.len()
                ),
            );
        }
        if f.paragraphs.is_empty() {
            report.add(
                file,
                at,
                format!("fact {id:?} cites no paragraph (paragraphs = [])"),
            );
        }
        if f.paragraphs.contains(&0) {
            report.add(
                file,
                at,
                format!("fact {id:?} cites paragraph 0 (paragraphs count from 1)"),
            );
        }
        if let Some(topics) = topic_ids
            && !topics.contains(f.topic.as_str())
        {
            report.add(
                file,
                at,
                format!("fact {id:?} names unknown topic {:?}", f.topic),
            );
        }
        if matches!(&f.quote, Some(q) if q.trim().is_empty()) {
            report.add(
                file,
                at,
                format!("fact {id:?} has an empty quote (leave it out instead)"),
            );
        }
    }
    for fact in facts {
        let at = Some(fact.span().start);
        let f = fact.get_ref();
        for related in &f.related {
            if !first_line.contains_key(related.as_str()) {
                report.add(
                    file,
                    at,
                    format!("fact {:?} is related to unknown fact {related:?}", f.id),
                );
            }
        }
        for item in &f.items {
            if let Some(target) = &item.fact
                && !first_line.contains_key(target.as_str())
            {
                report.add(
                    file,
                    at,
                    format!(
                        "fact {:?} has item {:?} pointing to unknown fact {target:?}",
                        f.id, item.label
                    ),
                );
            }
        }
    }
    facts
        .iter()
        .zip(lines)
        .map(|(fact, line)| {
            let mut f = fact.get_ref().clone();
            f.line = line;
            f
        })
        .collect()
}

fn check_synonyms(
    file: &SourceFile,
    groups: &[Spanned<SynonymGroup>],
    report: &mut Report,
) -> Vec<SynonymGroup> {
    let mut owner: HashMap<String, String> = HashMap::new();
    for group in groups {
        let at = Some(group.span().start);
        let g = group.get_ref();
        if g.len() < 2 {
            report.add(
                file,
                at,
                format!("synonym group {g:?} needs at least two entries"),
            );
        }
        for term in g {
            let key = crate::text::fold(term).trim().to_string();
            if key.is_empty() {
                report.add(file, at, format!("synonym group {g:?} has an empty entry"));
                continue;
            }
            let canonical = g.first().cloned().unwrap_or_default();
            if let Some(previous) = owner.get(&key) {
                if *previous != canonical {
                    report.add(
                        file,
                        at,
                        format!(
                            "{term:?} is in two synonym groups ({previous:?} and {canonical:?})"
                        ),
                    );
                }
            } else {
                owner.insert(key, canonical);
            }
        }
    }
    groups.iter().map(|g| g.get_ref().clone()).collect()
}

fn check_intents(
    file: &SourceFile,
    intents: &[Spanned<Intent>],
    report: &mut Report,
) -> Vec<Intent> {
    let mut seen = HashSet::new();
    for intent in intents {
        let at = Some(intent.span().start);
        let i = intent.get_ref();
        if !seen.insert(i.id.clone()) {
            report.add(file, at, format!("duplicate intent id {:?}", i.id));
        }
        if i.reply.trim().is_empty() {
            report.add(file, at, format!("intent {:?} has an empty reply", i.id));
        }
        if i.patterns.iter().all(|p| p.trim().is_empty()) {
            report.add(file, at, format!("intent {:?} has no patterns", i.id));
        }
    }
    intents.iter().map(|i| i.get_ref().clone()).collect()
}
