//! Fuzz target: arbitrary bytes as a conversation with the engine over the built-in knowledge.
//!
//! The bytes are decoded lossily (as every front end does), run through the normaliser, then split
//! at line breaks into messages of one conversation. Nothing may panic, and every reply must be a
//! valid, bounded reply: a fact exactly for answers and clarifications, a non-empty text within
//! `MAX_REPLY_CHARS`, a score in 0..=1, and a rendered message within Telegram's 4096 characters.
#![no_main]

use std::sync::OnceLock;

use communique::cli::render;
use communique::engine::{Engine, ReplyKind};
use communique::limits::MAX_REPLY_CHARS;
use communique::text::{self, MAX_TOKEN_CHARS, MAX_TOKENS};
use communique::{Conversation, Knowledge};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Knowledge::embedded() {
        Ok(knowledge) => Engine::new(knowledge),
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
        let with_fact = matches!(reply.kind, ReplyKind::Answer | ReplyKind::Clarify);
        assert_eq!(reply.fact.is_some(), with_fact, "{message:?} -> {reply:?}");
        assert!(
            !reply.answer.trim().is_empty(),
            "{message:?} -> empty reply"
        );
        assert!(reply.answer.chars().count() <= MAX_REPLY_CHARS);
        assert!((0.0..=1.0).contains(&reply.score));
        assert!(render::text(&reply, engine.voice()).chars().count() <= 4096);
        assert!(!render::json(&reply).contains('\n'));
    }
});
