//! Counted input (`data.count`, issue 14): a file of (score, label, count) rows gives
//! every number its expanded rows give — counts, rates, AUC, AP, ranges, warnings,
//! overflow, segments, days, calibration, targets, sensitivity, row costs and meeting
//! mode's grid — and the page speaks of cases, not rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde_json::Value;
use tradeoff::app::{ReportRequest, report};

use crate::repo;

/// Runs the report on `context`, returning (page, JSON).
pub(crate) fn run(context: &Path, out: &Path, name: &str) -> (String, Value) {
    let json = out.join(format!("{name}.json"));
    let built = report(&ReportRequest {
        context_file: context.to_owned(),
        output: Some(out.join(format!("{name}.html"))),
        json: Some(json.clone()),
        examples: 10,
        ..ReportRequest::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e:#}", context.display()));
    let value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    (built.html, value)
}

/// Asserts two JSON values are the same: equal keys and text, numbers equal to
/// 1e-12 relative (sums taken in another order may differ in the last bit).
pub(crate) fn assert_same(a: &Value, b: &Value, path: &str) {
    assert_within(a, b, path, 1e-12);
}

/// [`assert_same`] with numbers equal to `tolerance`, relative to the larger (and
/// absolute below 1).
pub(crate) fn assert_within(a: &Value, b: &Value, path: &str, tolerance: f64) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(x), keys(y), "keys differ at {path}");
            for (k, v) in x {
                assert_within(v, &y[k], &format!("{path}.{k}"), tolerance);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "lengths differ at {path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                assert_within(v, w, &format!("{path}[{i}]"), tolerance);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= tolerance * x.abs().max(y.abs()).max(1.0),
                "{path}: {x} against {y}"
            );
        }
        _ => assert_eq!(a, b, "at {path}"),
    }
}

/// The JSON without what describes the input rather than the cases.
pub(crate) fn cases_only(mut json: Value) -> Value {
    json["data"]
        .as_object_mut()
        .unwrap()
        .remove("counted")
        .expect("the JSON says whether the input was counted");
    // Which files were read, with their sizes and checksums.
    json.as_object_mut()
        .unwrap()
        .remove("provenance")
        .expect("the JSON names its inputs");
    json
}

/// Whether a page warns of few positive or negative cases ("only N … cases in the
/// evaluation").
fn few_cases_warning(html: &str) -> bool {
    ["positive", "negative"]
        .iter()
        .any(|class| html.contains(&format!(" {class} cases in the evaluation")))
}

/// The meeting-mode data embedded in a page.
fn meeting_points(html: &str) -> Value {
    let start = html.find(r#"id="meeting-data">"#).unwrap() + r#"id="meeting-data">"#.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    serde_json::json!({ "points": data["points"], "strings": data["strings"] })
}

#[test]
fn aggregated_counts_case_equals_its_expanded_rows() {
    let dir = repo("tests/data/aggregated-counts");
    let out = tempfile::tempdir().unwrap();
    let (expanded_html, expanded) = run(&dir.join("expanded.yaml"), out.path(), "expanded");
    let (aggregated_html, aggregated) = run(&dir.join("aggregated.yaml"), out.path(), "aggregated");
    assert_eq!(aggregated["data"]["counted"]["rows"], 40);
    assert_eq!(aggregated["data"]["rows"], 4400);
    assert_eq!(aggregated["data"]["positives"], 399);
    let strip_title = |mut v: Value| {
        v["title"] = Value::Null;
        v
    };
    assert_same(
        &strip_title(cases_only(expanded.clone())),
        &strip_title(cases_only(aggregated.clone())),
        "",
    );
    // The ranges rest on 399 positives, not Kish's ≈ 10: no false warning.
    for html in [&expanded_html, &aggregated_html] {
        assert!(!few_cases_warning(html), "a few-cases warning on a page");
    }
    assert_eq!(
        meeting_points(&expanded_html),
        meeting_points(&aggregated_html)
    );
    // The page says what a row of counts is.
    assert!(aggregated_html.contains("from 40 rows of counts"));
    assert!(aggregated_html.contains("a count says how many identical cases a row stands for"));
}

#[test]
fn counts_read_as_weights_are_what_the_issue_found() {
    // The same file with its counts given as sampling weights: Kish's n of the 399
    // positives is far smaller, so the ranges widen and a warning appears. This is
    // why `data.count` exists.
    let dir = repo("tests/data/aggregated-counts");
    let out = tempfile::tempdir().unwrap();
    let (_, counted) = run(&dir.join("aggregated.yaml"), out.path(), "counted");
    let (_, weighted) = run(&dir.join("as-weights.yaml"), out.path(), "weighted");
    let width = |v: &Value| {
        let r = &v["operating_points"][0]["per_day_interval"]["flagged"];
        r[1].as_f64().unwrap() - r[0].as_f64().unwrap()
    };
    assert!(width(&weighted) > 5.0 * width(&counted));
    let warnings = weighted["warnings"].to_string();
    assert!(warnings.contains("only 10 positive cases"), "{warnings}");
}

/// One row of the fraud sample, coarsened so rows repeat: score to 0.01, the
/// timestamp to its date, the amount to a multiple of 100.
type Key = (String, i64, String, String, i64);

/// Writes the coarsened fraud sample twice: one row per case, and one row per
/// distinct case with a `count` column; returns the two files.
fn fraud_both_ways(dir: &Path) -> (PathBuf, PathBuf) {
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(repo("samples/fraud/eval.csv")))
        .unwrap()
        .finish()
        .unwrap();
    let text = |name: &str| -> Vec<String> {
        let c = frame.column(name).unwrap().cast(&DataType::String).unwrap();
        c.str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap_or("").to_owned())
            .collect()
    };
    let number = |name: &str| -> Vec<f64> {
        let c = frame
            .column(name)
            .unwrap()
            .cast(&DataType::Float64)
            .unwrap();
        c.f64().unwrap().iter().map(|v| v.unwrap()).collect()
    };
    let (ts, score, label, amount, country) = (
        text("ts"),
        number("score"),
        text("label"),
        number("amount"),
        text("country"),
    );
    let mut expanded = String::from("score,label,day,country,amount\n");
    let mut groups: BTreeMap<Key, usize> = BTreeMap::new();
    for i in 0..ts.len() {
        let key: Key = (
            format!("{:.2}", score[i]),
            label[i].parse().unwrap(),
            ts[i][..10].to_owned(),
            country[i].clone(),
            ((amount[i] / 100.0).round() * 100.0) as i64,
        );
        expanded.push_str(&format!(
            "{},{},{},{},{}\n",
            key.0, key.1, key.2, key.3, key.4
        ));
        *groups.entry(key).or_default() += 1;
    }
    let mut aggregated = String::from("score,label,day,country,amount,count\n");
    for ((s, l, d, c, a), n) in &groups {
        aggregated.push_str(&format!("{s},{l},{d},{c},{a},{n}\n"));
    }
    assert!(groups.len() * 4 < ts.len() * 3, "{} groups", groups.len());
    let (e, a) = (dir.join("expanded.csv"), dir.join("aggregated.csv"));
    std::fs::write(&e, expanded).unwrap();
    std::fs::write(&a, aggregated).unwrap();
    (e, a)
}

#[test]
fn aggregated_fraud_sample_equals_its_expanded_rows() {
    let dir = tempfile::tempdir().unwrap();
    fraud_both_ways(dir.path());
    let context = |file: &str, count: &str| {
        format!(
            "title: Coarsened fraud sample
date: 2026-11-20
data:
  path: {file}
  timestamp: day
  timezone: Europe/Berlin
  segments: [country]
{count}business:
  positive: fraudulent transaction
  negative: valid transaction
  action: sent to manual review
  volume_per_day: 8280
  prevalence: 0.033816425
  capacity_per_day: 500
  costs:
    false_positive: 5
    false_negative: {{ column: amount }}
    true_positive: 5
thresholds:
  current: 0.5
  candidates:
    - {{ name: cautious, threshold: 0.3 }}
  targets:
    max_false_negative_rate: 0.05
    max_flagged_per_day: 500
    min_precision: 0.5
    min_caught_per_day: 270
    min_cost: true
"
        )
    };
    let e = dir.path().join("expanded.yaml");
    let a = dir.path().join("aggregated.yaml");
    std::fs::write(&e, context("expanded.csv", "")).unwrap();
    std::fs::write(&a, context("aggregated.csv", "  count: count\n")).unwrap();
    let (expanded_html, expanded) = run(&e, dir.path(), "expanded");
    let (aggregated_html, aggregated) = run(&a, dir.path(), "aggregated");
    assert_same(
        &cases_only(expanded.clone()),
        &cases_only(aggregated.clone()),
        "",
    );
    // Everything the issue lists is there to compare.
    for key in ["days", "segments", "calibration", "sensitivity"] {
        assert!(
            !expanded[key].as_array().is_some_and(Vec::is_empty),
            "{key}"
        );
    }
    assert!(expanded["business"]["capacity_overflow_share_of_days"].is_f64());
    assert!(expanded["operating_points"].as_array().unwrap().len() >= 6);
    assert_eq!(expanded["warnings"], aggregated["warnings"]);
    assert!(!few_cases_warning(&aggregated_html));
    assert_eq!(
        meeting_points(&expanded_html),
        meeting_points(&aggregated_html)
    );
}
