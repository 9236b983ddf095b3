//! Re-thresholding advice: the thresholds that would have kept two promises over
//! the observed period — flags per day within the capacity (from production's
//! scores, exactly) and the target miss rate (from the audit, estimated) — each with
//! what the evaluation promises at that threshold. A period is short: the page says
//! to treat these as a direction, not a setting.

use super::{AuditSummary, MonitoringInputs, Period};
use crate::stats::monitoring::{
    highest_threshold_within_miss_rate, lowest_threshold_flagging_at_most,
};
use crate::stats::projection::{self, PerDay, Rates};

/// Where the target miss rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// `thresholds.targets.max_false_negative_rate`.
    Context,
    /// The launch report's false-negative rate at the current threshold.
    Promise,
}

/// The threshold that would have kept flags within the capacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityAdvice {
    /// Flags per day allowed (`business.capacity_per_day`, else
    /// `thresholds.targets.max_flagged_per_day`).
    pub capacity: f64,
    /// The lowest production score at which the period's flags stay within
    /// capacity × days; `f64::INFINITY` when no case may be flagged.
    pub threshold: f64,
    /// Production's flags per day at that threshold.
    pub flagged_per_day: f64,
    /// The launch report's day at that threshold; `None` if it has no day there.
    pub promised: Option<PerDay>,
}

/// The threshold that would have kept the miss rate within its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissRateAdvice {
    /// The share of positives that may be missed.
    pub target: f64,
    /// Where the target came from.
    pub source: TargetSource,
    /// The highest audited positive's score at which the estimated miss rate stays
    /// within target.
    pub threshold: f64,
    /// The estimated miss rate there.
    pub estimated_miss_rate: f64,
    /// Production's flags per day at that threshold.
    pub flagged_per_day: f64,
    /// Audited positives the estimate rests on, and how many of them the current
    /// threshold did not flag (the few that say where misses lie).
    pub audited_positives: usize,
    /// See `audited_positives`.
    pub audited_positives_not_flagged: usize,
    /// The launch report's day at that threshold.
    pub promised: Option<PerDay>,
}

/// Both pieces of advice; each `None` when it cannot be given (no capacity; no
/// audit, or no audited positives, or an unaudited group).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Advice {
    /// The capacity's threshold.
    pub capacity: Option<CapacityAdvice>,
    /// The miss rate's threshold.
    pub miss_rate: Option<MissRateAdvice>,
}

pub(super) fn build_advice(
    inputs: &MonitoringInputs,
    period: &Period,
    audit: Option<&AuditSummary>,
) -> Advice {
    let report = inputs.report;
    let scores = &inputs.production.scores;
    let days = period.observed_days.max(f64::MIN_POSITIVE);
    let flagged_per_day = |t: f64| scores.iter().filter(|&&s| s >= t).count() as f64 / days;
    let promised_at = |t: f64| {
        let counts = inputs.sweep.counts_at(t);
        let rates = Rates::from_counts(&counts, inputs.sweep)?;
        Some(projection::per_day(
            t,
            &rates,
            &report.workload,
            inputs.sweep,
            inputs.row_costs,
        ))
    };
    let capacity = report
        .business
        .capacity_per_day
        .or(inputs.max_flagged_per_day)
        .and_then(|capacity| {
            let threshold = lowest_threshold_flagging_at_most(scores, capacity * days)?;
            Some(CapacityAdvice {
                capacity,
                threshold,
                flagged_per_day: flagged_per_day(threshold),
                promised: promised_at(threshold),
            })
        });
    let miss_rate = inputs.audit.zip(audit).and_then(|(a, summary)| {
        let (target, source) = match inputs.max_false_negative_rate {
            Some(t) => (t, TargetSource::Context),
            None => (
                report.current.rates.false_negative_rate().value,
                TargetSource::Promise,
            ),
        };
        let c = &summary.counts;
        let threshold = report.current.threshold;
        // Each audited case stands for the cases of its group per case audited.
        let weight = |flagged: bool| {
            let (cases, audited) = if flagged {
                (c.flagged, c.flagged_audited)
            } else {
                (c.not_flagged, c.not_flagged_audited)
            };
            (audited > 0).then(|| cases as f64 / audited as f64)
        };
        if c.not_flagged > 0 && c.not_flagged_audited == 0
            || c.flagged > 0 && c.flagged_audited == 0
        {
            return None;
        }
        let (mut positive_scores, mut weights) = (Vec::new(), Vec::new());
        let mut not_flagged = 0;
        for (&score, label) in scores.iter().zip(&a.labels.labels) {
            if *label == Some(true) {
                let flagged = score >= threshold;
                not_flagged += usize::from(!flagged);
                positive_scores.push(score);
                weights.push(weight(flagged)?);
            }
        }
        let found = highest_threshold_within_miss_rate(&positive_scores, &weights, target)?;
        Some(MissRateAdvice {
            target,
            source,
            threshold: found.threshold,
            estimated_miss_rate: found.miss_rate,
            flagged_per_day: flagged_per_day(found.threshold),
            audited_positives: positive_scores.len(),
            audited_positives_not_flagged: not_flagged,
            promised: promised_at(found.threshold),
        })
    });
    Advice {
        capacity,
        miss_rate,
    }
}
