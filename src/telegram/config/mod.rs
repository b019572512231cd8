//! The bot's configuration and its token.
//!
//! Layers, later wins: `config/default.toml` (compiled in, so the defaults and their documentation
//! are one file), the `--config FILE` the user names, environment variables (`COMMUNIQUE_*`, and
//! teloxide's own `TELOXIDE_API_URL` for `telegram.api_url`), flags. The merge itself is in
//! [`layers`]; every layer is checked against the defaults' shape, so an unknown key or a
//! wrong type is an error that names the key. Enumerated values (`mode`, `storage`) deserialise
//! into enums: an unknown value is an error, never a fallback.
//!
//! Invariants: the token is only ever held in a [`Token`] and the webhook's secret in a [`Secret`],
//! both `secrecy` secrets whose `Debug` never shows the value; no error message built here contains
//! either. A configuration that loads is usable: the storage address parses, and in webhook mode
//! the listen address, public URL and secret are all valid.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

mod layers;
use super::storage::StorageSpec;
use crate::messages as msg;

/// The defaults, documented key by key.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

/// The environment variable teloxide (and so every teloxide bot) reads the token from.
pub const TOKEN_ENV: &str = "TELOXIDE_TOKEN";

/// The environment variable teloxide's `Bot::from_env` reads the Bot API URL from; it sets
/// `telegram.api_url` like `COMMUNIQUE_TELEGRAM_API_URL` does, so a harness that points teloxide
/// bots at a local server never has this one send its token to the real API.
pub const API_URL_ENV: &str = "TELOXIDE_API_URL";

/// Prefix of the environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "COMMUNIQUE";

/// Telegram hands out at most this many updates per `getUpdates`.
pub const MAX_IN_FLIGHT: u32 = 100;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub telegram: TelegramConfig,
    pub log: LogConfig,
}

/// `[log]`: the question log (docs/curation.md), shared by every front end's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// The log file; empty: no log.
    pub questions: String,
    pub questions_max_bytes: u64,
    pub questions_keep: usize,
}

impl LogConfig {
    /// The question log's file, when one is configured.
    pub fn questions_path(&self) -> Option<PathBuf> {
        Some(self.questions.trim())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// Its size bounds.
    pub fn settings(&self) -> communique_review::LogSettings {
        communique_review::LogSettings {
            max_bytes: self.questions_max_bytes,
            keep: self.questions_keep,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    pub token_file: String,
    pub api_url: String,
    pub poll_timeout_secs: u32,
    pub log: String,
    pub max_retries: u32,
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    pub poll_backoff_max_secs: u64,
    /// How many updates may be fetched and not yet answered at once (polling's backpressure).
    pub max_in_flight: u32,
    /// How long a stop signal leaves the replies in flight to finish.
    pub shutdown_grace_secs: u64,
    /// Polling with a shared storage: how long the polling lease lasts unless renewed.
    pub lease_secs: u64,
    /// `memory`, `sqlite:PATH` or `redis://HOST:PORT/DB`.
    pub storage: StorageSpec,
    pub storage_timeout_ms: u64,
    pub mode: Mode,
    /// The statement packages to serve, comma-separated ids; empty: all.
    pub statements: String,
    /// The statement chats start in; empty: the implicit home.
    pub home: String,
    /// How often the knowledge directory is looked at for changes (0: never).
    pub reload_ms: u64,
    pub limits: LimitsConfig,
    pub webhook: WebhookConfig,
}

/// How updates reach the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `getUpdates` long polling: one instance.
    Polling,
    /// Telegram POSTs updates to the bot's HTTP server: one or several instances.
    Webhook,
}

impl TelegramConfig {
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_secs)
    }

    /// The package ids `statements` names, in order.
    pub fn statement_ids(&self) -> Vec<String> {
        self.statements
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The home statement `home` names, if any.
    pub fn home_id(&self) -> Option<String> {
        Some(self.home.trim().to_string()).filter(|id| !id.is_empty())
    }
}

/// Webhook mode's settings, as `config/default.toml` documents them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub listen: String,
    pub url: String,
    pub secret_token: Secret,
    pub health_path: String,
}

impl WebhookConfig {
    /// The listen address (validated at load in webhook mode).
    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen
            .trim()
            .parse()
            .map_err(|e| ConfigError::Invalid {
                path: "telegram.webhook.listen".to_string(),
                reason: format!(
                    "{:?} is not an address like 0.0.0.0:8080 ({e})",
                    self.listen
                ),
            })
    }

    /// The public URL (validated at load in webhook mode).
    pub fn public_url(&self) -> Result<url::Url, ConfigError> {
        let bad = |reason: String| ConfigError::Invalid {
            path: "telegram.webhook.url".to_string(),
            reason,
        };
        if self.url.trim().is_empty() {
            return Err(bad(
                "must be set in webhook mode: the public https:// URL Telegram posts updates to"
                    .to_string(),
            ));
        }
        let url: url::Url = self
            .url
            .trim()
            .parse()
            .map_err(|e| bad(format!("{:?} is not a URL ({e})", self.url)))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(bad(format!(
                "{:?} must be an https:// URL (Telegram only posts to HTTPS)",
                self.url
            )));
        }
        Ok(url)
    }
}

/// A secret (the webhook's secret token): a `secrecy` string, shown by `Debug` as redacted.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(secret: &str) -> Secret {
        Secret(SecretString::from(secret))
    }

    /// The secret itself, for the places that need it: `setWebhook` and the request check.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.0.expose_secret().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Telegram's rate limits, kept by the [`super::delivery::Outbox`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    pub messages_per_sec_chat: u32,
    pub messages_per_min_chat: u32,
    pub messages_per_min_channel_or_supergroup: u32,
    pub messages_per_sec_overall: u32,
}

/// What the command line asks for, on top of the files and the environment.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub api_url: Option<String>,
    pub token_file: Option<PathBuf>,
    pub log: Option<String>,
}

/// A configuration problem, naming the file or key and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
    #[error("environment variable {var}: {reason}")]
    Env { var: String, reason: String },
    #[error("{0}")]
    Token(String),
}

impl Config {
    /// The compiled-in defaults.
    pub fn defaults() -> Result<Config, ConfigError> {
        Config::layered(&[], &Overrides::default())
    }

    /// Loads the configuration: defaults, the `--config` file, the process environment, flags.
    pub fn load(overrides: &Overrides) -> Result<Config, ConfigError> {
        let env: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with(ENV_PREFIX) || k == API_URL_ENV)
            .collect();
        Config::layered(&env, overrides)
    }

    /// [`Config::load`] with an explicit environment (for tests).
    pub fn layered(env: &[(String, String)], overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut value = layers::parse_toml("config/default.toml", DEFAULT_TOML)?;
        if let Some(path) = &overrides.config_file {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
                path: shown.clone(),
                reason: e.to_string(),
            })?;
            let user = layers::parse_toml(&shown, &text)?;
            layers::merge(&mut value, user, &shown, "")?;
        }
        let mut env = env.to_vec();
        let ours = format!("{ENV_PREFIX}_TELEGRAM_API_URL");
        if let Some((_, teloxide)) = env.iter().find(|(k, _)| k == API_URL_ENV).cloned() {
            match env.iter().find(|(k, _)| *k == ours) {
                Some((_, url)) if url.trim() != teloxide.trim() => {
                    return Err(ConfigError::Env {
                        var: API_URL_ENV.to_string(),
                        reason: format!(
                            "{teloxide:?} differs from {ours} = {url:?}; set only one of them"
                        ),
                    });
                }
                Some(_) => {}
                None => env.push((ours, teloxide)),
            }
        }
        layers::apply_env(&mut value, ENV_PREFIX, &env)?;
        let mut config = Config::deserialize(value).map_err(|e| ConfigError::Invalid {
            path: key_of(&e),
            reason: e.message().to_string(),
        })?;
        let t = &mut config.telegram;
        if let Some(url) = &overrides.api_url {
            t.api_url = url.clone();
        }
        if let Some(file) = &overrides.token_file {
            t.token_file = file.display().to_string();
        }
        if let Some(log) = &overrides.log {
            t.log = log.clone();
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let t = &self.telegram;
        let bad = |key: &str, reason: &str| ConfigError::Invalid {
            path: format!("telegram.{key}"),
            reason: reason.to_string(),
        };
        if !(t.api_url.starts_with("http://") || t.api_url.starts_with("https://")) {
            return Err(bad("api_url", "must be an http:// or https:// URL"));
        }
        if t.poll_timeout_secs > 15 {
            return Err(bad(
                "poll_timeout_secs",
                "must be at most 15 (the HTTP client gives up after 17 s)",
            ));
        }
        if t.retry_base_ms == 0 || t.retry_max_ms < t.retry_base_ms {
            return Err(bad(
                "retry_base_ms",
                "must be above 0 and at most retry_max_ms",
            ));
        }
        if !(1..=MAX_IN_FLIGHT).contains(&t.max_in_flight) {
            return Err(bad(
                "max_in_flight",
                "must be 1 to 100 (Telegram hands out at most 100 updates at once)",
            ));
        }
        if t.shutdown_grace_secs > 600 {
            return Err(bad("shutdown_grace_secs", "must be at most 600"));
        }
        if !(2..=600).contains(&t.lease_secs) {
            return Err(bad("lease_secs", "must be 2 to 600"));
        }
        let l = &t.limits;
        if [
            l.messages_per_sec_chat,
            l.messages_per_min_chat,
            l.messages_per_min_channel_or_supergroup,
            l.messages_per_sec_overall,
        ]
        .contains(&0)
        {
            return Err(bad("limits", "every limit must be at least 1"));
        }
        if t.storage_timeout_ms == 0 {
            return Err(bad("storage_timeout_ms", "must be above 0"));
        }
        if self.log.questions_max_bytes < 1_024 {
            return Err(ConfigError::Invalid {
                path: "log.questions_max_bytes".to_string(),
                reason: "must be at least 1024 (a record is a few hundred bytes)".to_string(),
            });
        }
        if t.mode == Mode::Webhook {
            let w = &t.webhook;
            w.listen_addr()?;
            w.public_url()?;
            let secret = w.secret_token.expose();
            let secret_ok = (1..=256).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !secret_ok {
                return Err(bad("webhook.secret_token", msg::TG_WEBHOOK_SECRET_INVALID));
            }
            if !w.health_path.starts_with('/') {
                return Err(bad("webhook.health_path", "must start with /"));
            }
        }
        Ok(())
    }

    /// The bot token: `TELOXIDE_TOKEN` if set, else the first line of `telegram.token_file`.
    pub fn token(&self, env_token: Option<String>) -> Result<Token, ConfigError> {
        if let Some(raw) = env_token {
            return Token::parse(&raw).ok_or_else(|| {
                ConfigError::Token(msg::TG_TOKEN_MALFORMED.replace("{from}", TOKEN_ENV))
            });
        }
        let file = self.telegram.token_file.trim();
        if file.is_empty() {
            return Err(ConfigError::Token(msg::TG_TOKEN_MISSING.to_string()));
        }
        let path = Path::new(file);
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::Token(
                msg::TG_TOKEN_FILE_UNREADABLE
                    .replace("{path}", &path.display().to_string())
                    .replace("{reason}", &e.to_string()),
            )
        })?;
        let first = text.lines().next().unwrap_or("");
        Token::parse(first).ok_or_else(|| {
            ConfigError::Token(
                msg::TG_TOKEN_MALFORMED
                    .replace("{from}", &format!("the token file {}", path.display())),
            )
        })
    }
}

/// The dotted key a deserialisation error is about (`telegram.mode`), or "configuration".
fn key_of(err: &toml::de::Error) -> String {
    // toml ends its Display with a line "in `telegram.mode`"; the message alone drops it.
    let shown = err.to_string();
    shown
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("in `"))
        .and_then(|rest| rest.split('`').next())
        .filter(|key| !key.is_empty())
        .map_or_else(|| "configuration".to_string(), str::to_string)
}

/// A bot token: a `secrecy` string. `Debug` and `Display` print a placeholder, never the secret.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    /// Accepts `<bot id>:<secret>` as @BotFather issues it: digits, a colon, then at least 20 of
    /// `A-Z a-z 0-9 _ -`. Surrounding whitespace is ignored.
    pub fn parse(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        let (id, secret) = raw.split_once(':')?;
        let id_ok = !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit());
        let secret_ok = secret.len() >= 20
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        (id_ok && secret_ok).then(|| Token(SecretString::from(raw)))
    }

    /// The secret itself, for the one place that needs it: building the bot.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The bot's numeric id (the part before the colon: public, it is the bot's user id).
    pub fn bot_id(&self) -> i64 {
        self.expose()
            .split_once(':')
            .and_then(|(id, _)| id.parse().ok())
            .unwrap_or(0)
    }

    /// `text` with every occurrence of the token (and of its secret part) replaced.
    pub fn redact(&self, text: &str) -> String {
        let token = self.expose();
        let mut out = text.replace(token, "<token>");
        if let Some((_, secret)) = token.split_once(':') {
            out = out.replace(secret, "<token>");
        }
        out
    }
}

impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        self.expose() == other.expose()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token>")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const GOOD: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    #[test]
    fn defaults_parse_and_validate() {
        let config = Config::defaults().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.telegram.api_url, "https://api.telegram.org");
        assert_eq!(config.telegram.limits.messages_per_sec_overall, 30);
    }

    #[test]
    fn env_and_flags_override_in_order() {
        let env = vec![
            (
                "COMMUNIQUE_TELEGRAM_API_URL".to_string(),
                "http://127.0.0.1:1".to_string(),
            ),
            (
                "COMMUNIQUE_TELEGRAM_LIMITS_MESSAGES_PER_SEC_CHAT".to_string(),
                "5".to_string(),
            ),
        ];
        let config = Config::layered(&env, &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.telegram.api_url, "http://127.0.0.1:1");
        assert_eq!(config.telegram.limits.messages_per_sec_chat, 5);
        let flags = Overrides {
            api_url: Some("http://127.0.0.1:2".to_string()),
            ..Overrides::default()
        };
        let config = Config::layered(&env, &flags).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.telegram.api_url, "http://127.0.0.1:2");
    }

    #[test]
    fn the_question_log_is_off_by_default_and_set_by_key_or_environment() {
        let config = Config::defaults().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.log.questions_path(), None);
        let env = vec![(
            "COMMUNIQUE_LOG_QUESTIONS".to_string(),
            "/var/log/communique/questions.jsonl".to_string(),
        )];
        let config = Config::layered(&env, &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.log.questions_path(),
            Some(PathBuf::from("/var/log/communique/questions.jsonl"))
        );
        assert_eq!(config.log.settings().keep, 3);
    }

    #[test]
    fn env_of_the_wrong_type_is_named() {
        let env = vec![(
            "COMMUNIQUE_TELEGRAM_MAX_RETRIES".to_string(),
            "many".to_string(),
        )];
        let err = Config::layered(&env, &Overrides::default())
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("environment variable COMMUNIQUE_TELEGRAM_MAX_RETRIES: \"many\" is not integer")
        );
    }

    #[test]
    fn unknown_modes_and_storages_are_errors_naming_the_key() {
        let one = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        let err = |env: Vec<(String, String)>| {
            Config::layered(&env, &Overrides::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let mode = err(one("COMMUNIQUE_TELEGRAM_MODE", "pull"));
        assert!(mode.starts_with("telegram.mode: "), "{mode}");
        assert!(mode.contains("pull") && mode.contains("polling"), "{mode}");
        let storage = err(one("COMMUNIQUE_TELEGRAM_STORAGE", "mysql://x"));
        assert!(storage.starts_with("telegram.storage: "), "{storage}");
    }

    #[test]
    fn teloxide_api_url_sets_the_api_url_and_a_conflict_is_refused() {
        let env = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let local = "http://127.0.0.1:9";
        let config = Config::layered(&env(&[("TELOXIDE_API_URL", local)]), &Overrides::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.telegram.api_url, local);
        let both = env(&[
            ("TELOXIDE_API_URL", local),
            ("COMMUNIQUE_TELEGRAM_API_URL", "http://127.0.0.1:8"),
        ]);
        let err = Config::layered(&both, &Overrides::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("environment variable TELOXIDE_API_URL"),
            "{err}"
        );
        let flag = Overrides {
            api_url: Some("http://127.0.0.1:7".to_string()),
            ..Overrides::default()
        };
        let config = Config::layered(&env(&[("TELOXIDE_API_URL", local)]), &flag)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.telegram.api_url, "http://127.0.0.1:7",
            "the flag wins"
        );
    }

    #[test]
    fn tokens_are_checked_and_never_shown() {
        assert!(Token::parse("hello").is_none());
        assert!(Token::parse("123:short").is_none());
        assert!(Token::parse("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw").is_none());
        let token = Token::parse(&format!("  {GOOD}\n")).unwrap_or_else(|| panic!("valid token"));
        assert_eq!(token.expose(), GOOD);
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        assert_eq!(format!("{token}"), "<token>");
        let leaked = format!("error sending request for url (http://x/bot{GOOD}/GetMe)");
        assert_eq!(
            token.redact(&leaked),
            "error sending request for url (http://x/bot<token>/GetMe)"
        );
        let secret_only = "…AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw…";
        assert_eq!(token.redact(secret_only), "…<token>…");
    }

    #[test]
    fn missing_and_malformed_tokens_say_both_ways_to_supply_one() {
        let config = Config::defaults().unwrap_or_else(|e| panic!("{e}"));
        let missing = config
            .token(None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            missing.contains("TELOXIDE_TOKEN") && missing.contains("token_file"),
            "{missing}"
        );
        let malformed = config
            .token(Some("not-a-token".to_string()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            malformed.contains("TELOXIDE_TOKEN") && malformed.contains("token_file"),
            "{malformed}"
        );
        assert!(!malformed.contains("not-a-token"), "{malformed}");
    }
}
