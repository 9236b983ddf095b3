//! Monitoring chart: flagged per production day against the launch report's
//! promised band (its 95 % range for an average day) and the review capacity, days
//! outside the band marked; weeks separated by grey lines.

use plotters::prelude::*;

use super::{Axes, ChartError, FLAGGED, HEIGHT, INK, MISSED, MUTED, WIDTH, chart_error, frame};
use crate::present::format;
use crate::stats::interval::Estimate;

/// One production day as the chart needs it.
pub(crate) struct DayPoint {
    /// The date as the axis writes it ("23 Nov").
    pub(crate) label: String,
    pub(crate) flagged: f64,
}

pub(crate) fn production_days_chart(
    days: &[DayPoint],
    band: &Estimate,
    capacity: Option<f64>,
) -> Result<String, ChartError> {
    let error = chart_error("production days");
    if days.is_empty() {
        return Ok(String::new());
    }
    let highest = days
        .iter()
        .map(|d| d.flagged)
        .fold(band.high.max(capacity.unwrap_or(0.0)), f64::max);
    let lowest = days.iter().map(|d| d.flagged).fold(band.low, f64::min);
    // Start the axis near the data so day-to-day differences are visible, but at 0
    // when the data come close to it.
    let spread = (highest - lowest).max(1.0);
    let bottom = if lowest - spread < 0.0 {
        0.0
    } else {
        lowest - spread * 0.6
    };
    let top = highest + spread * 0.25;
    let n = days.len();
    let step = n.div_ceil(12).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let date_ticks = |v: &f64| {
            let i = v.round();
            if (v - i).abs() > 1e-9 || i < 0.0 || !(i as usize).is_multiple_of(step) {
                return String::new();
            }
            days.get(i as usize)
                .map_or_else(String::new, |d| d.label.clone())
        };
        let count_ticks = |v: &f64| format::count(*v);
        let axes = Axes {
            x: -0.5..(n as f64 - 0.5),
            y: bottom..top,
            x_title: "Day of production".to_owned(),
            y_title: "Cases flagged".to_owned(),
            y_label_width: 72,
            x_ticks: &date_ticks,
            y_ticks: &count_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        let right = n as f64 - 0.5;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(-0.5, band.low), (right, band.high)],
                FLAGGED.mix(0.15).filled(),
            )))
            .map_err(&error)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(-0.5, band.value), (right, band.value)],
                4,
                4,
                FLAGGED.stroke_width(1),
            ))
            .map_err(&error)?;
        for week in (7..n).step_by(7) {
            let x = week as f64 - 0.5;
            chart
                .draw_series(LineSeries::new(
                    [(x, bottom), (x, top)],
                    MUTED.mix(0.35).stroke_width(2),
                ))
                .map_err(&error)?;
        }
        if let Some(c) = capacity {
            chart
                .draw_series(DashedLineSeries::new(
                    [(-0.5, c), (right, c)],
                    8,
                    5,
                    INK.stroke_width(2),
                ))
                .map_err(&error)?;
        }
        let line = days.iter().enumerate().map(|(i, d)| (i as f64, d.flagged));
        chart
            .draw_series(LineSeries::new(line.clone(), FLAGGED.stroke_width(2)))
            .map_err(&error)?;
        chart
            .draw_series(line.map(|(x, y)| {
                let outside = y > band.high || y < band.low;
                let color = if outside { MISSED } else { FLAGGED };
                Circle::new((x, y), if outside { 5 } else { 3 }, color.filled())
            }))
            .map_err(&error)?;
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
