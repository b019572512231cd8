//! Question analysis: what kind of answer is asked for, and which terms it is about.
//!
//! A message is first cut into its question and its context ([`super::message`]). The kind comes
//! from the question's words ("who", "how many", "what year", a leading "did"); it is checked
//! against the kinds a fact declares, which is how the engine notices a question asking for a
//! detail the statement does not give. Typos are corrected here, before stemming, so "whn was the
//! climte dialog launched" is read as "when was the climate dialog launched". Every term carries a
//! weight: the question's own words count fully; the statement's words in the context count less,
//! and other words in the context, or about the asker ("my lecturer"), not at all.

use std::collections::BTreeMap;

use crate::knowledge::{Kind, QuestionWords, WordList};
use crate::lexicon::{Lexicon, Relation};

use crate::text::Message;

use super::index::{Index, Reading, Term};
use super::message::{Part, is_possessive, parts};

/// How much a statement word in the context of a message counts, against one in its question:
/// when the question names nothing of the statement ("…the look east policy, what does the
/// statement say about it?"), and when it does ("my family is into sustainability. what did they
/// pledge on climate?").
const CONTEXT_WEIGHT: f32 = 0.5;
const CONTEXT_WEIGHT_BESIDE: f32 = 0.2;

/// How much a chatter word ("lol", "sister", "favourite") in the question itself counts against
/// an answer, against a content word: little, but enough that a question about the asker's or a
/// leader's private life is not answered from the statement.
const CHATTER_WEIGHT: f32 = 0.3;

/// A question, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub kind: Kind,
    /// The question's tokens after typo correction (context left out).
    pub tokens: Vec<String>,
    /// (typed, corrected) pairs.
    pub corrections: Vec<(String, String)>,
    /// The terms of the question and its context.
    pub terms: Vec<Term>,
    /// How each of `terms` counts (same length).
    pub weights: Vec<Weight>,
    /// Words read as chatter or context and left out of the question.
    pub dropped: Vec<String>,
    /// Words read through the lexicon: (typed, the statement's concept it was taken for).
    pub related: Vec<(String, String)>,
    /// The question asks whether the statement mentions something ("did they discuss X?", "is
    /// there an MoU on X?").
    pub asks_mention: bool,
    /// In a "how many" question, what is counted ("how many *MoUs*"): its first content term.
    pub counted: Option<Term>,
    /// The question asks about what is yet to come ("when *will* the next dialogue meet?"; of a
    /// "where" question, by a word the statement never uses: "where is the *next* one?").
    pub future: bool,
    /// A "when" question asks for a day, not a year ("on what *exact date* …?").
    pub precise: bool,
    /// A "when" question asks for a start in the past ("*since* when …?").
    pub since: bool,
    /// A "when" question asks for a month ("in *which month* …?").
    pub monthly: bool,
    /// A "when" question asks for a time of day ("*what time* …?").
    pub clock: bool,
    /// A "who" question asks for a person, not an organisation or an office ("which *prime
    /// minister* …?").
    pub person: bool,
    /// Words of the question that tell of an event undone or refused ("why did they *reject*
    /// the FTA?"): a fact that does not tell of it answers a false premise.
    pub premises: Vec<String>,
    /// The concepts the message sets aside ("*apart from the FTA*, what did they agree?", "what
    /// else *besides hydrogen*?"): a fact they name is not the answer, though they stay the
    /// question's words (the topic the question is about).
    pub excluded: Vec<String>,
}

/// What a question asks for, as facts are checked against it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Asked<'a> {
    pub kind: Kind,
    pub counted: Option<&'a Term>,
    pub future: bool,
    pub precise: bool,
    pub since: bool,
    pub monthly: bool,
    pub clock: bool,
    pub person: bool,
    /// The question's own tokens (folded): "how much of the *NOK 1.2 billion* …" already names
    /// a figure, and a fact whose only figure it is does not tell how much.
    pub tokens: &'a [String],
}

impl<'a> Asked<'a> {
    /// Just a kind of detail (context rankings, which have no question of their own).
    pub fn kind(kind: Kind) -> Asked<'a> {
        Asked {
            kind,
            counted: None,
            future: false,
            precise: false,
            since: false,
            monthly: false,
            clock: false,
            person: false,
            tokens: &[],
        }
    }
}

/// How much a term of a question counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    /// Its share of the question: 1 for the question's own words, less for context and for
    /// words of little information.
    pub importance: f32,
    /// How far a fact that carries the term explains it: 1 for the word itself, less for a word
    /// taken for a related one ("job" for "role").
    pub trust: f32,
}

impl Weight {
    /// A word of the question itself.
    pub const FULL: Weight = Weight {
        importance: 1.0,
        trust: 1.0,
    };

    /// A word counting `importance`, trusted fully.
    pub fn of(importance: f32) -> Weight {
        Weight {
            importance,
            trust: 1.0,
        }
    }
}

impl Analysis {
    /// What the question asks for.
    pub fn asked(&self) -> Asked<'_> {
        Asked {
            kind: self.kind,
            counted: self.counted.as_ref(),
            future: self.future,
            precise: self.precise,
            since: self.since,
            monthly: self.monthly,
            clock: self.clock,
            person: self.person,
            tokens: &self.tokens,
        }
    }

    /// The terms with their weights, for ranking.
    pub fn weighted(&self) -> Vec<(Term, Weight)> {
        self.terms
            .iter()
            .cloned()
            .zip(self.weights.iter().copied())
            .collect()
    }
}

/// Reads a message (as typed or translated) as people write it: its question, its context and
/// the asker's chatter. The one analysis of a message: small talk, clarification choices,
/// follow-ups and ranking all work from it.
pub fn read(index: &Index, message: &Message) -> Analysis {
    let language = index.language();
    let mut corrections = Vec::new();
    let topical = |t: &str| index.word(t).topical();
    let mut pieces: Vec<Part> = parts(message, language, &topical);
    for part in &mut pieces {
        part.tokens = correct(index, std::mem::take(&mut part.tokens), &mut corrections);
    }
    let question: Vec<String> = pieces
        .iter()
        .filter(|p| p.asks)
        .flat_map(|p| p.tokens.iter().cloned())
        .collect();
    let words = &language.question;
    let mut excluded = Vec::new();
    for part in &pieces {
        if says(&part.tokens, &words.exclusions) {
            set_aside(index, &part.tokens, &mut excluded);
        }
    }
    let lexicon = language.lexicon.as_ref().and_then(|l| l.lexicon());
    let (kind, kind_words) = read_kind(words, lexicon, &question, &|t| index.knows(t));
    let asks_mention = asks_mention(words, kind, &question);
    let since = kind == Kind::When && asks_since(words, &pieces, &question);
    let mut terms = Vec::new();
    let mut weights = Vec::new();
    let mut dropped = Vec::new();
    let mut related = Vec::new();
    let mut at = 0;
    for part in pieces {
        if !part.asks {
            for term in index.terms(&part.tokens) {
                match term {
                    Term::Unknown(word) => dropped.push(word),
                    Term::Generic => {}
                    concept => {
                        terms.push(concept);
                        weights.push(Weight::of(CONTEXT_WEIGHT));
                    }
                }
            }
            continue;
        }
        let mut kept = Vec::with_capacity(part.tokens.len());
        let mut personal = false;
        // (the token before, copied into one buffer: a copy of each token cost an allocation)
        let mut previous = String::new();
        let mut phrase = String::new();
        for token in part.tokens {
            let position = at;
            at += 1;
            // "anwar's *job*", "his *job*": the office held, which asks the role, as "role" does.
            // ("*anwars* job": chat drops the possessive's apostrophe, see `chat_possessive`)
            let office = !previous.is_empty()
                && (words.offices.contains_pair(&previous, &token, &mut phrase)
                    || (words.offices.contains_pair("s", &token, &mut phrase)
                        && chat_possessive(index, lexicon, &previous)));
            previous.clear();
            previous.push_str(&token);
            // ("*besides* hydrogen": the word that sets aside is no topic; see `set_aside`)
            if kind_words.contains(&Some(position)) || office || words.exclusions.contains(&token) {
                continue;
            }
            // "my lecturer asked", "for my econ assignment": the asker's own things, up to the
            // next filler word.
            if is_possessive(&token, language) {
                personal = true;
                continue;
            }
            if personal && !index.word(&token).generic {
                dropped.push(token);
                continue;
            }
            personal = false;
            kept.push(token);
        }
        let kept = unchosen_alternatives(index, join_lexicon_phrases(index, kept), &mut dropped);
        // "visit *Kuala Lumpur*", "in *Putrajaya*": a place named as a place, not for its
        // country ("what did Putrajaya agree?").
        let located: Vec<&String> = kept
            .windows(2)
            .filter(|pair| {
                pair.first()
                    .is_some_and(|w| language.message.locatives.contains(w))
            })
            .filter_map(|pair| pair.get(1))
            .collect();
        let places_named = kept.iter().any(|w| language.message.locatives.contains(w));
        for term in index.terms(&kept) {
            // "what did *Washington* say …": a capital the statement names (where they met) is
            // still its country's government in a question that names no place as a place.
            let term = match term {
                Term::Concept(concept) if !places_named => {
                    Term::Concept(index.capital_as_country(&concept).unwrap_or(concept))
                }
                other => other,
            };
            let Term::Unknown(word) = term else {
                terms.push(term);
                weights.push(Weight::FULL);
                continue;
            };
            // "when is the *next* dialogue?" of a statement that never says "next": the word
            // asks for a date to come (the question's `future`), which only a fact that looks
            // ahead gives; it names no topic, so it does not count against every fact. So does
            // "where is the *next* dialogue?": the place of one to come.
            if matches!(kind, Kind::When | Kind::Where) && words.future.contains(&word) {
                dropped.push(word);
                continue;
            }
            // A word the statement never uses: chatter is dropped, a word related to one the
            // statement uses stands for it (trusted less), and a common word counts little.
            match index.read_unknown(&word, located.contains(&&word)) {
                Reading::Chatter => {
                    terms.push(Term::Unknown(word));
                    weights.push(Weight::of(CHATTER_WEIGHT));
                }
                Reading::Related { concept, trust } => {
                    related.push((word, concept.clone()));
                    terms.push(Term::Concept(concept));
                    weights.push(Weight {
                        importance: 1.0,
                        trust,
                    });
                }
                Reading::General(importance) => {
                    terms.push(Term::Unknown(word));
                    weights.push(Weight::of(importance));
                }
                Reading::Content => {
                    terms.push(Term::Unknown(word));
                    weights.push(Weight::FULL);
                }
            }
        }
    }
    let counted = counted(index, kind, &question);
    // (a "where" question looks ahead only by a word the statement never uses: "where will the
    // centre be built?" asks where, of a statement that says "will")
    let future = if kind == Kind::Where {
        dropped.iter().any(|t| words.future.contains(t))
    } else {
        question.iter().any(|t| words.future.contains(t))
    };
    let precise = question.iter().any(|t| words.precise.contains(t));
    let monthly = question.iter().any(|t| words.monthly.contains(t));
    let clock = kind == Kind::When && says(&question, &words.clock);
    let person = kind == Kind::Who && says(&question, &words.persons);
    let premises = premises(index, kind, &question);
    // Context only points to a topic when the question itself names none.
    let question_names_one = terms
        .iter()
        .zip(&weights)
        .any(|(t, w)| matches!(t, Term::Concept(_)) && w.importance >= 1.0);
    if question_names_one {
        for weight in &mut weights {
            if weight.importance == CONTEXT_WEIGHT {
                weight.importance = CONTEXT_WEIGHT_BESIDE;
            }
        }
    }
    Analysis {
        kind,
        tokens: question,
        corrections,
        terms,
        weights,
        dropped,
        related,
        asks_mention,
        counted,
        future,
        precise,
        since,
        monthly,
        clock,
        person,
        premises,
        excluded,
    }
}

/// Whether `word` is a possessive typed without its apostrophe, as chat types it ("*anwars* job",
/// "*yoons* title"): a word ending in "s" that the lexicon does not know, of which the statement
/// uses the word without the "s".
fn chat_possessive(index: &Index, lexicon: Option<Lexicon>, word: &str) -> bool {
    word.strip_suffix('s').is_some_and(|holder| {
        !holder.is_empty()
            && index.knows(holder)
            && lexicon.is_some_and(|lexicon| !lexicon.knows(word))
    })
}

/// The concept `tokens` set aside, added to `excluded`: the first named after the language's first
/// exclusion ("*apart from* the defence industry, what …", "*besides* halal which sectors …", "what
/// else *besides* hydrogen"), up to the next question word or auxiliary ("apart from tourism
/// *does* the new MoU …") or the end of the part.
fn set_aside(index: &Index, tokens: &[String], excluded: &mut Vec<String>) {
    let words = &index.language().question;
    let mut phrase = String::new();
    let start = tokens.iter().enumerate().find_map(|(at, token)| {
        if words.exclusions.contains(token) {
            return Some(at + 1);
        }
        let next = tokens.get(at + 1)?;
        words
            .exclusions
            .contains_pair(token, next, &mut phrase)
            .then_some(at + 2)
    });
    let Some(rest) = start.and_then(|start| tokens.get(start..)) else {
        return;
    };
    let end = rest
        .iter()
        .position(|t| words.words.contains(t) || words.auxiliaries.contains(t))
        .unwrap_or(rest.len());
    // One thing is set aside, the first concept named: without a comma, the words after it may
    // be the question's own ("selain ekonomi halal sektor baru apa": besides the halal economy,
    // which new sectors).
    let first = index
        .terms(rest.get(..end).unwrap_or(&[]))
        .into_iter()
        .find_map(|term| match term {
            Term::Concept(concept) => Some(concept),
            _ => None,
        });
    if let Some(concept) = first
        && !excluded.contains(&concept)
    {
        excluded.push(concept);
    }
}

/// Whether `tokens` hold one of `list`'s words, or one of its two-word phrases as two tokens in a
/// row.
pub(super) fn says<T: AsRef<str>>(tokens: &[T], list: &WordList) -> bool {
    if tokens.iter().any(|t| list.contains(t.as_ref())) {
        return true;
    }
    let mut phrase = String::new();
    tokens.windows(2).any(|pair| match pair {
        [a, b] => list.contains_pair(a.as_ref(), b.as_ref(), &mut phrase),
        _ => false,
    })
}

/// The words of `tokens` that tell of an event undone or refused ("rejected", "cancel"; the
/// language's lexicon knows them, and the language pack may add some), and in a why-question a
/// negation ("why did they *not* …?"). A word read with its neighbours as one synonym phrase is
/// no event of its own ("agree to *stop fighting*": a ceasefire).
fn premises(index: &Index, kind: Kind, tokens: &[String]) -> Vec<String> {
    let language = index.language();
    let words = &language.question;
    // "are they going to stop criminals travelling?", "will they block the imports?", "what
    // should they stop spreading?", "what did they agree to stop?": a question about what is to
    // be done, or meant or agreed to be done, takes nothing undone for granted.
    if kind != Kind::Why
        && tokens
            .iter()
            .any(|t| words.future.contains(t) || words.intent.contains(t))
    {
        return Vec::new();
    }
    let candidates: Vec<usize> = (0..tokens.len())
        .filter(|&i| {
            tokens.get(i).is_some_and(|t| {
                words.negative.contains(t)
                    // "Why were the MoUs *not* exchanged?"
                    || (kind == Kind::Why && words.negations.contains(t))
                    // Only words the statement never uses cost a lookup: the statement's own
                    // words are told by its facts, filler and short words are no events.
                    || (t.len() >= MIN_EVENT_LEN
                        && !index.knows(t)
                        && index.base_entry(t).is_some_and(|e| e.negative))
            })
        })
        .collect();
    // (phrases are looked for only when a word may be a premise: most questions have none)
    if candidates.is_empty() {
        return Vec::new();
    }
    let in_phrases = index.in_phrases(tokens);
    candidates
        .into_iter()
        .filter(|&i| !in_phrases.get(i).copied().unwrap_or(false))
        .filter_map(|i| tokens.get(i).cloned())
        .collect()
}

/// The shortest word looked up as a possible event undone ("cancel", "deny").
const MIN_EVENT_LEN: usize = 4;

/// What a "how many" question counts: the first content term after its "how many".
fn counted(index: &Index, kind: Kind, tokens: &[String]) -> Option<Term> {
    if kind != Kind::HowMany {
        return None;
    }
    let phrases = index.language().question.kinds.get(&Kind::HowMany)?;
    let after = tokens.windows(2).position(|pair| {
        phrases
            .iter()
            .any(|p| p.split_whitespace().eq(pair.iter().map(String::as_str)))
    })? + 2;
    index
        .terms(tokens.get(after..)?)
        .into_iter()
        .find(|t| *t != Term::Generic)
}

/// `tokens` with two words the statement does not use as such, but the lexicon knows as one
/// ("kuala lumpur", "kick off"), joined into one token, so the phrase is read as a whole.
fn join_lexicon_phrases(index: &Index, tokens: Vec<String>) -> Vec<String> {
    let Some(lexicon) = index.language().lexicon.as_ref().and_then(|l| l.lexicon()) else {
        return tokens;
    };
    let mut out = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if let Some(next) = tokens.peek()
            && (!index.knows(&token) || !index.knows(next))
        {
            let phrase = format!("{token} {next}");
            if lexicon.knows(&phrase) {
                out.push(phrase);
                tokens.next();
                continue;
            }
        }
        out.push(token);
    }
    out
}

/// `tokens` without a word offered as a choice beside one the statement uses ("was it in
/// *busan* or seoul?"): the choice is the question, and the statement answers it with its own;
/// the word left out goes to `dropped`.
fn unchosen_alternatives(
    index: &Index,
    tokens: Vec<String>,
    dropped: &mut Vec<String>,
) -> Vec<String> {
    let alternatives = &index.language().message.alternatives;
    let topical = |t: &String| index.word(t).topical();
    let unknown = |t: &String| !index.knows(t);
    let mut unchosen = vec![false; tokens.len()];
    for (at, token) in tokens.iter().enumerate() {
        if !alternatives.contains(token) || at == 0 {
            continue;
        }
        let (Some(before), Some(after)) = (tokens.get(at - 1), tokens.get(at + 1)) else {
            continue;
        };
        let left_out = if unknown(before) && topical(after) {
            at - 1
        } else if topical(before) && unknown(after) {
            at + 1
        } else {
            continue;
        };
        if let Some(flag) = unchosen.get_mut(left_out) {
            *flag = true;
        }
    }
    if !unchosen.contains(&true) {
        return tokens;
    }
    tokens
        .into_iter()
        .zip(unchosen)
        .filter_map(|(token, unchosen)| {
            if unchosen {
                dropped.push(token);
                None
            } else {
                Some(token)
            }
        })
        .collect()
}

/// `tokens` with typos corrected against the index; each correction is added to `corrections`.
fn correct(
    index: &Index,
    tokens: Vec<String>,
    corrections: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut corrected = Vec::with_capacity(tokens.len());
    for token in tokens {
        if index.knows(&token) {
            corrected.push(token);
        } else if let Some(fix) = index.correct(&token) {
            corrections.push((token, fix.clone()));
            corrected.push(fix);
        } else if let Some((left, right)) = index.unglue(&token) {
            // "primeminister", "thesolomon": two known words missing their space.
            corrections.push((token, format!("{left} {right}")));
            corrected.push(left);
            corrected.push(right);
        } else if let Some((first, second)) = index.unblend(&token) {
            // "jokowi": the starts of two words of a name the statement uses, a nickname.
            corrections.push((token, format!("{first} {second}")));
            corrected.push(first);
            corrected.push(second);
        } else if let Some(words) = index.spell_out(&token) {
            // "kl": the initials of a name the statement uses.
            corrections.push((token, words.join(" ")));
            corrected.extend(words);
        } else {
            corrected.push(token);
        }
    }
    corrected
}

/// "Did they discuss X?", "Is there an MoU on X?": a yes/no question asking whether the statement
/// has something.
fn asks_mention(words: &QuestionWords, kind: Kind, tokens: &[String]) -> bool {
    // "is *there* …?", and "*anything* on X?" (an opener of `existential` asks it alone)
    let asks_existence = tokens.iter().take(2).any(|t| words.existential.contains(t));
    kind == Kind::YesNo
        && (asks_existence
            || tokens.iter().any(|t| {
                words
                    .mention_verbs
                    .iter()
                    .any(|v| t == v || t.strip_suffix('s') == Some(v.as_str()))
            }))
}

/// The kind of answer `tokens` ask for: the first question word decides; a leading auxiliary
/// without any question word makes a yes/no question; anything else is a "what".
pub fn question_kind(words: &QuestionWords, tokens: &[String]) -> Kind {
    read_kind(words, None, tokens, &|_| false).0
}

/// How many words after "which" may name the kind of thing asked for ("which *Korean companies*").
const ENTITY_LOOKAHEAD: usize = 2;

/// How many broader terms are followed up from a noun to find what kind of thing it names, and
/// how many at each step.
const ENTITY_DEPTH: usize = 3;
const ENTITY_BREADTH: usize = 4;

/// The kind of detail a noun asks for when it names a kind of person, organisation or place
/// ("university" → who, "hotel" → where): it is one of the language's entity nouns, or (given a
/// lexicon: for words the statement does not use) its broader terms reach one of the anchors.
fn entity(words: &QuestionWords, lexicon: Option<Lexicon>, noun: &str) -> Option<Kind> {
    if let Some((kind, _)) = words
        .entities
        .iter()
        .find(|(_, list)| list.iter().any(|e| e == noun))
    {
        return Some(*kind);
    }
    let lexicon = lexicon?;
    let mut frontier: Vec<String> = vec![noun.to_string()];
    for _ in 0..ENTITY_DEPTH {
        for word in &frontier {
            if let Some(kind) = words
                .anchors
                .iter()
                .find(|(_, list)| list.iter().any(|a| a == word))
                .map(|(kind, _)| *kind)
            {
                return Some(kind);
            }
        }
        frontier = frontier
            .iter()
            .flat_map(|w| {
                lexicon
                    .related(w)
                    .filter(|r| {
                        r.sense == 1
                            && matches!(r.relation, Relation::Hypernym | Relation::InstanceOf)
                    })
                    .map(|r| r.lemma.to_string())
                    .collect::<Vec<_>>()
            })
            .take(ENTITY_BREADTH)
            .collect();
        if frontier.is_empty() {
            break;
        }
    }
    None
}

/// [`question_kind`], plus the positions of words that only named the kind: a noun ("what
/// *year*"), the second word of a two-word question phrase ("how *large*"), a measure after it
/// ("how much *bigger*", "how much *money*" when the statement never speaks of money).
fn read_kind(
    words: &QuestionWords,
    lexicon: Option<Lexicon>,
    tokens: &[String],
    known: &dyn Fn(&str) -> bool,
) -> (Kind, [Option<usize>; 2]) {
    let is = |list: &WordList, token: &str| list.contains(token);
    let listed = |table: &BTreeMap<Kind, WordList>, word: &str| {
        table
            .iter()
            .find(|(_, list)| list.contains(word))
            .map(|(kind, _)| *kind)
    };
    // the two-word phrase at a position, written into one buffer (no allocation per token)
    let mut pair = String::new();
    let kind_of = |phrase: &str| words.kind_of(phrase);
    let noun_kind = |noun: &str| listed(&words.nouns, noun);
    // "Which universities …", "which Korean companies …": a kind of person, organisation or
    // place asks who or where, though the noun stays the question's topic.
    // A two-word noun ("which Cambodian *prime minister*") counts where it starts.
    let entity_kind = |at: usize| {
        (at..(at + ENTITY_LOOKAHEAD).min(tokens.len())).find_map(|start| {
            let noun = tokens.get(start)?;
            let two = tokens.get(start + 1).map(|next| format!("{noun} {next}"));
            two.and_then(|two| listed(&words.entities, &two))
                .or_else(|| entity(words, lexicon.filter(|_| !known(noun)), noun))
        })
    };
    for (i, token) in tokens.iter().enumerate() {
        if let Some(next) = tokens.get(i + 1) {
            pair.clear();
            pair.push_str(token);
            pair.push(' ');
            pair.push_str(next);
            if let Some(kind) = kind_of(&pair) {
                let after = tokens.get(i + 2);
                // "how *large* is …": the phrase's second word is part of the kind.
                let phrase = Some(i + 1);
                // "how many decades": a count of a unit of time asks how long.
                if kind == Kind::HowMany && after.is_some_and(|t| is(&words.durations, t)) {
                    return (Kind::HowLong, [phrase, Some(i + 2)]);
                }
                // "how much bigger", "how much money" (a word of amount the statement never
                // uses): the word names the kind, not a topic.
                let amount = |t: &String| {
                    kind == Kind::HowMuch
                        && !known(t)
                        && words.nouns.get(&Kind::HowMuch).is_some_and(|l| is(l, t))
                };
                let measure = after
                    .is_some_and(|t| is(&words.measures, t) || amount(t))
                    .then_some(i + 2);
                return (kind, [phrase, measure]);
            }
            if is(&words.determiners, token) {
                // "what year", "what exact date": a noun naming the kind, maybe after a modifier.
                let named = (i + 1..(i + 1 + ENTITY_LOOKAHEAD).min(tokens.len()))
                    .find_map(|at| noun_kind(tokens.get(at)?).map(|kind| (kind, at)));
                if let Some((kind, at)) = named {
                    // "which month and year", "what date or time": a second noun of the same
                    // kind, joined by one word, names the kind too (it is no topic: "year" is
                    // not the word of a fact that says "a year later").
                    let joined = tokens.get(at + 1).is_some_and(|t| noun_kind(t).is_none())
                        && tokens
                            .get(at + 2)
                            .is_some_and(|t| noun_kind(t) == Some(kind));
                    return (kind, [Some(at), joined.then_some(at + 2)]);
                }
                if let Some(kind) = entity_kind(i + 1) {
                    return (kind, [None; 2]);
                }
                // "Which memoranda were handed over when …": the determiner asks what; a later
                // question word opens a clause, not the question.
                if !is(&words.auxiliaries, next) {
                    return (Kind::What, [None; 2]);
                }
            }
        }
        if let Some(kind) = kind_of(token) {
            return (kind, [None; 2]);
        }
    }
    // "what is the budget for …", "cost of the plan?": a word of amount asks how much wherever it
    // stands; but one the statement uses, in a question without a question word, is its topic
    // ("is there money for …?", "anything on funding for …?": whether there is any).
    let asks = tokens.iter().any(|t| is(&words.words, t));
    if let Some(amounts) = words.nouns.get(&Kind::HowMuch)
        && let Some(i) = tokens
            .iter()
            .position(|t| is(amounts, t) && (asks || !known(t)))
    {
        return (Kind::HowMuch, [Some(i), None]);
    }
    // "health MoU year?": without a question word, a noun of time asks for a date.
    if let Some(times) = words.nouns.get(&Kind::When)
        && let Some(i) = tokens.iter().position(|t| is(times, t))
        && !tokens.first().is_some_and(|t| is(&words.auxiliaries, t))
    {
        return (Kind::When, [Some(i), None]);
    }
    // "Did they …?", and "anything on X?" ("is there anything on X?" with its opening left out).
    if tokens
        .first()
        .is_some_and(|t| is(&words.auxiliaries, t) || is(&words.existential, t))
    {
        return (Kind::YesNo, [None; 2]);
    }
    (Kind::What, [None; 2])
}

/// Whether a "when" question asks since when: a word of `since` in the question, or just
/// before its question word ("*since* when …", which the lead-in before a question word would
/// otherwise leave out as context).
fn asks_since(words: &QuestionWords, pieces: &[Part], question: &[String]) -> bool {
    let when = words.kinds.get(&Kind::When);
    question.iter().any(|t| words.since.contains(t))
        || pieces
            .iter()
            .flat_map(|p| p.tokens.iter())
            .collect::<Vec<_>>()
            .windows(2)
            .any(|pair| match pair {
                [a, b] => words.since.contains(a) && when.is_some_and(|w| w.contains(b)),
                _ => false,
            })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;
    use crate::text::tokenize;

    fn kind(q: &str) -> Kind {
        let knowledge = Knowledge::embedded().unwrap();
        question_kind(&knowledge.language.question, &tokenize(q))
    }

    #[test]
    fn reads_question_kinds() {
        assert_eq!(kind("Who was at the talks in Seoul?"), Kind::Who);
        assert_eq!(kind("When was it signed"), Kind::When);
        assert_eq!(kind("In what year was the dialogue launched?"), Kind::When);
        assert_eq!(kind("Where did they meet"), Kind::Where);
        assert_eq!(kind("How many memoranda changed hands?"), Kind::HowMany);
        assert_eq!(kind("how much will trade grow"), Kind::HowMuch);
        assert_eq!(kind("How long was the visit?"), Kind::HowLong);
        assert_eq!(kind("Did they talk about drugs?"), Kind::YesNo);
        assert_eq!(kind("Which leader supported ASEAN?"), Kind::Who);
        assert_eq!(kind("Which sectors were named?"), Kind::What);
        assert_eq!(kind("How will they cooperate?"), Kind::What);
        assert_eq!(kind("tell me about hydrogen"), Kind::What);
        assert_eq!(kind("Is there a date? when"), Kind::When);
        // a count of a unit of time asks how long; a count of anything else, how many
        assert_eq!(kind("how many decades has the policy run?"), Kind::HowLong);
        assert_eq!(kind("how many days was he there"), Kind::HowLong);
        assert_eq!(kind("how many memoranda were signed"), Kind::HowMany);
        // a kind of person asks who, a two-word one too; a person after the verb does not
        assert_eq!(kind("Which Japanese astronaut is on the crew?"), Kind::Who);
        assert_eq!(
            kind("Which Cambodian prime minister hosted the summit?"),
            Kind::Who
        );
        assert_eq!(kind("What did the prime minister say?"), Kind::What);
    }

    fn dropped(q: &str) -> Vec<String> {
        let index = crate::engine::index::Index::build(&Knowledge::embedded().unwrap());
        read(&index, &Message::new(q)).dropped
    }

    #[test]
    fn words_that_only_name_the_kind_are_no_topic() {
        let index = crate::engine::index::Index::build(&Knowledge::embedded().unwrap());
        let unknown = |q: &str| {
            let analysis = read(&index, &Message::new(q));
            let words: Vec<String> = analysis
                .terms
                .iter()
                .filter_map(|t| match t {
                    Term::Unknown(w) => Some(w.clone()),
                    _ => None,
                })
                .collect();
            (analysis.kind, words)
        };
        // the second word of "how large", and a word of amount the statement never uses after
        // "how much"
        let (kind, words) = unknown("How large is the trade target?");
        assert_eq!(kind, Kind::HowMuch);
        assert!(!words.contains(&"large".to_string()), "{words:?}");
        let (kind, words) = unknown("how much money goes into smart farms?");
        assert_eq!(kind, Kind::HowMuch);
        assert!(!words.contains(&"money".to_string()), "{words:?}");
        // a word of amount still asks how much wherever it stands, when the statement never
        // uses it
        assert_eq!(
            unknown("what is the budget for smart farms?").0,
            Kind::HowMuch
        );
        assert_eq!(unknown("budget for smart farms?").0, Kind::HowMuch);
    }

    #[test]
    fn a_second_noun_of_the_same_kind_joined_to_the_first_names_the_kind_too() {
        let index = crate::engine::index::Index::build(&Knowledge::embedded().unwrap());
        let terms = |q: &str| {
            let mut concepts: Vec<Term> = read(&index, &Message::new(q))
                .terms
                .into_iter()
                .filter(|t| *t != Term::Generic)
                .collect();
            concepts.sort_by_key(|t| format!("{t:?}"));
            concepts
        };
        // "year" after "which month and" is no topic (the statement's "a year later" is one)
        assert_eq!(
            terms("which month and year was the health mou signed"),
            terms("which month was the health mou signed")
        );
        assert_eq!(
            terms("what year and month was the health mou signed"),
            terms("what year was the health mou signed")
        );
        // a noun of another kind after "and" stays a topic
        assert_ne!(
            terms("which year and city was the health mou signed"),
            terms("which year was the health mou signed")
        );
    }

    #[test]
    fn the_office_a_person_holds_is_no_topic() {
        let index = crate::engine::index::Index::build(&Knowledge::embedded().unwrap());
        let terms = |q: &str| -> Vec<Term> {
            read(&index, &Message::new(q))
                .terms
                .into_iter()
                .filter(|t| *t != Term::Generic)
                .collect()
        };
        // "job" after a holder asks the role, as "role" does (it is not vocational training)
        assert_eq!(terms("what is yoon's job"), terms("what is yoon's role"));
        assert_eq!(terms("whats his job"), terms("whats his role"));
        // jobs that are no one's office stay a topic
        assert_ne!(
            terms("how many jobs will the fta create"),
            terms("how many will the fta create")
        );
    }

    #[test]
    fn a_choice_offered_beside_a_word_of_the_statement_is_not_held_against_it() {
        // The statement names Seoul; Busan, offered as the other choice, is set aside.
        assert!(dropped("was it signed in busan or seoul?").contains(&"busan".to_string()));
        assert!(dropped("did they meet in seoul or busan").contains(&"busan".to_string()));
        // Without "or", an unknown word is no choice: it stays and counts against answers.
        assert!(!dropped("did they meet in busan").contains(&"busan".to_string()));
    }
}
