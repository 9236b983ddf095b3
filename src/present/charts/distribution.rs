//! Chart 3: how the scores of positives and negatives are spread, as shares of each
//! class, with the threshold line: the overlap is where the mistakes are.

use plotters::prelude::*;

use super::{
    Axes, ChartError, FLAGGED, HEIGHT, MISSED, Marker, WIDTH, append_to_svg, chart_error,
    draw_markers, frame, two_decimals, what_if_marker,
};
use crate::model::curves::Histogram;

pub(crate) fn distribution_chart(
    histogram: &Histogram,
    markers: &[Marker],
) -> Result<String, ChartError> {
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
    let marker;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let percent_ticks = |v: &f64| format!("{:.0}%", v * 100.0);
        let axes = Axes {
            x: low..high.max(low + f64::EPSILON),
            y: 0.0..y_max,
            x_title: "Score".to_owned(),
            y_title: "Share of the class's cases".to_owned(),
            y_label_width: 72,
            x_ticks: &two_decimals,
            y_ticks: &percent_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
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
        marker = what_if_marker(&chart, "threshold");
        root.present().map_err(&error)?;
    }
    append_to_svg(&mut svg, &marker);
    Ok(svg)
}
