//! `communique serve` end to end: the real HTTP server on 127.0.0.1, spoken to by an HTTP client
//! (reqwest). The expected replies come from the library itself (the engine as an oracle): these
//! tests check the web front end's plumbing (the batch protocol, sessions, refusals, limits,
//! CORS, the documents it serves), not the answers. Questions are worded for these tests.
//!
//! [`load`] measures latency under 50 connections; [`browser`] and [`botium`] drive the server
//! with programs no one here wrote (a headless Chromium, Botium).

mod botium;
mod browser;
mod load;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use communique::live::Shelf;
use communique::serve::sessions::Sessions;
use communique::serve::{self, ROUTES, Running};
use communique::telegram::config::Config;
use communique::{Knowledge, Library, render};
use serde_json::{Value, json};

use crate::helpers::{assert_contains, assert_lacks, communique, context_pair};

/// The built-in statement's library.
fn shelf() -> Arc<Shelf> {
    let engine = Arc::new(communique::languages::engine(Knowledge::embedded().unwrap()).unwrap());
    Arc::new(Shelf::new(Library::from_engines(vec![engine])))
}

/// The defaults, on a free port of 127.0.0.1, without a rate limit.
pub fn test_config() -> Config {
    let mut config = Config::defaults().unwrap();
    config.serve.listen = "127.0.0.1:0".to_string();
    config.serve.rate_limit.per_minute = 0;
    config.telegram.shutdown_grace_secs = 2;
    config
}

pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Running {
    let mut config = test_config();
    tweak(&mut config);
    serve::start(&config, shelf())
        .await
        .unwrap_or_else(|e| panic!("serve did not start: {e}"))
}

pub async fn start() -> Running {
    start_with(|_| {}).await
}

fn url(running: &Running, path: &str) -> String {
    format!("http://{}{path}", running.addr)
}

/// POSTs `body` to /v1/ask as JSON; returns the status and the JSON answer.
async fn ask(running: &Running, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url(running, "/v1/ask"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The batch protocol's object of a reply (what `batch --json` prints).
fn protocol(reply: &communique::Reply) -> Value {
    serde_json::from_str(&render::json(reply)).unwrap()
}

/// A web reply without the web's own fields (`session`, `citation`).
fn without_web_fields(mut reply: Value) -> Value {
    let object = reply.as_object_mut().unwrap();
    object.remove("session");
    object.remove("citation");
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_in_the_batch_protocol_and_a_session_keeps_the_context() {
    let (engine, setup, follow_up, [first, in_context, alone]) = context_pair();
    let server = start().await;

    let (status, reply) = ask(&server, json!({"q": setup})).await;
    assert_eq!(status, 200, "{reply}");
    let session = reply["session"].as_str().unwrap().to_string();
    assert_eq!(session.len(), 32, "{reply}");
    assert_eq!(without_web_fields(reply.clone()), protocol(&first));
    if let Some(source) = &first.source {
        assert_eq!(
            reply["citation"].as_str(),
            Some(engine.voice().citation_line(source).as_str())
        );
    }

    let (status, reply) = ask(&server, json!({"q": follow_up, "session": session})).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["session"].as_str(), Some(session.as_str()));
    assert_eq!(without_web_fields(reply), protocol(&in_context));

    // Without the session the same words have no context; a made-up session is a new one.
    let (_, reply) = ask(&server, json!({"q": follow_up})).await;
    assert_ne!(reply["session"].as_str(), Some(session.as_str()));
    assert_eq!(without_web_fields(reply), protocol(&alone));
    let made_up = "0123456789abcdef0123456789abcdef";
    let (_, reply) = ask(&server, json!({"q": follow_up, "session": made_up})).await;
    assert_ne!(reply["session"].as_str(), Some(made_up));
    assert_eq!(without_web_fields(reply), protocol(&alone));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lang_fixes_the_reply_language_and_a_malay_question_is_answered_in_malay() {
    let server = start().await;
    let (_, reply) = ask(
        &server,
        json!({"q": "bilakah rundingan FTA akan dimuktamadkan?"}),
    )
    .await;
    assert_eq!(reply["lang"], "ms", "{reply}");
    assert_eq!(reply["kind"], "answer", "{reply}");
    assert_contains(reply["citation"].as_str().unwrap(), "Sumber");
    let session = reply["session"].clone();
    let (_, reply) = ask(
        &server,
        json!({"q": "when should the FTA talks conclude?", "lang": "ms", "session": session}),
    )
    .await;
    assert_eq!(reply["lang"], "ms", "a fixed language wins: {reply}");
    let (_, reply) = ask(
        &server,
        json!({"q": "when should the FTA talks conclude?", "lang": "auto", "session": session}),
    )
    .await;
    assert_eq!(
        reply["lang"], "en",
        "auto follows the question again: {reply}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_json_error_and_change_nothing() {
    let (_, setup, follow_up, [_, in_context, _]) = context_pair();
    let server = start().await;
    let (_, reply) = ask(&server, json!({"q": setup})).await;
    let session = reply["session"].as_str().unwrap().to_string();
    let created = |server: &Running| {
        server
            .app
            .metrics
            .sessions_created
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let sessions_before = created(&server);

    let client = reqwest::Client::new();
    let post = |body: Vec<u8>, content_type: &'static str| {
        client
            .post(url(&server, "/v1/ask"))
            .header("content-type", content_type)
            .body(body)
    };
    let big = format!(
        r#"{{"q":"{}","session":"{session}"}}"#,
        "what about trade? ".repeat(1_000)
    );
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            post(big.into_bytes(), "application/json"),
            413,
            "body_too_large",
        ),
        (
            post(b"{\"q\": \"trade".to_vec(), "application/json"),
            400,
            "malformed_json",
        ),
        (
            post(
                format!(r#"{{"session":"{session}"}}"#).into_bytes(),
                "application/json",
            ),
            400,
            "missing_q",
        ),
        (
            post(
                format!(r#"{{"q":"health?","session":"{session}"}}"#).into_bytes(),
                "text/plain",
            ),
            415,
            "unsupported_media_type",
        ),
        (
            post(
                format!(r#"{{"q":"health?","statement":"atlantis-2099","session":"{session}"}}"#)
                    .into_bytes(),
                "application/json",
            ),
            404,
            "unknown_statement",
        ),
        (
            post(
                format!(r#"{{"q":"health?","lang":"klingon","session":"{session}"}}"#).into_bytes(),
                "application/json",
            ),
            400,
            "unknown_lang",
        ),
        (
            post(
                format!(r#"{{"q":["health"],"session":"{session}"}}"#).into_bytes(),
                "application/json",
            ),
            400,
            "wrong_type",
        ),
    ];
    for (request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{code}");
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "application/json"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.len() > 20, "a message that says what to do: {body}");
    }
    let response = client
        .get(url(&server, "/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let response = client.get(url(&server, "/v1/ask")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");

    // Nothing changed: no session was started, and the conversation goes on where it was.
    assert_eq!(created(&server), sessions_before);
    let (_, reply) = ask(&server, json!({"q": follow_up, "session": session})).await;
    assert_eq!(without_web_fields(reply), protocol(&in_context));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_over_its_rate_limit_gets_429_with_retry_after() {
    let server = start_with(|c| {
        c.serve.rate_limit.per_minute = 6;
        c.serve.rate_limit.burst = 3;
    })
    .await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..5 {
        let response = reqwest::Client::new()
            .post(url(&server, "/v1/ask"))
            .json(&json!({"q": "what did they say about tourism?"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 && limited.is_none() {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let body: Value = response.json().await.unwrap();
            limited = Some((retry_after, body));
        }
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let (retry_after, body) = limited.unwrap();
    assert!((1..=10).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(body["error"]["code"], "rate_limited", "{body}");
    // The pages and the health check are not limited.
    let health = reqwest::get(url(&server, "/health")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_and_an_openapi_document_that_matches_the_routes() {
    let server = start().await;
    let (_, reply) = ask(
        &server,
        json!({"q": "when should the free trade talks be done?"}),
    )
    .await;
    assert_eq!(reply["kind"], "answer");
    let (_, reply) = ask(&server, json!({"q": "what is the population of Peru?"})).await;
    assert_eq!(reply["kind"], "no-answer");

    let health: Value = reqwest::get(url(&server, "/health"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["sessions"]["healthy"], true);

    let metrics = reqwest::get(url(&server, "/metrics")).await.unwrap();
    assert_contains(
        metrics.headers()["content-type"].to_str().unwrap(),
        "text/plain; version=0.0.4",
    );
    let metrics = metrics.text().await.unwrap();
    for line in [
        "communique_replies_total{kind=\"answer\",lang=\"en\"} 1",
        "communique_replies_total{kind=\"no-answer\",lang=\"en\"} 1",
        "communique_http_requests_total{route=\"/v1/ask\",status=\"200\"} 2",
        "communique_http_requests_total{route=\"/health\",status=\"200\"} 1",
        "communique_ask_duration_seconds_count 2",
        "communique_ask_duration_seconds_bucket{le=\"+Inf\"} 2",
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "{line} not in\n{metrics}"
        );
    }

    let openapi: Value = reqwest::get(url(&server, "/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
    let documented: BTreeSet<(String, String)> = openapi["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, methods)| {
            methods
                .as_object()
                .unwrap()
                .keys()
                .map(|m| (m.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, routes, "openapi.json and serve::ROUTES differ");
    // Every documented route is really there: no 404 or 405 (POST with a valid question).
    let client = reqwest::Client::new();
    for (method, path) in &routes {
        let request = match method.as_str() {
            "GET" => client.get(url(&server, path)),
            _ => client.post(url(&server, path)).json(&json!({"q": "hello"})),
        };
        let status = request.send().await.unwrap().status().as_u16();
        assert_eq!(status, 200, "{method} {path}");
    }
    // Every schema a response refers to exists.
    let text = openapi.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(
            openapi["components"]["schemas"].get(name).is_some(),
            "no schema {name}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_topics_and_labels_come_from_the_knowledge_and_the_language_packs() {
    let server = start().await;
    let knowledge = Knowledge::embedded().unwrap();
    let statements: Value = reqwest::get(url(&server, "/v1/statements"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(statements["statements"][0]["id"], knowledge.id.as_str());
    assert_eq!(
        statements["statements"][0]["title"],
        knowledge.statement.title.as_str()
    );
    assert_eq!(statements["home"], knowledge.id.as_str());

    let topics: Value = reqwest::get(url(&server, "/v1/topics"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        topics["topics"].as_array().unwrap().len(),
        knowledge.topics.len()
    );
    assert_eq!(
        topics["topics"][0]["question"],
        knowledge.topics[0].question.as_str()
    );
    let malay: Value = reqwest::get(url(
        &server,
        &format!("/v1/topics?statement={}&lang=ms", knowledge.id),
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(malay["lang"], "ms");
    assert_ne!(malay["topics"][0]["title"], topics["topics"][0]["title"]);
    let missing = reqwest::get(url(&server, "/v1/topics?statement=nowhere"))
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    let labels: Value = reqwest::get(url(&server, "/v1/labels"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(labels["default"], "en");
    let engine = communique::languages::engine(knowledge).unwrap();
    for lang in ["en", "ms"] {
        let voice = engine.voice_in(communique::Lang::new(lang).unwrap());
        let web = &voice.phrases().web;
        assert_eq!(labels["languages"][lang]["send"], web.send.as_str());
        assert_eq!(
            labels["languages"][lang]["no_answer"],
            web.no_answer.as_str()
        );
        assert_eq!(
            labels["languages"][lang]["placeholder"],
            voice.fill(&web.placeholder, &[]).as_str()
        );
        assert!(!web.placeholder.is_empty());
    }
    assert_ne!(
        labels["languages"]["en"]["send"],
        labels["languages"]["ms"]["send"]
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_the_widget_are_served_from_the_binary() {
    let server = start().await;
    let page = reqwest::get(url(&server, "/")).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert_contains(
        page.headers()["content-type"].to_str().unwrap(),
        "text/html",
    );
    assert_contains(
        page.headers()["content-security-policy"].to_str().unwrap(),
        "default-src 'self'",
    );
    let html = page.text().await.unwrap();
    let knowledge = Knowledge::embedded().unwrap();
    assert_contains(&html, "<html lang=\"en\">");
    assert_contains(&html, "<script src=\"widget.js\"");
    assert_contains(&html, &knowledge.statement.url);
    assert_lacks(&html, "{{");
    let malay = reqwest::get(url(&server, "/?lang=ms"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_contains(&malay, "<html lang=\"ms\">");

    let script = reqwest::get(url(&server, "/widget.js")).await.unwrap();
    assert_contains(
        script.headers()["content-type"].to_str().unwrap(),
        "javascript",
    );
    assert_contains(&script.text().await.unwrap(), "v1/ask");
    let style = reqwest::get(url(&server, "/widget.css")).await.unwrap();
    assert_contains(
        style.headers()["content-type"].to_str().unwrap(),
        "text/css",
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_lets_only_the_configured_origins_call_the_api() {
    let server =
        start_with(|c| c.serve.cors_origins = vec!["https://www.example.gov.my".into()]).await;
    let client = reqwest::Client::new();
    let preflight = |origin: &str| {
        client
            .request(reqwest::Method::OPTIONS, url(&server, "/v1/ask"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://www.example.gov.my").await.unwrap();
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("https://www.example.gov.my")
    );
    let refused = preflight("https://elsewhere.example").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_kept_in_sqlite_under_their_own_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let (_, setup, follow_up, [_, in_context, _]) = context_pair();
    let storage = format!("sqlite:{}", path.display());
    let first = start_with(|c| {
        c.telegram.storage = communique::telegram::storage::StorageSpec::parse(&storage).unwrap()
    })
    .await;
    let (_, reply) = ask(&first, json!({"q": setup})).await;
    let session = reply["session"].as_str().unwrap().to_string();
    first.stop().await;
    // A restarted server on the same file continues the session.
    let second = start_with(|c| c.serve.storage = storage.clone()).await;
    let (_, reply) = ask(&second, json!({"q": follow_up, "session": session})).await;
    assert_eq!(reply["session"].as_str(), Some(session.as_str()));
    assert_eq!(without_web_fields(reply), protocol(&in_context));
    second.stop().await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the sessions hold people's questions");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_sessions_are_bounded_and_an_evicted_one_starts_afresh() {
    let (_, setup, _, [first, _, _]) = context_pair();
    let config = test_config();
    let sessions = Sessions::memory(Duration::from_secs(60), 1);
    let server = serve::start_with(&config, shelf(), sessions).await.unwrap();
    // With room for one session, a second evicts the first: its follow-up starts afresh, and is
    // still answered.
    let (_, a) = ask(&server, json!({"q": setup})).await;
    let (_, _) = ask(&server, json!({"q": setup})).await;
    let (status, again) = ask(&server, json!({"q": setup, "session": a["session"]})).await;
    assert_eq!(status, 200);
    assert_ne!(again["session"], a["session"]);
    assert_eq!(without_web_fields(again), protocol(&first));
    server.stop().await;
}

/// Runs `communique serve` as a user does; returns the child and the address it listens on (read
/// from its log).
pub fn spawn_binary(args: &[&str], envs: &[(&str, &str)]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("communique"));
    command
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        let mut log = String::new();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            log.push_str(&line);
            log.push('\n');
            if !sent && let Some(rest) = line.split("on http://").nth(1) {
                let addr = rest.split('/').next().unwrap_or("").to_string();
                let _ = tx.send(Ok(addr));
                sent = true;
            }
        }
        // the whole log, once the process has closed stderr
        let _ = tx.send(Err(log));
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(addr)) => {
            // The remaining log is read by `stop_binary`.
            LOGS.lock().unwrap().insert(child.id(), rx);
            (child, addr)
        }
        Ok(Err(log)) => panic!("serve did not start:\n{log}"),
        Err(_) => panic!("serve did not say where it listens within 60 s"),
    }
}

type LogRx = std::sync::mpsc::Receiver<Result<String, String>>;
static LOGS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<u32, LogRx>>> =
    std::sync::LazyLock::new(Default::default);

/// Sends SIGTERM; returns the exit code, how long it took, and the log.
pub fn stop_binary(mut child: std::process::Child) -> (Option<i32>, Duration, String) {
    let pid = child.id();
    let started = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap().code();
    let took = started.elapsed();
    let log = LOGS
        .lock()
        .unwrap()
        .remove(&pid)
        .and_then(|rx| rx.recv_timeout(Duration::from_secs(5)).ok())
        .map(|r| r.unwrap_or_else(|log| log))
        .unwrap_or_default();
    (code, took, log)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_until_sigterm_and_stops_cleanly() {
    let (child, addr) = spawn_binary(&[], &[("COMMUNIQUE_TELEGRAM_SHUTDOWN_GRACE_SECS", "3")]);
    let reply: Value = reqwest::Client::new()
        .post(format!("http://{addr}/v1/ask"))
        .json(&json!({"q": "which MoUs were exchanged?"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["kind"], "answer", "{reply}");
    let session = reply["session"].as_str().unwrap().to_string();
    let (code, took, log) = tokio::task::spawn_blocking(move || stop_binary(child))
        .await
        .unwrap();
    assert_eq!(code, Some(0), "{log}");
    assert!(took < Duration::from_secs(3), "stopped in {took:?}");
    assert_contains(&log, "stop signal received");
    assert_contains(&log, "web server stopped");
    assert_lacks(&log, &session);
}

#[test]
fn a_bad_listen_address_and_an_unknown_key_are_named() {
    let out = communique()
        .args(["serve", "--listen", "nowhere:99999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "serve.listen");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[serve]\nlisten_on = \"127.0.0.1:1\"\n").unwrap();
    let out = communique()
        .args(["serve", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_contains(&String::from_utf8_lossy(&out.stderr), "serve.listen_on");
}

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

/// Two `serve` processes on one Redis, behind no balancer but the test itself: a session begun
/// on one is continued on the other, and the bot's keys and the sessions' keys do not meet.
#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server: run by .ci/run (cargo test --test integration redis -- --ignored)"]
async fn serve_instances_on_one_redis_continue_one_session() {
    let redis = redis_url("serve_instances_on_one_redis_continue_one_session", 5);
    let (_, setup, follow_up, [_, in_context, _]) = context_pair();
    let env = [("COMMUNIQUE_SERVE_STORAGE", redis.as_str())];
    let (a, addr_a) = spawn_binary(&[], &env);
    let (b, addr_b) = spawn_binary(&[], &env);
    let client = reqwest::Client::new();
    let post = |addr: &str, body: Value| {
        client
            .post(format!("http://{addr}/v1/ask"))
            .json(&body)
            .send()
    };
    let first: Value = post(&addr_a, json!({"q": setup}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = first["session"].as_str().unwrap().to_string();
    let second: Value = post(&addr_b, json!({"q": follow_up, "session": session}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["session"].as_str(), Some(session.as_str()));
    assert_eq!(without_web_fields(second), protocol(&in_context));
    // and back to the first, which sees what the second stored
    let third: Value = post(&addr_a, json!({"q": follow_up, "session": session}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(third["session"].as_str(), Some(session.as_str()));
    for child in [a, b] {
        let (code, _, log) = tokio::task::spawn_blocking(move || stop_binary(child))
            .await
            .unwrap();
        assert_eq!(code, Some(0), "{log}");
    }
}
