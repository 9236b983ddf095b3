use std::path::Path;

use super::*;

const MINIMAL: &str = "\
title: T
data:
  path: eval.csv
business:
  positive: fraud
  negative: valid
  action: reviewed
  volume_per_day: 1000
thresholds:
  current: 0.5
";

fn parse(text: &str) -> Result<Context, ContextError> {
    parse_context(text, Path::new("cfg/context.yaml"))
}

#[test]
fn minimal_context_gets_defaults_and_resolves_the_path() {
    let c = parse(MINIMAL).unwrap();
    assert_eq!(c.data.path, Path::new("cfg/eval.csv"));
    assert_eq!(c.data.score, "score");
    assert_eq!(c.data.label, "label");
    assert_eq!(c.data.positive, None);
    assert_eq!(c.business.prevalence, None);
    assert_eq!(c.thresholds.targets, Targets::default());
}

#[test]
fn the_fraud_sample_parses_whole() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/fraud/context.yaml");
    let c = load_context(&file).unwrap();
    assert_eq!(c.business.volume_per_day, 8280.0);
    assert_eq!(c.date, NaiveDate::from_ymd_opt(2026, 11, 20));
    assert_eq!(c.data.positive.as_deref(), Some("1"));
    assert_eq!(
        c.thresholds.candidates[0],
        Candidate {
            name: "cautious".into(),
            threshold: 0.3
        }
    );
    assert_eq!(
        c.thresholds
            .targets
            .value_of(crate::stats::quantity::Quantity::FalseNegativeRate),
        Some(0.05)
    );
    assert_eq!(c.business.costs.unwrap().false_positive, 5.0);
    assert_eq!(
        c.business.cost_columns.false_negative.as_deref(),
        Some("amount")
    );
    assert_eq!(c.business.cost_columns.names(), vec!["amount".to_owned()]);
}

#[test]
fn a_cost_is_money_or_a_column() {
    let with = |costs: &str| {
        parse(&MINIMAL.replace(
            "volume_per_day: 1000",
            &format!("volume_per_day: 1000\n  costs: {costs}"),
        ))
    };
    let c = with(
        "{ false_positive: 2, false_negative: { column: amount }, true_positive: { column: fee } }",
    )
    .unwrap();
    let columns = &c.business.cost_columns;
    assert_eq!(columns.false_positive, None);
    assert_eq!(columns.false_negative.as_deref(), Some("amount"));
    assert_eq!(columns.names(), vec!["amount".to_owned(), "fee".to_owned()]);
    assert_eq!(c.business.costs.unwrap().false_positive, 2.0);
    let error = with("{ false_negative: { col: amount } }")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("cfg/context.yaml:9:") && error.contains("{ column: NAME }"),
        "{error}"
    );
    let error = with("{ false_negative: { column: \"\" } }")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("business.costs.false_negative.column"),
        "{error}"
    );
}

#[test]
fn unknown_key_names_line_and_nearest_key() {
    let text = MINIMAL.replace(
        "volume_per_day: 1000",
        "volume_per_day: 1000\n  prevalance: 0.1",
    );
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("cfg/context.yaml:9:"), "{err}");
    assert!(err.contains("unknown key `prevalance`"), "{err}");
    assert!(err.contains("did you mean `prevalence`?"), "{err}");
}

#[test]
fn unknown_key_without_a_near_match_lists_the_valid_ones() {
    let text = format!("{MINIMAL}colour: red\n");
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("unknown key `colour`"), "{err}");
    assert!(err.contains("valid keys here are title, model"), "{err}");
}

#[test]
fn syntax_and_type_errors_name_the_place() {
    let err = parse("title: [unclosed\n").unwrap_err().to_string();
    assert!(err.starts_with("cfg/context.yaml:"), "{err}");
    let err = parse(&MINIMAL.replace("1000", "lots"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cfg/context.yaml:8:"), "{err}");
    assert!(err.contains("volume_per_day"), "{err}");
    let err = parse("title: T\n").unwrap_err().to_string();
    assert!(err.contains("missing field `data`"), "{err}");
}

#[test]
fn a_missing_key_names_every_required_key_missing_and_the_reference() {
    let err = parse("title: T\ndata: { path: e.csv }\nbusiness: { action: reviewed }\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "add business.positive, business.negative, business.volume_per_day, thresholds.current"
        ),
        "{err}"
    );
    assert!(err.contains("docs/src/reference/context.md"), "{err}");
    // A missing key inside an optional section names only what serde found.
    let err = parse(&format!("{MINIMAL}baseline: {{ score: old }}\n"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `name`"), "{err}");
    assert!(!err.contains("needs every one of"), "{err}");
}

#[test]
fn out_of_range_values_name_the_key() {
    let cases = [
        (
            "volume_per_day: 1000",
            "volume_per_day: 0",
            "business.volume_per_day",
        ),
        (
            "volume_per_day: 1000",
            "volume_per_day: 1000\n  prevalence: 1.0",
            "business.prevalence",
        ),
        (
            "volume_per_day: 1000",
            "volume_per_day: 1000\n  costs: { false_positive: -1 }",
            "business.costs.false_positive",
        ),
        ("current: 0.5", "current: .nan", "thresholds.current"),
        (
            "current: 0.5",
            "current: 0.5\n  targets: { max_false_negative_rate: 5 }",
            "thresholds.targets.max_false_negative_rate",
        ),
        (
            "current: 0.5",
            "current: 0.5\n  candidates: [{name: current, threshold: 0.3}]",
            "thresholds.candidates[0].name",
        ),
        ("title: T", "title: T\ndate: 20/11/2026", "date"),
        (
            "current: 0.5",
            "current: 0.5\n  targets: { min_cost: true }",
            "thresholds.targets.min_cost",
        ),
        (
            "current: 0.5",
            "current: 0.5\n  targets: { min_caught_per_day: -1 }",
            "thresholds.targets.min_caught_per_day",
        ),
    ];
    for (from, to, key) in cases {
        let err = parse(&MINIMAL.replace(from, to)).unwrap_err().to_string();
        assert!(err.contains(&format!("key `{key}`")), "{to}: {err}");
    }
}

#[test]
fn positive_accepts_numbers_booleans_and_text() {
    for (written, expected) in [
        ("1", "1"),
        ("true", "true"),
        ("fraud", "fraud"),
        ("\"yes\"", "yes"),
    ] {
        let text = MINIMAL.replace(
            "path: eval.csv",
            &format!("path: eval.csv\n  positive: {written}"),
        );
        assert_eq!(
            parse(&text).unwrap().data.positive.as_deref(),
            Some(expected)
        );
    }
}

#[test]
fn time_zones_are_offsets_or_names() {
    let with = |zone: &str| {
        parse(&MINIMAL.replace(
            "  path: eval.csv",
            &format!("  path: eval.csv\n  timezone: \"{zone}\""),
        ))
    };
    assert_eq!(
        with("+02:00").unwrap().data.timezone.describe(),
        "UTC+02:00"
    );
    assert_eq!(
        with("Europe/Berlin").unwrap().data.timezone.describe(),
        "Europe/Berlin"
    );
    let error = with("Europe/Berln").unwrap_err().to_string();
    assert!(
        error.contains("data.timezone") && error.contains("did you mean Europe/Berlin?"),
        "{error}"
    );
}

#[test]
fn a_misspelt_zone_name_gets_the_nearest_suggested() {
    assert_eq!(
        closest("Europe/Berlni", Zone::names()),
        Some("Europe/Berlin")
    );
}

#[test]
fn class_names_take_both_forms_or_one_string() {
    let with = |business: &str| {
        let text = MINIMAL.replace("  positive: fraud\n  negative: valid\n", business);
        parse_context(&text, Path::new("ctx.yaml"))
    };
    let c = with(
        "  positive: { one: loan that goes bad, other: loans that go bad }\n  negative: valid transaction\n",
    )
    .unwrap();
    assert_eq!(
        c.business.positive,
        Noun::Forms {
            one: "loan that goes bad".into(),
            other: "loans that go bad".into()
        }
    );
    assert_eq!(c.business.negative.other(), Some("valid transactions"));
    let c = with("  positive: loan that goes bad\n  negative: valid\n").unwrap();
    assert!(c.business.positive.is_label() && c.business.negative.is_label());
    // One form missing, an empty form, a list: errors that name the key.
    for (business, key) in [
        (
            "  positive: { one: loan }\n  negative: valid\n",
            "business.positive",
        ),
        (
            "  positive: { one: loan, other: \"\" }\n  negative: valid\n",
            "business.positive.other",
        ),
        (
            "  positive: [loan, loans]\n  negative: valid\n",
            "business.positive",
        ),
    ] {
        let error = with(business).unwrap_err().to_string();
        assert!(error.contains(key), "{error}");
        assert!(!error.contains("untagged"), "{error}");
    }
}
