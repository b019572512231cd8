//! The Telegram bot (`communique telegram`, cargo feature `telegram`): long polling or a webhook,
//! with conversations in memory, SQLite or Redis ([`storage`]).
//!
//! [`start`] checks the token with `getMe`, registers the commands, and spawns teloxide's
//! dispatcher over [`handlers::schema`], fed through a channel by this bot's own polling loop
//! ([`polling`]) or webhook route ([`webhook`]). It returns a [`Running`] bot that
//! [`Running::stop`] shuts down within the grace period. [`serve`] is what the command runs: open
//! the storage, start, wait for Ctrl-C or SIGTERM, stop.
//!
//! Delivery (README, "Delivery guarantees"): an update is confirmed to Telegram (polling: the
//! `getUpdates` offset; webhook: the 200 answer) only once it is handled, or (polling) parked in
//! the storage's inbox because its chat's replies are held, and handled update ids are remembered
//! in the configured storage ([`processed`]), so an update delivered again after a crash is not
//! answered twice ([`ledger`]). It is at-least-once with few duplicates, not exactly-once: a reply
//! Telegram accepted just before a crash, or whose connection dropped after Telegram took it, can
//! be sent again. In polling mode with a shared storage one instance polls at a time ([`lease`]).
//!
//! Invariants:
//! - The token lives in a [`config::Token`] and the teloxide `Bot` (whose `Debug` prints it): no
//!   type here that holds either derives or prints `Debug` of them, and every error string logged
//!   passes through [`config::Token::redact`].
//! - Every Bot API call that carries an answer goes through [`retry::Retry`] (replies through the
//!   [`Outbox`], which uses the same policy per chat); a failure that survives the retries is
//!   logged and the bot goes on with the next update. Nothing panics, and logging cannot stop the
//!   bot ([`logging`]).
//! - Replies go through the [`Outbox`] ([`delivery`]): Telegram's rate limits, and each chat's
//!   waits and retries on its own, so one chat in trouble holds only itself. HTML is the default
//!   parse mode.
//! - Stopping: no new updates are taken, the ones in hand get `shutdown_grace_secs` to finish,
//!   then the bot exits; what was not done stays unconfirmed (or parked) for the next instance,
//!   and only then is the polling lease released. A second signal exits at once; a signal during
//!   start-up exits cleanly.
//! - Webhook mode: every update request must carry the configured secret. Each instance
//!   registers the same URL and secret at start-up and never deletes the webhook when it stops, so
//!   one instance stopping does not cut off the others. The secret is never logged.

pub mod config;
pub mod delivery;
pub mod handlers;
pub mod lease;
pub mod ledger;
pub mod logging;
pub mod polling;
pub mod processed;
pub mod render;
pub mod retry;
pub mod state;
pub mod storage;
pub mod webhook;

/// The teloxide this bot is built on, for callers (and tests) that need its types.
pub use teloxide;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use teloxide::adaptors::DefaultParseMode;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{Me, ParseMode};
use teloxide::utils::command::BotCommands;
use teloxide::{ApiError, RequestError};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::lang::Toolkit;
use crate::live::{Selection, Shelf};
use crate::messages as msg;
use crate::service::Signals;
use config::{Config, Mode, Token};
use delivery::Outbox;
use handlers::{BotStorage, Command};
use ledger::Ledger;
use processed::ProcessedLog;
use retry::{Retry, Stats};

/// The requester every handler uses: the bot with HTML by default (replies go through the
/// [`Outbox`], which keeps Telegram's rate limits per chat and for the bot).
pub type TgBot = DefaultParseMode<Bot>;

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
    pub ledger: Arc<Ledger>,
    /// Webhook mode: the address the HTTP server really listens on (port 0 resolved).
    pub webhook_addr: Option<SocketAddr>,
    bot: TgBot,
    token: Token,
    grace: Duration,
    stop_polling: watch::Sender<bool>,
    poller: Option<JoinHandle<()>>,
    /// Polling with a shared storage: the lease, released after the last confirmation.
    lease: Option<Arc<lease::Lease>>,
    /// The last `getUpdates` ended in 409 Conflict.
    conflicted: Arc<AtomicBool>,
    hook: Option<Arc<webhook::Hook>>,
    stop_server: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
    dispatcher: JoinHandle<()>,
}

impl Running {
    /// Stops within the configured `shutdown_grace_secs`: see [`Running::stop_within`].
    pub async fn stop(self) {
        let grace = self.grace;
        self.stop_within(grace).await;
    }

    /// Takes no new updates, gives the ones in hand up to `grace` to finish, confirms what is
    /// done (polling), and ends the bot's tasks. Updates not done by then stay unconfirmed, so
    /// Telegram delivers them to the next instance.
    pub async fn stop_within(self, grace: Duration) {
        let _ = self.stop_polling.send(true);
        if let Some(hook) = &self.hook {
            hook.stop_accepting();
        }
        let drained = self.ledger.drain(grace).await;
        let left = self.ledger.in_flight();
        // From here on a handler that ends is being cut off: nothing more is recorded as done.
        self.ledger.close();
        if let Some(poller) = self.poller {
            let _ = poller.await;
            // Not while another instance polls: the confirmation would cut its poll short.
            let polls_alone = !self.conflicted.load(Ordering::Relaxed)
                && self.lease.as_ref().is_none_or(|l| l.is_held());
            if polls_alone {
                polling::confirm(&self.bot, &self.ledger, &self.token).await;
            }
        }
        if let Some(lease) = &self.lease {
            lease.release().await;
        }
        let _ = self.stop_server.send(true);
        if let Some(server) = self.server {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_millis(500), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        drop(self.hook);
        // With every sender gone the dispatcher's stream ends; its workers are idle if drained.
        let abort = self.dispatcher.abort_handle();
        if !drained
            || tokio::time::timeout(Duration::from_secs(1), self.dispatcher)
                .await
                .is_err()
        {
            abort.abort();
        }
        if drained {
            tracing::info!(
                answered = self.stats.answered(),
                retries = self.stats.retries(),
                gave_up = self.stats.gave_up(),
                "bot stopped"
            );
        } else {
            tracing::warn!(
                answered = self.stats.answered(),
                unanswered = left,
                grace_secs = grace.as_secs(),
                "bot stopped with updates still in hand; they stay unconfirmed for the next start"
            );
        }
    }

    /// Whether this instance holds the polling lease (always false without one).
    pub fn holds_lease(&self) -> bool {
        self.lease.as_ref().is_some_and(|l| l.is_held())
    }

    /// Whether the dispatcher has ended by itself (it only does on a fatal start-up error).
    pub fn is_finished(&self) -> bool {
        self.dispatcher.is_finished()
    }
}

/// Logs handler errors through `tracing`, with the token removed.
struct LogErrors {
    token: Token,
}

impl<E: std::fmt::Display + Send + 'static> ErrorHandler<E> for LogErrors {
    fn handle_error(self: Arc<Self>, error: E) -> futures::future::BoxFuture<'static, ()> {
        let error = self.token.redact(&error.to_string());
        Box::pin(async move {
            tracing::error!(%error, "an update's handler failed");
        })
    }
}

/// The Bot API client: the configured server, HTML by default. Telegram's rate limits are kept
/// by the [`Outbox`], per chat.
pub fn client(config: &Config, token: &Token) -> Result<TgBot, StartError> {
    let t = &config.telegram;
    let url = t
        .api_url
        .parse()
        .map_err(|e| StartError::Unreachable(format!("telegram.api_url {:?}: {e}", t.api_url)))?;
    Ok(Bot::new(token.expose())
        .set_api_url(url)
        .parse_mode(ParseMode::Html))
}

/// Starts the bot: checks the token (`getMe`), registers the commands, opens the processed-update
/// log next to `storage`, spawns the dispatcher and the polling loop or webhook server.
pub async fn start(
    config: &Config,
    token: Token,
    shelf: Arc<Shelf>,
    storage: Arc<BotStorage>,
) -> Result<Running, StartError> {
    let t = &config.telegram;
    let bot = client(config, &token)?;
    let stats = Arc::new(Stats::default());
    let retry = Retry::new(t, token.clone(), Arc::clone(&stats));
    let outbox = Arc::new(Outbox::new(t.limits, retry.clone()));

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
    let library = shelf.library();
    let many = library.is_many();
    if let Some(engine) = library
        .home()
        .or_else(|| library.entries().first())
        .map(|entry| entry.engine())
    {
        let served = Served {
            many,
            languages: engine.languages().len(),
        };
        let mut menus = vec![bot.set_my_commands(command_menu(engine.voice(), served))];
        for lang in engine.languages().into_iter().skip(1) {
            menus.push(
                bot.set_my_commands(command_menu(engine.voice_in(lang), served))
                    .language_code(lang.code()),
            );
        }
        for menu in menus {
            if let Err(err) = retry.send("setMyCommands", menu).await {
                // The bot works without the command menu; say so and go on.
                tracing::warn!(error = %token.redact(&err.to_string()), "could not register the command menu");
            }
        }
    }
    let log = ProcessedLog::open(
        storage.spec(),
        me.id.0 as i64,
        Duration::from_millis(t.storage_timeout_ms),
    )
    .await?;
    let lease = match t.mode {
        Mode::Polling => log.lease(lease::holder_name(), t.lease()).map(Arc::new),
        Mode::Webhook => None,
    };
    // A parked update may wait in its chat's queue of the dispatcher (or its reply in the
    // chat's delivery queue), so the dispatcher's queues must hold every parked one.
    let park_limit = t.max_in_flight as usize * 10;
    let ledger = Ledger::new(log, park_limit);
    if !ledger.is_durable() {
        tracing::info!(
            "handled updates are remembered in memory only: after a crash, replies in flight may be sent twice"
        );
    }

    let (tx, rx) = mpsc::channel(t.max_in_flight as usize);
    let mut dispatcher = Dispatcher::builder(bot.clone(), handlers::schema())
        // A chat's queue never fills (which would stop the dispatcher for every chat): it holds
        // at most every working and parked update.
        .worker_queue_size(t.max_in_flight as usize + park_limit + 1)
        .dependencies(dptree::deps![
            shelf,
            Arc::clone(&storage),
            Arc::clone(&outbox),
            Arc::clone(&ledger),
            question_log(config)
        ])
        .error_handler(Arc::new(LogErrors {
            token: token.clone(),
        }))
        .default_handler(|update| async move {
            tracing::debug!(update_id = update.id.0, "update ignored");
        })
        .build();
    let (stop_polling, stop_polling_rx) = watch::channel(false);
    let (stop_server, mut stop_server_rx) = watch::channel(false);
    let mut running = Running {
        me,
        stats,
        storage: Arc::clone(&storage),
        ledger: Arc::clone(&ledger),
        webhook_addr: None,
        bot: bot.clone(),
        token: token.clone(),
        grace: t.shutdown_grace(),
        stop_polling,
        poller: None,
        lease: lease.clone(),
        conflicted: Arc::new(AtomicBool::new(false)),
        hook: None,
        stop_server,
        server: None,
        dispatcher: tokio::spawn(async {}),
    };
    match t.mode {
        Mode::Polling => {
            // Polling and a webhook exclude each other: remove one left from webhook mode.
            match retry.send("getWebhookInfo", bot.get_webhook_info()).await {
                Ok(info) if info.url.is_some() => {
                    if let Err(err) = retry.send("deleteWebhook", bot.delete_webhook()).await {
                        tracing::warn!(error = %token.redact(&err.to_string()), "could not delete the webhook");
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %token.redact(&err.to_string()), "could not read the webhook state")
                }
            }
            let settings = polling::Settings {
                poll_timeout: Duration::from_secs(u64::from(t.poll_timeout_secs)),
                backoff_max: Duration::from_secs(t.poll_backoff_max_secs.max(1)),
                max_in_flight: t.max_in_flight as usize,
            };
            let poller = polling::Poller {
                bot: bot.clone(),
                ledger: Arc::clone(&ledger),
                outbox: Arc::clone(&outbox),
                tx,
                settings,
                token: token.clone(),
                lease,
                conflicted: Arc::clone(&running.conflicted),
            };
            running.poller = Some(tokio::spawn(polling::run(poller, stop_polling_rx)));
        }
        Mode::Webhook => {
            let w = &t.webhook;
            let listen = w.listen_addr()?;
            let url = w.public_url()?;
            let tcp = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
                StartError::Webhook(
                    msg::TG_WEBHOOK_LISTEN_FAILED
                        .replace("{addr}", &listen.to_string())
                        .replace("{reason}", &e.to_string()),
                )
            })?;
            let addr = tcp.local_addr().unwrap_or(listen);
            let secret = w.secret_token.expose();
            let request = bot
                .set_webhook(url.clone())
                .secret_token(secret.to_string())
                .allowed_updates(polling::allowed_updates())
                .drop_pending_updates(false);
            if let Err(err) = retry.send("setWebhook", request).await {
                return Err(StartError::Webhook(
                    msg::TG_WEBHOOK_REFUSED
                        .replace("{url}", url.as_str())
                        .replace(
                            "{reason}",
                            &token.redact(&err.to_string()).replace(secret, "<secret>"),
                        ),
                ));
            }
            let hook = Arc::new(webhook::Hook {
                secret: w.secret_token.clone(),
                ledger: Arc::clone(&ledger),
                tx,
                stopping: AtomicBool::new(false),
                storage: Arc::clone(&storage),
            });
            let path = match url.path() {
                "" => "/",
                path => path,
            };
            let router = webhook::router(Arc::clone(&hook), path, &w.health_path);
            running.server = Some(tokio::spawn(async move {
                let stop = async move {
                    let _ = stop_server_rx.wait_for(|stop| *stop).await;
                };
                if let Err(err) = axum::serve(tcp, router).with_graceful_shutdown(stop).await {
                    tracing::error!(%err, "the webhook server failed");
                }
            }));
            running.hook = Some(hook);
            running.webhook_addr = Some(addr);
            tracing::info!(%addr, "webhook server listening");
        }
    }
    let token = token.clone();
    running.dispatcher = tokio::spawn(async move {
        let listener = polling::listener(rx);
        let errors = teloxide::error_handlers::LoggingErrorHandler::new();
        if let Err(err) = dispatcher
            .try_dispatch_with_listener(listener, errors)
            .await
        {
            tracing::error!(error = %token.redact(&err.to_string()), "the dispatcher could not start");
        }
    });
    Ok(running)
}

/// The command menu in `voice`'s language: Telegram wants bare names ("help"), teloxide's derive
/// gives "/help"; descriptions come from the language pack's `[telegram.commands]`, else the
/// derive's. Commands with nothing to choose from are left out: `/statements` and `/use` with one
/// statement served, `/lang` with one reply language.
pub fn command_menu(
    voice: &crate::voice::Voice,
    served: Served,
) -> Vec<teloxide::types::BotCommand> {
    let described = &voice.phrases().telegram.commands;
    let pointless = |command: &str| match command {
        "/statements" | "/use" => !served.many,
        "/lang" => served.languages < 2,
        _ => false,
    };
    Command::bot_commands()
        .into_iter()
        .filter(|c| !pointless(&c.command))
        .map(|c| {
            let name = c.command.trim_start_matches('/').to_string();
            let description = described.get(&name).cloned().unwrap_or(c.description);
            teloxide::types::BotCommand::new(name, description)
        })
        .collect()
}

/// What the bot serves, as far as its command menu is concerned.
#[derive(Debug, Clone, Copy)]
pub struct Served {
    /// More than one statement.
    pub many: bool,
    /// How many languages replies can be given in.
    pub languages: usize,
}

/// The question log `[log] questions` names, if any; its failures go to the bot's log (once per
/// run of failures) and never stop an answer.
fn question_log(config: &Config) -> handlers::Questions {
    let Some(path) = config.log.questions_path() else {
        return handlers::Questions(None);
    };
    let report = |err: &communique_review::LogError| {
        tracing::warn!(
            "{}",
            msg::QUESTION_LOG_FAILED.replace("{error}", &err.to_string())
        );
    };
    let log = communique_review::QuestionLog::open(&path, config.log.settings(), Box::new(report));
    tracing::info!(path = %path.display(), "logging questions (docs/curation.md)");
    handlers::Questions(Some(Arc::new(log)))
}

/// Runs the bot until Ctrl-C or SIGTERM, then shuts down within the grace period. With `reload`
/// (the knowledge directory and what to serve of it), the directory is watched and changed
/// packages are swapped into `shelf` (every `telegram.reload_ms`).
pub async fn serve(
    config: &Config,
    token: Token,
    shelf: Arc<Shelf>,
    reload: Option<(std::path::PathBuf, Selection, Toolkit)>,
) -> Result<(), StartError> {
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
    let starting = async {
        let storage =
            BotStorage::open(&t.storage, Duration::from_millis(t.storage_timeout_ms)).await?;
        start(config, token, shelf, storage).await
    };
    let running = tokio::select! {
        running = starting => running?,
        _ = signals.recv() => {
            tracing::info!("stop signal received during start-up; exiting");
            return Ok(());
        }
    };
    match running.webhook_addr {
        Some(addr) => tracing::info!(
            %addr,
            health = %t.webhook.health_path,
            "serving the webhook; Ctrl-C or SIGTERM stops the bot"
        ),
        None => tracing::info!("polling for updates; Ctrl-C or SIGTERM stops the bot"),
    }
    let finished = loop {
        tokio::select! {
            _ = signals.recv() => break false,
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                if running.is_finished() {
                    break true;
                }
            }
        }
    };
    if finished {
        tracing::error!("the dispatcher ended by itself");
    } else {
        tracing::info!(
            in_flight = running.ledger.in_flight(),
            grace_secs = t.shutdown_grace_secs,
            "stop signal received; finishing the replies in flight"
        );
    }
    let ledger = Arc::clone(&running.ledger);
    tokio::select! {
        _ = running.stop() => {}
        _ = signals.recv() => {
            ledger.close();
            tracing::warn!(
                unanswered = ledger.in_flight(),
                "second stop signal: exiting now; unanswered updates stay unconfirmed"
            );
        }
    }
    Ok(())
}

pub use crate::service::watch_knowledge;

/// Sets up the bot's logging (see [`logging`]).
pub fn init_logging(filter: &str) {
    logging::init(filter);
}
