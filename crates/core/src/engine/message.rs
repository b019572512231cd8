//! Finding the question in a message as people write it in a chat.
//!
//! A message may carry more than its question: a greeting, who the asker is ("nurse here", "my
//! cousin works in export"), why they ask ("for my thesis:"), a second sentence of context. The
//! message is cut into parts at sentence and clause punctuation; a part **asks** when it has a
//! question word, starts with an auxiliary ("did they …"), or holds an asking word ("tell me about
//! …"), or ends with a question mark and no later part asks in words. When some part asks, the others are context, and so is the
//! lead-in before the first question word of an asking part ("my mum wants to know *who* …").
//! When no part asks, every part is the question, except those about the asker ("i have 2
//! minutes"). Words about the asker inside the question ("*my* lecturer asked") are context too.
//!
//! Context is not ignored: the statement's own words in it still point to a topic, at a lower
//! weight. But a word the statement never uses counts against an answer only when it stands in the
//! question itself. Invariants: no I/O, never panics, at most [`MAX_TOKENS`] tokens in all; all
//! words come from the language pack.

use crate::knowledge::Language;
use crate::text::{MAX_TOKENS, Message};

/// A piece of a message, and whether it is (part of) the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub tokens: Vec<String>,
    /// The part asks (or, when no part does, is the question anyway).
    pub asks: bool,
}

/// The parts of `message` (read as typed or translated), question and context, in order.
/// `topical` tells a word of the statement (a lead-in that names one belongs to the question:
/// "the MoU on student exchanges, what year …").
pub fn parts(message: &Message, language: &Language, topical: &dyn Fn(&str) -> bool) -> Vec<Part> {
    let mut budget = MAX_TOKENS;
    let mut pieces: Vec<Piece> = Vec::new();
    for (tokens, question_mark) in message.clauses() {
        let mut tokens = expand_shorthand(tokens, language);
        tokens.truncate(budget);
        budget -= tokens.len();
        pieces.push(Piece {
            tokens,
            question_mark,
        });
    }
    let mut pieces: Vec<Piece> = pieces
        .into_iter()
        .flat_map(|piece| clauses(piece, language))
        .collect();
    pieces.retain(|p| !p.tokens.is_empty());
    // A part that asks only by its question mark, before one that asks in words, echoes a claim
    // ("my aunt swears they met in busan?? where was it really"): it is context. After one, it
    // ends the question ("what aid, economic, and health aid did they give?").
    let worded: Vec<bool> = pieces.iter().map(|p| asks_in_words(p, language)).collect();
    let asking: Vec<bool> = pieces
        .iter()
        .enumerate()
        .map(|(at, p)| {
            let worded_later = worded.iter().skip(at + 1).any(|w| *w);
            worded.get(at).copied().unwrap_or(false) || (p.question_mark && !worded_later)
        })
        .collect();
    let any_asks = asking.iter().any(|a| *a);
    let mut out = Vec::new();
    for (piece, asks) in pieces.into_iter().zip(asking) {
        if !any_asks {
            let about_asker = piece
                .tokens
                .first()
                .is_some_and(|t| language.message.first_person.contains(t));
            out.push(Part {
                tokens: piece.tokens,
                asks: !about_asker,
            });
        } else if asks {
            // "my mum wants to know who …", "nurse here, what …": a lead-in about the asker, or one
            // that names nothing of the statement, is context; "the MoU on student exchanges what
            // year …" is the question's own.
            match first_question_word(&piece.tokens, language) {
                Some(at)
                    if at > 0
                        && (about_the_asker(piece.tokens.get(..at), language)
                            || !piece
                                .tokens
                                .get(..at)
                                .is_some_and(|lead| lead.iter().any(|t| topical(t)))) =>
                {
                    let (lead, question) = piece.tokens.split_at(at);
                    out.push(Part {
                        tokens: lead.to_vec(),
                        asks: false,
                    });
                    out.push(Part {
                        tokens: question.to_vec(),
                        asks: true,
                    });
                }
                _ => out.push(Part {
                    tokens: piece.tokens,
                    asks: true,
                }),
            }
        } else {
            out.push(Part {
                tokens: piece.tokens,
                asks: false,
            });
        }
    }
    if !out.iter().any(|p| p.asks) {
        for part in &mut out {
            part.asks = true;
        }
    }
    out
}

/// `tokens` with chat shorthand written out ("abt" → "about", "rn" → "right now"). A short form
/// that is also a time of day stays as it is after a number ("pm" is a prime minister in "who is
/// their pm", a time in "at 3 pm").
pub fn expand_shorthand(tokens: &[String], language: &Language) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut previous: Option<&String> = None;
    for token in tokens {
        let after_number =
            previous.is_some_and(|p| p.chars().last().is_some_and(|c| c.is_ascii_digit()));
        match language.shorthand.get(token) {
            Some(long) if !(after_number && language.question.clock_times.contains(token)) => {
                out.extend(long.iter().cloned())
            }
            _ => out.push(token.clone()),
        }
        previous = Some(token);
    }
    out
}

/// Whether `lead` (the words before a question word) speaks of the asker or wonders: "my mum
/// wants to know", "i was wondering".
fn about_the_asker(lead: Option<&[String]>, language: &Language) -> bool {
    let words = &language.message;
    lead.is_some_and(|lead| {
        lead.iter().any(|t| {
            words.first_person.contains(t)
                || words.possessive.contains(t)
                || words.wondering.contains(t)
                || words.interjections.contains(t)
        })
    })
}

/// `piece` cut further where a chat message changes clause without punctuation: at an
/// interjection ("… haha theres some anniversary …", dropped), before a joiner that opens a
/// clause about the asker ("… *and i* said a week …", "*but my* boss thinks …"), and at a joiner
/// before an auxiliary, which opens a question ("sorry if this is silly *but* did they …").
fn clauses(piece: Piece, language: &Language) -> Vec<Piece> {
    let words = &language.message;
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut tokens = piece.tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let interjection = words.interjections.contains(&token);
        let joins = words.joiners.contains(&token);
        let next_asks = joins
            && tokens
                .peek()
                .is_some_and(|next| language.question.auxiliaries.contains(next));
        let joiner = joins
            && tokens.peek().is_some_and(|next| {
                words.first_person.contains(next) || words.possessive.contains(next)
            });
        if interjection || joiner || next_asks {
            if !current.is_empty() {
                out.push(Piece {
                    tokens: std::mem::take(&mut current),
                    question_mark: false,
                });
            }
            // The joiner before a question's auxiliary ("… *but* did they …") joins nothing.
            if interjection || next_asks {
                continue;
            }
        }
        current.push(token);
    }
    out.push(Piece {
        tokens: current,
        question_mark: piece.question_mark,
    });
    out
}

/// Whether `token` is a word about the asker's own life inside a question ("*my* cousin").
pub fn is_possessive(token: &str, language: &Language) -> bool {
    language.message.possessive.contains(token)
}

/// A raw piece of the message, before its role is known.
struct Piece {
    tokens: Vec<String>,
    question_mark: bool,
}

/// Whether a piece asks something in words (whatever its punctuation).
fn asks_in_words(piece: &Piece, language: &Language) -> bool {
    let tokens = &piece.tokens;
    first_question_word(tokens, language).is_some()
        || tokens
            .iter()
            .any(|t| language.message.ask_words.contains(t))
        // "tell me about …", "name the leaders": an imperative opens the part.
        || tokens
            .first()
            .is_some_and(|t| language.message.imperatives.contains(t))
}

/// The position of the first word that opens a question: a question word anywhere, or an
/// auxiliary that starts the piece or follows a lead-in of wondering ("he wants to know *was*
/// there …").
fn first_question_word(tokens: &[String], language: &Language) -> Option<usize> {
    let words = &language.question;
    // "who" or "which" after a noun is a relative ("my dad *who* got scammed"): it opens a
    // question only first, or after a word with no topic or of wondering ("right *which* one",
    // "curious *which* fields").
    let opens = |at: usize| {
        at == 0
            || at
                .checked_sub(1)
                .and_then(|before| tokens.get(before))
                .is_some_and(|before| {
                    language.filler.contains(before)
                        || language.message.wondering.contains(before)
                        || language.message.interjections.contains(before)
                })
    };
    let wh = tokens.iter().enumerate().position(|(at, t)| {
        (words.words.contains(t) || words.kind_of(t).is_some())
            && (!language.message.relatives.contains(t) || opens(at))
    });
    // An auxiliary opens the question first, after a lead-in of wondering ("he wants to know
    // *was* there …"), or before a subject pronoun after words about the asker ("our team is
    // researching clean energy *did they* …").
    let auxiliary = tokens.iter().enumerate().position(|(at, t)| {
        if !words.auxiliaries.contains(t) {
            return false;
        }
        let lead = tokens.get(..at).unwrap_or(&[]);
        at == 0
            || lead.iter().any(|t| language.message.wondering.contains(t))
            || (tokens
                .get(at + 1)
                .is_some_and(|next| language.message.subjects.contains(next))
                && lead.first().is_some_and(|first| {
                    language.message.first_person.contains(first)
                        || language.message.possessive.contains(first)
                }))
    });
    match (wh, auxiliary) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    /// The asking parts of `text`, joined, as the embedded English pack reads them.
    fn asked(text: &str) -> Vec<String> {
        let knowledge = Knowledge::embedded().unwrap();
        parts(&Message::new(text), &knowledge.language, &|_| false)
            .into_iter()
            .filter(|p| p.asks)
            .map(|p| p.tokens.join(" "))
            .collect()
    }

    #[test]
    fn a_claim_echoed_with_a_question_mark_before_a_worded_question_is_context() {
        assert_eq!(
            asked("my aunt swears they met in busan?? where was it really"),
            ["where was it really"]
        );
    }

    #[test]
    fn a_question_mark_after_a_worded_question_ends_it() {
        assert_eq!(
            asked("what aid, economic and health aid, they gave since 2002?"),
            ["what aid", "they gave since 2002"]
        );
    }

    #[test]
    fn a_lone_question_mark_still_asks() {
        assert_eq!(asked("the FTA deadline?"), ["the fta deadline"]);
    }

    #[test]
    fn an_auxiliary_before_a_subject_opens_the_question_after_words_about_the_asker() {
        assert_eq!(
            asked("our class is reading about energy did they mention solar panels"),
            ["did they mention solar panels"]
        );
        // not after words that are not about the asker, nor without a subject after it
        assert_eq!(
            asked("the summit in seoul was it on a monday"),
            ["the summit in seoul was it on a monday"]
        );
        assert_eq!(
            asked("my dad is an engineer what did they say on tvet"),
            ["what did they say on tvet"]
        );
    }

    #[test]
    fn a_joiner_before_an_auxiliary_opens_the_question() {
        assert_eq!(
            asked("sorry if this is a silly one but did they bring up smart farms"),
            ["did they bring up smart farms"]
        );
    }

    #[test]
    fn pm_is_a_prime_minister_except_after_a_number() {
        let knowledge = Knowledge::embedded().unwrap();
        let read = |text: &str| {
            let tokens: Vec<String> = text.split(' ').map(String::from).collect();
            expand_shorthand(&tokens, &knowledge.language).join(" ")
        };
        assert_eq!(read("who is their pm"), "who is their prime minister");
        assert_eq!(read("where were the pms"), "where were the prime ministers");
        assert_eq!(read("did they meet at 3 pm"), "did they meet at 3 pm");
    }
}
