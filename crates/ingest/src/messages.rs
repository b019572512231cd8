//! What `communique ingest` writes into a drafted package and tells the curator, in one place.
//! Placeholders are `{name}` markers filled with `str::replace`.

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
