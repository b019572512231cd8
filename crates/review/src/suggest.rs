//! What to do about one cluster of questions, and the evidence for it.
//!
//! The rule is honesty first: a change is proposed only when
//!
//! 1. **evidence links the new word to the statement**: the word is in the statement's own text
//!    (`source.txt`) in a paragraph a fact cites; or the engine already reads it as a concept of
//!    the statement through the lexicon, only without full trust; or the language's lexicon links
//!    it to a word the statement uses as a synonym, a derived form or a pertainym (of any of its
//!    frequent senses, or two such links away: then the fact must also be among those the question
//!    already came near), ending at a word the package itself uses (not only one that reads as the
//!    same stem), never through a place's country or a loose "see also"; and
//! 2. **the package proves it in memory**: with the change made to its files and loaded by the
//!    core's own loader, every question of the cluster is answered from one and the same fact,
//!    leading the runner-up by [`crate::verify::CLEAR_MARGIN`]; every other question of the log that was answered
//!    keeps its fact and every one that was refused stays refused; the package's dialogues fail
//!    nothing they did not fail before; and `check` finds nothing new.
//!
//! A word with no such link is a **near miss**: the statement doesn't say it, and the refusal is
//! right. So is a partial answer (the statement does not give that detail) and a false premise.
//! Nothing here ever adds a kind of detail to a fact or writes an answer: a sentence of the
//! statement no fact covers is shown as a draft for a person to write ([`Action::MissingFact`]).

use std::collections::BTreeSet;

use serde::Serialize;

use communique_core::engine::index::Reading;
use communique_core::engine::{Engine, Term};
use communique_core::knowledge::{Knowledge, paragraphs};
use communique_core::lexicon::{Relation, WordClass};
use communique_core::text::{squash_whitespace, tokenize};

use crate::messages as msg;
use crate::package::{Change, Package};
use crate::verify::{Bench, DialogueRun, Verdict, ask, check_problems, run_dialogues};

/// How many changes are tried for one cluster.
const MAX_TRIED: usize = 12;
/// A lexicon link this trusted (the relation's trust, decayed by sense) is tried.
const LINK_MIN: f32 = 0.3;
/// A fact this close to a question (coverage) counts as one it came near.
const NEAR_COVERAGE: f32 = 0.25;
/// A concept is specific when at most one fact in this many carries it (and at most
/// [`SPECIFIC_MIN`] in a small package)...
const SPECIFIC_SHARE: usize = 4;
/// ... or at most this many facts.
const SPECIFIC_MIN: usize = 3;
/// A word of a concept's name stands for it when the index trusts that this much.
const NAME_PART_MIN: f32 = 0.8;
/// What the engine's own reading of a word is called in a chain of links.
const RELATION_READ: &str = "read by the engine as";
/// What a word's base form is called in a chain of links.
const RELATION_BASE: &str = "base form";
/// A sentence is covered by a fact that shares this much of its content words.
const COVERED_SHARE: f32 = 0.5;

/// What a review proposes for a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// Map a word or phrase to the statement (a synonym of a concept, or a keyword of a fact).
    MapWord {
        change: Change,
        fact: String,
        /// The concept the word is mapped to (the fact carries it); `None` for a word of the
        /// statement's own text.
        concept: Option<String>,
        evidence: Vec<Evidence>,
    },
    /// Add a question as an example of a fact (a question answered with a thin margin).
    AddExample {
        change: Change,
        fact: String,
        evidence: Vec<Evidence>,
    },
    /// The statement doesn't say this: the refusal is right; keep refusing.
    KeepRefusing { evidence: Vec<Evidence> },
    /// A sentence of the statement answers it but no fact covers it: a draft for a person.
    MissingFact {
        paragraph: u32,
        sentence: String,
        draft: String,
        evidence: Vec<Evidence>,
    },
    /// No change passes the checks (or none applies): for a person to look at.
    Unclear { evidence: Vec<Evidence> },
}

impl Action {
    /// The change a curator may accept, if the action has one.
    pub fn change(&self) -> Option<&Change> {
        match self {
            Action::MapWord { change, .. } | Action::AddExample { change, .. } => Some(change),
            _ => None,
        }
    }

    /// The concept a mapped word must bring its fact (see [`prove`]).
    pub fn concept(&self) -> Option<&str> {
        match self {
            Action::MapWord { concept, .. } => concept.as_deref(),
            _ => None,
        }
    }

    /// The fact the change makes answer.
    pub fn fact(&self) -> Option<&str> {
        match self {
            Action::MapWord { fact, .. } | Action::AddExample { fact, .. } => Some(fact),
            _ => None,
        }
    }

    pub fn evidence(&self) -> &[Evidence] {
        match self {
            Action::MapWord { evidence, .. }
            | Action::AddExample { evidence, .. }
            | Action::KeepRefusing { evidence }
            | Action::MissingFact { evidence, .. }
            | Action::Unclear { evidence } => evidence,
        }
    }
}

/// One link of a chain through the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub from: String,
    pub relation: String,
    pub to: String,
}

/// A reason for (or against) an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "evidence", rename_all = "kebab-case")]
pub enum Evidence {
    /// The statement's own text has the word, in this paragraph and sentence.
    SourceText {
        word: String,
        paragraph: u32,
        sentence: String,
    },
    /// The engine reads the word as this concept through the lexicon, trusted this much.
    EngineReading {
        word: String,
        concept: String,
        trust: f32,
    },
    /// The lexicon links the word to one the statement uses.
    Lexicon { links: Vec<Link> },
    /// With the change, the package answers the cluster's questions from `fact`.
    Answers {
        answered: usize,
        of: usize,
        fact: String,
        least_margin: f32,
        runner_up: Option<String>,
    },
    /// With the change, the rest of the log keeps its answers and refusals.
    KeepsLog { answers: usize, refusals: usize },
    /// With the change, the package's dialogues pass as before.
    Dialogues { passed: usize },
    /// The statement's text confirms the fact answered from: the paragraphs it cites hold every
    /// content word of the questions, the runner-up's fewer.
    Confirmed { fact: String },
    /// Nothing confirms the fact answered from over the runner-up.
    NotConfirmed { fact: String },
    /// The question was answered, but the runner-up came this close.
    ThinMargin {
        fact: String,
        margin: f32,
        runner_up: Option<String>,
    },
    /// No word of the statement relates to these words.
    Unrelated { words: Vec<String> },
    /// The fact the questions are about does not give the detail asked.
    DetailMissing { fact: String, detail: String },
    /// The question rests on something the fact does not tell of.
    FalsePremise { fact: String },
    /// The messages hold nothing the statement could answer (small talk, nonsense).
    NothingAsked,
    /// The messages were follow-ups, read with a conversation a review cannot replay.
    InContext,
    /// A change that was tried, and why it was not proposed.
    Tried { change: Change, failed: String },
}

/// What a suggestion is checked against: the package as it is, and the log's questions.
pub struct Context<'a> {
    pub bench: &'a Bench,
    pub package: &'a Package,
    pub engine: &'a Engine,
    pub dialogues: &'a DialogueRun,
    pub check: &'a BTreeSet<String>,
    /// Every distinct question of the log (asked alone) for this statement, and what the package
    /// as it is decides for it.
    pub logged: &'a [(String, Verdict)],
}

/// The shape of a cluster, as [`crate::review`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Questions with words the statement never uses.
    Words(Vec<String>),
    /// Refused with every word known (too little of the question matched).
    Unmatched,
    /// Answered, with a thin margin.
    ThinAnswer,
    /// A detail the fact does not give.
    Detail { fact: String, detail: String },
    /// A false premise.
    Premise { fact: String },
    /// Nothing to answer.
    Nothing,
    /// Follow-ups.
    Context,
}

/// The action for a cluster of `questions` (distinct texts, asked alone) with this `need`.
pub fn suggest(ctx: &Context<'_>, need: &Need, questions: &[String]) -> Action {
    match need {
        Need::Detail { fact, detail } => Action::KeepRefusing {
            evidence: vec![Evidence::DetailMissing {
                fact: fact.clone(),
                detail: detail.clone(),
            }],
        },
        Need::Premise { fact } => Action::KeepRefusing {
            evidence: vec![Evidence::FalsePremise { fact: fact.clone() }],
        },
        Need::Nothing => Action::KeepRefusing {
            evidence: vec![Evidence::NothingAsked],
        },
        Need::Context => Action::Unclear {
            evidence: vec![Evidence::InContext],
        },
        Need::ThinAnswer => thin_answer(ctx, questions),
        Need::Words(words) => unplaced(ctx, words, questions),
        Need::Unmatched => unplaced(ctx, &[], questions),
    }
}

/// A change to try, with the evidence that led to it. `from_text`: the statement's own text has
/// the word (no other corroboration needed); otherwise the fact it makes answer must be one the
/// questions already came near. `concept`: the concept the word is mapped to, which that fact
/// must carry (a mapping that only silences an unknown word proves nothing).
struct Candidate {
    change: Change,
    evidence: Vec<Evidence>,
    from_text: bool,
    concept: Option<String>,
}

/// Questions refused for words the statement does not use (`words`), or whose known words the
/// engine read only partly: map a word when evidence and the package allow it.
fn unplaced(ctx: &Context<'_>, words: &[String], questions: &[String]) -> Action {
    let verdicts: Vec<Verdict> = questions.iter().map(|q| ask(ctx.engine, q)).collect();
    let knowledge = ctx.engine.knowledge();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut missing: Option<Action> = None;
    // 1. the statement's own text
    for word in words {
        for hit in source_hits(ctx, word) {
            let citing: Vec<&str> = facts_citing(knowledge, hit.paragraph, &hit.sentence);
            if citing.is_empty() || !covered(ctx.engine, knowledge, hit.paragraph, &hit.sentence) {
                missing.get_or_insert_with(|| missing_fact(ctx.engine, word, &hit));
            }
            for fact in citing {
                candidates.push(Candidate {
                    change: Change::Keyword {
                        fact: fact.to_string(),
                        word: word.clone(),
                    },
                    evidence: vec![Evidence::SourceText {
                        word: word.clone(),
                        paragraph: hit.paragraph,
                        sentence: hit.sentence.clone(),
                    }],
                    from_text: true,
                    concept: None,
                });
            }
        }
    }
    // 2. the engine's own reading through the lexicon (a word it trusts only partly)
    let mut read: Vec<(String, String)> = Vec::new();
    for verdict in &verdicts {
        for (word, concept) in &verdict.trace.related {
            if !read.iter().any(|(w, _)| w == word) && words_of(word).len() == 1 {
                read.push((word.clone(), concept.clone()));
            }
        }
    }
    for (word, concept) in &read {
        if !is_specific(ctx.engine, concept) {
            continue;
        }
        for change in concept_changes(ctx.engine, concept, concept, word) {
            candidates.push(Candidate {
                change,
                evidence: vec![Evidence::EngineReading {
                    word: word.clone(),
                    concept: concept.clone(),
                    trust: trust_of(ctx.engine, word),
                }],
                from_text: false,
                concept: Some(concept.clone()),
            });
        }
    }
    // 3. the language's lexicon, to a word the package itself uses
    let uses = Uses::of(ctx);
    for word in words {
        for (links, lemma, concept) in lexicon_links(ctx.engine, &uses, word) {
            for change in concept_changes(ctx.engine, &concept, &lemma, word) {
                candidates.push(Candidate {
                    change,
                    evidence: vec![Evidence::Lexicon {
                        links: links.clone(),
                    }],
                    from_text: false,
                    concept: Some(concept.clone()),
                });
            }
        }
    }
    let unrelated = || Evidence::Unrelated {
        words: if words.is_empty() {
            unread_words(&verdicts)
        } else {
            words.to_vec()
        },
    };
    if candidates.is_empty() {
        return missing.unwrap_or_else(|| Action::KeepRefusing {
            evidence: vec![unrelated()],
        });
    }
    let near = near_facts(&verdicts);
    let mut tried = Vec::new();
    let mut seen: Vec<Change> = Vec::new();
    // a change that would answer clearly from a fact the questions came near, but breaks
    // something else: that is for a person to look at, not a near miss
    let mut blocked = false;
    for candidate in candidates {
        if seen.contains(&candidate.change) {
            continue;
        }
        seen.push(candidate.change.clone());
        if tried.len() >= MAX_TRIED {
            break;
        }
        match prove(
            ctx,
            &candidate.change,
            questions,
            candidate.concept.as_deref(),
        ) {
            Ok(proof) if !candidate.from_text && !near.contains(&proof.fact) => {
                tried.push(Evidence::Tried {
                    change: candidate.change,
                    failed: msg::NOT_NEAR.replace("{fact}", &proof.fact),
                });
            }
            Ok(proof) => {
                let mut evidence = candidate.evidence;
                let fact = proof.fact.clone();
                evidence.extend(proof.evidence());
                return Action::MapWord {
                    change: candidate.change,
                    fact,
                    concept: candidate.concept,
                    evidence,
                };
            }
            Err(failure) => {
                blocked |= failure
                    .fact
                    .as_ref()
                    .is_some_and(|f| candidate.from_text || near.contains(f));
                tried.push(Evidence::Tried {
                    change: candidate.change,
                    failed: failure.why,
                });
            }
        }
    }
    if let Some(missing) = missing {
        return missing;
    }
    if blocked {
        return Action::Unclear { evidence: tried };
    }
    let mut evidence = vec![unrelated()];
    evidence.extend(tried);
    Action::KeepRefusing { evidence }
}

/// Answered with a thin margin: the question as an example of the fact it was answered from,
/// when the statement's own text confirms that fact: every content word of each question is in
/// the paragraphs the fact cites, and the runner-up's paragraphs hold fewer of them. Otherwise the
/// engine hesitated between two facts and nothing says which is right: for a person to look at.
fn thin_answer(ctx: &Context<'_>, questions: &[String]) -> Action {
    let verdicts: Vec<Verdict> = questions.iter().map(|q| ask(ctx.engine, q)).collect();
    let answered: BTreeSet<&str> = verdicts.iter().filter_map(|v| v.fact.as_deref()).collect();
    let thin = verdicts.iter().min_by(|a, b| a.margin.total_cmp(&b.margin));
    let mut evidence: Vec<Evidence> = thin
        .map(|v| Evidence::ThinMargin {
            fact: v.fact.clone().unwrap_or_default(),
            margin: round(v.margin),
            runner_up: v.runner_up.clone(),
        })
        .into_iter()
        .collect();
    let (Some(fact), 1) = (answered.iter().next(), answered.len()) else {
        return Action::Unclear { evidence };
    };
    let confirmed = questions
        .iter()
        .zip(&verdicts)
        .all(|(q, v)| text_confirms(ctx, q, v));
    if !confirmed {
        evidence.push(Evidence::NotConfirmed {
            fact: (*fact).to_string(),
        });
        return Action::Unclear { evidence };
    }
    for question in questions.iter().take(MAX_TRIED) {
        let change = Change::Example {
            fact: (*fact).to_string(),
            question: question.clone(),
        };
        match prove(ctx, &change, questions, None) {
            Ok(proof) if proof.fact == *fact => {
                evidence.push(Evidence::Confirmed {
                    fact: (*fact).to_string(),
                });
                evidence.extend(proof.evidence());
                return Action::AddExample {
                    change,
                    fact: (*fact).to_string(),
                    evidence,
                };
            }
            Ok(proof) => evidence.push(Evidence::Tried {
                change,
                failed: msg::ANSWERED_INSTEAD.replace("{fact}", &proof.fact),
            }),
            Err(failure) => evidence.push(Evidence::Tried {
                change,
                failed: failure.why,
            }),
        }
    }
    Action::Unclear { evidence }
}

/// Whether the statement's text confirms the fact `verdict` answered `question` from: the
/// paragraphs it cites hold every content word of the question (by stem), and the runner-up's
/// hold fewer.
fn text_confirms(ctx: &Context<'_>, question: &str, verdict: &Verdict) -> bool {
    let Some(source) = ctx.package.source_text() else {
        return false;
    };
    let index = ctx.engine.index();
    let knowledge = ctx.engine.knowledge();
    let paragraphs = paragraphs(source);
    let stems_of = |id: Option<&String>| -> BTreeSet<String> {
        let Some(fact) = id.and_then(|id| knowledge.fact(id)) else {
            return BTreeSet::new();
        };
        fact.paragraphs
            .iter()
            .filter_map(|&n| paragraphs.get((n as usize).checked_sub(1)?))
            .flat_map(|p| tokenize(p))
            .map(|t| index.stem(&t).into_owned())
            .collect()
    };
    let content: Vec<String> = tokenize(question)
        .into_iter()
        .filter(|t| t.chars().count() > 1)
        .filter(|t| {
            !matches!(
                index.terms(std::slice::from_ref(t)).as_slice(),
                [Term::Generic]
            )
        })
        .map(|t| index.stem(&t).into_owned())
        .collect();
    let (fact, runner_up) = (
        stems_of(verdict.fact.as_ref()),
        stems_of(verdict.runner_up.as_ref()),
    );
    let held = |stems: &BTreeSet<String>| content.iter().filter(|c| stems.contains(*c)).count();
    !content.is_empty() && held(&fact) == content.len() && held(&runner_up) < content.len()
}

/// What a change was shown to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Proof {
    pub fact: String,
    pub answered: usize,
    pub least_margin: f32,
    pub runner_up: Option<String>,
    pub answers_kept: usize,
    pub refusals_kept: usize,
    pub dialogues_passed: usize,
}

impl Proof {
    fn evidence(&self) -> Vec<Evidence> {
        vec![
            Evidence::Answers {
                answered: self.answered,
                of: self.answered,
                fact: self.fact.clone(),
                least_margin: round(self.least_margin),
                runner_up: self.runner_up.clone(),
            },
            Evidence::KeepsLog {
                answers: self.answers_kept,
                refusals: self.refusals_kept,
            },
            Evidence::Dialogues {
                passed: self.dialogues_passed,
            },
        ]
    }
}

/// Why a change was not proved: in words, and the fact it made answer when the questions were
/// answered clearly but something else broke (`None` when they were not).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub why: String,
    pub fact: Option<String>,
}

impl Failure {
    fn new(why: String) -> Failure {
        Failure { why, fact: None }
    }
}

/// Makes `change` to the package in memory and checks everything a change must keep: every one
/// of `questions` answered clearly from one fact (which carries `concept`, when given), the rest
/// of the log kept, the dialogues and `check` no worse. The proof, or why it fails.
pub fn prove(
    ctx: &Context<'_>,
    change: &Change,
    questions: &[String],
    concept: Option<&str>,
) -> Result<Proof, Failure> {
    let changed = ctx
        .package
        .with(change)
        .map_err(|e| Failure::new(e.to_string()))?;
    let engine = ctx.bench.engine(&changed).map_err(|e| {
        Failure::new(msg::WOULD_NOT_LOAD.replace("{problem}", &first_problem(&e.to_string())))
    })?;
    let mut fact: Option<String> = None;
    let mut least = f32::MAX;
    let mut runner_up = None;
    for question in questions {
        let verdict = ask(&engine, question);
        if !verdict.is_proof() {
            let why = match (&verdict.fact, verdict.is_answer()) {
                (Some(f), true) if verdict.is_clear_answer() => msg::EXPLAINS_LITTLE
                    .replace("{question}", question)
                    .replace("{fact}", f)
                    .replace("{coverage}", &format!("{:.2}", verdict.coverage)),
                (Some(f), true) => msg::ONLY_AHEAD
                    .replace("{question}", question)
                    .replace("{fact}", f)
                    .replace("{margin}", &format!("{:.2}", verdict.margin))
                    .replace("{runner_up}", verdict.runner_up.as_deref().unwrap_or("-")),
                _ => msg::STILL_REFUSED.replace("{question}", question),
            };
            return Err(Failure::new(why));
        }
        match (&fact, &verdict.fact) {
            (Some(f), Some(g)) if f != g => {
                return Err(Failure::new(
                    msg::TWO_FACTS.replace("{first}", f).replace("{second}", g),
                ));
            }
            _ => fact = fact.or(verdict.fact.clone()),
        }
        if verdict.margin < least {
            least = verdict.margin;
            runner_up = verdict.runner_up.clone();
        }
    }
    let fact = fact.ok_or_else(|| Failure::new(msg::NO_QUESTION.to_string()))?;
    if let Some(concept) = concept {
        let position = engine.knowledge().facts.iter().position(|f| f.id == fact);
        let carries = engine
            .index()
            .concepts
            .get(concept)
            .is_some_and(|p| p.facts.iter().any(|(f, _)| Some(*f) == position));
        if !carries {
            return Err(Failure::new(
                msg::NOT_CARRIED
                    .replace("{fact}", &fact)
                    .replace("{concept}", concept),
            ));
        }
    }
    let blocked = |why: String| Failure {
        why,
        fact: Some(fact.clone()),
    };
    let (mut answers, mut refusals) = (0, 0);
    for (question, before) in ctx.logged {
        if questions.contains(question) {
            continue;
        }
        let after = ask(&engine, question);
        if before.is_answer() {
            if !(after.is_answer() && after.fact == before.fact) {
                return Err(blocked(
                    msg::ANSWER_LOST
                        .replace("{question}", question)
                        .replace("{before}", before.fact.as_deref().unwrap_or("-"))
                        .replace("{after}", after.fact.as_deref().unwrap_or(msg::NO_FACT)),
                ));
            }
            answers += 1;
        } else if before.is_refused() {
            if !after.is_refused() {
                return Err(blocked(
                    msg::REFUSAL_LOST
                        .replace("{question}", question)
                        .replace("{after}", after.fact.as_deref().unwrap_or("-")),
                ));
            }
            refusals += 1;
        }
    }
    let dialogues = run_dialogues(&engine, &changed);
    if let Some(new) = dialogues
        .failures
        .difference(&ctx.dialogues.failures)
        .next()
    {
        return Err(blocked(msg::DIALOGUE_FAILS.replace("{failure}", new)));
    }
    if let Some(new) = check_problems(&engine, &changed)
        .difference(ctx.check)
        .next()
    {
        return Err(blocked(msg::CHECK_FAILS.replace("{problem}", new)));
    }
    Ok(Proof {
        fact,
        answered: questions.len(),
        least_margin: least,
        runner_up,
        answers_kept: answers,
        refusals_kept: refusals,
        dialogues_passed: dialogues.passed,
    })
}

/// A sentence of the statement's text holding a word.
struct Hit {
    paragraph: u32,
    sentence: String,
}

/// Where the statement's text uses `word` (by stem): each sentence once.
fn source_hits(ctx: &Context<'_>, word: &str) -> Vec<Hit> {
    let Some(source) = ctx.package.source_text() else {
        return Vec::new();
    };
    let index = ctx.engine.index();
    let stem = index.stem(word).into_owned();
    let mut hits = Vec::new();
    for (n, paragraph) in paragraphs(source).iter().enumerate() {
        for sentence in sentences(paragraph) {
            if tokenize(&sentence).iter().any(|t| index.stem(t) == stem) {
                hits.push(Hit {
                    paragraph: n as u32 + 1,
                    sentence,
                });
            }
        }
    }
    hits
}

/// The sentences of a paragraph (ends at `.`, `?`, `!` before a space, and at line ends).
fn sentences(paragraph: &str) -> Vec<String> {
    let squashed = squash_whitespace(paragraph);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = squashed.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| *n == ' ') {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// The facts citing paragraph `n`, those whose quote is in `sentence` first.
fn facts_citing<'k>(knowledge: &'k Knowledge, n: u32, sentence: &str) -> Vec<&'k str> {
    let mut citing: Vec<(bool, &str)> = knowledge
        .facts
        .iter()
        .filter(|f| f.paragraphs.contains(&n))
        .map(|f| {
            let quoted = f
                .quote
                .as_deref()
                .is_some_and(|q| sentence.contains(&squash_whitespace(q)));
            (!quoted, f.id.as_str())
        })
        .collect();
    citing.sort_by_key(|(unquoted, _)| *unquoted);
    citing.into_iter().map(|(_, id)| id).collect()
}

/// Whether a fact citing paragraph `n` covers `sentence`: quotes it, or shares most of its
/// content words.
fn covered(engine: &Engine, knowledge: &Knowledge, n: u32, sentence: &str) -> bool {
    let index = engine.index();
    let concepts = |text: &str| -> BTreeSet<String> {
        index
            .terms(&tokenize(text))
            .into_iter()
            .filter_map(|t| match t {
                Term::Concept(c) => Some(c),
                _ => None,
            })
            .collect()
    };
    let wanted = concepts(sentence);
    knowledge
        .facts
        .iter()
        .filter(|f| f.paragraphs.contains(&n))
        .any(|f| {
            if f.quote
                .as_deref()
                .is_some_and(|q| sentence.contains(&squash_whitespace(q)))
            {
                return true;
            }
            let text = format!("{} {} {}", f.label, f.answer, f.keywords.join(" "));
            let has = concepts(&text);
            let shared = wanted.intersection(&has).count();
            !wanted.is_empty() && shared as f32 >= COVERED_SHARE * wanted.len() as f32
        })
}

/// A drafted fact for a sentence no fact covers.
fn missing_fact(engine: &Engine, word: &str, hit: &Hit) -> Action {
    let knowledge = engine.knowledge();
    let topic = knowledge
        .facts
        .iter()
        .find(|f| f.paragraphs.contains(&hit.paragraph))
        .map_or_else(
            || {
                knowledge
                    .topics
                    .first()
                    .map(|t| t.id.clone())
                    .unwrap_or_default()
            },
            |f| f.topic.clone(),
        );
    let quote: String = hit.sentence.chars().take(300).collect();
    let slug: String = word
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let draft = format!(
        "[[fact]]\nid = {id:?}\ntopic = {topic:?}\nlabel = {label:?}\nanswer = {answer:?}\nparagraphs = [{p}]\nquote = {quote:?}\nkeywords = [{word:?}]\n",
        id = format!("{topic}-{slug}"),
        label = format!("what the statement says about {word}"),
        answer = hit.sentence,
        p = hit.paragraph,
    );
    Action::MissingFact {
        paragraph: hit.paragraph,
        sentence: hit.sentence.clone(),
        draft,
        evidence: vec![Evidence::SourceText {
            word: word.to_string(),
            paragraph: hit.paragraph,
            sentence: hit.sentence.clone(),
        }],
    }
}

/// The ways to make `word` read as `concept` (whose word in the statement is `lemma`): join the
/// package's synonym group of the concept; else a new group with `lemma` when no group has it;
/// else a keyword of each fact that carries the concept, the strongest first.
fn concept_changes(engine: &Engine, concept: &str, lemma: &str, word: &str) -> Vec<Change> {
    let knowledge = engine.knowledge();
    let index = engine.index();
    let reads_as = |text: &str| {
        let terms: Vec<Term> = index
            .terms(&tokenize(text))
            .into_iter()
            .filter(|t| *t != Term::Generic)
            .collect();
        matches!(terms.as_slice(), [Term::Concept(c)] if c == concept)
    };
    if let Some(group) = knowledge
        .synonyms
        .iter()
        .find(|g| g.first().is_some_and(|first| reads_as(first)))
        .and_then(|g| g.first())
    {
        return vec![Change::Synonym {
            canonical: group.clone(),
            word: word.to_string(),
            new_group: false,
        }];
    }
    let grouped = knowledge
        .synonyms
        .iter()
        .chain(&knowledge.language.synonyms)
        .any(|g| g.iter().any(|w| w == lemma));
    if !grouped && reads_as(lemma) && words_of(lemma).len() == 1 {
        return vec![Change::Synonym {
            canonical: lemma.to_string(),
            word: word.to_string(),
            new_group: true,
        }];
    }
    let mut carriers: Vec<(usize, f32)> = index
        .concepts
        .get(concept)
        .map(|p| p.facts.clone())
        .unwrap_or_default();
    carriers.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    carriers
        .iter()
        .take(3)
        .filter_map(|(f, _)| knowledge.facts.get(*f))
        .map(|f| Change::Keyword {
            fact: f.id.clone(),
            word: word.to_string(),
        })
        .collect()
}

/// The lexicon's links from `word` to a specific concept the statement uses: (the chain, the
/// statement's lemma, the concept). Only synonyms, derived forms, pertainyms and similar
/// adjectives, of any frequent sense; one link, or two through synonyms and derived forms of the
/// first sense.
fn lexicon_links(engine: &Engine, uses: &Uses, word: &str) -> Vec<(Vec<Link>, String, String)> {
    let language = engine.index().language();
    let Some(lexicon) = language.lexicon() else {
        return Vec::new();
    };
    let Some(entry) = lexicon.base_entry(word) else {
        return Vec::new();
    };
    if matches!(entry.class, WordClass::Function | WordClass::Chatter) {
        return Vec::new();
    }
    let mut out: Vec<(Vec<Link>, String, String)> = Vec::new();
    let mut push = |mut links: Vec<Link>, lemma: &str| {
        if lexicon.class(lemma) == WordClass::Function || !uses.has(lemma) {
            return;
        }
        if let Some((concept, read)) = single_concept(engine, lemma)
            && is_specific(engine, &concept)
            && !out.iter().any(|(_, _, c)| *c == concept)
        {
            if read {
                links.push(Link {
                    from: lemma.to_string(),
                    relation: RELATION_READ.to_string(),
                    to: concept.clone(),
                });
            }
            out.push((links, lemma.to_string(), concept));
        }
    };
    let base_link = (entry.key != word).then(|| Link {
        from: word.to_string(),
        relation: RELATION_BASE.to_string(),
        to: entry.key.to_string(),
    });
    let with_base = |mut links: Vec<Link>| {
        if let Some(base) = &base_link {
            links.insert(0, base.clone());
        }
        links
    };
    for related in entry.related() {
        let Some(name) = usable(related.relation) else {
            continue;
        };
        if related.weight() < LINK_MIN {
            continue;
        }
        let link = Link {
            from: entry.key.to_string(),
            relation: name.to_string(),
            to: related.lemma.to_string(),
        };
        push(with_base(vec![link.clone()]), related.lemma);
        // two links: through a synonym or a derived form of the first sense, to one of those
        if related.sense != 1
            || !matches!(related.relation, Relation::Synonym | Relation::Derivation)
        {
            continue;
        }
        let Some(next) = lexicon.entry(related.lemma) else {
            continue;
        };
        for second in next.related().filter(|r| r.sense == 1) {
            if !matches!(second.relation, Relation::Synonym | Relation::Derivation)
                || second.lemma == entry.key
            {
                continue;
            }
            let hop = Link {
                from: related.lemma.to_string(),
                relation: usable(second.relation).unwrap_or_default().to_string(),
                to: second.lemma.to_string(),
            };
            push(with_base(vec![link.clone(), hop]), second.lemma);
        }
    }
    out
}

/// The words a package itself uses: its statement's text, its facts' labels, answers, keywords and
/// examples, and its own vocabulary, each word with its base forms in the lexicon.
///
/// A lexicon link must end at one of these, not merely at a word that reads as the same concept:
/// reading folds words to stems, so "procure" → "secure" would otherwise reach a statement that
/// only ever says "security", a sense it never uses.
struct Uses {
    words: BTreeSet<String>,
    /// Every text's words, space-separated and framed by spaces (for phrases).
    text: String,
}

impl Uses {
    fn of(ctx: &Context<'_>) -> Uses {
        let knowledge = ctx.engine.knowledge();
        let mut texts: Vec<&str> = ctx.package.source_text().into_iter().collect();
        for fact in &knowledge.facts {
            texts.push(&fact.label);
            texts.push(&fact.answer);
            texts.extend(fact.keywords.iter().map(String::as_str));
            texts.extend(fact.examples.iter().map(String::as_str));
        }
        texts.extend(knowledge.synonyms.iter().flatten().map(String::as_str));
        let lexicon = ctx.engine.index().language().lexicon();
        let mut words = BTreeSet::new();
        let mut text = String::from(" ");
        for part in texts {
            for token in tokenize(part) {
                if let Some(lexicon) = &lexicon {
                    words.extend(lexicon.lemmas(&token).into_iter().map(str::to_string));
                }
                text.push_str(&token);
                text.push(' ');
                words.insert(token);
            }
            // a phrase never runs from one text into the next
            text.push_str("| ");
        }
        Uses { words, text }
    }

    /// Whether the package uses `lemma` (a word, or a phrase word for word).
    fn has(&self, lemma: &str) -> bool {
        match tokenize(lemma).as_slice() {
            [] => false,
            [word] => self.words.contains(word),
            phrase => self.text.contains(&format!(" {} ", phrase.join(" "))),
        }
    }
}

/// Whether `concept` is specific to a few facts of the statement (a word that many facts use,
/// like "cover" or "deal", says too little to map a new word to).
fn is_specific(engine: &Engine, concept: &str) -> bool {
    let facts = engine.knowledge().facts.len();
    let most = (facts / SPECIFIC_SHARE).max(SPECIFIC_MIN);
    engine
        .index()
        .concepts
        .get(concept)
        .is_some_and(|p| !p.facts.is_empty() && p.facts.len() <= most)
}

/// The name of a relation a word may be mapped through; `None` for the loose ones.
fn usable(relation: Relation) -> Option<&'static str> {
    match relation {
        Relation::Synonym => Some("synonym"),
        Relation::Derivation => Some("derived form"),
        Relation::Pertainym => Some("pertainym"),
        Relation::Similar => Some("similar adjective"),
        Relation::VerbGroup => Some("verb of related sense"),
        Relation::Hypernym => Some("broader term"),
        Relation::Hyponym => Some("narrower term"),
        _ => None,
    }
}

/// The one concept of the statement `lemma` reads as (every other word of it filler), if the
/// statement uses it; a word the statement uses only inside one concept's name ("muslim" of
/// "muslim friendly") reads as that concept.
fn single_concept(engine: &Engine, lemma: &str) -> Option<(String, bool)> {
    let index = engine.index();
    let tokens = tokenize(lemma);
    let terms: Vec<Term> = index
        .terms(&tokens)
        .into_iter()
        .filter(|t| *t != Term::Generic)
        .collect();
    match terms.as_slice() {
        [Term::Concept(c)] if index.concepts.contains_key(c) => Some((c.clone(), false)),
        [Term::Unknown(word)] if tokens.len() == 1 => match index.read_unknown(word, false) {
            Reading::Related { concept, trust } if trust >= NAME_PART_MIN => Some((concept, true)),
            _ => None,
        },
        _ => None,
    }
}

/// How far the engine trusts its lexicon reading of `word` (1 when it does not read it so).
fn trust_of(engine: &Engine, word: &str) -> f32 {
    match engine.index().read_unknown(word, false) {
        Reading::Related { trust, .. } => round(trust),
        _ => 1.0,
    }
}

/// The facts the questions came near (their candidates with some coverage).
fn near_facts(verdicts: &[Verdict]) -> BTreeSet<String> {
    verdicts
        .iter()
        .flat_map(|v| &v.trace.candidates)
        .filter(|c| c.coverage >= NEAR_COVERAGE)
        .map(|c| c.fact.clone())
        .collect()
}

/// Words of refused questions the engine read as nothing it could use (for the near-miss
/// evidence of a cluster with no unknown words).
fn unread_words(verdicts: &[Verdict]) -> Vec<String> {
    let mut words: Vec<String> = verdicts
        .iter()
        .flat_map(|v| &v.trace.related)
        .map(|(w, _)| w.clone())
        .collect();
    words.dedup();
    words
}

fn words_of(text: &str) -> Vec<String> {
    tokenize(text)
}

fn first_problem(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .nth(1)
        .or_else(|| text.lines().next())
        .unwrap_or_default()
        .to_string()
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops() {
        assert_eq!(
            sentences("One, two. Three?\nFour! 2.5 stays"),
            ["One, two.", "Three?", "Four!", "2.5 stays"]
        );
    }
}
