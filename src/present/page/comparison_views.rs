//! The release review on the page: the comparison with the baseline (headline,
//! metrics, the matched operating points, the cases the models disagree on, two
//! charts), the gates, and the provenance facts of the appendix. All wording goes
//! through `crate::present::comparison` and `format`.

use super::example_views::text_cell;
use super::{Cell, ChartView, Fact, LegendItem, TextCell};
use crate::input::context::MatchRule;
use crate::model::comparison::{Comparison, Matched, ModelCurves};
use crate::model::provenance::{GitState, Provenance};
use crate::model::release::{PairedExample, Release};
use crate::model::report::{OperatingPoint, Report};
use crate::present::charts::{self, CurvePoint, ModelSeries, css};
use crate::present::comparison::signed_with_range;
use crate::present::comparison::{
    auc_difference, auc_with_range, candidate_name, comparison_headline, difference_with_range,
    gate_description, gate_limit, gate_value, gates_summary, matched_difference, matched_label,
    p_value, quantity_value,
};
use crate::present::format::{count, plural, threshold};
use crate::present::sentences::capitalise;
use crate::stats::interval::Estimate;
use crate::stats::quantity::Quantity;

/// The `#comparison` section.
pub(crate) struct ComparisonView {
    pub(crate) title: String,
    pub(crate) rests_on: String,
    pub(crate) headline: Vec<String>,
    pub(crate) candidate: String,
    pub(crate) baseline: String,
    pub(crate) metrics: Vec<MetricRow>,
    pub(crate) matched: Vec<MatchedRow>,
    /// The per-day quantities the matched table shows, as column headings.
    pub(crate) quantities: Vec<String>,
    pub(crate) disagreement_note: String,
    pub(crate) columns: Vec<String>,
    pub(crate) groups: Vec<PairedGroup>,
    pub(crate) charts: Vec<ChartView>,
    pub(crate) method: Vec<String>,
    /// The comparison within each segment column's values; empty without segments.
    pub(crate) segments: Vec<SegmentTable>,
    /// What the segment tables show and how they are adjusted.
    pub(crate) segments_note: String,
    /// The positives' name, as the segment tables' column heading.
    pub(crate) positives_heading: String,
}

/// One `data.segments` column compared: a row per value shown.
pub(crate) struct SegmentTable {
    pub(crate) column: String,
    /// "Worse beyond chance (after Holm): …", or none.
    pub(crate) callout: Option<String>,
    pub(crate) rows: Vec<SegmentRowView>,
}

pub(crate) struct SegmentRowView {
    pub(crate) name: String,
    pub(crate) cases: String,
    pub(crate) positives: String,
    pub(crate) caught: String,
    pub(crate) caught_p: String,
    pub(crate) auc: String,
    pub(crate) auc_p: String,
    pub(crate) worse: bool,
}

/// ROC AUC or average precision of both models.
pub(crate) struct MetricRow {
    pub(crate) name: String,
    pub(crate) candidate: String,
    pub(crate) baseline: String,
    pub(crate) difference: String,
    pub(crate) p_value: String,
}

/// One matched operating point: each cell is the difference (candidate minus
/// baseline) with its range and, below, the two values.
pub(crate) struct MatchedRow {
    pub(crate) by: &'static str,
    pub(crate) label: String,
    pub(crate) thresholds: String,
    pub(crate) cells: Vec<Cell>,
}

/// Positives one model alone catches.
pub(crate) struct PairedGroup {
    pub(crate) id: &'static str,
    pub(crate) title: String,
    pub(crate) rows: Vec<PairedRow>,
}

pub(crate) struct PairedRow {
    pub(crate) id: String,
    pub(crate) candidate_score: String,
    pub(crate) baseline_score: String,
    pub(crate) cells: Vec<TextCell>,
}

/// The `#gates` section.
pub(crate) struct GatesView {
    /// The verdict's first words: "Passed: all 6 gates pass." or "Not passed: 2
    /// of 7 gates fail: …".
    pub(crate) verdict: String,
    /// Each failing gate with its deciding numbers.
    pub(crate) failing: Vec<String>,
    pub(crate) summary: String,
    pub(crate) all_passed: bool,
    pub(crate) rows: Vec<GateRow>,
    /// What reading several gates together means, and what is adjusted.
    pub(crate) multiplicity: String,
}

pub(crate) struct GateRow {
    pub(crate) name: String,
    /// The name cut after each `.` and `_`, where a narrow screen may wrap it.
    pub(crate) name_parts: Vec<String>,
    pub(crate) description: String,
    pub(crate) value: String,
    pub(crate) limit: String,
    pub(crate) passed: bool,
    /// `passed`, `failed` or `inconclusive`.
    pub(crate) verdict: &'static str,
}

/// The gates, or `None` when the context sets none.
pub(super) fn gates_view(release: &Release, report: &Report) -> Option<GatesView> {
    if release.gates.is_empty() {
        return None;
    }
    let failing = (release.gates.iter())
        .filter(|g| !g.passed)
        .map(|g| failing_gate(g, report))
        .collect();
    let summary = gates_summary(&release.gates);
    Some(GatesView {
        verdict: if release.any_gate_failed() {
            format!("Not passed: {}", lower_first(&summary))
        } else {
            format!("Passed: {}", lower_first(&summary))
        },
        failing,
        summary,
        all_passed: !release.any_gate_failed(),
        multiplicity: crate::present::comparison::MULTIPLICITY.to_owned(),
        rows: release
            .gates
            .iter()
            .map(|g| GateRow {
                name_parts: wrap_points(&g.gate.name()),
                name: g.gate.name(),
                description: capitalise(&gate_description(g, report)),
                value: gate_value(g, report),
                limit: gate_limit(g, report),
                passed: g.passed,
                verdict: g.verdict.key(),
            })
            .collect(),
    })
}

/// `name` cut after each `.` and `_` (the pieces keep them): the page puts a
/// line-break opportunity between pieces, so a long gate name wraps at its
/// separators on a narrow screen, never inside a word.
fn wrap_points(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut piece = String::new();
    for ch in name.chars() {
        piece.push(ch);
        if ch == '.' || ch == '_' {
            parts.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        parts.push(piece);
    }
    parts
}

/// The comparison by segment, as tables.
fn segment_tables(c: &Comparison, report: &Report) -> Vec<SegmentTable> {
    use crate::model::comparison::segments::SegmentValueComparison;
    let row = |v: &SegmentValueComparison, name: String| SegmentRowView {
        name,
        cases: count(v.cases),
        positives: count(v.positives),
        caught: v
            .caught
            .map_or_else(|| "–".to_owned(), |e| signed_with_range(e.value, &e, None)),
        caught_p: v.caught_p_holm.map_or_else(|| "–".to_owned(), p_value),
        auc: v.roc_auc.map_or_else(
            || "–".to_owned(),
            |a| {
                difference_with_range(Estimate {
                    value: a.difference,
                    low: a.interval95.0,
                    high: a.interval95.1,
                })
            },
        ),
        auc_p: v.roc_auc_p_holm.map_or_else(|| "–".to_owned(), p_value),
        worse: v.worse(),
    };
    let _ = report;
    c.segments
        .iter()
        .map(|s| {
            let worse: Vec<&str> = s
                .values
                .iter()
                .filter(|v| v.worse())
                .map(|v| v.name.as_str())
                .collect();
            let mut rows: Vec<SegmentRowView> =
                s.values.iter().map(|v| row(v, v.name.clone())).collect();
            if let Some((n, v)) = &s.other {
                rows.push(row(v, format!("{} other values", count(*n as f64))));
            }
            SegmentTable {
                column: s.column.clone(),
                callout: (!worse.is_empty()).then(|| {
                    format!(
                        "Worse beyond chance (after Holm's adjustment) for {} = {}.",
                        s.column,
                        worse.join(", ")
                    )
                }),
                rows,
            }
        })
        .collect()
}

/// A failing gate with the numbers that decide it: "`name`: description — value
/// against a limit of limit".
pub(crate) fn failing_gate(g: &crate::model::gates::GateResult, report: &Report) -> String {
    format!(
        "{}: {}, {} against a limit of {}.",
        g.gate.name(),
        gate_description(g, report),
        gate_value(g, report),
        gate_limit(g, report)
    )
}

/// The provenance facts and the context file's git state in words.
pub(super) fn provenance_facts(provenance: &Provenance) -> (Vec<Fact>, String) {
    let fact = |term: &str, detail: String| Fact {
        term: term.to_owned(),
        detail,
    };
    let mut facts = Vec::new();
    if let Some(model) = &provenance.model {
        facts.push(fact("Model", model.clone()));
    }
    if let Some(baseline) = &provenance.baseline {
        facts.push(fact("Baseline", baseline.clone()));
    }
    facts.push(fact(
        "Tool",
        format!("tradeoff {}", provenance.tool_version),
    ));
    let git = match &provenance.context_git {
        None => "not in a git work tree".to_owned(),
        Some(GitState::Untracked) => "in a git work tree, never committed".to_owned(),
        Some(GitState::Committed { commit, modified }) => format!(
            "last changed in commit {commit}{}",
            if *modified {
                ", with uncommitted changes since"
            } else {
                ""
            }
        ),
    };
    (facts, git)
}

/// The comparison section, or `None` without a baseline.
pub(super) fn comparison_view(
    release: &Release,
    report: &Report,
    show: &[String],
) -> Result<Option<ComparisonView>, charts::ChartError> {
    let Some(c) = &release.comparison else {
        return Ok(None);
    };
    let b = &report.business;
    let (new, old) = (candidate_name(report), c.baseline_name.clone());
    let o = &c.overlap;
    let mut rests_on = format!(
        "Both models scored the same {} evaluation cases ({} {}, {} {}); every difference is {new} minus {old}, with a 95% range for paired cases.",
        count(o.cases),
        count(o.positives),
        plural(&b.positive, o.positives),
        count(o.negatives),
        plural(&b.negative, o.negatives),
    );
    if o.evaluation_only > 0 {
        rests_on.push_str(&format!(
            " {} evaluation {} without a baseline score {} left out here.",
            count(o.evaluation_only as f64),
            if o.evaluation_only == 1 {
                "case"
            } else {
                "cases"
            },
            if o.evaluation_only == 1 { "is" } else { "are" },
        ));
    }
    let has_cost = b.costs.is_some();
    let quantities: Vec<Quantity> = Quantity::COMPARED
        .into_iter()
        .filter(|q| has_cost || *q != Quantity::Cost)
        .collect();
    let matched = c
        .matched
        .iter()
        .map(|m| MatchedRow {
            by: m.rule.key(),
            label: capitalise(&matched_label(m, c)),
            thresholds: format!(
                "{} / {}",
                threshold(m.candidate.threshold),
                threshold(m.baseline.threshold)
            ),
            cells: quantities
                .iter()
                .map(|&q| Cell {
                    value: matched_difference(m, q, report).unwrap_or_default(),
                    range: String::new(),
                    delta: format!(
                        "{} vs {}",
                        quantity_value(&m.candidate, q, report).unwrap_or_default(),
                        quantity_value(&m.baseline, q, report).unwrap_or_default()
                    ),
                })
                .collect(),
        })
        .collect();
    let (disagreement_note, groups) = disagreement_groups(release, c, report);
    let mut view = ComparisonView {
        title: format!("{} against {old}", if report.model.is_some() { new.clone() } else { capitalise(&new) }),
        rests_on,
        headline: comparison_headline(report, c),
        candidate: new.clone(),
        baseline: old.clone(),
        metrics: metric_rows(c),
        matched,
        quantities: quantities
            .iter()
            .map(|q| capitalise(crate::present::comparison::quantity_label(*q)))
            .collect(),
        disagreement_note,
        columns: show.to_vec(),
        groups,
        charts: comparison_charts(c, report, &new, &old)?,
        segments: segment_tables(c, report),
        positives_heading: capitalise(&plural(&b.positive, 2.0)),
        segments_note: format!(
            "Within each value: the difference in {} caught a day at {} (each model at the threshold the overall match chose; the value's share of production), and in ROC AUC (DeLong), each with its 95% range. The p-values are Holm-adjusted across the values of the column, caught and ROC AUC each on their own; a value is called out as worse when its difference is below 0 and its adjusted p-value below 0.05. Up to {} values a column, the rest together.",
            plural(&b.positive, 2.0),
            c.matched_by(MatchRule::FlaggedPerDay).map_or_else(String::new, |m| matched_label(m, c)),
            crate::model::report::SEGMENT_ROWS
        ),
        method: vec![
            format!("Differences in rates rest on the cases the two models treat differently: Tango's score interval for paired proportions (1998) for the share of {} caught and of {} flagged, combined into per-day counts (MOVER, Zou & Donner 2008).", plural(&b.positive, 2.0), plural(&b.negative, 2.0)),
            "Where a cost comes from a column, the money difference is the mean of each case's difference with a t interval on the cases the models disagree on.".to_owned(),
            "ROC AUC: DeLong, DeLong & Clarke-Pearson's test for correlated ROC curves (1988), computed as Sun & Xu (2014); the range is the difference ± 1.96 standard errors and the p-value two-sided. Each model's own range is its AUC ± 1.96 DeLong standard errors, kept within 0 to 1.".to_owned(),
            format!("Average precision: each model's range and the difference's come from a paired bootstrap over cases ({} replicates from a fixed seed, {}): each replicate redraws the {} and the {} separately, with replacement, scores both models on the same draw, and the range is the 2.5th to 97.5th percentile of the replicates. The partial ROC AUC is the area under each curve between the lowest and highest false-positive rate of the matched points (not standardised, at most the range's width), with ranges from the same replicates and p-value from the bootstrap test (the difference over the replicates' standard deviation), as pROC's roc.test does.", count(crate::stats::ap_bootstrap::REPLICATES as f64), crate::stats::ap_bootstrap::SEED, plural(&b.positive, 2.0), plural(&b.negative, 2.0)),
            crate::present::comparison::MULTIPLICITY.to_owned(),
            "Matched points: at the threshold each runs at, the new model is at the current threshold and the baseline at its own (baseline.threshold, else the current one); the same flagged per day is the capacity (else the baseline's flags at its own threshold), each model at its lowest threshold flagging at most that; the same false-negative rate is the new model's at the current threshold, the baseline at its highest threshold missing no more.".to_owned(),
        ],
    };
    if let Some((column, clusters)) = &c.clusters {
        view.rests_on.push_str(&format!(
            " Rows sharing a value of {column} ({} clusters) are taken as correlated: the ROC AUC ranges and the per-day ranges are clustered.",
            count(*clusters as f64)
        ));
        view.method.insert(0, format!("Clusters ({column}): DeLong's structural components are summed within each cluster and the variance taken over clusters (Obuchowski 1997, clustered ROC data); the rate differences behind the per-day ranges use the cluster-summed variance for paired proportions (Obuchowski 1998, a Wald range) in place of Tango's. The average-precision and partial-AUC bootstrap still redraws cases, not clusters, so their ranges may be too narrow."));
    }
    Ok(Some(view))
}

fn metric_rows(c: &Comparison) -> Vec<MetricRow> {
    let mut rows = Vec::new();
    if let (Some(a), Some(x), Some(y)) = (
        c.roc_auc,
        c.candidate_metrics.roc_auc,
        c.baseline_metrics.roc_auc,
    ) {
        rows.push(MetricRow {
            name: "ROC AUC".into(),
            candidate: auc_with_range(x, c.candidate_auc_interval),
            baseline: auc_with_range(y, c.baseline_auc_interval),
            difference: format!(
                "{} ({} to {})",
                auc_difference(a.difference),
                auc_difference(a.interval95.0),
                auc_difference(a.interval95.1)
            ),
            p_value: a.p_value.map_or_else(|| "–".to_owned(), p_value),
        });
    }
    if let (Some(x), Some(y)) = (
        c.candidate_metrics.average_precision,
        c.baseline_metrics.average_precision,
    ) {
        rows.push(MetricRow {
            name: "Average precision".into(),
            candidate: auc_with_range(x, c.average_precision.map(|a| a.a)),
            baseline: auc_with_range(y, c.average_precision.map(|a| a.b)),
            difference: c.average_precision.map_or_else(
                || auc_difference(x - y),
                |a| difference_with_range(a.difference),
            ),
            p_value: "–".into(),
        });
    }
    if let Some(p) = c.average_precision.and_then(|a| a.partial_auc) {
        rows.push(MetricRow {
            name: format!(
                "Partial ROC AUC, false-positive rate {}–{}",
                crate::present::format::percent(p.fpr_range.0),
                crate::present::format::percent(p.fpr_range.1)
            ),
            candidate: auc_with_range(p.a.value, Some(p.a)),
            baseline: auc_with_range(p.b.value, Some(p.b)),
            difference: difference_with_range(p.difference),
            p_value: p.p_value.map_or_else(|| "–".to_owned(), p_value),
        });
    }
    rows
}

fn disagreement_groups(
    release: &Release,
    c: &Comparison,
    report: &Report,
) -> (String, Vec<PairedGroup>) {
    let b = &report.business;
    let (new, old) = (candidate_name(report), c.baseline_name.clone());
    let Some(m) = c.matched_by(MatchRule::FlaggedPerDay) else {
        return (String::new(), Vec::new());
    };
    let note = format!(
        "At {} (thresholds {} for {new} and {} for {old}), {} of the evaluation's {} are caught by {new} alone and {} by {old} alone. The cases the other model scored lowest come first.",
        matched_label(m, c),
        threshold(m.candidate.threshold),
        threshold(m.baseline.threshold),
        count(m.positives.a_only),
        plural(&b.positive, 2.0),
        count(m.positives.b_only),
    );
    let row = |e: &PairedExample| PairedRow {
        id: e
            .id
            .clone()
            .unwrap_or_else(|| format!("row {}", count(e.row as f64))),
        candidate_score: format!("{:.4}", e.candidate_score),
        baseline_score: format!("{:.4}", e.baseline_score),
        cells: e.cells.iter().map(|t| text_cell(t)).collect(),
    };
    let groups = vec![
        PairedGroup {
            id: "caught-by-candidate-only",
            title: format!("Caught by {new}, missed by {old}"),
            rows: release
                .disagreements
                .caught_by_candidate_only
                .iter()
                .map(row)
                .collect(),
        },
        PairedGroup {
            id: "caught-by-baseline-only",
            title: format!("Caught by {old}, missed by {new}"),
            rows: release
                .disagreements
                .caught_by_baseline_only
                .iter()
                .map(row)
                .collect(),
        },
    ];
    (note, groups)
}

/// Each model's matched operating points, as chart dots.
fn series<'a>(
    curves: &'a ModelCurves,
    points: Vec<&OperatingPoint>,
    production_positives: f64,
    production_negatives: f64,
) -> ModelSeries<'a> {
    ModelSeries {
        workload: &curves.workload,
        roc: &curves.roc,
        precision_recall: &curves.precision_recall,
        points: points
            .into_iter()
            .map(|p| {
                let tpr = p.counts.true_positive_rate().unwrap_or(0.0);
                let fpr = p.counts.false_positive_rate().unwrap_or(0.0);
                (
                    (
                        production_positives * tpr + production_negatives * fpr,
                        production_positives * tpr,
                    ),
                    CurvePoint {
                        label: threshold(p.threshold),
                        roc: (fpr, tpr),
                        precision_recall: p.counts.precision().map(|pr| (tpr, pr)),
                        current: false,
                        number: None,
                    },
                )
            })
            .collect(),
    }
}

fn comparison_charts(
    c: &Comparison,
    report: &Report,
    new: &str,
    old: &str,
) -> Result<Vec<ChartView>, charts::ChartError> {
    let production = &report.workload;
    let (p, n) = (
        production.positives_per_day(),
        production.negatives_per_day(),
    );
    let at = |pick: fn(&Matched) -> &OperatingPoint| c.matched.iter().map(pick).collect::<Vec<_>>();
    let candidate = series(&c.candidate_curves, at(|m| &m.candidate), p, n);
    let baseline = series(&c.baseline_curves, at(|m| &m.baseline), p, n);
    let legend = |extra: Vec<LegendItem>| {
        let mut items = vec![
            LegendItem {
                label: new.to_owned(),
                color: css(charts::CANDIDATE),
                shape: "line",
            },
            LegendItem {
                label: old.to_owned(),
                color: css(charts::BASELINE),
                shape: "dashed",
            },
            LegendItem {
                label: "Matched operating points".into(),
                color: css(charts::MUTED),
                shape: "dot",
            },
        ];
        items.extend(extra);
        items
    };
    let capacity = report.business.capacity_per_day;
    let mut workload_legend: Vec<LegendItem> = capacity
        .map(|_| LegendItem {
            label: crate::present::sentences::capacity_label(&report.business),
            color: css(charts::INK),
            shape: "dashed",
        })
        .into_iter()
        .collect();
    workload_legend.push(LegendItem {
        label: format!("Every {} of a day", report.business.positive.one()),
        color: css(charts::MUTED),
        shape: "dashed",
    });
    Ok(vec![
        ChartView {
            id: "chart-compared-per-day",
            title: format!("{} caught for the same workload", capitalise(&plural(&report.business.positive, 2.0))),
            chart_svg: charts::workload_chart(&candidate, &baseline, c.workload_window, p, capacity)?,
            caption: format!(
                "Each line runs through every threshold of one model: left, few cases flagged a day; right, more. Where a line is higher, that model catches more {} for the same number of flags.",
                plural(&report.business.positive, 2.0)
            ),
            legend: legend(workload_legend),
        },
        ChartView {
            id: "chart-compared-rates",
            title: "ROC and precision–recall curves of both models".into(),
            chart_svg: charts::compared_rates_chart(&candidate, &baseline)?,
            caption: "Left: the share of positives caught against the share of negatives flagged (zoomed on the left edge). Right: precision against recall on the evaluation set. The higher curve ranks the cases better; the dots mark each model's matched operating points.".to_owned(),
            legend: legend(Vec::new()),
        },
    ])
}

/// "All 6 gates pass." → "all 6 gates pass.", to follow a colon.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
