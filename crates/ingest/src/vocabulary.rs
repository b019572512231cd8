//! The statement's own vocabulary: its abbreviations, the names of its people and places.
//!
//! Groups come from "Long Name (ABBR)" definitions, from people's full and short names
//! ("Joseph R. Biden, Jr.", "Biden", "President Biden") and from the table of countries for every
//! place the text names ("Indonesia", "Indonesian", "Republic of Indonesia", "RI"). The first
//! entry of a group is its canonical form. Invariant: no entry (folded) is in two groups, and
//! every group has two entries or more, as the loader requires.

use std::collections::HashSet;

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
    dedupe(raw)
}

/// Drops entries already in an earlier group (or repeated), then groups left with fewer than two.
fn dedupe(raw: Vec<Vec<String>>) -> Vec<SynonymGroup> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for group in raw {
        let mut kept = Vec::new();
        for entry in group {
            let key = fold(&entry).trim().to_string();
            if key.is_empty() || !seen.insert(key) {
                continue;
            }
            kept.push(entry);
        }
        if kept.len() >= 2 {
            out.push(kept);
        }
    }
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
            for e in g {
                assert!(keys.insert(fold(e).trim().to_string()), "{e} twice");
            }
        }
    }
}
