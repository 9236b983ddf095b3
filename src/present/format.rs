//! Every number, percentage, threshold and date a person reads goes through here, so
//! the page, the terminal and the tests agree on how "14" or "5.0%" is written.

/// A count of cases rounded to a whole number with thousands separators: `8,280`.
pub fn count(value: f64) -> String {
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
pub fn signed_count(value: f64) -> String {
    let rounded = value.round();
    if rounded > 0.0 {
        format!("+{}", count(rounded))
    } else if rounded < 0.0 {
        count(rounded)
    } else {
        "±0".to_owned()
    }
}

/// A share as a percentage with one decimal: `0.05` → `5.0%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A share that may be undefined.
pub fn percent_or_dash(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), percent)
}

/// A threshold with at least two decimals and as many more (up to six) as it needs:
/// `0.5` → `0.50`, `0.125` → `0.125`.
pub fn threshold(value: f64) -> String {
    let text = format!("{value:.6}");
    let trimmed = text.trim_end_matches('0');
    let decimals = trimmed.split('.').nth(1).map_or(0, str::len);
    if decimals < 2 {
        format!("{value:.2}")
    } else {
        trimmed.to_owned()
    }
}

/// Money rounded to whole units with the currency code: `USD 4,180`.
pub fn money(value: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{c} {}", count(value)),
        None => count(value),
    }
}

/// A count range: `10–19`.
pub fn count_range(low: f64, high: f64) -> String {
    format!("{}–{}", count(low), count(high))
}

/// A percentage range: `3.2%–7.1%`.
pub fn percent_range(low: f64, high: f64) -> String {
    format!("{}–{}", percent(low), percent(high))
}

/// English plural of a noun phrase by its last word: "valid transaction" →
/// "valid transactions", "policy" → "policies", "case" → "cases".
pub fn plural(noun: &str, count: f64) -> String {
    if count.round() == 1.0 {
        return noun.to_owned();
    }
    let lower = noun.to_lowercase();
    let ends_with_consonant_y = lower.ends_with('y')
        && !matches!(
            lower.chars().rev().nth(1),
            Some('a' | 'e' | 'i' | 'o' | 'u')
        );
    if ends_with_consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
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
        assert_eq!(signed_count(120.2), "+120");
        assert_eq!(signed_count(-6.0), "−6");
        assert_eq!(signed_count(0.3), "±0");
    }

    #[test]
    fn thresholds_and_percentages() {
        assert_eq!(threshold(0.5), "0.50");
        assert_eq!(threshold(0.35), "0.35");
        assert_eq!(threshold(0.125), "0.125");
        assert_eq!(threshold(-2.0), "-2.00");
        assert_eq!(percent(0.05), "5.0%");
        assert_eq!(percent(0.025), "2.5%");
        assert_eq!(percent_or_dash(None), "–");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("valid transaction", 200.0), "valid transactions");
        assert_eq!(
            plural("fraudulent transaction", 1.0),
            "fraudulent transaction"
        );
        assert_eq!(plural("policy", 2.0), "policies");
        assert_eq!(plural("day", 2.0), "days");
        assert_eq!(plural("address", 2.0), "addresses");
    }
}
