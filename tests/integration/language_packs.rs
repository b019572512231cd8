//! A knowledge directory's language packs replace the built-in ones wholly (issue 18): its
//! `lang/ms/` tables change how Malay is read, its `lang/en/drafting.toml` what `ingest` reads and
//! writes, a reload that changes a pack reads with the new one, and every malformed line of a
//! pack's tables is reported as `file:line` by the loader.

use std::fs;
use std::path::Path;

use communique::Lang;
use communique::ingest::{self, Options};
use communique::knowledge::{Language, files};
use communique::library::Library;
use communique::live::{self, Event, Selection, Watcher};
use communique::text::tokenize;
use communique::{Conversation, Toolkit};

use crate::helpers::{assert_contains, repo_path, run};

/// Copies `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// The repository's knowledge directory (packages and language packs), copied.
fn knowledge_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_path("knowledge"), dir.path());
    dir
}

/// Replaces the first `from` of `dir/file` with `to`.
fn replace_in(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The language crates reading with `dir`'s packs over the built-in ones.
fn toolkit_of(dir: &Path) -> Toolkit {
    communique::languages::toolkit(&files::read_languages_over_embedded(dir).unwrap()).unwrap()
}

/// `text` as the toolkit's Malay reader reads it.
fn read_as_english(toolkit: &Toolkit, text: &str) -> String {
    let translator = toolkit.translators().first().unwrap();
    translator
        .translate(&tokenize(text))
        .into_iter()
        .map(|a| a.word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The problems of loading the packages and packs of `dir`, as `file:line: message` lines.
fn problems_of(dir: &Path) -> String {
    match files::read_library(dir) {
        Ok(_) => String::new(),
        Err(err) => err
            .problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn a_knowledge_directorys_malay_tables_change_how_malay_is_read() {
    let built_in = crate::helpers::toolkit();
    assert_eq!(
        read_as_english(built_in, "bila FTA siap?"),
        "when fta finished"
    );
    assert_eq!(
        read_as_english(built_in, "zzq FTA siap"),
        "zzq fta finished"
    );

    let dir = knowledge_copy();
    replace_in(
        dir.path(),
        "lang/ms/dictionary.tsv",
        "\nsiap\tfinished\n",
        "\nsiap\tready\n",
    );
    // a shorthand sorted after every other key
    let shorthand = dir.path().join("lang/ms/shorthand.tsv");
    let mut text = fs::read_to_string(&shorthand).unwrap();
    text.push_str("zzq\tbila\n");
    fs::write(&shorthand, text).unwrap();

    let toolkit = toolkit_of(dir.path());
    assert_eq!(
        read_as_english(&toolkit, "bila FTA siap?"),
        "when fta ready"
    );
    assert_eq!(read_as_english(&toolkit, "zzq FTA siap"), "when fta ready");
    // the detector votes with the pack's shorthand too: "zzq" alone is Malay now
    let translator = toolkit.translators().first().unwrap();
    assert_eq!(translator.detect(&tokenize("zzq")).0.code(), "ms");
    let built_in_translator = built_in.translators().first().unwrap();
    assert_eq!(built_in_translator.detect(&tokenize("zzq")).1, 0.0);

    // the program serves with the directory's packs: a library loaded from it reads "zzq"
    let loaded = live::load(Some(dir.path())).unwrap();
    let library = Library::from_engines(loaded.engines);
    let reply = library.respond(&mut Conversation::default(), "zzq?");
    assert_eq!(reply.lang.code(), "ms", "{reply:?}");
}

/// The English pack among `languages`.
fn english(languages: Vec<std::sync::Arc<Language>>) -> std::sync::Arc<Language> {
    languages
        .into_iter()
        .find(|l| l.info.code == Lang::new("en").unwrap())
        .unwrap()
}

#[test]
fn a_knowledge_directorys_drafting_words_change_what_ingest_drafts() {
    let source = fs::read_to_string(repo_path("tests/fixtures/ingest/nz-chile-2030.md"))
        .unwrap()
        .replacen("# title: ", "# headline: ", 1);
    let title = "Joint Statement by New Zealand and Chile on Antarctic and Ocean Cooperation";
    let options = Options {
        id: "nz-chile-2030".to_string(),
        date: None,
    };

    let built_in = english(communique::knowledge::embedded_languages().unwrap());
    let draft = ingest::ingest(&source, &options, &built_in).unwrap();
    assert_ne!(draft.statement.title, title, "no header key `headline`");
    let summary = draft.facts.iter().find(|f| f.id == "summary").unwrap();
    assert_eq!(summary.label, "a summary of the statement");

    let dir = knowledge_copy();
    let drafting = "lang/en/drafting.toml";
    replace_in(
        dir.path(),
        drafting,
        "title = [\"title\"]",
        "title = [\"title\", \"headline\"]",
    );
    replace_in(
        dir.path(),
        drafting,
        "summary_label = \"a summary of the statement\"",
        "summary_label = \"the gist of the statement\"",
    );
    let own = english(files::read_languages_over_embedded(dir.path()).unwrap());
    let draft = ingest::ingest(&source, &options, &own).unwrap();
    assert_eq!(draft.statement.title, title);
    let summary = draft.facts.iter().find(|f| f.id == "summary").unwrap();
    assert_eq!(summary.label, "the gist of the statement");

    // the command line drafts with `--knowledge DIR`'s packs
    let source_file = dir.path().join("source.md");
    fs::write(&source_file, &source).unwrap();
    let out = dir.path().join("drafted");
    let (code, _, stderr) = run(
        &[
            "--knowledge",
            dir.path().to_str().unwrap(),
            "ingest",
            source_file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert_contains(
        &fs::read_to_string(out.join("statement.toml")).unwrap(),
        &format!("title = \"{title}\""),
    );
}

#[test]
fn a_packs_person_and_lead_in_words_retell_a_we_statement() {
    let source = "# title: Joint Declaration of Aria and Boreal\n# date: 2031-03-04\n\n\
                  We, the leaders of Aria and Boreal, met in Lisbon.\n\n\
                  We hereby resolve to:\n\n\
                  - deepen our cooperation on fisheries;\n\
                  - open a joint office.\n";
    let options = Options {
        id: "aria-boreal-2031".to_string(),
        date: None,
    };
    let answer_about = |language: &Language, word: &str| {
        let draft = ingest::ingest(source, &options, language).unwrap();
        draft
            .facts
            .iter()
            .find(|f| f.answer.contains(word))
            .map(|f| f.answer.clone())
            .unwrap()
    };
    let built_in = english(communique::knowledge::embedded_languages().unwrap());
    assert_contains(
        &answer_about(&built_in, "fisheries"),
        "resolve to deepen their cooperation on fisheries",
    );

    let dir = knowledge_copy();
    let drafting = "lang/en/drafting.toml";
    replace_in(
        dir.path(),
        drafting,
        "[\"our\", \"their\"]",
        "[\"our\", \"the two\"]",
    );
    replace_in(
        dir.path(),
        drafting,
        "lead_in_fillers = [\"hereby\"]",
        "lead_in_fillers = []",
    );
    let own = english(files::read_languages_over_embedded(dir.path()).unwrap());
    assert_contains(
        &answer_about(&own, "fisheries"),
        "hereby resolve to deepen the two cooperation on fisheries",
    );

    // a pair that is not two lowercase words is reported where it stands
    replace_in(dir.path(), drafting, "[\"us\", \"them\"]", "[\"us\"]");
    let line = fs::read_to_string(dir.path().join(drafting))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("person_shift"))
        .unwrap()
        + 1;
    let broken = english(files::read_languages_over_embedded(dir.path()).unwrap());
    let err = ingest::ingest(source, &options, &broken).unwrap_err();
    assert_contains(
        &format!("{err:#}"),
        &format!("lang/en/drafting.toml:{line}: [reading] person_shift"),
    );
}

#[test]
fn malformed_table_lines_are_reported_with_file_and_line() {
    let dir = knowledge_copy();
    // roots.txt line 2 ("abad") before line 1 ("aba"): out of order
    replace_in(
        dir.path(),
        "lang/ms/roots.txt",
        "aba\nabad\n",
        "abad\naba\n",
    );
    replace_in(
        dir.path(),
        "lang/ms/dictionary.tsv",
        "\nsiap\tfinished\n",
        "\nsiap finished\n",
    );
    replace_in(
        dir.path(),
        "lang/ms/shorthand.tsv",
        "\nyg\tyang",
        "\nyg\tYang",
    );
    replace_in(
        dir.path(),
        "lang/ms/language.toml",
        "particles = [\"kah\",",
        "particles = [\"-kah\",",
    );
    let problems = problems_of(dir.path());
    assert_contains(&problems, "lang/ms/roots.txt:2: \"aba\" is out of order");
    let dictionary_line = fs::read_to_string(dir.path().join("lang/ms/dictionary.tsv"))
        .unwrap()
        .lines()
        .position(|l| l == "siap finished")
        .unwrap()
        + 1;
    assert_contains(
        &problems,
        &format!("lang/ms/dictionary.tsv:{dictionary_line}: \"siap finished\" has no tab"),
    );
    assert_contains(&problems, "lang/ms/shorthand.tsv:");
    assert_contains(&problems, "the value \"Yang\" is not folded text");
    assert_contains(&problems, "lang/ms/language.toml:");
    assert_contains(
        &problems,
        "[reader] particles: \"-kah\" is not one folded word",
    );

    // the program refuses to start on them, naming the file and line
    let (code, _, stderr) = run(
        &["--knowledge", dir.path().to_str().unwrap(), "ask", "hello"],
        "",
    );
    assert_eq!(code, 1);
    assert_contains(&stderr, "lang/ms/roots.txt:2:");
}

#[test]
fn malformed_drafting_files_are_reported_by_check_and_ingest() {
    let dir = knowledge_copy();
    replace_in(
        dir.path(),
        "lang/en/drafting.toml",
        "probe_question = \"What did they say about {label}?\"",
        "probe_question = \"What did they say about {lable}?\"",
    );
    replace_in(
        dir.path(),
        "lang/en/places.txt",
        "\nSingapore|Singaporean,Singaporeans|",
        "\n|Singaporean,Singaporeans|",
    );
    let line = |file: &str, needle: &str| {
        fs::read_to_string(dir.path().join(file))
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let placeholder = format!(
        "lang/en/drafting.toml:{}: unknown placeholder {{lable}}",
        line("lang/en/drafting.toml", "{lable}")
    );
    let place = format!(
        "lang/en/places.txt:{}: the place has no name",
        line("lang/en/places.txt", "|Singaporean,Singaporeans|")
    );
    // answering does not read the drafting files: the package loads and answers
    assert_eq!(problems_of(dir.path()), "");
    let knowledge = dir.path().to_str().unwrap();
    let (code, stdout, _) = run(&["--knowledge", knowledge, "check"], "");
    assert_eq!(code, 1, "{stdout}");
    assert_contains(&stdout, &placeholder);
    assert_contains(&stdout, &place);
    let (code, _, stderr) = run(
        &[
            "--knowledge",
            knowledge,
            "ingest",
            repo_path("tests/fixtures/ingest/nz-chile-2030.md")
                .to_str()
                .unwrap(),
            "--out",
            dir.path().join("drafted").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_contains(&stderr, &placeholder);
    assert_contains(&stderr, &place);
}

#[test]
fn a_malay_pack_written_before_the_reader_tables_reads_as_the_built_in_one() {
    let dir = knowledge_copy();
    let ms = dir.path().join("lang/ms");
    for table in ["roots.txt", "dictionary.tsv", "shorthand.tsv"] {
        fs::remove_file(ms.join(table)).unwrap();
    }
    let language = fs::read_to_string(ms.join("language.toml")).unwrap();
    let start = language.find("[reader]").unwrap();
    let end = language.find("[library]").unwrap();
    fs::write(
        ms.join("language.toml"),
        format!("{}{}", &language[..start], &language[end..]),
    )
    .unwrap();
    assert_eq!(problems_of(dir.path()), "");
    let toolkit = toolkit_of(dir.path());
    for text in [
        "bila FTA siap?",
        "brp byk MoU ditandatangani?",
        "ekonomi halal ada tak?",
    ] {
        assert_eq!(
            read_as_english(&toolkit, text),
            read_as_english(crate::helpers::toolkit(), text),
            "{text:?}"
        );
    }
}

/// Polls until the watcher acts (an edit is acted on once the files stay the same for a look).
fn settle(watcher: &mut Watcher, library: &Library) -> (Option<Library>, Vec<Event>) {
    for _ in 0..3 {
        let (next, events) = watcher.poll(library);
        if next.is_some() || !events.is_empty() {
            return (next, events);
        }
    }
    (None, Vec::new())
}

#[test]
fn a_reload_reads_with_the_changed_language_packs() {
    let dir = knowledge_copy();
    let loaded = live::load(Some(dir.path())).unwrap();
    let library = Library::from_engines(loaded.engines);
    let mut watcher = Watcher::new(dir.path(), Selection::default(), loaded.toolkit, &library);
    let ask = |library: &Library| library.respond(&mut Conversation::default(), "zzq?").lang;
    assert_eq!(ask(&library).code(), "en", "no evidence either way");

    // A package with a Malay translation changes: it is read again with the Malay pack.
    let facts = dir.path().join("malaysia-south-korea-2024/facts.toml");
    let mut text = fs::read_to_string(&facts).unwrap();
    text.push('\n');
    fs::write(&facts, text).unwrap();
    let (next, events) = settle(&mut watcher, &library);
    assert!(
        matches!(&events[..], [Event::Reloaded { changed, .. }] if changed.len() == 1),
        "{events:?}"
    );
    let library = next.unwrap();

    // The Malay pack changes: the new library reads with it.
    let shorthand = dir.path().join("lang/ms/shorthand.tsv");
    let mut text = fs::read_to_string(&shorthand).unwrap();
    text.push_str("zzq\tbila\n");
    fs::write(&shorthand, text).unwrap();
    let (next, events) = settle(&mut watcher, &library);
    assert!(
        matches!(&events[..], [Event::Reloaded { .. }]),
        "{events:?}"
    );
    assert_eq!(ask(&next.unwrap()).code(), "ms");

    // A Malay pack the reader cannot use keeps the last library serving.
    let library = Library::from_engines(live::load(Some(dir.path())).unwrap().engines);
    fs::write(&shorthand, "zzq\tbila\nabc\tada\n").unwrap();
    let (next, events) = settle(&mut watcher, &library);
    assert!(next.is_none());
    let shown: Vec<String> = events.iter().map(ToString::to_string).collect();
    assert_contains(&shown.join("\n"), "shorthand.tsv:2:");
}

#[test]
fn malformed_frequency_lines_are_reported_with_file_and_line() {
    let dir = knowledge_copy();
    let text = fs::read_to_string(dir.path().join("lang/en/frequency.tsv")).unwrap();
    let first = text
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap()
        .to_string();
    let line = text.lines().position(|l| l == first).unwrap() + 1;
    let (word, _) = first.split_once('\t').unwrap();
    replace_in(
        dir.path(),
        "lang/en/frequency.tsv",
        &format!("\n{first}\n"),
        &format!("\n{word}\tmany\n"),
    );
    assert_contains(
        &problems_of(dir.path()),
        &format!("lang/en/frequency.tsv:{line}: the frequency must be a whole number 0-99"),
    );
}

#[test]
fn a_stem_exception_that_could_never_be_looked_up_is_reported_with_file_and_line() {
    let dir = knowledge_copy();
    let text = fs::read_to_string(dir.path().join("lang/en/language.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("stem_exceptions"))
        .unwrap()
        + 1;
    replace_in(
        dir.path(),
        "lang/en/language.toml",
        "stem_exceptions = { ",
        "stem_exceptions = { \"Very Important\" = \"important\", ",
    );
    assert_contains(
        &problems_of(dir.path()),
        &format!(
            "lang/en/language.toml:{line}: stem_exceptions: \"Very Important\" is not one \
             lowercase word as questions are read (they read it as \"very important\")"
        ),
    );
}

/// `[question]` holds each kind's words under the kind's name beside its other lists: a key that
/// is neither a list nor a kind is reported, with the pack's file.
#[test]
fn a_question_key_that_names_no_kind_is_reported() {
    let dir = knowledge_copy();
    replace_in(
        dir.path(),
        "lang/en/language.toml",
        "[question]\n",
        "[question]\ncolour = [\"red\"]\n",
    );
    let problems = problems_of(dir.path());
    assert_contains(&problems, "lang/en/language.toml");
    assert_contains(&problems, "unknown variant `colour`");
}
