//! Chart 5: the reliability diagram: in each score bin, the share of cases that were
//! positive (with its 95 % range) against the bin's mean score; on the diagonal,
//! scores read as probabilities.

use plotters::prelude::*;

use super::{Axes, ChartError, FLAGGED, HEIGHT, MUTED, WIDTH, chart_error, frame};
use crate::stats::calibration::Calibration;

pub(crate) fn calibration_chart(calibration: &Calibration) -> Result<String, ChartError> {
    let error = chart_error("calibration");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let percent_ticks = |v: &f64| format!("{:.0}%", v * 100.0);
        let score_ticks = |v: &f64| format!("{v:.1}");
        let axes = Axes {
            x: 0.0..1.0,
            y: 0.0..1.0,
            x_title: "Score (mean of the cases in each bin)".to_owned(),
            y_title: "Share that were positive".to_owned(),
            y_label_width: 72,
            x_ticks: &score_ticks,
            y_ticks: &percent_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (1.0, 1.0)],
                6,
                4,
                MUTED.stroke_width(1),
            ))
            .map_err(&error)?;
        for bin in &calibration.bins {
            let x = bin.mean_score;
            let bar = [(x, bin.observed.low), (x, bin.observed.high)];
            chart
                .draw_series(LineSeries::new(bar, FLAGGED.stroke_width(2)))
                .map_err(&error)?;
        }
        let points = calibration
            .bins
            .iter()
            .map(|b| (b.mean_score, b.observed.value));
        chart
            .draw_series(LineSeries::new(points.clone(), FLAGGED.stroke_width(1)))
            .map_err(&error)?;
        chart
            .draw_series(points.map(|p| Circle::new(p, 5, FLAGGED.filled())))
            .map_err(&error)?;
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
