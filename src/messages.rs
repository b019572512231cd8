//! Every user-facing string of the program, in one place.
//!
//! Replies that depend on the statement (facts, small talk) live in `knowledge/`; what is here is the
//! program's own voice: no-answer wording, REPL and CLI texts, error hints. Placeholders are filled
//! with `str::replace` on `{name}` markers so the strings stay readable as a whole.

/// Longest answer a fact may carry (the grader and chat clients both want short replies).
pub const MAX_ANSWER_CHARS: usize = 600;

/// Longest reply the engine produces; Telegram's limit is 4096 characters.
pub const MAX_REPLY_CHARS: usize = 3_500;

/// Longest rendered message (reply, citation and suggestions together): Telegram's limit.
pub const MAX_MESSAGE_CHARS: usize = 4_096;

/// Longest quote, label and follow-up question a fact may carry, and how many follow-ups: with
/// [`MAX_ANSWER_CHARS`] these keep a rendered answer far below [`MAX_MESSAGE_CHARS`].
pub const MAX_QUOTE_CHARS: usize = 300;
pub const MAX_LABEL_CHARS: usize = 100;
pub const MAX_FOLLOW_UP_CHARS: usize = 150;
pub const MAX_FOLLOW_UPS: usize = 5;

/// Nothing in the question could be matched to the statement.
pub const NO_ANSWER: &str = "The statement doesn't say. I only know the Malaysia–South Korea joint statement of 25 November 2024; try asking about the Strategic Partnership, trade, defence, health, climate, education or the MoUs.";

/// The question names things the statement never mentions: `{terms}`.
pub const NOT_MENTIONED: &str = "The statement doesn't mention {terms}.";

/// Added to a no-answer when a fact is close to the question: `{label}`.
pub const CLOSEST_TOPIC: &str = " The nearest thing it covers is {label} — ask me about that.";

/// The question asks for a detail (`{detail}`) the matching fact does not carry.
pub const DETAIL_MISSING: &str =
    "The statement doesn't say {detail}. What it does say about {label}: {answer}";

/// The question was only filler words ("what is it?").
pub const NOTHING_TO_MATCH: &str = "I couldn't find a question about the statement in that. Ask me something like \"When will the FTA talks conclude?\" or type :topics (or /topics) to see what the statement covers.";

/// Empty input.
pub const EMPTY_QUESTION: &str =
    "Ask me anything about the Malaysia–South Korea joint statement of 25 November 2024.";

/// Two facts fit the question equally well.
pub const CLARIFY: &str = "Do you mean {first} or {second}?";

/// Prefix for a yes/no question whose subject the statement does mention.
pub const YES_PREFIX: &str = "Yes. ";

/// How a missing detail is named in [`DETAIL_MISSING`], by question kind.
pub fn detail_phrase(kind: crate::knowledge::Kind) -> &'static str {
    use crate::knowledge::Kind;
    match kind {
        Kind::Who => "who",
        Kind::When => "when",
        Kind::Where => "where",
        Kind::HowMany => "how many",
        Kind::HowMuch => "how much (it gives no amounts or costs)",
        Kind::HowLong => "how long",
        Kind::Why => "why",
        Kind::What | Kind::YesNo => "that",
    }
}

/// REPL banner, shown once when a terminal session starts.
pub const REPL_BANNER: &str = "communique — ask about the Malaysia–South Korea Strategic Partnership statement (25 November 2024).\nType a question, or :help for commands. Ctrl-D or :quit leaves.";

/// REPL `:help`.
pub const REPL_HELP: &str = "Ask a question in plain words, e.g. \"When will the FTA talks conclude?\"\nCommands:\n  :help     this text\n  :topics   what the statement covers\n  :why      the top candidates and scores for the last question\n  :reset    forget the conversation so far\n  :quit     leave (also :q, :exit, Ctrl-D)";

/// REPL: an unknown `:command`.
pub const REPL_UNKNOWN_COMMAND: &str = "Unknown command {command}. Type :help for the list.";

/// REPL `:why` before any question.
pub const REPL_WHY_NOTHING: &str =
    "Nothing asked yet: ask a question first, then :why explains the answer.";

/// REPL `:reset`.
pub const REPL_RESET: &str = "Conversation forgotten; the next question starts fresh.";

/// Heading of `:topics`.
pub const TOPICS_HEADING: &str = "The statement covers:";

/// Label before suggested follow-up questions.
pub const SUGGESTIONS_HEADING: &str = "You could ask:";

/// Citation line: `{where}` is "paragraph 8" or "paragraphs 4–5".
pub const CITATION: &str = "Source: joint statement, {where}";

/// `check`: all good.
pub const CHECK_OK: &str = "knowledge OK: {facts} facts, {topics} topics, {synonyms} synonym groups, {intents} small-talk intents";

/// `check`: the quotes and paragraphs agree with the statement's text `{source}`.
pub const CHECK_SOURCE_OK: &str =
    "source OK ({source}): {quotes} quotes found verbatim, all {paragraphs} paragraphs cited";

/// `check` of a package without a `source.txt`, and no `--source`.
pub const CHECK_NO_SOURCE: &str = "source not checked: the package has no source.txt (add the statement's text as published, or pass --source FILE)";

/// "Tell me more" when every related fact was shown: the statement's own words, `{where}` and `{quote}`.
pub const MORE_QUOTE: &str = "In the statement's own words ({where}): “{quote}”";

/// "Tell me more" when nothing more is left: `{label}`.
pub const NOTHING_MORE: &str = "That's all the statement says about {label}.";

/// A list item with no fact of its own: `{item}`, `{label}`, `{answer}`.
pub const ITEM_NO_MORE: &str = "The statement names {item} as part of {label} but says no more about it. What it says: {answer}";

/// A follow-up asks for a detail (`{detail}`) that neither the last fact nor its relatives carry.
pub const FOLLOW_UP_DETAIL_MISSING: &str = "The statement doesn't say {detail} for {label}.";

/// "paragraph 8", "paragraphs 4 and 5", "paragraphs 2, 30 and 32".
pub fn paragraphs_phrase(paragraphs: &[u32]) -> String {
    let numbers: Vec<String> = paragraphs.iter().map(u32::to_string).collect();
    match numbers.as_slice() {
        [] => String::new(),
        [one] => format!("paragraph {one}"),
        [init @ .., last] => format!("paragraphs {} and {last}", init.join(", ")),
    }
}

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

/// `/start`.
pub const TG_START: &str = "Hello! I answer questions about one document: the Malaysia–South Korea joint statement of 25 November 2024, which made the two countries Strategic Partners.\n\nAsk me in your own words, for example:\n• When will the FTA talks conclude?\n• Which MoUs were exchanged?\n• What did they agree on defence?\n\nEvery answer says which paragraph it comes from, and I tell you honestly when the statement doesn't say. Tap /topics to see what it covers.";

/// `/help`.
pub const TG_HELP: &str = "Ask any question about the joint statement in plain words; follow-up questions keep the context of this chat. Tap a suggested question under an answer to ask it.\n\n/topics — what the statement covers, as buttons\n/source — where the statement comes from\n/about — what this bot is and what it keeps\n/reset — forget this chat's conversation\n/help — this text\n\nIn a group, mention me or reply to one of my messages.";

/// `/topics` heading.
pub const TG_TOPICS: &str = "The statement covers these topics. Tap one to ask about it:";

/// `/source`: `{title}`, `{publisher}`, `{agency}`, `{date}`; the link follows on its own line.
pub const TG_SOURCE: &str = "{title}\nPublished by {publisher} ({agency}) on {date}.";

/// `/about`.
pub const TG_ABOUT: &str = "communique answers from the text of one official statement and nothing else: it never guesses beyond it, and it names the paragraph each answer comes from. It keeps only the conversation of each chat (what was last asked), so that follow-up questions work; /reset forgets it.";

/// `/reset`.
pub const TG_RESET: &str = "Conversation forgotten; the next question starts fresh.";

/// A command the bot does not have: `{command}`.
pub const TG_UNKNOWN_COMMAND: &str =
    "I don't know the command {command}. Send /help to see what I can do.";

/// A sticker, photo or other message without text, in a private chat.
pub const TG_NOT_TEXT: &str =
    "I can only read text. Ask me a question about the statement, or send /topics.";

/// Heading over the question a button press asked.
pub const TG_ASKED: &str = "You asked: {question}";

/// Toast for a button that no longer leads anywhere (message too old, unknown data).
pub const TG_BUTTON_STALE: &str = "That button has expired: please type your question.";

/// Marks a reply cut to Telegram's message length limit.
pub const TG_TRUNCATED: &str = "…";

// ---------------------------------------------------------------------------------------------
// `communique ingest`: what it writes into a drafted package, and what it tells the curator.
// ---------------------------------------------------------------------------------------------

/// Month names, for dates written out ("26 October 2025").
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
