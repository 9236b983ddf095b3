//! Maths for holding production against a launch report's promises, beyond the
//! drift and audit modules: which way the scores moved, what calibrated scores
//! imply (confidence-based performance estimation), how often chance alone puts a
//! day outside a promised band, and the thresholds that would have kept a promise
//! over the observed period. Pure: slices in, numbers out.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::stats::interval::{Estimate, Z95, normal_cdf};

/// The chance that a production score exceeds a reference score, ties counting
/// half: P(X > Y) + ½·P(X = Y), X from `production`, Y from the (weighted)
/// `reference`. 0.5 means no shift; above 0.5 production scores moved up. It is the
/// Mann–Whitney U statistic divided by m·n (the "common-language effect size" of
/// McGraw & Wong 1992, Psychological Bulletin 111:361).
///
/// `None` when either sample is empty, the reference weights total 0, the lengths
/// of `reference` and `weights` differ, or a value is not finite.
pub fn probability_of_superiority(
    reference: &[f64],
    weights: Option<&[f64]>,
    production: &[f64],
) -> Option<f64> {
    if weights.is_some_and(|w| w.len() != reference.len())
        || production.is_empty()
        || reference.iter().chain(production).any(|x| !x.is_finite())
        || weights.is_some_and(|w| w.iter().any(|x| !x.is_finite() || *x < 0.0))
    {
        return None;
    }
    let mut order: Vec<usize> = (0..reference.len()).collect();
    order.sort_by(|&a, &b| reference[a].total_cmp(&reference[b]));
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    // Distinct reference values with the weight strictly below each and at it.
    let mut values: Vec<f64> = Vec::new();
    let mut below: Vec<f64> = Vec::new();
    let mut at: Vec<f64> = Vec::new();
    let mut total = 0.0;
    for &i in &order {
        let w = weight(i);
        if values.last() == Some(&reference[i]) {
            if let Some(last) = at.last_mut() {
                *last += w;
            }
        } else {
            values.push(reference[i]);
            below.push(total);
            at.push(w);
        }
        total += w;
    }
    if total <= 0.0 {
        return None;
    }
    let sum: f64 = production
        .iter()
        .map(|&x| {
            let k = values.partition_point(|&v| v < x);
            match values.get(k) {
                Some(&v) if v == x => below[k] + 0.5 * at[k],
                _ => below.get(k).copied().unwrap_or(total),
            }
        })
        .sum();
    Some(sum / (total * production.len() as f64))
}

/// What the scores imply when read as probabilities, for one set of cases at one
/// threshold: each case is positive with probability equal to its score. Counts are
/// totals over the cases given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibrated {
    /// Cases given.
    pub cases: f64,
    /// Cases scoring at or above the threshold.
    pub flagged: f64,
    /// Σ score over flagged cases: the positives among them.
    pub caught: Estimate,
    /// Σ (1 − score) over flagged cases.
    pub false_alarms: Estimate,
    /// Σ score over unflagged cases.
    pub missed: Estimate,
    /// Σ score over all cases / cases.
    pub prevalence: Estimate,
    /// caught / flagged; `None` when nothing is flagged.
    pub precision: Option<Estimate>,
}

/// Expected caught, missed, false alarms, prevalence and precision if every score
/// were the probability that its case is positive: the sums of scores that NannyML
/// calls confidence-based performance estimation (CBPE). Each range is the normal
/// interval of a sum of independent Bernoulli outcomes, variance Σ s(1 − s): the
/// spread of the realised counts *if* the scores are calibrated, nothing more.
///
/// `None` when `scores` is empty or a score lies outside [0, 1] (or is NaN).
pub fn calibrated_counts(scores: &[f64], threshold: f64) -> Option<Calibrated> {
    if scores.is_empty() || scores.iter().any(|s| !(0.0..=1.0).contains(s)) {
        return None;
    }
    let (mut flagged, mut caught, mut caught_var, mut missed, mut missed_var) =
        (0.0, 0.0, 0.0, 0.0, 0.0);
    for &s in scores {
        let variance = s * (1.0 - s);
        if s >= threshold {
            flagged += 1.0;
            caught += s;
            caught_var += variance;
        } else {
            missed += s;
            missed_var += variance;
        }
    }
    let cases = scores.len() as f64;
    let range = |value: f64, variance: f64, high: f64| {
        let half = Z95 * variance.sqrt();
        Estimate {
            value,
            low: (value - half).max(0.0),
            high: (value + half).min(high),
        }
    };
    let caught = range(caught, caught_var, flagged);
    let positives = range(caught.value + missed, caught_var + missed_var, cases);
    Some(Calibrated {
        cases,
        flagged,
        caught,
        false_alarms: Estimate {
            value: flagged - caught.value,
            low: flagged - caught.high,
            high: flagged - caught.low,
        },
        missed: range(missed, missed_var, cases - flagged),
        prevalence: positives.scale(1.0 / cases),
        precision: (flagged > 0.0).then(|| caught.scale(1.0 / flagged)),
    })
}

/// Share of days whose (whole) count falls outside `[low, high]` by chance alone,
/// when a day's count is binomial with mean `mean` out of `volume` cases: a normal
/// approximation with variance mean·(1 − mean/volume) and a continuity correction
/// (below means at most ⌈low⌉ − 1, above at least ⌊high⌋ + 1). When the variance
/// is 0: 0 if the mean lies inside, else 1.
pub fn share_of_days_outside(mean: f64, volume: f64, low: f64, high: f64) -> f64 {
    let variance = mean * (1.0 - mean / volume).max(0.0);
    if variance.is_nan() || variance <= 0.0 {
        return if (low..=high).contains(&mean) {
            0.0
        } else {
            1.0
        };
    }
    let sd = variance.sqrt();
    let below = normal_cdf((low.ceil() - 0.5 - mean) / sd);
    let above = 1.0 - normal_cdf((high.floor() + 0.5 - mean) / sd);
    (below + above).clamp(0.0, 1.0)
}

/// The two-sided 95 % quantile of Student's t with `degrees` degrees of freedom.
pub(crate) fn t95(degrees: f64) -> Option<f64> {
    Some(StudentsT::new(0.0, 1.0, degrees).ok()?.inverse_cdf(0.975))
}

/// The mean of per-day counts `values` with the 95 % range of the long-run mean a
/// period of these days pins down: mean ± t₀.₉₇₅,ₙ₋₁·s/√n, s the days' sample
/// standard deviation (days taken as independent draws; weekday patterns widen s,
/// so the range errs wide). A count of cases a day varies at least as a Poisson
/// count does (variance = mean; more with weekday or other swings: Cameron &
/// Trivedi 2013, "Regression Analysis of Count Data", §3.2 on overdispersion), so
/// whatever s is (two identical days give s = 0) the range is never narrower than
/// the Poisson one, mean ± z₀.₉₇₅·√(mean/n) (see [`variance_floored`]). The low
/// end is floored at 0. Exact (no range) with fewer than two days; `None` when
/// `values` is empty.
pub fn mean_of_days(values: &[f64]) -> Option<Estimate> {
    let n = values.len() as f64;
    if values.is_empty() {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return Some(Estimate::exact(mean));
    }
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = variance_floored(variance / n, mean.max(0.0) / n, n)?;
    Some(Estimate {
        value: mean,
        low: (mean - half).max(0.0),
        high: mean + half,
    })
}

/// The half-width of a 95 % range over `n` days: the larger of the days' own,
/// t₀.₉₇₅,ₙ₋₁·√estimated (`estimated`: the variance of the mean estimated from the
/// days), and the sampling model's, z₀.₉₇₅·√floor (`floor`: the Poisson variance
/// for counts, the binomial one for shares; normal quantile, as that variance is
/// the model's, not estimated). Never narrower than the days' own range, which
/// covers 95 % whatever the days' spread, so it cannot lose coverage; never zero
/// while the model has noise. Why not the alternatives (simulated, 40,000 periods
/// at 400 a day): adding the terms in quadrature counts the Poisson noise twice,
/// since the days' spread already holds it (99 % coverage at every length);
/// switching to the Poisson range when the days vary less than it covers 87–91 %
/// over 2 days that vary 2–10 times as much as a Poisson count. The price of the
/// maximum: on days as steady as a Poisson count it covers 99 % over 2 days, 97 %
/// over 7, 96.5 % over 14 (the tests below), and less above that; counts that
/// swing more than a Poisson count (weekdays, campaigns) bring it to 95 %.
fn variance_floored(estimated: f64, floor: f64, n: f64) -> Option<f64> {
    Some((t95(n - 1.0)? * estimated.sqrt()).max(Z95 * floor.sqrt()))
}

/// The ratio Σ numerators / Σ denominators of per-day counts (e.g. flagged over
/// scored) with the 95 % range of the ratio estimator over days: variance
/// Σ (yᵢ − R·xᵢ)² / ((n − 1)·n·x̄²) (Cochran 1977, "Sampling Techniques", §6.4),
/// t quantile with n − 1 degrees of freedom, never narrower than the binomial range
/// of a share of Σx cases, z₀.₉₇₅·√(R·(1 − R)/Σx) (Cochran §3.2; two identical
/// days give a zero residual; see [`variance_floored`]), clamped to [0, 1]. Exact with
/// fewer than two days; `None` when the lengths differ, there are no days or the
/// denominators total 0.
pub fn ratio_of_days(numerators: &[f64], denominators: &[f64]) -> Option<Estimate> {
    if numerators.len() != denominators.len() || numerators.is_empty() {
        return None;
    }
    let n = numerators.len() as f64;
    let total: f64 = denominators.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let ratio = numerators.iter().sum::<f64>() / total;
    if numerators.len() < 2 {
        return Some(Estimate::exact(ratio));
    }
    let mean_denominator = total / n;
    let residuals: f64 = numerators
        .iter()
        .zip(denominators)
        .map(|(y, x)| (y - ratio * x).powi(2))
        .sum();
    let variance = residuals / ((n - 1.0) * n * mean_denominator * mean_denominator);
    let binomial = (ratio * (1.0 - ratio)).max(0.0) / total;
    let half = variance_floored(variance, binomial, n)?;
    Some(Estimate {
        value: ratio,
        low: (ratio - half).clamp(0.0, ratio),
        high: (ratio + half).clamp(ratio, 1.0),
    })
}

/// Production scores the model cannot have given: not finite, or further outside
/// the evaluation's range [lo, hi] than its own width (below lo − (hi − lo) or
/// above hi + (hi − lo); a width of 0 counts as 1), e.g. 7.5 when the evaluation
/// scores lie in [0, 1]. Returns how many, and the first such row's index; `None`
/// when there are none or the reference holds no finite score.
pub fn impossible_scores(reference: &[f64], production: &[f64]) -> Option<(usize, usize)> {
    let finite = reference.iter().copied().filter(|s| s.is_finite());
    let (lo, hi) = finite.fold(None, |range: Option<(f64, f64)>, s| {
        Some(range.map_or((s, s), |(lo, hi)| (lo.min(s), hi.max(s))))
    })?;
    let width = if hi > lo { hi - lo } else { 1.0 };
    let (low, high) = (lo - width, hi + width);
    let mut outside = production
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_finite() || **s < low || **s > high)
        .map(|(i, _)| i);
    let first = outside.next()?;
    Some((1 + outside.count(), first))
}

/// The lowest threshold at which at most `allowed` of `scores` are flagged
/// (score ≥ threshold): a score from the data, so the count is exact. `None` when
/// `scores` is empty or holds a NaN; when all of them fit, the lowest score; when
/// none may be flagged (`allowed` < 1 and scores exist), `f64::INFINITY`.
pub fn lowest_threshold_flagging_at_most(scores: &[f64], allowed: f64) -> Option<f64> {
    if scores.is_empty() || scores.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let allowed = allowed.floor().max(0.0);
    if allowed >= sorted.len() as f64 {
        return sorted.last().copied();
    }
    // The first case that may not be flagged, and every case tied with it.
    let excluded = sorted[allowed as usize];
    Some(
        sorted[..allowed as usize]
            .iter()
            .rev()
            .find(|&&s| s > excluded)
            .copied()
            .unwrap_or(f64::INFINITY),
    )
}

/// The highest threshold whose estimated miss rate stays within `target`, from
/// audited positives with their inverse-probability weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissRateThreshold {
    /// An audited positive's score: every positive scoring below it is missed.
    pub threshold: f64,
    /// The estimated share of positives scoring below `threshold`, ≤ target.
    pub miss_rate: f64,
}

/// The highest threshold t with Σ_{sᵢ < t} wᵢ ≤ target·Σ wᵢ over audited positives
/// (scores `sᵢ`, weights `wᵢ` = cases in the case's audit group / cases audited
/// there): the Horvitz–Thompson estimate of the false-negative rate at t is at most
/// `target`. Only thresholds at positives' scores need checking, since the
/// estimate only changes there.
///
/// `None` when there are no positives, the weights total 0, the lengths differ, or a
/// value is not finite.
pub fn highest_threshold_within_miss_rate(
    scores: &[f64],
    weights: &[f64],
    target: f64,
) -> Option<MissRateThreshold> {
    if scores.len() != weights.len()
        || scores.iter().chain(weights).any(|x| !x.is_finite())
        || weights.iter().any(|w| *w < 0.0)
    {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if scores.is_empty() || total <= 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let allowed = target * total;
    let mut below = 0.0;
    let mut best = MissRateThreshold {
        threshold: scores[order[0]],
        miss_rate: 0.0,
    };
    let mut k = 0;
    while k < order.len() {
        let value = scores[order[k]];
        if below > allowed * (1.0 + 1e-12) {
            break;
        }
        best = MissRateThreshold {
            threshold: value,
            miss_rate: below / total,
        };
        while k < order.len() && scores[order[k]] == value {
            below += weights[order[k]];
            k += 1;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superiority_by_hand() {
        // Production 2 against reference {1, 2, 3}: above one, tied with one.
        let p = probability_of_superiority(&[1.0, 2.0, 3.0], None, &[2.0]).unwrap();
        assert!((p - 0.5).abs() < 1e-12);
        let p = probability_of_superiority(&[1.0, 2.0, 3.0], None, &[3.5, 0.0]).unwrap();
        assert!((p - 0.5).abs() < 1e-12);
        let up = probability_of_superiority(&[1.0, 2.0], None, &[2.5, 3.0]).unwrap();
        assert_eq!(up, 1.0);
        // Weights: reference 1 (weight 3) and 2 (weight 1); production 1.5 beats 3/4.
        let w = probability_of_superiority(&[1.0, 2.0], Some(&[3.0, 1.0]), &[1.5]).unwrap();
        assert!((w - 0.75).abs() < 1e-12);
        assert!(probability_of_superiority(&[1.0], None, &[]).is_none());
        assert!(probability_of_superiority(&[1.0], Some(&[0.0]), &[1.0]).is_none());
        assert!(probability_of_superiority(&[f64::NAN], None, &[1.0]).is_none());
    }

    #[test]
    fn superiority_matches_brute_force() {
        let reference = [0.1, 0.4, 0.4, 0.7, 0.9, 0.2];
        let weights = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0];
        let production = [0.4, 0.05, 0.95, 0.7, 0.3];
        let mut sum = 0.0;
        for &x in &production {
            for (&y, &w) in reference.iter().zip(&weights) {
                sum += w * if x > y {
                    1.0
                } else if x == y {
                    0.5
                } else {
                    0.0
                };
            }
        }
        let expected = sum / (weights.iter().sum::<f64>() * production.len() as f64);
        let got = probability_of_superiority(&reference, Some(&weights), &production).unwrap();
        assert!((got - expected).abs() < 1e-12);
    }

    #[test]
    fn calibrated_counts_by_hand() {
        let c = calibrated_counts(&[0.9, 0.6, 0.2, 0.1, 0.0], 0.5).unwrap();
        assert_eq!(c.flagged, 2.0);
        assert!((c.caught.value - 1.5).abs() < 1e-12);
        assert!((c.false_alarms.value - 0.5).abs() < 1e-12);
        assert!((c.missed.value - 0.3).abs() < 1e-12);
        assert!((c.prevalence.value - 1.8 / 5.0).abs() < 1e-12);
        assert!((c.precision.unwrap().value - 0.75).abs() < 1e-12);
        // caught: variance 0.09 + 0.24 = 0.33; the range is clamped to [0, flagged].
        let half = Z95 * 0.33f64.sqrt();
        assert!((c.caught.low - (1.5 - half)).abs() < 1e-12);
        assert_eq!(c.caught.high, 2.0);
        assert!((c.false_alarms.high - (2.0 - c.caught.low)).abs() < 1e-12);
        assert!(calibrated_counts(&[1.2], 0.5).is_none());
        assert!(calibrated_counts(&[], 0.5).is_none());
        // Scores of 0 and 1 are certain: no range.
        let sure = calibrated_counts(&[1.0, 0.0], 0.5).unwrap();
        assert_eq!(sure.caught, Estimate::exact(1.0));
    }

    #[test]
    fn days_outside_a_band() {
        // Mean 466 of 8280: sd ≈ 20.98; band 449–484.
        let share = share_of_days_outside(466.0, 8280.0, 449.0, 484.0);
        let sd = (466.0f64 * (1.0 - 466.0 / 8280.0)).sqrt();
        let expected = normal_cdf((448.5 - 466.0) / sd) + 1.0 - normal_cdf((484.5 - 466.0) / sd);
        assert!((share - expected).abs() < 1e-12 && share > 0.3 && share < 0.45);
        assert_eq!(share_of_days_outside(0.0, 100.0, 0.0, 5.0), 0.0);
        // A band with fractional ends: below 449.3 means at most 449.
        let fractional = share_of_days_outside(466.0, 8280.0, 449.3, 484.7);
        let expected = normal_cdf((449.5 - 466.0) / sd) + 1.0 - normal_cdf((484.5 - 466.0) / sd);
        assert!((fractional - expected).abs() < 1e-12);
        assert!(share_of_days_outside(466.0, 8280.0, 0.0, 1e9) < 1e-9);
    }

    #[test]
    fn ranges_over_days_by_hand() {
        // Days 4, 6, 8: mean 6, s = 2, t(0.975, 2) = 4.302653; half = 4.3027·2/√3.
        let e = mean_of_days(&[4.0, 6.0, 8.0]).unwrap();
        let half = 4.302_652_729_749_464 * 2.0 / 3f64.sqrt();
        assert!((e.value - 6.0).abs() < 1e-12);
        assert!((e.high - (6.0 + half)).abs() < 1e-9);
        assert!((e.low - (6.0 - half)).abs() < 1e-9);
        assert_eq!(
            mean_of_days(&[1.0, 6.0, 11.0]).unwrap().low,
            0.0,
            "floored at 0"
        );
        assert_eq!(mean_of_days(&[5.0]).unwrap(), Estimate::exact(5.0));
        assert!(mean_of_days(&[]).is_none());
        // Ratio 1/10, 3/10, 2/20: R = 6/40; residuals −0.5, 1.5, −1 → Σ² = 3.5;
        // variance 3.5 / (2·3·(40/3)²).
        let r = ratio_of_days(&[1.0, 3.0, 2.0], &[10.0, 10.0, 20.0]).unwrap();
        let half = 4.302_652_729_749_464 * (3.5 / (2.0 * 3.0 * (40.0f64 / 3.0).powi(2))).sqrt();
        assert!((r.value - 0.15).abs() < 1e-12);
        assert!((r.high - (0.15 + half)).abs() < 1e-9);
        assert!((r.low - (0.15 - half).max(0.0)).abs() < 1e-9);
        assert!(ratio_of_days(&[1.0], &[0.0]).is_none());
        assert!(ratio_of_days(&[1.0, 2.0], &[3.0]).is_none());
    }

    #[test]
    fn ranges_over_days_cover_the_long_run_mean() {
        // 21 days of volume ~ Normal(8280, 400) rounded, flags ~ Binomial(volume,
        // 0.056): the t range of the mean and the ratio range cover the long-run
        // volume and share in 93–97 % of 2,000 periods.
        use crate::stats::simulate::binomial;
        use rand::SeedableRng;
        use rand::rngs::StdRng;
        let mut rng = StdRng::seed_from_u64(16);
        let (mut volume_hits, mut share_hits) = (0, 0);
        let repetitions = 2000;
        for _ in 0..repetitions {
            let volumes: Vec<f64> = (0..21)
                .map(|_| {
                    // Sum of 12 uniforms − 6: a standard normal to within 1e-3.
                    let z: f64 = (0..12)
                        .map(|_| rand::RngExt::random::<f64>(&mut rng))
                        .sum::<f64>()
                        - 6.0;
                    (8280.0 + 400.0 * z).round()
                })
                .collect();
            let flags: Vec<f64> = volumes
                .iter()
                .map(|&v| binomial(&mut rng, v as u64, 0.056) as f64)
                .collect();
            volume_hits += usize::from(mean_of_days(&volumes).unwrap().covers(8280.0));
            share_hits += usize::from(ratio_of_days(&flags, &volumes).unwrap().covers(0.056));
        }
        let share = |hits: usize| hits as f64 / repetitions as f64;
        eprintln!(
            "day ranges: volume {:.1} %, share flagged {:.1} %",
            100.0 * share(volume_hits),
            100.0 * share(share_hits)
        );
        assert!((0.93..=0.97).contains(&share(volume_hits)));
        assert!((0.93..=0.97).contains(&share(share_hits)));
    }

    #[test]
    fn identical_days_keep_their_sampling_noise() {
        // Two days of exactly 400 cases: s = 0, yet a count of 400 a day is Poisson
        // noise at least: ± 1.959964·√(400/2) = ± 27.718 (hand arithmetic).
        let e = mean_of_days(&[400.0, 400.0]).unwrap();
        let half = 1.959_963_984_540_054 * 200f64.sqrt();
        assert!((e.value - 400.0).abs() < 1e-12);
        assert!((e.high - 400.0 - half).abs() < 1e-9, "{e:?}");
        assert!((400.0 - e.low - half).abs() < 1e-9, "{e:?}");
        // 20 of 400 flagged both days: the ratio's residuals are 0; the binomial
        // range of 40 of 800 is ± 1.959964·√(0.05·0.95/800) = ± 0.015103.
        let r = ratio_of_days(&[20.0, 20.0], &[400.0, 400.0]).unwrap();
        let half = 1.959_963_984_540_054 * (0.05 * 0.95 / 800.0f64).sqrt();
        assert!((r.high - 0.05 - half).abs() < 1e-12, "{r:?}");
        assert!((0.05 - r.low - half).abs() < 1e-12, "{r:?}");
        // Days that vary more than Poisson keep their own t range (above).
        let wide = mean_of_days(&[300.0, 500.0]).unwrap();
        let t = 12.706_204_736_174_7 * (20_000.0f64 / 2.0).sqrt();
        assert!((wide.high - 400.0 - t).abs() < 1e-6, "{wide:?}");
    }

    #[test]
    fn floored_ranges_cover_poisson_days() {
        // Days of Poisson(400) cases (Binomial(400,000, 0.001), variance 399.6),
        // each flagging Binomial(cases, 0.05), 10,000 periods: no range is ever
        // zero-wide; over 21 days the range of the average day and of the share
        // flagged covers the truth in 93–97 % of periods; with fewer such steady
        // days the maximum errs wide (about 99 % over 2 days, 97.5 % over 7; see
        // `variance_floored`), never narrow.
        use crate::stats::simulate::binomial;
        use rand::SeedableRng;
        use rand::rngs::StdRng;
        let mut rng = StdRng::seed_from_u64(27);
        let repetitions = 10_000;
        for days in [2, 7, 21] {
            let (mut volume_hits, mut share_hits) = (0, 0);
            for _ in 0..repetitions {
                let volumes: Vec<f64> = (0..days)
                    .map(|_| binomial(&mut rng, 400_000, 0.001) as f64)
                    .collect();
                let flags: Vec<f64> = volumes
                    .iter()
                    .map(|&v| binomial(&mut rng, v as u64, 0.05) as f64)
                    .collect();
                let volume = mean_of_days(&volumes).unwrap();
                let share = ratio_of_days(&flags, &volumes).unwrap();
                assert!(volume.high > volume.low && share.high > share.low);
                volume_hits += usize::from(volume.covers(400.0));
                share_hits += usize::from(share.covers(0.05));
            }
            let share = |hits: usize| hits as f64 / repetitions as f64;
            eprintln!(
                "Poisson days, {days}: volume {:.1} %, share flagged {:.1} %",
                100.0 * share(volume_hits),
                100.0 * share(share_hits)
            );
            let bounds = if days == 21 {
                0.93..=0.97
            } else {
                0.95..=0.995
            };
            assert!(bounds.contains(&share(volume_hits)), "{days}");
            assert!(bounds.contains(&share(share_hits)), "{days}");
        }
    }

    #[test]
    fn impossible_scores_are_far_outside_the_evaluation() {
        // Evaluation in [0, 1]: anything below −1 or above 2 is impossible.
        let reference = [0.0, 0.3, 1.0];
        let production = [0.5, 1.9, 7.5, -1e308, 0.2, f64::NAN];
        assert_eq!(impossible_scores(&reference, &production), Some((3, 2)));
        assert_eq!(impossible_scores(&reference, &[0.0, 1.5, -0.9]), None);
        // Logit margins from −5 to 6: 16.9 and −15.9 lie within one width (11).
        assert_eq!(impossible_scores(&[-5.0, 6.0], &[16.9, -15.9]), None);
        assert_eq!(impossible_scores(&[-5.0, 6.0], &[17.1]), Some((1, 0)));
        assert_eq!(impossible_scores(&[], &[1.0]), None);
    }

    #[test]
    fn capacity_threshold_counts_exactly() {
        let scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.2];
        // Two may be flagged: 0.8 would flag three, so 0.9.
        assert_eq!(lowest_threshold_flagging_at_most(&scores, 2.0), Some(0.9));
        assert_eq!(lowest_threshold_flagging_at_most(&scores, 3.5), Some(0.8));
        assert_eq!(lowest_threshold_flagging_at_most(&scores, 4.0), Some(0.7));
        assert_eq!(lowest_threshold_flagging_at_most(&scores, 10.0), Some(0.2));
        assert_eq!(
            lowest_threshold_flagging_at_most(&scores, 0.0),
            Some(f64::INFINITY)
        );
        assert_eq!(lowest_threshold_flagging_at_most(&[], 3.0), None);
        for allowed in 0..8 {
            let t = lowest_threshold_flagging_at_most(&scores, allowed as f64).unwrap();
            let flagged = scores.iter().filter(|&&s| s >= t).count();
            assert!(flagged <= allowed, "{allowed}");
            // Any lower score would flag more than allowed.
            let lower = scores
                .iter()
                .filter(|&&s| s < t)
                .fold(f64::MIN, |a, &b| a.max(b));
            if lower > f64::MIN {
                assert!(scores.iter().filter(|&&s| s >= lower).count() > allowed);
            }
        }
    }

    #[test]
    fn miss_rate_threshold_by_hand() {
        // Positives at 0.2 (weight 50), 0.6, 0.7, 0.9 (weight 1 each): total 53.
        let scores = [0.6, 0.2, 0.9, 0.7];
        let weights = [1.0, 50.0, 1.0, 1.0];
        // Missing the 0.2 case is 50/53 = 94 %: within 5 % only t = 0.2.
        let t = highest_threshold_within_miss_rate(&scores, &weights, 0.05).unwrap();
        assert_eq!(t.threshold, 0.2);
        assert_eq!(t.miss_rate, 0.0);
        let t = highest_threshold_within_miss_rate(&scores, &weights, 0.95).unwrap();
        assert_eq!(t.threshold, 0.6);
        assert!((t.miss_rate - 50.0 / 53.0).abs() < 1e-12);
        let t = highest_threshold_within_miss_rate(&scores, &weights, 1.0).unwrap();
        assert_eq!(t.threshold, 0.9);
        assert!(highest_threshold_within_miss_rate(&[], &[], 0.05).is_none());
        assert!(highest_threshold_within_miss_rate(&[0.5], &[1.0, 2.0], 0.05).is_none());
    }
}
