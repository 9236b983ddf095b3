//! The drift section in words: the sentence, the table of the whole period and each
//! week, the chart and its legend, how drift is measured, and the bins.

use super::{DriftRow, DriftView};
use crate::model::monitoring::{DriftCheck, Monitoring};
use crate::model::report::Report;
use crate::present::charts::{self, ChartError, WEEK_COLORS, css};
use crate::present::format::{self, count};
use crate::present::monitoring::{dates, drift_sentence, p_value, positives, psi, share};
use crate::present::page::LegendItem;

fn drift_row(period: String, d: &DriftCheck) -> DriftRow {
    DriftRow {
        period,
        cases: count(d.cases as f64),
        psi: psi(d),
        ks: format!("{:.3}", d.kolmogorov_smirnov.statistic),
        p_value: p_value(d.kolmogorov_smirnov.p_value),
        direction: format!(
            "{} ({:.3})",
            if d.shift > 0.5 { "up" } else { "down" },
            d.shift
        ),
        share_flagged: share(d.share_flagged),
    }
}

pub(super) fn drift_view(m: &Monitoring, report: &Report) -> Result<DriftView, ChartError> {
    let Some(drift) = &m.drift else {
        return Ok(DriftView {
            sentence: "The drift could not be computed.".to_owned(),
            rows: Vec::new(),
            chart_svg: String::new(),
            legend: Vec::new(),
            caption: String::new(),
            rules: Vec::new(),
            bin_columns: Vec::new(),
            bins: Vec::new(),
        });
    };
    let b = &report.business;
    let mut rows = vec![drift_row("Whole period".to_owned(), drift)];
    for week in &m.weeks {
        if let Some(d) = &week.drift {
            rows.push(drift_row(
                format!(
                    "Week {} ({})",
                    week.number,
                    dates(week.first_day, week.last_day)
                ),
                d,
            ));
        }
    }
    let edges = &drift.stability.edges;
    let edge_labels: Vec<String> = edges.iter().map(|&e| format::threshold(e)).collect();
    let weekly: Vec<(usize, &DriftCheck)> = m
        .weeks
        .iter()
        .filter_map(|w| Some((w.number, w.drift.as_ref()?)))
        .collect();
    let week_shares: Vec<Vec<f64>> = weekly
        .iter()
        .map(|(_, d)| d.stability.production_shares.clone())
        .collect();
    let chart_svg = charts::drift_chart(
        &edge_labels,
        &drift.stability.reference_shares,
        &drift.stability.production_shares,
        &week_shares,
    )?;
    let mut legend = vec![
        LegendItem {
            label: "Evaluation (reweighted)".into(),
            color: css(charts::MUTED),
            shape: "band",
        },
        LegendItem {
            label: "Production, whole period".into(),
            color: css(charts::FLAGGED),
            shape: "band",
        },
    ];
    for (i, (number, _)) in weekly.iter().enumerate() {
        legend.push(LegendItem {
            label: format!("Week {number}"),
            color: css(WEEK_COLORS[i % WEEK_COLORS.len()]),
            shape: "dot",
        });
    }
    let bin_range = |k: usize| -> String {
        match (k.checked_sub(1).and_then(|i| edges.get(i)), edges.get(k)) {
            (None, Some(hi)) => format!("below {}", format::threshold(*hi)),
            (Some(lo), Some(hi)) => {
                format!(
                    "{} to below {}",
                    format::threshold(*lo),
                    format::threshold(*hi)
                )
            }
            (Some(lo), None) => format!("{} and above", format::threshold(*lo)),
            (None, None) => "every score".to_owned(),
        }
    };
    let mut bin_columns = vec![
        "Score".to_owned(),
        "Evaluation".to_owned(),
        "Whole period".to_owned(),
    ];
    bin_columns.extend(weekly.iter().map(|(n, _)| format!("Week {n}")));
    let bins = (0..drift.stability.reference_shares.len())
        .map(|k| {
            let mut row = vec![
                bin_range(k),
                share(drift.stability.reference_shares[k]),
                share(drift.stability.production_shares[k]),
            ];
            row.extend(
                weekly
                    .iter()
                    .map(|(_, d)| share(d.stability.production_shares[k])),
            );
            row
        })
        .collect();
    let prevalence = &m.prevalence;
    Ok(DriftView {
        sentence: drift_sentence(m, drift, b),
        rows,
        chart_svg,
        legend,
        caption: format!(
            "Each bar is a share of cases in one score bin. The bins are the evaluation's deciles, so each grey bar is about a tenth; a blue bar taller than its grey one means production has more cases in that band of scores. Everything at or above {} is flagged.",
            format::threshold(m.threshold)
        ),
        rules: vec![
            format!(
                "The reference is the evaluation's scores reweighted to the share of {} assumed for production ({}, against {} in the evaluation): each positive case weighs {}, each negative {}, so score changes that come only from the evaluation's mix do not count as drift.",
                positives(b),
                share(prevalence.assumed),
                share(prevalence.evaluation),
                format!("{:.4}", prevalence.assumed / prevalence.evaluation),
                format!("{:.4}", (1.0 - prevalence.assumed) / (1.0 - prevalence.evaluation)),
            ),
            format!(
                "Bins: edge k (k = 1…9) is the lowest evaluation score with at least k tenths of the reweighted evaluation below it; tied edges are merged, giving {} bins, each closed on the left. Population stability index: PSI = Σ (p − q)·ln(p/q) over the bins, p production's share and q the evaluation's. Small counts: half a case is added to every bin of both samples before taking shares (Haldane and Anscombe's ½ correction), so an empty bin keeps the index finite. Reading (Siddiqi 2006): below 0.1 small, 0.1 to 0.25 moderate, above 0.25 large.",
                drift.stability.reference_shares.len()
            ),
            "Kolmogorov–Smirnov: the largest gap between the two cumulative score distributions, with the asymptotic p-value (scipy's kstwobign), the evaluation's size taken as Kish's effective number of cases. With many cases even a tiny shift has a small p-value; the PSI says how large it is. Direction: the chance that a production score is above an evaluation score (ties half); above 0.5 the scores moved up.".to_owned(),
            format!(
                "Weeks are 7-day blocks from the period's first day ({}); the last may be shorter.",
                m.period.first_day.format("%a %-d %b %Y")
            ),
        ],
        bin_columns,
        bins,
    })
}
