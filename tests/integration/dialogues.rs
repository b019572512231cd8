//! Scripted dialogues: every file under `knowledge/malaysia-south-korea-2024/dialogues/` passes
//! through the same runner as `communique test`, and a failing or malformed script, a follow-up
//! that passes without its context and a known gap that passes give a readable report.

use std::path::PathBuf;

use communique::Knowledge;
use communique::cli::{dialogue_files, run_dialogues};

use crate::helpers::{assert_contains, assert_lacks, repo_path, run, show};

/// How many turns of the package's dialogues are known gaps today (see `engine_cases.rs`'s
/// `KNOWN_GAPS`: changed only by the commit that adds or fixes one).
const KNOWN_GAPS: usize = 21;

#[test]
fn every_scripted_dialogue_passes() {
    let engine = crate::helpers::engine_of(Knowledge::embedded().unwrap());
    let mut report = Vec::new();
    let outcome = run_dialogues(
        &engine,
        &[repo_path("knowledge/malaysia-south-korea-2024/dialogues")],
        &mut report,
    )
    .unwrap();
    let report = String::from_utf8_lossy(&report);
    assert_eq!(outcome.failed(), 0, "\n{report}");
    assert_eq!(
        outcome.known_gaps.len(),
        KNOWN_GAPS,
        "the number of known gaps changed: fix a broken turn rather than mark it `gap`\n{report}"
    );
    // The package's scripts really test conversations: enough checks, and follow-ups among them
    // (each of which must also fail when asked without its context).
    assert!(
        outcome.passed >= 100,
        "only {} checks passed",
        outcome.passed
    );
    assert!(
        outcome.tally.follow_ups >= 20,
        "only {} follow-ups",
        outcome.tally.follow_ups
    );
    show(&format!(
        "package dialogues: {}; {}",
        outcome.tally,
        outcome.summary()
    ));
}

#[test]
fn there_are_at_least_fifteen_dialogues() {
    let files =
        dialogue_files(&[repo_path("knowledge/malaysia-south-korea-2024/dialogues")]).unwrap();
    assert!(files.len() >= 15, "{files:?}");
}

/// Every expectation of the package's dialogues names one fact: they also run as Botium convos
/// against `serve` (`tests/botium/convert.mjs`), and Botium has no asserter for one of several
/// facts, so a `<= A | B` there fails only CI's browser step, long after `cargo test`.
#[test]
fn every_package_dialogue_expectation_names_one_fact() {
    let dir = repo_path("knowledge/malaysia-south-korea-2024/dialogues");
    let mut several = Vec::new();
    for file in dialogue_files(&[dir]).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let facts = line
                .strip_prefix("<=")
                .filter(|rest| !rest.starts_with('?'));
            if facts.is_some_and(|facts| facts.contains('|')) {
                several.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(
        several.is_empty(),
        "name one fact per expectation (the one the reply gives):\n{}",
        several.join("\n")
    );
}

#[test]
fn a_failing_dialogue_is_reported_by_file_line_expectation_and_reply() {
    let path = repo_path("tests/fixtures/dialogues/failing.dialogue");
    let (code, stdout, stderr) = run(&["test", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "stderr: {stderr}");
    assert_contains(
        &stdout,
        "failing.dialogue:4: expected < shipbuilding\n    after: > By when should the FTA talks wrap up?\n    got:   ",
    );
    assert_contains(&stdout, "failing.dialogue:5: expected <! 2025");
    assert_contains(&stdout, "failing.dialogue:6: expected <= climate-dialogue");
    assert_contains(&stdout, "(fact: fta-deadline)");
    assert!(
        stdout
            .trim_end()
            .ends_with("1 file: 2 conversations, 2 turns (0 follow-ups), 5 expectations\n2 passed, 3 failed, 0 known gaps"),
        "{stdout}"
    );
    assert_contains(&stderr, "3 dialogue check(s) failed");
}

#[test]
fn a_follow_up_that_passes_alone_and_a_known_gap_that_passes_both_fail() {
    let path = repo_path("tests/fixtures/dialogues/context_and_gaps.dialogue");
    let (code, stdout, _) = run(&["test", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "{stdout}");
    assert_contains(
        &stdout,
        "context_and_gaps.dialogue:5: follow-up passes without context\n    asked alone: > and gaza?\n    got:   ",
    );
    assert_contains(
        &stdout,
        "context_and_gaps.dialogue:15: known gap passes: all its expectations hold now",
    );
    // The gap that still fails is listed, not counted as a failure.
    assert_contains(
        &stdout,
        "context_and_gaps.dialogue:17: known gap: expected <= fta-deadline\n    after: > Which city is the capital of Peru?",
    );
    // The follow-up that needs its context (line 11) passes both of its checks.
    assert_lacks(&stdout, "context_and_gaps.dialogue:11:");
    assert!(
        stdout
            .trim_end()
            .ends_with("5 passed, 2 failed, 1 known gap"),
        "{stdout}"
    );
}

#[test]
fn a_malformed_dialogue_names_every_bad_line() {
    let path = repo_path("tests/fixtures/dialogues/malformed.dialogue");
    let (code, stdout, _) = run(&["test", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert_contains(
        &stdout,
        "malformed.dialogue:1: `< a reply before any message` comes before any `> message`",
    );
    assert_contains(
        &stdout,
        "malformed.dialogue:2: this message has no expectation, so it checks nothing",
    );
    assert_contains(&stdout, "malformed.dialogue:3: `<?` takes no text");
    assert_contains(&stdout, "malformed.dialogue:4: unknown line \"frobnicate\"");
    assert!(
        stdout
            .trim_end()
            .ends_with("0 passed, 4 failed, 0 known gaps"),
        "{stdout}"
    );
}

#[test]
fn test_runs_the_default_directory_and_rejects_missing_paths() {
    let output = crate::helpers::communique()
        .arg("test")
        .current_dir(repo_path(""))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert_contains(&stdout, " passed, 0 failed, ");
    let (code, _, stderr) = run(&["test", "/nonexistent/x.dialogue"], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "cannot read /nonexistent/x.dialogue");
    let empty = tempfile::tempdir().unwrap();
    let dir: PathBuf = empty.path().to_path_buf();
    let (code, _, stderr) = run(&["test", dir.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "no *.dialogue files found");
}
