//! Benchmarks of the general lexicon (`crates/core/src/lexicon.rs`): opening it, and the cost of each lookup
//! over a fixed mix of question words (function words, chatter, inflected and irregular forms,
//! phrases, places, and words it does not know).
//!
//! Run with `cargo bench --bench lexicon`. The figures are quoted in
//! `knowledge/lang/en/build/README.md`.

use std::hint::black_box;

use communique::knowledge::embedded_languages;
use communique::lexicon::Lexicon;
use criterion::{Criterion, Throughput};

/// Words as a chatty question brings them: about a third function words and chatter, inflected
/// forms, irregular forms, phrases, places and unknown words.
const WORDS: [&str; 24] = [
    "the",
    "my",
    "sister",
    "lol",
    "thesis",
    "tho",
    "countries",
    "went",
    "better",
    "cooperating",
    "semiconductors",
    "pineapple",
    "france",
    "job",
    "kicked off",
    "head of state",
    "seoul",
    "putrajaya",
    "rejected",
    "medicines",
    "korean",
    "qwertyuiop",
    "tmr",
    "emerging",
];

fn main() {
    let mut c = Criterion::default().configure_from_args();
    // The English pack's lexicon as the loader gives it (borrowed from the binary).
    let languages = embedded_languages().unwrap_or_default();
    let Some(text) = languages
        .iter()
        .find(|l| l.info.code.code() == "en")
        .and_then(|l| l.lexicon.as_ref())
        .map(|l| l.text())
    else {
        eprintln!("no embedded English lexicon");
        return;
    };
    c.bench_function("lexicon/open", |b| {
        b.iter(|| Lexicon::new(black_box(text)).map(|l| black_box(l).validate().is_ok()))
    });
    let Ok(lexicon) = Lexicon::new(text) else {
        eprintln!("the embedded English lexicon does not open");
        return;
    };
    c.bench_function("lexicon/open without validate", |b| {
        b.iter(|| Lexicon::new(black_box(text)).is_ok())
    });
    let mut group = c.benchmark_group("lexicon/per word");
    group.throughput(Throughput::Elements(WORDS.len() as u64));
    group.bench_function("entry", |b| {
        b.iter(|| {
            WORDS
                .iter()
                .filter(|w| lexicon.entry(black_box(w)).is_some())
                .count()
        })
    });
    group.bench_function("class", |b| {
        b.iter(|| {
            WORDS
                .iter()
                .map(|w| lexicon.info(black_box(w)).weight)
                .sum::<f32>()
        })
    });
    group.bench_function("lemmas", |b| {
        b.iter(|| {
            WORDS
                .iter()
                .map(|w| lexicon.lemmas(black_box(w)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("related", |b| {
        b.iter(|| {
            WORDS
                .iter()
                .map(|w| lexicon.related(black_box(w)).count())
                .sum::<usize>()
        })
    });
    group.finish();
    c.final_summary();
}
