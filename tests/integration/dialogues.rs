//! Scripted dialogues: every file under `knowledge/malaysia-south-korea-2024/dialogues/` passes through the same runner as
//! `communique test`, and a failing or malformed script gives a readable report.

use std::path::PathBuf;

use communique::cli::{dialogue_files, run_dialogues};
use communique::{Engine, Knowledge};

use crate::helpers::{assert_contains, repo_path, run};

#[test]
fn every_scripted_dialogue_passes() {
    let engine = Engine::new(Knowledge::embedded().unwrap());
    let mut report = Vec::new();
    let outcome = run_dialogues(
        &engine,
        &[repo_path("knowledge/malaysia-south-korea-2024/dialogues")],
        &mut report,
    )
    .unwrap();
    let report = String::from_utf8_lossy(&report);
    assert_eq!(outcome.failed(), 0, "\n{report}");
    assert!(
        outcome.passed >= 80,
        "only {} expectations ran",
        outcome.passed
    );
}

#[test]
fn there_are_at_least_fifteen_dialogues() {
    let files =
        dialogue_files(&[repo_path("knowledge/malaysia-south-korea-2024/dialogues")]).unwrap();
    assert!(files.len() >= 15, "{files:?}");
}

#[test]
fn a_failing_dialogue_is_reported_by_file_line_expectation_and_reply() {
    let path = repo_path("tests/fixtures/dialogues/failing.dialogue");
    let (code, stdout, stderr) = run(&["test", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "stderr: {stderr}");
    assert_contains(
        &stdout,
        "failing.dialogue:4: expected < shipbuilding\n    after: > When will the FTA negotiations conclude?\n    got:   ",
    );
    assert_contains(&stdout, "failing.dialogue:5: expected <! 2025");
    assert_contains(&stdout, "failing.dialogue:6: expected <= climate-dialogue");
    assert_contains(&stdout, "(fact: fta-deadline)");
    assert!(
        stdout.trim_end().ends_with("2 passed, 3 failed"),
        "{stdout}"
    );
    assert_contains(&stderr, "3 dialogue expectation(s) failed");
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
    assert_contains(&stdout, "malformed.dialogue:3: `<?` takes no text");
    assert_contains(&stdout, "malformed.dialogue:4: unknown line \"frobnicate\"");
    assert!(
        stdout.trim_end().ends_with("0 passed, 3 failed"),
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
    assert!(stdout.trim_end().ends_with(" 0 failed"), "{stdout}");
    let (code, _, stderr) = run(&["test", "/nonexistent/x.dialogue"], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "cannot read /nonexistent/x.dialogue");
    let empty = tempfile::tempdir().unwrap();
    let dir: PathBuf = empty.path().to_path_buf();
    let (code, _, stderr) = run(&["test", dir.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "no *.dialogue files found");
}
