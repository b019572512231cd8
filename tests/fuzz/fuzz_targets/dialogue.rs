//! Fuzz target: arbitrary bytes as a dialogue script (the `*.dialogue` format).
//!
//! Parsing must never panic and must locate every error on a line of the text; a script that parses
//! must run against the built-in engine without panicking, each check passing, failing or staying a
//! known gap exactly once.
#![no_main]

use std::sync::OnceLock;

use communique::dialogue::{Outcome, parse, run};
use communique::{Engine, Knowledge};
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
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    match parse("fuzz.dialogue", &text) {
        Err(err) => {
            assert!(!err.errors.is_empty());
            for error in &err.errors {
                assert!(error.line >= 1 && error.line <= lines, "{error}");
            }
        }
        Ok(script) => {
            let checks = script.check_count();
            let mut outcome = Outcome::default();
            run(engine(), &script, &mut outcome);
            let counted = outcome.passed + outcome.failures.len() + outcome.known_gaps.len();
            assert_eq!(counted, checks);
        }
    }
});
