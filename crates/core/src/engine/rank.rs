//! Ranking: every fact that shares a concept with the question, scored by how much of the
//! question's weight it explains.
//!
//! Rare concepts weigh more (idf); words the statement never uses weigh as much as the rarest and
//! count against every fact; concepts nearly every fact carries (the parties) are neutral unless
//! the question has nothing more specific. Two small tie-breakers follow coverage: how much of the
//! fact's label (its name) the question covers, and whether the fact declares the kind of detail
//! asked for. **The answer threshold applies to coverage alone**, so tie-breakers can reorder
//! candidates but never lift one over the threshold. Exact ties go to a fact where a party acts
//! before a background one, then by file order (deterministic).

use crate::knowledge::{Fact, Kind, Language};
use crate::text::{MAX_TOKENS, fold, is_year, tokenize};

use super::Engine;
use super::index::Term;
use super::question::{Analysis, Asked, Weight};

/// Share of the score given to how much of the fact's label the question covers: among facts that
/// explain the question equally, the one the question names wins.
const FOCUS_SHARE: f32 = 0.15;
/// Added to a fact that declares the kind of detail asked for.
const DECLARED_KIND_BONUS: f32 = 0.05;
/// How much a concept nearly every fact carries counts when the question has a more specific one.
const GENERAL_SHARE: f32 = 0.1;
/// How much a year counts in a question that also has a word the statement never uses.
const YEAR_SHARE: f32 = 0.5;
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

/// What a fact's answer says of time, worked out once when the engine is built.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Dates {
    /// It names a day: a weekday, or a number of 1 to 31 beside a month ("25 November",
    /// "November 25").
    pub names_a_day: bool,
    /// It looks ahead: a year after the statement's own, or a word of intent ("will", "plan").
    pub looks_ahead: bool,
    /// It looks back: a year up to the statement's own, or a day ("since when?" is answered by
    /// one).
    pub looks_back: bool,
    /// It names a month ("November 2019").
    pub names_a_month: bool,
    /// It names a time of day ("10 a.m.", "noon").
    pub names_a_time: bool,
}

impl Dates {
    /// The month names of `language`, as [`Dates::of`] compares them with tokens (made once
    /// for all the facts of a statement).
    pub(super) fn months(language: &Language) -> rustc_hash::FxHashSet<String> {
        language
            .phrases
            .months
            .iter()
            .map(|m| m.to_lowercase())
            .collect()
    }

    /// What `fact`'s answer says of time, read with `language`'s words and its [`Dates::months`],
    /// for a statement dated `date` (`YYYY-MM-DD`).
    pub(super) fn of(
        fact: &Fact,
        language: &Language,
        months: &rustc_hash::FxHashSet<String>,
        date: &str,
    ) -> Dates {
        let words = &language.question;
        // (the answer's words borrowed from its folded text: no string per word; a word longer
        // than a token may be is no date word either way)
        let folded = fold(&fact.answer);
        let tokens: Vec<&str> = folded.split_ascii_whitespace().take(MAX_TOKENS).collect();
        let day = |t: &&str| t.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
        // (each token compared with the months once, not once per neighbour)
        let month: Vec<bool> = tokens.iter().map(|&t| months.contains(t)).collect();
        let names_a_day = tokens.iter().any(|t| words.weekdays.contains(t))
            || (1..tokens.len()).any(|i| {
                let (Some(a), Some(b)) = (tokens.get(i - 1), tokens.get(i)) else {
                    return false;
                };
                (day(a) && month.get(i) == Some(&true))
                    || (month.get(i - 1) == Some(&true) && day(b))
                    || (month.get(i) == Some(&true)
                        && (is_ordinal_day(a)
                            || (i > 1 && tokens.get(i - 2).is_some_and(|t| is_ordinal_day(t)))))
            });
        let names_a_month = month.contains(&true);
        let names_a_time = super::question::says(&tokens, &words.clock_times);
        let from: u32 = date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        let month_of = |t: &str| {
            language
                .phrases
                .months
                .iter()
                .position(|m| m.to_lowercase() == t)
        };
        // A month later in the statement's own year ("in October 2026" of a statement of
        // March 2026) is to come, as a later year is.
        let from_month = date.get(5..7).and_then(|m| m.parse::<usize>().ok());
        let later_this_year = (1..tokens.len()).any(|i| {
            month.get(i - 1) == Some(&true)
                && tokens.get(i).is_some_and(|t| t.parse::<u32>() == Ok(from))
                && tokens
                    .get(i - 1)
                    .and_then(|t| month_of(t))
                    .zip(from_month)
                    .is_some_and(|(m, f)| m + 1 > f)
        });
        let looks_ahead = later_this_year
            || tokens.iter().any(|t| {
                words.ahead.contains(t)
                    || (t.len() == 4 && t.parse::<u32>().is_ok_and(|year| year > from))
            });
        let looks_back = names_a_day
            || tokens
                .iter()
                .any(|t| t.len() == 4 && t.parse::<u32>().is_ok_and(|year| year <= from));
        Dates {
            names_a_day,
            looks_ahead,
            looks_back,
            names_a_month,
            names_a_time,
        }
    }
}

/// The words of the names of a statement's people (its own list, and each fact's person): the
/// capitalised words of three letters or more ("Joseph R. Biden, Jr." → Joseph, Biden).
pub(super) fn name_words(knowledge: &crate::knowledge::Knowledge) -> Vec<String> {
    let mut words: Vec<String> = knowledge
        .statement
        .people
        .iter()
        .chain(knowledge.facts.iter().filter_map(|f| f.person.as_ref()))
        .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Whether `fact` is about a person or names one by a word of `name_words` (as written, so that
/// a name is not taken for a common word).
pub(super) fn names_a_person(fact: &Fact, name_words: &[String]) -> bool {
    let answer = fact.answer.as_str();
    // (each name found by a substring search, then checked to be a whole word)
    let whole_word_at = |at: usize, len: usize| {
        let before = answer.get(..at).and_then(|s| s.chars().next_back());
        let after = answer.get(at + len..).and_then(|s| s.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    fact.person.is_some()
        || name_words.iter().any(|name| {
            answer
                .match_indices(name.as_str())
                .any(|(at, _)| whole_word_at(at, name.len()))
        })
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
        // Counted over what facts say themselves: a word of a topic's title that one fact uses
        // ("lunar" in "Space cooperation and lunar surface exploration") names that fact.
        let general = analysis.terms.iter().all(|term| match term {
            Term::Generic => true,
            Term::Concept(c) => self
                .index
                .concepts
                .get(c)
                .is_some_and(|p| p.own_idf <= GENERAL_IDF),
            Term::Unknown(_) => false,
        });
        // (and it must give what is asked: "when is the *next* meeting?" of a statement about a
        // meeting is not answered by the meeting it reports)
        (general && self.fits_question(index, analysis.asked())).then_some(index)
    }

    /// Whether `concept` is so common it names no particular fact.
    pub(super) fn is_general_concept(&self, concept: &str) -> bool {
        self.index
            .concepts
            .get(concept)
            .is_some_and(|p| p.idf <= GENERAL_IDF)
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
        let mut ranked = self.rank_weighted(&analysis.weighted(), analysis.asked());
        // "Apart from the FTA, what …": the fact the words set aside name is not the answer: of
        // the facts whose label they name, the one whose label they name most ("the FTA
        // deadline"), not a fact whose label they do not name (the emerging sectors, of "besides
        // halal, which sectors …").
        if !analysis.excluded.is_empty() {
            let named = |fact| self.label_share(fact, &analysis.excluded);
            let most = ranked.iter().map(|c| named(c.fact)).fold(0.0, f32::max);
            if most > 0.0 {
                ranked.retain(|c| named(c.fact) < most);
            }
        }
        ranked
    }

    /// The share of fact `index`'s label weight that `concepts` cover (0 for a fact without a
    /// label of its own concepts).
    fn label_share(&self, index: usize, concepts: &[String]) -> f32 {
        let mass = self.label_mass.get(index).copied().unwrap_or(0.0);
        if mass <= 0.0 {
            return 0.0;
        }
        let named: f32 = concepts
            .iter()
            .filter(|c| {
                self.label_facts
                    .get(c.as_str())
                    .is_some_and(|facts| facts.binary_search(&index).is_ok())
            })
            .filter_map(|c| self.index.concepts.get(c).map(|p| p.idf))
            .sum();
        named / mass
    }

    /// Whether fact `index` answers what is asked: the kind of detail; for "how many", also
    /// whether its number counts what the question counts (when the fact says what it counts);
    /// for "when" about what is to come, also whether it gives a date to come, and for "on what
    /// exact date", whether it names a day.
    fn fits_question(&self, index: usize, asked: Asked) -> bool {
        let Some(fact) = self.knowledge.facts.get(index) else {
            return false;
        };
        if !fits(fact, asked.kind) {
            return false;
        }
        let counts = self
            .count_concepts
            .get(index)
            .map_or(&[][..], Vec::as_slice);
        // "how much of the NOK 1.2 billion goes to wind?": a fact whose every figure the question
        // already names gives no other; it is what the question asks a part of.
        if matches!(asked.kind, Kind::HowMuch | Kind::HowMany) {
            let figures = self.figures().get(index).map_or(&[][..], Vec::as_slice);
            if !figures.is_empty() && figures.iter().all(|f| asked.tokens.contains(f)) {
                return false;
            }
        }
        match (asked.kind, asked.counted) {
            (Kind::HowMany, Some(term)) if !counts.is_empty() => {
                matches!(term, Term::Concept(c) if counts.contains(c))
            }
            (Kind::When, _) => {
                let dates = self.dates.get(index).copied().unwrap_or_default();
                (!asked.future || dates.looks_ahead)
                    && (!asked.since || dates.looks_back)
                    && (!asked.precise || dates.names_a_day)
                    && (!asked.monthly || dates.names_a_month)
                    && (!asked.clock || dates.names_a_time)
            }
            (Kind::Where, _) => {
                !asked.future || self.dates.get(index).is_some_and(|d| d.looks_ahead)
            }
            (Kind::Who, _) => {
                (!asked.person || self.people.get(index).copied().unwrap_or(false))
                    && self.carries_title_asked(index, asked.tokens)
            }
            _ => true,
        }
    }

    /// Whether fact `index` says the title of office a "who" question names ("who is the
    /// foreign *minister*?"), or the question names none.
    fn carries_title_asked(&self, index: usize, tokens: &[String]) -> bool {
        let titles = &self.knowledge.language.question.titles;
        let Some(at) = tokens
            .iter()
            .filter(|t| titles.contains(t))
            .find_map(|t| titles.iter().take(64).position(|title| title == t))
        else {
            return true;
        };
        self.fact_titles()
            .get(index)
            .is_some_and(|bits| bits & (1 << at) != 0)
    }

    /// Per fact, the numbers of its answer that are no years (see `Engine::figures`).
    fn figures(&self) -> &[Vec<String>] {
        self.figures.get_or_init(|| {
            self.knowledge
                .facts
                .iter()
                .map(|fact| {
                    tokenize(&fact.answer)
                        .into_iter()
                        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()) && !is_year(t))
                        .collect()
                })
                .collect()
        })
    }

    /// Per fact, the titles of office it says, as bits (see `Engine::fact_titles`).
    fn fact_titles(&self) -> &[u64] {
        self.fact_titles.get_or_init(|| {
            let titles = &self.knowledge.language.question.titles;
            self.knowledge
                .facts
                .iter()
                .map(|fact| {
                    let tokens = tokenize(&format!("{} {}", fact.label, fact.answer));
                    titles
                        .iter()
                        .take(64)
                        .enumerate()
                        .filter(|(_, title)| {
                            tokens.iter().any(|t| {
                                t == *title
                                    || t.strip_suffix('s')
                                        .is_some_and(|singular| singular == *title)
                            })
                        })
                        .fold(0u64, |bits, (i, _)| bits | (1 << i))
                })
                .collect()
        })
    }

    /// [`Engine::rank`] over terms that each carry a multiplier (context terms count less than
    /// the question's own).
    pub(super) fn rank_weighted(&self, terms: &[(Term, Weight)], asked: Asked) -> Vec<Candidate> {
        let kind = asked.kind;
        let mut seen: Vec<(&Term, Weight)> = Vec::new();
        for (term, weight) in terms {
            if *term == Term::Generic {
                continue;
            }
            match seen.iter_mut().find(|(t, _)| *t == term) {
                Some(entry) => {
                    entry.1.importance = entry.1.importance.max(weight.importance);
                    entry.1.trust = entry.1.trust.max(weight.trust);
                }
                None => seen.push((term, *weight)),
            }
        }
        // Concepts nearly every fact carries (the parties) say nothing about which fact is
        // meant, and a fact that leaves them implicit is no worse for it: they only count when
        // the question has nothing more specific.
        // They still break ties, a little ("the *Korean* head of state").
        if seen.iter().any(|(t, _)| !self.is_general(t)) {
            for (term, weight) in &mut seen {
                if self.is_general(term) {
                    weight.importance *= GENERAL_SHARE;
                }
            }
        }
        // A year is rare in most statements, yet alone it names no fact: when it is the only
        // specific concept of a question beside a word the statement never uses ("who chairs
        // ASEAN *in 2023*?" of a fact on "fiscal year 2023"), it counts for half, so a fact that
        // covers only the year does not carry the question.
        let year_alone = seen.iter().all(|(t, _)| match t {
            Term::Concept(c) => is_year(c) || self.is_general(t),
            _ => true,
        });
        if year_alone && seen.iter().any(|(t, _)| matches!(t, Term::Unknown(_))) {
            for (term, weight) in &mut seen {
                if matches!(term, Term::Concept(c) if is_year(c)) {
                    weight.importance *= YEAR_SHARE;
                }
            }
        }
        let total: f32 = seen
            .iter()
            .map(|(t, w)| self.index.weight(t) * w.importance)
            .sum();
        if total <= 0.0 {
            return Vec::new();
        }
        // Per fact: (the weight it explains, the weight of its label the question covers), and
        // the facts touched, in the order first touched.
        let mut covered: Vec<(f32, f32)> = vec![(0.0, 0.0); self.knowledge.facts.len()];
        let mut is_touched: Vec<bool> = vec![false; self.knowledge.facts.len()];
        let mut touched: Vec<usize> = Vec::new();
        for (term, weight) in &seen {
            // A fact that carries the term explains it as far as the term is trusted.
            let multiplier = weight.importance * weight.trust;
            let Term::Concept(concept) = term else {
                continue;
            };
            let Some(postings) = self.index.concepts.get(concept) else {
                continue;
            };
            let labels = self.label_facts.get(concept).map_or(&[][..], Vec::as_slice);
            for &(fact, field_weight) in &postings.facts {
                let (Some(entry), Some(seen)) = (covered.get_mut(fact), is_touched.get_mut(fact))
                else {
                    continue;
                };
                if !*seen {
                    *seen = true;
                    touched.push(fact);
                }
                entry.0 += postings.idf * field_weight * multiplier;
                if labels.binary_search(&fact).is_ok() {
                    entry.1 += postings.idf * multiplier;
                }
            }
        }
        let mut ranked: Vec<Candidate> = touched
            .into_iter()
            .filter_map(|fact| {
                let (weight, label_weight) = covered.get(fact).copied()?;
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
                    fits_kind: self.fits_question(fact, asked),
                })
            })
            .collect();
        // An exact tie goes to a fact where a party acts before a background one, then by file
        // order.
        let background = |c: &Candidate| {
            self.knowledge
                .facts
                .get(c.fact)
                .is_some_and(|f| f.background)
        };
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(background(a).cmp(&background(b)))
                .then(a.fact.cmp(&b.fact))
        });
        ranked
    }

    /// The position of the fact with this id.
    pub(crate) fn fact_index(&self, id: &str) -> Option<usize> {
        self.knowledge.facts.iter().position(|f| f.id == id)
    }
}

/// Whether a folded token is a day written as an ordinal: a number of 1 to 31 and a suffix of
/// two letters ("12th", "1st"), as in "the 12th of May" (one word may stand between it and the
/// month).
fn is_ordinal_day(token: &str) -> bool {
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    token
        .get(..digits)
        .is_some_and(|d| d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)))
        && token.get(digits..).is_some_and(|suffix| {
            suffix.len() == 2 && suffix.chars().all(|c| c.is_ascii_lowercase())
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Dates;
    use crate::knowledge::{Fact, Knowledge};

    fn dates(answer: &str, date: &str) -> Dates {
        let knowledge = Knowledge::embedded().unwrap();
        let language = &knowledge.language;
        let fact = Fact {
            answer: answer.to_string(),
            ..Fact::default()
        };
        Dates::of(&fact, language, &Dates::months(language), date)
    }

    #[test]
    fn a_day_written_as_an_ordinal_names_a_day() {
        for answer in [
            "The ceremony was held at the palace on the 12th of May.",
            "Flights start on 1st August.",
        ] {
            assert!(dates(answer, "2026-05-14").names_a_day, "{answer}");
        }
        assert!(!dates("The 9th meeting is in May.", "2026-05-14").names_a_day);
    }

    #[test]
    fn a_month_later_in_the_statements_own_year_looks_ahead() {
        let later = "They agreed to hold the next round in Manila in October 2026.";
        assert!(dates(later, "2026-03-18").looks_ahead);
        let earlier = "They held the first round in Manila in January 2026.";
        assert!(!dates(earlier, "2026-03-18").looks_ahead);
        assert!(
            !dates(later, "2026-11-02").looks_ahead,
            "October is past in November"
        );
    }
}
