//! Reading a `*.dialogue` script: every line is a comment, `---`, a message, an expectation or a
//! one-line case, and every malformed line is reported with its file and line.

use std::fmt;

use super::{Dialogue, Expect, Expectation, Script, Turn};

/// A malformed line: where it is, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {error}")]
pub struct SyntaxError {
    pub file: String,
    pub line: usize,
    #[source]
    pub error: LineError,
}

/// What is wrong with a line of a script.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("`{0}` needs the message after it (`{0} ...`)")]
    NoMessage(String),
    #[error(
        "`{GAP}` marks a message (`{GAP} > ...`, `{GAP} >> ...`) or a one-line case, not `{0}`"
    )]
    GapBeforeNothing(String),
    #[error("`{GAP}` needs the message or one-line case it marks after it")]
    EmptyGap,
    #[error("`{}` needs the message after it", CASE_SEPARATOR.trim())]
    CaseWithoutMessage,
    #[error("`<` needs the text the reply must contain (`< text` or `< a | b`)")]
    NothingToContain,
    #[error("`<!` needs the text the reply must not contain (`<! text`)")]
    NothingToLack,
    #[error("`{prefix}` takes no text, found {text:?}")]
    UnexpectedText { prefix: String, text: String },
    #[error("`{0}` needs a fact id (`{0} fact-id`)")]
    NoFact(String),
    #[error("`{0}` needs the facts offered (`{0} fact-id | fact-id`)")]
    TooFewFacts(String),
    #[error("`{prefix}`: {id:?} is not a fact id (ids have no spaces; separate several with `|`)")]
    NotAFactId { prefix: String, id: String },
    #[error("`{0}` must be followed by a space")]
    NoSpace(String),
    #[error("unknown line {0:?}: {LINE_KINDS}")]
    Unknown(String),
    #[error("`>>` marks a follow-up, but nothing comes before it in this conversation (use `>`)")]
    FollowUpFirst,
    #[error("`{0}` comes before any `> message` in this conversation")]
    ExpectationFirst(String),
    #[error(
        "this message has no expectation, so it checks nothing: add one (`< text`, `<= fact-id`, `<?`, ...)"
    )]
    NoExpectation,
    #[error("this script has no `> message`, so it checks nothing")]
    NoMessages,
    #[error("no fact has the id {0:?} in this knowledge")]
    UnknownFact(String),
}

/// Every malformed line of a script, in line order.
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

const LINE_KINDS: &str = "expected `# comment`, `> message`, `>> follow-up`, `< text`, `<! text`, \
     `<?`, `<= fact-id`, `<=? fact-id | fact-id`, `<~`, `EXPECTATION > message`, `gap ...` or `---`";

/// The marker of a known gap, before a message or a one-line case.
const GAP: &str = "gap";

/// Between the expectation and the message of a one-line case.
const CASE_SEPARATOR: &str = " > ";

/// Parses the script `text`, named `name` in errors.
pub fn parse(name: &str, text: &str) -> Result<Script, ParseError> {
    let mut builder = Builder {
        name,
        dialogues: vec![Dialogue::default()],
        errors: Vec::new(),
    };
    for (index, raw) in text.lines().enumerate() {
        builder.line(index + 1, raw.trim());
    }
    builder.finish()
}

/// What one line of a script says.
enum Line {
    Message {
        text: String,
        follow_up: bool,
        known_gap: bool,
    },
    Expect(Expect),
    Case {
        expect: Expect,
        message: String,
        known_gap: bool,
    },
}

/// The script read so far.
struct Builder<'a> {
    name: &'a str,
    dialogues: Vec<Dialogue>,
    errors: Vec<SyntaxError>,
}

impl Builder<'_> {
    fn line(&mut self, line: usize, content: &str) {
        if content.is_empty() || content.starts_with('#') {
            return;
        }
        if content == "---" {
            self.dialogues.push(Dialogue::default());
            return;
        }
        match parse_line(content) {
            Err(error) => self.error(line, error),
            Ok(Line::Message {
                text,
                follow_up,
                known_gap,
            }) => self.message(line, text, follow_up, known_gap),
            Ok(Line::Expect(expect)) => self.expect(line, expect, content),
            Ok(Line::Case {
                expect,
                message,
                known_gap,
            }) => self.case(line, expect, message, known_gap),
        }
    }

    fn error(&mut self, line: usize, error: LineError) {
        self.errors.push(SyntaxError {
            file: self.name.to_string(),
            line,
            error,
        });
    }

    fn message(&mut self, line: usize, text: String, follow_up: bool, known_gap: bool) {
        let Some(dialogue) = self.dialogues.last_mut() else {
            return;
        };
        if follow_up && dialogue.turns.is_empty() {
            self.error(line, LineError::FollowUpFirst);
            return;
        }
        dialogue.turns.push(Turn {
            line,
            message: text,
            follow_up,
            known_gap,
            expectations: Vec::new(),
        });
    }

    fn expect(&mut self, line: usize, expect: Expect, content: &str) {
        let turn = self
            .dialogues
            .last_mut()
            .and_then(|dialogue| dialogue.turns.last_mut());
        match turn {
            Some(turn) => turn.expectations.push(Expectation { line, expect }),
            None => self.error(line, LineError::ExpectationFirst(truncate(content))),
        }
    }

    /// A one-line case is a conversation of its own: the lines after it start a new one.
    fn case(&mut self, line: usize, expect: Expect, message: String, known_gap: bool) {
        let turn = Turn {
            line,
            message,
            follow_up: false,
            known_gap,
            expectations: vec![Expectation { line, expect }],
        };
        self.dialogues.push(Dialogue { turns: vec![turn] });
        self.dialogues.push(Dialogue::default());
    }

    fn finish(mut self) -> Result<Script, ParseError> {
        let silent: Vec<usize> = self
            .dialogues
            .iter()
            .flat_map(|d| &d.turns)
            .filter(|t| t.expectations.is_empty())
            .map(|t| t.line)
            .collect();
        for line in silent {
            self.error(line, LineError::NoExpectation);
        }
        if self.errors.is_empty() && self.dialogues.iter().all(|d| d.turns.is_empty()) {
            self.error(1, LineError::NoMessages);
        }
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| e.line);
            return Err(ParseError {
                errors: self.errors,
            });
        }
        self.dialogues.retain(|d| !d.turns.is_empty());
        Ok(Script {
            name: self.name.to_string(),
            dialogues: self.dialogues,
        })
    }
}

fn parse_line(content: &str) -> Result<Line, LineError> {
    let (known_gap, rest) = strip_gap(content)?;
    if let Some(case) = split_case(rest) {
        let (expect, message) = case?;
        return Ok(Line::Case {
            expect,
            message,
            known_gap,
        });
    }
    let (prefix, text) = split_prefix(rest);
    match prefix {
        ">" | ">>" => match text.is_empty() {
            true => Err(LineError::NoMessage(prefix.to_string())),
            false => Ok(Line::Message {
                text: text.to_string(),
                follow_up: prefix == ">>",
                known_gap,
            }),
        },
        _ if known_gap => Err(LineError::GapBeforeNothing(truncate(rest))),
        _ => parse_expect(prefix, text)
            .unwrap_or_else(|| Err(unknown(rest)))
            .map(Line::Expect),
    }
}

/// Whether the line starts with the known-gap marker, and the rest of it.
fn strip_gap(content: &str) -> Result<(bool, &str), LineError> {
    match content.strip_prefix(GAP) {
        Some(rest) if rest.starts_with(' ') => Ok((true, rest.trim_start())),
        Some("") => Err(LineError::EmptyGap),
        _ => Ok((false, content)),
    }
}

/// A one-line case, `EXPECTATION > MESSAGE`, where the expectation is an outcome (`<=`, `<=?`, `<?`
/// or `<~`); `None` when the line is not one.
fn split_case(content: &str) -> Option<Result<(Expect, String), LineError>> {
    let (left, message) = content.split_once(CASE_SEPARATOR)?;
    let (prefix, text) = split_prefix(left.trim());
    if !matches!(prefix, "<=" | "<=?" | "<?" | "<~") {
        return None;
    }
    let message = message.trim();
    if message.is_empty() {
        return Some(Err(LineError::CaseWithoutMessage));
    }
    let expect = parse_expect(prefix, text).unwrap_or_else(|| Err(unknown(left)));
    Some(expect.map(|expect| (expect, message.to_string())))
}

/// The first word of a line and the (trimmed) rest.
fn split_prefix(content: &str) -> (&str, &str) {
    match content.split_once(' ') {
        Some((prefix, rest)) => (prefix, rest.trim()),
        None => (content, ""),
    }
}

/// The expectation `prefix text`; `None` when `prefix` is no expectation's.
fn parse_expect(prefix: &str, text: &str) -> Option<Result<Expect, LineError>> {
    let expect = match prefix {
        "<" => alternatives(text)
            .map(Expect::Contains)
            .ok_or(LineError::NothingToContain),
        "<!" => match text.is_empty() {
            true => Err(LineError::NothingToLack),
            false => Ok(Expect::Lacks(text.to_string())),
        },
        "<?" => no_text(prefix, text).map(|()| Expect::NoAnswer),
        "<~" => no_text(prefix, text).map(|()| Expect::SmallTalk),
        "<=" => fact_ids(prefix, text, 1).map(Expect::Fact),
        "<=?" => fact_ids(prefix, text, 2).map(Expect::Clarify),
        _ => return None,
    };
    Some(expect)
}

fn no_text(prefix: &str, text: &str) -> Result<(), LineError> {
    match text.is_empty() {
        true => Ok(()),
        false => Err(LineError::UnexpectedText {
            prefix: prefix.to_string(),
            text: truncate(text),
        }),
    }
}

/// `a | b`, each non-empty after trimming; `None` when there is none.
fn alternatives(text: &str) -> Option<Vec<String>> {
    let any: Vec<String> = text
        .split('|')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!any.is_empty()).then_some(any)
}

fn fact_ids(prefix: &str, text: &str, at_least: usize) -> Result<Vec<String>, LineError> {
    let ids = alternatives(text).unwrap_or_default();
    if ids.len() < at_least {
        return Err(match at_least {
            1 => LineError::NoFact(prefix.to_string()),
            _ => LineError::TooFewFacts(prefix.to_string()),
        });
    }
    match ids.iter().find(|id| id.contains(char::is_whitespace)) {
        Some(id) => Err(LineError::NotAFactId {
            prefix: prefix.to_string(),
            id: truncate(id),
        }),
        None => Ok(ids),
    }
}

/// The error for a line that starts with no known marker.
fn unknown(content: &str) -> LineError {
    let glued = [">>", ">", "<=?", "<=", "<!", "<?", "<~", "<"]
        .iter()
        .find(|p| content.starts_with(**p));
    match glued {
        Some(p) => LineError::NoSpace((*p).to_string()),
        None => LineError::Unknown(truncate(content)),
    }
}

fn truncate(text: &str) -> String {
    communique_core::text::truncate_chars(text, 60)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = "# Climate follow-up\n> What did they agree on climate?\n< hydrogen | emissions\n>> When was the dialogue on it launched?\n< 2023\n<! 2019\n---\n> What did they say about shipbuilding?\n<?\n";
        let script = parse("x.dialogue", text).unwrap();
        assert_eq!(script.dialogues.len(), 2);
        let first = &script.dialogues[0];
        assert_eq!(first.turns.len(), 2);
        assert!(!first.turns[0].follow_up);
        assert!(first.turns[1].follow_up);
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
    fn a_one_line_case_is_a_conversation_of_its_own() {
        let text = "<= fta-deadline > when is the fta due\n<=? health-mou-2019 | student-exchanges > when was the mou signed?\n<? > who won the cup\ngap <~ > hiya there\n> hello\n<~\n";
        let script = parse("cases.dialogue", text).unwrap();
        let turns: Vec<(&str, &Turn)> = script
            .dialogues
            .iter()
            .map(|d| {
                assert_eq!(d.turns.len(), 1);
                (d.turns[0].message.as_str(), &d.turns[0])
            })
            .collect();
        assert_eq!(turns.len(), 5);
        assert_eq!(turns[0].0, "when is the fta due");
        assert_eq!(
            turns[1].1.expectations[0].expect,
            Expect::Clarify(vec!["health-mou-2019".into(), "student-exchanges".into()])
        );
        assert_eq!(turns[2].1.expectations[0].expect, Expect::NoAnswer);
        assert!(turns[3].1.known_gap);
        assert_eq!(turns[3].1.expectations[0].expect, Expect::SmallTalk);
        assert_eq!(turns[4].1.line, 5);
    }

    #[test]
    fn a_script_without_a_message_checks_nothing_and_is_an_error() {
        for text in ["", "# only a comment\n\n---\n"] {
            let err = parse("empty.dialogue", text).unwrap_err();
            assert_eq!(
                err.to_string(),
                "empty.dialogue:1: this script has no `> message`, so it checks nothing"
            );
        }
    }

    #[test]
    fn a_text_expectation_may_hold_the_case_separator() {
        let script = parse("x.dialogue", "> q\n< a > b\n").unwrap();
        assert_eq!(
            script.dialogues[0].turns[0].expectations[0].expect,
            Expect::Contains(vec!["a > b".into()])
        );
    }

    #[test]
    fn known_gaps_mark_messages() {
        let text = "> Who is he?\n<= yoon\ngap >> when did he arrive?\n< doesn't say\n";
        let script = parse("x.dialogue", text).unwrap();
        let turn = &script.dialogues[0].turns[1];
        assert!(turn.known_gap && turn.follow_up);
        assert_eq!(script.check_count(), 2);
    }

    #[test]
    fn reports_every_malformed_line_with_file_and_line() {
        let text = "< before any message\n>no space\n> ok\n<? extra\n<=\nwhat is this\n<= fact-id\n>> first\n<? \n---\n>> alone\n< x\ngap <? \ngap\n> silent\n<= two words\n<=? one\n<? > \n";
        let err = parse("bad.dialogue", text).unwrap_err();
        let lines: Vec<usize> = err.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18]);
        let all = err.to_string();
        for expected in [
            "bad.dialogue:1: `< before any message` comes before any `> message`",
            "bad.dialogue:2: `>` must be followed by a space",
            "bad.dialogue:4: `<?` takes no text",
            "bad.dialogue:5: `<=` needs a fact id",
            "bad.dialogue:6: unknown line \"what is this\"",
            "bad.dialogue:11: `>>` marks a follow-up, but nothing comes before it",
            "bad.dialogue:12: `< x` comes before any `> message`",
            "bad.dialogue:13: `gap` marks a message",
            "bad.dialogue:14: `gap` needs the message",
            "bad.dialogue:15: this message has no expectation",
            "bad.dialogue:16: `<=`: \"two words\" is not a fact id",
            "bad.dialogue:17: `<=?` needs the facts offered",
        ] {
            assert!(all.contains(expected), "missing {expected:?} in\n{all}");
        }
    }
}
