//! Real evaluation exports (issue 11): every file in `tests/data/input/` read as a
//! user would hand it over — warehouse Parquet with every Arrow type, float32 and
//! float16 scores, decimals, labels and missing values written every common way,
//! NDJSON and JSON arrays, CSV dialects — gives the counts numpy, pandas and
//! scikit-learn give (`tests/oracle/input_oracle.py` made the files and
//! `oracle.json`).

use serde_json::Value;
use tradeoff::input::context::parse_separator;
use tradeoff::input::eval::{ColumnSpec, CsvOptions, EvalData, LoadError, load_eval};
use tradeoff::stats::sweep::Sweep;

use crate::repo;

/// The oracle's entries, by name.
pub(crate) fn oracle() -> Vec<Value> {
    let text = std::fs::read_to_string(repo("tests/data/input/oracle.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

/// The oracle entry called `name`.
pub(crate) fn entry(name: &str) -> Value {
    oracle()
        .into_iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no oracle entry `{name}`"))
}

/// A file of `tests/data/input`.
pub(crate) fn input(file: &str) -> std::path::PathBuf {
    repo("tests/data/input").join(file)
}

/// The column spec an oracle entry reads its file with.
fn spec_of(entry: &Value) -> ColumnSpec {
    let spec = &entry["spec"];
    let text = |key: &str| spec[key].as_str().map(str::to_owned);
    ColumnSpec {
        score: text("score").unwrap_or_else(|| "score".into()),
        label: text("label").unwrap_or_else(|| "label".into()),
        positive: text("positive"),
        weight: text("weight_column"),
        id: text("id"),
        drop_invalid: spec["drop_invalid"].as_bool().unwrap_or(false),
        csv: CsvOptions {
            separator: text("separator").map(|s| parse_separator(&s).unwrap()),
            decimal_comma: text("decimal").map(|d| d == ","),
        },
        ..ColumnSpec::default()
    }
}

fn load(entry: &Value) -> Result<EvalData, LoadError> {
    load_eval(&input(entry["file"].as_str().unwrap()), &spec_of(entry))
}

#[test]
fn every_export_reads_to_numpys_counts() {
    let entries: Vec<Value> = oracle()
        .into_iter()
        .filter(|e| e.get("file").is_some())
        .collect();
    assert!(entries.len() >= 35, "{} entries", entries.len());
    for entry in &entries {
        let name = entry["name"].as_str().unwrap();
        let data = load(entry).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sweep = Sweep::build(&data.scores, &data.positive, data.row_weights());
        assert_eq!(
            sweep.rows as u64,
            entry["rows"].as_u64().unwrap(),
            "{name}: rows"
        );
        for point in entry["counts"].as_array().unwrap() {
            let t = point["threshold"].as_f64().unwrap();
            // Thresholds are compared in the scores' stored precision, as `report`
            // and `sweep` do.
            let c = sweep.counts_at(data.score_precision.threshold(t));
            for (ours, key) in [(c.tp, "tp"), (c.fp, "fp"), (c.tn, "tn"), (c.fn_, "fn")] {
                let expected = point[key].as_f64().unwrap();
                assert!(
                    (ours - expected).abs() <= 1e-9 * expected.max(1.0),
                    "{name}: {key} at {t}: tradeoff {ours}, numpy {expected}"
                );
            }
        }
        let auc = sweep.roc_auc().unwrap();
        let expected = entry["roc_auc"].as_f64().unwrap();
        assert!(
            (auc - expected).abs() < 1e-12,
            "{name}: AUC {auc} vs {expected}"
        );
    }
}

#[test]
fn float32_scores_are_flagged_as_numpy_flags_them() {
    // Issue 11, case 2: 24 scores stored as float32 0.7 at threshold 0.70.
    let e = entry("float32 scores");
    let at = |t: f64| {
        e["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["threshold"].as_f64() == Some(t))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (at(0.7)["tp"].as_u64(), at(0.7)["fp"].as_u64()),
        (Some(74), Some(39))
    );
    let data = load(&e).unwrap();
    assert_eq!(
        data.score_precision,
        tradeoff::input::eval::ScorePrecision::Float32
    );
    // Scores read as they print: 0.7, not 0.699999988….
    assert_eq!(data.scores.iter().filter(|&&s| s == 0.7).count(), 24);
}

#[test]
fn unnamed_columns_of_any_type_never_fail() {
    // every_type.parquet holds decimals (also 60 digits wide), float16, every
    // integer width, dictionaries, large strings and views, dates, timestamps of
    // every unit and zone, times, durations, binaries, lists, structs, maps and an
    // all-null column beside the score and the label.
    let data = load(&entry("every type beside the score")).unwrap();
    assert_eq!(data.scores.len(), 240);
}

#[test]
fn a_named_column_of_an_unreadable_type_is_an_error_naming_it() {
    for (file, words) in [
        ("score_list.parquet", "a list"),
        ("score_struct.parquet", "a struct"),
        ("score_binary.parquet", "binary data"),
        ("score_fixed_binary.parquet", "binary data"),
        // Parquet stores a map as a list of key–value pairs.
        ("score_map.parquet", "a list"),
    ] {
        let spec = ColumnSpec {
            score: "score".into(),
            label: "label".into(),
            ..ColumnSpec::default()
        };
        let message = load_eval(&input(file), &spec).unwrap_err().to_string();
        assert!(
            message.contains(file)
                && message.contains("column `score` (named as the score column) holds")
                && message.contains(words),
            "{file}: {message}"
        );
    }
}

#[test]
fn zero_weight_rows_are_left_out_and_counted() {
    let data = load(&entry("zero weights")).unwrap();
    assert_eq!(data.zero_weight_rows, 3);
    assert!(data.weights.as_ref().unwrap().iter().all(|&w| w > 0.0));
    // The top score (0.9999) belongs to a weight-0 row: it is gone.
    let top = data.scores.iter().copied().fold(f64::MIN, f64::max);
    assert!(top < 0.9999, "{top}");
    // Row numbers still point into the file: case-0063 (row 64) is left out.
    let rows: Vec<usize> = (0..data.scores.len()).map(|i| data.file_row(i)).collect();
    assert!(!rows.contains(&63) && rows.contains(&64));
}

#[test]
fn labels_by_meaning_keep_the_text_as_written() {
    let data = load(&entry("float labels, positive 1.0")).unwrap();
    assert_eq!(
        (data.labels.positive.as_str(), data.labels.negative.as_str()),
        ("1.0", "0.0")
    );
    let data = load(&entry("categorical labels")).unwrap();
    assert_eq!(data.labels.positive, "Fraud");
    // `positive: 1.0` that never occurs is named as written.
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        positive: Some("1.0".into()),
        ..ColumnSpec::default()
    };
    let message = load_eval(&input("labels_0_2.csv"), &spec)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(
            "the values `2` and `0` up to row 2, and neither is the positive value `1.0`"
        ),
        "{message}"
    );
}

#[test]
fn a_missing_label_is_never_the_negative_class() {
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        ..ColumnSpec::default()
    };
    let message = load_eval(&input("label_na.csv"), &spec)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("column `label` has 8 missing value(s), the first in row 8"),
        "{message}"
    );
}

#[test]
fn repeated_ids_are_counted_and_the_first_named() {
    let data = load(&entry("duplicate ids kept")).unwrap();
    let expected = entry("duplicate ids");
    let found = data.duplicate_ids.unwrap();
    assert_eq!(
        found.extra_rows as u64,
        expected["extra_rows"].as_u64().unwrap()
    );
    assert_eq!(found.ids as u64, expected["ids"].as_u64().unwrap());
    let first: Vec<&str> = expected["first"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(found.first, first);
}

#[test]
fn repeated_ids_with_different_labels_are_an_error_or_left_out() {
    let conflict = entry("conflicting ids");
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        id: Some("txn_id".into()),
        ..ColumnSpec::default()
    };
    let message = load_eval(&input("duplicate_conflict.csv"), &spec)
        .unwrap_err()
        .to_string();
    let rows: Vec<u64> = conflict["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_u64().unwrap())
        .collect();
    let id = conflict["first_id"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "the id `{id}` is on row {} and row {} with different labels",
            rows[0], rows[1]
        )) && message.contains("and 1 more ids like it")
            && message.contains("--drop-invalid"),
        "{message}"
    );
    let data = load(&entry("conflicting ids dropped")).unwrap();
    // Those rows are counted apart from rows with invalid values, and the warning
    // says why they were left out.
    assert_eq!(
        data.conflicting_id_rows as u64,
        conflict["dropped"].as_u64().unwrap()
    );
    assert_eq!(data.dropped_rows, 0);
    let warning = tradeoff::model::warnings::Warning::DroppedRows {
        rows: data.dropped_rows,
        conflicting_ids: data.conflicting_id_rows,
    }
    .to_string();
    assert!(
        warning.starts_with(&format!(
            "{} evaluation rows whose id is repeated with different labels were left out",
            data.conflicting_id_rows
        )),
        "{warning}"
    );
}

/// The column spec the fuzz harnesses pick with an input's first byte
/// (`fuzz/fuzz_targets/common.rs`).
fn fuzz_spec(choice: u8) -> ColumnSpec {
    let full = choice & 1 == 1;
    ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        positive: match choice >> 1 & 3 {
            0 => None,
            1 => Some("1.0".into()),
            2 => Some("true".into()),
            _ => Some("Fraud".into()),
        },
        weight: full.then(|| "weight".into()),
        id: full.then(|| "id".into()),
        timestamp: full.then(|| "ts".into()),
        segments: if full {
            vec!["segment".into()]
        } else {
            Vec::new()
        },
        drop_invalid: choice & 8 != 0,
        timestamp_unit: (choice & 16 != 0).then_some(tradeoff::input::eval::EpochUnit::Seconds),
        csv: CsvOptions {
            separator: (choice & 32 != 0).then_some(b';'),
            decimal_comma: (choice & 64 != 0).then_some(true),
        },
        ..ColumnSpec::default()
    }
}

#[test]
fn fuzz_findings_load_or_fail_cleanly() {
    // ndjson_line_stats: bare -Infinity and stray bytes sent the quoted copy to
    // polars' in-memory JSON-lines reader, which sliced out of bounds.
    // parquet_float16: a float16 column tripped polars-io's debug-only assertion.
    // parquet_thrift_bool, parquet_bitmap: damaged files on which polars panics
    // (a footer `expect`, a bitmap bounds assertion); they must end in an error.
    for (finding, extension) in [
        ("ndjson_line_stats.bin", "ndjson"),
        ("parquet_float16.bin", "parquet"),
        ("parquet_thrift_bool.bin", "parquet"),
        ("parquet_bitmap.bin", "parquet"),
    ] {
        let bytes = std::fs::read(input("fuzz").join(finding)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("input.{extension}"));
        std::fs::write(&file, &bytes[1..]).unwrap();
        // Any result but a panic.
        let _ = load_eval(&file, &fuzz_spec(bytes[0]));
    }
}

/// A segment value found only on rows that are left out (weight 0, or invalid
/// with --drop-invalid) is no segment: it is neither listed nor counted.
#[test]
fn segment_values_only_on_rows_left_out_are_not_segments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.csv");
    let mut text = String::from("score,label,w,seg\n");
    for i in 0..40 {
        let seg = match i {
            3 => "ghost-weight",
            4 => "ghost-invalid",
            _ if i % 2 == 0 => "even",
            _ => "odd",
        };
        let score = if i == 4 {
            "NA".to_owned()
        } else {
            format!("0.{:02}", i * 2)
        };
        let w = if i == 3 { 0 } else { 1 };
        text.push_str(&format!("{score},{},{w},{seg}\n", i % 3 % 2));
    }
    std::fs::write(&file, text).unwrap();
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        weight: Some("w".into()),
        segments: vec!["seg".into()],
        drop_invalid: true,
        ..ColumnSpec::default()
    };
    let data = load_eval(&file, &spec).unwrap();
    let segment = &data.segments[0];
    assert_eq!(segment.names, ["even", "odd"]);
    assert_eq!(segment.codes.len(), 38);
    assert!(segment.codes.iter().all(|&c| c < 2));
    assert_eq!(segment.codes[0], 0);
    assert_eq!(segment.codes[1], 1);
}
