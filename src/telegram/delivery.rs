//! Per-chat delivery of replies: Telegram's rate limits, and each chat's waits and retries.
//!
//! Every reply (`sendMessage`) goes through [`Outbox::send`], which waits for its turn, sends,
//! and on a failure worth retrying ([`classify`]) backs off and tries again, up to `max_retries`
//! times. All of that happens in the chat's own handler (teloxide's dispatcher handles each chat
//! in order, chats side by side), so a chat whose replies fail, are slow, or are told to wait
//! holds only itself: the others keep their pace.
//!
//! This replaces teloxide's `Throttle` adaptor, which got in the way three times: a 429 on any
//! chat froze every chat for its `retry_after`; it retried 429s itself, out of sight of the
//! bot's retry count; and it warned "queue is full" every 4 s of an ordinary burst. Kept from it:
//! the global limit (`messages_per_sec_overall`, sends spaced evenly, that many a second) and the
//! per-chat limits (`messages_per_sec_chat`, `messages_per_min_chat`, or
//! `messages_per_min_channel_or_supergroup` for channels and supergroups). A send Telegram
//! refused (a 429 or an error answer: no message went out) gives its chat's slot back, and its
//! global slot may be used once more within the same second.
//!
//! Invariants:
//! - A send waits until its chat's hold (a 429's `retry_after`) and the bot's hold (see below)
//!   have passed, then for a slot of the global limit and of its chat's limits; slots are reserved
//!   first come, first served, so no chat starves.
//! - A 429 holds its chat for `retry_after`. It holds the whole bot only when Telegram evidently
//!   means the bot: within one second, 429s for [`BOT_WIDE_CHATS`] or more chats that are at
//!   least half of all answers. A 429 on one chat never silences the others.
//! - Every retry, a 429's included, is counted in [`Stats::retries`] and logged (without the
//!   token); a reply that still fails is counted in [`Stats::gave_up`] and logged, and the bot
//!   goes on.
//! - [`Outbox::is_held`] tells the delivery ledger which chats are held (waiting to retry, told
//!   to wait, or with a send under way for longer than [`SLOW`]), so that their updates can be
//!   parked and the others confirmed past them ([`super::ledger`]).
//! - A handler never waits on Telegram: what it sends goes to its chat's delivery queue
//!   ([`Outbox::deliver`]), run in order off the dispatcher. teloxide's dispatcher may wait for a
//!   chat's handler to end (when it retires idle chats it awaits any it caught just starting an
//!   update), so a handler that waited for a held chat's send could stop every chat.
//! - Queueing for the global limit is logged once per episode (at debug when it starts, at info
//!   when it has lasted [`QUEUE_NOTE`], and at info when it is over if it was noted), never per
//!   message.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures::FutureExt;

use teloxide::RequestError;
use teloxide::requests::{Output, Request};
use teloxide::types::ChatId;

use super::config::LimitsConfig;
use super::retry::{Retry, Stats, Verdict, classify};

/// A send under way for longer than this holds its chat (for parking; see the module docs).
pub const SLOW: Duration = Duration::from_secs(1);
/// How long the answer to a button press waits for the press's acknowledgement to be sent.
pub const ACK_FIRST: Duration = Duration::from_secs(1);
/// A backlog for the global limit longer than this is logged (once per episode).
pub const QUEUE_NOTE: Duration = Duration::from_secs(10);
/// 429s for this many different chats within a second (and half the answers) hold the bot.
pub const BOT_WIDE_CHATS: usize = 3;

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
/// Chats with nothing sent for a minute and no hold are forgotten every this many sends.
const SWEEP_EVERY: u64 = 1_024;

/// One chat's delivery state.
#[derive(Debug, Default)]
struct Chat {
    /// When its sends (reserved or made) go out, in order, for the last minute.
    sent: VecDeque<Instant>,
    /// Told to wait (429) until then.
    hold: Option<Instant>,
    /// A reply failed and waits to be tried again.
    failing: bool,
    /// A send is under way since then.
    sending: Option<Instant>,
}

/// A backlog for the global limit, logged once.
#[derive(Debug)]
struct Episode {
    since: Instant,
    noted: bool,
    sends: u64,
}

#[derive(Debug)]
struct State {
    /// Reserved slots of the global limit, by index from `Outbox::base`.
    slots: BTreeSet<u64>,
    chats: HashMap<i64, Chat>,
    /// The whole bot told to wait until then.
    bot_hold: Option<Instant>,
    /// Answers of the last second: when, which chat, whether it was a 429.
    recent: VecDeque<(Instant, i64, bool)>,
    /// Global slots of refused sends (when they were), usable again within their second.
    refunds: VecDeque<Instant>,
    episode: Option<Episode>,
    reservations: u64,
}

/// One chat's sends handed over by a handler, with what follows them.
type Delivery = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The chats with deliveries under way, and what waits behind each one's current delivery.
type Queues = Arc<Mutex<HashMap<i64, VecDeque<Delivery>>>>;

/// The bot's replies on their way out: limits, holds, retries. Shared by every handler.
pub struct Outbox {
    limits: LimitsConfig,
    retry: Retry,
    base: Instant,
    /// The spacing of the global limit.
    slot: Duration,
    state: Mutex<State>,
    queues: Queues,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// `mutex`'s guard; the queues change by single pushes and pops, so a panic elsewhere leaves
/// them usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where a reserved send stands.
struct Turn {
    at: Instant,
    /// Its global slot, or `None` for a slot given back by a refused send.
    slot: Option<u64>,
}

/// Frees what `turn` reserved.
fn unreserve(state: &mut State, chat: i64, turn: &Turn) {
    if let Some(slot) = turn.slot {
        state.slots.remove(&slot);
    }
    if let Some(c) = state.chats.get_mut(&chat)
        && let Some(at) = c.sent.iter().position(|&t| t == turn.at)
    {
        c.sent.remove(at);
    }
}

/// Whether Telegram answered `err` itself, so the message was not sent: a 429 or an error answer.
/// (A dropped connection or a proxy's error page may hide a message that went out.)
fn refused(err: &RequestError) -> bool {
    matches!(err, RequestError::RetryAfter(_) | RequestError::Api(_))
}

impl Outbox {
    pub fn new(limits: LimitsConfig, retry: Retry) -> Outbox {
        let per_sec = u64::from(limits.messages_per_sec_overall.max(1));
        let slot = Duration::from_nanos((1_000_000_000 / per_sec).max(1));
        Outbox {
            limits,
            retry,
            base: Instant::now(),
            slot,
            state: Mutex::new(State {
                slots: BTreeSet::new(),
                chats: HashMap::new(),
                bot_hold: None,
                recent: VecDeque::new(),
                refunds: VecDeque::new(),
                episode: None,
                reservations: 0,
            }),
            queues: Queues::default(),
        }
    }

    /// Runs `delivery` (a chat's sends and what follows them) after every delivery handed over
    /// earlier for `chat`, on a task of the chat's own, so that the handler returns at once. A
    /// chat's task ends when its queue is empty; a delivery that panics is logged and the queue
    /// goes on.
    pub fn deliver(&self, chat: i64, delivery: impl Future<Output = ()> + Send + 'static) {
        let delivery: Delivery = Box::pin(delivery);
        let mut queues = lock(&self.queues);
        if let Some(waiting) = queues.get_mut(&chat) {
            waiting.push_back(delivery);
            return;
        }
        queues.insert(chat, VecDeque::new());
        drop(queues);
        let queues = Arc::clone(&self.queues);
        tokio::spawn(async move {
            let mut next = delivery;
            loop {
                if AssertUnwindSafe(next).catch_unwind().await.is_err() {
                    tracing::error!(
                        chat,
                        "a reply's delivery panicked; the chat's next ones go on"
                    );
                }
                let mut queues = lock(&queues);
                match queues.get_mut(&chat).and_then(VecDeque::pop_front) {
                    Some(delivery) => next = delivery,
                    None => {
                        queues.remove(&chat);
                        return;
                    }
                }
            }
        });
    }

    /// Deliveries handed over and not yet begun, in every chat.
    pub fn queued(&self) -> usize {
        lock(&self.queues).values().map(VecDeque::len).sum()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every change is a few inserts and removes: a panic elsewhere leaves it usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The retry policy (for the calls that are not replies to a chat).
    pub fn retry(&self) -> &Retry {
        &self.retry
    }

    /// The bot's counters.
    pub fn stats(&self) -> &Stats {
        &self.retry.stats
    }

    /// Whether `chat`'s replies are held: waiting to be retried, told to wait, or a send under
    /// way for longer than [`SLOW`].
    pub fn is_held(&self, chat: i64) -> bool {
        let now = Instant::now();
        self.state().chats.get(&chat).is_some_and(|c| {
            c.failing
                || c.hold.is_some_and(|until| until > now)
                || c.sending
                    .is_some_and(|since| now.duration_since(since) >= SLOW)
        })
    }

    /// Sends `request` to `chat` in its turn, retrying what [`classify`] allows.
    pub async fn send<R>(&self, chat: ChatId, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError>,
    {
        let id = chat.0;
        let mut pauses = backon::BackoffBuilder::build(self.retry.policy());
        let mut attempt = 1u32;
        loop {
            let turn = self.wait_turn(id).await;
            self.with_chat(id, |c| c.sending = Some(Instant::now()));
            let result = request.send_ref().await;
            let told_to_wait = match &result {
                Err(RequestError::RetryAfter(seconds)) => Some(seconds.duration()),
                _ => None,
            };
            self.answered(id, told_to_wait);
            if let Err(err) = &result
                && refused(err)
            {
                self.give_back(id, &turn);
            }
            let err = match result {
                Ok(output) => {
                    self.with_chat(id, |c| c.failing = false);
                    return Ok(output);
                }
                Err(err) => err,
            };
            let pause = match classify(&err) {
                Verdict::Retry { .. } => pauses.next(),
                Verdict::Fail => None,
            };
            let Some(pause) = pause else {
                self.with_chat(id, |c| c.failing = false);
                if matches!(classify(&err), Verdict::Retry { .. }) {
                    self.retry.stats.gave_up.fetch_add(1, Ordering::Relaxed);
                }
                tracing::error!(
                    method = "sendMessage",
                    chat = id,
                    attempts = attempt,
                    error = %self.retry.redact(&err.to_string()),
                    "Bot API call failed"
                );
                return Err(err);
            };
            self.with_chat(id, |c| c.failing = true);
            self.retry.stats.retries.fetch_add(1, Ordering::Relaxed);
            let delay = pause.max(told_to_wait.unwrap_or_default());
            tracing::warn!(
                method = "sendMessage",
                chat = id,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %self.retry.redact(&err.to_string()),
                "Bot API call failed; retrying"
            );
            // A 429's wait is the chat's (or the bot's) hold, which `wait_turn` keeps.
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    fn with_chat(&self, chat: i64, f: impl FnOnce(&mut Chat)) {
        f(self.state().chats.entry(chat).or_default());
    }

    /// Waits until `chat` may send: its hold and the bot's have passed, and a slot of the global
    /// and of the chat's limits is reserved for it.
    async fn wait_turn(&self, chat: i64) -> Turn {
        loop {
            let turn = self.reserve(chat, Instant::now());
            tokio::time::sleep_until(turn.at.into()).await;
            // A 429 may have come while this send waited: then its slot goes unused.
            let now = Instant::now();
            let mut state = self.state();
            let held_until = state
                .bot_hold
                .into_iter()
                .chain(state.chats.get(&chat).and_then(|c| c.hold))
                .filter(|&until| until > now)
                .max();
            if held_until.is_none() {
                return turn;
            }
            unreserve(&mut state, chat, &turn);
        }
    }

    /// A send of `turn` that Telegram refused took no message out: its chat's slot is free again,
    /// and its global slot may be used once more within the second.
    fn give_back(&self, chat: i64, turn: &Turn) {
        let mut state = self.state();
        if let Some(c) = state.chats.get_mut(&chat)
            && let Some(at) = c.sent.iter().position(|&t| t == turn.at)
        {
            c.sent.remove(at);
        }
        state.refunds.push_back(turn.at);
    }

    /// Reserves the earliest time at or after `now` that `chat` may send at.
    fn reserve(&self, chat: i64, now: Instant) -> Turn {
        let per_min = if ChatId(chat).is_channel_or_supergroup() {
            self.limits.messages_per_min_channel_or_supergroup
        } else {
            self.limits.messages_per_min_chat
        } as usize;
        let per_sec = self.limits.messages_per_sec_chat as usize;
        let mut guard = self.state();
        let state = &mut *guard;
        state.reservations += 1;
        if state.reservations.is_multiple_of(SWEEP_EVERY) {
            state.chats.retain(|_, c| {
                c.failing
                    || c.sending.is_some()
                    || c.hold.is_some_and(|until| until > now)
                    || c.sent.back().is_some_and(|&t| t + MINUTE > now)
            });
        }
        let oldest_slot = self.index_at_or_after(now).saturating_sub(1);
        state.slots = state.slots.split_off(&oldest_slot);
        let c = state.chats.entry(chat).or_default();
        while c.sent.front().is_some_and(|&t| t + MINUTE <= now) {
            c.sent.pop_front();
        }
        let held = state
            .bot_hold
            .into_iter()
            .chain(c.hold)
            .fold(now, Instant::max);
        let chat_first = chat_earliest(&c.sent, held, per_sec, per_min);
        while state
            .refunds
            .front()
            .is_some_and(|&at| at + SECOND <= chat_first)
        {
            state.refunds.pop_front();
        }
        let first_free = {
            let mut slot = self.index_at_or_after(chat_first);
            while state.slots.contains(&slot) {
                slot += 1;
            }
            self.slot_time(slot)
        };
        if first_free > chat_first && state.refunds.pop_front().is_some() {
            // A refused send's slot, still within its second.
            let place = c.sent.partition_point(|&t| t <= chat_first);
            c.sent.insert(place, chat_first);
            return Turn {
                at: chat_first,
                slot: None,
            };
        }
        let mut at = chat_first;
        let (at, slot) = loop {
            let mut slot = self.index_at_or_after(at);
            while state.slots.contains(&slot) {
                slot += 1;
            }
            let slot_at = self.slot_time(slot).max(at);
            let chat_ok = chat_earliest(&c.sent, slot_at, per_sec, per_min);
            if chat_ok == slot_at {
                break (slot_at, slot);
            }
            at = chat_ok;
        };
        state.slots.insert(slot);
        let place = c.sent.partition_point(|&t| t <= at);
        c.sent.insert(place, at);
        // The backlog for the global limit: how far the slot lies beyond the chat's own turn.
        let backlog = at.saturating_duration_since(chat_first);
        note_queue(
            &mut state.episode,
            backlog,
            self.limits.messages_per_sec_overall,
            now,
        );
        Turn {
            at,
            slot: Some(slot),
        }
    }

    /// The index of the first global slot at or after `at`.
    fn index_at_or_after(&self, at: Instant) -> u64 {
        let since = at.saturating_duration_since(self.base).as_nanos();
        let slot = self.slot.as_nanos().max(1);
        u64::try_from(since.div_ceil(slot)).unwrap_or(u64::MAX)
    }

    /// When global slot `index` begins.
    fn slot_time(&self, index: u64) -> Instant {
        let nanos = u64::try_from(self.slot.as_nanos()).unwrap_or(u64::MAX);
        self.base + Duration::from_nanos(index.saturating_mul(nanos))
    }

    /// Records an answer from the Bot API for `chat`; a 429 (`told_to_wait`) holds the chat, and
    /// the bot when Telegram evidently means the bot.
    fn answered(&self, chat: i64, told_to_wait: Option<Duration>) {
        let now = Instant::now();
        let mut state = self.state();
        if let Some(c) = state.chats.get_mut(&chat) {
            c.sending = None;
        }
        while state
            .recent
            .front()
            .is_some_and(|&(at, _, _)| at + SECOND <= now)
        {
            state.recent.pop_front();
        }
        state.recent.push_back((now, chat, told_to_wait.is_some()));
        let Some(wait) = told_to_wait else {
            return;
        };
        let until = now + wait;
        let c = state.chats.entry(chat).or_default();
        c.hold = Some(c.hold.map_or(until, |h| h.max(until)));
        let mut held: Vec<i64> = state
            .recent
            .iter()
            .filter(|(_, _, told)| *told)
            .map(|(_, chat, _)| *chat)
            .collect();
        let told = held.len();
        held.sort_unstable();
        held.dedup();
        if held.len() >= BOT_WIDE_CHATS && told * 2 >= state.recent.len() {
            if state.bot_hold.is_none_or(|h| h <= now) {
                tracing::warn!(
                    wait_ms = wait.as_millis() as u64,
                    chats = held.len(),
                    "Telegram's flood control holds the whole bot: every chat waits"
                );
            }
            state.bot_hold = Some(state.bot_hold.map_or(until, |h| h.max(until)));
        }
    }
}

/// The earliest time at or after `at` when a send keeps within both of a chat's limits.
fn chat_earliest(sent: &VecDeque<Instant>, at: Instant, per_sec: usize, per_min: usize) -> Instant {
    let mut at = at;
    loop {
        let next = earliest(sent, earliest(sent, at, per_sec, SECOND), per_min, MINUTE);
        if next == at {
            return at;
        }
        at = next;
    }
}

/// The earliest time at or after `at` when a send keeps at most `limit` of `sent` (sorted) in
/// any `window`.
fn earliest(sent: &VecDeque<Instant>, at: Instant, limit: usize, window: Duration) -> Instant {
    let limit = limit.max(1);
    let mut at = at;
    loop {
        let upto = sent.partition_point(|&t| t <= at);
        let inside = sent
            .range(..upto)
            .rev()
            .take_while(|&&t| t + window > at)
            .count();
        if inside < limit {
            return at;
        }
        // The send that must leave the window first: the `limit`-th most recent.
        match sent.get(upto - limit) {
            Some(&t) => at = t + window,
            None => return at,
        }
    }
}

/// Keeps the one log line per backlog episode of the global limit.
fn note_queue(episode: &mut Option<Episode>, backlog: Duration, per_sec: u32, now: Instant) {
    match episode {
        None if backlog > SECOND => {
            tracing::debug!(
                backlog_ms = backlog.as_millis() as u64,
                "replies queue for Telegram's global rate limit"
            );
            *episode = Some(Episode {
                since: now,
                noted: false,
                sends: 1,
            });
        }
        None => {}
        Some(e) if backlog > SECOND => {
            e.sends += 1;
            if !e.noted && now.duration_since(e.since) >= QUEUE_NOTE {
                e.noted = true;
                tracing::info!(
                    backlog_ms = backlog.as_millis() as u64,
                    per_sec,
                    "replies have been queueing for Telegram's global rate limit for a while; they go out in order"
                );
            }
        }
        Some(e) => {
            let lasted = now.duration_since(e.since);
            if e.noted {
                tracing::info!(
                    lasted_ms = lasted.as_millis() as u64,
                    sends = e.sends,
                    "the replies queued for the rate limit have gone out"
                );
            } else {
                tracing::debug!(
                    lasted_ms = lasted.as_millis() as u64,
                    sends = e.sends,
                    "the rate-limit queue is empty again"
                );
            }
            *episode = None;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::telegram::config::{Config, Token};
    use std::sync::Arc;

    fn outbox(per_sec_chat: u32, per_min_chat: u32, overall: u32) -> Outbox {
        let config = Config::defaults().unwrap();
        let token = Token::parse("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw").unwrap();
        let mut limits = config.telegram.limits;
        limits.messages_per_sec_chat = per_sec_chat;
        limits.messages_per_min_chat = per_min_chat;
        limits.messages_per_sec_overall = overall;
        Outbox::new(limits, Retry::new(&config.telegram, token, Arc::default()))
    }

    fn secs(at: Instant, from: Instant) -> f64 {
        at.duration_since(from).as_secs_f64()
    }

    #[test]
    fn a_chat_gets_one_slot_a_second_and_twenty_a_minute() {
        let out = outbox(1, 20, 30);
        let now = Instant::now();
        let times: Vec<f64> = (0..22).map(|_| secs(out.reserve(7, now).at, now)).collect();
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= 0.999, "{times:?}");
        }
        assert!(times[19] < 20.0, "{times:?}");
        assert!(
            times[20] >= 60.0,
            "the 21st waits for the minute: {times:?}"
        );
    }

    #[test]
    fn the_global_limit_spaces_sends_and_serves_chats_in_turn() {
        let out = outbox(1, 20, 10);
        let now = Instant::now();
        let times: Vec<f64> = (0..30)
            .map(|chat| secs(out.reserve(chat, now).at, now))
            .collect();
        // 10 a second in all: the 30th of 30 chats goes out about 3 s later, in arrival order.
        for pair in times.windows(2) {
            assert!(pair[1] > pair[0], "{times:?}");
        }
        assert!((2.8..3.1).contains(&times[29]), "{times:?}");
        let in_first_second = times.iter().filter(|&&t| t < 1.0).count();
        assert_eq!(in_first_second, 10, "{times:?}");
    }

    #[test]
    fn a_429_holds_its_chat_only_unless_many_chats_get_one() {
        let out = outbox(1_000, 100_000, 1_000);
        out.answered(1, Some(Duration::from_secs(20)));
        for chat in 2..10 {
            out.answered(chat, None);
        }
        let now = Instant::now();
        assert!(
            secs(out.reserve(1, now).at, now) >= 19.9,
            "the held chat waits"
        );
        assert!(secs(out.reserve(2, now).at, now) < 0.1, "the others do not");
        assert!(out.is_held(1) && !out.is_held(2));
        // Flood control for the bot: most answers of a second are 429s, for three chats.
        for chat in 3..10 {
            out.answered(chat, Some(Duration::from_secs(5)));
        }
        let now = Instant::now();
        assert!(
            secs(out.reserve(11, now).at, now) >= 4.9,
            "the whole bot waits"
        );
    }

    #[test]
    fn a_refused_send_gives_its_slots_back() {
        let out = outbox(1, 20, 10);
        let now = Instant::now();
        let turns: Vec<Turn> = (0..10).map(|chat| out.reserve(chat, now)).collect();
        assert!(
            secs(out.reserve(10, now).at, now) >= 0.99,
            "the second is full"
        );
        // Telegram refused chat 3's send: its slot may be used again within the second, and
        // chat 3 may send again at once (its own limit counts only what went out).
        out.give_back(3, &turns[3]);
        let now = Instant::now();
        let again = out.reserve(11, now);
        assert!(again.slot.is_none() && secs(again.at, now) < 0.1);
        assert!(secs(out.reserve(3, now).at, now) < 1.5);
    }

    /// Polls `done` every few milliseconds for at most 5 s.
    async fn eventually(done: impl Fn() -> bool) -> bool {
        for _ in 0..500 {
            if done() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        done()
    }

    #[tokio::test]
    async fn a_chats_deliveries_run_in_order_and_never_hold_another_chat() {
        let out = outbox(1, 20, 30);
        let log: Arc<Mutex<Vec<&str>>> = Arc::default();
        let (release, held) = tokio::sync::oneshot::channel::<()>();
        let write = |entry: &'static str| {
            let log = Arc::clone(&log);
            async move { log.lock().unwrap().push(entry) }
        };
        // Chat 1's first delivery waits (a held chat); its second must wait behind it.
        let first = write("1a");
        out.deliver(1, async move {
            let _ = held.await;
            first.await;
        });
        out.deliver(1, write("1b"));
        // Chat 2's first delivery panics: its next one still runs, and chat 1 holds it not.
        out.deliver(2, async { panic!("a delivery that panics") });
        out.deliver(2, write("2"));
        assert!(eventually(|| log.lock().unwrap().len() == 1).await);
        assert_eq!(*log.lock().unwrap(), ["2"]);
        assert_eq!(out.queued(), 1, "chat 1's second delivery waits");
        release.send(()).unwrap();
        assert!(eventually(|| log.lock().unwrap().len() == 3).await);
        assert_eq!(*log.lock().unwrap(), ["2", "1a", "1b"]);
        // Every chat's task has ended with its queue.
        assert!(eventually(|| lock(&out.queues).is_empty()).await);
    }

    #[test]
    fn earliest_respects_a_sliding_window() {
        let now = Instant::now();
        let s = |x: f64| now + Duration::from_secs_f64(x);
        let sent: VecDeque<Instant> = [0.0, 0.5, 0.9].map(s).into();
        // Windows are half-open: the send at 0.0 has left the window ending at 1.0.
        assert_eq!(earliest(&sent, s(1.0), 2, SECOND), s(1.5));
        assert_eq!(earliest(&sent, s(1.0), 3, SECOND), s(1.0));
        assert_eq!(earliest(&sent, s(2.0), 1, SECOND), s(2.0));
    }
}
