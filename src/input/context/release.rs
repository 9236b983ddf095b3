//! The release-review keys of the context: `baseline:` (the model in production,
//! scored on the same evaluation cases) and `gates:` (named limits a release must
//! meet under `tradeoff report --check`). Raw serde structs first, then validated
//! values; every problem names its key and suggests the nearest valid name.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Business, ContextError, Validator};
use crate::input::suggest::closest;
use crate::stats::quantity::{Bound, Quantity};

/// `baseline:` exactly as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBaseline {
    pub(crate) name: String,
    pub(crate) score: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) threshold: Option<f64>,
    pub(crate) min_overlap: Option<f64>,
}

/// `gates:` exactly as written; one optional field per gate name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGates {
    max_flagged_per_day: Option<f64>,
    max_missed_per_day: Option<f64>,
    max_false_alarms_per_day: Option<f64>,
    min_caught_per_day: Option<f64>,
    max_cost_per_day: Option<f64>,
    max_false_negative_rate: Option<f64>,
    max_false_positive_rate: Option<f64>,
    min_precision: Option<f64>,
    min_roc_auc: Option<f64>,
    min_average_precision: Option<f64>,
    #[serde(default)]
    pub(crate) no_worse_than_baseline: Vec<RawNoWorse>,
    /// What `--check` does with a `no_worse_than_baseline` gate whose margin the
    /// comparison cannot resolve (its paired range straddles −margin): `fail`
    /// (the default) or `pass`.
    on_inconclusive: Option<OnInconclusive>,
}

/// One item of `gates.no_worse_than_baseline`: a comparison's name
/// (`caught_per_day_at_capacity`), or `{ item: NAME, margin: 5 }` /
/// `{ item: NAME, margin: 10% }` to require the candidate be shown no worse than the
/// baseline by more than the margin.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawNoWorse {
    /// The comparison's name: fails only when the candidate is worse by more than
    /// chance.
    Name(String),
    /// The comparison with a non-inferiority margin.
    WithMargin(RawNoWorseMargin),
}

/// `{ item, margin }` in `gates.no_worse_than_baseline`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNoWorseMargin {
    /// The comparison's name (`roc_auc`, `caught_per_day_at_capacity` …).
    item: String,
    /// How much worse the candidate may be: a number in the quantity's unit (cases
    /// or money a day; an AUC difference for `roc_auc`), or a share of the
    /// baseline's value written as a percentage (`10%`).
    margin: RawMargin,
}

/// A margin as written: `5` or `10%`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawMargin {
    /// In the quantity's unit.
    Amount(f64),
    /// A percentage of the baseline's value, like `10%`.
    Percent(String),
}

/// `gates.on_inconclusive`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OnInconclusive {
    /// `--check` fails on an inconclusive gate.
    Fail,
    /// `--check` lets an inconclusive gate through (the page still says it).
    Pass,
}

/// The share of the evaluation's cases the baseline must also have scored when no
/// `baseline.min_overlap` is given.
pub const DEFAULT_MIN_OVERLAP: f64 = 0.9;

/// The model the candidate would replace, scored on the same evaluation cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// How the page names it ("fraud-gbm 3.1").
    pub name: String,
    /// Where its scores are.
    pub source: BaselineSource,
    /// Its operating threshold today; `None` means the context's current threshold.
    pub threshold: Option<f64>,
    /// Smallest share of the evaluation's cases (in (0, 1]) the baseline must also
    /// have scored; below it the run stops.
    pub min_overlap: f64,
}

/// Where the baseline's scores come from.
#[derive(Debug, Clone, PartialEq)]
pub enum BaselineSource {
    /// A column of the evaluation file (`data.path`), row by row.
    Column(String),
    /// Another file with an id and a score column, joined on `data.id`.
    File {
        /// Resolved against the YAML file's folder.
        path: PathBuf,
        /// The score column of that file.
        score: String,
        /// The id column of that file (`baseline.id`, else `data.id`'s name).
        id: String,
        /// The evaluation file's id column (`data.id`).
        data_id: String,
    },
}

/// Which matched operating point a comparison is read at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchRule {
    /// Each model at the threshold it runs at: the current threshold for the
    /// candidate, `baseline.threshold` (default: the current one) for the baseline.
    Threshold,
    /// Both flagging at most the same number of cases a day (the capacity, else the
    /// baseline's flags at its own threshold).
    FlaggedPerDay,
    /// Both missing at most the candidate's share of positives at the current
    /// threshold.
    FalseNegativeRate,
}

impl MatchRule {
    /// The three rules in the page's order.
    pub const ALL: [MatchRule; 3] = [
        MatchRule::Threshold,
        MatchRule::FlaggedPerDay,
        MatchRule::FalseNegativeRate,
    ];

    /// `comparison.matched[].by` in the JSON.
    pub fn key(self) -> &'static str {
        match self {
            MatchRule::Threshold => "threshold",
            MatchRule::FlaggedPerDay => "flagged_per_day",
            MatchRule::FalseNegativeRate => "false_negative_rate",
        }
    }

    /// The suffix of a `no_worse_than_baseline` item (`caught_per_day_at_capacity`).
    fn suffix(self) -> &'static str {
        match self {
            MatchRule::Threshold => "threshold",
            MatchRule::FlaggedPerDay => "capacity",
            MatchRule::FalseNegativeRate => "false_negative_rate",
        }
    }
}

/// Something the candidate must be no worse at than the baseline, by more than
/// chance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoWorse {
    /// ROC AUC (DeLong's interval of the difference).
    RocAuc,
    /// A per-day count or cost at a matched operating point (paired interval).
    PerDay(Quantity, MatchRule),
}

impl NoWorse {
    /// Every valid item, in a fixed order.
    pub fn all() -> Vec<NoWorse> {
        let mut all = vec![NoWorse::RocAuc];
        for rule in MatchRule::ALL {
            all.extend(Quantity::COMPARED.iter().map(|&q| NoWorse::PerDay(q, rule)));
        }
        all
    }

    /// The item's name (`roc_auc`, `caught_per_day_at_capacity`).
    pub fn key(self) -> String {
        match self {
            NoWorse::RocAuc => "roc_auc".to_owned(),
            NoWorse::PerDay(q, rule) => format!("{}_per_day_at_{}", q.key(), rule.suffix()),
        }
    }
}

/// How much worse than the baseline a `no_worse_than_baseline` gate allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Margin {
    /// In the quantity's unit (cases or money a day, or an AUC difference).
    Absolute(f64),
    /// A share of the baseline's value (0.1 for `10%`).
    Relative(f64),
}

/// One `no_worse_than_baseline` gate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoWorseGate {
    /// What is compared.
    pub item: NoWorse,
    /// The non-inferiority margin; `None`: fail only when worse by more than
    /// chance.
    pub margin: Option<Margin>,
}

/// The context's gates; empty when it has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gates {
    /// Limits at the current threshold, in the order of [`Bound::GATES`].
    pub limits: Vec<Bound>,
    /// Comparisons with the baseline, in the context's order.
    pub no_worse_than_baseline: Vec<NoWorseGate>,
    /// Whether `--check` lets an inconclusive gate through (`on_inconclusive:
    /// pass`); by default it fails.
    pub inconclusive_passes: bool,
}

impl Gates {
    /// Whether the context names no gate.
    pub fn is_empty(&self) -> bool {
        self.limits.is_empty() && self.no_worse_than_baseline.is_empty()
    }
}

impl Validator<'_> {
    pub(super) fn baseline(
        &self,
        raw: Option<RawBaseline>,
        data_id: Option<&str>,
        folder: &Path,
    ) -> Result<Option<Baseline>, ContextError> {
        let Some(raw) = raw else { return Ok(None) };
        let name = self.non_empty("baseline.name", raw.name)?;
        let source = match (raw.path, raw.score) {
            (None, None) => {
                return Err(self.invalid(
                    "baseline",
                    "needs `score` (a column of data.path holding the baseline's scores) or `path` (a file with an id and a score column, joined on data.id)".to_owned(),
                ));
            }
            (None, Some(score)) => {
                if raw.id.is_some() {
                    return Err(self.invalid(
                        "baseline.id",
                        "only applies with baseline.path: remove it, or add the baseline's file as baseline.path".to_owned(),
                    ));
                }
                BaselineSource::Column(self.non_empty("baseline.score", score)?)
            }
            (Some(path), score) => {
                let path = self.non_empty("baseline.path", path)?;
                let Some(data_id) = data_id else {
                    return Err(self.invalid(
                        "baseline.path",
                        "needs data.id: name the evaluation file's id column, so the two files can be joined case by case".to_owned(),
                    ));
                };
                let id = match raw.id {
                    Some(id) => self.non_empty("baseline.id", id)?,
                    None => data_id.to_owned(),
                };
                let score = match score {
                    Some(s) => self.non_empty("baseline.score", s)?,
                    None => "score".to_owned(),
                };
                BaselineSource::File {
                    path: folder.join(path),
                    score,
                    id,
                    data_id: data_id.to_owned(),
                }
            }
        };
        let threshold = match raw.threshold {
            Some(t) => Some(self.threshold("baseline.threshold", t)?),
            None => None,
        };
        let min_overlap = raw.min_overlap.unwrap_or(DEFAULT_MIN_OVERLAP);
        if !(min_overlap > 0.0 && min_overlap <= 1.0) {
            return Err(self.invalid(
                "baseline.min_overlap",
                format!(
                    "is {min_overlap}: it must be a share above 0 and at most 1 (e.g. 0.9 for 90%)"
                ),
            ));
        }
        Ok(Some(Baseline {
            name,
            source,
            threshold,
            min_overlap,
        }))
    }

    pub(super) fn gates(
        &self,
        raw: Option<RawGates>,
        business: &Business,
        has_baseline: bool,
    ) -> Result<Gates, ContextError> {
        let raw = raw.unwrap_or_default();
        let given = [
            raw.max_flagged_per_day,
            raw.max_missed_per_day,
            raw.max_false_alarms_per_day,
            raw.min_caught_per_day,
            raw.max_cost_per_day,
            raw.max_false_negative_rate,
            raw.max_false_positive_rate,
            raw.min_precision,
            raw.min_roc_auc,
            raw.min_average_precision,
        ];
        let mut limits = Vec::new();
        for ((side, quantity), value) in Bound::GATES.into_iter().zip(given) {
            let Some(value) = value else { continue };
            let bound = self.bound("gates", side, quantity, value)?;
            if quantity == Quantity::Cost && business.costs.is_none() {
                return Err(self.invalid(
                    &format!("gates.{}", bound.key()),
                    "needs costs: add business.costs (false_positive, false_negative, true_positive)".to_owned(),
                ));
            }
            limits.push(bound);
        }
        if !raw.no_worse_than_baseline.is_empty() && !has_baseline {
            return Err(self.invalid(
                "gates.no_worse_than_baseline",
                "needs a baseline to compare with: add `baseline:` (its name and its scores) or remove this gate".to_owned(),
            ));
        }
        let valid = NoWorse::all();
        let names: Vec<String> = valid.iter().map(|v| v.key()).collect();
        let mut no_worse = Vec::new();
        for (i, raw_item) in raw.no_worse_than_baseline.iter().enumerate() {
            let key = format!("gates.no_worse_than_baseline[{i}]");
            let (item, margin) = match raw_item {
                RawNoWorse::Name(name) => (name, None),
                RawNoWorse::WithMargin(m) => (&m.item, Some(self.margin(&key, &m.margin)?)),
            };
            let Some(found) = valid.iter().find(|v| v.key() == item.trim()) else {
                let hint = match closest(item.trim(), names.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("valid items are {}", names.join(", ")),
                };
                return Err(self.invalid(
                    &key,
                    format!("is `{item}`, which is not a comparison the report makes: {hint}"),
                ));
            };
            if matches!(found, NoWorse::PerDay(Quantity::Cost, _)) && business.costs.is_none() {
                return Err(self.invalid(
                    &key,
                    format!("is `{item}`, which needs costs: add business.costs"),
                ));
            }
            if let (NoWorse::RocAuc, Some(Margin::Absolute(m))) = (found, margin)
                && m >= 1.0
            {
                return Err(self.invalid(
                    &format!("{key}.margin"),
                    format!(
                        "is {m}: an ROC AUC margin is a difference of AUCs, below 1 (e.g. 0.01)"
                    ),
                ));
            }
            if !no_worse.iter().any(|g: &NoWorseGate| g.item == *found) {
                no_worse.push(NoWorseGate {
                    item: *found,
                    margin,
                });
            }
        }
        Ok(Gates {
            limits,
            no_worse_than_baseline: no_worse,
            inconclusive_passes: raw.on_inconclusive == Some(OnInconclusive::Pass),
        })
    }

    /// A margin: a number above 0, or a percentage above 0 and at most 100.
    fn margin(&self, key: &str, raw: &RawMargin) -> Result<Margin, ContextError> {
        let key = format!("{key}.margin");
        match raw {
            RawMargin::Amount(m) if m.is_finite() && *m > 0.0 => Ok(Margin::Absolute(*m)),
            RawMargin::Amount(m) => Err(self.invalid(
                &key,
                format!("is {m}: a margin must be above 0 (leave it out to fail only when the candidate is worse by more than chance)"),
            )),
            RawMargin::Percent(text) => {
                let share = text
                    .trim()
                    .strip_suffix('%')
                    .and_then(|n| n.trim().parse::<f64>().ok())
                    .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0);
                match share {
                    Some(p) => Ok(Margin::Relative(p / 100.0)),
                    None => Err(self.invalid(
                        &key,
                        format!("is `{text}`: write a number in the quantity's unit (5) or a percentage of the baseline's value above 0 and at most 100 (10%)"),
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::context::parse_context;
    use crate::stats::quantity::Side;

    const BASE: &str = "title: T\ndata:\n  path: eval.csv\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: 0.5\n";

    fn parse(extra: &str) -> Result<crate::input::context::Context, String> {
        parse_context(&format!("{BASE}{extra}"), Path::new("cfg/context.yaml"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_baseline_is_a_column_or_a_file_joined_on_the_id() {
        let c = parse("baseline:\n  name: old\n  score: old_score\n").unwrap();
        let b = c.baseline.unwrap();
        assert_eq!(b.source, BaselineSource::Column("old_score".into()));
        assert_eq!((b.threshold, b.min_overlap), (None, DEFAULT_MIN_OVERLAP));
        let c = parse("baseline:\n  name: old\n  path: old.csv\n  threshold: 0.4\n")
            .map(|c| c.baseline)
            .unwrap_err();
        assert!(c.contains("key `baseline.path` needs data.id"), "{c}");
        let with_id = BASE.replace("  path: eval.csv\n", "  path: eval.csv\n  id: tx\n");
        let c = parse_context(
            &format!("{with_id}baseline:\n  name: old\n  path: old.csv\n  threshold: 0.4\n"),
            Path::new("cfg/context.yaml"),
        )
        .unwrap();
        let b = c.baseline.unwrap();
        assert_eq!(
            b.source,
            BaselineSource::File {
                path: "cfg/old.csv".into(),
                score: "score".into(),
                id: "tx".into(),
                data_id: "tx".into(),
            }
        );
        assert_eq!(b.threshold, Some(0.4));
    }

    #[test]
    fn baseline_mistakes_name_the_key() {
        for (yaml, message) in [
            ("baseline:\n  name: old\n", "key `baseline` needs `score`"),
            (
                "baseline:\n  name: old\n  score: s\n  id: tx\n",
                "key `baseline.id` only applies with baseline.path",
            ),
            (
                "baseline:\n  name: old\n  score: s\n  min_overlap: 0\n",
                "key `baseline.min_overlap` is 0",
            ),
            (
                "baseline:\n  name: \" \"\n  score: s\n",
                "key `baseline.name` is empty",
            ),
            (
                "baseline:\n  name: old\n  scor: s\n",
                "unknown key `scor`: did you mean `score`?",
            ),
        ] {
            let error = parse(yaml).map(|_| ()).unwrap_err();
            assert!(error.contains(message), "{yaml}: {error}");
        }
    }

    #[test]
    fn gates_are_checked_and_kept_in_a_fixed_order() {
        let c = parse("baseline:\n  name: old\n  score: s\ngates:\n  min_roc_auc: 0.9\n  max_missed_per_day: 15\n  no_worse_than_baseline: [roc_auc, caught_per_day_at_capacity, roc_auc]\n").unwrap();
        assert_eq!(
            c.gates.limits,
            vec![
                Bound::new(Side::AtMost, Quantity::Missed, 15.0).unwrap(),
                Bound::new(Side::AtLeast, Quantity::RocAuc, 0.9).unwrap()
            ]
        );
        assert_eq!(
            c.gates.no_worse_than_baseline,
            vec![
                NoWorseGate {
                    item: NoWorse::RocAuc,
                    margin: None
                },
                NoWorseGate {
                    item: NoWorse::PerDay(Quantity::Caught, MatchRule::FlaggedPerDay),
                    margin: None
                }
            ]
        );
        assert!(!c.gates.inconclusive_passes);
        assert!(parse("").unwrap().gates.is_empty());
        for (yaml, message) in [
            (
                "gates:\n  max_mised_per_day: 3\n",
                "did you mean `max_missed_per_day`?",
            ),
            (
                "gates:\n  max_false_negative_rate: 5\n",
                "it must be a share between 0 and 1",
            ),
            ("gates:\n  max_flagged_per_day: -1\n", "0 or more"),
            ("gates:\n  max_cost_per_day: 10\n", "needs costs"),
            (
                "gates:\n  no_worse_than_baseline: [roc_auc]\n",
                "needs a baseline",
            ),
            (
                "baseline:\n  name: old\n  score: s\ngates:\n  no_worse_than_baseline: [cost_per_day_at_threshold]\n",
                "needs costs",
            ),
            (
                "baseline:\n  name: old\n  score: s\ngates:\n  no_worse_than_baseline: [recall]\n",
                "valid items are roc_auc, flagged_per_day_at_threshold",
            ),
        ] {
            let error = parse(yaml).map(|_| ()).unwrap_err();
            assert!(error.contains(message), "{yaml}: {error}");
        }
    }

    #[test]
    fn each_gate_key_and_target_key_is_read_into_its_own_bound() {
        let with_costs = BASE.replace(
            "  volume_per_day: 1000\n",
            "  volume_per_day: 1000\n  costs: { false_positive: 1, false_negative: 5, true_positive: 0 }\n",
        );
        let read = |yaml: String| parse_context(&yaml, Path::new("cfg/context.yaml")).unwrap();
        for (side, quantity) in Bound::GATES {
            let bound = Bound::new(side, quantity, 0.5).unwrap();
            let c = read(format!("{with_costs}gates:\n  {}: 0.5\n", bound.key()));
            assert_eq!(c.gates.limits, vec![bound]);
        }
        for (side, quantity) in Bound::TARGETS {
            let bound = Bound::new(side, quantity, 0.5).unwrap();
            let yaml = with_costs.replace(
                "  current: 0.5\n",
                &format!("  current: 0.5\n  targets: {{ {}: 0.5 }}\n", bound.key()),
            );
            assert_eq!(read(yaml).thresholds.targets.bounds, vec![bound]);
        }
    }

    #[test]
    fn no_worse_items_take_absolute_or_relative_margins() {
        let c = parse("baseline:\n  name: old\n  score: s\ngates:\n  on_inconclusive: pass\n  no_worse_than_baseline:\n    - { item: caught_per_day_at_capacity, margin: 5 }\n    - { item: roc_auc, margin: 10% }\n    - missed_per_day_at_threshold\n").unwrap();
        let margins: Vec<Option<Margin>> = c
            .gates
            .no_worse_than_baseline
            .iter()
            .map(|g| g.margin)
            .collect();
        assert_eq!(
            margins,
            [
                Some(Margin::Absolute(5.0)),
                Some(Margin::Relative(0.1)),
                None
            ]
        );
        assert!(c.gates.inconclusive_passes);
        for (item, message) in [
            (
                "{ item: roc_auc, margin: 0 }",
                "key `gates.no_worse_than_baseline[0].margin` is 0",
            ),
            ("{ item: roc_auc, margin: 2 }", "below 1"),
            ("{ item: roc_auc, margin: ten }", "is `ten`: write a number"),
            ("{ item: roc_auc, margin: 150% }", "is `150%`"),
            ("{ item: rocauc, margin: 5 }", "did you mean `roc_auc`?"),
        ] {
            let yaml = format!(
                "baseline:\n  name: old\n  score: s\ngates:\n  no_worse_than_baseline:\n    - {item}\n"
            );
            let error = parse(&yaml).map(|_| ()).unwrap_err();
            assert!(error.contains(message), "{item}: {error}");
        }
    }

    #[test]
    fn every_no_worse_item_has_its_own_name() {
        let names: Vec<String> = NoWorse::all().iter().map(|n| n.key()).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(names.len(), 16);
        assert!(names.contains(&"false_alarms_per_day_at_false_negative_rate".to_owned()));
    }
}
