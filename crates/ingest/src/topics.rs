//! Topics: the statement's own headings when it has them, else runs of related paragraphs.
//!
//! Without headings, neighbouring sections are merged while they share vocabulary (cosine of
//! their salient-stem counts), as statements move from theme to theme in order; a topic's title
//! is then its most salient words. Facts about the statement itself (its date, signatories,
//! people) get a topic of their own. Ids are slugs of titles, unique.

use std::collections::{BTreeMap, HashMap, HashSet};

/// A bag of salient stems; ordered, so that sums (and so ties) do not depend on hashing.
type Vector = BTreeMap<String, f32>;

use super::drafter::Drafter;
use super::facts::{slug, unique_id};
use super::salience::Salience;
use communique_core::knowledge::{Fact, Topic};

/// How many paragraphs' worth of claims a clustered topic aims at.
const CLAIMS_PER_TOPIC: usize = 5;
/// Most topics clustering makes.
const MAX_TOPICS: usize = 8;
/// Phrases in a clustered topic's title.
const TITLE_PHRASES: usize = 2;

/// Topics for `facts` (whose sections are `sections`, parallel to them; `headings[n - 1]` titles
/// section `n`), assigning each fact its topic; facts beyond `sections` are about the statement.
pub fn assign(
    d: &Drafter<'_>,
    facts: &mut [Fact],
    sections: &[usize],
    headings: &[String],
    salience: &Salience,
) -> Vec<Topic> {
    let groups = if headings.is_empty() {
        cluster(facts, sections.len(), salience)
    } else {
        sections.to_vec()
    };
    let mut used = HashSet::new();
    let mut topics: Vec<Topic> = Vec::new();
    let mut topic_of_group: BTreeMap<usize, usize> = BTreeMap::new();
    for (fact, group) in facts.iter().zip(&groups) {
        if *group == usize::MAX || topic_of_group.contains_key(group) {
            continue;
        }
        let title = match group.checked_sub(1).and_then(|g| headings.get(g)) {
            Some(heading) if !headings.is_empty() => heading.clone(),
            _ => {
                let members: Vec<&Fact> = facts
                    .iter()
                    .zip(&groups)
                    .filter(|(_, g)| *g == group)
                    .map(|(f, _)| f)
                    .collect();
                title_of(d, &members, salience).unwrap_or_else(|| fact.label.clone())
            }
        };
        topic_of_group.insert(*group, topics.len());
        topics.push(Topic {
            id: unique_id(&slug(&title), &mut used),
            question: d
                .writing
                .topic_question
                .replace("{title}", &lower_title(&title)),
            title,
        });
    }
    let about = Topic {
        id: unique_id("about-the-statement", &mut used),
        title: d.writing.about_topic.clone(),
        question: d.writing.about_question.clone(),
    };
    for (i, fact) in facts.iter_mut().enumerate() {
        let topic = groups
            .get(i)
            .and_then(|g| topic_of_group.get(g))
            .and_then(|t| topics.get(*t));
        fact.topic = topic.map_or_else(|| about.id.clone(), |t| t.id.clone());
    }
    if facts.iter().any(|f| f.topic == about.id) || topics.is_empty() {
        topics.push(about);
    }
    topics
}

/// "Powering the Clean Energy Transition" → "powering the clean energy transition", keeping
/// acronyms.
fn lower_title(title: &str) -> String {
    title
        .split(' ')
        .map(|w| {
            if w.chars().skip(1).any(char::is_uppercase) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Groups the first `n` facts into runs of neighbours sharing vocabulary; returns a group per fact.
fn cluster(facts: &[Fact], n: usize, salience: &Salience) -> Vec<usize> {
    let vectors: Vec<Vector> = facts
        .iter()
        .take(n)
        .map(|f| {
            let mut v = Vector::new();
            for stem in salience.stems(&f.answer) {
                let w = salience.weight(&stem);
                *v.entry(stem).or_insert(0.0) += w;
            }
            v
        })
        .collect();
    // Runs of facts: (first, last) inclusive, with their summed vectors.
    let mut runs: Vec<(usize, usize, Vector)> = vectors
        .into_iter()
        .enumerate()
        .map(|(i, v)| (i, i, v))
        .collect();
    let target = n.div_ceil(CLAIMS_PER_TOPIC).clamp(1, MAX_TOPICS);
    while runs.len() > target {
        let best = (0..runs.len().saturating_sub(1))
            .max_by(|&a, &b| {
                let score = |i: usize| match (runs.get(i), runs.get(i + 1)) {
                    (Some(x), Some(y)) => {
                        cosine(&x.2, &y.2) / ((x.1 - x.0 + y.1 - y.0 + 2) as f32).sqrt()
                    }
                    _ => 0.0,
                };
                score(a).total_cmp(&score(b)).then(b.cmp(&a))
            })
            .unwrap_or(0);
        let Some(next) = (best + 1 < runs.len()).then(|| runs.remove(best + 1)) else {
            break;
        };
        if let Some(run) = runs.get_mut(best) {
            run.1 = next.1;
            for (k, v) in next.2 {
                *run.2.entry(k).or_insert(0.0) += v;
            }
        }
    }
    let mut groups = vec![0; facts.len()];
    for (g, (first, last, _)) in runs.iter().enumerate() {
        for slot in groups.iter_mut().take(last + 1).skip(*first) {
            *slot = g;
        }
    }
    for slot in groups.iter_mut().skip(n) {
        *slot = usize::MAX;
    }
    groups
}

fn cosine(a: &Vector, b: &Vector) -> f32 {
    let dot: f32 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let norm = |v: &Vector| v.values().map(|x| x * x).sum::<f32>().sqrt();
    let d = norm(a) * norm(b);
    if d > 0.0 { dot / d } else { 0.0 }
}

/// A title from the phrases most of the facts share, weighed by salience: "Ceasefire and AOT".
fn title_of(d: &Drafter<'_>, facts: &[&Fact], salience: &Salience) -> Option<String> {
    // Per phrase (by stems): in how many facts, its weight, its first surface form, first seen.
    let mut seen: HashMap<Vec<String>, (usize, f32, String, usize)> = HashMap::new();
    for fact in facts {
        let mut here: HashSet<Vec<String>> = HashSet::new();
        for phrase in salience.phrases(&fact.answer) {
            // A date ("today (7 February 2025)") is no subject of a topic.
            let dated = phrase.text.split_whitespace().any(|w| d.is_month(w));
            if dated || phrase.stems.len() > 3 || !here.insert(phrase.stems.clone()) {
                continue;
            }
            let order = seen.len();
            let entry = seen.entry(phrase.stems.clone()).or_insert((
                0,
                phrase.score,
                phrase.text.clone(),
                order,
            ));
            entry.0 += 1;
        }
    }
    let mut ranked: Vec<(usize, f32, String, usize)> = seen.into_values().collect();
    ranked.sort_by(|a, b| {
        let score = |x: &(usize, f32, String, usize)| x.0 as f32 * x.1;
        score(b).total_cmp(&score(a)).then(a.3.cmp(&b.3))
    });
    let words: Vec<String> = ranked
        .into_iter()
        .take(TITLE_PHRASES)
        .map(|(_, _, text, _)| text)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(communique_core::voice::capitalise(
        &super::metadata::and_list(&words),
    ))
}
