//! One poller at a time: a lease in the shared storage (SQLite or Redis) that an instance must
//! hold to call `getUpdates`.
//!
//! Two instances polling with one token answer everything twice: each fetches what the other has
//! not confirmed yet, and Telegram only says "409 Conflict" to the one whose request the other
//! cut short. So in polling mode with `sqlite:` or `redis://` storage, an instance first takes
//! the lease (a row of `communique_poll_lease`, or the Redis key `communique:poll-lease:<bot id>`
//! with an expiry), renews it every third of `lease_secs`, and polls only while it holds it.
//! Another instance waits, trying every second, and takes over when the lease is released (the
//! holder stopped: what a deploy does) or lapses (the holder died). docs/telegram.md, "Deploying a
//! new version", describes the handover.
//!
//! Invariants:
//! - Taking, renewing and releasing are single atomic storage operations that check the holder,
//!   so two instances never both hold it (their clocks must agree to within a second with SQLite,
//!   whose file is on one machine anyway; Redis keeps the expiry itself).
//! - The holder stops fetching as soon as a renewal finds another holder, and when renewals have
//!   failed (storage unreachable) until the lease may have lapsed.
//! - The holder releases it only after its last confirmation to Telegram, so the next holder
//!   starts from a confirmed offset.
//! - With `memory` storage there is no lease (nothing is shared): Telegram's 409 Conflict is the
//!   only sign of a second instance ([`super::polling`]).

use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

/// The SQLite table of leases, created with the processed-update log's.
pub const SQLITE_TABLE: &str = "CREATE TABLE IF NOT EXISTS communique_poll_lease (
    bot_id INTEGER PRIMARY KEY,
    holder TEXT NOT NULL,
    until_ms INTEGER NOT NULL
)";

/// Where the lease is kept: the processed-update log's pool.
#[derive(Clone)]
pub enum Store {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "redis")]
    Redis(deadpool_redis::Pool),
    /// A build without either storage has no lease (never built: `memory` has none).
    #[cfg(not(any(feature = "sqlite", feature = "redis")))]
    Unavailable,
}

/// Why the storage could not take, renew or release the lease (the caller tries again or lets
/// the lease lapse; never fatal).
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    #[cfg(feature = "sqlite")]
    #[error("SQLite: {0}")]
    Sqlite(#[from] sqlx::Error),
    #[cfg(feature = "redis")]
    #[error("Redis connection: {0}")]
    RedisPool(#[from] deadpool_redis::PoolError),
    #[cfg(feature = "redis")]
    #[error("Redis: {0}")]
    Redis(#[from] deadpool_redis::redis::RedisError),
    #[cfg(not(any(feature = "sqlite", feature = "redis")))]
    #[error("no shared storage in this build")]
    Unavailable,
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

/// What the storage said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This instance holds it (taken or renewed).
    Held,
    /// Another instance holds it.
    Other(String),
}

/// Takes or renews the lease in one step: a Redis script that renews it for `ARGV[1]` or sets it
/// if nobody holds it; the holder it found otherwise.
#[cfg(feature = "redis")]
const REDIS_CLAIM: &str = "local h = redis.call('GET', KEYS[1]) \
    if h == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return '' end \
    if h then return h end \
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ''";

/// Deletes the key only if `ARGV[1]` holds it.
#[cfg(feature = "redis")]
const REDIS_RELEASE: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then \
    return redis.call('DEL', KEYS[1]) end return 0";

/// The polling lease of one bot, for one instance.
pub struct Lease {
    store: Store,
    bot_id: i64,
    holder: String,
    ttl: Duration,
    timeout: Duration,
    /// Held, and until when at the latest (a renewal that fails leaves it held until then).
    valid_until: Arc<Mutex<Option<Instant>>>,
    renewer: Mutex<Option<JoinHandle<()>>>,
}

impl Lease {
    pub fn new(
        store: Store,
        bot_id: i64,
        holder: String,
        ttl: Duration,
        timeout: Duration,
    ) -> Lease {
        Lease {
            store,
            bot_id,
            holder,
            ttl: ttl.max(Duration::from_secs(1)),
            timeout,
            valid_until: Arc::default(),
            renewer: Mutex::default(),
        }
    }

    /// This instance's name in the storage (pid and start time).
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Whether this instance holds the lease now.
    pub fn is_held(&self) -> bool {
        lock(&self.valid_until).is_some_and(|until| Instant::now() < until)
    }

    /// Tries once to take (or renew) the lease.
    pub async fn claim(&self) -> Result<Claim, LeaseError> {
        let claimed = claim(
            &self.store,
            self.bot_id,
            &self.holder,
            self.ttl,
            self.timeout,
        );
        let started = Instant::now();
        let result = claimed.await;
        if matches!(result, Ok(Claim::Held)) {
            // Counted from before the request: the storage's expiry is at least this late.
            *lock(&self.valid_until) = Some(started + self.ttl);
        }
        result
    }

    /// Waits until this instance holds the lease (trying every second, logging once who holds
    /// it), then keeps it renewed in the background. False if `stop` turned true first.
    pub async fn acquire(&self, stop: &mut tokio::sync::watch::Receiver<bool>) -> bool {
        let mut said = false;
        loop {
            if *stop.borrow() {
                return false;
            }
            match self.claim().await {
                Ok(Claim::Held) => break,
                Ok(Claim::Other(holder)) if !said => {
                    said = true;
                    tracing::info!(
                        %holder,
                        "another instance holds the polling lease; waiting to take over when it stops"
                    );
                }
                Ok(Claim::Other(_)) => {}
                Err(error) => {
                    tracing::warn!(%error, "could not reach the storage for the polling lease; trying again")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.retry_every()) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!(holder = %self.holder, "took the polling lease: this instance polls");
        self.renew_in_background();
        true
    }

    /// How often a waiting instance tries again.
    fn retry_every(&self) -> Duration {
        (self.ttl / 3).min(Duration::from_secs(1))
    }

    fn renew_in_background(&self) {
        let store = self.store.clone();
        let (bot_id, holder, ttl, timeout) =
            (self.bot_id, self.holder.clone(), self.ttl, self.timeout);
        let valid_until = Arc::clone(&self.valid_until);
        let task = tokio::spawn(async move {
            loop {
                tokio::time::sleep(ttl / 3).await;
                let started = Instant::now();
                match claim(&store, bot_id, &holder, ttl, timeout).await {
                    Ok(Claim::Held) => *lock(&valid_until) = Some(started + ttl),
                    Ok(Claim::Other(other)) => {
                        *lock(&valid_until) = None;
                        tracing::warn!(
                            holder = %other,
                            "another instance took the polling lease; this one stops fetching"
                        );
                        return;
                    }
                    Err(error) => tracing::warn!(
                        %error,
                        "could not renew the polling lease; polling goes on until it may have lapsed"
                    ),
                }
            }
        });
        if let Some(old) = lock(&self.renewer).replace(task) {
            old.abort();
        }
    }

    /// Gives the lease up (after the last confirmation), so another instance can take over at
    /// once.
    pub async fn release(&self) {
        if let Some(renewer) = lock(&self.renewer).take() {
            renewer.abort();
        }
        let held = lock(&self.valid_until).take().is_some();
        if !held {
            return;
        }
        match tokio::time::timeout(
            self.timeout,
            release(&self.store, self.bot_id, &self.holder),
        )
        .await
        {
            Ok(Ok(())) => tracing::info!("released the polling lease"),
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not release the polling lease; it lapses by itself")
            }
            Err(_) => tracing::warn!("releasing the polling lease timed out; it lapses by itself"),
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(renewer) = lock(&self.renewer).take() {
            renewer.abort();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// One attempt to take or renew the lease for `holder`.
async fn claim(
    store: &Store,
    bot_id: i64,
    holder: &str,
    ttl: Duration,
    timeout: Duration,
) -> Result<Claim, LeaseError> {
    let ttl_ms = ttl.as_millis() as i64;
    let attempt = async {
        match store {
            #[cfg(feature = "sqlite")]
            Store::Sqlite(pool) => {
                use sqlx::Row;
                let now = unix_ms();
                let taken = sqlx::query(
                    "INSERT INTO communique_poll_lease (bot_id, holder, until_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT(bot_id) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
                     WHERE communique_poll_lease.holder = excluded.holder
                        OR communique_poll_lease.until_ms < ?4",
                )
                .bind(bot_id)
                .bind(holder)
                .bind(now + ttl_ms)
                .bind(now)
                .execute(pool)
                .await
                ?;
                if taken.rows_affected() == 1 {
                    return Ok(Claim::Held);
                }
                let row = sqlx::query("SELECT holder FROM communique_poll_lease WHERE bot_id = ?")
                    .bind(bot_id)
                    .fetch_optional(pool)
                    .await?;
                let other: String = row
                    .and_then(|r| r.try_get(0).ok())
                    .unwrap_or_else(|| "another instance".to_string());
                Ok(Claim::Other(other))
            }
            #[cfg(feature = "redis")]
            Store::Redis(pool) => {
                let mut conn = pool.get().await?;
                let other: String = deadpool_redis::redis::cmd("EVAL")
                    .arg(REDIS_CLAIM)
                    .arg(1)
                    .arg(redis_key(bot_id))
                    .arg(holder)
                    .arg(ttl_ms)
                    .query_async(&mut conn)
                    .await?;
                Ok(if other.is_empty() {
                    Claim::Held
                } else {
                    Claim::Other(other)
                })
            }
            #[cfg(not(any(feature = "sqlite", feature = "redis")))]
            Store::Unavailable => {
                let _ = (bot_id, holder, ttl_ms);
                Err(LeaseError::Unavailable)
            }
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(result) => result,
        Err(_) => Err(LeaseError::Timeout(timeout)),
    }
}

async fn release(store: &Store, bot_id: i64, holder: &str) -> Result<(), LeaseError> {
    match store {
        #[cfg(feature = "sqlite")]
        Store::Sqlite(pool) => {
            sqlx::query("DELETE FROM communique_poll_lease WHERE bot_id = ? AND holder = ?")
                .bind(bot_id)
                .bind(holder)
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(LeaseError::from)
        }
        #[cfg(feature = "redis")]
        Store::Redis(pool) => {
            let mut conn = pool.get().await?;
            deadpool_redis::redis::cmd("EVAL")
                .arg(REDIS_RELEASE)
                .arg(1)
                .arg(redis_key(bot_id))
                .arg(holder)
                .query_async::<i64>(&mut conn)
                .await
                .map(|_| ())
                .map_err(LeaseError::from)
        }
        #[cfg(not(any(feature = "sqlite", feature = "redis")))]
        Store::Unavailable => {
            let _ = (bot_id, holder);
            Ok(())
        }
    }
}

#[cfg(feature = "redis")]
fn redis_key(bot_id: i64) -> String {
    format!("communique:poll-lease:{bot_id}")
}

/// A name for this instance in the lease: its process id and start time.
pub fn holder_name() -> String {
    format!("pid {} started {}", std::process::id(), unix_ms())
}

#[cfg(all(test, feature = "sqlite"))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::telegram::processed::ProcessedLog;
    use crate::telegram::storage::StorageSpec;

    #[tokio::test]
    async fn one_holder_at_a_time_and_a_release_hands_over_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let spec = StorageSpec::Sqlite(dir.path().join("d.db").display().to_string());
        let log = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
            .await
            .unwrap();
        let ttl = Duration::from_secs(30);
        let a = log.lease("a".to_string(), ttl).unwrap();
        let b = log.lease("b".to_string(), ttl).unwrap();
        assert_eq!(a.claim().await.unwrap(), Claim::Held);
        assert_eq!(b.claim().await.unwrap(), Claim::Other("a".to_string()));
        assert_eq!(a.claim().await.unwrap(), Claim::Held, "renewed");
        assert!(a.is_held() && !b.is_held());
        a.release().await;
        assert!(!a.is_held());
        assert_eq!(b.claim().await.unwrap(), Claim::Held);
        // Another bot has a lease of its own.
        let other_bot = ProcessedLog::open(&spec, 2, Duration::from_secs(2))
            .await
            .unwrap();
        let c = other_bot.lease("c".to_string(), ttl).unwrap();
        assert_eq!(c.claim().await.unwrap(), Claim::Held);
    }

    #[tokio::test]
    async fn a_lapsed_lease_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let spec = StorageSpec::Sqlite(dir.path().join("d.db").display().to_string());
        let log = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
            .await
            .unwrap();
        let a = log.lease("a".to_string(), Duration::from_secs(1)).unwrap();
        let b = log.lease("b".to_string(), Duration::from_secs(1)).unwrap();
        assert_eq!(a.claim().await.unwrap(), Claim::Held);
        assert!(matches!(b.claim().await, Ok(Claim::Other(_))));
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        assert!(!a.is_held(), "not renewed: lapsed");
        assert_eq!(b.claim().await.unwrap(), Claim::Held);
    }
}
