//! 95 % intervals for rates and the per-day counts built from them. Pure maths.
//!
//! Method, chosen for honest coverage with few positives:
//! - A rate (TPR, FPR) is a binomial proportion; its interval is Wilson's score
//!   interval (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it for small n).
//!   With weights, n is Kish's effective sample size (Σw)²/Σw².
//! - A per-day count is linear in the two rates, `a·TPR + b·FPR + c` (e.g. flagged =
//!   V·π·TPR + V·(1−π)·FPR). TPR and FPR rest on disjoint cases, so they are
//!   independent; each side of the interval combines the two rates' Wilson
//!   half-widths on that side in quadrature (a delta-method sum of variances that
//!   keeps Wilson's asymmetry).
//! - Precision in production, π·TPR / (π·TPR + (1−π)·FPR), uses the logit interval
//!   of Mercaldo, Lau & Zhou (2007, Statistics in Medicine 26:2170) for predictive
//!   values with a known prevalence: logit(PPV) = logit(π) + log TPR − log FPR, with
//!   variance (1−TPR)/(TPR·n₊) + (1−FPR)/(FPR·n₋); a zero count is replaced by ½.
//!
//! The intervals describe how well the evaluation pins down the model's rates. They
//! do not include day-to-day swings in volume or prevalence.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A value with its 95 % interval, `low <= value <= high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The point estimate.
    pub value: f64,
    /// Lower bound of the 95 % interval.
    pub low: f64,
    /// Upper bound of the 95 % interval.
    pub high: f64,
}

impl Estimate {
    /// `1 − self`, with the interval flipped.
    pub fn complement(self) -> Estimate {
        Estimate {
            value: 1.0 - self.value,
            low: 1.0 - self.high,
            high: 1.0 - self.low,
        }
    }

    /// Every bound multiplied by `factor`; a negative factor swaps the bounds.
    pub fn scale(self, factor: f64) -> Estimate {
        let (a, b) = (self.low * factor, self.high * factor);
        Estimate {
            value: self.value * factor,
            low: a.min(b),
            high: a.max(b),
        }
    }

    /// A value known exactly: the interval is the point.
    pub fn exact(value: f64) -> Estimate {
        Estimate {
            value,
            low: value,
            high: value,
        }
    }

    /// Whether `truth` lies in `[low, high]`.
    pub fn covers(self, truth: f64) -> bool {
        self.low <= truth && truth <= self.high
    }
}

/// Interval of `Σ coefficient·estimate + constant` for *independent* estimates.
///
/// Each side combines the terms' half-widths on that side in quadrature, taking the
/// sign of each coefficient into account (a negative coefficient turns a term's
/// upper half-width into a downward move). This is the "method of variance
/// estimates recovery" (MOVER) of Zou & Donner (2008, Statistics in Medicine
/// 27:1693–1702), which for a difference of two proportions is Newcombe's (1998,
/// Statistics in Medicine 17:873–890) square-and-add method; it keeps the
/// asymmetry of each term's interval. Bounds are not clamped.
pub fn linear_combination(terms: &[(f64, Estimate)], constant: f64) -> Estimate {
    let mut value = constant;
    let (mut down, mut up) = (0.0_f64, 0.0_f64);
    for &(coefficient, estimate) in terms {
        value += coefficient * estimate.value;
        let below = estimate.value - estimate.low;
        let above = estimate.high - estimate.value;
        let (d, u) = if coefficient >= 0.0 {
            (coefficient * below, coefficient * above)
        } else {
            (-coefficient * above, -coefficient * below)
        };
        down = down.hypot(d);
        up = up.hypot(u);
    }
    Estimate {
        value,
        low: value - down,
        high: value + up,
    }
}

/// Wilson score interval for a proportion `p` observed on `n` (effective) cases;
/// `None` when `n` is 0.
pub fn wilson(p: f64, n: f64) -> Option<Estimate> {
    if n <= 0.0 {
        return None;
    }
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some(Estimate {
        value: p,
        low: (centre - half).clamp(0.0, p),
        high: (centre + half).clamp(p, 1.0),
    })
}

/// Interval of `a·tpr + b·fpr + c` for independent `tpr` and `fpr`, combining their
/// half-widths on each side in quadrature; the low bound is floored at 0 because
/// every quantity built this way (counts, money) is non-negative.
pub fn linear(a: f64, tpr: Estimate, b: f64, fpr: Estimate, c: f64) -> Estimate {
    let e = linear_combination(&[(a, tpr), (b, fpr)], c);
    Estimate {
        low: e.low.max(0.0).min(e.value),
        ..e
    }
}

/// Precision at production prevalence `prevalence` from TPR (on `n_positives`
/// effective positives) and FPR (on `n_negatives`), with the Mercaldo logit
/// interval. `None` when nothing would be flagged.
pub fn precision_at_prevalence(
    prevalence: f64,
    tpr: f64,
    n_positives: f64,
    fpr: f64,
    n_negatives: f64,
) -> Option<Estimate> {
    let caught = prevalence * tpr;
    let false_alarms = (1.0 - prevalence) * fpr;
    if caught + false_alarms <= 0.0 || n_positives <= 0.0 || n_negatives <= 0.0 {
        return None;
    }
    let value = caught / (caught + false_alarms);
    // Zero counts make the log undefined; the half-count correction keeps the
    // interval finite and honest (it is then wide on that side).
    let tp = (tpr * n_positives).max(0.5).min(n_positives - 0.5).max(0.5);
    let fp = (fpr * n_negatives).max(0.5).min(n_negatives - 0.5).max(0.5);
    let (tpr_c, fpr_c) = (tp / n_positives, fp / n_negatives);
    let logit = (prevalence / (1.0 - prevalence)).ln() + tpr_c.ln() - fpr_c.ln();
    let variance = (1.0 - tpr_c) / tp + (1.0 - fpr_c) / fp;
    let half = Z95 * variance.sqrt();
    let expit = |x: f64| 1.0 / (1.0 + (-x).exp());
    Some(Estimate {
        value,
        low: expit(logit - half).min(value),
        high: expit(logit + half).max(value),
    })
}

/// Standard normal cumulative distribution, Φ(x), via the complementary error
/// function of Numerical Recipes (`erfcc`, fractional error below 1.2e-7).
pub fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if x >= 0.0 {
        1.0 - erfc / 2.0
    } else {
        erfc / 2.0
    }
}

/// Share of days on which more than `capacity` cases are flagged, when `flagged`
/// (cases per day, with its 95 % interval) are flagged on average out of `volume`.
/// A day's count varies binomially around the mean (variance λ(1 − λ/V)) on top of
/// the uncertainty of the rate itself (the interval's wider half over z); the two
/// add as variances and the total is taken as normal, with a continuity correction.
pub fn share_of_days_over(flagged: Estimate, volume: f64, capacity: f64) -> f64 {
    let mean = flagged.value;
    let rate_sd = (flagged.high - mean).max(mean - flagged.low) / Z95;
    let day_variance = mean * (1.0 - mean / volume).max(0.0);
    let sd = (day_variance + rate_sd * rate_sd).sqrt();
    if sd <= 0.0 {
        return if mean > capacity { 1.0 } else { 0.0 };
    }
    1.0 - normal_cdf((capacity + 0.5 - mean) / sd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-7);
        assert!((normal_cdf(-1.0) - 0.158_655_25).abs() < 1e-7);
        assert!((normal_cdf(3.0) - 0.998_650_1).abs() < 1e-7);
    }

    #[test]
    fn overflow_share_of_days() {
        // 466 a day against 500: day-to-day sd ≈ 21.0, rate sd ≈ 9.3 → z ≈ 1.49.
        let flagged = Estimate {
            value: 466.0,
            low: 448.6,
            high: 484.5,
        };
        let share = share_of_days_over(flagged, 8280.0, 500.0);
        assert!((share - 0.068).abs() < 0.01, "{share}");
        assert!(share_of_days_over(flagged, 8280.0, 2000.0) < 1e-6);
        assert!(share_of_days_over(flagged, 8280.0, 300.0) > 0.999);
    }

    #[test]
    fn wilson_matches_a_worked_value() {
        // 8 of 10: Wilson 95 % interval is (0.4902, 0.9433) (Newcombe 1998, table I
        // style check computed by hand from the formula).
        let e = wilson(0.8, 10.0).unwrap();
        assert!((e.low - 0.4902).abs() < 1e-4, "{e:?}");
        assert!((e.high - 0.9433).abs() < 1e-4, "{e:?}");
        assert!(wilson(0.5, 0.0).is_none());
        let zero = wilson(0.0, 50.0).unwrap();
        assert_eq!(zero.low, 0.0);
        assert!(zero.high > 0.05 && zero.high < 0.08);
    }

    #[test]
    fn linear_combination_respects_signs() {
        let tpr = Estimate {
            value: 0.9,
            low: 0.8,
            high: 0.95,
        };
        let fpr = Estimate {
            value: 0.1,
            low: 0.05,
            high: 0.2,
        };
        // Missed-like: −100·TPR + 100 moves down when TPR moves up.
        let missed = linear(-100.0, tpr, 0.0, fpr, 100.0);
        assert!((missed.value - 10.0).abs() < 1e-9);
        assert!((missed.low - 5.0).abs() < 1e-9);
        assert!((missed.high - 20.0).abs() < 1e-9);
        let flagged = linear(100.0, tpr, 100.0, fpr, 0.0);
        assert!((flagged.high - (100.0 + 5f64.hypot(10.0))).abs() < 1e-9);
        assert!((flagged.low - (100.0 - 10f64.hypot(5.0))).abs() < 1e-9);
    }

    #[test]
    fn precision_interval_contains_the_estimate() {
        let e = precision_at_prevalence(0.0338, 0.95, 700.0, 0.025, 20000.0).unwrap();
        assert!((e.value - 0.5713).abs() < 1e-3, "{e:?}");
        assert!(e.low < e.value && e.value < e.high);
        assert!(precision_at_prevalence(0.1, 0.0, 10.0, 0.0, 10.0).is_none());
        let none_caught = precision_at_prevalence(0.1, 0.0, 10.0, 0.1, 10.0).unwrap();
        assert_eq!(none_caught.value, 0.0);
        assert!(none_caught.high > 0.0);
    }
}
