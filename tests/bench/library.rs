//! Benchmarks of a library of 100 statements: loading it (reading, validating and indexing every
//! package, side by side as cores allow) and answering a question in a fresh conversation, against
//! the one-statement library of the built-in package.
//!
//! Run with `cargo bench --no-default-features --bench library`. The 100 packages are drafted here
//! with `communique::ingest` from the shared statements (`../shared/statements/*.txt`, beside the
//! repository or its worktrees' directory), each replicated under new ids up to 100, and written to a temporary directory that
//! is removed afterwards (never committed); without the shared statements, the built-in package's
//! own text stands in. None of them is curated, so the library has no home statement: every
//! question goes through the shortlist and the comparison of the statements' decisions (the
//! costliest path). The questions are the dev questions (`../shared/eval/dev.jsonl`, as in the
//! `answer` bench), and for the distribution also the shared statements' own questions
//! (`../shared/eval/statements/`); else the built-in package's examples.
//!
//! Criterion prints the headline means; after it, this file prints the per-question latency
//! distribution (every call timed on its own), since criterion reports no percentiles across
//! inputs. `tests/bench/library.sh` measures the process's peak memory with the same packages.

// A benchmark, not library code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use communique::ingest::{self, Options};
use communique::knowledge::{Knowledge, SOURCE_FILE, embedded_languages};
use communique::live;
use communique::{Conversation, Library};
use criterion::Criterion;

#[path = "timing.rs"]
mod timing;
use timing::Percentiles;

/// How many packages the large library holds.
const PACKAGES: usize = 100;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let test_mode = args.iter().any(|a| a == "--test");
    let mut c = Criterion::default().configure_from_args();
    let dir = tempfile::tempdir().unwrap();
    let sources = write_packages(dir.path(), PACKAGES);
    println!(
        "{PACKAGES} packages drafted from {sources}, in {}",
        dir.path().display()
    );
    let all = read_questions(true);
    let questions = read_questions(false);
    let toolkit = communique::languages::toolkit(&embedded_languages().unwrap()).unwrap();

    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    group.bench_function(format!("load {PACKAGES} packages"), |b| {
        b.iter(|| Library::from_engines(live::load(Some(black_box(dir.path()))).unwrap().engines))
    });
    group.finish();

    let one = Library::new(vec![Knowledge::embedded().unwrap()], &toolkit).unwrap();
    let loaded = live::load(Some(dir.path())).unwrap();
    loaded.toolkit.warm_up();
    let many = Library::from_engines(loaded.engines);
    toolkit.warm_up();
    one.warm_up();
    many.warm_up();
    assert!(many.home().is_none(), "drafts only: no home statement");
    let mut group = c.benchmark_group("question");
    group.bench_function("1 package", |b| b.iter(|| answer_all(&one, &questions)));
    group.bench_function(format!("{PACKAGES} packages"), |b| {
        b.iter(|| answer_all(&many, &questions))
    });
    group.finish();
    c.final_summary();
    if test_mode {
        return;
    }

    println!();
    let loads: Vec<Duration> = (0..10)
        .map(|_| {
            let start = Instant::now();
            black_box(Library::from_engines(
                live::load(Some(dir.path())).unwrap().engines,
            ));
            start.elapsed()
        })
        .collect();
    println!(
        "load of {PACKAGES} packages, 10 runs: median {:.1?}, min {:.1?}",
        median(loads.clone()),
        loads.iter().min().copied().unwrap_or_default()
    );
    println!(
        "Per-question latency over {} questions (fresh conversation each), every call timed on its own:",
        questions.len()
    );
    print_row("1 package", &distribution(&one, &questions));
    print_row(
        &format!("{PACKAGES} packages"),
        &distribution(&many, &questions),
    );
    println!(
        "... over {} questions (the dev questions and every shared statement's questions):",
        all.len()
    );
    print_row("1 package", &distribution(&one, &all));
    print_row(&format!("{PACKAGES} packages"), &distribution(&many, &all));
}

/// Drafts one package per source text and copies them under new ids up to `count` packages;
/// returns where the texts came from.
fn write_packages(dir: &Path, count: usize) -> String {
    let shared = shared_dir().join("statements");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&shared)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .map(|p| {
                    let id = p.file_stem().unwrap().to_string_lossy().to_lowercase();
                    (id, std::fs::read_to_string(&p).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    let from = if texts.is_empty() {
        let own = Knowledge::embedded().unwrap();
        texts.push((own.id.clone(), own.source.unwrap().text));
        format!(
            "the built-in package's {SOURCE_FILE} ({} not found)",
            shared.display()
        )
    } else {
        format!("{} statements in {}", texts.len(), shared.display())
    };
    let language = embedded_languages()
        .unwrap()
        .into_iter()
        .find(|l| l.info.code.code() == "en")
        .unwrap();
    let drafts: Vec<Vec<(&'static str, String)>> = texts
        .iter()
        .map(|(id, text)| {
            let options = Options {
                id: clean_id(id),
                date: Some("2024-01-01".to_string()),
            };
            let draft = ingest::ingest(text, &options, &language).unwrap();
            ingest::write::files(&draft).unwrap()
        })
        .collect();
    for n in 0..count {
        let (id, _) = &texts[n % texts.len()];
        let package = dir.join(format!("{}-r{n:03}", clean_id(id)));
        for (name, text) in &drafts[n % drafts.len()] {
            let path = package.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    from
}

/// The shared directory beside the repository (`../shared`), or beside the directory of worktrees
/// the repository may be checked out in (`../../shared`).
fn shared_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join("../shared"))
}

/// A package id from a file name ("01_us-indonesia" → "us-indonesia").
fn clean_id(name: &str) -> String {
    name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
        .to_string()
}

/// The dev questions (`with_statements`: and the shared statements' questions), or the built-in
/// package's examples.
fn read_questions(with_statements: bool) -> Vec<String> {
    let eval = shared_dir().join("eval");
    let mut files = vec![eval.join("dev.jsonl")];
    if with_statements && let Ok(entries) = std::fs::read_dir(eval.join("statements")) {
        let mut more: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        more.sort();
        files.extend(more);
    }
    let mut questions: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| {
            text.lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter_map(|v| v.get("q")?.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    if questions.is_empty() {
        let own = Knowledge::embedded().unwrap();
        questions = own.facts.iter().flat_map(|f| f.examples.clone()).collect();
    }
    println!("questions: {}", questions.len());
    questions
}

fn answer_all(library: &Library, questions: &[String]) -> usize {
    questions
        .iter()
        .map(|q| {
            library
                .respond(&mut Conversation::default(), black_box(q))
                .answer
                .len()
        })
        .sum()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Times every question on its own, many rounds over the set (after a warm-up).
fn distribution(library: &Library, questions: &[String]) -> Percentiles {
    for _ in 0..5 {
        answer_all(library, questions);
    }
    let rounds = 50;
    let mut samples = Vec::with_capacity(rounds * questions.len());
    for _ in 0..rounds {
        for q in questions {
            let mut conversation = Conversation::default();
            let start = Instant::now();
            let reply = library.respond(&mut conversation, black_box(q));
            samples.push(start.elapsed());
            black_box(reply);
        }
    }
    Percentiles::of(samples)
}

fn print_row(name: &str, p: &Percentiles) {
    p.print(name, 14);
}
