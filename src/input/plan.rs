//! What a validated context asks of the loader, and a report's reading stage
//! ([`load_report_inputs`]): the columns to read
//! ([`column_spec`]), the baseline's scores ([`load_baseline`]), the engine's
//! summaries ([`load_summaries`]) and the list of every file a run reads
//! ([`input_files`]), and for `tradeoff monitor` production and the audit, so that the commands in `app` only call these in order.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::input::context::{
    BaselineSource, Context, ContextError, ExperimentSpec, MonitoringSpec, load_context,
};
use crate::input::eval::case_costs::{AuditJoin, CaseCosts, load_case_costs};
use crate::input::eval::experiment_summary::load_experiment_summary;
use crate::input::eval::production::{
    AuditColumns, AuditLabels, MonitorLoadError, ProductionColumns, ProductionData, load_audit,
    load_production,
};
use crate::input::eval::production::{ExperimentColumns, ExperimentData, load_experiment};
use crate::input::eval::production_summary::{SummaryColumns, load_production_summary};
use crate::input::eval::{
    BaselineError, BaselineScores, ColumnSpec, CsvOptions, DuplicateIds, EvalData, LoadError,
    ScorePrecision, load_baseline_column, load_baseline_file, load_baseline_pairs, load_cells,
    load_eval,
};
use crate::input::fingerprint::{InputFile, load_fingerprint};

/// The columns the context names, for the loader. For an engine's summary
/// (`data.summary`), only the columns the sums need.
pub fn column_spec(context: &Context, drop_invalid: bool) -> ColumnSpec {
    let data = &context.data;
    let counted = counted_spec(context, drop_invalid, ColumnSpec::default());
    if let Some(summary) = &data.summary {
        let mut costs = context.business.cost_columns.names();
        costs.extend(summary.squares.iter().map(|(_, s)| s.clone()));
        costs.sort();
        costs.dedup();
        return ColumnSpec { costs, ..counted };
    }
    ColumnSpec {
        id: data.id.clone(),
        timestamp: data.timestamp.clone(),
        show: data.show.clone(),
        segments: data.segments.clone(),
        cluster: data.cluster.clone(),
        costs: context.business.cost_columns.names(),
        timestamp_unit: data.timestamp_unit,
        csv: data.csv,
        ..counted
    }
}

/// Counted rows of the score, label, count and weight the context names, plus
/// the columns of `more`.
fn counted_spec(context: &Context, drop_invalid: bool, more: ColumnSpec) -> ColumnSpec {
    let data = &context.data;
    ColumnSpec {
        score: data.score.clone(),
        label: data.label.clone(),
        positive: data.positive.clone(),
        weight: data.weight.clone(),
        count: data.count.clone(),
        drop_invalid,
        ..more
    }
}

/// The context with its thresholds as they are compared with scores stored in
/// `precision` (see [`ScorePrecision::threshold`]): float32 scores are compared
/// as numpy compares them.
pub fn compared_as_stored(mut context: Context, precision: ScorePrecision) -> Context {
    let thresholds = &mut context.thresholds;
    thresholds.current = precision.threshold(thresholds.current);
    for candidate in &mut thresholds.candidates {
        candidate.threshold = precision.threshold(candidate.threshold);
    }
    context
}

/// The baseline's scores lined up with the evaluation's rows; `None` without a
/// baseline. With an engine's pairs (`data.summary.pairs`), `data` is the pairs
/// ([`Summaries::pairs`]).
///
/// # Errors
/// The baseline's file or column cannot be read or too few cases pair up.
pub fn load_baseline(
    context: &Context,
    data: &EvalData,
    drop_invalid: bool,
) -> Result<Option<BaselineScores>, BaselineError> {
    let Some(baseline) = &context.baseline else {
        return Ok(None);
    };
    let pairs = context.data.summary.as_ref().and_then(|s| s.pairs.as_ref());
    let scores = match &baseline.source {
        // An engine's pairs: `data` is that file, the baseline a column of it.
        BaselineSource::Column(column) if pairs.is_some() => {
            load_baseline_pairs(data, column, drop_invalid, baseline.min_overlap)?
        }
        BaselineSource::Column(column) => load_baseline_column(
            data,
            column,
            context.data.id.as_deref(),
            drop_invalid,
            baseline.min_overlap,
        )?,
        BaselineSource::File {
            path,
            score,
            id,
            data_id,
        } => load_baseline_file(
            data,
            data_id,
            path,
            id,
            score,
            drop_invalid,
            baseline.min_overlap,
        )?,
    };
    Ok(Some(scores))
}

/// The column of an engine's summary by day holding the first instant (seconds
/// since the epoch) of each row's cases.
pub const DAY_FIRST_SEEN: &str = "first_seen";
/// See [`DAY_FIRST_SEEN`]: the last instant.
pub const DAY_LAST_SEEN: &str = "last_seen";

/// The engine's results besides the counts (`data.summary`), loaded.
#[derive(Debug, Default)]
pub struct Summaries {
    /// One per `data.segments` column, in order.
    pub segments: Vec<EvalData>,
    /// The counts per local day, when the context has a timestamp.
    pub days: Option<EvalData>,
    /// For each row of `days`, the first and last instant (ms since the epoch) of
    /// its cases: how much of its day was seen.
    pub day_spans: Option<(Vec<i64>, Vec<i64>)>,
    /// The file of example rows and its rows.
    pub examples: Option<(PathBuf, EvalData)>,
    /// Ids on more than one row, as the engine found them.
    pub duplicate_ids: Option<DuplicateIds>,
    /// The evaluation's cases paired with the baseline's scores, as counted rows
    /// (`data.summary.pairs`), when the context has a baseline: the release
    /// review's cases.
    pub pairs: Option<EvalData>,
}

/// Why the engine's summaries could not be loaded.
#[derive(Debug, Error)]
pub enum SummaryError {
    /// `data.segments` names a column `data.summary.segments` has no file for.
    #[error("data.summary.segments has no file for `{0}`: run `tradeoff sql` again")]
    MissingSegment(String),
    /// A summary file could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// Loads the engine's segment, day and example results the context names; empty
/// without `data.summary`.
///
/// # Errors
/// A segment column without its file, or a file that cannot be read.
pub fn load_summaries(context: &Context, drop_invalid: bool) -> Result<Summaries, SummaryError> {
    let Some(summary) = &context.data.summary else {
        return Ok(Summaries::default());
    };
    let data = &context.data;
    let counted = |more: ColumnSpec| counted_spec(context, drop_invalid, more);
    let mut loaded = Summaries::default();
    for column in &data.segments {
        let Some((_, path)) = summary.segments.iter().find(|(c, _)| c == column) else {
            return Err(SummaryError::MissingSegment(column.clone()));
        };
        let spec = counted(ColumnSpec {
            segments: vec![column.clone()],
            ..ColumnSpec::default()
        });
        loaded.segments.push(load_eval(path, &spec)?);
    }
    if let (Some(path), Some(day)) = (&summary.days, &data.timestamp) {
        let spec = counted(ColumnSpec {
            timestamp: Some(day.clone()),
            costs: vec![DAY_FIRST_SEEN.to_owned(), DAY_LAST_SEEN.to_owned()],
            ..ColumnSpec::default()
        });
        let mut days = load_eval(path, &spec)?;
        // Seconds since the epoch, as the engine computed them, to milliseconds.
        let mut take = |name: &str| -> Vec<i64> {
            let at = days.costs.iter().position(|(c, _)| c == name);
            at.map(|i| days.costs.remove(i).1)
                .unwrap_or_default()
                .iter()
                .map(|s| (s * 1000.0).round() as i64)
                .collect()
        };
        loaded.day_spans = Some((take(DAY_FIRST_SEEN), take(DAY_LAST_SEEN)));
        loaded.days = Some(days);
    }
    if let (Some(path), Some(id)) = (&summary.repeated_ids, &data.id) {
        loaded.duplicate_ids = repeated_ids(path, id)?;
    }
    if let (Some(path), Some(_)) = (&summary.pairs, &context.baseline) {
        // Every column the comparison reads, each row identical cases.
        let spec = counted(ColumnSpec {
            segments: data.segments.clone(),
            costs: context.business.cost_columns.names(),
            ..ColumnSpec::default()
        });
        loaded.pairs = Some(load_eval(path, &spec)?);
    }
    if let Some(path) = &summary.examples {
        // Example rows are raw cases: their weights are not needed.
        let spec = ColumnSpec {
            weight: None,
            ..counted(ColumnSpec {
                id: data.id.clone(),
                show: data.show.clone(),
                ..ColumnSpec::default()
            })
        };
        loaded.examples = Some((path.clone(), load_eval(path, &spec)?));
    }
    Ok(loaded)
}

/// The engine's result of ids on more than one row (see `Summary::repeated_ids`);
/// `None` when no id repeats.
fn repeated_ids(path: &Path, column: &str) -> Result<Option<DuplicateIds>, LoadError> {
    const SHOWN: usize = 3;
    let names = ["id", "repeats", "ids", "extra_rows"].map(str::to_owned);
    let cells = load_cells(
        path,
        &CsvOptions::default(),
        &names,
        &(0..SHOWN).collect::<Vec<_>>(),
    )?;
    let number = |row: &[String], i: usize| -> Result<usize, LoadError> {
        row[i].trim().parse::<f64>().ok().filter(|n| *n >= 0.0).map(|n| n as usize).ok_or_else(|| {
            LoadError::Read {
                file: path.to_owned(),
                message: format!(
                    "column `{}` holds `{}` where a count was expected: run `tradeoff sql` again and its `repeated_ids` statement",
                    names[i], row[i]
                ),
            }
        })
    };
    let Some(first) = cells.values().next() else {
        return Ok(None);
    };
    Ok(Some(DuplicateIds {
        column: column.to_owned(),
        extra_rows: number(first, 3)?,
        ids: number(first, 2)?,
        first: cells.values().map(|row| row[0].clone()).collect(),
        groups: Vec::new(),
    }))
}

/// Every file a report on `context` reads, each with the role the appendix gives
/// it: the context, the evaluation data, the baseline's file and the engine's
/// summaries. Outputs are checked against all of them.
pub fn input_files(context: &Context) -> Vec<(String, PathBuf)> {
    let mut files = vec![
        ("Business context".to_owned(), context.file.clone()),
        ("Evaluation data".to_owned(), context.data.path.clone()),
    ];
    if let Some(BaselineSource::File { path, .. }) = context.baseline.as_ref().map(|b| &b.source) {
        files.push(("Baseline scores".to_owned(), path.clone()));
    }
    let Some(summary) = &context.data.summary else {
        return files;
    };
    files.extend(
        summary
            .segments
            .iter()
            .map(|(column, path)| (format!("Summary by “{column}”"), path.clone())),
    );
    files.extend(
        summary
            .days
            .iter()
            .map(|p| ("Summary by day".to_owned(), p.clone())),
    );
    files.extend(
        summary
            .examples
            .iter()
            .map(|p| ("Example rows".to_owned(), p.clone())),
    );
    files.extend(
        summary
            .repeated_ids
            .iter()
            .map(|p| ("Repeated ids".to_owned(), p.clone())),
    );
    files.extend(
        summary
            .pairs
            .iter()
            .map(|p| ("Cases paired with the baseline".to_owned(), p.clone())),
    );
    files
}

/// Every file `tradeoff monitor` reads, with its role: the context, the
/// evaluation data, production and the audit.
pub fn monitor_files(context: &Context, monitoring: &MonitoringSpec) -> Vec<(String, PathBuf)> {
    let mut files = vec![
        ("Business context".to_owned(), context.file.clone()),
        ("Evaluation data".to_owned(), context.data.path.clone()),
        ("Production".to_owned(), monitoring.production.path.clone()),
    ];
    let audited = monitoring
        .production
        .summary
        .as_ref()
        .and_then(|s| s.audited.clone());
    files.extend(audited.map(|a| ("Audited production cases".to_owned(), a)));
    let arms = (monitoring.production.summary.as_ref())
        .filter(|_| monitoring.experiment.is_some())
        .and_then(|s| s.experiment.clone());
    files.extend(arms.map(|a| ("Production's cases per arm and outcome".to_owned(), a)));
    files.extend((monitoring.audit.iter()).map(|a| ("Audit".to_owned(), a.path.clone())));
    files
}

/// Production's scored cases, read as `monitoring.production` names them (ids
/// must be unique when an audit is joined to them).
///
/// # Errors
/// The file cannot be read or a column is missing or invalid.
pub fn load_monitored_production(
    monitoring: &MonitoringSpec,
    segments: &[String],
) -> Result<ProductionData, MonitorLoadError> {
    let production = &monitoring.production;
    let arm = monitoring.experiment.as_ref().map(experiment_columns);
    let columns = ProductionColumns {
        score: production.score.clone(),
        timestamp: production.timestamp.clone(),
        id: production.id.clone(),
        segments: segments.to_vec(),
        arm: arm.clone(),
    };
    let Some(summary) = &production.summary else {
        let loaded = load_production(&production.path, &columns, monitoring.audit.is_some());
        return match loaded {
            // An empty file is production's problem, not the evaluation's.
            Err(MonitorLoadError::Load(LoadError::Empty { .. })) => {
                Err(MonitorLoadError::EmptyProduction {
                    file: production.path.clone(),
                })
            }
            Ok(data) if data.scores.is_empty() => Err(MonitorLoadError::EmptyProduction {
                file: production.path.clone(),
            }),
            other => other,
        };
    };
    // An engine's results (`tradeoff sql`): the audited cases carry their ids.
    let columns = SummaryColumns {
        score: &production.score,
        id: production.id.as_deref(),
        segments,
        arm: arm.as_ref(),
    };
    // Repeated production ids stop the run, as they do on the raw file.
    if let (Some(file), Some(column), Some(_)) =
        (&summary.repeated_ids, &production.id, &monitoring.audit)
        && let Some(repeats) = repeated_ids(file, "id")?
    {
        return Err(MonitorLoadError::RepeatedIds {
            file: file.clone(),
            column: column.clone(),
            id: repeats.first.first().cloned().unwrap_or_default(),
            ids: repeats.ids,
            extra_rows: repeats.extra_rows,
        });
    }
    let read = load_production_summary(&production.path, summary.audited.as_deref(), &columns)?;
    let mut data = read.data;
    data.ids = Some(read.audited_ids);
    Ok(data)
}

/// The production columns `monitoring.experiment` names.
fn experiment_columns(e: &ExperimentSpec) -> ExperimentColumns {
    ExperimentColumns {
        arm: e.arm.clone(),
        model: e.model.clone(),
        holdout: e.holdout.clone(),
        outcome: e.outcome.clone(),
    }
}

/// Production's arms and outcomes for `monitoring.experiment`; `None` without one.
///
/// # Errors
/// A column is missing, an arm is neither value, or an outcome is not a number.
pub fn load_monitored_experiment(
    monitoring: &MonitoringSpec,
) -> Result<Option<ExperimentData>, MonitorLoadError> {
    let Some(e) = &monitoring.experiment else {
        return Ok(None);
    };
    let columns = experiment_columns(e);
    let production = &monitoring.production;
    match &production.summary {
        None => load_experiment(&production.path, &columns).map(Some),
        // An engine's results: the cases per arm and outcome (`monitor_experiment`).
        Some(summary) => match &summary.experiment {
            Some(file) => load_experiment_summary(file, &columns).map(Some),
            None => Err(MonitorLoadError::ExperimentNotSummarised {
                file: production.path.clone(),
            }),
        },
    }
}

/// The audit's labels joined to production by id, held against the evaluation's
/// two label values; `None` without an audit.
///
/// # Errors
/// The audit cannot be read, or its ids or labels do not match.
pub fn load_monitored_audit(
    monitoring: &MonitoringSpec,
    data: &EvalData,
    production: &ProductionData,
) -> Result<Option<AuditLabels>, MonitorLoadError> {
    let (Some(audit), Some(ids)) = (&monitoring.audit, &production.ids) else {
        return Ok(None);
    };
    let columns = AuditColumns {
        id: audit.id.clone(),
        label: audit.label.clone(),
        labels: data.labels.clone(),
        probability: audit.probability.clone(),
    };
    let production_id = monitoring.production.id.as_deref().unwrap_or_default();
    let mut labels = load_audit(&audit.path, &columns, ids, production_id)?;
    // An engine's summary names only the audited cases (the first rows): the rest
    // have no verdict.
    labels.labels.resize(production.scores.len(), None);
    Ok(Some(labels))
}

/// Each audited case's own cost when the context takes a cost from a column
/// (`business.costs.false_negative: { column: amount }`): the column read from
/// production or, when production lacks it, from the audit (or, for an engine's
/// results, from `monitor_audited`). `None` when every cost is a fixed price or
/// there is no audit.
///
/// # Errors
/// A file cannot be read, or a value of a cost column is not a number.
pub fn load_monitored_case_costs(
    context: &Context,
    monitoring: &MonitoringSpec,
    production: &ProductionData,
    audit: Option<&AuditLabels>,
) -> Result<Option<CaseCosts>, MonitorLoadError> {
    let names = context.business.cost_columns.names();
    let (Some(spec), Some(labels), Some(ids)) = (&monitoring.audit, audit, &production.ids) else {
        return Ok(None);
    };
    if names.is_empty() || context.business.costs.is_none() {
        return Ok(None);
    }
    let file = match &monitoring.production.summary {
        // The engine's `monitor_audited`: the audited cases, production's first rows.
        Some(summary) => match &summary.audited {
            Some(audited) => audited.as_path(),
            None => return Ok(None),
        },
        None => monitoring.production.path.as_path(),
    };
    let join = AuditJoin {
        file: &spec.path,
        id: &spec.id,
        id_match: &labels.id_match,
        production_ids: ids,
    };
    load_case_costs(&names, file, production.scores.len(), Some(join)).map(Some)
}

/// What a report reads before it computes anything.
#[derive(Debug)]
pub struct Loaded {
    /// The context, its thresholds compared in the scores' stored precision.
    pub context: Context,
    /// The evaluation data (or the engine's counts).
    pub data: EvalData,
    /// The engine's other results; empty without `data.summary`.
    pub summaries: Summaries,
    /// Each input's size and checksum, for the appendix.
    pub files: Vec<InputFile>,
}

/// Why a report's inputs could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The context is missing or invalid.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// The evaluation data cannot be read.
    #[error(transparent)]
    Data(#[from] LoadError),
    /// An engine's summary cannot be read.
    #[error(transparent)]
    Summary(#[from] SummaryError),
    /// An input cannot be read to take its checksum.
    #[error("cannot read an input file to checksum it")]
    Fingerprint(#[source] std::io::Error),
}

/// Reads the context, then the evaluation data, the engine's summaries and every
/// input's checksum side by side.
///
/// # Errors
/// The first input that is missing or invalid.
pub fn load_report_inputs(context_file: &Path, drop_invalid: bool) -> Result<Loaded, ReadError> {
    let context = load_context(context_file)?;
    let spec = column_spec(&context, drop_invalid);
    let (files, (data, summaries)) = rayon::join(
        || -> std::io::Result<Vec<InputFile>> {
            input_files(&context)
                .iter()
                .map(|(role, path)| load_fingerprint(role, path))
                .collect()
        },
        || {
            rayon::join(
                || load_eval(&context.data.path, &spec),
                || load_summaries(&context, drop_invalid),
            )
        },
    );
    let mut data = data?;
    let mut summaries = summaries?;
    // The engine's count of repeated ids stands for the rows it summarised.
    if data.duplicate_ids.is_none() {
        data.duplicate_ids = summaries.duplicate_ids.take();
    }
    crate::trace("loaded + fingerprints");
    // Thresholds are compared in the precision the scores were stored in (float32
    // scores: as numpy compares them).
    let context = compared_as_stored(context, data.score_precision);
    let files = files.map_err(ReadError::Fingerprint)?;
    Ok(Loaded {
        context,
        data,
        summaries,
        files,
    })
}
