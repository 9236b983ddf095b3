//! Per segment (issue 27, part 5): for each `data.segments` column, each value
//! present in production — its cases scored a day, flagged a day and share flagged
//! against what the launch report said for that value, and its score drift against
//! the evaluation's rows of that value.
//!
//! Rules (stated on the page and tested):
//! - bounded as the report's segment tables are (`stats::segments`,
//!   [`SEGMENT_ROWS`]): the values with the most production cases (ties by name)
//!   get a row each, and the others — when two or more — share one row;
//! - promised: the launch report's average day times the value's shares in its
//!   segment table (`SegmentRow::share_of_volume`, `share_of_flags`, at the current
//!   threshold and the assumed production prevalence): cases a day = planned volume
//!   × share of volume (a plan, no range); flagged a day = the promised flags a day,
//!   range included, × share of flags; share flagged = the two divided. The ranges
//!   take the shares as fixed. A value the evaluation does not hold was promised no
//!   cases and no flags, and no share flagged;
//! - observed: counted over the period's whole days as the whole period's counted
//!   promises are (a whole day without a case of the value counts 0), judged by the
//!   same [`verdict`] and [`outcome`], the capacity being the whole team's;
//! - drift: production's scores of the value against the evaluation's rows of the
//!   value (the shared row: of its values), each row weighted as in the whole
//!   period's drift (counts and the prevalence reweighting); none for a value the
//!   evaluation does not hold;
//! - audited (with an audit): the whole period's estimator on the value's rows
//!   (`segment_audit`), per day of the period's observed days.

use rayon::prelude::*;

use super::segment_audit::{SegmentAudit, segment_audit};
use super::{DriftCheck, ProductionDay, Promise, Verdict, drift_check, outcome, verdict};
use crate::input::eval::EvalData;
use crate::input::eval::production::{AuditLabels, ProductionData};
use crate::model::report::{Report, SEGMENT_ROWS};
use crate::stats::drift::reference_weights;
use crate::stats::interval::Estimate;
use crate::stats::monitoring::{mean_of_days, ratio_of_days};
use crate::stats::quantity::Quantity;
use crate::stats::segments::{Segment, build_breakdown};

/// One segment value (or the values sharing a row) in production.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentCheck {
    /// The `data.segments` column.
    pub column: String,
    /// The value; empty for the row the smaller values share.
    pub value: String,
    /// How many values share the row; `None` for a value's own row.
    pub folded: Option<usize>,
    /// Production cases of the value in the period.
    pub cases: usize,
    /// Of them, flagged.
    pub flagged: usize,
    /// Whether the evaluation holds the value (else nothing was promised for it).
    pub in_evaluation: bool,
    /// Cases scored a day, flagged a day and the share flagged (when promised),
    /// in that order.
    pub promises: Vec<Promise>,
    /// The value's drift against the evaluation's rows of it; `None` when the
    /// evaluation does not hold it.
    pub drift: Option<DriftCheck>,
    /// The value's audited caught, missed and false alarms a day; `None`
    /// without an audit.
    pub audit: Option<SegmentAudit>,
}

impl SegmentCheck {
    /// The promise on `quantity`, if held.
    pub fn promise(&self, quantity: Quantity) -> Option<&Promise> {
        self.promises.iter().find(|p| p.quantity == quantity)
    }
}

/// What the segment checks are built from.
pub(super) struct SegmentInputs<'a> {
    pub(super) report: &'a Report,
    pub(super) evaluation: &'a EvalData,
    /// An engine's per-column summaries (see `MonitoringInputs`); empty: the
    /// evaluation's own columns.
    pub(super) summaries: &'a [EvalData],
    pub(super) production: &'a ProductionData,
    pub(super) days: &'a [ProductionDay],
    /// Each production row's index into `days`.
    pub(super) row_days: &'a [u32],
    /// Whether the whole period's flags a day exceed the capacity.
    pub(super) flags_over_capacity: Option<bool>,
    /// The audit's verdicts, if any.
    pub(super) audit: Option<&'a AuditLabels>,
    /// The period's observed days (the whole period's per-day divisor).
    pub(super) observed_days: f64,
}

/// Every `data.segments` column's values in production, column by column.
pub(super) fn segment_checks(inputs: &SegmentInputs) -> Vec<SegmentCheck> {
    inputs
        .production
        .segments
        .iter()
        .flat_map(|segment| column_checks(inputs, segment))
        .collect()
}

/// A row of the table: the production codes it holds.
struct RowGroup {
    codes: Vec<usize>,
    folded: bool,
}

/// The evaluation rows of `column`: the evaluation's own, or an engine's summary
/// of that column.
fn evaluation_of<'a>(
    inputs: &SegmentInputs<'a>,
    column: &str,
) -> Option<(&'a EvalData, &'a Segment)> {
    let own = |data: &'a EvalData| {
        (data.segments.iter())
            .find(|s| s.column == column)
            .map(|s| (data, s))
    };
    if inputs.summaries.is_empty() {
        own(inputs.evaluation)
    } else {
        inputs.summaries.iter().find_map(own)
    }
}

/// Each evaluation row's weight in the drift reference, as the whole period's:
/// its count × weight, reweighted to the assumed production prevalence.
fn drift_weights(data: &EvalData, prevalence: f64) -> Option<Vec<f64>> {
    let row_weights = data.row_weights();
    let case_weights: Option<Vec<f64>> = (!row_weights.is_unit())
        .then(|| (0..data.scores.len()).map(|i| row_weights.of(i)).collect());
    reference_weights(&data.positive, case_weights.as_deref(), prevalence)
}

fn column_checks(inputs: &SegmentInputs, segment: &Segment) -> Vec<SegmentCheck> {
    let report = inputs.report;
    let threshold = report.current.threshold;
    let production = inputs.production;
    let source = evaluation_of(inputs, &segment.column);
    // Production cases of each value; the largest first, ties by name.
    let mut cases = vec![0usize; segment.names.len()];
    for &code in &segment.codes {
        cases[code as usize] += 1;
    }
    let mut order: Vec<usize> = (0..segment.names.len()).filter(|&c| cases[c] > 0).collect();
    order.sort_by(|&a, &b| {
        cases[b]
            .cmp(&cases[a])
            .then(segment.names[a].cmp(&segment.names[b]))
    });
    let folded = if order.len() > SEGMENT_ROWS.saturating_add(1) {
        order.split_off(SEGMENT_ROWS)
    } else {
        Vec::new()
    };
    let mut groups: Vec<RowGroup> = order
        .into_iter()
        .map(|code| RowGroup {
            codes: vec![code],
            folded: false,
        })
        .collect();
    if !folded.is_empty() {
        groups.push(RowGroup {
            codes: folded,
            folded: true,
        });
    }
    let mut group_of = vec![usize::MAX; segment.names.len()];
    for (g, group) in groups.iter().enumerate() {
        for &code in &group.codes {
            group_of[code] = g;
        }
    }
    // Production's rows of each group: scores, and cases and flags by day.
    let day_count = inputs.days.len();
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); groups.len()];
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    let mut day_cases = vec![vec![0usize; day_count]; groups.len()];
    let mut day_flags = vec![vec![0usize; day_count]; groups.len()];
    for (row, ((&code, &score), &day)) in (segment.codes.iter())
        .zip(&production.scores)
        .zip(inputs.row_days)
        .enumerate()
    {
        let g = group_of[code as usize];
        scores[g].push(score);
        rows[g].push(row);
        day_cases[g][day as usize] += 1;
        day_flags[g][day as usize] += usize::from(score >= threshold);
    }
    // The evaluation's value of each group, its shares and its rows.
    let (breakdown, eval_group) = match source {
        Some((evaluation, s)) => {
            let eval_group: Vec<Option<usize>> = (s.names.iter())
                .map(|name| {
                    let code = segment.names.iter().position(|n| n == name)?;
                    (group_of[code] != usize::MAX).then_some(group_of[code])
                })
                .collect();
            let breakdown = build_breakdown(
                s,
                &evaluation.scores,
                &evaluation.positive,
                evaluation.row_weights(),
                threshold,
                &report.workload,
            );
            (Some(breakdown), Some((evaluation, s, eval_group)))
        }
        None => (None, None),
    };
    let mut shares = vec![(0.0, 0.0, false); groups.len()];
    // The report's false-negative rate of each value with its own row.
    let mut miss_rates: Vec<Option<Estimate>> = vec![None; groups.len()];
    if let (Some(breakdown), Some((_, s, eval_group))) = (&breakdown, &eval_group) {
        for row in &breakdown.rows {
            let code = s.names.iter().position(|n| *n == row.name);
            if let Some(g) = code.and_then(|c| eval_group[c]) {
                if !groups[g].folded {
                    miss_rates[g] = row.false_negative_rate;
                }
                let share = &mut shares[g];
                *share = (
                    share.0 + row.share_of_volume,
                    share.1 + row.share_of_flags,
                    true,
                );
            }
        }
    }
    let mut reference: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> =
        vec![(Vec::new(), Vec::new(), Vec::new()); groups.len()];
    let mut weighted = (false, false);
    if let Some((evaluation, s, eval_group)) = &eval_group {
        let weights = drift_weights(evaluation, report.workload.prevalence);
        let (weights, counts) = (weights.as_deref(), evaluation.counts.as_deref());
        weighted = (weights.is_some(), counts.is_some());
        for (row, &code) in s.codes.iter().enumerate() {
            if let Some(g) = eval_group[code as usize] {
                let r = &mut reference[g];
                r.0.push(evaluation.scores[row]);
                r.1.extend(weights.map(|w| w[row]));
                r.2.extend(counts.map(|c| c[row]));
            }
        }
    }
    groups
        .par_iter()
        .enumerate()
        .map(|(g, group)| {
            let (share_of_volume, share_of_flags, in_evaluation) = shares[g];
            let (ref_scores, ref_weights, ref_counts) = &reference[g];
            // An engine's `segment_N` keeps each value's scores (exact, or the
            // step's groups) with their counts, so this is the raw run's drift.
            let drift = if in_evaluation && !ref_scores.is_empty() {
                drift_check(
                    ref_scores,
                    (
                        weighted.0.then_some(ref_weights.as_slice()),
                        weighted.1.then_some(ref_counts.as_slice()),
                    ),
                    &scores[g],
                    threshold,
                )
            } else {
                None
            };
            let promised = report.current.per_day.flagged;
            let volume = report.workload.volume_per_day * share_of_volume;
            let shares = Promised {
                volume: Estimate::exact(volume),
                flagged: promised.scale(share_of_flags),
                share_flagged: (volume > 0.0).then(|| promised.scale(share_of_flags / volume)),
            };
            SegmentCheck {
                column: segment.column.clone(),
                value: if group.folded {
                    String::new()
                } else {
                    segment.names[group.codes[0]].clone()
                },
                folded: group.folded.then_some(group.codes.len()),
                cases: scores[g].len(),
                flagged: day_flags[g].iter().sum(),
                in_evaluation,
                promises: held(
                    &shares,
                    inputs.days,
                    (&day_cases[g], &day_flags[g]),
                    inputs.flags_over_capacity,
                ),
                drift,
                audit: inputs.audit.and_then(|labels| {
                    segment_audit(
                        &production.scores,
                        threshold,
                        labels,
                        &rows[g],
                        inputs.observed_days,
                        miss_rates[g],
                    )
                }),
            }
        })
        .collect()
}

/// What the launch report said for one value.
struct Promised {
    volume: Estimate,
    flagged: Estimate,
    share_flagged: Option<Estimate>,
}

/// The value's counted promises held on the period's whole days, as the whole
/// period's are (over fewer than two whole days nothing is judged).
fn held(
    promised: &Promised,
    days: &[ProductionDay],
    (cases, flags): (&[usize], &[usize]),
    flags_over_capacity: Option<bool>,
) -> Vec<Promise> {
    let whole: Vec<usize> = (0..days.len()).filter(|&d| days[d].is_whole()).collect();
    let cases: Vec<f64> = whole.iter().map(|&d| cases[d] as f64).collect();
    let flags: Vec<f64> = whole.iter().map(|&d| flags[d] as f64).collect();
    let too_few_days = whole.len() < 2;
    [
        (
            Quantity::Volume,
            Some(promised.volume),
            mean_of_days(&cases),
        ),
        (
            Quantity::Flagged,
            Some(promised.flagged),
            mean_of_days(&flags),
        ),
        (
            Quantity::ShareFlagged,
            promised.share_flagged,
            ratio_of_days(&flags, &cases),
        ),
    ]
    .into_iter()
    .filter_map(|(quantity, promise, observed)| {
        let promise = promise?;
        let verdict = if too_few_days {
            Verdict::CannotTell
        } else {
            verdict(promise, observed)
        };
        Some(Promise {
            quantity,
            promised: promise,
            observed,
            verdict,
            outcome: outcome(quantity, verdict, flags_over_capacity),
        })
    })
    .collect()
}
