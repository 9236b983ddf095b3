//! Plain-language sentences built from the report, in the context's own words for the
//! classes and the action. Shared by the terminal and the page.

use crate::context::Business;
use crate::format::{count, percent, plural, threshold};
use crate::report::OperatingPoint;

/// The headline for one operating point: its rates, then an average day.
pub fn headline(point: &OperatingPoint, business: &Business) -> String {
    let day = &point.per_day;
    let false_alarms = day.false_alarms.value;
    let missed = day.missed.value;
    let be = |n: f64| if n.round() == 1.0 { "is" } else { "are" };
    format!(
        "With threshold {} the model has a {} false-negative rate and a {} false-positive rate. \
         On an average day {} {} {} flagged and {}, {} {} {} missed and {} {} caught.",
        threshold(point.threshold),
        percent(point.rates.false_negative_rate().value),
        percent(point.rates.false_positive_rate.value),
        count(false_alarms),
        plural(&business.negative, false_alarms),
        be(false_alarms),
        business.action,
        count(missed),
        plural(&business.positive, missed),
        be(missed),
        count(day.caught.value),
        be(day.caught.value),
    )
}
