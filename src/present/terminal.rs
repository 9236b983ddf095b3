//! What the commands print on the terminal: the report's headline with the
//! comparison's sentences and one line per gate, the monitor's headline, the
//! warnings and notes for standard error. Pure text; the edge prints it.

use std::path::Path;

use crate::model::monitoring::Monitoring;
use crate::model::release::Release;
use crate::model::report::Report;
use crate::present::comparison::{comparison_headline, gate_limit, gate_value};

/// A warning as one line of standard error.
pub(crate) fn warning_line(warning: &impl std::fmt::Display) -> String {
    format!("warning: {warning}\n")
}

/// The report's standard output: the headline at the current threshold, then
/// the comparison's sentences and one line per gate.
pub(crate) fn report_lines(report: &Report, release: &Release) -> String {
    let mut out = format!(
        "{}\n",
        crate::present::sentences::headline(&report.current, &report.business)
    );
    if let Some(comparison) = &release.comparison {
        for sentence in comparison_headline(report, comparison) {
            out.push_str(&format!("{sentence}\n"));
        }
    }
    for gate in &release.gates {
        out.push_str(&format!(
            "gate {}: {} — {}, limit {}\n",
            gate.gate.name(),
            match (gate.verdict, gate.passed) {
                (crate::model::gates::Verdict::Inconclusive, true) => "inconclusive (let through)",
                (crate::model::gates::Verdict::Inconclusive, false) => "INCONCLUSIVE",
                (_, true) => "passed",
                (_, false) => "FAILED",
            },
            gate_value(gate, report),
            gate_limit(gate, report),
        ));
    }
    out
}

/// The report's notes for standard error after its warnings: `--check` with
/// nothing to check, and where the page went.
pub(crate) fn report_notes(release: &Release, check: bool, output: &Path) -> String {
    let mut out = String::new();
    if check && release.gates.is_empty() {
        out.push_str("note: --check: the context sets no gates, so there is nothing to fail\n");
    }
    out.push_str(&wrote_line(output));
    out
}

/// The monitor's standard output: its headline, one sentence a line.
pub(crate) fn monitor_lines(monitoring: &Monitoring, report: &Report) -> String {
    crate::present::monitoring::headline(monitoring, &report.business).join("\n") + "\n"
}

/// "wrote PATH", for standard error.
pub(crate) fn wrote_line(output: &Path) -> String {
    format!("wrote {}\n", output.display())
}

/// What `tradeoff sql --context` says on standard error: where the context went,
/// the results to save beside it, and what it leaves out.
pub(crate) fn sql_context_notes(
    written: &Path,
    statements: &[crate::present::export::sql::Statement],
    left_out: &[String],
) -> String {
    let names: Vec<String> = statements
        .iter()
        .map(|s| format!("{}.parquet", s.name))
        .collect();
    let mut out = format!(
        "wrote {}: save the results as {} beside it\n",
        written.display(),
        names.join(", ")
    );
    if !left_out.is_empty() {
        out.push_str(&format!(
            "note: {} leaves out {}\n",
            written.display(),
            left_out.join("; ")
        ));
    }
    out
}
