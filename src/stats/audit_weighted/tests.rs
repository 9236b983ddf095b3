use super::*;
use crate::stats::audit::{AuditCounts, estimate_from_audit};

fn case(flagged: bool, positive: bool, probability: f64) -> WeightedCase {
    WeightedCase {
        flagged,
        positive,
        probability,
    }
}

#[test]
fn equal_probabilities_give_the_stratified_estimate() {
    // 200 flagged all audited (150 positive); 9 800 unflagged, 200 audited (4).
    let mut cases = Vec::new();
    cases.extend((0..200).map(|i| case(true, i < 150, 1.0)));
    cases.extend((0..200).map(|i| case(false, i < 4, 200.0 / 9800.0)));
    let w = estimate_weighted(200, 9800, &cases).unwrap();
    let s = estimate_from_audit(&AuditCounts {
        flagged: 200,
        not_flagged: 9800,
        flagged_audited: 200,
        flagged_audited_positive: 150,
        not_flagged_audited: 200,
        not_flagged_audited_positive: 4,
    })
    .unwrap();
    assert_eq!(w.estimates.caught, s.caught);
    assert_eq!(w.estimates.precision, s.precision);
    let (a, b) = (w.estimates.missed.unwrap(), s.missed.unwrap());
    assert!((a.value - b.value).abs() < 1e-9);
    // Same Wilson form; n* = p(1−p)/v = n/(1 − f)·(n−1)/n, within a case of
    // Cochran's n' = n(N−1)/(N−n).
    assert!((a.high - b.high).abs() / b.high < 0.01, "{a:?} {b:?}");
    // Caught is exact, so the miss rate's variance is the unflagged group's alone.
    let rate = w.miss_rate.unwrap();
    assert!((rate.value - 196.0 / 346.0).abs() < 1e-9);
    assert!(rate.low < rate.value && rate.value < rate.high);
}

#[test]
fn unequal_probabilities_by_hand() {
    // Unflagged: band A (π = 0.5) 4 audited, 2 positive; band B (π = 0.1) 10
    // audited, 1 positive. N̂_A = 8, N̂_B = 100. p̂ = (2/0.5 + 1/0.1)/108 = 14/108.
    let mut cases = Vec::new();
    cases.extend((0..4).map(|i| case(false, i < 2, 0.5)));
    cases.extend((0..10).map(|i| case(false, i < 1, 0.1)));
    cases.push(case(true, true, 1.0));
    let w = estimate_weighted(1, 108, &cases).unwrap();
    let missed = w.estimates.missed.unwrap();
    assert!((missed.value - 108.0 * 14.0 / 108.0).abs() < 1e-9);
    // v = (8/108)²·0.5·(4/3·¼)/4 + (100/108)²·0.9·(10/9·0.09)/10.
    let v = (8.0_f64 / 108.0).powi(2) * 0.5 * (4.0 / 3.0 * 0.25) / 4.0
        + (100.0_f64 / 108.0).powi(2) * 0.9 * (10.0 / 9.0 * 0.09) / 10.0;
    let p = 14.0 / 108.0;
    let expected = crate::stats::interval::wilson(p, p * (1.0 - p) / v).unwrap();
    assert!((missed.low - 108.0 * expected.low).abs() < 1e-9);
    assert!((missed.high - 108.0 * expected.high).abs() < 1e-9);
    assert_eq!(w.estimates.caught.unwrap(), Estimate::exact(1.0));
}

#[test]
fn census_is_exact_and_bad_probabilities_refused() {
    let cases = [
        case(true, true, 1.0),
        case(false, false, 1.0),
        case(false, true, 1.0),
    ];
    let w = estimate_weighted(1, 2, &cases).unwrap();
    assert_eq!(w.estimates.missed.unwrap(), Estimate::exact(1.0));
    assert_eq!(w.miss_rate.unwrap(), Estimate::exact(0.5));
    assert!(estimate_weighted(1, 2, &[case(true, true, 0.0)]).is_none());
    assert!(estimate_weighted(1, 2, &[case(true, true, 1.5)]).is_none());
    assert!(estimate_weighted(0, 0, &[]).is_none());
    // A group with cases but nothing audited is unknown.
    let w = estimate_weighted(5, 5, &[case(true, true, 0.2)]).unwrap();
    assert!(w.estimates.missed.is_none() && w.miss_rate.is_none());
}

#[test]
fn the_draw_is_a_seeded_sample_without_replacement() {
    let strata = vec![(0..100).collect::<Vec<_>>(), (100..110).collect()];
    let a = draw_strata(&strata, &[7, 20], 42);
    assert_eq!(a, draw_strata(&strata, &[7, 20], 42));
    assert_ne!(a, draw_strata(&strata, &[7, 20], 43));
    assert_eq!((a[0].len(), a[1].len()), (7, 10));
    assert!(a[0].windows(2).all(|w| w[0] < w[1]) && a[0].iter().all(|&r| r < 100));
    // Each row equally likely: 3 of 10 over many seeds → each ≈ 0.3.
    let mut hits = [0u32; 10];
    for seed in 0..4000 {
        for r in &draw_strata(&[(0..10).collect()], &[3], seed)[0] {
            hits[*r] += 1;
        }
    }
    for h in hits {
        assert!((f64::from(h) / 4000.0 - 0.3).abs() < 0.03, "{hits:?}");
    }
}
