//! Problems that do not stop a run but change how far the numbers can be trusted.
//! Each is a fact with its numbers; `present::warnings` says what it means and what
//! to try, on stderr and in the report.

use crate::model::targets::{Target, Unreachable};

/// A problem worth telling the reader, with the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Few (effective) positives: rates resting on them have wide ranges.
    FewPositives { positives: f64 },
    /// Few (effective) negatives.
    FewNegatives { negatives: f64 },
    /// Production prevalence differs from the evaluation's by more than a fifth.
    PrevalenceMismatch { evaluation: f64, production: f64 },
    /// Scores outside [0, 1]: they are scores, not probabilities.
    ScoresOutsideUnit { low: f64, high: f64 },
    /// Few distinct scores compared with rows.
    ManyTies { distinct: usize, rows: usize },
    /// A target no threshold meets.
    TargetUnreachable {
        target: Target,
        closest: Unreachable,
    },
    /// The CSV was not valid UTF-8 and was read with replacement characters.
    NotUtf8,
    /// Rows left out by `--drop-invalid`.
    DroppedRows { rows: usize },
    /// The current threshold flags more per day than the team can handle.
    OverCapacity { flagged: f64, capacity: f64 },
    /// Rows of weight 0, left out: they count for nothing and are shown nowhere.
    ZeroWeightRows {
        /// How many rows.
        rows: usize,
    },
    /// Ids (`data.id`) on more than one row, all with one label: `extra_rows`
    /// rows repeat an earlier row's id; `first` holds the first few such ids.
    DuplicateIds {
        /// The id column.
        column: String,
        /// Rows repeating an earlier row's id.
        extra_rows: usize,
        /// Distinct ids on more than one row.
        ids: usize,
        /// The first few, in file order.
        first: Vec<String>,
    },
    /// The evaluation period starts before 1990 (ms since the epoch): often Unix
    /// times read in the wrong unit.
    EarlyPeriod {
        /// The first timestamp, ms since the epoch.
        start: i64,
    },
    /// Many rows, all within less than an hour (`span` in ms): often Unix times
    /// read in the wrong unit.
    ShortPeriod {
        /// Last minus first timestamp, ms.
        span: i64,
        /// Rows with a timestamp.
        rows: usize,
    },
}

/// 1990-01-01 in milliseconds since the epoch: a period starting earlier is
/// suspicious.
pub const EARLIEST_PLAUSIBLE_MS: i64 = 631_152_000_000;

/// A period shorter than this (ms) over more than [`SHORT_PERIOD_ROWS`] rows is
/// suspicious.
pub const SHORT_PERIOD_MS: i64 = 3_600_000;

/// More timestamped rows than this within [`SHORT_PERIOD_MS`] draw a warning.
pub const SHORT_PERIOD_ROWS: usize = 10;

/// Below this many effective positives or negatives ranges get wide enough to say so.
pub const FEW_CASES: f64 = 100.0;
