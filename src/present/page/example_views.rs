//! The "real mistakes" section: the lists of examples at the current threshold,
//! long cells shortened with the rest behind a toggle.

use super::{ExampleGroup, ExampleRow, ExamplesView, TextCell};
use crate::model::mistakes::{Example, Mistakes};
use crate::model::report::Report;
use crate::present::format::{ShownThresholds, count};
use crate::present::sentences::{capitalise, cases_of};

/// Cells longer than this many characters are shortened, the rest behind a toggle.
const SHORT_CELL: usize = 80;
/// Beyond this the full text is cut too, so one huge cell cannot bloat the page.
const LONGEST_CELL: usize = 2_000;

pub(super) fn text_cell(text: &str) -> TextCell {
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

/// What names an example: its id, else its row; with "stands for N cases" when its
/// row is counted as several cases, and "its id is on N rows" when the id repeats
/// (the case is listed once, at its first row).
pub(super) fn case_label(e: &Example) -> String {
    let name =
        e.id.clone()
            .unwrap_or_else(|| format!("row {}", count(e.row as f64)));
    let mut notes = Vec::new();
    if e.cases != 1.0 {
        notes.push(format!("stands for {} cases", count(e.cases)));
    }
    if e.id_rows > 1 {
        notes.push(format!("its id is on {} rows", count(e.id_rows as f64)));
    }
    if notes.is_empty() {
        name
    } else {
        format!("{name} ({})", notes.join("; "))
    }
}

pub(super) fn examples_view(
    mistakes: &Mistakes,
    show: &[String],
    report: &Report,
    thresholds: &ShownThresholds,
) -> ExamplesView {
    let b = &report.business;
    let row = |e: &Example| ExampleRow {
        id: case_label(e),
        score: thresholds.show(e.score),
        class: if e.positive {
            b.positive.one().to_owned()
        } else {
            b.negative.one().to_owned()
        },
        flagged: e.score >= mistakes.threshold,
        cells: e.cells.iter().map(|c| text_cell(c)).collect(),
    };
    let threshold = thresholds.show(mistakes.threshold);
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
            format!("{} scoring highest, all flagged at {{t}}.", capitalise(&cases_of(&b.negative))),
        ),
        (
            "misses",
            "Misses the model is surest of",
            format!("{} scoring lowest, none flagged at {{t}}.", capitalise(&cases_of(&b.positive))),
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
    use crate::present::format::ShownThresholds;

    /// Issue 11: a score beside the threshold never reads as if on its other side
    /// (float32 0.69996 is not "0.7000, not flagged" at 0.70).
    #[test]
    fn a_score_never_rounds_onto_the_other_side_of_the_threshold() {
        for (score, threshold) in [
            (0.69996, 0.7),
            (0.70004, 0.7),
            (0.7, 0.7),
            (2e-7, 1.5e-7),
            (0.912_345, 0.5),
            (f64::from(0.7_f32), 0.7),
        ] {
            let shown = ShownThresholds::new([threshold]).show(score);
            let back: f64 = shown.parse().unwrap();
            assert_eq!(
                back >= threshold,
                score >= threshold,
                "{score} shown as {shown}"
            );
        }
    }
}
