//! Parquet files, read without ever converting a column the context does not
//! name: the Arrow schema is taken from the file's metadata, each named column's
//! type is checked here (a list, struct, binary or interval column named as a
//! score gets an error naming its type), and polars' eager reader decodes only the
//! named columns. (polars' lazy scan converts every column's type up front, and
//! panics on types it was built without, such as a DECIMAL money column nobody
//! asked for.)

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::LoadError;

/// Rows decoded at a time when picking a few rows out of a large file.
const WINDOW: usize = 1 << 20;

/// An open Parquet file's schema.
pub(super) struct ParquetFile {
    file: PathBuf,
    schema: Arc<ArrowSchema>,
}

impl ParquetFile {
    pub(super) fn open(file: &Path) -> Result<ParquetFile, LoadError> {
        let schema = guarded(file, || {
            reader(file)?.schema().map_err(|e| read_error(file, &e))
        })?;
        Ok(ParquetFile {
            file: file.to_owned(),
            schema,
        })
    }

    /// Every column's name, in file order.
    pub(super) fn names(&self) -> Vec<String> {
        self.schema.iter().map(|(n, _)| n.to_string()).collect()
    }

    /// Checks that the named `column` holds one readable value per row.
    pub(super) fn check(&self, column: &str, role: &'static str) -> Result<(), LoadError> {
        let Some(field) = self.schema.get(column) else {
            return Ok(());
        };
        if !readable(&field.dtype) {
            return Err(LoadError::UnsupportedType {
                file: self.file.clone(),
                column: column.to_owned(),
                role,
                dtype: describe(&field.dtype),
            });
        }
        Ok(())
    }

    /// The named columns, every row (each must have passed [`Self::check`]).
    pub(super) fn read(&self, columns: &[&str]) -> Result<DataFrame, LoadError> {
        guarded(&self.file, || {
            reader(&self.file)?
                .with_columns(Some(columns.iter().map(|c| (*c).to_owned()).collect()))
                .finish()
                .map_err(|e| read_error(&self.file, &e))
        })
    }

    /// The number of rows, from the file's metadata.
    pub(super) fn rows(&self) -> Result<usize, LoadError> {
        guarded(&self.file, || {
            reader(&self.file)?
                .num_rows()
                .map_err(|e| read_error(&self.file, &e))
        })
    }

    /// Calls `visit` with each window of `column` in order (whole row groups, up to
    /// [`WINDOW`] rows, see [`Self::spans`]) and the 0-based row its
    /// first value is on; the next window is decoded while this one is visited.
    pub(super) fn windows(
        &self,
        column: &str,
        visit: &mut dyn FnMut(usize, &Series) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        let spans = self.spans()?;
        let read = |(start, length): (usize, usize)| -> Result<Series, LoadError> {
            let window = guarded(&self.file, || {
                reader(&self.file)?
                    .with_columns(Some(vec![column.to_owned()]))
                    .with_slice(Some((start, length)))
                    .finish()
                    .map_err(|e| read_error(&self.file, &e))
            })?;
            window
                .column(column)
                .map(|values| values.as_materialized_series().clone())
                .map_err(|e| read_error(&self.file, &e))
        };
        // The next window is decoded while this one is visited (a window is one
        // or a few row groups, which polars decodes on one thread).
        let mut spans = spans.into_iter();
        let mut current = spans
            .next()
            .map(|span| Ok((span, read(span)?)))
            .transpose()?;
        while let Some(((start, _), values)) = current.take() {
            let next = spans.next();
            current = std::thread::scope(|scope| {
                let following =
                    scope.spawn(|| next.map(|span| Ok((span, read(span)?))).transpose());
                visit(start, &values)?;
                following.join().unwrap_or_else(|_| {
                    Err(read_error_text(&self.file, "a reading thread stopped"))
                })
            })?;
        }
        Ok(())
    }

    /// The windows a column is walked in, `(first row, rows)`: [`WINDOW`] rows each
    /// when no row group is larger; otherwise whole row groups, as many as fit in
    /// [`WINDOW`] rows (a larger group is a window of its own). (A window that cut a
    /// row group would decode the whole group for each piece of it: a file written
    /// as one 2.6 M-row group took 7 s instead of 2.)
    fn spans(&self) -> Result<Vec<(usize, usize)>, LoadError> {
        let groups: Vec<usize> = guarded(&self.file, || {
            let mut reader = reader(&self.file)?;
            let metadata = reader
                .get_metadata()
                .map_err(|e| read_error(&self.file, &e))?;
            Ok(metadata.row_groups.iter().map(|g| g.num_rows()).collect())
        })?;
        let total: usize = groups.iter().sum();
        if groups.iter().all(|&rows| rows <= WINDOW) {
            // Fixed windows (a window may take the end of one group and the start
            // of the next): reading exactly whole groups held more memory.
            return Ok((0..total)
                .step_by(WINDOW)
                .map(|start| (start, WINDOW.min(total - start)))
                .collect());
        }
        let mut spans = Vec::new();
        let (mut start, mut length) = (0, 0);
        for rows in groups {
            if length > 0 && length + rows > WINDOW {
                spans.push((start, length));
                start += length;
                length = 0;
            }
            length += rows;
        }
        if length > 0 {
            spans.push((start, length));
        }
        Ok(spans)
    }

    /// The named columns at the 0-based `rows` (ascending), decoding a window of
    /// rows at a time so a large file's text columns never sit in memory whole.
    /// The first column of the result is the row number.
    pub(super) fn read_rows(
        &self,
        columns: &[String],
        rows: &[usize],
        row_column: &str,
    ) -> Result<DataFrame, LoadError> {
        let mut pieces: Vec<DataFrame> = Vec::new();
        let mut rest = rows;
        // Windows of WINDOW rows from a multiple of it: reading exactly a whole row
        // group here held half as much memory again (polars reads a whole group
        // differently), and smaller windows (2^14, 2^16 rows) were slower and held
        // more (polars decodes the whole group for each).
        while let Some(&first) = rest.first() {
            let start = first - first % WINDOW;
            let inside = rest.partition_point(|&r| r < start + WINDOW);
            let window = guarded(&self.file, || {
                reader(&self.file)?
                    .with_columns(Some(columns.to_vec()))
                    .with_slice(Some((start, WINDOW)))
                    .finish()
                    .map_err(|e| read_error(&self.file, &e))
            })?;
            let wanted: Vec<IdxSize> = rest[..inside]
                .iter()
                .filter(|&&r| r - start < window.height())
                .map(|&r| (r - start) as IdxSize)
                .collect();
            let numbers: Vec<IdxSize> = wanted.iter().map(|&r| r + start as IdxSize).collect();
            let mut piece = window
                .take(&IdxCa::from_vec("".into(), wanted))
                .map_err(|e| read_error(&self.file, &e))?;
            piece
                .insert_column(0, Column::new(row_column.into(), numbers))
                .map_err(|e| read_error(&self.file, &e))?;
            pieces.push(piece);
            rest = &rest[inside..];
        }
        let mut pieces = pieces.into_iter();
        let Some(mut all) = pieces.next() else {
            return Ok(DataFrame::empty());
        };
        for piece in pieces {
            all.vstack_mut(&piece)
                .map_err(|e| read_error(&self.file, &e))?;
        }
        Ok(all)
    }
}

/// Runs a polars read of `file`; a panic inside polars (on a damaged file) becomes
/// a read error naming the file.
fn guarded<T>(file: &Path, read: impl FnOnce() -> Result<T, LoadError>) -> Result<T, LoadError> {
    super::guard::guarded(read).unwrap_or_else(|reason| {
        let reason = if reason.is_empty() {
            String::new()
        } else {
            format!(" ({reason})")
        };
        Err(LoadError::Read {
            file: file.to_owned(),
            message: format!("the Parquet file is damaged{reason}: export it again"),
        })
    })
}

fn reader(file: &Path) -> Result<ParquetReader<std::fs::File>, LoadError> {
    std::fs::File::open(file)
        .map(ParquetReader::new)
        .map_err(|e| LoadError::Read {
            file: file.to_owned(),
            message: e.to_string(),
        })
}

fn read_error_text(file: &Path, message: &str) -> LoadError {
    LoadError::Read {
        file: file.to_owned(),
        message: message.to_owned(),
    }
}

fn read_error(file: &Path, error: &PolarsError) -> LoadError {
    LoadError::Read {
        file: file.to_owned(),
        message: error.to_string(),
    }
}

/// Types whose values are single numbers, text, true/false or points in time:
/// the ones a named column may hold (what each role accepts is checked later).
fn readable(dtype: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    match dtype {
        A::Null
        | A::Boolean
        | A::Int8
        | A::Int16
        | A::Int32
        | A::Int64
        | A::Int128
        | A::UInt8
        | A::UInt16
        | A::UInt32
        | A::UInt64
        | A::UInt128
        | A::Float16
        | A::Float32
        | A::Float64
        | A::Utf8
        | A::LargeUtf8
        | A::Utf8View
        | A::Date32
        | A::Date64
        | A::Timestamp(..)
        | A::Time32(_)
        | A::Time64(_)
        | A::Duration(_) => true,
        // polars holds decimals of up to 38 digits.
        A::Decimal(precision, _)
        | A::Decimal32(precision, _)
        | A::Decimal64(precision, _)
        | A::Decimal256(precision, _) => *precision <= 38,
        A::Dictionary(_, values, _) => {
            matches!(values.as_ref(), A::Utf8 | A::LargeUtf8 | A::Utf8View)
                || (readable(values) && !matches!(values.as_ref(), A::Dictionary(..)))
        }
        _ => false,
    }
}

/// A type as a person would name it.
fn describe(dtype: &ArrowDataType) -> String {
    use ArrowDataType as A;
    match dtype {
        A::List(_) | A::LargeList(_) | A::FixedSizeList(..) => "a list".to_owned(),
        A::Struct(_) => "a struct (nested fields)".to_owned(),
        A::Map(..) => "a map".to_owned(),
        A::Binary | A::LargeBinary | A::BinaryView | A::FixedSizeBinary(_) => {
            "binary data".to_owned()
        }
        A::Interval(_) => "an interval".to_owned(),
        A::Union(_) => "a union".to_owned(),
        A::Extension(ext) => format!("the extension type `{}`", ext.name),
        A::Decimal(p, s) | A::Decimal32(p, s) | A::Decimal64(p, s) | A::Decimal256(p, s) => {
            format!("DECIMAL({p}, {s}), wider than the 38 digits that can be read")
        }
        A::Dictionary(_, values, _) => format!("a dictionary of {}", describe(values)),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_types_are_readable_and_nested_ones_are_named() {
        assert!(readable(&ArrowDataType::Decimal(12, 2)));
        assert!(!readable(&ArrowDataType::Decimal256(60, 2)));
        let list = ArrowDataType::LargeList(Box::new(ArrowField::new(
            "item".into(),
            ArrowDataType::Float64,
            true,
        )));
        assert!(!readable(&list));
        assert_eq!(describe(&list), "a list");
        assert_eq!(describe(&ArrowDataType::FixedSizeBinary(16)), "binary data");
    }
}
