//! How many cases to audit for a precision asked in advance, per stratum.
//!
//! The quantity planned for is a linear combination θ = Σ a_h·N_h·P_h of the strata's
//! shares of positives P_h (N_h cases each), or the linearisation of a ratio such as
//! the miss rate (then a_h are the ratio's partial derivatives at the expected
//! values, Cochran 1977, "Sampling Techniques", 3rd ed., §6.3). Each stratum's share
//! is estimated from a simple random sample of n_h of its N_h cases, so (Cochran
//! 1977, eq. 5.6 with Theorem 5.3)
//!
//! V(θ̂) = Σ a_h²·N_h²·S_h²·(1/n_h − 1/N_h),  S_h² = N_h/(N_h − 1)·P_h·(1 − P_h).
//!
//! Two designs meet a variance V:
//! - [`scaled`] keeps the current audit rates r_h (n_h = k·r_h·N_h, one factor k):
//!   k = Σ a_h²·N_h·S_h²/r_h / (V + Σ a_h²·N_h·S_h²);
//! - [`neyman`] is the allocation with the fewest labels in total, n_h ∝ a_h·N_h·S_h
//!   (Neyman 1934; Cochran 1977, §5.5 and eq. 5.26 with the finite-population term):
//!   n = (Σ a_h·N_h·S_h)² / (V + Σ a_h·N_h·S_h²·a_h).
//!
//! In both, a stratum whose n_h would reach N_h is audited in full (its term of V
//! vanishes) and the rest re-solved (Cochran 1977, §5.8); sizes are rounded up.
//!
//! [`allocate`] splits a fixed total among strata ∝ weights with a floor per
//! stratum and caps at N_h, for a sample of a given size.
//!
//! Where it stops: the expected shares come from the caller (the last audit).

use crate::stats::interval::Z95;

/// One stratum as the plan sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanStratum {
    /// N_h: cases in the stratum.
    pub cases: u64,
    /// P_h: the expected share of positives.
    pub share: f64,
    /// a_h: the stratum's coefficient in the planned quantity.
    pub coefficient: f64,
    /// r_h: the share of its cases audited now (for [`scaled`]).
    pub rate: f64,
}

impl PlanStratum {
    /// |a_h|·N_h·S_h and a_h²·N_h·S_h².
    fn terms(&self) -> (f64, f64) {
        let n = self.cases as f64;
        let s2 = if self.cases > 1 {
            n / (n - 1.0) * self.share * (1.0 - self.share)
        } else {
            0.0
        };
        let a = self.coefficient.abs();
        (a * n * s2.sqrt(), a * a * n * s2)
    }
}

/// V(θ̂) for audit sizes `sizes` (a size of 0 in a stratum that matters is an
/// infinite variance).
pub fn planned_variance(strata: &[PlanStratum], sizes: &[u64]) -> f64 {
    strata
        .iter()
        .zip(sizes)
        .map(|(s, &n)| {
            let (_, b) = s.terms();
            if b == 0.0 || n >= s.cases {
                0.0
            } else if n == 0 {
                f64::INFINITY
            } else {
                let big_n = s.cases as f64;
                b * big_n * (1.0 / n as f64 - 1.0 / big_n)
            }
        })
        .sum()
}

/// The 95 % half-width Z·√V for audit sizes `sizes`.
pub fn planned_half_width(strata: &[PlanStratum], sizes: &[u64]) -> f64 {
    Z95 * planned_variance(strata, sizes).sqrt()
}

/// The variance a 95 % half-width asks for.
pub fn variance_for(half_width: f64) -> f64 {
    (half_width / Z95).powi(2)
}

/// Neyman allocation for variance `variance`: the fewest labels in total.
/// Strata that do not affect the quantity get none.
pub fn neyman(strata: &[PlanStratum], variance: f64) -> Vec<u64> {
    solve(strata, variance, |s| s.terms().0)
}

/// The current rates scaled by one factor to reach `variance`; `None` when a
/// stratum that affects the quantity is not audited at all now (no factor helps).
pub fn scaled(strata: &[PlanStratum], variance: f64) -> Option<Vec<u64>> {
    if strata
        .iter()
        .any(|s| s.terms().1 > 0.0 && !(s.rate > 0.0 && s.rate.is_finite()))
    {
        return None;
    }
    Some(solve(strata, variance, |s| s.rate * s.cases as f64))
}

/// Sizes ∝ `weight` among the strata not audited in full, solved for `variance`,
/// moving to a census any stratum whose size reaches its cases.
fn solve(strata: &[PlanStratum], variance: f64, weight: impl Fn(&PlanStratum) -> f64) -> Vec<u64> {
    let matters: Vec<bool> = strata.iter().map(|s| s.terms().1 > 0.0).collect();
    let mut census = vec![false; strata.len()];
    if variance.is_nan() || variance <= 0.0 {
        return strata
            .iter()
            .zip(&matters)
            .map(|(s, &m)| if m { s.cases } else { 0 })
            .collect();
    }
    loop {
        // n_h = c·w_h on the free strata: Σ b_h·N_h/(c·w_h) − Σ b_h = V.
        let (mut inverse, mut fixed) = (0.0, 0.0);
        for (i, s) in strata.iter().enumerate() {
            if matters[i] && !census[i] {
                let (_, b) = s.terms();
                inverse += b * s.cases as f64 / weight(s);
                fixed += b;
            }
        }
        let c = inverse / (variance + fixed);
        let mut moved = false;
        for (i, s) in strata.iter().enumerate() {
            if matters[i] && !census[i] && c * weight(s) >= s.cases as f64 {
                census[i] = true;
                moved = true;
            }
        }
        if !moved {
            return strata
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let size = ((c * weight(s)).ceil() as u64).min(s.cases);
                    if census[i] {
                        s.cases
                    } else if matters[i] {
                        size.max(1)
                    } else {
                        // Kept at the design's rate (0 under Neyman's allocation).
                        size
                    }
                })
                .collect();
        }
    }
}

/// Splits `total` among strata: each first gets `min(floor, cap)`, the rest goes
/// ∝ `weights` (∝ caps when every weight is 0), no stratum above its cap, rounded
/// by largest remainder (ties to the earlier stratum). `None` when `total`
/// exceeds the caps' sum or is below the floors' sum.
pub fn allocate(weights: &[f64], caps: &[u64], total: u64, floor: u64) -> Option<Vec<u64>> {
    let capacity: u64 = caps.iter().sum();
    let mut sizes: Vec<u64> = caps.iter().map(|&c| c.min(floor)).collect();
    let floors: u64 = sizes.iter().sum();
    if total > capacity || total < floors {
        return None;
    }
    let mut left = total - floors;
    let usable = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
    let by_weight = weights.iter().any(|&w| usable(w) > 0.0);
    while left > 0 {
        let open: Vec<usize> = (0..caps.len()).filter(|&i| sizes[i] < caps[i]).collect();
        let weight = |i: usize| {
            if by_weight {
                usable(weights[i])
            } else {
                caps[i] as f64
            }
        };
        let mut sum: f64 = open.iter().map(|&i| weight(i)).sum();
        // Only zero-weight strata left open: fill them by their room.
        let proportional = sum == 0.0;
        if proportional {
            sum = open.iter().map(|&i| (caps[i] - sizes[i]) as f64).sum();
        }
        let shares: Vec<f64> = (open.iter())
            .map(|&i| {
                if proportional {
                    (caps[i] - sizes[i]) as f64 / sum
                } else {
                    weight(i) / sum
                }
            })
            .collect();
        let mut given = 0;
        let mut remainders = Vec::new();
        for (&i, share) in open.iter().zip(shares) {
            let exact = left as f64 * share;
            let whole = (exact.floor() as u64).min(caps[i] - sizes[i]);
            sizes[i] += whole;
            given += whole;
            if sizes[i] < caps[i] {
                remainders.push((exact - exact.floor(), i));
            }
        }
        left -= given;
        if given == 0 {
            // Whole shares all round to 0: one each by largest remainder.
            remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, i) in remainders {
                if left == 0 {
                    break;
                }
                sizes[i] += 1;
                left -= 1;
            }
        }
    }
    Some(sizes)
}

#[cfg(test)]
mod tests;
