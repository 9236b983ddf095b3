//! Chart 4: money per day against the threshold with its 95 % range, the named
//! thresholds marked.

use plotters::prelude::*;

use super::{
    Axes, ChartError, HEIGHT, INK, Marker, WIDTH, append_to_svg, chart_error, draw_markers, frame,
    two_decimals, what_if_marker,
};
use crate::present::format;
use crate::stats::interval::Estimate;

/// `costs` is (threshold, cost per day) ascending in threshold.
pub(crate) fn cost_chart(
    costs: &[(f64, Estimate)],
    markers: &[Marker],
    currency: Option<&str>,
) -> Result<String, ChartError> {
    let error = chart_error("cost");
    let (Some(first), Some(last)) = (costs.first(), costs.last()) else {
        return Ok(String::new());
    };
    let y_max = costs.iter().map(|(_, e)| e.high).fold(0.0f64, f64::max) * 1.08;
    let y_max = y_max.max(1.0);
    let mut svg = String::new();
    let marker;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let count_ticks = |v: &f64| format::count(*v);
        let axes = Axes {
            x: first.0..last.0,
            y: 0.0..y_max,
            x_title: "Threshold".to_owned(),
            y_title: currency.map_or_else(
                || "Cost per day".to_owned(),
                |c| format!("Cost per day ({c})"),
            ),
            y_label_width: 84,
            x_ticks: &two_decimals,
            y_ticks: &count_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        let upper = costs.iter().map(|(t, e)| (*t, e.high));
        let lower = costs.iter().rev().map(|(t, e)| (*t, e.low));
        chart
            .draw_series(std::iter::once(Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                INK.mix(0.12).filled(),
            )))
            .map_err(&error)?;
        chart
            .draw_series(LineSeries::new(
                costs.iter().map(|(t, e)| (*t, e.value)),
                INK.stroke_width(2),
            ))
            .map_err(&error)?;
        draw_markers(&mut chart, markers, y_max * 0.97, 0.0).map_err(&error)?;
        marker = what_if_marker(&chart, "threshold");
        root.present().map_err(&error)?;
    }
    append_to_svg(&mut svg, &marker);
    Ok(svg)
}
