//! Accepting a review's changes one after another: each is proved again against the package with
//! the changes accepted before it ([`Curator::try_change`]), so the package that is finally
//! written is one that every check passed on, as a whole.
//!
//! The caller asks the curator (a terminal prompt, or `--yes`) and writes the files the curator's
//! package changed ([`Package::changed_since`]); this module does no I/O.

use std::collections::BTreeSet;

use communique_core::engine::Engine;

use crate::package::{Change, Package, PackageError};
use crate::suggest::{Context, Failure, Proof, prove};
use crate::verify::{Bench, DialogueRun, Verdict, ask, check_problems, run_dialogues};

/// A package being changed, with what its changes must keep.
pub struct Curator<'a> {
    bench: &'a Bench,
    original: Package,
    current: Package,
    engine: Engine,
    /// What the original package's dialogues and `check` failed: nothing may be added to these.
    dialogues: DialogueRun,
    check: BTreeSet<String>,
    /// The log's questions (asked alone), and what the current package decides for them.
    questions: Vec<String>,
    logged: Vec<(String, Verdict)>,
}

impl<'a> Curator<'a> {
    /// A curator of `package`, keeping the answers and refusals it gives the log's `questions`.
    pub fn new(
        bench: &'a Bench,
        package: Package,
        questions: Vec<String>,
    ) -> Result<Curator<'a>, PackageError> {
        let engine = bench.engine(&package)?;
        let dialogues = run_dialogues(&engine, &package);
        let check = check_problems(&engine, &package);
        let logged = questions
            .iter()
            .map(|q| (q.clone(), ask(&engine, q)))
            .collect();
        Ok(Curator {
            bench,
            original: package.clone(),
            current: package,
            engine,
            dialogues,
            check,
            questions,
            logged,
        })
    }

    /// Proves `change` for `questions` (answered from a fact carrying `concept`, when given)
    /// against the package as changed so far; why not, in words (`Failure::why`).
    pub fn try_change(
        &self,
        change: &Change,
        questions: &[String],
        concept: Option<&str>,
    ) -> Result<Proof, Failure> {
        let ctx = Context {
            bench: self.bench,
            package: &self.current,
            engine: &self.engine,
            dialogues: &self.dialogues,
            check: &self.check,
            logged: &self.logged,
        };
        prove(&ctx, change, questions, concept)
    }

    /// Keeps `change` (proved by [`Curator::try_change`]).
    pub fn accept(&mut self, change: &Change) -> Result<(), PackageError> {
        let changed = self.current.with(change)?;
        self.engine = self.bench.engine(&changed)?;
        self.current = changed;
        self.logged = self
            .questions
            .iter()
            .map(|q| (q.clone(), ask(&self.engine, q)))
            .collect();
        Ok(())
    }

    /// The package with every accepted change.
    pub fn package(&self) -> &Package {
        &self.current
    }

    /// The package as it was.
    pub fn original(&self) -> &Package {
        &self.original
    }
}
