//! Every subcommand through the real binary, against the small test knowledge and the built-in one.

use communique::render;

use crate::helpers::{assert_contains, assert_lacks, mini_knowledge, run};

fn mini() -> String {
    mini_knowledge().to_str().unwrap().to_string()
}

#[test]
fn ask_prints_the_answer_and_its_citation() {
    let (code, stdout, _) = run(
        &[
            "--knowledge",
            &mini(),
            "ask",
            "when",
            "is",
            "the",
            "fishing",
            "pact?",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert_contains(&stdout, "from 2031");
    assert_contains(
        &stdout,
        "Source: joint statement, paragraph 1: “share fishing grounds”",
    );
}

#[test]
fn ask_json_follows_the_batch_contract() {
    let (code, stdout, _) = run(
        &[
            "--knowledge",
            &mini(),
            "ask",
            "--json",
            "where is the new harbor",
        ],
        "",
    );
    assert_eq!(code, 0);
    let reply: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(reply["fact"], "harbour");
    assert!(reply["answer"].as_str().unwrap().contains("Strelsau"));
    let score = reply["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score), "score {score}");
    assert!(reply["related"].is_array());
}

#[test]
fn ask_without_a_question_is_a_usage_error() {
    let (code, _, stderr) = run(&["ask"], "");
    assert_eq!(code, 2);
    assert_contains(&stderr, "QUESTION");
}

#[test]
fn batch_json_answers_every_line_in_order_with_null_for_no_answer() {
    let input =
        "When is the fishing pact?\nwhat is the capital of france\n\nhello\nwhere is the port\n";
    let (code, stdout, _) = run(&["--knowledge", &mini(), "batch", "--json"], input);
    assert_eq!(code, 0);
    let replies: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let facts: Vec<&serde_json::Value> = replies.iter().map(|r| &r["fact"]).collect();
    assert_eq!(
        facts,
        [
            &serde_json::json!("fishing-pact"),
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::Value::Null,
            &serde_json::json!("harbour"),
        ]
    );
    assert_eq!(replies[3]["kind"], "small-talk");
}

#[test]
fn batch_answers_many_questions_at_once_in_their_order() {
    // Enough lines to be answered on every core: each reply must still land on its own line.
    let questions = [
        "When is the fishing pact?",
        "where is the port",
        "hello",
        "which colour is the sky on mars",
        "fishing pact when",
    ];
    let (_, one_each, _) = run(
        &["--knowledge", &mini(), "batch", "--json"],
        &(questions.join("\n") + "\n"),
    );
    let one_each: Vec<&str> = one_each.lines().collect();
    assert_eq!(one_each.len(), questions.len());
    let many: String = (0..40)
        .flat_map(|_| questions)
        .map(|q| format!("{q}\n"))
        .collect();
    let (code, stdout, _) = run(&["--knowledge", &mini(), "batch", "--json"], &many);
    assert_eq!(code, 0);
    let replies: Vec<&str> = stdout.lines().collect();
    assert_eq!(replies.len(), 200);
    for (i, reply) in replies.iter().enumerate() {
        assert_eq!(
            *reply,
            one_each[i % questions.len()],
            "reply {i} is out of place"
        );
    }
}

#[test]
fn batch_replies_to_a_line_before_the_next_one_arrives() {
    // A program that drives `batch` as a co-process sends a question and waits for its reply.
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("communique"))
        .args(["--knowledge", &mini(), "batch", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (send, replies) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let wait = std::time::Duration::from_secs(60);
    for question in ["When is the fishing pact?", "where is the port"] {
        writeln!(stdin, "{question}").unwrap();
        stdin.flush().unwrap();
        let reply = replies
            .recv_timeout(wait)
            .unwrap_or_else(|_| panic!("no reply to {question:?} while stdin stays open"));
        assert_contains(&reply, "\"kind\":\"answer\"");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn batch_answers_every_line_in_a_fresh_conversation() {
    // A follow-up after its setup question: in one conversation the context would change its reply.
    let (_, setup, follow_up, [first, in_context, alone]) = crate::helpers::context_pair();
    let (code, stdout, _) = run(&["batch", "--json"], &format!("{setup}\n{follow_up}\n"));
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, [render::json(&first), render::json(&alone)]);
    assert_ne!(lines[1], render::json(&in_context));
}

#[test]
fn batch_plain_prints_one_line_per_question_and_survives_bad_bytes() {
    let mut input = b"where is the port\n\xff\xfe garbage \x00\n".to_vec();
    input.extend_from_slice("x".repeat(200_000).as_bytes());
    let output = crate::helpers::communique()
        .args(["--knowledge", &mini(), "batch"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_contains(lines[0], "Strelsau");
    assert_contains(lines[1], "doesn't");
}

#[test]
fn check_verifies_the_built_in_package_against_its_own_source_text() {
    let (code, stdout, stderr) = run(&["check"], "");
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert_contains(&stdout, "knowledge OK: 48 facts");
    assert_contains(
        &stdout,
        "source OK (knowledge/malaysia-south-korea-2024/source.txt): ",
    );
    assert_contains(&stdout, "all 32 paragraphs cited");
}

#[test]
fn check_of_another_package_uses_that_package_s_source_text() {
    let (code, stdout, _) = run(&["--knowledge", &mini(), "check"], "");
    assert_eq!(code, 0, "{stdout}");
    assert_contains(&stdout, "source OK (");
    assert_contains(&stdout, "mini/source.txt): 1 quotes found verbatim");
}

#[test]
fn check_source_reports_misquotes_and_uncited_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("other.txt");
    std::fs::write(
        &source,
        "Something else entirely.\n\nSecond.\n\nThird, never cited.\n",
    )
    .unwrap();
    let (code, stdout, _) = run(
        &[
            "--knowledge",
            &mini(),
            "check",
            "--source",
            source.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_contains(
        &stdout,
        "quote \"share fishing grounds\" does not appear verbatim",
    );
    assert_contains(&stdout, "facts.toml:1:");
    assert_contains(
        &stdout,
        "paragraph 3 is cited by no fact: \"Third, never cited.\"",
    );
    assert_lacks(&stdout, "source OK");
}

#[test]
fn check_with_a_missing_source_names_the_file() {
    let (code, _, stderr) = run(&["check", "--source", "/nonexistent/statement.txt"], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "cannot read /nonexistent/statement.txt");
}

#[test]
fn help_lists_every_subcommand() {
    let (code, stdout, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    for sub in ["repl", "ask", "batch", "check"] {
        assert_contains(&stdout, sub);
    }
}

#[test]
fn a_closed_stdout_ends_batch_quietly_with_success() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("communique"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Far more replies than a pipe buffers, so the program must write after the reader left.
        for _ in 0..20_000 {
            if writeln!(stdin, "When will the trade talks end?").is_err() {
                break;
            }
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_contains(&first, "2025");
    drop(stdout); // like `| head -1`
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "", "a closed pipe is not an error worth a message");
}

#[test]
fn batch_over_several_statements_names_the_statement_and_takes_a_starting_one() {
    let library = crate::helpers::repo_path("tests/fixtures/library");
    let dir = library.to_str().unwrap();
    let question =
        "When should the free trade agreement be done?\nwhat about the potato exports?\n";
    let (code, stdout, stderr) = run(&["--knowledge", dir, "batch", "--json"], question);
    assert_eq!(code, 0, "stderr: {stderr}");
    let replies: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replies[0]["kind"], "which-statement");
    assert_eq!(replies[0]["fact"], serde_json::Value::Null);
    assert_eq!(
        replies[0]["statements"][1]["id"], "ruritania-elbonia-2030",
        "{stdout}"
    );
    assert_eq!(replies[1]["statement"], "ruritania-elbonia-2030");
    assert_eq!(replies[1]["fact"], "potatoes");
    // --statement: every question starts in that statement.
    let (code, stdout, _) = run(
        &[
            "--knowledge",
            dir,
            "batch",
            "--json",
            "--statement",
            "freedonia-ruritania-2031",
        ],
        question,
    );
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["statement"], "freedonia-ruritania-2031");
    assert_eq!(first["fact"], "fta-deadline");
    // An unknown statement is bad usage, and the message lists the loaded ones.
    let (code, _, stderr) = run(
        &["--knowledge", dir, "--statement", "atlantis", "ask", "hi"],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("atlantis") && stderr.contains("ruritania-elbonia-2030"),
        "{stderr}"
    );
}
