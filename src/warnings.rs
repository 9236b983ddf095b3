//! Problems that do not stop a run but change how far the numbers can be trusted.
//! Each says what it means and what to try; they go to stderr and into the report.

use std::fmt;

use crate::format;

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
    TargetUnreachable { target: String, closest: String },
    /// The CSV was not valid UTF-8 and was read with replacement characters.
    NotUtf8,
    /// Rows left out by `--drop-invalid`.
    DroppedRows { rows: usize },
    /// The current threshold flags more per day than the team can handle.
    OverCapacity { flagged: f64, capacity: f64 },
}

/// Below this many effective positives or negatives ranges get wide enough to say so.
pub const FEW_CASES: f64 = 100.0;

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::FewPositives { positives } => write!(
                f,
                "only {} positive cases in the evaluation: the ranges on catch and miss rates are wide; evaluate on more positives to narrow them",
                format::count(*positives)
            ),
            Warning::FewNegatives { negatives } => write!(
                f,
                "only {} negative cases in the evaluation: the ranges on false-alarm rates are wide; evaluate on more negatives to narrow them",
                format::count(*negatives)
            ),
            Warning::PrevalenceMismatch {
                evaluation,
                production,
            } => write!(
                f,
                "positives are {} of the evaluation set but {} of production: per-day counts use the production share, so precision in production differs from precision on the evaluation set",
                format::percent(*evaluation),
                format::percent(*production)
            ),
            Warning::ScoresOutsideUnit { low, high } => write!(
                f,
                "scores run from {} to {}, outside 0–1: they are model scores, not probabilities, so read thresholds as score cut-offs",
                format::threshold(*low),
                format::threshold(*high)
            ),
            Warning::ManyTies { distinct, rows } => write!(
                f,
                "the {} rows have only {} distinct scores: thresholds between two neighbouring scores all give the same counts",
                format::count(*rows as f64),
                format::count(*distinct as f64)
            ),
            Warning::TargetUnreachable { target, closest } => {
                write!(
                    f,
                    "no threshold meets the target {target}; the closest is {closest}"
                )
            }
            Warning::DroppedRows { rows } => write!(
                f,
                "{} evaluation {} with a missing, NaN or infinite score or label {} left out (--drop-invalid); every number here rests on the remaining rows",
                format::count(*rows as f64),
                if *rows == 1 { "row" } else { "rows" },
                if *rows == 1 { "was" } else { "were" }
            ),
            Warning::NotUtf8 => write!(
                f,
                "the evaluation file is not valid UTF-8: unreadable characters in its text are shown as �; export it as UTF-8 to see them"
            ),
            Warning::OverCapacity { flagged, capacity } => write!(
                f,
                "the current threshold flags about {} cases a day but the team can handle {}: raise the threshold or add capacity",
                format::count(*flagged),
                format::count(*capacity)
            ),
        }
    }
}
