//! The crate's stage rule (lib.rs): `stats` imports nothing else of the crate,
//! `input` only `stats`, `model` only `stats` and `input`, `present` only those
//! three; and no two modules import each other, directly or through others.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

fn stage_rank(module: &str) -> usize {
    match module.split("::").next().unwrap_or("") {
        "stats" => 0,
        "input" => 1,
        "model" => 2,
        "present" => 3,
        _ => 4, // the edge: app, output, cli, main
    }
}

/// Module path of a source file: src/model/report.rs → model::report.
fn module_of(file: &Path, src: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "mod" && *p != "lib")
        .collect();
    parts.join("::")
}

/// Every `crate::a::b` path a file names, cut to the module it points into.
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (start, _) in text.match_indices("crate::") {
        let rest = &text[start + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        // The longest prefix of the path that is a module.
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        for n in (1..=segments.len()).rev() {
            let candidate = segments[..n].join("::");
            if modules.contains(&candidate) {
                found.insert(candidate);
                break;
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn each_stage_imports_only_from_the_stages_before_it_and_there_is_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f, &src)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    for file in &files {
        let module = module_of(file, &src);
        // Test modules (`foo/tests.rs`) belong to their parent.
        let owner = module.strip_suffix("::tests").unwrap_or(&module).to_owned();
        // Code only: comments may name any module.
        let text: String = fs::read_to_string(file)
            .unwrap()
            .lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        // `tradeoff::` in the binary's files is the library seen from outside;
        // `super::` is the parent module (of the folder, for a `mod.rs`).
        let is_folder = file.file_name().is_some_and(|n| n == "mod.rs");
        let parent = if is_folder {
            module.rsplit_once("::").map_or("", |p| p.0)
        } else {
            module.rsplit_once("::").map_or("", |p| p.0)
        };
        let text = text
            .replace("tradeoff::", "crate::")
            .replace("super::", &format!("crate::{parent}::"));
        for target in imports(&text, &modules) {
            if target == owner
                || target.starts_with(&format!("{owner}::"))
                || owner.starts_with(&format!("{target}::"))
            {
                continue;
            }
            if stage_rank(&target) > stage_rank(&owner) {
                upward.push(format!("{owner} imports {target}"));
            }
            graph.entry(owner.clone()).or_default().insert(target);
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the pipeline:\n{}",
        upward.join("\n")
    );
    // A cycle is a module reachable from itself.
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = graph[start].iter().collect();
        while let Some(next) = stack.pop() {
            assert!(next != start, "import cycle through {start}");
            if seen.insert(next.clone())
                && let Some(more) = graph.get(next)
            {
                stack.extend(more.iter());
            }
        }
    }
    // The check sees the crate: every stage is present.
    for stage in [
        "stats::sweep",
        "input::context",
        "model::report",
        "present::page",
    ] {
        assert!(modules.contains(stage), "{stage} not found in src/");
    }
}
