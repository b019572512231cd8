//! The parts of a language pack a *reader* of the language needs, beyond its question and filler
//! words: the root words a stemmer checks (`roots.txt`), a dictionary into another language
//! (`dictionary.tsv`), chat shorthand (`shorthand.tsv`, beside `[shorthand]` in `language.toml`)
//! and `[reader]` in `language.toml` (particles, yes/no tails, loanword endings …). The core uses
//! none of it itself; a language crate's translator or stemmer reads it from the loaded pack, so
//! a knowledge directory's own pack changes how the language is read. Every problem is reported
//! with its file and line.

use toml::Spanned;

use super::model::{LanguageInfo, ReaderWords};
use super::problems::{Report, SourceFile, line_of};
use super::tables::{LineProblem, PackText, WordFile, WordTable, is_folded};

/// Reports `problems` of the table shown as `file`.
fn report_lines(file: &str, problems: Vec<LineProblem>, report: &mut Report) {
    for p in problems {
        report.add_at(file, Some(p.line), p.message);
    }
}

/// `roots.txt`: one root word a line.
pub(super) fn roots(file: &str, text: PackText, report: &mut Report) -> Option<WordFile> {
    WordFile::parse(text)
        .map_err(|problems| report_lines(file, problems, report))
        .ok()
}

/// `dictionary.tsv`: `phrase<TAB>translation` lines.
pub(super) fn dictionary(file: &str, text: PackText, report: &mut Report) -> Option<WordTable> {
    WordTable::parse(text, false)
        .map_err(|problems| report_lines(file, problems, report))
        .ok()
}

/// `shorthand.tsv`: `short<TAB>standard words` lines, each side folded, the short form one word.
pub(super) fn shorthand(file: &str, text: PackText, report: &mut Report) -> Option<WordTable> {
    let table = WordTable::parse(text, true)
        .map_err(|problems| report_lines(file, problems, report))
        .ok()?;
    let mut problems = Vec::new();
    for (line, short, _) in table.lines() {
        if short.contains(' ') {
            problems.push(LineProblem {
                line,
                message: format!("shorthand {short:?} is more than one word"),
            });
        }
    }
    if problems.is_empty() {
        Some(table)
    } else {
        report_lines(file, problems, report);
        None
    }
}

/// Adds `shorthand.tsv`'s entries to those of `[shorthand]`; a short form in both is a problem.
pub(super) fn merge_shorthand(
    file: &str,
    table: &WordTable,
    shorthand: &mut rustc_hash::FxHashMap<String, Vec<String>>,
    report: &mut Report,
) {
    for (line, short, long) in table.lines() {
        if shorthand.contains_key(short) {
            report.add_at(
                file,
                Some(line),
                format!("shorthand {short:?} is also in language.toml's [shorthand]"),
            );
            continue;
        }
        shorthand.insert(
            short.to_string(),
            long.split(' ').map(str::to_string).collect(),
        );
    }
}

/// Checks `[reader]`: its target is another language, and its words are folded words.
pub(super) fn check_reader(
    file: &SourceFile,
    reader: &Spanned<ReaderWords>,
    info: &LanguageInfo,
    report: &mut Report,
) {
    let at = Some(reader.span().start);
    let r = reader.get_ref();
    if r.into == info.code {
        report.add(
            file,
            at,
            format!(
                "[reader] into = {:?}: a pack is read into another language",
                r.into.code()
            ),
        );
    }
    let mut word = |what: &str, w: &str| {
        if !is_folded(w) || w.contains(' ') {
            let line = file
                .text
                .find(&format!("\"{w}\""))
                .map(|o| line_of(&file.text, o))
                .or_else(|| at.map(|o| line_of(&file.text, o)));
            report.add_at(
                &file.name,
                line,
                format!(
                    "[reader] {what}: {w:?} is not one folded word (lowercase letters and digits)"
                ),
            );
        }
    };
    for (what, words) in [
        ("particles", &r.particles),
        ("passive_prefixes", &r.passive_prefixes),
        ("yes_no_fronted", &r.yes_no_fronted),
        ("continuation_words", &r.continuation_words),
        ("ordinal_markers", &r.ordinal_markers),
    ] {
        for w in words {
            word(what, w);
        }
    }
    for tail in &r.yes_no_tails {
        for w in tail {
            word("yes_no_tails", w);
        }
    }
    if let Some(marker) = &r.yes_no_marker {
        word("yes_no_marker", marker);
    }
    if let Some(marker) = &r.continuation_marker {
        word("continuation_marker", marker);
    }
    if r.yes_no_tails.iter().any(Vec::is_empty) {
        report.add(
            file,
            at,
            "[reader] yes_no_tails holds an empty tail".to_string(),
        );
    }
    if !r.yes_no_tails.is_empty() && r.yes_no_marker.is_none() {
        report.add(
            file,
            at,
            "[reader] has yes_no_tails but no yes_no_marker to put in their place".to_string(),
        );
    }
    if !r.continuation_words.is_empty() && r.continuation_marker.is_none() {
        report.add(
            file,
            at,
            "[reader] has continuation_words but no continuation_marker to put first".to_string(),
        );
    }
    for ending in &r.loanword_endings {
        let letters = ending
            .iter()
            .all(|e| e.bytes().all(|b| b.is_ascii_lowercase()));
        if ending.len() < 2 || !letters {
            report.add(
                file,
                at,
                format!(
                    "[reader] loanword_endings: {ending:?} is not an ending followed by the endings it respells (lowercase letters, \"\" for none)"
                ),
            );
        }
    }
}
