//! Compiles the repository's knowledge directory into the crate: every data file under
//! `knowledge/` (language packs and statement packages, not their test dialogues) becomes one entry
//! of `communique_core::knowledge::EMBEDDED`, so the binary answers from any directory. Cargo
//! reruns this when anything under `knowledge/` changes, and `include_str!` makes it track each
//! file.
//!
//! It also writes `stems.rs`: the Snowball English stem of every word of the embedded knowledge
//! (its large word tables aside), sorted by word. Stemming those words was a fifth of start-up;
//! the engine looks a word up there before running Snowball, and a test checks every entry against
//! Snowball at run time, so the table can only make stemming faster, never change a stem. A
//! `--knowledge DIR` of other words stems them at run time as before.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

/// Word tables too large, and too far from what is indexed, to stem at build time (the lexicon and
/// word frequencies are looked up, not indexed; the Malay roots are Malay).
const NOT_STEMMED: [&str; 3] = ["lexicon.tsv", "frequency.tsv", "roots.txt"];

/// Extensions of the files a package or language pack is made of.
const DATA_EXTENSIONS: [&str; 3] = ["toml", "txt", "tsv"];

fn main() -> io::Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    // the workspace's knowledge directory, two levels above this crate (crates/core)
    let knowledge = root.join("../../knowledge");
    println!("cargo:rerun-if-changed=../../knowledge");
    let mut files = Vec::new();
    collect(&knowledge, &mut files)?;
    files.sort();
    let mut out = String::from(
        "/// Every data file under `knowledge/`: (path relative to `knowledge/`, text).\n\
         pub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&knowledge)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            file.to_string_lossy()
        )
        .map_err(io::Error::other)?;
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(out_dir.join("embedded.rs"), out)?;
    fs::write(out_dir.join("stems.rs"), english_stems(&files)?)
}

/// The English stems table: every word of `files` (as the engine's tokenizer cuts ASCII text:
/// lowercase runs of letters and digits; words with digits are their own stem and left out),
/// with its Snowball English stem, sorted by word.
fn english_stems(files: &[PathBuf]) -> io::Result<String> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut stems = BTreeMap::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if NOT_STEMMED.contains(&name) {
            continue;
        }
        let text = fs::read_to_string(file)?.to_ascii_lowercase();
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.is_empty() || word.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            stems
                .entry(word.to_string())
                .or_insert_with(|| stemmer.stem(word).into_owned());
        }
    }
    let mut out = String::from(
        "/// Every word of the embedded knowledge with its Snowball English stem, sorted by word\n\
         /// (written by build.rs).\n\
         pub(crate) static ENGLISH_STEMS: &[(&str, &str)] = &[\n",
    );
    for (word, stem) in &stems {
        writeln!(out, "    ({word:?}, {stem:?}),").map_err(io::Error::other)?;
    }
    out.push_str("];\n");
    Ok(out)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            // Dialogues are tests of a package, read from disk by `communique test`.
            if path.file_name().is_some_and(|n| n != "dialogues") {
                collect(&path, files)?;
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DATA_EXTENSIONS.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}
