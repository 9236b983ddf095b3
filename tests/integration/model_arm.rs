//! With a holdout (`monitoring.experiment`), the promises are held on the model
//! arm alone (issue 27): a run with the experiment must give, promise for
//! promise, the numbers of a run without it on the model arm's rows only, against
//! the launch report at the arm's planned share of the volume — the holdout's
//! flags reached no reviewer and its catches were not made. The experiment itself
//! keeps both arms and production's whole volume.

use serde_json::Value;

use crate::{repo, tradeoff};

/// Six whole days of 300 cases (one every 4.8 minutes from midnight, UTC), a
/// quarter of them in the holdout, scores from a fixed generator; the audit holds
/// every flagged case and each tenth of the rest, holdout cases included.
fn files() -> (String, String, String) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut all = String::from("id,ts,score,arm,lost,country\n");
    let mut model_only = all.clone();
    let mut audit = String::from("id,label\n");
    for i in 0..1800usize {
        let (day, second) = (1 + i / 300, (i % 300) * 288);
        let score = (next() * next() * 1.2).min(0.999);
        let positive = next() < score * 0.6;
        let holdout = next() < 0.25;
        let lost = if positive && (holdout || score < 0.5) {
            120
        } else {
            0
        };
        let country = ["DE", "FR", "US"][i % 3];
        let row = format!(
            "{i},2026-12-0{day}T{:02}:{:02}:{:02}Z,{score:.4},{},{lost},{country}\n",
            second / 3600,
            second % 3600 / 60,
            second % 60,
            if holdout { "holdout" } else { "model" },
        );
        all.push_str(&row);
        if !holdout {
            model_only.push_str(&row);
        }
        if score >= 0.5 || i % 10 == 0 {
            audit.push_str(&format!("{i},{}\n", u8::from(positive)));
        }
    }
    (all, model_only, audit)
}

fn context(volume: f64, experiment: bool) -> String {
    let eval = repo("samples/fraud/eval.csv");
    format!(
        "title: Arms\ndata:\n  path: {}\n  score: score\n  label: label\n  positive: 1\n  timezone: UTC\n  segments: [country]\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: {volume}\n  prevalence: 0.05\n  capacity_per_day: 40\n  currency: EUR\n  costs: {{ false_positive: 5, false_negative: 120, true_positive: 5 }}\nthresholds:\n  current: 0.5\nmonitoring:\n  date: 2026-12-14\n  production: {{ path: production.csv, score: score, timestamp: ts, id: id }}\n  audit:\n    path: audit.csv\n    id: id\n    label: label\n    sampled: {{ flagged: 1.0, not_flagged: 0.1 }}\n{}",
        eval.display(),
        if experiment {
            "  experiment: { arm: arm, model: model, holdout: holdout, split: 0.75, outcome: lost }\n"
        } else {
            ""
        }
    )
}

fn run(production: &str, audit: &str, context: &str) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("production.csv"), production).unwrap();
    std::fs::write(dir.path().join("audit.csv"), audit).unwrap();
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args([
            "monitor",
            "context.yaml",
            "-o",
            "m.html",
            "--json",
            "m.json",
        ])
        .assert()
        .success();
    let json = serde_json::from_slice(&std::fs::read(dir.path().join("m.json")).unwrap()).unwrap();
    (
        json,
        std::fs::read_to_string(dir.path().join("m.html")).unwrap(),
    )
}

#[test]
fn the_promises_are_held_on_the_model_arm_alone() {
    let (all, model_only, audit) = files();
    let (with, html) = run(&all, &audit, &context(1200.0, true));
    // The same cases without the holdout's rows, against a plan of 3/4 the volume.
    let (alone, _) = run(&model_only, &audit, &context(900.0, false));
    let (w, a) = (&with["monitoring"], &alone["monitoring"]);
    for part in [
        "promises",
        "period",
        "days",
        "days_check",
        "audit",
        "score_drift",
        "periods",
        "segments",
        "advice",
        "calibrated_estimate",
        "prevalence",
    ] {
        assert_eq!(w[part], a[part], "monitoring.{part}");
    }
    // What it rests on, counted from the file.
    let (model, holdout) = (
        model_only.lines().count() - 1,
        all.lines().count() - model_only.lines().count(),
    );
    let arm = &w["model_arm"];
    assert_eq!(arm["cases"], model);
    assert_eq!(arm["holdout_cases"], holdout);
    assert_eq!(arm["planned_share"], 0.75);
    let holdout_ids: std::collections::HashSet<&str> = (all.lines().skip(1))
        .filter(|l| l.contains(",holdout,"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let verdicts = (audit.lines().skip(1))
        .filter(|l| holdout_ids.contains(l.split(',').next().unwrap()))
        .count();
    assert!(verdicts > 0);
    assert_eq!(arm["holdout_verdicts_left_out"], verdicts);
    assert!(a["model_arm"].is_null());
    // The experiment keeps both arms at production's whole volume: 300 a day.
    assert_eq!(w["experiment"]["cases_per_day"], 300.0);
    assert_eq!(w["experiment"]["split"]["holdout_cases"], holdout);
    // The page says what the promises are held on.
    assert!(
        html.contains(&format!(
            "Held on the model arm alone: {} of production&#39;s 1,800 cases",
            thousands(model)
        )),
        "{html}"
    );
}

/// The promised figures of a run with a holdout are the launch report's times the
/// planned split (shares unscaled), whatever the observed side says.
#[test]
fn the_promises_scale_with_the_planned_split() {
    let (all, _, audit) = files();
    let (with, _) = run(&all, &audit, &context(1200.0, true));
    let without = {
        let text = context(1200.0, false);
        run(&all, &audit, &text).0
    };
    let promised = |json: &Value, quantity: &str| -> f64 {
        (json["monitoring"]["promises"].as_array().unwrap().iter())
            .find(|p| p["quantity"] == quantity)
            .map(|p| p["promised"].as_f64().unwrap())
            .unwrap()
    };
    for quantity in [
        "volume",
        "flagged",
        "caught",
        "missed",
        "false_alarms",
        "cost",
    ] {
        let (a, b) = (promised(&with, quantity), promised(&without, quantity));
        assert!(
            (a - 0.75 * b).abs() <= 1e-9 * b.abs().max(1.0),
            "{quantity}: {a} against 0.75 × {b}"
        );
    }
    for quantity in ["share_flagged", "precision", "prevalence"] {
        let (a, b) = (promised(&with, quantity), promised(&without, quantity));
        assert!((a - b).abs() <= 1e-12, "{quantity}: {a} against {b}");
    }
}

/// `1,317`, as the page writes counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Production all in the holdout leaves nothing to hold the promises on: an
/// error naming the file, the arm column and its values, not an empty page.
#[test]
fn no_case_in_the_model_arm_is_an_error_naming_the_column() {
    let (all, _, audit) = files();
    let holdout_only = all.replace(",model,", ",holdout,");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("production.csv"), holdout_only).unwrap();
    std::fs::write(dir.path().join("audit.csv"), audit).unwrap();
    std::fs::write(dir.path().join("context.yaml"), context(1200.0, true)).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["monitor", "context.yaml", "-o", "m.html"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "production.csv: column `arm`: no case is in the model arm (`model`), all 1800 are the holdout's (`holdout`)",
        ));
    assert!(!dir.path().join("m.html").exists());
}
