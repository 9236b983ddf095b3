//! The segment table's words (issue 27, part 5): each `data.segments` value in
//! production, its counted promises and its drift, as rows of formatted strings the
//! page and the markdown share, and the rule they follow in a sentence.

use super::{cell_words, p_value, psi, with_range};
use crate::model::monitoring::{Monitoring, Outcome, Promise, SegmentCheck};
use crate::model::report::SEGMENT_ROWS;
use crate::present::format::count;
use crate::stats::quantity::Quantity;

/// The quantities of a segment row, in column order.
pub(crate) const COLUMNS: [Quantity; 3] =
    [Quantity::Volume, Quantity::Flagged, Quantity::ShareFlagged];

/// One row of the segment table.
pub(crate) struct SegmentLine {
    /// `column=value` (the row's `data-segment`); `column=` for the shared row.
    pub(crate) key: String,
    pub(crate) column: String,
    /// The value, or "Other (12 values)".
    pub(crate) value: String,
    pub(crate) cases: String,
    /// Cases a day, flagged a day, share flagged.
    pub(crate) cells: Vec<SegmentCell>,
    /// "0.083 (small)", or "–" without a drift check.
    pub(crate) psi: String,
    /// "0.041 (p < 0.001)", or "–".
    pub(crate) ks: String,
    /// Whether a cell is worse than promised (the row stands out).
    pub(crate) broken: bool,
}

/// One promise of a segment value.
pub(crate) struct SegmentCell {
    /// `better`, `worse`, `as_promised` or `cannot_tell`.
    pub(crate) outcome_key: &'static str,
    /// "worse ↑", "kept".
    pub(crate) words: String,
    /// The observed value, or "–".
    pub(crate) observed: String,
    /// "promised 1,206", or "not promised".
    pub(crate) promised: String,
    pub(crate) worse: bool,
}

fn cell(p: Option<&Promise>, quantity: Quantity) -> SegmentCell {
    let Some(p) = p else {
        return SegmentCell {
            outcome_key: Outcome::CannotTell.key(),
            words: "not promised".to_owned(),
            observed: "–".to_owned(),
            promised: String::new(),
            worse: false,
        };
    };
    SegmentCell {
        outcome_key: p.outcome.key(),
        words: cell_words(p.outcome, p.verdict),
        observed: p
            .observed
            .map_or_else(|| "–".to_owned(), |o| with_range(quantity, &o)),
        promised: format!("promised {}", with_range(quantity, &p.promised)),
        worse: p.outcome == Outcome::Worse,
    }
}

/// The table's rows, in the model's order.
pub(crate) fn segment_lines(m: &Monitoring) -> Vec<SegmentLine> {
    m.segments.iter().map(line).collect()
}

fn line(s: &SegmentCheck) -> SegmentLine {
    let cells: Vec<SegmentCell> = COLUMNS.iter().map(|&q| cell(s.promise(q), q)).collect();
    SegmentLine {
        key: format!("{}={}", s.column, s.value),
        column: s.column.clone(),
        value: match s.folded {
            Some(values) => format!("Other ({values} values)"),
            None if s.in_evaluation => s.value.clone(),
            None => format!("{} (not in the evaluation)", s.value),
        },
        cases: count(s.cases as f64),
        broken: cells.iter().any(|c| c.worse),
        cells,
        psi: s.drift.as_ref().map_or_else(|| "–".to_owned(), psi),
        ks: s.drift.as_ref().map_or_else(
            || "–".to_owned(),
            |d| {
                format!(
                    "{:.3} ({})",
                    d.kolmogorov_smirnov.statistic,
                    p_value(d.kolmogorov_smirnov.p_value)
                )
            },
        ),
    }
}

/// How the segment rows are chosen, promised and judged (`monitoring.segments_rule`).
pub(crate) fn segments_rule() -> String {
    format!(
        "one row per value of each data.segments column present in production, the {SEGMENT_ROWS} values with the most production cases first (ties by name) and the others, when two or more, sharing one row, as the report's segment tables are bounded; promised: the launch report's average day times the value's share of volume and of flags in the report's segment table (cases a day: planned volume × share of volume; flagged a day, with its range: promised flagged × share of flags; share flagged: the two divided; the ranges take the shares as fixed); a value the evaluation does not hold was promised no cases and no flags; observed: counted over the period's whole days as the whole period's counted promises, with the same verdicts; drift: the value's production scores against the evaluation's rows of the value, reweighted as the whole period's (through an engine's summaries, its segment_N rows with their scores); the audit is not broken down by segment"
    )
}

/// The markdown section, or "" without segments.
pub(crate) fn segments_markdown(m: &Monitoring) -> String {
    use crate::present::inert::markdown as escape;
    use std::fmt::Write as _;
    if m.segments.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n## Per segment\n\nEach segment value in production against what the launch report said for it: {}.\n\n| Segment | Cases | Cases a day | Flagged a day | Share flagged | PSI | Kolmogorov–Smirnov |\n|---|---:|---|---|---|---:|---:|\n",
        escape(&segments_rule())
    );
    for l in segment_lines(m) {
        let cells: Vec<String> = (l.cells.iter())
            .map(|c| {
                let words = if c.worse {
                    format!("**{}**", c.words)
                } else {
                    c.words.clone()
                };
                format!("{words}: {} ({})", escape(&c.observed), escape(&c.promised))
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} = {} | {} | {} | {} | {} |",
            escape(&l.column),
            escape(&l.value),
            l.cases,
            cells.join(" | "),
            l.psi,
            l.ks
        );
    }
    out
}
