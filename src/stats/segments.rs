//! Breakdown by segment at one threshold: for each value of a `data.segments`
//! column, its share of production volume and of flags, and its false-negative and
//! false-positive rates with 95 % intervals, each tested against the rest of the
//! data. Pure: one pass over the rows.

use crate::stats::interval::{self, Estimate};
use crate::stats::tally::{Tally, tally_groups};
use crate::stats::weights::RowWeights;
use crate::stats::workload::Workload;

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
    /// The rate differs from the rest of the data by more than chance (two-sided
    /// two-proportion z-test at 5 %, Bonferroni-corrected over all tests of the
    /// column) *and* by a practical size ([`is_practical`]).
    pub false_negative_rate_differs: bool,
    /// Whether the false-positive rate differs from the rest beyond chance
    /// (Bonferroni-corrected z-test at 5 %) and by a practical size.
    pub false_positive_rate_differs: bool,
    /// The segment's false-negative rate minus the rest's; `None` when either has
    /// no positives.
    pub false_negative_rate_difference: Option<f64>,
    /// The segment's false-positive rate minus the rest's; `None` when either has
    /// no negatives.
    pub false_positive_rate_difference: Option<f64>,
}

/// One breakdown column.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The segment column.
    pub column: String,
    /// Largest share of volume first (ties by name).
    pub rows: Vec<SegmentRow>,
    /// The values beyond the largest ones kept, summed into one row; `None` when
    /// every value has its own row.
    pub other: Option<Folded>,
}

/// The smaller values of a segment column summed into one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    /// How many values the row stands for.
    pub values: usize,
    /// Their sum, tested against the rest like any row; its `name` is empty.
    pub row: SegmentRow,
}

/// Breaks `segment` down at `threshold`, a row for every value.
pub fn build_breakdown(
    segment: &Segment,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    threshold: f64,
    workload: &Workload,
) -> Breakdown {
    build_breakdown_largest(
        segment,
        scores,
        positive,
        weights,
        threshold,
        workload,
        usize::MAX,
    )
}

/// Breaks `segment` down at `threshold` with a row for each of the `keep` values
/// with the largest share of volume and one row for all the others (when there are
/// at least two others), so a column of ids cannot make a page of 20,000 rows. The
/// Bonferroni correction counts the rows shown.
pub fn build_breakdown_largest(
    segment: &Segment,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    threshold: f64,
    workload: &Workload,
    keep: usize,
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
    let weight_positive = workload.prevalence / evaluation_prevalence;
    let weight_negative = (1.0 - workload.prevalence) / (1.0 - evaluation_prevalence);
    let volume = |t: &Tally| t.positives * weight_positive + t.negatives * weight_negative;
    let flags = |t: &Tally| t.caught * weight_positive + t.false_alarms * weight_negative;
    // The largest values first; past `keep`, the rest are summed (only when that
    // folds at least two values, else the last one is shown as itself).
    let mut order: Vec<usize> = (0..tallies.len()).collect();
    order.sort_by(|&a, &b| {
        volume(&tallies[b])
            .total_cmp(&volume(&tallies[a]))
            .then(segment.names[a].cmp(&segment.names[b]))
    });
    let folded = if order.len() > keep.saturating_add(1) {
        order.split_off(keep)
    } else {
        Vec::new()
    };
    let other = (!folded.is_empty()).then(|| {
        folded
            .iter()
            .fold(Tally::default(), |sum, &i| sum.plus(&tallies[i]))
    });
    let tests = (2 * (order.len() + usize::from(other.is_some()))).max(1) as f64;
    let row = |t: &Tally, name: &str| {
        let rest = total.minus(t);
        SegmentRow {
            name: name.to_owned(),
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
            false_negative_rate_difference: difference(
                t.missed(),
                t.positives,
                rest.missed(),
                rest.positives,
            ),
            false_positive_rate_difference: difference(
                t.false_alarms,
                t.negatives,
                rest.false_alarms,
                rest.negatives,
            ),
        }
    };
    Breakdown {
        column: segment.column.clone(),
        rows: order
            .iter()
            .map(|&i| row(&tallies[i], &segment.names[i]))
            .collect(),
        other: other.map(|t| Folded {
            values: folded.len(),
            row: row(&t, ""),
        }),
    }
}

/// A difference in rate a reader would act on: at least this many points …
pub const MIN_POINTS: f64 = 0.05;

/// … or at least this share of the rest's rate (20 %) …
pub const MIN_RELATIVE: f64 = 0.20;

/// … provided it is at least this many points (1): a segment missing 5.8 % of its
/// positives against 5.0 % elsewhere is the same model for the reader, however many
/// cases show it.
pub const MIN_POINTS_RELATIVE: f64 = 0.01;

/// Whether a segment's rate `rate` against the rest's `rest` differs by a practical
/// size: by [`MIN_POINTS`], or by [`MIN_RELATIVE`] of the rest's rate and at least
/// [`MIN_POINTS_RELATIVE`].
pub fn is_practical(rate: f64, rest: f64) -> bool {
    // A hair of slack so 12 % against 10 % counts as the 20 % it is.
    let gap = (rate - rest).abs() + 1e-12;
    gap >= MIN_POINTS || (gap >= MIN_POINTS_RELATIVE && gap >= MIN_RELATIVE * rest)
}

/// x1/n1 − x2/n2, or `None` when either has no cases.
fn difference(x1: f64, n1: f64, x2: f64, n2: f64) -> Option<f64> {
    (n1 > 0.0 && n2 > 0.0).then(|| x1 / n1 - x2 / n2)
}

/// Two-sided two-proportion z-test of x1/n1 against x2/n2 at 5 % / `tests`, and a
/// difference of practical size ([`is_practical`]).
fn differs(x1: f64, n1: f64, x2: f64, n2: f64, tests: f64) -> bool {
    if n1 < 1.0 || n2 < 1.0 || !is_practical(x1 / n1, x2 / n2) {
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

    fn workload() -> Workload {
        Workload {
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
            &workload(),
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
    fn many_values_fold_into_one_row_for_the_smaller_ones() {
        // 30 values: value i has i + 1 rows, every fourth row positive.
        let mut codes = Vec::new();
        for v in 0..30u32 {
            codes.extend(std::iter::repeat_n(v, v as usize + 1));
        }
        let n = codes.len();
        let scores: Vec<f64> = (0..n).map(|i| (i % 7) as f64 / 7.0).collect();
        let positive: Vec<bool> = (0..n).map(|i| i % 4 == 0).collect();
        let segment = Segment {
            column: "id".into(),
            names: (0..30).map(|v| format!("v{v:02}")).collect(),
            codes,
        };
        let args = (&scores[..], &positive[..], 0.5, &workload());
        let full = build_breakdown(
            &segment,
            args.0,
            args.1,
            RowWeights::default(),
            args.2,
            args.3,
        );
        assert_eq!(full.rows.len(), 30);
        assert!(full.other.is_none());
        let bounded = build_breakdown_largest(
            &segment,
            args.0,
            args.1,
            RowWeights::default(),
            args.2,
            args.3,
            20,
        );
        assert_eq!(bounded.rows.len(), 20);
        let other = bounded.other.as_ref().unwrap();
        assert_eq!(other.values, 10);
        // the largest values are kept, and the folded row sums the rest exactly
        assert_eq!(bounded.rows[0].name, "v29");
        assert_eq!(bounded.rows[19].name, "v10");
        let cases: f64 = full.rows[20..].iter().map(|r| r.cases).sum();
        assert_eq!(other.row.cases, cases);
        let volume: f64 =
            bounded.rows.iter().map(|r| r.share_of_volume).sum::<f64>() + other.row.share_of_volume;
        assert!((volume - 1.0).abs() < 1e-12);
        // one value past `keep` is shown as itself, not as a row of one
        let one_more = build_breakdown_largest(
            &segment,
            args.0,
            args.1,
            RowWeights::default(),
            args.2,
            args.3,
            29,
        );
        assert_eq!((one_more.rows.len(), one_more.other.is_none()), (30, true));
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
            &workload(),
        );
        assert!(b.rows.iter().all(|r| r.false_positive_rate_differs));
        assert!(b.rows.iter().all(|r| !r.false_negative_rate_differs));
    }

    /// Rows with a segment code each: `rate_a` of segment A's positives and
    /// `rate_b` of B's are missed (scores 0.1), the rest caught (0.9).
    fn two_segments(n: usize, rate_a: f64, rate_b: f64) -> (Segment, Vec<f64>, Vec<bool>) {
        let mut codes = Vec::new();
        let mut scores = Vec::new();
        for (code, rate) in [(0u32, rate_a), (1, rate_b)] {
            let missed = (n as f64 * rate).round() as usize;
            for i in 0..n {
                codes.push(code);
                scores.push(if i < missed { 0.1 } else { 0.9 });
            }
        }
        let positive = vec![true; 2 * n];
        let segment = Segment {
            column: "c".into(),
            names: vec!["A".into(), "B".into()],
            codes,
        };
        (segment, scores, positive)
    }

    #[test]
    fn a_difference_beyond_chance_but_small_is_not_called_out() {
        // Issue 24: 5.8 % against 5.0 % missed on 200,000 positives per segment is far
        // beyond chance (z ≈ 11) and meaningless to the reader: 0.8 points, 16 %.
        let (segment, scores, positive) = two_segments(200_000, 0.058, 0.050);
        let b = build_breakdown(
            &segment,
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        let a = b.rows.iter().find(|r| r.name == "A").unwrap();
        assert!((a.false_negative_rate_difference.unwrap() - 0.008).abs() < 1e-9);
        assert!(!a.false_negative_rate_differs);
        // 10 % against 5 % on 2,000 each: beyond chance and 5 points — called out.
        let (segment, scores, positive) = two_segments(2_000, 0.10, 0.05);
        let b = build_breakdown(
            &segment,
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert!(b.rows.iter().all(|r| r.false_negative_rate_differs));
    }

    #[test]
    fn practical_size_rule() {
        assert!(is_practical(0.55, 0.50));
        assert!(!is_practical(0.54, 0.50));
        // Small rates: 20 % of the rest's rate and at least a point.
        assert!(!is_practical(0.036, 0.03));
        assert!(is_practical(0.12, 0.10));
        assert!(!is_practical(0.058, 0.05));
        assert!(is_practical(0.04, 0.02));
        assert!(!is_practical(0.006, 0.003));
    }
}
