//! The raw sweep (`tradeoff sweep`) as a table for people, CSV or JSON rows
//! `{threshold, tp, fp, tn, fn}`.

use std::fmt::Write as _;

use serde_json::json;

use crate::present::export::json::number;
use crate::present::format;
use crate::stats::sweep::Counts;

/// Output format of `tradeoff sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    Table,
    Csv,
    Json,
}

/// Renders `rows` (threshold, counts) in `format`.
pub fn sweep_output(rows: &[(f64, Counts)], format: SweepFormat) -> String {
    match format {
        SweepFormat::Table => table(rows),
        SweepFormat::Csv => csv(rows),
        SweepFormat::Json => json(rows),
    }
}

fn plain(value: f64) -> String {
    number(value).to_string()
}

fn csv(rows: &[(f64, Counts)]) -> String {
    let mut out = String::from("threshold,tp,fp,tn,fn\n");
    for (t, c) in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            t,
            plain(c.tp),
            plain(c.fp),
            plain(c.tn),
            plain(c.fn_)
        );
    }
    out
}

fn json(rows: &[(f64, Counts)]) -> String {
    let values: Vec<_> = rows
        .iter()
        .map(|(t, c)| json!({ "threshold": t, "tp": number(c.tp), "fp": number(c.fp), "tn": number(c.tn), "fn": number(c.fn_) }))
        .collect();
    let mut out = serde_json::to_string_pretty(&values)
        .unwrap_or_else(|e| unreachable!("json values serialise: {e}"));
    out.push('\n');
    out
}

/// The thresholds as the table shows them: the usual format, or, when that would
/// show two different thresholds alike (scores below 1e-6 all read `0.000001`),
/// the fewest significant digits that tell every neighbour apart.
fn threshold_texts(rows: &[(f64, Counts)]) -> Vec<String> {
    let distinct = |texts: &[String]| {
        rows.windows(2)
            .zip(texts.windows(2))
            .all(|(r, t)| r[0].0 == r[1].0 || t[0] != t[1])
    };
    let usual: Vec<String> = rows.iter().map(|(t, _)| format::threshold(*t)).collect();
    if distinct(&usual) {
        return usual;
    }
    (3..=17)
        .map(|digits| {
            rows.iter()
                .map(|(t, _)| significant(*t, digits))
                .collect::<Vec<_>>()
        })
        .find(|texts| distinct(texts))
        .unwrap_or_else(|| rows.iter().map(|(t, _)| t.to_string()).collect())
}

/// `value` with `digits` significant digits, as a plain decimal: 5.1e-6 with three
/// digits is `0.00000510`.
fn significant(value: f64, digits: i32) -> String {
    if value == 0.0 || !value.is_finite() {
        return format::threshold(value);
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    format!("{value:.decimals$}")
}

fn table(rows: &[(f64, Counts)]) -> String {
    let header = [
        "threshold",
        "flagged",
        "tp",
        "fp",
        "tn",
        "fn",
        "TPR",
        "FPR",
        "precision",
    ];
    let thresholds = threshold_texts(rows);
    let body: Vec<[String; 9]> = rows
        .iter()
        .zip(thresholds)
        .map(|((_, c), threshold)| {
            [
                threshold,
                format::count(c.tp + c.fp),
                format::count(c.tp),
                format::count(c.fp),
                format::count(c.tn),
                format::count(c.fn_),
                format::percent_or_dash(c.true_positive_rate()),
                format::percent_or_dash(c.false_positive_rate()),
                format::percent_or_dash(c.precision()),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |cells: &[&str], out: &mut String| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:>w$}"))
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(&header, &mut out);
    for row in &body {
        line(
            &row.iter().map(String::as_str).collect::<Vec<_>>(),
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_tiny_thresholds_are_told_apart() {
        let rows: Vec<(f64, Counts)> = [5.1e-6, 4.9e-6, 1.5e-7, 5e-8]
            .into_iter()
            .map(|t| (t, Counts::default()))
            .collect();
        assert_eq!(
            threshold_texts(&rows),
            ["0.00000510", "0.00000490", "0.000000150", "0.0000000500"]
        );
        // Thresholds the usual format tells apart keep it.
        let rows = [(0.5, Counts::default()), (0.25, Counts::default())];
        assert_eq!(threshold_texts(&rows), ["0.50", "0.25"]);
    }
}
