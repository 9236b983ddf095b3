//! Reading the named columns of an evaluation file into a polars table, whatever
//! its format: CSV (in its detected dialect, every column as text), Parquet (native
//! types, only the named columns decoded) or JSON (NDJSON or an array of records,
//! every named field as text). What the values mean is decided later, in one place
//! for all formats (`check`, `labels`, `timestamps`).

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::dialect::{self, CsvOptions, Dialect};
use super::json::{self, Layout};
use super::parquet::ParquetFile;
use super::{LoadError, Place};

/// An evaluation file, opened: its format and what is needed to read it.
pub(crate) struct Source {
    pub(super) file: PathBuf,
    pub(super) format: Format,
}

pub(crate) enum Format {
    Csv(Dialect),
    Parquet(ParquetFile),
    Json(Layout),
}

fn read_error(file: &Path, message: impl ToString) -> LoadError {
    LoadError::Read {
        file: file.to_owned(),
        message: message.to_string(),
    }
}

/// The file's extension, lower case.
fn extension(file: &Path) -> String {
    file.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

const CSV: [&str; 3] = ["csv", "tsv", "txt"];
const PARQUET: [&str; 2] = ["parquet", "pq"];
const JSON: [&str; 3] = ["ndjson", "jsonl", "json"];

/// An error unless the file's extension names a format that can be read.
pub(super) fn check_extension(file: &Path) -> Result<(), LoadError> {
    let extension = extension(file);
    if [&CSV[..], &PARQUET, &JSON]
        .iter()
        .any(|k| k.contains(&extension.as_str()))
    {
        Ok(())
    } else {
        Err(LoadError::Format {
            file: file.to_owned(),
            extension,
        })
    }
}

impl Source {
    /// Opens `file` by its extension, detecting a CSV's dialect from its first lines.
    pub(super) fn open(file: &Path, csv: &CsvOptions) -> Result<Source, LoadError> {
        check_extension(file)?;
        let extension = extension(file);
        let format = if CSV.contains(&extension.as_str()) {
            Format::Csv(csv_dialect(file, csv)?)
        } else if PARQUET.contains(&extension.as_str()) {
            Format::Parquet(ParquetFile::open(file)?)
        } else {
            Format::Json(json::sniff_layout(file).map_err(|e| read_error(file, e))?)
        };
        Ok(Source {
            file: file.to_owned(),
            format,
        })
    }

    /// Whether values are text to be parsed with a decimal mark (CSV).
    pub(super) fn decimal(&self) -> dialect::DecimalMark {
        match &self.format {
            Format::Csv(d) => d.decimal,
            _ => dialect::DecimalMark::Point,
        }
    }

    /// Where the 0-based record `index` is in the file, for messages.
    pub(super) fn place(&self, index: usize) -> Place {
        match &self.format {
            Format::Json(layout) => json::place_of(&self.file, *layout, index),
            _ => Place::Row(index + 1),
        }
    }

    fn csv_frame(&self, dialect: &Dialect) -> PolarsResult<LazyFrame> {
        let path = PlRefPath::try_from_path(&self.file)?;
        // Every column is read as text and parsed here, so a bad cell is reported
        // with its row, and `NA` or `0,5` mean what they mean in every format.
        // Text that is not UTF-8 is read with replacement characters (and a
        // warning) rather than refused: exports from other systems are often
        // Latin-1.
        LazyCsvReader::new(path)
            .with_has_header(true)
            .with_separator(dialect.separator)
            .with_skip_lines(dialect.skip_lines)
            .with_infer_schema_length(Some(0))
            .with_encoding(CsvEncoding::LossyUtf8)
            .finish()
    }

    /// The file's column names, when they can be known without reading the rows
    /// (CSV and Parquet).
    pub(super) fn names(&self) -> Result<Option<Vec<String>>, LoadError> {
        match &self.format {
            Format::Csv(dialect) => {
                let schema = self
                    .csv_frame(dialect)
                    .and_then(|mut f| f.collect_schema())
                    .map_err(|e| read_error(&self.file, e))?;
                Ok(Some(schema.iter_names().map(|n| n.to_string()).collect()))
            }
            Format::Parquet(parquet) => Ok(Some(parquet.names())),
            Format::Json(_) => Ok(None),
        }
    }

    /// The top-level keys of a JSON file, for a message about a missing one.
    pub(super) fn json_keys(&self) -> Vec<String> {
        match &self.format {
            Format::Json(layout) => json::keys(&self.file, *layout).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Checks the type of a named Parquet column (other formats hold text).
    pub(super) fn check_type(&self, column: &str, role: &'static str) -> Result<(), LoadError> {
        match &self.format {
            Format::Parquet(parquet) => parquet.check(column, role),
            _ => Ok(()),
        }
    }

    /// Every row of the named `columns` (which exist and passed
    /// [`Self::check_type`]).
    pub(super) fn read(&self, columns: &[&str]) -> Result<DataFrame, LoadError> {
        match &self.format {
            Format::Csv(dialect) => self
                .csv_frame(dialect)
                .and_then(|f| {
                    f.select(columns.iter().map(|c| col(*c)).collect::<Vec<_>>())
                        .collect()
                })
                .map_err(|e| read_error(&self.file, e)),
            Format::Parquet(parquet) => parquet.read(columns),
            Format::Json(layout) => json::read_json(&self.file, *layout, columns),
        }
    }

    /// The named `columns` as display text at the 0-based `rows` (ascending), with
    /// the row number in a first column named `row_column`.
    pub(super) fn read_rows(
        &self,
        columns: &[String],
        rows: &[usize],
        row_column: &str,
    ) -> Result<DataFrame, LoadError> {
        let frame = match &self.format {
            Format::Parquet(parquet) => parquet.read_rows(columns, rows, row_column)?,
            Format::Csv(dialect) => {
                let wanted = row_filter(row_column, rows);
                let mut selection: Vec<Expr> = vec![col(row_column)];
                selection.extend(columns.iter().map(|c| col(c.as_str())));
                self.csv_frame(dialect)
                    .and_then(|f| {
                        f.with_row_index(row_column, None)
                            .filter(wanted)
                            .select(selection)
                            .collect()
                    })
                    .map_err(|e| read_error(&self.file, e))?
            }
            Format::Json(layout) => {
                let names: Vec<&str> = columns.iter().map(String::as_str).collect();
                let wanted = row_filter(row_column, rows);
                json::read_json(&self.file, *layout, &names)?
                    .lazy()
                    .with_row_index(row_column, None)
                    .filter(wanted)
                    .collect()
                    .map_err(|e| read_error(&self.file, e))?
            }
        };
        Ok(frame)
    }
}

/// `row_column` is one of `rows`. (A hash lookup per row: an OR of one equality
/// per wanted row made the query planner quadratic, 36 s for 500 rows.)
fn row_filter(row_column: &str, rows: &[usize]) -> Expr {
    let indices: Vec<IdxSize> = rows.iter().map(|&r| r as IdxSize).collect();
    col(row_column).is_in(
        lit(Series::new(row_column.into(), indices)).implode(false),
        false,
    )
}

/// The dialect of the CSV `file`, from its first 64 KiB.
fn csv_dialect(file: &Path, options: &CsvOptions) -> Result<Dialect, LoadError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1 << 16);
    std::fs::File::open(file)
        .and_then(|f| f.take(1 << 16).read_to_end(&mut head))
        .map_err(|e| read_error(file, e))?;
    let text = String::from_utf8_lossy(&head);
    dialect::detect_dialect(&text, options).map_err(|e| LoadError::Separator {
        file: file.to_owned(),
        header: e.header,
        candidates: e.candidates.join("` or `"),
    })
}
