//! Scripted test dialogues: the `*.dialogue` format, its parser ([`parse`]) and its runner
//! ([`run`]), the one format for a package's conversations and the engine cases alike.
//!
//! A script is a list of conversations separated by `---`. A message is `> TEXT` (a question of its
//! own) or `>> TEXT` (a follow-up: it needs the conversation so far). The lines after a message are
//! expectations about the reply to it: `< A | B` (contains one of them, case-insensitive,
//! whitespace folded), `<! TEXT` (does not contain), `<?` (the honest no-answer), `<= ID` (answered
//! from fact ID; `<= A | B` when both facts are right), `<=? A | B` (a clarification offering
//! exactly facts A and B) and `<~` (small talk). A one-line case `EXPECTATION > TEXT` (with `<=`,
//! `<=?`, `<?` or `<~`) is a whole conversation of one turn. `gap ` before a message or a one-line
//! case marks a known gap: a turn whose expectations are known not to hold yet. `#` starts a
//! comment; blank lines are ignored.
//!
//! Parsing reports every malformed line with its file and line, never skipping one silently (a
//! message without an expectation is malformed too). Running does no I/O: the front end reads files
//! and prints the [`Failure`]s, the [`Gap`]s and the [`Tally`].

mod parse;
mod run;

use std::fmt;

pub use parse::{LineError, ParseError, SyntaxError, parse};
pub use run::run;

use communique_core::knowledge::Knowledge;
use communique_core::reply::Reply;

/// What a reply must (or must not) be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// `< A | B`: contains at least one of these.
    Contains(Vec<String>),
    /// `<! TEXT`: does not contain this.
    Lacks(String),
    /// `<?`: the statement holds no answer.
    NoAnswer,
    /// `<= A | B`: an answer (not a clarification) from one of these facts.
    Fact(Vec<String>),
    /// `<=? A | B`: a clarification offering exactly these facts, in any order.
    Clarify(Vec<String>),
    /// `<~`: small talk (no fact).
    SmallTalk,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Contains(any) => write!(f, "< {}", any.join(" | ")),
            Expect::Lacks(text) => write!(f, "<! {text}"),
            Expect::NoAnswer => write!(f, "<?"),
            Expect::Fact(ids) => write!(f, "<= {}", ids.join(" | ")),
            Expect::Clarify(ids) => write!(f, "<=? {}", ids.join(" | ")),
            Expect::SmallTalk => write!(f, "<~"),
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
    /// `>>`: the message needs the conversation so far. The runner also asks it in a fresh
    /// conversation, where its expectations must not all hold.
    pub follow_up: bool,
    /// `gap`: the expectations are known not to hold yet; the runner fails when they all do.
    pub known_gap: bool,
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
    fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.dialogues.iter().flat_map(|d| &d.turns)
    }

    /// How many checks running the script makes, each passing, failing or staying a known gap
    /// once: every expectation of a turn that is not a known gap, the out-of-context check of each
    /// such follow-up, and one per known gap.
    pub fn check_count(&self) -> usize {
        self.turns()
            .map(|t| match t.known_gap {
                true => 1,
                false => t.expectations.len() + usize::from(t.follow_up),
            })
            .sum()
    }

    /// Every expectation that names a fact `knowledge` does not have (a typo would make it fail, or
    /// pass through its other alternatives, for the wrong reason), as errors on their lines.
    pub fn unknown_facts(&self, knowledge: &Knowledge) -> Vec<SyntaxError> {
        let expectations = self.turns().flat_map(|t| &t.expectations);
        let named = expectations.flat_map(|e| match &e.expect {
            Expect::Fact(ids) | Expect::Clarify(ids) => ids.iter().map(|id| (e.line, id)).collect(),
            _ => Vec::new(),
        });
        named
            .filter(|(_, id)| knowledge.fact(id).is_none())
            .map(|(line, id)| SyntaxError {
                file: self.name.clone(),
                line,
                error: LineError::UnknownFact(id.clone()),
            })
            .collect()
    }

    /// What the script holds.
    pub fn tally(&self) -> Tally {
        Tally {
            files: 1,
            conversations: self.dialogues.len(),
            turns: self.turns().count(),
            follow_ups: self.turns().filter(|t| t.follow_up).count(),
            expectations: self.turns().map(|t| t.expectations.len()).sum(),
        }
    }
}

/// What a set of scripts holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub conversations: usize,
    pub turns: usize,
    pub follow_ups: usize,
    pub expectations: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.files += other.files;
        self.conversations += other.conversations;
        self.turns += other.turns;
        self.follow_ups += other.follow_ups;
        self.expectations += other.expectations;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, {} ({}), {}",
            count(self.files, "file"),
            count(self.conversations, "conversation"),
            count(self.turns, "turn"),
            count(self.follow_ups, "follow-up"),
            count(self.expectations, "expectation"),
        )
    }
}

/// "1 file", "2 files".
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// What went wrong with a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An expectation did not hold.
    Unmet(Expect),
    /// A follow-up's expectations all hold when it is asked in a fresh conversation, so they do not
    /// show that the context was used.
    PassesWithoutContext,
    /// A known gap's expectations all hold: it is no longer a gap.
    GapPasses,
}

/// A check that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub file: String,
    pub line: usize,
    pub message: String,
    pub problem: Problem,
    /// The reply the check looked at (for [`Problem::PassesWithoutContext`], the reply in a fresh
    /// conversation).
    pub reply: Reply,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, asked) = match &self.problem {
            Problem::Unmet(expect) => (format!("expected {expect}"), "after:"),
            Problem::PassesWithoutContext => (
                "follow-up passes without context".to_string(),
                "asked alone:",
            ),
            Problem::GapPasses => (
                "known gap passes: all its expectations hold now; drop its `gap` marker"
                    .to_string(),
                "after:",
            ),
        };
        write!(f, "{}:{}: {what}", self.file, self.line)?;
        write_exchange(f, asked, &self.message, &self.reply, usize::MAX)
    }
}

/// A known gap that is still a gap: the expectations that do not hold yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub file: String,
    pub line: usize,
    pub message: String,
    pub unmet: Vec<Expect>,
    pub reply: Reply,
}

/// How much of a reply a known gap's report shows.
const GAP_REPLY_CHARS: usize = 160;

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unmet: Vec<String> = self.unmet.iter().map(ToString::to_string).collect();
        write!(
            f,
            "{}:{}: known gap: expected {}",
            self.file,
            self.line,
            unmet.join(", ")
        )?;
        write_exchange(f, "after:", &self.message, &self.reply, GAP_REPLY_CHARS)
    }
}

/// The message and the reply, indented under a report line.
fn write_exchange(
    f: &mut fmt::Formatter<'_>,
    asked: &str,
    message: &str,
    reply: &Reply,
    max_chars: usize,
) -> fmt::Result {
    let fact = reply.fact.as_deref().unwrap_or("none");
    let answer = communique_core::text::truncate_chars(&reply.answer, max_chars);
    write!(
        f,
        "\n    {asked} > {message}\n    got:   {} (fact: {fact})",
        answer.replace('\n', "\n           ")
    )
}

/// The outcome of running scripts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Checks that passed.
    pub passed: usize,
    pub failures: Vec<Failure>,
    /// Known gaps that are still gaps.
    pub known_gaps: Vec<Gap>,
    /// Malformed lines found (each counts as a failed check).
    pub malformed: usize,
    /// What the scripts run held.
    pub tally: Tally,
}

impl Outcome {
    /// Failed checks, malformed lines included.
    pub fn failed(&self) -> usize {
        self.failures.len() + self.malformed
    }

    /// The closing line: "N passed, N failed, N known gaps" (checks).
    pub fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {}",
            self.passed,
            self.failed(),
            count(self.known_gaps.len(), "known gap")
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_every_fact_id_the_knowledge_lacks() {
        let knowledge = Knowledge::embedded().unwrap();
        let text = "> q\n<= fta-deadline | no-such-fact\n<=? health-mou-2019 | typo-fact\n< no-such-fact\n";
        let script = parse("x.dialogue", text).unwrap();
        let errors: Vec<String> = script
            .unknown_facts(&knowledge)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "x.dialogue:2: no fact has the id \"no-such-fact\" in this knowledge",
                "x.dialogue:3: no fact has the id \"typo-fact\" in this knowledge",
            ]
        );
    }

    #[test]
    fn counts_what_a_script_holds_and_checks() {
        let text = "> a\n< x\n>> b\n< y\n<! z\n---\ngap >> c\n< w\n<? > d\n";
        let err = parse("x.dialogue", text).unwrap_err();
        // `gap >> c` opens a conversation: there is nothing for it to follow up on.
        assert_eq!(err.errors[0].line, 7);
        let script = parse("x.dialogue", &text.replace("gap >>", "gap >")).unwrap();
        assert_eq!(
            script.tally().to_string(),
            "1 file: 3 conversations, 4 turns (1 follow-up), 5 expectations"
        );
        // a: 1; b: 2 and its context check; c (a known gap): 1; d: 1.
        assert_eq!(script.check_count(), 6);
    }
}
