//! The JSON summary of `tradeoff monitor` (`--json`): the report's title and date
//! and a `monitoring` object with `promises[]`, `score_drift`, `prevalence`, the
//! days, the audit, the calibrated-scores estimate and the advice. Counts are per
//! day unless named otherwise; undefined values are `null`, never NaN.

use serde_json::{Value, json};

use crate::model::monitoring::{DriftCheck, Monitoring, TargetSource};
use crate::stats::interval::Estimate;
use crate::stats::zone::Zone;

/// The summary as pretty-printed JSON bytes, ending in a newline.
pub fn monitor_json(monitoring: &Monitoring, title: &str, date: &str, zone: &Zone) -> Vec<u8> {
    let m = monitoring;
    let interval = |e: &Estimate| json!([finite(e.low), finite(e.high)]);
    let day_text = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let check = &m.days_check;
    let value = json!({
        "title": title,
        "date": date,
        "monitoring": {
            "threshold": finite(m.threshold),
            "period": {
                "first_day": day_text(m.period.first_day),
                "last_day": day_text(m.period.last_day),
                "days": m.period.days,
                "timezone": zone.describe(),
                "cases": m.period.cases,
                "flagged": m.period.flagged,
                "whole_days": m.period.whole_days,
                "observed_days": finite(m.period.observed_days),
                "days_rule": crate::present::monitoring::DAYS_RULE,
            },
            "promises": m.promises.iter().map(|p| json!({
                "quantity": p.quantity.key(),
                "promised": finite(p.promised.value),
                "promised_interval": interval(&p.promised),
                "observed": p.observed.map(|o| finite(o.value)),
                "observed_interval": p.observed.map(|o| interval(&o)),
                "verdict": p.verdict.key(),
                "observed_from": if p.quantity.is_counted() { "production" } else { "audit" },
            })).collect::<Vec<_>>(),
            "score_drift": m.drift.as_ref().map(|d| {
                let mut overall = drift(d);
                if let Value::Object(fields) = &mut overall {
                    fields.insert("bins".into(), json!(d.stability.edges));
                    fields.insert("reference_shares".into(), json!(d.stability.reference_shares));
                    fields.insert("by_week".into(), json!(m.weeks.iter().map(|w| {
                        let mut week = w.drift.as_ref().map_or_else(|| json!({}), drift);
                        if let Value::Object(fields) = &mut week {
                            fields.insert("week".into(), json!(w.number));
                            fields.insert("first_day".into(), json!(day_text(w.first_day)));
                            fields.insert("last_day".into(), json!(day_text(w.last_day)));
                            fields.insert("days".into(), json!(w.days));
                            fields.insert("cases".into(), json!(w.cases));
                        }
                        week
                    }).collect::<Vec<_>>()));
                }
                overall
            }),
            "prevalence": {
                "evaluation": finite(m.prevalence.evaluation),
                "assumed": finite(m.prevalence.assumed),
                "assumed_from": if m.prevalence.assumed_given { "context" } else { "evaluation" },
                "estimated": m.prevalence.estimated.map(|e| finite(e.value)),
                "estimated_interval": m.prevalence.estimated.map(|e| interval(&e)),
            },
            "days": m.days.iter().enumerate().map(|(i, d)| json!({
                "date": day_text(d.date),
                "cases": d.cases,
                "flagged": d.flagged,
                "coverage": d.coverage.key(),
                "observed_share": finite(d.coverage.observed()),
                "outside_band": if check.above_band.contains(&i) {
                    Some("above")
                } else if check.below_band.contains(&i) {
                    Some("below")
                } else {
                    None
                },
                "over_capacity": check.capacity.map(|_| check.over_capacity.contains(&i)),
            })).collect::<Vec<_>>(),
            "days_check": {
                "band": interval(&check.band),
                "capacity": check.capacity,
                "days_above_band": check.above_band.len(),
                "days_below_band": check.below_band.len(),
                "days_over_capacity": check.capacity.map(|_| check.over_capacity.len()),
                "expected_outside_by_chance": finite(check.expected_outside),
            },
            "audit": m.audit.as_ref().map(|a| {
                let c = &a.counts;
                let e = &a.estimates;
                let opt = |e: Option<Estimate>| e.map(|e| finite(e.value));
                let opt_interval = |e: Option<Estimate>| e.map(|e| interval(&e));
                json!({
                    "rows": a.rows,
                    "flagged": {
                        "cases": c.flagged,
                        "audited": c.flagged_audited,
                        "positives_found": c.flagged_audited_positive,
                        "declared_share": a.declared_flagged,
                        "share_test_p_value": a.flagged_share_p_value.and_then(finite),
                    },
                    "not_flagged": {
                        "cases": c.not_flagged,
                        "audited": c.not_flagged_audited,
                        "positives_found": c.not_flagged_audited_positive,
                        "declared_share": a.declared_not_flagged,
                        "share_test_p_value": a.not_flagged_share_p_value.and_then(finite),
                    },
                    "period_totals": {
                        "caught": opt(e.caught),
                        "caught_interval": opt_interval(e.caught),
                        "missed": opt(e.missed),
                        "missed_interval": opt_interval(e.missed),
                        "false_alarms": opt(e.false_alarms),
                        "false_alarms_interval": opt_interval(e.false_alarms),
                    },
                    "miss_rate": opt(a.miss_rate),
                    "miss_rate_interval": opt_interval(a.miss_rate),
                    "unweighted_prevalence": e.unweighted_prevalence.and_then(finite),
                    "by_week": m.weeks.iter().map(|w| {
                        let day = w.audit_per_day;
                        json!({
                            "week": w.number,
                            "prevalence": w.audit.and_then(|a| a.prevalence).map(|e| finite(e.value)),
                            "prevalence_interval": w.audit.and_then(|a| a.prevalence).map(|e| interval(&e)),
                            "caught_per_day": day.and_then(|d| d.caught).map(|e| finite(e.value)),
                            "missed_per_day": day.and_then(|d| d.missed).map(|e| finite(e.value)),
                            "missed_per_day_interval": day.and_then(|d| d.missed).map(|e| interval(&e)),
                            "false_alarms_per_day": day.and_then(|d| d.false_alarms).map(|e| finite(e.value)),
                        })
                    }).collect::<Vec<_>>(),
                })
            }),
            "calibrated_estimate": m.calibrated.map(|c| json!({
                "credibility": match c.credibility {
                    crate::model::monitoring::Credibility::Credible => "credible",
                    crate::model::monitoring::Credibility::NotCalibrated => "scores_not_calibrated",
                    crate::model::monitoring::Credibility::PrevalenceDiffers => "prevalence_differs",
                },
                "per_day": {
                    "caught": finite(c.caught.value),
                    "missed": finite(c.missed.value),
                    "false_alarms": finite(c.false_alarms.value),
                },
                "per_day_interval": {
                    "caught": interval(&c.caught),
                    "missed": interval(&c.missed),
                    "false_alarms": interval(&c.false_alarms),
                },
                "precision": c.precision.map(|e| finite(e.value)),
                "prevalence": finite(c.prevalence.value),
                "prevalence_interval": interval(&c.prevalence),
            })),
            "advice": {
                "capacity": m.advice.capacity.map(|a| json!({
                    "capacity_per_day": a.capacity,
                    "threshold": finite(a.threshold),
                    "flagged_per_day": finite(a.flagged_per_day),
                    "promised_missed_per_day": a.promised.map(|d| finite(d.missed.value)),
                })),
                "miss_rate": m.advice.miss_rate.map(|a| json!({
                    "target": a.target,
                    "target_from": match a.source {
                        TargetSource::Context => "context",
                        TargetSource::Promise => "promise",
                    },
                    "threshold": finite(a.threshold),
                    "estimated_miss_rate": finite(a.estimated_miss_rate),
                    "flagged_per_day": finite(a.flagged_per_day),
                    "audited_positives": a.audited_positives,
                    "audited_positives_not_flagged": a.audited_positives_not_flagged,
                })),
            },
            "warnings": m.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&value)
        .unwrap_or_else(|e| unreachable!("a json Value always serialises: {e}"));
    bytes.push(b'\n');
    bytes
}

/// One period's drift: PSI, KS, shift, share flagged and production's bin shares.
fn drift(d: &DriftCheck) -> Value {
    json!({
        "cases": d.cases,
        "psi": finite(d.stability.index),
        "psi_reading": crate::present::monitoring::reading(d.stability.reading),
        "ks_statistic": finite(d.kolmogorov_smirnov.statistic),
        "ks_p_value": finite(d.kolmogorov_smirnov.p_value),
        "production_higher_probability": finite(d.shift),
        "share_flagged": finite(d.share_flagged),
        "production_shares": d.stability.production_shares,
    })
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}
