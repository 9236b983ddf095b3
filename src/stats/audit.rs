//! Estimates from an audited sample of production: how many positives the model
//! caught and missed over a period, how precise its flags were, and the production
//! prevalence, when only a share of cases had their true label checked.
//!
//! Production splits into two strata by the model's decision, flagged (score ≥
//! threshold) and not flagged, whose sizes N_f and N_u are known exactly. Each
//! stratum was audited at its own (declared) rate; among the n_f audited flagged
//! cases x_f were positive, among the n_u audited unflagged cases x_u. Each
//! stratum's share of positives is estimated by its audited mean (p_f = x_f/n_f,
//! p_u = x_u/n_u) — the stratified estimator, i.e. inverse-probability weighting
//! with the realised audit rates n/N (Cochran 1977, "Sampling Techniques", 3rd ed.,
//! ch. 5). Pooling the audited cases without weights, (x_f + x_u)/(n_f + n_u), is
//! badly biased because flagged cases are audited far more often; it is offered only
//! to show that.
//!
//! Intervals: each stratum's share by Wilson's score interval (Wilson 1927, JASA
//! 22:209–212) with the finite-population correction folded into the sample size,
//! n' = n·(N − 1)/(N − n) (Cochran 1977, ch. 3: Var p = (N − n)/(N − 1)·PQ/n), so a
//! stratum audited in full is known exactly. Quantities built from both strata
//! combine the two intervals per side in quadrature (MOVER, Zou & Donner 2008;
//! Newcombe 1998's square-and-add). The intervals are for the period's *realised*
//! counts, not for the expected counts of a longer run.
//!
//! Where it stops: it takes the tallies as given; it does not join audit labels to
//! production rows or decide which cases to audit.

use crate::stats::interval::{Estimate, Z95, linear_combination};
use statrs::distribution::{Binomial, Discrete, DiscreteCDF};

use crate::stats::workload::Costs;

/// The tallies of one audited period, all in cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditCounts {
    /// N_f: production cases flagged (score ≥ threshold).
    pub flagged: u64,
    /// N_u: production cases not flagged.
    pub not_flagged: u64,
    /// n_f: flagged cases whose label was audited.
    pub flagged_audited: u64,
    /// x_f: audited flagged cases found positive.
    pub flagged_audited_positive: u64,
    /// n_u: unflagged cases whose label was audited.
    pub not_flagged_audited: u64,
    /// x_u: audited unflagged cases found positive.
    pub not_flagged_audited_positive: u64,
}

/// Tallies production `scores` against `threshold`, with `audit_labels[i]` the
/// audited label of case i (`Some(true)` positive) or `None` when not audited.
///
/// `None` when the slices differ in length or a score or the threshold is NaN.
pub fn tally_audit(
    scores: &[f64],
    threshold: f64,
    audit_labels: &[Option<bool>],
) -> Option<AuditCounts> {
    if scores.len() != audit_labels.len() || threshold.is_nan() || scores.iter().any(|s| s.is_nan())
    {
        return None;
    }
    let mut counts = AuditCounts {
        flagged: 0,
        not_flagged: 0,
        flagged_audited: 0,
        flagged_audited_positive: 0,
        not_flagged_audited: 0,
        not_flagged_audited_positive: 0,
    };
    for (&score, &label) in scores.iter().zip(audit_labels) {
        let (total, audited, positive) = if score >= threshold {
            let c = &mut counts;
            (
                &mut c.flagged,
                &mut c.flagged_audited,
                &mut c.flagged_audited_positive,
            )
        } else {
            let c = &mut counts;
            (
                &mut c.not_flagged,
                &mut c.not_flagged_audited,
                &mut c.not_flagged_audited_positive,
            )
        };
        *total += 1;
        if let Some(is_positive) = label {
            *audited += 1;
            *positive += u64::from(is_positive);
        }
    }
    Some(counts)
}

/// What the audit says about the period; counts are period totals in cases, shares
/// in [0, 1]. A field is `None` when a stratum it needs has cases but none audited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditEstimates {
    /// N_f, known exactly.
    pub flagged: Estimate,
    /// Share of flagged cases that are positive, N_f·p_f / N_f; `None` also when
    /// nothing was flagged (0/0).
    pub precision: Option<Estimate>,
    /// Positives among flagged cases, N_f·p_f.
    pub caught: Option<Estimate>,
    /// Negatives among flagged cases, N_f·(1 − p_f).
    pub false_alarms: Option<Estimate>,
    /// Positives among unflagged cases, N_u·p_u.
    pub missed: Option<Estimate>,
    /// Stratified prevalence (N_f·p_f + N_u·p_u)/(N_f + N_u).
    pub prevalence: Option<Estimate>,
    /// Unweighted (x_f + x_u)/(n_f + n_u): biased whenever the strata are audited at
    /// different rates; `None` when nothing was audited.
    pub unweighted_prevalence: Option<f64>,
}

/// The same counts per day, in cases per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditPerDay {
    /// Known exactly: N_f / days.
    pub flagged: Estimate,
    /// Positives among flagged cases in the period (cases).
    pub caught: Option<Estimate>,
    /// Negatives among flagged cases in the period (cases).
    pub false_alarms: Option<Estimate>,
    /// Positives among unflagged cases in the period (cases).
    pub missed: Option<Estimate>,
}

impl AuditPerDay {
    /// Money per day at fixed prices: c_FP·false alarms + c_FN·missed + c_TP·caught
    /// (docs/src/conventions.md). Written as c_FP·flagged + (c_TP − c_FP)·caught +
    /// c_FN·missed, flagged being known exactly: the caught come from the flagged
    /// group's verdicts and the missed from the unflagged group's, independent
    /// samples, so each side of the 95 % range adds their two terms' half-widths on
    /// that side in quadrature (a negative coefficient swaps a term's sides).
    /// `None` when the caught or the missed is unknown.
    pub fn priced(&self, costs: &Costs) -> Option<Estimate> {
        let (caught, missed) = (self.caught?, self.missed?);
        let spread = |e: Estimate, coefficient: f64| {
            let (below, above) = (
                coefficient * (e.value - e.low),
                coefficient * (e.high - e.value),
            );
            if coefficient >= 0.0 {
                (below, above)
            } else {
                (-above, -below)
            }
        };
        let value = costs.false_positive * self.flagged.value
            + (costs.true_positive - costs.false_positive) * caught.value
            + costs.false_negative * missed.value;
        let (c_low, c_high) = spread(caught, costs.true_positive - costs.false_positive);
        let (m_low, m_high) = spread(missed, costs.false_negative);
        Some(Estimate {
            value,
            low: value - c_low.hypot(m_low),
            high: value + c_high.hypot(m_high),
        })
    }
}

impl AuditEstimates {
    /// Counts divided by `days`; `None` when `days` is not a positive number.
    pub fn per_day(&self, days: f64) -> Option<AuditPerDay> {
        if !(days.is_finite() && days > 0.0) {
            return None;
        }
        let per_day = |e: Estimate| Estimate {
            value: e.value / days,
            low: e.low / days,
            high: e.high / days,
        };
        Some(AuditPerDay {
            flagged: per_day(self.flagged),
            caught: self.caught.map(per_day),
            false_alarms: self.false_alarms.map(per_day),
            missed: self.missed.map(per_day),
        })
    }
}

/// Estimates caught, missed, false alarms, precision and prevalence from an audit.
///
/// `None` when the tallies are inconsistent (more audited than there are cases, or
/// more positives than audited), production is empty, or N_f + N_u overflows.
pub fn estimate_from_audit(counts: &AuditCounts) -> Option<AuditEstimates> {
    let c = counts;
    let consistent = c.flagged_audited <= c.flagged
        && c.flagged_audited_positive <= c.flagged_audited
        && c.not_flagged_audited <= c.not_flagged
        && c.not_flagged_audited_positive <= c.not_flagged_audited;
    let total = c.flagged.checked_add(c.not_flagged)?;
    if !consistent || total == 0 {
        return None;
    }
    let flagged = Stratum::new(c.flagged, c.flagged_audited, c.flagged_audited_positive);
    let not_flagged = Stratum::new(
        c.not_flagged,
        c.not_flagged_audited,
        c.not_flagged_audited_positive,
    );
    let (n_f, n_u) = (c.flagged as f64, c.not_flagged as f64);
    // An empty stratum contributes nothing: its weight N/total is 0.
    let term = |stratum: Stratum, cases: f64| match stratum {
        Stratum::Empty => Some((0.0, Estimate::exact(0.0))),
        other => other.share().map(|p| (cases / total as f64, p)),
    };
    let prevalence = term(flagged, n_f)
        .zip(term(not_flagged, n_u))
        .map(|(f, u)| linear_combination(&[f, u], 0.0));
    let audited = c.flagged_audited + c.not_flagged_audited;
    let audited_positive = c.flagged_audited_positive + c.not_flagged_audited_positive;
    Some(AuditEstimates {
        flagged: Estimate::exact(n_f),
        precision: flagged.share(),
        caught: flagged.count(n_f),
        false_alarms: flagged.complement_count(n_f),
        missed: not_flagged.count(n_u),
        prevalence,
        unweighted_prevalence: (audited > 0).then(|| audited_positive as f64 / audited as f64),
    })
}

/// One stratum's share of positives.
#[derive(Debug, Clone, Copy)]
enum Stratum {
    /// No cases: contributes exactly 0 to every count.
    Empty,
    /// Cases but none audited: unknown.
    Unaudited,
    /// Every case audited: counts are exact.
    Census { cases: u64, positive: u64 },
    /// A sample audited: the share with its interval.
    Known(Estimate),
}

impl Stratum {
    fn new(cases: u64, audited: u64, positive: u64) -> Stratum {
        if cases == 0 {
            Stratum::Empty
        } else if audited == 0 {
            Stratum::Unaudited
        } else if audited == cases {
            Stratum::Census { cases, positive }
        } else {
            Stratum::Known(finite_population_wilson(positive, audited, cases))
        }
    }

    fn share(self) -> Option<Estimate> {
        match self {
            Stratum::Census { cases, positive } => {
                Some(Estimate::exact(positive as f64 / cases as f64))
            }
            Stratum::Known(p) => Some(p),
            Stratum::Empty | Stratum::Unaudited => None,
        }
    }

    /// Positives in the stratum.
    fn count(self, cases: f64) -> Option<Estimate> {
        match self {
            Stratum::Empty => Some(Estimate::exact(0.0)),
            Stratum::Unaudited => None,
            Stratum::Census { positive, .. } => Some(Estimate::exact(positive as f64)),
            Stratum::Known(p) => Some(p.scale(cases)),
        }
    }

    /// Negatives in the stratum.
    fn complement_count(self, cases: f64) -> Option<Estimate> {
        match self {
            Stratum::Census { cases, positive } => Some(Estimate::exact((cases - positive) as f64)),
            Stratum::Known(p) => Some(linear_combination(&[(-cases, p)], cases)),
            other => other.count(cases),
        }
    }
}

/// Wilson's score interval for x positives in a simple random sample of n out of a
/// stratum of N cases, with n' = n·(N − 1)/(N − n) in place of n. Requires
/// 0 < n < N and x ≤ n (a census, n = N, is exact and handled by the caller).
fn finite_population_wilson(x: u64, n: u64, population: u64) -> Estimate {
    let p = x as f64 / n as f64;
    let effective = n as f64 * (population - 1) as f64 / (population - n) as f64;
    let z2 = Z95.powi(2);
    let denominator = 1.0 + z2 / effective;
    let centre = (p + z2 / (2.0 * effective)) / denominator;
    let half = (z2 * (p * (1.0 - p) / effective + z2 / (4.0 * effective * effective))).sqrt()
        / denominator;
    Estimate {
        value: p,
        low: (centre - half).clamp(0.0, p),
        high: (centre + half).clamp(p, 1.0),
    }
}

/// Two-sided exact binomial test of `successes` out of `trials` against success
/// probability `p`, with scipy's `binomtest` rule: the p-value sums the
/// probabilities of all outcomes no more likely than the one observed (relative
/// tolerance 1e-7). `None` when `trials` is 0, `successes > trials` or `p` is not
/// in [0, 1].
pub fn binomial_test_p_value(successes: u64, trials: u64, p: f64) -> Option<f64> {
    if trials == 0 || successes > trials {
        return None;
    }
    let distribution = Binomial::new(p, trials).ok()?;
    let (k, n) = (successes, trials);
    let mean = p * n as f64;
    let observed = distribution.pmf(k) * (1.0 + 1e-7);
    let value = if k as f64 == mean {
        1.0
    } else if (k as f64) < mean {
        // Upper tail: from the first outcome past the mode as unlikely as k.
        // The pmf falls from ⌈np⌉ to n, so a binary search finds it.
        let start = mean.ceil() as u64;
        let first = start + partition_count(start, n, |i| distribution.pmf(i) > observed);
        let upper = if first > n {
            0.0
        } else {
            distribution.sf(first - 1)
        };
        distribution.cdf(k) + upper
    } else {
        // Lower tail: up to the last outcome below the mode as unlikely as k.
        let end = mean.floor() as u64;
        let count = partition_count(0, end, |i| distribution.pmf(i) <= observed);
        let lower = if count == 0 {
            0.0
        } else {
            distribution.cdf(count - 1)
        };
        lower + distribution.sf(k - 1)
    };
    Some(value.min(1.0))
}

/// How many of `lo..=hi`, from `lo`, satisfy `predicate`, for a predicate that is
/// true on a prefix of the range and false after it.
fn partition_count(lo: u64, hi: u64, predicate: impl Fn(u64) -> bool) -> u64 {
    let (mut a, mut b) = (lo, hi + 1);
    while a < b {
        let mid = a + (b - a) / 2;
        if predicate(mid) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    a - lo
}

/// Whether the audited share of a stratum, `audited` of `cases`, differs from the
/// `declared_share` beyond chance: the two-sided exact binomial test of
/// [`binomial_test_p_value`] rejects at the 5 % level. `None` when it cannot be
/// tested (no cases, `audited > cases`, or a share outside [0, 1]).
pub fn audited_share_differs(audited: u64, cases: u64, declared_share: f64) -> Option<bool> {
    binomial_test_p_value(audited, cases, declared_share).map(|p| p < 0.05)
}

#[cfg(test)]
mod tests;
