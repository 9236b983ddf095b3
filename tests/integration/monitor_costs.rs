//! Issue 27: the cost a day when a miss costs its own amount
//! (`business.costs.false_negative: { column: amount }`). A fortnight of 10 cases a
//! day — 2 flagged (every one audited, half of them positive) and 8 unflagged (4
//! audited, one of them a missed positive of amount 100 + 10·day) — priced by hand
//! and with numpy/scipy: the flagged cost 5 each whatever the verdict, exactly 140;
//! the unflagged group's audited mean 2,310/56 = 41.25 over its 112 cases, 4,620;
//! (140 + 4,620)/14 = 340 a day. Its range: V = 112²·(1 − ½)·s²/56 = 628,447.27,
//! t(13) = 2.160369, 140 + 4,620·exp(±t·√ln(1 + V/4,620²)), over 14 days:
//! 238.3959 to 486.8036 for the fortnight, widened to the average day by each
//! case's own spread (every day alike): 189.53 to 524.03. The amount read from production and from the audit give
//! the same; an amount in neither cannot tell, and the headline says why.

use serde_json::Value;

use crate::tradeoff;

const EVAL: &str = "score,label,amount\n0.9,1,120\n0.8,1,300\n0.7,1,80\n0.3,1,150\n0.6,1,90\n0.95,1,40\n0.2,0,10\n0.1,0,20\n0.4,0,30\n0.6,0,15\n0.05,0,25\n0.3,0,35\n";

/// Writes the fortnight (with `amount` in production and/or the audit) and runs
/// the monitor: its JSON and markdown.
fn run(in_production: bool, in_audit: bool) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("eval.csv"), EVAL).unwrap();
    let (mut production, mut audit) = (
        String::from(if in_production {
            "id,ts,score,amount\n"
        } else {
            "id,ts,score\n"
        }),
        String::from(if in_audit {
            "id,label,amount\n"
        } else {
            "id,label\n"
        }),
    );
    for day in 0..14 {
        for case in 0..10 {
            let id = format!("c{day:02}{case}");
            let minutes = case * 144;
            let ts = format!(
                "2026-11-{:02} {:02}:{:02}:00",
                23 + day,
                minutes / 60,
                minutes % 60
            )
            .replace("2026-11-31", "2026-12-01")
            .replace("2026-11-32", "2026-12-02")
            .replace("2026-11-33", "2026-12-03")
            .replace("2026-11-34", "2026-12-04")
            .replace("2026-11-35", "2026-12-05")
            .replace("2026-11-36", "2026-12-06");
            let flagged = case < 2;
            let amount = 100 + 10 * day;
            let score = if flagged { 0.8 } else { 0.2 };
            production.push_str(&format!("{id},{ts},{score}"));
            if in_production {
                production.push_str(&format!(",{amount}"));
            }
            production.push('\n');
            // Every flagged case audited (the first positive), and four unflagged
            // ones (the first a missed positive).
            let label = match case {
                0 | 2 => Some(1),
                1 | 3..=5 => Some(0),
                _ => None,
            };
            if let Some(label) = label {
                audit.push_str(&format!("{id},{label}"));
                if in_audit {
                    audit.push_str(&format!(",{amount}"));
                }
                audit.push('\n');
            }
        }
    }
    std::fs::write(path("production.csv"), production).unwrap();
    std::fs::write(path("audit.csv"), audit).unwrap();
    std::fs::write(
        path("context.yaml"),
        "title: costs\ndata:\n  path: eval.csv\n  score: score\n  label: label\n  timezone: UTC\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 10\n  prevalence: 0.2\n  costs:\n    false_positive: 5\n    false_negative: { column: amount }\n    true_positive: 5\nthresholds:\n  current: 0.5\nmonitoring:\n  production:\n    path: production.csv\n    score: score\n    timestamp: ts\n    id: id\n  audit:\n    path: audit.csv\n    id: id\n    label: label\n    sampled: { flagged: 1.0, not_flagged: 0.5 }\n",
    )
    .unwrap();
    tradeoff()
        .arg("monitor")
        .arg(path("context.yaml"))
        .arg("-o")
        .arg(path("m.html"))
        .arg("--json")
        .arg(path("m.json"))
        .arg("--markdown")
        .arg(path("m.md"))
        .assert()
        .success();
    (
        serde_json::from_slice(&std::fs::read(path("m.json")).unwrap()).unwrap(),
        std::fs::read_to_string(path("m.md")).unwrap(),
    )
}

fn cost(json: &Value) -> &Value {
    json["monitoring"]["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["quantity"] == "cost")
        .unwrap()
}

#[test]
fn a_miss_costs_its_own_amount_from_production_or_the_audit() {
    let (json, _) = run(true, false);
    let c = cost(&json);
    assert_eq!(json["monitoring"]["period"]["observed_days"], 14.0);
    let value = c["observed"].as_f64().unwrap();
    let (low, high) = (
        c["observed_interval"][0].as_f64().unwrap(),
        c["observed_interval"][1].as_f64().unwrap(),
    );
    assert!((value - 340.0).abs() < 1e-9, "{c}");
    // The audit's range for the fortnight's realised cost (module docs), widened
    // to the average day: every day alike (no day-to-day spread) and each
    // unflagged case's own spread, the audited costs' variance s² = (403,900 −
    // 2,310²/56)/55 over its 112 cases, z·√(112·s²)/14; each side in quadrature.
    let s2 = (403_900.0 - 2_310.0_f64.powi(2) / 56.0) / 55.0;
    let case = 1.959_963_984_540_054 * (112.0 * s2).sqrt() / 14.0;
    let (audit_low, audit_high): (f64, f64) = (238.395_906_010_307_13, 486.803_642_859_892_2);
    assert!(
        (low - (340.0 - (340.0 - audit_low).hypot(case))).abs() < 1e-6,
        "{c}"
    );
    assert!(
        (high - (340.0 + (audit_high - 340.0).hypot(case))).abs() < 1e-6,
        "{c}"
    );
    assert!(!c["observed_interval"].is_null(), "{c}");
    // Read from the audit when production does not have it: the same numbers.
    let (from_audit, _) = run(false, true);
    assert_eq!(cost(&from_audit)["observed"], c["observed"]);
    assert_eq!(
        cost(&from_audit)["observed_interval"],
        c["observed_interval"]
    );
}

#[test]
fn an_amount_in_neither_file_cannot_tell_and_says_why() {
    let (json, markdown) = run(false, false);
    let c = cost(&json);
    assert!(c["observed"].is_null(), "{c}");
    assert_eq!(c["verdict"], "cannot_tell");
    assert!(
        markdown.contains("a cost per case from a column is in neither production nor the audit"),
        "{markdown}"
    );
}
