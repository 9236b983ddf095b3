//! The binary end to end: the fraud sample's acceptance sentence, the sweep command,
//! and every user-facing error with its exit code and message.

use predicates::prelude::*;
use serde_json::Value;

use crate::{repo, tradeoff};

#[test]
fn fraud_sample_prints_the_acceptance_sentence_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("fraud.json");
    tradeoff()
        .arg("report")
        .arg(repo("samples/fraud/context.yaml"))
        .arg("-o")
        .arg(dir.path().join("fraud.html"))
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "With threshold 0.50 the model has a 5.0% false-negative rate and a 2.5% false-positive rate. \
             On an average day 200 valid transactions are flagged and sent to manual review, \
             14 fraudulent transactions are missed and 266 are caught.",
        ));
    let summary: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let current = &summary["operating_points"][0];
    assert_eq!(current["name"], "current");
    assert_eq!(current["fn"], 35);
    assert_eq!(current["fp"], 500);
    for (key, expected) in [
        ("false_alarms", 200.0),
        ("missed", 14.0),
        ("caught", 266.0),
        ("flagged", 466.0),
    ] {
        let value = current["per_day"][key].as_f64().unwrap();
        assert!((value - expected).abs() < 1e-3, "{key}: {value}");
        let range = current["per_day_interval"][key].as_array().unwrap();
        assert!(
            range[0].as_f64().unwrap() < value && value < range[1].as_f64().unwrap(),
            "{key} range {range:?}"
        );
    }
    assert_eq!(summary["data"]["rows"], 20700);
    // Every target of the sample becomes a named point; min_cost is the cheapest.
    let names: Vec<&str> = summary["operating_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "max_false_negative_rate",
        "max_flagged_per_day",
        "min_precision",
        "max_false_alarms_per_day",
        "min_caught_per_day",
        "min_cost",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let cheapest = summary["operating_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["per_day"]["cost"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    let min_cost = summary["operating_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "min_cost")
        .unwrap();
    assert_eq!(min_cost["per_day"]["cost"].as_f64().unwrap(), cheapest);
    // 466 ± day-to-day swings against a capacity of 500: about 1 day in 15.
    let overflow = summary["business"]["capacity_overflow_share_of_days"]
        .as_f64()
        .unwrap();
    assert!((0.05..0.09).contains(&overflow), "{overflow}");
    // Six weeks of UTC days, cut in Berlin (UTC+2, then +1 from 25 October): the
    // last UTC evening's hours spill into a 43rd Berlin day.
    let days = summary["days"].as_array().unwrap();
    assert_eq!(days.len(), 43);
    assert_eq!(days[0]["date"], "2026-10-01");
    assert_eq!(days[42]["date"], "2026-11-12");
    let cases: f64 = days.iter().map(|d| d["cases"].as_f64().unwrap()).sum();
    assert_eq!(cases, 20700.0);
    assert!(summary["calibration"]["brier_score"].as_f64().unwrap() > 0.0);
    // Sensitivity: volume +50% scales every count by 1.5.
    let scenarios = summary["sensitivity"].as_array().unwrap();
    assert_eq!(scenarios.len(), 8);
    let more = scenarios
        .iter()
        .find(|s| s["scenario"] == "volume +50%")
        .unwrap();
    assert!((more["per_day"]["missed"].as_f64().unwrap() - 21.0).abs() < 1e-3);
    assert_eq!(summary["data"]["positives"], 700);
    assert!(summary["metrics"]["roc_auc"].as_f64().unwrap() > 0.9);
}

#[test]
fn sweep_outputs_contract_rows() {
    let assert = tradeoff()
        .args(["sweep", "--thresholds", "0.5,0.9", "--format", "json"])
        .arg(repo("samples/fraud/eval.csv"))
        .assert()
        .success();
    let rows: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        rows[0],
        serde_json::json!({"threshold": 0.5, "tp": 665, "fp": 500, "tn": 19500, "fn": 35})
    );
    tradeoff()
        .args(["sweep", "--thresholds", "0.5", "--format", "csv"])
        .arg(repo("samples/fraud/eval.csv"))
        .assert()
        .success()
        .stdout("threshold,tp,fp,tn,fn\n0.5,665,500,19500,35\n");
    let all = tradeoff()
        .args(["sweep", "--all", "--format", "csv"])
        .arg(repo("tests/data/iris_petal_width.csv"))
        .assert()
        .success();
    let lines = String::from_utf8(all.get_output().stdout.clone()).unwrap();
    assert_eq!(lines.lines().count(), 1 + 22, "one row per distinct score");
}

#[test]
fn usage_errors_exit_2() {
    tradeoff()
        .args(["sweep"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<DATA>"));
    tradeoff()
        .args(["sweep", "x.csv", "--format", "xml"])
        .assert()
        .code(2);
    tradeoff()
        .args(["sweep", "x.csv", "--all", "--thresholds", "0.5"])
        .assert()
        .code(2);
    tradeoff().args(["frobnicate"]).assert().code(2);
}

/// Writes `files` into a temporary folder and runs `tradeoff report context.yaml`.
fn report_with(files: &[(&str, &str)]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let assert = tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "--json", "out.json"])
        .assert();
    drop(dir);
    assert
}

const CONTEXT: &str = "title: T\ndata:\n  path: eval.csv\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: 0.5\n";
const EVAL: &str = "score,label\n0.9,1\n0.2,0\n0.6,0\n0.4,1\n";

fn fails_with(files: &[(&str, &str)], message: &str) {
    report_with(files)
        .code(1)
        .stderr(predicate::str::contains(message));
}

#[test]
fn data_errors_name_file_row_and_column() {
    fails_with(
        &[("context.yaml", CONTEXT)],
        "eval.csv: cannot read the file: no such file",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "scroe,label\n0.9,1\n"),
        ],
        "eval.csv: no column `score` (named as the score column): did you mean `scroe`?; available columns: scroe, label",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,1\nhigh,0\n"),
        ],
        "eval.csv: column `score`, row 2: `high` is not a number",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,1\n,0\nNaN,1\n"),
        ],
        // NaN written as text is a missing value, like an empty cell.
        "column `score` has 2 missing value(s), the first in row 2",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,1\ninf,0\n-inf,1\n"),
        ],
        "column `score` has 2 NaN or infinite value(s), the first in row 2",
    );
    fails_with(
        &[("context.yaml", CONTEXT), ("eval.csv", "score,label\n")],
        "eval.csv: the file has no data rows",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,0\n0.1,0\n"),
        ],
        "column `label` has only the value `0`; the positive value `1` never occurs",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,1\n0.1,0\n0.3,2\n"),
        ],
        "column `label`, row 3: label `2` is neither the positive value `1` nor the negative value `0`",
    );
    fails_with(
        &[
            ("context.yaml", CONTEXT),
            ("eval.csv", "score,label\n0.9,fraud\n0.1,ok\n"),
        ],
        "column `label` has only the values `fraud` and `ok` up to row 2, and neither is the positive value `1`",
    );
    fails_with(
        &[
            ("context.yaml", &CONTEXT.replace("eval.csv", "eval.xlsx")),
            ("eval.xlsx", ""),
        ],
        "unknown file type `xlsx`",
    );
}

#[test]
fn weights_must_be_finite_and_not_negative() {
    let context = CONTEXT.replace("path: eval.csv", "path: eval.csv\n  weight: w");
    fails_with(
        &[
            ("context.yaml", &context),
            ("eval.csv", "score,label,w\n0.9,1,1\n0.1,0,-2\n"),
        ],
        "column `w` has 1 negative value(s), the first in row 2",
    );
}

#[test]
fn context_errors_name_the_key() {
    fails_with(
        &[
            (
                "context.yaml",
                &CONTEXT.replace("volume_per_day: 1000", "volume_per_day: -3"),
            ),
            ("eval.csv", EVAL),
        ],
        "key `business.volume_per_day` is -3",
    );
    fails_with(
        &[
            ("context.yaml", &CONTEXT.replace("current:", "curent:")),
            ("eval.csv", EVAL),
        ],
        "context.yaml:10:3: unknown key `curent`: did you mean `current`?",
    );
    fails_with(
        &[("context.yaml", "title: [\n"), ("eval.csv", EVAL)],
        "context.yaml:",
    );
    tradeoff()
        .args(["report", "no-such.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read context file no-such.yaml",
        ));
}

#[test]
fn outputs_never_overwrite_inputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("context.yaml"), CONTEXT).unwrap();
    std::fs::write(dir.path().join("eval.csv"), EVAL).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "--json", "eval.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "refusing to write eval.csv: it is an input",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("eval.csv")).unwrap(),
        EVAL
    );
}

#[test]
fn labels_as_text_booleans_and_a_named_positive() {
    let context = CONTEXT.replace("path: eval.csv", "path: eval.csv\n  positive: fraud");
    report_with(&[("context.yaml", &context), ("eval.csv", "score,label\n0.9,fraud\n0.2,ok\n0.6,ok\n0.4,fraud\n")])
        .success()
        .stdout(predicate::str::contains("With threshold 0.50 the model has a 50.0% false-negative rate and a 50.0% false-positive rate"));
    report_with(&[
        ("context.yaml", CONTEXT),
        (
            "eval.csv",
            "score,label\n0.9,true\n0.2,false\n0.6,false\n0.4,true\n",
        ),
    ])
    .success()
    .stdout(predicate::str::contains("50.0% false-negative rate"));
}

#[test]
fn non_finite_weights_are_an_error() {
    let context = CONTEXT.replace("path: eval.csv", "path: eval.csv\n  weight: w");
    fails_with(
        &[
            ("context.yaml", &context),
            (
                "eval.csv",
                "score,label,w\n0.9,1,1\n0.1,0,inf\n0.5,0,-inf\n",
            ),
        ],
        "column `w` has 2 NaN or infinite value(s), the first in row 2",
    );
}

#[test]
fn the_date_comes_from_the_yaml_else_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("context.yaml"), CONTEXT).unwrap();
    std::fs::write(dir.path().join("eval.csv"), EVAL).unwrap();
    let date = |context: &str, epoch: &str| {
        std::fs::write(dir.path().join("context.yaml"), context).unwrap();
        tradeoff()
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["report", "context.yaml", "-o", "r.html", "--json", "r.json"])
            .assert()
            .success();
        let summary: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
        summary["date"].as_str().unwrap().to_owned()
    };
    // 1,790,812,800 s is 2026-10-01T00:00:00Z.
    assert_eq!(date(CONTEXT, "1790812800"), "2026-10-01");
    assert_eq!(
        date(&format!("{CONTEXT}date: 2026-11-20\n"), "1790812800"),
        "2026-11-20"
    );
    std::fs::write(dir.path().join("context.yaml"), CONTEXT).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("SOURCE_DATE_EPOCH is `yesterday`"));
}

/// Issue 10: `tradeoff sweep … --all | head -2` ends quietly when the reader closes
/// the pipe, as ripgrep does, instead of panicking with exit 101.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("tradeoff"))
        .args(["sweep", "--all"])
        .arg(repo("samples/fraud/eval.csv"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("threshold"), "{first}");
    // The reader is gone: the rest of the table meets a closed pipe.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Issue 10: any other failed write to standard output (a full disk) is a one-line
/// error with exit 1.
#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("SKIPPED: no /dev/full on this system");
        return;
    };
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("tradeoff"))
        .args(["sweep", "--all"])
        .arg(repo("samples/fraud/eval.csv"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output"),
        "{stderr}"
    );
}

/// Issue 10: an error's causes are printed once each.
#[test]
fn a_missing_context_file_says_its_cause_once() {
    let output = tradeoff()
        .args(["report", "no-such-context.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr.to_lowercase().matches("no such file").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("no-such-context.yaml"), "{stderr}");
}

#[test]
fn no_progress_line_when_standard_error_is_not_a_terminal() {
    // Standard error is a pipe here: the run prints the same with or without
    // --quiet, and no terminal control codes.
    let dir = tempfile::tempdir().unwrap();
    let run = |quiet: bool| {
        let mut command = tradeoff();
        command
            .arg("report")
            .arg(repo("samples/fraud/context.yaml"))
            .arg("-o")
            .arg(dir.path().join("fraud.html"));
        if quiet {
            command.arg("--quiet");
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    let (shown, quiet) = (run(false), run(true));
    assert_eq!(shown, quiet);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains("reading"),
        "{shown}"
    );
    assert!(shown.contains("wrote"), "{shown}");
}
