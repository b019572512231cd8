//! The REPL: one conversation, questions in, replies out, plus `:commands`.
//!
//! [`Session::handle`] does all the work for one line, so the terminal loop (rustyline: history,
//! line editing) and the pipe loop (stdin is not a terminal) behave identically; tests drive the
//! pipe loop.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::{CliError, for_each_line, render};
use crate::conversation::Conversation;
use crate::engine::{Engine, Term, Trace};

/// What a line asks the session to do next.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Print this and read on.
    Say(String),
    /// Leave.
    Quit,
}

/// One REPL conversation.
pub struct Session {
    engine: Engine,
    conversation: Conversation,
    /// The last question and the trace of the reply it got, for `:why`.
    last: Option<(String, Trace)>,
}

impl Session {
    pub fn new(engine: Engine) -> Session {
        Session {
            engine,
            conversation: Conversation::default(),
            last: None,
        }
    }

    /// `phrase` of the REPL's voice, filled.
    fn say(&self, phrase: &str, values: &[(&str, &str)]) -> String {
        self.engine.voice().fill(phrase, values)
    }

    /// Handles one line of input.
    pub fn handle(&mut self, line: &str) -> Outcome {
        let line = line.trim();
        if let Some(command) = line.strip_prefix(':') {
            return self.command(command.trim());
        }
        let (reply, trace) = self.engine.respond_traced(&mut self.conversation, line);
        self.last = Some((line.to_string(), trace));
        Outcome::Say(render::text(&reply, self.engine.voice()))
    }

    fn command(&mut self, command: &str) -> Outcome {
        let phrases = &self.engine.voice().phrases().repl;
        match command {
            "q" | "quit" | "exit" => Outcome::Quit,
            "help" | "h" | "?" => Outcome::Say(self.say(&phrases.help, &[])),
            "topics" | "t" => Outcome::Say(self.topics()),
            "why" | "w" => Outcome::Say(self.why()),
            "reset" | "r" => {
                let said = self.say(&phrases.reset, &[]);
                self.conversation.reset();
                self.last = None;
                Outcome::Say(said)
            }
            other => Outcome::Say(self.say(
                &phrases.unknown_command,
                &[("command", &format!(":{other}"))],
            )),
        }
    }

    /// The REPL's banner, shown once when a terminal session starts.
    pub fn banner(&self) -> String {
        self.say(&self.engine.voice().phrases().repl.banner, &[])
    }

    fn topics(&self) -> String {
        let mut out = self.engine.voice().phrases().citation.topics.clone();
        for topic in &self.engine.knowledge().topics {
            out.push_str(&format!("\n  - {} (try: {})", topic.title, topic.question));
        }
        out
    }

    /// How the last reply was reached: the trace the engine recorded for it.
    fn why(&self) -> String {
        let Some((question, trace)) = &self.last else {
            return self.say(&self.engine.voice().phrases().repl.why_nothing, &[]);
        };
        explain(question, trace)
    }
}

/// A trace for people: route, kind, typo corrections, concepts, context and candidates.
pub fn explain(question: &str, trace: &Trace) -> String {
    let mut out = format!(
        "question: {question:?}\nread as: {:?}\nkind: {:?}",
        trace.route, trace.kind
    );
    if !trace.corrections.is_empty() {
        let fixes: Vec<String> = trace
            .corrections
            .iter()
            .map(|(typed, fixed)| format!("{typed} → {fixed}"))
            .collect();
        out.push_str(&format!("\ntypos: {}", fixes.join(", ")));
    }
    out.push_str(&format!("\nterms: {}", terms(&trace.terms)));
    if !trace.context.is_empty() {
        out.push_str(&format!("\ncontext: {}", terms(&trace.context)));
    }
    if trace.candidates.is_empty() {
        out.push_str("\ncandidates: none");
    }
    for c in &trace.candidates {
        let note = if c.fits_kind {
            ""
        } else {
            "  (wrong kind of detail)"
        };
        out.push_str(&format!(
            "\n  {:.3}  {}  (covers {:.2}){note}",
            c.score, c.fact, c.coverage
        ));
    }
    out
}

/// Concepts as the index names them; words the statement never uses with a leading `?`.
fn terms(terms: &[Term]) -> String {
    let shown: Vec<String> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Concept(c) => Some(c.clone()),
            Term::Unknown(w) => Some(format!("?{w}")),
            Term::Generic => None,
        })
        .collect();
    shown.join(" ")
}

/// Runs the REPL: interactive on a terminal, line by line otherwise.
pub fn run(engine: Engine) -> Result<(), CliError> {
    let mut session = Session::new(engine);
    if io::stdin().is_terminal() {
        interactive(&mut session)
    } else {
        piped(&mut session)
    }
}

fn piped(session: &mut Session) -> Result<(), CliError> {
    let stdin = io::stdin().lock();
    let mut out = io::stdout().lock();
    for_each_line(stdin, |line| match session.handle(line) {
        Outcome::Say(text) => {
            writeln!(out, "{text}\n")?;
            Ok(true)
        }
        Outcome::Quit => Ok(false),
    })
}

fn history_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".communique_history"))
}

fn interactive(session: &mut Session) -> Result<(), CliError> {
    let mut editor = DefaultEditor::new().map_err(|e| CliError::Repl(e.to_string()))?;
    let history = history_path();
    if let Some(path) = &history {
        // A missing history file is normal on first use.
        let _ = editor.load_history(path);
    }
    println!("{}\n", session.banner());
    loop {
        match editor.readline("? ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                match session.handle(&line) {
                    Outcome::Say(text) => println!("{text}\n"),
                    Outcome::Quit => break,
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(err) => return Err(CliError::Repl(err.to_string())),
        }
    }
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(())
}
