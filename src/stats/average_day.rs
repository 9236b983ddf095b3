//! An audited figure's range for production's *average day*, the thing the launch
//! report promised, rather than for the observed period's realised count.
//!
//! The audit's intervals (`stats::audit`) are for the period's realised counts: with
//! every flagged case audited the caught are known exactly, a range of zero width.
//! But the launch report promised an average day, and the counted promises (volume,
//! flags) are held as the mean of the period's days with a t interval over days
//! (`stats::monitoring::mean_of_days`). An audited per-day figure is a sum over
//! groups (flagged, not flagged) of cases a day × a share found by the audit, so
//! beside the audit's own sampling error, two more sources move it from one period
//! to the next (Cochran 1977, "Sampling Techniques", §11.7's two-stage variance,
//! with the days as the first stage):
//!
//! 1. **day to day**: how many cases fall in each group each day. With the
//!    period's shares, each whole day d gives zᵈ = Σ_g n_g,d·(fixed_g +
//!    coefficient_g·p_g); half-width t₀.₉₇₅,D−1·s_z/√D over the D whole days;
//! 2. **case to case**: which of a group's cases turn out positive. Each case is a
//!    Bernoulli(p_g) draw, so the period's count varies by Σ_g coefficient_g²·N_g·
//!    p_g(1 − p_g), per day divided by D_obs²; half-width z₀.₉₇₅ times its root.
//!    A cost priced case by case from a column (a missed fraud's own amount) adds
//!    each case's own spread: N_g·σ²_g, σ²_g the variance of one case's cost in
//!    the group, from the audit (`stats::audit_costs`).
//!
//! Each side of the audit's range is widened by both in quadrature (the three are
//! independent: the audit draws given the cases, the cases given the days). With a
//! full audit the first term is 0 and the range is the day-to-day and case-to-case
//! spread alone, as a t interval over per-day counts would give; with a small audit
//! the audit's term dominates, as before.

use crate::stats::interval::{Estimate, Z95};
use crate::stats::monitoring::t95;

/// One group's part of a per-day figure: each of its cases adds `fixed`, and
/// `coefficient` more when positive (a positive share `share`, from the audit).
#[derive(Debug, Clone, Copy)]
pub struct GroupPart<'a> {
    /// Added by each case of the group (a false alarm's price for the flagged).
    pub fixed: f64,
    /// Added by each positive case of the group (1 to count them).
    pub coefficient: f64,
    /// The audit's estimate of the group's share of positives, in [0, 1].
    pub share: f64,
    /// The group's cases on each whole day.
    pub per_day: &'a [f64],
    /// The group's cases over the period (whole and partial days).
    pub cases: f64,
    /// The variance of one case's contribution beyond the Bernoulli term (a cost
    /// per case from a column); 0 for counts and fixed prices.
    pub spread: f64,
}

/// `audited` (a per-day figure's estimate and its range for the realised period)
/// widened to production's average day (module docs), with `days` the period's
/// observed days (whole days and partial days' shares); its low end stays at 0 or
/// more when `audited`'s does. Unchanged with fewer than
/// two whole days (a single day is no average day: the verdict cannot tell) or
/// when a share is not a number.
pub fn average_day(audited: Estimate, parts: &[GroupPart], days: f64) -> Estimate {
    let whole = parts.first().map_or(0, |p| p.per_day.len());
    let valid = parts
        .iter()
        .all(|p| p.share.is_finite() && p.spread.is_finite() && p.per_day.len() == whole);
    if whole < 2 || !valid || days.is_nan() || days <= 0.0 {
        return audited;
    }
    let z: Vec<f64> = (0..whole)
        .map(|d| {
            parts
                .iter()
                .map(|p| p.per_day[d] * (p.fixed + p.coefficient * p.share))
                .sum()
        })
        .collect();
    let n = whole as f64;
    let mean = z.iter().sum::<f64>() / n;
    let variance = z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let Some(t) = t95(n - 1.0) else {
        return audited;
    };
    let day_to_day = t * (variance / n).sqrt();
    let case_to_case = Z95
        * (parts
            .iter()
            .map(|p| p.cases * (p.coefficient.powi(2) * p.share * (1.0 - p.share) + p.spread))
            .sum::<f64>())
        .max(0.0)
        .sqrt()
        / days;
    let extra = day_to_day.hypot(case_to_case);
    let low = audited.value - (audited.value - audited.low).hypot(extra);
    Estimate {
        value: audited.value,
        // A count (or a cost at non-negative prices) stays at 0 or more.
        low: if audited.low >= 0.0 {
            low.max(0.0)
        } else {
            low
        },
        high: audited.value + (audited.high - audited.value).hypot(extra),
    }
}

/// An audited share (precision, prevalence) widened from the period's realised
/// share to its expected value: each side of `audited` with, in quadrature,
/// z₀.₉₇₅·√(p(1 − p)/cases), the case-to-case spread of a share of `cases`
/// independent cases; clamped to [0, 1]. Unchanged without cases.
pub fn expected_share(audited: Estimate, cases: f64) -> Estimate {
    if cases.is_nan() || cases <= 0.0 || !audited.value.is_finite() {
        return audited;
    }
    let p = audited.value.clamp(0.0, 1.0);
    let extra = Z95 * (p * (1.0 - p) / cases).sqrt();
    Estimate {
        value: audited.value,
        low: (audited.value - (audited.value - audited.low).hypot(extra)).max(0.0),
        high: (audited.value + (audited.high - audited.value).hypot(extra)).min(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_audit_gets_the_t_interval_over_days_and_the_cases_spread() {
        // Every flagged case audited: the audit's range has no width, and the
        // average day's is the day-to-day spread of flagged × share with the
        // Bernoulli spread of the positives, computed here by hand.
        let flagged = [480.0, 520.0, 500.0, 460.0, 540.0];
        let share = 0.57;
        let caught = 500.0 * share;
        let widened = average_day(
            Estimate::exact(caught),
            &[GroupPart {
                fixed: 0.0,
                coefficient: 1.0,
                share,
                per_day: &flagged,
                cases: 2500.0,
                spread: 0.0,
            }],
            5.0,
        );
        // sd of flagged = √(Σ(x − 500)²/4) = √(4000/4) = 31.6228; t(4) = 2.776445.
        let day = 2.776_445_105_2 * (1000.0_f64 / 5.0).sqrt() * share;
        let case = Z95 * (2500.0 * share * (1.0 - share)).sqrt() / 5.0;
        let half = day.hypot(case);
        assert!((widened.high - caught - half).abs() < 1e-6, "{widened:?}");
        assert!((caught - widened.low - half).abs() < 1e-6, "{widened:?}");
    }

    #[test]
    fn each_side_adds_in_quadrature_and_one_day_is_left_alone() {
        let audited = Estimate {
            value: 10.0,
            low: 7.0,
            high: 14.0,
        };
        let part = |per_day: &'static [f64]| GroupPart {
            fixed: 0.0,
            coefficient: 1.0,
            share: 0.5,
            per_day,
            cases: 40.0,
            spread: 0.0,
        };
        assert_eq!(average_day(audited, &[part(&[20.0])], 2.0), audited);
        let w = average_day(audited, &[part(&[20.0, 20.0])], 2.0);
        let case = Z95 * (40.0_f64 * 0.25).sqrt() / 2.0;
        assert!((w.low - (10.0 - 3.0_f64.hypot(case))).abs() < 1e-12);
        assert!((w.high - (10.0 + 4.0_f64.hypot(case))).abs() < 1e-12);
    }

    #[test]
    fn a_count_is_not_widened_below_zero() {
        // Few false alarms on two uneven days: the spread would reach below 0.
        let w = average_day(
            Estimate::exact(0.1),
            &[GroupPart {
                fixed: 0.0,
                coefficient: 1.0,
                share: 0.01,
                per_day: &[5.0, 15.0],
                cases: 20.0,
                spread: 0.0,
            }],
            2.0,
        );
        assert_eq!(w.low, 0.0);
        assert!(w.high > 0.1);
    }

    #[test]
    fn a_share_gains_the_binomial_spread() {
        let w = expected_share(Estimate::exact(0.5), 100.0);
        assert!((w.high - 0.5 - Z95 * 0.05).abs() < 1e-12);
        assert_eq!(expected_share(Estimate::exact(1.0), 100.0).low, 1.0);
    }
}
