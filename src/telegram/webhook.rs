//! Webhook mode's HTTP side: the route Telegram POSTs updates to, and the health endpoint.
//!
//! Unlike teloxide's webhook listener, which answers 200 as soon as an update is queued, this
//! route answers 200 only once the update is handled (its reply sent), so a crash or a stop
//! before that makes Telegram deliver it again.
//!
//! Invariants:
//! - Every update request must carry the configured secret in `X-Telegram-Bot-Api-Secret-Token`
//!   (compared in constant time); otherwise 401 and nothing else happens. The secret is never
//!   logged.
//! - 200: the update was handled, or had been already (a redelivery is not answered twice).
//!   503: the bot is stopping, or the update was not handled within [`ANSWER_WITHIN`]; Telegram
//!   retries, and a retry of an update still in hand waits for the same handler.
//! - 400: a body that is not an update; logged at WARN, truncated to a few hundred bytes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use teloxide::types::Update;
use tokio::sync::mpsc;

use super::handlers::BotStorage;
use super::ledger::{Admission, Ledger};
use super::polling::{LOGGED_BYTES, skip_unparsed, truncate};

/// How long one POST waits for its update to be handled before answering 503 (Telegram gives up
/// on a webhook request after about a minute).
pub const ANSWER_WITHIN: Duration = Duration::from_secs(50);

/// The header Telegram sends the secret in.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// What the route needs.
pub struct Hook {
    pub secret: super::config::Secret,
    pub ledger: Arc<Ledger>,
    pub tx: mpsc::Sender<Update>,
    pub stopping: AtomicBool,
    pub storage: Arc<BotStorage>,
}

impl Hook {
    pub fn stop_accepting(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }
}

/// The router: POST `path` for updates, GET `health_path` for the load balancer.
pub fn router(hook: Arc<Hook>, path: &str, health_path: &str) -> axum::Router {
    axum::Router::new()
        .route(path, axum::routing::post(receive))
        .route(health_path, axum::routing::get(health))
        .with_state(hook)
}

/// Equal in time independent of where the first difference is.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, b) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ b);
    }
    diff == 0
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> Response {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, hook.secret.expose().as_bytes()) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(err) => {
            tracing::warn!(
                error = %err,
                body = %truncate(&String::from_utf8_lossy(&body), LOGGED_BYTES),
                "the webhook received a body that is not an update; refused"
            );
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    if hook.stopping.load(Ordering::Relaxed) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let id = update.id.0;
    let done = match hook.ledger.admit_posted(id).await {
        Admission::Skip => return StatusCode::OK.into_response(),
        Admission::InFlight(done) => done,
        Admission::New(done) => {
            if skip_unparsed(&update, &hook.ledger).await {
                return StatusCode::OK.into_response();
            }
            if hook.tx.send(update).await.is_err() {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            done
        }
    };
    match tokio::time::timeout(ANSWER_WITHIN, done).await {
        Ok(Ok(())) => StatusCode::OK.into_response(),
        // Not done in time, or the bot stopped first: Telegram will deliver it again.
        _ => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The health endpoint: 200 while the bot runs, with the storage's state in the body (a bot whose
/// storage is down still answers, without context, so it stays in the load balancer's pool).
async fn health(State(hook): State<Arc<Hook>>) -> Response {
    let body = format!(
        "{{\"status\":\"ok\",\"storage\":\"{}\"}}",
        if hook.storage.is_healthy() {
            "up"
        } else {
            "down"
        }
    );
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"abcd", b"abc"));
        assert!(!same_secret(b"", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
    }
}
