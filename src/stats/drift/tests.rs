use super::*;

// Samples and reference values printed by tests/oracle/drift_oracle.py (numpy Generator,
// seed 20240611, rounded to 2 decimals; scipy 1.17.1).
#[rustfmt::skip]
const REFERENCE: [f64; 40] = [-0.21, -0.52, 0.15, -1.79, 0.28, -0.32, -0.73, 0.1, -1.95, -0.16, -0.73, 0.41, 0.44, -0.93, -0.93, -1.47, -0.79, 0.32, 0.86, 0.23, 0.03, -0.87, 0.2, -0.82, 0.24, -0.2, 0.86, 0.2, 1.37, -0.41, 0.76, 0.23, 1.7, -1.96, 0.87, -1.02, -0.87, -0.02, -1.51, -1.19];
#[rustfmt::skip]
const PRODUCTION: [f64; 30] = [-0.21, -0.0, -1.74, -0.61, 0.19, 0.2, -0.38, 0.35, -0.21, 1.64, -0.54, 0.42, -0.19, 1.29, -0.72, 1.31, -0.96, -1.15, -0.25, 0.45, -1.32, -0.2, 0.35, 0.31, 1.31, 1.21, 0.72, 1.35, 1.38, -0.87];
#[rustfmt::skip]
const NEAR: [f64; 25] = [2.24, 0.0, -0.56, 0.65, -0.44, 0.68, -1.15, 0.78, -1.21, 0.43, -0.16, -0.45, 0.2, -0.53, -0.72, 0.44, 1.98, -0.95, 1.21, 1.13, -1.07, 0.24, 0.57, -0.86, 1.13];
#[rustfmt::skip]
const WEIGHTS: [f64; 40] = [0.66, 1.8, 1.27, 1.02, 1.24, 1.09, 1.34, 0.66, 1.1, 1.41, 1.52, 0.71, 1.53, 1.65, 1.78, 0.92, 1.07, 0.82, 1.92, 0.96, 1.74, 1.75, 0.59, 1.4, 1.35, 0.9, 1.32, 1.24, 1.53, 1.53, 1.46, 0.92, 0.6, 1.54, 1.01, 1.36, 0.93, 1.14, 1.26, 0.79];

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-12
}

#[test]
fn ks_matches_scipy() {
    // ks_2samp(REFERENCE, PRODUCTION).statistic and kstwobign.sf(sqrt(en) * D).
    let r = kolmogorov_smirnov(&REFERENCE, None, &PRODUCTION).unwrap();
    assert!(close(r.statistic, 0.208_333_333_333_333_34), "{r:?}");
    assert!(close(r.effective_size, 40.0 * 30.0 / 70.0));
    assert!(close(r.p_value, 0.446_408_456_660_365_27), "{r:?}");
    let r = kolmogorov_smirnov(&REFERENCE, None, &NEAR).unwrap();
    assert!(close(r.statistic, 0.265), "{r:?}");
    assert!(close(r.p_value, 0.230_120_207_259_575_33), "{r:?}");
}

#[test]
fn weighted_ks_matches_numpy() {
    // Independent numpy evaluation of both ECDFs at every pooled value, Kish m.
    let r = kolmogorov_smirnov(&REFERENCE, Some(&WEIGHTS), &PRODUCTION).unwrap();
    assert!(close(r.statistic, 0.231_244_453_546_317_15), "{r:?}");
    assert!(close(r.p_value, 0.339_635_298_071_250_15), "{r:?}");
    let r = kolmogorov_smirnov(&REFERENCE, Some(&WEIGHTS), &NEAR).unwrap();
    assert!(close(r.statistic, 0.248_109_768_584_886_31), "{r:?}");
    assert!(close(r.p_value, 0.318_464_094_972_114_53), "{r:?}");
}

#[test]
fn kolmogorov_survival_matches_kstwobign() {
    let table = [
        (0.2, 0.999_999_999_999_495),
        (0.5, 0.963_945_243_664_875_1),
        (0.8, 0.544_142_411_574_198_1),
        (1.0, 0.269_999_671_677_354_56),
        (1.2, 0.112_249_666_670_724_97),
        (2.0, 0.000_670_925_255_779_695_3),
        (3.0, 3.045_995_948_942_526e-8),
    ];
    for (lambda, expected) in table {
        assert!(close(kolmogorov_survival(lambda), expected), "{lambda}");
    }
    assert_eq!(kolmogorov_survival(0.0), 1.0);
    // The two forms agree where they meet.
    assert!((kolmogorov_survival(1.0 - 1e-12) - kolmogorov_survival(1.0)).abs() < 1e-11);
}

#[test]
fn psi_matches_numpy() {
    let unit = population_stability(&REFERENCE, None, &PRODUCTION).unwrap();
    assert!(close(unit.index, 0.350_838_157_637_912_5), "{}", unit.index);
    let edges = [-1.47, -0.87, -0.79, -0.41, -0.16, 0.15, 0.24, 0.41, 0.87];
    assert_eq!(unit.edges, edges);
    assert_eq!(unit.reading, StabilityReading::Large);
    let weighted = population_stability(&REFERENCE, Some(&WEIGHTS), &PRODUCTION).unwrap();
    assert!(
        close(weighted.index, 0.360_547_900_317_608_4),
        "{}",
        weighted.index
    );
    assert_eq!(
        weighted.edges,
        [-1.47, -0.87, -0.79, -0.41, -0.2, 0.1, 0.24, 0.44, 0.87]
    );
    let near = population_stability(&REFERENCE, None, &NEAR).unwrap();
    assert!(close(near.index, 0.591_544_991_429_843_2));
    let near = population_stability(&REFERENCE, Some(&WEIGHTS), &NEAR).unwrap();
    assert!(close(near.index, 0.476_700_850_165_328_54));
    for s in [&unit, &weighted] {
        assert!(close(s.reference_shares.iter().sum(), 1.0));
        assert!(close(s.production_shares.iter().sum(), 1.0));
    }
}

#[test]
fn deciles_split_distinct_scores_into_tenths() {
    let reference: Vec<f64> = (0..100).map(f64::from).collect();
    let s = population_stability(&reference, None, &reference).unwrap();
    assert_eq!(
        s.edges,
        [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0]
    );
    assert!(s.reference_shares.iter().all(|&q| close(q, 0.1)));
    assert_eq!(s.index, 0.0);
    assert_eq!(s.reading, StabilityReading::Small);
}

#[test]
fn ties_merge_edges_and_empty_bins_stay_finite() {
    // Half the reference sits at 0: edges 1..5 all fall on the first value above 0.
    let reference = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let s = population_stability(&reference, None, &[9.0, 9.0, 9.0]).unwrap();
    assert_eq!(s.edges, [1.0, 2.0, 3.0, 4.0, 5.0]);
    // Bin shares with the ½ rule: reference (5.5, 1.5, …)/13, production 0.5/6 or 3.5/6.
    assert!(close(s.reference_shares[0], 5.5 / 13.0));
    assert!(close(s.production_shares[5], 3.5 / 6.0));
    assert!(s.index.is_finite() && s.index > 0.25);
    // A constant reference has a single bin and no measurable drift.
    let flat = population_stability(&[0.3; 5], None, &[0.1, 0.9]).unwrap();
    assert!(flat.edges.is_empty() && flat.index == 0.0);
    // All-tied top: no score has 90 % strictly below it.
    let top = population_stability(&[0.0, 1.0, 1.0, 1.0], None, &[1.0]).unwrap();
    assert_eq!(top.edges, [1.0]);
}

#[test]
fn psi_reading_boundaries() {
    assert_eq!(StabilityReading::of(0.099), StabilityReading::Small);
    assert_eq!(StabilityReading::of(0.1), StabilityReading::Moderate);
    assert_eq!(StabilityReading::of(0.25), StabilityReading::Moderate);
    assert_eq!(StabilityReading::of(0.2501), StabilityReading::Large);
}

#[test]
fn ks_ties_across_samples() {
    // Identical samples: D = 0, p = 1. Ties across samples count at the same value.
    let r = kolmogorov_smirnov(&[1.0, 2.0, 2.0], None, &[2.0, 2.0, 1.0]).unwrap();
    assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
    // F_ref(1) = 1/2, F_prod(1) = 0 → D = ½ (scipy: ks_2samp([1, 2], [2, 2]) = 0.5).
    let r = kolmogorov_smirnov(&[1.0, 2.0], None, &[2.0, 2.0]).unwrap();
    assert_eq!(r.statistic, 0.5);
    // −0.0 and 0.0 are the same score.
    let r = kolmogorov_smirnov(&[-0.0, 1.0], None, &[0.0, 1.0]).unwrap();
    assert_eq!(r.statistic, 0.0);
}

#[test]
fn reweighting_to_production_prevalence() {
    let positive = [true, false, false, false];
    let w = reference_weights(&positive, None, 0.5).unwrap();
    // π_eval = ¼: positives ×2, negatives ×(½ / ¾).
    assert!(close(w[0], 2.0) && close(w[1], 2.0 / 3.0));
    assert!(close(w.iter().sum(), 4.0));
    let counted = reference_weights(&positive, Some(&[2.0, 1.0, 1.0, 0.0]), 0.25).unwrap();
    assert!(close(counted[0], 2.0 * 0.25 / 0.5) && counted[3] == 0.0);
    assert!(reference_weights(&[true, true], None, 0.5).is_none());
    assert!(reference_weights(&positive, None, 1.5).is_none());
    assert!(reference_weights(&positive, Some(&[1.0]), 0.5).is_none());
    // Reweighting moves the reference towards the positives' scores.
    let scores = [0.9, 0.1, 0.2, 0.3];
    let production = [0.9, 0.9, 0.1, 0.2];
    let plain = kolmogorov_smirnov(&scores, None, &production).unwrap();
    let reweighted = kolmogorov_smirnov(&scores, Some(&w), &production).unwrap();
    assert!(reweighted.statistic < plain.statistic);
}

#[test]
fn invalid_inputs() {
    assert!(population_stability(&[], None, &[1.0]).is_none());
    assert!(population_stability(&[1.0], None, &[]).is_none());
    assert!(population_stability(&[1.0, f64::NAN], None, &[1.0]).is_none());
    assert!(population_stability(&[1.0], None, &[f64::INFINITY]).is_none());
    assert!(population_stability(&[1.0, 2.0], Some(&[0.0, 0.0]), &[1.0]).is_none());
    assert!(population_stability(&[1.0, 2.0], Some(&[1.0, -1.0]), &[1.0]).is_none());
    assert!(kolmogorov_smirnov(&[1.0, 2.0], Some(&[1.0]), &[1.0]).is_none());
    assert!(kolmogorov_smirnov(&[], None, &[1.0]).is_none());
    assert!(kolmogorov_smirnov(&[1.0], None, &[]).is_none());
}
