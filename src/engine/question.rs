//! Question analysis: what kind of answer is asked for, and which terms it is about.
//!
//! The kind comes from the question words ("who", "how many", "what year", a leading "did"); it is
//! checked against the kinds a fact declares, which is how the engine notices a question asking for
//! a detail the statement does not give. Typos are corrected here, before stemming, so "whn was the
//! climte dialog launched" is read as "when was the climate dialog launched".

use crate::knowledge::Kind;

use super::index::{Index, Term};

/// A question, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub kind: Kind,
    /// Tokens after typo correction.
    pub tokens: Vec<String>,
    /// (typed, corrected) pairs.
    pub corrections: Vec<(String, String)>,
    pub terms: Vec<Term>,
    /// The question asks whether the statement mentions something ("did they discuss X?", "is
    /// there an MoU on X?").
    pub asks_mention: bool,
}

const AUXILIARIES: [&str; 18] = [
    "did", "does", "do", "is", "are", "was", "were", "will", "has", "have", "had", "can", "could",
    "would", "should", "shall", "may", "might",
];

const MENTION_VERBS: [&str; 16] = [
    "mention",
    "mentioned",
    "discuss",
    "discussed",
    "talk",
    "talked",
    "cover",
    "covered",
    "address",
    "addressed",
    "raise",
    "raised",
    "touch",
    "bring",
    "include",
    "say",
];

const TIME_NOUNS: [&str; 6] = ["year", "date", "day", "month", "time", "week"];
const PLACE_NOUNS: [&str; 5] = ["city", "place", "venue", "location", "town"];
const PERSON_NOUNS: [&str; 12] = [
    "person",
    "leader",
    "minister",
    "president",
    "official",
    "people",
    "company",
    "companies",
    "firm",
    "firms",
    "organisation",
    "organization",
];

/// Nouns that ask for an amount wherever they stand ("what is the *budget* for ...").
const AMOUNT_NOUNS: [&str; 17] = [
    "budget",
    "cost",
    "costs",
    "price",
    "prices",
    "funding",
    "money",
    "amount",
    "investment",
    "investments",
    "worth",
    "dollars",
    "ringgit",
    "billion",
    "percentage",
    "percent",
    "proportion",
];

/// Reads `tokens` (already folded) against the index.
pub fn analyse(index: &Index, tokens: Vec<String>) -> Analysis {
    let mut corrected = Vec::with_capacity(tokens.len());
    let mut corrections = Vec::new();
    for token in tokens {
        if index.knows(&token) {
            corrected.push(token);
        } else if let Some(fix) = index.correct(&token) {
            corrections.push((token, fix.clone()));
            corrected.push(fix);
        } else {
            corrected.push(token);
        }
    }
    let (kind, kind_noun) = read_kind(&corrected);
    // "Did they discuss X?", "Is there an MoU on X?": asking whether the statement has it.
    let asks_existence = corrected.get(1).is_some_and(|t| t == "there");
    let asks_mention = kind == Kind::YesNo
        && (asks_existence
            || corrected.iter().any(|t| {
                MENTION_VERBS
                    .iter()
                    .any(|v| t == v || t.strip_suffix('s') == Some(v))
            }));
    // "what year", "which city": the noun only says what kind of answer is wanted.
    let topical: Vec<String> = corrected
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != kind_noun)
        .map(|(_, t)| t.clone())
        .collect();
    let terms = index.terms(&topical);
    Analysis {
        kind,
        tokens: corrected,
        corrections,
        terms,
        asks_mention,
    }
}

/// The kind of answer `tokens` ask for: the first question word decides; a leading auxiliary
/// without any question word makes a yes/no question; anything else is a "what".
pub fn question_kind(tokens: &[String]) -> Kind {
    read_kind(tokens).0
}

/// [`question_kind`], plus the position of a noun that only named the kind ("what *year*").
fn read_kind(tokens: &[String]) -> (Kind, Option<usize>) {
    let at = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
    for (i, token) in tokens.iter().enumerate() {
        let next = at(i + 1);
        let kind = match token.as_str() {
            "who" | "whom" | "whose" => Some(Kind::Who),
            "when" => Some(Kind::When),
            "where" => Some(Kind::Where),
            "why" => Some(Kind::Why),
            "how" => match next {
                "many" | "often" | "old" => Some(Kind::HowMany),
                "much" => Some(Kind::HowMuch),
                "long" => Some(Kind::HowLong),
                _ => Some(Kind::What),
            },
            "number" if next == "of" => Some(Kind::HowMany),
            "what" | "which" => {
                let noun_kind = if TIME_NOUNS.contains(&next) {
                    Some(Kind::When)
                } else if PLACE_NOUNS.contains(&next) {
                    Some(Kind::Where)
                } else if PERSON_NOUNS.contains(&next) {
                    Some(Kind::Who)
                } else {
                    None
                };
                if let Some(kind) = noun_kind {
                    return (kind, Some(i + 1));
                }
                None
            }
            _ => None,
        };
        if let Some(kind) = kind {
            return (kind, None);
        }
    }
    if let Some(i) = tokens
        .iter()
        .position(|t| AMOUNT_NOUNS.contains(&t.as_str()))
    {
        return (Kind::HowMuch, Some(i));
    }
    if tokens
        .first()
        .is_some_and(|t| AUXILIARIES.contains(&t.as_str()))
    {
        return (Kind::YesNo, None);
    }
    (Kind::What, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn kind(q: &str) -> Kind {
        question_kind(&tokenize(q))
    }

    #[test]
    fn reads_question_kinds() {
        assert_eq!(kind("Who met in Seoul?"), Kind::Who);
        assert_eq!(kind("When was it signed"), Kind::When);
        assert_eq!(kind("In what year was the dialogue launched?"), Kind::When);
        assert_eq!(kind("Where did they meet"), Kind::Where);
        assert_eq!(kind("How many MoUs were exchanged?"), Kind::HowMany);
        assert_eq!(kind("how much will trade grow"), Kind::HowMuch);
        assert_eq!(kind("How long was the visit?"), Kind::HowLong);
        assert_eq!(kind("Did they talk about drugs?"), Kind::YesNo);
        assert_eq!(kind("Which leader supported ASEAN?"), Kind::Who);
        assert_eq!(kind("Which sectors were named?"), Kind::What);
        assert_eq!(kind("How will they cooperate?"), Kind::What);
        assert_eq!(kind("tell me about hydrogen"), Kind::What);
        assert_eq!(kind("Is there a date? when"), Kind::When);
    }
}
