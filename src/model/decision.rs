//! The decision: which threshold to choose. Reconciles the context's hard
//! constraints (`business.capacity_per_day` and every `max_*`/`min_*` target of
//! `thresholds.targets`), picks one threshold among those meeting all of them by a
//! stated rule, and names the pairs of constraints no threshold meets together.
//! Pure: walks the sweep's levels once per question; no words (those are
//! `present::decision`).

use crate::model::targets::level_points;
use crate::stats::costs::RowCosts;
use crate::stats::quantity::{Bound, Quantity, Side as BoundSide};
use crate::stats::sweep::{Counts, Sweep};
use crate::stats::workload::{Costs, Workload};

/// A hard constraint: something a threshold meets or misses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Constraint {
    /// `business.capacity_per_day`: flag at most this many cases a day.
    Capacity(f64),
    /// A `max_*`/`min_*` target (never `min_cost`, which is a rule, not a constraint).
    Target(Bound),
}

impl Constraint {
    /// The context's key: `capacity_per_day` or the target's key.
    pub fn key(&self) -> &'static str {
        match self {
            Constraint::Capacity(_) => "capacity_per_day",
            Constraint::Target(b) => b.key(),
        }
    }

    /// The constraint's own number (capacity, rate, count or precision).
    pub fn goal(&self) -> f64 {
        match self {
            Constraint::Capacity(c) => *c,
            Constraint::Target(b) => b.value,
        }
    }

    /// The quantity the constraint is about, at `at`, in its own unit; `None` when
    /// undefined there (precision with nothing flagged).
    pub fn measure(&self, at: &Quantities) -> Option<f64> {
        match self {
            Constraint::Capacity(_) => Some(at.flagged),
            Constraint::Target(b) => at.of(b.quantity),
        }
    }

    /// Whether the threshold with quantities `at` meets the constraint (exactly at
    /// the goal counts as meeting it, as in `targets`).
    pub fn met_by(&self, at: &Quantities) -> bool {
        self.shortfall(at) == 0.0
    }

    /// How far `at` falls short of the constraint, in its own unit; 0 when met,
    /// infinite when the measure is undefined there.
    pub fn shortfall(&self, at: &Quantities) -> f64 {
        let Some(v) = self.measure(at) else {
            return f64::INFINITY;
        };
        match self {
            Constraint::Capacity(c) => (v - c).max(0.0),
            Constraint::Target(b) => b.shortfall(v),
        }
    }

    /// True when `other` says the same thing (capacity 500 and
    /// `max_flagged_per_day: 500`), so a conflict is not reported twice.
    pub fn same_as(&self, other: &Constraint) -> bool {
        let flagged = |c: &Constraint| match c {
            Constraint::Capacity(v)
            | Constraint::Target(Bound {
                quantity: Quantity::Flagged,
                side: BoundSide::AtMost,
                value: v,
            }) => Some(*v),
            Constraint::Target(_) => None,
        };
        matches!((flagged(self), flagged(other)), (Some(a), Some(b)) if a == b)
    }
}

/// How the decision picks one threshold among those meeting every constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The lowest expected cost per day; among equally cheap ones, the highest
    /// threshold. Used when the context gives costs or asks for `min_cost`.
    Cheapest,
    /// The lowest threshold, so the most positives are caught within the
    /// constraints. Used without costs.
    MostCaught,
}

impl Rule {
    /// The JSON name of the rule.
    pub fn key(&self) -> &'static str {
        match self {
            Rule::Cheapest => "cheapest",
            Rule::MostCaught => "most_caught",
        }
    }
}

/// An average production day at one threshold, as the constraints see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantities {
    /// Cases with `score >= threshold` are flagged.
    pub threshold: f64,
    /// Flagged cases per day.
    pub flagged: f64,
    /// Positives caught per day.
    pub caught: f64,
    /// Negatives flagged per day.
    pub false_alarms: f64,
    /// Share of positives missed; `None` without positives.
    pub false_negative_rate: Option<f64>,
    /// Caught over flagged in production; `None` when nothing is flagged.
    pub precision: Option<f64>,
    /// Expected money per day; `None` without costs.
    pub cost: Option<f64>,
}

impl Quantities {
    /// The day's value of `quantity` as the constraints see it; `None` when
    /// undefined there or not held (the volume, shares and whole-evaluation
    /// metrics no target bounds).
    pub fn of(&self, quantity: Quantity) -> Option<f64> {
        match quantity {
            Quantity::Flagged => Some(self.flagged),
            Quantity::Caught => Some(self.caught),
            Quantity::FalseAlarms => Some(self.false_alarms),
            Quantity::FalseNegativeRate => self.false_negative_rate,
            Quantity::Precision => self.precision,
            Quantity::Cost => self.cost,
            Quantity::Volume
            | Quantity::ShareFlagged
            | Quantity::Missed
            | Quantity::Prevalence
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => None,
        }
    }
}

/// One side of a conflict: the threshold meeting `meets` that comes closest to the
/// other constraint of the pair (the smallest shortfall on it; among equals the
/// highest threshold, which flags fewest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    /// The constraint this side meets.
    pub meets: Constraint,
    /// What a day looks like there.
    pub at: Quantities,
}

/// Two constraints no threshold meets together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conflict {
    /// The best threshold meeting the first constraint, and what it gives up.
    pub first: Side,
    /// The best threshold meeting the second constraint.
    pub second: Side,
}

/// Which threshold to choose, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The hard constraints, in the context's order (capacity first).
    pub constraints: Vec<Constraint>,
    /// The rule that picks among thresholds meeting every constraint.
    pub rule: Rule,
    /// The threshold the rule picks among those meeting every constraint; `None`
    /// when no threshold meets them all.
    pub chosen: Option<Quantities>,
    /// The current threshold, as the constraints see it.
    pub current: Quantities,
    /// Constraints met at `chosen`, else (when nothing meets them all) at the
    /// current threshold.
    pub meets: Vec<Constraint>,
    /// Constraints missed at `chosen` (none), else at the current threshold.
    pub misses: Vec<Constraint>,
    /// Pairs of constraints no threshold meets together.
    pub conflicts: Vec<Conflict>,
}

/// The hard constraints a context sets: the capacity, then the targets in the
/// order of `thresholds.targets`.
pub fn constraints(
    capacity: Option<f64>,
    targets: &crate::input::context::Targets,
) -> Vec<Constraint> {
    let mut out: Vec<Constraint> = capacity.into_iter().map(Constraint::Capacity).collect();
    out.extend(targets.bounds.iter().copied().map(Constraint::Target));
    out
}

/// The decision for `constraints` under `rule`, compared with the `current`
/// threshold; `None` without constraints and without costs (nothing to decide by).
pub fn build_decision(
    current: f64,
    sweep: &Sweep,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
    constraints: Vec<Constraint>,
    rule: Rule,
) -> Option<Decision> {
    if constraints.is_empty() && rule == Rule::MostCaught {
        return None;
    }
    // One pass over the levels, keeping only what the answer needs: the best
    // level meeting everything, which pairs are ever met together, and for each
    // constraint the highest and lowest threshold meeting it.
    let n = constraints.len();
    let mut chosen: Option<Quantities> = None;
    let mut together = vec![false; n * n];
    // closest[i * n + j]: the level meeting i with the smallest shortfall on j
    // (ties: the highest threshold, which flags fewest).
    let mut closest: Vec<Option<(f64, Quantities)>> = vec![None; n * n];
    for (t, c) in level_points(sweep) {
        let q = quantities(t, &c, workload, row_costs);
        let met: Vec<bool> = constraints.iter().map(|c| c.met_by(&q)).collect();
        for i in (0..n).filter(|i| met[*i]) {
            for j in 0..n {
                together[i * n + j] |= met[j];
                let short = constraints[j].shortfall(&q);
                let nearer = closest[i * n + j]
                    .is_none_or(|(s, b)| short < s || (short == s && q.threshold > b.threshold));
                if nearer {
                    closest[i * n + j] = Some((short, q));
                }
            }
        }
        if met.iter().all(|m| *m) && chosen.is_none_or(|best| better(rule, &q, &best)) {
            chosen = Some(q);
        }
    }
    let current = quantities(current, &sweep.counts_at(current), workload, row_costs);
    let at = chosen.unwrap_or(current);
    let (meets, misses): (Vec<Constraint>, Vec<Constraint>) =
        constraints.iter().partition(|c| c.met_by(&at));
    // The side of a conflict meeting constraint i: the level meeting it closest
    // to constraint j.
    let side = |i: usize, j: usize| {
        closest[i * n + j].map(|(_, at)| Side {
            meets: constraints[i],
            at,
        })
    };
    let mut conflicts = Vec::new();
    let repeats = |i: usize| constraints[..i].iter().any(|e| e.same_as(&constraints[i]));
    for i in (0..n).filter(|i| !repeats(*i)) {
        for j in (i + 1..n).filter(|j| !repeats(*j)) {
            if together[i * n + j] {
                continue;
            }
            // A constraint met nowhere is an unreachable target, which the warnings
            // already say; not a conflict between two.
            if let (Some(first), Some(second)) = (side(i, j), side(j, i)) {
                conflicts.push(Conflict { first, second });
            }
        }
    }
    Some(Decision {
        constraints,
        rule,
        chosen,
        current,
        meets,
        misses,
        conflicts,
    })
}

/// Whether `a` beats `b` under `rule`.
fn better(rule: Rule, a: &Quantities, b: &Quantities) -> bool {
    match rule {
        Rule::Cheapest => {
            let (ca, cb) = (a.cost.unwrap_or(0.0), b.cost.unwrap_or(0.0));
            ca < cb || (ca == cb && a.threshold > b.threshold)
        }
        Rule::MostCaught => a.threshold < b.threshold,
    }
}

/// What a day looks like at `threshold`, whose counts are `c`.
pub fn quantities(
    threshold: f64,
    c: &Counts,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
) -> Quantities {
    let tpr = c.true_positive_rate().unwrap_or(0.0);
    let caught = workload.positives_per_day() * tpr;
    let missed = workload.positives_per_day() - caught;
    let false_alarms = workload.negatives_per_day() * c.false_positive_rate().unwrap_or(0.0);
    let flagged = caught + false_alarms;
    let cost = match (row_costs, workload.costs) {
        (Some(rows), _) => Some(rows.per_day(threshold, workload).value),
        (None, Some(Costs { .. })) => workload.costs.map(|k| k.of(false_alarms, missed, caught)),
        (None, None) => None,
    };
    Quantities {
        threshold,
        flagged,
        caught,
        false_alarms,
        false_negative_rate: c.false_negative_rate(),
        precision: (flagged > 0.0).then(|| caught / flagged),
        cost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::weights::RowWeights;

    // Scores 0.9 0.8 0.7 0.6 0.5 0.4; labels 1 1 0 1 0 0; 50 positives and 50
    // negatives a day.
    fn sweep() -> Sweep {
        Sweep::build(
            &[0.9, 0.8, 0.7, 0.6, 0.5, 0.4],
            &[true, true, false, true, false, false],
            RowWeights::default(),
        )
    }

    fn workload(costs: Option<Costs>) -> Workload {
        Workload {
            volume_per_day: 100.0,
            prevalence: 0.5,
            costs,
        }
    }

    #[test]
    fn most_caught_takes_the_lowest_threshold_meeting_everything() {
        // Capacity 50: at 0.7, 33.3 caught + 16.7 false alarms = 50 flagged; at 0.6,
        // 66.7. So 0.7 is the lowest within capacity.
        let d = build_decision(
            0.5,
            &sweep(),
            &workload(None),
            None,
            vec![Constraint::Capacity(50.0 + 1e-9)],
            Rule::MostCaught,
        )
        .unwrap();
        assert_eq!(d.chosen.unwrap().threshold, 0.7);
        assert!(d.misses.is_empty() && d.conflicts.is_empty());
    }

    #[test]
    fn cheapest_within_capacity_differs_from_the_unconstrained_cheapest() {
        // Misses cost 10, false alarms 1: unconstrained, 0.6 is cheapest (16.7). With
        // capacity 50 it is out of reach; 0.7 costs 16.7 + 167 = 183 and 0.8 costs 167.
        let costs = Some(Costs {
            false_positive: 1.0,
            false_negative: 10.0,
            true_positive: 0.0,
        });
        let free = build_decision(
            0.5,
            &sweep(),
            &workload(costs),
            None,
            vec![],
            Rule::Cheapest,
        )
        .unwrap();
        assert_eq!(free.chosen.unwrap().threshold, 0.6);
        let d = build_decision(
            0.5,
            &sweep(),
            &workload(costs),
            None,
            vec![Constraint::Capacity(50.0 + 1e-9)],
            Rule::Cheapest,
        )
        .unwrap();
        assert_eq!(d.chosen.unwrap().threshold, 0.8);
    }

    #[test]
    fn conflicting_targets_give_no_threshold_and_both_sides() {
        // Catching all 50 positives needs 0.6 (66.7 flagged); capacity 40 allows 0.8
        // at most (33.3 flagged, 33.3 caught).
        let capacity = Constraint::Capacity(40.0);
        let caught =
            Constraint::Target(Bound::new(BoundSide::AtLeast, Quantity::Caught, 50.0).unwrap());
        let d = build_decision(
            0.5,
            &sweep(),
            &workload(None),
            None,
            vec![capacity, caught],
            Rule::MostCaught,
        )
        .unwrap();
        assert_eq!(d.chosen, None);
        assert_eq!(d.conflicts.len(), 1);
        let c = d.conflicts[0];
        assert_eq!((c.first.meets, c.first.at.threshold), (capacity, 0.8));
        assert!((c.first.at.caught - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!((c.second.meets, c.second.at.threshold), (caught, 0.6));
        assert!((c.second.at.flagged - 200.0 / 3.0).abs() < 1e-9);
        // Nothing meets both: meets and misses describe the current threshold, 0.5
        // (50 caught, 83.3 flagged).
        assert_eq!(
            (d.meets.clone(), d.misses.clone()),
            (vec![caught], vec![capacity])
        );
    }

    #[test]
    fn equal_capacity_and_max_flagged_are_one_constraint_in_conflicts() {
        let d = build_decision(
            0.5,
            &sweep(),
            &workload(None),
            None,
            vec![
                Constraint::Capacity(40.0),
                Constraint::Target(Bound::new(BoundSide::AtMost, Quantity::Flagged, 40.0).unwrap()),
                Constraint::Target(Bound::new(BoundSide::AtLeast, Quantity::Caught, 50.0).unwrap()),
            ],
            Rule::MostCaught,
        )
        .unwrap();
        assert_eq!(d.conflicts.len(), 1);
        assert_eq!(d.misses.len(), 2);
    }
}
