//! Plain-language sentences built from the report, in the context's own words for the
//! classes and the action. Shared by the terminal and the page.

use crate::input::context::{Business, Noun};
use crate::model::report::{OperatingPoint, Scenario, Varied};
use crate::present::format::{ShownThresholds, per_day, percent, plural};

/// A piece of a sentence; `meeting` names what it shows at a threshold, so the page's
/// meeting mode can redraw it (`"fnr"`, `"noun:neg:false_alarms"`, `"be:missed"`;
/// see `page::meeting`). Plain text has `None`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// The text shown.
    pub text: String,
    /// Meeting mode's key for this part; `None` for text that never changes.
    pub meeting: Option<String>,
}

/// Text that stays the same at every threshold.
pub(crate) fn plain(text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        meeting: None,
    }
}

/// Text that meeting mode redraws at each threshold, under `key`.
pub(crate) fn meeting_part(key: &str, text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        meeting: Some(key.to_owned()),
    }
}

/// "is" or "are" for a count as the page shows it: only "1" is singular (CLDR's
/// English rule: "1.0", "0" and "0.4" take the plural), as meeting mode's `be:` parts
/// choose it.
fn be(shown: &str) -> &'static str {
    if shown == "1" { "is" } else { "are" }
}

/// "a" or "an" before a number as the page shows it, by how it is said: "an 8.5%",
/// "an 11%", "an 18,000", "an 80%"; "a 5.0%", "a 0.84%", "a 110%". Meeting mode's
/// `an:` parts choose it by the same rule.
pub(crate) fn article(shown: &str) -> &'static str {
    let whole: String = shown
        .split('.')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // eight…, eighty…, eight hundred…; eleven and eighteen (thousand, million).
    let eleven_or_eighteen =
        [2, 5, 8].contains(&whole.len()) && (whole.starts_with("11") || whole.starts_with("18"));
    if shown.starts_with('8') || eleven_or_eighteen {
        "an"
    } else {
        "a"
    }
}

/// The noun for a count as the page shows it ("1" → `one`, anything else →
/// `other`); a label stays as written.
pub(crate) fn noun_for(noun: &Noun, shown: &str) -> String {
    match noun.other() {
        Some(other) if shown != "1" => other.to_owned(),
        _ => noun.one().to_owned(),
    }
}

/// The class in general, where a plural would go: "fraudulent transactions", or for
/// a label “Betrugsfall” cases.
pub(crate) fn cases_of(noun: &Noun) -> String {
    plural(noun, 2.0)
}

/// The headline for one operating point: its rates, then an average day. For the
/// terminal: the threshold is written on its own (see `format::threshold`).
pub(crate) fn headline(point: &OperatingPoint, business: &Business) -> String {
    headline_parts(point, business, &ShownThresholds::default())
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// The headline in parts, each number and each word that depends on one marked;
/// `thresholds` are the page's, so the threshold reads as it does elsewhere on it.
/// With a class known only as a label the day is told in labels ("loan that goes
/// bad: 64 missed and 266 caught"), which need no plural.
pub(crate) fn headline_parts(
    point: &OperatingPoint,
    business: &Business,
    thresholds: &ShownThresholds,
) -> Vec<Part> {
    let day = &point.per_day;
    let false_alarms = per_day(day.false_alarms.value);
    let missed = per_day(day.missed.value);
    let caught = per_day(day.caught.value);
    let fnr = percent(point.rates.false_negative_rate().value);
    let fpr = percent(point.rates.false_positive_rate.value);
    let mut parts = vec![
        plain("With threshold "),
        meeting_part("t", thresholds.show(point.threshold)),
        plain(" the model has "),
        meeting_part("an:fnr", article(&fnr)),
        plain(" "),
        meeting_part("fnr", fnr),
        plain(" false-negative rate and "),
        meeting_part("an:fpr", article(&fpr)),
        plain(" "),
        meeting_part("fpr", fpr),
    ];
    let (positive, negative) = (&business.positive, &business.negative);
    if positive.is_label() || negative.is_label() {
        parts.extend([
            plain(format!(
                " false-positive rate. On an average day — {}: ",
                negative.one()
            )),
            meeting_part("false_alarms", false_alarms),
            plain(format!(
                " flagged and {}; {}: ",
                business.action,
                positive.one()
            )),
            meeting_part("missed", missed),
            plain(" missed and "),
            meeting_part("caught", caught),
            plain(" caught."),
        ]);
        return parts;
    }
    parts.extend([
        plain(" false-positive rate. On an average day "),
        meeting_part("false_alarms", false_alarms.clone()),
        plain(" "),
        meeting_part("noun:neg:false_alarms", noun_for(negative, &false_alarms)),
        plain(" "),
        meeting_part("be:false_alarms", be(&false_alarms)),
        plain(format!(" flagged and {}, ", business.action)),
        meeting_part("missed", missed.clone()),
        plain(" "),
        meeting_part("noun:pos:missed", noun_for(positive, &missed)),
        plain(" "),
        meeting_part("be:missed", be(&missed)),
        plain(" missed and "),
        meeting_part("caught", caught.clone()),
        plain(" "),
        meeting_part("be:caught", be(&caught)),
        plain(" caught."),
    ]);
    parts
}

/// The text with its first letter upper-case ("fraud" → "Fraud").
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A sensitivity scenario in words: "as planned", "volume +20%", "share of
/// positives −50%".
pub(crate) fn scenario_label(scenario: &Scenario) -> String {
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

/// The capacity line's legend, from the context: "Capacity: 500 a day sent to manual
/// review" (not a fixed "Review capacity": the action may be calls or holds).
pub(crate) fn capacity_label(business: &crate::input::context::Business) -> String {
    match business.capacity_per_day {
        Some(c) => format!(
            "Capacity: {} a day {}",
            crate::present::format::count(c),
            business.action
        ),
        None => "Capacity".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_count_shown_as_1_takes_the_singular() {
        let noun = Noun::Forms {
            one: "loan that goes bad".into(),
            other: "loans that go bad".into(),
        };
        assert_eq!(noun_for(&noun, "1"), "loan that goes bad");
        for shown in ["0", "0.0", "0.4", "1.0", "14", "1,000"] {
            assert_eq!(noun_for(&noun, shown), "loans that go bad", "{shown}");
        }
        assert_eq!((be("1"), be("1.0"), be("0")), ("is", "are", "are"));
        let label = Noun::Label("Betrugsfall".into());
        assert_eq!(noun_for(&label, "14"), "Betrugsfall");
        assert_eq!(cases_of(&label), "“Betrugsfall” cases");
        assert_eq!(cases_of(&noun), "loans that go bad");
    }

    #[test]
    fn the_article_follows_how_the_number_is_said() {
        for shown in [
            "8.5%", "80.1%", "11%", "11.2%", "18.0%", "800", "18,000", "11,500", "8",
        ] {
            assert_eq!(article(shown), "an", "{shown}");
        }
        for shown in [
            "5.0%", "0.84%", "1.1%", "110.0%", "180", "1,100", "100.0%", "2.5%",
        ] {
            assert_eq!(article(shown), "a", "{shown}");
        }
    }
}
