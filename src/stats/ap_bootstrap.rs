//! Average precision of two models scored on the same cases, each with a 95 %
//! interval, and the interval of their difference: a paired bootstrap over cases.
//!
//! Method: each replicate draws, within each class separately, as many cases as
//! the class holds, with replacement (a stratified bootstrap, as pROC's
//! `ci(..., method = "bootstrap")` does by default, so every replicate holds both
//! classes); the same draw scores both models, so the difference's replicates keep
//! the pairing. A case drawn k times counts k times its weight. The interval is the
//! 2.5th and 97.5th percentiles of the replicates (type-7 quantiles, R's and
//! numpy's default). [`REPLICATES`] replicates from a fixed seed ([`SEED`]) of the
//! PCG64 generator (O'Neill 2014, `rand_pcg`, portable across platforms), so the
//! same inputs give the same interval.
//!
//! Average precision is scikit-learn's `average_precision_score`: Σ (Rₖ − Rₖ₋₁)·Pₖ
//! over the distinct scores, highest first, with tied scores entering together.

use rand::RngExt;
use rand::SeedableRng;
use rand_pcg::Pcg64;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::stats::interval::Estimate;

/// Bootstrap replicates drawn.
pub const REPLICATES: usize = 2000;

/// The generator's seed.
pub const SEED: u64 = 20_261_206;

/// Both models' average precision and the difference (A minus B), each with its
/// percentile interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedAveragePrecision {
    /// Model A's average precision on all the cases, with its interval.
    pub a: Estimate,
    /// Model B's.
    pub b: Estimate,
    /// A minus B.
    pub difference: Estimate,
    /// The partial ROC AUC over the false-positive-rate range asked for, from the
    /// same replicates; `None` when no range was asked for or it is undefined.
    pub partial_auc: Option<PartialAucComparison>,
}

/// Both models' partial ROC AUC over one false-positive-rate range (not
/// standardised) and their difference, with the paired bootstrap's percentile
/// intervals and pROC's bootstrap test: D = difference / SD of the replicates'
/// differences, two-sided p from the normal distribution (`roc.test(method =
/// "bootstrap")`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartialAucComparison {
    /// The false-positive-rate range.
    pub fpr_range: (f64, f64),
    /// Model A's.
    pub a: Estimate,
    /// Model B's.
    pub b: Estimate,
    /// A minus B.
    pub difference: Estimate,
    /// The test's two-sided p-value; `None` when the replicates do not vary.
    pub p_value: Option<f64>,
}

/// Average precision of `scores` with case `weights` (all 1 when `None`);
/// `None` without positive weight or with a score that is not finite.
pub fn average_precision(scores: &[f64], positive: &[bool], weights: &[f64]) -> Option<f64> {
    if scores.iter().any(|s| !s.is_finite()) {
        return None;
    }
    let order = descending(scores);
    ap_in_order(&order, scores, positive, weights)
}

/// Indices by score, highest first (ties in input order).
fn descending(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]).then(i.cmp(&j)));
    order
}

fn ap_in_order(order: &[usize], scores: &[f64], positive: &[bool], w: &[f64]) -> Option<f64> {
    let total: f64 = (0..scores.len())
        .filter(|&i| positive[i])
        .map(|i| w[i])
        .sum();
    if total <= 0.0 {
        return None;
    }
    let (mut tp, mut fp, mut sum) = (0.0, 0.0, 0.0);
    let mut start = 0;
    while start < order.len() {
        let value = scores[order[start]];
        let mut end = start;
        let mut group_tp = 0.0;
        while end < order.len() && scores[order[end]] == value {
            let i = order[end];
            if positive[i] {
                group_tp += w[i];
            } else {
                fp += w[i];
            }
            end += 1;
        }
        tp += group_tp;
        if group_tp > 0.0 {
            sum += group_tp * tp / (tp + fp);
        }
        start = end;
    }
    Some(sum / total)
}

/// Partial ROC AUC over false-positive rates `from..=to` (not standardised): the
/// area under the ROC polyline (ties drawn as straight segments, as pROC and
/// scikit-learn draw them) between those rates, linearly interpolated at the ends;
/// pROC's `auc(partial.auc = c(1 − from, 1 − to), partial.auc.focus =
/// "specificity", partial.auc.correct = FALSE)`. `None` without both classes, with
/// a score that is not finite, or unless 0 ≤ from < to ≤ 1.
pub fn partial_auc(
    scores: &[f64],
    positive: &[bool],
    weights: &[f64],
    (from, to): (f64, f64),
) -> Option<f64> {
    if scores.iter().any(|s| !s.is_finite()) {
        return None;
    }
    pauc_in_order(&descending(scores), scores, positive, weights, (from, to))
}

fn pauc_in_order(
    order: &[usize],
    scores: &[f64],
    positive: &[bool],
    w: &[f64],
    (from, to): (f64, f64),
) -> Option<f64> {
    if !(0.0 <= from && from < to && to <= 1.0) {
        return None;
    }
    let (mut p_total, mut n_total) = (0.0, 0.0);
    for i in 0..scores.len() {
        if positive[i] {
            p_total += w[i];
        } else {
            n_total += w[i];
        }
    }
    if p_total <= 0.0 || n_total <= 0.0 {
        return None;
    }
    // Area of the segment (x0, y0)–(x1, y1) over [from, to].
    let segment = |(x0, y0): (f64, f64), (x1, y1): (f64, f64)| -> f64 {
        let (lo, hi) = (x0.max(from), x1.min(to));
        if hi <= lo || x1 <= x0 {
            return 0.0;
        }
        let at = |x: f64| y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        (hi - lo) * (at(lo) + at(hi)) / 2.0
    };
    let (mut tp, mut fp, mut area) = (0.0, 0.0, 0.0);
    let mut last = (0.0, 0.0);
    let mut start = 0;
    while start < order.len() {
        let value = scores[order[start]];
        let mut end = start;
        while end < order.len() && scores[order[end]] == value {
            let i = order[end];
            if positive[i] {
                tp += w[i];
            } else {
                fp += w[i];
            }
            end += 1;
        }
        let point = (fp / n_total, tp / p_total);
        area += segment(last, point);
        last = point;
        start = end;
    }
    Some(area)
}

/// Type-7 quantile of sorted `values` at `p`.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The paired bootstrap of both models' average precision (see the module's
/// documentation). `None` when the slices differ in length, a score or weight is
/// not finite, a weight is negative, or either class is empty.
pub fn paired_average_precision(
    scores_a: &[f64],
    scores_b: &[f64],
    positive: &[bool],
    weights: Option<&[f64]>,
) -> Option<PairedAveragePrecision> {
    paired_with(
        scores_a, scores_b, positive, weights, None, REPLICATES, SEED,
    )
}

/// [`paired_average_precision`] with the partial ROC AUC over `fpr_range` from the
/// same replicates.
pub fn paired_with_partial_auc(
    scores_a: &[f64],
    scores_b: &[f64],
    positive: &[bool],
    weights: Option<&[f64]>,
    fpr_range: Option<(f64, f64)>,
) -> Option<PairedAveragePrecision> {
    paired_with(
        scores_a, scores_b, positive, weights, fpr_range, REPLICATES, SEED,
    )
}

/// [`paired_average_precision`] with a given number of replicates and seed.
pub fn paired_with(
    scores_a: &[f64],
    scores_b: &[f64],
    positive: &[bool],
    weights: Option<&[f64]>,
    fpr_range: Option<(f64, f64)>,
    replicates: usize,
    seed: u64,
) -> Option<PairedAveragePrecision> {
    let len = positive.len();
    if scores_a.len() != len || scores_b.len() != len || replicates < 2 {
        return None;
    }
    let base: Vec<f64> = match weights {
        Some(w) if w.len() != len => return None,
        Some(w) => w.to_vec(),
        None => vec![1.0; len],
    };
    if base.iter().any(|w| !w.is_finite() || *w < 0.0)
        || scores_a.iter().chain(scores_b).any(|s| !s.is_finite())
    {
        return None;
    }
    let positives: Vec<usize> = (0..len).filter(|&i| positive[i]).collect();
    let negatives: Vec<usize> = (0..len).filter(|&i| !positive[i]).collect();
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    let (order_a, order_b) = (descending(scores_a), descending(scores_b));
    let ap_a = ap_in_order(&order_a, scores_a, positive, &base)?;
    let ap_b = ap_in_order(&order_b, scores_b, positive, &base)?;
    let partial = |order: &[usize], scores: &[f64], w: &[f64]| {
        fpr_range.and_then(|range| pauc_in_order(order, scores, positive, w, range))
    };
    let pauc = partial(&order_a, scores_a, &base).zip(partial(&order_b, scores_b, &base));
    let mut pauc_reps: (Vec<f64>, Vec<f64>, Vec<f64>) = Default::default();
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut counts = vec![0.0; len];
    let mut weights = vec![0.0; len];
    let (mut reps_a, mut reps_b, mut reps_d) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..replicates {
        counts.iter_mut().for_each(|c| *c = 0.0);
        for class in [&positives, &negatives] {
            for _ in 0..class.len() {
                counts[class[rng.random_range(0..class.len())]] += 1.0;
            }
        }
        for i in 0..len {
            weights[i] = counts[i] * base[i];
        }
        // A replicate whose drawn positives all weigh 0 has no average precision;
        // it is left out (only possible with zero weights).
        let (Some(a), Some(b)) = (
            ap_in_order(&order_a, scores_a, positive, &weights),
            ap_in_order(&order_b, scores_b, positive, &weights),
        ) else {
            continue;
        };
        reps_a.push(a);
        reps_b.push(b);
        reps_d.push(a - b);
        if pauc.is_some()
            && let (Some(a), Some(b)) = (
                partial(&order_a, scores_a, &weights),
                partial(&order_b, scores_b, &weights),
            )
        {
            pauc_reps.0.push(a);
            pauc_reps.1.push(b);
            pauc_reps.2.push(a - b);
        }
    }
    if reps_a.len() < 2 {
        return None;
    }
    let estimate = |value: f64, mut reps: Vec<f64>| {
        reps.sort_by(f64::total_cmp);
        Estimate {
            value,
            low: quantile(&reps, 0.025),
            high: quantile(&reps, 0.975),
        }
    };
    let partial_auc = match (pauc, fpr_range) {
        (Some((a, b)), Some(range)) if pauc_reps.2.len() >= 2 => {
            let d = &pauc_reps.2;
            let mean = d.iter().sum::<f64>() / d.len() as f64;
            let sd =
                (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (d.len() - 1) as f64).sqrt();
            let normal = Normal::standard();
            let p_value = (sd > 0.0).then(|| (2.0 * normal.sf(((a - b) / sd).abs())).min(1.0));
            Some(PartialAucComparison {
                fpr_range: range,
                a: estimate(a, pauc_reps.0),
                b: estimate(b, pauc_reps.1),
                difference: estimate(a - b, pauc_reps.2),
                p_value,
            })
        }
        _ => None,
    };
    Some(PairedAveragePrecision {
        partial_auc,
        a: estimate(ap_a, reps_a),
        b: estimate(ap_b, reps_b),
        difference: estimate(ap_a - ap_b, reps_d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_counts_tied_scores_together() {
        // sklearn: average_precision_score([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1]) = 0.8333…
        let ap = average_precision(
            &[0.9, 0.8, 0.8, 0.1],
            &[true, false, true, false],
            &[1.0; 4],
        )
        .unwrap();
        assert!((ap - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12, "{ap}");
        // A weight of 2 is the case twice.
        let w = average_precision(&[0.9, 0.5, 0.2], &[false, true, true], &[1.0, 2.0, 1.0]);
        let twice = average_precision(&[0.9, 0.5, 0.5, 0.2], &[false, true, true, true], &[1.0; 4]);
        assert!((w.unwrap() - twice.unwrap()).abs() < 1e-12);
        assert_eq!(average_precision(&[0.1], &[false], &[1.0]), None);
    }

    #[test]
    fn the_bootstrap_is_paired_repeatable_and_covers_the_estimate() {
        let scores_a: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64).collect();
        let positive: Vec<bool> = (0..200)
            .map(|i| (i * 37) % 101 > 40 && i % 3 != 0)
            .collect();
        let first = paired_with(&scores_a, &scores_a, &positive, None, None, 200, 1).unwrap();
        // The same model against itself: every replicate's difference is 0.
        assert_eq!((first.difference.low, first.difference.high), (0.0, 0.0));
        assert!(first.a.low <= first.a.value && first.a.value <= first.a.high);
        assert_eq!(
            paired_with(&scores_a, &scores_a, &positive, None, None, 200, 1),
            Some(first)
        );
        assert_eq!(
            paired_with(&scores_a, &scores_a, &[true; 200], None, None, 200, 1),
            None
        );
    }
}
