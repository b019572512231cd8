//! Web sessions: each web conversation under an opaque random id, kept in the same storages as the
//! Telegram bot's chats (memory, SQLite or Redis), under keys of their own.
//!
//! - The id ([`SessionId`]) is 128 bits from the operating system's generator, as 32 lowercase hex
//!   digits: it cannot be guessed, and it is all a client holds. A client never chooses one: an id
//!   the storage does not have (expired, from another deployment, made up) starts a new session
//!   with a new id.
//! - What is kept is the bot's own chat state ([`State`]), in the bot's versioned envelope
//!   ([`super::super::telegram::storage::encode`]): a value of another version, or one that no
//!   longer parses after an upgrade, is discarded and the session starts afresh.
//! - Where: `memory`, a map in this process of at most `serve.max_sessions` sessions (the least
//!   recently used go first); `sqlite:PATH`, the table `communique_web_sessions` in the bot's
//!   database file; `redis://…`, the keys `communique:web:<id>`, which no key of the bot's can be
//!   (those are bare chat ids or `communique:…:<bot id>`). Several `serve` instances on one Redis
//!   (or one SQLite file) continue each other's sessions.
//! - Expiry: `serve.session_ttl_secs` after the last question (Redis expires the key itself;
//!   SQLite rows past their time are never read and are deleted every few hundred writes; memory
//!   entries are dropped when read or evicted).
//!
//! Invariants: every operation is bounded by `telegram.storage_timeout_ms`; a storage that fails
//! or is late never stops an answer (a failed read answers without context, a failed write is
//! dropped), and each failure is logged and counted.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::telegram::handlers::State;
use crate::telegram::storage::{self, StorageError, StorageSpec};

/// How many bytes of randomness a session id carries.
const ID_BYTES: usize = 16;

/// Expired SQLite rows are deleted every this many writes.
const PRUNE_EVERY: u64 = 256;

/// The Redis key prefix of web sessions.
pub const REDIS_PREFIX: &str = "communique:web:";

/// The SQLite table of web sessions.
pub const SQLITE_TABLE: &str = "communique_web_sessions";

/// An opaque session id: 32 lowercase hex digits of randomness.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

/// The operating system could not give randomness for a session id.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed ({0})")]
pub struct NoRandomness(String);

impl SessionId {
    /// A new id from the operating system's generator.
    pub fn new() -> Result<SessionId, NoRandomness> {
        let mut bytes = [0u8; ID_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| NoRandomness(e.to_string()))?;
        Ok(SessionId(
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        ))
    }

    /// `raw` when it has the shape of an id (anything else is no id of ours).
    pub fn parse(raw: &str) -> Option<SessionId> {
        let ok = raw.len() == ID_BYTES * 2
            && raw
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| SessionId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SessionId {
    /// Only the first few digits: enough to follow one session in a log, not to take it over.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionId({}…)", self.0.get(..6).unwrap_or(""))
    }
}

/// The sessions kept in memory: values by id, and the order of their last use.
#[derive(Default)]
struct Memory {
    entries: HashMap<SessionId, (State, Instant, u64)>,
    by_use: BTreeMap<u64, SessionId>,
    tick: u64,
}

impl Memory {
    fn get(&mut self, id: &SessionId, now: Instant) -> Option<State> {
        let (state, expires, tick) = self.entries.get(id)?.clone();
        if expires <= now {
            self.entries.remove(id);
            self.by_use.remove(&tick);
            return None;
        }
        Some(state)
    }

    fn put(&mut self, id: SessionId, state: State, expires: Instant, max: usize) {
        self.tick += 1;
        let tick = self.tick;
        if let Some((_, _, old)) = self.entries.insert(id.clone(), (state, expires, tick)) {
            self.by_use.remove(&old);
        }
        self.by_use.insert(tick, id);
        while self.entries.len() > max.max(1) {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            self.entries.remove(&oldest);
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

enum Backend {
    Memory(Mutex<Memory>),
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::SqlitePool),
    #[cfg(feature = "redis")]
    Redis(deadpool_redis::Pool),
}

/// Why one operation on the session storage failed (logged and counted, never shown to a client:
/// the question is answered without its context).
#[derive(Debug, thiserror::Error)]
pub enum StorageFailure {
    #[cfg(feature = "sqlite")]
    #[error("SQLite")]
    Sqlite(#[from] sqlx::Error),
    #[cfg(feature = "redis")]
    #[error("no Redis connection")]
    Pool(#[from] deadpool_redis::PoolError),
    #[cfg(feature = "redis")]
    #[error("Redis")]
    Redis(#[from] deadpool_redis::redis::RedisError),
}

/// The outcome of reading a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// The session's state.
    Found(Box<State>),
    /// The storage has no such session (never had, or it expired).
    Missing,
    /// The storage failed or was late (logged): answer without context.
    Failed,
}

/// Where web sessions are kept.
pub struct Sessions {
    backend: Backend,
    shown: String,
    ttl: Duration,
    max: usize,
    timeout: Duration,
    writes: AtomicU64,
    healthy: AtomicBool,
    failures: AtomicU64,
}

impl Sessions {
    /// Sessions in this process only.
    pub fn memory(ttl: Duration, max: usize) -> Sessions {
        Sessions::with(
            Backend::Memory(Mutex::default()),
            "memory".to_string(),
            ttl,
            max,
            Duration::from_secs(2),
        )
    }

    fn with(
        backend: Backend,
        shown: String,
        ttl: Duration,
        max: usize,
        timeout: Duration,
    ) -> Sessions {
        Sessions {
            backend,
            shown,
            ttl,
            max,
            timeout,
            writes: AtomicU64::new(0),
            healthy: AtomicBool::new(true),
            failures: AtomicU64::new(0),
        }
    }

    /// Opens the configured storage (creating the SQLite table) and checks that it answers; an
    /// unusable storage is an error naming `serve.storage`.
    pub async fn open(
        spec: &StorageSpec,
        ttl: Duration,
        max: usize,
        timeout: Duration,
    ) -> Result<Sessions, StorageError> {
        let failed = |reason: String| {
            StorageError(
                crate::messages::SERVE_STORAGE_UNAVAILABLE
                    .replace("{storage}", &format!("{:?}", spec.shown()))
                    .replace("{reason}", &reason),
            )
        };
        let backend = match spec {
            StorageSpec::Memory => Backend::Memory(Mutex::default()),
            #[cfg(feature = "sqlite")]
            StorageSpec::Sqlite(path) => {
                storage::create_private(path).map_err(|e| failed(e.to_string()))?;
                storage::make_private(path);
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(timeout);
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(timeout)
                    .connect_with(options);
                let pool = tokio::time::timeout(timeout, pool)
                    .await
                    .map_err(|_| failed(format!("opening took longer than {timeout:?}")))?
                    .map_err(|e| failed(e.to_string()))?;
                let create = format!(
                    "CREATE TABLE IF NOT EXISTS {SQLITE_TABLE} (
                        id TEXT PRIMARY KEY NOT NULL,
                        state BLOB NOT NULL,
                        expires INTEGER NOT NULL
                    )"
                );
                sqlx::query(&create)
                    .execute(&pool)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                storage::make_private(path);
                Backend::Sqlite(pool)
            }
            #[cfg(feature = "redis")]
            StorageSpec::Redis(url) => {
                let pool = storage::redis_pool(url, timeout)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                Backend::Redis(pool)
            }
            #[cfg(not(all(feature = "sqlite", feature = "redis")))]
            #[allow(unreachable_patterns)]
            other => return Err(failed(format!("{} is not built in", other.kind()))),
        };
        tracing::info!(storage = %spec.shown(), ttl_secs = ttl.as_secs(), "web session storage ready");
        Ok(Sessions::with(backend, spec.shown(), ttl, max, timeout))
    }

    /// `memory`, `sqlite`, `redis`.
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Memory(_) => "memory",
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(_) => "sqlite",
            #[cfg(feature = "redis")]
            Backend::Redis(_) => "redis",
        }
    }

    /// Whether the last storage operation worked.
    pub fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::Relaxed)
    }

    /// Storage operations that failed or timed out so far.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    /// Sessions held in memory (0 for the other storages, which keep their own count).
    pub fn in_memory(&self) -> usize {
        match &self.backend {
            Backend::Memory(memory) => memory.lock().map_or(0, |m| m.len()),
            #[allow(unreachable_patterns)]
            _ => 0,
        }
    }

    /// Reads session `id`.
    pub async fn load(&self, id: &SessionId) -> Loaded {
        if let Backend::Memory(memory) = &self.backend {
            return memory
                .lock()
                .ok()
                .and_then(|mut m| m.get(id, Instant::now()))
                .map_or(Loaded::Missing, |state| Loaded::Found(Box::new(state)));
        }
        let read = async {
            match &self.backend {
                Backend::Memory(_) => Ok::<Option<Vec<u8>>, StorageFailure>(None),
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => {
                    let select =
                        format!("SELECT state FROM {SQLITE_TABLE} WHERE id = ? AND expires > ?");
                    sqlx::query_scalar::<_, Vec<u8>>(&select)
                        .bind(id.as_str())
                        .bind(unix_now())
                        .fetch_optional(pool)
                        .await
                        .map_err(StorageFailure::from)
                }
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(StorageFailure::from)?;
                    deadpool_redis::redis::cmd("GET")
                        .arg(format!("{REDIS_PREFIX}{}", id.as_str()))
                        .query_async::<Option<Vec<u8>>>(&mut conn)
                        .await
                        .map_err(StorageFailure::from)
                }
            }
        };
        match self.guard("read", read).await {
            None => Loaded::Failed,
            Some(None) => Loaded::Missing,
            Some(Some(bytes)) => match storage::decode(&bytes) {
                Ok(state) => Loaded::Found(Box::new(state)),
                Err(why) => {
                    tracing::warn!(%why, "a stored web session was discarded; it starts afresh");
                    Loaded::Missing
                }
            },
        }
    }

    /// Stores session `id`'s state for another `ttl`; whether it was stored.
    pub async fn save(&self, id: &SessionId, state: &State) -> bool {
        let Ok(bytes) = storage::encode(state) else {
            return false;
        };
        let ttl = self.ttl;
        let write = async {
            match &self.backend {
                Backend::Memory(memory) => {
                    if let Ok(mut m) = memory.lock() {
                        m.put(id.clone(), state.clone(), Instant::now() + ttl, self.max);
                    }
                    Ok::<(), StorageFailure>(())
                }
                #[cfg(feature = "sqlite")]
                Backend::Sqlite(pool) => {
                    let now = unix_now();
                    let upsert = format!(
                        "INSERT INTO {SQLITE_TABLE} (id, state, expires) VALUES (?, ?, ?)
                         ON CONFLICT(id) DO UPDATE SET state = excluded.state, expires = excluded.expires"
                    );
                    sqlx::query(&upsert)
                        .bind(id.as_str())
                        .bind(&bytes)
                        .bind(now.saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX)))
                        .execute(pool)
                        .await
                        .map_err(StorageFailure::from)?;
                    if self
                        .writes
                        .fetch_add(1, Ordering::Relaxed)
                        .is_multiple_of(PRUNE_EVERY)
                    {
                        let prune = format!("DELETE FROM {SQLITE_TABLE} WHERE expires <= ?");
                        sqlx::query(&prune)
                            .bind(now)
                            .execute(pool)
                            .await
                            .map_err(StorageFailure::from)?;
                    }
                    Ok(())
                }
                #[cfg(feature = "redis")]
                Backend::Redis(pool) => {
                    let mut conn = pool.get().await.map_err(StorageFailure::from)?;
                    deadpool_redis::redis::cmd("SET")
                        .arg(format!("{REDIS_PREFIX}{}", id.as_str()))
                        .arg(&bytes)
                        .arg("EX")
                        .arg(ttl.as_secs().max(1))
                        .query_async::<()>(&mut conn)
                        .await
                        .map_err(StorageFailure::from)
                }
            }
        };
        self.guard("write", write).await.is_some()
    }

    /// Runs one storage operation within the timeout; `None` (logged and counted) if it failed.
    async fn guard<T>(
        &self,
        op: &'static str,
        fut: impl std::future::Future<Output = Result<T, StorageFailure>>,
    ) -> Option<T> {
        let error = match tokio::time::timeout(self.timeout, fut).await {
            Ok(Ok(value)) => {
                if !self.healthy.swap(true, Ordering::Relaxed) {
                    tracing::info!(storage = %self.shown, "web session storage works again");
                }
                return Some(value);
            }
            Ok(Err(err)) => {
                // the whole cause chain, for the log
                let mut text = err.to_string();
                let mut source = std::error::Error::source(&err);
                while let Some(cause) = source {
                    text.push_str(": ");
                    text.push_str(&cause.to_string());
                    source = cause.source();
                }
                text
            }
            Err(_) => format!("no answer within {:?}", self.timeout),
        };
        self.failures.fetch_add(1, Ordering::Relaxed);
        if self.healthy.swap(false, Ordering::Relaxed) {
            tracing::error!(
                storage = %self.shown, op, %error,
                "web session storage unavailable: answering without context until it is back"
            );
        } else {
            tracing::warn!(storage = %self.shown, op, %error, "web session storage still unavailable");
        }
        None
    }
}

/// Seconds since the Unix epoch.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::conversation::Conversation;

    fn chatting(person: &str) -> State {
        State::Chatting {
            conversation: Conversation {
                person: Some(person.to_string()),
                ..Conversation::default()
            },
        }
    }

    #[test]
    fn ids_are_random_hex_and_only_their_shape_parses() {
        let a = SessionId::new().unwrap();
        let b = SessionId::new().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert_eq!(SessionId::parse(a.as_str()), Some(a.clone()));
        for bad in ["", "abc", &"g".repeat(32), &"A".repeat(32), &"0".repeat(33)] {
            assert_eq!(SessionId::parse(bad), None, "{bad}");
        }
        assert!(!format!("{a:?}").contains(a.as_str()));
    }

    #[tokio::test]
    async fn memory_sessions_round_trip_expire_and_stay_bounded() {
        let sessions = Sessions::memory(Duration::from_secs(60), 2);
        let ids: Vec<SessionId> = (0..3).map(|_| SessionId::new().unwrap()).collect();
        assert_eq!(sessions.load(&ids[0]).await, Loaded::Missing);
        assert!(sessions.save(&ids[0], &chatting("a")).await);
        assert_eq!(
            sessions.load(&ids[0]).await,
            Loaded::Found(Box::new(chatting("a")))
        );
        assert!(sessions.save(&ids[1], &chatting("b")).await);
        // ids[0] was used less recently than ids[1]: the third session evicts it
        assert!(sessions.save(&ids[2], &chatting("c")).await);
        assert_eq!(sessions.in_memory(), 2);
        assert_eq!(sessions.load(&ids[0]).await, Loaded::Missing);
        assert_eq!(
            sessions.load(&ids[2]).await,
            Loaded::Found(Box::new(chatting("c")))
        );

        let short = Sessions::memory(Duration::from_millis(30), 10);
        assert!(short.save(&ids[0], &chatting("a")).await);
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(short.load(&ids[0]).await, Loaded::Missing);
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn sqlite_sessions_round_trip_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db").display().to_string();
        let spec = StorageSpec::Sqlite(path);
        let sessions = Sessions::open(&spec, Duration::from_secs(60), 10, Duration::from_secs(2))
            .await
            .unwrap();
        let id = SessionId::new().unwrap();
        assert_eq!(sessions.load(&id).await, Loaded::Missing);
        assert!(sessions.save(&id, &chatting("a")).await);
        assert!(sessions.save(&id, &chatting("b")).await);
        assert_eq!(
            sessions.load(&id).await,
            Loaded::Found(Box::new(chatting("b")))
        );
        let expired = Sessions::open(&spec, Duration::from_secs(0), 10, Duration::from_secs(2))
            .await
            .unwrap();
        let gone = SessionId::new().unwrap();
        assert!(expired.save(&gone, &chatting("x")).await);
        assert_eq!(expired.load(&gone).await, Loaded::Missing);
    }
}
