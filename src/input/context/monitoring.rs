//! The context's `monitoring:` section, for `tradeoff monitor`: where production's
//! scored cases are, and optionally the audit (true labels for some production
//! cases) with the share of each group that was audited. Raw serde structs first,
//! then a validated [`MonitoringSpec`] whose column names default to the evaluation's
//! (`data.score`, `data.timestamp`, `data.id`, `data.label`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ContextError, DataSpec, Validator};

/// `monitoring:` as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMonitoring {
    pub(crate) title: Option<String>,
    /// Written YYYY-MM-DD; read as text (YAML has no date type here).
    pub(crate) date: Option<String>,
    pub(crate) production: RawProduction,
    pub(crate) audit: Option<RawAudit>,
    /// A randomised split of production: some cases handled without the model
    /// (the holdout), each with an outcome, to measure what the model changes.
    pub(crate) experiment: Option<RawExperiment>,
}

/// `monitoring.experiment:` as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExperiment {
    /// Production's column saying which arm each case was randomised to.
    pub(crate) arm: String,
    /// The arm column's value for cases the model handled.
    pub(crate) model: super::Scalar,
    /// The arm column's value for cases handled without the model.
    pub(crate) holdout: super::Scalar,
    /// The planned share of cases in the model arm, in (0, 1), e.g. 0.9.
    pub(crate) split: f64,
    /// Production's column with each case's outcome: money (e.g. the amount lost)
    /// or 0/1 (e.g. a chargeback).
    pub(crate) outcome: String,
    /// `loss` (default: less is better, e.g. money lost, chargebacks) or `gain`
    /// (more is better, e.g. revenue, retention).
    pub(crate) outcome_is: Option<OutcomeIs>,
}

/// Whether a higher outcome is worse (`loss`) or better (`gain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeIs {
    /// Less is better: money lost, chargebacks.
    Loss,
    /// More is better: revenue, retention.
    Gain,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduction {
    pub(crate) path: String,
    pub(crate) score: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) id: Option<String>,
    /// Written by `tradeoff sql --context`: `path` is then the engine's
    /// `monitor_scores` result (cases per local day and score), not the raw file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<RawProductionSummary>,
}

/// `monitoring.production.summary`: what `tradeoff sql` reduced production to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProductionSummary {
    /// The engine's `monitor_audited` result: the audited cases, one row each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) audited: Option<String>,
    /// The step scores were grouped to (`tradeoff sql --resolution`); absent when
    /// scores are exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) resolution: Option<f64>,
    /// The engine's `monitor_repeated_ids` result: production ids on more than one
    /// row (with an audit, these stop the run as on the raw file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) repeated_ids: Option<String>,
    /// The engine's `monitor_experiment` result: production's cases per arm value
    /// and outcome value, which `monitoring.experiment` reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) experiment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    pub(crate) path: String,
    pub(crate) id: Option<String>,
    pub(crate) label: Option<String>,
    /// The share of each group that was audited; may be left out when
    /// `probability` names each case's inclusion probability.
    pub(crate) sampled: Option<RawSampled>,
    /// The audit file's column holding each case's inclusion probability, as
    /// `tradeoff monitor --audit-sample` writes it (`inclusion_probability`): the
    /// estimates then weight each verdict by 1/probability (a ratio estimator).
    pub(crate) probability: Option<String>,
    /// The precision wanted from the next audit: the page and the JSON then say how
    /// many cases to audit in each group to reach it.
    pub(crate) target: Option<RawAuditTarget>,
}

/// `monitoring.audit.target`: one of the two keys.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAuditTarget {
    /// Missed positives a day known within ± this many (a 95 % half-width in
    /// cases a day), e.g. `5`.
    pub(crate) missed_per_day: Option<f64>,
    /// The miss rate known within ± this share of itself (a 95 % half-width
    /// relative to the rate), written `10%` or `0.1`.
    pub(crate) miss_rate: Option<RawRelative>,
}

/// A relative width as written: `0.1` or `10%`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawRelative {
    /// A share, above 0 and below 1.
    Share(f64),
    /// A percentage, above 0 and below 100, like `10%`.
    Percent(String),
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSampled {
    pub(crate) flagged: f64,
    pub(crate) not_flagged: f64,
}

/// The validated `monitoring:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringSpec {
    /// The monitoring page's title; default "After launch: " and the context's title.
    pub title: String,
    /// The page's date; `None`: `SOURCE_DATE_EPOCH`, else today.
    pub date: Option<NaiveDate>,
    /// The period's scored cases.
    pub production: ProductionSpec,
    /// Verdicts for some of them; `None` without an audit.
    pub audit: Option<AuditSpec>,
    /// The randomised split; `None` without one.
    pub experiment: Option<ExperimentSpec>,
}

/// The randomised split of production into a model arm and a holdout.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentSpec {
    /// Production's arm column.
    pub arm: String,
    /// The arm column's value for the model arm, as text.
    pub model: String,
    /// The arm column's value for the holdout, as text.
    pub holdout: String,
    /// The planned share in the model arm, in (0, 1).
    pub split: f64,
    /// Production's outcome column.
    pub outcome: String,
    /// Whether a higher outcome is worse or better.
    pub outcome_is: OutcomeIs,
}

/// Production's scored cases: one row per case scored in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionSpec {
    /// Resolved against the YAML file's folder.
    pub path: PathBuf,
    /// The score column; default `data.score`.
    pub score: String,
    /// Needed: it cuts the period into calendar days in `data.timezone`.
    pub timestamp: String,
    /// Needed when there is an audit, to join its verdicts.
    pub id: Option<String>,
    /// `Some` when `path` is an engine's summary of production (`tradeoff sql`).
    pub summary: Option<ProductionSummary>,
}

/// Production as an engine reduced it (`monitoring.production.summary`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionSummary {
    /// The `monitor_audited` result, resolved against the YAML file's folder.
    pub audited: Option<PathBuf>,
    /// The step scores were grouped to; `None`: exact scores.
    pub resolution: Option<f64>,
    /// The `monitor_repeated_ids` result, resolved against the YAML file's folder.
    pub repeated_ids: Option<PathBuf>,
    /// The `monitor_experiment` result (cases per arm and outcome), resolved
    /// against the YAML file's folder.
    pub experiment: Option<PathBuf>,
}

/// The audit: verdicts for some production cases, and how they were drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSpec {
    /// Resolved against the YAML file's folder.
    pub path: PathBuf,
    /// The audit file's id column, matching production's.
    pub id: String,
    /// The audit file's label column; values as in the evaluation's label column.
    pub label: String,
    /// Declared shares of flagged and unflagged cases audited, each in [0, 1],
    /// not both 0; `None` when left out (then `probability` is given).
    pub sampled: Option<(f64, f64)>,
    /// The column of inclusion probabilities, if any.
    pub probability: Option<String>,
    /// The precision to plan the next audit for.
    pub target: Option<AuditTarget>,
}

/// The precision `monitoring.audit.target` asks for, as a 95 % half-width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AuditTarget {
    /// Missed positives a day within ± this many.
    MissedPerDay(f64),
    /// The miss rate within ± this share of itself.
    MissRate(f64),
}

impl Validator<'_> {
    /// Validates `monitoring:`; `data` gives the default column names and
    /// `title` the context's title.
    pub(super) fn monitoring(
        &self,
        raw: RawMonitoring,
        data: &DataSpec,
        title: &str,
    ) -> Result<MonitoringSpec, ContextError> {
        let folder = self.file.parent().unwrap_or(Path::new(""));
        let column = |key: &str, given: Option<String>, default: Option<&String>| match given
            .or_else(|| default.cloned())
        {
            Some(name) => self.non_empty(key, name).map(Some),
            None => Ok(None),
        };
        let p = raw.production;
        let production_path = self.non_empty("monitoring.production.path", p.path)?;
        let score = column("monitoring.production.score", p.score, Some(&data.score))?
            .unwrap_or_else(|| data.score.clone());
        let timestamp = column(
            "monitoring.production.timestamp",
            p.timestamp,
            data.timestamp.as_ref(),
        )?
        .ok_or_else(|| {
            self.invalid(
                "monitoring.production.timestamp",
                "is missing: name the column holding when each case was scored, so the period can be cut into days".to_owned(),
            )
        })?;
        let production_id = column("monitoring.production.id", p.id, data.id.as_ref())?;
        let audit = match raw.audit {
            None => None,
            Some(a) => {
                let path = self.non_empty("monitoring.audit.path", a.path)?;
                let id = column("monitoring.audit.id", a.id, production_id.as_ref())?
                    .ok_or_else(|| {
                        self.invalid(
                            "monitoring.audit.id",
                            "is missing: name the audit's id column (and monitoring.production.id), so verdicts can be joined to production cases".to_owned(),
                        )
                    })?;
                if production_id.is_none() {
                    return Err(self.invalid(
                        "monitoring.production.id",
                        "is missing: an audit is joined to production by id, so name production's id column".to_owned(),
                    ));
                }
                let label = column("monitoring.audit.label", a.label, Some(&data.label))?
                    .unwrap_or_else(|| data.label.clone());
                let probability = match a.probability {
                    Some(p) => Some(self.non_empty("monitoring.audit.probability", p)?),
                    None => None,
                };
                let sampled = match a.sampled {
                    Some(sampled) => {
                        let flagged_share =
                            self.audit_share("monitoring.audit.sampled.flagged", sampled.flagged)?;
                        let not_flagged_share = self.audit_share(
                            "monitoring.audit.sampled.not_flagged",
                            sampled.not_flagged,
                        )?;
                        if flagged_share == 0.0 && not_flagged_share == 0.0 {
                            return Err(self.invalid(
                                "monitoring.audit.sampled",
                                "says no case was audited (both shares 0): give the share of flagged and of unflagged cases that were reviewed".to_owned(),
                            ));
                        }
                        Some((flagged_share, not_flagged_share))
                    }
                    None if probability.is_some() => None,
                    None => {
                        return Err(self.invalid(
                            "monitoring.audit.sampled",
                            "is missing: give the share of flagged and of unflagged cases audited (`sampled: { flagged: 1.0, not_flagged: 0.02 }`), or name the column of inclusion probabilities in monitoring.audit.probability".to_owned(),
                        ));
                    }
                };
                let target = match a.target {
                    Some(t) => Some(self.audit_target(t)?),
                    None => None,
                };
                Some(AuditSpec {
                    path: folder.join(path),
                    id,
                    label,
                    sampled,
                    probability,
                    target,
                })
            }
        };
        let experiment = match raw.experiment {
            None => None,
            Some(e) => {
                let arm = self.non_empty("monitoring.experiment.arm", e.arm)?;
                let outcome = self.non_empty("monitoring.experiment.outcome", e.outcome)?;
                let model = self.non_empty("monitoring.experiment.model", e.model.to_text())?;
                let holdout =
                    self.non_empty("monitoring.experiment.holdout", e.holdout.to_text())?;
                if model.trim() == holdout.trim() {
                    return Err(self.invalid(
                        "monitoring.experiment.holdout",
                        format!("is `{holdout}`, the same as `monitoring.experiment.model`: give the arm column's two different values, one for cases the model handled and one for the holdout")
                    ));
                }
                if !(e.split > 0.0 && e.split < 1.0) {
                    return Err(self.invalid(
                        "monitoring.experiment.split",
                        format!("is {}: it must be the planned share of cases in the model arm, between 0 and 1 (e.g. 0.9 when 10% are held out)", e.split),
                    ));
                }
                Some(ExperimentSpec {
                    arm,
                    model: model.trim().to_owned(),
                    holdout: holdout.trim().to_owned(),
                    split: e.split,
                    outcome,
                    outcome_is: e.outcome_is.unwrap_or(OutcomeIs::Loss),
                })
            }
        };
        let date = match raw.date {
            None => None,
            Some(text) => Some(NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
                |_| {
                    self.invalid(
                        "monitoring.date",
                        format!("is `{text}`: write it as YYYY-MM-DD"),
                    )
                },
            )?),
        };
        let title = match raw.title {
            Some(t) => self.non_empty("monitoring.title", t)?,
            None => format!("After launch: {title}"),
        };
        Ok(MonitoringSpec {
            title,
            date,
            production: ProductionSpec {
                path: folder.join(production_path),
                score,
                timestamp,
                id: production_id,
                summary: p.summary.map(|s| ProductionSummary {
                    audited: s.audited.map(|a| folder.join(a)),
                    resolution: s.resolution,
                    repeated_ids: s.repeated_ids.map(|r| folder.join(r)),
                    experiment: s.experiment.map(|e| folder.join(e)),
                }),
            },
            audit,
            experiment,
        })
    }

    fn audit_target(&self, raw: RawAuditTarget) -> Result<AuditTarget, ContextError> {
        let key = "monitoring.audit.target";
        match (raw.missed_per_day, raw.miss_rate) {
            (Some(d), None) if d.is_finite() && d > 0.0 => Ok(AuditTarget::MissedPerDay(d)),
            (Some(d), None) => Err(self.invalid(
                &format!("{key}.missed_per_day"),
                format!("is {d}: give the ± wanted on missed positives a day, above 0 (e.g. 5)"),
            )),
            (None, Some(rate)) => {
                let share = match &rate {
                    RawRelative::Share(s) => Some(*s),
                    RawRelative::Percent(text) => text
                        .trim()
                        .strip_suffix('%')
                        .and_then(|n| n.trim().parse::<f64>().ok())
                        .map(|p| p / 100.0),
                };
                match share.filter(|s| s.is_finite() && *s > 0.0 && *s < 1.0) {
                    Some(s) => Ok(AuditTarget::MissRate(s)),
                    None => Err(self.invalid(
                        &format!("{key}.miss_rate"),
                        format!(
                            "is `{}`: give the ± wanted as a share of the miss rate, above 0 and below 1 (0.1) or as a percentage (10%)",
                            match rate {
                                RawRelative::Share(s) => s.to_string(),
                                RawRelative::Percent(t) => t,
                            }
                        ),
                    )),
                }
            }
            (Some(_), Some(_)) | (None, None) => Err(self.invalid(
                key,
                "needs exactly one of `missed_per_day` (± missed positives a day, e.g. 5) and `miss_rate` (± a share of the miss rate, e.g. 10%)".to_owned(),
            )),
        }
    }

    fn audit_share(&self, key: &str, value: f64) -> Result<f64, ContextError> {
        if (0.0..=1.0).contains(&value) {
            Ok(value)
        } else {
            Err(self.invalid(
                key,
                format!(
                    "is {value}: it must be the share of that group audited, from 0 to 1 (e.g. 1.0 when every case is reviewed, 0.02 for a 2% sample)"
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::input::context::{ContextError, load_context, parse_context};

    const BASE: &str = "\
title: Fraud
data:
  path: eval.csv
  score: p
  id: tx
  timestamp: at
business:
  positive: fraud
  negative: valid
  action: reviewed
  volume_per_day: 1000
thresholds:
  current: 0.5
";

    fn with(monitoring: &str) -> Result<crate::input::context::Context, ContextError> {
        parse_context(
            &format!("{BASE}{monitoring}"),
            Path::new("cfg/context.yaml"),
        )
    }

    fn error(monitoring: &str) -> String {
        with(monitoring).unwrap_err().to_string()
    }

    #[test]
    fn columns_default_to_the_evaluation_s() {
        let c = with("monitoring:\n  production: { path: prod.parquet }\n").unwrap();
        let m = c.monitoring.unwrap();
        assert_eq!(m.title, "After launch: Fraud");
        assert_eq!(m.production.path, Path::new("cfg/prod.parquet"));
        assert_eq!(m.production.score, "p");
        assert_eq!(m.production.timestamp, "at");
        assert_eq!(m.production.id.as_deref(), Some("tx"));
        assert!(m.audit.is_none() && m.date.is_none());
        let c = with(
            "monitoring:\n  date: 2026-12-14\n  production: { path: p.csv, score: s, timestamp: t, id: i }\n  audit: { path: a.csv, sampled: { flagged: 1.0, not_flagged: 0.02 } }\n",
        )
        .unwrap();
        let m = c.monitoring.unwrap();
        let audit = m.audit.unwrap();
        assert_eq!((audit.id.as_str(), audit.label.as_str()), ("i", "label"));
        assert_eq!(audit.sampled, Some((1.0, 0.02)));
        assert_eq!(audit.path, Path::new("cfg/a.csv"));
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-12-14"));
        assert!(
            parse_context(BASE, Path::new("c.yaml"))
                .unwrap()
                .monitoring
                .is_none()
        );
    }

    #[test]
    fn the_monitoring_sample_parses() {
        let file =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/fraud-monitoring/fraud.yaml");
        let c = load_context(&file).unwrap();
        let m = c.monitoring.unwrap();
        assert!(
            m.production
                .path
                .ends_with("samples/fraud-monitoring/production.parquet")
        );
        assert!(
            c.data
                .path
                .ends_with("samples/fraud-monitoring/../fraud/eval.csv")
        );
        assert_eq!(m.audit.unwrap().sampled.map(|s| s.1), Some(0.02));
    }

    #[test]
    fn audit_targets_and_probabilities() {
        let audit = |rest: &str| {
            with(&format!(
                "monitoring:\n  production: {{ path: p.csv }}\n  audit: {{ path: a.csv{rest} }}\n"
            ))
        };
        let a =
            audit(", sampled: { flagged: 1, not_flagged: 0.02 }, target: { missed_per_day: 5 }")
                .unwrap()
                .monitoring
                .unwrap()
                .audit
                .unwrap();
        assert_eq!(a.target, Some(super::AuditTarget::MissedPerDay(5.0)));
        for written in ["10%", "0.1"] {
            let a = audit(&format!(
                ", probability: pi, target: {{ miss_rate: {written} }}"
            ))
            .unwrap()
            .monitoring
            .unwrap()
            .audit
            .unwrap();
            assert_eq!(a.target, Some(super::AuditTarget::MissRate(0.1)));
            assert_eq!((a.sampled, a.probability.as_deref()), (None, Some("pi")));
        }
        let e = audit("").unwrap_err().to_string();
        assert!(e.contains("`monitoring.audit.sampled` is missing"), "{e}");
        let e = audit(", probability: pi, target: { miss_rate: 150% }")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`monitoring.audit.target.miss_rate` is `150%`"),
            "{e}"
        );
        let e = audit(", probability: pi, target: { missed_per_day: -1 }")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`monitoring.audit.target.missed_per_day` is -1"),
            "{e}"
        );
        let e = audit(", probability: pi, target: { missed_per_day: 5, miss_rate: 10% }")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`monitoring.audit.target` needs exactly one"),
            "{e}"
        );
    }

    #[test]
    fn problems_name_the_key() {
        let no_timestamp = BASE.replace("  timestamp: at\n", "");
        let e = parse_context(
            &format!("{no_timestamp}monitoring:\n  production: {{ path: p.csv }}\n"),
            Path::new("c.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("`monitoring.production.timestamp` is missing"),
            "{e}"
        );
        let no_id = BASE.replace("  id: tx\n", "");
        let e = parse_context(
            &format!("{no_id}monitoring:\n  production: {{ path: p.csv }}\n  audit: {{ path: a.csv, sampled: {{ flagged: 1, not_flagged: 0.02 }} }}\n"),
            Path::new("c.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`monitoring.audit.id` is missing"), "{e}");
        let e = error(
            "monitoring:\n  production: { path: p.csv }\n  audit: { path: a.csv, sampled: { flagged: 1.5, not_flagged: 0.02 } }\n",
        );
        assert!(
            e.contains("`monitoring.audit.sampled.flagged` is 1.5"),
            "{e}"
        );
        let e = error(
            "monitoring:\n  production: { path: p.csv }\n  audit: { path: a.csv, sampled: { flagged: 0, not_flagged: 0 } }\n",
        );
        assert!(
            e.contains("`monitoring.audit.sampled` says no case was audited"),
            "{e}"
        );
        let e = error("monitoring:\n  production: { path: p.csv, timestmp: t }\n");
        assert!(
            e.contains("unknown key `timestmp`: did you mean `timestamp`?"),
            "{e}"
        );
        let e = error("monitoring:\n  production: { path: '' }\n");
        assert!(e.contains("`monitoring.production.path` is empty"), "{e}");
        let e = error("monitoring:\n  date: 14/12/2026\n  production: { path: p.csv }\n");
        assert!(e.contains("`monitoring.date` is `14/12/2026`"), "{e}");
    }
}
