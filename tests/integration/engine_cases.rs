//! The engine's answers as data: every line of `tests/cases/*.txt` is `EXPECTED | QUESTION`, where
//! EXPECTED is a fact id (or several, comma-separated), `-` for the honest no-answer, or `~` for
//! small talk. All failures of a
//! file are reported together, each with its line, the expectation and what the engine said.

use communique::{Engine, Knowledge, ReplyKind};

use crate::helpers::repo_path;

struct Case {
    line: usize,
    expected: String,
    question: String,
}

fn cases(file: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(repo_path(file)).unwrap();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (expected, question) = line.split_once(" | ").unwrap_or_else(|| {
            panic!(
                "{file}:{}: expected `EXPECTED | QUESTION`, got {raw:?}",
                i + 1
            )
        });
        out.push(Case {
            line: i + 1,
            expected: expected.trim().to_string(),
            question: question.trim().to_string(),
        });
    }
    out
}

fn run_cases(file: &str) {
    let engine = Engine::new(Knowledge::embedded().unwrap());
    let all = cases(file);
    let mut failures = Vec::new();
    for case in &all {
        let reply = engine.answer(&case.question);
        let got = match (&reply.fact, reply.kind) {
            (Some(id), _) => id.clone(),
            (None, ReplyKind::SmallTalk) => "~".to_string(),
            (None, _) => "-".to_string(),
        };
        if !case.expected.split(',').any(|e| e.trim() == got) {
            failures.push(format!(
                "{file}:{}: {:?}\n    expected: {}\n    got:      {} ({:.3}) {:?}",
                case.line,
                case.question,
                case.expected,
                got,
                reply.score,
                communique::text::truncate_chars(&reply.answer, 120)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "\n{} of {} cases failed:\n{}\n",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn answers_in_scope_questions_from_the_right_fact() {
    run_cases("tests/cases/in_scope.txt");
}

#[test]
fn says_honestly_when_the_statement_does_not_say() {
    run_cases("tests/cases/out_of_scope.txt");
}

#[test]
fn small_talk_is_small_talk() {
    run_cases("tests/cases/small_talk.txt");
}
