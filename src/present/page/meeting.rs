//! Meeting mode's data, embedded in the page as JSON for its inline script: every
//! grid threshold with exactly the strings the static page shows at that threshold
//! (built by the same functions), and a bounded pool of example rows. The page's
//! size depends on the grid (≤ about a thousand points) and the pool (≤ a few
//! hundred rows), never on the number of evaluation rows.

use serde_json::{Value, json};

use super::MeetingControl;
use super::example_views::example_notes;
use super::points::{overflow_verdict, point_row};
use crate::model::mistakes::{Mistakes, POOL_BINS};
use crate::model::report::{OperatingPoint, Report};
use crate::present::format::{ShownThresholds, count};
use crate::stats::interval;

/// The negotiation table's cells, in order, as the script names them.
const CELLS: [&str; 8] = [
    "fnr",
    "fpr",
    "precision",
    "flagged",
    "caught",
    "missed",
    "false_alarms",
    "cost",
];

/// The negotiation table's cells the page shows: all but cost when there are no costs.
pub(super) fn cell_keys(has_cost: bool) -> Vec<&'static str> {
    CELLS
        .iter()
        .copied()
        .filter(|&c| has_cost || c != "cost")
        .collect()
}

/// Example cells in the pool are cut to this many characters.
const POOL_CELL: usize = 80;

/// The control's settings, or `None` without a grid or a current threshold on it.
pub(super) fn control(
    points: &[OperatingPoint],
    report: &Report,
    thresholds: &ShownThresholds,
) -> Option<MeetingControl> {
    let current = &report.current;
    let (first, last) = (points.first()?, points.last()?);
    let at = |t: f64| points.iter().position(|p| p.threshold == t);
    // The regular step is the typical gap; named thresholds make a few odd ones.
    let mut gaps: Vec<f64> = points
        .windows(2)
        .map(|w| w[1].threshold - w[0].threshold)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let step = gaps.get(gaps.len() / 2).copied().unwrap_or(f64::NAN);
    let mut ticks: Vec<usize> = report
        .operating_points()
        .filter_map(|p| at(p.threshold))
        .collect();
    ticks.sort_unstable();
    ticks.dedup();
    Some(MeetingControl {
        last: points.len() - 1,
        current: at(current.threshold)?,
        threshold: thresholds.show(current.threshold),
        low: first.threshold.to_string(),
        high: last.threshold.to_string(),
        // Rounded to undo subtraction noise (0.0010000000000000009); "any" when the
        // grid is a single point or finer than that.
        step: match (step * 1e9).round() / 1e9 {
            s if s.is_finite() && s > 0.0 => s.to_string(),
            _ => "any".to_owned(),
        },
        ticks,
    })
}

fn round5(v: f64) -> Value {
    json!((v * 1e5).round() / 1e5)
}

/// The data the script reads; the template writes it with askama's `json` filter,
/// which escapes `<`, `>`, `&` and `'` so it cannot end its element.
pub(super) fn meeting_data(
    points: &[OperatingPoint],
    mistakes: &Mistakes,
    columns: usize,
    report: &Report,
    thresholds: &ShownThresholds,
) -> Value {
    let b = &report.business;
    let current = Some(&report.current);
    // Numbers first (threshold, ROC and precision–recall positions), then every
    // displayed string as an index into `strings`: neighbouring thresholds repeat
    // most strings, so the table keeps the page small.
    let mut fields: Vec<String> = ["x", "roc", "pr", "t"].map(String::from).to_vec();
    for cell in CELLS {
        for suffix in ["", "_range", "_delta"] {
            fields.push(format!("{cell}{suffix}"));
        }
    }
    fields.push("overflow".into());
    let mut strings = Strings::default();
    let rows: Vec<Value> = points
        .iter()
        .map(|p| {
            let row = point_row(p, current, report, thresholds);
            let counts = &p.counts;
            let mut values = vec![
                json!(p.threshold),
                match (counts.false_positive_rate(), counts.true_positive_rate()) {
                    (Some(x), Some(y)) => json!([round5(x), round5(y)]),
                    _ => Value::Null,
                },
                match (counts.true_positive_rate(), counts.precision()) {
                    (Some(x), Some(y)) => json!([round5(x), round5(y)]),
                    _ => Value::Null,
                },
                strings.index(&row.threshold),
            ];
            for i in 0..CELLS.len() {
                match row.cells.get(i) {
                    Some(c) => {
                        values.extend([&c.value, &c.range, &c.delta].map(|t| strings.index(t)))
                    }
                    None => values.extend([Value::Null, Value::Null, Value::Null]),
                }
            }
            values.push(b.capacity_per_day.map_or(Value::Null, |capacity| {
                strings.index(&overflow_verdict(interval::share_of_days_over(
                    p.per_day.flagged,
                    report.production.volume_per_day,
                    capacity,
                )))
            }));
            Value::Array(values)
        })
        .collect();
    let examples: Vec<Value> = mistakes
        .pool
        .iter()
        .map(|e| {
            let id = super::example_views::case_label(e);
            let cells: Vec<String> = e.cells.iter().map(|c| shorten(c)).collect();
            json!([
                e.row,
                e.score,
                thresholds.show(e.score),
                e.positive,
                id,
                cells
            ])
        })
        .collect();
    let notes: Vec<Value> = example_notes(report)
        .into_iter()
        .map(|(id, _, note)| json!([id, note]))
        .collect();
    let data = json!({
        "fields": fields,
        "numbers": 3,
        "strings": strings.list,
        "points": rows,
        "current": current.and_then(|c| points.iter().position(|p| p.threshold == c.threshold)),
        "words": {
            "pos": [b.positive.one(), b.positive.other().unwrap_or(b.positive.one())],
            "neg": [b.negative.one(), b.negative.other().unwrap_or(b.negative.one())],
        },
        "examples": {
            "columns": columns,
            "limit": mistakes.false_alarms.len().max(mistakes.misses.len()).max(mistakes.borderline.len()),
            "rows": examples,
            "notes": notes,
            "borderline": format!(
                "The cases scoring closest to {{t}}, on either side, among {} cases kept for this page from across the score range ({} score bands).",
                count(mistakes.pool.len() as f64),
                POOL_BINS
            ),
            "positive": b.positive.one(),
            "negative": b.negative.one(),
        },
    });
    data
}

/// Each distinct string once, in order of first use.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    seen: std::collections::HashMap<String, usize>,
}

impl Strings {
    fn index(&mut self, text: &str) -> Value {
        let next = self.list.len();
        let at = *self.seen.entry(text.to_owned()).or_insert(next);
        if at == next {
            self.list.push(text.to_owned());
        }
        json!(at)
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= POOL_CELL {
        text.to_owned()
    } else {
        text.chars().take(POOL_CELL).chain(['…']).collect()
    }
}
