//! `communique telegram` as a user runs it: token errors, a clean stop on SIGTERM, and logs that
//! never contain the token even while the API fails.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::fake::{self, Fake, Fault};
use crate::helpers::{assert_contains, assert_lacks};

fn telegram_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_communique"));
    command
        .arg("telegram")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn a_missing_token_names_both_ways_to_supply_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = telegram_command().current_dir(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_contains(&stderr, "TELOXIDE_TOKEN");
    assert_contains(&stderr, "telegram.token_file");
    assert_contains(&stderr, "@BotFather");
}

#[test]
fn a_malformed_token_is_refused_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "hunter2-not-a-token\n").unwrap();
    let output = telegram_command()
        .arg("--token-file")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_contains(&stderr, "malformed");
    assert_contains(&stderr, "TELOXIDE_TOKEN");
    assert_lacks(&stderr, "hunter2");

    let output = telegram_command()
        .env("TELOXIDE_TOKEN", "hunter2")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_contains(&stderr, "from TELOXIDE_TOKEN is malformed");
    assert_lacks(&stderr, "hunter2");

    let output = telegram_command()
        .arg("--token-file")
        .arg(dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_contains(
        &String::from_utf8_lossy(&output.stderr),
        "cannot read the token file",
    );
}

#[test]
fn an_unknown_config_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bot.toml");
    std::fs::write(&file, "[telegram]\npoll_timeout = 5\n").unwrap();
    let output = telegram_command()
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_contains(
        &String::from_utf8_lossy(&output.stderr),
        "unknown key `telegram.poll_timeout`",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_logs_retries_without_the_token_and_stops_cleanly_on_sigterm() {
    let fake = Fake::start().await;
    fake.inject("getUpdates", &[Fault::Drop]);
    fake.inject("sendMessage", &[Fault::Drop, Fault::Html502]);
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{}\n", fake::TOKEN)).unwrap();
    let child = telegram_command()
        .arg("--api-url")
        .arg(&fake.url)
        .arg("--token-file")
        .arg(&token_file)
        .arg("--log")
        .arg("debug")
        .env("COMMUNIQUE_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env("COMMUNIQUE_TELEGRAM_RETRY_BASE_MS", "50")
        .env("COMMUNIQUE_TELEGRAM_POLL_BACKOFF_MAX_SECS", "1")
        .spawn()
        .unwrap();
    let pid = child.id();
    fake.push(fake::message(
        8001,
        8001,
        "When will the FTA talks conclude?",
    ));
    fake.replies(8001, 1).await;

    let started = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped in {:?}",
        started.elapsed()
    );
    assert_contains(&stderr, "retrying");
    assert_contains(&stderr, "stop signal received");
    assert_contains(&stderr, "bot stopped");
    let secret = fake::TOKEN.split_once(':').unwrap().1;
    assert_lacks(&stderr, secret);
    assert_lacks(&stderr, fake::TOKEN);
}
