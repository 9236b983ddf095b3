//! One function per command: the stage list of each, run in order. This is the edge
//! of the crate together with `output`: it reads the clock and the files (through
//! `input`), and it returns what the command prints instead of printing it, so a
//! test can run a whole command in-process. Concurrency is rayon's, throughout.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, NaiveDate};

use crate::input::context::{Context, load_context};
use crate::input::eval::{ColumnSpec, CsvOptions, EvalData, ScorePrecision, load_cells, load_eval};
use crate::input::fingerprint::{InputFile, load_fingerprint};
use crate::model::curves::build_curves;
use crate::model::grid::{meeting_points, meeting_thresholds, threshold_range};
use crate::model::mistakes::{build_mistakes, pick_mistakes};
use crate::model::report::{Report, build_report, load_warnings};
use crate::model::warnings::Warning;
use crate::output::write_output;
use crate::present::export::json::summary_json;
use crate::present::export::sweep::{SweepFormat, sweep_output};
use crate::present::page::{build_page, render_page};
use crate::present::sentences::headline;
use crate::stats::costs::{CostSource, CostSources, RowCosts};
use crate::stats::sweep::Sweep;

/// What a command prints: its result on standard output, warnings and notes on
/// standard error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Printed {
    pub stdout: String,
    pub stderr: String,
}

impl Printed {
    fn warn(&mut self, warning: &Warning) {
        self.stderr.push_str(&format!("warning: {warning}\n"));
    }
}

/// `tradeoff report`'s arguments.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub context_file: PathBuf,
    /// The HTML page; default `reports/<context file stem>.html`.
    pub output: Option<PathBuf>,
    pub json: Option<PathBuf>,
    /// Examples of each kind of mistake to show.
    pub examples: usize,
    pub drop_invalid: bool,
}

/// A report built and written.
#[derive(Debug, Clone)]
pub struct Built {
    pub report: Report,
    /// The HTML page as written.
    pub html: String,
    /// Where the page went.
    pub output: PathBuf,
    pub printed: Printed,
}

/// `tradeoff report`: reads the context and the evaluation data, builds the report,
/// writes the page (and the JSON) atomically and returns what to print.
///
/// # Errors
/// A context, data or output problem, each naming the file and what to do.
pub fn report(request: &ReportRequest) -> Result<Built> {
    let context_file = request.context_file.as_path();
    // 1. The business context, validated.
    let context = load_context(context_file)?;
    let data_file = context.data.path.clone();
    let spec = column_spec(&context, request.drop_invalid);
    // 2. The evaluation data, checked — with the appendix's checksums read alongside.
    let (files, data) = rayon::join(
        || -> std::io::Result<Vec<InputFile>> {
            Ok(vec![
                load_fingerprint("Business context", context_file)?,
                load_fingerprint("Evaluation data", &data_file)?,
            ])
        },
        || load_eval(&data_file, &spec),
    );
    let data = data?;
    // Thresholds are compared in the precision the scores were stored in (float32
    // scores: as numpy compares them).
    let context = compared_as_stored(context, data.score_precision);
    let files = files.context("cannot read an input file to checksum it")?;
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
    let ((picked, cells), built) = rayon::join(
        || {
            let picked = pick_mistakes(&data.scores, &data.positive, current, request.examples);
            let rows: Vec<usize> = picked.all().into_iter().map(|i| data.file_row(i)).collect();
            let cells = load_cells(&data_file, &spec.csv, &text_columns, &rows);
            (picked, cells)
        },
        || -> Result<_> {
            // 4. The sweep: sort once, count at every distinct score.
            let sweep = Sweep::build(&data.scores, &data.positive, data.weights.as_deref());
            let row_costs = row_costs(&context, &data);
            let row_costs = row_costs.as_ref();
            // 5. The report model and the chart and meeting-mode data.
            let report = build_report(&context, &data, &sweep, row_costs, date)
                .context("the evaluation data must hold both classes")?;
            let named: Vec<f64> = report.operating_points().map(|p| p.threshold).collect();
            let curves = build_curves(
                &sweep,
                &report.production,
                row_costs,
                &data.scores,
                &data.positive,
                data.weights.as_deref(),
                &named,
            );
            let grid = meeting_points(
                &sweep,
                &report.production,
                row_costs,
                &meeting_thresholds(report.data.score_range, &named),
            );
            Ok((report, curves, grid))
        },
    );
    let (report, curves, grid) = built?;
    let cells = cells?;
    let mut printed = Printed::default();
    for warning in &report.warnings {
        printed.warn(warning);
    }
    let mistakes = build_mistakes(&picked, &data, current, context.data.id.is_some(), &cells);
    // 6. The page.
    let page = build_page(
        &report,
        &curves,
        &mistakes,
        &grid,
        &context.data.show,
        &files,
        env!("CARGO_PKG_VERSION"),
    )?;
    let html = render_page(&page).context("cannot render the report page")?;
    // 7. Outputs, written atomically, never over an input.
    let inputs = [context_file, data_file.as_path()];
    let output = request
        .output
        .clone()
        .unwrap_or_else(|| default_output(context_file));
    write_output(&output, html.as_bytes(), &inputs)?;
    if let Some(json) = &request.json {
        write_output(json, &summary_json(&report), &inputs)?;
    }
    // 8. The headline for the terminal.
    printed.stdout = format!("{}\n", headline(&report.current, &report.business));
    printed
        .stderr
        .push_str(&format!("wrote {}\n", output.display()));
    Ok(Built {
        report,
        html,
        output,
        printed,
    })
}

/// The columns the context names, for the loader.
fn column_spec(context: &Context, drop_invalid: bool) -> ColumnSpec {
    ColumnSpec {
        score: context.data.score.clone(),
        label: context.data.label.clone(),
        positive: context.data.positive.clone(),
        weight: context.data.weight.clone(),
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
fn row_costs(context: &Context, data: &EvalData) -> Option<RowCosts> {
    let columns = &context.business.cost_columns;
    let fixed = context.business.costs?;
    if columns.names().is_empty() {
        return None;
    }
    let source = |column: &Option<String>, money: f64| match column {
        Some(name) => data
            .costs
            .iter()
            .find(|(c, _)| c == name)
            .map_or(CostSource::Fixed(money), |(_, values)| {
                CostSource::Rows(values)
            }),
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
        data.weights.as_deref(),
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
    pub data_file: PathBuf,
    pub score: String,
    pub label: String,
    pub positive: Option<String>,
    /// Thresholds to count at; default 11 evenly spread (see [`default_thresholds`]).
    pub thresholds: Option<Vec<f64>>,
    /// One row per distinct score instead.
    pub all: bool,
    pub format: SweepFormat,
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
    if data.dropped_rows > 0 {
        printed.warn(&Warning::DroppedRows {
            rows: data.dropped_rows,
        });
    }
    for warning in load_warnings(&data) {
        printed.warn(&warning);
    }
    let sweep = Sweep::build(&data.scores, &data.positive, data.weights.as_deref());
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
