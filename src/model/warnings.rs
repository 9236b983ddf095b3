//! Problems that do not stop a run but change how far the numbers can be trusted.
//! Each is a fact with its numbers; `present::warnings` says what it means and what
//! to try, on stderr and in the report.

use crate::model::targets::{Target, Unreachable};

/// A problem worth telling the reader, with the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Few (effective) positives: rates resting on them have wide ranges.
    FewPositives {
        /// Effective number of positives.
        positives: f64,
    },
    /// Few (effective) negatives.
    FewNegatives {
        /// Effective number of negatives.
        negatives: f64,
    },
    /// Production prevalence differs from the evaluation's by more than a fifth.
    PrevalenceMismatch {
        /// Share of positives in the evaluation.
        evaluation: f64,
        /// Share of positives in production, from the context.
        production: f64,
    },
    /// Scores outside [0, 1]: they are scores, not probabilities.
    ScoresOutsideUnit {
        /// Lowest score.
        low: f64,
        /// Highest score.
        high: f64,
    },
    /// Few distinct scores compared with cases.
    ManyTies {
        /// Distinct scores.
        distinct: usize,
        /// Cases with non-zero weight.
        cases: f64,
    },
    /// A target no threshold meets.
    TargetUnreachable {
        /// The target as given.
        target: Target,
        /// The threshold that comes closest and what it reaches.
        closest: Unreachable,
    },
    /// The CSV was not valid UTF-8 and was read with replacement characters.
    NotUtf8,
    /// Rows left out by `--drop-invalid`.
    DroppedRows {
        /// Rows left out for a missing, NaN or infinite score or label.
        rows: usize,
        /// Rows left out because their id is repeated with different labels.
        conflicting_ids: usize,
    },
    /// Scores were grouped to a resolution before counting.
    GroupedScores {
        /// The resolution: scores count as the multiple of this at or below them.
        step: f64,
        /// Where the ungrouped ROC AUC lies.
        roc_auc: Option<(f64, f64)>,
        /// Where the ungrouped average precision lies.
        average_precision: Option<(f64, f64)>,
    },
    /// The current threshold flags more per day than the team can handle.
    OverCapacity {
        /// Cases flagged per day at the current threshold.
        flagged: f64,
        /// `business.capacity_per_day`.
        capacity: f64,
    },
    /// Cases only one of the two models scored: the comparison leaves them out.
    BaselineOverlap {
        /// Evaluation cases without a baseline score.
        evaluation_only: usize,
        /// The first few of their ids.
        first_evaluation_only: Vec<String>,
        /// Baseline scores for cases not in the evaluation.
        baseline_only: usize,
        /// The first few of their ids.
        first_baseline_only: Vec<String>,
    },
    /// The evaluation and the baseline write the same ids differently (`1007`,
    /// `1007.0`, `00001007`): they were joined as the integers they write.
    IdsJoinedByValue {
        /// One id as the evaluation writes it.
        evaluation: String,
        /// The same id as the baseline writes it.
        baseline: String,
    },
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
    /// Rows of weight 0, left out: they count for nothing and are shown nowhere.
    ZeroWeightRows {
        /// How many rows.
        rows: usize,
        /// What is 0: "weight", "count" or "weight or count".
        of: &'static str,
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
