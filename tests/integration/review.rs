//! `communique review`: the report names every refused question in a cluster, `--html` writes a
//! page that renders in a real headless browser, and the loop works and stays honest: on a copy of
//! the package that lost some of its words, `--apply --yes` answers clearly more of the logged
//! questions it could answer, still refuses the ones the statement does not answer, and answers
//! no unseen question worse. Questions are worded for these tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{repo_path, run};

/// The package the copies are made of.
const PACKAGE: &str = "knowledge/malaysia-south-korea-2024";

/// Questions for the built-in package: answered, refused (near misses), partial, small talk.
const MIXED: [&str; 12] = [
    "By what year should the free trade talks be done?",
    "What did they say about volcanoes?",
    "And the volcano situation?",
    "Who put their signature on the planned tourism MoU?",
    "thanks a lot",
    "Bilakah rundingan perdagangan bebas patut selesai?",
    "Is there anything about football?",
    "Did the leaders plan a football tournament?",
    "What about the procurement of ships?",
    "What is TVET?",
    "Which reactors did they mention?",
    "What about space exploration?",
];

/// Runs `batch --json` over `questions` (one per line), logging them to `log` when given, with
/// the package in `knowledge` when given; the reply of each question as JSON.
fn batch(questions: &[&str], knowledge: Option<&Path>, log: Option<&Path>) -> Vec<Value> {
    let mut args: Vec<String> = Vec::new();
    if let Some(dir) = knowledge {
        args.extend(["--knowledge".into(), dir.display().to_string()]);
    }
    args.extend(["batch".into(), "--json".into()]);
    if let Some(log) = log {
        args.extend(["--log-questions".into(), log.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run(&args, &(questions.join("\n") + "\n"));
    assert_eq!(code, 0, "{stderr}");
    let replies: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(replies.len(), questions.len());
    replies
}

/// `review --json` of `log`, with `extra` arguments.
fn review_json(log: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["review", log.to_str().unwrap(), "--json"];
    args.extend(extra);
    let (code, stdout, stderr) = run(&args, "");
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn review_names_every_refused_question_in_some_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    let replies = batch(&MIXED, None, Some(&log));
    let report = review_json(&log, &[]);
    assert_eq!(report["records"], MIXED.len());
    let clustered: Vec<&str> = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["questions"].as_array().unwrap())
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    let refused: Vec<&str> = MIXED
        .iter()
        .zip(&replies)
        .filter(|(_, r)| r["kind"] == "no-answer")
        .map(|(q, _)| *q)
        .collect();
    assert!(refused.len() >= 6, "{refused:?}");
    for question in &refused {
        assert!(
            clustered.contains(question),
            "{question:?} is in no cluster: {clustered:?}"
        );
    }
    // near misses are kept as refusals, the volcano questions in one cluster
    let volcano = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["questions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|q| q["text"] == MIXED[1])
        })
        .unwrap();
    assert_eq!(volcano["questions"].as_array().unwrap().len(), 2);
    assert_eq!(volcano["action"]["action"], "keep-refusing");
    // the facts answered and the ones no one asked about
    assert!(
        report["most_asked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "fta-deadline" && f["count"] == 2),
        "{}",
        report["most_asked"]
    );
    assert!(
        report["unasked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "gaza")
    );
}

#[test]
fn review_rejects_a_bad_since_and_apply_without_a_package_or_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    batch(&MIXED[..2], None, Some(&log));
    let log = log.to_str().unwrap();
    let (code, _, stderr) = run(&["review", log, "--since", "yesterday"], "");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--since “yesterday” is not a date"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["review", log, "--apply"], "");
    assert_eq!(code, 1);
    assert!(stderr.contains("--knowledge DIR"), "{stderr}");
    let copy = weakened_copy(dir.path());
    let facts = std::fs::read_to_string(copy.join("facts.toml")).unwrap();
    let (code, _, stderr) = run(
        &[
            "--knowledge",
            copy.to_str().unwrap(),
            "review",
            log,
            "--apply",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(copy.join("facts.toml")).unwrap(),
        facts
    );
}

// ---------------------------------------------------------------------------------------------
// The HTML page in a real browser

/// The headless browser: `COMMUNIQUE_CHROMIUM`, else the first of Debian's `chromium` and the
/// usual other names on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("COMMUNIQUE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// What the page looks like in the browser, measured by the browser itself after it has laid
/// the page out: each chart's size, how many of its shapes and texts have a size on screen, its
/// role and name; the page's width against the window's; and how many resources it fetched.
/// Added to a copy of the page only (the page itself has no script).
const PROBE: &str = r#"<script>
addEventListener('load', () => {
  const sized = e => { const b = e.getBoundingClientRect(); return b.width > 0 || b.height > 0; };
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {
      id: f.id, width: box.width, height: box.height,
      shapes: svg ? [...svg.querySelectorAll('rect, circle, polyline, path, line')].filter(sized).length : 0,
      texts: svg ? [...svg.querySelectorAll('text')].filter(sized).map(t => t.textContent.trim()) : [],
      role: svg && svg.getAttribute('role'), label: svg && svg.getAttribute('aria-label'),
      caption: (f.querySelector('figcaption') || {}).textContent
    };
  });
  const out = {
    charts, window: innerWidth, page: document.documentElement.scrollWidth,
    fetched: performance.getEntriesByType('resource').length,
    title: document.title, lang: document.documentElement.lang
  };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"#;

/// The probe's measurements of `page` in headless Chromium at a phone's width.
fn measure_in_browser(browser: &Path, page: &str, dir: &Path) -> Value {
    let probed = dir.join("probed.html");
    std::fs::write(
        &probed,
        page.replacen("</body>", &format!("{PROBE}</body>"), 1),
    )
    .unwrap();
    let child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--window-size=390,844",
            "--virtual-time-budget=5000",
            &format!("--user-data-dir={}", dir.join("profile").display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", probed.display()))
        // files, not pipes: a page's DOM outgrows a pipe's buffer while nobody reads it
        .stdout(std::fs::File::create(dir.join("dom.html")).unwrap())
        .stderr(std::fs::File::create(dir.join("browser.log")).unwrap())
        .spawn()
        .unwrap();
    let status = finish_within(child, Duration::from_secs(120), &dir.join("browser.log"));
    let dom = std::fs::read_to_string(dir.join("dom.html")).unwrap();
    let json = dom
        .split_once("<pre id=\"probe\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| json.replace("&quot;", "\"").replace("&amp;", "&"))
        .unwrap_or_else(|| {
            panic!(
                "the browser gave no measurements (status {status}):\n{dom}\n{}",
                std::fs::read_to_string(dir.join("browser.log")).unwrap_or_default()
            )
        });
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The exit status of `child`, killed if it has not finished within `limit` (a browser that
/// hangs fails the test instead of holding it); `log` is where its stderr goes.
fn finish_within(mut child: Child, limit: Duration, log: &Path) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser did not finish within {limit:?}:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn review_html_renders_its_charts_in_headless_chromium() {
    let Some(browser) = chromium() else {
        // CI installs Chromium (.ci/run): there it must be found.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no chromium on PATH in CI: .ci/run installs Debian's chromium"
        );
        eprintln!(
            "SKIPPED review_html_renders_its_charts_in_headless_chromium: no chromium on PATH \
             (apt-get install chromium, or set COMMUNIQUE_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    batch(&MIXED, None, Some(&log));
    // spread the log over three days, so the answer rate has a line to draw
    let text = std::fs::read_to_string(&log).unwrap();
    let moved: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            let day = ["2026-03-01", "2026-03-02", "2026-03-04"][i % 3];
            record["time"] = Value::String(format!("{day}T10:{:02}Z", i));
            record.to_string()
        })
        .collect();
    std::fs::write(&log, moved.join("\n") + "\n").unwrap();
    let html = dir.path().join("report.html");
    let (code, stdout, stderr) = run(
        &[
            "review",
            log.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote the report page"), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&html).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the page holds the questions: private like the log"
        );
    }
    let page = std::fs::read_to_string(&html).unwrap();
    let report = review_json(&log, &[]);
    let seen = measure_in_browser(&browser, &page, dir.path());

    assert_eq!(seen["fetched"], 0, "the page fetched something: {seen}");
    assert_eq!(seen["lang"], "en");
    assert!(!seen["title"].as_str().unwrap().is_empty());
    let window = seen["window"].as_f64().unwrap();
    assert!(
        seen["page"].as_f64().unwrap() <= window,
        "the page is wider than the window ({window} px): {seen}"
    );
    let charts = seen["charts"].as_array().unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "chart-rate",
            "chart-languages",
            "chart-clusters",
            "chart-asked"
        ]
    );
    for chart in charts {
        let (width, height) = (
            chart["width"].as_f64().unwrap(),
            chart["height"].as_f64().unwrap(),
        );
        assert!(width > 200.0 && width <= window && height > 40.0, "{chart}");
        assert!(chart["shapes"].as_u64().unwrap() >= 2, "{chart}");
        assert_eq!(chart["role"], "img", "{chart}");
        assert_eq!(chart["label"], chart["caption"], "{chart}");
    }
    let texts = |id: &str| -> Vec<String> {
        charts.iter().find(|c| c["id"] == id).unwrap()["texts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    // the rate chart labels its days and percentages
    let rate = texts("chart-rate");
    for label in ["03-01", "03-02", "03-04", "100%"] {
        assert!(rate.iter().any(|t| t == label), "{label} not in {rate:?}");
    }
    // a bar per language, named with its numbers
    let languages = texts("chart-languages");
    for row in report["languages"].as_array().unwrap() {
        let lang = row["lang"].as_str().unwrap();
        assert!(
            languages
                .iter()
                .any(|t| t.starts_with(&format!("{lang}: {} questions", row["questions"]))),
            "{lang} not in {languages:?}"
        );
    }
    // a bar per cluster (up to eight), its size written at its end
    let clusters = report["clusters"].as_array().unwrap();
    let shown = texts("chart-clusters");
    for cluster in clusters.iter().take(8) {
        let rank = format!("{}. ", cluster["rank"]);
        assert!(
            shown.iter().any(|t| t.starts_with(&rank)),
            "cluster {rank} not in {shown:?}"
        );
    }
    assert!(
        shown.contains(&clusters[0]["size"].to_string()),
        "{shown:?}"
    );
    let asked = texts("chart-asked");
    assert!(
        asked.iter().any(|t| t.starts_with("fta-deadline")),
        "{asked:?}"
    );
    // what people typed is on the page as text, never as markup
    assert!(page.contains("What did they say about volcanoes?"));
}

// ---------------------------------------------------------------------------------------------
// The loop: log, review --apply --yes, ask again

/// Copies the built-in package to `dir/pkg`, without some of its own words: the synonym groups
/// of purpose, witnessing, resurgence, deadlines, participants, companies, trust, chairmanship,
/// visitors and institutions, and those words among the facts' keywords. A package that answers
/// some paraphrases poorly, as a freshly ingested one does.
fn weakened_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("pkg");
    copy_dir(&repo_path(PACKAGE), &copy);
    let vocabulary = std::fs::read_to_string(copy.join("vocabulary.toml")).unwrap();
    let groups = [
        "purpose",
        "witness",
        "resurgence",
        "deadline",
        "participant",
        "corporation",
        "trust",
        "chairmanship",
        "visitor",
        "institution",
    ];
    let kept: Vec<&str> = vocabulary
        .lines()
        .filter(|line| {
            !groups
                .iter()
                .any(|g| line.trim_start().starts_with(&format!("[\"{g}\"")))
        })
        .collect();
    assert_eq!(
        kept.len() + groups.len(),
        vocabulary.lines().count(),
        "the package's vocabulary changed: update weakened_copy"
    );
    std::fs::write(copy.join("vocabulary.toml"), kept.join("\n") + "\n").unwrap();
    let mut facts = std::fs::read_to_string(copy.join("facts.toml")).unwrap();
    for word in [
        "rebound",
        "recovery",
        "comeback",
        "picked up",
        "target date",
        "stakeholders",
        "firms",
        "companies",
        "aim",
        "goal",
        "confidence",
        "chair",
        "backing",
        "visitors",
        "institutions",
        "deadline",
        "participants",
        "corporations",
        "purpose",
        "witnessed",
        "witness",
        "trust",
        "mutual trust",
    ] {
        facts = facts
            .replace(&format!("\"{word}\", "), "")
            .replace(&format!(", \"{word}\"]"), "]");
    }
    std::fs::write(copy.join("facts.toml"), facts).unwrap();
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Questions the weakened package answers poorly (it refuses them, or answers them from
/// another fact than the full package does) and the full package answers.
const ANSWERABLE: [&str; 14] = [
    "What is the intention of the Strategic Partnership?",
    "What is the objective of the partnership?",
    "What is the mission of the Strategic Partnership?",
    "What is the rationale for the Strategic Partnership?",
    "Who watched the exchange of MoUs?",
    "Who oversaw the exchange of MoUs?",
    "Who was present at the MoU exchange?",
    "What about the surge in tourism?",
    "What is the timeline for the free trade talks?",
    "What is the timeframe for the FTA?",
    "Which stakeholders take part in TVET?",
    "Which enterprises take part in TVET?",
    "How do they build confidence between the leaders?",
    "What about goodwill between them?",
];

/// Questions the statement does not answer (near misses among them: "space", "union", "ships").
const UNANSWERABLE: [&str; 7] = [
    "What about volcanoes?",
    "Did they discuss football?",
    "What about the procurement of ships?",
    "What about space exploration?",
    "Did they agree on a currency union?",
    "Who won the election in Seoul?",
    "What is the objective of the football federation?",
];

/// Questions no log holds: answered by the weakened package, or refused by it.
const UNSEEN: [&str; 24] = [
    "When should the FTA negotiations be finished?",
    "What did the two leaders say about North Korea?",
    "What happens with carbon capture?",
    "Which digital fields are covered?",
    "What is the Look East Policy?",
    "Who is Anwar Ibrahim?",
    "Where did the leaders meet?",
    "What about the situation in Gaza?",
    "What is planned for smart farms?",
    "What about hydrogen?",
    "Is there cooperation on healthcare?",
    "Spell out the letters TVET for me.",
    "What about student exchanges?",
    "Who supports Malaysia's ASEAN chairmanship?",
    "What is said about cybercrime?",
    "Did they talk about defence?",
    "What about the Paris Agreement?",
    "Any plans on tourism?",
    "What about the stock market?",
    "Did they sign a football deal?",
    "What about the moon landing?",
    "Is there anything about earthquakes?",
    "What did they decide about fishing quotas?",
    "Which films were shown?",
];

/// Whether `reply` answers clearly: an answer, not a clarification or a refusal.
fn answered(reply: &Value) -> bool {
    reply["kind"] == "answer"
}

#[test]
fn the_loop_answers_more_of_the_log_and_stays_honest() {
    let dir = tempfile::tempdir().unwrap();
    let copy = weakened_copy(dir.path());
    let full: Vec<Value> = batch(&ANSWERABLE, None, None);
    let before: Vec<Value> = batch(&ANSWERABLE, Some(&copy), None);
    // the set is one the weakened package answers poorly, and the full one well
    let poorly = before
        .iter()
        .zip(&full)
        .filter(|(b, f)| !answered(b) || b["fact"] != f["fact"])
        .count();
    assert!(poorly >= 12, "{before:?}");
    assert!(
        full.iter().filter(|f| answered(f)).count() >= 12,
        "{full:?}"
    );
    let unseen_before = batch(&UNSEEN, Some(&copy), None);
    let refused_before = batch(&UNANSWERABLE, Some(&copy), None);
    assert!(
        refused_before.iter().all(|r| !answered(r)),
        "{refused_before:?}"
    );
    let (tests_before, _) = dialogue_failures(&copy);

    // log the questions as the bot meets them, then review and apply every proven change
    let log = dir.path().join("questions.jsonl");
    let logged: Vec<&str> = ANSWERABLE.iter().chain(&UNANSWERABLE).copied().collect();
    batch(&logged, Some(&copy), Some(&log));
    let vocabulary_before = std::fs::read_to_string(copy.join("vocabulary.toml")).unwrap();
    let (code, stdout, stderr) = run(
        &[
            "--knowledge",
            copy.to_str().unwrap(),
            "review",
            log.to_str().unwrap(),
            "--apply",
            "--yes",
        ],
        "",
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("accepted"), "{stdout}");

    // answered clearly more often: at least 10 points more of the answerable questions, each
    // from the fact the full package answers it from
    let after = batch(&ANSWERABLE, Some(&copy), None);
    let right = |replies: &[Value]| {
        replies
            .iter()
            .zip(&full)
            .filter(|(r, f)| answered(r) && r["fact"] == f["fact"])
            .count()
    };
    let (was, is) = (right(&before), right(&after));
    assert!(
        is * 100 >= was * 100 + 10 * ANSWERABLE.len(),
        "answered right before {was}, after {is} of {}:\n{stdout}",
        ANSWERABLE.len()
    );
    for (i, question) in ANSWERABLE.iter().enumerate() {
        let (b, a, f) = (&before[i], &after[i], &full[i]);
        if answered(b) && b["fact"] == f["fact"] {
            assert_eq!(a["fact"], b["fact"], "{question:?} lost its answer");
        }
        if answered(a) && a["fact"] != b["fact"] {
            assert_eq!(
                a["fact"], f["fact"],
                "{question:?} answered from the wrong fact"
            );
        }
    }
    // the statement still doesn't say what it never said
    for (question, reply) in UNANSWERABLE
        .iter()
        .zip(batch(&UNANSWERABLE, Some(&copy), None))
    {
        assert!(!answered(&reply), "{question:?} is answered now: {reply}");
    }
    // questions no log held are answered from the same facts, and refused as before
    for ((question, b), a) in
        UNSEEN
            .iter()
            .zip(&unseen_before)
            .zip(batch(&UNSEEN, Some(&copy), None))
    {
        assert_eq!(
            (&a["kind"], &a["fact"]),
            (&b["kind"], &b["fact"]),
            "{question:?} changed"
        );
    }
    // the package's files keep their comments and layout, it loads and checks, and its
    // dialogues fail nothing they did not fail before
    let vocabulary = std::fs::read_to_string(copy.join("vocabulary.toml")).unwrap();
    for line in vocabulary_before.lines().filter(|l| l.starts_with('#')) {
        assert!(vocabulary.contains(line), "lost {line:?}");
    }
    let (code, _, stderr) = run(&["--knowledge", copy.to_str().unwrap(), "check"], "");
    assert_eq!(code, 0, "{stderr}");
    let (tests_after, _) = dialogue_failures(&copy);
    assert!(
        tests_after.iter().all(|f| tests_before.contains(f)),
        "new dialogue failures: {tests_after:?} (before: {tests_before:?})"
    );
}

/// The failing checks of the package's dialogues (`FILE:LINE: expected …`, known gaps aside),
/// and the summary line.
fn dialogue_failures(package: &Path) -> (Vec<String>, String) {
    let (_, stdout, stderr) = run(&["--knowledge", package.to_str().unwrap(), "test"], "");
    let all = format!("{stdout}\n{stderr}");
    let failures = all
        .lines()
        .filter(|l| l.contains(".dialogue:") && l.contains(": expected"))
        .filter(|l| !l.contains("known gap"))
        .map(str::to_string)
        .collect();
    let summary = all
        .lines()
        .find(|l| l.contains(" passed, "))
        .unwrap_or_default()
        .to_string();
    (failures, summary)
}
