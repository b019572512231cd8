//! Loads the knowledge the core crate embeds with the core's own loader, indexes it as start-up
//! would, and writes the snapshot (`knowledge.postcard` and `indexes.postcard` in `OUT_DIR`) for the
//! library to include. The build script is rebuilt, and so rerun, whenever the core or its
//! embedded knowledge changes. Knowledge that does not load is not snapshot: the build warns,
//! and the binary loads the files at start-up, where the problems are reported as always.

use std::path::PathBuf;
use std::{env, fs, io};

use communique_core::snapshot::{Snapshot, SnapshotBytes};

fn main() -> io::Result<()> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../knowledge");
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("no OUT_DIR"))?);
    let none = SnapshotBytes {
        knowledge: Vec::new(),
        indexes: Vec::new(),
    };
    let bytes = match Snapshot::of_embedded() {
        Ok(snapshot) => snapshot.to_bytes().unwrap_or_else(|err| {
            let cause = std::error::Error::source(&err).map(ToString::to_string);
            println!("cargo:warning={err}: {}", cause.unwrap_or_default());
            none
        }),
        Err(err) => {
            let first = err
                .problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            println!(
                "cargo:warning=the built-in knowledge does not load ({first}); it is loaded at start-up instead"
            );
            none
        }
    };
    fs::write(out.join("knowledge.postcard"), bytes.knowledge)?;
    fs::write(out.join("indexes.postcard"), bytes.indexes)
}
