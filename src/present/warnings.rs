//! Warnings in words: what each fact in `model::warnings` means for the numbers and
//! what to try. Shown on stderr and in the report.

use std::fmt;

use crate::model::targets::{Target, Unreachable};
use crate::model::warnings::Warning;
use crate::present::format;

/// The goal in words: "false-negative rate at most 5.0%".
pub fn describe_target(target: &Target) -> String {
    match *target {
        Target::MaxFalseNegativeRate(v) => {
            format!("false-negative rate at most {}", format::percent(v))
        }
        Target::MaxFlaggedPerDay(v) => format!("at most {} flagged a day", format::count(v)),
        Target::MinPrecision(v) => {
            format!("precision in production at least {}", format::percent(v))
        }
        Target::MaxFalseAlarmsPerDay(v) => {
            format!("at most {} false alarms a day", format::count(v))
        }
        Target::MinCaughtPerDay(v) => format!("at least {} caught a day", format::count(v)),
        Target::MinCost => "lowest cost per day".to_owned(),
    }
}

/// What the closest threshold to an unreachable target reaches, in words.
fn describe_reach(target: &Target, closest: &Unreachable) -> String {
    match target {
        Target::MinCaughtPerDay(_) => format!(
            "{} caught a day when every case is flagged",
            format::count(closest.reaches.unwrap_or(0.0))
        ),
        Target::MinPrecision(_) => format!(
            "a precision of {} at threshold {}",
            format::percent(closest.reaches.unwrap_or(0.0)),
            format::threshold(closest.threshold)
        ),
        _ => format!(
            "a false-negative rate of {}",
            format::percent_or_dash(closest.reaches)
        ),
    }
}

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
            Warning::TargetUnreachable { target, closest } => write!(
                f,
                "no threshold meets the target {}; the closest is {}",
                describe_target(target),
                describe_reach(target, closest)
            ),
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
            Warning::ZeroWeightRows { rows } => write!(
                f,
                "{} {} weight 0: {} for nothing, so {} left out of every number and never shown as {}",
                format::count(*rows as f64),
                if *rows == 1 { "row has" } else { "rows have" },
                if *rows == 1 {
                    "it counts"
                } else {
                    "they count"
                },
                if *rows == 1 { "it is" } else { "they are" },
                if *rows == 1 { "an example" } else { "examples" },
            ),
            Warning::DuplicateIds {
                column,
                extra_rows,
                ids,
                first,
            } => write!(
                f,
                "{} {} in `{column}` {} on more than one row ({} extra {}), e.g. {}: each repeated row counts again in every number; if a join repeated them, remove the repeats",
                format::count(*ids as f64),
                if *ids == 1 { "id" } else { "ids" },
                if *ids == 1 { "is" } else { "are" },
                format::count(*extra_rows as f64),
                if *extra_rows == 1 { "row" } else { "rows" },
                first
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Warning::EarlyPeriod { start } => write!(
                f,
                "the evaluation period starts on {}, before 1990: if the timestamps are Unix times, their unit may be wrong (set data.timestamp_unit to s, ms, us or ns)",
                date(*start)
            ),
            Warning::ShortPeriod { span, rows } => write!(
                f,
                "the {} timestamped rows all fall within {}: if the timestamps are Unix times, their unit may be wrong (set data.timestamp_unit to s, ms, us or ns)",
                format::count(*rows as f64),
                if *span < 60_000 {
                    format!("{} seconds", format::count(*span as f64 / 1000.0))
                } else {
                    format!("{} minutes", format::count(*span as f64 / 60_000.0))
                }
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

/// A day in UTC, as in "21 Jan 1970".
fn date(milliseconds: i64) -> String {
    chrono::DateTime::from_timestamp_millis(milliseconds)
        .map_or_else(String::new, |t| t.format("%-d %b %Y").to_string())
}
