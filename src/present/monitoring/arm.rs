//! With a randomised split, the promises are held on the model arm alone
//! (`model::monitoring::arm`): the sentence that says so, shared by the page, the
//! JSON (`monitoring.model_arm.rule`) and the markdown.

use crate::model::monitoring::Monitoring;
use crate::present::format::count;

/// What the promises are held on with a holdout, in words; `None` without one.
pub(crate) fn model_arm_sentence(m: &Monitoring) -> Option<String> {
    let (arm, experiment) = (m.model_arm.as_ref()?, m.experiment.as_ref()?);
    let planned = m.planned.volume_per_day / arm.split.max(f64::MIN_POSITIVE);
    let mut sentence = format!(
        "Held on the model arm alone: {} of production's {} cases. The {} in the holdout ({} = {}) were handled without the model, so none of their flags reached a reviewer; the promises are the launch report's at the model arm's planned share of the volume ({} of {} a day), and the capacity applies to the model arm's flags.",
        count(arm.cases as f64),
        count((arm.cases + arm.holdout_cases) as f64),
        count(arm.holdout_cases as f64),
        experiment.arm,
        experiment.holdout_value,
        crate::present::monitoring::share(arm.split),
        count(planned),
    );
    if arm.holdout_verdicts > 0 {
        sentence.push_str(&format!(
            " {} audited holdout {} left out of the audit's estimates.",
            count(arm.holdout_verdicts as f64),
            if arm.holdout_verdicts == 1 {
                "case is"
            } else {
                "cases are"
            }
        ));
    }
    Some(sentence)
}
