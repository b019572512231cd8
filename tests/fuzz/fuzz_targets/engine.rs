//! Fuzz target: arbitrary bytes as a conversation with the engine over the built-in knowledge.
//!
//! The bytes are decoded lossily (as every front end does), run through the normaliser, then split
//! at line breaks into messages of one conversation. Nothing may panic, and every reply must pass
//! `communique::invariants::check_reply`, the checker the property tests use too.
#![no_main]

use std::sync::OnceLock;

use communique::engine::Engine;
use communique::invariants::check_reply;
use communique::text::{self, MAX_TOKEN_CHARS, MAX_TOKENS};
use communique::{Conversation, Knowledge};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Knowledge::embedded() {
        Ok(knowledge) => match communique::languages::engine(knowledge) {
            Ok(engine) => engine,
            Err(err) => panic!("the built-in language packs cannot be read with: {err}"),
        },
        Err(err) => panic!("the built-in knowledge is invalid: {err}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);

    let tokens = text::tokenize(&input);
    assert!(tokens.len() <= MAX_TOKENS);
    assert!(
        tokens
            .iter()
            .all(|t| !t.is_empty() && t.chars().count() <= MAX_TOKEN_CHARS)
    );
    let cut = text::truncate_chars(&input, 100);
    assert!(cut.chars().count() <= 100);

    let engine = engine();
    let mut conversation = Conversation::default();
    for message in input.split('\n').take(8) {
        let reply = engine.respond(&mut conversation, message);
        if let Err(violation) = check_reply(engine, &reply) {
            panic!("{violation}: {message:?} -> {reply:?}");
        }
    }
});
