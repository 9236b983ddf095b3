//! The experiment section in words: what the model changes a day, from the
//! randomised split (holdout minus model, at production's volume), whether the
//! split came out as planned, and whether the experiment is big enough to tell.

use super::ExperimentView;
use crate::input::context::OutcomeIs;
use crate::model::monitoring::{EffectReading, ExperimentSummary, FEW_OUTCOMES, MISMATCH_P};
use crate::model::report::Report;
use crate::present::format::{count, per_day};
use crate::present::monitoring::{p_value, share};

pub(super) fn experiment_view(e: &ExperimentSummary, report: &Report) -> ExperimentView {
    let currency = report.business.currency.as_deref();
    let binary = e.effect.is_some_and(|f| f.binary);
    // An amount a day: money rounded to whole units, a count of cases with one
    // decimal below ten.
    let amount = |v: f64| {
        if binary {
            per_day(v)
        } else {
            match currency {
                Some(c) => format!("{c} {}", count(v)),
                None => count(v),
            }
        }
    };
    let bare = |v: f64| if binary { per_day(v) } else { count(v) };
    let per_case = |v: f64| {
        if binary {
            share(v)
        } else {
            match currency {
                Some(c) => format!("{c} {v:.2}"),
                None => format!("{v:.2}"),
            }
        }
    };
    let outcome = &e.outcome;
    let mut paragraphs = Vec::new();
    let headline;
    if let (Some(d), Some(reading)) = (e.effect_per_day, e.reading) {
        // d = holdout − model. For a loss, the model saves d; for a gain it costs d.
        let (less, more, done) = if binary {
            (
                format!("fewer cases a day end with `{outcome}`"),
                format!("more cases a day end with `{outcome}`"),
                "",
            )
        } else {
            match e.outcome_is {
                OutcomeIs::Loss => ("less".to_owned(), "more".to_owned(), " is lost a day"),
                OutcomeIs::Gain => ("less".to_owned(), "more".to_owned(), " is gained a day"),
            }
        };
        // What the model lowers the outcome by: d itself (holdout − model).
        let lowers = |v: f64, low: f64, high: f64| {
            if binary {
                format!(
                    "With the model, {} {less} ({} to {})",
                    bare(v),
                    bare(low),
                    bare(high)
                )
            } else {
                format!(
                    "With the model, {} {less}{done} ({} to {})",
                    amount(v),
                    bare(low),
                    bare(high)
                )
            }
        };
        let raises = |v: f64, low: f64, high: f64| {
            if binary {
                format!(
                    "With the model, {} {more} ({} to {})",
                    bare(v),
                    bare(low),
                    bare(high)
                )
            } else {
                format!(
                    "With the model, {} {more}{done} ({} to {})",
                    amount(v),
                    bare(low),
                    bare(high)
                )
            }
        };
        let mut sentence = match reading {
            EffectReading::CannotTell => {
                let range = if binary {
                    format!(
                        "between {} {less} and {} {more}",
                        bare(d.high.max(0.0)),
                        bare((-d.low).max(0.0))
                    )
                } else {
                    format!(
                        "between {} {less} and {} {more}{done}",
                        amount(d.high.max(0.0)),
                        amount((-d.low).max(0.0))
                    )
                };
                format!(
                    "The experiment is too small to tell what the model changes: with the model, {range} — no change is within the 95% range."
                )
            }
            EffectReading::Helps | EffectReading::Harms if d.value >= 0.0 => {
                lowers(d.value, d.low, d.high) + "."
            }
            EffectReading::Helps | EffectReading::Harms => raises(-d.value, -d.high, -d.low) + ".",
        };
        let verdict = match reading {
            EffectReading::Helps => " The model helps: the whole 95% range is on its side.",
            EffectReading::Harms => " The model does harm: the whole 95% range is against it.",
            EffectReading::CannotTell => "",
        };
        sentence.push_str(verdict);
        headline = sentence;
        if let Some(f) = e.effect {
            paragraphs.push(format!(
                "Per case, `{outcome}` averages {} in the model arm ({} cases) and {} in the holdout ({} cases, handled without the model). At production's {} cases a day, that is {} a day with the model against {} without it; the difference (holdout minus model) is what the model changes.",
                per_case(f.model.mean),
                count(f.model.cases as f64),
                per_case(f.holdout.mean),
                count(f.holdout.cases as f64),
                count(e.cases_per_day),
                amount(e.model_per_day.unwrap_or(f64::NAN)),
                amount(e.holdout_per_day.unwrap_or(f64::NAN)),
            ));
            if reading == EffectReading::CannotTell && d.value != 0.0 {
                let half = (d.high - d.low) / 2.0;
                let times = (half / d.value.abs()).powi(2);
                if times.is_finite() && times > 1.0 {
                    paragraphs.push(format!(
                        "To tell an effect of this size, the experiment needs about {} times as many cases (or a larger holdout): the range narrows with the square root of the cases.",
                        count(times.ceil())
                    ));
                }
            }
            if e.few_outcomes {
                paragraphs.push(format!(
                    "Only {} model-arm and {} held-out cases have a non-zero `{outcome}`: with fewer than {FEW_OUTCOMES} in an arm the range is rough and may be too narrow.",
                    count(f.model.non_zero as f64),
                    count(f.holdout.non_zero as f64),
                ));
            }
        }
    } else {
        headline = "An arm of the experiment has fewer than two cases: nothing can be said about the model's effect.".to_owned();
    }
    let cases = e.model_cases + e.holdout_cases;
    let observed = if cases > 0 {
        e.model_cases as f64 / cases as f64
    } else {
        f64::NAN
    };
    let split = format!(
        "{} of the {} cases ({}) are in the model arm (`{}` = `{}`), {} in the holdout (`{}`); the plan was {} ({}, exact binomial test).",
        count(e.model_cases as f64),
        count(cases as f64),
        share(observed),
        e.arm,
        e.model_value,
        count(e.holdout_cases as f64),
        e.holdout_value,
        share(e.split),
        e.split_p_value
            .map_or_else(|| "no test".to_owned(), p_value),
    );
    let mismatch = e.mismatch.then(|| {
        format!(
            "Sample-ratio mismatch: the split is further from the plan than chance explains (p below {MISMATCH_P}). The randomisation or the logging is broken (cases dropped from one arm, a bot, an arm assigned after the fact), so the effect above cannot be trusted until the cause is found."
        )
    });
    ExperimentView {
        headline,
        paragraphs,
        split,
        mismatch,
        method: "The range is a 95% studentized bootstrap (bootstrap-t) interval around the difference in mean outcome per case, holdout minus model, scaled to production's cases per day: it corrects for the skew of money outcomes, mostly zero with a few large amounts, for which Welch's t interval is too narrow (the JSON gives Welch's for reference). The holdout is assumed randomised: any other difference between the arms is taken as the model's doing.".to_owned(),
    }
}
