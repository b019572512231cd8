//! The layers the architecture promises (ARCHITECTURE.md, "Layers"), checked on the sources:
//! which crate may use which, the order of the core's modules (a module uses only those below
//! it), and no import circle between modules of one folder (a `mod.rs` and its own children
//! aside). A reference is any `crate::…` or `super::…` path, in `use` lines or inline.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::helpers::repo_path;

/// The workspace's crates, each with the communique crates it may depend on.
const CRATES: [(&str, &[&str]); 7] = [
    ("crates/core", &[]),
    ("crates/snapshot", &["communique-core"]),
    ("crates/malay", &["communique-core"]),
    ("crates/ingest", &["communique-core"]),
    ("crates/testkit", &["communique-core"]),
    ("crates/review", &["communique-core", "communique-testkit"]),
    (
        ".",
        &[
            "communique-core",
            "communique-snapshot",
            "communique-malay",
            "communique-ingest",
            "communique-testkit",
            "communique-review",
        ],
    ),
];

/// The core's top-level modules, from the bottom layer up: a module may use those of its own
/// layer's left or of layers below it.
const CORE_LAYERS: [&[&str]; 8] = [
    &["limits", "numbers", "text", "lang", "term", "messages"],
    &["lexicon"],
    &["knowledge"],
    &["reply", "conversation"],
    &["voice", "render"],
    &["engine"],
    &["library", "snapshot"],
    &["lib"],
];

/// A module, as the path of names from its crate's root (`["engine", "rank"]`); the root is `[]`.
type Module = Vec<String>;

/// Every module of the crate whose sources are in `src`, with its file.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut names: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    names.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    names.pop();
                }
                out.insert(names, path);
            }
        }
    }
    out
}

/// The paths `text` refers to through `crate::` and `super::` (comments left out), as module
/// paths from the crate's root; `module` is the referring module, `is_folder` whether its file
/// is a `mod.rs`/`lib.rs` (so `super` is its parent).
fn references(text: &str, module: &Module, is_folder: bool) -> Vec<Vec<String>> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let parent: Module = if is_folder {
        module[..module.len().saturating_sub(1)].to_vec()
    } else {
        module[..module.len() - 1].to_vec()
    };
    let mut out = Vec::new();
    for (marker, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(marker) {
            let before = rest[..at].chars().last();
            rest = &rest[at + marker.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            for path in paths(rest) {
                let mut full = base.clone();
                full.extend(path);
                out.push(full);
            }
        }
    }
    out
}

/// The paths written at the start of `text`: `a::b::c`, or a group `{a, b::c, d::{e, f}}`.
fn paths(text: &str) -> Vec<Vec<String>> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        if let Some(group) = text.strip_prefix('{') {
            return split_group(group)
                .into_iter()
                .flat_map(|item| paths(item.trim()))
                .collect();
        }
        return Vec::new();
    }
    let after = &text[name.len()..];
    match after.strip_prefix("::") {
        Some(more) => {
            let tails = paths(more);
            if tails.is_empty() {
                return vec![vec![name]];
            }
            tails
                .into_iter()
                .map(|tail| std::iter::once(name.clone()).chain(tail).collect())
                .collect()
        }
        None => vec![vec![name]],
    }
}

/// The items of a `{…}` group (its text after the `{`), split at top-level commas.
fn split_group(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0usize, 0, Vec::new());
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&text[start..at]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items
}

/// `text` without its unit tests: from the first `#[cfg(test)]` (or `#[cfg(all(test, …))]`) on,
/// since the test modules close each file and a test may use any module to build its inputs.
fn without_tests(text: &str) -> &str {
    ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()
        .map_or(text, |at| &text[..at])
}

/// The edges between modules of the crate in `src`: (from, to), `to` resolved to the longest
/// module prefix of the path referred to.
fn edges(src: &Path) -> BTreeSet<(Module, Module)> {
    let modules = modules(src);
    let mut out = BTreeSet::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let text = without_tests(&text);
        let is_folder = file
            .file_stem()
            .is_some_and(|s| s == "mod" || s == "lib" || s == "main");
        for path in references(text, module, is_folder) {
            let target = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|prefix| modules.contains_key(prefix));
            if let Some(target) = target
                && target != *module
            {
                out.insert((module.clone(), target));
            }
        }
    }
    out
}

/// The edges between siblings that `edges` make: a reference from `a::x` to `b::y` is one from
/// `a` to `b` where they part; references along one line of descent (a `mod.rs` and its
/// children) are none.
fn sibling_edges(edges: &BTreeSet<(Module, Module)>) -> BTreeSet<(Module, Module)> {
    edges
        .iter()
        .filter_map(|(from, to)| {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            (common < from.len() && common < to.len())
                .then(|| (from[..=common].to_vec(), to[..=common].to_vec()))
        })
        .collect()
}

/// The sibling edges that lie on a circle.
fn circles(siblings: &BTreeSet<(Module, Module)>) -> Vec<String> {
    let reaches = |from: &Module, to: &Module| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(at) = stack.pop() {
            if at == *to {
                return true;
            }
            for (a, b) in siblings {
                if *a == at && seen.insert(b.clone()) {
                    stack.push(b.clone());
                }
            }
        }
        false
    };
    siblings
        .iter()
        .filter(|(a, b)| reaches(b, a))
        .map(|(a, b)| format!("{} -> {}", a.join("::"), b.join("::")))
        .collect()
}

#[test]
fn no_import_circle_between_the_modules_of_a_folder() {
    let mut found = Vec::new();
    for (dir, _) in CRATES {
        let src = repo_path(dir).join("src");
        for circle in circles(&sibling_edges(&edges(&src))) {
            found.push(format!("{dir}: {circle}"));
        }
    }
    assert!(
        found.is_empty(),
        "these references make circles (ARCHITECTURE.md, \"Layers\"):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_core_s_modules_use_only_those_below_them() {
    let src = repo_path("crates/core/src");
    let layer = |name: &str| CORE_LAYERS.iter().position(|l| l.contains(&name));
    let mut found = Vec::new();
    for (from, to) in edges(&src) {
        let from_top = from.first().map_or("lib", String::as_str);
        let to_top = to.first().map_or("lib", String::as_str);
        if from_top == to_top {
            continue;
        }
        let (Some(a), Some(b)) = (layer(from_top), layer(to_top)) else {
            found.push(format!(
                "{from_top} or {to_top} is in no layer of CORE_LAYERS"
            ));
            continue;
        };
        if b > a {
            found.push(format!("{} uses {}", from.join("::"), to.join("::")));
        }
    }
    assert!(
        found.is_empty(),
        "modules of the core using modules above them:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn each_crate_depends_only_on_the_crates_below_it() {
    for (dir, allowed) in CRATES {
        let manifest = std::fs::read_to_string(repo_path(dir).join("Cargo.toml")).unwrap();
        let table: toml::Table = manifest.parse().unwrap();
        let ours: Vec<&String> = ["dependencies", "dev-dependencies"]
            .iter()
            .filter_map(|section| table.get(*section)?.as_table())
            .flat_map(|deps| deps.keys())
            .filter(|name| name.starts_with("communique"))
            .collect();
        for name in ours {
            assert!(
                allowed.contains(&name.as_str()),
                "{dir}/Cargo.toml depends on {name}, which ARCHITECTURE.md's layers do not allow"
            );
        }
    }
}

#[test]
fn the_checker_finds_a_circle_and_paths_in_groups() {
    assert_eq!(
        without_tests("use a;\n#[cfg(test)]\nmod tests { use crate::b; }"),
        "use a;\n"
    );
    assert_eq!(
        paths("{engine::{Decision, Framing}, text::Message};"),
        [
            vec!["engine", "Decision"],
            vec!["engine", "Framing"],
            vec!["text", "Message"]
        ]
    );
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    let edges: BTreeSet<(Module, Module)> = [
        (m("engine::decision"), m("engine::reading")),
        (m("engine::reading"), m("engine::decision")),
        (m("engine::rank"), m("engine")),
    ]
    .into_iter()
    .collect();
    let circles = circles(&sibling_edges(&edges));
    assert_eq!(
        circles,
        [
            "engine::decision -> engine::reading",
            "engine::reading -> engine::decision"
        ]
    );
}

#[test]
fn library_code_returns_typed_errors_not_strings() {
    let mut found = Vec::new();
    for (dir, _) in CRATES {
        for (module, file) in modules(&repo_path(dir).join("src")) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in without_tests(&text).lines().enumerate() {
                let code = line.split("//").next().unwrap_or("").replace(' ', "");
                if code.contains(",String>") && code.contains("Result<") {
                    found.push(format!(
                        "{dir}: {}:{}: {}",
                        module.join("::"),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "errors as strings (use a thiserror type with the cause as its source):\n  {}",
        found.join("\n  ")
    );
}
