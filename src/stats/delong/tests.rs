use super::*;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// DeLong (1988) straight from its definitions, O(m·n), on unit-weight cases:
/// ψ(x, y) = 1, ½, 0; V10, V01; S10, S01 with divisors m − 1, n − 1.
/// Returns (auc_a, auc_b, var_a, var_b, cov).
fn brute_force(a: &[f64], b: &[f64], positive: &[bool]) -> (f64, f64, f64, f64, f64) {
    let psi = |x: f64, y: f64| {
        if x > y {
            1.0
        } else if x == y {
            0.5
        } else {
            0.0
        }
    };
    let pos: Vec<usize> = (0..positive.len()).filter(|&i| positive[i]).collect();
    let neg: Vec<usize> = (0..positive.len()).filter(|&i| !positive[i]).collect();
    let (m, n) = (pos.len() as f64, neg.len() as f64);
    let v10 = |s: &[f64]| -> Vec<f64> {
        pos.iter()
            .map(|&i| neg.iter().map(|&j| psi(s[i], s[j])).sum::<f64>() / n)
            .collect()
    };
    let v01 = |s: &[f64]| -> Vec<f64> {
        neg.iter()
            .map(|&j| pos.iter().map(|&i| psi(s[i], s[j])).sum::<f64>() / m)
            .collect()
    };
    let auc = |s: &[f64]| {
        pos.iter()
            .flat_map(|&i| neg.iter().map(move |&j| (i, j)))
            .map(|(i, j)| psi(s[i], s[j]))
            .sum::<f64>()
            / (m * n)
    };
    let (auc_a, auc_b) = (auc(a), auc(b));
    let (a10, b10, a01, b01) = (v10(a), v10(b), v01(a), v01(b));
    let s = |x: &[f64], mx: f64, y: &[f64], my: f64| {
        x.iter()
            .zip(y)
            .map(|(p, q)| (p - mx) * (q - my))
            .sum::<f64>()
            / (x.len() as f64 - 1.0)
    };
    let var_a = s(&a10, auc_a, &a10, auc_a) / m + s(&a01, auc_a, &a01, auc_a) / n;
    let var_b = s(&b10, auc_b, &b10, auc_b) / m + s(&b01, auc_b, &b01, auc_b) / n;
    let cov = s(&a10, auc_a, &b10, auc_b) / m + s(&a01, auc_a, &b01, auc_b) / n;
    (auc_a, auc_b, var_a, var_b, cov)
}

/// Correlated scores on a coarse grid so that ties are common, within and across
/// classes.
fn random_case(rng: &mut StdRng, len: usize) -> (Vec<f64>, Vec<f64>, Vec<bool>) {
    let mut a = Vec::with_capacity(len);
    let mut b = Vec::with_capacity(len);
    let mut positive = Vec::with_capacity(len);
    for _ in 0..len {
        let label = rng.random_bool(0.3);
        let signal = if label { 0.6 } else { 0.0 };
        let common: f64 = rng.random::<f64>() + signal;
        let x = (common + 0.5 * rng.random::<f64>()) * 4.0;
        let y = (common + 0.8 * rng.random::<f64>()) * 3.0;
        a.push(x.round() / 4.0);
        b.push(y.round() / 3.0);
        positive.push(label);
    }
    (a, b, positive)
}

#[test]
fn matches_brute_force_with_ties() {
    let mut rng = StdRng::seed_from_u64(1988);
    let mut checked = 0;
    for round in 0..60 {
        let (a, b, positive) = random_case(&mut rng, 5 + round * 4);
        let Some(fast) = compare_aucs(&a, &b, &positive, None) else {
            continue;
        };
        let (auc_a, auc_b, var_a, var_b, cov) = brute_force(&a, &b, &positive);
        assert!((fast.auc_a - auc_a).abs() < 1e-12, "round {round}");
        assert!((fast.auc_b - auc_b).abs() < 1e-12, "round {round}");
        assert!((fast.variance_a - var_a).abs() < 1e-12, "round {round}");
        assert!((fast.variance_b - var_b).abs() < 1e-12, "round {round}");
        assert!((fast.covariance - cov).abs() < 1e-12, "round {round}");
        let se = (var_a + var_b - 2.0 * cov).max(0.0).sqrt();
        assert!((fast.standard_error - se).abs() < 1e-9, "round {round}");
        checked += 1;
    }
    assert!(checked > 50, "only {checked} rounds had both classes");
}

#[test]
fn frequency_counts_equal_expanded_rows() {
    let mut rng = StdRng::seed_from_u64(14);
    for round in 0..30 {
        let (a, b, positive) = random_case(&mut rng, 10 + round * 3);
        let counts: Vec<f64> = (0..a.len())
            .map(|_| rng.random_range(0..4) as f64)
            .collect();
        let (mut ea, mut eb, mut ep) = (vec![], vec![], vec![]);
        for i in 0..a.len() {
            for _ in 0..counts[i] as usize {
                ea.push(a[i]);
                eb.push(b[i]);
                ep.push(positive[i]);
            }
        }
        let weighted = compare_aucs(&a, &b, &positive, Some(&counts));
        let expanded = compare_aucs(&ea, &eb, &ep, None);
        match (weighted, expanded) {
            (Some(w), Some(e)) => {
                assert!((w.auc_a - e.auc_a).abs() < 1e-12);
                assert!((w.auc_b - e.auc_b).abs() < 1e-12);
                assert!((w.variance_a - e.variance_a).abs() < 1e-12);
                assert!((w.variance_b - e.variance_b).abs() < 1e-12);
                assert!((w.covariance - e.covariance).abs() < 1e-12);
                assert!((w.standard_error - e.standard_error).abs() < 1e-12);
                let (wp, ep) = (w.p_value.unwrap_or(-1.0), e.p_value.unwrap_or(-1.0));
                assert!((wp - ep).abs() < 1e-9, "round {round}");
            }
            (None, None) => {}
            (w, e) => panic!("round {round}: weighted {w:?} but expanded {e:?}"),
        }
    }
}

#[test]
fn hand_worked_case() {
    // Positives 0.9, 0.5; negatives 0.5, 0.1. Model A: pairs 1, 1, ½, 1 → AUC 7/8.
    // V10 = (1, ¾), V01 = (¾, 1); S10 = S01 = 1/32; var = 1/64 + 1/64 = 1/32.
    let a = [0.9, 0.5, 0.5, 0.1];
    let b = [0.1, 0.5, 0.5, 0.9];
    let positive = [true, true, false, false];
    let r = compare_aucs(&a, &b, &positive, None).unwrap();
    assert!((r.auc_a - 0.875).abs() < 1e-15);
    assert!((r.auc_b - 0.125).abs() < 1e-15);
    assert!((r.variance_a - 1.0 / 32.0).abs() < 1e-15);
    assert!((r.difference - 0.75).abs() < 1e-15);
    let (low, high) = r.interval95;
    assert!((high - r.difference - (r.difference - low)).abs() < 1e-12);
    assert!(((high - r.difference) / r.standard_error - 1.959_963_984_540_054).abs() < 1e-9);
    // Two-sided normal p-value: erfc(|z|/√2).
    let z = r.difference / r.standard_error;
    let expected = statrs::function::erf::erfc(z.abs() / std::f64::consts::SQRT_2);
    assert!((r.p_value.unwrap() - expected).abs() < 1e-12);
}

#[test]
fn degenerate_inputs() {
    let positive = [true, true, false, false];
    // One class only, or a class of a single case.
    assert!(compare_aucs(&[0.1, 0.2], &[0.1, 0.2], &[true, true], None).is_none());
    assert!(
        compare_aucs(
            &[0.1, 0.2, 0.3],
            &[0.1, 0.2, 0.3],
            &[true, false, false],
            None
        )
        .is_none()
    );
    assert!(compare_aucs(&[], &[], &[], None).is_none());
    // Mismatched lengths, non-finite scores, negative counts.
    assert!(compare_aucs(&[0.1; 3], &[0.1; 4], &positive, None).is_none());
    assert!(compare_aucs(&[0.1, f64::NAN, 0.2, 0.3], &[0.1; 4], &positive, None).is_none());
    let bad = [1.0, -1.0, 1.0, 1.0];
    assert!(compare_aucs(&[0.1; 4], &[0.1; 4], &positive, Some(&bad)).is_none());
    // Zero counts can empty a class.
    let zero = [1.0, 1.0, 0.0, 0.0];
    assert!(compare_aucs(&[0.1; 4], &[0.1; 4], &positive, Some(&zero)).is_none());
    // Constant scores: AUC ½, no variance, no p-value.
    let r = compare_aucs(&[0.3; 4], &[0.7; 4], &positive, None).unwrap();
    assert_eq!(
        (r.auc_a, r.auc_b, r.standard_error, r.p_value),
        (0.5, 0.5, 0.0, None)
    );
    // Identical models: difference 0, se 0, p-value undefined.
    let s = [0.9, 0.4, 0.5, 0.1];
    let r = compare_aucs(&s, &s, &positive, None).unwrap();
    assert_eq!(
        (r.difference, r.standard_error, r.p_value),
        (0.0, 0.0, None)
    );
    assert_eq!(r.interval95, (0.0, 0.0));
}

#[test]
fn negative_zero_ties_with_zero() {
    let positive = [true, true, false, false];
    let r = compare_aucs(&[0.0, 1.0, -0.0, -1.0], &[0.0; 4], &positive, None).unwrap();
    // Pairs: (0,−0) ½, (0,−1) 1, (1,−0) 1, (1,−1) 1 → 3.5/4.
    assert!((r.auc_a - 0.875).abs() < 1e-15);
}

proptest! {
    #[test]
    fn swapping_models_negates_the_difference(
        rows in prop::collection::vec((0u8..6, 0u8..6, any::<bool>()), 4..40)
    ) {
        let a: Vec<f64> = rows.iter().map(|r| f64::from(r.0) / 5.0).collect();
        let b: Vec<f64> = rows.iter().map(|r| f64::from(r.1) / 5.0).collect();
        let positive: Vec<bool> = rows.iter().map(|r| r.2).collect();
        if let (Some(ab), Some(ba)) = (
            compare_aucs(&a, &b, &positive, None),
            compare_aucs(&b, &a, &positive, None),
        ) {
            prop_assert!((ab.difference + ba.difference).abs() < 1e-12);
            prop_assert!((ab.standard_error - ba.standard_error).abs() < 1e-12);
            prop_assert!((0.0..=1.0).contains(&ab.auc_a) && ab.variance_a >= 0.0);
            prop_assert!(ab.covariance.abs() <= (ab.variance_a * ab.variance_b).sqrt() + 1e-12);
            if let Some(p) = ab.p_value {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }
}
