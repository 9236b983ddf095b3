use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal};
use rand_pcg::Pcg64;
use rayon::prelude::*;

use super::*;

/// Simulated coverage of the effect's interval (and of Welch's, for comparison):
/// `repetitions` experiments of `holdout` and `model` cases, each case's outcome
/// `draw(positive share of its arm)`.
fn coverage(
    holdout: usize,
    model: usize,
    shares: (f64, f64),
    amount: Option<(f64, f64)>,
    repetitions: u64,
) -> (f64, f64) {
    let mean_amount = amount.map_or(1.0, |(mu, sigma): (f64, f64)| {
        (mu + sigma * sigma / 2.0).exp()
    });
    let truth = (shares.0 - shares.1) * mean_amount;
    let hits: Vec<(bool, bool)> = (0..repetitions)
        .into_par_iter()
        .map(|rep| {
            let mut rng = Pcg64::seed_from_u64(7_000 + rep);
            let lognormal = amount.map(|(mu, sigma)| LogNormal::new(mu, sigma).unwrap());
            let mut draw = |n: usize, share: f64| -> Vec<f64> {
                (0..n)
                    .map(|_| {
                        if rng.random::<f64>() < share {
                            lognormal.as_ref().map_or(1.0, |l| l.sample(&mut rng))
                        } else {
                            0.0
                        }
                    })
                    .collect()
            };
            let h = draw(holdout, shares.0);
            let m = draw(model, shares.1);
            // 499 replicates (the page uses 1,999) to keep the debug-build test short.
            let e = effect_with(&m, &h, 499).unwrap();
            (
                e.per_case.covers(truth),
                e.welch.interval.0 <= truth && truth <= e.welch.interval.1,
            )
        })
        .collect();
    let share = |f: &dyn Fn(&(bool, bool)) -> bool| {
        hits.iter().filter(|h| f(h)).count() as f64 / repetitions as f64
    };
    (share(&|h| h.0), share(&|h| h.1))
}

#[test]
fn the_interval_covers_93_to_97_percent_for_0_1_and_heavy_tailed_money() {
    // A 10 % holdout of 15,000 cases; 4 % of held-out cases and 1.5 % of the
    // model's end in a loss. 0/1 outcomes (a chargeback), then money: each loss a
    // lognormal amount with σ = 1.1 on the log scale (the fraud sample's amounts
    // of frauds: mean log 4.97, sd 1.07), mostly zero and heavy-tailed.
    let (binary, binary_welch) = coverage(1500, 13_500, (0.04, 0.015), None, 1000);
    let (money, money_welch) = coverage(1500, 13_500, (0.04, 0.015), Some((5.0, 1.1)), 1000);
    eprintln!(
        "experiment coverage: 0/1 {:.1} % (Welch {:.1} %), lognormal money {:.1} % (Welch {:.1} %)",
        100.0 * binary,
        100.0 * binary_welch,
        100.0 * money,
        100.0 * money_welch
    );
    assert!((0.93..=0.97).contains(&binary), "0/1: {binary}");
    assert!((0.93..=0.97).contains(&money), "money: {money}");
}

#[test]
fn welch_matches_a_hand_computation_and_the_bootstrap_is_deterministic() {
    // Holdout 1, 2, 3, 4 (mean 2.5, s² 5/3); model 0, 0, 1 (mean 1/3, s² 1/3).
    let w = welch(&[0.0, 0.0, 1.0], &[1.0, 2.0, 3.0, 4.0]).unwrap();
    let (vh, vm) = (5.0 / 3.0 / 4.0, 1.0 / 3.0 / 3.0);
    assert!((w.difference - (2.5 - 1.0 / 3.0)).abs() < 1e-12);
    assert!((w.standard_error - f64::sqrt(vh + vm)).abs() < 1e-12);
    let df = (vh + vm).powi(2) / (vh * vh / 3.0 + vm * vm / 2.0);
    assert!((w.degrees_of_freedom - df).abs() < 1e-9);
    let a = effect(&[0.0, 5.0, 0.0, 2.0, 0.0], &[3.0, 0.0, 9.0, 0.0]).unwrap();
    let b = effect(&[2.0, 0.0, 0.0, 5.0, 0.0], &[0.0, 9.0, 3.0, 0.0]).unwrap();
    assert_eq!(a, b, "row order must not matter");
    assert!(!a.binary && a.per_case.low.is_finite() && a.per_case.low <= a.per_case.high);
    assert!(effect(&[1.0], &[1.0, 2.0]).is_none());
    assert!(effect(&[1.0, f64::NAN], &[1.0, 2.0]).is_none());
    let flat = effect(&[1.0, 1.0], &[0.0, 0.0]).unwrap();
    assert_eq!((flat.per_case.low, flat.per_case.high), (-1.0, -1.0));
    assert!(flat.binary);
}

#[test]
fn welch_and_the_split_test_equal_scipy_and_statsmodels_on_scikit_learn_data() {
    // tests/oracle/experiment_oracle.py: scipy's ttest_ind(equal_var=False) and its
    // confidence_interval, statsmodels' tconfint_diff(usevar="unequal") and
    // binomtest, on scikit-learn's diabetes (amounts) and breast-cancer (0/1) data.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let oracle: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.join("tests/data/experiment_oracle.json")).unwrap(),
    )
    .unwrap();
    for name in ["diabetes", "breast_cancer"] {
        let text = std::fs::read_to_string(root.join(format!("tests/data/experiment_{name}.csv")))
            .unwrap();
        let (mut model, mut holdout) = (Vec::new(), Vec::new());
        for line in text.lines().skip(1) {
            let (arm, value) = line.split_once(',').unwrap();
            let value: f64 = value.parse().unwrap();
            if arm == "model" {
                model.push(value);
            } else {
                holdout.push(value);
            }
        }
        let o = &oracle[name];
        let close = |ours: f64, theirs: &serde_json::Value, what: &str| {
            let theirs = theirs.as_f64().unwrap();
            assert!(
                (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
                "{name} {what}: {ours} against {theirs}"
            );
        };
        let w = welch(&model, &holdout).unwrap();
        close(w.difference, &o["difference"], "difference");
        close(w.standard_error, &o["standard_error"], "standard error");
        close(w.degrees_of_freedom, &o["df"], "df");
        for key in ["welch_interval", "statsmodels_interval"] {
            close(w.interval.0, &o[key][0], key);
            close(w.interval.1, &o[key][1], key);
        }
        let n = (model.len() + holdout.len()) as u64;
        for split in ["0.5", "0.55"] {
            let p = sample_ratio_p_value(model.len() as u64, n, split.parse().unwrap()).unwrap();
            close(p, &o["split"][split]["binomtest_p"], "binomtest");
        }
        // On these near-symmetric outcomes of a few hundred cases the studentized
        // bootstrap and Welch's t agree to within a tenth of the interval's width.
        let e = effect(&model, &holdout).unwrap();
        let width = w.interval.1 - w.interval.0;
        assert!(
            (e.per_case.low - w.interval.0).abs() < 0.1 * width
                && (e.per_case.high - w.interval.1).abs() < 0.1 * width,
            "{name}: bootstrap-t {:?} against Welch {:?}",
            e.per_case,
            w.interval
        );
        assert_eq!(e.binary, name == "breast_cancer");
    }
}
