//! One file per command, each a short list of stages run in order: `report`,
//! `sweep`, `sql` and `monitor`. This is the edge of the crate together with
//! `output`: it reads the clock and the files (through `input`), and it returns
//! what the command prints instead of printing it, so a test can run a whole
//! command in-process. The wiring each command shares lives in the stage it wires
//! (`input::plan`, `model::inputs`, `present::terminal`); commands never borrow
//! each other's helpers. Concurrency is rayon's, throughout.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::{DateTime, NaiveDate};

mod monitor;
pub mod progress;
mod release;
mod report;
mod request;
mod sql;
mod sweep;

pub use monitor::monitor;
pub use report::{report, report_with_progress};
pub use request::{
    AuditSampleRequest, Built, MonitorRequest, Monitored, ReportRequest, default_monitor_output,
};
pub use sql::{SqlCommand, sql};
pub use sweep::{SweepRequest, sweep};

/// What a command prints: its result on standard output, warnings and notes on
/// standard error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Printed {
    /// Text for standard output (the headline, the sweep table).
    pub stdout: String,
    /// Warnings and notes for standard error, one per line.
    pub stderr: String,
}

/// `reports/<context file stem>.html`; a context named `context.yaml` takes its
/// folder's name (samples/fraud/context.yaml → reports/fraud.html).
pub fn default_output(context_file: &Path) -> PathBuf {
    let stem = context_file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report");
    let name = if stem == "context" {
        context_file
            .canonicalize()
            .ok()
            .and_then(|p| p.parent()?.file_name()?.to_str().map(str::to_owned))
            .unwrap_or_else(|| stem.to_owned())
    } else {
        stem.to_owned()
    };
    PathBuf::from("reports").join(format!("{name}.html"))
}

/// The report date: the context's, else `SOURCE_DATE_EPOCH`, else today (UTC).
fn report_date(from_context: Option<NaiveDate>) -> Result<NaiveDate> {
    if let Some(date) = from_context {
        return Ok(date);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().with_context(|| {
            format!("SOURCE_DATE_EPOCH is `{text}`: set it to whole seconds since 1970-01-01 or unset it")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .with_context(|| format!("SOURCE_DATE_EPOCH {seconds} is out of range"))
}

/// "1970-01-01 00:00:00 UTC (row 2)": a production case's timestamp, and its
/// 1-based data row when production was read row by row (an engine's summary
/// has no rows to name).
fn instant_in_row((row, ms): (usize, i64), raw: bool) -> String {
    let instant = DateTime::from_timestamp_millis(ms).map_or_else(
        || format!("{ms} ms"),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    );
    if raw {
        format!("{instant} (row {})", row + 1)
    } else {
        instant
    }
}
