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

/// How far a bin's observed share may sit from its mean score before the scores stop
/// reading as probabilities: 5 percentage points. A smaller gap, even beyond chance,
/// changes no reading of a score ("0.8" read as 80 % instead of 77 %).
pub const MARGIN: f64 = 0.05;

/// Whether scores can be read as probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No bin with 30 cases or more is off by more than [`MARGIN`] beyond chance.
    Calibrated,
    /// Some bin with 30 cases or more has its mean score outside the observed
    /// share's 95 % interval and more than [`MARGIN`] away from the share.
    Miscalibrated,
    /// No bin has 30 cases.
    CannotTell,
}

impl Calibration {
    /// The verdict, and the largest gap |observed − mean score| among bins with 30
    /// cases or more (`None` without such a bin).
    pub fn verdict(&self) -> (Verdict, Option<f64>) {
        let solid: Vec<&Bin> = self.bins.iter().filter(|b| b.cases >= 30.0).collect();
        let gap = |b: &Bin| (b.observed.value - b.mean_score).abs();
        let largest = solid
            .iter()
            .map(|b| gap(b))
            .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.max(g))));
        if solid.is_empty() {
            return (Verdict::CannotTell, None);
        }
        let off = solid.iter().any(|b| {
            let outside = b.mean_score < b.observed.low || b.mean_score > b.observed.high;
            outside && gap(b) > MARGIN
        });
        let verdict = if off {
            Verdict::Miscalibrated
        } else {
            Verdict::Calibrated
        };
        (verdict, largest)
    }

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
        let calibration = build_calibration(&scores, &labels, RowWeights::default()).unwrap();
        assert_eq!(calibration.verdict().0, Verdict::Calibrated);
        let overconfident: Vec<bool> = scores.iter().map(|&s| s > 0.5).collect();
        let calibration =
            build_calibration(&scores, &overconfident, RowWeights::default()).unwrap();
        assert_eq!(calibration.verdict().0, Verdict::Miscalibrated);
        assert!(
            !build_calibration(&scores, &overconfident, RowWeights::default())
                .unwrap()
                .reads_as_probability()
        );
    }

    #[test]
    fn a_gap_beyond_chance_but_small_is_still_calibrated() {
        // 20,000 cases per bin, each bin's share 2 points above its scores: beyond
        // chance (the interval is about ±0.6 points) but within the 5-point margin.
        let mut scores = Vec::new();
        let mut labels = Vec::new();
        for b in 1..9 {
            let s = b as f64 / 10.0 + 0.05;
            for i in 0..20_000 {
                scores.push(s);
                labels.push((i as f64) < (s + 0.02) * 20_000.0);
            }
        }
        let calibration = build_calibration(&scores, &labels, RowWeights::default()).unwrap();
        assert!(!calibration.reads_as_probability(), "beyond chance");
        let (verdict, gap) = calibration.verdict();
        assert_eq!(verdict, Verdict::Calibrated);
        assert!((gap.unwrap() - 0.02).abs() < 1e-3);
        // Too few cases anywhere: cannot tell.
        let few = build_calibration(&[0.2, 0.8], &[false, true], RowWeights::default()).unwrap();
        assert_eq!(few.verdict(), (Verdict::CannotTell, None));
    }

    #[test]
    fn labels_drawn_from_the_scores_are_calibrated() {
        // 50,000 cases, each positive with probability its score (a fixed
        // pseudo-random sequence): a calibrated model by construction.
        let mut state: u64 = 24;
        let mut uniform = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let scores: Vec<f64> = (0..50_000).map(|_| uniform()).collect();
        let labels: Vec<bool> = scores.iter().map(|&s| uniform() < s).collect();
        let calibration = build_calibration(&scores, &labels, RowWeights::default()).unwrap();
        assert_eq!(calibration.verdict().0, Verdict::Calibrated);
    }
}
