//! Finding the threshold that meets a target (`thresholds.targets`; the rules are in
//! docs/src/conventions.md).
//! Pure: walks the sweep's distinct scores once. "Level k" means the k highest
//! distinct scores are flagged; level 0 flags nothing.

use crate::stats::costs::RowCosts;
use crate::stats::quantity::{Bound, Quantity, Side};
use crate::stats::sweep::{Counts, Sweep};
use crate::stats::workload::{Costs, Workload};

/// A goal a threshold can meet.
///
/// The rule for each bound (one side per quantity, [`Bound::TARGETS`]):
/// - at most a false-negative rate, at least caught a day: the highest threshold
///   that meets it, so as few cases as possible are flagged;
/// - at most flagged a day, at least a precision in production, at most false
///   alarms a day: the lowest threshold that meets it, so as many positives as
///   possible are caught.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A `max_*`/`min_*` target, one of [`Bound::TARGETS`].
    Bound(Bound),
    /// The lowest expected cost per day. Rule: the cheapest threshold; among equally
    /// cheap ones, the highest (fewest flags).
    MinCost,
}

impl Target {
    /// At most `value` of `quantity` (a value already checked).
    pub fn at_most(quantity: Quantity, value: f64) -> Target {
        Target::Bound(Bound {
            quantity,
            side: Side::AtMost,
            value,
        })
    }

    /// At least `value` of `quantity` (a value already checked).
    pub fn at_least(quantity: Quantity, value: f64) -> Target {
        Target::Bound(Bound {
            quantity,
            side: Side::AtLeast,
            value,
        })
    }

    /// The JSON/YAML key of the target.
    pub fn key(&self) -> &'static str {
        match self {
            Target::Bound(b) => b.key(),
            Target::MinCost => "min_cost",
        }
    }

    /// The goal's value as given; `None` for the cost minimum.
    pub fn value(&self) -> Option<f64> {
        match *self {
            Target::Bound(b) => Some(b.value),
            Target::MinCost => None,
        }
    }
}

/// Where a target can't be met: the best threshold and what it reaches there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unreachable {
    /// The threshold that comes closest.
    pub threshold: f64,
    /// What it reaches, in the target's own unit: the false-negative rate for
    /// `MaxFalseNegativeRate`, caught per day for `MinCaughtPerDay`, precision in
    /// production for `MinPrecision`; `None` when undefined (no positives).
    pub reaches: Option<f64>,
}

/// The threshold meeting `target` under the rule documented on [`Target`].
pub fn find_threshold(
    sweep: &Sweep,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
    target: Target,
) -> Result<f64, Unreachable> {
    // Level k flags the k highest distinct scores; levels() walks k = 0, 1, …
    let levels = || level_points(sweep);
    let last = || levels().last().expect("level 0 is always there");
    let positives_per_day = workload.positives_per_day();
    let negatives_per_day = workload.negatives_per_day();
    let flagged = |c: &Counts| {
        positives_per_day * c.true_positive_rate().unwrap_or(0.0)
            + negatives_per_day * c.false_positive_rate().unwrap_or(0.0)
    };
    let precision = |c: &Counts| {
        let caught = positives_per_day * c.true_positive_rate().unwrap_or(0.0);
        let all = flagged(c);
        (all > 0.0).then(|| caught / all)
    };
    match target {
        Target::Bound(Bound {
            quantity: Quantity::FalseNegativeRate,
            value: goal,
            ..
        }) => levels()
            .find(|(_, c)| c.false_negative_rate().is_some_and(|r| r <= goal))
            .map(|(t, _)| t)
            .ok_or_else(|| {
                let (t, c) = last();
                Unreachable {
                    threshold: t,
                    reaches: c.false_negative_rate(),
                }
            }),
        Target::Bound(Bound {
            quantity: Quantity::Flagged,
            value: goal,
            ..
        }) => {
            // Flagged per day only rises as more levels are flagged.
            let k = levels()
                .take_while(|(_, c)| flagged(c) <= goal)
                .last()
                .unwrap_or_else(|| level_zero(sweep));
            Ok(k.0)
        }
        Target::Bound(Bound {
            quantity: Quantity::FalseAlarms,
            value: goal,
            ..
        }) => {
            // False alarms only rise as more levels are flagged.
            let k = levels()
                .take_while(|(_, c)| {
                    negatives_per_day * c.false_positive_rate().unwrap_or(0.0) <= goal
                })
                .last()
                .unwrap_or_else(|| level_zero(sweep));
            Ok(k.0)
        }
        Target::Bound(Bound {
            quantity: Quantity::Caught,
            value: goal,
            ..
        }) => levels()
            .find(|(_, c)| positives_per_day * c.true_positive_rate().unwrap_or(0.0) >= goal)
            .map(|(t, _)| t)
            .ok_or_else(|| Unreachable {
                threshold: last().0,
                reaches: Some(positives_per_day),
            }),
        Target::MinCost => {
            let costs = workload.costs.unwrap_or(Costs {
                false_positive: 0.0,
                false_negative: 0.0,
                true_positive: 0.0,
            });
            let cost = |t: f64, c: &Counts| {
                if let Some(rows) = row_costs {
                    return rows.per_day(t, workload).value;
                }
                let tpr = c.true_positive_rate().unwrap_or(0.0);
                costs.of(
                    negatives_per_day * c.false_positive_rate().unwrap_or(0.0),
                    positives_per_day * (1.0 - tpr),
                    positives_per_day * tpr,
                )
            };
            // Strictly cheaper only, so ties keep the highest threshold.
            let best = levels().fold(None::<(f64, f64)>, |best, (t, c)| {
                let v = cost(t, &c);
                match best {
                    Some((_, b)) if b <= v => best,
                    _ => Some((t, v)),
                }
            });
            Ok(best.map_or(f64::INFINITY, |(t, _)| t))
        }
        // The lowest threshold that keeps precision: the last level (k ≥ 1) meeting it.
        Target::Bound(Bound {
            quantity: Quantity::Precision,
            value: goal,
            ..
        }) => sweep
            .points()
            .filter(|(_, c)| precision(c).is_some_and(|p| p >= goal))
            .last()
            .map(|(t, _)| t)
            .ok_or_else(|| {
                let best = sweep
                    .points()
                    .filter_map(|(t, c)| Some((t, precision(&c)?)))
                    .fold(
                        (f64::NAN, -1.0),
                        |best, (t, p)| if p > best.1 { (t, p) } else { best },
                    );
                Unreachable {
                    threshold: best.0,
                    reaches: (best.1 >= 0.0).then_some(best.1),
                }
            }),
        // Not a target the context can set (`Bound::TARGETS`): nothing meets it.
        Target::Bound(Bound {
            quantity:
                Quantity::Volume
                | Quantity::ShareFlagged
                | Quantity::Missed
                | Quantity::Prevalence
                | Quantity::Cost
                | Quantity::FalsePositiveRate
                | Quantity::RocAuc
                | Quantity::AveragePrecision,
            ..
        }) => Err(Unreachable {
            threshold: last().0,
            reaches: None,
        }),
    }
}

/// A model matched to flagging `goal` cases a day (the comparison's capacity
/// match).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityMatch {
    /// The threshold the model is compared at.
    pub threshold: f64,
    /// Set when ties at the top make the goal unreachable: every threshold that
    /// flags anything flags more than `goal`, because the cases sharing the highest
    /// score flag this many a day. The model is then compared at its highest
    /// score (the nearest point that flags anything) rather than at a threshold
    /// above every score that flags nothing.
    pub tied_top_flags: Option<f64>,
}

/// The lowest threshold flagging at most `goal` a day, as a target on flagged a day
/// finds it, unless ties at the top make that flag nothing although there are
/// cases: then the highest score, whose tied group flags more than `goal` (see
/// [`CapacityMatch::tied_top_flags`]). A goal of 0 is met by flagging nothing.
pub fn capacity_match(sweep: &Sweep, workload: &Workload, goal: f64) -> CapacityMatch {
    let at_most = find_threshold(
        sweep,
        workload,
        None,
        Target::at_most(Quantity::Flagged, goal),
    )
    .unwrap_or_else(|closest| closest.threshold);
    let flags_nothing = sweep.levels().next().is_none_or(|top| at_most > top);
    match sweep.points().next() {
        Some((top, counts)) if flags_nothing && goal > 0.0 => {
            let flagged = workload.positives_per_day() * counts.true_positive_rate().unwrap_or(0.0)
                + workload.negatives_per_day() * counts.false_positive_rate().unwrap_or(0.0);
            CapacityMatch {
                threshold: top,
                tied_top_flags: Some(flagged),
            }
        }
        _ => CapacityMatch {
            threshold: at_most,
            tied_top_flags: None,
        },
    }
}

/// `(threshold, counts)` flagging exactly the `k` highest distinct scores, for
/// k = 0, 1, …: the k-th highest score, or just above the highest score for k = 0.
pub(crate) fn level_points(sweep: &Sweep) -> impl Iterator<Item = (f64, Counts)> + '_ {
    std::iter::once(level_zero(sweep)).chain(sweep.points())
}

/// Level 0, nothing flagged: just above the highest score (∞ without scores).
fn level_zero(sweep: &Sweep) -> (f64, Counts) {
    let threshold = sweep.levels().next().map_or(f64::INFINITY, f64::next_up);
    (threshold, sweep.counts_at(threshold))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload() -> Workload {
        Workload {
            volume_per_day: 100.0,
            prevalence: 0.5,
            costs: None,
        }
    }

    // Scores 0.9 0.8 0.7 0.6 0.5 0.4; labels 1 1 0 1 0 0.
    fn sweep() -> Sweep {
        Sweep::build(
            &[0.9, 0.8, 0.7, 0.6, 0.5, 0.4],
            &[true, true, false, true, false, false],
            crate::stats::weights::RowWeights::default(),
        )
    }

    #[test]
    fn max_false_negative_rate_takes_the_highest_threshold() {
        let s = sweep();
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::FalseNegativeRate, 0.0)
            ),
            Ok(0.6)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::FalseNegativeRate, 0.34)
            ),
            Ok(0.8)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::FalseNegativeRate, 1.0)
            ),
            Ok(0.9f64.next_up())
        );
    }

    #[test]
    fn max_flagged_takes_the_lowest_threshold() {
        let s = sweep();
        // V·π = 50 positives and 50 negatives a day; at 0.8: 2/3·50 = 33.3 flagged.
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::Flagged, 40.0)
            ),
            Ok(0.8)
        );
        // Exactly at the goal counts as meeting it: at 0.7, 33.3 + 16.7 = 50.
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::Flagged, 50.0 + 1e-9)
            ),
            Ok(0.7)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::Flagged, 0.0)
            ),
            Ok(0.9f64.next_up())
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::Flagged, 1e9)
            ),
            Ok(0.4)
        );
    }

    #[test]
    fn false_alarm_caught_and_cost_targets() {
        let s = sweep();
        // 50 negatives a day; FPR 1/3 at 0.7, 2/3 at 0.5.
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::FalseAlarms, 20.0)
            ),
            Ok(0.6)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_most(Quantity::FalseAlarms, 0.0)
            ),
            Ok(0.8)
        );
        // 50 positives a day; TPR 2/3 at 0.8 (33.3 caught), 1 at 0.6.
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_least(Quantity::Caught, 30.0)
            ),
            Ok(0.8)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_least(Quantity::Caught, 50.0)
            ),
            Ok(0.6)
        );
        assert!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_least(Quantity::Caught, 51.0)
            )
            .is_err()
        );
        // Misses cost 10, false alarms 1: flag everything down to 0.6 (cost 16.7):
        // at 0.8 the 16.7 misses cost 167; at 0.4 the 50 false alarms cost 50.
        let costly = Workload {
            costs: Some(Costs {
                false_positive: 1.0,
                false_negative: 10.0,
                true_positive: 0.0,
            }),
            ..workload()
        };
        assert_eq!(find_threshold(&s, &costly, None, Target::MinCost), Ok(0.6));
        // Nothing costs anything: every threshold ties, the highest wins.
        let free = Workload {
            costs: Some(Costs {
                false_positive: 0.0,
                false_negative: 0.0,
                true_positive: 0.0,
            }),
            ..workload()
        };
        assert_eq!(
            find_threshold(&s, &free, None, Target::MinCost),
            Ok(0.9f64.next_up())
        );
    }

    #[test]
    fn ties_at_the_top_are_matched_at_the_highest_score_not_above_it() {
        // Four cases share the top score 0.9: at 100 a day each flags 16.7, the group
        // 66.7, so no threshold flags anything and at most 40 a day.
        let s = Sweep::build(
            &[0.9, 0.9, 0.9, 0.9, 0.5, 0.4],
            &[true, true, false, false, true, false],
            crate::stats::weights::RowWeights::default(),
        );
        let m = capacity_match(&s, &workload(), 40.0);
        assert_eq!(m.threshold, 0.9);
        let flagged = m.tied_top_flags.unwrap();
        assert!((flagged - 200.0 / 3.0).abs() < 1e-9, "{flagged}");
        // Without the tie the rule is the target's, and says nothing more.
        let m = capacity_match(&sweep(), &workload(), 40.0);
        assert_eq!((m.threshold, m.tied_top_flags), (0.8, None));
        // A goal of 0 is met by flagging nothing.
        let m = capacity_match(&s, &workload(), 0.0);
        assert_eq!((m.threshold, m.tied_top_flags), (0.9f64.next_up(), None));
    }

    #[test]
    fn min_precision_takes_the_lowest_threshold_and_reports_unreachable() {
        let s = sweep();
        // Precision at 0.6 is 3/4, at 0.7 is 2/3, at 0.8 is 1.
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_least(Quantity::Precision, 0.74)
            ),
            Ok(0.6)
        );
        assert_eq!(
            find_threshold(
                &s,
                &workload(),
                None,
                Target::at_least(Quantity::Precision, 0.9)
            ),
            Ok(0.8)
        );
        let never = Sweep::build(
            &[0.9, 0.1],
            &[false, true],
            crate::stats::weights::RowWeights::default(),
        );
        let err = find_threshold(
            &never,
            &workload(),
            None,
            Target::at_least(Quantity::Precision, 0.6),
        )
        .unwrap_err();
        assert_eq!(err.threshold, 0.1);
        assert_eq!(err.reaches, Some(0.5));
    }
}
