//! SVG charts drawn with plotters (SVG backend only, no system fonts: text is left
//! to the reader's browser). Each chart is a pure function from prepared curve data
//! to an SVG string, one file per chart; data preparation lives in `crate::model::curves`.
//! Colours are the Okabe–Ito palette, safe for colour-blind readers. Legends are
//! drawn by the page in HTML below each chart, so they never cover data.

mod calibration;
mod comparison;
mod cost;
mod days;
mod distribution;
mod drift;
mod per_day;
mod production_days;
mod rates;

pub(crate) use calibration::calibration_chart;
pub(crate) use comparison::{
    BASELINE, CANDIDATE, ModelSeries, compared_rates_chart, workload_chart,
};
pub(crate) use cost::cost_chart;
pub(crate) use days::days_chart;
pub(crate) use distribution::distribution_chart;
pub(crate) use drift::{WEEK_COLORS, drift_chart};
pub(crate) use per_day::{count_color, per_day_chart};
pub(crate) use production_days::{DayPoint, production_days_chart};
pub(crate) use rates::{CurvePoint, rates_chart, roc_zoom};

use plotters::prelude::*;
use thiserror::Error;

/// Drawing failed inside plotters (it writes to a `String`, so this means a bug).
#[derive(Debug, Error)]
#[error("cannot draw the {chart} chart: {message}")]
pub(crate) struct ChartError {
    pub(crate) chart: &'static str,
    pub(crate) message: String,
}

pub(crate) fn chart_error<E: std::fmt::Debug>(chart: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError {
        chart,
        message: format!("{e:?}"),
    }
}

/// A threshold marked on a chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    pub(crate) label: String,
    pub(crate) threshold: f64,
    /// The current threshold is drawn solid and dark; others dashed.
    pub(crate) current: bool,
}

pub(crate) const FLAGGED: RGBColor = RGBColor(0, 114, 178); // blue
pub(crate) const CAUGHT: RGBColor = RGBColor(0, 158, 115); // bluish green
pub(crate) const MISSED: RGBColor = RGBColor(213, 94, 0); // vermillion
pub(crate) const FALSE_ALARMS: RGBColor = RGBColor(230, 159, 0); // orange
pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);
pub(crate) const MUTED: RGBColor = RGBColor(110, 110, 110);

/// The colour as CSS, for the HTML legend.
pub(crate) fn css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

pub(crate) const FONT: &str = "sans-serif";
pub(crate) const WIDTH: u32 = 880;
pub(crate) const HEIGHT: u32 = 360;

/// The coordinate system every single-panel chart here uses.
pub(crate) type Plane =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

/// Ranges, axis titles and tick formats of a single-panel chart.
pub(crate) struct Axes<'f> {
    pub(crate) x: std::ops::Range<f64>,
    pub(crate) y: std::ops::Range<f64>,
    pub(crate) x_title: String,
    pub(crate) y_title: String,
    /// Room for the y tick labels, in pixels.
    pub(crate) y_label_width: u32,
    pub(crate) x_ticks: &'f dyn Fn(&f64) -> String,
    pub(crate) y_ticks: &'f dyn Fn(&f64) -> String,
}

/// Fills `root` white and draws the frame, light grid, ticks and axis titles shared
/// by the per-day, score and cost charts.
pub(crate) fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    axes: &Axes,
) -> Result<ChartContext<'a, DB, Plane>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .margin_top(16)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(axes.y_label_width)
        .build_cartesian_2d(axes.x.clone(), axes.y.clone())?;
    chart
        .configure_mesh()
        .x_desc(axes.x_title.as_str())
        .y_desc(axes.y_title.as_str())
        .axis_desc_style((FONT, 15))
        .label_style((FONT, 14))
        .x_label_formatter(axes.x_ticks)
        .y_label_formatter(axes.y_ticks)
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()?;
    Ok(chart)
}

/// Two decimals, for threshold and score axes.
pub(crate) fn two_decimals(v: &f64) -> String {
    format!("{v:.2}")
}

/// Vertical marker lines with staggered labels along the top of a chart.
pub(crate) fn draw_markers<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    markers: &[Marker],
    y_top: f64,
    y_bottom: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let x_range = chart.x_range();
    let mut stagger = 0;
    for m in markers.iter().filter(|m| x_range.contains(&m.threshold)) {
        let color = if m.current { INK } else { MUTED };
        let line = [(m.threshold, y_bottom), (m.threshold, y_top)];
        if m.current {
            chart.draw_series(LineSeries::new(line, color.stroke_width(2)))?;
        } else {
            chart.draw_series(DashedLineSeries::new(line, 5, 4, color.stroke_width(1)))?;
        }
        let row = if m.current { 0 } else { stagger % 3 + 1 };
        if !m.current {
            stagger += 1;
        }
        let y = y_top - (y_top - y_bottom) * 0.065 * row as f64;
        let style = TextStyle::from((FONT, 13).into_font()).color(&color);
        chart.draw_series(std::iter::once(Text::new(
            format!(" {}", m.label),
            (m.threshold, y),
            style,
        )))?;
    }
    Ok(())
}

/// The colour of the reader's "what if" threshold (Okabe–Ito reddish purple).
pub(crate) const WHAT_IF: RGBColor = RGBColor(204, 121, 167);

/// The hidden "what if" marker that the page's script moves when the reader picks a
/// threshold: a vertical line over the plot area (`line`) or a dot (`dot`, for the
/// ROC and precision–recall panels). `data-x` and `data-y` map data to pixels as
/// "value₀ value₁ pixel₀ pixel₁", so the script needs no knowledge of the layout.
pub(crate) fn what_if_marker<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Plane>,
    panel: &str,
) -> String {
    let (x, y) = (chart.x_range(), chart.y_range());
    let (left, bottom) = chart.backend_coord(&(x.start, y.start));
    let (right, top) = chart.backend_coord(&(x.end, y.end));
    let color = css(WHAT_IF);
    let shape = if panel == "threshold" {
        format!(
            r#"<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{color}" stroke-width="3"/><text x="{}" y="{}" fill="{color}" stroke="white" stroke-width="4" paint-order="stroke" font-family="{FONT}" font-size="13" font-weight="bold"></text>"#,
            left + 6,
            bottom - 8
        )
    } else {
        format!(
            r#"<circle cx="{left}" cy="{bottom}" r="7" fill="none" stroke="{color}" stroke-width="3"/>"#
        )
    };
    format!(
        r#"<g class="what-if" data-panel="{panel}" data-x="{} {} {left} {right}" data-y="{} {} {bottom} {top}" visibility="hidden">{shape}</g>"#,
        x.start, x.end, y.start, y.end
    )
}

/// Adds `extra` (markup of our own) just before the end of an SVG document.
pub(crate) fn append_to_svg(svg: &mut String, extra: &str) {
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, extra);
    }
}
