//! `tradeoff sql`: the SQL that reduces the evaluation table to what the report
//! needs, for Spark, DuckDB, Trino or BigQuery, and with `--context` the context
//! that reads the engine's results.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::Printed;
use crate::input::context::{Baseline, BaselineSource, load_context, load_raw_context};
use crate::input::eval::case_costs::columns_present;
use crate::input::eval::{CsvOptions, TimestampStorage, baseline_id_match, load_timestamp_storage};
use crate::output::write_output_making_folders;
use crate::present::export::sql::{
    Dialect, MonitorSqlRequest, SqlError, SqlRequest, Step, build_monitor_sql, build_pairs_sql,
    build_sql, render_sql,
};
use crate::present::export::summary_context::{Places, summary_context};
use crate::present::terminal::sql_context_notes;

/// `tradeoff sql`'s arguments.
#[derive(Debug, Clone)]
pub struct SqlCommand {
    /// The context of the raw evaluation table.
    pub context_file: PathBuf,
    /// The engine's SQL dialect.
    pub dialect: Dialect,
    /// The table to read; default: the context's data file, read the engine's way.
    pub table: Option<String>,
    /// The table holding production; default: `monitoring.production.path`,
    /// read the engine's way.
    pub production_table: Option<String>,
    /// The table holding the audit's rows; default: `monitoring.audit.path`.
    pub audit_table: Option<String>,
    /// Where to write the context that reads the engine's results.
    pub context_output: Option<PathBuf>,
    /// Group scores to multiples of this step instead of exact scores.
    pub resolution: Option<f64>,
    /// Examples of each kind of mistake to keep (as `report --examples`).
    pub examples: usize,
}

/// `tradeoff sql`: the SQL that reduces the evaluation table to what the report
/// needs (standard output holds only SQL), and, with `--context`, the context that
/// reads the results.
///
/// # Errors
/// A context problem, a table or file the dialect cannot read, a bad resolution,
/// or an output that cannot be written.
pub fn sql(command: &SqlCommand) -> Result<Printed> {
    let mut context = load_context(&command.context_file)?;
    // Every file the context names is an input `--context` must not replace.
    let read: Vec<PathBuf> = context.files().into_iter().map(Path::to_path_buf).collect();
    if context.data.summary.is_some() {
        bail!(
            "{}: this context already reads an engine's summaries (data.summary): run `tradeoff sql` on the context of the raw table",
            command.context_file.display()
        );
    }
    // Production's and the audit's tables need the sections that name them.
    let monitoring = context.monitoring.as_ref();
    if command.production_table.is_some() && monitoring.is_none() {
        bail!(
            "--production-table: {} has no `monitoring:` section, so there is no production to read",
            command.context_file.display()
        );
    }
    if command.audit_table.is_some() && monitoring.is_none_or(|m| m.audit.is_none()) {
        bail!(
            "--audit-table: {} has no `monitoring.audit` section, so there is no audit to read",
            command.context_file.display()
        );
    }
    let step = command.resolution.map(Step::parse).transpose()?;
    let timestamps = match &context.data.timestamp {
        Some(column) if context.data.path.is_file() => {
            let data = &context.data;
            load_timestamp_storage(&data.path, &data.csv, column, data.timestamp_unit)?
        }
        _ => TimestampStorage::Native,
    };
    // A baseline file's ids are joined as the raw report joins them: how (as
    // written or by value) is chosen from both files' ids, read here.
    let id_match = match context.baseline.as_ref().map(|b| &b.source) {
        Some(BaselineSource::File {
            path, id, data_id, ..
        }) => Some(
            baseline_id_match(&context.data.path, data_id, path, id).map_err(|e| e.to_string()),
        ),
        _ => None,
    };
    // The data file as the context names it, relative to the context's folder (the
    // SQL says so): no path of this machine in the SQL.
    let folder = command.context_file.parent().unwrap_or(Path::new(""));
    if let Ok(relative) = context.data.path.strip_prefix(folder) {
        context.data.path = relative.to_path_buf();
    }
    if let Some(Baseline {
        source: BaselineSource::File { path, .. },
        ..
    }) = &mut context.baseline
        && let Ok(relative) = path.strip_prefix(folder)
    {
        *path = relative.to_path_buf();
    }
    // Production's timestamps as stored, and its files relative to the folder too.
    // A production file that cannot be read costs the monitoring statements only.
    let production_timestamps = match &context.monitoring {
        Some(m) if m.production.path.is_file() && m.production.summary.is_none() => {
            let p = &m.production;
            load_timestamp_storage(&p.path, &CsvOptions::default(), &p.timestamp, None)
                .map_err(|e| e.to_string())
        }
        _ => Ok(TimestampStorage::Native),
    };
    // The cost columns production holds travel with the audited cases.
    let cost_columns: Vec<String> = match &context.monitoring {
        Some(m) if m.production.path.is_file() && m.production.summary.is_none() => {
            columns_present(&m.production.path, &context.business.cost_columns.names())
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    if let Some(monitoring) = &mut context.monitoring {
        let relative = |path: &mut PathBuf| {
            if let Ok(r) = path.strip_prefix(folder) {
                *path = r.to_path_buf();
            }
        };
        relative(&mut monitoring.production.path);
        if let Some(audit) = &mut monitoring.audit {
            relative(&mut audit.path);
        }
    }
    let request = SqlRequest {
        context: &context,
        dialect: command.dialect,
        table: command.table.as_deref(),
        step,
        examples: command.examples,
        timestamps,
    };
    let mut statements = build_sql(&request)?;
    // The release review's cases paired with the baseline's scores; a baseline
    // the engine cannot pair is left out of the written context, and why is said.
    let pairs = match id_match {
        Some(Err(e)) => Err(SqlError::PairsIds(e)),
        Some(Ok(m)) => build_pairs_sql(&request, Some(&m)),
        None => build_pairs_sql(&request, None),
    };
    let baseline_refused = match pairs {
        Ok(pairs) => {
            statements.extend(pairs);
            None
        }
        Err(e) => Some(e.to_string()),
    };
    // The monitoring section's statements, where the engine can read production;
    // else said on standard error, and the report's SQL stands alone.
    let mut stderr = String::new();
    if let Some(why) = &baseline_refused {
        stderr.push_str(&format!(
            "note: no SQL for the release review's pairs: {why}\n"
        ));
    }
    if context
        .monitoring
        .as_ref()
        .is_some_and(|m| m.production.summary.is_some())
    {
        stderr.push_str("note: monitoring.production already reads an engine's summary: no monitoring SQL written\n");
    } else {
        let built = production_timestamps.and_then(|timestamps| {
            build_monitor_sql(&MonitorSqlRequest {
                report: &request,
                timestamps,
                production_table: command.production_table.as_deref(),
                audit_table: command.audit_table.as_deref(),
                cost_columns: &cost_columns,
            })
            .map_err(|e| e.to_string())
        });
        match built {
            Ok(more) => statements.extend(more),
            Err(e) => stderr.push_str(&format!("note: no SQL for the monitoring section: {e}\n")),
        }
    }
    let mut printed = Printed {
        stdout: render_sql(&statements, &command.context_file, command.dialect),
        stderr,
    };
    if let Some(out) = &command.context_output {
        let read: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
        let raw = load_raw_context(&command.context_file)?;
        let places = Places {
            original: &command.context_file,
            written: out,
        };
        let written = summary_context(
            &raw,
            &statements,
            step,
            command.dialect,
            places,
            baseline_refused.as_deref(),
        );
        // Its folder is where the engine's results go: made if missing.
        write_output_making_folders(out, written.yaml.as_bytes(), &read)?;
        printed
            .stderr
            .push_str(&sql_context_notes(out, &statements, &written.left_out));
    }
    Ok(printed)
}
