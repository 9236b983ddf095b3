//! The week × promise grid: each promise's outcome over the whole period and in each
//! 7-day period, so a reader scans a row for the week a promise broke. Worse cells
//! stand out; each cell carries the observed value, and its title the ranges.

use crate::model::monitoring::{Monitoring, Outcome, Promise};
use crate::model::report::Report;
use crate::present::monitoring::{
    cell_words, quantity_name, short_name, value, week_dates, with_range,
};
use crate::present::sentences::capitalise;

/// The grid and what it rests on.
pub(crate) struct WeeksView {
    /// How the weeks are cut and judged.
    pub(crate) lede: String,
    /// "Whole period", then "Week 1" …, each with its dates.
    pub(crate) columns: Vec<GridColumn>,
    pub(crate) rows: Vec<GridRow>,
}

/// A column head of the grid.
pub(crate) struct GridColumn {
    pub(crate) name: String,
    pub(crate) dates: String,
    /// `monitoring.periods[].week`; 0 for the whole period.
    pub(crate) week: usize,
}

/// A promise's row.
pub(crate) struct GridRow {
    /// `monitoring.promises[].quantity` (the row's `data-grid-promise`).
    pub(crate) key: &'static str,
    /// The short name ("missed").
    pub(crate) name: String,
    /// The full name, for the cell's title.
    pub(crate) full_name: String,
    /// Whether any cell is worse (the row stands out).
    pub(crate) broken: bool,
    pub(crate) cells: Vec<GridCell>,
}

/// One promise in one period.
pub(crate) struct GridCell {
    /// `better`, `worse`, `as_promised` or `cannot_tell`.
    pub(crate) outcome_key: &'static str,
    pub(crate) words: String,
    /// The observed value, or "–".
    pub(crate) observed: String,
    /// "observed 34 (28–40) against 30 (27–33)".
    pub(crate) title: String,
    pub(crate) worse: bool,
}

fn cell(p: &Promise) -> GridCell {
    GridCell {
        outcome_key: p.outcome.key(),
        words: cell_words(p.outcome, p.verdict),
        observed: p
            .observed
            .map_or_else(|| "–".to_owned(), |o| value(p.quantity, o.value)),
        title: format!(
            "observed {} against promised {}",
            p.observed
                .map_or_else(|| "nothing".to_owned(), |o| with_range(p.quantity, &o)),
            with_range(p.quantity, &p.promised)
        ),
        worse: p.outcome == Outcome::Worse,
    }
}

/// The grid; `None` with fewer than two weeks (the promises table says it all).
pub(crate) fn weeks_view(m: &Monitoring, report: &Report) -> Option<WeeksView> {
    if m.weeks.len() < 2 {
        return None;
    }
    let b = &report.business;
    let mut columns = vec![GridColumn {
        name: "Whole period".to_owned(),
        dates: week_dates(m.period.first_day, m.period.last_day),
        week: 0,
    }];
    columns.extend(m.weeks.iter().map(|w| GridColumn {
        name: if w.is_short() {
            format!(
                "Week {} ({} whole {})",
                w.number,
                w.whole_days,
                if w.whole_days == 1 { "day" } else { "days" }
            )
        } else {
            format!("Week {}", w.number)
        },
        dates: week_dates(w.first_day, w.last_day),
        week: w.number,
    }));
    let rows = m
        .promises
        .iter()
        .map(|whole| {
            let mut cells = vec![cell(whole)];
            cells.extend(m.weeks.iter().map(|w| {
                w.promises
                    .iter()
                    .find(|p| p.quantity == whole.quantity)
                    .map_or_else(
                        || GridCell {
                            outcome_key: Outcome::CannotTell.key(),
                            words: "cannot tell".to_owned(),
                            observed: "–".to_owned(),
                            title: String::new(),
                            worse: false,
                        },
                        cell,
                    )
            }));
            GridRow {
                key: whole.quantity.key(),
                name: capitalise(&short_name(whole.quantity, b)),
                full_name: quantity_name(whole.quantity, b),
                broken: cells.iter().any(|c| c.worse),
                cells,
            }
        })
        .collect();
    Some(WeeksView {
        lede: format!(
            "Each promise held on each 7-day period alone, beside the whole period: the same verdicts and the same reading (↑ above the promise, ↓ below it), with the value observed below. Weeks run from the first whole day; a week with fewer than two whole days cannot tell, and neither can a figure from the audit when a group it rests on has fewer than {} verdicts that week. A week's range is wider than the whole period's, so a week can break a promise the period keeps only by a clear margin.",
            crate::model::monitoring::MIN_WEEK_VERDICTS
        ),
        columns,
        rows,
    })
}
