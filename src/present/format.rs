//! Every number, percentage, threshold and date a person reads goes through here, so
//! the page, the terminal and the tests agree on how "14" or "5.0%" is written.
//!
//! One rule throughout: a number gets the digits it needs and no more.
//! - Thresholds and scores keep as many significant digits as it takes to tell them
//!   from their neighbours on the page ([`ShownThresholds`]): `0.50` beside `0.5014`,
//!   `1.5e-7` beside `5e-8`; never `0.00` for a threshold that is not zero.
//! - Percentages have one decimal and at least two significant digits (`5.0%`,
//!   `0.50%`, `0.067%`), never `100.0%` for less than all; [`percents`] adds digits
//!   until different values read differently.
//! - Counts per day below 10 keep one decimal ("0.4 missed a day", not "0" beside a
//!   range of 0–1); larger ones are whole, with thousands separators.

use crate::input::context::Noun;

/// A count of cases rounded to a whole number with thousands separators: `8,280`.
pub(crate) fn count(value: f64) -> String {
    let rounded = value.round();
    if !rounded.is_finite() {
        return "–".to_owned();
    }
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if rounded < 0.0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with an explicit sign, for differences: `+120`, `−6`, `±0`.
pub(crate) fn signed_count(value: f64) -> String {
    signed(value.round(), count(value))
}

/// An average count per day: one decimal below 10 (`0.4`, `9.5`), else whole with
/// thousands separators (`14`, `8,280`). A value that rounds to 10.0 is written `10`.
pub(crate) fn per_day(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.abs() < 10.0 {
        let text = format!("{:.1}", tenths.abs());
        if tenths < 0.0 {
            format!("−{text}")
        } else {
            text
        }
    } else {
        count(value)
    }
}

/// A per-day count written so that it reads differently from `other` when it is
/// different: [`per_day`], with up to two more decimals where the two would read the
/// same (`269.6` beside a goal of `270`).
pub(crate) fn per_day_apart(value: f64, other: f64) -> String {
    let text = per_day(value);
    if value == other || text != per_day(other) {
        return text;
    }
    for decimals in 1..=2 {
        let (a, b) = (format!("{value:.decimals$}"), format!("{other:.decimals$}"));
        if a != b {
            return a;
        }
    }
    text
}

/// A per-day difference with an explicit sign: `+0.4`, `−6`, `±0`.
pub(crate) fn signed_per_day(value: f64) -> String {
    let text = per_day(value);
    let shown_zero = text
        .trim_start_matches('−')
        .chars()
        .all(|c| c == '0' || c == '.');
    signed(if shown_zero { 0.0 } else { value }, text)
}

fn signed(value: f64, text: String) -> String {
    if value > 0.0 {
        format!("+{text}")
    } else if value < 0.0 {
        text
    } else {
        "±0".to_owned()
    }
}

/// A per-day range: `10–19`, `0.1–1.2`.
pub(crate) fn per_day_range(low: f64, high: f64) -> String {
    format!("{}–{}", per_day(low), per_day(high))
}

/// A count range: `10–19`.
pub(crate) fn count_range(low: f64, high: f64) -> String {
    format!("{}–{}", count(low), count(high))
}

/// A share as a percentage: one decimal, at least two significant digits, and never
/// `100.0%` for less than all: `0.05` → `5.0%`, `0.005` → `0.50%`, `0.00067` →
/// `0.067%`, `0.99996` → `99.996%`.
pub(crate) fn percent(share: f64) -> String {
    percent_with(share, 0)
}

/// Shares as percentages, with digits added to all of them (up to four) until values
/// that differ read differently: `[0.0005, 0.00067]` → `0.050%`, `0.067%`;
/// `[0.0504, 0.0501]` → `5.04%`, `5.01%`. Values closer than four more digits can
/// show are as good as equal and keep the plain form.
pub(crate) fn percents(shares: &[f64]) -> Vec<String> {
    let mut extra = 0;
    loop {
        let texts: Vec<String> = shares.iter().map(|&s| percent_with(s, extra)).collect();
        let clash = shares.iter().enumerate().any(|(i, a)| {
            shares[i + 1..]
                .iter()
                .zip(&texts[i + 1..])
                .any(|(b, t)| a != b && *t == texts[i])
        });
        if !clash {
            return texts;
        }
        if extra >= 4 {
            return shares.iter().map(|&s| percent(s)).collect();
        }
        extra += 1;
    }
}

fn percent_with(share: f64, extra: usize) -> String {
    let pct = share * 100.0;
    if !pct.is_finite() {
        return "–".to_owned();
    }
    let size = pct.abs();
    let mut decimals = if size > 0.0 && size < 1.0 {
        // Two significant digits: 0.50, 0.050, 0.0050.
        (1.0 - size.log10().floor()).clamp(1.0, 12.0) as usize
    } else {
        1
    };
    decimals += extra;
    let mut text = format!("{pct:.decimals$}");
    // Less than all never reads as all.
    while size < 100.0 && text.trim_start_matches('-') == format!("{:.decimals$}", 100.0) {
        decimals += 1;
        text = format!("{pct:.decimals$}");
    }
    format!("{text}%")
}

/// A share that may be undefined.
pub(crate) fn percent_or_dash(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), percent)
}

/// A percentage range: `3.2%–7.1%`.
pub(crate) fn percent_range(low: f64, high: f64) -> String {
    format!("{}–{}", percent(low), percent(high))
}

/// The thresholds a page (or a table) shows, so that each threshold or score on it is
/// written with the significant digits that tell it from the nearest of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShownThresholds {
    /// Distinct finite values, ascending.
    sorted: Vec<f64>,
}

impl ShownThresholds {
    /// The set of thresholds shown together.
    pub(crate) fn new(values: impl IntoIterator<Item = f64>) -> Self {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        ShownThresholds { sorted }
    }

    /// `value` with its own digits (at least two significant, up to three when it has
    /// them: `0.50`, `0.125`, `0.313` for 0.312517) and more only while it would read
    /// like the nearest other threshold of the set below or above it (`0.5014`
    /// beside `0.50`): enough digits to tell neighbours apart, no more (issue 24). Fixed notation from 0.001 to a
    /// million (at least two decimals), else scientific (`1.5e-7`).
    pub(crate) fn show(&self, value: f64) -> String {
        if !value.is_finite() {
            return "–".to_owned();
        }
        let at = self.sorted.partition_point(|&v| v < value);
        let below = at.checked_sub(1).map(|i| self.sorted[i]);
        let above = self.sorted[at..].iter().copied().find(|&v| v != value);
        let own = (2..=6)
            .find(|&s| round_significant(value, s) == value)
            .unwrap_or(3);
        let mut digits = own;
        while digits < 17
            && [below, above]
                .into_iter()
                .flatten()
                .any(|n| round_significant(n, digits) == round_significant(value, digits))
        {
            digits += 1;
        }
        significant(value, digits)
    }
}

/// Each of `values` as [`ShownThresholds::show`] writes it among the others.
pub(crate) fn thresholds_apart(values: &[f64]) -> Vec<String> {
    let shown = ShownThresholds::new(values.iter().copied());
    values.iter().map(|&v| shown.show(v)).collect()
}

/// A threshold or score on its own: [`ShownThresholds::show`] with no neighbours.
pub(crate) fn threshold(value: f64) -> String {
    ShownThresholds::default().show(value)
}

/// `value` rounded to `digits` significant digits.
fn round_significant(value: f64, digits: usize) -> f64 {
    format!("{value:.*e}", digits - 1).parse().unwrap_or(value)
}

/// `value` written with `digits` significant digits, trailing zeros dropped.
fn significant(value: f64, digits: usize) -> String {
    let rounded = round_significant(value, digits);
    if rounded == 0.0 {
        return "0.00".to_owned();
    }
    let size = rounded.abs();
    if !(1e-3..1e6).contains(&size) {
        let text = format!("{rounded:.*e}", digits - 1);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        return format!("{mantissa}e{exponent}");
    }
    let decimals = (digits as i32 - 1 - size.log10().floor() as i32).max(2) as usize;
    let text = format!("{rounded:.decimals$}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    format!("{whole}.{fraction:0<2}")
}

/// The class name after a count written as a whole number (`count(n)`): `one` for 1,
/// `other` for anything else; a name known only as a label becomes “label” case(s),
/// which needs no plural of it. Where the count is written otherwise (`per_day`),
/// use `sentences::noun_for` with the text shown.
pub(crate) fn plural(noun: &Noun, count: f64) -> String {
    let single = count.round() == 1.0;
    match noun.other() {
        Some(other) if !single => other.to_owned(),
        Some(_) => noun.one().to_owned(),
        None => format!("“{}” {}", noun.one(), if single { "case" } else { "cases" }),
    }
}

/// Money rounded to whole units with the currency code: `USD 4,180`.
pub(crate) fn money(value: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{c} {}", count(value)),
        None => count(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_signs() {
        assert_eq!(count(8280.0), "8,280");
        assert_eq!(count(13.99), "14");
        assert_eq!(count(1_234_567.4), "1,234,567");
        assert_eq!(count(0.4), "0");
        assert_eq!(count(-1_500.0), "−1,500");
        assert_eq!(count(f64::NAN), "–");
        assert_eq!(signed_count(120.2), "+120");
        assert_eq!(signed_count(-6.0), "−6");
        assert_eq!(signed_count(0.3), "±0");
    }

    #[test]
    fn per_day_counts_keep_a_decimal_below_ten() {
        assert_eq!(per_day(0.4), "0.4");
        assert_eq!(per_day(0.04), "0.0");
        assert_eq!(per_day(0.0), "0.0");
        assert_eq!(per_day(9.94), "9.9");
        assert_eq!(per_day(9.96), "10");
        assert_eq!(per_day(13.99), "14");
        assert_eq!(per_day(1e9), "1,000,000,000");
        assert_eq!(per_day(-0.4), "−0.4");
        assert_eq!(per_day(f64::INFINITY), "–");
        assert_eq!(per_day_range(0.12, 1.16), "0.1–1.2");
        assert_eq!(per_day_range(9.6, 19.2), "9.6–19");
        assert_eq!(per_day_apart(269.6, 270.0), "269.6");
        assert_eq!(per_day_apart(269.6, 300.0), "270");
        assert_eq!(per_day_apart(0.44, 0.4), "0.44");
        assert_eq!(per_day_apart(270.0, 270.0), "270");
        assert_eq!(signed_per_day(0.44), "+0.4");
        assert_eq!(signed_per_day(-6.2), "−6.2");
        assert_eq!(signed_per_day(-16.2), "−16");
        assert_eq!(signed_per_day(0.04), "±0");
        assert_eq!(signed_per_day(-0.02), "±0");
    }

    #[test]
    fn percentages_have_two_significant_digits_and_never_round_to_all() {
        assert_eq!(percent(0.05), "5.0%");
        assert_eq!(percent(0.025), "2.5%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.005), "0.50%");
        assert_eq!(percent(0.0005), "0.050%");
        assert_eq!(percent(0.00067), "0.067%");
        assert_eq!(percent(1.5e-9), "0.00000015%");
        assert_eq!(percent(0.99996), "99.996%");
        assert_eq!(percent(0.9996), "99.96%");
        assert_eq!(percent(0.999), "99.9%");
        assert_eq!(percent(-0.05), "-5.0%");
        assert_eq!(percent(12.5), "1250.0%");
        assert_eq!(percent_or_dash(None), "–");
        assert_eq!(percent_or_dash(Some(f64::NAN)), "–");
    }

    #[test]
    fn percentages_that_differ_read_differently() {
        assert_eq!(percents(&[0.0005, 0.00067]), ["0.050%", "0.067%"]);
        assert_eq!(percents(&[0.0504, 0.0501]), ["5.04%", "5.01%"]);
        // tied values stay tied and cost no digits
        assert_eq!(percents(&[0.05, 0.05]), ["5.0%", "5.0%"]);
        assert_eq!(percents(&[0.05, 0.05, 0.2]), ["5.0%", "5.0%", "20.0%"]);
        // a difference beyond four more digits is not worth showing
        assert_eq!(percents(&[0.5, 0.5 + 1e-12]), ["50.0%", "50.0%"]);
        assert_eq!(percents(&[0.5, 0.500_001]), ["50.0000%", "50.0001%"]);
    }

    #[test]
    fn a_threshold_alone_keeps_its_own_digits() {
        assert_eq!(threshold(0.5), "0.50");
        assert_eq!(threshold(0.35), "0.35");
        assert_eq!(threshold(0.125), "0.125");
        assert_eq!(threshold(0.5014), "0.5014");
        assert_eq!(threshold(0.0), "0.00");
        assert_eq!(threshold(-0.0), "0.00");
        assert_eq!(threshold(1.0), "1.00");
        // negative
        assert_eq!(threshold(-2.0), "-2.00");
        assert_eq!(threshold(-0.35), "-0.35");
        // tiny: never 0.00
        assert_eq!(threshold(1.5e-7), "1.5e-7");
        assert_eq!(threshold(5e-8), "5e-8");
        assert_eq!(threshold(-1.5e-7), "-1.5e-7");
        assert_eq!(threshold(0.002), "0.002");
        assert_eq!(threshold(0.0005), "5e-4");
        // huge
        assert_eq!(threshold(123_456.0), "123456.00");
        assert_eq!(threshold(1.5e12), "1.5e12");
        // a value with many digits shows three unless neighbours need more
        assert_eq!(threshold(0.498_732_18), "0.499");
        assert_eq!(threshold(0.699_999_988_079_071), "0.70");
        assert_eq!(threshold(f64::NAN), "–");
    }

    #[test]
    fn thresholds_get_the_digits_that_tell_them_from_their_neighbours() {
        let page = ShownThresholds::new([0.5, 0.5014, 0.3, 0.7]);
        assert_eq!(page.show(0.5), "0.50");
        assert_eq!(page.show(0.5014), "0.5014");
        let page = ShownThresholds::new([0.5, 0.50004]);
        assert_eq!(page.show(0.5), "0.50");
        assert_eq!(page.show(0.50004), "0.50004");
        // a score between two grid points
        let grid = ShownThresholds::new((0..=1000).map(|i| f64::from(i) / 1000.0));
        assert_eq!(grid.show(0.5), "0.50");
        assert_eq!(grid.show(0.351), "0.351");
        assert_eq!(grid.show(0.49873218), "0.4987");
        // float32's 0.7 beside the threshold 0.7
        let page = ShownThresholds::new([0.7]);
        assert_eq!(page.show(0.699_999_988_079_071), "0.69999999");
        // tiny thresholds and scores
        let page = ShownThresholds::new([5e-8, 1.5e-7, 4e-7, 0.0]);
        let shown: Vec<String> = [5e-8, 1.5e-7, 4e-7, 1.4e-7, 0.0]
            .iter()
            .map(|&t| page.show(t))
            .collect();
        assert_eq!(shown, ["5e-8", "1.5e-7", "4e-7", "1.4e-7", "0.00"]);
        // huge and negative neighbours
        let page = ShownThresholds::new([1.5e12, 1.5000001e12, -2.0, -2.001]);
        assert_eq!(page.show(1.5e12), "1.5e12");
        assert_eq!(page.show(1.5000001e12), "1.5000001e12");
        assert_eq!(page.show(-2.0), "-2.00");
        assert_eq!(page.show(-2.001), "-2.001");
        // ties: a value equal to one in the set is not its own neighbour
        let page = ShownThresholds::new([0.5, 0.5, 0.5]);
        assert_eq!(page.show(0.5), "0.50");
    }

    #[test]
    fn class_names_after_a_whole_count() {
        let noun = Noun::Forms {
            one: "valid transaction".into(),
            other: "valid transactions".into(),
        };
        assert_eq!(plural(&noun, 1.0), "valid transaction");
        assert_eq!(plural(&noun, 0.0), "valid transactions");
        assert_eq!(plural(&noun, 200.0), "valid transactions");
        let label = Noun::Label("valid".into());
        assert_eq!(plural(&label, 1.0), "“valid” case");
        assert_eq!(plural(&label, 14.0), "“valid” cases");
    }

    #[test]
    fn distinct_thresholds_always_read_differently() {
        let values: Vec<f64> = (0..200)
            .map(|i| 1e-7 * (1.0 + f64::from(i) * 1e-3))
            .chain([0.1, 0.1 + 1e-12, 3.0, -3.0])
            .collect();
        let page = ShownThresholds::new(values.iter().copied());
        let mut shown: Vec<String> = values.iter().map(|&v| page.show(v)).collect();
        shown.sort();
        shown.dedup();
        assert_eq!(shown.len(), values.len());
        for v in &values {
            let back: f64 = page.show(*v).parse().unwrap();
            assert!((back - v).abs() <= v.abs() * 0.01, "{v} shown as {back}");
        }
    }
}
