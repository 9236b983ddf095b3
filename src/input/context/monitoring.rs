//! The context's `monitoring:` section, for `tradeoff monitor`: where production's
//! scored cases are, and optionally the audit (true labels for some production
//! cases) with the share of each group that was audited. Raw serde structs first,
//! then a validated [`Monitoring`] whose column names default to the evaluation's
//! (`data.score`, `data.timestamp`, `data.id`, `data.label`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::raw::Scalar;
use super::{ContextError, DataSpec, Validator};

/// `monitoring:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMonitoring {
    pub(crate) title: Option<String>,
    pub(crate) date: Option<Scalar>,
    pub(crate) production: RawProduction,
    pub(crate) audit: Option<RawAudit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduction {
    pub(crate) path: String,
    pub(crate) score: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    pub(crate) path: String,
    pub(crate) id: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) sampled: RawSampled,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSampled {
    pub(crate) flagged: f64,
    pub(crate) not_flagged: f64,
}

/// The validated `monitoring:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitoring {
    /// The monitoring page's title; default "After launch: " and the context's title.
    pub title: String,
    /// The page's date; `None`: `SOURCE_DATE_EPOCH`, else today.
    pub date: Option<NaiveDate>,
    /// The period's scored cases.
    pub production: ProductionSpec,
    /// Verdicts for some of them; `None` without an audit.
    pub audit: Option<AuditSpec>,
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
    /// Declared share of flagged cases audited, in [0, 1].
    pub flagged_share: f64,
    /// Declared share of unflagged cases audited, in [0, 1]; not both 0.
    pub not_flagged_share: f64,
}

impl Validator<'_> {
    /// Validates `monitoring:`; `data` gives the default column names and
    /// `title` the context's title.
    pub(super) fn monitoring(
        &self,
        raw: RawMonitoring,
        data: &DataSpec,
        title: &str,
    ) -> Result<Monitoring, ContextError> {
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
                let flagged_share =
                    self.audit_share("monitoring.audit.sampled.flagged", a.sampled.flagged)?;
                let not_flagged_share = self.audit_share(
                    "monitoring.audit.sampled.not_flagged",
                    a.sampled.not_flagged,
                )?;
                if flagged_share == 0.0 && not_flagged_share == 0.0 {
                    return Err(self.invalid(
                        "monitoring.audit.sampled",
                        "says no case was audited (both shares 0): give the share of flagged and of unflagged cases that were reviewed".to_owned(),
                    ));
                }
                Some(AuditSpec {
                    path: folder.join(path),
                    id,
                    label,
                    flagged_share,
                    not_flagged_share,
                })
            }
        };
        let date = match raw.date {
            None => None,
            Some(d) => {
                let text = d.to_text();
                Some(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                    self.invalid(
                        "monitoring.date",
                        format!("is `{text}`: write it as YYYY-MM-DD"),
                    )
                })?)
            }
        };
        let title = match raw.title {
            Some(t) => self.non_empty("monitoring.title", t)?,
            None => format!("After launch: {title}"),
        };
        Ok(Monitoring {
            title,
            date,
            production: ProductionSpec {
                path: folder.join(production_path),
                score,
                timestamp,
                id: production_id,
            },
            audit,
        })
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
