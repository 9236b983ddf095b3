//! Curve data for the charts, prepared in plain code and bounded in size: per-day
//! counts on a fixed grid of thresholds, ROC and precision–recall points thinned to
//! a few hundred, and score histograms. The page never grows with the number of rows.

use crate::model::grid::threshold_range;
use crate::model::report::Report;
use crate::stats::costs::RowCosts;
use crate::stats::interval::Estimate;
use crate::stats::projection::{self, PerDay, Rates, Workload};
use crate::stats::sweep::Sweep;
use crate::stats::weights::RowWeights;

/// Thresholds on the per-day grid (plus the named operating points).
pub const GRID_STEPS: usize = 200;
/// Histogram bins across the score range.
pub const BINS: usize = 40;
/// Smallest move (in the unit square) between two kept ROC/PR points.
const MIN_STEP: f64 = 0.004;

/// Everything the charts draw.
#[derive(Debug, Clone)]
pub struct Curves {
    /// Per-day counts by threshold, ascending.
    pub grid: Vec<(f64, PerDay)>,
    /// ROC points (FPR, TPR) from (0, 0) to (1, 1).
    pub roc: Vec<(f64, f64)>,
    /// Precision–recall points (recall, precision on the evaluation set), recall rising.
    pub precision_recall: Vec<(f64, f64)>,
    /// Score histograms of the two classes.
    pub histogram: Histogram,
}

/// Score histograms of each class as shares of that class.
#[derive(Debug, Clone)]
pub struct Histogram {
    /// `BINS + 1` bin edges.
    pub edges: Vec<f64>,
    /// Share of positives (by weight) in each bin; sums to 1.
    pub positives: Vec<f64>,
    /// Share of negatives (by weight) in each bin; sums to 1.
    pub negatives: Vec<f64>,
}

impl Curves {
    /// The cheapest threshold and its cost per day: the report's exact `min_cost`
    /// point when the context asks for it (every distinct score checked), else the
    /// cheapest point of the plotted grid; `None` without costs.
    pub fn cheapest(&self, report: &Report) -> Option<(f64, Estimate)> {
        let exact = report
            .min_cost_point()
            .and_then(|p| Some((p.threshold, p.per_day.cost?)));
        exact.or_else(|| {
            self.grid
                .iter()
                .filter_map(|(t, d)| Some((*t, d.cost?)))
                .min_by(|a, b| a.1.value.total_cmp(&b.1.value))
        })
    }
}

/// Builds the chart data; `named` thresholds are added to the grid exactly.
pub fn build_curves(
    sweep: &Sweep,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    named: &[f64],
) -> Curves {
    let (low, high) = threshold_range(sweep.score_range().unwrap_or((0.0, 1.0)));
    let mut thresholds: Vec<f64> = (0..=GRID_STEPS)
        .map(|i| low + (high - low) * i as f64 / GRID_STEPS as f64)
        .collect();
    thresholds.extend(named.iter().copied().filter(|t| (low..=high).contains(t)));
    thresholds.sort_by(f64::total_cmp);
    thresholds.dedup();
    let grid = thresholds
        .into_iter()
        .filter_map(|t| {
            let rates = Rates::from_counts(&sweep.counts_at(t), sweep)?;
            Some((
                t,
                projection::per_day(t, &rates, workload, sweep, row_costs),
            ))
        })
        .collect();

    let (roc, precision_recall) = roc_and_precision_recall(sweep, MIN_STEP, |_, _| {});
    Curves {
        grid,
        roc,
        precision_recall,
        histogram: histogram(scores, positive, weights, low, high),
    }
}

/// A point of a curve, (x, y).
pub(crate) type Point = (f64, f64);

/// The ROC curve (FPR, TPR) from (0, 0) and the precision–recall curve (recall,
/// precision), each thinned to `step` as the sweep's distinct scores are walked
/// (one point per distinct score would be 16 bytes a row for each curve); `also`
/// sees each point's (TPR, FPR) on the way.
pub(crate) fn roc_and_precision_recall(
    sweep: &Sweep,
    step: f64,
    mut also: impl FnMut(f64, f64),
) -> (Vec<Point>, Vec<Point>) {
    let mut roc = Thinned::new(step);
    roc.push((0.0, 0.0));
    let mut precision_recall = Thinned::new(step);
    for (_, counts) in sweep.points() {
        let (Some(tpr), Some(fpr)) = (counts.true_positive_rate(), counts.false_positive_rate())
        else {
            continue;
        };
        roc.push((fpr, tpr));
        if let Some(precision) = counts.precision() {
            precision_recall.push((tpr, precision));
        }
        also(tpr, fpr);
    }
    (roc.finish(), precision_recall.finish())
}

/// A curve thinned while it is walked: keeps the first and last point and every
/// point at least `step` from the last kept one (after dividing x by `x_scale`
/// and y by `y_scale`), so a curve across the unit square keeps at most a few
/// hundred points whatever the number of distinct scores, and never holds more.
#[derive(Debug)]
pub(crate) struct Thinned {
    kept: Vec<(f64, f64)>,
    /// The latest point, when it was not kept.
    last: Option<(f64, f64)>,
    step: f64,
    scale: (f64, f64),
}

impl Thinned {
    /// An empty curve thinned to `step` in the unit square.
    pub(crate) fn new(step: f64) -> Thinned {
        Thinned::scaled(step, 1.0, 1.0)
    }

    /// An empty curve thinned to `step` after dividing by the scales.
    pub(crate) fn scaled(step: f64, x_scale: f64, y_scale: f64) -> Thinned {
        Thinned {
            kept: Vec::new(),
            last: None,
            step,
            scale: (x_scale, y_scale),
        }
    }

    /// The latest point kept or walked past, if any.
    pub(crate) fn latest(&self) -> Option<(f64, f64)> {
        self.last.or_else(|| self.kept.last().copied())
    }

    pub(crate) fn push(&mut self, (x, y): (f64, f64)) {
        // Squared distances: no square root per point of a 10-million-point curve.
        let far = self.kept.last().is_none_or(|&(kx, ky)| {
            let (dx, dy) = ((x - kx) / self.scale.0, (y - ky) / self.scale.1);
            dx * dx + dy * dy >= self.step * self.step
        });
        if far {
            self.kept.push((x, y));
            self.last = None;
        } else {
            self.last = Some((x, y));
        }
    }

    pub(crate) fn finish(mut self) -> Vec<(f64, f64)> {
        self.kept.extend(self.last);
        self.kept
    }
}

fn histogram(
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    low: f64,
    high: f64,
) -> Histogram {
    let width = (high - low) / BINS as f64;
    let mut positives = vec![0.0; BINS];
    let mut negatives = vec![0.0; BINS];
    for (i, (&s, &p)) in scores.iter().zip(positive).enumerate() {
        let bin = if width > 0.0 {
            (((s - low) / width) as usize).min(BINS - 1)
        } else {
            0
        };
        let w = weights.of(i);
        if p {
            positives[bin] += w
        } else {
            negatives[bin] += w
        }
    }
    let share = |counts: &mut Vec<f64>| {
        let total: f64 = counts.iter().sum();
        if total > 0.0 {
            counts.iter_mut().for_each(|c| *c /= total);
        }
    };
    share(&mut positives);
    share(&mut negatives);
    Histogram {
        edges: (0..=BINS).map(|i| low + width * i as f64).collect(),
        positives,
        negatives,
    }
}

/// The per-day value of one of the four counts, for charts and tables.
pub fn count_of(day: &PerDay, which: Count) -> Estimate {
    match which {
        Count::Flagged => day.flagged,
        Count::Caught => day.caught,
        Count::Missed => day.missed,
        Count::FalseAlarms => day.false_alarms,
    }
}

/// The four per-day counts, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Cases flagged per day.
    Flagged,
    /// Positives flagged per day.
    Caught,
    /// Positives not flagged per day.
    Missed,
    /// Negatives flagged per day.
    FalseAlarms,
}

impl Count {
    /// The four counts in the order the page shows them.
    pub const ALL: [Count; 4] = [
        Count::Flagged,
        Count::Caught,
        Count::Missed,
        Count::FalseAlarms,
    ];

    /// The `data-per-day` key (docs/src/reading-the-report.md).
    pub fn key(self) -> &'static str {
        match self {
            Count::Flagged => "flagged",
            Count::Caught => "caught",
            Count::Missed => "missed",
            Count::FalseAlarms => "false_alarms",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_bounds_the_curve_and_keeps_the_ends() {
        let points: Vec<(f64, f64)> = (0..=100_000)
            .map(|i| (i as f64 / 100_000.0, (i as f64 / 100_000.0).sqrt()))
            .collect();
        let mut thinned = Thinned::new(MIN_STEP);
        points.iter().for_each(|&p| thinned.push(p));
        let kept = thinned.finish();
        assert!(kept.len() < 600, "{}", kept.len());
        assert_eq!(kept.first(), points.first());
        assert_eq!(kept.last(), points.last());
    }

    #[test]
    fn histograms_are_shares_of_each_class() {
        let h = histogram(
            &[0.0, 0.5, 1.0, 0.99],
            &[true, false, false, true],
            RowWeights::default(),
            0.0,
            1.0,
        );
        assert_eq!(h.positives.iter().sum::<f64>(), 1.0);
        assert_eq!(h.positives[0], 0.5);
        assert_eq!(h.positives[BINS - 1], 0.5);
        assert_eq!(h.negatives[BINS / 2], 0.5);
        assert_eq!(h.edges.len(), BINS + 1);
    }
}
