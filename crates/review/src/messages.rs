//! What the review says about a change it tried and did not propose (the `failed` of
//! [`crate::Evidence::Tried`]): each names the question or fact concerned. Placeholders are filled
//! with `str::replace` on `{name}` markers. (The report's other words are the program's.)

/// The package with the change does not load: `{problem}`.
pub const WOULD_NOT_LOAD: &str = "the package would not load: {problem}";
/// A question would be answered without a clear lead: `{question}`, `{fact}`, `{margin}`,
/// `{runner_up}`.
pub const ONLY_AHEAD: &str =
    "“{question}” would be answered from {fact} only {margin} ahead of {runner_up}";
/// A question would still get no answer: `{question}`.
pub const STILL_REFUSED: &str = "“{question}” would still get no answer";
/// The cluster's questions would go to two facts: `{first}`, `{second}`.
pub const TWO_FACTS: &str = "the questions would be answered by two facts, {first} and {second}";
/// No question to prove the change on.
pub const NO_QUESTION: &str = "no question to answer";
/// The fact answering does not carry the concept the word was mapped to: `{fact}`, `{concept}`.
pub const NOT_CARRIED: &str =
    "{fact} would answer, but it is not about {concept}: the mapping would only hide the word";
/// Another question of the log would lose its answer: `{question}`, `{before}`, `{after}`.
pub const ANSWER_LOST: &str = "“{question}”, answered from {before} now, would get {after}";
/// What "no answer" is called in [`ANSWER_LOST`].
pub const NO_FACT: &str = "no answer";
/// A refused question of the log would be answered: `{question}`, `{after}`.
pub const REFUSAL_LOST: &str = "“{question}”, refused now, would be answered from {after}";
/// A dialogue of the package would fail: `{failure}`.
pub const DIALOGUE_FAILS: &str = "a dialogue would fail: {failure}";
/// `check` would find a problem: `{problem}`.
pub const CHECK_FAILS: &str = "check would find: {problem}";
/// A loose link would answer from a fact the questions did not come near: `{fact}`.
pub const NOT_NEAR: &str = "it would answer from {fact}, which the questions did not come near: the link is not evidence enough";
/// An example would make another fact answer: `{fact}`.
pub const ANSWERED_INSTEAD: &str = "the questions would be answered from {fact} instead";
/// A question would be answered clearly, by a fact that explains too little of it: `{question}`,
/// `{fact}`, `{coverage}`.
pub const EXPLAINS_LITTLE: &str =
    "“{question}” would be answered from {fact}, which explains only {coverage} of it";
