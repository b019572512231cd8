//! Delivery across crashes, end to end: the bot binary as a child process against the fake Bot
//! API, 1,000 questions from 100 chats, the bot killed after about 100 replies and started again
//! on the same storage. Every question must be answered (0 lost), each chat's answers in order,
//! and duplicates (replies sent again after the restart) bounded: with SQLite by the replies that
//! can be in flight at once (`max_in_flight`: a reply Telegram took just before the kill, whose
//! update the bot had no time to record), with memory by the updates fetched and not yet
//! confirmed when the bot died. Webhook mode: a bot killed between receiving
//! an update and replying answers Telegram's retry.
//!
//! With SQLite, the restarted bot first waits for the killed one's polling lease to lapse
//! (`lease_secs`, 5 s here), as a restart after a crash does.
//!
//! The figures each scenario prints (`cargo test crash -- --nocapture`) are the ones
//! docs/figures.md gives (`tests/figures.sh` runs these tests and reads them).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use communique::telegram::render;
use communique::{Conversation, Engine};

use super::engine;
use super::fake::{self, Fake, Fault};

/// Ten questions worded for this test, each with its own answer whatever was asked before.
pub(super) const QUESTIONS: [&str; 10] = [
    "By when do they hope to finish the free trade agreement talks?",
    "Which emerging sectors did the two countries name?",
    super::HEALTH,
    super::CULTURE,
    "What was agreed on defence and security cooperation?",
    "What did they say about climate change and green energy?",
    "Who was the Malaysian Prime Minister at the meeting?",
    "What happens with digital economy cooperation?",
    "Which anniversary did they mark?",
    "What about agriculture and food security?",
];

const CHATS: i64 = 100;
const PER_CHAT: usize = 10;
const KILL_AFTER: usize = 100;
const MAX_IN_FLIGHT: &str = "20";

/// The bot binary, configured through the environment as an operator would.
fn bot(fake: &Fake, storage: &str, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        // teloxide's variable: honoured, so the token never goes to the real API.
        .env("TELOXIDE_API_URL", &fake.url)
        .env_remove("COMMUNIQUE_TELEGRAM_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_STORAGE", storage)
        .env("COMMUNIQUE_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env("COMMUNIQUE_TELEGRAM_RETRY_BASE_MS", "50")
        .env("COMMUNIQUE_TELEGRAM_MAX_IN_FLIGHT", MAX_IN_FLIGHT)
        .env("COMMUNIQUE_TELEGRAM_SHUTDOWN_GRACE_SECS", "5")
        // After a SIGKILL the restarted bot waits for the dead one's polling lease to lapse.
        .env("COMMUNIQUE_TELEGRAM_LEASE_SECS", "5")
        .env("COMMUNIQUE_TELEGRAM_LIMITS_MESSAGES_PER_SEC_CHAT", "1000")
        .env("COMMUNIQUE_TELEGRAM_LIMITS_MESSAGES_PER_MIN_CHAT", "100000")
        .env("COMMUNIQUE_TELEGRAM_LIMITS_MESSAGES_PER_SEC_OVERALL", "150")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name}");
}

/// Waits for the child to exit within `limit`; `None` if it is still running.
async fn exited(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if start.elapsed() > limit {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Each question's answer, checked to be the same in any conversation.
fn answers(engine: &Engine) -> Vec<String> {
    let fresh: Vec<String> = QUESTIONS
        .iter()
        .map(|q| render::reply(&engine.answer(q), None, engine.voice()).html)
        .collect();
    let mut conversation = Conversation::default();
    for round in 0..2 {
        for (i, q) in QUESTIONS.iter().enumerate() {
            let html =
                render::reply(&engine.respond(&mut conversation, q), None, engine.voice()).html;
            assert_eq!(
                html, fresh[i],
                "round {round}: {q:?} depends on context; pick another question"
            );
        }
    }
    for (i, a) in fresh.iter().enumerate() {
        assert_eq!(
            fresh.iter().filter(|b| *b == a).count(),
            1,
            "{:?} shares its answer with another question",
            QUESTIONS[i]
        );
    }
    fresh
}

/// What ended the first run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stop {
    Kill,
    /// SIGTERM, and SIGKILL if the bot is still running 10 s later.
    TermThenKill,
}

struct Outcome {
    lost: usize,
    duplicates: usize,
    unconfirmed_at_stop: usize,
    answered_before: usize,
    elapsed: Duration,
}

/// A chat whose replies fail (500) until the restart, in [`scenario_with`]'s held runs.
const HELD: i64 = 900_999;

async fn scenario(storage_kind: &str, stop: Stop) -> Outcome {
    scenario_with(storage_kind, stop, false).await
}

/// With `held`, one more chat ([`HELD`]) asks its ten questions too, and its replies fail until
/// the bot is stopped: its updates are parked (confirmed to Telegram unanswered), so the restarted
/// bot must find them in the storage's inbox.
async fn scenario_with(storage_kind: &str, stop: Stop, held: bool) -> Outcome {
    let engine = engine();
    let answers = answers(&engine);
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.keep();
    eprintln!("crash dir {}", dir.display());
    let storage = match storage_kind {
        "sqlite" => format!("sqlite:{}", dir.join("bot.db").display()),
        _ => "memory".to_string(),
    };
    let log = dir.join("bot.log");
    let fake = Fake::start().await;
    let chat = |i: i64| 900_000 + i;
    let mut updates = Vec::new();
    for round in 0..PER_CHAT {
        if held {
            updates.push(fake::message(HELD, HELD, QUESTIONS[round]));
        }
        for i in 0..CHATS {
            let q = QUESTIONS[(i as usize + round) % PER_CHAT];
            updates.push(fake::message(chat(i), chat(i), q));
        }
    }
    if held {
        fake.always_chat("sendMessage", HELD, Fault::Status500);
    }
    // With a held chat, later: its updates are parked by then.
    let kill_after = if held { 4 * KILL_AFTER } else { KILL_AFTER };
    let first_id = fake.next_update_id();
    let started = Instant::now();
    let mut child = bot(&fake, &storage, &log);
    fake.push_all(updates);
    let total = (CHATS as usize + usize::from(held)) * PER_CHAT;
    fake.wait_until(Duration::from_secs(30), "the first replies", |calls| {
        calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.ok)
            .count()
            >= kill_after
    })
    .await;
    match stop {
        Stop::Kill => signal(&child, "KILL"),
        Stop::TermThenKill => {
            signal(&child, "TERM");
            if exited(&mut child, Duration::from_secs(10)).await.is_none() {
                eprintln!("crash test: the bot did not stop within 10 s of SIGTERM; SIGKILL");
                signal(&child, "KILL");
            }
        }
    }
    let status = exited(&mut child, Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("the bot did not die"));
    if stop == Stop::TermThenKill {
        assert_eq!(
            status.code(),
            Some(0),
            "SIGTERM: a clean exit within the grace period; log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
    // Requests the fake took before the process died are in its record by now.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answered_before = fake.ok_calls("sendmessage").len();
    let unconfirmed_at_stop = fake.delivered() - (fake.confirmed() - first_id) as usize;
    if held {
        let logged = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(
            logged.contains("were parked") && fake.sent_to(HELD).is_empty(),
            "the held chat's updates were parked, unanswered, before the stop:\n{logged}"
        );
        fake.clear_chat("sendMessage", HELD);
    }

    let mut child = bot(&fake, &storage, &log);
    fake.wait_until(
        Duration::from_secs(60),
        "every question answered",
        |calls| {
            let mut seen = std::collections::HashSet::new();
            for c in calls.iter().filter(|c| c.method == "sendmessage" && c.ok) {
                seen.insert((c.chat(), c.text().to_string()));
            }
            seen.len() >= total
        },
    )
    .await;
    let elapsed = started.elapsed();
    // Let anything still in flight land before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    signal(&child, "TERM");
    let status = exited(&mut child, Duration::from_secs(10)).await;
    assert_eq!(status.and_then(|s| s.code()), Some(0), "a clean stop");

    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    for line in logged
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .take(20)
    {
        eprintln!("crash test [{storage_kind}, {stop:?}] bot log: {line}");
    }
    let sent = fake.ok_calls("sendmessage");
    let mut by_chat: HashMap<i64, Vec<usize>> = HashMap::new();
    for call in &sent {
        let index = answers
            .iter()
            .position(|a| a == call.text())
            .unwrap_or_else(|| panic!("an unexpected reply: {}", call.text()));
        by_chat.entry(call.chat().unwrap()).or_default().push(index);
    }
    let mut lost = 0;
    let chats = (0..CHATS).map(|i| (chat(i), i as usize));
    let chats = chats.chain(held.then_some((HELD, 0)));
    for (chat, i) in chats {
        let got = by_chat.remove(&chat).unwrap_or_default();
        let mut distinct = got.clone();
        distinct.dedup();
        let want: Vec<usize> = (0..PER_CHAT).map(|r| (i + r) % PER_CHAT).collect();
        lost += want.iter().filter(|w| !got.contains(w)).count();
        assert_eq!(
            distinct, want,
            "chat {chat}: answers in order, a duplicate only right after its original"
        );
    }
    Outcome {
        lost,
        duplicates: sent.len() - total,
        unconfirmed_at_stop,
        answered_before,
        elapsed,
    }
}

fn report(name: &str, o: &Outcome) {
    eprintln!(
        "crash test [{name}]: 1000 questions from 100 chats, max_in_flight {MAX_IN_FLIGHT}; {} \
         answered before the stop, {} fetched but unconfirmed at the stop; after the restart: \
         lost {}, duplicates {}; {:.1} s in all",
        o.answered_before,
        o.unconfirmed_at_stop,
        o.lost,
        o.duplicates,
        o.elapsed.as_secs_f64()
    );
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_mid_load_loses_nothing_and_duplicates_little() {
    let o = scenario("sqlite", Stop::Kill).await;
    report("sqlite, SIGKILL", &o);
    assert_eq!(o.lost, 0);
    let in_flight: usize = MAX_IN_FLIGHT.parse().unwrap();
    assert!(
        o.duplicates <= in_flight,
        "{} duplicates, at most {in_flight} replies in flight at the kill",
        o.duplicates
    );
    assert!(
        o.unconfirmed_at_stop <= 100,
        "at most one getUpdates batch is ever unconfirmed: {}",
        o.unconfirmed_at_stop
    );
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigterm_then_sigkill_loses_nothing() {
    let o = scenario("sqlite", Stop::TermThenKill).await;
    report("sqlite, SIGTERM (SIGKILL after 10 s)", &o);
    assert_eq!(o.lost, 0);
    let in_flight: usize = MAX_IN_FLIGHT.parse().unwrap();
    assert!(
        o.duplicates <= in_flight,
        "{} duplicates; a graceful stop should leave none (at most {in_flight} if the grace ran out)",
        o.duplicates
    );
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_with_a_held_chat_answers_its_parked_updates_after_the_restart() {
    let o = scenario_with("sqlite", Stop::Kill, true).await;
    report("sqlite, SIGKILL, one chat's replies failing until then", &o);
    assert_eq!(
        o.lost, 0,
        "the parked updates were answered after the restart"
    );
    let in_flight: usize = MAX_IN_FLIGHT.parse().unwrap();
    assert!(o.duplicates <= in_flight, "{} duplicates", o.duplicates);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_sigkill_mid_load_loses_nothing() {
    let o = scenario("memory", Stop::Kill).await;
    report("memory, SIGKILL", &o);
    assert_eq!(o.lost, 0);
    assert!(
        o.duplicates <= o.unconfirmed_at_stop,
        "{} duplicates, {} unconfirmed at the kill",
        o.duplicates,
        o.unconfirmed_at_stop
    );
}

/// A free port on 127.0.0.1 (bound, then released for the bot).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// POSTs one update to a webhook; `None` if the connection failed or closed without an answer.
async fn post(port: u16, secret: &str, body: String) -> Option<u16> {
    let secret = secret.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .ok()?;
        let request = format!(
            "POST /hook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        response.split_whitespace().nth(1)?.parse().ok()
    })
    .await
    .unwrap()
}

fn webhook_bot(fake: &Fake, storage: &str, port: u16, secret: &str, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("telegram")
        .arg("--api-url")
        .arg(&fake.url)
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        .env_remove("TELOXIDE_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_MODE", "webhook")
        .env("COMMUNIQUE_TELEGRAM_STORAGE", storage)
        .env(
            "COMMUNIQUE_TELEGRAM_WEBHOOK_LISTEN",
            format!("127.0.0.1:{port}"),
        )
        .env(
            "COMMUNIQUE_TELEGRAM_WEBHOOK_URL",
            "https://bot.example.org/hook",
        )
        .env("COMMUNIQUE_TELEGRAM_WEBHOOK_SECRET_TOKEN", secret)
        .env("COMMUNIQUE_TELEGRAM_RETRY_BASE_MS", "50")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

async fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the webhook never listened"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_bot_killed_between_receipt_and_reply_answers_telegrams_retry() {
    let secret = "crash_test_secret";
    let fake: Arc<Fake> = Fake::start().await;
    // The first reply hangs long enough for the bot to be killed while sending it.
    fake.inject("sendMessage", &[Fault::Slow(Duration::from_secs(20))]);
    let dir = tempfile::tempdir().unwrap();
    let storage = format!("sqlite:{}", dir.path().join("bot.db").display());
    let storage = if cfg!(feature = "sqlite") {
        storage
    } else {
        "memory".to_string()
    };
    let log = dir.path().join("bot.log");
    let port = free_port();
    let mut child = webhook_bot(&fake, &storage, port, secret, &log);
    wait_for_port(port).await;

    let chat = 880_001;
    let mut update = fake::message(chat, chat, QUESTIONS[0]);
    update["update_id"] = serde_json::json!(4242);
    let body = update.to_string();
    let first = tokio::spawn(post(port, secret, body.clone()));
    // The bot has the update in hand once it shows "typing" in that chat.
    fake.wait_until(Duration::from_secs(10), "typing", |calls| {
        calls
            .iter()
            .any(|c| c.method == "sendchataction" && c.chat() == Some(chat))
    })
    .await;
    signal(&child, "KILL");
    exited(&mut child, Duration::from_secs(10)).await.unwrap();
    assert_ne!(
        first.await.unwrap(),
        Some(200),
        "Telegram must not hear 200 for an update that was not answered"
    );
    assert!(fake.sent_to(chat).is_empty());

    // Telegram retries the same update at the restarted bot.
    let mut child = webhook_bot(&fake, &storage, port, secret, &log);
    wait_for_port(port).await;
    assert_eq!(post(port, secret, body.clone()).await, Some(200));
    let replies = fake.replies(chat, 1).await;
    assert_eq!(
        replies[0].text(),
        render::reply(&engine().answer(QUESTIONS[0]), None, engine().voice()).html
    );
    // And a second retry (say the 200 was lost) is not answered again.
    assert_eq!(post(port, secret, body).await, Some(200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.sent_to(chat).len(), 1, "answered once");
    // A body that is no update: 400, logged at WARN, truncated, without teloxide's "bug" text.
    let junk = format!("{{\"update\": \"{}\"}}", "y".repeat(10_000));
    assert_eq!(post(port, secret, junk).await, Some(400));
    signal(&child, "TERM");
    assert_eq!(
        exited(&mut child, Duration::from_secs(10))
            .await
            .and_then(|s| s.code()),
        Some(0)
    );
    let log = std::fs::read_to_string(&log).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("not an update"))
        .unwrap_or_else(|| panic!("no warning about the body:\n{log}"));
    assert!(line.contains("WARN"), "{line}");
    assert!(
        line.len() < 1_000,
        "the body is truncated: {} bytes",
        line.len()
    );
    assert!(!log.contains("This is a bug"), "{log}");
    assert!(!log.contains(secret), "the secret is never logged");
}
