//! What `communique ingest` tells the curator, in one place: its errors, and the comments it
//! writes at the top of the drafted files. What the draft itself *says* (answers, labels,
//! keywords, questions, small talk) is language data: `[writing]` of the language pack's
//! `drafting.toml`. Placeholders are `{name}` markers filled with `str::replace`.

/// No date anywhere: the text has no header date and no full date.
pub const INGEST_NO_DATE: &str = "the statement's date is not in its text (no `# date:` line and no full date such as \"26 October 2025\"); give it with --date YYYY-MM-DD";

/// Nothing in the text makes a fact.
pub const INGEST_NOTHING_TO_SAY: &str =
    "the text holds no sentence to make a fact of (is it the statement's text, in English?)";

/// The draft did not load: a bug of the ingester; the loader's problems follow.
pub const INGEST_INVALID: &str = "the drafted package does not load (a bug in communique ingest; please report it with the source text): ";

/// The language pack cannot draft: its drafting files are missing or do not load; the loader's
/// problems follow.
pub const INGEST_NO_DRAFTING: &str = "the language pack of the statement's language cannot draft a package (its drafting.toml, places.txt or regions.txt): ";

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
