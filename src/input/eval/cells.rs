//! How a cell's text is read, whatever the format: the ways a missing value is
//! written and the dates and times a timestamp may be. Plain functions on text,
//! shared by the checks and by the compact CSV reader.

/// How a missing value may be written, compared without regard to case (besides
/// an empty cell and a null): R's `NA`, spreadsheets' `N/A` and `#N/A`, SQL's
/// `NULL`, Python's `None` and `NaN`.
pub const MISSING_MARKERS: [&str; 6] = ["NA", "N/A", "#N/A", "null", "NaN", "None"];

/// Whether `text` (trimmed) is how a missing value is written.
pub(crate) fn is_missing(text: &str) -> bool {
    text.is_empty() || MISSING_MARKERS.iter().any(|m| text.eq_ignore_ascii_case(m))
}

/// Parses RFC 3339, `YYYY-MM-DD HH:MM:SS[.fff]`, `YYYY-MM-DDTHH:MM:SS[.fff]` (read as
/// UTC) or a bare date, to milliseconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_millis());
    }
    // ISO 8601 also allows an offset of hours alone, as PostgreSQL writes its
    // timestamptz (`2026-11-30 23:00:01.376+00`, `-05`), or without a colon.
    for format in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.timestamp_millis());
        }
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
