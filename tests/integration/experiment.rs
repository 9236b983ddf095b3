//! `monitoring.experiment` end to end: the effect per day in the JSON against a
//! computation by hand, the page's sentence, the sample-ratio mismatch, "too small
//! to tell", and the errors for a missing arm column, an arm of neither value, an
//! outcome that is not a number and a badly written `monitoring.experiment`.

use predicates::prelude::*;
use serde_json::Value;

use crate::tradeoff;

const EVAL: &str =
    "score,label\n0.9,1\n0.8,1\n0.7,0\n0.6,1\n0.4,0\n0.3,1\n0.2,0\n0.1,0\n0.05,0\n0.95,1\n";

const EXPERIMENT: &str =
    "  experiment: { arm: arm, model: m, holdout: h, split: 0.8, outcome: lost }\n";

fn context(experiment: &str) -> String {
    format!(
        "title: Small\ndata:\n  path: eval.csv\n  timezone: UTC\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 40\n  currency: EUR\nthresholds:\n  current: 0.5\nmonitoring:\n  date: 2026-12-14\n  production: {{ path: production.csv, score: score, timestamp: ts }}\n{experiment}"
    )
}

/// 3 whole days × 40 cases (one every 36 minutes from midnight); each fifth case
/// in the holdout; `outcome(i, holdout)` gives the loss.
fn production(outcome: &dyn Fn(usize, bool) -> String) -> String {
    let mut csv = String::from("ts,score,arm,lost\n");
    for i in 0..120 {
        let (day, minute) = (1 + i / 40, (i % 40) * 36);
        let holdout = i % 5 == 0;
        csv.push_str(&format!(
            "2026-12-0{day}T{:02}:{:02}:00Z,{},{},{}\n",
            minute / 60,
            minute % 60,
            if i % 2 == 0 { 0.9 } else { 0.2 },
            if holdout { "h" } else { "m" },
            outcome(i, holdout)
        ));
    }
    csv
}

struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    fn new(production: &str, context: &str) -> Run {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("eval.csv"), EVAL).unwrap();
        std::fs::write(dir.path().join("production.csv"), production).unwrap();
        std::fs::write(dir.path().join("context.yaml"), context).unwrap();
        Run { dir }
    }

    fn run(&self) -> assert_cmd::assert::Assert {
        tradeoff()
            .current_dir(self.dir.path())
            .args([
                "monitor",
                "context.yaml",
                "-o",
                "out.html",
                "--json",
                "out.json",
            ])
            .assert()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.dir.path().join("out.json")).unwrap()).unwrap()
    }

    fn html(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("out.html")).unwrap()
    }
}

/// Losses: held-out cases lose 100 on every other case, the model's 100 on every
/// tenth model case — a clear effect.
fn clear(i: usize, holdout: bool) -> String {
    let lost = if holdout {
        i.is_multiple_of(10)
    } else {
        i.is_multiple_of(7)
    };
    if lost { "100" } else { "0" }.to_owned()
}

#[test]
fn the_effect_per_day_is_holdout_minus_model_at_production_s_volume() {
    let csv = production(&clear);
    let run = Run::new(&csv, &context(EXPERIMENT));
    run.run().success();
    let e = &run.json()["monitoring"]["experiment"];
    // By hand: the arms' mean losses from the file, times 120 cases / 3 days.
    let (mut sum, mut n) = ([0.0; 2], [0.0; 2]);
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let k = usize::from(cells[2] == "h");
        sum[k] += cells[3].parse::<f64>().unwrap();
        n[k] += 1.0;
    }
    let expected = (sum[1] / n[1] - sum[0] / n[0]) * 40.0;
    let estimate = e["effect_per_day"]["estimate"].as_f64().unwrap();
    assert!(
        (estimate - expected).abs() < 1e-9,
        "{estimate} against {expected}"
    );
    assert_eq!(e["split"]["model_cases"], 96);
    assert_eq!(e["split"]["holdout_cases"], 24);
    assert_eq!(e["cases_per_day"], 40.0);
    let interval = e["effect_per_day"]["interval"].as_array().unwrap();
    let (low, high) = (interval[0].as_f64().unwrap(), interval[1].as_f64().unwrap());
    assert!(
        low < estimate && estimate < high && low > 0.0,
        "{low} {high}"
    );
    assert_eq!(e["reading"], "helps");
    // 96 of 120 is exactly the planned 80 %.
    assert_eq!(e["split"]["p_value"], 1.0);
    assert_eq!(e["split"]["mismatch"], false);
    let html = run.html();
    assert!(html.contains("id=\"experiment\""));
    assert!(
        html.contains(&format!(
            "With the model, EUR {} less is lost a day",
            tradeoff_count(expected)
        )),
        "{html}"
    );
    assert!(html.contains("The model helps"));
}

/// Thousands separators as the page writes whole amounts.
fn tradeoff_count(v: f64) -> String {
    let digits = format!("{}", v.round() as i64);
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn a_lopsided_split_is_a_sample_ratio_mismatch_and_no_effect_cannot_tell() {
    // Planned 50/50, observed 96/24: binomtest p ≈ 1e-10.
    let csv = production(&|i, _| if i % 3 == 0 { "5" } else { "0" }.to_owned());
    let run = Run::new(&csv, &context(&EXPERIMENT.replace("0.8", "0.5")));
    run.run()
        .success()
        .stderr(predicate::str::contains(
            "warning: the experiment's split is off: 96 of 120 cases (80.0%) are in the model arm where monitoring.experiment.split plans 50.0%",
        ));
    let e = &run.json()["monitoring"]["experiment"];
    assert_eq!(e["split"]["mismatch"], true);
    assert!(e["split"]["p_value"].as_f64().unwrap() < 1e-6);
    assert_eq!(e["reading"], "cannot_tell");
    let html = run.html();
    assert!(html.contains("data-experiment=\"mismatch\""));
    assert!(html.contains("The experiment is too small to tell"));
}

#[test]
fn experiment_problems_name_the_file_row_column_or_key() {
    let csv = production(&clear);
    let run = Run::new(
        &csv.replace("ts,score,arm,lost", "ts,score,group,lost"),
        &context(EXPERIMENT),
    );
    run.run()
        .code(1)
        .stderr(predicate::str::contains("production.csv: no column `arm`"));
    let run = Run::new(&csv.replacen(",h,", ",control,", 1), &context(EXPERIMENT));
    run.run().code(1).stderr(predicate::str::contains(
        "production.csv: column `arm`, row 1: the arm `control` is neither the model arm's value `m` nor the holdout's `h`",
    ));
    let run = Run::new(&csv.replacen(",m,0", ",m,ten", 1), &context(EXPERIMENT));
    run.run().code(1).stderr(
        predicate::str::contains("production.csv: column `lost`, row 2")
            .and(predicate::str::contains("`ten`")),
    );
    let run = Run::new(&csv, &context(&EXPERIMENT.replace("0.8", "1.2")));
    run.run().code(1).stderr(predicate::str::contains(
        "`monitoring.experiment.split` is 1.2",
    ));
    let run = Run::new(
        &csv,
        &context(&EXPERIMENT.replace("holdout: h", "holdout: m")),
    );
    run.run().code(1).stderr(predicate::str::contains(
        "`monitoring.experiment.holdout` is `m`, the same as `monitoring.experiment.model`",
    ));
    let run = Run::new(&csv, &context(&EXPERIMENT.replace("outcome:", "outcom:")));
    run.run()
        .code(1)
        .stderr(predicate::str::contains("unknown key `outcom`"));
}
