//! JSON evaluation files: NDJSON (one object per line) and a JSON array of objects
//! (pandas' `to_json(orient="records")`). polars reads only the named fields, each
//! as text, so a field's type is never guessed from the first lines: `0` and
//! `0.003` are both numbers, a field first seen on line 250 exists, and a leading
//! `null` is just a missing value. The checks that follow read the text as CSV
//! text is read. Python's `json` writes NaN and ±Infinity as bare words, which are
//! not JSON: they are quoted before reading, so they become missing (NaN) or
//! non-finite values. When polars still cannot read the file, serde_json finds the
//! first broken line and says what is wrong there.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

use polars::prelude::*;
use serde::de::IgnoredAny;

use super::guard::guarded;
use super::{LoadError, Place};

/// Which of the two JSON layouts a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// One object per line.
    Lines,
    /// One array of objects.
    Array,
}

/// The layout of a JSON file: an array when its first non-blank byte is `[`.
pub(super) fn sniff_layout(file: &Path) -> std::io::Result<Layout> {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(file)?.read(&mut head)?;
    let start = head[..n]
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head[..n]);
    Ok(match start.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Layout::Array,
        _ => Layout::Lines,
    })
}

/// Every column named, as text, all rows; missing fields are nulls.
pub(super) fn read_json(
    file: &Path,
    layout: Layout,
    columns: &[&str],
) -> Result<DataFrame, LoadError> {
    let schema: SchemaRef = Arc::new(Schema::from_iter(
        columns
            .iter()
            .map(|c| Field::new((*c).into(), DataType::String)),
    ));
    let first = guarded(|| match layout {
        Layout::Lines => PlRefPath::try_from_path(file).and_then(|path| {
            LazyJsonLineReader::new(path)
                .with_schema(Some(schema.clone()))
                .finish()?
                .collect()
        }),
        Layout::Array => std::fs::File::open(file)
            .map_err(PolarsError::from)
            .and_then(|f| read_array(f, &schema)),
    })
    .unwrap_or_else(|_| Err(unreadable_lines()));
    let failure = match first {
        Ok(frame) if !may_hold_nested(&frame) => return Ok(frame),
        // A named field holding an object or a list reads as its JSON text: say
        // so with its line (pandas' default `to_json()` writes one object per
        // column, each holding every row).
        Ok(frame) => {
            return match std::fs::read(file)
                .ok()
                .and_then(|bytes| diagnose(file, &bytes, layout, columns))
            {
                Some(error) => Err(error),
                None => Ok(frame),
            };
        }
        Err(e) => e,
    };
    let bytes = std::fs::read(file).map_err(|e| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let cleaned = quote_non_finite(&bytes);
    // A line that is not JSON is named by its line before polars sees the text again
    // (its reader can stumble on such bytes: found by fuzzing, issue 11).
    if let Some(error) = diagnose(file, cleaned.as_deref().unwrap_or(&bytes), layout, columns) {
        return Err(error);
    }
    if let Some(cleaned) = &cleaned {
        let second = guarded(|| match layout {
            Layout::Lines => JsonReader::new(Cursor::new(cleaned.as_slice()))
                .with_json_format(JsonFormat::JsonLines)
                .with_schema(schema.clone())
                .finish(),
            Layout::Array => read_array(Cursor::new(cleaned.as_slice()), &schema),
        });
        if let Ok(Ok(frame)) = second {
            return Ok(frame);
        }
    }
    Err(
        diagnose(file, cleaned.as_deref().unwrap_or(&bytes), layout, columns).unwrap_or_else(
            || LoadError::Read {
                file: file.to_owned(),
                message: failure.to_string(),
            },
        ),
    )
}

/// The error a panic inside polars' JSON reader becomes.
fn unreadable_lines() -> PolarsError {
    PolarsError::ComputeError("the JSON reader could not make sense of the file's lines".into())
}

/// Whether a text value starts like a JSON object or list.
fn may_hold_nested(frame: &DataFrame) -> bool {
    frame.columns().iter().any(|column| {
        column.str().is_ok_and(|text| {
            text.iter()
                .flatten()
                .any(|v| v.starts_with('{') || v.starts_with('['))
        })
    })
}

fn read_array<R: polars::io::mmap::MmapBytesReader>(
    reader: R,
    schema: &SchemaRef,
) -> PolarsResult<DataFrame> {
    JsonReader::new(reader)
        .with_json_format(JsonFormat::Json)
        .with_schema(schema.clone())
        .finish()
}

/// A line holding something other than spaces, tabs and carriage returns: the
/// lines polars reads as records.
fn is_record_line(line: &[u8]) -> bool {
    line.iter().any(|b| !matches!(b, b' ' | b'\t' | b'\r'))
}

/// The place of the 0-based record `index`: its line for NDJSON (blank lines are
/// skipped by the reader, so records and lines can differ), its position in an
/// array.
pub(super) fn place_of(file: &Path, layout: Layout, index: usize) -> Place {
    if layout == Layout::Array {
        return Place::Record(index + 1);
    }
    let Ok(bytes) = std::fs::read(file) else {
        return Place::Record(index + 1);
    };
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| is_record_line(line))
        .nth(index)
        .map_or(Place::Record(index + 1), |(line, _)| Place::Line(line + 1))
}

/// The top-level keys of every record, in order of first appearance; `None` when
/// the file cannot be read as JSON.
pub(super) fn keys(file: &Path, layout: Layout) -> Option<Vec<String>> {
    let bytes = std::fs::read(file).ok()?;
    let bytes = quote_non_finite(&bytes).unwrap_or(bytes);
    let records: Vec<Keys> = match layout {
        Layout::Array => serde_json::from_slice(strip_bom(&bytes)).ok()?,
        Layout::Lines => strip_bom(&bytes)
            .split(|&b| b == b'\n')
            .filter(|l| is_record_line(l))
            .map(serde_json::from_slice)
            .collect::<Result<_, _>>()
            .ok()?,
    };
    let mut seen = HashSet::new();
    let mut names = Vec::new();
    for record in records {
        for key in record.0 {
            if seen.insert(key.clone()) {
                names.push(key);
            }
        }
    }
    Some(names)
}

/// Whether `column` holds numbers written as floating-point numbers (`7.0`,
/// `7e0`: pandas' `to_json` of a float column), judged by the first record with a
/// number there. Read as text they come out as `7`, which hides it.
pub(super) fn writes_floats(file: &Path, column: &str) -> bool {
    use std::io::BufRead as _;
    let float = |record: serde_json::Value| {
        let number = record.get(column)?.as_number()?;
        Some(number.is_f64())
    };
    let Ok(opened) = std::fs::File::open(file) else {
        return false;
    };
    match sniff_layout(file) {
        Ok(Layout::Lines) => std::io::BufReader::new(opened)
            .split(b'\n')
            .map_while(Result::ok)
            .filter(|line| is_record_line(line))
            .find_map(|line| {
                serde_json::from_slice(strip_bom(&line))
                    .ok()
                    .and_then(float)
            }),
        Ok(Layout::Array) => std::fs::read(file)
            .ok()
            .and_then(|bytes| {
                serde_json::from_slice::<Vec<serde_json::Value>>(strip_bom(&bytes)).ok()
            })
            .and_then(|records| records.into_iter().find_map(float)),
        Err(_) => None,
    }
    .unwrap_or(false)
}

/// A JSON object's keys in the order written (values skipped).
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Keys, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// The first problem serde_json finds, with its line: a line that is not one JSON
/// object, or a named field holding a list or an object.
fn diagnose(file: &Path, bytes: &[u8], layout: Layout, columns: &[&str]) -> Option<LoadError> {
    let error = |place: Place, message: String| LoadError::Json {
        file: file.to_owned(),
        place,
        message,
    };
    let check_fields = |record: &serde_json::Map<String, serde_json::Value>, place: Place| {
        columns.iter().find_map(|c| match record.get(*c) {
            Some(serde_json::Value::Array(_)) => Some(error(
                place,
                format!("the field `{c}` holds a list: it must hold one value (a number, text, true/false or null)"),
            )),
            Some(serde_json::Value::Object(_)) => Some(error(
                place,
                format!("the field `{c}` holds an object: it must hold one value (a number, text, true/false or null); write one object per row, e.g. pandas' to_json(orient=\"records\", lines=True)"),
            )),
            _ => None,
        })
    };
    match layout {
        Layout::Lines => {
            for (number, line) in strip_bom(bytes).split(|&b| b == b'\n').enumerate() {
                if !is_record_line(line) {
                    continue;
                }
                let place = Place::Line(number + 1);
                match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
                    Ok(record) => {
                        if let Some(e) = check_fields(&record, place) {
                            return Some(e);
                        }
                    }
                    Err(e) => {
                        let advice = if number == 0 && e.is_eof() {
                            ": write one JSON object per line (NDJSON), e.g. pandas' to_json(orient=\"records\", lines=True)"
                        } else if serde_json::from_slice::<IgnoredAny>(line).is_ok() {
                            ": each line must be one JSON object ({\"score\": 0.5, \"label\": 1, …})"
                        } else {
                            ""
                        };
                        return Some(error(place, format!("{}{advice}", describe(&e))));
                    }
                }
            }
            None
        }
        Layout::Array => {
            match serde_json::from_slice::<Vec<serde_json::Map<String, serde_json::Value>>>(
                strip_bom(bytes),
            ) {
                Ok(records) => records
                    .iter()
                    .enumerate()
                    .find_map(|(i, r)| check_fields(r, Place::Record(i + 1))),
                Err(e) => Some(error(
                    Place::Line(e.line()),
                    format!(
                        "{}: the file must be one JSON array of objects ([{{\"score\": 0.5, \"label\": 1}}, …]), or use one JSON object per line (NDJSON)",
                        describe(&e)
                    ),
                )),
            }
        }
    }
}

/// serde_json's message without its own "at line L column C" (the place is said
/// separately), with the column kept.
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    format!("{message} (column {})", error.column())
}

/// A copy of `bytes` with Python's bare `NaN`, `Infinity` and `-Infinity` (outside
/// strings) quoted, so JSON readers take them as text; `None` when there are none.
pub(super) fn quote_non_finite(bytes: &[u8]) -> Option<Vec<u8>> {
    const WORDS: [&[u8]; 3] = [b"-Infinity", b"Infinity", b"NaN"];
    let mut out: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut escaped = false;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if let Some(word) = WORDS.iter().find(|w| bytes[i..].starts_with(w)) {
            let buffer = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 64));
            buffer.extend_from_slice(&bytes[copied..i]);
            buffer.push(b'"');
            buffer.extend_from_slice(word);
            buffer.push(b'"');
            i += word.len();
            copied = i;
            continue;
        }
        i += 1;
    }
    let mut out = out?;
    out.extend_from_slice(&bytes[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_nan_and_infinity_are_quoted_outside_strings_only() {
        let text = br#"{"a":NaN,"b":"NaN","c":[Infinity,-Infinity],"d":"x\"NaN"}"#;
        let cleaned = quote_non_finite(text).unwrap();
        assert_eq!(
            String::from_utf8(cleaned).unwrap(),
            r#"{"a":"NaN","b":"NaN","c":["Infinity","-Infinity"],"d":"x\"NaN"}"#
        );
        assert!(quote_non_finite(br#"{"a":"NaN"}"#).is_none());
    }
}
