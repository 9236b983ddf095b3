//! DeLong's test for the difference between two correlated ROC AUCs measured on the
//! same cases, e.g. a candidate model against the baseline it would replace.
//!
//! Method: DeLong, DeLong & Clarke-Pearson (1988), "Comparing the areas under two or
//! more correlated receiver operating characteristic curves: a nonparametric
//! approach", Biometrics 44:837–845. Each case gets a *structural component*:
//! for a positive xᵢ, V10(xᵢ) = share of negatives it out-scores; for a negative yⱼ,
//! V01(yⱼ) = share of positives that out-score it; a tie counts one half (so the AUC
//! is scikit-learn's `roc_auc_score`). The covariance matrix of the two AUCs is
//! S10/m + S01/n, with S10 and S01 the sample covariance matrices (divisor m − 1
//! and n − 1) of the components over the m positives and n negatives.
//!
//! The components are computed with the midrank algorithm of Sun & Xu (2014), "Fast
//! implementation of DeLong's algorithm for comparing the areas under correlated
//! receiver operating characteristic curves", IEEE Signal Processing Letters
//! 21(11):1389–1393, in O(N log N) rather than O(m·n). Frequency counts are folded
//! into weighted midranks (a tie group of total count W after C cases has midrank
//! C + (W + 1)/2), which gives exactly what expanding every row into that many
//! identical cases would.
//!
//! Clustered cases (several rows for one customer or patient, `data.cluster`):
//! [`compare_aucs_clustered`] sums each case's structural components within its
//! cluster and takes the variance over clusters — Obuchowski (1997), "Nonparametric
//! analysis of clustered ROC curve data", Biometrics 53:567–578: with I clusters,
//! V10ᵢ and V01ᵢ the sums of cluster i's components, mᵢ and nᵢ its positives and
//! negatives, M and N the totals,
//! S10 = I/((I − 1)·M)·Σᵢ(V10ᵢ − mᵢθ)², S01 likewise over N,
//! S11 = I/(I − 1)·Σᵢ(V10ᵢ − mᵢθ)(V01ᵢ − nᵢθ), and
//! var(θ) = S10/M + S01/N + 2·S11/(M·N) (covariances alike, S11 symmetrised).
//! Counted rows are that many cases of their cluster.
//!
//! Where it stops: one pair of models, a normal approximation for the test and the
//! interval; no multiple-comparison adjustment.

use statrs::distribution::{ContinuousCDF, Normal};

use crate::stats::interval::Estimate;

/// DeLong's comparison of model A against model B on the same cases.
///
/// AUCs and the difference are shares in [0, 1] (difference in [−1, 1]);
/// variances and the covariance are of those shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AucComparison {
    /// ROC AUC of model A, ties counted one half.
    pub auc_a: f64,
    /// ROC AUC of model B, ties counted one half.
    pub auc_b: f64,
    /// DeLong variance of `auc_a`.
    pub variance_a: f64,
    /// DeLong variance of `auc_b`.
    pub variance_b: f64,
    /// DeLong covariance of `auc_a` and `auc_b`.
    pub covariance: f64,
    /// `auc_a − auc_b`.
    pub difference: f64,
    /// Standard error of the difference, √(var_a + var_b − 2·cov).
    pub standard_error: f64,
    /// `difference ± z₀.₉₇₅ · standard_error`, as (low, high); not clamped to [−1, 1].
    pub interval95: (f64, f64),
    /// Two-sided p-value of "the AUCs are equal" from the normal distribution;
    /// `None` when the standard error is 0 (the test statistic is undefined, e.g.
    /// both models separate the classes perfectly or rank every pair alike).
    pub p_value: Option<f64>,
}

/// Compares the ROC AUCs of two models scored on the same cases (DeLong 1988,
/// computed as in Sun & Xu 2014).
///
/// `scores_a`, `scores_b` and `positive` hold one entry per row; `counts`, when
/// given, says how many identical cases each row stands for (non-negative, may be
/// fractional; a 0 drops the row). Higher scores mean "more likely positive".
///
/// Returns `None` when the slices differ in length, a score or count is not finite,
/// a count is negative, or either class holds a total count of 1 or less (the
/// covariance needs at least two cases per class: divisors m − 1 and n − 1).
pub fn compare_aucs(
    scores_a: &[f64],
    scores_b: &[f64],
    positive: &[bool],
    counts: Option<&[f64]>,
) -> Option<AucComparison> {
    compare_aucs_clustered(scores_a, scores_b, positive, counts, None)
}

/// [`compare_aucs`] with each row's cluster (`data.cluster`, as codes): the
/// variances and the covariance are Obuchowski's (1997) clustered ones (see the
/// module's notes); `clusters: None` is DeLong's. `None` also when fewer than two
/// clusters hold cases.
pub fn compare_aucs_clustered(
    scores_a: &[f64],
    scores_b: &[f64],
    positive: &[bool],
    counts: Option<&[f64]>,
    clusters: Option<&[u32]>,
) -> Option<AucComparison> {
    let len = positive.len();
    if scores_a.len() != len || scores_b.len() != len || clusters.is_some_and(|c| c.len() != len) {
        return None;
    }
    let weights: Vec<f64> = match counts {
        Some(c) if c.len() != len => return None,
        Some(c) => c.to_vec(),
        None => vec![1.0; len],
    };
    let finite = scores_a.iter().chain(scores_b).all(|s| s.is_finite());
    if !finite || weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
        return None;
    }
    let a = Components::new(scores_a, positive, &weights)?;
    let b = Components::new(scores_b, positive, &weights)?;
    let (m, n) = (a.positives_total, a.negatives_total);

    let grouping = match clusters {
        None => None,
        Some(codes) => Some(Grouping::new(codes, positive, &weights)?),
    };
    // S10/m + S01/n entry by entry (DeLong 1988, eq. 3 and the covariance after it).
    let covariance_of = |x: &Components, y: &Components| match &grouping {
        Some(g) => g.covariance(x, y, m, n),
        None => {
            let s10 = weighted_covariance(&x.v10, x.auc, &y.v10, y.auc, &x.v10_weights, m);
            let s01 = weighted_covariance(&x.v01, x.auc, &y.v01, y.auc, &x.v01_weights, n);
            s10 / m + s01 / n
        }
    };
    let variance_a = covariance_of(&a, &a);
    let variance_b = covariance_of(&b, &b);
    let covariance = covariance_of(&a, &b);
    // The difference's variance straight from the components' differences: the same
    // quantity as var_a + var_b − 2·cov, without the cancellation.
    let d = Components {
        v10: a.v10.iter().zip(&b.v10).map(|(x, y)| x - y).collect(),
        v01: a.v01.iter().zip(&b.v01).map(|(x, y)| x - y).collect(),
        auc: a.auc - b.auc,
        ..a.clone()
    };
    let difference = a.auc - b.auc;
    let standard_error = covariance_of(&d, &d).max(0.0).sqrt();

    let normal = Normal::standard();
    let z = normal.inverse_cdf(0.975);
    let p_value = (standard_error > 0.0)
        .then(|| (2.0 * normal.sf((difference / standard_error).abs())).min(1.0));
    Some(AucComparison {
        auc_a: a.auc,
        auc_b: b.auc,
        variance_a,
        variance_b,
        covariance,
        difference,
        standard_error,
        interval95: (
            difference - z * standard_error,
            difference + z * standard_error,
        ),
        p_value,
    })
}

/// One model's ROC AUC with DeLong's 95 % interval: `auc ± z₀.₉₇₅·√variance`,
/// clipped to [0, 1], as pROC's `ci.auc(method = "delong")` gives it (the variance
/// is [`AucComparison::variance_a`] or `variance_b`: S10/m + S01/n of one model).
pub fn auc_interval(auc: f64, variance: f64) -> Estimate {
    let z = Normal::standard().inverse_cdf(0.975);
    let half = z * variance.max(0.0).sqrt();
    Estimate {
        value: auc,
        low: (auc - half).clamp(0.0, 1.0),
        high: (auc + half).clamp(0.0, 1.0),
    }
}

/// Which cluster each case of each class belongs to (positives, then negatives,
/// in row order as [`Components`] holds them), with the number of clusters.
struct Grouping {
    positives: Vec<usize>,
    negatives: Vec<usize>,
    clusters: usize,
}

impl Grouping {
    /// Renumbers the clusters that hold cases (count > 0) as 0..I; `None` with
    /// fewer than two.
    fn new(codes: &[u32], positive: &[bool], weights: &[f64]) -> Option<Grouping> {
        let mut index: std::collections::HashMap<u32, usize> = Default::default();
        let mut of = |i: usize| {
            let next = index.len();
            if weights[i] > 0.0 {
                *index.entry(codes[i]).or_insert(next)
            } else {
                // A row of count 0 adds nothing to any sum; any cluster will do.
                index.get(&codes[i]).copied().unwrap_or(0)
            }
        };
        let mut positives = Vec::new();
        let mut negatives = Vec::new();
        for (i, &is_positive) in positive.iter().enumerate() {
            let cluster = of(i);
            if is_positive {
                positives.push(cluster);
            } else {
                negatives.push(cluster);
            }
        }
        let clusters = index.len();
        (clusters >= 2).then_some(Grouping {
            positives,
            negatives,
            clusters,
        })
    }

    /// Obuchowski's (1997) S10/M + S01/N + (S11 + S11ᵀ)/(M·N) for models x and y.
    fn covariance(&self, x: &Components, y: &Components, m: f64, n: f64) -> f64 {
        let k = self.clusters;
        // Per cluster: Σ w·(V − θ) over its positives (V10ᵢ − mᵢθ) and negatives.
        let sums = |c: &Components| {
            let mut positives = vec![0.0; k];
            let mut negatives = vec![0.0; k];
            for (j, &g) in self.positives.iter().enumerate() {
                positives[g] += c.v10_weights[j] * (c.v10[j] - c.auc);
            }
            for (j, &g) in self.negatives.iter().enumerate() {
                negatives[g] += c.v01_weights[j] * (c.v01[j] - c.auc);
            }
            (positives, negatives)
        };
        let (x10, x01) = sums(x);
        let (y10, y01) = sums(y);
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
        let factor = k as f64 / (k as f64 - 1.0);
        let s10 = factor * dot(&x10, &y10) / m;
        let s01 = factor * dot(&x01, &y01) / n;
        let s11 = factor * (dot(&x10, &y01) + dot(&y10, &x01)) / 2.0;
        s10 / m + s01 / n + 2.0 * s11 / (m * n)
    }
}

/// One model's structural components, in row order within each class.
#[derive(Clone)]
struct Components {
    v10: Vec<f64>,
    v10_weights: Vec<f64>,
    v01: Vec<f64>,
    v01_weights: Vec<f64>,
    auc: f64,
    positives_total: f64,
    negatives_total: f64,
}

impl Components {
    /// Sun & Xu (2014), section III: with midranks T_z over all cases and T_x, T_y
    /// within positives and negatives, V10(xᵢ) = (T_z(xᵢ) − T_x(xᵢ))/n and
    /// V01(yⱼ) = 1 − (T_z(yⱼ) − T_y(yⱼ))/m. `None` when a class totals ≤ 1.
    fn new(scores: &[f64], positive: &[bool], weights: &[f64]) -> Option<Components> {
        let split = |class: bool| -> (Vec<f64>, Vec<f64>) {
            (0..scores.len())
                .filter(|&i| positive[i] == class)
                .map(|i| (scores[i], weights[i]))
                .unzip()
        };
        let (pos_scores, pos_weights) = split(true);
        let (neg_scores, neg_weights) = split(false);
        let m: f64 = pos_weights.iter().sum();
        let n: f64 = neg_weights.iter().sum();
        if m <= 1.0 || n <= 1.0 {
            return None;
        }
        let all_scores: Vec<f64> = pos_scores.iter().chain(&neg_scores).copied().collect();
        let all_weights: Vec<f64> = pos_weights.iter().chain(&neg_weights).copied().collect();
        let t_z = midranks(&all_scores, &all_weights);
        let t_x = midranks(&pos_scores, &pos_weights);
        let t_y = midranks(&neg_scores, &neg_weights);
        let k = pos_scores.len();
        let v10: Vec<f64> = (0..k).map(|i| (t_z[i] - t_x[i]) / n).collect();
        let v01: Vec<f64> = (0..neg_scores.len())
            .map(|j| 1.0 - (t_z[k + j] - t_y[j]) / m)
            .collect();
        let auc = v10
            .iter()
            .zip(&pos_weights)
            .map(|(v, w)| v * w)
            .sum::<f64>()
            / m;
        Some(Components {
            v10,
            v10_weights: pos_weights,
            v01,
            v01_weights: neg_weights,
            auc,
            positives_total: m,
            negatives_total: n,
        })
    }
}

/// Weighted midranks, in input order: a group of tied values with total weight W,
/// preceded by values of total weight C, gets C + (W + 1)/2, the mean of the ranks
/// C + 1, …, C + W its expanded cases would hold. Values must be finite.
fn midranks(values: &[f64], weights: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut ranks = vec![0.0; values.len()];
    let (mut before, mut start) = (0.0, 0);
    while start < order.len() {
        let value = values[order[start]];
        // `==` rather than total order, so that −0.0 and 0.0 (adjacent) tie.
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| values[i] == value)
                .count();
        let group: f64 = order[start..end].iter().map(|&i| weights[i]).sum();
        let rank = before + (group + 1.0) / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        before += group;
        start = end;
    }
    ranks
}

/// Σ wᵢ (xᵢ − x̄)(yᵢ − ȳ) / (total − 1).
fn weighted_covariance(
    x: &[f64],
    x_mean: f64,
    y: &[f64],
    y_mean: f64,
    weights: &[f64],
    total: f64,
) -> f64 {
    let sum: f64 = (0..x.len())
        .map(|i| weights[i] * (x[i] - x_mean) * (y[i] - y_mean))
        .sum();
    sum / (total - 1.0)
}

#[cfg(test)]
mod tests;
