//! The business context: the user's YAML, read and checked once. `parse_context`
//! turns text into a validated [`Context`] (every range and required key checked, the
//! data path resolved against the YAML's folder); nothing downstream re-checks it.
//! serde_norway (a maintained fork of the deprecated serde_yaml, same API) lives only
//! here.

mod depth;
mod monitoring;
mod noun;
mod raw;
mod release;
mod yaml_errors;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::stats::zone::Zone;
use thiserror::Error;

use raw::RawCostColumn;

use crate::input::eval::{CsvOptions, EpochUnit};
pub(crate) use monitoring::RawProductionSummary;
pub use noun::{Noun, parse_noun};
pub(crate) use raw::{RawBusiness, RawContext, RawCost, RawData, RawSummary, Scalar};

use crate::input::suggest::closest;
use crate::stats::quantity::{Bound, Quantity, Side};
pub use crate::stats::workload::Costs;
pub use monitoring::{
    AuditSpec, AuditTarget, ExperimentSpec, MonitoringSpec, OutcomeIs, ProductionSpec,
    ProductionSummary,
};
pub use release::{
    Baseline, BaselineSource, DEFAULT_MIN_OVERLAP, Gates, Margin, MatchRule, NoWorse, NoWorseGate,
};

/// A problem with the context file, always naming the file and the key.
#[derive(Debug, Error)]
pub enum ContextError {
    // The I/O error is part of the message, not a `source`, so a printed chain
    // says it once.
    #[error("cannot read context file {file}: {reason}")]
    /// The file could not be read.
    Read {
        /// The context file.
        file: PathBuf,
        /// The operating-system error.
        reason: std::io::Error,
    },
    #[error("{file}:{line}:{column}: unknown key `{key}`{hint}")]
    /// A key the schema does not have.
    UnknownKey {
        /// The context file.
        file: PathBuf,
        /// The unknown key, dotted (`business.volume`).
        key: String,
        /// Line of the key, from 1.
        line: usize,
        /// Column of the key, from 1.
        column: usize,
        /// ": did you mean …?" with the nearest valid key, or empty.
        hint: String,
    },
    #[error("{file}{location}: {message}")]
    /// The YAML could not be parsed.
    Syntax {
        /// The context file.
        file: PathBuf,
        /// ":line:column" where the problem starts, or empty.
        location: String,
        /// What is wrong, in words, with every place the YAML library gave.
        message: String,
    },
    #[error("{file}: key `{key}` {problem}")]
    /// A key whose value is not acceptable.
    Invalid {
        /// The context file.
        file: PathBuf,
        /// The key, dotted.
        key: String,
        /// What is wrong and what to write instead.
        problem: String,
    },
}

/// The validated business context.
#[derive(Debug, Clone)]
pub struct Context {
    /// The YAML file this came from.
    pub file: PathBuf,
    /// The report's title.
    pub title: String,
    /// The model's name and version, when given.
    pub model: Option<String>,
    /// Who owns the model, when given.
    pub owner: Option<String>,
    /// The report date, when given (else `SOURCE_DATE_EPOCH`, else today).
    pub date: Option<NaiveDate>,
    /// The evaluation data and its columns.
    pub data: DataSpec,
    /// Production: volume, prevalence, names, costs, capacity.
    pub business: Business,
    /// The thresholds under discussion.
    pub thresholds: Thresholds,
    /// Markdown shown after the headline, unrendered.
    pub narrative: Option<String>,
    /// The model this one would replace, when the context names one.
    pub baseline: Option<Baseline>,
    /// Limits a release must meet (`tradeoff report --check`).
    pub gates: Gates,
    /// `monitoring:`, for `tradeoff monitor`; `None` when absent.
    pub monitoring: Option<MonitoringSpec>,
}

impl Context {
    /// Every file this context reads: itself, the evaluation data, the baseline's
    /// scores, the engine's summaries, production and the audit. No output may be
    /// written over any of them.
    pub fn files(&self) -> Vec<&Path> {
        let mut files = vec![self.file.as_path(), self.data.path.as_path()];
        if let Some(BaselineSource::File { path, .. }) = self.baseline.as_ref().map(|b| &b.source) {
            files.push(path);
        }
        if let Some(summary) = &self.data.summary {
            files.extend(summary.segments.iter().map(|(_, p)| p.as_path()));
            files.extend(summary.days.as_deref());
            files.extend(summary.examples.as_deref());
            files.extend(summary.repeated_ids.as_deref());
            files.extend(summary.pairs.as_deref());
        }
        if let Some(m) = &self.monitoring {
            files.push(&m.production.path);
            files.extend(m.audit.as_ref().map(|a| a.path.as_path()));
        }
        files
    }
}

/// Where the evaluation data is and which columns mean what.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSpec {
    /// Resolved against the YAML file's folder.
    pub path: PathBuf,
    /// The score column.
    pub score: String,
    /// The label column.
    pub label: String,
    /// The label value meaning "positive"; `None` means 1 / true.
    pub positive: Option<String>,
    /// The id column, when given.
    pub id: Option<String>,
    /// Sampling / importance weights (Kish's effective n).
    pub weight: Option<String>,
    /// Frequency counts: each row stands for that many identical cases.
    pub count: Option<String>,
    /// The timestamp column, when given.
    pub timestamp: Option<String>,
    /// Where calendar days are cut; UTC unless the context names a zone.
    pub timezone: Zone,
    /// Columns shown beside the examples.
    pub show: Vec<String>,
    /// Breakdown columns.
    pub segments: Vec<String>,
    /// The cluster column (`data.cluster`): rows sharing a value are correlated
    /// cases of one unit (a customer, a patient).
    pub cluster: Option<String>,
    /// The unit of Unix times in the timestamp column; `None` infers it.
    pub timestamp_unit: Option<EpochUnit>,
    /// A CSV's separator and decimal mark; detected where `None`.
    pub csv: CsvOptions,
    /// When the data are the summaries `tradeoff sql` had an engine make.
    pub summary: Option<Summary>,
}

impl DataSpec {
    /// The columns whose text the example tables show: the id, then `data.show`.
    pub fn text_columns(&self) -> Vec<String> {
        self.id.iter().chain(&self.show).cloned().collect()
    }
}

/// `data.summary`: the evaluation table reduced by an engine (`tradeoff sql`).
/// `data.path` then holds one counted row per (score, label); the segments, the
/// days and the example rows come from files of their own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Scores were grouped to multiples of this (each counts as the multiple at or
    /// below it); `None`: exact scores.
    pub resolution: Option<f64>,
    /// For a column of `data.path` whose rows summarise cases of differing values
    /// (the weight, a cost): the column holding each row's Σ weight × value² (Σw²
    /// for the weight itself). Sorted by column.
    pub squares: Vec<(String, String)>,
    /// Raw rows for the example tables and meeting mode: the surest false alarms
    /// and misses, the cases nearest each named threshold, a spread over the scores.
    pub examples: Option<PathBuf>,
    /// Counted rows per local day (column `day`), label and side of the current
    /// threshold.
    pub days: Option<PathBuf>,
    /// Ids (`data.id`) on more than one row: up to three, the most repeated first,
    /// each row with the totals (columns `id`, `repeats`, `ids`, `extra_rows`).
    pub repeated_ids: Option<PathBuf>,
    /// The evaluation's cases paired with the baseline's scores, counted (see
    /// `tradeoff sql`'s `pairs`): the release review reads its cases here, and
    /// `baseline.score` names the baseline score column.
    pub pairs: Option<PathBuf>,
    /// For each `data.segments` column, its file of counted rows per value, label
    /// and side of the current threshold.
    pub segments: Vec<(String, PathBuf)>,
}

impl Summary {
    /// The squares column for `column`, if it has one.
    pub fn squares_of(&self, column: &str) -> Option<&str> {
        self.squares
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, s)| s.as_str())
    }
}

/// What the numbers mean in production.
#[derive(Debug, Clone, PartialEq)]
pub struct Business {
    /// What a positive case is called ("fraudulent transaction"), in both numbers
    /// when they are known.
    pub positive: Noun,
    /// What a negative case is called.
    pub negative: Noun,
    /// What happens to a flagged case ("sent to manual review").
    pub action: String,
    /// Cases scored per day in production (> 0).
    pub volume_per_day: f64,
    /// Production share of positives in (0, 1); `None` means the evaluation's.
    pub prevalence: Option<f64>,
    /// Most flagged cases the team can handle per day.
    pub capacity_per_day: Option<f64>,
    /// The currency money is shown in, when given.
    pub currency: Option<String>,
    /// Money per case; `None` without `business.costs`.
    pub costs: Option<Costs>,
    /// Costs taken from the data, per row.
    pub cost_columns: CostColumns,
}

/// Columns whose value per row is the cost of that outcome (e.g. a miss costs the
/// transaction's `amount`); such an outcome's money in `Costs` is 0 and unused.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostColumns {
    /// Column holding each case's false-alarm cost.
    pub false_positive: Option<String>,
    /// Column holding each case's cost when missed.
    pub false_negative: Option<String>,
    /// Column holding each case's cost when caught.
    pub true_positive: Option<String>,
}

impl CostColumns {
    /// The distinct columns named.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = [
            &self.false_positive,
            &self.false_negative,
            &self.true_positive,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// The thresholds under discussion.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// The operating point under discussion.
    pub current: f64,
    /// Named alternatives, in the context's order.
    pub candidates: Vec<Candidate>,
    /// Goals the report finds a threshold for.
    pub targets: Targets,
}

#[derive(Debug, Clone, PartialEq)]
/// A named alternative threshold.
pub struct Candidate {
    /// Its name as the table shows it.
    pub name: String,
    /// The threshold.
    pub threshold: f64,
}

/// Goals the report finds a threshold for; each optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// The `max_*`/`min_*` targets given, each checked, in the order of
    /// [`Bound::TARGETS`] (at most one per quantity).
    pub bounds: Vec<Bound>,
    /// Find the cheapest threshold (needs `business.costs`).
    pub min_cost: bool,
}

impl Targets {
    /// The value of the target on `quantity`, if the context sets one.
    pub fn value_of(&self, quantity: Quantity) -> Option<f64> {
        self.bounds
            .iter()
            .find(|b| b.quantity == quantity)
            .map(|b| b.value)
    }
}

/// Reads and validates the context file at `path`.
pub fn load_context(path: &Path) -> Result<Context, ContextError> {
    parse_context(&read_context_text(path)?, path)
}

/// The text of the context file at `path`: a regular file of at most
/// [`MAX_CONTEXT_BYTES`], checked before it is read.
fn read_context_text(path: &Path) -> Result<String, ContextError> {
    use std::io::Read as _;
    if let Some(text) = crate::input::memory::held::<String>(path) {
        return Ok(text);
    }
    let error = |reason| ContextError::Read {
        file: path.to_owned(),
        reason,
    };
    crate::input::file_kind::check_regular_file(path)
        .map_err(|problem| error(std::io::Error::other(problem)))?;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONTEXT_BYTES + 1).read_to_string(&mut text))
        .map_err(error)?;
    if text.len() as u64 > MAX_CONTEXT_BYTES {
        return Err(error(std::io::Error::other(format!(
            "it is larger than {} MiB; a business context is a few kilobytes: check the path",
            MAX_CONTEXT_BYTES >> 20
        ))));
    }
    Ok(text)
}

/// The largest context file read: contexts are a few kilobytes, and the YAML
/// parser's time and memory grow with the text.
pub const MAX_CONTEXT_BYTES: u64 = 1 << 20;

/// Parses and validates YAML `text`; `file` is used in messages and to resolve
/// `data.path`.
pub fn parse_context(text: &str, file: &Path) -> Result<Context, ContextError> {
    Validator { file }.context(parse_raw_context(text, file)?)
}

/// The context at `path` (a file, or text held in memory: see
/// [`crate::input::memory`]) as YAML text with `data.path` replaced by
/// `data_path`, unvalidated: how the Python package points a context at the data
/// it was handed. The rest of the context reads back the same. `data.path` (or
/// the whole `data` section) may be left out: the data given stands for it.
///
/// # Errors
/// The context cannot be read or is not a context's YAML.
pub fn context_text_with_data(path: &Path, data_path: &str) -> Result<String, ContextError> {
    let text = read_context_text(path)?;
    let mut raw = match parse_raw_context(&text, path) {
        Ok(raw) => raw,
        // Read again with `data.path` filled in, where that is all it lacked;
        // otherwise the error as it was (with its line).
        Err(e) if depth::too_deep(&text).is_none() => with_data_path(&text, data_path).ok_or(e)?,
        Err(e) => return Err(e),
    };
    raw.data.path = data_path.to_owned();
    Ok(render_raw_context(&raw, &[]))
}

/// The YAML `text` as the context's raw types with `data.path` set to
/// `data_path` where it was left out (the `data` section too); `None` where the
/// text is not YAML, has a `data.path`, or has another problem.
fn with_data_path(text: &str, data_path: &str) -> Option<RawContext> {
    use serde_norway::{Mapping, Value};
    let mut value: Value = serde_norway::from_str(text).ok()?;
    let data = value
        .as_mapping_mut()?
        .entry(Value::from("data"))
        .or_insert(Value::Null);
    if data.is_null() {
        *data = Value::Mapping(Mapping::new());
    }
    let data = data.as_mapping_mut()?;
    if data.contains_key("path") {
        return None;
    }
    data.insert(Value::from("path"), Value::from(data_path));
    serde_norway::from_value(value).ok()
}

/// Reads the context file at `path` as written, unvalidated: what `tradeoff sql
/// --context` rewrites, keeping every key.
pub(crate) fn load_raw_context(path: &Path) -> Result<RawContext, ContextError> {
    parse_raw_context(&read_context_text(path)?, path)
}

/// The YAML `text` as the context's raw types; `file` is named in messages.
fn parse_raw_context(text: &str, file: &Path) -> Result<RawContext, ContextError> {
    if let Some((line, column)) = depth::too_deep(text) {
        return Err(ContextError::Syntax {
            file: file.to_owned(),
            location: format!(":{line}:{column}"),
            message: format!(
                "the YAML nests deeper than {} levels: a business context nests a few; check the file",
                depth::MAX_DEPTH
            ),
        });
    }
    serde_norway::from_str(text).map_err(|e| yaml_errors::yaml_error(&e, file, text))
}

/// `raw` as YAML text, after `header` (comment lines, each given without its
/// `# `): what `tradeoff sql --context` writes. Keys left out (`None`) are not
/// written; the text reads back as the same context.
pub(crate) fn render_raw_context(raw: &RawContext, header: &[String]) -> String {
    /// Drops the members that are `null` (keys left out), at any depth.
    fn prune(value: &mut serde_norway::Value) {
        match value {
            serde_norway::Value::Mapping(members) => {
                members.retain(|_, v| !v.is_null());
                members.values_mut().for_each(prune);
            }
            serde_norway::Value::Sequence(items) => items.iter_mut().for_each(prune),
            _ => {}
        }
    }
    // Through a YAML value, which keeps the fields in the types' order.
    let mut value = serde_norway::to_value(raw)
        .unwrap_or_else(|e| unreachable!("a context read from YAML serialises: {e}"));
    prune(&mut value);
    let yaml = serde_norway::to_string(&value)
        .unwrap_or_else(|e| unreachable!("a YAML value serialises: {e}"));
    let mut text: String = header
        .iter()
        .map(|line| format!("# {}\n", line.replace(['\n', '\r'], " ")))
        .collect();
    text.push_str(&yaml);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The JSON Schema of the context YAML, generated from the types it is read into
/// (`docs/schemas/context.schema.json`).
pub fn context_schema() -> schemars::Schema {
    schemars::schema_for!(RawContext)
}

/// A CSV separator as written in the context or on the command line: one
/// character (`;`, a tab) or its name (`tab`, `comma`, `semicolon`, `pipe`, `space`).
pub fn parse_separator(text: &str) -> Option<u8> {
    match text.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => return Some(b'\t'),
        "comma" => return Some(b','),
        "semicolon" => return Some(b';'),
        "pipe" => return Some(b'|'),
        "space" => return Some(b' '),
        _ => {}
    }
    match text.as_bytes() {
        [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => Some(*b),
        _ => None,
    }
}

struct Validator<'a> {
    file: &'a Path,
}

impl Validator<'_> {
    fn invalid(&self, key: &str, problem: String) -> ContextError {
        ContextError::Invalid {
            file: self.file.to_owned(),
            key: key.to_owned(),
            problem,
        }
    }

    fn context(&self, raw: raw::RawContext) -> Result<Context, ContextError> {
        let date = match raw.date {
            None => None,
            Some(d) => {
                let text = d.to_text();
                Some(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                    self.invalid("date", format!("is `{text}`: write it as YYYY-MM-DD"))
                })?)
            }
        };
        let business = self.business(raw.business)?;
        let folder = self.file.parent().unwrap_or(Path::new(""));
        let baseline = self.baseline(raw.baseline, raw.data.id.as_deref(), folder)?;
        let gates = self.gates(raw.gates, &business, baseline.is_some())?;
        let title = self.non_empty("title", raw.title)?;
        let data = self.data(raw.data)?;
        self.baseline_of_summary(&data, baseline.as_ref())?;
        let monitoring = raw
            .monitoring
            .map(|m| self.monitoring(m, &data, &title))
            .transpose()?;
        Ok(Context {
            file: self.file.to_owned(),
            title,
            model: raw.model,
            owner: raw.owner,
            date,
            data,
            thresholds: self.thresholds(raw.thresholds, &business)?,
            business,
            narrative: raw.narrative,
            baseline,
            gates,
            monitoring,
        })
    }

    /// With `data.summary`, the baseline's scores are a column of the engine's
    /// pairs (`data.summary.pairs`): the counts hold none.
    fn baseline_of_summary(
        &self,
        data: &DataSpec,
        baseline: Option<&Baseline>,
    ) -> Result<(), ContextError> {
        let (Some(summary), Some(baseline)) = (&data.summary, baseline) else {
            return Ok(());
        };
        match (&summary.pairs, &baseline.source) {
            (None, _) => Err(self.invalid(
                "baseline",
                "cannot be read from an engine's counts (data.summary), which hold no baseline scores: run `tradeoff sql --context` again (it writes data.summary.pairs), or run the release review on the original context".to_owned(),
            )),
            (Some(_), BaselineSource::File { .. }) => Err(self.invalid(
                "baseline.path",
                "cannot be used with data.summary.pairs: the engine joined the baseline's file already; write baseline.score, the pairs' baseline score column".to_owned(),
            )),
            (Some(_), BaselineSource::Column(_)) => Ok(()),
        }
    }

    fn non_empty(&self, key: &str, value: String) -> Result<String, ContextError> {
        if value.trim().is_empty() {
            Err(self.invalid(key, "is empty: give it a value".to_owned()))
        } else {
            Ok(value)
        }
    }

    fn data(&self, raw: raw::RawData) -> Result<DataSpec, ContextError> {
        let path = self.non_empty("data.path", raw.path)?;
        let folder = self.file.parent().unwrap_or(Path::new(""));
        if let Some(cluster) = &raw.cluster {
            if raw.weight.is_some() {
                return Err(self.invalid(
                    "data.cluster",
                    format!("(`{cluster}`) cannot be used with data.weight: clustered intervals with sampling weights are not supported; remove one of them (data.count is fine)"),
                ));
            }
            if raw.summary.is_some() {
                return Err(self.invalid(
                    "data.cluster",
                    format!("(`{cluster}`) cannot be used with data.summary: an engine's counts have lost which rows share a cluster; compare on the rows instead"),
                ));
            }
            if cluster.trim().is_empty() {
                return Err(self.invalid("data.cluster", "is empty: name the column holding each row's cluster (a customer id, a patient id)".to_owned()));
            }
        }
        Ok(DataSpec {
            path: folder.join(path),
            score: self.non_empty("data.score", raw.score)?,
            label: self.non_empty("data.label", raw.label)?,
            positive: raw.positive,
            id: raw.id,
            weight: raw.weight,
            count: raw.count,
            timestamp: raw.timestamp,
            timezone: match raw.timezone {
                None => Zone::utc(),
                Some(text) => Zone::parse(&text).ok_or_else(|| {
                    let near = closest(text.trim(), Zone::names());
                    let hint = near.map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
                    self.invalid(
                        "data.timezone",
                        format!("is `{text}`{hint}: write UTC, a fixed offset such as +02:00, or a zone name such as Europe/Berlin"),
                    )
                })?,
            },
            summary: raw
                .summary
                .map(|s| self.summary(s, folder, &raw.segments))
                .transpose()?,
            show: raw.show,
            segments: raw.segments,
            cluster: raw.cluster,
            timestamp_unit: match raw.timestamp_unit {
                None => None,
                Some(text) => Some(EpochUnit::parse(&text).ok_or_else(|| {
                    self.invalid(
                        "data.timestamp_unit",
                        format!("is `{text}`: write s, ms, us or ns (the unit of the Unix times in the timestamp column)"),
                    )
                })?),
            },
            csv: CsvOptions {
                separator: match raw.separator {
                    None => None,
                    Some(text) => Some(parse_separator(&text).ok_or_else(|| {
                        self.invalid(
                            "data.separator",
                            format!("is `{text}`: write one character such as \",\", \";\", \"|\" or \"tab\""),
                        )
                    })?),
                },
                decimal_comma: match raw.decimal.as_deref().map(str::trim) {
                    None => None,
                    Some(",") => Some(true),
                    Some(".") => Some(false),
                    Some(other) => {
                        return Err(self.invalid(
                            "data.decimal",
                            format!("is `{other}`: write \",\" (0,5) or \".\" (0.5)"),
                        ));
                    }
                },
            },
        })
    }

    fn summary(
        &self,
        raw: raw::RawSummary,
        folder: &Path,
        segments: &[String],
    ) -> Result<Summary, ContextError> {
        if let Some(r) = raw.resolution
            && !(r.is_finite() && r > 0.0)
        {
            return Err(self.invalid(
                "data.summary.resolution",
                format!("is {r}: it must be a step greater than 0, such as 0.0001"),
            ));
        }
        if let Some(missing) = segments.iter().find(|s| !raw.segments.contains_key(*s)) {
            return Err(self.invalid(
                "data.summary.segments",
                format!("has no file for the segment column `{missing}`: run `tradeoff sql` again to write one"),
            ));
        }
        if let Some(extra) = raw.segments.keys().find(|s| !segments.contains(s)) {
            return Err(self.invalid(
                "data.summary.segments",
                format!("names `{extra}`, which is not in data.segments"),
            ));
        }
        Ok(Summary {
            resolution: raw.resolution,
            squares: raw.squares.into_iter().collect(),
            examples: raw.examples.map(|p| folder.join(p)),
            days: raw.days.map(|p| folder.join(p)),
            repeated_ids: raw.repeated_ids.map(|p| folder.join(p)),
            pairs: raw.pairs.map(|p| folder.join(p)),
            segments: raw
                .segments
                .into_iter()
                .map(|(c, p)| (c, folder.join(p)))
                .collect(),
        })
    }

    fn business(&self, raw: raw::RawBusiness) -> Result<Business, ContextError> {
        let volume = raw.volume_per_day;
        if !(volume.is_finite() && volume > 0.0) {
            return Err(self.invalid(
                "business.volume_per_day",
                format!("is {volume}: it must be a number of cases per day greater than 0"),
            ));
        }
        if let Some(p) = raw.prevalence
            && !(p > 0.0 && p < 1.0)
        {
            return Err(self.invalid(
                "business.prevalence",
                format!(
                    "is {p}: it must be a share strictly between 0 and 1 (e.g. 0.034 for 3.4%)"
                ),
            ));
        }
        if let Some(c) = raw.capacity_per_day
            && !(c.is_finite() && c >= 0.0)
        {
            return Err(self.invalid(
                "business.capacity_per_day",
                format!("is {c}: it must be a number of cases per day, 0 or more"),
            ));
        }
        let mut cost_columns = CostColumns::default();
        let costs = match raw.costs {
            None => None,
            Some(c) => {
                let mut money = [0.0; 3];
                for (i, (key, cost, column)) in [
                    (
                        "false_positive",
                        c.false_positive,
                        &mut cost_columns.false_positive,
                    ),
                    (
                        "false_negative",
                        c.false_negative,
                        &mut cost_columns.false_negative,
                    ),
                    (
                        "true_positive",
                        c.true_positive,
                        &mut cost_columns.true_positive,
                    ),
                ]
                .into_iter()
                .enumerate()
                {
                    match cost {
                        RawCost::Money(value) if value.is_finite() && value >= 0.0 => {
                            money[i] = value
                        }
                        RawCost::Money(value) => {
                            return Err(self.invalid(
                                &format!("business.costs.{key}"),
                                format!("is {value}: costs are money per case, 0 or more"),
                            ));
                        }
                        RawCost::Column(RawCostColumn { column: name }) => {
                            *column = Some(
                                self.non_empty(&format!("business.costs.{key}.column"), name)?,
                            );
                        }
                    }
                }
                Some(Costs {
                    false_positive: money[0],
                    false_negative: money[1],
                    true_positive: money[2],
                })
            }
        };
        Ok(Business {
            positive: self.noun("business.positive", raw.positive)?,
            negative: self.noun("business.negative", raw.negative)?,
            action: self.non_empty("business.action", raw.action)?,
            volume_per_day: volume,
            prevalence: raw.prevalence,
            capacity_per_day: raw.capacity_per_day,
            currency: raw.currency,
            costs,
            cost_columns,
        })
    }

    /// A class name: a string, or `{ one, other }` with both forms.
    fn noun(&self, key: &str, raw: serde_norway::Value) -> Result<Noun, ContextError> {
        use serde_norway::Value;
        let expected = "give a string (fraudulent transaction) or `{ one: …, other: … }` with the singular and the plural";
        let text = |form: &str, value: Option<&Value>| match value {
            Some(Value::String(s)) => Ok(self
                .non_empty(&format!("{key}.{form}"), s.clone())?
                .trim()
                .to_owned()),
            Some(_) => {
                Err(self.invalid(&format!("{key}.{form}"), format!("is not text: {expected}")))
            }
            None => Err(self.invalid(&format!("{key}.{form}"), format!("is missing: {expected}"))),
        };
        match raw {
            Value::String(s) => Ok(parse_noun(&self.non_empty(key, s)?)),
            Value::Mapping(map) => {
                if let Some(other) = map
                    .keys()
                    .find(|k| !matches!(k.as_str(), Some("one" | "other")))
                {
                    let name = other
                        .as_str()
                        .map_or_else(|| format!("{other:?}"), str::to_owned);
                    return Err(
                        self.invalid(key, format!("has an unknown key `{name}`: {expected}"))
                    );
                }
                Ok(Noun::Forms {
                    one: text("one", map.get("one"))?,
                    other: text("other", map.get("other"))?,
                })
            }
            _ => Err(self.invalid(key, format!("is neither text nor forms: {expected}"))),
        }
    }

    fn threshold(&self, key: &str, value: f64) -> Result<f64, ContextError> {
        if value.is_finite() {
            Ok(value)
        } else {
            Err(self.invalid(
                key,
                format!("is {value}: a threshold must be a finite number"),
            ))
        }
    }

    /// A `max_*`/`min_*` key of `section` (`gates`, `thresholds.targets`), checked
    /// by [`Bound::new`].
    pub(super) fn bound(
        &self,
        section: &str,
        side: Side,
        quantity: Quantity,
        value: f64,
    ) -> Result<Bound, ContextError> {
        Bound::new(side, quantity, value).map_err(|problem| {
            let key = Bound {
                quantity,
                side,
                value,
            }
            .key();
            self.invalid(
                &format!("{section}.{key}"),
                format!("is {value}: {problem}"),
            )
        })
    }

    fn thresholds(
        &self,
        raw: raw::RawThresholds,
        business: &Business,
    ) -> Result<Thresholds, ContextError> {
        let current = self.threshold("thresholds.current", raw.current)?;
        let mut candidates = Vec::with_capacity(raw.candidates.len());
        for (i, c) in raw.candidates.into_iter().enumerate() {
            let key = format!("thresholds.candidates[{i}]");
            let name = self.non_empty(&format!("{key}.name"), c.name)?;
            if name == "current" || candidates.iter().any(|k: &Candidate| k.name == name) {
                return Err(self.invalid(
                    &format!("{key}.name"),
                    format!("is `{name}`, which is already used: give each candidate its own name"),
                ));
            }
            let threshold = self.threshold(&format!("{key}.threshold"), c.threshold)?;
            candidates.push(Candidate { name, threshold });
        }
        let targets = match raw.targets {
            None => Targets::default(),
            Some(t) => {
                if t.min_cost && business.costs.is_none() {
                    return Err(self.invalid(
                        "thresholds.targets.min_cost",
                        "needs costs: add business.costs (false_positive, false_negative, true_positive)".to_owned(),
                    ));
                }
                let given = [
                    t.max_false_negative_rate,
                    t.max_flagged_per_day,
                    t.min_precision,
                    t.max_false_alarms_per_day,
                    t.min_caught_per_day,
                ];
                let mut bounds = Vec::new();
                for ((side, quantity), value) in Bound::TARGETS.into_iter().zip(given) {
                    if let Some(value) = value {
                        bounds.push(self.bound("thresholds.targets", side, quantity, value)?);
                    }
                }
                Targets {
                    bounds,
                    min_cost: t.min_cost,
                }
            }
        };
        Ok(Thresholds {
            current,
            candidates,
            targets,
        })
    }
}

#[cfg(test)]
mod tests;
