//! The thresholds behind meeting mode: a fine grid of round thresholds over the
//! score range — at most about a thousand, so the page stays small for any number of
//! rows — plus every named threshold exactly. Each becomes a full operating point,
//! so the page shows at every grid point what the static report would show there.

use crate::model::report::{OperatingPoint, PointKind, operating_point};
use crate::stats::costs::RowCosts;
use crate::stats::projection::Workload;
use crate::stats::sweep::Sweep;

/// The grid has at most this many steps.
pub const MAX_STEPS: f64 = 1000.0;

/// The sweep's own points added where round steps are too coarse: this many, at
/// equal shares of the cases.
pub const OWN_POINTS: usize = 200;

/// Round thresholds over `range` — steps of 1, 2 or 5 × 10ᵏ, the finest that keeps
/// within [`MAX_STEPS`] — and the `named` thresholds, ascending, without repeats.
/// Probability-like scores (all in [0, 1]) get the whole of [0, 1] in steps of 0.001.
///
/// Round steps fit the scores' scale only when the scores spread over the range:
/// probabilities below 10⁻⁶, or most cases piled in one step, would leave the
/// control nothing to move between. So of `own` (scores at equal shares of the
/// cases, [`sweep_quantiles`]) every one that shares its step with another is kept
/// too: at most [`OWN_POINTS`] more, on any score scale (issue 22).
pub fn meeting_thresholds(range: (f64, f64), named: &[f64], own: &[f64]) -> Vec<f64> {
    let (low, high) = threshold_range(range);
    let mut thresholds: Vec<f64> = named.iter().copied().filter(|t| t.is_finite()).collect();
    let mut round: Vec<f64> = Vec::new();
    let span = high - low;
    if span > 0.0 && span.is_finite() {
        let decade = (span / MAX_STEPS).log10().ceil() as i32 - 1;
        let (mantissa, exponent) = [1, 2, 5, 10]
            .into_iter()
            .map(|m| (m, decade))
            .find(|&(m, e)| span / (f64::from(m) * 10f64.powi(e)) <= MAX_STEPS)
            .unwrap_or((1, decade + 1));
        // k × m / 10^−e keeps every grid value the closest double to its decimal
        // (0.35, not 0.35000000000000003), so `#threshold=0.35` lands on it exactly.
        let value = |k: i64| {
            let units = k as f64 * f64::from(mantissa);
            if exponent < 0 {
                units / 10f64.powi(-exponent)
            } else {
                units * 10f64.powi(exponent)
            }
        };
        let step = f64::from(mantissa) * 10f64.powi(exponent);
        // The nudge keeps −7.3 / 0.02 = −364.99999… from dropping the end point.
        let first = (low / step - 1e-9).ceil() as i64;
        let last = (high / step + 1e-9).floor() as i64;
        round.extend((first..=last).map(value));
    } else {
        round.push(low);
    }
    // Which round step each of the sweep's own points falls in: the index of the
    // last round threshold at or below it.
    let step_of = |t: f64| round.partition_point(|&r| r <= t);
    let mut own: Vec<f64> = own.iter().copied().filter(|t| t.is_finite()).collect();
    own.sort_by(f64::total_cmp);
    own.dedup();
    let crowded: Vec<f64> = own
        .iter()
        .enumerate()
        .filter(|&(i, &t)| {
            let step = step_of(t);
            (i > 0 && step_of(own[i - 1]) == step)
                || own.get(i + 1).is_some_and(|&n| step_of(n) == step)
        })
        .map(|(_, &t)| t)
        .collect();
    thresholds.extend(round);
    thresholds.extend(crowded);
    thresholds.sort_by(f64::total_cmp);
    thresholds.dedup();
    thresholds
}

/// The sweep's own thresholds (distinct scores) at `parts` equal shares of the
/// cases, highest first: the points a control should move between on any scale.
pub fn sweep_quantiles(sweep: &Sweep, parts: usize) -> Vec<f64> {
    let total = sweep.positives + sweep.negatives;
    if total.is_nan() || total <= 0.0 || parts == 0 {
        return Vec::new();
    }
    let mut next = 1;
    let mut found = Vec::with_capacity(parts);
    for (threshold, counts) in sweep.points() {
        let flagged = counts.tp + counts.fp;
        if flagged >= total * next as f64 / parts as f64 {
            found.push(threshold);
            while next <= parts && flagged >= total * next as f64 / parts as f64 {
                next += 1;
            }
        }
    }
    found
}

/// The range thresholds are shown over: [0, 1] when every score lies in it
/// (probability-like scores), else the scores' own `range` (lowest, highest).
pub fn threshold_range(range: (f64, f64)) -> (f64, f64) {
    if range.0 >= 0.0 && range.1 <= 1.0 {
        (0.0, 1.0)
    } else {
        range
    }
}

/// Every grid threshold as an operating point of meeting mode.
pub fn meeting_points(
    sweep: &Sweep,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
    thresholds: &[f64],
) -> Vec<OperatingPoint> {
    thresholds
        .iter()
        .filter_map(|&t| operating_point(PointKind::Meeting, t, sweep, workload, row_costs))
        .collect()
}

/// 0, 0.1, …, 1 for probability-like scores; else 11 steps over the score range.
pub fn default_thresholds(sweep: &Sweep) -> Vec<f64> {
    let (low, high) = threshold_range(sweep.score_range().unwrap_or((0.0, 1.0)));
    (0..=10)
        .map(|i| low + (high - low) * f64::from(i) / 10.0)
        .map(|t| (t * 1e6).round() / 1e6)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_get_thousandths_and_the_named_thresholds() {
        let grid = meeting_thresholds((0.02, 0.97), &[0.4873, 0.5], &[]);
        assert_eq!(grid.len(), 1002);
        assert_eq!(grid[0], 0.0);
        assert_eq!(*grid.last().unwrap(), 1.0);
        assert!(grid.contains(&0.35), "0.35 must be on the grid exactly");
        assert!(grid.contains(&0.4873));
        assert!(grid.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn other_ranges_get_round_steps_within_the_bound() {
        // Logits from −7.3 to 5.1: span 12.4 → steps of 0.02.
        let grid = meeting_thresholds((-7.3, 5.1), &[], &[]);
        assert!(grid.len() <= 1001, "{}", grid.len());
        assert!(grid.len() > 400, "{}", grid.len());
        assert_eq!(grid[0], -7.3);
        assert!(grid.contains(&0.0) && grid.contains(&1.5));
        // Counts from 0 to 25,000: steps of 50.
        let grid = meeting_thresholds((0.0, 25_000.0), &[], &[]);
        assert_eq!(grid[1] - grid[0], 50.0);
        assert!(grid.len() <= 1001);
    }

    #[test]
    fn extreme_scores_give_a_bounded_grid_without_overflow() {
        // Scores near 10¹⁸ one apart: k × step would overflow 64-bit integers.
        let grid = meeting_thresholds((1e18, 1e18 + 4096.0), &[], &[]);
        assert!(!grid.is_empty() && grid.len() <= 1001, "{}", grid.len());
        assert!(meeting_thresholds((-1e308, 1e308), &[], &[]).len() <= 1001);
        assert!(meeting_thresholds((f64::MIN, f64::MAX), &[0.5], &[]).len() <= 2);
    }

    #[test]
    fn scores_piled_in_one_step_get_the_sweeps_own_points() {
        // Scores below 1e-6: steps of 0.001 hold them all in one step (issue 22).
        let own: Vec<f64> = (1..=50).map(|i| f64::from(i) * 1e-8).collect();
        let grid = meeting_thresholds((1e-8, 5e-7), &[1.5e-7], &own);
        assert!(own.iter().all(|t| grid.contains(t)));
        assert!(grid.contains(&1.5e-7) && grid.windows(2).all(|w| w[0] < w[1]));
        // Spread scores, one in each step: the round grid alone.
        let spread: Vec<f64> = (1..=50).map(|i| f64::from(i) / 51.0).collect();
        assert_eq!(meeting_thresholds((0.02, 0.98), &[], &spread).len(), 1001);
    }

    #[test]
    fn the_sweeps_own_points_split_the_cases_equally() {
        let scores: Vec<f64> = (0..100).map(|i| f64::from(i) / 100.0).collect();
        let positive: Vec<bool> = (0..100).map(|i| i % 3 == 0).collect();
        let weights = crate::stats::weights::RowWeights {
            weights: None,
            counts: None,
            squares: None,
        };
        let sweep = Sweep::build(&scores, &positive, weights);
        assert_eq!(sweep_quantiles(&sweep, 4), vec![0.75, 0.5, 0.25, 0.0]);
        assert!(sweep_quantiles(&sweep, 0).is_empty());
    }

    #[test]
    fn a_single_score_still_gives_a_grid() {
        assert_eq!(meeting_thresholds((3.0, 3.0), &[], &[]), vec![3.0]);
        assert_eq!(meeting_thresholds((3.0, 3.0), &[2.0], &[]), vec![2.0, 3.0]);
    }
}
