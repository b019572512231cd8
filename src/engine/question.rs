//! Question analysis: what kind of answer is asked for, and which terms it is about.
//!
//! The kind comes from the question words ("who", "how many", "what year", a leading "did"); it is
//! checked against the kinds a fact declares, which is how the engine notices a question asking for
//! a detail the statement does not give. Typos are corrected here, before stemming, so "whn was the
//! climte dialog launched" is read as "when was the climate dialog launched".

use crate::knowledge::{Kind, QuestionWords};

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
    let words = &index.language().question;
    let (kind, kind_noun) = read_kind(words, &corrected);
    // "Did they discuss X?", "Is there an MoU on X?": asking whether the statement has it.
    let asks_existence = corrected
        .get(1)
        .is_some_and(|t| words.existential.contains(t));
    let asks_mention = kind == Kind::YesNo
        && (asks_existence
            || corrected.iter().any(|t| {
                words
                    .mention_verbs
                    .iter()
                    .any(|v| t == v || t.strip_suffix('s') == Some(v.as_str()))
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
pub fn question_kind(words: &QuestionWords, tokens: &[String]) -> Kind {
    read_kind(words, tokens).0
}

/// [`question_kind`], plus the position of a noun that only named the kind ("what *year*").
fn read_kind(words: &QuestionWords, tokens: &[String]) -> (Kind, Option<usize>) {
    let is = |list: &[String], token: &str| list.iter().any(|w| w == token);
    let kind_of = |phrase: &str| {
        words
            .kinds
            .iter()
            .find(|(_, list)| is(list, phrase))
            .map(|(kind, _)| *kind)
    };
    let noun_kind = |noun: &str| {
        words
            .nouns
            .iter()
            .filter(|(kind, _)| **kind != Kind::HowMuch)
            .find(|(_, list)| is(list, noun))
            .map(|(kind, _)| *kind)
    };
    for (i, token) in tokens.iter().enumerate() {
        if let Some(next) = tokens.get(i + 1) {
            if let Some(kind) = kind_of(&format!("{token} {next}")) {
                return (kind, None);
            }
            if is(&words.determiners, token)
                && let Some(kind) = noun_kind(next)
            {
                return (kind, Some(i + 1));
            }
        }
        if let Some(kind) = kind_of(token) {
            return (kind, None);
        }
    }
    if let Some(amounts) = words.nouns.get(&Kind::HowMuch)
        && let Some(i) = tokens.iter().position(|t| is(amounts, t))
    {
        return (Kind::HowMuch, Some(i));
    }
    if tokens.first().is_some_and(|t| is(&words.auxiliaries, t)) {
        return (Kind::YesNo, None);
    }
    (Kind::What, None)
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
