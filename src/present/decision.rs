//! The decision in words: which threshold to choose, what it changes against the
//! current one, and, when the context's constraints cannot all be met, which ones
//! conflict and the best threshold on each side. Shared by the page (`#decision`),
//! the markdown summary and the terminal.

use crate::input::context::Business;
use crate::model::decision::{Conflict, Constraint, Decision, Quantities, Rule};
use crate::model::report::{OperatingPoint, Report};
use crate::present::format::{
    ShownThresholds, money, per_day, per_day_apart, percent, signed_per_day,
};
use crate::present::sentences::{capitalise, cases_of};
use crate::stats::quantity::{Bound, Quantity, Unit};

/// Every threshold a report's page or markdown shows (its operating points, the
/// decision's and its conflicts' sides, and `extra`, e.g. meeting mode's points), so
/// the page and the markdown write each threshold with the same digits.
pub(crate) fn shown_thresholds(report: &Report, extra: &[OperatingPoint]) -> ShownThresholds {
    let decision = report.decision.iter().flat_map(|d| {
        let sides = d
            .conflicts
            .iter()
            .flat_map(|c| [c.first.at.threshold, c.second.at.threshold]);
        d.chosen
            .iter()
            .map(|q| q.threshold)
            .chain(sides)
            .collect::<Vec<f64>>()
    });
    ShownThresholds::new(
        report
            .operating_points()
            .chain(extra)
            .map(|p| p.threshold)
            .chain(decision),
    )
}

/// The decision as the reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DecisionText {
    /// The answer in one or two sentences.
    pub lead: String,
    /// Why, and what else to know: one sentence each.
    pub details: Vec<String>,
    /// `true` when no threshold meets every constraint.
    pub conflicted: bool,
}

/// The decision in words; `thresholds` are the page's, so each reads as elsewhere.
pub(crate) fn decision_text(
    d: &Decision,
    business: &Business,
    thresholds: &ShownThresholds,
) -> DecisionText {
    let t = |v: f64| thresholds.show(v);
    let words = Words { business };
    let all: Vec<String> = (d.constraints.iter().enumerate())
        .filter(|(i, c)| !d.constraints[..*i].iter().any(|e| e.same_as(c)))
        .map(|(_, c)| words.goal(c).trim_end_matches(',').to_owned())
        .collect();
    let Some(chosen) = d.chosen else {
        let mut details: Vec<String> = d
            .conflicts
            .iter()
            .map(|c| capitalise(&words.conflict(c, thresholds)))
            .collect();
        details.push(format!(
            "The current threshold {} meets {}, and misses {}.",
            t(d.current.threshold),
            words.list(&d.meets, &d.current),
            words.list(&d.misses, &d.current),
        ));
        details.push(
            "To decide, relax one constraint of each conflict in the context, or choose one side of it."
                .to_owned(),
        );
        let pairs = d.conflicts.len();
        return DecisionText {
            lead: format!(
                "No threshold meets every constraint: {} cannot be met together.",
                if pairs == 1 {
                    "two of them".to_owned()
                } else {
                    format!("{pairs} pairs of them")
                }
            ),
            details,
            conflicted: true,
        };
    };
    let rule = match d.rule {
        Rule::Cheapest => "the cheapest threshold",
        Rule::MostCaught => "the lowest threshold, catching the most,",
    };
    let lead = if d.constraints.is_empty() {
        format!(
            "Choose threshold {}: {rule} (the context sets no constraint).",
            t(chosen.threshold)
        )
    } else {
        format!(
            "Choose threshold {}: {rule} that meets every constraint ({}).",
            t(chosen.threshold),
            all.join("; ")
        )
    };
    let mut details = vec![words.change(&chosen, &d.current, thresholds)];
    if !d.constraints.is_empty() {
        details.push(format!("There: {}.", words.list(&d.meets, &chosen)));
    }
    if d.rule == Rule::MostCaught {
        details.push(
            "The context gives no costs, so the rule is: among the thresholds meeting every constraint, the lowest (it catches the most)."
                .to_owned(),
        );
    }
    DecisionText {
        lead,
        details,
        conflicted: false,
    }
}

struct Words<'a> {
    business: &'a Business,
}

impl Words<'_> {
    fn positives(&self) -> String {
        cases_of(&self.business.positive)
    }

    /// The constraint as a goal: "at most 500 flagged a day (the team's capacity)".
    fn goal(&self, c: &Constraint) -> String {
        match c {
            Constraint::Capacity(v) => format!(
                "at most {} flagged a day, the team's capacity,",
                per_day(*v)
            ),
            Constraint::Target(b) => {
                let v = b.value;
                match b.quantity {
                    Quantity::FalseNegativeRate => {
                        format!("at most {} of {} missed", percent(v), self.positives())
                    }
                    Quantity::Flagged => format!("at most {} flagged a day", per_day(v)),
                    Quantity::Precision => format!("a precision of at least {}", percent(v)),
                    Quantity::FalseAlarms => format!("at most {} false alarms a day", per_day(v)),
                    Quantity::Caught => {
                        format!("at least {} {} caught a day", per_day(v), self.positives())
                    }
                    Quantity::Volume
                    | Quantity::ShareFlagged
                    | Quantity::Missed
                    | Quantity::Prevalence
                    | Quantity::Cost
                    | Quantity::FalsePositiveRate
                    | Quantity::RocAuc
                    | Quantity::AveragePrecision => self.other(b),
                }
            }
        }
    }

    /// A bound no target sets (see `Bound::TARGETS`), in plain words: its key and
    /// value.
    fn other(&self, b: &Bound) -> String {
        format!(
            "{} of {}",
            b.key().replace('_', " "),
            self.number(b.quantity, b.value)
        )
    }

    /// A number in `quantity`'s unit.
    fn number(&self, quantity: Quantity, v: f64) -> String {
        match quantity.unit() {
            Unit::Share => percent(v),
            Unit::PerDay => per_day(v),
            Unit::MoneyPerDay => money(v, self.business.currency.as_deref()),
        }
    }

    /// What the constraint measures at `q`, against its goal: "480 flagged a day".
    fn amount(&self, c: &Constraint, q: &Quantities) -> String {
        let goal = c.goal();
        let flagged = || format!("{} flagged a day", per_day_apart(q.flagged, goal));
        match c {
            Constraint::Capacity(_) => flagged(),
            Constraint::Target(b) => match b.quantity {
                Quantity::Flagged => flagged(),
                Quantity::FalseNegativeRate => format!(
                    "{} of {} missed",
                    percent(q.false_negative_rate.unwrap_or(f64::NAN)),
                    self.positives()
                ),
                Quantity::Precision => {
                    format!(
                        "a precision of {}",
                        percent(q.precision.unwrap_or(f64::NAN))
                    )
                }
                Quantity::FalseAlarms => {
                    format!("{} false alarms a day", per_day_apart(q.false_alarms, goal))
                }
                Quantity::Caught => {
                    format!("{} caught a day", per_day_apart(q.caught, goal))
                }
                Quantity::Volume
                | Quantity::ShareFlagged
                | Quantity::Missed
                | Quantity::Prevalence
                | Quantity::Cost
                | Quantity::FalsePositiveRate
                | Quantity::RocAuc
                | Quantity::AveragePrecision => String::new(),
            },
        }
    }

    /// "catching 270 fraudulent transactions a day": the constraint as something wanted.
    fn wish(&self, c: &Constraint) -> String {
        let flagging = |v: f64| format!("flagging at most {} a day", per_day(v));
        match c {
            Constraint::Capacity(v) => flagging(*v),
            Constraint::Target(b) => {
                let v = b.value;
                match b.quantity {
                    Quantity::Flagged => flagging(v),
                    Quantity::FalseNegativeRate => {
                        format!("missing at most {} of {}", percent(v), self.positives())
                    }
                    Quantity::Precision => format!("a precision of {}", percent(v)),
                    Quantity::FalseAlarms => format!("at most {} false alarms a day", per_day(v)),
                    Quantity::Caught => {
                        format!("catching {} {} a day", per_day(v), self.positives())
                    }
                    Quantity::Volume
                    | Quantity::ShareFlagged
                    | Quantity::Missed
                    | Quantity::Prevalence
                    | Quantity::Cost
                    | Quantity::FalsePositiveRate
                    | Quantity::RocAuc
                    | Quantity::AveragePrecision => String::new(),
                }
            }
        }
    }

    /// What the model does at `q` on the constraint's measure: "catches 268 a day".
    fn reach(&self, c: &Constraint, q: &Quantities) -> String {
        let goal = c.goal();
        let flags = || format!("flags {} a day", per_day_apart(q.flagged, goal));
        match c {
            Constraint::Capacity(_) => flags(),
            Constraint::Target(b) => match b.quantity {
                Quantity::Flagged => flags(),
                Quantity::FalseNegativeRate => format!(
                    "misses {} of them",
                    percent(q.false_negative_rate.unwrap_or(f64::NAN))
                ),
                Quantity::Precision => {
                    format!(
                        "has a precision of {}",
                        percent(q.precision.unwrap_or(f64::NAN))
                    )
                }
                Quantity::FalseAlarms => {
                    format!(
                        "raises {} false alarms a day",
                        per_day_apart(q.false_alarms, goal)
                    )
                }
                Quantity::Caught => {
                    format!("catches {} a day", per_day_apart(q.caught, goal))
                }
                Quantity::Volume
                | Quantity::ShareFlagged
                | Quantity::Missed
                | Quantity::Prevalence
                | Quantity::Cost
                | Quantity::FalsePositiveRate
                | Quantity::RocAuc
                | Quantity::AveragePrecision => String::new(),
            },
        }
    }

    /// The constraint's measure at `q`, as a bare number: "466", "5.0%".
    fn value(&self, c: &Constraint, q: &Quantities) -> String {
        let goal = c.goal();
        let share = |v: Option<f64>| percent(v.unwrap_or(f64::NAN));
        match c {
            Constraint::Capacity(_) => per_day_apart(q.flagged, goal),
            Constraint::Target(b) => match b.quantity.unit() {
                Unit::PerDay => per_day_apart(q.of(b.quantity).unwrap_or(f64::NAN), goal),
                Unit::Share => share(q.of(b.quantity)),
                Unit::MoneyPerDay => q
                    .of(b.quantity)
                    .map_or_else(String::new, |v| money(v, self.business.currency.as_deref())),
            },
        }
    }

    /// "the team can handle 500": the constraint as a limit.
    fn limit(&self, c: &Constraint) -> String {
        match c {
            Constraint::Capacity(v) => format!("the team can handle {} a day", per_day(*v)),
            Constraint::Target(_) => format!("the context asks for {}", self.goal(c)),
        }
    }

    /// The constraints with what `q` reaches on each: "at most 500 flagged a day
    /// (480)".
    fn list(&self, cs: &[Constraint], q: &Quantities) -> String {
        if cs.is_empty() {
            return "none".to_owned();
        }
        let items: Vec<String> = cs
            .iter()
            .enumerate()
            .filter(|(i, c)| !cs[..*i].iter().any(|e| e.same_as(c)))
            .map(|(_, c)| {
                format!(
                    "{} ({} there)",
                    self.goal(c).trim_end_matches(','),
                    self.value(c, q)
                )
            })
            .collect();
        items.join("; ")
    }

    /// "catching 270 … a day needs 516 flagged a day (threshold 0.43), but the team
    /// can handle 500 a day: at threshold 0.45 the model has 500 flagged a day and
    /// 268 caught a day."
    fn conflict(&self, c: &Conflict, thresholds: &ShownThresholds) -> String {
        // Tell it from the side that wants more caught (a caught or miss-rate
        // target), against the limit it runs into.
        let wants_more = |s: &Constraint| {
            matches!(
                s,
                Constraint::Target(Bound {
                    quantity: Quantity::Caught | Quantity::FalseNegativeRate,
                    ..
                })
            )
        };
        let (wish, limit) = if wants_more(&c.first.meets) && !wants_more(&c.second.meets) {
            (c.first, c.second)
        } else {
            (c.second, c.first)
        };
        format!(
            "{} needs {} (threshold {}), but {}: at threshold {} the model {} and {}.",
            self.wish(&wish.meets),
            self.amount(&limit.meets, &wish.at),
            thresholds.show(wish.at.threshold),
            self.limit(&limit.meets),
            thresholds.show(limit.at.threshold),
            self.reach(&limit.meets, &limit.at),
            self.reach(&wish.meets, &limit.at),
        )
    }

    /// How the chosen threshold's day differs from the current one's.
    fn change(
        &self,
        chosen: &Quantities,
        current: &Quantities,
        thresholds: &ShownThresholds,
    ) -> String {
        if chosen.threshold == current.threshold {
            return "That is the current threshold: nothing changes.".to_owned();
        }
        let mut parts = vec![
            format!(
                "{} flagged ({})",
                signed_per_day(chosen.flagged - current.flagged),
                per_day(chosen.flagged)
            ),
            format!(
                "{} caught ({})",
                signed_per_day(chosen.caught - current.caught),
                per_day(chosen.caught)
            ),
            format!(
                "{} false alarms ({})",
                signed_per_day(chosen.false_alarms - current.false_alarms),
                per_day(chosen.false_alarms)
            ),
        ];
        if let (Some(a), Some(b)) = (chosen.cost, current.cost) {
            let currency = self.business.currency.as_deref();
            let diff = a - b;
            let change = if diff.round() > 0.0 {
                "more"
            } else if diff.round() < 0.0 {
                "less"
            } else {
                "more or less"
            };
            parts.push(format!(
                "and costs {} {change} ({} a day)",
                money(diff.abs(), currency),
                money(a, currency)
            ));
        }
        format!(
            "Against the current threshold {}, an average day has {}.",
            thresholds.show(current.threshold),
            parts.join(", ")
        )
    }
}
