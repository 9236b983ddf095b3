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
//!   milliseconds, and its labels as a BOOLEAN column (read by default and with
//!   `positive: 1`): each raw file, and each
//!   through DuckDB's and Spark's summary (sessions in America/New_York), against
//!   the raw native report under `--drop-invalid`.
//! - `every_presentation_of_the_breast_cancer_cases_gives_one_release_review`:
//!   scikit-learn's breast-cancer set (569 cases, logistic regression against
//!   naive Bayes, scores to two decimals so cases repeat) written one row per
//!   case as CSV, Parquet and NDJSON, as counted rows (`data.count`), weighted by
//!   the count (`data.weight`: point values only, as Kish's n differs), and with
//!   the baseline in its own file joined on ids written as integers, quoted
//!   text, `1007.0` and zero-padded: `tradeoff report` with its release review
//!   (DeLong, matched points, paired tallies, gates) must agree to 1e-9.
//! - `random_frames_in_random_presentations_give_one_release_review` (proptest):
//!   random frames of 60–200 cases on a score grid, two presentations drawn at
//!   random from the same list, against one row per case in CSV.
//! - `tradeoff monitor`'s drift reference from counted rows is in `seams.rs`
//!   (`issue_22_counted_rows_reach_the_monitors_drift_reference`, 6,000 cases).

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
    let mut contexts: Vec<(&str, std::path::PathBuf)> = PRESENTATIONS
        .iter()
        .map(|name| {
            let path = dir.join(format!("{name}.yaml"));
            let text = context.replace("path: eval.parquet", &format!("path: {name}.parquet"));
            std::fs::write(&path, text).unwrap();
            (*name, path)
        })
        .collect();
    // The BOOLEAN labels against `positive: 1`: the same cases by meaning.
    let path = dir.join("label_bool_positive_1.yaml");
    let text = context
        .replace("path: eval.parquet", "path: label_bool.parquet")
        .replace("  label: label\n", "  label: label\n  positive: 1\n");
    assert!(text.contains("positive: 1\n"));
    std::fs::write(&path, text).unwrap();
    contexts.push(("label_bool_positive_1", path));
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
                production_table: None,
                audit_table: None,
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
        for (name, path, out) in &pairs {
            let summary = report_json(&out.join("context.yaml"));
            assert_same_report(&reference, &summary, &format!("{engine} {name}"));
            // The page's examples too: the engine's pick of the surest mistakes
            // is the raw report's (a BOOLEAN label against `positive: 1` once
            // listed positives as false alarms).
            let raw = dir.join(format!("{name}.html"));
            assert_eq!(
                examples_listed(&out.join("context.html")),
                examples_listed(&raw),
                "{engine} {name}: {}",
                path.display()
            );
        }
    }
    println!(
        "equivalence: {cases} valid cases of {} rows, {} presentations, raw and through DuckDB and Spark",
        5000,
        contexts.len()
    );
}

/// The page's three example lists (false alarms, misses, borderline), each row's
/// cells as text.
fn examples_listed(page: &Path) -> Vec<Vec<Vec<String>>> {
    let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let cell = scraper::Selector::parse("td").unwrap();
    ["false-alarms", "misses", "borderline"]
        .iter()
        .map(|list| {
            let rows = scraper::Selector::parse(&format!("#rows-{list} tr")).unwrap();
            html.select(&rows)
                .map(|row| {
                    row.select(&cell)
                        .map(|c| c.text().collect::<String>().trim().to_owned())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Cases: an id, the candidate's and the baseline's scores, the label.
#[derive(Debug, Clone)]
struct Cases {
    ids: Vec<i64>,
    scores: Vec<f64>,
    baseline: Vec<f64>,
    labels: Vec<i64>,
}

/// How the cases are written.
#[derive(Debug, Clone, Copy)]
enum Presentation {
    /// One row per case, in this format, the baseline a column.
    Rows(Format),
    /// One row per distinct (score, baseline, label) with `n`, as `data.count`.
    Counted,
    /// The same rows, `n` given as `data.weight` (point values only: Kish's n
    /// differs, so do the ranges).
    Weighted,
    /// One row per case; the baseline in its own file joined on ids written so.
    Joined(IdForm),
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Parquet,
    Ndjson,
}

#[derive(Debug, Clone, Copy)]
enum IdForm {
    Integer,
    Text,
    Decimal,
    Padded,
}

const ALL: [Presentation; 10] = [
    Presentation::Rows(Format::Csv),
    Presentation::Rows(Format::Parquet),
    Presentation::Rows(Format::Ndjson),
    Presentation::Counted,
    Presentation::Weighted,
    Presentation::Joined(IdForm::Integer),
    Presentation::Joined(IdForm::Text),
    Presentation::Joined(IdForm::Decimal),
    Presentation::Joined(IdForm::Padded),
    Presentation::Rows(Format::Csv),
];

impl Cases {
    /// scikit-learn's breast-cancer set: logistic regression against naive Bayes,
    /// scores to two decimals so that cases repeat.
    fn breast_cancer() -> Cases {
        let text =
            std::fs::read_to_string(repo("tests/data/breast_cancer_two_models.csv")).unwrap();
        let mut cases = Cases {
            ids: vec![],
            scores: vec![],
            baseline: vec![],
            labels: vec![],
        };
        for (i, line) in text.lines().skip(1).enumerate() {
            let f: Vec<&str> = line.split(',').collect();
            let round = |x: &str| (x.parse::<f64>().unwrap() * 100.0).round() / 100.0;
            cases.ids.push(1000 + i as i64);
            cases.labels.push(f[1].parse().unwrap());
            cases.scores.push(round(f[2]));
            cases.baseline.push(round(f[3]));
        }
        cases
    }

    /// Writes the cases as `how` into `dir`; returns the context's `data:` and
    /// `baseline:` lines.
    fn write(&self, dir: &Path, how: Presentation) -> (String, String) {
        let n = self.ids.len();
        let row = |i: usize| {
            format!(
                "{},{},{},{}",
                self.ids[i], self.scores[i], self.baseline[i], self.labels[i]
            )
        };
        let column_baseline = "  score: score_old\n".to_owned();
        match how {
            Presentation::Rows(format) => {
                let file = match format {
                    Format::Csv => {
                        let mut text = String::from("id,score,score_old,label\n");
                        (0..n).for_each(|i| text.push_str(&(row(i) + "\n")));
                        std::fs::write(dir.join("rows.csv"), text).unwrap();
                        "rows.csv"
                    }
                    Format::Ndjson => {
                        let mut text = String::new();
                        for i in 0..n {
                            text.push_str(&format!(
                                "{{\"id\": {}, \"score\": {:?}, \"score_old\": {:?}, \"label\": {}}}\n",
                                self.ids[i], self.scores[i], self.baseline[i], self.labels[i]
                            ));
                        }
                        std::fs::write(dir.join("rows.ndjson"), text).unwrap();
                        "rows.ndjson"
                    }
                    Format::Parquet => {
                        use polars::prelude::*;
                        let mut frame = DataFrame::new_infer_height(vec![
                            Column::new("id".into(), &self.ids),
                            Column::new("score".into(), &self.scores),
                            Column::new("score_old".into(), &self.baseline),
                            Column::new("label".into(), &self.labels),
                        ])
                        .unwrap();
                        ParquetWriter::new(
                            std::fs::File::create(dir.join("rows.parquet")).unwrap(),
                        )
                        .finish(&mut frame)
                        .unwrap();
                        "rows.parquet"
                    }
                };
                (format!("  path: {file}\n  id: id\n"), column_baseline)
            }
            Presentation::Counted | Presentation::Weighted => {
                let mut groups: std::collections::BTreeMap<(String, String, i64), usize> =
                    Default::default();
                for i in 0..n {
                    let key = (
                        self.scores[i].to_string(),
                        self.baseline[i].to_string(),
                        self.labels[i],
                    );
                    *groups.entry(key).or_default() += 1;
                }
                let mut text = String::from("score,score_old,label,n\n");
                for ((s, b, l), k) in &groups {
                    text.push_str(&format!("{s},{b},{l},{k}\n"));
                }
                std::fs::write(dir.join("counted.csv"), text).unwrap();
                let key = if matches!(how, Presentation::Counted) {
                    "count"
                } else {
                    "weight"
                };
                (
                    format!("  path: counted.csv\n  {key}: n\n"),
                    column_baseline,
                )
            }
            Presentation::Joined(form) => {
                let mut text = String::from("id,score,label\n");
                let mut base = String::from("id,score_old\n");
                for i in 0..n {
                    text.push_str(&format!(
                        "{},{},{}\n",
                        self.ids[i], self.scores[i], self.labels[i]
                    ));
                    let id = match form {
                        IdForm::Integer => self.ids[i].to_string(),
                        IdForm::Text => format!("\"{}\"", self.ids[i]),
                        IdForm::Decimal => format!("{}.0", self.ids[i]),
                        IdForm::Padded => format!("{:08}", self.ids[i]),
                    };
                    base.push_str(&format!("{id},{}\n", self.baseline[i]));
                }
                std::fs::write(dir.join("eval.csv"), text).unwrap();
                std::fs::write(dir.join("base.csv"), base).unwrap();
                (
                    "  path: eval.csv\n  id: id\n".to_owned(),
                    "  path: base.csv\n  id: id\n  score: score_old\n".to_owned(),
                )
            }
        }
    }
}

/// The report (with the release review) of `cases` written as `how`.
fn release_json(cases: &Cases, how: Presentation) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (data, baseline) = cases.write(dir.path(), how);
    let context = dir.path().join("context.yaml");
    std::fs::write(
        &context,
        format!(
            "title: Equivalence
date: 2026-01-15
data:
{data}  score: score
  label: label
business:
  positive: malignant tumour
  negative: benign tumour
  action: sent for a biopsy
  volume_per_day: 400
  capacity_per_day: 60
thresholds:
  current: 0.5
  candidates:
    - {{ name: cautious, threshold: 0.3 }}
  targets:
    max_false_negative_rate: 0.1
baseline:
  name: old
{baseline}  threshold: 0.5
gates:
  no_worse_than_baseline: [roc_auc, caught_per_day_at_capacity]
"
        ),
    )
    .unwrap();
    report_json(&context)
}

/// What does not describe the cases: the files, how rows were counted, the id
/// join's note and which ids only one side has (as each file writes them).
fn cases_only(mut json: Value) -> Value {
    let object = json.as_object_mut().unwrap();
    object.remove("provenance");
    object.remove("warnings");
    if let Some(data) = json["data"].as_object_mut() {
        data.remove("counted");
    }
    if let Some(c) = json["comparison"]["cases"].as_object_mut() {
        c.remove("first_evaluation_only");
        c.remove("first_baseline_only");
    }
    json
}

/// Only the point values: every number not under a key naming a range, a count
/// of rows or a spread over days (weights change how much the cases tell, not
/// what they say).
fn point_values(json: &Value) -> Value {
    match json {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !(k.contains("interval")
                        || k.contains("range")
                        || k.contains("effective")
                        || k.contains("p_value")
                        || k.contains("standard_error")
                        || *k == "gates"
                        || *k == "rows"
                        || *k == "weighted"
                        || *k == "paired_counts"
                        || k.contains("share_of_days")
                        || *k == "days_over_capacity")
                })
                .map(|(k, v)| (k.clone(), point_values(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(point_values).collect()),
        other => other.clone(),
    }
}

fn assert_presentations_agree(cases: &Cases, presentations: &[Presentation]) {
    let reference = cases_only(release_json(cases, Presentation::Rows(Format::Csv)));
    for &how in presentations {
        let json = cases_only(release_json(cases, how));
        eprintln!("comparing {how:?}");
        if matches!(how, Presentation::Weighted) {
            for key in ["metrics", "comparison", "operating_points"] {
                crate::counts::assert_within(
                    &point_values(&reference[key]),
                    &point_values(&json[key]),
                    key,
                    1e-9,
                );
            }
        } else {
            crate::counts::assert_within(&reference, &json, "", 1e-9);
        }
    }
}

#[test]
fn every_presentation_of_the_breast_cancer_cases_gives_one_release_review() {
    assert_presentations_agree(&Cases::breast_cancer(), &ALL);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 6, ..Default::default() })]
    #[test]
    fn random_frames_in_random_presentations_give_one_release_review(
        rows in proptest::collection::vec((0u8..20, 0u8..20, proptest::bool::ANY), 60..200),
        pick in proptest::collection::vec(0usize..ALL.len(), 2),
    ) {
        let mut cases = Cases { ids: vec![], scores: vec![], baseline: vec![], labels: vec![] };
        for (i, (s, b, positive)) in rows.iter().enumerate() {
            // Scores on a grid, positives scoring higher on average.
            let lift = if *positive { 0.3 } else { 0.0 };
            cases.ids.push(7 + 3 * i as i64);
            cases.scores.push(((f64::from(*s) / 20.0 * 0.7 + lift) * 100.0).round() / 100.0);
            cases.baseline.push(((f64::from(*b) / 20.0 * 0.8 + lift * 0.5) * 100.0).round() / 100.0);
            cases.labels.push(i64::from(*positive));
        }
        let (p, n) = cases.labels.iter().fold((0, 0), |(p, n), &l| (p + l, n + 1 - l));
        proptest::prop_assume!(p >= 5 && n >= 5);
        let chosen: Vec<Presentation> = pick.iter().map(|&i| ALL[i]).collect();
        assert_presentations_agree(&cases, &chosen);
    }
}

/// Ids on more than one row are said alike on the raw file and on DuckDB's and
/// Spark's summaries (issue 22, item 9): how many ids, how many extra rows and
/// which ids, the most repeated first.
#[test]
fn repeated_ids_are_reported_through_an_engines_summary() {
    let Some(python) = engines_python() else {
        return;
    };
    let case = repo("tests/data/seams/seam-sql-null-scores");
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // The seam's cases with rows 40–99 written twice and rows 40–41 three times.
    let made = Command::new(&python)
        .arg("-c")
        .arg(
            "import sys, pyarrow as pa, pyarrow.parquet as pq\n\
             t = pq.read_table(sys.argv[1])\n\
             pq.write_table(pa.concat_tables([t, t.slice(40, 60), t.slice(40, 2)]), sys.argv[2])",
        )
        .arg(case.join("eval.parquet"))
        .arg(dir.join("eval.parquet"))
        .status()
        .unwrap();
    assert!(made.success());
    let context = dir.join("ctx.yaml");
    std::fs::copy(case.join("ctx.yaml"), &context).unwrap();
    let raw = report_json(&context);
    let warning = |json: &Value| -> String {
        (json["warnings"].as_array().unwrap().iter())
            .filter_map(Value::as_str)
            .find(|w| w.contains("more than one row"))
            .unwrap_or_else(|| panic!("no repeated-id warning in {}", json["warnings"]))
            .to_owned()
    };
    let said = warning(&raw);
    // Rows 40 and 41 are on three rows: named first.
    assert!(said.contains("e.g. `T000040`, `T000041`, "), "{said}");
    for (dialect, engine) in [(Dialect::Duckdb, "duckdb"), (Dialect::Spark, "spark")] {
        let out = dir.join(engine);
        let printed = app::sql(&SqlCommand {
            context_file: context.clone(),
            dialect,
            table: None,
            production_table: None,
            audit_table: None,
            context_output: Some(out.join("context.yaml")),
            resolution: None,
            examples: 10,
        })
        .unwrap();
        let sql = dir.join(format!("{engine}.sql"));
        std::fs::write(&sql, printed.stdout).unwrap();
        let output = Command::new(&python)
            .current_dir(dir)
            .arg(repo("tests/engines/run_sql.py"))
            .arg(engine)
            .arg(&sql)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{engine} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let summary = report_json(&out.join("context.yaml"));
        assert_eq!(warning(&summary), said, "{engine}");
    }
}

/// The JSON without what an engine's pairs cannot carry: the ids of the cases
/// only one side has (the engine's rows hold counts) and the warning naming them,
/// the disagreements' ids and text, and how the input was counted.
fn without_ids(mut json: Value) -> Value {
    if let Some(c) = json["comparison"]["cases"].as_object_mut() {
        c.remove("first_evaluation_only");
        c.remove("first_baseline_only");
    }
    if let Some(warnings) = json["warnings"].as_array_mut() {
        warnings.retain(|w| {
            !w.as_str()
                .is_some_and(|w| w.contains("the comparison with the baseline uses only"))
        });
    }
    json
}

/// The release review through an engine (issue 21): `tradeoff sql` pairs each
/// case's two scores with the baseline's as the raw report does, and the report
/// on DuckDB's and Spark's pairs gives the raw review's JSON, number for number
/// (1e-9): the committed release sample (5,000 cases, a baseline file joined on
/// its ids, a cost column, two segment columns, gates against the baseline) and
/// scikit-learn's breast-cancer cases (569; logistic regression against naive
/// Bayes) with the baseline's ids written `1007.0` against `1007`, ten cases the
/// baseline lacks, one baseline score missing and two baseline rows no case has.
#[test]
fn engines_pair_the_baseline_as_the_raw_release_review() {
    let Some(python) = engines_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // The release sample as it is committed.
    let fraud = dir.join("fraud-release");
    std::fs::create_dir(&fraud).unwrap();
    for file in ["eval.csv", "scores_v31.csv"] {
        std::fs::copy(repo("samples/fraud-release").join(file), fraud.join(file)).unwrap();
    }
    let sample = std::fs::read_to_string(repo("samples/fraud-release/context.yaml")).unwrap();
    // The breast-cancer cases, the baseline's ids written another way.
    let cancer = dir.join("breast-cancer");
    std::fs::create_dir(&cancer).unwrap();
    let (data, baseline) =
        Cases::breast_cancer().write(&cancer, Presentation::Joined(IdForm::Decimal));
    let base = std::fs::read_to_string(cancer.join("base.csv")).unwrap();
    let mut lines: Vec<String> = base.lines().map(str::to_owned).collect();
    lines.drain(1..11);
    lines[20] = format!("{},", lines[20].split(',').next().unwrap());
    lines.extend(["99998.0,0.4".to_owned(), "99999.0,0.5".to_owned()]);
    std::fs::write(cancer.join("base.csv"), lines.join("\n") + "\n").unwrap();
    let cancer_context = format!(
        "title: Breast cancer through an engine
date: 2026-01-15
data:
{data}  score: score
  label: label
business:
  positive: malignant tumour
  negative: benign tumour
  action: sent for a biopsy
  volume_per_day: 400
  capacity_per_day: 60
thresholds:
  current: 0.5
baseline:
  name: naive Bayes
{baseline}  threshold: 0.4
  min_overlap: 0.9
gates:
  no_worse_than_baseline: [roc_auc, caught_per_day_at_capacity, missed_per_day_at_threshold]
"
    );
    // Spark reads no CSV header by path: each case as Parquet too (DuckDB's
    // reading of the CSV; the raw report reads the same Parquet).
    let made = Command::new(&python)
        .arg("-c")
        .arg(
            "import sys, duckdb\n\
             for f in sys.argv[1:]:\n    duckdb.sql(f\"COPY (SELECT * FROM read_csv_auto('{f}')) TO '{f[:-4]}.parquet' (FORMAT PARQUET)\")",
        )
        .args([
            fraud.join("eval.csv"),
            fraud.join("scores_v31.csv"),
            cancer.join("eval.csv"),
            cancer.join("base.csv"),
        ])
        .status()
        .unwrap();
    assert!(made.success());
    let cases = [
        (
            "fraud-release",
            fraud.join("context.yaml"),
            sample
                .replace("path: eval.csv", "path: eval.parquet")
                .replace("path: scores_v31.csv", "path: scores_v31.parquet"),
        ),
        (
            "breast-cancer",
            cancer.join("context.yaml"),
            cancer_context
                .replace("path: eval.csv", "path: eval.parquet")
                .replace("path: base.csv", "path: base.parquet"),
        ),
    ];
    let mut measured = Vec::new();
    let mut raw = Vec::new();
    for (name, context, text) in &cases {
        std::fs::write(context, text).unwrap();
        let json = report_json(context);
        let compared = &json["comparison"]["cases"];
        assert!(
            compared["rows"].as_f64().unwrap() > 500.0,
            "{name}: {compared}"
        );
        if *name == "breast-cancer" {
            // Ten cases without a baseline row, one with a missing score; two
            // baseline rows no case has.
            assert_eq!(compared["evaluation_only"], 11, "{compared}");
            assert_eq!(compared["baseline_only"], 2, "{compared}");
        }
        raw.push(json);
    }
    for (dialect, engine) in [(Dialect::Duckdb, "duckdb"), (Dialect::Spark, "spark")] {
        let mut runs = Vec::new();
        for (name, context, _) in &cases {
            let out = context.with_file_name(engine);
            let printed = app::sql(&SqlCommand {
                context_file: context.clone(),
                dialect,
                table: None,
                production_table: None,
                audit_table: None,
                context_output: Some(out.join("context.yaml")),
                resolution: None,
                examples: 10,
            })
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert!(printed.stdout.contains("-- tradeoff: pairs\n"), "{name}");
            let written = std::fs::read_to_string(out.join("context.yaml")).unwrap();
            assert!(!written.contains("Left out: baseline"), "{written}");
            // The SQL names the files relative to the context's folder: the
            // folders are siblings, so each SQL names its own.
            let sql = context.with_file_name(format!("{engine}.sql"));
            let text = printed
                .stdout
                .replace("'eval.parquet'", &format!("'{name}/eval.parquet'"))
                .replace("`eval.parquet`", &format!("`{name}/eval.parquet`"))
                .replace("scores_v31.parquet", "fraud-release/scores_v31.parquet")
                .replace("'base.parquet'", "'breast-cancer/base.parquet'")
                .replace("`base.parquet`", "`breast-cancer/base.parquet`");
            std::fs::write(&sql, text).unwrap();
            runs.push((name, sql, out));
        }
        // One engine session for both cases.
        let output = Command::new(&python)
            .current_dir(dir)
            .arg(repo("tests/engines/run_sql.py"))
            .arg(engine)
            .args(
                runs.iter()
                    .flat_map(|(_, sql, out)| [sql.as_os_str(), out.as_os_str()]),
            )
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{engine} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let timings: Vec<Value> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for (((name, _, out), timing), raw) in runs.iter().zip(&timings).zip(&raw) {
            let summary = report_json(&out.join("context.yaml"));
            assert!(summary["comparison"].is_object(), "{name} {engine}");
            assert_same_report(
                &without_ids(raw.clone()),
                &without_ids(summary),
                &format!("{engine} {name}"),
            );
            measured.push(format!(
                "{name} {engine}: {} cases compared, {} rows of pairs",
                raw["comparison"]["cases"]["rows"], timing["rows"]["pairs"]
            ));
        }
    }
    println!("{}", measured.join("\n"));
}
