//! Chart 6: flagged, caught and missed per calendar day of the evaluation period,
//! scaled to a production day, with the review capacity.

use plotters::prelude::*;

use super::{Axes, CAUGHT, ChartError, FLAGGED, HEIGHT, INK, MISSED, WIDTH, chart_error, frame};
use crate::present::format;
use crate::stats::days::Day;

pub(crate) fn days_chart(days: &[Day], capacity: Option<f64>) -> Result<String, ChartError> {
    let error = chart_error("days");
    if days.is_empty() {
        return Ok(String::new());
    }
    let top = days
        .iter()
        .map(|d| d.flagged)
        .fold(capacity.unwrap_or(0.0), f64::max)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let date_ticks = |v: &f64| {
            let i = v.round();
            if (v - i).abs() > 1e-9 || i < 0.0 {
                return String::new();
            }
            days.get(i as usize)
                .map_or_else(String::new, |d| d.date.format("%-d %b").to_string())
        };
        let count_ticks = |v: &f64| format::count(*v);
        let axes = Axes {
            x: -0.5..(days.len() as f64 - 0.5),
            y: 0.0..top.max(1.0),
            x_title: "Day of the evaluation period".to_owned(),
            y_title: "Cases per production day".to_owned(),
            y_label_width: 72,
            x_ticks: &date_ticks,
            y_ticks: &count_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        for (color, value) in [(FLAGGED, 0), (CAUGHT, 1), (MISSED, 2)] {
            let line = days
                .iter()
                .enumerate()
                .map(|(i, d)| (i as f64, [d.flagged, d.caught, d.missed][value]));
            chart
                .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))
                .map_err(&error)?;
            chart
                .draw_series(line.map(|p| Circle::new(p, 3, color.filled())))
                .map_err(&error)?;
        }
        if let Some(c) = capacity {
            let ends = [(-0.5, c), (days.len() as f64 - 0.5, c)];
            chart
                .draw_series(DashedLineSeries::new(ends, 8, 5, INK.stroke_width(2)))
                .map_err(&error)?;
        }
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
