//! The shape of the workspace, checked like the lint: no module depends on a sibling that depends
//! back on it (features of `market`, files of `model`, and so on at every level), and no source
//! file is longer than 400 lines unless a reason is given here.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 6] = ["model", "market", "app", "server", "bench", "testkit"];
const MAX_LINES: usize = 400;
/// Files allowed to be longer, each with its reason.
const LONG_FILES: [(&str, &str); 0] = [];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` is module `[a, b]`; `lib.rs`, `main.rs` and `mod.rs` name their folder.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .strip_prefix(src)
        .unwrap()
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "main" | "mod")) {
        parts.pop();
    }
    parts
}

/// The code of a file without its unit tests (a test may use anything).
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Every path a `use` tree names: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim_end_matches("::");
        let prefix = if prefix.is_empty() { head.to_owned() } else { format!("{prefix}::{head}") };
        let inner = &tree[open + 1..tree.rfind('}').unwrap()];
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &prefix, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &prefix, out);
    } else if !tree.is_empty() {
        let item = tree.split(" as ").next().unwrap().trim();
        out.push(if prefix.is_empty() { item.to_owned() } else { format!("{prefix}::{item}") });
    }
}

/// The crate-relative paths a file refers to: its `use` trees and any `crate::`, `super::` or
/// `self::` path in its code.
fn references(code: &str, own: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let tree = trimmed.strip_prefix("pub ").or_else(|| trimmed.strip_prefix("pub(crate) ")).unwrap_or(trimmed);
        if let Some(tree) = tree.strip_prefix("use ") {
            let start = offset + (line.len() - tree.len());
            let end = code[start..].find(';').map_or(code.len(), |e| start + e);
            expand(&code[start..end], "", &mut paths);
        }
        offset += line.len();
    }
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).collect();
    paths.extend(
        words
            .iter()
            .filter(|w| w.starts_with("crate::") || w.starts_with("super::") || w.starts_with("self::"))
            .map(|w| w.to_string()),
    );
    paths
        .into_iter()
        .filter_map(|p| {
            let mut parts: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
            let mut base: Vec<String> = match *parts.first()? {
                "crate" => Vec::new(),
                "self" | "super" => own.to_vec(),
                _ => return None,
            };
            if parts[0] == "crate" || parts[0] == "self" {
                parts.remove(0);
            }
            while parts.first() == Some(&"super") {
                parts.remove(0);
                base.pop()?;
            }
            base.extend(parts.iter().map(|s| s.to_string()));
            Some(base)
        })
        .collect()
}

#[test]
fn no_module_depends_on_a_sibling_that_depends_back() {
    let mut cycles = Vec::new();
    for krate in CRATES {
        let src = workspace().join(krate).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_path(&src, f)).collect();
        // An edge between two siblings, for each reference that crosses from one's subtree to the other's.
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for file in &files {
            let own = module_path(&src, file);
            for mut target in references(&code(file), &own) {
                while !target.is_empty() && !modules.contains(&target) {
                    target.pop();
                }
                let common = own.iter().zip(&target).take_while(|(a, b)| a == b).count();
                if common < own.len() && common < target.len() {
                    edges.entry(own[..=common].to_vec()).or_default().insert(target[..=common].to_vec());
                }
            }
        }
        for (from, tos) in &edges {
            for to in tos {
                if from < to && edges.get(to).is_some_and(|back| back.contains(from)) {
                    cycles.push(format!("{krate}: {} <-> {}", from.join("::"), to.join("::")));
                }
            }
        }
        // Longer cycles: a module that reaches itself.
        for start in edges.keys() {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&Vec<String>> = edges[start].iter().collect();
            while let Some(next) = stack.pop() {
                if next == start {
                    cycles.push(format!("{krate}: {} is on a cycle", start.join("::")));
                    break;
                }
                if seen.insert(next.clone()) {
                    stack.extend(edges.get(next).into_iter().flatten());
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_file_is_longer_than_400_lines_without_a_reason() {
    let mut long = Vec::new();
    for krate in CRATES {
        let mut files = Vec::new();
        rust_files(&workspace().join(krate), &mut files);
        for file in files {
            let name = file.strip_prefix(workspace()).unwrap().to_string_lossy().into_owned();
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| *f == name) {
                long.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    // A use tree expands to every path it names, and `super` climbs.
    let mut out = Vec::new();
    expand("crate::{Market, accounts::{self, login}, ideas as i}", "", &mut out);
    assert_eq!(out, ["crate::Market", "crate::accounts::self", "crate::accounts::login", "crate::ideas"]);
    let own = vec!["accounts".to_owned(), "login".to_owned()];
    let refs = references("use super::sessions;\nfn f() { crate::credits::transfer(); }", &own);
    assert!(refs.contains(&vec!["accounts".to_owned(), "sessions".to_owned()]), "{refs:?}");
    assert!(refs.contains(&vec!["credits".to_owned(), "transfer".to_owned()]), "{refs:?}");
}
