//! Counts, ROC points, ROC AUC and average precision against scikit-learn on real
//! datasets it ships; expected values come from `tests/oracle/make_oracle.py`.

use serde_json::Value;
use tradeoff::input::eval::{ColumnSpec, load_eval};
use tradeoff::stats::calibration::build_calibration;
use tradeoff::stats::sweep::Sweep;

use crate::repo;

fn close(a: f64, b: f64, what: &str) {
    let tolerance = 1e-9 * b.abs().max(1.0);
    assert!(
        (a - b).abs() <= tolerance,
        "{what}: tradeoff {a} vs scikit-learn {b}"
    );
}

fn f(v: &Value) -> f64 {
    v.as_f64().expect("oracle numbers are numbers")
}

#[test]
fn sweep_matches_scikit_learn_on_real_datasets() {
    let text = std::fs::read_to_string(repo("tests/data/oracle.json")).unwrap();
    let oracle: Value = serde_json::from_str(&text).unwrap();
    let datasets = oracle["datasets"].as_object().unwrap();
    assert!(datasets.len() >= 5);
    for (name, expected) in datasets {
        let weighted = expected["weighted"].as_bool().unwrap();
        let spec = ColumnSpec {
            score: "score".into(),
            label: "label".into(),
            weight: weighted.then(|| "weight".to_owned()),
            ..ColumnSpec::default()
        };
        let data = load_eval(
            &repo("tests/data").join(expected["file"].as_str().unwrap()),
            &spec,
        )
        .unwrap();
        assert_eq!(
            data.scores.len() as u64,
            expected["rows"].as_u64().unwrap(),
            "{name}"
        );
        let sweep = Sweep::build(&data.scores, &data.positive, data.row_weights());

        for point in expected["counts"].as_array().unwrap() {
            let t = f(&point["threshold"]);
            let c = sweep.counts_at(t);
            for (ours, key) in [(c.tp, "tp"), (c.fp, "fp"), (c.tn, "tn"), (c.fn_, "fn")] {
                close(ours, f(&point[key]), &format!("{name} {key} at {t}"));
            }
        }

        let thresholds: Vec<f64> = expected["roc_thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .map(f)
            .collect();
        assert_eq!(
            sweep.levels().collect::<Vec<_>>(),
            thresholds,
            "{name}: distinct-score thresholds"
        );
        for (i, (t, c)) in sweep.points().enumerate() {
            close(
                c.true_positive_rate().unwrap(),
                f(&expected["roc_tpr"][i]),
                &format!("{name} TPR at {t}"),
            );
            close(
                c.false_positive_rate().unwrap(),
                f(&expected["roc_fpr"][i]),
                &format!("{name} FPR at {t}"),
            );
        }
        close(
            sweep.roc_auc().unwrap(),
            f(&expected["roc_auc"]),
            &format!("{name} ROC AUC"),
        );
        close(
            sweep.average_precision().unwrap(),
            f(&expected["average_precision"]),
            &format!("{name} average precision"),
        );
        let calibration = build_calibration(&data.scores, &data.positive, data.row_weights());
        match expected["brier_score"].as_f64() {
            Some(brier) => close(
                calibration.unwrap().brier_score,
                brier,
                &format!("{name} Brier score"),
            ),
            None => assert!(
                calibration.is_none(),
                "{name}: scores outside [0, 1] have no calibration"
            ),
        }
    }
}

#[test]
fn the_oracle_has_ties() {
    // The tie-heavy sets are why the oracle exists: guard against losing them.
    let text = std::fs::read_to_string(repo("tests/data/oracle.json")).unwrap();
    let oracle: Value = serde_json::from_str(&text).unwrap();
    let iris = &oracle["datasets"]["iris_petal_width"];
    assert!(
        iris["roc_thresholds"].as_array().unwrap().len() * 5
            < iris["rows"].as_u64().unwrap() as usize
    );
}

#[test]
fn parquet_and_ndjson_load_like_csv() {
    let load = |file: &str, positive: Option<&str>, segments: Vec<String>| {
        let spec = ColumnSpec {
            score: "score".into(),
            label: "label".into(),
            positive: positive.map(str::to_owned),
            segments,
            ..ColumnSpec::default()
        };
        load_eval(&repo("tests/data").join(file), &spec).unwrap()
    };
    let csv = load("iris_petal_width.csv", None, vec![]);
    // Parquet: label as bool, species as a dictionary (categorical) column.
    let parquet = load("iris_petal_width.parquet", None, vec!["species".into()]);
    // NDJSON: label as text with a named positive value.
    let ndjson = load(
        "iris_petal_width.ndjson",
        Some("virginica"),
        vec!["species".into()],
    );
    for other in [&parquet, &ndjson] {
        assert_eq!(other.scores, csv.scores);
        assert_eq!(other.positive, csv.positive);
        let segment = &other.segments[0];
        assert_eq!(segment.names, ["setosa", "versicolor", "virginica"]);
        // Iris is ordered by species, 50 each.
        assert_eq!(segment.codes.iter().filter(|&&c| c == 2).count(), 50);
        assert_eq!(segment.codes[149], 2);
    }
    assert_eq!(ndjson.labels.positive, "virginica");
    assert_eq!(ndjson.labels.negative, "other");
    let a = Sweep::build(&csv.scores, &csv.positive, Default::default());
    let b = Sweep::build(&parquet.scores, &parquet.positive, Default::default());
    assert_eq!(
        a.points().collect::<Vec<_>>(),
        b.points().collect::<Vec<_>>()
    );
}

/// Costs from a column: the breast-cancer set with each tumour's mean area as the
/// "amount" a miss or a false alarm costs. scikit-learn's confusion matrix weighted
/// by that column (the weighted set's oracle counts) gives the money in each cell.
#[test]
fn row_costs_match_scikit_learn_amount_weighted_confusion_matrices() {
    use tradeoff::stats::costs::{CostSource, CostSources, RowCosts};
    use tradeoff::stats::projection::Workload;
    let text = std::fs::read_to_string(repo("tests/data/oracle.json")).unwrap();
    let oracle: Value = serde_json::from_str(&text).unwrap();
    let (_, expected) = oracle["datasets"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, d)| d["weighted"] == true)
        .expect("a weighted data set");
    // The weight column read as money, the rows unweighted.
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        costs: vec!["weight".into()],
        ..ColumnSpec::default()
    };
    let data = load_eval(
        &repo("tests/data").join(expected["file"].as_str().unwrap()),
        &spec,
    )
    .unwrap();
    let amount = &data.costs[0].1;
    let sources = CostSources {
        false_positive: CostSource::Rows(amount),
        false_negative: CostSource::Rows(amount),
        true_positive: CostSource::Fixed(0.0),
    };
    let costs = RowCosts::build(&data.scores, &data.positive, Default::default(), &sources);
    let positives = data.positive.iter().filter(|p| **p).count() as f64;
    let negatives = data.positive.len() as f64 - positives;
    let production = Workload {
        volume_per_day: 1000.0,
        prevalence: 0.2,
        costs: None,
    };
    for c in expected["counts"].as_array().unwrap() {
        let threshold = f(&c["threshold"]);
        let money = 1000.0 * 0.2 * f(&c["fn"]) / positives + 1000.0 * 0.8 * f(&c["fp"]) / negatives;
        close(
            costs.per_day(threshold, &production).value,
            money,
            &format!("cost at {threshold}"),
        );
    }
}
