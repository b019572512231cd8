//! The knowledge base: the statement's facts, synonyms and small talk, as data.
//!
//! The default knowledge (`knowledge/*.toml` in the repository) is compiled into the binary, so the
//! program works from any directory; [`files::read_dir`] loads another directory instead. Loading
//! validates everything and reports every problem with file and line ([`LoadError`]); a
//! [`Knowledge`] value is therefore always internally consistent (ids unique, references resolve).
//! Only [`files`] touches the file system.

mod check;
pub mod files;
mod load;
mod model;

pub use check::{SourceReport, check_source, paragraphs};
pub use load::{FILES, LoadError, Problem, SourceFile, line_of, parse_knowledge};
pub use model::{Fact, Intent, Item, Kind, Knowledge, Statement, SynonymGroup, Topic};

/// The default knowledge files, compiled in.
const EMBEDDED: [(&str, &str); 4] = [
    (
        "statement.toml",
        include_str!("../../knowledge/statement.toml"),
    ),
    ("facts.toml", include_str!("../../knowledge/facts.toml")),
    (
        "vocabulary.toml",
        include_str!("../../knowledge/vocabulary.toml"),
    ),
    (
        "smalltalk.toml",
        include_str!("../../knowledge/smalltalk.toml"),
    ),
];

impl Knowledge {
    /// The knowledge compiled into the binary.
    pub fn embedded() -> Result<Knowledge, LoadError> {
        let files: Vec<SourceFile> = EMBEDDED
            .iter()
            .map(|(name, text)| SourceFile {
                name: format!("knowledge/{name}"),
                text: (*text).to_string(),
            })
            .collect();
        parse_knowledge(&files)
    }
}
