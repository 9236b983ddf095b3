//! Release reviews (issue 15): DeLong against an independent oracle on real data,
//! the fraud-release sample's comparison at matched operating points, `--check`'s
//! exit codes, gate and baseline errors, the overlap warning, the markdown summary
//! (golden copy, and how it renders with pulldown-cmark) and same inputs, same bytes.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{Html, Selector};
use serde_json::Value;

use crate::{repo, tradeoff};

/// The outputs of one `tradeoff report` run, in their own temporary folder.
struct Run {
    _dir: tempfile::TempDir,
    html: PathBuf,
    json: PathBuf,
    markdown: PathBuf,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(&self.json).unwrap()).unwrap()
    }
    fn html(&self) -> String {
        std::fs::read_to_string(&self.html).unwrap()
    }
    fn markdown(&self) -> String {
        std::fs::read_to_string(&self.markdown).unwrap()
    }
}

/// Runs `tradeoff report CONTEXT … extra` from `dir`, expecting exit `code`.
fn run(dir: &Path, context: &str, extra: &[&str], code: i32) -> (Run, assert_cmd::assert::Assert) {
    let out = tempfile::tempdir().unwrap();
    let run = Run {
        html: out.path().join("r.html"),
        json: out.path().join("r.json"),
        markdown: out.path().join("r.md"),
        _dir: out,
    };
    let assert = tradeoff()
        .current_dir(dir)
        .arg("report")
        .arg(context)
        .arg("-o")
        .arg(&run.html)
        .arg("--json")
        .arg(&run.json)
        .arg("--markdown")
        .arg(&run.markdown)
        .args(extra)
        .assert()
        .code(code);
    (run, assert)
}

/// The release sample, run from the repository root as the README does.
fn sample(extra: &[&str]) -> (Run, assert_cmd::assert::Assert) {
    run(&repo(""), "samples/fraud-release/context.yaml", extra, 0)
}

/// The sample's context with `data.path` and `baseline.path` made absolute and the
/// `gates:` block replaced, written as `context.yaml` into a new folder.
fn sample_with_gates(gates: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(repo("samples/fraud-release/context.yaml")).unwrap();
    let head = &yaml[..yaml.find("gates:").unwrap()];
    let yaml =
        head.replace(
            "path: eval.csv",
            &format!("path: {}", repo("samples/fraud-release/eval.csv").display()),
        )
        .replace(
            "path: scores_v31.csv",
            &format!(
                "path: {}",
                repo("samples/fraud-release/scores_v31.csv").display()
            ),
        ) + gates;
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    dir
}

#[derive(serde::Deserialize)]
struct Oracle {
    auc_candidate: f64,
    auc_baseline: f64,
    variance_candidate: f64,
    variance_baseline: f64,
    covariance: f64,
    difference: f64,
    standard_error: f64,
    interval: [f64; 2],
    p_value: f64,
}

fn oracle() -> Oracle {
    serde_json::from_slice(&std::fs::read(repo("tests/data/comparison_oracle.json")).unwrap())
        .unwrap()
}

/// tests/data/breast_cancer_two_models.csv as (labels, logistic, naive Bayes).
fn two_models() -> (Vec<bool>, Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(repo("tests/data/breast_cancer_two_models.csv")).unwrap();
    let mut columns = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        columns.0.push(cells[1] == "1");
        columns.1.push(cells[2].parse().unwrap());
        columns.2.push(cells[3].parse().unwrap());
    }
    columns
}

const CANCER_CONTEXT: &str = "title: Breast cancer, two models\nmodel: logistic regression\ndata:\n  path: DATA\n  score: score_logistic\n  label: label\n  id: id\nbusiness:\n  positive: benign tumour\n  negative: malignant tumour\n  action: sent home\n  volume_per_day: 100\nthresholds:\n  current: 0.5\nbaseline:\n  name: naive Bayes\n  score: score_naive_bayes\n";

fn cancer_context(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = repo("tests/data/breast_cancer_two_models.csv");
    let yaml = CANCER_CONTEXT.replace("DATA", &data.display().to_string()) + extra;
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    dir
}

#[test]
fn delong_matches_an_independent_implementation_on_breast_cancer() {
    // tests/oracle/make_comparison.py: out-of-fold logistic regression against
    // Gaussian naive Bayes (122 tied scores), DeLong from its O(m·n) definitions.
    let o = oracle();
    let (positive, logistic, naive_bayes) = two_models();
    let c =
        tradeoff::stats::delong::compare_aucs(&logistic, &naive_bayes, &positive, None).unwrap();
    let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-6, "{what}: {a} vs {b}");
    close(c.auc_a, o.auc_candidate, "AUC, logistic");
    close(c.auc_b, o.auc_baseline, "AUC, naive Bayes");
    close(c.variance_a, o.variance_candidate, "variance, logistic");
    close(c.variance_b, o.variance_baseline, "variance, naive Bayes");
    close(c.covariance, o.covariance, "covariance");
    close(c.difference, o.difference, "difference");
    close(c.standard_error, o.standard_error, "standard error");
    close(c.interval95.0, o.interval[0], "interval low");
    close(c.interval95.1, o.interval[1], "interval high");
    close(c.p_value.unwrap(), o.p_value, "p-value");
    // The same numbers end to end: the baseline as a column of the evaluation file.
    let dir = cancer_context("");
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let json = out.json();
    let d = &json["comparison"]["roc_auc_difference"];
    close(
        d["estimate"].as_f64().unwrap(),
        o.difference,
        "JSON estimate",
    );
    close(
        d["interval"][0].as_f64().unwrap(),
        o.interval[0],
        "JSON interval low",
    );
    close(
        d["interval"][1].as_f64().unwrap(),
        o.interval[1],
        "JSON interval high",
    );
    close(d["p_value"].as_f64().unwrap(), o.p_value, "JSON p-value");
    close(
        json["comparison"]["baseline"]["roc_auc"].as_f64().unwrap(),
        o.auc_baseline,
        "JSON baseline AUC",
    );
}

#[test]
fn each_models_auc_interval_is_procs_delong_and_average_precision_is_sklearns() {
    // tests/oracle/proc_oracle.R: pROC 1.18 `ci.auc(method = "delong")`, direction
    // fixed; the logistic model's upper end is clipped at 1 as pROC clips it.
    let proc: Value =
        serde_json::from_slice(&std::fs::read(repo("tests/data/proc_oracle.json")).unwrap())
            .unwrap();
    let close = |a: f64, b: &Value, what: &str| {
        let b = b.as_f64().unwrap();
        assert!((a - b).abs() < 1e-6, "{what}: {a} vs {b}")
    };
    let (positive, logistic, naive_bayes) = two_models();
    let c =
        tradeoff::stats::delong::compare_aucs(&logistic, &naive_bayes, &positive, None).unwrap();
    for (model, auc, variance) in [
        ("logistic", c.auc_a, c.variance_a),
        ("naive_bayes", c.auc_b, c.variance_b),
    ] {
        let e = tradeoff::stats::delong::auc_interval(auc, variance);
        close(e.value, &proc[model]["auc"], "AUC");
        close(variance, &proc[model]["variance"], "variance");
        close(e.low, &proc[model]["low"], "low");
        close(e.high, &proc[model]["high"], "high");
    }
    // Partial AUC over false-positive rates 0.02 to 0.15, not standardised.
    for (model, scores) in [("logistic", &logistic), ("naive_bayes", &naive_bayes)] {
        let w = vec![1.0; scores.len()];
        let partial =
            tradeoff::stats::ap_bootstrap::partial_auc(scores, &positive, &w, (0.02, 0.15));
        close(
            partial.unwrap(),
            &proc[model]["partial_auc_fpr_0.02_0.15"],
            &format!("partial AUC, {model}"),
        );
    }
    // tests/oracle/ap_oracle.py: scikit-learn's average_precision_score with no
    // weights, with bootstrap-like multiplicities (0 to 3) and fractional weights.
    let ap: Value =
        serde_json::from_slice(&std::fs::read(repo("tests/data/ap_oracle.json")).unwrap()).unwrap();
    for weights in ["none", "multiplicity", "fractional"] {
        let w: Vec<f64> = match ap["weights"][weights].as_array() {
            Some(w) => w.iter().map(|v| v.as_f64().unwrap()).collect(),
            None => vec![1.0; positive.len()],
        };
        for (model, scores) in [("logistic", &logistic), ("naive_bayes", &naive_bayes)] {
            let mine = tradeoff::stats::ap_bootstrap::average_precision(scores, &positive, &w);
            close(
                mine.unwrap(),
                &ap["average_precision"][weights][model],
                &format!("AP {model}, weights {weights}"),
            );
        }
    }
    // End to end: the JSON carries both, and the bootstrap's intervals hold the estimates.
    let dir = cancer_context("");
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let json = out.json();
    let cmp = &json["comparison"];
    for (side, model) in [("candidate", "logistic"), ("baseline", "naive_bayes")] {
        let range = &cmp[side]["roc_auc_interval"];
        close(range[0].as_f64().unwrap(), &proc[model]["low"], "JSON low");
        close(
            range[1].as_f64().unwrap(),
            &proc[model]["high"],
            "JSON high",
        );
        let value = cmp[side]["average_precision"].as_f64().unwrap();
        close(value, &ap["average_precision"]["none"][model], "JSON AP");
        let range = &cmp[side]["average_precision_interval"];
        let (low, high) = (range[0].as_f64().unwrap(), range[1].as_f64().unwrap());
        assert!(
            low < value && value <= high && high <= 1.0,
            "{low} {value} {high}"
        );
    }
    let d = cmp["average_precision_difference"].as_f64().unwrap();
    let range = &cmp["average_precision_difference_interval"];
    assert!(range[0].as_f64().unwrap() < d && d < range[1].as_f64().unwrap());
    assert_eq!(cmp["average_precision_bootstrap"]["replicates"], 2000);
    assert_eq!(
        cmp["average_precision_bootstrap"]["method"],
        "stratified_paired_cases"
    );
    // The partial AUC over the matched points' false-positive rates, end to end.
    let partial = &cmp["partial_roc_auc"];
    let range = (
        partial["fpr_range"][0].as_f64().unwrap(),
        partial["fpr_range"][1].as_f64().unwrap(),
    );
    assert!(range.0 < range.1, "{range:?}");
    assert_eq!(partial["standardised"], false);
    let w = vec![1.0; positive.len()];
    let expected = tradeoff::stats::ap_bootstrap::partial_auc(&logistic, &positive, &w, range);
    let estimate = partial["candidate"]["estimate"].as_f64().unwrap();
    assert!((estimate - expected.unwrap()).abs() < 1e-12);
    let d = &partial["difference"];
    let value = d["estimate"].as_f64().unwrap();
    assert!(d["interval"][0].as_f64().unwrap() <= value);
    assert!(value <= d["interval"][1].as_f64().unwrap());
    let p = d["p_value"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    // Same inputs, same intervals.
    let (again, _) = run(dir.path(), "context.yaml", &[], 0);
    assert_eq!(again.json()["comparison"], json["comparison"]);
}

/// The breast-cancer comparison with naive Bayes as the candidate (0.0076 below
/// logistic regression, 95 % range −0.0133 to −0.0019) on the first `rows` cases,
/// with `gates` appended.
fn reversed_cancer(rows: usize, gates: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo("tests/data/breast_cancer_two_models.csv")).unwrap();
    let head: Vec<&str> = text.lines().take(rows + 1).collect();
    std::fs::write(dir.path().join("data.csv"), head.join("\n") + "\n").unwrap();
    let yaml = CANCER_CONTEXT
        .replace("DATA", "data.csv")
        .replace("score: score_logistic", "score: NB")
        .replace("score: score_naive_bayes\n", "score: score_logistic\n")
        .replace("NB", "score_naive_bayes")
        + gates;
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    dir
}

#[test]
fn a_margin_gives_passed_failed_or_inconclusive_and_check_fails_on_inconclusive() {
    let gate = |rows: usize, margin: &str, extra: &str, code: i32| {
        let dir = reversed_cancer(
            rows,
            &format!(
                "gates:\n{extra}  no_worse_than_baseline:\n    - {{ item: roc_auc, margin: {margin} }}\n    - flagged_per_day_at_capacity\n"
            ),
        );
        let (out, assert) = run(dir.path(), "context.yaml", &["--check"], code);
        let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
        (
            out.json()["gates"].clone(),
            out.html(),
            out.markdown(),
            stdout,
        )
    };
    // All 569 cases: shown no worse than 0.02, shown worse than 0.001.
    let (gates, html, _, _) = gate(569, "0.02", "", 0);
    assert_eq!(gates[0]["verdict"], "passed");
    assert_eq!(gates[0]["margin"], 0.02);
    assert_eq!(gates[0]["limit"], -0.02);
    assert!(html.contains("data-verdict=\"passed\""));
    let (gates, _, _, _) = gate(569, "0.001", "", 3);
    assert_eq!(gates[0]["verdict"], "failed");
    // The range straddles −0.005: too few cases to tell; --check fails on it …
    let (gates, html, markdown, stdout) = gate(569, "0.005", "", 3);
    assert_eq!(gates[0]["verdict"], "inconclusive");
    assert_eq!(gates[0]["passed"], false);
    assert!(
        stdout.contains("gate no_worse_than_baseline.roc_auc: INCONCLUSIVE"),
        "{stdout}"
    );
    assert!(html.contains("? inconclusive") && html.contains("too few cases to tell"));
    assert!(
        markdown.contains("| ? | `no_worse_than_baseline.roc_auc`"),
        "{markdown}"
    );
    // … unless the context lets it through, and the page still says so.
    let (gates, html, _, _) = gate(569, "0.005", "  on_inconclusive: pass\n", 0);
    assert_eq!(
        (&gates[0]["verdict"], &gates[0]["passed"]),
        (&Value::from("inconclusive"), &Value::from(true))
    );
    assert!(html.contains("? inconclusive"));
    // The same margin that all the cases show met cannot be told from 100 of them.
    let (gates, _, _, _) = gate(100, "0.02", "", 3);
    assert_eq!(gates[0]["verdict"], "inconclusive");
    // A relative margin is a share of the baseline's AUC; without a margin the gate
    // keeps its meaning, and every comparison gives what it could have detected.
    let (gates, _, _, _) = gate(569, "2%", "", 0);
    let baseline_auc = 0.995283018867924; // logistic regression's, pROC
    let margin = gates[0]["margin"].as_f64().unwrap();
    assert!((margin - 0.02 * baseline_auc).abs() < 1e-9, "{margin}");
    assert_eq!(gates[0]["margin_share"], 0.02);
    assert_eq!(gates[1]["verdict"], "passed");
    assert_eq!(gates[1]["margin"], Value::Null);
    for g in gates.as_array().unwrap() {
        let width = g["interval"][1].as_f64().unwrap() - g["interval"][0].as_f64().unwrap();
        let detectable = g["detectable_difference"].as_f64().unwrap();
        assert!((detectable - width * 2.801585 / 3.919928).abs() < 1e-5 * width.max(1.0));
    }
}

fn per_day(point: &Value, key: &str) -> f64 {
    point["per_day"][key].as_f64().unwrap()
}

#[test]
fn the_release_sample_compares_the_models_at_matched_operating_points() {
    let (out, assert) = sample(&["--check"]);
    assert.stdout(predicate::str::contains(
        "At 500 cases flagged a day (the capacity), fraud-gbm 3.2.0 catches 268 fraudulent transactions a day and fraud-gbm 3.1 catches 259: 9 more (4 to 15).",
    ));
    let json = out.json();
    let c = &json["comparison"];
    let matched = c["matched"].as_array().unwrap();
    let by: Vec<&str> = matched.iter().map(|m| m["by"].as_str().unwrap()).collect();
    assert_eq!(by, ["threshold", "flagged_per_day", "false_negative_rate"]);
    for m in matched {
        for key in ["flagged", "caught", "missed", "false_alarms", "cost"] {
            let d = m["per_day_difference"][key].as_f64().unwrap();
            let expected = per_day(&m["candidate"], key) - per_day(&m["baseline"], key);
            assert!((d - expected).abs() < 1e-6, "{key}: {d} vs {expected}");
            let range = &m["per_day_difference_interval"][key];
            let (low, high) = (range[0].as_f64().unwrap(), range[1].as_f64().unwrap());
            assert!(low <= d && d <= high, "{key}: {d} outside {low}–{high}");
        }
        assert_eq!(m["candidate_threshold"], m["candidate"]["threshold"]);
        assert_eq!(m["baseline_threshold"], m["baseline"]["threshold"]);
    }
    // The rules: the current threshold for both; each model at its lowest threshold
    // flagging at most the capacity; the baseline missing no more than the candidate.
    assert_eq!(matched[0]["candidate_threshold"], 0.5);
    assert_eq!(matched[0]["baseline_threshold"], 0.5);
    assert_eq!(matched[1]["at"], 500.0);
    assert_eq!(matched[1]["at_source"], "capacity");
    for side in ["candidate", "baseline"] {
        assert!(per_day(&matched[1][side], "flagged") <= 500.0);
    }
    let fnr = |p: &Value| p["false_negative_rate"].as_f64().unwrap();
    assert_eq!(matched[2]["candidate_threshold"], 0.5);
    assert!(fnr(&matched[2]["baseline"]) <= fnr(&matched[2]["candidate"]));
    // The sample's difference is real but modest: more catches at capacity, the
    // whole range above 0.
    let caught = &matched[1]["per_day_difference_interval"]["caught"];
    assert!(caught[0].as_f64().unwrap() > 0.0 && caught[1].as_f64().unwrap() < 30.0);
    let auc = &c["roc_auc_difference"];
    assert!(auc["p_value"].as_f64().unwrap() < 0.05);
    // Every gate passes, so --check exits 0; the page shows them and the comparison.
    let gates = json["gates"].as_array().unwrap();
    assert_eq!(gates.len(), 6);
    assert!(gates.iter().all(|g| g["passed"] == true));
    let page = Html::parse_document(&out.html());
    let count = |selector: &str| page.select(&Selector::parse(selector).unwrap()).count();
    assert_eq!(count("section#comparison tr[data-matched]"), 3);
    assert_eq!(count("section#comparison figure svg"), 2);
    assert_eq!(
        count("section#gates tr[data-gate][data-passed=\"true\"]"),
        6
    );
    assert_eq!(count("#caught-by-candidate-only + table tbody tr"), 10);
    assert_eq!(count("#provenance-git"), 1);
    // Provenance: the three inputs with their checksums, and the tool.
    let inputs = json["provenance"]["inputs"].as_array().unwrap();
    let roles: Vec<&str> = inputs.iter().map(|i| i["role"].as_str().unwrap()).collect();
    assert_eq!(
        roles,
        ["Business context", "Evaluation data", "Baseline scores"]
    );
    assert!(
        inputs
            .iter()
            .all(|i| i["sha256"].as_str().unwrap().len() == 64)
    );
    assert_eq!(json["provenance"]["model"], "fraud-gbm 3.2.0");
    assert_eq!(json["provenance"]["baseline"], "fraud-gbm 3.1");
}

#[test]
fn check_exits_3_when_a_gate_fails_and_writes_the_outputs_anyway() {
    let passing = sample_with_gates(
        "gates:\n  max_missed_per_day: 20\n  no_worse_than_baseline: [caught_per_day_at_capacity]\n",
    );
    run(passing.path(), "context.yaml", &["--check"], 0);
    let failing = sample_with_gates("gates:\n  max_missed_per_day: 5\n  min_roc_auc: 0.9\n");
    let (out, assert) = run(failing.path(), "context.yaml", &["--check"], 3);
    assert.stdout(predicate::str::contains("gate max_missed_per_day: FAILED"));
    let json = out.json();
    assert_eq!(json["gates"][0]["name"], "max_missed_per_day");
    assert_eq!(json["gates"][0]["passed"], false);
    assert_eq!(json["gates"][0]["limit"], 5.0);
    assert!(json["gates"][0]["value"].as_f64().unwrap() > 5.0);
    assert_eq!(json["gates"][1]["passed"], true);
    assert!(
        out.html()
            .contains("1 of 2 gates fails: max_missed_per_day.")
    );
    assert!(
        out.markdown()
            .contains("**✗ Not passed: 1 of 2 gates fails: max\\_missed\\_per\\_day.**")
    );
    // Without --check the same gates only report.
    run(failing.path(), "context.yaml", &[], 0);
    // A candidate worse than its baseline by more than chance fails a
    // no_worse_than_baseline gate: naive Bayes against logistic regression.
    let dir = cancer_context(
        "gates:\n  no_worse_than_baseline: [roc_auc, caught_per_day_at_threshold]\n",
    );
    let yaml = std::fs::read_to_string(dir.path().join("context.yaml"))
        .unwrap()
        .replace("score: score_logistic", "score: score_naive_bayes_")
        .replace("score: score_naive_bayes\n", "score: score_logistic\n")
        .replace("score_naive_bayes_", "score_naive_bayes");
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    let (out, _) = run(dir.path(), "context.yaml", &["--check"], 3);
    let gate = &out.json()["gates"][0];
    assert_eq!(gate["name"], "no_worse_than_baseline.roc_auc");
    assert_eq!(gate["passed"], false);
    assert_eq!(gate["limit"], 0.0);
    assert!(gate["interval"][1].as_f64().unwrap() < 0.0);
    // --check without gates has nothing to fail.
    run(&repo(""), "samples/fraud/context.yaml", &["--check"], 0)
        .1
        .stderr(predicate::str::contains("the context sets no gates"));
}

#[test]
fn unknown_gates_and_bad_baselines_are_errors_that_say_what_to_do() {
    let cases = [
        (
            "gates:\n  max_mised_per_day: 3\n",
            "did you mean `max_missed_per_day`?",
        ),
        (
            "gates:\n  no_worse_than_baseline: [caught_per_day_at_capacty]\n",
            "gates.no_worse_than_baseline[0]` is `caught_per_day_at_capacty`, which is not a comparison the report makes: did you mean `caught_per_day_at_capacity`?",
        ),
        (
            "gates:\n  min_roc_auc: 1.5\n",
            "key `gates.min_roc_auc` is 1.5",
        ),
    ];
    for (gates, message) in cases {
        let dir = sample_with_gates(gates);
        run(dir.path(), "context.yaml", &[], 1)
            .1
            .stderr(predicate::str::contains(message));
    }
    let dir = cancer_context("gates:\n  max_cost_per_day: 10\n");
    run(dir.path(), "context.yaml", &[], 1)
        .1
        .stderr(predicate::str::contains("needs costs"));
    // no_worse_than_baseline without a baseline.
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(repo("samples/fraud/context.yaml"))
        .unwrap()
        .replace(
            "path: eval.csv",
            &format!("path: {}", repo("samples/fraud/eval.csv").display()),
        )
        + "gates:\n  no_worse_than_baseline: [roc_auc]\n";
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    run(dir.path(), "context.yaml", &[], 1)
        .1
        .stderr(predicate::str::contains("needs a baseline to compare with"));
    // A baseline column that is not there, with the nearest name.
    let dir = cancer_context("");
    let yaml = std::fs::read_to_string(dir.path().join("context.yaml"))
        .unwrap()
        .replace("score: score_naive_bayes", "score: score_naive_bays");
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    run(dir.path(), "context.yaml", &[], 1).1.stderr(predicate::str::contains(
        "no column `score_naive_bays` (named as the baseline score column): did you mean `score_naive_bayes`?",
    ));
}

/// A small evaluation file with ids and a baseline file, in a new folder.
fn joined(baseline_rows: &[(&str, &str)], extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut eval = String::from("id,score,label\n");
    for i in 0..40 {
        eval.push_str(&format!(
            "c{i},{:.2},{}\n",
            f64::from((i * 7) % 40) / 40.0,
            i % 3 == 0
        ));
    }
    let mut baseline = String::from("case,old_score\n");
    for (id, score) in baseline_rows {
        baseline.push_str(&format!("{id},{score}\n"));
    }
    std::fs::write(dir.path().join("eval.csv"), eval).unwrap();
    std::fs::write(dir.path().join("old.csv"), baseline).unwrap();
    let context = format!(
        "title: T\ndata:\n  path: eval.csv\n  id: id\n  positive: true\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 100\nthresholds:\n  current: 0.5\nbaseline:\n  name: old\n  path: old.csv\n  id: case\n  score: old_score\n{extra}"
    );
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    dir
}

#[test]
fn a_baseline_file_is_joined_on_the_id_and_the_overlap_is_counted() {
    // The baseline lacks c0 and c1, and scores two cases the evaluation lacks.
    let mut rows: Vec<(String, String)> = (2..40)
        .map(|i| {
            (
                format!("c{i}"),
                format!("{:.2}", f64::from((i * 11) % 40) / 40.0),
            )
        })
        .collect();
    rows.push(("x1".into(), "0.5".into()));
    rows.push(("x2".into(), "0.5".into()));
    let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = joined(&rows, "");
    let (out, assert) = run(dir.path(), "context.yaml", &[], 0);
    assert.stderr(predicate::str::contains(
        "warning: 2 evaluation cases have no baseline score (`c0`, `c1`) and 2 baseline scores are for cases not in the evaluation (`x1`, `x2`)",
    ));
    let cases = &out.json()["comparison"]["cases"];
    assert_eq!(cases["rows"], 38);
    assert_eq!(cases["evaluation_only"], 2);
    assert_eq!(cases["baseline_only"], 2);
    assert_eq!(cases["first_evaluation_only"][0], "c0");
    // Under the stated share: an error that names the counts and the fix.
    let dir = joined(&rows, "  min_overlap: 0.99\n");
    run(dir.path(), "context.yaml", &[], 1).1.stderr(predicate::str::contains(
        "scores only 38 of the 40 evaluation cases (95.0%), under the 99.0% that baseline.min_overlap asks for (e.g. evaluation case `c0` has no baseline score)",
    ));
    // An id twice in the baseline file: which score is meant is unknowable.
    let mut twice = rows.clone();
    twice.push(("c5", "0.1"));
    let dir = joined(&twice, "");
    run(dir.path(), "context.yaml", &[], 1)
        .1
        .stderr(predicate::str::contains(
            "old.csv: column `case`: id `c5` appears in rows 4 and 41",
        ));
}

/// The markdown with the context file's commit masked (it moves with the history).
fn masked_markdown(markdown: &str) -> String {
    let Some(start) = markdown.find("context last changed in commit `") else {
        return markdown.to_owned();
    };
    let from = start + "context last changed in commit `".len();
    let end = from + markdown[from..].find('`').unwrap();
    format!("{}[commit]{}", &markdown[..from], &markdown[end..])
        .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn golden_markdown_summary_of_the_release_sample() {
    let (out, _) = sample(&[]);
    let markdown = masked_markdown(&out.markdown());
    let golden = repo("tests/golden/fraud-release.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &markdown).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .expect("golden file exists; run with UPDATE_GOLDEN=1 to create it");
    assert!(
        markdown == expected,
        "the markdown summary differs from tests/golden/fraud-release.md; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}

/// What a markdown text renders to: its tables as rows of cell texts, and whether
/// any raw HTML or link came through.
struct Rendered {
    tables: Vec<Vec<Vec<String>>>,
    headings: usize,
    quotes: usize,
    html_or_links: Vec<String>,
}

fn render(markdown: &str) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut r = Rendered {
        tables: Vec::new(),
        headings: 0,
        quotes: 0,
        html_or_links: Vec::new(),
    };
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Table(_)) => r.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                r.tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap();
                r.tables.last_mut().unwrap().last_mut().unwrap().push(text);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Start(Tag::Heading { .. }) => r.headings += 1,
            Event::Start(Tag::BlockQuote(_)) => r.quotes += 1,
            Event::Html(h) | Event::InlineHtml(h) => r.html_or_links.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                r.html_or_links.push(dest_url.to_string())
            }
            Event::Start(Tag::Strikethrough) => r.html_or_links.push("strikethrough".into()),
            _ => {}
        }
    }
    r
}

#[test]
fn the_markdown_summary_renders_as_tables_with_nothing_raw() {
    let (out, _) = sample(&[]);
    let r = render(&out.markdown());
    // Per-day table, metrics, matched points, segments (issue 28), gates; each row
    // as wide as its header.
    assert_eq!(r.tables.len(), 5, "{:?}", r.tables);
    for table in &r.tables {
        let width = table[0].len();
        assert!(table.iter().all(|row| row.len() == width), "{table:?}");
    }
    assert_eq!(r.tables[0][1][0], "current");
    assert_eq!(r.tables[2].len(), 4, "header and three matched points");
    assert_eq!(r.tables[3][0][0], "Segment");
    assert_eq!(r.tables[4].len(), 7, "header and six gates");
    assert!(r.tables[4][1..].iter().all(|row| row[0] == "✓"));
    // The tables' headings and "What to decide" (issue 24).
    assert_eq!(r.headings, 6);
    assert_eq!(r.quotes, 1);
    assert!(r.html_or_links.is_empty(), "{:?}", r.html_or_links);
    // Hostile names stay text: no HTML, no link, no broken table.
    let evil = "<img src=x onerror=alert(1)> | [x](javascript:alert(2)) ~~y~~ *z*";
    let dir = sample_with_gates("gates:\n  max_missed_per_day: 20\n");
    let yaml = std::fs::read_to_string(dir.path().join("context.yaml"))
        .unwrap()
        .replace("model: fraud-gbm 3.2.0", &format!("model: \"{evil}\""))
        .replace("name: fraud-gbm 3.1", &format!("name: \"- {evil}\""))
        .replace(
            "title: Card-fraud model 3.2 — release review against 3.1",
            &format!("title: \"# {evil}\""),
        );
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let markdown = out.markdown();
    let r = render(&markdown);
    assert!(
        r.html_or_links.is_empty(),
        "{:?}\n{markdown}",
        r.html_or_links
    );
    assert_eq!(r.tables.len(), 5);
    for table in &r.tables {
        let width = table[0].len();
        assert!(table.iter().all(|row| row.len() == width), "{table:?}");
    }
    assert!(
        r.tables[1][0][1].contains("<img src=x onerror=alert(1)> | [x]"),
        "{:?}",
        r.tables[1][0]
    );
    // And on the page, askama keeps them text as well.
    let page = Html::parse_document(&out.html());
    assert_eq!(page.select(&Selector::parse("img").unwrap()).count(), 0);
    let title = page
        .select(&Selector::parse("#comparison h2").unwrap())
        .next()
        .unwrap();
    assert!(
        title
            .text()
            .collect::<String>()
            .contains("<img src=x onerror=alert(1)>")
    );
}

#[test]
fn a_missing_baseline_score_stops_the_run_unless_invalid_rows_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut eval = String::from("id,score,label,old\n");
    for i in 0..30 {
        let old = if i == 4 {
            String::new()
        } else {
            format!("{:.2}", f64::from((i * 13) % 30) / 30.0)
        };
        eval.push_str(&format!(
            "c{i},{:.2},{},{old}\n",
            f64::from((i * 7) % 30) / 30.0,
            i % 3 == 0
        ));
    }
    std::fs::write(dir.path().join("eval.csv"), eval).unwrap();
    let context = "title: T\ndata:\n  path: eval.csv\n  id: id\n  positive: true\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 100\nthresholds:\n  current: 0.5\nbaseline:\n  name: old\n  score: old\n";
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    run(dir.path(), "context.yaml", &[], 1)
        .1
        .stderr(predicate::str::contains(
            "eval.csv: column `old` has 1 missing value(s), the first in row 5",
        ));
    let (out, assert) = run(dir.path(), "context.yaml", &["--drop-invalid"], 0);
    assert.stderr(predicate::str::contains(
        "warning: 1 evaluation case has no baseline score (`c4`)",
    ));
    let json = out.json();
    assert_eq!(json["comparison"]["cases"]["rows"], 29);
    // The candidate's own numbers still rest on every row.
    assert_eq!(json["data"]["rows"], 30);
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let (a, _) = sample(&[]);
    let (b, _) = sample(&[]);
    assert_eq!(a.html(), b.html());
    assert_eq!(
        std::fs::read(&a.json).unwrap(),
        std::fs::read(&b.json).unwrap()
    );
    assert_eq!(a.markdown(), b.markdown());
}

/// Issue 24: a release with failing gates says so first — on the page (`#verdict`
/// under the title, before `#per-day`, in the failing colour) and in the markdown.
#[test]
fn failing_gates_open_the_page_and_the_markdown() {
    let dir = sample_with_gates(
        "gates:\n  max_missed_per_day: 10\n  max_flagged_per_day: 450\n  min_roc_auc: 0.95\n",
    );
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let html = out.html();
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("</header>") < at("<section id=\"verdict\" class=\"failed\""));
    assert!(at("<section id=\"verdict\"") < at("<section id=\"per-day\""));
    assert!(at("<section id=\"verdict\"") < at("<section id=\"decision\""));
    assert!(html.contains("<p class=\"answer\">Not passed: 2 of 3 gates fail: max_flagged_per_day, max_missed_per_day.</p>"));
    assert!(
        html.contains("459 (442–477) against a limit of 450"),
        "the deciding numbers"
    );
    let md = out.markdown();
    let lines: Vec<&str> = md.lines().collect();
    assert!(
        lines[4].starts_with("**✗ Not passed: 2 of 3 gates fail"),
        "{md}"
    );
    assert!(lines[6].starts_with("- ✗ `max_flagged_per_day`"), "{md}");
    assert!(md.find("Not passed") < md.find("### What to decide"));
    // Passing: the first words say so, in the passing colour.
    let (out, _) = sample(&[]);
    assert!(
        out.html()
            .contains("<section id=\"verdict\" class=\"passed\">")
    );
    assert!(
        out.html()
            .contains("<p class=\"answer\">Passed: all 6 gates pass.</p>")
    );
}

/// The breast-cancer comparison with made segments and clusters
/// (tests/oracle/make_segments.py), at a capacity of 60 a day.
fn segments_context(extra_data: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = repo("tests/data/breast_cancer_segments.csv");
    let yaml = format!(
        "title: Breast cancer by segment\nmodel: logistic regression\ndata:\n  path: {}\n  score: score_logistic\n  label: label\n  id: id\n  segments: [size, texture]\n{extra_data}business:\n  positive: benign tumour\n  negative: malignant tumour\n  action: sent home\n  volume_per_day: 100\n  capacity_per_day: 60\nthresholds:\n  current: 0.5\nbaseline:\n  name: naive Bayes\n  score: score_naive_bayes\n",
        data.display()
    );
    std::fs::write(dir.path().join("context.yaml"), yaml).unwrap();
    dir
}

fn segments_oracle() -> Value {
    serde_json::from_slice(&std::fs::read(repo("tests/data/segments_oracle.json")).unwrap())
        .unwrap()
}

#[test]
fn each_segment_value_matches_procs_delong_mcnemar_and_statsmodels_holm() {
    // tests/oracle/make_segments.py: pROC 1.18 roc.test(paired, delong) per value,
    // statsmodels' mcnemar (no correction) and multipletests(holm) per column; the
    // matched capacity point found by the oracle from its definition.
    let o = segments_oracle();
    let dir = segments_context("");
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let json = out.json();
    let close = |a: &Value, b: &Value, what: &str| {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        assert!((a - b).abs() < 1e-6, "{what}: {a} vs {b}")
    };
    let m = &json["comparison"]["matched"][1];
    close(
        &m["candidate_threshold"],
        &o["candidate_threshold"],
        "candidate threshold",
    );
    close(
        &m["baseline_threshold"],
        &o["baseline_threshold"],
        "baseline threshold",
    );
    let segments = json["comparison"]["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 2);
    let mut checked = 0;
    for s in segments {
        let column = s["column"].as_str().unwrap();
        assert_eq!(s["adjustment"], "holm");
        assert!(s["other"].is_null());
        let values = s["values"].as_array().unwrap();
        assert_eq!(
            values.len(),
            o["segments"][column].as_object().unwrap().len()
        );
        let mut caught_sum = 0.0;
        for v in values {
            let name = v["value"].as_str().unwrap();
            let want = &o["segments"][column][name];
            let what = |w: &str| format!("{column}={name} {w}");
            assert_eq!(v["cases"], want["cases"], "{}", what("cases"));
            close(
                &v["caught_per_day"],
                &want["caught_per_day"],
                &what("caught"),
            );
            close(
                &v["caught_p_value"],
                &want["caught_p_value"],
                &what("McNemar p"),
            );
            close(
                &v["caught_p_holm"],
                &want["caught_p_holm"],
                &what("Holm caught"),
            );
            let d = &v["roc_auc_difference"];
            close(
                &d["estimate"],
                &want["roc_auc_difference"],
                &what("AUC difference"),
            );
            close(&d["p_value"], &want["roc_auc_p_value"], &what("DeLong p"));
            close(
                &v["roc_auc_p_holm"],
                &want["roc_auc_p_holm"],
                &what("Holm AUC"),
            );
            let range = &v["caught_per_day_interval"];
            let c = v["caught_per_day"].as_f64().unwrap();
            assert!(range[0].as_f64().unwrap() <= c && c <= range[1].as_f64().unwrap());
            // Nothing is worse after Holm here (texture q5's raw p of 0.025 is not).
            assert_eq!(v["worse"], false, "{}", what("worse"));
            caught_sum += c;
            checked += 1;
        }
        // The values' differences add up to the overall one.
        let overall = m["per_day_difference"]["caught"].as_f64().unwrap();
        assert!(
            (caught_sum - overall).abs() < 1e-9,
            "{caught_sum} {overall}"
        );
        assert_eq!(s["worse"].as_array().unwrap().len(), 0);
    }
    assert_eq!(checked, 8);
}

#[test]
fn clustered_delong_and_paired_ranges_match_obuchowskis_formulas() {
    // tests/oracle/make_segments.py writes Obuchowski (1997)'s clustered AUC
    // variance from the paper's formulas with the O(m·n) kernel, and Obuchowski
    // (1998)'s clustered paired proportions; 190 clusters of three cases.
    let o = &segments_oracle()["clustered"];
    let close = |a: f64, b: &Value, what: &str| {
        let b = b.as_f64().unwrap();
        assert!(
            (a - b).abs() < 1e-6 * b.abs().max(1.0),
            "{what}: {a} vs {b}"
        )
    };
    let dir = segments_context("  cluster: cluster\n");
    let (out, _) = run(dir.path(), "context.yaml", &[], 0);
    let json = out.json();
    let c = &json["comparison"];
    assert_eq!(c["clusters"]["clusters"], 190);
    assert_eq!(c["clusters"]["column"], "cluster");
    let d = &c["roc_auc_difference"];
    let se = d["standard_error"].as_f64().unwrap();
    close(
        se * se * 1e6,
        &serde_json::json!(o["variance_difference"].as_f64().unwrap() * 1e6),
        "var(A − B) × 1e6",
    );
    close(d["p_value"].as_f64().unwrap(), &o["p_value"], "p-value");
    for (side, key, auc) in [
        ("candidate", "variance_candidate", "auc_candidate"),
        ("baseline", "variance_baseline", "auc_baseline"),
    ] {
        let half = 1.959963984540054 * o[key].as_f64().unwrap().sqrt();
        let a = o[auc].as_f64().unwrap();
        let range = &c[side]["roc_auc_interval"];
        close(
            range[0].as_f64().unwrap(),
            &serde_json::json!(a - half),
            "low",
        );
        close(
            range[1].as_f64().unwrap(),
            &serde_json::json!((a + half).min(1.0)),
            "high",
        );
    }
    let caught = &c["matched"][1]["per_day_difference_interval"]["caught"];
    close(
        caught[0].as_f64().unwrap(),
        &o["caught_per_day_interval"][0],
        "caught low",
    );
    close(
        caught[1].as_f64().unwrap(),
        &o["caught_per_day_interval"][1],
        "caught high",
    );
    // Without the cluster column the intervals are the independent ones (narrower
    // or not, they differ).
    let (plain, _) = run(segments_context("").path(), "context.yaml", &[], 0);
    let plain = plain.json();
    assert!(plain["comparison"]["clusters"].is_null());
    assert_ne!(
        plain["comparison"]["roc_auc_difference"]["standard_error"],
        d["standard_error"]
    );
}

#[test]
fn a_cluster_column_with_weights_or_an_engine_summary_is_refused() {
    let dir = segments_context("  cluster: cluster\n  weight: score_naive_bayes\n");
    let (_, assert) = run(dir.path(), "context.yaml", &[], 1);
    assert.stderr(
        predicate::str::contains("data.cluster").and(predicate::str::contains("data.weight")),
    );
}

#[test]
fn counted_rows_in_clusters_give_what_the_rows_written_out_give() {
    // Each case twice: written twice, or once with count 2 — the same cases, so the
    // same clustered intervals, segment by segment.
    let text = std::fs::read_to_string(repo("tests/data/breast_cancer_segments.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let dir = tempfile::tempdir().unwrap();
    let mut twice = format!("{header}\n");
    let mut counted = format!("{header},n\n");
    for r in &rows {
        twice.push_str(&format!("{r}\n{r}\n"));
        counted.push_str(&format!("{r},2\n"));
    }
    std::fs::write(dir.path().join("twice.csv"), twice).unwrap();
    std::fs::write(dir.path().join("counted.csv"), counted).unwrap();
    let context = |file: &str, count: &str| {
        let name = format!("{file}.yaml");
        let yaml = std::fs::read_to_string(
            segments_context("  cluster: cluster\n")
                .path()
                .join("context.yaml"),
        )
        .unwrap()
        .replace(
            &repo("tests/data/breast_cancer_segments.csv")
                .display()
                .to_string(),
            &format!("{file}.csv"),
        )
        .replace("  id: id\n", count);
        std::fs::write(dir.path().join(&name), yaml).unwrap();
        name
    };
    let a = context("twice", "");
    let b = context("counted", "  count: n\n");
    let (ra, _) = run(dir.path(), &a, &[], 0);
    let (rb, _) = run(dir.path(), &b, &[], 0);
    let (ja, jb) = (ra.json(), rb.json());
    let pick = |j: &Value| {
        let c = &j["comparison"];
        vec![
            c["roc_auc_difference"].clone(),
            c["candidate"]["roc_auc_interval"].clone(),
            c["matched"][1]["per_day_difference_interval"].clone(),
            c["segments"].clone(),
            c["clusters"]["clusters"].clone(),
        ]
    };
    let (pa, pb) = (pick(&ja), pick(&jb));
    let flat = |v: &Value| -> Vec<f64> {
        let mut out = Vec::new();
        fn walk(v: &Value, out: &mut Vec<f64>) {
            match v {
                Value::Number(n) => out.push(n.as_f64().unwrap()),
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(v, &mut out);
        out
    };
    let (fa, fb) = (flat(&Value::Array(pa)), flat(&Value::Array(pb)));
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert!((x - y).abs() < 1e-9 * x.abs().max(1.0), "{x} vs {y}");
    }
    assert_eq!(ja["comparison"]["clusters"]["clusters"], 190);
}
