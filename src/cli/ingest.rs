//! `communique ingest SOURCE --out DIR`: drafts a package from a statement's text.
//!
//! The only I/O of ingesting: read the source, check the output directory, write the files the
//! library drafted ([`crate::ingest`]), and tell the curator what to do next.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{CliError, IngestFailure};
use crate::ingest::{self, Options};
use crate::messages as msg;

/// The `ingest` command's arguments.
#[derive(Debug, Clone)]
pub struct IngestArgs {
    pub source: PathBuf,
    pub out: PathBuf,
    pub id: Option<String>,
    pub date: Option<String>,
    pub update: bool,
    pub force: bool,
    /// `--knowledge DIR`: its language packs (`DIR/lang/`) draft instead of the built-in ones.
    pub knowledge: Option<PathBuf>,
}

/// Runs `ingest`.
pub fn run(args: &IngestArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let source = read_source(&args.source)?;
    check_out_dir(&args.out, args)?;
    let language = super::load_languages(args.knowledge.as_deref())?
        .into_iter()
        .find(|l| l.info.code.code() == "en")
        .ok_or(IngestFailure::NoEnglish)?;
    let options = Options {
        id: args.id.clone().unwrap_or_else(|| package_id(&args.out)),
        date: args.date.clone(),
    };
    let (draft, report) = if args.update {
        let old = crate::knowledge::files::read_dir(&args.out).map_err(CliError::Knowledge)?;
        let (draft, report) = ingest::update::update(&old, &source, &options, &language)
            .map_err(IngestFailure::from)?;
        (draft, Some(report))
    } else {
        let draft = ingest::ingest(&source, &options, &language).map_err(IngestFailure::from)?;
        (draft, None)
    };
    let files = ingest::write::files(&draft).map_err(IngestFailure::from)?;
    for (name, text) in &files {
        write_file(&args.out.join(name), text)?;
    }
    let mut out = io::stdout().lock();
    if let Some(report) = report {
        return print_update(&mut out, &report, &args.out, started);
    }
    if !draft.unreachable.is_empty() {
        writeln!(
            out,
            "{}",
            msg::INGEST_UNREACHABLE.replace("{ids}", &draft.unreachable.join(", "))
        )?;
    }
    writeln!(
        out,
        "{}",
        msg::INGEST_DONE
            .replace("{dir}", &args.out.display().to_string())
            .replace("{facts}", &draft.facts.len().to_string())
            .replace("{topics}", &draft.topics.len().to_string())
            .replace(
                "{paragraphs}",
                &crate::knowledge::paragraphs(&source).len().to_string()
            )
            .replace("{millis}", &started.elapsed().as_millis().to_string())
    )?;
    Ok(())
}

fn print_update(
    out: &mut impl Write,
    report: &ingest::update::UpdateReport,
    dir: &Path,
    started: Instant,
) -> Result<(), CliError> {
    let list = |numbers: &[u32]| {
        numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "{}",
        msg::INGEST_UPDATED
            .replace("{dir}", &dir.display().to_string())
            .replace("{kept}", &report.kept.len().to_string())
            .replace("{drafted}", &report.drafted.to_string())
            .replace("{millis}", &started.elapsed().as_millis().to_string())
    )?;
    if !report.changed.is_empty() {
        writeln!(
            out,
            "{}",
            msg::INGEST_CHANGED.replace("{list}", &list(&report.changed))
        )?;
    }
    if !report.added.is_empty() {
        writeln!(
            out,
            "{}",
            msg::INGEST_ADDED.replace("{list}", &list(&report.added))
        )?;
    }
    for (id, paragraphs) in &report.stale {
        writeln!(
            out,
            "{}",
            msg::INGEST_STALE
                .replace("{id}", id)
                .replace("{list}", &list(paragraphs))
        )?;
    }
    if !report.problems.is_empty() {
        writeln!(out, "{}", msg::INGEST_UPDATE_PROBLEMS)?;
        for problem in &report.problems {
            writeln!(out, "  {problem}")?;
        }
    }
    Ok(())
}

fn read_source(path: &Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| CliError::Read {
        path: path.display().to_string(),
        source: io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"),
    })
}

/// The out directory must be missing or empty, unless `--force` (or `--update` on a package).
fn check_out_dir(dir: &Path, args: &IngestArgs) -> Result<(), CliError> {
    let shown = dir.display().to_string();
    if args.update {
        if !dir.join("statement.toml").is_file() {
            return Err(IngestFailure::NothingToUpdate(shown).into());
        }
        return Ok(());
    }
    let non_empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(CliError::Read {
                path: shown,
                source,
            });
        }
    };
    if non_empty && !args.force {
        return Err(IngestFailure::OutNotEmpty(shown).into());
    }
    Ok(())
}

/// The package id of a directory: its name.
fn package_id(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "statement".to_string())
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    let fail = |source| CliError::Read {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, text).map_err(fail)
}
