//! The audit per segment value (issue 27, part 5): the whole period's audit
//! estimator — stratified by flagged / not flagged (`stats::audit`), or the ratio
//! estimator of `stats::audit_weighted` when the audit gives inclusion
//! probabilities — restricted to one value's production rows, per day of the
//! whole period's observed days, with the miss rate held against the launch
//! report's false-negative rate for that value.
//!
//! Rules (stated on the page and tested):
//! - a figure resting on a group (caught and false alarms on the flagged group,
//!   missed on the not-flagged group, the miss rate on both) is withheld as "too
//!   few verdicts" when that group has cases of the value but fewer than
//!   [`MIN_SEGMENT_VERDICTS`] of them were audited;
//! - the miss rate is promised only for a value with its own row in the launch
//!   report's segment table (the report's false-negative rate for it, with its
//!   range), judged by the same [`verdict`]; the shared row of smaller values is
//!   not promised one.

use super::audit::{estimate, miss_rate};
use super::{Promise, outcome, verdict};
use crate::input::eval::production::AuditLabels;
use crate::stats::audit::{AuditCounts, AuditPerDay};
use crate::stats::interval::Estimate;
use crate::stats::quantity::Quantity;

/// Fewest audited cases of a value in a group for a figure resting on that group
/// to be shown.
pub const MIN_SEGMENT_VERDICTS: u64 = 5;

/// One segment value's audit.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentAudit {
    /// The value's production cases and audited verdicts in each group.
    pub counts: AuditCounts,
    /// Caught, missed and false alarms a day over the period's observed days
    /// (`flagged` exact); a figure is `None` when unknown or withheld (see
    /// `too_few_flagged`, `too_few_not_flagged`).
    pub per_day: AuditPerDay,
    /// The flagged group has cases of the value but fewer than
    /// [`MIN_SEGMENT_VERDICTS`] audited: caught, false alarms and the miss rate
    /// are withheld.
    pub too_few_flagged: bool,
    /// The same for the not-flagged group: missed and the miss rate are withheld.
    pub too_few_not_flagged: bool,
    /// missed / (caught + missed), as the whole period's; `None` when withheld or
    /// unknown.
    pub miss_rate: Option<Estimate>,
    /// The miss rate against the launch report's false-negative rate of the
    /// value; `None` when the report has none for it.
    pub miss_rate_promise: Option<Promise>,
}

/// The audit of production rows `rows` (one value's), per day over `days`;
/// `promised` is the report's false-negative rate of the value, if any. `None`
/// when the rows cannot be estimated (no rows).
pub(super) fn segment_audit(
    scores: &[f64],
    threshold: f64,
    labels: &AuditLabels,
    rows: &[usize],
    days: f64,
    promised: Option<Estimate>,
) -> Option<SegmentAudit> {
    let (counts, estimates, weighted) = estimate(scores, threshold, labels, Some(rows))?;
    let too_few = |cases: u64, audited: u64| cases > 0 && audited < MIN_SEGMENT_VERDICTS;
    let too_few_flagged = too_few(counts.flagged, counts.flagged_audited);
    let too_few_not_flagged = too_few(counts.not_flagged, counts.not_flagged_audited);
    let per_day = estimates.per_day(days)?;
    let per_day = AuditPerDay {
        caught: per_day.caught.filter(|_| !too_few_flagged),
        false_alarms: per_day.false_alarms.filter(|_| !too_few_flagged),
        missed: per_day.missed.filter(|_| !too_few_not_flagged),
        ..per_day
    };
    let miss_rate =
        miss_rate(&estimates, weighted).filter(|_| !(too_few_flagged || too_few_not_flagged));
    let miss_rate_promise = promised.map(|promised| {
        let verdict = verdict(promised, miss_rate);
        Promise {
            quantity: Quantity::FalseNegativeRate,
            promised,
            observed: miss_rate,
            verdict,
            outcome: outcome(Quantity::FalseNegativeRate, verdict, None),
        }
    });
    Some(SegmentAudit {
        counts,
        per_day,
        too_few_flagged,
        too_few_not_flagged,
        miss_rate,
        miss_rate_promise,
    })
}
