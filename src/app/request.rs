//! What the commands that write pages take and give back: `report`'s and
//! `monitor`'s requests (their command-line arguments, or the Python API's
//! keywords) and results (the model, the page, what to print), and where their
//! pages go by default. The stages themselves are in each command's file.

use std::path::{Path, PathBuf};

use super::{Printed, default_output};
use crate::model::monitoring::Monitoring;
use crate::model::release::Release;
use crate::model::report::Report;

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

/// `tradeoff monitor`'s arguments.
#[derive(Debug, Clone)]
pub struct MonitorRequest {
    /// The business-context YAML, with a `monitoring:` section.
    pub context_file: PathBuf,
    /// The HTML page; default `reports/<name>-monitoring.html` (see
    /// [`default_monitor_output`]).
    pub output: Option<PathBuf>,
    /// Also write the JSON summary here.
    pub json: Option<PathBuf>,
    /// Also write a markdown summary here.
    pub markdown: Option<PathBuf>,
    /// Also draw the next audit sample and write it here.
    pub audit_sample: Option<AuditSampleRequest>,
}

/// `--audit-sample N --audit-sample-out FILE.csv [--seed S]`.
#[derive(Debug, Clone)]
pub struct AuditSampleRequest {
    /// Cases to draw.
    pub size: usize,
    /// The CSV to write.
    pub output: PathBuf,
    /// The generator's seed.
    pub seed: u64,
}

/// A monitoring page built and written.
#[derive(Debug, Clone)]
pub struct Monitored {
    /// The model behind the page.
    pub monitoring: Monitoring,
    /// The HTML page as written.
    pub html: String,
    /// Where the page went.
    pub output: PathBuf,
    /// What to print.
    pub printed: Printed,
}

/// The launch report's default name with `-monitoring` added:
/// `samples/fraud-monitoring/fraud.yaml` → `reports/fraud-monitoring.html`,
/// `risk/context.yaml` → `reports/risk-monitoring.html`, so the launch report is
/// never overwritten.
pub fn default_monitor_output(context_file: &Path) -> PathBuf {
    let launch = default_output(context_file);
    let stem = launch
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report");
    launch.with_file_name(format!("{stem}-monitoring.html"))
}
