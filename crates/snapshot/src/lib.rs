//! The built-in knowledge as a snapshot: loaded, checked and indexed by the core when this crate
//! is built (`build.rs`), read back at start-up in a fraction of the time that parsing, checking
//! and indexing take. The snapshot is part of the build: it always holds the knowledge the core
//! crate embeds, and the tests check it against loading and indexing that knowledge afresh.

use communique_core::snapshot::{Snapshot, SnapshotError};

/// The snapshot's knowledge; empty when the built-in knowledge did not load at build time.
pub const KNOWLEDGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/knowledge.postcard"));

/// The snapshot's indexes.
pub const INDEXES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/indexes.postcard"));

/// The built-in knowledge, loaded, checked and indexed; `None` when the build made no snapshot
/// (the knowledge did not load: load it from the files, which reports why).
pub fn embedded() -> Option<Result<Snapshot, SnapshotError>> {
    (!KNOWLEDGE.is_empty()).then(|| Snapshot::from_bytes(KNOWLEDGE, INDEXES))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::Arc;

    use communique_core::engine::{Engine, Index, LanguageIndex};
    use communique_core::{Conversation, Toolkit};

    use super::*;

    /// The snapshot is what loading and indexing the built-in knowledge gives now, byte for byte.
    #[test]
    fn the_snapshot_is_the_knowledge_loaded_afresh() {
        let fresh = Snapshot::of_embedded().expect("the built-in knowledge loads");
        assert!(!KNOWLEDGE.is_empty(), "the build made no snapshot");
        let bytes = fresh.to_bytes().unwrap();
        assert!(
            bytes.knowledge == KNOWLEDGE,
            "the snapshot's knowledge is stale"
        );
        assert!(bytes.indexes == INDEXES, "the snapshot's indexes are stale");
    }

    /// Read back, the snapshot holds the same packs, packages and indexes (each package holding
    /// the very packs of the snapshot's list), and it writes the same snapshot again.
    #[test]
    fn the_snapshot_reads_back_into_the_same_knowledge() {
        let snapshot = embedded().unwrap().unwrap();
        assert!(
            snapshot.index_layers.iter().all(Option::is_some),
            "an index is not kept"
        );
        for package in &snapshot.packages {
            assert!(
                snapshot
                    .languages
                    .iter()
                    .any(|l| Arc::ptr_eq(l, &package.language))
            );
            for (_, language) in &package.translations {
                assert!(snapshot.languages.iter().any(|l| Arc::ptr_eq(l, language)));
            }
        }
        // (maps are written in key order, so the bytes are the same whatever order a map was
        // filled in)
        let again = snapshot.to_bytes().unwrap();
        assert!(
            again.knowledge == KNOWLEDGE,
            "the knowledge reads back changed"
        );
        assert!(again.indexes == INDEXES, "the indexes read back changed");
    }

    /// An engine over the snapshot's indexes answers as one built afresh: each fact's label,
    /// keywords and examples asked as they are and with a letter dropped (the typo index is built
    /// from the snapshot's words), and a few questions no fact answers.
    #[test]
    fn an_engine_from_the_snapshot_answers_as_one_built_afresh() {
        let mut snapshot = embedded().unwrap().unwrap();
        let toolkit = Toolkit::default();
        for (package, layer) in snapshot
            .packages
            .drain(..)
            .zip(snapshot.index_layers.drain(..))
        {
            let position = snapshot
                .languages
                .iter()
                .position(|l| Arc::ptr_eq(l, &package.language))
                .unwrap();
            let language = Arc::clone(&package.language);
            let shared = Arc::new(
                LanguageIndex::from_layer(
                    snapshot.language_layers[position].clone().unwrap(),
                    &language,
                    &toolkit,
                )
                .unwrap(),
            );
            let index = Index::from_layer(layer.unwrap(), &package, &shared).unwrap();
            let fresh = Engine::with_toolkit(package.clone(), &toolkit);
            let questions: Vec<String> = package
                .facts
                .iter()
                .flat_map(|f| [&f.label].into_iter().chain(&f.keywords).chain(&f.examples))
                .flat_map(|q| {
                    let typo: String = q
                        .chars()
                        .enumerate()
                        .filter(|(i, _)| *i != 3)
                        .map(|(_, c)| c)
                        .collect();
                    [q.clone(), typo]
                })
                .chain(
                    ["hello", "how many moons does jupiter have", "who wrote it?"]
                        .map(String::from),
                )
                .collect();
            let snapshot_engine = Engine::with_index_beside(package, &shared, index);
            for question in &questions {
                let got = snapshot_engine.respond(&mut Conversation::default(), question);
                let want = fresh.respond(&mut Conversation::default(), question);
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{question:?}");
            }
        }
    }
}
