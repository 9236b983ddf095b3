//! The HTML page: askama structs named `*Page` whose fields are already formatted
//! strings, so `templates/` holds no logic and no maths. `build_page` turns the
//! report model, the curves and the mistakes into views; `render_page` fills the
//! template. Only `*_svg` (our charts) and `*_html` (the sanitised narrative) are
//! marked safe in the templates, plus meeting mode's data through askama's own
//! `json` filter (which escapes `<`, `>`, `&`, `'`); everything else is escaped by askama.

mod chart_views;
mod example_views;
mod live;
mod views;

use askama::Template;

use crate::text::Part;

pub use views::{InputFile, build_page};

/// The whole report page.
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub title: String,
    /// "fraud-gbm 3.2.0 · Risk ML team · 20 November 2026".
    pub byline: String,
    /// "Evaluated on 20,700 transactions (700 fraudulent) from … to …".
    pub rests_on: String,
    /// Sentences in parts; the parts meeting mode redraws carry `data-live`.
    pub headline: Vec<Vec<Part>>,
    pub per_day: Vec<PerDayCard>,
    pub per_day_notes: Vec<Vec<Part>>,
    /// What a production share of positives unlike the evaluation's changes.
    pub prevalence_note: Option<String>,
    /// One table per `data.segments` column.
    pub breakdowns: Vec<BreakdownView>,
    /// "If production differs from the plan": one row per scenario.
    pub sensitivity: Vec<ScenarioRow>,
    pub points: Vec<PointRow>,
    pub has_cost: bool,
    pub charts: Vec<ChartView>,
    pub examples: ExamplesView,
    /// The threshold control; `None` when no grid could be built.
    pub control: Option<Control>,
    /// Meeting mode's data (see `live`), written by the template as JSON.
    pub live_data: serde_json::Value,
    /// The negotiation table's cells as meeting mode names them (its "what if" row).
    pub live_cells: Vec<&'static str>,
    /// Sanitised narrative HTML; empty when the context has none.
    pub narrative_html: String,
    pub facts: Vec<Fact>,
    pub warnings: Vec<String>,
    pub reading: Vec<String>,
    pub definitions: Vec<Fact>,
    pub files: Vec<FileRow>,
    pub version: String,
    pub date: String,
}

/// One of the four per-day counts.
pub struct PerDayCard {
    /// `data-per-day` key.
    pub key: &'static str,
    pub label: String,
    pub value: String,
    pub range: String,
    pub explanation: Vec<Part>,
    pub color: String,
}

/// The threshold control of meeting mode: a slider over the grid's indices and a
/// number field, starting at the current threshold.
pub struct Control {
    /// The grid's last index.
    pub last: usize,
    /// The current threshold's index.
    pub current: usize,
    /// The current threshold as written on the page.
    pub threshold: String,
    pub low: String,
    pub high: String,
    /// The grid's regular step, for the number field's arrows.
    pub step: String,
    /// Indices of the named thresholds, ticked on the slider.
    pub ticks: Vec<usize>,
}

/// A segment column at the current threshold.
pub struct BreakdownView {
    pub column: String,
    /// Plain sentences on segments that differ by more than chance.
    pub callouts: Vec<String>,
    pub rows: Vec<BreakdownRow>,
}

pub struct BreakdownRow {
    pub name: String,
    pub cases: String,
    pub share_of_volume: String,
    pub share_of_flags: String,
    pub fnr: Cell,
    pub fpr: Cell,
    pub stands_out: bool,
}

/// A row of the sensitivity table.
pub struct ScenarioRow {
    pub label: String,
    pub volume: String,
    pub prevalence: String,
    /// Flagged, caught, missed, false alarms (and cost), each "value (low–high)".
    pub cells: Vec<String>,
}

/// A row of the negotiation table.
pub struct PointRow {
    pub name: String,
    pub kind: String,
    pub is_current: bool,
    pub threshold: String,
    pub cells: Vec<Cell>,
}

/// A number with its range underneath and, for other points, the change from
/// current ("+218 vs current").
pub struct Cell {
    pub value: String,
    pub range: String,
    pub delta: String,
}

pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    pub chart_svg: String,
    pub caption: String,
    pub legend: Vec<LegendItem>,
}

pub struct LegendItem {
    pub label: String,
    pub color: String,
    /// "line", "band", "dashed" or "dot".
    pub shape: &'static str,
}

pub struct ExamplesView {
    pub threshold: String,
    pub columns: Vec<String>,
    pub groups: Vec<ExampleGroup>,
}

pub struct ExampleGroup {
    pub id: &'static str,
    pub title: String,
    pub note: String,
    pub rows: Vec<ExampleRow>,
}

pub struct ExampleRow {
    pub id: String,
    pub score: String,
    pub class: String,
    pub flagged: bool,
    pub cells: Vec<TextCell>,
}

/// Cell text, shortened when long; `full` holds the rest for a `<details>`.
pub struct TextCell {
    pub short: String,
    pub full: Option<String>,
}

pub struct Fact {
    pub term: String,
    pub detail: String,
}

pub struct FileRow {
    pub role: String,
    pub path: String,
    pub size: String,
    pub sha256: String,
}

/// Renders the page to HTML.
pub fn render_page(page: &ReportPage) -> Result<String, askama::Error> {
    page.render()
}
