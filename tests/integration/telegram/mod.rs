//! The Telegram bot end to end: the real long-polling dispatcher against a fake Bot API server
//! ([`fake`]) on 127.0.0.1. Tests assert on the calls the bot really made: commands, answers with
//! context, per-chat separation, buttons, group rules, hostile text, faults and load; the binary
//! is run too (token errors, SIGTERM, no token in its logs).
//!
//! Most expected texts come from the library itself (the engine as an oracle, `render` for the
//! HTML), so those tests check the bot's plumbing; [`expected_replies_written_out`] checks replies
//! against text written out here, independently of the renderer. The questions are worded for
//! these tests (none is copied from the public evaluation sets).

mod binary;
mod crash;
mod defects;
mod edges;
mod fake;
mod inline;
mod instances;
mod isolation;
mod library;
mod malay;
mod question_log;
mod scale;

use std::sync::Arc;
use std::time::{Duration, Instant};

use communique::knowledge::TelegramPhrases;
use communique::live::Shelf;
use communique::telegram::config::{Config, Token};
use communique::telegram::handlers::{BotStorage, State};
use communique::telegram::render;
use communique::telegram::teloxide::dispatching::dialogue::Storage;
use communique::telegram::teloxide::types::ChatId;
use communique::telegram::{self, Running, StartError};
use communique::{Conversation, Engine, Knowledge, Library, ReplyKind};
use serde_json::Value;

use fake::{Fake, Fault};

/// The bot's phrase `pick`s, filled for the built-in statement, as a chat shows it.
fn say(pick: fn(&TelegramPhrases) -> &String) -> String {
    let engine = engine();
    let voice = engine.voice();
    voice.fill(pick(&voice.phrases().telegram), &[])
}

/// Questions worded for these tests: one about health (its follow-up "that MoU" is the 2019
/// health MoU), one about culture and education (the 2020 MoU).
pub const HEALTH: &str = "What did the leaders agree about health care and medicine?";
pub const CULTURE: &str = "Did they say anything on culture, schools and student exchanges?";

fn engine() -> Arc<Engine> {
    Arc::new(crate::helpers::engine_of(Knowledge::embedded().unwrap()))
}

/// The shelf the bot serves: a library of `engine`'s statement alone.
fn shelf(engine: &Arc<Engine>) -> Arc<Shelf> {
    Arc::new(Shelf::new(Library::from_engines(vec![Arc::clone(engine)])))
}

/// A configuration for tests: the fake's URL, short polls, quick retries, loose rate limits.
fn test_config(fake: &Fake) -> Config {
    let mut config = Config::defaults().unwrap();
    let t = &mut config.telegram;
    t.api_url = fake.url.clone();
    t.poll_timeout_secs = 1;
    t.retry_base_ms = 50;
    t.retry_max_ms = 400;
    t.poll_backoff_max_secs = 1;
    t.limits.messages_per_sec_chat = 1_000;
    t.limits.messages_per_min_chat = 100_000;
    t.limits.messages_per_min_channel_or_supergroup = 100_000;
    t.limits.messages_per_sec_overall = 100_000;
    config
}

struct Harness {
    fake: Arc<Fake>,
    bot: Running,
    engine: Arc<Engine>,
}

async fn harness_with(tweak: impl FnOnce(&mut Config)) -> Harness {
    if let Ok(filter) = std::env::var("COMMUNIQUE_TEST_LOG") {
        telegram::init_logging(&filter);
    }
    let fake = Fake::start().await;
    let mut config = test_config(&fake);
    tweak(&mut config);
    let engine = engine();
    let token = Token::parse(fake::TOKEN).unwrap();
    let bot = telegram::start(&config, token, shelf(&engine), BotStorage::new())
        .await
        .unwrap_or_else(|e| panic!("the bot did not start: {e}"));
    Harness { fake, bot, engine }
}

async fn harness() -> Harness {
    harness_with(|_| {}).await
}

impl Harness {
    /// A chat's stored conversation.
    async fn stored(&self, chat: i64) -> Option<State> {
        Arc::clone(&self.bot.storage)
            .get_dialogue(ChatId(chat))
            .await
            .unwrap()
    }
}

/// What the bot must send for `question` asked in `conversation` (updated like the bot's).
fn expected_answer(
    engine: &Engine,
    conversation: &mut Conversation,
    question: &str,
    asked: Option<&str>,
) -> render::Outgoing {
    render::reply(
        &engine.respond(conversation, question),
        asked,
        engine.voice(),
    )
}

/// The visible text of an HTML message (as the fake stored it).
fn visible(html: &str) -> String {
    fake::parse_html(html).unwrap()
}

fn keyboard_data(call: &fake::Call) -> Vec<(String, String)> {
    call.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|row| row.as_array().cloned().unwrap_or_default())
                .map(|b| {
                    (
                        b["text"].as_str().unwrap_or("").to_string(),
                        b["callback_data"]
                            .as_str()
                            .or(b["url"].as_str())
                            .unwrap_or("")
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_like_a_long_polling_bot_and_answers_every_command() {
    let h = harness().await;
    let chat = 1001;
    for command in [
        "/start",
        "/help",
        "/topics",
        "/source",
        "/about",
        "/reset",
        "/frobnicate",
        "/start deep-link-payload",
    ] {
        h.fake.push(fake::message(chat, chat, command));
    }
    let replies = h.fake.replies(chat, 8).await;
    let texts: Vec<String> = replies.iter().map(|c| visible(c.text())).collect();
    let knowledge = h.engine.knowledge();

    let methods: Vec<String> = h.fake.calls().iter().map(|c| c.method.clone()).collect();
    let first = |m: &str| {
        methods
            .iter()
            .position(|x| x == m)
            .unwrap_or_else(|| panic!("no {m} call"))
    };
    assert!(first("getme") < first("getupdates"), "{methods:?}");
    assert!(first("getwebhookinfo") < first("getupdates"), "{methods:?}");
    assert_eq!(
        command_names(&h.fake.ok_calls("setmycommands")[0].body),
        [
            "start", "help", "topics", "source", "about", "reset", "lang"
        ]
    );

    assert_eq!(texts[0], say(|t| &t.start));
    assert_eq!(texts[1], say(|t| &t.help));
    assert_eq!(texts[2], say(|t| &t.topics));
    let topics = keyboard_data(&replies[2]);
    assert_eq!(topics.len(), knowledge.topics.len());
    assert_eq!(
        topics[0],
        (
            knowledge.topics[0].title.clone(),
            format!("t:{}", knowledge.topics[0].id)
        )
    );
    assert!(
        texts[3].contains(&knowledge.statement.title),
        "{}",
        texts[3]
    );
    assert!(
        texts[3].contains(&knowledge.statement.publisher),
        "{}",
        texts[3]
    );
    // The date as people write it, not the ISO form of statement.toml.
    assert!(texts[3].contains("on 25 November 2024."), "{}", texts[3]);
    assert!(
        replies[3]
            .text()
            .contains(&format!("<a href=\"{}\">", knowledge.statement.url))
    );
    assert_eq!(texts[4], say(|t| &t.about));
    assert_eq!(texts[5], say(|t| &t.reset));
    assert!(
        texts[6].contains("/frobnicate") && texts[6].contains("/help"),
        "{}",
        texts[6]
    );
    assert_eq!(
        texts[7],
        say(|t| &t.start),
        "/start with a deep-link payload"
    );
    for reply in &replies {
        assert_eq!(reply.body["parse_mode"], "HTML");
    }
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_questions_with_a_citation_and_typing_first_and_keeps_context_per_chat() {
    let h = harness().await;
    let (alice, bob) = (2001, 2002);
    // Interleaved: each chat's follow-up must be answered from its own conversation.
    // The same follow-up means a different MoU in each chat.
    let script = [
        (alice, HEALTH),
        (bob, CULTURE),
        (alice, "when was that MoU signed?"),
        (bob, "when was that MoU signed?"),
        (alice, "why?"),
        (bob, "who signed it?"),
    ];
    for (chat, text) in script {
        h.fake.push(fake::message(chat, chat, text));
    }
    let mut oracle = [
        (alice, Conversation::default()),
        (bob, Conversation::default()),
    ];
    for (chat, conversation) in oracle.iter_mut() {
        let replies = h.fake.replies(*chat, 3).await;
        let questions: Vec<&str> = script
            .iter()
            .filter(|(c, _)| c == chat)
            .map(|(_, q)| *q)
            .collect();
        for (reply, question) in replies.iter().zip(&questions) {
            let expected = expected_answer(&h.engine, conversation, question, None);
            assert_eq!(
                reply.text(),
                expected.html,
                "chat {chat}, question {question:?}"
            );
        }
        assert_eq!(
            h.stored(*chat).await,
            Some(State::Chatting {
                conversation: conversation.clone()
            }),
            "chat {chat}'s stored conversation is exactly the one its own messages built"
        );
    }
    // The follow-ups really used each chat's own context.
    let alice_mou = visible(h.fake.sent_to(alice)[1].text());
    let bob_mou = visible(h.fake.sent_to(bob)[1].text());
    assert!(
        alice_mou.contains("2019") && !alice_mou.contains("2020"),
        "{alice_mou}"
    );
    assert!(
        bob_mou.contains("2020") && !bob_mou.contains("2019"),
        "{bob_mou}"
    );
    // The first answer cites its paragraph.
    let first = &h.fake.sent_to(alice)[0];
    assert!(
        visible(first.text()).contains("Source: joint statement, paragraph"),
        "{}",
        first.text()
    );
    // "typing…" precedes every answer, in the same chat.
    let calls = h.fake.calls();
    for (i, call) in calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.method == "sendmessage")
    {
        let typing = calls[..i]
            .iter()
            .rev()
            .find(|c| c.chat() == call.chat() && c.method == "sendchataction");
        assert_eq!(
            typing.map(|c| c.body["action"].clone()),
            Some(Value::from("typing"))
        );
    }
    // /reset forgets alice's conversation and only hers.
    h.fake.push(fake::message(alice, alice, "/reset"));
    h.fake.replies(alice, 4).await;
    assert_eq!(h.stored(alice).await, Some(State::Start));
    assert_eq!(
        h.stored(bob).await,
        Some(State::Chatting {
            conversation: oracle[1].1.clone()
        })
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_acknowledged_and_continue_the_conversation() {
    let h = harness().await;
    let chat = 3001;
    let mut conversation = Conversation::default();
    // A question whose answer offers follow-ups.
    let question = h
        .engine
        .knowledge()
        .facts
        .iter()
        .filter_map(|f| f.examples.first())
        .find(|q| !h.engine.answer(q).suggestions.is_empty())
        .unwrap()
        .clone();
    h.fake.push(fake::message(chat, chat, &question));
    let answer = h.fake.replies(chat, 1).await.remove(0);
    let expected = expected_answer(&h.engine, &mut conversation, &question, None);
    assert_eq!(answer.text(), expected.html);
    let buttons = keyboard_data(&answer);
    let (suggestion, data) = buttons[0].clone();
    assert_eq!(data, "s:0");

    // Press the first suggestion: acknowledged, then answered as if typed, in the same conversation.
    let message = answer.result.clone().unwrap();
    h.fake.push(fake::press(chat, message.clone(), &data));
    let reply = h.fake.replies(chat, 2).await.remove(1);
    let expected = expected_answer(&h.engine, &mut conversation, &suggestion, Some(&suggestion));
    assert_eq!(reply.text(), expected.html);
    assert!(visible(reply.text()).starts_with(&format!("You asked: {suggestion}")));
    let acks = h.fake.ok_calls("answercallbackquery");
    assert_eq!(acks.len(), 1);
    assert_eq!(
        acks[0].body.get("text"),
        None,
        "a working button gets a silent acknowledgement"
    );
    assert!(
        acks[0].at <= reply.at,
        "the press is acknowledged before the answer is sent"
    );

    // A topic button from /topics asks that topic's question.
    let topic = h.engine.knowledge().topics[1].clone();
    h.fake.push(fake::message(chat, chat, "/topics"));
    let topics_message = h.fake.replies(chat, 3).await.remove(2).result.unwrap();
    h.fake.push(fake::press(
        chat,
        topics_message,
        &format!("t:{}", topic.id),
    ));
    let reply = h.fake.replies(chat, 4).await.remove(3);
    let expected = expected_answer(
        &h.engine,
        &mut conversation,
        &topic.question,
        Some(&topic.question),
    );
    assert_eq!(reply.text(), expected.html);

    // A clarification offers its choices as buttons; each choice answers with that fact.
    let unclear = "When was the MoU signed?";
    let clarify = h.engine.respond(&mut conversation, unclear);
    assert_eq!(
        clarify.kind,
        ReplyKind::Clarify,
        "the knowledge changed: pick another unclear question"
    );
    h.fake.push(fake::message(chat, chat, unclear));
    let offer = h.fake.replies(chat, 5).await.remove(4);
    let choices = keyboard_data(&offer);
    assert_eq!(choices.len(), 2, "{choices:?}");
    let chosen = &clarify.choices[1];
    assert_eq!(choices[1].1, format!("c:{}", chosen.fact));
    h.fake.push(fake::press(
        chat,
        offer.result.clone().unwrap(),
        &choices[1].1,
    ));
    let reply = h.fake.replies(chat, 6).await.remove(5);
    let asked = chosen.label.clone();
    let expected_reply = h.engine.choose(&mut conversation, &chosen.fact).unwrap();
    assert_eq!(
        expected_reply.fact.as_deref(),
        Some(chosen.fact.as_str()),
        "the choice answers the chosen fact"
    );
    assert_eq!(
        reply.text(),
        render::reply(&expected_reply, Some(&asked), engine().voice()).html
    );
    assert_eq!(
        h.stored(chat).await,
        Some(State::Chatting {
            conversation: conversation.clone()
        })
    );

    // A button that leads nowhere gets a toast and no message.
    h.fake.push(fake::press(chat, message, "s:9"));
    h.fake.push(fake::message(chat, chat, "/help"));
    h.fake.replies(chat, 7).await;
    let acks = h.fake.ok_calls("answercallbackquery");
    assert_eq!(acks.len(), 4);
    assert_eq!(acks[3].body["text"], say(|t| &t.button_stale));
    assert_eq!(visible(h.fake.sent_to(chat)[6].text()), say(|t| &t.help));
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_groups_answers_commands_mentions_and_replies_only() {
    let h = harness().await;
    let group = -100_4001;
    let me = format!("@{}", fake::BOT_USERNAME);
    let (ann, ben) = (4001, 4002);
    // Chatter, another bot's command, a reply to someone else, a sticker: all ignored.
    h.fake
        .push(fake::message(group, ann, "morning all, when is lunch?"));
    h.fake
        .push(fake::message(group, ann, "/help@some_other_bot"));
    h.fake.push(fake::message(group, ann, "/weather"));
    h.fake.push(fake::reply_message(
        group,
        ben,
        "agreed",
        fake::message(group, ann, "x")["message"].clone(),
    ));
    h.fake.push(fake::sticker(group, ben));
    // Addressed to the bot: answered, each as a reply to its message.
    let addressed = [
        fake::message(group, ann, "/help"),
        fake::message(group, ben, &format!("/topics{me}")),
        fake::message(
            group,
            ann,
            &format!(
                "hey {} when will the FTA talks conclude?",
                me.to_uppercase()
            ),
        ),
    ];
    for update in &addressed {
        h.fake.push(update.clone());
    }
    let replies = h.fake.replies(group, 3).await;
    assert_eq!(visible(replies[0].text()), say(|t| &t.help));
    assert_eq!(visible(replies[1].text()), say(|t| &t.topics));
    let mut conversation = Conversation::default();
    let expected = expected_answer(
        &h.engine,
        &mut conversation,
        "hey when will the FTA talks conclude?",
        None,
    );
    assert_eq!(
        replies[2].text(),
        expected.html,
        "the mention is removed from the question"
    );
    for (reply, update) in replies.iter().zip(&addressed) {
        assert_eq!(
            reply.body["reply_parameters"]["message_id"],
            update["message"]["message_id"]
        );
    }
    // A reply to the bot's answer continues the group's conversation.
    let answer = replies[2].result.clone().unwrap();
    h.fake
        .push(fake::reply_message(group, ben, "and why?", answer));
    let replies = h.fake.replies(group, 4).await;
    let expected = expected_answer(&h.engine, &mut conversation, "and why?", None);
    assert_eq!(replies[3].text(), expected.html);
    // Nothing else was sent: the ignored messages came first and each chat is handled in order.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(h.fake.sent_to(group).len(), 4);
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_always_gets_well_formed_html() {
    let h = harness().await;
    let long_plain = "why ".repeat(1_000);
    let long_angle = "<".repeat(4_000);
    let long_amp = "&".repeat(4_000);
    let long_emoji = "😀".repeat(4_000);
    let hostile = [
        "<b>bold</b> & <i>unclosed",
        "*_[`]~ what about *trade*?",
        "</b></i><script>alert(1)</script>",
        "&amp; &lt; &#0; &#xFFFFFF; &",
        "what about \"quotes\" and 'apostrophes'?",
        "🇲🇾🇰🇷 when will the FTA talks conclude? 🤝",
        "متى ستنتهي محادثات التجارة الحرة؟",
        "\u{202E}FTA deadline\u{202C} עברית",
        "\u{0}\u{1}\u{7}control\u{8}",
        &long_plain,
        &long_angle,
        &long_amp,
        &long_emoji,
    ];
    let chat = 5001;
    for text in hostile {
        h.fake.push(fake::message(chat, chat, text));
    }
    // Every message got exactly one reply and the fake rejected none.
    let replies = h.fake.replies(chat, hostile.len()).await;
    assert_eq!(replies.len(), hostile.len());
    let rejected: Vec<_> = h
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendmessage" && !c.ok)
        .collect();
    assert!(rejected.is_empty(), "rejected: {rejected:?}");
    for reply in &replies {
        let text = visible(reply.text());
        assert!(text.encode_utf16().count() <= 4_096);
        assert!(!text.trim().is_empty());
    }
    // Hostile text in buttons' answers too: the answer to the flag-and-emoji question offers a
    // follow-up; pressing it is acknowledged and answered with the question echoed, escaped.
    let message = replies[5].result.clone().unwrap();
    let buttons = keyboard_data(&replies[5]);
    assert!(
        !buttons.is_empty(),
        "the answer to {:?} offers no follow-up button: pick a question that does",
        hostile[5]
    );
    let (suggestion, data) = buttons[0].clone();
    h.fake.push(fake::press(chat, message, &data));
    let pressed = h
        .fake
        .replies(chat, hostile.len() + 1)
        .await
        .remove(hostile.len());
    assert!(
        visible(pressed.text()).starts_with(&format!("You asked: {suggestion}")),
        "{}",
        pressed.text()
    );
    assert_eq!(h.fake.ok_calls("answercallbackquery").len(), 1);
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_rejects_malformed_html_like_telegram() {
    use communique::telegram::teloxide::prelude::*;
    use communique::telegram::teloxide::types::ParseMode;
    let fake = Fake::start().await;
    let bot = Bot::new(fake::TOKEN).set_api_url(fake.url.parse().unwrap());
    for bad in [
        "<b>unclosed",
        "a < b",
        "fish & chips",
        "<blink>x</blink>",
        "</b>",
    ] {
        let err = bot
            .send_message(ChatId(1), bad)
            .parse_mode(ParseMode::Html)
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("can't parse entities"),
            "{bad:?}: {err}"
        );
    }
    let long = bot
        .send_message(ChatId(1), "x".repeat(4_097))
        .await
        .unwrap_err();
    assert!(long.to_string().contains("message is too long"), "{long}");
    let good = bot
        .send_message(
            ChatId(1),
            "<b>a &lt; b</b> &amp; <a href=\"https://x\">c</a>",
        )
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    assert_eq!(good.text(), Some("a < b & c"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_start_up_with_a_clear_error() {
    let fake = Fake::start().await;
    let config = test_config(&fake);
    let wrong = Token::parse("987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDxxx").unwrap();
    let err = match telegram::start(&config, wrong, shelf(&engine()), BotStorage::new()).await {
        Err(err) => err,
        Ok(_) => panic!("started with a wrong token"),
    };
    assert!(matches!(err, StartError::Token(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("rejected the token") && text.contains("TELOXIDE_TOKEN"),
        "{text}"
    );
    assert!(
        !text.contains("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDxxx"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_server_errors_dropped_connections_flood_control_and_slowness() {
    let h = harness().await;
    let started = Instant::now();
    // Polling hits a dropped connection and flood control; answers hit each kind of fault.
    h.fake
        .inject("getUpdates", &[Fault::Drop, Fault::RetryAfter(1)]);
    let send_faults = [
        Fault::Status500,
        Fault::Html502,
        Fault::Drop,
        Fault::RetryAfter(1),
        Fault::Slow(Duration::from_secs(2)),
        Fault::Drop,
    ];
    h.fake.inject("sendMessage", &send_faults);
    let chats: Vec<i64> = (6001..6007).collect();
    let question = "When will the FTA talks conclude?";
    h.fake.push_all(
        chats
            .iter()
            .map(|&c| fake::message(c, c, question))
            .collect(),
    );
    for &chat in &chats {
        h.fake.replies(chat, 1).await;
    }
    // The bot is still running: a question asked after the faults is answered at once.
    h.fake.push(fake::message(6001, 6001, "/help"));
    h.fake.replies(6001, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let calls = h.fake.calls();
    let faults = calls
        .iter()
        .filter(|c| c.fault.is_some() && !matches!(c.fault, Some(Fault::Slow(_))))
        .count();
    let expected = render::reply(&h.engine.answer(question), None, h.engine.voice()).html;
    for &chat in &chats {
        let sent = h.fake.sent_to(chat);
        let answers = sent.iter().filter(|c| c.text() == expected).count();
        assert_eq!(answers, 1, "chat {chat} got exactly one answer");
    }
    let send_attempts = calls.iter().filter(|c| c.method == "sendmessage").count();
    let retries = h.bot.stats.retries();
    eprintln!(
        "faults: {faults} failed calls injected ({} on sendMessage, 2 on getUpdates, plus one 2 s slow answer); \
         the bot's retry layer retried {retries} times, teloxide's Throttle/polling the rest; \
         {send_attempts} sendMessage attempts for 7 messages; all answered once in {:.1} s",
        send_faults.len() - 1,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(h.bot.stats.gave_up(), 0);
    assert_eq!(
        send_attempts,
        7 + send_faults.len() - 1,
        "one extra attempt per failed call"
    );
    assert!(
        retries >= 4,
        "500, 502 and two drops are retried by the bot's own layer: {retries}"
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttle_spaces_messages_to_one_chat() {
    // Telegram's own default: one message a second per chat.
    let h = harness_with(|c| c.telegram.limits.messages_per_sec_chat = 1).await;
    let chat = 7001;
    for _ in 0..3 {
        h.fake.push(fake::message(chat, chat, "/about"));
    }
    let replies = h.fake.replies(chat, 3).await;
    let spread = replies[2].at.duration_since(replies[0].at);
    assert!(
        spread >= Duration::from_millis(1_900),
        "3 messages to one chat within {spread:?}"
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_5000_messages_from_500_chats_all_answered_once_in_order() {
    let h = harness().await;
    // Ten questions with ten different answers; each chat asks them in its own rotation, so a
    // reply in the wrong order or the wrong chat shows.
    let mut questions: Vec<String> = Vec::new();
    let mut answers: Vec<Option<String>> = Vec::new();
    for fact in &h.engine.knowledge().facts {
        let Some(q) = fact.examples.first() else {
            continue;
        };
        let fact_id = h.engine.answer(q).fact;
        if fact_id.is_some() && !answers.contains(&fact_id) {
            answers.push(fact_id);
            questions.push(q.clone());
        }
        if questions.len() == 10 {
            break;
        }
    }
    assert_eq!(questions.len(), 10);
    let (chats, per_chat) = (500i64, 10usize);
    let chat_id = |i: i64| 100_000 + i;
    let mut updates = Vec::new();
    for round in 0..per_chat {
        for i in 0..chats {
            let q = &questions[(i as usize + round) % per_chat];
            updates.push(fake::message(chat_id(i), chat_id(i), q));
        }
    }
    let started = Instant::now();
    h.fake.push_all(updates);
    let total = chats as usize * per_chat;
    h.fake
        .wait_until(Duration::from_secs(90), "5,000 answers", |calls| {
            calls
                .iter()
                .filter(|c| c.method == "sendmessage" && c.ok)
                .count()
                >= total
        })
        .await;
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = h.fake.ok_calls("sendmessage");
    assert_eq!(sent.len(), total, "every message answered exactly once");
    let mut by_chat: std::collections::HashMap<i64, Vec<&str>> = Default::default();
    for call in &sent {
        by_chat
            .entry(call.chat().unwrap())
            .or_default()
            .push(call.text());
    }
    for i in 0..chats {
        let mut conversation = Conversation::default();
        let expected: Vec<String> = (0..per_chat)
            .map(|round| {
                expected_answer(
                    &h.engine,
                    &mut conversation,
                    &questions[(i as usize + round) % per_chat],
                    None,
                )
                .html
            })
            .collect();
        assert_eq!(
            by_chat[&chat_id(i)],
            expected,
            "chat {} in order",
            chat_id(i)
        );
    }
    let rate = total as f64 / elapsed.as_secs_f64();
    eprintln!(
        "load: {total} messages from {chats} chats answered in {:.2} s = {rate:.0} messages/s (debug build, \
         each answer = sendChatAction + sendMessage through the rate limiter and the fake)",
        elapsed.as_secs_f64()
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expected_replies_written_out() {
    // Expectations written here, not produced by the engine or the renderer under test.
    let h = harness().await;
    let chat = 9001;
    h.fake.push(fake::message(chat, chat, HEALTH));
    let answer = h.fake.replies(chat, 1).await.remove(0);
    let html = answer.text();
    let text = visible(html);
    assert!(
        text.starts_with("Drawing on lessons from the COVID-19 pandemic"),
        "{text}"
    );
    assert!(text.contains("vaccines, pharmaceuticals and healthcare technology"));
    assert!(
        html.ends_with(
            "\n\n<i>Source: joint statement, paragraph 16: “share policies, foster research and \
             development, and expand partnerships in areas such as vaccines, pharmaceuticals and \
             healthcare technology”</i>"
        ),
        "{html}"
    );
    assert_eq!(answer.body["parse_mode"], "HTML");
    assert_eq!(
        keyboard_data(&answer),
        [
            (
                "What is the 2019 health memorandum?".to_string(),
                "s:0".to_string()
            ),
            (
                "Share this answer".to_string(),
                "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fcommunique_test_bot%3Fstart%3Dcovid-lessons".to_string()
            )
        ]
    );

    // Its button asks the follow-up, echoed in bold above the answer.
    h.fake
        .push(fake::press(chat, answer.result.clone().unwrap(), "s:0"));
    let follow = h.fake.replies(chat, 2).await.remove(1);
    assert!(
        follow
            .text()
            .starts_with("<b>You asked: What is the 2019 health memorandum?</b>\n\n"),
        "{}",
        follow.text()
    );
    let text = visible(follow.text());
    assert!(text.contains("November 2019"), "{text}");
    assert!(
        text.contains("Source: joint statement, paragraph 17"),
        "{text}"
    );

    // Something the statement never mentions: said plainly, no citation, no buttons.
    h.fake
        .push(fake::message(chat, chat, "What about semiconductors?"));
    let none = h.fake.replies(chat, 3).await.remove(2);
    assert_eq!(
        visible(none.text()),
        "The statement doesn't mention “semiconductors”."
    );
    assert!(none.body.get("reply_markup").is_none());

    // /topics: one button per topic, callback data within Telegram's 64 bytes.
    h.fake.push(fake::message(chat, chat, "/topics"));
    let topics = h.fake.replies(chat, 4).await.remove(3);
    let buttons = keyboard_data(&topics);
    assert!(buttons.len() >= 5, "{buttons:?}");
    assert!(
        buttons
            .iter()
            .all(|(_, data)| data.starts_with("t:") && data.len() <= 64)
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_faults_each_chat_keeps_its_order_and_only_accepted_then_dropped_replies_repeat() {
    let h = harness().await;
    // Two replies Telegram accepts before the connection drops (the bot cannot know: it sends
    // them again), and failures before acceptance, on answers, "typing" and button acks.
    let send_faults = [
        Fault::DropAfter,
        Fault::Status500,
        Fault::Html502,
        Fault::DropAfter,
        Fault::Drop,
        Fault::RetryAfter(1),
    ];
    h.fake.inject("sendMessage", &send_faults);
    h.fake.inject(
        "sendChatAction",
        &[Fault::Status500, Fault::Drop, Fault::Html502],
    );
    let questions = &crash::QUESTIONS[..5];
    let chats: Vec<i64> = (6101..6105).collect();
    let mut updates = Vec::new();
    for round in 0..questions.len() {
        for (i, &chat) in chats.iter().enumerate() {
            updates.push(fake::message(
                chat,
                chat,
                questions[(i + round) % questions.len()],
            ));
        }
    }
    h.fake.push_all(updates);
    let answers: Vec<String> = questions
        .iter()
        .map(|q| render::reply(&h.engine.answer(q), None, h.engine.voice()).html)
        .collect();
    let distinct = |calls: &[fake::Call], chat: i64| {
        let mut seen: Vec<&str> = calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.ok && c.chat() == Some(chat))
            .map(|c| c.text())
            .collect();
        seen.dedup();
        seen.len()
    };
    h.fake
        .wait_until(
            Duration::from_secs(60),
            "every question answered",
            |calls| chats.iter().all(|&c| distinct(calls, c) >= questions.len()),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut duplicates = 0;
    for (i, &chat) in chats.iter().enumerate() {
        let got: Vec<usize> = h
            .fake
            .sent_to(chat)
            .iter()
            .map(|c| answers.iter().position(|a| a == c.text()).unwrap())
            .collect();
        let mut collapsed = got.clone();
        collapsed.dedup();
        let want: Vec<usize> = (0..questions.len())
            .map(|r| (i + r) % questions.len())
            .collect();
        assert_eq!(collapsed, want, "chat {chat} in order under faults");
        duplicates += got.len() - collapsed.len();
    }
    assert_eq!(
        duplicates, 2,
        "exactly the two replies accepted before their connection dropped were sent twice"
    );

    // A button press whose acknowledgement fails once is acknowledged on the retry and answered.
    h.fake.inject("answerCallbackQuery", &[Fault::Status500]);
    let first = h.fake.sent_to(chats[0]).remove(0);
    let data = keyboard_data(&first)
        .first()
        .map(|(_, d)| d.clone())
        .expect("a follow-up button");
    let before = h.fake.sent_to(chats[0]).len();
    h.fake
        .push(fake::press(chats[0], first.result.unwrap(), &data));
    h.fake.replies(chats[0], before + 1).await;
    // The acknowledgement goes beside the chat's replies, so it no longer holds the answer back
    // while teloxide waits out the 500 (10 s) before the retry.
    h.fake
        .wait_until(Duration::from_secs(30), "the acknowledgement", |calls| {
            calls
                .iter()
                .any(|c| c.method == "answercallbackquery" && c.ok)
        })
        .await;
    assert_eq!(h.fake.ok_calls("answercallbackquery").len(), 1);
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_enforces_telegrams_documented_limits() {
    use communique::telegram::teloxide::prelude::*;
    use communique::telegram::teloxide::types::{
        ChatAction, InlineKeyboardButton, InlineKeyboardMarkup,
    };
    let fake = Fake::start().await;
    let bot = Bot::new(fake::TOKEN).set_api_url(fake.url.parse().unwrap());
    let send =
        |markup: InlineKeyboardMarkup| bot.send_message(ChatId(1), "x").reply_markup(markup).send();
    let button = |text: &str, data: &str| InlineKeyboardButton::callback(text, data);
    let err = send(InlineKeyboardMarkup::new([[button("ok", &"d".repeat(65))]]))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("BUTTON_DATA_INVALID"), "{err}");
    let err = send(InlineKeyboardMarkup::new([[button(" ", "d")]]))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("BUTTON_TEXT_INVALID"), "{err}");
    let many: Vec<Vec<InlineKeyboardButton>> = (0..101)
        .map(|i| vec![button("b", &i.to_string())])
        .collect();
    let err = send(InlineKeyboardMarkup::new(many)).await.unwrap_err();
    assert!(
        err.to_string().contains("reply markup is too long"),
        "{err}"
    );
    send(InlineKeyboardMarkup::new([[button(
        "fine",
        &"d".repeat(64),
    )]]))
    .await
    .unwrap();

    // A callback query can be answered once, and only one Telegram issued.
    use communique::telegram::teloxide::types::CallbackQueryId;
    let err = bot
        .answer_callback_query(CallbackQueryId("never-issued".to_string()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("query ID is invalid"), "{err}");
    let issued = fake::press(1, serde_json::json!(null), "s:0");
    let issued_id = CallbackQueryId(issued["callback_query"]["id"].as_str().unwrap().to_string());
    fake.push(issued);
    bot.answer_callback_query(issued_id.clone()).await.unwrap();
    let err = bot.answer_callback_query(issued_id).await.unwrap_err();
    assert!(err.to_string().contains("query ID is invalid"), "{err}");

    bot.send_chat_action(ChatId(1), ChatAction::Typing)
        .await
        .unwrap();
}

/// The command names a `setMyCommands` call registered.
fn command_names(body: &serde_json::Value) -> Vec<&str> {
    body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect()
}
