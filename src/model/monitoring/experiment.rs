//! The model's effect from a randomised split of production: the holdout's mean
//! outcome per case minus the model arm's (`stats::experiment`), scaled to a day at
//! production's volume (the period's cases per day observed), and the check that
//! the split came out as planned.

use super::{Experiment, MonitoringWarning, Period};
use crate::input::context::OutcomeIs;
use crate::stats::experiment::{Effect, effect, sample_ratio_p_value};
use crate::stats::interval::Estimate;

/// A split this unlikely under the planned share is a sample-ratio mismatch.
pub const MISMATCH_P: f64 = 0.001;

/// Fewer non-zero outcomes than this in an arm make the interval rough.
pub const FEW_OUTCOMES: usize = 50;

/// What the experiment says about the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectReading {
    /// The interval lies wholly on the side where the model does better.
    Helps,
    /// Wholly on the side where it does worse.
    Harms,
    /// The interval includes no change: too small to tell.
    CannotTell,
}

impl EffectReading {
    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            EffectReading::Helps => "helps",
            EffectReading::Harms => "harms",
            EffectReading::CannotTell => "cannot_tell",
        }
    }
}

/// The experiment as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentSummary {
    /// Production's arm column and its two values.
    pub arm: String,
    /// See `arm`.
    pub model_value: String,
    /// See `arm`.
    pub holdout_value: String,
    /// The outcome column.
    pub outcome: String,
    /// Whether a higher outcome is worse or better.
    pub outcome_is: OutcomeIs,
    /// The planned share in the model arm.
    pub split: f64,
    /// Cases in each arm.
    pub model_cases: usize,
    /// See `model_cases`.
    pub holdout_cases: usize,
    /// The exact binomial test's p-value of the model arm's count against `split`.
    pub split_p_value: Option<f64>,
    /// `split_p_value` below [`MISMATCH_P`].
    pub mismatch: bool,
    /// Production's cases per day observed: the volume the effect is scaled to.
    pub cases_per_day: f64,
    /// The effect per case, each arm's summary, Welch's reference; `None` when an
    /// arm has fewer than two cases.
    pub effect: Option<Effect>,
    /// Holdout minus model per case × `cases_per_day`, with its 95 % interval.
    pub effect_per_day: Option<Estimate>,
    /// Each arm's outcome per day, were all of production's volume in it.
    pub model_per_day: Option<f64>,
    /// See `model_per_day`.
    pub holdout_per_day: Option<f64>,
    /// What the interval says; `None` without an effect.
    pub reading: Option<EffectReading>,
    /// An arm has fewer than [`FEW_OUTCOMES`] non-zero outcomes.
    pub few_outcomes: bool,
}

pub(super) fn experiment_summary(
    experiment: &Experiment,
    period: &Period,
    warnings: &mut Vec<MonitoringWarning>,
) -> ExperimentSummary {
    let data = experiment.data;
    let (mut model, mut holdout) = (Vec::new(), Vec::new());
    for (&in_model, &y) in data.in_model.iter().zip(&data.outcomes) {
        if in_model {
            model.push(y);
        } else {
            holdout.push(y);
        }
    }
    let spec = experiment.spec;
    let cases = model.len() + holdout.len();
    let split_p_value = sample_ratio_p_value(model.len() as u64, cases as u64, spec.split);
    let mismatch = split_p_value.is_some_and(|p| p < MISMATCH_P);
    if mismatch {
        warnings.push(MonitoringWarning::SampleRatioMismatch {
            planned: spec.split,
            model: model.len(),
            cases,
            p_value: split_p_value.unwrap_or(0.0),
        });
    }
    let cases_per_day = period.cases as f64 / period.observed_days.max(f64::MIN_POSITIVE);
    let effect = effect(&model, &holdout);
    let effect_per_day = effect.map(|e| e.per_case.scale(cases_per_day));
    let reading = effect_per_day.map(|e| {
        // Holdout minus model: positive means the holdout's outcome is higher.
        let better_with_model = match spec.outcome_is {
            OutcomeIs::Loss => e.low > 0.0,
            OutcomeIs::Gain => e.high < 0.0,
        };
        let worse_with_model = match spec.outcome_is {
            OutcomeIs::Loss => e.high < 0.0,
            OutcomeIs::Gain => e.low > 0.0,
        };
        if better_with_model {
            EffectReading::Helps
        } else if worse_with_model {
            EffectReading::Harms
        } else {
            EffectReading::CannotTell
        }
    });
    ExperimentSummary {
        arm: spec.arm.clone(),
        model_value: spec.model.clone(),
        holdout_value: spec.holdout.clone(),
        outcome: spec.outcome.clone(),
        outcome_is: spec.outcome_is,
        split: spec.split,
        model_cases: model.len(),
        holdout_cases: holdout.len(),
        split_p_value,
        mismatch,
        cases_per_day,
        few_outcomes: effect
            .is_some_and(|e| e.model.non_zero.min(e.holdout.non_zero) < FEW_OUTCOMES),
        model_per_day: effect.map(|e| e.model.mean * cases_per_day),
        holdout_per_day: effect.map(|e| e.holdout.mean * cases_per_day),
        effect,
        effect_per_day,
        reading,
    }
}
