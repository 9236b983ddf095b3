//! The money an audited period cost when a cost is each case's own (a column such
//! as a transaction's `amount`): not a count times a price, but a sum over the
//! period's cases of each case's cost for its outcome, of which only the audited
//! cases' outcomes are known.
//!
//! Each audited case i carries z_i, its cost for the outcome its verdict gives: a
//! flagged case its catch cost when positive and its false-alarm cost when not, an
//! unflagged case its miss cost when positive and nothing when not. In each group
//! the threshold makes (flagged, not flagged; N_g cases, known exactly) the mean
//! cost per case is the ratio (Hájek) estimator R̂_g = Σ z_i/π_i ÷ Σ 1/π_i, so the
//! group's total is N_g·R̂_g and the period's is the sum over the two groups. With
//! declared audited shares π_i is the group's realised share n_g/N_g (R̂_g is then
//! the audited mean, the stratified estimator of `stats::audit`); with inclusion
//! probabilities (`stats::audit_weighted`) each verdict weighs 1/π_i. A cost that is
//! the same for every case of a group (c_FP·flagged when a catch and a false alarm
//! cost the same) is exact.
//!
//! Variance: the ratio's linearisation, audited cases sharing a π forming a stratum
//! h: v(R̂_g) = Σ_h (N̂_h/N̂_g)²·(1 − π_h)·s_h²/n_h with s_h² the variance of z in h
//! (a stratum of one takes its group's), N̂_h = n_h/π_h (Cochran 1977, eq. 5.7;
//! Särndal, Swensson & Wretman 1992, §5.6); V = Σ_g N_g²·v(R̂_g).
//!
//! Interval: money is skewed (a few large amounts missed dominate the total), and
//! a normal interval centred on the estimate misses the truth mostly on the high
//! side. The range is taken on the log scale of the uncertain part U (the groups
//! whose costs vary): U·exp(±q·√ln(1 + V/U²)), the lognormal approximation of
//! the estimator's distribution with the same mean and variance (as Chao 1987
//! does for a population size), with q Student's t quantile at k − 1 degrees of
//! freedom, k the audited cases whose cost is a non-zero amount from a column (the
//! amounts the spread is learnt from; at least 1). The exact part is added to
//! both ends. Its simulated coverage is in docs/src/after-launch.md ("The cost a
//! day"): it holds for moderately skewed amounts and falls short for very skewed
//! ones with few audited amounts.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::stats::interval::Estimate;

/// One audited case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostCase {
    /// Scored at or above the threshold.
    pub flagged: bool,
    /// Its cost for the outcome its verdict gives (money, finite).
    pub cost: f64,
    /// π_i in (0, 1]: its chance of being audited.
    pub probability: f64,
    /// Whether `cost` is the case's own amount from a column (not a fixed price).
    pub from_column: bool,
}

/// The period's cost from an audit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditCost {
    /// The total over the period's cases, with its 95 % range.
    pub total: Estimate,
    /// √V.
    pub standard_error: f64,
    /// k − 1 (see the module).
    pub degrees_of_freedom: f64,
    /// Each group's (flagged, not flagged) cost per case — the weighted mean of
    /// its audited costs, Σ w·z ÷ Σ w with w = 1/π — and the spread of one case's
    /// cost about it, Σ w·(z − mean)² ÷ Σ w × n/(n − 1) (0 for fewer than two
    /// audited cases or a group without cases): what the average day's range
    /// (`stats::average_day`) takes as each case's own spread.
    pub per_case: [(f64, f64); 2],
    /// The spread of the audited amounts from a column on the log scale: the
    /// sample standard deviation of ln z over the k non-zero ones, and k; `None`
    /// for fewer than two. The range falls short of 95 % when it is large
    /// (docs/src/after-launch.md, "The cost a day").
    pub amounts_log_sd: Option<(f64, usize)>,
}

/// The sample standard deviation of ln z over the positive amounts from a
/// column, and their number; `None` for fewer than two.
fn amounts_log_sd(audited: &[CostCase]) -> Option<(f64, usize)> {
    let logs: Vec<f64> = (audited.iter())
        .filter(|c| c.from_column && c.cost > 0.0)
        .map(|c| c.cost.ln())
        .collect();
    let k = logs.len();
    if k < 2 {
        return None;
    }
    let mean = logs.iter().sum::<f64>() / k as f64;
    let variance = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
    Some((variance.sqrt(), k))
}

/// A group's cost per case and the spread of one case's cost (see
/// [`AuditCost::per_case`]).
fn per_case(cases: &[&CostCase]) -> (f64, f64) {
    let weight: f64 = cases.iter().map(|c| 1.0 / c.probability).sum();
    if cases.is_empty() || weight <= 0.0 {
        return (0.0, 0.0);
    }
    let mean = cases.iter().map(|c| c.cost / c.probability).sum::<f64>() / weight;
    let n = cases.len() as f64;
    let spread = if n > 1.0 {
        cases
            .iter()
            .map(|c| (c.cost - mean).powi(2) / c.probability)
            .sum::<f64>()
            / weight
            * n
            / (n - 1.0)
    } else {
        0.0
    };
    (mean, spread)
}

/// One group's estimated total and the variance of that total.
fn group_total(cases: &[&CostCase], count: f64) -> (f64, f64) {
    // Strata by π (bit pattern), in a fixed order: (π bits, n, Σz, Σz²).
    let mut strata: Vec<(u64, f64, f64, f64)> = Vec::new();
    for c in cases {
        let key = c.probability.to_bits();
        match strata.iter_mut().find(|s| s.0 == key) {
            Some(s) => {
                s.1 += 1.0;
                s.2 += c.cost;
                s.3 += c.cost * c.cost;
            }
            None => strata.push((key, 1.0, c.cost, c.cost * c.cost)),
        }
    }
    let sample_variance = |n: f64, sum: f64, squares: f64| {
        if n > 1.0 {
            ((squares - sum * sum / n) / (n - 1.0)).max(0.0)
        } else {
            0.0
        }
    };
    let all = strata
        .iter()
        .fold((0.0, 0.0, 0.0), |a, s| (a.0 + s.1, a.1 + s.2, a.2 + s.3));
    let pooled = sample_variance(all.0, all.1, all.2);
    let size: f64 = strata.iter().map(|s| s.1 / f64::from_bits(s.0)).sum();
    let mean = strata
        .iter()
        .map(|s| s.2 / f64::from_bits(s.0))
        .sum::<f64>()
        / size;
    let variance: f64 = strata
        .iter()
        .map(|&(key, n, sum, squares)| {
            let pi = f64::from_bits(key);
            let s2 = if n > 1.0 {
                sample_variance(n, sum, squares)
            } else {
                pooled
            };
            ((n / pi) / size).powi(2) * (1.0 - pi).max(0.0) * s2 / n
        })
        .sum();
    (count * mean, count * count * variance)
}

/// The cost of a period of `flagged` + `not_flagged` cases from its `audited`
/// cases. `constant[g]`: whether every case of group g (0 flagged, 1 not flagged)
/// costs the same whatever its verdict, so that an audit seeing no spread in it is
/// exact; a group whose costs can differ but whose audited costs do not (an audit
/// of unflagged cases without one missed positive, which shows no amount) cannot
/// be priced, unless audited in full.
///
/// `None` when a group with cases has no audited case, a probability is outside
/// (0, 1], a cost is not finite, or a group cannot be priced as above.
pub fn audit_cost(
    flagged: u64,
    not_flagged: u64,
    audited: &[CostCase],
    constant: [bool; 2],
) -> Option<AuditCost> {
    if audited
        .iter()
        .any(|c| !(c.probability > 0.0 && c.probability <= 1.0 && c.cost.is_finite()))
    {
        return None;
    }
    let (mut exact, mut uncertain, mut variance) = (0.0, 0.0, 0.0);
    let mut spreads = [(0.0, 0.0); 2];
    for (group, (count, is_flagged)) in [(flagged, true), (not_flagged, false)]
        .into_iter()
        .enumerate()
    {
        if count == 0 {
            continue;
        }
        let cases: Vec<&CostCase> = audited.iter().filter(|c| c.flagged == is_flagged).collect();
        if cases.is_empty() {
            return None;
        }
        spreads[group] = per_case(&cases);
        let (total, v) = group_total(&cases, count as f64);
        let census = cases.len() as u64 >= count && cases.iter().all(|c| c.probability >= 1.0);
        if v > 0.0 {
            uncertain += total;
            variance += v;
        } else if census || constant[group] {
            exact += total;
        } else {
            return None;
        }
    }
    let k = audited
        .iter()
        .filter(|c| c.from_column && c.cost != 0.0)
        .count();
    let degrees_of_freedom = (k.max(2) - 1) as f64;
    let standard_error = variance.sqrt();
    let value = exact + uncertain;
    let total = if variance <= 0.0 {
        Estimate::exact(value)
    } else {
        let q = StudentsT::new(0.0, 1.0, degrees_of_freedom)
            .ok()?
            .inverse_cdf(0.975);
        if uncertain > 0.0 {
            let spread = q * (1.0 + variance / (uncertain * uncertain)).ln().sqrt();
            Estimate {
                value,
                low: exact + uncertain * (-spread).exp(),
                high: exact + uncertain * spread.exp(),
            }
        } else {
            Estimate {
                value,
                low: value - q * standard_error,
                high: value + q * standard_error,
            }
        }
    };
    Some(AuditCost {
        total,
        standard_error,
        degrees_of_freedom,
        per_case: spreads,
        amounts_log_sd: amounts_log_sd(audited),
    })
}

#[cfg(test)]
mod tests;
