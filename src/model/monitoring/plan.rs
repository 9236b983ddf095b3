//! The audit plan: how many cases to audit in each group, for a period like this
//! one, to know the quantity `monitoring.audit.target` names within the half-width
//! it asks — with the current audit rates scaled, and with Neyman's allocation
//! (`stats::audit_plan`). The groups' shares of positives are this audit's
//! estimates (a share estimated as 0 is taken as ½/(n + 1), so a group is never
//! planned as certain from a sample).

use super::{AuditSummary, Group};
use crate::input::context::AuditTarget;
use crate::stats::audit_plan::{PlanStratum, neyman, planned_half_width, scaled, variance_for};

/// One group in the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedGroup {
    /// Flagged or not.
    pub group: Group,
    /// Production cases in the period.
    pub cases: u64,
    /// The share of positives planned with.
    pub expected_share: f64,
    /// Audited this period.
    pub audited: u64,
    /// To audit with the current rates scaled; `None` when the group that matters
    /// is not audited now.
    pub current_design: Option<u64>,
    /// To audit with Neyman's allocation.
    pub neyman: u64,
}

/// How many to audit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditPlan {
    /// What was asked.
    pub target: AuditTarget,
    /// The asked 95 % half-width in the quantity's units (cases a day, or a share
    /// for the miss rate).
    pub half_width: f64,
    /// The quantity's current estimate.
    pub estimate: f64,
    /// The half-width this period's audit gives: by the same formula, or for a
    /// weighted audit half its interval's width.
    pub current_half_width: Option<f64>,
    /// Flagged, then not flagged.
    pub groups: [PlannedGroup; 2],
    /// Days in the period the sizes are for.
    pub days: f64,
}

impl AuditPlan {
    /// Cases to audit in the period with the current design; `None` when it cannot
    /// reach the target.
    pub fn current_total(&self) -> Option<u64> {
        self.groups.iter().map(|g| g.current_design).sum()
    }

    /// Cases to audit in the period with Neyman's allocation.
    pub fn neyman_total(&self) -> u64 {
        self.groups.iter().map(|g| g.neyman).sum()
    }
}

/// The plan for `target` from the period's audit over `days` days; `None` when a
/// group with cases has no audited case or the quantity is 0 (a relative width of
/// 0 is no target).
pub(super) fn audit_plan(a: &AuditSummary, target: AuditTarget, days: f64) -> Option<AuditPlan> {
    let c = &a.counts;
    let e = &a.estimates;
    let share = |cases: u64, audited: u64, estimate: Option<f64>| -> Option<f64> {
        if cases == 0 {
            return Some(0.0);
        }
        let p = estimate?;
        let floor = 0.5 / (audited as f64 + 1.0);
        Some(if audited >= cases { p } else { p.max(floor) })
    };
    let p_f = share(c.flagged, c.flagged_audited, e.precision.map(|p| p.value))?;
    let p_u = share(
        c.not_flagged,
        c.not_flagged_audited,
        e.missed.map(|m| m.value / c.not_flagged.max(1) as f64),
    )?;
    let (n_f, n_u) = (c.flagged as f64, c.not_flagged as f64);
    let (caught, missed) = (n_f * p_f, n_u * p_u);
    let all = caught + missed;
    let (coefficients, estimate, half_width) = match target {
        AuditTarget::MissedPerDay(d) => ((0.0, 1.0 / days), missed / days, d),
        AuditTarget::MissRate(relative) => {
            if all <= 0.0 {
                return None;
            }
            let rate = missed / all;
            (
                (missed / all.powi(2), caught / all.powi(2)),
                rate,
                relative * rate,
            )
        }
    };
    if !(half_width > 0.0 && days > 0.0) {
        return None;
    }
    let strata = [
        PlanStratum {
            cases: c.flagged,
            share: p_f,
            coefficient: coefficients.0,
            rate: c.flagged_audited as f64 / n_f.max(1.0),
        },
        PlanStratum {
            cases: c.not_flagged,
            share: p_u,
            coefficient: coefficients.1,
            rate: c.not_flagged_audited as f64 / n_u.max(1.0),
        },
    ];
    let variance = variance_for(half_width);
    let optimal = neyman(&strata, variance);
    let current = scaled(&strata, variance);
    let now = [c.flagged_audited, c.not_flagged_audited];
    // A weighted audit was not a simple random sample per group: its own
    // interval says how precise it is.
    let actual = match target {
        AuditTarget::MissedPerDay(_) => e.missed.map(|m| (m.high - m.low) / 2.0 / days),
        AuditTarget::MissRate(_) => a.miss_rate.map(|r| (r.high - r.low) / 2.0),
    };
    let current_half_width = if a.weighted {
        actual
    } else {
        Some(planned_half_width(&strata, &now)).filter(|h| h.is_finite())
    };
    let group = |i: usize, group: Group, audited: u64| PlannedGroup {
        group,
        cases: strata[i].cases,
        expected_share: strata[i].share,
        audited,
        current_design: current.as_ref().map(|s| s[i]),
        neyman: optimal[i],
    };
    Some(AuditPlan {
        target,
        half_width,
        estimate,
        current_half_width,
        groups: [
            group(0, Group::Flagged, c.flagged_audited),
            group(1, Group::NotFlagged, c.not_flagged_audited),
        ],
        days,
    })
}
