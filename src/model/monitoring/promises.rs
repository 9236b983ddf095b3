//! The promises: what the launch report said for an average production day, what
//! happened, and the verdict by the module's rules.

use super::{AuditSummary, ProductionDay};
use crate::model::report::Report;
use crate::stats::audit::{AuditCounts, AuditEstimates, AuditPerDay};
use crate::stats::average_day::{GroupPart, average_day, expected_share};
use crate::stats::interval::Estimate;
use crate::stats::monitoring::{mean_of_days, ratio_of_days};
use crate::stats::workload::Costs;

use crate::stats::quantity::Quantity;

/// Whether a promise held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The observed range overlaps the promised one and is not too wide to judge.
    Kept,
    /// The observed range lies wholly above the promised range.
    Above,
    /// The observed range lies wholly below the promised range.
    Below,
    /// No observation, or one more than four times as uncertain as the promise.
    CannotTell,
}

impl Verdict {
    /// The JSON key (`kept`, `above`, `below`, `cannot_tell`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Kept => "kept",
            Verdict::Above => "above",
            Verdict::Below => "below",
            Verdict::CannotTell => "cannot_tell",
        }
    }
}

/// How much wider than the promised range an observed range may be before the
/// verdict is "cannot tell yet".
pub const TOO_WIDE: f64 = 4.0;

/// The verdict on `observed` against `promised` (module rules).
pub fn verdict(promised: Estimate, observed: Option<Estimate>) -> Verdict {
    let Some(observed) = observed else {
        return Verdict::CannotTell;
    };
    if observed.low > promised.high {
        return Verdict::Above;
    }
    if observed.high < promised.low {
        return Verdict::Below;
    }
    let promised_width = promised.high - promised.low;
    let observed_width = observed.high - observed.low;
    if promised_width > 0.0 && observed_width > TOO_WIDE * promised_width {
        Verdict::CannotTell
    } else {
        Verdict::Kept
    }
}

/// What a verdict means for the reader: the same "above the promise" is good news
/// for the positives caught and bad news for the positives missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Off the promise in the reader's favour.
    Better,
    /// Off the promise against the reader.
    Worse,
    /// Kept, or off the promise in a way that costs the reader nothing (more cases
    /// scored, or more flags, while the flags stay within the capacity).
    AsPromised,
    /// The verdict cannot tell.
    CannotTell,
}

impl Outcome {
    /// The JSON key (`better`, `worse`, `as_promised`, `cannot_tell`).
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Better => "better",
            Outcome::Worse => "worse",
            Outcome::AsPromised => "as_promised",
            Outcome::CannotTell => "cannot_tell",
        }
    }
}

/// What `verdict` on `quantity` means for the reader. `flags_over_capacity`: whether
/// the observed flags per day exceed the capacity (`None`: no capacity, or no
/// observed flags).
///
/// The rules, one per quantity:
/// - caught, precision: above is better, below worse;
/// - missed, false alarms: above is worse, below better;
/// - the share of positives in production: above is worse (more to catch at the same
///   threshold, so more missed), below better;
/// - flagged a day and the share flagged: above is worse when the flags exceed the
///   capacity or no capacity is stated, as promised when the team can still handle
///   them; below is better (a lighter queue; what it costs in catches is the caught
///   and missed rows' outcome);
/// - cases scored a day: above is worse only when the flags exceed the capacity, else
///   as promised; below is as promised.
pub fn outcome(quantity: Quantity, verdict: Verdict, flags_over_capacity: Option<bool>) -> Outcome {
    let above = match verdict {
        Verdict::Kept => return Outcome::AsPromised,
        Verdict::CannotTell => return Outcome::CannotTell,
        Verdict::Above => true,
        Verdict::Below => false,
    };
    let (if_above, if_below) = match quantity {
        Quantity::Caught | Quantity::Precision | Quantity::RocAuc | Quantity::AveragePrecision => {
            (Outcome::Better, Outcome::Worse)
        }
        Quantity::Missed
        | Quantity::FalseAlarms
        | Quantity::Prevalence
        | Quantity::Cost
        | Quantity::FalseNegativeRate
        | Quantity::FalsePositiveRate => (Outcome::Worse, Outcome::Better),
        Quantity::Flagged | Quantity::ShareFlagged => match flags_over_capacity {
            Some(false) => (Outcome::AsPromised, Outcome::Better),
            Some(true) | None => (Outcome::Worse, Outcome::Better),
        },
        Quantity::Volume => match flags_over_capacity {
            Some(true) => (Outcome::Worse, Outcome::AsPromised),
            Some(false) | None => (Outcome::AsPromised, Outcome::AsPromised),
        },
    };
    if above { if_above } else { if_below }
}

/// A promise against what happened. Counts are per day, shares in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Promise {
    /// What was promised.
    pub quantity: Quantity,
    /// The launch report's value and 95 % range (a plan has no range).
    pub promised: Estimate,
    /// What happened, with its 95 % range; `None` when it cannot be known (no audit,
    /// or an audit group with cases but no verdicts).
    pub observed: Option<Estimate>,
    /// Whether it held, by [`verdict`].
    pub verdict: Verdict,
    /// What the verdict means for the reader, by [`outcome`].
    pub outcome: Outcome,
}

/// How the cost a day is observed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Pricing {
    /// The audit's counts at fixed prices.
    Fixed(Costs),
    /// Each audited case at its own cost (`super::costs`): the cost a day, or
    /// `None` when it cannot be priced.
    Columns(Option<super::costs::ColumnCost>),
    /// No costs, or none that can be priced.
    Unpriced,
}

/// Every promise of the launch report with what happened.
pub(super) fn promises(
    report: &Report,
    days: &[ProductionDay],
    audit: Option<&AuditSummary>,
    capacity: Option<f64>,
    prices: Pricing,
) -> Vec<Promise> {
    held(
        report,
        days,
        audit.map(|a| (&a.estimates, a.per_day)),
        (capacity, prices),
        None,
    )
}

/// Fewest verdicts in an audit group for a week's estimate resting on that group to
/// be judged: fewer say "cannot tell" whatever their range.
pub const MIN_WEEK_VERDICTS: u64 = 30;

/// A week's promises: the same rules as the whole period's, on the week's whole
/// days and the week's audit, and two more: over fewer than two whole days every
/// promise cannot tell (a single day is no average day), and an audited promise
/// cannot tell when a group it rests on has fewer than [`MIN_WEEK_VERDICTS`]
/// verdicts in the week.
pub(super) fn week_promises(
    report: &Report,
    days: &[ProductionDay],
    audit: Option<(&AuditEstimates, Option<AuditPerDay>, AuditCounts)>,
    capacity: Option<f64>,
    prices: Pricing,
) -> Vec<Promise> {
    let counts = audit.map(|a| a.2);
    held(
        report,
        days,
        audit.map(|(e, d, _)| (e, d)),
        (capacity, prices),
        Some(counts),
    )
}

/// The promises held on `days` and an audit's estimates; `week`: the week's audit
/// tallies (`Some(None)` for a week without an audit), for the week's rules.
fn held(
    report: &Report,
    days: &[ProductionDay],
    audit: Option<(&AuditEstimates, Option<AuditPerDay>)>,
    (capacity, prices): (Option<f64>, Pricing),
    week: Option<Option<AuditCounts>>,
) -> Vec<Promise> {
    let promised = &report.current.per_day;
    let volume = report.workload.volume_per_day;
    // Per-day averages over whole days only (see `periods`); a range over fewer
    // than two of them cannot tell.
    let whole: Vec<&ProductionDay> = days.iter().filter(|d| d.is_whole()).collect();
    let cases: Vec<f64> = whole.iter().map(|d| d.cases as f64).collect();
    let flags: Vec<f64> = whole.iter().map(|d| d.flagged as f64).collect();
    let too_few_days = whole.len() < 2;
    let flags_over_capacity = capacity
        .zip(mean_of_days(&flags))
        .map(|(capacity, flagged)| flagged.value > capacity);
    let per_day = audit.and_then(|a| a.1);
    let estimates = audit.map(|a| a.0);
    // The audited figures' ranges for production's average day, the promise, not
    // for the period's realised counts (`stats::average_day`): each group's cases a
    // whole day, and its share of positives from the audit.
    let observed_days: f64 = days.iter().map(|d| d.coverage.observed()).sum();
    let not_flags: Vec<f64> = whole.iter().map(|d| (d.cases - d.flagged) as f64).collect();
    let total = |f: fn(&ProductionDay) -> usize| days.iter().map(|d| f(d) as f64).sum::<f64>();
    let (all_cases, all_flagged) = (total(|d| d.cases), total(|d| d.flagged));
    let share = |count: Option<Estimate>, cases: f64| {
        count.map_or(f64::NAN, |c| {
            if cases > 0.0 {
                c.value * observed_days / cases
            } else {
                0.0
            }
        })
    };
    let flagged_share = share(per_day.and_then(|d| d.caught), all_flagged);
    let missed_share = share(per_day.and_then(|d| d.missed), all_cases - all_flagged);
    let flagged_part = |fixed: f64, coefficient: f64| GroupPart {
        fixed,
        coefficient,
        share: flagged_share,
        per_day: &flags,
        cases: all_flagged,
        spread: 0.0,
    };
    let not_flagged_part = |coefficient: f64| GroupPart {
        fixed: 0.0,
        coefficient,
        share: missed_share,
        per_day: &not_flags,
        cases: all_cases - all_flagged,
        spread: 0.0,
    };
    let widen =
        |e: Option<Estimate>, parts: &[GroupPart]| e.map(|e| average_day(e, parts, observed_days));
    // For a week: whether the groups a quantity rests on have too few verdicts.
    let too_few_verdicts = |quantity: Quantity| -> bool {
        let Some(counts) = week else {
            return false;
        };
        // A week without an audit has no audited figure to judge (their `observed`
        // is `None`); the counted ones (volume, flagged, share flagged) stay judged.
        let (flagged, not_flagged) = counts.map_or((true, true), |c| {
            (
                c.flagged_audited < MIN_WEEK_VERDICTS,
                c.not_flagged_audited < MIN_WEEK_VERDICTS,
            )
        });
        match quantity {
            Quantity::Volume | Quantity::Flagged | Quantity::ShareFlagged => false,
            Quantity::Precision | Quantity::Caught | Quantity::FalseAlarms => flagged,
            Quantity::Missed => not_flagged,
            Quantity::Prevalence | Quantity::Cost => flagged || not_flagged,
            // Not promised (see `Quantity::PROMISED`).
            Quantity::FalseNegativeRate
            | Quantity::FalsePositiveRate
            | Quantity::RocAuc
            | Quantity::AveragePrecision => false,
        }
    };
    Quantity::PROMISED
        .into_iter()
        .filter_map(|quantity| {
            let (promise, observed) = match quantity {
                Quantity::Volume => (Estimate::exact(volume), mean_of_days(&cases)),
                Quantity::Flagged => (promised.flagged, mean_of_days(&flags)),
                Quantity::ShareFlagged => (
                    promised.flagged.scale(1.0 / volume),
                    ratio_of_days(&flags, &cases),
                ),
                Quantity::Precision => (
                    promised.precision?,
                    (estimates.and_then(|e| e.precision)).map(|e| expected_share(e, all_flagged)),
                ),
                Quantity::Caught => (
                    promised.caught,
                    widen(per_day.and_then(|d| d.caught), &[flagged_part(0.0, 1.0)]),
                ),
                Quantity::Missed => (
                    promised.missed,
                    widen(per_day.and_then(|d| d.missed), &[not_flagged_part(1.0)]),
                ),
                Quantity::FalseAlarms => (
                    promised.false_alarms,
                    widen(
                        per_day.and_then(|d| d.false_alarms),
                        &[flagged_part(1.0, -1.0)],
                    ),
                ),
                Quantity::Prevalence => (
                    Estimate::exact(report.workload.prevalence),
                    (estimates.and_then(|e| e.prevalence)).map(|e| expected_share(e, all_cases)),
                ),
                Quantity::Cost => (
                    promised.cost?,
                    match prices {
                        Pricing::Fixed(c) => widen(
                            per_day.and_then(|d| d.priced(&c)),
                            &[
                                flagged_part(c.false_positive, c.true_positive - c.false_positive),
                                not_flagged_part(c.false_negative),
                            ],
                        ),
                        // Priced case by case (`stats::audit_costs`): each group's
                        // cases a day at its cost per case, and each case's own spread.
                        Pricing::Columns(observed) => observed.and_then(|c| {
                            let [(flagged_mean, flagged_spread), (missed_mean, missed_spread)] =
                                c.per_case;
                            widen(
                                Some(c.per_day),
                                &[
                                    GroupPart {
                                        fixed: flagged_mean,
                                        coefficient: 0.0,
                                        share: 0.0,
                                        per_day: &flags,
                                        cases: all_flagged,
                                        spread: flagged_spread,
                                    },
                                    GroupPart {
                                        fixed: missed_mean,
                                        coefficient: 0.0,
                                        share: 0.0,
                                        per_day: &not_flags,
                                        cases: all_cases - all_flagged,
                                        spread: missed_spread,
                                    },
                                ],
                            )
                        }),
                        Pricing::Unpriced => None,
                    },
                ),
                // Not promised (see `Quantity::PROMISED`).
                Quantity::FalseNegativeRate
                | Quantity::FalsePositiveRate
                | Quantity::RocAuc
                | Quantity::AveragePrecision => return None,
            };
            // Over fewer than two whole days nothing is judged, in a week as in the
            // whole period: a single day is no average day, whether its figures are
            // counted or audited.
            let verdict = if too_few_days || too_few_verdicts(quantity) {
                Verdict::CannotTell
            } else {
                verdict(promise, observed)
            };
            Some(Promise {
                quantity,
                promised: promise,
                observed,
                verdict,
                outcome: outcome(quantity, verdict, flags_over_capacity),
            })
        })
        .collect()
}
