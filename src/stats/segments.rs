//! Breakdown by segment at one threshold: for each value of a `data.segments`
//! column, its share of production volume and of flags, and its false-negative and
//! false-positive rates with 95 % intervals, each tested against the rest of the
//! data. Pure: one pass over the rows.

use crate::stats::interval::{self, Estimate};
use crate::stats::production::Production;
use crate::stats::tally::{Tally, tally_groups};
use crate::stats::weights::RowWeights;

/// A breakdown column: each row's value as an index into `names`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The column's name in the evaluation file.
    pub column: String,
    /// Distinct values in order of first appearance; a missing value is "(missing)".
    pub names: Vec<String>,
    /// Each row's value, as an index into `names`.
    pub codes: Vec<u32>,
}

/// One segment value at the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentRow {
    /// The segment's value.
    pub name: String,
    /// Evaluation cases (weighted) in the segment.
    pub cases: f64,
    /// Weighted positives in the segment.
    pub positives: f64,
    /// Share of production volume and of production flags, reweighting the
    /// evaluation's classes to the production prevalence.
    pub share_of_volume: f64,
    /// The segment's share of the flags, at production scale.
    pub share_of_flags: f64,
    /// `None` when the segment has no positives (negatives).
    pub false_negative_rate: Option<Estimate>,
    /// False-positive rate within the segment, with its interval; `None` without negatives.
    pub false_positive_rate: Option<Estimate>,
    /// The rate differs from the rest of the data by more than chance: two-sided
    /// two-proportion z-test at 5 %, Bonferroni-corrected over all tests of the column.
    pub false_negative_rate_differs: bool,
    /// Whether the false-positive rate differs from the rest beyond chance (Bonferroni-corrected z-test at 5 %).
    pub false_positive_rate_differs: bool,
}

/// One breakdown column.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The segment column.
    pub column: String,
    /// Largest share of volume first.
    pub rows: Vec<SegmentRow>,
}

/// Breaks `segment` down at `threshold`.
pub fn build_breakdown(
    segment: &Segment,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    threshold: f64,
    production: &Production,
) -> Breakdown {
    let codes = &segment.codes;
    let tallies = tally_groups(
        segment.names.len(),
        |i| codes[i] as usize,
        scores,
        positive,
        weights,
        threshold,
    );
    let total = tallies.iter().fold(Tally::default(), |sum, t| sum.plus(t));
    // Each evaluation positive stands for π / π_eval production cases, each negative
    // for (1 − π) / (1 − π_eval).
    let evaluation_prevalence = total.positives / (total.positives + total.negatives);
    let weight_positive = production.prevalence / evaluation_prevalence;
    let weight_negative = (1.0 - production.prevalence) / (1.0 - evaluation_prevalence);
    let volume = |t: &Tally| t.positives * weight_positive + t.negatives * weight_negative;
    let flags = |t: &Tally| t.caught * weight_positive + t.false_alarms * weight_negative;
    let tests = (2 * tallies.len()).max(1) as f64;
    let mut rows: Vec<SegmentRow> = tallies
        .iter()
        .zip(&segment.names)
        .map(|(t, name)| {
            let rest = total.minus(t);
            SegmentRow {
                name: name.clone(),
                cases: t.cases(),
                positives: t.positives,
                share_of_volume: volume(t) / volume(&total),
                share_of_flags: if flags(&total) > 0.0 {
                    flags(t) / flags(&total)
                } else {
                    0.0
                },
                false_negative_rate: (t.positives > 0.0)
                    .then(|| t.missed() / t.positives)
                    .and_then(|p| interval::wilson(p, t.positives)),
                false_positive_rate: (t.negatives > 0.0)
                    .then(|| t.false_alarms / t.negatives)
                    .and_then(|p| interval::wilson(p, t.negatives)),
                false_negative_rate_differs: differs(
                    t.missed(),
                    t.positives,
                    rest.missed(),
                    rest.positives,
                    tests,
                ),
                false_positive_rate_differs: differs(
                    t.false_alarms,
                    t.negatives,
                    rest.false_alarms,
                    rest.negatives,
                    tests,
                ),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.share_of_volume
            .total_cmp(&a.share_of_volume)
            .then(a.name.cmp(&b.name))
    });
    Breakdown {
        column: segment.column.clone(),
        rows,
    }
}

/// Two-sided two-proportion z-test of x1/n1 against x2/n2 at 5 % / `tests`.
fn differs(x1: f64, n1: f64, x2: f64, n2: f64, tests: f64) -> bool {
    if n1 < 1.0 || n2 < 1.0 {
        return false;
    }
    let pooled = (x1 + x2) / (n1 + n2);
    let variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if variance <= 0.0 {
        return false;
    }
    let z = (x1 / n1 - x2 / n2).abs() / variance.sqrt();
    let p_value = 2.0 * (1.0 - interval::normal_cdf(z));
    p_value < 0.05 / tests
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production() -> Production {
        Production {
            volume_per_day: 1000.0,
            prevalence: 0.5,
            costs: None,
        }
    }

    #[test]
    fn hand_worked_breakdown() {
        // Segment A: positives 0.9, 0.2 (one missed); negatives 0.1, 0.6 (one false alarm).
        // Segment B: positives 0.8; negatives 0.3, 0.4.
        let segment = Segment {
            column: "c".into(),
            names: vec!["A".into(), "B".into()],
            codes: vec![0, 0, 0, 0, 1, 1, 1],
        };
        let scores = [0.9, 0.2, 0.1, 0.6, 0.8, 0.3, 0.4];
        let positive = [true, true, false, false, true, false, false];
        let b = build_breakdown(
            &segment,
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &production(),
        );
        let a = b.rows.iter().find(|r| r.name == "A").unwrap();
        assert_eq!(a.false_negative_rate.unwrap().value, 0.5);
        assert_eq!(a.false_positive_rate.unwrap().value, 0.5);
        // Production weights: positives 0.5/(3/7), negatives 0.5/(4/7).
        let (wp, wn) = (0.5 / (3.0 / 7.0), 0.5 / (4.0 / 7.0));
        assert!((a.share_of_volume - (2.0 * wp + 2.0 * wn) / (3.0 * wp + 4.0 * wn)).abs() < 1e-12);
        // Flags: A has 1 caught + 1 false alarm, B has 1 caught.
        assert!((a.share_of_flags - (wp + wn) / (2.0 * wp + wn)).abs() < 1e-12);
        assert!(
            !a.false_negative_rate_differs,
            "three positives cannot show a difference"
        );
    }

    #[test]
    fn a_real_difference_is_called_out() {
        // 2,000 negatives per segment; FPR 2 % in A, 10 % in B.
        let mut codes = Vec::new();
        let mut scores = Vec::new();
        for (code, alarms) in [(0u32, 40), (1, 200)] {
            for i in 0..2000 {
                codes.push(code);
                scores.push(if i < alarms { 0.9 } else { 0.1 });
            }
        }
        codes.extend([0, 1]);
        scores.extend([0.9, 0.9]);
        let mut positive = vec![false; 4000];
        positive.extend([true, true]);
        let segment = Segment {
            column: "c".into(),
            names: vec!["A".into(), "B".into()],
            codes,
        };
        let b = build_breakdown(
            &segment,
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &production(),
        );
        assert!(b.rows.iter().all(|r| r.false_positive_rate_differs));
        assert!(b.rows.iter().all(|r| !r.false_negative_rate_differs));
    }
}
