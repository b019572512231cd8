//! `communique review LOG...`: the report on question logs (text, `--json`, `--html`), and
//! `--apply`, which writes the accepted changes into a package on disk.
//!
//! The work is `communique-review`'s; here are the files, the terminal and the words. `--apply`
//! proves each change again with the changes accepted before it, asks before each on a terminal
//! (`--yes` accepts every change that passes), writes only the files that changed (each replaced
//! in one step), then loads the package from disk and checks it once more, restoring the files if
//! that ever fails.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::knowledge::{self, Knowledge, Language, LoadError};
use crate::messages as msg;
use crate::review::package::{Change, Package, PackageError};
use crate::review::read::{Filter, ReadError, read_logs};
use crate::review::review::{Cluster, Report, Statement};
use crate::review::suggest::{Action, Evidence};
use crate::review::verify::{Bench, check_problems, run_dialogues};
use crate::review::{Curator, clock};

use super::CliError;

pub mod html;

/// Why `review` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{}", msg::REVIEW_BAD_SINCE.replace("{value}", .0))]
    BadSince(String),
    #[error("{}", msg::REVIEW_APPLY_NEEDS_KNOWLEDGE)]
    ApplyNeedsKnowledge,
    #[error("{}", msg::REVIEW_APPLY_NEEDS_TTY)]
    ApplyNeedsTerminal,
    #[error("cannot read the question logs")]
    Read(#[from] ReadError),
    #[error("cannot read the statement package")]
    Package(#[from] PackageError),
    #[error("cannot write the report as JSON")]
    Json(#[from] serde_json::Error),
    #[error("cannot draw the report page")]
    Chart(#[from] html::ChartError),
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{}", msg::REVIEW_APPLY_RESTORED)]
    Restored(#[source] Recheck),
}

/// How many questions of a cluster the text report lists.
const SHOWN_QUESTIONS: usize = 12;
/// How many facts no one asked about are named.
const SHOWN_UNASKED: usize = 40;

/// What `review` was asked to do.
#[derive(Debug, Clone)]
pub struct ReviewArgs {
    pub logs: Vec<PathBuf>,
    pub knowledge: Option<PathBuf>,
    pub statement: Option<String>,
    pub since: Option<String>,
    pub json: bool,
    pub html: Option<PathBuf>,
    pub apply: bool,
    pub yes: bool,
}

/// Runs `review`.
pub fn run(args: &ReviewArgs) -> Result<(), CliError> {
    if let Some(since) = &args.since
        && !clock::is_date(since)
    {
        return Err(ReviewError::BadSince(since.clone()).into());
    }
    if args.apply && args.knowledge.is_none() {
        return Err(ReviewError::ApplyNeedsKnowledge.into());
    }
    if args.apply && !args.yes && !io::stdin().is_terminal() {
        return Err(ReviewError::ApplyNeedsTerminal.into());
    }
    let filter = Filter {
        statement: args.statement.clone(),
        since: args.since.clone(),
    };
    let (packages, languages) = packages(args.knowledge.as_deref())?;
    // One package given (a copy, a renamed directory): it stands for the statement the log names.
    let only = match packages.as_slice() {
        [one] => Some(one.id.clone()),
        _ => None,
    };
    let filter = Filter {
        statement: filter.statement.filter(|_| only.is_none()),
        ..filter
    };
    let (mut records, skipped) = read_logs(&args.logs, &filter).map_err(ReviewError::from)?;
    if let Some(id) = &only {
        records.retain(|r| {
            args.statement.is_none()
                || r.statement.as_deref() == args.statement.as_deref()
                || r.statement.as_deref() == Some(id.as_str())
        });
        for record in &mut records {
            if record.statement.is_some() {
                record.statement = Some(id.clone());
            }
        }
    }
    let toolkit = crate::languages::toolkit(&languages)?;
    let bench = Bench::new(languages, toolkit);
    let mut statements = Vec::new();
    for package in packages {
        let engine = bench.engine(&package).map_err(CliError::Knowledge)?;
        statements.push(Statement { package, engine });
    }
    let report = crate::review::review(&records, &skipped, &statements, &bench);
    let mut out = io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(ReviewError::from)?;
        writeln!(out, "{json}")?;
    } else {
        write!(out, "{}", text(&report))?;
    }
    if let Some(path) = &args.html {
        let page = html::page(&report).map_err(ReviewError::from)?;
        write_private(path, &page).map_err(|source| ReviewError::Write {
            path: path.display().to_string(),
            source,
        })?;
        if !args.json {
            writeln!(
                out,
                "{}",
                msg::REVIEW_HTML_WRITTEN.replace("{path}", &path.display().to_string())
            )?;
        }
    }
    drop(out);
    if args.apply {
        apply(&report, &records, statements, &bench, args.yes)?;
    }
    Ok(())
}

/// The packages to review against, as text, with the language packs they are read with: those
/// under `--knowledge DIR`, else the ones compiled in (with the repository's dialogues when run
/// from it).
fn packages(dir: Option<&Path>) -> Result<(Vec<Package>, Vec<Arc<Language>>), CliError> {
    let read = |dir: &Path| Package::read(dir).map_err(|e| CliError::from(ReviewError::from(e)));
    match dir {
        Some(dir) if knowledge::files::is_package(dir) => Ok((
            vec![read(dir)?],
            knowledge::embedded_languages().map_err(CliError::Knowledge)?,
        )),
        Some(dir) => {
            let languages =
                knowledge::files::read_languages_over_embedded(dir).map_err(CliError::Knowledge)?;
            let dirs = knowledge::files::package_dirs(dir).map_err(CliError::Knowledge)?;
            if dirs.is_empty() {
                // the loader says what is wrong with the directory
                knowledge::files::read_library(dir).map_err(CliError::Knowledge)?;
            }
            let packages = dirs.iter().map(|d| read(d)).collect::<Result<_, _>>()?;
            Ok((packages, languages))
        }
        None => {
            let ids: Vec<String> = Knowledge::embedded_all()
                .map_err(CliError::Knowledge)?
                .into_iter()
                .map(|k| k.id)
                .collect();
            let packages = ids
                .iter()
                .filter_map(|id| {
                    let dialogues = Path::new("knowledge").join(id).join(super::DIALOGUES_DIR);
                    Package::embedded(id, Some(&dialogues))
                })
                .collect();
            Ok((
                packages,
                knowledge::embedded_languages().map_err(CliError::Knowledge)?,
            ))
        }
    }
}

/// `--apply`: each proposed change of each package, proved again, asked about, kept; then the
/// changed files written and checked from disk.
fn apply(
    report: &Report,
    records: &[crate::review::Record],
    statements: Vec<Statement>,
    bench: &Bench,
    yes: bool,
) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    let mut wrote_any = false;
    for statement in statements {
        let id = statement.package.id.clone();
        let proposed: Vec<(&Cluster, &Change)> = report
            .clusters
            .iter()
            .filter(|c| c.statement.as_deref() == Some(id.as_str()))
            .filter_map(|c| Some((c, c.action.change()?)))
            .collect();
        if proposed.is_empty() {
            continue;
        }
        let mut seen = std::collections::BTreeSet::new();
        let questions: Vec<String> = records
            .iter()
            .filter(|r| r.statement.as_deref() == Some(id.as_str()) && r.stands_alone())
            .filter(|r| seen.insert(r.text.clone()))
            .map(|r| r.text.clone())
            .collect();
        let mut curator =
            Curator::new(bench, statement.package, questions).map_err(ReviewError::from)?;
        let mut accepted = 0;
        for (cluster, change) in proposed {
            let asked: Vec<String> = cluster.questions.iter().map(|q| q.text.clone()).collect();
            let named = change_name(change);
            if let Err(why) = curator.try_change(change, &asked, cluster.action.concept()) {
                writeln!(
                    out,
                    "{}",
                    msg::REVIEW_APPLY_SKIPPED
                        .replace("{change}", &named)
                        .replace("{why}", &why.why)
                )?;
                continue;
            }
            let take = yes || {
                write!(
                    out,
                    "{}\n{}",
                    msg::REVIEW_APPLY_PROPOSE
                        .replace("{change}", &named)
                        .replace("{file}", change.file()),
                    msg::REVIEW_APPLY_ASK
                )?;
                out.flush()?;
                let mut answer = String::new();
                io::stdin().lock().read_line(&mut answer)?;
                matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")
            };
            if !take {
                writeln!(
                    out,
                    "{}",
                    msg::REVIEW_APPLY_DECLINED.replace("{change}", &named)
                )?;
                continue;
            }
            curator.accept(change).map_err(ReviewError::from)?;
            accepted += 1;
            writeln!(
                out,
                "{}",
                msg::REVIEW_APPLY_ACCEPTED.replace("{change}", &named)
            )?;
        }
        if accepted == 0 {
            continue;
        }
        write_package(&curator, bench, accepted, &mut out)?;
        wrote_any = true;
    }
    if !wrote_any {
        writeln!(out, "{}", msg::REVIEW_APPLY_NOTHING)?;
    }
    Ok(())
}

/// Writes the files the curator changed, then reads the package back from disk and checks it;
/// restores the old files if that fails.
fn write_package(
    curator: &Curator<'_>,
    bench: &Bench,
    accepted: usize,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let original = curator.original();
    let changed = curator.package().changed_since(original);
    for file in &changed {
        replace_file(Path::new(&file.name), &file.text)?;
    }
    let names: Vec<String> = changed.iter().map(|f| f.name.clone()).collect();
    let verdict = match original.dir.as_deref() {
        Some(dir) => recheck(dir, original, bench),
        None => Ok(()),
    };
    if let Err(why) = verdict {
        for file in &changed {
            if let Some(old) = original.files.iter().find(|o| o.name == file.name) {
                replace_file(Path::new(&old.name), &old.text)?;
            }
        }
        return Err(ReviewError::Restored(why).into());
    }
    writeln!(
        out,
        "{}",
        msg::REVIEW_APPLY_WROTE
            .replace("{count}", &accepted.to_string())
            .replace("{files}", &names.join(", "))
    )?;
    Ok(())
}

/// The package in `dir` loads, and its dialogues and `check` fail nothing `before` did not.
fn recheck(dir: &Path, before: &Package, bench: &Bench) -> Result<(), Recheck> {
    let written = Package::read(dir)?;
    let engine = bench.engine(&written)?;
    let old = bench.engine(before)?;
    let (was, is) = (
        run_dialogues(&old, before),
        run_dialogues(&engine, &written),
    );
    if let Some(new) = is.failures.difference(&was.failures).next() {
        return Err(Recheck::Dialogue(new.clone()));
    }
    let (was, is) = (
        check_problems(&old, before),
        check_problems(&engine, &written),
    );
    match is.difference(&was).next() {
        Some(new) => Err(Recheck::Check(new.clone())),
        None => Ok(()),
    }
}

/// Why a package written by `--apply` failed once read back from disk.
#[derive(Debug, thiserror::Error)]
pub enum Recheck {
    #[error(transparent)]
    Read(#[from] PackageError),
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A dialogue check that failed now and did not before.
    #[error("{0}")]
    Dialogue(String),
    /// A problem `check` finds now and did not before.
    #[error("{0}")]
    Check(String),
}

/// Writes `text` to `path`, created readable by its owner only where the system has modes: the
/// page holds the questions people asked, as private as the log it was made from.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        // an existing file keeps its mode through open(): narrow it as well
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(text.as_bytes())
    }
    #[cfg(not(unix))]
    {
        options.open(path)?.write_all(text.as_bytes())
    }
}

/// Replaces `path` with `text` in one step (a sibling temporary file renamed over it), keeping
/// the file's permissions.
fn replace_file(path: &Path, text: &str) -> Result<(), ReviewError> {
    let failed = |source| ReviewError::Write {
        path: path.display().to_string(),
        source,
    };
    let mut temporary = path.as_os_str().to_os_string();
    temporary.push(".review-tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(failed)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(&temporary, metadata.permissions()).map_err(failed)?;
    }
    std::fs::rename(&temporary, path).map_err(failed)
}

/// A change in words.
pub fn change_name(change: &Change) -> String {
    match change {
        Change::Synonym {
            canonical,
            word,
            new_group: false,
        } => msg::REVIEW_CHANGE_SYNONYM
            .replace("{word}", word)
            .replace("{canonical}", canonical),
        Change::Synonym {
            canonical,
            word,
            new_group: true,
        } => msg::REVIEW_CHANGE_NEW_GROUP
            .replace("{word}", word)
            .replace("{canonical}", canonical),
        Change::Keyword { fact, word } => msg::REVIEW_CHANGE_KEYWORD
            .replace("{word}", word)
            .replace("{fact}", fact),
        Change::Example { fact, question } => msg::REVIEW_CHANGE_EXAMPLE
            .replace("{question}", question)
            .replace("{fact}", fact),
    }
}

/// A share as a percentage with one decimal.
fn percent(share: f32) -> String {
    format!("{:.1}", share * 100.0)
}

/// The name of an outcome kind in the report.
fn kind_name(kind: &str) -> &str {
    msg::REVIEW_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, name)| name)
}

/// A cluster's heading line: rank, label, statement, size, outcome and the nearest fact.
fn cluster_heading(cluster: &Cluster) -> String {
    let mut head = msg::REVIEW_CLUSTER
        .replace("{rank}", &cluster.rank.to_string())
        .replace("{label}", &cluster_label(cluster))
        .replace("{statement}", cluster.statement.as_deref().unwrap_or("-"))
        .replace("{size}", &cluster.size.to_string())
        .replace("{outcome}", kind_name(&cluster.outcome));
    if let Some(fact) = &cluster.nearest {
        head.push_str(&msg::REVIEW_NEAREST.replace("{fact}", fact));
    }
    head
}

/// A cluster's label.
pub fn cluster_label(cluster: &Cluster) -> String {
    match cluster.need.as_str() {
        "words" => {
            let words: Vec<String> = cluster
                .words
                .iter()
                .take(3)
                .map(|w| format!("“{w}”"))
                .collect();
            msg::REVIEW_NEED_WORDS.replace("{words}", &words.join(" "))
        }
        "thin-answer" => msg::REVIEW_NEED_THIN.to_string(),
        "detail" => {
            msg::REVIEW_NEED_DETAIL.replace("{detail}", cluster.detail.as_deref().unwrap_or(""))
        }
        "premise" => msg::REVIEW_NEED_PREMISE.to_string(),
        "nothing" => msg::REVIEW_NEED_NOTHING.to_string(),
        "context" => msg::REVIEW_NEED_CONTEXT.to_string(),
        _ => msg::REVIEW_NEED_UNMATCHED.to_string(),
    }
}

/// The report for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    if report.records == 0 {
        line(&mut out, msg::REVIEW_EMPTY);
        return out;
    }
    line(
        &mut out,
        &msg::REVIEW_HEADER
            .replace("{records}", &report.records.to_string())
            .replace("{from}", report.from.as_deref().unwrap_or("-"))
            .replace("{to}", report.to.as_deref().unwrap_or("-"))
            .replace("{questions}", &report.questions.to_string()),
    );
    let rates: Vec<String> = report
        .outcomes
        .iter()
        .map(|r| {
            if r.kind == "small-talk" {
                format!("{} {}", kind_name(&r.kind), r.count)
            } else {
                format!("{} {} ({}%)", kind_name(&r.kind), r.count, percent(r.share))
            }
        })
        .collect();
    line(&mut out, &format!("  {}", rates.join(" · ")));
    let languages: Vec<String> = report
        .languages
        .iter()
        .map(|l| {
            let share = if l.questions == 0 {
                0.0
            } else {
                l.answered as f32 / l.questions as f32
            };
            msg::REVIEW_LANGUAGE
                .replace("{lang}", &l.lang)
                .replace("{questions}", &l.questions.to_string())
                .replace("{answered}", &percent(share))
        })
        .collect();
    if !languages.is_empty() {
        line(&mut out, &format!("  {}", languages.join(" · ")));
    }
    if let Some(first) = report.skipped.first() {
        line(
            &mut out,
            &format!(
                "  {}",
                msg::REVIEW_SKIPPED
                    .replace("{count}", &report.skipped.len().to_string())
                    .replace("{first}", first)
            ),
        );
    }
    out.push('\n');
    if report.clusters.is_empty() {
        line(&mut out, msg::REVIEW_NO_CLUSTERS);
    } else {
        line(&mut out, msg::REVIEW_CLUSTERS);
    }
    for cluster in &report.clusters {
        out.push('\n');
        let head = cluster_heading(cluster);
        line(&mut out, &head);
        for asked in cluster.questions.iter().take(SHOWN_QUESTIONS) {
            let count = if asked.count > 1 {
                format!("×{}", asked.count)
            } else {
                String::new()
            };
            line(&mut out, &format!("   {count:>4}  {}", asked.text));
        }
        if cluster.questions.len() > SHOWN_QUESTIONS {
            let more = cluster.questions.len() - SHOWN_QUESTIONS;
            line(
                &mut out,
                &format!(
                    "         {}",
                    msg::REVIEW_MORE_QUESTIONS.replace("{more}", &more.to_string())
                ),
            );
        }
        line(&mut out, &format!("   {}", action_line(&cluster.action)));
        if let Action::MissingFact { draft, .. } = &cluster.action {
            for draft_line in draft.lines() {
                line(&mut out, &format!("       {draft_line}"));
            }
        }
        for evidence in cluster.action.evidence() {
            line(&mut out, &format!("     · {}", evidence_line(evidence)));
        }
    }
    out.push('\n');
    if !report.most_asked.is_empty() {
        let list: Vec<String> = report
            .most_asked
            .iter()
            .map(|f| format!("{} {}", f.fact, f.count))
            .collect();
        line(
            &mut out,
            &msg::REVIEW_MOST_ASKED.replace("{list}", &list.join(", ")),
        );
    }
    if !report.unasked.is_empty() {
        let mut list: Vec<String> = report
            .unasked
            .iter()
            .take(SHOWN_UNASKED)
            .map(|f| f.fact.clone())
            .collect();
        if report.unasked.len() > SHOWN_UNASKED {
            list.push("…".to_string());
        }
        line(
            &mut out,
            &msg::REVIEW_UNASKED
                .replace("{count}", &report.unasked.len().to_string())
                .replace("{list}", &list.join(", ")),
        );
    }
    if !report.complaints.is_empty() {
        let list: Vec<String> = report
            .complaints
            .iter()
            .map(|c| {
                msg::REVIEW_COMPLAINT_ITEM
                    .replace("{fact}", &c.fact)
                    .replace("{count}", &c.count.to_string())
                    .replace("{example}", c.examples.first().map_or("", String::as_str))
            })
            .collect();
        line(
            &mut out,
            &msg::REVIEW_COMPLAINTS.replace("{list}", &list.join("; ")),
        );
    }
    out
}

/// What a cluster's action says.
pub fn action_line(action: &Action) -> String {
    match action {
        Action::MapWord { change, fact, .. } => match change {
            Change::Synonym {
                canonical,
                word,
                new_group,
            } => (if *new_group {
                msg::REVIEW_MAP_NEW_GROUP
            } else {
                msg::REVIEW_MAP_SYNONYM
            })
            .replace("{word}", word)
            .replace("{canonical}", canonical)
            .replace("{fact}", fact)
            .replace("{file}", change.file()),
            Change::Keyword { word, .. } | Change::Example { question: word, .. } => {
                msg::REVIEW_MAP_KEYWORD
                    .replace("{word}", word)
                    .replace("{fact}", fact)
                    .replace("{file}", change.file())
            }
        },
        Action::AddExample { change, fact, .. } => {
            let question = match change {
                Change::Example { question, .. } => question.as_str(),
                _ => "",
            };
            msg::REVIEW_ADD_EXAMPLE
                .replace("{fact}", fact)
                .replace("{question}", question)
                .replace("{file}", change.file())
        }
        Action::KeepRefusing { .. } => msg::REVIEW_KEEP_REFUSING.to_string(),
        Action::MissingFact { paragraph, .. } => {
            msg::REVIEW_MISSING_FACT.replace("{paragraph}", &paragraph.to_string())
        }
        Action::Unclear { .. } => msg::REVIEW_UNCLEAR.to_string(),
    }
}

/// One piece of evidence in words.
pub fn evidence_line(evidence: &Evidence) -> String {
    match evidence {
        Evidence::SourceText {
            word,
            paragraph,
            sentence,
        } => msg::REVIEW_EV_SOURCE
            .replace("{word}", word)
            .replace("{paragraph}", &paragraph.to_string())
            .replace("{sentence}", sentence),
        Evidence::EngineReading {
            word,
            concept,
            trust,
        } => msg::REVIEW_EV_READING
            .replace("{word}", word)
            .replace("{concept}", concept)
            .replace("{trust}", &format!("{trust:.2}")),
        Evidence::Lexicon { links } => {
            let mut chain = String::new();
            for (i, link) in links.iter().enumerate() {
                if i == 0 {
                    chain.push_str(&format!("“{}”", link.from));
                }
                chain.push_str(&format!(" ({}) → “{}”", link.relation, link.to));
            }
            msg::REVIEW_EV_LEXICON.replace("{chain}", &chain)
        }
        Evidence::Answers {
            answered,
            of,
            fact,
            least_margin,
            runner_up,
        } => msg::REVIEW_EV_ANSWERS
            .replace("{answered}", &answered.to_string())
            .replace("{of}", &of.to_string())
            .replace("{fact}", fact)
            .replace("{margin}", &format!("{least_margin:.2}"))
            .replace("{runner_up}", runner_up.as_deref().unwrap_or("any other")),
        Evidence::KeepsLog { answers, refusals } => msg::REVIEW_EV_KEEPS
            .replace("{answers}", &answers.to_string())
            .replace("{refusals}", &refusals.to_string()),
        Evidence::Dialogues { passed } => {
            msg::REVIEW_EV_DIALOGUES.replace("{passed}", &passed.to_string())
        }
        Evidence::ThinMargin {
            fact,
            margin,
            runner_up,
        } => msg::REVIEW_EV_THIN
            .replace("{fact}", fact)
            .replace("{margin}", &format!("{margin:.2}"))
            .replace("{runner_up}", runner_up.as_deref().unwrap_or("-")),
        Evidence::Unrelated { words } if words.is_empty() => {
            msg::REVIEW_EV_UNRELATED_NONE.to_string()
        }
        Evidence::Unrelated { words } => {
            let words: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
            msg::REVIEW_EV_UNRELATED.replace("{words}", &words.join(", "))
        }
        Evidence::DetailMissing { fact, detail } => msg::REVIEW_EV_DETAIL
            .replace("{fact}", fact)
            .replace("{detail}", detail),
        Evidence::FalsePremise { fact } => msg::REVIEW_EV_PREMISE.replace("{fact}", fact),
        Evidence::Confirmed { fact } => msg::REVIEW_EV_CONFIRMED.replace("{fact}", fact),
        Evidence::NotConfirmed { fact } => msg::REVIEW_EV_NOT_CONFIRMED.replace("{fact}", fact),
        Evidence::NothingAsked => msg::REVIEW_EV_NOTHING.to_string(),
        Evidence::InContext => msg::REVIEW_EV_CONTEXT.to_string(),
        Evidence::Tried { change, failed } => msg::REVIEW_EV_TRIED
            .replace("{change}", &change_name(change))
            .replace("{failed}", failed),
    }
}
