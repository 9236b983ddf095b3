//! `tradeoff sql`: the SQL that has an engine (DuckDB, Spark, Trino, BigQuery)
//! reduce a whole evaluation table to what the report needs, and the context that
//! reads the engine's results. Pure: context in, text out.
//!
//! Each statement starts with a line `-- tradeoff: NAME` and produces one result,
//! saved as `NAME.parquet` beside the written context:
//! - `counts`: one row per (score, label) with the cases it stands for (`data.count`),
//!   the mean weight and Σw² when a weight column is named, and each cost column's
//!   weighted mean and Σ weight × cost², so every sum and Kish's n come out as from
//!   the raw rows (`crate::stats::weights`);
//! - `segment_N`: per score (or score group), value of the N-th segment column,
//!   label and side of the current threshold (its lowest score keeps the side);
//! - `days`: per local day (in the context's zone), label and side;
//! - `examples`: raw rows — the surest false alarms and misses, the cases nearest
//!   each named threshold, and the lowest and highest case of each of 250 score
//!   bands, as the report picks them from a whole file.
//!
//! Scores are grouped exactly by default. With a resolution R (1/M for a whole M,
//! or a whole number), each score counts as the largest multiple k·R at or below it,
//! with k·R computed as k / M in IEEE doubles — the double a user writes as
//! "0.3" — and corrected by one step where `FLOOR(score · M)` rounds across an
//! edge; so a threshold that is a multiple of R flags exactly the cases it flags
//! in the raw table.
//!
//! Every identifier is quoted for the dialect and every piece of user text is a
//! quoted, escaped literal; numbers are written in exponent form, which every
//! dialect reads as a double.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::Path;

use thiserror::Error;

use crate::input::context::{BaselineSource, Context};
use crate::input::eval::ids::IdMatch;
use crate::input::eval::{
    PAIR_BASELINE_FORM, PAIR_BASELINE_ONLY, PAIR_COLUMNS, PAIR_EVALUATION_FORM, PAIR_MATCHED,
    PAIR_MISSING_BASELINE, PAIR_MISSING_EVALUATION, PAIR_REPEATED_BASELINE,
    PAIR_REPEATED_EVALUATION, PAIR_SCORE, TimestampStorage,
};
use crate::input::plan::{DAY_FIRST_SEEN, DAY_LAST_SEEN};
use crate::model::mistakes::POOL_BINS;
use crate::stats::zone::Zone;

/// The engine whose SQL to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// DuckDB (reads the context's file with `read_parquet` by default).
    Duckdb,
    /// Spark SQL (reads the context's file as ``parquet.`…` `` by default).
    Spark,
    /// Trino and Presto (needs `--table`).
    Trino,
    /// BigQuery standard SQL (needs `--table`).
    Bigquery,
}

impl Dialect {
    /// The dialect's name as `--dialect` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Trino => "trino",
            Dialect::Bigquery => "bigquery",
        }
    }
}

/// What `tradeoff sql` cannot write, and what to do.
#[derive(Debug, Error)]
pub enum SqlError {
    /// Trino and BigQuery read tables only.
    #[error(
        "--dialect {dialect} reads tables, not files: pass {flag} with the table holding {file}"
    )]
    NeedsTable {
        /// The dialect's name.
        dialect: &'static str,
        /// The flag naming the table instead (`--table`, `--production-table`, …).
        flag: &'static str,
        /// The context's data file.
        file: String,
    },
    /// Spark's `csv.`…`` reads no header.
    #[error(
        "--dialect spark reads a CSV file without its header this way: load {file} as a table (or write it as Parquet) and pass {flag}"
    )]
    SparkCsv {
        /// See [`SqlError::NeedsTable`].
        flag: &'static str,
        /// The context's data file.
        file: String,
    },
    /// A data file of no known type.
    #[error("{file}: unknown file type: pass {flag}, or use a .parquet, .csv or .ndjson file")]
    FileType {
        /// See [`SqlError::NeedsTable`].
        flag: &'static str,
        /// The context's data file.
        file: String,
    },
    /// A step the engines cannot group by exactly.
    #[error(
        "--resolution {0}: use a step whose inverse is a whole number (0.0001, 0.001, 0.05, 0.5) or a whole number (1, 5, 10)"
    )]
    Resolution(f64),
    /// Two result columns would share a name.
    #[error(
        "the summary would have two columns named `{0}`: rename that column of the table (or use a view) so the names differ"
    )]
    Collision(String),
    /// A name or a path with a line break or another control character.
    #[error(
        "\"{0}\" holds a line break or another control character, which no SQL this tool writes may carry: rename that column (or file, or table)"
    )]
    ControlCharacter(String),
    /// The release review's pairs at a resolution.
    #[error(
        "--resolution {0}: the release review's pairs are written at exact scores only (grouping both models' scores to a step moves the ROC AUC, DeLong's test and the matched points by amounts no bound here covers): run without --resolution for a context that keeps the baseline"
    )]
    PairsResolution(f64),
    /// The baseline's and the evaluation's ids could not be read to choose how
    /// to join them.
    #[error(
        "the ids of the baseline's file and of the evaluation could not be read here to choose how to join them as the raw report does ({0}): run `tradeoff sql` where both files can be read"
    )]
    PairsIds(String),
    /// The engine cannot read the baseline's file this way.
    #[error(
        "the baseline's file cannot be joined this way ({0}): write it as Parquet, load it where the evaluation table is and make its scores a column of that table (baseline.score), or run the release review on the original context"
    )]
    PairsFile(String),
    /// A `--table` (or `--production-table`, `--audit-table`) such as `a..b`.
    #[error(
        "{flag} `{table}` has an empty part: write NAME or SCHEMA.NAME (dots separate the parts)"
    )]
    Table {
        /// The flag.
        flag: &'static str,
        /// The table as given.
        table: String,
    },
}

/// A score step an engine can group by exactly (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// 1 / M: edges at k / M.
    Fraction(u64),
    /// A whole number R: edges at k · R.
    Whole(u64),
}

impl Step {
    /// The step a `--resolution` asks for.
    ///
    /// # Errors
    /// [`SqlError::Resolution`] for a step that is neither 1/M nor whole, or not > 0.
    pub fn parse(resolution: f64) -> Result<Step, SqlError> {
        let bad = SqlError::Resolution(resolution);
        if !(resolution.is_finite() && resolution > 0.0) {
            return Err(bad);
        }
        if resolution >= 1.0 {
            return (resolution.fract() == 0.0 && resolution < 9.0e15)
                .then_some(Step::Whole(resolution as u64))
                .ok_or(bad);
        }
        let inverse = (1.0 / resolution).round();
        ((inverse * resolution - 1.0).abs() < 1e-9 && inverse < 9.0e15)
            .then_some(Step::Fraction(inverse as u64))
            .ok_or(bad)
    }

    /// The step as a number.
    pub fn value(self) -> f64 {
        match self {
            Step::Fraction(m) => 1.0 / m as f64,
            Step::Whole(r) => r as f64,
        }
    }
}

/// What to write SQL for.
#[derive(Debug, Clone)]
pub struct SqlRequest<'a> {
    /// The context of the raw evaluation table.
    pub context: &'a Context,
    /// The engine's SQL dialect.
    pub dialect: Dialect,
    /// The table to read (dot-separated parts); `None`: the context's data file,
    /// read the engine's way.
    pub table: Option<&'a str>,
    /// Group scores to multiples of this step; `None`: exact scores.
    pub step: Option<Step>,
    /// Examples of each kind of mistake the report will show (`--examples`).
    pub examples: usize,
    /// How `data.timestamp` is stored in the table (dates and datetimes when not
    /// known).
    pub timestamps: TimestampStorage,
}

/// One statement and the name of the result it produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The result's name: it is saved as `NAME.parquet`.
    pub name: String,
    /// One SELECT, without the closing semicolon.
    pub sql: String,
}

/// The column of every result holding the cases each row stands for.
pub(crate) const CASES: &str = "cases";

/// The column names of the results, as the written context reads them.
#[derive(Debug, Clone, PartialEq)]
struct Names {
    cases: &'static str,
    day: &'static str,
    /// `(column, its squares column)` for the weight and each cost column.
    squares: Vec<(String, String)>,
}

/// The statements, in order: counts, segments, days, examples.
///
/// # Errors
/// A file an engine cannot read this way, a bad table name, or clashing names.
pub fn build_sql(request: &SqlRequest) -> Result<Vec<Statement>, SqlError> {
    let q = Quoting::new(request.dialect);
    let context = request.context;
    let data = &context.data;
    let names = names(context)?;
    let source = source(request)?;
    let score = q.ident(&data.score);
    let label = q.ident(&data.label);
    let count = data.count.as_deref().map(|c| q.ident(c));
    let weight = data.weight.as_deref().map(|w| q.ident(w));
    // Each row's weight in sums, and the cases it stands for (0 when that weight is 0).
    let mass = match (&count, &weight) {
        (None, None) => "1".to_owned(),
        (Some(c), None) => c.clone(),
        (None, Some(w)) => w.clone(),
        (Some(c), Some(w)) => format!("{c} * {w}"),
    };
    let cases = match (&count, &weight) {
        (None, None) => "COUNT(*)".to_owned(),
        _ => format!(
            "SUM(CASE WHEN {mass} <> 0 THEN {} ELSE 0 END)",
            count.as_deref().unwrap_or("1")
        ),
    };
    // `mass × x`, without a factor of 1.
    let times = |x: &str| {
        if mass == "1" {
            x.to_owned()
        } else {
            format!("{mass} * {x}")
        }
    };
    let ratio = |numerator: &str, denominator: &str| {
        format!("COALESCE({numerator} / NULLIF({denominator}, 0), 0)")
    };
    // The weight's columns, shared by every result of counted rows.
    let weight_columns = |with_squares: bool| -> Vec<String> {
        let Some(w) = &data.weight else {
            return Vec::new();
        };
        let mut columns = vec![format!(
            "{} AS {}",
            ratio(&format!("SUM({mass})"), &cases),
            q.ident(w)
        )];
        if with_squares {
            columns.push(format!(
                "SUM({}) AS {}",
                times(&q.ident(w)),
                q.ident(&squares_name(w))
            ));
        }
        columns
    };
    let mut statements = Vec::new();

    // 1. Counts per (score, label), with the sums weights and cost columns need.
    let grouped_score = match request.step {
        None => score.clone(),
        Some(step) => q.grouped(&score, step),
    };
    let mut columns = vec![
        format!("{grouped_score} AS {score}"),
        format!("{label} AS {label}"),
        format!("{cases} AS {}", q.ident(names.cases)),
    ];
    columns.extend(weight_columns(true));
    for cost in context.business.cost_columns.names() {
        let c = q.ident(&cost);
        columns.push(format!(
            "{} AS {c}",
            ratio(&format!("SUM({})", times(&c)), &format!("SUM({mass})"))
        ));
        columns.push(format!(
            "SUM({}) AS {}",
            times(&format!("{c} * {c}")),
            q.ident(&squares_name(&cost))
        ));
    }
    statements.push(Statement {
        name: "counts".to_owned(),
        sql: format!(
            "SELECT\n  {}\nFROM {source}\nGROUP BY 1, 2",
            columns.join(",\n  ")
        ),
    });

    // 2. and 3. Segments and days at the current threshold: one row per group and
    //    side, its lowest score keeping the side.
    let side = format!(
        "CASE WHEN {score} >= {} THEN 1 ELSE 0 END",
        number(context.thresholds.current)
    );
    // Only rows with a finite score: a NULL would land on the unflagged side and a
    // NaN on the flagged one, hidden by MIN (issue 22). The counts keep them, so the
    // report finds them and leaves them out (--drop-invalid) or stops, as on the
    // raw table.
    let valid = q.finite(&score);
    let by_side = |key: &str, key_name: &str, more: Vec<String>, by_score: bool| {
        let mut columns = vec![
            format!("MIN({score}) AS {score}"),
            format!("{label} AS {label}"),
            format!("{key} AS {}", q.ident(key_name)),
            format!("{cases} AS {}", q.ident(names.cases)),
        ];
        columns.extend(weight_columns(false));
        columns.extend(more);
        // A segment's rows keep their scores (exact, or the step's groups): the
        // monitor compares each value's production scores with them (drift per
        // value, issue 27); one lowest score per side cannot stand for them.
        let score_group = if by_score {
            format!("{grouped_score}, ")
        } else {
            String::new()
        };
        format!(
            "SELECT\n  {}\nFROM {source}\nWHERE {valid}\nGROUP BY {score_group}{label}, {key}, {side}",
            columns.join(",\n  ")
        )
    };
    for (i, segment) in data.segments.iter().enumerate() {
        statements.push(Statement {
            name: format!("segment_{}", i + 1),
            sql: by_side(&q.ident(segment), segment, Vec::new(), true),
        });
    }
    if let Some(timestamp) = &data.timestamp {
        statements.push(Statement {
            name: "days".to_owned(),
            sql: by_side(
                &q.local_day(&q.ident(timestamp), request.timestamps, &data.timezone),
                names.day,
                // How much of each day was seen: partial first and last days are
                // told apart from whole ones (issue 22).
                [("MIN", DAY_FIRST_SEEN), ("MAX", DAY_LAST_SEEN)]
                    .map(|(f, name)| {
                        let seconds = q.epoch_seconds(&q.ident(timestamp), request.timestamps);
                        format!("{f}({seconds}) AS {}", q.ident(name))
                    })
                    .into(),
                false,
            ),
        });
    }

    // 4. Ids on more than one row, among the rows that count (a finite score, a
    //    label, a weight and count other than 0), as the raw report finds them:
    //    how many ids and extra rows, and the most repeated (issue 22).
    if let Some(id) = &data.id {
        let id = q.ident(id);
        let mut kept = vec![
            valid.clone(),
            format!("{label} IS NOT NULL"),
            format!("{id} IS NOT NULL"),
        ];
        if mass != "1" {
            kept.push(format!("{mass} <> 0"));
        }
        statements.push(Statement {
            name: "repeated_ids".to_owned(),
            sql: format!(
                "SELECT id, n AS repeats, ids, extra_rows\nFROM (\n  SELECT id, n, COUNT(*) OVER () AS ids, SUM(n - 1) OVER () AS extra_rows\n  FROM (\n    SELECT {id} AS id, COUNT(*) AS n\n    FROM {source}\n    WHERE {}\n    GROUP BY {id}\n    HAVING COUNT(*) > 1\n  ) AS repeated\n) AS counted\nORDER BY n DESC, id\nLIMIT 3",
                kept.join(" AND ")
            ),
        });
    }

    // 5. Example rows, picked as the report picks them from a whole file.
    statements.push(Statement {
        name: "examples".to_owned(),
        sql: examples(request, &q, &source),
    });
    q.refused()?;
    Ok(statements)
}

/// The result pairing the evaluation's cases with the baseline's scores.
pub(crate) const PAIRS: &str = "pairs";

/// The `pairs` statement: the evaluation's rows joined with the baseline's scores
/// as the raw report joins them (a column of the table; or the baseline's file on
/// the ids, as written or by value as `id_match` says, which `tradeoff sql` chose
/// as the raw run does from both files' ids), reduced to one counted row per
/// distinct (candidate score, baseline score, label, whether the baseline has
/// the case, weight, cost columns, segments). Each row is identical cases, so
/// the comparison on them is the comparison on the cases. Every row also carries
/// the join's checks (baseline rows no valid case has, a repeated and a missing
/// id on each side, the two forms of an id joined by value), which the report
/// reads as the raw run reads the files. Scores and NULL or NaN scores are kept
/// as they are: the report leaves them out (`--drop-invalid`) or stops, as on
/// the raw table. `None` without a baseline.
///
/// # Errors
/// A `--resolution` ([`SqlError::PairsResolution`]), a baseline file without
/// its `id_match` ([`SqlError::PairsIds`]) or the engine cannot read it, or
/// clashing names.
pub fn build_pairs_sql(
    request: &SqlRequest,
    id_match: Option<&IdMatch>,
) -> Result<Option<Statement>, SqlError> {
    let context = request.context;
    let Some(baseline) = &context.baseline else {
        return Ok(None);
    };
    if let Some(step) = request.step {
        return Err(SqlError::PairsResolution(step.value()));
    }
    let q = Quoting::new(request.dialect);
    let data = &context.data;
    let source = source(request)?;
    let text_type = q.text_type();
    let null_text = format!("CAST(NULL AS {text_type})");
    let text = |x: &str| format!("TRIM(CAST({x} AS {text_type}))");
    let ident = |name: &str| q.ident(name);
    let checks: Vec<(&str, String)>;
    let paired = match &baseline.source {
        BaselineSource::Column(column) => {
            checks = vec![
                (PAIR_BASELINE_ONLY, "0".to_owned()),
                (PAIR_REPEATED_EVALUATION, null_text.clone()),
                (PAIR_REPEATED_BASELINE, null_text.clone()),
                (PAIR_MISSING_EVALUATION, "0".to_owned()),
                (PAIR_MISSING_BASELINE, "0".to_owned()),
                (PAIR_EVALUATION_FORM, null_text.clone()),
                (PAIR_BASELINE_FORM, null_text.clone()),
            ];
            format!(
                "SELECT *, {} AS tradeoff_baseline, 1 AS tradeoff_matched FROM {source}",
                ident(column)
            )
        }
        BaselineSource::File {
            path,
            score,
            id,
            data_id,
        } => {
            let Some(id_match) = id_match else {
                return Err(SqlError::PairsIds("the files were not read".to_owned()));
            };
            let baseline_source = file_source(&q, request.dialect, path, "--table")
                .map_err(|e| SqlError::PairsFile(e.to_string()))?;
            let key = |x: &str| match id_match {
                IdMatch::AsWritten => text(x),
                IdMatch::ByValue { .. } => q.integer_key(&text(x)),
            };
            let (eid, bid) = (ident(data_id), ident(id));
            let label = ident(&data.label);
            let valid = q.finite(&ident(&data.score));
            let repeated = |k: &str, table: &str| {
                format!(
                    "(SELECT MIN(tradeoff_k) FROM (SELECT {k} AS tradeoff_k FROM {table} GROUP BY {k} HAVING COUNT(*) > 1) AS tradeoff_r WHERE tradeoff_k IS NOT NULL AND tradeoff_k <> '')"
                )
            };
            let missing = |x: &str, table: &str| {
                format!(
                    "(SELECT COUNT(*) FROM {table} WHERE {x} IS NULL OR {} = '')",
                    text(x)
                )
            };
            let (left, right) = match id_match {
                IdMatch::ByValue { left, right } => (q.string(left), q.string(right)),
                IdMatch::AsWritten => (null_text.clone(), null_text.clone()),
            };
            checks = vec![
                (
                    PAIR_BASELINE_ONLY,
                    format!(
                        "(SELECT COUNT(*) FROM (SELECT {} AS tradeoff_k FROM {baseline_source}) AS tradeoff_b LEFT JOIN (SELECT DISTINCT {} AS tradeoff_k FROM {source} WHERE {valid} AND {label} IS NOT NULL) AS tradeoff_e ON tradeoff_b.tradeoff_k = tradeoff_e.tradeoff_k WHERE tradeoff_e.tradeoff_k IS NULL)",
                        key(&bid),
                        key(&eid)
                    ),
                ),
                (PAIR_REPEATED_EVALUATION, repeated(&text(&eid), &source)),
                (
                    PAIR_REPEATED_BASELINE,
                    repeated(&key(&bid), &baseline_source),
                ),
                (PAIR_MISSING_EVALUATION, missing(&eid, &source)),
                (PAIR_MISSING_BASELINE, missing(&bid, &baseline_source)),
                (PAIR_EVALUATION_FORM, left),
                (PAIR_BASELINE_FORM, right),
            ];
            format!(
                "SELECT tradeoff_e.*, tradeoff_b.tradeoff_baseline, CASE WHEN tradeoff_b.tradeoff_key IS NULL THEN 0 ELSE 1 END AS tradeoff_matched\n    FROM {source} AS tradeoff_e\n    LEFT JOIN (SELECT {} AS tradeoff_key, {} AS tradeoff_baseline FROM {baseline_source}) AS tradeoff_b\n    ON {} = tradeoff_b.tradeoff_key",
                key(&bid),
                ident(score),
                key(&format!("tradeoff_e.{eid}"))
            )
        }
    };
    // The grouped columns, each once, then the cases and the checks.
    let mut grouped: Vec<(String, String)> = vec![
        (ident(&data.score), data.score.clone()),
        ("tradeoff_baseline".to_owned(), PAIR_SCORE.to_owned()),
        (ident(&data.label), data.label.clone()),
        ("tradeoff_matched".to_owned(), PAIR_MATCHED.to_owned()),
    ];
    let mut more: Vec<String> = data.weight.iter().cloned().collect();
    more.extend(context.business.cost_columns.names());
    more.extend(data.segments.iter().cloned());
    for column in more {
        if !grouped.iter().any(|(_, name)| *name == column) {
            grouped.push((ident(&column), column));
        }
    }
    // No name twice: the evaluation's columns against the pairs' own.
    let mut names: Vec<&str> = grouped.iter().map(|(_, n)| n.as_str()).collect();
    names.push(CASES);
    names.extend(PAIR_COLUMNS[2..].iter().copied());
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(SqlError::Collision(w[0].to_owned()));
    }
    let count = data.count.as_deref().map(&ident);
    let weight = data.weight.as_deref().map(&ident);
    let cases = match (&count, &weight) {
        (None, None) => "COUNT(*)".to_owned(),
        (c, w) => {
            let mass = match (c, w) {
                (Some(c), Some(w)) => format!("{c} * {w}"),
                (Some(c), None) => c.clone(),
                (None, Some(w)) => w.clone(),
                (None, None) => "1".to_owned(),
            };
            format!(
                "SUM(CASE WHEN {mass} <> 0 THEN {} ELSE 0 END)",
                c.as_deref().unwrap_or("1")
            )
        }
    };
    let mut columns: Vec<String> = grouped
        .iter()
        .map(|(expression, name)| format!("{expression} AS {}", ident(name)))
        .collect();
    columns.push(format!("{cases} AS {}", ident(CASES)));
    columns.extend(
        checks
            .iter()
            .map(|(name, _)| format!("MIN(tradeoff_checks.{0}) AS {0}", ident(name))),
    );
    let check_columns: Vec<String> = checks
        .iter()
        .map(|(name, expression)| format!("{expression} AS {}", ident(name)))
        .collect();
    let positions: Vec<String> = (1..=grouped.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT\n  {}\nFROM (\n    {paired}\n) AS tradeoff_paired\nCROSS JOIN (\n  SELECT\n    {}\n) AS tradeoff_checks\nGROUP BY {}",
        columns.join(",\n  "),
        check_columns.join(",\n    "),
        positions.join(", ")
    );
    q.refused()?;
    Ok(Some(Statement {
        name: PAIRS.to_owned(),
        sql,
    }))
}

mod experiment;
mod monitoring;

pub(crate) use experiment::EXPERIMENT;
pub(crate) use monitoring::{AUDITED, REPEATED, SCORES};
pub use monitoring::{MonitorSqlRequest, build_monitor_sql};

/// The statements as `tradeoff sql` prints them.
pub fn render_sql(statements: &[Statement], context_file: &Path, dialect: Dialect) -> String {
    let mut text = format!(
        "-- SQL written by tradeoff {} for {} ({}). Save each result as NAME.parquet\n-- beside the context `tradeoff sql --context` writes, then run `tradeoff report` on it.\n-- Files are named as the context names them, relative to the context's folder:\n-- run the SQL from that folder (or pass --table).\n\n",
        env!("CARGO_PKG_VERSION"),
        sanitise_comment(&context_file.display().to_string()),
        dialect.name()
    );
    for s in statements {
        let _ = write!(text, "-- tradeoff: {}\n{};\n\n", s.name, s.sql);
    }
    text
}

/// A comment line cannot end early: line breaks and other control characters
/// become spaces.
pub(crate) fn sanitise_comment(text: &str) -> String {
    text.chars()
        .map(|c| if breaks_lines(c) { ' ' } else { c })
        .collect()
}

/// The names every result uses, checked for clashes with the table's columns.
fn names(context: &Context) -> Result<Names, SqlError> {
    let data = &context.data;
    let mut squares = Vec::new();
    if let Some(w) = &data.weight {
        squares.push((w.clone(), squares_name(w)));
    }
    for cost in context.business.cost_columns.names() {
        let name = squares_name(&cost);
        squares.push((cost, name));
    }
    let names = Names {
        cases: CASES,
        day: "day",
        squares,
    };
    // The counts result's columns must differ; so must each by-side result's.
    let mut counts: Vec<&str> = vec![&data.score, &data.label, names.cases];
    counts.extend(
        names
            .squares
            .iter()
            .flat_map(|(c, s)| [c.as_str(), s.as_str()]),
    );
    let mut by_side: Vec<Vec<&str>> = data
        .segments
        .iter()
        .map(|s| vec![data.score.as_str(), &data.label, s, names.cases])
        .collect();
    if data.timestamp.is_some() {
        by_side.push(vec![
            &data.score,
            &data.label,
            names.day,
            names.cases,
            DAY_FIRST_SEEN,
            DAY_LAST_SEEN,
        ]);
    }
    for columns in &mut by_side {
        columns.extend(data.weight.as_deref());
    }
    let shown = data
        .id
        .iter()
        .chain(&data.show)
        .chain([&data.score, &data.label]);
    if shown.into_iter().any(|c| c == CASES) {
        return Err(SqlError::Collision(CASES.to_owned()));
    }
    for mut columns in std::iter::once(counts).chain(by_side) {
        columns.sort_unstable();
        if let Some(w) = columns.windows(2).find(|w| w[0] == w[1]) {
            return Err(SqlError::Collision(w[0].to_owned()));
        }
    }
    Ok(names)
}

/// The column holding `column`'s Σ weight × value².
pub(crate) fn squares_name(column: &str) -> String {
    format!("{column}_squares")
}

/// The table to read, quoted.
fn source(request: &SqlRequest) -> Result<String, SqlError> {
    let q = Quoting::new(request.dialect);
    let data = &request.context.data.path;
    table_or_file(&q, request.table, data, "--table")
}

/// The table named by the option `flag` (dot-separated parts, each quoted), else
/// the file read the engine's way.
fn table_or_file(
    q: &Quoting,
    table: Option<&str>,
    file: &Path,
    flag: &'static str,
) -> Result<String, SqlError> {
    let Some(table) = table else {
        return file_source(q, q.0, file, flag);
    };
    let parts: Vec<&str> = table.split('.').collect();
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(SqlError::Table {
            flag,
            table: table.to_owned(),
        });
    }
    let quoted = parts
        .iter()
        .map(|p| q.ident(p))
        .collect::<Vec<_>>()
        .join(".");
    q.refused().map(|()| quoted)
}

/// A data file read the engine's way (DuckDB's `read_*`, Spark's ``parquet.`…` ``),
/// its path a quoted literal or identifier.
/// `flag` is the option that names a table instead, for the errors.
fn file_source(
    q: &Quoting,
    dialect: Dialect,
    path: &Path,
    flag: &'static str,
) -> Result<String, SqlError> {
    let file = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = match extension.as_str() {
        "parquet" | "pq" => "parquet",
        "csv" | "txt" => "csv",
        "ndjson" | "jsonl" | "json" => "json",
        _ => return Err(SqlError::FileType { flag, file }),
    };
    let source = match dialect {
        Dialect::Duckdb => Ok(format!(
            "read_{}({})",
            if kind == "csv" { "csv_auto" } else { kind },
            q.string(&file)
        )),
        Dialect::Spark if kind == "csv" => Err(SqlError::SparkCsv { flag, file }),
        Dialect::Spark => Ok(format!("{kind}.{}", q.ident(&file))),
        dialect => Err(SqlError::NeedsTable {
            dialect: dialect.name(),
            flag,
            file,
        }),
    };
    source.and_then(|source| q.refused().map(|()| source))
}

/// The `examples` statement: a union of small picks, each a top-N query or one
/// row per score band, so no engine sorts the whole table into one partition.
fn examples(request: &SqlRequest, q: &Quoting, source: &str) -> String {
    let data = &request.context.data;
    let limit = request.examples.max(1);
    let mut wanted: Vec<&str> = Vec::new();
    for c in data
        .id
        .iter()
        .chain(&data.show)
        .chain([&data.score, &data.label])
    {
        if !wanted.contains(&c.as_str()) {
            wanted.push(c);
        }
    }
    // The cases each example row stands for, under the name the written context
    // gives `data.count`.
    let cases = format!(
        "{} AS {}",
        data.count.as_deref().map_or("1".to_owned(), |c| q.ident(c)),
        q.ident(CASES)
    );
    let plain: Vec<String> = wanted.iter().map(|c| q.ident(c)).collect();
    let plain = plain.join(", ");
    let columns = format!("{plain}, {cases}");
    let score = q.ident(&data.score);
    let positive = q.positive(&q.ident(&data.label), data.positive.as_deref());
    // Example rows are valid cases only: a finite score and a label.
    let valid = format!(
        "{} AND {} IS NOT NULL",
        q.finite(&score),
        q.ident(&data.label)
    );
    let source = &format!(
        "(SELECT * FROM {source} WHERE {valid}) AS {}",
        q.ident("tradeoff_valid")
    );
    let mut picks = vec![
        format!(
            "SELECT {columns} FROM {source} WHERE NOT ({positive}) ORDER BY {score} DESC LIMIT {limit}"
        ),
        format!(
            "SELECT {columns} FROM {source} WHERE {positive} ORDER BY {score} ASC LIMIT {limit}"
        ),
    ];
    let thresholds = &request.context.thresholds;
    for t in
        std::iter::once(thresholds.current).chain(thresholds.candidates.iter().map(|c| c.threshold))
    {
        picks.push(format!(
            "SELECT {columns} FROM {source} ORDER BY ABS({score} - {}) LIMIT {limit}",
            number(t)
        ));
    }
    let band = q.ident("tradeoff_band");
    let (low, high) = (q.ident("tradeoff_low"), q.ident("tradeoff_high"));
    let (lowest, highest) = (q.ident("tradeoff_lowest"), q.ident("tradeoff_highest"));
    let last = POOL_BINS - 1;
    let named = format!("{plain}, {}", q.ident(CASES));
    picks.push(format!(
        "SELECT {named} FROM (\
         SELECT {named}, \
         ROW_NUMBER() OVER (PARTITION BY {band} ORDER BY {score} ASC) AS {lowest}, \
         ROW_NUMBER() OVER (PARTITION BY {band} ORDER BY {score} DESC) AS {highest} \
         FROM (SELECT {columns}, COALESCE(LEAST(FLOOR(({score} - {low}) / NULLIF(({high} - {low}) / {POOL_BINS}e0, 0)), {last}), 0) AS {band} \
         FROM {source} CROSS JOIN (SELECT MIN({score}) AS {low}, MAX({score}) AS {high} FROM {source}) AS {range}) AS {banded}\
         ) AS {ranked} WHERE {lowest} = 1 OR {highest} = 1",
        range = q.ident("tradeoff_range"),
        banded = q.ident("tradeoff_banded"),
        ranked = q.ident("tradeoff_ranked"),
    ));
    let union = match request.dialect {
        Dialect::Bigquery => "UNION DISTINCT",
        Dialect::Duckdb | Dialect::Spark | Dialect::Trino => "UNION",
    };
    picks
        .iter()
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(&format!("\n{union}\n"))
}

/// A finite number as a double literal in every dialect (exponent form, the
/// shortest text that reads back as the same double), parenthesised when negative.
fn number(value: f64) -> String {
    let text = format!("{value:e}");
    if value < 0.0 {
        format!("({text})")
    } else {
        text
    }
}

/// `text` with every character `keep` refuses written as a `\uXXXX` escape (UTF-16
/// units for Spark, `\UXXXXXXXX` beyond the BMP for BigQuery).
fn unicode_escaped(text: &str, dialect: Dialect, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else if dialect == Dialect::Bigquery && u32::from(c) > 0xFFFF {
            let _ = write!(out, "\\U{:08X}", u32::from(c));
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04X}");
            }
        }
    }
    out
}

/// Text that ends in a zone: a time, then Z or ±hh, ±hhmm, ±hh:mm.
const ZONED: &str = "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$";
/// Text with a time of day.
const TIMED: &str = "[T ][0-9]{2}:[0-9]{2}";

/// Quoting and the functions that differ between dialects. It notes the first
/// text that holds a line break or another control character: no quoting keeps
/// one off the output's lines, where it could forge a `-- tradeoff: NAME` header.
struct Quoting(Dialect, RefCell<Option<String>>);

/// Whether `c` would start a new line for some reader (Python's `splitlines`
/// counts form feeds, NEL and U+2028 too) or is any other control character.
fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

impl Quoting {
    fn new(dialect: Dialect) -> Quoting {
        Quoting(dialect, RefCell::new(None))
    }

    /// Notes `text` if it holds a control character.
    fn check(&self, text: &str) {
        let mut refused = self.1.borrow_mut();
        if refused.is_none() && text.chars().any(breaks_lines) {
            *refused = Some(text.to_owned());
        }
    }

    /// The first text that cannot go into SQL, as an error.
    fn refused(&self) -> Result<(), SqlError> {
        match self.1.borrow_mut().take() {
            Some(text) => Err(SqlError::ControlCharacter(text.escape_debug().to_string())),
            None => Ok(()),
        }
    }

    /// A quoted identifier: `"name"` (DuckDB, Trino) or `` `name` `` (Spark,
    /// BigQuery), the quote character doubled or escaped inside.
    fn ident(&self, name: &str) -> String {
        self.check(name);
        match self.0 {
            Dialect::Duckdb | Dialect::Trino => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Bigquery => format!(
                "`{}`",
                unicode_escaped(name, self.0, |c| c != '`' && c != '\\')
            ),
        }
    }

    /// A quoted string literal: quotes doubled (DuckDB, Trino); in Spark and
    /// BigQuery, where a backslash starts an escape (and Spark joins 'a''b' into
    /// "ab"), every character but letters, digits and `_ ./:+-` as a `\u` escape.
    fn string(&self, text: &str) -> String {
        self.check(text);
        match self.0 {
            Dialect::Duckdb | Dialect::Trino => format!("'{}'", text.replace('\'', "''")),
            Dialect::Spark | Dialect::Bigquery => format!(
                "'{}'",
                unicode_escaped(text, self.0, |c| {
                    c.is_ascii_alphanumeric() || " _./:+-".contains(c)
                })
            ),
        }
    }

    fn text_type(&self) -> &'static str {
        match self.0 {
            Dialect::Duckdb | Dialect::Trino => "VARCHAR",
            Dialect::Spark | Dialect::Bigquery => "STRING",
        }
    }

    /// Whether the label is the positive value, compared by meaning as the loader
    /// compares labels (`input::eval::labels`): `1`, `1.0`, `true` and a BOOLEAN
    /// true are one value, 1, whatever the column's type, and `0`, `0.0`, `false`
    /// are 0 (default: 1); other text is compared exactly, after trimming. A text
    /// comparison alone missed a BOOLEAN column against `positive: 1` (issue 22).
    fn positive(&self, label: &str, positive: Option<&str>) -> String {
        let text = format!("TRIM(CAST({label} AS {}))", self.text_type());
        let wanted = positive.map_or("1", str::trim);
        let value = match wanted.to_ascii_lowercase().as_str() {
            "true" => Some(1.0),
            "false" => Some(0.0),
            other => other.parse::<f64>().ok().filter(|v| v.is_finite()),
        };
        match value {
            Some(value) => format!(
                "(CASE LOWER({text}) WHEN 'true' THEN 1e0 WHEN 'false' THEN 0e0 ELSE {} END) = {}",
                self.try_double(&text),
                number(value + 0.0)
            ),
            None => format!("{text} = {}", self.string(wanted)),
        }
    }

    /// Whether `text` matches the regular expression `pattern` (RE2 / Java syntax).
    fn matches(&self, text: &str, pattern: &str) -> String {
        let pattern = self.string(pattern);
        match self.0 {
            Dialect::Duckdb => format!("regexp_matches({text}, {pattern})"),
            Dialect::Spark => format!("{text} RLIKE {pattern}"),
            Dialect::Trino => format!("regexp_like({text}, {pattern})"),
            Dialect::Bigquery => format!("REGEXP_CONTAINS({text}, {pattern})"),
        }
    }

    /// `text` with `pattern` (two groups, kept) replaced by its first and second
    /// groups.
    fn replace(&self, text: &str, pattern: &str) -> String {
        let pattern = self.string(pattern);
        match self.0 {
            Dialect::Duckdb => format!("regexp_replace({text}, {pattern}, '\\1\\2')"),
            Dialect::Bigquery => format!(
                "REGEXP_REPLACE({text}, {pattern}, {})",
                self.string("\\1\\2")
            ),
            Dialect::Spark | Dialect::Trino => format!("regexp_replace({text}, {pattern}, '$1$2')"),
        }
    }

    /// `text` read as a double, NULL where it is not a number (never an error,
    /// as a plain cast is under Spark's ANSI mode).
    fn try_double(&self, text: &str) -> String {
        match self.0 {
            Dialect::Duckdb | Dialect::Trino => format!("TRY_CAST({text} AS DOUBLE)"),
            Dialect::Spark => format!("try_cast({text} AS DOUBLE)"),
            Dialect::Bigquery => format!("SAFE_CAST({text} AS FLOAT64)"),
        }
    }

    /// The integer an id `text` writes, in its shortest form (`00001007`,
    /// `1007.0`, `+1007` → `1007`), else the text: the key of a join by value
    /// (`input::eval::ids::integer_value`).
    fn integer_key(&self, text: &str) -> String {
        let pattern = self.string("^[+-]?[0-9]+([.]0*)?$");
        let integer = match self.0 {
            Dialect::Duckdb => format!("regexp_full_match({text}, {pattern})"),
            Dialect::Spark => format!("{text} RLIKE {pattern}"),
            Dialect::Trino => format!("regexp_like({text}, {pattern})"),
            Dialect::Bigquery => format!("REGEXP_CONTAINS({text}, {pattern})"),
        };
        let decimal = match self.0 {
            Dialect::Bigquery => "BIGNUMERIC",
            _ => "DECIMAL(38, 0)",
        };
        format!(
            "CASE WHEN {integer} THEN CAST(CAST(REPLACE({text}, '+', '') AS {decimal}) AS {}) ELSE {text} END",
            self.text_type()
        )
    }

    /// Whether `score` is a finite number: not NULL, NaN or infinite.
    fn finite(&self, score: &str) -> String {
        match self.0 {
            Dialect::Duckdb => format!("isfinite(CAST({score} AS DOUBLE))"),
            Dialect::Trino => format!("is_finite(CAST({score} AS DOUBLE))"),
            Dialect::Spark => format!(
                "{score} IS NOT NULL AND NOT isnan({score}) AND ABS({score}) < double('Infinity')"
            ),
            Dialect::Bigquery => format!(
                "{score} IS NOT NULL AND NOT IS_NAN(CAST({score} AS FLOAT64)) AND NOT IS_INF(CAST({score} AS FLOAT64))"
            ),
        }
    }

    /// The multiple of `step` at or below `score` (see the module docs).
    fn grouped(&self, score: &str, step: Step) -> String {
        let floor = match step {
            Step::Fraction(m) => format!("FLOOR({score} * {m}e0)"),
            Step::Whole(r) => format!("FLOOR({score} / {r}e0)"),
        };
        // The k-th edge, k·R, computed as the double nearest it.
        let edge = |k: &str| match step {
            Step::Fraction(m) => format!("({k}) / {m}e0"),
            Step::Whole(r) => format!("({k}) * {r}e0"),
        };
        let up = edge(&format!("{floor} + 1"));
        let down = edge(&format!("{floor} - 1"));
        let at = edge(&floor);
        format!(
            "(CASE WHEN {up} <= {score} THEN {up} WHEN {at} > {score} THEN {down} ELSE {at} END)"
        )
    }

    /// Seconds since the epoch of `timestamp`, stored as `storage`: naive
    /// datetimes and naive text read as UTC, text with `Z` or an offset (`+01:00`,
    /// PostgreSQL's `+00`) as that instant — never in the session's time zone.
    fn epoch_seconds(&self, timestamp: &str, storage: TimestampStorage) -> String {
        match (storage, self.0) {
            (TimestampStorage::Epoch(unit), _) => {
                format!("(CAST({timestamp} AS DOUBLE) * {})", number(unit.seconds()))
            }
            (TimestampStorage::Native, Dialect::Duckdb) => format!("epoch({timestamp})"),
            (TimestampStorage::Native, Dialect::Spark | Dialect::Bigquery) => {
                format!("UNIX_MICROS({timestamp}) / 1e6")
            }
            (TimestampStorage::Native, Dialect::Trino) => format!("TO_UNIXTIME({timestamp})"),
            (TimestampStorage::Text, Dialect::Duckdb) => {
                let text = format!("TRIM(CAST({timestamp} AS VARCHAR))");
                format!(
                    "(CASE WHEN regexp_matches({text}, '{ZONED}') THEN epoch(CAST({text} AS TIMESTAMPTZ)) ELSE epoch(CAST({text} AS TIMESTAMP)) END)"
                )
            }
            (TimestampStorage::Text, Dialect::Spark) => {
                let text = format!("TRIM(CAST({timestamp} AS STRING))");
                format!(
                    "(UNIX_MICROS(CAST(CASE WHEN {text} RLIKE '{ZONED}' THEN {text} WHEN {text} RLIKE '{TIMED}' THEN CONCAT({text}, 'Z') ELSE CONCAT({text}, 'T00:00:00Z') END AS TIMESTAMP)) / 1e6)"
                )
            }
            (TimestampStorage::Text, Dialect::Trino) => format!(
                "TO_UNIXTIME(CASE WHEN REGEXP_LIKE({timestamp}, '{ZONED}') THEN FROM_ISO8601_TIMESTAMP(REPLACE({timestamp}, ' ', 'T')) ELSE FROM_ISO8601_TIMESTAMP(REPLACE({timestamp}, ' ', 'T') || CASE WHEN REGEXP_LIKE({timestamp}, '{TIMED}') THEN 'Z' ELSE 'T00:00:00Z' END) END)"
            ),
            (TimestampStorage::Text, Dialect::Bigquery) => {
                format!("UNIX_MICROS(TIMESTAMP({timestamp}, 'UTC')) / 1e6")
            }
        }
    }

    /// Milliseconds since the epoch of `timestamp`, stored as `storage`, as the
    /// monitor's loader reads them: Unix times rounded to the millisecond, datetimes
    /// and text cut to it; naive values read as UTC, never in the session's zone.
    fn epoch_millis(&self, timestamp: &str, storage: TimestampStorage) -> String {
        match (storage, self.0) {
            (TimestampStorage::Epoch(unit), _) => format!(
                "CAST(ROUND(CAST({timestamp} AS DOUBLE) * {}) AS BIGINT)",
                number(unit.milliseconds())
            ),
            (TimestampStorage::Native, Dialect::Duckdb) => format!("epoch_ms({timestamp})"),
            (TimestampStorage::Native, Dialect::Spark | Dialect::Bigquery) => {
                format!("UNIX_MILLIS({timestamp})")
            }
            (TimestampStorage::Text, Dialect::Duckdb) => {
                let text = format!("TRIM(CAST({timestamp} AS VARCHAR))");
                format!(
                    "(CASE WHEN regexp_matches({text}, '{ZONED}') THEN epoch_ms(CAST({text} AS TIMESTAMPTZ)) ELSE epoch_ms(CAST({text} AS TIMESTAMP)) END)"
                )
            }
            (TimestampStorage::Text, Dialect::Spark) => {
                let text = format!("TRIM(CAST({timestamp} AS STRING))");
                format!(
                    "UNIX_MILLIS(CAST(CASE WHEN {text} RLIKE '{ZONED}' THEN {text} WHEN {text} RLIKE '{TIMED}' THEN CONCAT({text}, 'Z') ELSE CONCAT({text}, 'T00:00:00Z') END AS TIMESTAMP))"
                )
            }
            (_, Dialect::Trino | Dialect::Bigquery) => format!(
                "CAST(FLOOR({} * 1000e0) AS BIGINT)",
                self.epoch_seconds(timestamp, storage)
            ),
        }
    }

    /// The DATE `days` (a whole number) days after 1970-01-01.
    fn date_from_days(&self, days: &str) -> String {
        match self.0 {
            Dialect::Duckdb => format!("CAST(DATE '1970-01-01' + CAST({days} AS INTEGER) AS DATE)"),
            Dialect::Spark => format!("DATE_FROM_UNIX_DATE(CAST({days} AS INT))"),
            Dialect::Bigquery => format!("DATE_FROM_UNIX_DATE(CAST({days} AS INT64))"),
            Dialect::Trino => format!("DATE_ADD('day', CAST({days} AS BIGINT), DATE '1970-01-01')"),
        }
    }

    /// The calendar day of `timestamp` (stored as `storage`) in `zone`, as a DATE.
    fn local_day(&self, timestamp: &str, storage: TimestampStorage, zone: &Zone) -> String {
        let seconds = self.epoch_seconds(timestamp, storage);
        match zone {
            Zone::Fixed(offset) => {
                let offset = offset.local_minus_utc();
                let days = format!(
                    "FLOOR(({seconds} + {}) / 86400e0)",
                    number(f64::from(offset))
                );
                match self.0 {
                    Dialect::Duckdb => {
                        format!("CAST(DATE '1970-01-01' + CAST({days} AS INTEGER) AS DATE)")
                    }
                    Dialect::Spark => format!("DATE_FROM_UNIX_DATE(CAST({days} AS INT))"),
                    Dialect::Bigquery => format!("DATE_FROM_UNIX_DATE(CAST({days} AS INT64))"),
                    Dialect::Trino => {
                        format!("DATE_ADD('day', CAST({days} AS BIGINT), DATE '1970-01-01')")
                    }
                }
            }
            Zone::Named(tz) => {
                let name = self.string(tz.name());
                match self.0 {
                    Dialect::Duckdb => {
                        format!("CAST(timezone({name}, to_timestamp({seconds})) AS DATE)")
                    }
                    Dialect::Spark => format!(
                        "DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_MICROS(FROM_UTC_TIMESTAMP(TIMESTAMP_MICROS(CAST(ROUND({seconds} * 1e6) AS BIGINT)), {name})) / 86400e6) AS INT))"
                    ),
                    Dialect::Trino => {
                        format!("CAST(FROM_UNIXTIME({seconds}, {name}) AS DATE)")
                    }
                    Dialect::Bigquery => {
                        format!(
                            "DATE(TIMESTAMP_MICROS(CAST(ROUND({seconds} * 1e6) AS INT64)), {name})"
                        )
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_fractions_or_whole_numbers() {
        assert_eq!(Step::parse(0.0001).unwrap(), Step::Fraction(10_000));
        assert_eq!(Step::parse(0.05).unwrap(), Step::Fraction(20));
        assert_eq!(Step::parse(5.0).unwrap(), Step::Whole(5));
        assert!(Step::parse(0.3).is_err());
        assert!(Step::parse(2.5).is_err());
        assert!(Step::parse(0.0).is_err());
        assert!(Step::parse(f64::NAN).is_err());
    }

    #[test]
    fn no_control_character_reaches_the_sql() {
        for dialect in [
            Dialect::Duckdb,
            Dialect::Spark,
            Dialect::Trino,
            Dialect::Bigquery,
        ] {
            let q = Quoting::new(dialect);
            q.ident("score\n-- tradeoff: evil\nCOPY x TO 'y'");
            assert!(matches!(q.refused(), Err(SqlError::ControlCharacter(_))));
            assert!(q.refused().is_ok(), "noted once");
            q.string("a\u{2028}b");
            assert!(q.refused().is_err());
            q.ident("plain name");
            assert!(q.refused().is_ok());
        }
        assert_eq!(
            sanitise_comment("a\nb\rc\u{b}d\u{85}e\u{2028}f"),
            "a b c d e f"
        );
    }

    #[test]
    fn user_text_is_quoted_and_escaped() {
        let duck = Quoting::new(Dialect::Duckdb);
        assert_eq!(duck.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(duck.string("it's"), "'it''s'");
        let spark = Quoting::new(Dialect::Spark);
        assert_eq!(spark.ident("a`b"), "`a``b`");
        assert_eq!(spark.string("a\\'b"), "'a\\u005C\\u0027b'");
        assert_eq!(spark.string("Europe/Berlin"), "'Europe/Berlin'");
        let bq = Quoting::new(Dialect::Bigquery);
        assert_eq!(bq.ident("a`b"), "`a\\u0060b`");
        assert_eq!(bq.string("😀"), "'\\U0001F600'");
        assert_eq!(number(-0.5), "(-5e-1)");
        assert_eq!(number(0.3).parse::<f64>().unwrap(), 0.3);
    }

    #[test]
    fn grouping_edges_are_the_doubles_users_write() {
        // k / M in doubles is the double nearest k·R: 3 / 10 == 0.3, while 3 · 0.1
        // is not; the SQL uses the former.
        assert_eq!(3.0 / 10.0, 0.3);
        assert_ne!(3.0 * 0.1, 0.3);
        // FLOOR(0.3 · 10) is 3 only by luck of rounding; the correction handles
        // cases where it is not, e.g. 0.7 · 10 = 7.000000000000001 but 0.29 · 100 =
        // 28.999999999999996.
        assert_eq!((0.29f64 * 100.0).floor(), 28.0);
        let q = Quoting::new(Dialect::Duckdb);
        let sql = q.grouped("\"s\"", Step::Fraction(100));
        assert!(
            sql.contains("FLOOR(\"s\" * 100e0) + 1) / 100e0 <= \"s\""),
            "{sql}"
        );
    }
}
