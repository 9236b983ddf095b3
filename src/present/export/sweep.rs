//! The raw sweep (`tradeoff sweep`) as a table for people, CSV or JSON rows
//! `{threshold, tp, fp, tn, fn}`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::present::export::json::Count;
use crate::present::format;
use crate::stats::sweep::Counts;

/// Output format of `tradeoff sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SweepFormat {
    /// Aligned columns for a terminal.
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of `{threshold, tp, fp, tn, fn}` rows.
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
    serde_json::to_string(&Count(value)).unwrap_or_default()
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

/// One row of `tradeoff sweep --format json`: the counts when every case with
/// `score >= threshold` is flagged. Counts are cases (weighted cases when the
/// context gives `data.weight`; a counted row counts `data.count` times). The
/// fields are in alphabetical order: the bytes the rows had as `serde_json`
/// maps, which sort their keys.
#[derive(Debug, Clone, Copy, Serialize)]
struct SweepRow {
    /// False negatives: positives scoring below the threshold.
    #[serde(rename = "fn")]
    fn_: Count,
    /// False positives: negatives flagged.
    fp: Count,
    /// The threshold: a distinct score of the evaluation.
    threshold: f64,
    /// True negatives: negatives not flagged.
    tn: Count,
    /// True positives: positives flagged.
    tp: Count,
}

fn json(rows: &[(f64, Counts)]) -> String {
    let values: Vec<SweepRow> = rows
        .iter()
        .map(|&(threshold, c)| SweepRow {
            fn_: Count(c.fn_),
            fp: Count(c.fp),
            threshold,
            tn: Count(c.tn),
            tp: Count(c.tp),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&values)
        .unwrap_or_else(|e| unreachable!("json values serialise: {e}"));
    out.push('\n');
    out
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
    // Each threshold with the digits that tell it from the rows beside it.
    let thresholds = format::ShownThresholds::new(rows.iter().map(|(t, _)| *t));
    let body: Vec<[String; 9]> = rows
        .iter()
        .map(|(t, c)| {
            [
                thresholds.show(*t),
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
        let table = sweep_output(&rows, SweepFormat::Table);
        let shown: Vec<&str> = table
            .lines()
            .skip(1)
            .map(|line| line.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(shown.len(), 4);
        for (i, a) in shown.iter().enumerate() {
            assert!(!a.trim_matches(['0', '.']).is_empty(), "{a} reads as zero");
            for b in &shown[i + 1..] {
                assert_ne!(a, b, "two thresholds shown alike: {shown:?}");
            }
        }
    }
}
