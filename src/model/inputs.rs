//! The rows each part of a report is counted on, and what each row counts for:
//! the evaluation's own rows or an engine's summaries ([`inputs`]), each row's count
//! and weight ([`row_weights`]) and, when the context takes costs from columns,
//! each row's money ([`row_costs`]). Counts are a property of the cases: every
//! consumer that takes weights takes these.

use crate::input::context::Context;
use crate::input::eval::EvalData;
use crate::input::plan::Summaries;
use crate::stats::costs::{CostSource, CostSources, RowCosts};
use crate::stats::days::DayStamps;
use crate::stats::segments::Segment;
use crate::stats::weights::RowWeights;
use crate::stats::zone::Zone;

/// Rows and what each counts for.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// The rows.
    pub data: &'a EvalData,
    /// Each row's count, weight and Σw².
    pub weights: RowWeights<'a>,
}

/// The rows each part of the report is counted on: the evaluation's own, or the
/// summaries an engine wrote for `tradeoff sql`.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// The evaluation (or its counts per score and label): the sweep's rows, also
    /// used for calibration.
    pub rows: Rows<'a>,
    /// Each `data.segments` column with the rows holding it.
    pub segments: Vec<(&'a Segment, Rows<'a>)>,
    /// Where each row's day comes from, and the rows.
    pub days: Option<(DayStamps<'a>, Rows<'a>)>,
    /// Scores were grouped to multiples of this before counting.
    pub resolution: Option<f64>,
}

impl<'a> Inputs<'a> {
    /// Everything counted on the evaluation's own rows.
    pub fn of(data: &'a EvalData, weights: RowWeights<'a>, zone: Zone) -> Inputs<'a> {
        let rows = Rows { data, weights };
        Inputs {
            rows,
            segments: data.segments.iter().map(|s| (s, rows)).collect(),
            days: data.timestamps.as_deref().map(|instants| {
                let stamps = DayStamps {
                    instants,
                    seen: None,
                    cut: zone,
                    zone,
                };
                (stamps, rows)
            }),
            resolution: None,
        }
    }
}

/// The rows each part of the report is counted on: the evaluation's own, or, with
/// `data.summary`, the engine's segment and day results.
pub fn inputs<'a>(
    context: &Context,
    data: &'a EvalData,
    weights: RowWeights<'a>,
    summaries: &'a Summaries,
) -> Inputs<'a> {
    let Some(summary) = &context.data.summary else {
        return Inputs::of(data, weights, context.data.timezone);
    };
    let rows = |d: &'a EvalData| Rows {
        data: d,
        weights: d.row_weights(),
    };
    Inputs {
        rows: Rows { data, weights },
        segments: summaries
            .segments
            .iter()
            .filter_map(|d| Some((d.segments.first()?, rows(d))))
            .collect(),
        // The engine cut the days in the context's zone already: its dates are read
        // as UTC midnights and kept as they are; each row's first and last instant
        // say how much of its day was seen.
        days: summaries.days.as_ref().and_then(|d| {
            let stamps = DayStamps {
                instants: d.timestamps.as_deref()?,
                seen: summaries
                    .day_spans
                    .as_ref()
                    .map(|(lo, hi)| (&lo[..], &hi[..])),
                cut: Zone::utc(),
                zone: context.data.timezone,
            };
            Some((stamps, rows(d)))
        }),
        resolution: summary.resolution,
    }
}

/// What each row counts for: its count and weight, and for an engine's summary the
/// Σw² of each row's cases.
pub fn row_weights<'a>(context: &Context, data: &'a EvalData) -> RowWeights<'a> {
    let squares = context
        .data
        .summary
        .as_ref()
        .and_then(|s| s.squares_of(context.data.weight.as_deref()?))
        .and_then(|name| data.costs.iter().find(|(c, _)| c == name))
        .map(|(_, values)| values.as_slice());
    RowWeights {
        squares,
        ..data.row_weights()
    }
}

/// The per-row costs when the context takes any cost from a column; `None` when
/// every cost is a fixed amount per case (or there are no costs).
pub fn row_costs(context: &Context, data: &EvalData, weights: RowWeights) -> Option<RowCosts> {
    let columns = &context.business.cost_columns;
    let fixed = context.business.costs?;
    if columns.names().is_empty() {
        return None;
    }
    let values = |name: &str| {
        data.costs
            .iter()
            .find(|(c, _)| c == name)
            .map(|(_, v)| v.as_slice())
    };
    let squares = |name: &str| {
        let summary = context.data.summary.as_ref()?;
        values(summary.squares_of(name)?)
    };
    let source = |column: &Option<String>, money: f64| match column {
        Some(name) => match (values(name), squares(name)) {
            (Some(means), Some(squares)) => CostSource::Summary { means, squares },
            (Some(values), None) => CostSource::Rows(values),
            (None, _) => CostSource::Fixed(money),
        },
        None => CostSource::Fixed(money),
    };
    let sources = CostSources {
        false_positive: source(&columns.false_positive, fixed.false_positive),
        false_negative: source(&columns.false_negative, fixed.false_negative),
        true_positive: source(&columns.true_positive, fixed.true_positive),
    };
    Some(RowCosts::build(
        &data.scores,
        &data.positive,
        weights,
        &sources,
    ))
}
