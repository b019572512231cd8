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
// The web front end (`communique serve`): start-up errors, and the API's JSON errors (`message`
// of `{"error": {"code", "message"}}`; what the widget shows people is in the language packs).
// ---------------------------------------------------------------------------------------------

/// The session storage could not be opened at start-up.
pub const SERVE_STORAGE_UNAVAILABLE: &str = "cannot use the web session storage {storage} (serve.storage, or telegram.storage when that is empty) ({reason}); check that it is reachable (a Redis server running, a writable SQLite path) or set serve.storage = \"memory\", then start again";

/// The listen address could not be bound.
pub const SERVE_LISTEN_FAILED: &str = "cannot listen on serve.listen = {addr} ({reason}); choose a free address and port (--listen ADDR), then start again";

/// No randomness for session ids at start-up.
pub const SERVE_NO_RANDOMNESS: &str = "cannot make session ids: {reason}";

/// 413: `{limit}` bytes.
pub const API_BODY_TOO_LARGE: &str =
    "the request body is larger than {limit} bytes; send a shorter question";

/// 400: the body could not be read.
pub const API_BODY_UNREADABLE: &str =
    "the request body could not be read ({reason}); send it again";

/// 415: `{got}` is the Content-Type sent (or "none").
pub const API_CONTENT_TYPE: &str = "the request's Content-Type is {got}: send the question as JSON with the header Content-Type: application/json";

/// 400: `{reason}` from the JSON parser.
pub const API_MALFORMED_JSON: &str = "the request body is not a JSON object ({reason}); send an object like {\"q\": \"your question\"}";

/// 400: no `q`.
pub const API_MISSING_Q: &str =
    "the request has no \"q\": send the question as a string, like {\"q\": \"your question\"}";

/// 400: a field of the wrong type: `{field}`.
pub const API_NOT_A_STRING: &str =
    "\"{field}\" must be a string (text in double quotes), like {\"q\": \"your question\"}";

/// 400: `lang` is no reply language; `{codes}` the ones there are.
pub const API_UNKNOWN_LANG: &str =
    "\"lang\" must be \"auto\" or a language replies can be given in: {codes}";

/// 404: `{id}` is no statement served.
pub const API_UNKNOWN_STATEMENT: &str =
    "no statement {id} is served; GET /v1/statements lists the statements";

/// 400: several statements and no home: `GET /v1/topics` must name one.
pub const API_WHICH_STATEMENT: &str =
    "several statements are served: name one with ?statement=ID (GET /v1/statements lists them)";

/// 429: `{seconds}` to wait.
pub const API_RATE_LIMITED: &str =
    "too many requests from this client: wait {seconds} s (the Retry-After header) and try again";

/// 404: no such route; `{path}`.
pub const API_NOT_FOUND: &str = "there is nothing at {path}; GET /openapi.json describes the API";

/// 405.
pub const API_METHOD_NOT_ALLOWED: &str =
    "this route does not take that method; GET /openapi.json says which it takes";

/// 500: the server could not make a session id.
pub const API_NO_SESSION: &str = "the server could not start a session ({reason}); try again";

/// 503: the server is stopping.
pub const API_STOPPING: &str = "the server is stopping; try again in a moment";

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

/// Every package is gone (or none the configuration names is left).
pub const RELOAD_NOTHING_LEFT: &str =
    "no statement package to serve is left after the change; the previous library keeps serving";

/// How often the knowledge directory is looked at for changes.
pub const RELOAD_EVERY_MS: u64 = 1_000;
