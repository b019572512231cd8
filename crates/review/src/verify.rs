//! Trying a package in memory: build its engine with the core's loader and index, ask it
//! questions as a fresh conversation would, and run its dialogues with the testkit's runner.

use std::collections::BTreeSet;
use std::sync::Arc;

use communique_core::conversation::Conversation;
use communique_core::engine::{Engine, LanguageIndex, OutcomeKind, Trace};
use communique_core::knowledge::{Language, LoadError, check_source};
use communique_core::lang::Toolkit;
use communique_testkit::dialogue;

use crate::package::Package;

/// A margin over the runner-up this large makes an answer clear.
pub const CLEAR_MARGIN: f32 = 0.1;
/// A change is proved only by answers from a fact that explains this much of each question.
pub const PROOF_COVERAGE: f32 = 0.7;

/// Builds engines of packages over shared language indexes.
pub struct Bench {
    languages: Vec<Arc<Language>>,
    indexes: Vec<Arc<LanguageIndex>>,
    toolkit: Toolkit,
}

impl std::fmt::Debug for Bench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bench")
            .field("languages", &self.languages.len())
            .finish_non_exhaustive()
    }
}

impl Bench {
    /// A bench reading packages with the language packs `languages` and the language crates of
    /// `toolkit` (the program's: Malay is read as the bot reads it).
    pub fn new(languages: Vec<Arc<Language>>, toolkit: Toolkit) -> Bench {
        let indexes = languages
            .iter()
            .map(|l| Arc::new(LanguageIndex::new(l, &toolkit)))
            .collect();
        Bench {
            languages,
            indexes,
            toolkit,
        }
    }

    /// The engine of `package`, as the program would build it.
    pub fn engine(&self, package: &Package) -> Result<Engine, LoadError> {
        let knowledge = package.knowledge(&self.languages)?;
        let index = self
            .indexes
            .iter()
            .find(|i| Arc::ptr_eq(i.language(), &knowledge.language));
        Ok(match index {
            Some(index) => Engine::with_language(knowledge, index),
            None => Engine::with_toolkit(knowledge, &self.toolkit),
        })
    }
}

/// What the engine decided for a question asked alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub kind: OutcomeKind,
    pub fact: Option<String>,
    pub score: f32,
    /// The best other candidate, and the lead over it (1.0 when there is none).
    pub runner_up: Option<String>,
    pub margin: f32,
    /// The share of the question the fact (or the best candidate) explains.
    pub coverage: f32,
    pub trace: Trace,
}

impl Verdict {
    /// An answer from a fact, leading every other candidate by [`CLEAR_MARGIN`].
    pub fn is_clear_answer(&self) -> bool {
        self.kind == OutcomeKind::Answer && self.margin >= CLEAR_MARGIN
    }

    /// A clear answer from a fact that explains most of the question: what proves a change.
    pub fn is_proof(&self) -> bool {
        self.is_clear_answer() && self.coverage >= PROOF_COVERAGE
    }

    pub fn is_answer(&self) -> bool {
        self.kind == OutcomeKind::Answer
    }

    /// A no-answer or a partial answer.
    pub fn is_refused(&self) -> bool {
        matches!(self.kind, OutcomeKind::NoAnswer | OutcomeKind::Partial)
    }
}

/// `engine`'s decision on `question` in a fresh conversation.
pub fn ask(engine: &Engine, question: &str) -> Verdict {
    let (_, trace) = engine.respond_traced(&mut Conversation::default(), question);
    let (kind, fact, score) = match &trace.outcome {
        Some(o) => (o.kind, o.fact.clone(), o.score),
        None => (OutcomeKind::NoAnswer, None, 0.0),
    };
    let lead = fact
        .clone()
        .or_else(|| trace.candidates.first().map(|c| c.fact.clone()));
    let lead_candidate = trace
        .candidates
        .iter()
        .find(|c| Some(&c.fact) == lead.as_ref());
    let lead_score = lead_candidate.map_or(score, |c| c.score);
    let coverage = lead_candidate.map_or(0.0, |c| c.coverage);
    let second = trace
        .candidates
        .iter()
        .find(|c| Some(&c.fact) != lead.as_ref());
    Verdict {
        kind,
        fact,
        score,
        runner_up: second.map(|c| c.fact.clone()),
        margin: second.map_or(1.0, |c| lead_score - c.score),
        coverage,
        trace,
    }
}

/// The checks of a package's dialogues that fail, each as `file:line: problem`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogueRun {
    pub passed: usize,
    pub failures: BTreeSet<String>,
}

/// Runs the dialogues of `package` against `engine` (malformed lines and unknown facts count as
/// failures, as `communique test` counts them).
pub fn run_dialogues(engine: &Engine, package: &Package) -> DialogueRun {
    let mut run = DialogueRun::default();
    let mut outcome = dialogue::Outcome::default();
    for file in &package.dialogues {
        match dialogue::parse(&file.name, &file.text) {
            Ok(script) => {
                let unknown = script.unknown_facts(engine.knowledge());
                if unknown.is_empty() {
                    dialogue::run(engine, &script, &mut outcome);
                }
                run.failures.extend(unknown.iter().map(ToString::to_string));
            }
            Err(err) => run
                .failures
                .extend(err.errors.iter().map(ToString::to_string)),
        }
    }
    run.passed = outcome.passed;
    run.failures.extend(
        outcome
            .failures
            .iter()
            .map(|f| f.to_string().lines().next().unwrap_or_default().to_string()),
    );
    run
}

/// The problems `check` finds in `engine`'s package against its own source text.
pub fn check_problems(engine: &Engine, package: &Package) -> BTreeSet<String> {
    let knowledge = engine.knowledge();
    let mut problems: BTreeSet<String> = communique_core::knowledge::check_translations(knowledge)
        .iter()
        .map(ToString::to_string)
        .collect();
    if let Some(source) = package.source_text() {
        problems.extend(
            check_source(knowledge, "source.txt", source)
                .problems
                .iter()
                .map(ToString::to_string),
        );
    }
    problems
}
