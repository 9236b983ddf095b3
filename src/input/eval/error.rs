//! What can go wrong reading evaluation data, and where in the file: each error
//! names the file and the column, row, line or key, and says what to do.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// Where in a file a value is: a data row (CSV, Parquet; the header is not
/// counted), a line (NDJSON) or a record of a JSON array; each counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A data row of a CSV or Parquet file (the header is not counted).
    Row(usize),
    /// A line of an NDJSON file (or of a JSON array, for a syntax error).
    Line(usize),
    /// A record of a JSON array.
    Record(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Row(n) => write!(f, "row {n}"),
            Place::Line(n) => write!(f, "line {n}"),
            Place::Record(n) => write!(f, "record {n}"),
        }
    }
}

/// A problem with the evaluation data, naming the file and the column or row.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file cannot be opened or decoded; `message` is the reader's.
    #[error("{file}: cannot read the file: {message}")]
    Read {
        /// The file.
        file: PathBuf,
        /// What went wrong, in the reader's or the parser's words.
        message: String,
    },
    #[error(
        "{file}: unknown file type `{extension}`: use a .csv (or .tsv), .parquet, .ndjson/.jsonl or .json file"
    )]
    /// The extension names no format that can be read.
    Format {
        /// The file.
        file: PathBuf,
        /// The extension, lower case.
        extension: String,
    },
    #[error(
        "{file}: no column `{column}` (named as the {role} column){hint}; available columns: {available}"
    )]
    /// A column the context names is not in the file; `hint` suggests a near
    /// name (": did you mean …?") or is empty.
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// What the context names it as (score, label, …).
        role: &'static str,
        /// What to do, starting with ": ", or empty.
        hint: String,
        /// The file's columns, comma-separated.
        available: String,
    },
    /// A value that is not what its column holds (`expected`, in words).
    #[error("{file}: column `{column}`, {place}: `{value}` is not {expected}{hint}")]
    BadValue {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// Where in the file.
        place: Place,
        /// The value as written (shortened).
        value: String,
        /// What the column holds, in words.
        expected: &'static str,
        /// What to do, starting with ": ", or empty.
        hint: &'static str,
    },
    #[error(
        "{file}: column `{column}` has {count} {what} value(s), the first in {first}: {advice}"
    )]
    /// `count` missing, non-finite or negative values (`what`) in a column.
    Invalid {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// How many such values.
        count: usize,
        /// What is wrong with them (missing, negative, …).
        what: &'static str,
        /// The first of them.
        first: Place,
        /// What to do.
        advice: &'static str,
    },
    #[error(
        "{file}: column `{column}`, {place}: label `{value}` is {known}: a label column must hold exactly two values (set data.positive / --positive to the positive one)"
    )]
    /// A label column holding a third value.
    ThirdLabel {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// Where in the file.
        place: Place,
        /// The value as written (shortened).
        value: String,
        /// The two labels seen so far, in words.
        known: String,
    },
    #[error(
        "{file}: column `{column}` has only {present}: the evaluation needs both positive and negative cases{advice}"
    )]
    /// Only one class is present (or left after dropping rows); `present` says
    /// what was found, `advice` what to do.
    OneClass {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// What the column holds, in words.
        present: String,
        /// What to do.
        advice: String,
    },
    #[error(
        "{file}: the file has no data rows: export the evaluation with at least one positive and one negative case"
    )]
    /// No data rows.
    Empty {
        /// The file.
        file: PathBuf,
    },
    #[error(
        "{file}: the column name `{column}` appears more than once in the header: rename one of them so each column has its own name"
    )]
    /// A CSV header names one column twice.
    DuplicateColumn {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
    },
    #[error(
        "{file}: column `{column}` (named as the {role} column) holds {dtype}, not one number, text, true/false or time per row: export it as one of those"
    )]
    /// A named Parquet column whose type holds no single value per row.
    UnsupportedType {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// What the context names it as (score, label, …).
        role: &'static str,
        /// The type in words.
        dtype: String,
    },
    #[error(
        "{file}: cannot tell which character separates the columns: the header `{header}` splits as well at `{candidates}`: set data.separator (or --separator) to the right one"
    )]
    /// The CSV header splits equally well at two separators (`candidates`, joined
    /// by "` or `").
    Separator {
        /// The file.
        file: PathBuf,
        /// The header line as read.
        header: String,
        /// The separators that split it alike, joined by "` or `".
        candidates: String,
    },
    /// A JSON file that is not one object per line (or one array of objects).
    #[error("{file}: {place}: {message}")]
    Json {
        /// The file.
        file: PathBuf,
        /// Where in the file.
        place: Place,
        /// What went wrong, in the reader's or the parser's words.
        message: String,
    },
    #[error(
        "{file}: column `{column}` holds numbers from {low} to {high}, which are Unix times between 1990 and 2100 in none of seconds, milliseconds, microseconds or nanoseconds: if they are Unix times, set data.timestamp_unit to s, ms, us or ns; otherwise write the times as text such as 2026-11-20 14:03:00"
    )]
    /// Unix times whose unit puts them between 1990 and 2100 in no unit.
    TimestampUnit {
        /// The file.
        file: PathBuf,
        /// The column.
        column: String,
        /// The smallest number.
        low: f64,
        /// The largest number.
        high: f64,
    },
    #[error(
        "{file}: column `{column}`: {detail}: one case cannot be both; fix the export (a join that repeated rows?), or pass --drop-invalid to leave such rows out"
    )]
    /// An id on rows with different labels (without `--drop-invalid`).
    ConflictingLabels {
        /// The file.
        file: PathBuf,
        /// The id column.
        column: String,
        /// The first such id, its rows and labels, and how many more ids: "the id
        /// `T3` is on row 4 and row 9 with different labels (`1` and `0`), and 2
        /// more ids like it".
        detail: String,
    },
    #[error(
        "{file}: column `{column}`: {count} id(s) are stored as floating-point numbers too large to keep every digit (the first, row {row}, reads `{value}`): past 9007199254740992 a float64 drops an id's last digits, so verdicts and scores would be attached to other cases; store the ids as text or as 64-bit integers (in pandas, read and write them with dtype=str)"
    )]
    /// An id column stored as floats holding integers past 2⁵³: digits are lost.
    InexactIds {
        /// The file.
        file: PathBuf,
        /// The id column.
        column: String,
        /// The first such row, 1-based.
        row: usize,
        /// Its value as read, in scientific notation.
        value: String,
        /// How many ids are past 2⁵³.
        count: usize,
    },
}
