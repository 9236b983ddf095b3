//! The negotiation table's rows, shared by the static page and meeting mode so the
//! two agree to the character.

use super::{Cell, PointRow};
use crate::model::report::{OperatingPoint, PointKind, Report};
use crate::model::targets::Target;
use crate::present::format::{
    self, ShownThresholds, count, count_range, per_day, per_day_range, percent, percent_range,
};
use crate::present::sentences::capitalise;
use crate::present::warnings::describe_target;
use crate::stats::interval::Estimate;
use crate::stats::projection::PerDay;
use crate::stats::quantity::Quantity;

/// A per-day count's range in brackets: `(10–19)`, `(0.1–1.2)`.
pub(super) fn range(e: &Estimate) -> String {
    format!("({})", per_day_range(e.low, e.high))
}

/// A per-day cost's range in brackets, in whole money: `(3,950–4,400)`.
pub(super) fn money_range(e: &Estimate) -> String {
    format!("({})", count_range(e.low, e.high))
}

/// The capacity verdict for a share of days over capacity.
pub(super) fn overflow_verdict(overflow: f64) -> String {
    if overflow < 0.01 {
        "the queue would overflow on fewer than 1 day in 100".to_owned()
    } else if overflow > 0.95 {
        "the queue would overflow on almost every day".to_owned()
    } else if overflow > 0.5 {
        format!(
            "the queue would overflow on most days (about {} in 10)",
            (overflow * 10.0).round()
        )
    } else {
        format!(
            "on about 1 day in {} the queue would overflow",
            (1.0 / overflow).round()
        )
    }
}

/// The row's display name and the line under it.
pub(super) fn point_names(point: &OperatingPoint) -> (String, String) {
    let rule = |t: &Target| match t {
        Target::MinCost => "the cheapest threshold",
        Target::Bound(b) => match b.quantity {
            Quantity::FalseNegativeRate | Quantity::Caught => "highest threshold that meets it",
            Quantity::Flagged | Quantity::Precision | Quantity::FalseAlarms => {
                "lowest threshold that meets it"
            }
            // Not a target the context can set (`Bound::TARGETS`).
            Quantity::Volume
            | Quantity::ShareFlagged
            | Quantity::Missed
            | Quantity::Prevalence
            | Quantity::Cost
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => "",
        },
    };
    match &point.kind {
        PointKind::Current => (
            "Current".to_owned(),
            "the threshold under discussion".to_owned(),
        ),
        PointKind::Capacity(capacity) => (
            format!("Capacity ({} a day)", count(*capacity)),
            "lowest threshold that meets it".to_owned(),
        ),
        PointKind::Target(t) => (capitalise(&describe_target(t)), rule(t).to_owned()),
        PointKind::Candidate(name) => (name.clone(), "candidate".to_owned()),
        PointKind::Meeting => ("What if".to_owned(), "meeting mode".to_owned()),
    }
}

pub(super) fn point_row(
    point: &OperatingPoint,
    current: Option<&OperatingPoint>,
    report: &Report,
    thresholds: &ShownThresholds,
) -> PointRow {
    let day = &point.per_day;
    let other = current.filter(|_| point.kind != PointKind::Current);
    let rate = |e: Estimate| Cell {
        value: percent(e.value),
        range: format!("({})", percent_range(e.low, e.high)),
        delta: String::new(),
    };
    let delta = |pick: fn(&PerDay) -> Option<Estimate>, signed: fn(f64) -> String| -> String {
        match (other, pick(day)) {
            (Some(c), Some(now)) => pick(&c.per_day).map_or_else(String::new, |then| {
                format!("{} vs current", signed(now.value - then.value))
            }),
            _ => String::new(),
        }
    };
    let number = |pick: fn(&PerDay) -> Option<Estimate>| {
        let e = pick(day).unwrap_or(Estimate {
            value: 0.0,
            low: 0.0,
            high: 0.0,
        });
        Cell {
            value: per_day(e.value),
            range: range(&e),
            delta: delta(pick, format::signed_per_day),
        }
    };
    let mut cells = vec![
        rate(point.rates.false_negative_rate()),
        rate(point.rates.false_positive_rate),
        day.precision.map_or(
            Cell {
                value: "–".into(),
                range: String::new(),
                delta: String::new(),
            },
            rate,
        ),
        number(|d| Some(d.flagged)),
        number(|d| Some(d.caught)),
        number(|d| Some(d.missed)),
        number(|d| Some(d.false_alarms)),
    ];
    if let Some(cost) = day.cost {
        cells.push(Cell {
            value: format::money(cost.value, report.business.currency.as_deref()),
            range: money_range(&cost),
            delta: delta(|d| d.cost, format::signed_count),
        });
    }
    let (name, kind) = point_names(point);
    PointRow {
        name,
        kind,
        is_current: point.kind == PointKind::Current,
        threshold: thresholds.show(point.threshold),
        cells,
    }
}
