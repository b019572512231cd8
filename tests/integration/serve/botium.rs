//! Botium, the chatbot-testing tool (botium-cli with botium-core's generic HTTP connector,
//! SIMPLEREST), runs the built-in statement package's test dialogues against `communique serve`:
//! `tests/botium/convert.mjs` turns each conversation of `knowledge/<id>/dialogues/*.dialogue` into
//! a Botium convo file, and Botium sends its messages and checks the replies with its own
//! asserters (`tests/botium/botium.json`). It needs `node` and `npm ci` in `tests/botium`; without
//! them a plain `cargo test` prints a loud SKIPPED line and passes, while `.ci/run` (which
//! installs them, and sets `COMMUNIQUE_REQUIRE_WEB_TESTS=1`) or any CI run (`CI=true`) fails.

use std::process::Command;

use super::browser::{has_node, missing};
use crate::helpers::{repo_path, show};

#[test]
fn botium_runs_the_package_dialogues_against_serve() {
    let test = "botium_runs_the_package_dialogues_against_serve";
    let cli = repo_path("tests/botium/node_modules/botium-cli/bin/botium-cli.js");
    if missing(
        test,
        &[
            ("node", has_node()),
            (
                "tests/botium/node_modules (npm ci in tests/botium)",
                cli.is_file(),
            ),
        ],
    )
    .is_some()
    {
        return;
    }
    let convos = tempfile::tempdir().unwrap();
    let converted = Command::new("node")
        .arg(repo_path("tests/botium/convert.mjs"))
        .arg(convos.path())
        .arg(repo_path("knowledge/malaysia-south-korea-2024/dialogues"))
        .output()
        .unwrap();
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    show(String::from_utf8_lossy(&converted.stdout).trim());

    // One client sends every conversation back to back: no per-client rate limit here (the rate
    // limit has its own test).
    let (child, addr) =
        super::spawn_binary(&[], &[("COMMUNIQUE_SERVE_RATE_LIMIT_PER_MINUTE", "0")]);
    let output = Command::new("node")
        .arg(&cli)
        .args(["run", "--config"])
        .arg(repo_path("tests/botium/botium.json"))
        .arg("--convos")
        .arg(convos.path())
        .args(["--output", "spec"])
        .env("BOTIUM_SIMPLEREST_URL", format!("http://{addr}/v1/ask"))
        .current_dir(repo_path("tests/botium"))
        .output()
        .unwrap();
    let (code, _, log) = super::stop_binary(child);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("passing") || l.contains("failing") || l.contains("pending"))
        .collect();
    show(&format!("botium: {}", summary.join("; ").trim()));
    assert!(
        output.status.success(),
        "Botium failed:\n{stdout}\n{stderr}\nserver log:\n{log}"
    );
    assert!(summary.iter().any(|l| l.contains("passing")), "{stdout}");
    assert!(!summary.iter().any(|l| l.contains("failing")), "{stdout}");
    assert_eq!(code, Some(0), "{log}");
}
