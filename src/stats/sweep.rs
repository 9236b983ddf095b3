//! The threshold sweep: pure maths on scores and labels, no I/O and no formatting.
//! Scores are sorted once (each class separately, then merged), giving weighted
//! cumulative counts at every distinct score — scikit-learn's thresholds — so the
//! confusion counts at any threshold are one binary search away. A case is flagged
//! when `score >= threshold`.

use rayon::prelude::*;

use crate::stats::weights::{RowWeights, effective_n};

/// Weighted confusion counts at one threshold (whole numbers when unweighted).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Positives flagged (caught).
    pub tp: f64,
    /// Negatives flagged (false alarms).
    pub fp: f64,
    /// Negatives not flagged.
    pub tn: f64,
    /// Positives not flagged (missed).
    pub fn_: f64,
}

impl Counts {
    /// True-positive rate (recall); `None` without positives.
    pub fn true_positive_rate(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// False-positive rate; `None` without negatives.
    pub fn false_positive_rate(&self) -> Option<f64> {
        ratio(self.fp, self.fp + self.tn)
    }
    /// False-negative rate, 1 − TPR; `None` without positives.
    pub fn false_negative_rate(&self) -> Option<f64> {
        ratio(self.fn_, self.tp + self.fn_)
    }
    /// Precision on the evaluation set; `None` when nothing is flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator / denominator)
}

/// Cumulative counts at every distinct score, highest first.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Distinct scores, strictly decreasing.
    thresholds: Vec<f64>,
    /// `cum_tp[i]`: weight of positives with score ≥ `thresholds[i]`.
    cum_tp: Vec<f64>,
    cum_fp: Vec<f64>,
    /// Total weight of positives and of negatives.
    pub positives: f64,
    /// Total weight of negatives.
    pub negatives: f64,
    /// Kish effective sample sizes, (Σw)²/Σw² over cases, equal to the counts when
    /// unweighted (counted or not).
    pub effective_positives: f64,
    /// Kish's effective number of negatives.
    pub effective_negatives: f64,
    /// Rows with non-zero weight.
    pub rows: usize,
    /// Cases those rows stand for: the rows, or the sum of their counts.
    pub cases: f64,
}

impl Sweep {
    /// Sweeps `scores` (finite) against `positive`, each row counting as `weights`
    /// says. Zero-weight rows are ignored, as scikit-learn does.
    pub fn build(scores: &[f64], positive: &[bool], weights: RowWeights) -> Sweep {
        match weights.is_unit() {
            // Unweighted: sort bare scores, half the bytes to move.
            true => {
                let (mut pos, mut neg): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
                for (&score, &is_positive) in scores.iter().zip(positive) {
                    if is_positive {
                        pos.push(score)
                    } else {
                        neg.push(score)
                    }
                }
                let pos = sort_descending(pos);
                let neg = sort_descending(neg);
                let (p, n) = (pos.len() as f64, neg.len() as f64);
                Sweep::merge(&pos, &neg, p, n)
            }
            false => {
                let mut pos: Vec<(f64, f64)> = Vec::new();
                let mut neg: Vec<(f64, f64)> = Vec::new();
                let (mut sum_sq_pos, mut sum_sq_neg, mut cases) = (0.0, 0.0, 0.0);
                for (row, (&score, &is_positive)) in scores.iter().zip(positive).enumerate() {
                    let w = weights.of(row);
                    // Zero-weight rows are ignored, as scikit-learn does.
                    if w == 0.0 {
                        continue;
                    }
                    cases += weights.cases(row);
                    if is_positive {
                        pos.push((score, w));
                        sum_sq_pos += weights.squared(row);
                    } else {
                        neg.push((score, w));
                        sum_sq_neg += weights.squared(row);
                    }
                }
                pos.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
                neg.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
                let mut sweep = Sweep::merge(&pos, &neg, sum_sq_pos, sum_sq_neg);
                sweep.cases = cases;
                sweep
            }
        }
    }

    /// Merges the two classes' scores (each sorted descending) into cumulative counts
    /// at every distinct score. `sum_sq_*` are the sums of squared weights.
    fn merge<P: Scored, N: Scored>(
        pos: &[P],
        neg: &[N],
        sum_sq_pos: f64,
        sum_sq_neg: f64,
    ) -> Sweep {
        let capacity = pos.len() + neg.len();
        let mut thresholds = Vec::with_capacity(capacity);
        let mut cum_tp = Vec::with_capacity(capacity);
        let mut cum_fp = Vec::with_capacity(capacity);
        let (mut i, mut j, mut tp, mut fp) = (0, 0, 0.0, 0.0);
        while i < pos.len() || j < neg.len() {
            let next = match (pos.get(i), neg.get(j)) {
                (Some(p), Some(n)) => p.score().max(n.score()),
                (Some(p), None) => p.score(),
                (None, Some(n)) => n.score(),
                (None, None) => unreachable!("loop condition"),
            };
            while i < pos.len() && pos[i].score() == next {
                tp += pos[i].weight();
                i += 1;
            }
            while j < neg.len() && neg[j].score() == next {
                fp += neg[j].weight();
                j += 1;
            }
            thresholds.push(next);
            cum_tp.push(tp);
            cum_fp.push(fp);
        }
        thresholds.shrink_to_fit();
        cum_tp.shrink_to_fit();
        cum_fp.shrink_to_fit();
        Sweep {
            thresholds,
            cum_tp,
            cum_fp,
            positives: tp,
            negatives: fp,
            effective_positives: effective_n(tp, sum_sq_pos),
            effective_negatives: effective_n(fp, sum_sq_neg),
            rows: capacity,
            cases: capacity as f64,
        }
    }

    /// Counts when cases with `score >= threshold` are flagged.
    pub fn counts_at(&self, threshold: f64) -> Counts {
        let flagged_levels = self.thresholds.partition_point(|&s| s >= threshold);
        self.counts_at_level(flagged_levels)
    }

    /// Counts when the `levels` highest distinct scores are flagged.
    fn counts_at_level(&self, levels: usize) -> Counts {
        let (tp, fp) = match levels {
            0 => (0.0, 0.0),
            k => (self.cum_tp[k - 1], self.cum_fp[k - 1]),
        };
        Counts {
            tp,
            fp,
            tn: self.negatives - fp,
            fn_: self.positives - tp,
        }
    }

    /// Distinct scores, highest first: the thresholds at which a count changes.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }

    /// `(threshold, counts)` at every distinct score, highest first.
    pub fn points(&self) -> impl Iterator<Item = (f64, Counts)> + '_ {
        self.thresholds
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, self.counts_at_level(i + 1)))
    }

    /// Area under the ROC curve by the trapezoidal rule over all distinct scores, as
    /// `sklearn.metrics.roc_auc_score` (ties form one diagonal step). `None` unless
    /// both classes are present.
    pub fn roc_auc(&self) -> Option<f64> {
        if self.positives <= 0.0 || self.negatives <= 0.0 {
            return None;
        }
        let (mut area, mut previous_tp, mut previous_fp) = (0.0, 0.0, 0.0);
        for (&tp, &fp) in self.cum_tp.iter().zip(&self.cum_fp) {
            area += (fp - previous_fp) * (tp + previous_tp) / 2.0;
            previous_tp = tp;
            previous_fp = fp;
        }
        Some(area / (self.positives * self.negatives))
    }

    /// Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ over distinct scores from the highest, as
    /// `sklearn.metrics.average_precision_score` (no interpolation). `None` without
    /// positives.
    pub fn average_precision(&self) -> Option<f64> {
        if self.positives <= 0.0 {
            return None;
        }
        let (mut sum, mut previous_tp) = (0.0, 0.0);
        for (&tp, &fp) in self.cum_tp.iter().zip(&self.cum_fp) {
            if tp > previous_tp {
                sum += (tp - previous_tp) * (tp / (tp + fp));
            }
            previous_tp = tp;
        }
        Some(sum / self.positives)
    }

    /// Share of (positive, negative) pairs that tie on a score: Σ Δtp·Δfp / (P·N)
    /// over distinct scores. ROC AUC counts each such pair half; when the scores are
    /// groups of finer ones, the ungrouped AUC lies within half this share of the
    /// grouped one. `None` unless both classes are present.
    pub fn tied_pairs_share(&self) -> Option<f64> {
        if self.positives <= 0.0 || self.negatives <= 0.0 {
            return None;
        }
        let (mut tied, mut previous_tp, mut previous_fp) = (0.0, 0.0, 0.0);
        for (&tp, &fp) in self.cum_tp.iter().zip(&self.cum_fp) {
            tied += (tp - previous_tp) * (fp - previous_fp);
            previous_tp = tp;
            previous_fp = fp;
        }
        Some(tied / (self.positives * self.negatives))
    }

    /// Bounds on the average precision of the ungrouped scores when each distinct
    /// score here is a group of finer ones: within a group of p positives and n
    /// negatives, after a positives and f negatives above it, a positive's precision
    /// is at most (a + p)/(a + p + f) and at least (a + x)/(a + x + f + n) where x
    /// counts the group's positives up to it; summing the lower bound as an integral,
    /// p − (f + n)·ln((a + p + f + n)/(a + f + n)), keeps it valid for weights.
    /// `None` without positives.
    pub fn average_precision_range(&self) -> Option<(f64, f64)> {
        if self.positives <= 0.0 {
            return None;
        }
        let (mut low, mut high, mut a, mut f) = (0.0, 0.0, 0.0, 0.0);
        for (&tp, &fp) in self.cum_tp.iter().zip(&self.cum_fp) {
            let (p, n) = (tp - a, fp - f);
            if p > 0.0 {
                high += p * (a + p) / (a + p + f);
                low += if f + n > 0.0 {
                    p - (f + n) * ((a + p + f + n) / (a + f + n)).ln()
                } else {
                    p
                };
            }
            a = tp;
            f = fp;
        }
        Some((low / self.positives, high / self.positives))
    }

    /// Lowest and highest score.
    pub fn score_range(&self) -> Option<(f64, f64)> {
        Some((*self.thresholds.last()?, *self.thresholds.first()?))
    }
}

/// Sorts scores from highest to lowest. Sorting integers is about a third faster
/// than sorting floats with `total_cmp`, so each score is mapped to a `u64` whose
/// ascending order is the scores' descending total order, sorted, and mapped back
/// (both maps reuse the vector's memory).
fn sort_descending(scores: Vec<f64>) -> Vec<f64> {
    const SIGN: u64 = 1 << 63;
    let mut keys: Vec<u64> = scores
        .into_iter()
        .map(|x| {
            let bits = x.to_bits();
            // IEEE-754 total order as unsigned: flip negatives, set the sign of positives.
            !(if bits & SIGN != 0 { !bits } else { bits | SIGN })
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_iter()
        .map(|k| {
            let ascending = !k;
            f64::from_bits(if ascending & SIGN != 0 {
                ascending & !SIGN
            } else {
                !ascending
            })
        })
        .collect()
}

/// A sorted entry: a bare score (weight 1) or a (score, weight) pair.
trait Scored {
    fn score(&self) -> f64;
    fn weight(&self) -> f64;
}

impl Scored for f64 {
    fn score(&self) -> f64 {
        *self
    }
    fn weight(&self) -> f64 {
        1.0
    }
}

impl Scored for (f64, f64) {
    fn score(&self) -> f64 {
        self.0
    }
    fn weight(&self) -> f64 {
        self.1
    }
}

#[cfg(test)]
mod tests;
