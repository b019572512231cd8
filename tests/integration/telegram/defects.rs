//! One test per defect found by the delivery probe (issue 11), each failing on the old code:
//! logging to a closed stderr, mentions matched by prefix, `/cmd@otherbot` in a private chat,
//! `TELOXIDE_API_URL` ignored, a world-readable SQLite file (issue 21: also one that existed
//! before, and its -wal/-shm files), colour codes in piped logs, callbacks
//! from inline messages never acknowledged, a redelivered webhook update answered twice, and a
//! malformed webhook body logged in full with teloxide's "this is a bug" text.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::fake::{self, Fake};
use super::{harness, visible};
use crate::helpers::{assert_contains, assert_lacks};

fn telegram_command(fake: &Fake) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_communique"));
    command
        .arg("telegram")
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        .env("TELOXIDE_API_URL", &fake.url)
        .env_remove("COMMUNIQUE_TELEGRAM_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env("COMMUNIQUE_TELEGRAM_SHUTDOWN_GRACE_SECS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    command
}

async fn wait_exit(child: &mut std::process::Child) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn term(child: &std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stderr_neither_panics_nor_stops_the_bot() {
    // `communique telegram 2>&1 | head -1`: the reader of stderr goes away.
    let fake = Fake::start().await;
    let mut child = telegram_command(&fake)
        .arg("--log")
        .arg("debug")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    // The bot logs (at debug, a lot) into the closed pipe and keeps answering.
    for i in 0..5 {
        fake.push(fake::message(8101, 8101, &format!("/help {i}")));
    }
    fake.replies(8101, 5).await;
    term(&child);
    assert_eq!(wait_exit(&mut child).await, Some(0), "not 101 (a panic)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teloxide_api_url_is_honoured_and_piped_logs_have_no_colour() {
    // No --api-url, no COMMUNIQUE_TELEGRAM_API_URL: TELOXIDE_API_URL alone points the bot at the
    // fake (before, the bot sent the token to api.telegram.org).
    let fake = Fake::start().await;
    let mut child = telegram_command(&fake)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    fake.push(fake::message(8201, 8201, "/about"));
    let replies = fake.replies(8201, 1).await;
    assert_eq!(visible(replies[0].text()), super::say(|t| &t.about));
    term(&child);
    assert_eq!(wait_exit(&mut child).await, Some(0));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_contains(&stderr, "connected to the Bot API");
    assert_lacks(&stderr, "\u{1b}[");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_match_the_bots_username_exactly() {
    let h = harness().await;
    let group = -100_8301;
    let me = fake::BOT_USERNAME;
    for text in [
        format!("@{me}_fan when will the FTA talks wrap up?"),
        format!("@{me}bot when will the FTA talks wrap up?"),
        format!("mail x@{me}.com about the FTA talks"),
        format!("@{}x what about trade?", &me[..me.len() - 1]),
    ] {
        h.fake.push(fake::message(group, 8301, &text));
    }
    // The real mention, in another case, is answered with the mention removed.
    let addressed = fake::message(
        group,
        8302,
        &format!("@{} by when should the FTA talks end?", me.to_uppercase()),
    );
    h.fake.push(addressed.clone());
    let replies = h.fake.replies(group, 1).await;
    assert_eq!(
        replies[0].body["reply_parameters"]["message_id"], addressed["message"]["message_id"],
        "the only reply answers the real mention"
    );
    let expected = communique::telegram::render::reply(
        &h.engine.answer("by when should the FTA talks end?"),
        None,
        h.engine.voice(),
    );
    assert_eq!(replies[0].text(), expected.html);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        h.fake.sent_to(group).len(),
        1,
        "look-alike mentions are ignored"
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_bots_command_in_a_private_chat_is_named_as_such() {
    let h = harness().await;
    let chat = 8401;
    h.fake
        .push(fake::message(chat, chat, "/help@some_other_bot"));
    let replies = h.fake.replies(chat, 1).await;
    assert_eq!(
        visible(replies[0].text()),
        "/help is a command for @some_other_bot, not for me. Send /help to see mine."
    );
    h.bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_from_an_inline_message_is_acknowledged() {
    let h = harness().await;
    let mut update = fake::press(8501, json!(null), "s:0");
    let query = update["callback_query"].as_object_mut().unwrap();
    query.remove("message");
    query.insert("inline_message_id".into(), json!("inline-1"));
    let id = query["id"].as_str().unwrap().to_string();
    h.fake.push(update);
    h.fake
        .wait_until(Duration::from_secs(10), "the acknowledgement", |calls| {
            calls
                .iter()
                .any(|c| c.method == "answercallbackquery" && c.ok)
        })
        .await;
    let acks = h.fake.ok_calls("answercallbackquery");
    assert_eq!(acks[0].body["callback_query_id"], id.as_str());
    assert_eq!(acks[0].body["text"], super::say(|t| &t.button_stale));
    h.bot.stop().await;
}

#[cfg(all(unix, feature = "sqlite"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_file_is_readable_by_its_owner_only() {
    use communique::telegram::handlers::BotStorage;
    use communique::telegram::storage::StorageSpec;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dialogues.db");
    let spec = StorageSpec::Sqlite(path.display().to_string());
    let _storage = BotStorage::open(&spec, Duration::from_secs(2))
        .await
        .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(format!("{mode:o}"), "600");
}

#[cfg(all(unix, feature = "sqlite"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_world_readable_sqlite_file_and_its_wal_and_shm_become_0600() {
    // Issue 21: a database that existed with mode 0644 stayed 0644, and so did the -wal and
    // -shm files SQLite made next to it, though they hold users' questions.
    use communique::telegram::handlers::BotStorage;
    use communique::telegram::processed::ProcessedLog;
    use communique::telegram::storage::StorageSpec;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dialogues.db");
    let spec = StorageSpec::Sqlite(path.display().to_string());
    // A database from an earlier run, in WAL mode, with its -wal and -shm files, all 0644.
    {
        let _storage = BotStorage::open(&spec, Duration::from_secs(2))
            .await
            .unwrap();
        let _log = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
            .await
            .unwrap();
    }
    let files = ["", "-wal", "-shm"].map(|suffix| format!("{}{suffix}", path.display()));
    for file in &files {
        if !std::path::Path::new(file).exists() {
            std::fs::write(file, b"").unwrap();
        }
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mode = |file: &str| std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
    assert_eq!(format!("{:o}", mode(&files[0])), "644");
    // The bot opens it again, as at every start.
    let _storage = BotStorage::open(&spec, Duration::from_secs(2))
        .await
        .unwrap();
    let _log = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
        .await
        .unwrap();
    for file in &files {
        assert_eq!(format!("{:o}", mode(file)), "600", "{file}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_start_up_retries_exits_cleanly() {
    // Nothing listens on this port: getMe fails and is retried with backoff.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", fake::TOKEN)
        .env("TELOXIDE_API_URL", format!("http://127.0.0.1:{closed}/"))
        .env_remove("COMMUNIQUE_TELEGRAM_API_URL")
        .env_remove("RUST_LOG")
        .env("COMMUNIQUE_TELEGRAM_RETRY_BASE_MS", "2000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Signal once getMe is being retried (a fixed pause raced the start-up of a debug binary on a
    // loaded machine: a SIGTERM before the handler is installed kills the process).
    let stderr = child.stderr.take().unwrap();
    let (lines, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut logged = String::new();
    let waiting = Instant::now();
    while !logged.contains("retrying") {
        assert!(
            waiting.elapsed() < Duration::from_secs(30),
            "getMe was never retried:\n{logged}"
        );
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(50)) {
            logged.push_str(&line);
            logged.push('\n');
        }
    }
    let started = Instant::now();
    term(&child);
    assert_eq!(wait_exit(&mut child).await, Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "exited {:?} after SIGTERM",
        started.elapsed()
    );
    reader.join().unwrap();
    logged.extend(rx.try_iter().map(|line| line + "\n"));
    assert_contains(&logged, "during start-up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_exits_at_once_leaving_the_update_unconfirmed() {
    let fake = Fake::start().await;
    // The reply hangs far longer than the grace period allows.
    fake.inject("sendMessage", &[fake::Fault::Slow(Duration::from_secs(30))]);
    let mut child = telegram_command(&fake)
        .env("COMMUNIQUE_TELEGRAM_SHUTDOWN_GRACE_SECS", "20")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let chat = 8601;
    let id = fake.push(fake::message(chat, chat, "/about"));
    fake.wait_until(Duration::from_secs(10), "the update in hand", |calls| {
        calls
            .iter()
            .any(|c| c.method == "getupdates" && c.ok && c.body.get("offset").is_none())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    term(&child);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    term(&child);
    assert_eq!(wait_exit(&mut child).await, Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the second signal took {:?}",
        started.elapsed()
    );
    assert!(
        fake.confirmed() <= id,
        "the unanswered update {id} stays unconfirmed (confirmed below {})",
        fake.confirmed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_of_an_unknown_kind_is_skipped_and_confirmed() {
    // teloxide reads a kind it does not know as an error update, which its dispatcher drops with
    // a "this is a bug" message; the bot logs it (truncated) and confirms it like any other.
    let h = harness().await;
    let odd = h
        .fake
        .push(json!({"a_kind_from_the_future": {"payload": "x".repeat(2_000)}}));
    h.fake.push(fake::message(8701, 8701, "/help"));
    h.fake.replies(8701, 1).await;
    let start = Instant::now();
    while h.fake.confirmed() <= odd && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        h.fake.confirmed() > odd,
        "the unknown update {odd} was never confirmed"
    );
    // The /help reply reaches the fake just before its update is recorded as done.
    while h.bot.ledger.in_flight() > 0 && start.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.bot.ledger.in_flight(), 0);
    h.bot.stop().await;
}
