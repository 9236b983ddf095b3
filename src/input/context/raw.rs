//! The business-context YAML exactly as written: serde structs with no checks
//! beyond types. `super::validate` turns them into a [`super::Context`]. These
//! types are the context's schema: `docs/schemas/context.schema.json` is generated
//! from them (with their doc comments as descriptions), and `tradeoff sql
//! --context` writes a context by serialising them. The keys are explained in
//! `docs/src/reference/context.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A business context: what the model is, where its evaluation data is, the
/// business it runs in and the thresholds to report on.
pub(crate) struct RawContext {
    /// The report's title.
    pub(crate) title: String,
    /// The model's name and version, for the page and the release review.
    pub(crate) model: Option<String>,
    /// Who answers for the model.
    pub(crate) owner: Option<String>,
    /// The report's date, YYYY-MM-DD; default `SOURCE_DATE_EPOCH`, else today.
    pub(crate) date: Option<Scalar>,
    /// The evaluation data: one scored, labelled case per row (or counted rows).
    pub(crate) data: RawData,
    /// The business the model runs in: classes, action, volume, capacity, costs.
    pub(crate) business: RawBusiness,
    /// The threshold in use, candidates to compare, and targets.
    pub(crate) thresholds: RawThresholds,
    /// Markdown shown on the page (links and HTML are neutralised).
    pub(crate) narrative: Option<String>,
    /// The model in production, scored on the same cases, for a release review.
    pub(crate) baseline: Option<super::release::RawBaseline>,
    /// Limits a release must meet under `tradeoff report --check`.
    pub(crate) gates: Option<super::release::RawGates>,
    /// Production (and an audit) for `tradeoff monitor`.
    pub(crate) monitoring: Option<super::monitoring::RawMonitoring>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawData {
    /// The evaluation file (CSV, Parquet or NDJSON), relative to this YAML file.
    pub(crate) path: String,
    #[serde(default = "default_score")]
    /// The score column; default `score`. Flagged means `score >= threshold`.
    pub(crate) score: String,
    #[serde(default = "default_label")]
    /// The label column; default `label`.
    pub(crate) label: String,
    /// The label value meaning positive; default 1 / true. Kept as the text the
    /// user wrote: `positive: 1.0` stays `1.0`.
    #[schemars(with = "Option<Scalar>")]
    pub(crate) positive: Option<String>,
    /// A case id column: repeats are reported, examples show it, baselines join on it.
    pub(crate) id: Option<String>,
    /// A sampling or importance weight per case.
    pub(crate) weight: Option<String>,
    /// How many identical cases each row stands for (counted rows).
    pub(crate) count: Option<String>,
    /// When each case was scored: ISO 8601 text or Unix time (see `timestamp_unit`).
    pub(crate) timestamp: Option<String>,
    /// "UTC" (default) or a fixed offset such as "+02:00", for cutting days.
    pub(crate) timezone: Option<String>,
    #[serde(default)]
    /// Columns shown beside the example mistakes.
    pub(crate) show: Vec<String>,
    #[serde(default)]
    /// Columns to break the figures down by (country, channel …).
    pub(crate) segments: Vec<String>,
    /// A column naming the cluster each row belongs to (a customer, a card, a
    /// patient) when several rows share one: the release comparison's DeLong test
    /// and paired per-day ranges then sum within clusters (Obuchowski 1997, 1998)
    /// instead of treating rows as independent. Not with `weight` or `summary`.
    pub(crate) cluster: Option<String>,
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
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSummary {
    /// Scores were grouped to multiples of this step; absent: exact scores.
    pub(crate) resolution: Option<f64>,
    #[serde(default)]
    /// For a column of sums: the column holding each row's sum of weight × value².
    pub(crate) squares: std::collections::BTreeMap<String, String>,
    /// The file of example rows.
    pub(crate) examples: Option<String>,
    /// The file of counts per local day.
    pub(crate) days: Option<String>,
    /// The file of ids found on more than one row (`data.id`): how many, and the
    /// most repeated.
    pub(crate) repeated_ids: Option<String>,
    /// The file of the evaluation's cases paired with the baseline's scores
    /// (`tradeoff sql`'s `pairs`): one counted row per distinct candidate score,
    /// baseline score, label, weight, cost and segment values, with the engine's
    /// checks of the join. `baseline.score` names its baseline score column.
    pub(crate) pairs: Option<String>,
    #[serde(default)]
    /// The file of counts for each `data.segments` column.
    pub(crate) segments: std::collections::BTreeMap<String, String>,
}

fn default_score() -> String {
    "score".to_owned()
}

fn default_label() -> String {
    "label".to_owned()
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBusiness {
    /// What a positive case is: a phrase (`fraudulent transaction`) or `{ one, other }`.
    #[schemars(with = "RawNoun")]
    pub(crate) positive: serde_norway::Value,
    /// What a negative case is, likewise.
    #[schemars(with = "RawNoun")]
    pub(crate) negative: serde_norway::Value,
    /// What happens to a flagged case (`review`, `block`, `call`).
    pub(crate) action: String,
    /// Cases scored per day in production.
    pub(crate) volume_per_day: f64,
    /// Share of positives in production, in (0, 1); default the evaluation's.
    pub(crate) prevalence: Option<f64>,
    /// Flagged cases the team can handle per day.
    pub(crate) capacity_per_day: Option<f64>,
    /// Currency code of the costs (`EUR`).
    pub(crate) currency: Option<String>,
    /// Money per case of each kind, or a column with each case's amount.
    pub(crate) costs: Option<RawCosts>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCosts {
    #[serde(default)]
    /// Cost of a false alarm; default 0.
    pub(crate) false_positive: RawCost,
    #[serde(default)]
    /// Cost of a missed positive; default 0.
    pub(crate) false_negative: RawCost,
    #[serde(default)]
    /// Cost of a caught positive (negative for a saving); default 0.
    pub(crate) true_positive: RawCost,
}

/// Money per case, or `{ column: amount }` to take each case's own from a column.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCostColumn {
    /// The evaluation column holding each case's amount.
    pub(crate) column: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThresholds {
    /// The threshold in use (or proposed): `score >= current` is flagged.
    pub(crate) current: f64,
    #[serde(default)]
    /// Other thresholds to compare, each with a name.
    pub(crate) candidates: Vec<RawCandidate>,
    /// Bounds the report finds thresholds for.
    pub(crate) targets: Option<RawTargets>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCandidate {
    /// How the page names it.
    pub(crate) name: String,
    /// The threshold.
    pub(crate) threshold: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTargets {
    /// Miss at most this share of positives, in (0, 1).
    pub(crate) max_false_negative_rate: Option<f64>,
    /// Flag at most this many cases a day.
    pub(crate) max_flagged_per_day: Option<f64>,
    /// At least this share of flagged cases positive, in (0, 1).
    pub(crate) min_precision: Option<f64>,
    /// At most this many false alarms a day.
    pub(crate) max_false_alarms_per_day: Option<f64>,
    /// Catch at least this many positives a day.
    pub(crate) min_caught_per_day: Option<f64>,
    #[serde(default)]
    /// Find the threshold of least cost per day (needs `business.costs`).
    pub(crate) min_cost: bool,
}

/// A YAML scalar that may be written as a number, a boolean or a string
/// (`date: 2026-11-20`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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

/// A class name: one phrase, or its singular and plural (CLDR's `one` and
/// `other`). Only describes the schema: the YAML is read as a value so that
/// `super::Validator::noun` can name the key in its errors.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum RawNoun {
    /// `fraudulent transaction`: the plural is made by rule.
    Phrase(String),
    /// `{ one: loan that goes bad, other: loans that go bad }`.
    Forms {
        /// For a count of 1.
        one: String,
        /// For every other count.
        other: String,
    },
}
