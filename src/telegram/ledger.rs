//! The delivery ledger: which updates are in hand, which are done, which are parked, and so how
//! far the bot may confirm to Telegram.
//!
//! An update is *admitted* when it arrives (from `getUpdates` or a webhook POST) and is *in hand*
//! until its handler has finished: the reply was sent, or the handler gave up after its bounded
//! retries (logged), or the update needed no reply. The handler tree holds a [`Completion`] for
//! the update; when the handler is over, the completion records the id in the
//! [`ProcessedLog`] and only then marks it done.
//!
//! Polling confirms through `getUpdates`'s offset, which acknowledges every update below it, and
//! a call hands out at most 100 updates from the offset: one update in hand would hold back every
//! update behind it. So an update whose chat is *held* (its reply waits to be retried, Telegram
//! told it to wait, or its send is slow: [`super::delivery::Outbox::is_held`]) is *parked*: kept
//! in the storage's parked-update inbox (SQLite table, Redis hash; in memory with `memory`), after
//! which it may be confirmed while it is still in hand, and the updates behind it are fetched. So
//! are the updates queued behind a parked one of their chat, and those beyond [`QUEUE_DEPTH`] in
//! one chat (a chat that sent many at once drains at its own rate limit).
//! A parked update is still answered by this instance, in its chat's order; after a crash or a
//! stop the next instance holding the polling lease answers what is left in the inbox.
//!
//! Invariants:
//! - [`Ledger::offset`] is the lowest in-hand update that is not parked (or the next unseen one),
//!   so no update is confirmed before it is done or parked. Done updates above an in-hand one stay
//!   unconfirmed; if the process dies, Telegram delivers them again and the processed log skips
//!   them.
//! - An update is parked only once the inbox has it (durably with SQLite or Redis): with
//!   `memory`, the inbox is this process, so a parked update not yet answered is lost if the
//!   process stops (the price of not stalling every chat behind one held chat; README, "Delivery
//!   guarantees").
//! - A handler cut off by the process stopping (see [`Ledger::close`]) is never recorded, so the
//!   next instance answers it.
//! - At most `max_in_flight` updates are in hand and not parked in polling mode (backpressure: the
//!   poller fetches no more until some are done or parked); at most [`Ledger::park_limit`] are
//!   parked.
//! - A webhook retry of an update still in hand waits for the same handler instead of starting
//!   another; one already done is acknowledged without a second answer.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use teloxide::types::Update;
use tokio::sync::{oneshot, watch};

use super::processed::ProcessedLog;

/// A chat's in-hand updates beyond this many are parked: it answers them at its own rate limit
/// (one a second by default), and meanwhile they would hold the offset back.
pub const QUEUE_DEPTH: usize = 3;

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

/// An update in hand.
#[derive(Default)]
struct InHand {
    /// Whoever waits for it to be done (webhook requests).
    waiters: Vec<oneshot::Sender<()>>,
    /// Its chat, if it has one (polling).
    chat: Option<i64>,
    /// The update itself, kept for parking (polling).
    update: Option<Update>,
    /// In the parked-update inbox: may be confirmed though not done.
    parked: bool,
}

#[derive(Default)]
struct State {
    /// Admitted and not done.
    pending: BTreeMap<u32, InHand>,
    /// Done, but above an in-hand update that is not parked, so not yet confirmable (polling).
    done: BTreeSet<u32>,
    /// Polling: the lowest id not yet seen.
    next: Option<u32>,
    /// How many of `pending` are parked.
    parked: usize,
}

impl State {
    fn offset(&self) -> Option<u32> {
        self.pending
            .iter()
            .find(|(_, u)| !u.parked)
            .map(|(id, _)| *id)
            .or(self.next)
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
    park_limit: usize,
    /// Bumped on every completion, for waiters.
    changes: watch::Sender<u64>,
    closing: AtomicBool,
    duplicates: AtomicU64,
    completed: AtomicU64,
}

impl Ledger {
    /// A ledger over `log` that parks at most `park_limit` updates at a time.
    pub fn new(log: ProcessedLog, park_limit: usize) -> Arc<Ledger> {
        Arc::new(Ledger {
            log,
            state: Mutex::default(),
            park_limit,
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

    /// Updates in hand now (parked or not).
    pub fn in_flight(&self) -> usize {
        self.state().pending.len()
    }

    /// Updates in hand and not parked: what polling's backpressure counts.
    pub fn working(&self) -> usize {
        let state = self.state();
        state.pending.len().saturating_sub(state.parked)
    }

    /// Updates in hand and parked.
    pub fn parked(&self) -> usize {
        self.state().parked
    }

    /// The most updates parked at a time.
    pub fn park_limit(&self) -> usize {
        self.park_limit
    }

    /// Updates fetched and not yet confirmable (in hand and not parked, or done above one).
    pub fn unconfirmed(&self) -> usize {
        let state = self.state();
        state.pending.len().saturating_sub(state.parked) + state.done.len()
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

    /// Polling: admits `update` from a `getUpdates` answer (ids arrive in increasing order).
    pub async fn admit_polled(&self, update: &Update) -> Admission {
        let id = update.id.0;
        {
            let mut state = self.state();
            if state.next.is_some_and(|next| id < next) {
                return Admission::Skip;
            }
            // Parked and not yet confirmed when the previous holder stopped: reloaded from the
            // inbox and in hand already.
            if state.pending.contains_key(&id) {
                state.next = Some(id.saturating_add(1));
                return Admission::Skip;
            }
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
        state.next = Some(id.saturating_add(1));
        if state.pending.contains_key(&id) {
            return Admission::Skip;
        }
        state.pending.insert(
            id,
            InHand {
                waiters: vec![tx],
                chat: update.chat().map(|c| c.id.0),
                update: Some(update.clone()),
                parked: false,
            },
        );
        Admission::New(rx)
    }

    /// Parks the in-hand updates that would hold the others back (at most up to the park
    /// limit): those of chats `held` says are held, those queued behind a parked update of their
    /// chat, and those queued behind [`QUEUE_DEPTH`] others of their chat (a chat that sent many
    /// at once drains at its own rate limit). The inbox gets them first, then they count as
    /// confirmable. Returns how many were parked.
    pub async fn park_held(&self, held: impl Fn(i64) -> bool) -> usize {
        let candidates: Vec<(u32, String)> = {
            let state = self.state();
            let room = self.park_limit.saturating_sub(state.parked);
            // Per chat: in-hand updates seen so far (in id order, the chat's order), and whether
            // one of them is parked.
            let mut ahead: HashMap<i64, (usize, bool)> = HashMap::new();
            let mut out = Vec::new();
            for (id, u) in &state.pending {
                let Some(chat) = u.chat else { continue };
                let (queued, behind_parked) = ahead.entry(chat).or_default();
                let park = !u.parked && (*behind_parked || *queued >= QUEUE_DEPTH || held(chat));
                *queued += 1;
                *behind_parked |= u.parked || park;
                if park
                    && out.len() < room
                    && let Some(body) = u
                        .update
                        .as_ref()
                        .and_then(|u| serde_json::to_string(u).ok())
                {
                    out.push((*id, body));
                }
            }
            out
        };
        if candidates.is_empty() || !self.log.park(&candidates).await {
            return 0;
        }
        let mut parked = 0;
        {
            let mut state = self.state();
            for (id, _) in &candidates {
                if let Some(u) = state.pending.get_mut(id)
                    && !u.parked
                {
                    u.parked = true;
                    parked += 1;
                }
            }
            state.parked += parked;
            state.prune();
        }
        if parked > 0 {
            tracing::info!(
                parked,
                in_inbox = self.parked(),
                durable = self.is_durable(),
                "updates of chats whose replies are held were parked; the others are confirmed past them"
            );
            self.changes.send_modify(|n| *n += 1);
        }
        parked
    }

    /// Polling, on taking over: the parked updates a previous instance (or this one, before a
    /// restart) left unanswered, oldest first, admitted as parked and in hand. Those already
    /// answered are dropped from the inbox.
    pub async fn reload_parked(&self) -> Vec<Update> {
        let mut out = Vec::new();
        for (id, body) in self.log.parked_updates().await {
            if self.state().pending.contains_key(&id) {
                continue;
            }
            if self.log.contains(id).await {
                self.log.unpark(id).await;
                continue;
            }
            let update: Update = match serde_json::from_str(&body) {
                Ok(update) => update,
                Err(err) => {
                    tracing::warn!(update_id = id, error = %err, "a parked update no longer reads; dropped");
                    self.log.unpark(id).await;
                    continue;
                }
            };
            let mut state = self.state();
            if state.pending.contains_key(&id) {
                continue;
            }
            state.pending.insert(
                id,
                InHand {
                    waiters: Vec::new(),
                    chat: update.chat().map(|c| c.id.0),
                    update: Some(update.clone()),
                    parked: true,
                },
            );
            state.parked += 1;
            out.push(update);
        }
        if !out.is_empty() {
            tracing::info!(
                updates = out.len(),
                "answering the parked updates left by the previous instance"
            );
        }
        out
    }

    /// Webhook: admits update `id` from a POST (a retry may come while the first is in hand).
    pub async fn admit_posted(&self, id: u32) -> Admission {
        if let Some(u) = self.state().pending.get_mut(&id) {
            let (tx, rx) = oneshot::channel();
            u.waiters.push(tx);
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
            Some(u) => {
                u.waiters.push(tx);
                Admission::InFlight(rx)
            }
            None => {
                state.pending.insert(
                    id,
                    InHand {
                        waiters: vec![tx],
                        ..InHand::default()
                    },
                );
                Admission::New(rx)
            }
        }
    }

    /// Marks update `id` done: recorded in the processed log first, then released. Called when
    /// a handler says its reply is sent (even while closing: it truly is), or when a handler's
    /// [`Completion`] is dropped before closing.
    pub async fn finish(&self, id: u32) {
        self.log.record(id).await;
        let (waiters, parked) = {
            let mut state = self.state();
            let u = state.pending.remove(&id).unwrap_or_default();
            if u.parked {
                state.parked = state.parked.saturating_sub(1);
            }
            if state.offset().is_some_and(|offset| id > offset) {
                state.done.insert(id);
            }
            state.prune();
            (u.waiters, u.parked)
        };
        if parked {
            self.log.unpark(id).await;
        }
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

    /// A text message in `chat`, as update `id` (teloxide reads updates from text only).
    fn update(id: u32, chat: i64) -> Update {
        let json = serde_json::json!({
            "update_id": id,
            "message": {
                "message_id": id, "date": 1_732_500_000, "text": "hi",
                "chat": {"id": chat, "type": "private", "first_name": "U"},
                "from": {"id": chat, "is_bot": false, "first_name": "U"},
            }
        });
        serde_json::from_str(&json.to_string()).unwrap()
    }

    #[tokio::test]
    async fn the_offset_never_passes_a_pending_update() {
        let ledger = Ledger::new(ProcessedLog::memory(1), 10);
        for id in 10..13 {
            assert!(matches!(
                ledger.admit_polled(&update(id, 1)).await,
                Admission::New(_)
            ));
        }
        assert!(matches!(
            ledger.admit_polled(&update(11, 1)).await,
            Admission::Skip
        ));
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
    async fn a_held_chats_updates_are_parked_and_the_offset_moves_past_them() {
        let ledger = Ledger::new(ProcessedLog::memory(1), 2);
        for (id, chat) in [(10, 7), (11, 8), (12, 7), (13, 7), (14, 8)] {
            assert!(matches!(
                ledger.admit_polled(&update(id, chat)).await,
                Admission::New(_)
            ));
        }
        assert_eq!(
            ledger.park_held(|chat| chat == 7).await,
            2,
            "the park limit"
        );
        assert_eq!((ledger.parked(), ledger.working()), (2, 3));
        assert_eq!(ledger.offset(), Some(11), "10 and 12 are parked, 11 is not");
        ledger.finish(11).await;
        assert_eq!(ledger.offset(), Some(13), "13 found no room in the inbox");
        ledger.finish(10).await;
        assert_eq!(ledger.park_held(|chat| chat == 7).await, 1);
        ledger.finish(14).await;
        assert_eq!(
            ledger.offset(),
            Some(15),
            "everything left in hand is parked"
        );
        assert_eq!((ledger.in_flight(), ledger.unconfirmed()), (2, 0));
        ledger.finish(12).await;
        ledger.finish(13).await;
        assert_eq!((ledger.in_flight(), ledger.parked()), (0, 0));
    }

    #[tokio::test]
    async fn updates_queued_deep_in_one_chat_or_behind_a_parked_one_are_parked() {
        let ledger = Ledger::new(ProcessedLog::memory(1), 100);
        // Chat 7 sent five at once; chat 8 one.
        for (id, chat) in [(1, 7), (2, 7), (3, 8), (4, 7), (5, 7), (6, 7)] {
            let _ = ledger.admit_polled(&update(id, chat)).await;
        }
        assert_eq!(ledger.park_held(|_| false).await, 2, "7's fourth and fifth");
        assert_eq!(ledger.offset(), Some(1));
        ledger.finish(1).await;
        ledger.finish(2).await;
        ledger.finish(3).await;
        assert_eq!(
            ledger.offset(),
            Some(4),
            "4 is at the head of its chat's queue"
        );
        // 9 arrives behind 7's parked ones: parked too, though chat 7 is no longer held.
        let _ = ledger.admit_polled(&update(9, 7)).await;
        assert_eq!(ledger.park_held(|_| false).await, 1);
        ledger.finish(4).await;
        assert_eq!(ledger.offset(), Some(10));
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn parked_updates_survive_in_the_inbox_until_answered() {
        use super::super::storage::StorageSpec;
        let dir = tempfile::tempdir().unwrap();
        let spec = StorageSpec::Sqlite(dir.path().join("d.db").display().to_string());
        let open = || ProcessedLog::open(&spec, 1, Duration::from_secs(2));
        let ledger = Ledger::new(open().await.unwrap(), 10);
        for (id, chat) in [(20, 7), (21, 8), (22, 7)] {
            let _ = ledger.admit_polled(&update(id, chat)).await;
        }
        assert_eq!(ledger.park_held(|chat| chat == 7).await, 2);
        ledger.finish(21).await;
        assert_eq!(ledger.offset(), Some(23));
        ledger.finish(20).await;
        drop(ledger);
        // A crash: the next instance finds 22 in the inbox (20 was answered), once, and skips it
        // when Telegram delivers it again (parked, but not yet confirmed before the crash).
        let next = Ledger::new(open().await.unwrap(), 10);
        let reloaded = next.reload_parked().await;
        assert_eq!(reloaded, vec![update(22, 7)]);
        assert!(next.reload_parked().await.is_empty(), "already in hand");
        assert!(matches!(
            next.admit_polled(&update(22, 7)).await,
            Admission::Skip
        ));
        assert!(matches!(
            next.admit_polled(&update(23, 7)).await,
            Admission::New(_)
        ));
        next.finish(23).await;
        assert_eq!(
            (next.in_flight(), next.parked(), next.offset()),
            (1, 1, Some(24)),
            "22 is parked: confirmable"
        );
        next.finish(22).await;
        let after = Ledger::new(open().await.unwrap(), 10);
        assert!(after.reload_parked().await.is_empty());
    }

    #[tokio::test]
    async fn handled_updates_are_skipped_and_webhook_retries_wait_for_the_first() {
        let ledger = Ledger::new(ProcessedLog::memory(1), 10);
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
        let ledger = Ledger::new(ProcessedLog::memory(1), 10);
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
