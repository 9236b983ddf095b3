//! With a randomised split (`monitoring.experiment`), only the model arm's cases
//! were handled by the model: its flags went to the review queue and its catches
//! were stopped, while the holdout's cases were handled without it. So the
//! launch report's promises are held on the model arm alone — against the
//! report rebuilt at the model arm's share of the planned volume (the split;
//! `app::monitor`) — and the capacity applies to the model arm's flags. The
//! experiment itself still reads both arms (`experiment`), at production's whole
//! volume.
//!
//! Audited holdout cases are left out of the audit's estimates: a verdict on a
//! case the model did not handle says nothing of what it caught. The audit's
//! design (its shares, or each case's inclusion probability) is per case, so the
//! model arm's audited cases keep it and the estimates stay unbiased.

use crate::input::eval::case_costs::CaseCosts;
use crate::input::eval::production::{AuditLabels, ProductionData};

/// The model arm's cases: production, the audit's verdicts and the cost columns,
/// each keeping only the model arm's rows (in file order).
#[derive(Debug)]
pub(super) struct ArmCases {
    /// The model arm's rows of production.
    pub production: ProductionData,
    /// Their verdicts; `None` without an audit.
    pub labels: Option<AuditLabels>,
    /// Their own costs; `None` without cost columns.
    pub costs: Option<CaseCosts>,
}

/// The model arm as the page states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelArm {
    /// The planned share of cases in the model arm: the promises' scale.
    pub split: f64,
    /// Production's cases in the model arm (those the promises are held on).
    pub cases: usize,
    /// Production's cases in the holdout (left out of the promises).
    pub holdout_cases: usize,
    /// Audited holdout cases, left out of the audit's estimates.
    pub holdout_verdicts: usize,
}

/// Keeps the rows where `in_model` holds, in every per-row vector.
pub(super) fn model_arm_cases(
    production: &ProductionData,
    labels: Option<&AuditLabels>,
    costs: Option<&CaseCosts>,
    in_model: &[bool],
) -> ArmCases {
    let keep = |row: usize| in_model.get(row).copied().unwrap_or(false);
    fn kept<T: Clone>(values: &[T], keep: impl Fn(usize) -> bool) -> Vec<T> {
        (values.iter().enumerate())
            .filter(|&(row, _)| keep(row))
            .map(|(_, v)| v.clone())
            .collect()
    }
    let production = ProductionData {
        file: production.file.clone(),
        scores: kept(&production.scores, keep),
        timestamps: kept(&production.timestamps, keep),
        ids: production.ids.as_deref().map(|ids| kept(ids, keep)),
        segments: (production.segments.iter())
            .map(|s| crate::stats::segments::Segment {
                column: s.column.clone(),
                names: s.names.clone(),
                codes: kept(&s.codes, keep),
            })
            .collect(),
        in_model: Some(vec![true; in_model.iter().filter(|&&m| m).count()]),
    };
    let labels = labels.map(|l| AuditLabels {
        labels: kept(&l.labels, keep),
        probabilities: l.probabilities.as_deref().map(|p| kept(p, keep)),
        ..l.clone()
    });
    let costs = costs.map(|c| {
        let mut c = c.clone();
        for column in &mut c.columns {
            column.values = kept(&column.values, keep);
        }
        c
    });
    ArmCases {
        production,
        labels,
        costs,
    }
}

/// Audited cases (a verdict) outside the model arm.
pub(super) fn holdout_verdicts(labels: Option<&AuditLabels>, in_model: &[bool]) -> usize {
    labels.map_or(0, |l| {
        (l.labels.iter().zip(in_model))
            .filter(|(label, model)| label.is_some() && !**model)
            .count()
    })
}
