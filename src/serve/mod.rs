//! The web front end (`communique serve`, cargo feature `serve`): an HTTP API and an embeddable
//! chat widget, over the same library, language toolkit, storages, configuration and grace period
//! as the Telegram bot.
//!
//! Routes ([`ROUTES`], described in `openapi.json`, which a test checks against them):
//! - `POST /v1/ask`: `{"q", "session"?, "lang"?, "statement"?, "choice"?}` → the batch protocol's
//!   reply object, plus `session` (the id to send next time) and `citation` (the source line in
//!   the reply's language); [`api`].
//! - `GET /v1/statements`, `GET /v1/topics?statement=&lang=`, `GET /v1/labels` (the widget's
//!   labels in every reply language, from the language packs' `[web]`).
//! - `GET /health`, `GET /metrics` ([`metrics`]), `GET /openapi.json`.
//! - `GET /` (a demo page of the statement with the widget), `GET /widget.js`, `GET /widget.css`
//!   ([`assets`]).
//!
//! Sessions ([`sessions`]): an opaque random id per conversation, its state in the configured
//! storage under keys of its own, bounded and expiring.
//!
//! Invariants:
//! - A request the API refuses changes nothing: it is refused (with a JSON error saying what went
//!   wrong and what to do) before a session is read or written. 413: a body over
//!   `serve.max_body_bytes`; 415: not `application/json`; 400: not a JSON object, no string `q`, a
//!   field of the wrong type, an unknown `lang`; 404: an unknown statement; 429 (with
//!   `Retry-After`): over the client's rate limit.
//! - Nothing a client sends is ever put in HTML or a log unescaped; session ids are never logged
//!   whole.
//! - Stopping (SIGTERM, Ctrl-C): no new connections; the requests in flight get
//!   `telegram.shutdown_grace_secs`; a second signal exits at once.

pub mod api;
pub mod assets;
pub mod metrics;
pub mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::{PeerIpKeyExtractor, SmartIpKeyExtractor};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::lang::Toolkit;
use crate::live::{Selection, Shelf};
use crate::messages as msg;
use crate::service::{Signals, watch_knowledge};
use crate::telegram::config::{ClientIp, Config, ConfigError, ServeConfig};
use crate::telegram::storage::StorageError;
use api::ApiError;
use metrics::Metrics;
use sessions::Sessions;

/// Every route: method and path (the OpenAPI document lists exactly these).
pub const ROUTES: [(&str, &str); 10] = [
    ("POST", "/v1/ask"),
    ("GET", "/v1/statements"),
    ("GET", "/v1/topics"),
    ("GET", "/v1/labels"),
    ("GET", "/health"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
    ("GET", "/"),
    ("GET", "/widget.js"),
    ("GET", "/widget.css"),
];

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{}", msg::SERVE_LISTEN_FAILED.replace("{addr}", .addr).replace("{reason}", .reason))]
    Listen { addr: String, reason: String },
    #[error("{}", msg::SERVE_NO_RANDOMNESS.replace("{reason}", &.0.to_string()))]
    Randomness(#[from] sessions::NoRandomness),
}

/// What every handler shares.
pub struct App {
    pub shelf: Arc<Shelf>,
    pub sessions: Sessions,
    pub metrics: Metrics,
    /// `serve.max_body_bytes`.
    pub max_body: usize,
    /// Set once a stop signal arrived: new requests get 503.
    pub stopping: AtomicBool,
}

impl App {
    pub fn new(shelf: Arc<Shelf>, sessions: Sessions, max_body: usize) -> Arc<App> {
        Arc::new(App {
            shelf,
            sessions,
            metrics: Metrics::default(),
            max_body,
            stopping: AtomicBool::new(false),
        })
    }
}

/// The HTTP application: every route of [`ROUTES`], the API's rate limit and CORS, request
/// counting, and JSON for unknown routes and methods.
pub fn router(app: Arc<App>, config: &ServeConfig) -> Router {
    let api = Router::new()
        .route(
            "/v1/ask",
            post(api::ask).layer(DefaultBodyLimit::max(app.max_body)),
        )
        .route("/v1/statements", get(api::statements))
        .route("/v1/topics", get(api::topics))
        .route("/v1/labels", get(api::labels))
        .with_state(Arc::clone(&app));
    let api = rate_limited(api, config);
    let pages = Router::new()
        .route("/health", get(api::health))
        .route("/metrics", get(api::metrics))
        .route("/openapi.json", get(assets::openapi))
        .route("/", get(assets::index))
        .route("/widget.js", get(assets::widget_js))
        .route("/widget.css", get(assets::widget_css))
        .with_state(Arc::clone(&app));
    Router::new()
        .merge(api)
        .merge(pages)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app, count))
        // Outermost, so a preflight (OPTIONS) is answered before routing: the routes take only
        // GET or POST, and a 405 would carry no CORS headers.
        .layer(cors(config))
}

/// The API behind the per-client rate limit, when `serve.rate_limit.per_minute` is set.
fn rate_limited(api: Router, config: &ServeConfig) -> Router {
    let limit = &config.rate_limit;
    if limit.per_minute == 0 {
        return api;
    }
    let period_ms = (60_000 / limit.per_minute).max(1);
    let (per, burst) = (period_ms, limit.burst.max(1));
    match limit.client_ip {
        ClientIp::Peer => limit_by(api, PeerIpKeyExtractor, per, burst),
        ClientIp::Forwarded => limit_by(api, SmartIpKeyExtractor, per, burst),
    }
}

/// `api` behind governor's limiter keyed by `key`: one request per `period_ms` milliseconds, in
/// bursts of `burst`, a JSON 429 with `Retry-After` beyond.
fn limit_by<K>(api: Router, key: K, period_ms: u64, burst: u32) -> Router
where
    K: tower_governor::key_extractor::KeyExtractor + Send + Sync + 'static,
    K::Key: Send + Sync + 'static,
{
    let Some(governor) = GovernorConfigBuilder::default()
        .per_millisecond(period_ms)
        .burst_size(burst)
        .key_extractor(key)
        .finish()
    else {
        return api;
    };
    let governor = Arc::new(governor);
    let limiter = governor.limiter().clone();
    forget_idle_clients(move || limiter.retain_recent());
    api.layer(GovernorLayer::new(governor).error_handler(too_many_requests))
}

/// governor's refusal as the API's JSON error, with `Retry-After` in whole seconds.
fn too_many_requests(error: tower_governor::GovernorError) -> Response {
    let (status, headers, seconds) = match error {
        tower_governor::GovernorError::TooManyRequests { wait_time, headers } => {
            (StatusCode::TOO_MANY_REQUESTS, headers, wait_time.max(1))
        }
        tower_governor::GovernorError::UnableToExtractKey => {
            (StatusCode::INTERNAL_SERVER_ERROR, None, 0)
        }
        tower_governor::GovernorError::Other { code, headers, .. } => (code, headers, 0),
    };
    let mut response = ApiError::rate_limited(seconds).into_response();
    *response.status_mut() = status;
    if let Some(headers) = headers {
        response.headers_mut().extend(headers);
    }
    // Retry-After in whole seconds, whatever governor set.
    if status == StatusCode::TOO_MANY_REQUESTS
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Keeps the limiter's memory bounded: `forget` (the limiter's `retain_recent`, which drops the
/// clients whose quota is full again) runs each minute, as governor advises.
fn forget_idle_clients(forget: impl Fn() + Send + 'static) {
    if tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            forget();
        }
    });
}

/// CORS for the API: the configured origins may call it from their pages.
fn cors(config: &ServeConfig) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600));
    if config.cors_origins.iter().any(|o| o == "*") {
        return layer.allow_origin(AllowOrigin::any());
    }
    let origins: Vec<HeaderValue> = config
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    layer.allow_origin(AllowOrigin::list(origins))
}

/// The route label of a path: one of [`ROUTES`], else `other`.
pub fn route_of(path: &str) -> &'static str {
    ROUTES
        .iter()
        .map(|(_, route)| *route)
        .find(|route| *route == path)
        .unwrap_or("other")
}

/// Counts every request by route and status; a stopping server answers 503.
async fn count(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let route = route_of(request.uri().path());
    let response = if app.stopping.load(Ordering::Relaxed) && route != "/health" {
        ApiError::stopping().into_response()
    } else {
        next.run(request).await
    };
    app.metrics.request(route, response.status().as_u16());
    response
}

async fn not_found(request: Request) -> Response {
    ApiError::not_found(request.uri().path()).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::method_not_allowed().into_response()
}

/// A web server that is running.
pub struct Running {
    /// The address it really listens on (port 0 resolved).
    pub addr: SocketAddr,
    pub app: Arc<App>,
    grace: Duration,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl Running {
    /// Stops within `telegram.shutdown_grace_secs`: see [`Running::stop_within`].
    pub async fn stop(self) -> bool {
        let grace = self.grace;
        self.stop_within(grace).await
    }

    /// Takes no new connections, gives the requests in flight up to `grace` to finish, then ends
    /// the server; whether they all finished.
    pub async fn stop_within(self, grace: Duration) -> bool {
        let _ = self.stop.send(true);
        let abort = self.server.abort_handle();
        match tokio::time::timeout(grace, self.server).await {
            Ok(_) => true,
            Err(_) => {
                abort.abort();
                false
            }
        }
    }
}

/// Opens the session storage the configuration names and starts the server.
pub async fn start(config: &Config, shelf: Arc<Shelf>) -> Result<Running, ServeError> {
    let s = &config.serve;
    let spec = s.storage_spec(&config.telegram)?;
    let timeout = Duration::from_millis(config.telegram.storage_timeout_ms);
    let max = usize::try_from(s.max_sessions).unwrap_or(usize::MAX);
    let sessions = Sessions::open(&spec, s.session_ttl(), max, timeout).await?;
    start_with(config, shelf, sessions).await
}

/// Starts the server over `sessions`.
pub async fn start_with(
    config: &Config,
    shelf: Arc<Shelf>,
    sessions: Sessions,
) -> Result<Running, ServeError> {
    let s = &config.serve;
    // A machine that cannot make session ids should not start serving.
    sessions::SessionId::new()?;
    let listen = s.listen_addr()?;
    let tcp = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| ServeError::Listen {
            addr: listen.to_string(),
            reason: e.to_string(),
        })?;
    let addr = tcp.local_addr().unwrap_or(listen);
    let max_body = usize::try_from(s.max_body_bytes).unwrap_or(usize::MAX);
    let app = App::new(shelf, sessions, max_body);
    let routes = router(Arc::clone(&app), s);
    let (stop, mut stop_rx) = watch::channel(false);
    let server = tokio::spawn(async move {
        let stopped = async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        };
        let service = routes.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(err) = axum::serve(tcp, service)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!(%err, "the web server failed");
        }
    });
    Ok(Running {
        addr,
        app,
        grace: config.telegram.shutdown_grace(),
        stop,
        server,
    })
}

/// Runs the web server until Ctrl-C or SIGTERM, then stops within the grace period. With
/// `reload`, the knowledge directory is watched (every `telegram.reload_ms`).
pub async fn run(
    config: &Config,
    shelf: Arc<Shelf>,
    reload: Option<(std::path::PathBuf, Selection, Toolkit)>,
) -> Result<(), ServeError> {
    let t = &config.telegram;
    let mut signals = Signals::install();
    let _watching = match reload {
        Some((dir, selection, toolkit)) if t.reload_ms > 0 => watch_knowledge(
            &shelf,
            dir,
            selection,
            toolkit,
            Duration::from_millis(t.reload_ms),
        ),
        _ => None,
    };
    let running = tokio::select! {
        running = start(config, shelf) => running?,
        _ = signals.recv() => {
            tracing::info!("stop signal received during start-up; exiting");
            return Ok(());
        }
    };
    tracing::info!(
        addr = %running.addr,
        sessions = running.app.sessions.kind(),
        "serving the web API and widget on http://{}/ ; Ctrl-C or SIGTERM stops it",
        running.addr
    );
    signals.recv().await;
    let started = Instant::now();
    tracing::info!(
        grace_secs = t.shutdown_grace_secs,
        "stop signal received; finishing the requests in flight"
    );
    running.app.stopping.store(true, Ordering::Relaxed);
    let app = Arc::clone(&running.app);
    tokio::select! {
        finished = running.stop() => {
            if finished {
                tracing::info!(
                    took_ms = started.elapsed().as_millis() as u64,
                    answered = app.metrics.requests_of("/v1/ask", 200),
                    "web server stopped"
                );
            } else {
                tracing::warn!(
                    grace_secs = t.shutdown_grace_secs,
                    "web server stopped with requests still in flight"
                );
            }
        }
        _ = signals.recv() => {
            tracing::warn!("second stop signal: exiting now");
        }
    }
    Ok(())
}
