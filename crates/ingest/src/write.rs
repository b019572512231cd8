//! A draft as the files of a package: the one place that knows the package's file layout and
//! how each file is written (TOML through `toml`/`serde`, so nothing is hand-escaped).
//!
//! The files are given as (path inside the package, text) pairs, in a fixed order; the caller
//! writes them. Each TOML file opens with a comment saying it was drafted and what to check.

use serde::Serialize;

use super::Draft;
use crate::messages as msg;
use communique_core::knowledge::{Fact, Intent, SOURCE_FILE, Statement, SynonymGroup, Topic};

/// Where the drafted dialogue goes, inside the package.
pub const DIALOGUE_FILE: &str = "dialogues/drafted.dialogue";

/// Serialising a draft failed (a value TOML cannot hold).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {file}: {source}")]
pub struct WriteError {
    pub file: &'static str,
    #[source]
    pub source: toml::ser::Error,
}

#[derive(Serialize)]
struct StatementFile<'a> {
    statement: &'a Statement,
    topic: &'a [Topic],
}

#[derive(Serialize)]
struct FactsFile<'a> {
    fact: &'a [Fact],
}

#[derive(Serialize)]
struct SmallTalkFile<'a> {
    intent: &'a [Intent],
}

/// The package files of `draft`: (path inside the package, text).
pub fn files(draft: &Draft) -> Result<Vec<(&'static str, String)>, WriteError> {
    let toml = |file: &'static str, header: &str, value: &dyn erased::Value| {
        value
            .to_toml()
            .map(|body| (file, format!("{header}\n{body}")))
            .map_err(|source| WriteError { file, source })
    };
    Ok(vec![
        toml(
            "statement.toml",
            msg::INGEST_STATEMENT_HEADER,
            &StatementFile {
                statement: &draft.statement,
                topic: &draft.topics,
            },
        )?,
        toml(
            "facts.toml",
            msg::INGEST_FACTS_HEADER,
            &FactsFile { fact: &draft.facts },
        )?,
        (
            "vocabulary.toml",
            vocabulary(&draft.synonyms, &draft.generic),
        ),
        toml(
            "smalltalk.toml",
            msg::INGEST_SMALLTALK_HEADER,
            &SmallTalkFile {
                intent: &draft.intents,
            },
        )?,
        (SOURCE_FILE, draft.source.clone()),
        (DIALOGUE_FILE, draft.dialogue.clone()),
    ])
}

/// `vocabulary.toml`, one synonym group per line (each written by `toml` as an inline array).
fn vocabulary(synonyms: &[SynonymGroup], generic: &[String]) -> String {
    let inline = |items: &[String]| {
        toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect()).to_string()
    };
    let mut out = format!(
        "{}
synonyms = [\n",
        msg::INGEST_VOCABULARY_HEADER
    );
    for group in synonyms {
        out.push_str(&format!("  {},\n", inline(group)));
    }
    out.push_str(&format!("]\ngeneric = {}\n", inline(generic)));
    out
}

/// Serialisation of the file structs behind one signature.
mod erased {
    pub trait Value {
        fn to_toml(&self) -> Result<String, toml::ser::Error>;
    }

    impl<T: serde::Serialize> Value for T {
        fn to_toml(&self) -> Result<String, toml::ser::Error> {
            toml::to_string_pretty(self)
        }
    }
}
