//! `tradeoff sweep`: the confusion counts at each threshold of one evaluation file,
//! as a table, CSV or JSON. No context: the columns come from the flags.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::Printed;
use crate::input::eval::{ColumnSpec, CsvOptions, load_eval};
use crate::model::grid::default_thresholds;
use crate::model::report::load_warnings;
use crate::model::warnings::Warning;
use crate::present::export::sweep::{SweepFormat, sweep_output};
use crate::present::terminal::warning_line;
use crate::stats::sweep::Sweep;

/// `tradeoff sweep`'s arguments.
#[derive(Debug, Clone)]
pub struct SweepRequest {
    /// The evaluation file: CSV, Parquet or NDJSON.
    pub data_file: PathBuf,
    /// Name of the score column.
    pub score: String,
    /// Name of the label column.
    pub label: String,
    /// Label value meaning positive; default 1 / true.
    pub positive: Option<String>,
    /// Thresholds to count at; default 11 evenly spread (see [`default_thresholds`]).
    pub thresholds: Option<Vec<f64>>,
    /// One row per distinct score instead.
    pub all: bool,
    /// Table, CSV or JSON.
    pub format: SweepFormat,
    /// Leave out rows with a missing, NaN or infinite score or label instead of stopping.
    pub drop_invalid: bool,
    /// A CSV's separator and decimal mark; detected where `None`.
    pub csv: CsvOptions,
}

/// `tradeoff sweep`: the confusion counts at each threshold, formatted.
///
/// # Errors
/// A data problem naming the file, or a threshold that is not a finite number.
pub fn sweep(request: &SweepRequest) -> Result<Printed> {
    let spec = ColumnSpec {
        score: request.score.clone(),
        label: request.label.clone(),
        positive: request.positive.clone(),
        drop_invalid: request.drop_invalid,
        csv: request.csv,
        ..ColumnSpec::default()
    };
    let data = load_eval(&request.data_file, &spec)?;
    let mut printed = Printed::default();
    if data.lossy_text {
        printed.stderr.push_str(&warning_line(&Warning::NotUtf8));
    }
    if data.dropped_rows + data.conflicting_id_rows > 0 {
        printed
            .stderr
            .push_str(&warning_line(&Warning::DroppedRows {
                rows: data.dropped_rows,
                conflicting_ids: data.conflicting_id_rows,
            }));
    }
    for warning in load_warnings(&data) {
        printed.stderr.push_str(&warning_line(&warning));
    }
    let sweep = Sweep::build(&data.scores, &data.positive, data.row_weights());
    let rows: Vec<_> = if request.all {
        sweep.points().collect()
    } else {
        let thresholds = match &request.thresholds {
            Some(t) => {
                if let Some(bad) = t.iter().find(|t| !t.is_finite()) {
                    bail!("--thresholds: {bad} is not a finite number");
                }
                t.iter()
                    .map(|&t| data.score_precision.threshold(t))
                    .collect()
            }
            None => default_thresholds(&sweep),
        };
        thresholds
            .into_iter()
            .map(|t| (t, sweep.counts_at(t)))
            .collect()
    };
    printed.stdout = sweep_output(&rows, request.format);
    Ok(printed)
}
