//! The audit of the period: its tallies in the two groups the threshold makes, the
//! stratified estimates (`stats::audit`), the check of the audited shares against
//! the declared ones, and the miss rate.

use super::{Audit, Group, MonitoringWarning};
use crate::stats::audit::{
    AuditCounts, AuditEstimates, AuditPerDay, binomial_test_p_value, estimate_from_audit,
    tally_audit,
};
use crate::stats::interval::Estimate;

/// The audit of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSummary {
    /// Cases and verdicts in each group.
    pub counts: AuditCounts,
    /// Period totals and shares, estimated.
    pub estimates: AuditEstimates,
    /// Counts per day of the period.
    pub per_day: Option<AuditPerDay>,
    /// The declared audited shares of flagged and unflagged cases.
    pub declared_flagged: f64,
    /// See `declared_flagged`.
    pub declared_not_flagged: f64,
    /// The exact binomial test's p-value of the audited count in each group against
    /// its declared share; `None` for a group without cases.
    pub flagged_share_p_value: Option<f64>,
    /// See `flagged_share_p_value`.
    pub not_flagged_share_p_value: Option<f64>,
    /// missed / (caught + missed), its range from the two counts' bounds (the ratio
    /// is monotone in each); `None` when either is unknown or there are no
    /// positives.
    pub miss_rate: Option<Estimate>,
    /// Rows in the audit file.
    pub rows: usize,
}

/// The audit's tallies and estimates, with warnings on its shares.
pub(super) fn audit_summary(
    audit: &Audit,
    scores: &[f64],
    threshold: f64,
    days: f64,
    warnings: &mut Vec<MonitoringWarning>,
) -> Option<AuditSummary> {
    let counts = tally_audit(scores, threshold, &audit.labels.labels)?;
    let estimates = estimate_from_audit(&counts)?;
    let test = |audited: u64, cases: u64, declared: f64| {
        (cases > 0)
            .then(|| binomial_test_p_value(audited, cases, declared))
            .flatten()
    };
    let flagged_p = test(counts.flagged_audited, counts.flagged, audit.flagged_share);
    let not_flagged_p = test(
        counts.not_flagged_audited,
        counts.not_flagged,
        audit.not_flagged_share,
    );
    for (group, p, audited, cases, declared) in [
        (
            Group::Flagged,
            flagged_p,
            counts.flagged_audited,
            counts.flagged,
            audit.flagged_share,
        ),
        (
            Group::NotFlagged,
            not_flagged_p,
            counts.not_flagged_audited,
            counts.not_flagged,
            audit.not_flagged_share,
        ),
    ] {
        if cases > 0 && audited == 0 {
            warnings.push(MonitoringWarning::GroupNotAudited { group, cases });
        } else if let Some(p) = p.filter(|p| *p < 0.05) {
            warnings.push(MonitoringWarning::AuditShareDiffers {
                group,
                declared,
                audited,
                cases,
                p_value: p,
            });
        }
    }
    let miss_rate = estimates
        .caught
        .zip(estimates.missed)
        .and_then(|(caught, missed)| {
            let rate = |m: f64, c: f64| (m + c > 0.0).then(|| m / (m + c));
            Some(Estimate {
                value: rate(missed.value, caught.value)?,
                low: rate(missed.low, caught.high).unwrap_or(0.0),
                high: rate(missed.high, caught.low).unwrap_or(1.0),
            })
        });
    Some(AuditSummary {
        counts,
        per_day: estimates.per_day(days),
        estimates,
        declared_flagged: audit.flagged_share,
        declared_not_flagged: audit.not_flagged_share,
        flagged_share_p_value: flagged_p,
        not_flagged_share_p_value: not_flagged_p,
        miss_rate,
        rows: audit.labels.rows,
    })
}
