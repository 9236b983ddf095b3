//! The monitoring page's smaller sections in words: what the page rests on, the
//! advice, the days, the facts and the definitions (the drift and the audit have
//! files of their own).

use crate::input::context::MonitoringSpec;
use crate::model::monitoring::{Monitoring, TargetSource};
use crate::model::report::Report;
use crate::present::format::{self, count};
use crate::present::monitoring::{dates, negatives, positives, share, threshold_text};
use crate::present::page::Fact;
use crate::present::sentences::capitalise;
use crate::stats::quantity::Quantity;
use crate::stats::zone::Zone;

pub(super) fn rests_on(m: &Monitoring, report: &Report, zone: &Zone) -> String {
    format!(
        "Production: {} cases from {} (calendar days in {}), held against the launch report's promises at threshold {}, recomputed from {} evaluation cases.",
        count(m.period.cases as f64),
        dates(m.period.first_day, m.period.last_day),
        zone.describe(),
        format::threshold(m.threshold),
        count(report.data.cases),
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
                "No day went over the capacity of {} a day (the launch report expected about {} in 100 days to).",
                count(capacity),
                count(100.0 * report.capacity_overflow.unwrap_or(0.0))
            )
        } else {
            format!(
                "Over the capacity of {} a day on {} of {days} days: {}. The launch report expected about {} in 100 days to overflow.",
                count(capacity),
                check.over_capacity.len(),
                list(&check.over_capacity),
                count(100.0 * report.capacity_overflow.unwrap_or(0.0))
            )
        });
    }
    out
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
            match (a.sampled, &a.probability) {
                (Some((flagged, not_flagged)), _) => format!(
                    "{} (declared: {} of flagged and {} of unflagged cases audited)",
                    a.path.display(),
                    share(flagged),
                    share(not_flagged)
                ),
                (None, probability) => format!(
                    "{} (each case weighted by 1/its inclusion probability, column `{}`)",
                    a.path.display(),
                    probability.as_deref().unwrap_or_default()
                ),
            },
        ));
    } else {
        facts.push(fact("Audit", "none".to_owned()));
    }
    facts.push(fact(
        "Evaluation file",
        format!(
            "{} ({} cases, {} of them {})",
            report.data.file.display(),
            count(report.data.cases),
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
