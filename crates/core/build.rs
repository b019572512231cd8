//! Compiles the repository's knowledge directory into the crate: every data file under
//! `knowledge/` (language packs and statement packages, not their test dialogues) becomes one entry
//! of `communique_core::knowledge::EMBEDDED`, so the binary answers from any directory. Cargo
//! reruns this when anything under `knowledge/` changes, and `include_str!` makes it track each
//! file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

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
    let dest = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?).join("embedded.rs");
    fs::write(dest, out)
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
