//! Scale-out: conversations in SQLite survive a restart, unreadable stored state is discarded
//! cleanly, webhook mode refuses requests without the secret and serves a health endpoint, two
//! webhook instances share conversations through Redis, and a Redis outage degrades answers to
//! context-free ones until Redis is back.
//!
//! Redis tests need `COMMUNIQUE_TEST_REDIS_URL` (`redis://127.0.0.1:PORT`, started by `.ci/run`)
//! and `redis-server` on PATH (the outage test runs its own). They are `#[ignore]`d, so a plain
//! `cargo test` lists them as ignored in its summary line; `.ci/run` runs them with `--ignored`
//! after starting redis-server, and run that way they fail (never skip) when Redis is missing.
//! Each test uses a Redis database number of its own. SQLite and Redis tests are built only with
//! their cargo features.

// Without the sqlite/redis features some helpers and imports have no user.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "redis")),
    allow(unused_imports, dead_code)
)]

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use communique::telegram::config::{Config, Secret, Token};
use communique::telegram::handlers::{BotStorage, State};
use communique::telegram::storage::{STATE_VERSION, StorageSpec};
#[cfg(feature = "redis")]
use communique::telegram::teloxide::dispatching::dialogue::RedisStorage;
#[cfg(feature = "sqlite")]
use communique::telegram::teloxide::dispatching::dialogue::SqliteStorage;
use communique::telegram::teloxide::dispatching::dialogue::Storage;
use communique::telegram::teloxide::dispatching::dialogue::serializer::Serializer;
use communique::telegram::teloxide::types::ChatId;
use communique::telegram::{self, Running, render};
use communique::{Conversation, Engine};
use serde_json::{Value, json};

use super::fake::{self, Fake};
use super::{engine, say, test_config, visible};

const SECRET: &str = "s3cret_token-for-tests";
const HEALTHCARE: &str = super::HEALTH;
const FOLLOW_UP: &str = "when was that MoU signed?";

/// Stores raw bytes through teloxide's own storages, to plant what an older bot left behind.
struct Raw;

impl Serializer<Vec<u8>> for Raw {
    type Error = std::convert::Infallible;
    fn serialize(&self, val: &Vec<u8>) -> Result<Vec<u8>, Self::Error> {
        Ok(val.clone())
    }
    fn deserialize(&self, data: &[u8]) -> Result<Vec<u8>, Self::Error> {
        Ok(data.to_vec())
    }
}

async fn open(spec: &StorageSpec) -> Arc<BotStorage> {
    BotStorage::open(spec, Duration::from_millis(500))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn start(config: &Config, storage: Arc<BotStorage>) -> (Running, Arc<Engine>) {
    if let Ok(filter) = std::env::var("COMMUNIQUE_TEST_LOG") {
        telegram::init_logging(&filter);
    }
    let engine = engine();
    let bot = telegram::start(
        config,
        Token::parse(fake::TOKEN).unwrap(),
        super::shelf(&engine),
        storage,
    )
    .await
    .unwrap_or_else(|e| panic!("the bot did not start: {e}"));
    (bot, engine)
}

fn webhook_config(fake: &Fake) -> Config {
    let mut config = test_config(fake);
    let t = &mut config.telegram;
    t.mode = communique::telegram::config::Mode::Webhook;
    t.webhook.listen = "127.0.0.1:0".to_string();
    t.webhook.url = "https://bot.example.org/telegram".to_string();
    t.webhook.secret_token = Secret::new(SECRET);
    config
}

/// What the bot must answer to `question` in `conversation` (updated like the bot's).
fn expected(engine: &Engine, conversation: &mut Conversation, question: &str) -> String {
    render::reply(
        &engine.respond(conversation, question),
        None,
        engine.voice(),
    )
    .html
}

/// The answer to the follow-up with no earlier context.
fn context_free(engine: &Engine, question: &str) -> String {
    expected(engine, &mut Conversation::default(), question)
}

// ---- webhook requests, as Telegram sends them ----

static NEXT_UPDATE: AtomicI64 = AtomicI64::new(0);

/// Update ids for webhook posts: unique across runs too (a Redis database keeps the processed
/// ids of an earlier run, which would otherwise skip this run's updates as already answered).
fn next_update_id() -> i64 {
    static BASE: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let base = *BASE.get_or_init(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        (secs % 1_000_000) * 1_000
    });
    base + NEXT_UPDATE.fetch_add(1, Ordering::Relaxed)
}

/// An HTTP/1.1 request to `addr`; returns the status and body. Blocking I/O on a blocking thread.
async fn http(addr: SocketAddr, request: String) -> (u16, String) {
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no HTTP status in {response:?}"));
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    })
    .await
    .unwrap()
}

/// POSTs `update` (numbered here) to the bot's webhook with `secret` in the header.
async fn deliver(bot: &Running, update: Value, secret: Option<&str>) -> u16 {
    let mut update = update;
    update["update_id"] = json!(next_update_id());
    post_raw(bot, update.to_string(), secret).await
}

/// POSTs `body` as it is (Telegram's redelivery sends the same update id again).
async fn post_raw(bot: &Running, body: String, secret: Option<&str>) -> u16 {
    let header = secret
        .map(|s| format!("X-Telegram-Bot-Api-Secret-Token: {s}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /telegram HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{header}Connection: close\r\n\r\n{body}",
        body.len()
    );
    http(bot.webhook_addr.unwrap(), request).await.0
}

async fn health(bot: &Running) -> (u16, String) {
    let request = "GET /health HTTP/1.1\r\nHost: bot\r\nConnection: close\r\n\r\n".to_string();
    http(bot.webhook_addr.unwrap(), request).await
}

// ---- Redis availability: required when these (ignored by default) tests are run ----

/// `COMMUNIQUE_TEST_REDIS_URL` with database `db`; a test run without it fails.
#[cfg(feature = "redis")]
fn redis_url(test: &str, db: u32) -> String {
    match std::env::var("COMMUNIQUE_TEST_REDIS_URL") {
        Ok(url) if !url.trim().is_empty() => format!("{}/{db}", url.trim_end_matches('/')),
        _ => panic!(
            "{test}: COMMUNIQUE_TEST_REDIS_URL is unset. Run .ci/run, or start redis-server and \
             set COMMUNIQUE_TEST_REDIS_URL=redis://127.0.0.1:PORT"
        ),
    }
}

#[cfg(feature = "redis")]
fn redis_server_binary(test: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("redis-server"))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!("{test}: redis-server is not on PATH (apt-get install redis-server)")
        })
}

#[cfg(feature = "redis")]
/// Deletes the chats' keys in the test's own database (a previous run may have left them).
async fn clear_redis(url: &str, chats: &[i64]) {
    let raw = RedisStorage::open(url, Raw).await.unwrap();
    for chat in chats {
        let _ = Arc::clone(&raw).remove_dialogue(ChatId(*chat)).await;
    }
}

#[cfg(feature = "redis")]
/// A redis-server of the test's own, in the foreground, that the test can stop and start again.
struct OwnRedis {
    binary: PathBuf,
    port: u16,
    child: Option<Child>,
}

#[cfg(feature = "redis")]
impl OwnRedis {
    fn start(binary: PathBuf) -> OwnRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = OwnRedis {
            binary,
            port,
            child: None,
        };
        redis.restart();
        redis
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn restart(&mut self) {
        let child = Command::new(&self.binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "redis did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(feature = "redis")]
impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---- the tests ----

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_conversations_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let spec = StorageSpec::Sqlite(dir.path().join("dialogues.db").display().to_string());
    let chat = 7001;

    let fake = Fake::start().await;
    let (bot, engine) = start(&test_config(&fake), open(&spec).await).await;
    fake.push(fake::message(chat, chat, HEALTHCARE));
    fake.replies(chat, 1).await;
    bot.stop().await;

    // A new process in all but name: a new fake server (Telegram's update ids go on), a new
    // storage over the same file.
    let fake = Fake::start_from(fake.next_update_id()).await;
    let (bot, _) = start(&test_config(&fake), open(&spec).await).await;
    fake.push(fake::message(chat, chat, FOLLOW_UP));
    let reply = fake.replies(chat, 1).await.remove(0);

    let mut conversation = Conversation::default();
    expected(&engine, &mut conversation, HEALTHCARE);
    assert_eq!(
        reply.text(),
        expected(&engine, &mut conversation, FOLLOW_UP)
    );
    assert_ne!(reply.text(), context_free(&engine, FOLLOW_UP));
    assert!(visible(reply.text()).contains("2019"), "{}", reply.text());
    bot.stop().await;
}

#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_state_of_another_version_or_shape_is_discarded_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dialogues.db").display().to_string();
    let raw = SqliteStorage::open(&path, Raw).await.unwrap();
    let planted: [(i64, &[u8]); 4] = [
        (
            7101,
            br#"{"v":1,"state":{"Chatting":{"history":["an old shape"]}}}"#,
        ),
        (7102, br#"{"v":999,"state":"Start"}"#),
        (7103, br#"{"Chatting":{"conversation":{}}}"#),
        (7104, b"\x00 not json at all"),
    ];
    for (chat, bytes) in planted {
        Arc::clone(&raw)
            .update_dialogue(ChatId(chat), bytes.to_vec())
            .await
            .unwrap();
    }

    let storage = open(&StorageSpec::Sqlite(path)).await;
    let fake = Fake::start().await;
    let (bot, engine) = start(&test_config(&fake), Arc::clone(&storage)).await;
    for (chat, _) in planted {
        fake.push(fake::message(chat, chat, FOLLOW_UP));
    }
    for (chat, _) in planted {
        let reply = fake.replies(chat, 1).await.remove(0);
        assert_eq!(
            reply.text(),
            context_free(&engine, FOLLOW_UP),
            "chat {chat}"
        );
    }
    assert!(storage.discarded() >= 4, "{}", storage.discarded());
    assert_eq!(storage.failures(), 0);
    // Each chat now holds a current, readable state.
    for (chat, _) in planted {
        let stored = Arc::clone(&raw).get_dialogue(ChatId(chat)).await.unwrap();
        let envelope: Value = serde_json::from_slice(&stored.unwrap()).unwrap();
        assert_eq!(envelope["v"], json!(STATE_VERSION), "chat {chat}");
        assert!(matches!(
            Arc::clone(&storage)
                .get_dialogue(ChatId(chat))
                .await
                .unwrap(),
            Some(State::Chatting { .. })
        ));
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_refuses_requests_without_the_secret_and_serves_health() {
    let fake = Fake::start().await;
    let (bot, engine) = start(&webhook_config(&fake), BotStorage::new()).await;
    let registered = fake.ok_calls("setwebhook");
    assert_eq!(registered.len(), 1);
    assert_eq!(
        registered[0].body["url"],
        "https://bot.example.org/telegram"
    );
    assert_eq!(registered[0].body["secret_token"], SECRET);
    assert!(
        fake.ok_calls("getupdates").is_empty(),
        "no polling in webhook mode"
    );

    let chat = 7201;
    let update = || fake::message(chat, chat, HEALTHCARE);
    assert_eq!(deliver(&bot, update(), None).await, 401);
    assert_eq!(deliver(&bot, update(), Some("wrong-secret")).await, 401);
    assert_eq!(deliver(&bot, update(), Some(&SECRET[1..])).await, 401);
    assert_eq!(deliver(&bot, update(), Some(SECRET)).await, 200);
    let replies = fake.replies(chat, 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        fake.sent_to(chat).len(),
        1,
        "only the request with the secret was answered"
    );
    assert_eq!(replies[0].text(), context_free(&engine, HEALTHCARE));

    let (status, body) = health(&bot).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({"status": "ok", "storage": "up"}));

    let addr = bot.webhook_addr.unwrap();
    bot.stop().await;
    assert!(
        fake.ok_calls("deletewebhook").is_empty(),
        "stopping one instance must not remove the webhook the others serve"
    );
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "the webhook server stopped with the bot"
    );
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server: run via .ci/run or set COMMUNIQUE_TEST_REDIS_URL"]
async fn two_webhook_instances_share_conversations_through_redis() {
    let test = "two_webhook_instances_share_conversations_through_redis";
    let url = redis_url(test, 1);
    let (alice, bob) = (7301, 7302);
    clear_redis(&url, &[alice, bob]).await;
    let spec = StorageSpec::parse(&url).unwrap();
    let fake = Fake::start().await;
    let config = webhook_config(&fake);
    let (a, engine) = start(&config, open(&spec).await).await;
    let (b, _) = start(&config, open(&spec).await).await;
    assert_ne!(a.webhook_addr, b.webhook_addr);

    // Alice asks A, follows up on B, then on A again; Bob starts on B. The load balancer may send
    // any update anywhere: the conversation is in Redis, not in an instance.
    let mut oracle = Conversation::default();
    let mut bob_oracle = Conversation::default();
    assert_eq!(
        deliver(&a, fake::message(alice, alice, HEALTHCARE), Some(SECRET)).await,
        200
    );
    fake.replies(alice, 1).await;
    assert_eq!(
        deliver(&b, fake::message(alice, alice, FOLLOW_UP), Some(SECRET)).await,
        200
    );
    fake.replies(alice, 2).await;
    assert_eq!(
        deliver(&b, fake::message(bob, bob, FOLLOW_UP), Some(SECRET)).await,
        200
    );
    fake.replies(bob, 1).await;
    assert_eq!(
        deliver(
            &a,
            fake::message(alice, alice, "who signed it?"),
            Some(SECRET)
        )
        .await,
        200
    );
    let replies = fake.replies(alice, 3).await;

    let texts: Vec<&str> = replies.iter().map(|c| c.text()).collect();
    let want: Vec<String> = [HEALTHCARE, FOLLOW_UP, "who signed it?"]
        .iter()
        .map(|q| expected(&engine, &mut oracle, q))
        .collect();
    assert_eq!(texts, want);
    assert!(visible(texts[1]).contains("2019"), "{}", texts[1]);
    assert_ne!(texts[1], context_free(&engine, FOLLOW_UP));
    assert_eq!(
        fake.sent_to(bob)[0].text(),
        expected(&engine, &mut bob_oracle, FOLLOW_UP),
        "bob's chat has none of alice's context"
    );
    assert_eq!(
        Arc::clone(&b.storage)
            .get_dialogue(ChatId(alice))
            .await
            .unwrap(),
        Some(State::Chatting {
            conversation: oracle
        })
    );
    // An update answered by A and redelivered to B (Telegram retrying after A's 200 was lost) is
    // recognised through the processed ids in Redis: 200, no second answer.
    let mut again = fake::message(bob, bob, "who signed it?");
    again["update_id"] = json!(next_update_id());
    let again = again.to_string();
    assert_eq!(post_raw(&a, again.clone(), Some(SECRET)).await, 200);
    fake.replies(bob, 2).await;
    assert_eq!(post_raw(&b, again, Some(SECRET)).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.sent_to(bob).len(), 2, "answered once across instances");
    assert_eq!(b.ledger.duplicates(), 1);
    a.stop().await;
    b.stop().await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server: run via .ci/run or set COMMUNIQUE_TEST_REDIS_URL"]
async fn a_redis_outage_degrades_to_context_free_answers_and_recovers() {
    let test = "a_redis_outage_degrades_to_context_free_answers_and_recovers";
    // Needs the shared server's presence too, so that CI proves redis was set up.
    redis_url(test, 2);
    let binary = redis_server_binary(test);
    let mut redis = OwnRedis::start(binary);
    let fake = Fake::start().await;
    let storage = open(&StorageSpec::parse(&redis.url()).unwrap()).await;
    let (bot, engine) = start(&webhook_config(&fake), Arc::clone(&storage)).await;
    let chat = 7401;
    let ask = |text: &'static str| deliver(&bot, fake::message(chat, chat, text), Some(SECRET));
    let mut oracle = Conversation::default();

    assert_eq!(ask(HEALTHCARE).await, 200);
    let replies = fake.replies(chat, 1).await;
    assert_eq!(
        replies[0].text(),
        expected(&engine, &mut oracle, HEALTHCARE)
    );

    // Redis goes away: answers still come, without the context it held.
    redis.stop();
    assert_eq!(ask(FOLLOW_UP).await, 200);
    let replies = fake.replies(chat, 2).await;
    assert_eq!(replies[1].text(), context_free(&engine, FOLLOW_UP));
    assert!(!storage.is_healthy());
    assert!(storage.failures() >= 2, "{}", storage.failures());
    let (status, body) = health(&bot).await;
    assert_eq!(
        (status, body.contains("\"storage\":\"down\"")),
        (200, true),
        "{body}"
    );
    assert_eq!(ask("/help").await, 200);
    let replies = fake.replies(chat, 3).await;
    assert_eq!(visible(replies[2].text()), say(|t| &t.help));

    // Redis comes back (empty: it kept nothing): the conversation works again, no restart.
    redis.restart();
    let mut oracle = Conversation::default();
    assert_eq!(ask(HEALTHCARE).await, 200);
    fake.replies(chat, 4).await;
    assert!(storage.is_healthy());
    assert_eq!(ask(FOLLOW_UP).await, 200);
    let replies = fake.replies(chat, 5).await;
    expected(&engine, &mut oracle, HEALTHCARE);
    assert_eq!(replies[4].text(), expected(&engine, &mut oracle, FOLLOW_UP));
    assert!(visible(replies[4].text()).contains("2019"));
    let (_, body) = health(&bot).await;
    assert!(body.contains("\"storage\":\"up\""), "{body}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_update_delivered_twice_is_answered_once() {
    let fake = Fake::start().await;
    let (bot, engine) = start(&webhook_config(&fake), BotStorage::new()).await;
    let chat = 7501;
    let mut update = fake::message(chat, chat, HEALTHCARE);
    update["update_id"] = json!(next_update_id());
    let body = update.to_string();
    // One after the other: the second is Telegram redelivering after a lost 200.
    assert_eq!(post_raw(&bot, body.clone(), Some(SECRET)).await, 200);
    assert_eq!(post_raw(&bot, body, Some(SECRET)).await, 200);
    // At the same time: the retry waits for the first and gets 200 when it is answered.
    fake.inject(
        "sendMessage",
        &[super::fake::Fault::Slow(Duration::from_millis(600))],
    );
    let mut second = fake::message(chat, chat, FOLLOW_UP);
    second["update_id"] = json!(next_update_id());
    let second = second.to_string();
    let (a, b) = tokio::join!(
        post_raw(&bot, second.clone(), Some(SECRET)),
        post_raw(&bot, second, Some(SECRET))
    );
    assert_eq!((a, b), (200, 200));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = fake.sent_to(chat);
    let mut oracle = Conversation::default();
    let want = [
        expected(&engine, &mut oracle, HEALTHCARE),
        expected(&engine, &mut oracle, FOLLOW_UP),
    ];
    let texts: Vec<&str> = sent.iter().map(|c| c.text()).collect();
    assert_eq!(texts, want, "each update answered exactly once");
    assert_eq!(
        bot.ledger.duplicates(),
        1,
        "the sequential redelivery was recognised"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_answers_200_only_after_the_reply_and_refuses_a_malformed_body() {
    let fake = Fake::start().await;
    let (bot, _) = start(&webhook_config(&fake), BotStorage::new()).await;
    let chat = 7601;
    fake.inject(
        "sendMessage",
        &[super::fake::Fault::Slow(Duration::from_millis(800))],
    );
    let started = Instant::now();
    assert_eq!(
        deliver(&bot, fake::message(chat, chat, HEALTHCARE), Some(SECRET)).await,
        200
    );
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "the 200 came before the reply was sent ({:?})",
        started.elapsed()
    );
    assert_eq!(fake.sent_to(chat).len(), 1);
    let junk = format!("{{\"not an update\": \"{}\"}}", "x".repeat(5_000));
    assert_eq!(post_raw(&bot, junk, Some(SECRET)).await, 400);
    assert_eq!(
        post_raw(&bot, "garbage".to_string(), Some(SECRET)).await,
        400
    );
    // While stopping, an update is refused with 503 so that Telegram keeps it.
    let hook = bot.webhook_addr;
    bot.stop().await;
    assert!(hook.is_some());
}

#[cfg(all(feature = "sqlite", feature = "redis"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_or_malformed_storage_fails_start_up_naming_the_key() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let spec = StorageSpec::parse(&format!("redis://:hunter2@127.0.0.1:{closed}/0")).unwrap();
    let err = BotStorage::open(&spec, Duration::from_millis(500))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("telegram.storage"), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{closed}")), "{err}");
    assert!(!err.contains("hunter2"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let spec = StorageSpec::Sqlite(dir.path().join("no/such/dir/d.db").display().to_string());
    let err = BotStorage::open(&spec, Duration::from_millis(500))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("telegram.storage"), "{err}");

    let env = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
    let load = |env: Vec<(String, String)>| {
        Config::layered(&env, &Default::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let err = load(env("COMMUNIQUE_TELEGRAM_STORAGE", "postgres://x"));
    assert!(err.starts_with("telegram.storage:"), "{err}");
    let err = load(env("COMMUNIQUE_TELEGRAM_MODE", "webhook"));
    assert!(err.starts_with("telegram.webhook.url:"), "{err}");
    let mut webhook = env("COMMUNIQUE_TELEGRAM_MODE", "webhook");
    webhook.extend(env(
        "COMMUNIQUE_TELEGRAM_WEBHOOK_URL",
        "https://x.example/t",
    ));
    let err = load(webhook.clone());
    assert!(err.starts_with("telegram.webhook.secret_token:"), "{err}");
    webhook.extend(env(
        "COMMUNIQUE_TELEGRAM_WEBHOOK_SECRET_TOKEN",
        "no spaces allowed",
    ));
    let err = load(webhook.clone());
    assert!(err.starts_with("telegram.webhook.secret_token:"), "{err}");
    assert!(!err.contains("no spaces allowed"), "{err}");
    webhook.pop();
    webhook.extend(env("COMMUNIQUE_TELEGRAM_WEBHOOK_SECRET_TOKEN", SECRET));
    let config = Config::layered(&webhook, &Default::default()).unwrap();
    assert!(
        !format!("{config:?}").contains(SECRET),
        "the secret is never printed"
    );
}
