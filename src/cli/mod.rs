//! The command line front ends: `ask`, `batch`, `check` and the REPL, over one [`Engine`].
//!
//! This is the binary's edge: it reads stdin and files, prints, and turns failures into
//! [`CliError`]s that `main` maps to exit codes. Rendering of replies for people lives in
//! [`render`]; line input with a bounded length in [`input`].

pub mod input;
pub mod render;
pub mod repl;

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::engine::Engine;
use crate::knowledge::{self, Knowledge, LoadError};
use crate::messages as msg;

/// Answers questions about the Malaysia–South Korea joint statement of 25 November 2024.
#[derive(Debug, Parser)]
#[command(name = "communique", version, about, long_about = None)]
pub struct Cli {
    /// Load the knowledge base from DIR instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

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
    /// Validate the knowledge base; with --source, also check it against the statement's text.
    Check {
        /// The statement's text: every quote must appear in it, every paragraph must be cited.
        #[arg(long, value_name = "FILE")]
        source: Option<PathBuf>,
    },
    /// Run the Telegram bot (long polling) until Ctrl-C or SIGTERM. The token comes from
    /// TELOXIDE_TOKEN or the file named by telegram.token_file; see config/default.toml.
    #[cfg(feature = "telegram")]
    Telegram {
        /// Read this TOML file over the built-in defaults (config/default.toml lists every key).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Bot API server URL (telegram.api_url), e.g. a self-hosted Bot API server.
        #[arg(long, value_name = "URL")]
        api_url: Option<String>,
        /// File whose first line is the bot token (telegram.token_file); TELOXIDE_TOKEN wins.
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Log filter (telegram.log), e.g. "info" or "debug"; RUST_LOG wins.
        #[arg(long, value_name = "FILTER")]
        log: Option<String>,
    },
}

/// A failure the user can act on, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(
        "{0}fix the files listed above, or run without --knowledge to use the built-in statement"
    )]
    Knowledge(LoadError),
    #[error("check found {0} problem(s)")]
    CheckFailed(usize),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("the REPL failed: {0}")]
    Repl(String),
    #[error("{0}")]
    Telegram(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Knowledge(_) | CliError::CheckFailed(_) => 1,
            CliError::Read { .. } | CliError::Io(_) | CliError::Repl(_) => 1,
            CliError::Telegram(_) => 1,
        }
    }
}

/// Loads the knowledge the flags ask for.
pub fn load_knowledge(dir: Option<&Path>) -> Result<Knowledge, CliError> {
    match dir {
        Some(dir) => knowledge::files::read_dir(dir),
        None => Knowledge::embedded(),
    }
    .map_err(CliError::Knowledge)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let knowledge = load_knowledge(cli.knowledge.as_deref())?;
    match cli.command.unwrap_or(Command::Repl) {
        Command::Repl => repl::run(Engine::new(knowledge)),
        Command::Ask { json, question } => ask(&Engine::new(knowledge), &question.join(" "), json),
        Command::Batch { json } => batch(&Engine::new(knowledge), json),
        Command::Check { source } => check(&knowledge, source.as_deref()),
        #[cfg(feature = "telegram")]
        Command::Telegram {
            config,
            api_url,
            token_file,
            log,
        } => telegram(
            Engine::new(knowledge),
            crate::telegram::config::Overrides {
                config_file: config,
                api_url,
                token_file,
                log,
            },
        ),
    }
}

#[cfg(feature = "telegram")]
fn telegram(engine: Engine, overrides: crate::telegram::config::Overrides) -> Result<(), CliError> {
    use crate::telegram::{self, config};
    let fail = |e: &dyn std::fmt::Display| CliError::Telegram(e.to_string());
    let config = config::Config::load(&overrides).map_err(|e| fail(&e))?;
    let token = config
        .token(std::env::var(config::TOKEN_ENV).ok())
        .map_err(|e| fail(&e))?;
    telegram::init_logging(&config.telegram.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(&e))?;
    runtime
        .block_on(telegram::serve(&config, token, std::sync::Arc::new(engine)))
        .map_err(|e| fail(&e))
}

fn ask(engine: &Engine, question: &str, json: bool) -> Result<(), CliError> {
    let reply = engine.answer(question);
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", render::json(&reply))?;
    } else {
        writeln!(out, "{}", render::text(&reply))?;
    }
    Ok(())
}

fn batch(engine: &Engine, json: bool) -> Result<(), CliError> {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut lines = input::BoundedLines::new(stdin);
    while let Some(line) = lines.next_line()? {
        let reply = engine.answer(&line);
        if json {
            writeln!(out, "{}", render::json(&reply))?;
        } else {
            writeln!(out, "{}", render::one_line(&reply))?;
        }
        if !lines.has_buffered_input() {
            out.flush()?;
        }
    }
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
            .replace("{intents}", &knowledge.intents.len().to_string())
    )?;
    let Some(path) = source else { return Ok(()) };
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let report = knowledge::check_source(knowledge, &path.display().to_string(), &text);
    if report.problems.is_empty() {
        writeln!(
            out,
            "{}",
            msg::CHECK_SOURCE_OK
                .replace("{quotes}", &report.quotes_checked.to_string())
                .replace("{paragraphs}", &report.paragraphs.to_string())
        )?;
        return Ok(());
    }
    for problem in &report.problems {
        writeln!(out, "{problem}")?;
    }
    Err(CliError::CheckFailed(report.problems.len()))
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
