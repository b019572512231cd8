//! Checking a knowledge base against the text of its source document (`communique check --source`).
//!
//! Two promises are verified: every quote appears verbatim in the source (whitespace folded), and
//! every paragraph of the source is cited by at least one fact, so nothing in the statement is
//! unreachable. Paragraphs are maximal runs of non-blank lines, numbered from 1.

use super::model::Knowledge;
use super::problems::Problem;
use crate::text::squash_whitespace;

/// The source's paragraphs, in order (paragraph `n` is at index `n - 1`).
pub fn paragraphs(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in source.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// What `check --source` found.
#[derive(Debug, Clone, Default)]
pub struct SourceReport {
    pub paragraphs: usize,
    pub quotes_checked: usize,
    pub problems: Vec<Problem>,
}

/// Checks quotes and paragraph coverage of `knowledge` against `source` (named `source_name`).
pub fn check_source(knowledge: &Knowledge, source_name: &str, source: &str) -> SourceReport {
    let paras = paragraphs(source);
    let squashed = squash_whitespace(source);
    let mut report = SourceReport {
        paragraphs: paras.len(),
        ..SourceReport::default()
    };
    let mut covered = vec![false; paras.len()];
    for fact in &knowledge.facts {
        if let Some(quote) = &fact.quote {
            report.quotes_checked += 1;
            if !squashed.contains(&squash_whitespace(quote)) {
                report.problems.push(Problem {
                    file: "facts.toml".to_string(),
                    line: Some(fact.line),
                    message: format!(
                        "fact {:?}: quote {:?} does not appear verbatim in {source_name}",
                        fact.id, quote
                    ),
                });
            }
        }
        for &n in &fact.paragraphs {
            match covered.get_mut((n as usize).wrapping_sub(1)) {
                Some(slot) => *slot = true,
                None => report.problems.push(Problem {
                    file: "facts.toml".to_string(),
                    line: Some(fact.line),
                    message: format!(
                        "fact {:?} cites paragraph {n}, but {source_name} has {} paragraphs",
                        fact.id,
                        paras.len()
                    ),
                }),
            }
        }
    }
    for (i, done) in covered.iter().enumerate() {
        if !done {
            let first_line = paras
                .get(i)
                .and_then(|p| p.lines().next())
                .map(|l| crate::text::truncate_chars(l.trim(), 60))
                .unwrap_or_default();
            report.problems.push(Problem {
                file: source_name.to_string(),
                line: None,
                message: format!("paragraph {} is cited by no fact: {first_line:?}", i + 1),
            });
        }
    }
    report
}

/// Every fact and topic of `knowledge` that one of its translations leaves out, named by file and
/// id: replies in that language would fall back to the statement's own language for them.
pub fn check_translations(knowledge: &Knowledge) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (translation, language) in &knowledge.translations {
        let missing = |what: &str, id: &str| Problem {
            file: translation.file.clone(),
            line: None,
            message: format!(
                "{what} {id:?} has no {} text (add a [[{what}]] with id = {id:?})",
                language.info.name
            ),
        };
        for topic in &knowledge.topics {
            if translation.topic(&topic.id).is_none() {
                problems.push(missing("topic", &topic.id));
            }
        }
        for fact in &knowledge.facts {
            if translation.fact(&fact.id).is_none() {
                problems.push(missing("fact", &fact.id));
            }
        }
    }
    problems
}
