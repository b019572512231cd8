//! The REPL driven through a pipe: questions, `:commands`, context until `:reset`, and leaving.

use communique::render;

use crate::helpers::{assert_contains, context_pair, mini_knowledge, run};

fn repl(input: &str) -> String {
    let (code, stdout, stderr) = run(&["--knowledge", mini_knowledge().to_str().unwrap()], input);
    assert_eq!(code, 0, "stderr: {stderr}");
    stdout
}

#[test]
fn answers_each_line_with_its_citation() {
    let out = repl("hello\nwhere is the harbour?\n");
    assert_contains(&out, "Hello from the test knowledge.");
    assert_contains(
        &out,
        "A new harbour will be built in Strelsau.\n  Source: joint statement, paragraph 2",
    );
}

#[test]
fn commands_help_topics_and_unknown() {
    let out = repl(":help\n:topics\n:frobnicate\n");
    assert_contains(&out, ":why");
    assert_contains(&out, "- Fishing (“What did they agree on fishing?”)");
    assert_contains(&out, "Unknown command :frobnicate");
}

#[test]
fn why_shows_the_candidates_of_the_last_question() {
    let out = repl(":why\nwhen is the fishng pact\n:why\n");
    assert_contains(&out, "Nothing asked yet");
    assert_contains(&out, "kind: When");
    assert_contains(&out, "typos: fishng → fishing");
    assert_contains(&out, "fishing-pact");
}

#[test]
fn reset_forgets_and_quit_stops_reading() {
    let out = repl("where is the port\n:reset\n:why\n:quit\nwhere is the port\n");
    assert_contains(&out, "Conversation forgotten");
    assert_contains(&out, "Nothing asked yet");
    assert_eq!(out.matches("Strelsau").count(), 1, "{out}");
}

#[test]
fn follow_ups_use_context_until_reset() {
    let (engine, setup, follow_up, [first, in_context, alone]) = context_pair();
    let voice = engine.voice();
    let (code, stdout, stderr) = run(&[], &format!("{setup}\n{follow_up}\n:reset\n{follow_up}\n"));
    assert_eq!(code, 0, "stderr: {stderr}");
    let replies: Vec<&str> = stdout.trim_end().split("\n\n").collect();
    assert_eq!(replies.len(), 4, "{stdout}");
    assert_eq!(replies[0], render::text(&first, voice));
    // In context, "that MoU" is the health MoU of the question before: lost context would give the
    // clarification between the two MoUs instead.
    assert_eq!(replies[1], render::text(&in_context, voice));
    assert_eq!(replies[2], voice.fill(&voice.phrases().repl.reset, &[]));
    // After :reset, the same words are asked afresh: leaked context would give the 2019 answer.
    assert_eq!(replies[3], render::text(&alone, voice));
}

#[test]
fn two_statements_ask_which_one_and_switch_by_name_or_command() {
    let library = crate::helpers::repo_path("tests/fixtures/library");
    let input = "When should the free trade agreement be done?\nthe second\nand in the Freedonia one?\n:why\n:statements\n:use ruritania-elbonia-2030\nWhen should the free trade agreement be done?\n:use atlantis\n:help\n";
    let (code, stdout, stderr) = run(&["--knowledge", library.to_str().unwrap()], input);
    assert_eq!(code, 0, "stderr: {stderr}");
    let replies: Vec<&str> = stdout.trim_end().split("\n\n").collect();
    assert_eq!(replies.len(), 9, "{stdout}");
    assert!(
        replies[0].starts_with(
            "Which statement do you mean: the Freedonia–Ruritania joint statement or the Ruritania–Elbonia joint statement?"
        ),
        "{}",
        replies[0]
    );
    assert_contains(
        replies[1],
        "Ruritania and Elbonia aim to conclude their free trade agreement (FTA) by 2031.",
    );
    assert_contains(replies[2], "by 2033");
    assert_contains(
        replies[3],
        "statement: freedonia-ruritania-2031 (named in the message)",
    );
    assert_contains(replies[4], "I know 2 statements:");
    assert_contains(
        replies[4],
        "the Freedonia–Ruritania joint statement of 1 May 2031 (freedonia-ruritania-2031) (in use)",
    );
    assert_contains(
        replies[5],
        "Now answering from the Ruritania–Elbonia joint statement of 1 March 2030.",
    );
    assert_contains(replies[6], "by 2031");
    assert_contains(replies[7], "I don't know a statement atlantis.");
    assert_contains(replies[8], ":use ID");
}
