//! The processed-update log: which `update_id`s this bot has already handled, so that an update
//! Telegram delivers again (after a crash, before its confirmation reached Telegram; or a webhook
//! retry after a timeout) is not answered twice.
//!
//! It lives in the configured storage, next to the conversations, per bot (keyed by the bot's
//! numeric id), and is bounded: the last [`KEEP`] updates, none older than [`KEEP_FOR`].
//! - memory: a bounded set in this process. A restarted bot has forgotten it, so an update that
//!   was answered but not yet confirmed when the process died is answered again.
//! - SQLite: the table `communique_processed_updates` in the same database file.
//! - Redis: the sorted set `communique:processed:<bot id>` (score: when it was handled), which no
//!   teloxide key can collide with (those are bare chat ids).
//!
//! Next to it, the parked-update inbox ([`super::ledger`]): updates of held chats, confirmed to
//! Telegram before they were answered, kept whole (JSON) until they are: the SQLite table
//! `communique_parked_updates`, the Redis hash `communique:parked:<bot id>`; with `memory`, the
//! ledger alone holds them (nothing survives the process).
//!
//! Invariants: every operation is bounded by the storage timeout, and a failure never stops an
//! answer: a lookup that fails reads as "not processed" (a possible duplicate rather than a lost
//! answer), a record that fails is logged. Parking reports whether the inbox has the updates; an
//! update is confirmed past only when it does.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::storage::{StorageError, StorageSpec};

/// How many processed update ids are remembered per bot.
pub const KEEP: usize = 10_000;
/// How long a processed update id is remembered (Telegram keeps undelivered updates 24 h).
pub const KEEP_FOR: Duration = Duration::from_secs(24 * 60 * 60);
/// Old entries are pruned every this many records.
const PRUNE_EVERY: u64 = 256;

/// Where the processed ids are kept.
enum Backend {
    Memory(Mutex<Recent>),
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "redis")]
    Redis(deadpool_redis::Pool),
}

/// The last [`KEEP`] ids, in memory.
#[derive(Default)]
struct Recent {
    set: HashSet<u32>,
    order: VecDeque<u32>,
}

impl Recent {
    fn insert(&mut self, id: u32) {
        if self.set.insert(id) {
            self.order.push_back(id);
            while self.order.len() > KEEP {
                if let Some(old) = self.order.pop_front() {
                    self.set.remove(&old);
                }
            }
        }
    }
}

/// The processed-update log of one bot.
pub struct ProcessedLog {
    backend: Backend,
    #[cfg_attr(not(any(feature = "sqlite", feature = "redis")), allow(dead_code))]
    bot_id: i64,
    timeout: Duration,
    records: AtomicU64,
}

impl ProcessedLog {
    /// An in-memory log (lost when the process stops).
    pub fn memory(bot_id: i64) -> ProcessedLog {
        ProcessedLog {
            backend: Backend::Memory(Mutex::default()),
            bot_id,
            timeout: Duration::from_secs(2),
            records: AtomicU64::new(0),
        }
    }

    /// Opens the log in the configured storage (creating its table) and checks that it works.
    pub async fn open(
        spec: &StorageSpec,
        bot_id: i64,
        timeout: Duration,
    ) -> Result<ProcessedLog, StorageError> {
        let failed = |reason: String| {
            StorageError(
                crate::messages::TG_STORAGE_UNAVAILABLE
                    .replace("{storage}", &format!("{:?}", spec.shown()))
                    .replace("{reason}", &reason),
            )
        };
        let backend = match spec {
            StorageSpec::Memory => Backend::Memory(Mutex::default()),
            #[cfg(feature = "sqlite")]
            StorageSpec::Sqlite(path) => {
                super::storage::create_private(path).map_err(|e| failed(e.to_string()))?;
                super::storage::make_private(path);
                // WAL with synchronous=NORMAL: a commit survives the process being killed (only
                // a power cut can lose the last ones, which then means duplicates, not losses).
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(timeout);
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(2)
                    .acquire_timeout(timeout)
                    .connect_with(options);
                let pool = tokio::time::timeout(timeout, pool)
                    .await
                    .map_err(|_| failed(format!("opening took longer than {timeout:?}")))?
                    .map_err(|e| failed(e.to_string()))?;
                for table in [
                    "CREATE TABLE IF NOT EXISTS communique_processed_updates (
                        bot_id INTEGER NOT NULL,
                        update_id INTEGER NOT NULL,
                        at INTEGER NOT NULL,
                        PRIMARY KEY (bot_id, update_id)
                    )",
                    "CREATE TABLE IF NOT EXISTS communique_parked_updates (
                        bot_id INTEGER NOT NULL,
                        update_id INTEGER NOT NULL,
                        body TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        PRIMARY KEY (bot_id, update_id)
                    )",
                    super::lease::SQLITE_TABLE,
                ] {
                    sqlx::query(table)
                        .execute(&pool)
                        .await
                        .map_err(|e| failed(e.to_string()))?;
                }
                // SQLite made its -wal and -shm files now: owner-only like the database.
                super::storage::make_private(path);
                Backend::Sqlite(pool)
            }
            #[cfg(feature = "redis")]
            StorageSpec::Redis(url) => {
                let pool = super::storage::redis_pool(url, timeout)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                Backend::Redis(pool)
            }
            #[cfg(not(all(feature = "sqlite", feature = "redis")))]
            #[allow(unreachable_patterns)]
            other => return Err(failed(format!("{} is not built in", other.kind()))),
        };
        Ok(ProcessedLog {
            backend,
            bot_id,
            timeout,
            records: AtomicU64::new(0),
        })
    }

    /// Whether it survives a restart of the process.
    pub fn is_durable(&self) -> bool {
        !matches!(self.backend, Backend::Memory(_))
    }

    /// Whether update `id` was already handled. A failed lookup answers `false` (logged).
    pub async fn contains(&self, id: u32) -> bool {
        let lookup = async {
            match &self.backend {
                Backend::Memory(recent) => {
                    Ok::<bool, String>(recent.lock().is_ok_and(|r| r.set.contains(&id)))
                }
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => sqlx::query(
                    "SELECT 1 FROM communique_processed_updates WHERE bot_id = ? AND update_id = ?",
                )
                .bind(self.bot_id)
                .bind(i64::from(id))
                .fetch_optional(pool)
                .await
                .map(|row| row.is_some())
                .map_err(|e| e.to_string()),
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    deadpool_redis::redis::cmd("ZSCORE")
                        .arg(self.redis_key())
                        .arg(id)
                        .query_async::<Option<f64>>(&mut conn)
                        .await
                        .map(|score| score.is_some())
                        .map_err(|e| e.to_string())
                }
            }
        };
        match tokio::time::timeout(self.timeout, lookup).await {
            Ok(Ok(found)) => found,
            Ok(Err(error)) => {
                tracing::warn!(update_id = id, %error, "processed-update lookup failed; handling the update");
                false
            }
            Err(_) => {
                tracing::warn!(
                    update_id = id,
                    "processed-update lookup timed out; handling the update"
                );
                false
            }
        }
    }

    /// Records update `id` as handled (and now and then forgets the oldest entries).
    pub async fn record(&self, id: u32) {
        let prune = self.records.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1;
        let now = unix_now();
        let write = async {
            match &self.backend {
                Backend::Memory(recent) => {
                    if let Ok(mut recent) = recent.lock() {
                        recent.insert(id);
                    }
                    let _ = (prune, now);
                    Ok::<(), String>(())
                }
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => {
                    sqlx::query(
                        "INSERT OR IGNORE INTO communique_processed_updates (bot_id, update_id, at)
                         VALUES (?, ?, ?)",
                    )
                    .bind(self.bot_id)
                    .bind(i64::from(id))
                    .bind(now)
                    .execute(pool)
                    .await
                    .map_err(|e| e.to_string())?;
                    if prune {
                        sqlx::query(
                            "DELETE FROM communique_processed_updates WHERE bot_id = ?1 AND (at < ?2
                             OR update_id <= (SELECT update_id FROM communique_processed_updates
                                 WHERE bot_id = ?1 ORDER BY update_id DESC LIMIT 1 OFFSET ?3))",
                        )
                        .bind(self.bot_id)
                        .bind(now.saturating_sub(KEEP_FOR.as_secs() as i64))
                        .bind(KEEP as i64)
                        .execute(pool)
                        .await
                        .map_err(|e| e.to_string())?;
                    }
                    Ok(())
                }
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    let key = self.redis_key();
                    let mut pipe = deadpool_redis::redis::pipe();
                    pipe.cmd("ZADD").arg(&key).arg(now).arg(id).ignore();
                    if prune {
                        pipe.cmd("ZREMRANGEBYSCORE")
                            .arg(&key)
                            .arg("-inf")
                            .arg(now.saturating_sub(KEEP_FOR.as_secs() as i64))
                            .ignore();
                        pipe.cmd("ZREMRANGEBYRANK")
                            .arg(&key)
                            .arg(0)
                            .arg(-(KEEP as i64) - 1)
                            .ignore();
                    }
                    pipe.query_async::<()>(&mut conn)
                        .await
                        .map_err(|e| e.to_string())
                }
            }
        };
        let error = match tokio::time::timeout(self.timeout, write).await {
            Ok(Ok(())) => return,
            Ok(Err(error)) => error,
            Err(_) => format!("no answer within {:?}", self.timeout),
        };
        tracing::warn!(update_id = id, %error, "could not record a processed update; after a crash it may be answered again");
    }

    #[cfg(feature = "redis")]
    fn redis_key(&self) -> String {
        format!("communique:processed:{}", self.bot_id)
    }

    #[cfg(feature = "redis")]
    fn parked_key(&self) -> String {
        format!("communique:parked:{}", self.bot_id)
    }

    /// The polling lease in the same storage, for `holder`; `None` with `memory` (one process:
    /// only Telegram's 409 Conflict tells of another instance).
    pub fn lease(&self, holder: String, ttl: Duration) -> Option<super::lease::Lease> {
        let store = match &self.backend {
            Backend::Memory(_) => None,
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => Some(super::lease::Store::Sqlite(pool.clone())),
            #[cfg(feature = "redis")]
            Backend::Redis(pool) => Some(super::lease::Store::Redis(pool.clone())),
        }?;
        Some(super::lease::Lease::new(
            store,
            self.bot_id,
            holder,
            ttl,
            self.timeout,
        ))
    }

    /// Puts `updates` (id, JSON) in the parked-update inbox; whether the inbox has them all. With
    /// `memory` the ledger itself is the inbox: always true.
    pub async fn park(&self, updates: &[(u32, String)]) -> bool {
        let now = unix_now();
        let write = async {
            match &self.backend {
                Backend::Memory(_) => {
                    let _ = (updates, now);
                    Ok::<(), String>(())
                }
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => {
                    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
                    for (id, body) in updates {
                        sqlx::query(
                            "INSERT OR REPLACE INTO communique_parked_updates (bot_id, update_id, body, at)
                             VALUES (?, ?, ?, ?)",
                        )
                        .bind(self.bot_id)
                        .bind(i64::from(*id))
                        .bind(body)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| e.to_string())?;
                    }
                    tx.commit().await.map_err(|e| e.to_string())
                }
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    let mut cmd = deadpool_redis::redis::cmd("HSET");
                    cmd.arg(self.parked_key());
                    for (id, body) in updates {
                        cmd.arg(*id).arg(body);
                    }
                    cmd.query_async::<i64>(&mut conn)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
            }
        };
        let error = match tokio::time::timeout(self.timeout, write).await {
            Ok(Ok(())) => return true,
            Ok(Err(error)) => error,
            Err(_) => format!("no answer within {:?}", self.timeout),
        };
        tracing::warn!(%error, updates = updates.len(), "could not park updates; they stay unconfirmed");
        false
    }

    /// Takes update `id` out of the parked-update inbox (it is answered).
    pub async fn unpark(&self, id: u32) {
        let delete = async {
            match &self.backend {
                Backend::Memory(_) => Ok::<(), String>(()),
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => sqlx::query(
                    "DELETE FROM communique_parked_updates WHERE bot_id = ? AND update_id = ?",
                )
                .bind(self.bot_id)
                .bind(i64::from(id))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    deadpool_redis::redis::cmd("HDEL")
                        .arg(self.parked_key())
                        .arg(id)
                        .query_async::<i64>(&mut conn)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
            }
        };
        let error = match tokio::time::timeout(self.timeout, delete).await {
            Ok(Ok(())) => return,
            Ok(Err(error)) => error,
            Err(_) => format!("no answer within {:?}", self.timeout),
        };
        // Harmless: the processed log has it, so the next reload drops it.
        tracing::warn!(update_id = id, %error, "could not take an answered update out of the parked inbox");
    }

    /// The parked-update inbox, oldest first (empty with `memory`, or if it cannot be read).
    pub async fn parked_updates(&self) -> Vec<(u32, String)> {
        let read = async {
            match &self.backend {
                Backend::Memory(_) => Ok::<Vec<(u32, String)>, String>(Vec::new()),
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => {
                    use sqlx::Row;
                    let rows = sqlx::query(
                        "SELECT update_id, body FROM communique_parked_updates WHERE bot_id = ?
                         ORDER BY update_id",
                    )
                    .bind(self.bot_id)
                    .fetch_all(pool)
                    .await
                    .map_err(|e| e.to_string())?;
                    Ok(rows
                        .iter()
                        .filter_map(|row| {
                            let id: i64 = row.try_get(0).ok()?;
                            let body: String = row.try_get(1).ok()?;
                            Some((u32::try_from(id).ok()?, body))
                        })
                        .collect())
                }
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
                    let all = deadpool_redis::redis::cmd("HGETALL")
                        .arg(self.parked_key())
                        .query_async::<std::collections::HashMap<u32, String>>(&mut conn)
                        .await
                        .map_err(|e| e.to_string())?;
                    let mut all: Vec<(u32, String)> = all.into_iter().collect();
                    all.sort_by_key(|(id, _)| *id);
                    Ok(all)
                }
            }
        };
        match tokio::time::timeout(self.timeout, read).await {
            Ok(Ok(parked)) => parked,
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not read the parked inbox; its updates wait for the next start");
                Vec::new()
            }
            Err(_) => {
                tracing::warn!(
                    "reading the parked inbox timed out; its updates wait for the next start"
                );
                Vec::new()
            }
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_log_remembers_the_last_ids_only() {
        let log = ProcessedLog::memory(1);
        assert!(!log.is_durable());
        for id in 1..=(KEEP as u32 + 5) {
            log.record(id).await;
        }
        assert!(log.contains(KEEP as u32 + 5).await);
        assert!(log.contains(6).await);
        assert!(!log.contains(5).await, "the oldest were forgotten");
        assert!(!log.contains(KEEP as u32 + 6).await);
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn the_sqlite_log_survives_reopening_and_is_per_bot() {
        let dir = tempfile::tempdir().unwrap();
        let spec = StorageSpec::Sqlite(dir.path().join("d.db").display().to_string());
        let log = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
            .await
            .unwrap();
        assert!(log.is_durable());
        log.record(41).await;
        log.record(42).await;
        drop(log);
        let again = ProcessedLog::open(&spec, 1, Duration::from_secs(2))
            .await
            .unwrap();
        assert!(again.contains(42).await && again.contains(41).await);
        assert!(!again.contains(43).await);
        let other_bot = ProcessedLog::open(&spec, 2, Duration::from_secs(2))
            .await
            .unwrap();
        assert!(!other_bot.contains(42).await);
    }
}
