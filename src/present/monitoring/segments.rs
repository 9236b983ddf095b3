//! The segment table's words (issue 27, part 5): each `data.segments` value in
//! production, its counted promises, its drift and (with an audit) its audited
//! figures, as rows of formatted strings the page and the markdown share, and the
//! rule they follow in a sentence.

use super::{cell_words, p_value, psi, with_range};
use crate::model::monitoring::{
    MIN_SEGMENT_VERDICTS, Monitoring, Outcome, Promise, SegmentAudit, SegmentCheck,
};
use crate::model::report::SEGMENT_ROWS;
use crate::present::format::count;
use crate::stats::interval::Estimate;
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
    /// The audited figures; `None` without an audit.
    pub(crate) audited: Option<SegmentAudited>,
}

/// A segment value's audited figures, in words.
pub(crate) struct SegmentAudited {
    /// "caught 30", "missed 19 (9.3–38)", "false alarms 17", each a day, or the
    /// figure's name with "too few verdicts" or "–".
    pub(crate) per_day: Vec<String>,
    /// The miss rate against the report's false-negative rate of the value.
    pub(crate) miss_rate: SegmentCell,
}

/// Said in place of a figure whose audit group has too few verdicts.
const TOO_FEW: &str = "too few verdicts";

fn audited(a: &SegmentAudit) -> SegmentAudited {
    let figure = |name: &str, quantity: Quantity, e: Option<Estimate>, too_few: bool| {
        let shown = match e {
            _ if too_few => TOO_FEW.to_owned(),
            Some(e) => with_range(quantity, &e),
            None => "–".to_owned(),
        };
        format!("{name} {shown}")
    };
    let too_few_rate = a.too_few_flagged || a.too_few_not_flagged;
    let quantity = Quantity::FalseNegativeRate;
    let mut miss_rate = cell(a.miss_rate_promise.as_ref(), quantity);
    if a.miss_rate_promise.is_none() {
        miss_rate.words = "no promise".to_owned();
        if let Some(rate) = a.miss_rate {
            miss_rate.observed = with_range(quantity, &rate);
        }
    }
    if too_few_rate {
        miss_rate.observed = TOO_FEW.to_owned();
    }
    SegmentAudited {
        per_day: vec![
            figure(
                "caught",
                Quantity::Caught,
                a.per_day.caught,
                a.too_few_flagged,
            ),
            figure(
                "missed",
                Quantity::Missed,
                a.per_day.missed,
                a.too_few_not_flagged,
            ),
            figure(
                "false alarms",
                Quantity::FalseAlarms,
                a.per_day.false_alarms,
                a.too_few_flagged,
            ),
        ],
        miss_rate,
    }
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
    let audited = s.audit.as_ref().map(audited);
    SegmentLine {
        key: format!("{}={}", s.column, s.value),
        column: s.column.clone(),
        value: match s.folded {
            Some(values) => format!("Other ({values} values)"),
            None if s.in_evaluation => s.value.clone(),
            None => format!("{} (not in the evaluation)", s.value),
        },
        cases: count(s.cases as f64),
        broken: cells.iter().any(|c| c.worse)
            || audited.as_ref().is_some_and(|a| a.miss_rate.worse),
        audited,
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
        "one row per value of each data.segments column present in production, the {SEGMENT_ROWS} values with the most production cases first (ties by name) and the others, when two or more, sharing one row, as the report's segment tables are bounded; promised: the launch report's average day times the value's share of volume and of flags in the report's segment table (cases a day: planned volume × share of volume; flagged a day, with its range: promised flagged × share of flags; share flagged: the two divided; the ranges take the shares as fixed); a value the evaluation does not hold was promised no cases and no flags; observed: counted over the period's whole days as the whole period's counted promises, with the same verdicts; drift: the value's production scores against the evaluation's rows of the value, reweighted as the whole period's (through an engine's summaries, its segment_N rows with their scores); audited (with an audit): the whole period's estimator on the value's cases, caught, missed and false alarms a day over the period's observed days, a figure resting on a group (flagged, not flagged) with fewer than {MIN_SEGMENT_VERDICTS} audited cases of the value shown as too few verdicts, and the miss rate held against the launch report's false-negative rate of the value"
    )
}

/// The markdown section, or "" without segments.
pub(crate) fn segments_markdown(m: &Monitoring) -> String {
    use crate::present::inert::markdown as escape;
    use std::fmt::Write as _;
    if m.segments.is_empty() {
        return String::new();
    }
    let audited = m.segments.iter().any(|s| s.audit.is_some());
    let mut out = format!(
        "\n## Per segment\n\nEach segment value in production against what the launch report said for it: {}.\n\n| Segment | Cases | Cases a day | Flagged a day | Share flagged | PSI | Kolmogorov–Smirnov |{}\n|---|---:|---|---|---|---:|---:|{}\n",
        escape(&segments_rule()),
        if audited {
            " Audited a day | Miss rate |"
        } else {
            ""
        },
        if audited { "---|---|" } else { "" },
    );
    for l in segment_lines(m) {
        let mut cells: Vec<String> = l.cells.iter().map(markdown_cell).collect();
        cells.extend([l.psi.clone(), l.ks.clone()]);
        if let Some(a) = &l.audited {
            cells.push(escape(&a.per_day.join("; ")));
            cells.push(markdown_cell(&a.miss_rate));
        } else if audited {
            cells.extend(["–".to_owned(), "–".to_owned()]);
        }
        let _ = writeln!(
            out,
            "| {} = {} | {} | {} |",
            escape(&l.column),
            escape(&l.value),
            l.cases,
            cells.join(" | "),
        );
    }
    out
}

/// "kept: 466 (promised 450)", the words in bold when worse.
fn markdown_cell(c: &SegmentCell) -> String {
    use crate::present::inert::markdown as escape;
    let words = if c.worse {
        format!("**{}**", c.words)
    } else {
        c.words.clone()
    };
    if c.promised.is_empty() {
        format!("{words}: {}", escape(&c.observed))
    } else {
        format!("{words}: {} ({})", escape(&c.observed), escape(&c.promised))
    }
}
