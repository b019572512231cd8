//! A snapshot of the binary's own knowledge: its language packs and statement packages as the
//! loader parsed and checked them, and the indexes built over them, in postcard's compact binary
//! form of the types' own serde form (reading it back is a fraction of parsing, checking and
//! indexing again, and it needs no schema of its own; as JSON, reading it back took twice the
//! instructions). The types written without field names must write every field: see
//! [`crate::knowledge::compact`] for those whose files leave some out. The `communique-snapshot` crate's build script writes it with
//! [`Snapshot::of_embedded`] (the real loader and indexer) and start-up reads it back with
//! [`Snapshot::from_bytes`]. The large texts a pack lends in place (the lexicon, the word tables)
//! are kept as the names of the embedded files they are, so a snapshot only makes sense to the
//! binary whose knowledge it was made from; a `--knowledge DIR` is always read from its files.
//!
//! An index is kept only where the build makes the one start-up would: a language layer whose
//! stemmer is the core's own, and the indexes over it (see [`LanguageIndex::layer`]); start-up
//! builds any other.
//! The tables a process of many questions builds on first use are kept built: each kept layer's
//! typo index, and the line indexes of the packs' lexicons and word lists (their number tables as
//! runs of bytes, read back with one copy each).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::{Index, IndexLayer, LanguageIndex, LanguageLayer};
use crate::knowledge::{
    Fact, Intent, Knowledge, Language, LoadError, SourceFile, Statement, SynonymGroup, Topic,
    Translation, embedded_languages,
};
use crate::lang::{Lang, Toolkit};

/// The binary's knowledge, loaded and checked, and what of its indexes the snapshot keeps.
#[derive(Debug)]
pub struct Snapshot {
    /// The language packs.
    pub languages: Vec<Arc<Language>>,
    /// The packages, each holding its packs from `languages`.
    pub packages: Vec<Knowledge>,
    /// Per language pack (in the order of `languages`), its shared index layer, if kept.
    pub language_layers: Vec<Option<LanguageLayer>>,
    /// Per package (in the order of `packages`), its index, if kept.
    pub index_layers: Vec<Option<IndexLayer>>,
}

/// A snapshot in its written form: the knowledge, and the indexes (read side by side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotBytes {
    pub knowledge: Vec<u8>,
    pub indexes: Vec<u8>,
}

/// A snapshot that cannot be written or read back.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("the knowledge snapshot cannot be written")]
    Write(#[source] postcard::Error),
    #[error("the knowledge snapshot cannot be read (is it from another build?)")]
    Read(#[source] postcard::Error),
    #[error(
        "the knowledge snapshot's package {package:?} is written in {lang}, a language it lacks"
    )]
    NoLanguage { package: String, lang: Lang },
    #[error("the knowledge snapshot's indexes are not those of its knowledge")]
    Mismatch,
}

/// The knowledge as written.
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Stored {
    languages: Vec<Language>,
    packages: Vec<StoredPackage>,
}

/// The indexes as written.
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct StoredIndexes {
    language_layers: Vec<Option<LanguageLayer>>,
    index_layers: Vec<Option<IndexLayer>>,
}

/// A package as written: its language packs by code (they are written once, beside it), and
/// what the loader fills in beyond the files' fields.
#[derive(Serialize, Deserialize)]
struct StoredPackage {
    id: String,
    statement: Statement,
    topics: Vec<Topic>,
    #[serde(with = "crate::knowledge::compact::facts")]
    facts: Vec<Fact>,
    synonyms: Vec<SynonymGroup>,
    generic: Vec<String>,
    #[serde(with = "crate::knowledge::compact::intents")]
    intents: Vec<Intent>,
    source: Option<SourceFile>,
    language: Lang,
    translations: Vec<StoredTranslation>,
    fact_lines: Vec<usize>,
}

/// A translation as written, with what the loader fills in beyond the file's fields.
#[derive(Serialize, Deserialize)]
struct StoredTranslation {
    translation: Translation,
    lang: Lang,
    code: String,
    file: String,
    fact_lines: Vec<usize>,
}

impl Snapshot {
    /// The binary's knowledge, loaded by the loader every start-up without a snapshot uses, and
    /// indexed as start-up indexes it.
    pub fn of_embedded() -> Result<Snapshot, LoadError> {
        let languages = embedded_languages()?;
        // (the lexicons' line indexes are kept too: a process of many questions builds them)
        for language in &languages {
            language.warm_up();
        }
        let packages = Knowledge::embedded_with(&languages)?;
        let shared: Vec<Option<Arc<LanguageIndex>>> = languages
            .iter()
            .map(|language| {
                let index = LanguageIndex::new(language, &Toolkit::default());
                index.layer().map(|_| Arc::new(index))
            })
            .collect();
        let index_layers = packages
            .iter()
            .map(|knowledge| {
                let shared = shared
                    .iter()
                    .flatten()
                    .find(|s| Arc::ptr_eq(s.language(), &knowledge.language))?;
                Some(Index::build_over(knowledge, shared).layer())
            })
            .collect();
        let language_layers = shared
            .iter()
            .map(|index| index.as_ref().and_then(|index| index.layer()))
            .collect();
        Ok(Snapshot {
            languages,
            packages,
            language_layers,
            index_layers,
        })
    }

    /// The snapshot in its written form.
    pub fn to_bytes(&self) -> Result<SnapshotBytes, SnapshotError> {
        let knowledge = Stored {
            languages: self.languages.iter().map(|l| Language::clone(l)).collect(),
            packages: self.packages.iter().map(StoredPackage::of).collect(),
        };
        let indexes = StoredIndexes {
            language_layers: self.language_layers.clone(),
            index_layers: self.index_layers.clone(),
        };
        Ok(SnapshotBytes {
            knowledge: postcard::to_stdvec(&knowledge).map_err(SnapshotError::Write)?,
            indexes: postcard::to_stdvec(&indexes).map_err(SnapshotError::Write)?,
        })
    }

    /// The snapshot written as `knowledge` and `indexes` ([`Snapshot::to_bytes`] of the same
    /// build), the two read side by side. Both are the binary's own bytes: the lookup tables in
    /// them are lent in place, not copied ([`crate::numbers`]).
    pub fn from_bytes(
        knowledge: &'static [u8],
        indexes: &'static [u8],
    ) -> Result<Snapshot, SnapshotError> {
        let read_indexes =
            || postcard::from_bytes::<StoredIndexes>(indexes).map_err(SnapshotError::Read);
        let (stored, stored_indexes) = std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .spawn_scoped(scope, read_indexes)
                .ok();
            let stored = postcard::from_bytes::<Stored>(knowledge).map_err(SnapshotError::Read);
            // (a helper that could not start or failed: the indexes are read here)
            let indexes = helper
                .and_then(|h| h.join().ok())
                .unwrap_or_else(read_indexes);
            (stored, indexes)
        });
        let (stored, stored_indexes) = (stored?, stored_indexes?);
        if stored_indexes.language_layers.len() != stored.languages.len()
            || stored_indexes.index_layers.len() != stored.packages.len()
        {
            return Err(SnapshotError::Mismatch);
        }
        let languages: Vec<Arc<Language>> = stored.languages.into_iter().map(Arc::new).collect();
        let packages = stored
            .packages
            .into_iter()
            .map(|package| package.into_knowledge(&languages))
            .collect::<Result<_, _>>()?;
        Ok(Snapshot {
            languages,
            packages,
            language_layers: stored_indexes.language_layers,
            index_layers: stored_indexes.index_layers,
        })
    }
}

impl StoredPackage {
    fn of(knowledge: &Knowledge) -> StoredPackage {
        StoredPackage {
            id: knowledge.id.clone(),
            statement: knowledge.statement.clone(),
            topics: knowledge.topics.clone(),
            facts: knowledge.facts.clone(),
            synonyms: knowledge.synonyms.clone(),
            generic: knowledge.generic.clone(),
            intents: knowledge.intents.clone(),
            source: knowledge.source.clone(),
            language: knowledge.language.info.code,
            translations: knowledge
                .translations
                .iter()
                .map(|(translation, language)| StoredTranslation {
                    translation: translation.clone(),
                    lang: language.info.code,
                    code: translation.code.clone(),
                    file: translation.file.clone(),
                    fact_lines: translation.fact.iter().map(|f| f.line).collect(),
                })
                .collect(),
            fact_lines: knowledge.facts.iter().map(|f| f.line).collect(),
        }
    }

    /// The package, holding the very packs of `languages` (engines share an index layer per
    /// pack, found by identity).
    fn into_knowledge(self, languages: &[Arc<Language>]) -> Result<Knowledge, SnapshotError> {
        let id = self.id.clone();
        let pack = |lang: Lang| {
            languages
                .iter()
                .find(|l| l.info.code == lang)
                .cloned()
                .ok_or_else(|| SnapshotError::NoLanguage {
                    package: id.clone(),
                    lang,
                })
        };
        let language = pack(self.language)?;
        let translations = self
            .translations
            .into_iter()
            .map(|stored| {
                let mut translation = stored.translation;
                translation.code = stored.code;
                translation.file = stored.file;
                for (fact, line) in translation.fact.iter_mut().zip(stored.fact_lines) {
                    fact.line = line;
                }
                Ok((translation, pack(stored.lang)?))
            })
            .collect::<Result<_, SnapshotError>>()?;
        let mut facts = self.facts;
        for (fact, line) in facts.iter_mut().zip(self.fact_lines) {
            fact.line = line;
        }
        Ok(Knowledge {
            id: self.id,
            statement: self.statement,
            topics: self.topics,
            facts,
            synonyms: self.synonyms,
            generic: self.generic,
            intents: self.intents,
            source: self.source,
            language,
            translations,
        })
    }
}
