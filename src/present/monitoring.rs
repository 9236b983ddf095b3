//! Monitoring in words, shared by the page, the markdown summary and the terminal:
//! each promise's name and numbers, the verdicts, the headline, what the drift
//! means for the promises, and the monitoring warnings.

use std::fmt;

use crate::input::context::Business;
use crate::model::monitoring::{
    DriftCheck, Group, Monitoring, MonitoringWarning, Outcome, Promise, Verdict,
};
use crate::present::format::{self, count, count_range, percent, plural};
use crate::present::sentences::capitalise;
use crate::stats::drift::StabilityReading;
use crate::stats::interval::Estimate;
use crate::stats::quantity::Quantity;

pub(crate) mod arm;
pub(crate) mod segments;

/// The plural of the positive class ("fraudulent transactions").
pub(crate) fn positives(business: &Business) -> String {
    plural(&business.positive, 2.0)
}

/// The plural of the negative class ("valid transactions").
pub(crate) fn negatives(business: &Business) -> String {
    plural(&business.negative, 2.0)
}

/// What a promise is about, as a table row names it.
pub(crate) fn quantity_name(quantity: Quantity, business: &Business) -> String {
    match quantity {
        Quantity::Volume => "Cases scored a day".to_owned(),
        Quantity::Flagged => format!("Flagged a day ({})", business.action),
        Quantity::ShareFlagged => "Share of cases flagged".to_owned(),
        Quantity::Precision => format!("Share of flags that are {}", positives(business)),
        Quantity::Caught => format!("{} caught a day", capitalise(&positives(business))),
        Quantity::Missed => format!("{} missed a day", capitalise(&positives(business))),
        Quantity::FalseAlarms => format!("False alarms a day ({} flagged)", negatives(business)),
        Quantity::Prevalence => format!("Share of {} in production", positives(business)),
        Quantity::Cost => match &business.currency {
            Some(currency) => format!("Cost a day ({currency})"),
            None => "Cost a day".to_owned(),
        },
        // Not promised; named for completeness.
        Quantity::FalseNegativeRate => format!("Share of {} missed", positives(business)),
        Quantity::FalsePositiveRate => format!("Share of {} flagged", negatives(business)),
        Quantity::RocAuc => "ROC AUC".to_owned(),
        Quantity::AveragePrecision => "Average precision".to_owned(),
    }
}

/// A value of `quantity`: a count per day ("466") or a share ("5.6%").
pub(crate) fn value(quantity: Quantity, value: f64) -> String {
    if quantity.is_share() {
        share(value)
    } else {
        count(value)
    }
}

/// A share with one decimal, or two below 1 % so small shares stay readable.
pub(crate) fn share(value: f64) -> String {
    if value.abs() < 0.01 && value != 0.0 {
        format!("{:.2}%", value * 100.0)
    } else {
        percent(value)
    }
}

/// The range of an estimate of `quantity` in brackets, or "" when it is exact.
pub(crate) fn range(quantity: Quantity, e: &Estimate) -> String {
    if e.low == e.high {
        String::new()
    } else if quantity.is_share() {
        format!("({}–{})", share(e.low), share(e.high))
    } else {
        format!("({})", count_range(e.low, e.high))
    }
}

/// "466 (449–484)", or "8,280" for a value with no range.
pub(crate) fn with_range(quantity: Quantity, e: &Estimate) -> String {
    let range = range(quantity, e);
    if range.is_empty() {
        value(quantity, e.value)
    } else {
        format!("{} {range}", value(quantity, e.value))
    }
}

/// The verdict in words.
pub(crate) fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Kept => "kept",
        Verdict::Above => "above the promise",
        Verdict::Below => "below the promise",
        Verdict::CannotTell => "cannot tell yet",
    }
}

/// How the observed value was found.
pub(crate) fn basis(m: &Monitoring, promise: &Promise) -> &'static str {
    let columns = m.column_pricing.as_ref();
    if promise.quantity.is_counted() {
        "counted in production"
    } else if promise.quantity == Quantity::Cost && promise.observed.is_some() {
        if columns.is_some() {
            "each audited case at its own cost (business.costs), weighted up to each group"
        } else {
            "the audit's caught, missed and false alarms at business.costs"
        }
    } else if promise.quantity == Quantity::Cost {
        match columns {
            Some(c) if !c.absent.is_empty() => "needs the cost column in production or the audit",
            Some(_) => "needs audited cases with their own costs in both groups",
            None => "needs an audit",
        }
    } else if promise.observed.is_some() {
        "estimated from the audit"
    } else {
        "needs an audit"
    }
}

/// Consecutive dates as runs: (first, last, days in the run), in order.
fn runs_of_days(dates: &[chrono::NaiveDate]) -> Vec<(chrono::NaiveDate, chrono::NaiveDate, usize)> {
    let mut runs: Vec<(chrono::NaiveDate, chrono::NaiveDate, usize)> = Vec::new();
    for &date in dates {
        match runs.last_mut() {
            Some(run) if run.1.succ_opt() == Some(date) => {
                run.1 = date;
                run.2 += 1;
            }
            _ => runs.push((date, date, 1)),
        }
    }
    runs
}

/// A period of dates: "23 Nov – 13 Dec 2026".
pub(crate) fn dates(first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        first.format("%-d %b %Y").to_string()
    } else if first.year() == last.year() {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b %Y"))
    } else {
        format!(
            "{} – {}",
            first.format("%-d %b %Y"),
            last.format("%-d %b %Y")
        )
    }
}

/// A p-value: "p < 0.001" or "p = 0.31".
pub(crate) fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_owned()
    } else {
        format!("p = {p:.3}")
    }
}

/// Siddiqi's reading of a PSI in words.
pub(crate) fn reading(reading: StabilityReading) -> &'static str {
    match reading {
        StabilityReading::Small => "small",
        StabilityReading::Moderate => "moderate",
        StabilityReading::Large => "large",
    }
}

/// A PSI with its reading: "0.083 (small)".
pub(crate) fn psi(drift: &DriftCheck) -> String {
    format!(
        "{:.3} ({})",
        drift.stability.index,
        reading(drift.stability.reading)
    )
}

/// Whether the drift is worth a sentence of its own: a PSI past small, or a KS test
/// that rejects at 5 %.
fn has_shifted(drift: &DriftCheck) -> bool {
    drift.stability.reading != StabilityReading::Small || drift.kolmogorov_smirnov.p_value < 0.05
}

/// Which way the scores moved, from P(production > evaluation).
fn direction(drift: &DriftCheck) -> &'static str {
    if drift.shift > 0.5 { "up" } else { "down" }
}

/// The headline, in the reader's words and with no statistics: what got worse than
/// promised, what got better, what held, what cannot be told yet, what to do, and
/// whether the scores moved (the PSI and the Kolmogorov–Smirnov test are in the
/// drift section).
pub(crate) fn headline(monitoring: &Monitoring, business: &Business) -> Vec<String> {
    let m = monitoring;
    let of =
        |o: Outcome| -> Vec<&Promise> { m.promises.iter().filter(|p| p.outcome == o).collect() };
    let worse = of(Outcome::Worse);
    let better = of(Outcome::Better);
    let unclear = of(Outcome::CannotTell);
    let listed = |ps: &[&Promise]| -> String {
        ps.iter()
            .map(|p| against(p, business))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut first = format!(
        "Over {} {} of production ({}) at threshold {}: ",
        count(m.period.days as f64),
        if m.period.days == 1 { "day" } else { "days" },
        dates(m.period.first_day, m.period.last_day),
        format::threshold(m.threshold),
    );
    if unclear.len() == m.promises.len() {
        first.push_str("nothing can be judged yet.");
    } else if worse.is_empty() {
        first.push_str("nothing got worse than the launch report promised.");
    } else {
        first.push_str(&format!("worse than promised — {}.", listed(&worse)));
    }
    let mut sentences = vec![first];
    if !better.is_empty() {
        sentences.push(format!("Better than promised: {}.", listed(&better)));
    }
    let held: Vec<&Promise> = of(Outcome::AsPromised);
    if !held.is_empty() {
        sentences.push(format!(
            "As promised: {}.",
            held.iter()
                .map(|p| held_text(m, p, business))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !unclear.is_empty() {
        // Each reason once, in the promises' order, with the promises it holds back.
        let mut reasons: Vec<(&str, Vec<String>)> = Vec::new();
        for p in &unclear {
            let reason = why_unclear(m, p);
            let name = short_name(p.quantity, business);
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, names)) => names.push(name),
                None => reasons.push((reason, vec![name])),
            }
        }
        sentences.push(format!(
            "Cannot tell yet: {}.",
            reasons
                .iter()
                .map(|(reason, names)| format!("{} ({reason})", names.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    sentences.push(what_to_do(m, &worse, business));
    if let Some(drift) = &m.drift {
        sentences.push(drift_in_words(m, drift));
    }
    sentences
}

/// Why a promise's verdict is "cannot tell", in words for the headline.
fn why_unclear(m: &Monitoring, p: &Promise) -> &'static str {
    if m.period.whole_days < 2 {
        "one day is not an average day: it needs two whole days or more"
    } else if p.observed.is_some() {
        "the range observed is too wide to judge: more days, and for a group not audited in full more audited cases, would narrow it"
    } else if p.quantity == Quantity::Cost
        && m.column_pricing
            .as_ref()
            .is_some_and(|c| !c.absent.is_empty())
    {
        "a cost per case from a column is in neither production nor the audit"
    } else if p.quantity == Quantity::Cost && m.column_pricing.is_some() {
        "the audited cases do not yet show what the missed ones cost"
    } else if m.audit.is_some() {
        "the audit has no verdict in a group it rests on"
    } else {
        "they need an audit of flagged and unflagged cases"
    }
}

/// "fraudulent transactions missed a day: 48 (31–74) against 14 (10–19) promised".
fn against(p: &Promise, business: &Business) -> String {
    let mut name = quantity_name(p.quantity, business);
    if let Some(first) = name.get(..1) {
        name = first.to_lowercase() + &name[1..];
    }
    let observed = p
        .observed
        .map_or_else(|| "–".to_owned(), |o| with_range(p.quantity, &o));
    format!(
        "{name}: {observed} against {} promised",
        with_range(p.quantity, &p.promised)
    )
}

/// A promise that held, short: its name, and for the flags the number.
fn held_text(m: &Monitoring, p: &Promise, business: &Business) -> String {
    match (p.quantity, p.observed) {
        (Quantity::Flagged, Some(o)) => format!(
            "flagged ({} a day against {} promised{})",
            count(o.value),
            count(p.promised.value),
            m.advice.capacity.map_or_else(String::new, |a| format!(
                ", {} the capacity of {}",
                if o.value > a.capacity {
                    "over"
                } else {
                    "within"
                },
                count(a.capacity)
            ))
        ),
        (Quantity::Flagged, None)
        | (
            Quantity::Volume
            | Quantity::ShareFlagged
            | Quantity::Precision
            | Quantity::Caught
            | Quantity::Missed
            | Quantity::FalseAlarms
            | Quantity::Prevalence
            | Quantity::Cost
            | Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision,
            _,
        ) => short_name(p.quantity, business),
    }
}

/// What to do about what got worse, in one or two sentences.
fn what_to_do(m: &Monitoring, worse: &[&Promise], business: &Business) -> String {
    let is_worse = |q: Quantity| worse.iter().any(|p| p.quantity == q);
    let capacity = m.advice.capacity.map(|a| a.capacity);
    let mut steps = Vec::new();
    if is_worse(Quantity::Missed) || is_worse(Quantity::Caught) {
        match &m.advice.miss_rate {
            Some(a) => {
                let mut step = format!(
                    "to miss at most {} of {} again, the audit points to threshold {} ({} flagged a day)",
                    share(a.target),
                    positives(business),
                    threshold_text(a.threshold),
                    count(a.flagged_per_day)
                );
                match capacity {
                    Some(c) if a.flagged_per_day > c => step.push_str(&format!(
                        ", more than the {} a day the team can handle: a threshold alone cannot keep both, so add capacity or retrain the model on recent cases",
                        count(c)
                    )),
                    _ => step.push_str(": lower the threshold towards it at the next review"),
                }
                steps.push(step);
            }
            None => steps.push(format!(
                "audit more unflagged cases to find where the missed {} score, then review the threshold or retrain",
                positives(business)
            )),
        }
    }
    if is_worse(Quantity::Flagged) || is_worse(Quantity::ShareFlagged) || is_worse(Quantity::Volume)
    {
        match &m.advice.capacity {
            Some(a) if a.threshold > m.threshold => steps.push(format!(
                "to keep flags within {} a day, raise the threshold to {} ({} flagged a day)",
                count(a.capacity),
                threshold_text(a.threshold),
                count(a.flagged_per_day)
            )),
            Some(_) => {}
            None => steps.push(format!(
                "more is {} than planned: check the team can handle it, or state business.capacity_per_day",
                business.action
            )),
        }
    }
    if is_worse(Quantity::FalseAlarms) || is_worse(Quantity::Precision) {
        steps.push(format!(
            "more {} are flagged than promised: check whether their scores moved (drift section) before raising the threshold",
            negatives(business)
        ));
    }
    if is_worse(Quantity::Prevalence) {
        steps.push(format!(
            "more {} reach production than planned: the promises assumed the share in business.prevalence; if it lasts, update it so the next report's promises match",
            positives(business)
        ));
    }
    if steps.is_empty() {
        return "What to do: nothing now; keep auditing so the next period can tell.".to_owned();
    }
    format!("What to do: {}.", steps.join("; "))
}

/// Whether the scores moved, in words; the statistics are in the drift section.
fn drift_in_words(m: &Monitoring, drift: &DriftCheck) -> String {
    if !has_shifted(drift) {
        return "Production's scores look like the evaluation's (the statistics are in the drift section).".to_owned();
    }
    let promised = (m.promises.iter())
        .find(|p| p.quantity == Quantity::ShareFlagged)
        .map(|p| p.promised.value);
    // The direction is the bulk's (the chance a production score exceeds an
    // evaluation one); the share at the threshold may move the other way.
    let up = direction(drift) == "up";
    let against_the_bulk = promised.is_some_and(|p| (drift.share_flagged > p) != up);
    format!(
        "Scores moved {}{}: {} of production cases score {} or more against the {} the evaluation implied (the statistics are in the drift section).",
        direction(drift),
        if against_the_bulk {
            ", yet not at the threshold"
        } else {
            ""
        },
        share(drift.share_flagged),
        format::threshold(m.threshold),
        promised.map_or_else(|| "share".to_owned(), share),
    )
}

/// A promise's short name for lists: "flagged", "missed".
pub(crate) fn short_name(quantity: Quantity, business: &Business) -> String {
    match quantity {
        Quantity::Volume => "volume".to_owned(),
        Quantity::Flagged => "flagged".to_owned(),
        Quantity::ShareFlagged => "share flagged".to_owned(),
        Quantity::Precision => "precision".to_owned(),
        Quantity::Caught => "caught".to_owned(),
        Quantity::Missed => "missed".to_owned(),
        Quantity::FalseAlarms => "false alarms".to_owned(),
        Quantity::Prevalence => format!("share of {}", positives(business)),
        Quantity::Cost => "cost".to_owned(),
        // Not promised; named for completeness.
        Quantity::FalseNegativeRate => "false-negative rate".to_owned(),
        Quantity::FalsePositiveRate => "false-positive rate".to_owned(),
        Quantity::RocAuc => "ROC AUC".to_owned(),
        Quantity::AveragePrecision => "average precision".to_owned(),
    }
}

/// What the score drift means for the promises, in one or two sentences.
pub(crate) fn drift_sentence(
    monitoring: &Monitoring,
    drift: &DriftCheck,
    business: &Business,
) -> String {
    let m = monitoring;
    let threshold = format::threshold(m.threshold);
    let stats = format!(
        "PSI {}; Kolmogorov–Smirnov {:.3}, {}",
        psi(drift),
        drift.kolmogorov_smirnov.statistic,
        p_value(drift.kolmogorov_smirnov.p_value)
    );
    let share_flagged = m
        .promises
        .iter()
        .find(|p| p.quantity == Quantity::ShareFlagged);
    if !has_shifted(drift) {
        return format!(
            "Production's scores look like the evaluation's ({stats}): the rates the promises rest on still describe production, as far as scores alone can show."
        );
    }
    let mut text = format!("Scores moved {} ({stats})", direction(drift));
    if let Some(promise) = share_flagged {
        let verdict = match promise.verdict {
            Verdict::Above => " — more flags than promised",
            Verdict::Below => " — fewer flags than promised",
            Verdict::Kept => "; over the whole period that is still within the promise",
            Verdict::CannotTell => "",
        };
        text.push_str(&format!(
            ": {} of production cases score {threshold} or more against the {} the evaluation implied{verdict}",
            share(drift.share_flagged),
            share(promise.promised.value),
        ));
    }
    text.push('.');
    let worst = m
        .weeks
        .iter()
        .filter_map(|w| Some((w, w.drift.as_ref()?)))
        .max_by(|a, b| a.1.stability.index.total_cmp(&b.1.stability.index));
    if let Some((week, d)) = worst
        && m.weeks.len() > 1
        && has_shifted(d)
    {
        text.push_str(&format!(
            " The shift is largest in week {} ({}: PSI {}, Kolmogorov–Smirnov {:.3}).",
            week.number,
            dates(week.first_day, week.last_day),
            psi(d),
            d.kolmogorov_smirnov.statistic
        ));
    }
    text.push_str(&format!(
        " A shift alone does not say the model got worse: more {} in production move scores up too, and {} the two apart.",
        positives(business),
        if m.audit.is_some() { "the audit tells" } else { "an audit would tell" }
    ));
    text
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Group::Flagged => "flagged",
            Group::NotFlagged => "unflagged",
        })
    }
}

/// How days are counted, for the page and the JSON (`model::monitoring::periods`).
pub(crate) const DAYS_RULE: &str = "the first or last day production covers only in part is left out of the per-day averages and the band (a few hours are not a day), and counts for the part of it between its first and last case, but for no more than its cases make of an average whole day (so a stray case with a wrong timestamp counts as one case's worth of a day, not as the hours to midnight); a first or last day with fewer than half the cases of the quietest whole day is partial likewise; a day with no case inside the period is taken as not observed and left out likewise; totals are spread over the days observed (whole days plus each partial day's share); a range over fewer than two whole days cannot tell";

/// A verdict in a week × promise grid's cell: the outcome, and an arrow for the
/// side of the promise it fell on ("worse ↑", "better ↓", "kept", "cannot tell").
pub(crate) fn cell_words(outcome: crate::model::monitoring::Outcome, verdict: Verdict) -> String {
    use crate::model::monitoring::Outcome;
    let arrow = match verdict {
        Verdict::Above => " ↑",
        Verdict::Below => " ↓",
        Verdict::Kept | Verdict::CannotTell => "",
    };
    match (outcome, verdict) {
        (Outcome::AsPromised, Verdict::Kept) => "kept".to_owned(),
        (Outcome::CannotTell, _) => "cannot tell".to_owned(),
        (Outcome::Better, _) => format!("better{arrow}"),
        (Outcome::Worse, _) => format!("worse{arrow}"),
        (Outcome::AsPromised, _) => format!("no harm{arrow}"),
    }
}

/// A week's column head: "Week 1", with its dates as "23–29 Nov" below.
pub(crate) fn week_dates(first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if first == last {
        first.format("%-d %b").to_string()
    } else if first.month() == last.month() {
        format!("{}–{}", first.format("%-d"), last.format("%-d %b"))
    } else {
        format!("{} – {}", first.format("%-d %b"), last.format("%-d %b"))
    }
}

/// How the 7-day periods are cut and judged, in words (`monitoring.periods_rule`).
pub(crate) fn periods_rule() -> String {
    format!(
        "the period is cut into consecutive 7-day periods from its first whole day: a partial first day joins the first period (8 calendar days, its per-day averages over the 7 whole ones), and the last period holds what is left (1 to 7 days, marked short when it has fewer than 7 whole days); each period's promises follow the whole period's rules on its own days and audit, and cannot tell over fewer than two whole days, or, for a figure from the audit, when a group it rests on (flagged for caught, false alarms and precision; not flagged for missed; both for the share of positives) has fewer than {} verdicts in the period",
        crate::model::monitoring::MIN_WEEK_VERDICTS
    )
}

/// "1 Dec 2026 (counted as 23 hours)": a day and how much of a day it counts for.
fn partial_day(date: chrono::NaiveDate, share: f64) -> String {
    let hours = share * 24.0;
    if hours * 60.0 < 0.5 {
        // A stray case or two: a few seconds' worth of an average day.
        return format!("{} (counted as under a minute)", date.format("%-d %b %Y"));
    }
    let (amount, unit) = if hours * 60.0 < 59.5 {
        (hours * 60.0, "minute")
    } else {
        (hours, "hour")
    };
    let hours = format!(
        "{} {unit}{}",
        count(amount),
        if amount.round() == 1.0 { "" } else { "s" }
    );
    format!("{} (counted as {hours})", date.format("%-d %b %Y"))
}

impl fmt::Display for MonitoringWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MonitoringWarning::AuditShareDiffers {
                group,
                declared,
                audited,
                cases,
                p_value: p,
            } => write!(
                f,
                "the audit covers {} of {} {group} cases ({}) but monitoring.audit.sampled says {}: more or fewer than chance explains ({}); the estimates use the share actually audited, which is right only if those cases were picked at random — check how the audit was drawn",
                count(*audited as f64),
                count(*cases as f64),
                share(*audited as f64 / *cases as f64),
                share(*declared),
                p_value(*p)
            ),
            MonitoringWarning::AuditIdsNotInProduction(left) => write!(
                f,
                "{} audit {} (the first in row {}, id `{}`) {} no production case of this period and {} left out: check that the audit and production cover the same period",
                count(left.count as f64),
                if left.count == 1 { "row" } else { "rows" },
                left.first_row,
                left.first_id,
                if left.count == 1 { "names" } else { "name" },
                if left.count == 1 { "is" } else { "are" },
            ),
            MonitoringWarning::RepeatedVerdicts(left) => write!(
                f,
                "{} audit {} an earlier verdict for the same case (the first in row {}, id `{}`) and {} counted once",
                count(left.count as f64),
                if left.count == 1 {
                    "row repeats"
                } else {
                    "rows repeat"
                },
                left.first_row,
                left.first_id,
                if left.count == 1 { "is" } else { "are" },
            ),
            MonitoringWarning::UnlabelledAuditRows(left) => write!(
                f,
                "{} audit {} no label (the first in row {}, id `{}`): {} as not audited",
                count(left.count as f64),
                if left.count == 1 {
                    "row has"
                } else {
                    "rows have"
                },
                left.first_row,
                left.first_id,
                if left.count == 1 {
                    "it counts"
                } else {
                    "they count"
                },
            ),
            MonitoringWarning::GroupNotAudited { group, cases } => write!(
                f,
                "none of the {} {group} cases has a verdict: what depends on them ({}) cannot be known; audit a random sample of them",
                count(*cases as f64),
                match group {
                    Group::Flagged => "caught, false alarms, precision",
                    Group::NotFlagged => "missed, the share of positives",
                }
            ),
            MonitoringWarning::AuditIdsJoinedByValue { production, audit } => write!(
                f,
                "the audit and production write their ids differently (`{audit}` in the audit is `{production}` in production): they were joined as the integers they write, which pairs each verdict with one production case"
            ),
            MonitoringWarning::PartialDays { days } => write!(
                f,
                "production covers only part of {}: such days are shown but left out of the per-day averages and the band, and the period's totals are spread over the days observed; days are cut at midnight in the context's zone (data.timezone)",
                days.iter()
                    .map(|&(d, share)| partial_day(d, share))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            MonitoringWarning::EmptyDays { dates: empty } => {
                let runs = runs_of_days(empty);
                let longest = runs.iter().map(|r| r.2).max().unwrap_or(0);
                write!(
                    f,
                    "no case at all on {} {}: taken as not observed (an export gap?) and left out of the per-day averages and the band; if production really scored nothing then, its averages are lower than shown",
                    if empty.len() == 1 { "day" } else { "days" },
                    runs.iter()
                        .map(|&(first, last, n)| if n == 1 {
                            dates(first, last)
                        } else {
                            format!("{} ({} days)", dates(first, last), count(n as f64))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
                if longest >= 28 {
                    write!(
                        f,
                        "; a gap of {} days is more likely a few cases with a wrong timestamp than a quiet spell: check the cases on the days around it (data.timestamp), and remove them if they are strays, since the period, the weeks and the per-day averages run from the first case to the last",
                        count(longest as f64)
                    )?;
                }
                Ok(())
            }
            MonitoringWarning::SampleRatioMismatch {
                planned,
                model,
                cases,
                p_value: p,
            } => write!(
                f,
                "the experiment's split is off: {} of {} cases ({}) are in the model arm where monitoring.experiment.split plans {}, further than chance explains ({}): a sample-ratio mismatch means the randomisation or the logging is broken, so do not trust the effect until it is found",
                count(*model as f64),
                count(*cases as f64),
                share(*model as f64 / *cases as f64),
                share(*planned),
                p_value(*p)
            ),
            MonitoringWarning::ImpossibleScores {
                count: n,
                example,
                row,
                evaluation: (lo, hi),
            } => write!(
                f,
                "{} production {} the model cannot have given (for example {example} in row {row}; the evaluation's scores lie between {lo} and {hi}): check that production runs the model version the launch report evaluated and that the score column is logged as the model wrote it; the drift and the per-day figures include {}",
                count(*n as f64),
                if *n == 1 {
                    "score is one"
                } else {
                    "scores are ones"
                },
                if *n == 1 { "it" } else { "them" }
            ),
            MonitoringWarning::SkewedAmounts { log_sd, amounts } => write!(
                f,
                "the {} audited amounts the cost a day is priced from are very skewed (their logarithms' standard deviation is {log_sd:.2}): its range then covers the average day less often than 95 % (about 86 % at 1.5 with 18 amounts, by simulation), so read it as too narrow, or audit more unflagged cases",
                count(*amounts as f64)
            ),
            // One day: nothing is judged (fewer than two whole days), so no
            // verdict to read as an early sign.
            MonitoringWarning::ShortPeriod { days: 1 } => write!(
                f,
                "the period covers only 1 day: no promise is judged over fewer than two whole days, so wait for more"
            ),
            MonitoringWarning::ShortPeriod { days } => write!(
                f,
                "the period covers only {} days: one unusual day weighs heavily, so read the verdicts as early signs",
                count(*days as f64)
            ),
        }
    }
}

/// A threshold, or "above every score" when nothing may be flagged.
pub(crate) fn threshold_text(threshold: f64) -> String {
    if threshold.is_finite() {
        format::threshold(threshold)
    } else {
        "above every score".to_owned()
    }
}
