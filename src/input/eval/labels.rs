//! Labels compared by meaning. A label written `1`, `1.0`, `"1"`, `true`, `True`
//! or `TRUE` is one value — as a number, 1 — whatever the column's type (text in
//! CSV and JSON, integers, floats, decimals, booleans or a dictionary in Parquet);
//! `0`, `0.0` and `false` are 0. Any other text is compared exactly (after
//! trimming spaces). Missing values (empty, `NA`, `null`, …) are never a class.

use std::fmt::Display;

use polars::prelude::*;

use super::check::{Checker, is_missing, shorten};
use super::{LabelValues, LoadError};

/// A label value by meaning.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LabelKey {
    /// A number or true (1) / false (0); never NaN, and −0 is 0.
    Number(f64),
    /// Any other text, trimmed.
    Text(String),
}

impl LabelKey {
    fn number(value: f64) -> Option<LabelKey> {
        // −0 + 0 = +0, so the two zeros are one label.
        (!value.is_nan()).then_some(LabelKey::Number(value + 0.0))
    }

    /// The label a cell or `data.positive` writes; `None` for a missing value.
    pub(super) fn parse(text: &str) -> Option<LabelKey> {
        let text = text.trim();
        if is_missing(text) {
            return None;
        }
        if text.eq_ignore_ascii_case("true") {
            return Some(LabelKey::Number(1.0));
        }
        if text.eq_ignore_ascii_case("false") {
            return Some(LabelKey::Number(0.0));
        }
        match text.parse::<f64>() {
            Ok(v) => LabelKey::number(v),
            Err(_) => Some(LabelKey::Text(text.to_owned())),
        }
    }
}

/// The label column as `bool`s (`true` for positive), the two values as first
/// written, and the 0-based rows whose label is missing.
pub(super) type Labels = (Vec<bool>, LabelValues, Vec<usize>);

impl Checker<'_> {
    /// Labels as `bool`s. The column must hold exactly two values by meaning, one
    /// of them `positive` (default: 1 / true).
    pub(super) fn labels(&self, column: &str, positive: Option<&str>) -> Result<Labels, LoadError> {
        let series = self.series(column);
        let target = match positive {
            None => LabelKey::Number(1.0),
            Some(p) => LabelKey::parse(p).unwrap_or_else(|| LabelKey::Text(p.trim().to_owned())),
        };
        let dtype = series.dtype();
        let shown = |row: usize| match series.get(row) {
            Ok(AnyValue::String(s)) => s.trim().to_owned(),
            Ok(AnyValue::StringOwned(s)) => s.trim().to_owned(),
            Ok(v) if dtype.is_float() => match v.extract::<f64>() {
                Some(f) => format!("{f:?}"),
                None => v.str_value().into_owned(),
            },
            // Categories (a CSV read compactly) and other values, trimmed as text is.
            Ok(v) => v.str_value().trim().to_owned(),
            Err(_) => String::new(),
        };
        if dtype.is_bool() {
            let ca = series.bool().map_err(|e| self.read_error(e))?;
            let keys = ca
                .iter()
                .map(|v| v.map(|b| LabelKey::Number(if b { 1.0 } else { 0.0 })));
            self.classify(column, keys, &target, positive, shown)
        } else if dtype.is_numeric() {
            let cast = series
                .cast(&DataType::Float64)
                .map_err(|e| self.read_error(e))?;
            let ca = cast.f64().map_err(|e| self.read_error(e))?;
            self.classify(
                column,
                ca.iter().map(|v| v.and_then(LabelKey::number)),
                &target,
                positive,
                shown,
            )
        } else if dtype.is_string()
            || dtype.is_null()
            || matches!(dtype, DataType::Categorical(..) | DataType::Enum(..))
        {
            // A categorical column is walked as its texts, never cast whole.
            let text;
            let cells: Box<dyn Iterator<Item = Option<&str>>> = match series.cat32() {
                Ok(categories) => Box::new(categories.iter_str()),
                Err(_) => {
                    text = series
                        .cast(&DataType::String)
                        .map_err(|e| self.read_error(e))?;
                    Box::new(text.str().map_err(|e| self.read_error(e))?.iter())
                }
            };
            // Labels repeat: parse each distinct text once.
            let mut seen: Vec<(&str, Option<LabelKey>)> = Vec::with_capacity(4);
            let keys = cells.map(|cell| {
                let cell = cell?;
                if let Some((_, key)) = seen.iter().find(|(t, _)| *t == cell) {
                    return key.clone();
                }
                let key = LabelKey::parse(cell);
                if seen.len() < 8 {
                    seen.push((cell, key.clone()));
                }
                key
            });
            self.classify(column, keys, &target, positive, shown)
        } else {
            Err(LoadError::BadValue {
                file: self.file().to_owned(),
                column: column.to_owned(),
                place: self.place(0),
                value: format!("a column of type {dtype}"),
                expected: "a label (0/1, true/false or text)",
                hint: "",
            })
        }
    }

    fn one_class_error(&self, column: &str, present: String) -> LoadError {
        LoadError::OneClass {
            file: self.file().to_owned(),
            column: column.to_owned(),
            present,
            advice: ": set data.positive (or --positive) to the label value that means positive"
                .to_owned(),
        }
    }

    /// Sorts rows into positive and negative by their keys; `shown` gives a row's
    /// label as written, for messages and the page.
    fn classify<S: Display>(
        &self,
        column: &str,
        keys: impl Iterator<Item = Option<LabelKey>>,
        target: &LabelKey,
        positive_spec: Option<&str>,
        shown: impl Fn(usize) -> S,
    ) -> Result<Labels, LoadError> {
        let wanted = positive_spec.unwrap_or("1");
        let mut flags = Vec::with_capacity(keys.size_hint().0);
        let mut positive_row: Option<usize> = None;
        let mut negative: Option<(LabelKey, usize)> = None;
        let mut missing: Vec<usize> = Vec::new();
        for (row, key) in keys.enumerate() {
            let Some(key) = key else {
                missing.push(row);
                flags.push(false);
                continue;
            };
            if key == *target {
                positive_row.get_or_insert(row);
                flags.push(true);
                continue;
            }
            match &negative {
                None => negative = Some((key, row)),
                Some((n, _)) if *n == key => {}
                Some((_, first)) if positive_row.is_none() => {
                    return Err(self.one_class_error(
                        column,
                        format!(
                            "the values `{}` and `{}` up to {}, and neither is the positive value `{wanted}`",
                            shorten(&shown(*first).to_string()),
                            shorten(&shown(row).to_string()),
                            self.place(row)
                        ),
                    ));
                }
                Some((_, first)) => {
                    let p =
                        positive_row.map_or_else(|| wanted.to_owned(), |r| shown(r).to_string());
                    return Err(LoadError::ThirdLabel {
                        file: self.file().to_owned(),
                        column: column.to_owned(),
                        place: self.place(row),
                        value: shorten(&shown(row).to_string()),
                        known: format!(
                            "neither the positive value `{}` nor the negative value `{}` seen before",
                            shorten(&p),
                            shorten(&shown(*first).to_string())
                        ),
                    });
                }
            }
            flags.push(false);
        }
        match (positive_row, negative) {
            (Some(p), Some((_, n))) => Ok((
                flags,
                LabelValues {
                    positive: shown(p).to_string(),
                    negative: shown(n).to_string(),
                },
                missing,
            )),
            (None, Some((_, n))) => Err(self.one_class_error(
                column,
                format!(
                    "the value `{}`; the positive value `{wanted}` never occurs",
                    shorten(&shown(n).to_string())
                ),
            )),
            (Some(p), None) => Err(LoadError::OneClass {
                file: self.file().to_owned(),
                column: column.to_owned(),
                present: format!("positive cases (`{}`)", shorten(&shown(p).to_string())),
                advice: ": add negative cases to the evaluation set".to_owned(),
            }),
            (None, None) if !missing.is_empty() => Err(self.invalid(
                column,
                missing.len(),
                "missing",
                self.place(missing[0]),
                "every row needs a label: fill them in",
            )),
            (None, None) => Err(LoadError::Empty {
                file: self.file().to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_by_meaning() {
        let one = Some(LabelKey::Number(1.0));
        for text in ["1", "1.0", " 1 ", "true", "True", "TRUE", "1e0", "+1"] {
            assert_eq!(LabelKey::parse(text), one, "{text}");
        }
        assert_eq!(LabelKey::parse("-0.0"), Some(LabelKey::Number(0.0)));
        assert_eq!(LabelKey::parse("FALSE"), Some(LabelKey::Number(0.0)));
        assert_eq!(
            LabelKey::parse(" Fraud "),
            Some(LabelKey::Text("Fraud".into()))
        );
        assert_ne!(LabelKey::parse("fraud"), LabelKey::parse("Fraud"));
        for missing in ["", "NA", "N/A", "null", "NaN", "None", "nan", "#N/A"] {
            assert_eq!(LabelKey::parse(missing), None, "{missing}");
        }
    }
}
