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

/// `detect` in a program built without any language crate: no language to tell apart.
pub const DETECT_NOTHING: &str = "und";

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
// `communique ingest`: what it tells the curator (what it writes is the ingest crate's).
// ---------------------------------------------------------------------------------------------

/// The knowledge has no English pack to draft with.
pub const INGEST_NO_ENGLISH: &str = "the knowledge has no English language pack (lang/en), which ingest drafts a package with; restore knowledge/lang/en";

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

/// A new library is served: `{ms}` milliseconds; `{added}`, `{changed}`, `{removed}` package ids.
pub const RELOAD_DONE: &str =
    "knowledge reloaded in {ms} ms (added: {added}; changed: {changed}; removed: {removed})";

/// A package's edit does not load: `{package}` its directory; the loader's problems follow.
pub const RELOAD_REJECTED: &str = "the edit of {package} does not load, so its previous version keeps serving (a new package is left out until it loads); fix these problems:";

/// The knowledge directory cannot be read as a whole; the loader's problems follow.
pub const RELOAD_UNREADABLE: &str =
    "the knowledge directory cannot be reloaded; the previous library keeps serving:";

/// A loader thread stopped without a result (a bug).
pub const LOAD_THREAD_FAILED: &str = "the packages could not be read (a bug: please report it)";

/// Every package is gone (or none the configuration names is left).
pub const RELOAD_NOTHING_LEFT: &str =
    "no statement package to serve is left after the change; the previous library keeps serving";

/// How often the knowledge directory is looked at for changes.
pub const RELOAD_EVERY_MS: u64 = 1_000;

// ---------------------------------------------------------------------------------------------
// The question log (`--log-questions FILE`, the bot's `[log] questions`; docs/curation.md).
// ---------------------------------------------------------------------------------------------

/// The question log cannot be written; `{error}` says what and where. Reported once per run of
/// failures; answering goes on.
pub const QUESTION_LOG_FAILED: &str = "{error}; questions are answered without being logged (said once: fix the path or the disk, or turn the log off by dropping --log-questions or setting [log] questions = \"\")";

// ---------------------------------------------------------------------------------------------
// `communique review`: the report on a question log, and `--apply` (docs/curation.md).
// ---------------------------------------------------------------------------------------------

/// The first line: `{records}`, `{from}`, `{to}`, `{questions}`.
pub const REVIEW_HEADER: &str =
    "communique review: {records} records ({from} to {to}), {questions} questions";
/// No record passed the filters.
pub const REVIEW_EMPTY: &str =
    "communique review: no records (check the files, --statement and --since)";
/// The outcome counts' names, by kind.
pub const REVIEW_KINDS: [(&str, &str); 6] = [
    ("answer", "answered"),
    ("clarify", "clarified"),
    ("partial", "partial"),
    ("no-answer", "refused"),
    ("which-statement", "which statement?"),
    ("small-talk", "small talk"),
];
/// One language's line: `{lang}`, `{questions}`, `{answered}` (a percentage).
pub const REVIEW_LANGUAGE: &str = "{lang} {questions} questions, {answered}% answered";
/// Lines of the logs that are not records: `{count}`, `{first}`.
pub const REVIEW_SKIPPED: &str = "skipped {count} line(s) that are not records (first: {first})";
/// The clusters' heading.
pub const REVIEW_CLUSTERS: &str =
    "Unanswered and weakly answered questions, largest cluster first:";
/// No cluster.
pub const REVIEW_NO_CLUSTERS: &str = "Every question was answered clearly.";
/// A cluster's line: `{rank}`, `{label}`, `{statement}`, `{size}`, `{outcome}`.
pub const REVIEW_CLUSTER: &str = "{rank}. {label} ({statement}): {size} question(s), {outcome}";
/// After a cluster's line, its nearest fact: `{fact}`.
pub const REVIEW_NEAREST: &str = "; nearest fact: {fact}";
/// More questions than the report shows: `{more}`.
pub const REVIEW_MORE_QUESTIONS: &str = "… and {more} more (--json lists them all)";
/// Cluster labels by need (`{words}`, `{detail}` filled in).
pub const REVIEW_NEED_WORDS: &str = "{words}";
pub const REVIEW_NEED_UNMATCHED: &str = "too little of the question matched";
pub const REVIEW_NEED_THIN: &str = "answered with a thin margin";
pub const REVIEW_NEED_DETAIL: &str = "a detail the statement does not give ({detail})";
pub const REVIEW_NEED_PREMISE: &str = "a false premise";
pub const REVIEW_NEED_NOTHING: &str = "nothing to answer";
pub const REVIEW_NEED_CONTEXT: &str = "follow-ups";
/// Actions: `{word}`, `{canonical}`, `{fact}`, `{file}`, `{question}`.
pub const REVIEW_MAP_SYNONYM: &str = "→ map “{word}” to the statement: add it to the synonym group of “{canonical}” ({file}); then {fact} answers";
pub const REVIEW_MAP_NEW_GROUP: &str = "→ map “{word}” to the statement: a new synonym group [“{canonical}”, “{word}”] ({file}); then {fact} answers";
pub const REVIEW_MAP_KEYWORD: &str =
    "→ map “{word}” to the statement: add it to the keywords of {fact} ({file})";
pub const REVIEW_ADD_EXAMPLE: &str = "→ add an example question to {fact} ({file}): “{question}”";
pub const REVIEW_KEEP_REFUSING: &str = "→ the statement doesn't say this — the refusal is right";
pub const REVIEW_MISSING_FACT: &str = "→ a missing fact: paragraph {paragraph} of the statement says it, and no fact covers it; a draft for a person to finish in facts.toml:";
pub const REVIEW_UNCLEAR: &str = "→ no change passes the checks: for a person to look at";
/// Evidence lines.
pub const REVIEW_EV_SOURCE: &str =
    "the statement's text says “{word}” in paragraph {paragraph}: “{sentence}”";
pub const REVIEW_EV_READING: &str =
    "the engine already reads “{word}” as {concept} through the lexicon, trusting it only {trust}";
pub const REVIEW_EV_LEXICON: &str = "the lexicon links {chain}";
pub const REVIEW_EV_ANSWERS: &str = "with it, {answered} of {of} question(s) are answered from {fact}, at least {margin} ahead of {runner_up}";
pub const REVIEW_EV_KEEPS: &str =
    "the rest of the log keeps its {answers} answer(s) and {refusals} refusal(s)";
pub const REVIEW_EV_DIALOGUES: &str =
    "the package's dialogues pass as before ({passed} checks) and check finds nothing new";
pub const REVIEW_EV_CONFIRMED: &str = "the statement's text confirms {fact}: the paragraphs it cites hold every word asked, the runner-up's do not";
pub const REVIEW_EV_NOT_CONFIRMED: &str = "the statement's text does not confirm {fact} over the runner-up: a person should decide which fact is meant";
pub const REVIEW_EV_THIN: &str = "answered from {fact} only {margin} ahead of {runner_up}";
pub const REVIEW_EV_UNRELATED: &str = "no word of the statement relates to {words}";
pub const REVIEW_EV_UNRELATED_NONE: &str = "nothing in the statement relates to what was asked";
pub const REVIEW_EV_DETAIL: &str =
    "{fact} does not give the detail asked ({detail}); a kind of detail is never added to a fact";
pub const REVIEW_EV_PREMISE: &str = "the question rests on something {fact} does not tell of";
pub const REVIEW_EV_NOTHING: &str = "small talk or nonsense: nothing the statement could answer";
pub const REVIEW_EV_CONTEXT: &str =
    "asked in a conversation (a follow-up): read the conversation in the log";
pub const REVIEW_EV_TRIED: &str = "tried {change}: {failed}";
/// Changes, as evidence and prompts name them.
pub const REVIEW_CHANGE_SYNONYM: &str = "“{word}” in the synonym group of “{canonical}”";
pub const REVIEW_CHANGE_NEW_GROUP: &str = "a synonym group [“{canonical}”, “{word}”]";
pub const REVIEW_CHANGE_KEYWORD: &str = "“{word}” as a keyword of {fact}";
pub const REVIEW_CHANGE_EXAMPLE: &str = "“{question}” as an example of {fact}";
/// The facts' sections: `{count}`, `{list}`.
pub const REVIEW_MOST_ASKED: &str = "Most asked facts: {list}";
pub const REVIEW_UNASKED: &str = "Facts no one asked about ({count}): {list}";
pub const REVIEW_COMPLAINTS: &str = "Facts followed by “that's not what I asked”: {list}";
pub const REVIEW_COMPLAINT_ITEM: &str = "{fact} ×{count} (after “{example}”)";
/// `--html`: written; `{path}`.
pub const REVIEW_HTML_WRITTEN: &str = "wrote the report page {path}";
/// `--html`: the page's title.
pub const REVIEW_HTML_TITLE: &str = "communique: what people asked";
/// `--html`: the charts' captions.
pub const REVIEW_HTML_RATE: &str = "Answer rate per day (UTC)";
pub const REVIEW_HTML_LANGUAGES: &str = "Outcomes by language";
pub const REVIEW_HTML_CLUSTERS: &str =
    "Largest clusters of unanswered or weakly answered questions";
pub const REVIEW_HTML_ASKED: &str = "Most asked facts";
/// `--html`: questions that were neither answered, clarified nor refused (which statement?).
pub const REVIEW_HTML_OTHER: &str = "other";
/// `--html`: one language's row: `{lang}`, `{questions}`, `{answered}` (a percentage).
pub const REVIEW_HTML_LANGUAGE_ROW: &str = "{lang}: {questions} questions, {answered}% answered";
/// `--html`: the sections of facts.
pub const REVIEW_HTML_COMPLAINTS: &str = "Facts followed by “that's not what I asked”";
pub const REVIEW_HTML_UNASKED: &str = "Facts no one asked about ({count})";

/// `--apply` without `--knowledge`.
pub const REVIEW_APPLY_NEEDS_KNOWLEDGE: &str = "review --apply writes into a statement package: name it with --knowledge DIR (a copy of the package, or knowledge/<id> in the repository)";
/// `--apply` without a terminal to ask on, and without `--yes`.
pub const REVIEW_APPLY_NEEDS_TTY: &str = "review --apply asks before each change, and standard input is not a terminal: run it in a terminal, or pass --yes to accept every change that passes the checks";
/// `--apply`: a change proposed; `{change}`, `{file}`.
pub const REVIEW_APPLY_PROPOSE: &str = "{change} ({file})";
/// `--apply`: the prompt.
pub const REVIEW_APPLY_ASK: &str = "apply it? [y/N] ";
/// `--apply`: a change no longer passes after earlier ones: `{change}`, `{why}`.
pub const REVIEW_APPLY_SKIPPED: &str = "skipped {change}: with the changes before it, {why}";
/// `--apply`: accepted; `{change}`.
pub const REVIEW_APPLY_ACCEPTED: &str = "accepted {change}";
/// `--apply`: declined; `{change}`.
pub const REVIEW_APPLY_DECLINED: &str = "declined {change}";
/// `--apply`: nothing to change.
pub const REVIEW_APPLY_NOTHING: &str =
    "review --apply: no change to make (near misses are never turned into answers)";
/// `--apply`: files written: `{count}` changes in `{files}`.
pub const REVIEW_APPLY_WROTE: &str = "wrote {count} change(s) to {files}; the package loads, check finds nothing new and its dialogues pass as before";
/// `--apply`: the package on disk failed after writing (and was restored); the cause follows.
pub const REVIEW_APPLY_RESTORED: &str =
    "the changed package failed once written, and its files were restored as they were";
/// `--since` is not a date.
pub const REVIEW_BAD_SINCE: &str =
    "--since “{value}” is not a date YYYY-MM-DD (for example 2026-01-31)";
