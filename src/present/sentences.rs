//! Plain-language sentences built from the report, in the context's own words for the
//! classes and the action. Shared by the terminal and the page.

use crate::input::context::Business;
use crate::model::report::{OperatingPoint, Scenario, Varied};
use crate::present::format::{count, percent, plural, threshold};

/// A piece of a sentence; `meeting` names what it shows at a threshold, so the page's
/// meeting mode can redraw it (`"fnr"`, `"noun:neg:false_alarms"`, `"be:missed"`;
/// see `page::meeting`). Plain text has `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The text shown.
    pub text: String,
    /// Meeting mode's key for this part; `None` for text that never changes.
    pub meeting: Option<String>,
}

/// Text that stays the same at every threshold.
pub fn plain(text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        meeting: None,
    }
}

/// Text that meeting mode redraws at each threshold, under `key`.
pub fn meeting_part(key: &str, text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        meeting: Some(key.to_owned()),
    }
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
        meeting_part("t", threshold(point.threshold)),
        plain(" the model has a "),
        meeting_part("fnr", percent(point.rates.false_negative_rate().value)),
        plain(" false-negative rate and a "),
        meeting_part("fpr", percent(point.rates.false_positive_rate.value)),
        plain(" false-positive rate. On an average day "),
        meeting_part("false_alarms", count(false_alarms)),
        plain(" "),
        meeting_part(
            "noun:neg:false_alarms",
            plural(&business.negative, false_alarms),
        ),
        plain(" "),
        meeting_part("be:false_alarms", be(false_alarms)),
        plain(format!(" flagged and {}, ", business.action)),
        meeting_part("missed", count(missed)),
        plain(" "),
        meeting_part("noun:pos:missed", plural(&business.positive, missed)),
        plain(" "),
        meeting_part("be:missed", be(missed)),
        plain(" missed and "),
        meeting_part("caught", count(caught)),
        plain(" "),
        meeting_part("be:caught", be(caught)),
        plain(" caught."),
    ]
}

/// The text with its first letter upper-case ("fraud" → "Fraud").
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A sensitivity scenario in words: "as planned", "volume +20%", "share of
/// positives −50%".
pub fn scenario_label(scenario: &Scenario) -> String {
    if scenario.change == 0.0 {
        return "as planned".to_owned();
    }
    let what = match scenario.varied {
        Varied::Volume => "volume",
        Varied::Prevalence => "share of positives",
    };
    let sign = if scenario.change > 0.0 { "+" } else { "−" };
    format!("{what} {sign}{:.0}%", scenario.change.abs() * 100.0)
}
