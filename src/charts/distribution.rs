//! Chart 3: how the scores of positives and negatives are spread, as shares of each
//! class, with the threshold line: the overlap is where the mistakes are.

use plotters::prelude::*;

use super::{
    ChartError, FLAGGED, FONT, GRID, HEIGHT, MISSED, Marker, WIDTH, chart_error, draw_markers,
};
use crate::curves::Histogram;

pub fn distribution_chart(histogram: &Histogram, markers: &[Marker]) -> Result<String, ChartError> {
    let error = chart_error("score distribution");
    let (Some(&low), Some(&high)) = (histogram.edges.first(), histogram.edges.last()) else {
        return Ok(String::new());
    };
    let tallest = histogram
        .positives
        .iter()
        .chain(&histogram.negatives)
        .fold(0.0f64, |a, b| a.max(*b));
    let y_max = (tallest * 1.15).max(0.01);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&error)?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(16)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(low..high.max(low + f64::EPSILON), 0.0..y_max)
            .map_err(&error)?;
        chart
            .configure_mesh()
            .x_desc("Score")
            .y_desc("Share of the class's cases")
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 14))
            .x_label_formatter(&|v| format!("{v:.2}"))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .draw()
            .map_err(&error)?;
        for (shares, color) in [
            (&histogram.negatives, FLAGGED),
            (&histogram.positives, MISSED),
        ] {
            let bars = shares.iter().enumerate().map(|(i, &share)| {
                Rectangle::new(
                    [(histogram.edges[i], 0.0), (histogram.edges[i + 1], share)],
                    color.mix(0.35).filled(),
                )
            });
            chart.draw_series(bars).map_err(&error)?;
            let outline = shares.iter().enumerate().flat_map(|(i, &share)| {
                [(histogram.edges[i], share), (histogram.edges[i + 1], share)]
            });
            chart
                .draw_series(LineSeries::new(outline, color.stroke_width(2)))
                .map_err(&error)?;
        }
        draw_markers(&mut chart, markers, y_max * 0.97, 0.0).map_err(&error)?;
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
