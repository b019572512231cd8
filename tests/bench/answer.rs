//! Benchmarks of the library: knowledge load and index build, per-question answer latency over the
//! dev questions and over the Malay probes (`tests/cases/malay_probes.txt`: language detection and
//! translation at the edge included, replies composed in Malay), and how that latency grows with a
//! synthetic knowledge base 20 times larger.
//!
//! Run with `cargo bench --bench answer` (release profile, one thread). Criterion prints the
//! headline means; after it, this file prints its own per-question latency distribution (median,
//! p90, p99, max over every single `Engine::answer` call, each timed on its own), because criterion
//! reports no percentiles across inputs. `tests/figures.sh` reads these rows into docs/figures.md.
//!
//! The dev questions are read from `../shared/eval/dev.jsonl` (beside the repository); without that
//! file the knowledge's own example questions stand in, so the benchmark always runs. The larger
//! knowledge base is generated here, deterministically, and never committed: the real facts plus 19
//! times as many invented ones whose words come from a pool of invented vocabulary, mixed with real
//! words of the statement so that the real concepts' postings grow too (the realistic case).

// A benchmark, not library code: indexing its own constant tables cannot fail on input.
#![allow(clippy::indexing_slicing)]

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use communique::knowledge::{Knowledge, SourceFile, parse_knowledge};
use communique::text::tokenize;
use communique::{Engine, Toolkit};
use criterion::{BatchSize, Criterion, Throughput};

#[path = "timing.rs"]
mod timing;
use timing::Percentiles;

/// How many times larger the synthetic knowledge base is.
const SCALE: usize = 20;

const STATEMENT: &str = include_str!("../../knowledge/malaysia-south-korea-2024/statement.toml");
const FACTS: &str = include_str!("../../knowledge/malaysia-south-korea-2024/facts.toml");
const VOCABULARY: &str = include_str!("../../knowledge/malaysia-south-korea-2024/vocabulary.toml");
const MALAY: &str = include_str!("../../knowledge/malaysia-south-korea-2024/translations/ms.toml");
/// Our own Malay questions (`EXPECTED | QUESTION` lines).
const MALAY_PROBES: &str = include_str!("../cases/malay_probes.txt");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let test_mode = args.iter().any(|a| a == "--test");
    let mut c = Criterion::default().configure_from_args();
    let questions = dev_questions();
    let malay = malay_questions();
    let real = files(FACTS.to_string(), VOCABULARY.to_string());
    let big = synthetic_files(SCALE);

    c.bench_function("load/parse knowledge", |b| {
        b.iter(|| parse_knowledge(black_box(&real)))
    });
    let knowledge = load(&real);
    // The language crates, built once as a front end does.
    let toolkit = toolkit();
    let engine_of = |knowledge: Knowledge| Engine::with_toolkit(knowledge, &toolkit);
    c.bench_function("load/build index", |b| {
        b.iter_batched(|| knowledge.clone(), engine_of, BatchSize::SmallInput)
    });
    c.bench_function("load/parse + build index", |b| {
        b.iter(|| engine_of(load(black_box(&real))))
    });
    // What start-up does instead for the built-in knowledge: read back the packs, the package
    // and their indexes that the build loaded and indexed (crates/snapshot).
    c.bench_function(
        "load/read the built-in snapshot (knowledge + indexes)",
        |b| b.iter(communique_snapshot::embedded),
    );

    let engine = engine_of(knowledge);
    let big_knowledge = load(&big);
    let big_facts = big_knowledge.facts.len();
    let big_engine = engine_of(big_knowledge);
    // Answered as a front end that serves many questions answers them: indexes built first.
    toolkit.warm_up();
    engine.warm_up();
    big_engine.warm_up();

    let mut group = c.benchmark_group("answer");
    group.throughput(Throughput::Elements(questions.len() as u64));
    group.bench_function("dev set, 1x knowledge", |b| {
        b.iter(|| answer_all(&engine, &questions))
    });
    group.bench_function(format!("dev set, {SCALE}x knowledge"), |b| {
        b.iter(|| answer_all(&big_engine, &questions))
    });
    group.finish();
    let mut group = c.benchmark_group("answer in Malay");
    group.throughput(Throughput::Elements(malay.len() as u64));
    group.bench_function("Malay probes, 1x knowledge", |b| {
        b.iter(|| answer_all(&engine, &malay))
    });
    group.finish();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function(format!("parse + build index, {SCALE}x knowledge"), |b| {
        b.iter(|| engine_of(load(black_box(&big))))
    });
    group.finish();
    c.final_summary();

    if test_mode {
        return;
    }
    println!();
    println!(
        "Per-question latency over {} questions, every call timed on its own, single thread:",
        questions.len()
    );
    let small = distribution(&engine, &questions);
    let large = distribution(&big_engine, &questions);
    print_row(
        &format!("1x knowledge ({} facts)", engine.knowledge().facts.len()),
        &small,
    );
    print_row(&format!("{SCALE}x knowledge ({big_facts} facts)"), &large);
    println!(
        "Per-question latency over {} Malay questions (detection and translation included):",
        malay.len()
    );
    let in_malay = distribution(&engine, &malay);
    print_row(
        &format!("1x knowledge ({} facts)", engine.knowledge().facts.len()),
        &in_malay,
    );
    println!(
        "growth from 1x to {SCALE}x: median x{:.2}, p99 x{:.2} (linear would be x{SCALE})",
        ratio(large.median, small.median),
        ratio(large.p99, small.p99)
    );
    let (slowest, time) = slowest_question(&engine, &questions);
    println!("slowest question (1x, median of its calls): {time:.1?} for {slowest:?}");
    let (slowest, time) = slowest_question(&engine, &malay);
    println!("slowest Malay question (1x, median of its calls): {time:.1?} for {slowest:?}");
}

fn answer_all(engine: &Engine, questions: &[String]) -> usize {
    questions
        .iter()
        .map(|q| engine.answer(black_box(q)).answer.len())
        .sum()
}

/// Times every question on its own, many rounds over the set (after a warm-up).
fn distribution(engine: &Engine, questions: &[String]) -> Percentiles {
    for _ in 0..20 {
        answer_all(engine, questions);
    }
    let rounds = 300;
    let mut samples = Vec::with_capacity(rounds * questions.len());
    for _ in 0..rounds {
        for q in questions {
            let start = Instant::now();
            let reply = engine.answer(black_box(q));
            samples.push(start.elapsed());
            black_box(reply);
        }
    }
    Percentiles::of(samples)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

fn slowest_question(engine: &Engine, questions: &[String]) -> (String, Duration) {
    let mut worst = (String::new(), Duration::ZERO);
    for q in questions {
        let mut times: Vec<Duration> = (0..101)
            .map(|_| {
                let start = Instant::now();
                black_box(engine.answer(black_box(q)));
                start.elapsed()
            })
            .collect();
        times.sort();
        let median = times.get(50).copied().unwrap_or_default();
        if median > worst.1 {
            worst = (q.clone(), median);
        }
    }
    worst
}

/// The dev questions, or the knowledge's own example questions when the dev set is not there.
fn dev_questions() -> Vec<String> {
    // Beside the repository, or beside the directory of worktrees it may be checked out in.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join("../shared"))
        .join("eval/dev.jsonl");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let questions: Vec<String> = text
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|v| v.get("q")?.as_str().map(str::to_string))
            .collect();
        if !questions.is_empty() {
            println!("questions: {} from {}", questions.len(), path.display());
            return questions;
        }
    }
    let knowledge = load(&files(FACTS.to_string(), VOCABULARY.to_string()));
    let questions: Vec<String> = knowledge
        .facts
        .iter()
        .flat_map(|f| f.examples.iter().cloned())
        .collect();
    println!(
        "questions: {} example questions of the knowledge ({} not found)",
        questions.len(),
        path.display()
    );
    questions
}

/// The questions of `tests/cases/malay_probes.txt`.
fn malay_questions() -> Vec<String> {
    MALAY_PROBES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" | "))
        .map(|(_, q)| q.trim().to_string())
        .collect()
}

fn files(facts: String, vocabulary: String) -> Vec<SourceFile> {
    [
        ("statement.toml", STATEMENT.to_string()),
        ("facts.toml", facts),
        ("vocabulary.toml", vocabulary),
        ("translations/ms.toml", MALAY.to_string()),
    ]
    .into_iter()
    .map(|(name, text)| SourceFile {
        name: name.to_string(),
        text,
    })
    .collect()
}

/// The language crates over the embedded language packs.
fn toolkit() -> Toolkit {
    let languages = match communique::knowledge::embedded_languages() {
        Ok(languages) => languages,
        Err(err) => {
            eprintln!("the embedded language packs are invalid:\n{err}");
            std::process::exit(1);
        }
    };
    match communique::languages::toolkit(&languages) {
        Ok(toolkit) => toolkit,
        Err(err) => {
            eprintln!("the embedded language packs cannot be read with: {err}");
            std::process::exit(1);
        }
    }
}

fn load(files: &[SourceFile]) -> Knowledge {
    match parse_knowledge(files) {
        Ok(knowledge) => knowledge,
        Err(err) => {
            eprintln!("benchmark knowledge is invalid:\n{err}");
            std::process::exit(1);
        }
    }
}

/// A deterministic pseudo-random sequence (xorshift64*), so every run benchmarks the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        items
            .get(self.below(items.len()))
            .map_or("", String::as_str)
    }
}

/// The real knowledge files with `scale - 1` times as many invented facts and synonym groups added.
fn synthetic_files(scale: usize) -> Vec<SourceFile> {
    let real = load(&files(FACTS.to_string(), VOCABULARY.to_string()));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);

    // Real words of the statement (so real concepts get more postings), and the words to avoid.
    let mut known: HashSet<String> = HashSet::new();
    for fact in &real.facts {
        for text in [&fact.answer, &fact.label]
            .into_iter()
            .chain(&fact.keywords)
            .chain(&fact.examples)
        {
            known.extend(tokenize(text));
        }
    }
    for group in &real.synonyms {
        for entry in group {
            known.extend(tokenize(entry));
        }
    }
    let generic: HashSet<&str> = real.generic.iter().map(String::as_str).collect();
    let mut real_words: Vec<String> = known
        .iter()
        .filter(|w| w.len() >= 4 && !generic.contains(w.as_str()))
        .cloned()
        .collect();
    real_words.sort();

    // Invented, pronounceable words, as many as 20 times the real vocabulary.
    let onsets = [
        "b", "br", "d", "dr", "f", "g", "gr", "k", "l", "m", "n", "p", "pr", "r", "s", "st", "t",
        "tr", "v", "z",
    ];
    let vowels = ["a", "e", "i", "o", "u", "ai", "ou"];
    let codas = ["", "", "n", "r", "s", "l", "m", "k"];
    let mut invented: Vec<String> = Vec::new();
    let mut seen = known.clone();
    let target = known.len() * scale;
    while invented.len() < target {
        let syllables = 2 + rng.below(3);
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(onsets[rng.below(onsets.len())]);
            word.push_str(vowels[rng.below(vowels.len())]);
            word.push_str(codas[rng.below(codas.len())]);
        }
        if seen.insert(word.clone()) {
            invented.push(word);
        }
    }

    let topics: Vec<String> = real.topics.iter().map(|t| t.id.clone()).collect();
    let word = |rng: &mut Rng| -> String {
        if rng.below(10) < 3 {
            rng.pick(&real_words).to_string()
        } else {
            rng.pick(&invented).to_string()
        }
    };
    let mut facts = FACTS.to_string();
    let extra = real.facts.len() * (scale - 1);
    for i in 0..extra {
        let label: Vec<String> = (0..3).map(|_| word(&mut rng)).collect();
        let answer: Vec<String> = (0..25).map(|_| word(&mut rng)).collect();
        let keywords: Vec<String> = (0..6)
            .map(|_| {
                if rng.below(3) == 0 {
                    format!("{} {}", word(&mut rng), word(&mut rng))
                } else {
                    word(&mut rng)
                }
            })
            .collect();
        let examples: Vec<String> = (0..2)
            .map(|_| {
                let words: Vec<String> = (0..6).map(|_| word(&mut rng)).collect();
                format!("What about the {}?", words.join(" "))
            })
            .collect();
        facts.push_str(&format!(
            "\n[[fact]]\nid = \"synthetic-{i}\"\ntopic = \"{}\"\nlabel = \"the {}\"\nanswer = \"{}.\"\nparagraphs = [{}]\nkeywords = {:?}\nexamples = {:?}\n",
            rng.pick(&topics),
            label.join(" "),
            answer.join(" "),
            1 + rng.below(32),
            keywords,
            examples,
        ));
    }

    // Synonym groups of invented words only (a word may be in one group at most).
    let mut groups = String::new();
    let mut next = invented.len();
    for _ in 0..real.synonyms.len() * (scale - 1) {
        let size = 2 + rng.below(3);
        let mut group = Vec::new();
        for _ in 0..size {
            next = next.saturating_sub(1);
            if let Some(w) = invented.get(next) {
                group.push(w.clone());
            }
        }
        if group.len() >= 2 {
            groups.push_str(&format!("  {group:?},\n"));
        }
    }
    let vocabulary = VOCABULARY.replacen("synonyms = [\n", &format!("synonyms = [\n{groups}"), 1);
    files(facts, vocabulary)
}

fn print_row(name: &str, p: &Percentiles) {
    p.print(name, 28);
}
