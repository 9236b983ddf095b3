//! The "real mistakes" section: the lists of examples at the current threshold,
//! long cells shortened with the rest behind a toggle.

use super::{ExampleGroup, ExampleRow, ExamplesView, TextCell};
use crate::model::mistakes::{Example, Mistakes};
use crate::model::report::Report;
use crate::present::format::{self, count, plural};
use crate::present::sentences::capitalise;

/// Cells longer than this many characters are shortened, the rest behind a toggle.
const SHORT_CELL: usize = 80;
/// Beyond this the full text is cut too, so one huge cell cannot bloat the page.
const LONGEST_CELL: usize = 2_000;

fn text_cell(text: &str) -> TextCell {
    let length = text.chars().count();
    if length <= SHORT_CELL {
        return TextCell {
            short: text.to_owned(),
            full: None,
        };
    }
    let short: String = text.chars().take(SHORT_CELL).collect();
    let mut full: String = text.chars().take(LONGEST_CELL).collect();
    if length > LONGEST_CELL {
        full.push_str(&format!(
            " … ({} more characters not shown)",
            count((length - LONGEST_CELL) as f64)
        ));
    }
    TextCell {
        short: format!("{short}…"),
        full: Some(full),
    }
}

/// A score beside `threshold`: four decimals, unless they would round it onto the
/// other side of the threshold (0.69996 as "0.7000", not flagged at 0.70); then
/// every digit it needs ("0.69996").
pub(super) fn score_text(score: f64, threshold: f64) -> String {
    let short = format!("{score:.4}");
    let shown_flagged = short.parse::<f64>().is_ok_and(|s| s >= threshold);
    if shown_flagged == (score >= threshold) {
        short
    } else {
        score.to_string()
    }
}

pub(super) fn examples_view(mistakes: &Mistakes, show: &[String], report: &Report) -> ExamplesView {
    let b = &report.business;
    let row = |e: &Example| ExampleRow {
        id: e
            .id
            .clone()
            .unwrap_or_else(|| format!("row {}", count(e.row as f64))),
        score: score_text(e.score, mistakes.threshold),
        class: if e.positive {
            b.positive.clone()
        } else {
            b.negative.clone()
        },
        flagged: e.score >= mistakes.threshold,
        cells: e.cells.iter().map(|c| text_cell(c)).collect(),
    };
    let threshold = format::threshold(mistakes.threshold);
    let groups = example_notes(report)
        .into_iter()
        .zip([
            &mistakes.false_alarms,
            &mistakes.misses,
            &mistakes.borderline,
        ])
        .map(|((id, title, note), rows)| ExampleGroup {
            id,
            title: title.to_owned(),
            note: note.replace("{t}", &threshold),
            rows: rows.iter().map(row).collect(),
        })
        .collect();
    ExamplesView {
        threshold,
        columns: show.to_vec(),
        groups,
    }
}

/// Each list of examples: its id, title and note, with `{t}` where the threshold goes.
pub(super) fn example_notes(report: &Report) -> [(&'static str, &'static str, String); 3] {
    let b = &report.business;
    [
        (
            "false-alarms",
            "False alarms the model is surest of",
            format!("{} scoring highest, all flagged at {{t}}.", capitalise(&plural(&b.negative, 2.0))),
        ),
        (
            "misses",
            "Misses the model is surest of",
            format!("{} scoring lowest, none flagged at {{t}}.", capitalise(&plural(&b.positive, 2.0))),
        ),
        (
            "borderline",
            "Borderline cases",
            "The cases scoring closest to {t}, on either side: small threshold moves change their fate.".to_owned(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::score_text;

    #[test]
    fn a_score_never_rounds_onto_the_other_side_of_the_threshold() {
        assert_eq!(score_text(0.69996, 0.7), "0.69996");
        assert_eq!(score_text(0.7, 0.7), "0.7000");
        assert_eq!(score_text(0.70004, 0.7), "0.7000");
        assert_eq!(score_text(0.912_345, 0.5), "0.9123");
        // Tiny scores: four decimals read 0.0000, below a threshold of 1.5e-7.
        assert_eq!(score_text(2e-7, 1.5e-7), "0.0000002");
    }
}
