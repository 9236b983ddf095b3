//! The audit of the period: its tallies in the two groups the threshold makes, the
//! stratified estimates (`stats::audit`) — or, when the audit gives each case's
//! inclusion probability, the ratio estimates of `stats::audit_weighted` — the
//! check of the audited shares against the declared ones, the miss rate, and the
//! plan for the next audit.

use super::plan::{AuditPlan, audit_plan};
use super::{Audit, Group, MonitoringWarning};
use crate::input::eval::production::AuditLabels;
use crate::stats::audit::{
    AuditCounts, AuditEstimates, AuditPerDay, binomial_test_p_value, estimate_from_audit,
    tally_audit,
};
use crate::stats::audit_weighted::{WeightedCase, estimate_weighted};
use crate::stats::interval::Estimate;

/// The tallies, the estimates and (for a weighted audit) the miss rate of the
/// production rows `rows` (all when `None`).
pub(super) fn estimate(
    scores: &[f64],
    threshold: f64,
    labels: &AuditLabels,
    rows: Option<&[usize]>,
) -> Option<(AuditCounts, AuditEstimates, Option<Option<Estimate>>)> {
    let all: Vec<usize>;
    let rows = match rows {
        Some(r) => r,
        None => {
            all = (0..scores.len()).collect();
            &all
        }
    };
    let part_scores: Vec<f64> = rows.iter().map(|&i| scores[i]).collect();
    let part_labels: Vec<Option<bool>> = rows.iter().map(|&i| labels.labels[i]).collect();
    let counts = tally_audit(&part_scores, threshold, &part_labels)?;
    match &labels.probabilities {
        None => Some((counts, estimate_from_audit(&counts)?, None)),
        Some(probabilities) => {
            let cases: Vec<WeightedCase> = rows
                .iter()
                .filter_map(|&i| {
                    Some(WeightedCase {
                        flagged: scores[i] >= threshold,
                        positive: labels.labels[i]?,
                        probability: probabilities[i]?,
                    })
                })
                .collect();
            let w = estimate_weighted(counts.flagged, counts.not_flagged, &cases)?;
            Some((counts, w.estimates, Some(w.miss_rate)))
        }
    }
}

/// missed / (caught + missed): the weighted audit's own (`weighted`, from
/// [`estimate`]), else from the stratified counts, its range from the two counts'
/// bounds (the ratio is monotone in each). `None` when either count is unknown or
/// there are no positives.
pub(super) fn miss_rate(
    estimates: &AuditEstimates,
    weighted: Option<Option<Estimate>>,
) -> Option<Estimate> {
    if let Some(rate) = weighted {
        return rate;
    }
    let (caught, missed) = estimates.caught.zip(estimates.missed)?;
    let rate = |m: f64, c: f64| (m + c > 0.0).then(|| m / (m + c));
    Some(Estimate {
        value: rate(missed.value, caught.value)?,
        low: rate(missed.low, caught.high).unwrap_or(0.0),
        high: rate(missed.high, caught.low).unwrap_or(1.0),
    })
}

/// The audit of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSummary {
    /// Cases and verdicts in each group.
    pub counts: AuditCounts,
    /// Period totals and shares, estimated.
    pub estimates: AuditEstimates,
    /// Counts per day of the period.
    pub per_day: Option<AuditPerDay>,
    /// The declared audited shares of flagged and unflagged cases; `None` when the
    /// audit gives inclusion probabilities instead.
    pub declared_flagged: Option<f64>,
    /// See `declared_flagged`.
    pub declared_not_flagged: Option<f64>,
    /// Whether the estimates weight each verdict by its inclusion probability.
    pub weighted: bool,
    /// How many to audit next for `monitoring.audit.target`; `None` without one
    /// (or when the audit cannot support a plan).
    pub plan: Option<AuditPlan>,
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
    let (counts, estimates, weighted_miss_rate) = estimate(scores, threshold, audit.labels, None)?;
    let test = |audited: u64, cases: u64, declared: Option<f64>| {
        (cases > 0)
            .then(|| binomial_test_p_value(audited, cases, declared?))
            .flatten()
    };
    let (declared_flagged, declared_not_flagged) = audit.sampled.unzip();
    let flagged_p = test(counts.flagged_audited, counts.flagged, declared_flagged);
    let not_flagged_p = test(
        counts.not_flagged_audited,
        counts.not_flagged,
        declared_not_flagged,
    );
    for (group, p, audited, cases, declared) in [
        (
            Group::Flagged,
            flagged_p,
            counts.flagged_audited,
            counts.flagged,
            declared_flagged.unwrap_or(f64::NAN),
        ),
        (
            Group::NotFlagged,
            not_flagged_p,
            counts.not_flagged_audited,
            counts.not_flagged,
            declared_not_flagged.unwrap_or(f64::NAN),
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
    let miss_rate = miss_rate(&estimates, weighted_miss_rate);
    let mut summary = AuditSummary {
        counts,
        per_day: estimates.per_day(days),
        estimates,
        declared_flagged,
        declared_not_flagged,
        weighted: audit.labels.probabilities.is_some(),
        plan: None,
        flagged_share_p_value: flagged_p,
        not_flagged_share_p_value: not_flagged_p,
        miss_rate,
        rows: audit.labels.rows,
    };
    summary.plan = audit
        .target
        .and_then(|target| audit_plan(&summary, target, days));
    Some(summary)
}
