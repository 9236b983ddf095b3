//! Case ids as two files write them, for the joins (baseline to evaluation, audit to
//! production). Ids are compared as written; when the two files write the same
//! numbers differently (`1007`, `1007.0`, `00001007`) and reading each id as the
//! number it writes matches more cases without making two ids of one file one, they
//! are compared by value and the join says so. Ids stored as floating-point numbers
//! past 2⁵³ have lost digits (two cases may now share an id), so they are refused
//! rather than joined to other cases. No joining here: keys and descriptions only.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use polars::prelude::*;

use super::LoadError;

/// 2⁵³: past it a float64 no longer holds every integer, so an id stored as a
/// float may have lost its last digits.
pub const EXACT_FLOAT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Refuses an id column whose ids went through a float64 past 2⁵³: stored as
/// floating-point numbers (Parquet, JSON) or written in scientific notation (a CSV
/// from pandas: `9.876543210000001e+17`). Their last digits are gone —
/// `123456789012345678` reads back as `123456789012345680` — so two cases may
/// share an id and verdicts or scores would be joined to other cases.
///
/// # Errors
/// [`LoadError::InexactIds`], naming the first such row.
pub fn check_exact_ids(file: &Path, column: &str, series: &Series) -> Result<(), LoadError> {
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.to_owned(),
        message: e.to_string(),
    };
    let inexact = |x: f64| x.abs() >= EXACT_FLOAT_LIMIT && x.is_finite();
    let mut first = None;
    let mut count = 0;
    let mut note = |row: usize, shown: String| {
        count += 1;
        first.get_or_insert((row, shown));
    };
    if series.dtype().is_float() {
        let cast = series.cast(&DataType::Float64).map_err(read_error)?;
        for (row, value) in cast.f64().map_err(read_error)?.iter().enumerate() {
            if let Some(x) = value.filter(|x| inexact(*x)) {
                note(row, format!("{x:e}"));
            }
        }
    } else if matches!(series.dtype(), DataType::String) {
        for (row, value) in series.str().map_err(read_error)?.iter().enumerate() {
            let Some(text) = value.map(str::trim) else {
                continue;
            };
            let scientific = text.contains(['e', 'E']);
            if scientific && text.parse::<f64>().is_ok_and(inexact) {
                note(row, super::check::shorten(text));
            }
        }
    }
    match first {
        None => Ok(()),
        Some((row, value)) => Err(LoadError::InexactIds {
            file: file.to_owned(),
            column: column.to_owned(),
            row: row + 1,
            value,
            count,
        }),
    }
}

/// Ids read as text, as they are stored: a whole number stored as a float
/// (a Parquet float64, a JSON `7.0`) written `7.0`, as a CSV of that column
/// would write it, not `7`. So a float column joined to text ids (`7`) is joined
/// by value, and said, whatever the file type ([`choose_match`]).
pub fn as_stored(
    file: &Path,
    column: &str,
    series: &Series,
    texts: Vec<Option<String>>,
) -> Vec<Option<String>> {
    let floats = series.dtype().is_float()
        || (matches!(series.dtype(), DataType::String)
            && super::read::is_json(file)
            && super::json::writes_floats(file, column));
    if !floats {
        return texts;
    }
    let whole = |t: &str| {
        let digits = t.strip_prefix('-').unwrap_or(t);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    texts
        .into_iter()
        .map(|t| t.map(|t| if whole(&t) { format!("{t}.0") } else { t }))
        .collect()
}

/// The integer an id writes, in its shortest form (`00001007`, `1007.0`, `+1007` →
/// `1007`), or `None` for an id that is not an integer written in digits.
pub fn integer_value(id: &str) -> Option<String> {
    let id = id.trim();
    let (negative, digits) = match id.as_bytes().first()? {
        b'-' => (true, &id[1..]),
        b'+' => (false, &id[1..]),
        _ => (false, id),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !fraction.is_none_or(|f| f.bytes().all(|b| b == b'0'))
    {
        return None;
    }
    let trimmed = whole.trim_start_matches('0');
    Some(match (negative, trimmed.is_empty()) {
        (_, true) => "0".to_owned(),
        (true, false) => format!("-{trimmed}"),
        (false, false) => trimmed.to_owned(),
    })
}

/// Whether an id looks like one that went through a float64 upstream (Excel, a
/// pandas column with a missing value) and lost its last digits before it was
/// written out as an integer: a whole number past 2⁵³ that a float64 holds
/// exactly. Two cases so rounded share one id; a message that blames the ids
/// says so. (A random id past 2⁵³ is one a float64 holds exactly only rarely.)
pub fn may_have_lost_digits(id: &str) -> bool {
    let Some(value) =
        integer_value(id).and_then(|v| v.trim_start_matches('-').parse::<u128>().ok())
    else {
        return false;
    };
    let float = value as f64;
    (EXACT_FLOAT_LIMIT..3.4e38).contains(&float) && float as u128 == value
}

/// What a spreadsheet takes for the start of a formula in a CSV cell (OWASP's
/// CSV-injection list): `=`, `+`, `-`, `@`, tab and carriage return.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// An audit id as a spreadsheet-safe CSV (the audit sample) wrote it, `'` put
/// before a formula's first character, read back: `'=x` is `=x`; any other id is
/// left as it is.
pub fn unescape_formula(id: &str) -> &str {
    match id.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => id,
    }
}

/// How one file writes its ids, in words, for messages: "integers", "zero-padded
/// integers", "numbers with a decimal point" or "text".
pub fn id_form(id: &str) -> &'static str {
    let id = id.trim();
    match integer_value(id) {
        None => "text",
        Some(_) if id.contains('.') => "numbers with a decimal point",
        Some(value) if value.trim_start_matches('-') != id.trim_start_matches(['-', '+']) => {
            "zero-padded integers"
        }
        Some(_) => "integers",
    }
}

/// "like `00001007` (zero-padded integers)": the first id and its form.
pub fn describe_ids(ids: &[String]) -> String {
    match ids.iter().find(|i| !i.trim().is_empty()) {
        Some(id) => format!("like `{}` ({})", super::check::shorten(id), id_form(id)),
        None => "no ids".to_owned(),
    }
}

/// Each integer value (or text, for an id that is not an integer) to the one id
/// that writes it; `None` when two different ids of `ids` write the same value.
fn values_of(ids: &[String]) -> Option<HashMap<String, &str>> {
    let mut map: HashMap<String, &str> = HashMap::with_capacity(ids.len());
    for id in ids {
        let key = integer_value(id).unwrap_or_else(|| id.clone());
        match map.get(&key) {
            Some(&other) if other != id => return None,
            _ => {
                map.insert(key, id);
            }
        }
    }
    Some(map)
}

/// How two files' ids are compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdMatch {
    /// As written, text for text.
    AsWritten,
    /// As the integers they write; one example of each side's form of the same id.
    ByValue {
        /// An id as the first file writes it.
        left: String,
        /// The same id as the second file writes it.
        right: String,
    },
}

impl IdMatch {
    /// The key `id` is joined on.
    pub fn key<'a>(&self, id: &'a str) -> Cow<'a, str> {
        match self {
            IdMatch::AsWritten => Cow::Borrowed(id),
            IdMatch::ByValue { .. } => integer_value(id).map_or(Cow::Borrowed(id), Cow::Owned),
        }
    }
}

/// Chooses how to compare `left`'s ids with `right`'s: by value when that matches
/// more ids than comparing them as written and no two different ids of one file
/// write the same integer (else the join would be ambiguous).
pub fn choose_match(left: &[String], right: &[String]) -> IdMatch {
    let differs = |ids: &[String]| {
        ids.iter()
            .any(|id| integer_value(id).is_some_and(|v| v != id.trim()))
    };
    if !differs(left) && !differs(right) {
        return IdMatch::AsWritten;
    }
    let (Some(left_values), Some(right_values)) = (values_of(left), values_of(right)) else {
        return IdMatch::AsWritten;
    };
    let left_text: HashSet<&str> = left.iter().map(String::as_str).collect();
    let as_written = right
        .iter()
        .filter(|id| left_text.contains(id.as_str()))
        .count();
    let mut example = None;
    let mut matched = 0;
    for (key, right_id) in &right_values {
        if let Some(left_id) = left_values.get(key) {
            matched += 1;
            if left_id != right_id {
                // The smallest pair, so the example does not depend on hashing.
                let pair = (
                    super::check::shorten(left_id),
                    super::check::shorten(right_id),
                );
                if example.as_ref().is_none_or(|e| pair < *e) {
                    example = Some(pair);
                }
            }
        }
    }
    match example {
        Some((left, right)) if matched > as_written => IdMatch::ByValue { left, right },
        _ => IdMatch::AsWritten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn integers_written_three_ways_are_one_value() {
        for id in ["1007", "1007.0", "00001007", "+1007", "1007.", " 1007 "] {
            assert_eq!(integer_value(id).as_deref(), Some("1007"), "{id}");
        }
        assert_eq!(integer_value("-007").as_deref(), Some("-7"));
        assert_eq!(integer_value("000").as_deref(), Some("0"));
        for id in ["1007.5", "P1007", "", "1e3", ".5", "10-07"] {
            assert_eq!(integer_value(id), None, "{id}");
        }
        assert_eq!(id_form("00001007"), "zero-padded integers");
        assert_eq!(id_form("1007.0"), "numbers with a decimal point");
        assert_eq!(id_form("1007"), "integers");
        assert_eq!(id_form("P1007"), "text");
    }

    #[test]
    fn a_quote_before_a_formula_is_taken_off() {
        assert_eq!(unescape_formula("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(unescape_formula("'-7a"), "-7a");
        assert_eq!(unescape_formula("'@x"), "@x");
        assert_eq!(unescape_formula("'abc"), "'abc");
        assert_eq!(unescape_formula("p-1"), "p-1");
        assert_eq!(unescape_formula("'"), "'");
    }

    #[test]
    fn ids_rounded_by_a_float_upstream_are_recognised() {
        // 123456789012345678 through a float64 reads back 123456789012345680.
        assert!(may_have_lost_digits("123456789012345680"));
        assert!(may_have_lost_digits("123456789012345680.0"));
        assert!(!may_have_lost_digits("123456789012345678"));
        assert!(!may_have_lost_digits("9007199254740991"));
        assert!(!may_have_lost_digits("TX-1"));
    }

    #[test]
    fn ids_past_two_to_the_53_in_a_float_are_refused() {
        let file = Path::new("audit.parquet");
        let exact = Series::new("id".into(), &[1007.0, 9_007_199_254_740_991.0]);
        assert!(check_exact_ids(file, "id", &exact).is_ok());
        let lost = Series::new("id".into(), &[1007.0, 123_456_789_012_345_678.0, 2e17]);
        match check_exact_ids(file, "id", &lost) {
            Err(LoadError::InexactIds { row, count, .. }) => assert_eq!((row, count), (2, 2)),
            other => panic!("{other:?}"),
        }
        let text = Series::new("id".into(), &["1007", "9.876543210000001e+17"]);
        assert!(check_exact_ids(file, "id", &text).is_err());
        let integers = Series::new("id".into(), &[123_456_789_012_345_678_i64]);
        assert!(check_exact_ids(file, "id", &integers).is_ok());
    }

    #[test]
    fn by_value_only_when_it_matches_more_and_is_unambiguous() {
        let left = ids(&["1007", "1014", "1021"]);
        assert_eq!(
            choose_match(&left, &ids(&["1014.0", "1007.0"])),
            IdMatch::ByValue {
                left: "1007".into(),
                right: "1007.0".into()
            }
        );
        assert_eq!(
            choose_match(&left, &ids(&["1014", "1007"])),
            IdMatch::AsWritten
        );
        // `007` and `7` in one file are two ids as written: never merged.
        assert_eq!(
            choose_match(&ids(&["007", "7"]), &ids(&["7.0"])),
            IdMatch::AsWritten
        );
        // Text ids are left alone.
        assert_eq!(
            choose_match(&ids(&["P1", "P2"]), &ids(&["P1", "P3"])),
            IdMatch::AsWritten
        );
        let by_value = choose_match(&ids(&["00001007"]), &ids(&["1007"]));
        assert_eq!(by_value.key("00001007"), "1007");
        assert_eq!(by_value.key("P1"), "P1");
    }
}
