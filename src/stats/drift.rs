//! Score drift between the evaluation sample (the reference) and production: the
//! population stability index over reference deciles, and the two-sample
//! Kolmogorov–Smirnov statistic with its asymptotic p-value.
//!
//! The reference may carry weights in units of cases (1 = one case): frequency
//! counts, and/or the prevalence reweighting of [`reference_weights`] that makes
//! the evaluation sample look like production's assumed class mix. Production
//! scores are unweighted.
//!
//! Where it stops: it compares two score samples as given; choosing the periods,
//! warning thresholds beyond Siddiqi's reading, and wording are for the report.

/// Per-row reference weights that reweight the evaluation sample to production
/// prevalence `production_prevalence`: positives get π/π_eval and negatives
/// (1 − π)/(1 − π_eval), times the row's count (1 without counts), where π_eval is
/// the counted share of positives. The weights still total the number of cases.
///
/// `None` when lengths differ, a count is negative or not finite, π is outside
/// [0, 1], or the evaluation sample lacks a class (π_eval is 0 or 1).
pub fn reference_weights(
    positive: &[bool],
    counts: Option<&[f64]>,
    production_prevalence: f64,
) -> Option<Vec<f64>> {
    let counts: Vec<f64> = match counts {
        Some(c) if c.len() != positive.len() => return None,
        Some(c) => c.to_vec(),
        None => vec![1.0; positive.len()],
    };
    if counts.iter().any(|c| !c.is_finite() || *c < 0.0)
        || !(0.0..=1.0).contains(&production_prevalence)
    {
        return None;
    }
    let total: f64 = counts.iter().sum();
    let positives: f64 = positive
        .iter()
        .zip(&counts)
        .filter(|(p, _)| **p)
        .map(|(_, c)| c)
        .sum();
    let eval_prevalence = positives / total;
    if !(eval_prevalence > 0.0 && eval_prevalence < 1.0) {
        return None;
    }
    let up = production_prevalence / eval_prevalence;
    let down = (1.0 - production_prevalence) / (1.0 - eval_prevalence);
    Some(
        positive
            .iter()
            .zip(&counts)
            .map(|(&p, &c)| c * if p { up } else { down })
            .collect(),
    )
}

/// Siddiqi's (2006, "Credit Risk Scorecards", Wiley, ch. 8) customary reading of a
/// population stability index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StabilityReading {
    /// PSI below 0.1: no significant change.
    Small,
    /// PSI from 0.1 to 0.25: some change, worth a look.
    Moderate,
    /// PSI above 0.25: a significant shift.
    Large,
}

impl StabilityReading {
    /// The reading of `index`; 0.1 and 0.25 themselves read as moderate.
    pub fn of(index: f64) -> StabilityReading {
        if index < 0.1 {
            StabilityReading::Small
        } else if index <= 0.25 {
            StabilityReading::Moderate
        } else {
            StabilityReading::Large
        }
    }
}

/// Population stability index of production against the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationStability {
    /// Inner bin edges, increasing: bin 0 is (−∞, e₀), bin k is [eₖ₋₁, eₖ), the last
    /// is [e_last, +∞). Up to 9 edges (deciles), fewer when ties merge them.
    pub edges: Vec<f64>,
    /// Reference share of each bin after the ½-case correction; sums to 1.
    pub reference_shares: Vec<f64>,
    /// Production share of each bin after the ½-case correction; sums to 1.
    pub production_shares: Vec<f64>,
    /// PSI = Σ (pᵢ − qᵢ)·ln(pᵢ/qᵢ), p production and q reference shares; ≥ 0.
    pub index: f64,
    /// The conventional reading of the index (Siddiqi 2006).
    pub reading: StabilityReading,
}

/// The population stability index of `production` scores against `reference`
/// scores (optionally weighted, see [`reference_weights`]).
///
/// Bins: edge k (k = 1…9) is the lowest reference score with at least k/10 of the
/// reference weight strictly below it, so that with distinct scores and a count
/// divisible by ten every bin holds exactly a tenth; tied scores make equal edges,
/// which are merged, and an edge that no score reaches is dropped. Bins are closed
/// on the left.
///
/// Empty bins: half a case is added to every bin of both samples before taking
/// shares, share = (count + ½)/(total + ½·bins), the ½ correction of Haldane (1956,
/// Annals of Human Genetics 20:309–311) and Anscombe (1956, Biometrika 43:461–464)
/// for logarithms of ratios of counts. It keeps the index finite and shrinks it
/// slightly for small samples.
///
/// `None` when either sample is empty (reference weight total 0), a score is not
/// finite, or a weight is negative, not finite or the lengths differ.
pub fn population_stability(
    reference: &[f64],
    reference_weights: Option<&[f64]>,
    production: &[f64],
) -> Option<PopulationStability> {
    let reference = Weighted::new(reference, reference_weights)?;
    if production.is_empty() || production.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let mut edges: Vec<f64> = Vec::with_capacity(9);
    for k in 1..=9 {
        let mut below = 0.0;
        // Compare 10·below with k·total rather than below with total·k/10, so that
        // integer weights decide exactly.
        let edge = reference.groups().find_map(|(value, weight)| {
            let hit = 10.0 * below >= f64::from(k) * reference.total;
            below += weight;
            hit.then_some(value)
        });
        if let Some(edge) = edge
            && edges.last() != Some(&edge)
        {
            edges.push(edge);
        }
    }
    let bin_of = |x: f64| edges.partition_point(|&e| e <= x);
    let bins = edges.len() + 1;
    let mut reference_counts = vec![0.0; bins];
    for (&x, &w) in reference.values.iter().zip(&reference.weights) {
        reference_counts[bin_of(x)] += w;
    }
    let mut production_counts = vec![0.0; bins];
    for &x in production {
        production_counts[bin_of(x)] += 1.0;
    }
    let shares = |counts: &[f64], total: f64| -> Vec<f64> {
        let denominator = total + 0.5 * bins as f64;
        counts.iter().map(|c| (c + 0.5) / denominator).collect()
    };
    let reference_shares = shares(&reference_counts, reference.total);
    let production_shares = shares(&production_counts, production.len() as f64);
    let index: f64 = production_shares
        .iter()
        .zip(&reference_shares)
        .map(|(p, q)| (p - q) * (p / q).ln())
        .sum();
    Some(PopulationStability {
        edges,
        reference_shares,
        production_shares,
        index,
        reading: StabilityReading::of(index),
    })
}

/// Two-sample Kolmogorov–Smirnov comparison of production against the reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KolmogorovSmirnov {
    /// D = sup |F_ref − F_prod|, in [0, 1].
    pub statistic: f64,
    /// en = m·n/(m + n), with m the reference's Kish effective size (Σw)²/Σw² (its
    /// count when unweighted) and n the production count.
    pub effective_size: f64,
    /// Asymptotic p-value Q_KS(√en·D), scipy's `kstwobign.sf(sqrt(en) * D)`.
    pub p_value: f64,
}

/// The two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value.
///
/// Both empirical distribution functions (the reference's weighted) are evaluated
/// at every pooled score, F(x) = share of the sample ≤ x, as
/// `scipy.stats.ks_2samp` does, so ties are handled as there. The p-value is the
/// limiting Kolmogorov distribution (Kolmogorov 1933; Smirnov 1948),
/// Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}. It is not scipy's
/// `ks_2samp(method='asymp')`, which uses a finite-n distribution for the rounded
/// en; it equals `scipy.stats.kstwobign.sf(sqrt(en) * D)`.
///
/// `None` under the same conditions as [`population_stability`].
pub fn kolmogorov_smirnov(
    reference: &[f64],
    reference_weights: Option<&[f64]>,
    production: &[f64],
) -> Option<KolmogorovSmirnov> {
    kolmogorov_smirnov_counted(reference, reference_weights, None, production)
}

/// [`kolmogorov_smirnov`] for a reference of counted rows: row i stands for
/// `counts[i]` identical cases and its weight in `reference_weights` is the sum of
/// theirs, so Kish's Σw² is Σ wᵢ²/cᵢ, exactly as for the cases written one per
/// row (a row of count 0 adds nothing).
///
/// `None` under the same conditions, or when the counts' length differs or a
/// count is negative or not finite.
pub fn kolmogorov_smirnov_counted(
    reference: &[f64],
    reference_weights: Option<&[f64]>,
    counts: Option<&[f64]>,
    production: &[f64],
) -> Option<KolmogorovSmirnov> {
    if counts
        .is_some_and(|c| c.len() != reference.len() || c.iter().any(|x| !x.is_finite() || *x < 0.0))
    {
        return None;
    }
    let reference_values = reference;
    let reference = Weighted::new(reference_values, reference_weights)?;
    if production.is_empty() || production.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let mut sorted_production = production.to_vec();
    sorted_production.sort_by(f64::total_cmp);
    let n = sorted_production.len() as f64;
    // Walk the reference's distinct values and production's sorted values together,
    // evaluating both ECDFs after each pooled value's last occurrence.
    let groups: Vec<(f64, f64)> = reference.groups().collect();
    let (mut i, mut j) = (0, 0);
    let (mut reference_below, mut statistic) = (0.0_f64, 0.0_f64);
    while i < groups.len() || j < sorted_production.len() {
        let next_reference = groups.get(i).map_or(f64::INFINITY, |g| g.0);
        let next_production = sorted_production.get(j).copied().unwrap_or(f64::INFINITY);
        let value = next_reference.min(next_production);
        if i < groups.len() && groups[i].0 == value {
            reference_below += groups[i].1;
            i += 1;
        }
        while j < sorted_production.len() && sorted_production[j] == value {
            j += 1;
        }
        let gap = (reference_below / reference.total - j as f64 / n).abs();
        statistic = statistic.max(gap);
    }
    let sum_of_squares: f64 = match counts {
        None => reference.weights.iter().map(|w| w * w).sum(),
        Some(counts) => (0..counts.len())
            .filter(|&i| counts[i] > 0.0)
            .map(|i| {
                let w = reference_weights.map_or(1.0, |w| w[i]);
                w * w / counts[i]
            })
            .sum(),
    };
    let m = reference.total * reference.total / sum_of_squares;
    let effective_size = m * n / (m + n);
    Some(KolmogorovSmirnov {
        statistic,
        effective_size,
        p_value: kolmogorov_survival(effective_size.sqrt() * statistic),
    })
}

/// Q_KS(λ) = P(K > λ) for the Kolmogorov distribution. For λ ≥ 1 the alternating
/// series 2 Σ (−1)^{k−1} e^{−2k²λ²} converges in a few terms; below 1 we use its
/// Jacobi-theta form P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)} and take the
/// complement (both forms: Feller 1948, Annals of Mathematical Statistics 19:177).
pub fn kolmogorov_survival(lambda: f64) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 1.0;
    }
    if lambda >= 1.0 {
        let mut sum = 0.0;
        for k in 1..=100 {
            let k = f64::from(k);
            let term = (-2.0 * k * k * lambda * lambda).exp();
            sum += if k % 2.0 == 1.0 { term } else { -term };
            if term < 1e-300 || term < sum * 1e-17 {
                break;
            }
        }
        (2.0 * sum).clamp(0.0, 1.0)
    } else {
        let scale = std::f64::consts::PI * std::f64::consts::PI / (8.0 * lambda * lambda);
        let mut sum = 0.0;
        for k in 1..=100 {
            let odd = f64::from(2 * k - 1);
            let term = (-odd * odd * scale).exp();
            sum += term;
            if term < 1e-300 || term < sum * 1e-17 {
                break;
            }
        }
        let cdf = (2.0 * std::f64::consts::PI).sqrt() / lambda * sum;
        (1.0 - cdf).clamp(0.0, 1.0)
    }
}

/// A validated, sorted weighted sample with positive total weight.
struct Weighted {
    values: Vec<f64>,
    weights: Vec<f64>,
    total: f64,
}

impl Weighted {
    fn new(values: &[f64], weights: Option<&[f64]>) -> Option<Weighted> {
        let weights = match weights {
            Some(w) if w.len() != values.len() => return None,
            Some(w) => w.to_vec(),
            None => vec![1.0; values.len()],
        };
        if values.iter().any(|x| !x.is_finite())
            || weights.iter().any(|w| !w.is_finite() || *w < 0.0)
        {
            return None;
        }
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        let total: f64 = order.iter().map(|&i| weights[i]).sum();
        (total > 0.0).then(|| Weighted {
            values: order.iter().map(|&i| values[i]).collect(),
            weights: order.iter().map(|&i| weights[i]).collect(),
            total,
        })
    }

    /// Distinct values, increasing, each with the total weight it carries; `==`
    /// groups −0.0 with 0.0.
    fn groups(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let value = *self.values.get(start)?;
            let end = start
                + self.values[start..]
                    .iter()
                    .take_while(|&&v| v == value)
                    .count();
            let weight = self.weights[start..end].iter().sum();
            start = end;
            Some((value, weight))
        })
    }
}

mod chart;
pub use chart::{ChartBins, chart_bins};

#[cfg(test)]
mod tests;
