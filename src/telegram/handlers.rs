//! The update handler tree: which updates the bot answers and how.
//!
//! One [`schema`] of dptree branches: messages addressed to the bot (commands, questions, other
//! messages in private chats) and button presses. Each chat's [`State`] lives in the dialogue
//! storage, keyed by chat id, so chats never see each other's conversation. Dependencies come from
//! `dptree::deps!`: the [`Shelf`] holding the library of statements being served, the storage,
//! the [`Outbox`] every reply goes through (limits, holds and retries per chat); the dispatcher adds the bot, the update and [`Me`]. Each update is handled
//! by the library of the moment it arrived (a reload swaps the shelf's library, never one in use).
//!
//! With several statements: `/statements` lists them as buttons, `/use ID` (or a statement's
//! button) makes one the chat's statement in use, a "which statement?" offers the statements as
//! buttons, and buttons of topics and clarifications name their statement in their data (when it
//! fits Telegram's 64 bytes), so a press after a switch still answers from the right one.
//!
//! Group rules: in a group the bot answers its commands (`/help`, `/help@thisbot`, never
//! `/help@otherbot`), messages that mention `@thisbot`, and replies to its own messages; it ignores
//! everything else. A mention is Telegram's own mention entity whose text is exactly `@thisbot`
//! (any case): `@thisbot_fan`, `@thisbotbot` or `x@thisbot.com` are not mentions of it. In a
//! private chat it answers everything; `/cmd@otherbot` there gets a note that the command is for
//! another bot.
//!
//! Invariants: every update the dispatcher hands over gets a [`Completion`] in its dependencies,
//! dropped when the handler and the sends it handed over are over, which marks the update done
//! in the delivery ledger ([`super::ledger`]). A handler never waits on Telegram: its replies go
//! to the chat's delivery queue ([`Outbox::deliver`]), button acknowledgements and inline
//! answers to tasks of their own, so the dispatcher never waits for a held chat. The one bounded
//! exception: the answer to a button press waits up to [`ACK_FIRST`] for the press's
//! acknowledgement, so the client's spinner stops before the answer arrives. Every callback query is acknowledged (`answerCallbackQuery`), even one
//! from an inline message that has no chat, so no client is left with a spinner.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue;
use teloxide::prelude::*;
use teloxide::types::{
    ChatAction, InlineKeyboardButtonKind, InlineQuery, InlineQueryResult, InlineQueryResultsButton,
    InlineQueryResultsButtonKind, Me, MessageEntityKind, MessageId, ReplyParameters, ThreadId,
};
use teloxide::utils::command::BotCommands;

use super::TgBot;
use super::delivery::{ACK_FIRST, Outbox};
use super::ledger::{Completion, Ledger};
use super::render::{
    self, CHOICE_PREFIX, LANG_PREFIX, Outgoing, STATEMENT_PREFIX, SUGGESTION_PREFIX, TOPIC_PREFIX,
};
use crate::conversation::Conversation;
use crate::engine::Engine;
use crate::lang::Lang;
use crate::library::{Library, Routed, Routing};
use crate::live::Shelf;
use crate::reply::{Reply, ReplyKind};
use crate::review::QuestionLog;

/// The question log (`[log] questions`), when one is kept: a dependency of the handlers.
#[derive(Debug, Clone, Default)]
pub struct Questions(pub Option<Arc<QuestionLog>>);

/// The error type of every handler; the dispatcher's error handler logs it (redacted).
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
type HandlerResult = Result<(), HandlerError>;

pub use super::state::{State, language_hint};
/// The dialogue storage: memory, SQLite or Redis, chosen in the configuration.
pub use super::storage::BotStorage;
pub type BotDialogue = Dialogue<State, BotStorage>;

/// The bot's commands, registered with `set_my_commands` at start-up.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Greeting and what you can ask
    Start,
    /// How to use this bot
    Help,
    /// What the statement covers
    Topics,
    /// Where the statement comes from
    Source,
    /// What this bot is and what it keeps
    About,
    /// Forget this chat's conversation
    Reset,
    /// Reply language: automatic, English or Malay
    Lang,
    /// The statements I know
    Statements,
    /// Answer from the statement ID (/use ID)
    Use(String),
}

/// A command addressed to this bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandCall {
    Known(Command),
    /// `/something` the bot does not have (only in private chats or when addressed to it).
    Unknown(String),
    /// `/something@otherbot` in a private chat: the bot, not the command, is wrong.
    ForAnotherBot {
        command: String,
        bot: String,
    },
}

/// A question addressed to this bot, with any `@bot` mention removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question(pub String);

/// The update tree. Needs an `Arc<Ledger>` among the dispatcher's dependencies.
pub fn schema() -> UpdateHandler<HandlerError> {
    let messages = Update::filter_message()
        .branch(dptree::filter_map(command_for_me).endpoint(on_command))
        .branch(dptree::filter_map(question_for_me).endpoint(on_question))
        .branch(
            dptree::filter(|m: Message| m.chat.is_private() && m.text().is_none())
                .endpoint(on_other),
        );
    let buttons = Update::filter_callback_query().endpoint(on_button);
    // A press on a button of an inline message has no chat, so no conversation: acknowledge it.
    let chatless_buttons = Update::filter_callback_query()
        .filter(|q: CallbackQuery| q.message.is_none())
        .endpoint(on_chatless_button);
    // `@thisbot question` in any chat: no chat of ours, so no conversation.
    let inline = Update::filter_inline_query().endpoint(on_inline);
    dptree::map(|update: Update, ledger: Arc<Ledger>| Completion::new(ledger, update.id.0))
        .branch(chatless_buttons)
        .branch(inline)
        .branch(
            dialogue::enter::<Update, BotStorage, State, _>()
                .branch(messages)
                .branch(buttons),
        )
}

/// `/cmd`, `/cmd args` or `/cmd@thisbot` (private chat, or any chat when addressed to us), in
/// any case (`/START`, as phones capitalise it). A bare `/` in a private chat asks for the help.
pub fn command_for_me(m: Message, me: Me) -> Option<CommandCall> {
    let text = m.text()?.trim_start();
    let word = text.split_whitespace().next()?;
    let name = word.strip_prefix('/')?;
    if name.is_empty() {
        return m
            .chat
            .is_private()
            .then_some(CommandCall::Known(Command::Help));
    }
    let (bare, addressee) = match name.split_once('@') {
        Some((bare, to)) => (bare, Some(to)),
        None => (name, None),
    };
    if let Some(to) = addressee
        && !to.eq_ignore_ascii_case(me.username())
    {
        // In a private chat the user meant to reach a bot: say this is not it. In a group the
        // command is another bot's business.
        return m.chat.is_private().then(|| CommandCall::ForAnotherBot {
            command: format!("/{bare}"),
            bot: format!("@{to}"),
        });
    }
    match Command::parse(&format!("/{}", bare.to_lowercase()), me.username()) {
        // `/use ID`: the argument is the rest of the message.
        Ok(Command::Use(_)) => {
            let argument = text.get(word.len()..).unwrap_or("").trim().to_string();
            Some(CommandCall::Known(Command::Use(argument)))
        }
        Ok(command) => Some(CommandCall::Known(command)),
        // An unknown `/word` in a group is usually for another bot: answer only if addressed.
        Err(_) if m.chat.is_private() || addressee.is_some() => {
            Some(CommandCall::Unknown(format!("/{bare}")))
        }
        Err(_) => None,
    }
}

/// The text of a message that asks this bot something: any text in a private chat; in groups, a
/// reply to one of the bot's messages or a message that mentions `@thisbot` (with the mention
/// removed from the question).
pub fn question_for_me(m: Message, me: Me) -> Option<Question> {
    let text = m.text()?;
    if text.trim_start().starts_with('/') {
        return None;
    }
    if m.chat.is_private() {
        return Some(Question(text.to_string()));
    }
    let replies_to_me = m
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == me.id);
    let mentions = mentions_of(&m, &me);
    if !replies_to_me && mentions.is_empty() {
        return None;
    }
    let mut question = String::new();
    let mut from = 0;
    for range in mentions {
        question.push_str(text.get(from..range.start).unwrap_or(""));
        question.push(' ');
        from = range.end;
    }
    question.push_str(text.get(from..).unwrap_or(""));
    Some(Question(
        question.split_whitespace().collect::<Vec<_>>().join(" "),
    ))
}

/// Byte ranges of the message's mentions of this bot: Telegram's `mention` entities whose text
/// is exactly `@username` (ignoring case), and `text_mention`s of the bot's user.
fn mentions_of(m: &Message, me: &Me) -> Vec<std::ops::Range<usize>> {
    let handle = format!("@{}", me.username());
    m.parse_entities()
        .unwrap_or_default()
        .iter()
        .filter(|e| match e.kind() {
            MessageEntityKind::Mention => e.text().eq_ignore_ascii_case(&handle),
            MessageEntityKind::TextMention { user } => user.id == me.id,
            _ => false,
        })
        .map(|e| e.range())
        .collect()
}

// dptree hands each dependency as a parameter.
#[allow(clippy::too_many_arguments)]
async fn on_command(
    bot: TgBot,
    m: Message,
    me: Me,
    call: CommandCall,
    dialogue: BotDialogue,
    state: State,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
) -> HandlerResult {
    let library = shelf.library();
    let mut conversation = state.conversation();
    let Some(engine) = library.engine_for(&conversation).cloned() else {
        return Ok(());
    };
    let hint = language_hint(m.from.as_ref(), &library);
    let lang = state.reply_lang(&engine, hint);
    let voice = engine.voice_in(lang);
    let say = |phrase: &str| render::text(&voice.fill(phrase, &[]));
    let phrases = &voice.phrases().telegram;
    // the conversation as the library's own words should hear it: with the user's language hint
    let heard = Conversation {
        lang: conversation.lang.or(hint),
        ..conversation.clone()
    };
    // `/start PAYLOAD` from a deep link (`t.me/thisbot?start=PAYLOAD`, a share button): the answer
    // it names; any other payload gets the greeting.
    let linked = match &call {
        CommandCall::Known(Command::Start) => m
            .text()
            .and_then(|t| t.split_whitespace().nth(1))
            .and_then(|payload| deep_link_target(&library, payload)),
        _ => None,
    };
    let out = match call {
        CommandCall::Known(Command::Start) if linked.is_some() => {
            let (statement, fact) = linked.unwrap_or_default();
            let mut conversation = heard.clone();
            match library.choose(&mut conversation, statement.as_deref(), &fact) {
                Some(reply) => {
                    dialogue.update(State::Chatting { conversation }).await?;
                    reply_message(&library, &reply, None, &me)
                }
                None => say(&phrases.start),
            }
        }
        CommandCall::Known(Command::Start) => say(&phrases.start),
        CommandCall::Known(Command::Help) => render::text(&format!(
            "{}{}",
            voice.fill(&phrases.help, &[]),
            library.help_lines(&heard, true)
        )),
        CommandCall::Known(Command::Topics) => render::topics(
            &engine.knowledge().id,
            engine.topics_in(lang),
            voice,
            library.is_many(),
        ),
        CommandCall::Known(Command::Source) => render::source(engine.knowledge(), voice),
        CommandCall::Known(Command::About) => say(&phrases.about),
        CommandCall::Known(Command::Reset) => {
            // A reply language the user chose outlives the conversation.
            match state.conversation().reply_lang {
                Some(fixed) => {
                    let conversation = Conversation::with_reply_lang(Some(fixed));
                    dialogue.update(State::Chatting { conversation }).await?;
                }
                None => dialogue.reset().await?,
            }
            say(&phrases.reset)
        }
        CommandCall::Known(Command::Lang) => {
            // "/lang ms", "/lang auto": set it; "/lang": show the choice as buttons.
            let argument = m.text().and_then(|t| t.split_whitespace().nth(1));
            match argument.map(|a| parse_lang_choice(a, &engine)) {
                Some(Some(choice)) => {
                    set_reply_lang(&dialogue, &state, &engine, choice, hint).await?
                }
                _ => {
                    render::lang_choice(voice, state.conversation().reply_lang, &engine.languages())
                }
            }
        }
        CommandCall::Known(Command::Statements) => statements(&library, &heard),
        CommandCall::Known(Command::Use(id)) if id.is_empty() => {
            let mut out = statements(&library, &heard);
            out.html = format!(
                "{}\n\n{}",
                render::escape(&library.use_how(&heard, true)),
                out.html
            );
            out
        }
        CommandCall::Known(Command::Use(id)) => match library.use_statement(&mut conversation, &id)
        {
            Ok(routed) => {
                dialogue.update(State::Chatting { conversation }).await?;
                reply_message(&library, &routed.reply, None, &me)
            }
            Err(_) => render::text(&library.unknown_statement(&heard, &id, true)),
        },
        CommandCall::Unknown(command) => {
            render::text(&voice.fill(&phrases.unknown_command, &[("command", command.as_str())]))
        }
        CommandCall::ForAnotherBot { command, bot } => render::text(&voice.fill(
            &phrases.other_bots_command,
            &[("command", command.as_str()), ("bot", bot.as_str())],
        )),
    };
    post(&bot, &outbox, &Target::replying_to(&m), out, completion);
    Ok(())
}

/// `/statements`: every statement served, as buttons that make it the one in use.
fn statements(library: &Library, conversation: &Conversation) -> Outgoing {
    let (heading, lines) = library.listing(conversation);
    let ids: Vec<String> = library
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    render::statements(&heading, &lines, &ids)
}

/// A reply as a message, in the voice of the statement it speaks for; an answer carries a
/// "share" button (a deep link to it through `me`, the bot).
fn reply_message(library: &Library, reply: &Reply, asked: Option<&str>, me: &Me) -> Outgoing {
    match library.voice_for(reply) {
        Some(voice) => {
            let many = library.is_many();
            let share = render::share_button(reply, voice, me.username(), many);
            render::with_button(render::library_reply(reply, asked, voice, many), share)
        }
        None => render::text(&reply.answer),
    }
}

/// The statement (when several are served) and fact a deep link's start parameter names, as
/// [`render::deep_link_payload`] writes it; `None` for a payload that names no fact served.
pub fn deep_link_target(library: &Library, payload: &str) -> Option<(Option<String>, String)> {
    if !render::is_start_parameter(payload) {
        return None;
    }
    if !library.is_many() {
        let engine = library.entries().first()?.engine();
        return engine
            .knowledge()
            .fact(payload)
            .map(|f| (None, f.id.clone()));
    }
    library.entries().iter().find_map(|entry| {
        let fact = payload.strip_prefix(entry.id())?.strip_prefix('_')?;
        entry
            .engine()
            .knowledge()
            .fact(fact)
            .map(|f| (Some(entry.id().to_string()), f.id.clone()))
    })
}

/// How long Telegram waits for an inline query's answer before the user sees nothing: a failed
/// answer is retried only within it.
const INLINE_WITHIN: std::time::Duration = std::time::Duration::from_secs(8);

/// Inline mode: `@thisbot question` in any chat is answered with one result, the answer with its
/// source, to send into that chat (in a fresh conversation, in the language of the question, else
/// of the user's app). An empty query offers a button that opens a chat with the bot.
async fn on_inline(
    bot: TgBot,
    q: InlineQuery,
    me: Me,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
) -> HandlerResult {
    let library = shelf.library();
    let hint = language_hint(Some(&q.from), &library);
    let question = q.query.trim();
    let request = if question.is_empty() {
        let Some(engine) = library.engine_for(&Conversation::default()) else {
            return Ok(());
        };
        let conversation = Conversation {
            lang: hint,
            ..Default::default()
        };
        let voice = engine.voice_in(engine.reply_lang(&conversation));
        let hint_text = render::fit(&voice.fill(&voice.phrases().telegram.inline_hint, &[]), 64);
        bot.answer_inline_query(q.id.clone(), Vec::<InlineQueryResult>::new())
            .cache_time(300)
            .button(InlineQueryResultsButton {
                text: hint_text,
                kind: InlineQueryResultsButtonKind::StartParameter("help".to_string()),
            })
    } else {
        let mut conversation = Conversation {
            lang: hint,
            ..Default::default()
        };
        let reply = library.respond(&mut conversation, question);
        let Some(voice) = library.voice_for(&reply) else {
            return Ok(());
        };
        let label = reply
            .fact
            .as_deref()
            .filter(|_| reply.kind == ReplyKind::Answer)
            .and_then(|fact| {
                let statement = reply.statement.as_deref();
                let entry = match statement {
                    Some(id) => library.entry(id),
                    None => library.entries().first(),
                }?;
                entry.engine().fact_label(fact, reply.lang)
            });
        let result = render::inline_result(
            &reply,
            question,
            voice,
            me.username(),
            library.is_many(),
            label,
        );
        // The answer depends on the user's app language (a hint), so it is cached per user.
        bot.answer_inline_query(q.id.clone(), vec![result])
            .cache_time(60)
            .is_personal(true)
    };
    // Off the dispatcher: inline queries have no chat, so they share one of its queues.
    tokio::spawn(async move {
        match tokio::time::timeout(
            INLINE_WITHIN,
            outbox.retry().send("answerInlineQuery", request),
        )
        .await
        {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => {
                tracing::warn!(error = %outbox.retry().redact(&err.to_string()), "an inline query could not be answered")
            }
            Err(_) => tracing::warn!("an inline query was not answered in time"),
        }
        completion.done().await;
    });
    Ok(())
}

// dptree hands each dependency as a parameter.
#[allow(clippy::too_many_arguments)]
async fn on_question(
    bot: TgBot,
    m: Message,
    me: Me,
    Question(question): Question,
    dialogue: BotDialogue,
    state: State,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
    questions: Questions,
) -> HandlerResult {
    let library = shelf.library();
    let hint = language_hint(m.from.as_ref(), &library);
    answer(
        &bot,
        &me,
        &outbox,
        &library,
        &dialogue,
        state,
        &Target::replying_to(&m),
        Input::Text(&question),
        None,
        hint,
        &questions,
        completion,
    )
    .await
}

/// `auto`, or a language replies can be given in (`ms`, `en`): `Some(None)` for automatic.
fn parse_lang_choice(word: &str, engine: &Engine) -> Option<Option<Lang>> {
    if word.eq_ignore_ascii_case("auto") {
        return Some(None);
    }
    engine
        .lang_of(word)
        .filter(|l| engine.languages().contains(l))
        .map(Some)
}

/// Stores the chat's reply-language choice and says so in the language replies are in from now
/// on: the chosen one, or for "automatic" the chat's (its messages', else the user's app's,
/// `hint`). A chat whose messages have shown no language keeps the one it had until one does, so
/// "automatic" in a chat set to Malay goes on in Malay.
async fn set_reply_lang(
    dialogue: &BotDialogue,
    state: &State,
    engine: &Engine,
    choice: Option<Lang>,
    hint: Option<Lang>,
) -> Result<Outgoing, HandlerError> {
    let before = state.reply_lang(engine, hint);
    let mut conversation = state.conversation();
    conversation.reply_lang = choice;
    if choice.is_none() && conversation.lang.is_none() && hint.is_none() {
        conversation.lang = Some(before);
    }
    let after = State::Chatting { conversation };
    let said = render::lang_set(engine.voice_in(after.reply_lang(engine, hint)), choice);
    dialogue.update(after).await?;
    Ok(said)
}

async fn on_other(
    bot: TgBot,
    m: Message,
    state: State,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
) -> HandlerResult {
    let library = shelf.library();
    let Some(engine) = library.engine_for(&state.conversation()) else {
        return Ok(());
    };
    let voice = engine.voice_in(state.reply_lang(engine, language_hint(m.from.as_ref(), &library)));
    let text = voice.fill(&voice.phrases().telegram.not_text, &[]);
    let out = render::text(&text);
    post(&bot, &outbox, &Target::replying_to(&m), out, completion);
    Ok(())
}

async fn on_chatless_button(
    bot: TgBot,
    q: CallbackQuery,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
) -> HandlerResult {
    let library = shelf.library();
    let Some(engine) = library.engine_for(&Conversation::default()) else {
        return Ok(());
    };
    let voice = engine.voice();
    let ack = bot
        .answer_callback_query(q.id.clone())
        .text(voice.fill(&voice.phrases().telegram.button_stale, &[]));
    drop(acknowledge(outbox, ack, Some(completion)));
    Ok(())
}

// dptree hands each dependency as a parameter.
#[allow(clippy::too_many_arguments)]
async fn on_button(
    bot: TgBot,
    q: CallbackQuery,
    me: Me,
    dialogue: BotDialogue,
    state: State,
    shelf: Arc<Shelf>,
    outbox: Arc<Outbox>,
    completion: Completion,
    questions: Questions,
) -> HandlerResult {
    let library = shelf.library();
    let Some(engine) = library.engine_for(&state.conversation()).cloned() else {
        return Ok(());
    };
    let hint = language_hint(Some(&q.from), &library);
    let lang = state.reply_lang(&engine, hint);
    let choice = q
        .data
        .as_deref()
        .and_then(|d| d.strip_prefix(LANG_PREFIX))
        .and_then(|word| parse_lang_choice(word, &engine));
    let press = button_press(&q, &library, &state.conversation(), lang);
    // Answer the press first so the client stops its spinner, whatever happens next.
    let mut ack = bot.answer_callback_query(q.id.clone());
    if press.is_none() && choice.is_none() {
        let voice = engine.voice_in(lang);
        ack = ack.text(voice.fill(&voice.phrases().telegram.button_stale, &[]));
    }
    let Some(message) = q.message.as_ref() else {
        drop(acknowledge(outbox, ack, Some(completion)));
        return Ok(());
    };
    // The acknowledgement goes out before the answer (a send of its own, so a slow one holds
    // the answer only so long).
    let acknowledged = acknowledge(Arc::clone(&outbox), ack, None);
    let _ = tokio::time::timeout(ACK_FIRST, acknowledged).await;
    let target = Target {
        chat: message.chat().id,
        thread: message
            .regular_message()
            .filter(|m| m.is_topic_message)
            .and_then(|m| m.thread_id),
        reply_to: None,
    };
    if let Some(choice) = choice {
        let said = set_reply_lang(&dialogue, &state, &engine, choice, hint).await?;
        post(&bot, &outbox, &target, said, completion);
        return Ok(());
    }
    let Some(press) = press else {
        return Ok(());
    };
    answer(
        &bot,
        &me,
        &outbox,
        &library,
        &dialogue,
        state,
        &target,
        press.input(),
        Some(press.shown()),
        hint,
        &questions,
        completion,
    )
    .await
}

/// What the user sent: words, a clarification's choice (a fact id) pressed as a button, a topic's
/// question of a named statement, or a statement to use.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Text(&'a str),
    Choice {
        statement: Option<&'a str>,
        fact: &'a str,
    },
    AskIn {
        statement: &'a str,
        question: &'a str,
    },
    Use(&'a str),
}

/// What a button press asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// A question: a topic's question or a suggested follow-up.
    Ask(String),
    /// A topic's question, in the statement the topic belongs to.
    AskIn { statement: String, question: String },
    /// A clarification's choice: the fact (of the named statement), and its label (echoed above
    /// the answer).
    Choose {
        statement: Option<String>,
        fact: String,
        label: String,
    },
    /// A statement to use (and to answer the pending question in): its id and name.
    Use { statement: String, name: String },
}

impl Press {
    pub fn input(&self) -> Input<'_> {
        match self {
            Press::Ask(question) => Input::Text(question),
            Press::AskIn {
                statement,
                question,
            } => Input::AskIn {
                statement,
                question,
            },
            Press::Choose {
                statement, fact, ..
            } => Input::Choice {
                statement: statement.as_deref(),
                fact,
            },
            Press::Use { statement, .. } => Input::Use(statement),
        }
    }

    /// The text echoed above the reply.
    pub fn shown(&self) -> &str {
        match self {
            Press::Ask(question) | Press::AskIn { question, .. } => question,
            Press::Choose { label, .. } => label,
            Press::Use { name, .. } => name,
        }
    }
}

/// Splits `statement/rest` button data; data without a statement is the chat's own statement's.
fn qualified(data: &str) -> (Option<&str>, &str) {
    match data.split_once('/') {
        Some((statement, rest)) => (Some(statement), rest),
        None => (None, data),
    }
}

/// What a button asks: a topic's question (in the chat's language `lang`), a suggestion (the
/// button's own text, read back from the message it sits on), a clarification choice (the chosen
/// fact, echoed with its label in `lang`) or a statement. `None` for a button that leads nowhere
/// (stale, or from knowledge no longer served).
pub fn button_press(
    q: &CallbackQuery,
    library: &Library,
    conversation: &Conversation,
    lang: Lang,
) -> Option<Press> {
    let data = q.data.as_deref()?;
    let engine_of = |statement: Option<&str>| -> Option<&Arc<Engine>> {
        match statement {
            Some(id) => library.entry(id).map(|e| e.engine()),
            None => library.engine_for(conversation),
        }
    };
    if let Some(rest) = data.strip_prefix(TOPIC_PREFIX) {
        let (statement, topic) = qualified(rest);
        let engine = engine_of(statement)?;
        let question = engine
            .topics_in(lang)
            .iter()
            .find(|t| t.id == topic)?
            .question
            .clone();
        return Some(match statement {
            Some(statement) if library.is_many() => Press::AskIn {
                statement: statement.to_string(),
                question,
            },
            _ => Press::Ask(question),
        });
    }
    if let Some(rest) = data.strip_prefix(CHOICE_PREFIX) {
        let (statement, fact) = qualified(rest);
        let engine = engine_of(statement)?;
        return engine.knowledge().fact(fact).map(|f| Press::Choose {
            statement: statement.map(str::to_string),
            fact: f.id.clone(),
            label: engine
                .fact_label(&f.id, lang)
                .unwrap_or(&f.label)
                .to_string(),
        });
    }
    if let Some(id) = data.strip_prefix(STATEMENT_PREFIX) {
        let position = library.entries().iter().position(|e| e.id() == id)?;
        return Some(Press::Use {
            statement: id.to_string(),
            name: library.name_of(position),
        });
    }
    if data.starts_with(SUGGESTION_PREFIX) {
        let keyboard = q.message.as_ref()?.regular_message()?.reply_markup()?;
        return keyboard
            .inline_keyboard
            .iter()
            .flatten()
            .find(|b| matches!(&b.kind, InlineKeyboardButtonKind::CallbackData(d) if d == data))
            .map(|b| Press::Ask(b.text.clone()));
    }
    None
}

/// Runs the input through the library in the chat's conversation, stores the updated
/// conversation, logs a question (typed, or sent by a topic or suggestion button) to the question
/// log when one is kept (under a keyed hash of the chat, never its id), and sends the reply.
#[allow(clippy::too_many_arguments)]
async fn answer(
    bot: &TgBot,
    me: &Me,
    outbox: &Arc<Outbox>,
    library: &Library,
    dialogue: &BotDialogue,
    state: State,
    target: &Target,
    input: Input<'_>,
    asked: Option<&str>,
    hint: Option<Lang>,
    questions: &Questions,
    completion: Completion,
) -> HandlerResult {
    typing(bot, outbox, target);
    let mut conversation = state.conversation();
    // the user's Telegram language, for a chat whose messages have not shown one yet
    conversation.lang = conversation.lang.or(hint);
    let routed = respond(library, &mut conversation, input);
    if let (Some(log), Input::Text(text) | Input::AskIn { question: text, .. }) =
        (&questions.0, input)
    {
        log.record(&routed, text, Some(&format!("telegram:{}", target.chat.0)));
    }
    let reply = routed.reply;
    dialogue.update(State::Chatting { conversation }).await?;
    let request = message(bot, target, reply_message(library, &reply, asked, me));
    queue(outbox, target.chat, request, completion, Sent::Answer);
    Ok(())
}

/// Shows "typing…" in `target`'s chat before the reply queued next. Best effort: a lost
/// "typing…" is not worth a retry or an error, nor a wait in a chat whose replies are held
/// (teloxide alone waits 10 s after a 5xx).
fn typing(bot: &TgBot, outbox: &Arc<Outbox>, target: &Target) {
    let mut typing = bot.send_chat_action(target.chat, ChatAction::Typing);
    if let Some(thread) = target.thread {
        typing = typing.message_thread_id(thread);
    }
    let chat = target.chat.0;
    let sender = Arc::clone(outbox);
    outbox.deliver(chat, async move {
        if sender.is_held(chat) {
            return;
        }
        match tokio::time::timeout(TYPING_WITHIN, typing.send()).await {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => {
                tracing::debug!(error = %sender.retry().redact(&err.to_string()), "sendChatAction failed")
            }
            Err(_) => tracing::debug!("sendChatAction took too long; answering without it"),
        }
    });
}

/// The library's reply to `input` in `conversation` (updated), with how it was reached.
fn respond(library: &Library, conversation: &mut Conversation, input: Input<'_>) -> Routed {
    match input {
        Input::Text(question) => library.respond_traced(conversation, question),
        // A choice whose fact is gone (an older knowledge base) reads as an empty message.
        Input::Choice { statement, fact } => match library.choose(conversation, statement, fact) {
            Some(reply) => Routed {
                reply,
                trace: None,
                routing: Routing::InUse,
            },
            None => library.respond_traced(conversation, ""),
        },
        Input::AskIn {
            statement,
            question,
        } => library
            .respond_in(conversation, statement, question)
            .unwrap_or_else(|_| library.respond_traced(conversation, question)),
        Input::Use(statement) => library
            .use_statement(conversation, statement)
            .unwrap_or_else(|_| library.respond_traced(conversation, "")),
    }
}

/// Where a reply goes.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub chat: ChatId,
    pub thread: Option<ThreadId>,
    /// In groups, the message answered (so the reply shows whom it answers).
    pub reply_to: Option<MessageId>,
}

impl Target {
    fn replying_to(m: &Message) -> Target {
        Target {
            chat: m.chat.id,
            thread: m.thread_id.filter(|_| m.is_topic_message),
            reply_to: (!m.chat.is_private()).then_some(m.id),
        }
    }
}

/// How long a "typing…" may take before the answer goes without it.
const TYPING_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// Queues `out` for `target`'s chat, after the replies queued before it ([`Outbox::deliver`]);
/// the update is done once it went out (a reply that still fails is logged by the outbox, and
/// the update is done when `completion` is dropped).
fn post(bot: &TgBot, outbox: &Arc<Outbox>, target: &Target, out: Outgoing, completion: Completion) {
    queue(
        outbox,
        target.chat,
        message(bot, target, out),
        completion,
        Sent::Other,
    );
}

/// What a queued message is, for the bot's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    /// The answer to a question: counted in `answered`.
    Answer,
    Other,
}

/// Queues `request` for `chat` (see [`post`]).
fn queue(
    outbox: &Arc<Outbox>,
    chat: ChatId,
    request: <TgBot as Requester>::SendMessage,
    completion: Completion,
    sent: Sent,
) {
    let sender = Arc::clone(outbox);
    outbox.deliver(chat.0, async move {
        if sender.send(chat, request).await.is_ok() {
            if sent == Sent::Answer {
                sender.stats().answered.fetch_add(1, Ordering::Relaxed);
            }
            completion.done().await;
        }
    });
}

/// Acknowledges a button press at once, beside the chat's queue (the client's spinner should
/// not wait for the chat's held replies); with `completion`, the update is done after it.
fn acknowledge(
    outbox: Arc<Outbox>,
    ack: <TgBot as Requester>::AnswerCallbackQuery,
    completion: Option<Completion>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(err) = outbox.retry().send("answerCallbackQuery", ack).await {
            tracing::warn!(error = %outbox.retry().redact(&err.to_string()), "a button press could not be acknowledged");
        }
        drop(completion);
    })
}

/// The `sendMessage` request for `out` to `target`.
fn message(bot: &TgBot, target: &Target, out: Outgoing) -> <TgBot as Requester>::SendMessage {
    // HTML parse mode comes from the bot's `DefaultParseMode` adaptor.
    let mut request = bot.send_message(target.chat, out.html);
    if let Some(keyboard) = out.keyboard {
        request = request.reply_markup(keyboard);
    }
    if let Some(thread) = target.thread {
        request = request.message_thread_id(thread);
    }
    if let Some(id) = target.reply_to {
        request = request.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
    }
    request
}
