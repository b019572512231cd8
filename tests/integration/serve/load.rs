//! Load on loopback: 5,000 `POST /v1/ask` from 50 keep-alive connections (each connection asks
//! its questions one after another, half of them in the session its first answer started), with
//! no error allowed and the 99th percentile of latency under a bound.
//!
//! Ignored by a plain `cargo test` (it takes a while in a debug build); run it with
//! `cargo test --test integration serve_load -- --ignored --nocapture`. By default it starts the
//! server in the test process (a debug build when the test is); `COMMUNIQUE_LOAD_URL` points it
//! at a running `communique serve` instead (`.ci/run` starts the release binary), and
//! `COMMUNIQUE_LOAD_MAX_P99_MS` sets the bound (default 50). The figures are printed.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::show;

const CONNECTIONS: usize = 50;
const REQUESTS: usize = 5_000;

/// Questions worded for this test (none from the evaluation sets), answered, clarified, refused
/// and chatted.
const QUESTIONS: [&str; 8] = [
    "what did the two leaders sign on carbon storage?",
    "when is the trade agreement meant to be wrapped up?",
    "tell me more",
    "anything on semiconductors or batteries?",
    "is there a word about penguins?",
    "thanks!",
    "apa kata mereka tentang pelancongan?",
    "which year did that dialogue on climate begin?",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test: run by .ci/run, or with --ignored"]
async fn serve_load_5000_requests_from_50_connections() {
    let bound_ms: f64 = std::env::var("COMMUNIQUE_LOAD_MAX_P99_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50.0);
    let (base, server) = match std::env::var("COMMUNIQUE_LOAD_URL") {
        Ok(url) if !url.trim().is_empty() => (url.trim_end_matches('/').to_string(), None),
        _ => {
            let server = super::start().await;
            (format!("http://{}", server.addr), Some(server))
        }
    };
    let per_connection = REQUESTS / CONNECTIONS;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for connection in 0..CONNECTIONS {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            // One client per connection, one connection per client.
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut latencies = Vec::with_capacity(per_connection);
            let mut errors = Vec::new();
            let mut session: Option<String> = None;
            for i in 0..per_connection {
                let q = QUESTIONS[(connection + i) % QUESTIONS.len()];
                let mut body = json!({"q": q});
                if i % 2 == 1
                    && let Some(s) = &session
                {
                    body["session"] = json!(s);
                }
                let sent = Instant::now();
                let result = client
                    .post(format!("{base}/v1/ask"))
                    .json(&body)
                    .send()
                    .await;
                match result {
                    Ok(response) if response.status().is_success() => {
                        match response.json::<Value>().await {
                            Ok(reply) => {
                                latencies.push(sent.elapsed());
                                if session.is_none() {
                                    session = reply["session"].as_str().map(str::to_string);
                                }
                            }
                            Err(e) => errors.push(format!("body: {e}")),
                        }
                    }
                    Ok(response) => errors.push(format!("status {}", response.status())),
                    Err(e) => errors.push(format!("transport: {e}")),
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(REQUESTS);
    let mut errors = Vec::new();
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors.extend(e);
    }
    let took = started.elapsed();
    assert!(
        !latencies.is_empty(),
        "no request was answered; the first errors: {:?}",
        errors.iter().take(5).collect::<Vec<_>>()
    );
    latencies.sort();
    let at = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1e3
    };
    let (p50, p90, p99) = (at(0.50), at(0.90), at(0.99));
    let max = latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3);
    show(&format!(
        "serve load ({}): {} requests from {CONNECTIONS} connections in {:.2} s ({:.0}/s); \
         {} errors; latency ms p50 {p50:.2}, p90 {p90:.2}, p99 {p99:.2}, max {max:.2}",
        if server.is_some() {
            if cfg!(debug_assertions) {
                "in-process, debug build"
            } else {
                "in-process, release build"
            }
        } else {
            "external server"
        },
        latencies.len() + errors.len(),
        took.as_secs_f64(),
        (latencies.len() + errors.len()) as f64 / took.as_secs_f64(),
        errors.len(),
    ));
    if let Some(server) = server {
        server.stop().await;
    }
    assert!(
        errors.is_empty(),
        "{} errors, the first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(latencies.len(), REQUESTS);
    assert!(
        p99 <= bound_ms,
        "p99 {p99:.2} ms is over {bound_ms} ms (COMMUNIQUE_LOAD_MAX_P99_MS)"
    );
}
