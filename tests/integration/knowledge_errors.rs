//! The knowledge loader reports every problem at once, with file and line, and the program refuses
//! to start on invalid knowledge.

use std::fs;

use communique::knowledge::{SourceFile, files, parse_knowledge};

use crate::helpers::{assert_contains, assert_lacks, mini_copy, run};

fn problems_of(dir: &std::path::Path) -> Vec<String> {
    match files::read_dir(dir) {
        Ok(_) => Vec::new(),
        Err(err) => err.problems.iter().map(ToString::to_string).collect(),
    }
}

fn replace_in(dir: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "fixture {file} lacks {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_mini_fixture_is_valid() {
    let dir = mini_copy();
    assert_eq!(problems_of(dir.path()), Vec::<String>::new());
}

#[test]
fn bad_toml_names_file_and_line() {
    let dir = mini_copy();
    replace_in(
        dir.path(),
        "facts.toml",
        "label = \"the new harbour\"",
        "label = \"unclosed",
    );
    let problems = problems_of(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_contains(&problems[0], "facts.toml:15: invalid basic string");
}

#[test]
fn semantic_problems_are_all_reported_with_lines() {
    let dir = mini_copy();
    // A duplicate id, a dangling related id, an empty answer and an unknown topic at once.
    replace_in(
        dir.path(),
        "facts.toml",
        "id = \"harbour\"",
        "id = \"fishing-pact\"",
    );
    replace_in(
        dir.path(),
        "facts.toml",
        "A new harbour will be built in Strelsau.",
        " ",
    );
    replace_in(
        dir.path(),
        "facts.toml",
        "topic = \"fishing\"",
        "topic = \"whaling\"",
    );
    let problems = problems_of(dir.path()).join("\n");
    assert_contains(
        &problems,
        "facts.toml:12: duplicate fact id \"fishing-pact\" (first defined at line 1)",
    );
    assert_contains(
        &problems,
        "facts.toml:12: fact \"fishing-pact\" has an empty answer",
    );
    assert_contains(
        &problems,
        "facts.toml:1: fact \"fishing-pact\" names unknown topic \"whaling\"",
    );
    assert_contains(
        &problems,
        "facts.toml:1: fact \"fishing-pact\" is related to unknown fact \"harbour\"",
    );
}

#[test]
fn wrong_types_and_unknown_fields_are_reported() {
    let dir = mini_copy();
    replace_in(
        dir.path(),
        "facts.toml",
        "paragraphs = [2]",
        "paragraphs = \"two\"",
    );
    replace_in(dir.path(), "smalltalk.toml", "reply =", "answer =");
    let problems = problems_of(dir.path()).join("\n");
    assert_contains(
        &problems,
        "facts.toml:17: invalid type: string \"two\", expected a sequence",
    );
    assert_contains(&problems, "smalltalk.toml:4: unknown field `answer`");
    assert_contains(&problems, "answer");
}

#[test]
fn missing_files_and_invalid_utf8_are_reported() {
    let dir = mini_copy();
    fs::remove_file(dir.path().join("facts.toml")).unwrap();
    fs::write(
        dir.path().join("vocabulary.toml"),
        b"generic = [\"ok\"]\n# bad \xff byte\n",
    )
    .unwrap();
    let problems = problems_of(dir.path()).join("\n");
    assert_contains(&problems, "facts.toml: cannot be read");
    assert_contains(&problems, "vocabulary.toml:2: is not valid UTF-8");
}

#[test]
fn a_synonym_in_two_groups_is_reported() {
    let files = vec![SourceFile {
        name: "vocabulary.toml".into(),
        text: "synonyms = [[\"a1\", \"b1\"], [\"c1\", \"b1\"]]\n".into(),
    }];
    let err = parse_knowledge(&files).unwrap_err();
    let all = err.to_string();
    assert_contains(&all, "\"b1\" is in two synonym groups");
    assert_contains(&all, "statement.toml: file is missing");
}

#[test]
fn the_program_refuses_to_start_on_invalid_knowledge() {
    let dir = mini_copy();
    replace_in(
        dir.path(),
        "facts.toml",
        "related = [\"harbour\"]",
        "related = [\"nowhere\"]",
    );
    let path = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = run(&["--knowledge", path, "ask", "hello"], "");
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert_contains(&stderr, "related to unknown fact \"nowhere\"");
    assert_contains(&stderr, "facts.toml:1:");
}

#[test]
fn a_missing_directory_is_a_clear_error() {
    let (code, _, stderr) = run(&["--knowledge", "/nonexistent/knowledge", "ask", "hi"], "");
    assert_eq!(code, 1);
    assert_contains(&stderr, "/nonexistent/knowledge: is not a directory");
}

/// Runs `check` on a broken copy of the mini knowledge: it must fail with exit status 1, name every
/// expected `file:line: problem` on stderr, print nothing on stdout and never panic.
fn assert_rejected(dir: &std::path::Path, expected: &[&str]) {
    let (code, stdout, stderr) = run(&["--knowledge", dir.to_str().unwrap(), "check"], "");
    assert_eq!(code, 1, "stderr: {stderr}");
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert_lacks(&stderr, "panicked");
    for needle in expected {
        assert_contains(&stderr, needle);
    }
    assert_contains(&stderr, "fix the files listed above");
}

#[test]
fn the_binary_reports_bad_toml() {
    let dir = mini_copy();
    replace_in(dir.path(), "statement.toml", "[statement]", "[statement");
    assert_rejected(
        dir.path(),
        &["statement.toml:2: unclosed table, expected `]`"],
    );
}

#[test]
fn the_binary_reports_a_lone_carriage_return() {
    // Found by the property tests: the TOML parser gave this error an empty message.
    let dir = mini_copy();
    fs::write(dir.path().join("smalltalk.toml"), "\r").unwrap();
    assert_rejected(
        dir.path(),
        &["smalltalk.toml:1: carriage return must be followed by newline"],
    );
}

#[test]
fn the_binary_reports_wrong_types() {
    let dir = mini_copy();
    replace_in(
        dir.path(),
        "facts.toml",
        "paragraphs = [2]",
        "paragraphs = [\"2\"]",
    );
    assert_rejected(dir.path(), &["facts.toml:17: invalid type: string \"2\""]);
}

#[test]
fn the_binary_reports_missing_files() {
    let dir = mini_copy();
    fs::remove_file(dir.path().join("facts.toml")).unwrap();
    // vocabulary.toml and smalltalk.toml are optional: without them the package still loads.
    fs::remove_file(dir.path().join("vocabulary.toml")).unwrap();
    fs::remove_file(dir.path().join("smalltalk.toml")).unwrap();
    assert_rejected(dir.path(), &["facts.toml: cannot be read"]);
}

#[test]
fn a_directory_without_a_package_says_what_a_package_is() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&["--knowledge", dir.path().to_str().unwrap(), "check"], "");
    assert_eq!(code, 1);
    assert_contains(
        &stderr,
        "holds no statement package (a directory with statement.toml and facts.toml)",
    );
}

#[test]
fn the_binary_reports_invalid_utf8() {
    let dir = mini_copy();
    let path = dir.path().join("statement.toml");
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\n# caf\xe9\n");
    fs::write(&path, bytes).unwrap();
    let lines = fs::read(&path)
        .unwrap()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    assert_rejected(
        dir.path(),
        &[&format!("statement.toml:{lines}: is not valid UTF-8")],
    );
}

#[test]
fn the_binary_reports_over_long_fields() {
    let dir = mini_copy();
    let long = "x".repeat(301);
    replace_in(
        dir.path(),
        "facts.toml",
        "label = \"the new harbour\"",
        &format!("label = \"the new harbour\"\nquote = \"{long}\""),
    );
    assert_rejected(
        dir.path(),
        &["facts.toml:12: fact \"harbour\" has a quote of 301 characters (at most 300)"],
    );
}

#[test]
fn the_binary_reports_every_problem_of_every_file_at_once() {
    let dir = mini_copy();
    replace_in(dir.path(), "statement.toml", "[statement]", "[statement");
    replace_in(
        dir.path(),
        "facts.toml",
        "paragraphs = [2]",
        "paragraphs = 2",
    );
    fs::write(
        dir.path().join("smalltalk.toml"),
        "[[intent]]\nid = \"hi\"\npatterns = [\"hi\"]\nreply = \"Hello {frist}\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("vocabulary.toml"),
        b"generic = [\"\xff\"]\n",
    )
    .unwrap();
    assert_rejected(
        dir.path(),
        &[
            "statement.toml:2: unclosed table, expected `]`",
            "facts.toml:17: invalid type: integer `2`, expected a sequence",
            "vocabulary.toml:1: is not valid UTF-8",
            "smalltalk.toml:4: unknown placeholder {frist} (this phrase may use {statement}",
            "the knowledge base has 4 problems",
        ],
    );
}
