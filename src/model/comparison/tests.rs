use std::path::Path;

use super::*;
use crate::input::context::parse_context;
use crate::stats::quantity::Quantity;

/// Ten positives then ten negatives, worked by hand below. At 20 cases a day with
/// half positive, a day holds 10 of each: per-day counts equal evaluation counts.
const CANDIDATE: [f64; 20] = [
    0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.45, 0.3, 0.2, // positives
    0.55, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.0, // negatives
];
const BASELINE: [f64; 20] = [
    0.88, 0.82, 0.6, 0.52, 0.48, 0.4, 0.35, 0.3, 0.25, 0.1, // positives
    0.7, 0.58, 0.45, 0.3, 0.2, 0.15, 0.1, 0.05, 0.02, 0.01, // negatives
];

fn context(extra_business: &str) -> Context {
    let yaml = format!(
        "title: T\ndata: {{ path: eval.csv }}\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 20\n{extra_business}thresholds: {{ current: 0.5 }}\nbaseline: {{ name: old, score: score_old, threshold: 0.5 }}\n"
    );
    parse_context(&yaml, Path::new("c.yaml")).unwrap()
}

fn paired(weights: Option<Vec<f64>>, amounts: Option<Vec<f64>>) -> PairedCases {
    PairedCases {
        candidate: CANDIDATE.to_vec(),
        baseline: BASELINE.to_vec(),
        positive: (0..20).map(|i| i < 10).collect(),
        weights,
        counts: None,
        rows: (0..20).collect(),
        costs: amounts
            .map(|a| vec![("amount".to_owned(), a)])
            .unwrap_or_default(),
        clusters: None,
        repeated_rows: Vec::new(),
    }
}

fn scores() -> BaselineScores {
    BaselineScores {
        file: "eval.csv".into(),
        scores: BASELINE.iter().map(|&s| Some(s)).collect(),
        evaluation_only: 0,
        first_evaluation_only: Vec::new(),
        baseline_only: 0,
        first_baseline_only: Vec::new(),
        id_match: crate::input::eval::ids::IdMatch::AsWritten,
    }
}

fn workload(costs: Option<crate::stats::workload::Costs>) -> Workload {
    Workload {
        volume_per_day: 20.0,
        prevalence: 0.5,
        costs,
    }
}

fn compare(context: &Context, paired: &PairedCases) -> Comparison {
    let baseline = context.baseline.clone().unwrap();
    let workload = workload(context.business.costs);
    build_comparison(context, &baseline, &scores(), paired, &workload, 10).unwrap()
}

#[test]
fn the_three_matching_rules_by_hand() {
    let c = compare(&context("  capacity_per_day: 7\n"), &paired(None, None));
    let [same_threshold, same_flags, same_misses] = [
        MatchRule::Threshold,
        MatchRule::FlaggedPerDay,
        MatchRule::FalseNegativeRate,
    ]
    .map(|rule| c.matched_by(rule).unwrap());
    // Same threshold: 0.5 for both; the candidate catches 7 and the baseline 4.
    assert_eq!(
        (
            same_threshold.candidate.threshold,
            same_threshold.baseline.threshold
        ),
        (0.5, 0.5)
    );
    assert_eq!(same_threshold.difference.caught.value, 3.0);
    assert_eq!(same_threshold.difference.false_alarms.value, -1.0);
    // Same flagged per day, the capacity of 7: the candidate's lowest threshold
    // flagging at most 7 is 0.6 (its eighth-highest score, 0.55, is a negative), the
    // baseline's is 0.48 (five positives, two negatives).
    assert!(same_flags.from_capacity);
    assert_eq!(same_flags.at, 7.0);
    assert_eq!(same_flags.candidate.threshold, 0.6);
    assert_eq!(same_flags.baseline.threshold, 0.48);
    assert_eq!(same_flags.difference.caught.value, 2.0);
    assert_eq!(same_flags.difference.missed.value, -2.0);
    assert_eq!(same_flags.difference.flagged.value, 0.0);
    assert_eq!(
        (same_flags.positives.a_only, same_flags.positives.b_only),
        (2.0, 0.0)
    );
    // Same false-negative rate: the candidate misses 3 of 10 at 0.5; the
    // baseline's highest threshold missing no more is 0.35 (its seventh positive),
    // where it raises 3 false alarms to the candidate's 1.
    assert!((same_misses.at - 0.3).abs() < 1e-12);
    assert_eq!(same_misses.candidate.threshold, 0.5);
    assert_eq!(same_misses.baseline.threshold, 0.35);
    assert_eq!(same_misses.difference.caught.value, 0.0);
    assert_eq!(same_misses.difference.false_alarms.value, -2.0);
    // Every difference is the candidate's per-day value minus the baseline's, inside
    // its interval.
    for m in &c.matched {
        for q in [
            Quantity::Flagged,
            Quantity::Caught,
            Quantity::Missed,
            Quantity::FalseAlarms,
        ] {
            let d = m.difference_of(q).unwrap();
            let value = |p: &OperatingPoint| match q {
                Quantity::Flagged => p.per_day.flagged.value,
                Quantity::Caught => p.per_day.caught.value,
                Quantity::Missed => p.per_day.missed.value,
                Quantity::FalseAlarms => p.per_day.false_alarms.value,
                Quantity::Volume
                | Quantity::ShareFlagged
                | Quantity::Precision
                | Quantity::Prevalence
                | Quantity::Cost
                | Quantity::FalseNegativeRate
                | Quantity::FalsePositiveRate
                | Quantity::RocAuc
                | Quantity::AveragePrecision => unreachable!("not compared: {q:?}"),
            };
            assert!((d.value - (value(&m.candidate) - value(&m.baseline))).abs() < 1e-9);
            assert!(d.low <= d.value && d.value <= d.high, "{q:?} {d:?}");
        }
    }
    // The positives the candidate alone catches at capacity, the baseline's lowest
    // scores first: rows 6 (0.35) and 5 (0.40).
    assert_eq!(c.caught_by_candidate_only, vec![6, 5]);
    assert!(c.caught_by_baseline_only.is_empty());
    let auc = c.roc_auc.unwrap();
    assert!(auc.difference > 0.0);
    assert_eq!(Some(auc.auc_a), c.candidate_metrics.roc_auc);
}

#[test]
fn without_a_capacity_the_baseline_sets_the_flags() {
    // The baseline flags 6 a day at its own threshold (0.5); the candidate's lowest
    // threshold flagging at most 6 is 0.65, the baseline's its lowest score still
    // flagged at 0.5, 0.52.
    let c = compare(&context(""), &paired(None, None));
    let m = c.matched_by(MatchRule::FlaggedPerDay).unwrap();
    assert!(!m.from_capacity);
    assert_eq!(m.at, 6.0);
    assert_eq!(m.candidate.threshold, 0.65);
    assert_eq!(m.baseline.threshold, 0.52);
    assert_eq!(m.difference.flagged.value, 0.0);
    assert!(m.difference.cost.is_none());
}

#[test]
fn money_from_the_rows_differs_as_the_two_costs_do() {
    let business =
        "  costs: { false_positive: 1, false_negative: { column: amount }, true_positive: 0 }\n";
    let amounts: Vec<f64> = (0..20).map(|i| 10.0 * f64::from(i + 1)).collect();
    let context = context(business);
    let paired = paired(None, Some(amounts));
    let c = compare(&context, &paired);
    for m in &c.matched {
        let d = m.difference.cost.unwrap();
        let expected =
            m.candidate.per_day.cost.unwrap().value - m.baseline.per_day.cost.unwrap().value;
        assert!(
            (d.value - expected).abs() < 1e-9,
            "{:?}: {d:?} vs {expected}",
            m.rule
        );
        assert!(d.low <= d.value && d.value <= d.high);
    }
    // At 0.5 the candidate catches positives 4, 5 and 6 that the baseline misses
    // (amounts 50, 60, 70) and the baseline none it misses: 180 money a day saved on
    // positives, and one false alarm fewer at 1 each.
    let at_threshold = c.matched_by(MatchRule::Threshold).unwrap();
    assert_eq!(
        at_threshold.difference.cost.unwrap().value,
        -(50.0 + 60.0 + 70.0) - 1.0
    );
}

#[test]
fn counts_are_frequencies_and_weighted_counts_are_expanded_cases() {
    // Counts alone come back unchanged: a row of count 3 is three cases.
    let counts = [3.0, 1.0, 2.0, 0.0];
    let positive = [true, true, false, false];
    let counted = RowWeights {
        counts: Some(&counts),
        ..RowWeights::default()
    };
    assert_eq!(kish_scaled(counted, &positive), counts.to_vec());
    // Count 3 of weight 2 and one case of weight 1: cases 2, 2, 2, 1 give Kish's
    // (7)² / 13 positives.
    let weights = [2.0, 1.0, 1.0, 1.0];
    let both = RowWeights {
        weights: Some(&weights),
        counts: Some(&counts),
        squares: None,
    };
    let scaled = kish_scaled(both, &positive);
    assert!((scaled[0] + scaled[1] - 49.0 / 13.0).abs() < 1e-12);
    assert!((scaled[0] / scaled[1] - 6.0).abs() < 1e-12);
    // The comparison on counted rows equals the one on the rows written out.
    let context = context("");
    let reps: Vec<f64> = (0..20).map(|i| f64::from(i % 3 + 1)).collect();
    let counted = PairedCases {
        counts: Some(reps.clone()),
        ..paired(None, None)
    };
    let expand = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&reps)
            .flat_map(|(x, &n)| std::iter::repeat_n(*x, n as usize))
            .collect()
    };
    let written = PairedCases {
        candidate: expand(&CANDIDATE),
        baseline: expand(&BASELINE),
        positive: (0..20)
            .zip(&reps)
            .flat_map(|(i, &n)| std::iter::repeat_n(i < 10, n as usize))
            .collect(),
        rows: (0..40).collect(),
        ..paired(None, None)
    };
    let (a, b) = (compare(&context, &counted), compare(&context, &written));
    let (x, y) = (a.roc_auc.unwrap(), b.roc_auc.unwrap());
    assert!((x.difference - y.difference).abs() < 1e-12);
    assert!((x.standard_error - y.standard_error).abs() < 1e-12);
    for (m, n) in a.matched.iter().zip(&b.matched) {
        assert_eq!((m.positives, m.negatives), (n.positives, n.negatives));
        assert_eq!(m.candidate.threshold, n.candidate.threshold);
        assert_eq!(m.baseline.threshold, n.baseline.threshold);
        let (d, e) = (m.difference.caught, n.difference.caught);
        assert!((d.value - e.value).abs() < 1e-9 && (d.low - e.low).abs() < 1e-9);
    }
}

#[test]
fn weights_count_as_their_effective_sample_size() {
    let scaled = kish_scaled(
        RowWeights::sampling(Some(&[1.0, 3.0, 2.0, 2.0])),
        &[true, true, false, false],
    );
    // Positives: (1 + 3)² / (1 + 9) = 1.6 effective cases; negatives 2.
    assert!((scaled[0] + scaled[1] - 1.6).abs() < 1e-12);
    assert!((scaled[1] / scaled[0] - 3.0).abs() < 1e-12);
    assert!((scaled[2] + scaled[3] - 2.0).abs() < 1e-12);
    // Doubling every weight changes nothing.
    let context = context("");
    let one = compare(&context, &paired(Some(vec![1.0; 20]), None));
    let two = compare(&context, &paired(Some(vec![2.0; 20]), None));
    let unweighted = compare(&context, &paired(None, None));
    for c in [&one, &two] {
        let (a, b) = (c.roc_auc.unwrap(), unweighted.roc_auc.unwrap());
        assert!((a.standard_error - b.standard_error).abs() < 1e-12);
        let (a, b) = (
            c.matched[1].difference.caught,
            unweighted.matched[1].difference.caught,
        );
        assert!((a.low - b.low).abs() < 1e-9 && (a.high - b.high).abs() < 1e-9);
    }
}

#[test]
fn pairing_keeps_the_cases_both_scored() {
    let data = EvalData {
        file: "e.csv".into(),
        scores: vec![0.1, 0.2, 0.3],
        positive: vec![true, false, true],
        weights: None,
        counts: None,
        zero_weight_rows: 0,
        duplicate_ids: None,
        score_precision: Default::default(),
        timestamps: None,
        labels: crate::input::eval::LabelValues {
            positive: "1".into(),
            negative: "0".into(),
        },
        lossy_text: false,
        file_rows: None,
        dropped_rows: 0,
        conflicting_id_rows: 0,
        segments: Vec::new(),
        cluster: None,
        costs: vec![("amount".into(), vec![5.0, 6.0, 7.0])],
    };
    let scores = BaselineScores {
        scores: vec![Some(0.5), None, Some(0.7)],
        evaluation_only: 1,
        ..scores()
    };
    let p = pair_cases(&data, &scores);
    assert_eq!(p.rows, vec![0, 2]);
    assert_eq!(p.candidate, vec![0.1, 0.3]);
    assert_eq!(p.baseline, vec![0.5, 0.7]);
    assert_eq!(p.costs[0].1, vec![5.0, 7.0]);
}

#[test]
fn curves_are_bounded_and_start_at_zero() {
    let c = compare(&context("  capacity_per_day: 7\n"), &paired(None, None));
    for curves in [&c.candidate_curves, &c.baseline_curves] {
        assert_eq!(curves.workload[0], (0.0, 0.0));
        assert_eq!(curves.roc[0], (0.0, 0.0));
        assert_eq!(*curves.roc.last().unwrap(), (1.0, 1.0));
        // The workload curve stops one point past the window.
        let past = curves
            .workload
            .iter()
            .filter(|p| p.0 > c.workload_window)
            .count();
        assert!(past <= 1);
    }
    // The most flags at a matched point: the baseline's 10 at 0.35.
    assert!((c.workload_window - 10.0 * 1.6).abs() < 1e-9);
}
