//! The JSON summary of a report (`--json`), in the shape docs/src/reference/json.md
//! describes. Counts are whole numbers when unweighted; undefined values are `null`,
//! never NaN.

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::report::{OperatingPoint, Report};
use crate::present::sentences::scenario_label;
use crate::present::warnings::describe_target;
use crate::stats::interval::Estimate;
use crate::stats::segments::SegmentRow;

/// The summary as pretty-printed JSON bytes, ending in a newline.
pub fn summary_json(report: &Report) -> Vec<u8> {
    json_bytes(&summary_value(report))
}

/// Pretty-printed JSON bytes, ending in a newline.
pub(super) fn json_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .unwrap_or_else(|e| unreachable!("a json Value always serialises: {e}"));
    bytes.push(b'\n');
    bytes
}

/// The summary as a JSON object, for exports that add members to it.
pub(super) fn summary_value(report: &Report) -> Value {
    let data = &report.data;
    json!({
        "title": report.title,
        "date": report.date.format("%Y-%m-%d").to_string(),
        "data": {
            "rows": number(data.cases),
            "counted": data.counted.as_ref().map(|c| json!({ "column": c.column, "rows": c.rows })),
            "resolution": report.resolution.map(|r| json!({
                "step": r.step,
                "roc_auc_range": r.roc_auc.map(|(l, h)| [l, h]),
                "average_precision_range": r.average_precision.map(|(l, h)| [l, h]),
            })),
            "positives": number(data.positives),
            "negatives": number(data.negatives),
            "weighted": data.weighted,
            "evaluation_prevalence": finite(data.prevalence()),
            "score_range": [finite(data.score_range.0), finite(data.score_range.1)],
        },
        "business": {
            "volume_per_day": report.production.volume_per_day,
            "prevalence": report.production.prevalence,
            "prevalence_source": if report.prevalence_given { "context" } else { "evaluation" },
            "capacity_per_day": report.business.capacity_per_day,
            "capacity_overflow_share_of_days": report.capacity_overflow.and_then(finite),
            "currency": report.business.currency,
            "costs": report.business.costs.map(|c| {
                let columns = &report.business.cost_columns;
                let cost = |money: f64, column: &Option<String>| match column {
                    Some(name) => json!({ "column": name }),
                    None => json!(money),
                };
                json!({
                    "false_positive": cost(c.false_positive, &columns.false_positive),
                    "false_negative": cost(c.false_negative, &columns.false_negative),
                    "true_positive": cost(c.true_positive, &columns.true_positive),
                })
            }),
        },
        "metrics": {
            "roc_auc": report.metrics.roc_auc.and_then(finite),
            "average_precision": report.metrics.average_precision.and_then(finite),
        },
        "operating_points": report.operating_points().map(point).collect::<Vec<_>>(),
        "sensitivity": report.sensitivity.iter().map(|s| json!({
            "scenario": scenario_label(s),
            "volume_per_day": s.volume_per_day,
            "prevalence": s.prevalence,
            "per_day": {
                "flagged": finite(s.per_day.flagged.value),
                "caught": finite(s.per_day.caught.value),
                "missed": finite(s.per_day.missed.value),
                "false_alarms": finite(s.per_day.false_alarms.value),
                "cost": s.per_day.cost.map(|e| finite(e.value)),
            },
        })).collect::<Vec<_>>(),
        "days": report.days.iter().map(|d| json!({
            "date": d.date.format("%Y-%m-%d").to_string(),
            "cases": number(d.cases),
            "flagged": finite(d.flagged),
            "caught": finite(d.caught),
            "missed": finite(d.missed),
        })).collect::<Vec<_>>(),
        "calibration": report.calibration.as_ref().map(|c| json!({
            "brier_score": finite(c.brier_score),
            "reads_as_probability": c.reads_as_probability(),
            "bins": c.bins.iter().map(|b| json!({
                "from": b.from,
                "to": b.to,
                "cases": number(b.cases),
                "mean_score": finite(b.mean_score),
                "observed": finite(b.observed.value),
                "observed_interval": [finite(b.observed.low), finite(b.observed.high)],
            })).collect::<Vec<_>>(),
        })),
        "segments": report.segments.iter().map(|b| json!({
            "column": b.column,
            "rows": b.rows.iter().map(segment_row).collect::<Vec<_>>(),
            "other": b.other.as_ref().map(|o| {
                let mut row = segment_row(&o.row);
                row["value"] = Value::Null;
                row["values"] = json!(o.values);
                row
            }),
        })).collect::<Vec<_>>(),
        "warnings": report.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

pub(super) fn point(p: &OperatingPoint) -> Value {
    let day = &p.per_day;
    let interval = |e: &Estimate| json!([finite(e.low), finite(e.high)]);
    json!({
        "name": p.kind.name(),
        "threshold": finite(p.threshold),
        "target": p.kind.target().map(|t| json!({ "key": t.key(), "value": t.value(), "description": describe_target(&t) })),
        "tp": number(p.counts.tp),
        "fp": number(p.counts.fp),
        "tn": number(p.counts.tn),
        "fn": number(p.counts.fn_),
        "true_positive_rate": p.counts.true_positive_rate().and_then(finite),
        "false_positive_rate": p.counts.false_positive_rate().and_then(finite),
        "false_negative_rate": p.counts.false_negative_rate().and_then(finite),
        "precision": p.counts.precision().and_then(finite),
        "rate_interval": {
            "true_positive_rate": interval(&p.rates.true_positive_rate),
            "false_positive_rate": interval(&p.rates.false_positive_rate),
            "false_negative_rate": interval(&p.rates.false_negative_rate()),
        },
        "precision_in_production": day.precision.map(|e| finite(e.value)),
        "precision_in_production_interval": day.precision.map(|e| interval(&e)),
        "per_day": {
            "flagged": finite(day.flagged.value),
            "caught": finite(day.caught.value),
            "missed": finite(day.missed.value),
            "false_alarms": finite(day.false_alarms.value),
            "cost": day.cost.map(|e| finite(e.value)),
        },
        "per_day_interval": {
            "flagged": interval(&day.flagged),
            "caught": interval(&day.caught),
            "missed": interval(&day.missed),
            "false_alarms": interval(&day.false_alarms),
            "cost": day.cost.map(|e| interval(&e)),
        },
    })
}

/// One segment value at the current threshold.
fn segment_row(r: &SegmentRow) -> Value {
    json!({
        "value": r.name,
        "cases": number(r.cases),
        "positives": number(r.positives),
        "share_of_volume": finite(r.share_of_volume),
        "share_of_flags": finite(r.share_of_flags),
        "false_negative_rate": r.false_negative_rate.map(|e| finite(e.value)),
        "false_negative_rate_interval": r.false_negative_rate.map(|e| json!([finite(e.low), finite(e.high)])),
        "false_positive_rate": r.false_positive_rate.map(|e| finite(e.value)),
        "false_positive_rate_interval": r.false_positive_rate.map(|e| json!([finite(e.low), finite(e.high)])),
        "false_negative_rate_differs": r.false_negative_rate_differs,
        "false_positive_rate_differs": r.false_positive_rate_differs,
    })
}

/// A finite number, or `None` (JSON `null`) for NaN and infinities.
pub(super) fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// A count: an integer when it is whole (unweighted data), else a float.
pub fn number(value: f64) -> Value {
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Number {
        Whole(i64),
        Fraction(f64),
    }
    let n = if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Number::Whole(value as i64)
    } else {
        Number::Fraction(value)
    };
    serde_json::to_value(n).unwrap_or(Value::Null)
}
