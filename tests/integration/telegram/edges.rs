//! The last rough edges of issue 21, one test each, each failing on the old code: a nonsense
//! line answered in Malay to an English speaker, REPL syntax in `/use x`, "I know 1 statements",
//! `/lang auto` confirmed in English in a Malay chat, "/START" unknown, a bare "/" unanswered, the
//! rate limiter's warning repeated through an ordinary burst, and 429 retries missing from the
//! retry count.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::fake::{self, Fake, Fault};
use super::{harness, say, visible};

/// A text message from a user whose Telegram app is set to `language_code` (if any).
fn message_from(chat: i64, text: &str, language_code: Option<&str>) -> Value {
    let mut update = fake::message(chat, chat, text);
    if let Some(code) = language_code {
        update["message"]["from"]["language_code"] = Value::from(code);
    }
    update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nonsense_line_in_a_fresh_chat_is_answered_in_the_users_language() {
    let h = harness().await;
    let cases = [
        (9_101, "x y", Some("en")),
        (9_102, "_x_", Some("en")),
        (9_103, "x y", None),
        (9_104, "_x_", None),
    ];
    for (chat, text, code) in cases {
        h.fake.push(message_from(chat, text, code));
    }
    for (chat, text, code) in cases {
        let reply = visible(h.fake.replies(chat, 1).await[0].text());
        assert!(
            reply.starts_with("I couldn't find a question about the statement in that."),
            "{text:?} from an app in {code:?}: {reply}"
        );
    }
    // A Malay speaker's nonsense line is still answered in Malay.
    h.fake.push(message_from(9_105, "x y", Some("ms")));
    let reply = visible(h.fake.replies(9_105, 1).await[0].text());
    assert!(reply.starts_with("Saya tidak menemui soalan"), "{reply}");
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn use_and_statements_with_one_statement_speak_telegram_and_grammar() {
    let h = harness().await;
    let chat = 9_201;
    h.fake.push(fake::message(chat, chat, "/use x"));
    h.fake.push(fake::message(chat, chat, "/statements"));
    let replies = h.fake.replies(chat, 2).await;
    let used = visible(replies[0].text());
    assert!(
        used.starts_with("I don't know a statement x: I answer from one statement only, "),
        "{used}"
    );
    assert!(
        !used.contains(":statements"),
        "REPL syntax in Telegram: {used}"
    );
    let listed = visible(replies[1].text());
    assert!(listed.starts_with("I know one statement:\n• "), "{listed}");
    assert!(!listed.contains("1 statements"), "{listed}");
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lang_auto_in_a_malay_chat_confirms_in_malay() {
    let h = harness().await;
    let malay = h.engine.voice_in(communique::malay::MALAY);
    let set_auto = malay.fill(&malay.phrases().lang.set_auto, &[]);
    // A user whose app is in Malay; and a chat set to Malay with /lang ms.
    let (app, chosen) = (9_301, 9_302);
    h.fake.push(message_from(app, "/lang auto", Some("ms")));
    h.fake.push(fake::message(chosen, chosen, "/lang ms"));
    h.fake.push(fake::message(chosen, chosen, "/lang auto"));
    h.fake.push(fake::message(chosen, chosen, "/help"));
    assert_eq!(visible(h.fake.replies(app, 1).await[0].text()), set_auto);
    let replies = h.fake.replies(chosen, 3).await;
    assert_eq!(visible(replies[1].text()), set_auto);
    assert_eq!(
        visible(replies[2].text()),
        malay.fill(&malay.phrases().telegram.help, &[]),
        "automatic goes on in the chat's language until a message shows another"
    );
    // An English message then switches the chat to English, as "automatic" promises.
    h.fake.push(fake::message(chosen, chosen, super::HEALTH));
    let answer = visible(h.fake.replies(chosen, 4).await[3].text());
    assert!(answer.contains("Source: joint statement"), "{answer}");
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_in_any_case_and_a_bare_slash_are_answered() {
    let h = harness().await;
    let chat = 9_401;
    for text in ["/START", "/Help", "/", "/TOPICS@COMMUNIQUE_TEST_BOT"] {
        h.fake.push(fake::message(chat, chat, text));
    }
    let replies = h.fake.replies(chat, 4).await;
    let texts: Vec<String> = replies.iter().map(|c| visible(c.text())).collect();
    assert_eq!(texts[0], say(|t| &t.start));
    assert_eq!(texts[1], say(|t| &t.help));
    assert_eq!(texts[2], say(|t| &t.help), "a bare / gets the help");
    assert_eq!(texts[3], say(|t| &t.topics));
    // In a group a bare "/" is nobody's business.
    let group = -100_9401;
    h.fake.push(fake::message(group, chat, "/"));
    h.fake.push(fake::message(group, chat, "/HELP"));
    let replies = h.fake.replies(group, 1).await;
    assert_eq!(visible(replies[0].text()), say(|t| &t.help));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(h.fake.sent_to(group).len(), 1);
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_retry_is_counted_with_the_others() {
    let h = harness().await;
    let chat = 9_501;
    h.fake.inject_chat(
        "sendMessage",
        chat,
        &[Fault::RetryAfter(1), Fault::Status500],
    );
    h.fake.push(fake::message(chat, chat, "/about"));
    let replies = h.fake.replies(chat, 1).await;
    assert_eq!(visible(replies[0].text()), say(|t| &t.about));
    assert_eq!(
        h.bot.stats.retries(),
        2,
        "the 429 and the 500 were each retried once, and counted"
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ordinary_burst_logs_no_rate_limit_warnings() {
    // 300 questions from 100 chats at Telegram's 30 messages/s: a 10 s queue for the global
    // limit. teloxide's Throttle warned "rate limiter queue is full" every 4 s of it.
    let fake = Fake::start().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        .env("TELOXIDE_API_URL", &fake.url)
        .env_remove("COMMUNIQUE_TELEGRAM_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut updates = Vec::new();
    for round in 0..3 {
        for chat in 0..100 {
            let q = super::crash::QUESTIONS[(chat + round) % 10];
            updates.push(fake::message(9_600 + chat as i64, 9_600 + chat as i64, q));
        }
    }
    fake.push_all(updates);
    fake.wait_until(Duration::from_secs(60), "300 answers", |calls| {
        calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.ok)
            .count()
            >= 300
    })
    .await;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = child.wait();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("WARN")).collect();
    assert!(
        warnings.is_empty(),
        "warnings in an ordinary burst:\n{}",
        warnings.join("\n")
    );
    let noted: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("rate limit"))
        .collect();
    assert!(noted.len() <= 2, "once per episode: {noted:?}");
}
