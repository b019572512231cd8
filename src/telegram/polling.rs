//! Long polling with confirmation only of what is safe, backpressure, and one poller at a time.
//!
//! teloxide's own `Polling` confirms each batch on its next `getUpdates`, as soon as the updates
//! are handed to the dispatcher, even if they then wait minutes behind the rate limiter, and a
//! crash loses them. This loop asks with the [`Ledger`]'s offset instead (the lowest update not yet
//! done or parked), admits at most `max_in_flight` working updates at a time, and hands each to the
//! dispatcher through a channel ([`listener`]).
//!
//! Invariants:
//! - An update is confirmed (offset past it) only once it is done or parked: see
//!   [`super::ledger`]. Before each poll the updates of held chats are parked, so one chat in
//!   trouble does not hold back the offset (and with it the 100 updates a poll can return).
//! - With a shared storage the loop polls only while it holds the polling lease
//!   ([`super::lease`]); on taking it over it first answers the parked updates the previous holder
//!   left. It stops fetching the moment the lease is lost, and waits to take it again.
//! - While updates are unconfirmed, `getUpdates` returns at once (Telegram answers immediately
//!   when anything at or above the offset exists) and hands back the unconfirmed ones again, so
//!   the loop then polls when a quarter of the window is free (or after half a second), never
//!   spinning.
//! - A stop request ends the loop at once, even mid-request; [`confirm`] then tells Telegram the
//!   final offset (unless another instance polls: see the next point).
//! - Telegram's 409 Conflict (another instance polls with this token, or a webhook is set) pauses
//!   polling for three long polls (30 s by default), logged once per episode with what to do; the
//!   other instance polls meanwhile. With `memory` storage this is the only guard against a second
//!   instance (docs/telegram.md). An instance paused by a conflict does not confirm on stopping,
//!   which would cut short the other's poll.
//! - Other `getUpdates` failures are logged without the token and retried after a pause that
//!   doubles up to `poll_backoff_max_secs`.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use teloxide::prelude::*;
use teloxide::stop::{StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use teloxide::{ApiError, RequestError};
use tokio::sync::{mpsc, watch};

use super::TgBot;
use super::config::Token;
use super::delivery::Outbox;
use super::lease::Lease;
use super::ledger::{Admission, Ledger};

/// Telegram's largest `getUpdates` batch.
const BATCH: u8 = 100;
/// The shortest pause between two polls while updates are unconfirmed.
const MIN_GAP: Duration = Duration::from_millis(10);
/// The longest wait for a completion before polling again anyway.
const MAX_IDLE: Duration = Duration::from_millis(500);
/// How much of a malformed update is logged.
pub const LOGGED_BYTES: usize = 300;

/// The update kinds the bot handles.
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::InlineQuery,
    ]
}

/// A dispatcher listener fed by a channel; it ends when every sender is dropped.
pub fn listener(
    rx: mpsc::Receiver<Update>,
) -> impl UpdateListener<Err = Infallible> + Send + use<> {
    // The dispatcher stops the token only when its own shutdown is requested, which this bot
    // never does: it stops by closing the channel.
    let (token, _flag) = mk_stop_token();
    StatefulListener::new((rx, token), stream, |state: &mut Fed| state.1.clone())
}

type Fed = (mpsc::Receiver<Update>, StopToken);

fn stream(state: &mut Fed) -> impl futures::Stream<Item = Result<Update, Infallible>> + Send + '_ {
    futures::stream::poll_fn(move |cx| state.0.poll_recv(cx).map(|u| u.map(Ok)))
}

/// An update teloxide could not parse: logged (truncated) and marked done, never dispatched.
/// Returns whether `update` was one.
pub async fn skip_unparsed(update: &Update, ledger: &Ledger) -> bool {
    let UpdateKind::Error(raw) = &update.kind else {
        return false;
    };
    tracing::warn!(
        update_id = update.id.0,
        update = %truncate(&raw.to_string(), LOGGED_BYTES),
        "an update of a kind this bot does not read; skipped"
    );
    ledger.finish(update.id.0).await;
    true
}

/// `text` cut to at most `max` bytes on a character boundary, marked when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", text.get(..end).unwrap_or(""), text.len())
}

/// What the loop needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub poll_timeout: Duration,
    pub backoff_max: Duration,
    pub max_in_flight: usize,
}

impl Settings {
    /// How long a 409 Conflict pauses polling: three long polls, at least 5 s.
    pub fn conflict_pause(&self) -> Duration {
        (self.poll_timeout * 3).max(Duration::from_secs(5))
    }
}

/// The polling loop and what it works with.
pub struct Poller {
    pub bot: TgBot,
    pub ledger: Arc<Ledger>,
    pub outbox: Arc<Outbox>,
    pub tx: mpsc::Sender<Update>,
    pub settings: Settings,
    pub token: Token,
    /// The polling lease, with a shared storage.
    pub lease: Option<Arc<Lease>>,
    /// The last `getUpdates` ended in 409 Conflict: another instance polls.
    pub conflicted: Arc<AtomicBool>,
}

/// Why one stretch of polling ended.
enum Ended {
    Stopped,
    LeaseLost,
}

/// Whether `err` is Telegram's 409 Conflict: another `getUpdates` cut this one short, or a
/// webhook is set.
pub fn is_conflict(err: &RequestError) -> bool {
    match err {
        RequestError::Api(ApiError::TerminatedByOtherGetUpdates | ApiError::CantGetUpdates) => true,
        RequestError::Api(ApiError::Unknown(description)) => description.starts_with("Conflict"),
        _ => false,
    }
}

/// Polls until `stop` turns true or the dispatcher is gone; with a lease, only while holding it.
pub async fn run(poller: Poller, mut stop: watch::Receiver<bool>) {
    loop {
        if let Some(lease) = &poller.lease {
            if !lease.acquire(&mut stop).await {
                return;
            }
            // What the previous holder parked and did not answer, oldest first.
            for update in poller.ledger.reload_parked().await {
                if poller.tx.send(update).await.is_err() {
                    return;
                }
            }
        }
        match poll(&poller, &mut stop).await {
            Some(Ended::LeaseLost) if poller.lease.is_some() => continue,
            _ => return,
        }
    }
}

/// Parks the updates of held chats (see [`super::ledger`]).
async fn park(poller: &Poller) {
    let outbox = &poller.outbox;
    poller.ledger.park_held(|chat| outbox.is_held(chat)).await;
}

/// One stretch of polling; `None` when the dispatcher is gone.
async fn poll(poller: &Poller, stop: &mut watch::Receiver<bool>) -> Option<Ended> {
    let Poller {
        bot,
        ledger,
        tx,
        settings,
        token,
        lease,
        conflicted,
        ..
    } = poller;
    let mut failures = 0u32;
    let mut conflicts = 0u32;
    let mut last_poll: Option<Instant> = None;
    let mut changes = ledger.watch();
    loop {
        if *stop.borrow() {
            return Some(Ended::Stopped);
        }
        if lease.as_ref().is_some_and(|l| !l.is_held()) {
            return Some(Ended::LeaseLost);
        }
        park(poller).await;
        // Backpressure: no more fetching while the window is full of working updates.
        while ledger.working() >= settings.max_in_flight {
            tokio::select! {
                _ = changes.changed() => {}
                _ = tokio::time::sleep(MAX_IDLE) => {}
                _ = stop.changed() => return Some(Ended::Stopped),
            }
            park(poller).await;
        }
        let busy = ledger.unconfirmed() > 0;
        if busy && let Some(last) = last_poll {
            // Each poll while busy hands back the unconfirmed updates again, to be parsed and
            // skipped: poll when a quarter of the window is free, or after MAX_IDLE, not on
            // every completion.
            let deadline = tokio::time::Instant::from_std(last + MAX_IDLE);
            while ledger.working() > settings.max_in_flight * 3 / 4 {
                tokio::select! {
                    _ = changes.changed() => {}
                    _ = tokio::time::sleep_until(deadline) => break,
                    _ = stop.changed() => return Some(Ended::Stopped),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep_until((last + MIN_GAP).into()) => {}
                _ = stop.changed() => return Some(Ended::Stopped),
            }
        }
        last_poll = Some(Instant::now());
        let mut request = bot
            .get_updates()
            .limit(BATCH)
            .timeout(if busy {
                0
            } else {
                settings.poll_timeout.as_secs() as u32
            })
            .allowed_updates(allowed_updates());
        if let Some(offset) = ledger.offset() {
            request = request.offset(offset as i32);
        }
        changes.mark_unchanged();
        let answer = tokio::select! {
            answer = request.send() => answer,
            _ = stop.changed() => return Some(Ended::Stopped),
        };
        let updates = match answer {
            Ok(updates) => {
                failures = 0;
                conflicted.store(false, Ordering::Relaxed);
                if conflicts > 0 {
                    tracing::info!(conflicts, "polling again without a conflict");
                    conflicts = 0;
                }
                updates
            }
            Err(err) if is_conflict(&err) => {
                conflicted.store(true, Ordering::Relaxed);
                poller
                    .outbox
                    .stats()
                    .conflicts
                    .fetch_add(1, Ordering::Relaxed);
                let pause = settings.conflict_pause();
                if conflicts == 0 {
                    tracing::warn!(
                        error = %token.redact(&err.to_string()),
                        pause_ms = pause.as_millis() as u64,
                        "Telegram answered 409 Conflict: another instance polls with this token (or a \
                         webhook is set). This one pauses polling and tries again. Run one polling \
                         instance per token: instances sharing a sqlite or redis storage take turns \
                         by a lease; several at once need webhook mode"
                    );
                }
                conflicts = conflicts.saturating_add(1);
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = stop.changed() => return Some(Ended::Stopped),
                }
                continue;
            }
            Err(err) => {
                failures = failures.saturating_add(1);
                let pause =
                    Duration::from_millis(250u64 << failures.min(10)).min(settings.backoff_max);
                tracing::warn!(
                    error = %token.redact(&err.to_string()),
                    pause_ms = pause.as_millis() as u64,
                    "getUpdates failed; polling again after a pause"
                );
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = stop.changed() => return Some(Ended::Stopped),
                }
                continue;
            }
        };
        let mut admitted = 0usize;
        for update in updates {
            if ledger.working() >= settings.max_in_flight {
                break;
            }
            match ledger.admit_polled(&update).await {
                Admission::New(_) => {
                    admitted += 1;
                    if skip_unparsed(&update, ledger).await {
                        continue;
                    }
                    if tx.send(update).await.is_err() {
                        tracing::error!("the dispatcher is gone; polling stops");
                        return None;
                    }
                }
                Admission::InFlight(_) | Admission::Skip => {}
            }
        }
        if admitted == 0 && ledger.working() > 0 {
            // Everything returned was already in hand: wait for one to be done (or its chat to be
            // held, and so parked).
            tokio::select! {
                _ = changes.changed() => {}
                _ = tokio::time::sleep(MAX_IDLE) => {}
                _ = stop.changed() => return Some(Ended::Stopped),
            }
        }
    }
}

/// Tells Telegram the final offset (everything below it is done), without fetching anything
/// that would then count as delivered: `limit 1, timeout 0`, and the one update it may return is
/// above the offset, so still unconfirmed.
pub async fn confirm(bot: &TgBot, ledger: &Ledger, token: &Token) {
    let Some(offset) = ledger.offset() else {
        return;
    };
    let request = bot
        .get_updates()
        .offset(offset as i32)
        .limit(1)
        .timeout(0)
        .allowed_updates(allowed_updates());
    match tokio::time::timeout(Duration::from_secs(3), request.send()).await {
        Ok(Ok(_)) => tracing::info!(offset, "confirmed the updates handled"),
        Ok(Err(err)) => tracing::warn!(
            error = %token.redact(&err.to_string()),
            "could not confirm the updates handled; they will be skipped as duplicates"
        ),
        Err(_) => tracing::warn!("confirming the updates handled timed out"),
    }
}
