//! No public evaluation question is copied into the repository: a held-out set only judges the bot
//! if its questions are not in the knowledge or the tests.
//!
//! `tests/eval-fingerprints.txt` holds salted 64-bit FNV-1a hashes of the evaluation questions of at
//! least [`MIN_WORDS`] words (never their text), so the check runs on a clean clone without the
//! evaluation sets. A question is its words: runs of letters and digits, lowercased, so case,
//! whitespace and punctuation are folded. Every run of words in every file under `src/`, `crates/`,
//! `knowledge/`, `tests/` and `docs/`, and in README.md and ARCHITECTURE.md, is checked against the hashes. When the evaluation sets are present
//! (`COMMUNIQUE_EVAL_DIR`, else `../shared/eval` from the repository root), a second test checks
//! that the fingerprints are those of the current sets; without them it says loudly that it
//! skipped. `COMMUNIQUE_UPDATE_FINGERPRINTS=1` rewrites the file from the sets (same salt).

use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};

use crate::helpers::{repo_path, show};

/// Where the fingerprints live, relative to the repository root.
const FINGERPRINTS: &str = "tests/eval-fingerprints.txt";

/// Shorter questions ("hydrogen?", "FTA deadline?") are ordinary phrases, not copies.
const MIN_WORDS: usize = 4;

/// A question of at least this many words is also caught one word off: one word changed, added
/// or left out ("by when should the two sides finish the *tariff* talks"). Shorter ones, one
/// word off, are everyday questions ("what did they say about X").
const NEAR_MIN_WORDS: usize = 9;

/// A question with at least this many content words (words that are not the English pack's
/// function words, `fn` in `knowledge/lang/en/lexicon.tsv`) is also caught as most of its content
/// words in order: all of them, or all but one, with one content word added at most, whatever the
/// function words around them ("which minerals are *the leaders* talking about processing").
const CONTENT_MIN_WORDS: usize = 5;

/// How many content words of its own a passage may hold beside a run that is a question's.
const CONTENT_EXTRA: usize = 4;

/// How many content words of a content run must start like a question's before it is followed
/// further (keeps the scan quick).
const CONTENT_PREFIX: usize = 3;

/// Where the function words come from.
const FUNCTION_WORDS: &str = "knowledge/lang/en/lexicon.tsv";

/// The directories whose files must hold no copy.
const SCANNED: [&str; 5] = ["src", "crates", "knowledge", "tests", "docs"];

/// The files at the root whose text must hold no copy either.
const SCANNED_FILES: [&str; 2] = ["README.md", "ARCHITECTURE.md"];

/// Directories that are not part of the repository (they mirror `.gitignore`): build output and
/// the fuzzers' local corpora, which `tests/fuzz/run.sh` seeds from the evaluation set.
const NOT_IN_REPOSITORY: [&str; 4] = [
    "target",
    "tests/fuzz/target",
    "tests/fuzz/corpus",
    "tests/fuzz/artifacts",
];

/// Files that still hold copies and belong to someone else's change, with the reason. Each must
/// still hold a copy (the test fails once it does not, so the entry is removed and the list stays
/// true); every other file must hold none.
const KNOWN_COPIES: [(&str, &str); 0] = [];

/// The words of `text` (lowercased runs of letters and digits), each with its line.
fn words(text: &str) -> Vec<(String, usize)> {
    passage_words(text)
        .into_iter()
        .map(|(word, line, _)| (word, line))
        .collect()
}

/// The words of `text` (lowercased runs of letters and digits), each with its line and its passage: a line, cut at quotes,
/// `?`, `!` and `|` (a question stands alone in one).
fn passage_words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let (mut line, mut passage) = (1, 0);
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
            continue;
        }
        if !current.is_empty() {
            out.push((std::mem::take(&mut current), line, passage));
        }
        if matches!(c, '\n' | '"' | '?' | '!' | '|' | '“' | '”') {
            passage += 1;
        }
        if c == '\n' {
            line += 1;
        }
    }
    if !current.is_empty() {
        out.push((current, line, passage));
    }
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// Hashes words one at a time: the salt, then each word after a space.
#[derive(Clone, Copy)]
struct Hasher {
    hash: u64,
    words: usize,
}

impl Hasher {
    fn new(salt: &str) -> Hasher {
        Hasher {
            hash: fnv(FNV_OFFSET, salt.as_bytes()),
            words: 0,
        }
    }

    fn push(&mut self, word: &str) {
        if self.words > 0 {
            self.hash = fnv(self.hash, b" ");
        }
        self.hash = fnv(self.hash, word.as_bytes());
        self.words += 1;
    }
}

fn hash(salt: &str, words: &[String]) -> u64 {
    let mut hasher = Hasher::new(salt);
    for word in words {
        hasher.push(word);
    }
    hasher.hash
}

/// A set of hashes, which need no hashing again.
type Hashes = HashSet<u64, BuildHasherDefault<Identity>>;

#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

struct Fingerprints {
    salt: String,
    /// The questions' hashes.
    questions: Hashes,
    /// The hashes of the questions' first [`MIN_WORDS`] words: a run of words is only followed
    /// further when it starts like a question, which keeps the scan of large files quick.
    prefixes: Hashes,
    /// The most words in a question.
    longest: usize,
    /// The hashes of the questions of at least [`NEAR_MIN_WORDS`] words with one word left out
    /// (each word in turn): a run that matches one, itself or with one of its words left out,
    /// is a question one word off.
    edits: Hashes,
    /// The hashes of the first [`MIN_WORDS`] words of each of `edits`, as `prefixes`.
    edit_prefixes: Hashes,
    /// The hashes of the content words of each question of at least [`CONTENT_MIN_WORDS`], in
    /// order, and of them with one left out (each in turn) when at least one more.
    contents: Hashes,
    /// The hashes of the first [`CONTENT_PREFIX`] words of each of `contents`.
    content_prefixes: Hashes,
    /// The most content words in one of `contents`.
    content_longest: usize,
}

/// The English pack's function words ("the", "did", "about"), which a reworded copy changes
/// freely.
fn function_words() -> HashSet<String> {
    std::fs::read_to_string(repo_path(FUNCTION_WORDS))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split('\t');
            let key = fields.next()?;
            (fields.nth(1)? == "fn").then(|| key.to_string())
        })
        .collect()
}

/// The content words of `words`, in order.
fn content_words(words: &[String], function: &HashSet<String>) -> Vec<String> {
    words
        .iter()
        .filter(|w| !function.contains(w.as_str()))
        .cloned()
        .collect()
}

/// The content sequences a question of at least [`CONTENT_MIN_WORDS`] content words is
/// fingerprinted by: all of them, and (with one more) each with one left out.
fn content_variants(content: &[String]) -> Vec<Vec<String>> {
    if content.len() < CONTENT_MIN_WORDS {
        return Vec::new();
    }
    let mut variants = vec![content.to_vec()];
    if content.len() > CONTENT_MIN_WORDS {
        for skip in 0..content.len() {
            let mut variant = content.to_vec();
            variant.remove(skip);
            variants.push(variant);
        }
    }
    variants
}

/// `words` without the word at `skip`, each variant of a question of at least [`NEAR_MIN_WORDS`].
fn one_word_out(words: &[String]) -> Vec<Vec<String>> {
    if words.len() < NEAR_MIN_WORDS {
        return Vec::new();
    }
    (0..words.len())
        .map(|skip| {
            words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, w)| w.clone())
                .collect()
        })
        .collect()
}

impl Fingerprints {
    fn new(salt: &str, questions: &[String]) -> Fingerprints {
        let mut fingerprints = Fingerprints {
            salt: salt.to_string(),
            questions: Hashes::default(),
            prefixes: Hashes::default(),
            longest: 0,
            edits: Hashes::default(),
            edit_prefixes: Hashes::default(),
            contents: Hashes::default(),
            content_prefixes: Hashes::default(),
            content_longest: 0,
        };
        let function = function_words();
        for question in questions {
            let words: Vec<String> = words(question).into_iter().map(|(w, _)| w).collect();
            for variant in content_variants(&content_words(&words, &function)) {
                fingerprints.contents.insert(hash(salt, &variant));
                fingerprints
                    .content_prefixes
                    .insert(hash(salt, &variant[..CONTENT_PREFIX]));
                fingerprints.content_longest = fingerprints.content_longest.max(variant.len());
            }
            if words.len() < MIN_WORDS {
                continue;
            }
            fingerprints.questions.insert(hash(salt, &words));
            fingerprints
                .prefixes
                .insert(hash(salt, &words[..MIN_WORDS]));
            fingerprints.longest = fingerprints.longest.max(words.len());
            for variant in one_word_out(&words) {
                fingerprints.edits.insert(hash(salt, &variant));
                fingerprints
                    .edit_prefixes
                    .insert(hash(salt, &variant[..MIN_WORDS]));
            }
        }
        fingerprints
    }

    fn parse(text: &str) -> Fingerprints {
        let mut fingerprints = Fingerprints {
            salt: String::new(),
            questions: Hashes::default(),
            prefixes: Hashes::default(),
            longest: 0,
            edits: Hashes::default(),
            edit_prefixes: Hashes::default(),
            contents: Hashes::default(),
            content_prefixes: Hashes::default(),
            content_longest: 0,
        };
        let hex = |h: &str| u64::from_str_radix(h, 16).unwrap();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["salt", value] => fingerprints.salt = value.to_string(),
                ["questions", _] | [] => {}
                ["prefix", h] => {
                    fingerprints.prefixes.insert(hex(h));
                }
                ["edit", h] => {
                    fingerprints.edits.insert(hex(h));
                }
                ["edit-prefix", h] => {
                    fingerprints.edit_prefixes.insert(hex(h));
                }
                ["content", n, h] => {
                    let n: usize = n.parse().unwrap();
                    fingerprints.content_longest = fingerprints.content_longest.max(n);
                    fingerprints.contents.insert(hex(h));
                }
                ["content-prefix", h] => {
                    fingerprints.content_prefixes.insert(hex(h));
                }
                [n, h] => {
                    fingerprints.longest = fingerprints.longest.max(n.parse().unwrap());
                    fingerprints.questions.insert(hex(h));
                }
                other => panic!("{FINGERPRINTS}: unexpected line {other:?}"),
            }
        }
        assert!(
            !fingerprints.salt.is_empty(),
            "{FINGERPRINTS} has no salt line"
        );
        fingerprints
    }

    fn load() -> Fingerprints {
        Fingerprints::parse(&std::fs::read_to_string(repo_path(FINGERPRINTS)).unwrap())
    }

    /// The file's text for `questions`, with `salt`.
    fn render(salt: &str, questions: &[String]) -> String {
        let mut lines = BTreeSet::new();
        let mut prefixes = BTreeSet::new();
        let mut edits = BTreeSet::new();
        let mut edit_prefixes = BTreeSet::new();
        let mut contents = BTreeSet::new();
        let mut content_prefixes = BTreeSet::new();
        let function = function_words();
        for question in questions {
            let words: Vec<String> = words(question).into_iter().map(|(w, _)| w).collect();
            for variant in content_variants(&content_words(&words, &function)) {
                contents.insert((variant.len(), hash(salt, &variant)));
                content_prefixes.insert(hash(salt, &variant[..CONTENT_PREFIX]));
            }
            if words.len() >= MIN_WORDS {
                lines.insert((words.len(), hash(salt, &words)));
                prefixes.insert(hash(salt, &words[..MIN_WORDS]));
            }
            for variant in one_word_out(&words) {
                edits.insert(hash(salt, &variant));
                edit_prefixes.insert(hash(salt, &variant[..MIN_WORDS]));
            }
        }
        let mut out = format!(
            "# Fingerprints of the public evaluation questions of at least {MIN_WORDS} words, never their\n\
             # text: salted 64-bit FNV-1a hashes of their words (lowercased runs of letters and digits,\n\
             # joined by one space), as `WORDS HASH`, and of their first {MIN_WORDS} words, as `prefix HASH`;\n\
             # of each question of at least {NEAR_MIN_WORDS} words with one word left out, as `edit HASH`,\n\
             # and of their first {MIN_WORDS} words, as `edit-prefix HASH`; of the content words (not the\n\
             # function words of {FUNCTION_WORDS}) of each question with at least {CONTENT_MIN_WORDS},\n\
             # in order, all and (with one more) all but one, as `content N HASH`, and of their first\n\
             # {CONTENT_PREFIX}, as `content-prefix HASH`.\n\
             # Checked by tests/integration/eval_copies.rs. Regenerate when the evaluation sets change\n\
             # (the salt stays):\n\
             #   COMMUNIQUE_UPDATE_FINGERPRINTS=1 COMMUNIQUE_EVAL_DIR=DIR cargo test eval_copies\n\
             salt {salt}\nquestions {}\n",
            lines.len()
        );
        for (n, h) in lines {
            out.push_str(&format!("{n} {h:016x}\n"));
        }
        for h in prefixes {
            out.push_str(&format!("prefix {h:016x}\n"));
        }
        for h in edits {
            out.push_str(&format!("edit {h:016x}\n"));
        }
        for h in edit_prefixes {
            out.push_str(&format!("edit-prefix {h:016x}\n"));
        }
        for (n, h) in contents {
            out.push_str(&format!("content {n} {h:016x}\n"));
        }
        for h in content_prefixes {
            out.push_str(&format!("content-prefix {h:016x}\n"));
        }
        out
    }

    /// Every run of words of `text` that is a fingerprinted question: (line, the words).
    fn copies_in(&self, text: &str) -> Vec<(usize, String)> {
        let words = words(text);
        let mut found = Vec::new();
        for start in 0..words.len() {
            let mut hasher = Hasher::new(&self.salt);
            for (word, _) in words.iter().skip(start).take(self.longest) {
                hasher.push(word);
                if hasher.words == MIN_WORDS && !self.prefixes.contains(&hasher.hash) {
                    break;
                }
                if hasher.words >= MIN_WORDS && self.questions.contains(&hasher.hash) {
                    let run: Vec<&str> = words[start..start + hasher.words]
                        .iter()
                        .map(|(w, _)| w.as_str())
                        .collect();
                    found.push((words[start].1, run.join(" ")));
                }
            }
        }
        found
    }

    /// Every run of words of `text` whose content words (`function` words left out) are most of a
    /// fingerprinted question's in order: all or all but one, with at most one content word of the
    /// run's own between them, in a passage (a line, or a part of one between quotes, `?`, `!` or
    /// `|`) that says little else: at most [`CONTENT_EXTRA`] content words outside the run. A
    /// statement's sentence that happens to name the same things in the same order is no copy.
    /// (line, the run's content words).
    fn content_copies_in(&self, text: &str, function: &HashSet<String>) -> Vec<(usize, String)> {
        let content: Vec<(String, usize, usize)> = passage_words(text)
            .into_iter()
            .filter(|(w, _, _)| !function.contains(w.as_str()))
            .collect();
        let mut in_passage: std::collections::HashMap<usize, usize> = Default::default();
        for (_, _, passage) in &content {
            *in_passage.entry(*passage).or_insert(0) += 1;
        }
        let prefix_of = |start: usize| {
            let head: Vec<String> = content
                .iter()
                .skip(start)
                .take(CONTENT_PREFIX)
                .map(|(w, _, _)| w.clone())
                .collect();
            head.len() == CONTENT_PREFIX && self.content_prefixes.contains(&hash(&self.salt, &head))
        };
        let mut found: Vec<(usize, String)> = Vec::new();
        for start in 0..content.len() {
            let starts_like_one = prefix_of(start);
            // no word of the run skipped, or the one at `skip` (a content word added); a skip
            // after the first few keeps them, so the run must start like one
            let skips = std::iter::once(None).chain((1..self.content_longest).map(Some));
            for skip in skips {
                if skip.is_none_or(|k| k >= CONTENT_PREFIX) && !starts_like_one {
                    continue;
                }
                let mut hasher = Hasher::new(&self.salt);
                let mut longest: Option<usize> = None;
                for (at, (word, _, _)) in content
                    .iter()
                    .enumerate()
                    .skip(start)
                    .take(self.content_longest + 1)
                {
                    if Some(at - start) == skip {
                        continue;
                    }
                    hasher.push(word);
                    if hasher.words == CONTENT_PREFIX
                        && !self.content_prefixes.contains(&hasher.hash)
                    {
                        break;
                    }
                    if hasher.words >= CONTENT_MIN_WORDS && self.contents.contains(&hasher.hash) {
                        longest = Some(at);
                    }
                }
                let Some(end) = longest else {
                    continue;
                };
                let run = &content[start..=end];
                let passage = run[0].2;
                let alone = run.iter().all(|(_, _, p)| *p == passage)
                    && in_passage[&passage] - run.len() <= CONTENT_EXTRA;
                if alone {
                    let words: Vec<&str> = run.iter().map(|(w, _, _)| w.as_str()).collect();
                    let entry = (run[0].1, words.join(" "));
                    if !found.iter().any(|(line, _)| *line == entry.0) {
                        found.push(entry);
                    }
                    break;
                }
            }
        }
        found
    }

    /// Every run of words of `text` that is a fingerprinted question one word off (one word
    /// changed, added or left out) and not a copy of one: (line, the words).
    fn near_copies_in(&self, text: &str) -> Vec<(usize, String)> {
        let words = words(text);
        let mut found: Vec<(usize, String)> = Vec::new();
        let gate = |h: &u64| self.prefixes.contains(h) || self.edit_prefixes.contains(h);
        for start in 0..words.len() {
            let head: Vec<String> = words
                .iter()
                .skip(start)
                .take(MIN_WORDS)
                .map(|(w, _)| w.clone())
                .collect();
            if head.len() < MIN_WORDS {
                break;
            }
            // A word left out after the first few keeps them: the run must start like one. (The
            // first word skipped is the run one word on, without a skip.)
            let starts_like_one = gate(&hash(&self.salt, &head));
            let skips = std::iter::once(None).chain((1..=self.longest).map(Some));
            for skip in skips {
                if skip.is_none_or(|k| k >= MIN_WORDS) && !starts_like_one {
                    continue;
                }
                let mut hasher = Hasher::new(&self.salt);
                for (at, (word, _)) in words.iter().enumerate().skip(start).take(self.longest + 1) {
                    if Some(at - start) == skip {
                        continue;
                    }
                    hasher.push(word);
                    if hasher.words == MIN_WORDS && !gate(&hasher.hash) {
                        break;
                    }
                    // a variant of a question of NEAR_MIN_WORDS, or such a question itself
                    let variant =
                        hasher.words + 1 >= NEAR_MIN_WORDS && self.edits.contains(&hasher.hash);
                    let question =
                        hasher.words >= NEAR_MIN_WORDS && self.questions.contains(&hasher.hash);
                    let one_off = match skip {
                        // one word left out of the question: the run is a variant
                        None => variant,
                        // one word added, or one changed
                        Some(_) => question || variant,
                    };
                    if one_off {
                        let end = at + 1;
                        let run: Vec<&str> =
                            words[start..end].iter().map(|(w, _)| w.as_str()).collect();
                        let entry = (words[start].1, run.join(" "));
                        if !found.contains(&entry) {
                            found.push(entry);
                        }
                    }
                }
            }
        }
        // Each copy once: a run inside a copy, or inside a longer run one word off, is part of it.
        let exact = self.copies_in(text);
        let inside = |run: &str, other: &str| {
            run != other && format!(" {other} ").contains(&format!(" {run} "))
        };
        let mut kept: Vec<(usize, String)> = Vec::new();
        for entry in &found {
            let part_of_another = exact.iter().chain(&found).any(|other| {
                other.1 == entry.1 && exact.contains(other) || inside(&entry.1, &other.1)
            });
            if !part_of_another {
                kept.push(entry.clone());
            }
        }
        kept
    }
}

/// Every file under the scanned directories, relative to the repository root, sorted.
fn repository_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in SCANNED {
        collect(&repo_path(dir), &mut files);
    }
    files.extend(SCANNED_FILES.iter().map(|f| repo_path(f)));
    let root = repo_path("");
    let mut relative: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|f| f != FINGERPRINTS)
        .collect();
    relative.sort();
    relative
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(repo_path("")).unwrap().to_path_buf();
        if NOT_IN_REPOSITORY.iter().any(|d| relative == Path::new(d)) {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn no_evaluation_question_is_copied_into_the_repository() {
    let fingerprints = Fingerprints::load();
    assert!(
        fingerprints.questions.len() >= 300,
        "{FINGERPRINTS} holds only {} fingerprints",
        fingerprints.questions.len()
    );
    let files = repository_files();
    assert!(files.len() >= 50, "only {} files scanned", files.len());
    let function = function_words();
    let mut copies = Vec::new();
    let mut known_without_copy = Vec::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(repo_path(file)).unwrap()).into_owned();
        let mut found = fingerprints.copies_in(&text);
        found.extend(
            fingerprints
                .near_copies_in(&text)
                .into_iter()
                .map(|(line, run)| (line, format!("{run} (one word off)"))),
        );
        for (line, run) in fingerprints.content_copies_in(&text, &function) {
            if !found.iter().any(|(l, _)| *l == line) {
                found.push((line, format!("{run} (its content words in order)")));
            }
        }
        match KNOWN_COPIES.iter().find(|(known, _)| known == file) {
            Some((_, why)) if found.is_empty() => {
                known_without_copy.push(format!("{file} ({why})"))
            }
            Some((_, why)) => show(&format!(
                "KNOWN COPIES of evaluation questions in {file} ({why}): {} left",
                found.len()
            )),
            None => copies.extend(
                found
                    .into_iter()
                    .map(|(line, run)| format!("{file}:{line}: an evaluation question: {run:?}")),
            ),
        }
    }
    assert!(
        copies.is_empty(),
        "\nword for word from the public evaluation sets (reword them in your own words):\n{}\n",
        copies.join("\n")
    );
    assert!(
        known_without_copy.is_empty(),
        "\nno copy left in these files: remove them from KNOWN_COPIES:\n{}\n",
        known_without_copy.join("\n")
    );
}

/// The evaluation sets' directory, when present.
fn eval_dir() -> Option<PathBuf> {
    match std::env::var_os("COMMUNIQUE_EVAL_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "COMMUNIQUE_EVAL_DIR={} is no directory",
                dir.display()
            );
            Some(dir)
        }
        None => Some(repo_path("../shared/eval")).filter(|d| d.is_dir()),
    }
}

/// The `q` of every line of every `*.jsonl` file under `dir`.
fn eval_questions(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect_jsonl(dir, &mut files);
    assert!(!files.is_empty(), "no *.jsonl under {}", dir.display());
    let mut questions = Vec::new();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let case: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            questions.push(case["q"].as_str().unwrap().to_string());
        }
    }
    questions
}

fn collect_jsonl(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_jsonl(&path, files);
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            files.push(path);
        }
    }
}

#[test]
fn the_fingerprints_are_those_of_the_evaluation_sets() {
    let Some(dir) = eval_dir() else {
        show(&format!(
            "!!!! SKIPPED the_fingerprints_are_those_of_the_evaluation_sets: no evaluation sets at \
             ../shared/eval; set COMMUNIQUE_EVAL_DIR to check {FINGERPRINTS} against them \
             (the copy check itself ran) !!!!"
        ));
        return;
    };
    let fingerprints = Fingerprints::load();
    let expected = Fingerprints::render(&fingerprints.salt, &eval_questions(&dir));
    if std::env::var_os("COMMUNIQUE_UPDATE_FINGERPRINTS").is_some() {
        // Written aside and renamed, so the copy check running alongside never reads half a file.
        let aside = repo_path(&format!("{FINGERPRINTS}.new"));
        std::fs::write(&aside, &expected).unwrap();
        std::fs::rename(&aside, repo_path(FINGERPRINTS)).unwrap();
        show(&format!("rewrote {FINGERPRINTS} from {}", dir.display()));
        return;
    }
    let current = std::fs::read_to_string(repo_path(FINGERPRINTS)).unwrap();
    assert!(
        current == expected,
        "{FINGERPRINTS} is out of date with {}: run COMMUNIQUE_UPDATE_FINGERPRINTS=1 \
         COMMUNIQUE_EVAL_DIR={} cargo test eval_copies",
        dir.display(),
        dir.display()
    );
}

#[test]
fn a_copy_is_found_whatever_its_case_spacing_and_punctuation() {
    let question = "By when should the two sides finish the trade talks?".to_string();
    let fingerprints = Fingerprints::new("test-salt", std::slice::from_ref(&question));
    let text = "x = 1;\n// ask: \"BY WHEN should   the two\n sides finish the trade-talks\" ok\n";
    assert_eq!(
        fingerprints.copies_in(text),
        [(
            2,
            "by when should the two sides finish the trade talks".to_string()
        )]
    );
    // A longer text that contains it holds a copy too; a part of it is not one.
    assert_eq!(
        fingerprints
            .copies_in(&format!("so {question} thanks"))
            .len(),
        1
    );
    assert!(
        fingerprints
            .copies_in("should the two sides finish the trade talks")
            .is_empty()
    );
    // The file round-trips, and another salt gives other fingerprints: it is useless without its own.
    let parsed = Fingerprints::parse(&Fingerprints::render(
        "test-salt",
        std::slice::from_ref(&question),
    ));
    assert_eq!(parsed.copies_in(text).len(), 1);
    let other = Fingerprints::parse(&Fingerprints::render("other", &[question]));
    assert!(other.questions.is_disjoint(&fingerprints.questions));
}

#[test]
fn a_question_one_word_off_is_found_and_a_shared_phrase_is_not() {
    let question = "By when should the two sides finish the trade talks?".to_string();
    let fingerprints = Fingerprints::new("test-salt", std::slice::from_ref(&question));
    let found = |text: &str| fingerprints.near_copies_in(text);
    // one word changed, one added, one left out (anywhere, the first word too)
    assert_eq!(
        found("by when should the two sides finish the tariff talks").len(),
        1
    );
    assert_eq!(
        found("so by when should the two sides finish the trade talks").len(),
        0,
        "{:?}",
        found("so by when should the two sides finish the trade talks")
    );
    assert_eq!(
        found("by when should the two sides really finish the trade talks").len(),
        1
    );
    assert_eq!(
        found("by when should the two sides finish trade talks").len(),
        1
    );
    assert_eq!(
        found("until when should the two sides finish the trade talks").len(),
        1
    );
    assert_eq!(
        found("when should the two sides finish the trade talks").len(),
        1
    );
    // an exact copy is the copy check's; two words off and a shared phrase are no near copy
    assert!(found("by when should the two sides finish the trade talks").is_empty());
    assert!(found("by when should both sides finish the tariff talks").is_empty());
    assert!(found("should the two sides finish").is_empty());
}

#[test]
fn most_of_a_questions_content_words_in_order_are_found() {
    let question = "Which rare minerals do the leaders plan to process in Sulawesi?".to_string();
    let fingerprints = Fingerprints::new("test-salt", std::slice::from_ref(&question));
    let function = function_words();
    let found = |text: &str| fingerprints.content_copies_in(text, &function);
    // the function words changed, a content word left out, one added: still the question's
    for text in [
        "what rare minerals are the leaders planning to process in sulawesi",
        "which rare minerals will leaders plan to process in sulawesi",
        "which minerals do the leaders plan to process in sulawesi",
        "which rare minerals do the two leaders plan to process in sulawesi",
    ] {
        assert_eq!(found(text).len(), 1, "{text}: {:?}", found(text));
    }
    // two content words gone, or the words out of order, or another question: none
    for text in [
        "which minerals do they plan to process in sulawesi",
        "sulawesi leaders plan to process rare minerals",
        "what did the leaders say about rare minerals",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
    // the file round-trips
    let parsed = Fingerprints::parse(&Fingerprints::render(
        "test-salt",
        std::slice::from_ref(&question),
    ));
    assert_eq!(
        parsed
            .content_copies_in(
                "which rare minerals leaders plan process sulawesi",
                &function
            )
            .len(),
        1
    );
}
