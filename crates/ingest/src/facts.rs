//! From claims to facts: label, keywords, question kinds, person and list items.
//!
//! A fact's label is its claim's most salient phrase (an abbreviation it defines wins: "the Just
//! Energy Transition Partnership (JETP)"), kept unique across the statement; its keywords are its
//! next most salient phrases and what its context says it is about. Kinds are declared only for
//! details the claim itself gives ([`super::entities::details`]): a date or year → `when`, a
//! place → `where`, a named person or organisation → `who`, a number or a list of three or more
//! → `how-many`, money or a share → `how-much`, a duration → `how-long`. Ids are slugs of labels.

use std::collections::HashSet;

use super::claims::Claim;
use super::document::{contains_words, whole_words_at};
use super::drafter::Drafter;
use super::entities::{self, Person};
use super::salience::{Phrase, Salience};
use communique_core::knowledge::{Fact, Item, Kind};

/// Most keywords a fact gets.
const MAX_KEYWORDS: usize = 8;
/// Longest label (the format allows 100 characters).
const MAX_LABEL_CHARS: usize = 90;
/// Longest id.
const MAX_ID_CHARS: usize = 40;
/// What facts are made with: the language, the statement's word statistics, people,
/// abbreviations and parties.
pub struct Context<'a> {
    pub drafter: &'a Drafter<'a>,
    pub salience: &'a Salience,
    pub people: &'a [Person],
    pub abbreviations: &'a [entities::Abbreviation],
    pub parties: &'a [String],
}

/// Facts for `claims`, in order, with unique ids and labels.
pub fn facts(claims: &[Claim], context: &Context<'_>) -> Vec<Fact> {
    let mut used_labels: HashSet<String> = HashSet::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut out: Vec<Fact> = Vec::new();
    // People are who speaks, not what a claim is about: their names make poor labels.
    let name_words: HashSet<String> = context
        .people
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.short_forms))
        .flat_map(|n| {
            n.split_whitespace()
                .map(|w| w.trim_end_matches([',', '.']).to_string())
        })
        .collect();
    let d = context.drafter;
    let party_forms = party_forms(d, context.parties);
    for (index, claim) in claims.iter().enumerate() {
        let mut phrases = context.salience.phrases(&claim.text);
        // Titles, names, dates and numbers name no fact: they go last; before them, phrases cut
        // off after a title, before the name it goes with ("… thanked Prime").
        phrases.sort_by_key(|p| {
            (
                is_weak_label(d, &p.text, &name_words),
                ends_in_a_title(d, &p.text),
            )
        });
        let label = unique_label(
            &label_candidates(context.drafter, claim, &phrases),
            &mut used_labels,
        );
        let items = items(d, super::claims::without_connective(d, &claim.text));
        let named: Vec<&Person> = context
            .people
            .iter()
            .filter(|p| names(&claim.text, p))
            .collect();
        let background = !party_acts(d, claim, context, &party_forms);
        let fact = Fact {
            id: unique_id(&slug(&label), &mut used_ids),
            label: label.clone(),
            answer: claim.answer.clone(),
            paragraphs: claim.paragraphs.clone(),
            quote: Some(claim.quote.clone()),
            kinds: kinds(d, claim, &items, !named.is_empty(), context),
            keywords: keywords(claims, index, &label, &phrases, &out, context),
            person: match named.as_slice() {
                [one] => Some(one.name.clone()),
                _ => None,
            },
            items: items
                .into_iter()
                .map(|label| Item { label, fact: None })
                .collect(),
            background,
            ..Fact::default()
        };
        out.push(fact);
    }
    out
}

/// Label candidates, best first: the abbreviation the claim defines, then its phrases.
fn label_candidates(d: &Drafter<'_>, claim: &Claim, phrases: &[Phrase]) -> Vec<String> {
    let abbreviation = entities::abbreviations(d, &claim.text).into_iter().next();
    let mut candidates: Vec<String> = abbreviation
        .map(|a| format!("{} ({})", a.long, a.short))
        .into_iter()
        .chain(phrases.iter().map(|p| p.text.clone()))
        .collect();
    if candidates.is_empty() {
        let opening: Vec<&str> = claim.text.split_whitespace().take(6).collect();
        candidates.push(opening.join(" "));
    }
    candidates
}

/// The question kinds the claim answers beyond what and yes-no: only for details it gives.
fn kinds(
    d: &Drafter<'_>,
    claim: &Claim,
    items: &[String],
    names_someone: bool,
    context: &Context<'_>,
) -> Vec<Kind> {
    let parties = context.parties;
    let details = entities::details(d, &claim.text);
    // An organisation named by its abbreviation ("under the verification of the AOT", the
    // statement having spelt out "ASEAN Observer Team (AOT)" elsewhere).
    let abbreviated_organisation = context.abbreviations.iter().any(|a| {
        contains_words(&claim.text, &a.short)
            && a.long
                .split_whitespace()
                .any(|w| Drafter::has(&d.reading.organisation_words, w))
    });
    // A country other than the parties acts in the claim ("Lao PDR's assumption of the chair",
    // "the United States hosting APEC" in a statement of others).
    let third_party = d
        .places
        .find_all(&claim.text)
        .iter()
        .any(|(_, place, kind)| {
            *kind == super::places::FormKind::Name && !parties.contains(&place.name)
        });
    let who = names_someone
        || details.organisation
        || details.office
        || third_party
        || abbreviated_organisation;
    [
        (who, Kind::Who),
        // "met today": the statement's date, which the answer writes out; an item under "By
        // 2030, we aim to:", whose answer opens with the lead-in's date.
        (
            details.date || entities::details(d, &claim.answer).date,
            Kind::When,
        ),
        (details.place, Kind::Where),
        (details.count || counted_list(items), Kind::HowMany),
        (details.amount, Kind::HowMuch),
        (details.duration, Kind::HowLong),
    ]
    .into_iter()
    .filter_map(|(given, kind)| given.then_some(kind))
    .collect()
}

/// Every form of the parties' names ("New Zealand", "U.S.", "American"), the pack's places'
/// forms and the names as the statement gives them.
fn party_forms(d: &Drafter<'_>, parties: &[String]) -> Vec<String> {
    parties
        .iter()
        .filter_map(|p| d.places.lookup(p))
        .flat_map(|(place, _)| place.forms().cloned().collect::<Vec<_>>())
        .chain(parties.iter().cloned())
        .collect()
}

/// Whether a party acts or speaks in `claim`: its sentence or its answer names a party (any of
/// `party_forms`), one of the statement's people, a leader by title, the parties together ("the
/// two leaders", "both sides") or speaks in the first person ("we", "our"). A claim where none
/// does is background: what a third country does ("Russia continues to wage its war"), the state
/// of the world ("The pandemic continues to wreak a toll").
fn party_acts(
    d: &Drafter<'_>,
    claim: &Claim,
    context: &Context<'_>,
    party_forms: &[String],
) -> bool {
    let r = d.reading;
    [claim.text.as_str(), claim.answer.as_str()]
        .iter()
        .any(|text| {
            let party = party_forms.iter().any(|form| contains_words(text, form));
            let person = context.people.iter().any(|p| names(text, p));
            let title = r.leader_titles.iter().any(|t| contains_words(text, t));
            let words: Vec<String> = super::places::word_spans(text)
                .into_iter()
                .filter_map(|span| text.get(span))
                .map(str::to_lowercase)
                .collect();
            let first_person = words.iter().any(|w| Drafter::has(&r.first_person, w));
            let together = words.windows(2).any(|pair| match pair {
                [before, noun] => {
                    Drafter::has(&r.party_determiners, before) && Drafter::has(&r.party_nouns, noun)
                }
                _ => false,
            });
            party || person || title || first_person || together
        })
}

/// Keywords: the claim's salient phrases beyond its label, what the words of abbreviations and
/// their long forms are, and what its context (lead-in, heading, neighbours) says it is about.
fn keywords(
    claims: &[Claim],
    index: usize,
    label: &str,
    phrases: &[Phrase],
    done: &[Fact],
    context: &Context<'_>,
) -> Vec<String> {
    let Some(claim) = claims.get(index) else {
        return Vec::new();
    };
    let mut keywords: Vec<String> = phrases
        .iter()
        .map(|p| p.text.clone())
        .filter(|k| !label.contains(k.as_str()))
        .take(MAX_KEYWORDS)
        .collect();
    let add = |keyword: String, keywords: &mut Vec<String>| {
        if !keywords.contains(&keyword) && !label.contains(keyword.as_str()) {
            keywords.push(keyword);
        }
    };
    // "What does TIFA stand for?": the claim defining an abbreviation answers it.
    if !entities::abbreviations(context.drafter, &claim.text).is_empty() {
        for k in &context.drafter.writing.abbreviation_keywords {
            add(k.clone(), &mut keywords);
        }
    }
    // A long form in the vocabulary is read as one concept: its words go in as keywords of their
    // own, so that "the investment framework" still finds the TIFA.
    for a in context
        .abbreviations
        .iter()
        .filter(|a| contains_words(&claim.text, &a.short) || claim.text.contains(a.long.as_str()))
    {
        let words: Vec<&str> = a
            .long
            .split_whitespace()
            .filter(|w| !context.salience.is_filler(w))
            .collect();
        add(words.join(", "), &mut keywords);
    }
    for abbreviation in acronyms_in(&claim.text) {
        add(abbreviation, &mut keywords);
    }
    for around in
        claim
            .context
            .iter()
            .chain(&neighbour_context(context.drafter, claims, index, done))
    {
        if let Some(best) = context.salience.phrases(around).into_iter().next() {
            add(best.text, &mut keywords);
        }
    }
    keywords
}

/// Whether a phrase is only titles, names, months and numbers ("Prime Minister Jane Harrow",
/// "July 28").
fn is_weak_label(d: &Drafter<'_>, text: &str, names: &HashSet<String>) -> bool {
    text.split_whitespace().all(|written| {
        let w = written.trim_matches(|c: char| !c.is_alphanumeric());
        Drafter::has(&d.reading.weak_words, w)
            || d.is_title_word(w)
            || names.contains(w)
            || entities::is_number(w)
            || Drafter::has(&d.reading.number_words, &w.to_lowercase())
            || Drafter::has(&d.reading.amount_words, w)
            || Drafter::has(&d.reading.amount_words, written)
            || entities::is_currency_code(d, w)
            || w.is_empty()
            || d.is_month(w)
    })
}

/// Whether a phrase ends with a word of a title ("invited Prime Minister Dato' Seri", "Prime
/// Minister Morikawa thanked Prime"): it was cut where a name goes on, a fragment as a label.
fn ends_in_a_title(d: &Drafter<'_>, text: &str) -> bool {
    text.split_whitespace()
        .next_back()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .is_some_and(|w| d.is_title_word(w))
}

/// Words written in capitals in `text` ("SMR", "PGII"): abbreviations a question may use alone.
fn acronyms_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in super::places::word_spans(text)
        .into_iter()
        .filter_map(|r| text.get(r))
    {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
        if letters.len() >= 2 && capitals * 2 > letters.len() && !out.iter().any(|o| o == word) {
            out.push(word.to_string());
        }
    }
    out
}

/// What the neighbours of claim `index` say it is about: the first claim of its paragraph (the
/// paragraph's theme), and the claim before it when it opens with a demonstrative ("This effort").
fn neighbour_context(
    d: &Drafter<'_>,
    claims: &[Claim],
    index: usize,
    done: &[Fact],
) -> Vec<String> {
    let Some(claim) = claims.get(index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let first = claims.iter().position(|c| c.paragraph == claim.paragraph);
    if let Some(first) = first.filter(|f| *f != index)
        && let Some(fact) = done.get(first)
    {
        out.push(fact.label.clone());
    }
    let demonstrative = claim
        .text
        .split_once(' ')
        .is_some_and(|(first, _)| Drafter::has(&d.reading.back_references, first));
    if demonstrative
        && let Some(previous) = index.checked_sub(1).and_then(|p| done.get(p))
        && !out.contains(&previous.label)
    {
        out.push(previous.label.clone());
    }
    out
}

/// A list of three or more short elements: it answers "how many".
fn counted_list(items: &[String]) -> bool {
    items.len() >= 3
        && items
            .iter()
            .all(|i| i.split_whitespace().count() <= 4 && !i.contains('('))
}

/// Whether `text` names `person` (by full name or a short form).
pub fn names(text: &str, person: &Person) -> bool {
    contains_words(text, &person.name)
        || person
            .short_forms
            .iter()
            .any(|form| names_alone(text, form, &person.name))
}

/// Whether `text` has `form`, a short form of the person's name `name`, as whole words followed
/// by no capitalised word that does not go on their name: "Binh" of Nguyen Duc Binh is not in
/// "Binh Duong province", a name of its own, while "Falcão" of Rodrigo Falcão Lima is in
/// "Minister Falcão Lima".
fn names_alone(text: &str, form: &str, name: &str) -> bool {
    whole_words_at(text, form).any(|at| {
        // the capitalised word right after the form, if any ("Binh *Duong*")
        let next = text
            .get(at + form.len()..)
            .and_then(|rest| rest.strip_prefix(' '))
            .filter(|next| next.starts_with(char::is_uppercase))
            .and_then(|next| next.split_whitespace().next())
            .map(|next| next.trim_end_matches(|c: char| !c.is_alphanumeric()));
        next.is_none_or(|next| contains_words(name, &format!("{form} {next}")))
    })
}

/// The first candidate not yet used as a label (two joined when all are taken), cut to length.
fn unique_label(candidates: &[String], used: &mut HashSet<String>) -> String {
    let tidy = |s: &str| communique_core::text::truncate_chars(s.trim(), MAX_LABEL_CHARS);
    let pick = candidates
        .iter()
        .map(|c| tidy(c))
        .find(|c| !used.contains(&c.to_lowercase()))
        .or_else(|| {
            let (first, rest) = candidates.split_first()?;
            rest.iter()
                .map(|r| tidy(&format!("{first}: {r}")))
                .find(|c| !used.contains(&c.to_lowercase()))
        })
        .unwrap_or_else(|| {
            let base = candidates.first().map_or("statement", String::as_str);
            let mut n = 2;
            while used.contains(&format!("{} ({n})", base.to_lowercase())) {
                n += 1;
            }
            format!("{} ({n})", tidy(base))
        });
    used.insert(pick.to_lowercase());
    pick
}

/// A lowercase ASCII slug of `text`: letters and digits joined by single hyphens.
pub fn slug(text: &str) -> String {
    let folded = communique_core::text::fold(text);
    let mut out = String::new();
    for word in folded.split_whitespace() {
        if out.len() + word.len() + 1 > MAX_ID_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        "fact".to_string()
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3`… whichever is not used yet.
pub fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// The elements of the longest list in `text` of three or more short elements ("HIV/AIDS,
/// polio, Zika, tuberculosis, and dengue"), elements separated by "; " or ", ".
pub fn items(d: &Drafter<'_>, text: &str) -> Vec<String> {
    let body = text.trim_end_matches(['.', ';']);
    let best = ["; ", ", "]
        .iter()
        .map(|sep| list_in(d, body, sep))
        .max_by_key(Vec::len)
        .unwrap_or_default();
    if best.len() >= 3 && !modifies_one_noun(d, &best) {
        best.iter().map(|e| without_openers(d, e)).collect()
    } else {
        Vec::new()
    }
}

/// `element` less the words of the pack's `element_openers` it starts with ("for the rules-based
/// order" → "rules-based order"); its last word is always kept.
fn without_openers(d: &Drafter<'_>, element: &str) -> String {
    let words: Vec<&str> = element.split_whitespace().collect();
    let openers = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| d.reading.element_openers.contains(&w.to_lowercase()))
        .count();
    words.get(openers..).unwrap_or(&[]).join(" ")
}

/// Whether `elements` are words describing the last element's noun, not a list of things ("an
/// open, inclusive, and rules-based regional architecture": one architecture): each element but
/// the last ends in a word the language's lexicon knows as an adjective (or does not know), at
/// least one of them an adjective only, never a noun, and the last element is more than a word.
fn modifies_one_noun(d: &Drafter<'_>, elements: &[String]) -> bool {
    use communique_core::lexicon::PartOfSpeech;
    let Some(lexicon) = d.language.lexicon() else {
        return false;
    };
    let Some((last, before)) = elements.split_last() else {
        return false;
    };
    if last.split_whitespace().count() < 2 {
        return false;
    }
    let mut only_adjective = false;
    for element in before {
        let Some(word) = element.split_whitespace().last() else {
            return false;
        };
        match lexicon.entry(&word.to_lowercase()) {
            Some(entry) if entry.is(PartOfSpeech::Adjective) => {
                only_adjective |= !entry.is(PartOfSpeech::Noun);
            }
            Some(_) => return false,
            None => {}
        }
    }
    only_adjective
}

fn list_in(d: &Drafter<'_>, text: &str, separator: &str) -> Vec<String> {
    let segments: Vec<&str> = text.split(separator).collect();
    let mut best: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for (k, segment) in segments.iter().enumerate() {
        let segment = segment.trim();
        let joined = d
            .list_joins
            .iter()
            .find_map(|j| segment.strip_prefix(j.as_str()));
        let short = segment.split_whitespace().count() <= 6;
        if let Some(last) = joined.filter(|_| run.len() < 2 && !short) {
            // "…, and recognize the Regional Border Committee, …": a new clause, not a list's end.
            run.clear();
            run.push(first_element(d, last));
        } else if let Some(last) = joined {
            let last = last_element(d, last);
            if !run.is_empty() && !last.is_empty() {
                run.push(last);
                if run.len() > best.len() {
                    best = std::mem::take(&mut run);
                }
            }
            run.clear();
        } else if let Some(opened) = d
            .list_openers
            .iter()
            .find_map(|o| segment.strip_prefix(o.trim_start()))
            .filter(|_| short)
        {
            run.clear();
            run.push(opened.to_string());
        } else if short && k > 0 {
            run.push(segment.to_string());
        } else {
            run.clear();
            run.push(first_element(d, segment));
        }
    }
    best.retain(|e| !e.is_empty());
    best
}

/// The tail of a segment that opens a list ("… diseases, in particular HIV/AIDS" → "HIV/AIDS").
fn first_element(d: &Drafter<'_>, segment: &str) -> String {
    let spaced = format!(" {segment}");
    let start = d
        .list_openers
        .iter()
        .filter_map(|o| spaced.rfind(o.as_str()).map(|p| p + o.len()))
        .max()
        .unwrap_or(0);
    let tail = spaced.get(start..).unwrap_or("").trim();
    let mut words: Vec<&str> = tail.split_whitespace().collect();
    // "in the nickel, cobalt, …": the element is "nickel"
    if words.len() > 1
        && words
            .first()
            .is_some_and(|w| d.reading.articles.contains(&w.to_lowercase()))
    {
        words.remove(0);
    }
    // "recognize the Regional Border Committee" → "Regional Border Committee": a name ending the
    // clause is the element.
    let capitalised = words
        .iter()
        .rev()
        .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    let keep = if capitalised > 0 && capitalised < words.len() {
        capitalised
    } else {
        5
    };
    words
        .get(words.len().saturating_sub(keep)..)
        .unwrap_or(&[])
        .join(" ")
}

/// The head of the segment that closes a list ("dengue as well as strengthening …" → "dengue"),
/// up to the first of the pack's `list_ends`.
fn last_element(d: &Drafter<'_>, segment: &str) -> String {
    let end = d
        .list_ends
        .iter()
        .filter_map(|stop| segment.find(stop.as_str()))
        .min()
        .unwrap_or(segment.len());
    let head = segment.get(..end).unwrap_or(segment);
    head.split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    #[test]
    fn amounts_and_counts_are_weak_labels() {
        let names = HashSet::new();
        for weak in [
            "1.1 billion",
            "EUR 1.2 billion",
            "US$ 25 billion",
            "35 percent",
        ] {
            assert!(is_weak_label(drafter(), weak, &names), "{weak}");
        }
        assert!(!is_weak_label(drafter(), "40 Gir bulls", &names));
    }

    #[test]
    fn a_phrase_cut_after_a_title_is_a_fragment() {
        for cut in [
            "invited Prime Minister Dato' Seri",
            "Prime Minister Morikawa thanked Prime",
        ] {
            assert!(ends_in_a_title(drafter(), cut), "{cut}");
        }
        assert!(!ends_in_a_title(
            drafter(),
            "Trilateral Clean Energy Corridor"
        ));
    }

    #[test]
    fn finds_list_items() {
        assert_eq!(
            items(
                drafter(),
                "eradicating infectious diseases, in particular HIV/AIDS, polio, Zika, tuberculosis, and dengue as well as strengthening prevention."
            ),
            ["HIV/AIDS", "polio", "Zika", "tuberculosis", "dengue"]
        );
        assert_eq!(
            items(
                drafter(),
                "including trade and investment; maritime cooperation; smart cities; and public health"
            ),
            [
                "trade and investment",
                "maritime cooperation",
                "smart cities",
                "public health"
            ]
        );
        assert!(items(drafter(), "The leaders met in Seoul, and they talked.").is_empty());
    }

    #[test]
    fn a_list_element_does_not_start_with_a_preposition_or_article() {
        assert_eq!(
            items(
                drafter(),
                "Their ties rest on a shared commitment to the freedom of navigation, to open markets, and to the peaceful settlement of disputes."
            ),
            [
                "freedom of navigation",
                "open markets",
                "peaceful settlement of disputes"
            ]
        );
        // an element that is only such words keeps its last one
        assert_eq!(without_openers(drafter(), "for the"), "the");
    }

    #[test]
    fn words_describing_one_noun_are_no_list() {
        // one architecture, described four ways: no items
        assert!(
            items(
                drafter(),
                "They support an open, inclusive, transparent, and rules-based regional architecture."
            )
            .is_empty()
        );
        // things named by nouns stay a list, the last element a phrase or not
        assert_eq!(
            items(
                drafter(),
                "They recognize its leadership in the nickel, cobalt, and other critical minerals value chains."
            ),
            ["nickel", "cobalt", "other critical minerals value chains"]
        );
        assert_eq!(
            items(
                drafter(),
                "They will cooperate on health, energy, and maritime security."
            ),
            ["health", "energy", "maritime security"]
        );
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slug("the Just Energy Transition Partnership (JETP)"),
            "the-just-energy-transition-partnership"
        );
        assert_eq!(slug("U.S.–ASEAN"), "u-s-asean");
    }

    #[test]
    fn labels_and_ids_stay_unique() {
        let mut used = HashSet::new();
        let a = unique_label(&["trade".to_string()], &mut used);
        let b = unique_label(&["trade".to_string(), "tariffs".to_string()], &mut used);
        assert_eq!((a.as_str(), b.as_str()), ("trade", "tariffs"));
        let mut ids = HashSet::new();
        assert_eq!(unique_id("x", &mut ids), "x");
        assert_eq!(unique_id("x", &mut ids), "x-2");
    }

    #[test]
    fn words_match_whole() {
        assert!(contains_words("President Biden met", "Biden"));
        assert!(!contains_words("Bidenomics", "Biden"));
    }
}
