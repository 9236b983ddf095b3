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
    // The chart and the bins table use the chart's bins (finer around the
    // threshold); the PSI and its rules keep the deciles.
    let Some(bins_of_chart) = &m.drift_chart else {
        return Ok(DriftView {
            sentence: drift_sentence(m, drift, b),
            rows,
            chart_svg: String::new(),
            legend: Vec::new(),
            caption: String::new(),
            rules: Vec::new(),
            bin_columns: Vec::new(),
            bins: Vec::new(),
        });
    };
    let edges = &bins_of_chart.edges;
    let edge_labels = format::thresholds_apart(edges);
    let weekly: Vec<(usize, &DriftCheck)> = m
        .weeks
        .iter()
        .filter_map(|w| Some((w.number, w.drift.as_ref()?)))
        .collect();
    let whole = &bins_of_chart.production_shares[0];
    let week_shares = &bins_of_chart.production_shares[1..];
    let chart_svg = charts::drift_chart(
        &edge_labels,
        &bins_of_chart.reference_shares,
        whole,
        week_shares,
        edges.iter().position(|&e| e == m.threshold),
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
            (None, Some(_)) => format!("below {}", edge_labels[k]),
            (Some(_), Some(_)) => format!("{} to below {}", edge_labels[k - 1], edge_labels[k]),
            (Some(_), None) => format!("{} and above", edge_labels[k - 1]),
            (None, None) => "every score".to_owned(),
        }
    };
    let mut bin_columns = vec![
        "Score".to_owned(),
        "Evaluation".to_owned(),
        "Whole period".to_owned(),
    ];
    bin_columns.extend(weekly.iter().map(|(n, _)| format!("Week {n}")));
    let bins = (0..bins_of_chart.reference_shares.len())
        .map(|k| {
            let mut row = vec![
                bin_range(k),
                share(bins_of_chart.reference_shares[k]),
                share(whole[k]),
            ];
            row.extend(week_shares.iter().map(|w| share(w[k])));
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
            "Each bar is a share of cases in one score bin; a blue bar taller than its grey one means production has more cases in that band of scores. Far from the threshold the bins are the evaluation's deciles; around it they are finer: the threshold {} is an edge (dashed), the evaluation's flagged cases are split into four bins of equal share and the two bins just below the threshold hold as much as the whole flagged region, so a shift across the threshold shows. Everything at or above {} is flagged. The PSI and the Kolmogorov–Smirnov test do not use these bins: the PSI uses the deciles (see how drift is measured).",
            format::threshold(m.threshold),
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
