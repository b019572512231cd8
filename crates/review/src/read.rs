//! Reading question logs back: every record of the files given, oldest first, with the lines that
//! are not records counted (and located) rather than fatal.

use std::path::{Path, PathBuf};

use crate::record::Record;

/// Why a log could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the question log {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A line of a log that is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub line: usize,
    pub why: String,
}

/// Which records to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this statement's records.
    pub statement: Option<String>,
    /// Only records of this UTC day (`YYYY-MM-DD`) or later.
    pub since: Option<String>,
}

impl Filter {
    pub fn keeps(&self, record: &Record) -> bool {
        let statement_ok = self
            .statement
            .as_ref()
            .is_none_or(|id| record.statement.as_deref() == Some(id.as_str()));
        let since_ok = self
            .since
            .as_ref()
            .is_none_or(|day| record.day() >= day.as_str());
        statement_ok && since_ok
    }
}

/// The records of `paths` that `filter` keeps, oldest first, and the lines skipped. Rotated files
/// (`FILE.2`, `FILE.1`) are read before `FILE`; records of the same minute keep their file order.
pub fn read_logs(
    paths: &[PathBuf],
    filter: &Filter,
) -> Result<(Vec<Record>, Vec<Skipped>), ReadError> {
    let mut ordered: Vec<&PathBuf> = paths.iter().collect();
    ordered.sort_by_key(|p| std::cmp::Reverse(rotation(p)));
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    for path in ordered {
        let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(record) if filter.keeps(&record) => records.push(record),
                Ok(_) => {}
                Err(err) => skipped.push(Skipped {
                    file: path.display().to_string(),
                    line: n + 1,
                    why: err.to_string(),
                }),
            }
        }
    }
    records.sort_by(|a, b| a.time.cmp(&b.time));
    Ok((records, skipped))
}

/// The rotation number of a log file's name (`FILE.3` → 3), 0 for the live file.
fn rotation(path: &Path) -> usize {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(|e| e.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn line(time: &str, statement: &str, text: &str) -> String {
        format!(
            r#"{{"v":1,"time":"{time}","statement":"{statement}","lang":"en","conversation":null,"route":"question","text":"{text}","kind":"answer","fact":"x","score":1.0,"runner_up":null,"margin":null,"reason":null,"unknown":[]}}"#
        )
    }

    #[test]
    fn reads_rotated_files_first_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("q.jsonl");
        let old = dir.path().join("q.jsonl.1");
        std::fs::write(
            &live,
            format!(
                "{}\nnot json\n{}\n",
                line("2026-03-02T10:00Z", "a", "third"),
                line("2026-03-02T10:00Z", "b", "fourth")
            ),
        )
        .unwrap();
        std::fs::write(
            &old,
            format!(
                "{}\n{}\n",
                line("2026-03-01T09:00Z", "a", "first"),
                line("2026-03-02T10:00Z", "a", "second")
            ),
        )
        .unwrap();
        let (records, skipped) =
            read_logs(&[live.clone(), old.clone()], &Filter::default()).unwrap();
        let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["first", "second", "third", "fourth"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 2);
        let filter = Filter {
            statement: Some("a".into()),
            since: Some("2026-03-02".into()),
        };
        let (records, _) = read_logs(&[live, old], &filter).unwrap();
        let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["second", "third"]);
    }
}
