//! The JSON summary with the release review (`--json`): `json`'s summary plus
//! `comparison` (candidate minus baseline, issue 15's keys), `gates` and
//! `provenance`. Same conventions: undefined values are `null`, never NaN.

use serde_json::{Value, json};

use super::json::{finite, json_bytes, number, point, summary_value};
use crate::input::fingerprint::InputFile;
use crate::model::comparison::{Comparison, Matched};
use crate::model::provenance::{GitState, Provenance};
use crate::model::release::Release;
use crate::model::report::Report;
use crate::stats::interval::Estimate;
use crate::stats::paired::PairedCounts;

/// The summary with the release review as pretty-printed JSON bytes, ending in a
/// newline: `comparison` (`null` without a baseline), `gates` (empty without
/// gates) and `provenance` next to the single-model summary's members.
pub fn release_summary_json(report: &Report, release: &Release) -> Vec<u8> {
    let mut value = summary_value(report);
    if let Value::Object(members) = &mut value {
        for (key, member) in release_members(report, release) {
            members.insert(key.to_owned(), member);
        }
    }
    json_bytes(&value)
}

/// The `comparison`, `gates` and `provenance` members of the summary.
fn release_members(report: &Report, release: &Release) -> [(&'static str, Value); 3] {
    [
        (
            "comparison",
            release
                .comparison
                .as_ref()
                .map_or(Value::Null, |c| comparison(report, c)),
        ),
        (
            "gates",
            release
                .gates
                .iter()
                .map(|g| {
                    json!({
                        "name": g.gate.name(),
                        "value": g.value.and_then(finite),
                        "limit": g.limit,
                        "passed": g.passed,
                        "interval": g.interval.map(|e| interval(&e)),
                    })
                })
                .collect::<Vec<_>>()
                .into(),
        ),
        ("provenance", provenance(&release.provenance)),
    ]
}

fn interval(e: &Estimate) -> Value {
    json!([finite(e.low), finite(e.high)])
}

fn comparison(report: &Report, c: &Comparison) -> Value {
    let o = &c.overlap;
    json!({
        "candidate": {
            "name": report.model,
            "roc_auc": c.candidate_metrics.roc_auc.and_then(finite),
            "average_precision": c.candidate_metrics.average_precision.and_then(finite),
        },
        "baseline": {
            "name": c.baseline_name,
            "threshold": finite(c.baseline_threshold),
            "threshold_source": if c.baseline_threshold_given { "context" } else { "current" },
            "roc_auc": c.baseline_metrics.roc_auc.and_then(finite),
            "average_precision": c.baseline_metrics.average_precision.and_then(finite),
        },
        "cases": {
            "rows": number(o.cases),
            "positives": number(o.positives),
            "negatives": number(o.negatives),
            "evaluation_only": o.evaluation_only,
            "first_evaluation_only": o.first_evaluation_only,
            "baseline_only": o.baseline_only,
            "first_baseline_only": o.first_baseline_only,
        },
        "roc_auc_difference": c.roc_auc.map(|a| json!({
            "estimate": finite(a.difference),
            "interval": [finite(a.interval95.0), finite(a.interval95.1)],
            "p_value": a.p_value.and_then(finite),
            "standard_error": finite(a.standard_error),
        })),
        "average_precision_difference": c
            .candidate_metrics
            .average_precision
            .zip(c.baseline_metrics.average_precision)
            .and_then(|(a, b)| finite(a - b)),
        "matched": c.matched.iter().map(matched).collect::<Vec<_>>(),
    })
}

fn matched(m: &Matched) -> Value {
    let d = &m.difference;
    let split = |p: &PairedCounts| {
        json!({
            "both": number(p.both),
            "candidate_only": number(p.a_only),
            "baseline_only": number(p.b_only),
            "neither": number(p.neither),
        })
    };
    json!({
        "by": m.rule.key(),
        "at": finite(m.at),
        "at_source": match m.rule {
            crate::input::context::MatchRule::FlaggedPerDay if m.from_capacity => Some("capacity"),
            crate::input::context::MatchRule::FlaggedPerDay => Some("baseline"),
            _ => None,
        },
        "tied_top_flagged": match m.rule {
            crate::input::context::MatchRule::FlaggedPerDay => Some(json!({
                "candidate": m.candidate_tied_top.and_then(finite),
                "baseline": m.baseline_tied_top.and_then(finite),
            })),
            _ => None,
        },
        "candidate_threshold": finite(m.candidate.threshold),
        "baseline_threshold": finite(m.baseline.threshold),
        "candidate": point(&m.candidate),
        "baseline": point(&m.baseline),
        "per_day_difference": {
            "flagged": finite(d.flagged.value),
            "caught": finite(d.caught.value),
            "missed": finite(d.missed.value),
            "false_alarms": finite(d.false_alarms.value),
            "cost": d.cost.map(|e| finite(e.value)),
        },
        "per_day_difference_interval": {
            "flagged": interval(&d.flagged),
            "caught": interval(&d.caught),
            "missed": interval(&d.missed),
            "false_alarms": interval(&d.false_alarms),
            "cost": d.cost.map(|e| interval(&e)),
        },
        "paired_counts": {
            "positives": split(&m.positives),
            "negatives": split(&m.negatives),
        },
    })
}

fn provenance(p: &Provenance) -> Value {
    let file = |f: &InputFile| json!({ "role": f.role, "path": f.path, "bytes": f.bytes, "sha256": f.sha256 });
    json!({
        "tool": { "name": "tradeoff", "version": p.tool_version },
        "model": p.model,
        "baseline": p.baseline,
        "inputs": p.inputs.iter().map(file).collect::<Vec<_>>(),
        "context_git": p.context_git.as_ref().map(|g| match g {
            GitState::Committed { commit, modified } => json!({
                "commit": commit,
                "uncommitted_changes": modified,
            }),
            GitState::Untracked => json!({ "commit": null, "uncommitted_changes": true }),
        }),
    })
}
