//! The documentation held to the code, with no network: every internal link and
//! `#anchor` of the README, CONTRIBUTING, SECURITY and `docs/` resolves; every page
//! of the guide is in its table of contents; every key of the context's JSON Schema
//! appears in the context reference; the README's quick-start context runs; and every
//! documentation path that an error message or `--help` names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::repo;

/// The pulldown-cmark options the guide is written for (GitHub's and mdBook's).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The markdown files whose links are checked, as repository paths.
fn markdown_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "SECURITY.md"]
        .into_iter()
        .map(repo)
        .filter(|p| p.is_file())
        .collect();
    let mut folders = vec![repo("docs")];
    while let Some(folder) = folders.pop() {
        // The built book is output, not source.
        if folder == repo("docs/book") {
            continue;
        }
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A heading's anchor by the rule GitHub and mdBook share: lower case, letters,
/// digits, `_` and `-` kept, each space a `-`, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// A markdown file's links (destination as written) and its headings' anchors; a
/// repeated heading gets `-1`, `-2`, … as on GitHub and in mdBook.
fn links_and_anchors(text: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut links = Vec::new();
    let mut anchors = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, words)) = heading.take() {
                    let base = id.unwrap_or_else(|| slug(&words));
                    let n = seen.entry(base.clone()).or_insert(0);
                    anchors.insert(if *n == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{n}")
                    });
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    (links, anchors)
}

fn is_external(link: &str) -> bool {
    link.contains("://") || link.starts_with("mailto:")
}

/// Every broken internal link of the markdown files, as "file: link (why)".
fn broken_links(files: &[PathBuf]) -> Vec<String> {
    let mut anchors_of: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut links_of: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let (links, anchors) = links_and_anchors(&text);
        anchors_of.insert(file.clone(), anchors);
        links_of.insert(file.clone(), links);
    }
    let book = repo("docs/src");
    let mut broken = Vec::new();
    for (file, links) in &links_of {
        let name = file.strip_prefix(repo("")).unwrap_or(file).display();
        for link in links.iter().filter(|l| !is_external(l)) {
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                normalise(&file.parent().unwrap().join(path))
            };
            if !target.exists() {
                broken.push(format!("{name}: {link} (no file {})", target.display()));
                continue;
            }
            let is_markdown = target.extension().is_some_and(|e| e == "md");
            // mdBook turns links to pages into links to HTML pages: a page of the
            // book may only link to pages inside the book.
            if file.starts_with(&book) && is_markdown && !target.starts_with(&book) {
                broken.push(format!(
                    "{name}: {link} (a page outside docs/src: the built book has no such page)"
                ));
            }
            if !fragment.is_empty() && is_markdown {
                let anchors = match anchors_of.get(&target) {
                    Some(a) => a.clone(),
                    None => links_and_anchors(&std::fs::read_to_string(&target).unwrap()).1,
                };
                if !anchors.contains(fragment) {
                    broken.push(format!(
                        "{name}: {link} (no heading with anchor #{fragment} in {}; it has {})",
                        target.display(),
                        anchors.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
    }
    broken
}

/// `a/b/../c` as `a/c`, without touching the filesystem.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let files = markdown_files();
    assert!(files.contains(&repo("README.md")));
    assert!(files.contains(&repo("docs/src/SUMMARY.md")));
    let broken = broken_links(&files);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_finds_a_broken_file_and_a_broken_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        dir.path().join("other.md"),
        "# Other page\n\n## Its `code` part: two\n",
    )
    .unwrap();
    std::fs::write(
        &page,
        "# Page\n\n[ok](other.md#its-code-part-two) [here](#page) [web](https://example.com/x#y)\n\
         [gone](missing.md) [bad anchor](other.md#nope) [self](#nowhere)\n\n```md\n[not a link](in-code.md)\n```\n",
    )
    .unwrap();
    let broken = broken_links(&[page, dir.path().join("other.md")]);
    assert_eq!(broken.len(), 3, "{broken:#?}");
    assert!(broken[0].contains("missing.md"), "{broken:#?}");
    assert!(broken[1].contains("#nope"), "{broken:#?}");
    assert!(broken[2].contains("#nowhere"), "{broken:#?}");
}

#[test]
fn anchors_follow_the_github_and_mdbook_rule() {
    let (_, anchors) = links_and_anchors(
        "# After launch: `tradeoff monitor`\n## What `--resolution R` changes\n## Ranges\n## Ranges\n## Set-up: two commands\n## Named {#custom}\n",
    );
    let expected: BTreeSet<String> = [
        "after-launch-tradeoff-monitor",
        "what---resolution-r-changes",
        "ranges",
        "ranges-1",
        "set-up-two-commands",
        "custom",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(anchors, expected);
}

#[test]
fn every_page_of_the_guide_is_in_its_table_of_contents() {
    let summary = std::fs::read_to_string(repo("docs/src/SUMMARY.md")).unwrap();
    let (links, _) = links_and_anchors(&summary);
    let listed: BTreeSet<PathBuf> = links
        .iter()
        .map(|l| normalise(&repo("docs/src").join(l)))
        .collect();
    let missing: Vec<String> = markdown_files()
        .into_iter()
        .filter(|f| f.starts_with(repo("docs/src")) && *f != repo("docs/src/SUMMARY.md"))
        .filter(|f| !listed.contains(f))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "pages mdBook would not build (add them to docs/src/SUMMARY.md): {missing:?}"
    );
}

/// Every key of a JSON Schema, dotted (`business.volume_per_day`), items of a list
/// marked `[]` (`thresholds.candidates[].name`): properties walked recursively,
/// `$ref` resolved into `$defs` (or `definitions`), `anyOf` / `oneOf` / `allOf`
/// alternatives walked at the same path; a `$ref` already being walked is not
/// entered again.
fn schema_keys(schema: &Value) -> BTreeSet<String> {
    fn walk(
        root: &Value,
        node: &Value,
        prefix: &str,
        stack: &mut Vec<String>,
        keys: &mut BTreeSet<String>,
    ) {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let name = reference
                .strip_prefix("#/$defs/")
                .or_else(|| reference.strip_prefix("#/definitions/"))
                .unwrap_or_else(|| panic!("only local $refs are resolved: {reference}"));
            if !stack.iter().any(|s| s == name) {
                let target = root
                    .get("$defs")
                    .or_else(|| root.get("definitions"))
                    .and_then(|d| d.get(name))
                    .unwrap_or_else(|| panic!("$ref {reference} names no definition"));
                stack.push(name.to_owned());
                walk(root, target, prefix, stack, keys);
                stack.pop();
            }
        }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            for alternative in node
                .get(combinator)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                walk(root, alternative, prefix, stack, keys);
            }
        }
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            for (name, sub) in properties {
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                keys.insert(path.clone());
                walk(root, sub, &path, stack, keys);
            }
        }
        if let Some(items) = node.get("items").filter(|i| i.is_object()) {
            walk(root, items, &format!("{prefix}[]"), stack, keys);
        }
    }
    let mut keys = BTreeSet::new();
    walk(schema, schema, "", &mut Vec::new(), &mut keys);
    keys
}

/// The keys of `keys` that the reference page does not show as `` `key` ``.
fn keys_missing_from(reference: &str, keys: &BTreeSet<String>) -> Vec<String> {
    keys.iter()
        .filter(|k| !reference.contains(&format!("`{k}`")))
        .cloned()
        .collect()
}

#[test]
fn the_schema_walker_finds_every_key_of_the_fixture() {
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/data/docs/context-schema-fixture.json")).unwrap(),
    )
    .unwrap();
    let keys = schema_keys(&fixture);
    let expected: BTreeSet<String> = [
        "title",
        "date",
        "data",
        "data.path",
        "data.segments",
        "data.summary",
        "data.summary.resolution",
        "data.summary.segments",
        "business",
        "business.volume_per_day",
        "business.positive",
        "business.positive.one",
        "business.positive.other",
        "business.costs",
        "business.costs.false_negative",
        "business.costs.false_negative.column",
        "thresholds",
        "thresholds.current",
        "thresholds.candidates",
        "thresholds.candidates[].name",
        "thresholds.candidates[].threshold",
        "baseline",
        "baseline.name",
        "baseline.replaced_by",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(keys, expected);
    // The fixture's keys are real keys of the context, bar the cycle's: the
    // reference has them all, and the check names what it lacks.
    let reference = std::fs::read_to_string(repo("docs/src/reference/context.md")).unwrap();
    assert_eq!(
        keys_missing_from(&reference, &keys),
        vec!["baseline.replaced_by".to_owned()]
    );
}

#[test]
fn every_key_of_the_context_schema_is_in_the_reference() {
    let schema_file = repo("docs/schemas/context.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_file).unwrap()).unwrap();
    let keys = schema_keys(&schema);
    assert!(keys.contains("business.volume_per_day"), "{keys:?}");
    let reference = std::fs::read_to_string(repo("docs/src/reference/context.md")).unwrap();
    let missing = keys_missing_from(&reference, &keys);
    assert!(
        missing.is_empty(),
        "keys of docs/schemas/context.schema.json missing from docs/src/reference/context.md (add a row for each, written as `key`): {missing:?}"
    );
}

/// The first fenced block of `language` in a markdown text.
fn first_block(text: &str, language: &str) -> Option<String> {
    let mut inside = false;
    let mut block = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if info.as_ref() == language =>
            {
                inside = true;
            }
            Event::Text(t) if inside => block.push_str(&t),
            Event::End(TagEnd::CodeBlock) if inside => return Some(block),
            _ => {}
        }
    }
    None
}

#[test]
fn the_readme_quick_start_context_runs_on_a_csv() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    assert!(
        readme.lines().count() <= 200,
        "the README should fit on a screen or two: move detail into docs/src/"
    );
    let context = first_block(&readme, "yaml").expect("the README has a yaml block");
    assert!(
        context.lines().count() <= 12,
        "the quick-start context should stay about ten lines:\n{context}"
    );
    // The guide's getting-started page shows the same context.
    let guide = std::fs::read_to_string(repo("docs/src/getting-started.md")).unwrap();
    assert_eq!(
        first_block(&guide, "yaml").as_deref(),
        Some(context.as_str())
    );
    // Put a CSV with `score` and `label` columns where the context says.
    let parsed: serde_norway::Value = serde_norway::from_str(&context).unwrap();
    let data_path = parsed["data"]["path"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo("tests/data/breast_cancer.csv"),
        dir.path().join(data_path),
    )
    .unwrap();
    let context_file = dir.path().join("context.yaml");
    std::fs::write(&context_file, &context).unwrap();
    let out = Command::cargo_bin("tradeoff")
        .unwrap()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "--json", "r.json"])
        .assert()
        .success();
    let headline = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(headline.contains("With threshold 0.50"), "{headline}");
    assert!(headline.contains("customers who leave"), "{headline}");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        !stderr.contains("business.positive") && !stderr.contains("business.negative"),
        "the quick start should draw no warning about its own keys: {stderr}"
    );
    let folder = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        dir.path().join(format!("reports/{folder}.html")).is_file(),
        "the README says the page goes to reports/<folder>.html"
    );
}

/// Every `docs/….md` (or `.json`) path named in a text, a trailing full stop dropped.
fn doc_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("docs/") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_./-".contains(c)))
            .unwrap_or(tail.len());
        let path = tail[..end].trim_end_matches('.');
        if path.ends_with(".md") || path.ends_with(".json") {
            paths.push(path.to_owned());
        }
        rest = &tail[end..];
    }
    paths
}

#[test]
fn documentation_named_by_the_code_exists() {
    let mut files = vec![repo("src")];
    let mut named = Vec::new();
    let mut stale = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in doc_paths(&text) {
            if !repo(&doc).is_file() {
                stale.push(format!("{}: {doc}", path.display()));
            }
            named.push(doc);
        }
        for outside in [
            "PRODUCT.md",
            "in the README",
            "README's",
            "the schema in the",
        ] {
            if text.contains(outside) {
                stale.push(format!(
                    "{}: points at {outside:?}, which holds no such documentation: name a page under docs/",
                    path.display()
                ));
            }
        }
    }
    assert!(
        named.iter().any(|d| d == "docs/src/reference/context.md"),
        "the context's errors name the reference: {named:?}"
    );
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn a_bad_context_points_at_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("c.yaml");
    std::fs::write(&context, "title: T\ndata: { path: e.csv }\n").unwrap();
    let out = Command::cargo_bin("tradeoff")
        .unwrap()
        .arg("report")
        .arg(&context)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("missing field"), "{stderr}");
    assert!(stderr.contains("business.action"), "{stderr}");
    assert!(stderr.contains("thresholds.current"), "{stderr}");
    let pointed = doc_paths(&stderr);
    assert_eq!(pointed, ["docs/src/reference/context.md"], "{stderr}");
    assert!(repo(&pointed[0]).is_file());
}

#[test]
fn help_ends_with_where_the_guide_is() {
    for args in [
        vec!["--help"],
        vec!["report", "--help"],
        vec!["sweep", "--help"],
        vec!["sql", "--help"],
        vec!["monitor", "--help"],
    ] {
        let out = Command::cargo_bin("tradeoff")
            .unwrap()
            .args(&args)
            .assert()
            .success();
        let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let last = help
            .trim_end()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned();
        let paths = doc_paths(&last);
        assert!(
            paths.iter().any(|p| p == "docs/src/SUMMARY.md"),
            "`tradeoff {}` should end with the guide's location; it ends with: {last}",
            args.join(" ")
        );
        for path in paths {
            assert!(
                repo(&path).is_file(),
                "{path} named by `tradeoff {}`",
                args.join(" ")
            );
        }
    }
}
