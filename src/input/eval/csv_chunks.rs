//! A CSV read in pieces into compact columns. polars' own CSV reader maps the
//! whole file into memory and, told to keep every column as text (so that a bad
//! cell can be named by its row), holds each value as a string: a 10-million-row
//! export took 1.5 GiB for two columns. Here the file is read 16 MiB at a time, cut
//! at the last line break outside quotes (checked strictly, RFC 4180); polars
//! parses each piece with the header in front, and each column is made compact at
//! once by the text path's own rules: numbers parsed in parallel, labels and
//! segments kept as categories, ids as hashes, text timestamps as milliseconds.
//!
//! This is the fast path only. A quote RFC 4180 does not allow, or a piece in
//! which a number is missing, not a number or not finite, or a timestamp is not a
//! date and time, gives up ([`Compact::GaveUp`]): the caller then reads the file
//! as text, which names the bad cell by its row and applies `--drop-invalid` — so
//! every message and every number is the same as on the text path.

use std::io::{Cursor, Read};
use std::path::Path;

use polars::prelude::*;
use rayon::prelude::*;

use super::LoadError;
use super::cells::{is_missing, parse_timestamp};
use super::dialect::{DecimalMark, Dialect, parse_number};
use super::guard::guarded;

/// Bytes read at a time.
const PIECE: usize = 16 << 20;

/// What a named column holds, for the compact read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Finite numbers (scores, weights, counts, costs): parsed by polars.
    Number,
    /// Points in time written as dates and times: parsed here, in parallel.
    Timestamp,
    /// Text with few distinct values (labels, segments): kept as categories.
    Category,
    /// Ids, of which only repeats matter: kept as the xxh3 hash of their trimmed
    /// text (null where missing), 8 bytes a row whatever their length; the text
    /// of repeated hashes is read again from the file.
    Id,
    /// Anything else: kept as text.
    Text,
}

/// The hash an id is compared by: xxh3 of its trimmed text.
pub(super) fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// The outcome of a compact read.
pub(super) enum Compact {
    /// Every piece parsed: the columns, and whether every byte was valid UTF-8.
    Read { table: DataFrame, utf8: bool },
    /// Some value needs the text path (see the module's notes).
    GaveUp,
}

/// Reads `columns` (name, kind) of the CSV `file` in `dialect`.
pub(super) fn read_compact(
    file: &Path,
    dialect: &Dialect,
    columns: &[(&str, Kind)],
) -> Result<Compact, LoadError> {
    let mut pieces: Vec<DataFrame> = Vec::new();
    let utf8 = for_each_piece(file, dialect, columns, &mut |_, piece| {
        pieces.push(piece);
        Ok(())
    })?;
    let Some(utf8) = utf8 else {
        return Ok(Compact::GaveUp);
    };
    let mut pieces = pieces.into_iter();
    let Some(mut table) = pieces.next() else {
        return Ok(Compact::GaveUp);
    };
    for piece in pieces {
        if table.vstack_mut_owned(piece).is_err() {
            return Ok(Compact::GaveUp);
        }
    }
    Ok(Compact::Read { table, utf8 })
}

/// Reads `columns` of the CSV `file` a piece at a time, handing each piece's
/// table to `visit` with the 0-based row of its first record. `Some(utf8)` when
/// every piece was read (whether all bytes were valid UTF-8); `None` when a piece
/// needs the text path.
pub(super) fn for_each_piece(
    file: &Path,
    dialect: &Dialect,
    columns: &[(&str, Kind)],
    visit: &mut dyn FnMut(usize, DataFrame) -> Result<(), LoadError>,
) -> Result<Option<bool>, LoadError> {
    pieces_of(file, dialect, columns, PIECE, visit)
}

/// [`for_each_piece`], reading `size` bytes at a time.
fn pieces_of(
    file: &Path,
    dialect: &Dialect,
    columns: &[(&str, Kind)],
    size: usize,
    visit: &mut dyn FnMut(usize, DataFrame) -> Result<(), LoadError>,
) -> Result<Option<bool>, LoadError> {
    let io_error = |e: std::io::Error| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    let mut reader = std::fs::File::open(file).map_err(io_error)?;
    let mut buffer: Vec<u8> = Vec::with_capacity(size + size.min(1 << 16));
    // The lines before the header and the header itself.
    let header = loop {
        let read = fill(&mut reader, &mut buffer, size).map_err(io_error)?;
        if let Some((start, end)) = header_end(&buffer, dialect.skip_lines) {
            // The lines before the header are left out; the header goes in front
            // of every piece.
            let header = buffer[start..end].to_vec();
            buffer.drain(..end);
            break header;
        }
        if read == 0 {
            // A header without a line break: no rows.
            return Ok(None);
        }
        if buffer.len() as u64 > MAX_LINE {
            return Err(LoadError::Read {
                file: file.to_owned(),
                message: long_line(dialect.skip_lines + 1),
            });
        }
    };
    let mut utf8 = std::str::from_utf8(&header).is_ok();
    let mut rows = 0;
    loop {
        let read = fill(&mut reader, &mut buffer, size).map_err(io_error)?;
        let end = match (record_end(&buffer, dialect.separator, read == 0), read) {
            (Records::Malformed, _) => return Ok(None),
            // The rest of the file, whether or not its last line ends in a break.
            (Records::End(_), 0) => buffer.len(),
            (Records::End(Some(end)), _) => end,
            // One record longer than the buffer: read on, up to a limit (polars'
            // time grows with the square of a line's length).
            (Records::End(None), _) if buffer.len() as u64 > MAX_LINE => {
                return Err(LoadError::Read {
                    file: file.to_owned(),
                    message: long_line(rows + 2),
                });
            }
            (Records::End(None), _) => continue,
        };
        if let Some(line) = longest_line(&buffer[..end]) {
            return Err(LoadError::Read {
                file: file.to_owned(),
                message: long_line(rows + line + dialect.skip_lines + 2),
            });
        }
        if end > 0 {
            let piece = &buffer[..end];
            utf8 &= std::str::from_utf8(piece).is_ok();
            let Some(frame) = parse_piece(&header, piece, dialect, columns) else {
                return Ok(None);
            };
            let height = frame.height();
            visit(rows, frame)?;
            rows += height;
            buffer.drain(..end);
        }
        if read == 0 {
            break;
        }
    }
    Ok(Some(utf8))
}

/// The longest line a CSV may have. polars looks for line ends again and again in
/// a long line, so its time grows with the square of the line's length (16 MiB
/// without a line break took 1.4 s, 64 MiB 13.6 s); a header of 100,000 columns is
/// about 1 MiB, a long text cell far less.
pub(super) const MAX_LINE: u64 = 8 << 20;

/// The message for line `line` longer than [`MAX_LINE`].
pub(super) fn long_line(line: usize) -> String {
    format!(
        "line {line} runs past {} MiB without a line break: a CSV has one header line and one line per row; check that this is a CSV file with line breaks",
        MAX_LINE >> 20
    )
}

/// The 0-based index of the first line of `bytes` longer than `MAX_LINE`, if any
/// (line breaks inside quotes count as line ends: only a cell of megabytes could
/// tell the difference).
fn longest_line(bytes: &[u8]) -> Option<usize> {
    let limit = MAX_LINE as usize;
    if bytes.len() <= limit {
        return None;
    }
    let mut start = 0;
    for (line, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        if end - start > limit {
            return Some(line);
        }
        start = end + 1;
    }
    None
}

/// Tops `buffer` up to `size` bytes from `reader` (reads at least `size / 4`, so a
/// record longer than `size` is read on); the bytes read (0 at the end).
fn fill(reader: &mut impl Read, buffer: &mut Vec<u8>, size: usize) -> std::io::Result<usize> {
    let want = size.saturating_sub(buffer.len()).max(size / 4).max(1);
    let start = buffer.len();
    buffer.resize(start + want, 0);
    let mut filled = 0;
    while filled < want {
        match reader.read(&mut buffer[start + filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buffer.truncate(start + filled);
                return Err(e);
            }
        }
    }
    buffer.truncate(start + filled);
    Ok(filled)
}

/// Where the header record starts (after `skip_lines` plain lines) and ends (just
/// past its line break); `None` until a line break ends it.
fn header_end(buffer: &[u8], skip_lines: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for _ in 0..skip_lines {
        start += memchr::memchr(b'\n', &buffer[start..])? + 1;
    }
    first_record_end(&buffer[start..]).map(|end| (start, start + end))
}

/// Just past the first line break outside quotes in `bytes` (which start a record).
fn first_record_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Where the records of a piece end, read strictly (RFC 4180).
#[derive(Debug, PartialEq, Eq)]
enum Records {
    /// Just past the last line break outside quotes (`None`: no whole record).
    End(Option<usize>),
    /// A quote where RFC 4180 allows none (inside an unquoted field, or text right
    /// after a closing quote), or a quoted field still open at the end of the
    /// file: polars may read such a file differently piece by piece than whole,
    /// so it goes to the text path.
    Malformed,
}

/// The records of `bytes` (which start a record), with `separator`; `at_end`
/// when no byte follows them in the file.
fn record_end(bytes: &[u8], separator: u8, at_end: bool) -> Records {
    if memchr::memchr(b'"', bytes).is_none() {
        return Records::End(memchr::memrchr(b'\n', bytes).map(|i| i + 1));
    }
    let (mut quoted, mut field_start, mut closed) = (false, true, false);
    let mut end = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                match bytes.get(i + 1) {
                    Some(b'"') => i += 1,
                    // The byte after the quote is in the next piece: stop here.
                    None if !at_end => return Records::End(end),
                    _ => {
                        quoted = false;
                        closed = true;
                    }
                }
            }
        } else if b == separator || b == b'\n' {
            field_start = true;
            closed = false;
            if b == b'\n' {
                end = Some(i + 1);
            }
        } else if closed && b != b'\r' {
            return Records::Malformed;
        } else if b == b'"' {
            if !field_start {
                return Records::Malformed;
            }
            quoted = true;
            field_start = false;
        } else if b != b'\r' {
            field_start = false;
        }
        i += 1;
    }
    if quoted && at_end {
        return Records::Malformed;
    }
    Records::End(end)
}

/// One piece parsed, its columns compact; `None` when a value needs the text path.
fn parse_piece(
    header: &[u8],
    piece: &[u8],
    dialect: &Dialect,
    columns: &[(&str, Kind)],
) -> Option<DataFrame> {
    let mut bytes = Vec::with_capacity(header.len() + piece.len());
    bytes.extend_from_slice(header);
    bytes.extend_from_slice(piece);
    let names: Vec<PlSmallStr> = columns.iter().map(|(n, _)| (*n).into()).collect();
    // Every column is read as text, as on the text path; polars' own panics on
    // malformed bytes are one more reason for the text path.
    let read = || {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_columns(Some(names.into()))
            .with_parse_options(
                CsvParseOptions::default()
                    .with_separator(dialect.separator)
                    .with_encoding(CsvEncoding::LossyUtf8),
            )
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
    };
    let mut frame = guarded(read).ok()?.ok()?;
    for (name, kind) in columns {
        let values = frame.column(name).ok()?;
        match kind {
            Kind::Number => {
                let numbers = numbers(values.str().ok()?, dialect.decimal)?;
                let numbers = Float64Chunked::from_vec((*name).into(), numbers).into_column();
                frame.with_column(numbers).ok()?;
            }
            Kind::Id => {
                let text = values.str().ok()?;
                let hashes: UInt64Chunked = text
                    .iter()
                    .map(|id| id.map(str::trim).filter(|t| !is_missing(t)).map(id_hash))
                    .collect();
                frame
                    .with_column(hashes.with_name((*name).into()).into_column())
                    .ok()?;
            }
            Kind::Category => {
                let categories = values
                    .cast(&DataType::from_categories(Categories::global()))
                    .ok()?;
                frame.with_column(categories).ok()?;
            }
            Kind::Timestamp => {
                let milliseconds = timestamps(values.str().ok()?)?;
                let instants = Int64Chunked::from_vec((*name).into(), milliseconds)
                    .into_datetime(TimeUnit::Milliseconds, None)
                    .into_column();
                frame.with_column(instants).ok()?;
            }
            _ => {}
        }
    }
    Some(frame)
}

/// Each cell as a number read with the file's decimal mark by the text path's own
/// rule ([`parse_number`]), when every cell is a finite number (none missing).
fn numbers(text: &StringChunked, decimal: DecimalMark) -> Option<Vec<f64>> {
    if text.null_count() > 0 {
        return None;
    }
    let cells: Vec<&str> = text.iter().flatten().collect();
    cells
        .par_iter()
        .map(|cell| parse_number(cell, decimal).filter(|v| v.is_finite()))
        .collect()
}

/// Milliseconds since the epoch of each cell, when every cell is a date and time
/// (not missing, not a bare number: Unix times have their unit inferred from the
/// whole column, on the text path).
fn timestamps(text: &StringChunked) -> Option<Vec<i64>> {
    if text.null_count() > 0 {
        return None;
    }
    let cells: Vec<&str> = text.iter().flatten().collect();
    cells
        .par_iter()
        .map(|cell| {
            let cell = cell.trim();
            if is_missing(cell) || parse_number(cell, DecimalMark::Point).is_some() {
                return None;
            }
            parse_timestamp(cell)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_line_breaks_outside_quotes() {
        let end = |bytes: &[u8], at_end| record_end(bytes, b',', at_end);
        assert_eq!(end(b"a,b\n1,2\n3,", false), Records::End(Some(8)));
        assert_eq!(end(b"a,\"x\ny\"\n1,\"2\n", false), Records::End(Some(8)));
        assert_eq!(end(b"1,\"2\n3", false), Records::End(None));
        assert_eq!(
            end(b"1,\"say \"\"hi\"\"\"\r\n2,x\n", false),
            Records::End(Some(20))
        );
        // A quote the next piece closes or doubles: the record is not over.
        assert_eq!(end(b"1,2\n3,\"a\"", false), Records::End(Some(4)));
        // Quotes RFC 4180 does not allow, and a quote never closed.
        assert_eq!(end(b"0.1,0,5\" screen\n", false), Records::Malformed);
        assert_eq!(end(b"1,\"a\"b\n", false), Records::Malformed);
        assert_eq!(end(b"1,\"open\n2,3\n", true), Records::Malformed);
        assert_eq!(end(b"1,\"open\n2,3\n", false), Records::End(None));
        assert_eq!(header_end(b"sep=;\na;b\n1;2\n", 1), Some((6, 10)));
        assert_eq!(header_end(b"\"a\nb\",c\n1,2\n", 0), Some((0, 8)));
        assert_eq!(header_end(b"a,b", 0), None);
    }

    #[test]
    fn any_piece_size_reads_the_same_rows() {
        let text = "sep=;\r\nid;when;score;label;note\r\n\
                    a;2026-10-01T07:46:18.123Z;0,25;1;\"two\nlines\"\r\n\
                    b;2026-10-02 10:00:00;0,5;0;\"x;y\"\r\n\
                    c;2026-10-03;0,001;fraud;\"say \"\"hi\"\"\"\r\n\
                    d;2026-10-04T00:00:00+02:00;7;0;";
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("e.csv");
        std::fs::write(&file, text).unwrap();
        let dialect = Dialect {
            separator: b';',
            skip_lines: 1,
            decimal: DecimalMark::Comma,
        };
        let columns = [
            ("id", Kind::Text),
            ("when", Kind::Timestamp),
            ("score", Kind::Number),
            ("label", Kind::Category),
            ("note", Kind::Text),
        ];
        let read = |size: usize| {
            let mut rows: Vec<(usize, usize)> = Vec::new();
            let mut table: Option<DataFrame> = None;
            let utf8 = pieces_of(&file, &dialect, &columns, size, &mut |start, piece| {
                rows.push((start, piece.height()));
                match &mut table {
                    None => table = Some(piece),
                    Some(t) => {
                        t.vstack_mut_owned(piece).unwrap();
                    }
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(utf8, Some(true));
            // Pieces follow each other.
            for pair in rows.windows(2) {
                assert_eq!(pair[0].0 + pair[0].1, pair[1].0, "{rows:?}");
            }
            table.unwrap()
        };
        let whole = read(1 << 20);
        assert_eq!(whole.height(), 4);
        let scores: Vec<f64> = whole
            .column("score")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(scores, [0.25, 0.5, 0.001, 7.0]);
        let when: Vec<i64> = whole
            .column("when")
            .unwrap()
            .to_physical_repr()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(
            when,
            [
                // 2026-10-01 is 1,790,812,800 s after the epoch.
                1_790_840_778_123,
                1_790_935_200_000,
                1_790_985_600_000,
                1_791_064_800_000
            ]
        );
        let notes = whole.column("note").unwrap().str().unwrap().clone();
        assert_eq!(notes.get(0), Some("two\nlines"));
        assert_eq!(notes.get(2), Some("say \"hi\""));
        for size in [1, 7, 16, 40, 100] {
            let pieces = read(size);
            for column in ["id", "score", "note"] {
                assert_eq!(
                    pieces.column(column).unwrap().as_materialized_series(),
                    whole.column(column).unwrap().as_materialized_series(),
                    "{column}, {size} bytes at a time"
                );
            }
        }
    }

    #[test]
    fn a_bad_number_or_timestamp_sends_the_file_to_the_text_path() {
        let dir = tempfile::tempdir().unwrap();
        let dialect = Dialect {
            separator: b',',
            skip_lines: 0,
            decimal: DecimalMark::Point,
        };
        for body in [
            "score,when\n0.5,2026-10-01\nNA,2026-10-02\n",
            "score,when\n0.5,2026-10-01\nabc,2026-10-02\n",
            "score,when\n0.5,2026-10-01\ninf,2026-10-02\n",
            "score,when\n0.5,2026-10-01\n0.7,\n",
            "score,when\n0.5,1759304778\n0.7,1759304779\n",
            "score,when\n0.5,2026-10-01\n0.7,yesterday\n",
        ] {
            let file = dir.path().join("e.csv");
            std::fs::write(&file, body).unwrap();
            let compact = read_compact(
                &file,
                &dialect,
                &[("score", Kind::Number), ("when", Kind::Timestamp)],
            )
            .unwrap();
            assert!(matches!(compact, Compact::GaveUp), "{body}");
        }
    }
}
