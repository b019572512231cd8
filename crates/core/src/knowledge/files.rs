//! Reading knowledge from disk: the one place in the library that does I/O.
//!
//! A directory given to `--knowledge` is either a statement package (it holds `statement.toml`),
//! read with the language packs compiled into the binary, or a knowledge directory laid out like
//! the repository's `knowledge/`: language packs under `lang/<code>/` (which replace the compiled-in
//! pack of the same code) and statement packages, each in a directory of its own. [`read_dir`]
//! wants exactly one package there; [`read_library`] reads them all, parsing each language pack
//! once so that every package of a language shares it. Every file is tried; a missing file, an
//! unreadable file or invalid UTF-8 becomes a [`Problem`] (with the line of the first bad byte),
//! and all problems are returned together with those of parsing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::language::{LANGUAGE_FILES, REQUIRED_LANGUAGE_FILES, parse_language};
use super::load::{FILES, OPTIONAL_FILES, TRANSLATIONS_DIR, parse_package};
use super::model::{Knowledge, Language};
use super::problems::{FILE_MISSING, LoadError, Problem, SourceFile};
use super::{LANGUAGE_DIR, embedded_languages};

/// Reads and validates the knowledge in `dir` (a package, or a directory holding one).
pub fn read_dir(dir: &Path) -> Result<Knowledge, LoadError> {
    let mut packages = read_library(dir)?;
    match packages.len() {
        1 => packages.pop().ok_or_else(|| problem(dir, NO_PACKAGE)),
        n => {
            let names: Vec<String> = package_dirs(dir)?
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            Err(problem(
                dir,
                &format!(
                    "holds {n} statement packages ({}); name one of them with --knowledge",
                    names.join(", ")
                ),
            ))
        }
    }
}

const NO_PACKAGE: &str =
    "holds no statement package (a directory with statement.toml and facts.toml)";

/// Reads and validates every statement package in `dir` (a package, or a knowledge directory of
/// packages and language packs), sorted by directory name; the problems of all of them together
/// when any has one.
pub fn read_library(dir: &Path) -> Result<Vec<Knowledge>, LoadError> {
    if !dir.is_dir() {
        return Err(problem(
            dir,
            "is not a directory (--knowledge wants a statement package, or a directory of them: directories holding statement.toml and facts.toml)",
        ));
    }
    if is_package(dir) {
        return Ok(vec![read_package(dir, &embedded_languages()?)?]);
    }
    let languages = read_languages_over_embedded(dir)?;
    let packages = package_dirs(dir)?;
    if packages.is_empty() {
        return Err(problem(dir, NO_PACKAGE));
    }
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for package in &packages {
        match read_package(package, &languages) {
            Ok(knowledge) => read.push(knowledge),
            Err(err) => problems.extend(err.problems),
        }
    }
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(LoadError { problems })
    }
}

/// Whether `dir` is a statement package (it holds `statement.toml`).
pub fn is_package(dir: &Path) -> bool {
    dir.join("statement.toml").is_file()
}

/// The language packs compiled into the binary, with those under `dir/lang/` in place of the
/// packs of the same code.
pub fn read_languages_over_embedded(dir: &Path) -> Result<Vec<Arc<Language>>, LoadError> {
    let mut languages = embedded_languages()?;
    read_languages(&dir.join(LANGUAGE_DIR), &mut languages)?;
    Ok(languages)
}

/// Reads and validates the statement package in `package` with the language packs `languages`.
pub fn read_package(package: &Path, languages: &[Arc<Language>]) -> Result<Knowledge, LoadError> {
    let mut problems = Vec::new();
    let mut files = read_files(package, &FILES, &mut problems);
    let present: Vec<&str> = OPTIONAL_FILES
        .into_iter()
        .filter(|name| package.join(name).exists())
        .collect();
    files.extend(read_files(package, &present, &mut problems));
    // translations/<code>.toml, if the package has any
    let translations = package.join(TRANSLATIONS_DIR);
    if translations.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(&translations)
            .map_err(|err| problem(&translations, &format!("cannot be read: {err}")))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        names.sort();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        files.extend(read_files(&translations, &names, &mut problems));
    }
    match parse_package(&files, languages) {
        Ok(knowledge) if problems.is_empty() => Ok(knowledge),
        Ok(_) => Err(LoadError { problems }),
        Err(err) => Err(LoadError {
            problems: merge_problems(problems, err.problems),
        }),
    }
}

/// Reads the language packs under `dir` (if it exists) over `languages`, replacing packs of the
/// same code.
fn read_languages(dir: &Path, languages: &mut Vec<Arc<Language>>) -> Result<(), LoadError> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut problems = Vec::new();
    for pack in sorted_subdirs(dir)? {
        let mut unread = Vec::new();
        let present: Vec<&str> = LANGUAGE_FILES
            .into_iter()
            .enumerate()
            .filter(|(i, name)| *i < REQUIRED_LANGUAGE_FILES || pack.join(name).exists())
            .map(|(_, name)| name)
            .collect();
        let files = read_files(&pack, &present, &mut unread);
        match parse_language(&files) {
            Ok(language) if unread.is_empty() => {
                languages.retain(|l| l.info.code != language.info.code);
                languages.push(Arc::new(language));
            }
            Ok(_) => problems.extend(unread),
            Err(err) => problems.extend(merge_problems(unread, err.problems)),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError { problems })
    }
}

/// The statement packages directly under `dir`, sorted.
pub fn package_dirs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    Ok(sorted_subdirs(dir)?
        .into_iter()
        .filter(|p| is_package(p))
        .collect())
}

fn sorted_subdirs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries =
        std::fs::read_dir(dir).map_err(|err| problem(dir, &format!("cannot be read: {err}")))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Reads `names` from `dir` as UTF-8; what cannot be read is added to `problems`.
fn read_files(dir: &Path, names: &[&str], problems: &mut Vec<Problem>) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(name);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile { name: shown, text }),
                Err(err) => {
                    let bytes = err.as_bytes();
                    let valid = err.utf8_error().valid_up_to();
                    let line = bytes.iter().take(valid).filter(|&&b| b == b'\n').count() + 1;
                    problems.push(Problem {
                        file: shown,
                        line: Some(line),
                        message: format!("is not valid UTF-8 (bad byte at offset {valid})"),
                    });
                }
            },
            Err(err) => problems.push(Problem {
                file: shown,
                line: None,
                message: format!("cannot be read: {err}"),
            }),
        }
    }
    files
}

/// Problems of reading, then those of parsing; files we could not read are reported once, by us,
/// not again as "missing".
fn merge_problems(mut read: Vec<Problem>, parsed: Vec<Problem>) -> Vec<Problem> {
    let unread: Vec<String> = read.iter().map(|p| p.file.clone()).collect();
    read.extend(parsed.into_iter().filter(|p| {
        !(p.message == FILE_MISSING && unread.iter().any(|u| u.ends_with(p.file.as_str())))
    }));
    read
}

fn problem(path: &Path, message: &str) -> LoadError {
    LoadError {
        problems: vec![Problem {
            file: path.display().to_string(),
            line: None,
            message: message.to_string(),
        }],
    }
}
