//! What a validated context asks of the loader, and a report's reading stage
//! ([`load_report_inputs`]): the columns to read
//! ([`column_spec`]), the baseline's scores ([`load_baseline`]), the engine's
//! summaries ([`load_summaries`]) and the list of every file a run reads
//! ([`input_files`]), and for `tradeoff monitor` production and the audit, so that the commands in `app` only call these in order.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::input::context::{BaselineSource, Context, ContextError, MonitoringSpec, load_context};
use crate::input::eval::production::{
    AuditColumns, AuditLabels, MonitorLoadError, ProductionColumns, ProductionData, load_audit,
    load_production,
};
use crate::input::eval::production::{ExperimentColumns, ExperimentData, load_experiment};
use crate::input::eval::{
    BaselineError, BaselineScores, ColumnSpec, EvalData, LoadError, ScorePrecision,
    load_baseline_column, load_baseline_file, load_eval,
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
/// baseline.
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
    let scores = match &baseline.source {
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

/// The engine's results besides the counts (`data.summary`), loaded.
#[derive(Debug, Default)]
pub struct Summaries {
    /// One per `data.segments` column, in order.
    pub segments: Vec<EvalData>,
    /// The counts per local day, when the context has a timestamp.
    pub days: Option<EvalData>,
    /// The file of example rows and its rows.
    pub examples: Option<(PathBuf, EvalData)>,
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
            ..ColumnSpec::default()
        });
        loaded.days = Some(load_eval(path, &spec)?);
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
) -> Result<ProductionData, MonitorLoadError> {
    let production = &monitoring.production;
    let columns = ProductionColumns {
        score: production.score.clone(),
        timestamp: production.timestamp.clone(),
        id: production.id.clone(),
    };
    load_production(&production.path, &columns, monitoring.audit.is_some())
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
    let columns = ExperimentColumns {
        arm: e.arm.clone(),
        model: e.model.clone(),
        holdout: e.holdout.clone(),
        outcome: e.outcome.clone(),
    };
    load_experiment(&monitoring.production.path, &columns).map(Some)
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
    };
    let production_id = monitoring.production.id.as_deref().unwrap_or_default();
    load_audit(&audit.path, &columns, ids, production_id).map(Some)
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
    let data = data?;
    let summaries = summaries?;
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
