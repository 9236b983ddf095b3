use proptest::prelude::*;

use super::*;
use crate::stats::weights::RowWeights;

fn counts(tp: f64, fp: f64, tn: f64, fn_: f64) -> Counts {
    Counts { tp, fp, tn, fn_ }
}

#[test]
fn ties_at_the_threshold_are_flagged() {
    // Two cases tie at exactly 0.5: score >= threshold flags both.
    let s = Sweep::build(
        &[0.9, 0.5, 0.5, 0.1],
        &[true, true, false, false],
        RowWeights::default(),
    );
    assert_eq!(s.counts_at(0.5), counts(2.0, 1.0, 1.0, 0.0));
    assert_eq!(s.counts_at(0.5f64.next_up()), counts(1.0, 0.0, 2.0, 1.0));
    assert_eq!(s.levels().collect::<Vec<_>>(), [0.9, 0.5, 0.1]);
}

#[test]
fn thresholds_at_zero_and_one() {
    let s = Sweep::build(
        &[0.0, 0.3, 1.0],
        &[false, true, true],
        RowWeights::default(),
    );
    assert_eq!(s.counts_at(0.0), counts(2.0, 1.0, 0.0, 0.0));
    assert_eq!(s.counts_at(1.0), counts(1.0, 0.0, 1.0, 1.0));
    assert_eq!(s.counts_at(1.5), counts(0.0, 0.0, 1.0, 2.0));
    assert_eq!(s.counts_at(-1.0), counts(2.0, 1.0, 0.0, 0.0));
}

#[test]
fn one_row_and_one_class() {
    let s = Sweep::build(&[0.7], &[true], RowWeights::default());
    assert_eq!(s.counts_at(0.7), counts(1.0, 0.0, 0.0, 0.0));
    assert_eq!(s.roc_auc(), None, "ROC AUC needs both classes");
    assert_eq!(s.average_precision(), Some(1.0));
    let negatives_only = Sweep::build(&[0.2, 0.4], &[false, false], RowWeights::default());
    assert_eq!(negatives_only.average_precision(), None);
    assert_eq!(negatives_only.counts_at(0.3).true_positive_rate(), None);
    assert_eq!(
        negatives_only.counts_at(0.3).false_positive_rate(),
        Some(0.5)
    );
}

#[test]
fn all_scores_equal_give_a_diagonal() {
    let s = Sweep::build(
        &[0.4; 6],
        &[true, false, true, false, false, false],
        RowWeights::default(),
    );
    assert_eq!(s.distinct_scores(), 1);
    assert_eq!(s.roc_auc(), Some(0.5));
    // One threshold: precision 2/6 over the whole recall step.
    assert!((s.average_precision().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(s.counts_at(0.4), counts(2.0, 4.0, 0.0, 0.0));
}

#[test]
fn weights_count_as_repeated_rows() {
    let weighted = Sweep::build(
        &[0.9, 0.6, 0.3],
        &[true, false, true],
        RowWeights::sampling(Some(&[2.0, 3.0, 1.0])),
    );
    let repeated = Sweep::build(
        &[0.9, 0.9, 0.6, 0.6, 0.6, 0.3],
        &[true, true, false, false, false, true],
        RowWeights::default(),
    );
    assert_eq!(weighted.counts_at(0.6), repeated.counts_at(0.6));
    assert_eq!(weighted.roc_auc(), repeated.roc_auc());
    assert_eq!(weighted.average_precision(), repeated.average_precision());
    // Kish: (2 + 1)² / (4 + 1) = 1.8 effective positives.
    assert!((weighted.effective_positives - 1.8).abs() < 1e-12);
    assert_eq!(repeated.effective_positives, 3.0);
}

#[test]
fn zero_weight_rows_are_ignored() {
    let s = Sweep::build(
        &[0.9, 0.5, 0.1],
        &[true, false, false],
        RowWeights::sampling(Some(&[1.0, 0.0, 1.0])),
    );
    assert_eq!(s.rows, 2);
    assert_eq!(s.levels().collect::<Vec<_>>(), [0.9, 0.1]);
}

#[test]
fn hand_worked_auc_and_average_precision() {
    // Scores 0.8(+) 0.6(−) 0.4(+) 0.2(−): pairs ordered right 3 of 4 → AUC 0.75.
    // AP = ½·1 + ½·(2/3) = 5/6.
    let s = Sweep::build(
        &[0.8, 0.6, 0.4, 0.2],
        &[true, false, true, false],
        RowWeights::default(),
    );
    assert!((s.roc_auc().unwrap() - 0.75).abs() < 1e-12);
    assert!((s.average_precision().unwrap() - 5.0 / 6.0).abs() < 1e-12);
}

fn dataset() -> impl Strategy<Value = (Vec<f64>, Vec<bool>, Vec<f64>)> {
    (1usize..200).prop_flat_map(|n| {
        (
            // Few distinct values so ties are common.
            prop::collection::vec((0u8..20).prop_map(|v| f64::from(v) / 19.0), n),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(0.0f64..5.0, n),
        )
    })
}

proptest! {
    #[test]
    fn counts_sum_and_rates_never_rise((scores, labels, weights) in dataset(), weighted in any::<bool>()) {
        let w = weighted.then_some(weights.as_slice());
        let s = Sweep::build(&scores, &labels, RowWeights::sampling(w));
        let total = s.positives + s.negatives;
        let mut previous: Option<Counts> = None;
        for step in 0..=24 {
            let t = -0.1 + f64::from(step) * 0.05;
            let c = s.counts_at(t);
            prop_assert!((c.tp + c.fp + c.tn + c.fn_ - total).abs() < 1e-9);
            if let Some(p) = previous {
                prop_assert!(c.tp <= p.tp + 1e-9, "TPR rose as the threshold rose");
                prop_assert!(c.fp <= p.fp + 1e-9, "FPR rose as the threshold rose");
            }
            // Brute force: the definition, row by row.
            let brute_tp: f64 = scores.iter().zip(&labels).enumerate()
                .filter(|(_, (sc, l))| **l && **sc >= t)
                .map(|(i, _)| w.map_or(1.0, |w| w[i])).sum();
            prop_assert!((c.tp - brute_tp).abs() < 1e-9);
            previous = Some(c);
        }
        if let Some(auc) = s.roc_auc() {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&auc));
        }
    }
}

proptest! {
    #[test]
    fn integer_sort_orders_like_total_cmp(scores in prop::collection::vec(
        prop_oneof![-1e6f64..1e6, Just(0.0), Just(-0.0), Just(f64::MIN_POSITIVE / 4.0), -1.0f64..1.0],
        0..300,
    )) {
        let mut expected = scores.clone();
        expected.sort_by(|a, b| b.total_cmp(a));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&sort_descending(scores)), bits(&expected));
    }
}

#[test]
fn counted_rows_give_what_their_expanded_rows_give() {
    // 2 positives at 0.9, 3 negatives at 0.6, 1 positive at 0.3, one row counted 0.
    let counts = [2.0, 3.0, 1.0, 0.0];
    let counted = Sweep::build(
        &[0.9, 0.6, 0.3, 0.95],
        &[true, false, true, false],
        RowWeights {
            counts: Some(&counts),
            ..RowWeights::default()
        },
    );
    let expanded = Sweep::build(
        &[0.9, 0.9, 0.6, 0.6, 0.6, 0.3],
        &[true, true, false, false, false, true],
        RowWeights::default(),
    );
    assert_eq!(counted.counts_at(0.6), expanded.counts_at(0.6));
    assert_eq!(counted.roc_auc(), expanded.roc_auc());
    assert_eq!(counted.average_precision(), expanded.average_precision());
    // Frequencies, not sampling weights: Kish's n is the number of cases.
    assert_eq!(counted.effective_positives, 3.0);
    assert_eq!(counted.effective_negatives, 3.0);
    assert_eq!((counted.rows, counted.cases), (3, 6.0));
    assert!(counted.levels().eq(expanded.levels()));
}

#[test]
fn grouped_scores_bound_the_ungrouped_auc_and_average_precision() {
    use rand::{RngExt as _, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(14);
    for round in 0..50 {
        let n = 50 + round * 7;
        let scores: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let labels: Vec<bool> = scores
            .iter()
            .map(|s| rng.random::<f64>() < 0.2 + 0.6 * s)
            .collect();
        if !labels.contains(&true) || !labels.contains(&false) {
            continue;
        }
        let step = [0.1, 0.05, 0.01][round % 3];
        let grouped: Vec<f64> = scores.iter().map(|s| (s / step).floor() * step).collect();
        let raw = Sweep::build(&scores, &labels, RowWeights::default());
        let coarse = Sweep::build(&grouped, &labels, RowWeights::default());
        let auc = coarse.roc_auc().unwrap();
        let half = coarse.tied_pairs_share().unwrap() / 2.0;
        let truth = raw.roc_auc().unwrap();
        assert!((truth - auc).abs() <= half + 1e-12, "{truth} {auc} ±{half}");
        let (low, high) = coarse.average_precision_range().unwrap();
        let ap = raw.average_precision().unwrap();
        assert!(low - 1e-12 <= ap && ap <= high + 1e-12, "{low} {ap} {high}");
        let grouped_ap = coarse.average_precision().unwrap();
        assert!(low <= grouped_ap + 1e-12 && grouped_ap <= high + 1e-12);
    }
}

#[test]
fn the_sweep_holds_about_eight_bytes_a_row() {
    // A million distinct scores, unweighted: each class's sorted scores and nothing
    // per distinct score (the old layout held 24 bytes per distinct score).
    use rand::{RngExt as _, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(13);
    let n = 1_000_000;
    let scores: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
    let labels: Vec<bool> = (0..n).map(|_| rng.random::<f64>() < 0.034).collect();
    let s = Sweep::build(&scores, &labels, RowWeights::default());
    assert_eq!(s.distinct_scores(), n, "random f64 scores are all distinct");
    let per_row = s.heap_bytes() as f64 / n as f64;
    assert!(per_row <= 8.0, "{per_row} bytes a row");
    // Weighted: the running weight beside each score, 16 bytes a row.
    let weights: Vec<f64> = (0..n).map(|_| rng.random::<f64>() + 0.5).collect();
    let w = Sweep::build(&scores, &labels, RowWeights::sampling(Some(&weights)));
    let per_row = w.heap_bytes() as f64 / n as f64;
    assert!(per_row <= 16.0, "{per_row} bytes a weighted row");
}

/// Scores with many ties, labels, sampling weights (some zero) and counts (some 0).
fn weighted_dataset() -> impl Strategy<Value = (Vec<f64>, Vec<bool>, Vec<f64>, Vec<f64>)> {
    (0usize..150).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..12).prop_map(|v| f64::from(v) / 11.0), n),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..4.0], n),
            prop::collection::vec((0u8..5).prop_map(f64::from), n),
        )
    })
}

proptest! {
    #[test]
    fn counts_and_points_equal_a_brute_force_count(
        (scores, labels, weights, counts) in weighted_dataset(),
        kind in 0u8..4,
    ) {
        let row_weights = RowWeights {
            weights: (kind & 1 == 1).then_some(weights.as_slice()),
            counts: (kind & 2 == 2).then_some(counts.as_slice()),
            squares: None,
        };
        let s = Sweep::build(&scores, &labels, row_weights);
        // Brute force, row by row: weight of each class at or above t.
        let brute = |t: f64| {
            let (mut tp, mut fp, mut p, mut n) = (0.0, 0.0, 0.0, 0.0);
            for (i, (&score, &label)) in scores.iter().zip(&labels).enumerate() {
                let w = row_weights.of(i);
                match (label, score >= t) {
                    (true, true) => { tp += w; p += w }
                    (true, false) => p += w,
                    (false, true) => { fp += w; n += w }
                    (false, false) => n += w,
                }
            }
            counts_of(tp, fp, p, n)
        };
        let close = |a: Counts, b: Counts| {
            [(a.tp, b.tp), (a.fp, b.fp), (a.tn, b.tn), (a.fn_, b.fn_)]
                .iter()
                .all(|(x, y)| (x - y).abs() < 1e-9)
        };
        for step in -1..=12 {
            let t = f64::from(step) / 11.0;
            for t in [t, t.next_up(), t.next_down()] {
                prop_assert!(close(s.counts_at(t), brute(t)), "at {}", t);
            }
        }
        // Every distinct score of a row that counts, highest first, with its counts.
        let mut expected: Vec<f64> = scores
            .iter()
            .enumerate()
            .filter(|&(i, _)| row_weights.of(i) != 0.0)
            .map(|(_, &s)| s)
            .collect();
        expected.sort_by(|a, b| b.total_cmp(a));
        expected.dedup();
        let points: Vec<(f64, Counts)> = s.points().collect();
        prop_assert_eq!(points.len(), expected.len());
        prop_assert_eq!(s.distinct_scores(), expected.len());
        for ((t, c), e) in points.iter().zip(&expected) {
            prop_assert_eq!(t, e);
            prop_assert!(close(*c, brute(*t)), "point at {}", t);
        }
        prop_assert!(s.levels().eq(expected.iter().copied()));
        prop_assert_eq!(
            s.score_range(),
            expected.last().copied().zip(expected.first().copied())
        );
        // AUC from the stored merge pass equals the pairwise definition.
        if let Some(auc) = s.roc_auc() {
            let (mut right, mut total) = (0.0, 0.0);
            for (i, (&si, &li)) in scores.iter().zip(&labels).enumerate() {
                for (j, (&sj, &lj)) in scores.iter().zip(&labels).enumerate() {
                    if li && !lj {
                        let w = row_weights.of(i) * row_weights.of(j);
                        total += w;
                        right += w * if si > sj { 1.0 } else if si == sj { 0.5 } else { 0.0 };
                    }
                }
            }
            prop_assert!((auc - right / total).abs() < 1e-9, "{} vs {}", auc, right / total);
        }
    }
}

fn counts_of(tp: f64, fp: f64, positives: f64, negatives: f64) -> Counts {
    counts(tp, fp, negatives - fp, positives - tp)
}
