//! Calibration: can "score 0.8" be read as "80 % likely"? A reliability table over
//! ten equal-width score bins [0, 0.1), …, [0.9, 1] (mean score against the observed
//! share of positives, with a Wilson interval) and the Brier score (the mean squared
//! difference of score and outcome, as scikit-learn's `brier_score_loss`). Only for
//! scores in [0, 1]. Pure.

use crate::stats::interval::{self, Estimate};
use crate::stats::weights::{RowWeights, effective_n};

/// Score bins in the reliability table.
pub const BINS: usize = 10;

/// One score bin with cases in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    /// Lower edge of the score bin (inclusive).
    pub from: f64,
    /// Upper edge of the score bin (exclusive; the last bin includes 1).
    pub to: f64,
    /// Weighted cases in the bin.
    pub cases: f64,
    /// Mean score of the cases in the bin.
    pub mean_score: f64,
    /// Share of positives among the bin's cases, with its 95 % interval.
    pub observed: Estimate,
}

#[derive(Debug, Clone, PartialEq)]
/// A reliability table: the share positive in each score bin, and the Brier score.
pub struct Calibration {
    /// Mean squared difference between score and outcome (0 is perfect).
    pub brier_score: f64,
    /// Bins with cases, lowest first.
    pub bins: Vec<Bin>,
}

impl Calibration {
    /// The bin that answers "may a score of 0.8 be read as 80 %?": among bins with
    /// at least 30 cases, the one holding 0.8, else the highest; `None` when no bin
    /// has 30 cases.
    pub fn bin_to_quote(&self) -> Option<&Bin> {
        let solid: Vec<&Bin> = self.bins.iter().filter(|bin| bin.cases >= 30.0).collect();
        solid
            .iter()
            .find(|bin| bin.from <= 0.8 && 0.8 < bin.to)
            .or(solid.last())
            .copied()
    }

    /// Whether every bin with at least 30 cases has its mean score inside the
    /// observed share's 95 % interval.
    pub fn reads_as_probability(&self) -> bool {
        self.bins
            .iter()
            .filter(|b| b.cases >= 30.0)
            .all(|b| b.observed.low <= b.mean_score && b.mean_score <= b.observed.high)
    }
}

/// The reliability table and Brier score; `None` when a score lies outside [0, 1].
pub fn build_calibration(
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
) -> Option<Calibration> {
    if scores.iter().any(|s| !(0.0..=1.0).contains(s)) || scores.is_empty() {
        return None;
    }
    let mut cases = [0.0; BINS];
    let mut score_sum = [0.0; BINS];
    let mut positives = [0.0; BINS];
    let mut squared_sq = [0.0; BINS];
    let (mut brier, mut total) = (0.0, 0.0);
    for (i, (&s, &p)) in scores.iter().zip(positive).enumerate() {
        let w = weights.of(i);
        let y = if p { 1.0 } else { 0.0 };
        brier += w * (s - y) * (s - y);
        total += w;
        // A score of exactly 1 belongs to the last bin.
        let bin = ((s * BINS as f64) as usize).min(BINS - 1);
        cases[bin] += w;
        score_sum[bin] += w * s;
        positives[bin] += w * y;
        squared_sq[bin] += weights.squared(i);
    }
    let bins = (0..BINS)
        .filter(|&b| cases[b] > 0.0)
        .filter_map(|b| {
            let effective = effective_n(cases[b], squared_sq[b]);
            Some(Bin {
                from: b as f64 / BINS as f64,
                to: (b + 1) as f64 / BINS as f64,
                cases: cases[b],
                mean_score: score_sum[b] / cases[b],
                observed: interval::wilson(positives[b] / cases[b], effective)?,
            })
        })
        .collect();
    Some(Calibration {
        brier_score: brier / total,
        bins,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_bins_and_brier() {
        let scores = [0.05, 0.15, 0.85, 0.95, 1.0];
        let labels = [false, false, true, false, true];
        let c = build_calibration(&scores, &labels, RowWeights::default()).unwrap();
        // (0.05² + 0.15² + 0.15² + 0.95² + 0²) / 5
        assert!((c.brier_score - (0.0025 + 0.0225 + 0.0225 + 0.9025) / 5.0).abs() < 1e-12);
        assert_eq!(c.bins.len(), 4);
        let last = c.bins.last().unwrap();
        assert_eq!((last.from, last.cases), (0.9, 2.0));
        assert!((last.mean_score - 0.975).abs() < 1e-12);
        assert_eq!(last.observed.value, 0.5);
        assert!(build_calibration(&[1.5, 0.2], &[true, false], RowWeights::default()).is_none());
    }

    #[test]
    fn calibrated_scores_read_as_probabilities() {
        // Each bin's positives match its scores exactly.
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for b in 0..10 {
            let s = b as f64 / 10.0 + 0.05;
            for i in 0..100 {
                scores.push(s);
                labels.push((i as f64) < s * 100.0);
            }
        }
        assert!(
            build_calibration(&scores, &labels, RowWeights::default())
                .unwrap()
                .reads_as_probability()
        );
        let overconfident: Vec<bool> = scores.iter().map(|&s| s > 0.5).collect();
        assert!(
            !build_calibration(&scores, &overconfident, RowWeights::default())
                .unwrap()
                .reads_as_probability()
        );
    }
}
