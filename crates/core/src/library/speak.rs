//! What the library says itself, not in one statement's words: "which statement do you mean?",
//! "another statement may say more", "From …:" before an answer it chose the statement of, "none
//! of the statements says that", small talk about the whole library, `:statements` and `:use`.
//! Every sentence comes from the language pack's `[library]` phrases (see [`crate::voice`]);
//! statement names come from the packages (or their translations).
//!
//! The library speaks the reply's language: its words around a statement's reply are composed
//! with that reply ([`Framing`], in the voice the reply is composed in), and a reply of its own is
//! given in the language the user fixed, else the message's, else the conversation's, as far as
//! the home statement (else the first) speaks it. [`Library::voice_for`] is the one way a front
//! end finds the voice to render a reply's own texts in.
//!
//! Invariants: a library reply holds no fact; a "which statement?" offers two or more statements,
//! each once; replies are bounded like the engine's ([`MAX_REPLY_CHARS`]).

use crate::conversation::Conversation;
use crate::engine::{Decision, Engine, Framing};
use crate::knowledge::{LIBRARY_SMALL_TALK_DEFAULT, LibraryPhrases};
use crate::lang::Lang;
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
    /// The voice library-wide phrases are spoken in by default: the home statement's, else the
    /// first's, in its own language.
    pub fn voice(&self) -> Option<&Voice> {
        self.speaker().map(|e| e.engine.voice())
    }

    /// The voice library-wide phrases are spoken in for `lang`: the home statement's (else the
    /// first's) in `lang` when it speaks it, else the first statement's that does, else the home
    /// statement's own (`None`: its own).
    pub fn voice_in(&self, lang: Option<Lang>) -> Option<&Voice> {
        let speaker = &self.speaker()?.engine;
        let Some(lang) = lang else {
            return Some(speaker.voice());
        };
        let speaks = |engine: &Engine| engine.languages().contains(&lang);
        let engine = std::iter::once(speaker)
            .chain(self.entries.iter().map(|e| &e.engine))
            .find(|e| speaks(e))
            .unwrap_or(speaker);
        Some(engine.voice_in(lang))
    }

    /// The voice a front end renders `reply`'s own texts in (citation line, headings, buttons):
    /// that of the statement the reply speaks for, else the library's, in the reply's language.
    pub fn voice_for(&self, reply: &Reply) -> Option<&Voice> {
        let entry = reply
            .statement
            .as_deref()
            .and_then(|id| self.entry(id))
            .or_else(|| self.speaker())?;
        Some(entry.engine.voice_in(reply.lang))
    }

    /// The voice of a library reply to `conversation` about a message read as `read` (its
    /// language, if it showed one): the reply language the user fixed, else the message's, else
    /// the conversation's.
    pub(super) fn voice_of(
        &self,
        conversation: &Conversation,
        read: Option<Lang>,
    ) -> Option<&Voice> {
        self.voice_in(conversation.reply_lang.or(read).or(conversation.lang))
    }

    /// The statement that speaks for the library: the home statement, else the first.
    fn speaker(&self) -> Option<&Entry> {
        self.home().or_else(|| self.entries.first())
    }

    /// `pick` of the library phrases in `voice`, filled with `values` and the library's own.
    fn say(
        &self,
        voice: &Voice,
        pick: impl Fn(&LibraryPhrases) -> &String,
        values: &[(&str, &str)],
    ) -> String {
        let template = pick(&voice.phrases().library);
        // The library's own values, only for the placeholders the phrase has.
        let wants = |name: &str| template.contains(&format!("{{{name}}}"));
        let count = self.entries.len().to_string();
        let statements = if wants("statements") {
            let all: Vec<usize> = (0..self.entries.len()).collect();
            self.names_in(&all, NAMES_LISTED, &voice.phrases().and, voice)
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

    /// A reply of the library's own, in `voice` (or an empty one when the library is empty).
    fn reply(
        &self,
        kind: ReplyKind,
        voice: Option<&Voice>,
        pick: impl Fn(&LibraryPhrases) -> &String,
    ) -> Reply {
        match voice {
            Some(voice) => Reply::without_fact(kind, self.say(voice, pick, &[]), voice.lang()),
            None => Reply::without_fact(kind, String::new(), Lang::UNDETERMINED),
        }
    }

    /// How replies name the statement at `position` in its own language ("the ASEAN–United
    /// States joint statement").
    pub fn name_of(&self, position: usize) -> String {
        self.entries.get(position).map_or_else(String::new, name_of)
    }

    /// How replies in `lang` name the statement at `position`: its translation's name, else its
    /// own.
    fn name_in(&self, position: usize, lang: Lang) -> String {
        self.entries
            .get(position)
            .map_or_else(String::new, |e| e.engine.voice_in(lang).name().to_string())
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

    /// The names of the statements at `positions` in `voice`'s language, at most `limit` and then
    /// "N more", joined with `word` ("and", "or").
    fn names_in(&self, positions: &[usize], limit: usize, word: &str, voice: &Voice) -> String {
        let mut names: Vec<String> = positions
            .iter()
            .take(limit)
            .map(|&i| self.name_in(i, voice.lang()))
            .collect();
        if positions.len() > limit {
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

    /// "From X: " before an answer (`answers`) from a statement the library chose (not one the
    /// user named or was already in), so the reader knows which statement speaks; in `voice`'s
    /// language, the reply's.
    pub(super) fn source_framing(&self, voice: &Voice, position: usize, answers: bool) -> Framing {
        if !answers {
            return Framing::default();
        }
        let name = self.name_in(position, voice.lang());
        Framing {
            before: voice.fill(&voice.phrases().library.from, &[("name", &name)]),
            ..Framing::default()
        }
    }

    /// "B may say more" after a no-answer of the statement in use, naming `offers`, in `voice`'s
    /// language (the reply's); nothing without offers.
    pub(super) fn elsewhere_framing(&self, voice: &Voice, offers: &[usize]) -> Framing {
        if offers.is_empty() {
            return Framing::default();
        }
        let names = self.names_in(offers, offers.len(), &voice.phrases().or, voice);
        let first = offers
            .first()
            .map_or_else(String::new, |&i| self.short_name(i));
        let count = self.entries.len().to_string();
        Framing {
            after: voice.fill(
                &voice.phrases().library.elsewhere,
                &[("statements", &names), ("first", &first), ("count", &count)],
            ),
            statements: self.choices(offers, voice.lang()),
            ..Framing::default()
        }
    }

    /// "None of the statements says that."
    pub(super) fn nothing(&self, voice: Option<&Voice>) -> Reply {
        self.reply(ReplyKind::NoAnswer, voice, |l| &l.nothing)
    }

    /// The reply to an empty (or contentless) message with no statement in use.
    pub(super) fn empty(&self, voice: Option<&Voice>) -> Reply {
        self.reply(ReplyKind::NoAnswer, voice, |l| &l.empty)
    }

    /// Small talk about the whole library: the reply for `intent`, else the default one.
    pub(super) fn small_talk(&self, intent: Option<&str>, voice: Option<&Voice>) -> Reply {
        self.reply(ReplyKind::SmallTalk, voice, |l| {
            intent
                .and_then(|i| l.small_talk.get(i))
                .or_else(|| l.small_talk.get(LIBRARY_SMALL_TALK_DEFAULT))
                .unwrap_or(&l.nothing)
        })
    }

    /// "Now answering from X.", in `lang` as far as that statement speaks it.
    pub(super) fn used(&self, position: usize, lang: Option<Lang>) -> Reply {
        let Some(entry) = self.entries.get(position) else {
            return self.nothing(self.voice_in(lang));
        };
        let voice = match lang {
            Some(lang) => entry.engine.voice_in(lang),
            None => entry.engine.voice(),
        };
        let mut reply = Reply::without_fact(
            ReplyKind::SmallTalk,
            voice.fill(&voice.phrases().library.use_done, &[]),
            voice.lang(),
        );
        reply.statement = Some(entry.id().to_string());
        reply
    }

    /// "I don't know a statement X", with how to list them (`telegram`: in Telegram's words,
    /// which has no `:statements`); with one statement served, which one it is. In
    /// `conversation`'s language.
    pub fn unknown_statement(
        &self,
        conversation: &Conversation,
        id: &str,
        telegram: bool,
    ) -> String {
        let Some(voice) = self.voice_of(conversation, None) else {
            return String::new();
        };
        if !self.is_many() {
            return self.say(voice, |l| &l.use_unknown_one, &[("id", id)]);
        }
        self.say(
            voice,
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

    /// How to name a statement for `:use` (`telegram`: for `/use`), in `conversation`'s language.
    pub fn use_how(&self, conversation: &Conversation, telegram: bool) -> String {
        let Some(voice) = self.voice_of(conversation, None) else {
            return String::new();
        };
        self.say(
            voice,
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

    /// The `:statements` list in `conversation`'s language: a heading, then one line per statement
    /// (the one `conversation` is in marked).
    pub fn listing(&self, conversation: &Conversation) -> (String, Vec<String>) {
        let current = self.current(conversation).map(Entry::id);
        let lang = conversation.reply_lang.or(conversation.lang);
        let heading = self
            .voice_of(conversation, None)
            .map_or_else(String::new, |v| {
                if self.is_many() {
                    self.say(v, |l| &l.statements, &[])
                } else {
                    self.say(v, |l| &l.statements_one, &[])
                }
            });
        let lines = self
            .entries
            .iter()
            .map(|entry| {
                let voice = match lang {
                    Some(lang) => entry.engine.voice_in(lang),
                    None => entry.engine.voice(),
                };
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

    /// The library's lines of `:help` / `/help` in `conversation`'s language (empty with one
    /// statement).
    pub fn help_lines(&self, conversation: &Conversation, telegram: bool) -> String {
        if !self.is_many() {
            return String::new();
        }
        let Some(voice) = self.voice_of(conversation, None) else {
            return String::new();
        };
        self.say(
            voice,
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

    /// "Which statement do you mean: A or B?" in `lang` (as far as the library speaks it), with
    /// each statement's answer after it (`previews`: the decisions they made on `question`). The
    /// conversation waits for the choice.
    pub(super) fn which(
        &self,
        conversation: &mut Conversation,
        offered: &[usize],
        question: Option<&str>,
        previews: &[(usize, Decision)],
        lang: Option<Lang>,
    ) -> Routed {
        let Some(voice) = self.voice_of(conversation, lang) else {
            return self.library_reply(self.nothing(None), Vec::new());
        };
        let names = self.names_in(offered, offered.len(), &voice.phrases().or, voice);
        let first = offered
            .first()
            .map_or_else(String::new, |&i| self.short_name(i));
        let mut text = self.say(
            voice,
            |l| &l.which,
            &[("statements", &names), ("first", &first)],
        );
        if question.is_some() {
            for (position, decision) in previews {
                let Some(entry) = self.entries.get(*position) else {
                    continue;
                };
                let preview = entry.engine.preview(decision, voice.lang());
                let answer = truncate_chars(&preview.answer, PREVIEW_CHARS);
                let name = self.name_in(*position, voice.lang());
                text.push_str(&self.say(
                    voice,
                    |l| &l.which_item,
                    &[("name", &name), ("answer", &answer)],
                ));
            }
        }
        let mut reply = Reply::without_fact(
            ReplyKind::WhichStatement,
            truncate_chars(&text, MAX_REPLY_CHARS),
            voice.lang(),
        );
        reply.statements = self.choices(offered, voice.lang());
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

    /// The statements at `positions`, as a reply in `lang` offers them.
    fn choices(&self, positions: &[usize], lang: Lang) -> Vec<StatementChoice> {
        let mut out: Vec<StatementChoice> = Vec::new();
        for &i in positions {
            if let Some(entry) = self.entries.get(i)
                && !out.iter().any(|c| c.id == entry.id())
            {
                out.push(StatementChoice {
                    id: entry.id().to_string(),
                    name: self.name_in(i, lang),
                });
            }
        }
        out
    }
}

/// How replies name a statement in its own language: its `name`, or the language's name for an
/// unnamed one.
fn name_of(entry: &Entry) -> String {
    entry.engine.voice().name().to_string()
}
