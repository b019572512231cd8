//! One poller at a time (issue 21). Two polling instances with one token answer everything twice
//! (the fake, like Telegram, cuts a waiting `getUpdates` short with 409 Conflict when another
//! arrives): with a shared storage they take turns by a lease, and a deploy (a new instance
//! started before the old one stops) hands over without a duplicate; with `memory`, the 409 makes
//! one instance pause. The deploy scenarios run the binary as a child process, as an operator
//! would.

// Without the sqlite/redis features some helpers have no user.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "redis")),
    allow(unused_imports, dead_code)
)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use communique::telegram::config::{Config, Token};
use communique::telegram::handlers::BotStorage;
use communique::telegram::storage::StorageSpec;
use communique::telegram::{self, Running};

use super::crash::QUESTIONS;
use super::fake::{self, Fake, Fault};
use super::test_config;

/// Ten chats ask one question each (from `first`), all at once.
fn burst(fake: &Fake, first: i64) -> Vec<i64> {
    let chats: Vec<i64> = (first..first + 10).collect();
    fake.push_all(
        chats
            .iter()
            .enumerate()
            .map(|(i, &c)| fake::message(c, c, QUESTIONS[i % QUESTIONS.len()]))
            .collect(),
    );
    chats
}

/// Replies per chat so far.
fn replies_by_chat(fake: &Fake) -> HashMap<i64, usize> {
    let mut by_chat = HashMap::new();
    for call in fake.ok_calls("sendmessage") {
        *by_chat.entry(call.chat().unwrap()).or_insert(0) += 1;
    }
    by_chat
}

/// Waits until each of `chats` has a reply, then a little longer for any duplicate to land.
async fn answered(fake: &Fake, chats: &[i64]) {
    fake.wait_until(Duration::from_secs(30), "a reply in every chat", |calls| {
        chats.iter().all(|&chat| {
            calls
                .iter()
                .any(|c| c.method == "sendmessage" && c.ok && c.chat() == Some(chat))
        })
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
}

fn assert_once(fake: &Fake, chats: &[i64], when: &str) {
    let by_chat = replies_by_chat(fake);
    for chat in chats {
        assert_eq!(
            by_chat.get(chat).copied().unwrap_or(0),
            1,
            "{when}: chat {chat} answered once ({by_chat:?})"
        );
    }
}

async fn start(config: &Config, spec: &StorageSpec) -> Running {
    let storage = BotStorage::open(spec, Duration::from_secs(2))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let engine = super::engine();
    telegram::start(
        config,
        Token::parse(fake::TOKEN).unwrap(),
        super::shelf(&engine),
        storage,
    )
    .await
    .unwrap_or_else(|e| panic!("the bot did not start: {e}"))
}

async fn until(limit: Duration, what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Two instances on one storage: one polls, the other waits; every message is answered once,
/// before and after the first stops and the second takes over.
async fn two_instances_take_turns(spec: StorageSpec) {
    // Update ids of this run's own: a Redis database keeps the processed ids of an earlier run,
    // which would skip this run's updates as already answered.
    let first = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs() as i64 % 1_000_000 * 1_000);
    let fake = Fake::start_from(first).await;
    let mut config = test_config(&fake);
    config.telegram.lease_secs = 2;
    let a = start(&config, &spec).await;
    until(
        Duration::from_secs(5),
        "the first to take the lease",
        || a.holds_lease(),
    )
    .await;
    let b = start(&config, &spec).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(!b.holds_lease(), "one poller at a time");

    let first = burst(&fake, 31_001);
    answered(&fake, &first).await;
    assert_once(&fake, &first, "both instances running");

    // A deploy: the old one stops (and releases the lease); the new one takes over at once.
    let stopped = Instant::now();
    let first_stats = std::sync::Arc::clone(&a.stats);
    a.stop().await;
    until(Duration::from_secs(5), "the second to take over", || {
        b.holds_lease()
    })
    .await;
    let handover = stopped.elapsed();
    let second = burst(&fake, 32_001);
    answered(&fake, &second).await;
    assert_once(&fake, &second, "after the handover");
    // The first's last confirmation may cut short its own abandoned poll (a 409 nobody reads):
    // only a 409 while both ran, or one an instance received, means two pollers.
    let overlapping = fake
        .calls()
        .iter()
        .filter(|c| c.fault == Some(Fault::Conflict) && c.ended < stopped)
        .count();
    assert_eq!(
        overlapping, 0,
        "the instances never polled at the same time"
    );
    assert_eq!(
        first_stats.conflicts() + b.stats.conflicts(),
        0,
        "no instance was told another polls"
    );
    eprintln!(
        "instances [{}]: 20 messages to two instances, each answered once; the second took over \
         {:.2} s after the first was asked to stop",
        spec.kind(),
        handover.as_secs_f64()
    );
    b.stop().await;
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_sqlite_storage_answer_every_message_once() {
    let dir = tempfile::tempdir().unwrap();
    let spec = StorageSpec::Sqlite(dir.path().join("bot.db").display().to_string());
    two_instances_take_turns(spec).await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server: run via .ci/run or set COMMUNIQUE_TEST_REDIS_URL"]
async fn two_instances_on_one_redis_storage_answer_every_message_once() {
    let url = match std::env::var("COMMUNIQUE_TEST_REDIS_URL") {
        Ok(url) if !url.trim().is_empty() => format!("{}/5", url.trim_end_matches('/')),
        _ => panic!("COMMUNIQUE_TEST_REDIS_URL is unset: run .ci/run, or start redis-server"),
    };
    two_instances_take_turns(StorageSpec::parse(&url).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_memory_storage_a_409_conflict_makes_one_instance_pause() {
    // No shared storage, no lease: Telegram's 409 is the only sign of the other instance.
    let fake = Fake::start().await;
    let config = test_config(&fake);
    let a = start(&config, &StorageSpec::Memory).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let b = start(&config, &StorageSpec::Memory).await;
    fake.wait_until(Duration::from_secs(10), "a conflict", |calls| {
        calls.iter().any(|c| c.fault == Some(Fault::Conflict))
    })
    .await;
    // One instance pauses (5 s here: three polls of 1 s, at least 5 s); the other answers.
    let chats = burst(&fake, 33_001);
    answered(&fake, &chats).await;
    assert_once(&fake, &chats, "one instance paused by the conflict");
    assert_eq!(a.stats.conflicts() + b.stats.conflicts(), 1);
    a.stop().await;
    b.stop().await;
}

// ---- a deploy with the binary ----

fn bot(fake: &Fake, storage: &str, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        .env("TELOXIDE_API_URL", &fake.url)
        .env_remove("COMMUNIQUE_TELEGRAM_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_STORAGE", storage)
        .env("COMMUNIQUE_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env("COMMUNIQUE_TELEGRAM_RETRY_BASE_MS", "50")
        .env("COMMUNIQUE_TELEGRAM_LEASE_SECS", "3")
        .env("COMMUNIQUE_TELEGRAM_SHUTDOWN_GRACE_SECS", "5")
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

async fn exited(child: &mut Child) -> Option<i32> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if started.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How the old instance goes away during the deploy.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Old {
    /// SIGTERM (docker stop): it releases the lease after its last confirmation.
    Stopped,
    /// SIGKILL: its lease lapses.
    Killed,
}

#[cfg(feature = "sqlite")]
async fn deploy(old: Old) {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let storage = format!("sqlite:{}", dir.path().join("bot.db").display());
    let log = dir.path().join("bot.log");
    let mut first = bot(&fake, &storage, &log);
    let before = burst(&fake, 34_001);
    answered(&fake, &before).await;
    // The new version starts while the old one runs; messages keep coming.
    let mut second = bot(&fake, &storage, &log);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let during = burst(&fake, 35_001);
    answered(&fake, &during).await;
    let gone = Instant::now();
    match old {
        Old::Stopped => signal(&first, "TERM"),
        Old::Killed => signal(&first, "KILL"),
    }
    let code = exited(&mut first).await;
    let after = burst(&fake, 36_001);
    answered(&fake, &after).await;
    let taken_over = gone.elapsed();
    signal(&second, "TERM");
    assert_eq!(
        exited(&mut second).await,
        Some(0),
        "the new instance stops cleanly"
    );
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    if old == Old::Stopped {
        assert_eq!(code, Some(0), "the old instance stops cleanly:\n{logged}");
    }
    for chats in [&before, &during, &after] {
        assert_once(&fake, chats, &format!("deploy ({old:?})"));
    }
    // Two live pollers show as a 409 cut short while both run, and as the WARN of the instance
    // that got it. An instance that stops abandons its waiting poll, and its last confirmation
    // (or, after a kill, the next holder's first poll) cuts that one short: a 409 nobody reads.
    let overlapping = fake
        .calls()
        .iter()
        .filter(|c| c.fault == Some(Fault::Conflict) && c.ended < gone)
        .count();
    assert_eq!(overlapping, 0, "never two pollers at once:\n{logged}");
    assert!(
        !logged.contains("409 Conflict"),
        "no instance was told another polls:\n{logged}"
    );
    assert!(
        logged.contains("another instance holds the polling lease"),
        "{logged}"
    );
    eprintln!(
        "instances [deploy, old {old:?}]: 30 messages around the deploy, each answered once; the \
         new instance answered {:.1} s after the old one was {}",
        taken_over.as_secs_f64(),
        if old == Old::Stopped {
            "stopped"
        } else {
            "killed"
        }
    );
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deploy_hands_polling_over_without_a_duplicate() {
    deploy(Old::Stopped).await;
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_instances_lease_lapses_and_the_other_takes_over() {
    deploy(Old::Killed).await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server: run via .ci/run or set COMMUNIQUE_TEST_REDIS_URL"]
async fn the_redis_parked_inbox_keeps_updates_until_they_are_answered() {
    use communique::telegram::processed::ProcessedLog;
    let url = match std::env::var("COMMUNIQUE_TEST_REDIS_URL") {
        Ok(url) if !url.trim().is_empty() => format!("{}/6", url.trim_end_matches('/')),
        _ => panic!("COMMUNIQUE_TEST_REDIS_URL is unset: run .ci/run, or start redis-server"),
    };
    let spec = StorageSpec::parse(&url).unwrap();
    // A bot id of this run's own, so an earlier run's leftovers do not count.
    let bot = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let log = ProcessedLog::open(&spec, bot, Duration::from_secs(2))
        .await
        .unwrap();
    let parked = [(12, "{\"update_id\":12}"), (7, "{\"update_id\":7}")]
        .map(|(id, body)| (id, body.to_string()));
    assert!(log.park(&parked).await);
    let again = ProcessedLog::open(&spec, bot, Duration::from_secs(2))
        .await
        .unwrap();
    let ids: Vec<u32> = again
        .parked_updates()
        .await
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(ids, [7, 12], "oldest first");
    again.unpark(7).await;
    let ids: Vec<u32> = log
        .parked_updates()
        .await
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(ids, [12]);
    log.unpark(12).await;
    assert!(log.parked_updates().await.is_empty());
}
