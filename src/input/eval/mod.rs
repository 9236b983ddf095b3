//! Loading evaluation outputs: the one module that knows polars. It reads CSV (in
//! its detected dialect), Parquet (any column type the file holds, only the named
//! columns decoded) or NDJSON / a JSON array, only the columns asked for, checks
//! every value once — by meaning, the same way for every format — and hands on
//! plain vectors: finite scores, labels as `bool`, optional non-negative weights
//! and UTC timestamps. Rows that do not count (weight 0) are left out, rows sharing
//! an id are reported. Columns only people read (id, `show`) are checked to exist
//! up front but fetched later by [`load_cells`] for the few rows the report shows,
//! so 10 million merchant names never sit in memory. It stops at clean data: no
//! maths, no report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

mod baseline;
pub mod case_costs;
mod cells;
mod check;
mod csv_chunks;
mod dialect;
mod duplicates;
mod error;
pub mod experiment_summary;
mod guard;
pub mod ids;
mod json;
mod labels;
mod parquet;
mod precision;
pub mod production;
pub mod production_summary;
mod read;
mod timestamps;

pub use baseline::{
    BaselineError, BaselineScores, PAIR_BASELINE_FORM, PAIR_BASELINE_ONLY, PAIR_COLUMNS,
    PAIR_EVALUATION_FORM, PAIR_MATCHED, PAIR_MISSING_BASELINE, PAIR_MISSING_EVALUATION,
    PAIR_REPEATED_BASELINE, PAIR_REPEATED_EVALUATION, PAIR_SCORE, baseline_id_match,
    load_baseline_column, load_baseline_file, load_baseline_pairs,
};
pub use check::MISSING_MARKERS;
use check::{Checker, SegmentCoder};
use csv_chunks::Kind;
pub use dialect::{CsvOptions, separator_name};
pub use error::{LoadError, Place};
pub use precision::ScorePrecision;
use read::{Columns, Source, open_columns, read_columns};
pub use timestamps::{EpochUnit, TimestampStorage, load_timestamp_storage, parse_timestamp};

/// Which columns to read and what the positive label is.
#[derive(Debug, Clone, Default)]
pub struct ColumnSpec {
    /// The score column.
    pub score: String,
    /// The label column.
    pub label: String,
    /// Label value meaning positive, as the user wrote it; `None` accepts 1 / true.
    pub positive: Option<String>,
    /// Case weights (`data.weight`).
    pub weight: Option<String>,
    /// Frequency counts: each row stands for that many identical cases.
    pub count: Option<String>,
    /// Case ids (`data.id`): repeats are reported.
    pub id: Option<String>,
    /// Timestamps (`data.timestamp`).
    pub timestamp: Option<String>,
    /// Columns shown beside examples (`data.show`), only checked to exist.
    pub show: Vec<String>,
    /// Breakdown columns (`data.segments`).
    pub segments: Vec<String>,
    /// The cluster column (`data.cluster`), read like a segment column.
    pub cluster: Option<String>,
    /// Columns holding each row's cost of an outcome (`business.costs.*.column`).
    pub costs: Vec<String>,
    /// Leave out rows whose score or label is missing, NaN or infinite, and rows
    /// whose repeated id carries different labels (counted and reported), instead
    /// of stopping.
    pub drop_invalid: bool,
    /// The unit of Unix times in the timestamp column; `None` infers it.
    pub timestamp_unit: Option<EpochUnit>,
    /// A CSV's separator and decimal mark; detected when `None`.
    pub csv: CsvOptions,
}

/// Rows sharing an id (`data.id`), all with the same label: kept, and reported.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateIds {
    /// The id column.
    pub column: String,
    /// Rows that repeat an id seen on an earlier row.
    pub extra_rows: usize,
    /// Distinct ids that occur more than once.
    pub ids: usize,
    /// Up to three such ids, the most repeated first, then in the id's order.
    pub first: Vec<String>,
    /// Each repeated id's rows (0-based file rows, ascending), groups ordered by
    /// their first row: the example tables show each case once. Empty when an
    /// engine's `repeated_ids` result told of the repeats (it names no rows).
    pub groups: Vec<Vec<usize>>,
}

/// Checked evaluation data, one entry per counted row in file order.
#[derive(Debug)]
pub struct EvalData {
    /// The file read.
    pub file: PathBuf,
    /// Finite scores; higher means more likely positive. float32 and float16
    /// scores are the shortest decimals that round to the stored values.
    pub scores: Vec<f64>,
    /// `true` for a positive case.
    pub positive: Vec<bool>,
    /// Finite, positive case weights, when a weight column is named (rows of
    /// weight 0 are left out).
    pub weights: Option<Vec<f64>>,
    /// Finite, non-negative counts of identical cases, when a count column is named.
    pub counts: Option<Vec<f64>>,
    /// Milliseconds since the Unix epoch (UTC), when a timestamp column is named.
    pub timestamps: Option<Vec<i64>>,
    /// The label values as written in the file.
    pub labels: LabelValues,
    /// A CSV that was not valid UTF-8 and was read with replacement characters.
    pub lossy_text: bool,
    /// The file row of each loaded row when rows were left out (`None`: all kept).
    pub file_rows: Option<Vec<usize>>,
    /// Cases left out by `--drop-invalid` for a missing, NaN or infinite score or
    /// label: rows, or with `data.count` the cases those rows stand for.
    pub dropped_rows: usize,
    /// Rows left out by `--drop-invalid` because their id (`data.id`) is repeated
    /// with different labels.
    pub conflicting_id_rows: usize,
    /// Rows left out because their weight is 0: they count for nothing.
    pub zero_weight_rows: usize,
    /// Ids found on more than one row, when `data.id` is named.
    pub duplicate_ids: Option<DuplicateIds>,
    /// The precision the scores were stored in: compare thresholds through
    /// [`ScorePrecision::threshold`].
    pub score_precision: ScorePrecision,
    /// The breakdown columns (`data.segments`), as codes per row.
    pub segments: Vec<Segment>,
    /// The cluster column (`data.cluster`), as codes per row; a missing value is
    /// one cluster, "(missing)".
    pub cluster: Option<Segment>,
    /// Each cost column named in the context with its finite, non-negative values.
    pub costs: Vec<(String, Vec<f64>)>,
}

pub use crate::stats::segments::Segment;

/// The two label values found in the file, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelValues {
    /// The positive label, as first written.
    pub positive: String,
    /// The negative label, as first written.
    pub negative: String,
}

/// Reads `file` and checks the columns in `spec`.
pub fn load_eval(file: &Path, spec: &ColumnSpec) -> Result<EvalData, LoadError> {
    if let Err(problem) = crate::input::file_kind::check_regular_file(file) {
        return Err(LoadError::Read {
            file: file.to_owned(),
            message: format!("{problem}: check data.path (it is relative to the YAML file)"),
        });
    }
    let wanted = wanted_columns(spec);
    // Only the columns the maths needs are read in full (and the id, to find
    // repeats); the rest are only checked to exist.
    // What each needed column holds, so a CSV can be read compactly.
    let mut needed: Vec<(&str, Kind)> = vec![
        (spec.score.as_str(), Kind::Number),
        (spec.label.as_str(), Kind::Category),
    ];
    for (column, kind) in [
        (&spec.weight, Kind::Number),
        (&spec.count, Kind::Number),
        (&spec.timestamp, Kind::Timestamp),
        (&spec.id, Kind::Id),
    ] {
        needed.extend(column.as_deref().map(|c| (c, kind)));
    }
    needed.extend(spec.segments.iter().map(|c| (c.as_str(), Kind::Category)));
    needed.extend(spec.cluster.iter().map(|c| (c.as_str(), Kind::Category)));
    needed.extend(spec.costs.iter().map(|c| (c.as_str(), Kind::Number)));
    crate::trace("load start");
    let mut columns = open_columns(file, &spec.csv, &wanted, &needed)?;
    if columns.height()? == 0 {
        return Err(LoadError::Empty {
            file: file.to_owned(),
        });
    }
    crate::trace("opened");
    // Each column is taken, turned into plain values and freed before the next.
    let ((scores, bad_scores), score_precision) = with_column(&mut columns, &spec.score, |c| {
        let numbers = c.numbers(&spec.score, "a number (a model score)", spec.drop_invalid)?;
        Ok((numbers, ScorePrecision::of(c.series(&spec.score).dtype())))
    })?;
    crate::trace("scores");
    let (positive, labels, missing_labels) = with_column(&mut columns, &spec.label, |c| {
        c.labels(&spec.label, spec.positive.as_deref())
    })?;
    if let (false, Some(&first)) = (spec.drop_invalid, missing_labels.first()) {
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            column: spec.label.clone(),
            count: missing_labels.len(),
            what: "missing",
            first: columns.source.place(first),
            advice: "every row needs a label: fill them in, remove those rows, or pass --drop-invalid to leave them out",
        });
    }
    let weights = match &spec.weight {
        None => None,
        Some(w) => Some(with_column(&mut columns, w, |c| {
            c.non_negative(w, "a number (a case weight)", "weights must be 0 or more")
        })?),
    };
    let counts = match &spec.count {
        None => None,
        Some(n) => Some(with_column(&mut columns, n, |c| {
            c.non_negative(n, "a number (a count of cases)", "counts must be 0 or more")
        })?),
    };
    let mut costs = Vec::with_capacity(spec.costs.len());
    for column in &spec.costs {
        let values = with_column(&mut columns, column, |c| {
            c.non_negative(
                column,
                "a number (money: a cost)",
                "costs must be 0 or more",
            )
        })?;
        costs.push((column.clone(), values));
    }
    crate::trace("labels/weights/costs");
    let timestamps = match &spec.timestamp {
        None => None,
        Some(t) => Some(with_column(&mut columns, t, |c| {
            c.timestamps(t, spec.timestamp_unit)
        })?),
    };
    crate::trace("timestamps");
    let mut segments = Vec::with_capacity(spec.segments.len());
    for column in spec.segments.iter().chain(&spec.cluster) {
        let mut coder = SegmentCoder::new(column, scores.len());
        let read_error = |e: PolarsError| LoadError::Read {
            file: file.to_owned(),
            message: e.to_string(),
        };
        columns.windows(column, &mut |_, values| {
            coder.add(values).map_err(read_error)
        })?;
        segments.push(coder.finish());
    }
    let cluster = spec.cluster.as_ref().and_then(|_| segments.pop());
    crate::trace("segments");
    let lossy_text = matches!(columns.source.format, read::Format::Csv(_))
        && !columns
            .utf8
            .map_or_else(|| is_utf8(file), Ok)
            .map_err(|e| LoadError::Read {
                file: file.to_owned(),
                message: e.to_string(),
            })?;

    // Which rows count: not the invalid ones (with --drop-invalid), not those of
    // weight 0.
    crate::trace("utf8");
    let rows = scores.len();
    let mut keep = vec![true; rows];
    let mut dropped: Vec<usize> = bad_scores.into_iter().chain(missing_labels).collect();
    dropped.sort_unstable();
    dropped.dedup();
    dropped.iter().for_each(|&r| keep[r] = false);
    let mut zero_weight_rows = 0;
    // A row of weight 0 or of count 0 counts for nothing.
    for w in weights.iter().chain(&counts) {
        for (k, &w) in keep.iter_mut().zip(w) {
            if *k && w == 0.0 {
                *k = false;
                zero_weight_rows += 1;
            }
        }
    }
    let mut conflicting_id_rows = 0;
    let duplicate_ids = match &spec.id {
        None => None,
        Some(id) => {
            let conflicting = duplicates::repeated_ids(
                &mut columns,
                id,
                &keep,
                &positive,
                &labels,
                spec.drop_invalid,
            )?;
            for &row in &conflicting.1 {
                keep[row] = false;
            }
            conflicting_id_rows = conflicting.1.len();
            conflicting.0
        }
    };
    crate::trace("ids");
    drop(columns);
    // Cases, not rows: a counted row left out is all the cases it stands for.
    let dropped_rows = match &counts {
        None => dropped.len(),
        Some(c) => dropped
            .iter()
            .map(|&r| c[r])
            .filter(|n| n.is_finite())
            .sum::<f64>()
            .round() as usize,
    };
    let mut data = EvalData {
        file: file.to_owned(),
        scores,
        positive,
        weights,
        counts,
        timestamps,
        labels,
        lossy_text,
        file_rows: None,
        dropped_rows,
        conflicting_id_rows,
        zero_weight_rows,
        duplicate_ids,
        score_precision,
        segments,
        cluster,
        costs,
    };
    if keep.iter().all(|&k| k) {
        return Ok(data);
    }
    data.scores = keep_rows(data.scores, &keep);
    data.positive = keep_rows(data.positive, &keep);
    data.weights = data.weights.map(|w| keep_rows(w, &keep));
    data.counts = data.counts.map(|c| keep_rows(c, &keep));
    data.timestamps = data.timestamps.map(|t| keep_rows(t, &keep));
    for segment in data.segments.iter_mut().chain(&mut data.cluster) {
        segment.codes = keep_rows(std::mem::take(&mut segment.codes), &keep);
        only_counted_values(segment);
    }
    for (_, values) in &mut data.costs {
        *values = keep_rows(std::mem::take(values), &keep);
    }
    data.file_rows = Some((0..keep.len()).filter(|&r| keep[r]).collect());
    if !(data.positive.contains(&true) && data.positive.contains(&false)) {
        let missing_class = if data.positive.contains(&true) {
            "negative"
        } else {
            "positive"
        };
        let left_out = data.dropped_rows + data.conflicting_id_rows;
        let (present, advice) = if left_out == 0 {
            (
                format!("{missing_class} cases of weight 0 and cases of the other class"),
                format!(": give some {missing_class} cases a weight above 0"),
            )
        } else {
            (
                format!("one class left after leaving out {left_out} invalid rows"),
                ": fix the invalid scores and labels instead of dropping them".to_owned(),
            )
        };
        return Err(LoadError::OneClass {
            file: file.to_owned(),
            column: spec.label.clone(),
            present,
            advice,
        });
    }
    Ok(data)
}

/// Takes `column` from `columns` and hands it to `check` in a [`Checker`]; the
/// column's table is freed when `check` returns.
fn with_column<T>(
    columns: &mut Columns,
    column: &str,
    check: impl FnOnce(&Checker) -> Result<T, LoadError>,
) -> Result<T, LoadError> {
    let frame = columns.take(column)?;
    check(&Checker {
        source: &columns.source,
        frame: &frame,
    })
}

/// Drops the segment values no counted row holds (they were only on rows left
/// out), keeping the others in order of first appearance.
fn only_counted_values(segment: &mut Segment) {
    let mut new_codes: Vec<Option<u32>> = vec![None; segment.names.len()];
    let mut names: Vec<String> = Vec::new();
    for code in &mut segment.codes {
        let new = new_codes[*code as usize].get_or_insert_with(|| {
            names.push(std::mem::take(&mut segment.names[*code as usize]));
            (names.len() - 1) as u32
        });
        *code = *new;
    }
    segment.names = names;
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
    /// One case per row, labelled 1 and 0, of `file`: for tests that build the
    /// evaluation in memory. Everything else (ids, weights, timestamps, segments,
    /// costs) is absent until set.
    #[cfg(test)]
    pub(crate) fn of_cases(file: &str, scores: Vec<f64>, positive: Vec<bool>) -> EvalData {
        EvalData {
            file: std::path::PathBuf::from(file),
            scores,
            positive,
            weights: None,
            counts: None,
            zero_weight_rows: 0,
            duplicate_ids: None,
            score_precision: Default::default(),
            timestamps: None,
            labels: LabelValues {
                positive: "1".into(),
                negative: "0".into(),
            },
            lossy_text: false,
            file_rows: None,
            dropped_rows: 0,
            conflicting_id_rows: 0,
            segments: Vec::new(),
            cluster: None,
            costs: Vec::new(),
        }
    }

    /// Loaded rows (ascending) whose id an earlier loaded row already holds: the
    /// example tables pass over them, so each case is listed once.
    pub fn repeated_id_rows(&self) -> Vec<usize> {
        let Some(repeats) = &self.duplicate_ids else {
            return Vec::new();
        };
        let mut rows: Vec<usize> = repeats
            .groups
            .iter()
            .flat_map(|rows| rows.iter().skip(1))
            .filter_map(|&row| self.loaded_row(row))
            .collect();
        rows.sort_unstable();
        rows
    }

    /// How many rows hold the id of loaded row `index` when it is the first row of
    /// its id (1 when its id does not repeat, or the data has no id column).
    pub fn rows_with_id_of(&self, index: usize) -> usize {
        let row = self.file_row(index);
        self.duplicate_ids
            .as_ref()
            .and_then(|d| {
                let at = d.groups.binary_search_by_key(&row, |rows| rows[0]).ok()?;
                Some(d.groups[at].len())
            })
            .unwrap_or(1)
    }

    /// The loaded row of 0-based file row `row`, `None` when it was left out.
    fn loaded_row(&self, row: usize) -> Option<usize> {
        match &self.file_rows {
            None => (row < self.scores.len()).then_some(row),
            Some(rows) => rows.binary_search(&row).ok(),
        }
    }

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
/// read, the CSV read with `csv` as in [`load_eval`]), keyed by row. Missing values
/// are empty strings.
pub fn load_cells(
    file: &Path,
    csv: &CsvOptions,
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
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut distinct = columns.to_vec();
    distinct.sort();
    distinct.dedup();
    let table = Source::open(file, csv)?.read_rows(&distinct, &sorted, ROW)?;
    let index = table
        .column(ROW)
        .and_then(|c| c.cast(&IDX_DTYPE))
        .map_err(read_error)?;
    let index = index.idx().map_err(read_error)?;
    let texts: Vec<Series> = columns
        .iter()
        .map(|c| {
            table
                .column(c)
                .and_then(|values| values.cast(&DataType::String))
                .map(|values| values.as_materialized_series().clone())
        })
        .collect::<PolarsResult<_>>()
        .map_err(read_error)?;
    let mut cells = BTreeMap::new();
    for (i, row) in index.iter().enumerate() {
        let Some(row) = row else { continue };
        let row_texts = texts
            .iter()
            .map(|values| {
                values
                    .str()
                    .ok()
                    .and_then(|t| t.get(i).map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        cells.insert(row as usize, row_texts);
    }
    Ok(cells)
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
    wanted.extend(spec.cluster.iter().map(|c| (c.clone(), "cluster")));
    wanted.extend(spec.costs.iter().map(|c| (c.clone(), "cost")));
    wanted
}
