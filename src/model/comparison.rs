//! The candidate against the baseline it would replace, on the cases both scored:
//! ROC AUC with DeLong's test, and the two models at matched operating points with
//! paired per-day differences (candidate minus baseline). Numbers only; the words
//! are `present`'s.
//!
//! The matching rules (issue 15):
//! - same threshold: each model at the threshold it runs at — the current one for
//!   the candidate, `baseline.threshold` for the baseline (the current one when the
//!   context gives none): a baseline on another scale (logits) is never held at
//!   the candidate's threshold;
//! - same flagged per day: the capacity when the context gives one, else the
//!   baseline's flagged per day at its own threshold; each model at its lowest
//!   threshold flagging at most that — unless ties at the top make that flag
//!   nothing, when the model is held at its highest score (its tied group flags
//!   more than the goal) and the page says so (`model::targets::capacity_match`);
//! - same false-negative rate: the candidate's at the current threshold; the
//!   baseline at its highest threshold missing no more.
//!
//! Differences of rates use Tango's paired interval; money from the rows uses
//! `stats::paired_costs`. Counted rows (`data.count`) are that many cases in every
//! sum, tally and component, exactly as if written one per row. With weights, the
//! paired tallies and DeLong's counts are rescaled within each class to Kish's
//! effective n, as the single-model ranges are.

use crate::input::context::{Baseline, Context, MatchRule};
use crate::input::eval::{BaselineScores, EvalData};
use crate::model::curves::{Thinned, roc_and_precision_recall};
use crate::model::report::{Metrics, OperatingPoint, PointKind, operating_point};
use crate::model::targets::{CapacityMatch, Target, capacity_match, find_threshold};
use crate::stats::ap_bootstrap::{PairedAveragePrecision, paired_with_partial_auc};
use crate::stats::costs::{CostSource, CostSources, RowCosts};
use crate::stats::delong::{AucComparison, auc_interval, compare_aucs_clustered};
use crate::stats::interval::{Estimate, linear_combination};
use crate::stats::paired::{
    PairedCounts, PerDayDifference, clustered_rate_difference, mcnemar_p_value, paired_counts,
    per_day_difference, tango_interval,
};
use crate::stats::paired_costs::{PairedCase, paired_cost_difference};
use crate::stats::quantity::Quantity;
use crate::stats::sweep::Sweep;
use crate::stats::weights::RowWeights;
use crate::stats::workload::Workload;

/// The cases both models scored, in evaluation order.
#[derive(Debug, Clone, Default)]
pub struct PairedCases {
    /// The candidate's scores (the evaluation file's `data.score`).
    pub candidate: Vec<f64>,
    /// The baseline's scores for the same cases.
    pub baseline: Vec<f64>,
    /// `true` for a positive case.
    pub positive: Vec<bool>,
    /// The evaluation's case weights, when it has any.
    pub weights: Option<Vec<f64>>,
    /// How many identical cases each row stands for (`data.count`), when counted.
    pub counts: Option<Vec<f64>>,
    /// Each case's index among the evaluation's loaded rows.
    pub rows: Vec<usize>,
    /// The context's cost columns, restricted to these cases.
    pub costs: Vec<(String, Vec<f64>)>,
    /// Each case's cluster (`data.cluster`) as a code, when the context names one:
    /// DeLong's test and the paired ranges then sum within clusters.
    pub clusters: Option<Vec<u32>>,
    /// Loaded rows whose id repeats an earlier row's (`EvalData::repeated_id_rows`,
    /// ascending): the lists of cases one model alone catches pass over them, so
    /// each case is listed once (issue 22).
    pub repeated_rows: Vec<usize>,
}

/// Keeps the evaluation rows that have a baseline score.
pub fn pair_cases(data: &EvalData, baseline: &BaselineScores) -> PairedCases {
    let rows: Vec<usize> = (0..data.scores.len())
        .filter(|&i| baseline.scores[i].is_some())
        .collect();
    let pick = |values: &[f64]| rows.iter().map(|&i| values[i]).collect::<Vec<f64>>();
    PairedCases {
        candidate: pick(&data.scores),
        baseline: rows.iter().filter_map(|&i| baseline.scores[i]).collect(),
        positive: rows.iter().map(|&i| data.positive[i]).collect(),
        weights: data.weights.as_deref().map(pick),
        counts: data.counts.as_deref().map(pick),
        costs: data
            .costs
            .iter()
            .map(|(name, values)| (name.clone(), pick(values)))
            .collect(),
        clusters: (data.cluster.as_ref()).map(|c| rows.iter().map(|&i| c.codes[i]).collect()),
        rows,
        repeated_rows: data.repeated_id_rows(),
    }
}

/// What the comparison rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// Cases both models scored: rows with non-zero weight, each counted as the
    /// cases it stands for (`data.count`).
    pub cases: f64,
    /// Weighted total of positives among them.
    pub positives: f64,
    /// Weighted total of negatives among them.
    pub negatives: f64,
    /// Evaluation cases the baseline did not score.
    pub evaluation_only: usize,
    /// The first few of their ids.
    pub first_evaluation_only: Vec<String>,
    /// Baseline rows with no evaluation case.
    pub baseline_only: usize,
    /// The first few of their ids.
    pub first_baseline_only: Vec<String>,
}

/// The two models at one matched operating point.
#[derive(Debug, Clone)]
pub struct Matched {
    /// What is held equal.
    pub rule: MatchRule,
    /// What is matched: the threshold, the flagged per day or the false-negative
    /// rate (a share), by rule.
    pub at: f64,
    /// For `FlaggedPerDay`: whether `at` is the capacity (else the baseline's
    /// flagged per day at its own threshold).
    pub from_capacity: bool,
    /// The candidate at its threshold, on the paired cases.
    pub candidate: OperatingPoint,
    /// The baseline at its threshold, on the paired cases.
    pub baseline: OperatingPoint,
    /// Candidate minus baseline, cases (and money) per day, with paired intervals.
    pub difference: PerDayDifference,
    /// For `FlaggedPerDay`: the candidate's flagged per day at its highest score when
    /// ties there make the match unreachable (see [`CapacityMatch`]).
    pub candidate_tied_top: Option<f64>,
    /// The same for the baseline.
    pub baseline_tied_top: Option<f64>,
    /// How the positives split by the two models' flags (A is the candidate),
    /// weighted totals.
    pub positives: PairedCounts,
    /// How the negatives split, likewise.
    pub negatives: PairedCounts,
}

impl Matched {
    /// The difference of one per-day quantity (`None`: cost without costs, or a
    /// quantity not compared).
    pub fn difference_of(&self, quantity: Quantity) -> Option<Estimate> {
        let d = &self.difference;
        match quantity {
            Quantity::Flagged => Some(d.flagged),
            Quantity::Caught => Some(d.caught),
            Quantity::Missed => Some(d.missed),
            Quantity::FalseAlarms => Some(d.false_alarms),
            Quantity::Cost => d.cost,
            // Not compared (`Quantity::COMPARED`).
            Quantity::Volume
            | Quantity::ShareFlagged
            | Quantity::Precision
            | Quantity::Prevalence
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => None,
        }
    }
}

/// One model's curves for the comparison charts.
#[derive(Debug, Clone, Default)]
pub struct ModelCurves {
    /// (flagged per day, caught per day) as the threshold falls, from (0, 0).
    pub workload: Vec<(f64, f64)>,
    /// ROC points (FPR, TPR) from (0, 0) to (1, 1).
    pub roc: Vec<(f64, f64)>,
    /// (recall, precision on the evaluation set), recall rising.
    pub precision_recall: Vec<(f64, f64)>,
}

/// The candidate against the baseline.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The baseline's name from the context.
    pub baseline_name: String,
    /// The baseline's operating threshold today (the current threshold unless the
    /// context gives one).
    pub baseline_threshold: f64,
    /// Whether the context gave `baseline.threshold`.
    pub baseline_threshold_given: bool,
    /// The cases compared.
    pub overlap: Overlap,
    /// ROC AUC and average precision of the candidate on the paired cases.
    pub candidate_metrics: Metrics,
    /// The same for the baseline.
    pub baseline_metrics: Metrics,
    /// DeLong's comparison, candidate as A; `None` with fewer than two cases of a
    /// class.
    pub roc_auc: Option<AucComparison>,
    /// The candidate's ROC AUC with DeLong's 95 % interval (pROC's `ci.auc`
    /// with `method = "delong"`); `None` when `roc_auc` is.
    pub candidate_auc_interval: Option<Estimate>,
    /// The same for the baseline.
    pub baseline_auc_interval: Option<Estimate>,
    /// Both models' average precision and the difference with paired bootstrap
    /// intervals (`stats::ap_bootstrap`); `None` when undefined.
    pub average_precision: Option<PairedAveragePrecision>,
    /// Same threshold, same flagged per day, same false-negative rate, in that order.
    pub matched: Vec<Matched>,
    /// Positives each model alone catches at the same flagged per day: rows of the
    /// evaluation data, surest first (lowest score of the model that misses them).
    pub caught_by_candidate_only: Vec<usize>,
    /// The reverse: positives the baseline alone catches.
    pub caught_by_baseline_only: Vec<usize>,
    /// The candidate's curves on the paired cases.
    pub candidate_curves: ModelCurves,
    /// The baseline's.
    pub baseline_curves: ModelCurves,
    /// The right end of the workload chart, in flagged cases per day.
    pub workload_window: f64,
    /// The comparison within each value of each `data.segments` column
    /// ([`segments::compare_segments`]); empty until filled, and without segments.
    pub segments: Vec<segments::SegmentComparison>,
    /// Whether DeLong's test and the paired ranges are clustered (`data.cluster`),
    /// the column and how many clusters the compared cases fall in.
    pub clusters: Option<(String, usize)>,
}

impl Comparison {
    /// The matched point under `rule`.
    pub fn matched_by(&self, rule: MatchRule) -> Option<&Matched> {
        self.matched.iter().find(|m| m.rule == rule)
    }
}

/// One model's sweep and money on the paired cases.
struct Side {
    sweep: Sweep,
    row_costs: Option<RowCosts>,
}

impl PairedCases {
    /// What each paired row counts for: its count and its weight.
    pub fn row_weights(&self) -> RowWeights<'_> {
        RowWeights {
            weights: self.weights.as_deref(),
            counts: self.counts.as_deref(),
            squares: None,
        }
    }

    /// Frequency counts for DeLong's components and the paired tallies: the rows'
    /// counts, or with weights, count × weight rescaled within each class to Kish's
    /// effective n; `None` when every row is one case of weight 1.
    fn frequencies(&self) -> Option<Vec<f64>> {
        let weights = self.row_weights();
        if weights.is_unit() {
            return None;
        }
        Some(kish_scaled(weights, &self.positive))
    }
}

impl Side {
    fn build(scores: &[f64], context: &Context, paired: &PairedCases) -> Side {
        let weights = paired.row_weights();
        let sweep = Sweep::build(scores, &paired.positive, weights);
        let row_costs = cost_sources(context, paired)
            .map(|sources| RowCosts::build(scores, &paired.positive, weights, &sources));
        Side { sweep, row_costs }
    }

    fn point(
        &self,
        kind: PointKind,
        threshold: f64,
        workload: &Workload,
    ) -> Option<OperatingPoint> {
        operating_point(
            kind,
            threshold,
            &self.sweep,
            workload,
            self.row_costs.as_ref(),
        )
    }
}

/// Compares the candidate with `baseline` on `paired`; `production` is the report's
/// and `examples` the number of disagreements kept of each kind. `None` unless both
/// classes are among the paired cases.
pub fn build_comparison(
    context: &Context,
    baseline: &Baseline,
    scores: &BaselineScores,
    paired: &PairedCases,
    workload: &Workload,
    examples: usize,
) -> Option<Comparison> {
    let frequencies = paired.frequencies();
    let (candidate, base) = rayon::join(
        || Side::build(&paired.candidate, context, paired),
        || Side::build(&paired.baseline, context, paired),
    );
    let current = context.thresholds.current;
    let baseline_threshold = baseline.threshold.unwrap_or(current);

    // The three matched pairs of thresholds.
    let candidate_now = candidate.point(PointKind::Current, current, workload)?;
    let flagged_goal = match context.business.capacity_per_day {
        Some(c) => c,
        None => {
            base.point(PointKind::Current, baseline_threshold, workload)?
                .per_day
                .flagged
                .value
        }
    };
    let at_capacity = |side: &Side| capacity_match(&side.sweep, workload, flagged_goal);
    let (candidate_capacity, baseline_capacity): (CapacityMatch, CapacityMatch) =
        (at_capacity(&candidate), at_capacity(&base));
    let missed_share = candidate_now.counts.false_negative_rate()?;
    let same_misses = Target::at_most(Quantity::FalseNegativeRate, missed_share);
    let baseline_same_misses =
        find_threshold(&base.sweep, workload, base.row_costs.as_ref(), same_misses)
            .unwrap_or_else(|closest| closest.threshold);
    let pairs = [
        (
            MatchRule::Threshold,
            current,
            PointKind::Current,
            current,
            baseline_threshold,
        ),
        (
            MatchRule::FlaggedPerDay,
            flagged_goal,
            PointKind::Capacity(flagged_goal),
            candidate_capacity.threshold,
            baseline_capacity.threshold,
        ),
        (
            MatchRule::FalseNegativeRate,
            missed_share,
            PointKind::Target(same_misses),
            current,
            baseline_same_misses,
        ),
    ];
    let mut matched = Vec::with_capacity(pairs.len());
    for (rule, at, kind, candidate_threshold, baseline_threshold) in pairs {
        matched.push(match_at(
            rule,
            at,
            candidate.point(kind.clone(), candidate_threshold, workload)?,
            base.point(kind, baseline_threshold, workload)?,
            context,
            paired,
            workload,
        )?);
    }
    matched[1].from_capacity = context.business.capacity_per_day.is_some();
    matched[1].candidate_tied_top = candidate_capacity.tied_top_flags;
    matched[1].baseline_tied_top = baseline_capacity.tied_top_flags;

    let (caught_by_candidate_only, caught_by_baseline_only) =
        disagreements(&matched[1], paired, examples);
    let workload_window = matched
        .iter()
        .flat_map(|m| {
            [
                m.candidate.per_day.flagged.value,
                m.baseline.per_day.flagged.value,
            ]
        })
        .chain(context.business.capacity_per_day)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.6;
    let workload_window = workload_window.min(workload.volume_per_day);
    // The operating range: the false-positive rates the matched points span.
    let fprs: Vec<f64> = matched
        .iter()
        .flat_map(|m| [&m.candidate, &m.baseline])
        .filter_map(|p| p.counts.false_positive_rate())
        .filter(|r| r.is_finite())
        .collect();
    let fpr_range = fprs
        .iter()
        .copied()
        .reduce(f64::min)
        .zip(fprs.iter().copied().reduce(f64::max))
        .filter(|(lo, hi)| lo < hi);
    let (roc_auc, average_precision) = rayon::join(
        || {
            compare_aucs_clustered(
                &paired.candidate,
                &paired.baseline,
                &paired.positive,
                frequencies.as_deref(),
                paired.clusters.as_deref(),
            )
        },
        || {
            // Cases, not rows, are resampled, in an order that does not depend on
            // how the file wrote them: the same cases give the same ranges.
            let cases = cases_in_order(paired);
            paired_with_partial_auc(
                &cases.candidate,
                &cases.baseline,
                &cases.positive,
                cases.weights.as_deref(),
                fpr_range,
            )
        },
    );
    Some(Comparison {
        baseline_name: baseline.name.clone(),
        baseline_threshold,
        baseline_threshold_given: baseline.threshold.is_some(),
        overlap: Overlap {
            cases: candidate.sweep.cases,
            positives: candidate.sweep.positives,
            negatives: candidate.sweep.negatives,
            evaluation_only: scores.evaluation_only,
            first_evaluation_only: scores.first_evaluation_only.clone(),
            baseline_only: scores.baseline_only,
            first_baseline_only: scores.first_baseline_only.clone(),
        },
        candidate_metrics: metrics(&candidate.sweep),
        baseline_metrics: metrics(&base.sweep),
        roc_auc,
        candidate_auc_interval: roc_auc.map(|a| auc_interval(a.auc_a, a.variance_a)),
        baseline_auc_interval: roc_auc.map(|a| auc_interval(a.auc_b, a.variance_b)),
        average_precision,
        candidate_curves: model_curves(&candidate.sweep, workload, workload_window),
        baseline_curves: model_curves(&base.sweep, workload, workload_window),
        workload_window,
        matched,
        caught_by_candidate_only,
        caught_by_baseline_only,
        segments: Vec::new(),
        clusters: paired.clusters.as_ref().map(|c| {
            let mut distinct: Vec<u32> = c.clone();
            distinct.sort_unstable();
            distinct.dedup();
            (
                context.data.cluster.clone().unwrap_or_default(),
                distinct.len(),
            )
        }),
    })
}

fn metrics(sweep: &Sweep) -> Metrics {
    Metrics {
        roc_auc: sweep.roc_auc(),
        average_precision: sweep.average_precision(),
    }
}

/// The context's cost columns as sources over the paired cases; `None` when every
/// cost is money per case (or there are none).
fn cost_sources<'a>(context: &Context, paired: &'a PairedCases) -> Option<CostSources<'a>> {
    let columns = &context.business.cost_columns;
    let fixed = context.business.costs?;
    if columns.names().is_empty() {
        return None;
    }
    let source = |column: &Option<String>, money: f64| match column {
        Some(name) => paired
            .costs
            .iter()
            .find(|(c, _)| c == name)
            .map_or(CostSource::Fixed(money), |(_, values)| {
                CostSource::Rows(values)
            }),
        None => CostSource::Fixed(money),
    };
    Some(CostSources {
        false_positive: source(&columns.false_positive, fixed.false_positive),
        false_negative: source(&columns.false_negative, fixed.false_negative),
        true_positive: source(&columns.true_positive, fixed.true_positive),
    })
}

/// Each row's count × weight rescaled within each class so that they sum to Kish's
/// effective n, (Σcw)²/Σcw²: frequency counts that carry as much information as the
/// weighted cases do. Counts alone are frequencies already and come back unchanged
/// (a row of count c is c cases, exactly as if written c times).
fn kish_scaled(weights: RowWeights, positive: &[bool]) -> Vec<f64> {
    let factor = |class: bool| {
        let (sum, sum_sq) = (0..positive.len())
            .filter(|&i| positive[i] == class)
            .fold((0.0, 0.0), |(s, q), i| {
                (s + weights.of(i), q + weights.squared(i))
            });
        if sum > 0.0 { sum / sum_sq } else { 0.0 }
    };
    let (positives, negatives) = (factor(true), factor(false));
    (0..positive.len())
        .map(|i| weights.of(i) * if positive[i] { positives } else { negatives })
        .collect()
}

/// The paired tallies and per-day differences at one pair of thresholds.
fn match_at(
    rule: MatchRule,
    at: f64,
    candidate_point: OperatingPoint,
    baseline_point: OperatingPoint,
    context: &Context,
    paired: &PairedCases,
    workload: &Workload,
) -> Option<Matched> {
    let rates = paired_rates(
        paired,
        (candidate_point.threshold, baseline_point.threshold),
    )?;
    let (positives, negatives) = (rates.positives, rates.negatives);
    let (tpr, fpr) = (rates.tpr, rates.fpr);
    let mut difference = per_day_difference(
        tpr,
        fpr,
        workload.volume_per_day,
        workload.prevalence,
        workload.costs.as_ref(),
    )?;
    if cost_sources(context, paired).is_some() {
        difference.cost = row_cost_difference(
            context,
            paired,
            (candidate_point.threshold, baseline_point.threshold),
            (tpr, fpr),
            workload,
        );
    }
    Some(Matched {
        rule,
        at,
        from_capacity: false,
        candidate: candidate_point,
        baseline: baseline_point,
        difference,
        candidate_tied_top: None,
        baseline_tied_top: None,
        positives,
        negatives,
    })
}

/// The paired rates of both classes at one pair of thresholds.
#[derive(Debug, Clone, Copy)]
struct PairedRates {
    positives: PairedCounts,
    negatives: PairedCounts,
    /// Candidate minus baseline true-positive rate, with its interval.
    tpr: Estimate,
    /// The same for the false-positive rate.
    fpr: Estimate,
    /// Two-sided p-value of equal true-positive rates.
    tpr_p_value: f64,
}

/// Tallies both classes by the two models' flags at (candidate, baseline)
/// thresholds and gives the rate differences with their 95 % intervals: Tango's,
/// or with clusters Obuchowski's (1998) cluster-summed Wald interval.
fn paired_rates(paired: &PairedCases, (tc, tb): (f64, f64)) -> Option<PairedRates> {
    let scaled = paired.frequencies();
    let of_class =
        |class: bool| (0..paired.positive.len()).filter(move |&i| paired.positive[i] == class);
    let rate = |class: bool| -> Option<(PairedCounts, Estimate, f64)> {
        let a: Vec<bool> = of_class(class).map(|i| paired.candidate[i] >= tc).collect();
        let b: Vec<bool> = of_class(class).map(|i| paired.baseline[i] >= tb).collect();
        let w: Option<Vec<f64>> = scaled
            .as_ref()
            .map(|w| of_class(class).map(|i| w[i]).collect());
        let counts = paired_counts(&a, &b, w.as_deref())?;
        match &paired.clusters {
            None => Some((counts, tango_interval(&counts)?, mcnemar_p_value(&counts))),
            Some(codes) => {
                let c: Vec<u32> = of_class(class).map(|i| codes[i]).collect();
                let (estimate, p) = clustered_rate_difference(&a, &b, w.as_deref(), &c)?;
                Some((counts, estimate, p))
            }
        }
    };
    let (positives, tpr, tpr_p_value) = rate(true)?;
    let (negatives, fpr, _) = rate(false)?;
    Some(PairedRates {
        positives,
        negatives,
        tpr,
        fpr,
        tpr_p_value,
    })
}

/// Money per day, candidate minus baseline, when some cost comes from a column:
/// per class, the paired mean difference of each case's money where that class's
/// costs come from the rows, else the money per case times Tango's rate difference.
fn row_cost_difference(
    context: &Context,
    paired: &PairedCases,
    (candidate_threshold, baseline_threshold): (f64, f64),
    (tpr, fpr): (Estimate, Estimate),
    workload: &Workload,
) -> Option<Estimate> {
    let sources = cost_sources(context, paired)?;
    let is_rows = |s: &CostSource| !matches!(s, CostSource::Fixed(_));
    let money = |s: &CostSource, row: usize| match s {
        CostSource::Fixed(v) => *v,
        CostSource::Rows(values) => values[row],
        CostSource::Summary { means, .. } => means[row],
    };
    let cases = |class: bool, flagged: &CostSource, unflagged: Option<&CostSource>| {
        let cases: Vec<PairedCase> = (0..paired.positive.len())
            .filter(|&i| paired.positive[i] == class)
            .map(|i| PairedCase {
                a: paired.candidate[i] >= candidate_threshold,
                b: paired.baseline[i] >= baseline_threshold,
                flagged: money(flagged, i),
                unflagged: unflagged.map_or(0.0, |s| money(s, i)),
                weight: paired.weights.as_ref().map_or(1.0, |w| w[i]),
                count: paired.counts.as_ref().map_or(1.0, |c| c[i]),
            })
            .collect();
        paired_cost_difference(&cases)
    };
    let costs = workload.costs?;
    let per_positive = if is_rows(&sources.true_positive) || is_rows(&sources.false_negative) {
        cases(true, &sources.true_positive, Some(&sources.false_negative))?
    } else {
        tpr.scale(costs.true_positive - costs.false_negative)
    };
    let per_negative = if is_rows(&sources.false_positive) {
        cases(false, &sources.false_positive, None)?
    } else {
        fpr.scale(costs.false_positive)
    };
    Some(linear_combination(
        &[
            (workload.positives_per_day(), per_positive),
            (workload.negatives_per_day(), per_negative),
        ],
        0.0,
    ))
}

/// Positives flagged by one model and not the other at `matched`'s thresholds, up
/// to `limit` of each: those the other model scored lowest first, each case once
/// (a row whose id repeats an earlier row's is passed over).
fn disagreements(
    matched: &Matched,
    paired: &PairedCases,
    limit: usize,
) -> (Vec<usize>, Vec<usize>) {
    let (tc, tb) = (matched.candidate.threshold, matched.baseline.threshold);
    let pick = |alone: &dyn Fn(usize) -> bool, other: &[f64]| {
        let mut found: Vec<usize> = (0..paired.positive.len())
            .filter(|&i| paired.positive[i] && alone(i))
            .filter(|&i| paired.repeated_rows.binary_search(&paired.rows[i]).is_err())
            .collect();
        found.sort_by(|&a, &b| other[a].total_cmp(&other[b]).then(a.cmp(&b)));
        found.truncate(limit);
        found.into_iter().map(|i| paired.rows[i]).collect()
    };
    (
        pick(
            &|i| paired.candidate[i] >= tc && paired.baseline[i] < tb,
            &paired.baseline,
        ),
        pick(
            &|i| paired.baseline[i] >= tb && paired.candidate[i] < tc,
            &paired.candidate,
        ),
    )
}

/// Smallest move between kept curve points, in the chart's unit square.
const STEP: f64 = 0.003;

fn model_curves(sweep: &Sweep, workload: &Workload, window: f64) -> ModelCurves {
    let (positives, negatives) = (workload.positives_per_day(), workload.negatives_per_day());
    let mut workload = Thinned::scaled(STEP, window, positives.max(f64::MIN_POSITIVE));
    workload.push((0.0, 0.0));
    let (roc, precision_recall) = roc_and_precision_recall(sweep, STEP, |tpr, fpr| {
        // The workload curve stops at the first point past the chart's edge.
        if workload.latest().is_some_and(|(x, _)| x <= window) {
            workload.push((positives * tpr + negatives * fpr, positives * tpr));
        }
    });
    ModelCurves {
        workload: workload.finish(),
        roc,
        precision_recall,
    }
}

/// The paired cases one per case (a counted row repeated as many times as it
/// counts), sorted by class, then the two scores, then the weight: what a resample
/// draws from, the same however the file wrote the cases. Counts that are not
/// whole numbers are kept as weights instead.
fn cases_in_order(paired: &PairedCases) -> PairedCases {
    let n = paired.candidate.len();
    let count = |i: usize| paired.counts.as_ref().map_or(1.0, |c| c[i]);
    let whole = (0..n).all(|i| count(i).fract() == 0.0 && count(i) >= 0.0);
    let weight = |i: usize| {
        let w = paired.weights.as_ref().map_or(1.0, |w| w[i]);
        if whole { w } else { w * count(i) }
    };
    let repeats = |i: usize| if whole { count(i) as usize } else { 1 };
    let mut order: Vec<usize> = (0..n)
        .flat_map(|i| std::iter::repeat_n(i, repeats(i)))
        .collect();
    order.sort_by(|&i, &j| {
        (paired.positive[i].cmp(&paired.positive[j]))
            .then(paired.candidate[i].total_cmp(&paired.candidate[j]))
            .then(paired.baseline[i].total_cmp(&paired.baseline[j]))
            .then(weight(i).total_cmp(&weight(j)))
    });
    let weighted = paired.weights.is_some() || !whole;
    PairedCases {
        candidate: order.iter().map(|&i| paired.candidate[i]).collect(),
        baseline: order.iter().map(|&i| paired.baseline[i]).collect(),
        positive: order.iter().map(|&i| paired.positive[i]).collect(),
        weights: weighted.then(|| order.iter().map(|&i| weight(i)).collect()),
        counts: None,
        rows: order.iter().map(|&i| paired.rows[i]).collect(),
        costs: Vec::new(),
        clusters: None,
        repeated_rows: paired.repeated_rows.clone(),
    }
}

pub mod segments;

#[cfg(test)]
mod tests;
