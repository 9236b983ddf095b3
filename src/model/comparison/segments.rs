//! The comparison by segment: for each value of each `data.segments` column, the
//! candidate against the baseline on that value's cases only — the difference in
//! positives caught per day at the matched capacity point (each model at the
//! threshold the overall match chose; the paired range as the overall comparison
//! computes it, Tango's or, with `data.cluster`, the cluster-summed one) and in ROC
//! AUC (DeLong's paired test on the value's cases). Within a column each family of
//! p-values (caught, ROC AUC) is Holm-adjusted across the values shown (Holm 1979,
//! "A simple sequentially rejective multiple test procedure", Scand. J. Statist.
//! 6:65–70); a value is called out as worse when its difference is below 0 and its
//! Holm-adjusted p-value below 0.05.
//!
//! Bounded as the report's segment tables are: the [`SEGMENT_ROWS`] values with the
//! largest share of production volume each get a row, the others (two or more)
//! share one, and the Holm family counts the rows shown.
//!
//! Per-day figures for a value are at its own share of production: its positives
//! per day are the production's times its share of the evaluation's positives
//! (negatives alike), so the values' differences add up to the overall one.

use super::{PairedCases, paired_rates};
use crate::input::eval::EvalData;
use crate::model::report::SEGMENT_ROWS;
use crate::stats::delong::{AucComparison, compare_aucs_clustered};
use crate::stats::interval::Estimate;
use crate::stats::paired::per_day_difference;
use crate::stats::workload::Workload;

/// Significance level of the call-outs, after Holm's adjustment.
pub const ALPHA: f64 = 0.05;

/// One segment value (or the folded rest) compared.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentValueComparison {
    /// The value; empty for the row that folds the smaller values.
    pub name: String,
    /// Cases of the value both models scored (each counted as the cases it
    /// stands for, times its weight).
    pub cases: f64,
    /// Positives among them.
    pub positives: f64,
    /// Candidate minus baseline positives caught per day at the matched capacity
    /// point, with its paired 95 % interval; `None` without positives or negatives.
    pub caught: Option<Estimate>,
    /// The same for false alarms per day.
    pub false_alarms: Option<Estimate>,
    /// Two-sided p-value of equal true-positive rates (McNemar's score test, the
    /// one Tango's interval inverts; with clusters, Obuchowski's Wald test).
    pub caught_p_value: Option<f64>,
    /// `caught_p_value` Holm-adjusted across the column's values.
    pub caught_p_holm: Option<f64>,
    /// DeLong's paired comparison on the value's cases; `None` with fewer than two
    /// cases of a class.
    pub roc_auc: Option<AucComparison>,
    /// DeLong's p-value Holm-adjusted across the column's values.
    pub roc_auc_p_holm: Option<f64>,
}

impl SegmentValueComparison {
    /// The candidate catches fewer here beyond chance (Holm-adjusted).
    pub fn caught_worse(&self) -> bool {
        self.caught.is_some_and(|c| c.value < 0.0) && self.caught_p_holm.is_some_and(|p| p < ALPHA)
    }

    /// The candidate's ROC AUC is lower here beyond chance (Holm-adjusted).
    pub fn roc_auc_worse(&self) -> bool {
        self.roc_auc.is_some_and(|a| a.difference < 0.0)
            && self.roc_auc_p_holm.is_some_and(|p| p < ALPHA)
    }

    /// Either.
    pub fn worse(&self) -> bool {
        self.caught_worse() || self.roc_auc_worse()
    }
}

/// One `data.segments` column compared.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentComparison {
    /// The column.
    pub column: String,
    /// Largest share of production volume first (ties by name).
    pub values: Vec<SegmentValueComparison>,
    /// The values beyond [`SEGMENT_ROWS`], together, with how many they are.
    pub other: Option<(usize, SegmentValueComparison)>,
}

/// Compares the two models within each value of each segment column of `data`,
/// at the thresholds `(candidate, baseline)` of the matched capacity point.
pub fn compare_segments(
    data: &EvalData,
    paired: &PairedCases,
    thresholds: (f64, f64),
    workload: &Workload,
) -> Vec<SegmentComparison> {
    data.segments
        .iter()
        .map(|segment| {
            let codes: Vec<usize> = paired
                .rows
                .iter()
                .map(|&r| segment.codes[r] as usize)
                .collect();
            compare_column(
                &segment.column,
                &segment.names,
                &codes,
                paired,
                thresholds,
                workload,
                SEGMENT_ROWS,
            )
        })
        .collect()
}

/// One column: `codes[i]` is paired case i's value, an index into `names`.
fn compare_column(
    column: &str,
    names: &[String],
    codes: &[usize],
    paired: &PairedCases,
    thresholds: (f64, f64),
    workload: &Workload,
    keep: usize,
) -> SegmentComparison {
    let weights = paired.row_weights();
    let mut positives = vec![0.0; names.len()];
    let mut negatives = vec![0.0; names.len()];
    for (i, &code) in codes.iter().enumerate() {
        if paired.positive[i] {
            positives[code] += weights.of(i);
        } else {
            negatives[code] += weights.of(i);
        }
    }
    let (all_positives, all_negatives): (f64, f64) =
        (positives.iter().sum(), negatives.iter().sum());
    let share = |total: f64, part: f64| if total > 0.0 { part / total } else { 0.0 };
    let volume = |p: f64, n: f64| {
        workload.positives_per_day() * share(all_positives, p)
            + workload.negatives_per_day() * share(all_negatives, n)
    };
    // Largest share of volume first, as the report's segment tables order them.
    let mut order: Vec<usize> = (0..names.len())
        .filter(|&v| positives[v] + negatives[v] > 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        volume(positives[b], negatives[b])
            .total_cmp(&volume(positives[a], negatives[a]))
            .then(names[a].cmp(&names[b]))
    });
    let folded = if order.len() > keep.saturating_add(1) {
        order.split_off(keep)
    } else {
        Vec::new()
    };
    let row = |members: &[usize], name: &str| {
        let mut is_member = vec![false; names.len()];
        members.iter().for_each(|&v| is_member[v] = true);
        let picked: Vec<usize> = (0..codes.len()).filter(|&i| is_member[codes[i]]).collect();
        let sub = subset(paired, &picked);
        let (p, n): (f64, f64) = members.iter().fold((0.0, 0.0), |(p, n), &v| {
            (p + positives[v], n + negatives[v])
        });
        let rates = paired_rates(&sub, thresholds);
        let day = rates.and_then(|r| {
            let pos_day = workload.positives_per_day() * share(all_positives, p);
            let neg_day = workload.negatives_per_day() * share(all_negatives, n);
            let volume = pos_day + neg_day;
            let prevalence = share(volume, pos_day);
            per_day_difference(r.tpr, r.fpr, volume, prevalence, None)
        });
        let frequencies = sub.frequencies();
        SegmentValueComparison {
            name: name.to_owned(),
            cases: p + n,
            positives: p,
            caught: day.map(|d| d.caught),
            false_alarms: day.map(|d| d.false_alarms),
            caught_p_value: rates.map(|r| r.tpr_p_value),
            caught_p_holm: None,
            roc_auc: compare_aucs_clustered(
                &sub.candidate,
                &sub.baseline,
                &sub.positive,
                frequencies.as_deref(),
                sub.clusters.as_deref(),
            ),
            roc_auc_p_holm: None,
        }
    };
    let mut values: Vec<SegmentValueComparison> =
        order.iter().map(|&v| row(&[v], &names[v])).collect();
    let mut other = (!folded.is_empty()).then(|| (folded.len(), row(&folded, "")));
    // Holm across the rows shown, each family on its own.
    let mut rows: Vec<&mut SegmentValueComparison> = values.iter_mut().collect();
    rows.extend(other.as_mut().map(|(_, r)| r));
    let caught = holm(&rows.iter().map(|r| r.caught_p_value).collect::<Vec<_>>());
    let auc = holm(
        &rows
            .iter()
            .map(|r| r.roc_auc.and_then(|a| a.p_value))
            .collect::<Vec<_>>(),
    );
    for ((r, c), a) in rows.into_iter().zip(caught).zip(auc) {
        r.caught_p_holm = c;
        r.roc_auc_p_holm = a;
    }
    SegmentComparison {
        column: column.to_owned(),
        values,
        other,
    }
}

/// The paired cases `picked` (indices into `paired`), in order.
fn subset(paired: &PairedCases, picked: &[usize]) -> PairedCases {
    let pick = |v: &[f64]| picked.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    PairedCases {
        candidate: pick(&paired.candidate),
        baseline: pick(&paired.baseline),
        positive: picked.iter().map(|&i| paired.positive[i]).collect(),
        weights: paired.weights.as_deref().map(pick),
        counts: paired.counts.as_deref().map(pick),
        rows: picked.iter().map(|&i| paired.rows[i]).collect(),
        costs: Vec::new(),
        clusters: (paired.clusters.as_ref()).map(|c| picked.iter().map(|&i| c[i]).collect()),
        repeated_rows: paired.repeated_rows.clone(),
    }
}

/// Holm's step-down adjusted p-values (as statsmodels' `multipletests(method =
/// "holm")`): sorted ascending, p₍ⱼ₎ × (k − j + 1), made non-decreasing, at most 1.
/// The family is the p-values given; a `None` (no test) stays `None`.
pub fn holm(p_values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p_values.len())
        .filter(|&i| p_values[i].is_some())
        .collect();
    order.sort_by(|&a, &b| {
        p_values[a]
            .unwrap_or(1.0)
            .total_cmp(&p_values[b].unwrap_or(1.0))
            .then(a.cmp(&b))
    });
    let k = order.len();
    let mut adjusted = vec![None; p_values.len()];
    let mut running: f64 = 0.0;
    for (j, &i) in order.iter().enumerate() {
        let p = p_values[i].unwrap_or(1.0) * (k - j) as f64;
        running = running.max(p).min(1.0);
        adjusted[i] = Some(running);
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_steps_down_and_keeps_order() {
        // By hand: sorted 0.01, 0.02, 0.04 × 3, 2, 1 → 0.03, 0.04, 0.04.
        let a = holm(&[Some(0.04), None, Some(0.01), Some(0.02)]);
        let want = [Some(0.04), None, Some(0.03), Some(0.04)];
        for (a, w) in a.iter().zip(want) {
            match (a, w) {
                (Some(a), Some(w)) => assert!((a - w).abs() < 1e-12, "{a} {w}"),
                (None, None) => {}
                _ => panic!("{a:?} {w:?}"),
            }
        }
        assert_eq!(holm(&[Some(0.6), Some(0.7)]), vec![Some(1.0), Some(1.0)]);
    }
}
