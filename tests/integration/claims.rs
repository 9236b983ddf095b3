//! Claims with a practical size (issue 24): a weekday pattern only when the weekdays
//! differ beyond the day-to-day noise and by 10 %, a segment only when its rate
//! differs beyond chance and by a practical size. Random timestamps over 30 days and
//! random segments on a large sample make no claim; a real weekday effect and a real
//! segment difference still do. The weekday test's F and p equal scipy's `f_oneway`
//! (tests/oracle/weekday_oracle.py).

use std::fmt::Write as _;
use std::path::Path;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scraper::{Html, Selector};
use serde_json::Value;

use crate::{repo, tradeoff};

/// `tradeoff report CONTEXT --json`: (the page's `<main>` text, the JSON).
fn report(context: &Path) -> (String, Value) {
    let out = tempfile::tempdir().unwrap();
    let (html, json) = (out.path().join("r.html"), out.path().join("r.json"));
    tradeoff()
        .arg("report")
        .arg(context)
        .arg("-o")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    let page = Html::parse_document(&std::fs::read_to_string(html).unwrap());
    let main = page
        .select(&Selector::parse("main").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    (
        main,
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap(),
    )
}

#[test]
fn weekday_claims_need_a_pattern_beyond_the_noise() {
    let oracle: Value =
        serde_json::from_slice(&std::fs::read(repo("tests/data/weekday/oracle.json")).unwrap())
            .unwrap();
    for (name, pattern) in [("random", false), ("fridays", true)] {
        let (text, json) = report(&repo(&format!("tests/data/weekday/{name}.yaml")));
        let w = &json["weekday_pattern"];
        let o = &oracle[name];
        for key in ["f_statistic", "p_value", "peak_above_average"] {
            let (ours, scipy) = (w[key].as_f64().unwrap(), o[key].as_f64().unwrap());
            assert!(
                (ours - scipy).abs() <= 1e-9 * scipy.abs().max(1e-300) + 1e-12,
                "{name} {key}: {ours} against scipy's {scipy}"
            );
        }
        assert_eq!(w["days"], 30);
        assert_eq!(w["pattern"], pattern, "{name}");
        // Before issue 24 the page named the busiest weekday whatever the noise.
        assert_eq!(text.contains("Flags are highest on"), pattern, "{name}");
        assert!(
            text.contains("one-way analysis of variance of 30 days"),
            "{name}"
        );
        if pattern {
            assert_eq!(w["peak_weekday"], "friday");
            assert!(text.contains("Flags are highest on Fridays"));
        } else {
            // The size it saw is still stated.
            assert!(text.contains("No weekday pattern: Wednesdays, the busiest weekday, flag 23.2% above the average weekday, within the day-to-day noise"), "{text}");
        }
    }
}

/// A file of `n` cases in four countries drawn at random; `gb_missed_more` lowers the
/// scores of GB's positives so that GB misses far more of them.
fn segments_file(dir: &Path, n: usize, gb_missed_more: bool) -> std::path::PathBuf {
    let mut rng = StdRng::seed_from_u64(24);
    let mut csv = String::from("score,label,country\n");
    for _ in 0..n {
        let country = ["GB", "FR", "DE", "US"][rng.random_range(0..4)];
        let positive = rng.random::<f64>() < 0.2;
        let mut score: f64 = if positive {
            0.3 + 0.7 * rng.random::<f64>()
        } else {
            0.6 * rng.random::<f64>()
        };
        if gb_missed_more && positive && country == "GB" {
            score *= 0.8;
        }
        writeln!(csv, "{score:.5},{},{country}", u8::from(positive)).unwrap();
    }
    std::fs::write(dir.join("eval.csv"), csv).unwrap();
    let context = dir.join("context.yaml");
    std::fs::write(
        &context,
        "title: Segments\ndata: { path: eval.csv, score: score, label: label, segments: [country] }\nbusiness:\n  positive: { one: fraud, other: frauds }\n  negative: { one: payment, other: payments }\n  action: reviewed\n  volume_per_day: 10000\nthresholds: { current: 0.5 }\n",
    )
    .unwrap();
    context
}

#[test]
fn segments_are_called_out_only_beyond_chance_and_by_a_practical_size() {
    let dir = tempfile::tempdir().unwrap();
    // 400,000 cases, countries at random: no country stands out.
    let (text, json) = report(&segments_file(dir.path(), 400_000, false));
    let rows = json["segments"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for row in rows {
        assert_eq!(row["false_negative_rate_differs"], false, "{row}");
        assert_eq!(row["false_positive_rate_differs"], false, "{row}");
        // Whatever chance gave, it is well under the practical minimum.
        let gap = row["false_negative_rate_difference"].as_f64().unwrap();
        assert!(gap.abs() < 0.01, "{gap}");
    }
    assert!(!text.contains("unlike the rest"), "{text}");
    // GB's positives scored 20 % lower: GB misses about 22 points more — called out,
    // with the size seen.
    let (text, json) = report(&segments_file(dir.path(), 100_000, true));
    let rows = json["segments"][0]["rows"].as_array().unwrap();
    let gb = rows.iter().find(|r| r["value"] == "GB").unwrap();
    assert_eq!(gb["false_negative_rate_differs"], true);
    let gap = gb["false_negative_rate_difference"].as_f64().unwrap();
    let rest = gb["false_negative_rate"].as_f64().unwrap() - gap;
    assert!(gap > 0.15, "{gap}");
    let seen = format!(
        "against {:.1}% elsewhere: {:.1} points",
        rest * 100.0,
        gap * 100.0
    );
    assert!(
        text.contains("GB: ") && text.contains(&seen),
        "{seen}: {text}"
    );
}
