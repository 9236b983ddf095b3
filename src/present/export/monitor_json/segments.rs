//! `monitoring.segments[]`: each `data.segments` value in production against the
//! launch report's figures for it, and its score drift (`model::monitoring`'s
//! segment rules).

use schemars::JsonSchema;
use serde::Serialize;

use super::{PromiseJson, promise, value};
use crate::model::monitoring::{DriftCheck, Monitoring, SegmentCheck};
use crate::present::export::json::finite;
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
