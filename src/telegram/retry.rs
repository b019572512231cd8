//! Retrying Bot API calls: bounded exponential backoff for the failures that pass.
//!
//! Which failures are worth another attempt (tested facts about teloxide 0.17):
//! - `Network`: connection refused, reset or dropped mid-answer, timeouts;
//! - `RetryAfter(s)`: Telegram's 429 flood control, waited out (at least `s`);
//! - `InvalidJson`: what a 502/503/504 with an HTML body from a proxy becomes;
//! - `Api(ApiError::Unknown(..))` unless it is plainly the request's own fault: what a JSON 500
//!   becomes (teloxide has already waited 10 s before returning it).
//!
//! Replies to chats use the same policy through [`super::delivery::Outbox`], which keeps each
//! chat's waits apart; [`Retry::send`] is for the other calls.
//!
//! Everything else (bad request, bot blocked, chat not found) fails at once: retrying cannot help.
//! The waits come from `backon`'s exponential backoff (`retry_base_ms`, doubling, at most
//! `retry_max_ms`, `max_retries` times), lengthened to a 429's `retry_after` when that is longer.
//! Every retry is logged with `tracing` and counted in [`Stats`]; errors are logged only after
//! [`Token::redact`], so the token cannot reach the logs even if an error carried a URL.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::requests::{Output, Request};

use super::config::{TelegramConfig, Token};

/// Counters the bot keeps while it runs (read by tests and logged at shutdown).
#[derive(Debug, Default)]
pub struct Stats {
    /// Bot API calls that failed and were tried again.
    pub retries: AtomicU64,
    /// Calls that still failed after every retry.
    pub gave_up: AtomicU64,
    /// Questions answered (an answer message accepted by the Bot API).
    pub answered: AtomicU64,
    /// `getUpdates` calls answered with 409 Conflict (another instance polled).
    pub conflicts: AtomicU64,
}

impl Stats {
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }
    pub fn gave_up(&self) -> u64 {
        self.gave_up.load(Ordering::Relaxed)
    }
    pub fn answered(&self) -> u64 {
        self.answered.load(Ordering::Relaxed)
    }
    pub fn conflicts(&self) -> u64 {
        self.conflicts.load(Ordering::Relaxed)
    }
}

/// What to do about a failed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Try again after at least this long.
    Retry { at_least: Duration },
    /// Give up at once.
    Fail,
}

/// Whether `err` is worth another attempt.
pub fn classify(err: &RequestError) -> Verdict {
    match err {
        RequestError::Network(_) | RequestError::InvalidJson { .. } => Verdict::Retry {
            at_least: Duration::ZERO,
        },
        RequestError::RetryAfter(seconds) => Verdict::Retry {
            at_least: seconds.duration(),
        },
        RequestError::Api(ApiError::Unknown(description)) if !is_client_error(description) => {
            Verdict::Retry {
                at_least: Duration::ZERO,
            }
        }
        _ => Verdict::Fail,
    }
}

/// Descriptions Telegram gives to 4xx errors teloxide does not know by name.
fn is_client_error(description: &str) -> bool {
    [
        "Bad Request",
        "Unauthorized",
        "Forbidden",
        "Not Found",
        "Conflict",
    ]
    .iter()
    .any(|prefix| description.starts_with(prefix))
}

/// The retry policy, shared by every handler (a dptree dependency).
#[derive(Debug, Clone)]
pub struct Retry {
    pub max_retries: u32,
    pub base: Duration,
    pub max: Duration,
    token: Token,
    pub stats: Arc<Stats>,
}

impl Retry {
    pub fn new(config: &TelegramConfig, token: Token, stats: Arc<Stats>) -> Retry {
        Retry {
            max_retries: config.max_retries,
            base: Duration::from_millis(config.retry_base_ms),
            max: Duration::from_millis(config.retry_max_ms),
            token,
            stats,
        }
    }

    /// The backoff: base, then twice as long each time, at most `max`, `max_retries` times.
    pub fn policy(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.base)
            .with_max_delay(self.max)
            .with_factor(2.0)
            .with_max_times(self.max_retries as usize)
    }

    /// The pauses the policy makes, in order (for tests and the docs).
    pub fn pauses(&self) -> Vec<Duration> {
        self.policy().build().collect()
    }

    /// `text` with the token removed.
    pub fn redact(&self, text: &str) -> String {
        self.token.redact(text)
    }

    /// Sends `request`, retrying what [`classify`] allows, up to `max_retries` times.
    pub async fn send<R>(&self, method: &'static str, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError>,
    {
        let attempts = AtomicU32::new(1);
        let result = (|| request.send_ref())
            .retry(self.policy())
            .sleep(tokio::time::sleep)
            .when(|err| matches!(classify(err), Verdict::Retry { .. }))
            .adjust(|err, delay| match classify(err) {
                Verdict::Retry { at_least } => delay.map(|d| d.max(at_least)),
                Verdict::Fail => delay,
            })
            .notify(|err, delay| {
                let attempt = attempts.fetch_add(1, Ordering::Relaxed);
                self.stats.retries.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(
                    method,
                    attempt,
                    delay_ms = delay.as_millis() as u64,
                    error = %self.redact(&err.to_string()),
                    "Bot API call failed; retrying"
                );
            })
            .await;
        if let Err(err) = &result {
            if matches!(classify(err), Verdict::Retry { .. }) {
                self.stats.gave_up.fetch_add(1, Ordering::Relaxed);
            }
            tracing::error!(
                method,
                attempts = attempts.load(Ordering::Relaxed),
                error = %self.redact(&err.to_string()),
                "Bot API call failed"
            );
        }
        result
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use teloxide::types::Seconds;

    fn policy() -> Retry {
        let config = super::super::config::Config::defaults().unwrap_or_else(|e| panic!("{e}"));
        let token = Token::parse("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
            .unwrap_or_else(|| panic!("valid token"));
        Retry::new(&config.telegram, token, Arc::default())
    }

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let ms = |n| Duration::from_millis(n);
        assert_eq!(
            policy().pauses(),
            [
                ms(500),
                ms(1_000),
                ms(2_000),
                ms(4_000),
                ms(8_000),
                ms(16_000)
            ],
            "max_retries = 6 pauses from retry_base_ms, doubling"
        );
        let mut long = policy();
        long.max_retries = 12;
        assert_eq!(long.pauses().last(), Some(&Duration::from_secs(30)));
        assert_eq!(long.pauses().len(), 12);
    }

    #[test]
    fn server_errors_and_flood_control_are_retried_client_errors_are_not() {
        let unknown = |d: &str| RequestError::Api(ApiError::Unknown(d.to_string()));
        assert_eq!(
            classify(&unknown("Internal Server Error")),
            Verdict::Retry {
                at_least: Duration::ZERO
            }
        );
        assert_eq!(
            classify(&unknown("Bad Request: something new")),
            Verdict::Fail
        );
        assert_eq!(
            classify(&RequestError::RetryAfter(Seconds::from_seconds(3))),
            Verdict::Retry {
                at_least: Duration::from_secs(3)
            }
        );
        let html = serde_json::from_str::<serde_json::Value>("<html>");
        let invalid = RequestError::InvalidJson {
            source: Arc::new(html.err().unwrap_or_else(|| panic!("not JSON"))),
            raw: "<html>502 Bad Gateway</html>".into(),
        };
        assert!(matches!(classify(&invalid), Verdict::Retry { .. }));
        assert_eq!(
            classify(&RequestError::Api(ApiError::BotBlocked)),
            Verdict::Fail
        );
    }
}
