//! The engine's answers as data: every file under `tests/cases/` is a dialogue script of one-turn
//! conversations (`<= FACT > QUESTION`, `<? > QUESTION`, `<~ > MESSAGE`, ...), run by the same
//! runner as `communique test`. Each case names one expected outcome; known gaps run too and fail
//! the test once they pass. Every failure is reported with its file and line, the expectation and
//! what the engine said.

use communique::Knowledge;
use communique::cli::run_dialogues;

use crate::helpers::{repo_path, show};

#[test]
fn every_engine_case_gets_its_expected_outcome() {
    let engine = crate::helpers::engine_of(Knowledge::embedded().unwrap());
    let mut report = Vec::new();
    let outcome = run_dialogues(&engine, &[repo_path("tests/cases")], &mut report).unwrap();
    let report = String::from_utf8_lossy(&report);
    assert_eq!(outcome.failed(), 0, "\n{report}");
    // One turn per conversation: no context can help or hurt an engine case.
    assert_eq!(
        outcome.tally.turns, outcome.tally.conversations,
        "\n{report}"
    );
    assert!(outcome.tally.conversations >= 350, "\n{report}");
    show(&format!(
        "engine cases: {} cases, {}",
        outcome.tally.conversations,
        outcome.summary()
    ));
}
