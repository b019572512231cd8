//! Where each chat's conversation is kept: teloxide's own dialogue storages, chosen in the
//! configuration (`telegram.storage`), behind one [`BotStorage`] that the handlers use.
//!
//! - `memory`: teloxide's `InMemStorage` (nothing to set up; gone when the process stops).
//! - `sqlite:PATH` (cargo feature `sqlite`): teloxide's `SqliteStorage` (one instance that
//!   survives restarts). The file and its `-wal`/`-shm` files are readable by their owner only
//!   (0600), whether the bot created them or they existed: they hold users' last questions.
//! - `redis://HOST:PORT/DB` (cargo feature `redis`): teloxide's `RedisStorage` (several instances
//!   share conversations).
//!
//! A storage whose feature is not built in is a configuration error naming the feature.
//!
//! The persistent storages store each [`State`] through the [`Versioned`] serializer: JSON in an
//! envelope `{"v": STATE_VERSION, "state": ...}`. A stored value of another version, or one that no
//! longer deserialises (the shape of `State` or of the engine's `Conversation` changed in an
//! upgrade), is discarded: the chat starts afresh ([`State::Start`]), a warning is logged, and the
//! next answer overwrites it. (The engine also resets a `Conversation` whose own version is not
//! current.)
//!
//! Invariants:
//! - A storage failure never stops a reply: [`BotStorage`] bounds every operation by
//!   `telegram.storage_timeout_ms`, and a failed or late read answers "no conversation", a failed
//!   write is dropped. The bot then answers without context. Each failure is logged (an error
//!   when the storage goes down, a warning for each failure while it stays down, an info line when
//!   it works again), and [`BotStorage::is_healthy`] reports it (the webhook health endpoint shows
//!   it). A storage that comes back is used again from the next operation on: nothing to restart.
//! - At start-up, by contrast, an unusable storage is an error ([`BotStorage::open`]): a bot
//!   configured for persistence does not silently run without it.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
#[cfg(feature = "redis")]
use teloxide::dispatching::dialogue::RedisStorage;
#[cfg(feature = "sqlite")]
use teloxide::dispatching::dialogue::SqliteStorage;
use teloxide::dispatching::dialogue::serializer::Serializer;
use teloxide::dispatching::dialogue::{ErasedStorage, InMemStorage, Storage};
use teloxide::types::ChatId;

use super::state::State;
use crate::messages as msg;

/// The version of the stored [`State`] envelope. Raise it when a change to `State` (or to the
/// engine's `Conversation`) makes old stored values meaningless even where they still parse.
pub const STATE_VERSION: u32 = 1;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Where conversations are kept, parsed from `telegram.storage` (an unknown form is an error).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum StorageSpec {
    Memory,
    /// A SQLite database file (created if missing).
    Sqlite(String),
    /// A Redis URL, `redis://[:PASSWORD@]HOST:PORT[/DB]`.
    Redis(String),
}

impl StorageSpec {
    /// Parses `memory`, `sqlite:PATH` or `redis://HOST:PORT/DB`; the error says which forms exist.
    pub fn parse(raw: &str) -> Result<StorageSpec, SpecError> {
        let raw = raw.trim();
        if raw == "memory" {
            return Ok(StorageSpec::Memory);
        }
        if let Some(path) = raw.strip_prefix("sqlite:") {
            if cfg!(not(feature = "sqlite")) {
                return Err(SpecError::NotBuilt {
                    shown: raw.to_string(),
                    feature: "sqlite",
                });
            }
            if path.is_empty() || path.contains('?') {
                return Err(SpecError::NoSqlitePath(raw.to_string()));
            }
            return Ok(StorageSpec::Sqlite(path.to_string()));
        }
        if raw.starts_with("rediss://") {
            return Err(SpecError::RedisTls(shown_url(raw)));
        }
        if raw.starts_with("redis://") {
            if cfg!(not(feature = "redis")) {
                return Err(SpecError::NotBuilt {
                    shown: shown_url(raw),
                    feature: "redis",
                });
            }
            let url: url::Url = raw.parse().map_err(|source| SpecError::NotUrl {
                shown: shown_url(raw),
                source,
            })?;
            if url.host_str().is_none_or(str::is_empty) {
                return Err(SpecError::NoHost(shown_url(raw)));
            }
            let db = url.path().trim_start_matches('/');
            if !db.is_empty() && db.parse::<u32>().is_err() {
                return Err(SpecError::BadDatabase(shown_url(raw)));
            }
            return Ok(StorageSpec::Redis(raw.to_string()));
        }
        Err(SpecError::Unknown(raw.to_string()))
    }

    /// Whether what it keeps outlives the process.
    pub fn is_durable(&self) -> bool {
        !matches!(self, StorageSpec::Memory)
    }

    /// `memory`, `sqlite`, `redis`.
    pub fn kind(&self) -> &'static str {
        match self {
            StorageSpec::Memory => "memory",
            StorageSpec::Sqlite(_) => "sqlite",
            StorageSpec::Redis(_) => "redis",
        }
    }

    /// The spec as configured, with any Redis password removed (for logs and errors).
    pub fn shown(&self) -> String {
        match self {
            StorageSpec::Memory => "memory".to_string(),
            StorageSpec::Sqlite(path) => format!("sqlite:{path}"),
            StorageSpec::Redis(url) => shown_url(url),
        }
    }
}

/// The storage forms, for errors.
const FORMS: &str = "use \"memory\", \"sqlite:PATH\" or \"redis://HOST:PORT/DB\"";

/// Why `telegram.storage` is not a storage this build can open. A Redis password never shows:
/// URLs are shown with it redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("{shown:?}: this build has no {feature} storage (cargo feature `{feature}`); {FORMS}")]
    NotBuilt {
        shown: String,
        feature: &'static str,
    },
    #[error(
        "{0:?} needs a file path after \"sqlite:\" (no query string), e.g. \"sqlite:/var/lib/communique/dialogues.db\""
    )]
    NoSqlitePath(String),
    #[error("{0:?}: TLS to Redis (rediss://) is not built in; use redis:// on a private network")]
    RedisTls(String),
    #[error("{shown:?} is not a URL ({source}); {FORMS}")]
    NotUrl {
        shown: String,
        source: url::ParseError,
    },
    #[error("{0:?} has no host; {FORMS}")]
    NoHost(String),
    #[error("{0:?}: the path must be a Redis database number, like /1")]
    BadDatabase(String),
    #[error("{0:?} is not a storage; {FORMS}")]
    Unknown(String),
}

impl TryFrom<String> for StorageSpec {
    type Error = SpecError;
    fn try_from(raw: String) -> Result<StorageSpec, SpecError> {
        StorageSpec::parse(&raw)
    }
}

/// A URL with its password replaced.
fn shown_url(raw: &str) -> String {
    match raw.parse::<url::Url>() {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("<redacted>"));
            }
            url.to_string()
        }
        // Unparsable: show only the scheme, since a password may be anywhere in it.
        Err(_) => format!("{}://…", raw.split("://").next().unwrap_or("?")),
    }
}

/// The stored form: the state with the version it was written by.
#[derive(Serialize)]
struct EnvelopeOut<'a> {
    v: u32,
    state: &'a State,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    v: u32,
    state: serde_json::Value,
}

/// Why a stored value was discarded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Discard {
    #[error("not a versioned state envelope ({0})")]
    NoEnvelope(String),
    #[error("written by state version {0}, this bot reads version {STATE_VERSION}")]
    OtherVersion(u32),
    #[error("the state no longer deserialises ({0})")]
    Shape(String),
}

/// The stored form of `state`: versioned JSON (what [`Versioned`] writes, and what the web
/// front end stores for each session).
pub fn encode(state: &State) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(&EnvelopeOut {
        v: STATE_VERSION,
        state,
    })
}

/// Decodes a stored value, or says why it must be discarded.
pub fn decode(data: &[u8]) -> Result<State, Discard> {
    let envelope: EnvelopeIn =
        serde_json::from_slice(data).map_err(|e| Discard::NoEnvelope(e.to_string()))?;
    if envelope.v != STATE_VERSION {
        return Err(Discard::OtherVersion(envelope.v));
    }
    serde_json::from_value(envelope.state).map_err(|e| Discard::Shape(e.to_string()))
}

/// teloxide's [`Serializer`] for [`State`]: versioned JSON; a value that cannot be used any more
/// reads as a fresh [`State::Start`] (counted and logged), never as an error.
#[derive(Clone, Default)]
pub struct Versioned {
    discarded: Arc<AtomicU64>,
}

impl Serializer<State> for Versioned {
    type Error = serde_json::Error;

    fn serialize(&self, val: &State) -> Result<Vec<u8>, Self::Error> {
        encode(val)
    }

    fn deserialize(&self, data: &[u8]) -> Result<State, Self::Error> {
        Ok(decode(data).unwrap_or_else(|why| {
            self.discarded.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(%why, "a stored conversation was discarded; the chat starts afresh");
            State::Start
        }))
    }
}

/// Creates the SQLite file, if missing, readable and writable by its owner only (0600), before
/// SQLite opens it (SQLite gives the -wal and -shm files it creates the database file's
/// permissions).
#[cfg(feature = "sqlite")]
pub fn create_private(path: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

/// The files SQLite keeps next to a database: `PATH-wal`, `PATH-shm`, `PATH-journal`.
#[cfg(feature = "sqlite")]
pub const SQLITE_COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Makes the SQLite file at `path` and those of its companion files that exist readable and
/// writable by their owner only (0600). Called whenever the bot opens the database, before and
/// after, so a file that existed with looser permissions (a database copied in, `-wal`/`-shm`
/// files left by an older version) is tightened too: they hold users' questions. A file the bot
/// may not change is reported, and the bot goes on.
#[cfg(feature = "sqlite")]
pub fn make_private(path: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let files = std::iter::once(path.to_string()).chain(
            SQLITE_COMPANIONS
                .iter()
                .map(|suffix| format!("{path}{suffix}")),
        );
        for file in files {
            let Ok(meta) = std::fs::metadata(&file) else {
                continue;
            };
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 == 0 {
                continue;
            }
            match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                Ok(()) => tracing::info!(
                    file,
                    was = format!("{mode:o}"),
                    "made the conversation database readable by its owner only (0600)"
                ),
                Err(err) => tracing::warn!(
                    file,
                    mode = format!("{mode:o}"),
                    error = %err,
                    "the conversation database is readable by other users and could not be changed; chmod 600 it"
                ),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Why a Redis storage could not be reached at start-up.
#[cfg(feature = "redis")]
#[derive(Debug, thiserror::Error)]
pub enum RedisUnavailable {
    #[error("{0}")]
    Pool(#[from] deadpool_redis::CreatePoolError),
    #[error("{0}")]
    Connect(#[from] deadpool_redis::PoolError),
    #[error("{0}")]
    Ping(#[from] deadpool_redis::redis::RedisError),
    #[error("connecting took longer than {0:?}")]
    Timeout(std::time::Duration),
}

/// A pool of connections to the Redis at `url`, checked with a PING answered within `timeout`
/// (the processed-update log and the web sessions open theirs so).
#[cfg(feature = "redis")]
pub async fn redis_pool(
    url: &str,
    timeout: std::time::Duration,
) -> Result<deadpool_redis::Pool, RedisUnavailable> {
    let pool =
        deadpool_redis::Config::from_url(url).create_pool(Some(deadpool_redis::Runtime::Tokio1))?;
    let probe = async {
        let mut conn = pool.get().await?;
        deadpool_redis::redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await?;
        Ok::<(), RedisUnavailable>(())
    };
    tokio::time::timeout(timeout, probe)
        .await
        .map_err(|_| RedisUnavailable::Timeout(timeout))??;
    Ok(pool)
}

/// Why the storage could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StorageError(pub(crate) String);

/// The dialogue storage the bot uses: one of teloxide's storages, erased, behind timeouts and
/// failure handling that keep the bot answering (see the module docs).
pub struct BotStorage {
    inner: Arc<ErasedStorage<State>>,
    spec: StorageSpec,
    shown: String,
    timeout: Duration,
    healthy: AtomicBool,
    failures: AtomicU64,
    discarded: Arc<AtomicU64>,
}

impl BotStorage {
    /// An in-memory storage (the default; what tests use unless they test persistence).
    pub fn new() -> Arc<BotStorage> {
        BotStorage::wrap(
            InMemStorage::<State>::new().erase(),
            &StorageSpec::Memory,
            Duration::from_secs(2),
            Arc::default(),
        )
    }

    fn wrap(
        inner: Arc<ErasedStorage<State>>,
        spec: &StorageSpec,
        timeout: Duration,
        discarded: Arc<AtomicU64>,
    ) -> Arc<BotStorage> {
        Arc::new(BotStorage {
            inner,
            spec: spec.clone(),
            shown: spec.shown(),
            timeout,
            healthy: AtomicBool::new(true),
            failures: AtomicU64::new(0),
            discarded,
        })
    }

    /// Opens the configured storage and checks that it works (Redis: one read), so that a
    /// misconfigured bot fails at start-up with an error naming `telegram.storage`.
    pub async fn open(
        spec: &StorageSpec,
        timeout: Duration,
    ) -> Result<Arc<BotStorage>, StorageError> {
        let serializer = Versioned::default();
        let discarded = Arc::clone(&serializer.discarded);
        let failed = |reason: String| {
            StorageError(
                msg::TG_STORAGE_UNAVAILABLE
                    .replace("{storage}", &format!("{:?}", spec.shown()))
                    .replace("{reason}", &reason),
            )
        };
        #[allow(unused_variables)]
        let within = |what: &'static str| {
            move |_: tokio::time::error::Elapsed| format!("{what} took longer than {timeout:?}")
        };
        let inner: Arc<ErasedStorage<State>> = match spec {
            StorageSpec::Memory => InMemStorage::<State>::new().erase(),
            #[cfg(feature = "sqlite")]
            StorageSpec::Sqlite(path) => {
                create_private(path).map_err(|e| failed(e.to_string()))?;
                make_private(path);
                let storage = tokio::time::timeout(timeout, SqliteStorage::open(path, serializer))
                    .await
                    .map_err(within("opening the database"))
                    .map_err(failed)?
                    .map_err(|e| failed(e.to_string()))?;
                // SQLite may have made its -wal and -shm files now.
                make_private(path);
                storage.erase()
            }
            #[cfg(feature = "redis")]
            StorageSpec::Redis(url) => {
                let storage = RedisStorage::open(url, serializer)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                // RedisStorage connects lazily: one read proves the server answers.
                let probe = Arc::clone(&storage).get_dialogue(ChatId(0));
                tokio::time::timeout(timeout, probe)
                    .await
                    .map_err(within("connecting"))
                    .map_err(failed)?
                    .map_err(|e| failed(e.to_string()))?;
                storage.erase()
            }
            #[cfg(not(all(feature = "sqlite", feature = "redis")))]
            #[allow(unreachable_patterns)]
            other => {
                // Refused at configuration load already; kept for a spec built by hand.
                return Err(failed(format!("{} is not built in", other.kind())));
            }
        };
        tracing::info!(storage = %spec.shown(), "conversation storage ready");
        Ok(BotStorage::wrap(inner, spec, timeout, discarded))
    }

    /// What it was opened from (the processed-update log lives in the same place).
    pub fn spec(&self) -> &StorageSpec {
        &self.spec
    }

    /// Whether the last storage operation worked.
    pub fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::Relaxed)
    }

    /// Storage operations that failed or timed out so far.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    /// Stored conversations discarded as unreadable (other version or shape) so far.
    pub fn discarded(&self) -> u64 {
        self.discarded.load(Ordering::Relaxed)
    }

    /// Runs one storage operation within the timeout; `None` (logged) if it failed.
    async fn guard<T>(
        &self,
        op: &'static str,
        chat: ChatId,
        fut: BoxFuture<Result<T, Box<dyn std::error::Error + Send + Sync>>>,
    ) -> Option<T> {
        let error = match tokio::time::timeout(self.timeout, fut).await {
            Ok(Ok(value)) => {
                if !self.healthy.swap(true, Ordering::Relaxed) {
                    tracing::info!(storage = %self.shown, "conversation storage works again");
                }
                return Some(value);
            }
            Ok(Err(err)) => err.to_string(),
            Err(_) => format!("no answer within {:?}", self.timeout),
        };
        self.failures.fetch_add(1, Ordering::Relaxed);
        if self.healthy.swap(false, Ordering::Relaxed) {
            tracing::error!(
                storage = %self.shown, op, chat = chat.0, %error,
                "conversation storage unavailable: answering without context until it is back"
            );
        } else {
            tracing::warn!(storage = %self.shown, op, chat = chat.0, %error, "conversation storage still unavailable");
        }
        None
    }
}

impl Storage<State> for BotStorage {
    type Error = Infallible;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<Result<(), Infallible>> {
        Box::pin(async move {
            let fut = Arc::clone(&self.inner).remove_dialogue(chat_id);
            self.guard("remove", chat_id, fut).await;
            Ok(())
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: State,
    ) -> BoxFuture<Result<(), Infallible>> {
        Box::pin(async move {
            let fut = Arc::clone(&self.inner).update_dialogue(chat_id, dialogue);
            self.guard("write", chat_id, fut).await;
            Ok(())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<Result<Option<State>, Infallible>> {
        Box::pin(async move {
            let fut = Arc::clone(&self.inner).get_dialogue(chat_id);
            Ok(self.guard("read", chat_id, fut).await.flatten())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::conversation::Conversation;

    #[test]
    #[cfg(all(feature = "sqlite", feature = "redis"))]
    fn storage_specs_parse_or_say_which_forms_exist() {
        assert_eq!(StorageSpec::parse("memory"), Ok(StorageSpec::Memory));
        assert_eq!(
            StorageSpec::parse("sqlite:/tmp/d.db"),
            Ok(StorageSpec::Sqlite("/tmp/d.db".into()))
        );
        assert_eq!(
            StorageSpec::parse("redis://127.0.0.1:6379/3"),
            Ok(StorageSpec::Redis("redis://127.0.0.1:6379/3".into()))
        );
        for bad in ["", "mem", "sqlite:", "postgres://x/y", "redis://h:1/x"] {
            let err = StorageSpec::parse(bad).unwrap_err().to_string();
            assert!(
                err.contains("redis://") || err.contains("sqlite:"),
                "{bad}: {err}"
            );
        }
        let err = StorageSpec::parse("rediss://u:hunter2@h:1/0")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        let spec = StorageSpec::parse("redis://:hunter2@10.0.0.1:6379/2").unwrap();
        assert!(!spec.shown().contains("hunter2"), "{}", spec.shown());
    }

    #[test]
    fn states_round_trip_and_unusable_ones_are_discarded() {
        let versioned = Versioned::default();
        let state = State::Chatting {
            conversation: Conversation::default(),
        };
        let bytes = versioned.serialize(&state).unwrap();
        assert_eq!(decode(&bytes), Ok(state.clone()));
        assert_eq!(versioned.deserialize(&bytes).unwrap(), state);

        let other_version = br#"{"v":999,"state":"Start"}"#;
        assert_eq!(decode(other_version), Err(Discard::OtherVersion(999)));
        let old_shape = br#"{"v":1,"state":{"Chatting":{"history":[1,2]}}}"#;
        assert!(matches!(decode(old_shape), Err(Discard::Shape(_))));
        let unversioned = br#"{"Chatting":{"conversation":{}}}"#;
        assert!(matches!(decode(unversioned), Err(Discard::NoEnvelope(_))));
        for junk in [&other_version[..], old_shape, unversioned, b"\xff\x00"] {
            assert_eq!(versioned.deserialize(junk).unwrap(), State::Start);
        }
        assert_eq!(versioned.discarded.load(Ordering::Relaxed), 4);
    }
}
