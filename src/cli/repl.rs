//! The REPL: one conversation, questions in, replies out, plus `:commands`.
//!
//! [`Session::handle`] does all the work for one line, so the terminal loop (rustyline: history,
//! line editing) and the pipe loop (stdin is not a terminal) behave identically; tests drive the
//! pipe loop. The session answers from the library on its [`Shelf`]: with `--knowledge DIR`, a
//! thread watches DIR and swaps in a new library when packages change (reported on stderr), and
//! each line is answered by the library of that moment.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use super::{CliError, for_each_line, render};
use crate::conversation::Conversation;
use crate::engine::{Term, Trace};
use crate::lang::{Lang, Toolkit};
use crate::library::{Library, Routing};
use crate::live::{self, Selection, Shelf};
use crate::messages as msg;
use crate::review::QuestionLog;
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
    shelf: Arc<Shelf>,
    conversation: Conversation,
    /// The last question, the trace of the reply it got and how it was routed, for `:why`.
    last: Option<(String, Option<Trace>, Routing)>,
    /// The question log, if one is kept, and the number of the conversation in it (a `:reset`
    /// starts the next).
    log: Option<Arc<QuestionLog>>,
    conversations: u64,
}

impl Session {
    /// A session whose replies are in `lang` when given, else in each question's language.
    pub fn new(library: Library, lang: Option<Lang>) -> Session {
        Session::on_shelf(Arc::new(Shelf::new(library)), lang)
    }

    /// A session answering from whatever library `shelf` holds at each line.
    pub fn on_shelf(shelf: Arc<Shelf>, lang: Option<Lang>) -> Session {
        Session {
            shelf,
            conversation: Conversation::with_reply_lang(lang),
            last: None,
            log: None,
            conversations: 1,
        }
    }

    /// The session, logging each question it answers to `log`.
    pub fn logging_to(mut self, log: Option<Arc<QuestionLog>>) -> Session {
        self.log = log;
        self
    }

    /// `phrase` of the REPL's voice (the conversation's reply language: the REPL's own texts
    /// follow it), filled.
    fn say(&self, phrase: impl Fn(&Voice) -> &String, values: &[(&str, &str)]) -> String {
        let library = self.shelf.library();
        match library.engine_for(&self.conversation) {
            Some(engine) => {
                let voice = engine.voice_in(engine.reply_lang(&self.conversation));
                voice.fill(phrase(voice), values)
            }
            None => String::new(),
        }
    }

    /// Handles one line of input.
    pub fn handle(&mut self, line: &str) -> Outcome {
        let line = line.trim();
        if let Some(command) = line.strip_prefix(':') {
            return self.command(command.trim());
        }
        let library = self.shelf.library();
        let routed = library.respond_traced(&mut self.conversation, line);
        if let Some(log) = &self.log {
            log.record(&routed, line, Some(&format!("repl:{}", self.conversations)));
        }
        self.last = Some((line.to_string(), routed.trace, routed.routing));
        Outcome::Say(self.render(&library, &routed.reply))
    }

    /// A reply as the terminal shows it, in the voice of the statement it speaks for.
    fn render(&self, library: &Library, reply: &crate::reply::Reply) -> String {
        match library.voice_for(reply) {
            Some(voice) => render::text(reply, voice),
            None => reply.answer.clone(),
        }
    }

    fn command(&mut self, command: &str) -> Outcome {
        let (name, argument) = match command.split_once(char::is_whitespace) {
            Some((name, rest)) => (name, rest.trim()),
            None => (command, ""),
        };
        match name {
            "q" | "quit" | "exit" => Outcome::Quit,
            "help" | "h" | "?" => {
                let mut help = self.say(|v| &v.phrases().repl.help, &[]);
                help.push_str(&self.shelf.library().help_lines(&self.conversation, false));
                Outcome::Say(help)
            }
            "topics" | "t" => Outcome::Say(self.topics()),
            "why" | "w" => Outcome::Say(self.why()),
            "statements" | "s" => Outcome::Say(self.statements()),
            "use" | "u" => Outcome::Say(self.use_statement(argument)),
            "lang" => Outcome::Say(self.lang(argument)),
            "reset" | "r" => {
                let said = self.say(|v| &v.phrases().repl.reset, &[]);
                self.conversation.reset();
                self.last = None;
                self.conversations += 1;
                Outcome::Say(said)
            }
            other => Outcome::Say(self.say(
                |v| &v.phrases().repl.unknown_command,
                &[("command", &format!(":{other}"))],
            )),
        }
    }

    /// The REPL's banner, shown once when a terminal session starts.
    pub fn banner(&self) -> String {
        self.say(|v| &v.phrases().repl.banner, &[])
    }

    /// `:lang` (which language replies are in), `:lang auto|en|ms` (set it).
    fn lang(&mut self, choice: &str) -> String {
        let library = self.shelf.library();
        let Some(engine) = library.engine_for(&self.conversation) else {
            return String::new();
        };
        let languages = engine.languages();
        match choice {
            "" => {}
            "auto" => self.conversation.reply_lang = None,
            code => match engine.lang_of(code).filter(|l| languages.contains(l)) {
                Some(lang) => self.conversation.reply_lang = Some(lang),
                None => {
                    let codes: Vec<&str> = languages.iter().map(|l| l.code()).collect();
                    return format!("usage: :lang auto|{}", codes.join("|"));
                }
            },
        }
        match self.conversation.reply_lang {
            Some(lang) => format!("replies in: {}", lang.code()),
            None => format!(
                "replies in: auto (each question's language, now {})",
                engine.reply_lang(&self.conversation).code()
            ),
        }
    }

    fn topics(&self) -> String {
        let library = self.shelf.library();
        let Some(engine) = library.engine_for(&self.conversation) else {
            return String::new();
        };
        let lang = engine.reply_lang(&self.conversation);
        let mut out = engine.voice_in(lang).phrases().citation.topics.clone();
        for topic in engine.topics_in(lang) {
            out.push_str(&format!("\n  - {} (“{}”)", topic.title, topic.question));
        }
        out
    }

    /// `:statements`: every statement loaded, the one in use marked.
    fn statements(&self) -> String {
        let (heading, lines) = self.shelf.library().listing(&self.conversation);
        let mut out = heading;
        for line in lines {
            out.push_str(&format!("\n  - {line}"));
        }
        out
    }

    /// `:use ID`: answer from that statement from now on (and the pending question, if any).
    fn use_statement(&mut self, id: &str) -> String {
        let library = self.shelf.library();
        if id.is_empty() {
            return format!(
                "{}\n{}",
                library.use_how(&self.conversation, false),
                self.statements()
            );
        }
        match library.use_statement(&mut self.conversation, id) {
            Ok(routed) => {
                self.last = Some((format!(":use {id}"), routed.trace, routed.routing));
                self.render(&library, &routed.reply)
            }
            Err(_) => library.unknown_statement(&self.conversation, id, false),
        }
    }

    /// How the last reply was reached: the trace the engine recorded for it.
    fn why(&self) -> String {
        let Some((question, trace, routing)) = &self.last else {
            return self.say(|v| &v.phrases().repl.why_nothing, &[]);
        };
        let mut out = String::new();
        if *routing != Routing::Only {
            out.push_str(&routing_line(
                routing,
                self.conversation.statement.as_deref(),
            ));
        }
        match trace {
            Some(trace) => out.push_str(&explain(question, trace)),
            None => out.push_str(&format!("question: {question:?}")),
        }
        out
    }
}

/// How a message was routed between statements, for `:why`.
fn routing_line(routing: &Routing, statement: Option<&str>) -> String {
    let statement = statement.unwrap_or("-");
    let mut out = match routing {
        Routing::Only => String::new(),
        Routing::InUse => format!("statement: {statement} (in use)"),
        Routing::Named => format!("statement: {statement} (named in the message)"),
        Routing::Picked => format!("statement: {statement} (picked)"),
        Routing::Best(_) => format!("statement: {statement} (best of those considered)"),
        Routing::Switched => {
            format!("statement: {statement} (the only one with an answer; the one in use had none)")
        }
        Routing::Library(_) => "statement: none (a reply about the library)".to_string(),
    };
    if let Routing::Best(considered) | Routing::Library(considered) = routing {
        for c in considered {
            out.push_str(&format!(
                "\n  considered {}: {} {:.3}",
                c.statement, c.outcome, c.score
            ));
        }
    }
    out.push('\n');
    out
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
        out.push_str(&format!("\ntypos: {}", arrows(&trace.corrections)));
    }
    if !trace.dropped.is_empty() {
        out.push_str(&format!("\nleft out: {}", trace.dropped.join(" ")));
    }
    if !trace.related.is_empty() {
        out.push_str(&format!("\nread as: {}", arrows(&trace.related)));
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

/// Words as typed and what they were read as: "teh → the, jobs → role".
fn arrows(pairs: &[(String, String)]) -> String {
    let shown: Vec<String> = pairs
        .iter()
        .map(|(typed, read)| format!("{typed} → {read}"))
        .collect();
    shown.join(", ")
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
/// With `watch`, the knowledge directory the library came from is watched and reloaded when it
/// changes; with `log`, each question answered is logged there.
pub fn run(
    library: Library,
    watch: Option<(&Path, Toolkit)>,
    lang: Option<Lang>,
    log: Option<Arc<QuestionLog>>,
) -> Result<(), CliError> {
    let home = library.named_home().map(str::to_string);
    let shelf = Arc::new(Shelf::new(library));
    // Reload events go to stderr, where they do not mix with the replies.
    let _watching = match watch {
        Some((dir, toolkit)) => live::watch(
            Arc::clone(&shelf),
            dir.to_path_buf(),
            Selection {
                statements: Vec::new(),
                home,
            },
            toolkit,
            Duration::from_millis(msg::RELOAD_EVERY_MS),
            |event| {
                let _ = writeln!(io::stderr(), "{}", event);
            },
        )
        .ok(),
        None => None,
    };
    let mut session = Session::on_shelf(shelf, lang).logging_to(log);
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
    let mut editor = DefaultEditor::new().map_err(CliError::Repl)?;
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
            Err(err) => return Err(CliError::Repl(err)),
        }
    }
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(())
}
