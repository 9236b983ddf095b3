//! Turning polars columns into checked plain values: finite numbers, two-valued
//! labels, timestamps and segment codes. Every problem becomes a [`LoadError`] that
//! names the file, the column and the first bad row.

use std::fmt::Display;
use std::path::Path;

use polars::prelude::*;

use super::{LabelValues, LoadError, Segment};

pub(super) struct Checker<'a> {
    pub(super) file: &'a Path,
}

impl Checker<'_> {
    fn series<'t>(&self, table: &'t DataFrame, column: &str) -> &'t Series {
        // The column was checked against the schema before the select.
        table
            .column(column)
            .map(Column::as_materialized_series)
            .unwrap_or_else(|_| unreachable!("column `{column}` was selected"))
    }

    pub(super) fn invalid(
        &self,
        column: &str,
        count: usize,
        what: &'static str,
        row: usize,
        advice: &'static str,
    ) -> LoadError {
        LoadError::Invalid {
            file: self.file.to_owned(),
            column: column.to_owned(),
            count,
            what,
            row,
            advice,
        }
    }

    pub(super) fn read_error(&self, e: PolarsError) -> LoadError {
        LoadError::Read {
            file: self.file.to_owned(),
            message: e.to_string(),
        }
    }

    /// Finite numbers from a numeric column or from text such as " 1e-3 ".
    /// Finite numbers from a numeric column or from text such as " 1e-3 ". Missing,
    /// NaN and infinite values are an error, or, with `drop_invalid`, NaN
    /// placeholders whose rows are returned second. Text that is not a number is
    /// always an error.
    pub(super) fn numbers(
        &self,
        table: &DataFrame,
        column: &str,
        expected: &'static str,
        drop_invalid: bool,
    ) -> Result<(Vec<f64>, Vec<usize>), LoadError> {
        let series = self.series(table, column);
        let mut missing: Vec<usize> = Vec::new();
        let values: Vec<f64> = if series.dtype().is_primitive_numeric() || series.dtype().is_bool()
        {
            let cast = series
                .cast(&DataType::Float64)
                .map_err(|e| self.read_error(e))?;
            let ca = cast.f64().map_err(|e| self.read_error(e))?;
            if ca.null_count() == 0 {
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
            }
        } else if let Ok(text) = series.str() {
            let mut out = Vec::with_capacity(text.len());
            for (row, cell) in text.iter().enumerate() {
                out.push(match cell.map(str::trim) {
                    None | Some("") => {
                        missing.push(row);
                        f64::NAN
                    }
                    Some(t) => t.parse::<f64>().map_err(|_| LoadError::BadValue {
                        file: self.file.to_owned(),
                        column: column.to_owned(),
                        row: row + 1,
                        value: shorten(t),
                        expected,
                    })?,
                });
            }
            out
        } else {
            return Err(LoadError::BadValue {
                file: self.file.to_owned(),
                column: column.to_owned(),
                row: 1,
                value: format!("a column of type {}", series.dtype()),
                expected,
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
        if let Some(first) = missing.first() {
            return Err(self.invalid(
                column,
                missing.len(),
                "missing",
                first + 1,
                "fill them in, remove those rows, or pass --drop-invalid to leave them out",
            ));
        }
        self.check_finite(column, &values)?;
        Ok((values, Vec::new()))
    }

    fn check_finite(&self, column: &str, numbers: &[f64]) -> Result<(), LoadError> {
        let mut bad = numbers.iter().enumerate().filter(|(_, v)| !v.is_finite());
        if let Some((first, _)) = bad.next() {
            let count = 1 + bad.count();
            return Err(self.invalid(
                column,
                count,
                "NaN or infinite",
                first + 1,
                "replace them with finite numbers, remove those rows, or pass --drop-invalid to leave them out",
            ));
        }
        Ok(())
    }

    /// A column of finite numbers ≥ 0, such as weights or costs: `what` says what a
    /// value should be, `rule` what to do about a negative one.
    pub(super) fn non_negative(
        &self,
        table: &DataFrame,
        column: &str,
        what: &'static str,
        rule: &'static str,
    ) -> Result<Vec<f64>, LoadError> {
        let (values, _) = self.numbers(table, column, what, false)?;
        let mut negative = values.iter().enumerate().filter(|(_, w)| **w < 0.0);
        if let Some((first, _)) = negative.next() {
            return Err(self.invalid(column, 1 + negative.count(), "negative", first + 1, rule));
        }
        Ok(values)
    }

    pub(super) fn segment(&self, table: &DataFrame, column: &str) -> Result<Segment, LoadError> {
        let series = self.series(table, column);
        let mut names: Vec<String> = Vec::new();
        let name_of = |row: usize| match series.get(row) {
            Ok(AnyValue::Null) | Err(_) => "(missing)".to_owned(),
            Ok(value) => value.str_value().into_owned(),
        };
        // Categorical columns (e.g. Parquet dictionaries) already carry integer
        // codes: map those, and look a name up once per distinct code.
        if matches!(
            series.dtype(),
            DataType::Categorical(..) | DataType::Enum(..)
        ) {
            let physical = series
                .to_physical_repr()
                .cast(&DataType::UInt32)
                .map_err(|e| self.read_error(e))?;
            let physical = physical.u32().map_err(|e| self.read_error(e))?;
            let mut ours: Vec<Option<u32>> = Vec::new();
            let mut missing: Option<u32> = None;
            let codes = physical
                .iter()
                .enumerate()
                .map(|(row, code)| {
                    let slot = match code {
                        Some(c) => {
                            let c = c as usize;
                            if ours.len() <= c {
                                ours.resize(c + 1, None);
                            }
                            &mut ours[c]
                        }
                        None => &mut missing,
                    };
                    *slot.get_or_insert_with(|| {
                        names.push(name_of(row));
                        (names.len() - 1) as u32
                    })
                })
                .collect();
            return Ok(Segment {
                column: column.to_owned(),
                names,
                codes,
            });
        }
        let text = series
            .cast(&DataType::String)
            .map_err(|e| self.read_error(e))?;
        let text = text.str().map_err(|e| self.read_error(e))?;
        let mut index: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let codes = text
            .iter()
            .map(|value| {
                let value = value.unwrap_or("(missing)");
                *index.entry(value).or_insert_with(|| {
                    names.push(value.to_owned());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        Ok(Segment {
            column: column.to_owned(),
            names,
            codes,
        })
    }

    pub(super) fn timestamps(
        &self,
        table: &DataFrame,
        column: &str,
    ) -> Result<Vec<i64>, LoadError> {
        let series = self.series(table, column);
        let values: Vec<Option<i64>> = if let Ok(text) = series.str() {
            let mut out = Vec::with_capacity(text.len());
            for (row, cell) in text.iter().enumerate() {
                out.push(match cell.map(str::trim) {
                    None | Some("") => None,
                    Some(t) => Some(parse_timestamp(t).ok_or_else(|| LoadError::BadValue {
                        file: self.file.to_owned(),
                        column: column.to_owned(),
                        row: row + 1,
                        value: shorten(t),
                        expected: "a date or time (e.g. 2026-11-20T14:03:00Z or 2026-11-20 14:03:00)",
                    })?),
                });
            }
            out
        } else {
            let cast = series
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .and_then(|s| s.cast(&DataType::Int64))
                .map_err(|e| self.read_error(e))?;
            let ca = cast.i64().map_err(|e| self.read_error(e))?;
            if ca.null_count() == 0 {
                return Ok(ca.into_no_null_iter().collect());
            }
            ca.iter().collect()
        };
        let mut missing = values.iter().enumerate().filter(|(_, v)| v.is_none());
        if let Some((first, _)) = missing.next() {
            return Err(self.invalid(
                column,
                1 + missing.count(),
                "missing",
                first + 1,
                "fill them in or leave data.timestamp out",
            ));
        }
        Ok(values.into_iter().flatten().collect())
    }

    /// Labels as `bool`s. The column must hold exactly two values, one of them the
    /// positive value (default: 1 / true).
    pub(super) fn labels(
        &self,
        table: &DataFrame,
        column: &str,
        positive: Option<&str>,
    ) -> Result<(Vec<bool>, LabelValues, Vec<usize>), LoadError> {
        let series = self.series(table, column);
        let dtype = series.dtype();
        let wanted = positive.map(str::trim);
        if dtype.is_bool() {
            let is_positive = match wanted.map(str::to_ascii_lowercase).as_deref() {
                None | Some("true" | "1" | "yes") => true,
                Some("false" | "0" | "no") => false,
                Some(_) => return Err(self.one_class(column, "true/false values", positive)),
            };
            let ca = series.bool().map_err(|e| self.read_error(e))?;
            self.classify(column, ca.iter(), |v| *v == is_positive, positive)
        } else if dtype.is_integer() {
            let target = match wanted.map(str::to_ascii_lowercase).as_deref() {
                None | Some("true") => 1,
                Some("false") => 0,
                Some(t) => t
                    .parse::<i64>()
                    .map_err(|_| self.one_class(column, "whole numbers", positive))?,
            };
            let cast = series
                .cast(&DataType::Int64)
                .map_err(|e| self.read_error(e))?;
            let ca = cast.i64().map_err(|e| self.read_error(e))?;
            self.classify(column, ca.iter(), |v| *v == target, positive)
        } else if dtype.is_float() {
            let target = match wanted {
                None => 1.0,
                Some(t) => t
                    .parse::<f64>()
                    .map_err(|_| self.one_class(column, "numbers", positive))?,
            };
            let cast = series
                .cast(&DataType::Float64)
                .map_err(|e| self.read_error(e))?;
            let ca = cast.f64().map_err(|e| self.read_error(e))?;
            self.classify(column, ca.iter(), |v| *v == target, positive)
        } else if let Ok(ca) = series.str() {
            let matches = |v: &&str| match wanted {
                Some(w) => *v == w,
                None => *v == "1" || v.eq_ignore_ascii_case("true"),
            };
            self.classify(
                column,
                ca.iter().map(|v| v.map(str::trim)),
                matches,
                positive,
            )
        } else {
            Err(LoadError::BadValue {
                file: self.file.to_owned(),
                column: column.to_owned(),
                row: 1,
                value: format!("a column of type {dtype}"),
                expected: "a label (0/1, true/false or text)",
            })
        }
    }

    fn one_class(&self, column: &str, present: &str, positive: Option<&str>) -> LoadError {
        LoadError::OneClass {
            file: self.file.to_owned(),
            column: column.to_owned(),
            present: format!(
                "{present}, and the positive value `{}` never occurs",
                positive.unwrap_or("1")
            ),
            advice: ": set data.positive (or --positive) to the label value that means positive"
                .to_owned(),
        }
    }

    fn classify<T: PartialEq + Display + Copy>(
        &self,
        column: &str,
        values: impl Iterator<Item = Option<T>>,
        is_positive: impl Fn(&T) -> bool,
        positive_spec: Option<&str>,
    ) -> Result<(Vec<bool>, LabelValues, Vec<usize>), LoadError> {
        let mut flags = Vec::with_capacity(values.size_hint().0);
        let mut positive_seen: Option<T> = None;
        let mut negative_seen: Option<T> = None;
        let mut missing: Vec<usize> = Vec::new();
        for (row, value) in values.enumerate() {
            let Some(value) = value else {
                missing.push(row);
                flags.push(false);
                continue;
            };
            if is_positive(&value) {
                positive_seen.get_or_insert(value);
                flags.push(true);
            } else {
                match negative_seen {
                    None => negative_seen = Some(value),
                    Some(n) if n == value => {}
                    Some(n) if positive_seen.is_none() => {
                        return Err(LoadError::OneClass {
                            file: self.file.to_owned(),
                            column: column.to_owned(),
                            present: format!("the values `{n}` and `{value}` up to row {}, and neither is the positive value `{}`", row + 1, positive_spec.unwrap_or("1")),
                            advice: ": set data.positive (or --positive) to the label value that means positive".to_owned(),
                        });
                    }
                    Some(n) => {
                        return Err(LoadError::ThirdLabel {
                            file: self.file.to_owned(),
                            column: column.to_owned(),
                            row: row + 1,
                            value: shorten(&value.to_string()),
                            known: format!(
                                "neither the positive value `{}` nor the negative value `{n}` seen before",
                                positive_seen.map_or_else(
                                    || positive_spec.unwrap_or("1").to_owned(),
                                    |p| p.to_string()
                                )
                            ),
                        });
                    }
                }
                flags.push(false);
            }
        }
        match (positive_seen, negative_seen) {
            (Some(p), Some(n)) => Ok((
                flags,
                LabelValues {
                    positive: p.to_string(),
                    negative: n.to_string(),
                },
                missing,
            )),
            (None, Some(n)) => Err(LoadError::OneClass {
                file: self.file.to_owned(),
                column: column.to_owned(),
                present: format!(
                    "the value `{n}`; the positive value `{}` never occurs",
                    positive_spec.unwrap_or("1")
                ),
                advice:
                    ": set data.positive (or --positive) to the label value that means positive"
                        .to_owned(),
            }),
            (Some(p), None) => Err(LoadError::OneClass {
                file: self.file.to_owned(),
                column: column.to_owned(),
                present: format!("positive cases (`{p}`)"),
                advice: ": add negative cases to the evaluation set".to_owned(),
            }),
            (None, None) => Err(LoadError::Empty {
                file: self.file.to_owned(),
            }),
        }
    }
}

/// Parses RFC 3339, `YYYY-MM-DD HH:MM:SS[.fff]`, `YYYY-MM-DDTHH:MM:SS[.fff]` (read as
/// UTC) or a bare date, to milliseconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_millis());
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
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
