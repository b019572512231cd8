//! The parts of a language pack a *drafter* of statement packages (`communique ingest`) needs:
//! the words that tell what a statement's sentences name and what a draft says (`drafting.toml`),
//! and the places a statement may name (`places.txt`, `regions.txt`). The engine uses none of it;
//! every problem is reported with its file and line like the rest of the pack.

use std::collections::HashSet;

use serde::Deserialize;

use super::language::{DRAFTING_FILE, PLACES_FILE, REGIONS_FILE};
use super::model::{DraftTexts, Drafting, DraftingFiles, DraftingWords, Language, Place};
use super::problems::{FILE_MISSING, LoadError, Report, SourceFile, line_of, parse as parse_toml};
use super::tables::PackText;
use super::validate::check_own_placeholders;

/// How many `|`-separated fields a line of `places.txt` has at most.
const PLACE_FIELDS: usize = 6;

/// The entry lines of a line file, trimmed, with their 1-based line numbers.
fn entry_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// `places.txt`: `name | adjectives | official names | abbreviations | capitals | seats of
/// government`, each field a comma-separated list (empty allowed) and the name required and
/// given once.
fn places(file: &str, text: &str, report: &mut Report) -> Vec<Place> {
    let mut places = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    for (line, entry) in entry_lines(text) {
        let fields: Vec<Vec<String>> = entry.split('|').map(list).collect();
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let mut problem = |message: String| report.add_at(file, Some(line), message);
        if fields.len() > PLACE_FIELDS {
            problem(format!(
                "{} fields separated by \"|\" (a place has at most {PLACE_FIELDS}: name | adjectives | official names | abbreviations | capitals | seats of government)",
                fields.len()
            ));
            continue;
        }
        let name_field = field(0);
        let Some(name) = name_field.first().cloned() else {
            problem("the place has no name (its first field is empty)".to_string());
            continue;
        };
        if name_field.len() > 1 {
            problem(format!(
                "the first field names one place, not {} (other names go in the third field)",
                name_field.len()
            ));
            continue;
        }
        if !names.insert(name.clone()) {
            problem(format!("{name:?} is listed twice"));
            continue;
        }
        places.push(Place {
            name,
            adjectives: field(1),
            official: field(2),
            abbreviations: field(3),
            capitals: field(4),
            seats: field(5),
        });
    }
    places
}

fn list(field: &str) -> Vec<String> {
    field
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `regions.txt`: one region a line, each once.
fn regions(file: &str, text: &str, report: &mut Report) -> Vec<String> {
    let mut regions: Vec<String> = Vec::new();
    for (line, entry) in entry_lines(text) {
        if regions.iter().any(|r| r == entry) {
            report.add_at(file, Some(line), format!("{entry:?} is listed twice"));
            continue;
        }
        regions.push(entry.to_string());
    }
    regions
}

/// `drafting.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftingFile {
    reading: DraftingWords,
    writing: DraftTexts,
}

impl Language {
    /// What a drafter of statement packages needs of this language, parsed and validated on the
    /// first call (only a drafter needs it: loading a pack to answer questions does not pay for
    /// it); the problems of its files, with file and line, when they do not load.
    pub fn drafting(&self) -> Result<&Drafting, LoadError> {
        self.drafting_files.parsed()
    }
}

impl Language {
    /// The pack's places alone (`places.txt`), for a reader that needs no other drafting file;
    /// a line with a problem is left out (the drafter reports it).
    pub fn places(&self) -> Vec<Place> {
        self.drafting_files
            .inner
            .files
            .iter()
            .find(|(name, _)| name.ends_with(PLACES_FILE))
            .map(|(name, text)| places(name, text.as_str(), &mut Report::new()))
            .unwrap_or_default()
    }
}

impl DraftingFiles {
    /// The files parsed and validated, once.
    fn parsed(&self) -> Result<&Drafting, LoadError> {
        self.inner
            .parsed
            .get_or_init(|| parse(&self.inner.files))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The drafting files of a pack ((name as reported, text) of those it has), parsed and checked:
/// `drafting.toml` is required, the places optional.
pub(super) fn parse(files: &[(String, PackText)]) -> Result<Drafting, LoadError> {
    let mut report = Report::new();
    let find = |name: &str| {
        files
            .iter()
            .find(|(shown, _)| shown.ends_with(name))
            .map(|(shown, text)| (shown.as_str(), text.as_str()))
    };
    let file = find(DRAFTING_FILE).map(|(name, text)| SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    });
    if file.is_none() {
        report.add_at(DRAFTING_FILE, None, FILE_MISSING.to_string());
    }
    let parsed = file.as_ref().and_then(|file| {
        let parsed = parse_toml::<DraftingFile>(file, &mut report)?;
        check_reading(file, &parsed.reading, &mut report);
        check_writing(file, &parsed.writing, &mut report);
        Some(parsed)
    });
    let places = find(PLACES_FILE)
        .map(|(name, text)| places(name, text, &mut report))
        .unwrap_or_default();
    let regions = find(REGIONS_FILE)
        .map(|(name, text)| regions(name, text, &mut report))
        .unwrap_or_default();
    report.finish(parsed.map(|p| Drafting {
        reading: p.reading,
        writing: p.writing,
        places,
        regions,
    }))
}

/// The line of the first `"value"` in `file` (for a problem with a value of a list).
fn line_of_value(file: &SourceFile, value: &str) -> Option<usize> {
    file.text
        .find(&format!("\"{value}\""))
        .map(|o| line_of(&file.text, o))
}

fn check_reading(file: &SourceFile, words: &DraftingWords, report: &mut Report) {
    let lists: [(&str, &Vec<String>, bool); 46] = [
        ("titles", &words.titles, false),
        ("leader_titles", &words.leader_titles, false),
        ("courtesy_titles", &words.courtesy_titles, false),
        ("organisation_words", &words.organisation_words, false),
        ("not_name_words", &words.not_name_words, false),
        ("not_place_words", &words.not_place_words, false),
        ("number_words", &words.number_words, true),
        ("party_nouns", &words.party_nouns, true),
        ("party_determiners", &words.party_determiners, true),
        ("first_person", &words.first_person, true),
        ("amount_words", &words.amount_words, false),
        ("duration_words", &words.duration_words, true),
        ("frequency_words", &words.frequency_words, true),
        ("back_references", &words.back_references, false),
        ("share_words", &words.share_words, true),
        ("currency_codes", &words.currency_codes, false),
        ("temporal_openers", &words.temporal_openers, false),
        ("temporal_words", &words.temporal_words, false),
        ("today", &words.today, true),
        ("abbreviations", &words.abbreviations, false),
        ("sentence_starters", &words.sentence_starters, false),
        ("connectives", &words.connectives, false),
        ("signing_words", &words.signing_words, false),
        ("frame_words", &words.frame_words, true),
        ("list_joins", &words.list_joins, false),
        ("list_openers", &words.list_openers, false),
        ("list_ends", &words.list_ends, false),
        ("element_openers", &words.element_openers, true),
        ("weak_words", &words.weak_words, false),
        ("place_joins", &words.place_joins, true),
        ("articles", &words.articles, true),
        ("place_prepositions", &words.place_prepositions, true),
        (
            "direct_place_prepositions",
            &words.direct_place_prepositions,
            true,
        ),
        ("place_nouns", &words.place_nouns, true),
        ("office_joins", &words.office_joins, true),
        ("name_particles", &words.name_particles, false),
        ("preamble_words", &words.preamble_words, true),
        ("witness_words", &words.witness_words, true),
        ("ordinal_suffixes", &words.ordinal_suffixes, true),
        ("lead_in_subjects", &words.lead_in_subjects, true),
        ("lead_in_ends", &words.lead_in_ends, true),
        ("lead_in_fillers", &words.lead_in_fillers, true),
        ("lead_in_following", &words.lead_in_following, true),
        ("header.url", &words.header.url, true),
        ("header.date", &words.header.date, true),
        ("header.title", &words.header.title, true),
    ];
    for (name, list, lowercase) in lists {
        for entry in list {
            let trimmed = entry.trim();
            let problem = if trimmed.is_empty() {
                Some("an empty entry".to_string())
            } else if trimmed != entry {
                Some(format!("{entry:?} has spaces around it"))
            } else if lowercase && entry.to_lowercase() != *entry {
                Some(format!("{entry:?} is matched in lowercase: write it so"))
            } else {
                None
            };
            if let Some(problem) = problem {
                report.add_at(
                    &file.name,
                    line_of_value(file, entry),
                    format!("[reading] {name}: {problem}"),
                );
            }
        }
    }
    check_pairs(
        file,
        report,
        "person_shift",
        &words.person_shift,
        true,
        "[first-person word, third-person word] in lowercase",
    );
    check_pairs(
        file,
        report,
        "document_kinds",
        &words.document_kinds,
        false,
        "[word of a title in lowercase, kind of document]",
    );
}

/// Reports each entry of the `[reading]` pair list `name` that is not two non-empty values with
/// the first in lowercase (and the second too when `both_lowercase`); `shape` says what it must be.
fn check_pairs(
    file: &SourceFile,
    report: &mut Report,
    name: &str,
    pairs: &[Vec<String>],
    both_lowercase: bool,
    shape: &str,
) {
    for pair in pairs {
        let well_formed = matches!(pair.as_slice(), [first, second]
            if !first.trim().is_empty() && !second.trim().is_empty()
                && first.to_lowercase() == *first
                && (!both_lowercase || second.to_lowercase() == *second));
        if !well_formed {
            report.add_at(
                &file.name,
                pair.first().and_then(|w| line_of_value(file, w)),
                format!("[reading] {name}: {pair:?} is not {shape}"),
            );
        }
    }
}
/// Every text of `[writing]` with the placeholders it may use.
fn writing_table(w: &DraftTexts) -> Vec<(&str, &'static [&'static str])> {
    let mut table: Vec<(&str, &'static [&'static str])> = vec![
        (&w.untitled, &[]),
        (&w.name, &["parties", "kind"]),
        (&w.unnamed, &["kind"]),
        (&w.party_separator, &[]),
        (&w.document_kind, &[]),
        (&w.continued, &["head", "rest"]),
        (&w.on_date, &["word", "date"]),
        (&w.about_answer, &["name", "title", "date", "place"]),
        (&w.about_place, &["place"]),
        (&w.about_label, &[]),
        (&w.about_topic, &[]),
        (&w.about_question, &[]),
        (&w.summary_label, &[]),
        (&w.summary_sections, &["headings"]),
        (&w.signed_by, &["signed"]),
        (&w.witnessed_by, &["witnessed"]),
        (&w.signed_and_witnessed, &["signed", "witnessed"]),
        (&w.signature_block, &["text"]),
        (&w.signature_label, &[]),
        (&w.signature_witness_label, &[]),
        (&w.person_answer, &["name", "role"]),
        (&w.person_label, &["name", "role"]),
        (&w.person_label_suffix, &[]),
        (&w.topic_question, &["title"]),
        (&w.probe_question, &["label"]),
        (&w.person_question, &["person"]),
    ];
    table.extend(w.small_talk.iter().map(|i| {
        (
            i.reply.as_str(),
            &["name", "date"] as &'static [&'static str],
        )
    }));
    table
}

fn check_writing(file: &SourceFile, writing: &DraftTexts, report: &mut Report) {
    for (text, allowed) in writing_table(writing) {
        check_own_placeholders(file, text, allowed, report);
    }
    for (name, text) in [
        ("untitled", &writing.untitled),
        ("name", &writing.name),
        ("unnamed", &writing.unnamed),
        ("document_kind", &writing.document_kind),
    ] {
        if text.trim().is_empty() {
            report.add(file, None, format!("[writing] {name} is empty"));
        }
    }
    let mut ids = HashSet::new();
    for intent in &writing.small_talk {
        let line = line_of_value(file, &intent.id);
        if !ids.insert(intent.id.as_str()) {
            report.add_at(
                &file.name,
                line,
                format!("duplicate small-talk id {:?}", intent.id),
            );
        }
        if intent.reply.trim().is_empty() {
            report.add_at(
                &file.name,
                line,
                format!("small talk {:?} has an empty reply", intent.id),
            );
        }
        if intent.patterns.iter().all(|p| p.trim().is_empty()) {
            report.add_at(
                &file.name,
                line,
                format!("small talk {:?} has no patterns", intent.id),
            );
        }
    }
}
