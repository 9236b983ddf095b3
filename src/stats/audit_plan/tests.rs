use super::*;

fn stratum(cases: u64, share: f64, coefficient: f64, rate: f64) -> PlanStratum {
    PlanStratum {
        cases,
        share,
        coefficient,
        rate,
    }
}

#[test]
fn neyman_by_hand() {
    // Missed a day over 20 days: only the unflagged stratum matters.
    // N = 160 000, P = 0.002, S² = N/(N−1)·P·Q; ±5 a day → V = (5/Z)² in a day's
    // units, a = 1/20. n = (a·N·S)² / (V + a²·N·S²).
    let strata = [
        stratum(10_000, 0.7, 0.0, 1.0),
        stratum(160_000, 0.002, 1.0 / 20.0, 0.02),
    ];
    let v = variance_for(5.0);
    let n_big = 160_000.0_f64;
    let s2 = n_big / (n_big - 1.0) * 0.002 * 0.998;
    let a = 1.0 / 20.0;
    let n = (a * n_big * s2.sqrt()).powi(2) / (v + a * a * n_big * s2);
    let sizes = neyman(&strata, v);
    assert_eq!(sizes, vec![0, n.ceil() as u64]);
    // The sizes reach the half-width; one fewer does not.
    assert!(planned_half_width(&strata, &sizes) <= 5.0 + 1e-12);
    assert!(planned_half_width(&strata, &[0, sizes[1] - 1]) > 5.0);
    // The current design keeps the flagged census and scales the rest alike.
    let current = scaled(&strata, v).unwrap();
    assert_eq!(current, vec![10_000, n.ceil() as u64]);
}

#[test]
fn neyman_needs_no_more_than_any_other_split() {
    // The miss rate: both strata matter.
    let strata = [
        stratum(9_000, 0.62, 0.000_012, 1.0),
        stratum(165_000, 0.0017, 0.000_021, 0.02),
    ];
    let v = variance_for(0.005);
    let sizes = neyman(&strata, v);
    let total: u64 = sizes.iter().sum();
    assert!(planned_variance(&strata, &sizes) <= v * (1.0 + 1e-9));
    // Any other split of the same total (in steps) is no better.
    for flagged in (1..total).step_by(37) {
        let other = [flagged.min(9_000), total - flagged.min(9_000)];
        assert!(
            planned_variance(&strata, &other) >= planned_variance(&strata, &sizes) * (1.0 - 1e-6),
            "{other:?} beats {sizes:?}"
        );
    }
    let current = scaled(&strata, v).unwrap();
    assert!(current.iter().sum::<u64>() >= total);
    // Proportional to the current rates (1.0 and 0.02: 50 to 1 per case).
    let ratio = (current[0] as f64 / 9_000.0) / (current[1] as f64 / 165_000.0);
    assert!((ratio - 50.0).abs() < 0.1, "{current:?}");
}

#[test]
fn census_and_impossible_designs() {
    let strata = [stratum(100, 0.5, 1.0, 0.1), stratum(50, 0.3, 1.0, 0.0)];
    // A tiny variance is a census of every stratum that matters.
    assert_eq!(neyman(&strata, 1e-12), vec![100, 50]);
    assert_eq!(neyman(&strata, 0.0), vec![100, 50]);
    // The current design never audits the second stratum: no factor reaches it.
    assert!(scaled(&strata, 1.0).is_none());
    // A census has no variance; an unaudited stratum that matters, infinite.
    assert_eq!(planned_variance(&strata, &[100, 50]), 0.0);
    assert!(planned_variance(&strata, &[100, 0]).is_infinite());
}

#[test]
fn allocation_sums_and_respects_caps_and_floors() {
    let caps = [10, 400, 3, 2000, 0];
    for total in [8, 9, 50, 999, 2413] {
        let sizes = allocate(&[5.0, 1.0, 100.0, 0.5, 1.0], &caps, total, 2).unwrap();
        assert_eq!(sizes.iter().sum::<u64>(), total);
        for (s, c) in sizes.iter().zip(caps) {
            assert!(*s <= c && *s >= c.min(2), "{sizes:?}");
        }
    }
    // Below the floors, above the caps.
    assert!(allocate(&[1.0; 5], &caps, 7, 2).is_none());
    assert!(allocate(&[1.0; 5], &caps, 2414, 2).is_none());
    // All weights 0: by the caps.
    assert_eq!(
        allocate(&[0.0, 0.0], &[100, 300], 40, 0).unwrap(),
        vec![10, 30]
    );
    // Weights decide past the floors.
    assert_eq!(
        allocate(&[3.0, 1.0], &[1000, 1000], 404, 2).unwrap(),
        vec![302, 102]
    );
}
