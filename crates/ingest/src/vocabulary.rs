//! The statement's own vocabulary: its abbreviations, the names of its people and places.
//!
//! Groups come from "Long Name (ABBR)" definitions, from people's full and short names
//! ("Joseph R. Biden, Jr.", "Biden", "President Biden") and from the table of countries for every
//! place the text names ("Indonesia", "Indonesian", "Republic of Indonesia", "RI"). The first
//! entry of a group is its canonical form. Invariant: no entry (folded) is in two groups, and
//! every group has two entries or more, as the loader requires.

use std::collections::{HashMap, HashSet};

use super::drafter::Drafter;
use super::entities::{Abbreviation, Person};
use super::places::FormKind;
use communique_core::knowledge::SynonymGroup;
use communique_core::text::fold;

/// The synonym groups for a statement with these abbreviations, people and text; `parties` are
/// the statement's parties (the United States as a party also answers to "US").
pub fn groups(
    d: &Drafter<'_>,
    abbreviations: &[Abbreviation],
    people: &[Person],
    text: &str,
    parties: &[String],
    signed: bool,
) -> Vec<SynonymGroup> {
    let mut raw: Vec<Vec<String>> = Vec::new();
    if signed {
        raw.push(d.writing.signing_words.clone());
    }
    for a in abbreviations {
        raw.push(vec![a.short.clone(), a.long.clone()]);
    }
    for p in people {
        raw.push(
            std::iter::once(p.name.clone())
                .chain(p.short_forms.iter().cloned())
                .collect(),
        );
    }
    let mut named: Vec<&super::places::Place> = Vec::new();
    for (_, place, kind) in d.places.find_all(text) {
        if kind != FormKind::Capital && !named.iter().any(|p| p.name == place.name) {
            named.push(place);
        }
    }
    for place in named {
        let mut group: Vec<String> = place.forms().cloned().collect();
        if place.name == "United States" && parties.iter().any(|p| p == "United States") {
            group.push("US".to_string());
        }
        raw.push(group);
    }
    raw.extend(seats(d, text));
    raw.extend(adjective_nouns(d, text));
    dedupe(raw)
}

/// For every relational adjective of the text whose noun the text never uses ("lunar" → "moon",
/// "naval" → "navy", "agricultural" → "agriculture"), a group of the two, from the language's
/// lexicon: a question asks about the moon where a statement writes "lunar exploration".
fn adjective_nouns(d: &Drafter<'_>, text: &str) -> Vec<Vec<String>> {
    use communique_core::lexicon::{PartOfSpeech, Relation};
    let Some(lexicon) = d.language.lexicon() else {
        return Vec::new();
    };
    // (not `tokenize`, which reads a message: its first 64 words)
    let words: HashSet<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut adjectives: Vec<&String> = words
        .iter()
        .filter(|w| w.len() >= MIN_ADJECTIVE_LEN && w.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    adjectives.sort();
    let mut out = Vec::new();
    for adjective in adjectives {
        let Some(entry) = lexicon.entry(adjective) else {
            continue;
        };
        if !entry.is(PartOfSpeech::Adjective) || entry.is(PartOfSpeech::Noun) {
            continue;
        }
        let noun = entry.related().find(|r| {
            r.sense == 1
                && matches!(r.relation, Relation::Pertainym | Relation::Derivation)
                && !r.lemma.contains(' ')
                && lexicon
                    .entry(r.lemma)
                    .is_some_and(|n| n.is(PartOfSpeech::Noun))
        });
        if let Some(noun) = noun.filter(|n| !words.contains(n.lemma)) {
            out.push(vec![adjective.clone(), noun.lemma.to_string()]);
        }
    }
    out
}

/// The shortest word read as a relational adjective ([`adjective_nouns`]).
const MIN_ADJECTIVE_LEN: usize = 5;

/// For every capital or seat of government the text names, a group of it and the country's seats
/// of government: a question may say "the White House" for "Washington" (a government by where it
/// sits), never the country itself (a visit to Washington is not anything the United States did)
/// nor another of its capitals (Putrajaya is not Kuala Lumpur).
fn seats(d: &Drafter<'_>, text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for (range, place, kind) in d.places.find_all(text) {
        if kind != FormKind::Capital
            || place.seats.is_empty()
            || done.contains(&place.name.as_str())
        {
            continue;
        }
        done.push(&place.name);
        let named = text.get(range).unwrap_or_default().to_string();
        // The same city's other forms ("Washington D.C." beside "Washington"), not another city.
        let city = named
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let same_city = place
            .capitals
            .iter()
            .filter(|c| c.split_whitespace().next() == Some(city.as_str()))
            .cloned();
        out.push(
            std::iter::once(named)
                .chain(same_city)
                .chain(place.seats.iter().cloned())
                .collect(),
        );
    }
    for place in d.places.places {
        let named = place
            .seats
            .iter()
            .any(|seat| super::document::contains_words(text, seat));
        if named && !done.contains(&place.name.as_str()) {
            done.push(&place.name);
            out.push(place.seats.iter().chain(&place.capitals).cloned().collect());
        }
    }
    out
}

/// Merges a group that shares an entry with an earlier one into it (the abbreviation "DPRK" and
/// the country North Korea are one concept), drops repeated entries, then groups left with fewer
/// than two.
fn dedupe(raw: Vec<Vec<String>>) -> Vec<SynonymGroup> {
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    for group in raw {
        let keys: Vec<String> = group.iter().map(|e| fold(e).trim().to_string()).collect();
        let target = keys.iter().find_map(|k| owner.get(k).copied());
        let index = target.unwrap_or(out.len());
        if target.is_none() {
            out.push(Vec::new());
        }
        for (entry, key) in group.into_iter().zip(keys) {
            if key.is_empty() || owner.contains_key(&key) {
                continue;
            }
            owner.insert(key, index);
            if let Some(kept) = out.get_mut(index) {
                kept.push(entry);
            }
        }
    }
    out.retain(|g| g.len() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_places_abbreviations_and_people_once() {
        let abbreviations = vec![Abbreviation {
            short: "TIFA".to_string(),
            long: "Trade and Investment Framework Agreement".to_string(),
        }];
        let people = vec![Person {
            name: "Joko Widodo".to_string(),
            role: "Indonesian President".to_string(),
            short_forms: vec!["Widodo".to_string(), "President Widodo".to_string()],
            mention: "Indonesian President Joko Widodo".to_string(),
        }];
        let groups = groups(
            crate::drafter::tests::drafter(),
            &abbreviations,
            &people,
            "Indonesian President Joko Widodo and the U.S. side",
            &["United States".to_string(), "Indonesia".to_string()],
            false,
        );
        assert!(groups.contains(&vec![
            "TIFA".to_string(),
            "Trade and Investment Framework Agreement".to_string()
        ]));
        let indonesia = groups.iter().find(|g| g[0] == "Indonesia").unwrap();
        assert!(indonesia.contains(&"Indonesian".to_string()));
        assert!(indonesia.contains(&"RI".to_string()));
        let us = groups.iter().find(|g| g[0] == "United States").unwrap();
        assert!(us.contains(&"US".to_string()));
        let mut keys = HashSet::new();
        for g in &groups {
            assert!(!g.iter().any(|e| e == "White House"), "no capital named");
        }
        for g in &groups {
            for e in g {
                assert!(keys.insert(fold(e).trim().to_string()), "{e} twice");
            }
        }
    }

    #[test]
    fn a_capital_named_goes_with_its_seats_of_government_only() {
        let groups = groups(
            crate::drafter::tests::drafter(),
            &[],
            &[],
            "The Prime Minister visited Washington, D.C., and later Kuala Lumpur and Putrajaya.",
            &["United States".to_string(), "Malaysia".to_string()],
            false,
        );
        assert!(groups.contains(&vec![
            "Washington".to_string(),
            "Washington D.C.".to_string(),
            "White House".to_string()
        ]));
        let kl = groups.iter().find(|g| g[0] == "Kuala Lumpur").unwrap();
        assert!(!kl.contains(&"Putrajaya".to_string()), "{kl:?}");
        assert!(!groups.iter().flatten().any(|e| e == "United States"));
    }

    #[test]
    fn a_relational_adjective_brings_its_noun() {
        let groups = groups(
            crate::drafter::tests::drafter(),
            &[],
            &[],
            "They look forward to lunar surface exploration and naval exercises with the navy.",
            &[],
            false,
        );
        assert!(groups.contains(&vec!["lunar".to_string(), "moon".to_string()]));
        // the text uses "navy" itself: "naval" stays its own word
        assert!(!groups.iter().flatten().any(|e| e == "naval"));
    }

    #[test]
    fn groups_that_share_an_entry_are_one() {
        let merged = dedupe(vec![
            vec![
                "DPRK".to_string(),
                "Democratic People's Republic of Korea".to_string(),
            ],
            vec![
                "North Korea".to_string(),
                "Democratic People's Republic of Korea".to_string(),
                "DPRK".to_string(),
            ],
            vec!["x".to_string()],
        ]);
        assert_eq!(
            merged,
            vec![vec![
                "DPRK".to_string(),
                "Democratic People's Republic of Korea".to_string(),
                "North Korea".to_string()
            ]]
        );
    }
}
