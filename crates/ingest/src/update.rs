//! `ingest --update`: re-ingests a changed source into an existing package, keeping hand edits.
//!
//! Ingesting is deterministic, so the package the old `source.txt` would give is known exactly:
//! whatever in the package differs from it was edited by hand (curated) and is kept; the rest is
//! drafted anew from the new source. A fact is curated when no drafted fact of the old source is
//! identical to it; a `[statement]` field is curated when it is not listed in `drafted`; a synonym
//! group, topic or small-talk set when the old draft does not hold it as it is. Curated facts keep
//! their place and id (a drafted fact with the same id gives way); their paragraph numbers follow
//! their paragraphs when the source moved them, and facts citing a paragraph whose text changed
//! or vanished are reported, as are paragraphs added, so the curator knows what to look at.

use std::collections::{HashMap, HashSet};

use super::{Draft, IngestError, Options};
use communique_core::knowledge::{
    Fact, Knowledge, Language, Problem, Statement, SynonymGroup, paragraphs,
};
use communique_core::text::{fold, squash_whitespace};

/// What an update did and what the curator should look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Curated facts kept.
    pub kept: Vec<String>,
    /// Drafted facts written anew.
    pub drafted: usize,
    /// Old paragraph numbers whose text changed or is gone.
    pub changed: Vec<u32>,
    /// New paragraph numbers with no old counterpart.
    pub added: Vec<u32>,
    /// Curated facts citing a changed paragraph (id, old paragraph numbers).
    pub stale: Vec<(String, Vec<u32>)>,
    /// What `check` finds wrong with the updated package (stale quotes of curated facts).
    pub problems: Vec<Problem>,
}

/// Updates the package `old` to the statement text `source`.
pub fn update(
    old: &Knowledge,
    source: &str,
    options: &Options,
    language: &Language,
) -> Result<(Draft, UpdateReport), IngestError> {
    let options = Options {
        id: options.id.clone(),
        // A date checked by hand is the date both sources are read with.
        date: options.date.clone().or_else(|| {
            (!old.statement.drafted.iter().any(|f| f == "date")).then(|| old.statement.date.clone())
        }),
    };
    let old_source = old.source.as_ref().map(|s| s.text.as_str()).unwrap_or("");
    let before = super::ingest(old_source, &options, language).ok();
    let mut new = super::ingest(source, &options, language)?;
    let mut report = UpdateReport::default();
    let alignment = align(&paragraphs(old_source), &paragraphs(source));
    report.changed = alignment.changed;
    report.added = alignment.added;

    let curated = curated_facts(old, before.as_ref(), &alignment.map, &mut report);
    report.drafted = new.facts.len();
    merge_facts(&mut new, curated);
    merge_topics(&mut new, old, before.as_ref());
    new.statement = merge_statement(&new.statement, &old.statement, &new.facts);
    new.synonyms = merge_synonyms(&old.synonyms, before.as_ref(), &new.synonyms);
    for word in &old.generic {
        if !new.generic.contains(word) {
            new.generic.push(word.clone());
        }
    }
    if before
        .as_ref()
        .is_none_or(|b| toml_of(&b.intents) != toml_of(&old.intents))
    {
        new.intents = old.intents.clone();
    }
    let knowledge = super::parse(&new, language)?;
    report.problems = super::check(&new, &knowledge);
    let drafter = super::Drafter::new(language).map_err(IngestError::Drafting)?;
    let reached = super::reach::reach(knowledge, drafter.writing);
    new.dialogue = reached.dialogue;
    new.unreachable = reached.unreachable;
    Ok((new, report))
}

/// How old paragraphs map to new ones.
struct Alignment {
    /// Old number → new number, for paragraphs whose text is unchanged.
    map: HashMap<u32, u32>,
    changed: Vec<u32>,
    added: Vec<u32>,
}

/// Aligns two paragraph lists on identical text (longest common subsequence).
fn align(old: &[String], new: &[String]) -> Alignment {
    let old: Vec<String> = old.iter().map(|p| squash_whitespace(p)).collect();
    let new: Vec<String> = new.iter().map(|p| squash_whitespace(p)).collect();
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if old.get(i) == new.get(j) {
                cell(&lcs, i + 1, j + 1) + 1
            } else {
                cell(&lcs, i + 1, j).max(cell(&lcs, i, j + 1))
            };
            if let Some(slot) = lcs.get_mut(i).and_then(|row| row.get_mut(j)) {
                *slot = value;
            }
        }
    }
    let mut map = HashMap::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old.get(i) == new.get(j) {
            map.insert(number(i), number(j));
            i += 1;
            j += 1;
        } else if cell(&lcs, i + 1, j) >= cell(&lcs, i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mapped: HashSet<u32> = map.values().copied().collect();
    Alignment {
        changed: (0..n)
            .map(number)
            .filter(|k| !map.contains_key(k))
            .collect(),
        added: (0..m).map(number).filter(|k| !mapped.contains(k)).collect(),
        map,
    }
}

fn cell(table: &[Vec<u32>], i: usize, j: usize) -> u32 {
    table
        .get(i)
        .and_then(|row| row.get(j))
        .copied()
        .unwrap_or(0)
}

fn number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// The facts of `old` that its draft does not hold as they are, with paragraphs renumbered.
fn curated_facts(
    old: &Knowledge,
    before: Option<&Draft>,
    map: &HashMap<u32, u32>,
    report: &mut UpdateReport,
) -> Vec<Fact> {
    let drafted: HashSet<String> = before
        .map(|b| b.facts.iter().map(fact_key).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for fact in &old.facts {
        if drafted.contains(&fact_key(fact)) {
            continue;
        }
        let mut kept = fact.clone();
        let stale: Vec<u32> = fact
            .paragraphs
            .iter()
            .copied()
            .filter(|p| !map.contains_key(p))
            .collect();
        kept.paragraphs = fact
            .paragraphs
            .iter()
            .map(|p| map.get(p).copied().unwrap_or(*p))
            .collect();
        if !stale.is_empty() {
            report.stale.push((fact.id.clone(), stale));
        }
        report.kept.push(fact.id.clone());
        out.push(kept);
    }
    out
}

/// A fact as text, for comparing (the loader's line number left out).
fn fact_key(fact: &Fact) -> String {
    let mut f = fact.clone();
    f.line = 0;
    toml_of(&[f])
}

fn toml_of<T: serde::Serialize>(items: &[T]) -> String {
    #[derive(serde::Serialize)]
    struct Wrap<'a, T> {
        item: &'a [T],
    }
    toml::to_string(&Wrap { item: items }).unwrap_or_default()
}

/// Puts the curated facts into the new draft: in place of a drafted fact with the same id, else
/// at the end; then drops references to facts that no longer exist.
fn merge_facts(new: &mut Draft, curated: Vec<Fact>) {
    let mut curated: Vec<Option<Fact>> = curated.into_iter().map(Some).collect();
    for fact in &mut new.facts {
        if let Some(slot) = curated
            .iter_mut()
            .find(|c| c.as_ref().is_some_and(|c| c.id == fact.id))
            && let Some(kept) = slot.take()
        {
            *fact = kept;
        }
    }
    new.facts.extend(curated.into_iter().flatten());
    let ids: HashSet<String> = new.facts.iter().map(|f| f.id.clone()).collect();
    for fact in &mut new.facts {
        fact.related.retain(|r| ids.contains(r));
        for item in &mut fact.items {
            if item.fact.as_ref().is_some_and(|f| !ids.contains(f)) {
                item.fact = None;
            }
        }
    }
}

/// Keeps curated topics (not in the old draft as they are) and any topic a kept fact names.
fn merge_topics(new: &mut Draft, old: &Knowledge, before: Option<&Draft>) {
    let drafted: HashSet<String> = before
        .map(|b| {
            b.topics
                .iter()
                .map(|t| toml_of(std::slice::from_ref(t)))
                .collect()
        })
        .unwrap_or_default();
    let named: HashSet<&str> = new.facts.iter().map(|f| f.topic.as_str()).collect();
    for topic in &old.topics {
        let curated = !drafted.contains(&toml_of(std::slice::from_ref(topic)));
        let needed = named.contains(topic.id.as_str());
        match new.topics.iter_mut().find(|t| t.id == topic.id) {
            Some(slot) if curated => *slot = topic.clone(),
            Some(_) => {}
            None if curated || needed => new.topics.push(topic.clone()),
            None => {}
        }
    }
}

/// The new guesses, except for fields the curator checked (not listed in `drafted`).
fn merge_statement(new: &Statement, old: &Statement, facts: &[Fact]) -> Statement {
    let mut out = new.clone();
    let checked = |field: &str| !old.drafted.iter().any(|d| d == field);
    macro_rules! keep {
        ($($field:ident),*) => {
            $(if checked(stringify!($field)) {
                out.$field = old.$field.clone();
            })*
        };
    }
    keep!(
        title, name, date, place, parties, people, publisher, url, summary
    );
    out.agency = old.agency.clone();
    out.language = old.language.clone();
    if checked("overview")
        && old
            .overview
            .as_ref()
            .is_none_or(|o| facts.iter().any(|f| f.id == *o))
    {
        out.overview = old.overview.clone();
    }
    out.drafted.retain(|d| old.drafted.contains(d));
    out
}

/// Curated groups first (not in the old draft as they are), then the new draft's, each word in
/// one group only.
fn merge_synonyms(
    old: &[SynonymGroup],
    before: Option<&Draft>,
    new: &[SynonymGroup],
) -> Vec<SynonymGroup> {
    let drafted: Vec<&SynonymGroup> = before
        .map(|b| b.synonyms.iter().collect())
        .unwrap_or_default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    let curated = old.iter().filter(|g| !drafted.contains(g));
    for group in curated.chain(new) {
        let kept: Vec<String> = group
            .iter()
            .filter(|e| seen.insert(fold(e).trim().to_string()))
            .cloned()
            .collect();
        if kept.len() >= 2 {
            out.push(kept);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn aligns_moved_changed_and_added_paragraphs() {
        let a = align(
            &paras(&["one", "two", "three", "four"]),
            &paras(&["zero", "one", "two", "THREE", "four"]),
        );
        assert_eq!(a.map.get(&1), Some(&2));
        assert_eq!(a.map.get(&4), Some(&5));
        assert_eq!(a.changed, [3]);
        assert_eq!(a.added, [1, 4]);
    }
}
