//! A statement package as text, and the changes a review may make to it.
//!
//! A [`Package`] holds the files the core's loader reads (`statement.toml`, `facts.toml`,
//! `vocabulary.toml`, …, `translations/*.toml`) and the package's dialogues, as text: a change is
//! made to the text with `toml_edit` (comments, order and layout kept), and the edited package is
//! loaded with the core's own loader ([`communique_core::knowledge::parse_package`]), so what is
//! tested in memory is byte for byte what would be written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use toml_edit::{Array, DocumentMut, Item, Value};

use communique_core::knowledge::{
    self, FILES, Knowledge, Language, LoadError, OPTIONAL_FILES, SourceFile, TRANSLATIONS_DIR,
};

/// The file of a package that holds its facts.
pub const FACTS: &str = "facts.toml";
/// The file of a package that holds its own vocabulary.
pub const VOCABULARY: &str = "vocabulary.toml";
/// Where a package keeps its dialogues.
pub const DIALOGUES: &str = "dialogues";

/// One change to a package's knowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// `word` joins the synonym group whose first entry is `canonical` (vocabulary.toml); with
    /// `new_group`, the group `[canonical, word]` is added.
    Synonym {
        canonical: String,
        word: String,
        new_group: bool,
    },
    /// `word` joins the keywords of fact `fact` (facts.toml).
    Keyword { fact: String, word: String },
    /// `question` joins the examples of fact `fact` (facts.toml).
    Example { fact: String, question: String },
}

impl Change {
    /// The file the change is made in.
    pub fn file(&self) -> &'static str {
        match self {
            Change::Synonym { .. } => VOCABULARY,
            Change::Keyword { .. } | Change::Example { .. } => FACTS,
        }
    }
}

/// Why a package could not be read or a change not made.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{file} is not valid TOML ({reason}); fix it, then review again")]
    Toml { file: String, reason: String },
    #[error("{file} has no {what} to change (expected {expected})")]
    Shape {
        file: String,
        what: String,
        expected: String,
    },
    #[error("{0}")]
    Load(#[from] LoadError),
}

/// A statement package's files, as text.
#[derive(Debug, Clone)]
pub struct Package {
    /// The package's id (its directory's name).
    pub id: String,
    /// The directory it was read from; `None` for a package compiled into the binary.
    pub dir: Option<PathBuf>,
    /// The files the loader reads, named as it reports them.
    pub files: Vec<SourceFile>,
    /// The package's `*.dialogue` files.
    pub dialogues: Vec<SourceFile>,
}

impl Package {
    /// The package in `dir` (a directory holding `statement.toml`).
    pub fn read(dir: &Path) -> Result<Package, PackageError> {
        let read = |path: &Path| -> Result<SourceFile, PackageError> {
            let bytes = std::fs::read(path).map_err(|source| PackageError::Read {
                path: path.display().to_string(),
                source,
            })?;
            Ok(SourceFile {
                name: path.display().to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        };
        let mut files = Vec::new();
        for name in FILES {
            files.push(read(&dir.join(name))?);
        }
        for name in OPTIONAL_FILES {
            let path = dir.join(name);
            if path.exists() {
                files.push(read(&path)?);
            }
        }
        let translations = dir.join(TRANSLATIONS_DIR);
        if translations.is_dir() {
            for path in sorted_files(&translations, "toml")? {
                files.push(read(&path)?);
            }
        }
        let mut dialogues = Vec::new();
        let dialogue_dir = dir.join(DIALOGUES);
        if dialogue_dir.is_dir() {
            for path in sorted_files(&dialogue_dir, "dialogue")? {
                dialogues.push(read(&path)?);
            }
        }
        let id = dir
            .canonicalize()
            .unwrap_or_else(|_| dir.to_path_buf())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Package {
            id,
            dir: Some(dir.to_path_buf()),
            files,
            dialogues,
        })
    }

    /// The package `id` compiled into the binary, with the dialogues under `dialogues` (the
    /// repository's `knowledge/<id>/dialogues`) when that directory exists.
    pub fn embedded(id: &str, dialogues: Option<&Path>) -> Option<Package> {
        let files = knowledge::embedded_package_files(id);
        if files.is_empty() {
            return None;
        }
        let dialogues = dialogues
            .filter(|d| d.is_dir())
            .and_then(|d| sorted_files(d, "dialogue").ok())
            .unwrap_or_default()
            .iter()
            .filter_map(|path| {
                Some(SourceFile {
                    name: path.display().to_string(),
                    text: std::fs::read_to_string(path).ok()?,
                })
            })
            .collect();
        Some(Package {
            id: id.to_string(),
            dir: None,
            files,
            dialogues,
        })
    }

    /// The file whose name ends with `/name` (or is `name`).
    pub fn file(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| is_named(&f.name, name))
    }

    /// The package's source text (`source.txt`), if it has one.
    pub fn source_text(&self) -> Option<&str> {
        self.file(knowledge::SOURCE_FILE).map(|f| f.text.as_str())
    }

    /// The package loaded by the core's loader with the language packs `languages`.
    pub fn knowledge(&self, languages: &[Arc<Language>]) -> Result<Knowledge, LoadError> {
        knowledge::parse_package(&self.files, languages)
    }

    /// A copy of the package with `change` made.
    pub fn with(&self, change: &Change) -> Result<Package, PackageError> {
        let mut package = self.clone();
        let name = change.file();
        let position = package.files.iter().position(|f| is_named(&f.name, name));
        let (text, file_name) = match position.and_then(|p| package.files.get(p)) {
            Some(file) => (file.text.clone(), file.name.clone()),
            // a package without vocabulary.toml gets one
            None => (String::new(), self.sibling_name(name)),
        };
        let edited = edit(&file_name, &text, change)?;
        match position.and_then(|p| package.files.get_mut(p)) {
            Some(file) => file.text = edited,
            None => package.files.push(SourceFile {
                name: file_name,
                text: edited,
            }),
        }
        Ok(package)
    }

    /// The name a new file `name` of the package gets (beside its `statement.toml`).
    fn sibling_name(&self, name: &str) -> String {
        let statement = self
            .file("statement.toml")
            .map(|f| f.name.as_str())
            .unwrap_or("statement.toml");
        let dir = statement.strip_suffix("statement.toml").unwrap_or("");
        format!("{dir}{name}")
    }

    /// The files that differ from `before`'s: (name, new text).
    pub fn changed_since<'a>(&'a self, before: &Package) -> Vec<&'a SourceFile> {
        self.files
            .iter()
            .filter(|f| {
                before
                    .files
                    .iter()
                    .find(|b| b.name == f.name)
                    .is_none_or(|b| b.text != f.text)
            })
            .collect()
    }
}

fn is_named(file: &str, name: &str) -> bool {
    file == name
        || file
            .strip_suffix(name)
            .is_some_and(|dir| dir.ends_with('/') || dir.ends_with('\\'))
}

/// The files of `dir` with extension `ext`, sorted (subdirectories searched too).
fn sorted_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, PackageError> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| PackageError::Read {
            path: dir.display().to_string(),
            source,
        })?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `text` (the file `file`) with `change` made, its comments and layout kept.
pub fn edit(file: &str, text: &str, change: &Change) -> Result<String, PackageError> {
    let mut doc: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| PackageError::Toml {
                file: file.to_string(),
                reason: e.message().to_string(),
            })?;
    let shape = |what: &str, expected: &str| PackageError::Shape {
        file: file.to_string(),
        what: what.to_string(),
        expected: expected.to_string(),
    };
    match change {
        Change::Synonym {
            canonical,
            word,
            new_group,
        } => {
            if doc.get("synonyms").is_none() {
                let mut groups = Array::new();
                groups.set_trailing("\n");
                groups.set_trailing_comma(true);
                doc.insert("synonyms", Item::Value(Value::Array(groups)));
            }
            let groups = doc
                .get_mut("synonyms")
                .and_then(Item::as_array_mut)
                .ok_or_else(|| shape("synonyms", "an array of groups"))?;
            if *new_group {
                let mut group = Array::new();
                group.push(canonical.as_str());
                group.push(word.as_str());
                let mut value = Value::Array(group);
                value.decor_mut().set_prefix("\n  ");
                groups.push_formatted(value);
                groups.set_trailing("\n");
                groups.set_trailing_comma(true);
            } else {
                let group = groups
                    .iter_mut()
                    .filter_map(Value::as_array_mut)
                    .find(|g| g.get(0).and_then(Value::as_str) == Some(canonical.as_str()))
                    .ok_or_else(|| {
                        shape(
                            &format!("synonym group {canonical:?}"),
                            "a group whose first entry it is",
                        )
                    })?;
                push_new(group, word);
            }
        }
        Change::Keyword { fact, word } => {
            push_to_fact(&mut doc, fact, "keywords", word)
                .map_err(|missing| shape(&missing.name(fact), "[[fact]] with that id"))?;
        }
        Change::Example { fact, question } => {
            push_to_fact(&mut doc, fact, "examples", question)
                .map_err(|missing| shape(&missing.name(fact), "[[fact]] with that id"))?;
        }
    }
    Ok(doc.to_string())
}

/// Adds `value` to the array `key` of the fact `id` (creating the array when the fact has none).
fn push_to_fact(doc: &mut DocumentMut, id: &str, key: &str, value: &str) -> Result<(), Missing> {
    let facts = doc
        .get_mut("fact")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(Missing::Facts)?;
    let table = facts
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        .ok_or(Missing::Fact)?;
    match table.get_mut(key).and_then(Item::as_array_mut) {
        Some(array) => push_new(array, value),
        None => {
            let mut array = Array::new();
            array.push(value);
            table.insert(key, Item::Value(Value::Array(array)));
        }
    }
    Ok(())
}

/// What a `facts.toml` lacks for a change to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// The file has no `[[fact]]` tables.
    Facts,
    /// No fact has the id.
    Fact,
}

impl Missing {
    /// What is missing, for the error: `[[fact]]`, or `fact "ID"`.
    fn name(self, id: &str) -> String {
        match self {
            Missing::Facts => "[[fact]]".to_string(),
            Missing::Fact => format!("fact {id:?}"),
        }
    }
}

/// Adds `value` to `array` unless it is there already.
fn push_new(array: &mut Array, value: &str) {
    if !array.iter().any(|v| v.as_str() == Some(value)) {
        array.push(value);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const VOCABULARY_TEXT: &str = "# the statement's words\nsynonyms = [\n  [\"fta\", \"trade deal\"], # trade\n  [\"mou\", \"memorandum\"],\n]\ngeneric = [\"bilateral\"]\n";

    const FACTS_TEXT: &str = "# facts\n\n[[fact]]\nid = \"a\" # first\ntopic = \"t\"\nkeywords = [\"x\"]\n\n[[fact]]\nid = \"b\"\ntopic = \"t\"\n";

    #[test]
    fn synonyms_are_added_with_comments_and_layout_kept() {
        let change = Change::Synonym {
            canonical: "fta".into(),
            word: "commerce pact".into(),
            new_group: false,
        };
        let out = edit(VOCABULARY, VOCABULARY_TEXT, &change).unwrap();
        assert_eq!(
            out,
            "# the statement's words\nsynonyms = [\n  [\"fta\", \"trade deal\", \"commerce pact\"], # trade\n  [\"mou\", \"memorandum\"],\n]\ngeneric = [\"bilateral\"]\n"
        );
        let change = Change::Synonym {
            canonical: "storage".into(),
            word: "stockpiling".into(),
            new_group: true,
        };
        let out = edit(VOCABULARY, &out, &change).unwrap();
        assert!(
            out.contains("  [\"mou\", \"memorandum\"],\n  [\"storage\", \"stockpiling\"],\n]\n"),
            "{out}"
        );
        // the same word twice is added once
        let again = edit(
            VOCABULARY,
            VOCABULARY_TEXT,
            &Change::Synonym {
                canonical: "fta".into(),
                word: "trade deal".into(),
                new_group: false,
            },
        )
        .unwrap();
        assert_eq!(again, VOCABULARY_TEXT);
    }

    #[test]
    fn keywords_and_examples_go_to_their_fact() {
        let out = edit(
            FACTS,
            FACTS_TEXT,
            &Change::Keyword {
                fact: "a".into(),
                word: "y".into(),
            },
        )
        .unwrap();
        let out = edit(
            FACTS,
            &out,
            &Change::Example {
                fact: "b".into(),
                question: "What about \"b\"?".into(),
            },
        )
        .unwrap();
        assert!(
            out.starts_with("# facts\n\n[[fact]]\nid = \"a\" # first\n"),
            "{out}"
        );
        assert!(out.contains("keywords = [\"x\", \"y\"]"), "{out}");
        assert!(out.contains("examples = ['What about \"b\"?']"), "{out}");
        let missing = edit(
            FACTS,
            FACTS_TEXT,
            &Change::Keyword {
                fact: "zzz".into(),
                word: "y".into(),
            },
        );
        assert!(missing.unwrap_err().to_string().contains("fact \"zzz\""));
    }

    #[test]
    fn an_edited_embedded_package_still_loads() {
        let package = Package::embedded("malaysia-south-korea-2024", None).unwrap();
        let languages = knowledge::embedded_languages().unwrap();
        let changed = package
            .with(&Change::Keyword {
                fact: "fta-deadline".into(),
                word: "commerce pact".into(),
            })
            .unwrap();
        let knowledge = changed.knowledge(&languages).unwrap();
        let fact = knowledge.fact("fta-deadline").unwrap();
        assert!(fact.keywords.contains(&"commerce pact".to_string()));
        assert_eq!(changed.changed_since(&package).len(), 1);
    }
}
