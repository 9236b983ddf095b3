//! Turning polars columns into checked plain values: finite numbers and segment
//! codes here, labels in `labels`, timestamps in `timestamps`. The same rules hold
//! for every format: text is read with the file's decimal mark, the usual missing
//! markers are missing, float32 and float16 values are read as they print. Every
//! problem becomes a [`LoadError`] that names the file, the column and the first
//! bad row (or line).

use std::path::Path;

use foldhash::HashMap;
use polars::prelude::*;
use rayon::prelude::*;

use super::dialect::{DecimalMark, parse_number};
use super::precision::ScorePrecision;
use super::read::Source;
use super::{LoadError, Place, Segment};

pub use super::cells::MISSING_MARKERS;
pub(super) use super::cells::is_missing;

/// Checks the columns of one table read from one source.
pub(super) struct Checker<'a> {
    pub(super) source: &'a Source,
    pub(super) frame: &'a DataFrame,
}

impl Checker<'_> {
    pub(super) fn file(&self) -> &Path {
        &self.source.file
    }

    /// Where the 0-based row `index` is, for messages.
    pub(super) fn place(&self, index: usize) -> Place {
        self.source.place(index)
    }

    pub(super) fn series(&self, column: &str) -> &Series {
        // The column was checked against the schema before the select.
        self.frame
            .column(column)
            .map(Column::as_materialized_series)
            .unwrap_or_else(|_| unreachable!("column `{column}` was selected"))
    }

    pub(super) fn invalid(
        &self,
        column: &str,
        count: usize,
        what: &'static str,
        first: Place,
        advice: &'static str,
    ) -> LoadError {
        LoadError::Invalid {
            file: self.file().to_owned(),
            column: column.to_owned(),
            count,
            what,
            first,
            advice,
        }
    }

    /// [`Self::numbers`] for a command without `--drop-invalid` (the monitor counts
    /// every production case, so it leaves none out): the same checks, with advice
    /// that names no flag the command lacks.
    pub(super) fn numbers_kept(
        &self,
        column: &str,
        expected: &'static str,
    ) -> Result<Vec<f64>, LoadError> {
        self.numbers(column, expected, false)
            .map(|(values, _)| values)
            .map_err(|e| match e {
                LoadError::Invalid {
                    file,
                    column,
                    count,
                    what,
                    first,
                    advice,
                } if advice.contains("--drop-invalid") => LoadError::Invalid {
                    file,
                    column,
                    count,
                    what,
                    first,
                    advice: "every production case counts, so none is left out: fix them in the export, or remove those rows knowing the volume and flags will count fewer cases",
                },
                other => other,
            })
    }

    pub(super) fn read_error(&self, e: PolarsError) -> LoadError {
        LoadError::Read {
            file: self.file().to_owned(),
            message: e.to_string(),
        }
    }

    /// Finite numbers from a numeric column (any width, decimals, float32 read as
    /// it prints) or from text such as " 1e-3 " or "0,512" in a decimal-comma file.
    /// Missing, NaN and infinite values are an error, or, with `drop_invalid`, NaN
    /// placeholders whose rows are returned second. Text that is not a number is
    /// always an error.
    pub(super) fn numbers(
        &self,
        column: &str,
        expected: &'static str,
        drop_invalid: bool,
    ) -> Result<(Vec<f64>, Vec<usize>), LoadError> {
        let series = self.series(column);
        let dtype = series.dtype();
        let mut missing: Vec<usize> = Vec::new();
        let values: Vec<f64> = if dtype.is_numeric() || dtype.is_bool() || dtype.is_null() {
            let cast = series
                .cast(&DataType::Float64)
                .map_err(|e| self.read_error(e))?;
            let ca = cast.f64().map_err(|e| self.read_error(e))?;
            let mut values: Vec<f64> = if ca.null_count() == 0 {
                ca.into_no_null_iter().collect()
            } else {
                ca.iter()
                    .enumerate()
                    .map(|(row, v)| {
                        v.unwrap_or_else(|| {
                            missing.push(row);
                            f64::NAN
                        })
                    })
                    .collect()
            };
            let precision = ScorePrecision::of(dtype);
            if precision != ScorePrecision::Float64 {
                values.par_iter_mut().for_each(|v| *v = precision.widen(*v));
            }
            values
        } else if dtype.is_string()
            || matches!(dtype, DataType::Categorical(..) | DataType::Enum(..))
        {
            let text = series
                .cast(&DataType::String)
                .map_err(|e| self.read_error(e))?;
            let text = text.str().map_err(|e| self.read_error(e))?;
            let decimal = self.source.decimal();
            let mut out = Vec::with_capacity(text.len());
            for (row, cell) in text.iter().enumerate() {
                let cell = cell.map(str::trim).unwrap_or("");
                if is_missing(cell) {
                    missing.push(row);
                    out.push(f64::NAN);
                    continue;
                }
                match parse_number(cell, decimal) {
                    Some(v) => out.push(v),
                    None => return Err(self.not_a_number(column, row, cell, expected)),
                }
            }
            out
        } else {
            return Err(LoadError::BadValue {
                file: self.file().to_owned(),
                column: column.to_owned(),
                place: self.place(0),
                value: format!("a column of type {dtype}"),
                expected,
                hint: "",
            });
        };
        if drop_invalid {
            let invalid = values
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_finite())
                .map(|(i, _)| i)
                .collect();
            return Ok((values, invalid));
        }
        if let Some(&first) = missing.first() {
            return Err(self.invalid(
                column,
                missing.len(),
                "missing",
                self.place(first),
                "fill them in, remove those rows, or pass --drop-invalid to leave them out",
            ));
        }
        self.check_finite(column, &values)?;
        Ok((values, Vec::new()))
    }

    fn not_a_number(
        &self,
        column: &str,
        row: usize,
        cell: &str,
        expected: &'static str,
    ) -> LoadError {
        let decimal = self.source.decimal();
        let hint = if decimal == DecimalMark::Point
            && parse_number(cell, DecimalMark::Comma).is_some()
        {
            ": if `,` is the decimal mark, set data.decimal: \",\" (or --decimal ,)"
        } else if decimal != DecimalMark::Point && parse_number(cell, DecimalMark::Point).is_some()
        {
            ": the file was read with `,` as the decimal mark; if it uses `.`, set data.decimal: \".\""
        } else {
            ""
        };
        LoadError::BadValue {
            file: self.file().to_owned(),
            column: column.to_owned(),
            place: self.place(row),
            value: shorten(cell),
            expected,
            hint,
        }
    }

    fn check_finite(&self, column: &str, numbers: &[f64]) -> Result<(), LoadError> {
        let mut bad = numbers.iter().enumerate().filter(|(_, v)| !v.is_finite());
        if let Some((first, _)) = bad.next() {
            let count = 1 + bad.count();
            return Err(self.invalid(
                column,
                count,
                "NaN or infinite",
                self.place(first),
                "replace them with finite numbers, remove those rows, or pass --drop-invalid to leave them out",
            ));
        }
        Ok(())
    }

    /// A column of finite numbers ≥ 0, such as weights or costs: `what` says what a
    /// value should be, `rule` what to do about a negative one.
    pub(super) fn non_negative(
        &self,
        column: &str,
        what: &'static str,
        rule: &'static str,
    ) -> Result<Vec<f64>, LoadError> {
        let (values, _) = self.numbers(column, what, false)?;
        let mut negative = values.iter().enumerate().filter(|(_, w)| **w < 0.0);
        if let Some((first, _)) = negative.next() {
            return Err(self.invalid(
                column,
                1 + negative.count(),
                "negative",
                self.place(first),
                rule,
            ));
        }
        Ok(values)
    }
}

/// Turns a breakdown column (`data.segments`) into codes, a window of rows at a
/// time: each distinct cell as written is looked up in a fast map and what it
/// means (trimmed; missing) is worked out once; dictionary columns map their own
/// codes. A missing value is the segment "(missing)".
pub(super) struct SegmentCoder {
    column: String,
    names: Vec<String>,
    codes: Vec<u32>,
    /// Code of each cell text seen.
    cells: HashMap<String, u32>,
    /// Code of each name.
    by_name: HashMap<String, u32>,
}

const MISSING_SEGMENT: &str = "(missing)";

impl SegmentCoder {
    pub(super) fn new(column: &str, rows: usize) -> SegmentCoder {
        SegmentCoder {
            column: column.to_owned(),
            names: Vec::new(),
            codes: Vec::with_capacity(rows),
            cells: HashMap::default(),
            by_name: HashMap::default(),
        }
    }

    fn code_of_name(&mut self, name: &str) -> u32 {
        if let Some(&code) = self.by_name.get(name) {
            return code;
        }
        self.names.push(name.to_owned());
        let code = (self.names.len() - 1) as u32;
        self.by_name.insert(name.to_owned(), code);
        code
    }

    fn code_of_cell(&mut self, cell: &str) -> u32 {
        if let Some(&code) = self.cells.get(cell) {
            return code;
        }
        let name = if is_missing(cell.trim()) {
            MISSING_SEGMENT
        } else {
            cell
        };
        let code = self.code_of_name(name);
        self.cells.insert(cell.to_owned(), code);
        code
    }

    /// Codes the next rows, `values`.
    pub(super) fn add(&mut self, values: &Series) -> PolarsResult<()> {
        if let Ok(categories) = values.cat32() {
            // Walked as texts, each distinct one looked up once.
            for cell in categories.iter_str() {
                let code = match cell {
                    None => self.code_of_name(MISSING_SEGMENT),
                    Some(cell) => self.code_of_cell(cell),
                };
                self.codes.push(code);
            }
            return Ok(());
        }
        if matches!(
            values.dtype(),
            DataType::Categorical(..) | DataType::Enum(..)
        ) {
            // Dictionary columns (e.g. Parquet dictionaries) already carry integer
            // codes: a name is looked up once per distinct code.
            let physical = values.to_physical_repr().cast(&DataType::UInt32)?;
            let physical = physical.u32()?;
            let text = values.cast(&DataType::String)?;
            let text = text.str()?;
            let mut ours: Vec<Option<u32>> = Vec::new();
            for (row, code) in physical.iter().enumerate() {
                let c = code.map_or(0, |c| c as usize + 1);
                if ours.len() <= c {
                    ours.resize(c + 1, None);
                }
                let ours_code = match ours[c] {
                    Some(code) => code,
                    None => {
                        let code = match text.get(row) {
                            None => self.code_of_name(MISSING_SEGMENT),
                            Some(cell) => self.code_of_cell(cell),
                        };
                        ours[c] = Some(code);
                        code
                    }
                };
                self.codes.push(ours_code);
            }
            return Ok(());
        }
        let text = values.cast(&DataType::String)?;
        let text = text.str()?;
        for cell in text.iter() {
            let code = match cell {
                None => self.code_of_name(MISSING_SEGMENT),
                Some(cell) => self.code_of_cell(cell),
            };
            self.codes.push(code);
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Segment {
        Segment {
            column: self.column,
            names: self.names,
            codes: self.codes,
        }
    }
}

/// Long cell text cut for an error message.
pub(super) fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}
