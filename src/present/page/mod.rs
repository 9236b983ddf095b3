//! The HTML page: askama structs named `*Page` whose fields are already formatted
//! strings, so `templates/` holds no logic and no maths. `build_page` turns the
//! report model, the curves and the mistakes into views; `render_page` fills the
//! template. Only `*_svg` (our charts) and `*_html` (the sanitised narrative) are
//! marked safe in the templates, plus meeting mode's data through askama's own
//! `json` filter (which escapes `<`, `>`, `&`, `'`); everything else is escaped by askama.

mod chart_views;
mod comparison_views;
mod example_views;
mod meeting;
mod monitor;
mod points;
mod policy;
mod views;

use askama::Template;

use crate::present::sentences::Part;

pub(crate) use comparison_views::{ComparisonView, GatesView};

pub(crate) use monitor::{build_monitor_page, render_monitor_page};
pub(crate) use views::build_page;

/// The whole report page.
#[derive(Template)]
#[template(path = "report.html")]
pub(crate) struct ReportPage {
    pub(crate) title: String,
    /// "fraud-gbm 3.2.0 · Risk ML team · 20 November 2026".
    pub(crate) byline: String,
    /// "Evaluated on 20,700 transactions (700 fraudulent) from … to …".
    pub(crate) rests_on: String,
    /// Which threshold to choose; `None` without constraints or costs.
    pub(crate) decision: Option<DecisionView>,
    /// Sentences in parts; the parts meeting mode redraws carry `data-meeting`.
    pub(crate) headline: Vec<Vec<Part>>,
    pub(crate) per_day: Vec<PerDayCard>,
    pub(crate) per_day_notes: Vec<Vec<Part>>,
    /// What a production share of positives unlike the evaluation's changes.
    pub(crate) prevalence_note: Option<String>,
    /// One table per `data.segments` column.
    pub(crate) breakdowns: Vec<BreakdownView>,
    /// "If production differs from the plan": one row per scenario.
    pub(crate) sensitivity: Vec<ScenarioRow>,
    pub(crate) points: Vec<PointRow>,
    pub(crate) has_cost: bool,
    pub(crate) charts: Vec<ChartView>,
    pub(crate) examples: ExamplesView,
    /// The threshold control; `None` when no grid could be built.
    pub(crate) meeting: Option<MeetingControl>,
    /// Meeting mode's data (see `meeting`), written by the template as JSON.
    pub(crate) meeting_data: meeting::MeetingData,
    /// The negotiation table's cells as meeting mode names them (its "what if" row).
    pub(crate) meeting_cells: Vec<&'static str>,
    /// Sanitised narrative HTML; empty when the context has none.
    pub(crate) narrative_html: String,
    pub(crate) facts: Vec<Fact>,
    pub(crate) warnings: Vec<String>,
    pub(crate) reading: Vec<String>,
    pub(crate) definitions: Vec<Fact>,
    pub(crate) files: Vec<FileRow>,
    /// The release review: the comparison with the baseline and the gates, each
    /// `None` when the context has none.
    pub(crate) comparison: Option<ComparisonView>,
    pub(crate) gates: Option<GatesView>,
    /// Model, baseline and tool versions, and the context file's commit in words.
    pub(crate) provenance: Vec<Fact>,
    pub(crate) provenance_git: String,
    pub(crate) version: String,
    pub(crate) date: String,
}

/// The decision section: the answer, then why.
pub(crate) struct DecisionView {
    pub(crate) lead: String,
    pub(crate) details: Vec<String>,
    /// `conflict` when no threshold meets every constraint, else `choose`.
    pub(crate) class: &'static str,
}

/// One of the four per-day counts.
pub(crate) struct PerDayCard {
    /// `data-per-day` key.
    pub(crate) key: &'static str,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) range: String,
    pub(crate) explanation: Vec<Part>,
    pub(crate) color: String,
}

/// The threshold control of meeting mode: a slider over the grid's indices and a
/// number field, starting at the current threshold.
pub(crate) struct MeetingControl {
    /// The grid's last index.
    pub(crate) last: usize,
    /// The current threshold's index.
    pub(crate) current: usize,
    /// The current threshold as written on the page.
    pub(crate) threshold: String,
    pub(crate) low: String,
    pub(crate) high: String,
    /// The grid's regular step, for the number field's arrows.
    pub(crate) step: String,
    /// Indices of the named thresholds, ticked on the slider.
    pub(crate) ticks: Vec<usize>,
}

/// A segment column at the current threshold.
pub(crate) struct BreakdownView {
    pub(crate) column: String,
    /// Plain sentences on segments that differ by more than chance.
    pub(crate) callouts: Vec<String>,
    /// Says that the smaller values share the last row, when they do.
    pub(crate) note: Option<String>,
    pub(crate) rows: Vec<BreakdownRow>,
}

pub(crate) struct BreakdownRow {
    pub(crate) name: String,
    pub(crate) cases: String,
    pub(crate) share_of_volume: String,
    pub(crate) share_of_flags: String,
    pub(crate) fnr: Cell,
    pub(crate) fpr: Cell,
    pub(crate) stands_out: bool,
}

/// A row of the sensitivity table.
pub(crate) struct ScenarioRow {
    pub(crate) label: String,
    pub(crate) volume: String,
    pub(crate) prevalence: String,
    /// Flagged, caught, missed, false alarms (and cost), each "value (low–high)".
    pub(crate) cells: Vec<String>,
}

/// A row of the negotiation table.
pub(crate) struct PointRow {
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) is_current: bool,
    pub(crate) threshold: String,
    pub(crate) cells: Vec<Cell>,
}

/// A number with its range underneath and, for other points, the change from
/// current ("+218 vs current").
pub(crate) struct Cell {
    pub(crate) value: String,
    pub(crate) range: String,
    pub(crate) delta: String,
}

pub(crate) struct ChartView {
    pub(crate) id: &'static str,
    pub(crate) title: String,
    pub(crate) chart_svg: String,
    pub(crate) caption: String,
    pub(crate) legend: Vec<LegendItem>,
}

pub(crate) struct LegendItem {
    pub(crate) label: String,
    pub(crate) color: String,
    /// "line", "band", "dashed" or "dot".
    pub(crate) shape: &'static str,
}

pub(crate) struct ExamplesView {
    pub(crate) threshold: String,
    pub(crate) columns: Vec<String>,
    pub(crate) groups: Vec<ExampleGroup>,
}

pub(crate) struct ExampleGroup {
    pub(crate) id: &'static str,
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rows: Vec<ExampleRow>,
}

pub(crate) struct ExampleRow {
    pub(crate) id: String,
    pub(crate) score: String,
    pub(crate) class: String,
    pub(crate) flagged: bool,
    pub(crate) cells: Vec<TextCell>,
}

/// Cell text, shortened when long; `full` holds the rest for a `<details>`.
pub(crate) struct TextCell {
    pub(crate) short: String,
    pub(crate) full: Option<String>,
}

pub(crate) struct Fact {
    pub(crate) term: String,
    pub(crate) detail: String,
}

pub(crate) struct FileRow {
    pub(crate) role: String,
    pub(crate) path: String,
    pub(crate) size: String,
    pub(crate) sha256: String,
}

/// Renders the page to HTML.
pub(crate) fn render_page(page: &ReportPage) -> Result<String, askama::Error> {
    Ok(policy::with_policy(&crate::present::inert::page(
        page.render()?,
    )))
}
