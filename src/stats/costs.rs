//! Money from the rows: when the cost of a miss (or of a review) is a column such as
//! a transaction's `amount`, the cost of a threshold is the sum of those amounts over
//! the cases it misses (or flags), not a count times a price. Pure maths, like
//! `sweep`: each class sorted once by score with running sums, so the cost at any
//! threshold is one binary search away.
//!
//! Per day, with volume V, production prevalence π and each class's mean cost per
//! case at threshold t (a weighted mean over that class's evaluation rows):
//! cost = V·π·mean₊(t) + V·(1−π)·mean₋(t). A positive costs its "caught" amount when
//! flagged and its "missed" amount when not; a negative its "false alarm" amount
//! when flagged and nothing otherwise. The 95 % range is the normal interval of the
//! two class means (standard error √(variance / Kish effective n) each), added in
//! quadrature: the amounts' spread counts as well as how many cases are missed.

use rayon::prelude::*;

use crate::stats::interval::{Estimate, Z95};
use crate::stats::weights::{RowWeights, effective_n};
use crate::stats::workload::Workload;

/// Where one outcome's cost per case comes from.
#[derive(Debug, Clone, Copy)]
pub enum CostSource<'a> {
    /// The same money for every case.
    Fixed(f64),
    /// Each row's own value (finite, ≥ 0), in file order.
    Rows(&'a [f64]),
    /// Summary rows whose cases differ in cost: each row's weighted mean cost and
    /// its cases' Σ weight × cost², in file order.
    Summary {
        /// Each row's weighted mean cost.
        means: &'a [f64],
        /// Each row's Σ weight × cost².
        squares: &'a [f64],
    },
}

impl CostSource<'_> {
    /// Σ weight × cost and Σ weight × cost² over row `row`'s cases, whose weight in
    /// sums is `weight` (count × sampling weight).
    fn moments(&self, row: usize, weight: f64) -> (f64, f64) {
        match self {
            CostSource::Fixed(v) => (weight * v, weight * v * v),
            CostSource::Rows(values) => (weight * values[row], weight * values[row] * values[row]),
            CostSource::Summary { means, squares } => (weight * means[row], squares[row]),
        }
    }
}

/// One row of a class: its score, weight in sums and in Kish's Σw², and the
/// moments of its cost when flagged and when not.
#[derive(Debug, Clone, Copy)]
struct Case {
    score: f64,
    weight: f64,
    weight_sq: f64,
    flagged: (f64, f64),
    unflagged: (f64, f64),
}

/// The cost per case of each outcome.
#[derive(Debug, Clone, Copy)]
pub struct CostSources<'a> {
    /// Cost of a false alarm.
    pub false_positive: CostSource<'a>,
    /// Cost of a miss.
    pub false_negative: CostSource<'a>,
    /// Cost of a catch.
    pub true_positive: CostSource<'a>,
}

/// One class's cases, highest score first, with running sums of weight × cost and
/// weight × cost² for the flagged outcome and for the unflagged one.
#[derive(Debug, Clone, Default)]
struct Class {
    scores: Vec<f64>,
    /// `flagged[i]`: sums over the first `i` cases (all scoring ≥ scores[i − 1]).
    flagged: Vec<(f64, f64)>,
    unflagged: Vec<(f64, f64)>,
    weight: f64,
    effective_n: f64,
}

impl Class {
    fn build(mut cases: Vec<Case>) -> Class {
        cases.par_sort_unstable_by(|a, b| b.score.total_cmp(&a.score));
        let mut flagged = Vec::with_capacity(cases.len() + 1);
        let mut unflagged = Vec::with_capacity(cases.len() + 1);
        let (mut f, mut u) = ((0.0, 0.0), (0.0, 0.0));
        let (mut weight, mut weight_sq) = (0.0, 0.0);
        flagged.push(f);
        unflagged.push(u);
        for case in &cases {
            f = (f.0 + case.flagged.0, f.1 + case.flagged.1);
            u = (u.0 + case.unflagged.0, u.1 + case.unflagged.1);
            flagged.push(f);
            unflagged.push(u);
            weight += case.weight;
            weight_sq += case.weight_sq;
        }
        Class {
            scores: cases.iter().map(|c| c.score).collect(),
            flagged,
            unflagged,
            weight,
            effective_n: effective_n(weight, weight_sq),
        }
    }

    /// Mean cost per case of this class at `threshold`, and its standard error.
    fn mean_at(&self, threshold: f64) -> (f64, f64) {
        if self.weight <= 0.0 {
            return (0.0, 0.0);
        }
        let k = self.scores.partition_point(|&s| s >= threshold);
        let last = self.scores.len();
        let sum = self.flagged[k].0 + self.unflagged[last].0 - self.unflagged[k].0;
        let sum_sq = self.flagged[k].1 + self.unflagged[last].1 - self.unflagged[k].1;
        let mean = sum / self.weight;
        let variance = (sum_sq / self.weight - mean * mean).max(0.0);
        (mean, (variance / self.effective_n).sqrt())
    }
}

/// Per-row costs swept over the threshold.
#[derive(Debug, Clone, Default)]
pub struct RowCosts {
    positives: Class,
    negatives: Class,
}

impl RowCosts {
    /// Zero-weight rows are left out, as in the sweep.
    pub fn build(
        scores: &[f64],
        positive: &[bool],
        weights: RowWeights,
        costs: &CostSources,
    ) -> RowCosts {
        let mut pos = Vec::new();
        let mut neg = Vec::new();
        for (row, (&score, &is_positive)) in scores.iter().zip(positive).enumerate() {
            let w = weights.of(row);
            if w == 0.0 {
                continue;
            }
            let case = |flagged: &CostSource, unflagged: Option<&CostSource>| Case {
                score,
                weight: w,
                weight_sq: weights.squared(row),
                flagged: flagged.moments(row, w),
                unflagged: unflagged.map_or((0.0, 0.0), |c| c.moments(row, w)),
            };
            if is_positive {
                pos.push(case(&costs.true_positive, Some(&costs.false_negative)));
            } else {
                neg.push(case(&costs.false_positive, None));
            }
        }
        let (positives, negatives) = rayon::join(|| Class::build(pos), || Class::build(neg));
        RowCosts {
            positives,
            negatives,
        }
    }

    /// Money per day at `threshold` in `production`, with its 95 % range.
    pub fn per_day(&self, threshold: f64, workload: &Workload) -> Estimate {
        let positives_per_day = workload.positives_per_day();
        let negatives_per_day = workload.negatives_per_day();
        let (pos_mean, pos_se) = self.positives.mean_at(threshold);
        let (neg_mean, neg_se) = self.negatives.mean_at(threshold);
        let value = positives_per_day * pos_mean + negatives_per_day * neg_mean;
        let half = Z95 * (positives_per_day * pos_se).hypot(negatives_per_day * neg_se);
        Estimate {
            value,
            low: (value - half).max(0.0),
            high: value + half,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload() -> Workload {
        Workload {
            volume_per_day: 1000.0,
            prevalence: 0.1,
            costs: None,
        }
    }

    #[test]
    fn misses_cost_their_own_amounts() {
        // Positives scoring 0.9, 0.6, 0.3 with amounts 100, 20, 300; negatives cost 5
        // per false alarm; catches cost nothing.
        let scores = [0.9, 0.6, 0.3, 0.8, 0.4, 0.2, 0.1];
        let positive = [true, true, true, false, false, false, false];
        let amount = [100.0, 20.0, 300.0, 0.0, 0.0, 0.0, 0.0];
        let costs = CostSources {
            false_positive: CostSource::Fixed(5.0),
            false_negative: CostSource::Rows(&amount),
            true_positive: CostSource::Fixed(0.0),
        };
        let rc = RowCosts::build(&scores, &positive, RowWeights::default(), &costs);
        // At 0.5: missed amount 300 of 3 positives → 100 per positive; 1 of 4
        // negatives flagged → 1.25 per negative. 100 positives and 900 negatives a day.
        let day = rc.per_day(0.5, &workload());
        assert!(
            (day.value - (100.0 * 100.0 + 900.0 * 1.25)).abs() < 1e-9,
            "{day:?}"
        );
        assert!(day.low < day.value && day.value < day.high);
        // At 0.0 nothing is missed: only the four false alarms, 5 each.
        let all = rc.per_day(0.0, &workload());
        assert!((all.value - 900.0 * 5.0).abs() < 1e-9);
        // Above every score every amount is missed: (100 + 20 + 300) / 3 a positive.
        let none = rc.per_day(1.0, &workload());
        assert!((none.value - 100.0 * 140.0).abs() < 1e-9);
    }

    #[test]
    fn fixed_costs_give_the_count_formula_and_weights_count() {
        let scores = [0.9, 0.2, 0.7, 0.1];
        let positive = [true, true, false, false];
        let fixed = CostSources {
            false_positive: CostSource::Fixed(2.0),
            false_negative: CostSource::Fixed(10.0),
            true_positive: CostSource::Fixed(1.0),
        };
        let rc = RowCosts::build(&scores, &positive, RowWeights::default(), &fixed);
        // At 0.5: TPR ½, FPR ½ → 100·(½·1 + ½·10) + 900·(½·2) = 550 + 900.
        assert!((rc.per_day(0.5, &workload()).value - 1450.0).abs() < 1e-9);
        // Weight 3 on the missed positive: TPR ¼ → 100·(¼·1 + ¾·10) + 900.
        let weighted = RowCosts::build(
            &scores,
            &positive,
            RowWeights::sampling(Some(&[1.0, 3.0, 1.0, 1.0])),
            &fixed,
        );
        assert!((weighted.per_day(0.5, &workload()).value - 1675.0).abs() < 1e-9);
    }

    #[test]
    fn the_range_covers_the_truth_about_95_percent_of_the_time() {
        // Positives with exponential amounts (mean 100) scoring uniformly; the true
        // missed cost per positive at 0.3 is 0.3 × 100 = 30.
        let mut state = 7_u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let workload = Workload {
            volume_per_day: 10.0,
            prevalence: 1.0 - 1e-12,
            costs: None,
        };
        let mut covered = 0;
        let trials = 1000;
        for _ in 0..trials {
            let n = 300;
            let scores: Vec<f64> = (0..n).map(|_| uniform()).collect();
            let amounts: Vec<f64> = (0..n).map(|_| -100.0 * uniform().ln()).collect();
            let costs = CostSources {
                false_positive: CostSource::Fixed(0.0),
                false_negative: CostSource::Rows(&amounts),
                true_positive: CostSource::Fixed(0.0),
            };
            let rc = RowCosts::build(&scores, &vec![true; n], RowWeights::default(), &costs);
            let day = rc.per_day(0.3, &workload);
            let truth = 10.0 * 30.0;
            if day.low <= truth && truth <= day.high {
                covered += 1;
            }
        }
        let share = f64::from(covered) / f64::from(trials);
        eprintln!("coverage of the per-row cost range: {share}");
        assert!((0.93..=0.97).contains(&share), "coverage {share}");
    }
}
