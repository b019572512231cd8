//! Parsing and validating a language pack (`knowledge/lang/<code>/`): `language.toml` (question
//! words, follow-up words, filler) and `phrases.toml` (what the bot says) are required,
//! `synonyms.toml`, `smalltalk.toml` and `lexicon.tsv` optional, and so are the tables a reader of
//! the language needs (`roots.txt`, `dictionary.tsv`, `shorthand.tsv`: [`super::reader`]) and the
//! files a drafter of statement packages needs (`drafting.toml`, `places.txt`, `regions.txt`:
//! [`super::drafting`], parsed when a drafter asks for them). `docs/languages.md` describes every
//! file. Every problem is reported with its file and line; a phrase that uses a placeholder it
//! cannot be given (`{frist}`) is a problem too, so a typo in a language pack is caught when it
//! loads, not when a user meets the broken reply. The embedded packs lend their large files in
//! place (borrowed from the binary, not copied).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::text::{fold, tokenize};

use super::model::SynonymGroup;
use super::model::{
    DraftingFiles, FollowUpWords, Frequencies, Kind, Language, LanguageInfo, LexiconText,
    LibraryWords, MessageWords, Phrases, QuestionWords, ReaderWords,
};
use super::problems::{LoadError, Report, SourceFile, parse};
use super::reader;
use super::tables::PackText;
use super::validate::{
    SmallTalkFile, check_intents, check_own_placeholders, check_placeholders, check_synonyms,
};

/// The files of a language pack; the first two are required, the others optional (see
/// `docs/languages.md` for what each holds).
pub const LANGUAGE_FILES: [&str; 12] = [
    "language.toml",
    "phrases.toml",
    "synonyms.toml",
    "smalltalk.toml",
    LEXICON_FILE,
    FREQUENCY_FILE,
    ROOTS_FILE,
    DICTIONARY_FILE,
    SHORTHAND_FILE,
    PLACES_FILE,
    REGIONS_FILE,
    DRAFTING_FILE,
];

/// A language pack's general lexicon (see [`crate::lexicon`]).
pub const LEXICON_FILE: &str = "lexicon.tsv";

/// A language pack's word frequencies in general use (see [`super::model::Frequencies`]).
pub const FREQUENCY_FILE: &str = "frequency.tsv";

/// A language pack's root words, one a line (for a stemmer that checks the roots it finds).
pub const ROOTS_FILE: &str = "roots.txt";

/// A language pack's dictionary into another language: `phrase<TAB>translation` lines.
pub const DICTIONARY_FILE: &str = "dictionary.tsv";

/// A language pack's chat shorthand as `short<TAB>standard words` lines (beside, or instead of,
/// `[shorthand]` in `language.toml`).
pub const SHORTHAND_FILE: &str = "shorthand.tsv";

/// A language pack's countries and international organisations.
pub const PLACES_FILE: &str = "places.txt";

/// A language pack's regions and seas (places that are not countries).
pub const REGIONS_FILE: &str = "regions.txt";

/// What a drafter of statement packages needs of the language.
pub const DRAFTING_FILE: &str = "drafting.toml";

/// The files of a pack the binary's embedded packs lend in place instead of copying: the large
/// ones, and those only a drafter reads (parsed when it asks).
pub(super) const IN_PLACE_FILES: [&str; 7] = [
    LEXICON_FILE,
    FREQUENCY_FILE,
    ROOTS_FILE,
    DICTIONARY_FILE,
    DRAFTING_FILE,
    PLACES_FILE,
    REGIONS_FILE,
];

/// How many problems of a frequency table are reported (a table in the wrong format has one a
/// line).
const MAX_FREQUENCY_PROBLEMS: usize = 10;

/// How many of [`LANGUAGE_FILES`] every pack must have.
pub const REQUIRED_LANGUAGE_FILES: usize = 2;

/// The key of `[library.small_talk]` used for an intent it does not name.
pub const LIBRARY_SMALL_TALK_DEFAULT: &str = "default";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    language: LanguageInfo,
    #[serde(default)]
    question: QuestionWords,
    #[serde(default)]
    follow_up: FollowUpWords,
    #[serde(default)]
    message: MessageWords,
    #[serde(default)]
    library: LibraryWords,
    #[serde(default)]
    shorthand: BTreeMap<String, String>,
    #[serde(default)]
    words: WordsTable,
    #[serde(default)]
    reader: Option<Spanned<ReaderWords>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordsTable {
    #[serde(default)]
    filler: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    synonyms: Vec<Spanned<SynonymGroup>>,
}

/// `stem_exceptions` hold words as questions are read (one folded, lowercase word each) and a
/// stem for each: a key in capitals or of two words would never be looked up.
fn check_stem_exceptions(file: &SourceFile, info: &LanguageInfo, report: &mut Report) {
    let at = file.text.find("stem_exceptions");
    for (word, stem) in &info.stem_exceptions {
        let read = tokenize(word);
        if read != [word.as_str()] {
            report.add(
                file,
                at,
                format!(
                    "stem_exceptions: {word:?} is not one lowercase word as questions are read \
                     (they read it as {:?})",
                    read.join(" ")
                ),
            );
        }
        if stem.trim().is_empty() {
            report.add(
                file,
                at,
                format!("stem_exceptions: {word:?} has an empty stem"),
            );
        }
    }
}

/// Parses and validates a language pack from its files (names ending as in [`LANGUAGE_FILES`]).
pub fn parse_language(files: &[SourceFile]) -> Result<Language, LoadError> {
    parse_language_in_place(files, &[])
}

/// [`parse_language`], with some files (named as in [`IN_PLACE_FILES`]) lent by the binary rather
/// than copied into `files`: (name as reported, text).
pub(super) fn parse_language_in_place(
    files: &[SourceFile],
    in_place: &[(String, &'static str)],
) -> Result<Language, LoadError> {
    let mut report = Report::new();
    let find = |name: &str| files.iter().find(|f| f.name.ends_with(name));
    // A pack file's name and text: lent by the binary, or copied from what was read.
    let text_of = |name: &str| {
        in_place
            .iter()
            .find(|(shown, _)| shown.ends_with(name))
            .map(|(shown, text)| (shown.clone(), PackText::Embedded(text)))
            .or_else(|| {
                find(name).map(|f| (f.name.clone(), PackText::Loaded(Arc::from(f.text.as_str()))))
            })
    };
    report.require(
        files,
        LANGUAGE_FILES.into_iter().take(REQUIRED_LANGUAGE_FILES),
    );
    let language_file = find("language.toml");
    let language = language_file.and_then(|f| parse::<LanguageFile>(f, &mut report));
    let phrases = find("phrases.toml")
        .and_then(|f| Some((f, parse::<Phrases>(f, &mut report)?)))
        .map(|(file, phrases)| {
            check_phrases(file, &phrases, &mut report);
            phrases
        });
    let synonyms = find("synonyms.toml")
        .and_then(|file| Some((file, parse::<SynonymsFile>(file, &mut report)?)))
        .map(|(file, s)| check_synonyms(file, &s.synonyms, &mut report))
        .unwrap_or_default();
    let intents = find("smalltalk.toml")
        .and_then(|file| Some((file, parse::<SmallTalkFile>(file, &mut report)?)))
        .map(|(file, s)| check_intents(file, &s.intent, &mut report))
        .unwrap_or_default();
    let lexicon =
        text_of(LEXICON_FILE).and_then(|(shown, text)| {
            match crate::lexicon::Lexicon::new(text.as_str()) {
                Ok(_) => Some(LexiconText::new(text)),
                Err(crate::lexicon::LexiconError::Malformed { line, message }) => {
                    report.add_at(&shown, Some(line), message);
                    None
                }
                Err(err) => {
                    report.add_at(&shown, None, err.to_string());
                    None
                }
            }
        });
    let frequency = text_of(FREQUENCY_FILE).and_then(|(shown, text)| {
        // A table the binary lends is taken as it is (a unit test checks the shipped file line
        // by line), so start-up does not pay for 15,000 lines; one read from disk is checked.
        if matches!(text, PackText::Embedded(_)) {
            return Some(Frequencies::new(text));
        }
        let problems: Vec<_> = Frequencies::entries(text.as_str())
            .filter_map(Result::err)
            .take(MAX_FREQUENCY_PROBLEMS)
            .collect();
        let disorder = Frequencies::out_of_order(text.as_str());
        let clean = problems.is_empty() && disorder.is_none();
        for problem in problems {
            report.add_at(&shown, Some(problem.line), problem.to_string());
        }
        if let Some((line, word)) = disorder {
            report.add_at(
                &shown,
                Some(line),
                format!("{word:?} is out of order or listed twice (words are sorted bytewise, each once)"),
            );
        }
        clean.then(|| Frequencies::new(text))
    });
    let roots =
        text_of(ROOTS_FILE).and_then(|(shown, text)| reader::roots(&shown, text, &mut report));
    let dictionary = text_of(DICTIONARY_FILE)
        .and_then(|(shown, text)| reader::dictionary(&shown, text, &mut report));
    let more_shorthand = text_of(SHORTHAND_FILE).and_then(|(shown, text)| {
        Some((shown.clone(), reader::shorthand(&shown, text, &mut report)?))
    });
    let drafting_files = DraftingFiles::new(
        [DRAFTING_FILE, PLACES_FILE, REGIONS_FILE]
            .into_iter()
            .filter_map(text_of)
            .collect(),
    );
    let language = match (language, phrases) {
        (Some(l), Some(phrases)) => {
            let mut shorthand: rustc_hash::FxHashMap<String, Vec<String>> = l
                .shorthand
                .iter()
                .map(|(short, long)| (fold(short).trim().to_string(), tokenize(long)))
                .collect();
            if let Some((shown, table)) = &more_shorthand {
                reader::merge_shorthand(shown, table, &mut shorthand, &mut report);
            }
            if let Some(file) = language_file {
                check_stem_exceptions(file, &l.language, &mut report);
            }
            let reader = match (language_file, l.reader) {
                (Some(file), Some(reader)) => {
                    reader::check_reader(file, &reader, &l.language, &mut report);
                    Some(reader.into_inner())
                }
                _ => None,
            };
            Some(Language {
                info: l.language,
                question: l.question,
                follow_up: l.follow_up,
                message: l.message,
                library: LibraryWords {
                    statement_words: l
                        .library
                        .statement_words
                        .iter()
                        .map(|w| fold(w).trim().to_string())
                        .collect(),
                },
                shorthand,
                filler: l
                    .words
                    .filler
                    .iter()
                    .map(|g| g.trim().to_lowercase())
                    .collect(),
                synonyms,
                phrases,
                intents,
                lexicon,
                frequency,
                roots,
                dictionary,
                reader,
                drafting_files,
            })
        }
        _ => None,
    };
    report.finish(language)
}

/// Every phrase with the placeholders it may use beyond [`super::STATEMENT_PLACEHOLDERS`].
fn phrase_table(p: &Phrases) -> Vec<(&str, &[&str])> {
    let r = &p.reply;
    let c = &p.citation;
    let mut table: Vec<(&str, &[&str])> = vec![
        (&r.empty, &[]),
        (&r.nothing_to_match, &[]),
        (&r.no_answer, &[]),
        (&r.unmatched, &[]),
        (&r.not_mentioned, &["terms"]),
        (&r.closest_topic, &["label"]),
        (&r.detail_missing, &["detail", "label", "answer"]),
        (&r.follow_up_detail_missing, &["detail", "label"]),
        (&r.clarify, &["first", "second"]),
        (&r.yes, &[]),
        (&r.more_quote, &["where", "quote"]),
        (&r.nothing_more, &["label"]),
        (&r.item_no_more, &["item", "label", "answer"]),
        (&r.other_person, &["detail", "person", "label", "answer"]),
        (&r.other_parties, &["named"]),
        (&r.other_pair, &["named"]),
        (&r.untranslated, &[]),
        (&r.false_premise, &["label", "answer"]),
        (&c.line, &["where"]),
        (&c.derived, &["where"]),
        (&c.paragraph, &["n"]),
        (&c.paragraphs, &["list", "last"]),
        (&c.suggestions, &[]),
        (&c.topics, &[]),
        (&p.repl.banner, &[]),
        (&p.repl.help, &[]),
        (&p.repl.unknown_command, &["command"]),
        (&p.repl.why_nothing, &[]),
        (&p.repl.reset, &[]),
        (&p.telegram.start, &[]),
        (&p.telegram.help, &[]),
        (&p.telegram.topics, &[]),
        (&p.telegram.source, &[]),
        (&p.telegram.about, &[]),
        (&p.telegram.reset, &[]),
        (&p.telegram.unknown_command, &["command"]),
        (&p.telegram.other_bots_command, &["command", "bot"]),
        (&p.telegram.not_text, &[]),
        (&p.telegram.asked, &["question"]),
        (&p.telegram.button_stale, &[]),
        (&p.telegram.share, &[]),
        (&p.telegram.open_bot, &[]),
        (&p.telegram.inline_hint, &[]),
        (&p.web.page_title, &[]),
        (&p.web.page_intro, &[]),
        (&p.web.page_source, &[]),
        (&p.web.title, &[]),
        (&p.web.question, &[]),
        (&p.web.placeholder, &[]),
        (&p.web.send, &[]),
        (&p.web.you, &[]),
        (&p.web.bot, &[]),
        (&p.web.suggestions, &[]),
        (&p.web.choose, &[]),
        (&p.web.no_answer, &[]),
        (&p.web.thinking, &[]),
        (&p.web.reset, &[]),
        (&p.web.error, &[]),
        (&p.web.busy, &["seconds"]),
        (&p.web.log, &[]),
        (&p.lang.prompt, &["current"]),
        (&p.lang.auto, &[]),
        (&p.lang.set, &["language"]),
        (&p.lang.set_auto, &[]),
    ];
    table.extend(r.detail.values().map(|d| (d.as_str(), &[] as &[&str])));
    table.extend(p.lang.names.values().map(|d| (d.as_str(), &[] as &[&str])));
    table.extend(
        p.telegram
            .commands
            .values()
            .map(|d| (d.as_str(), &[] as &[&str])),
    );
    let l = &p.library;
    let listing: &[&str] = &["count", "statements", "first"];
    table.extend([
        (l.from.as_str(), &["name"] as &[&str]),
        (l.which.as_str(), listing),
        (&l.which_item, &["name", "answer"]),
        (&l.elsewhere, listing),
        (&l.nothing, listing),
        (&l.empty, listing),
        (&l.more, &["count"]),
        (&l.statements, &["count"]),
        (&l.statements_one, &[]),
        (&l.statement_item, &["id"]),
        (&l.in_use, &[]),
        (&l.use_done, &[]),
        (&l.use_unknown, &["id"]),
        (&l.use_how, &[]),
        (&l.telegram_use_unknown, &["id"]),
        (&l.telegram_use_how, &[]),
        (&l.use_unknown_one, &["id", "statements"]),
        (&l.repl_help, &[]),
        (&l.telegram_help, &[]),
    ]);
    table.extend(l.small_talk.values().map(|t| (t.as_str(), listing)));
    table
}

fn check_phrases(file: &SourceFile, phrases: &Phrases, report: &mut Report) {
    for (text, extra) in phrase_table(phrases) {
        check_placeholders(file, text, extra, report);
    }
    // The two phrases that build the statement's name and date use only their own parts.
    check_own_placeholders(file, &phrases.statement, &["name", "date"], report);
    check_own_placeholders(file, &phrases.date, &["day", "month", "year"], report);
    if !phrases
        .library
        .small_talk
        .contains_key(LIBRARY_SMALL_TALK_DEFAULT)
    {
        report.add(
            file,
            None,
            format!("[library.small_talk] has no `{LIBRARY_SMALL_TALK_DEFAULT}` reply (the small talk of any intent it does not name)"),
        );
    }
    if phrases.months.len() != 12 {
        report.add(
            file,
            None,
            format!("months lists {} names (there are 12)", phrases.months.len()),
        );
    }
    let missing: Vec<String> = ALL_KINDS
        .iter()
        .filter(|k| !phrases.reply.detail.contains_key(k))
        .map(|k| format!("{k:?}"))
        .collect();
    if !missing.is_empty() {
        report.add(
            file,
            None,
            format!(
                "[reply.detail] names no detail for {} (every kind of question needs one)",
                missing.join(", ")
            ),
        );
    }
}

const ALL_KINDS: [Kind; 9] = [
    Kind::What,
    Kind::Who,
    Kind::When,
    Kind::Where,
    Kind::HowMany,
    Kind::HowMuch,
    Kind::HowLong,
    Kind::Why,
    Kind::YesNo,
];
