use super::*;
use crate::stats::simulate::binomial;
use rand::SeedableRng;
use rand::rngs::StdRng;
use statrs::distribution::{Beta, ContinuousCDF};

fn counts(n_f: u64, n_u: u64, a_f: u64, x_f: u64, a_u: u64, x_u: u64) -> AuditCounts {
    AuditCounts {
        flagged: n_f,
        not_flagged: n_u,
        flagged_audited: a_f,
        flagged_audited_positive: x_f,
        not_flagged_audited: a_u,
        not_flagged_audited_positive: x_u,
    }
}

#[test]
fn hand_worked_audit() {
    // 200 flagged, all audited, 150 positive; 9800 unflagged, 200 audited, 4 positive.
    let c = counts(200, 9800, 200, 150, 200, 4);
    let e = estimate_from_audit(&c).unwrap();
    assert_eq!(e.precision.unwrap(), Estimate::exact(0.75));
    assert_eq!(e.caught.unwrap(), Estimate::exact(150.0));
    assert_eq!(e.false_alarms.unwrap(), Estimate::exact(50.0));
    let missed = e.missed.unwrap();
    assert!((missed.value - 196.0).abs() < 1e-9);
    // Wilson for 4/200 with n' = 200·9799/9600 ≈ 204.15.
    let n = 200.0 * 9799.0 / 9600.0;
    let z2 = Z95.powi(2);
    let centre = (0.02 + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = (z2 * (0.02 * 0.98 / n + z2 / (4.0 * n * n))).sqrt() / (1.0 + z2 / n);
    assert!((missed.low - 9800.0 * (centre - half)).abs() < 1e-9);
    assert!((missed.high - 9800.0 * (centre + half)).abs() < 1e-9);
    // Prevalence: (150 + 196)/10 000, interval from the unflagged stratum only.
    let prevalence = e.prevalence.unwrap();
    assert!((prevalence.value - 0.0346).abs() < 1e-12);
    assert!((prevalence.high - (0.015 + 0.98 * (centre + half))).abs() < 1e-12);
    // Pooling the audit ignores that flagged cases were audited 49 times as often.
    assert!((e.unweighted_prevalence.unwrap() - 154.0 / 400.0).abs() < 1e-12);
    let day = e.per_day(7.0).unwrap();
    assert!((day.caught.unwrap().value - 150.0 / 7.0).abs() < 1e-12);
    assert_eq!(day.flagged, Estimate::exact(200.0 / 7.0));
    assert!(e.per_day(0.0).is_none() && e.per_day(f64::NAN).is_none());
}

#[test]
fn audit_edges() {
    // Inconsistent tallies and empty production.
    assert!(estimate_from_audit(&counts(10, 10, 11, 0, 0, 0)).is_none());
    assert!(estimate_from_audit(&counts(10, 10, 5, 6, 0, 0)).is_none());
    assert!(estimate_from_audit(&counts(0, 0, 0, 0, 0, 0)).is_none());
    // Nothing flagged: precision undefined, caught exactly 0.
    let e = estimate_from_audit(&counts(0, 100, 0, 0, 10, 1)).unwrap();
    assert!(e.precision.is_none());
    assert_eq!(e.caught.unwrap(), Estimate::exact(0.0));
    assert!((e.prevalence.unwrap().value - 0.1).abs() < 1e-12);
    // Unflagged cases but none audited: missed and prevalence unknown.
    let e = estimate_from_audit(&counts(10, 100, 10, 3, 0, 0)).unwrap();
    assert!(e.missed.is_none() && e.prevalence.is_none());
    assert_eq!(e.caught.unwrap(), Estimate::exact(3.0));
    // Zero positives found still gives an interval above 0.
    let e = estimate_from_audit(&counts(10, 1000, 10, 0, 50, 0)).unwrap();
    let missed = e.missed.unwrap();
    assert_eq!((missed.value, missed.low), (0.0, 0.0));
    assert!(missed.high > 50.0);
    assert!(e.unweighted_prevalence == Some(0.0));
}

#[test]
fn tally_from_cases() {
    let scores = [0.9, 0.5, 0.2, 0.1, 0.7];
    let labels = [Some(true), Some(false), None, Some(true), None];
    let c = tally_audit(&scores, 0.5, &labels).unwrap();
    assert_eq!(c, counts(3, 2, 2, 1, 1, 1));
    assert!(tally_audit(&scores, f64::NAN, &labels).is_none());
    assert!(tally_audit(&scores[..4], 0.5, &labels).is_none());
}

#[test]
fn binomial_test_matches_scipy() {
    // tests/oracle/audit_oracle.py: scipy.stats.binomtest(k, n, p).pvalue, scipy 1.17.1.
    let table = [
        (3, 10, 0.5, 0.343_75),
        (15, 20, 0.3, 4.294_002_195_359_168e-5),
        (0, 50, 0.02, 0.628_398_285_625_390_9),
        (140, 7000, 0.02, 1.0),
        (180, 7000, 0.02, 0.000_995_894_338_872_338_4),
        (3300, 160_000, 0.02, 0.075_592_272_345_962_43),
        (3120, 160_000, 0.02, 0.155_699_569_950_258_08),
        (9, 10, 1.0, 0.0),
        (10, 10, 1.0, 1.0),
        (1, 10, 0.0, 0.0),
        (5, 10, 0.5, 1.0),
    ];
    for (k, n, p, expected) in table {
        let value = binomial_test_p_value(k, n, p).unwrap();
        assert!(
            (value - expected).abs() <= 1e-12_f64.max(1e-9 * expected),
            "{k} {n} {p}: {value} vs {expected}"
        );
    }
    assert!(binomial_test_p_value(1, 0, 0.5).is_none());
    assert!(binomial_test_p_value(3, 2, 0.5).is_none());
    assert!(binomial_test_p_value(1, 2, 1.5).is_none());
    // Declared "all flagged audited" but some were skipped.
    assert_eq!(audited_share_differs(7290, 7300, 1.0), Some(true));
    assert_eq!(audited_share_differs(7300, 7300, 1.0), Some(false));
    assert_eq!(audited_share_differs(3120, 160_000, 0.02), Some(false));
    assert_eq!(audited_share_differs(180, 7000, 0.02), Some(true));
}

/// One period of production and its audit, drawn case by case in distribution: the
/// counts are exact binomial draws of what per-case sampling would give.
struct Period {
    counts: AuditCounts,
    caught: f64,
    missed: f64,
    prevalence: f64,
}

fn simulate_period(
    rng: &mut StdRng,
    cases: u64,
    prevalence: f64,
    tpr: f64,
    fpr: f64,
    audit_flagged: f64,
    audit_not_flagged: f64,
) -> Period {
    let positives = binomial(rng, cases, prevalence);
    let negatives = cases - positives;
    let caught = binomial(rng, positives, tpr);
    let false_alarms = binomial(rng, negatives, fpr);
    let missed = positives - caught;
    let true_negatives = negatives - false_alarms;
    // Each case is audited independently at its stratum's rate.
    let x_f = binomial(rng, caught, audit_flagged);
    let y_f = binomial(rng, false_alarms, audit_flagged);
    let x_u = binomial(rng, missed, audit_not_flagged);
    let y_u = binomial(rng, true_negatives, audit_not_flagged);
    Period {
        counts: counts(
            caught + false_alarms,
            missed + true_negatives,
            x_f + y_f,
            x_f,
            x_u + y_u,
            x_u,
        ),
        caught: caught as f64,
        missed: missed as f64,
        prevalence: positives as f64 / cases as f64,
    }
}

#[test]
fn coverage_and_bias_of_audit_estimates() {
    // 3 weeks × 8000 cases a day, prevalence 3 %. Scores: positives ~ Beta(4, 3),
    // negatives ~ Beta(2, 6); threshold 0.5, so TPR = 1 − I₀.₅(4, 3) = 0.65625 and
    // FPR = 1 − I₀.₅(2, 6) = 0.0625. Only whether a score clears the threshold
    // reaches the estimator, so the simulation draws the class × flag × audited
    // counts directly (exact binomials), which is the same in distribution as
    // drawing 168 000 scores.
    // Truth: the period's realised counts (what the audit is meant to recover).
    let tpr = 1.0 - Beta::new(4.0, 3.0).unwrap().cdf(0.5);
    let fpr = 1.0 - Beta::new(2.0, 6.0).unwrap().cdf(0.5);
    assert!((tpr - 0.656_25).abs() < 1e-12 && (fpr - 0.0625).abs() < 1e-12);
    let (days, per_day) = (21.0, 8000);
    let repetitions = 1000;
    let mut rng = StdRng::seed_from_u64(2026);
    // Scenario A: every flagged case audited, 2 % of the rest.
    // Scenario B: 10 % of flagged cases audited, 2 % of the rest.
    for (name, audit_flagged) in [("all flagged + 2 %", 1.0), ("10 % flagged + 2 %", 0.1)] {
        let (mut caught_hits, mut missed_hits, mut prevalence_hits) = (0, 0, 0);
        let (mut stratified_error, mut unweighted_error) = (Vec::new(), Vec::new());
        for _ in 0..repetitions {
            let period =
                simulate_period(&mut rng, 21 * per_day, 0.03, tpr, fpr, audit_flagged, 0.02);
            let e = estimate_from_audit(&period.counts).unwrap();
            let caught = e.caught.unwrap();
            let missed = e.missed.unwrap();
            let prevalence = e.prevalence.unwrap();
            caught_hits += usize::from(caught.covers(period.caught));
            missed_hits += usize::from(missed.covers(period.missed));
            prevalence_hits += usize::from(prevalence.covers(period.prevalence));
            stratified_error.push(prevalence.value - period.prevalence);
            unweighted_error.push(e.unweighted_prevalence.unwrap() - period.prevalence);
            if audit_flagged == 1.0 {
                // A census of the flagged stratum: caught is known exactly.
                assert_eq!(caught, Estimate::exact(period.caught));
            }
            let day = e.per_day(days).unwrap();
            assert!((day.missed.unwrap().value * days - missed.value).abs() < 1e-6);
        }
        let share = |hits: usize| hits as f64 / repetitions as f64;
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let sd = |v: &[f64]| {
            let m = mean(v);
            (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)).sqrt()
        };
        eprintln!(
            "audit coverage, {name}: caught {:.1} %, missed {:.1} %, prevalence {:.1} %; \
             mean prevalence error stratified {:+.5} (sd {:.5}), unweighted {:+.5}",
            100.0 * share(caught_hits),
            100.0 * share(missed_hits),
            100.0 * share(prevalence_hits),
            mean(&stratified_error),
            sd(&stratified_error),
            mean(&unweighted_error),
        );
        if audit_flagged < 1.0 {
            assert!((0.93..=0.97).contains(&share(caught_hits)), "caught");
        } else {
            assert_eq!(caught_hits, repetitions);
        }
        assert!((0.93..=0.97).contains(&share(missed_hits)), "missed");
        assert!(
            (0.93..=0.97).contains(&share(prevalence_hits)),
            "prevalence"
        );
        // Stratified: mean error within 4 Monte-Carlo standard errors of 0.
        let standard_error = sd(&stratified_error) / (repetitions as f64).sqrt();
        assert!(mean(&stratified_error).abs() < 4.0 * standard_error);
        // Unweighted: off by more than the prevalence itself.
        assert!(mean(&unweighted_error) > 0.03);
    }
}
