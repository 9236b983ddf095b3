//! Meeting mode's data, embedded in the page as JSON for its inline script: every
//! grid threshold with exactly the strings the static page shows at that threshold
//! (built by the same functions), and a bounded pool of example rows. The page's
//! size depends on the grid (≤ about a thousand points) and the pool (≤ a few
//! hundred rows), never on the number of evaluation rows.

use serde::Serialize;
use serde::ser::SerializeSeq;

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

/// A rate rounded to 5 decimals: a chart position.
fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

/// The data meeting mode's script reads (`templates/meeting.js`). Serialised
/// with its fields in alphabetical order: the bytes the page held when this
/// was a `serde_json` map, which sorts its keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct MeetingData {
    /// Index into `points` of the current threshold; `null` when it is not on the
    /// grid.
    current: Option<usize>,
    /// The example pool.
    examples: MeetingExamples,
    /// The names of each point's entries, in order: `x` (the threshold), `roc`,
    /// `pr`, `t`, then `CELL`, `CELL_range`, `CELL_delta` for each negotiation
    /// table cell, then `overflow`.
    fields: Vec<String>,
    /// How many leading entries of a point are numbers (`x`, `roc`, `pr`); the
    /// rest index `strings`.
    numbers: usize,
    /// One per grid threshold, in threshold order (see [`MeetingPoint`]).
    points: Vec<MeetingPoint>,
    /// Every displayed string once, in order of first use.
    strings: Vec<String>,
    /// The class nouns: `[one, other]` for the positive (`pos`) and negative
    /// (`neg`) class (`other` is `one` when the context gives no plural).
    words: MeetingWords,
}

/// The example pool of meeting mode's examples table.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct MeetingExamples {
    /// The sentence over the borderline table; `{t}` is replaced by the threshold.
    borderline: String,
    /// How many data columns each row shows.
    columns: usize,
    /// Most rows a table shows (the static page's longest table).
    limit: usize,
    /// The negative class's noun (singular).
    negative: String,
    /// `[id, note]`: each table's note, by the table's id.
    notes: Vec<(&'static str, String)>,
    /// The positive class's noun (singular).
    positive: String,
    /// The pooled cases (see [`MeetingExample`]).
    rows: Vec<MeetingExample>,
}

/// One pooled case, written as an array: `[row, score, score as shown, positive,
/// label, cells]`: its 1-based data row, its score (a number), the score as the
/// page shows it, whether it is a positive, its id (or "row N"), and its shown
/// cells, each cut to 80 characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct MeetingExample(usize, f64, String, bool, String, Vec<String>);

/// The class nouns, `[one, other]` each.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct MeetingWords {
    /// The negative class.
    neg: [String; 2],
    /// The positive class.
    pos: [String; 2],
}

/// One grid threshold, written as one array in the order of `fields`.
#[derive(Debug, Clone, PartialEq)]
struct MeetingPoint {
    /// `x`: the threshold.
    threshold: f64,
    /// `roc`: `[false-positive rate, true-positive rate]` rounded to 5 decimals;
    /// `null` without both classes.
    roc: Option<[f64; 2]>,
    /// `pr`: `[recall, precision]` rounded to 5 decimals; `null` when undefined.
    pr: Option<[f64; 2]>,
    /// `t`: the threshold as shown (an index into `strings`).
    shown: usize,
    /// Per cell of the negotiation table: value, range and change against the
    /// current threshold (indices into `strings`); `null`s for a cell the page
    /// does not show (cost without costs).
    cells: Vec<Option<[usize; 3]>>,
    /// `overflow`: how often a day's flags exceed the capacity, in words (an index
    /// into `strings`); `null` without a capacity.
    overflow: Option<usize>,
}

impl Serialize for MeetingPoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(5 + 3 * self.cells.len()))?;
        seq.serialize_element(&self.threshold)?;
        seq.serialize_element(&self.roc)?;
        seq.serialize_element(&self.pr)?;
        seq.serialize_element(&self.shown)?;
        for cell in &self.cells {
            match cell {
                Some(indices) => {
                    for i in indices {
                        seq.serialize_element(i)?;
                    }
                }
                None => {
                    for _ in 0..3 {
                        seq.serialize_element(&None::<usize>)?;
                    }
                }
            }
        }
        seq.serialize_element(&self.overflow)?;
        seq.end()
    }
}

/// The data the script reads; the template writes it with askama's `json` filter,
/// which escapes `<`, `>`, `&` and `'` so it cannot end its element.
pub(super) fn meeting_data(
    points: &[OperatingPoint],
    mistakes: &Mistakes,
    columns: usize,
    report: &Report,
    thresholds: &ShownThresholds,
) -> MeetingData {
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
    let rows: Vec<MeetingPoint> = points
        .iter()
        .map(|p| {
            let row = point_row(p, current, report, thresholds);
            let counts = &p.counts;
            let pair = |x: Option<f64>, y: Option<f64>| Some([round5(x?), round5(y?)]);
            MeetingPoint {
                threshold: p.threshold,
                roc: pair(counts.false_positive_rate(), counts.true_positive_rate()),
                pr: pair(counts.true_positive_rate(), counts.precision()),
                shown: strings.index(&row.threshold),
                cells: (0..CELLS.len())
                    .map(|i| {
                        row.cells
                            .get(i)
                            .map(|c| [&c.value, &c.range, &c.delta].map(|t| strings.index(t)))
                    })
                    .collect(),
                overflow: b.capacity_per_day.map(|capacity| {
                    strings.index(&overflow_verdict(interval::share_of_days_over(
                        p.per_day.flagged,
                        report.workload.volume_per_day,
                        capacity,
                    )))
                }),
            }
        })
        .collect();
    let examples: Vec<MeetingExample> = mistakes
        .pool
        .iter()
        .map(|e| {
            MeetingExample(
                e.row,
                e.score,
                thresholds.show(e.score),
                e.positive,
                super::example_views::case_label(e),
                e.cells.iter().map(|c| shorten(c)).collect(),
            )
        })
        .collect();
    let notes = example_notes(report)
        .into_iter()
        .map(|(id, _, note)| (id, note))
        .collect();
    let words = |noun: &crate::input::context::Noun| {
        [
            noun.one().to_owned(),
            noun.other().unwrap_or(noun.one()).to_owned(),
        ]
    };
    MeetingData {
        current: current.and_then(|c| points.iter().position(|p| p.threshold == c.threshold)),
        examples: MeetingExamples {
            borderline: format!(
                "The cases scoring closest to {{t}}, on either side, among {} cases kept for this page from across the score range ({} score bands).",
                count(mistakes.pool.len() as f64),
                POOL_BINS
            ),
            columns,
            limit: mistakes
                .false_alarms
                .len()
                .max(mistakes.misses.len())
                .max(mistakes.borderline.len()),
            negative: b.negative.one().to_owned(),
            notes,
            positive: b.positive.one().to_owned(),
            rows: examples,
        },
        fields,
        numbers: 3,
        points: rows,
        strings: strings.list,
        words: MeetingWords {
            neg: words(&b.negative),
            pos: words(&b.positive),
        },
    }
}

/// Each distinct string once, in order of first use.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    seen: std::collections::HashMap<String, usize>,
}

impl Strings {
    fn index(&mut self, text: &str) -> usize {
        let next = self.list.len();
        let at = *self.seen.entry(text.to_owned()).or_insert(next);
        if at == next {
            self.list.push(text.to_owned());
        }
        at
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= POOL_CELL {
        text.to_owned()
    } else {
        text.chars().take(POOL_CELL).chain(['…']).collect()
    }
}
