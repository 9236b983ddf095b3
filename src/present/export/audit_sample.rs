//! The next audit sample as CSV: one row per case to label, in production order,
//! with an empty label column for the reviewers to fill, so the file comes back as
//! the audit (`monitoring.audit.probability: inclusion_probability`).
//!
//! Columns: the production id (under production's id column name), `score`,
//! `group` (`flagged`/`not_flagged`), `band` (1 nearest the threshold), `stratum`
//! (`flagged-1` …), `inclusion_probability` (n_h/N_h, written so it reads back
//! exactly), and the label column, empty. Ids are quoted as RFC 4180 asks, and an
//! id a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or
//! carriage return, OWASP's rule; plain numbers such as `-7` excepted) gets a `'`
//! before it, which the audit's id join takes off again
//! (`input::eval::ids::unescape_formula`), so the file still comes back as the audit.

use crate::input::eval::ids::FORMULA_STARTS;
use crate::model::monitoring::{AuditSample, Group};

/// The CSV bytes: `ids` and `scores` are production's, `id_column` and
/// `label_column` the headers for the id and the (empty) label.
pub(crate) fn audit_sample_csv(
    sample: &AuditSample,
    ids: &[String],
    scores: &[f64],
    id_column: &str,
    label_column: &str,
) -> Vec<u8> {
    let mut out = String::new();
    let header = [
        id_column,
        "score",
        "group",
        "band",
        "stratum",
        "inclusion_probability",
        label_column,
    ];
    out.push_str(&header.map(field).join(","));
    out.push('\n');
    for case in &sample.cases {
        let band = &sample.bands[case.band];
        let group = match band.group {
            Group::Flagged => "flagged",
            Group::NotFlagged => "not_flagged",
        };
        let row = [
            field(&inert(ids.get(case.row).map_or("", String::as_str))),
            scores.get(case.row).map_or(String::new(), f64::to_string),
            group.to_owned(),
            band.band.to_string(),
            format!("{group}-{}", band.band),
            band.probability().to_string(),
            String::new(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// A data cell a spreadsheet will not run: `'` before one that starts like a
/// formula, unless it is a plain number (`-7`, `-0.5`, `+1e3`).
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    let number = text.bytes().all(|b| b"0123456789.eE+-".contains(&b))
        && text.parse::<f64>().is_ok_and(f64::is_finite);
    if text.starts_with(FORMULA_STARTS) && !number {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// One text field, quoted when it needs it.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{field, inert};

    #[test]
    fn formulas_are_made_inert_and_numbers_kept() {
        assert_eq!(
            field(&inert("=HYPERLINK(\"http://x\",\"y\")")),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for text in ["+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "-inf"] {
            assert_eq!(inert(text), format!("'{text}"), "{text:?}");
        }
        for text in ["-7", "-0.5", "+3", "-1e3", "p-1", "7", ""] {
            assert_eq!(inert(text), text, "{text:?}");
        }
    }

    #[test]
    fn fields_are_quoted() {
        assert_eq!(field("p-0000001"), "p-0000001");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("-5"), "-5");
        assert_eq!(field(" x"), "\" x\"");
    }
}
