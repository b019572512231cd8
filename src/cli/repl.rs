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
use crate::engine::Engine;
use crate::messages as msg;

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
    last_question: Option<String>,
}

impl Session {
    pub fn new(engine: Engine) -> Session {
        Session {
            engine,
            conversation: Conversation::default(),
            last_question: None,
        }
    }

    /// Handles one line of input.
    pub fn handle(&mut self, line: &str) -> Outcome {
        let line = line.trim();
        if let Some(command) = line.strip_prefix(':') {
            return self.command(command.trim());
        }
        let reply = self.engine.respond(&mut self.conversation, line);
        self.last_question = Some(line.to_string());
        Outcome::Say(render::text(&reply))
    }

    fn command(&mut self, command: &str) -> Outcome {
        match command {
            "q" | "quit" | "exit" => Outcome::Quit,
            "help" | "h" | "?" => Outcome::Say(msg::REPL_HELP.to_string()),
            "topics" | "t" => Outcome::Say(self.topics()),
            "why" | "w" => Outcome::Say(self.why()),
            "reset" | "r" => {
                self.conversation.reset();
                self.last_question = None;
                Outcome::Say(msg::REPL_RESET.to_string())
            }
            other => {
                Outcome::Say(msg::REPL_UNKNOWN_COMMAND.replace("{command}", &format!(":{other}")))
            }
        }
    }

    fn topics(&self) -> String {
        let mut out = msg::TOPICS_HEADING.to_string();
        for topic in &self.engine.knowledge().topics {
            out.push_str(&format!("\n  - {} (try: {})", topic.title, topic.question));
        }
        out
    }

    fn why(&self) -> String {
        let Some(question) = &self.last_question else {
            return msg::REPL_WHY_NOTHING.to_string();
        };
        let explanation = self.engine.explain(question);
        let analysis = &explanation.analysis;
        let mut out = format!("question: {question:?}\nkind: {:?}", analysis.kind);
        if !analysis.corrections.is_empty() {
            let fixes: Vec<String> = analysis
                .corrections
                .iter()
                .map(|(typed, fixed)| format!("{typed} → {fixed}"))
                .collect();
            out.push_str(&format!("\ntypos: {}", fixes.join(", ")));
        }
        let terms: Vec<String> = analysis
            .terms
            .iter()
            .filter_map(|t| match t {
                crate::engine::Term::Concept(c) => Some(c.clone()),
                crate::engine::Term::Unknown(w) => Some(format!("?{w}")),
                crate::engine::Term::Generic => None,
            })
            .collect();
        out.push_str(&format!("\nterms: {}", terms.join(" ")));
        if explanation.candidates.is_empty() {
            out.push_str("\ncandidates: none");
        }
        for (id, score, fits) in &explanation.candidates {
            let note = if *fits {
                ""
            } else {
                "  (wrong kind of detail)"
            };
            out.push_str(&format!("\n  {score:.3}  {id}{note}"));
        }
        out
    }
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
    println!("{}\n", msg::REPL_BANNER);
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
