//! Questions about parties a statement is not between: "what did Thailand and South Korea agree
//! on smart farming?" asked of the Malaysia–South Korea statement must not get the Malaysia–South
//! Korea answer. The language pack's places (`places.txt`: countries and organisations with their
//! other names and adjectives) tell which words of a question name a country; a country the
//! statement is neither between nor mentions anywhere makes the question one it cannot answer,
//! however well the rest of it matches. Nothing here is about one statement or one language:
//! the places are the pack's, the parties and mentions the package's.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::{Knowledge, Language};
use crate::text::tokenize;

/// A language's places, by every folded way its pack writes them.
#[derive(Debug, Default)]
pub struct Places {
    /// Folded form ("south korean", "republic of korea") → place.
    forms: HashMap<String, usize>,
    /// The first word of every form → the most words a form starting with it has (a question's
    /// words that start no form are not looked up at all).
    starts: HashMap<String, usize>,
    /// Folded capital city ("new delhi") → place; a city two places give is left out.
    capitals: HashMap<String, usize>,
    /// Each place's folded short name ("india"), by place.
    names: Vec<String>,
    /// Folded one-word abbreviations ("us", "rok") → place: read as a place only beside another
    /// place in a pair ("the US and South Korea"), since folded "US" is also the word "us".
    abbreviations: HashMap<String, usize>,
}

impl Places {
    /// The places of `language`'s pack (none when it has no places or they do not load: a
    /// drafter reports those problems, a reader just knows no places).
    pub fn of(language: &Language) -> Places {
        let mut places = Places::default();
        let mut shared_capitals: HashSet<String> = HashSet::default();
        for (n, place) in language.places().iter().enumerate() {
            places.names.push(tokenize(&place.name).join(" "));
            for capital in &place.capitals {
                let form = tokenize(capital).join(" ");
                if form.is_empty() || shared_capitals.contains(&form) {
                    continue;
                }
                if places.capitals.insert(form.clone(), n).is_some() {
                    places.capitals.remove(&form);
                    shared_capitals.insert(form);
                }
            }
            // Abbreviations are left out: folded, "US" is the word "us" (see `paired`).
            for abbreviation in &place.abbreviations {
                // "U.S." is read letter by letter, as "u s"; typed, it is one word, "us"
                let tokens = tokenize(abbreviation);
                let lettered = tokens.len() > 1 && tokens.iter().all(|t| t.chars().count() == 1);
                if tokens.len() == 1 || lettered {
                    places.abbreviations.entry(tokens.concat()).or_insert(n);
                }
            }
            let forms = std::iter::once(&place.name)
                .chain(&place.official)
                .chain(&place.adjectives);
            for form in forms {
                let tokens = tokenize(form);
                if tokens.is_empty() {
                    continue;
                }
                if let Some(first) = tokens.first() {
                    let longest = places.starts.entry(first.clone()).or_insert(0);
                    *longest = (*longest).max(tokens.len());
                }
                places.forms.entry(tokens.join(" ")).or_insert(n);
            }
        }
        places
    }

    /// The folded short name of the country whose capital `form` (folded) is ("new delhi" →
    /// "india"): a question may name a government by its capital ("Canberra and Tokyo").
    pub fn capital_of(&self, form: &str) -> Option<&str> {
        let place = *self.capitals.get(form)?;
        self.names.get(place).map(String::as_str)
    }

    /// The places `tokens` name, each with where it is named (the first token and how many),
    /// longest forms first, each place once.
    pub fn named(&self, tokens: &[String]) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut form = String::new();
        let mut at = 0;
        while at < tokens.len() {
            let starts = tokens.get(at).and_then(|t| self.starts.get(t.as_str()));
            let most = starts.map_or(0, |&longest| longest.min(tokens.len() - at));
            let hit = (1..=most).rev().find_map(|len| {
                form.clear();
                for (k, token) in tokens.get(at..at + len)?.iter().enumerate() {
                    if k > 0 {
                        form.push(' ');
                    }
                    form.push_str(token);
                }
                self.forms.get(form.as_str()).map(|&place| (place, len))
            });
            match hit {
                Some((place, len)) => {
                    if !found.iter().any(|(p, _, _)| *p == place) {
                        found.push((place, at, len));
                    }
                    at += len;
                }
                None => at += 1,
            }
        }
        found
    }

    /// Whether `token` (folded) is a one-word abbreviation of a place ("us", "rok").
    pub fn is_abbreviation(&self, token: &str) -> bool {
        self.abbreviations.contains_key(token)
    }

    /// [`Places::named`], and a one-word abbreviation joined by `and` to a place named in full
    /// ("the *US* and South Korea", "Japan and *ROK*"), in the order of the question.
    pub fn paired(&self, tokens: &[String], and: &str) -> Vec<(usize, usize, usize)> {
        let mut found = self.named(tokens);
        let full = found.clone();
        for (at, token) in tokens.iter().enumerate() {
            let Some(&place) = self.abbreviations.get(token.as_str()) else {
                continue;
            };
            let is_and = |k: usize| tokens.get(k).is_some_and(|t| t == and);
            // "US and South Korea" (the place two words on) or "South Korea and US" (ending one
            // word before)
            let beside = full.iter().any(|&(other, start, len)| {
                other != place
                    && ((start == at + 2 && is_and(at + 1))
                        || (start + len + 1 == at && is_and(start + len)))
            });
            if beside && !found.iter().any(|&(p, _, _)| p == place) {
                found.push((place, at, 1));
            }
        }
        found.sort_by_key(|&(_, at, _)| at);
        found
    }

    /// The places a statement is between or mentions: its parties, title, summary, vocabulary
    /// and every fact's words.
    pub fn involved(&self, knowledge: &Knowledge) -> HashSet<usize> {
        let statement = &knowledge.statement;
        let facts = knowledge.facts.iter().flat_map(|f| {
            [&f.label, &f.answer]
                .into_iter()
                .chain(f.quote.as_ref())
                .chain(&f.keywords)
                .chain(f.items.iter().map(|i| &i.label))
        });
        statement
            .parties
            .iter()
            .chain([&statement.title, &statement.name, &statement.summary])
            .chain(knowledge.synonyms.iter().flatten())
            .chain(facts)
            .flat_map(|text| self.named(&tokenize(text)))
            .map(|(place, _, _)| place)
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn english() -> Places {
        let languages = crate::knowledge::embedded_languages().unwrap();
        let en = languages
            .iter()
            .find(|l| l.info.code.code() == "en")
            .unwrap();
        Places::of(en)
    }

    #[test]
    fn places_are_found_by_their_longest_form_each_once() {
        let places = english();
        let tokens = tokenize("did the south korean and thai leaders meet in thailand with us");
        let named = places.named(&tokens);
        // "south korean" as one place (not "korean" alone), "thai" and "thailand" as one, and
        // the pronoun "us" is no abbreviation of a country.
        assert_eq!(named.len(), 2, "{named:?}");
        assert_eq!((named[0].1, named[0].2), (2, 2));
        assert_eq!(named[1].1, 5);
        assert!(
            places
                .named(&tokenize("what did they agree on tourism"))
                .is_empty()
        );
    }

    #[test]
    fn an_abbreviation_is_a_place_only_in_a_pair() {
        let places = english();
        let paired = |text: &str| places.paired(&tokenize(text), "and");
        let us = paired("the us and south korea")[0];
        assert_eq!((us.1, us.2), (1, 1));
        assert_eq!(paired("the us and south korea").len(), 2);
        assert_eq!(paired("japan and the us").len(), 1, "not across an article");
        assert_eq!(paired("south korea and us").len(), 2);
        assert_eq!(paired("did they tell us about south korea").len(), 1);
    }

    #[test]
    fn a_statement_involves_its_parties_and_the_places_it_mentions() {
        let places = english();
        let knowledge = crate::knowledge::Knowledge::embedded().unwrap();
        let involved = places.involved(&knowledge);
        let place = |text: &str| places.named(&tokenize(text))[0].0;
        assert!(involved.contains(&place("Malaysia")));
        assert!(involved.contains(&place("Korean")));
        assert!(!involved.contains(&place("Thailand")));
    }

    #[test]
    fn a_capital_names_its_country() {
        let places = english();
        assert_eq!(places.capital_of("new delhi"), Some("india"));
        assert_eq!(places.capital_of("canberra"), Some("australia"));
        assert_eq!(places.capital_of("india"), None);
    }
}
