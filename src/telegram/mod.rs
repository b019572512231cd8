//! The Telegram bot (`communique telegram`, cargo feature `telegram`) on teloxide: long polling or
//! a webhook, with conversations in memory, SQLite or Redis ([`storage`]).
//!
//! [`start`] checks the token with `getMe`, registers the commands, and spawns the dispatcher over
//! [`handlers::schema`], fed by long polling or (webhook mode) by teloxide's axum webhook router,
//! which this module serves with a health endpoint added; it returns a [`Running`] bot that
//! [`Running::stop`] shuts down through the dispatcher's `ShutdownToken`. [`serve`] is what the
//! command runs: open the storage, start, wait for Ctrl-C or SIGTERM, stop.
//!
//! Invariants:
//! - The token lives in a [`config::Token`] and the teloxide `Bot` (whose `Debug` prints it): no
//!   type here that holds either derives or prints `Debug` of them, and every error string logged
//!   passes through [`config::Token::redact`].
//! - Every Bot API call that carries an answer goes through [`retry::Retry`]; a failure that
//!   survives the retries is logged and the bot goes on with the next update. Nothing panics.
//! - Delivery is at-least-once with few duplicates: when a connection drops after Telegram took a
//!   message, the bot cannot know, and its retry sends the message again.
//! - Messages are rate limited by teloxide's `Throttle` with the configured limits.
//! - Webhook mode: every update request must carry the configured secret in
//!   `X-Telegram-Bot-Api-Secret-Token` (teloxide's router answers 401 otherwise). Each instance
//!   registers the same URL and secret at start-up and never deletes the webhook when it stops, so
//!   one instance stopping does not cut off the others. The secret is never logged.

pub mod config;
pub mod handlers;
pub mod render;
pub mod retry;
pub mod storage;

/// The teloxide this bot is built on, for callers (and tests) that need its types.
pub use teloxide;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::{Limits, Settings};
use teloxide::dispatching::ShutdownToken;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::update_listeners::Polling;
use teloxide::update_listeners::webhooks;
use teloxide::utils::command::BotCommands;
use teloxide::{ApiError, RequestError};
use tokio::task::JoinHandle;

use crate::engine::Engine;
use crate::messages as msg;
use config::{Config, Mode, Token};
use handlers::{BotStorage, Command};
use retry::{Retry, Stats};

/// The requester every handler uses: the bot behind the rate limiter.
pub type TgBot = Throttle<Bot>;

/// Why the bot could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    #[error("{0}")]
    Token(String),
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Storage(#[from] storage::StorageError),
    #[error("{0}")]
    Webhook(String),
}

/// A bot whose dispatcher is running.
pub struct Running {
    /// The bot account, from `getMe`.
    pub me: Me,
    pub stats: Arc<Stats>,
    pub storage: Arc<BotStorage>,
    /// Webhook mode: the address the HTTP server really listens on (port 0 resolved).
    pub webhook_addr: Option<SocketAddr>,
    shutdown: ShutdownToken,
    dispatcher: JoinHandle<()>,
    server: Option<JoinHandle<()>>,
}

impl Running {
    /// Stops polling, lets the handlers that are running finish, and waits for the dispatcher.
    pub async fn stop(self) {
        loop {
            // `shutdown` fails while the dispatcher is still starting: try again shortly. Once it
            // succeeds the dispatcher is switched to shutting down; its task ends when the updates
            // in hand are handled. (The future `shutdown` returns is not awaited: teloxide 0.17
            // can notify it before it is first polled, and it then never wakes.)
            match self.shutdown.shutdown() {
                Ok(_) => break,
                Err(_) if self.dispatcher.is_finished() => break,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
        if let Err(err) = self.dispatcher.await {
            tracing::error!(%err, "the dispatcher task failed");
        }
        if let Some(server) = self.server {
            // The dispatcher's stop ends the webhook server gracefully; bound the wait for
            // connections a client keeps open.
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        tracing::info!(
            answered = self.stats.answered(),
            retries = self.stats.retries(),
            gave_up = self.stats.gave_up(),
            "bot stopped"
        );
    }

    /// Whether the dispatcher has ended by itself (it only does on a fatal start-up error).
    pub fn is_finished(&self) -> bool {
        self.dispatcher.is_finished()
    }
}

/// Logs handler and polling errors through `tracing`, with the token removed.
struct LogErrors {
    token: Token,
    what: &'static str,
}

impl<E: std::fmt::Display + Send + 'static> ErrorHandler<E> for LogErrors {
    fn handle_error(self: Arc<Self>, error: E) -> futures_core_free::BoxFuture<'static, ()> {
        let error = self.token.redact(&error.to_string());
        let what = self.what;
        Box::pin(async move {
            tracing::error!(%error, "{what}");
        })
    }
}

/// `futures::future::BoxFuture` without depending on `futures` for one alias.
mod futures_core_free {
    pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
}

/// Starts the bot: checks the token (`getMe`), registers the commands, spawns the dispatcher.
pub async fn start(
    config: &Config,
    token: Token,
    engine: Arc<Engine>,
    storage: Arc<BotStorage>,
) -> Result<Running, StartError> {
    let t = &config.telegram;
    let url = t
        .api_url
        .parse()
        .map_err(|e| StartError::Unreachable(format!("telegram.api_url {:?}: {e}", t.api_url)))?;
    let plain = Bot::new(token.expose()).set_api_url(url);
    let limits = Limits {
        messages_per_sec_chat: t.limits.messages_per_sec_chat,
        messages_per_min_chat: t.limits.messages_per_min_chat,
        messages_per_min_channel_or_supergroup: t.limits.messages_per_min_channel_or_supergroup,
        messages_per_sec_overall: t.limits.messages_per_sec_overall,
    };
    let settings = Settings::default()
        .limits(limits)
        .on_queue_full(|pending| async move {
            tracing::warn!(pending, "rate limiter queue is full; messages wait");
        });
    let bot: TgBot = Throttle::spawn_with_settings(plain, settings);
    let stats = Arc::new(Stats::default());
    let retry = Retry::new(t, token.clone(), Arc::clone(&stats));

    let me = match retry.send("getMe", bot.get_me()).await {
        Ok(me) => me,
        Err(RequestError::Api(err @ ApiError::InvalidToken)) => {
            return Err(StartError::Token(
                msg::TG_TOKEN_REJECTED.replace("{reason}", &token.redact(&err.to_string())),
            ));
        }
        Err(err) => {
            return Err(StartError::Unreachable(
                msg::TG_UNREACHABLE
                    .replace("{url}", &t.api_url)
                    .replace("{reason}", &token.redact(&err.to_string())),
            ));
        }
    };
    tracing::info!(username = me.username(), "connected to the Bot API");
    // The command menu in the statement's language for everyone, and in each other reply
    // language for users whose Telegram is set to it (language_code "ms").
    let own = engine.voice();
    let mut menus = vec![bot.set_my_commands(command_menu(own))];
    for lang in engine.languages().into_iter().skip(1) {
        menus.push(
            bot.set_my_commands(command_menu(engine.voice_in(lang)))
                .language_code(lang.code()),
        );
    }
    for menu in menus {
        if let Err(err) = retry.send("setMyCommands", menu).await {
            // The bot works without the command menu; say so and go on.
            tracing::warn!(error = %token.redact(&err.to_string()), "could not register the command menu");
        }
    }

    let mut dispatcher = Dispatcher::builder(bot.clone(), handlers::schema())
        .dependencies(dptree::deps![engine, Arc::clone(&storage), retry.clone()])
        .error_handler(Arc::new(LogErrors {
            token: token.clone(),
            what: "an update's handler failed",
        }))
        .default_handler(|update| async move {
            tracing::debug!(update_id = update.id.0, "update ignored");
        })
        .build();
    let shutdown = dispatcher.shutdown_token();
    let listener_errors = Arc::new(LogErrors {
        token: token.clone(),
        what: "getUpdates failed; polling again after a pause",
    });
    let (dispatcher, server, webhook_addr) = match t.mode() {
        Mode::Polling => {
            let poll_timeout = Duration::from_secs(u64::from(t.poll_timeout_secs));
            let backoff_max = Duration::from_secs(t.poll_backoff_max_secs.max(1));
            let poll_bot = bot.clone();
            let token = token.clone();
            let dispatcher = tokio::spawn(async move {
                let listener = Polling::builder(poll_bot)
                    .timeout(poll_timeout)
                    .backoff_strategy(move |errors| {
                        Duration::from_millis(250u64 << errors.min(10)).min(backoff_max)
                    })
                    .delete_webhook()
                    .await
                    .build();
                if let Err(err) = dispatcher
                    .try_dispatch_with_listener(listener, listener_errors)
                    .await
                {
                    tracing::error!(error = %token.redact(&err.to_string()), "the dispatcher could not start");
                }
            });
            (dispatcher, None, None)
        }
        Mode::Webhook => {
            let (listener, stop_flag, router, addr, tcp) =
                webhook(config, &bot, &retry, &token, Arc::clone(&storage)).await?;
            let server = tokio::spawn(async move {
                if let Err(err) = axum::serve(tcp, router)
                    .with_graceful_shutdown(stop_flag)
                    .await
                {
                    tracing::error!(%err, "the webhook server failed");
                }
            });
            let token = token.clone();
            let dispatcher = tokio::spawn(async move {
                if let Err(err) = dispatcher
                    .try_dispatch_with_listener(listener, listener_errors)
                    .await
                {
                    tracing::error!(error = %token.redact(&err.to_string()), "the dispatcher could not start");
                }
            });
            tracing::info!(%addr, "webhook server listening");
            (dispatcher, Some(server), Some(addr))
        }
    };
    Ok(Running {
        me,
        stats,
        storage,
        webhook_addr,
        shutdown,
        dispatcher,
        server,
    })
}

/// Webhook mode's set-up: listens on `telegram.webhook.listen`, registers the webhook (URL and
/// secret) with `setWebhook`, and builds teloxide's webhook router (which checks the secret on
/// every request) with the health endpoint added. teloxide's `axum_no_setup` is used rather than
/// `axum_to_router` because the latter deletes the webhook when the bot stops, which would cut off
/// every other instance.
async fn webhook(
    config: &Config,
    bot: &TgBot,
    retry: &Retry,
    token: &Token,
    storage: Arc<BotStorage>,
) -> Result<
    (
        impl teloxide::update_listeners::UpdateListener<Err = std::convert::Infallible> + use<>,
        impl std::future::Future<Output = ()> + Send + use<>,
        axum::Router,
        SocketAddr,
        tokio::net::TcpListener,
    ),
    StartError,
> {
    let w = &config.telegram.webhook;
    let listen = w.listen_addr()?;
    let url = w.public_url()?;
    let secret = w.secret_token.expose().to_string();
    let tcp = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        StartError::Webhook(
            msg::TG_WEBHOOK_LISTEN_FAILED
                .replace("{addr}", &listen.to_string())
                .replace("{reason}", &e.to_string()),
        )
    })?;
    let addr = tcp.local_addr().unwrap_or(listen);
    let request = bot
        .set_webhook(url.clone())
        .secret_token(secret.clone())
        .drop_pending_updates(false);
    if let Err(err) = retry.send("setWebhook", request).await {
        return Err(StartError::Webhook(
            msg::TG_WEBHOOK_REFUSED
                .replace("{url}", url.as_str())
                .replace(
                    "{reason}",
                    &token.redact(&err.to_string()).replace(&secret, "<secret>"),
                ),
        ));
    }
    let mut options = webhooks::Options::new(addr, url);
    // Set directly: `Options::secret_token` panics on an invalid secret (validated at load).
    options.secret_token = Some(secret);
    let (listener, stop_flag, router) = webhooks::axum_no_setup(options);
    let router = router.route(
        &w.health_path,
        axum::routing::get(move || {
            let storage = Arc::clone(&storage);
            async move { health(&storage) }
        }),
    );
    Ok((listener, stop_flag, router, addr, tcp))
}

/// The health endpoint: 200 while the bot runs, with the storage's state in the body (a bot whose
/// storage is down still answers, without context, so it stays in the load balancer's pool).
fn health(storage: &BotStorage) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = format!(
        "{{\"status\":\"ok\",\"storage\":\"{}\"}}",
        if storage.is_healthy() { "up" } else { "down" }
    );
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// The command menu in `voice`'s language: Telegram wants bare names ("help"), teloxide's derive
/// gives "/help"; descriptions come from the language pack's `[telegram.commands]`, else the
/// derive's.
pub fn command_menu(voice: &crate::voice::Voice) -> Vec<teloxide::types::BotCommand> {
    let described = &voice.phrases().telegram.commands;
    Command::bot_commands()
        .into_iter()
        .map(|c| {
            let name = c.command.trim_start_matches('/').to_string();
            let description = described.get(&name).cloned().unwrap_or(c.description);
            teloxide::types::BotCommand::new(name, description)
        })
        .collect()
}

/// Runs the bot until Ctrl-C or SIGTERM, then shuts down cleanly.
pub async fn serve(config: &Config, token: Token, engine: Arc<Engine>) -> Result<(), StartError> {
    let t = &config.telegram;
    let storage = BotStorage::open(
        &t.storage_spec()?,
        Duration::from_millis(t.storage_timeout_ms),
    )
    .await?;
    let running = start(config, token, engine, storage).await?;
    match running.webhook_addr {
        Some(addr) => tracing::info!(
            %addr,
            health = %t.webhook.health_path,
            "serving the webhook; Ctrl-C or SIGTERM stops the bot"
        ),
        None => tracing::info!("polling for updates; Ctrl-C or SIGTERM stops the bot"),
    }
    let finished = wait_for_stop_signal(&running).await;
    if finished {
        tracing::error!("the dispatcher ended by itself");
    } else {
        tracing::info!("stop signal received; finishing the updates in hand");
    }
    running.stop().await;
    Ok(())
}

/// Waits for Ctrl-C, SIGTERM or the dispatcher's own end (true then).
async fn wait_for_stop_signal(running: &Running) -> bool {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    loop {
        #[cfg(unix)]
        let sigterm = async {
            match term.as_mut() {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let sigterm = std::future::pending::<()>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return false,
            _ = sigterm => return false,
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                if running.is_finished() {
                    return true;
                }
            }
        }
    }
}

/// Sets up logging to stderr: `RUST_LOG` if set, else the configured filter. teloxide's own `log`
/// records are routed into the same output.
pub fn init_logging(filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // A second initialisation (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
