//! The baseline model's scores for the evaluation's cases: either another column of
//! the evaluation file, read row by row, or another file joined on the case id.
//! Cases only one side has are counted (with the first few ids) so the report can
//! say what the comparison leaves out; too small an overlap stops the run. The
//! result is one optional score per loaded evaluation row; no maths here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

use super::check::Checker;
use super::ids::{IdMatch, as_stored, check_exact_ids, choose_match, describe_ids};
use super::read::Source;
use super::{CsvOptions, EvalData, LoadError};

/// How many ids of cases only one side has are kept for the warning.
const FIRST_IDS: usize = 5;

/// A problem with the baseline's scores, naming the file and the column or row.
#[derive(Debug, Error)]
pub enum BaselineError {
    /// The file or a column could not be read or checked.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An id appears twice, so the join is ambiguous; rows are 1-based data rows.
    #[error(
        "{file}: column `{column}`: id `{id}` appears in rows {first} and {second}: each case needs one row, so the baseline's scores can be matched to the evaluation's cases"
    )]
    DuplicateId {
        /// The file holding the id twice.
        file: PathBuf,
        /// Its id column.
        column: String,
        /// The repeated id.
        id: String,
        /// The first row holding it.
        first: usize,
        /// The second row holding it.
        second: usize,
    },
    /// Rows without an id (`row` is the first, 1-based).
    #[error(
        "{file}: column `{column}` has {count} missing id(s), the first in row {row}: every row needs an id to join the baseline's scores on"
    )]
    MissingId {
        /// The file.
        file: PathBuf,
        /// Its id column.
        column: String,
        /// How many rows lack an id.
        count: usize,
        /// The first of them.
        row: usize,
    },
    /// An engine's pairs (`data.summary.pairs`) found an id on more than one row of
    /// one side's file (`side`: "evaluation" or "baseline").
    #[error(
        "{file}: the engine found {side} id `{id}` on more than one row of the {side}'s file: each case needs one row, so the baseline's scores can be matched to the evaluation's cases; fix the ids and run the SQL of `tradeoff sql` again"
    )]
    RepeatedInPairs {
        /// The pairs file.
        file: PathBuf,
        /// "evaluation" or "baseline".
        side: &'static str,
        /// One repeated id.
        id: String,
    },
    /// An engine's pairs found rows without an id on one side.
    #[error(
        "{file}: the engine found {count} row(s) without an id in the {side}'s file: every row needs an id to join the baseline's scores on; fill them in and run the SQL of `tradeoff sql` again"
    )]
    MissingInPairs {
        /// The pairs file.
        file: PathBuf,
        /// "evaluation" or "baseline".
        side: &'static str,
        /// How many rows lack an id.
        count: usize,
    },
    /// Matched cases whose baseline score is missing or not finite, without
    /// `--drop-invalid`.
    #[error(
        "{file}: column `{column}` holds {count} missing or non-finite baseline score(s) of cases the baseline has: fix the baseline's scores, or pass --drop-invalid to leave those cases out of the comparison"
    )]
    InvalidInPairs {
        /// The pairs file.
        file: PathBuf,
        /// The baseline score column.
        column: String,
        /// Cases with such a score.
        count: usize,
    },
    /// The baseline scores too few of the evaluation's cases.
    #[error(
        "the baseline ({file}) scores only {matched} of the {cases} evaluation cases ({share:.1}%), under the {required:.1}% that baseline.min_overlap asks for{example}{forms}: check that baseline.id and data.id name the same cases, or lower baseline.min_overlap"
    )]
    Overlap {
        /// The baseline's file.
        file: PathBuf,
        /// Evaluation cases with a baseline score.
        matched: usize,
        /// All evaluation cases.
        cases: usize,
        /// `matched / cases`, in percent.
        share: f64,
        /// `baseline.min_overlap`, in percent.
        required: f64,
        /// " (e.g. evaluation id `tx-1` has no baseline score)", or empty.
        example: String,
        /// "; the evaluation writes its ids like `00001007` (zero-padded integers),
        /// the baseline like `P1` (text)" for a join on ids, else empty.
        forms: String,
    },
}

/// The baseline's scores lined up with the evaluation's loaded rows.
#[derive(Debug, Clone)]
pub struct BaselineScores {
    /// The file they came from.
    pub file: PathBuf,
    /// One per loaded evaluation row, in order; `None` where the baseline has no
    /// (valid) score for the case.
    pub scores: Vec<Option<f64>>,
    /// Evaluation cases without a baseline score.
    pub evaluation_only: usize,
    /// The first few of them, as ids (or "row N" without an id column).
    pub first_evaluation_only: Vec<String>,
    /// Baseline rows whose id is not among the evaluation's cases (0 for a column).
    pub baseline_only: usize,
    /// The first few of their ids.
    pub first_baseline_only: Vec<String>,
    /// How the ids were compared; `ByValue` holds one id as the evaluation and as
    /// the baseline write it.
    pub id_match: IdMatch,
}

/// Reads the baseline's scores from `column` of the evaluation file. With
/// `drop_invalid`, a missing or non-finite score leaves that case out of the
/// comparison instead of stopping; `id` names the cases in the warning.
pub fn load_baseline_column(
    data: &EvalData,
    column: &str,
    id: Option<&str>,
    drop_invalid: bool,
    min_overlap: f64,
) -> Result<BaselineScores, BaselineError> {
    let file = data.file.as_path();
    let values = read_numbers(file, column, drop_invalid)?;
    let scores: Vec<Option<f64>> = (0..data.scores.len())
        .map(|i| Some(values[data.file_row(i)]).filter(|v| v.is_finite()))
        .collect();
    let missing: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].is_none()).collect();
    let first_rows: Vec<usize> = missing
        .iter()
        .take(FIRST_IDS)
        .map(|&i| data.file_row(i))
        .collect();
    let first_evaluation_only = match id {
        Some(id) if !first_rows.is_empty() => {
            let cells =
                super::load_cells(file, &CsvOptions::default(), &[id.to_owned()], &first_rows)?;
            first_rows
                .iter()
                .map(|r| {
                    cells
                        .get(r)
                        .and_then(|c| c.first())
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        }
        _ => first_rows
            .iter()
            .map(|r| format!("row {}", r + 1))
            .collect(),
    };
    let result = BaselineScores {
        file: file.to_owned(),
        scores,
        evaluation_only: missing.len(),
        first_evaluation_only,
        baseline_only: 0,
        first_baseline_only: Vec::new(),
        id_match: IdMatch::AsWritten,
    };
    check_overlap(result, min_overlap, String::new())
}

/// Reads `score` and `id` from the baseline's own `file` and joins them to the
/// evaluation's cases on `data_id` of the evaluation file: ids compared as text, or
/// as the integers they write when the files write them differently (see
/// [`choose_match`]).
pub fn load_baseline_file(
    data: &EvalData,
    data_id: &str,
    file: &Path,
    id: &str,
    score: &str,
    drop_invalid: bool,
    min_overlap: f64,
) -> Result<BaselineScores, BaselineError> {
    let evaluation_ids = read_ids(&data.file, data_id, "id")?;
    let baseline_ids = read_ids(file, id, "baseline id")?;
    let values = read_numbers(file, score, drop_invalid)?;
    let id_match = choose_match(&evaluation_ids, &baseline_ids);
    let mut by_id: HashMap<std::borrow::Cow<str>, usize> =
        HashMap::with_capacity(baseline_ids.len());
    for (row, key) in baseline_ids.iter().enumerate() {
        if let Some(first) = by_id.insert(id_match.key(key), row) {
            return Err(BaselineError::DuplicateId {
                file: file.to_owned(),
                column: id.to_owned(),
                id: key.clone(),
                first: first + 1,
                second: row + 1,
            });
        }
    }
    // Each evaluation id once too: the join must be one to one.
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(evaluation_ids.len());
    for (row, key) in evaluation_ids.iter().enumerate() {
        if let Some(first) = seen.insert(key.as_str(), row) {
            return Err(BaselineError::DuplicateId {
                file: data.file.clone(),
                column: data_id.to_owned(),
                id: key.clone(),
                first: first + 1,
                second: row + 1,
            });
        }
    }
    let mut used = vec![false; baseline_ids.len()];
    let mut scores = Vec::with_capacity(data.scores.len());
    let mut first_evaluation_only = Vec::new();
    let mut evaluation_only = 0;
    for i in 0..data.scores.len() {
        let key = evaluation_ids[data.file_row(i)].as_str();
        let score = by_id.get(&id_match.key(key)).and_then(|&row| {
            used[row] = true;
            Some(values[row]).filter(|v| v.is_finite())
        });
        if score.is_none() {
            evaluation_only += 1;
            if first_evaluation_only.len() < FIRST_IDS {
                first_evaluation_only.push(key.to_owned());
            }
        }
        scores.push(score);
    }
    let unused: Vec<usize> = (0..used.len()).filter(|&r| !used[r]).collect();
    let result = BaselineScores {
        file: file.to_owned(),
        scores,
        evaluation_only,
        first_evaluation_only,
        baseline_only: unused.len(),
        first_baseline_only: unused
            .iter()
            .take(FIRST_IDS)
            .map(|&r| baseline_ids[r].clone())
            .collect(),
        id_match,
    };
    let forms = format!(
        "; the evaluation writes its ids {}, the baseline {}",
        describe_ids(&evaluation_ids),
        describe_ids(&baseline_ids)
    );
    check_overlap(result, min_overlap, forms)
}

/// The columns of an engine's pairs (`tradeoff sql`'s `pairs` statement) besides
/// the evaluation's own: whether the row's cases have a baseline row (1 or 0).
pub const PAIR_MATCHED: &str = "baseline_matched";
/// The baseline's score of the row's cases (NULL when unmatched).
pub const PAIR_SCORE: &str = "baseline_score";
/// On every row: baseline rows whose id no valid evaluation case has.
pub const PAIR_BASELINE_ONLY: &str = "baseline_only";
/// On every row: one evaluation id found on more than one row, or NULL.
pub const PAIR_REPEATED_EVALUATION: &str = "repeated_evaluation_id";
/// On every row: one baseline id (as joined) found on more than one row, or NULL.
pub const PAIR_REPEATED_BASELINE: &str = "repeated_baseline_id";
/// On every row: evaluation rows without an id.
pub const PAIR_MISSING_EVALUATION: &str = "missing_evaluation_ids";
/// On every row: baseline rows without an id.
pub const PAIR_MISSING_BASELINE: &str = "missing_baseline_ids";
/// On every row, when ids were joined by value: one id as the evaluation writes
/// it, else NULL.
pub const PAIR_EVALUATION_FORM: &str = "evaluation_id_form";
/// See [`PAIR_EVALUATION_FORM`]: the same id as the baseline writes it.
pub const PAIR_BASELINE_FORM: &str = "baseline_id_form";

/// Every column the pairs carry besides the evaluation's, in the order the SQL
/// writes them (after the grouped columns and the cases).
pub const PAIR_COLUMNS: [&str; 9] = [
    PAIR_SCORE,
    PAIR_MATCHED,
    PAIR_BASELINE_ONLY,
    PAIR_REPEATED_EVALUATION,
    PAIR_REPEATED_BASELINE,
    PAIR_MISSING_EVALUATION,
    PAIR_MISSING_BASELINE,
    PAIR_EVALUATION_FORM,
    PAIR_BASELINE_FORM,
];

/// How `tradeoff sql` joins a baseline file's ids to the evaluation's: as the raw
/// run would ([`choose_match`] on both files' ids).
///
/// # Errors
/// Either file or id column cannot be read.
pub fn baseline_id_match(
    data_file: &Path,
    data_id: &str,
    file: &Path,
    id: &str,
) -> Result<IdMatch, BaselineError> {
    let evaluation_ids = read_ids(data_file, data_id, "id")?;
    let baseline_ids = read_ids(file, id, "baseline id")?;
    Ok(choose_match(&evaluation_ids, &baseline_ids))
}

/// The baseline's scores from an engine's pairs (`data.summary.pairs`): `pairs`
/// is that file loaded as counted rows, `column` its baseline score column. The
/// join the engine made is checked as the raw run checks it (repeated and
/// missing ids stop the run; a missing or non-finite score of a matched case
/// stops it unless `drop_invalid`), and cases are counted as the rows' counts.
/// Which evaluation cases lack a baseline score cannot be named: the engine's
/// rows hold counts.
///
/// # Errors
/// A column is missing, the engine's checks found repeated or missing ids, a
/// matched score is invalid, or too few cases pair up.
pub fn load_baseline_pairs(
    pairs: &EvalData,
    column: &str,
    drop_invalid: bool,
    min_overlap: f64,
) -> Result<BaselineScores, BaselineError> {
    let file = pairs.file.as_path();
    let mut wanted: Vec<(String, &'static str)> = vec![(column.to_owned(), "baseline score")];
    wanted.extend(
        PAIR_COLUMNS[1..]
            .iter()
            .map(|c| ((*c).to_owned(), "engine's pairs")),
    );
    let needed: Vec<&str> = wanted.iter().map(|(c, _)| c.as_str()).collect();
    let (source, table) = super::read_columns(file, &CsvOptions::default(), &wanted, &needed)?;
    let checker = Checker {
        source: &source,
        frame: &table,
    };
    let numbers = |c: &str| -> Result<Vec<f64>, LoadError> {
        let (mut values, invalid) = checker.numbers(c, "a number", true)?;
        for row in invalid {
            values[row] = f64::NAN;
        }
        Ok(values)
    };
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    // The first value of a column the engine writes the same on every row.
    let text = |c: &str| -> Result<Option<String>, LoadError> {
        let cast = table
            .column(c)
            .map_err(read_error)?
            .cast(&DataType::String)
            .map_err(read_error)?;
        let values = cast.str().map_err(read_error)?;
        Ok(values.iter().flatten().next().map(str::to_owned))
    };
    let count = |c: &str| -> Result<usize, LoadError> {
        Ok(numbers(c)?
            .iter()
            .find(|v| v.is_finite())
            .map_or(0, |v| v.max(0.0) as usize))
    };
    for (missing, side) in [
        (PAIR_MISSING_EVALUATION, "evaluation"),
        (PAIR_MISSING_BASELINE, "baseline"),
    ] {
        let n = count(missing)?;
        if n > 0 {
            return Err(BaselineError::MissingInPairs {
                file: file.to_owned(),
                side,
                count: n,
            });
        }
    }
    for (repeated, side) in [
        (PAIR_REPEATED_BASELINE, "baseline"),
        (PAIR_REPEATED_EVALUATION, "evaluation"),
    ] {
        if let Some(id) = text(repeated)? {
            return Err(BaselineError::RepeatedInPairs {
                file: file.to_owned(),
                side,
                id,
            });
        }
    }
    let values = numbers(column)?;
    let matched = numbers(PAIR_MATCHED)?;
    let cases = |i: usize| pairs.counts.as_ref().map_or(1.0, |c| c[i]);
    let mut scores = Vec::with_capacity(pairs.scores.len());
    let (mut evaluation_only, mut invalid) = (0.0, 0.0);
    for i in 0..pairs.scores.len() {
        let row = pairs.file_row(i);
        let score = Some(values[row]).filter(|v| v.is_finite());
        if score.is_none() {
            evaluation_only += cases(i);
            if matched[row] == 1.0 {
                invalid += cases(i);
            }
        }
        scores.push(score);
    }
    if invalid > 0.0 && !drop_invalid {
        return Err(BaselineError::InvalidInPairs {
            file: file.to_owned(),
            column: column.to_owned(),
            count: invalid.round() as usize,
        });
    }
    let id_match = match (text(PAIR_EVALUATION_FORM)?, text(PAIR_BASELINE_FORM)?) {
        (Some(left), Some(right)) => IdMatch::ByValue { left, right },
        _ => IdMatch::AsWritten,
    };
    let total: f64 = (0..pairs.scores.len()).map(cases).sum();
    let result = BaselineScores {
        file: file.to_owned(),
        scores,
        evaluation_only: evaluation_only.round() as usize,
        first_evaluation_only: Vec::new(),
        baseline_only: count(PAIR_BASELINE_ONLY)?,
        first_baseline_only: Vec::new(),
        id_match,
    };
    check_overlap_of(result, min_overlap, String::new(), total.round() as usize)
}

/// Stops when the baseline scores less than `min_overlap` of the evaluation's cases.
fn check_overlap(
    scores: BaselineScores,
    min_overlap: f64,
    forms: String,
) -> Result<BaselineScores, BaselineError> {
    let cases = scores.scores.len();
    check_overlap_of(scores, min_overlap, forms, cases)
}

/// [`check_overlap`] with the evaluation's `cases` counted by the caller.
fn check_overlap_of(
    scores: BaselineScores,
    min_overlap: f64,
    forms: String,
    cases: usize,
) -> Result<BaselineScores, BaselineError> {
    let matched = cases.saturating_sub(scores.evaluation_only);
    let share = if cases > 0 {
        matched as f64 / cases as f64
    } else {
        0.0
    };
    if share < min_overlap {
        return Err(BaselineError::Overlap {
            file: scores.file,
            matched,
            cases,
            share: 100.0 * share,
            required: 100.0 * min_overlap,
            example: scores
                .first_evaluation_only
                .first()
                .map(|id| format!(" (e.g. evaluation case `{id}` has no baseline score)"))
                .unwrap_or_default(),
            forms,
        });
    }
    Ok(scores)
}

/// Checks that `column` exists in `file` (suggesting a near name) and reads it,
/// through the evaluation loader's one way in.
fn read_column(
    file: &Path,
    column: &str,
    role: &'static str,
) -> Result<(Source, DataFrame), LoadError> {
    super::read_columns(
        file,
        &CsvOptions::default(),
        &[(column.to_owned(), role)],
        &[column],
    )
}

/// A score column as finite numbers; with `drop_invalid`, NaN where a value is
/// missing or not finite.
fn read_numbers(file: &Path, column: &str, drop_invalid: bool) -> Result<Vec<f64>, LoadError> {
    let (source, table) = read_column(file, column, "baseline score")?;
    let checker = Checker {
        source: &source,
        frame: &table,
    };
    let (mut values, invalid) =
        checker.numbers(column, "a number (the baseline's score)", drop_invalid)?;
    for row in invalid {
        values[row] = f64::NAN;
    }
    Ok(values)
}

/// An id column as text, every row present.
fn read_ids(file: &Path, column: &str, role: &'static str) -> Result<Vec<String>, BaselineError> {
    let (_, table) = read_column(file, column, role)?;
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    let column_values = table.column(column).map_err(read_error)?;
    check_exact_ids(file, column, column_values.as_materialized_series())?;
    let series = column_values.cast(&DataType::String).map_err(read_error)?;
    let text = series.str().map_err(read_error)?;
    let mut ids = Vec::with_capacity(text.len());
    let mut missing: Option<(usize, usize)> = None;
    for (row, cell) in text.iter().enumerate() {
        match cell.map(str::trim) {
            Some(id) if !id.is_empty() => ids.push(id.to_owned()),
            _ => {
                let (first, count) = missing.unwrap_or((row, 0));
                missing = Some((first, count + 1));
                ids.push(String::new());
            }
        }
    }
    if let Some((row, count)) = missing {
        return Err(BaselineError::MissingId {
            file: file.to_owned(),
            column: column.to_owned(),
            count,
            row: row + 1,
        });
    }
    // A JSON `7.0` reads as `7`: written back as the float it is stored as.
    let stored = as_stored(
        file,
        column,
        column_values.as_materialized_series(),
        ids.into_iter().map(Some).collect(),
    );
    Ok(stored.into_iter().flatten().collect())
}
