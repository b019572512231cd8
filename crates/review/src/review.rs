//! The review of a question log: what an operator needs on one screen, as data ([`Report`]; the
//! program renders it as text, JSON or an HTML page).
//!
//! Counts and rates by outcome and language, and per day; the unanswered and weakly answered
//! questions grouped into clusters of the same need, largest first, each with an [`Action`] and
//! its evidence ([`crate::suggest`]); the most asked facts, the facts no one asked about, and the
//! facts often followed by "that's not what I asked".
//!
//! Clusters are simple and explainable: questions of one statement that share a word the
//! statement never uses are one cluster; so are refusals of the same missing detail of the same
//! fact, false premises about the same fact, messages with nothing to answer, follow-ups that
//! came to nothing, and the rest by their kind and nearest fact. Output is deterministic: the same
//! log and package give the same report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use communique_core::engine::Engine;

use crate::package::Package;
use crate::read::Skipped;
use crate::record::Record;
use crate::suggest::{Action, Context, Need, suggest};
use crate::verify::{Bench, CLEAR_MARGIN, Verdict, ask, check_problems, run_dialogues};

/// How many of the most asked facts a report lists.
const MOST_ASKED: usize = 10;
/// How many examples of a complaint a report keeps.
const COMPLAINT_EXAMPLES: usize = 3;

/// A statement the review can try changes on: its package as text and its engine.
pub struct Statement {
    pub package: Package,
    pub engine: Engine,
}

/// The whole review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Records read (after filtering), and lines skipped as not records.
    pub records: usize,
    pub skipped: Vec<String>,
    /// The first and last record's time.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Messages that asked something (every record but small talk).
    pub questions: usize,
    /// Per outcome kind: how many, and the share of `questions` (small talk: of all records).
    pub outcomes: Vec<Rate>,
    /// Per reply language.
    pub languages: Vec<LanguageRow>,
    /// Per UTC day.
    pub days: Vec<DayRow>,
    pub clusters: Vec<Cluster>,
    pub most_asked: Vec<FactCount>,
    /// Facts no record was answered from, per statement reviewed.
    pub unasked: Vec<FactCount>,
    /// Facts whose answer was followed by a complaint in the same conversation.
    pub complaints: Vec<Complaint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub kind: String,
    pub count: usize,
    pub share: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageRow {
    pub lang: String,
    pub questions: usize,
    pub answered: usize,
    pub clarified: usize,
    pub refused: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRow {
    pub day: String,
    pub questions: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactCount {
    pub statement: String,
    pub fact: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Complaint {
    pub statement: String,
    pub fact: String,
    pub count: usize,
    /// Questions whose answer drew the complaint.
    pub examples: Vec<String>,
}

/// Questions of the same need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// 1 for the largest.
    pub rank: usize,
    pub statement: Option<String>,
    /// What the questions share: `words` (words the statement never uses), `unmatched`,
    /// `thin-answer`, `detail` (a detail the statement does not give), `premise`, `nothing` or
    /// `context` (follow-ups).
    pub need: String,
    /// The words the statement never uses, most shared first (`words`).
    pub words: Vec<String>,
    /// The detail asked (`detail`).
    pub detail: Option<String>,
    /// How many records (a question asked twice counts twice).
    pub size: usize,
    /// What the questions got: `no-answer`, `partial`, `answer` (with a thin margin), ...
    pub outcome: String,
    /// The fact they came nearest to (the most common among them).
    pub nearest: Option<String>,
    pub questions: Vec<Asked>,
    pub action: Action,
}

/// One distinct question of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asked {
    pub text: String,
    pub count: usize,
    pub kind: String,
    pub fact: Option<String>,
}

/// Builds the report of `records` (oldest first) against `statements` (the packages to try
/// changes on: every statement the records name should be among them).
pub fn review(
    records: &[Record],
    skipped: &[Skipped],
    statements: &[Statement],
    bench: &Bench,
) -> Report {
    let questions: Vec<&Record> = records.iter().filter(|r| r.kind != "small-talk").collect();
    let count_of = |kind: &str| records.iter().filter(|r| r.kind == kind).count();
    let share = |n: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            ((n as f32 / of as f32) * 1000.0).round() / 1000.0
        }
    };
    let mut kinds = vec![
        "answer",
        "clarify",
        "partial",
        "no-answer",
        "which-statement",
    ];
    kinds.retain(|k| *k != "which-statement" || count_of(k) > 0);
    let mut outcomes: Vec<Rate> = kinds
        .iter()
        .map(|k| Rate {
            kind: (*k).to_string(),
            count: count_of(k),
            share: share(count_of(k), questions.len()),
        })
        .collect();
    outcomes.push(Rate {
        kind: "small-talk".to_string(),
        count: count_of("small-talk"),
        share: share(count_of("small-talk"), records.len()),
    });
    let mut languages: BTreeMap<String, LanguageRow> = BTreeMap::new();
    let mut days: BTreeMap<String, DayRow> = BTreeMap::new();
    for r in &questions {
        let row = languages
            .entry(r.lang.clone())
            .or_insert_with(|| LanguageRow {
                lang: r.lang.clone(),
                questions: 0,
                answered: 0,
                clarified: 0,
                refused: 0,
            });
        row.questions += 1;
        match r.kind.as_str() {
            "answer" => row.answered += 1,
            "clarify" => row.clarified += 1,
            _ if r.is_refused() => row.refused += 1,
            _ => {}
        }
        let day = days.entry(r.day().to_string()).or_insert_with(|| DayRow {
            day: r.day().to_string(),
            questions: 0,
            answered: 0,
        });
        day.questions += 1;
        day.answered += usize::from(r.kind == "answer");
    }
    Report {
        records: records.len(),
        skipped: skipped
            .iter()
            .map(|s| format!("{}:{}: {}", s.file, s.line, s.why))
            .collect(),
        from: records.first().map(|r| r.time.clone()),
        to: records.last().map(|r| r.time.clone()),
        questions: questions.len(),
        outcomes,
        languages: languages.into_values().collect(),
        days: days.into_values().collect(),
        clusters: clusters(records, statements, bench),
        most_asked: most_asked(records, statements),
        unasked: unasked(records, statements),
        complaints: complaints(records, statements),
    }
}

fn label_of(statements: &[Statement], statement: &str, fact: &str) -> String {
    statements
        .iter()
        .find(|s| s.package.id == statement)
        .and_then(|s| s.engine.knowledge().fact(fact))
        .map(|f| f.label.clone())
        .unwrap_or_default()
}

fn most_asked(records: &[Record], statements: &[Statement]) -> Vec<FactCount> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in records.iter().filter(|r| r.kind == "answer") {
        if let (Some(s), Some(f)) = (&r.statement, &r.fact) {
            *counts.entry((s.clone(), f.clone())).or_default() += 1;
        }
    }
    let mut list: Vec<FactCount> = counts
        .into_iter()
        .map(|((statement, fact), count)| FactCount {
            label: label_of(statements, &statement, &fact),
            statement,
            fact,
            count,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.fact.cmp(&b.fact)));
    list.truncate(MOST_ASKED);
    list
}

/// Facts of the statements the records speak for that no record was answered from.
fn unasked(records: &[Record], statements: &[Statement]) -> Vec<FactCount> {
    let named: BTreeSet<&str> = records
        .iter()
        .filter_map(|r| r.statement.as_deref())
        .collect();
    let answered: BTreeSet<(&str, &str)> = records
        .iter()
        .filter(|r| matches!(r.kind.as_str(), "answer" | "clarify"))
        .filter_map(|r| Some((r.statement.as_deref()?, r.fact.as_deref()?)))
        .collect();
    statements
        .iter()
        .filter(|s| named.contains(s.package.id.as_str()))
        .flat_map(|s| {
            s.engine
                .knowledge()
                .facts
                .iter()
                .filter(|f| !answered.contains(&(s.package.id.as_str(), f.id.as_str())))
                .map(|f| FactCount {
                    statement: s.package.id.clone(),
                    fact: f.id.clone(),
                    label: f.label.clone(),
                    count: 0,
                })
        })
        .collect()
}

/// The small-talk intents that say the last reply missed (`complaint = true` in a language pack or
/// package).
fn complaint_intents(statements: &[Statement]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for s in statements {
        let k = s.engine.knowledge();
        let packs = std::iter::once(&k.language).chain(k.translations.iter().map(|(_, l)| l));
        for intent in packs.flat_map(|l| &l.intents).chain(&k.intents) {
            if intent.complaint {
                ids.insert(intent.id.clone());
            }
        }
    }
    ids
}

fn complaints(records: &[Record], statements: &[Statement]) -> Vec<Complaint> {
    let intents = complaint_intents(statements);
    let mut last: HashMap<&str, &Record> = HashMap::new();
    let mut found: BTreeMap<(String, String), Complaint> = BTreeMap::new();
    for r in records {
        let Some(conversation) = r.conversation.as_deref() else {
            continue;
        };
        let complains = r.kind == "small-talk"
            && r.reason
                .as_ref()
                .is_some_and(|intent| intents.contains(intent));
        if complains
            && let Some(before) = last.get(conversation)
            && before.kind == "answer"
            && let (Some(statement), Some(fact)) = (&before.statement, &before.fact)
        {
            let entry = found
                .entry((statement.clone(), fact.clone()))
                .or_insert_with(|| Complaint {
                    statement: statement.clone(),
                    fact: fact.clone(),
                    count: 0,
                    examples: Vec::new(),
                });
            entry.count += 1;
            if entry.examples.len() < COMPLAINT_EXAMPLES && !entry.examples.contains(&before.text) {
                entry.examples.push(before.text.clone());
            }
        }
        last.insert(conversation, r);
    }
    let mut list: Vec<Complaint> = found.into_values().collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.fact.cmp(&b.fact)));
    list
}

/// Whether a record asks for a look: refused, or answered with a thin margin.
fn is_problem(r: &Record) -> bool {
    r.is_refused()
        || (r.kind == "answer" && r.stands_alone() && r.margin.is_some_and(|m| m < CLEAR_MARGIN))
}

/// The need a problem record shows, and the keys that join it to others.
fn keys_of(r: &Record, stem: &dyn Fn(&str) -> String) -> (Need, Vec<String>) {
    let s = r.statement.as_deref().unwrap_or("-");
    let fact = r.fact.clone().unwrap_or_default();
    if !r.stands_alone() {
        return (Need::Context, vec![format!("{s}|context|{}", r.kind)]);
    }
    match (r.kind.as_str(), r.reason.as_deref()) {
        (_, Some("empty" | "nothing-to-match")) => (Need::Nothing, vec![format!("{s}|nothing")]),
        ("partial", detail) => {
            let detail = detail.unwrap_or("what").to_string();
            (
                Need::Detail {
                    fact: fact.clone(),
                    detail: detail.clone(),
                },
                vec![format!("{s}|detail|{fact}|{detail}")],
            )
        }
        (_, Some("false-premise")) => (
            Need::Premise { fact: fact.clone() },
            vec![format!("{s}|premise|{fact}")],
        ),
        ("answer", _) => (Need::ThinAnswer, vec![format!("{s}|thin|{fact}")]),
        _ if !r.unknown.is_empty() => (
            Need::Words(r.unknown.clone()),
            r.unknown
                .iter()
                .map(|w| format!("{s}|word|{}", stem(w)))
                .collect(),
        ),
        _ => {
            let near = r.fact.clone().or(r.runner_up.clone()).unwrap_or_default();
            (Need::Unmatched, vec![format!("{s}|unmatched|{near}")])
        }
    }
}

/// Union-find root.
fn root(parent: &mut [usize], i: usize) -> usize {
    let mut i = i;
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let grand = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = grand;
        }
        i = p;
    }
    i
}

fn clusters(records: &[Record], statements: &[Statement], bench: &Bench) -> Vec<Cluster> {
    let engine_of = |id: Option<&str>| {
        statements
            .iter()
            .find(|s| Some(s.package.id.as_str()) == id)
    };
    let problems: Vec<&Record> = records.iter().filter(|r| is_problem(r)).collect();
    let mut needs = Vec::new();
    let mut parent: Vec<usize> = (0..problems.len()).collect();
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, r) in problems.iter().enumerate() {
        let statement = engine_of(r.statement.as_deref());
        let stem = |w: &str| match statement {
            Some(s) => s.engine.index().stem(w).into_owned(),
            None => w.to_lowercase(),
        };
        let (need, keys) = keys_of(r, &stem);
        needs.push(need);
        for key in keys {
            match owner.get(&key) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // the earlier record's root stays the root: deterministic
                    let (keep, join) = (a.min(b), a.max(b));
                    if let Some(slot) = parent.get_mut(join) {
                        *slot = keep;
                    }
                }
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..problems.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut ordered: Vec<Vec<usize>> = groups.into_values().collect();
    ordered.sort_by(|a, b| b.len().cmp(&a.len()).then(a.first().cmp(&b.first())));
    // the log's questions per statement, as each package decides them now
    let mut logged: HashMap<String, Vec<(String, Verdict)>> = HashMap::new();
    let mut checked: HashMap<String, (crate::verify::DialogueRun, BTreeSet<String>)> =
        HashMap::new();
    for s in statements {
        let mut seen = BTreeSet::new();
        let list: Vec<(String, Verdict)> = records
            .iter()
            .filter(|r| r.statement.as_deref() == Some(s.package.id.as_str()) && r.stands_alone())
            .filter(|r| seen.insert(r.text.clone()))
            .map(|r| (r.text.clone(), ask(&s.engine, &r.text)))
            .collect();
        logged.insert(s.package.id.clone(), list);
        checked.insert(
            s.package.id.clone(),
            (
                run_dialogues(&s.engine, &s.package),
                check_problems(&s.engine, &s.package),
            ),
        );
    }
    let mut out = Vec::new();
    for (rank, members) in ordered.iter().enumerate() {
        let rs: Vec<&Record> = members
            .iter()
            .filter_map(|&i| problems.get(i).copied())
            .collect();
        let Some(first) = rs.first() else {
            continue;
        };
        let need = members
            .first()
            .and_then(|&i| needs.get(i))
            .cloned()
            .unwrap_or(Need::Unmatched);
        let need = match need {
            // every word the cluster's questions could not place
            Need::Words(_) => {
                let mut words: Vec<String> = Vec::new();
                for r in &rs {
                    for w in &r.unknown {
                        if !words.contains(w) {
                            words.push(w.clone());
                        }
                    }
                }
                words.sort_by_key(|w| {
                    std::cmp::Reverse(rs.iter().filter(|r| r.unknown.contains(w)).count())
                });
                Need::Words(words)
            }
            other => other,
        };
        let mut asked: Vec<Asked> = Vec::new();
        for r in &rs {
            match asked.iter_mut().find(|a| a.text == r.text) {
                Some(a) => a.count += 1,
                None => asked.push(Asked {
                    text: r.text.clone(),
                    count: 1,
                    kind: r.kind.clone(),
                    fact: r.fact.clone(),
                }),
            }
        }
        asked.sort_by_key(|a| std::cmp::Reverse(a.count));
        let texts: Vec<String> = asked.iter().map(|a| a.text.clone()).collect();
        let statement = engine_of(first.statement.as_deref());
        let action = match (statement, &need) {
            (Some(s), _) => {
                let empty = Vec::new();
                let (dialogues, check) = match checked.get(&s.package.id) {
                    Some((d, c)) => (d.clone(), c.clone()),
                    None => Default::default(),
                };
                let ctx = Context {
                    bench,
                    package: &s.package,
                    engine: &s.engine,
                    dialogues: &dialogues,
                    check: &check,
                    logged: logged.get(&s.package.id).unwrap_or(&empty),
                };
                suggest(&ctx, &need, &texts)
            }
            (None, _) => Action::Unclear {
                evidence: Vec::new(),
            },
        };
        let mut nearest: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &rs {
            if let Some(f) = r.fact.as_deref().or(r.runner_up.as_deref()) {
                *nearest.entry(f).or_default() += 1;
            }
        }
        let nearest = nearest
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| (*f).to_string());
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &rs {
            *kinds.entry(r.kind.as_str()).or_default() += 1;
        }
        let outcome = kinds
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| (*k).to_string())
            .unwrap_or_default();
        out.push(Cluster {
            rank: rank + 1,
            statement: first.statement.clone(),
            need: need_name(&need).to_string(),
            words: match &need {
                Need::Words(words) => words.clone(),
                _ => Vec::new(),
            },
            detail: match &need {
                Need::Detail { detail, .. } => Some(detail.clone()),
                _ => None,
            },
            size: rs.len(),
            outcome,
            nearest,
            questions: asked,
            action,
        });
    }
    out
}

fn need_name(need: &Need) -> &'static str {
    match need {
        Need::Words(_) => "words",
        Need::Unmatched => "unmatched",
        Need::ThinAnswer => "thin-answer",
        Need::Detail { .. } => "detail",
        Need::Premise { .. } => "premise",
        Need::Nothing => "nothing",
        Need::Context => "context",
    }
}
