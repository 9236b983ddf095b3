//! Plain-language sentences built from the report, in the context's own words for the
//! classes and the action. Shared by the terminal and the page.

use crate::context::Business;
use crate::format::{count, percent, plural, threshold};
use crate::report::OperatingPoint;

/// A piece of a sentence; `live` names what it shows at a threshold, so the page's
/// meeting mode can redraw it (`"fnr"`, `"noun:neg:false_alarms"`, `"be:missed"`;
/// see `page::live`). Plain text has `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub text: String,
    pub live: Option<String>,
}

pub fn plain(text: impl Into<String>) -> Part {
    Part { text: text.into(), live: None }
}

pub fn live(key: &str, text: impl Into<String>) -> Part {
    Part { text: text.into(), live: Some(key.to_owned()) }
}

/// "is" or "are" for a count, as the page's `be:` parts choose it.
fn be(n: f64) -> &'static str {
    if n.round() == 1.0 { "is" } else { "are" }
}

/// The headline for one operating point: its rates, then an average day.
pub fn headline(point: &OperatingPoint, business: &Business) -> String {
    headline_parts(point, business)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// The headline in parts, each number and each word that depends on one marked.
pub fn headline_parts(point: &OperatingPoint, business: &Business) -> Vec<Part> {
    let day = &point.per_day;
    let false_alarms = day.false_alarms.value;
    let missed = day.missed.value;
    let caught = day.caught.value;
    vec![
        plain("With threshold "),
        live("t", threshold(point.threshold)),
        plain(" the model has a "),
        live("fnr", percent(point.rates.false_negative_rate().value)),
        plain(" false-negative rate and a "),
        live("fpr", percent(point.rates.false_positive_rate.value)),
        plain(" false-positive rate. On an average day "),
        live("false_alarms", count(false_alarms)),
        plain(" "),
        live("noun:neg:false_alarms", plural(&business.negative, false_alarms)),
        plain(" "),
        live("be:false_alarms", be(false_alarms)),
        plain(format!(" flagged and {}, ", business.action)),
        live("missed", count(missed)),
        plain(" "),
        live("noun:pos:missed", plural(&business.positive, missed)),
        plain(" "),
        live("be:missed", be(missed)),
        plain(" missed and "),
        live("caught", count(caught)),
        plain(" "),
        live("be:caught", be(caught)),
        plain(" caught."),
    ]
}
