//! What the library says itself, not in one statement's words: "which statement do you mean?",
//! "another statement may say more", "none of the statements says that", small talk about the
//! whole library, `:statements` and `:use`. Every sentence comes from the language pack's
//! `[library]` phrases (see [`crate::voice`]); statement names come from the packages.
//!
//! Invariants: a library reply holds no fact; a "which statement?" offers two or more statements,
//! each once; replies are bounded like the engine's ([`MAX_REPLY_CHARS`]).

use crate::conversation::Conversation;
use crate::engine::Decision;
use crate::knowledge::LIBRARY_SMALL_TALK_DEFAULT;
use crate::limits::MAX_REPLY_CHARS;
use crate::reply::{Reply, ReplyKind, StatementChoice};
use crate::text::truncate_chars;
use crate::voice::Voice;

use super::{Entry, Library, Routed, Routing};

/// How many statement names a library-wide phrase lists before "N more".
const NAMES_LISTED: usize = 5;
/// Longest preview of a statement's answer in a "which statement?".
const PREVIEW_CHARS: usize = 240;

impl Library {
    /// The voice library-wide phrases are spoken in: the home statement's, else the first's.
    pub fn voice(&self) -> Option<&Voice> {
        self.home()
            .or_else(|| self.entries.first())
            .map(|e| e.engine.voice())
    }

    /// The language library-wide replies are given in: that of [`Library::voice`].
    fn lang(&self) -> crate::lang::Lang {
        self.home().or_else(|| self.entries.first()).map_or_else(
            || crate::lang::Lang::known(*b"en"),
            |e| e.engine.voice().lang(),
        )
    }

    /// `pick` of the library phrases, filled with `values` and the library's own.
    fn say(
        &self,
        pick: impl Fn(&crate::knowledge::LibraryPhrases) -> &String,
        values: &[(&str, &str)],
    ) -> String {
        let Some(voice) = self.voice() else {
            return String::new();
        };
        let template = pick(&voice.phrases().library);
        // The library's own values, only for the placeholders the phrase has.
        let wants = |name: &str| template.contains(&format!("{{{name}}}"));
        let count = self.entries.len().to_string();
        let statements = if wants("statements") {
            let all: Vec<usize> = (0..self.entries.len()).collect();
            self.names_listed(&all, NAMES_LISTED, &voice.phrases().and)
        } else {
            String::new()
        };
        let first = if wants("first") {
            self.short_name(0)
        } else {
            String::new()
        };
        let mut filled: Vec<(&str, &str)> = values.to_vec();
        filled.extend([
            ("count", count.as_str()),
            ("statements", statements.as_str()),
            ("first", first.as_str()),
        ]);
        truncate_chars(&voice.fill(template, &filled), MAX_REPLY_CHARS)
    }

    /// How replies name the statement at `position` ("the ASEAN–United States joint statement").
    pub fn name_of(&self, position: usize) -> String {
        self.entries.get(position).map_or_else(String::new, name_of)
    }

    /// The shortest way to tell the statement at `position` from the others: the party fewest
    /// statements have ("Indonesia" rather than "United States").
    fn short_name(&self, position: usize) -> String {
        let Some(entry) = self.entries.get(position) else {
            return String::new();
        };
        let parties = &entry.engine.knowledge().statement.parties;
        let sharing = |party: &String| {
            self.entries
                .iter()
                .filter(|e| {
                    e.engine
                        .knowledge()
                        .statement
                        .parties
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(party))
                })
                .count()
        };
        parties
            .iter()
            .min_by_key(|p| sharing(p))
            .cloned()
            .unwrap_or_else(|| entry.id().to_string())
    }

    /// The names of the statements at `positions`, at most `limit` and then "N more", joined with
    /// `word` ("and", "or").
    fn names_listed(&self, positions: &[usize], limit: usize, word: &str) -> String {
        let mut names: Vec<String> = positions
            .iter()
            .take(limit)
            .map(|&i| self.name_of(i))
            .collect();
        if positions.len() > limit
            && let Some(voice) = self.voice()
        {
            let rest = (positions.len() - limit).to_string();
            names.push(voice.fill(&voice.phrases().library.more, &[("count", &rest)]));
        }
        crate::voice::join(&names, word)
    }

    /// A reply about the library, routed as such.
    pub(super) fn library_reply(&self, reply: Reply, considered: Vec<super::Considered>) -> Routed {
        Routed {
            reply,
            trace: None,
            routing: Routing::Library(considered),
        }
    }

    /// Puts "From X:" before an answer the library chose the statement of (not one the user
    /// named or was already in), so the reader knows which statement speaks.
    pub(super) fn name_source(&self, reply: &mut Reply, position: usize) {
        if reply.kind != ReplyKind::Answer {
            return;
        }
        let name = self.name_of(position);
        let lead = self.say(|l| &l.from, &[("name", &name)]);
        reply.answer = truncate_chars(&format!("{lead}{}", reply.answer), MAX_REPLY_CHARS);
    }

    /// "None of the statements says that."
    pub(super) fn nothing(&self) -> Reply {
        Reply::without_fact(
            ReplyKind::NoAnswer,
            self.say(|l| &l.nothing, &[]),
            self.lang(),
        )
    }

    /// The reply to an empty (or contentless) message with no statement in use.
    pub(super) fn empty(&self) -> Reply {
        Reply::without_fact(
            ReplyKind::NoAnswer,
            self.say(|l| &l.empty, &[]),
            self.lang(),
        )
    }

    /// Small talk about the whole library: the reply for `intent`, else the default one.
    pub(super) fn small_talk(&self, intent: Option<&str>) -> Reply {
        let text = self.say(
            |l| {
                intent
                    .and_then(|i| l.small_talk.get(i))
                    .or_else(|| l.small_talk.get(LIBRARY_SMALL_TALK_DEFAULT))
                    .unwrap_or(&l.nothing)
            },
            &[],
        );
        Reply::without_fact(ReplyKind::SmallTalk, text, self.lang())
    }

    /// "Now answering from X."
    pub(super) fn used(&self, position: usize) -> Reply {
        let Some(entry) = self.entries.get(position) else {
            return self.nothing();
        };
        let voice = entry.engine.voice();
        let mut reply = Reply::without_fact(
            ReplyKind::SmallTalk,
            voice.fill(&voice.phrases().library.use_done, &[]),
            voice.lang(),
        );
        reply.statement = Some(entry.id().to_string());
        reply
    }

    /// "I don't know a statement X", with how to list them (`telegram`: in Telegram's words,
    /// which has no `:statements`); with one statement served, which one it is.
    pub fn unknown_statement(&self, id: &str, telegram: bool) -> String {
        if !self.is_many() {
            return self.say(|l| &l.use_unknown_one, &[("id", id)]);
        }
        self.say(
            |l| {
                if telegram {
                    &l.telegram_use_unknown
                } else {
                    &l.use_unknown
                }
            },
            &[("id", id)],
        )
    }

    /// How to name a statement for `:use` (`telegram`: for `/use`).
    pub fn use_how(&self, telegram: bool) -> String {
        self.say(
            |l| {
                if telegram {
                    &l.telegram_use_how
                } else {
                    &l.use_how
                }
            },
            &[],
        )
    }

    /// The `:statements` list: a heading, then one line per statement (the one `conversation` is
    /// in marked).
    pub fn listing(&self, conversation: &Conversation) -> (String, Vec<String>) {
        let current = self.current(conversation).map(Entry::id);
        let heading = if self.is_many() {
            self.say(|l| &l.statements, &[])
        } else {
            self.say(|l| &l.statements_one, &[])
        };
        let lines = self
            .entries
            .iter()
            .map(|entry| {
                let voice = entry.engine.voice();
                let library = &voice.phrases().library;
                let mut line = voice.fill(&library.statement_item, &[("id", entry.id())]);
                if current == Some(entry.id()) {
                    line.push_str(&voice.fill(&library.in_use, &[]));
                }
                line
            })
            .collect();
        (heading, lines)
    }

    /// The library's lines of `:help` / `/help` (empty with one statement).
    pub fn help_lines(&self, telegram: bool) -> String {
        if !self.is_many() {
            return String::new();
        }
        self.say(
            |l| {
                if telegram {
                    &l.telegram_help
                } else {
                    &l.repl_help
                }
            },
            &[],
        )
    }

    /// "Which statement do you mean: A or B?", with each statement's answer after it
    /// (`previews`: the decisions they made on `question`). The conversation waits for the choice.
    pub(super) fn which(
        &self,
        conversation: &mut Conversation,
        offered: &[usize],
        question: Option<&str>,
        previews: &[(usize, Decision)],
    ) -> Routed {
        let or = self.voice().map_or("or", |v| v.phrases().or.as_str());
        let names = self.names_listed(offered, offered.len(), or);
        let first = offered
            .first()
            .map_or_else(String::new, |&i| self.short_name(i));
        let mut text = self.say(|l| &l.which, &[("statements", &names), ("first", &first)]);
        for (position, decision) in previews {
            let (Some(entry), Some(q)) = (self.entries.get(*position), question) else {
                continue;
            };
            let (preview, _) =
                entry
                    .engine
                    .commit(&mut Conversation::default(), q, decision.clone());
            let answer = truncate_chars(&preview.answer, PREVIEW_CHARS);
            text.push_str(&self.say(
                |l| &l.which_item,
                &[("name", &name_of(entry)), ("answer", &answer)],
            ));
        }
        let mut reply = Reply::without_fact(
            ReplyKind::WhichStatement,
            truncate_chars(&text, MAX_REPLY_CHARS),
            self.lang(),
        );
        reply.statements = self.choices(offered);
        conversation.statement_choices = reply.statements.iter().map(|c| c.id.clone()).collect();
        if let Some(q) = question {
            conversation.remember_asked(q);
        }
        Routed {
            reply,
            trace: None,
            routing: Routing::Library(Vec::new()),
        }
    }

    /// Adds "B may say more" to a no-answer of the statement at `current`.
    pub(super) fn point_elsewhere(&self, reply: &mut Reply, offers: &[usize], current: usize) {
        let Some(entry) = self.entries.get(current) else {
            return;
        };
        let voice = entry.engine.voice();
        let names = self.names_listed(offers, offers.len(), &voice.phrases().or);
        let first = offers
            .first()
            .map_or_else(String::new, |&i| self.short_name(i));
        let count = self.entries.len().to_string();
        let addition = voice.fill(
            &voice.phrases().library.elsewhere,
            &[("statements", &names), ("first", &first), ("count", &count)],
        );
        reply.answer = truncate_chars(&format!("{}{addition}", reply.answer), MAX_REPLY_CHARS);
        reply.statements = self.choices(offers);
    }

    /// The statements at `positions`, as a reply offers them.
    fn choices(&self, positions: &[usize]) -> Vec<StatementChoice> {
        let mut out: Vec<StatementChoice> = Vec::new();
        for &i in positions {
            if let Some(entry) = self.entries.get(i)
                && !out.iter().any(|c| c.id == entry.id())
            {
                out.push(StatementChoice {
                    id: entry.id().to_string(),
                    name: name_of(entry),
                });
            }
        }
        out
    }
}

/// How replies name a statement: its `name`, or the language's name for an unnamed one.
fn name_of(entry: &Entry) -> String {
    let knowledge = entry.engine.knowledge();
    let name = knowledge.statement.name.trim();
    if name.is_empty() {
        knowledge.language.phrases.unnamed.clone()
    } else {
        name.to_string()
    }
}
