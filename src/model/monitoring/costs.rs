//! The cost a day when a cost is per case from a column (a missed fraud losing its
//! own `amount`): each audited case priced at its own cost for the outcome its
//! verdict gives, and the period's cost estimated from them group by group
//! (`stats::audit_costs`). Fixed prices stay as they are (a catch and a false
//! alarm that cost the same make c·flagged exact).

use crate::input::eval::case_costs::{CaseCosts, CostFrom};
use crate::input::eval::production::AuditLabels;
use crate::model::report::Report;
use crate::stats::audit_costs::{CostCase, audit_cost};
use crate::stats::interval::Estimate;

/// How the cost a day is priced when a cost is per case from a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnPricing {
    /// Each cost column found, and where it was read.
    pub read: Vec<(String, CostFrom)>,
    /// Cost columns in neither production nor the audit: the cost cannot be priced.
    pub absent: Vec<String>,
}

impl ColumnPricing {
    /// What `costs` found.
    pub(super) fn of(costs: &CaseCosts) -> ColumnPricing {
        ColumnPricing {
            read: (costs.columns.iter())
                .map(|c| (c.name.clone(), c.from))
                .collect(),
            absent: costs.absent.clone(),
        }
    }
}

/// The cost a day priced case by case, and what its average-day range needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ColumnCost {
    /// The cost a day of the period, with the audit's 95 % range.
    pub per_day: Estimate,
    /// Each group's (flagged, not flagged) cost per case and the variance of one
    /// case's cost (`AuditCost::per_case`).
    pub per_case: [(f64, f64); 2],
    /// The audited amounts' log-scale spread and count (`AuditCost::amounts_log_sd`).
    pub amounts_log_sd: Option<(f64, usize)>,
}

/// Where one outcome's cost comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    Fixed(f64),
    Column(&'a [Option<f64>]),
}

impl Source<'_> {
    /// Case `row`'s cost; `None` when its column has no value for it.
    fn of(self, row: usize) -> Option<f64> {
        match self {
            Source::Fixed(money) => Some(money),
            Source::Column(values) => values.get(row).copied().flatten(),
        }
    }
}

/// The cost per day of the production rows `rows` (all when `None`) over `days`,
/// with its 95 % range for the period; `None` when it cannot be priced (a cost column in neither
/// file, an audited case without its cost, or an audit that cannot support it:
/// see [`audit_cost`]).
pub(super) fn column_cost(
    report: &Report,
    costs: &CaseCosts,
    (scores, threshold): (&[f64], f64),
    labels: &AuditLabels,
    rows: Option<&[usize]>,
    days: f64,
) -> Option<ColumnCost> {
    if !(days.is_finite() && days > 0.0) {
        return None;
    }
    let fixed = report.workload.costs?;
    let columns = &report.business.cost_columns;
    let source = |column: &Option<String>, money: f64| -> Option<Source> {
        Some(match column {
            Some(name) => Source::Column(&costs.column(name)?.values),
            None => Source::Fixed(money),
        })
    };
    let false_positive = source(&columns.false_positive, fixed.false_positive)?;
    let false_negative = source(&columns.false_negative, fixed.false_negative)?;
    let true_positive = source(&columns.true_positive, fixed.true_positive)?;
    let constant = [
        matches!((true_positive, false_positive), (Source::Fixed(a), Source::Fixed(b)) if a == b),
        matches!(false_negative, Source::Fixed(m) if m == 0.0),
    ];
    let all: Vec<usize>;
    let rows = match rows {
        Some(r) => r,
        None => {
            all = (0..scores.len()).collect();
            &all
        }
    };
    // Cases and audited cases in each group, for the realised audited shares.
    let (mut cases, mut audited) = ([0_u64; 2], [0_u64; 2]);
    for &i in rows {
        let group = usize::from(scores[i] < threshold);
        cases[group] += 1;
        audited[group] += u64::from(labels.labels[i].is_some());
    }
    let mut priced = Vec::new();
    for &i in rows {
        let Some(positive) = labels.labels[i] else {
            continue;
        };
        let flagged = scores[i] >= threshold;
        let group = usize::from(!flagged);
        let outcome = match (flagged, positive) {
            (true, true) => true_positive,
            (true, false) => false_positive,
            (false, true) => false_negative,
            (false, false) => Source::Fixed(0.0),
        };
        let probability = match &labels.probabilities {
            Some(p) => p.get(i).copied().flatten()?,
            None => audited[group] as f64 / cases[group] as f64,
        };
        priced.push(CostCase {
            flagged,
            cost: outcome.of(i)?,
            probability,
            from_column: matches!(outcome, Source::Column(_)),
        });
    }
    let cost = audit_cost(cases[0], cases[1], &priced, constant)?;
    Some(ColumnCost {
        per_day: cost.total.scale(1.0 / days),
        per_case: cost.per_case,
        amounts_log_sd: cost.amounts_log_sd,
    })
}

#[cfg(test)]
mod tests;
