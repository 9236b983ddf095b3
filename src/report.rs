//! The report model: everything the page, the JSON summary and the terminal say,
//! built from the context and the sweep as plain structs of numbers. No formatting
//! of numbers happens here (that is `crate::format`), and no I/O.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calibration::{Calibration, build_calibration};
use crate::context::{Business, Context};
use crate::days::{Day, build_days};
use crate::interval;
use crate::load::{EvalData, LabelValues};
use crate::projection::{self, PerDay, Production, Rates};
use crate::segments::{Breakdown, build_breakdown};
use crate::sweep::{Counts, Sweep};
use crate::targets::{self, Target};
use crate::warnings::{FEW_CASES, Warning};

/// Everything a report says.
#[derive(Debug, Clone)]
pub struct Report {
    pub title: String,
    pub model: Option<String>,
    pub owner: Option<String>,
    pub date: NaiveDate,
    pub business: Business,
    pub production: Production,
    /// `true` when the prevalence came from the context, `false` when it is the
    /// evaluation's.
    pub prevalence_given: bool,
    pub data: DataSummary,
    pub metrics: Metrics,
    /// The current threshold first, then candidates, then targets.
    pub operating_points: Vec<OperatingPoint>,
    pub warnings: Vec<Warning>,
    /// The context's markdown, unrendered.
    pub narrative: Option<String>,
    /// The evaluation period day by day at the current threshold (empty without
    /// timestamps), and the offset the days are cut in.
    pub days: Vec<Day>,
    pub timezone: crate::zone::Zone,
    /// Reliability table and Brier score; `None` when scores leave [0, 1].
    pub calibration: Option<Calibration>,
    /// Each `data.segments` column broken down at the current threshold.
    pub segments: Vec<Breakdown>,
    /// The current threshold's day if volume or prevalence are off from the plan.
    pub sensitivity: Vec<Scenario>,
    /// Share of days the current threshold flags more than the capacity, day-to-day
    /// swings included; `None` without a capacity.
    pub capacity_overflow: Option<f64>,
}

/// What the numbers rest on.
#[derive(Debug, Clone)]
pub struct DataSummary {
    pub file: PathBuf,
    /// Rows with non-zero weight.
    pub rows: usize,
    /// Weighted totals (counts when unweighted).
    pub positives: f64,
    pub negatives: f64,
    pub weighted: bool,
    pub labels: LabelValues,
    /// Lowest and highest score.
    pub score_range: (f64, f64),
    pub distinct_scores: usize,
    /// First and last timestamp, ms since the epoch, when a timestamp column is named.
    pub period: Option<(i64, i64)>,
}

impl DataSummary {
    /// Share of positives in the evaluation.
    pub fn prevalence(&self) -> f64 {
        self.positives / (self.positives + self.negatives)
    }
}

/// Production differing from the plan, at the current threshold.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// "volume +20%", "share of positives −50%".
    pub label: String,
    pub volume_per_day: f64,
    pub prevalence: f64,
    pub per_day: PerDay,
}

/// How far off the plan the sensitivity table looks: ±20 % and ±50 %.
const SENSITIVITY: [f64; 4] = [-0.5, -0.2, 0.2, 0.5];

fn sensitivity(current: &OperatingPoint, production: &Production, sweep: &Sweep) -> Vec<Scenario> {
    let mut scenarios = Vec::new();
    for (what, is_volume) in [("volume", true), ("share of positives", false)] {
        for change in SENSITIVITY {
            let mut changed = *production;
            if is_volume {
                changed.volume_per_day *= 1.0 + change;
            } else {
                changed.prevalence = (changed.prevalence * (1.0 + change)).min(0.999);
            }
            scenarios.push(Scenario {
                label: format!(
                    "{what} {}{:.0}%",
                    if change > 0.0 { "+" } else { "−" },
                    change.abs() * 100.0
                ),
                volume_per_day: changed.volume_per_day,
                prevalence: changed.prevalence,
                per_day: projection::per_day(current.threshold, &current.rates, &changed, sweep),
            });
        }
    }
    scenarios
}

/// Threshold-free summaries of ranking quality.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
}

/// One threshold under discussion, with everything known at it.
#[derive(Debug, Clone)]
pub struct OperatingPoint {
    /// "current", a candidate's name, or a target's key.
    pub name: String,
    pub threshold: f64,
    /// The target this point answers, if any.
    pub target: Option<Target>,
    pub counts: Counts,
    pub rates: Rates,
    pub per_day: PerDay,
}

/// Everything known at `threshold`; `None` unless both classes are present.
pub fn operating_point(
    name: &str,
    threshold: f64,
    target: Option<Target>,
    sweep: &Sweep,
    production: &Production,
) -> Option<OperatingPoint> {
    let counts = sweep.counts_at(threshold);
    let rates = Rates::from_counts(&counts, sweep)?;
    Some(OperatingPoint {
        name: name.to_owned(),
        threshold,
        target,
        counts,
        rates,
        per_day: projection::per_day(threshold, &rates, production, sweep),
    })
}

/// Builds the report. The data must hold both classes (loading guarantees it).
pub fn build_report(context: &Context, data: &EvalData, sweep: &Sweep, date: NaiveDate) -> Report {
    let evaluation_prevalence = sweep.positives / (sweep.positives + sweep.negatives);
    let production = Production {
        volume_per_day: context.business.volume_per_day,
        prevalence: context.business.prevalence.unwrap_or(evaluation_prevalence),
        costs: context.business.costs,
    };
    let (low, high) = sweep.score_range().unwrap_or((0.0, 0.0));
    let summary = DataSummary {
        file: data.file.clone(),
        rows: sweep.rows,
        positives: sweep.positives,
        negatives: sweep.negatives,
        weighted: data.weights.is_some(),
        labels: data.labels.clone(),
        score_range: (low, high),
        distinct_scores: sweep.thresholds().len(),
        period: data
            .timestamps
            .as_ref()
            .and_then(|t| Some((*t.iter().min()?, *t.iter().max()?))),
    };
    let mut warnings = data_warnings(
        sweep,
        &summary,
        &production,
        context.business.prevalence.is_some(),
    );
    if data.lossy_text {
        warnings.push(Warning::NotUtf8);
    }
    if data.dropped_rows > 0 {
        warnings.push(Warning::DroppedRows {
            rows: data.dropped_rows,
        });
    }

    let point = |name: &str, threshold: f64, target: Option<Target>| {
        operating_point(name, threshold, target, sweep, &production)
    };
    let thresholds = &context.thresholds;
    let mut named: Vec<(String, f64, Option<Target>)> =
        vec![("current".to_owned(), thresholds.current, None)];
    named.extend(
        thresholds
            .candidates
            .iter()
            .map(|c| (c.name.clone(), c.threshold, None)),
    );
    let goals = &thresholds.targets;
    let mut wanted_targets: Vec<(String, Target)> = Vec::new();
    if let Some(v) = goals.max_false_negative_rate {
        wanted_targets.push((
            "max_false_negative_rate".into(),
            Target::MaxFalseNegativeRate(v),
        ));
    }
    if let Some(v) = goals.max_flagged_per_day {
        wanted_targets.push(("max_flagged_per_day".into(), Target::MaxFlaggedPerDay(v)));
    }
    if let Some(v) = context
        .business
        .capacity_per_day
        .filter(|c| goals.max_flagged_per_day != Some(*c))
    {
        wanted_targets.push(("capacity".into(), Target::MaxFlaggedPerDay(v)));
    }
    if let Some(v) = goals.min_precision {
        wanted_targets.push(("min_precision".into(), Target::MinPrecision(v)));
    }
    if let Some(v) = goals.max_false_alarms_per_day {
        wanted_targets.push((
            "max_false_alarms_per_day".into(),
            Target::MaxFalseAlarmsPerDay(v),
        ));
    }
    if let Some(v) = goals.min_caught_per_day {
        wanted_targets.push(("min_caught_per_day".into(), Target::MinCaughtPerDay(v)));
    }
    if goals.min_cost {
        wanted_targets.push(("min_cost".into(), Target::MinCost));
    }
    for (name, target) in wanted_targets {
        match targets::find_threshold(sweep, &production, target) {
            Ok(t) => named.push((name, t, Some(target))),
            Err(unreachable) => warnings.push(Warning::TargetUnreachable {
                target: target.describe(),
                closest: unreachable.reaches,
            }),
        }
    }
    let operating_points: Vec<OperatingPoint> = named
        .iter()
        .filter_map(|(name, t, target)| point(name, *t, *target))
        .collect();

    if let (Some(capacity), Some(current)) =
        (context.business.capacity_per_day, operating_points.first())
        && current.per_day.flagged.value > capacity
    {
        warnings.push(Warning::OverCapacity {
            flagged: current.per_day.flagged.value,
            capacity,
        });
    }
    // Three independent passes over every row: run them side by side.
    let current_threshold = context.thresholds.current;
    let weights = data.weights.as_deref();
    let ((segments, days), calibration) = rayon::join(
        || {
            rayon::join(
                || {
                    data.segments
                        .iter()
                        .map(|s| {
                            build_breakdown(
                                s,
                                &data.scores,
                                &data.positive,
                                weights,
                                current_threshold,
                                &production,
                            )
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    data.timestamps.as_ref().map_or_else(Vec::new, |t| {
                        build_days(
                            t,
                            &data.scores,
                            &data.positive,
                            weights,
                            current_threshold,
                            &production,
                            &context.data.timezone,
                        )
                    })
                },
            )
        },
        || build_calibration(&data.scores, &data.positive, weights),
    );
    let sensitivity = operating_points
        .first()
        .map(|c| sensitivity(c, &production, sweep))
        .unwrap_or_default();
    let capacity_overflow = context
        .business
        .capacity_per_day
        .zip(operating_points.first())
        .map(|(capacity, current)| {
            interval::share_of_days_over(
                current.per_day.flagged,
                production.volume_per_day,
                capacity,
            )
        });
    Report {
        title: context.title.clone(),
        model: context.model.clone(),
        owner: context.owner.clone(),
        date,
        business: context.business.clone(),
        production,
        prevalence_given: context.business.prevalence.is_some(),
        data: summary,
        metrics: Metrics {
            roc_auc: sweep.roc_auc(),
            average_precision: sweep.average_precision(),
        },
        operating_points,
        warnings,
        narrative: context.narrative.clone(),
        capacity_overflow,
        sensitivity,
        segments,
        days,
        timezone: context.data.timezone,
        calibration,
    }
}

/// Warnings about the evaluation data itself.
pub fn data_warnings(
    sweep: &Sweep,
    data: &DataSummary,
    production: &Production,
    prevalence_given: bool,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if sweep.effective_positives < FEW_CASES {
        warnings.push(Warning::FewPositives {
            positives: sweep.effective_positives,
        });
    }
    if sweep.effective_negatives < FEW_CASES {
        warnings.push(Warning::FewNegatives {
            negatives: sweep.effective_negatives,
        });
    }
    let evaluation = data.prevalence();
    let relative = (production.prevalence - evaluation).abs() / evaluation;
    if prevalence_given && relative > 0.2 {
        warnings.push(Warning::PrevalenceMismatch {
            evaluation,
            production: production.prevalence,
        });
    }
    let (low, high) = data.score_range;
    if low < 0.0 || high > 1.0 {
        warnings.push(Warning::ScoresOutsideUnit { low, high });
    }
    // Fewer distinct scores than a tenth of the rows (and not a tiny file): many
    // thresholds are indistinguishable.
    if data.rows >= 1000 && data.distinct_scores * 10 < data.rows {
        warnings.push(Warning::ManyTies {
            distinct: data.distinct_scores,
            rows: data.rows,
        });
    }
    warnings
}
