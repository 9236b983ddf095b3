//! Issue 27 part 5: the audit per segment value (`monitoring.segments[].audit`,
//! the page's "Audited a day" and "Miss rate" columns, the markdown's). Each
//! country's strata, caught, missed and false alarms a day with their ranges, miss
//! rate and the launch report's false-negative rate of the country are held
//! against an independent pandas / statsmodels computation
//! (`tests/oracle/monitor_segment_audit_oracle.py`) on the fraud-monitoring
//! sample; an audit with too few verdicts of a value in a group withholds the
//! figures resting on it and says so.

use std::collections::HashSet;

use serde_json::Value;

use crate::monitor_segments::{context, monitor, production_rows};
use crate::repo;

fn close(ours: &Value, theirs: &Value, what: &str) {
    let (a, b) = (ours.as_f64().unwrap(), theirs.as_f64().unwrap());
    assert!(
        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        "{what}: {a} against {b}"
    );
}

/// `[value, low, high]` of the oracle against a figure and its interval.
fn close_estimate(ours: &Value, interval: &Value, theirs: &Value, what: &str) {
    close(ours, &theirs[0], what);
    close(&interval[0], &theirs[1], &format!("{what} low"));
    close(&interval[1], &theirs[2], &format!("{what} high"));
}

fn segment<'a>(json: &'a Value, value: &str) -> &'a Value {
    (json["monitoring"]["segments"].as_array().unwrap().iter())
        .find(|s| s["value"] == value)
        .unwrap()
}

#[test]
fn each_values_audit_matches_pandas_and_statsmodels_on_the_monitoring_sample() {
    let oracle: Value = serde_json::from_slice(
        &std::fs::read(repo("tests/data/monitor_segment_audit_oracle.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (json, html, markdown) = monitor(&context(dir.path(), &[]));
    assert_eq!(
        json["monitoring"]["period"]["observed_days"],
        oracle["observed_days"]
    );
    let expected = oracle["segments"].as_object().unwrap();
    assert_eq!(json["monitoring"]["segments"].as_array().unwrap().len(), 7);
    // The values' strata add up to the whole period's audit.
    let (mut flagged, mut audited) = (0, 0);
    for (value, theirs) in expected {
        let a = &segment(&json, value)["audit"];
        let what = |w: &str| format!("{value} {w}");
        for key in [
            "flagged_cases",
            "flagged_audited",
            "not_flagged_cases",
            "not_flagged_audited",
        ] {
            assert_eq!(a[key], theirs[key], "{}", what(key));
        }
        flagged += a["flagged_cases"].as_u64().unwrap();
        audited += a["not_flagged_audited"].as_u64().unwrap();
        assert_eq!(a["too_few_flagged_verdicts"], false);
        assert_eq!(a["too_few_not_flagged_verdicts"], false);
        for key in ["caught_per_day", "missed_per_day", "false_alarms_per_day"] {
            let interval = &a[format!("{key}_interval")];
            close_estimate(&a[key], interval, &theirs[key], &what(key));
        }
        close_estimate(
            &a["miss_rate"],
            &a["miss_rate_interval"],
            &theirs["miss_rate"],
            &what("miss rate"),
        );
        let promise = &a["miss_rate_promise"];
        assert_eq!(promise["quantity"], "false_negative_rate");
        assert_eq!(promise["observed_from"], "audit");
        close_estimate(
            &promise["promised"],
            &promise["promised_interval"],
            &theirs["promised_miss_rate"],
            &what("promised miss rate"),
        );
        assert!(html.contains(&format!("data-segment=\"country={value}\"")));
    }
    let whole = &json["monitoring"]["audit"];
    assert_eq!(whole["flagged"]["cases"].as_u64().unwrap(), flagged);
    assert_eq!(whole["not_flagged"]["audited"].as_u64().unwrap(), audited);
    // The verdict is the whole period's rule: BR's 37.5 % (21.8–55.9 %) of its
    // frauds missed lies wholly above the report's 6.5 % (3.2–12.9 %); GB's
    // range (3.4–31.0 %) overlaps its promise (0.27–8.2 %), so kept.
    let verdict = |v: &str| segment(&json, v)["audit"]["miss_rate_promise"]["verdict"].clone();
    assert_eq!(verdict("BR"), "above");
    assert_eq!(
        segment(&json, "BR")["audit"]["miss_rate_promise"]["outcome"],
        "worse"
    );
    assert_eq!(verdict("GB"), "kept");
    // The page's columns and the markdown's.
    assert!(
        html.contains("<th class=\"cell\">Audited a day</th><th class=\"cell\">Miss rate</th>")
    );
    assert_eq!(html.matches("<td class=\"cell\" data-audited>").count(), 7);
    assert!(markdown.contains("| Audited a day | Miss rate |"));
    let br = markdown
        .lines()
        .find(|l| l.starts_with("| country = BR |"))
        .unwrap();
    assert!(
        br.ends_with("| caught 28; missed 17 (8–35); false alarms 15 | **worse ↑**: 37.5% (21.8%–55.9%) (promised 6.5% (3.2%–12.9%)) |"),
        "{br}"
    );
}

/// NG's unflagged cases keep only 3 audited verdicts: its missed a day and miss
/// rate say "too few verdicts", its caught and false alarms (every flagged case
/// audited) stay, and the other values are untouched.
#[test]
fn a_value_with_too_few_verdicts_in_a_group_withholds_the_figures_resting_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let ng_unflagged: HashSet<String> = production_rows()
        .into_iter()
        .filter(|(_, _, score, country)| country == "NG" && *score < 0.5)
        .map(|(id, ..)| id)
        .collect();
    let audit = std::fs::read_to_string(repo("samples/fraud-monitoring/audit.csv")).unwrap();
    let mut kept = 0;
    let thinned: String = audit
        .lines()
        .enumerate()
        .filter(|(i, line)| {
            let id = line.split(',').next().unwrap();
            if *i == 0 || !ng_unflagged.contains(id) {
                return true;
            }
            kept += 1;
            kept <= 3
        })
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    assert!(kept > 100, "{kept}");
    let thinned_file = dir.path().join("audit-thinned.csv");
    std::fs::write(&thinned_file, thinned).unwrap();
    let (full, _, _) = monitor(&context(dir.path(), &[]));
    let (json, html, markdown) = monitor(&context(
        dir.path(),
        &[(
            &format!(
                "path: {}",
                repo("samples/fraud-monitoring/audit.csv").display()
            ),
            &format!("path: {}", thinned_file.display()),
        )],
    ));
    let ng = &segment(&json, "NG")["audit"];
    // At most the 3 kept: those in the model arm (the holdout's are left out).
    let left = ng["not_flagged_audited"].as_u64().unwrap();
    assert!((1..=3).contains(&left), "{left}");
    assert_eq!(ng["too_few_not_flagged_verdicts"], true);
    assert_eq!(ng["too_few_flagged_verdicts"], false);
    for key in ["missed_per_day", "missed_per_day_interval", "miss_rate"] {
        assert!(ng[key].is_null(), "{key}");
    }
    assert_eq!(ng["miss_rate_promise"]["verdict"], "cannot_tell");
    let ng_full = &segment(&full, "NG")["audit"];
    assert_eq!(ng["caught_per_day"], ng_full["caught_per_day"]);
    assert_eq!(ng["false_alarms_per_day"], ng_full["false_alarms_per_day"]);
    assert_eq!(segment(&json, "BR")["audit"], segment(&full, "BR")["audit"]);
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| country = NG |"))
        .unwrap();
    assert!(
        row.contains("| caught 13; missed too few verdicts; false alarms 10 | cannot tell: too few verdicts (promised 2.8% (1.1%–6.9%)) |"),
        "{row}"
    );
    assert!(html.contains("<span class=\"sub\">missed too few verdicts</span>"));
}
