//! The model's effect from a randomised split: the difference in mean outcome per
//! case between the holdout (cases handled without the model) and the model arm,
//! with a 95 % interval, and the check that the split came out as planned.
//!
//! Sign: the effect is **holdout minus model**. For an outcome that is a loss
//! (money lost, chargebacks), a positive effect is what the model saves.
//!
//! Interval: a studentized (bootstrap-t) interval around Welch's difference in
//! means (Efron & Tibshirani 1993, §12.5; Hall 1992). Each replicate resamples each
//! arm with replacement to its own size; t* = (d* − d) / se*, with se* Welch's
//! standard error of the replicate; the interval is [d − t*₀.₉₇₅·se, d − t*₀.₀₂₅·se]
//! (type-7 quantiles). Welch's own t interval under-covers for the heavy-tailed,
//! mostly-zero outcomes money losses are (simulated: 85–87 % with 2,000 held-out
//! cases of lognormal amounts, σ = 1.5, on 3 % of cases); the studentized bootstrap
//! corrects for the skew the t interval ignores. A replicate is drawn exactly but
//! cheaply: the number of non-zero outcomes it holds is Binomial(n, k/n) for an arm
//! with k non-zero outcomes of n, and those are drawn uniformly from the k. The
//! non-zero outcomes are sorted first, so the file's row order does not matter;
//! [`REPLICATES`] replicates from a fixed seed ([`SEED`], PCG64), so the same inputs
//! give the same interval.
//!
//! The split check (sample-ratio mismatch): the exact two-sided binomial test of the
//! model arm's count against the planned share (scipy's `binomtest`).

use rand::RngExt;
use rand::SeedableRng;
use rand_distr::{Binomial, Distribution};
use rand_pcg::Pcg64;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::stats::audit::binomial_test_p_value;
use crate::stats::interval::Estimate;

/// Bootstrap replicates drawn.
pub const REPLICATES: usize = 1999;

/// The generator's seed.
pub const SEED: u64 = 20_261_207;

/// One arm's outcomes, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArmSummary {
    /// Cases in the arm.
    pub cases: usize,
    /// Mean outcome per case.
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Cases whose outcome is not zero.
    pub non_zero: usize,
}

/// Welch's difference in means, for reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Welch {
    /// Holdout mean minus model mean.
    pub difference: f64,
    /// Its standard error, √(s²ₕ/nₕ + s²ₘ/nₘ).
    pub standard_error: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub degrees_of_freedom: f64,
    /// Welch's t interval (95 %).
    pub interval: (f64, f64),
}

/// The effect per case and how it was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// The model arm.
    pub model: ArmSummary,
    /// The holdout.
    pub holdout: ArmSummary,
    /// Holdout mean minus model mean per case, with the bootstrap-t interval.
    pub per_case: Estimate,
    /// Welch's difference and t interval.
    pub welch: Welch,
    /// Whether every outcome is 0 or 1.
    pub binary: bool,
}

/// The values in ascending order, so sums do not depend on the file's row order.
fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

fn summary(values: &[f64]) -> ArmSummary {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let ss = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
    ArmSummary {
        cases: n,
        mean,
        sd: (ss / (n as f64 - 1.0)).sqrt(),
        non_zero: values.iter().filter(|&&v| v != 0.0).count(),
    }
}

/// Welch's difference `holdout − model` with its t interval; `None` when an arm has
/// fewer than two cases.
pub fn welch(model: &[f64], holdout: &[f64]) -> Option<Welch> {
    if model.len() < 2 || holdout.len() < 2 {
        return None;
    }
    let (m, h) = (summary(&sorted(model)), summary(&sorted(holdout)));
    let (vm, vh) = (m.sd.powi(2) / m.cases as f64, h.sd.powi(2) / h.cases as f64);
    let se = (vm + vh).sqrt();
    let df = (vm + vh).powi(2)
        / (vm.powi(2) / (m.cases as f64 - 1.0) + vh.powi(2) / (h.cases as f64 - 1.0));
    let d = h.mean - m.mean;
    let t = if df.is_finite() && df > 0.0 {
        StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(0.975)
    } else {
        0.0
    };
    Some(Welch {
        difference: d,
        standard_error: se,
        degrees_of_freedom: df,
        interval: (d - t * se, d + t * se),
    })
}

/// One arm ready for resampling: its size and its non-zero outcomes, sorted.
struct Resampler {
    n: u64,
    non_zero: Vec<f64>,
    draw_count: Option<Binomial>,
}

impl Resampler {
    fn new(values: &[f64]) -> Resampler {
        let mut non_zero: Vec<f64> = values.iter().copied().filter(|&v| v != 0.0).collect();
        non_zero.sort_by(f64::total_cmp);
        let n = values.len() as u64;
        let share = non_zero.len() as f64 / n as f64;
        Resampler {
            n,
            draw_count: (!non_zero.is_empty() && non_zero.len() as u64 != n)
                .then(|| Binomial::new(n, share).ok())
                .flatten(),
            non_zero,
        }
    }

    /// One replicate's mean and squared standard error of the mean.
    fn replicate(&self, rng: &mut Pcg64) -> (f64, f64) {
        let n = self.n as f64;
        let k = match &self.draw_count {
            Some(b) => b.sample(rng),
            None if self.non_zero.is_empty() => 0,
            None => self.n,
        };
        let (mut sum, mut squares) = (0.0, 0.0);
        for _ in 0..k {
            let v = self.non_zero[rng.random_range(0..self.non_zero.len())];
            sum += v;
            squares += v * v;
        }
        let mean = sum / n;
        let variance = ((squares - n * mean * mean) / (n - 1.0)).max(0.0);
        (mean, variance / n)
    }
}

/// The type-7 quantile of sorted `values` at `p`.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The effect `holdout − model` per case with its bootstrap-t interval; `None`
/// when an arm has fewer than two cases or an outcome is not finite.
pub fn effect(model: &[f64], holdout: &[f64]) -> Option<Effect> {
    effect_with(model, holdout, REPLICATES)
}

/// [`effect`] with `replicates` bootstrap replicates.
fn effect_with(model: &[f64], holdout: &[f64], replicates: usize) -> Option<Effect> {
    if model.iter().chain(holdout).any(|v| !v.is_finite()) {
        return None;
    }
    let w = welch(model, holdout)?;
    let (d, se) = (w.difference, w.standard_error);
    let per_case = if se > 0.0 {
        let (rm, rh) = (Resampler::new(model), Resampler::new(holdout));
        let mut rng = Pcg64::seed_from_u64(SEED);
        let mut t: Vec<f64> = (0..replicates)
            .filter_map(|_| {
                let (mm, vm) = rm.replicate(&mut rng);
                let (mh, vh) = rh.replicate(&mut rng);
                let se_star = (vm + vh).sqrt();
                (se_star > 0.0).then(|| ((mh - mm) - d) / se_star)
            })
            .collect();
        if t.len() < replicates / 2 {
            // Replicates without spread: too few non-zero outcomes to resample.
            Estimate {
                value: d,
                low: w.interval.0,
                high: w.interval.1,
            }
        } else {
            t.sort_by(f64::total_cmp);
            Estimate {
                value: d,
                low: d - quantile(&t, 0.975) * se,
                high: d - quantile(&t, 0.025) * se,
            }
        }
    } else {
        Estimate {
            value: d,
            low: d,
            high: d,
        }
    };
    Some(Effect {
        model: summary(&sorted(model)),
        holdout: summary(&sorted(holdout)),
        per_case,
        welch: w,
        binary: model.iter().chain(holdout).all(|&v| v == 0.0 || v == 1.0),
    })
}

/// The exact two-sided binomial test's p-value of `in_model` cases of `cases`
/// against the planned share `split` (scipy's `binomtest`).
pub fn sample_ratio_p_value(in_model: u64, cases: u64, split: f64) -> Option<f64> {
    binomial_test_p_value(in_model, cases, split)
}

#[cfg(test)]
mod tests;
