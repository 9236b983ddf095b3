//! The context's gates checked against the report: each limit on a number at the
//! current threshold, and each "no worse than the baseline" item against the
//! paired comparison. `tradeoff report --check` fails when any gate does.
//!
//! A `no_worse_than_baseline` item without a margin keeps its first meaning: it
//! fails only when the whole paired 95 % range lies on the worse side of 0, so it
//! passes when there is no evidence the candidate is worse, however few the cases.
//! With a margin δ it is a non-inferiority test (as Tango 1998 framed his paired
//! interval): `passed` when the whole range lies above −δ (on the better side, in
//! the quantity's own direction), `failed` when it lies wholly below −δ, and
//! `inconclusive` otherwise: too few cases to tell. Beside each item goes the
//! smallest difference the comparison could have detected with 80 % power at a
//! two-sided 5 % level, (z₀.₉₇₅ + z₀.₈₀)·SE, with SE the range's width / (2·z₀.₉₇₅).

use statrs::distribution::{ContinuousCDF, Normal};

use crate::input::context::{Gates, Margin, NoWorse};
use crate::model::comparison::Comparison;
use crate::model::report::Report;
use crate::stats::interval::Estimate;
use crate::stats::quantity::{Bound, Quantity};

/// What a gate checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gate {
    /// A limit on a number at the current threshold.
    Limit(Bound),
    /// The candidate no worse than the baseline, by more than chance.
    NoWorse(NoWorse),
}

impl Gate {
    /// The gate's name in the JSON: the limit's key, or
    /// `no_worse_than_baseline.<item>`.
    pub fn name(&self) -> String {
        match self {
            Gate::Limit(limit) => limit.key().to_owned(),
            Gate::NoWorse(item) => format!("no_worse_than_baseline.{}", item.key()),
        }
    }
}

/// A gate's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The gate is met (for a margin: shown no worse than the margin).
    Passed,
    /// The gate is not met (for a margin: shown worse than the margin).
    Failed,
    /// The paired range straddles the margin: too few cases to tell.
    Inconclusive,
}

impl Verdict {
    /// `passed`, `failed` or `inconclusive`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// The verdict on a difference (candidate minus baseline) with its 95 % range:
/// without a margin, failed only when the whole range is on the worse side of 0;
/// with margin δ, passed when the whole range is better than −δ, failed when it is
/// wholly worse, inconclusive otherwise. `higher_is_better` gives the direction.
pub fn no_worse_verdict(d: &Estimate, margin: Option<f64>, higher_is_better: bool) -> Verdict {
    // Oriented so that higher is better.
    let (low, high) = if higher_is_better {
        (d.low, d.high)
    } else {
        (-d.high, -d.low)
    };
    match margin {
        None if high < 0.0 => Verdict::Failed,
        None => Verdict::Passed,
        Some(m) if low > -m => Verdict::Passed,
        Some(m) if high < -m => Verdict::Failed,
        Some(_) => Verdict::Inconclusive,
    }
}

/// The smallest difference a comparison with this 95 % range could detect with
/// 80 % power at a two-sided 5 % level: (z₀.₉₇₅ + z₀.₈₀)·SE, SE = width/(2·z₀.₉₇₅).
pub fn detectable_difference(d: &Estimate) -> f64 {
    let normal = Normal::standard();
    let z = normal.inverse_cdf(0.975);
    (z + normal.inverse_cdf(0.8)) * (d.high - d.low) / (2.0 * z)
}

/// A gate with the value it was checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct GateResult {
    /// The gate checked.
    pub gate: Gate,
    /// The number checked: the report's value, or for `NoWorse` the difference
    /// candidate minus baseline; `None` when it is undefined (then the gate fails).
    pub value: Option<f64>,
    /// The limit; 0 for `NoWorse`.
    pub limit: f64,
    /// The value's 95 % interval, where the report has one.
    pub interval: Option<Estimate>,
    /// Whether the gate lets `--check` through: passed, or inconclusive when the
    /// context says `on_inconclusive: pass`.
    pub passed: bool,
    /// Passed, failed or (only for a margin) inconclusive.
    pub verdict: Verdict,
    /// For a `NoWorse` gate with a margin: the margin as written.
    pub margin_given: Option<Margin>,
    /// That margin in the quantity's unit (a relative one resolved against the
    /// baseline's value); `None` without a margin or when the baseline's value is
    /// undefined.
    pub margin: Option<f64>,
    /// For `NoWorse`: the smallest difference detectable with 80 % power.
    pub detectable: Option<f64>,
}

/// Checks every gate, limits first, in the context's order.
pub fn build_gates(
    gates: &Gates,
    report: &Report,
    comparison: Option<&Comparison>,
) -> Vec<GateResult> {
    let mut results = Vec::new();
    for &limit in &gates.limits {
        let (value, interval) = limit_value(limit.quantity, report);
        let passed = value.is_some_and(|v| limit.is_met(v));
        results.push(GateResult {
            gate: Gate::Limit(limit),
            value,
            limit: limit.value,
            interval,
            passed,
            verdict: if passed {
                Verdict::Passed
            } else {
                Verdict::Failed
            },
            margin_given: None,
            margin: None,
            detectable: None,
        });
    }
    for gate in &gates.no_worse_than_baseline {
        let item = gate.item;
        let (difference, higher_is_better) = match item {
            NoWorse::RocAuc => (
                comparison.and_then(|c| c.roc_auc).map(|a| Estimate {
                    value: a.difference,
                    low: a.interval95.0,
                    high: a.interval95.1,
                }),
                true,
            ),
            NoWorse::PerDay(quantity, rule) => (
                comparison
                    .and_then(|c| c.matched_by(rule))
                    .and_then(|m| m.difference_of(quantity)),
                quantity.higher_is_better(),
            ),
        };
        let margin = gate.margin.and_then(|m| match m {
            Margin::Absolute(m) => Some(m),
            Margin::Relative(share) => baseline_value(item, comparison)
                .filter(|v| v.is_finite())
                .map(|v| share * v.abs()),
        });
        let verdict = match (difference, gate.margin, margin) {
            // A relative margin of an undefined baseline value cannot be judged.
            (Some(_), Some(_), None) | (None, _, _) => Verdict::Failed,
            (Some(d), _, m) => no_worse_verdict(&d, m, higher_is_better),
        };
        let limit = match margin {
            Some(m) if higher_is_better => -m,
            Some(m) => m,
            None => 0.0,
        };
        results.push(GateResult {
            gate: Gate::NoWorse(item),
            value: difference.map(|d| d.value),
            limit,
            interval: difference,
            passed: verdict == Verdict::Passed
                || (verdict == Verdict::Inconclusive && gates.inconclusive_passes),
            verdict,
            margin_given: gate.margin,
            margin,
            detectable: difference.map(|d| detectable_difference(&d)),
        });
    }
    results
}

/// The baseline's own value of what `item` compares: its ROC AUC, or its per-day
/// quantity at the matched point.
fn baseline_value(item: NoWorse, comparison: Option<&Comparison>) -> Option<f64> {
    let c = comparison?;
    match item {
        NoWorse::RocAuc => c.baseline_metrics.roc_auc,
        NoWorse::PerDay(quantity, rule) => {
            let day = &c.matched_by(rule)?.baseline.per_day;
            day.of(quantity).map(|e| e.value)
        }
    }
}

/// The report's value of a limited quantity at the current threshold (or of the
/// whole evaluation), with its interval.
fn limit_value(quantity: Quantity, report: &Report) -> (Option<f64>, Option<Estimate>) {
    let point = &report.current;
    let day = &point.per_day;
    let with = |e: Estimate| (Some(e.value), Some(e));
    match quantity {
        Quantity::Flagged
        | Quantity::Caught
        | Quantity::Missed
        | Quantity::FalseAlarms
        | Quantity::Cost
        | Quantity::Precision => day.of(quantity).map_or((None, None), with),
        Quantity::FalseNegativeRate => (
            point.counts.false_negative_rate(),
            Some(point.rates.false_negative_rate()),
        ),
        Quantity::FalsePositiveRate => (
            point.counts.false_positive_rate(),
            Some(point.rates.false_positive_rate),
        ),
        Quantity::RocAuc => (report.metrics.roc_auc, None),
        Quantity::AveragePrecision => (report.metrics.average_precision, None),
        // Not a gate the context can set (`Bound::GATES`).
        Quantity::Volume | Quantity::ShareFlagged | Quantity::Prevalence => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use statrs::distribution::{ContinuousCDF, Normal};

    use super::*;
    use crate::stats::delong::compare_aucs;

    fn normal(rng: &mut StdRng) -> f64 {
        let (u, v): (f64, f64) = (rng.random(), rng.random());
        (-2.0 * (1.0 - u).ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Shares of passed, failed and inconclusive verdicts on the ROC AUC difference
    /// with `margin`, over `runs` simulated evaluations of `per_class` positives and
    /// as many negatives. Both models see a shared case effect u and their own
    /// noise, so each score is N(shift·label, 2) and AUC = Φ(shift / 2).
    fn verdicts(true_difference: f64, margin: f64, per_class: usize, runs: usize) -> [f64; 3] {
        let phi = Normal::standard();
        let shift = |auc: f64| 2.0 * phi.inverse_cdf(auc);
        let (auc_b, auc_a) = (0.84, 0.84 + true_difference);
        let (shift_a, shift_b) = (shift(auc_a), shift(auc_b));
        let mut rng = StdRng::seed_from_u64(28);
        let mut tally = [0.0; 3];
        for _ in 0..runs {
            let (mut a, mut b, mut positive) = (Vec::new(), Vec::new(), Vec::new());
            for i in 0..2 * per_class {
                let y = i < per_class;
                let u = normal(&mut rng);
                let label = if y { 1.0 } else { 0.0 };
                a.push(shift_a * label + u + normal(&mut rng));
                b.push(shift_b * label + u + normal(&mut rng));
                positive.push(y);
            }
            let c = compare_aucs(&a, &b, &positive, None).unwrap();
            let d = Estimate {
                value: c.difference,
                low: c.interval95.0,
                high: c.interval95.1,
            };
            let slot = match no_worse_verdict(&d, Some(margin), true) {
                Verdict::Passed => 0,
                Verdict::Failed => 1,
                Verdict::Inconclusive => 2,
            };
            tally[slot] += 1.0 / runs as f64;
        }
        tally
    }

    #[test]
    fn too_few_cases_are_inconclusive_and_enough_cases_find_the_truth() {
        // Truly 0.01 lower, margin 0.05: 20 cases a class cannot tell …
        let small = verdicts(-0.01, 0.05, 20, 200);
        eprintln!("20 a class, truly −0.01, margin 0.05: passed/failed/inconclusive {small:?}");
        let [_, _, inconclusive] = small;
        assert!(inconclusive > 0.9, "inconclusive {inconclusive}");
        // … 2,000 a class show it no worse than the margin …
        let large = verdicts(-0.01, 0.05, 2000, 100);
        eprintln!("2,000 a class, truly −0.01, margin 0.05: {large:?}");
        let [passed, _, _] = large;
        assert!(passed > 0.95, "passed {passed}");
        // … and a candidate truly 0.10 lower fails.
        let worse = verdicts(-0.10, 0.05, 2000, 100);
        eprintln!("2,000 a class, truly −0.10, margin 0.05: {worse:?}");
        let [_, failed, _] = worse;
        assert!(failed > 0.95, "failed {failed}");
        // Without a margin the small comparison passes: no evidence it is worse.
        let tiny = Estimate {
            value: -0.01,
            low: -0.12,
            high: 0.10,
        };
        assert_eq!(no_worse_verdict(&tiny, None, true), Verdict::Passed);
    }

    #[test]
    fn verdicts_follow_the_quantitys_direction() {
        let d = |low, high| Estimate {
            value: (low + high) / 2.0,
            low,
            high,
        };
        // Missed a day: more is worse; margin 5.
        assert_eq!(
            no_worse_verdict(&d(-2.0, 4.0), Some(5.0), false),
            Verdict::Passed
        );
        assert_eq!(
            no_worse_verdict(&d(6.0, 9.0), Some(5.0), false),
            Verdict::Failed
        );
        assert_eq!(
            no_worse_verdict(&d(1.0, 7.0), Some(5.0), false),
            Verdict::Inconclusive
        );
        assert_eq!(no_worse_verdict(&d(1.0, 7.0), None, false), Verdict::Failed);
        // Caught a day: fewer is worse.
        assert_eq!(
            no_worse_verdict(&d(-7.0, -1.0), Some(5.0), true),
            Verdict::Inconclusive
        );
        assert_eq!(no_worse_verdict(&d(-7.0, 1.0), None, true), Verdict::Passed);
        // 80 % power at 5 %: (1.96 + 0.84) standard errors; a ±1.96 range of width 2·1.96.
        let z = Normal::standard().inverse_cdf(0.975);
        let detectable = detectable_difference(&d(-z, z));
        assert!((detectable - (z + Normal::standard().inverse_cdf(0.8))).abs() < 1e-12);
        assert!((detectable - 2.8016).abs() < 1e-3);
    }
}
