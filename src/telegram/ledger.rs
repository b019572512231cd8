//! The delivery ledger: which updates are in hand, which are done, and so how far the bot may
//! confirm to Telegram.
//!
//! An update is *admitted* when it arrives (from `getUpdates` or a webhook POST) and is *pending*
//! until its handler has finished: the reply was sent, or the handler gave up after its bounded
//! retries (logged), or the update needed no reply. The handler tree holds a [`Completion`] for
//! the update; when the handler is over, the completion records the id in the
//! [`ProcessedLog`] and only then marks it done.
//!
//! Invariants:
//! - Polling confirms through `getUpdates`'s offset, which acknowledges every update below it:
//!   [`Ledger::offset`] is the lowest pending id (or the next unseen one), so no update is
//!   confirmed before it is done. Done updates above a pending one stay unconfirmed; if the
//!   process dies, Telegram delivers them again and the processed log skips them.
//! - A handler cut off by the process stopping (see [`Ledger::close`]) is never recorded, so the
//!   next instance answers it.
//! - At most `max_in_flight` updates are pending in polling mode (backpressure: the poller
//!   fetches no more until some are done).
//! - A webhook retry of an update still in hand waits for the same handler instead of starting
//!   another; one already done is acknowledged without a second answer.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{oneshot, watch};

use super::processed::ProcessedLog;

/// What to do with an update that arrived.
#[derive(Debug)]
pub enum Admission {
    /// New: handle it; the receiver fires when it is done.
    New(oneshot::Receiver<()>),
    /// Already being handled (a webhook retry): the receiver fires when it is done.
    InFlight(oneshot::Receiver<()>),
    /// Already handled, or already fetched (polling): nothing to do.
    Skip,
}

#[derive(Default)]
struct State {
    /// Admitted and not done, with whoever waits for each.
    pending: BTreeMap<u32, Vec<oneshot::Sender<()>>>,
    /// Done, but above a pending id, so not yet confirmable (polling).
    done: BTreeSet<u32>,
    /// Polling: the lowest id not yet seen.
    next: Option<u32>,
}

impl State {
    fn offset(&self) -> Option<u32> {
        self.pending.keys().next().copied().or(self.next)
    }

    fn prune(&mut self) {
        match self.offset() {
            Some(offset) => self.done = self.done.split_off(&offset),
            None => self.done.clear(),
        }
    }
}

/// The ledger of one running bot.
pub struct Ledger {
    log: ProcessedLog,
    state: Mutex<State>,
    /// Bumped on every completion, for waiters.
    changes: watch::Sender<u64>,
    closing: AtomicBool,
    duplicates: AtomicU64,
    completed: AtomicU64,
}

impl Ledger {
    pub fn new(log: ProcessedLog) -> Arc<Ledger> {
        Arc::new(Ledger {
            log,
            state: Mutex::default(),
            changes: watch::channel(0).0,
            closing: AtomicBool::new(false),
            duplicates: AtomicU64::new(0),
            completed: AtomicU64::new(0),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere; the state itself stays consistent
        // (every change is a single insert or remove).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the processed log survives a restart.
    pub fn is_durable(&self) -> bool {
        self.log.is_durable()
    }

    /// Updates pending now.
    pub fn in_flight(&self) -> usize {
        self.state().pending.len()
    }

    /// Updates fetched and not yet confirmable (pending, or done above a pending one).
    pub fn unconfirmed(&self) -> usize {
        let state = self.state();
        state.pending.len() + state.done.len()
    }

    /// Redelivered updates skipped because they were already handled.
    pub fn duplicates(&self) -> u64 {
        self.duplicates.load(Ordering::Relaxed)
    }

    /// Updates handled to the end.
    pub fn completed(&self) -> u64 {
        self.completed.load(Ordering::Relaxed)
    }

    /// Polling: the `getUpdates` offset that confirms exactly the updates that are safe.
    pub fn offset(&self) -> Option<u32> {
        self.state().offset()
    }

    /// A receiver that changes whenever an update is done.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Polling: admits update `id` from a `getUpdates` answer (ids arrive in increasing order).
    pub async fn admit_polled(&self, id: u32) -> Admission {
        if self.state().next.is_some_and(|next| id < next) {
            return Admission::Skip;
        }
        if self.log.contains(id).await {
            self.duplicates.fetch_add(1, Ordering::Relaxed);
            tracing::info!(
                update_id = id,
                "update already handled before a restart; skipped"
            );
            let mut state = self.state();
            state.next = Some(id.saturating_add(1));
            state.prune();
            drop(state);
            self.changes.send_modify(|n| *n += 1);
            return Admission::Skip;
        }
        let (tx, rx) = oneshot::channel();
        let mut state = self.state();
        state.pending.insert(id, vec![tx]);
        state.next = Some(id.saturating_add(1));
        Admission::New(rx)
    }

    /// Webhook: admits update `id` from a POST (a retry may come while the first is in hand).
    pub async fn admit_posted(&self, id: u32) -> Admission {
        if let Some(waiters) = self.state().pending.get_mut(&id) {
            let (tx, rx) = oneshot::channel();
            waiters.push(tx);
            return Admission::InFlight(rx);
        }
        if self.log.contains(id).await {
            self.duplicates.fetch_add(1, Ordering::Relaxed);
            tracing::info!(update_id = id, "update delivered again; already answered");
            return Admission::Skip;
        }
        let (tx, rx) = oneshot::channel();
        let mut state = self.state();
        match state.pending.get_mut(&id) {
            Some(waiters) => {
                waiters.push(tx);
                Admission::InFlight(rx)
            }
            None => {
                state.pending.insert(id, vec![tx]);
                Admission::New(rx)
            }
        }
    }

    /// Marks update `id` done: recorded in the processed log first, then released. Called when
    /// a handler says its reply is sent (even while closing: it truly is), or when a handler's
    /// [`Completion`] is dropped before closing.
    pub async fn finish(&self, id: u32) {
        self.log.record(id).await;
        let waiters = {
            let mut state = self.state();
            let waiters = state.pending.remove(&id).unwrap_or_default();
            if state.offset().is_some_and(|offset| id > offset) {
                state.done.insert(id);
            }
            state.prune();
            waiters
        };
        for waiter in waiters {
            let _ = waiter.send(());
        }
        self.completed.fetch_add(1, Ordering::Relaxed);
        self.changes.send_modify(|n| *n += 1);
    }

    /// The process is about to stop: from now on a dropped [`Completion`] records nothing, since
    /// a handler ending now is being cut off, not finishing.
    pub fn close(&self) {
        self.closing.store(true, Ordering::Relaxed);
    }

    /// Waits until nothing is pending, or `grace` has passed; true if nothing is pending.
    pub async fn drain(&self, grace: Duration) -> bool {
        let mut changes = self.watch();
        let wait = async {
            while self.in_flight() > 0 {
                if changes.changed().await.is_err() {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(grace, wait).await;
        self.in_flight() == 0
    }
}

/// Held by the handler tree while it works on one update; when the last clone is dropped (the
/// handler is over) the update is marked done. Inserted into each update's dependencies by
/// [`super::handlers::schema`]. A handler that has sent its reply calls [`Completion::done`]
/// at once, which narrows the window in which a crash leaves a sent reply unrecorded.
#[derive(Clone)]
pub struct Completion(Arc<CompletionInner>);

struct CompletionInner {
    ledger: Arc<Ledger>,
    id: u32,
    finished: AtomicBool,
}

impl Completion {
    pub fn new(ledger: Arc<Ledger>, id: u32) -> Completion {
        Completion(Arc::new(CompletionInner {
            ledger,
            id,
            finished: AtomicBool::new(false),
        }))
    }

    /// The reply is sent: record the update as done now rather than when the handler returns.
    pub async fn done(&self) {
        if !self.0.finished.swap(true, Ordering::Relaxed) {
            self.0.ledger.finish(self.0.id).await;
        }
    }

    /// The update it is for.
    pub fn update_id(&self) -> u32 {
        self.0.id
    }
}

impl Drop for CompletionInner {
    fn drop(&mut self) {
        let ledger = Arc::clone(&self.ledger);
        let id = self.id;
        if ledger.closing.load(Ordering::Relaxed) || self.finished.load(Ordering::Relaxed) {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { ledger.finish(id).await });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_offset_never_passes_a_pending_update() {
        let ledger = Ledger::new(ProcessedLog::memory(1));
        for id in 10..13 {
            assert!(matches!(ledger.admit_polled(id).await, Admission::New(_)));
        }
        assert!(matches!(ledger.admit_polled(11).await, Admission::Skip));
        assert_eq!(ledger.offset(), Some(10));
        ledger.finish(11).await;
        ledger.finish(12).await;
        assert_eq!(ledger.offset(), Some(10), "10 is still in hand");
        assert_eq!(ledger.unconfirmed(), 3);
        ledger.finish(10).await;
        assert_eq!(ledger.offset(), Some(13));
        assert_eq!(ledger.unconfirmed(), 0);
    }

    #[tokio::test]
    async fn handled_updates_are_skipped_and_webhook_retries_wait_for_the_first() {
        let ledger = Ledger::new(ProcessedLog::memory(1));
        let Admission::New(first) = ledger.admit_posted(7).await else {
            panic!("new")
        };
        let Admission::InFlight(retry) = ledger.admit_posted(7).await else {
            panic!("in flight")
        };
        ledger.finish(7).await;
        first.await.unwrap();
        retry.await.unwrap();
        assert!(matches!(ledger.admit_posted(7).await, Admission::Skip));
        assert_eq!(ledger.duplicates(), 1);
    }

    #[tokio::test]
    async fn a_handler_cut_off_while_closing_is_not_recorded_a_finished_one_is() {
        let ledger = Ledger::new(ProcessedLog::memory(1));
        let _ = ledger.admit_posted(5).await;
        let _ = ledger.admit_posted(6).await;
        ledger.close();
        drop(Completion::new(Arc::clone(&ledger), 5));
        tokio::task::yield_now().await;
        assert_eq!(ledger.in_flight(), 2, "5 was cut off, not done");
        Completion::new(Arc::clone(&ledger), 6).done().await;
        assert_eq!(ledger.in_flight(), 1, "6 sent its reply: done");
        assert!(matches!(ledger.admit_posted(6).await, Admission::Skip));
    }
}
