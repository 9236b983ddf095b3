//! Weighted confusion counts per group of rows (a segment value, a calendar day) at
//! one threshold, in one pass: the shared core of `segments` and `days`.

/// Weighted counts of one group at a threshold.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    /// Weighted positives in the group.
    pub positives: f64,
    /// Weighted negatives in the group.
    pub negatives: f64,
    /// Positives flagged.
    pub caught: f64,
    /// Negatives flagged.
    pub false_alarms: f64,
}

impl Tally {
    /// Weighted positives not flagged.
    pub fn missed(&self) -> f64 {
        self.positives - self.caught
    }

    /// Weighted cases, positives and negatives.
    pub fn cases(&self) -> f64 {
        self.positives + self.negatives
    }

    /// Component-wise `self − other`.
    pub fn minus(&self, other: &Tally) -> Tally {
        Tally {
            positives: self.positives - other.positives,
            negatives: self.negatives - other.negatives,
            caught: self.caught - other.caught,
            false_alarms: self.false_alarms - other.false_alarms,
        }
    }

    /// Component-wise `self + other`.
    pub fn plus(&self, other: &Tally) -> Tally {
        Tally {
            positives: self.positives + other.positives,
            negatives: self.negatives + other.negatives,
            caught: self.caught + other.caught,
            false_alarms: self.false_alarms + other.false_alarms,
        }
    }
}

use crate::stats::weights::RowWeights;

/// Counts at `threshold` for `groups` groups; row `i` belongs to group `group_of(i)`
/// (which must be below `groups`).
pub fn tally_groups(
    groups: usize,
    group_of: impl Fn(usize) -> usize,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    threshold: f64,
) -> Vec<Tally> {
    let mut tallies = vec![Tally::default(); groups];
    for (i, &score) in scores.iter().enumerate() {
        let w = weights.of(i);
        let t = &mut tallies[group_of(i)];
        let flagged = score >= threshold;
        if positive[i] {
            t.positives += w;
            t.caught += if flagged { w } else { 0.0 };
        } else {
            t.negatives += w;
            t.false_alarms += if flagged { w } else { 0.0 };
        }
    }
    tallies
}
