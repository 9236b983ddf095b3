//! The `decision` object of the report's JSON summary: which threshold to choose
//! under the context's hard constraints, and which constraints conflict. Explained
//! for readers in `docs/src/reference/json.md`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::decision::{Constraint, Decision, Quantities, Rule, Side};

/// `decision`: the threshold the context's rule picks among those meeting every
/// hard constraint (`business.capacity_per_day` and the `max_*`/`min_*` targets).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionJson {
    /// The threshold to choose; `null` when no threshold meets every hard constraint
    /// (see `conflicts`).
    pub threshold: Option<f64>,
    /// How the threshold is picked among those meeting every constraint:
    /// `cheapest` (lowest cost per day; used when the context gives costs or
    /// `min_cost`) or `most_caught` (the lowest threshold, catching the most).
    pub rule: RuleJson,
    /// The hard constraints, as the context's keys (`capacity_per_day`,
    /// `min_caught_per_day` …).
    pub constraints: Vec<String>,
    /// Constraints met at `threshold`; when `threshold` is `null`, at the current
    /// threshold.
    pub meets: Vec<String>,
    /// Constraints missed at `threshold` (always empty then); when `threshold` is
    /// `null`, those the current threshold misses.
    pub misses: Vec<String>,
    /// An average day at `threshold`; `null` when `threshold` is.
    pub per_day: Option<DecisionDayJson>,
    /// An average day at the current threshold, to compare with.
    pub current: DecisionDayJson,
    /// Pairs of constraints no threshold meets together, with the best threshold
    /// on each side.
    pub conflicts: Vec<ConflictJson>,
}

/// A decision rule.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleJson {
    /// The lowest expected cost per day; ties go to the highest threshold.
    Cheapest,
    /// The lowest threshold, so the most positives are caught.
    MostCaught,
}

/// An average production day at one threshold.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionDayJson {
    /// Cases with `score >= threshold` are flagged.
    pub threshold: Option<f64>,
    /// Cases flagged per day.
    pub flagged: Option<f64>,
    /// Positives caught per day.
    pub caught: Option<f64>,
    /// Negatives flagged per day.
    pub false_alarms: Option<f64>,
    /// Share of positives missed, in [0, 1].
    pub false_negative_rate: Option<f64>,
    /// Precision in production, in [0, 1]; `null` when nothing is flagged.
    pub precision: Option<f64>,
    /// Money per day; `null` without costs.
    pub cost: Option<f64>,
}

/// Two constraints no threshold meets together.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConflictJson {
    /// The two constraints' keys.
    pub keys: [String; 2],
    /// The threshold meeting the first that comes closest to the second, then the
    /// one meeting the second that comes closest to the first.
    pub sides: [ConflictSideJson; 2],
}

/// One side of a conflict.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConflictSideJson {
    /// The constraint met on this side.
    pub meets: String,
    /// The day at the side's threshold.
    #[serde(flatten)]
    pub day: DecisionDayJson,
}

/// The JSON of `decision`.
pub fn decision_json(d: &Decision) -> DecisionJson {
    let keys = |cs: &[Constraint]| cs.iter().map(|c| c.key().to_owned()).collect();
    let side = |s: &Side| ConflictSideJson {
        meets: s.meets.key().to_owned(),
        day: day(&s.at),
    };
    DecisionJson {
        threshold: d.chosen.and_then(|q| finite(q.threshold)),
        rule: match d.rule {
            Rule::Cheapest => RuleJson::Cheapest,
            Rule::MostCaught => RuleJson::MostCaught,
        },
        constraints: keys(&d.constraints),
        meets: keys(&d.meets),
        misses: keys(&d.misses),
        per_day: d.chosen.as_ref().map(day),
        current: day(&d.current),
        conflicts: (d.conflicts.iter())
            .map(|c| ConflictJson {
                keys: [
                    c.first.meets.key().to_owned(),
                    c.second.meets.key().to_owned(),
                ],
                sides: [side(&c.first), side(&c.second)],
            })
            .collect(),
    }
}

fn day(q: &Quantities) -> DecisionDayJson {
    DecisionDayJson {
        threshold: finite(q.threshold),
        flagged: finite(q.flagged),
        caught: finite(q.caught),
        false_alarms: finite(q.false_alarms),
        false_negative_rate: q.false_negative_rate.and_then(finite),
        precision: q.precision.and_then(finite),
        cost: q.cost.and_then(finite),
    }
}

/// A finite number, or `None` (JSON `null`) for NaN and infinities. Kept here
/// rather than taken from `json`, which imports this module.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}
