use super::*;

fn case(flagged: bool, cost: f64, probability: f64) -> CostCase {
    CostCase {
        flagged,
        cost,
        probability,
        from_column: !flagged,
    }
}

#[test]
fn an_equal_share_audit_prices_the_audited_mean_by_hand() {
    // 10 flagged cases, each costing 5 whatever its verdict (3 audited): exactly 50.
    // 100 unflagged, 5 audited (π = 0.05) costing 0, 0, 100, 300, 50: mean 90,
    // total 9,000; s² = 62,000/4 = 15,500, V = 100²·0.95·15,500/5 = 29,450,000.
    // Three amounts → 2 degrees of freedom, t = 4.302653; the range
    // 50 + 9,000·exp(±t·√ln(1 + V/9,000²)) (Python's math, by hand).
    let mut audited = vec![case(true, 5.0, 0.3); 3];
    for cost in [0.0, 0.0, 100.0, 300.0, 50.0] {
        audited.push(case(false, cost, 0.05));
    }
    let cost = audit_cost(10, 100, &audited, [true, false]).unwrap();
    assert!((cost.total.value - 9050.0).abs() < 1e-9, "{cost:?}");
    assert!((cost.standard_error - 29_450_000f64.sqrt()).abs() < 1e-6);
    assert_eq!(cost.degrees_of_freedom, 2.0);
    assert!(
        (cost.total.low - 869.688_694_787_877_7).abs() < 1e-6,
        "{cost:?}"
    );
    assert!(
        (cost.total.high - 98_868.003_121_247_75).abs() < 1e-6,
        "{cost:?}"
    );
}

#[test]
fn inclusion_probabilities_weigh_each_verdict() {
    // 200 unflagged: band A (π = 0.1) audited 0, 0, 0, 120; band B (π = 0.02)
    // 0, 400. N̂ = 40 + 100; R̂ = (120/0.1 + 400/0.02)/140 = 151.43;
    // v = (40/140)²·0.9·3,600/4 + (100/140)²·0.98·80,000/2 (by hand in Python:
    // total 30,285.71, V = 802,644,897.96). No flagged case.
    let audited: Vec<CostCase> = [0.0, 0.0, 0.0, 120.0]
        .iter()
        .map(|&c| case(false, c, 0.1))
        .chain([0.0, 400.0].iter().map(|&c| case(false, c, 0.02)))
        .collect();
    let cost = audit_cost(0, 200, &audited, [true, false]).unwrap();
    assert!((cost.total.value - 30_285.714_285_714_283).abs() < 1e-6);
    assert!((cost.standard_error.powi(2) - 802_644_897.959_183_7).abs() < 1e-3);
    assert!(cost.total.low < cost.total.value && cost.total.value < cost.total.high);
}

#[test]
fn what_cannot_be_priced_says_none_and_a_census_is_exact() {
    // Unflagged audited without one missed positive: no amount seen.
    let none_missed = vec![case(true, 5.0, 1.0), case(false, 0.0, 0.1)];
    assert!(audit_cost(1, 10, &none_missed, [true, false]).is_none());
    // A group with cases but no audit.
    assert!(audit_cost(1, 10, &[case(true, 5.0, 1.0)], [true, false]).is_none());
    // Everything audited: exact.
    let census = vec![
        case(true, 5.0, 1.0),
        case(false, 0.0, 1.0),
        case(false, 70.0, 1.0),
    ];
    let cost = audit_cost(1, 2, &census, [true, false]).unwrap();
    assert_eq!(cost.total, Estimate::exact(75.0));
    // A probability outside (0, 1].
    assert!(audit_cost(1, 0, &[case(true, 5.0, 0.0)], [true, true]).is_none());
}

#[test]
fn the_amounts_spread_is_the_log_scale_standard_deviation() {
    // Two amounts from a column, e and e³: ln is 1 and 3, sd √2; a fixed price
    // and a zero are not amounts.
    let amount = |cost: f64| CostCase {
        flagged: false,
        cost,
        probability: 0.5,
        from_column: true,
    };
    let audited = [
        amount(1.0_f64.exp()),
        amount(3.0_f64.exp()),
        amount(0.0),
        CostCase {
            flagged: true,
            cost: 5.0,
            probability: 1.0,
            from_column: false,
        },
    ];
    let cost = audit_cost(1, 4, &audited, [true, false]).unwrap();
    let (sd, k) = cost.amounts_log_sd.unwrap();
    assert_eq!(k, 2);
    assert!((sd - 2.0_f64.sqrt()).abs() < 1e-12, "{sd}");
    assert!(
        audit_cost(1, 4, &audited[1..], [true, false])
            .unwrap()
            .amounts_log_sd
            .is_none()
    );
}
