//! `GET /metrics`: what the web front end has done, in Prometheus' text format (0.0.4).
//!
//! - `communique_http_requests_total{route, status}`: every request, by route (one of
//!   [`super::ROUTES`], or `other`) and status code;
//! - `communique_replies_total{kind, lang}`: the replies `POST /v1/ask` gave, by kind (`answer`,
//!   `clarify`, `no-answer`, `small-talk`, `which-statement`) and language;
//! - `communique_ask_duration_seconds`: a histogram of how long `POST /v1/ask` took, from the
//!   request's arrival to its answer (reading the body, the session, answering, storing);
//! - `communique_sessions_created_total`, `communique_session_storage_failures_total`.
//!
//! Labels take values from fixed sets only (routes, kinds, languages the packs have), so the
//! number of series stays bounded whatever clients send.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The histogram's upper bounds, in seconds.
pub const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
];

/// The counters and the latency histogram.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    replies: Mutex<BTreeMap<(String, String), u64>>,
    /// Per bucket of [`BUCKETS`], then +Inf: observations at most that bound (not cumulative).
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
    count: AtomicU64,
    pub sessions_created: AtomicU64,
}

impl Metrics {
    /// One request to `route` answered with `status`.
    pub fn request(&self, route: &'static str, status: u16) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((route, status)).or_default() += 1;
        }
    }

    /// One reply of `kind` in `lang`, that took `took`.
    pub fn reply(&self, kind: &str, lang: &str, took: Duration) {
        if let Ok(mut replies) = self.replies.lock() {
            *replies
                .entry((kind.to_string(), lang.to_string()))
                .or_default() += 1;
        }
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|&bound| seconds <= bound)
            .unwrap_or(BUCKETS.len());
        if let Some(counter) = self.buckets.get(bucket) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        self.sum_micros.fetch_add(
            u64::try_from(took.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests counted so far to `route` with `status`.
    pub fn requests_of(&self, route: &'static str, status: u16) -> u64 {
        self.requests
            .lock()
            .map_or(0, |r| r.get(&(route, status)).copied().unwrap_or(0))
    }

    /// The exposition, with `storage_failures` from the session storage.
    pub fn render(&self, storage_failures: u64) -> String {
        let mut out = String::new();
        out.push_str("# HELP communique_http_requests_total HTTP requests, by route and status.\n");
        out.push_str("# TYPE communique_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "communique_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str(
            "# HELP communique_replies_total Replies to POST /v1/ask, by kind and language.\n",
        );
        out.push_str("# TYPE communique_replies_total counter\n");
        if let Ok(replies) = self.replies.lock() {
            for ((kind, lang), n) in replies.iter() {
                let _ = writeln!(
                    out,
                    "communique_replies_total{{kind=\"{}\",lang=\"{}\"}} {n}",
                    label(kind),
                    label(lang)
                );
            }
        }
        out.push_str(
            "# HELP communique_ask_duration_seconds How long POST /v1/ask took to answer.\n",
        );
        out.push_str("# TYPE communique_ask_duration_seconds histogram\n");
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            cumulative += self.buckets.get(i).map_or(0, |b| b.load(Ordering::Relaxed));
            let _ = writeln!(
                out,
                "communique_ask_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "communique_ask_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "communique_ask_duration_seconds_sum {}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "communique_ask_duration_seconds_count {count}");
        out.push_str("# HELP communique_sessions_created_total Web sessions started.\n");
        out.push_str("# TYPE communique_sessions_created_total counter\n");
        let _ = writeln!(
            out,
            "communique_sessions_created_total {}",
            self.sessions_created.load(Ordering::Relaxed)
        );
        out.push_str("# HELP communique_session_storage_failures_total Session storage operations that failed or timed out.\n");
        out.push_str("# TYPE communique_session_storage_failures_total counter\n");
        let _ = writeln!(
            out,
            "communique_session_storage_failures_total {storage_failures}"
        );
        out
    }
}

/// A label value with the characters Prometheus' format escapes escaped.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_counts_and_the_histogram_is_cumulative() {
        let metrics = Metrics::default();
        metrics.request("/v1/ask", 200);
        metrics.request("/v1/ask", 200);
        metrics.request("/v1/ask", 413);
        metrics.reply("answer", "en", Duration::from_micros(700));
        metrics.reply("no-answer", "ms", Duration::from_millis(30));
        metrics.reply("answer", "en", Duration::from_secs(3));
        let text = metrics.render(1);
        for line in [
            "communique_http_requests_total{route=\"/v1/ask\",status=\"200\"} 2",
            "communique_http_requests_total{route=\"/v1/ask\",status=\"413\"} 1",
            "communique_replies_total{kind=\"answer\",lang=\"en\"} 2",
            "communique_replies_total{kind=\"no-answer\",lang=\"ms\"} 1",
            "communique_ask_duration_seconds_bucket{le=\"0.0005\"} 0",
            "communique_ask_duration_seconds_bucket{le=\"0.001\"} 1",
            "communique_ask_duration_seconds_bucket{le=\"0.05\"} 2",
            "communique_ask_duration_seconds_bucket{le=\"1\"} 2",
            "communique_ask_duration_seconds_bucket{le=\"+Inf\"} 3",
            "communique_ask_duration_seconds_count 3",
            "communique_session_storage_failures_total 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
        }
    }
}
