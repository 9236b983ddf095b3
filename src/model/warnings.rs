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
    /// A class name given as one string whose plural cannot be made safely
    /// (`key` is `business.positive` or `business.negative`): the page shows it as a
    /// label that needs no plural.
    NounWithoutPlural {
        /// The context key to set.
        key: &'static str,
        /// The name as written.
        noun: String,
    },
    /// A segment column with more values than a page can show: the largest `shown`
    /// are listed and the other `folded` values summed in one row.
    SegmentValuesFolded {
        /// The segment column.
        column: String,
        /// Values with a row of their own.
        shown: usize,
        /// Values summed in the last row.
        folded: usize,
    },
}

/// Below this many effective positives or negatives ranges get wide enough to say so.
pub const FEW_CASES: f64 = 100.0;
