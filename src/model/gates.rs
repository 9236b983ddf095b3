//! The context's gates checked against the report: each limit on a number at the
//! current threshold, and each "no worse than the baseline by more than chance"
//! item against the paired comparison. `tradeoff report --check` fails when any
//! gate does.

use crate::input::context::{Gates, Limit, NoWorse};
use crate::model::comparison::Comparison;
use crate::model::report::Report;
use crate::stats::interval::Estimate;

/// What a gate checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// A limit on a number at the current threshold.
    Limit(Limit),
    /// The candidate no worse than the baseline, by more than chance.
    NoWorse(NoWorse),
}

impl Gate {
    /// The gate's name in the JSON: the limit's key, or
    /// `no_worse_than_baseline.<item>`.
    pub fn name(&self) -> String {
        match self {
            Gate::Limit(limit) => limit.key().to_owned(),
            Gate::NoWorse(item) => format!("no_worse_than_baseline.{}", item.key()),
        }
    }
}

/// A gate with the value it was checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct GateResult {
    /// The gate checked.
    pub gate: Gate,
    /// The number checked: the report's value, or for `NoWorse` the difference
    /// candidate minus baseline; `None` when it is undefined (then the gate fails).
    pub value: Option<f64>,
    /// The limit; 0 for `NoWorse`.
    pub limit: f64,
    /// The value's 95 % interval, where the report has one.
    pub interval: Option<Estimate>,
    /// Whether the value meets the limit.
    pub passed: bool,
}

/// Checks every gate, limits first, in the context's order.
pub fn build_gates(
    gates: &Gates,
    report: &Report,
    comparison: Option<&Comparison>,
) -> Vec<GateResult> {
    let mut results = Vec::new();
    for &(limit, bound) in &gates.limits {
        let (value, interval) = limit_value(limit, report);
        let passed = value.is_some_and(|v| {
            if limit.is_maximum() {
                v <= bound
            } else {
                v >= bound
            }
        });
        results.push(GateResult {
            gate: Gate::Limit(limit),
            value,
            limit: bound,
            interval,
            passed,
        });
    }
    for &item in &gates.no_worse_than_baseline {
        let (difference, higher_is_better) = match item {
            NoWorse::RocAuc => (
                comparison.and_then(|c| c.roc_auc).map(|a| Estimate {
                    value: a.difference,
                    low: a.interval95.0,
                    high: a.interval95.1,
                }),
                true,
            ),
            NoWorse::PerDay(quantity, rule) => (
                comparison
                    .and_then(|c| c.matched_by(rule))
                    .and_then(|m| m.difference_of(quantity)),
                quantity.higher_is_better(),
            ),
        };
        // Worse by more than chance: the whole interval on the worse side of 0.
        let worse = |d: &Estimate| {
            if higher_is_better {
                d.high < 0.0
            } else {
                d.low > 0.0
            }
        };
        results.push(GateResult {
            gate: Gate::NoWorse(item),
            value: difference.map(|d| d.value),
            limit: 0.0,
            interval: difference,
            passed: difference.is_some_and(|d| !worse(&d)),
        });
    }
    results
}

/// The report's value for a limit at the current threshold, with its interval.
fn limit_value(limit: Limit, report: &Report) -> (Option<f64>, Option<Estimate>) {
    let point = &report.current;
    let day = &point.per_day;
    let with = |e: Estimate| (Some(e.value), Some(e));
    match limit {
        Limit::MaxFlaggedPerDay => with(day.flagged),
        Limit::MaxMissedPerDay => with(day.missed),
        Limit::MaxFalseAlarmsPerDay => with(day.false_alarms),
        Limit::MinCaughtPerDay => with(day.caught),
        Limit::MaxCostPerDay => day.cost.map_or((None, None), with),
        Limit::MaxFalseNegativeRate => (
            point.counts.false_negative_rate(),
            Some(point.rates.false_negative_rate()),
        ),
        Limit::MaxFalsePositiveRate => (
            point.counts.false_positive_rate(),
            Some(point.rates.false_positive_rate),
        ),
        Limit::MinPrecision => day.precision.map_or((None, None), with),
        Limit::MinRocAuc => (report.metrics.roc_auc, None),
        Limit::MinAveragePrecision => (report.metrics.average_precision, None),
    }
}
