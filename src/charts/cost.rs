//! Chart 4: money per day against the threshold with its 95 % range, the named
//! thresholds marked.

use plotters::prelude::*;

use super::{ChartError, FONT, GRID, HEIGHT, INK, Marker, WIDTH, chart_error, draw_markers};
use crate::format;
use crate::interval::Estimate;

/// `costs` is (threshold, cost per day) ascending in threshold.
pub fn cost_chart(
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
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&error)?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(16)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(84)
            .build_cartesian_2d(first.0..last.0, 0.0..y_max)
            .map_err(&error)?;
        let unit = currency.map_or_else(
            || "Cost per day".to_owned(),
            |c| format!("Cost per day ({c})"),
        );
        chart
            .configure_mesh()
            .x_desc("Threshold")
            .y_desc(unit)
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 14))
            .y_label_formatter(&|v| format::count(*v))
            .x_label_formatter(&|v| format!("{v:.2}"))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .draw()
            .map_err(&error)?;
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
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
