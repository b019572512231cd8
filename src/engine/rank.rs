//! Ranking: every fact that shares a concept with the question, scored by how much of the
//! question's weight it explains.
//!
//! Rare concepts weigh more (idf); words the statement never uses weigh as much as the rarest and
//! count against every fact; concepts nearly every fact carries (the parties) are neutral unless
//! the question has nothing more specific. Two small tie-breakers follow coverage: how much of the
//! fact's label (its name) the question covers, and whether the fact declares the kind of detail
//! asked for. **The answer threshold applies to coverage alone**, so tie-breakers can reorder
//! candidates but never lift one over the threshold. Ties break by file order (deterministic).

use std::collections::HashMap;

use crate::knowledge::{Fact, Kind};

use super::Engine;
use super::index::Term;
use super::question::Analysis;

/// Share of the score given to how much of the fact's label the question covers: among facts that
/// explain the question equally, the one the question names wins.
const FOCUS_SHARE: f32 = 0.15;
/// Added to a fact that declares the kind of detail asked for.
const DECLARED_KIND_BONUS: f32 = 0.05;
/// A concept this common (in at least a third of the facts) names no particular fact.
pub(super) const GENERAL_IDF: f32 = 1.3863; // ln(4)

/// One scored fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub fact: usize,
    /// Ranking score: coverage plus the label and declared-kind tie-breakers.
    pub score: f32,
    /// The share of the question's weight this fact explains.
    pub coverage: f32,
    /// Whether the fact answers the question's kind.
    pub fits_kind: bool,
}

/// Whether `fact` can answer a question of `kind`.
pub fn fits(fact: &Fact, kind: Kind) -> bool {
    kind.is_open() || fact.kinds.contains(&kind)
}

impl Engine {
    /// The overview fact, when the question names nothing more specific than what nearly every
    /// fact mentions ("what did the two countries agree?") and the overview can answer it.
    pub(super) fn overview_for(&self, analysis: &Analysis) -> Option<usize> {
        let index = self.fact_index(self.knowledge.statement.overview.as_deref()?)?;
        let general = analysis.terms.iter().all(|term| match term {
            Term::Generic => true,
            Term::Concept(_) => self.is_general(term),
            Term::Unknown(_) => false,
        });
        let fact = self.knowledge.facts.get(index)?;
        (general && fits(fact, analysis.kind)).then_some(index)
    }

    /// Whether `term` is a concept so common it names no particular fact.
    fn is_general(&self, term: &Term) -> bool {
        match term {
            Term::Concept(c) => self
                .index
                .concepts
                .get(c)
                .is_some_and(|p| p.idf <= GENERAL_IDF),
            Term::Generic | Term::Unknown(_) => false,
        }
    }

    /// Scores every fact sharing a concept with the question, best first (ties by file order).
    pub fn rank(&self, analysis: &Analysis) -> Vec<Candidate> {
        let weighted: Vec<(Term, f32)> = analysis.terms.iter().map(|t| (t.clone(), 1.0)).collect();
        self.rank_weighted(&weighted, analysis.kind)
    }

    /// [`Engine::rank`] over terms that each carry a multiplier (context terms count less than
    /// the question's own).
    pub(super) fn rank_weighted(&self, terms: &[(Term, f32)], kind: Kind) -> Vec<Candidate> {
        let mut seen: Vec<(&Term, f32)> = Vec::new();
        for (term, multiplier) in terms {
            if *term == Term::Generic {
                continue;
            }
            match seen.iter_mut().find(|(t, _)| *t == term) {
                Some(entry) => entry.1 = entry.1.max(*multiplier),
                None => seen.push((term, *multiplier)),
            }
        }
        // Concepts nearly every fact carries (the parties) say nothing about which fact is
        // meant, and a fact that leaves them implicit is no worse for it: they only count when
        // the question has nothing more specific.
        if seen.iter().any(|(t, _)| !self.is_general(t)) {
            seen.retain(|(t, _)| !self.is_general(t));
        }
        let total: f32 = seen.iter().map(|(t, m)| self.index.weight(t) * m).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut covered: HashMap<usize, (f32, f32)> = HashMap::new();
        for (term, multiplier) in &seen {
            let Term::Concept(concept) = term else {
                continue;
            };
            let Some(postings) = self.index.concepts.get(concept) else {
                continue;
            };
            for &(fact, field_weight) in &postings.facts {
                let entry = covered.entry(fact).or_insert((0.0, 0.0));
                entry.0 += postings.idf * field_weight * multiplier;
                if self
                    .label_concepts
                    .get(fact)
                    .is_some_and(|k| k.contains(concept))
                {
                    entry.1 += postings.idf * multiplier;
                }
            }
        }
        let mut ranked: Vec<Candidate> = covered
            .into_iter()
            .filter_map(|(fact, (weight, label_weight))| {
                let f = self.knowledge.facts.get(fact)?;
                let mass = self.label_mass.get(fact).copied().unwrap_or(0.0);
                let focus = if mass > 0.0 {
                    (label_weight / mass).min(1.0)
                } else {
                    0.0
                };
                let coverage = (weight / total).min(1.0);
                // "Why did he visit?": a fact that declares it gives reasons beats one that
                // merely mentions the visit.
                let declared = if f.kinds.contains(&kind) {
                    DECLARED_KIND_BONUS
                } else {
                    0.0
                };
                Some(Candidate {
                    fact,
                    score: ((1.0 - FOCUS_SHARE) * coverage + FOCUS_SHARE * focus + declared)
                        .min(1.0),
                    coverage,
                    fits_kind: fits(f, kind),
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact)));
        ranked
    }

    /// The position of the fact with this id.
    pub(crate) fn fact_index(&self, id: &str) -> Option<usize> {
        self.knowledge.facts.iter().position(|f| f.id == id)
    }
}
