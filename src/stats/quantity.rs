//! The quantities the report states for an average production day, and a bound on
//! one ("at most / at least a value"), with the one check every bound gets.
//!
//! One list for every user: the monitor's promises, the release comparison, the
//! targets (`thresholds.targets`), the gates (`gates:`) and the decision each take
//! a subset of [`Quantity`], named by a const list here ([`Quantity::PROMISED`],
//! [`Quantity::COMPARED`], [`Bound::TARGETS`], [`Bound::GATES`]), never by an enum
//! of their own. The formulas are in docs/src/conventions.md. Here, not in `model`,
//! because `input` validates bounds and may import only `stats`.

/// What a quantity's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share in [0, 1].
    Share,
    /// Cases per day, 0 or more.
    PerDay,
    /// Money per day (the context's currency), 0 or more.
    MoneyPerDay,
}

/// Which way a quantity is better for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// More is better (positives caught, precision, ROC AUC).
    Higher,
    /// Less is better (positives missed, false alarms, cost).
    Lower,
}

/// A quantity the report states: per average production day at a threshold, or
/// (ROC AUC, average precision) of the whole evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// Cases scored per day.
    Volume,
    /// Cases flagged per day.
    Flagged,
    /// Share of cases flagged.
    ShareFlagged,
    /// Share of flagged cases that are positive, in production.
    Precision,
    /// Positives flagged per day.
    Caught,
    /// Positives not flagged per day.
    Missed,
    /// Negatives flagged per day.
    FalseAlarms,
    /// Share of positives in production.
    Prevalence,
    /// Expected money per day (needs `business.costs`).
    Cost,
    /// Share of positives not flagged.
    FalseNegativeRate,
    /// Share of negatives flagged.
    FalsePositiveRate,
    /// ROC AUC of the whole evaluation (no threshold).
    RocAuc,
    /// Average precision of the whole evaluation (no threshold).
    AveragePrecision,
}

impl Quantity {
    /// The monitor's promises, in the page's order.
    pub const PROMISED: [Quantity; 9] = [
        Quantity::Volume,
        Quantity::Flagged,
        Quantity::ShareFlagged,
        Quantity::Precision,
        Quantity::Caught,
        Quantity::Missed,
        Quantity::FalseAlarms,
        Quantity::Prevalence,
        Quantity::Cost,
    ];

    /// The per-day quantities the release review compares between the two models,
    /// in the page's order.
    pub const COMPARED: [Quantity; 5] = [
        Quantity::Flagged,
        Quantity::Caught,
        Quantity::Missed,
        Quantity::FalseAlarms,
        Quantity::Cost,
    ];

    /// The JSON key (`monitoring.promises[].quantity`, `per_day.caught`).
    pub fn key(self) -> &'static str {
        match self {
            Quantity::Volume => "volume",
            Quantity::Flagged => "flagged",
            Quantity::ShareFlagged => "share_flagged",
            Quantity::Precision => "precision",
            Quantity::Caught => "caught",
            Quantity::Missed => "missed",
            Quantity::FalseAlarms => "false_alarms",
            Quantity::Prevalence => "prevalence",
            Quantity::Cost => "cost",
            Quantity::FalseNegativeRate => "false_negative_rate",
            Quantity::FalsePositiveRate => "false_positive_rate",
            Quantity::RocAuc => "roc_auc",
            Quantity::AveragePrecision => "average_precision",
        }
    }

    /// What its number is: a share, cases per day or money per day.
    pub fn unit(self) -> Unit {
        match self {
            Quantity::ShareFlagged
            | Quantity::Precision
            | Quantity::Prevalence
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => Unit::Share,
            Quantity::Volume
            | Quantity::Flagged
            | Quantity::Caught
            | Quantity::Missed
            | Quantity::FalseAlarms => Unit::PerDay,
            Quantity::Cost => Unit::MoneyPerDay,
        }
    }

    /// Whether it is a share in [0, 1] (else cases or money per day).
    pub fn is_share(self) -> bool {
        self.unit() == Unit::Share
    }

    /// Which way is better for the reader; `None` when it depends on the team's
    /// capacity (cases scored, cases flagged and the share flagged: see
    /// `model::monitoring::outcome`).
    pub fn better(self) -> Option<Better> {
        match self {
            Quantity::Precision
            | Quantity::Caught
            | Quantity::RocAuc
            | Quantity::AveragePrecision => Some(Better::Higher),
            Quantity::Missed
            | Quantity::FalseAlarms
            | Quantity::Prevalence
            | Quantity::Cost
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate => Some(Better::Lower),
            Quantity::Volume | Quantity::Flagged | Quantity::ShareFlagged => None,
        }
    }

    /// Whether more of it is better (the release comparison's direction: only
    /// catches, precision and the whole-evaluation metrics are).
    pub fn higher_is_better(self) -> bool {
        self.better() == Some(Better::Higher)
    }

    /// Whether production's scores alone give it exactly (else it needs labels:
    /// the monitor's audit).
    pub fn is_counted(self) -> bool {
        match self {
            Quantity::Volume | Quantity::Flagged | Quantity::ShareFlagged => true,
            Quantity::Precision
            | Quantity::Caught
            | Quantity::Missed
            | Quantity::FalseAlarms
            | Quantity::Prevalence
            | Quantity::Cost
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => false,
        }
    }
}

/// Which side of its value a bound keeps the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// At most the value (`max_*`).
    AtMost,
    /// At least the value (`min_*`).
    AtLeast,
}

/// "At most / at least a value of a quantity": a target (`thresholds.targets`) or a
/// gate's limit (`gates:`). Built by [`Bound::new`], which checks the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// What is bounded.
    pub quantity: Quantity,
    /// At most or at least.
    pub side: Side,
    /// The bound, in the quantity's unit.
    pub value: f64,
}

/// Why a bound's value is not valid; the text follows "is VALUE: ".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundError {
    /// A share outside [0, 1] (or not a number).
    NotAShare,
    /// A count per day below 0 or not finite.
    NotACount,
    /// Money per day below 0 or not finite.
    NotMoney,
}

impl std::fmt::Display for BoundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BoundError::NotAShare => "it must be a share between 0 and 1 (e.g. 0.05 for 5%)",
            BoundError::NotACount => "it must be a number of cases per day, 0 or more",
            BoundError::NotMoney => "it must be an amount of money per day, 0 or more",
        })
    }
}

impl Bound {
    /// The bounds `thresholds.targets` may set, in the order the report lists
    /// their operating points.
    pub const TARGETS: [(Side, Quantity); 5] = [
        (Side::AtMost, Quantity::FalseNegativeRate),
        (Side::AtMost, Quantity::Flagged),
        (Side::AtLeast, Quantity::Precision),
        (Side::AtMost, Quantity::FalseAlarms),
        (Side::AtLeast, Quantity::Caught),
    ];

    /// The limits `gates:` may set, in the order they are checked.
    pub const GATES: [(Side, Quantity); 10] = [
        (Side::AtMost, Quantity::Flagged),
        (Side::AtMost, Quantity::Missed),
        (Side::AtMost, Quantity::FalseAlarms),
        (Side::AtLeast, Quantity::Caught),
        (Side::AtMost, Quantity::Cost),
        (Side::AtMost, Quantity::FalseNegativeRate),
        (Side::AtMost, Quantity::FalsePositiveRate),
        (Side::AtLeast, Quantity::Precision),
        (Side::AtLeast, Quantity::RocAuc),
        (Side::AtLeast, Quantity::AveragePrecision),
    ];

    /// A bound, once its value is checked: finite, a share in [0, 1] for a share,
    /// 0 or more for cases or money per day.
    pub fn new(side: Side, quantity: Quantity, value: f64) -> Result<Bound, BoundError> {
        let valid = value.is_finite()
            && match quantity.unit() {
                Unit::Share => (0.0..=1.0).contains(&value),
                Unit::PerDay | Unit::MoneyPerDay => value >= 0.0,
            };
        if valid {
            Ok(Bound {
                quantity,
                side,
                value,
            })
        } else {
            Err(match quantity.unit() {
                Unit::Share => BoundError::NotAShare,
                Unit::PerDay => BoundError::NotACount,
                Unit::MoneyPerDay => BoundError::NotMoney,
            })
        }
    }

    /// The key in the context and the JSON: `max_` or `min_`, the quantity's key,
    /// and `_per_day` for a count or money per day (`max_missed_per_day`,
    /// `min_precision`).
    pub fn key(&self) -> &'static str {
        let [at_most, at_least] = match self.quantity {
            Quantity::Volume => ["max_volume_per_day", "min_volume_per_day"],
            Quantity::Flagged => ["max_flagged_per_day", "min_flagged_per_day"],
            Quantity::ShareFlagged => ["max_share_flagged", "min_share_flagged"],
            Quantity::Precision => ["max_precision", "min_precision"],
            Quantity::Caught => ["max_caught_per_day", "min_caught_per_day"],
            Quantity::Missed => ["max_missed_per_day", "min_missed_per_day"],
            Quantity::FalseAlarms => ["max_false_alarms_per_day", "min_false_alarms_per_day"],
            Quantity::Prevalence => ["max_prevalence", "min_prevalence"],
            Quantity::Cost => ["max_cost_per_day", "min_cost_per_day"],
            Quantity::FalseNegativeRate => ["max_false_negative_rate", "min_false_negative_rate"],
            Quantity::FalsePositiveRate => ["max_false_positive_rate", "min_false_positive_rate"],
            Quantity::RocAuc => ["max_roc_auc", "min_roc_auc"],
            Quantity::AveragePrecision => ["max_average_precision", "min_average_precision"],
        };
        match self.side {
            Side::AtMost => at_most,
            Side::AtLeast => at_least,
        }
    }

    /// Whether `value` keeps the bound (exactly at it counts as keeping it).
    pub fn is_met(&self, value: f64) -> bool {
        match self.side {
            Side::AtMost => value <= self.value,
            Side::AtLeast => value >= self.value,
        }
    }

    /// How far `value` falls short of the bound, in the quantity's unit; 0 when met.
    pub fn shortfall(&self, value: f64) -> f64 {
        match self.side {
            Side::AtMost => (value - self.value).max(0.0),
            Side::AtLeast => (self.value - value).max(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Quantity; 13] = [
        Quantity::Volume,
        Quantity::Flagged,
        Quantity::ShareFlagged,
        Quantity::Precision,
        Quantity::Caught,
        Quantity::Missed,
        Quantity::FalseAlarms,
        Quantity::Prevalence,
        Quantity::Cost,
        Quantity::FalseNegativeRate,
        Quantity::FalsePositiveRate,
        Quantity::RocAuc,
        Quantity::AveragePrecision,
    ];

    #[test]
    fn a_bound_key_is_its_side_its_quantity_and_per_day_for_counts() {
        for quantity in ALL {
            for (side, prefix) in [(Side::AtMost, "max"), (Side::AtLeast, "min")] {
                let per_day = if quantity.is_share() { "" } else { "_per_day" };
                let key = format!("{prefix}_{}{per_day}", quantity.key());
                let bound = Bound {
                    quantity,
                    side,
                    value: 0.0,
                };
                assert_eq!(bound.key(), key);
            }
        }
    }

    #[test]
    fn a_bound_is_finite_a_share_in_0_1_or_a_count_of_0_or_more() {
        let ok = |q, v| Bound::new(Side::AtMost, q, v).is_ok();
        assert!(ok(Quantity::Precision, 0.0) && ok(Quantity::Precision, 1.0));
        assert!(!ok(Quantity::Precision, 1.01) && !ok(Quantity::RocAuc, -0.1));
        assert!(!ok(Quantity::FalseNegativeRate, f64::NAN));
        assert!(ok(Quantity::Flagged, 0.0) && ok(Quantity::Flagged, 1e9));
        assert!(!ok(Quantity::Flagged, -1.0) && !ok(Quantity::Missed, f64::INFINITY));
        assert_eq!(
            Bound::new(Side::AtMost, Quantity::Cost, -1.0),
            Err(BoundError::NotMoney)
        );
        assert_eq!(
            Bound::new(Side::AtLeast, Quantity::Caught, f64::NAN),
            Err(BoundError::NotACount)
        );
    }

    #[test]
    fn a_bound_is_met_at_its_value_and_falls_short_beyond() {
        let most = Bound::new(Side::AtMost, Quantity::Missed, 10.0).unwrap();
        let least = Bound::new(Side::AtLeast, Quantity::Caught, 10.0).unwrap();
        assert!(most.is_met(10.0) && !most.is_met(10.5) && least.is_met(10.0));
        assert_eq!((most.shortfall(12.0), least.shortfall(7.0)), (2.0, 3.0));
        assert_eq!((most.shortfall(3.0), least.shortfall(30.0)), (0.0, 0.0));
    }
}
