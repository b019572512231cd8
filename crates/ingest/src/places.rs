//! Countries and international organisations: their names, adjectives, official names,
//! abbreviations and capitals, indexed by the forms a text writes them in. The table is the
//! language pack's `places.txt` (and its regions `regions.txt`), as the loader read it.
//!
//! The ingester uses the table to find a statement's parties and places, to tell a city from an
//! organisation, and to write the vocabulary that lets a question say "Indonesian" or "RI" for
//! Indonesia. Lookups are by exact surface form (case-sensitive, as names are written).

use std::collections::HashMap;

pub use communique_core::knowledge::Place;

/// How a surface form relates to its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// The name, an official name or an abbreviation.
    Name,
    /// An adjective or demonym ("Indonesian").
    Adjective,
    /// One of its capital cities.
    Capital,
}

/// The table and its index by surface form.
#[derive(Debug)]
pub struct Places<'a> {
    pub places: &'a [Place],
    by_form: HashMap<&'a str, (usize, FormKind)>,
    /// The longest form, in words.
    pub max_words: usize,
}

impl<'a> Places<'a> {
    /// The index of `places` (a form two places share names the first).
    pub fn new(places: &'a [Place]) -> Places<'a> {
        let mut by_form = HashMap::new();
        let mut max_words = 1;
        for (i, place) in places.iter().enumerate() {
            let forms = std::iter::once((&place.name, FormKind::Name))
                .chain(place.official.iter().map(|f| (f, FormKind::Name)))
                .chain(place.abbreviations.iter().map(|f| (f, FormKind::Name)))
                .chain(place.adjectives.iter().map(|f| (f, FormKind::Adjective)))
                .chain(place.capitals.iter().map(|f| (f, FormKind::Capital)));
            for (form, kind) in forms {
                max_words = max_words.max(form.split_whitespace().count());
                by_form.entry(form.as_str()).or_insert((i, kind));
            }
        }
        Places {
            places,
            by_form,
            max_words,
        }
    }

    /// The place `form` names, and how.
    pub fn lookup(&self, form: &str) -> Option<(&'a Place, FormKind)> {
        // "People’s Republic of China": a typographic apostrophe is the table's plain one.
        let (i, kind) = match self.by_form.get(form) {
            Some(found) => found,
            None if form.contains('’') => self.by_form.get(form.replace('’', "'").as_str())?,
            None => return None,
        };
        Some((self.places.get(*i)?, *kind))
    }

    /// Every place named in `text` (longest forms first, left to right), with the byte range of
    /// the form and how it names the place.
    pub fn find_all(&self, text: &str) -> Vec<(std::ops::Range<usize>, &'a Place, FormKind)> {
        let words = word_spans(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            for n in (1..=self.max_words.min(words.len() - i)).rev() {
                let (Some(first), Some(last)) = (words.get(i), words.get(i + n - 1)) else {
                    continue;
                };
                let range = first.start..last.end;
                let Some(form) = text.get(range.clone()) else {
                    continue;
                };
                if let Some((place, kind)) = self.lookup(form) {
                    found = Some((n, range, place, kind));
                    break;
                }
            }
            match found {
                Some((n, range, place, kind)) => {
                    out.push((range, place, kind));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Byte ranges of the words of `text`: runs of letters, digits, apostrophes and periods inside a
/// word ("U.S.", "People's"; hyphens separate words), trailing punctuation excluded except the
/// period of an abbreviation with inner periods ("U.S.").
pub fn word_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '.');
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(trim_word(text, s..i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(trim_word(text, s..text.len()));
    }
    out.retain(|r| r.start < r.end);
    out
}

fn trim_word(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let word = text.get(range.clone()).unwrap_or("");
    // "Thailand’s" is the word "Thailand".
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    let inner_period = word.trim_end_matches('.').contains('.');
    let trimmed =
        word.trim_end_matches(|c: char| matches!(c, '\'' | '’') || (c == '.' && !inner_period));
    let trimmed = trimmed.trim_start_matches(['\'', '’', '.']);
    let lead = word.len() - word.trim_start_matches(['\'', '’', '.']).len();
    range.start + lead..range.start + lead + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    fn places() -> &'static Places<'static> {
        &drafter().places
    }

    #[test]
    fn the_table_parses_and_knows_its_forms() {
        let p = places();
        assert!(p.places.len() > 100);
        let (place, kind) = p.lookup("Indonesian").unwrap();
        assert_eq!(
            (place.name.as_str(), kind),
            ("Indonesia", FormKind::Adjective)
        );
        assert_eq!(p.lookup("Republic of Korea").unwrap().0.name, "South Korea");
        assert_eq!(p.lookup("Phnom Penh").unwrap().1, FormKind::Capital);
        assert_eq!(p.lookup("U.S.").unwrap().0.name, "United States");
        assert_eq!(
            p.lookup("Democratic People’s Republic of Korea")
                .unwrap()
                .0
                .name,
            "North Korea"
        );
    }

    #[test]
    fn finds_the_longest_form_first() {
        let text = "the United States of America and the Kingdom of Cambodia met the U.S. side";
        let found: Vec<&str> = places()
            .find_all(text)
            .into_iter()
            .map(|(r, _, _)| &text[r])
            .collect();
        assert_eq!(
            found,
            ["United States of America", "Kingdom of Cambodia", "U.S."]
        );
    }

    #[test]
    fn words_keep_inner_periods() {
        let text = "the U.S.-Indonesia TIFA, (ASEAN) Timor-Leste. Thailand’s";
        let words: Vec<&str> = word_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            [
                "the",
                "U.S.",
                "Indonesia",
                "TIFA",
                "ASEAN",
                "Timor",
                "Leste",
                "Thailand"
            ]
        );
    }
}
