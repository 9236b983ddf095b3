//! Reading the named columns of an evaluation file into a polars table, whatever
//! its format: CSV (in its detected dialect, every column as text), Parquet (native
//! types, only the named columns decoded) or JSON (NDJSON or an array of records,
//! every named field as text). What the values mean is decided later, in one place
//! for all formats (`check`, `labels`, `timestamps`).

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::csv_chunks::{Compact, Kind, MAX_LINE, for_each_piece, long_line, read_compact};
use super::dialect::{self, CsvOptions, Dialect};
use super::json::{self, Layout};
use super::parquet::ParquetFile;
use super::{LoadError, Place};
use crate::input::suggest::closest;

/// An evaluation file, opened: its format and what is needed to read it.
pub(crate) struct Source {
    pub(super) file: PathBuf,
    pub(super) format: Format,
}

pub(crate) enum Format {
    Csv(Dialect),
    Parquet(ParquetFile),
    Json(Layout),
    /// A table held in memory at the path (see [`crate::input::memory`]): the
    /// Python package's data frames and Arrow streams.
    Frame(DataFrame),
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

/// Whether `file` is read as JSON (NDJSON or an array of records).
pub(super) fn is_json(file: &Path) -> bool {
    JSON.contains(&extension(file).as_str())
}

/// An error unless the file's extension names a format that can be read.
pub(super) fn check_extension(file: &Path) -> Result<(), LoadError> {
    if crate::input::memory::is_held(file) {
        return Ok(());
    }
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
        if let Some(frame) = crate::input::memory::held::<DataFrame>(file) {
            return Ok(Source {
                file: file.to_owned(),
                format: Format::Frame(frame),
            });
        }
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
            Format::Frame(frame) => Ok(Some(
                frame
                    .get_column_names()
                    .iter()
                    .map(|n| n.to_string())
                    .collect(),
            )),
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
            Format::Frame(frame) => frame
                .select(columns.iter().copied())
                .map_err(|e| read_error(&self.file, e)),
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
            Format::Csv(dialect) => match (!text_path_forced())
                .then(|| self.csv_rows(dialect, columns, rows, row_column))
                .transpose()?
                .flatten()
            {
                Some(frame) => frame,
                None => {
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
            },
            Format::Frame(frame) => frame
                .select(columns.iter().map(String::as_str))
                .map(|f| f.lazy())
                .and_then(|f| {
                    f.with_row_index(row_column, None)
                        .filter(row_filter(row_column, rows))
                        .collect()
                })
                .map_err(|e| read_error(&self.file, e))?,
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

impl Source {
    /// [`Source::read_rows`] for a CSV, read a piece at a time so only the wanted
    /// rows are kept; `None` when a piece cannot be read that way.
    fn csv_rows(
        &self,
        dialect: &Dialect,
        columns: &[String],
        rows: &[usize],
        row_column: &str,
    ) -> Result<Option<DataFrame>, LoadError> {
        let kinds: Vec<(&str, Kind)> = columns.iter().map(|c| (c.as_str(), Kind::Text)).collect();
        let mut kept: Vec<DataFrame> = Vec::new();
        let complete = for_each_piece(&self.file, dialect, &kinds, &mut |start, piece| {
            let from = rows.partition_point(|&r| r < start);
            let to = rows.partition_point(|&r| r < start + piece.height());
            if from == to {
                return Ok(());
            }
            let numbers: Vec<IdxSize> = rows[from..to].iter().map(|&r| r as IdxSize).collect();
            let within: Vec<IdxSize> = rows[from..to]
                .iter()
                .map(|&r| (r - start) as IdxSize)
                .collect();
            let mut picked = piece
                .take(&IdxCa::from_vec("".into(), within))
                .map_err(|e| read_error(&self.file, e))?;
            picked
                .insert_column(0, Column::new(row_column.into(), numbers))
                .map_err(|e| read_error(&self.file, e))?;
            kept.push(picked);
            Ok(())
        })?;
        if complete.is_none() {
            return Ok(None);
        }
        let mut kept = kept.into_iter();
        let Some(mut all) = kept.next() else {
            // No wanted row in the file: the text path says what it finds.
            return Ok(None);
        };
        for piece in kept {
            all.vstack_mut_owned(piece)
                .map_err(|e| read_error(&self.file, e))?;
        }
        Ok(Some(all))
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
    // Old Mac OS ends lines with a carriage return alone: polars would read the
    // whole file as one header line.
    if let Some(cr) = memchr::memchr(b'\r', &head)
        && head.get(cr + 1).is_some_and(|&b| b != b'\n')
        && memchr::memchr(b'\n', &head).is_none_or(|lf| lf > cr)
    {
        return Err(read_error(
            file,
            "its lines end in a carriage return alone (old Mac OS line endings): save it with ordinary line endings (\\n or \\r\\n)",
        ));
    }
    check_first_line(file, &head)?;
    let text = String::from_utf8_lossy(&head);
    dialect::detect_dialect(&text, options).map_err(|e| LoadError::Separator {
        file: file.to_owned(),
        header: e.header,
        candidates: e.candidates.join("` or `"),
    })
}

/// Refuses a CSV whose first line (`head` is its start) runs past [`MAX_LINE`]
/// without a line break: a file with no line breaks at all, or not a CSV.
fn check_first_line(file: &Path, head: &[u8]) -> Result<(), LoadError> {
    use std::io::Read;
    if memchr::memchr(b'\n', head).is_some() {
        return Ok(());
    }
    let mut reader = std::fs::File::open(file)
        .map_err(|e| read_error(file, e))?
        .take(MAX_LINE + 1);
    let mut buffer = vec![0u8; 1 << 20];
    let mut seen = 0u64;
    loop {
        let n = reader.read(&mut buffer).map_err(|e| read_error(file, e))?;
        if n == 0 {
            break;
        }
        if memchr::memchr(b'\n', &buffer[..n]).is_some() {
            return Ok(());
        }
        seen += n as u64;
    }
    if seen > MAX_LINE {
        return Err(read_error(file, long_line(1)));
    }
    Ok(())
}

/// Opens `file` and reads the `needed` columns (every row), after checking that
/// all `wanted` columns (name, role) exist and have a type that can be read. A
/// JSON file also reads the other wanted columns, since only reading shows that a
/// field exists. The way in for any loader of a named column (the evaluation, a
/// baseline's scores, …); check the frame with a `Checker` over the same source.
pub(super) fn read_columns(
    file: &Path,
    csv: &CsvOptions,
    wanted: &[(String, &'static str)],
    needed: &[&str],
) -> Result<(Source, DataFrame), LoadError> {
    let source = open_checked(file, csv, wanted)?;
    let frame = read_checked(&source, wanted, needed)?;
    Ok((source, frame))
}

/// [`read_columns`] for a loader that takes the `needed` columns one at a time
/// and is done with each once it has taken it (see [`Columns`]). `needed` says
/// what each column holds, so a CSV can be read compactly ([`read_compact`]).
pub(super) fn open_columns(
    file: &Path,
    csv: &CsvOptions,
    wanted: &[(String, &'static str)],
    needed: &[(&str, Kind)],
) -> Result<Columns, LoadError> {
    let source = open_checked(file, csv, wanted)?;
    let mut kinds: Vec<(&str, Kind)> = Vec::new();
    for &(column, kind) in needed {
        match kinds.iter_mut().find(|(c, _)| *c == column) {
            // A column named for two kinds of value is read as text.
            Some((_, k)) if *k != kind => *k = Kind::Text,
            Some(_) => {}
            None => kinds.push((column, kind)),
        }
    }
    let names: Vec<&str> = needed.iter().map(|(c, _)| *c).collect();
    let (table, utf8) = match &source.format {
        Format::Parquet(_) => (None, None),
        Format::Csv(dialect) => match text_path_forced()
            .then_some(Compact::GaveUp)
            .map_or_else(|| read_compact(file, dialect, &kinds), Ok)?
        {
            Compact::Read { table, utf8 } => (Some(table), Some(utf8)),
            Compact::GaveUp => (Some(read_checked(&source, wanted, &names)?), None),
        },
        Format::Json(_) | Format::Frame(_) => (Some(read_checked(&source, wanted, &names)?), None),
    };
    let mut uses: Vec<(String, usize)> = Vec::new();
    for column in names {
        match uses.iter_mut().find(|(c, _)| c == column) {
            Some((_, n)) => *n += 1,
            None => uses.push((column.to_owned(), 1)),
        }
    }
    let hashed = match utf8 {
        Some(_) => kinds
            .iter()
            .filter(|(_, k)| *k == Kind::Id)
            .map(|(c, _)| (*c).to_owned())
            .collect(),
        None => Vec::new(),
    };
    Ok(Columns {
        source,
        table,
        uses,
        utf8,
        hashed,
    })
}

/// Whether `TRADEOFF_CSV_TEXT` is set: every CSV is then read by the text path
/// alone, so the compact reader's results can be compared with it (a diagnostic;
/// the results must be the same).
fn text_path_forced() -> bool {
    std::env::var_os("TRADEOFF_CSV_TEXT").is_some()
}

/// The checks before any row is read: the file exists, is not empty, has a known
/// extension and holds every `wanted` column in a type that can be read.
fn open_checked(
    file: &Path,
    csv: &CsvOptions,
    wanted: &[(String, &'static str)],
) -> Result<Source, LoadError> {
    if let Err(problem) = crate::input::file_kind::check_regular_file(file) {
        return Err(LoadError::Read {
            file: file.to_owned(),
            message: format!("{problem}: check the path (it is relative to the YAML file)"),
        });
    }
    check_extension(file)?;
    if std::fs::metadata(file).is_ok_and(|m| m.len() == 0) {
        return Err(LoadError::Empty {
            file: file.to_owned(),
        });
    }
    let source = Source::open(file, csv)?;
    if let Some(names) = source.names()? {
        check_names(file, &names, wanted)?;
    }
    for (column, role) in wanted {
        source.check_type(column, role)?;
    }
    Ok(source)
}

/// Every row of the `needed` columns (with a JSON file, of every `wanted` one too,
/// and a wanted field that is null throughout and absent is a missing column).
fn read_checked(
    source: &Source,
    wanted: &[(String, &'static str)],
    needed: &[&str],
) -> Result<DataFrame, LoadError> {
    let json = matches!(source.format, Format::Json(_));
    let mut columns: Vec<&str> = needed.to_vec();
    if json {
        columns.extend(wanted.iter().map(|(c, _)| c.as_str()));
    }
    columns.sort_unstable();
    columns.dedup();
    let frame = source.read(&columns)?;
    if json {
        check_json_fields(source, &frame, wanted)?;
    }
    Ok(frame)
}

/// The needed columns of an opened file, handed out one at a time so that each is
/// freed as soon as it has been checked and turned into plain values: a Parquet
/// file decodes a column only when it is taken (columnar: nothing is wasted), and
/// windows of rows on request; a text file (CSV, JSON) is parsed once and each
/// column leaves the table when its last use has taken it. So the peak memory of
/// a load is about one column's table on top of the plain values, not all of them.
pub(super) struct Columns {
    pub(super) source: Source,
    /// The parsed table of a text file; `None` for Parquet.
    table: Option<DataFrame>,
    /// Each needed column with the number of takes still to come.
    uses: Vec<(String, usize)>,
    /// Whether a CSV read in pieces was valid UTF-8 throughout (`None`: not known).
    pub(super) utf8: Option<bool>,
    /// The columns held as hashes of their text ([`Kind::Id`], CSV read compactly).
    hashed: Vec<String>,
}

impl Columns {
    /// The rows in the file (decoded from the Parquet metadata, or the table's).
    pub(super) fn height(&self) -> Result<usize, LoadError> {
        match (&self.table, &self.source.format) {
            (Some(table), _) => Ok(table.height()),
            (None, Format::Parquet(parquet)) => parquet.rows(),
            (None, _) => Ok(0),
        }
    }

    /// Counts one use of `column`: whether it was the last.
    fn used(&mut self, column: &str) -> bool {
        match self.uses.iter_mut().find(|(c, _)| c == column) {
            Some((_, n)) => {
                *n = n.saturating_sub(1);
                *n == 0
            }
            None => false,
        }
    }

    /// A table holding only `column`, every row. Each needed column is taken (or
    /// walked by [`Self::windows`]) as many times as it was named.
    pub(super) fn take(&mut self, column: &str) -> Result<DataFrame, LoadError> {
        let last = self.used(column);
        match &mut self.table {
            None => self.source.read(&[column]),
            Some(table) => {
                let one = table
                    .select([column])
                    .map_err(|e| read_error(&self.source.file, e))?;
                if last {
                    let _ = table.drop_in_place(column);
                }
                Ok(one)
            }
        }
    }

    /// `column`, to be walked a window at a time (as often as needed): a Parquet
    /// file's rows are decoded a window at a time, so a column of long texts
    /// never sits in memory whole. Counts as one use of the column.
    pub(super) fn walker(&mut self, column: &str) -> Result<Walker<'_>, LoadError> {
        let hashed = self.hashed.iter().any(|c| c == column);
        if self.table.is_some() {
            let table = self.take(column)?;
            let file = self.source.file.as_path();
            return Ok(match (&self.source.format, hashed) {
                // Ids read compactly are hashes: their text is in the file.
                (Format::Csv(dialect), true) => Walker::CsvPieces {
                    file,
                    dialect: *dialect,
                    column: column.to_owned(),
                    hashes: Some(table),
                },
                _ => Walker::Table(table, column.to_owned(), file),
            });
        }
        self.used(column);
        match &self.source.format {
            Format::Parquet(parquet) => Ok(Walker::Parquet(parquet, column.to_owned())),
            // A text file always has its table.
            _ => Ok(Walker::Table(
                DataFrame::empty(),
                column.to_owned(),
                &self.source.file,
            )),
        }
    }

    /// Calls `visit` with each window of `column` in row order and the 0-based row
    /// its first value is on (see [`Self::walker`]).
    pub(super) fn windows(
        &mut self,
        column: &str,
        visit: &mut dyn FnMut(usize, &Series) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        self.walker(column)?.walk(visit)
    }
}

/// One column of a file, walked a window at a time.
pub(super) enum Walker<'a> {
    /// Decoded from the Parquet file a window at a time.
    Parquet(&'a ParquetFile, String),
    /// Already in memory: one window.
    Table(DataFrame, String, &'a Path),
    /// A CSV column read again from the file a piece at a time, as text; its
    /// values' hashes (see [`Kind::Id`]) may be in memory.
    CsvPieces {
        file: &'a Path,
        dialect: Dialect,
        column: String,
        hashes: Option<DataFrame>,
    },
}

impl Walker<'_> {
    /// Calls `visit` with each window in row order and the 0-based row its first
    /// value is on.
    pub(super) fn walk(
        &self,
        visit: &mut dyn FnMut(usize, &Series) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        match self {
            Walker::Parquet(parquet, column) => parquet.windows(column, visit),
            Walker::Table(table, column, file) => {
                let values = table.column(column).map_err(|e| read_error(file, e))?;
                visit(0, values.as_materialized_series())
            }
            Walker::CsvPieces {
                file,
                dialect,
                column,
                ..
            } => {
                let complete = for_each_piece(
                    file,
                    dialect,
                    &[(column.as_str(), Kind::Text)],
                    &mut |start, piece| {
                        let values = piece.column(column).map_err(|e| read_error(file, e))?;
                        visit(start, values.as_materialized_series())
                    },
                )?;
                match complete {
                    Some(_) => Ok(()),
                    None => Err(read_error(
                        file,
                        format!("the column `{column}` could not be read again"),
                    )),
                }
            }
        }
    }

    /// The hashes of the column's values (`None` for a missing one), when they
    /// were made while reading (see [`Kind::Id`]).
    pub(super) fn hashes(&self) -> Option<&UInt64Chunked> {
        match self {
            Walker::CsvPieces {
                hashes: Some(table),
                column,
                ..
            } => table.column(column).ok()?.u64().ok(),
            _ => None,
        }
    }
}

/// The file's own names against the columns the context names: a repeated CSV
/// header (polars renames it `name_duplicated_N`) or a missing column is an error.
fn check_names(
    file: &Path,
    names: &[String],
    wanted: &[(String, &'static str)],
) -> Result<(), LoadError> {
    if let Some(duplicate) = names.iter().find_map(|n| {
        let (base, _) = n.rsplit_once("_duplicated_")?;
        names.iter().any(|m| m == base).then(|| base.to_owned())
    }) {
        return Err(LoadError::DuplicateColumn {
            file: file.to_owned(),
            column: duplicate,
        });
    }
    for (column, role) in wanted {
        if !names.iter().any(|n| n == column) {
            return Err(missing_column(file, column, role, names));
        }
    }
    Ok(())
}

fn missing_column(file: &Path, column: &str, role: &'static str, names: &[String]) -> LoadError {
    // R's row-name column has no name: it is nobody's column.
    let names: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .collect();
    LoadError::MissingColumn {
        file: file.to_owned(),
        column: shortened(column),
        role,
        hint: closest(column, names.iter().copied())
            .map(|n| format!(": did you mean `{}`?", shortened(n)))
            .unwrap_or_default(),
        available: listed(&names),
    }
}

/// The most column names a message lists, and the longest name it shows whole: a
/// file of 100,000 columns gets a message of a few lines, not 800 KB.
const LISTED_NAMES: usize = 30;
const NAME_CHARS: usize = 60;

/// `names` comma-separated, the first [`LISTED_NAMES`] of them, then how many more.
fn listed(names: &[&str]) -> String {
    let mut text: Vec<String> = names
        .iter()
        .take(LISTED_NAMES)
        .map(|n| shortened(n))
        .collect();
    if names.len() > LISTED_NAMES {
        text.push(format!("… and {} more", names.len() - LISTED_NAMES));
    }
    text.join(", ")
}

/// A name cut to [`NAME_CHARS`] characters, with `…` when cut.
fn shortened(name: &str) -> String {
    match name.char_indices().nth(NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    }
}

/// A named JSON field that is null on every record may not exist at all: then it
/// is a missing column, named with the keys the file does have.
fn check_json_fields(
    source: &Source,
    frame: &DataFrame,
    wanted: &[(String, &'static str)],
) -> Result<(), LoadError> {
    let empty: Vec<&(String, &'static str)> = wanted
        .iter()
        .filter(|(c, _)| {
            frame
                .column(c)
                .is_ok_and(|values| values.null_count() == values.len())
        })
        .collect();
    if empty.is_empty() {
        return Ok(());
    }
    let keys = source.json_keys();
    match empty.iter().find(|(c, _)| !keys.contains(c)) {
        Some((column, role)) => Err(missing_column(&source.file, column, role, &keys)),
        None => Ok(()),
    }
}
