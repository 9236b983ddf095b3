//! Intervals for the difference between two models' rates measured on the *same*
//! cases (paired proportions), and the per-day differences built from them: "at
//! matched operating points, the candidate catches 3 more and raises 40 fewer false
//! alarms a day than the baseline".
//!
//! Within one class (the positives for TPR, the negatives for FPR) each case is
//! flagged by both models, by A only, by B only or by neither; with b cases flagged
//! by A only and c by B only among n, the difference of rates is p_A − p_B =
//! (b − c)/n. Its interval is Tango's score interval (Tango 1998, "Equivalence test
//! and confidence interval for the difference in proportions for the paired-sample
//! design", Statistics in Medicine 17:891–908), which behaves with few cases and
//! with b or c equal to 0, where the Wald interval collapses.
//!
//! Per-day differences are linear in the TPR and FPR differences, which rest on
//! disjoint (independent) cases; each side combines the two half-widths in
//! quadrature (MOVER, see [`linear_combination`]).
//!
//! Clustered cases (`data.cluster`): [`clustered_rate_difference`] replaces Tango's
//! interval by Obuchowski's (1998) cluster-summed variance for correlated
//! proportions ("On the comparison of correlated proportions for clustered data",
//! Statistics in Medicine 17:1495–1507): with I clusters, Dᵢ = Σ(flag_A − flag_B)
//! and nᵢ the cases of the class in cluster i, N = Σnᵢ and d = ΣDᵢ/N,
//! var(d) = I/(I − 1)·Σᵢ(Dᵢ − d·nᵢ)²/N², and the interval is d ± z₀.₉₇₅·√var
//! (Wald, clipped to [−1, 1]). Counted rows are that many cases of their cluster.
//!
//! Where it stops: it takes flags already decided at each model's threshold; it
//! does not choose matched thresholds, and its intervals describe evaluation
//! uncertainty only (not day-to-day swings in volume or prevalence).

use crate::stats::interval::{Estimate, Z95, linear_combination};
use crate::stats::workload::Costs;

/// How the cases of one class split by the two models' flags; totals of
/// frequency counts, so possibly fractional.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedCounts {
    /// Flagged by both models.
    pub both: f64,
    /// Flagged by model A only (b in Tango's notation, his x₁₂).
    pub a_only: f64,
    /// Flagged by model B only (c, his x₂₁).
    pub b_only: f64,
    /// Flagged by neither.
    pub neither: f64,
}

impl PairedCounts {
    /// All cases, n.
    pub fn total(&self) -> f64 {
        self.both + self.a_only + self.b_only + self.neither
    }
}

/// Tallies per-case flags of models A and B over the cases of one class. `counts`,
/// when given, says how many identical cases each row stands for.
///
/// `None` when the slices differ in length or a count is negative or not finite.
pub fn paired_counts(
    flags_a: &[bool],
    flags_b: &[bool],
    counts: Option<&[f64]>,
) -> Option<PairedCounts> {
    if flags_a.len() != flags_b.len() || counts.is_some_and(|c| c.len() != flags_a.len()) {
        return None;
    }
    let mut tally = PairedCounts {
        both: 0.0,
        a_only: 0.0,
        b_only: 0.0,
        neither: 0.0,
    };
    for (i, (&a, &b)) in flags_a.iter().zip(flags_b).enumerate() {
        let count = counts.map_or(1.0, |c| c[i]);
        if !count.is_finite() || count < 0.0 {
            return None;
        }
        match (a, b) {
            (true, true) => tally.both += count,
            (true, false) => tally.a_only += count,
            (false, true) => tally.b_only += count,
            (false, false) => tally.neither += count,
        }
    }
    Some(tally)
}

/// Tango's (1998) 95 % score interval for p_A − p_B = (b − c)/n on paired cases.
///
/// The bounds are the δ where the score statistic
/// Z(δ) = (b − c − nδ) / √(n·(2·q̂₂₁(δ) + δ(1 − δ)))
/// equals ±z₀.₉₇₅, with q̂₂₁(δ) the maximum-likelihood estimate of the "B only"
/// probability under p_A − p_B = δ, in closed form (Tango 1998, section 2):
/// q̂₂₁ = (√(W² + 8n·c·δ(1 − δ)) − W) / (4n), W = −b − c + (2n − b + c)·δ.
/// Z decreases in δ, so each bound is found by bisection to machine precision.
///
/// `value` is (b − c)/n; the bounds lie in [−1, 1]. `None` when n is 0 or a count
/// is negative or not finite.
pub fn tango_interval(counts: &PairedCounts) -> Option<Estimate> {
    let (b, c, n) = (counts.a_only, counts.b_only, counts.total());
    let parts = [counts.both, b, c, counts.neither];
    if parts.iter().any(|x| !x.is_finite() || *x < 0.0) || n <= 0.0 {
        return None;
    }
    let estimate = (b - c) / n;
    let z = Z95;
    let score = |delta: f64| {
        let w = -b - c + (2.0 * n - b + c) * delta;
        let discriminant = (w * w + 8.0 * n * c * delta * (1.0 - delta)).max(0.0);
        let q21 = (discriminant.sqrt() - w) / (4.0 * n);
        let numerator = b - c - n * delta;
        let variance = n * (2.0 * q21 + delta * (1.0 - delta));
        if variance > 0.0 {
            numerator / variance.sqrt()
        } else if numerator == 0.0 {
            0.0
        } else {
            numerator.signum() * f64::INFINITY
        }
    };
    // Lower bound: Z(δ) = z on [−1, estimate]; upper: Z(δ) = −z on [estimate, 1].
    let low = if estimate <= -1.0 {
        -1.0
    } else {
        bisect(-1.0, estimate, |d| score(d) > z)
    };
    let high = if estimate >= 1.0 {
        1.0
    } else {
        bisect(estimate, 1.0, |d| score(d) >= -z)
    };
    Some(Estimate {
        value: estimate,
        low: low.min(estimate),
        high: high.max(estimate),
    })
}

/// Two-sided p-value of "the two rates are equal" from Tango's score statistic at
/// δ = 0, Z = (b − c)/√(b + c): McNemar's test without continuity correction, the
/// test Tango's interval inverts (it excludes 0 exactly when p < 0.05). 1 when no
/// case is flagged by one model only.
pub fn mcnemar_p_value(counts: &PairedCounts) -> f64 {
    let (b, c) = (counts.a_only, counts.b_only);
    if b + c <= 0.0 {
        return 1.0;
    }
    let z = (b - c) / (b + c).sqrt();
    two_sided(z)
}

/// p_A − p_B over one class's cases grouped in clusters (Obuchowski 1998, see the
/// module's notes): the estimate with its Wald 95 % interval, and the two-sided
/// p-value of no difference (1 when the variance is 0 and the estimate is 0).
/// `clusters` holds each case's cluster code. `None` when the slices differ in
/// length, a count is negative or not finite, the cases total 0, or fewer than
/// two clusters hold cases.
pub fn clustered_rate_difference(
    flags_a: &[bool],
    flags_b: &[bool],
    counts: Option<&[f64]>,
    clusters: &[u32],
) -> Option<(Estimate, f64)> {
    let len = flags_a.len();
    if flags_b.len() != len || clusters.len() != len || counts.is_some_and(|c| c.len() != len) {
        return None;
    }
    let mut by_cluster: std::collections::BTreeMap<u32, (f64, f64)> = Default::default();
    for i in 0..len {
        let count = counts.map_or(1.0, |c| c[i]);
        if !count.is_finite() || count < 0.0 {
            return None;
        }
        if count == 0.0 {
            continue;
        }
        let sums = by_cluster.entry(clusters[i]).or_default();
        sums.0 += count * (f64::from(u8::from(flags_a[i])) - f64::from(u8::from(flags_b[i])));
        sums.1 += count;
    }
    let total: f64 = by_cluster.values().map(|(_, n)| n).sum();
    let k = by_cluster.len() as f64;
    if total <= 0.0 || k < 2.0 {
        return None;
    }
    let d = by_cluster.values().map(|(x, _)| x).sum::<f64>() / total;
    let squares: f64 = by_cluster.values().map(|(x, n)| (x - d * n).powi(2)).sum();
    let se = (k / (k - 1.0) * squares).sqrt() / total;
    let p_value = if se > 0.0 {
        two_sided(d / se)
    } else if d == 0.0 {
        1.0
    } else {
        0.0
    };
    Some((
        Estimate {
            value: d,
            low: (d - Z95 * se).max(-1.0),
            high: (d + Z95 * se).min(1.0),
        },
        p_value.clamp(0.0, 1.0),
    ))
}

/// Two-sided normal p-value of `z`.
fn two_sided(z: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    (2.0 * Normal::standard().sf(z.abs())).clamp(0.0, 1.0)
}

/// The point in [lo, hi] where `left_of_root` turns from true to false, for a
/// predicate true at `lo` and false at `hi`.
fn bisect(mut lo: f64, mut hi: f64, left_of_root: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if left_of_root(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Per-day differences, model A minus model B, each with its 95 % interval, in cases
/// per day (cost: currency per day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerDayDifference {
    /// Difference in cases flagged per day.
    pub flagged: Estimate,
    /// Difference in positives caught per day.
    pub caught: Estimate,
    /// Difference in positives missed per day (minus the caught difference).
    pub missed: Estimate,
    /// Difference in false alarms per day.
    pub false_alarms: Estimate,
    /// `None` when no costs were given.
    pub cost: Option<Estimate>,
}

/// Turns the paired TPR difference (on the positives) and FPR difference (on the
/// negatives), A minus B, into per-day differences at `volume_per_day` cases a day
/// and production prevalence `prevalence`:
/// Δcaught = V·π·ΔTPR, Δmissed = −Δcaught, Δfalse alarms = V·(1 − π)·ΔFPR,
/// Δflagged = Δcaught + Δfalse alarms,
/// Δcost = c_TP·Δcaught + c_FN·Δmissed + c_FP·Δfalse alarms.
///
/// The two differences rest on disjoint cases, so they are independent and each
/// side of a combined interval adds their half-widths in quadrature (Zou & Donner
/// 2008, MOVER). `None` when `volume_per_day` is negative or not finite, or
/// `prevalence` is outside [0, 1].
pub fn per_day_difference(
    tpr_difference: Estimate,
    fpr_difference: Estimate,
    volume_per_day: f64,
    prevalence: f64,
    costs: Option<&Costs>,
) -> Option<PerDayDifference> {
    if !volume_per_day.is_finite() || volume_per_day < 0.0 || !(0.0..=1.0).contains(&prevalence) {
        return None;
    }
    let positives = volume_per_day * prevalence;
    let negatives = volume_per_day * (1.0 - prevalence);
    let caught = tpr_difference.scale(positives);
    let false_alarms = fpr_difference.scale(negatives);
    let flagged = linear_combination(
        &[(positives, tpr_difference), (negatives, fpr_difference)],
        0.0,
    );
    let cost = costs.map(|c| {
        linear_combination(
            &[
                (
                    (c.true_positive - c.false_negative) * positives,
                    tpr_difference,
                ),
                (c.false_positive * negatives, fpr_difference),
            ],
            0.0,
        )
    });
    Some(PerDayDifference {
        flagged,
        caught,
        missed: caught.scale(-1.0),
        false_alarms,
        cost,
    })
}

#[cfg(test)]
mod tests;
