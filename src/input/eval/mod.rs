//! Loading evaluation outputs: the one module that knows polars. It reads CSV,
//! Parquet or NDJSON (by extension), only the columns asked for, checks every value
//! once, and hands on plain vectors: finite scores, 0/1 labels as `bool`, optional
//! non-negative weights and UTC timestamps. Columns only people read (id, `show`) are
//! checked to exist up front but fetched later by [`load_cells`] for the few rows the
//! report shows, so 10 million merchant names never sit in memory. It stops at clean
//! data: no maths, no report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

use crate::input::suggest::closest;

mod baseline;
mod check;
pub mod production;

pub use baseline::{BaselineError, BaselineScores, load_baseline_column, load_baseline_file};
use check::Checker;
pub use check::parse_timestamp;

/// A problem with the evaluation data, naming the file and the column or row.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{file}: cannot read the file: {message}")]
    Read { file: PathBuf, message: String },
    #[error("{file}: unknown file type `{extension}`: use a .csv, .parquet or .ndjson/.jsonl file")]
    Format { file: PathBuf, extension: String },
    #[error(
        "{file}: no column `{column}` (named as the {role} column){hint}; available columns: {available}"
    )]
    MissingColumn {
        file: PathBuf,
        column: String,
        role: &'static str,
        hint: String,
        available: String,
    },
    #[error("{file}: column `{column}`, row {row}: `{value}` is not {expected}")]
    BadValue {
        file: PathBuf,
        column: String,
        row: usize,
        value: String,
        expected: &'static str,
    },
    #[error(
        "{file}: column `{column}` has {count} {what} value(s), the first in row {row}: {advice}"
    )]
    Invalid {
        file: PathBuf,
        column: String,
        count: usize,
        what: &'static str,
        row: usize,
        advice: &'static str,
    },
    #[error(
        "{file}: column `{column}`, row {row}: label `{value}` is {known}: a label column must hold exactly two values (set data.positive / --positive to the positive one)"
    )]
    ThirdLabel {
        file: PathBuf,
        column: String,
        row: usize,
        value: String,
        /// The two labels seen so far, in words.
        known: String,
    },
    #[error(
        "{file}: column `{column}` has only {present}: the evaluation needs both positive and negative cases{advice}"
    )]
    OneClass {
        file: PathBuf,
        column: String,
        present: String,
        advice: String,
    },
    #[error(
        "{file}: the file has no data rows: export the evaluation with at least one positive and one negative case"
    )]
    Empty { file: PathBuf },
    #[error(
        "{file}: the column name `{column}` appears more than once in the header: rename one of them so each column has its own name"
    )]
    DuplicateColumn { file: PathBuf, column: String },
}

/// Which columns to read and what the positive label is.
#[derive(Debug, Clone, Default)]
pub struct ColumnSpec {
    pub score: String,
    pub label: String,
    /// Label value meaning positive; `None` accepts 1 / true.
    pub positive: Option<String>,
    pub weight: Option<String>,
    /// Frequency counts: each row stands for that many identical cases.
    pub count: Option<String>,
    pub id: Option<String>,
    pub timestamp: Option<String>,
    pub show: Vec<String>,
    pub segments: Vec<String>,
    /// Columns holding each row's cost of an outcome (`business.costs.*.column`).
    pub costs: Vec<String>,
    /// Leave out rows whose score or label is missing, NaN or infinite (counted and
    /// reported) instead of stopping.
    pub drop_invalid: bool,
}

/// Checked evaluation data, one entry per row in file order.
#[derive(Debug)]
pub struct EvalData {
    pub file: PathBuf,
    /// Finite scores; higher means more likely positive.
    pub scores: Vec<f64>,
    /// `true` for a positive case.
    pub positive: Vec<bool>,
    /// Finite, non-negative case weights, when a weight column is named.
    pub weights: Option<Vec<f64>>,
    /// Finite, non-negative counts of identical cases, when a count column is named.
    pub counts: Option<Vec<f64>>,
    /// Milliseconds since the Unix epoch (UTC), when a timestamp column is named.
    pub timestamps: Option<Vec<i64>>,
    /// The label values as written in the file.
    pub labels: LabelValues,
    /// A CSV that was not valid UTF-8 and was read with replacement characters.
    pub lossy_text: bool,
    /// With `--drop-invalid`: the file row of each loaded row (`None`: all kept).
    pub file_rows: Option<Vec<usize>>,
    /// Rows left out by `--drop-invalid`.
    pub dropped_rows: usize,
    /// The breakdown columns (`data.segments`), as codes per row.
    pub segments: Vec<Segment>,
    /// Each cost column named in the context with its finite, non-negative values.
    pub costs: Vec<(String, Vec<f64>)>,
}

pub use crate::stats::segments::Segment;

/// The two label values found in the file, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelValues {
    pub positive: String,
    pub negative: String,
}

enum Format {
    Csv,
    Parquet,
    NdJson,
}

/// Reads `file` and checks the columns in `spec`.
pub fn load_eval(file: &Path, spec: &ColumnSpec) -> Result<EvalData, LoadError> {
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    if !file.is_file() {
        return Err(LoadError::Read {
            file: file.to_owned(),
            message: "no such file: check data.path (it is relative to the YAML file)".to_owned(),
        });
    }
    let scanned = scan(file)?;
    if std::fs::metadata(file).is_ok_and(|m| m.len() == 0) {
        return Err(LoadError::Empty {
            file: file.to_owned(),
        });
    }
    let mut frame = scanned.map_err(read_error)?;
    let schema = frame.collect_schema().map_err(read_error)?;
    // polars renames a repeated CSV header to `name_duplicated_N`; which of the two a
    // user meant is unknowable, so it is an error.
    if let Some(duplicate) = schema.iter_names().find_map(|n| {
        let (base, _) = n.as_str().rsplit_once("_duplicated_")?;
        schema.get(base).map(|_| base.to_owned())
    }) {
        return Err(LoadError::DuplicateColumn {
            file: file.to_owned(),
            column: duplicate,
        });
    }
    let wanted = wanted_columns(spec);
    for (column, role) in &wanted {
        if schema.get(column.as_str()).is_none() {
            let names: Vec<&str> = schema.iter_names().map(|n| n.as_str()).collect();
            return Err(LoadError::MissingColumn {
                file: file.to_owned(),
                column: column.clone(),
                role,
                hint: closest(column, names.iter().copied())
                    .map(|n| format!(": did you mean `{n}`?"))
                    .unwrap_or_default(),
                available: names.join(", "),
            });
        }
    }
    // Only the columns the maths needs are read in full.
    let mut numeric: Vec<&str> = vec![&spec.score, &spec.label];
    numeric.extend(spec.weight.as_deref());
    numeric.extend(spec.count.as_deref());
    numeric.extend(spec.timestamp.as_deref());
    numeric.extend(spec.segments.iter().map(String::as_str));
    numeric.extend(spec.costs.iter().map(String::as_str));
    numeric.sort_unstable();
    numeric.dedup();
    let selection: Vec<Expr> = numeric.iter().map(|c| col(*c)).collect();
    let table = frame.select(selection).collect().map_err(read_error)?;
    if table.height() == 0 {
        return Err(LoadError::Empty {
            file: file.to_owned(),
        });
    }
    let checker = Checker { file };
    let (mut scores, bad_scores) = checker.numbers(
        &table,
        &spec.score,
        "a number (a model score)",
        spec.drop_invalid,
    )?;
    let (mut positive, labels, missing_labels) =
        checker.labels(&table, &spec.label, spec.positive.as_deref())?;
    if let (false, Some(first)) = (spec.drop_invalid, missing_labels.first()) {
        return Err(checker.invalid(
            &spec.label,
            missing_labels.len(),
            "missing",
            first + 1,
            "every row needs a label: fill them in, remove those rows, or pass --drop-invalid to leave them out",
        ));
    }
    let weights = match &spec.weight {
        None => None,
        Some(w) => Some(checker.non_negative(
            &table,
            w,
            "a number (a case weight)",
            "weights must be 0 or more",
        )?),
    };
    let counts = (spec.count.as_ref())
        .map(|c| {
            checker.non_negative(
                &table,
                c,
                "a number (a count of cases)",
                "counts must be 0 or more",
            )
        })
        .transpose()?;
    let costs = spec
        .costs
        .iter()
        .map(|c| {
            Ok((
                c.clone(),
                checker.non_negative(
                    &table,
                    c,
                    "a number (money: a cost)",
                    "costs must be 0 or more",
                )?,
            ))
        })
        .collect::<Result<Vec<_>, LoadError>>()?;
    let timestamps = match &spec.timestamp {
        None => None,
        Some(t) => Some(checker.timestamps(&table, t)?),
    };
    let segments = spec
        .segments
        .iter()
        .map(|c| checker.segment(&table, c))
        .collect::<Result<Vec<_>, _>>()?;
    let lossy_text = is_csv(file)
        && !is_utf8(file).map_err(|e| LoadError::Read {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
    let mut data = EvalData {
        file: file.to_owned(),
        scores: Vec::new(),
        positive: Vec::new(),
        weights,
        counts,
        timestamps,
        labels,
        lossy_text,
        file_rows: None,
        dropped_rows: 0,
        segments,
        costs,
    };
    let mut dropped: Vec<usize> = bad_scores.into_iter().chain(missing_labels).collect();
    if dropped.is_empty() {
        data.scores = scores;
        data.positive = positive;
        return Ok(data);
    }
    // --drop-invalid: keep the valid rows and remember where they came from.
    dropped.sort_unstable();
    dropped.dedup();
    let mut keep = vec![true; scores.len()];
    dropped.iter().for_each(|&r| keep[r] = false);
    scores = keep_rows(scores, &keep);
    positive = keep_rows(positive, &keep);
    data.weights = data.weights.map(|w| keep_rows(w, &keep));
    data.counts = data.counts.map(|c| keep_rows(c, &keep));
    data.timestamps = data.timestamps.map(|t| keep_rows(t, &keep));
    for segment in &mut data.segments {
        segment.codes = keep_rows(std::mem::take(&mut segment.codes), &keep);
    }
    for (_, values) in &mut data.costs {
        *values = keep_rows(std::mem::take(values), &keep);
    }
    data.file_rows = Some((0..keep.len()).filter(|&r| keep[r]).collect());
    if !(positive.contains(&true) && positive.contains(&false)) {
        return Err(LoadError::OneClass {
            file: file.to_owned(),
            column: spec.label.clone(),
            present: format!(
                "one class left after leaving out {} invalid rows",
                dropped.len()
            ),
            advice: ": fix the invalid scores and labels instead of dropping them".to_owned(),
        });
    }
    data.scores = scores;
    data.positive = positive;
    data.dropped_rows = dropped.len();
    Ok(data)
}

/// The values whose `keep` flag is set, in order.
fn keep_rows<T>(values: Vec<T>, keep: &[bool]) -> Vec<T> {
    values
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(v, _)| v)
        .collect()
}

impl EvalData {
    /// The 0-based row in the file of loaded row `index` (they differ only when
    /// invalid rows were dropped).
    pub fn file_row(&self, index: usize) -> usize {
        self.file_rows.as_ref().map_or(index, |rows| rows[index])
    }

    /// What each row counts for: its count and its weight.
    pub fn row_weights(&self) -> crate::stats::weights::RowWeights<'_> {
        crate::stats::weights::RowWeights {
            weights: self.weights.as_deref(),
            counts: self.counts.as_deref(),
            squares: None,
        }
    }
}

/// Reads `columns` as display text for the 0-based `rows` only (a filtered second
/// scan), keyed by row. Missing values are empty strings.
pub fn load_cells(
    file: &Path,
    columns: &[String],
    rows: &[usize],
) -> Result<BTreeMap<usize, Vec<String>>, LoadError> {
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    if columns.is_empty() || rows.is_empty() {
        return Ok(rows
            .iter()
            .map(|&r| (r, vec![String::new(); columns.len()]))
            .collect());
    }
    const ROW: &str = "__tradeoff_row__";
    // One hash lookup per row. (An OR of one equality per wanted row made the query
    // planner quadratic: 36 s for 500 rows of a 20,700-row file.)
    let indices: Vec<IdxSize> = rows.iter().map(|&r| r as IdxSize).collect();
    let wanted = col(ROW).is_in(lit(Series::new(ROW.into(), indices)).implode(false), false);
    let mut selection: Vec<Expr> = vec![col(ROW)];
    selection.extend(
        columns
            .iter()
            .map(|c| col(c.as_str()).cast(DataType::String)),
    );
    let table = scan(file)?
        .map_err(read_error)?
        .with_row_index(ROW, None)
        .filter(wanted)
        .select(selection)
        .collect()
        .map_err(read_error)?;
    let index = table
        .column(ROW)
        .and_then(|c| c.cast(&IDX_DTYPE))
        .map_err(read_error)?;
    let index = index.idx().map_err(read_error)?;
    let mut cells = BTreeMap::new();
    for (i, row) in index.iter().enumerate() {
        let Some(row) = row else { continue };
        let texts = columns
            .iter()
            .map(|c| {
                table
                    .column(c)
                    .ok()
                    .and_then(|values| values.str().ok()?.get(i).map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        cells.insert(row as usize, texts);
    }
    Ok(cells)
}

fn extension(file: &Path) -> String {
    file.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_csv(file: &Path) -> bool {
    matches!(extension(file).as_str(), "csv" | "txt")
}

/// Whether the file is valid UTF-8, checked in 1 MiB pieces so memory stays flat.
fn is_utf8(file: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut reader = std::fs::File::open(file)?;
    let mut buffer = vec![0u8; 1 << 20];
    let mut carried = 0;
    loop {
        let n = reader.read(&mut buffer[carried..])?;
        let filled = carried + n;
        match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            // A sequence cut at the end of this piece: carry it to the next.
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn scan(file: &Path) -> Result<PolarsResult<LazyFrame>, LoadError> {
    let extension = extension(file);
    let format = match extension.as_str() {
        "csv" | "txt" => Format::Csv,
        "parquet" | "pq" => Format::Parquet,
        "ndjson" | "jsonl" | "json" => Format::NdJson,
        _ => {
            return Err(LoadError::Format {
                file: file.to_owned(),
                extension,
            });
        }
    };
    let path = match PlRefPath::try_from_path(file) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    Ok(match format {
        // Every CSV column is read as text and parsed here, so a bad cell is reported
        // with its row instead of polars' schema-inference message.
        // Text that is not UTF-8 is read with replacement characters (and a warning)
        // rather than refused: exports from other systems are often Latin-1.
        Format::Csv => LazyCsvReader::new(path)
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_encoding(CsvEncoding::LossyUtf8)
            .finish(),
        Format::Parquet => LazyFrame::scan_parquet(path, ScanArgsParquet::default()),
        Format::NdJson => LazyJsonLineReader::new(path).finish(),
    })
}

fn wanted_columns(spec: &ColumnSpec) -> Vec<(String, &'static str)> {
    let mut wanted = vec![(spec.score.clone(), "score"), (spec.label.clone(), "label")];
    let optional = [
        (&spec.weight, "weight"),
        (&spec.count, "count"),
        (&spec.id, "id"),
        (&spec.timestamp, "timestamp"),
    ];
    for (column, role) in optional {
        if let Some(c) = column {
            wanted.push((c.clone(), role));
        }
    }
    wanted.extend(spec.show.iter().map(|c| (c.clone(), "show")));
    wanted.extend(spec.segments.iter().map(|c| (c.clone(), "segment")));
    wanted.extend(spec.costs.iter().map(|c| (c.clone(), "cost")));
    wanted
}
