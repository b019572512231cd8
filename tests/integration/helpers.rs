//! Shared test helpers: running the binary, fixture paths, readable expected/got failures, output
//! shown past the harness's capture, and a question pair whose reply depends on context.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use communique::{Conversation, Engine, Knowledge, Reply, ReplyKind, Toolkit};

/// The language crates over the embedded language packs, built once for all the tests.
pub fn toolkit() -> &'static Toolkit {
    static TOOLKIT: OnceLock<Toolkit> = OnceLock::new();
    TOOLKIT.get_or_init(|| {
        let languages = communique::knowledge::embedded_languages().unwrap();
        communique::languages::toolkit(&languages).unwrap()
    })
}

/// The engine of `knowledge` (read with the embedded language packs), reading with [`toolkit`].
pub fn engine_of(knowledge: Knowledge) -> Engine {
    Engine::with_toolkit(knowledge, toolkit())
}

/// The `communique` binary under test.
pub fn communique() -> Command {
    Command::cargo_bin("communique").unwrap()
}

/// A path under the repository root.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The small test knowledge base.
pub fn mini_knowledge() -> PathBuf {
    repo_path("tests/fixtures/mini")
}

/// Runs the binary with `args` and `stdin`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let output = communique().args(args).write_stdin(stdin).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts that `haystack` contains `needle`, printing both readably when it does not.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "\nexpected to find:\n    {needle}\nin:\n{}\n",
        indent(haystack)
    );
}

/// Asserts that `haystack` does not contain `needle`.
#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "\nexpected NOT to find:\n    {needle}\nin:\n{}\n",
        indent(haystack)
    );
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Copies the mini knowledge base into a fresh temporary directory, for tests that break it.
pub fn mini_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "statement.toml",
        "facts.toml",
        "vocabulary.toml",
        "smalltalk.toml",
    ] {
        std::fs::copy(mini_knowledge().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// Shows `line` in `cargo test`'s own output even when the test passes: written to stderr directly,
/// past the test harness's capture of `print!`, so counts and skips never go unseen.
pub fn show(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A setup question and a follow-up whose reply differs with and without the setup's context (the
/// pair is checked, so the tests below can fail both ways), with the engine's own replies: the
/// setup's, the follow-up's in context, and the follow-up's alone (and the engine that gave them).
pub fn context_pair() -> (Engine, &'static str, &'static str, [Reply; 3]) {
    let (setup, follow_up) = (
        "What will they do together on health?",
        "when was that MoU signed?",
    );
    let engine = engine_of(Knowledge::embedded().unwrap());
    let mut conversation = Conversation::default();
    let first = engine.respond(&mut conversation, setup);
    let in_context = engine.respond(&mut conversation, follow_up);
    let alone = engine.answer(follow_up);
    assert_eq!(in_context.kind, ReplyKind::Answer, "{in_context:?}");
    assert!(in_context.answer.contains("2019"), "{in_context:?}");
    assert_eq!(alone.kind, ReplyKind::Clarify, "{alone:?}");
    (engine, setup, follow_up, [first, in_context, alone])
}
