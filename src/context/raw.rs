//! The business-context YAML exactly as written: serde structs that mirror the schema
//! in PRODUCT.md, with no checks beyond types. `super::validate` turns them into a
//! [`super::Context`].

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContext {
    pub title: String,
    pub model: Option<String>,
    pub owner: Option<String>,
    pub date: Option<Scalar>,
    pub data: RawData,
    pub business: RawBusiness,
    pub thresholds: RawThresholds,
    pub narrative: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawData {
    pub path: String,
    #[serde(default = "default_score")]
    pub score: String,
    #[serde(default = "default_label")]
    pub label: String,
    pub positive: Option<Scalar>,
    pub id: Option<String>,
    pub weight: Option<String>,
    pub timestamp: Option<String>,
    /// "UTC" (default) or a fixed offset such as "+02:00", for cutting days.
    pub timezone: Option<String>,
    #[serde(default)]
    pub show: Vec<String>,
    #[serde(default)]
    pub segments: Vec<String>,
}

fn default_score() -> String {
    "score".to_owned()
}

fn default_label() -> String {
    "label".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBusiness {
    pub positive: String,
    pub negative: String,
    pub action: String,
    pub volume_per_day: f64,
    pub prevalence: Option<f64>,
    pub capacity_per_day: Option<f64>,
    pub currency: Option<String>,
    pub costs: Option<RawCosts>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    #[serde(default)]
    pub false_positive: RawCost,
    #[serde(default)]
    pub false_negative: RawCost,
    #[serde(default)]
    pub true_positive: RawCost,
}

/// Money per case, or `{ column: amount }` to take each case's own from a column.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawCost {
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
pub struct RawCostColumn {
    pub column: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub current: f64,
    #[serde(default)]
    pub candidates: Vec<RawCandidate>,
    pub targets: Option<RawTargets>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCandidate {
    pub name: String,
    pub threshold: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub max_false_negative_rate: Option<f64>,
    pub max_flagged_per_day: Option<f64>,
    pub min_precision: Option<f64>,
    pub max_false_alarms_per_day: Option<f64>,
    pub min_caught_per_day: Option<f64>,
    #[serde(default)]
    pub min_cost: bool,
}

/// A YAML scalar that may be written as a number, a boolean or a string
/// (`positive: 1`, `positive: true`, `positive: fraud`, `date: 2026-11-20`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    /// The value as the text a person would have typed.
    pub fn to_text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}
