//! Real evaluation exports through the command line (issue 11): what the report
//! and the sweep print for each kind of export, and the exit code and message of
//! each refusal.

use predicates::prelude::*;
use serde_json::Value;

use crate::inputs::{entry, input};
use crate::tradeoff;

/// A context for `data` (a file of tests/data/input) with extra `data:` lines.
fn context(data: &str, extra: &str, current: f64) -> String {
    format!(
        "title: T\ndate: 2026-01-15\ndata:\n  path: {}\n{extra}business:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: {current}\n",
        input(data).display()
    )
}

/// Runs `tradeoff report` on `yaml`; returns the assertion, the page and the JSON.
fn report(yaml: &str, args: &[&str]) -> (assert_cmd::assert::Assert, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    let assert = tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html", "--json", "r.json"])
        .args(args)
        .assert();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap_or_default();
    let json = std::fs::read_to_string(dir.path().join("r.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    (assert, html, json)
}

fn counts_at(json: &Value, name: &str) -> (u64, u64, u64, u64) {
    let p = json["operating_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap();
    let n = |k: &str| p[k].as_f64().unwrap() as u64;
    (n("tp"), n("fp"), n("tn"), n("fn"))
}

fn oracle_counts(name: &str, threshold: f64) -> (u64, u64, u64, u64) {
    let e = entry(name);
    let c = e["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["threshold"].as_f64() == Some(threshold))
        .unwrap()
        .clone();
    let n = |k: &str| c[k].as_f64().unwrap() as u64;
    (n("tp"), n("fp"), n("tn"), n("fn"))
}

#[test]
fn issue_11_case_1_decimal_columns_load() {
    let (assert, _, json) = report(&context("decimal_amount_unused.parquet", "", 0.5), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("decimal column unused", 0.5)
    );
    let (assert, _, json) = report(&context("decimal_score.parquet", "", 0.5), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("decimal scores", 0.5)
    );
}

#[test]
fn issue_11_case_2_float32_scores_at_the_threshold_are_flagged() {
    let (assert, html, json) = report(&context("float32_scores.parquet", "", 0.7), &[]);
    assert.success();
    // 148 positives and 352 negatives; numpy: 74 and 39 flagged.
    assert_eq!(counts_at(&json, "current"), (74, 39, 352 - 39, 148 - 74));
    // No example reads as the threshold and "not flagged".
    let page = scraper::Html::parse_document(&html);
    let rows = scraper::Selector::parse("#examples tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let mut seen = 0;
    for row in page.select(&rows) {
        let texts: Vec<String> = row.select(&cell).map(|c| c.text().collect()).collect();
        if texts.iter().any(|t| t.parse::<f64>() == Ok(0.7)) {
            seen += 1;
            assert!(
                texts.iter().any(|t| t == "flagged"),
                "a score of 0.7 shown as not flagged: {texts:?}"
            );
        }
    }
    assert!(seen > 0, "the borderline list shows scores of 0.7");
    // A threshold with more digits is rounded to float32 first, as numpy does.
    tradeoff()
        .args(["sweep"])
        .arg(input("float32_scores.parquet"))
        .args(["--thresholds", "0.70000001,0.7000001", "--format", "csv"])
        .assert()
        .success()
        .stdout(format!(
            "threshold,tp,fp,tn,fn\n0.7,{},{},{},{}\n0.7000001,{},{},{},{}\n",
            oracle_counts("float32 scores", 0.70000001).0,
            oracle_counts("float32 scores", 0.70000001).1,
            oracle_counts("float32 scores", 0.70000001).2,
            oracle_counts("float32 scores", 0.70000001).3,
            oracle_counts("float32 scores", 0.7000001).0,
            oracle_counts("float32 scores", 0.7000001).1,
            oracle_counts("float32 scores", 0.7000001).2,
            oracle_counts("float32 scores", 0.7000001).3,
        ));
}

#[test]
fn issue_11_case_3_epoch_times_of_every_unit_give_the_same_days() {
    let days = &entry("epoch days")["days"];
    let expected = (
        days["days"].as_u64().unwrap() as usize,
        days["first"].as_str().unwrap().to_owned(),
        days["last"].as_str().unwrap().to_owned(),
    );
    for file in [
        "epoch_s.parquet",
        "epoch_ms.parquet",
        "epoch_us.parquet",
        "epoch_ns.parquet",
        "epoch_float_s.parquet",
        "epoch_s.csv",
        "epoch_ms.ndjson",
        "timestamp_new_york.parquet",
    ] {
        let (assert, _, json) = report(&context(file, "  timestamp: ts\n", 0.5), &[]);
        assert
            .success()
            .stderr(predicate::str::contains("1990").not());
        let days = json["days"].as_array().unwrap();
        let got = (
            days.len(),
            days[0]["date"].as_str().unwrap().to_owned(),
            days[days.len() - 1]["date"].as_str().unwrap().to_owned(),
        );
        assert_eq!(got, expected, "{file}");
    }
    // Told the unit, it is used — here a wrong one, and the warnings say so.
    let (assert, _, json) = report(
        &context(
            "epoch_s.parquet",
            "  timestamp: ts\n  timestamp_unit: ms\n",
            0.5,
        ),
        &[],
    );
    assert.success().stderr(
        predicate::str::contains("the evaluation period starts on 21 Jan 1970, before 1990")
            .and(predicate::str::contains("all fall within 20 minutes"))
            .and(predicate::str::contains("data.timestamp_unit")),
    );
    assert_eq!(json["days"].as_array().unwrap().len(), 1);
    // Dates written as yyyymmdd numbers fit no unit: refused, with the key to set.
    report(&context("epoch_yyyymmdd.csv", "  timestamp: ts\n", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "epoch_yyyymmdd.csv: column `ts` holds numbers from 20260302 to 20260315, which are Unix times between 1990 and 2100 in none of seconds, milliseconds, microseconds or nanoseconds: if they are Unix times, set data.timestamp_unit",
        ));
    report(
        &context(
            "epoch_s.parquet",
            "  timestamp: ts\n  timestamp_unit: fortnights\n",
            0.5,
        ),
        &[],
    )
    .0
    .code(1)
    .stderr(predicate::str::contains(
        "key `data.timestamp_unit` is `fortnights`: write s, ms, us or ns",
    ));
}

#[test]
fn issue_11_case_4_sweep_all_tells_tiny_thresholds_apart() {
    let output = tradeoff()
        .arg("sweep")
        .arg(input("tiny_scores.csv"))
        .arg("--all")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let shown: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut distinct = shown.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        shown.len(),
        "repeated thresholds in\n{text}"
    );
    assert_eq!(shown.len(), 400, "one row per distinct score");
    // Each shown threshold reads back to the counts at the real one.
    let csv = tradeoff()
        .arg("sweep")
        .arg(input("tiny_scores.csv"))
        .args(["--all", "--format", "csv"])
        .output()
        .unwrap();
    let exact: Vec<f64> = String::from_utf8(csv.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    // Each shown threshold reads back nearer its own threshold than any other.
    for (i, (text, t)) in shown.iter().zip(&exact).enumerate() {
        let read: f64 = text.parse().unwrap();
        let own = (read - t).abs();
        for (j, other) in exact.iter().enumerate() {
            assert!(
                j == i || own < (read - other).abs(),
                "{text} vs {t} and {other}"
            );
        }
    }
    // The JSON at the context's three thresholds matches numpy.
    let (assert, _, json) = report(&context("tiny_scores.csv", "", 0.00000015), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("tiny scores", 1.5e-7)
    );
}

#[test]
fn issue_11_case_5_rows_of_weight_0_are_never_evidence() {
    let (assert, html, json) = report(
        &context("zero_weight.csv", "  id: case_id\n  weight: weight\n", 0.5),
        &[],
    );
    assert.success().stderr(predicate::str::contains(
        "3 rows have weight 0: they count for nothing",
    ));
    for id in ["case-0063", "case-0194", "case-0247"] {
        assert!(!html.contains(id), "{id} is on the page");
    }
    let high = json["data"]["score_range"][1].as_f64().unwrap();
    assert!(high < 0.9999, "scores go up to {high}");
    let e = entry("zero weights");
    let c = &e["counts"].as_array().unwrap()[1];
    let p = &json["operating_points"][0];
    for key in ["tp", "fp", "tn", "fn"] {
        assert!(
            (p[key].as_f64().unwrap() - c[key].as_f64().unwrap()).abs() < 1e-9,
            "{key}"
        );
    }
}

#[test]
fn issue_11_case_6_labels_in_the_common_ways() {
    let (assert, _, json) = report(
        &context("categorical_labels.parquet", "  positive: Fraud\n", 0.5),
        &[],
    );
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("categorical labels", 0.5)
    );
    for extra in [
        "",
        "  positive: 1.0\n",
        "  positive: 1\n",
        "  positive: true\n",
    ] {
        let (assert, _, json) = report(&context("float_labels.csv", extra, 0.5), &[]);
        assert.success();
        assert_eq!(
            counts_at(&json, "current"),
            oracle_counts("float labels, default positive", 0.5),
            "{extra}"
        );
    }
    let (assert, _, json) = report(&context("true_false.csv", "  positive: true\n", 0.5), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("True/False text, positive true", 0.5)
    );
    // The YAML's `1.0` stays `1.0` in the message.
    report(&context("labels_0_2.csv", "  positive: 1.0\n", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "neither is the positive value `1.0`",
        ));
}

#[test]
fn issue_11_case_7_r_exports_missing_values_and_row_names() {
    let yaml = context("r_write_csv.csv", "  segments: [segment]\n", 0.5);
    report(&yaml, &[]).0.code(1).stderr(predicate::str::contains(
        "r_write_csv.csv: column `score` has 3 missing value(s), the first in row 8: fill them in, remove those rows, or pass --drop-invalid",
    ));
    let (assert, html, json) = report(&yaml, &["--drop-invalid"]);
    assert
        .success()
        .stderr(predicate::str::contains("5 evaluation rows"));
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("R export, NA dropped", 0.5)
    );
    // R's unnamed row-name column is nobody's column, and no segment is called NA.
    assert!(!html.contains(">NA<"));
    report(&context("r_write_csv.csv", "  score: scroe\n", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "did you mean `score`?; available columns: score, label, segment",
        ));
    report(&context("label_na.csv", "", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "column `label` has 8 missing value(s), the first in row 8",
        ));
}

#[test]
fn issue_11_case_8_json_exports() {
    let (assert, _, json) = report(
        &context("late_field.ndjson", "  segments: [channel]\n", 0.5),
        &[],
    );
    assert.success();
    assert_eq!(json["segments"][0]["column"], "channel");
    let (assert, _, json) = report(&context("integers_first.ndjson", "", 0.5), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("ndjson integers_first.ndjson", 0.5)
    );
    report(&context("late_field.ndjson", "  segments: [chanel]\n", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "no column `chanel` (named as the segment column): did you mean `channel`?; available columns: score, label, channel",
        ));
    for (file, message) in [
        (
            "broken_line.ndjson",
            "broken_line.ndjson: line 5: EOF while parsing an object",
        ),
        (
            "blank_lines.ndjson",
            "blank_lines.ndjson: column `score`, line 13: `high` is not a number",
        ),
        (
            "columns.json",
            "columns.json: line 1: the field `label` holds an object",
        ),
    ] {
        report(&context(file, "", 0.5), &[])
            .0
            .code(1)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn issue_11_case_9_spreadsheet_dialects() {
    let (assert, _, json) = report(&context("semicolon_decimal_comma.csv", "", 0.5), &[]);
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("semicolon and decimal comma", 0.5)
    );
    report(&context("ambiguous.csv", "", 0.5), &[])
        .0
        .code(1)
        .stderr(predicate::str::contains(
            "ambiguous.csv: cannot tell which character separates the columns: the header `a,b;c` splits as well at `,` or `;`: set data.separator",
        ));
    // Told the wrong decimal mark, the message says which key to change.
    report(
        &context("semicolon_decimal_comma.csv", "  decimal: \".\"\n", 0.5),
        &[],
    )
    .0
    .code(1)
    .stderr(predicate::str::contains(
        "`0,512` is not a number (a model score): if `,` is the decimal mark, set data.decimal",
    ));
    // The sweep takes the same choices on the command line.
    tradeoff()
        .arg("sweep")
        .arg(input("semicolon_told.csv"))
        .args(["--separator", ";", "--thresholds", "0.5", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0.5,"));
    tradeoff()
        .arg("sweep")
        .arg(input("comma_decimal_comma.csv"))
        .args(["--decimal", ",", "--thresholds", "0.3", "--format", "csv"])
        .assert()
        .success()
        .stdout(format!(
            "threshold,tp,fp,tn,fn\n0.3,{},{},{},{}\n",
            oracle_counts("data.decimal with a comma separator", 0.3).0,
            oracle_counts("data.decimal with a comma separator", 0.3).1,
            oracle_counts("data.decimal with a comma separator", 0.3).2,
            oracle_counts("data.decimal with a comma separator", 0.3).3,
        ));
}

#[test]
fn issue_11_case_10_repeated_ids_warn_or_stop() {
    let expected = entry("duplicate ids");
    let first: Vec<String> = expected["first"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("`{}`", v.as_str().unwrap()))
        .collect();
    let (assert, html, _) = report(&context("duplicate_ids.csv", "  id: txn_id\n", 0.5), &[]);
    let message = format!(
        "{} ids in `txn_id` are on more than one row ({} extra rows), e.g. {}",
        expected["ids"],
        expected["extra_rows"],
        first.join(", ")
    );
    assert
        .success()
        .stderr(predicate::str::contains(message.as_str()));
    // The page says it too, in the data section.
    let page = scraper::Html::parse_document(&html);
    let data = scraper::Selector::parse("#data").unwrap();
    let section: String = page.select(&data).flat_map(|d| d.text()).collect();
    assert!(section.contains(&message), "{section}");
    report(
        &context("duplicate_conflict.csv", "  id: txn_id\n", 0.5),
        &[],
    )
    .0
    .code(1)
    .stderr(predicate::str::contains("with different labels"));
    let (assert, _, json) = report(
        &context("duplicate_conflict.csv", "  id: txn_id\n", 0.5),
        &["--drop-invalid"],
    );
    assert.success();
    assert_eq!(
        counts_at(&json, "current"),
        oracle_counts("conflicting ids dropped", 0.5)
    );
}

#[test]
fn issue_11_case_11_negative_numbers_on_the_command_line() {
    let c = |t: f64| oracle_counts("logit scores, negative thresholds", t);
    let expected = format!(
        "threshold,tp,fp,tn,fn\n-1,{},{},{},{}\n0,{},{},{},{}\n1,{},{},{},{}\n",
        c(-1.0).0,
        c(-1.0).1,
        c(-1.0).2,
        c(-1.0).3,
        c(0.0).0,
        c(0.0).1,
        c(0.0).2,
        c(0.0).3,
        c(1.0).0,
        c(1.0).1,
        c(1.0).2,
        c(1.0).3,
    );
    for args in [&["--thresholds", "-1,0,1"][..], &["--thresholds=-1,0,1"]] {
        tradeoff()
            .arg("sweep")
            .arg(input("logit_scores.csv"))
            .args(["--score", "margin", "--format", "csv"])
            .args(args)
            .assert()
            .success()
            .stdout(expected.clone());
    }
    let c = |t: f64| oracle_counts("labels -1/1, positive -1", t);
    tradeoff()
        .arg("sweep")
        .arg(input("svm_labels.csv"))
        .args([
            "--score",
            "margin",
            "--positive",
            "-1",
            "--thresholds",
            "-1",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(format!(
            "threshold,tp,fp,tn,fn\n-1,{},{},{},{}\n",
            c(-1.0).0,
            c(-1.0).1,
            c(-1.0).2,
            c(-1.0).3
        ));
}

#[test]
fn issue_11_case_12_yaml_errors_keep_their_places() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("context.yaml"),
        "title: \"Fraud\ndata:\n  path: x.csv\n",
    )
    .unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "context.yaml:1:8: the quoted text opened on line 1, column 8 is never closed",
        ));
}

/// Issue 11, found by fuzzing the NDJSON loader: bytes that made polars' JSON-lines
/// reader panic (a slice index past the end) are an error naming the line, exit 1.
#[test]
fn issue_11_fuzz_ndjson_bytes_that_crashed_polars_are_an_error() {
    let output = tradeoff()
        .arg("sweep")
        .arg(input("fuzz_crash_1.ndjson"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("fuzz_crash_1.ndjson: line 1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// What one run gave: exit code, stdout, stderr, page, JSON.
type Run = (Option<i32>, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// Runs `tradeoff report` on `csv` (with extra `data:` lines) twice: the compact
/// CSV reader and the text path alone (`TRADEOFF_CSV_TEXT`).
fn both_csv_paths(csv: &[u8], extra: &str) -> [Run; 2] {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("context.yaml"),
        format!(
            "title: T\ndate: 2026-01-15\ndata:\n  path: e.csv\n{extra}business:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: 0.5\n"
        ),
    )
    .unwrap();
    [false, true].map(|text| {
        let _ = std::fs::remove_file(dir.path().join("r.html"));
        let _ = std::fs::remove_file(dir.path().join("r.json"));
        let mut command = tradeoff();
        command.current_dir(dir.path());
        if text {
            command.env("TRADEOFF_CSV_TEXT", "1");
        }
        let out = command
            .args(["report", "context.yaml", "-o", "r.html", "--json", "r.json"])
            .output()
            .unwrap();
        let read = |f: &str| std::fs::read(dir.path().join(f)).unwrap_or_default();
        (
            out.status.code(),
            out.stdout,
            out.stderr,
            read("r.html"),
            read("r.json"),
        )
    })
}

/// The compact CSV reader gives what the text path gives, to the byte, on the
/// inputs where they once differed (found by comparing the two on 738 odd files):
/// a stray or unclosed quote (the compact reader read on and lost rows), decimal
/// points in a file declared to use decimal commas (accepted), spaces around label
/// values (kept on the page and in messages).
#[test]
fn the_compact_csv_reader_and_the_text_path_agree() {
    let mut rows = String::from("id,score,label,note\n");
    for i in 0..40 {
        rows.push_str(&format!(
            "c{i:03},0.{:02},{},ok\n",
            (i * 37) % 100,
            i % 3 % 2
        ));
    }
    let stray = rows.replacen(",ok\n", ",5\" screen\n", 7);
    let unclosed = format!("{rows}c999,0.5,1,\"open\n");
    let doubled = rows.replacen(",ok\n", ",\"say \"\"hi\"\"\nthere\"\n", 3);
    let cases: Vec<(String, &str)> = vec![
        (stray, ""),
        (unclosed, ""),
        (doubled, ""),
        ("score;label\n0.9;1\n0.2;0\n".into(), "  decimal: \",\"\n"),
        (
            "score;label\n0,9;1\n0.5;0\n0,2;0\n".into(),
            "  decimal: \",\"\n",
        ),
        ("score,label\n0.9, 1\n0.2, 0\n".into(), ""),
        ("score,label\n0.9, 1\n0.2, 0\n0.3, x \n".into(), ""),
        (
            "score,label\n0.9, yes\n0.2, no \n".into(),
            "  positive: yes\n",
        ),
        (
            "\u{feff}sep=;\r\nscore;label\r\n0,9;1\r\n0,2;0\r\n0,3;NA\r\n".into(),
            "",
        ),
        ("score,label\n0.9,1\n\n0.2,0\n".into(), ""),
    ];
    for (csv, extra) in cases {
        let [compact, text] = both_csv_paths(csv.as_bytes(), extra);
        assert_eq!(compact.0, text.0, "exit code\n{csv}");
        assert_eq!(
            String::from_utf8_lossy(&compact.2),
            String::from_utf8_lossy(&text.2),
            "stderr\n{csv}"
        );
        assert_eq!(compact.1, text.1, "stdout\n{csv}");
        assert!(compact.3 == text.3, "page\n{csv}");
        assert!(compact.4 == text.4, "JSON\n{csv}");
    }
}
