//! The `tradeoff` command line: parse arguments, then run each stage in order.
//! Errors are printed once, whole chain, with exit code 1; usage errors exit 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, NaiveDate};
use clap::{Parser, Subcommand};

use tradeoff::context::{Context, load_context};
use tradeoff::curves::build_curves;
use tradeoff::export::json::summary_json;
use tradeoff::export::sweep::{SweepFormat, sweep_output};
use tradeoff::fingerprint::load_fingerprint;
use tradeoff::live::{live_points, live_thresholds};
use tradeoff::load::{ColumnSpec, EvalData, load_cells, load_eval};
use tradeoff::mistakes::{build_mistakes, pick_mistakes};
use tradeoff::output::write_output;
use tradeoff::page::{InputFile, build_page, render_page};
use tradeoff::report::build_report;
use tradeoff::row_costs::{CostSource, CostSources, RowCosts};
use tradeoff::sweep::Sweep;
use tradeoff::text::headline;

#[derive(Parser)]
#[command(
    name = "tradeoff",
    version,
    about = "Turn a classifier's evaluation outputs into a stakeholder report"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the report for a business-context YAML and print its headline.
    Report {
        /// The business-context YAML file.
        context: PathBuf,
        /// The HTML report (default: reports/<context file stem>.html).
        #[arg(short, long, value_name = "OUT.html")]
        output: Option<PathBuf>,
        /// Also write the JSON summary here.
        #[arg(long, value_name = "OUT.json")]
        json: Option<PathBuf>,
        /// How many examples of each kind of mistake to show.
        #[arg(long, default_value_t = 10, value_name = "N")]
        examples: usize,
        /// Leave out rows with a missing, NaN or infinite score or label (the report
        /// says how many) instead of stopping.
        #[arg(long)]
        drop_invalid: bool,
    },
    /// Print the raw threshold sweep of an evaluation file; no YAML needed.
    Sweep {
        /// Evaluation data: .csv, .parquet or .ndjson.
        data: PathBuf,
        #[arg(long, default_value = "score")]
        score: String,
        #[arg(long, default_value = "label")]
        label: String,
        /// Label value meaning positive (default: 1 / true).
        #[arg(long)]
        positive: Option<String>,
        /// Comma-separated thresholds (default: 11 evenly spaced over the scores).
        #[arg(
            long,
            value_delimiter = ',',
            conflicts_with = "all",
            allow_negative_numbers = true
        )]
        thresholds: Option<Vec<f64>>,
        /// One row per distinct score.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = SweepFormat::Table)]
        format: SweepFormat,
        /// Leave out rows with a missing, NaN or infinite score or label.
        #[arg(long)]
        drop_invalid: bool,
    },
}

/// mimalloc, as polars recommends: large column buffers are allocated and freed
/// with far fewer page faults than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report {
            context,
            output,
            json,
            examples,
            drop_invalid,
        } => run_report(&context, output, json.as_deref(), examples, drop_invalid),
        Command::Sweep {
            data,
            score,
            label,
            positive,
            thresholds,
            all,
            format,
            drop_invalid,
        } => {
            let spec = ColumnSpec {
                score,
                label,
                positive,
                drop_invalid,
                ..ColumnSpec::default()
            };
            run_sweep(&data, &spec, thresholds, all, format)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_report(
    context_file: &Path,
    output: Option<PathBuf>,
    json: Option<&Path>,
    examples: usize,
    drop_invalid: bool,
) -> Result<()> {
    // 1. The business context, validated.
    let context = load_context(context_file)?;
    let data_file = context.data.path.clone();
    // Checksums for the appendix, read alongside the load.
    let fingerprints = {
        let (context_file, data_file) = (context_file.to_owned(), data_file.clone());
        std::thread::spawn(move || -> std::io::Result<Vec<InputFile>> {
            Ok(vec![
                load_fingerprint("Business context", &context_file)?,
                load_fingerprint("Evaluation data", &data_file)?,
            ])
        })
    };
    // 2. The evaluation data, checked.
    let spec = ColumnSpec {
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
    };
    let data = load_eval(&data_file, &spec)?;
    // 3. The model's mistakes at the current threshold: their text is read from the
    //    file in the background while the sweep runs.
    let current = context.thresholds.current;
    let text_columns: Vec<String> = context
        .data
        .id
        .iter()
        .chain(&context.data.show)
        .cloned()
        .collect();
    let (report, (curves, what_if), (picked, cells)) = std::thread::scope(|scope| {
        let examples = scope.spawn(|| {
            let picked = pick_mistakes(&data.scores, &data.positive, current, examples);
            let rows: Vec<usize> = picked.all().into_iter().map(|i| data.file_row(i)).collect();
            let cells = load_cells(&data_file, &text_columns, &rows)?;
            anyhow::Ok((picked, cells))
        });
        // 4. The sweep: sort once, count at every distinct score.
        let sweep = Sweep::build(&data.scores, &data.positive, data.weights.as_deref())
            .with_row_costs(row_costs(&context, &data));
        // 5. The report model, dated reproducibly, and the chart data.
        let report = build_report(&context, &data, &sweep, report_date(context.date)?);
        let named: Vec<f64> = report
            .operating_points
            .iter()
            .map(|p| p.threshold)
            .collect();
        let weights = data.weights.as_deref();
        let curves = build_curves(
            &sweep,
            &report.production,
            &data.scores,
            &data.positive,
            weights,
            &named,
        );
        let what_if = live_points(
            &sweep,
            &report.production,
            &live_thresholds(report.data.score_range, &named),
        );
        let examples = examples
            .join()
            .map_err(|_| anyhow::anyhow!("reading the example rows failed"))??;
        anyhow::Ok((report, (curves, what_if), examples))
    })?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let has_id = context.data.id.is_some();
    let mistakes = build_mistakes(&picked, &data, current, has_id, &cells);
    // 6. The page.
    let files = fingerprints
        .join()
        .map_err(|_| anyhow::anyhow!("checksumming the input files failed"))?
        .context("cannot read an input file to checksum it")?;
    let page = build_page(
        &report,
        &curves,
        &mistakes,
        &what_if,
        &context.data.show,
        &files,
        env!("CARGO_PKG_VERSION"),
    )?;
    let html = render_page(&page).context("cannot render the report page")?;
    // 7. Outputs, written atomically, never over an input.
    let inputs = [context_file, data_file.as_path()];
    let output = output.unwrap_or_else(|| default_output(context_file));
    write_output(&output, html.as_bytes(), &inputs)?;
    if let Some(json) = json {
        write_output(json, &summary_json(&report), &inputs)?;
    }
    // 8. The headline on the terminal.
    if let Some(current) = report.operating_points.first() {
        println!("{}", headline(current, &report.business));
    }
    eprintln!("wrote {}", output.display());
    Ok(())
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
            .map_or(CostSource::Fixed(money), |(_, values)| CostSource::Rows(values)),
        None => CostSource::Fixed(money),
    };
    let sources = CostSources {
        false_positive: source(&columns.false_positive, fixed.false_positive),
        false_negative: source(&columns.false_negative, fixed.false_negative),
        true_positive: source(&columns.true_positive, fixed.true_positive),
    };
    Some(RowCosts::build(&data.scores, &data.positive, data.weights.as_deref(), &sources))
}

/// `reports/<context file stem>.html`; a context named `context.yaml` takes its
/// folder's name (samples/fraud/context.yaml → reports/fraud.html).
fn default_output(context_file: &Path) -> PathBuf {
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

fn run_sweep(
    data_file: &Path,
    spec: &ColumnSpec,
    thresholds: Option<Vec<f64>>,
    all: bool,
    format: SweepFormat,
) -> Result<()> {
    let data = load_eval(data_file, spec)?;
    if data.lossy_text {
        eprintln!("warning: {}", tradeoff::warnings::Warning::NotUtf8);
    }
    if data.dropped_rows > 0 {
        eprintln!(
            "warning: {}",
            tradeoff::warnings::Warning::DroppedRows {
                rows: data.dropped_rows
            }
        );
    }
    let sweep = Sweep::build(&data.scores, &data.positive, data.weights.as_deref());
    let rows: Vec<_> = if all {
        sweep.points().collect()
    } else {
        let thresholds = match thresholds {
            Some(t) => {
                if let Some(bad) = t.iter().find(|t| !t.is_finite()) {
                    bail!("--thresholds: {bad} is not a finite number");
                }
                t
            }
            None => default_thresholds(&sweep),
        };
        thresholds
            .into_iter()
            .map(|t| (t, sweep.counts_at(t)))
            .collect()
    };
    print!("{}", sweep_output(&rows, format));
    Ok(())
}

/// 0, 0.1, …, 1 for probability-like scores; else 11 steps over the score range.
fn default_thresholds(sweep: &Sweep) -> Vec<f64> {
    let (low, high) = sweep.score_range().unwrap_or((0.0, 1.0));
    let (low, high) = if low >= 0.0 && high <= 1.0 {
        (0.0, 1.0)
    } else {
        (low, high)
    };
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
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .with_context(|| format!("SOURCE_DATE_EPOCH is `{text}`: set it to whole seconds since 1970-01-01 or unset it"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.date_naive())
        .with_context(|| format!("SOURCE_DATE_EPOCH {seconds} is out of range"))
}
