//! The statement's metadata (`[statement]`), guessed from its text, and the facts about the
//! statement itself: when and where it was issued, who signed it, who its people are.
//!
//! Every field filled here is a guess and is listed in `drafted`, except the date when given on
//! the command line. Answers of the facts made here only arrange words found in the text (names,
//! titles, the date and place as written) and always carry a verbatim quote.

use super::document::{Document, Paragraph, Role};
use super::drafter::Drafter;
use super::entities::{self, Person, Signatory};
use super::places::FormKind;
use crate::messages as msg;
use communique_core::knowledge::{Fact, Kind, Statement};
use communique_core::text::squash_whitespace;

/// Whether `text` opens with the words of a line saying where and when the statement was signed
/// ("Signed at …").
pub fn is_signing_line(d: &Drafter<'_>, text: &str) -> bool {
    d.reading
        .signing_words
        .iter()
        .any(|w| text.starts_with(w.as_str()))
}

/// What the metadata guesses rest on.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    pub date: String,
    pub place: String,
    pub parties: Vec<String>,
    pub people: Vec<String>,
    pub url: String,
    pub publisher: String,
    /// The kind of document the title names ("statement", "declaration").
    pub kind: String,
    /// Verbatim text the date was read from, and its paragraph.
    pub date_quote: (String, u32),
    /// The paragraph of a dateline of its own ("Putrajaya, 14 May 2026"), which is no signature:
    /// the fact about the statement cites it.
    pub place_paragraph: Option<u32>,
    /// The fields guessed.
    pub drafted: Vec<String>,
}

/// Why metadata could not be guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("{}", msg::INGEST_NO_DATE)]
    NoDate,
}

/// Guesses the metadata of `doc`; `date` (from the command line) wins over what the text says.
pub fn guess(
    d: &Drafter<'_>,
    doc: &Document,
    date: Option<&str>,
    people: &[Person],
    signatories: &[Signatory],
) -> Result<Metadata, MetadataError> {
    let mut m = Metadata::default();
    let mut drafted = Vec::new();
    m.title = title(d, doc);
    drafted.push("title");
    let (found_date, quote) = match date {
        Some(d) => (d.to_string(), (String::new(), 1)),
        None => {
            drafted.push("date");
            find_date(d, doc).ok_or(MetadataError::NoDate)?
        }
    };
    m.date = found_date;
    m.date_quote = quote;
    (m.place, m.place_paragraph) = place(d, doc);
    m.parties = parties(d, &m.title, doc);
    m.people = leaders(d, doc, people, signatories);
    m.url = doc.header.url.clone().unwrap_or_default();
    m.publisher = host(&m.url);
    m.kind = document_kind(d, &m.title);
    for (field, value) in [
        ("place", m.place.is_empty()),
        ("parties", m.parties.is_empty()),
        ("people", m.people.is_empty()),
        ("url", m.url.is_empty()),
        ("publisher", m.publisher.is_empty()),
    ] {
        if !value {
            drafted.push(field);
        }
    }
    drafted.extend(["name", "summary", "overview"]);
    m.drafted = drafted.into_iter().map(str::to_string).collect();
    Ok(m)
}

/// The `[statement]` table for `m`, with its summary and overview fact.
pub fn statement(
    d: &Drafter<'_>,
    m: &Metadata,
    summary: &str,
    overview: Option<&str>,
) -> Statement {
    Statement {
        title: m.title.clone(),
        name: name(d, m),
        date: m.date.clone(),
        place: m.place.clone(),
        parties: m.parties.clone(),
        people: m.people.clone(),
        agency: String::new(),
        publisher: m.publisher.clone(),
        url: m.url.clone(),
        summary: summary.to_string(),
        language: d.language.info.code.to_string(),
        overview: overview.map(str::to_string),
        drafted: m.drafted.clone(),
    }
}

/// How replies name the statement: "the United States–Indonesia joint statement".
pub fn name(d: &Drafter<'_>, m: &Metadata) -> String {
    let w = d.writing;
    if m.parties.is_empty() {
        return w.unnamed.replace("{kind}", &m.kind);
    }
    w.name
        .replace("{parties}", &m.parties.join(&w.party_separator))
        .replace("{kind}", &m.kind)
}

/// The kind of document `title` names ("declaration"), by the language's `document_kinds`.
fn document_kind(d: &Drafter<'_>, title: &str) -> String {
    let lower = title.to_lowercase();
    d.reading
        .document_kinds
        .iter()
        .find_map(|kind| match kind.as_slice() {
            [word, name] if lower.contains(word.as_str()) => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| d.writing.document_kind.clone())
}

/// The title: the header's, else a heading opening the text, else the first sentence (cut).
fn title(d: &Drafter<'_>, doc: &Document) -> String {
    if let Some(title) = &doc.header.title {
        return title.clone();
    }
    let first = doc.paragraphs.iter().find(|p| p.role != Role::Empty);
    match first {
        Some(p) if matches!(p.role, Role::Title | Role::Heading) => p.clean.text.clone(),
        Some(p) => {
            let sentence = super::document::sentences(d, &p.clean.text)
                .into_iter()
                .next()
                .and_then(|r| p.clean.text.get(r))
                .unwrap_or("");
            communique_core::text::truncate_chars(sentence, 100)
        }
        None => d.writing.untitled.clone(),
    }
}

/// The date: the header's (when ISO), else the first full date of the opening paragraph, of the
/// signing line, or of the text; with the verbatim text it was read from and its paragraph.
fn find_date(d: &Drafter<'_>, doc: &Document) -> Option<(String, (String, u32))> {
    if let Some(date) = &doc.header.date
        && is_iso(date)
    {
        let line = doc
            .header
            .lines
            .iter()
            .find(|l| {
                d.reading
                    .header
                    .date
                    .iter()
                    .any(|k| l.starts_with(&format!("# {k}")))
            })
            .cloned()
            .unwrap_or_default();
        return Some((date.clone(), (line, 1)));
    }
    let opening = doc.paragraphs.iter().find(|p| p.role == Role::Text);
    let signing = doc
        .paragraphs
        .iter()
        .rev()
        .find(|p| is_signing_line(d, &p.clean.text));
    opening
        .into_iter()
        .chain(signing)
        .chain(doc.paragraphs.iter())
        .find_map(|p| {
            let (date, range) = entities::first_date(d, &p.clean.text)?;
            let quote = p.clean.verbatim(range).unwrap_or("").to_string();
            Some((date, (quote, p.number)))
        })
}

fn is_iso(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && date.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// The place: a capital city (or "City, Country") in the signing line; else the place of a line
/// that is a dateline alone, first or last ("Darwin, 9 September 2026"); else a capital city in
/// the opening. With the paragraph of such a dateline, wherever the place was read.
fn place(d: &Drafter<'_>, doc: &Document) -> (String, Option<u32>) {
    let signing = doc
        .paragraphs
        .iter()
        .rev()
        .find(|p| is_signing_line(d, &p.clean.text));
    let opening = doc.paragraphs.iter().find(|p| p.role == Role::Text);
    let solid = || doc.paragraphs.iter().filter(|p| p.role != Role::Empty);
    let dateline = solid()
        .take(DATELINE_REACH)
        .chain(solid().next_back())
        .find_map(|p| Some((dateline_place(d, &p.clean.text)?, p.number)));
    let city = |p: &Paragraph| {
        city_in(d, &p.clean.text).or_else(|| city_in(d, &dateline_in_title_case(&p.clean.text)))
    };
    let place = signing
        .and_then(city)
        .or_else(|| dateline.as_ref().map(|(place, _)| place.clone()))
        .or_else(|| opening.and_then(city))
        .unwrap_or_default();
    (place, dateline.map(|(_, paragraph)| paragraph))
}

/// How many paragraphs from the top a dateline of its own may stand (below the title lines).
const DATELINE_REACH: usize = 3;

/// The place of a dateline that is the whole line, "Place, date" ("Putrajaya, 14 May 2026"):
/// one to three capitalised words without digits before the comma, a full date after it and
/// nothing else but a closing stop or dash.
pub fn dateline_place(d: &Drafter<'_>, text: &str) -> Option<String> {
    let (place, rest) = text.trim().split_once(", ")?;
    let words: Vec<&str> = place.split_whitespace().collect();
    let named = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && !w.contains(|c: char| c.is_ascii_digit())
        });
    // ("Mexico City, the 3rd of March 2026": an article may open the date; "New Delhi,
    // Tuesday, 6 October 2026": so may a weekday, with or without its comma)
    let rest = d.after_article(rest).unwrap_or(rest);
    let rest = rest
        .split_once(|c: char| c == ',' || c.is_whitespace())
        .filter(|(day, _)| d.language.question.weekdays.contains(&day.to_lowercase()))
        .map_or(rest, |(_, date)| date.trim_start_matches([',', ' ']));
    let (_, range) = entities::first_date(d, rest)?;
    let after = rest.get(range.end..)?.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '\u{2013}' | '\u{2014}' | '-')
    });
    (named && range.start == 0 && after.is_empty()).then(|| dateline_in_title_case(place))
}

/// `text` with the words in capitals opening it in title case: a press release's dateline
/// ("KUALA LUMPUR, 25 November 2024 –" → "Kuala Lumpur, 25 November 2024 –"), where it names
/// the place.
fn dateline_in_title_case(text: &str) -> String {
    let mut words = Vec::new();
    let mut dateline = true;
    for word in text.split(' ') {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        dateline &= letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
        words.push(if dateline {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        } else {
            word.to_string()
        });
    }
    words.join(" ")
}

/// The first capital city `text` names, as written ("Washington, D.C.").
fn city_in(d: &Drafter<'_>, text: &str) -> Option<String> {
    let (range, _, _) = d
        .places
        .find_all(text)
        .into_iter()
        .find(|(_, _, kind)| *kind == FormKind::Capital)?;
    let city = text.get(range.clone())?;
    let rest = text.get(range.end..).unwrap_or("");
    Some(match rest.strip_prefix(", D.C.") {
        Some(_) => format!("{city}, D.C."),
        None => city.to_string(),
    })
}

/// The parties: places the title names (not where it happened), else the two the text names most.
fn parties(d: &Drafter<'_>, title: &str, doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (range, place, kind) in d.places.find_all(title) {
        let before = title.get(..range.start).unwrap_or("").trim_end();
        // ("… Summit in Kuala Lumpur": where it happened, not a party)
        let last_word = before.rsplit(' ').next().unwrap_or("").to_lowercase();
        let located =
            before.ends_with(',') || d.reading.direct_place_prepositions.contains(&last_word);
        if kind != FormKind::Capital && !located && !out.contains(&place.name) {
            out.push(place.name.clone());
        }
    }
    if out.len() >= 2 {
        return out;
    }
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    for (order, p) in doc.paragraphs.iter().enumerate() {
        for (_, place, kind) in d.places.find_all(&p.clean.text) {
            if kind == FormKind::Capital {
                continue;
            }
            match counts.iter_mut().find(|(n, _, _)| *n == place.name) {
                Some(entry) => entry.1 += 1,
                None => counts.push((place.name.clone(), 1, order)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    for (name, _, _) in counts {
        if out.len() >= 2 {
            break;
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The leaders: the signatories (not the witnesses), else the people with a leader's title named
/// in the first two paragraphs with sentences.
fn leaders(
    d: &Drafter<'_>,
    doc: &Document,
    people: &[Person],
    signatories: &[Signatory],
) -> Vec<String> {
    let signed: Vec<String> = signatories
        .iter()
        .filter(|s| !s.witness)
        .map(|s| s.name.clone())
        .collect();
    if !signed.is_empty() {
        return signed;
    }
    // (a title in capitals or a dateline, "Abu Dhabi, 4 November 2026", is no sentence: the
    // paragraphs counted have two lowercase words or more)
    let sentence = |text: &str| {
        text.split_whitespace()
            .filter(|w| w.starts_with(char::is_lowercase))
            .nth(1)
            .is_some()
    };
    let opening: Vec<&str> = doc
        .paragraphs
        .iter()
        .filter(|p| p.role == Role::Text && sentence(&p.clean.text))
        .take(2)
        .map(|p| p.clean.text.as_str())
        .collect();
    people
        .iter()
        .filter(|p| {
            d.reading
                .leader_titles
                .iter()
                .any(|t| p.role.contains(t.as_str()))
        })
        .filter(|p| opening.iter().any(|t| super::facts::names(t, p)))
        .map(|p| p.name.clone())
        .collect()
}

/// The host of `url` ("bidenwhitehouse.archives.gov").
fn host(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or("");
    rest.split('/').next().unwrap_or("").to_string()
}

/// "2025-10-26" → "26 October 2025" (the language's date format and month names).
pub fn long_date(d: &Drafter<'_>, iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let month = parts
        .get(1)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| d.months.get(m.wrapping_sub(1)));
    match (
        parts.first(),
        month,
        parts.get(2).and_then(|d| d.parse::<u32>().ok()),
    ) {
        (Some(year), Some(month), Some(day)) => d
            .language
            .phrases
            .date
            .replace("{day}", &day.to_string())
            .replace("{month}", month)
            .replace("{year}", year),
        _ => iso.to_string(),
    }
}

/// The fact about the statement itself: its date, place, parties and title.
pub fn about_fact(d: &Drafter<'_>, m: &Metadata, source: &str) -> Option<Fact> {
    let squashed = squash_whitespace(source);
    let (quote, paragraph) = &m.date_quote;
    let quote = [quote.as_str(), m.title.as_str()]
        .into_iter()
        .find(|q| q.split_whitespace().count() >= 2 && squashed.contains(&squash_whitespace(q)))?
        .to_string();
    let w = d.writing;
    let mut answer = w
        .about_answer
        .replace("{name}", &communique_core::voice::capitalise(&name(d, m)))
        .replace("{title}", &m.title)
        .replace("{date}", &long_date(d, &m.date));
    if !m.place.is_empty() {
        answer = answer.replace("{place}", &w.about_place.replace("{place}", &m.place));
    } else {
        answer = answer.replace("{place}", "");
    }
    let mut kinds = vec![Kind::When];
    if !m.place.is_empty() {
        kinds.push(Kind::Where);
    }
    // Its name names the parties that issued it.
    if !m.parties.is_empty() {
        kinds.push(Kind::Who);
    }
    kinds.sort();
    let keywords = w
        .about_keywords
        .iter()
        .cloned()
        .chain(m.place.split(',').next().map(str::to_string))
        .chain(std::iter::once(m.kind.clone()))
        .filter(|k| !k.is_empty())
        .collect();
    let mut paragraphs: Vec<u32> = std::iter::once(*paragraph)
        .chain(m.place_paragraph)
        .collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    Some(Fact {
        kinds,
        keywords,
        ..statement_fact(
            "about-the-statement",
            &w.about_label,
            &answer,
            paragraphs,
            &quote,
        )
    })
}

/// The fact about who signed the statement, citing the signature block's paragraphs.
pub fn signature_fact(
    d: &Drafter<'_>,
    signature: &super::Signature<'_>,
    kind: &str,
    source: &str,
) -> Option<Fact> {
    let w = d.writing;
    let signatories = signature.signatories;
    let block = signature.block;
    let signing = signature.signing.clone();
    let squashed = squash_whitespace(source);
    let mut paragraphs: Vec<u32> = block.iter().map(|(n, _)| *n).collect();
    let described = |s: &Signatory| {
        if s.role.is_empty() {
            s.name.clone()
        } else {
            format!("{} ({})", s.name, s.role)
        }
    };
    let signed: Vec<String> = signatories
        .iter()
        .filter(|s| !s.witness)
        .map(described)
        .collect();
    let witnessed: Vec<String> = signatories
        .iter()
        .filter(|s| s.witness)
        .map(described)
        .collect();
    let answer = match (signed.is_empty(), witnessed.is_empty()) {
        (true, true) => w.signature_block.replace(
            "{text}",
            &block
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (false, true) => w.signed_by.replace("{signed}", &and_list(&signed)),
        (true, false) => w.witnessed_by.replace("{witnessed}", &and_list(&witnessed)),
        (false, false) => w
            .signed_and_witnessed
            .replace("{signed}", &and_list(&signed))
            .replace("{witnessed}", &and_list(&witnessed)),
    };
    let quote = signatories
        .iter()
        .map(|s| s.name.clone())
        .find(|name| squashed.contains(name.as_str()))
        .or_else(|| signature.quote.clone())
        .or_else(|| signing.as_ref().and_then(|s| s.quote.clone()))?;
    let mut keywords: Vec<String> = w.signature_keywords.clone();
    keywords.extend(
        signatories
            .iter()
            .filter(|s| !s.role.is_empty())
            .map(|s| s.role.clone()),
    );
    keywords.push(kind.to_string());
    let mut kinds = if signatories.is_empty() {
        Vec::new()
    } else {
        vec![Kind::Who]
    };
    let (answer, quote) = match signing {
        Some(line) => {
            paragraphs.extend(line.paragraphs);
            paragraphs.sort_unstable();
            paragraphs.dedup();
            kinds.extend(line.kinds.into_iter().filter(|k| *k != Kind::Who));
            keywords.extend(line.keywords);
            let quote = line.quote.unwrap_or(quote);
            (format!("{} {answer}", line.answer), quote)
        }
        None => (answer, quote),
    };
    kinds.sort();
    kinds.dedup();
    let label = if witnessed.is_empty() {
        &w.signature_label
    } else {
        &w.signature_witness_label
    };
    Some(Fact {
        kinds,
        keywords,
        ..statement_fact("signatories", label, &answer, paragraphs, &quote)
    })
}

/// A drafted fact about the statement itself (no topic), its answer and quote cut to their limits.
fn statement_fact(id: &str, label: &str, answer: &str, paragraphs: Vec<u32>, quote: &str) -> Fact {
    Fact {
        id: id.to_string(),
        label: label.to_string(),
        answer: communique_core::text::truncate_chars(
            answer,
            communique_core::limits::MAX_ANSWER_CHARS,
        ),
        paragraphs,
        quote: Some(
            super::claims::cut_at_word(quote, communique_core::limits::MAX_QUOTE_CHARS).to_string(),
        ),
        ..Fact::default()
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A fact per person the statement names with a role: who they are, as the statement puts it.
pub fn person_facts(
    d: &Drafter<'_>,
    people: &[Person],
    signatories: &[Signatory],
    doc: &Document,
) -> Vec<Fact> {
    let mut out = Vec::new();
    let source: Vec<(u32, String)> = doc
        .paragraphs
        .iter()
        .map(|p| (p.number, squash_whitespace(&p.lines.join("\n"))))
        .collect();
    // (a courtesy title alone, "Madam Le Thi Hoa", is no role to tell of; nor "Dr" of "Dr.
    // Ana Lopes", its stop left out)
    let courtesy = |role: &str| {
        d.reading
            .courtesy_titles
            .iter()
            .any(|t| t.trim_end_matches('.') == role.trim_end_matches('.'))
    };
    let mut described: Vec<(String, String, Vec<String>, String)> = people
        .iter()
        .filter(|p| !p.role.is_empty() && !courtesy(&p.role))
        .map(|p| {
            (
                p.name.clone(),
                p.role.clone(),
                p.short_forms.clone(),
                p.mention.clone(),
            )
        })
        .collect();
    for s in signatories.iter().filter(|s| !s.role.is_empty()) {
        if let Some(entry) = described.iter_mut().find(|(n, ..)| *n == s.name) {
            // (a description that names an office "of" somewhere is kept: it says more)
            let names_an_office = d
                .reading
                .place_joins
                .iter()
                .any(|join| entry.1.contains(&format!(" {join} ")));
            if !names_an_office {
                entry.1 = s.role.clone();
            }
        } else {
            described.push((s.name.clone(), s.role.clone(), Vec::new(), s.name.clone()));
        }
    }
    for (name, role, short_forms, mention) in described {
        let found = [mention.as_str(), name.as_str()].into_iter().find_map(|q| {
            let q = squash_whitespace(q);
            source
                .iter()
                .find(|(_, t)| t.contains(&q))
                .map(|(n, _)| (q, *n))
        });
        let Some((quote, paragraph)) = found else {
            continue;
        };
        let mut keywords = short_forms;
        keywords.push(role.clone());
        out.push(Fact {
            // The role in the label: "who is the President of Chile?" names it.
            label: communique_core::text::truncate_chars(
                &d.writing
                    .person_label
                    .replace("{name}", &name)
                    .replace("{role}", &role),
                90,
            ),
            answer: d
                .writing
                .person_answer
                .replace("{name}", &name)
                .replace("{role}", &role),
            paragraphs: vec![paragraph],
            quote: Some(
                super::claims::cut_at_word(&quote, communique_core::limits::MAX_QUOTE_CHARS)
                    .to_string(),
            ),
            kinds: vec![Kind::Who],
            keywords,
            person: Some(name),
            ..Fact::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    #[test]
    fn reads_parties_from_the_title_but_not_the_venue() {
        let doc = Document::default();
        assert_eq!(
            parties(
                drafter(),
                "Joint Declaration by the Prime Minister of the Kingdom of Cambodia and the Prime Minister of the Kingdom of Thailand on their meeting in Kuala Lampur, Malaysia",
                &doc
            ),
            ["Cambodia", "Thailand"]
        );
        assert_eq!(
            parties(drafter(), "U.S.-Singapore Joint Leaders’ Statement", &doc),
            ["United States", "Singapore"]
        );
    }

    #[test]
    fn finds_the_city() {
        assert_eq!(
            city_in(drafter(), "to Washington, D.C. The two").as_deref(),
            Some("Washington, D.C.")
        );
        assert_eq!(
            city_in(drafter(), "Signed at Kuala Lumpur on October 26").as_deref(),
            Some("Kuala Lumpur")
        );
    }

    #[test]
    fn finds_the_city_of_a_dateline_in_capitals() {
        let doc = crate::document::read(
            drafter(),
            "TITLE\n\nKUALA LUMPUR, 25 November 2024 \u{2013} The two leaders met.\n",
        );
        assert_eq!(place(drafter(), &doc).0, "Kuala Lumpur");
        assert_eq!(
            dateline_in_title_case("NEW DELHI, 3 May \u{2013} The USA and ASEAN"),
            "New Delhi, 3 May \u{2013} The USA and ASEAN"
        );
    }

    #[test]
    fn finds_the_place_of_a_dateline_of_its_own() {
        for (source, expected) in [
            (
                "TITLE\n\nDarwin, 9 September 2030\n\nThe three leaders met today.\n",
                "Darwin",
            ),
            (
                "TITLE\n\nThe two sides met.\n\nThey agreed.\n\nPutrajaya, 14 May 2030\n",
                "Putrajaya",
            ),
            // a weekday before the date, with its comma or without
            (
                "TITLE\n\nNew Delhi, Tuesday, 6 October 2026\n\nThe two leaders met.\n",
                "New Delhi",
            ),
            (
                "TITLE\n\nSuva, Friday 9 October 2026\n\nThe two leaders met.\n",
                "Suva",
            ),
        ] {
            let doc = crate::document::read(drafter(), source);
            assert_eq!(place(drafter(), &doc).0, expected, "{source}");
        }
        let doc = crate::document::read(
            drafter(),
            "TITLE\n\nThe two sides met.\n\nIn Lisbon, 9 September 2030, they signed it.\n",
        );
        assert_eq!(place(drafter(), &doc).0, "", "a sentence is no dateline");
    }

    #[test]
    fn writes_long_dates() {
        assert_eq!(long_date(drafter(), "2025-10-26"), "26 October 2025");
    }
}
