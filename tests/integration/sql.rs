//! `tradeoff sql` (issue 14): its output parses as the dialect asked for
//! (sqlparser; Trino, which sqlparser has no dialect of, as ANSI SQL, whose quoting
//! Trino follows), names each result, quotes hostile names and text, and writes a
//! context that reads the results. The engines themselves run the SQL in
//! `engines.rs`.

use std::path::Path;

use sqlparser::dialect::{AnsiDialect, BigQueryDialect, Dialect, DuckDbDialect, SparkSqlDialect};
use sqlparser::parser::Parser;

use crate::repo;
use crate::tradeoff;

fn dialect(name: &str) -> Box<dyn Dialect> {
    match name {
        "duckdb" => Box::new(DuckDbDialect {}),
        "spark" => Box::new(SparkSqlDialect {}),
        "bigquery" => Box::new(BigQueryDialect {}),
        _ => Box::new(AnsiDialect {}),
    }
}

/// `tradeoff sql CONTEXT --dialect NAME [extra]`: (stdout, stderr, success).
fn sql(context: &Path, name: &str, extra: &[&str]) -> (String, String, bool) {
    let output = tradeoff()
        .arg("sql")
        .arg(context)
        .args(["--dialect", name])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.success(),
    )
}

/// Each statement's name and text, checked to parse as one statement of `name`.
fn parsed(text: &str, name: &str) -> Vec<String> {
    let mut names = Vec::new();
    for block in text.split("-- tradeoff: ").skip(1) {
        let (result, statement) = block.split_once('\n').unwrap();
        let parsed = Parser::parse_sql(&*dialect(name), statement)
            .unwrap_or_else(|e| panic!("{name}: `{result}` does not parse: {e}\n{statement}"));
        assert_eq!(parsed.len(), 1, "{name}: `{result}` is not one statement");
        names.push(result.to_owned());
    }
    names
}

#[test]
fn every_dialect_parses_for_the_fraud_sample() {
    let context = repo("samples/fraud/context.yaml");
    for name in ["duckdb", "spark", "trino", "bigquery"] {
        for resolution in [None, Some("0.0001")] {
            let mut extra = vec!["--table", "risk.eval_2026"];
            if let Some(r) = resolution {
                extra.extend(["--resolution", r]);
            }
            let (out, err, ok) = sql(&context, name, &extra);
            assert!(ok, "{name}: {err}");
            assert_eq!(
                parsed(&out, name),
                ["counts", "segment_1", "days", "repeated_ids", "examples"],
                "{name}"
            );
            // Standard output is SQL only: comments and statements.
            assert!(out.lines().all(|l| !l.starts_with("wrote")));
            // Each segment value keeps its scores, grouped first by the score (or
            // its step's group), so the monitor's drift per value is the raw
            // rows' (issue 27).
            let segment = out.split("-- tradeoff: segment_1\n").nth(1).unwrap();
            let group_by = segment.split("GROUP BY ").nth(1).unwrap();
            let quote = if matches!(name, "spark" | "bigquery") {
                '`'
            } else {
                '"'
            };
            let score = format!("{quote}score{quote}, ");
            match resolution {
                None => assert!(group_by.starts_with(&score), "{name}: {group_by}"),
                Some(_) => assert!(group_by.starts_with("(CASE WHEN"), "{name}: {group_by}"),
            }
        }
    }
}

/// The release review's `pairs` statement (issue 21) parses in every dialect for
/// a baseline that is a column of the table; a baseline file, which Trino and
/// BigQuery cannot read, leaves the pairs out and says why.
#[test]
fn every_dialect_parses_the_pairs_of_a_baseline_column() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.yaml");
    std::fs::write(
        dir.path().join("eval.csv"),
        "id,score,score_old,label,amount,country\n1,0.9,0.8,1,5,DE\n2,0.2,0.4,0,7,FR\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(repo("samples/fraud-release/context.yaml"))
        .unwrap()
        .replace("  id: transaction_id\n", "  id: id\n")
        .replace("show: [amount, merchant, country]", "show: [amount]")
        .replace("segments: [country, merchant]", "segments: [country]")
        .replace("  path: scores_v31.csv ", "  score: score_old ");
    std::fs::write(&context, text).unwrap();
    for name in ["duckdb", "spark", "trino", "bigquery"] {
        let (out, err, ok) = sql(&context, name, &["--table", "risk.eval_2026"]);
        assert!(ok, "{name}: {err}");
        let names = parsed(&out, name);
        assert_eq!(names.last().map(String::as_str), Some("pairs"), "{name}");
        assert!(out.contains("score_old"), "{name}");
        assert!(
            !err.contains("no SQL for the release review"),
            "{name}: {err}"
        );
    }
    for name in ["trino", "bigquery"] {
        let (out, err, ok) = sql(
            &repo("samples/fraud-release/context.yaml"),
            name,
            &["--table", "risk.eval_2026"],
        );
        assert!(ok, "{name}: {err}");
        assert!(!out.contains("-- tradeoff: pairs"), "{name}");
        assert!(
            err.contains("no SQL for the release review's pairs") && err.contains("scores_v31.csv"),
            "{name}: {err}"
        );
    }
}

#[test]
fn files_are_read_the_engines_way_and_tables_are_required_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.yaml");
    let text = std::fs::read_to_string(repo("tests/data/aggregated-counts/aggregated.yaml"))
        .unwrap()
        .replace("aggregated.csv", "eval.parquet");
    std::fs::write(&context, text).unwrap();
    let (out, _, ok) = sql(&context, "duckdb", &[]);
    assert!(ok && out.contains("read_parquet('"), "{out}");
    let (out, _, ok) = sql(&context, "spark", &[]);
    assert!(ok && out.contains("parquet.`"), "{out}");
    for name in ["trino", "bigquery"] {
        let (_, err, ok) = sql(&context, name, &[]);
        assert!(!ok && err.contains("pass --table"), "{name}: {err}");
    }
    let (_, err, ok) = sql(&context, "duckdb", &["--resolution", "0.3"]);
    assert!(!ok && err.contains("--resolution 0.3"), "{err}");
    let (_, err, ok) = sql(&context, "duckdb", &["--table", "a..b"]);
    assert!(!ok && err.contains("empty part"), "{err}");
    // A counted table stays counted: its count column is summed, not counted.
    let (out, _, _) = sql(&context, "duckdb", &[]);
    assert!(out.contains("SUM(CASE WHEN \"count\" <> 0 THEN \"count\" ELSE 0 END)"));
}

#[test]
fn hostile_names_and_text_stay_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.yaml");
    // Column names, a positive label and a table name built to break out of
    // identifiers and literals in each dialect.
    std::fs::write(
        &context,
        r#"title: hostile
data:
  path: "it's a \"file\" `x`.parquet"
  score: "s\"; DROP TABLE t; --"
  label: "l`) OR 1=1 --"
  positive: "yes'); DROP TABLE t; --\\"
  id: "i]d"
  weight: "w'eight"
  timestamp: "t\\s"
  show: ["a -- b"]
  segments: ["seg`\"'"]
business:
  positive: p
  negative: n
  action: a
  volume_per_day: 10
  costs: { false_positive: 1, false_negative: { column: "c'ost" }, true_positive: 0 }
thresholds:
  current: -0.5
  candidates: [{ name: x, threshold: 1e-9 }]
"#,
    )
    .unwrap();
    for name in ["duckdb", "spark", "trino", "bigquery"] {
        let (out, err, ok) = sql(&context, name, &["--table", "p`r\"o.d's"]);
        assert!(ok, "{name}: {err}");
        let names = parsed(&out, name);
        assert_eq!(
            names,
            ["counts", "segment_1", "days", "repeated_ids", "examples"],
            "{name}"
        );
        // No statement was cut short: nothing after a name's quote ran loose.
        for statement in out.split("-- tradeoff: ").skip(1) {
            let parsed =
                Parser::parse_sql(&*dialect(name), statement.split_once('\n').unwrap().1).unwrap();
            assert!(!format!("{parsed:?}").contains("Drop"), "{name}");
        }
    }
    // Spark reads the file by a backtick-quoted name.
    let (out, _, _) = sql(&context, "spark", &[]);
    assert!(out.contains("parquet.`"), "{out}");
}

#[test]
fn the_written_context_reads_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("summary").join("context.yaml");
    let (_, err, ok) = sql(
        &repo("samples/fraud/context.yaml"),
        "duckdb",
        &[
            "--context",
            written.to_str().unwrap(),
            "--resolution",
            "0.001",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains(
        "counts.parquet, segment_1.parquet, days.parquet, repeated_ids.parquet, examples.parquet"
    ));
    let text = std::fs::read_to_string(&written).unwrap();
    let context = tradeoff::input::context::parse_context(&text, &written).unwrap();
    let summary = context.data.summary.unwrap();
    assert_eq!(summary.resolution, Some(0.001));
    assert_eq!(context.data.path, dir.path().join("summary/counts.parquet"));
    assert_eq!(context.data.count.as_deref(), Some("cases"));
    assert_eq!(summary.squares_of("amount"), Some("amount_squares"));
    assert_eq!(
        summary.segments,
        [(
            "country".to_owned(),
            dir.path().join("summary/segment_1.parquet")
        )]
    );
    // The business part is the original's.
    let original =
        tradeoff::input::context::load_context(&repo("samples/fraud/context.yaml")).unwrap();
    assert_eq!(context.business, original.business);
    assert_eq!(context.thresholds, original.thresholds);
    assert_eq!(context.narrative, original.narrative);
    assert_eq!(context.data.timezone, original.data.timezone);
}

#[test]
fn the_written_context_says_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("context.yaml");
    let (_, err, ok) = sql(
        &repo("samples/fraud-release/context.yaml"),
        "duckdb",
        &["--context", written.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    // At exact scores the engine pairs the two models' scores: the baseline is kept.
    assert!(!err.contains("leaves out baseline"), "{err}");
    // Grouped to a step it is not (issue 21): said, with why; the gates that need
    // no baseline are kept.
    let (_, err, ok) = sql(
        &repo("samples/fraud-release/context.yaml"),
        "duckdb",
        &[
            "--context",
            written.to_str().unwrap(),
            "--resolution",
            "0.001",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        err.contains("leaves out baseline (the engine's results hold no pairs")
            && err.contains("the release review's pairs are written at exact scores only")
            && err.contains("gates.no_worse_than_baseline (it needs the baseline)"),
        "{err}"
    );
    let text = std::fs::read_to_string(&written).unwrap();
    let context = tradeoff::input::context::parse_context(&text, &written).unwrap();
    assert!(context.baseline.is_none(), "{text}");
    assert!(!context.gates.limits.is_empty(), "{text}");
    let (_, err, ok) = sql(
        &repo("samples/fraud/context.yaml"),
        "duckdb",
        &["--context", written.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(!err.contains("leaves out"), "{err}");
}

/// Every key path of a YAML document (`a.b.c`; list items as `a[]`).
fn key_paths(value: &serde_norway::Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        serde_norway::Value::Mapping(map) => {
            for (k, v) in map {
                let key = format!("{prefix}{}", k.as_str().unwrap());
                out.push(key.clone());
                key_paths(v, &format!("{key}."), out);
            }
        }
        serde_norway::Value::Sequence(items) => {
            for item in items {
                key_paths(item, &format!("{}[].", prefix.trim_end_matches('.')), out);
            }
        }
        _ => {}
    }
}

fn yaml(path: &Path) -> serde_norway::Value {
    serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Issue 21: the context `tradeoff sql --context` writes is the original's types
/// serialised: read → write → read keeps every key (those that describe the raw
/// file or need cases are said to be left out), and `monitoring:` paths still
/// point at production and the audit from the written file's folder.
#[test]
fn the_written_context_keeps_every_key_of_the_original() {
    let allowed = ["data.separator", "data.decimal", "data.timestamp_unit"];
    for sample in [
        "samples/fraud/context.yaml",
        "samples/fraud-release/context.yaml",
        "samples/fraud-monitoring/fraud.yaml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let written = dir.path().join("deeper").join("summary.yaml");
        let (_, err, ok) = sql(
            &repo(sample),
            "duckdb",
            &["--context", written.to_str().unwrap()],
        );
        assert!(ok, "{err}");
        let mut before = Vec::new();
        key_paths(&yaml(&repo(sample)), "", &mut before);
        let mut after = Vec::new();
        key_paths(&yaml(&written), "", &mut after);
        for key in &before {
            // The baseline's file and its id are the engine's pairs now: the
            // engine joined them (issue 21).
            if key == "baseline.path" || key == "baseline.id" {
                assert!(
                    after.contains(&"data.summary.pairs".to_owned()),
                    "{sample}: `{key}` without data.summary.pairs"
                );
                continue;
            }
            let left_out = allowed
                .iter()
                .any(|a| key == a || key.starts_with(&format!("{a}.")));
            assert!(
                after.contains(key) || left_out,
                "{sample}: `{key}` is lost in the written context"
            );
            if left_out && !after.contains(key) {
                let top = allowed
                    .iter()
                    .find(|a| key == *a || key.starts_with(&format!("{a}.")))
                    .unwrap();
                assert!(
                    err.contains(top),
                    "{sample}: `{key}` left out without a word: {err}"
                );
            }
        }
        let text = std::fs::read_to_string(&written).unwrap();
        let context = tradeoff::input::context::parse_context(&text, &written).unwrap();
        let original = tradeoff::input::context::load_context(&repo(sample)).unwrap();
        assert_eq!(context.business, original.business, "{sample}");
        assert_eq!(context.thresholds, original.thresholds, "{sample}");
        assert_eq!(context.title, original.title, "{sample}");
        // The baseline reads the engine's pairs (issue 21): its name, threshold and
        // min_overlap as written, its scores a column of `pairs`; the gates whole.
        assert_eq!(context.gates, original.gates, "{sample}");
        if let Some(baseline) = &original.baseline {
            let written = context.baseline.as_ref().unwrap();
            assert_eq!(
                (&written.name, written.threshold, written.min_overlap),
                (&baseline.name, baseline.threshold, baseline.min_overlap),
            );
            assert_eq!(
                written.source,
                tradeoff::input::context::BaselineSource::Column("baseline_score".to_owned())
            );
            let pairs = context.data.summary.as_ref().unwrap().pairs.as_ref();
            assert!(
                pairs.unwrap().ends_with("deeper/pairs.parquet"),
                "{pairs:?}"
            );
        }
        if let Some(monitoring) = &original.monitoring {
            // Production is the engine's result now (issue 27); the audit is read
            // as before, from the written file's folder.
            let written = context.monitoring.as_ref().unwrap();
            assert!(
                written
                    .production
                    .path
                    .ends_with("deeper/monitor_scores.parquet")
            );
            let summary = written.production.summary.as_ref().unwrap();
            assert!(
                summary
                    .audited
                    .as_ref()
                    .unwrap()
                    .ends_with("deeper/monitor_audited.parquet")
            );
            // The experiment reads the engine's cases per arm and outcome.
            assert_eq!(written.experiment, monitoring.experiment, "{sample}");
            assert_eq!(
                summary.experiment.is_some(),
                monitoring.experiment.is_some(),
                "{sample}"
            );
            if let Some(file) = &summary.experiment {
                assert!(
                    file.ends_with("deeper/monitor_experiment.parquet"),
                    "{file:?}"
                );
            }
            assert_eq!(
                written.audit.as_ref().unwrap().path.canonicalize().unwrap(),
                monitoring
                    .audit
                    .as_ref()
                    .unwrap()
                    .path
                    .canonicalize()
                    .unwrap()
            );
        }
    }
}

/// Issue 27: on a context with `monitoring:`, DuckDB and Spark also get
/// `monitor_scores` and `monitor_audited`, parsing as the dialect, with hostile
/// production and audit names quoted; Trino and BigQuery (which read tables only)
/// keep the report's statements and say why the monitoring ones are missing.
#[test]
fn monitoring_statements_parse_and_quote_hostile_names() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("context.yaml");
    std::fs::write(
        &context,
        r#"title: hostile monitoring
data:
  path: eval.parquet
  score: score
  label: label
  timezone: "+05:30"
business:
  positive: p
  negative: n
  action: a
  volume_per_day: 10
thresholds:
  current: 0.5
monitoring:
  production:
    path: "it's \"prod\" `x`.parquet"
    score: "s\"; DROP TABLE t; --"
    timestamp: "t`'s"
    id: "i'd\\"
  audit:
    path: "a'udit`.parquet"
    id: "a\"id') OR 1=1 --"
    sampled: { flagged: 1, not_flagged: 0.1 }
  experiment:
    arm: "ar`m'\"; DROP TABLE t; --"
    model: m
    holdout: h
    split: 0.9
    outcome: "lo\"st') OR 1=1 --"
"#,
    )
    .unwrap();
    for name in ["duckdb", "spark"] {
        for resolution in [None, Some("0.001")] {
            let extra: Vec<&str> = resolution.map_or(vec![], |r| vec!["--resolution", r]);
            let (out, err, ok) = sql(&context, name, &extra);
            assert!(ok, "{name}: {err}");
            assert_eq!(
                parsed(&out, name),
                [
                    "counts",
                    "examples",
                    "monitor_scores",
                    "monitor_audited",
                    "monitor_repeated_ids",
                    "monitor_experiment"
                ],
                "{name}"
            );
            for statement in out.split("-- tradeoff: ").skip(1) {
                let parsed =
                    Parser::parse_sql(&*dialect(name), statement.split_once('\n').unwrap().1)
                        .unwrap();
                assert!(!format!("{parsed:?}").contains("Drop"), "{name}");
            }
            // The fixed zone cuts days at +05:30 from the instant in ms.
            assert!(out.contains("+ 1.98e7) / 86400000e0)"), "{out}");
        }
    }
    for name in ["trino", "bigquery"] {
        let (out, err, ok) = sql(&context, name, &["--table", "risk.eval"]);
        assert!(ok, "{name}: {err}");
        assert_eq!(parsed(&out, name), ["counts", "examples"], "{name}");
        assert!(err.contains("no SQL for the monitoring section"), "{err}");
        assert!(err.contains("pass --production-table"), "{err}");
        // Issue 27: with production's and the audit's tables named, every
        // monitoring statement, hostile table names quoted.
        let tables = [
            "--table",
            "risk.eval",
            "--production-table",
            "risk.prod`\"x'; DROP TABLE t; --",
            "--audit-table",
            "risk.a'udit",
        ];
        let (out, err, ok) = sql(&context, name, &tables);
        assert!(ok, "{name}: {err}");
        assert_eq!(
            parsed(&out, name),
            [
                "counts",
                "examples",
                "monitor_scores",
                "monitor_audited",
                "monitor_repeated_ids",
                "monitor_experiment"
            ],
            "{name}"
        );
        assert!(!err.contains("no SQL for the monitoring section"), "{err}");
        for statement in out.split("-- tradeoff: ").skip(1) {
            let parsed =
                Parser::parse_sql(&*dialect(name), statement.split_once('\n').unwrap().1).unwrap();
            assert!(!format!("{parsed:?}").contains("Drop"), "{name}");
        }
    }
}

/// Issue 27: the monitoring sample (named time zone, an audit and an experiment)
/// through Trino and BigQuery, reading production and the audit from tables:
/// every statement parses, reads the tables named, and the written context reads
/// the experiment's result. A table flag without the section it reads is refused.
#[test]
fn production_and_audit_tables_give_every_dialect_the_monitoring_statements() {
    let context = repo("samples/fraud-monitoring/fraud.yaml");
    for name in ["trino", "bigquery", "duckdb", "spark"] {
        let dir = tempfile::tempdir().unwrap();
        let written = dir.path().join("context.yaml");
        let (out, err, ok) = sql(
            &context,
            name,
            &[
                "--table",
                "risk.eval",
                "--production-table",
                "risk.production",
                "--audit-table",
                "risk.audit",
                "--context",
                written.to_str().unwrap(),
            ],
        );
        assert!(ok, "{name}: {err}");
        let names = parsed(&out, name);
        assert_eq!(
            names[names.len() - 4..],
            [
                "monitor_scores",
                "monitor_audited",
                "monitor_repeated_ids",
                "monitor_experiment"
            ],
            "{name}"
        );
        let quote = if matches!(name, "trino" | "duckdb") {
            '"'
        } else {
            '`'
        };
        for table in ["production", "audit"] {
            assert!(
                out.contains(&format!("{quote}risk{quote}.{quote}{table}{quote}")),
                "{name}: {table}"
            );
        }
        assert!(!out.contains("production.parquet"), "{name}");
        let text = std::fs::read_to_string(&written).unwrap();
        assert!(
            text.contains("experiment: monitor_experiment.parquet"),
            "{text}"
        );
        assert!(!text.contains("Left out: monitoring.experiment"), "{text}");
    }
    let (_, err, ok) = sql(
        &repo("samples/fraud/context.yaml"),
        "duckdb",
        &["--production-table", "risk.production"],
    );
    assert!(!ok && err.contains("has no `monitoring:` section"), "{err}");
}
