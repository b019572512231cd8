//! The knowledge loader reports every problem at once, with file and line, and the program refuses
//! to start on invalid knowledge.

use std::fs;

use communique::knowledge::{SourceFile, files, parse_knowledge};

use crate::helpers::{assert_contains, mini_copy, run};

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
    fs::remove_file(dir.path().join("smalltalk.toml")).unwrap();
    fs::write(
        dir.path().join("vocabulary.toml"),
        b"generic = [\"ok\"]\n# bad \xff byte\n",
    )
    .unwrap();
    let problems = problems_of(dir.path()).join("\n");
    assert_contains(&problems, "smalltalk.toml: cannot be read");
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
