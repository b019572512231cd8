//! Property tests: arbitrary input never breaks the engine, the normaliser, line input or the
//! knowledge loader, and every reply is a valid, bounded reply.
//!
//! The strategies mix what real chat input throws at a bot: combining marks, right-to-left text and
//! bidi controls, zero-width characters, emoji, control characters, and bytes that are not UTF-8
//! (decoded lossily, as every front end does; this is how lone surrogates arrive). Case counts are
//! bounded so `cargo test` stays quick; the fuzz targets under `tests/fuzz/` explore for longer.

use std::io::BufReader;
use std::sync::OnceLock;

use communique::cli::input::{BoundedLines, MAX_LINE_BYTES};
use communique::engine::Engine;
use communique::invariants::check_reply;
use communique::knowledge::{SourceFile, parse_knowledge};
use communique::reply::{Reply, ReplyKind};
use communique::text::{self, MAX_INPUT_CHARS, MAX_TOKEN_CHARS, MAX_TOKENS};
use communique::{Conversation, Knowledge};
use proptest::prelude::*;

use crate::helpers::mini_knowledge;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| crate::helpers::engine_of(Knowledge::embedded().unwrap()))
}

/// Characters that tend to break text handling, mixed with plain words of the statement.
fn hostile_char() -> impl Strategy<Value = String> {
    prop_oneof![
        // words the knowledge knows, so some inputs reach the scoring and answer paths
        prop::sample::select(vec![
            "when ",
            "FTA ",
            "trade ",
            "who ",
            "signed ",
            "MoU ",
            "climate ",
            "how many ",
            "hello ",
            "defence ",
            "partnersip ",
            "Seoul ",
            "did they ",
            "2025 ",
            "? ",
        ])
        .prop_map(str::to_string),
        // combining marks (also stacked), zero-width and bidi controls
        "[\u{300}-\u{36f}\u{1ab0}-\u{1aff}\u{20d0}-\u{20ff}]{1,4}",
        "[\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{feff}\u{2060}]",
        // right-to-left scripts, Hangul, CJK
        "[\u{590}-\u{5ff}\u{600}-\u{6ff}\u{ac00}-\u{ac40}\u{4e00}-\u{4e40}]{1,6}",
        // emoji, with joiners and variation selectors
        "[\u{1f300}-\u{1f6ff}\u{1f900}-\u{1f9ff}][\u{fe0f}\u{200d}]?",
        // control characters, including NUL, escape and line separators
        "[\u{0}-\u{1f}\u{7f}-\u{9f}\u{2028}\u{2029}]",
        // anything printable
        "\\PC{1,4}",
    ]
}

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|parts| parts.concat())
}

/// Arbitrary bytes decoded lossily, as a front end receives them.
fn lossy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..200)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![hostile_text(24), lossy_text(), "\\PC{0,40}"]
}

/// Everything a reply must be, whatever the question: the library's one checker, shared with the
/// fuzz targets.
fn assert_valid(question: &str, reply: &Reply) -> Result<(), TestCaseError> {
    check_reply(engine(), reply)
        .map_err(|v| TestCaseError::fail(format!("{v}: {question:?} -> {reply:?}")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_question_gets_a_valid_bounded_reply(question in any_text()) {
        let reply = engine().answer(&question);
        assert_valid(&question, &reply)?;
    }

    #[test]
    fn replies_are_deterministic(question in any_text()) {
        prop_assert_eq!(engine().answer(&question), engine().answer(&question));
    }

    #[test]
    fn any_conversation_gets_valid_replies(messages in prop::collection::vec(any_text(), 1..6)) {
        let mut conversation = Conversation::default();
        for message in &messages {
            let before = conversation.clone();
            let reply = engine().respond(&mut conversation, message);
            assert_valid(message, &reply)?;
            // The same conversation state gives the same reply.
            let mut again = before;
            prop_assert_eq!(engine().respond(&mut again, message), reply);
        }
    }

    #[test]
    fn the_normaliser_is_bounded(input in any_text(), repeat in 1usize..200) {
        let long = input.repeat(repeat);
        let tokens = text::tokenize(&long);
        prop_assert!(tokens.len() <= MAX_TOKENS);
        for token in &tokens {
            prop_assert!(!token.is_empty() && token.chars().count() <= MAX_TOKEN_CHARS);
            prop_assert!(!token.contains(char::is_whitespace));
        }
        // Folding is idempotent on what it produces, so facts and questions meet as equals.
        let folded = text::fold(&input);
        prop_assert_eq!(text::tokens(&text::fold(&folded)), text::tokens(&folded));
        let cut = text::truncate_chars(&long, 50);
        prop_assert!(cut.chars().count() <= 50);
    }

    #[test]
    fn line_input_never_fails_and_stays_bounded(
        bytes in prop::collection::vec(prop_oneof![any::<u8>(), Just(b'\n'), Just(b'\r')], 0..400),
        capacity in 1usize..16,
    ) {
        let mut lines = BoundedLines::new(BufReader::with_capacity(capacity, bytes.as_slice()));
        let mut count = 0;
        while let Some(line) = lines.next_line().unwrap() {
            prop_assert!(line.chars().count() <= MAX_LINE_BYTES);
            prop_assert!(!line.contains('\n'));
            count += 1;
        }
        prop_assert!(count <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
    }

    #[test]
    fn arbitrary_knowledge_files_never_panic(
        parts in prop::collection::vec(prop_oneof![any_text(), Just(String::new())], 0..5),
    ) {
        let files: Vec<SourceFile> = parts
            .into_iter()
            .zip(PACKAGE_FILES)
            .map(|(text, name)| SourceFile { name: name.to_string(), text })
            .collect();
        check_load(&files)?;
    }

    #[test]
    fn damaged_knowledge_is_reported_not_panicked(
        file in 0usize..4,
        at in any::<prop::sample::Index>(),
        cut in 0usize..200,
        junk in prop_oneof![any_text(), Just("=".to_string()), Just("[[fact]]\n".to_string()),
            Just("\"".to_string()), Just("paragraphs = [0]\n".to_string())],
    ) {
        let mut files = mini_files();
        let target = &mut files[file].text;
        let mut start = at.index(target.len() + 1);
        while !target.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(target.len());
        while !target.is_char_boundary(end) {
            end -= 1;
        }
        target.replace_range(start..end, &junk);
        check_load(&files)?;
    }
}

/// Loading never panics; a rejection names problems located inside the files; an accepted knowledge
/// base gives an engine whose replies are valid too.
fn check_load(files: &[SourceFile]) -> Result<(), TestCaseError> {
    match parse_knowledge(files) {
        Err(err) => {
            prop_assert!(!err.problems.is_empty());
            for problem in &err.problems {
                prop_assert!(!problem.message.trim().is_empty());
                prop_assert!(
                    PACKAGE_FILES.iter().any(|f| problem.file.ends_with(f)),
                    "{problem}"
                );
                if let Some(line) = problem.line {
                    let lines = files
                        .iter()
                        .find(|f| f.name == problem.file)
                        .map_or(1, |f| f.text.matches('\n').count() + 1);
                    prop_assert!(
                        (1..=lines).contains(&line),
                        "{problem}: file has {lines} lines"
                    );
                }
            }
        }
        Ok(knowledge) => {
            let engine = crate::helpers::engine_of(knowledge);
            for question in ["hello", "when was it signed?", "harbour", ""] {
                let reply = engine.answer(question);
                check_reply(&engine, &reply)
                    .map_err(|v| TestCaseError::fail(format!("{v}: {question:?} -> {reply:?}")))?;
            }
        }
    }
    Ok(())
}

/// The files of a statement package, required and optional, as the mini fixture has them.
const PACKAGE_FILES: [&str; 4] = [
    "statement.toml",
    "facts.toml",
    "vocabulary.toml",
    "smalltalk.toml",
];

fn mini_files() -> Vec<SourceFile> {
    PACKAGE_FILES
        .iter()
        .map(|name| SourceFile {
            name: (*name).to_string(),
            text: std::fs::read_to_string(mini_knowledge().join(name)).unwrap(),
        })
        .collect()
}

proptest! {
    // Each case builds a 1 MiB input: few cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn a_1_mib_question_is_answered_from_its_bounded_prefix(seed in any_text()) {
        let unit = if seed.is_empty() { "trade ".to_string() } else { seed };
        let mut huge = String::with_capacity((1 << 20) + unit.len());
        while huge.len() < 1 << 20 {
            huge.push_str(&unit);
        }
        let prefix: String = huge.chars().take(MAX_INPUT_CHARS).collect();
        let reply = engine().answer(&huge);
        assert_valid("<1 MiB>", &reply)?;
        prop_assert_eq!(reply, engine().answer(&prefix));
    }
}

#[test]
fn empty_and_blank_questions_get_a_prompt() {
    for question in [
        "",
        " ",
        "\n",
        "\u{200b}",
        "\u{feff}\u{200d}",
        "???",
        "\u{0}",
    ] {
        let reply = engine().answer(question);
        assert_eq!(reply.kind, ReplyKind::NoAnswer, "{question:?}");
        assert_eq!(reply.fact, None);
        assert!(!reply.answer.is_empty());
    }
}

#[test]
fn a_long_question_costs_no_more_than_its_prefix() {
    // Constant work for any length: 64 MiB is answered about as fast as 1 KiB. (Generous bound so a
    // loaded machine does not make this flaky; before the input bound it took seconds.)
    let huge = "when will the free trade talks conclude ".repeat(1 << 21);
    let start = std::time::Instant::now();
    let reply = engine().answer(&huge);
    assert!(start.elapsed() < std::time::Duration::from_millis(500));
    assert_eq!(reply.fact.as_deref(), Some("fta-deadline"));
}

/// One line of a dialogue script: a valid line kind with arbitrary text, or arbitrary text.
fn script_line() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "> ",
        ">> ",
        "< ",
        "<! ",
        "<?",
        "<~",
        "<= ",
        "<=? ",
        "<= fta-deadline > ",
        "<? > ",
        "gap > ",
        "gap >> ",
        "gap <~ > ",
        "---",
        "# ",
        "",
        ">",
        "<",
    ]);
    (prefix, any_text()).prop_map(|(p, text)| format!("{p}{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_dialogue_script_parses_or_reports_located_errors(
        lines in prop::collection::vec(script_line(), 0..12),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let line_count = text.lines().count().max(1);
        match communique::dialogue::parse("fuzz.dialogue", &text) {
            Err(err) => {
                prop_assert!(!err.errors.is_empty());
                for error in &err.errors {
                    prop_assert_eq!(&error.file, "fuzz.dialogue");
                    prop_assert!((1..=line_count).contains(&error.line), "{error}");
                    prop_assert!(!error.error.to_string().trim().is_empty());
                }
            }
            Ok(script) => {
                // Running any parsed script never panics; every check passes, fails or stays a
                // known gap exactly once.
                let checks = script.check_count();
                let mut outcome = communique::dialogue::Outcome::default();
                communique::dialogue::run(engine(), &script, &mut outcome);
                let counted = outcome.passed + outcome.failures.len() + outcome.known_gaps.len();
                prop_assert_eq!(counted, checks);
            }
        }
    }
}
