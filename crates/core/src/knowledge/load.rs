//! Parsing and validating knowledge files, with every problem reported at once.
//!
//! Input is file names and their text; there is no I/O here (see [`super::files`] for reading a
//! directory). A problem carries the file, the 1-based line and what is wrong, and loading goes on
//! after a problem so that one run lists them all. Nothing here panics on any input.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::model::{
    Fact, Knowledge, Language, Statement, SynonymGroup, Topic, TranslatedFact, TranslatedStatement,
    TranslatedTopic, Translation,
};
use super::problems::{LineCounter, LoadError, Report, SourceFile, parse};
use super::validate::{SmallTalkFile, check_intents, check_synonyms};
use crate::limits::{
    MAX_ANSWER_CHARS, MAX_FOLLOW_UP_CHARS, MAX_FOLLOW_UPS, MAX_LABEL_CHARS, MAX_QUOTE_CHARS,
};

/// The files a statement package must hold.
pub const FILES: [&str; 2] = ["statement.toml", "facts.toml"];

/// The files a statement package may hold: its own vocabulary and small talk, and its text as
/// published (which `check` compares the facts with).
pub const OPTIONAL_FILES: [&str; 3] = ["vocabulary.toml", "smalltalk.toml", SOURCE_FILE];

/// A package's text of the statement as published.
pub const SOURCE_FILE: &str = "source.txt";

/// The directory of a package's translations: `translations/<code>.toml`, one per language.
pub const TRANSLATIONS_DIR: &str = "translations";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    statement: TranslatedStatement,
    #[serde(default)]
    topic: Vec<Spanned<TranslatedTopic>>,
    #[serde(default)]
    fact: Vec<Spanned<TranslatedFact>>,
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
    parse_package_with(files, || languages)
}

/// [`parse_package`], asking for the language packs only once the package's own files are
/// parsed: a loader may still be reading the packs on another thread (start-up parses both
/// side by side).
pub fn parse_package_with<'a>(
    files: &[SourceFile],
    languages: impl FnOnce() -> &'a [Arc<Language>],
) -> Result<Knowledge, LoadError> {
    let mut report = Report::new();
    let find = |name: &str| files.iter().find(|f| f.name.ends_with(name));
    report.require(files, FILES);

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
    let have_facts = facts.is_some();
    // (the parsed facts are handed over, not copied)
    let facts_checked = facts
        .map(|(file, f)| check_facts(file, f.fact, topic_ids.as_ref(), &mut report))
        .unwrap_or_default();
    if let Some((file, s)) = &statement
        && have_facts
        && let Some(overview) = &s.statement.overview
        && !facts_checked.iter().any(|fact| fact.id == *overview)
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
    let languages = languages();
    let language = statement
        .as_ref()
        .and_then(|(file, s)| find_language(file, &s.statement.language, languages, &mut report));
    let intents = smalltalk
        .as_ref()
        .map(|(file, s)| check_intents(file, &s.intent, &mut report))
        .unwrap_or_default();

    let translations: Vec<(Translation, Arc<Language>)> = files
        .iter()
        .filter(|f| translation_code(&f.name).is_some())
        .filter_map(|file| {
            let parsed = parse::<TranslationFile>(file, &mut report)?;
            let own = statement
                .as_ref()
                .map(|(_, s)| s.statement.language.as_str());
            check_translation(
                file,
                parsed,
                own,
                &facts_checked,
                &topics,
                languages,
                &mut report,
            )
        })
        .collect();

    let knowledge = match (statement, have_facts, language) {
        (Some((file, s)), true, Some(language)) => Some(Knowledge {
            id: package_id(&file.name),
            statement: s.statement,
            topics,
            facts: facts_checked,
            synonyms,
            generic: vocabulary
                .map(|(_, v)| v.generic.iter().map(|g| g.trim().to_lowercase()).collect())
                .unwrap_or_default(),
            intents,
            source: find(SOURCE_FILE).cloned(),
            language,
            translations,
        }),
        _ => None,
    };
    report.finish(knowledge)
}

/// The language code of a translation file (`…/translations/ms.toml` → `ms`), or `None` when
/// `name` is not one.
pub(super) fn translation_code(name: &str) -> Option<&str> {
    let path = std::path::Path::new(name);
    let dir = path.parent()?.file_name()?;
    (dir == TRANSLATIONS_DIR && path.extension()? == "toml")
        .then(|| path.file_stem()?.to_str())
        .flatten()
        .filter(|code| !code.is_empty())
}

/// Validates a translation against the package: a language pack for its code (other than the
/// statement's own), every id a real fact or topic and given once, its texts non-empty and within
/// the facts' limits, its follow-ups and items as many as the fact's. A fact or topic the file
/// leaves out is no load error (replies fall back to the statement's language); `check` reports it.
fn check_translation(
    file: &SourceFile,
    parsed: TranslationFile,
    own_language: Option<&str>,
    facts: &[Fact],
    topics: &[Topic],
    languages: &[Arc<Language>],
    report: &mut Report,
) -> Option<(Translation, Arc<Language>)> {
    let code = translation_code(&file.name)?.to_string();
    if own_language == Some(code.as_str()) {
        report.add(
            file,
            None,
            format!("translates the statement into its own language {code:?}"),
        );
        return None;
    }
    let language = find_language(file, &code, languages, report)?;
    let mut seen = HashSet::new();
    for topic in &parsed.topic {
        let (at, t) = (Some(topic.span().start), topic.get_ref());
        if !topics.iter().any(|own| own.id == t.id) {
            report.add(
                file,
                at,
                format!("topic {:?} is not a topic of statement.toml", t.id),
            );
        } else if !seen.insert(t.id.clone()) {
            report.add(file, at, format!("topic {:?} is translated twice", t.id));
        }
        if t.title.trim().is_empty() || t.question.trim().is_empty() {
            report.add(
                file,
                at,
                format!("topic {:?} has an empty title or question", t.id),
            );
        }
    }
    let mut seen = HashSet::new();
    let mut translated = Vec::with_capacity(parsed.fact.len());
    // (facts come in file order: their lines are counted in one pass)
    let mut lines = LineCounter::new(&file.text);
    for fact in &parsed.fact {
        let (at, f) = (Some(fact.span().start), fact.get_ref());
        let Some(own) = facts.iter().find(|own| own.id == f.id) else {
            report.add(
                file,
                at,
                format!("fact {:?} is not a fact of facts.toml", f.id),
            );
            continue;
        };
        if !seen.insert(f.id.clone()) {
            report.add(file, at, format!("fact {:?} is translated twice", f.id));
        }
        let id = &f.id;
        for (what, text, max) in [
            ("label", &f.label, MAX_LABEL_CHARS),
            ("answer", &f.answer, MAX_ANSWER_CHARS),
        ] {
            let chars = text.chars().count();
            if text.trim().is_empty() {
                report.add(file, at, format!("fact {id:?} has an empty {what}"));
            } else if chars > max {
                report.add(
                    file,
                    at,
                    format!("fact {id:?} has a {what} of {chars} characters (at most {max})"),
                );
            }
        }
        if let Some(long) = f
            .follow_ups
            .iter()
            .find(|q| q.chars().count() > MAX_FOLLOW_UP_CHARS)
        {
            report.add(
                file,
                at,
                format!("fact {id:?} has a follow-up question over {MAX_FOLLOW_UP_CHARS} characters: {long:?}"),
            );
        }
        for (what, theirs, ours) in [
            ("follow_ups", f.follow_ups.len(), own.follow_ups.len()),
            ("items", f.items.len(), own.items.len()),
        ] {
            if theirs != ours && theirs != 0 {
                report.add(
                    file,
                    at,
                    format!(
                        "fact {id:?} has {theirs} {what} (facts.toml has {ours}, in the same order)"
                    ),
                );
            }
        }
        let mut f = f.clone();
        f.line = lines.line_of(fact.span().start);
        translated.push(f);
    }
    Some((
        Translation {
            code,
            file: file.name.clone(),
            statement: parsed.statement,
            topic: parsed.topic.into_iter().map(|t| t.into_inner()).collect(),
            fact: translated,
        },
        language,
    ))
}

/// The language pack named `code`, or a problem in `file`.
fn find_language(
    file: &SourceFile,
    code: &str,
    languages: &[Arc<Language>],
    report: &mut Report,
) -> Option<Arc<Language>> {
    let found = languages
        .iter()
        .find(|l| l.info.code.code() == code)
        .cloned();
    if found.is_none() {
        let known: Vec<&str> = languages.iter().map(|l| l.info.code.code()).collect();
        report.add(
            file,
            None,
            format!(
                "[statement] language {code:?} has no language pack (known: {})",
                known.join(", ")
            ),
        );
    }
    found
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
    facts: Vec<Spanned<Fact>>,
    topic_ids: Option<&HashSet<&str>>,
    report: &mut Report,
) -> Vec<Fact> {
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    // Facts come in file order: count lines once, from one fact to the next, not from the start.
    let mut counter = LineCounter::new(&file.text);
    let lines: Vec<usize> = facts
        .iter()
        .map(|fact| counter.line_of(fact.span().start))
        .collect();
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
    for fact in &facts {
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
        .into_iter()
        .zip(lines)
        .map(|(fact, line)| {
            let mut f = fact.into_inner();
            f.line = line;
            f
        })
        .collect()
}
