//! Warnings in words: what each fact in `model::warnings` means for the numbers and
//! what to try. Shown on stderr and in the report.

use std::fmt;

use crate::model::targets::{Target, Unreachable};
use crate::model::warnings::Warning;
use crate::present::format;
use crate::stats::quantity::Quantity;

/// The goal in words: "false-negative rate at most 5.0%".
pub(crate) fn describe_target(target: &Target) -> String {
    let b = match *target {
        Target::Bound(b) => b,
        Target::MinCost => return "lowest cost per day".to_owned(),
    };
    let v = b.value;
    match b.quantity {
        Quantity::FalseNegativeRate => {
            format!("false-negative rate at most {}", format::percent(v))
        }
        Quantity::Flagged => format!("at most {} flagged a day", format::count(v)),
        Quantity::Precision => {
            format!("precision in production at least {}", format::percent(v))
        }
        Quantity::FalseAlarms => {
            format!("at most {} false alarms a day", format::count(v))
        }
        Quantity::Caught => format!("at least {} caught a day", format::count(v)),
        // Not a target the context can set (`Bound::TARGETS`): its key and value.
        Quantity::Volume
        | Quantity::ShareFlagged
        | Quantity::Missed
        | Quantity::Prevalence
        | Quantity::Cost
        | Quantity::FalsePositiveRate
        | Quantity::RocAuc
        | Quantity::AveragePrecision => {
            let number = if b.quantity.is_share() {
                format::percent(v)
            } else {
                format::count(v)
            };
            format!("{} {number}", b.key().replace('_', " "))
        }
    }
}

/// What the closest threshold to an unreachable target reaches, in words, with the
/// digits that tell it from the goal (never "a precision of 50.0%" for a goal of
/// 50.0% that is missed).
fn describe_reach(target: &Target, closest: &Unreachable) -> String {
    let reached = closest.reaches.unwrap_or(0.0);
    let goal = target.value().unwrap_or(reached);
    // The cost minimum is met by some threshold: never unreachable.
    let b = match *target {
        Target::Bound(b) => b,
        Target::MinCost => return String::new(),
    };
    match b.quantity {
        Quantity::Caught => format!(
            "{} caught a day when every case is flagged",
            format::per_day_apart(reached, goal)
        ),
        Quantity::Precision => format!(
            "a precision of {} at threshold {}",
            format::percents(&[reached, goal])[0],
            format::threshold(closest.threshold)
        ),
        Quantity::FalseNegativeRate => match closest.reaches {
            Some(r) => format!(
                "a false-negative rate of {}",
                format::percents(&[r, goal])[0]
            ),
            None => "a false-negative rate of –".to_owned(),
        },
        // Met by flagging nothing: never unreachable, so never described; the
        // others are no target the context can set.
        Quantity::Flagged
        | Quantity::FalseAlarms
        | Quantity::Volume
        | Quantity::ShareFlagged
        | Quantity::Missed
        | Quantity::Prevalence
        | Quantity::Cost
        | Quantity::FalsePositiveRate
        | Quantity::RocAuc
        | Quantity::AveragePrecision => String::new(),
    }
}

/// "0.99599 and 0.99602": enough decimals for the two bounds to differ.
fn range(low: f64, high: f64) -> String {
    let width = (high - low).max(1e-12);
    let decimals = ((-(width / 10.0).log10()).ceil() as usize).clamp(4, 12);
    format!("{low:.decimals$} and {high:.decimals$}")
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::FewPositives { positives } => write!(
                f,
                "only {} positive {} in the evaluation: the ranges on catch and miss rates are wide; evaluate on more positives to narrow them",
                format::count(*positives),
                if format::count(*positives) == "1" {
                    "case"
                } else {
                    "cases"
                }
            ),
            Warning::FewNegatives { negatives } => write!(
                f,
                "only {} negative {} in the evaluation: the ranges on false-alarm rates are wide; evaluate on more negatives to narrow them",
                format::count(*negatives),
                if format::count(*negatives) == "1" {
                    "case"
                } else {
                    "cases"
                }
            ),
            Warning::PrevalenceMismatch {
                evaluation,
                production,
            } => write!(
                f,
                "positives are {} of the evaluation set but {} of production: per-day counts use the production share, so precision in production differs from precision on the evaluation set",
                format::percents(&[*evaluation, *production])[0],
                format::percents(&[*evaluation, *production])[1]
            ),
            Warning::ScoresOutsideUnit { low, high } => write!(
                f,
                "scores run from {} to {}, outside 0–1: they are model scores, not probabilities, so read thresholds as score cut-offs",
                format::threshold(*low),
                format::threshold(*high)
            ),
            Warning::ManyTies { distinct, cases } => write!(
                f,
                "the {} cases have only {} distinct scores: thresholds between two neighbouring scores all give the same counts",
                format::count(*cases),
                format::count(*distinct as f64)
            ),
            Warning::TargetUnreachable { target, closest } => write!(
                f,
                "no threshold meets the target {}; the closest is {}",
                describe_target(target),
                describe_reach(target, closest)
            ),
            Warning::DroppedRows {
                rows,
                conflicting_ids,
            } => {
                let invalid = "with a missing, NaN or infinite score or label";
                let conflicting = "whose id is repeated with different labels";
                let total = rows + conflicting_ids;
                let what = match (*rows, *conflicting_ids) {
                    (_, 0) => invalid.to_owned(),
                    (0, _) => conflicting.to_owned(),
                    (n, m) => format!(
                        "({} {invalid} and {} {conflicting})",
                        format::count(n as f64),
                        format::count(m as f64)
                    ),
                };
                write!(
                    f,
                    "{} evaluation {} {what} {} left out (--drop-invalid); every number here rests on the remaining rows",
                    format::count(total as f64),
                    if total == 1 { "row" } else { "rows" },
                    if total == 1 { "was" } else { "were" }
                )
            }
            Warning::GroupedScores {
                step,
                roc_auc,
                average_precision,
            } => {
                let step = format::threshold(*step);
                write!(
                    f,
                    "scores were grouped to multiples of {step} before counting (tradeoff sql --resolution): each counts as the multiple at or below it, so counts are exact at thresholds that are multiples of {step} and any other threshold counts as the next multiple up; a target on counts or rates lands within {step} of the exact threshold, a precision or cost target on the best multiple of {step}"
                )?;
                if let Some((low, high)) = roc_auc {
                    write!(f, "; ROC AUC is between {}", range(*low, *high))?;
                }
                if let Some((low, high)) = average_precision {
                    write!(f, "; average precision is between {}", range(*low, *high))?;
                }
                write!(f, " (exact scores: run tradeoff sql without --resolution)")
            }
            Warning::NotUtf8 => write!(
                f,
                "the evaluation file is not valid UTF-8: unreadable characters in its text are shown as �; export it as UTF-8 to see them"
            ),
            Warning::NounWithoutPlural { key, noun } => write!(
                f,
                "the name “{noun}” ({key}) has no plural the tool can make safely, so the page writes it as a label that needs none (“{noun}: {}”); to read it in sentences, give both forms: `{key}: {{ one: …, other: … }}`",
                if key.ends_with("positive") {
                    "14 missed"
                } else {
                    "200 flagged"
                }
            ),
            Warning::SegmentValuesFolded {
                column,
                shown,
                folded,
            } => write!(
                f,
                "segment column `{column}` has {} values: the page and the JSON show the {shown} largest and one row for the other {} (run with --all-segment-values for every value in the JSON); a column of ids is rarely a useful segment",
                format::count((shown + folded) as f64),
                format::count(*folded as f64)
            ),
            Warning::ZeroWeightRows { rows, of } => write!(
                f,
                "{} {} {of} 0: {} for nothing, so {} left out of every number and never shown as {}",
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
            Warning::IdsJoinedByValue {
                evaluation,
                baseline,
            } => write!(
                f,
                "the evaluation and the baseline write their ids differently (`{evaluation}` in the evaluation is `{baseline}` in the baseline): they were joined as the integers they write, which pairs each case with one row of each file"
            ),
            Warning::BaselineOverlap {
                evaluation_only,
                first_evaluation_only,
                baseline_only,
                first_baseline_only,
            } => {
                let ids = |first: &[String], total: usize| {
                    if first.is_empty() && total > 0 {
                        // An engine's pairs hold counts, not ids.
                        return "ids not known: counted by the engine".to_owned();
                    }
                    let shown = first
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let more = if total > first.len() { ", …" } else { "" };
                    format!("{shown}{more}")
                };
                let mut parts = Vec::new();
                if *evaluation_only > 0 {
                    parts.push(format!(
                        "{} evaluation {} no baseline score ({})",
                        format::count(*evaluation_only as f64),
                        if *evaluation_only == 1 {
                            "case has"
                        } else {
                            "cases have"
                        },
                        ids(first_evaluation_only, *evaluation_only)
                    ));
                }
                if *baseline_only > 0 {
                    parts.push(format!(
                        "{} baseline {} not in the evaluation ({})",
                        format::count(*baseline_only as f64),
                        if *baseline_only == 1 {
                            "score is for a case"
                        } else {
                            "scores are for cases"
                        },
                        ids(first_baseline_only, *baseline_only)
                    ));
                }
                write!(
                    f,
                    "{}: the comparison with the baseline uses only the cases both models scored; check that the two files cover the same cases",
                    parts.join(" and ")
                )
            }
        }
    }
}

/// A day in UTC, as in "21 Jan 1970".
fn date(milliseconds: i64) -> String {
    chrono::DateTime::from_timestamp_millis(milliseconds)
        .map_or_else(String::new, |t| t.format("%-d %b %Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_case_is_singular() {
        let one = Warning::FewPositives { positives: 1.0 }.to_string();
        assert!(
            one.starts_with("only 1 positive case in the evaluation"),
            "{one}"
        );
        let two = Warning::FewNegatives { negatives: 2.0 }.to_string();
        assert!(
            two.starts_with("only 2 negative cases in the evaluation"),
            "{two}"
        );
    }
}
