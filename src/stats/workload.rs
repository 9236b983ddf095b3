//! What production looks like: cases per day, the share of positives and the money
//! per case. The one place the volume is split into positives and negatives.

/// Money per case, in the context's currency; all ≥ 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// Cost of flagging a negative (a false alarm).
    pub false_positive: f64,
    /// Cost of not flagging a positive (a miss).
    pub false_negative: f64,
    /// Cost of flagging a positive (e.g. the review of a caught case).
    pub true_positive: f64,
}

impl Costs {
    /// Money for `false_alarms`, `missed` and `caught` cases:
    /// c_FP·false alarms + c_FN·missed + c_TP·caught (docs/src/conventions.md).
    pub fn of(&self, false_alarms: f64, missed: f64, caught: f64) -> f64 {
        self.false_positive * false_alarms
            + self.false_negative * missed
            + self.true_positive * caught
    }
}

/// Production: the context's numbers with the prevalence resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    /// Cases per day.
    pub volume_per_day: f64,
    /// Share of positives, in (0, 1).
    pub prevalence: f64,
    /// Money per case; `None` when the context gives no costs.
    pub costs: Option<Costs>,
}

impl Workload {
    /// Positive cases per day, V·π.
    pub fn positives_per_day(&self) -> f64 {
        self.volume_per_day * self.prevalence
    }

    /// Negative cases per day, V·(1−π).
    pub fn negatives_per_day(&self) -> f64 {
        self.volume_per_day - self.positives_per_day()
    }
}
