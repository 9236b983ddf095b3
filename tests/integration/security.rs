//! Issue 23: nothing a file, a context or a path can turn against the user. Each
//! test is a probe that an outsider (or an accident, a shared folder, a pull
//! request, a hostile export) could run; SECURITY.md lists which promise each keeps.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag};

fn tradeoff() -> Command {
    Command::cargo_bin("tradeoff").unwrap()
}

const EVAL: &str = "score,label\n0.9,1\n0.8,1\n0.7,0\n0.6,1\n0.4,0\n0.3,1\n0.2,0\n0.1,0\n";

/// A report context over `eval.csv`; `extra_business` goes under `business:`.
fn context(extra_business: &str) -> String {
    format!(
        "title: T\ndata:\n  path: eval.csv\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\n{extra_business}thresholds:\n  current: 0.5\n"
    )
}

/// A folder with `eval.csv` and `context.yaml`.
fn folder(context: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eval.csv"), EVAL).unwrap();
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    dir
}

/// A folder for `tradeoff monitor`: evaluation, production, audit and context.
fn monitoring_folder(positive: &str) -> tempfile::TempDir {
    let dir = folder(&format!(
        "title: Small\ndata:\n  path: eval.csv\nbusiness:\n  positive: {positive}\n  negative: valid\n  action: reviewed\n  volume_per_day: 4\n  capacity_per_day: 3\nthresholds:\n  current: 0.5\n  targets:\n    max_false_negative_rate: 0.2\nmonitoring:\n  date: 2026-12-14\n  production: {{ path: production.csv, score: score, timestamp: ts, id: id }}\n  audit: {{ path: audit.csv, id: id, label: label, sampled: {{ flagged: 1.0, not_flagged: 1.0 }} }}\n"
    ));
    let mut production = String::from("id,ts,score\n");
    let mut audit = String::from("id,label\n");
    for i in 0..12 {
        let score = if i % 2 == 0 { 0.9 } else { 0.2 };
        production.push_str(&format!("p{i},2026-12-0{}T12:00:00Z,{score}\n", 1 + i / 4));
        audit.push_str(&format!("p{i},{}\n", u8::from(i % 3 != 1)));
    }
    std::fs::write(dir.path().join("production.csv"), production).unwrap();
    std::fs::write(dir.path().join("audit.csv"), audit).unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

// 1. An output never replaces an input, however the path is spelt.

#[test]
fn issue23_an_output_through_a_missing_folder_cannot_replace_an_input() {
    let dir = folder(&context(""));
    let absolute = dir.path().join("gone/../eval.csv");
    for args in [
        vec!["-o", "exists_not/../eval.csv"],
        vec!["-o", absolute.to_str().unwrap()],
        vec!["-o", "r.html", "--markdown", "x/y/../../context.yaml"],
        vec!["-o", "r.html", "--json", "./a/../eval.csv"],
    ] {
        tradeoff()
            .current_dir(dir.path())
            .arg("report")
            .arg("context.yaml")
            .args(&args)
            .assert()
            .failure()
            .code(1)
            .stderr(predicate::str::contains("an input of this run"));
        assert_eq!(read(dir.path(), "eval.csv"), EVAL, "{args:?}");
        assert!(read(dir.path(), "context.yaml").starts_with("title: T"));
    }
    assert!(
        !dir.path().join("exists_not").exists(),
        "nothing is created"
    );
}

#[test]
fn issue23_a_hard_link_to_an_input_is_the_input() {
    let dir = folder(&context(""));
    std::fs::hard_link(dir.path().join("eval.csv"), dir.path().join("other.csv")).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "other.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("an input of this run"));
    assert_eq!(read(dir.path(), "eval.csv"), EVAL);
}

#[test]
fn issue23_monitor_and_report_outputs_cannot_replace_production_or_the_audit() {
    let dir = monitoring_folder("fraud");
    let audit = read(dir.path(), "audit.csv");
    let production = read(dir.path(), "production.csv");
    tradeoff()
        .current_dir(dir.path())
        .args([
            "monitor",
            "context.yaml",
            "-o",
            "m.html",
            "--json",
            "gone/../audit.csv",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("an input of this run"));
    // The report reads the same context: its outputs may not land on production.
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "production.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("an input of this run"));
    assert_eq!(read(dir.path(), "audit.csv"), audit);
    assert_eq!(read(dir.path(), "production.csv"), production);
}

#[test]
fn issue23_sql_context_cannot_replace_any_file_the_context_names() {
    let dir = monitoring_folder("fraud");
    for target in [
        "eval.csv",
        "x/../production.csv",
        "audit.csv",
        "context.yaml",
    ] {
        let before = read(
            dir.path(),
            Path::new(target).file_name().unwrap().to_str().unwrap(),
        );
        tradeoff()
            .current_dir(dir.path())
            .args([
                "sql",
                "context.yaml",
                "--dialect",
                "duckdb",
                "--context",
                target,
            ])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("an input of this run"));
        let name = Path::new(target).file_name().unwrap().to_str().unwrap();
        assert_eq!(read(dir.path(), name), before, "{target}");
    }
}

// 3. Only a regular file is replaced.

#[test]
fn issue23_an_output_onto_a_fifo_or_a_symbolic_link_is_refused() {
    let dir = folder(&context(""));
    let fifo = dir.path().join("pipe.html");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "pipe.html"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a named pipe"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );
    std::fs::write(dir.path().join("victim.txt"), "keep").unwrap();
    std::os::unix::fs::symlink("victim.txt", dir.path().join("link.html")).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "link.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a symbolic link"));
    let link = std::fs::symlink_metadata(dir.path().join("link.html")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is left as it was");
    assert_eq!(read(dir.path(), "victim.txt"), "keep");
}

/// `is_fifo` through the Unix extension trait, under a name that reads.
trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[test]
fn issue23_a_rewritten_output_keeps_its_mode_and_leaves_no_temporary_file() {
    let dir = folder(&context(""));
    let out = dir.path().join("r.html");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn issue23_one_path_for_two_outputs_is_a_usage_error() {
    let dir = folder(&context(""));
    for args in [
        vec!["-o", "r.html", "--json", "r.html"],
        vec!["-o", "r.html", "--markdown", "x/../r.html"],
        vec!["-o", "reports/r.html", "--json", "./reports/x/../r.html"],
    ] {
        tradeoff()
            .current_dir(dir.path())
            .arg("report")
            .arg("context.yaml")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("name the same file"))
            .stderr(predicate::str::contains("Usage: tradeoff report [OPTIONS]"));
    }
    // The usage line is the subcommand's, not the top level's.
    tradeoff()
        .current_dir(dir.path())
        .args([
            "monitor",
            "context.yaml",
            "-o",
            "m.html",
            "--json",
            "m.html",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o and --json name the same file"))
        .stderr(predicate::str::contains(
            "Usage: tradeoff monitor [OPTIONS]",
        ))
        .stderr(predicate::str::contains("<COMMAND>").not());
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv", "--thresholds", "nan"])
        .assert()
        .code(2);
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv", "--thresholds", "0.5,inf"])
        .assert()
        .code(2);
}

// 2. Markdown safe to post.

/// Every event of `markdown` that is markup user text could have made: HTML,
/// links, images, emphasis, code, strikethrough, maths, footnotes.
fn markup(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Html(t) | Event::InlineHtml(t) => Some(format!("html {t}")),
            // Our own: the inputs' SHA-256 and the context's commit.
            Event::Code(t) if t.len() >= 40 && t.chars().all(|c| c.is_ascii_hexdigit()) => None,
            Event::Code(t) => Some(format!("code {t}")),
            Event::InlineMath(t) | Event::DisplayMath(t) => Some(format!("math {t}")),
            Event::FootnoteReference(t) => Some(format!("footnote {t}")),
            Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => Some(format!("image {dest_url}")),
            Event::Start(Tag::Strikethrough) => Some("strikethrough".to_owned()),
            Event::Start(Tag::HtmlBlock) => Some("html block".to_owned()),
            _ => None,
        })
        .collect()
}

/// Table rows whose cell count differs from their header's.
fn broken_rows(markdown: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let mut expected = 0;
    for line in markdown.lines() {
        if !line.starts_with('|') {
            expected = 0;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        if expected == 0 {
            expected = cells;
        } else if cells != expected {
            broken.push(line.to_owned());
        }
    }
    broken
}

const HOSTILE: &str = "<img src=https://tracker.example/p.gif> <img src=x onerror=alert(1)> <details><summary>x</summary></details> <!-- c --> | @octocat https://evil.example www.evil.example me@evil.example ~~s~~ & [l](https://e.example) ![i](https://e.example/i.png) `c` $m$";

#[test]
fn issue23_report_and_release_markdown_hold_no_markup_from_the_context() {
    let yaml = HOSTILE.replace('"', "\\\"");
    let text = context(&format!(
        "  currency: \"{yaml}\"\n  costs:\n    false_positive: 5\n    false_negative: 100\n"
    ))
    .replace(
        "title: T",
        &format!("title: \"{yaml}\"\nmodel: \"{yaml}\"\nowner: \"{yaml}\""),
    )
    .replace(
        "current: 0.5",
        &format!("current: 0.5\n  candidates:\n    - {{ name: \"{yaml}\", threshold: 0.3 }}"),
    );
    let dir = folder(&text);
    tradeoff()
        .current_dir(dir.path())
        .args([
            "report",
            "context.yaml",
            "-o",
            "r.html",
            "--markdown",
            "r.md",
        ])
        .assert()
        .success();
    let markdown = read(dir.path(), "r.md");
    assert_eq!(markup(&markdown), Vec::<String>::new(), "{markdown}");
    assert_eq!(broken_rows(&markdown), Vec::<String>::new(), "{markdown}");
    assert!(!markdown.contains("@octocat"), "a mention would notify");
    assert!(!markdown.contains("https:"), "a bare URL would link");
    assert!(!markdown.contains("www.evil"), "a bare URL would link");
}

#[test]
fn issue23_monitor_markdown_holds_no_markup_from_the_context() {
    let yaml = HOSTILE.replace('"', "\\\"");
    let dir = monitoring_folder(&format!("{{ one: \"{yaml}\", other: \"{yaml}\" }}"));
    tradeoff()
        .current_dir(dir.path())
        .args([
            "monitor",
            "context.yaml",
            "-o",
            "m.html",
            "--markdown",
            "m.md",
        ])
        .assert()
        .success();
    let markdown = read(dir.path(), "m.md");
    assert!(
        markdown.contains("Miss at most"),
        "the advice line is there: {markdown}"
    );
    assert_eq!(markup(&markdown), Vec::<String>::new(), "{markdown}");
    assert_eq!(broken_rows(&markdown), Vec::<String>::new(), "{markdown}");
    assert!(!markdown.contains("@octocat") && !markdown.contains("https:"));
    assert!(markdown.contains("\\~\\~s\\~\\~") && markdown.contains(" \\& "));
}

// 5. SQL: one statement per header.

#[test]
fn issue23_a_line_break_in_a_column_name_cannot_forge_an_sql_header() {
    let forged = "score\\n;\\n-- tradeoff: evil\\nCOPY (SELECT 1) TO '/tmp/owned.csv'";
    let dir = folder(&context("").replace(
        "  path: eval.csv\n",
        &format!("  path: eval.csv\n  score: \"{forged}\"\n"),
    ));
    for args in [
        vec!["--dialect", "duckdb"],
        vec!["--dialect", "spark", "--table", "t"],
        vec!["--dialect", "bigquery", "--table", "t"],
    ] {
        let output = tradeoff()
            .current_dir(dir.path())
            .args(["sql", "context.yaml"])
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("line break"))
            .get_output()
            .clone();
        assert!(!String::from_utf8_lossy(&output.stdout).contains("-- tradeoff: evil"));
    }
    // The same through --table and through a label value.
    let dir = folder(&context(""));
    tradeoff()
        .current_dir(dir.path())
        .args([
            "sql",
            "context.yaml",
            "--dialect",
            "trino",
            "--table",
            "s.t\n-- tradeoff: evil",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line break"));
}

// 6. The repository's own programs never run.

#[test]
fn issue23_provenance_runs_no_fsmonitor_of_the_repository() {
    let dir = folder(&context(""));
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !git(&["init", "-q"]) {
        eprintln!("SKIPPED: git is not available");
        return;
    }
    assert!(git(&["add", "context.yaml", "eval.csv"]));
    assert!(git(&["commit", "-q", "-m", "one"]));
    let marker = dir.path().join("fsmonitor-ran");
    let command = format!("touch '{}'; false", marker.display());
    assert!(git(&["config", "core.fsmonitor", &command]));
    std::fs::write(
        dir.path().join("context.yaml"),
        context("").replace("T", "U"),
    )
    .unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success();
    assert!(!marker.exists(), "the repository's fsmonitor ran");
    assert!(read(dir.path(), "r.html").contains("uncommitted changes"));
}

// 7. Terminal output and pages are inert.

#[test]
fn issue23_control_sequences_from_data_never_reach_the_terminal() {
    // A class name that would retitle the terminal and clear it.
    let dir = folder(&context("").replace(
        "positive: fraud",
        "positive: \"fraud\\e]0;owned\\a\\e[2J\\x9b31m\"",
    ));
    let output = tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success()
        .get_output()
        .clone();
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{text:?}");
    }
    assert!(String::from_utf8_lossy(&output.stdout).contains("\\u{1b}"));
    // An error naming a column from the context.
    let dir = folder(&context("").replace(
        "  path: eval.csv\n",
        "  path: eval.csv\n  score: \"sc\\e]0;owned\\a\\u202Eore\"\n",
    ));
    let output = tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
}

#[test]
fn issue23_bidirectional_overrides_do_not_reach_the_page() {
    let dir = folder(&context("").replace("title: T", "title: \"invoice\\u202Efdp.exe\""));
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success();
    let html = read(dir.path(), "r.html");
    assert!(!html.contains('\u{202e}'));
    assert!(html.contains("invoice\u{fffd}fdp.exe"));
}

// 8. Resources: bounded time on every input, and only files are read.

#[test]
fn issue23_devices_folders_and_link_loops_are_refused_before_reading() {
    let dir = folder(&context(""));
    let a = dir.path().join("loop-a.csv");
    let b = dir.path().join("loop-b.csv");
    std::os::unix::fs::symlink(&a, &b).unwrap();
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
    for (path, said) in [
        ("/dev/zero", "a device"),
        ("folder.csv", "a folder"),
        ("loop-a.csv", "loop of symbolic links"),
    ] {
        std::fs::write(
            dir.path().join("context.yaml"),
            context("").replace("path: eval.csv", &format!("path: {path}")),
        )
        .unwrap();
        let start = Instant::now();
        tradeoff()
            .current_dir(dir.path())
            .args(["report", "context.yaml", "-o", "r.html"])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(said));
        assert!(start.elapsed() < Duration::from_secs(10), "{path}");
    }
    // The context itself.
    for (path, said) in [("/dev/zero", "a device"), (".", "a folder")] {
        tradeoff()
            .current_dir(dir.path())
            .args(["report", path, "-o", "r.html"])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(said));
    }
}

#[test]
fn issue23_deeply_nested_yaml_is_refused_at_once() {
    let dir = folder(&context(""));
    for nested in [
        "[".repeat(100_000),
        format!("a:\n{}x\n", "- ".repeat(100_000)),
    ] {
        std::fs::write(dir.path().join("deep.yaml"), &nested).unwrap();
        let start = Instant::now();
        tradeoff()
            .current_dir(dir.path())
            .args(["report", "deep.yaml", "-o", "r.html"])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("nests deeper than"));
        assert!(start.elapsed() < Duration::from_secs(3));
    }
    // A context of many megabytes is refused before parsing.
    std::fs::write(
        dir.path().join("big.yaml"),
        format!("{}# {}\n", context(""), "x".repeat(2 << 20)),
    )
    .unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "big.yaml", "-o", "r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("larger than"));
}

// 9. Clear messages.

#[test]
fn issue23_carriage_return_line_endings_get_a_clear_error() {
    let dir = folder(&context(""));
    std::fs::write(dir.path().join("eval.csv"), EVAL.replace('\n', "\r")).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("carriage return alone"));
}

#[test]
fn issue23_a_misspelt_column_among_100000_gives_a_short_message() {
    let dir =
        folder(&context("").replace("  path: eval.csv\n", "  path: eval.csv\n  score: scroe\n"));
    let mut csv: Vec<String> = (0..100_000).map(|i| format!("column_{i}")).collect();
    csv.push("score".to_owned());
    csv.push("label".to_owned());
    let mut text = csv.join(",");
    text.push('\n');
    let mut row = vec!["0"; 100_000].join(",");
    row.push_str(",0.5,1\n");
    text.push_str(&row);
    std::fs::write(dir.path().join("eval.csv"), text).unwrap();
    let output = tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `score`"))
        .stderr(predicate::str::contains("and 99972 more"))
        .get_output()
        .clone();
    assert!(output.stderr.len() < 4096, "{} bytes", output.stderr.len());
}

#[test]
fn issue23_a_csv_without_line_breaks_is_refused_in_linear_time() {
    let dir = folder(&context(""));
    let mut one_line = b"score,label,".to_vec();
    one_line.resize(24 << 20, b'x');
    std::fs::write(dir.path().join("eval.csv"), &one_line).unwrap();
    let start = Instant::now();
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv"])
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 1 runs past 8 MiB"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // A row of 20 MiB after ordinary ones.
    let mut text = b"score,label,note\n0.5,1,a\n0.4,0,".to_vec();
    text.resize(text.len() + (20 << 20), b'y');
    text.extend_from_slice(b"\n0.3,1,b\n");
    std::fs::write(dir.path().join("eval.csv"), &text).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv"])
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 3 runs past 8 MiB"));
}

#[test]
fn issue23_all_segment_values_lists_at_most_100000_a_column() {
    let dir = folder(&context("").replace(
        "  path: eval.csv\n",
        "  path: eval.csv\n  segments: [seg]\n",
    ));
    let mut csv = String::from("score,label,seg\n");
    for i in 0..100_003 {
        csv.push_str(&format!("0.{:06},{},v{i}\n", (i * 7919) % 1_000_000, i % 2));
    }
    std::fs::write(dir.path().join("eval.csv"), csv).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args([
            "report",
            "context.yaml",
            "-o",
            "r.html",
            "--json",
            "r.json",
            "--all-segment-values",
        ])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let segment = &json["segments"][0];
    assert_eq!(segment["rows"].as_array().unwrap().len(), 100_000);
    assert_eq!(segment["other"]["values"], 3);
}
