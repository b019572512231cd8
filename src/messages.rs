//! The program's own messages to whoever runs it, in one place: `check` reports and the Telegram
//! bot's start-up errors (each says what went wrong and what to do, and never shows a secret).
//!
//! What the bot says to the people asking questions is not here: it is data, in the language
//! packs' `phrases.toml` and `smalltalk.toml` (see [`crate::voice`]), and in the statement packages.
//! Placeholders are filled with `str::replace` on `{name}` markers so the strings stay readable as a
//! whole.

/// `check`: all good.
pub const CHECK_OK: &str = "knowledge OK: {facts} facts, {topics} topics, {synonyms} synonym groups, {intents} small-talk intents";

/// `check`: the quotes and paragraphs agree with the statement's text `{source}`.
pub const CHECK_SOURCE_OK: &str =
    "source OK ({source}): {quotes} quotes found verbatim, all {paragraphs} paragraphs cited";

/// `check`: a translation gives every fact and topic in its language.
pub const CHECK_TRANSLATION_OK: &str =
    "translation OK ({file}): {language} text for {facts} facts and {topics} topics";

/// `check` of a package without a `source.txt`, and no `--source`.
pub const CHECK_NO_SOURCE: &str = "source not checked: the package has no source.txt (add the statement's text as published, or pass --source FILE)";

// ---------------------------------------------------------------------------------------------
// The Telegram bot (`communique telegram`). Plain text: the bot escapes it for HTML itself.
// ---------------------------------------------------------------------------------------------

/// Webhook mode without a usable secret token (never shows the value).
pub const TG_WEBHOOK_SECRET_INVALID: &str = "must be set in webhook mode to 1-256 characters of A-Z a-z 0-9 _ - (the same for every instance); set it in the config file or the COMMUNIQUE_TELEGRAM_WEBHOOK_SECRET_TOKEN environment variable";

/// The configured storage could not be opened at start-up; `{storage}` is its kind and address
/// (no password), `{reason}` the storage's error.
pub const TG_STORAGE_UNAVAILABLE: &str = "cannot use the conversation storage telegram.storage = {storage} ({reason}); check that it is reachable (a Redis server running, a writable SQLite path) or set telegram.storage = \"memory\", then start the bot again";

/// The webhook's listen address could not be bound.
pub const TG_WEBHOOK_LISTEN_FAILED: &str = "cannot listen on telegram.webhook.listen = {addr} ({reason}); choose a free address and port, then start the bot again";

/// Telegram refused the webhook.
pub const TG_WEBHOOK_REFUSED: &str = "the Bot API refused the webhook telegram.webhook.url = {url} ({reason}); it must be a public https:// URL on port 443, 80, 88 or 8443";

/// No token anywhere.
pub const TG_TOKEN_MISSING: &str = "no Telegram bot token: set the TELOXIDE_TOKEN environment variable to the token @BotFather gave you, or put the token in a file and name that file in the config key telegram.token_file (or pass --token-file FILE)";

/// A token that cannot be one; `{from}` says where it came from. Never shows the token.
pub const TG_TOKEN_MALFORMED: &str = "the Telegram bot token from {from} is malformed (expected digits, a colon and the secret, like 123456789:AA...): copy it again from @BotFather into the TELOXIDE_TOKEN environment variable, or into the file named by telegram.token_file (or --token-file FILE)";

/// The token file named in the configuration cannot be read.
pub const TG_TOKEN_FILE_UNREADABLE: &str = "cannot read the token file {path} (named by telegram.token_file or --token-file): {reason}; fix the path, or set the TELOXIDE_TOKEN environment variable instead";

/// Telegram refused the token.
pub const TG_TOKEN_REJECTED: &str = "the Bot API server rejected the token ({reason}): check the token with @BotFather (/token) and set it again in TELOXIDE_TOKEN or the file named by telegram.token_file";

/// The Bot API could not be reached at start-up, even after retries.
pub const TG_UNREACHABLE: &str = "cannot reach the Bot API at {url} ({reason}); check the network and telegram.api_url, then start the bot again";

/// Marks a reply cut to Telegram's message length limit.
pub const TG_TRUNCATED: &str = "…";

// ---------------------------------------------------------------------------------------------
// `communique ingest`: what it writes into a drafted package, and what it tells the curator.
// ---------------------------------------------------------------------------------------------

/// Month names, for dates written out ("26 October 2025") and for finding dates in a statement.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The answer of a later clause of a long sentence: the sentence's first words, then the clause.
pub const INGEST_CONTINUED: &str = "{head} … {rest}";

/// No date anywhere: the text has no header date and no full date.
pub const INGEST_NO_DATE: &str = "the statement's date is not in its text (no `# date:` line and no full date such as \"26 October 2025\"); give it with --date YYYY-MM-DD";

/// Nothing in the text makes a fact.
pub const INGEST_NOTHING_TO_SAY: &str =
    "the text holds no sentence to make a fact of (is it the statement's text, in English?)";

/// The draft did not load: a bug of the ingester; the loader's problems follow.
pub const INGEST_INVALID: &str = "the drafted package does not load (a bug in communique ingest; please report it with the source text): ";

/// Title of a statement whose text has none.
pub const INGEST_UNTITLED: &str = "Joint statement";

/// The fact about the statement itself: `{name}`, `{title}`, `{date}`, `{place}` (empty or
/// [`INGEST_ABOUT_PLACE`]).
pub const INGEST_ABOUT_ANSWER: &str = "{name}, “{title}”, is dated {date}{place}.";
pub const INGEST_ABOUT_PLACE: &str = ", at {place}";
pub const INGEST_ABOUT_LABEL: &str = "the statement's date and place";
pub const INGEST_ABOUT_KEYWORDS: [&str; 10] = [
    "issued",
    "released",
    "published",
    "dated",
    "date",
    "title",
    "source",
    "link",
    "publisher",
    "adopted",
];

/// The summary fact: its label, keywords, and the sentence naming the sections (`{headings}`).
pub const INGEST_SUMMARY_LABEL: &str = "a summary of the statement";
pub const INGEST_SUMMARY_KEYWORDS: [&str; 10] = [
    "summary",
    "summarise",
    "summarize",
    "overview",
    "main points",
    "key points",
    "gist",
    "recap",
    "in short",
    "outline",
];
pub const INGEST_SUMMARY_SECTIONS: &str = " Its sections: {headings}.";

/// The topic of the facts about the statement itself, and its button question.
pub const INGEST_ABOUT_TOPIC: &str = "About the statement";
pub const INGEST_ABOUT_QUESTION: &str = "When and where was the statement made?";

/// The signature block: `{signed}` and `{witnessed}` are lists of names (with titles).
pub const INGEST_SIGNED_BY: &str = "It was signed by {signed}.";
pub const INGEST_WITNESSED_BY: &str = "It was witnessed by {witnessed}.";
pub const INGEST_SIGNED_AND_WITNESSED: &str =
    "It was signed by {signed}, and witnessed by {witnessed}.";
/// A signature block with no names in it: `{text}` is the block.
pub const INGEST_SIGNATURE_BLOCK: &str = "The statement ends with: {text}.";
pub const INGEST_SIGNATURE_LABEL: &str = "the signatories";
pub const INGEST_SIGNATURE_WITNESS_LABEL: &str = "the signatories and witnesses";
pub const INGEST_SIGNATURE_KEYWORDS: [&str; 6] = [
    "signatories",
    "signatures",
    "signature",
    "signed",
    "witnessed",
    "witnesses",
];

/// A person the statement names with a title: `{name}`, `{role}` as written.
pub const INGEST_PERSON_ANSWER: &str = "The statement names {name} as {role}.";
/// Keywords of a fact that defines an abbreviation ("Long Name (ABBR)").
pub const INGEST_ABBREVIATION_KEYWORDS: [&str; 4] =
    ["stand for", "acronym", "abbreviation", "full name"];

/// A person's label: `{name}`, `{role}`.
pub const INGEST_PERSON_LABEL: &str = "{name}, {role}";

/// Words a question about signing uses: a synonym group of packages with a signature block (the
/// language pack treats "signed" as filler, which would leave "who signed it?" without a topic).
pub const INGEST_SIGNING_WORDS: [&str; 8] = [
    "signatories",
    "signatory",
    "signed",
    "sign",
    "signing",
    "signature",
    "signatures",
    "signer",
];

/// Added to a person's label when a claim already uses the name as its label.
pub const INGEST_PERSON_LABEL_SUFFIX: &str = "person";

/// The question that proves a person's fact reachable: `{person}`.
pub const INGEST_PERSON_QUESTION: &str = "Who is {person}?";

/// A topic's button question: `{title}`.
pub const INGEST_TOPIC_QUESTION: &str = "What did they say about {title}?";

/// The question that proves a fact reachable, and a suggested follow-up: `{label}`.
pub const INGEST_PROBE_QUESTION: &str = "What did they say about {label}?";

/// The top of a drafted dialogue file.
pub const INGEST_DIALOGUE_HEADER: &str = "# Drafted by `communique ingest`: one question per fact, each answered from that fact.\n# `communique --knowledge DIR test` runs it. Keep it as a regression test while curating; add\n# your own dialogues beside it (this file is rewritten by `ingest --update`).\n";

/// A fact no drafted question reaches: `{id}`, `{label}`.
pub const INGEST_DIALOGUE_UNREACHABLE: &str =
    "# unreachable: no drafted question reaches {id} ({label}); curate its label and keywords\n";

/// The opening comments of the drafted TOML files.
pub const INGEST_STATEMENT_HEADER: &str = "# Drafted by `communique ingest` from source.txt. Every field listed in `drafted` is a guess:\n# check it, correct it, then remove it from `drafted`.";
pub const INGEST_FACTS_HEADER: &str = "# Drafted by `communique ingest`: one fact per claim of source.txt (paragraphs numbered as\n# `communique check` counts them). Answers are the statement's sentences in plain words; curate\n# labels, answers and keywords, add examples. `ingest --update` keeps every fact you edit.";
pub const INGEST_VOCABULARY_HEADER: &str = "# Drafted by `communique ingest`: the statement's abbreviations, people and places. The first\n# entry of each group is its canonical form; a word may be in one group only.";
pub const INGEST_SMALLTALK_HEADER: &str =
    "# Drafted by `communique ingest`: minimal small talk naming the statement.";

/// Small talk of a drafted package: (id, patterns, reply with `{name}` and `{date}`).
pub const INGEST_SMALL_TALK: [(&str, &[&str], &str); 4] = [
    (
        "greeting",
        &[
            "hi",
            "hello",
            "hey",
            "hi there",
            "hello there",
            "good morning",
            "good afternoon",
            "good evening",
        ],
        "Hello! I answer questions about {name} of {date}, from its text alone. Ask me what it says about a subject, or type :topics (or /topics) to see what it covers.",
    ),
    (
        "thanks",
        &[
            "thanks",
            "thank you",
            "thanks a lot",
            "thank you very much",
            "thx",
            "cheers",
            "many thanks",
        ],
        "You're welcome! Ask me anything else about {name} of {date}.",
    ),
    (
        "goodbye",
        &[
            "bye",
            "goodbye",
            "good bye",
            "see you",
            "see you later",
            "farewell",
            "quit",
            "exit",
        ],
        "Goodbye! Come back any time you have a question about {name}.",
    ),
    (
        "help",
        &[
            "help",
            "help me",
            "what can you do",
            "what can i ask",
            "what do you know",
            "what topics",
            "topics",
            "menu",
        ],
        "I only know {name} of {date}. Ask me what it says about a subject, who it names, or when and where something happens; type :topics (or /topics) to see what it covers.",
    ),
];

/// `ingest`: done; `{dir}`, `{facts}`, `{topics}`, `{paragraphs}`, `{millis}`.
pub const INGEST_DONE: &str = "drafted {dir}: {facts} facts in {topics} topics from {paragraphs} paragraphs in {millis} ms\nnext: look at {dir}/facts.toml and statement.toml (fields in `drafted` are guesses), then\n  communique --knowledge {dir} check\n  communique --knowledge {dir} test";

/// `ingest`: facts no drafted question reaches; `{ids}`.
pub const INGEST_UNREACHABLE: &str =
    "warning: no drafted question reaches these facts (curate their labels and keywords): {ids}";

/// `ingest --update`: what was kept and drafted; `{dir}`, `{kept}`, `{drafted}`, `{millis}`.
pub const INGEST_UPDATED: &str =
    "updated {dir}: kept {kept} curated fact(s), drafted {drafted} fact(s) in {millis} ms";
/// `ingest --update`: paragraphs of the old source whose text changed or is gone: `{list}`.
pub const INGEST_CHANGED: &str = "changed or removed paragraphs of the old source: {list}";
/// `ingest --update`: paragraphs new in the source: `{list}`.
pub const INGEST_ADDED: &str = "new paragraphs: {list}";
/// `ingest --update`: a curated fact cites changed paragraphs: `{id}`, `{list}`.
pub const INGEST_STALE: &str =
    "check the curated fact {id}: it cites changed paragraph(s) {list} of the old source";
/// `ingest --update`: the updated package fails `check` (stale quotes of curated facts).
pub const INGEST_UPDATE_PROBLEMS: &str =
    "the updated package needs curating before `check` passes:";

/// `ingest --out DIR` where DIR already holds files.
pub const INGEST_OUT_NOT_EMPTY: &str = "{dir} is not empty: pass --update to re-ingest into the package there (hand edits are kept), or --force to overwrite it";

/// `ingest --update` where there is no package to update.
pub const INGEST_NOTHING_TO_UPDATE: &str =
    "{dir} holds no package to update (no statement.toml); run ingest without --update first";

// ---------------------------------------------------------------------------------------------
// Hot reload of the knowledge directory (the REPL prints these to stderr; the bot logs them).
// ---------------------------------------------------------------------------------------------

/// A package's engine could not be built, at start-up or on a reload (its thread failed): a bug,
/// never a problem of the package's files.
pub const INDEX_NOT_BUILT: &str = "its index could not be built (a bug: please report it)";

/// A new library is served: `{ms}` milliseconds; `{added}`, `{changed}`, `{removed}` package ids.
pub const RELOAD_DONE: &str =
    "knowledge reloaded in {ms} ms (added: {added}; changed: {changed}; removed: {removed})";

/// A package's edit does not load: `{package}` its directory; the loader's problems follow.
pub const RELOAD_REJECTED: &str = "the edit of {package} does not load, so its previous version keeps serving (a new package is left out until it loads); fix these problems:";

/// The knowledge directory cannot be read as a whole; the loader's problems follow.
pub const RELOAD_UNREADABLE: &str =
    "the knowledge directory cannot be reloaded; the previous library keeps serving:";

/// Every package is gone (or none the configuration names is left).
pub const RELOAD_NOTHING_LEFT: &str =
    "no statement package to serve is left after the change; the previous library keeps serving";

/// How often the knowledge directory is looked at for changes.
pub const RELOAD_EVERY_MS: u64 = 1_000;

/// The words of `event`, for a log.
pub fn reload_event(event: &crate::library::live::Event) -> String {
    use crate::library::live::Event;
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    match event {
        Event::Reloaded {
            added,
            changed,
            removed,
            took,
        } => RELOAD_DONE
            .replace("{ms}", &took.as_millis().to_string())
            .replace("{added}", &list(added))
            .replace("{changed}", &list(changed))
            .replace("{removed}", &list(removed)),
        Event::Rejected { package, error } => format!(
            "{}\n{error}",
            RELOAD_REJECTED.replace("{package}", &package.display().to_string())
        ),
        Event::Unreadable(error) => format!("{RELOAD_UNREADABLE}\n{error}"),
    }
}
