//! The business-context YAML exactly as written: serde structs with no checks beyond
//! types, whose keys are listed, each with its type and default, in
//! docs/src/reference/context.md. `super::validate` turns them into a
//! [`super::Context`].

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContext {
    pub(crate) title: String,
    pub(crate) model: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) date: Option<Scalar>,
    pub(crate) data: RawData,
    pub(crate) business: RawBusiness,
    pub(crate) thresholds: RawThresholds,
    pub(crate) narrative: Option<String>,
    pub(crate) baseline: Option<super::release::RawBaseline>,
    pub(crate) gates: Option<super::release::RawGates>,
    pub(crate) monitoring: Option<super::monitoring::RawMonitoring>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawData {
    pub(crate) path: String,
    #[serde(default = "default_score")]
    pub(crate) score: String,
    #[serde(default = "default_label")]
    pub(crate) label: String,
    /// Kept as the text the user wrote: `positive: 1.0` stays `1.0`.
    pub(crate) positive: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) weight: Option<String>,
    pub(crate) count: Option<String>,
    pub(crate) timestamp: Option<String>,
    /// "UTC" (default) or a fixed offset such as "+02:00", for cutting days.
    pub(crate) timezone: Option<String>,
    #[serde(default)]
    pub(crate) show: Vec<String>,
    #[serde(default)]
    pub(crate) segments: Vec<String>,
    /// The unit of Unix times in the timestamp column: s, ms, us or ns.
    pub(crate) timestamp_unit: Option<String>,
    /// A CSV's field separator, when detection is not wanted.
    pub(crate) separator: Option<String>,
    /// A CSV's decimal mark: "," or ".".
    pub(crate) decimal: Option<String>,
    /// Written by `tradeoff sql`: the engine's summaries beside this file.
    pub(crate) summary: Option<RawSummary>,
}

/// `data.summary`: what `tradeoff sql` reduced the evaluation table to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSummary {
    pub(crate) resolution: Option<f64>,
    #[serde(default)]
    pub(crate) squares: std::collections::BTreeMap<String, String>,
    pub(crate) examples: Option<String>,
    pub(crate) days: Option<String>,
    #[serde(default)]
    pub(crate) segments: std::collections::BTreeMap<String, String>,
}

fn default_score() -> String {
    "score".to_owned()
}

fn default_label() -> String {
    "label".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBusiness {
    /// A string or `{ one, other }`; read by `super::Validator::noun`, which can
    /// name the key in its errors.
    pub(crate) positive: serde_norway::Value,
    pub(crate) negative: serde_norway::Value,
    pub(crate) action: String,
    pub(crate) volume_per_day: f64,
    pub(crate) prevalence: Option<f64>,
    pub(crate) capacity_per_day: Option<f64>,
    pub(crate) currency: Option<String>,
    pub(crate) costs: Option<RawCosts>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCosts {
    #[serde(default)]
    pub(crate) false_positive: RawCost,
    #[serde(default)]
    pub(crate) false_negative: RawCost,
    #[serde(default)]
    pub(crate) true_positive: RawCost,
}

/// Money per case, or `{ column: amount }` to take each case's own from a column.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawCost {
    Money(f64),
    Column(RawCostColumn),
}

impl Default for RawCost {
    fn default() -> Self {
        RawCost::Money(0.0)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCostColumn {
    pub(crate) column: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThresholds {
    pub(crate) current: f64,
    #[serde(default)]
    pub(crate) candidates: Vec<RawCandidate>,
    pub(crate) targets: Option<RawTargets>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCandidate {
    pub(crate) name: String,
    pub(crate) threshold: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTargets {
    pub(crate) max_false_negative_rate: Option<f64>,
    pub(crate) max_flagged_per_day: Option<f64>,
    pub(crate) min_precision: Option<f64>,
    pub(crate) max_false_alarms_per_day: Option<f64>,
    pub(crate) min_caught_per_day: Option<f64>,
    #[serde(default)]
    pub(crate) min_cost: bool,
}

/// A YAML scalar that may be written as a number, a boolean or a string
/// (`date: 2026-11-20`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    /// The value as the text a person would have typed.
    pub(crate) fn to_text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}
