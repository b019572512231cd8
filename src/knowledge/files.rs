//! Reading a knowledge directory from disk: the one place in the library that does I/O.
//!
//! Every required file is tried; a missing file, an unreadable file or invalid UTF-8 becomes a
//! [`Problem`] (with the line of the first bad byte), and all problems are returned together with
//! those of parsing.

use std::path::Path;

use super::load::{FILES, LoadError, Problem, SourceFile, parse_knowledge};
use super::model::Knowledge;

/// Reads and validates the knowledge in `dir`.
pub fn read_dir(dir: &Path) -> Result<Knowledge, LoadError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Err(LoadError {
            problems: vec![Problem {
                file: dir.display().to_string(),
                line: None,
                message: "is not a directory (--knowledge wants a directory holding statement.toml, facts.toml, vocabulary.toml and smalltalk.toml)".to_string(),
            }],
        });
    }
    for name in FILES {
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
    match parse_knowledge(&files) {
        Ok(knowledge) if problems.is_empty() => Ok(knowledge),
        Ok(_) => Err(LoadError { problems }),
        Err(err) => {
            // Files we could not read are reported once, by us, not again as "missing".
            let unread: Vec<String> = problems.iter().map(|p| p.file.clone()).collect();
            problems.extend(err.problems.into_iter().filter(|p| {
                !(p.message == "file is missing"
                    && unread.iter().any(|u| u.ends_with(p.file.as_str())))
            }));
            Err(LoadError { problems })
        }
    }
}
