//! Estimates from an audit drawn with known, unequal inclusion probabilities π_i
//! (the sample `tradeoff monitor --audit-sample` writes: stratified by group and
//! score band, simple random sampling within each band, π = n_h/N_h), and the draw
//! itself.
//!
//! Estimator: in each group the threshold makes (flagged, not flagged), the share of
//! positives is the ratio (Hájek 1971) estimator p̂ = Σ w_i·y_i / Σ w_i with
//! w_i = 1/π_i, so counts are N_g·p̂_g with N_g known exactly. It is the
//! Horvitz–Thompson total divided by the Horvitz–Thompson estimate of the group's
//! size; with every label back it equals the stratified estimator exactly, and it
//! stays consistent when some labels do not come back.
//!
//! Variance: audited cases with the same π form a stratum h (with this design, a
//! score band; bands that happen to share a π are pooled, which can only add
//! between-band variation). N̂_h = n_h/π_h and
//! v(p̂) = Σ_h (N̂_h/N̂)²·(1 − π_h)·s_h²/n_h, s_h² = n_h/(n_h − 1)·ȳ_h(1 − ȳ_h)
//! (Cochran 1977, eq. 5.7 with estimated weights; Särndal, Swensson & Wretman 1992,
//! §5.6 for the ratio's linearisation).
//!
//! Interval: Wilson's score interval with the effective sample size
//! n* = p̂(1 − p̂)/v(p̂) (Korn & Graubard 1998; Dean & Pagano 2015 on its coverage),
//! so a share near 0 keeps an asymmetric, non-negative range; when p̂ is 0 or 1
//! (v = 0) n* falls back to Kish's n = (Σw)²/Σw². A group audited in full is exact.
//! The miss rate M/(C + M) takes its variance by the delta method from the two
//! groups' variances and the same Wilson form with n* = R(1 − R)/v(R).
//!
//! Where it stops: it takes the audited cases as given; which cases form a band and
//! how many to draw in each is `model::monitoring::sample`'s choice.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

use crate::stats::audit::AuditEstimates;
use crate::stats::interval::{Estimate, linear_combination, wilson};

/// One audited case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedCase {
    /// Scored at or above the threshold.
    pub flagged: bool,
    /// Its verdict.
    pub positive: bool,
    /// π_i in (0, 1].
    pub probability: f64,
}

/// A group's share of positives from its audited cases.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Share {
    value: f64,
    variance: f64,
    estimate: Estimate,
    census: bool,
}

/// The ratio estimate of one group's share; `None` without audited cases.
fn group_share(cases: &[WeightedCase]) -> Option<Share> {
    if cases.is_empty() {
        return None;
    }
    // Strata by π (bit pattern), in a fixed order.
    let mut strata: Vec<(u64, f64, f64)> = Vec::new(); // (π bits, n, positives)
    for c in cases {
        let key = c.probability.to_bits();
        match strata.iter_mut().find(|s| s.0 == key) {
            Some(s) => {
                s.1 += 1.0;
                s.2 += f64::from(u8::from(c.positive));
            }
            None => strata.push((key, 1.0, f64::from(u8::from(c.positive)))),
        }
    }
    let size: f64 = strata.iter().map(|s| s.1 / f64::from_bits(s.0)).sum();
    let value = strata
        .iter()
        .map(|s| s.2 / f64::from_bits(s.0))
        .sum::<f64>()
        / size;
    let census = strata.iter().all(|s| f64::from_bits(s.0) >= 1.0);
    let variance: f64 = strata
        .iter()
        .map(|&(key, n, x)| {
            let pi = f64::from_bits(key);
            let mean = x / n;
            let s2 = if n > 1.0 {
                n / (n - 1.0) * mean * (1.0 - mean)
            } else {
                0.25
            };
            ((n / pi) / size).powi(2) * (1.0 - pi).max(0.0) * s2 / n
        })
        .sum();
    let estimate = if census {
        Estimate::exact(value)
    } else {
        let weights: (f64, f64) = cases.iter().fold((0.0, 0.0), |(s, s2), c| {
            (s + 1.0 / c.probability, s2 + c.probability.powi(-2))
        });
        let effective = if variance > 0.0 && value > 0.0 && value < 1.0 {
            value * (1.0 - value) / variance
        } else {
            weights.0 * weights.0 / weights.1
        };
        wilson(value, effective)?
    };
    Some(Share {
        value,
        variance,
        estimate,
        census,
    })
}

/// What a weighted audit says: the period's estimates and the miss rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedAudit {
    /// As `stats::audit::estimate_from_audit` gives them, from the ratio estimator.
    pub estimates: AuditEstimates,
    /// missed / (caught + missed); `None` when a group with cases has no audited
    /// case or no positive is estimated.
    pub miss_rate: Option<Estimate>,
}

/// Estimates from `audited` cases drawn from `flagged` + `not_flagged` production
/// cases; `None` when production is empty or a probability is outside (0, 1].
pub fn estimate_weighted(
    flagged: u64,
    not_flagged: u64,
    audited: &[WeightedCase],
) -> Option<WeightedAudit> {
    let total = flagged.checked_add(not_flagged)?;
    if total == 0
        || audited
            .iter()
            .any(|c| !(c.probability > 0.0 && c.probability <= 1.0))
    {
        return None;
    }
    let (f_cases, u_cases): (Vec<WeightedCase>, Vec<WeightedCase>) =
        audited.iter().partition(|c| c.flagged);
    let (n_f, n_u) = (flagged as f64, not_flagged as f64);
    // An empty group counts exactly 0; a group with cases but no audit is unknown.
    let empty = Share {
        value: 0.0,
        variance: 0.0,
        estimate: Estimate::exact(0.0),
        census: true,
    };
    let share = |cases: &[WeightedCase], count: u64| {
        if count == 0 {
            Some(empty)
        } else {
            group_share(cases)
        }
    };
    let f = share(&f_cases, flagged);
    let u = share(&u_cases, not_flagged);
    let prevalence = f.zip(u).map(|(f, u)| {
        linear_combination(
            &[
                (n_f / total as f64, f.estimate),
                (n_u / total as f64, u.estimate),
            ],
            0.0,
        )
    });
    let positives = audited.iter().filter(|c| c.positive).count();
    let miss_rate = f.zip(u).and_then(|(f, u)| {
        let (caught, missed) = (n_f * f.value, n_u * u.value);
        let all = caught + missed;
        if all <= 0.0 {
            return None;
        }
        let rate = missed / all;
        if f.census && u.census {
            return Some(Estimate::exact(rate));
        }
        let variance = (caught.powi(2) * n_u.powi(2) * u.variance
            + missed.powi(2) * n_f.powi(2) * f.variance)
            / all.powi(4);
        let effective = if variance > 0.0 && rate > 0.0 && rate < 1.0 {
            rate * (1.0 - rate) / variance
        } else {
            positives as f64
        };
        wilson(rate, effective)
    });
    let (audited_count, audited_positive) = (audited.len(), positives);
    let estimates = AuditEstimates {
        flagged: Estimate::exact(n_f),
        precision: (flagged > 0).then_some(f).flatten().map(|f| f.estimate),
        caught: f.map(|f| f.estimate.scale(n_f)),
        false_alarms: f.map(|f| f.estimate.complement().scale(n_f)),
        missed: u.map(|u| u.estimate.scale(n_u)),
        prevalence,
        unweighted_prevalence: (audited_count > 0)
            .then(|| audited_positive as f64 / audited_count as f64),
    };
    Some(WeightedAudit {
        estimates,
        miss_rate,
    })
}

/// Draws `sizes[h]` of the rows `strata[h]` without replacement (a partial
/// Fisher–Yates shuffle per stratum, in stratum order, from one PCG64 generator
/// seeded with `seed`: the same inputs and seed give the same rows on every
/// platform). Returns, per stratum, the rows drawn in ascending order; a size
/// larger than its stratum takes it all.
pub fn draw_strata(strata: &[Vec<usize>], sizes: &[u64], seed: u64) -> Vec<Vec<usize>> {
    let mut rng = Pcg64::seed_from_u64(seed);
    strata
        .iter()
        .zip(sizes)
        .map(|(rows, &size)| {
            let mut pool = rows.clone();
            let take = (size as usize).min(pool.len());
            for i in 0..take {
                let j = rng.random_range(i..pool.len());
                pool.swap(i, j);
            }
            pool.truncate(take);
            pool.sort_unstable();
            pool
        })
        .collect()
}

#[cfg(test)]
mod tests;
