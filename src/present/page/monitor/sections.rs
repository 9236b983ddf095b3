//! The monitoring page's sections in words: what the page rests on, the advice, the
//! drift, the days, the audit and the calibrated-scores estimate, the facts and the
//! definitions.

use super::{AuditView, DriftRow, DriftView};
use crate::input::context::Monitoring as MonitoringSpec;
use crate::model::monitoring::{Credibility, DriftCheck, Monitoring, Quantity, TargetSource};
use crate::model::report::Report;
use crate::present::charts::{self, ChartError, WEEK_COLORS, css};
use crate::present::export::monitor_markdown::threshold_text;
use crate::present::format::{self, count};
use crate::present::monitoring::{
    dates, drift_sentence, negatives, p_value, positives, psi, share, with_range,
};
use crate::present::page::{Fact, LegendItem};
use crate::present::sentences::capitalise;
use crate::stats::interval::Estimate;
use crate::stats::zone::Zone;

pub(super) fn rests_on(m: &Monitoring, report: &Report, zone: &Zone) -> String {
    format!(
        "Production: {} cases from {} (calendar days in {}), held against the launch report's promises at threshold {}, recomputed from {} evaluation cases.",
        count(m.period.cases as f64),
        dates(m.period.first_day, m.period.last_day),
        zone.describe(),
        format::threshold(m.threshold),
        count(report.data.rows as f64),
    )
}

/// Re-thresholding advice, each piece a paragraph, then the caveat.
pub(super) fn advice(m: &Monitoring, report: &Report) -> Vec<String> {
    let b = &report.business;
    let current = m.threshold;
    let mut out = Vec::new();
    if let Some(a) = &m.advice.capacity {
        let mut text = if a.threshold <= current {
            format!(
                "Capacity: the current threshold kept flags within {} a day over this period; any threshold down to {} would have too ({} flagged a day there).",
                count(a.capacity),
                threshold_text(a.threshold),
                count(a.flagged_per_day)
            )
        } else {
            format!(
                "Capacity: to keep flags within {} a day over these {} days, the threshold would have been {}: {} flagged a day.",
                count(a.capacity),
                count(m.period.days as f64),
                threshold_text(a.threshold),
                count(a.flagged_per_day)
            )
        };
        if let (Some(day), true) = (a.promised, a.threshold.is_finite() && a.threshold > current) {
            text.push_str(&format!(
                " The evaluation says that threshold misses {} {} a day {}, against {} at {}.",
                count(day.missed.value),
                positives(b),
                crate::present::monitoring::range(Quantity::Missed, &day.missed),
                count(report.current.per_day.missed.value),
                format::threshold(current)
            ));
        }
        out.push(text);
    }
    match &m.advice.miss_rate {
        Some(a) => {
            let target = match a.source {
                TargetSource::Context => "the target in the context",
                TargetSource::Promise => "the launch report's rate at the current threshold",
            };
            out.push(format!(
                "Miss rate: to miss at most {} of {} ({target}), the audit says the threshold would have been {}: an estimated {} missed and {} flagged a day. This rests on {} audited {}, {} of them below the current threshold{}.",
                share(a.target),
                positives(b),
                threshold_text(a.threshold),
                share(a.estimated_miss_rate),
                count(a.flagged_per_day),
                count(a.audited_positives as f64),
                positives(b),
                count(a.audited_positives_not_flagged as f64),
                if a.audited_positives_not_flagged < 30 {
                    " — few, so where exactly the misses lie is rough"
                } else {
                    ""
                }
            ));
        }
        None if m.audit.is_none() => out.push(format!(
            "Miss rate: which threshold would have missed few enough {} needs an audit of unflagged cases.",
            positives(b)
        )),
        None => {}
    }
    if !out.is_empty() {
        out.push(format!(
            "{} {} are a short period, and a threshold fitted to it follows its chance ups and downs: treat these as a direction for the next review, not a setting.",
            capitalise(&count(m.period.days as f64)),
            if m.period.days == 1 { "day" } else { "days" }
        ));
    }
    out
}

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

pub(super) fn days_sentences(m: &Monitoring, report: &Report) -> Vec<String> {
    let check = &m.days_check;
    let days = m.days.len();
    let name = |i: &usize| {
        let d = &m.days[*i];
        format!(
            "{} ({})",
            d.date.format("%a %-d %b"),
            count(d.flagged as f64)
        )
    };
    let list = |indices: &[usize]| -> String {
        let shown: Vec<String> = indices.iter().take(12).map(name).collect();
        let more = indices.len().saturating_sub(12);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    let mut out = vec![format!(
        "Flagged per day against the promised band of {} (the launch report's 95% range for an average day): {} of {days} {} above it, {} below it. Even if every day were an average day flagging {}, day-to-day swings alone would put about {} of {days} {} outside this band, because the band is for the average, not for single days.",
        crate::present::monitoring::range(Quantity::Flagged, &check.band)
            .trim_matches(|c| c == '(' || c == ')'),
        check.above_band.len(),
        if days == 1 { "day" } else { "days" },
        check.below_band.len(),
        count(check.band.value),
        count(check.expected_outside),
        if days == 1 { "day" } else { "days" },
    )];
    if !check.above_band.is_empty() {
        out.push(format!("Above the band: {}.", list(&check.above_band)));
    }
    if !check.below_band.is_empty() {
        out.push(format!("Below the band: {}.", list(&check.below_band)));
    }
    if let Some(capacity) = check.capacity {
        out.push(if check.over_capacity.is_empty() {
            format!(
                "No day went over the review capacity of {} (the launch report expected about {} in 100 days to).",
                count(capacity),
                count(100.0 * report.capacity_overflow.unwrap_or(0.0))
            )
        } else {
            format!(
                "Over the review capacity of {} on {} of {days} days: {}. The launch report expected about {} in 100 days to overflow.",
                count(capacity),
                check.over_capacity.len(),
                list(&check.over_capacity),
                count(100.0 * report.capacity_overflow.unwrap_or(0.0))
            )
        });
    }
    out
}

pub(super) fn audit_view(m: &Monitoring, report: &Report) -> AuditView {
    let b = &report.business;
    let per_day =
        |e: Option<Estimate>, q: Quantity| e.map_or_else(|| "–".to_owned(), |e| with_range(q, &e));
    let mut paragraphs = Vec::new();
    let mut groups = Vec::new();
    let mut weeks = Vec::new();
    let week_columns = vec![
        "Week".to_owned(),
        "Cases".to_owned(),
        "Flagged a day".to_owned(),
        format!("Share of {}", positives(b)),
        "Caught a day".to_owned(),
        "Missed a day".to_owned(),
        "False alarms a day".to_owned(),
    ];
    match &m.audit {
        Some(a) => {
            let c = &a.counts;
            let audited_share = |audited: u64, cases: u64| {
                if cases == 0 {
                    "–".to_owned()
                } else {
                    share(audited as f64 / cases as f64)
                }
            };
            groups.push(vec![
                "Flagged".to_owned(),
                count(c.flagged as f64),
                count(c.flagged_audited as f64),
                share(a.declared_flagged),
                audited_share(c.flagged_audited, c.flagged),
                count(c.flagged_audited_positive as f64),
            ]);
            groups.push(vec![
                "Not flagged".to_owned(),
                count(c.not_flagged as f64),
                count(c.not_flagged_audited as f64),
                share(a.declared_not_flagged),
                audited_share(c.not_flagged_audited, c.not_flagged),
                count(c.not_flagged_audited_positive as f64),
            ]);
            paragraphs.push(format!(
                "The audit file holds {} verdicts; those joined to this period's production cases are counted below, in the two groups the threshold makes. Each group's share of {} is its audited cases' share (Cochran's stratified estimator: an audited case stands for the cases of its group it was drawn from). Ranges: Wilson intervals with the finite-population correction, so a group audited in full is known exactly, combined across the two groups per side (MOVER).",
                count(a.rows as f64),
                positives(b)
            ));
            if let Some(unweighted) = a.estimates.unweighted_prevalence
                && let Some(estimated) = a.estimates.prevalence
            {
                paragraphs.push(format!(
                    "Pooling the audited cases without weights would put the share of {} at {}, against the stratified {} — wrong, because flagged cases were audited far more often than the rest.",
                    positives(b),
                    share(unweighted),
                    with_range(Quantity::Prevalence, &estimated)
                ));
            }
            if let Some(rate) = a.miss_rate {
                paragraphs.push(format!(
                    "Over the period the model missed an estimated {} of {} {}, against {} on the evaluation at this threshold.",
                    share(rate.value),
                    positives(b),
                    crate::present::monitoring::range(Quantity::Prevalence, &rate),
                    with_range(
                        Quantity::Prevalence,
                        &report.current.rates.false_negative_rate()
                    )
                ));
            }
            for w in &m.weeks {
                let day = w.audit_per_day;
                weeks.push(vec![
                    format!("{} ({})", w.number, dates(w.first_day, w.last_day)),
                    count(w.cases as f64),
                    count(w.flagged as f64 / w.days as f64),
                    per_day(w.audit.and_then(|e| e.prevalence), Quantity::Prevalence),
                    per_day(day.and_then(|d| d.caught), Quantity::Caught),
                    per_day(day.and_then(|d| d.missed), Quantity::Missed),
                    per_day(day.and_then(|d| d.false_alarms), Quantity::FalseAlarms),
                ]);
            }
        }
        None => {
            paragraphs.push(format!(
                "There is no audit, so what production's scores cannot say stays unknown: how many of the flags were {}, how many {} were missed, and their share of production. What is known exactly: the volume, the flags per day and the score drift above.",
                positives(b),
                positives(b)
            ));
            paragraphs.push(format!(
                "To know, record the reviewers' verdict on every flagged case and on a random sample of the others (say 2%), and name the file in monitoring.audit with the share of each group audited. {} then come with ranges that respect the two groups.",
                "Caught, missed, precision and the share of positives"
            ));
        }
    }
    let (calibrated_title, calibrated, calibrated_columns, calibrated_rows) =
        calibrated_view(m, report);
    AuditView {
        paragraphs,
        groups,
        week_columns,
        weeks,
        calibrated_title,
        calibrated,
        calibrated_columns,
        calibrated_rows,
    }
}

type CalibratedParts = (String, Vec<String>, Vec<String>, Vec<Vec<String>>);

/// The calibrated-scores estimate: title, sentences, table columns and rows.
fn calibrated_view(m: &Monitoring, report: &Report) -> CalibratedParts {
    let b = &report.business;
    let title = "If the scores were probabilities: an estimate, not a measurement".to_owned();
    let Some(c) = &m.calibrated else {
        return (
            title,
            vec!["Scores outside 0–1 are not probabilities, so there is no estimate from calibrated scores.".to_owned()],
            Vec::new(),
            Vec::new(),
        );
    };
    let mut sentences = vec![format!(
        "Read as the chance that a case is one of the {}, the scores imply: caught = the sum of flagged cases' scores, false alarms = the sum of one minus them, missed = the sum of unflagged cases' scores. NannyML calls this confidence-based performance estimation (CBPE). The ranges are only how far chance moves such sums when the scores are exact probabilities.",
        positives(b)
    )];
    let quote = report
        .calibration
        .as_ref()
        .and_then(|cal| cal.bin_to_quote());
    let use_it = if m.audit.is_some() {
        "It is shown to compare with the audit, not to replace it."
    } else {
        "It is shown because it is the only estimate there is; do not rely on it."
    };
    sentences.push(match c.credibility {
        Credibility::Credible => format!(
            "On the evaluation set the scores read as probabilities (in every score band with 30 cases or more, the mean score lies within the observed share's 95% range), so this estimate is credible — as long as production's {} look like the evaluation's.",
            positives(b)
        ),
        Credibility::NotCalibrated => match quote {
            Some(bin) => format!(
                "It is not credible here: on the evaluation set the scores are not probabilities — cases scoring {} to {} (mean {:.2}) were {} {} of the time {}. {use_it}",
                format::threshold(bin.from),
                format::threshold(bin.to),
                bin.mean_score,
                positives(b),
                share(bin.observed.value),
                crate::present::monitoring::range(Quantity::Prevalence, &bin.observed)
            ),
            None => format!("It is not credible here: the evaluation set does not show the scores to be probabilities. {use_it}"),
        },
        Credibility::PrevalenceDiffers => format!(
            "It is not credible as it stands: the scores read as probabilities on the evaluation set, where {} of cases are {}, but production is assumed to have {}, and a different mix shifts every probability.",
            share(m.prevalence.evaluation),
            positives(b),
            share(m.prevalence.assumed)
        ),
    });
    let mut columns = vec!["".to_owned(), "From calibrated scores".to_owned()];
    let audit = m.audit.as_ref();
    if audit.is_some() {
        columns.push("From the audit".to_owned());
    }
    columns.push("Promised".to_owned());
    let promised = |q: Quantity| {
        m.promises
            .iter()
            .find(|p| p.quantity == q)
            .map_or_else(|| "–".to_owned(), |p| with_range(q, &p.promised))
    };
    let observed = |q: Quantity| {
        m.promises
            .iter()
            .find(|p| p.quantity == q)
            .and_then(|p| p.observed)
            .map_or_else(|| "–".to_owned(), |o| with_range(q, &o))
    };
    let rows = [
        (
            Quantity::Caught,
            Some(c.caught),
            format!("{} caught a day", capitalise(&positives(b))),
        ),
        (
            Quantity::Missed,
            Some(c.missed),
            format!("{} missed a day", capitalise(&positives(b))),
        ),
        (
            Quantity::FalseAlarms,
            Some(c.false_alarms),
            format!("False alarms a day ({} flagged)", negatives(b)),
        ),
        (
            Quantity::Precision,
            c.precision,
            format!("Share of flags that are {}", positives(b)),
        ),
        (
            Quantity::Prevalence,
            Some(c.prevalence),
            format!("Share of {}", positives(b)),
        ),
    ]
    .into_iter()
    .map(|(q, estimate, name)| {
        let mut row = vec![
            name,
            estimate.map_or_else(|| "–".to_owned(), |e| with_range(q, &e)),
        ];
        if audit.is_some() {
            row.push(observed(q));
        }
        row.push(promised(q));
        row
    })
    .collect();
    (title, sentences, columns, rows)
}

pub(super) fn facts(
    m: &Monitoring,
    report: &Report,
    spec: &MonitoringSpec,
    zone: &Zone,
) -> Vec<Fact> {
    let fact = |term: &str, detail: String| Fact {
        term: term.to_owned(),
        detail,
    };
    let mut facts = vec![
        fact(
            "Production file",
            spec.production.path.display().to_string(),
        ),
        fact(
            "Period",
            format!(
                "{}: {} calendar days in {}, {} {}",
                dates(m.period.first_day, m.period.last_day),
                count(m.period.days as f64),
                zone.describe(),
                count(m.weeks.len() as f64),
                if m.weeks.len() == 1 { "week" } else { "weeks" }
            ),
        ),
        fact("Cases scored", count(m.period.cases as f64)),
        fact(
            "Flagged",
            format!(
                "{} (score {} or more)",
                count(m.period.flagged as f64),
                format::threshold(m.threshold)
            ),
        ),
    ];
    if let Some(a) = &spec.audit {
        facts.push(fact(
            "Audit file",
            format!(
                "{} (declared: {} of flagged and {} of unflagged cases audited)",
                a.path.display(),
                share(a.flagged_share),
                share(a.not_flagged_share)
            ),
        ));
    } else {
        facts.push(fact("Audit", "none".to_owned()));
    }
    facts.push(fact(
        "Evaluation file",
        format!(
            "{} ({} cases, {} of them {})",
            report.data.file.display(),
            count(report.data.rows as f64),
            count(report.data.positives),
            positives(&report.business)
        ),
    ));
    facts.push(fact(
        "Planned production",
        format!(
            "{} cases a day, {} {} ({})",
            count(m.planned.volume_per_day),
            share(m.planned.prevalence),
            positives(&report.business),
            if m.prevalence.assumed_given {
                "from the business context"
            } else {
                "assumed equal to the evaluation's"
            }
        ),
    ));
    facts
}

pub(super) fn definitions(report: &Report) -> Vec<Fact> {
    let b = &report.business;
    let d = |term: &str, detail: String| Fact {
        term: term.to_owned(),
        detail,
    };
    vec![
        d("Promise", "a number the launch report gave for an average production day at the current threshold, with its 95% range, recomputed here from the same evaluation data and business context.".into()),
        d("Flagged", format!("a case scoring at or above the threshold: {}.", b.action)),
        d("Caught, missed, false alarms", format!("{} flagged, {} not flagged, {} flagged.", positives(b), positives(b), negatives(b))),
        d("Audit", "cases whose true class a person checked; every flagged case and a random share of the rest, as declared in monitoring.audit.sampled.".into()),
        d("Stratified estimate", "each group's (flagged, not flagged) share of positives is its audited cases' share, weighted by the group's size (Cochran 1977, ch. 5).".into()),
        d("PSI", "population stability index: Σ (p − q)·ln(p/q) over score bins, p production's and q the evaluation's share.".into()),
        d("Kolmogorov–Smirnov", "the largest vertical gap between two cumulative distributions, with the asymptotic p-value.".into()),
        d("Calibrated-scores estimate (CBPE)", "what the scores would imply if each were the probability that its case is positive.".into()),
    ]
}
