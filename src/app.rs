//! One function per command: the stage list of each, run in order. This is the edge
//! of the crate together with `output`: it reads the clock and the files (through
//! `input`), and it returns what the command prints instead of printing it, so a
//! test can run a whole command in-process. Concurrency is rayon's, throughout.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, NaiveDate};

use crate::input::context::{BaselineSource, Context, load_context};
use crate::input::eval::ids::IdMatch;
use crate::input::eval::{
    BaselineScores, ColumnSpec, CsvOptions, EvalData, ScorePrecision, load_baseline_column,
    load_baseline_file, load_cells, load_eval,
};
use crate::input::eval::{TimestampStorage, load_timestamp_storage};
use crate::input::fingerprint::{InputFile, load_fingerprint};
use crate::model::comparison::{build_comparison, pair_cases};
use crate::model::curves::build_curves;
use crate::model::gates::build_gates;
use crate::model::grid::{meeting_points, meeting_thresholds, threshold_range};
use crate::model::mistakes::{build_mistakes, pick_mistakes};
use crate::model::provenance::Provenance;
use crate::model::release::{Disagreements, Release, build_disagreements};
use crate::model::report::{Inputs, Report, Rows, build_report, full_segments, load_warnings};
use crate::model::warnings::Warning;
use crate::output::write_output;
use crate::present::comparison::{comparison_headline, gate_value};
use crate::present::export::markdown::markdown_summary;
use crate::present::export::release_json::release_summary_json;
use crate::present::export::sql::{Dialect, SqlRequest, Step, build_sql, render_sql};
use crate::present::export::summary_context::summary_context;
use crate::present::export::sweep::{SweepFormat, sweep_output};
use crate::present::page::{build_page, render_page};
use crate::present::progress::Stage;
use crate::present::sentences::headline;
use crate::stats::costs::{CostSource, CostSources, RowCosts};
use crate::stats::sweep::Sweep;
use crate::stats::weights::RowWeights;
use crate::stats::zone::Zone;

mod monitor;
pub use monitor::{MonitorRequest, Monitored, default_monitor_output, monitor};
pub mod progress;
use progress::{Progress, Silent};

/// What a command prints: its result on standard output, warnings and notes on
/// standard error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Printed {
    /// Text for standard output (the headline, the sweep table).
    pub stdout: String,
    /// Warnings and notes for standard error, one per line.
    pub stderr: String,
}

impl Printed {
    fn warn(&mut self, warning: &Warning) {
        self.stderr.push_str(&format!("warning: {warning}\n"));
    }
}

/// `tradeoff report`'s arguments.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// The business-context YAML.
    pub context_file: PathBuf,
    /// The HTML page; default `reports/<context file stem>.html`.
    pub output: Option<PathBuf>,
    /// Where to write the JSON summary, if anywhere.
    pub json: Option<PathBuf>,
    /// The markdown summary for a review document.
    pub markdown: Option<PathBuf>,
    /// Examples of each kind of mistake to show.
    pub examples: usize,
    /// Leave out rows with a missing, NaN or infinite score or label instead of stopping.
    pub drop_invalid: bool,
    /// `--check`: the caller exits 3 when a gate fails (the outputs are written
    /// all the same).
    pub check: bool,
    /// Every value of each segment column in the JSON, not only the largest.
    pub all_segment_values: bool,
}

/// A report built and written.
#[derive(Debug, Clone)]
pub struct Built {
    /// The report model the page and the JSON were built from.
    pub report: Report,
    /// The HTML page as written.
    pub html: String,
    /// Where the page went.
    pub output: PathBuf,
    /// What the command prints.
    pub printed: Printed,
    /// The comparison with the baseline, the gates and the provenance.
    pub release: Release,
}

impl Built {
    /// Whether `--check` should fail the run: it was asked for and a gate failed.
    pub fn fails_check(&self, check: bool) -> bool {
        check && self.release.any_gate_failed()
    }
}

/// `tradeoff report`: reads the context and the evaluation data, builds the report,
/// writes the page (and the JSON) atomically and returns what to print.
///
/// # Errors
/// A context, data or output problem, each naming the file and what to do.
pub fn report(request: &ReportRequest) -> Result<Built> {
    report_with_progress(request, &Silent)
}

/// [`report`], telling `progress` each stage as it starts (see [`Stage`]).
pub fn report_with_progress(request: &ReportRequest, progress: &dyn Progress) -> Result<Built> {
    let context_file = request.context_file.as_path();
    progress.stage(Stage::Reading);
    // 1. The business context, validated.
    let context = load_context(context_file)?;
    let data_file = context.data.path.clone();
    let spec = column_spec(&context, request.drop_invalid);
    // 2. The evaluation data, checked — with the appendix's checksums read alongside;
    //    for an engine's summaries, its other results too.
    let (files, (data, summaries)) = rayon::join(
        || -> std::io::Result<Vec<InputFile>> {
            let mut files = vec![
                load_fingerprint("Business context", context_file)?,
                load_fingerprint("Evaluation data", &data_file)?,
            ];
            if let Some(BaselineSource::File { path, .. }) =
                context.baseline.as_ref().map(|b| &b.source)
            {
                files.push(load_fingerprint("Baseline scores", path)?);
            }
            for (what, path) in summary_files(&context) {
                files.push(load_fingerprint(&what, &path)?);
            }
            Ok(files)
        },
        || {
            rayon::join(
                || load_eval(&data_file, &spec),
                || load_summaries(&context, request.drop_invalid),
            )
        },
    );
    let data = data?;
    let summaries = summaries?;
    crate::trace("loaded + fingerprints");
    // Thresholds are compared in the precision the scores were stored in (float32
    // scores: as numpy compares them).
    let context = compared_as_stored(context, data.score_precision);
    let files = files.context("cannot read an input file to checksum it")?;
    // 2b. The baseline's scores for the same cases, when the context names one.
    let baseline_scores = load_baseline(&context, &data, request.drop_invalid)?;
    let weights = row_weights(&context, &data);
    let inputs = inputs(&context, &data, weights, &summaries);
    // The example rows: the evaluation's own, or the engine's pick of them.
    let (examples, examples_file) = match &summaries.examples {
        Some((file, rows)) => (rows, file.clone()),
        None => (&data, data_file.clone()),
    };
    // 3. The model's mistakes at the current threshold: their text is read from the
    //    file while the sweep and the report are built.
    let current = context.thresholds.current;
    let text_columns: Vec<String> = context
        .data
        .id
        .iter()
        .chain(&context.data.show)
        .cloned()
        .collect();
    let date = report_date(context.date)?;
    progress.stage(Stage::Sweeping {
        rows: data.scores.len(),
    });
    let ((picked, cells), built) = rayon::join(
        || {
            let picked = pick_mistakes(
                &examples.scores,
                &examples.positive,
                current,
                request.examples,
            );
            let rows: Vec<usize> = picked
                .all()
                .into_iter()
                .map(|i| examples.file_row(i))
                .collect();
            let cells = load_cells(&examples_file, &spec.csv, &text_columns, &rows);
            (picked, cells)
        },
        || -> Result<_> {
            // 4. The sweep: sort once, count at every distinct score.
            let sweep = Sweep::build(&data.scores, &data.positive, weights);
            crate::trace("sweep");
            let row_costs = row_costs(&context, &data, weights);
            let row_costs = row_costs.as_ref();
            // 5. The report model and the chart and meeting-mode data.
            let report = build_report(&context, &inputs, &sweep, row_costs, date)
                .context("the evaluation data must hold both classes")?;
            crate::trace("report model");
            let named: Vec<f64> = report.operating_points().map(|p| p.threshold).collect();
            let curves = build_curves(
                &sweep,
                &report.production,
                row_costs,
                &data.scores,
                &data.positive,
                weights,
                &named,
            );
            crate::trace("curves");
            let grid = meeting_points(
                &sweep,
                &report.production,
                row_costs,
                &meeting_thresholds(report.data.score_range, &named),
            );
            Ok((report, curves, grid))
        },
    );
    let (mut report, curves, grid) = built?;
    crate::trace("built");
    let cells = cells?;
    // 6. The release review: the comparison, the gates, the provenance.
    progress.stage(Stage::BuildingPage);
    let release = release_review(
        &context,
        &data,
        baseline_scores.as_ref(),
        &mut report,
        files,
        request.examples,
    )?;
    let mut printed = Printed::default();
    for warning in &report.warnings {
        printed.warn(warning);
    }
    let mistakes = build_mistakes(
        &picked,
        examples,
        current,
        context.data.id.is_some(),
        &cells,
    );
    // 7. The page.
    let page = build_page(
        &report,
        &curves,
        &mistakes,
        &grid,
        &context.data.show,
        &release,
    )?;
    let html = render_page(&page).context("cannot render the report page")?;
    crate::trace("page");
    // 8. Outputs, written atomically, never over an input.
    progress.stage(Stage::Writing);
    let mut input_files: Vec<&Path> = vec![context_file, data_file.as_path()];
    input_files.extend(baseline_scores.as_ref().map(|b| b.file.as_path()));
    let extra = summary_files(&context);
    input_files.extend(extra.iter().map(|(_, p)| p.as_path()));
    let output = request
        .output
        .clone()
        .unwrap_or_else(|| default_output(context_file));
    write_output(&output, html.as_bytes(), &input_files)?;
    if let Some(json) = &request.json {
        // The page keeps the largest segment values; the JSON gets them all on request.
        if request.all_segment_values {
            report.segments = full_segments(&report, &inputs);
        }
        write_output(json, &release_summary_json(&report, &release), &input_files)?;
    }
    if let Some(markdown) = &request.markdown {
        write_output(
            markdown,
            markdown_summary(&report, &release).as_bytes(),
            &input_files,
        )?;
    }
    // 9. The headline for the terminal, then the comparison's and the gates.
    printed.stdout = format!("{}\n", headline(&report.current, &report.business));
    if let Some(comparison) = &release.comparison {
        for sentence in comparison_headline(&report, comparison) {
            printed.stdout.push_str(&format!("{sentence}\n"));
        }
    }
    for gate in &release.gates {
        printed.stdout.push_str(&format!(
            "gate {}: {} — {}, limit {}\n",
            gate.gate.name(),
            if gate.passed { "passed" } else { "FAILED" },
            gate_value(gate, &report),
            crate::present::comparison::gate_limit(gate, &report),
        ));
    }
    if request.check && release.gates.is_empty() {
        printed
            .stderr
            .push_str("note: --check: the context sets no gates, so there is nothing to fail\n");
    }
    printed
        .stderr
        .push_str(&format!("wrote {}\n", output.display()));
    Ok(Built {
        report,
        html,
        output,
        printed,
        release,
    })
}

/// The baseline's scores lined up with the evaluation's rows; `None` without a
/// baseline.
fn load_baseline(
    context: &Context,
    data: &EvalData,
    drop_invalid: bool,
) -> Result<Option<BaselineScores>> {
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

/// The comparison with the baseline (with the text of the cases they disagree on),
/// the gates and the provenance. Cases only one model scored become a warning.
fn release_review(
    context: &Context,
    data: &EvalData,
    baseline_scores: Option<&BaselineScores>,
    report: &mut Report,
    files: Vec<InputFile>,
    examples: usize,
) -> Result<Release> {
    let mut comparison = None;
    let mut disagreements = Disagreements::default();
    if let (Some(baseline), Some(scores)) = (&context.baseline, baseline_scores) {
        if scores.evaluation_only > 0 || scores.baseline_only > 0 {
            report.warnings.push(Warning::BaselineOverlap {
                evaluation_only: scores.evaluation_only,
                first_evaluation_only: scores.first_evaluation_only.clone(),
                baseline_only: scores.baseline_only,
                first_baseline_only: scores.first_baseline_only.clone(),
            });
        }
        if let IdMatch::ByValue { left, right } = &scores.id_match {
            let (evaluation, baseline) = (left.clone(), right.clone());
            report.warnings.push(Warning::IdsJoinedByValue {
                evaluation,
                baseline,
            });
        }
        let paired = pair_cases(data, scores);
        let built = build_comparison(
            context,
            baseline,
            scores,
            &paired,
            &report.production,
            examples,
        )
        .context(
            "the cases both models scored must hold at least two positive and two negative cases to compare the models",
        )?;
        let rows: Vec<usize> = built
            .caught_by_candidate_only
            .iter()
            .chain(&built.caught_by_baseline_only)
            .map(|&i| data.file_row(i))
            .collect();
        let text_columns: Vec<String> = context
            .data
            .id
            .iter()
            .chain(&context.data.show)
            .cloned()
            .collect();
        let cells = load_cells(&data.file, &context.data.csv, &text_columns, &rows)?;
        disagreements =
            build_disagreements(&built, data, scores, context.data.id.is_some(), &cells);
        comparison = Some(built);
    }
    let gates = build_gates(&context.gates, report, comparison.as_ref());
    Ok(Release {
        comparison,
        disagreements,
        gates,
        provenance: Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            model: context.model.clone(),
            baseline: context.baseline.as_ref().map(|b| b.name.clone()),
            inputs: files,
            context_git: crate::git::load_git_state(&context.file),
        },
    })
}

/// The engine's results besides the counts (`data.summary`), loaded.
#[derive(Default)]
struct Summaries {
    /// One per `data.segments` column, in order.
    segments: Vec<EvalData>,
    days: Option<EvalData>,
    /// The file of example rows and its rows.
    examples: Option<(PathBuf, EvalData)>,
}

/// Each summary file with what it holds, for the appendix and the output check.
fn summary_files(context: &Context) -> Vec<(String, PathBuf)> {
    let Some(summary) = &context.data.summary else {
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = summary
        .segments
        .iter()
        .map(|(column, path)| (format!("Summary by “{column}”"), path.clone()))
        .collect();
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

/// Loads the engine's segment, day and example results the context names.
fn load_summaries(context: &Context, drop_invalid: bool) -> Result<Summaries> {
    let Some(summary) = &context.data.summary else {
        return Ok(Summaries::default());
    };
    let data = &context.data;
    // Counted rows of the score, label, count and weight, plus `more`.
    let counted = |more: ColumnSpec| ColumnSpec {
        score: data.score.clone(),
        label: data.label.clone(),
        positive: data.positive.clone(),
        weight: data.weight.clone(),
        count: data.count.clone(),
        drop_invalid,
        ..more
    };
    let mut loaded = Summaries::default();
    for column in &data.segments {
        let Some((_, path)) = summary.segments.iter().find(|(c, _)| c == column) else {
            bail!("data.summary.segments has no file for `{column}`: run `tradeoff sql` again");
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
        let spec = counted(ColumnSpec {
            id: data.id.clone(),
            show: data.show.clone(),
            ..ColumnSpec::default()
        });
        // Example rows are raw cases: their weights are not needed.
        let spec = ColumnSpec {
            weight: None,
            ..spec
        };
        loaded.examples = Some((path.clone(), load_eval(path, &spec)?));
    }
    Ok(loaded)
}

/// The rows each part of the report is counted on.
fn inputs<'a>(
    context: &Context,
    data: &'a EvalData,
    weights: RowWeights<'a>,
    summaries: &'a Summaries,
) -> Inputs<'a> {
    let Some(summary) = &context.data.summary else {
        return Inputs::of(data, weights, context.data.timezone);
    };
    let rows = |d: &'a EvalData| Rows {
        data: d,
        weights: d.row_weights(),
    };
    Inputs {
        rows: Rows { data, weights },
        segments: summaries
            .segments
            .iter()
            .filter_map(|d| Some((d.segments.first()?, rows(d))))
            .collect(),
        // The engine cut the days in the context's zone already: its dates are read
        // as UTC midnights and kept as they are.
        days: summaries
            .days
            .as_ref()
            .and_then(|d| Some((d.timestamps.as_deref()?, rows(d), Zone::utc()))),
        resolution: summary.resolution,
    }
}

/// What each row counts for: its count and weight, and for an engine's summary the
/// Σw² of each row's cases.
fn row_weights<'a>(context: &Context, data: &'a EvalData) -> RowWeights<'a> {
    let squares = context
        .data
        .summary
        .as_ref()
        .and_then(|s| s.squares_of(context.data.weight.as_deref()?))
        .and_then(|name| data.costs.iter().find(|(c, _)| c == name))
        .map(|(_, values)| values.as_slice());
    RowWeights {
        squares,
        ..data.row_weights()
    }
}

/// The columns the context names, for the loader.
fn column_spec(context: &Context, drop_invalid: bool) -> ColumnSpec {
    if let Some(summary) = &context.data.summary {
        // The counts per score and label: the columns the sums need, nothing else.
        let mut costs = context.business.cost_columns.names();
        costs.extend(summary.squares.iter().map(|(_, s)| s.clone()));
        costs.sort();
        costs.dedup();
        return ColumnSpec {
            score: context.data.score.clone(),
            label: context.data.label.clone(),
            positive: context.data.positive.clone(),
            weight: context.data.weight.clone(),
            count: context.data.count.clone(),
            costs,
            drop_invalid,
            ..ColumnSpec::default()
        };
    }
    ColumnSpec {
        score: context.data.score.clone(),
        label: context.data.label.clone(),
        positive: context.data.positive.clone(),
        weight: context.data.weight.clone(),
        count: context.data.count.clone(),
        id: context.data.id.clone(),
        timestamp: context.data.timestamp.clone(),
        show: context.data.show.clone(),
        segments: context.data.segments.clone(),
        costs: context.business.cost_columns.names(),
        drop_invalid,
        timestamp_unit: context.data.timestamp_unit,
        csv: context.data.csv,
    }
}

/// The context with its thresholds as they are compared with scores stored in
/// `precision` (see [`ScorePrecision::threshold`]).
fn compared_as_stored(mut context: Context, precision: ScorePrecision) -> Context {
    let thresholds = &mut context.thresholds;
    thresholds.current = precision.threshold(thresholds.current);
    for candidate in &mut thresholds.candidates {
        candidate.threshold = precision.threshold(candidate.threshold);
    }
    context
}

/// The per-row costs when the context takes any cost from a column.
fn row_costs(context: &Context, data: &EvalData, weights: RowWeights) -> Option<RowCosts> {
    let columns = &context.business.cost_columns;
    let fixed = context.business.costs?;
    if columns.names().is_empty() {
        return None;
    }
    let values = |name: &str| {
        data.costs
            .iter()
            .find(|(c, _)| c == name)
            .map(|(_, v)| v.as_slice())
    };
    let squares = |name: &str| {
        let summary = context.data.summary.as_ref()?;
        values(summary.squares_of(name)?)
    };
    let source = |column: &Option<String>, money: f64| match column {
        Some(name) => match (values(name), squares(name)) {
            (Some(means), Some(squares)) => CostSource::Summary { means, squares },
            (Some(values), None) => CostSource::Rows(values),
            (None, _) => CostSource::Fixed(money),
        },
        None => CostSource::Fixed(money),
    };
    let sources = CostSources {
        false_positive: source(&columns.false_positive, fixed.false_positive),
        false_negative: source(&columns.false_negative, fixed.false_negative),
        true_positive: source(&columns.true_positive, fixed.true_positive),
    };
    Some(RowCosts::build(
        &data.scores,
        &data.positive,
        weights,
        &sources,
    ))
}

/// `reports/<context file stem>.html`; a context named `context.yaml` takes its
/// folder's name (samples/fraud/context.yaml → reports/fraud.html).
pub fn default_output(context_file: &Path) -> PathBuf {
    let stem = context_file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report");
    let name = if stem == "context" {
        context_file
            .canonicalize()
            .ok()
            .and_then(|p| p.parent()?.file_name()?.to_str().map(str::to_owned))
            .unwrap_or_else(|| stem.to_owned())
    } else {
        stem.to_owned()
    };
    PathBuf::from("reports").join(format!("{name}.html"))
}

/// `tradeoff sweep`'s arguments.
#[derive(Debug, Clone)]
pub struct SweepRequest {
    /// The evaluation file: CSV, Parquet or NDJSON.
    pub data_file: PathBuf,
    /// Name of the score column.
    pub score: String,
    /// Name of the label column.
    pub label: String,
    /// Label value meaning positive; default 1 / true.
    pub positive: Option<String>,
    /// Thresholds to count at; default 11 evenly spread (see [`default_thresholds`]).
    pub thresholds: Option<Vec<f64>>,
    /// One row per distinct score instead.
    pub all: bool,
    /// Table, CSV or JSON.
    pub format: SweepFormat,
    /// Leave out rows with a missing, NaN or infinite score or label instead of stopping.
    pub drop_invalid: bool,
    /// A CSV's separator and decimal mark; detected where `None`.
    pub csv: CsvOptions,
}

/// `tradeoff sweep`: the confusion counts at each threshold, formatted.
///
/// # Errors
/// A data problem naming the file, or a threshold that is not a finite number.
pub fn sweep(request: &SweepRequest) -> Result<Printed> {
    let spec = ColumnSpec {
        score: request.score.clone(),
        label: request.label.clone(),
        positive: request.positive.clone(),
        drop_invalid: request.drop_invalid,
        csv: request.csv,
        ..ColumnSpec::default()
    };
    let data = load_eval(&request.data_file, &spec)?;
    let mut printed = Printed::default();
    if data.lossy_text {
        printed.warn(&Warning::NotUtf8);
    }
    if data.dropped_rows + data.conflicting_id_rows > 0 {
        printed.warn(&Warning::DroppedRows {
            rows: data.dropped_rows,
            conflicting_ids: data.conflicting_id_rows,
        });
    }
    for warning in load_warnings(&data) {
        printed.warn(&warning);
    }
    let sweep = Sweep::build(&data.scores, &data.positive, data.row_weights());
    let rows: Vec<_> = if request.all {
        sweep.points().collect()
    } else {
        let thresholds = match &request.thresholds {
            Some(t) => {
                if let Some(bad) = t.iter().find(|t| !t.is_finite()) {
                    bail!("--thresholds: {bad} is not a finite number");
                }
                t.iter()
                    .map(|&t| data.score_precision.threshold(t))
                    .collect()
            }
            None => default_thresholds(&sweep),
        };
        thresholds
            .into_iter()
            .map(|t| (t, sweep.counts_at(t)))
            .collect()
    };
    printed.stdout = sweep_output(&rows, request.format);
    Ok(printed)
}

/// 0, 0.1, …, 1 for probability-like scores; else 11 steps over the score range.
pub fn default_thresholds(sweep: &Sweep) -> Vec<f64> {
    let (low, high) = threshold_range(sweep.score_range().unwrap_or((0.0, 1.0)));
    (0..=10)
        .map(|i| low + (high - low) * f64::from(i) / 10.0)
        .map(|t| (t * 1e6).round() / 1e6)
        .collect()
}

/// The report date: the context's, else `SOURCE_DATE_EPOCH`, else today (UTC).
fn report_date(from_context: Option<NaiveDate>) -> Result<NaiveDate> {
    if let Some(date) = from_context {
        return Ok(date);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().with_context(|| {
            format!("SOURCE_DATE_EPOCH is `{text}`: set it to whole seconds since 1970-01-01 or unset it")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .with_context(|| format!("SOURCE_DATE_EPOCH {seconds} is out of range"))
}

/// `tradeoff sql`'s arguments.
#[derive(Debug, Clone)]
pub struct SqlCommand {
    /// The context of the raw evaluation table.
    pub context_file: PathBuf,
    /// The engine's SQL dialect.
    pub dialect: Dialect,
    /// The table to read; default: the context's data file, read the engine's way.
    pub table: Option<String>,
    /// Where to write the context that reads the engine's results.
    pub context_output: Option<PathBuf>,
    /// Group scores to multiples of this step instead of exact scores.
    pub resolution: Option<f64>,
    /// Examples of each kind of mistake to keep (as `report --examples`).
    pub examples: usize,
}

/// `tradeoff sql`: the SQL that reduces the evaluation table to what the report
/// needs (standard output holds only SQL), and, with `--context`, the context that
/// reads the results.
///
/// # Errors
/// A context problem, a table or file the dialect cannot read, a bad resolution,
/// or an output that cannot be written.
pub fn sql(command: &SqlCommand) -> Result<Printed> {
    let mut context = load_context(&command.context_file)?;
    if context.data.summary.is_some() {
        bail!(
            "{}: this context already reads an engine's summaries (data.summary): run `tradeoff sql` on the context of the raw table",
            command.context_file.display()
        );
    }
    let step = command.resolution.map(Step::parse).transpose()?;
    let timestamps = match &context.data.timestamp {
        Some(column) if context.data.path.is_file() => {
            let data = &context.data;
            load_timestamp_storage(&data.path, &data.csv, column, data.timestamp_unit)?
        }
        _ => TimestampStorage::Native,
    };
    // The data file as the context names it, relative to the context's folder (the
    // SQL says so): no path of this machine in the SQL.
    let folder = command.context_file.parent().unwrap_or(Path::new(""));
    if let Ok(relative) = context.data.path.strip_prefix(folder) {
        context.data.path = relative.to_path_buf();
    }
    let statements = build_sql(&SqlRequest {
        context: &context,
        dialect: command.dialect,
        table: command.table.as_deref(),
        step,
        examples: command.examples,
        timestamps,
    })?;
    let mut printed = Printed {
        stdout: render_sql(&statements, &command.context_file, command.dialect),
        stderr: String::new(),
    };
    if let Some(out) = &command.context_output {
        let yaml = summary_context(&context, &statements, step, command.dialect);
        write_output(out, yaml.as_bytes(), &[command.context_file.as_path()])?;
        let names: Vec<String> = statements
            .iter()
            .map(|s| format!("{}.parquet", s.name))
            .collect();
        printed.stderr.push_str(&format!(
            "wrote {}: save the results as {} beside it\n",
            out.display(),
            names.join(", ")
        ));
        // What the written context leaves out, and why.
        let mut left_out: Vec<&str> = Vec::new();
        if context.baseline.is_some() {
            left_out.push(
                "baseline (a comparison pairs each case's two scores; the summary has no cases)",
            );
        }
        if !context.gates.is_empty() {
            left_out.push("gates (copy them back if the report should check them)");
        }
        if context.monitoring.is_some() {
            left_out.push("monitoring (run tradeoff monitor with the original context)");
        }
        if !left_out.is_empty() {
            printed.stderr.push_str(&format!(
                "note: {} leaves out {}\n",
                out.display(),
                left_out.join(", ")
            ));
        }
    }
    Ok(printed)
}
