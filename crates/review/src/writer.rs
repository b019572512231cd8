//! The question log on disk: JSON Lines, one [`Record`] per handled message, opt-in.
//!
//! - **Private.** The file is created with mode 0600 (an existing one is narrowed to it). A record
//!   holds no chat id, user id, username or name ([`Record`] has no field for them); the messages
//!   are masked. Conversations are linked by [`QuestionLog::conversation_id`]: HMAC-SHA256 of the
//!   front end's conversation key (a chat id, a REPL session) under a 32-byte key drawn from the
//!   operating system, kept only in this process's memory and replaced at every UTC midnight (and
//!   at every start). Records of one conversation are linked within a day; nobody, not even the
//!   operator, can recompute which chat a hash stands for once the key is gone.
//! - **Bounded.** When a write would take the file past [`LogSettings::max_bytes`], it is renamed
//!   `FILE.1` (`FILE.1` to `FILE.2`, …) and a new `FILE` is started; only [`LogSettings::keep`]
//!   rotated files are kept.
//! - **Never in the way.** A failure to open, write or rotate the file never stops an answer: it
//!   is handed to the front end's reporter once, and the log tries again at the next message
//!   (a failure after a success is reported again).
//!
//! Safe to share between threads (one mutex around the file). Several processes must not share
//! one file: give each instance its own.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use communique_core::library::Routed;

use crate::clock::{utc_day, utc_minute};
use crate::record::Record;

/// How large the log grows before it is rotated, by default (10 MiB: about 30,000 records).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// How many rotated files are kept, by default.
pub const DEFAULT_KEEP: usize = 3;
/// How many hex digits of the keyed hash a record keeps (64 bits: no collisions in practice).
const HASH_HEX: usize = 16;

/// Size bounds of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogSettings {
    /// The size a file may reach before it is rotated.
    pub max_bytes: u64,
    /// How many rotated files (`FILE.1` …) are kept; 0: the full file is dropped.
    pub keep: usize,
}

impl Default for LogSettings {
    fn default() -> LogSettings {
        LogSettings {
            max_bytes: DEFAULT_MAX_BYTES,
            keep: DEFAULT_KEEP,
        }
    }
}

/// Why the log could not be written (handed to the reporter; answering goes on).
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot open the question log {path}: {source}")]
    Open { path: String, source: io::Error },
    #[error("cannot write the question log {path}: {source}")]
    Write { path: String, source: io::Error },
    #[error("cannot rotate the question log {path}: {source}")]
    Rotate { path: String, source: io::Error },
    #[error(
        "no random key for the question log's conversation hashes ({0}): records are written without them"
    )]
    Key(String),
}

/// Where the log's failures go (stderr, a tracing log): called once per run of failures.
pub type Reporter = Box<dyn Fn(&LogError) + Send + Sync>;

/// The question log: records are appended to `path`.
pub struct QuestionLog {
    path: PathBuf,
    settings: LogSettings,
    state: Mutex<State>,
    report: Reporter,
}

impl std::fmt::Debug for QuestionLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuestionLog")
            .field("path", &self.path)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

struct State {
    file: Option<File>,
    size: u64,
    /// The hash key and the UTC day it is for.
    key: Option<(String, [u8; 32])>,
    /// A failure has been reported and no write has succeeded since.
    failing: bool,
    key_failing: bool,
}

impl QuestionLog {
    /// The log at `path`, opened (created 0600) now; a failure is reported and retried at the
    /// next record, never returned.
    pub fn open(path: &Path, settings: LogSettings, report: Reporter) -> QuestionLog {
        let log = QuestionLog {
            path: path.to_path_buf(),
            settings,
            state: Mutex::new(State {
                file: None,
                size: 0,
                key: None,
                failing: false,
                key_failing: false,
            }),
            report,
        };
        {
            let mut state = log.lock();
            if let Err(err) = log.ensure_open(&mut state) {
                log.fail(&mut state, &err);
            }
        }
        log
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Logs the reply `routed` gave to `text` in the conversation the front end calls
    /// `conversation` (a chat id, a session: hashed, never written).
    pub fn record(&self, routed: &Routed, text: &str, conversation: Option<&str>) {
        self.record_at(routed, text, conversation, SystemTime::now());
    }

    /// [`QuestionLog::record`] at the time `now`.
    pub fn record_at(
        &self,
        routed: &Routed,
        text: &str,
        conversation: Option<&str>,
        now: SystemTime,
    ) {
        let hashed = conversation.and_then(|key| self.conversation_id_at(key, now));
        let record = Record::new(routed, text, utc_minute(now), hashed);
        self.write(&record);
    }

    /// The keyed hash of the conversation `key` under the key of today (UTC).
    pub fn conversation_id(&self, key: &str) -> Option<String> {
        self.conversation_id_at(key, SystemTime::now())
    }

    /// [`QuestionLog::conversation_id`] on the day of `now`: a new day draws a new key.
    pub fn conversation_id_at(&self, key: &str, now: SystemTime) -> Option<String> {
        let day = utc_day(now);
        let mut state = self.lock();
        let current = state
            .key
            .as_ref()
            .filter(|(d, _)| *d == day)
            .map(|(_, k)| *k);
        let secret = match current {
            Some(secret) => secret,
            None => {
                let mut secret = [0u8; 32];
                match getrandom::getrandom(&mut secret) {
                    Ok(()) => {
                        state.key = Some((day, secret));
                        state.key_failing = false;
                        secret
                    }
                    Err(err) => {
                        if !state.key_failing {
                            state.key_failing = true;
                            (self.report)(&LogError::Key(err.to_string()));
                        }
                        return None;
                    }
                }
            }
        };
        drop(state);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&secret).ok()?;
        mac.update(key.as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Some(hex.chars().take(HASH_HEX).collect())
    }

    /// Appends `record` (rotating first when the file would grow past its bound).
    pub fn write(&self, record: &Record) {
        let Ok(mut line) = serde_json::to_string(record) else {
            return;
        };
        line.push('\n');
        let mut state = self.lock();
        match self.append(&mut state, line.as_bytes()) {
            Ok(()) => state.failing = false,
            Err(err) => self.fail(&mut state, &err),
        }
    }

    fn fail(&self, state: &mut State, err: &LogError) {
        // the file is opened again at the next record
        state.file = None;
        if !state.failing {
            state.failing = true;
            (self.report)(err);
        }
    }

    fn append(&self, state: &mut State, line: &[u8]) -> Result<(), LogError> {
        self.ensure_open(state)?;
        let len = line.len() as u64;
        if state.size > 0 && state.size + len > self.settings.max_bytes {
            self.rotate(state)?;
            self.ensure_open(state)?;
        }
        let write_error = |source| LogError::Write {
            path: self.path.display().to_string(),
            source,
        };
        let file = state
            .file
            .as_mut()
            .ok_or_else(|| write_error(io::Error::other("the file is not open")))?;
        file.write_all(line).map_err(write_error)?;
        state.size += len;
        Ok(())
    }

    fn ensure_open(&self, state: &mut State) -> Result<(), LogError> {
        if state.file.is_some() {
            return Ok(());
        }
        let open_error = |source| LogError::Open {
            path: self.path.display().to_string(),
            source,
        };
        let file = open_private(&self.path).map_err(open_error)?;
        state.size = file.metadata().map_err(open_error)?.len();
        state.file = Some(file);
        Ok(())
    }

    /// `FILE.{keep-1}` → `FILE.{keep}`, …, `FILE` → `FILE.1` (the oldest beyond `keep` is
    /// replaced); with `keep` 0, `FILE` is removed.
    fn rotate(&self, state: &mut State) -> Result<(), LogError> {
        state.file = None;
        state.size = 0;
        let rotate_error = |source| LogError::Rotate {
            path: self.path.display().to_string(),
            source,
        };
        if self.settings.keep == 0 {
            return std::fs::remove_file(&self.path).map_err(rotate_error);
        }
        for n in (1..self.settings.keep).rev() {
            match std::fs::rename(rotated(&self.path, n), rotated(&self.path, n + 1)) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(rotate_error(err)),
            }
        }
        std::fs::rename(&self.path, rotated(&self.path, 1)).map_err(rotate_error)
    }
}

/// The `n`th rotated file of the log at `path`: `FILE.n`.
pub fn rotated(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

/// Opens `path` for appending, created with mode 0600 (an existing file is narrowed to 0600).
fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        let mode = file.metadata()?.permissions().mode() & 0o777;
        if mode != 0o600 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, UNIX_EPOCH};

    use communique_core::conversation::Conversation;
    use communique_core::{Knowledge, Library, Toolkit};

    fn library() -> Library {
        Library::new(vec![Knowledge::embedded().unwrap()], &Toolkit::default()).unwrap()
    }

    fn counting() -> (Arc<AtomicUsize>, Reporter) {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        (
            count,
            Box::new(move |_: &LogError| {
                seen.fetch_add(1, Ordering::SeqCst);
            }),
        )
    }

    fn lines(path: &Path) -> Vec<Record> {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_created_0600_and_an_existing_one_narrowed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.jsonl");
        let (_, report) = counting();
        let log = QuestionLog::open(&path, LogSettings::default(), report);
        let library = library();
        log.record(
            &library.respond_traced(&mut Conversation::default(), "hello"),
            "hello",
            None,
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let wide = dir.path().join("wide.jsonl");
        std::fs::write(&wide, "").unwrap();
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (_, report) = counting();
        let _log = QuestionLog::open(&wide, LogSettings::default(), report);
        let mode = std::fs::metadata(&wide).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn rotates_by_size_and_keeps_only_keep_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.jsonl");
        let (failures, report) = counting();
        let settings = LogSettings {
            max_bytes: 1_000,
            keep: 2,
        };
        let log = QuestionLog::open(&path, settings, report);
        let library = library();
        for n in 0..30 {
            let text = format!("What did they say about volcano number {n}?");
            let routed = library.respond_traced(&mut Conversation::default(), &text);
            log.record(&routed, &text, None);
        }
        assert_eq!(failures.load(Ordering::SeqCst), 0);
        for file in [path.clone(), rotated(&path, 1), rotated(&path, 2)] {
            let size = std::fs::metadata(&file).unwrap().len();
            assert!(size > 0 && size <= 1_000, "{}: {size}", file.display());
        }
        assert!(!rotated(&path, 3).exists());
        // the newest records are in FILE, the older ones in FILE.1
        let newest = lines(&path);
        assert!(newest.last().unwrap().text.contains("number 29"));
        let older = lines(&rotated(&path, 1));
        assert!(older.last().unwrap().time <= newest.first().unwrap().time);
    }

    #[test]
    fn a_write_failure_is_reported_once_and_never_stops_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("q.jsonl");
        let (failures, report) = counting();
        let log = QuestionLog::open(&path, LogSettings::default(), report);
        let library = library();
        for _ in 0..5 {
            let routed = library.respond_traced(&mut Conversation::default(), "hello");
            log.record(&routed, "hello", None);
        }
        assert_eq!(failures.load(Ordering::SeqCst), 1);
        // once the directory exists, records are written again
        std::fs::create_dir(dir.path().join("missing-dir")).unwrap();
        let routed = library.respond_traced(&mut Conversation::default(), "hello");
        log.record(&routed, "hello", None);
        assert_eq!(lines(&path).len(), 1);
    }

    #[test]
    fn conversation_hashes_link_a_day_and_change_with_the_day() {
        let dir = tempfile::tempdir().unwrap();
        let (_, report) = counting();
        let log = QuestionLog::open(&dir.path().join("q"), LogSettings::default(), report);
        let day = |d: u64| UNIX_EPOCH + Duration::from_secs(1_732_500_000 + d * 86_400);
        let a = log.conversation_id_at("telegram:12345", day(0)).unwrap();
        assert_eq!(a.len(), HASH_HEX);
        assert!(!a.contains("12345"));
        assert_eq!(
            log.conversation_id_at("telegram:12345", day(0)),
            Some(a.clone())
        );
        assert_ne!(
            log.conversation_id_at("telegram:12346", day(0)),
            Some(a.clone())
        );
        // the next day, a new key: the same chat is no longer linkable to yesterday's records
        assert_ne!(
            log.conversation_id_at("telegram:12345", day(1)),
            Some(a.clone())
        );
        // and another process (another key) never gives the same hash
        let (_, report) = counting();
        let other = QuestionLog::open(&dir.path().join("r"), LogSettings::default(), report);
        assert_ne!(other.conversation_id_at("telegram:12345", day(0)), Some(a));
    }
}
