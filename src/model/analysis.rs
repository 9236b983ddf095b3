//! The whole analysis behind a report page, from the rows: the sweep, the report
//! model, the curves its charts draw and meeting mode's grid of thresholds. Pure
//! and in memory; the command that reads the files and writes the page is
//! `app::report`.

use chrono::NaiveDate;

use crate::input::context::Context;
use crate::input::eval::EvalData;
use crate::model::curves::{Curves, build_curves};
use crate::model::grid::{OWN_POINTS, meeting_points, meeting_thresholds, sweep_quantiles};
use crate::model::inputs::{Inputs, row_costs};
use crate::model::report::{OperatingPoint, Report, build_report};
use crate::stats::sweep::Sweep;
use crate::stats::weights::RowWeights;

/// The report model with what its charts and meeting mode draw.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report model.
    pub report: Report,
    /// The ROC, precision–recall and per-day curves.
    pub curves: Curves,
    /// Meeting mode's operating points, one per grid threshold.
    pub grid: Vec<OperatingPoint>,
}

/// Sorts the scores once, counts at every distinct score and builds the report,
/// its curves and meeting mode's grid; `None` when the rows hold one class only.
pub fn build_analysis(
    context: &Context,
    inputs: &Inputs,
    data: &EvalData,
    weights: RowWeights,
    date: NaiveDate,
) -> Option<Analysis> {
    let sweep = Sweep::build(&data.scores, &data.positive, weights);
    crate::trace("sweep");
    let row_costs = row_costs(context, data, weights);
    let row_costs = row_costs.as_ref();
    let report = build_report(context, inputs, &sweep, row_costs, date)?;
    crate::trace("report model");
    let named: Vec<f64> = report.operating_points().map(|p| p.threshold).collect();
    let curves = build_curves(
        &sweep,
        &report.workload,
        row_costs,
        &data.scores,
        &data.positive,
        weights,
        &named,
    );
    crate::trace("curves");
    let own = sweep_quantiles(&sweep, OWN_POINTS);
    let thresholds = meeting_thresholds(report.data.score_range, &named, &own);
    let grid = meeting_points(&sweep, &report.workload, row_costs, &thresholds);
    Some(Analysis {
        report,
        curves,
        grid,
    })
}
