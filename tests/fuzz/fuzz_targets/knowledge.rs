//! Fuzz target: arbitrary bytes as the four files of a knowledge directory.
//!
//! The bytes are split at NUL into statement.toml, facts.toml, vocabulary.toml and smalltalk.toml
//! (fewer parts leave files missing) and decoded lossily. Loading must never panic; a rejected
//! knowledge base names at least one problem, each with a line inside its file; an accepted one
//! must give an engine whose replies pass `communique::invariants::check_reply`.
#![no_main]

use std::sync::OnceLock;

use communique::invariants::check_reply;
use communique::knowledge::{FILES, OPTIONAL_FILES, SourceFile, embedded_languages, parse_knowledge};
use communique::{Engine, Toolkit};
use libfuzzer_sys::fuzz_target;

/// The language crates over the built-in language packs, built once.
fn toolkit() -> &'static Toolkit {
    static TOOLKIT: OnceLock<Toolkit> = OnceLock::new();
    TOOLKIT.get_or_init(|| {
        let languages = match embedded_languages() {
            Ok(languages) => languages,
            Err(err) => panic!("the built-in language packs are invalid: {err}"),
        };
        match communique::languages::toolkit(&languages) {
            Ok(toolkit) => toolkit,
            Err(err) => panic!("the built-in language packs cannot be read with: {err}"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let files: Vec<SourceFile> = data
        .split(|&b| b == 0)
        .zip(FILES.iter().chain(OPTIONAL_FILES.iter()))
        .map(|(bytes, name)| SourceFile {
            name: (*name).to_string(),
            text: String::from_utf8_lossy(bytes).into_owned(),
        })
        .collect();
    match parse_knowledge(&files) {
        Err(err) => {
            assert!(!err.problems.is_empty());
            for problem in &err.problems {
                assert!(!problem.message.is_empty());
                if let Some(line) = problem.line {
                    let file = files.iter().find(|f| f.name == problem.file);
                    let lines = file.map_or(1, |f| f.text.matches('\n').count() + 1);
                    assert!(
                        line >= 1 && line <= lines,
                        "{problem} (file has {lines} lines)"
                    );
                }
            }
        }
        Ok(knowledge) => {
            let questions: Vec<String> = knowledge
                .facts
                .iter()
                .flat_map(|f| f.examples.iter().cloned())
                .chain(["hello".to_string(), "what about it?".to_string()])
                .take(16)
                .collect();
            let engine = Engine::with_toolkit(knowledge, toolkit());
            for q in &questions {
                let reply = engine.answer(q);
                if let Err(violation) = check_reply(&engine, &reply) {
                    panic!("{violation}: {q:?} -> {reply:?}");
                }
            }
        }
    }
});
