//! From evaluation rates to a day in production (the formulas of
//! docs/src/conventions.md), with the 95 % intervals of `crate::stats::interval`. Pure maths: volume V, prevalence π,
//! caught = V·π·TPR, missed = V·π·(1−TPR), false alarms = V·(1−π)·FPR,
//! flagged = caught + false alarms, cost = c_FP·false alarms + c_FN·missed + c_TP·caught.

use crate::stats::costs::RowCosts;
use crate::stats::interval::{self, Estimate};
use crate::stats::quantity::Quantity;
use crate::stats::sweep::{Counts, Sweep};
pub use crate::stats::workload::Workload;

/// The evaluation rates at one threshold with their intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// Share of positives flagged, with its Wilson interval.
    pub true_positive_rate: Estimate,
    /// Share of negatives flagged, with its Wilson interval.
    pub false_positive_rate: Estimate,
}

impl Rates {
    /// Rates from `counts`, with intervals from the sweep's effective sample sizes;
    /// `None` unless both classes are present.
    pub fn from_counts(counts: &Counts, sweep: &Sweep) -> Option<Rates> {
        Some(Rates {
            true_positive_rate: interval::wilson(
                counts.true_positive_rate()?,
                sweep.effective_positives,
            )?,
            false_positive_rate: interval::wilson(
                counts.false_positive_rate()?,
                sweep.effective_negatives,
            )?,
        })
    }

    /// Share of positives not flagged, 1 − TPR, with the interval flipped.
    pub fn false_negative_rate(&self) -> Estimate {
        self.true_positive_rate.complement()
    }
}

/// An average production day at one threshold; every count is cases per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerDay {
    /// Cases flagged per day.
    pub flagged: Estimate,
    /// Positives caught per day.
    pub caught: Estimate,
    /// Positives missed per day.
    pub missed: Estimate,
    /// Negatives flagged per day (false alarms).
    pub false_alarms: Estimate,
    /// Money per day; `None` without costs.
    pub cost: Option<Estimate>,
    /// Share of flagged cases that are positive in production; `None` when nothing
    /// is flagged.
    pub precision: Option<Estimate>,
}

impl PerDay {
    /// The day's value of `quantity` with its interval; `None` for what a day at a
    /// threshold does not hold (cost without costs, precision with nothing flagged,
    /// the volume, shares and whole-evaluation metrics kept elsewhere).
    pub fn of(&self, quantity: Quantity) -> Option<Estimate> {
        match quantity {
            Quantity::Flagged => Some(self.flagged),
            Quantity::Caught => Some(self.caught),
            Quantity::Missed => Some(self.missed),
            Quantity::FalseAlarms => Some(self.false_alarms),
            Quantity::Cost => self.cost,
            Quantity::Precision => self.precision,
            Quantity::Volume
            | Quantity::ShareFlagged
            | Quantity::Prevalence
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => None,
        }
    }
}

/// Projects `rates` (measured at `threshold`) onto `production`; `sweep` gives the
/// sample sizes behind them and `row_costs`, when costs come from the rows, the money.
pub fn per_day(
    threshold: f64,
    rates: &Rates,
    workload: &Workload,
    sweep: &Sweep,
    row_costs: Option<&RowCosts>,
) -> PerDay {
    let positives_per_day = workload.positives_per_day();
    let negatives_per_day = workload.negatives_per_day();
    let tpr = rates.true_positive_rate;
    let fpr = rates.false_positive_rate;
    let fixed_cost = workload.costs.map(|c| {
        // cost = c_FP·N·FPR + c_FN·P·(1−TPR) + c_TP·P·TPR
        //      = (c_TP − c_FN)·P·TPR + c_FP·N·FPR + c_FN·P
        interval::linear(
            (c.true_positive - c.false_negative) * positives_per_day,
            tpr,
            c.false_positive * negatives_per_day,
            fpr,
            c.false_negative * positives_per_day,
        )
    });
    let cost = match row_costs {
        Some(rows) if workload.costs.is_some() => Some(rows.per_day(threshold, workload)),
        _ => fixed_cost,
    };
    PerDay {
        flagged: interval::linear(positives_per_day, tpr, negatives_per_day, fpr, 0.0),
        caught: tpr.scale(positives_per_day),
        missed: tpr.complement().scale(positives_per_day),
        false_alarms: fpr.scale(negatives_per_day),
        cost,
        precision: interval::precision_at_prevalence(
            workload.prevalence,
            tpr.value,
            sweep.effective_positives,
            fpr.value,
            sweep.effective_negatives,
        ),
    }
}
