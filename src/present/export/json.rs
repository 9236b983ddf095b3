//! The JSON summary of a report (`--json`) as types: what a program reading it may
//! rely on. Each field says its unit, range and when it is `null`; the committed
//! schema `docs/schemas/report.schema.json` is generated from these types
//! (`tests/integration/schemas.rs` keeps it current). Conventions: counts are per
//! day unless named otherwise, rates are shares in [0, 1], intervals are 95 %
//! `[low, high]`, and undefined values are `null`, never NaN. Counts are whole
//! numbers when the data is unweighted. Each field is explained for readers in
//! `docs/src/reference/json.md`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::report::{OperatingPoint, Report};
use crate::present::export::decision_json::{DecisionJson, decision_json};
use crate::present::sentences::scenario_label;
use crate::present::warnings::describe_target;
use crate::stats::calibration::Verdict;
use crate::stats::interval::Estimate;
use crate::stats::projection::PerDay;
use crate::stats::segments::SegmentRow;

/// The report's JSON summary.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReportSummary {
    /// The context's `title`.
    pub title: String,
    /// The report's date, `YYYY-MM-DD`.
    pub date: String,
    /// What the evaluation data held.
    pub data: DataJson,
    /// The business context the per-day figures are projected onto.
    pub business: BusinessJson,
    /// Which threshold to choose under the context's hard constraints; `null`
    /// without a capacity, `max_*`/`min_*` targets or costs.
    pub decision: Option<DecisionJson>,
    /// Threshold-free metrics of the evaluation.
    pub metrics: MetricsJson,
    /// The current threshold first, then candidates, targets' thresholds and the
    /// capacity threshold, each with its counts and per-day projection.
    pub operating_points: Vec<PointJson>,
    /// The current threshold's average day under other volumes and prevalences.
    pub sensitivity: Vec<ScenarioJson>,
    /// The current threshold per calendar day of the evaluation (empty without
    /// `data.timestamp`).
    pub days: Vec<DayJson>,
    /// Whether the weekdays differ: a one-way analysis of variance of `days[].flagged`
    /// grouped by weekday (`scipy.stats.f_oneway`); `null` unless every weekday
    /// occurs at least twice.
    pub weekday_pattern: Option<WeekdayPatternJson>,
    /// Calibration of the scores; `null` when the scores are not in [0, 1].
    pub calibration: Option<CalibrationJson>,
    /// One entry per `data.segments` column.
    pub segments: Vec<SegmentsJson>,
    /// Warnings, as printed on standard error.
    pub warnings: Vec<String>,
}

/// A count of cases: an integer when whole (unweighted data), else a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count(pub f64);

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            serializer.serialize_i64(value as i64)
        } else if value.is_finite() {
            serializer.serialize_f64(value)
        } else {
            serializer.serialize_none()
        }
    }
}

impl JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A count of cases: an integer when whole (unweighted data), else a number.",
            "type": "number",
            "minimum": 0
        })
    }
}

/// A 95 % interval `[low, high]`; an end is `null` when undefined.
pub type Interval = [Option<f64>; 2];

/// `data`: what the evaluation held.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DataJson {
    /// Cases in the evaluation (rows × counts).
    pub rows: Count,
    /// With `data.count`: the count column and the rows of the file.
    pub counted: Option<CountedJson>,
    /// With an engine's summary grouped to a resolution: what the grouping costs.
    pub resolution: Option<ResolutionJson>,
    /// Positive cases (weighted when weights are given).
    pub positives: Count,
    /// Negative cases (weighted when weights are given).
    pub negatives: Count,
    /// Whether `data.weight` weighted the cases.
    pub weighted: bool,
    /// Share of positives in the evaluation, in [0, 1].
    pub evaluation_prevalence: Option<f64>,
    /// Lowest and highest score.
    pub score_range: Interval,
}

/// `data.counted`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CountedJson {
    /// The count column (`data.count`).
    pub column: String,
    /// Rows of the file with a non-zero count.
    pub rows: usize,
}

/// `data.resolution`: scores grouped to multiples of `step`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ResolutionJson {
    /// Scores count as the multiple of this at or below them.
    pub step: f64,
    /// The range the exact ROC AUC lies in, given the grouping.
    pub roc_auc_range: Option<[f64; 2]>,
    /// The range the exact average precision lies in, given the grouping.
    pub average_precision_range: Option<[f64; 2]>,
}

/// `business`: the context's business figures.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BusinessJson {
    /// Cases scored per day in production.
    pub volume_per_day: f64,
    /// Share of positives in production, in [0, 1].
    pub prevalence: f64,
    /// `context` when the context gives the prevalence, else `evaluation`.
    pub prevalence_source: PrevalenceSource,
    /// Cases the team can act on per day; `null` without a capacity.
    pub capacity_per_day: Option<f64>,
    /// Share of days whose flags exceed the capacity at the current threshold.
    pub capacity_overflow_share_of_days: Option<f64>,
    /// Currency code of the costs.
    pub currency: Option<String>,
    /// Money per case of each kind; `null` without costs.
    pub costs: Option<CostsJson>,
}

/// Where a prevalence came from.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrevalenceSource {
    /// The context's `business.prevalence`.
    Context,
    /// The evaluation's share of positives.
    Evaluation,
}

/// `business.costs`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CostsJson {
    /// Money per false alarm.
    pub false_positive: CostJson,
    /// Money per missed positive.
    pub false_negative: CostJson,
    /// Money per caught positive (negative for a saving).
    pub true_positive: CostJson,
}

/// Money per case, or the column each case's own amount comes from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CostJson {
    /// The same amount for every case.
    Money(f64),
    /// Each case's amount from a column of the evaluation.
    Column {
        /// The column's name.
        column: String,
    },
}

/// `metrics`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MetricsJson {
    /// Area under the ROC curve, in [0, 1].
    pub roc_auc: Option<f64>,
    /// Average precision (scikit-learn's step-wise definition), in [0, 1].
    pub average_precision: Option<f64>,
}

/// One operating point: a threshold with its counts and per-day projection.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PointJson {
    /// `current`, a candidate's name, `target: KEY`, `capacity` …
    pub name: String,
    /// Cases with `score >= threshold` are flagged.
    pub threshold: Option<f64>,
    /// The target this point meets, when it is a target's point.
    pub target: Option<TargetJson>,
    /// True positives in the evaluation.
    pub tp: Count,
    /// False positives in the evaluation.
    pub fp: Count,
    /// True negatives in the evaluation.
    pub tn: Count,
    /// False negatives in the evaluation.
    #[serde(rename = "fn")]
    pub fn_: Count,
    /// Share of positives flagged (recall), in [0, 1].
    pub true_positive_rate: Option<f64>,
    /// Share of negatives flagged, in [0, 1].
    pub false_positive_rate: Option<f64>,
    /// Share of positives missed, in [0, 1].
    pub false_negative_rate: Option<f64>,
    /// Share of flagged cases that are positive, in the evaluation.
    pub precision: Option<f64>,
    /// 95 % intervals of the three rates.
    pub rate_interval: RateIntervals,
    /// Precision at production's prevalence.
    pub precision_in_production: Option<f64>,
    /// Its 95 % interval.
    pub precision_in_production_interval: Option<Interval>,
    /// Cases per day at production's volume and prevalence.
    pub per_day: PerDayJson,
    /// Their 95 % intervals.
    pub per_day_interval: PerDayIntervals,
}

/// A target as the context wrote it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TargetJson {
    /// The context's key (`min_caught_per_day` …).
    pub key: String,
    /// The bound; `null` for `min_cost`.
    pub value: Option<f64>,
    /// The target in words.
    pub description: String,
}

/// `rate_interval`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RateIntervals {
    /// Of the true-positive rate.
    pub true_positive_rate: Interval,
    /// Of the false-positive rate.
    pub false_positive_rate: Interval,
    /// Of the false-negative rate.
    pub false_negative_rate: Interval,
}

/// Cases per day (and money per day, with costs).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PerDayJson {
    /// Cases flagged per day.
    pub flagged: Option<f64>,
    /// Positives flagged per day.
    pub caught: Option<f64>,
    /// Positives not flagged per day.
    pub missed: Option<f64>,
    /// Negatives flagged per day.
    pub false_alarms: Option<f64>,
    /// Money per day; `null` without costs.
    pub cost: Option<f64>,
}

/// The 95 % intervals of [`PerDayJson`]'s figures.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PerDayIntervals {
    /// Of `flagged`.
    pub flagged: Interval,
    /// Of `caught`.
    pub caught: Interval,
    /// Of `missed`.
    pub missed: Interval,
    /// Of `false_alarms`.
    pub false_alarms: Interval,
    /// Of `cost`; `null` without costs.
    pub cost: Option<Interval>,
}

/// One scenario of the sensitivity table.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScenarioJson {
    /// What changed, in words.
    pub scenario: String,
    /// Cases scored per day in this scenario.
    pub volume_per_day: f64,
    /// Share of positives in this scenario.
    pub prevalence: f64,
    /// The current threshold's average day in it.
    pub per_day: PerDayJson,
}

/// One calendar day of the evaluation at the current threshold.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DayJson {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    /// Cases that day.
    pub cases: Count,
    /// Cases flagged that day.
    pub flagged: Option<f64>,
    /// Positives flagged that day.
    pub caught: Option<f64>,
    /// Positives not flagged that day.
    pub missed: Option<f64>,
    /// `whole`, or `partial` for a first or last day the evaluation covers only in
    /// part (it starts later or ends earlier in it than on any other day): shown,
    /// but left out of the busiest and quietest day, the weekday pattern and the
    /// days over capacity.
    pub coverage: String,
    /// The share of the day between the evaluation's first and last case (1 for a
    /// whole day).
    pub observed_share: Option<f64>,
}

/// `weekday_pattern`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WeekdayPatternJson {
    /// Days tested.
    pub days: usize,
    /// The F statistic (6 and `days` − 7 degrees of freedom).
    pub f_statistic: Option<f64>,
    /// Its p-value.
    pub p_value: Option<f64>,
    /// The weekday whose days flag the most on average: `monday` … `sunday`.
    pub peak_weekday: String,
    /// How far that weekday's mean lies above the mean of the seven weekday means,
    /// as a share.
    pub peak_above_average: Option<f64>,
    /// `true` only when `p_value` < 0.05 *and* `peak_above_average` ≥ 0.10: the
    /// weekdays differ beyond the day-to-day noise and by a size a plan would follow.
    pub pattern: bool,
}

/// `calibration`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalibrationJson {
    /// Mean squared difference between score and label, in [0, 1].
    pub brier_score: Option<f64>,
    /// Whether every bin's observed share is within its interval of the scores
    /// (significance only; `verdict` also asks for a practical size).
    pub reads_as_probability: bool,
    /// `calibrated`, `miscalibrated` (a bin with 30 cases or more whose mean score
    /// lies outside the observed share's 95 % interval and more than 5 percentage
    /// points from it) or `cannot_tell` (no bin has 30 cases).
    pub verdict: CalibrationVerdict,
    /// The largest |observed share − mean score| among bins with 30 cases or
    /// more, in [0, 1]; `null` without such a bin.
    pub largest_gap: Option<f64>,
    /// Equal-width score bins.
    pub bins: Vec<CalibrationBinJson>,
}

/// Whether scores can be read as probabilities.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationVerdict {
    /// No solid bin is off by more than chance and 5 points.
    Calibrated,
    /// A solid bin is off by more than chance and 5 points.
    Miscalibrated,
    /// No bin has 30 cases.
    CannotTell,
}

/// One calibration bin.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalibrationBinJson {
    /// Lower edge of the bin's scores.
    pub from: f64,
    /// Upper edge.
    pub to: f64,
    /// Cases in the bin.
    pub cases: Count,
    /// Their mean score.
    pub mean_score: Option<f64>,
    /// Their share of positives.
    pub observed: Option<f64>,
    /// Its 95 % interval.
    pub observed_interval: Interval,
}

/// One `data.segments` column at the current threshold.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentsJson {
    /// The column.
    pub column: String,
    /// Its largest values (all with `--all-segment-values`).
    pub rows: Vec<SegmentRowJson>,
    /// The remaining values together; `null` when none remain.
    pub other: Option<SegmentRowJson>,
}

/// One segment value (or, in `other`, several together).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentRowJson {
    /// The value; `null` for `other`.
    pub value: Option<String>,
    /// In `other` only: how many values it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<usize>,
    /// Cases with the value.
    pub cases: Count,
    /// Positives among them.
    pub positives: Count,
    /// Its share of all cases, in [0, 1].
    pub share_of_volume: Option<f64>,
    /// Its share of the flagged cases, in [0, 1].
    pub share_of_flags: Option<f64>,
    /// Share of its positives missed.
    pub false_negative_rate: Option<f64>,
    /// Its 95 % interval.
    pub false_negative_rate_interval: Option<Interval>,
    /// Share of its negatives flagged.
    pub false_positive_rate: Option<f64>,
    /// Its 95 % interval.
    pub false_positive_rate_interval: Option<Interval>,
    /// Whether its false-negative rate differs from the rest's beyond chance and by
    /// a practical size (see `false_negative_rate_difference`).
    pub false_negative_rate_differs: bool,
    /// Whether its false-positive rate differs from the rest's beyond chance and by
    /// a practical size.
    pub false_positive_rate_differs: bool,
    /// Its false-negative rate minus the rest's (in [−1, 1]); `*_differs` needs this
    /// beyond chance *and* of a practical size: at least 0.05, or at least 20 % of
    /// the rest's rate and at least 0.01.
    pub false_negative_rate_difference: Option<f64>,
    /// Its false-positive rate minus the rest's, by the same rule.
    pub false_positive_rate_difference: Option<f64>,
}

/// The summary as pretty-printed JSON bytes, ending in a newline.
pub fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .unwrap_or_else(|e| unreachable!("the summary types always serialise: {e}"));
    bytes.push(b'\n');
    bytes
}

/// The report's summary.
pub fn report_summary(report: &Report) -> ReportSummary {
    let data = &report.data;
    ReportSummary {
        title: report.title.clone(),
        date: report.date.format("%Y-%m-%d").to_string(),
        data: DataJson {
            rows: Count(data.cases),
            counted: (data.counted.as_ref()).map(|c| CountedJson {
                column: c.column.clone(),
                rows: c.rows,
            }),
            resolution: report.resolution.map(|r| ResolutionJson {
                step: r.step,
                roc_auc_range: r.roc_auc.map(|(l, h)| [l, h]),
                average_precision_range: r.average_precision.map(|(l, h)| [l, h]),
            }),
            positives: Count(data.positives),
            negatives: Count(data.negatives),
            weighted: data.weighted,
            evaluation_prevalence: finite(data.prevalence()),
            score_range: [finite(data.score_range.0), finite(data.score_range.1)],
        },
        business: business(report),
        decision: report.decision.as_ref().map(decision_json),
        metrics: MetricsJson {
            roc_auc: report.metrics.roc_auc.and_then(finite),
            average_precision: report.metrics.average_precision.and_then(finite),
        },
        operating_points: report.operating_points().map(point).collect(),
        sensitivity: (report.sensitivity.iter())
            .map(|s| ScenarioJson {
                scenario: scenario_label(s),
                volume_per_day: s.volume_per_day,
                prevalence: s.prevalence,
                per_day: per_day(&s.per_day),
            })
            .collect(),
        days: (report.days.iter())
            .map(|d| DayJson {
                date: d.date.format("%Y-%m-%d").to_string(),
                cases: Count(d.cases),
                flagged: finite(d.flagged),
                caught: finite(d.caught),
                missed: finite(d.missed),
                coverage: d.coverage.key().to_owned(),
                observed_share: finite(d.coverage.observed()),
            })
            .collect(),
        weekday_pattern: (report.days_summary.as_ref())
            .and_then(|s| s.weekday_test)
            .map(|t| WeekdayPatternJson {
                days: t.days,
                f_statistic: finite(t.f_statistic),
                p_value: finite(t.p_value),
                peak_weekday: [
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                ][t.peak]
                    .to_owned(),
                peak_above_average: finite(t.peak_above),
                pattern: t.is_pattern(),
            }),
        calibration: report.calibration.as_ref().map(|c| CalibrationJson {
            brier_score: finite(c.brier_score),
            reads_as_probability: c.reads_as_probability(),
            verdict: match c.verdict().0 {
                Verdict::Calibrated => CalibrationVerdict::Calibrated,
                Verdict::Miscalibrated => CalibrationVerdict::Miscalibrated,
                Verdict::CannotTell => CalibrationVerdict::CannotTell,
            },
            largest_gap: c.verdict().1.and_then(finite),
            bins: (c.bins.iter())
                .map(|b| CalibrationBinJson {
                    from: b.from,
                    to: b.to,
                    cases: Count(b.cases),
                    mean_score: finite(b.mean_score),
                    observed: finite(b.observed.value),
                    observed_interval: interval(&b.observed),
                })
                .collect(),
        }),
        segments: (report.segments.iter())
            .map(|b| SegmentsJson {
                column: b.column.clone(),
                rows: b.rows.iter().map(segment_row).collect(),
                other: b.other.as_ref().map(|o| SegmentRowJson {
                    value: None,
                    values: Some(o.values),
                    ..segment_row(&o.row)
                }),
            })
            .collect(),
        warnings: report.warnings.iter().map(ToString::to_string).collect(),
    }
}

fn business(report: &Report) -> BusinessJson {
    let columns = &report.business.cost_columns;
    let cost = |money: f64, column: &Option<String>| match column {
        Some(name) => CostJson::Column {
            column: name.clone(),
        },
        None => CostJson::Money(money),
    };
    BusinessJson {
        volume_per_day: report.workload.volume_per_day,
        prevalence: report.workload.prevalence,
        prevalence_source: if report.prevalence_given {
            PrevalenceSource::Context
        } else {
            PrevalenceSource::Evaluation
        },
        capacity_per_day: report.business.capacity_per_day,
        capacity_overflow_share_of_days: report.capacity_overflow.and_then(finite),
        currency: report.business.currency.clone(),
        costs: report.business.costs.map(|c| CostsJson {
            false_positive: cost(c.false_positive, &columns.false_positive),
            false_negative: cost(c.false_negative, &columns.false_negative),
            true_positive: cost(c.true_positive, &columns.true_positive),
        }),
    }
}

/// One operating point.
pub(super) fn point(p: &OperatingPoint) -> PointJson {
    let day = &p.per_day;
    PointJson {
        name: p.kind.name().to_owned(),
        threshold: finite(p.threshold),
        target: p.kind.target().map(|t| TargetJson {
            key: t.key().to_owned(),
            value: t.value(),
            description: describe_target(&t),
        }),
        tp: Count(p.counts.tp),
        fp: Count(p.counts.fp),
        tn: Count(p.counts.tn),
        fn_: Count(p.counts.fn_),
        true_positive_rate: p.counts.true_positive_rate().and_then(finite),
        false_positive_rate: p.counts.false_positive_rate().and_then(finite),
        false_negative_rate: p.counts.false_negative_rate().and_then(finite),
        precision: p.counts.precision().and_then(finite),
        rate_interval: RateIntervals {
            true_positive_rate: interval(&p.rates.true_positive_rate),
            false_positive_rate: interval(&p.rates.false_positive_rate),
            false_negative_rate: interval(&p.rates.false_negative_rate()),
        },
        precision_in_production: day.precision.map(|e| e.value).and_then(finite),
        precision_in_production_interval: day.precision.map(|e| interval(&e)),
        per_day: per_day(day),
        per_day_interval: per_day_intervals(day),
    }
}

/// A per-day projection's point values.
pub(super) fn per_day(day: &PerDay) -> PerDayJson {
    PerDayJson {
        flagged: finite(day.flagged.value),
        caught: finite(day.caught.value),
        missed: finite(day.missed.value),
        false_alarms: finite(day.false_alarms.value),
        cost: day.cost.map(|e| e.value).and_then(finite),
    }
}

/// A per-day projection's intervals.
pub(super) fn per_day_intervals(day: &PerDay) -> PerDayIntervals {
    PerDayIntervals {
        flagged: interval(&day.flagged),
        caught: interval(&day.caught),
        missed: interval(&day.missed),
        false_alarms: interval(&day.false_alarms),
        cost: day.cost.map(|e| interval(&e)),
    }
}

/// One segment value at the current threshold.
fn segment_row(r: &SegmentRow) -> SegmentRowJson {
    SegmentRowJson {
        value: Some(r.name.clone()),
        values: None,
        cases: Count(r.cases),
        positives: Count(r.positives),
        share_of_volume: finite(r.share_of_volume),
        share_of_flags: finite(r.share_of_flags),
        false_negative_rate: r.false_negative_rate.map(|e| e.value).and_then(finite),
        false_negative_rate_interval: r.false_negative_rate.map(|e| interval(&e)),
        false_positive_rate: r.false_positive_rate.map(|e| e.value).and_then(finite),
        false_positive_rate_interval: r.false_positive_rate.map(|e| interval(&e)),
        false_negative_rate_differs: r.false_negative_rate_differs,
        false_positive_rate_differs: r.false_positive_rate_differs,
        false_negative_rate_difference: r.false_negative_rate_difference.and_then(finite),
        false_positive_rate_difference: r.false_positive_rate_difference.and_then(finite),
    }
}

/// An estimate's 95 % interval.
pub(super) fn interval(e: &Estimate) -> Interval {
    [finite(e.low), finite(e.high)]
}

/// A finite number, or `None` (JSON `null`) for NaN and infinities.
pub(crate) fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}
