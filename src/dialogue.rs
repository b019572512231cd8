//! Scripted test dialogues: the `*.dialogue` format, its parser and its runner.
//!
//! A script is a list of conversations separated by `---`; each message (`> TEXT`) is followed by
//! expectations about the reply to it: `< A | B` (contains one of them, case-insensitive, whitespace
//! folded), `<! TEXT` (does not contain), `<?` (the honest no-answer), `<= ID` (answered from fact
//! ID). `#` starts a comment; blank lines are ignored. Parsing reports every malformed line with its
//! file and line, never skipping one silently. Running does no I/O: the front end reads files and
//! prints the [`Failure`]s.

use std::fmt;

use crate::conversation::Conversation;
use crate::engine::{Engine, Reply};

/// What a reply must (or must not) be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// `< A | B`: contains at least one of these.
    Contains(Vec<String>),
    /// `<! TEXT`: does not contain this.
    Lacks(String),
    /// `<?`: the statement holds no answer.
    NoAnswer,
    /// `<= ID`: answered from this fact.
    Fact(String),
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Contains(any) => write!(f, "< {}", any.join(" | ")),
            Expect::Lacks(text) => write!(f, "<! {text}"),
            Expect::NoAnswer => write!(f, "<?"),
            Expect::Fact(id) => write!(f, "<= {id}"),
        }
    }
}

/// An expectation and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub line: usize,
    pub expect: Expect,
}

/// A message the user sends, with the expectations about its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub line: usize,
    pub message: String,
    pub expectations: Vec<Expectation>,
}

/// One conversation (fresh context).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dialogue {
    pub turns: Vec<Turn>,
}

/// A parsed `*.dialogue` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub name: String,
    pub dialogues: Vec<Dialogue>,
}

impl Script {
    /// How many expectations the script holds (each passes or fails once when run).
    pub fn expectation_count(&self) -> usize {
        self.dialogues
            .iter()
            .flat_map(|d| &d.turns)
            .map(|t| t.expectations.len())
            .sum()
    }
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every malformed line of a script.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub errors: Vec<SyntaxError>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        write!(f, "{}", lines.join("\n"))
    }
}

const LINE_KINDS: &str =
    "expected `# comment`, `> message`, `< text`, `<! text`, `<?`, `<= fact-id` or `---`";

/// Parses the script `text`, named `name` in errors.
pub fn parse(name: &str, text: &str) -> Result<Script, ParseError> {
    let mut dialogues = vec![Dialogue::default()];
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let mut error = |message: String| {
            errors.push(SyntaxError {
                file: name.to_string(),
                line,
                message,
            })
        };
        if content == "---" {
            dialogues.push(Dialogue::default());
            continue;
        }
        let parsed = parse_line(content);
        let Some(dialogue) = dialogues.last_mut() else {
            continue;
        };
        match parsed {
            Err(message) => error(message),
            Ok(Line::Message(message)) => dialogue.turns.push(Turn {
                line,
                message,
                expectations: Vec::new(),
            }),
            Ok(Line::Expect(expect)) => match dialogue.turns.last_mut() {
                Some(turn) => turn.expectations.push(Expectation { line, expect }),
                None => error(format!(
                    "`{}` comes before any `> message` in this conversation",
                    truncate(content)
                )),
            },
        }
    }
    if !errors.is_empty() {
        return Err(ParseError { errors });
    }
    dialogues.retain(|d| !d.turns.is_empty());
    Ok(Script {
        name: name.to_string(),
        dialogues,
    })
}

enum Line {
    Message(String),
    Expect(Expect),
}

fn parse_line(content: &str) -> Result<Line, String> {
    if content == "<?" {
        return Ok(Line::Expect(Expect::NoAnswer));
    }
    let (prefix, rest) = match content.find(' ') {
        Some(i) => (&content[..i], content[i + 1..].trim()),
        None => (content, ""),
    };
    let needs_text = |what: &str| {
        if rest.is_empty() {
            Err(format!("`{prefix}` needs {what} after it (`{prefix} ...`)"))
        } else {
            Ok(rest.to_string())
        }
    };
    match prefix {
        ">" => needs_text("the message").map(Line::Message),
        "<" => {
            let any: Vec<String> = rest
                .split('|')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if any.is_empty() {
                Err("`<` needs the text the reply must contain (`< text` or `< a | b`)".to_string())
            } else {
                Ok(Line::Expect(Expect::Contains(any)))
            }
        }
        "<!" => needs_text("the text the reply must not contain")
            .map(|t| Line::Expect(Expect::Lacks(t))),
        "<=" => needs_text("a fact id").map(|t| Line::Expect(Expect::Fact(t))),
        "<?" => Err(format!("`<?` takes no text, found {:?}", truncate(rest))),
        _ => {
            let glued = [">", "<!", "<?", "<=", "<"]
                .iter()
                .find(|p| content.starts_with(**p));
            match glued {
                Some(p) => Err(format!("`{p}` must be followed by a space")),
                None => Err(format!(
                    "unknown line {:?}: {LINE_KINDS}",
                    truncate(content)
                )),
            }
        }
    }
}

fn truncate(text: &str) -> String {
    crate::text::truncate_chars(text, 60)
}

/// An expectation that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub file: String,
    pub line: usize,
    pub message: String,
    pub expect: Expect,
    pub reply: Reply,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fact = self.reply.fact.as_deref().unwrap_or("none");
        write!(
            f,
            "{}:{}: expected {}\n    after: > {}\n    got:   {} (fact: {fact})",
            self.file,
            self.line,
            self.expect,
            self.message,
            self.reply.answer.replace('\n', "\n           ")
        )
    }
}

/// The outcome of running scripts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub passed: usize,
    pub failures: Vec<Failure>,
    /// Malformed lines found (each counts as a failed expectation).
    pub malformed: usize,
}

impl Outcome {
    /// Failed expectations, malformed lines included.
    pub fn failed(&self) -> usize {
        self.failures.len() + self.malformed
    }

    /// The closing line: "N passed, N failed" (expectations).
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed())
    }
}

/// Runs every conversation of `script`, each from a fresh context.
pub fn run(engine: &Engine, script: &Script, outcome: &mut Outcome) {
    for dialogue in &script.dialogues {
        let mut conversation = Conversation::default();
        for turn in &dialogue.turns {
            let reply = engine.respond(&mut conversation, &turn.message);
            for expectation in &turn.expectations {
                if holds(&expectation.expect, &reply) {
                    outcome.passed += 1;
                } else {
                    outcome.failures.push(Failure {
                        file: script.name.clone(),
                        line: expectation.line,
                        message: turn.message.clone(),
                        expect: expectation.expect.clone(),
                        reply: reply.clone(),
                    });
                }
            }
        }
    }
}

/// Lowercase with whitespace runs folded to one space.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn holds(expect: &Expect, reply: &Reply) -> bool {
    let answer = fold(&reply.answer);
    match expect {
        Expect::Contains(any) => any.iter().any(|a| answer.contains(&fold(a))),
        Expect::Lacks(text) => !answer.contains(&fold(text)),
        Expect::NoAnswer => reply.is_no_answer() && reply.fact.is_none(),
        Expect::Fact(id) => reply.fact.as_deref() == Some(id.as_str()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = "# Climate follow-up\n> What did they agree on climate?\n< hydrogen | emissions\n> When was the dialogue on it launched?\n< 2023\n<! 2019\n---\n> What did they say about shipbuilding?\n<?\n";
        let script = parse("x.dialogue", text).unwrap();
        assert_eq!(script.dialogues.len(), 2);
        let first = &script.dialogues[0];
        assert_eq!(first.turns.len(), 2);
        assert_eq!(
            first.turns[0].expectations[0].expect,
            Expect::Contains(vec!["hydrogen".into(), "emissions".into()])
        );
        assert_eq!(
            first.turns[1].expectations[1],
            Expectation {
                line: 6,
                expect: Expect::Lacks("2019".into())
            }
        );
        assert_eq!(
            script.dialogues[1].turns[0].expectations[0].expect,
            Expect::NoAnswer
        );
    }

    #[test]
    fn reports_every_malformed_line_with_file_and_line() {
        let text =
            "< before any message\n>no space\n> ok\n<? extra\n<=\nwhat is this\n<= fact-id\n";
        let err = parse("bad.dialogue", text).unwrap_err();
        let lines: Vec<usize> = err.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5, 6]);
        let all = err.to_string();
        assert!(
            all.contains("bad.dialogue:1: `< before any message` comes before any `> message`"),
            "{all}"
        );
        assert!(
            all.contains("bad.dialogue:2: `>` must be followed by a space"),
            "{all}"
        );
        assert!(all.contains("bad.dialogue:4: `<?` takes no text"), "{all}");
        assert!(
            all.contains("bad.dialogue:5: `<=` needs a fact id"),
            "{all}"
        );
        assert!(
            all.contains("bad.dialogue:6: unknown line \"what is this\""),
            "{all}"
        );
    }

    #[test]
    fn matching_is_case_insensitive_with_whitespace_folded() {
        let reply =
            Reply::without_fact(crate::engine::ReplyKind::Answer, "The  FTA\nby 2025".into());
        assert!(holds(
            &Expect::Contains(vec!["nothing".into(), "fta by".into()]),
            &reply
        ));
        assert!(!holds(&Expect::Lacks("the fta".into()), &reply));
        assert!(!holds(&Expect::NoAnswer, &reply));
    }
}
