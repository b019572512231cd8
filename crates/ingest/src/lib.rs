//! `communique ingest`: a statement's text in, a complete drafted package out.
//!
//! Pipeline, all pure functions (the CLI reads the source and writes the files): read the text
//! into paragraphs numbered as `check` counts them ([`document`]); find its people, places,
//! abbreviations, dates and numbers ([`entities`], [`places`]); guess the metadata
//! ([`metadata`]); cut paragraphs into claims with plain-word answers and verbatim quotes
//! ([`claims`]); turn claims into facts with labels, keywords, kinds and items ([`facts`],
//! weighed by [`salience`]); give them topics ([`topics`]) and the statement its vocabulary
//! ([`vocabulary`]); load the result as a package and draft a dialogue that proves every fact
//! reachable ([`reach`]); [`write`] gives the files. [`update`] re-ingests a changed source into
//! an existing package without losing hand edits.
//!
//! Every word the ingester reads a statement with (titles, number words, months, places …) and
//! every text a draft says (answers, labels, keywords, questions, small talk) is the language
//! pack's, as the loader read and validated it ([`drafter`]: `drafting.toml`, `places.txt`,
//! `regions.txt`, `phrases.toml`); only what `ingest` tells the curator is in code.
//!
//! **Invariants: the same source and options always give the same package; every fact has a
//! verbatim quote of the source and cites paragraphs that exist; every paragraph is cited; the
//! package loads (a draft that would not is an [`IngestError::Invalid`], never written).**

pub mod claims;
pub mod document;
pub mod drafter;
pub mod entities;
pub mod facts;
pub mod metadata;
pub mod places;
pub mod reach;
pub mod salience;
pub mod topics;
pub mod update;

mod messages;
pub mod vocabulary;
pub mod write;

use std::collections::HashSet;

use crate::messages as msg;
use communique_core::knowledge::{
    Fact, Intent, Knowledge, Language, LoadError, SOURCE_FILE, SourceFile, Statement, SynonymGroup,
    Topic, parse_package,
};

pub use drafter::Drafter;
pub use write::{DIALOGUE_FILE, WriteError};

/// How fast a claim's position lowers its chance to be the overview: the claim at this index
/// weighs half as much as the first.
const OVERVIEW_DECAY: f32 = 20.0;

/// What the caller decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The package's id (the directory name it will be loaded under).
    pub id: String,
    /// The statement's date, `YYYY-MM-DD`, when the text does not say it.
    pub date: Option<String>,
}

/// A drafted package, as values.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub statement: Statement,
    pub topics: Vec<Topic>,
    pub facts: Vec<Fact>,
    pub synonyms: Vec<SynonymGroup>,
    pub generic: Vec<String>,
    pub intents: Vec<Intent>,
    /// The text as given, byte for byte.
    pub source: String,
    /// The drafted `*.dialogue` text.
    pub dialogue: String,
    /// Ids of facts no drafted question reaches (for the curator).
    pub unreachable: Vec<String>,
}

/// Why a statement could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Metadata(#[from] metadata::MetadataError),
    #[error("{}", msg::INGEST_NOTHING_TO_SAY)]
    NoFacts,
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The draft does not load: a bug of the ingester, reported with the loader's problems.
    #[error("{prefix}{0}", prefix = msg::INGEST_INVALID)]
    Invalid(LoadError),
    /// The language pack of the statement's language has no drafting files, or they do not
    /// load: the loader's problems.
    #[error("{prefix}{0}", prefix = msg::INGEST_NO_DRAFTING)]
    Drafting(LoadError),
}

/// Ingests the statement `source`, written in `language` (whose pack's drafting files give every
/// word the ingester reads the text with and writes the draft in).
pub fn ingest(source: &str, options: &Options, language: &Language) -> Result<Draft, IngestError> {
    let d = Drafter::new(language).map_err(IngestError::Drafting)?;
    let d = &d;
    let doc = document::read(d, source);
    let sentences = all_sentences(d, &doc);
    let text = sentences.join(" ");
    let people = entities::people(d, &sentences);
    let block = Block::of(d, &doc);
    let meta = metadata::guess(
        d,
        &doc,
        options.date.as_deref(),
        &people,
        &block.signatories,
    )?;
    let voice = claims::Voice {
        parties: parties_phrase(&meta.parties),
        acronyms: claims::acronyms(&doc),
        today: (!d.writing.on_date.is_empty() && !meta.date.is_empty()).then(|| {
            d.writing
                .on_date
                .replace("{date}", &metadata::long_date(d, &meta.date))
        }),
    };
    let mut claims = claims::claims(d, &doc, &voice);
    if claims.is_empty() {
        return Err(IngestError::NoFacts);
    }
    let salience = salience_of(d, &claims, &meta);
    let abbreviations = abbreviations_of(d, &doc, &text);
    let context = facts::Context {
        drafter: d,
        salience: &salience,
        people: &people,
        abbreviations: &abbreviations,
        parties: &meta.parties,
    };
    let mut all_facts = facts::facts(&claims, &context);
    let signing = take_signing(d, &mut claims, &mut all_facts, &block);
    let sections: Vec<usize> = claims.iter().map(|c| c.section).collect();
    let overview = overview(&all_facts, &meta.title, &salience);
    let signature = Signature {
        signatories: &block.signatories,
        block: &block.paragraphs,
        quote: block.quote.clone(),
        signing,
    };
    let mut extra = special_facts(d, &meta, &people, &signature, &doc, source);
    if let Some(fact) = overview.and_then(|i| all_facts.get(i)) {
        extra.insert(0, summary_fact(d, fact, &claims::headings(&doc)));
    }
    // A block with nothing to quote makes no fact: the last claim cites it.
    if !extra.iter().any(|f| f.id == "signatories")
        && let Some(last) = all_facts.last_mut()
    {
        last.paragraphs
            .extend(block.paragraphs.iter().map(|(n, _)| *n));
    }
    unique_ids(d, &mut all_facts, &mut extra);
    all_facts.extend(extra);
    relate(d, &mut all_facts, &claims);
    let headings = claims::headings(&doc);
    let topics = topics::assign(d, &mut all_facts, &sections, &headings, &salience);
    let overview = overview.and_then(|i| all_facts.get(i));
    let summary = overview.map(|f| f.answer.as_str()).unwrap_or_default();
    let statement = metadata::statement(
        d,
        &meta,
        &communique_core::text::truncate_chars(summary, 400),
        overview.map(|f| f.id.as_str()),
    );
    let synonyms = vocabulary::groups(
        d,
        &abbreviations,
        &people,
        &text,
        &meta.parties,
        !block.signatories.is_empty(),
    );
    let draft = Draft {
        id: options.id.clone(),
        intents: small_talk(d, &statement),
        statement,
        topics,
        facts: all_facts,
        synonyms,
        generic: d.writing.generic.clone(),
        source: source.to_string(),
        dialogue: String::new(),
        unreachable: Vec::new(),
    };
    with_dialogue(d, draft)
}

/// Checks the draft loads and passes `check`, then drafts its dialogue.
fn with_dialogue(d: &Drafter<'_>, mut draft: Draft) -> Result<Draft, IngestError> {
    let knowledge = load(&draft, d.language)?;
    let reached = reach::reach(knowledge, d.writing);
    draft.dialogue = reached.dialogue;
    draft.unreachable = reached.unreachable;
    Ok(draft)
}

/// Every sentence of the text, in order.
fn all_sentences<'t>(d: &Drafter<'_>, doc: &'t document::Document) -> Vec<&'t str> {
    doc.paragraphs
        .iter()
        .flat_map(|p| {
            document::sentences(d, &p.clean.text)
                .into_iter()
                .filter_map(|r| p.clean.text.get(r))
        })
        .collect()
}

/// The signature block at the end of the text.
struct Block {
    /// (paragraph number, clean text) of each of its paragraphs.
    paragraphs: Vec<(u32, String)>,
    /// Its longest verbatim stretch.
    quote: Option<String>,
    signatories: Vec<entities::Signatory>,
}

impl Block {
    fn of(d: &Drafter<'_>, doc: &document::Document) -> Block {
        // (a closing dateline, "Putrajaya, 14 May 2026", is where and when, not who signed)
        let block: Vec<&document::Paragraph> = doc
            .paragraphs
            .iter()
            .filter(|p| p.role == document::Role::Signature)
            .filter(|p| metadata::dateline_place(d, &p.clean.text).is_none())
            .collect();
        let rows: Vec<Vec<&str>> = block
            .iter()
            .map(|p| p.lines.iter().map(String::as_str).collect())
            .collect();
        Block {
            paragraphs: block
                .iter()
                .map(|p| (p.number, p.clean.text.clone()))
                .collect(),
            quote: block
                .iter()
                .find_map(|p| claims::verbatim_quote(p, 0..p.clean.text.len(), 1)),
            signatories: entities::signatories(d, &rows),
        }
    }
}

/// Word statistics over the claims, with the parties' and leaders' names weighing nothing.
fn salience_of(
    d: &Drafter<'_>,
    claims: &[claims::Claim],
    meta: &metadata::Metadata,
) -> salience::Salience {
    let general: Vec<String> = meta
        .parties
        .iter()
        .chain(&meta.people)
        .cloned()
        .chain(general_forms(d, &meta.parties))
        .collect();
    let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
    salience::Salience::new(&texts, &d.language.filler, &d.reading.frame_words, &general)
}

/// The abbreviations the text defines, but not those that are also a word of it ("FIRST"), which
/// would swallow that word.
fn abbreviations_of(
    d: &Drafter<'_>,
    doc: &document::Document,
    text: &str,
) -> Vec<entities::Abbreviation> {
    doc.paragraphs
        .iter()
        .flat_map(|p| entities::abbreviations(d, &p.clean.text))
        .filter(|a| !document::contains_words(text, &a.short.to_lowercase()))
        .collect()
}

/// Takes the "Signed at Kuala Lumpur on …" claim out of the claims, when there is a signature
/// block for it to join: one fact then says who signed, when and where.
fn take_signing(
    d: &Drafter<'_>,
    claims: &mut Vec<claims::Claim>,
    facts: &mut Vec<Fact>,
    block: &Block,
) -> Option<Fact> {
    if block.paragraphs.is_empty() {
        return None;
    }
    let i = claims
        .iter()
        .rposition(|c| metadata::is_signing_line(d, &c.text))
        .filter(|i| *i < facts.len())?;
    claims.remove(i);
    Some(facts.remove(i))
}

/// The draft loaded as a package, with `language` as its only language pack.
pub fn load(draft: &Draft, language: &Language) -> Result<Knowledge, IngestError> {
    let knowledge = parse(draft, language)?;
    let problems = check(draft, &knowledge);
    if problems.is_empty() {
        Ok(knowledge)
    } else {
        Err(IngestError::Invalid(LoadError { problems }))
    }
}

/// The draft parsed and validated as a package, not yet checked against its source.
pub fn parse(draft: &Draft, language: &Language) -> Result<Knowledge, IngestError> {
    let files: Vec<SourceFile> = write::files(draft)?
        .into_iter()
        .filter(|(name, _)| *name != DIALOGUE_FILE)
        .map(|(name, text)| SourceFile {
            name: format!("{}/{name}", draft.id),
            text,
        })
        .collect();
    parse_package(&files, &[std::sync::Arc::new(language.clone())]).map_err(IngestError::Invalid)
}

/// What `check` finds wrong with the draft's quotes and paragraph citations.
pub fn check(draft: &Draft, knowledge: &Knowledge) -> Vec<communique_core::knowledge::Problem> {
    let name = format!("{}/{SOURCE_FILE}", draft.id);
    communique_core::knowledge::check_source(knowledge, &name, &draft.source).problems
}

/// "Cambodia and Thailand", "ASEAN and the United States".
fn parties_phrase(parties: &[String]) -> String {
    let named: Vec<String> = parties
        .iter()
        .map(|p| {
            if p.starts_with("United ") {
                format!("the {p}")
            } else {
                p.clone()
            }
        })
        .collect();
    metadata::and_list(&named)
}

/// Every way the text may write the parties (adjectives, official names): none of them says
/// which fact a question is about.
fn general_forms(d: &Drafter<'_>, parties: &[String]) -> Vec<String> {
    parties
        .iter()
        .filter_map(|p| d.places.lookup(p))
        .flat_map(|(place, _)| place.forms().cloned().collect::<Vec<_>>())
        .collect()
}

/// The fact that best answers "what did they agree?": the claim sharing most salient words with
/// the title ("… on the Establishment of the Comprehensive Strategic Partnership"), earlier claims
/// preferred.
fn overview(facts: &[Fact], title: &str, salience: &salience::Salience) -> Option<usize> {
    let title_stems: HashSet<String> = salience.stems(title).into_iter().collect();
    let scored = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| !is_lead_in(&f.answer))
        .map(|(i, f)| {
            let stems: HashSet<String> = salience.stems(&f.answer).into_iter().collect();
            let shared: f32 = stems
                .intersection(&title_stems)
                .map(|s| salience.weight(s) + 0.1)
                .sum();
            (i, shared / (1.0 + i as f32 / OVERVIEW_DECAY))
        });
    let mut best: Option<(usize, f32)> = None;
    for (i, score) in scored {
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// The fact that answers "summarise the statement": the overview's answer, and the statement's
/// own section headings when it has them.
fn summary_fact(d: &Drafter<'_>, overview: &Fact, headings: &[String]) -> Fact {
    let mut answer = overview.answer.clone();
    if !headings.is_empty() {
        answer.push_str(
            &d.writing
                .summary_sections
                .replace("{headings}", &headings.join("; ")),
        );
    }
    Fact {
        id: "summary".to_string(),
        label: d.writing.summary_label.clone(),
        answer: communique_core::text::truncate_chars(
            &answer,
            communique_core::limits::MAX_ANSWER_CHARS,
        ),
        paragraphs: overview.paragraphs.clone(),
        quote: overview.quote.clone(),
        keywords: d.writing.summary_keywords.clone(),
        related: vec![overview.id.clone()],
        ..Fact::default()
    }
}

/// "… declare the following.": an answer that only announces what comes next.
fn is_lead_in(answer: &str) -> bool {
    let end = answer.trim_end_matches(['.', ':']).to_lowercase();
    end.ends_with("the following") || end.ends_with("as follows") || answer.ends_with(':')
}

/// The facts about the statement itself: its date and place, its signatories, its people.
fn special_facts(
    d: &Drafter<'_>,
    meta: &metadata::Metadata,
    people: &[entities::Person],
    signature: &Signature<'_>,
    doc: &document::Document,
    source: &str,
) -> Vec<Fact> {
    let mut out: Vec<Fact> = metadata::about_fact(d, meta, source).into_iter().collect();
    if !signature.block.is_empty() {
        out.extend(metadata::signature_fact(d, signature, &meta.kind, source));
    }
    out.extend(metadata::person_facts(
        d,
        people,
        signature.signatories,
        doc,
    ));
    out
}

/// The signature block: who signed, its paragraphs, a verbatim quote of it, and the "Signed at …"
/// fact that joins it.
pub struct Signature<'a> {
    pub signatories: &'a [entities::Signatory],
    /// (paragraph number, clean text) of each paragraph of the block.
    pub block: &'a [(u32, String)],
    pub quote: Option<String>,
    pub signing: Option<Fact>,
}

/// Gives `extra` facts ids (slugs of their labels where they have none) unique among all facts.
fn unique_ids(d: &Drafter<'_>, facts: &mut [Fact], extra: &mut [Fact]) {
    let mut used: HashSet<String> = facts.iter().map(|f| f.id.clone()).collect();
    let mut labels: HashSet<String> = facts.iter().map(|f| f.label.to_lowercase()).collect();
    for fact in extra.iter_mut() {
        let base = if fact.id.is_empty() {
            facts::slug(&fact.label)
        } else {
            fact.id.clone()
        };
        fact.id = facts::unique_id(&base, &mut used);
        if !labels.insert(fact.label.to_lowercase()) {
            fact.label = format!("{} ({})", fact.label, d.writing.person_label_suffix);
        }
    }
}

/// Relates each claim's fact to its neighbours in the same paragraph or section, and suggests
/// them as follow-ups.
fn relate(d: &Drafter<'_>, facts: &mut [Fact], claims: &[claims::Claim]) {
    let ids: Vec<(String, String)> = facts
        .iter()
        .map(|f| (f.id.clone(), f.label.clone()))
        .collect();
    for (i, fact) in facts.iter_mut().enumerate().take(claims.len()) {
        let Some(claim) = claims.get(i) else { continue };
        let neighbours: Vec<usize> = [i.wrapping_sub(1), i + 1]
            .into_iter()
            .filter(|j| claims.get(*j).is_some_and(|c| c.section == claim.section))
            .collect();
        for j in neighbours {
            if let Some((id, label)) = ids.get(j) {
                fact.related.push(id.clone());
                let question = d.writing.probe_question.replace("{label}", label);
                if question.chars().count() <= communique_core::limits::MAX_FOLLOW_UP_CHARS {
                    fact.follow_ups.push(question);
                }
            }
        }
    }
}

/// Minimal small talk naming the statement (the language pack's general small talk is the
/// engine's own).
fn small_talk(d: &Drafter<'_>, statement: &Statement) -> Vec<Intent> {
    let fill = |text: &str| {
        text.replace("{name}", &statement.name)
            .replace("{date}", &metadata::long_date(d, &statement.date))
    };
    d.writing
        .small_talk
        .iter()
        .map(|intent| Intent {
            id: intent.id.clone(),
            patterns: intent.patterns.clone(),
            reply: fill(&intent.reply),
            complaint: false,
        })
        .collect()
}
