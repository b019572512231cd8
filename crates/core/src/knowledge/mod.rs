//! The knowledge base: statement packages and language packs, as data.
//!
//! `knowledge/` in the repository holds language packs (`lang/<code>/`: the general words of one
//! language, shared by every statement) and statement packages (`<statement-id>/`: one statement's
//! metadata, facts, own vocabulary, small talk, source text, test dialogues and translations of its
//! text into other languages, `translations/<code>.toml`). All of it is
//! compiled into the binary ([`EMBEDDED`], written by `build.rs`), so the program works from any
//! directory; [`files::read_dir`] loads another package instead. Loading validates everything and
//! reports every problem with file and line ([`LoadError`]); a [`Knowledge`] value is therefore
//! always internally consistent (ids unique, references resolve, its language pack present). Only
//! [`files`] touches the file system.

mod check;
pub mod files;
mod language;
mod load;
mod model;
mod problems;
mod words;

use std::sync::Arc;

pub use check::{SourceReport, check_source, check_translations, paragraphs};
pub use language::{
    LANGUAGE_FILES, LEXICON_FILE, LIBRARY_SMALL_TALK_DEFAULT, REQUIRED_LANGUAGE_FILES,
    STATEMENT_PLACEHOLDERS, parse_language,
};
pub use load::{
    FILES, OPTIONAL_FILES, SOURCE_FILE, TRANSLATIONS_DIR, parse_knowledge, parse_package,
};
pub use model::{
    CitationPhrases, Fact, FollowUpWords, Intent, Item, Kind, Knowledge, LangPhrases, Language,
    LanguageInfo, LexiconText, LibraryPhrases, LibraryWords, MessageWords, Phrases, QuestionWords,
    ReplPhrases, ReplyPhrases, Statement, SynonymGroup, TelegramPhrases, Topic, TranslatedFact,
    TranslatedStatement, TranslatedTopic, Translation, WebPhrases,
};
pub use problems::{LoadError, Problem, SourceFile, line_of};
pub use words::WordList;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The directory of language packs, inside a knowledge directory.
pub const LANGUAGE_DIR: &str = "lang";

/// The embedded files under `dir/` (a path relative to `knowledge/`), named as in the repository
/// (a lexicon is not copied: [`embedded_languages`] borrows it in place).
fn embedded_files(dir: &str) -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .filter_map(|(path, text)| {
            let rest = path.strip_prefix(dir)?.strip_prefix('/')?;
            (!rest.contains('/') && rest != LEXICON_FILE).then(|| SourceFile {
                name: format!("knowledge/{path}"),
                text: (*text).to_string(),
            })
        })
        .collect()
}

/// The ids of the directories directly under `dir` in the embedded knowledge ("" for the top).
fn embedded_dirs(dir: &str) -> Vec<String> {
    let mut dirs: Vec<String> = EMBEDDED
        .iter()
        .filter_map(|(path, _)| {
            let rest = if dir.is_empty() {
                *path
            } else {
                path.strip_prefix(dir)?.strip_prefix('/')?
            };
            let (first, _) = rest.split_once('/')?;
            Some(first.to_string())
        })
        .collect();
    dirs.dedup();
    dirs
}

/// The language packs compiled into the binary.
pub fn embedded_languages() -> Result<Vec<Arc<Language>>, LoadError> {
    let mut languages = Vec::new();
    let mut problems = Vec::new();
    for code in embedded_dirs(LANGUAGE_DIR) {
        let dir = format!("{LANGUAGE_DIR}/{code}");
        match parse_language(&embedded_files(&dir)) {
            Ok(mut language) => {
                let lexicon_path = format!("{dir}/{LEXICON_FILE}");
                language.lexicon = EMBEDDED
                    .iter()
                    .find(|(path, _)| *path == lexicon_path)
                    .map(|(_, text)| LexiconText::embedded(text));
                languages.push(Arc::new(language));
            }
            Err(err) => problems.extend(err.problems),
        }
    }
    if problems.is_empty() {
        Ok(languages)
    } else {
        Err(LoadError { problems })
    }
}

impl Knowledge {
    /// The statement package compiled into the binary, with its language pack (an error when the
    /// binary holds several: see [`Knowledge::embedded_all`]).
    pub fn embedded() -> Result<Knowledge, LoadError> {
        let mut packages = Knowledge::embedded_all()?;
        match packages.len() {
            1 => packages.pop().ok_or_else(|| LoadError {
                problems: Vec::new(),
            }),
            n => Err(LoadError {
                problems: vec![Problem {
                    file: "knowledge".to_string(),
                    line: None,
                    message: format!(
                        "the binary was built with {n} statement packages, expected one"
                    ),
                }],
            }),
        }
    }

    /// Every statement package compiled into the binary, sorted by id, sharing their language
    /// packs.
    pub fn embedded_all() -> Result<Vec<Knowledge>, LoadError> {
        let languages = embedded_languages()?;
        let mut packages = Vec::new();
        let mut problems = Vec::new();
        for id in embedded_dirs("").into_iter().filter(|d| d != LANGUAGE_DIR) {
            let mut files = embedded_files(&id);
            files.extend(embedded_files(&format!("{id}/{TRANSLATIONS_DIR}")));
            match parse_package(&files, &languages) {
                Ok(knowledge) => packages.push(knowledge),
                Err(err) => problems.extend(err.problems),
            }
        }
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        if packages.is_empty() {
            return Err(LoadError {
                problems: vec![Problem {
                    file: "knowledge".to_string(),
                    line: None,
                    message: "the binary was built with no statement package".to_string(),
                }],
            });
        }
        Ok(packages)
    }
}
