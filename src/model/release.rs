//! What a release review adds to a report: the comparison with the baseline, the
//! cases the two models disagree on (with their text), the gates and the
//! provenance. Built after the report; the page, the JSON and the markdown summary
//! read it alongside the report.

use std::collections::BTreeMap;

use crate::input::eval::{BaselineScores, EvalData};
use crate::model::comparison::Comparison;
use crate::model::gates::GateResult;
use crate::model::provenance::Provenance;

/// A positive case one model catches and the other misses.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedExample {
    /// 1-based data row in the evaluation file.
    pub row: usize,
    /// The case's id, when the context names an id column.
    pub id: Option<String>,
    /// The candidate's score.
    pub candidate_score: f64,
    /// The baseline's score.
    pub baseline_score: f64,
    /// The context's `show` columns, in order.
    pub cells: Vec<String>,
}

/// The disagreements at the same flagged per day, as examples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Disagreements {
    /// Positives the candidate alone catches.
    pub caught_by_candidate_only: Vec<PairedExample>,
    /// Positives the baseline alone catches.
    pub caught_by_baseline_only: Vec<PairedExample>,
}

/// The release review of a report.
#[derive(Debug, Clone)]
pub struct Release {
    /// `None` without a baseline (or when the paired cases lack a class).
    pub comparison: Option<Comparison>,
    /// The cases the two models disagree on, with their text.
    pub disagreements: Disagreements,
    /// Every gate of the context, checked; empty without gates.
    pub gates: Vec<GateResult>,
    /// Versions, checksums and the context file's commit.
    pub provenance: Provenance,
}

impl Release {
    /// Whether any gate failed.
    pub fn any_gate_failed(&self) -> bool {
        self.gates.iter().any(|g| !g.passed)
    }
}

/// The rows the comparison picked with their text: `cells[file row]` holds the id
/// column (if any) followed by the `show` columns, as `load_cells` returns them.
pub fn build_disagreements(
    comparison: &Comparison,
    data: &EvalData,
    baseline: &BaselineScores,
    has_id: bool,
    cells: &BTreeMap<usize, Vec<String>>,
) -> Disagreements {
    let example = |&i: &usize| {
        let row = data.file_row(i);
        let mut texts = cells.get(&row).cloned().unwrap_or_default().into_iter();
        let id = if has_id { texts.next() } else { None };
        PairedExample {
            row: row + 1,
            id,
            candidate_score: data.scores[i],
            baseline_score: baseline.scores[i].unwrap_or(f64::NAN),
            cells: texts.collect(),
        }
    };
    Disagreements {
        caught_by_candidate_only: comparison
            .caught_by_candidate_only
            .iter()
            .map(example)
            .collect(),
        caught_by_baseline_only: comparison
            .caught_by_baseline_only
            .iter()
            .map(example)
            .collect(),
    }
}
