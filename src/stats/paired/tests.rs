use super::*;
use crate::stats::simulate::multinomial;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn table(b: f64, c: f64, n: f64) -> PairedCounts {
    PairedCounts {
        both: 0.0,
        a_only: b,
        b_only: c,
        neither: n - b - c,
    }
}

#[test]
fn tango_matches_independent_oracle() {
    // tests/oracle/paired_oracle.py: restricted MLE by numerical maximisation and brentq,
    // good to about 1e-8 (its optimiser stops short of boundary maxima).
    let cases = [
        (
            (40.0, 20.0, 160.0),
            (0.030_864_532_487_652_523, 0.218_064_243_776_118_2),
        ),
        (
            (1.0, 7.0, 21.0),
            (-0.517_232_277_271_208_2, -0.026_003_031_913_419),
        ),
        (
            (6.0, 16.0, 161.0),
            (-0.124_023_432_456_874_55, -0.005_433_395_758_720_151),
        ),
        (
            (16.0, 8.0, 86.0),
            (-0.019_658_923_678_757_38, 0.206_910_769_778_738_04),
        ),
        (
            (0.0, 5.0, 30.0),
            (-0.335_643_513_676_700_7, -0.034_234_374_840_827),
        ),
        (
            (3.0, 0.0, 10.0),
            (-0.060_792_640_511_089_15, 0.603_221_852_538_861_5),
        ),
        (
            (0.0, 0.0, 25.0),
            (-0.133_192_256_905_199_79, 0.133_192_250_939_057_76),
        ),
    ];
    for ((b, c, n), (low, high)) in cases {
        let e = tango_interval(&table(b, c, n)).unwrap();
        assert!((e.value - (b - c) / n).abs() < 1e-15);
        assert!((e.low - low).abs() < 1e-7, "{b} {c} {n}: {e:?}");
        assert!((e.high - high).abs() < 1e-7, "{b} {c} {n}: {e:?}");
    }
}

#[test]
fn tango_with_no_discordant_cases_has_a_closed_form() {
    // b = c = 0: q̂21 = 0 for δ > 0 and Z = −√(nδ/(1 − δ)), so the bound is z²/(n + z²).
    let z2 = Z95.powi(2);
    for n in [1.0, 5.0, 25.0, 400.0] {
        let e = tango_interval(&table(0.0, 0.0, n)).unwrap();
        assert!((e.high - z2 / (n + z2)).abs() < 1e-12, "{n}: {e:?}");
        assert!((e.low + z2 / (n + z2)).abs() < 1e-12, "{n}: {e:?}");
    }
}

#[test]
fn tango_edges() {
    assert!(tango_interval(&table(0.0, 0.0, 0.0)).is_none());
    assert!(tango_interval(&table(-1.0, 0.0, 3.0)).is_none());
    // Every case flagged by A only: estimate 1, upper bound 1.
    let all = tango_interval(&table(4.0, 0.0, 4.0)).unwrap();
    assert_eq!((all.value, all.high), (1.0, 1.0));
    assert!(all.low > 0.0 && all.low < 1.0);
    let none = tango_interval(&table(0.0, 4.0, 4.0)).unwrap();
    assert_eq!((none.value, none.low), (-1.0, -1.0));
    // Mirror symmetry: swapping b and c negates the interval.
    let ab = tango_interval(&table(2.0, 9.0, 30.0)).unwrap();
    let ba = tango_interval(&table(9.0, 2.0, 30.0)).unwrap();
    assert!((ab.low + ba.high).abs() < 1e-12 && (ab.high + ba.low).abs() < 1e-12);
    // More cases, narrower interval.
    let small = tango_interval(&table(3.0, 1.0, 20.0)).unwrap();
    let large = tango_interval(&table(30.0, 10.0, 200.0)).unwrap();
    assert!(large.high - large.low < small.high - small.low);
}

#[test]
fn paired_counts_with_frequency_counts() {
    let a = [true, true, false, false, true];
    let b = [true, false, true, false, false];
    let t = paired_counts(&a, &b, Some(&[2.0, 1.0, 3.0, 4.0, 0.5])).unwrap();
    assert_eq!(
        (t.both, t.a_only, t.b_only, t.neither),
        (2.0, 1.5, 3.0, 4.0)
    );
    assert!(paired_counts(&a, &b[..4], None).is_none());
    assert!(paired_counts(&a, &b, Some(&[1.0; 4])).is_none());
    assert!(paired_counts(&a, &b, Some(&[1.0, 1.0, f64::NAN, 1.0, 1.0])).is_none());
    let empty = paired_counts(&[], &[], None).unwrap();
    assert_eq!(empty.total(), 0.0);
    assert!(tango_interval(&empty).is_none());
}

#[test]
fn per_day_difference_hand_worked() {
    let tpr = Estimate {
        value: 0.05,
        low: 0.01,
        high: 0.10,
    };
    let fpr = Estimate {
        value: -0.01,
        low: -0.02,
        high: 0.0,
    };
    let costs = Costs {
        false_positive: 5.0,
        false_negative: 150.0,
        true_positive: 5.0,
    };
    // V = 1000, π = 0.1: 100 positives, 900 negatives a day.
    let d = per_day_difference(tpr, fpr, 1000.0, 0.1, Some(&costs)).unwrap();
    assert!((d.caught.value - 5.0).abs() < 1e-12);
    assert!((d.caught.low - 1.0).abs() < 1e-12 && (d.caught.high - 10.0).abs() < 1e-12);
    assert!((d.missed.value + 5.0).abs() < 1e-12 && (d.missed.low + 10.0).abs() < 1e-12);
    assert!((d.false_alarms.value + 9.0).abs() < 1e-12);
    assert!((d.flagged.value + 4.0).abs() < 1e-12);
    assert!((d.flagged.low - (-4.0 - 4.0_f64.hypot(9.0))).abs() < 1e-12);
    assert!((d.flagged.high - (-4.0 + 5.0_f64.hypot(9.0))).abs() < 1e-12);
    // cost = (5 − 150)·100·ΔTPR + 5·900·ΔFPR = −725 − 45 = −770.
    let cost = d.cost.unwrap();
    assert!((cost.value + 770.0).abs() < 1e-9);
    assert!((cost.low - (-770.0 - 725.0_f64.hypot(45.0))).abs() < 1e-9);
    assert!((cost.high - (-770.0 + 580.0_f64.hypot(45.0))).abs() < 1e-9);
    assert!(
        per_day_difference(tpr, fpr, 1000.0, 0.1, None)
            .unwrap()
            .cost
            .is_none()
    );
    assert!(per_day_difference(tpr, fpr, -1.0, 0.1, None).is_none());
    assert!(per_day_difference(tpr, fpr, 1000.0, 1.5, None).is_none());
}

/// Joint flag probabilities (both, A only, B only, neither) for rates `pa`, `pb`
/// with phi correlation `rho` between the two models' flags.
fn joint(pa: f64, pb: f64, rho: f64) -> [f64; 4] {
    let both = pa * pb + rho * (pa * (1.0 - pa) * pb * (1.0 - pb)).sqrt();
    [both, pa - both, pb - both, 1.0 - pa - pb + both]
}

/// Draws `n` cases from the joint flag distribution and tallies them.
fn draw(rng: &mut StdRng, n: u64, p: &[f64; 4]) -> PairedCounts {
    let [both, a_only, b_only, neither] = multinomial(rng, n, p).map(|x| x as f64);
    PairedCounts {
        both,
        a_only,
        b_only,
        neither,
    }
}

#[test]
fn coverage_of_tpr_and_flagged_per_day_differences() {
    // Model A catches more positives (TPR 0.80 vs 0.72) and raises fewer false
    // alarms (FPR 0.05 vs 0.06); flags correlate (phi 0.6) as they do for two
    // models of the same cases. The true per-day flagged difference at
    // V = 8280, π = 0.0338 is V·π·0.08 − V·(1 − π)·0.01 ≈ −57.6.
    let (volume, prevalence) = (8280.0, 0.0338);
    let positives_joint = joint(0.80, 0.72, 0.6);
    let negatives_joint = joint(0.05, 0.06, 0.6);
    let true_tpr = 0.80 - 0.72;
    let true_fpr = 0.05 - 0.06;
    let true_flagged = volume * prevalence * true_tpr + volume * (1.0 - prevalence) * true_fpr;
    let mut rng = StdRng::seed_from_u64(1998);
    let repetitions = 2000;
    for (positives, negatives) in [(40, 400), (150, 1500), (1000, 10_000)] {
        let (mut tpr_hits, mut flagged_hits) = (0, 0);
        for _ in 0..repetitions {
            let tpr = tango_interval(&draw(&mut rng, positives, &positives_joint)).unwrap();
            let fpr = tango_interval(&draw(&mut rng, negatives, &negatives_joint)).unwrap();
            let d = per_day_difference(tpr, fpr, volume, prevalence, None).unwrap();
            tpr_hits += usize::from(tpr.covers(true_tpr));
            flagged_hits += usize::from(d.flagged.covers(true_flagged));
        }
        let tpr_coverage = tpr_hits as f64 / repetitions as f64;
        let flagged_coverage = flagged_hits as f64 / repetitions as f64;
        eprintln!(
            "paired coverage, {positives} positives / {negatives} negatives: \
             ΔTPR {:.1} %, Δflagged/day {:.1} %",
            100.0 * tpr_coverage,
            100.0 * flagged_coverage
        );
        assert!((0.93..=0.97).contains(&tpr_coverage), "{tpr_coverage}");
        assert!(
            (0.93..=0.97).contains(&flagged_coverage),
            "{flagged_coverage}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn tango_bounds_solve_the_score_equation(b in 0u32..40, c in 0u32..40, rest in 0u32..60) {
        let (b, c) = (f64::from(b), f64::from(c));
        let n = b + c + f64::from(rest);
        proptest::prop_assume!(n > 0.0);
        let e = tango_interval(&table(b, c, n)).unwrap();
        proptest::prop_assert!(-1.0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 1.0);
        // Away from ±1 each bound is where the score statistic crosses ±z; the
        // statistic is recomputed here from the closed-form restricted MLE.
        let z = Z95;
        let score = |d: f64| {
            let w = -b - c + (2.0 * n - b + c) * d;
            let q = ((w * w + 8.0 * n * c * d * (1.0 - d)).max(0.0).sqrt() - w) / (4.0 * n);
            (b - c - n * d) / (n * (2.0 * q + d * (1.0 - d))).sqrt()
        };
        if e.low > -1.0 {
            proptest::prop_assert!((score(e.low) - z).abs() < 1e-6, "{:?}", e);
        }
        if e.high < 1.0 {
            proptest::prop_assert!((score(e.high) + z).abs() < 1e-6, "{:?}", e);
        }
    }
}
