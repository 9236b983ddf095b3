//! Issue 24: the report's `decision` against an independent computation
//! (`tests/oracle/decision_oracle.py`, over scikit-learn's `roc_curve`) on the fraud
//! sample (targets that conflict) and a churn model with a capacity and `min_cost`.

use serde_json::Value;

use crate::{repo, tradeoff};

fn report_json(context: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    tradeoff()
        .args(["report", "-q", "-o"])
        .arg(dir.path().join("r.html"))
        .arg("--json")
        .arg(&json)
        .arg(repo(context))
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap()
}

#[test]
fn decision_matches_the_independent_computation() {
    let text = std::fs::read_to_string(repo("tests/data/decision_oracle.json")).unwrap();
    let oracle: Value = serde_json::from_str(&text).unwrap();
    for (name, expected) in oracle.as_object().unwrap() {
        let ours = &report_json(expected["context"].as_str().unwrap())["decision"];
        assert_eq!(
            ours["threshold"], expected["threshold"],
            "{name}: threshold"
        );
        assert_eq!(ours["rule"], "cheapest", "{name}");
        assert_eq!(ours["meets"], expected["meets"], "{name}: meets");
        assert_eq!(ours["misses"], expected["misses"], "{name}: misses");
        if let Some(cost) = expected["cost"].as_f64() {
            let our_cost = ours["per_day"]["cost"].as_f64().unwrap();
            assert!(
                (our_cost - cost).abs() < 1e-6 * cost,
                "{name}: {our_cost} vs {cost}"
            );
        }
        let conflicts: Vec<Value> = (ours["conflicts"].as_array().unwrap().iter())
            .map(|c| {
                serde_json::json!({
                    "keys": c["keys"],
                    "thresholds": [c["sides"][0]["threshold"], c["sides"][1]["threshold"]],
                })
            })
            .collect();
        assert_eq!(
            Value::from(conflicts),
            expected["conflicts"],
            "{name}: conflicts"
        );
    }
}

#[test]
fn fraud_sample_says_catching_270_needs_more_than_the_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    tradeoff()
        .args(["report", "-q", "-o"])
        .arg(dir.path().join("r.html"))
        .arg("--markdown")
        .arg(&md)
        .arg(repo("samples/fraud/context.yaml"))
        .assert()
        .success();
    let text = std::fs::read_to_string(md).unwrap();
    assert!(
        text.contains("No threshold meets every constraint"),
        "{text}"
    );
    assert!(
        text.contains("Catching 270 fraudulent transactions a day needs 516 flagged a day"),
        "{text}"
    );
    assert!(text.contains("the team can handle 500 a day"), "{text}");
    assert!(text.contains("catches 268 a day"), "{text}");
    // The decision comes before the headline and the table.
    assert!(text.find("What to decide") < text.find("With threshold 0.50"));
}

#[test]
fn the_decision_comes_right_under_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    for context in [
        "samples/fraud/context.yaml",
        "tests/data/churn/context.yaml",
    ] {
        tradeoff()
            .args(["report", "-q", "-o"])
            .arg(&html)
            .arg(repo(context))
            .assert()
            .success();
        let page = std::fs::read_to_string(&html).unwrap();
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(
            at("</header>") < at("<section id=\"decision\""),
            "{context}"
        );
        assert!(at("<section id=\"decision\"") < at("<section id=\"headline\""));
        assert!(at("<section id=\"decision\"") < at("<section id=\"per-day\""));
    }
    // The churn model: the cheapest threshold within 150 calls a day, in words.
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Choose threshold 0.39"),
        "churn decision missing"
    );
}
