//! The command line front ends: `ask`, `batch`, `check` and the REPL, over a [`Library`] of one or
//! more statements (each with its own [`Engine`]).
//!
//! This is the binary's edge: it reads stdin and files, prints, and turns failures into
//! [`CliError`]s that `main` maps to exit codes. Rendering of replies for people is the core's
//! [`crate::render`]; line input with a bounded length is in [`input`].

pub mod ingest;
pub mod input;

pub mod repl;
pub mod review;

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::knowledge::{self, Knowledge, Language, LoadError};
use crate::lang::{Lang, Toolkit};
use crate::languages::{self, LanguagesError};
use crate::library::{Library, UnknownStatement};
use crate::live::{self, LiveError};
use crate::messages as msg;
use crate::render;
use crate::review::{LogError, LogSettings, QuestionLog};

/// Answers questions about official joint statements, and says honestly when the statement
/// doesn't say.
#[derive(Debug, Parser)]
#[command(name = "communique", version, about, long_about = None)]
pub struct Cli {
    /// Load the knowledge base from DIR instead of the built-in one: a statement package, or a
    /// directory of packages (all of them are served).
    #[arg(long, global = true, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

    /// The language of replies: `auto` answers each question in its own language (Malay for a
    /// Malay or mostly-Malay question; a message that shows none keeps the conversation's); a
    /// language code (`en`, `ms`) answers in that language whatever the question's.
    #[arg(long, global = true, value_name = "auto|CODE", default_value = "auto", value_parser = LangChoice::parse)]
    pub lang: LangChoice,

    /// With several statements: start every conversation in this one (its package id); `check`
    /// and `test` check only it.
    #[arg(long, global = true, value_name = "ID")]
    pub statement: Option<String>,

    /// Keep a private log of the questions answered (the REPL, `ask`, `batch`): one JSON line per
    /// question with what the bot decided, no names or ids, e-mail addresses and phone numbers
    /// masked, the file created 0600 and rotated by size; `communique review FILE` reads it
    /// (docs/curation.md). Off unless given.
    #[arg(long, global = true, value_name = "FILE")]
    pub log_questions: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Interactive session (the default): line editing and history on a terminal; on a pipe, one
    /// reply per input line.
    Repl,
    /// Answer one question.
    Ask {
        /// Print the reply as one JSON object.
        #[arg(long)]
        json: bool,
        /// The question (several words are joined with spaces).
        #[arg(required = true, value_name = "QUESTION")]
        question: Vec<String>,
    },
    /// Answer one question per line of stdin, each in a fresh conversation, one reply per line.
    Batch {
        /// Print each reply as one JSON object per line:
        /// {"answer", "fact" (id or null), "score", "related", ...}.
        #[arg(long)]
        json: bool,
    },
    /// Print the language of each line of stdin, as the bot reads it: `en` or `ms` and the
    /// detector's confidence (0: no evidence either way), one line per input line.
    Detect,
    /// Run scripted test dialogues (`*.dialogue` files or directories of them).
    Test {
        /// Files or directories [default: the package's dialogues: DIR/dialogues with
        /// --knowledge DIR, else knowledge/<package>/dialogues].
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Validate the knowledge, and check it against the statement's text (the package's
    /// source.txt, or --source FILE): every quote verbatim, every paragraph cited.
    Check {
        /// The statement's text [default: the package's own source.txt].
        #[arg(long, value_name = "FILE")]
        source: Option<PathBuf>,
    },
    /// Draft a statement package from a statement's text (plain text or the markdown of a press
    /// page): metadata, facts, topics, vocabulary and a dialogue proving every fact reachable.
    Ingest {
        /// The statement's text, as published.
        #[arg(value_name = "SOURCE")]
        source: PathBuf,
        /// The package directory to write; its name is the package's id.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package's id [default: the name of --out].
        #[arg(long)]
        id: Option<String>,
        /// The statement's date, YYYY-MM-DD, when its text does not say it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Re-ingest a changed source into the package in --out, keeping hand edits.
        #[arg(long, conflicts_with = "force")]
        update: bool,
        /// Overwrite --out even if it holds files.
        #[arg(long)]
        force: bool,
    },
    /// Review question logs (--log-questions, [log] questions): counts by outcome and language,
    /// the unanswered and weakly answered questions in clusters of the same need, each with a
    /// suggested action and its evidence, and the facts no one asked about.
    Review {
        /// The log files (FILE, and its rotated FILE.1, FILE.2, …).
        #[arg(required = true, value_name = "LOG")]
        logs: Vec<PathBuf>,
        /// Only records of this UTC day or later.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Also write the report as a self-contained HTML page with charts.
        #[arg(long, value_name = "REPORT.html")]
        html: Option<PathBuf>,
        /// Write the proposed changes into the package named by --knowledge DIR (each proved
        /// again, asked about on a terminal; a change that makes check or the package's dialogues
        /// fail is not written).
        #[arg(long)]
        apply: bool,
        /// With --apply: accept every change that passes the checks without asking.
        #[arg(long, requires = "apply")]
        yes: bool,
    },
    /// Run the Telegram bot (long polling or a webhook) until Ctrl-C or SIGTERM. The token comes
    /// from TELOXIDE_TOKEN or the file named by telegram.token_file, the Bot API server from
    /// --api-url or TELOXIDE_API_URL; see config/default.toml.
    #[cfg(feature = "telegram")]
    Telegram {
        /// Read this TOML file over the built-in defaults (config/default.toml lists every key).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Bot API server URL (telegram.api_url), e.g. a self-hosted Bot API server; wins over
        /// TELOXIDE_API_URL.
        #[arg(long, value_name = "URL")]
        api_url: Option<String>,
        /// File whose first line is the bot token (telegram.token_file); TELOXIDE_TOKEN wins.
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Log filter (telegram.log), e.g. "info" or "debug"; RUST_LOG wins.
        #[arg(long, value_name = "FILTER")]
        log: Option<String>,
    },
    /// Serve the HTTP API (POST /v1/ask, ...) and the embeddable chat widget (GET /,
    /// GET /widget.js) until Ctrl-C or SIGTERM; see docs/web.md and config/default.toml [serve].
    #[cfg(feature = "serve")]
    Serve {
        /// The address to listen on (serve.listen), e.g. 127.0.0.1:8090 or 0.0.0.0:8090.
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Read this TOML file over the built-in defaults (config/default.toml lists every key).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Log filter (telegram.log), e.g. "info" or "debug"; RUST_LOG wins.
        #[arg(long, value_name = "FILTER")]
        log: Option<String>,
    },
}

/// `--lang`: how the reply language is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangChoice {
    /// The language of each question (else of the conversation).
    Auto,
    /// Always this language.
    Fixed(Lang),
}

/// A `--lang` value that is neither `auto` nor a language code.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0:?} is neither `auto` nor a language code of 2 or 3 letters (`en`, `ms`)")]
pub struct NotALanguage(String);

impl LangChoice {
    /// Reads `--lang`'s value.
    pub fn parse(value: &str) -> Result<LangChoice, NotALanguage> {
        if value.eq_ignore_ascii_case("auto") {
            return Ok(LangChoice::Auto);
        }
        Lang::new(value)
            .map(LangChoice::Fixed)
            .ok_or_else(|| NotALanguage(value.to_string()))
    }

    /// The fixed reply language, `None` for `auto`.
    pub fn fixed(self) -> Option<Lang> {
        match self {
            LangChoice::Auto => None,
            LangChoice::Fixed(lang) => Some(lang),
        }
    }
}

/// A failure the user can act on, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(
        "{0}fix the files listed above, or run without --knowledge to use the built-in statement"
    )]
    Knowledge(LoadError),
    #[error("{0}; fix the language pack, or run without --knowledge to use the built-in ones")]
    Languages(#[from] LanguagesError),
    #[error("check found {0} problem(s)")]
    CheckFailed(usize),
    #[error("{0} dialogue check(s) failed")]
    DialoguesFailed(usize),
    #[error("no *.dialogue files found in {0}")]
    NoDialogues(String),
    #[error("cannot read {path}")]
    Read { path: String, source: io::Error },
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("the REPL's line editor failed")]
    Repl(#[source] rustyline::error::ReadlineError),
    #[cfg(feature = "telegram")]
    #[error("the Telegram bot cannot run")]
    Telegram(#[source] TelegramError),
    #[cfg(feature = "serve")]
    #[error("the web server cannot run")]
    Serve(#[source] ServeFailure),
    #[error("the statement could not be ingested")]
    Ingest(#[from] IngestFailure),
    #[error(transparent)]
    Review(#[from] review::ReviewError),
    #[error("{0}; the loaded statements are: {1}")]
    UnknownStatement(UnknownStatement, String),
    #[error("{0} statements are loaded: name the one whose dialogues to run with --statement ID")]
    WhichStatement(usize),
    #[error("no statement can reply in {0:?} (--lang); use `auto` or one of: {1}")]
    UnknownLanguage(String, String),
}

impl CliError {
    /// Whether this is a write to a closed pipe (the reader stopped reading: not a failure).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(err) if err.kind() == io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Knowledge(_) | CliError::Languages(_) | CliError::CheckFailed(_) => 1,
            CliError::DialoguesFailed(_) | CliError::NoDialogues(_) => 1,
            CliError::Read { .. } | CliError::Io(_) | CliError::Repl(_) => 1,
            CliError::Ingest(_) | CliError::Review(_) => 1,
            #[cfg(feature = "telegram")]
            CliError::Telegram(_) => 1,
            #[cfg(feature = "serve")]
            CliError::Serve(_) => 1,
            CliError::UnknownStatement(..) | CliError::WhichStatement(_) => 2,
            CliError::UnknownLanguage(..) => 2,
        }
    }
}

impl From<LiveError> for CliError {
    fn from(error: LiveError) -> CliError {
        match error {
            LiveError::Load(error) => CliError::Knowledge(error),
            LiveError::Languages(error) => CliError::Languages(error),
        }
    }
}

/// The language packs the flags ask for: those of `--knowledge DIR` (its `lang/`) over the
/// embedded ones, else the embedded ones.
pub fn load_languages(dir: Option<&Path>) -> Result<Vec<Arc<Language>>, CliError> {
    match dir {
        Some(dir) if dir.is_dir() && !knowledge::files::is_package(dir) => {
            knowledge::files::read_languages_over_embedded(dir)
        }
        _ => knowledge::embedded_languages(),
    }
    .map_err(CliError::Knowledge)
}

/// The engine of `knowledge`, reading with the language crates over its packs.
fn engine(knowledge: Knowledge) -> Result<Engine, CliError> {
    Ok(languages::engine(knowledge)?)
}

/// Loads the knowledge the flags ask for (exactly one statement package).
pub fn load_knowledge(dir: Option<&Path>) -> Result<Knowledge, CliError> {
    match dir {
        Some(dir) => knowledge::files::read_dir(dir),
        None => Knowledge::embedded(),
    }
    .map_err(CliError::Knowledge)
}

/// Loads every statement package the flags ask for: those under `--knowledge DIR`, else the
/// embedded ones.
pub fn load_packages(dir: Option<&Path>) -> Result<Vec<Knowledge>, CliError> {
    match dir {
        Some(dir) => knowledge::files::read_library(dir),
        None => Knowledge::embedded_all(),
    }
    .map_err(CliError::Knowledge)
}

/// The library of every package the flags ask for (read and indexed side by side), its
/// conversations starting in `home` when given, and the toolkit it reads with.
pub fn library(dir: Option<&Path>, home: Option<&str>) -> Result<(Library, Toolkit), CliError> {
    let loaded = live::load(dir)?;
    let library = Library::from_engines(loaded.engines);
    let ids = library
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let library = library
        .with_home(home)
        .map_err(|e| CliError::UnknownStatement(e, ids))?;
    Ok((library, loaded.toolkit))
}

/// Why the Telegram bot could not run: its configuration, the statements it was told to serve,
/// its runtime, or the bot itself.
#[cfg(feature = "telegram")]
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error(transparent)]
    Config(#[from] crate::telegram::config::ConfigError),
    #[error(transparent)]
    Select(#[from] live::SelectError),
    #[error("cannot start the bot's runtime")]
    Runtime(#[source] io::Error),
    #[error(transparent)]
    Start(#[from] crate::telegram::StartError),
}

/// Why the web server could not run: its configuration, the statements it was told to serve,
/// its runtime, or the server itself.
#[cfg(feature = "serve")]
#[derive(Debug, thiserror::Error)]
pub enum ServeFailure {
    #[error(transparent)]
    Config(#[from] crate::telegram::config::ConfigError),
    #[error(transparent)]
    Select(#[from] live::SelectError),
    #[error("cannot start the web server's runtime")]
    Runtime(#[source] io::Error),
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
}

/// Why `ingest` could not draft or write a package.
#[derive(Debug, thiserror::Error)]
pub enum IngestFailure {
    #[error("{}", msg::INGEST_NO_ENGLISH)]
    NoEnglish,
    #[error("{}", msg::INGEST_NOTHING_TO_UPDATE.replace("{dir}", .0))]
    NothingToUpdate(String),
    #[error("{}", msg::INGEST_OUT_NOT_EMPTY.replace("{dir}", .0))]
    OutNotEmpty(String),
    #[error(transparent)]
    Draft(#[from] crate::ingest::IngestError),
    #[error(transparent)]
    Write(#[from] crate::ingest::WriteError),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    if let Some(Command::Ingest {
        source,
        out,
        id,
        date,
        update,
        force,
    }) = &cli.command
    {
        return ingest::run(&ingest::IngestArgs {
            source: source.clone(),
            out: out.clone(),
            id: id.clone(),
            date: date.clone(),
            update: *update,
            force: *force,
            knowledge: cli.knowledge.clone(),
        });
    }
    let dir = cli.knowledge.as_deref();
    let home = cli.statement.as_deref();
    let lang = cli.lang.fixed();
    let answering = |(library, _): (Library, Toolkit)| replying_in(library, lang);
    let log = || cli.log_questions.as_deref().map(question_log);
    match cli.command.unwrap_or(Command::Repl) {
        Command::Repl => {
            let (library, toolkit) = library(dir, home)?;
            warm_up(&library, &toolkit);
            let watch = dir.map(|dir| (dir, toolkit));
            repl::run(replying_in(library, lang)?, watch, lang, log())
        }
        Command::Ask { json, question } => {
            let library = answering(library(dir, home)?)?;
            let asked = ask(&library, &question.join(" "), json, lang, log().as_deref());
            // The process ends here: the operating system takes the memory back at once, where
            // freeing the library piece by piece would cost `ask` a tenth of its time.
            std::mem::forget(library);
            asked
        }
        Command::Batch { json } => {
            let (library, toolkit) = library(dir, home)?;
            // Kept for the whole process, as `ask` keeps its library: the operating system
            // takes the memory back at exit, and the warm-up below may outlive the answers.
            let library: &'static Library = Box::leak(Box::new(replying_in(library, lang)?));
            let toolkit: &'static Toolkit = Box::leak(Box::new(toolkit));
            // The lookup indexes are built on a second core while the first questions are
            // answered: first those a question would wait for (the home statement's typo index
            // and places), then the word tables, which are searched in place until their index
            // is ready. Nothing waits for it: it only fills caches, so a short run ends when
            // its last answer is written, not when the indexes are done (and if the thread
            // cannot start, the first questions that need an index build it).
            let _warm_up = std::thread::Builder::new().spawn(|| {
                library.warm_up_for_many();
                toolkit.warm_up();
            });
            batch(library, json, lang, log().as_deref())
        }
        Command::Check { source } => {
            for knowledge in chosen(load_packages(dir)?, home)? {
                check(&knowledge, source.as_deref())?;
            }
            Ok(())
        }
        Command::Detect => detect(&languages::toolkit(&load_languages(dir)?)?),
        Command::Review {
            logs,
            since,
            json,
            html,
            apply,
            yes,
        } => review::run(&review::ReviewArgs {
            logs,
            knowledge: cli.knowledge.clone(),
            statement: cli.statement.clone(),
            since,
            json,
            html,
            apply,
            yes,
        }),
        // Handled above, before any knowledge is loaded.
        Command::Ingest { .. } => Ok(()),
        Command::Test { paths } => {
            let chosen = chosen(load_packages(dir)?, home)?;
            if paths.is_empty() {
                let mut failed = 0;
                for knowledge in chosen {
                    let paths = vec![default_dialogues(dir, &knowledge)];
                    match test_dialogues(&engine(knowledge)?, &paths) {
                        Err(CliError::DialoguesFailed(n)) => failed += n,
                        other => other?,
                    }
                }
                return match failed {
                    0 => Ok(()),
                    n => Err(CliError::DialoguesFailed(n)),
                };
            }
            let mut chosen = chosen;
            match (chosen.pop(), chosen.len()) {
                (Some(knowledge), 0) => test_dialogues(&engine(knowledge)?, &paths),
                (_, n) => Err(CliError::WhichStatement(n + 1)),
            }
        }
        #[cfg(feature = "telegram")]
        Command::Telegram {
            config,
            api_url,
            token_file,
            log,
        } => telegram(
            dir,
            crate::telegram::config::Overrides {
                config_file: config,
                api_url,
                token_file,
                log,
                listen: None,
            },
        ),
        #[cfg(feature = "serve")]
        Command::Serve {
            listen,
            config,
            log,
        } => serve(
            dir,
            crate::telegram::config::Overrides {
                config_file: config,
                log,
                listen,
                ..Default::default()
            },
        ),
    }
}

/// Builds the lookup indexes a front end answering many questions wants ready before the first
/// (`ask`, answering one, searches the tables as they are instead).
fn warm_up(library: &Library, toolkit: &Toolkit) {
    toolkit.warm_up();
    library.warm_up();
}

/// `library`, when some statement of it can reply in `lang` (the `--lang` fixed, if any).
fn replying_in(library: Library, lang: Option<Lang>) -> Result<Library, CliError> {
    let Some(lang) = lang else {
        return Ok(library);
    };
    let mut known: Vec<Lang> = library
        .entries()
        .iter()
        .flat_map(|e| e.engine().languages())
        .collect();
    if known.contains(&lang) {
        return Ok(library);
    }
    known.sort();
    known.dedup();
    let codes: Vec<&str> = known.iter().map(Lang::code).collect();
    Err(CliError::UnknownLanguage(
        lang.to_string(),
        codes.join(", "),
    ))
}

/// The packages `--statement` names (all when it names none).
fn chosen(packages: Vec<Knowledge>, id: Option<&str>) -> Result<Vec<Knowledge>, CliError> {
    let Some(id) = id else {
        return Ok(packages);
    };
    let ids = packages
        .iter()
        .map(|k| k.id.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let chosen: Vec<Knowledge> = packages.into_iter().filter(|k| k.id == id).collect();
    if chosen.is_empty() {
        return Err(CliError::UnknownStatement(
            UnknownStatement(id.to_string()),
            ids,
        ));
    }
    Ok(chosen)
}

/// What a long-running front end (the bot, `serve`) serves: the statements its configuration
/// selects, indexes warmed, and with `--knowledge DIR` what a reload needs to watch it.
#[cfg(feature = "telegram")]
#[allow(clippy::type_complexity)]
fn served(
    dir: Option<&Path>,
    config: &crate::telegram::config::Config,
    select_failed: impl FnOnce(live::SelectError) -> CliError,
) -> Result<
    (
        Library,
        Option<(std::path::PathBuf, live::Selection, Toolkit)>,
    ),
    CliError,
> {
    let selection = live::Selection {
        statements: config.telegram.statement_ids(),
        home: config.telegram.home_id(),
    };
    let loaded = live::load(dir)?;
    let library = live::select(loaded.engines, &selection).map_err(select_failed)?;
    warm_up(&library, &loaded.toolkit);
    Ok((
        library,
        dir.map(|d| (d.to_path_buf(), selection, loaded.toolkit)),
    ))
}

#[cfg(feature = "telegram")]
fn telegram(
    dir: Option<&Path>,
    overrides: crate::telegram::config::Overrides,
) -> Result<(), CliError> {
    use crate::telegram::{self, config};
    let fail = |e: TelegramError| CliError::Telegram(e);
    let config = config::Config::load(&overrides).map_err(|e| fail(e.into()))?;
    let token = config
        .token(std::env::var(config::TOKEN_ENV).ok())
        .map_err(|e| fail(e.into()))?;
    telegram::init_logging(&config.telegram.log);
    let (library, watch) = served(dir, &config, |e| fail(e.into()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(TelegramError::Runtime(e)))?;
    let shelf = std::sync::Arc::new(live::Shelf::new(library));
    let served = runtime.block_on(telegram::serve(&config, token, shelf, watch));
    // Whatever is still running (handlers cut off at the end of the grace period) is dropped.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    served.map_err(|e| fail(e.into()))
}

#[cfg(feature = "serve")]
fn serve(
    dir: Option<&Path>,
    overrides: crate::telegram::config::Overrides,
) -> Result<(), CliError> {
    use crate::telegram::config;
    let fail = |e: ServeFailure| CliError::Serve(e);
    let config = config::Config::load(&overrides).map_err(|e| fail(e.into()))?;
    crate::telegram::init_logging(&config.telegram.log);
    let (library, watch) = served(dir, &config, |e| fail(e.into()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(ServeFailure::Runtime(e)))?;
    let shelf = std::sync::Arc::new(live::Shelf::new(library));
    let served = runtime.block_on(crate::serve::run(&config, shelf, watch));
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    served.map_err(|e| fail(e.into()))
}

/// The question log at `path`, its failures reported on stderr (once per run of failures).
pub fn question_log(path: &Path) -> std::sync::Arc<QuestionLog> {
    let report = |err: &LogError| {
        let _ = writeln!(
            io::stderr(),
            "communique: {}",
            msg::QUESTION_LOG_FAILED.replace("{error}", &err.to_string())
        );
    };
    std::sync::Arc::new(QuestionLog::open(
        path,
        LogSettings::default(),
        Box::new(report),
    ))
}

fn ask(
    library: &Library,
    question: &str,
    json: bool,
    lang: Option<Lang>,
    log: Option<&QuestionLog>,
) -> Result<(), CliError> {
    let mut conversation = Conversation::with_reply_lang(lang);
    let routed = library.respond_traced(&mut conversation, question);
    if let Some(log) = log {
        log.record(&routed, question, Some("ask"));
    }
    let reply = routed.reply;
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", render::json(&reply))?;
    } else if let Some(voice) = library.voice_for(&reply) {
        writeln!(out, "{}", render::text(&reply, voice))?;
    }
    Ok(())
}

/// One reply per line, each question in a fresh conversation (in the reply language `lang` when
/// fixed); with `json`, each reply carries its `"lang"`. With `log`, each question is logged as a
/// conversation of its own. Questions that arrive together are answered on every core (the
/// replies keep their order); a reply is written out as soon as no more input is waiting.
fn batch(
    library: &Library,
    json: bool,
    lang: Option<Lang>,
    log: Option<&QuestionLog>,
) -> Result<(), CliError> {
    let stdin = io::BufReader::with_capacity(input::MAX_LINE_BYTES, io::stdin().lock());
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut lines = input::BoundedLines::new(stdin);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut number = 0u64;
    let mut questions = Vec::new();
    loop {
        // The questions already read, answered together: a caller that sends one line and waits
        // gets its reply at once, a file of questions is answered on every core.
        questions.clear();
        while questions.len() < BATCH_AT_MOST
            && (questions.is_empty() || lines.has_buffered_input())
        {
            match lines.next_line()? {
                Some(line) => questions.push(line),
                None => break,
            }
        }
        if questions.is_empty() {
            break;
        }
        // Each reply is rendered by the thread that answered it; only the writing is in order.
        let logging = log.is_some();
        let answer = |question: &String| {
            let routed = library.respond_traced(&mut Conversation::with_reply_lang(lang), question);
            let line = if json {
                render::json(&routed.reply)
            } else {
                render::one_line(&routed.reply)
            };
            (line, logging.then_some(routed))
        };
        for (question, (line, routed)) in
            questions.iter().zip(answer_all(&questions, answer, cores))
        {
            number += 1;
            if let (Some(log), Some(routed)) = (log, routed) {
                log.record(&routed, question, Some(&format!("batch:{number}")));
            }
            writeln!(out, "{line}")?;
        }
        if !lines.has_buffered_input() {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The most questions `batch` reads ahead and answers together.
const BATCH_AT_MOST: usize = 512;

/// `answer` of each of `questions`, in order: by a thread per core when there are enough to be
/// worth one, each taking the next few unanswered questions (questions differ in cost: a Malay
/// one is read twice), so no core waits while another has a long run left.
fn answer_all<T: Send>(
    questions: &[String],
    answer: impl Fn(&String) -> T + Sync,
    cores: usize,
) -> Vec<T> {
    let answer = &answer;
    let threads = cores.min(questions.len() / QUESTIONS_PER_THREAD);
    if threads <= 1 {
        return questions.iter().map(answer).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take_turns = || {
        let mut answered = Vec::new();
        loop {
            let from = next.fetch_add(QUESTIONS_PER_TURN, std::sync::atomic::Ordering::Relaxed);
            let Some(turn) = questions.get(from..).filter(|rest| !rest.is_empty()) else {
                return answered;
            };
            let turn = turn.iter().take(QUESTIONS_PER_TURN);
            answered.extend(turn.enumerate().map(|(i, q)| (from + i, answer(q))));
        }
    };
    let mut slots: Vec<Option<T>> = questions.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, take_turns)
                    .ok()
            })
            .collect();
        let mut answered = take_turns();
        for helper in helpers {
            // (a thread that failed: its questions are answered below)
            answered.extend(helper.join().unwrap_or_default());
        }
        for (at, routed) in answered {
            if let Some(slot) = slots.get_mut(at) {
                *slot = Some(routed);
            }
        }
    });
    slots
        .into_iter()
        .zip(questions)
        .map(|(slot, question)| slot.unwrap_or_else(|| answer(question)))
        .collect()
}

/// A thread is started for at least this many questions: for fewer, it costs more than it saves.
const QUESTIONS_PER_THREAD: usize = 16;

/// How many questions in a row a thread takes at a time: few enough to even out uneven input,
/// enough that the threads rarely touch the shared counter.
const QUESTIONS_PER_TURN: usize = 32;

/// `detect`: the language of each stdin line as `toolkit` reads it, `CODE<TAB>CONFIDENCE`.
fn detect(toolkit: &Toolkit) -> Result<(), CliError> {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for_each_line(stdin, |line| {
        match languages::detect(toolkit, line) {
            Some((lang, confidence)) => writeln!(out, "{lang}\t{confidence:.2}")?,
            None => writeln!(out, "{}\t0.00", msg::DETECT_NOTHING)?,
        }
        Ok(true)
    })?;
    out.flush()?;
    Ok(())
}

fn check(knowledge: &Knowledge, source: Option<&Path>) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{}",
        msg::CHECK_OK
            .replace("{facts}", &knowledge.facts.len().to_string())
            .replace("{topics}", &knowledge.topics.len().to_string())
            .replace("{synonyms}", &knowledge.synonyms.len().to_string())
            .replace(
                "{intents}",
                &(knowledge.language.intents.len() + knowledge.intents.len()).to_string()
            )
    )?;
    // The drafting files of its language packs (read only when a drafter asks for them).
    let drafting = drafting_problems(knowledge);
    for problem in &drafting {
        writeln!(out, "{problem}")?;
    }
    // Every fact and topic in every language the package is translated into.
    let mut untranslated = knowledge::check_translations(knowledge);
    for problem in &untranslated {
        writeln!(out, "{problem}")?;
    }
    untranslated.extend(drafting);
    if untranslated.is_empty() {
        for (translation, language) in &knowledge.translations {
            writeln!(
                out,
                "{}",
                msg::CHECK_TRANSLATION_OK
                    .replace("{file}", &translation.file)
                    .replace("{language}", &language.info.name)
                    .replace("{facts}", &translation.fact.len().to_string())
                    .replace("{topics}", &translation.topic.len().to_string())
            )?;
        }
    }
    // The statement's text: the one named by --source, else the package's own source.txt.
    let (name, text) = match source {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| CliError::Read {
                path: path.display().to_string(),
                source,
            })?;
            (
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        }
        None => match &knowledge.source {
            Some(file) => (file.name.clone(), file.text.clone()),
            None => {
                writeln!(out, "{}", msg::CHECK_NO_SOURCE)?;
                return match untranslated.len() {
                    0 => Ok(()),
                    n => Err(CliError::CheckFailed(n)),
                };
            }
        },
    };
    let report = knowledge::check_source(knowledge, &name, &text);
    if report.problems.is_empty() {
        writeln!(
            out,
            "{}",
            msg::CHECK_SOURCE_OK
                .replace("{source}", &name)
                .replace("{quotes}", &report.quotes_checked.to_string())
                .replace("{paragraphs}", &report.paragraphs.to_string())
        )?;
    }
    for problem in &report.problems {
        writeln!(out, "{problem}")?;
    }
    match report.problems.len() + untranslated.len() {
        0 => Ok(()),
        n => Err(CliError::CheckFailed(n)),
    }
}

/// The problems of the drafting files (`drafting.toml`, `places.txt`, `regions.txt`) of the
/// language packs `knowledge` is written and translated in, for those packs that have them.
fn drafting_problems(knowledge: &Knowledge) -> Vec<knowledge::Problem> {
    let mut packs: Vec<&Arc<Language>> = vec![&knowledge.language];
    for (_, language) in &knowledge.translations {
        if !packs.iter().any(|p| Arc::ptr_eq(p, language)) {
            packs.push(language);
        }
    }
    packs
        .into_iter()
        .filter(|language| language.drafting_files.is_present())
        .filter_map(|language| language.drafting().err())
        .flat_map(|error| error.problems)
        .collect()
}

/// Where a package keeps its scripted dialogues, inside its directory.
pub const DIALOGUES_DIR: &str = "dialogues";

/// The dialogues of the package in use: under `--knowledge DIR` when given (DIR itself a package,
/// or DIR/<id>), else under `knowledge/<id>/` of the working directory (the repository).
pub fn default_dialogues(knowledge_dir: Option<&Path>, knowledge: &Knowledge) -> PathBuf {
    match knowledge_dir {
        Some(dir) if dir.join("statement.toml").is_file() => dir.join(DIALOGUES_DIR),
        Some(dir) => dir.join(&knowledge.id).join(DIALOGUES_DIR),
        None => Path::new("knowledge")
            .join(&knowledge.id)
            .join(DIALOGUES_DIR),
    }
}

/// Every `*.dialogue` file under `paths` (directories are searched recursively), sorted.
pub fn dialogue_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_dialogues(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(CliError::Read {
                path: path.display().to_string(),
                source: io::Error::new(io::ErrorKind::NotFound, "no such file or directory"),
            });
        }
    }
    files.sort();
    Ok(files)
}

fn collect_dialogues(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let read_error = |source| CliError::Read {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir() {
            collect_dialogues(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "dialogue") {
            files.push(path);
        }
    }
    Ok(())
}

/// Runs the dialogue files under `paths` and returns the outcome, with the report written to `out`:
/// each failure as `file:line`, the check and the actual reply (malformed lines count as failures),
/// then the known gaps, what the files held, and `N passed, N failed, N known gaps`.
pub fn run_dialogues(
    engine: &Engine,
    paths: &[PathBuf],
    out: &mut impl Write,
) -> Result<crate::dialogue::Outcome, CliError> {
    let files = dialogue_files(paths)?;
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::NoDialogues(shown.join(", ")));
    }
    let mut outcome = crate::dialogue::Outcome::default();
    for file in &files {
        run_dialogue_file(engine, file, &mut outcome, out)?;
    }
    for gap in &outcome.known_gaps {
        writeln!(out, "{gap}")?;
    }
    writeln!(out, "{}", outcome.tally)?;
    writeln!(out, "{}", outcome.summary())?;
    Ok(outcome)
}

/// Parses and runs one dialogue file, writing its failures (or malformed lines) to `out`.
fn run_dialogue_file(
    engine: &Engine,
    file: &Path,
    outcome: &mut crate::dialogue::Outcome,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|source| CliError::Read {
        path: name.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let failed_before = outcome.failures.len();
    let errors = match crate::dialogue::parse(&name, &text) {
        Ok(script) => {
            // A script naming a fact the knowledge lacks is malformed for it: not run.
            let unknown = script.unknown_facts(engine.knowledge());
            if unknown.is_empty() {
                crate::dialogue::run(engine, &script, outcome);
            }
            unknown
        }
        Err(err) => err.errors,
    };
    if !errors.is_empty() {
        for error in &errors {
            writeln!(out, "{error}")?;
        }
        outcome.malformed += errors.len();
        outcome.tally.files += 1;
    }
    for failure in outcome.failures.iter().skip(failed_before) {
        writeln!(out, "{failure}")?;
    }
    Ok(())
}

fn test_dialogues(engine: &Engine, paths: &[PathBuf]) -> Result<(), CliError> {
    let outcome = run_dialogues(engine, paths, &mut io::stdout().lock())?;
    match outcome.failed() {
        0 => Ok(()),
        n => Err(CliError::DialoguesFailed(n)),
    }
}

/// Reads every line of `reader` (bounded, lossily decoded) and hands it to `handle`.
pub fn for_each_line<R: BufRead>(
    reader: R,
    mut handle: impl FnMut(&str) -> Result<bool, CliError>,
) -> Result<(), CliError> {
    let mut lines = input::BoundedLines::new(reader);
    while let Some(line) = lines.next_line()? {
        if !handle(&line)? {
            break;
        }
    }
    Ok(())
}
