//! The JSON summary of `tradeoff monitor` (`--json`) as types: the report's title
//! and date and a `monitoring` object with `promises[]`, `score_drift`,
//! `prevalence`, the days, the audit, the calibrated-scores estimate and the
//! advice. The committed schema `docs/schemas/monitor.schema.json` is generated
//! from these types. Counts are per day unless named otherwise; intervals are 95 %
//! `[low, high]`; undefined values are `null`, never NaN.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use super::json::{Interval, finite, interval, json_bytes};
use crate::model::monitoring::{Credibility, DriftCheck, Monitoring, Outcome, TargetSource, Week};
use crate::stats::interval::Estimate;
use crate::stats::zone::Zone;

mod segments;
pub use segments::{SegmentAuditJson, SegmentDriftJson, SegmentJson};

/// `tradeoff monitor --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MonitorSummary {
    /// The monitoring page's title.
    pub title: String,
    /// The page's date, `YYYY-MM-DD`.
    pub date: String,
    /// Production held against the launch report's promises.
    pub monitoring: MonitoringJson,
}

/// `monitoring`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MonitoringJson {
    /// The threshold production runs at (`score >= threshold` is flagged).
    pub threshold: Option<f64>,
    /// The period production covers.
    pub period: PeriodJson,
    /// With a randomised split (`monitoring.experiment`): the model arm the
    /// promises are held on; `null` without one.
    pub model_arm: Option<ModelArmJson>,
    /// Each promise of the launch report against what production shows.
    pub promises: Vec<PromiseJson>,
    /// Production's scores against the evaluation's; `null` when production is
    /// too small to tell.
    pub score_drift: Option<ScoreDriftJson>,
    /// The share of positives: evaluated, assumed, estimated from the audit.
    pub prevalence: PrevalenceJson,
    /// Each local day of production.
    pub days: Vec<DayJson>,
    /// The days held against the promised flags per day and the capacity.
    pub days_check: DaysCheckJson,
    /// What the audit's verdicts say; `null` without an audit.
    pub audit: Option<AuditJson>,
    /// What the scores alone say, read as probabilities (CBPE-style); `null` when
    /// the scores are not in [0, 1].
    pub calibrated_estimate: Option<CalibratedJson>,
    /// The thresholds that would keep the promises now.
    pub advice: AdviceJson,
    /// Warnings, as printed on standard error.
    pub warnings: Vec<String>,
    /// The model's effect from a randomised split (`monitoring.experiment`);
    /// `null` without one.
    pub experiment: Option<ExperimentJson>,
    /// The promises held on each 7-day period alone, beside the whole period's
    /// `promises`.
    pub periods: Vec<WeekPromisesJson>,
    /// How the periods are cut and when a period's verdict cannot tell, in words.
    pub periods_rule: String,
    /// Each `data.segments` value in production (bounded as the report's segment
    /// tables) against the launch report's figures for it; empty without
    /// segments.
    pub segments: Vec<SegmentJson>,
    /// How the segment rows are chosen, promised and judged, in words.
    pub segments_rule: String,
}

/// `monitoring.model_arm`: with a holdout, the promises are held on the model
/// arm's cases alone, against the launch report at the arm's planned share of
/// the volume (volume, flagged, caught, missed, false alarms and cost a day
/// scaled by `planned_share`; shares such as precision and prevalence not), and
/// the capacity applies to the model arm's flags.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ModelArmJson {
    /// The planned share of cases in the model arm (`monitoring.experiment.split`):
    /// the scale of the promises.
    pub planned_share: f64,
    /// Production's cases in the model arm: the ones the promises are held on.
    pub cases: usize,
    /// Production's cases in the holdout, left out of the promises.
    pub holdout_cases: usize,
    /// Audited holdout cases, left out of the audit's estimates.
    pub holdout_verdicts_left_out: usize,
    /// The rule in words, as the page says it.
    pub rule: String,
}

/// `monitoring.periods[]`: one 7-day period and its promises.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WeekPromisesJson {
    /// 1 for the first period.
    pub week: usize,
    /// Its first local day, `YYYY-MM-DD`.
    pub start: String,
    /// Its last local day, `YYYY-MM-DD` (included).
    pub end: String,
    /// Calendar days in it: 7; 8 when a partial first day of production joined
    /// the first period; fewer for a short last period.
    pub days: usize,
    /// Whole days in it: the ones its per-day averages rest on.
    pub whole_days: usize,
    /// Fewer than seven whole days (a short last period, or partial or empty days).
    pub short: bool,
    /// Cases scored in it.
    pub cases: usize,
    /// Cases flagged in it.
    pub flagged: usize,
    /// Each promise held on this period alone (the same quantities, rules and
    /// `outcome`s as `monitoring.promises`, plus the period's rules in
    /// `periods_rule`).
    pub promises: Vec<PromiseJson>,
}

/// `monitoring.experiment`: what the model changes, from a randomised split of
/// production into a model arm and a holdout handled without the model.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExperimentJson {
    /// Production's arm column.
    pub arm: String,
    /// Its value for the model arm.
    pub model_value: String,
    /// Its value for the holdout.
    pub holdout_value: String,
    /// Production's outcome column.
    pub outcome: String,
    /// `loss` (less is better) or `gain` (more is better).
    pub outcome_is: String,
    /// Whether every outcome is 0 or 1 (a count of cases), else an amount.
    pub binary_outcome: bool,
    /// The split against the plan (sample-ratio mismatch check).
    pub split: SplitJson,
    /// Production's cases per day observed: the volume the effect is scaled to.
    pub cases_per_day: Option<f64>,
    /// HOLDOUT MINUS MODEL, per day at production's volume: the holdout's mean
    /// outcome per case minus the model arm's, times `cases_per_day`. For a loss,
    /// positive is what the model saves a day; for a gain, positive is what it
    /// costs. `null` when an arm has fewer than two cases.
    pub effect_per_day: Option<EffectJson>,
    /// Each arm's outcome per case.
    pub per_case: Option<PerCaseJson>,
    /// `helps`, `harms` or `cannot_tell` (the interval includes no change: the
    /// experiment is too small to tell).
    pub reading: Option<String>,
    /// An arm has fewer than 50 non-zero outcomes: the interval is rough.
    pub few_outcomes: bool,
}

/// `monitoring.experiment.split`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SplitJson {
    /// The planned share of cases in the model arm.
    pub planned_model_share: f64,
    /// Cases in the model arm.
    pub model_cases: usize,
    /// Cases in the holdout.
    pub holdout_cases: usize,
    /// The observed share in the model arm.
    pub observed_model_share: Option<f64>,
    /// Two-sided exact binomial test of the model arm's count against the planned
    /// share (scipy's `binomtest`).
    pub p_value: Option<f64>,
    /// `p_value` below 0.001: a sample-ratio mismatch.
    pub mismatch: bool,
}

/// An effect with its 95 % interval.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EffectJson {
    /// The point estimate.
    pub estimate: Option<f64>,
    /// Its 95 % interval.
    pub interval: Interval,
    /// How the interval was found, in words.
    pub method: String,
}

/// `monitoring.experiment.per_case`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PerCaseJson {
    /// The model arm's mean outcome per case.
    pub model_mean: Option<f64>,
    /// The holdout's.
    pub holdout_mean: Option<f64>,
    /// The model arm's sample standard deviation.
    pub model_sd: Option<f64>,
    /// The holdout's.
    pub holdout_sd: Option<f64>,
    /// Model-arm cases with a non-zero outcome.
    pub model_non_zero: usize,
    /// Holdout cases with a non-zero outcome.
    pub holdout_non_zero: usize,
    /// Holdout mean minus model mean, with the bootstrap-t interval.
    pub difference: EffectJson,
    /// Welch's t interval of the same difference, for reference (scipy's
    /// `ttest_ind(equal_var=False).confidence_interval()`).
    pub welch_interval: Interval,
    /// Welch–Satterthwaite degrees of freedom.
    pub welch_degrees_of_freedom: Option<f64>,
}

/// How the experiment's interval is found.
pub const EFFECT_METHOD: &str = "studentized bootstrap (bootstrap-t) around Welch's difference in means, 1,999 replicates resampling each arm, fixed seed; scaled to a day at production's volume";

fn experiment(e: &crate::model::monitoring::ExperimentSummary) -> ExperimentJson {
    use crate::input::context::OutcomeIs;
    let cases = e.model_cases + e.holdout_cases;
    ExperimentJson {
        arm: e.arm.clone(),
        model_value: e.model_value.clone(),
        holdout_value: e.holdout_value.clone(),
        outcome: e.outcome.clone(),
        outcome_is: match e.outcome_is {
            OutcomeIs::Loss => "loss",
            OutcomeIs::Gain => "gain",
        }
        .to_owned(),
        binary_outcome: e.effect.is_some_and(|f| f.binary),
        split: SplitJson {
            planned_model_share: e.split,
            model_cases: e.model_cases,
            holdout_cases: e.holdout_cases,
            observed_model_share: (cases > 0).then(|| e.model_cases as f64 / cases as f64),
            p_value: e.split_p_value.and_then(finite),
            mismatch: e.mismatch,
        },
        cases_per_day: finite(e.cases_per_day),
        effect_per_day: e.effect_per_day.map(|d| EffectJson {
            estimate: finite(d.value),
            interval: interval(&d),
            method: EFFECT_METHOD.to_owned(),
        }),
        per_case: e.effect.map(|f| PerCaseJson {
            model_mean: finite(f.model.mean),
            holdout_mean: finite(f.holdout.mean),
            model_sd: finite(f.model.sd),
            holdout_sd: finite(f.holdout.sd),
            model_non_zero: f.model.non_zero,
            holdout_non_zero: f.holdout.non_zero,
            difference: EffectJson {
                estimate: finite(f.per_case.value),
                interval: interval(&f.per_case),
                method: "studentized bootstrap (bootstrap-t), 1,999 replicates".to_owned(),
            },
            welch_interval: [finite(f.welch.interval.0), finite(f.welch.interval.1)],
            welch_degrees_of_freedom: finite(f.welch.degrees_of_freedom),
        }),
        reading: e.reading.map(|r| r.key().to_owned()),
        few_outcomes: e.few_outcomes,
    }
}

/// `monitoring.period`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PeriodJson {
    /// The first local day with a case, `YYYY-MM-DD`.
    pub first_day: String,
    /// The last local day with a case.
    pub last_day: String,
    /// Calendar days from the first to the last, both included.
    pub days: usize,
    /// Whole days observed: the ones the per-day averages and the band rest on.
    pub whole_days: usize,
    /// Days observed: 1 per whole day plus each partial day's share (see the
    /// days' `observed_share`); what per-day figures from totals divide by.
    pub observed_days: Option<f64>,
    /// How partial and empty days are counted, in words.
    pub days_rule: String,
    /// The zone days are cut in (`data.timezone`).
    pub timezone: String,
    /// Cases scored in the period.
    pub cases: usize,
    /// Cases flagged in the period.
    pub flagged: usize,
}

/// One promise.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PromiseJson {
    /// The quantity: `volume`, `flagged`, `share_flagged`, `precision`, `caught`,
    /// `missed`, `false_alarms`, `prevalence` (counts are per day), and `cost`, the
    /// money a day at `business.costs` (the audit's caught, missed and false alarms
    /// priced; present when the launch report promised a cost).
    pub quantity: String,
    /// The launch report's figure.
    pub promised: Option<f64>,
    /// Its 95 % range.
    pub promised_interval: Interval,
    /// What production shows; `null` when it cannot be known (no audit).
    pub observed: Option<f64>,
    /// Its 95 % interval.
    pub observed_interval: Option<Interval>,
    /// `kept`, `above`, `below` or `cannot_tell`.
    pub verdict: String,
    /// `production` for counted quantities, `audit` for those that need labels.
    pub observed_from: ObservedFrom,
    /// What the verdict means for the reader: more caught (or a higher precision)
    /// is `better`; more missed, more false alarms or more positives in production
    /// is `worse`; more flagged (or a higher share flagged) is `worse` when the
    /// average day's flags exceed the capacity or no capacity is stated, else
    /// `as_promised`, and fewer flagged is `better`; more cases scored is `worse`
    /// only when the flags exceed the capacity; a kept promise is `as_promised`,
    /// an unclear one `cannot_tell`.
    pub outcome: OutcomeJson,
}

/// A promise's outcome from the reader's side.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeJson {
    /// Off the promise in the reader's favour.
    Better,
    /// Off the promise against the reader.
    Worse,
    /// Kept, or off it at no cost to the reader.
    AsPromised,
    /// The verdict cannot tell.
    CannotTell,
}

impl From<Outcome> for OutcomeJson {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Better => OutcomeJson::Better,
            Outcome::Worse => OutcomeJson::Worse,
            Outcome::AsPromised => OutcomeJson::AsPromised,
            Outcome::CannotTell => OutcomeJson::CannotTell,
        }
    }
}

/// Where an observed figure comes from.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObservedFrom {
    /// Counted in production.
    Production,
    /// Estimated from the audit's verdicts.
    Audit,
}

/// One period's drift.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DriftJson {
    /// Production cases compared.
    pub cases: usize,
    /// Population stability index over the bins.
    pub psi: Option<f64>,
    /// `small`, `moderate` or `large`.
    pub psi_reading: String,
    /// Two-sample Kolmogorov–Smirnov statistic.
    pub ks_statistic: Option<f64>,
    /// Its p-value.
    pub ks_p_value: Option<f64>,
    /// P(a production score > an evaluation score), ties counted half.
    pub production_higher_probability: Option<f64>,
    /// Share of production flagged.
    pub share_flagged: Option<f64>,
    /// Production's share in each bin.
    pub production_shares: Vec<f64>,
}

/// `monitoring.score_drift`: the whole period, with the bins and each week.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScoreDriftJson {
    /// The whole period.
    #[serde(flatten)]
    pub overall: DriftJson,
    /// The bins' edges (the evaluation's deciles).
    pub bins: Vec<f64>,
    /// The evaluation's share in each bin.
    pub reference_shares: Vec<f64>,
    /// Each 7-day block.
    pub by_week: Vec<WeekDriftJson>,
}

/// One week's drift; the drift members are absent when the week is too small.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WeekDriftJson {
    /// The drift, when measured.
    #[serde(flatten)]
    pub drift: Option<DriftJson>,
    /// 1 for the first 7 days.
    pub week: usize,
    /// Its first local day.
    pub first_day: String,
    /// Its last local day.
    pub last_day: String,
    /// Days in it.
    pub days: usize,
    /// Cases in it.
    pub cases: usize,
}

/// `monitoring.prevalence`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrevalenceJson {
    /// In the evaluation.
    pub evaluation: Option<f64>,
    /// Assumed by the launch report.
    pub assumed: Option<f64>,
    /// `context` or `evaluation`.
    pub assumed_from: String,
    /// Estimated from the audit; `null` without one.
    pub estimated: Option<f64>,
    /// Its 95 % interval.
    pub estimated_interval: Option<Interval>,
}

/// One local day of production.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DayJson {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Cases scored.
    pub cases: usize,
    /// Cases flagged.
    pub flagged: usize,
    /// How much of the day production covers: `whole`, `partial` or `empty`.
    pub coverage: String,
    /// The share of a day it counts for, in [0, 1]: 1 whole, 0 empty; a partial
    /// day min(its clock share, its cases / the whole days' mean cases).
    pub observed_share: Option<f64>,
    /// `above` or `below` the promised band, else `null`.
    pub outside_band: Option<String>,
    /// Whether flags exceeded the capacity; `null` without a capacity.
    pub over_capacity: Option<bool>,
}

/// `monitoring.days_check`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DaysCheckJson {
    /// The promised flags per day's 95 % range.
    pub band: Interval,
    /// `business.capacity_per_day`.
    pub capacity: Option<f64>,
    /// Days above the band.
    pub days_above_band: usize,
    /// Days below the band.
    pub days_below_band: usize,
    /// Days over capacity; `null` without a capacity.
    pub days_over_capacity: Option<usize>,
    /// Days expected outside the band by chance alone.
    pub expected_outside_by_chance: Option<f64>,
}

/// `monitoring.audit`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuditJson {
    /// Audit rows joined to production.
    pub rows: usize,
    /// The flagged stratum.
    pub flagged: StratumJson,
    /// The unflagged stratum.
    pub not_flagged: StratumJson,
    /// Estimated totals over the period (Horvitz–Thompson).
    pub period_totals: PeriodTotalsJson,
    /// Share of positives missed.
    pub miss_rate: Option<f64>,
    /// Its 95 % interval.
    pub miss_rate_interval: Option<Interval>,
    /// Share of positives among audited cases, unweighted.
    pub unweighted_prevalence: Option<f64>,
    /// Each 7-day block.
    pub by_week: Vec<AuditWeekJson>,
    /// `stratified` (each group's audited share, the audit drawn at the declared
    /// rates) or `ratio` (each verdict weighted by 1/its inclusion probability,
    /// `monitoring.audit.probability`: the Hájek estimator).
    pub estimator: String,
    /// How many to audit next for `monitoring.audit.target`; `null` without one.
    pub plan: Option<AuditPlanJson>,
}

/// `audit.plan`: cases to audit in a period like this one for the asked precision
/// (stratified variance, Cochran 1977 eq. 5.6; Neyman's allocation, eq. 5.26).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuditPlanJson {
    /// `missed_per_day` or `miss_rate`.
    pub target: String,
    /// As written: cases a day for `missed_per_day`, a share of the miss rate for
    /// `miss_rate`.
    pub target_value: f64,
    /// The asked 95 % half-width in the quantity's unit (cases a day, or a share).
    pub half_width: f64,
    /// The quantity's current estimate.
    pub estimate: f64,
    /// The half-width this period's audit gives: by the same formula, or half its
    /// interval's width when the audit is weighted (`estimator: ratio`); `null`
    /// when a group that matters was not audited.
    pub current_half_width: Option<f64>,
    /// Days in the period the sizes are for.
    pub days: f64,
    /// The flagged group.
    pub flagged: PlannedGroupJson,
    /// The unflagged group.
    pub not_flagged: PlannedGroupJson,
    /// Cases to audit keeping the current rates; `null` when they cannot reach it.
    pub current_design_total: Option<u64>,
    /// Cases to audit with Neyman's allocation (the fewest).
    pub neyman_total: u64,
}

/// One group of `audit.plan`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlannedGroupJson {
    /// Production cases in the period.
    pub cases: u64,
    /// The share of positives planned with (this audit's estimate).
    pub expected_share: f64,
    /// Audited this period.
    pub audited: u64,
    /// To audit keeping the current rates; `null` when they cannot reach it.
    pub current_design: Option<u64>,
    /// To audit with Neyman's allocation.
    pub neyman: u64,
}

/// One audit stratum.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StratumJson {
    /// Production cases in it.
    pub cases: u64,
    /// Audited.
    pub audited: u64,
    /// Audited and positive.
    pub positives_found: u64,
    /// The share the context declares audited; `null` when the audit gives
    /// inclusion probabilities instead.
    pub declared_share: Option<f64>,
    /// Test that the audited share matches the declared one.
    pub share_test_p_value: Option<f64>,
}

/// `audit.period_totals`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PeriodTotalsJson {
    /// Positives flagged in the period.
    pub caught: Option<f64>,
    /// Its 95 % interval.
    pub caught_interval: Option<Interval>,
    /// Positives not flagged.
    pub missed: Option<f64>,
    /// Its 95 % interval.
    pub missed_interval: Option<Interval>,
    /// Negatives flagged.
    pub false_alarms: Option<f64>,
    /// Its 95 % interval.
    pub false_alarms_interval: Option<Interval>,
}

/// One week of the audit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuditWeekJson {
    /// 1 for the first 7 days.
    pub week: usize,
    /// Share of positives.
    pub prevalence: Option<f64>,
    /// Its 95 % interval.
    pub prevalence_interval: Option<Interval>,
    /// Positives flagged per day.
    pub caught_per_day: Option<f64>,
    /// Positives missed per day.
    pub missed_per_day: Option<f64>,
    /// Its 95 % interval.
    pub missed_per_day_interval: Option<Interval>,
    /// Negatives flagged per day.
    pub false_alarms_per_day: Option<f64>,
}

/// `monitoring.calibrated_estimate`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalibratedJson {
    /// `credible`, `scores_not_calibrated` or `prevalence_differs`.
    pub credibility: String,
    /// Per day.
    pub per_day: CalibratedPerDayJson,
    /// Their 95 % intervals.
    pub per_day_interval: CalibratedIntervalsJson,
    /// Share of flagged cases that are positive.
    pub precision: Option<f64>,
    /// Share of positives.
    pub prevalence: Option<f64>,
    /// Its 95 % interval.
    pub prevalence_interval: Interval,
}

/// Per-day figures of the calibrated estimate.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalibratedPerDayJson {
    /// Positives flagged per day.
    pub caught: Option<f64>,
    /// Positives missed per day.
    pub missed: Option<f64>,
    /// Negatives flagged per day.
    pub false_alarms: Option<f64>,
}

/// Intervals of [`CalibratedPerDayJson`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalibratedIntervalsJson {
    /// Of `caught`.
    pub caught: Interval,
    /// Of `missed`.
    pub missed: Interval,
    /// Of `false_alarms`.
    pub false_alarms: Interval,
}

/// `monitoring.advice`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AdviceJson {
    /// The threshold that fills the capacity on production's scores.
    pub capacity: Option<CapacityAdviceJson>,
    /// The threshold that meets the miss-rate target on the audit.
    pub miss_rate: Option<MissRateAdviceJson>,
}

/// `advice.capacity`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CapacityAdviceJson {
    /// `business.capacity_per_day`.
    pub capacity_per_day: f64,
    /// The threshold.
    pub threshold: Option<f64>,
    /// Production's flags per day at it.
    pub flagged_per_day: Option<f64>,
    /// The launch report's missed per day at it.
    pub promised_missed_per_day: Option<f64>,
}

/// `advice.miss_rate`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MissRateAdviceJson {
    /// The miss-rate target.
    pub target: f64,
    /// `context` (a target) or `promise` (the launch report's rate).
    pub target_from: String,
    /// The threshold.
    pub threshold: Option<f64>,
    /// The audit's miss rate at it.
    pub estimated_miss_rate: Option<f64>,
    /// Production's flags per day at it.
    pub flagged_per_day: Option<f64>,
    /// Audited positives.
    pub audited_positives: usize,
    /// Of them, not flagged at the threshold.
    pub audited_positives_not_flagged: usize,
}

/// The summary as pretty-printed JSON bytes, ending in a newline.
pub fn monitor_json(monitoring: &Monitoring, title: &str, date: &str, zone: &Zone) -> Vec<u8> {
    json_bytes(&monitor_summary(monitoring, title, date, zone))
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn value(e: Option<Estimate>) -> Option<f64> {
    e.map(|e| e.value).and_then(finite)
}

/// The monitor's summary.
pub fn monitor_summary(m: &Monitoring, title: &str, date: &str, zone: &Zone) -> MonitorSummary {
    let check = &m.days_check;
    MonitorSummary {
        title: title.to_owned(),
        date: date.to_owned(),
        monitoring: MonitoringJson {
            threshold: finite(m.threshold),
            period: PeriodJson {
                first_day: day_text(m.period.first_day),
                last_day: day_text(m.period.last_day),
                days: m.period.days,
                whole_days: m.period.whole_days,
                observed_days: finite(m.period.observed_days),
                days_rule: crate::present::monitoring::DAYS_RULE.to_owned(),
                timezone: zone.describe(),
                cases: m.period.cases,
                flagged: m.period.flagged,
            },
            model_arm: m.model_arm.map(|a| ModelArmJson {
                planned_share: a.split,
                cases: a.cases,
                holdout_cases: a.holdout_cases,
                holdout_verdicts_left_out: a.holdout_verdicts,
                rule: crate::present::monitoring::arm::model_arm_sentence(m).unwrap_or_default(),
            }),
            promises: m.promises.iter().map(promise).collect(),
            score_drift: m.drift.as_ref().map(|d| ScoreDriftJson {
                overall: drift(d),
                bins: d.stability.edges.clone(),
                reference_shares: d.stability.reference_shares.clone(),
                by_week: m.weeks.iter().map(week_drift).collect(),
            }),
            prevalence: PrevalenceJson {
                evaluation: finite(m.prevalence.evaluation),
                assumed: finite(m.prevalence.assumed),
                assumed_from: if m.prevalence.assumed_given {
                    "context"
                } else {
                    "evaluation"
                }
                .to_owned(),
                estimated: value(m.prevalence.estimated),
                estimated_interval: m.prevalence.estimated.map(|e| interval(&e)),
            },
            days: (m.days.iter().enumerate())
                .map(|(i, d)| DayJson {
                    date: day_text(d.date),
                    cases: d.cases,
                    flagged: d.flagged,
                    coverage: d.coverage.key().to_owned(),
                    observed_share: finite(d.coverage.observed()),
                    outside_band: if check.above_band.contains(&i) {
                        Some("above".to_owned())
                    } else if check.below_band.contains(&i) {
                        Some("below".to_owned())
                    } else {
                        None
                    },
                    over_capacity: check.capacity.map(|_| check.over_capacity.contains(&i)),
                })
                .collect(),
            days_check: DaysCheckJson {
                band: interval(&check.band),
                capacity: check.capacity,
                days_above_band: check.above_band.len(),
                days_below_band: check.below_band.len(),
                days_over_capacity: check.capacity.map(|_| check.over_capacity.len()),
                expected_outside_by_chance: finite(check.expected_outside),
            },
            audit: m.audit.as_ref().map(|a| audit(m, a)),
            calibrated_estimate: m.calibrated.map(|c| CalibratedJson {
                credibility: match c.credibility {
                    Credibility::Credible => "credible",
                    Credibility::NotCalibrated => "scores_not_calibrated",
                    Credibility::PrevalenceDiffers => "prevalence_differs",
                }
                .to_owned(),
                per_day: CalibratedPerDayJson {
                    caught: finite(c.caught.value),
                    missed: finite(c.missed.value),
                    false_alarms: finite(c.false_alarms.value),
                },
                per_day_interval: CalibratedIntervalsJson {
                    caught: interval(&c.caught),
                    missed: interval(&c.missed),
                    false_alarms: interval(&c.false_alarms),
                },
                precision: value(c.precision),
                prevalence: finite(c.prevalence.value),
                prevalence_interval: interval(&c.prevalence),
            }),
            advice: AdviceJson {
                capacity: m.advice.capacity.map(|a| CapacityAdviceJson {
                    capacity_per_day: a.capacity,
                    threshold: finite(a.threshold),
                    flagged_per_day: finite(a.flagged_per_day),
                    promised_missed_per_day: a.promised.and_then(|d| finite(d.missed.value)),
                }),
                miss_rate: m.advice.miss_rate.map(|a| MissRateAdviceJson {
                    target: a.target,
                    target_from: match a.source {
                        TargetSource::Context => "context",
                        TargetSource::Promise => "promise",
                    }
                    .to_owned(),
                    threshold: finite(a.threshold),
                    estimated_miss_rate: finite(a.estimated_miss_rate),
                    flagged_per_day: finite(a.flagged_per_day),
                    audited_positives: a.audited_positives,
                    audited_positives_not_flagged: a.audited_positives_not_flagged,
                }),
            },
            warnings: m.warnings.iter().map(ToString::to_string).collect(),
            experiment: m.experiment.as_ref().map(experiment),
            periods: m.weeks.iter().map(week_promises).collect(),
            periods_rule: crate::present::monitoring::periods_rule(),
            segments: segments::segments(m),
            segments_rule: crate::present::monitoring::segments::segments_rule(),
        },
    }
}

fn promise(p: &crate::model::monitoring::Promise) -> PromiseJson {
    PromiseJson {
        quantity: p.quantity.key().to_owned(),
        promised: finite(p.promised.value),
        promised_interval: interval(&p.promised),
        observed: value(p.observed),
        observed_interval: p.observed.map(|o| interval(&o)),
        verdict: p.verdict.key().to_owned(),
        observed_from: if p.quantity.is_counted() {
            ObservedFrom::Production
        } else {
            ObservedFrom::Audit
        },
        outcome: p.outcome.into(),
    }
}

fn week_promises(w: &Week) -> WeekPromisesJson {
    WeekPromisesJson {
        week: w.number,
        start: day_text(w.first_day),
        end: day_text(w.last_day),
        days: w.days,
        whole_days: w.whole_days,
        short: w.is_short(),
        cases: w.cases,
        flagged: w.flagged,
        promises: w.promises.iter().map(promise).collect(),
    }
}

fn audit(m: &Monitoring, a: &crate::model::monitoring::AuditSummary) -> AuditJson {
    let c = &a.counts;
    let e = &a.estimates;
    let ranged = |e: Option<Estimate>| e.map(|e| interval(&e));
    AuditJson {
        rows: a.rows,
        flagged: StratumJson {
            cases: c.flagged,
            audited: c.flagged_audited,
            positives_found: c.flagged_audited_positive,
            declared_share: a.declared_flagged.and_then(finite),
            share_test_p_value: a.flagged_share_p_value.and_then(finite),
        },
        not_flagged: StratumJson {
            cases: c.not_flagged,
            audited: c.not_flagged_audited,
            positives_found: c.not_flagged_audited_positive,
            declared_share: a.declared_not_flagged.and_then(finite),
            share_test_p_value: a.not_flagged_share_p_value.and_then(finite),
        },
        period_totals: PeriodTotalsJson {
            caught: value(e.caught),
            caught_interval: ranged(e.caught),
            missed: value(e.missed),
            missed_interval: ranged(e.missed),
            false_alarms: value(e.false_alarms),
            false_alarms_interval: ranged(e.false_alarms),
        },
        miss_rate: value(a.miss_rate),
        miss_rate_interval: ranged(a.miss_rate),
        unweighted_prevalence: e.unweighted_prevalence.and_then(finite),
        by_week: (m.weeks.iter())
            .map(|w| {
                let day = w.audit_per_day;
                let prevalence = w.audit.and_then(|a| a.prevalence);
                AuditWeekJson {
                    week: w.number,
                    prevalence: value(prevalence),
                    prevalence_interval: ranged(prevalence),
                    caught_per_day: value(day.and_then(|d| d.caught)),
                    missed_per_day: value(day.and_then(|d| d.missed)),
                    missed_per_day_interval: ranged(day.and_then(|d| d.missed)),
                    false_alarms_per_day: value(day.and_then(|d| d.false_alarms)),
                }
            })
            .collect(),
        estimator: if a.weighted { "ratio" } else { "stratified" }.to_owned(),
        plan: a.plan.as_ref().map(plan),
    }
}

fn plan(p: &crate::model::monitoring::AuditPlan) -> AuditPlanJson {
    use crate::input::context::AuditTarget;
    let (target, target_value) = match p.target {
        AuditTarget::MissedPerDay(d) => ("missed_per_day", d),
        AuditTarget::MissRate(r) => ("miss_rate", r),
    };
    let group = |g: &crate::model::monitoring::PlannedGroup| PlannedGroupJson {
        cases: g.cases,
        expected_share: g.expected_share,
        audited: g.audited,
        current_design: g.current_design,
        neyman: g.neyman,
    };
    AuditPlanJson {
        target: target.to_owned(),
        target_value,
        half_width: p.half_width,
        estimate: p.estimate,
        current_half_width: p.current_half_width.and_then(finite),
        days: p.days,
        flagged: group(&p.groups[0]),
        not_flagged: group(&p.groups[1]),
        current_design_total: p.current_total(),
        neyman_total: p.neyman_total(),
    }
}

fn week_drift(w: &Week) -> WeekDriftJson {
    WeekDriftJson {
        drift: w.drift.as_ref().map(drift),
        week: w.number,
        first_day: day_text(w.first_day),
        last_day: day_text(w.last_day),
        days: w.days,
        cases: w.cases,
    }
}

/// One period's drift: PSI, KS, shift, share flagged and production's bin shares.
fn drift(d: &DriftCheck) -> DriftJson {
    DriftJson {
        cases: d.cases,
        psi: finite(d.stability.index),
        psi_reading: crate::present::monitoring::reading(d.stability.reading).to_owned(),
        ks_statistic: finite(d.kolmogorov_smirnov.statistic),
        ks_p_value: finite(d.kolmogorov_smirnov.p_value),
        production_higher_probability: finite(d.shift),
        share_flagged: finite(d.share_flagged),
        production_shares: d.stability.production_shares.clone(),
    }
}
