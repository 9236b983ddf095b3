//! Issue 27 part 5: promises and drift per `data.segments` value in production
//! (`monitoring.segments[]`, the page's segment table, the markdown's). Each value's
//! cases, flags, per-day averages with their t intervals, share flagged with its
//! ratio interval, promised figures, PSI and Kolmogorov–Smirnov are held against an
//! independent pandas/numpy/scipy computation
//! (`tests/oracle/monitor_segments_oracle.py`) on the fraud-monitoring sample; the
//! engine's summary of production (`monitor_scores` and `monitor_audited`, here
//! computed from the raw rows as the statements define them) gives the same
//! segment numbers as the raw file.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::engines::assert_equal;
use crate::{repo, tradeoff};

/// The fraud-monitoring context with its paths made absolute and `replace`
/// applied, written into `dir`.
pub(crate) fn context(dir: &Path, replace: &[(&str, &str)]) -> PathBuf {
    let sample = repo("samples/fraud-monitoring");
    let mut text = std::fs::read_to_string(sample.join("fraud.yaml"))
        .unwrap()
        .replace(
            "path: ../fraud/eval.csv",
            &format!("path: {}", repo("samples/fraud/eval.csv").display()),
        )
        .replace(
            "path: production.parquet",
            &format!("path: {}", sample.join("production.parquet").display()),
        )
        .replace(
            "path: audit.csv",
            &format!("path: {}", sample.join("audit.csv").display()),
        );
    for (from, to) in replace {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let file = dir.join("context.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

/// `tradeoff monitor` on `context`: the JSON, page and markdown.
pub(crate) fn monitor(context: &Path) -> (Value, String, String) {
    let dir = context.parent().unwrap();
    let (json, html, markdown) = (dir.join("m.json"), dir.join("m.html"), dir.join("m.md"));
    tradeoff()
        .arg("monitor")
        .arg(context)
        .arg("-o")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .arg("--markdown")
        .arg(&markdown)
        .assert()
        .success();
    (
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap(),
        std::fs::read_to_string(html).unwrap(),
        std::fs::read_to_string(markdown).unwrap(),
    )
}

fn promise<'a>(segment: &'a Value, quantity: &str) -> &'a Value {
    segment["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["quantity"] == quantity)
        .unwrap()
}

fn close(ours: &Value, theirs: &Value, tolerance: f64, what: &str) {
    let (a, b) = (ours.as_f64().unwrap(), theirs.as_f64().unwrap());
    assert!(
        (a - b).abs() <= tolerance * b.abs().max(1.0),
        "{what}: {a} against {b}"
    );
}

#[test]
fn segments_match_pandas_and_scipy_on_the_monitoring_sample() {
    let oracle: Value = serde_json::from_slice(
        &std::fs::read(repo("tests/data/monitor_segments_oracle.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (json, html, markdown) = monitor(&context(dir.path(), &[]));
    let m = &json["monitoring"];
    assert_eq!(m["period"]["whole_days"], oracle["whole_days"]);
    let segments = m["segments"].as_array().unwrap();
    let expected = oracle["segments"].as_object().unwrap();
    assert_eq!(segments.len(), expected.len());
    // The largest values first, as the report's segment tables.
    let cases: Vec<u64> = segments
        .iter()
        .map(|s| s["cases"].as_u64().unwrap())
        .collect();
    assert!(cases.windows(2).all(|w| w[0] >= w[1]), "{cases:?}");
    let whole_flagged = m["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["quantity"] == "flagged")
        .unwrap();
    close(
        &whole_flagged["promised"],
        &oracle["promised_flagged"],
        1e-9,
        "promised flagged",
    );
    for s in segments {
        let value = s["value"].as_str().unwrap();
        let theirs = &expected[value];
        let what = |w: &str| format!("{value} {w}");
        assert_eq!(s["column"], "country");
        assert_eq!(s["in_evaluation"], true);
        assert_eq!(s["cases"], theirs["cases"], "{value}");
        assert_eq!(s["flagged"], theirs["flagged"], "{value}");
        for (key, quantity, field) in [
            ("volume", "volume", "volume_per_day"),
            ("flagged_per_day", "flagged", "flagged_per_day"),
            ("share_flagged", "share_flagged", "share_flagged"),
        ] {
            let p = promise(s, quantity);
            close(&s[field], &theirs[key][0], 1e-9, &what(field));
            close(&p["observed"], &theirs[key][0], 1e-9, &what(key));
            for bound in 0..2 {
                close(
                    &p["observed_interval"][bound],
                    &theirs[key][bound + 1],
                    1e-9,
                    &what(key),
                );
            }
            close(
                &p["promised"],
                &theirs[&format!("promised_{key}").replace("_per_day", "")],
                1e-9,
                &what("promised"),
            );
            assert_eq!(p["observed_from"], "production");
        }
        // The flagged range is the whole period's, times the value's share of flags.
        let share = theirs["share_of_flags"].as_f64().unwrap();
        for bound in 0..2 {
            let whole = whole_flagged["promised_interval"][bound].as_f64().unwrap();
            close(
                &promise(s, "flagged")["promised_interval"][bound],
                &Value::from(whole * share),
                1e-9,
                &what("promised flagged range"),
            );
        }
        let drift = &s["drift"];
        close(&drift["psi"], &theirs["psi"], 1e-9, &what("psi"));
        close(
            &drift["ks_statistic"],
            &theirs["ks_statistic"],
            1e-9,
            &what("ks"),
        );
        close(
            &drift["ks_p_value"],
            &theirs["ks_p_value"],
            1e-6,
            &what("ks p"),
        );
        assert_eq!(drift["cases"], theirs["cases"]);
        // The page's row and the markdown's.
        assert!(
            html.contains(&format!("data-segment=\"country={value}\"")),
            "{value}"
        );
        assert!(
            markdown.contains(&format!("| country = {value} |")),
            "{value}"
        );
    }
    // The verdicts follow the whole period's rule (`verdict`): DE flags 56.0 a day
    // (51.9–60.1) against a promised 40.8 whose range lies wholly below, so above;
    // BR's 643 cases a day (615–670) include the planned 618, so kept.
    let by_value = |v: &str| segments.iter().find(|s| s["value"] == v).unwrap();
    assert_eq!(promise(by_value("DE"), "flagged")["verdict"], "above");
    assert_eq!(promise(by_value("BR"), "volume")["verdict"], "kept");
    assert!(m["segments_rule"].as_str().unwrap().contains("20 values"));
    assert!(html.contains("<h2>Per segment</h2>"));
    assert!(markdown.contains("## Per segment"));
}

#[test]
fn a_segment_column_production_lacks_stops_the_run_naming_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let context = context(
        dir.path(),
        &[("segments: [country]", "segments: [country, merchant]")],
    );
    let out = tradeoff()
        .arg("monitor")
        .arg(&context)
        .arg("-o")
        .arg(dir.path().join("m.html"))
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("production.parquet"), "{err}");
    assert!(err.contains("merchant"), "{err}");
}

/// Production's rows: id, instant (Unix ms), score, country.
pub(crate) fn production_rows() -> Vec<(String, i64, f64, String)> {
    use polars::prelude::*;
    let file = repo("samples/fraud-monitoring/production.parquet");
    let frame = ParquetReader::new(std::fs::File::open(file).unwrap())
        .finish()
        .unwrap();
    let text = |name: &str| -> Vec<String> {
        let c = frame.column(name).unwrap().cast(&DataType::String).unwrap();
        c.str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap().to_owned())
            .collect()
    };
    let ms = frame.column("ts").unwrap().cast(&DataType::Int64).unwrap();
    let score = frame
        .column("score")
        .unwrap()
        .cast(&DataType::Float64)
        .unwrap();
    let (ids, countries) = (text("transaction_id"), text("country"));
    (ids.into_iter().zip(countries))
        .zip(ms.i64().unwrap().iter().zip(score.f64().unwrap().iter()))
        .map(|((id, country), (ms, score))| (id, ms.unwrap(), score.unwrap(), country))
        .collect()
}

/// Issue 27 part 5: `monitor_scores` groups the cases not audited by local day,
/// score and segment value, and `monitor_audited` carries each audited case's
/// value; the monitor reading them gives the raw file's segment numbers exactly.
#[test]
fn the_engine_summary_gives_the_raw_segment_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let raw_dir = dir.path().join("raw");
    std::fs::create_dir(&raw_dir).unwrap();
    // The experiment (the model arm, each case's outcome) is not what this
    // compares: left out of both runs.
    let without_experiment = |context: &Path| {
        let text = std::fs::read_to_string(context).unwrap();
        let cut = text.split("\n  experiment:").next().unwrap().to_owned();
        std::fs::write(context, cut + "\n").unwrap();
    };
    let raw_context = context(&raw_dir, &[]);
    without_experiment(&raw_context);
    let (raw, _, _) = monitor(&raw_context);
    // The statements' results, computed from the raw rows: Berlin is UTC+1 all
    // period, so the local day is (ms + 1 h) div 1 day.
    let audit = std::fs::read_to_string(repo("samples/fraud-monitoring/audit.csv")).unwrap();
    let audited: HashSet<&str> = audit
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let mut groups: BTreeMap<(i64, u64, String), (usize, i64, i64)> = BTreeMap::new();
    let mut audited_csv = String::from("transaction_id,score,country,day,ms\n");
    for (id, ms, score, country) in production_rows() {
        let day = (ms + 3_600_000).div_euclid(86_400_000);
        if audited.contains(id.as_str()) {
            audited_csv.push_str(&format!("{id},{score},{country},{day},{ms}\n"));
        } else {
            let g = groups
                .entry((day, score.to_bits(), country))
                .or_insert((0, ms, ms));
            *g = (g.0 + 1, g.1.min(ms), g.2.max(ms));
        }
    }
    let mut scores_csv = String::from("day,score,country,cases,first_ms,last_ms\n");
    for ((day, score, country), (cases, first, last)) in &groups {
        let score = f64::from_bits(*score);
        scores_csv.push_str(&format!("{day},{score},{country},{cases},{first},{last}\n"));
    }
    let summary_dir = dir.path().join("summary");
    std::fs::create_dir(&summary_dir).unwrap();
    let (scores, audited) = (
        summary_dir.join("monitor_scores.csv"),
        summary_dir.join("monitor_audited.csv"),
    );
    std::fs::write(&scores, scores_csv).unwrap();
    std::fs::write(&audited, audited_csv).unwrap();
    let production = repo("samples/fraud-monitoring/production.parquet");
    let context = context(
        &summary_dir,
        &[(
            &format!("path: {}", production.display()),
            &format!(
                "path: {}\n    summary:\n      audited: {}",
                scores.display(),
                audited.display()
            ),
        )],
    );
    without_experiment(&context);
    let (summarised, _, _) = monitor(&context);
    let (a, b) = (
        &raw["monitoring"]["segments"],
        &summarised["monitoring"]["segments"],
    );
    assert_eq!(a.as_array().unwrap().len(), 7);
    assert_equal(a, b, ".monitoring.segments");
}

/// `tradeoff sql` groups `monitor_scores` by each `data.segments` column too and
/// carries it in `monitor_audited`, as DuckDB parses them.
#[test]
fn the_statements_group_by_the_segment_columns() {
    use sqlparser::dialect::DuckDbDialect;
    use sqlparser::parser::Parser;
    let dir = tempfile::tempdir().unwrap();
    let context = context(dir.path(), &[]);
    // DuckDB reads the sample's CSV evaluation; Spark reads no CSV header.
    let (name, dialect, quoted) = (
        "duckdb",
        &DuckDbDialect {} as &dyn sqlparser::dialect::Dialect,
        "\"country\"",
    );
    {
        let out = tradeoff()
            .arg("sql")
            .arg(&context)
            .args(["--dialect", name])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        let statement = |result: &str| -> String {
            let block = text
                .split("-- tradeoff: ")
                .find(|b| b.starts_with(&format!("{result}\n")))
                .unwrap();
            let sql = block.split_once('\n').unwrap().1.to_owned();
            assert_eq!(
                Parser::parse_sql(dialect, &sql).unwrap().len(),
                1,
                "{name} {result}"
            );
            sql
        };
        let scores = statement("monitor_scores");
        // The segment, then the experiment's arm (the promises are held on the
        // model arm, split as on the raw file).
        assert!(
            scores.contains(&format!("\n  {quoted},\n  \"arm\",\n  COUNT(*)")),
            "{scores}"
        );
        assert!(scores.contains("GROUP BY 1, 2, 3, 4"), "{scores}");
        let audited = statement("monitor_audited");
        assert!(audited.contains(&format!("{quoted},\n")), "{audited}");
    }
}
