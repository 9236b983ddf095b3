//! Where features meet (issue 22): each regression here runs a field case from
//! `tests/data/seams/` (copied from the shared cases, not made by us) and checks the
//! number the cases give, not the one the rows gave.

use std::path::Path;

use serde_json::Value;

use crate::counts::{assert_within, cases_only, run};
use crate::repo;

/// The report JSON of a context in `tests/data/seams/<case>/`.
fn seam(case: &str, context: &str, out: &Path) -> (String, Value) {
    let dir = repo("tests/data/seams").join(case);
    run(&dir.join(context), out, context.trim_end_matches(".yaml"))
}

/// The JSON without its title, what describes the input rows and the provenance.
fn comparable(json: Value) -> Value {
    let mut json = cases_only(json);
    json["title"] = Value::Null;
    json
}

#[test]
fn issue_22_counted_rows_reach_the_release_comparison() {
    let out = tempfile::tempdir().unwrap();
    let (_, cases) = seam("seam-counts-with-baseline", "ctx_cases.yaml", out.path());
    let (counted_html, counted) = seam("seam-counts-with-baseline", "ctx_counted.yaml", out.path());
    // The comparison, the gates and everything else: the same as one row per case.
    assert_within(
        &comparable(cases.clone()),
        &comparable(counted.clone()),
        "",
        1e-9,
    );
    let comparison = &counted["comparison"];
    assert_eq!(comparison["cases"]["rows"], 20000);
    let auc = comparison["roc_auc_difference"]["estimate"]
        .as_f64()
        .unwrap();
    assert!((auc - 0.0620).abs() < 5e-5, "AUC difference {auc}");
    // The issue's "4,477 fewer false alarms a day" on rows; the cases give 395.
    let same_misses = &comparison["matched"][2];
    let false_alarms = same_misses["per_day_difference"]["false_alarms"]
        .as_f64()
        .unwrap();
    assert!(
        (false_alarms + 395.0).abs() < 0.5,
        "false alarms per day {false_alarms}"
    );
    assert!(counted_html.contains("395 fewer") && !counted_html.contains("4,477"));
    let at_capacity = &comparison["matched"][1];
    // The count given as a sampling weight: the same point values (its ranges are
    // Kish's, narrower information, so they differ).
    let (_, weighted) = seam("seam-counts-with-baseline", "ctx_weighted.yaml", out.path());
    let w = &weighted["comparison"];
    for key in ["estimate"] {
        assert_within(
            &w["roc_auc_difference"][key],
            &comparison["roc_auc_difference"][key],
            key,
            1e-9,
        );
    }
    assert_within(
        &w["matched"][1]["per_day_difference"],
        &at_capacity["per_day_difference"],
        "matched[1]",
        1e-9,
    );
}

/// The scores and labels of a Parquet evaluation file.
fn scores_and_labels(file: &Path) -> (Vec<f64>, Vec<i64>) {
    use polars::prelude::*;
    let frame = ParquetReader::new(std::fs::File::open(file).unwrap())
        .finish()
        .unwrap();
    let column = |name: &str, to: DataType| frame.column(name).unwrap().cast(&to).unwrap();
    let scores = column("score", DataType::Float64);
    let labels = column("label", DataType::Int64);
    (
        scores.f64().unwrap().iter().map(Option::unwrap).collect(),
        labels.i64().unwrap().iter().map(Option::unwrap).collect(),
    )
}

/// Writes `scores` (to two decimals, so they repeat) and `labels` as one row per
/// case (`cases.csv`) and as one row per distinct (score, label) with its count
/// (`counted.csv`) into `dir`; returns the number of counted rows.
fn cases_and_counted(dir: &Path, scores: &[f64], labels: &[i64]) -> usize {
    let mut cases = String::from("score,label\n");
    let mut groups: std::collections::BTreeMap<(String, i64), usize> = Default::default();
    for (s, l) in scores.iter().zip(labels) {
        let s = format!("{s:.2}");
        cases.push_str(&format!("{s},{l}\n"));
        *groups.entry((s, *l)).or_default() += 1;
    }
    let mut counted = String::from("score,label,n\n");
    for ((s, l), n) in &groups {
        counted.push_str(&format!("{s},{l},{n}\n"));
    }
    std::fs::write(dir.join("cases.csv"), cases).unwrap();
    std::fs::write(dir.join("counted.csv"), counted).unwrap();
    groups.len()
}

/// Runs `tradeoff monitor` on `context`; returns (stdout, JSON).
fn monitor_json(context: &Path) -> (String, Value) {
    use tradeoff::app::{MonitorRequest, monitor};
    let json = context.with_extension("json");
    let built = monitor(&MonitorRequest {
        context_file: context.to_owned(),
        output: Some(context.with_extension("html")),
        json: Some(json.clone()),
        markdown: None,
    })
    .unwrap_or_else(|e| panic!("{}: {e:#}", context.display()));
    let value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    (built.printed.stdout, value)
}

#[test]
fn issue_22_counted_rows_reach_the_monitors_drift_reference() {
    let case = repo("tests/data/seams/seam-monitor-empty-days");
    let (scores, labels) = scores_and_labels(&case.join("eval.parquet"));
    let dir = tempfile::tempdir().unwrap();
    let rows = cases_and_counted(dir.path(), &scores, &labels);
    assert!(rows * 2 < scores.len(), "{rows} counted rows");
    let context = |file: &str, count: &str| {
        format!(
            "title: Refund-abuse screen, counted
model: refund-abuse 1.3
date: 2026-12-22
data:
  path: {file}
  score: score
  label: label
{count}business:
  positive: abusive refund
  negative: genuine refund
  action: held for a check
  volume_per_day: 1200
  capacity_per_day: 120
thresholds:
  current: 0.5
monitoring:
  production:
    path: {}
    score: score
    timestamp: ts
    id: txn
",
            case.join("production.parquet").display()
        )
    };
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let cases = write("cases.yaml", context("cases.csv", ""));
    let counted = write("counted.yaml", context("counted.csv", "  count: n\n"));
    let (cases_out, cases_json) = monitor_json(&cases);
    let (counted_out, counted_json) = monitor_json(&counted);
    assert_eq!(cases_out, counted_out);
    let drift = |v: &Value| v["monitoring"]["score_drift"].clone();
    assert!(drift(&cases_json).is_object(), "{cases_json}");
    assert_within(&cases_json, &counted_json, "", 1e-9);
}
