//! The widget in a real headless browser: `tests/web/browser.mjs` (Playwright driving Debian's
//! Chromium) against `communique serve`. It needs `node`, `/usr/bin/chromium` (or `CHROMIUM`)
//! and `npm ci` in `tests/web`; without them a plain `cargo test` prints a loud SKIPPED line and
//! passes, while in CI (`CI=true`) or under `.ci/run` (which installs them, and sets
//! `COMMUNIQUE_REQUIRE_WEB_TESTS=1`) it fails.
//! Screenshots go to a temporary directory (kept, and named in the output), or to
//! `COMMUNIQUE_SCREENSHOTS`; `COMMUNIQUE_README_SCREENSHOT` also writes the README's picture.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{repo_path, show};

/// What a web test needs that is missing, if anything; panics instead when the run requires it.
pub fn missing(test: &str, needs: &[(&str, bool)]) -> Option<String> {
    let missing: Vec<&str> = needs
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(what, _)| *what)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let what = missing.join(", ");
    // In CI (CI=true, as .ci/run runs on a clean machine) or when asked to, a missing tool fails
    // the test: only a developer's machine may skip it.
    let required = std::env::var("COMMUNIQUE_REQUIRE_WEB_TESTS").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if required {
        panic!(
            "{test}: missing {what} (CI=true or COMMUNIQUE_REQUIRE_WEB_TESTS=1: .ci/run installs them)"
        );
    }
    show(&format!(
        "!!!! SKIPPED {test}: missing {what}; `bash .ci/run` installs them and runs it !!!!"
    ));
    Some(what)
}

pub fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn installed(dir: &str, package: &str) -> bool {
    Path::new(&repo_path(dir))
        .join("node_modules")
        .join(package)
        .is_dir()
}

#[test]
fn a_headless_browser_uses_the_widget() {
    let test = "a_headless_browser_uses_the_widget";
    let browser = chromium();
    if missing(
        test,
        &[
            ("node", has_node()),
            ("chromium (apt-get install chromium)", browser.is_file()),
            (
                "tests/web/node_modules (npm ci in tests/web)",
                installed("tests/web", "playwright-core"),
            ),
        ],
    )
    .is_some()
    {
        return;
    }
    let shots = std::env::var_os("COMMUNIQUE_SCREENSHOTS").map_or_else(
        || {
            tempfile::Builder::new()
                .prefix("communique-screens-")
                .tempdir()
                .unwrap()
                .keep()
        },
        PathBuf::from,
    );
    let (child, addr) = super::spawn_binary(&[], &[]);
    let mut command = Command::new("node");
    command
        .arg(repo_path("tests/web/browser.mjs"))
        .arg(format!("http://{addr}/"))
        .arg(&shots)
        .env("CHROMIUM", &browser);
    if let Some(readme) = std::env::var_os("COMMUNIQUE_README_SCREENSHOT") {
        command.arg(readme);
    }
    let output = command.output().unwrap();
    let (code, _, log) = super::stop_binary(child);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    show(&format!(
        "browser test ({}):\n{stdout}{stderr}",
        browser.display()
    ));
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}\nserver log:\n{log}"
    );
    assert_eq!(code, Some(0), "{log}");
}
