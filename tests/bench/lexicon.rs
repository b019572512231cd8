//! Benchmarks of the general lexicon (`crates/core/src/lexicon.rs`): opening it, and the cost of each lookup
//! over a fixed mix of question words (function words, chatter, inflected and irregular forms,
//! phrases, places, and words it does not know).
//!
//! Run with `cargo bench --bench lexicon`. The figures are quoted in
//! `knowledge/lang/en/build/README.md`.

use std::hint::black_box;

use communique::lexicon::{ENGLISH, Lexicon};
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
    c.bench_function("lexicon/open", |b| {
        b.iter(|| Lexicon::embedded(black_box(ENGLISH)).map(|l| black_box(l).validate().is_ok()))
    });
    let Ok(lexicon) = Lexicon::embedded(ENGLISH) else {
        eprintln!("no embedded English lexicon");
        return;
    };
    c.bench_function("lexicon/open without validate", |b| {
        b.iter(|| Lexicon::embedded(black_box(ENGLISH)).is_ok())
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
