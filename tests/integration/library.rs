//! Many statements in one bot: routing between two test statements that both set a free trade
//! deadline (`tests/fixtures/library/`), the home statement, switching, the one-statement library
//! being exactly the engine, and hot reload (a good edit swapped in, a bad edit rejected while the
//! previous version keeps serving, a removed package).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use communique::knowledge::files;
use communique::live::{self, Event, Selection, Shelf, Watcher};
use communique::reply::ReplyKind;
use communique::{Conversation, Knowledge, Library};

use crate::helpers::repo_path;

const FREEDONIA: &str = "freedonia-ruritania-2031";
const ELBONIA: &str = "ruritania-elbonia-2030";
/// A question both statements answer, each with its own deadline.
const DEADLINE: &str = "When should the free trade agreement be done?";

fn fixture() -> PathBuf {
    repo_path("tests/fixtures/library")
}

fn library_of(dir: &Path) -> Library {
    Library::new(files::read_library(dir).unwrap(), crate::helpers::toolkit()).unwrap()
}

#[test]
fn a_question_two_statements_answer_asks_which_and_the_choice_answers_it() {
    let library = library_of(&fixture());
    assert!(library.home().is_none(), "two curated statements: no home");
    let mut c = Conversation::default();
    let which = library.respond(&mut c, DEADLINE);
    assert_eq!(which.kind, ReplyKind::WhichStatement, "{which:?}");
    assert_eq!(which.fact, None);
    let offered: Vec<&str> = which.statements.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(offered, [FREEDONIA, ELBONIA]);
    assert!(
        which.answer.starts_with("Which statement do you mean:")
            && which.answer.contains("2033")
            && which.answer.contains("2031"),
        "{}",
        which.answer
    );
    // Picked by name: answered there, and that statement is now in use.
    let picked = library.respond(&mut c, "the Elbonia one");
    assert_eq!(picked.fact.as_deref(), Some("fta-deadline"));
    assert_eq!(picked.statement.as_deref(), Some(ELBONIA));
    assert!(picked.answer.contains("2031"), "{}", picked.answer);
    assert_eq!(c.statement.as_deref(), Some(ELBONIA));
    // "and in the Freedonia one?" asks the same question there.
    let switched = library.respond(&mut c, "and in the Freedonia one?");
    assert_eq!(switched.statement.as_deref(), Some(FREEDONIA));
    assert!(switched.answer.contains("2033"), "{}", switched.answer);
    assert_eq!(c.statement.as_deref(), Some(FREEDONIA));

    // Picked by position.
    let mut c = Conversation::default();
    library.respond(&mut c, DEADLINE);
    let second = library.respond(&mut c, "the second");
    assert_eq!(second.statement.as_deref(), Some(ELBONIA));
    assert!(second.answer.contains("2031"), "{}", second.answer);
}

#[test]
fn a_question_only_one_statement_answers_goes_there_and_stays() {
    let library = library_of(&fixture());
    let mut c = Conversation::default();
    let potatoes = library.respond(&mut c, "what about the potato exports?");
    assert_eq!(potatoes.statement.as_deref(), Some(ELBONIA));
    assert_eq!(potatoes.fact.as_deref(), Some("potatoes"));
    // The library chose the statement, so the answer says which one speaks.
    assert_eq!(
        potatoes.answer,
        "From the Ruritania–Elbonia joint statement: Elbonia will export potatoes to Ruritania every autumn."
    );
    // The deadline is now asked in the statement in use: no "which statement?", no lead-in.
    let deadline = library.respond(&mut c, DEADLINE);
    assert_eq!(deadline.kind, ReplyKind::Answer, "{deadline:?}");
    assert!(
        deadline.answer.starts_with("Ruritania and Elbonia aim"),
        "{}",
        deadline.answer
    );
    // Something only the other statement has: it answers, says so, and is in use from now on.
    let fishing = library.respond(&mut c, "what about the fishing grounds?");
    assert_eq!(fishing.statement.as_deref(), Some(FREEDONIA), "{fishing:?}");
    assert_eq!(fishing.fact.as_deref(), Some("fishing"));
    assert!(
        fishing
            .answer
            .starts_with("From the Freedonia–Ruritania joint statement: "),
        "{}",
        fishing.answer
    );
    assert_eq!(c.statement.as_deref(), Some(FREEDONIA));
}

#[test]
fn a_no_answer_names_the_statements_that_have_one_when_several_do() {
    // A third statement that also shares fishing grounds.
    let dir = copy_fixture(None);
    let third = dir.path().join("elbonia-freedonia-2032");
    std::fs::create_dir(&third).unwrap();
    std::fs::write(
        third.join("statement.toml"),
        "[statement]\ntitle = \"Elbonia and Freedonia share fish\"\nname = \"the Elbonia–Freedonia joint statement\"\ndate = \"2032-01-01\"\nparties = [\"Elbonia\", \"Freedonia\"]\n\n[[topic]]\nid = \"fish\"\ntitle = \"Fish\"\nquestion = \"What about fish?\"\n",
    )
    .unwrap();
    std::fs::write(
        third.join("facts.toml"),
        "[[fact]]\nid = \"fishing\"\ntopic = \"fish\"\nlabel = \"the fishing grounds\"\nanswer = \"Elbonia and Freedonia will share their fishing grounds from 2033.\"\nparagraphs = [1]\nkinds = [\"when\"]\nkeywords = [\"fishing\", \"fish\", \"grounds\"]\n",
    )
    .unwrap();
    let library = library_of(dir.path());
    let mut c = Conversation::default();
    library.use_statement(&mut c, ELBONIA).unwrap();
    let fishing = library.respond(&mut c, "what about the fishing grounds?");
    assert_eq!(fishing.kind, ReplyKind::NoAnswer, "{fishing:?}");
    assert_eq!(fishing.fact, None);
    assert_eq!(fishing.statement.as_deref(), Some(ELBONIA));
    let mut offered: Vec<&str> = fishing.statements.iter().map(|s| s.id.as_str()).collect();
    offered.sort_unstable();
    assert_eq!(offered, ["elbonia-freedonia-2032", FREEDONIA]);
    assert!(
        fishing.answer.contains("It may be in the "),
        "{}",
        fishing.answer
    );
    // Taking an offer by position asks it there.
    let first = fishing.statements[0].id.clone();
    let there = library.respond(&mut c, "the first");
    assert_eq!(there.statement.as_deref(), Some(first.as_str()));
    assert_eq!(there.fact.as_deref(), Some("fishing"));
}

#[test]
fn use_statement_switches_and_answers_a_pending_question() {
    let library = library_of(&fixture());
    let mut c = Conversation::default();
    let used = library.use_statement(&mut c, FREEDONIA).unwrap();
    assert!(
        used.reply
            .answer
            .contains("Now answering from the Freedonia–Ruritania joint statement"),
        "{}",
        used.reply.answer
    );
    assert!(library.respond(&mut c, DEADLINE).answer.contains("2033"));
    assert!(library.use_statement(&mut c, "atlantis-1999").is_err());
    // A pending "which statement?" is answered by choosing a statement (a button press).
    let mut c = Conversation::default();
    library.respond(&mut c, DEADLINE);
    let chosen = library.use_statement(&mut c, ELBONIA).unwrap();
    assert!(
        chosen.reply.answer.contains("2031"),
        "{}",
        chosen.reply.answer
    );
}

#[test]
fn small_talk_with_no_statement_in_use_names_the_library() {
    let library = library_of(&fixture());
    let hello = library.respond(&mut Conversation::default(), "hello");
    assert_eq!(hello.kind, ReplyKind::SmallTalk);
    assert!(
        hello.answer.contains("2 statements")
            && hello
                .answer
                .contains("the Freedonia–Ruritania joint statement")
            && hello
                .answer
                .contains("the Ruritania–Elbonia joint statement"),
        "{}",
        hello.answer
    );
    let none = library.respond(&mut Conversation::default(), "what about shipyards?");
    assert_eq!(none.kind, ReplyKind::NoAnswer);
    assert!(
        none.answer.contains("None of the 2 statements"),
        "{}",
        none.answer
    );
}

#[test]
fn a_conversation_in_a_statement_that_is_gone_starts_afresh() {
    let library = library_of(&fixture());
    let mut c = Conversation {
        statement: Some("gone-2020".to_string()),
        last_fact: Some("no-such-fact".to_string()),
        ..Conversation::default()
    };
    let reply = library.respond(&mut c, "what about the potato exports?");
    assert_eq!(reply.fact.as_deref(), Some("potatoes"));
    assert_eq!(c.statement.as_deref(), Some(ELBONIA));
}

/// Copies the test library into a temporary directory, with `drafted` marking one package.
/// The two test statements and the built-in Malaysia–Korea one (which has a Malay translation):
/// three curated statements, so no home statement.
fn library_with_malay() -> Library {
    let mut packages = files::read_library(&fixture()).unwrap();
    packages.push(Knowledge::embedded().unwrap());
    Library::new(packages, crate::helpers::toolkit()).unwrap()
}

#[test]
fn the_library_s_own_words_are_in_the_reply_s_language() {
    let library = library_with_malay();
    let malay = communique::malay::MALAY;
    let ms = library.voice_in(Some(malay)).unwrap();
    assert_eq!(ms.lang(), malay, "a statement of the library speaks Malay");
    // A Malay question only the Malaysia–Korea statement answers: the lead naming the statement
    // the library chose is Malay, and names it as its Malay translation does.
    let reply = library.respond(
        &mut Conversation::default(),
        "apakah yang dikatakan tentang tenaga hidrogen?",
    );
    assert_eq!(reply.lang, malay, "{reply:?}");
    let from = ms.fill(&ms.phrases().library.from, &[("name", ms.name())]);
    assert!(
        reply.answer.starts_with(&from),
        "{from:?} / {}",
        reply.answer
    );
    // The same question in English: the English lead, the English name.
    let reply = library.respond(
        &mut Conversation::default(),
        "what do they say about hydrogen energy?",
    );
    let en = library.voice_for(&reply).unwrap();
    let from = en.fill(&en.phrases().library.from, &[("name", en.name())]);
    assert_ne!(reply.lang, malay);
    assert!(
        reply.answer.starts_with(&from),
        "{from:?} / {}",
        reply.answer
    );
    // A library reply of its own (none of the statements says it), asked in Malay, is Malay.
    let none = library.respond(
        &mut Conversation::default(),
        "apakah kata mereka tentang kereta api laju ke bulan?",
    );
    assert_eq!(
        (none.kind, none.lang),
        (ReplyKind::NoAnswer, malay),
        "{none:?}"
    );
}

#[test]
fn every_front_end_finds_a_reply_s_voice_the_same_way() {
    let library = library_with_malay();
    let mut c = Conversation::with_reply_lang(Some(communique::malay::MALAY));
    let reply = library.respond(&mut c, "what do they say about hydrogen energy?");
    let voice = library.voice_for(&reply).unwrap();
    // the statement the reply speaks for, in the reply's language
    assert_eq!(
        reply.statement.as_deref(),
        Some("malaysia-south-korea-2024")
    );
    assert_eq!(voice.lang(), reply.lang);
    let source = reply.source.as_ref().unwrap();
    assert!(communique::render::text(&reply, voice).contains(&voice.citation_line(source)));
}

fn copy_fixture(drafted: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for package in [FREEDONIA, ELBONIA] {
        let to = dir.path().join(package);
        std::fs::create_dir(&to).unwrap();
        for name in ["statement.toml", "facts.toml", "vocabulary.toml"] {
            let mut text = std::fs::read_to_string(fixture().join(package).join(name)).unwrap();
            if name == "statement.toml" && drafted == Some(package) {
                text = text.replace("[[topic]]", "drafted = [\"title\"]\n\n[[topic]]");
            }
            std::fs::write(to.join(name), text).unwrap();
        }
    }
    dir
}

#[test]
fn the_only_curated_statement_beside_drafts_is_home_unless_one_is_named() {
    let dir = copy_fixture(Some(FREEDONIA));
    let library = library_of(dir.path());
    assert_eq!(library.home().map(|e| e.id()), Some(ELBONIA));
    // The home statement answers a question both answer; the draft answers what names it.
    let mut c = Conversation::default();
    assert!(library.respond(&mut c, DEADLINE).answer.contains("2031"));
    let named = library.respond(
        &mut Conversation::default(),
        "When is the Freedonian FTA due?",
    );
    assert_eq!(named.statement.as_deref(), Some(FREEDONIA), "{named:?}");
    // A named home wins over the implicit one.
    let library = library.with_home(Some(FREEDONIA)).unwrap();
    assert!(
        library
            .respond(&mut Conversation::default(), DEADLINE)
            .answer
            .contains("2033")
    );
    assert!(library_of(dir.path()).with_home(Some("atlantis")).is_err());
}

/// With one statement, the library is the engine: the same replies and the same conversation, turn
/// after turn (follow-ups, clarifications, no-answers, small talk).
#[test]
fn one_statement_library_answers_exactly_as_its_engine() {
    let engine = crate::helpers::engine_of(Knowledge::embedded().unwrap());
    let library = Library::new(
        vec![Knowledge::embedded().unwrap()],
        crate::helpers::toolkit(),
    )
    .unwrap();
    let script = [
        "hello",
        "What did the leaders agree about health care and medicine?",
        "when was that MoU signed?",
        "When was the MoU signed?",
        "the second",
        "who painted the Mona Lisa?",
        "and for education?",
        "tell me more",
        "and in the ASEAN one?",
        "thanks",
    ];
    let (mut a, mut b) = (Conversation::default(), Conversation::default());
    for message in script {
        let expected = engine.respond(&mut a, message);
        let got = library.respond(&mut b, message);
        assert_eq!(got, expected, "{message:?}");
        assert_eq!(b, a, "{message:?}");
    }
}

/// Appends `text` to `path` (the size changes, so even a coarse clock sees the edit).
fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
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

const NEW_FACT: &str = r#"
[[fact]]
id = "cheese"
topic = "trade"
label = "the cheese quota"
answer = "Freedonia will buy a thousand tonnes of Ruritanian cheese a year."
paragraphs = [3]
keywords = ["cheese", "quota"]
"#;

#[test]
fn hot_reload_swaps_good_edits_and_rejects_bad_ones_while_the_old_version_serves() {
    let dir = copy_fixture(None);
    let library = library_of(dir.path());
    let elbonia_engine = Arc::clone(library.entry(ELBONIA).unwrap().engine());
    let mut watcher = Watcher::new(
        dir.path(),
        Selection::default(),
        crate::helpers::toolkit().clone(),
        &library,
    );
    assert!(
        settle(&mut watcher, &library).0.is_none(),
        "nothing changed"
    );

    // A good edit: a new fact in one package; the other package keeps its engine.
    let facts = dir.path().join(FREEDONIA).join("facts.toml");
    append(&facts, NEW_FACT);
    let (next, events) = settle(&mut watcher, &library);
    let library = next.expect("a new library");
    assert!(
        matches!(&events[..], [Event::Reloaded { changed, added, removed, .. }]
            if changed == &[FREEDONIA.to_string()] && added.is_empty() && removed.is_empty()),
        "{events:?}"
    );
    assert!(Arc::ptr_eq(
        library.entry(ELBONIA).unwrap().engine(),
        &elbonia_engine
    ));
    let mut c = Conversation::default();
    let cheese = library.respond(&mut c, "what about the cheese quota?");
    assert_eq!(cheese.fact.as_deref(), Some("cheese"), "{cheese:?}");

    // A bad edit: reported with the file and line, and the previous version keeps serving.
    append(&facts, "\n[[fact]]\nid = \"broken\"\nthis is not toml\n");
    let (next, events) = settle(&mut watcher, &library);
    assert!(next.is_none(), "a bad edit changes nothing");
    let [Event::Rejected { package, error }] = &events[..] else {
        panic!("expected one rejected edit, got {events:?}");
    };
    assert!(package.ends_with(FREEDONIA), "{package:?}");
    let problem = &error.problems[0];
    assert!(problem.file.ends_with("facts.toml"), "{problem}");
    assert!(problem.line.is_some(), "{problem}");
    let log = events[0].to_string();
    assert!(
        log.contains("previous version keeps serving") && log.contains("facts.toml:"),
        "{log}"
    );
    // Not read again until it changes again.
    assert!(settle(&mut watcher, &library).1.is_empty());
    let still = library.respond(&mut c, "what about the cheese quota?");
    assert_eq!(still.fact.as_deref(), Some("cheese"));

    // The fix is swapped in; then removing a package leaves the other serving, and a conversation
    // that was in the removed one starts afresh.
    let fixed = std::fs::read_to_string(&facts).unwrap().replace(
        "this is not toml\n",
        "topic = \"trade\"\nlabel = \"fixed\"\nanswer = \"Fixed.\"\nparagraphs = [4]\n",
    );
    std::fs::write(&facts, fixed).unwrap();
    let library = settle(&mut watcher, &library).0.expect("the fix loads");
    assert!(
        library
            .entry(FREEDONIA)
            .unwrap()
            .engine()
            .knowledge()
            .fact("broken")
            .is_some()
    );
    std::fs::remove_dir_all(dir.path().join(FREEDONIA)).unwrap();
    let (next, events) = settle(&mut watcher, &library);
    let library = next.expect("a library without the removed package");
    assert!(
        matches!(&events[..], [Event::Reloaded { removed, .. }] if removed == &[FREEDONIA.to_string()]),
        "{events:?}"
    );
    assert_eq!(library.entries().len(), 1);
    let after = library.respond(&mut c, DEADLINE);
    assert!(after.answer.contains("2031"), "{after:?}");
}

#[test]
fn the_watching_thread_swaps_the_shelf() {
    let dir = copy_fixture(None);
    let shelf = Arc::new(Shelf::new(library_of(dir.path())));
    let (tx, rx) = std::sync::mpsc::channel();
    let watching = live::watch(
        Arc::clone(&shelf),
        dir.path().to_path_buf(),
        Selection::default(),
        crate::helpers::toolkit().clone(),
        Duration::from_millis(20),
        move |event| {
            let _ = tx.send(event.to_string());
        },
    )
    .unwrap();
    append(&dir.path().join(FREEDONIA).join("facts.toml"), NEW_FACT);
    let started = Instant::now();
    let log = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(log.starts_with("knowledge reloaded in"), "{log}");
    let reply = shelf
        .library()
        .respond(&mut Conversation::default(), "what about the cheese quota?");
    assert_eq!(reply.fact.as_deref(), Some("cheese"));
    assert!(started.elapsed() < Duration::from_secs(10));
    watching.stop();
}
