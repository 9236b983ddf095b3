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

/// Cumulative counts at every distinct score, highest first, kept compactly: each
/// class's scores sorted from highest to lowest (8 bytes a row) and, only when rows
/// are weighted or counted, each class's running weight beside them (8 more). The
/// counts at a threshold are one binary search per class; the distinct scores are a
/// merge of the two classes, walked lazily by [`Sweep::points`]. The summaries that
/// need every distinct score (ROC AUC, average precision, tied pairs) are computed
/// once, in the build's merge pass.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Positive rows with non-zero weight, highest score first.
    pos: Class,
    /// Negative rows with non-zero weight, highest score first.
    neg: Class,
    /// Number of distinct scores.
    distinct: usize,
    /// Summaries over every distinct score, from the merge pass.
    summary: Summary,
    /// Total weight of positives.
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

/// One class's rows, highest score first.
#[derive(Debug, Clone)]
enum Class {
    /// Bare scores: every row weighs 1, so the weight above a row is its index.
    Unit(Vec<f64>),
    /// `(score, weight of this row and every row before it)`.
    Weighted(Vec<(f64, f64)>),
}

impl Class {
    fn len(&self) -> usize {
        match self {
            Class::Unit(v) => v.len(),
            Class::Weighted(v) => v.len(),
        }
    }

    fn score(&self, i: usize) -> Option<f64> {
        match self {
            Class::Unit(v) => v.get(i).copied(),
            Class::Weighted(v) => v.get(i).map(|p| p.0),
        }
    }

    /// Weight of the first `i` rows.
    fn weight_before(&self, i: usize) -> f64 {
        match (self, i) {
            (_, 0) => 0.0,
            (Class::Unit(_), i) => i as f64,
            (Class::Weighted(v), i) => v[i - 1].1,
        }
    }

    /// Number of rows with `score >= threshold`.
    fn flagged(&self, threshold: f64) -> usize {
        match self {
            Class::Unit(v) => v.partition_point(|&s| s >= threshold),
            Class::Weighted(v) => v.partition_point(|p| p.0 >= threshold),
        }
    }

    /// Index just past the rows scoring exactly `score`, from row `i` on.
    fn skip_equal(&self, mut i: usize, score: f64) -> usize {
        while self.score(i) == Some(score) {
            i += 1;
        }
        i
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Class::Unit(v) => v.capacity() * size_of::<f64>(),
            Class::Weighted(v) => v.capacity() * size_of::<(f64, f64)>(),
        }
    }
}

/// What needs every distinct score, gathered in one pass.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    /// Σ ΔFP·(TP + TPprev)/2: the ROC area before dividing by P·N.
    area: f64,
    /// Σ ΔTP·precision: average precision before dividing by P.
    precision_sum: f64,
    /// Σ ΔTP·ΔFP: tied (positive, negative) pairs before dividing by P·N.
    tied: f64,
    /// Lower and upper bounds of the grouped average precision, before dividing by P.
    ap_low: f64,
    ap_high: f64,
    /// Lowest and highest score.
    range: Option<(f64, f64)>,
}

impl Summary {
    /// Adds one distinct score whose cumulative counts go from `(a, f)` to `(tp, fp)`.
    fn add(&mut self, (a, f): (f64, f64), (tp, fp): (f64, f64)) {
        self.area += (fp - f) * (tp + a) / 2.0;
        if tp > a {
            self.precision_sum += (tp - a) * (tp / (tp + fp));
        }
        let (p, n) = (tp - a, fp - f);
        self.tied += p * n;
        if p > 0.0 {
            self.ap_high += p * (a + p) / (a + p + f);
            self.ap_low += if f + n > 0.0 {
                p - (f + n) * ((a + p + f + n) / (a + f + n)).ln()
            } else {
                p
            };
        }
    }
}

impl Sweep {
    /// Sweeps `scores` (finite) against `positive`, each row counting as `weights`
    /// says. Zero-weight rows are ignored, as scikit-learn does.
    pub fn build(scores: &[f64], positive: &[bool], weights: RowWeights) -> Sweep {
        match weights.is_unit() {
            // Unweighted: sort bare scores, half the bytes to move.
            true => {
                let rows = scores.len().min(positive.len());
                let positives = positive[..rows].iter().filter(|&&p| p).count();
                let mut pos = Vec::with_capacity(positives);
                let mut neg = Vec::with_capacity(rows - positives);
                for (&score, &is_positive) in scores.iter().zip(positive) {
                    if is_positive {
                        pos.push(score)
                    } else {
                        neg.push(score)
                    }
                }
                let pos = Class::Unit(sort_descending(pos));
                let neg = Class::Unit(sort_descending(neg));
                let (p, n) = (pos.len() as f64, neg.len() as f64);
                Sweep::merge(pos, neg, p, n)
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
                let mut sweep =
                    Sweep::merge(cumulative(pos), cumulative(neg), sum_sq_pos, sum_sq_neg);
                sweep.cases = cases;
                sweep
            }
        }
    }

    /// Walks the two classes' rows (each sorted descending) once, in merged order,
    /// counting the distinct scores and gathering the summaries. `sum_sq_*` are the
    /// sums of squared weights.
    fn merge(pos: Class, neg: Class, sum_sq_pos: f64, sum_sq_neg: f64) -> Sweep {
        let (mut summary, mut distinct, mut previous) = (Summary::default(), 0, (0.0, 0.0));
        let mut highest = None;
        for (threshold, c) in (Points {
            pos: &pos,
            neg: &neg,
            i: 0,
            j: 0,
        }) {
            summary.add(previous, (c.tp, c.fp));
            previous = (c.tp, c.fp);
            distinct += 1;
            let high = *highest.get_or_insert(threshold);
            summary.range = Some((threshold, high));
        }
        let (tp, fp) = previous;
        let rows = pos.len() + neg.len();
        Sweep {
            pos,
            neg,
            distinct,
            summary,
            positives: tp,
            negatives: fp,
            effective_positives: effective_n(tp, sum_sq_pos),
            effective_negatives: effective_n(fp, sum_sq_neg),
            rows,
            cases: rows as f64,
        }
    }

    /// Counts when cases with `score >= threshold` are flagged.
    pub fn counts_at(&self, threshold: f64) -> Counts {
        let tp = self.pos.weight_before(self.pos.flagged(threshold));
        let fp = self.neg.weight_before(self.neg.flagged(threshold));
        Counts {
            tp,
            fp,
            tn: self.negatives - fp,
            fn_: self.positives - tp,
        }
    }

    /// Number of distinct scores: the thresholds at which a count changes.
    pub fn distinct_scores(&self) -> usize {
        self.distinct
    }

    /// Distinct scores, highest first: the thresholds at which a count changes.
    pub fn levels(&self) -> impl Iterator<Item = f64> + '_ {
        self.points().map(|(threshold, _)| threshold)
    }

    /// `(threshold, counts)` at every distinct score, highest first.
    pub fn points(&self) -> impl Iterator<Item = (f64, Counts)> + '_ {
        Points {
            pos: &self.pos,
            neg: &self.neg,
            i: 0,
            j: 0,
        }
        .map(|(threshold, c)| {
            (
                threshold,
                Counts {
                    tn: self.negatives - c.fp,
                    fn_: self.positives - c.tp,
                    ..c
                },
            )
        })
    }

    /// Bytes this sweep holds on the heap: each class's sorted scores, and their
    /// running weights when rows are weighted or counted.
    pub fn heap_bytes(&self) -> usize {
        self.pos.heap_bytes() + self.neg.heap_bytes()
    }

    /// Area under the ROC curve by the trapezoidal rule over all distinct scores, as
    /// `sklearn.metrics.roc_auc_score` (ties form one diagonal step). `None` unless
    /// both classes are present.
    pub fn roc_auc(&self) -> Option<f64> {
        if self.positives <= 0.0 || self.negatives <= 0.0 {
            return None;
        }
        Some(self.summary.area / (self.positives * self.negatives))
    }

    /// Average precision, Σ (Rₙ − Rₙ₋₁) Pₙ over distinct scores from the highest, as
    /// `sklearn.metrics.average_precision_score` (no interpolation). `None` without
    /// positives.
    pub fn average_precision(&self) -> Option<f64> {
        if self.positives <= 0.0 {
            return None;
        }
        Some(self.summary.precision_sum / self.positives)
    }

    /// Share of (positive, negative) pairs that tie on a score: Σ Δtp·Δfp / (P·N)
    /// over distinct scores. ROC AUC counts each such pair half; when the scores are
    /// groups of finer ones, the ungrouped AUC lies within half this share of the
    /// grouped one. `None` unless both classes are present.
    pub fn tied_pairs_share(&self) -> Option<f64> {
        if self.positives <= 0.0 || self.negatives <= 0.0 {
            return None;
        }
        Some(self.summary.tied / (self.positives * self.negatives))
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
        Some((
            self.summary.ap_low / self.positives,
            self.summary.ap_high / self.positives,
        ))
    }

    /// Lowest and highest score.
    pub fn score_range(&self) -> Option<(f64, f64)> {
        self.summary.range
    }
}

/// The merge of two classes' sorted rows: at each distinct score, highest first,
/// the weight of positives and of negatives scoring at least that (`tn` and `fn_`
/// left 0 for the caller to fill).
struct Points<'a> {
    pos: &'a Class,
    neg: &'a Class,
    i: usize,
    j: usize,
}

impl Iterator for Points<'_> {
    type Item = (f64, Counts);

    fn next(&mut self) -> Option<(f64, Counts)> {
        let next = match (self.pos.score(self.i), self.neg.score(self.j)) {
            (Some(p), Some(n)) => p.max(n),
            (Some(p), None) => p,
            (None, Some(n)) => n,
            (None, None) => return None,
        };
        self.i = self.pos.skip_equal(self.i, next);
        self.j = self.neg.skip_equal(self.j, next);
        let counts = Counts {
            tp: self.pos.weight_before(self.i),
            fp: self.neg.weight_before(self.j),
            ..Counts::default()
        };
        Some((next, counts))
    }
}

/// Sorts `(score, weight)` rows from the highest score and replaces each weight by
/// the running total up to and including its row, in place.
fn cumulative(mut rows: Vec<(f64, f64)>) -> Class {
    rows.par_sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut total = 0.0;
    for row in &mut rows {
        total += row.1;
        row.1 = total;
    }
    rows.shrink_to_fit();
    Class::Weighted(rows)
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

#[cfg(test)]
mod tests;
