//! Configuration layering: the defaults' TOML, a user's TOML file over it, then environment
//! variables over single keys. The result is one `toml::Value` that [`super::config`] deserialises
//! into its typed structs.
//!
//! Invariants: the defaults' shape is the schema. A file may set only keys the defaults have, with
//! values of the same type; an environment variable `PREFIX_SECTION_KEY` overrides exactly the
//! leaf at `section.key` and is parsed as that leaf's type. Every refusal names the file and key
//! or the variable.
//!
//! Why hand-written and not figment or config-rs: the variable names join path parts with `_`
//! while the keys themselves contain `_` (`COMMUNIQUE_TELEGRAM_LIMITS_MESSAGES_PER_SEC_CHAT` is
//! `telegram.limits.messages_per_sec_chat`), so either crate needs this same walk over the known
//! keys to map names to paths, and neither refuses a mistyped key in the user's file with the
//! key's full path. What is left is about a hundred lines, kept here on their own.

use super::ConfigError;

/// Parses one TOML document; errors name `path`.
pub fn parse_toml(path: &str, text: &str) -> Result<toml::Value, ConfigError> {
    text.parse::<toml::Table>()
        .map(toml::Value::Table)
        .map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            reason: e.message().to_string(),
        })
}

/// Merges `over` into `base`, refusing keys `base` does not have and values of another type.
pub fn merge(
    base: &mut toml::Value,
    over: toml::Value,
    file: &str,
    at: &str,
) -> Result<(), ConfigError> {
    match (base, over) {
        (toml::Value::Table(base), toml::Value::Table(over)) => {
            for (key, value) in over {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                let Some(slot) = base.get_mut(&key) else {
                    return Err(ConfigError::Invalid {
                        path: file.to_string(),
                        reason: format!(
                            "unknown key `{path}` (config/default.toml lists every key)"
                        ),
                    });
                };
                merge(slot, value, file, &path)?;
            }
            Ok(())
        }
        (base, over) if base.same_type(&over) => {
            *base = over;
            Ok(())
        }
        (base, over) => Err(ConfigError::Invalid {
            path: file.to_string(),
            reason: format!(
                "`{at}` must be {}, not {}",
                base.type_str(),
                over.type_str()
            ),
        }),
    }
}

/// Overrides leaves from `PREFIX_SECTION_KEY` variables, parsed as the leaf's type.
pub fn apply_env(
    value: &mut toml::Value,
    var: &str,
    env: &[(String, String)],
) -> Result<(), ConfigError> {
    match value {
        toml::Value::Table(table) => {
            for (key, child) in table.iter_mut() {
                apply_env(child, &format!("{var}_{}", key.to_uppercase()), env)?;
            }
            Ok(())
        }
        leaf => {
            let Some((_, raw)) = env.iter().find(|(k, _)| k == var) else {
                return Ok(());
            };
            let parsed = match leaf {
                toml::Value::String(_) => Some(toml::Value::String(raw.clone())),
                toml::Value::Integer(_) => raw.trim().parse().ok().map(toml::Value::Integer),
                toml::Value::Boolean(_) => raw.trim().parse().ok().map(toml::Value::Boolean),
                toml::Value::Float(_) => raw.trim().parse().ok().map(toml::Value::Float),
                _ => None,
            };
            *leaf = parsed.ok_or_else(|| ConfigError::Env {
                var: var.to_string(),
                reason: format!("{raw:?} is not {}", leaf.type_str()),
            })?;
            Ok(())
        }
    }
}
