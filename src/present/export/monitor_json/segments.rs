//! `monitoring.segments[]`: each `data.segments` value in production against the
//! launch report's figures for it, and its score drift (`model::monitoring`'s
//! segment rules).

use schemars::JsonSchema;
use serde::Serialize;

use super::{PromiseJson, promise, value};
use crate::model::monitoring::{DriftCheck, Monitoring, SegmentAudit, SegmentCheck};
use crate::present::export::json::{Interval, finite, interval};
use crate::stats::interval::Estimate;
use crate::stats::quantity::Quantity;

/// One segment value (or the smaller values sharing a row) in production.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentJson {
    /// The `data.segments` column.
    pub column: String,
    /// The value as the production file writes it (`(missing)` for a missing
    /// value); `null` for the row the smaller values share.
    pub value: Option<String>,
    /// How many values share this row; `null` for a value's own row.
    pub folded_values: Option<usize>,
    /// Whether the evaluation holds the value; without it nothing was promised
    /// for it (cases and flags promised 0) and there is no drift.
    pub in_evaluation: bool,
    /// Production cases of the value in the period.
    pub cases: usize,
    /// Of them, flagged at the threshold.
    pub flagged: usize,
    /// Cases a day, the mean over the period's whole days.
    pub volume_per_day: Option<f64>,
    /// Flagged a day, the mean over the period's whole days.
    pub flagged_per_day: Option<f64>,
    /// Flagged over cases on the whole days.
    pub share_flagged: Option<f64>,
    /// `volume`, `flagged` and `share_flagged` (this one only when the value was
    /// promised cases) against the launch report's average day times the value's
    /// shares of volume and of flags, the same shape and verdicts as
    /// `monitoring.promises`.
    pub promises: Vec<PromiseJson>,
    /// The value's production scores against the evaluation's rows of it,
    /// reweighted as the whole period's drift; `null` when the evaluation does not
    /// hold the value.
    pub drift: Option<SegmentDriftJson>,
    /// The value's audit: the whole period's estimator (`monitoring.audit`) on
    /// the value's production rows, per day of the period's observed days;
    /// `null` without an audit.
    pub audit: Option<SegmentAuditJson>,
}

/// A segment value's audit (`monitoring.segments[].audit`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentAuditJson {
    /// The value's production cases flagged, and of them audited.
    pub flagged_cases: u64,
    /// See `flagged_cases`.
    pub flagged_audited: u64,
    /// The value's production cases not flagged, and of them audited.
    pub not_flagged_cases: u64,
    /// See `not_flagged_cases`.
    pub not_flagged_audited: u64,
    /// The flagged group has cases of the value but fewer than 5 audited:
    /// `caught_per_day`, `false_alarms_per_day` and `miss_rate` are `null`
    /// ("too few verdicts").
    pub too_few_flagged_verdicts: bool,
    /// The same for the not-flagged group: `missed_per_day` and `miss_rate` are
    /// `null`.
    pub too_few_not_flagged_verdicts: bool,
    /// Positives flagged a day (cases a day over the period's observed days).
    pub caught_per_day: Option<f64>,
    /// Its 95 % interval.
    pub caught_per_day_interval: Option<Interval>,
    /// Positives not flagged a day.
    pub missed_per_day: Option<f64>,
    /// Its 95 % interval.
    pub missed_per_day_interval: Option<Interval>,
    /// Negatives flagged a day.
    pub false_alarms_per_day: Option<f64>,
    /// Its 95 % interval.
    pub false_alarms_per_day_interval: Option<Interval>,
    /// missed / (caught + missed), a share in [0, 1].
    pub miss_rate: Option<f64>,
    /// Its 95 % interval (from the two counts' bounds; the weighted audit's own
    /// when it gives inclusion probabilities).
    pub miss_rate_interval: Option<Interval>,
    /// The miss rate against the launch report's false-negative rate of the
    /// value (quantity `false_negative_rate`, the shape of
    /// `monitoring.promises`); `null` when the report's segment table has no
    /// row (or no positives) for the value.
    pub miss_rate_promise: Option<PromiseJson>,
}

/// A segment value's drift.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentDriftJson {
    /// Production cases compared.
    pub cases: usize,
    /// Population stability index over the value's own evaluation deciles.
    pub psi: Option<f64>,
    /// `small`, `moderate` or `large`.
    pub psi_reading: String,
    /// Two-sample Kolmogorov–Smirnov statistic.
    pub ks_statistic: Option<f64>,
    /// Its asymptotic p-value.
    pub ks_p_value: Option<f64>,
    /// P(a production score > an evaluation score of the value), ties counted half.
    pub production_higher_probability: Option<f64>,
}

/// `monitoring.segments`.
pub(super) fn segments(m: &Monitoring) -> Vec<SegmentJson> {
    m.segments.iter().map(segment).collect()
}

fn segment(s: &SegmentCheck) -> SegmentJson {
    let observed = |q: Quantity| value(s.promise(q).and_then(|p| p.observed));
    SegmentJson {
        column: s.column.clone(),
        value: s.folded.is_none().then(|| s.value.clone()),
        folded_values: s.folded,
        in_evaluation: s.in_evaluation,
        cases: s.cases,
        flagged: s.flagged,
        volume_per_day: observed(Quantity::Volume),
        flagged_per_day: observed(Quantity::Flagged),
        share_flagged: observed(Quantity::ShareFlagged),
        promises: s.promises.iter().map(promise).collect(),
        drift: s.drift.as_ref().map(drift),
        audit: s.audit.as_ref().map(audit),
    }
}

fn audit(a: &SegmentAudit) -> SegmentAuditJson {
    let pair = |e: Option<Estimate>| (value(e), e.map(|e| interval(&e)));
    let (caught, caught_interval) = pair(a.per_day.caught);
    let (missed, missed_interval) = pair(a.per_day.missed);
    let (false_alarms, false_alarms_interval) = pair(a.per_day.false_alarms);
    let (miss_rate, miss_rate_interval) = pair(a.miss_rate);
    SegmentAuditJson {
        flagged_cases: a.counts.flagged,
        flagged_audited: a.counts.flagged_audited,
        not_flagged_cases: a.counts.not_flagged,
        not_flagged_audited: a.counts.not_flagged_audited,
        too_few_flagged_verdicts: a.too_few_flagged,
        too_few_not_flagged_verdicts: a.too_few_not_flagged,
        caught_per_day: caught,
        caught_per_day_interval: caught_interval,
        missed_per_day: missed,
        missed_per_day_interval: missed_interval,
        false_alarms_per_day: false_alarms,
        false_alarms_per_day_interval: false_alarms_interval,
        miss_rate,
        miss_rate_interval,
        miss_rate_promise: a.miss_rate_promise.as_ref().map(promise),
    }
}

fn drift(d: &DriftCheck) -> SegmentDriftJson {
    SegmentDriftJson {
        cases: d.cases,
        psi: finite(d.stability.index),
        psi_reading: crate::present::monitoring::reading(d.stability.reading).to_owned(),
        ks_statistic: finite(d.kolmogorov_smirnov.statistic),
        ks_p_value: finite(d.kolmogorov_smirnov.p_value),
        production_higher_probability: finite(d.shift),
    }
}
