//! The equivalence harness (issue 22): the same cases presented every way a user
//! can present them must give the same JSON, number for number (1e-9), for
//! `tradeoff report`, the release review and `tradeoff monitor`. A bug where two
//! features meet — counts and a baseline, ids written two ways, a timestamp stored
//! as text on an engine in another time zone — shows here as one number that
//! differs.
//!
//! Presentations, and the cases each test covers:
//! - `engines_summaries_equal_the_raw_report_for_every_presentation`: the 5,000
//!   rows of `seam-sql-null-scores` (NULL and NaN scores, NULL labels, segments,
//!   days in Berlin) with its timestamps native, as ISO text with `Z`, with an
//!   offset, as PostgreSQL's `+00`, as naive text, as Unix seconds and
//!   milliseconds, and its labels as a BOOLEAN column: each raw file, and each
//!   through DuckDB's and Spark's summary (sessions in America/New_York), against
//!   the raw native report under `--drop-invalid`.
//! - the rest (no engine needed) in `equivalence/`: one row per case, counted rows,
//!   weighted by the count; CSV, Parquet, NDJSON; ids as integers, text, `1007.0`
//!   and zero-padded — on scikit-learn's breast-cancer set (569 cases, two
//!   models), random frames (proptest) and the monitor's empty-days case.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tradeoff::app::{self, ReportRequest, SqlCommand};
use tradeoff::present::export::sql::Dialect;

use crate::engines::{assert_equal, engines_python};
use crate::repo;

/// `tradeoff report --drop-invalid` on `context`: its JSON.
fn report_json(context: &Path) -> Value {
    let out = context.with_extension("json");
    app::report(&ReportRequest {
        context_file: context.to_owned(),
        output: Some(context.with_extension("html")),
        json: Some(out.clone()),
        examples: 10,
        drop_invalid: true,
        ..ReportRequest::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e:#}", context.display()));
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

/// Asserts `other` is `reference`, number for number, what describes the input
/// aside; `label` names the presentation when it is not.
fn assert_same_report(reference: &Value, other: &Value, label: &str) {
    eprintln!("comparing {label}");
    assert_equal(reference, other, "");
}

/// The timestamp and label presentations `tests/engines/presentations.py` writes.
const PRESENTATIONS: [&str; 9] = [
    "native",
    "text_z",
    "text_offset",
    "text_pg",
    "text_naive",
    "epoch_s",
    "epoch_ms",
    "native_s",
    "label_bool",
];

#[test]
fn engines_summaries_equal_the_raw_report_for_every_presentation() {
    let Some(python) = engines_python() else {
        return;
    };
    let case = repo("tests/data/seams/seam-sql-null-scores");
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let made = Command::new(&python)
        .arg(repo("tests/engines/presentations.py"))
        .arg(case.join("eval.parquet"))
        .arg("ts")
        .arg(dir)
        .status()
        .unwrap();
    assert!(made.success());
    let context = std::fs::read_to_string(case.join("ctx.yaml")).unwrap();
    let contexts: Vec<(&str, std::path::PathBuf)> = PRESENTATIONS
        .iter()
        .map(|name| {
            let path = dir.join(format!("{name}.yaml"));
            let text = context.replace("path: eval.parquet", &format!("path: {name}.parquet"));
            std::fs::write(&path, text).unwrap();
            (*name, path)
        })
        .collect();
    let reference = report_json(&contexts[0].1);
    let cases = reference["data"]["rows"].as_u64().unwrap();
    assert!(cases > 4000, "{cases} cases");
    // Each raw file gives the native file's report.
    for (name, path) in &contexts[1..] {
        assert_same_report(&reference, &report_json(path), &format!("raw {name}"));
    }
    // Each engine's summary of each file gives it too.
    for (dialect, engine) in [(Dialect::Duckdb, "duckdb"), (Dialect::Spark, "spark")] {
        let mut pairs = Vec::new();
        for (name, path) in &contexts {
            let out = dir.join(format!("{engine}-{name}"));
            let printed = app::sql(&SqlCommand {
                context_file: path.clone(),
                dialect,
                table: None,
                context_output: Some(out.join("context.yaml")),
                resolution: None,
                examples: 10,
            })
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
            let sql = dir.join(format!("{engine}-{name}.sql"));
            std::fs::write(&sql, printed.stdout).unwrap();
            pairs.push((name, sql, out));
        }
        // The SQL names the data file relative to the context's folder.
        let output = Command::new(&python)
            .current_dir(dir)
            .arg(repo("tests/engines/run_sql.py"))
            .arg(engine)
            .args(
                pairs
                    .iter()
                    .flat_map(|(_, sql, out)| [sql.as_os_str(), out.as_os_str()]),
            )
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{engine} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for (name, _, out) in &pairs {
            let summary = report_json(&out.join("context.yaml"));
            assert_same_report(&reference, &summary, &format!("{engine} {name}"));
        }
    }
    println!(
        "equivalence: {cases} valid cases of {} rows, {} presentations, raw and through DuckDB and Spark",
        5000,
        PRESENTATIONS.len()
    );
}
