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
use crate::malay::Lang;
use crate::voice::Voice;

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
    /// A session whose replies are in `lang` when given, else in each question's language.
    pub fn new(engine: Engine, lang: Option<Lang>) -> Session {
        Session {
            engine,
            conversation: Conversation::with_reply_lang(lang),
            last: None,
        }
    }

    /// The voice of the conversation's reply language (the REPL's own texts follow it).
    fn voice(&self) -> &Voice {
        self.engine
            .voice_in(self.engine.reply_lang(&self.conversation))
    }

    /// `phrase` of the REPL's voice, filled.
    fn say(&self, phrase: &str, values: &[(&str, &str)]) -> String {
        self.voice().fill(phrase, values)
    }

    /// Handles one line of input.
    pub fn handle(&mut self, line: &str) -> Outcome {
        let line = line.trim();
        if let Some(command) = line.strip_prefix(':') {
            return self.command(command.trim());
        }
        let (reply, trace) = self.engine.respond_traced(&mut self.conversation, line);
        self.last = Some((line.to_string(), trace));
        Outcome::Say(render::text(&reply, self.engine.voice_in(reply.lang)))
    }

    fn command(&mut self, command: &str) -> Outcome {
        let phrases = &self.voice().phrases().repl;
        if let Some(choice) = command
            .strip_prefix("lang")
            .filter(|rest| rest.is_empty() || rest.starts_with(' '))
        {
            return Outcome::Say(self.lang(choice.trim()));
        }
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
        self.say(&self.voice().phrases().repl.banner, &[])
    }

    /// `:lang` (which language replies are in), `:lang auto|en|ms` (set it).
    fn lang(&mut self, choice: &str) -> String {
        let languages: Vec<&str> = self.engine.languages().iter().map(|l| l.code()).collect();
        match choice {
            "" => {}
            "auto" => self.conversation.reply_lang = None,
            code => match Lang::from_code(code).filter(|l| self.engine.languages().contains(l)) {
                Some(lang) => self.conversation.reply_lang = Some(lang),
                None => return format!("usage: :lang auto|{}", languages.join("|")),
            },
        }
        match self.conversation.reply_lang {
            Some(lang) => format!("replies in: {}", lang.code()),
            None => format!(
                "replies in: auto (each question's language, now {})",
                self.engine.reply_lang(&self.conversation).code()
            ),
        }
    }

    fn topics(&self) -> String {
        let voice = self.voice();
        let lang = self.engine.reply_lang(&self.conversation);
        let mut out = voice.phrases().citation.topics.clone();
        for topic in self.engine.topics_in(lang) {
            out.push_str(&format!("\n  - {} (“{}”)", topic.title, topic.question));
        }
        out
    }

    /// How the last reply was reached: the trace the engine recorded for it.
    fn why(&self) -> String {
        let Some((question, trace)) = &self.last else {
            return self.say(&self.voice().phrases().repl.why_nothing, &[]);
        };
        explain(question, trace)
    }
}

/// A trace for people: route, kind, typo corrections, concepts, context and candidates.
pub fn explain(question: &str, trace: &Trace) -> String {
    let mut out = format!("question: {question:?}");
    if let Some(english) = &trace.read_as {
        out.push_str(&format!("\ntranslated: {english:?}"));
    }
    out.push_str(&format!(
        "\nroute: {:?}\nkind: {:?}",
        trace.route, trace.kind
    ));
    if !trace.corrections.is_empty() {
        let fixes: Vec<String> = trace
            .corrections
            .iter()
            .map(|(typed, fixed)| format!("{typed} → {fixed}"))
            .collect();
        out.push_str(&format!("\ntypos: {}", fixes.join(", ")));
    }
    if !trace.dropped.is_empty() {
        out.push_str(&format!("\nleft out: {}", trace.dropped.join(" ")));
    }
    if !trace.related.is_empty() {
        let read: Vec<String> = trace
            .related
            .iter()
            .map(|(typed, concept)| format!("{typed} → {concept}"))
            .collect();
        out.push_str(&format!("\nread as: {}", read.join(", ")));
    }
    out.push_str(&format!("\nterms: {}", terms(&trace.terms)));
    if !trace.premises.is_empty() {
        out.push_str(&format!("\npremises checked: {}", trace.premises.join(" ")));
    }
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

/// Runs the REPL: interactive on a terminal, line by line otherwise; replies in `lang` when given.
pub fn run(engine: Engine, lang: Option<Lang>) -> Result<(), CliError> {
    let mut session = Session::new(engine, lang);
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
