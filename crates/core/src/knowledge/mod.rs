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
mod drafting;
pub mod files;
mod language;
mod load;
mod model;
mod problems;
mod reader;
mod tables;
mod validate;
mod words;

pub use validate::STATEMENT_PLACEHOLDERS;

use std::sync::Arc;

pub use check::{SourceReport, check_source, check_translations, paragraphs};
pub use language::{
    DICTIONARY_FILE, DRAFTING_FILE, FREQUENCY_FILE, LANGUAGE_FILES, LEXICON_FILE,
    LIBRARY_SMALL_TALK_DEFAULT, PLACES_FILE, REGIONS_FILE, REQUIRED_LANGUAGE_FILES, ROOTS_FILE,
    SHORTHAND_FILE, parse_language,
};
pub use load::{
    FILES, OPTIONAL_FILES, SOURCE_FILE, TRANSLATIONS_DIR, parse_knowledge, parse_package,
    parse_package_with,
};
pub(crate) use model::compact;
pub use model::{
    CitationPhrases, DraftTexts, Drafting, DraftingWords, Fact, FollowUpWords, Frequencies,
    HeaderKeys, Intent, Item, Kind, Knowledge, LangPhrases, Language, LanguageInfo, LexiconText,
    LibraryPhrases, LibraryWords, MessageWords, Phrases, Place, QuestionLists, QuestionWords,
    ReaderWords, ReplPhrases, ReplyPhrases, Statement, SynonymGroup, TelegramPhrases, Topic,
    TranslatedFact, TranslatedStatement, TranslatedTopic, Translation, WebPhrases,
};
pub use problems::{LoadError, Problem, SourceFile, line_of};
pub use tables::{WordFile, WordTable};
pub use words::WordList;
pub(crate) use words::in_order;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The directory of language packs, inside a knowledge directory.
pub const LANGUAGE_DIR: &str = "lang";

/// The embedded files under `dir/` (a path relative to `knowledge/`), named as in the repository,
/// but for those a pack lends in place ([`language::IN_PLACE_FILES`]: see [`embedded_in_place`]).
fn embedded_files(dir: &str) -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .filter_map(|(path, text)| {
            let rest = path.strip_prefix(dir)?.strip_prefix('/')?;
            (!rest.contains('/') && !language::IN_PLACE_FILES.contains(&rest)).then(|| SourceFile {
                name: format!("knowledge/{path}"),
                text: (*text).to_string(),
            })
        })
        .collect()
}

/// The embedded files under `dir/` a language pack reads in place (the lexicon, the roots, the
/// dictionary): (name as reported, text borrowed from the binary).
fn embedded_in_place(dir: &str) -> Vec<(String, &'static str)> {
    EMBEDDED
        .iter()
        .filter_map(|(path, text)| {
            let rest = path.strip_prefix(dir)?.strip_prefix('/')?;
            language::IN_PLACE_FILES
                .contains(&rest)
                .then(|| (format!("knowledge/{path}"), *text))
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
    let parse = |code: &String| {
        let dir = format!("{LANGUAGE_DIR}/{code}");
        language::parse_language_in_place(&embedded_files(&dir), &embedded_in_place(&dir))
    };
    // Each pack on a thread of its own: start-up waits for the largest, not for the sum.
    let codes = embedded_dirs(LANGUAGE_DIR);
    let parsed: Vec<Result<Language, LoadError>> = std::thread::scope(|scope| {
        let (first, rest) = codes
            .split_first()
            .map_or((None, &[][..]), |(f, r)| (Some(f), r));
        let others: Vec<_> = rest
            .iter()
            .map(|code| scope.spawn(move || parse(code)))
            .collect();
        first
            .map(parse)
            .into_iter()
            .chain(others.into_iter().map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    Err(LoadError {
                        problems: vec![Problem {
                            file: LANGUAGE_DIR.to_string(),
                            line: None,
                            message: crate::messages::INDEX_NOT_BUILT.to_string(),
                        }],
                    })
                })
            }))
            .collect()
    });
    for result in parsed {
        match result {
            Ok(language) => languages.push(Arc::new(language)),
            Err(err) => problems.extend(err.problems),
        }
    }
    if problems.is_empty() {
        Ok(languages)
    } else {
        Err(LoadError { problems })
    }
}

/// The files of the statement package `id` compiled into the binary (its translations included),
/// named as in the repository: what [`parse_package`] reads, for a caller that edits a package's
/// text before loading it (`communique review`). Empty when no such package is embedded.
pub fn embedded_package_files(id: &str) -> Vec<SourceFile> {
    if id == LANGUAGE_DIR || id.contains('/') {
        return Vec::new();
    }
    let mut files = embedded_files(id);
    files.extend(embedded_files(&format!("{id}/{TRANSLATIONS_DIR}")));
    files
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
        Knowledge::embedded_with(&embedded_languages()?)
    }

    /// Every statement package compiled into the binary, sorted by id, read with `languages` (the
    /// embedded packs, parsed once by the caller).
    pub fn embedded_with(languages: &[Arc<Language>]) -> Result<Vec<Knowledge>, LoadError> {
        Knowledge::embedded_with_later(|| languages)
    }

    /// [`Knowledge::embedded_with`], asking for the language packs only when a package's own
    /// files are parsed (see [`parse_package_with`]): a loader parses the packs meanwhile.
    pub fn embedded_with_later<'a>(
        languages: impl Fn() -> &'a [Arc<Language>],
    ) -> Result<Vec<Knowledge>, LoadError> {
        let mut packages = Vec::new();
        let mut problems = Vec::new();
        for id in embedded_dirs("").into_iter().filter(|d| d != LANGUAGE_DIR) {
            let mut files = embedded_files(&id);
            files.extend(embedded_files(&format!("{id}/{TRANSLATIONS_DIR}")));
            match parse_package_with(&files, &languages) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// The built-in packs lend their large tables unchecked (start-up does not pay for a pass over
    /// them): this is where their every line is checked, as a pack read from disk would be.
    #[test]
    fn the_embedded_packs_pass_every_check_of_a_pack_read_from_disk() {
        for code in embedded_dirs(LANGUAGE_DIR) {
            let dir = format!("{LANGUAGE_DIR}/{code}/");
            let files: Vec<SourceFile> = EMBEDDED
                .iter()
                .filter(|(path, _)| {
                    path.strip_prefix(dir.as_str())
                        .is_some_and(|rest| !rest.contains('/'))
                })
                .map(|(path, text)| SourceFile {
                    name: format!("knowledge/{path}"),
                    text: (*text).to_string(),
                })
                .collect();
            let language = parse_language(&files).unwrap_or_else(|err| panic!("{err}"));
            if let Some(lexicon) = language.lexicon() {
                lexicon
                    .validate()
                    .unwrap_or_else(|err| panic!("{dir}: {err}"));
            }
            if language.drafting_files.is_present() {
                language.drafting().unwrap_or_else(|err| panic!("{err}"));
            }
        }
    }
}
