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
    assert_within(
        &w["roc_auc_difference"]["estimate"],
        &comparison["roc_auc_difference"]["estimate"],
        "estimate",
        1e-9,
    );
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
        audit_sample: None,
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

#[test]
fn issue_22_ids_written_as_the_same_number_join_and_say_so() {
    let out = tempfile::tempdir().unwrap();
    let case = "seam-baseline-join-keys";
    let (_, text) = seam(case, "ctx_text.yaml", out.path());
    let comparison = |mut v: Value| {
        let c = v["comparison"]["cases"].as_object_mut().unwrap();
        // The evaluation's own ids, as it writes them.
        c.remove("first_evaluation_only");
        v["comparison"].take()
    };
    let warnings = |v: &Value| v["warnings"].to_string();
    assert!(!warnings(&text).contains("joined as the integers"));
    for (context, evaluation, baseline) in [
        ("ctx_float.yaml", "10002", "10002.0"),
        ("ctx_padded.yaml", "00001007", "1007"),
    ] {
        let (_, json) = seam(case, context, out.path());
        assert_within(
            &comparison(text.clone()),
            &comparison(json.clone()),
            context,
            1e-9,
        );
        assert_eq!(json["comparison"]["cases"]["rows"], 2328);
        let said = format!("(`{evaluation}` in the evaluation is `{baseline}` in the baseline)");
        assert!(
            warnings(&json).contains(&said),
            "{context}: {}",
            warnings(&json)
        );
    }
}

#[test]
fn float_ids_in_a_json_baseline_join_by_value_and_say_so_as_in_a_csv() {
    // base_float.csv's ids (`8861.0`) as JSON numbers: read as text they would be
    // `8861`, hiding that they are floats; the join and the warning are the CSV's.
    let case = repo("tests/data/seams/seam-baseline-join-keys");
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(case.join("base_float.csv")).unwrap();
    let ndjson: String = csv
        .lines()
        .skip(1)
        .map(|l| {
            let (id, score) = l.split_once(',').unwrap();
            format!("{{\"case_id\": {id}, \"score_v1\": {score}}}\n")
        })
        .collect();
    assert!(ndjson.starts_with("{\"case_id\": 8861.0,"), "{ndjson}");
    std::fs::write(dir.path().join("base.ndjson"), ndjson).unwrap();
    let yaml = std::fs::read_to_string(case.join("ctx_float.yaml"))
        .unwrap()
        .replace(
            "path: eval.parquet",
            &format!("path: {}", case.join("eval.parquet").display()),
        )
        .replace("path: base_float.csv", "path: base.ndjson");
    std::fs::write(dir.path().join("ctx.yaml"), yaml).unwrap();
    let (_, json) = run(&dir.path().join("ctx.yaml"), dir.path(), "ctx");
    let (_, from_csv) = seam(
        "seam-baseline-join-keys",
        "ctx_float.yaml",
        tempfile::tempdir().unwrap().path(),
    );
    assert_eq!(json["comparison"]["cases"]["rows"], 2328);
    assert_eq!(json["warnings"], from_csv["warnings"]);
    assert!(
        json["warnings"]
            .to_string()
            .contains("(`10002` in the evaluation is `10002.0` in the baseline)"),
        "{}",
        json["warnings"]
    );
}

#[test]
fn issue_22_ids_that_match_nothing_say_how_each_file_writes_them() {
    // The zero-padded evaluation against a file whose ids are text (the one-day
    // audit, its label read as a score): nothing can match.
    let dir = repo("tests/data/seams/seam-baseline-join-keys");
    let audit = repo("tests/data/seams/seam-monitor-one-day/audit.csv");
    let yaml = std::fs::read_to_string(dir.join("ctx_padded.yaml"))
        .unwrap()
        .replace(
            "path: eval_padded.csv",
            &format!("path: {}", dir.join("eval_padded.csv").display()),
        )
        .replace(
            "path: base_int.parquet\n  score: score_v1",
            &format!("path: {}\n  id: txn\n  score: label", audit.display()),
        );
    let out = tempfile::tempdir().unwrap();
    let context = out.path().join("c.yaml");
    std::fs::write(&context, yaml).unwrap();
    let error = tradeoff::app::report(&tradeoff::app::ReportRequest {
        context_file: context,
        output: Some(out.path().join("c.html")),
        ..Default::default()
    })
    .unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains(
            "the evaluation writes its ids like `00001007` (zero-padded integers), the baseline like `P000010` (text)"
        ),
        "{message}"
    );
}

/// `seam-monitor-one-day`'s production and audit with each `P000123` id made the
/// 18-digit `987654321000000123`, the audit's stored as floats (`9.87654321e+17`),
/// as pandas writes an id column that once held a missing value.
fn eighteen_digit_ids(dir: &Path, audit_as_float: bool) -> std::path::PathBuf {
    let case = repo("tests/data/seams/seam-monitor-one-day");
    let big = |id: &str| 987_654_321_000_000_000_u64 + id[1..].parse::<u64>().unwrap();
    let production = std::fs::read_to_string(case.join("production.csv")).unwrap();
    let mut lines = production.lines();
    let mut written = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let (id, rest) = line.split_once(',').unwrap();
        written.push_str(&format!("{},{rest}\n", big(id)));
    }
    std::fs::write(dir.join("production.csv"), written).unwrap();
    let audit = std::fs::read_to_string(case.join("audit.csv")).unwrap();
    let mut lines = audit.lines();
    let mut written = format!("{}\n", lines.next().unwrap());
    for line in lines {
        let (id, rest) = line.split_once(',').unwrap();
        let id = if audit_as_float {
            format!("{:e}", big(id) as f64).replace('e', "e+")
        } else {
            big(id).to_string()
        };
        written.push_str(&format!("{id},{rest}\n"));
    }
    std::fs::write(dir.join("audit.csv"), written).unwrap();
    let context = std::fs::read_to_string(case.join("ctx.yaml"))
        .unwrap()
        .replace(
            "path: eval.parquet",
            &format!("path: {}", case.join("eval.parquet").display()),
        );
    let path = dir.join("ctx.yaml");
    std::fs::write(&path, context).unwrap();
    path
}

#[test]
fn issue_22_ids_that_passed_through_float64_are_refused_not_joined_to_other_cases() {
    let dir = tempfile::tempdir().unwrap();
    let exact = eighteen_digit_ids(dir.path(), false);
    let (_, json) = monitor_json(&exact);
    // Written in a temporary folder: a test never writes beside its inputs.
    let (_, original) = monitor_seam("seam-monitor-one-day", "ctx.yaml", ("", ""));
    assert_eq!(json["monitoring"]["audit"]["rows"], 293);
    assert_eq!(json["monitoring"]["audit"], original["monitoring"]["audit"]);
    let dir = tempfile::tempdir().unwrap();
    let rounded = eighteen_digit_ids(dir.path(), true);
    let error = tradeoff::app::monitor(&tradeoff::app::MonitorRequest {
        context_file: rounded,
        output: Some(dir.path().join("m.html")),
        json: None,
        markdown: None,
        audit_sample: None,
    })
    .unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains("audit.csv: column `txn`:")
            && message.contains("stored as floating-point numbers too large to keep every digit")
            && message.contains("store the ids as text or as 64-bit integers"),
        "{message}"
    );
}

#[test]
fn issue_22_ties_at_the_top_never_match_the_capacity_by_flagging_nothing() {
    // scikit-learn's breast-cancer set: naive Bayes gives 76 of 569 cases the score
    // 1.0; at 569 cases a day they flag 76, more than the capacity of 30.
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("ties.yaml");
    std::fs::write(
        &context,
        format!(
            "title: Ties at the top
date: 2026-01-15
data:
  path: {}
  score: score_logistic
  label: label
business:
  positive: malignant tumour
  negative: benign tumour
  action: sent for a biopsy
  volume_per_day: 569
  capacity_per_day: 30
thresholds:
  current: 0.5
baseline:
  name: naive Bayes
  score: score_naive_bayes
  threshold: 0.5
gates:
  no_worse_than_baseline: [caught_per_day_at_capacity]
",
            repo("tests/data/breast_cancer_two_models.csv").display()
        ),
    )
    .unwrap();
    let (html, json) = run(&context, dir.path(), "ties");
    let at_capacity = &json["comparison"]["matched"][1];
    assert_eq!(at_capacity["by"], "flagged_per_day");
    // Never a threshold above every score that flags nothing.
    assert_eq!(at_capacity["baseline_threshold"], 1.0);
    let tied = at_capacity["tied_top_flagged"]["baseline"]
        .as_f64()
        .unwrap();
    assert!((tied - 76.0).abs() < 1e-9, "{tied}");
    assert!(at_capacity["tied_top_flagged"]["candidate"].is_null());
    let caught = at_capacity["baseline"]["per_day"]["caught"]
        .as_f64()
        .unwrap();
    assert!(
        caught > 70.0,
        "the baseline catches {caught} a day at its top score"
    );
    assert!(
        html.contains("highest score flag 76 a day, more than 30"),
        "no ties sentence"
    );
}

#[test]
fn issue_22_a_baseline_on_another_scale_is_held_at_its_own_threshold() {
    // The breast-cancer set's naive Bayes as it is (probabilities, run at 0.5) and
    // on another scale, 2p − 1 (run at 0.0: the same cases flagged, exactly).
    let dir = tempfile::tempdir().unwrap();
    let data = std::fs::read_to_string(repo("tests/data/breast_cancer_two_models.csv")).unwrap();
    let mut lines = data.lines();
    let mut written = format!("{},margin_naive_bayes\n", lines.next().unwrap());
    for line in lines {
        let p: f64 = line.rsplit(',').next().unwrap().parse().unwrap();
        written.push_str(&format!("{line},{}\n", 2.0 * p - 1.0));
    }
    std::fs::write(dir.path().join("two.csv"), written).unwrap();
    let context = |name: &str, column: &str, threshold: f64| {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(
            &path,
            format!(
                "title: Another scale
date: 2026-01-15
data:
  path: two.csv
  score: score_logistic
  label: label
business:
  positive: malignant tumour
  negative: benign tumour
  action: sent for a biopsy
  volume_per_day: 569
thresholds:
  current: 0.5
baseline:
  name: naive Bayes
  score: {column}
  threshold: {threshold}
gates:
  no_worse_than_baseline: [caught_per_day_at_threshold]
"
            ),
        )
        .unwrap();
        path
    };
    let (_, probability) = run(
        &context("probability", "score_naive_bayes", 0.5),
        dir.path(),
        "p",
    );
    let (html, margin) = run(
        &context("margin", "margin_naive_bayes", 0.0),
        dir.path(),
        "m",
    );
    let at_threshold = |v: &Value| v["comparison"]["matched"][0].clone();
    let (p, m) = (at_threshold(&probability), at_threshold(&margin));
    assert_eq!(m["baseline_threshold"], 0.0);
    assert_eq!(m["candidate_threshold"], 0.5);
    for key in [
        "per_day_difference",
        "per_day_difference_interval",
        "paired_counts",
    ] {
        assert_within(&p[key], &m[key], key, 1e-9);
    }
    assert_eq!(probability["gates"], margin["gates"]);
    assert!(html.contains("Each at the threshold it runs at, 0.50 and 0.00"));
}

/// Monitor JSON of a seam case's context, with `replace` applied to its text and
/// every file it names read from the case's folder.
fn monitor_seam(case: &str, context: &str, replace: (&str, &str)) -> (String, Value) {
    let dir = repo("tests/data/seams").join(case);
    let out = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(dir.join(context))
        .unwrap()
        .replace(replace.0, replace.1);
    for line in text.clone().lines() {
        if let Some(file) = line.trim().strip_prefix("path: ") {
            text = text.replace(
                line,
                &line.replace(file, &dir.join(file).display().to_string()),
            );
        }
    }
    let path = out.path().join(context);
    std::fs::write(&path, text).unwrap();
    let result = monitor_json(&path);
    drop(out);
    result
}

fn promise<'a>(json: &'a Value, quantity: &str) -> &'a Value {
    json["monitoring"]["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["quantity"] == quantity)
        .unwrap()
}

#[test]
fn issue_22_empty_days_are_named_and_not_averaged_in() {
    let (_, json) = monitor_seam("seam-monitor-empty-days", "ctx.yaml", ("", ""));
    let m = &json["monitoring"];
    let days = m["days"].as_array().unwrap();
    let empty: Vec<&Value> = days.iter().filter(|d| d["coverage"] == "empty").collect();
    assert_eq!(empty.len(), 2);
    assert_eq!(
        (empty[0]["date"].as_str(), empty[1]["date"].as_str()),
        (Some("2026-12-09"), Some("2026-12-10"))
    );
    assert!(empty.iter().all(|d| d["outside_band"].is_null()));
    assert_eq!(m["period"]["whole_days"], 19);
    let cases = m["period"]["cases"].as_f64().unwrap();
    let volume = promise(&json, "volume")["observed"].as_f64().unwrap();
    assert!((volume - cases / 19.0).abs() < 1e-9, "{volume}");
    let warnings = m["warnings"].to_string();
    assert!(
        warnings.contains("no case at all on days 9 Dec – 10 Dec 2026 (2 days)"),
        "{warnings}"
    );
}

#[test]
fn issue_22_a_one_day_period_cannot_tell_the_per_day_promises() {
    let (_, json) = monitor_seam("seam-monitor-one-day", "ctx.yaml", ("", ""));
    for quantity in ["volume", "flagged", "share_flagged"] {
        let p = promise(&json, quantity);
        assert_eq!(p["verdict"], "cannot_tell", "{quantity}");
    }
    assert_eq!(promise(&json, "volume")["observed"], 2975.0);
}

#[test]
fn issue_22_days_cut_in_another_zone_leave_partial_days_out() {
    // Two weeks of production aligned with days in Berlin, cut in UTC instead: the
    // first UTC day holds one hour, the last 23.
    let case = "seam-monitor-text-timestamps";
    let (_, berlin) = monitor_seam(case, "ctx_z.yaml", ("", ""));
    let (_, utc) = monitor_seam(
        case,
        "ctx_z.yaml",
        ("timezone: Europe/Berlin", "timezone: UTC"),
    );
    let period = &utc["monitoring"]["period"];
    assert_eq!(
        (period["days"].as_u64(), period["whole_days"].as_u64()),
        (Some(15), Some(13))
    );
    let days = utc["monitoring"]["days"].as_array().unwrap();
    // Each partial day counts for min(its clock share, its cases / the whole
    // days' mean) (issue 27): 23:00–24:00 UTC holds 32 cases, fewer than an hour's
    // share of an average day.
    let whole: Vec<f64> = days[1..14]
        .iter()
        .map(|d| d["cases"].as_f64().unwrap())
        .collect();
    let mean = whole.iter().sum::<f64>() / 13.0;
    let share = |d: &Value, clock: f64| (d["cases"].as_f64().unwrap() / mean).min(clock);
    let expected = 13.0 + share(&days[0], 1.0 / 24.0) + share(&days[14], 23.0 / 24.0);
    let observed = period["observed_days"].as_f64().unwrap();
    assert!((observed - expected).abs() < 1e-3, "{observed} {expected}");
    assert!((observed - 14.0).abs() < 0.02, "{observed}");
    for d in [&days[0], &days[14]] {
        assert_eq!(d["coverage"], "partial");
        assert!(d["outside_band"].is_null());
    }
    let volume = |v: &Value| promise(v, "volume")["observed"].as_f64().unwrap();
    // Not about 1/15 low: within day-to-day noise of the Berlin days' average.
    assert!(
        (volume(&utc) / volume(&berlin) - 1.0).abs() < 0.03,
        "{} {}",
        volume(&utc),
        volume(&berlin)
    );
    let warnings = utc["monitoring"]["warnings"].to_string();
    assert!(warnings.contains("production covers only part of 30 Nov 2026 (counted as 57 minutes) and 14 Dec 2026 (counted as 23 hours)"), "{warnings}");
}

#[test]
fn issue_22_the_sql_names_the_data_file_as_the_context_does() {
    let context = repo("tests/data/seams/seam-sql-null-scores/ctx.yaml");
    let printed = tradeoff::app::sql(&tradeoff::app::SqlCommand {
        context_file: context,
        dialect: tradeoff::present::export::sql::Dialect::Duckdb,
        table: None,
        production_table: None,
        audit_table: None,
        context_output: None,
        resolution: None,
        examples: 10,
    })
    .unwrap();
    let sql = printed.stdout;
    assert!(sql.contains("FROM read_parquet('eval.parquet')"), "{sql}");
    // (The comment names the context file as it was given.)
    let statements: Vec<&str> = sql.lines().filter(|l| !l.starts_with("--")).collect();
    assert!(
        statements
            .iter()
            .all(|l| !l.contains(env!("CARGO_MANIFEST_DIR"))),
        "an absolute path in the SQL"
    );
    assert!(sql.contains("relative to the context's folder"));
}

#[test]
fn issue_22_audit_verdicts_compare_by_meaning_and_empty_production_says_so() {
    // The one-day audit's verdicts written True/False and 1.0/0.0: the same audit.
    let case = repo("tests/data/seams/seam-monitor-one-day");
    let (_, original) = monitor_seam("seam-monitor-one-day", "ctx.yaml", ("", ""));
    let audit = std::fs::read_to_string(case.join("audit.csv")).unwrap();
    for (one, zero) in [("True", "False"), ("1.0", "0.0")] {
        let rewritten: String = audit
            .lines()
            .map(|l| match l.rsplit_once(',') {
                Some((id, "1")) => format!("{id},{one}\n"),
                Some((id, "0")) => format!("{id},{zero}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("audit.csv"), rewritten).unwrap();
        let yaml = std::fs::read_to_string(case.join("ctx.yaml"))
            .unwrap()
            .replace(
                "path: eval.parquet",
                &format!("path: {}", case.join("eval.parquet").display()),
            )
            .replace(
                "path: production.csv",
                &format!("path: {}", case.join("production.csv").display()),
            );
        let context = dir.path().join("ctx.yaml");
        std::fs::write(&context, yaml).unwrap();
        let (_, json) = monitor_json(&context);
        assert_eq!(
            json["monitoring"]["audit"], original["monitoring"]["audit"],
            "{one}/{zero}"
        );
    }
    // An empty production file: said as such, not blamed on the audit's ids.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("production.csv"), "txn,ts,score\n").unwrap();
    let yaml = std::fs::read_to_string(case.join("ctx.yaml"))
        .unwrap()
        .replace(
            "path: eval.parquet",
            &format!("path: {}", case.join("eval.parquet").display()),
        )
        .replace(
            "path: audit.csv",
            &format!("path: {}", case.join("audit.csv").display()),
        );
    let context = dir.path().join("ctx.yaml");
    std::fs::write(&context, yaml).unwrap();
    let error = tradeoff::app::monitor(&tradeoff::app::MonitorRequest {
        context_file: context,
        output: Some(dir.path().join("m.html")),
        json: None,
        markdown: None,
        audit_sample: None,
    })
    .unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("production has no cases"), "{message}");
}

/// The first cell of each row of the page's example list `list` (`false-alarms`,
/// `misses`, `borderline`).
fn listed(html: &str, list: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let rows = scraper::Selector::parse(&format!("#rows-{list} tr")).unwrap();
    let first = scraper::Selector::parse("td").unwrap();
    page.select(&rows)
        .filter_map(|row| row.select(&first).next())
        .map(|cell| cell.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Meeting mode's data embedded in a page.
fn meeting_data(html: &str) -> Value {
    let page = scraper::Html::parse_document(html);
    let script = scraper::Selector::parse("script#meeting-data").unwrap();
    let text: String = page.select(&script).next().unwrap().text().collect();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn issue_22_an_id_that_repeats_is_listed_once_and_said() {
    // The shared case: a join doubled every positive row (74 ids on two rows).
    let out = tempfile::tempdir().unwrap();
    let (html, _) = seam("duplicate-ids", "ctx_dup.yaml", out.path());
    let mut said = 0;
    for list in ["false-alarms", "misses", "borderline"] {
        let ids = listed(&html, list);
        assert!(!ids.is_empty(), "{list}");
        let mut once = ids.clone();
        once.sort();
        once.dedup();
        assert_eq!(once.len(), ids.len(), "{list} lists a case twice: {ids:?}");
        said += ids
            .iter()
            .filter(|id| id.ends_with("(its id is on 2 rows)"))
            .count();
    }
    // Every miss is a doubled positive, so each says it.
    let misses = listed(&html, "misses");
    assert!(
        misses
            .iter()
            .all(|id| id.ends_with("(its id is on 2 rows)")),
        "{misses:?}"
    );
    assert!(said >= misses.len());
    // Meeting mode's pool holds each case once too.
    let data = meeting_data(&html);
    let pool: Vec<&str> = data["examples"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[4].as_str().unwrap())
        .collect();
    let mut once = pool.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), pool.len(), "the pool lists a case twice");
}

#[test]
fn issue_22_the_release_lists_each_case_once_where_the_models_disagree() {
    // The shared duplicate-ids case with a baseline column (1 − score): every
    // positive is on two rows, and the two models disagree on most of them.
    let out = tempfile::tempdir().unwrap();
    let (html, _) = seam("duplicate-ids", "ctx_dup_baseline.yaml", out.path());
    let page = scraper::Html::parse_document(&html);
    let tables = scraper::Selector::parse("#compared-disagreements ~ table.examples").unwrap();
    let first = scraper::Selector::parse("tbody tr td:first-child").unwrap();
    let mut lists = 0;
    for table in page.select(&tables) {
        let ids: Vec<String> = table
            .select(&first)
            .map(|cell| cell.text().collect::<String>().trim().to_owned())
            .collect();
        let mut once = ids.clone();
        once.sort();
        once.dedup();
        assert_eq!(once.len(), ids.len(), "a case listed twice: {ids:?}");
        lists += usize::from(ids.len() >= 5);
    }
    assert_eq!(lists, 2, "both lists hold cases");
}

#[test]
fn issue_22_meeting_mode_moves_between_scores_below_one_in_a_million() {
    // The shared case: a rare-event model whose scores and thresholds lie below
    // 1e-6; and SVM margins from −5 to 6.
    let out = tempfile::tempdir().unwrap();
    let (html, _) = seam("tiny-scores", "context.yaml", out.path());
    let points: Vec<f64> = meeting_data(&html)["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_f64().unwrap())
        .collect();
    let below: Vec<f64> = points.iter().copied().filter(|&t| t < 1e-6).collect();
    // Round steps of 0.001 gave 0 and the three named thresholds only.
    assert!(below.len() >= 150, "{} points below 1e-6", below.len());
    // The cases are spread over them: no two neighbours more than 2% of cases apart.
    let eval = std::fs::read_to_string(repo("tests/data/seams/tiny-scores/eval.csv")).unwrap();
    let header: Vec<&str> = eval.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|c| *c == "score").unwrap();
    let scores: Vec<f64> = eval
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(column).unwrap().parse().unwrap())
        .collect();
    let flagged = |t: f64| scores.iter().filter(|&&s| s >= t).count();
    let widest = below
        .windows(2)
        .map(|w| flagged(w[0]) - flagged(w[1]))
        .max()
        .unwrap();
    assert!(
        widest as f64 <= 0.02 * scores.len() as f64,
        "{widest} of {} cases between two neighbouring points",
        scores.len()
    );
    let (logit, _) = seam("logit-scores", "context.yaml", out.path());
    let points = meeting_data(&logit)["points"].as_array().unwrap().len();
    assert!((400..=1300).contains(&points), "{points} points");
}
