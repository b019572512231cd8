//! The question log (`--log-questions FILE`): written by `batch`, `ask` and the REPL with one record
//! per question and what the bot decided; private (0600, masked, no ids). The Telegram bot's log
//! is tested in `telegram/question_log.rs`. Questions are worded for these tests.

use communique::review::Record;
use serde_json::Value;

use crate::helpers::run;

/// The records of the log at `path`.
pub fn records(path: &std::path::Path) -> Vec<Record> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const QUESTIONS: [&str; 5] = [
    "By what year should the free trade talks be done?",
    "What did they say about volcanoes?",
    "Who put their signature on the planned tourism MoU?",
    "thanks a lot",
    "Bilakah rundingan perdagangan bebas patut selesai?",
];

#[test]
fn batch_logs_every_question_with_its_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    let input = QUESTIONS.join("\n") + "\n";
    let (code, stdout, stderr) = run(
        &["batch", "--json", "--log-questions", log.to_str().unwrap()],
        &input,
    );
    assert_eq!(code, 0, "{stderr}");
    let replies: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let logged = records(&log);
    assert_eq!(logged.len(), QUESTIONS.len());
    for ((record, question), reply) in logged.iter().zip(QUESTIONS).zip(&replies) {
        assert_eq!(record.text, question);
        // the kind the reply has (a partial answer is a no-answer in the batch protocol)
        let kind = if record.kind == "partial" {
            "no-answer"
        } else {
            &record.kind
        };
        assert_eq!(kind, reply["kind"].as_str().unwrap(), "{record:?}");
        assert_eq!(
            record.statement.as_deref(),
            Some("malaysia-south-korea-2024")
        );
        assert!(
            record.time.ends_with('Z') && record.time.len() == 17,
            "{}",
            record.time
        );
    }
    assert_eq!(logged[0].fact.as_deref(), Some("fta-deadline"));
    assert_eq!(logged[1].unknown, ["volcanoes"]);
    assert_eq!(logged[2].kind, "partial");
    assert_eq!(logged[3].kind, "small-talk");
    assert_eq!(logged[4].lang, "ms");
    // each batch question is a conversation of its own
    let mut hashes: Vec<_> = logged.iter().map(|r| r.conversation.clone()).collect();
    hashes.dedup();
    assert_eq!(hashes.len(), QUESTIONS.len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn the_repl_logs_questions_not_commands_and_links_a_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("q.jsonl");
    let input = "What did they say about health?\nwhen did they sign that MoU?\n:why\n:reset\nthanks a lot\n";
    let (code, _, stderr) = run(&["--log-questions", log.to_str().unwrap()], input);
    assert_eq!(code, 0, "{stderr}");
    let logged = records(&log);
    let texts: Vec<&str> = logged.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "What did they say about health?",
            "when did they sign that MoU?",
            "thanks a lot"
        ]
    );
    assert_eq!(logged[1].route, "follow-up");
    assert_eq!(logged[0].conversation, logged[1].conversation);
    // after :reset, another conversation
    assert_ne!(logged[1].conversation, logged[2].conversation);
}

#[test]
fn ask_logs_and_masks_contact_details() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("q.jsonl");
    let (code, _, stderr) = run(
        &[
            "--log-questions",
            log.to_str().unwrap(),
            "ask",
            "I am nurul.huda@example.com.my, tel +60 3-8888 1234: what about health?",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("I am [email], tel [phone]: what about health?"),
        "{text}"
    );
    for secret in ["nurul", "huda", "example", "8888", "1234"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn a_log_that_cannot_be_written_never_stops_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("no-such-dir").join("q.jsonl");
    let (code, stdout, stderr) = run(
        &["batch", "--log-questions", log.to_str().unwrap()],
        "hello\nWhat did they say about health?\nthanks\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    // reported once, saying what to do
    assert_eq!(
        stderr.matches("cannot open the question log").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("--log-questions"), "{stderr}");
}
