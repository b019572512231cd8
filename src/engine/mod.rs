//! The answering engine: a question (and its conversation) in, a [`Reply`] out.
//!
//! Pipeline: fold and tokenise ([`crate::text`]), correct typos, read the question kind
//! ([`question`]), map words to concepts through synonyms and stems ([`index`]), score every fact
//! that shares a concept (rare concepts weigh more; words the statement never uses count against),
//! then decide: answer, ask which of two equal candidates was meant, or say honestly that the
//! statement doesn't say, naming what it lacks and pointing to what it has.
//!
//! **Invariants: the engine does no I/O and never panics; the same question and conversation always
//! give the same reply; a reply without a fact never quotes one as its answer.**

pub mod index;
pub mod question;
pub mod reply;

use std::collections::HashMap;

use crate::conversation::Conversation;
use crate::knowledge::{Fact, Kind, Knowledge};
use crate::messages as msg;
use crate::text::{tokenize, truncate_chars};

pub use index::{Index, Term};
pub use question::{Analysis, analyse};
pub use reply::{Choice, Citation, Reply, ReplyKind};

/// A fact must explain at least this share of the question's weight to be the answer.
const ANSWER_MIN: f32 = 0.5;
/// Below the answer threshold, a fact this close is named as the nearest topic.
const POINTER_MIN: f32 = 0.25;
/// A fact of the right kind is preferred unless another fits this much better.
const KIND_TOLERANCE: f32 = 0.8;
/// Two candidates closer than this are ambiguous.
const CLARIFY_MARGIN: f32 = 0.02;
/// Share of the score given to how much of the fact's label (its name) the question covers: among
/// facts that explain the question equally, the one the question names wins.
const FOCUS_SHARE: f32 = 0.15;
/// How many candidates an explanation lists.
const EXPLAIN_TOP: usize = 5;

/// One scored fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub fact: usize,
    pub score: f32,
    /// Whether the fact answers the question's kind.
    pub fits_kind: bool,
}

/// Why the engine replied as it did (the REPL's `:why`).
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub analysis: Analysis,
    /// (fact id, score, fits the question's kind), best first.
    pub candidates: Vec<(String, f32, bool)>,
}

/// The engine: knowledge plus its index, immutable once built, shareable across threads.
#[derive(Debug)]
pub struct Engine {
    knowledge: Knowledge,
    index: Index,
    /// Per fact: the concepts of its label (the fact's name), and their summed weight.
    label_concepts: Vec<Vec<String>>,
    label_mass: Vec<f32>,
    /// Per small-talk intent: its patterns as token lists.
    intent_patterns: Vec<Vec<Vec<String>>>,
}

impl Engine {
    pub fn new(knowledge: Knowledge) -> Engine {
        let index = Index::build(&knowledge);
        let label_concepts: Vec<Vec<String>> = knowledge
            .facts
            .iter()
            .map(|fact| {
                let mut concepts = Vec::new();
                for term in index.terms(&tokenize(&fact.label)) {
                    if let Term::Concept(c) = term
                        && !concepts.contains(&c)
                    {
                        concepts.push(c);
                    }
                }
                concepts
            })
            .collect();
        let label_mass = label_concepts
            .iter()
            .map(|concepts| {
                concepts
                    .iter()
                    .map(|c| index.concepts.get(c).map(|p| p.idf).unwrap_or(0.0))
                    .sum()
            })
            .collect();
        let intent_patterns = knowledge
            .intents
            .iter()
            .map(|intent| {
                intent
                    .patterns
                    .iter()
                    .map(|p| tokenize(p))
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .collect();
        Engine {
            knowledge,
            index,
            label_concepts,
            label_mass,
            intent_patterns,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Answers `question` in a fresh conversation.
    pub fn answer(&self, question: &str) -> Reply {
        self.respond(&mut Conversation::default(), question)
    }

    /// Answers `question` within `conversation`, and updates it.
    pub fn respond(&self, conversation: &mut Conversation, question: &str) -> Reply {
        let reply = self.reply_to(question);
        conversation.last_fact = reply.fact.clone();
        conversation.choices = reply.choices.iter().map(|c| c.fact.clone()).collect();
        reply
    }

    /// The analysis and top candidates for `question`.
    pub fn explain(&self, question: &str) -> Explanation {
        let analysis = analyse(&self.index, tokenize(question));
        let candidates = self
            .rank(&analysis)
            .into_iter()
            .take(EXPLAIN_TOP)
            .filter_map(|c| {
                let fact = self.knowledge.facts.get(c.fact)?;
                Some((fact.id.clone(), c.score, c.fits_kind))
            })
            .collect();
        Explanation {
            analysis,
            candidates,
        }
    }

    fn reply_to(&self, question: &str) -> Reply {
        let tokens = tokenize(question);
        if tokens.is_empty() {
            return Reply::without_fact(ReplyKind::NoAnswer, msg::EMPTY_QUESTION.to_string());
        }
        if let Some(reply) = self.small_talk(&tokens, true) {
            return reply;
        }
        let analysis = analyse(&self.index, tokens);
        let has_content = analysis.terms.iter().any(|t| *t != Term::Generic);
        if !has_content {
            return self.small_talk(&analysis.tokens, false).unwrap_or_else(|| {
                Reply::without_fact(ReplyKind::NoAnswer, msg::NOTHING_TO_MATCH.to_string())
            });
        }
        let ranked = self.rank(&analysis);
        self.decide(&analysis, &ranked)
    }

    /// Scores every fact sharing a concept with the question, best first (ties by file order).
    pub fn rank(&self, analysis: &Analysis) -> Vec<Candidate> {
        let mut seen: Vec<&Term> = Vec::new();
        for term in &analysis.terms {
            if *term != Term::Generic && !seen.contains(&term) {
                seen.push(term);
            }
        }
        let total: f32 = seen.iter().map(|t| self.index.weight(t)).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut covered: HashMap<usize, (f32, f32)> = HashMap::new();
        for term in &seen {
            let Term::Concept(concept) = term else {
                continue;
            };
            let Some(postings) = self.index.concepts.get(concept) else {
                continue;
            };
            for &(fact, field_weight) in &postings.facts {
                let entry = covered.entry(fact).or_insert((0.0, 0.0));
                entry.0 += postings.idf * field_weight;
                if self
                    .label_concepts
                    .get(fact)
                    .is_some_and(|k| k.contains(concept))
                {
                    entry.1 += postings.idf;
                }
            }
        }
        let mut ranked: Vec<Candidate> = covered
            .into_iter()
            .filter_map(|(fact, (weight, keyword_weight))| {
                let f = self.knowledge.facts.get(fact)?;
                let mass = self.label_mass.get(fact).copied().unwrap_or(0.0);
                let focus = if mass > 0.0 {
                    (keyword_weight / mass).min(1.0)
                } else {
                    0.0
                };
                let coverage = (weight / total).min(1.0);
                Some(Candidate {
                    fact,
                    score: (1.0 - FOCUS_SHARE) * coverage + FOCUS_SHARE * focus,
                    fits_kind: fits(f, analysis.kind),
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact)));
        ranked
    }

    fn decide(&self, analysis: &Analysis, ranked: &[Candidate]) -> Reply {
        let best = ranked.first();
        let best_fitting = ranked.iter().find(|c| c.fits_kind);
        if let (Some(best), Some(fit)) = (best, best_fitting)
            && fit.score >= ANSWER_MIN
            && fit.score >= best.score * KIND_TOLERANCE
        {
            // Only a question for a concrete detail is worth a clarification: "when was the MoU
            // signed?" has two true answers; "what is the LEP?" is answered by the best fit.
            let rival = ranked
                .iter()
                .filter(|_| !analysis.kind.is_open())
                .filter(|c| c.fits_kind && c.fact != fit.fact)
                .find(|c| c.score >= ANSWER_MIN && fit.score - c.score < CLARIFY_MARGIN);
            return match rival {
                Some(rival) => self.clarify(fit, rival),
                None => self.answer_from(fit, analysis),
            };
        }
        if let Some(best) = best
            && best.score >= ANSWER_MIN
            && !best.fits_kind
            && let Some(fact) = self.knowledge.facts.get(best.fact)
        {
            let text = msg::DETAIL_MISSING
                .replace("{detail}", msg::detail_phrase(analysis.kind))
                .replace("{label}", &fact.label)
                .replace("{answer}", &fact.answer);
            return self.no_answer(text, best.score);
        }
        if let Some(reply) = self.small_talk(&analysis.tokens, false) {
            return reply;
        }
        self.not_in_statement(analysis, best)
    }

    fn answer_from(&self, candidate: &Candidate, analysis: &Analysis) -> Reply {
        let Some(fact) = self.knowledge.facts.get(candidate.fact) else {
            return Reply::without_fact(ReplyKind::NoAnswer, msg::NO_ANSWER.to_string());
        };
        let mut text = String::new();
        if analysis.asks_mention {
            text.push_str(msg::YES_PREFIX);
        }
        text.push_str(&fact.answer);
        Reply {
            kind: ReplyKind::Answer,
            answer: truncate_chars(&text, msg::MAX_REPLY_CHARS),
            fact: Some(fact.id.clone()),
            score: round(candidate.score),
            related: fact.related.clone(),
            source: Some(citation(fact)),
            suggestions: fact.follow_ups.clone(),
            choices: Vec::new(),
        }
    }

    fn clarify(&self, first: &Candidate, second: &Candidate) -> Reply {
        let (Some(a), Some(b)) = (
            self.knowledge.facts.get(first.fact),
            self.knowledge.facts.get(second.fact),
        ) else {
            return Reply::without_fact(ReplyKind::NoAnswer, msg::NO_ANSWER.to_string());
        };
        let mut text = msg::CLARIFY
            .replace("{first}", &a.label)
            .replace("{second}", &b.label);
        for fact in [a, b] {
            text.push_str(&format!("\n• {}: {}", capitalise(&fact.label), fact.answer));
        }
        Reply {
            kind: ReplyKind::Clarify,
            answer: truncate_chars(&text, msg::MAX_REPLY_CHARS),
            fact: Some(a.id.clone()),
            score: round(first.score),
            related: vec![b.id.clone()],
            source: Some(citation(a)),
            suggestions: Vec::new(),
            choices: [a, b]
                .iter()
                .map(|f| Choice {
                    fact: f.id.clone(),
                    label: f.label.clone(),
                })
                .collect(),
        }
    }

    fn not_in_statement(&self, analysis: &Analysis, best: Option<&Candidate>) -> Reply {
        let mut unknown: Vec<String> = Vec::new();
        for term in &analysis.terms {
            if let Term::Unknown(word) = term {
                let quoted = format!("“{word}”");
                if !unknown.contains(&quoted) && unknown.len() < 3 {
                    unknown.push(quoted);
                }
            }
        }
        if unknown.is_empty() {
            return self.no_answer(msg::NO_ANSWER.to_string(), best.map_or(0.0, |b| b.score));
        }
        let mut text = msg::NOT_MENTIONED.replace("{terms}", &join_or(&unknown));
        if let Some(fact) = best
            .filter(|b| b.score >= POINTER_MIN)
            .and_then(|b| self.knowledge.facts.get(b.fact))
        {
            text.push_str(&msg::CLOSEST_TOPIC.replace("{label}", &fact.label));
        }
        self.no_answer(text, best.map_or(0.0, |b| b.score))
    }

    fn no_answer(&self, text: String, score: f32) -> Reply {
        let mut reply = Reply::without_fact(
            ReplyKind::NoAnswer,
            truncate_chars(&text, msg::MAX_REPLY_CHARS),
        );
        reply.score = round(score);
        reply
    }

    /// Small talk: with `whole`, the message must be exactly a pattern (or a one-letter typo of
    /// one); otherwise a pattern may be followed by filler words.
    fn small_talk(&self, tokens: &[String], whole: bool) -> Option<Reply> {
        let joined = tokens.join(" ");
        let joined_chars = joined.chars().count();
        for (intent, patterns) in self.knowledge.intents.iter().zip(&self.intent_patterns) {
            let hit = patterns.iter().any(|pattern| {
                if whole {
                    // Equal token lists are equal joined texts. Otherwise the edit distance is at
                    // least the difference in length, so the quadratic distance (and the join) only
                    // runs for patterns of about the message's length.
                    let spaces = pattern.len().saturating_sub(1);
                    let bytes = pattern.iter().map(String::len).sum::<usize>() + spaces;
                    let chars = pattern.iter().map(|t| t.chars().count()).sum::<usize>() + spaces;
                    tokens == pattern.as_slice()
                        || (bytes >= 5
                            && chars.abs_diff(joined_chars) <= 1
                            && strsim::osa_distance(&pattern.join(" "), &joined) <= 1)
                } else {
                    tokens
                        .strip_prefix(pattern.as_slice())
                        .is_some_and(|rest| rest.iter().all(|t| self.is_filler(t)))
                }
            });
            if hit {
                return Some(Reply::without_fact(
                    ReplyKind::SmallTalk,
                    intent.reply.clone(),
                ));
            }
        }
        None
    }

    fn is_filler(&self, token: &str) -> bool {
        self.index
            .terms(&[token.to_string()])
            .iter()
            .all(|t| *t == Term::Generic)
    }
}

/// Whether `fact` can answer a question of `kind`.
fn fits(fact: &Fact, kind: Kind) -> bool {
    kind.is_open() || fact.kinds.contains(&kind)
}

fn citation(fact: &Fact) -> Citation {
    Citation {
        paragraphs: fact.paragraphs.clone(),
        quote: fact.quote.clone(),
    }
}

fn round(score: f32) -> f32 {
    (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}
