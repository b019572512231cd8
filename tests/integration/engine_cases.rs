//! The engine's answers as data: every file under `tests/cases/` is a dialogue script of one-turn
//! conversations (`<= FACT > QUESTION`, `<? > QUESTION`, `<~ > MESSAGE`, ...), run by the same
//! runner as `communique test`. Each case names one expected outcome; known gaps run too and fail
//! the test once they pass. Every failure is reported with its file and line, the expectation and
//! what the engine said.

use communique::Knowledge;
use communique::cli::run_dialogues;

use crate::helpers::{repo_path, show};

/// How many engine cases are known gaps today. A case that starts failing cannot hide as a new
/// `gap`: change this number only in the commit that adds a round of cases (whose first-contact
/// failures become gaps) or fixes one, and say which in the commit.
const KNOWN_GAPS: usize = 81;

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
    assert_eq!(
        outcome.known_gaps.len(),
        KNOWN_GAPS,
        "the number of known gaps changed: a gap fixed lowers KNOWN_GAPS, a new round's \
         first-contact failures raise it; a case that broke must be fixed, not marked `gap`\n{report}"
    );
    show(&format!(
        "engine cases: {} cases, {}",
        outcome.tally.conversations,
        outcome.summary()
    ));
}
