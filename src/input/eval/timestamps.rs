//! Timestamps, whatever way they are written: Parquet dates and datetimes of any
//! unit and zone (the instant is kept, in UTC), text (RFC 3339,
//! `YYYY-MM-DD HH:MM:SS`, a date) and Unix times as integers or floats — in
//! seconds, milliseconds, microseconds or nanoseconds. The unit of Unix times is
//! `data.timestamp_unit` when given; otherwise it is the one unit that puts every
//! value between 1990 and 2100, and a clear error when no unit does.

use polars::prelude::*;

use super::LoadError;
pub use super::cells::parse_timestamp;
use super::check::{Checker, is_missing, shorten};
use super::dialect::{DecimalMark, parse_number};

/// The unit of Unix times in a timestamp column (`data.timestamp_unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    /// `s`: Unix seconds (about 1.7e9 in 2026).
    Seconds,
    /// `ms`: milliseconds (about 1.7e12).
    Milliseconds,
    /// `us`: microseconds (about 1.7e15).
    Microseconds,
    /// `ns`: nanoseconds (about 1.7e18).
    Nanoseconds,
}

impl EpochUnit {
    const ALL: [EpochUnit; 4] = [
        EpochUnit::Seconds,
        EpochUnit::Milliseconds,
        EpochUnit::Microseconds,
        EpochUnit::Nanoseconds,
    ];

    /// Reads `s`, `ms`, `us` (or `µs`) and `ns`, or the unit's English name.
    pub fn parse(text: &str) -> Option<EpochUnit> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" | "seconds" => EpochUnit::Seconds,
            "ms" | "millisecond" | "milliseconds" => EpochUnit::Milliseconds,
            "us" | "µs" | "μs" | "microsecond" | "microseconds" => EpochUnit::Microseconds,
            "ns" | "nanosecond" | "nanoseconds" => EpochUnit::Nanoseconds,
            _ => return None,
        })
    }

    /// The unit's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "seconds",
            EpochUnit::Milliseconds => "milliseconds",
            EpochUnit::Microseconds => "microseconds",
            EpochUnit::Nanoseconds => "nanoseconds",
        }
    }

    /// Milliseconds in one of this unit.
    pub fn milliseconds(self) -> f64 {
        match self {
            EpochUnit::Seconds => 1e3,
            EpochUnit::Milliseconds => 1.0,
            EpochUnit::Microseconds => 1e-3,
            EpochUnit::Nanoseconds => 1e-6,
        }
    }
}

/// 1990-01-01 and 2100-01-01 in milliseconds since the epoch: Unix times whose unit
/// is guessed must fall between them.
const PLAUSIBLE_MS: (f64, f64) = (631_152_000_000.0, 4_102_444_800_000.0);

/// The one unit that puts both `low` and `high` between 1990 and 2100. (The
/// window spans less than a factor of seven, the units a factor of 1,000, so at
/// most one fits.)
pub(super) fn infer_unit(low: f64, high: f64) -> Option<EpochUnit> {
    EpochUnit::ALL.into_iter().find(|u| {
        let (a, b) = (low * u.milliseconds(), high * u.milliseconds());
        a >= PLAUSIBLE_MS.0 && b < PLAUSIBLE_MS.1
    })
}

/// How a timestamp column is stored, for SQL an engine runs on the same file:
/// each kind needs its own expression for the instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampStorage {
    /// Dates and datetimes (naive ones meaning UTC).
    Native,
    /// Text: RFC 3339 with `Z` or an offset, or naive text meaning UTC.
    Text,
    /// Unix times in this unit (`data.timestamp_unit`, else inferred as the loader
    /// infers it).
    Epoch(EpochUnit),
}

impl EpochUnit {
    /// Seconds in one unit.
    pub fn seconds(self) -> f64 {
        self.milliseconds() / 1000.0
    }
}

/// Reads `column` of `file` and says how it stores its timestamps.
///
/// # Errors
/// The file or column cannot be read, or Unix times fit no unit.
pub fn load_timestamp_storage(
    file: &std::path::Path,
    csv: &super::CsvOptions,
    column: &str,
    unit: Option<EpochUnit>,
) -> Result<TimestampStorage, LoadError> {
    let (source, frame) =
        super::read_columns(file, csv, &[(column.to_owned(), "timestamp")], &[column])?;
    let checker = Checker {
        source: &source,
        frame: &frame,
    };
    let series = checker.series(column);
    let dtype = series.dtype().clone();
    if matches!(dtype, DataType::Datetime(..) | DataType::Date) {
        return Ok(TimestampStorage::Native);
    }
    let numeric = dtype.is_numeric();
    let numbers: Vec<f64> = if numeric {
        let cast = series
            .cast(&DataType::Float64)
            .map_err(|e| checker.read_error(e))?;
        let ca = cast.f64().map_err(|e| checker.read_error(e))?;
        ca.iter().flatten().filter(|x| x.is_finite()).collect()
    } else {
        Vec::new()
    };
    if !numeric {
        return Ok(TimestampStorage::Text);
    }
    if let Some(unit) = unit {
        return Ok(TimestampStorage::Epoch(unit));
    }
    let low = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let high = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // The loader's own check gives the error when no unit fits.
    match infer_unit(low, high) {
        Some(unit) => Ok(TimestampStorage::Epoch(unit)),
        None => checker
            .timestamps(column, None)
            .map(|_| TimestampStorage::Epoch(EpochUnit::Seconds)),
    }
}

impl Checker<'_> {
    /// Milliseconds since the epoch (UTC) per row.
    pub(super) fn timestamps(
        &self,
        column: &str,
        unit: Option<EpochUnit>,
    ) -> Result<Vec<i64>, LoadError> {
        let series = self.series(column);
        // Dates and datetimes without a missing value (the usual case) become
        // milliseconds in one pass, without an `Option` per row.
        let per_ms: Option<(i64, i64)> = match series.dtype() {
            DataType::Datetime(TimeUnit::Nanoseconds, _) => Some((1_000_000, 1)),
            DataType::Datetime(TimeUnit::Microseconds, _) => Some((1_000, 1)),
            DataType::Datetime(TimeUnit::Milliseconds, _) => Some((1, 1)),
            DataType::Date => Some((1, 86_400_000)),
            _ => None,
        };
        let values: Vec<Option<i64>> = match series.dtype() {
            DataType::Datetime(..) | DataType::Date => {
                let (per_ms, ms_per) = per_ms.unwrap_or((1, 1));
                let physical = series
                    .to_physical_repr()
                    .cast(&DataType::Int64)
                    .map_err(|e| self.read_error(e))?;
                let ca = physical.i64().map_err(|e| self.read_error(e))?;
                if ca.null_count() == 0 {
                    return Ok(ca
                        .into_no_null_iter()
                        .map(|t| t.div_euclid(per_ms) * ms_per)
                        .collect());
                }
                ca.iter()
                    .map(|v| v.map(|t| t.div_euclid(per_ms) * ms_per))
                    .collect()
            }
            dtype if dtype.is_numeric() => {
                let cast = series
                    .cast(&DataType::Float64)
                    .map_err(|e| self.read_error(e))?;
                let ca = cast.f64().map_err(|e| self.read_error(e))?;
                let numbers: Vec<Option<f64>> =
                    ca.iter().map(|v| v.filter(|x| !x.is_nan())).collect();
                self.epoch(column, &numbers, unit)?
            }
            dtype
                if dtype.is_string()
                    || matches!(dtype, DataType::Categorical(..) | DataType::Enum(..)) =>
            {
                self.text_timestamps(column, series, unit)?
            }
            dtype => {
                let what = match dtype {
                    DataType::Time => "a time of day without a date".to_owned(),
                    DataType::Duration(_) => "a duration, not a point in time".to_owned(),
                    other => format!("a column of type {other}"),
                };
                return Err(LoadError::BadValue {
                    file: self.file().to_owned(),
                    column: column.to_owned(),
                    place: self.place(0),
                    value: what,
                    expected: "a date or time (e.g. 2026-11-20T14:03:00Z or 2026-11-20 14:03:00)",
                    hint: "",
                });
            }
        };
        let mut missing = values.iter().enumerate().filter(|(_, v)| v.is_none());
        if let Some((first, _)) = missing.next() {
            return Err(self.invalid(
                column,
                1 + missing.count(),
                "missing",
                self.place(first),
                "fill them in or leave data.timestamp out",
            ));
        }
        Ok(values.into_iter().flatten().collect())
    }

    /// Text timestamps: dates and times, or Unix times written as numbers (when
    /// every value is a number).
    fn text_timestamps(
        &self,
        column: &str,
        series: &Series,
        unit: Option<EpochUnit>,
    ) -> Result<Vec<Option<i64>>, LoadError> {
        let text = series
            .cast(&DataType::String)
            .map_err(|e| self.read_error(e))?;
        let ca = text.str().map_err(|e| self.read_error(e))?;
        let cells: Vec<Option<&str>> = ca
            .iter()
            .map(|c| c.map(str::trim).filter(|t| !is_missing(t)))
            .collect();
        let numbers: Option<Vec<Option<f64>>> = cells
            .iter()
            .map(|c| match c {
                None => Some(None),
                Some(t) => parse_number(t, DecimalMark::Point).map(Some),
            })
            .collect();
        if let Some(numbers) = numbers
            && numbers.iter().any(Option::is_some)
        {
            return self.epoch(column, &numbers, unit);
        }
        cells
            .iter()
            .enumerate()
            .map(|(row, cell)| match cell {
                None => Ok(None),
                Some(t) => parse_timestamp(t)
                    .map(Some)
                    .ok_or_else(|| LoadError::BadValue {
                        file: self.file().to_owned(),
                        column: column.to_owned(),
                        place: self.place(row),
                        value: shorten(t),
                        expected: "a date or time (e.g. 2026-11-20T14:03:00Z or 2026-11-20 14:03:00)",
                        hint: "",
                    }),
            })
            .collect()
    }

    /// Unix times in `unit` (or the inferred unit) as milliseconds.
    fn epoch(
        &self,
        column: &str,
        numbers: &[Option<f64>],
        unit: Option<EpochUnit>,
    ) -> Result<Vec<Option<i64>>, LoadError> {
        if let Some((row, value)) = numbers
            .iter()
            .enumerate()
            .find_map(|(r, v)| v.filter(|x| !x.is_finite()).map(|x| (r, x)))
        {
            return Err(LoadError::BadValue {
                file: self.file().to_owned(),
                column: column.to_owned(),
                place: self.place(row),
                value: value.to_string(),
                expected: "a date or time",
                hint: "",
            });
        }
        let (low, high) = numbers
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        if low > high {
            // Every value is missing: reported by the caller.
            return Ok(vec![None; numbers.len()]);
        }
        let unit = match unit.or_else(|| infer_unit(low, high)) {
            Some(u) => u,
            None => {
                return Err(LoadError::TimestampUnit {
                    file: self.file().to_owned(),
                    column: column.to_owned(),
                    low,
                    high,
                });
            }
        };
        // chrono's range, about ±262,000 years.
        const LIMIT: f64 = 8.2e15;
        numbers
            .iter()
            .enumerate()
            .map(|(row, v)| match v {
                None => Ok(None),
                Some(x) => {
                    let ms = (x * unit.milliseconds()).round();
                    if ms.abs() < LIMIT {
                        Ok(Some(ms as i64))
                    } else {
                        Err(LoadError::BadValue {
                            file: self.file().to_owned(),
                            column: column.to_owned(),
                            place: self.place(row),
                            value: x.to_string(),
                            expected: "a Unix time within the calendar",
                            hint: " (check data.timestamp_unit)",
                        })
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_is_the_one_that_lands_between_1990_and_2100() {
        // 2026-01-01 in each unit, and 14 days later.
        let s = 1_767_225_600.0;
        let two_weeks = 14.0 * 86_400.0;
        assert_eq!(infer_unit(s, s + two_weeks), Some(EpochUnit::Seconds));
        assert_eq!(
            infer_unit(s * 1e3, (s + two_weeks) * 1e3),
            Some(EpochUnit::Milliseconds)
        );
        assert_eq!(
            infer_unit(s * 1e6, s * 1e6 + 1.0),
            Some(EpochUnit::Microseconds)
        );
        assert_eq!(infer_unit(s * 1e9, s * 1e9), Some(EpochUnit::Nanoseconds));
        // Day numbers, yyyymmdd dates and a mix of units fit no unit.
        assert_eq!(infer_unit(20_000.0, 20_100.0), None);
        assert_eq!(infer_unit(20_260_101.0, 20_260_131.0), None);
        assert_eq!(infer_unit(s, s * 1e3), None);
    }

    #[test]
    fn units_are_read_as_written() {
        assert_eq!(EpochUnit::parse("s"), Some(EpochUnit::Seconds));
        assert_eq!(EpochUnit::parse(" MS "), Some(EpochUnit::Milliseconds));
        assert_eq!(EpochUnit::parse("µs"), Some(EpochUnit::Microseconds));
        assert_eq!(EpochUnit::parse("ns"), Some(EpochUnit::Nanoseconds));
        assert_eq!(EpochUnit::parse("days"), None);
    }

    #[test]
    fn postgresql_timestamptz_text_with_hour_offsets_is_read() {
        // 2026-11-30T23:00:01.376Z written as PostgreSQL prints a timestamptz.
        let instant = 1_796_079_601_376;
        for text in [
            "2026-11-30 23:00:01.376+00",
            "2026-11-30 18:00:01.376-05",
            "2026-11-30T18:00:01.376-0500",
            "2026-11-30T23:00:01.376Z",
            "2026-12-01 00:00:01.376+01:00",
        ] {
            assert_eq!(parse_timestamp(text), Some(instant), "{text}");
        }
    }
}
