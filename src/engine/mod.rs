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

mod follow_up;
pub mod index;
pub mod question;
pub mod reply;

use std::collections::HashMap;

use crate::conversation::{Conversation, ListItem};
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
const KIND_TOLERANCE: f32 = 0.65;
/// Two candidates closer than this are ambiguous.
const CLARIFY_MARGIN: f32 = 0.06;
/// Share of the score given to how much of the fact's label (its name) the question covers: among
/// facts that explain the question equally, the one the question names wins.
const FOCUS_SHARE: f32 = 0.15;
/// Added to a fact that declares the kind of detail asked for.
const DECLARED_KIND_BONUS: f32 = 0.05;
/// A concept this common (in at least a third of the facts) names no particular fact.
const GENERAL_IDF: f32 = 1.3863; // ln(4)
/// How many candidates an explanation lists.
const EXPLAIN_TOP: usize = 8;

/// One scored fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub fact: usize,
    /// Ranking score: coverage plus the label and declared-kind tie-breakers.
    pub score: f32,
    /// The share of the question's weight this fact explains; the answer threshold applies here,
    /// so tie-breakers can reorder candidates but never lift one over the threshold.
    pub coverage: f32,
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
                    let general = matches!(&term, Term::Concept(c)
                        if index.concepts.get(c).is_some_and(|p| p.idf <= GENERAL_IDF));
                    if let Term::Concept(c) = term
                        && !general
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

    /// Answers `question` within `conversation`, and updates it: follow-ups are resolved against
    /// what was said before; after a no-answer the conversation starts clean.
    pub fn respond(&self, conversation: &mut Conversation, question: &str) -> Reply {
        if !conversation.is_current() {
            conversation.reset();
        }
        let (reply, topical) = self.reply_in_context(conversation, question);
        self.remember(conversation, &reply, question, topical);
        reply
    }

    /// Answers a clarification's choice (a button press in a chat): the fact `fact_id`, with the
    /// conversation updated as if the user had picked it in words. `None` when no fact has that
    /// id (a button from an older knowledge base).
    pub fn choose(&self, conversation: &mut Conversation, fact_id: &str) -> Option<Reply> {
        if !conversation.is_current() {
            conversation.reset();
        }
        let reply = self.answer_fact(self.fact_index(fact_id)?, false);
        let label = self
            .knowledge
            .fact(fact_id)
            .map(|f| f.label.clone())
            .unwrap_or_default();
        self.remember(conversation, &reply, &label, false);
        Some(reply)
    }

    /// Updates `conversation` after `reply` to `question` (`topical`: the question had a topic of
    /// its own, so follow-ups may borrow it).
    fn remember(
        &self,
        conversation: &mut Conversation,
        reply: &Reply,
        question: &str,
        topical: bool,
    ) {
        match reply.kind {
            ReplyKind::NoAnswer => conversation.reset(),
            ReplyKind::SmallTalk => {}
            ReplyKind::Clarify => {
                conversation.choices = reply.choices.iter().map(|c| c.fact.clone()).collect();
                conversation.remember_question(question);
            }
            ReplyKind::Answer => {
                conversation.choices.clear();
                if topical {
                    conversation.remember_question(question);
                }
                if let Some(fact) = reply.fact.as_deref().and_then(|id| self.knowledge.fact(id)) {
                    conversation.last_fact = Some(fact.id.clone());
                    conversation.remember_shown(&fact.id);
                    conversation.list = fact
                        .items
                        .iter()
                        .map(|item| ListItem {
                            label: item.label.clone(),
                            fact: item.fact.clone(),
                        })
                        .collect();
                    if fact.person.is_some() {
                        conversation.person = fact.person.clone();
                    }
                }
            }
        }
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

    /// The reply to `question` in `conversation`, and whether the question had a topic of its own.
    fn reply_in_context(&self, conversation: &Conversation, question: &str) -> (Reply, bool) {
        let tokens = tokenize(question);
        if tokens.is_empty() {
            let reply = Reply::without_fact(ReplyKind::NoAnswer, msg::EMPTY_QUESTION.to_string());
            return (reply, false);
        }
        if let Some(reply) = self.small_talk(&tokens, true) {
            return (reply, false);
        }
        if !conversation.choices.is_empty()
            && let Some(choice) = self.pick_choice(conversation, &tokens)
        {
            return (self.answer_fact(choice, false), false);
        }
        let analysis = analyse(&self.index, tokens);
        let has_content = analysis.terms.iter().any(|t| *t != Term::Generic);
        if !conversation.is_fresh()
            && let Some(reply) = self.follow_up(conversation, &analysis)
        {
            return (reply, has_content);
        }
        if !has_content {
            let reply = self.small_talk(&analysis.tokens, false).unwrap_or_else(|| {
                Reply::without_fact(ReplyKind::NoAnswer, msg::NOTHING_TO_MATCH.to_string())
            });
            return (reply, false);
        }
        if let Some(overview) = self.overview_for(&analysis) {
            return (self.answer_fact(overview, analysis.asks_mention), true);
        }
        let ranked = self.rank(&analysis);
        (self.decide(&analysis, &ranked), true)
    }

    /// The overview fact, when the question names nothing more specific than what nearly every
    /// fact mentions ("what did Malaysia and South Korea agree?") and the overview can answer it.
    fn overview_for(&self, analysis: &Analysis) -> Option<usize> {
        let index = self.fact_index(self.knowledge.statement.overview.as_deref()?)?;
        let general = analysis.terms.iter().all(|term| match term {
            Term::Generic => true,
            Term::Concept(c) => self
                .index
                .concepts
                .get(c)
                .is_some_and(|p| p.idf <= GENERAL_IDF),
            Term::Unknown(_) => false,
        });
        let fact = self.knowledge.facts.get(index)?;
        (general && fits(fact, analysis.kind)).then_some(index)
    }

    /// Whether `term` is a concept so common it names no particular fact.
    fn is_general(&self, term: &Term) -> bool {
        match term {
            Term::Concept(c) => self
                .index
                .concepts
                .get(c)
                .is_some_and(|p| p.idf <= GENERAL_IDF),
            Term::Generic | Term::Unknown(_) => false,
        }
    }

    /// Scores every fact sharing a concept with the question, best first (ties by file order).
    pub fn rank(&self, analysis: &Analysis) -> Vec<Candidate> {
        let weighted: Vec<(Term, f32)> = analysis.terms.iter().map(|t| (t.clone(), 1.0)).collect();
        self.rank_weighted(&weighted, analysis.kind)
    }

    /// [`Engine::rank`] over terms that each carry a multiplier (context terms count less than
    /// the question's own).
    pub(crate) fn rank_weighted(&self, terms: &[(Term, f32)], kind: Kind) -> Vec<Candidate> {
        let mut seen: Vec<(&Term, f32)> = Vec::new();
        for (term, multiplier) in terms {
            if *term == Term::Generic {
                continue;
            }
            match seen.iter_mut().find(|(t, _)| *t == term) {
                Some(entry) => entry.1 = entry.1.max(*multiplier),
                None => seen.push((term, *multiplier)),
            }
        }
        // Concepts nearly every fact carries (the two parties) say nothing about which fact is
        // meant, and a fact that leaves them implicit is no worse for it: they only count when
        // the question has nothing more specific.
        if seen.iter().any(|(t, _)| !self.is_general(t)) {
            seen.retain(|(t, _)| !self.is_general(t));
        }
        let total: f32 = seen.iter().map(|(t, m)| self.index.weight(t) * m).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut covered: HashMap<usize, (f32, f32)> = HashMap::new();
        for (term, multiplier) in &seen {
            let Term::Concept(concept) = term else {
                continue;
            };
            let Some(postings) = self.index.concepts.get(concept) else {
                continue;
            };
            for &(fact, field_weight) in &postings.facts {
                let entry = covered.entry(fact).or_insert((0.0, 0.0));
                entry.0 += postings.idf * field_weight * multiplier;
                if self
                    .label_concepts
                    .get(fact)
                    .is_some_and(|k| k.contains(concept))
                {
                    entry.1 += postings.idf * multiplier;
                }
            }
        }
        let mut ranked: Vec<Candidate> = covered
            .into_iter()
            .filter_map(|(fact, (weight, label_weight))| {
                let f = self.knowledge.facts.get(fact)?;
                let mass = self.label_mass.get(fact).copied().unwrap_or(0.0);
                let focus = if mass > 0.0 {
                    (label_weight / mass).min(1.0)
                } else {
                    0.0
                };
                let coverage = (weight / total).min(1.0);
                // "Why did he visit?": a fact that declares it gives reasons beats one that
                // merely mentions the visit.
                let declared = if f.kinds.contains(&kind) {
                    DECLARED_KIND_BONUS
                } else {
                    0.0
                };
                Some(Candidate {
                    fact,
                    score: ((1.0 - FOCUS_SHARE) * coverage + FOCUS_SHARE * focus + declared)
                        .min(1.0),
                    coverage,
                    fits_kind: fits(f, kind),
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
            && fit.coverage >= ANSWER_MIN
            && fit.score >= best.score * KIND_TOLERANCE
        {
            // Only a question for a concrete detail is worth a clarification: "when was the MoU
            // signed?" has two true answers; "what is the LEP?" is answered by the best fit.
            let rival = ranked
                .iter()
                .filter(|_| !analysis.kind.is_open())
                .filter(|c| c.fits_kind && c.fact != fit.fact)
                .find(|c| c.coverage >= ANSWER_MIN && fit.score - c.score < CLARIFY_MARGIN);
            return match rival {
                Some(rival) => self.clarify(fit, rival),
                None => self.answer_with(fit, analysis.asks_mention),
            };
        }
        if let Some(best) = best
            && best.coverage >= ANSWER_MIN
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

    fn answer_with(&self, candidate: &Candidate, yes: bool) -> Reply {
        let Some(fact) = self.knowledge.facts.get(candidate.fact) else {
            return Reply::without_fact(ReplyKind::NoAnswer, msg::NO_ANSWER.to_string());
        };
        let mut text = String::new();
        if yes {
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
            .filter(|b| b.coverage >= POINTER_MIN)
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
