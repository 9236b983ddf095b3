//! `tradeoff sql` on a context with `monitoring:` (issue 27, part 4): DuckDB and
//! Spark (local mode, session zone away from UTC) run the printed SQL on the
//! monitoring sample — as it is (CSV evaluation and audit, for DuckDB), as Parquet
//! (Spark), with the timestamps written as text in three forms, with a NULL and a
//! NaN score, and with one case of an arm the experiment does not name — and
//! `tradeoff monitor` on the results must give the raw run's JSON number for
//! number (1e-9; the experiment's effect, interval and split check included) with
//! exact scores, refuse the NULL score and the unknown arm as the raw run does, and with `--resolution` keep every count, flag and audit
//! estimate exact and the drift within the stated bounds.
//!
//! Needs what tests/integration/engines.rs needs (skipped, saying so, unless
//! `TRADEOFF_REQUIRE_ENGINES=1`). `TRADEOFF_MONITOR_ROWS=N` adds a generated
//! production of N cases and prints the engines' and the raw monitor's times.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;
use tradeoff::app::{self, MonitorRequest, SqlCommand};
use tradeoff::present::export::sql::Dialect;

use crate::engines::{assert_equal, engines_python};
use crate::repo;

/// The grouped runs' step: the threshold (0.5) is a multiple of it.
const STEP: f64 = 0.001;

/// One context to reduce: its name, production file, and whether the audit and
/// evaluation are the sample's CSVs.
struct Case {
    name: &'static str,
    production: String,
    csv: bool,
    resolution: Option<f64>,
    /// An audit file other than the sample's (absolute path).
    audit: Option<String>,
}

/// The sample's context with its files replaced (absolute paths).
fn context(dir: &Path, case: &Case) -> PathBuf {
    let sample = std::fs::read_to_string(repo("samples/fraud-monitoring/fraud.yaml")).unwrap();
    let (eval, mut audit) = if case.csv {
        (
            repo("samples/fraud/eval.csv"),
            repo("samples/fraud-monitoring/audit.csv"),
        )
    } else {
        (dir.join("eval.parquet"), dir.join("audit.parquet"))
    };
    if let Some(other) = &case.audit {
        audit = PathBuf::from(other);
    }
    let text = sample
        .replace(
            "path: ../fraud/eval.csv",
            &format!("path: {}", eval.display()),
        )
        .replace(
            "path: production.parquet",
            &format!("path: {}", case.production),
        )
        .replace("path: audit.csv", &format!("path: {}", audit.display()));
    let file = dir.join(format!("{}.yaml", case.name));
    std::fs::write(&file, text).unwrap();
    file
}

/// `tradeoff monitor` on `context`: its JSON (or the error) and the seconds.
fn monitor(context: &Path) -> (Result<Value, String>, f64) {
    let json = context.with_extension("json");
    let start = Instant::now();
    let run = app::monitor(&MonitorRequest {
        context_file: context.to_owned(),
        output: Some(context.with_extension("html")),
        json: Some(json.clone()),
        markdown: None,
        audit_sample: None,
    });
    let seconds = start.elapsed().as_secs_f64();
    (
        run.map(|_| serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap())
            .map_err(|e| format!("{e:#}")),
        seconds,
    )
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The grouped run against the raw one: exact but for the drift, the calibrated
/// estimate and the advice, each within its stated bound.
fn assert_within_step(raw: &Value, grouped: &Value, cell_mass: f64) {
    let (r, g) = (&raw["monitoring"], &grouped["monitoring"]);
    let mut exact_raw = r.clone();
    let mut exact_grouped = g.clone();
    for key in ["score_drift", "calibrated_estimate", "advice"] {
        exact_raw.as_object_mut().unwrap().remove(key);
        exact_grouped.as_object_mut().unwrap().remove(key);
    }
    // Each segment value's drift, as the whole period's: grouped scores move it.
    for exact in [&mut exact_raw, &mut exact_grouped] {
        for segment in exact["segments"].as_array_mut().unwrap() {
            segment.as_object_mut().unwrap().remove("drift");
        }
    }
    assert_equal(&exact_raw, &exact_grouped, ".monitoring");
    // Kolmogorov–Smirnov: the grouped statistic is the raw one read at the grid's
    // edges, so 0 ≤ raw − grouped ≤ the largest share of cases in one score group
    // of either sample.
    let ks = |v: &Value| f(&v["score_drift"]["ks_statistic"]);
    let gap = ks(r) - ks(g);
    assert!(
        (-1e-12..=cell_mass).contains(&gap),
        "KS raw {} grouped {} (bound {cell_mass})",
        ks(r),
        ks(g)
    );
    for (a, b) in r["score_drift"]["by_week"]
        .as_array()
        .unwrap()
        .iter()
        .zip(g["score_drift"]["by_week"].as_array().unwrap())
    {
        assert!(ks(&serde_json::json!({ "score_drift": a })) + 1e-12 >= f(&b["ks_statistic"]));
    }
    // Calibrated: each score lowered by less than the step.
    let cases_per_day = f(&r["period"]["cases"]) / f(&r["period"]["observed_days"]);
    for key in ["caught", "missed", "false_alarms"] {
        let (a, b) = (
            f(&r["calibrated_estimate"]["per_day"][key]),
            f(&g["calibrated_estimate"]["per_day"][key]),
        );
        assert!(
            (a - b).abs() <= STEP * cases_per_day * 1.5,
            "{key}: {a} {b}"
        );
    }
    let (a, b) = (
        f(&r["calibrated_estimate"]["prevalence"]),
        f(&g["calibrated_estimate"]["prevalence"]),
    );
    assert!((a - b).abs() <= STEP, "prevalence {a} {b}");
    let (a, b) = (
        f(&r["advice"]["capacity"]["threshold"]),
        f(&g["advice"]["capacity"]["threshold"]),
    );
    assert!((a - b).abs() <= STEP + 1e-12, "capacity threshold {a} {b}");
}

#[test]
fn duckdb_and_spark_reduce_production_to_the_same_monitoring() {
    let Some(python) = engines_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let scripts = repo("tests/engines");
    let rows: Option<usize> = std::env::var("TRADEOFF_MONITOR_ROWS")
        .ok()
        .and_then(|r| r.parse().ok());
    let made = Command::new(&python)
        .arg(scripts.join("monitor_inputs.py"))
        .arg(repo("samples/fraud-monitoring"))
        .arg(repo("samples/fraud/eval.csv"))
        .arg(dir)
        .args(rows.map(|r| r.to_string()))
        .status()
        .unwrap();
    assert!(made.success());
    let file = |name: &str| dir.join(name).display().to_string();
    let mut measured = Vec::new();

    for (dialect, engine) in [(Dialect::Duckdb, "duckdb"), (Dialect::Spark, "spark")] {
        let mut cases = vec![
            Case {
                name: "sample",
                production: repo("samples/fraud-monitoring/production.parquet")
                    .display()
                    .to_string(),
                csv: dialect == Dialect::Duckdb,
                resolution: None,
                audit: None,
            },
            Case {
                name: "text",
                production: file("production_text.parquet"),
                csv: false,
                resolution: None,
                audit: None,
            },
            Case {
                name: "null",
                production: file("production_null.parquet"),
                csv: false,
                resolution: None,
                audit: None,
            },
            Case {
                name: "arm_other",
                production: file("production_arm_other.parquet"),
                csv: false,
                resolution: None,
                audit: None,
            },
            Case {
                name: "grouped",
                production: file("production_text.parquet"),
                csv: false,
                resolution: Some(STEP),
                audit: None,
            },
        ];
        // Issue 22: ids as the numbers they end in, stored every way (Parquet
        // int64, text `7`, float64 `7.0`; CSV for DuckDB, NDJSON), the audit's as
        // int64 or as text `7.0` (joined by value, and said), and one production
        // id on two rows (refused by both runs).
        let audit_int = Some(file("audit_ids_int.parquet"));
        let mut by_id = vec![
            ("ids_int", "production_ids_int.parquet", audit_int.clone()),
            ("ids_text", "production_ids_text.parquet", audit_int.clone()),
            (
                "ids_float",
                "production_ids_float.parquet",
                audit_int.clone(),
            ),
            ("ids_ndjson", "production_ids_int.ndjson", audit_int.clone()),
            (
                "ids_by_value",
                "production_ids_int.parquet",
                Some(file("audit_ids_float_text.parquet")),
            ),
            (
                "ids_repeated",
                "production_ids_repeated.parquet",
                audit_int.clone(),
            ),
        ];
        if dialect == Dialect::Duckdb {
            by_id.push(("ids_csv", "production_ids_int.csv", audit_int.clone()));
        }
        for (name, production, audit) in by_id {
            cases.push(Case {
                name,
                production: file(production),
                csv: false,
                resolution: None,
                audit,
            });
        }
        if rows.is_some() {
            cases.push(Case {
                name: "large",
                production: file("production_large.parquet"),
                csv: false,
                resolution: None,
                audit: None,
            });
        }
        let mut runs = Vec::new();
        let mut by_id_runs: Vec<(&str, Value)> = Vec::new();
        for case in &cases {
            let raw = context(dir, case);
            let mut raw_text = std::fs::read_to_string(&raw).unwrap();
            if case.name == "large" {
                raw_text = raw_text.replace(
                    &format!("path: {}", dir.join("audit.parquet").display()),
                    &format!("path: {}", file("audit_large.parquet")),
                );
                std::fs::write(&raw, raw_text).unwrap();
            }
            let out = dir.join(format!("{engine}-{}", case.name));
            let printed = app::sql(&SqlCommand {
                context_file: raw.clone(),
                dialect,
                table: None,
                production_table: None,
                audit_table: None,
                context_output: Some(out.join("context.yaml")),
                resolution: case.resolution,
                examples: 10,
            })
            .unwrap();
            assert!(printed.stdout.contains("-- tradeoff: monitor_scores\n"));
            assert!(printed.stdout.contains("-- tradeoff: monitor_audited\n"));
            assert!(printed.stdout.contains("-- tradeoff: monitor_experiment\n"));
            let sql = dir.join(format!("{engine}-{}.sql", case.name));
            std::fs::write(&sql, printed.stdout).unwrap();
            runs.push((case, raw, sql, out));
        }
        let output = Command::new(&python)
            .current_dir(dir)
            .arg(scripts.join("run_sql.py"))
            .arg(engine)
            .args(
                runs.iter()
                    .flat_map(|(_, _, sql, out)| [sql.as_os_str(), out.as_os_str()]),
            )
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{engine} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<Value> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for ((case, raw_context, _, out), timing) in runs.iter().zip(&lines) {
            // The experiment too (`monitor_experiment`): every number of the
            // JSON, `monitoring.experiment` included, must be the raw run's.
            let (raw, raw_seconds) = monitor(raw_context);
            let (summary, seconds) = monitor(&out.join("context.yaml"));
            measured.push(format!(
                "{engine} {}: monitor_scores {} rows, monitor_audited {} rows, monitor_experiment {} rows; engine {:.2} s (all statements), monitor on the results {seconds:.2} s, raw monitor {raw_seconds:.2} s",
                case.name,
                timing["rows"]["monitor_scores"],
                timing["rows"]["monitor_audited"],
                timing["rows"]["monitor_experiment"],
                f(&timing["seconds"]),
            ));
            match case.name {
                "arm_other" => {
                    // A case of neither arm is refused the same way.
                    let (raw, summary) = (raw.unwrap_err(), summary.unwrap_err());
                    for e in [&raw, &summary] {
                        assert!(
                            e.contains("the arm `control` is neither the model arm's value `model` nor the holdout's `holdout`"),
                            "{e}"
                        );
                    }
                }
                "null" => {
                    // Refused the same way: the score column holds a missing value.
                    let (raw, summary) = (raw.unwrap_err(), summary.unwrap_err());
                    for e in [&raw, &summary] {
                        assert!(e.contains("column `score` has 1 missing value(s)"), "{e}");
                    }
                }
                "grouped" => {
                    let mass = cell_mass(&python, out, dir);
                    assert_within_step(&raw.unwrap(), &summary.unwrap(), mass);
                }
                "ids_repeated" => {
                    // The raw run names the rows; the summary counts the ids.
                    let (raw, summary) = (raw.unwrap_err(), summary.unwrap_err());
                    assert!(raw.contains("already appears in row"), "{raw}");
                    assert!(
                        summary.contains("has 1 id(s) on more than one row (1 repeated row(s))"),
                        "{summary}"
                    );
                    for e in [&raw, &summary] {
                        assert!(e.contains("each production case needs its own id"), "{e}");
                    }
                }
                name if name.starts_with("ids_") => {
                    let (raw, summary) = (raw.unwrap(), summary.unwrap());
                    assert_equal(&raw, &summary, "");
                    // Every presentation of the ids gives the int64 file's numbers.
                    let mut same = raw.clone();
                    // Float ids against int64 ones are joined by value and said,
                    // whichever side holds the floats.
                    let said = match name {
                        "ids_by_value" => Some("`1.0` in the audit is `1` in production"),
                        "ids_float" => Some("`1` in the audit is `1.0` in production"),
                        _ => None,
                    };
                    if let Some(said) = said {
                        let warnings = same["monitoring"]["warnings"].as_array_mut().unwrap();
                        assert_eq!(warnings.len(), 1, "{warnings:?}");
                        assert!(warnings[0].to_string().contains(said), "{warnings:?}");
                        warnings.clear();
                    }
                    by_id_runs.push((name, same));
                }
                _ => {
                    let (raw, summary) = (raw.unwrap(), summary.unwrap());
                    // Issue 27 part 5: each week's verdicts rest on per-day counts and
                    // the week's audit, which the summaries keep: the same periods,
                    // week by week, their cases adding up to the period's.
                    let periods = raw["monitoring"]["periods"].as_array().unwrap();
                    assert!(!periods.is_empty(), "{}", case.name);
                    let cases: u64 = periods.iter().map(|p| p["cases"].as_u64().unwrap()).sum();
                    assert_eq!(Some(cases), raw["monitoring"]["period"]["cases"].as_u64());
                    assert_equal(
                        &raw["monitoring"]["periods"],
                        &summary["monitoring"]["periods"],
                        ".monitoring.periods",
                    );
                    assert_equal(&raw, &summary, "");
                }
            }
        }
        let (_, int64) = by_id_runs
            .iter()
            .find(|(name, _)| *name == "ids_int")
            .unwrap();
        for (name, json) in &by_id_runs {
            eprintln!("{engine}: ids as {name} against int64");
            assert_equal(int64, json, "");
        }
    }
    println!("{}", measured.join("\n"));
}

/// Issue 27: production and the audit as warehouse tables (`--production-table`,
/// `--audit-table`, and `--table` for the evaluation), on DuckDB: every number of
/// the monitor's JSON, the experiment's included, is the raw run's.
#[test]
fn duckdb_reads_production_and_the_audit_from_tables() {
    let Some(python) = engines_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let scripts = repo("tests/engines");
    let made = Command::new(&python)
        .arg(scripts.join("monitor_inputs.py"))
        .arg(repo("samples/fraud-monitoring"))
        .arg(repo("samples/fraud/eval.csv"))
        .arg(dir)
        .status()
        .unwrap();
    assert!(made.success());
    let file = |name: &str| dir.join(name).display().to_string();
    let case = Case {
        name: "tables",
        production: file("production.parquet"),
        csv: false,
        resolution: None,
        audit: None,
    };
    let raw = context(dir, &case);
    let out = dir.join("duckdb-tables");
    let printed = app::sql(&SqlCommand {
        context_file: raw.clone(),
        dialect: Dialect::Duckdb,
        table: Some("risk.eval".to_owned()),
        production_table: Some("risk.production".to_owned()),
        audit_table: Some("risk.audit".to_owned()),
        context_output: Some(out.join("context.yaml")),
        resolution: None,
        examples: 10,
    })
    .unwrap();
    assert!(!printed.stdout.contains("production.parquet"));
    let sql = dir.join("tables.sql");
    std::fs::write(&sql, printed.stdout).unwrap();
    let tables = format!(
        "risk.eval={};risk.production={};risk.audit={}",
        file("eval.parquet"),
        file("production.parquet"),
        file("audit.parquet")
    );
    run_duckdb(&python, dir, &sql, &out, Some(&tables));
    let (raw, _) = monitor(&raw);
    let (summary, _) = monitor(&out.join("context.yaml"));
    let (raw, summary) = (raw.unwrap(), summary.unwrap());
    assert!(raw["monitoring"]["experiment"]["effect_per_day"].is_object());
    assert_equal(&raw, &summary, "");
}

/// The largest share of cases in one score group (of the step) in production
/// (from the engine's `monitor_scores` and `monitor_audited`) or in the
/// evaluation reweighted to the context's prevalence: the bound on how far the
/// grouped Kolmogorov–Smirnov statistic may fall below the raw one.
fn cell_mass(python: &Path, out: &Path, dir: &Path) -> f64 {
    let output = Command::new(python)
        .arg(repo("tests/engines/cell_mass.py"))
        .arg(STEP.to_string())
        .arg(out)
        .arg(dir.join("eval.parquet"))
        // The sample's business.prevalence.
        .arg("0.033816425")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A returned audit sample whose formula-like ids the sample wrote with a `'`
/// (`'=HYPERLINK(…)`, so a spreadsheet does not run them) joins production's
/// unquoted ids through DuckDB as on the raw file: every verdict joined, every
/// number the raw run's.
#[test]
fn duckdb_joins_the_quoted_ids_of_a_returned_sample() {
    let Some(python) = engines_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let mut eval = String::from("score,label\n");
    for i in 0..400 {
        let positive = i % 5 == 0;
        let score = if positive {
            0.55 + (i % 40) as f64 / 100.0
        } else {
            (i % 60) as f64 / 100.0
        };
        eval.push_str(&format!("{score:.2},{}\n", u8::from(positive)));
    }
    let (mut production, mut audit) = (String::from("id,ts,score\n"), String::from("id,label\n"));
    for i in 0..600 {
        let id = if i % 3 == 0 {
            format!("\"=HYPERLINK(\"\"http://x/{i}\"\",\"\"y\"\")\"")
        } else {
            format!("c{i}")
        };
        production.push_str(&format!(
            "{id},2026-12-0{}T{:02}:{:02}:00Z,{:.3}\n",
            1 + i / 200,
            (i % 200) / 10,
            (i % 10) * 5,
            (i * 37 % 100) as f64 / 100.0
        ));
        if i % 4 == 0 {
            let quoted = id.replacen("\"=", "\"'=", 1);
            audit.push_str(&format!("{quoted},{}\n", u8::from(i % 7 == 0)));
        }
    }
    std::fs::write(dir.join("eval.csv"), eval).unwrap();
    std::fs::write(dir.join("production.csv"), production).unwrap();
    std::fs::write(dir.join("audit.csv"), &audit).unwrap();
    let raw = dir.join("context.yaml");
    std::fs::write(
        &raw,
        "title: quoted\ndata:\n  path: eval.csv\n  timezone: UTC\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 200\nthresholds:\n  current: 0.5\nmonitoring:\n  date: 2026-12-14\n  production: { path: production.csv, score: score, timestamp: ts, id: id }\n  audit: { path: audit.csv, id: id, label: label, sampled: { flagged: 0.25, not_flagged: 0.25 } }\n",
    )
    .unwrap();
    let out = dir.join("summary");
    let printed = app::sql(&SqlCommand {
        context_file: raw.clone(),
        dialect: Dialect::Duckdb,
        table: None,
        production_table: None,
        audit_table: None,
        context_output: Some(out.join("context.yaml")),
        resolution: None,
        examples: 10,
    })
    .unwrap();
    let sql = dir.join("quoted.sql");
    std::fs::write(&sql, printed.stdout).unwrap();
    run_duckdb(&python, dir, &sql, &out, None);
    let (raw, _) = monitor(&raw);
    let (summary, _) = monitor(&out.join("context.yaml"));
    let (raw, summary) = (raw.unwrap(), summary.unwrap());
    let audited = |json: &Value| {
        let a = &json["monitoring"]["audit"];
        a["flagged"]["audited"].as_u64().unwrap() + a["not_flagged"]["audited"].as_u64().unwrap()
    };
    assert_eq!(audited(&raw), 150, "every verdict joined on the raw file");
    assert_eq!(audited(&summary), 150, "and through DuckDB");
    assert_equal(&raw, &summary, "");
}

/// Runs `sql` on DuckDB from `dir` (`tests/engines/run_sql.py`), its results
/// into `out`; `tables`: `TRADEOFF_SQL_TABLES`, the tables' files.
fn run_duckdb(python: &Path, dir: &Path, sql: &Path, out: &Path, tables: Option<&str>) {
    let mut command = Command::new(python);
    command.current_dir(dir);
    if let Some(tables) = tables {
        command.env("TRADEOFF_SQL_TABLES", tables);
    }
    let output = command
        .arg(repo("tests/engines/run_sql.py"))
        .arg("duckdb")
        .arg(sql)
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
