//! The JSON summary with the release review (`--json`) as types: the report's
//! summary ([`ReportSummary`]) plus `comparison` (candidate minus baseline),
//! `gates` and `provenance`. The committed schema `docs/schemas/report.schema.json`
//! covers it (a report without a baseline or gates has `comparison: null` and
//! `gates: []`). Same conventions: undefined values are `null`, never NaN.

use schemars::JsonSchema;
use serde::Serialize;

use super::json::{
    Count, Interval, PerDayIntervals, PerDayJson, PointJson, ReportSummary, finite, interval,
    json_bytes, point, report_summary,
};
use crate::input::context::{Margin, MatchRule};
use crate::input::fingerprint::InputFile;
use crate::model::comparison::segments::{SegmentComparison, SegmentValueComparison};
use crate::model::comparison::{Comparison, Matched};
use crate::model::gates::Verdict;
use crate::model::provenance::{GitState, Provenance};
use crate::model::release::Release;
use crate::model::report::Report;
use crate::stats::ap_bootstrap;
use crate::stats::paired::PairedCounts;

/// `tradeoff report --json`: the report's summary with the release review.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReleaseSummary {
    /// The single-model summary's members.
    #[serde(flatten)]
    pub report: ReportSummary,
    /// The comparison with `baseline:`; `null` without one.
    pub comparison: Option<ComparisonJson>,
    /// One result per gate of `gates:`; empty without gates.
    pub gates: Vec<GateJson>,
    /// What the report was made from.
    pub provenance: ProvenanceJson,
}

/// `comparison`: the candidate against the baseline on the cases both scored.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ComparisonJson {
    /// The candidate model.
    pub candidate: CandidateJson,
    /// The baseline model.
    pub baseline: BaselineJson,
    /// The cases compared.
    pub cases: CasesJson,
    /// DeLong's test of the ROC AUC difference (candidate minus baseline); `null`
    /// when undefined.
    pub roc_auc_difference: Option<AucDifferenceJson>,
    /// Candidate's average precision minus the baseline's.
    pub average_precision_difference: Option<f64>,
    /// The difference's 95 % interval from the paired bootstrap described in
    /// `average_precision_bootstrap`; `null` when undefined.
    pub average_precision_difference_interval: Option<Interval>,
    /// How the average-precision intervals are made.
    pub average_precision_bootstrap: BootstrapJson,
    /// ROC AUC over the operating range only; `null` when the matched points span
    /// no range of false-positive rates.
    pub partial_roc_auc: Option<PartialAucJson>,
    /// The two models at matched operating points.
    pub matched: Vec<MatchedJson>,
    /// The comparison within each value of each `data.segments` column; empty
    /// without segments.
    pub segments: Vec<SegmentComparisonJson>,
    /// With `data.cluster`: how the intervals account for rows of one cluster;
    /// `null` when cases are taken as independent.
    pub clusters: Option<ClustersJson>,
}

/// `comparison.clusters`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClustersJson {
    /// The `data.cluster` column.
    pub column: String,
    /// Distinct clusters among the compared cases.
    pub clusters: usize,
    /// `obuchowski_1997_clustered_delong`: DeLong's structural components summed
    /// within cluster, the variance taken over clusters.
    pub roc_auc_method: String,
    /// `obuchowski_1998_clustered_paired_proportions`: the per-day ranges' rate
    /// differences with the variance summed within cluster (Wald), in place of
    /// Tango's interval.
    pub per_day_method: String,
    /// What is not clustered: the average-precision and partial-AUC bootstrap
    /// still redraws cases.
    pub not_clustered: Vec<String>,
}

/// `comparison.segments[]`: one `data.segments` column, the candidate against the
/// baseline within each value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentComparisonJson {
    /// The column.
    pub column: String,
    /// `holm`: each family of p-values (caught, ROC AUC) is Holm-adjusted across
    /// the values listed (the folded row included).
    pub adjustment: String,
    /// The values with a row of their own, largest share of production volume
    /// first (at most 20, as in the report's segment tables).
    pub values: Vec<SegmentValueJson>,
    /// The smaller values together; `null` when every value has its own row.
    pub other: Option<SegmentOtherJson>,
    /// The values where the candidate is worse beyond chance after Holm's
    /// adjustment (in caught per day or in ROC AUC).
    pub worse: Vec<String>,
}

/// The folded row of `comparison.segments[]`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentOtherJson {
    /// How many values it stands for.
    pub values: usize,
    /// The comparison on their cases together (`value` is empty).
    pub comparison: SegmentValueJson,
}

/// One segment value compared.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SegmentValueJson {
    /// The value.
    pub value: String,
    /// Cases of the value both models scored.
    pub cases: Count,
    /// Positives among them.
    pub positives: Count,
    /// Candidate minus baseline positives caught per day at the matched capacity
    /// point (each model at its threshold there), at the value's share of
    /// production; the values' differences add up to the overall one.
    pub caught_per_day: Option<f64>,
    /// Its paired 95 % interval (as the overall comparison's: Tango + MOVER, or
    /// clustered).
    pub caught_per_day_interval: Option<Interval>,
    /// The same for false alarms per day.
    pub false_alarms_per_day: Option<f64>,
    /// Its paired 95 % interval.
    pub false_alarms_per_day_interval: Option<Interval>,
    /// Two-sided p-value of equal true-positive rates (McNemar's score test
    /// without continuity correction; with clusters, Obuchowski's).
    pub caught_p_value: Option<f64>,
    /// `caught_p_value` Holm-adjusted across the column's values.
    pub caught_p_holm: Option<f64>,
    /// The candidate's ROC AUC on the value's cases.
    pub candidate_roc_auc: Option<f64>,
    /// The baseline's.
    pub baseline_roc_auc: Option<f64>,
    /// DeLong's paired test of the difference; `null` with fewer than two cases
    /// of a class.
    pub roc_auc_difference: Option<AucDifferenceJson>,
    /// DeLong's p-value Holm-adjusted across the column's values.
    pub roc_auc_p_holm: Option<f64>,
    /// The candidate is worse here beyond chance after Holm (caught per day or
    /// ROC AUC below the baseline's, adjusted p < 0.05).
    pub worse: bool,
}

/// `comparison.candidate`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CandidateJson {
    /// The context's `model`.
    pub name: Option<String>,
    /// On the compared cases.
    pub roc_auc: Option<f64>,
    /// DeLong's 95 % interval of `roc_auc`, clipped to [0, 1] (pROC's
    /// `ci.auc(method = "delong")`); `null` when undefined.
    pub roc_auc_interval: Option<Interval>,
    /// On the compared cases.
    pub average_precision: Option<f64>,
    /// The paired bootstrap's 95 % percentile interval of `average_precision`
    /// (see `average_precision_bootstrap`); `null` when undefined.
    pub average_precision_interval: Option<Interval>,
}

/// `comparison.partial_roc_auc`: the area under each ROC curve between two
/// false-positive rates, not standardised (pROC's `auc(partial.auc = c(1 − to,
/// 1 − from), partial.auc.focus = "specificity", partial.auc.correct = FALSE)`), at
/// most `to − from`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PartialAucJson {
    /// `[from, to]`: the lowest and highest false-positive rate of the two models
    /// at the matched operating points.
    pub fpr_range: [f64; 2],
    /// Whether the areas are standardised (McClish 1989); always `false`.
    pub standardised: bool,
    /// The candidate's partial AUC with its paired-bootstrap 95 % interval.
    pub candidate: EstimateJson,
    /// The baseline's.
    pub baseline: EstimateJson,
    /// Candidate minus baseline with its interval and the two-sided p-value of
    /// pROC's bootstrap test (difference / SD of the replicates' differences), from
    /// the bootstrap described in `average_precision_bootstrap`, same replicates.
    pub difference: EstimateJson,
}

/// A number with its 95 % interval and, for differences, a p-value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EstimateJson {
    /// The estimate.
    pub estimate: Option<f64>,
    /// Its 95 % interval.
    pub interval: Interval,
    /// Two-sided p-value of no difference; `null` for a single model's value.
    pub p_value: Option<f64>,
}

/// `comparison.average_precision_bootstrap`: the paired bootstrap behind the
/// average-precision intervals.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BootstrapJson {
    /// `stratified_paired_cases`: each replicate redraws, with replacement and
    /// within each class, as many cases as the class holds; both models are scored
    /// on the same draw.
    pub method: String,
    /// Replicates drawn.
    pub replicates: usize,
    /// Seed of the PCG64 generator (fixed: same inputs, same intervals).
    pub seed: u64,
    /// `percentile`: the 2.5th and 97.5th percentiles of the replicates (type 7).
    pub interval: String,
}

/// `comparison.baseline`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BaselineJson {
    /// `baseline.name`.
    pub name: String,
    /// The threshold the baseline runs at.
    pub threshold: Option<f64>,
    /// `context` when `baseline.threshold` is given, else `current`.
    pub threshold_source: ThresholdSource,
    /// On the compared cases.
    pub roc_auc: Option<f64>,
    /// DeLong's 95 % interval of `roc_auc`, clipped to [0, 1] (pROC's
    /// `ci.auc(method = "delong")`); `null` when undefined.
    pub roc_auc_interval: Option<Interval>,
    /// On the compared cases.
    pub average_precision: Option<f64>,
    /// The paired bootstrap's 95 % percentile interval of `average_precision`
    /// (see `average_precision_bootstrap`); `null` when undefined.
    pub average_precision_interval: Option<Interval>,
}

/// Where the baseline's threshold came from.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdSource {
    /// `baseline.threshold`.
    Context,
    /// The candidate's current threshold.
    Current,
}

/// `comparison.cases`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CasesJson {
    /// Cases both models scored (rows with non-zero weight, each counted as the
    /// cases it stands for under `data.count`).
    pub rows: Count,
    /// Positive cases among them.
    pub positives: Count,
    /// Negative cases among them.
    pub negatives: Count,
    /// Rows only the evaluation scored.
    pub evaluation_only: usize,
    /// The first of their ids.
    pub first_evaluation_only: Vec<String>,
    /// Rows only the baseline scored.
    pub baseline_only: usize,
    /// The first of their ids.
    pub first_baseline_only: Vec<String>,
}

/// `comparison.roc_auc_difference`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AucDifferenceJson {
    /// Candidate minus baseline.
    pub estimate: Option<f64>,
    /// DeLong's 95 % interval (not clamped to [−1, 1]).
    pub interval: Interval,
    /// Two-sided p-value of no difference.
    pub p_value: Option<f64>,
    /// DeLong's standard error of the difference.
    pub standard_error: Option<f64>,
}

/// The two models at one matched point.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MatchedJson {
    /// The matching rule: `threshold`, `flagged_per_day` …
    pub by: String,
    /// The value matched (a threshold, or flags per day).
    pub at: Option<f64>,
    /// For `flagged_per_day`: `capacity` or `baseline`, else `null`.
    pub at_source: Option<String>,
    /// The candidate's threshold there.
    pub candidate_threshold: Option<f64>,
    /// The baseline's threshold there.
    pub baseline_threshold: Option<f64>,
    /// The candidate's operating point.
    pub candidate: PointJson,
    /// The baseline's operating point.
    pub baseline: PointJson,
    /// Candidate minus baseline, per day.
    pub per_day_difference: PerDayJson,
    /// Paired 95 % intervals of the differences (Tango + MOVER).
    pub per_day_difference_interval: PerDayIntervals,
    /// Which cases each flags.
    pub paired_counts: PairedCountsJson,
    /// For `flagged_per_day`: each model's flags per day at its highest score when
    /// more cases tie there than the match allows (the match is then unreachable
    /// and each model is read at its nearest reachable point); `null` otherwise.
    pub tied_top_flagged: Option<TiedTopJson>,
}

/// Flags per day at each model's highest score, when ties make a match unreachable.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TiedTopJson {
    /// The candidate's; `null` when its match is reachable.
    pub candidate: Option<f64>,
    /// The baseline's; `null` when its match is reachable.
    pub baseline: Option<f64>,
}

/// `paired_counts`: positives and negatives by which model flags them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PairedCountsJson {
    /// Among positives.
    pub positives: SplitJson,
    /// Among negatives.
    pub negatives: SplitJson,
}

/// Cases by which of the two models flags them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SplitJson {
    /// Flagged by both.
    pub both: Count,
    /// Flagged by the candidate only.
    pub candidate_only: Count,
    /// Flagged by the baseline only.
    pub baseline_only: Count,
    /// Flagged by neither.
    pub neither: Count,
}

/// One gate's result.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GateJson {
    /// The gate's key (`no_worse_than_baseline.ITEM` for comparisons).
    pub name: String,
    /// The value checked; `null` when undefined.
    pub value: Option<f64>,
    /// The limit it is held to.
    pub limit: f64,
    /// Whether it lets `--check` through: `verdict` is `passed`, or `inconclusive`
    /// under `gates.on_inconclusive: pass`.
    pub passed: bool,
    /// `passed`, `failed`, or for a `no_worse_than_baseline` item with a margin
    /// `inconclusive`: the paired range straddles −margin (too few cases to tell).
    /// Without a margin such an item fails only when the whole range is on the worse
    /// side of 0: it passes on no evidence that the candidate is worse.
    pub verdict: GateVerdict,
    /// For a comparison with a margin: the margin in the quantity's unit (a
    /// relative one resolved against the baseline's value); else `null`.
    pub margin: Option<f64>,
    /// For a relative margin: the share of the baseline's value it was given as
    /// (0.1 for `10%`); else `null`.
    pub margin_share: Option<f64>,
    /// For comparisons: the smallest difference the comparison could have detected
    /// with 80 % power at a two-sided 5 % level, (z₀.₉₇₅ + z₀.₈₀) × the standard
    /// error read from the 95 % interval's width; `null` for limits.
    pub detectable_difference: Option<f64>,
    /// The value's 95 % interval, for comparisons.
    pub interval: Option<Interval>,
}

/// `gates[].verdict`.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GateVerdict {
    /// The gate is met.
    Passed,
    /// The gate is not met.
    Failed,
    /// The comparison cannot tell whether the margin is met.
    Inconclusive,
}

/// `provenance`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProvenanceJson {
    /// The tool that made the report.
    pub tool: ToolJson,
    /// The context's `model`.
    pub model: Option<String>,
    /// `baseline.name`.
    pub baseline: Option<String>,
    /// Every input with its size and checksum.
    pub inputs: Vec<InputJson>,
    /// The context file's git state; `null` outside a git work tree.
    pub context_git: Option<GitJson>,
}

/// `provenance.tool`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ToolJson {
    /// Always `tradeoff`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// One input file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InputJson {
    /// What the file is (`Evaluation data` …).
    pub role: String,
    /// The path as given.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

/// The context file's git state.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GitJson {
    /// The last commit that changed the file; `null` when never committed.
    pub commit: Option<String>,
    /// Whether the file differs from that commit (always true when untracked).
    pub uncommitted_changes: bool,
}

/// The summary with the release review as pretty-printed JSON bytes, ending in a
/// newline.
pub fn release_summary_json(report: &Report, release: &Release) -> Vec<u8> {
    json_bytes(&release_summary(report, release))
}

/// The summary with the release review.
pub fn release_summary(report: &Report, release: &Release) -> ReleaseSummary {
    ReleaseSummary {
        report: report_summary(report),
        comparison: release.comparison.as_ref().map(|c| comparison(report, c)),
        gates: (release.gates.iter())
            .map(|g| GateJson {
                name: g.gate.name(),
                value: g.value.and_then(finite),
                limit: g.limit,
                passed: g.passed,
                verdict: match g.verdict {
                    Verdict::Passed => GateVerdict::Passed,
                    Verdict::Failed => GateVerdict::Failed,
                    Verdict::Inconclusive => GateVerdict::Inconclusive,
                },
                margin: g.margin.and_then(finite),
                margin_share: match g.margin_given {
                    Some(Margin::Relative(share)) => Some(share),
                    Some(Margin::Absolute(_)) | None => None,
                },
                detectable_difference: g.detectable.and_then(finite),
                interval: g.interval.map(|e| interval(&e)),
            })
            .collect(),
        provenance: provenance(&release.provenance),
    }
}

fn comparison(report: &Report, c: &Comparison) -> ComparisonJson {
    let o = &c.overlap;
    ComparisonJson {
        candidate: CandidateJson {
            name: report.model.clone(),
            roc_auc: c.candidate_metrics.roc_auc.and_then(finite),
            roc_auc_interval: c.candidate_auc_interval.map(|e| interval(&e)),
            average_precision: c.candidate_metrics.average_precision.and_then(finite),
            average_precision_interval: c.average_precision.map(|a| interval(&a.a)),
        },
        baseline: BaselineJson {
            name: c.baseline_name.clone(),
            threshold: finite(c.baseline_threshold),
            threshold_source: if c.baseline_threshold_given {
                ThresholdSource::Context
            } else {
                ThresholdSource::Current
            },
            roc_auc: c.baseline_metrics.roc_auc.and_then(finite),
            roc_auc_interval: c.baseline_auc_interval.map(|e| interval(&e)),
            average_precision: c.baseline_metrics.average_precision.and_then(finite),
            average_precision_interval: c.average_precision.map(|a| interval(&a.b)),
        },
        cases: CasesJson {
            rows: Count(o.cases),
            positives: Count(o.positives),
            negatives: Count(o.negatives),
            evaluation_only: o.evaluation_only,
            first_evaluation_only: o.first_evaluation_only.clone(),
            baseline_only: o.baseline_only,
            first_baseline_only: o.first_baseline_only.clone(),
        },
        roc_auc_difference: c.roc_auc.map(auc_difference),
        average_precision_difference: (c.candidate_metrics.average_precision)
            .zip(c.baseline_metrics.average_precision)
            .and_then(|(a, b)| finite(a - b)),
        average_precision_difference_interval: c.average_precision.map(|a| interval(&a.difference)),
        average_precision_bootstrap: BootstrapJson {
            method: "stratified_paired_cases".to_owned(),
            replicates: ap_bootstrap::REPLICATES,
            seed: ap_bootstrap::SEED,
            interval: "percentile".to_owned(),
        },
        partial_roc_auc: c.average_precision.and_then(|a| a.partial_auc).map(|p| {
            let e = |e: &crate::stats::interval::Estimate, p_value: Option<f64>| EstimateJson {
                estimate: finite(e.value),
                interval: interval(e),
                p_value: p_value.and_then(finite),
            };
            PartialAucJson {
                fpr_range: [p.fpr_range.0, p.fpr_range.1],
                standardised: false,
                candidate: e(&p.a, None),
                baseline: e(&p.b, None),
                difference: e(&p.difference, p.p_value),
            }
        }),
        matched: c.matched.iter().map(matched).collect(),
        segments: c.segments.iter().map(segment).collect(),
        clusters: c.clusters.as_ref().map(|(column, clusters)| ClustersJson {
            column: column.clone(),
            clusters: *clusters,
            roc_auc_method: "obuchowski_1997_clustered_delong".to_owned(),
            per_day_method: "obuchowski_1998_clustered_paired_proportions".to_owned(),
            not_clustered: vec![
                "average_precision_bootstrap".to_owned(),
                "partial_roc_auc".to_owned(),
            ],
        }),
    }
}

fn segment(s: &SegmentComparison) -> SegmentComparisonJson {
    let value = |v: &SegmentValueComparison| SegmentValueJson {
        value: v.name.clone(),
        cases: Count(v.cases),
        positives: Count(v.positives),
        caught_per_day: v.caught.and_then(|e| finite(e.value)),
        caught_per_day_interval: v.caught.map(|e| interval(&e)),
        false_alarms_per_day: v.false_alarms.and_then(|e| finite(e.value)),
        false_alarms_per_day_interval: v.false_alarms.map(|e| interval(&e)),
        caught_p_value: v.caught_p_value.and_then(finite),
        caught_p_holm: v.caught_p_holm.and_then(finite),
        candidate_roc_auc: v.roc_auc.and_then(|a| finite(a.auc_a)),
        baseline_roc_auc: v.roc_auc.and_then(|a| finite(a.auc_b)),
        roc_auc_difference: v.roc_auc.map(auc_difference),
        roc_auc_p_holm: v.roc_auc_p_holm.and_then(finite),
        worse: v.worse(),
    };
    SegmentComparisonJson {
        column: s.column.clone(),
        adjustment: "holm".to_owned(),
        values: s.values.iter().map(value).collect(),
        other: s.other.as_ref().map(|(n, v)| SegmentOtherJson {
            values: *n,
            comparison: value(v),
        }),
        worse: s
            .values
            .iter()
            .filter(|v| v.worse())
            .map(|v| v.name.clone())
            .collect(),
    }
}

fn auc_difference(a: crate::stats::delong::AucComparison) -> AucDifferenceJson {
    AucDifferenceJson {
        estimate: finite(a.difference),
        interval: [finite(a.interval95.0), finite(a.interval95.1)],
        p_value: a.p_value.and_then(finite),
        standard_error: finite(a.standard_error),
    }
}

fn matched(m: &Matched) -> MatchedJson {
    let d = &m.difference;
    let split = |p: &PairedCounts| SplitJson {
        both: Count(p.both),
        candidate_only: Count(p.a_only),
        baseline_only: Count(p.b_only),
        neither: Count(p.neither),
    };
    let at_source = match m.rule {
        MatchRule::FlaggedPerDay if m.from_capacity => Some("capacity"),
        MatchRule::FlaggedPerDay => Some("baseline"),
        MatchRule::Threshold | MatchRule::FalseNegativeRate => None,
    };
    MatchedJson {
        by: m.rule.key().to_owned(),
        at: finite(m.at),
        at_source: at_source.map(str::to_owned),
        candidate_threshold: finite(m.candidate.threshold),
        baseline_threshold: finite(m.baseline.threshold),
        candidate: point(&m.candidate),
        baseline: point(&m.baseline),
        per_day_difference: PerDayJson {
            flagged: finite(d.flagged.value),
            caught: finite(d.caught.value),
            missed: finite(d.missed.value),
            false_alarms: finite(d.false_alarms.value),
            cost: d.cost.map(|e| e.value).and_then(finite),
        },
        per_day_difference_interval: PerDayIntervals {
            flagged: interval(&d.flagged),
            caught: interval(&d.caught),
            missed: interval(&d.missed),
            false_alarms: interval(&d.false_alarms),
            cost: d.cost.map(|e| interval(&e)),
        },
        paired_counts: PairedCountsJson {
            positives: split(&m.positives),
            negatives: split(&m.negatives),
        },
        tied_top_flagged: match m.rule {
            MatchRule::FlaggedPerDay => Some(TiedTopJson {
                candidate: m.candidate_tied_top.and_then(finite),
                baseline: m.baseline_tied_top.and_then(finite),
            }),
            MatchRule::Threshold | MatchRule::FalseNegativeRate => None,
        },
    }
}

fn provenance(p: &Provenance) -> ProvenanceJson {
    let file = |f: &InputFile| InputJson {
        role: f.role.clone(),
        path: f.path.clone(),
        bytes: f.bytes,
        sha256: f.sha256.clone(),
    };
    ProvenanceJson {
        tool: ToolJson {
            name: "tradeoff".to_owned(),
            version: p.tool_version.clone(),
        },
        model: p.model.clone(),
        baseline: p.baseline.clone(),
        inputs: p.inputs.iter().map(file).collect(),
        context_git: p.context_git.as_ref().map(|g| match g {
            GitState::Committed { commit, modified } => GitJson {
                commit: Some(commit.clone()),
                uncommitted_changes: *modified,
            },
            GitState::Untracked => GitJson {
                commit: None,
                uncommitted_changes: true,
            },
        }),
    }
}
