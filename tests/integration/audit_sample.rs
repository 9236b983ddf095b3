//! `tradeoff monitor --audit-sample` (issue 27, part 2) and the audit plan (part 1)
//! end to end: the sample is deterministic for a seed, stratified as it says and
//! refuses bad sizes and outputs; the audit that came back from it
//! (`samples/fraud-monitoring/fraud-sampled.yaml`) is read with its probabilities,
//! and both sample pages show the plan, their committed reports kept current.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::{repo, tradeoff};

/// Draws `size` cases with `seed` from the monitoring sample into `out`.
fn draw(out: &Path, size: &str, seed: &str) -> assert_cmd::assert::Assert {
    let page = tempfile::tempdir().unwrap();
    tradeoff()
        .current_dir(repo(""))
        .args(["monitor", "samples/fraud-monitoring/fraud.yaml", "-o"])
        .arg(page.path().join("m.html"))
        .args(["--audit-sample", size, "--seed", seed, "--audit-sample-out"])
        .arg(out)
        .assert()
}

#[test]
fn the_sample_is_stratified_and_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.csv"),
        dir.path().join("b.csv"),
        dir.path().join("c.csv"),
    );
    draw(&a, "300", "7")
        .success()
        .stderr(predicate::str::contains("a.csv"));
    draw(&b, "300", "7").success();
    draw(&c, "300", "8").success();
    let (a, b, c) = (
        std::fs::read_to_string(a).unwrap(),
        std::fs::read_to_string(b).unwrap(),
        std::fs::read_to_string(c).unwrap(),
    );
    assert_eq!(a, b, "the same seed must draw the same cases");
    assert_ne!(a, c, "another seed draws other cases");
    let mut lines = a.lines();
    assert_eq!(
        lines.next().unwrap(),
        "transaction_id,score,group,band,stratum,inclusion_probability,label"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 300);
    let mut strata = std::collections::BTreeMap::new();
    for row in &rows {
        let score: f64 = row[1].parse().unwrap();
        let group = if score >= 0.5 {
            "flagged"
        } else {
            "not_flagged"
        };
        assert_eq!(row[2], group, "{row:?}");
        assert_eq!(row[4], format!("{}-{}", row[2], row[3]));
        let p: f64 = row[5].parse().unwrap();
        assert!(p > 0.0 && p <= 1.0);
        assert_eq!(row[6], "");
        strata.entry(row[4].to_owned()).or_insert(p);
    }
    // Ten strata, every one drawn; unflagged cases nearest the threshold are drawn
    // far more often than those farthest from it.
    assert_eq!(strata.len(), 10, "{strata:?}");
    assert!(
        strata["not_flagged-1"] > 10.0 * strata["not_flagged-5"],
        "{strata:?}"
    );
    // The committed next audit is this command's own output with seed 7.
    let committed = dir.path().join("next.csv");
    draw(&committed, "1500", "7").success();
    assert_eq!(
        std::fs::read_to_string(committed).unwrap(),
        std::fs::read_to_string(repo("samples/fraud-monitoring/next-audit.csv")).unwrap(),
        "samples/fraud-monitoring/next-audit.csv is not `--audit-sample 1500 --seed 7`'s output"
    );
}

#[test]
fn bad_sizes_and_outputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.csv");
    for size in ["0", "-3", "many"] {
        draw(&out, size, "1").code(2);
    }
    // More than production holds: the numbers, and what to do.
    draw(&out, "999999999", "1")
        .code(1)
        .stderr(predicate::str::contains(
            "holds only 155802 cases in the model arm",
        ))
        .stderr(predicate::str::contains("ask for at most"));
    draw(&out, "5", "1")
        .code(1)
        .stderr(predicate::str::contains("ask for at least 20"));
    assert!(!out.exists(), "a refused run writes nothing");
    // Each flag needs the other.
    tradeoff()
        .current_dir(repo(""))
        .args([
            "monitor",
            "samples/fraud-monitoring/fraud.yaml",
            "--audit-sample",
            "10",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--audit-sample-out"));
    // Never over an input.
    let before = std::fs::read(repo("samples/fraud-monitoring/audit.csv")).unwrap();
    draw(&repo("samples/fraud-monitoring/audit.csv"), "50", "1").code(predicate::ne(0));
    assert_eq!(
        before,
        std::fs::read(repo("samples/fraud-monitoring/audit.csv")).unwrap()
    );
}

/// The sampled context with absolute paths and `edit` applied, in `dir`.
fn sampled_context(dir: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let text = std::fs::read_to_string(repo("samples/fraud-monitoring/fraud-sampled.yaml"))
        .unwrap()
        .replace(
            "path: ../fraud/eval.csv",
            &format!("path: {}", repo("samples/fraud/eval.csv").display()),
        )
        .replace(
            "path: production.parquet",
            &format!(
                "path: {}",
                repo("samples/fraud-monitoring/production.parquet").display()
            ),
        )
        .replace(
            "path: audit-returned.csv",
            &format!(
                "path: {}",
                repo("samples/fraud-monitoring/audit-returned.csv").display()
            ),
        );
    let file = dir.join("c.yaml");
    std::fs::write(&file, edit(text)).unwrap();
    file
}

#[test]
fn a_missing_or_bad_probability_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let context = sampled_context(dir.path(), |t| {
        t.replace(
            "probability: inclusion_probability",
            "probability: pi_drawn",
        )
    });
    tradeoff()
        .arg("monitor")
        .arg(&context)
        .arg("-o")
        .arg(dir.path().join("m.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pi_drawn"))
        .stderr(predicate::str::contains("audit-returned.csv"));
    // A probability outside (0, 1]: the file, column and row.
    let audit =
        std::fs::read_to_string(repo("samples/fraud-monitoring/audit-returned.csv")).unwrap();
    let mut lines: Vec<String> = audit.lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_owned).collect();
    cells[5] = "1.7".to_owned();
    lines[3] = cells.join(",");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let context = sampled_context(dir.path(), |t| {
        t.replace(
            &repo("samples/fraud-monitoring/audit-returned.csv")
                .display()
                .to_string(),
            &bad.display().to_string(),
        )
    });
    tradeoff()
        .arg("monitor")
        .arg(&context)
        .arg("-o")
        .arg(dir.path().join("m.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "column `inclusion_probability`, row 3: inclusion probability `1.7`",
        ));
}

fn json_of(context: &str) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let (html, json) = (dir.path().join("m.html"), dir.path().join("m.json"));
    tradeoff()
        .current_dir(repo(""))
        .args(["monitor", context, "-o"])
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    (
        std::fs::read_to_string(html).unwrap(),
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap(),
    )
}

#[test]
fn the_returned_audit_is_weighted_and_both_pages_plan() {
    let (html, json) = json_of("samples/fraud-monitoring/fraud-sampled.yaml");
    let audit = &json["monitoring"]["audit"];
    assert_eq!(audit["estimator"], "ratio");
    assert!(audit["flagged"]["declared_share"].is_null());
    let plan = &audit["plan"];
    assert_eq!(plan["target"], "miss_rate");
    assert!(plan["neyman_total"].as_u64().unwrap() > 0);
    assert!(html.contains("id=\"audit-plan\""));
    assert!(html.contains("ratio, or Hájek, estimator"));
    let (html, json) = json_of("samples/fraud-monitoring/fraud.yaml");
    let plan = &json["monitoring"]["audit"]["plan"];
    assert_eq!(plan["target"], "missed_per_day");
    assert_eq!(plan["target_value"], 10.0);
    // Missed cases a day depend on the unflagged group alone: Neyman audits no
    // flagged case, the current design keeps reviewing every one.
    assert_eq!(plan["flagged"]["neyman"], 0);
    assert_eq!(plan["flagged"]["current_design"], plan["flagged"]["cases"]);
    assert_eq!(json["monitoring"]["audit"]["estimator"], "stratified");
    assert!(html.contains("How many to audit next"));
}

#[test]
fn committed_sampled_monitoring_report_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.html");
    tradeoff()
        .current_dir(repo(""))
        .args([
            "monitor",
            "samples/fraud-monitoring/fraud-sampled.yaml",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let now = std::fs::read_to_string(&out).unwrap();
    let then =
        std::fs::read_to_string(repo("reports/fraud-sampled-monitoring.html")).unwrap_or_default();
    assert!(
        now == then,
        "reports/fraud-sampled-monitoring.html is stale: run `cargo run -- monitor samples/fraud-monitoring/fraud-sampled.yaml` and commit the result"
    );
}

#[test]
fn the_sample_does_not_depend_on_the_order_of_production_rows() {
    // The same cases listed in another order (a warehouse export without ORDER BY)
    // draw the same sample for a seed: the draw walks the ids' order, not the
    // file's. Production reversed and written again as Parquet.
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let source = repo("samples/fraud-monitoring/production.parquet");
    let mut frame = ParquetReader::new(std::fs::File::open(&source).unwrap())
        .finish()
        .unwrap()
        .reverse();
    let reversed = dir.path().join("reversed.parquet");
    ParquetWriter::new(std::fs::File::create(&reversed).unwrap())
        .finish(&mut frame)
        .unwrap();
    let draw_from = |production: &Path, name: &str| {
        let context = sampled_context(dir.path(), |text| {
            text.replace(
                &source.display().to_string(),
                &production.display().to_string(),
            )
        });
        let out = dir.path().join(name);
        tradeoff()
            .arg("monitor")
            .arg(&context)
            .arg("-o")
            .arg(dir.path().join("m.html"))
            .args([
                "--audit-sample",
                "400",
                "--seed",
                "11",
                "--audit-sample-out",
            ])
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(out).unwrap()
    };
    let original = draw_from(&source, "a.csv");
    let shuffled = draw_from(&reversed, "b.csv");
    assert_eq!(original.lines().count(), 401);
    assert_eq!(original, shuffled);
}

#[test]
fn formula_like_ids_are_made_inert_and_still_join_when_the_sample_comes_back() {
    // Production ids a spreadsheet would run (`=HYPERLINK(…)`, `+…`, `-…x`, `@…`)
    // get a `'` in the sample; plain numbers (`-7`, `-7.5`) and ids already
    // starting with `'` are written as they are. The sample, labelled, comes back
    // as the audit and every one of its cases joins production.
    let dir = tempfile::tempdir().unwrap();
    let id = |i: usize| match i % 8 {
        0 => format!("\"=HYPERLINK(\"\"http://x\"\",\"\"y{i}\"\")\""),
        1 => format!("+{i}+1"),
        2 => format!("-{i}x"),
        3 => format!("@SUM(A{i})"),
        4 => format!("-{i}"),
        5 => format!("-{i}.5"),
        6 => format!("'={i}"),
        _ => format!("c{i}"),
    };
    let mut production = String::from("id,ts,score\n");
    for i in 0..40 {
        let day = 1 + i % 3;
        let score = (i as f64 + 0.5) / 40.0;
        production.push_str(&format!("{},2026-12-0{day}T12:00:00Z,{score}\n", id(i)));
    }
    std::fs::write(dir.path().join("production.csv"), production).unwrap();
    std::fs::write(
        dir.path().join("eval.csv"),
        "score,label\n0.9,1\n0.8,1\n0.7,0\n0.6,1\n0.4,0\n0.3,1\n0.2,0\n0.1,0\n0.05,0\n0.95,1\n",
    )
    .unwrap();
    let context = "title: Small\ndata:\n  path: eval.csv\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 13\nthresholds:\n  current: 0.5\nmonitoring:\n  date: 2026-12-14\n  production: { path: production.csv, score: score, timestamp: ts, id: id }\n";
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["monitor", "context.yaml", "-o", "m.html"])
        .args(["--audit-sample", "24", "--audit-sample-out", "sample.csv"])
        .assert()
        .success();
    let sample = std::fs::read_to_string(dir.path().join("sample.csv")).unwrap();
    let rows: Vec<&str> = sample.lines().skip(1).collect();
    assert_eq!(rows.len(), 24);
    let mut kinds = std::collections::BTreeSet::new();
    for row in &rows {
        // The id is everything before the last six fields.
        let id = row.rsplitn(7, ',').last().unwrap();
        let kind = if id.starts_with("\"'=HYPERLINK(\"\"http://x\"\",") {
            "hyperlink"
        } else if id.starts_with("'+") || id.starts_with("'@") {
            "formula"
        } else if id.starts_with("'-") {
            assert!(id.ends_with('x'), "{id}");
            "minus text"
        } else if let Some(digits) = id.strip_prefix('-') {
            assert!(digits.parse::<f64>().is_ok(), "{id}");
            "number"
        } else if id.starts_with("'=") {
            "quoted already"
        } else {
            assert!(id.starts_with('c'), "{id}");
            "plain"
        };
        kinds.insert(kind);
        // No cell starts a formula.
        for cell in row.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {row}");
        }
    }
    assert!(kinds.len() >= 5, "{kinds:?}");
    // Labelled by the reviewers (1 at a score of 0.5 or more) and sent back.
    let mut audit = String::from(sample.lines().next().unwrap());
    audit.push('\n');
    for row in &rows {
        let score: f64 = row.rsplit(',').nth(5).unwrap().parse().unwrap();
        audit.push_str(&format!("{row}{}\n", u8::from(score >= 0.5)));
    }
    std::fs::write(dir.path().join("audit.csv"), audit).unwrap();
    let with_audit = format!(
        "{context}  audit: {{ path: audit.csv, id: id, label: label, probability: inclusion_probability }}\n"
    );
    std::fs::write(dir.path().join("context.yaml"), with_audit).unwrap();
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
        .success()
        .stderr(predicate::str::contains("no production case").not());
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("m.json")).unwrap()).unwrap();
    let audit = &json["monitoring"]["audit"];
    let audited = audit["flagged"]["audited"].as_u64().unwrap()
        + audit["not_flagged"]["audited"].as_u64().unwrap();
    assert_eq!(audited, 24, "{audit}");
}
