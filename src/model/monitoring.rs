//! After launch: production held against the launch report's promises, as numbers
//! and enums. The promises are the launch report's own (`model::report`, rebuilt
//! from the evaluation data at the current threshold); what happened comes from
//! production's scores (counted exactly: volume, flags) and from the audit
//! (estimated: caught, missed, false alarms, precision, prevalence). Also the score
//! drift against the evaluation, day by day and week by week, what calibrated
//! scores would imply, and the thresholds that would have kept two promises.
//!
//! Rules (stated on the page and tested):
//! - days are calendar days in `data.timezone`; the period runs from the first
//!   production day to the last, empty days included; weeks are 7-day blocks from
//!   the first whole day (a partial first day joins the first week; the last may
//!   be shorter);
//! - a verdict is `Above`/`Below` when the observed range lies wholly above/below
//!   the promised range; `CannotTell` when there is no observation or the observed
//!   range is more than four times as wide as a promised range of some width; else
//!   `Kept` (a promise with no range, such as the planned volume, is kept only when
//!   the observed range includes it);
//! - counted promises (volume, flags, share flagged) are exact averages over the
//!   period's days; their range is how well those days pin down production's
//!   average day (t interval over days; a ratio estimator for the share), since the
//!   launch report promised an average day;
//! - over fewer than two whole days every promise cannot tell, over the whole
//!   period as in a week (a single day is no average day); each week gets the
//!   same verdicts on its own days and audit, and an audited promise resting on a
//!   group with fewer than [`MIN_WEEK_VERDICTS`] verdicts that week cannot tell
//!   (the counted ones are judged in a week without an audit);
//! - audited promises are held to the average day too: the audit's range widened
//!   by the days' and the cases' spread (`stats::average_day`);
//! - drift compares production with the evaluation's scores reweighted to the
//!   assumed production prevalence (`stats::drift`).

mod advice;
mod arm;
mod audit;
mod costs;
mod experiment;
mod periods;
mod plan;
mod promises;
mod sample;
mod segment_audit;
mod segments;

use chrono::NaiveDate;

use crate::input::context::AuditTarget;
use crate::input::eval::EvalData;
use crate::input::eval::case_costs::CaseCosts;
use crate::input::eval::production::{AuditLabels, LeftOut, ProductionData};
use crate::model::report::Report;
use crate::stats::audit::{AuditCounts, AuditEstimates, AuditPerDay};
use crate::stats::costs::RowCosts;
use crate::stats::drift::{
    ChartBins, KolmogorovSmirnov, PopulationStability, chart_bins, kolmogorov_smirnov_counted,
    population_stability, reference_weights,
};
use crate::stats::interval::Estimate;
use crate::stats::monitoring::{calibrated_counts, probability_of_superiority};
use crate::stats::sweep::Sweep;
use crate::stats::workload::Workload;
use crate::stats::zone::Zone;

pub use advice::{Advice, CapacityAdvice, MissRateAdvice, TargetSource};
pub use arm::ModelArm;
pub use audit::AuditSummary;
pub use costs::ColumnPricing;
pub use experiment::{EffectReading, ExperimentSummary, FEW_OUTCOMES, MISMATCH_P};
pub use periods::{Coverage, DaysCheck, Period, ProductionDay};
pub use plan::{AuditPlan, PlannedGroup};
pub use promises::{MIN_WEEK_VERDICTS, Outcome, Promise, TOO_WIDE, Verdict, outcome, verdict};
pub use sample::{
    AuditDesign, AuditSample, BANDS, SampleBand, SampleProblem, SampledCase, design_audit_sample,
    draw_audit_sample, id_order,
};
pub use segment_audit::{MIN_SEGMENT_VERDICTS, SegmentAudit};
pub use segments::SegmentCheck;

/// Everything the monitoring page says.
#[derive(Debug, Clone)]
pub struct Monitoring {
    /// The launch report's current threshold, at which everything is held.
    pub threshold: f64,
    /// Production as planned (volume, prevalence) in the launch report.
    pub planned: Workload,
    /// The days production covers, and its totals.
    pub period: Period,
    /// In the order of [`Quantity::PROMISED`](crate::stats::quantity::Quantity::PROMISED); precision only when the launch report
    /// promised one.
    pub promises: Vec<Promise>,
    /// Every calendar day of the period.
    pub days: Vec<ProductionDay>,
    /// The days against the promised band and the capacity.
    pub days_check: DaysCheck,
    /// 7-day blocks from the first day.
    pub weeks: Vec<Week>,
    /// The whole period's drift; `None` when it cannot be computed (see
    /// [`DriftCheck`]).
    pub drift: Option<DriftCheck>,
    /// The drift chart's bins (the threshold an edge, finer bins around it): the
    /// reference's shares, then production's for the whole period and for each week
    /// with a drift check. `None` without a drift check.
    pub drift_chart: Option<ChartBins>,
    /// The share of positives: evaluation, assumed, estimated.
    pub prevalence: PrevalenceSummary,
    /// `None` without an audit.
    pub audit: Option<AuditSummary>,
    /// What calibrated scores would imply; `None` when a score lies outside [0, 1].
    pub calibrated: Option<CalibratedSummary>,
    /// Thresholds that would have kept the capacity and the miss rate.
    pub advice: Advice,
    /// Problems that qualify the page, in the order found.
    pub warnings: Vec<MonitoringWarning>,
    /// The model's effect from a randomised split; `None` without one.
    pub experiment: Option<ExperimentSummary>,
    /// How the cost a day is priced when a cost is per case from a column; `None`
    /// when every cost is a fixed price (or there are none, or no audit).
    pub column_pricing: Option<ColumnPricing>,
    /// Each `data.segments` value in production against the launch report's
    /// figures for it (`segments`' rules); empty without segments.
    pub segments: Vec<SegmentCheck>,
    /// With a randomised split: the model arm the promises are held on (`arm`);
    /// `None` without one.
    pub model_arm: Option<ModelArm>,
}

/// Score drift of one period against the evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftCheck {
    /// Production cases compared.
    pub cases: usize,
    /// PSI over the reweighted evaluation's deciles (bins and shares inside).
    pub stability: PopulationStability,
    /// The two-sample Kolmogorov–Smirnov statistic and p-value.
    pub kolmogorov_smirnov: KolmogorovSmirnov,
    /// P(production score > evaluation score) + ½P(tie): above 0.5, scores moved up.
    pub shift: f64,
    /// Share of production cases at or above the threshold.
    pub share_flagged: f64,
}

/// Drift of `production` against the (weighted) reference; `None` when either is
/// empty or a weight is unusable.
fn drift_check(
    reference: &[f64],
    (weights, counts): (Option<&[f64]>, Option<&[f64]>),
    production: &[f64],
    threshold: f64,
) -> Option<DriftCheck> {
    let (stability, (ks, shift)) = rayon::join(
        || population_stability(reference, weights, production),
        || {
            rayon::join(
                || kolmogorov_smirnov_counted(reference, weights, counts, production),
                || probability_of_superiority(reference, weights, production),
            )
        },
    );
    let flagged = production.iter().filter(|&&s| s >= threshold).count();
    Some(DriftCheck {
        cases: production.len(),
        stability: stability?,
        kolmogorov_smirnov: ks?,
        shift: shift?,
        share_flagged: flagged as f64 / production.len() as f64,
    })
}

/// A 7-day block of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// 1 for the first block.
    pub number: usize,
    /// The block's first and last calendar day.
    pub first_day: NaiveDate,
    /// See `first_day`.
    pub last_day: NaiveDate,
    /// Calendar days in the block (7; 8 when a partial first day joined the first;
    /// fewer for the last).
    pub days: usize,
    /// Whole days in the block: the ones its per-day averages rest on.
    pub whole_days: usize,
    /// Cases scored in the block.
    pub cases: usize,
    /// Cases flagged in the block.
    pub flagged: usize,
    /// `None` when the week has no cases.
    pub drift: Option<DriftCheck>,
    /// The week's audit estimates; `None` without an audit or cases.
    pub audit: Option<AuditEstimates>,
    /// The same per day.
    pub audit_per_day: Option<AuditPerDay>,
    /// The week's audit tallies; `None` without an audit or cases.
    pub audit_counts: Option<AuditCounts>,
    /// The launch report's promises held on this week alone (the whole period's
    /// rules, plus the week's: see the module's rules).
    pub promises: Vec<Promise>,
}

impl Week {
    /// Fewer than seven whole days: a short last week, or one with partial or
    /// empty days.
    pub fn is_short(&self) -> bool {
        self.whole_days < 7
    }
}

/// The share of positives three ways.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrevalenceSummary {
    /// In the evaluation data.
    pub evaluation: f64,
    /// Assumed for production in the launch report (the context's, else the
    /// evaluation's).
    pub assumed: f64,
    /// Whether `assumed` came from the context.
    pub assumed_given: bool,
    /// Estimated from the audit; `None` without one (or without verdicts in a
    /// group that has cases).
    pub estimated: Option<Estimate>,
}

/// Whether the calibrated-scores estimate can be believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credibility {
    /// The evaluation's scores read as probabilities, at a prevalence like the
    /// assumed production one.
    Credible,
    /// On the evaluation, scores do not match the observed share of positives.
    NotCalibrated,
    /// Calibrated on the evaluation, but the assumed production prevalence differs
    /// from the evaluation's by more than a fifth, which breaks calibration.
    PrevalenceDiffers,
}

/// What the scores imply if read as probabilities (CBPE), per day of the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibratedSummary {
    /// Σ score over flagged cases, per day.
    pub caught: Estimate,
    /// Σ score over unflagged cases, per day.
    pub missed: Estimate,
    /// Σ (1 − score) over flagged cases, per day.
    pub false_alarms: Estimate,
    /// Mean score of flagged cases; `None` when none is flagged.
    pub precision: Option<Estimate>,
    /// Mean score of all cases.
    pub prevalence: Estimate,
    /// Whether the evaluation supports reading scores as probabilities.
    pub credibility: Credibility,
}

/// An audit group: the cases the model flagged, or the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Cases scoring at or above the threshold.
    Flagged,
    /// The rest.
    NotFlagged,
}

/// Problems that do not stop the monitoring page but qualify it.
#[derive(Debug, Clone, PartialEq)]
pub enum MonitoringWarning {
    /// A group's audited share differs from the declared one beyond chance (exact
    /// binomial test at 5 %).
    AuditShareDiffers {
        /// The group.
        group: Group,
        /// The declared share audited.
        declared: f64,
        /// Cases audited in the group.
        audited: u64,
        /// Cases in the group.
        cases: u64,
        /// The two-sided exact binomial test's p-value.
        p_value: f64,
    },
    /// Audit rows whose id is not a production case (left out).
    AuditIdsNotInProduction(LeftOut),
    /// Audit rows repeating a case with the same verdict (counted once).
    RepeatedVerdicts(LeftOut),
    /// Audit rows without a label (counted as not audited).
    UnlabelledAuditRows(LeftOut),
    /// A group has cases but no verdicts, so what depends on it is unknown.
    GroupNotAudited {
        /// The group.
        group: Group,
        /// Its cases.
        cases: u64,
    },
    /// The audit and production write the same ids differently (`1007`, `1007.0`,
    /// `00001007`): they were joined as the integers they write.
    AuditIdsJoinedByValue {
        /// One id as production writes it.
        production: String,
        /// The same id as the audit writes it.
        audit: String,
    },
    /// Days the period covers only in part (first or last): left out of the per-day
    /// averages and the band.
    PartialDays {
        /// Each day and the share of it observed.
        days: Vec<(NaiveDate, f64)>,
    },
    /// Days with no case at all inside the period: taken as not observed.
    EmptyDays {
        /// The days.
        dates: Vec<NaiveDate>,
    },
    /// The experiment's arms differ from the planned split beyond chance (exact
    /// binomial test, p < [`MISMATCH_P`]): the randomisation or the logging is
    /// broken, and the effect cannot be trusted.
    SampleRatioMismatch {
        /// The planned share in the model arm.
        planned: f64,
        /// Cases in the model arm.
        model: usize,
        /// Cases in both arms.
        cases: usize,
        /// The test's p-value.
        p_value: f64,
    },
    /// Production scores the model cannot have given: not finite, or further
    /// outside the evaluation's score range than its width
    /// (`stats::monitoring::impossible_scores`).
    ImpossibleScores {
        /// How many.
        count: usize,
        /// The first of them …
        example: f64,
        /// … and its production row (1 = the first data row).
        row: usize,
        /// The evaluation's lowest and highest score.
        evaluation: (f64, f64),
    },
    /// The amounts a cost a day is priced from (a column) are so skewed that its
    /// range covers the average day less often than 95 % (by simulation, about
    /// 86 % at a log-scale spread of 1.5 with 18 amounts).
    SkewedAmounts {
        /// The sample standard deviation of the audited amounts' logarithms.
        log_sd: f64,
        /// The audited non-zero amounts.
        amounts: usize,
    },
    /// Fewer days than a fortnight: day-to-day swings weigh heavily.
    ShortPeriod {
        /// Calendar days in the period.
        days: usize,
    },
}

/// Audited amounts with a log-scale spread above this get
/// [`MonitoringWarning::SkewedAmounts`]: the cost a day's simulated coverage is
/// 93–97 % up to a spread of about 1 and falls to 86 % at 1.5.
pub const SKEWED_LOG_SD: f64 = 1.25;

/// Periods shorter than this many days get [`MonitoringWarning::ShortPeriod`].
pub const SHORT_PERIOD_DAYS: usize = 14;

/// The audit as declared and as read.
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    /// The verdicts joined to production rows, and what was left out.
    pub labels: &'a AuditLabels,
    /// The declared shares of flagged and unflagged cases audited; `None` when
    /// the audit gives each case's inclusion probability instead.
    pub sampled: Option<(f64, f64)>,
    /// The precision to plan the next audit for.
    pub target: Option<AuditTarget>,
}

/// The randomised split as declared and as read.
#[derive(Debug, Clone, Copy)]
pub struct Experiment<'a> {
    /// Each production row's arm and outcome.
    pub data: &'a crate::input::eval::production::ExperimentData,
    /// `monitoring.experiment`.
    pub spec: &'a crate::input::context::ExperimentSpec,
}

/// Everything monitoring is built from.
#[derive(Debug, Clone, Copy)]
pub struct MonitoringInputs<'a> {
    /// The launch report, rebuilt from the evaluation data.
    pub report: &'a Report,
    /// The evaluation's sweep, for the launch report's day at other thresholds.
    pub sweep: &'a Sweep,
    /// Costs from the evaluation's rows, if the context takes them from a column.
    pub row_costs: Option<&'a RowCosts>,
    /// The same cost columns for production's cases (from production or the
    /// audit), if the context takes a cost from a column.
    pub case_costs: Option<&'a CaseCosts>,
    /// The evaluation data: the drift reference.
    pub evaluation: &'a EvalData,
    /// The period's scored cases.
    pub production: &'a ProductionData,
    /// The audit, if any.
    pub audit: Option<Audit<'a>>,
    /// Where days are cut.
    pub zone: &'a Zone,
    /// The context's `thresholds.targets.max_false_negative_rate`.
    pub max_false_negative_rate: Option<f64>,
    /// The context's `thresholds.targets.max_flagged_per_day`, used when there is
    /// no `business.capacity_per_day`.
    pub max_flagged_per_day: Option<f64>,
    /// The randomised split, if any.
    pub experiment: Option<Experiment<'a>>,
    /// Each `data.segments` column's evaluation rows when an engine summarised
    /// them (`data.summary.segments`, one file per column); empty: the
    /// evaluation's own columns.
    pub segment_summaries: &'a [EvalData],
}

/// Why monitoring cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitoringProblem {
    /// Production is empty.
    NoCases,
    /// With a randomised split, no case is in the model arm: nothing to hold the
    /// promises on.
    NoModelArmCases {
        /// The holdout's cases (all of production's).
        holdout: usize,
    },
    /// The period spans more calendar days than `stats::days::MAX_DAYS`.
    PeriodTooLong {
        /// Days from the first case to the last.
        days: i64,
        /// The earliest case: its index in production (file order) and its
        /// timestamp (ms since the epoch, UTC).
        earliest: (usize, i64),
        /// The latest case, likewise.
        latest: (usize, i64),
    },
}

/// Builds the monitoring model. With a randomised split whose arms production
/// names, the promises are held on the model arm's cases alone (`arm`), and
/// `inputs.report` is the launch report at the model arm's share of the volume;
/// the experiment reads both arms over the whole period.
///
/// # Errors
/// No production cases, or a period longer than `stats::days::MAX_DAYS` days.
pub fn build_monitoring(inputs: &MonitoringInputs) -> Result<Monitoring, MonitoringProblem> {
    let production = inputs.production;
    let (Some(experiment), Some(in_model)) = (inputs.experiment, production.in_model.as_deref())
    else {
        return build(inputs, None);
    };
    // The experiment's volume a day: the whole period, both arms.
    let whole = periods::cut(
        &production.timestamps,
        &production.scores,
        inputs.report.current.threshold,
        inputs.zone,
    )?
    .period;
    let labels = inputs.audit.map(|a| a.labels);
    let arm = arm::model_arm_cases(production, labels, inputs.case_costs, in_model);
    if arm.production.scores.is_empty() {
        return Err(MonitoringProblem::NoModelArmCases {
            holdout: production.scores.len(),
        });
    }
    let model_arm = ModelArm {
        split: experiment.spec.split,
        cases: arm.production.scores.len(),
        holdout_cases: production.scores.len() - arm.production.scores.len(),
        holdout_verdicts: arm::holdout_verdicts(labels, in_model),
    };
    let restricted = MonitoringInputs {
        production: &arm.production,
        audit: (inputs.audit.zip(arm.labels.as_ref())).map(|(a, labels)| Audit { labels, ..a }),
        case_costs: arm.costs.as_ref(),
        ..*inputs
    };
    let mut monitoring = build(&restricted, Some(&whole))?;
    monitoring.model_arm = Some(model_arm);
    Ok(monitoring)
}

/// [`build_monitoring`] on the cases the promises are held on; `whole`: the
/// period of both arms, for the experiment (`None`: `inputs`' own).
fn build(
    inputs: &MonitoringInputs,
    whole: Option<&Period>,
) -> Result<Monitoring, MonitoringProblem> {
    let report = inputs.report;
    let threshold = report.current.threshold;
    let production = inputs.production;
    let scores = &production.scores;
    let cut = periods::cut(&production.timestamps, scores, threshold, inputs.zone)?;
    // Totals spread over the days observed (whole days, and partial ones' shares).
    let days_count = cut.period.observed_days.max(f64::MIN_POSITIVE);
    let planned = report.workload;
    let evaluation = inputs.evaluation;
    // What each evaluation row counts for: its count × its weight (a counted row is
    // that many cases in the decile edges and the reweighting, issue 22).
    let row_weights = evaluation.row_weights();
    let case_weights: Option<Vec<f64>> = (!row_weights.is_unit()).then(|| {
        (0..evaluation.scores.len())
            .map(|i| row_weights.of(i))
            .collect()
    });
    let weights = reference_weights(
        &evaluation.positive,
        case_weights.as_deref(),
        planned.prevalence,
    );
    // Kish's n of the reference counts each counted row as its cases.
    let weights = (weights.as_deref(), evaluation.counts.as_deref());
    let labels = inputs.audit.map(|a| a.labels);
    let capacity = report
        .business
        .capacity_per_day
        .or(inputs.max_flagged_per_day);
    // Fixed prices price the audit's counts; a price per case from a column (a
    // missed fraud's own amount) prices each audited case at its own cost.
    let column_costs = inputs
        .row_costs
        .and(inputs.case_costs)
        .zip(labels)
        .filter(|_| report.workload.costs.is_some());
    let prices = |rows: Option<&[usize]>, days: f64| match (column_costs, report.workload.costs) {
        (Some((costs, labels)), _) => promises::Pricing::Columns(costs::column_cost(
            report,
            costs,
            (scores, threshold),
            labels,
            rows,
            days,
        )),
        (None, Some(c)) if inputs.row_costs.is_none() => promises::Pricing::Fixed(c),
        (None, _) => promises::Pricing::Unpriced,
    };

    // Drift and audit, overall and per week.
    let overall_drift = || drift_check(&evaluation.scores, weights, scores, threshold);
    let weekly = || {
        cut.weeks
            .iter()
            .map(|block| {
                let week_scores: Vec<f64> = block.rows.iter().map(|&i| scores[i]).collect();
                let drift = drift_check(&evaluation.scores, weights, &week_scores, threshold);
                let tallied = labels.and_then(|labels| {
                    audit::estimate(scores, threshold, labels, Some(&block.rows))
                        .map(|(counts, estimates, _)| (counts, estimates))
                });
                let audit = tallied.map(|t| t.1);
                let audit_per_day = audit.and_then(|a| a.per_day(block.observed_days));
                let week_promises = promises::week_promises(
                    report,
                    &cut.days[block.day_range.clone()],
                    tallied
                        .as_ref()
                        .map(|(counts, estimates)| (estimates, audit_per_day, *counts)),
                    capacity,
                    prices(Some(&block.rows), block.observed_days),
                );
                Week {
                    number: block.number,
                    first_day: block.first_day,
                    last_day: block.last_day,
                    days: block.days,
                    whole_days: block.whole_days,
                    cases: block.rows.len(),
                    flagged: week_scores.iter().filter(|&&s| s >= threshold).count(),
                    drift,
                    audit_per_day,
                    audit,
                    audit_counts: tallied.map(|t| t.0),
                    promises: week_promises,
                }
            })
            .collect::<Vec<_>>()
    };
    let (drift, weeks) = rayon::join(overall_drift, weekly);
    // The chart's own bins (finer around the threshold), for the whole period and
    // each week that has a drift check; the PSI keeps its deciles.
    let drift_chart = drift.as_ref().and_then(|d| {
        let week_scores: Vec<Vec<f64>> = (cut.weeks.iter().zip(&weeks))
            .filter(|(_, w)| w.drift.is_some())
            .map(|(block, _)| block.rows.iter().map(|&i| scores[i]).collect())
            .collect();
        let samples: Vec<&[f64]> = std::iter::once(scores.as_slice())
            .chain(week_scores.iter().map(Vec::as_slice))
            .collect();
        chart_bins(
            &evaluation.scores,
            weights.0,
            &d.stability.edges,
            &samples,
            threshold,
        )
    });

    let mut warnings = Vec::new();
    let audit = inputs
        .audit
        .and_then(|a| audit::audit_summary(&a, scores, threshold, days_count, &mut warnings));
    let promises = promises::promises(
        report,
        &cut.days,
        audit.as_ref(),
        capacity,
        prices(None, days_count),
    );
    let segments = segments::segment_checks(&segments::SegmentInputs {
        report,
        evaluation,
        summaries: inputs.segment_summaries,
        production,
        days: &cut.days,
        row_days: &cut.row_days,
        audit: labels,
        observed_days: days_count,
        flags_over_capacity: capacity
            .zip(
                (promises.iter())
                    .find(|p| p.quantity == crate::stats::quantity::Quantity::Flagged)
                    .and_then(|p| p.observed),
            )
            .map(|(capacity, flagged)| flagged.value > capacity),
    });
    let days_check = periods::check_days(
        &cut.days,
        &report.current.per_day.flagged,
        &planned,
        report.business.capacity_per_day,
    );
    let calibrated = calibrated_counts(scores, threshold).map(|c| {
        let per_day = |e: Estimate| e.scale(1.0 / days_count);
        let credibility = match &report.calibration {
            Some(c) if !c.reads_as_probability() => Credibility::NotCalibrated,
            None => Credibility::NotCalibrated,
            Some(_)
                if (planned.prevalence - report.data.prevalence()).abs()
                    > 0.2 * report.data.prevalence() =>
            {
                Credibility::PrevalenceDiffers
            }
            Some(_) => Credibility::Credible,
        };
        CalibratedSummary {
            caught: per_day(c.caught),
            missed: per_day(c.missed),
            false_alarms: per_day(c.false_alarms),
            precision: c.precision,
            prevalence: c.prevalence,
            credibility,
        }
    });
    let advice = advice::build_advice(inputs, &cut.period, audit.as_ref());
    let partial: Vec<(NaiveDate, f64)> = cut
        .days
        .iter()
        .filter_map(|d| match d.coverage {
            Coverage::Partial(share) => Some((d.date, share)),
            Coverage::Whole | Coverage::Empty => None,
        })
        .collect();
    if !partial.is_empty() {
        warnings.push(MonitoringWarning::PartialDays { days: partial });
    }
    let empty: Vec<NaiveDate> = cut
        .days
        .iter()
        .filter(|d| d.coverage == Coverage::Empty)
        .map(|d| d.date)
        .collect();
    if !empty.is_empty() {
        warnings.push(MonitoringWarning::EmptyDays { dates: empty });
    }
    let reference = &evaluation.scores;
    if let Some((count, first)) = crate::stats::monitoring::impossible_scores(reference, scores) {
        let finite = reference.iter().copied().filter(|s| s.is_finite());
        warnings.push(MonitoringWarning::ImpossibleScores {
            count,
            example: scores[first],
            row: first + 1,
            evaluation: finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
                (lo.min(s), hi.max(s))
            }),
        });
    }
    let experiment = inputs
        .experiment
        .as_ref()
        .map(|e| experiment::experiment_summary(e, whole.unwrap_or(&cut.period), &mut warnings));
    if let promises::Pricing::Columns(Some(c)) = prices(None, days_count)
        && let Some((log_sd, amounts)) = c.amounts_log_sd
        && log_sd > SKEWED_LOG_SD
    {
        warnings.push(MonitoringWarning::SkewedAmounts { log_sd, amounts });
    }
    if cut.period.days < SHORT_PERIOD_DAYS {
        warnings.push(MonitoringWarning::ShortPeriod {
            days: cut.period.days,
        });
    }
    if let Some(a) = inputs.audit {
        let facts = a.labels;
        if let crate::input::eval::ids::IdMatch::ByValue { left, right } = &facts.id_match {
            warnings.push(MonitoringWarning::AuditIdsJoinedByValue {
                production: left.clone(),
                audit: right.clone(),
            });
        }
        let left_out = [
            (
                &facts.unmatched,
                MonitoringWarning::AuditIdsNotInProduction as fn(LeftOut) -> MonitoringWarning,
            ),
            (&facts.repeated, MonitoringWarning::RepeatedVerdicts),
            (&facts.unlabelled, MonitoringWarning::UnlabelledAuditRows),
        ];
        for (fact, warning) in left_out {
            if let Some(f) = fact {
                warnings.push(warning(f.clone()));
            }
        }
    }
    Ok(Monitoring {
        threshold,
        planned,
        prevalence: PrevalenceSummary {
            evaluation: report.data.prevalence(),
            assumed: planned.prevalence,
            assumed_given: report.prevalence_given,
            estimated: audit.as_ref().and_then(|a| a.estimates.prevalence),
        },
        period: cut.period,
        promises,
        days: cut.days,
        days_check,
        weeks,
        drift,
        drift_chart,
        audit,
        calibrated,
        advice,
        warnings,
        experiment,
        column_pricing: column_costs.map(|(c, _)| ColumnPricing::of(c)),
        segments,
        model_arm: None,
    })
}

#[cfg(test)]
mod tests;
