//! The audit section in words: the audit's groups and weeks (or what its absence
//! means) and the calibrated-scores estimate with its credibility.

use super::AuditView;
use crate::model::monitoring::{Credibility, Monitoring};
use crate::model::report::Report;
use crate::present::format::{self, count};
use crate::present::monitoring::{dates, negatives, positives, share, with_range};
use crate::present::sentences::capitalise;
use crate::stats::interval::Estimate;
use crate::stats::quantity::Quantity;

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
                a.declared_flagged.map_or_else(|| "–".to_owned(), share),
                audited_share(c.flagged_audited, c.flagged),
                count(c.flagged_audited_positive as f64),
            ]);
            groups.push(vec![
                "Not flagged".to_owned(),
                count(c.not_flagged as f64),
                count(c.not_flagged_audited as f64),
                a.declared_not_flagged.map_or_else(|| "–".to_owned(), share),
                audited_share(c.not_flagged_audited, c.not_flagged),
                count(c.not_flagged_audited_positive as f64),
            ]);
            paragraphs.push(if a.weighted {
                format!(
                    "The audit file holds {} verdicts, each with the probability its case had of being drawn; those joined to this period's production cases are counted below, in the two groups the threshold makes. Each group's share of {} weights every verdict by 1/its probability (the ratio, or Hájek, estimator: Horvitz–Thompson's total over Horvitz–Thompson's count of cases), so cases drawn more often near the threshold stand for fewer. Ranges: Wilson intervals on the design's effective sample size (the variance over cases sharing a probability, with the finite-population correction); the miss rate's by the delta method over the two groups.",
                    count(a.rows as f64),
                    positives(b)
                )
            } else {
                format!(
                    "The audit file holds {} verdicts; those joined to this period's production cases are counted below, in the two groups the threshold makes. Each group's share of {} is its audited cases' share (Cochran's stratified estimator: an audited case stands for the cases of its group it was drawn from). Ranges: Wilson intervals with the finite-population correction, so a group audited in full is known exactly, combined across the two groups per side (MOVER).",
                    count(a.rows as f64),
                    positives(b)
                )
            });
            if let Some(unweighted) = a.estimates.unweighted_prevalence
                && let Some(estimated) = a.estimates.prevalence
            {
                paragraphs.push(format!(
                    "Pooling the audited cases without weights would put the share of {} at {}, against the {} {} — wrong, because the cases were not all audited at the same rate.",
                    positives(b),
                    share(unweighted),
                    if a.weighted { "weighted" } else { "stratified" },
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
    let (plan, plan_columns, plan_rows) = m
        .audit
        .as_ref()
        .and_then(|a| a.plan.as_ref())
        .map(|p| super::plan_view::plan_view(p, report))
        .unwrap_or_default();
    AuditView {
        paragraphs,
        groups,
        week_columns,
        weeks,
        calibrated_title,
        calibrated,
        calibrated_columns,
        calibrated_rows,
        plan,
        plan_columns,
        plan_rows,
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
