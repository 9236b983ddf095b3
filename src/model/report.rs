//! The report model: everything the page, the JSON summary and the terminal say,
//! built from the context and the sweep as plain structs of numbers. No formatting
//! of numbers happens here (that is `crate::present::format`), and no I/O.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::input::context::{Business, Context};
use crate::input::eval::{EvalData, LabelValues};
use crate::model::decision::{self, Decision, Rule, build_decision};
use crate::model::inputs::Inputs;
use crate::model::targets::{self, Target};
use crate::model::warnings::{
    EARLIEST_PLAUSIBLE_MS, FEW_CASES, SHORT_PERIOD_MS, SHORT_PERIOD_ROWS, Warning,
};
use crate::stats::calibration::{Calibration, build_calibration};
use crate::stats::costs::RowCosts;
use crate::stats::days::{Coverage, Day, build_days};
use crate::stats::interval;
use crate::stats::projection::{self, PerDay, Rates, Workload};
use crate::stats::quantity::{Bound, Quantity};
use crate::stats::segments::{Breakdown, build_breakdown_largest};
use crate::stats::sweep::{Counts, Sweep};

/// What grouping the scores to a resolution costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolution {
    /// Scores count as the multiple of this at or below them.
    pub step: f64,
    /// Where the ungrouped ROC AUC lies; `None` without both classes.
    pub roc_auc: Option<(f64, f64)>,
    /// Where the ungrouped average precision lies; `None` without positives.
    pub average_precision: Option<(f64, f64)>,
}

/// Everything a report says.
#[derive(Debug, Clone)]
pub struct Report {
    /// The context's title.
    pub title: String,
    /// The model's name and version, when given.
    pub model: Option<String>,
    /// Who owns the model, when given.
    pub owner: Option<String>,
    /// The report date (context, else `SOURCE_DATE_EPOCH`, else today).
    pub date: NaiveDate,
    /// The context's business section, as validated.
    pub business: Business,
    /// Volume, prevalence (resolved) and costs per case.
    pub workload: Workload,
    /// `true` when the prevalence came from the context, `false` when it is the
    /// evaluation's.
    pub prevalence_given: bool,
    /// What the numbers rest on.
    pub data: DataSummary,
    /// Threshold-free ranking quality.
    pub metrics: Metrics,
    /// The current threshold.
    pub current: OperatingPoint,
    /// Candidates, then the thresholds meeting each target, in the context's order.
    pub alternatives: Vec<OperatingPoint>,
    /// Problems that do not stop the run, in the order found.
    pub warnings: Vec<Warning>,
    /// The context's markdown, unrendered.
    pub narrative: Option<String>,
    /// The evaluation period day by day at the current threshold (empty without
    /// timestamps), and the offset the days are cut in.
    pub days: Vec<Day>,
    /// The zone days are cut in.
    pub timezone: crate::stats::zone::Zone,
    /// Reliability table and Brier score; `None` when scores leave [0, 1].
    pub calibration: Option<Calibration>,
    /// Each `data.segments` column broken down at the current threshold.
    pub segments: Vec<Breakdown>,
    /// The current threshold's day if volume or prevalence are off from the plan.
    pub sensitivity: Vec<Scenario>,
    /// Share of days the current threshold flags more than the capacity, day-to-day
    /// swings included; `None` without a capacity.
    pub capacity_overflow: Option<f64>,
    /// The busiest and quietest day and the weekday pattern; `None` without days.
    pub days_summary: Option<DaysSummary>,
    /// When scores were grouped (`tradeoff sql --resolution`): what that costs.
    pub resolution: Option<Resolution>,
    /// Which threshold to choose under the context's hard constraints; `None`
    /// without constraints or costs.
    pub decision: Option<Decision>,
}

impl Report {
    /// Every operating point: the current threshold first, then the alternatives.
    pub fn operating_points(&self) -> impl Iterator<Item = &OperatingPoint> {
        std::iter::once(&self.current).chain(&self.alternatives)
    }

    /// The exact cheapest threshold, when the context asks for `min_cost`.
    pub fn min_cost_point(&self) -> Option<&OperatingPoint> {
        self.operating_points()
            .find(|p| p.kind == PointKind::Target(Target::MinCost))
    }
}

/// What the evaluation period's days say at the current threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct DaysSummary {
    /// Index into `Report::days` of the day with the most and the fewest flags.
    pub busiest: usize,
    /// Index into `Report::days` of the day with the fewest flags.
    pub quietest: usize,
    /// The weekday with the most flags (0 = Monday) and its share above the weekly
    /// mean; `None` unless all seven weekdays occur.
    pub peak_weekday: Option<(usize, f64)>,
    /// Whether the weekdays differ beyond the day-to-day noise; `None` unless every
    /// weekday occurs twice. The page claims a weekday pattern only when
    /// [`WeekdayTest::is_pattern`](crate::stats::days::WeekdayTest::is_pattern).
    pub weekday_test: Option<crate::stats::days::WeekdayTest>,
    /// Whole days whose flags exceed the capacity; `None` without a capacity.
    pub days_over_capacity: Option<usize>,
    /// Mean evaluation cases per whole day.
    pub mean_cases: f64,
}

fn summarise_days(days: &[Day], capacity: Option<f64>) -> Option<DaysSummary> {
    // Partial days (the first or last, cut short) are shown but say nothing about a
    // typical day (issue 22).
    let whole = || {
        days.iter()
            .enumerate()
            .filter(|(_, d)| d.coverage == Coverage::Whole)
    };
    let by_flags = |a: &(usize, &Day), b: &(usize, &Day)| a.1.flagged.total_cmp(&b.1.flagged);
    let busiest = whole().max_by(by_flags)?.0;
    let quietest = whole().min_by(by_flags)?.0;
    let weekdays = crate::stats::days::flagged_by_weekday(days);
    let known: Vec<(usize, f64)> = weekdays
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)?)))
        .collect();
    let peak_weekday = (known.len() == 7)
        .then(|| {
            let mean = known.iter().map(|(_, v)| v).sum::<f64>() / 7.0;
            known
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|&(i, v)| (i, (v - mean) / mean.max(1e-9)))
        })
        .flatten();
    let whole_days = whole().count();
    Some(DaysSummary {
        busiest,
        quietest,
        peak_weekday,
        weekday_test: crate::stats::days::weekday_test(days),
        days_over_capacity: capacity.map(|c| whole().filter(|(_, d)| d.flagged > c).count()),
        mean_cases: whole().map(|(_, d)| d.cases).sum::<f64>() / whole_days as f64,
    })
}

/// What the numbers rest on.
#[derive(Debug, Clone)]
pub struct DataSummary {
    /// The evaluation file.
    pub file: PathBuf,
    /// Cases with non-zero weight: the rows, or what their counts add up to.
    pub cases: f64,
    /// Weighted totals (counts when unweighted).
    pub positives: f64,
    /// Weighted total of negatives (a count when unweighted).
    pub negatives: f64,
    /// Whether a weight column was given.
    pub weighted: bool,
    /// When each row stands for several cases (`data.count`): the count column and
    /// how many rows of counts there were.
    pub counted: Option<Counted>,
    /// The two label values found, as text.
    pub labels: LabelValues,
    /// Lowest and highest score.
    pub score_range: (f64, f64),
    /// Number of distinct scores (thresholds at which a count changes).
    pub distinct_scores: usize,
    /// First and last timestamp, ms since the epoch, when a timestamp column is named.
    pub period: Option<(i64, i64)>,
}

/// A counted input: the column saying how many cases each row stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The count column (`data.count`).
    pub column: String,
    /// Rows with non-zero weight in the file.
    pub rows: usize,
}

impl DataSummary {
    /// Share of positives in the evaluation.
    pub fn prevalence(&self) -> f64 {
        self.positives / (self.positives + self.negatives)
    }
}

/// Which production number a sensitivity scenario moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Varied {
    /// Cases per day.
    Volume,
    /// Share of positives in production.
    Prevalence,
}

/// Production differing from the plan, at the current threshold.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// What is moved, and by how much (−0.5 is "50 % lower").
    pub varied: Varied,
    /// Relative change: −0.5 is 50 % lower, +0.2 is 20 % higher.
    pub change: f64,
    /// Cases per day in the scenario.
    pub volume_per_day: f64,
    /// Share of positives in the scenario.
    pub prevalence: f64,
    /// The current threshold's day in the scenario.
    pub per_day: PerDay,
}

/// How far off the plan the sensitivity table looks: ±20 % and ±50 %.
const SENSITIVITY: [f64; 4] = [-0.5, -0.2, 0.2, 0.5];

fn sensitivity(
    current: &OperatingPoint,
    workload: &Workload,
    sweep: &Sweep,
    row_costs: Option<&RowCosts>,
) -> Vec<Scenario> {
    let mut scenarios = Vec::new();
    for varied in [Varied::Volume, Varied::Prevalence] {
        for change in SENSITIVITY {
            let mut changed = *workload;
            match varied {
                Varied::Volume => changed.volume_per_day *= 1.0 + change,
                Varied::Prevalence => {
                    changed.prevalence = (changed.prevalence * (1.0 + change)).min(0.999);
                }
            }
            scenarios.push(Scenario {
                varied,
                change,
                volume_per_day: changed.volume_per_day,
                prevalence: changed.prevalence,
                per_day: projection::per_day(
                    current.threshold,
                    &current.rates,
                    &changed,
                    sweep,
                    row_costs,
                ),
            });
        }
    }
    scenarios
}

/// Threshold-free summaries of ranking quality.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// ROC AUC (scikit-learn's `roc_auc_score`, ties counted half); `None` with one class.
    pub roc_auc: Option<f64>,
    /// Average precision (scikit-learn's `average_precision_score`); `None` without positives.
    pub average_precision: Option<f64>,
}

/// Why a threshold is under discussion.
#[derive(Debug, Clone, PartialEq)]
pub enum PointKind {
    /// The context's current threshold.
    Current,
    /// A named candidate from the context.
    Candidate(String),
    /// The threshold meeting a target of `thresholds.targets`.
    Target(Target),
    /// The lowest threshold keeping flags within `business.capacity_per_day`.
    Capacity(f64),
    /// A point of meeting mode's threshold grid.
    Meeting,
}

impl PointKind {
    /// The target the point answers: a target's own, or the capacity as a
    /// target on flagged a day.
    pub fn target(&self) -> Option<Target> {
        match self {
            PointKind::Target(t) => Some(*t),
            PointKind::Capacity(c) => Some(Target::at_most(Quantity::Flagged, *c)),
            PointKind::Current | PointKind::Candidate(_) | PointKind::Meeting => None,
        }
    }

    /// The point's identifier in the JSON summary: `current`, the candidate's
    /// name, the target's key, `capacity` or `meeting`.
    pub fn name(&self) -> &str {
        match self {
            PointKind::Current => "current",
            PointKind::Candidate(name) => name,
            PointKind::Target(t) => t.key(),
            PointKind::Capacity(_) => "capacity",
            PointKind::Meeting => "meeting",
        }
    }
}

/// One threshold under discussion, with everything known at it.
#[derive(Debug, Clone)]
pub struct OperatingPoint {
    /// Why the threshold is under discussion.
    pub kind: PointKind,
    /// Cases with `score >= threshold` are flagged.
    pub threshold: f64,
    /// Confusion counts on the evaluation set (weighted).
    pub counts: Counts,
    /// True- and false-positive rates with their 95 % intervals.
    pub rates: Rates,
    /// An average production day at this threshold.
    pub per_day: PerDay,
}

/// Everything known at `threshold`; `None` unless both classes are present.
pub fn operating_point(
    kind: PointKind,
    threshold: f64,
    sweep: &Sweep,
    workload: &Workload,
    row_costs: Option<&RowCosts>,
) -> Option<OperatingPoint> {
    let counts = sweep.counts_at(threshold);
    let rates = Rates::from_counts(&counts, sweep)?;
    Some(OperatingPoint {
        kind,
        threshold,
        counts,
        rates,
        per_day: projection::per_day(threshold, &rates, workload, sweep, row_costs),
    })
}

/// Builds the report; `None` unless the data hold both classes (loading
/// guarantees it).
pub fn build_report(
    context: &Context,
    inputs: &Inputs,
    sweep: &Sweep,
    row_costs: Option<&RowCosts>,
    date: NaiveDate,
) -> Option<Report> {
    let data = inputs.rows.data;
    let evaluation_prevalence = sweep.positives / (sweep.positives + sweep.negatives);
    let workload = Workload {
        volume_per_day: context.business.volume_per_day,
        prevalence: context.business.prevalence.unwrap_or(evaluation_prevalence),
        costs: context.business.costs,
    };
    let (low, high) = sweep.score_range().unwrap_or((0.0, 0.0));
    let summary = DataSummary {
        file: data.file.clone(),
        cases: sweep.cases,
        positives: sweep.positives,
        negatives: sweep.negatives,
        weighted: data.weights.is_some(),
        counted: context.data.count.as_ref().map(|column| Counted {
            column: column.clone(),
            rows: sweep.rows,
        }),
        labels: data.labels.clone(),
        score_range: (low, high),
        distinct_scores: sweep.distinct_scores(),
        period: data
            .timestamps
            .as_ref()
            .and_then(|t| Some((*t.iter().min()?, *t.iter().max()?))),
    };
    let mut warnings = data_warnings(
        sweep,
        &summary,
        &workload,
        context.business.prevalence.is_some(),
    );
    if data.lossy_text {
        warnings.push(Warning::NotUtf8);
    }
    if data.dropped_rows + data.conflicting_id_rows > 0 {
        warnings.push(Warning::DroppedRows {
            rows: data.dropped_rows,
            conflicting_ids: data.conflicting_id_rows,
        });
    }
    for (key, noun) in [
        ("business.positive", &context.business.positive),
        ("business.negative", &context.business.negative),
    ] {
        if noun.is_label() {
            warnings.push(Warning::NounWithoutPlural {
                key,
                noun: noun.one().to_owned(),
            });
        }
    }
    warnings.extend(load_warnings(inputs.rows.data));

    let point = |kind: PointKind, threshold: f64| {
        operating_point(kind, threshold, sweep, &workload, row_costs)
    };
    let thresholds = &context.thresholds;
    let current = point(PointKind::Current, thresholds.current)?;
    let mut named: Vec<(PointKind, f64)> = thresholds
        .candidates
        .iter()
        .map(|c| (PointKind::Candidate(c.name.clone()), c.threshold))
        .collect();
    let goals = &thresholds.targets;
    let mut wanted: Vec<PointKind> = Vec::new();
    // The capacity's point goes after the targets on the false-negative rate and on
    // flagged a day, before the others (the order of `Bound::TARGETS`).
    let capacity = context
        .business
        .capacity_per_day
        .filter(|c| goals.value_of(Quantity::Flagged) != Some(*c))
        .map(PointKind::Capacity);
    let (before, after): (Vec<&Bound>, Vec<&Bound>) = goals
        .bounds
        .iter()
        .partition(|b| Bound::TARGETS[..2].contains(&(b.side, b.quantity)));
    wanted.extend(
        before
            .into_iter()
            .map(|b| PointKind::Target(Target::Bound(*b))),
    );
    wanted.extend(capacity);
    wanted.extend(
        after
            .into_iter()
            .map(|b| PointKind::Target(Target::Bound(*b))),
    );
    if goals.min_cost {
        wanted.push(PointKind::Target(Target::MinCost));
    }
    for kind in wanted {
        let Some(target) = kind.target() else {
            continue;
        };
        match targets::find_threshold(sweep, &workload, row_costs, target) {
            Ok(t) => named.push((kind, t)),
            Err(closest) => warnings.push(Warning::TargetUnreachable { target, closest }),
        }
    }
    let alternatives: Vec<OperatingPoint> = named
        .into_iter()
        .filter_map(|(kind, t)| point(kind, t))
        .collect();

    if let Some(capacity) = context.business.capacity_per_day
        && current.per_day.flagged.value > capacity
    {
        warnings.push(Warning::OverCapacity {
            flagged: current.per_day.flagged.value,
            capacity,
        });
    }
    // Three independent passes over every row: run them side by side.
    let current_threshold = context.thresholds.current;
    let weights = inputs.rows.weights;
    let ((segments, days), calibration) = rayon::join(
        || {
            rayon::join(
                || {
                    inputs
                        .segments
                        .iter()
                        .map(|(s, rows)| {
                            build_breakdown_largest(
                                s,
                                &rows.data.scores,
                                &rows.data.positive,
                                rows.weights,
                                current_threshold,
                                &workload,
                                SEGMENT_ROWS,
                            )
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    inputs
                        .days
                        .as_ref()
                        .map_or_else(Vec::new, |(stamps, rows)| {
                            build_days(
                                stamps,
                                &rows.data.scores,
                                &rows.data.positive,
                                rows.weights,
                                current_threshold,
                                &workload,
                            )
                        })
                },
            )
        },
        || build_calibration(&data.scores, &data.positive, weights),
    );
    let resolution = inputs.resolution.map(|step| {
        let auc = sweep.roc_auc();
        let half = sweep.tied_pairs_share().unwrap_or(0.0) / 2.0;
        Resolution {
            step,
            roc_auc: auc.map(|a| ((a - half).max(0.0), (a + half).min(1.0))),
            average_precision: sweep.average_precision_range(),
        }
    });
    if let Some(r) = resolution {
        warnings.push(Warning::GroupedScores {
            step: r.step,
            roc_auc: r.roc_auc,
            average_precision: r.average_precision,
        });
    }
    for breakdown in &segments {
        if let Some(other) = &breakdown.other {
            warnings.push(Warning::SegmentValuesFolded {
                column: breakdown.column.clone(),
                shown: breakdown.rows.len(),
                folded: other.values,
            });
        }
    }
    let sensitivity = sensitivity(&current, &workload, sweep, row_costs);
    let capacity_overflow = context.business.capacity_per_day.map(|capacity| {
        interval::share_of_days_over(current.per_day.flagged, workload.volume_per_day, capacity)
    });
    let days_summary = summarise_days(&days, context.business.capacity_per_day);
    let rule = if goals.min_cost || workload.costs.is_some() || row_costs.is_some() {
        Rule::Cheapest
    } else {
        Rule::MostCaught
    };
    let decision = build_decision(
        current.threshold,
        sweep,
        &workload,
        row_costs,
        decision::constraints(context.business.capacity_per_day, goals),
        rule,
    );
    Some(Report {
        title: context.title.clone(),
        model: context.model.clone(),
        owner: context.owner.clone(),
        date,
        business: context.business.clone(),
        workload,
        prevalence_given: context.business.prevalence.is_some(),
        data: summary,
        metrics: Metrics {
            roc_auc: sweep.roc_auc(),
            average_precision: sweep.average_precision(),
        },
        current,
        alternatives,
        warnings,
        narrative: context.narrative.clone(),
        capacity_overflow,
        sensitivity,
        segments,
        days,
        timezone: context.data.timezone,
        calibration,
        days_summary,
        resolution,
        decision,
    })
}

/// A segment column's values beyond this many (by share of volume) share one row, so
/// the page and the JSON stay small whatever column is named.
pub const SEGMENT_ROWS: usize = 20;

/// The most values of one segment column the JSON lists under
/// `--all-segment-values`; the rest share one row (with how many it stands for), as
/// on the page. Each listed value costs about 1.8 KB while the JSON is built (a
/// million distinct values took 1.8 GB more): this keeps it near 200 MB.
pub const MAX_LISTED_SEGMENT_VALUES: usize = 100_000;

/// Every value of every segment column with a row of its own (up to
/// [`MAX_LISTED_SEGMENT_VALUES`]), at the current threshold: the full breakdown the
/// JSON carries when asked (`--all-segment-values`), where the report keeps
/// [`SEGMENT_ROWS`].
pub fn full_segments(report: &Report, inputs: &Inputs) -> Vec<Breakdown> {
    inputs
        .segments
        .iter()
        .map(|(s, rows)| {
            build_breakdown_largest(
                s,
                &rows.data.scores,
                &rows.data.positive,
                rows.weights,
                report.current.threshold,
                &report.workload,
                MAX_LISTED_SEGMENT_VALUES,
            )
        })
        .collect()
}

/// Warnings about how the rows were read: rows of weight 0 left out, ids on more
/// than one row.
pub fn load_warnings(data: &EvalData) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if data.zero_weight_rows > 0 {
        warnings.push(Warning::ZeroWeightRows {
            rows: data.zero_weight_rows,
            of: match (&data.weights, &data.counts) {
                (Some(_), Some(_)) => "weight or count",
                (None, Some(_)) => "count",
                _ => "weight",
            },
        });
    }
    if let Some(d) = &data.duplicate_ids {
        warnings.push(Warning::DuplicateIds {
            column: d.column.clone(),
            extra_rows: d.extra_rows,
            ids: d.ids,
            first: d.first.clone(),
        });
    }
    warnings
}

/// Warnings about the evaluation data itself.
pub fn data_warnings(
    sweep: &Sweep,
    data: &DataSummary,
    workload: &Workload,
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
    let relative = (workload.prevalence - evaluation).abs() / evaluation;
    if prevalence_given && relative > 0.2 {
        warnings.push(Warning::PrevalenceMismatch {
            evaluation,
            production: workload.prevalence,
        });
    }
    let (low, high) = data.score_range;
    if low < 0.0 || high > 1.0 {
        warnings.push(Warning::ScoresOutsideUnit { low, high });
    }
    if let Some((start, end)) = data.period {
        if start < EARLIEST_PLAUSIBLE_MS {
            warnings.push(Warning::EarlyPeriod { start });
        }
        if end - start < SHORT_PERIOD_MS && data.cases > SHORT_PERIOD_ROWS as f64 {
            warnings.push(Warning::ShortPeriod {
                span: end - start,
                rows: data.cases as usize,
            });
        }
    }
    // Fewer distinct scores than a tenth of the cases (and not a tiny file): many
    // thresholds are indistinguishable.
    if data.cases >= 1000.0 && ((data.distinct_scores * 10) as f64) < data.cases {
        warnings.push(Warning::ManyTies {
            distinct: data.distinct_scores,
            cases: data.cases,
        });
    }
    warnings
}
