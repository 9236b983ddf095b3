//! Chart 1: flagged, caught, missed and false alarms per day against the threshold,
//! each with its 95 % range as a band, the named thresholds marked and the review
//! capacity as a dashed line.

use plotters::prelude::*;

use super::{
    Axes, CAUGHT, ChartError, FALSE_ALARMS, FLAGGED, FONT, HEIGHT, INK, MISSED, Marker, WIDTH,
    append_to_svg, chart_error, draw_markers, frame, two_decimals, what_if_marker,
};
use crate::model::curves::{Count, count_of};
use crate::present::format;
use crate::stats::projection::PerDay;

/// The colour of each count.
pub(crate) fn count_color(count: Count) -> RGBColor {
    match count {
        Count::Flagged => FLAGGED,
        Count::Caught => CAUGHT,
        Count::Missed => MISSED,
        Count::FalseAlarms => FALSE_ALARMS,
    }
}

/// `grid` is ascending in threshold; `y_max` cuts the axis (values above are drawn
/// at the top edge) so the region that matters is readable.
pub(crate) fn per_day_chart(
    grid: &[(f64, PerDay)],
    markers: &[Marker],
    capacity: Option<f64>,
    y_max: f64,
) -> Result<String, ChartError> {
    let error = chart_error("per-day");
    let (Some(first), Some(last)) = (grid.first(), grid.last()) else {
        return Ok(String::new());
    };
    let mut svg = String::new();
    let marker;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let count_ticks = |v: &f64| format::count(*v);
        let axes = Axes {
            x: first.0..last.0,
            y: 0.0..y_max,
            x_title: "Threshold (cases scoring at or above it are flagged)".to_owned(),
            y_title: "Cases per day".to_owned(),
            y_label_width: 72,
            x_ticks: &two_decimals,
            y_ticks: &count_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        let clip = |v: f64| v.min(y_max);
        for count in Count::ALL {
            let color = count_color(count);
            let upper = grid
                .iter()
                .map(|(t, d)| (*t, clip(count_of(d, count).high)));
            let lower = grid
                .iter()
                .rev()
                .map(|(t, d)| (*t, clip(count_of(d, count).low)));
            let band: Vec<(f64, f64)> = upper.chain(lower).collect();
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    color.mix(0.18).filled(),
                )))
                .map_err(&error)?;
            let line = grid
                .iter()
                .map(|(t, d)| (*t, clip(count_of(d, count).value)));
            chart
                .draw_series(LineSeries::new(line, color.stroke_width(2)))
                .map_err(&error)?;
        }
        if let Some(c) = capacity.filter(|c| *c <= y_max) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(first.0, c), (last.0, c)],
                    8,
                    5,
                    INK.stroke_width(2),
                ))
                .map_err(&error)?;
            let style = TextStyle::from((FONT, 13).into_font()).color(&INK);
            let label = format!("capacity {} a day", format::count(c));
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (last.0 - (last.0 - first.0) * 0.17, c + y_max * 0.045),
                    style,
                )))
                .map_err(&error)?;
        }
        draw_markers(&mut chart, markers, y_max * 0.97, 0.0).map_err(&error)?;
        marker = what_if_marker(&chart, "threshold");
        root.present().map_err(&error)?;
    }
    append_to_svg(&mut svg, &marker);
    Ok(svg)
}
