//! Checks shared by the two loaders, of statement packages ([`super::load`]) and of language packs
//! ([`super::language`]): synonym groups, small-talk intents and the `{placeholders}` a phrase may
//! use. Each adds its problems to the loader's report with the file and line; none stops a load.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::model::{Intent, SynonymGroup};
use super::problems::{Problem, Report, SourceFile, line_of};

/// The placeholders every phrase (and small-talk reply) may use: the statement's metadata.
pub const STATEMENT_PLACEHOLDERS: [&str; 13] = [
    "statement",
    "name",
    "date",
    "title",
    "place",
    "parties",
    "publisher",
    "agency",
    "url",
    "topics",
    "example",
    "example2",
    "example3",
];

/// `smalltalk.toml`, of a statement package or of a language pack.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SmallTalkFile {
    #[serde(default)]
    pub(super) intent: Vec<Spanned<Intent>>,
}

pub(super) fn check_synonyms(
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

/// Checks the intents of a `smalltalk.toml` (a package's or a language pack's): ids unique, every
/// intent with patterns and a reply, and no reply using a placeholder it cannot be given.
pub(super) fn check_intents(
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
    let intents: Vec<Intent> = intents.iter().map(|i| i.get_ref().clone()).collect();
    for intent in &intents {
        check_placeholders(file, &intent.reply, &[], report);
    }
    intents
}

/// Reports every `{placeholder}` of `text` that is neither a statement placeholder nor in `extra`.
pub(super) fn check_placeholders(
    file: &SourceFile,
    text: &str,
    extra: &[&str],
    report: &mut Report,
) {
    let allowed: Vec<&str> = STATEMENT_PLACEHOLDERS
        .iter()
        .chain(extra)
        .copied()
        .collect();
    check_own_placeholders(file, text, &allowed, report);
}

pub(super) fn check_own_placeholders(
    file: &SourceFile,
    text: &str,
    allowed: &[&str],
    report: &mut Report,
) {
    for name in placeholders(text) {
        if !allowed.contains(&name) {
            let offset = file.text.find(&format!("{{{name}}}"));
            report.problems.push(Problem {
                file: file.name.clone(),
                line: offset.map(|o| line_of(&file.text, o)),
                message: format!(
                    "unknown placeholder {{{name}}} (this phrase may use {})",
                    allowed
                        .iter()
                        .map(|a| format!("{{{a}}}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            });
        }
    }
}

/// The names of the `{placeholders}` in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                names.push(after.get(..close).unwrap_or(""));
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    names
}
