//! What a sentence names: people, organisations, places, abbreviations, dates and numbers.
//!
//! All recognisers are small hand-written rules over the words of the cleaned text; the words they
//! look for (titles, organisation words, number words, months …) and the table of countries
//! ([`super::places`]) are the language pack's ([`Drafter`]). They decide which question kinds a fact may declare, so they err on the
//! side of not seeing a detail: a kind declared wrongly makes the bot answer a question the
//! statement does not answer.

use std::collections::BTreeMap;
use std::ops::Range;

use super::drafter::Drafter;
use super::places::{FormKind, word_spans};

/// A person the statement names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The fullest form of the name ("Joko Widodo").
    pub name: String,
    /// How the statement introduces them ("Indonesian President"), as written.
    pub role: String,
    /// Other ways the statement writes them ("Widodo", "President Widodo").
    pub short_forms: Vec<String>,
    /// The verbatim text of the first mention with its role ("Indonesian President Joko Widodo").
    pub mention: String,
}

/// A mention of a person by a title: the title with the words before it that qualify it, and the
/// name after it.
#[derive(Debug, Clone)]
struct TitledName {
    role: String,
    name: String,
    /// The verbatim role-and-name text.
    mention: String,
}

/// Everyone the statement names, from "Title Name" mentions.
pub fn people(d: &Drafter<'_>, sentences: &[&str]) -> Vec<Person> {
    let mentions: Vec<TitledName> = sentences
        .iter()
        .flat_map(|s| titled_names(d, s).into_iter().chain(office_holders(d, s)))
        .collect();
    let mut people: Vec<Person> = Vec::new();
    // Full names first (two words or more), then single words as their short forms.
    for m in mentions
        .iter()
        .filter(|m| m.name.split_whitespace().count() >= 2)
    {
        if let Some(p) = people.iter_mut().find(|p| same_person(&p.name, &m.name)) {
            if m.name.len() > p.name.len() {
                p.short_forms
                    .push(std::mem::replace(&mut p.name, m.name.clone()));
            } else if m.name != p.name && !p.short_forms.contains(&m.name) {
                // "Minister Falcão Lima" of Rodrigo Falcão Lima: a shorter form of the name
                p.short_forms.push(m.name.clone());
            }
            continue;
        }
        people.push(Person {
            name: m.name.clone(),
            role: m.role.clone(),
            short_forms: Vec::new(),
            mention: m.mention.clone(),
        });
    }
    for m in &mentions {
        let words: Vec<&str> = m.name.split_whitespace().collect();
        if words.len() >= 2 {
            continue;
        }
        match people.iter_mut().find(|p| same_person(&p.name, &m.name)) {
            Some(p) => {
                let titled = format!("{} {}", last_title_word(&m.role), m.name);
                for form in [m.name.clone(), titled] {
                    if !p.short_forms.contains(&form) && form != p.name {
                        p.short_forms.push(form);
                    }
                }
            }
            None => people.push(Person {
                name: m.name.clone(),
                role: m.role.clone(),
                short_forms: Vec::new(),
                mention: m.mention.clone(),
            }),
        }
    }
    for p in &mut people {
        let surname_form = surname(&p.name);
        if !p.short_forms.contains(&surname_form) && surname_form != p.name {
            p.short_forms.push(surname_form);
        }
        p.short_forms.retain(|f| !f.trim().is_empty());
    }
    people
}

/// The holders of an office the text names in the plural, one per country ("their foreign
/// ministers, Penny Lawton of Australia, Dewi Kartasasmita of Indonesia and Tanaka Yusuke of
/// Japan"): after a title of the pack written in lowercase with an "s" and a comma, each item is
/// one to three capitalised words, "of" and a place of the places table; the role is the title of
/// that place ("Foreign Minister of Indonesia"). The list ends at the first item that is not one.
fn office_holders(d: &Drafter<'_>, text: &str) -> Vec<TitledName> {
    let lower = text.to_lowercase();
    let mut out: Vec<TitledName> = Vec::new();
    // (the longest title first: "foreign ministers" holds "ministers" too)
    let mut titles: Vec<&String> = d.reading.titles.iter().collect();
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    for title in titles {
        let plural = format!("{}s, ", title.to_lowercase());
        let Some(at) = lower.find(&plural) else {
            continue;
        };
        let Some(rest) = text.get(at + plural.len()..) else {
            continue;
        };
        for item in rest.split(", ").flat_map(|part| part.splitn(2, " and ")) {
            let Some(holder) = office_holder(d, title, item) else {
                break;
            };
            if !out.iter().any(|o| o.name == holder.name) {
                out.push(holder);
            }
        }
    }
    out
}

/// One item of [`office_holders`]' list: "Dewi Kartasasmita of Indonesia".
fn office_holder(d: &Drafter<'_>, title: &str, item: &str) -> Option<TitledName> {
    let join = d.reading.place_joins.first()?;
    let (name, place) = item.trim().split_once(&format!(" {join} "))?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && !d.is_title_word(w) && !d.is_month(w)
        });
    let (found, _) = d.places.lookup(place.trim())?;
    named.then(|| TitledName {
        role: format!("{title} {join} {}", found.name),
        name: name.to_string(),
        mention: item.trim().to_string(),
    })
}

/// The last word of a name that is not "Jr." ("Biden" of "Joseph R. Biden, Jr.").
fn surname(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.trim_end_matches([',', '.']))
        .rfind(|w| !matches!(*w, "Jr" | "Sr" | "II" | "III") && w.chars().count() > 1)
        .unwrap_or(name)
        .to_string()
}

fn last_title_word(role: &str) -> &str {
    role.split_whitespace().last().unwrap_or(role)
}

/// Whether two written names are the same person: one's words contain the other's.
fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| w.trim_end_matches([',', '.']).to_string())
            .filter(|w| w.chars().count() > 1 && !matches!(w.as_str(), "Jr" | "Sr"))
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    !short.is_empty() && short.iter().all(|w| long.contains(w))
}

/// The "Title Name" mentions in `text`.
fn titled_names(d: &Drafter<'_>, text: &str) -> Vec<TitledName> {
    let words = word_spans(text);
    let word = |i: usize| words.get(i).and_then(|r| text.get(r.clone())).unwrap_or("");
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some(title_len) = title_at(d, text, &words, i) else {
            i += 1;
            continue;
        };
        let mut j = i + title_len;
        // "Prime Minister of the Republic of Singapore Lee Hsien Loong"
        let mut place_end = None;
        if Drafter::has(&d.reading.place_joins, word(j)) {
            let mut k = j + 1;
            if Drafter::has(&d.reading.articles, word(k)) {
                k += 1;
            }
            if let Some(end) = place_run(d, text, &words, k) {
                place_end = Some(end);
                j = end;
            }
        }
        // "The Minister of External Affairs of India, Arvind Raghunathan": an office that is no
        // place ("of External Affairs", "of the European Council"), then a comma
        let office_end = if place_end.is_none()
            && (Drafter::has(&d.reading.place_joins, word(j))
                || Drafter::has(&d.reading.office_joins, word(j)))
        {
            office_run(d, text, &words, j + 1)
        } else {
            None
        };
        if let Some(end) = office_end
            && after_comma(text, &words, end)
        {
            let mut n = end;
            while let Some(courtesy) = courtesy_at(d, text, &words, n) {
                n += courtesy;
            }
            if is_name_word(d, word(n)) && title_at(d, text, &words, n).is_none() {
                place_end = Some(end);
                j = end;
            }
        }
        // "The President of the Republic of Chile, Mr. Carlos Mendes": the office, then its
        // holder's name after a comma and courtesy titles
        if place_end.is_some() && after_comma(text, &words, j) {
            while let Some(courtesy) = courtesy_at(d, text, &words, j) {
                j += courtesy;
            }
        }
        let name_start = j;
        // (the part after a hyphen of a given name may be lowercase: "Min-ho", "Jae-in")
        let hyphenated = |j: usize| {
            j > name_start
                && matches!((words.get(j - 1), words.get(j)), (Some(a), Some(b))
                    if text.get(a.end..b.start) == Some("-"))
                && word(j).chars().all(char::is_alphabetic)
        };
        // (a place's name ends a name it follows, when no capitalised word comes after it)
        let last_word = |j: usize| {
            j > name_start
                && may_end_a_name(d, word(j))
                && !words.get(j + 1).is_some_and(|next| {
                    words.get(j).and_then(|w| text.get(w.end..next.start)) == Some(" ")
                        && word(j + 1).starts_with(char::is_uppercase)
                })
        };
        // "Rashid bin Sultan Al Falasi": particles join the name's parts, and the word after
        // them is a name even when it is a title ("Sultan")
        let spaced = |j: usize| {
            matches!((j.checked_sub(1).and_then(|p| words.get(p)), words.get(j)), (Some(a), Some(b))
                if text.get(a.end..b.start).is_some_and(|gap| gap == " "))
        };
        let particles = |j: usize| {
            let mut k = j;
            while k < words.len() && Drafter::has(&d.reading.name_particles, word(k)) && spaced(k) {
                k += 1;
            }
            (k > j && spaced(k) && word(k).starts_with(char::is_uppercase)).then_some(k + 1 - j)
        };
        while j < words.len() {
            if j > name_start
                && let Some(n) = particles(j)
            {
                j += n;
                continue;
            }
            if !((is_name_word(d, word(j)) || hyphenated(j) || last_word(j))
                && title_at(d, text, &words, j).is_none())
            {
                break;
            }
            let joined = j == name_start
                || hyphenated(j)
                || matches!((words.get(j - 1), words.get(j)), (Some(a), Some(b))
                if text.get(a.end..b.start).is_some_and(|gap| {
                    gap.trim().is_empty()
                        || (gap.trim() == "."
                            && super::document::is_initial(text.get(a.clone()).unwrap_or("")))
                }));
            if !joined {
                break;
            }
            j += 1;
        }
        let name_words = j - name_start;
        if name_words == 0
            && let Some(end) = office_end
            && let Some(before) = name_before_comma(d, text, &words, i)
        {
            // "Henrik Vallander, President of the European Council": the name, a comma, then the
            // office
            let (Some(first), Some(title), Some(last)) =
                (words.get(before), words.get(i), words.get(end - 1))
            else {
                break;
            };
            if let (Some(name), Some(role), Some(mention)) = (
                text.get(first.start..words.get(i - 1).map_or(0, |w| w.end)),
                text.get(title.start..last.end),
                text.get(first.start..last.end),
            ) {
                out.push(TitledName {
                    role: role.to_string(),
                    name: name.to_string(),
                    mention: mention.to_string(),
                });
            }
            i = end;
            continue;
        }
        if name_words == 0 || name_words > 5 {
            i += title_len.max(1);
            continue;
        }
        let (Some(first), Some(last)) = (words.get(name_start), words.get(j - 1)) else {
            break;
        };
        let mut name_end = last.end;
        // "Joseph R. Biden, Jr."
        if let Some(rest) = text.get(name_end..)
            && let Some(suffix) = ["Jr.", "Sr."].iter().find(|s| {
                rest.strip_prefix(", ")
                    .or_else(|| rest.strip_prefix(' '))
                    .is_some_and(|r| r.starts_with(**s))
            })
        {
            name_end = name_end + rest.find(suffix).unwrap_or(0) + suffix.len();
        }
        let role_start = qualifier_start(d, text, &words, i);
        let role_end = place_end.and_then(|e| words.get(e - 1)).map_or_else(
            || words.get(i + title_len - 1).map_or(0, |w| w.end),
            |w| w.end,
        );
        let (Some(role), Some(name)) = (
            text.get(role_start..role_end),
            text.get(first.start..name_end),
        ) else {
            break;
        };
        let mut role = role.to_string();
        let mut mention_end = name_end;
        // "His Excellency Lee Min-ho, President of the Republic of Korea": a courtesy title, the
        // name, then the office after a comma
        if courtesy_at(d, text, &words, i).is_some()
            && after_comma(text, &words, j)
            && courtesy_at(d, text, &words, j).is_none()
            && let Some(office) = title_at(d, text, &words, j)
        {
            let mut end = j + office;
            if Drafter::has(&d.reading.place_joins, word(end)) {
                let k = end + 1 + usize::from(Drafter::has(&d.reading.articles, word(end + 1)));
                end = place_run(d, text, &words, k).unwrap_or(end);
            }
            if let (Some(first), Some(last)) = (words.get(j), words.get(end - 1))
                && let Some(office) = text.get(first.start..last.end)
            {
                role = office.to_string();
                mention_end = last.end;
                j = end;
            }
        }
        // "Prime Minister Jane Harrow of New Zealand"
        if place_end.is_none() && Drafter::has(&d.reading.place_joins, word(j)) {
            let k = if Drafter::has(&d.reading.articles, word(j + 1)) {
                j + 2
            } else {
                j + 1
            };
            if let Some(end) = place_run(d, text, &words, k)
                && let (Some(of), Some(last)) = (words.get(j), words.get(end - 1))
                && let Some(suffix) = text.get(of.start..last.end)
            {
                role = format!("{role} {suffix}");
                mention_end = last.end;
                j = end;
            }
        }
        let Some(mention) = text.get(role_start..mention_end) else {
            break;
        };
        out.push(TitledName {
            role,
            name: name.to_string(),
            mention: mention.to_string(),
        });
        i = j;
    }
    out
}

/// The end of an office's name after its "of" at word `k`: an optional article, then capitalised
/// words, which "and" or "of" may join ("External Affairs of India", "the European Council",
/// "Commerce and Industry"), with no punctuation between them; at most [`OFFICE_WORDS`] words; "for" and "to" (the
/// pack's `office_joins`) join them too ("State for Foreign Trade of the United Arab Emirates").
fn office_run(d: &Drafter<'_>, text: &str, words: &[Range<usize>], k: usize) -> Option<usize> {
    let word = |i: usize| words.get(i).and_then(|r| text.get(r.clone())).unwrap_or("");
    let spaced = |i: usize| {
        matches!((i.checked_sub(1).and_then(|p| words.get(p)), words.get(i)), (Some(a), Some(b))
            if text.get(a.end..b.start).is_some_and(|gap| gap.trim().is_empty()))
    };
    let capital = |i: usize| word(i).starts_with(char::is_uppercase) && spaced(i);
    let mut i = k + usize::from(Drafter::has(&d.reading.articles, word(k)));
    let start = i;
    let mut end = None;
    while i < words.len() && i < start + OFFICE_WORDS {
        if capital(i) {
            i += 1;
            end = Some(i);
        } else if end.is_some()
            && (word(i) == "and"
                || Drafter::has(&d.reading.place_joins, word(i))
                || Drafter::has(&d.reading.office_joins, word(i)))
            && spaced(i)
            && (capital(i + 1)
                || (Drafter::has(&d.reading.articles, word(i + 1)) && capital(i + 2)))
        {
            i += 1 + usize::from(!capital(i + 1));
        } else {
            break;
        }
    }
    end
}

/// How many words an office's name after its "of" holds at most ("State for Foreign Trade of the
/// United Arab Emirates").
const OFFICE_WORDS: usize = 10;

/// The first word of a name of two to four words that ends right before the comma before word
/// `i` ("Henrik Vallander, President …"), if one does.
fn name_before_comma(
    d: &Drafter<'_>,
    text: &str,
    words: &[Range<usize>],
    i: usize,
) -> Option<usize> {
    if !after_comma(text, words, i) {
        return None;
    }
    let word = |i: usize| words.get(i).and_then(|r| text.get(r.clone())).unwrap_or("");
    let mut first = i;
    while first > 0
        && (is_name_word(d, word(first - 1)) || (first == i && may_end_a_name(d, word(first - 1))))
        && title_at(d, text, words, first - 1).is_none()
        && (first == i
            || matches!((words.get(first - 1), words.get(first)), (Some(a), Some(b))
                if text.get(a.end..b.start).is_some_and(|gap| gap.trim().is_empty())))
    {
        first -= 1;
    }
    (2..=4).contains(&(i - first)).then_some(first)
}

/// Whether a comma stands right before word `j`.
fn after_comma(text: &str, words: &[Range<usize>], j: usize) -> bool {
    let (Some(a), Some(b)) = (j.checked_sub(1).and_then(|p| words.get(p)), words.get(j)) else {
        return false;
    };
    text.get(a.end..b.start)
        .is_some_and(|gap| gap.trim() == ",")
}

/// How many words a courtesy title (one of the pack's `courtesy_titles`) at word `i` spans.
fn courtesy_at(d: &Drafter<'_>, text: &str, words: &[Range<usize>], i: usize) -> Option<usize> {
    let n = title_at(d, text, words, i)?;
    let (first, last) = (words.get(i)?, words.get(i + n - 1)?);
    let title = text.get(first.start..last.end)?;
    let with_stop = text.get(first.start..last.end + 1);
    d.reading
        .courtesy_titles
        .iter()
        .any(|c| c == title || Some(c.as_str()) == with_stop)
        .then_some(n)
}

/// How many words a title at word `i` spans.
fn title_at(d: &Drafter<'_>, text: &str, words: &[Range<usize>], i: usize) -> Option<usize> {
    d.reading.titles.iter().find_map(|title| {
        let n = title.split_whitespace().count();
        let (first, last) = (words.get(i)?, words.get((i + n).checked_sub(1)?)?);
        (text.get(first.start..last.end)? == title.as_str()
            || text.get(first.start..last.end + 1) == Some(title.as_str()))
        .then_some(n)
    })
}

/// The start of the words qualifying the title at word `i` ("Indonesian", "U.S.", "Canada's").
fn qualifier_start(d: &Drafter<'_>, text: &str, words: &[Range<usize>], i: usize) -> usize {
    let start = words.get(i).map_or(0, |w| w.start);
    let Some(previous) = i.checked_sub(1).and_then(|p| words.get(p)) else {
        return start;
    };
    let gap = text.get(previous.end..start).unwrap_or("");
    let qualifier = text.get(previous.clone()).unwrap_or("");
    // ("*Canada's* High Commissioner to Kenya": a place's possessive qualifies it too)
    let possessive = matches!(gap.trim(), "'s" | "’s");
    if (gap.trim().is_empty() || possessive) && d.places.lookup(qualifier).is_some() {
        previous.start
    } else {
        start
    }
}

/// The end of a place name starting at word `k`, if one does.
fn place_run(d: &Drafter<'_>, text: &str, words: &[Range<usize>], k: usize) -> Option<usize> {
    let max = d.places.max_words;
    (1..=max).rev().find_map(|n| {
        let (first, last) = (words.get(k)?, words.get(k + n - 1)?);
        let form = text.get(first.start..last.end)?;
        d.places
            .lookup(form)
            .filter(|(_, kind)| *kind == FormKind::Name)
            .map(|_| k + n)
    })
}

/// A word that can be part of a person's name: capitalised, not a function word, place, month or
/// organisation word; initials ("J.") count.
fn is_name_word(d: &Drafter<'_>, word: &str) -> bool {
    may_end_a_name(d, word) && d.places.lookup(word).is_none()
}

/// [`is_name_word`], a place's name allowed: the last word of a name may be one ("Rodrigo Falcão
/// Lima", "Minister Falcão Lima and …"), though a name does not start with one.
fn may_end_a_name(d: &Drafter<'_>, word: &str) -> bool {
    let starts_upper = word.starts_with(|c: char| c.is_uppercase());
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word.chars().all(|c| !c.is_lowercase());
    starts_upper
        && !all_caps
        && !Drafter::has(&d.reading.not_name_words, word)
        && !d.is_month(word)
        && !Drafter::has(&d.reading.organisation_words, word)
        && !word.contains('\'')
        && !word.contains('’')
}

/// A signatory of the statement, read from the signature block's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    pub name: String,
    /// The title written under the name ("Prime Minister of Malaysia"), if any.
    pub role: String,
    /// Whether the name stands under a "Witnessed by" line.
    pub witness: bool,
}

/// The signatories in a signature block, given as its paragraphs' source lines: each paragraph is
/// a row; columns are separated by runs of three spaces or more (also at a line's end), and a cell
/// may wrap over lines.
pub fn signatories(d: &Drafter<'_>, paragraphs: &[Vec<&str>]) -> Vec<Signatory> {
    // A paragraph whose every line holds a column gap is one row per line; otherwise its lines
    // are one row whose cells wrap.
    let rows: Vec<Vec<&str>> = paragraphs
        .iter()
        .flat_map(|lines| {
            if lines.len() > 1
                && lines
                    .iter()
                    .all(|l| l.trim().replace('\u{a0}', " ").contains("   "))
            {
                lines.iter().map(|l| vec![*l]).collect::<Vec<_>>()
            } else {
                vec![lines.clone()]
            }
        })
        .collect();
    let mut out: Vec<Signatory> = Vec::new();
    // Per column: the signatory last named in it, and whether a "Witnessed by" line came first.
    let mut columns: BTreeMap<usize, (Option<usize>, bool)> = BTreeMap::new();
    for row in &rows {
        for (c, cell) in cells(row).iter().enumerate() {
            let state = columns.entry(c).or_insert((None, false));
            let lower = cell.to_lowercase();
            if d.reading
                .witness_words
                .iter()
                .any(|w| lower.starts_with(w.as_str()))
            {
                *state = (None, true);
            } else if is_person_cell(d, cell) {
                out.push(Signatory {
                    name: cell.clone(),
                    role: String::new(),
                    witness: state.1,
                });
                state.0 = Some(out.len() - 1);
            } else if let Some(signatory) = state.0.and_then(|s| out.get_mut(s)) {
                if !signatory.role.is_empty() {
                    signatory.role.push(' ');
                }
                signatory.role.push_str(cell);
            }
        }
    }
    out
}

/// The cells of one row: its lines joined where a cell wraps, split at column gaps (non-breaking
/// spaces count as spaces).
fn cells(lines: &[&str]) -> Vec<String> {
    let lines: Vec<String> = lines.iter().map(|l| l.replace('\u{a0}', " ")).collect();
    let mut cells: Vec<String> = Vec::new();
    let mut current = String::new();
    let close = |current: &mut String, cells: &mut Vec<String>| {
        let cell = std::mem::take(current).trim().to_string();
        if !cell.is_empty() {
            cells.push(cell);
        }
    };
    for line in &lines {
        for (k, part) in line.trim_end().split("   ").enumerate() {
            if k > 0 {
                close(&mut current, &mut cells);
            }
            let part = part.trim();
            if !part.is_empty() {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(part);
            }
        }
        if line.len() - line.trim_end().len() >= 3 {
            close(&mut current, &mut cells);
        }
    }
    close(&mut current, &mut cells);
    cells
}

/// A cell holding a person's name: two to five name words.
fn is_person_cell(d: &Drafter<'_>, cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| is_name_word(d, w))
        && d.reading.titles.iter().all(|t| !cell.contains(t.as_str()))
}

/// An abbreviation the statement defines: "Long Name (ABBR)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub short: String,
    pub long: String,
}

/// The abbreviations `text` defines, by the Schwartz–Hearst rule: the letters of the short form
/// are found right to left in the words before the parenthesis, the first at a word's start.
pub fn abbreviations(d: &Drafter<'_>, text: &str) -> Vec<Abbreviation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|t| t.find('(')).map(|o| o + from) {
        let Some(close) = text.get(open..).and_then(|t| t.find(')')).map(|c| c + open) else {
            break;
        };
        from = close + 1;
        let inside = text
            .get(open + 1..close)
            .unwrap_or("")
            .trim_matches(['“', '”', '"', ' ']);
        // "the Democratic People’s Republic of Korea’s (DPRK’s)": the possessive is neither's.
        let possessive = |t: &str| {
            ["’s", "'s"]
                .iter()
                .find_map(|p| t.strip_suffix(p))
                .map(str::to_string)
        };
        let owned = possessive(inside);
        let inside = owned.as_deref().unwrap_or(inside);
        if !is_short_form(inside) {
            continue;
        }
        let before = text.get(..open).unwrap_or("");
        let before = if owned.is_some() {
            let trimmed = before.trim_end();
            ["’s", "'s"]
                .iter()
                .find_map(|p| trimmed.strip_suffix(p))
                .unwrap_or(before)
        } else {
            before
        };
        let window = before
            .rfind(['(', ')', ';', ':'])
            .map_or(before, |p| before.get(p + 1..).unwrap_or(""));
        if let Some(long) = long_form(d, inside, window) {
            out.push(Abbreviation {
                short: inside.to_string(),
                long,
            });
        }
    }
    out
}

/// Two to ten characters, at least two capitals, no spaces, not all digits.
fn is_short_form(text: &str) -> bool {
    let len = text.chars().count();
    (2..=10).contains(&len)
        && !text.contains(' ')
        && text.chars().filter(|c| c.is_uppercase()).count() >= 2
        && text.chars().any(char::is_alphabetic)
}

fn long_form(d: &Drafter<'_>, short: &str, window: &str) -> Option<String> {
    let short_chars: Vec<char> = short
        .trim_end_matches('s')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let long: Vec<char> = window.trim_end().chars().collect();
    let mut l = long.len();
    for (s, wanted) in short_chars.iter().enumerate().rev() {
        loop {
            let current = l.checked_sub(1)?;
            let c = long.get(current)?.to_lowercase().next()?;
            let word_start = current == 0 || !long.get(current - 1)?.is_alphanumeric();
            l = current;
            if c == *wanted && (s > 0 || word_start) {
                break;
            }
        }
    }
    let start = long
        .get(..l)?
        .iter()
        .rposition(|c| *c == ' ')
        .map_or(0, |p| p + 1);
    let text: String = long.get(start..)?.iter().collect();
    let words = text.split_whitespace().count();
    // ("the Association of Southeast Asian Nations": the name without its article)
    let text = text.trim();
    let text = text
        .split_once(' ')
        .filter(|(first, _)| d.reading.articles.iter().any(|a| a == first))
        .map_or(text, |(_, rest)| rest)
        .to_string();
    // A name in capitals that a lowercase word opens ("and the Brazilian Space Agency" for AEB)
    // reaches back past the name's start into the sentence: a long form is either in lowercase
    // ("official development assistance") or opens with a capital.
    let mut text_words = text.split_whitespace();
    let opens_lowercase = text_words
        .next()
        .is_some_and(|w| w.starts_with(char::is_lowercase));
    if opens_lowercase && text_words.any(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    (words <= short_chars.len() + 5 && words > 1 && words <= short_chars.len() * 2 + 1)
        .then_some(text)
}

/// The kinds of concrete detail a sentence gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Details {
    pub date: bool,
    pub place: bool,
    pub count: bool,
    pub amount: bool,
    pub duration: bool,
    pub organisation: bool,
    /// An office is named ("the Prime Minister of Malaysia"), if not its holder.
    pub office: bool,
}

/// Which details `text` gives: dates or years, places after a locative word, counts, amounts,
/// durations, named organisations.
pub fn details(d: &Drafter<'_>, text: &str) -> Details {
    let words = word_spans(text);
    let word = |i: usize| words.get(i).and_then(|r| text.get(r.clone())).unwrap_or("");
    let r = d.reading;
    let has = Drafter::has;
    let mut found = Details::default();
    for i in 0..words.len() {
        let w = word(i);
        let next = word(i + 1);
        let day_of =
            |i: usize| i > 1 && is_ordinal_day(d, word(i - 2)) && is_lowercase(word(i - 1));
        if d.is_month(w) && (is_number(next) || is_number(word(i.wrapping_sub(1))) || day_of(i)) {
            found.date = true;
        }
        if is_year(w) || relative_year(d, w, next) {
            found.date = true;
        }
        let lower = w.to_lowercase();
        let in_date = d.is_month(next)
            || d.is_month(word(i.wrapping_sub(1)))
            || (d.is_month(word(i + 2)) && day_of(i + 2));
        if (is_number(w) && !is_year(w) && !in_date) || has(&r.number_words, &lower) {
            // ("fifty-four years": the unit of a number in words comes after all its words)
            let mut after = i + 1;
            while has(&r.number_words, &lower) && has(&r.number_words, &word(after).to_lowercase())
            {
                after += 1;
            }
            let unit = word(after).to_lowercase();
            let before = word(i.wrapping_sub(1));
            if has(&r.party_determiners, &lower) && has(&r.party_nouns, &unit) {
                continue;
            }
            // "25 million", "eighteen billion": one number, already counted.
            if (is_number(before) || has(&r.number_words, &before.to_lowercase()))
                && has(&r.number_words, &lower)
            {
                continue;
            }
            if has(&r.amount_words, before)
                || has(&r.amount_words, &unit)
                || is_currency_code(d, before)
                || amount_after(d, &words, text, i)
            {
                found.amount = true;
            } else if has(&r.duration_words, &unit) && !is_ordinal(d, w) {
                // "80 years ago" is how long, not how many of anything the question may count;
                // "every two years" is how often too, which is asked as how many.
                found.duration = true;
                if has(&r.frequency_words, &before.to_lowercase()) {
                    found.count = true;
                }
            } else {
                found.count = true;
            }
        }
        if has(&r.organisation_words, w) && i > 0 {
            found.organisation = true;
        }
        if has(&r.share_words, &lower) {
            found.amount = true;
        }
    }
    // A currency or share sign of the pack's amount words anywhere ("US$ 1 billion", "₹25,000
    // crore", "30%"): a sign is no word, so it is not seen beside the number.
    if r.amount_words
        .iter()
        .any(|w| !w.chars().any(char::is_alphanumeric) && text.contains(w.as_str()))
    {
        found.amount = true;
    }
    if d.temporal_openers
        .iter()
        .any(|o| text.starts_with(o.as_str()))
        || d.temporal_words.iter().any(|w| text.contains(w.as_str()))
    {
        found.date = true;
    }
    if r.titles
        .iter()
        .any(|t| super::document::contains_words(text, t))
    {
        found.office = true;
    }
    found.place = names_a_place(d, text);
    found
}

/// Whether the number written in words from the `i`th of `words` on ("eighteen billion US
/// dollars", "five hundred thousand tonnes") is an amount: the first word after its number words,
/// or the one after that when the first is a code in capitals ("US", "NZ"), is an amount word.
fn amount_after(d: &Drafter<'_>, words: &[std::ops::Range<usize>], text: &str, i: usize) -> bool {
    let r = d.reading;
    let mut following = words
        .iter()
        .skip(i + 1)
        .filter_map(|span| text.get(span.clone()))
        .skip_while(|w| Drafter::has(&r.number_words, &w.to_lowercase()));
    let Some(first) = following.next() else {
        return false;
    };
    let code = first.len() <= 3 && first.chars().all(|c| c.is_ascii_uppercase());
    Drafter::has(&r.amount_words, &first.to_lowercase())
        || (code
            && following
                .next()
                .is_some_and(|w| Drafter::has(&r.amount_words, &w.to_lowercase())))
}

/// Whether `text` puts something at a place: a capital city, a region or country after "in",
/// "at", "to", "from", "throughout" or "across".
fn names_a_place(d: &Drafter<'_>, text: &str) -> bool {
    let found = d.places.find_all(text);
    if found.iter().any(|(_, _, kind)| *kind == FormKind::Capital) {
        return true;
    }
    let locative = |start: usize| {
        let before = text.get(..start).unwrap_or("").trim_end();
        let before = d.before_article(before).unwrap_or(before);
        after_one_of(before, &d.reading.place_prepositions)
    };
    // "in the province of Palawan": an area's noun and "of" between the preposition and the name
    let area_of = |before: &str| {
        d.reading.place_joins.iter().any(|join| {
            before
                .strip_suffix(join.as_str())
                .and_then(|b| b.strip_suffix(' '))
                .and_then(|rest| {
                    let (head, noun) = rest.rsplit_once(' ')?;
                    Drafter::has(&d.reading.place_nouns, &noun.to_lowercase()).then_some(head)
                })
                .is_some_and(|head| {
                    let head = d.before_article(head).unwrap_or(head);
                    after_one_of(head, &d.reading.direct_place_prepositions)
                })
        })
    };
    let words = word_spans(text);
    let named_after_locative = words.iter().any(|r| {
        let word = text.get(r.clone()).unwrap_or("");
        let before = text.get(..r.start).unwrap_or("").trim_end();
        let direct = after_one_of(before, &d.reading.direct_place_prepositions) || area_of(before);
        direct
            && word.starts_with(|c: char| c.is_uppercase())
            && word.chars().any(char::is_lowercase)
            && !d.is_month(word)
            && !Drafter::has(&d.reading.not_place_words, word)
            && !Drafter::has(&d.reading.not_name_words, word)
            && d.places
                .lookup(word)
                .is_none_or(|(_, kind)| kind != FormKind::Adjective)
    });
    // "at the National Palace", "in the Bajío region": a name after a preposition and an
    // article, ending with one of the pack's place nouns (or followed by it, in lowercase)
    let named_area = words.iter().enumerate().any(|(i, r)| {
        let word = text.get(r.clone()).unwrap_or("");
        let before = text.get(..r.start).unwrap_or("").trim_end();
        if !d
            .before_article(before)
            .is_some_and(|b| after_one_of(b, &d.reading.direct_place_prepositions))
            || !word.starts_with(|c: char| c.is_uppercase())
            || d.is_month(word)
        {
            return false;
        }
        let run = words
            .iter()
            .skip(i)
            .map(|r| text.get(r.clone()).unwrap_or(""))
            .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
            .count();
        let noun = |k: usize| {
            words
                .get(k)
                .and_then(|r| text.get(r.clone()))
                .is_some_and(|w| Drafter::has(&d.reading.place_nouns, &w.to_lowercase()))
        };
        run <= 4 && (noun(i + run - 1) || noun(i + run))
    });
    named_after_locative
        || named_area
        || found
            .iter()
            .any(|(range, _, kind)| *kind == FormKind::Name && locative(range.start))
        || d.regions
            .iter()
            .filter_map(|r| text.find(r.as_str()))
            .any(locative)
}

/// A currency code before an amount ("USD", "NZD", "EUR"): three capitals ending in "D" (the
/// dollars), or one of the pack's `currency_codes`.
pub fn is_currency_code(d: &Drafter<'_>, word: &str) -> bool {
    word.len() == 3
        && word.chars().all(|c| c.is_ascii_uppercase())
        && (word.ends_with('D') || Drafter::has(&d.reading.currency_codes, word))
}

/// Digits, perhaps with separators and a suffix ("5,400", "1.5", "45th", "50-52").
pub fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

pub use communique_core::text::is_year;

/// The first full date in `text` ("October 26, 2025", "26 October 2025"), as `YYYY-MM-DD`, with
/// the byte range it was written in.
pub fn first_date(d: &Drafter<'_>, text: &str) -> Option<(String, Range<usize>)> {
    let words = word_spans(text);
    let word = |i: usize| words.get(i).and_then(|r| text.get(r.clone())).unwrap_or("");
    for i in 0..words.len() {
        let Some(month) = d.month(word(i)) else {
            continue;
        };
        let (day, year, first, last) = if is_day(word(i + 1)) && is_year(word(i + 2)) {
            (word(i + 1), word(i + 2), i, i + 2)
        } else if i > 0 && is_day(word(i - 1)) && is_year(word(i + 1)) {
            (word(i - 1), word(i + 1), i - 1, i + 1)
        } else if i > 1
            && is_ordinal_day(d, word(i - 2))
            && is_lowercase(word(i - 1))
            && is_year(word(i + 1))
        {
            // "the 3rd of March 2026"
            let ordinal = word(i - 2);
            let day = ordinal.trim_end_matches(|c: char| !c.is_ascii_digit());
            (day, word(i + 1), i - 2, i + 1)
        } else {
            continue;
        };
        let (Some(a), Some(b)) = (words.get(first), words.get(last)) else {
            continue;
        };
        let day: u32 = day.parse().ok()?;
        return Some((format!("{year}-{:02}-{day:02}", month + 1), a.start..b.end));
    }
    None
}

/// Whether `word` is a day written as an ordinal ("12th", "1st"): the day of "the 12th of May".
fn is_ordinal_day(d: &Drafter<'_>, word: &str) -> bool {
    d.reading
        .ordinal_suffixes
        .iter()
        .any(|suffix| word.strip_suffix(suffix.as_str()).is_some_and(is_day))
}

/// Whether `word` is a number written as an ordinal ("21st", "5th"): "the 21st century" is no
/// length of time.
fn is_ordinal(d: &Drafter<'_>, word: &str) -> bool {
    d.reading.ordinal_suffixes.iter().any(|suffix| {
        word.strip_suffix(suffix.as_str())
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Whether `word` is written in lowercase letters only ("of").
fn is_lowercase(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_lowercase)
}

fn is_day(word: &str) -> bool {
    word.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Whether `word` and `next` are a year counted from the statement's ("next year"): one of the
/// language's `relative_years`, as the text writes it.
fn relative_year(d: &Drafter<'_>, word: &str, next: &str) -> bool {
    d.language
        .question
        .relative_years
        .contains_key(&format!("{word} {next}"))
}

/// Whether `before` ends with one of `words` as a word of its own.
fn after_one_of(before: &str, words: &[String]) -> bool {
    words.iter().any(|w| {
        before
            .strip_suffix(w.as_str())
            .is_some_and(|b| b.is_empty() || b.ends_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    /// Asserts that the people of `paragraphs` are `expected`, as (name, role).
    fn assert_names_and_roles(paragraphs: &[&str], expected: &[(&str, &str)]) {
        let found = people(drafter(), paragraphs);
        let roles: Vec<(&str, &str)> = found
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_str()))
            .collect();
        assert_eq!(roles, expected);
    }

    #[test]
    fn finds_the_holders_of_an_office_named_in_the_plural() {
        assert_names_and_roles(
            &[
                "Their foreign ministers, Penny Lawton of Australia, Dewi Kartasasmita of \
               Indonesia and Tanaka Yusuke of Japan, will meet in Tokyo.",
            ],
            &[
                ("Penny Lawton", "Foreign Minister of Australia"),
                ("Dewi Kartasasmita", "Foreign Minister of Indonesia"),
                ("Tanaka Yusuke", "Foreign Minister of Japan"),
            ],
        );
    }

    #[test]
    fn finds_people_named_beside_an_office_that_is_no_place() {
        assert_names_and_roles(
            &[
                "The Union was represented by Henrik Vallander, President of the European \
                 Council, and Marta Castellano, President of the European Commission.",
                "The Minister of External Affairs of India, Arvind Raghunathan, and the Minister \
                 of Foreign Affairs of Brazil, Helena Prado Azevedo, co-chaired the talks.",
                "They were joined by the Minister of Commerce and Industry, Vikram Deshpande.",
            ],
            &[
                ("Henrik Vallander", "President of the European Council"),
                ("Marta Castellano", "President of the European Commission"),
                (
                    "Arvind Raghunathan",
                    "Minister of External Affairs of India",
                ),
                (
                    "Helena Prado Azevedo",
                    "Minister of Foreign Affairs of Brazil",
                ),
                ("Vikram Deshpande", "Minister of Commerce and Industry"),
            ],
        );
    }

    #[test]
    fn finds_people_behind_highnesses_particles_and_offices_for_or_to_a_place() {
        assert_names_and_roles(
            &[
                "The Emir of Qatar, His Highness Sheikh Hamad bin Khalifa Al Kuwari, and the \
                 Minister of State for Energy of the United Arab Emirates, Dr. Noura Al Mansoori, \
                 met today.",
                "Chile's High Commissioner to Fiji, Ana-Maria Rojas, and Fiji's Cabinet Secretary \
                 for Trade and Industry, Dr. Epeli Naulu, will follow up.",
            ],
            &[
                ("Hamad bin Khalifa Al Kuwari", "Emir of Qatar"),
                (
                    "Noura Al Mansoori",
                    "Minister of State for Energy of the United Arab Emirates",
                ),
                ("Ana-Maria Rojas", "Chile's High Commissioner to Fiji"),
                (
                    "Epeli Naulu",
                    "Fiji's Cabinet Secretary for Trade and Industry",
                ),
            ],
        );
    }

    #[test]
    fn finds_people_with_roles_and_short_forms() {
        let found = people(
            drafter(),
            &[
                "President Joseph R. Biden, Jr. is honored to welcome Indonesian President Joko Widodo to Washington, D.C.",
                "President Biden and President Widodo commit to it.",
                "Biden welcomes Prime Minister of the Republic of Singapore Lee Hsien Loong.",
            ],
        );
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Joseph R. Biden, Jr.", "Joko Widodo", "Lee Hsien Loong"]
        );
        assert_eq!(found[1].role, "Indonesian President");
        assert_eq!(found[1].mention, "Indonesian President Joko Widodo");
        assert!(
            found[1]
                .short_forms
                .contains(&"President Widodo".to_string())
        );
        assert!(found[0].short_forms.contains(&"Biden".to_string()));
        assert_eq!(found[2].role, "Prime Minister of the Republic of Singapore");
        assert_names_and_roles(
            &[
                "The President of the Republic of Chile, Mr. Carlos Mendes, met Prime Minister Erik Lund.",
            ],
            &[
                ("Carlos Mendes", "President of the Republic of Chile"),
                ("Erik Lund", "Prime Minister"),
            ],
        );
        assert_names_and_roles(
            &[
                "At the invitation of His Excellency Lee Min-ho, President of the Republic of Korea, \
               His Excellency Dato' Seri Anwar Ibrahim, Prime Minister of Malaysia, visited Seoul.",
            ],
            &[
                ("Lee Min-ho", "President of the Republic of Korea"),
                ("Anwar Ibrahim", "Prime Minister of Malaysia"),
            ],
        );
    }

    #[test]
    fn reads_signature_columns() {
        let rows = [
            vec![
                "Hun",
                "Manet                                   ",
                "Anutin Charnvirakul",
            ],
            vec![
                "Prime Minister of the Kingdom     Prime",
                "Minister of the Kingdom",
            ],
            vec!["of", "Cambodia                 ", "of Thailand"],
            vec!["Witnessed", "by:                       ", "Witnessed by:"],
            vec!["Anwar Ibrahim                 ", "Donald J. Trump"],
        ];
        let s = signatories(drafter(), &rows);
        let names: Vec<(&str, &str, bool)> = s
            .iter()
            .map(|s| (s.name.as_str(), s.role.as_str(), s.witness))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "Hun Manet",
                    "Prime Minister of the Kingdom of Cambodia",
                    false
                ),
                (
                    "Anutin Charnvirakul",
                    "Prime Minister of the Kingdom of Thailand",
                    false
                ),
                ("Anwar Ibrahim", "", true),
                ("Donald J. Trump", "", true),
            ]
        );
    }

    /// The (short, long) pairs of the abbreviations `text` defines.
    fn abbreviation_pairs(text: &str) -> Vec<(String, String)> {
        abbreviations(drafter(), text)
            .into_iter()
            .map(|a| (a.short, a.long))
            .collect()
    }

    #[test]
    fn finds_abbreviation_definitions() {
        let text = "the U.S.-Indonesia Trade and Investment Framework Agreement (TIFA) and the Declaration on Zone of Peace, Freedom and Neutrality (ZOPFAN), the 2022 summit (2021-2025) and micro, small, and medium enterprises (MSMEs)";
        let found = abbreviation_pairs(text);
        assert_eq!(
            found,
            [
                (
                    "TIFA".to_string(),
                    "Trade and Investment Framework Agreement".to_string()
                ),
                (
                    "ZOPFAN".to_string(),
                    "Zone of Peace, Freedom and Neutrality".to_string()
                ),
                (
                    "MSMEs".to_string(),
                    "micro, small, and medium enterprises".to_string()
                ),
            ]
        );
        let text = "between the Indian Space Research Organisation (ISRO) and the Brazilian Space \
                    Agency (AEB)";
        assert_eq!(
            abbreviation_pairs(text),
            [(
                "ISRO".to_string(),
                "Indian Space Research Organisation".to_string()
            )],
            "AEB is not 'and the Brazilian Space Agency'"
        );
    }

    #[test]
    fn a_possessive_abbreviation_is_the_plain_one() {
        let text = "the Democratic People’s Republic of Korea’s (DPRK’s) nuclear programs";
        let found = abbreviation_pairs(text);
        assert_eq!(
            found,
            [(
                "DPRK".to_string(),
                "Democratic People’s Republic of Korea".to_string()
            )]
        );
    }

    #[test]
    fn details_are_seen_only_where_given() {
        assert!(details(drafter(), "launched in Manila in 1977").date);
        assert!(details(drafter(), "launched in Manila in 1977").place);
        assert!(!details(drafter(), "The two leaders welcome the plan.").count);
        assert!(details(drafter(), "three MoUs were exchanged").count);
        assert!(details(drafter(), "the $20 billion JETP").amount);
        // a currency sign of the pack, written against the number
        assert!(details(drafter(), "a shipbuilding fund of ₹25,000 crore").amount);
        assert!(details(drafter(), "a grant of €40 million").amount);
        assert!(!details(drafter(), "train 1 lakh young people").amount);
        assert!(details(drafter(), "a five-year renewal").duration);
        // a number of years is how long, not how many of what a question counts
        let ago = details(drafter(), "80 years ago, Marines arrived in Wellington");
        assert!(ago.duration && !ago.count);
        assert!(!details(drafter(), "respect for international law").place);
        assert!(details(drafter(), "two radar stations in the province of Palawan").place);
        assert!(!details(drafter(), "the rights of the province of Palawan").place);
        assert!(details(drafter(), "the U.S. Agency for International Development").organisation);
    }

    #[test]
    fn a_day_written_as_an_ordinal_of_a_month_is_a_date() {
        for dated in [
            "he held talks in Putrajaya on the 13th of May",
            "flights from the 1st of August",
        ] {
            let found = details(drafter(), dated);
            assert!(found.date && !found.count, "{dated}");
        }
        assert!(!details(drafter(), "the 9th meeting of the commission").date);
    }

    #[test]
    fn amounts_written_in_words_are_amounts() {
        for amount in [
            "trade reached eighteen billion US dollars in 2025",
            "to supply five hundred thousand tonnes of rice a year",
            "invest one billion dollars in industrial parks",
        ] {
            let found = details(drafter(), amount);
            assert!(found.amount, "{amount}");
        }
        let count = details(drafter(), "about thirty thousand workers are employed");
        assert!(count.count && !count.amount);
    }

    #[test]
    fn reads_dates() {
        assert_eq!(
            first_date(drafter(), "met on October 26, 2025, and")
                .unwrap()
                .0,
            "2025-10-26"
        );
        assert_eq!(
            first_date(drafter(), "on 5 May 2030").unwrap().0,
            "2030-05-05"
        );
        assert!(first_date(drafter(), "in May").is_none());
    }
}
