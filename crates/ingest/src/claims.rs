//! From paragraphs to claims: the sentences that become facts, with their answers and quotes.
//!
//! Every paragraph `check` counts ends up cited by some claim: a sentence is a claim; headings,
//! markup-only paragraphs and lead-ins too thin to be a claim are cited by the claim next to
//! them. A claim's answer is its sentence in plain words: markup gone, a leading connective
//! dropped, a paragraph's SHOUTED opening verb lowercased, first person ("We reaffirm our ...")
//! told in the third ("Cambodia and Thailand reaffirm their ..."), a list item joined to the verb
//! of its lead-in. Nothing is added that the sentence does not say; a claim whose sentence holds
//! no verbatim stretch long enough to quote is dropped (its paragraph is cited by a neighbour).

use std::collections::HashSet;
use std::ops::Range;

use super::document::{Document, Paragraph, Role, sentences};
use super::drafter::Drafter;
use communique_core::limits::MAX_ANSWER_CHARS;
use communique_core::voice::capitalise;

/// Longest answer the ingester writes; longer sentences are cut into claims at clause boundaries.
const MAX_CLAIM_CHARS: usize = 450;
/// Longest quote the ingester writes (the format allows 300).
const MAX_QUOTE_CHARS: usize = 200;
/// A sentence needs this many words to be a claim.
const MIN_CLAIM_WORDS: usize = 4;
/// A quote needs this many words.
const MIN_QUOTE_WORDS: usize = 3;

/// One claim of the statement: a sentence (or a clause of a long one) that becomes a fact.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Index of its paragraph in the document.
    pub paragraph: usize,
    /// Paragraphs it cites: its own, plus headings and markup paragraphs next to it.
    pub paragraphs: Vec<u32>,
    /// The sentence as cleaned text.
    pub text: String,
    pub answer: String,
    pub quote: String,
    /// Which heading's section it is in (0: before the first heading).
    pub section: usize,
    /// Text around it that says what it is about (its lead-in, its section heading).
    pub context: Vec<String>,
}

/// What the claims need to know about the whole statement.
#[derive(Debug, Clone, Default)]
pub struct Voice {
    /// How the parties are named in the third person ("Cambodia and Thailand").
    pub parties: String,
    /// Words written in capitals inside running text (acronyms), which stay capitals.
    pub acronyms: HashSet<String>,
    /// What stands for a word naming the day the statement was issued, `{word}` the word as
    /// written ("{word} (7 February 2025)"), when the statement's date is known.
    pub today: Option<String>,
}

/// The document's section headings, in order (section `n` is under heading `n - 1`).
pub fn headings(doc: &Document) -> Vec<String> {
    doc.paragraphs
        .iter()
        .filter(|p| p.role == Role::Heading)
        .map(|p| p.clean.text.trim_end_matches([':', '.']).trim().to_string())
        .collect()
}

/// The claims of `doc`, in order, and the paragraphs no claim could cite (to be cited by a fact
/// of the caller's: the signature block).
pub fn claims(d: &Drafter<'_>, doc: &Document, voice: &Voice) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    let mut pending: Vec<u32> = Vec::new();
    let mut section: usize = 0;
    let mut lead: Option<String> = None;
    let headings = headings(doc);
    // A lead-in whose items do not go on from it ("… the following documents were signed:"),
    // as the index of its claim, and the items under it so far.
    let mut list: Option<(usize, Vec<String>)> = None;
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        match paragraph.role {
            Role::Item => {
                if let Some((_, items)) = list.as_mut() {
                    items.push(list_item(d, &paragraph.clean.text, voice));
                }
            }
            Role::Empty => {}
            _ => close_list(list.take(), &mut out),
        }
        match paragraph.role {
            Role::Empty => match out.last_mut() {
                Some(last) if pending.is_empty() => last.paragraphs.push(paragraph.number),
                _ => pending.push(paragraph.number),
            },
            Role::Heading => {
                section += 1;
                lead = None;
                pending.push(paragraph.number);
            }
            Role::Title => pending.push(paragraph.number),
            Role::Signature => {}
            Role::Text | Role::Item => {
                if paragraph.role == Role::Text {
                    lead = lead_of(d, &paragraph.clean.text);
                }
                let item_lead = (paragraph.role == Role::Item)
                    .then_some(lead.as_deref())
                    .flatten();
                let context: Vec<String> = headings
                    .get(section.wrapping_sub(1))
                    .into_iter()
                    .cloned()
                    .chain(item_lead.map(str::to_string))
                    .collect();
                let before = out.len();
                let announces = paragraph.role == Role::Text
                    && lead.is_none()
                    && paragraph.clean.text.trim_end().ends_with(':');
                for claim in paragraph_claims(d, index, paragraph, voice, item_lead) {
                    out.push(Claim {
                        section,
                        context: context.clone(),
                        ..claim
                    });
                }
                match out.get_mut(before) {
                    Some(first) => {
                        let mut cited = std::mem::take(&mut pending);
                        cited.append(&mut first.paragraphs);
                        cited.sort_unstable();
                        // (a heading shares its number with the text right under it)
                        cited.dedup();
                        first.paragraphs = cited;
                    }
                    None => pending.push(paragraph.number),
                }
                if announces && out.len() > before {
                    list = Some((out.len() - 1, Vec::new()));
                }
            }
        }
    }
    close_list(list, &mut out);
    if let Some(last) = out.last_mut() {
        last.paragraphs.append(&mut pending);
        last.paragraphs.sort_unstable();
        last.paragraphs.dedup();
    }
    out
}

/// A list item standing alone under a lead-in it does not go on from, as an element of the
/// lead-in's list: in plain words, less its closing stop or join.
fn list_item(d: &Drafter<'_>, text: &str, voice: &Voice) -> String {
    let text = without_closing_join(d, text.trim()).trim_end_matches(['.', ';', ',']);
    let item = plain(d, text, voice, None);
    let item = item.trim_end_matches(['.', ';', ',']);
    if text.starts_with(char::is_lowercase) {
        lower_first(item)
    } else {
        item.to_string()
    }
}

/// Ends the list a lead-in announced: with two items or more, its claim lists them ("… the
/// following documents were signed: the Framework Agreement …; the Memorandum …"), so that it
/// answers "what was signed?" by itself (each item stays a claim of its own too). Items too long
/// to list whole are listed by what comes before their first comma ("Memorandum of
/// Understanding on Halal Cooperation, signed by …": the document, not its signatories).
fn close_list(list: Option<(usize, Vec<String>)>, out: &mut [Claim]) {
    let Some((index, items)) = list else {
        return;
    };
    let Some(claim) = out.get_mut(index) else {
        return;
    };
    if items.len() < 2 {
        return;
    }
    let lead = claim.answer.trim_end_matches(['.', ':']).to_string();
    let whole = items.join("; ");
    let heads = items
        .iter()
        .map(|item| {
            item.split_once(", ")
                .map_or(item.as_str(), |(head, _)| head)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let Some(listed) = [whole, heads]
        .into_iter()
        .find(|listed| format!("{lead}: {listed}.").chars().count() <= MAX_ANSWER_CHARS)
    else {
        return;
    };
    let answer = format!("{lead}: {listed}.");
    claim.text = format!("{}: {listed}.", claim.text.trim_end_matches(['.', ':']));
    claim.answer = answer;
}

/// The claims of one paragraph.
fn paragraph_claims(
    d: &Drafter<'_>,
    index: usize,
    paragraph: &Paragraph,
    voice: &Voice,
    lead: Option<&str>,
) -> Vec<Claim> {
    let text = &paragraph.clean.text;
    let mut out = Vec::new();
    for (k, sentence) in sentences(d, text).into_iter().enumerate() {
        let Some(sentence_text) = text.get(sentence.clone()) else {
            continue;
        };
        let words = sentence_text.split_whitespace().count();
        // A dateline ("Wellington, 14 March 2030") says nothing in words of its own.
        let lowercase = sentence_text
            .split_whitespace()
            .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
            .count();
        // (a row of a table, "June 2027: Second Dialogue, Ottawa", is an event, not a dateline)
        let row = paragraph
            .lines
            .first()
            .is_some_and(|line| line.trim_start().starts_with('|'));
        if words < MIN_CLAIM_WORDS
            || (lowercase < 2 && !row)
            || (sentence_text.trim_end().ends_with(':') && words < 8)
        {
            continue;
        }
        // "Agreement on Double Taxation. Lead: Ministry of Finance.": a sentence that opens with
        // one word and a colon tags the claim before it, and is read with it
        if let Some(previous) = out.last_mut().filter(|_| is_tag(sentence_text)) {
            join_tag(d, paragraph, previous, sentence_text, voice);
            continue;
        }
        let chunks = chunks(text, sentence.clone());
        for (c, chunk) in chunks.iter().enumerate() {
            let Some(chunk_text) = text.get(chunk.clone()) else {
                continue;
            };
            let Some(quote) = quote(paragraph, chunk.clone()) else {
                continue;
            };
            let lead = (k == 0).then_some(lead).flatten();
            let lead_in = chunks
                .first()
                .and_then(|first| text.get(first.clone()))
                .and_then(inner_lead);
            let answer = if c == 0 {
                plain(d, chunk_text, voice, lead)
            } else if let Some(lead_in) = lead_in {
                // "…, the two leaders will seek to: promote …; strengthen …": a later item reads
                // "The two leaders will seek to strengthen …", a sentence of its own.
                plain(d, &format!("{lead_in} {chunk_text}"), voice, None)
            } else {
                let joined = d
                    .writing
                    .continued
                    .replace("{head}", &head(sentence_text))
                    .replace("{rest}", chunk_text);
                plain(d, &joined, voice, lead)
            };
            out.push(Claim {
                paragraph: index,
                paragraphs: vec![paragraph.number],
                text: chunk_text.to_string(),
                answer: communique_core::text::truncate_chars(&answer, MAX_ANSWER_CHARS),
                quote,
                section: 0,
                context: Vec::new(),
            });
        }
    }
    out
}

/// Whether `sentence` opens with one capitalised word and a colon, then says what it tags
/// ("Lead: Ministry of Finance.", "Venue: Oslo."): no sentence of its own.
fn is_tag(sentence: &str) -> bool {
    sentence.split_once(": ").is_some_and(|(tag, rest)| {
        tag.starts_with(char::is_uppercase)
            && tag.chars().all(char::is_alphabetic)
            && !rest.trim().is_empty()
    })
}

/// Adds the tag sentence `sentence` ([`is_tag`]) to the claim before it: its text, its answer
/// and, when the two run on in the source, its quote.
fn join_tag(
    d: &Drafter<'_>,
    paragraph: &Paragraph,
    previous: &mut Claim,
    sentence: &str,
    voice: &Voice,
) {
    let answer = format!("{} {}", previous.answer, plain(d, sentence, voice, None));
    previous.answer = communique_core::text::truncate_chars(&answer, MAX_ANSWER_CHARS);
    let quote = format!("{} {sentence}", previous.quote);
    if paragraph.clean.text.contains(&quote) && previous.text == previous.quote {
        previous.quote = quote;
    }
    previous.text = format!("{} {sentence}", previous.text);
}

/// The clause that a colon inside a sentence's first clause leads into its list with ("To chart a
/// course …, *the two leaders will seek to*: promote …"), from the last comma before the colon: at
/// least two words and at most [`MAX_INNER_LEAD_WORDS`].
fn inner_lead(first: &str) -> Option<String> {
    let (before, _) = first.split_once(": ")?;
    let clause = before.rsplit_once(", ").map_or(before, |(_, c)| c).trim();
    let words = clause.split_whitespace().count();
    (2..=MAX_INNER_LEAD_WORDS)
        .contains(&words)
        .then(|| clause.to_string())
}

/// The most words of a lead-in inside a sentence ([`inner_lead`]).
const MAX_INNER_LEAD_WORDS: usize = 12;

/// The first words of a sentence, to open the answer of a later clause of it.
fn head(sentence: &str) -> String {
    sentence
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([',', ';', ':'])
        .to_string()
}

/// Cuts the sentence `range` of `text` into clauses of at most [`MAX_CLAIM_CHARS`], at "; " where
/// possible, else at ", ".
fn chunks(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    if range.len() <= MAX_CLAIM_CHARS {
        return vec![range];
    }
    let mut out = Vec::new();
    let mut start = range.start;
    while range.end - start > MAX_CLAIM_CHARS {
        let window = text.get(start..start + MAX_CLAIM_CHARS).unwrap_or("");
        let cut = window
            .rfind("; ")
            .filter(|c| *c > MAX_CLAIM_CHARS / 3)
            .or_else(|| window.rfind(", ").filter(|c| *c > MAX_CLAIM_CHARS / 3))
            .or_else(|| window.rfind(' '))
            .map_or(MAX_CLAIM_CHARS, |c| c + 1);
        let mut end = start + cut;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push(start..end);
        start = end;
        while text.get(start..start + 1) == Some(" ") {
            start += 1;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// A verbatim quote from the clean range `range` of `paragraph`: its longest unbroken stretch of
/// source text, cut to [`MAX_QUOTE_CHARS`] at word boundaries.
fn quote(paragraph: &Paragraph, range: Range<usize>) -> Option<String> {
    verbatim_quote(paragraph, range, MIN_QUOTE_WORDS)
}

/// [`quote`], with at least `min_words` words.
pub fn verbatim_quote(
    paragraph: &Paragraph,
    range: Range<usize>,
    min_words: usize,
) -> Option<String> {
    let clean = &paragraph.clean;
    let best = clean
        .verbatim_runs(range)
        .into_iter()
        .max_by_key(|r| (r.len(), std::cmp::Reverse(r.start)))?;
    let text = clean.verbatim(best)?;
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    let cut = cut_at_word(trimmed, MAX_QUOTE_CHARS)
        .trim_end_matches([',', ';', ':', ' '])
        .to_string();
    (cut.split_whitespace().count() >= min_words.max(1)).then_some(cut)
}

/// `text` cut to at most `max` bytes at a word boundary.
pub fn cut_at_word(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = text.get(..end).unwrap_or(text);
    window
        .rfind(' ')
        .and_then(|s| window.get(..s))
        .unwrap_or(window)
}

/// The verb phrase of a lead-in ending with ":" that its list items continue ("agree to",
/// "declare to"), told by whom ("We hereby declare to:" → "We declare to"): the last of the
/// pack's `lead_in_subjects`, then at most four words up to one of its `lead_in_ends`, less its
/// `lead_in_fillers`; else a short last sentence ending with one ("The leaders agreed to:").
fn lead_of(d: &Drafter<'_>, text: &str) -> Option<String> {
    let body = text.trim_end().strip_suffix(':')?;
    subject_lead(d, body)
        .or_else(|| sentence_lead(d, body))
        .or_else(|| bare_subject(d, body))
}

/// A lead-in that is the parties alone ("The leaders:", "The two sides:"): at most
/// [`MAX_BARE_SUBJECT_WORDS`] words opening with a capital and ending with one of the pack's
/// `party_nouns`. Its items ("• Welcomed the first exercise …") are what they did.
fn bare_subject(d: &Drafter<'_>, body: &str) -> Option<String> {
    let body = body.trim();
    let words = body.split_whitespace().count();
    ((2..=MAX_BARE_SUBJECT_WORDS).contains(&words)
        && body.starts_with(char::is_uppercase)
        && is_bare_subject(d, body))
    .then(|| body.to_string())
}

/// Whether a lead-in ends with one of the pack's `party_nouns` ("The leaders"): it names who
/// acts, and every item under it goes on from it.
fn is_bare_subject(d: &Drafter<'_>, lead: &str) -> bool {
    lead.rsplit(' ')
        .next()
        .is_some_and(|last| Drafter::has(&d.reading.party_nouns, &last.to_lowercase()))
}

/// The most words of a lead-in that names the parties alone ([`bare_subject`]).
const MAX_BARE_SUBJECT_WORDS: usize = 4;

/// [`lead_of`] told by the parties' "we" (`body`: the paragraph less its final ":").
fn subject_lead(d: &Drafter<'_>, body: &str) -> Option<String> {
    let r = d.reading;
    let words: Vec<&str> = body.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let subject = lower
        .iter()
        .rposition(|w| Drafter::has(&r.lead_in_subjects, w))?;
    let after = lower.get(subject + 1..)?;
    let end = after
        .iter()
        .position(|w| Drafter::has(&r.lead_in_ends, w))
        .filter(|&end| end <= 3)?;
    let verb: Vec<&str> = after
        .get(..=end)?
        .iter()
        .filter(|w| !Drafter::has(&r.lead_in_fillers, w))
        .map(String::as_str)
        .collect();
    // ("By 2030, we aim to:": a dated opening before the subject, up to its comma, says when
    // every item is done, and stays; "To do this, we agree to:" goes)
    let opening = words
        .get(..subject)
        .filter(|before| before.last().is_some_and(|w| w.ends_with(',')))
        .filter(|before| {
            !before
                .iter()
                .any(|w| w.ends_with(['.', '!', '?', ';', ':']))
        })
        .map(|before| before.join(" "))
        .filter(|opening| super::entities::details(d, opening).date);
    match opening {
        Some(opening) => Some(format!(
            "{opening} {} {}",
            lower.get(subject)?,
            verb.join(" ")
        )),
        None => Some(format!(
            "{} {}",
            capitalise(lower.get(subject)?),
            verb.join(" ")
        )),
    }
}

/// A lead-in told by someone else than the parties' "we": the last sentence of `body` (a
/// paragraph less its final ":"), when it is short, opens with a capital and ends with one of the
/// pack's `lead_in_ends` ("The two leaders agreed to:"), less its `lead_in_fillers`.
fn sentence_lead(d: &Drafter<'_>, body: &str) -> Option<String> {
    let r = d.reading;
    let last = sentences(d, body).into_iter().last()?;
    let whole = body.get(last)?.trim();
    // ("The two Leaders agreed on the following:" leads with "The two Leaders agreed")
    let sentence = r
        .lead_in_following
        .iter()
        .find_map(|f| whole.strip_suffix(f.as_str())?.strip_suffix(' '))
        .unwrap_or(whole);
    let following = sentence.len() < whole.len();
    let words: Vec<&str> = sentence
        .split_whitespace()
        .filter(|w| !Drafter::has(&r.lead_in_fillers, &w.to_lowercase()))
        .collect();
    let ends = following
        || words
            .last()
            .is_some_and(|w| Drafter::has(&r.lead_in_ends, &w.to_lowercase()));
    (ends
        && (3..=MAX_SENTENCE_LEAD_WORDS).contains(&words.len())
        && sentence.starts_with(char::is_uppercase))
    .then(|| words.join(" "))
}

/// `text` less a list join closing it after a comma or semicolon (a list item's "…; and").
fn without_closing_join<'t>(d: &Drafter<'_>, text: &'t str) -> &'t str {
    d.reading
        .list_joins
        .iter()
        .find_map(|join| {
            let rest = text.strip_suffix(join.as_str())?;
            rest.strip_suffix(' ').filter(|r| r.ends_with([';', ',']))
        })
        .unwrap_or(text)
}

/// The most words of a lead-in sentence ([`sentence_lead`]).
const MAX_SENTENCE_LEAD_WORDS: usize = 8;

/// `text` without a leading connective ("Additionally, ").
pub fn without_connective<'t>(d: &Drafter<'_>, text: &'t str) -> &'t str {
    d.connectives
        .iter()
        .find_map(|c| text.strip_prefix(c.as_str()))
        .unwrap_or(text)
}

/// The sentence `text` in plain words (see the module documentation).
pub fn plain(d: &Drafter<'_>, text: &str, voice: &Voice, lead: Option<&str>) -> String {
    let mut s = lowercase_shouting(text.trim(), &voice.acronyms);
    for connective in &d.connectives {
        if let Some(rest) = s.strip_prefix(connective.as_str()) {
            s = rest.to_string();
        }
    }
    // ("WHEREAS the two countries …;": a preamble's clause says what it says without its word)
    if let Some((opening, rest)) = s.split_once(' ')
        && Drafter::has(&d.reading.preamble_words, &opening.to_lowercase())
    {
        s = rest.to_string();
    }
    let first = s.split_whitespace().next().unwrap_or("").to_lowercase();
    let ends_open = |lead: &str| {
        let last = lead.rsplit(' ').next().unwrap_or("").to_lowercase();
        Drafter::has(&d.reading.lead_in_ends, &last)
    };
    // (a lead-in that ended "on the following" opens only items that go on from it: "to …")
    if let Some(lead) = lead.filter(|l| {
        ends_open(l) || is_bare_subject(d, l) || Drafter::has(&d.reading.lead_in_ends, &first)
    }) {
        // ("We agree to:" + "agree to open …": the item repeats the lead-in's verb; "By 2030, we
        // aim to:" + "aim to train …" keeps the lead-in's opening)
        let lead_words: Vec<&str> = lead.split_whitespace().collect();
        let repeated = lead_words
            .iter()
            .skip(1)
            .position(|w| w.to_lowercase() == first)
            .and_then(|p| lead_words.get(..=p));
        s = match repeated {
            Some(before) => format!("{} {}", before.join(" "), lower_first(&s)),
            None => format!("{lead} {}", lower_first(&s)),
        };
    }
    let s = third_person(d, &s, &voice.parties);
    let s = match &voice.today {
        Some(date) => dated(d, &s, date),
        None => s,
    };
    let s = without_closing_join(d, s.trim_end_matches([';', ',', ':', ' ']));
    let s = capitalise(s.trim_end_matches([';', ',', ':', ' ']));
    if s.ends_with(['.', '!', '?', ')', '”', '"']) {
        s
    } else {
        format!("{s}.")
    }
}

/// Lowercases the words written in capitals at the start ("ESTABLISH the …", "WE HEREBY …")
/// unless they are acronyms the statement also uses in running text.
fn lowercase_shouting(text: &str, acronyms: &HashSet<String>) -> String {
    let mut out = Vec::new();
    let mut shouting = true;
    for word in text.split(' ') {
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        let caps = letters.chars().count() > 1 && letters.chars().all(char::is_uppercase);
        if shouting && caps && !acronyms.contains(&letters) {
            out.push(word.to_lowercase());
        } else {
            shouting = false;
            out.push(word.to_string());
        }
    }
    out.join(" ")
}

/// "We reaffirm our commitment" → "Cambodia and Thailand reaffirm their commitment": the pack's
/// `person_shift` words retold, and a subject of `lead_in_subjects` opening the sentence named
/// ("We …" → "Cambodia and Thailand …"; "We, the Prime Minister …" → "The Prime Minister …").
fn third_person(d: &Drafter<'_>, text: &str, parties: &str) -> String {
    let r = d.reading;
    let mut words: Vec<String> = Vec::new();
    let mut rest = text;
    let opening = rest.split(' ').next().unwrap_or("");
    let mut quoted = quoted_words(text).into_iter();
    if quoted.clone().next().unwrap_or(false) {
        // (a quotation's words are the speaker's own: "We want …," said the Prime Minister)
    } else if let Some(subject) = opening
        .strip_suffix(',')
        .filter(|w| Drafter::has(&r.lead_in_subjects, &w.to_lowercase()))
    {
        rest = rest.get(subject.len() + 2..).unwrap_or("");
        quoted.next();
    } else if !parties.is_empty() && Drafter::has(&r.lead_in_subjects, &opening.to_lowercase()) {
        words.push(parties.to_string());
        rest = rest.get(opening.len() + 1..).unwrap_or("");
        quoted.next();
    }
    for word in rest.split(' ') {
        if quoted.next().unwrap_or(false) {
            words.push(word.to_string());
            continue;
        }
        let (core, tail) = split_punctuation(word);
        let lower = core.to_lowercase();
        let shifted = r
            .person_shift
            .iter()
            .find(|pair| pair.first() == Some(&lower))
            .and_then(|pair| pair.get(1));
        let replaced = match shifted {
            // (as written: lowercase, or capitalised; "US" is no pronoun)
            Some(third) if core == lower => third.clone(),
            Some(third) if core == capitalise(&lower) => capitalise(third),
            _ => core.to_string(),
        };
        words.push(format!("{replaced}{tail}"));
    }
    words.join(" ")
}

/// Whether `word` (as written, punctuation around it) names the day the statement was issued
/// ("today", "Today,"), and not as a possessive ("today's challenges").
pub fn names_today(d: &Drafter<'_>, word: &str) -> bool {
    let (core, tail) = split_punctuation(word);
    !tail.starts_with(['’', '\'']) && Drafter::has(&d.reading.today, &core.to_lowercase())
}

/// Whether `text` has a word naming the day the statement was issued.
pub fn says_today(d: &Drafter<'_>, text: &str) -> bool {
    text.split_whitespace().any(|w| names_today(d, w))
}

/// `text` with each word naming the day the statement was issued written with its date, by the
/// template `dated` ("met today in Washington" → "met today (7 February 2025) in Washington").
fn dated(d: &Drafter<'_>, text: &str, dated: &str) -> String {
    if !says_today(d, text) {
        return text.to_string();
    }
    text.split(' ')
        .zip(quoted_words(text))
        .map(|(word, quoted)| {
            // (a quotation is not reworded: "today" stays as the speaker said it)
            if quoted || !names_today(d, word) {
                return word.to_string();
            }
            let (core, tail) = split_punctuation(word);
            format!("{}{tail}", dated.replace("{word}", core))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// For each word of `text` (split at spaces), whether it is inside a quotation: from a word
/// opening with a quotation mark to the word closing it. A sentence cut from a quotation of
/// several sentences is inside it up to the mark that closes it ("We want more jobs," said the
/// Prime Minister), or from the mark that opens it to its end.
fn quoted_words(text: &str) -> Vec<bool> {
    const OPEN: [char; 2] = ['"', '“'];
    const CLOSE: [char; 2] = ['"', '”'];
    let words: Vec<&str> = text.split(' ').collect();
    // ("(“NextG”)": a name in quotation marks inside brackets opens and closes its quotation)
    let opens = |w: &str| w.trim_start_matches(['(', '[']).starts_with(OPEN);
    let closes = |w: &str| {
        let core = w.trim_end_matches(|c: char| !c.is_alphanumeric() && !CLOSE.contains(&c));
        core.ends_with(CLOSE) && core.chars().count() > 1
    };
    // (the first mark closes a quotation: the sentence began inside it)
    let mut inside = words
        .iter()
        .find(|w| opens(w) || closes(w))
        .is_some_and(|w| !opens(w));
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if opens(word) {
            inside = true;
        }
        out.push(inside);
        if closes(word) {
            inside = false;
        }
    }
    out
}

fn split_punctuation(word: &str) -> (&str, &str) {
    let end = word
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_alphanumeric())
        .last()
        .map_or(word.len(), |(i, _)| i);
    (
        word.get(..end).unwrap_or(word),
        word.get(end..).unwrap_or(""),
    )
}

fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let is_name = first_word.chars().skip(1).any(char::is_uppercase);
    if is_name {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words in capitals that the statement uses inside running text: acronyms ("ASEAN", "JETP").
pub fn acronyms(doc: &Document) -> HashSet<String> {
    let mut out = HashSet::new();
    for paragraph in &doc.paragraphs {
        let words: Vec<&str> = paragraph.clean.text.split(' ').collect();
        let mut shouting = true;
        for word in words {
            let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = letters.chars().count() > 1 && letters.chars().all(char::is_uppercase);
            if !caps {
                shouting = false;
            } else if !shouting {
                out.insert(letters);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafter::tests::drafter;

    fn voice() -> Voice {
        Voice {
            parties: "Cambodia and Thailand".to_string(),
            acronyms: ["ASEAN".to_string()].into_iter().collect(),
            today: None,
        }
    }

    #[test]
    fn a_tag_sentence_is_read_with_the_claim_before_it() {
        assert!(is_tag("Lead: Ministry of Finance; Revenue Board."));
        assert!(!is_tag("The leaders agreed: trade must grow."));
        assert!(!is_tag("Lead:"));
    }

    #[test]
    fn a_quotation_is_not_reworded() {
        let voice = Voice {
            today: Some("{word} (7 February 2030)".to_string()),
            ..voice()
        };
        let plain = |text: &str| plain(drafter(), text, &voice, None);
        assert_eq!(
            plain("\"Today we give our friendship a plan,\" said the President."),
            "\"Today we give our friendship a plan,\" said the President.",
            "a quotation is the speaker's words"
        );
        assert_eq!(
            plain("We want more jobs,” said the Prime Minister, and we agreed today."),
            "We want more jobs,” said the Prime Minister, and they agreed today (7 February 2030).",
            "a sentence cut from a longer quotation is quoted up to its closing mark"
        );
        assert_eq!(
            plain("The leaders said: “We will act today."),
            "The leaders said: “We will act today.",
            "a quotation opened and not closed runs to the end"
        );
        assert_eq!(
            plain("We plan to build networks (“NextG”) in the region."),
            "Cambodia and Thailand plan to build networks (“NextG”) in the region.",
            "a name quoted in brackets is no quotation the sentence began in"
        );
        assert_eq!(
            plain("We agreed today."),
            "Cambodia and Thailand agreed today (7 February 2030).",
            "no quotation, as before"
        );
    }

    #[test]
    fn today_is_written_as_the_statements_date() {
        let voice = Voice {
            today: Some("{word} (7 February 2030)".to_string()),
            ..voice()
        };
        assert_eq!(
            plain(
                drafter(),
                "The leaders met today in Wellington.",
                &voice,
                None
            ),
            "The leaders met today (7 February 2030) in Wellington."
        );
        assert_eq!(
            plain(
                drafter(),
                "Today, the leaders agreed to meet.",
                &voice,
                None
            ),
            "Today (7 February 2030), the leaders agreed to meet."
        );
        assert_eq!(
            plain(
                drafter(),
                "Today’s challenges demand closer ties.",
                &voice,
                None
            ),
            "Today’s challenges demand closer ties."
        );
        assert_eq!(
            plain(drafter(), "The leaders met today.", &self::voice(), None),
            "The leaders met today."
        );
    }

    #[test]
    fn answers_in_the_third_person() {
        assert_eq!(
            plain(
                drafter(),
                "We reaffirm our firm commitment to peace between us.",
                &voice(),
                None
            ),
            "Cambodia and Thailand reaffirm their firm commitment to peace between them."
        );
        assert_eq!(
            plain(
                drafter(),
                "We, the Prime Minister of Cambodia, declare the following:",
                &voice(),
                None
            ),
            "The Prime Minister of Cambodia, declare the following."
        );
    }

    #[test]
    fn a_lead_in_inside_a_sentence_opens_its_later_clauses() {
        assert_eq!(
            inner_lead(
                "To chart a course for growth, the two leaders will seek to: promote trade;"
            )
            .as_deref(),
            Some("the two leaders will seek to")
        );
        assert_eq!(inner_lead("The leaders agreed to promote trade;"), None);
    }

    #[test]
    fn a_lead_in_lists_the_items_that_do_not_go_on_from_it() {
        let source = "# title: T\n# date: 2030-01-02\n\
                      1. In the margins of the summit, the following documents were signed:\n\n\
                      (a) the Agreement on Fisheries;\n\n(b) the Memorandum on Energy; and\n\n\
                      (c) the Arrangement on Ports.\n\n2. The leaders will meet again in 2031.\n";
        let doc = crate::document::read(drafter(), source);
        let claims = claims(drafter(), &doc, &voice());
        assert_eq!(
            claims.first().map(|c| c.answer.as_str()),
            Some(
                "In the margins of the summit, the following documents were signed: the \
                 Agreement on Fisheries; the Memorandum on Energy; the Arrangement on Ports."
            )
        );
        assert!(
            claims
                .iter()
                .any(|c| c.answer == "The leaders will meet again in 2031."),
            "the list ends at the next paragraph"
        );
    }

    #[test]
    fn a_list_too_long_to_give_whole_lists_what_its_items_name() {
        let signed = "signed by the Minister of Agriculture and Food Security of the one country, \
                      who chairs the joint commission on food and farming, and the Minister of \
                      Industry and Trade of the other country, who leads its working group";
        let source = format!(
            "# title: T\n# date: 2030-01-02\n\
             The following documents were exchanged in the presence of the two leaders:\n\n\
             i. Memorandum of Understanding on Fisheries, {signed};\n\
             ii. Memorandum of Understanding on Energy, {signed};\n\
             iii. Agreement on Ports, {signed}.\n"
        );
        let doc = crate::document::read(drafter(), &source);
        let claims = claims(drafter(), &doc, &voice());
        assert_eq!(
            claims.first().map(|c| c.answer.as_str()),
            Some(
                "The following documents were exchanged in the presence of the two leaders: \
                 Memorandum of Understanding on Fisheries; Memorandum of Understanding on Energy; \
                 Agreement on Ports."
            )
        );
    }

    #[test]
    fn items_under_the_parties_alone_say_what_they_did() {
        let source = "# title: T\n# date: 2030-01-02\nThe leaders:\n\n\
                      \u{2022} Welcomed the first joint exercise, held in July.\n\
                      \u{2022} Agreed to open a coordination cell by 2031.\n";
        let doc = crate::document::read(drafter(), source);
        let answers: Vec<String> = claims(drafter(), &doc, &voice())
            .into_iter()
            .map(|c| c.answer)
            .collect();
        assert_eq!(
            answers,
            [
                "The leaders welcomed the first joint exercise, held in July.",
                "The leaders agreed to open a coordination cell by 2031."
            ]
        );
    }

    #[test]
    fn joins_items_to_their_lead_in() {
        let lead = lead_of(drafter(), "WE HEREBY DECLARE TO:").map(|l| l.to_lowercase());
        assert_eq!(lead.as_deref(), Some("we declare to"));
        assert_eq!(
            lead_of(drafter(), "Trade grew. The two leaders agreed to:").as_deref(),
            Some("The two leaders agreed to")
        );
        assert_eq!(
            lead_of(
                drafter(),
                "They plan, over the coming decade and beyond, to:"
            ),
            None,
            "too long to open an item"
        );
        let lead = lead_of(drafter(), "To do this, we agree to the following steps:");
        assert_eq!(lead.as_deref(), Some("We agree to"));
        let lead = lead_of(drafter(), "By 2030, we aim to:");
        assert_eq!(
            lead.as_deref(),
            Some("By 2030, we aim to"),
            "a dated opening stays"
        );
        assert_eq!(
            plain(drafter(), "Aim to open a port", &voice(), lead.as_deref()),
            "By 2030, they aim to open a port."
        );
        assert_eq!(
            plain(
                drafter(),
                "ESTABLISH the ASEAN partnership",
                &voice(),
                Some("We declare to")
            ),
            "Cambodia and Thailand declare to establish the ASEAN partnership."
        );
        assert_eq!(
            plain(
                drafter(),
                "Agree to the full implementation",
                &voice(),
                Some("We agree to")
            ),
            "Cambodia and Thailand agree to the full implementation."
        );
        // a lead-in announcing its list opens the items that go on from it
        let lead = lead_of(drafter(), "The two Leaders agreed on the following:");
        assert_eq!(lead.as_deref(), Some("The two Leaders agreed"));
        assert_eq!(
            plain(
                drafter(),
                "to set up a joint committee; and",
                &voice(),
                lead.as_deref()
            ),
            "The two Leaders agreed to set up a joint committee."
        );
        assert_eq!(
            plain(
                drafter(),
                "A joint committee will meet yearly;",
                &voice(),
                lead.as_deref()
            ),
            "A joint committee will meet yearly."
        );
    }

    #[test]
    fn keeps_acronyms_and_drops_connectives() {
        assert_eq!(
            plain(drafter(), "ASEAN leaders met.", &voice(), None),
            "ASEAN leaders met."
        );
        assert_eq!(
            plain(drafter(), "Furthermore, they met", &voice(), None),
            "They met."
        );
        assert_eq!(
            plain(
                drafter(),
                "WHEREAS the two countries signed a treaty in 1990;",
                &voice(),
                None
            ),
            "The two countries signed a treaty in 1990."
        );
    }

    #[test]
    fn long_sentences_are_cut_at_clauses() {
        let text = format!("{}; {}.", "a".repeat(300), "b ".repeat(150));
        let parts = chunks(&text, 0..text.len());
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|r| r.len() <= MAX_CLAIM_CHARS));
        assert_eq!(parts[0].end, 301, "cut after the semicolon");
    }
}
