//! Loading production for `tradeoff monitor`: the scored cases of a period (score,
//! timestamp, id; no label) and the audit, whose verdicts are joined to production
//! cases by id. A sibling of the evaluation loader that shares its file reading and
//! its checks of numbers and timestamps; it adds ids read as text and audit labels
//! held against the evaluation's two label values. It stops at joined, checked
//! values: which cases were flagged and what the audit says is the model's work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

use super::check::{Checker, shorten};
use super::ids::{
    IdMatch, as_stored, check_exact_ids, choose_match, describe_ids, may_have_lost_digits,
    unescape_formula,
};
use super::labels::LabelKey;
use super::read::Source;
use super::{CsvOptions, LabelValues, LoadError};

/// A problem with the production or audit file that stops the run.
#[derive(Debug, Error)]
pub enum MonitorLoadError {
    /// A problem the evaluation loader also reports (file, column, value).
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(
        "{file}: production has no cases (no data rows): monitoring.production.path names the cases scored in the period; export them, header and rows, or point the key at the file that holds them"
    )]
    /// The production file holds no rows (an empty file, or a header only).
    EmptyProduction {
        /// The production file.
        file: PathBuf,
    },
    #[error(
        "{file}: column `{column}`, row {row}: the id `{id}` already appears in row {first_row}: each production case needs its own id to join the audit to it"
    )]
    /// Two production rows share an id, so an audit verdict cannot be joined.
    DuplicateId {
        /// The production file.
        file: PathBuf,
        /// Its id column.
        column: String,
        /// The repeated id.
        id: String,
        /// 1-based data rows of the first and the repeated occurrence.
        first_row: usize,
        /// See `first_row`.
        row: usize,
    },
    #[error(
        "{file}: production's column `{column}` has {ids} id(s) on more than one row ({extra_rows} repeated row(s)), e.g. `{id}`: each production case needs its own id to join the audit to it"
    )]
    /// Production ids on more than one row, as an engine's `monitor_repeated_ids`
    /// result counts them (the raw file gives [`MonitorLoadError::DuplicateId`]).
    RepeatedIds {
        /// The engine's result.
        file: PathBuf,
        /// Production's id column.
        column: String,
        /// The most repeated id.
        id: String,
        /// Distinct ids on more than one row.
        ids: usize,
        /// Rows repeating an id seen on an earlier row.
        extra_rows: usize,
    },
    #[error(
        "{file}: column `{column}` has {count} missing id(s), the first in row {row}: every case needs an id to join the audit to it"
    )]
    /// Rows without an id.
    MissingId {
        /// The production or audit file.
        file: PathBuf,
        /// Its id column.
        column: String,
        /// How many rows lack one.
        count: usize,
        /// The first such row, 1-based.
        row: usize,
    },
    #[error(
        "{file}: rows {first_row} and {row} give case `{id}` different verdicts (`{first}` and `{second}`): keep the one that stands and remove the other{}",
        lost_digits_hint(.id)
    )]
    /// One case given two different verdicts.
    ConflictingVerdicts {
        /// The audit file.
        file: PathBuf,
        /// The case's id.
        id: String,
        /// 1-based rows of the two verdicts.
        first_row: usize,
        /// See `first_row`.
        row: usize,
        /// The two verdicts as written.
        first: String,
        /// See `first`.
        second: String,
    },
    #[error(
        "{file}: column `{column}`, row {row}: label `{value}` is neither of the evaluation's two label values ({known}): write each verdict as one of them"
    )]
    /// A verdict that is neither of the evaluation's two label values.
    LabelOutsideClasses {
        /// The audit file.
        file: PathBuf,
        /// Its label column.
        column: String,
        /// The row, 1-based.
        row: usize,
        /// The verdict as written.
        value: String,
        /// The evaluation's two label values, in words.
        known: String,
    },
    #[error(
        "{file}: column `{column}`, row {row}: inclusion probability `{value}` is not a number above 0 and at most 1: write the probability the case had of being drawn, as `tradeoff monitor --audit-sample` writes it"
    )]
    /// An inclusion probability that is missing, not a number, or outside (0, 1].
    BadProbability {
        /// The audit file.
        file: PathBuf,
        /// Its probability column.
        column: String,
        /// The row, 1-based.
        row: usize,
        /// The value as written.
        value: String,
    },
    #[error(
        "{file}: column `{column}`, {place}: the arm `{value}` is neither {values} (monitoring.experiment.model and .holdout): write every case's arm as one of them, or drop the cases outside the experiment"
    )]
    /// A case of neither arm.
    ArmOutsideValues {
        /// The production file.
        file: PathBuf,
        /// Its arm column.
        column: String,
        /// Where the case is.
        place: super::Place,
        /// The arm as written.
        value: String,
        /// The two values the context gives, in words: "the model arm's value `a`
        /// nor the holdout's `b`".
        values: String,
    },
    #[error(
        "{file}: monitoring.experiment needs each case's arm and outcome, and this context reads an engine's summary of production without them (monitoring.production.summary.experiment): run `tradeoff sql --context` again, which writes `monitor_experiment`, or run `tradeoff monitor` on the original context"
    )]
    /// A summary of production without the experiment's reduction.
    ExperimentNotSummarised {
        /// Production's summary (`monitor_scores`).
        file: PathBuf,
    },
    #[error(
        "{file}: none of its {rows} ids appear in production's `{production_column}` (the audit writes its ids {audit_forms}, production {production_forms}): check monitoring.audit.id and that the audit covers this period"
    )]
    /// No audit id is a production id: the wrong column or the wrong period.
    NoMatch {
        /// The audit file.
        file: PathBuf,
        /// Its rows.
        rows: usize,
        /// Production's id column.
        production_column: String,
        /// How the audit writes its ids: "like `P1` (text)".
        audit_forms: String,
        /// How production writes them.
        production_forms: String,
    },
}

/// The experiment's columns of the production file and the arm column's two
/// values.
#[derive(Debug, Clone)]
pub struct ExperimentColumns {
    /// The arm column.
    pub arm: String,
    /// The model arm's value, as text.
    pub model: String,
    /// The holdout's value, as text.
    pub holdout: String,
    /// The outcome column.
    pub outcome: String,
}

/// Each production row's arm and outcome, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentData {
    /// The file read.
    pub file: PathBuf,
    /// `true` for the model arm, `false` for the holdout.
    pub in_model: Vec<bool>,
    /// Finite outcomes.
    pub outcomes: Vec<f64>,
}

/// Reads production's arm and outcome columns: every arm one of the two values
/// (compared as written, or as numbers: `1`, `1.0`), every outcome a finite number.
pub fn load_experiment(
    file: &Path,
    columns: &ExperimentColumns,
) -> Result<ExperimentData, MonitorLoadError> {
    let (source, table) = read_columns(
        file,
        &[
            (columns.arm.as_str(), "arm"),
            (columns.outcome.as_str(), "outcome"),
        ],
    )?;
    let (in_model, outcomes) = arms_and_outcomes(file, &source, &table, columns)?;
    Ok(ExperimentData {
        file: file.to_owned(),
        in_model,
        outcomes,
    })
}

/// Each row's arm (`true`: the model's) and outcome, from a table read with the
/// experiment's columns: the raw production file's, or an engine's
/// `monitor_experiment` (`experiment_summary`), checked the same way.
pub(super) fn arms_and_outcomes(
    file: &Path,
    source: &Source,
    table: &DataFrame,
    columns: &ExperimentColumns,
) -> Result<(Vec<bool>, Vec<f64>), MonitorLoadError> {
    let checker = Checker {
        source,
        frame: table,
    };
    let outcomes = checker.numbers_kept(
        &columns.outcome,
        "a number (the case's outcome: money, or 0/1)",
    )?;
    let in_model = arms(file, source, table, columns)?;
    Ok((in_model, outcomes))
}

/// Each row's arm (`true`: the model's) from `columns.arm` of `table`: every value
/// the model arm's or the holdout's, compared as written (trimmed, any case) or as
/// numbers (`1` = `1.0`). Production's rows, the experiment's and an engine's
/// summaries are all read through here, so every path splits the arms alike.
pub(super) fn arms(
    file: &Path,
    source: &Source,
    table: &DataFrame,
    columns: &ExperimentColumns,
) -> Result<Vec<bool>, MonitorLoadError> {
    let arms = texts(file, table, &columns.arm)?;
    let same = |written: &str, value: &str| {
        written.eq_ignore_ascii_case(value)
            || matches!(
                (written.parse::<f64>(), value.parse::<f64>()),
                (Ok(a), Ok(b)) if a == b
            )
    };
    let mut in_model = Vec::with_capacity(arms.len());
    for (row, arm) in arms.iter().enumerate() {
        let written = arm.as_deref().map(str::trim).unwrap_or("");
        if same(written, &columns.model) {
            in_model.push(true);
        } else if same(written, &columns.holdout) {
            in_model.push(false);
        } else {
            return Err(MonitorLoadError::ArmOutsideValues {
                file: file.to_owned(),
                column: columns.arm.clone(),
                place: source.place(row),
                value: if arm.is_none() {
                    "(missing)".to_owned()
                } else {
                    shorten(written)
                },
                values: format!(
                    "the model arm's value `{}` nor the holdout's `{}`",
                    columns.model, columns.holdout
                ),
            });
        }
    }
    Ok(in_model)
}

/// Production's columns to read.
#[derive(Debug, Clone)]
pub struct ProductionColumns {
    /// The score column.
    pub score: String,
    /// The timestamp column.
    pub timestamp: String,
    /// Needed only to join an audit.
    pub id: Option<String>,
    /// The `data.segments` columns, read as the evaluation's are.
    pub segments: Vec<String>,
    /// With `monitoring.experiment`: the arm column and its two values, to tell
    /// the model arm's cases from the holdout's.
    pub arm: Option<ExperimentColumns>,
}

/// Production's scored cases, one entry per row in file order.
#[derive(Debug)]
pub struct ProductionData {
    /// The file read.
    pub file: PathBuf,
    /// Finite scores.
    pub scores: Vec<f64>,
    /// Milliseconds since the Unix epoch (UTC).
    pub timestamps: Vec<i64>,
    /// Ids as text, when an id column is named.
    pub ids: Option<Vec<String>>,
    /// Each `data.segments` column's value per row, coded as the evaluation's
    /// (`(missing)` for a missing value); empty without segments.
    pub segments: Vec<super::Segment>,
    /// With `monitoring.experiment`: each row in the model arm (`true`) or the
    /// holdout; `None` without an experiment.
    pub in_model: Option<Vec<bool>>,
}

/// Reads the production file: finite scores and timestamps for every row, and the
/// ids as text when named (each present and, when `unique_ids`, each once).
pub fn load_production(
    file: &Path,
    columns: &ProductionColumns,
    unique_ids: bool,
) -> Result<ProductionData, MonitorLoadError> {
    let mut wanted = vec![
        (columns.score.as_str(), "score"),
        (columns.timestamp.as_str(), "timestamp"),
    ];
    wanted.extend(columns.id.as_deref().map(|c| (c, "id")));
    wanted.extend(columns.segments.iter().map(|c| (c.as_str(), "segment")));
    // The arm column may also be a segment (read once).
    if let Some(arm) = &columns.arm
        && !wanted.iter().any(|w| w.0 == arm.arm)
    {
        wanted.push((arm.arm.as_str(), "arm"));
    }
    let (source, table) = read_columns(file, &wanted)?;
    let segments = segment_codes(file, &table, &columns.segments)?;
    let in_model = (columns.arm.as_ref())
        .map(|arm| arms(file, &source, &table, arm))
        .transpose()?;
    let checker = Checker {
        source: &source,
        frame: &table,
    };
    let scores = checker.numbers_kept(&columns.score, "a number (a model score)")?;
    let timestamps = checker.timestamps(&columns.timestamp, None)?;
    let ids = match &columns.id {
        None => None,
        Some(column) => {
            let ids = id_texts(file, &table, column)?;
            if let Some(row) = ids.iter().position(Option::is_none) {
                return Err(MonitorLoadError::MissingId {
                    file: file.to_owned(),
                    column: column.clone(),
                    count: ids.iter().filter(|i| i.is_none()).count(),
                    row: row + 1,
                });
            }
            let ids: Vec<String> = ids.into_iter().flatten().collect();
            if unique_ids {
                let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
                for (row, id) in ids.iter().enumerate() {
                    if let Some(first) = seen.insert(id, row) {
                        return Err(MonitorLoadError::DuplicateId {
                            file: file.to_owned(),
                            column: column.clone(),
                            id: shorten(id),
                            first_row: first + 1,
                            row: row + 1,
                        });
                    }
                }
            }
            Some(ids)
        }
    };
    Ok(ProductionData {
        file: file.to_owned(),
        scores,
        timestamps,
        ids,
        segments,
        in_model,
    })
}

/// The audit's columns and the values its labels may take.
#[derive(Debug, Clone)]
pub struct AuditColumns {
    /// The id column, matching production's ids.
    pub id: String,
    /// The label column.
    pub label: String,
    /// The evaluation's two label values, as text.
    pub labels: LabelValues,
    /// The inclusion-probability column, if any.
    pub probability: Option<String>,
}

/// Audit rows left out, with the first such row (1-based) as an example.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    /// How many rows.
    pub count: usize,
    /// The first, 1-based.
    pub first_row: usize,
    /// The first such row's id.
    pub first_id: String,
}

/// The audit joined to production.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLabels {
    /// The audit file read.
    pub file: PathBuf,
    /// One entry per production row: its verdict (`true` positive), or `None` when
    /// not audited.
    pub labels: Vec<Option<bool>>,
    /// Rows in the audit file.
    pub rows: usize,
    /// Audit rows whose id is not in production.
    pub unmatched: Option<LeftOut>,
    /// Audit rows repeating an earlier row's id with the same verdict.
    pub repeated: Option<LeftOut>,
    /// Audit rows with no label (not yet reviewed).
    pub unlabelled: Option<LeftOut>,
    /// How the audit's ids were compared with production's; `ByValue` holds one id
    /// as production (`left`) and as the audit (`right`) write it.
    pub id_match: IdMatch,
    /// One entry per production row: the inclusion probability of its verdict,
    /// when the audit names a probability column; `None` where not audited.
    pub probabilities: Option<Vec<Option<f64>>>,
}

/// Reads the audit file and joins its verdicts to `production_ids`.
///
/// Errors: a label that is neither of the evaluation's two values, one case given
/// two different verdicts, a missing id, or no audit id found in production.
pub fn load_audit(
    file: &Path,
    columns: &AuditColumns,
    production_ids: &[String],
    production_column: &str,
) -> Result<AuditLabels, MonitorLoadError> {
    let mut wanted = vec![
        (columns.id.as_str(), "id"),
        (columns.label.as_str(), "label"),
    ];
    wanted.extend(
        columns
            .probability
            .as_deref()
            .map(|c| (c, "inclusion probability")),
    );
    let (_, table) = read_columns(file, &wanted)?;
    let written_probabilities = match &columns.probability {
        Some(column) => Some((column, texts(file, &table, column)?)),
        None => None,
    };
    let mut probabilities: Option<Vec<Option<f64>>> = written_probabilities
        .as_ref()
        .map(|_| vec![None; production_ids.len()]);
    let ids = id_texts(file, &table, &columns.id)?;
    if let Some(row) = ids.iter().position(Option::is_none) {
        return Err(MonitorLoadError::MissingId {
            file: file.to_owned(),
            column: columns.id.clone(),
            count: ids.iter().filter(|i| i.is_none()).count(),
            row: row + 1,
        });
    }
    let verdicts = texts(file, &table, &columns.label)?;
    let written: Vec<String> = ids.iter().flatten().cloned().collect();
    let id_match = choose_match(production_ids, &written);
    let index: HashMap<std::borrow::Cow<str>, usize> = production_ids
        .iter()
        .enumerate()
        .map(|(row, id)| (id_match.key(id), row))
        .collect();
    let mut labels: Vec<Option<bool>> = vec![None; production_ids.len()];
    // For each production row with a verdict, the audit row that gave it.
    let mut given_by: HashMap<usize, usize> = HashMap::new();
    let mut unmatched: Option<LeftOut> = None;
    let mut repeated: Option<LeftOut> = None;
    let mut unlabelled: Option<LeftOut> = None;
    let note = |slot: &mut Option<LeftOut>, row: usize, id: &str| match slot {
        Some(left) => left.count += 1,
        None => {
            *slot = Some(LeftOut {
                count: 1,
                first_row: row + 1,
                first_id: shorten(id),
            })
        }
    };
    let known = &columns.labels;
    // Verdicts compared by meaning, as the evaluation's labels are: `True`, `1.0`
    // and a boolean true are the label 1.
    let (positive_key, negative_key) = (
        LabelKey::parse(&known.positive),
        LabelKey::parse(&known.negative),
    );
    for (row, (id, verdict)) in ids.iter().zip(&verdicts).enumerate() {
        let id = id.as_deref().unwrap_or_default();
        let Some(verdict) = verdict.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            note(&mut unlabelled, row, id);
            continue;
        };
        let key = LabelKey::parse(verdict);
        let is_positive = if key.is_some() && key == positive_key
            || verdict.eq_ignore_ascii_case(known.positive.trim())
        {
            true
        } else if key.is_some() && key == negative_key
            || verdict.eq_ignore_ascii_case(known.negative.trim())
        {
            false
        } else {
            return Err(MonitorLoadError::LabelOutsideClasses {
                file: file.to_owned(),
                column: columns.label.clone(),
                row: row + 1,
                value: shorten(verdict),
                known: format!(
                    "positive `{}`, negative `{}`",
                    known.positive, known.negative
                ),
            });
        };
        // As written, else without the `'` a spreadsheet-safe audit sample put
        // before a formula-like id.
        let found = (index.get(&id_match.key(id)))
            .or_else(|| index.get(&id_match.key(unescape_formula(id))));
        let Some(&case) = found else {
            note(&mut unmatched, row, id);
            continue;
        };
        match labels[case] {
            None => {
                if let (Some((column, written)), Some(slots)) =
                    (&written_probabilities, probabilities.as_mut())
                {
                    let text = written[row].as_deref().unwrap_or_default();
                    let value = text
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|p| *p > 0.0 && *p <= 1.0);
                    let Some(p) = value else {
                        return Err(MonitorLoadError::BadProbability {
                            file: file.to_owned(),
                            column: (*column).clone(),
                            row: row + 1,
                            value: shorten(text),
                        });
                    };
                    slots[case] = Some(p);
                }
                labels[case] = Some(is_positive);
                given_by.insert(case, row);
            }
            Some(earlier) if earlier == is_positive => note(&mut repeated, row, id),
            Some(earlier) => {
                let first_row = given_by.get(&case).copied().unwrap_or(row);
                let word = |positive: bool| {
                    if positive {
                        known.positive.clone()
                    } else {
                        known.negative.clone()
                    }
                };
                return Err(MonitorLoadError::ConflictingVerdicts {
                    file: file.to_owned(),
                    id: shorten(id),
                    first_row: first_row + 1,
                    row: row + 1,
                    first: word(earlier),
                    second: word(is_positive),
                });
            }
        }
    }
    let rows = ids.len();
    // An empty production is said where it is found (monitoring: "production has
    // no cases"), not blamed on the audit's ids.
    if given_by.is_empty() && unmatched.is_some() && !production_ids.is_empty() {
        return Err(MonitorLoadError::NoMatch {
            file: file.to_owned(),
            rows,
            production_column: production_column.to_owned(),
            audit_forms: describe_ids(&written),
            production_forms: describe_ids(production_ids),
        });
    }
    Ok(AuditLabels {
        file: file.to_owned(),
        labels,
        rows,
        unmatched,
        repeated,
        unlabelled,
        id_match,
        probabilities,
    })
}

/// Each of `columns` of `table` coded as the evaluation loader codes a
/// `data.segments` column, so the same text is the same value in both.
pub(super) fn segment_codes(
    file: &Path,
    table: &DataFrame,
    columns: &[String],
) -> Result<Vec<super::Segment>, LoadError> {
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    columns
        .iter()
        .map(|column| {
            let mut coder = super::check::SegmentCoder::new(column, table.height());
            let values = table.column(column).map_err(read_error)?;
            coder
                .add(values.as_materialized_series())
                .map_err(read_error)?;
            Ok(coder.finish())
        })
        .collect()
}

/// Reads `wanted` (column, role) from `file` through the evaluation loader's one
/// way in (`read_columns`): the same file types, dialect detection, row and header
/// checks and near-name suggestions.
fn read_columns(
    file: &Path,
    wanted: &[(&str, &'static str)],
) -> Result<(Source, DataFrame), LoadError> {
    let owned: Vec<(String, &'static str)> = wanted
        .iter()
        .map(|&(c, role)| (c.to_owned(), role))
        .collect();
    let needed: Vec<&str> = wanted.iter().map(|w| w.0).collect();
    super::read_columns(file, &CsvOptions::default(), &owned, &needed)
}

/// An id column as [`texts`], refused when it holds floats too large to keep every
/// digit (see [`check_exact_ids`]).
pub(super) fn id_texts(
    file: &Path,
    table: &DataFrame,
    column: &str,
) -> Result<Vec<Option<String>>, LoadError> {
    let texts = texts(file, table, column)?;
    Ok(match table.column(column) {
        Ok(values) => {
            check_exact_ids(file, column, values.as_materialized_series())?;
            as_stored(file, column, values.as_materialized_series(), texts)
        }
        Err(_) => texts,
    })
}

/// A column's values as text, as a person would write them (`1`, `true`, `fraud`,
/// `1.5`); `None` for a missing value.
fn texts(file: &Path, table: &DataFrame, column: &str) -> Result<Vec<Option<String>>, LoadError> {
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    let series = table
        .column(column)
        .map_err(read_error)?
        .as_materialized_series();
    let dtype = series.dtype();
    // Numbers are written as Rust writes them, as the evaluation's label values are
    // (1.0 → "1"), so a Parquet audit matches a CSV evaluation.
    Ok(if dtype.is_float() {
        let cast = series.cast(&DataType::Float64).map_err(read_error)?;
        let ca = cast.f64().map_err(read_error)?;
        ca.iter().map(|v| v.map(|x| x.to_string())).collect()
    } else if dtype.is_integer() {
        let cast = series.cast(&DataType::Int64).map_err(read_error)?;
        let ca = cast.i64().map_err(read_error)?;
        ca.iter().map(|v| v.map(|x| x.to_string())).collect()
    } else {
        let cast = series.cast(&DataType::String).map_err(read_error)?;
        let ca = cast.str().map_err(read_error)?;
        ca.iter().map(|v| v.map(|s| s.trim().to_owned())).collect()
    })
}

/// Empty, or why two verdicts for one id may be two cases whose ids lost their
/// last digits in a float64 upstream (see [`may_have_lost_digits`]).
fn lost_digits_hint(id: &str) -> &'static str {
    if may_have_lost_digits(id) {
        "; but this id is past 2^53 and a float64 holds it exactly, as ids that went through a floating-point number upstream (Excel, a pandas column with a missing value) do: their last digits are gone and two cases may now share it, so export the ids as text from their source"
    } else {
        ""
    }
}
