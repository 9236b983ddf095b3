//! The command line's shape: clap types, one args struct per subcommand. Parsing
//! only; `app` does the work.

use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use clap::{Args, CommandFactory as _, Parser, Subcommand};

use tradeoff::input::context::parse_separator;
use tradeoff::input::eval::CsvOptions;
use tradeoff::present::export::sql::Dialect;
use tradeoff::present::export::sweep::SweepFormat;

/// Where the user guide is, said at the end of `tradeoff --help`.
const GUIDE: &str = "The user guide: docs/src/SUMMARY.md in the repository (build it with `mdbook build docs`); every key of the context: docs/src/reference/context.md; errors and their fixes: docs/src/troubleshooting.md";

#[derive(Parser)]
#[command(
    name = "tradeoff",
    version,
    about = "Turn a classifier's evaluation outputs into a stakeholder report",
    after_help = GUIDE
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the report for a business-context YAML and print its headline.
    #[command(
        after_help = "Every key of the context: docs/src/reference/context.md; reading the page: docs/src/reading-the-report.md; release reviews (--markdown, --check): docs/src/release-reviews.md; the whole guide: docs/src/SUMMARY.md"
    )]
    Report(ReportArgs),
    /// Print the raw threshold sweep of an evaluation file; no YAML needed.
    #[command(
        after_help = "Every command and option: docs/src/reference/commands.md; the files and values accepted: docs/src/inputs.md; the whole guide: docs/src/SUMMARY.md"
    )]
    Sweep(SweepArgs),
    /// Print the SQL that has an engine (DuckDB, Spark, Trino, BigQuery) reduce the
    /// evaluation table to what the report needs.
    #[command(
        after_help = "Running the SQL and reading its results: docs/src/more-data.md; the whole guide: docs/src/SUMMARY.md"
    )]
    Sql(SqlArgs),
    /// After launch: hold production's scores and audit against the report's promises.
    #[command(
        after_help = "The monitoring: section and the page: docs/src/after-launch.md; every key of the context: docs/src/reference/context.md; the whole guide: docs/src/SUMMARY.md"
    )]
    Monitor(MonitorArgs),
}

#[derive(Args)]
pub(crate) struct SqlArgs {
    /// The business-context YAML file of the raw evaluation table.
    pub(crate) context: PathBuf,
    /// The engine's SQL dialect.
    #[arg(long, value_enum)]
    pub(crate) dialect: Dialect,
    /// The table to read, as SCHEMA.NAME (default: the context's data file, read
    /// the engine's way; needed for trino and bigquery).
    #[arg(long, value_name = "NAME")]
    pub(crate) table: Option<String>,
    /// The table holding production, as SCHEMA.NAME (default: the context's
    /// monitoring.production.path, read the engine's way; needed for trino and
    /// bigquery).
    #[arg(long, value_name = "NAME")]
    pub(crate) production_table: Option<String>,
    /// The table holding the audit's rows, as SCHEMA.NAME (default: the context's
    /// monitoring.audit.path; needed for trino and bigquery).
    #[arg(long, value_name = "NAME")]
    pub(crate) audit_table: Option<String>,
    /// Also write the context that reads the results (each NAME.parquet beside it).
    #[arg(long = "context", value_name = "OUT.yaml")]
    pub(crate) context_output: Option<PathBuf>,
    /// Group scores to multiples of R (1/N or a whole number, e.g. 0.0001) instead of
    /// keeping every distinct score; the report says what that costs.
    #[arg(long, value_name = "R", value_parser = parse_finite)]
    pub(crate) resolution: Option<f64>,
    /// How many examples of each kind of mistake to keep.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) examples: usize,
}

#[derive(Args)]
pub(crate) struct MonitorArgs {
    /// The business-context YAML file, with a `monitoring:` section.
    pub(crate) context: PathBuf,
    /// The HTML page (default: reports/<context name>-monitoring.html).
    #[arg(short, long, value_name = "OUT.html")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the JSON summary here.
    #[arg(long, value_name = "OUT.json")]
    pub(crate) json: Option<PathBuf>,
    /// Also write a markdown summary here.
    #[arg(long, value_name = "OUT.md")]
    pub(crate) markdown: Option<PathBuf>,
    /// Also draw the next audit: N production cases to send for labelling,
    /// stratified by flagged / not flagged and score band, more near the threshold.
    #[arg(long, value_name = "N", requires = "audit_sample_out", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) audit_sample: Option<u64>,
    /// Where to write that sample (CSV, with each case's inclusion probability).
    #[arg(long, value_name = "FILE.csv", requires = "audit_sample")]
    pub(crate) audit_sample_out: Option<PathBuf>,
    /// The seed of the sample's random draw: the same seed, the same cases.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "audit_sample")]
    pub(crate) seed: u64,
}

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// The business-context YAML file.
    pub(crate) context: PathBuf,
    /// The HTML report (default: reports/<context file stem>.html).
    #[arg(short, long, value_name = "OUT.html")]
    pub(crate) output: Option<PathBuf>,
    /// Also write the JSON summary here.
    #[arg(long, value_name = "OUT.json")]
    pub(crate) json: Option<PathBuf>,
    /// Also write a GitHub-flavoured markdown summary (for a pull request or a
    /// release ticket) here.
    #[arg(long, value_name = "OUT.md")]
    pub(crate) markdown: Option<PathBuf>,
    /// Exit with status 3 when a gate of the context fails (the outputs are still
    /// written).
    #[arg(long)]
    pub(crate) check: bool,
    /// How many examples of each kind of mistake to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) examples: usize,
    /// Leave out rows with a missing, NaN or infinite score or label, and rows whose
    /// id repeats with different labels (the report says how many of each),
    /// instead of stopping.
    #[arg(long)]
    pub(crate) drop_invalid: bool,
    /// Write every value of each segment column to the JSON (up to 100,000 a
    /// column, the rest summed into one row); by default it, like the page, lists
    /// the 20 largest and one row for the others.
    #[arg(long)]
    pub(crate) all_segment_values: bool,
    /// Show no progress line, even on a terminal during a long run.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Args)]
pub(crate) struct SweepArgs {
    /// Evaluation data: .csv, .parquet or .ndjson.
    pub(crate) data: PathBuf,
    #[arg(long, default_value = "score")]
    pub(crate) score: String,
    #[arg(long, default_value = "label")]
    pub(crate) label: String,
    /// Label value meaning positive (default: 1 / true).
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) positive: Option<String>,
    /// Comma-separated thresholds (default: 11 evenly spaced over the scores).
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = parse_finite,
        conflicts_with = "all",
        allow_negative_numbers = true,
        allow_hyphen_values = true
    )]
    pub(crate) thresholds: Option<Vec<f64>>,
    /// One row per distinct score.
    #[arg(long)]
    pub(crate) all: bool,
    #[arg(long, value_enum, default_value_t = SweepFormat::Table)]
    pub(crate) format: SweepFormat,
    /// Leave out rows with a missing, NaN or infinite score or label.
    #[arg(long)]
    pub(crate) drop_invalid: bool,
    /// A CSV's field separator (default: detected from the header): a character
    /// such as ";" or "|", or "tab".
    #[arg(long, value_parser = parse_separator_arg)]
    pub(crate) separator: Option<u8>,
    /// A CSV's decimal mark (default: "." in comma-separated files; either in
    /// others).
    #[arg(long, value_parser = [",", "."])]
    pub(crate) decimal: Option<String>,
}

impl SweepArgs {
    /// The CSV options given on the command line.
    pub(crate) fn csv_options(&self) -> CsvOptions {
        CsvOptions {
            separator: self.separator,
            decimal_comma: self.decimal.as_deref().map(|d| d == ","),
        }
    }
}

fn parse_separator_arg(text: &str) -> Result<u8, String> {
    parse_separator(text).ok_or_else(|| {
        format!("`{text}` is not one character such as \",\", \";\", \"|\" or \"tab\"")
    })
}

/// A number that is finite: `nan` and `inf` are usage errors (exit 2).
fn parse_finite(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!("`{text}` is not a finite number")),
        Err(e) => Err(format!("`{text}` is not a number: {e}")),
    }
}

impl Command {
    /// Refuses, as a usage error (exit 2), one file given for two outputs: the
    /// second would silently replace the first.
    pub(crate) fn check_outputs(&self) -> Result<(), clap::Error> {
        let outputs: Vec<(&str, PathBuf)> = match self {
            Command::Report(a) => [
                (
                    "-o",
                    Some(
                        a.output
                            .clone()
                            .unwrap_or_else(|| tradeoff::app::default_output(&a.context)),
                    ),
                ),
                ("--json", a.json.clone()),
                ("--markdown", a.markdown.clone()),
            ]
            .into_iter()
            .filter_map(|(flag, path)| Some((flag, path?)))
            .collect(),
            Command::Monitor(a) => [
                (
                    "-o",
                    Some(
                        a.output
                            .clone()
                            .unwrap_or_else(|| tradeoff::app::default_monitor_output(&a.context)),
                    ),
                ),
                ("--json", a.json.clone()),
                ("--markdown", a.markdown.clone()),
                ("--audit-sample-out", a.audit_sample_out.clone()),
            ]
            .into_iter()
            .filter_map(|(flag, path)| Some((flag, path?)))
            .collect(),
            Command::Sweep(_) | Command::Sql(_) => Vec::new(),
        };
        for (i, (flag, path)) in outputs.iter().enumerate() {
            let earlier = outputs[..i]
                .iter()
                .find(|(_, other)| tradeoff::output::same_file(other, path));
            if let Some((other_flag, _)) = earlier {
                return Err(self.usage_command().error(
                    ErrorKind::ArgumentConflict,
                    format!(
                        "{other_flag} and {flag} name the same file ({}): give each output its own path",
                        Path::new(path).display()
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Command {
    /// The subcommand's own clap command, built, so a usage error shows its usage
    /// line (`tradeoff monitor [OPTIONS] <CONTEXT>`), not the top level's.
    fn usage_command(&self) -> clap::Command {
        let name = match self {
            Command::Report(_) => "report",
            Command::Sweep(_) => "sweep",
            Command::Sql(_) => "sql",
            Command::Monitor(_) => "monitor",
        };
        let mut cli = Cli::command();
        cli.build();
        let sub = cli.find_subcommand(name).cloned();
        sub.unwrap_or(cli)
    }
}

impl ReportArgs {
    /// The library's request for these arguments.
    pub(crate) fn request(&self) -> tradeoff::app::ReportRequest {
        tradeoff::app::ReportRequest {
            context_file: self.context.clone(),
            output: self.output.clone(),
            json: self.json.clone(),
            markdown: self.markdown.clone(),
            examples: self.examples,
            drop_invalid: self.drop_invalid,
            check: self.check,
            all_segment_values: self.all_segment_values,
        }
    }
}

impl SweepArgs {
    /// The library's request for these arguments.
    pub(crate) fn request(self) -> tradeoff::app::SweepRequest {
        tradeoff::app::SweepRequest {
            csv: self.csv_options(),
            data_file: self.data,
            score: self.score,
            label: self.label,
            positive: self.positive,
            thresholds: self.thresholds,
            all: self.all,
            format: self.format,
            drop_invalid: self.drop_invalid,
        }
    }
}

impl SqlArgs {
    /// The library's request for these arguments.
    pub(crate) fn request(self) -> tradeoff::app::SqlCommand {
        tradeoff::app::SqlCommand {
            context_file: self.context,
            dialect: self.dialect,
            table: self.table,
            production_table: self.production_table,
            audit_table: self.audit_table,
            context_output: self.context_output,
            resolution: self.resolution,
            examples: self.examples,
        }
    }
}

impl MonitorArgs {
    /// The library's request for these arguments.
    pub(crate) fn request(self) -> tradeoff::app::MonitorRequest {
        tradeoff::app::MonitorRequest {
            context_file: self.context,
            output: self.output,
            json: self.json,
            markdown: self.markdown,
            audit_sample: self
                .audit_sample
                .zip(self.audit_sample_out)
                .map(|(size, output)| tradeoff::app::AuditSampleRequest {
                    size: usize::try_from(size).unwrap_or(usize::MAX),
                    output,
                    seed: self.seed,
                }),
        }
    }
}
