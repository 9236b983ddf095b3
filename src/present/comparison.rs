//! The release review in words: the comparison's headline ("At 500 cases flagged a
//! day, … catches 271 fraudulent transactions a day and … catches 255: 16 more (9 to
//! 23)."), differences with their ranges, and each gate's name, value and limit as a
//! reader sees them. Shared by the page, the markdown summary and the terminal.

use crate::input::context::{MatchRule, NoWorse};
use crate::model::comparison::{Comparison, Matched};
use crate::model::gates::{Gate, GateResult};
use crate::model::report::{OperatingPoint, Report};
use crate::present::format::{count, money, per_day, percent, plural, signed_count, threshold};
use crate::stats::interval::Estimate;
use crate::stats::quantity::{Quantity, Side, Unit};

/// The candidate's name: the context's `model`, else "the new model".
pub(crate) fn candidate_name(report: &Report) -> String {
    report
        .model
        .clone()
        .unwrap_or_else(|| "the new model".to_owned())
}

/// A difference of counts as people read it, from two values each rounded as shown:
/// the shown difference is the difference of the shown counts, so "271 and 255: 16
/// more" always adds up.
pub(crate) fn shown_difference(candidate: f64, baseline: f64) -> f64 {
    candidate.round() - baseline.round()
}

/// "16 more (9 to 23)", "16 fewer (9 to 23)", or, when the range spans 0, "3 more,
/// within chance (from 4 fewer to 10 more)"; `shown` is the difference as shown,
/// `range` its interval, `unit` what is counted ("" or " false alarms").
pub(crate) fn difference_words(shown: f64, range: &Estimate, more: &str, fewer: &str) -> String {
    let magnitude = |v: f64| count(v.abs());
    let side = |v: f64| {
        if v.round() < 0.0 {
            format!("{} {fewer}", magnitude(v))
        } else {
            format!("{} {more}", magnitude(v))
        }
    };
    let head = if shown == 0.0 {
        "no difference".to_owned()
    } else if shown > 0.0 {
        format!("{} {more}", magnitude(shown))
    } else {
        format!("{} {fewer}", magnitude(shown))
    };
    if range.low > 0.0 || range.high < 0.0 {
        let (a, b) = if range.low > 0.0 {
            (range.low, range.high)
        } else {
            (range.high, range.low)
        };
        format!("{head} ({} to {})", magnitude(a), magnitude(b))
    } else {
        format!(
            "{head}, within chance (from {} to {})",
            side(range.low),
            side(range.high)
        )
    }
}

/// A signed difference of counts (or money, with its currency code first) and its
/// range in brackets: "+16 (9 to 23)", "USD −1,200 (−2,050 to −350)".
pub(crate) fn signed_with_range(shown: f64, range: &Estimate, currency: Option<&str>) -> String {
    let body = format!(
        "{} ({} to {})",
        signed_count(shown),
        count(range.low),
        count(range.high)
    );
    match currency {
        Some(c) => format!("{c} {body}"),
        None => body,
    }
}

/// What reading several gates, matched points and metrics together means, and
/// what is adjusted for it (issue 28).
pub(crate) const MULTIPLICITY: &str = "On multiplicity: each gate, each matched point and each metric is read at its own 95% level, not adjusted for the others; with several read together, one of them can show a difference by chance alone more often than 1 time in 20. Only the segment tables are adjusted (Holm, across the values of a column). A gate failing on its own is worth a second look, not proof.";

/// A ROC AUC: four decimals.
pub(crate) fn auc(value: f64) -> String {
    format!("{value:.4}")
}

/// A ROC AUC or average precision with its 95 % range: "0.9876 (0.9801–0.9951)";
/// the bare value without a range.
pub(crate) fn auc_with_range(
    value: f64,
    range: Option<crate::stats::interval::Estimate>,
) -> String {
    match range {
        Some(e) => format!("{} ({}–{})", auc(value), auc(e.low), auc(e.high)),
        None => auc(value),
    }
}

/// A signed difference with its range: "+0.0060 (−0.0010 to +0.0130)".
pub(crate) fn difference_with_range(e: crate::stats::interval::Estimate) -> String {
    format!(
        "{} ({} to {})",
        auc_difference(e.value),
        auc_difference(e.low),
        auc_difference(e.high)
    )
}

/// A signed AUC difference: "+0.0060".
pub(crate) fn auc_difference(value: f64) -> String {
    let text = format!("{value:.4}").replace('-', "−");
    if value > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A p-value: "p = 0.021", "p < 0.001".
pub(crate) fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_owned()
    } else {
        format!("p = {p:.3}")
    }
}

/// What a matched point holds equal, in words: "the same threshold, 0.50"; "the
/// capacity, 500 flagged a day"; "the same false-negative rate, 5.0%".
pub(crate) fn matched_label(m: &Matched, comparison: &Comparison) -> String {
    match m.rule {
        MatchRule::Threshold if m.baseline.threshold != m.candidate.threshold => format!(
            "each at the threshold it runs at, {} and {}",
            threshold(m.candidate.threshold),
            threshold(m.baseline.threshold)
        ),
        MatchRule::Threshold => format!("the same threshold, {}", threshold(m.at)),
        MatchRule::FlaggedPerDay if m.from_capacity => {
            format!("the capacity, {} flagged a day", count(m.at))
        }
        MatchRule::FlaggedPerDay => format!(
            "{}'s flags today, {} a day",
            comparison.baseline_name,
            count(m.at)
        ),
        MatchRule::FalseNegativeRate => {
            format!("the same false-negative rate, {}", percent(m.at))
        }
    }
}

/// The sentences that open the comparison: catches at the matched flags, false
/// alarms at the matched misses, and the ROC AUC.
pub(crate) fn comparison_headline(report: &Report, comparison: &Comparison) -> Vec<String> {
    let b = &report.business;
    let (new, old) = (candidate_name(report), comparison.baseline_name.clone());
    let mut sentences = Vec::new();
    if let Some(m) = comparison.matched_by(MatchRule::FlaggedPerDay) {
        let (c, o) = (
            m.candidate.per_day.caught.value,
            m.baseline.per_day.caught.value,
        );
        let opening = if m.from_capacity {
            format!("At {} cases flagged a day (the capacity)", count(m.at))
        } else {
            format!(
                "Flagging as many cases as {old} does today ({} a day at threshold {})",
                count(m.at),
                threshold(comparison.baseline_threshold)
            )
        };
        sentences.push(format!(
            "{opening}, {new} catches {} {} a day and {old} catches {}: {}.",
            count(c),
            plural(&b.positive, c),
            count(o),
            difference_words(
                shown_difference(c, o),
                &m.difference.caught,
                "more",
                "fewer"
            )
        ));
    }
    if let Some(m) = comparison.matched_by(MatchRule::FlaggedPerDay) {
        for (name, tied) in [(&new, m.candidate_tied_top), (&old, m.baseline_tied_top)] {
            if let Some(flagged) = tied {
                sentences.push(format!(
                    "Ties: the cases sharing {name}'s highest score flag {} a day, more than {}, so no threshold of {name}'s flags at most that and anything at all; {name} is held at its highest score ({}) instead of at a threshold above every score that flags nothing.",
                    count(flagged),
                    count(m.at),
                    threshold(if name == &new { m.candidate.threshold } else { m.baseline.threshold }),
                ));
            }
        }
    }
    if let Some(m) = comparison.matched_by(MatchRule::FalseNegativeRate) {
        let (c, o) = (
            m.candidate.per_day.false_alarms.value,
            m.baseline.per_day.false_alarms.value,
        );
        sentences.push(format!(
            "Missing no more than {} of {} ({new} at threshold {}), {new} raises {} false {} a day and {old} raises {}: {}.",
            percent(m.at),
            plural(&b.positive, 2.0),
            threshold(m.candidate.threshold),
            count(c),
            if c.round() == 1.0 { "alarm" } else { "alarms" },
            count(o),
            difference_words(shown_difference(c, o), &m.difference.false_alarms, "more", "fewer")
        ));
    }
    if let Some(a) = comparison.roc_auc {
        let verdict = match a.p_value {
            Some(p) if p < 0.05 => "more than chance",
            Some(_) => "within chance",
            None => "no spread to test",
        };
        sentences.push(format!(
            "ROC AUC: {} for {new} and {} for {old}, a difference of {} ({} to {}; {}), {verdict}.",
            auc(a.auc_a),
            auc(a.auc_b),
            auc_difference(a.difference),
            auc_difference(a.interval95.0),
            auc_difference(a.interval95.1),
            a.p_value.map_or_else(|| "no p-value".to_owned(), p_value),
        ));
    }
    sentences
}

/// A per-day quantity of one operating point as shown: a count, or money.
pub(crate) fn quantity_value(
    point: &OperatingPoint,
    quantity: Quantity,
    report: &Report,
) -> Option<String> {
    let value = point.per_day.of(quantity)?.value;
    let currency = report.business.currency.as_deref();
    Some(match quantity.unit() {
        Unit::PerDay => count(value),
        Unit::MoneyPerDay => money(value, currency),
        Unit::Share => percent(value),
    })
}

/// A per-day quantity's raw value at one operating point.
pub(crate) fn quantity_number(point: &OperatingPoint, quantity: Quantity) -> Option<f64> {
    point.per_day.of(quantity).map(|e| e.value)
}

/// The difference of a quantity at a matched point as shown: "+16 (9 to 23)".
pub(crate) fn matched_difference(
    m: &Matched,
    quantity: Quantity,
    report: &Report,
) -> Option<String> {
    let range = m.difference_of(quantity)?;
    let shown = shown_difference(
        quantity_number(&m.candidate, quantity)?,
        quantity_number(&m.baseline, quantity)?,
    );
    let currency = if quantity == Quantity::Cost {
        report.business.currency.as_deref()
    } else {
        None
    };
    Some(signed_with_range(shown, &range, currency))
}

/// A quantity's name per day: "caught a day", "cost a day".
pub(crate) fn quantity_label(quantity: Quantity) -> &'static str {
    match quantity {
        Quantity::Flagged => "flagged a day",
        Quantity::Caught => "caught a day",
        Quantity::Missed => "missed a day",
        Quantity::FalseAlarms => "false alarms a day",
        Quantity::Cost => "cost a day",
        Quantity::Volume => "cases scored a day",
        Quantity::ShareFlagged => "share flagged",
        Quantity::Precision => "precision in production",
        Quantity::Prevalence => "share of positives in production",
        Quantity::FalseNegativeRate => "false-negative rate",
        Quantity::FalsePositiveRate => "false-positive rate",
        Quantity::RocAuc => "ROC AUC",
        Quantity::AveragePrecision => "average precision",
    }
}

/// What a gate asks, in words: "missed a day at the current threshold: at most
/// 15"; "caught a day at the same flagged per day: not fewer than the baseline's by
/// more than chance".
pub(crate) fn gate_description(result: &GateResult, report: &Report) -> String {
    let currency = report.business.currency.as_deref();
    match result.gate {
        Gate::Limit(limit) => {
            let bound = limit_text(limit.quantity, result.limit, currency);
            let rule = match limit.side {
                Side::AtMost => "at most",
                Side::AtLeast => "at least",
            };
            let what = match limit.quantity {
                Quantity::RocAuc | Quantity::AveragePrecision => {
                    quantity_label(limit.quantity).to_owned()
                }
                Quantity::Volume
                | Quantity::Flagged
                | Quantity::ShareFlagged
                | Quantity::Precision
                | Quantity::Caught
                | Quantity::Missed
                | Quantity::FalseAlarms
                | Quantity::Prevalence
                | Quantity::Cost
                | Quantity::FalseNegativeRate
                | Quantity::FalsePositiveRate => format!(
                    "{} at the current threshold",
                    quantity_label(limit.quantity)
                ),
            };
            format!("{what}: {rule} {bound}")
        }
        Gate::NoWorse(item) => no_worse_description(result, item, report),
    }
}

/// A difference in the unit of what `item` compares: "+0.0100", "12", "€ 300".
fn item_amount(item: NoWorse, value: f64, report: &Report) -> String {
    match item {
        NoWorse::RocAuc => format!("{value:.4}"),
        NoWorse::PerDay(Quantity::Cost, _) => money(value, report.business.currency.as_deref()),
        NoWorse::PerDay(..) => count(value),
    }
}

/// What a `no_worse_than_baseline` gate asks, its verdict when inconclusive, and
/// the smallest difference the comparison could have detected.
fn no_worse_description(result: &GateResult, item: NoWorse, report: &Report) -> String {
    let (what, worse) = match item {
        NoWorse::RocAuc => ("ROC AUC (DeLong)".to_owned(), "lower"),
        NoWorse::PerDay(quantity, rule) => {
            let at = match rule {
                MatchRule::Threshold => "at the threshold each runs at",
                MatchRule::FlaggedPerDay => "at the same flagged per day",
                MatchRule::FalseNegativeRate => "at the same false-negative rate",
            };
            let worse = match (quantity.unit(), quantity.higher_is_better()) {
                (Unit::MoneyPerDay, _) => "higher",
                (Unit::PerDay | Unit::Share, true) => "fewer",
                (Unit::PerDay | Unit::Share, false) => "more",
            };
            (format!("{} {at}", quantity_label(quantity)), worse)
        }
    };
    let mut text = match (result.margin_given, result.margin) {
        (None, _) => format!(
            "{what}: passes unless shown {worse} than the baseline's; no evidence it is {worse} is enough"
        ),
        (Some(given), Some(m)) => {
            let share = match given {
                crate::input::context::Margin::Relative(s) => {
                    format!(" ({} of the baseline's value)", percent(s))
                }
                crate::input::context::Margin::Absolute(_) => String::new(),
            };
            format!(
                "{what}: shown not {worse} than the baseline's by more than the margin, {}{share}",
                item_amount(item, m, report)
            )
        }
        (Some(_), None) => {
            format!("{what}: a margin relative to the baseline's value, which is undefined here")
        }
    };
    if result.verdict == crate::model::gates::Verdict::Inconclusive {
        text.push_str(if result.passed {
            "; inconclusive: the 95% range reaches past the margin, too few cases to tell (gates.on_inconclusive: pass lets it through)"
        } else {
            "; inconclusive: the 95% range reaches past the margin, too few cases to tell, so --check fails (gates.on_inconclusive: pass would let it through)"
        });
    }
    if let Some(d) = result.detectable {
        text.push_str(&format!(
            "; the comparison could detect a difference of {} (80% power)",
            item_amount(item, d, report)
        ));
    }
    text
}

/// A limit as shown: a count, money, a share or an AUC.
fn limit_text(quantity: Quantity, value: f64, currency: Option<&str>) -> String {
    match quantity {
        Quantity::Cost => money(value, currency),
        Quantity::RocAuc | Quantity::AveragePrecision => auc(value),
        Quantity::FalseNegativeRate
        | Quantity::FalsePositiveRate
        | Quantity::Precision
        | Quantity::ShareFlagged
        | Quantity::Prevalence => percent(value),
        Quantity::Volume
        | Quantity::Flagged
        | Quantity::Missed
        | Quantity::FalseAlarms
        | Quantity::Caught => count(value),
    }
}

/// The gate's value as shown, with its range where there is one.
pub(crate) fn gate_value(result: &GateResult, report: &Report) -> String {
    let Some(value) = result.value else {
        return "undefined".to_owned();
    };
    let currency = report.business.currency.as_deref();
    match result.gate {
        Gate::Limit(limit) => {
            // A per-day count reads as the headline reads it (0.5 missed a day, not
            // 1): the limit may be a whole number, the value need not be.
            let shown = |v: f64| match limit.quantity.unit() {
                Unit::PerDay => per_day(v),
                Unit::MoneyPerDay | Unit::Share => limit_text(limit.quantity, v, currency),
            };
            let text = shown(value);
            match (result.interval, limit.quantity) {
                (_, Quantity::RocAuc | Quantity::AveragePrecision) | (None, _) => text,
                (Some(e), _) => format!("{text} ({}–{})", shown(e.low), shown(e.high)),
            }
        }
        Gate::NoWorse(NoWorse::RocAuc) => {
            let e = result.interval.unwrap_or(Estimate::exact(value));
            format!(
                "{} ({} to {})",
                auc_difference(value),
                auc_difference(e.low),
                auc_difference(e.high)
            )
        }
        Gate::NoWorse(NoWorse::PerDay(quantity, _)) => {
            let e = result.interval.unwrap_or(Estimate::exact(value));
            let currency = if quantity == Quantity::Cost {
                currency
            } else {
                None
            };
            signed_with_range(value, &e, currency)
        }
    }
}

/// The gate's limit as shown.
pub(crate) fn gate_limit(result: &GateResult, report: &Report) -> String {
    match result.gate {
        Gate::Limit(limit) => limit_text(
            limit.quantity,
            result.limit,
            report.business.currency.as_deref(),
        ),
        Gate::NoWorse(item) => match result.margin {
            Some(m) => {
                let signed = if result.limit < 0.0 { "−" } else { "+" };
                format!("{signed}{} (margin)", item_amount(item, m, report))
            }
            None => "0 (the baseline)".to_owned(),
        },
    }
}

/// "All 4 gates pass." or "1 of 4 gates fails: max_missed_per_day."
pub(crate) fn gates_summary(gates: &[GateResult]) -> String {
    let failed: Vec<String> = gates
        .iter()
        .filter(|g| !g.passed)
        .map(|g| g.gate.name())
        .collect();
    let inconclusive: Vec<String> = gates
        .iter()
        .filter(|g| g.verdict == crate::model::gates::Verdict::Inconclusive)
        .map(|g| g.gate.name())
        .collect();
    let summary = summary_of_failures(&failed, gates.len());
    match inconclusive.len() {
        0 => summary,
        1 => format!(
            "{summary} Too few cases to tell for {}: its range reaches past its margin.",
            inconclusive[0]
        ),
        _ => format!(
            "{summary} Too few cases to tell for {}: their ranges reach past their margins.",
            inconclusive.join(", ")
        ),
    }
}

fn summary_of_failures(failed: &[String], total: usize) -> String {
    match (failed.len(), total) {
        (_, 0) => "The context sets no gates.".to_owned(),
        (0, 1) => "The one gate passes.".to_owned(),
        (0, n) => format!("All {n} gates pass."),
        (f, n) => format!(
            "{f} of {n} {} {}: {}.",
            if n == 1 { "gate" } else { "gates" },
            if f == 1 { "fails" } else { "fail" },
            failed.join(", ")
        ),
    }
}
