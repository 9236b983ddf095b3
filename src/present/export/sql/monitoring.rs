//! The statements that reduce production (and its join to the audit) to what
//! `tradeoff monitor` needs, for a context with `monitoring:`:
//! - `monitor_scores`: the cases not audited, one row per local day (in
//!   `data.timezone`), score — exact, or grouped to the report's `--resolution`
//!   step — and value of each `data.segments` column (and, with
//!   `monitoring.experiment`, the arm as written), with the cases it stands
//!   for and the first and last instant (Unix ms)
//!   among them, so every day's count, flags and span (the partial-day rules) come
//!   out as from the raw rows;
//! - `monitor_audited`: the production cases whose id the audit names, one row
//!   each, with the id as text, the exact score, the segment values (and arm), the instant
//!   and the day; the
//!   monitor reads the audit file itself and joins its verdicts to these. Ids
//!   meet by value (`1007` = `1007.0` = `00001007`), as the raw run can join them;
//! - `monitor_repeated_ids`: with an audit, production ids on more than one row
//!   (how many, and the three most repeated), which stop the run as on the raw file;
//! - `monitor_experiment`: with `monitoring.experiment`, the cases per arm value and
//!   outcome value (`sql::experiment`), from which the model's effect is exact.
//!
//! Scores that are NULL or NaN are kept (a group of their own), so the monitor
//! finds and refuses them as it does on the raw file; timestamps are read as the
//! report's SQL reads them (`Quoting::epoch_millis`), never in the session's zone.

use super::experiment::experiment_statement;
use super::{CASES, Dialect, Quoting, SqlError, SqlRequest, Statement, number, table_or_file};
use crate::input::context::MonitoringSpec;
use crate::input::eval::TimestampStorage;
use crate::input::eval::production_summary::{DAY, FIRST_MS, LAST_MS, MS};
use crate::stats::zone::Zone;

/// The statements' names, as the results are saved.
pub(crate) const SCORES: &str = "monitor_scores";
/// See [`SCORES`].
pub(crate) const AUDITED: &str = "monitor_audited";
/// See [`SCORES`]: production ids on more than one row.
pub(crate) const REPEATED: &str = "monitor_repeated_ids";

/// What production's statements need besides the report's request.
#[derive(Debug, Clone, Copy)]
pub struct MonitorSqlRequest<'a> {
    /// The report's request (dialect, context, step).
    pub report: &'a SqlRequest<'a>,
    /// How `monitoring.production.timestamp` is stored in the production file.
    pub timestamps: TimestampStorage,
    /// The table holding production (dot-separated parts); `None`: the
    /// production file, read the engine's way.
    pub production_table: Option<&'a str>,
    /// The table holding the audit's rows; `None`: the audit file.
    pub audit_table: Option<&'a str>,
    /// The cost columns (`business.costs`' `{ column: … }`) production holds:
    /// `monitor_audited` carries each audited case's value, for the cost a day.
    pub cost_columns: &'a [String],
}

/// `monitor_scores` and, with an audit, `monitor_audited`; nothing without
/// `monitoring:`.
///
/// # Errors
/// A production or audit file the dialect cannot read (Trino and BigQuery read
/// tables only: pass `--production-table` / `--audit-table`; Spark reads no CSV
/// header), a table name with an empty part, or a production column named like a
/// result column.
pub fn build_monitor_sql(request: &MonitorSqlRequest) -> Result<Vec<Statement>, SqlError> {
    let report = request.report;
    let Some(spec) = &report.context.monitoring else {
        return Ok(Vec::new());
    };
    let q = Quoting::new(report.dialect);
    let segments = &report.context.data.segments;
    check_names(spec, segments)?;
    if let Some(c) = (request.cost_columns.iter()).find(|c| {
        [DAY, MS].contains(&c.as_str())
            || **c == spec.production.score
            || spec.production.id.as_ref() == Some(*c)
    }) {
        return Err(SqlError::Collision(c.clone()));
    }
    let production = &spec.production;
    let source = table_or_file(
        &q,
        request.production_table,
        &production.path,
        "--production-table",
    )?;
    let score = q.ident(&production.score);
    let ms = q.epoch_millis(&q.ident(&production.timestamp), request.timestamps);
    let day = local_day(&q, &ms, &report.context.data.timezone);
    let grouped = match report.step {
        None => score.clone(),
        Some(step) => q.grouped(&score, step),
    };
    // The audit's ids and production's, joined by value as the raw run can join
    // them (`input::eval::ids`): `1007`, `1007.0` and `00001007` meet, and the
    // monitor then chooses, as on the raw file, whether they are compared as
    // written or by value, and says so (issue 22).
    let audit = match (&spec.audit, &production.id) {
        (Some(audit), Some(id)) => Some((
            table_or_file(&q, request.audit_table, &audit.path, "--audit-table")?,
            q.ident(&audit.id),
            q.ident(id),
            id,
        )),
        _ => None,
    };
    // Each `data.segments` column, as production names it, and the experiment's
    // arm column as written (the monitor holds the promises on the model arm and
    // compares the arm with its two values itself, as on the raw file).
    let arm = (spec.experiment.as_ref())
        .map(|e| &e.arm)
        .filter(|arm| !segments.contains(arm));
    let grouped_columns: Vec<&String> = segments.iter().chain(arm).collect();
    let segment_columns: String = (grouped_columns.iter())
        .map(|c| format!(",\n  {}", q.ident(c)))
        .collect();
    let segment_groups: String = (0..grouped_columns.len())
        .map(|i| format!(", {}", i + 3))
        .collect();
    let text = |column: &str| id_value(&q, column);
    let (ids, key) = (q.ident("tradeoff_audit"), q.ident("tradeoff_id"));
    // An id the audit sample wrote with a `'` before a formula's first character
    // (`'=x`, so a spreadsheet does not run it) also meets the production id
    // without it, as on the raw run (`ids::unescape_formula`).
    let audit_ids = audit.as_ref().map(|(audit_source, audit_id, _, _)| {
        let written = text(audit_id);
        let unquoted = q.replace(&written, r"^'([=+@\t\r-])(.*)$");
        let both = q.ident("tradeoff_audit_written");
        format!(
            "(SELECT DISTINCT {key} FROM (SELECT {written} AS {key} FROM {audit_source} WHERE {audit_id} IS NOT NULL UNION ALL SELECT {unquoted} AS {key} FROM {audit_source} WHERE {audit_id} IS NOT NULL) AS {both}) AS {ids}"
        )
    });
    let (join, not_audited) = match (&audit, &audit_ids) {
        (Some((_, _, production_id, _)), Some(audit_ids)) => (
            format!(
                "\nLEFT JOIN {audit_ids} ON {} = {ids}.{key}",
                text(production_id)
            ),
            format!("\nWHERE {ids}.{key} IS NULL"),
        ),
        _ => (String::new(), String::new()),
    };
    let mut statements = vec![Statement {
        name: SCORES.to_owned(),
        sql: format!(
            "SELECT\n  {day} AS {},\n  {grouped} AS {score}{segment_columns},\n  COUNT(*) AS {},\n  MIN({ms}) AS {},\n  MAX({ms}) AS {}\nFROM {source}{join}{not_audited}\nGROUP BY 1, 2{segment_groups}",
            q.ident(DAY),
            q.ident(CASES),
            q.ident(FIRST_MS),
            q.ident(LAST_MS),
        ),
    }];
    if let (Some((_, _, production_id, id_name)), Some(audit_ids)) = (&audit, &audit_ids) {
        let costs: String = (request.cost_columns.iter())
            .map(|c| format!(",\n  {} AS {}", q.ident(c), q.ident(c)))
            .collect();
        statements.push(Statement {
            name: AUDITED.to_owned(),
            sql: format!(
                "SELECT\n  {production_id} AS {},\n  {score} AS {score}{segment_columns},\n  {day} AS {},\n  {ms} AS {}{costs}\nFROM {source}\nJOIN {audit_ids} ON {} = {ids}.{key}",
                q.ident(id_name),
                q.ident(DAY),
                q.ident(MS),
                text(production_id),
            ),
        });
    }
    // Production ids on more than one row: the raw run stops on them (a verdict
    // could not be joined to one case), so the summary must show them too.
    if let Some((_, _, production_id, _)) = &audit {
        statements.push(Statement {
            name: REPEATED.to_owned(),
            sql: format!(
                "SELECT id, n AS repeats, ids, extra_rows\nFROM (\n  SELECT id, n, COUNT(*) OVER () AS ids, SUM(n - 1) OVER () AS extra_rows\n  FROM (\n    SELECT {production_id} AS id, COUNT(*) AS n\n    FROM {source}\n    WHERE {production_id} IS NOT NULL\n    GROUP BY {production_id}\n    HAVING COUNT(*) > 1\n  ) AS repeated\n) AS counted\nORDER BY n DESC, id\nLIMIT 3"
            ),
        });
    }
    // The experiment's arms and outcomes, counted (`sql::experiment`).
    if let Some(experiment) = &spec.experiment {
        statements.push(experiment_statement(&q, &source, experiment)?);
    }
    q.refused()?;
    Ok(statements)
}

/// The id in `column` as the value it writes, for a join: an integer written in
/// digits (`1007`, `1007.0`, `00001007`, `+1007`) as its shortest form, any other
/// id as its trimmed text — what `input::eval::ids::integer_value` gives.
fn id_value(q: &Quoting, column: &str) -> String {
    let text = format!("TRIM(CAST({column} AS {}))", q.text_type());
    let integer = q.matches(&text, r"^[+-]?[0-9]+(\.0*)?$");
    let shortest = q.replace(&text, r"^\+?(-?)0*([0-9]+?)(\.0*)?$");
    format!(
        "CASE WHEN {integer} THEN (CASE WHEN {shortest} = '-0' THEN '0' ELSE {shortest} END) ELSE {text} END"
    )
}

/// Production's score, id and segment columns must not share a name with a result
/// column or with each other.
fn check_names(spec: &MonitoringSpec, segments: &[String]) -> Result<(), SqlError> {
    let production = &spec.production;
    let ours = [DAY, CASES, FIRST_MS, LAST_MS, MS];
    let arm = (spec.experiment.as_ref())
        .map(|e| &e.arm)
        .filter(|arm| !segments.contains(arm));
    let named: Vec<&String> = std::iter::once(&production.score)
        .chain(&production.id)
        .chain(segments)
        .chain(arm)
        .collect();
    for (i, name) in named.iter().enumerate() {
        if ours.contains(&name.as_str()) || named[..i].contains(name) {
            return Err(SqlError::Collision((*name).clone()));
        }
    }
    Ok(())
}

/// The local day (a DATE) of the instant `ms` (Unix milliseconds) in `zone`.
fn local_day(q: &Quoting, ms: &str, zone: &Zone) -> String {
    match zone {
        Zone::Fixed(offset) => {
            let offset_ms = i64::from(offset.local_minus_utc()) * 1000;
            let days = format!("FLOOR(({ms} + {}) / 86400000e0)", number(offset_ms as f64));
            q.date_from_days(&days)
        }
        Zone::Named(tz) => {
            let name = q.string(tz.name());
            match q.0 {
                Dialect::Duckdb => {
                    format!("CAST(timezone({name}, to_timestamp({ms} / 1000e0)) AS DATE)")
                }
                Dialect::Spark => format!(
                    "DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_MICROS(FROM_UTC_TIMESTAMP(TIMESTAMP_MILLIS({ms}), {name})) / 86400e6) AS INT))"
                ),
                Dialect::Trino => format!("CAST(FROM_UNIXTIME({ms} / 1000e0, {name}) AS DATE)"),
                Dialect::Bigquery => format!("DATE(TIMESTAMP_MILLIS({ms}), {name})"),
            }
        }
    }
}
