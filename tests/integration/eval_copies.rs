//! No public evaluation question is copied into the repository: a held-out set only judges the bot
//! if its questions are not in the knowledge or the tests.
//!
//! `tests/eval-fingerprints.txt` holds salted 64-bit FNV-1a hashes of the evaluation questions of at
//! least [`MIN_WORDS`] words (never their text), so the check runs on a clean clone without the
//! evaluation sets. A question is its words: runs of letters and digits, lowercased, so case,
//! whitespace and punctuation are folded. Every run of words in every file under `src/`,
//! `knowledge/` and `tests/` is checked against the hashes. When the evaluation sets are present
//! (`COMMUNIQUE_EVAL_DIR`, else `../shared/eval` from the repository root), a second test checks
//! that the fingerprints are those of the current sets; without them it says loudly that it
//! skipped. `COMMUNIQUE_UPDATE_FINGERPRINTS=1` rewrites the file from the sets (same salt).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::helpers::{repo_path, show};

/// Where the fingerprints live, relative to the repository root.
const FINGERPRINTS: &str = "tests/eval-fingerprints.txt";

/// Shorter questions ("hydrogen?", "FTA deadline?") are ordinary phrases, not copies.
const MIN_WORDS: usize = 4;

/// The directories whose files must hold no copy.
const SCANNED: [&str; 3] = ["src", "knowledge", "tests"];

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
const KNOWN_COPIES: [(&str, &str); 4] = [
    (
        "knowledge/lang/en/build/class-holdout.csv",
        "the lexicon's held-out word list; knowledge/lang/ is the lead's to change",
    ),
    (
        "src/engine/question.rs",
        "its unit tests; src/engine/ is the lead's to change",
    ),
    (
        "tests/integration/telegram/mod.rs",
        "the Telegram tests are issue 14's Telegram part",
    ),
    (
        "tests/integration/telegram/scale.rs",
        "the Telegram tests are issue 14's Telegram part",
    ),
];

/// The words of `text` (lowercased runs of letters and digits), each with its line.
fn words(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
            continue;
        }
        if !current.is_empty() {
            out.push((std::mem::take(&mut current), line));
        }
        if c == '\n' {
            line += 1;
        }
    }
    if !current.is_empty() {
        out.push((current, line));
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

fn fingerprint(salt: &str, question: &str) -> (usize, u64) {
    let mut hasher = Hasher::new(salt);
    for (word, _) in words(question) {
        hasher.push(&word);
    }
    (hasher.words, hasher.hash)
}

struct Fingerprints {
    salt: String,
    /// (number of words, hash)
    entries: HashSet<(usize, u64)>,
}

impl Fingerprints {
    fn parse(text: &str) -> Fingerprints {
        let mut salt = None;
        let mut entries = HashSet::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["salt", value] => salt = Some(value.to_string()),
                ["questions", _] | [] => {}
                [n, hash] => {
                    let n = n.parse().unwrap();
                    entries.insert((n, u64::from_str_radix(hash, 16).unwrap()));
                }
                other => panic!("{FINGERPRINTS}: unexpected line {other:?}"),
            }
        }
        let salt = salt.unwrap_or_else(|| panic!("{FINGERPRINTS} has no salt line"));
        Fingerprints { salt, entries }
    }

    fn load() -> Fingerprints {
        Fingerprints::parse(&std::fs::read_to_string(repo_path(FINGERPRINTS)).unwrap())
    }

    /// The file's text for `questions`, with this salt.
    fn render(&self, questions: &[String]) -> String {
        let entries: BTreeSet<(usize, u64)> = questions
            .iter()
            .map(|q| fingerprint(&self.salt, q))
            .filter(|(n, _)| *n >= MIN_WORDS)
            .collect();
        let mut out = format!(
            "# Fingerprints of the public evaluation questions of at least {MIN_WORDS} words, never their\n\
             # text: salted 64-bit FNV-1a hashes of their words (lowercased runs of letters and digits,\n\
             # joined by one space), as `WORDS HASH`. Checked by tests/integration/eval_copies.rs.\n\
             # Regenerate when the evaluation sets change (the salt stays):\n\
             #   COMMUNIQUE_UPDATE_FINGERPRINTS=1 COMMUNIQUE_EVAL_DIR=DIR cargo test eval_copies\n\
             salt {}\nquestions {}\n",
            self.salt,
            entries.len()
        );
        for (n, hash) in entries {
            out.push_str(&format!("{n} {hash:016x}\n"));
        }
        out
    }

    fn lengths(&self) -> BTreeSet<usize> {
        self.entries.iter().map(|(n, _)| *n).collect()
    }

    /// Every run of words of `text` that is a fingerprinted question: (line, the words).
    fn copies_in(&self, text: &str) -> Vec<(usize, String)> {
        let words = words(text);
        let lengths = self.lengths();
        let longest = lengths.last().copied().unwrap_or(0);
        let mut found = Vec::new();
        for start in 0..words.len() {
            let mut hasher = Hasher::new(&self.salt);
            for (word, _) in words.iter().skip(start).take(longest) {
                hasher.push(word);
                if lengths.contains(&hasher.words)
                    && self.entries.contains(&(hasher.words, hasher.hash))
                {
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
}

/// Every file under the scanned directories, relative to the repository root, sorted.
fn repository_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in SCANNED {
        collect(&repo_path(dir), &mut files);
    }
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
        fingerprints.entries.len() >= 300,
        "{FINGERPRINTS} holds only {} fingerprints",
        fingerprints.entries.len()
    );
    let files = repository_files();
    assert!(files.len() >= 50, "only {} files scanned", files.len());
    let mut copies = Vec::new();
    let mut known_without_copy = Vec::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(repo_path(file)).unwrap()).into_owned();
        let found = fingerprints.copies_in(&text);
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
    let expected = fingerprints.render(&eval_questions(&dir));
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
    let question = "By when should the two sides finish the trade talks?";
    let fingerprints = Fingerprints {
        salt: "test-salt".to_string(),
        entries: [fingerprint("test-salt", question)].into_iter().collect(),
    };
    let text = "x = 1;\n// ask: \"BY WHEN should   the two\n sides finish the trade-talks\" ok\n";
    assert_eq!(
        fingerprints.copies_in(text),
        [(
            2,
            "by when should the two sides finish the trade talks".to_string()
        )]
    );
    // A longer question that contains it is a copy too; a part of it is not.
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
    // Another salt gives other fingerprints: the file is useless without its own salt.
    assert_ne!(
        fingerprint("other", question),
        fingerprint("test-salt", question)
    );
}
