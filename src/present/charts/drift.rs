//! Monitoring chart: the score distributions of the evaluation (reweighted to the
//! assumed production mix) and of production, as shares of cases in the chart's bins
//! (`stats::drift::chart_bins`: the evaluation's deciles far from the threshold,
//! finer bins around it, the threshold an edge drawn as a dashed line), with each
//! week's shares as dots.

use plotters::prelude::*;

use super::{Axes, ChartError, FLAGGED, HEIGHT, INK, MUTED, WIDTH, chart_error, frame};

/// The colours of the weeks' dots, in order (Okabe–Ito: orange, reddish purple,
/// vermillion, bluish green, black, yellow), repeating; none is the bars' blue.
pub(crate) const WEEK_COLORS: [RGBColor; 6] = [
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// `edge_labels` name the bins' inner edges (bin k runs from edge k−1 to edge k);
/// `reference` and `production` are the bins' shares, `weeks` each week's;
/// `threshold_edge` is the index of the edge that is the threshold.
pub(crate) fn drift_chart(
    edge_labels: &[String],
    reference: &[f64],
    production: &[f64],
    weeks: &[Vec<f64>],
    threshold_edge: Option<usize>,
) -> Result<String, ChartError> {
    let error = chart_error("score drift");
    let bins = reference.len();
    if bins == 0 || production.len() != bins {
        return Ok(String::new());
    }
    let tallest = reference
        .iter()
        .chain(production)
        .chain(weeks.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let edge_ticks = |v: &f64| {
            let i = v.round();
            if (v - i).abs() > 1e-9 || i < 1.0 {
                return String::new();
            }
            edge_labels.get(i as usize - 1).cloned().unwrap_or_default()
        };
        let percent_ticks = |v: &f64| format!("{:.0}%", v * 100.0);
        let axes = Axes {
            x: 0.0..bins as f64,
            y: 0.0..(tallest * 1.15).max(0.01),
            x_title: "Score bins (edges shown, each closed on the left; dashed: the threshold)"
                .to_owned(),
            y_title: "Share of cases".to_owned(),
            y_label_width: 64,
            x_ticks: &edge_ticks,
            y_ticks: &percent_ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        for (offset, shares, color) in [(0.1, reference, MUTED), (0.5, production, FLAGGED)] {
            chart
                .draw_series(shares.iter().enumerate().map(|(k, &share)| {
                    let x = k as f64 + offset;
                    Rectangle::new([(x, 0.0), (x + 0.4, share)], color.mix(0.55).filled())
                }))
                .map_err(&error)?;
        }
        if let Some(k) = threshold_edge {
            let x = k as f64 + 1.0;
            chart
                .draw_series(DashedLineSeries::new(
                    [(x, 0.0), (x, (tallest * 1.15).max(0.01))],
                    6,
                    4,
                    INK.stroke_width(2),
                ))
                .map_err(&error)?;
        }
        for (w, shares) in weeks.iter().enumerate() {
            let color = WEEK_COLORS[w % WEEK_COLORS.len()];
            let x_of = |k: usize| k as f64 + 0.55 + 0.3 * (w as f64 + 0.5) / weeks.len() as f64;
            chart
                .draw_series(
                    shares
                        .iter()
                        .enumerate()
                        .map(|(k, &share)| Circle::new((x_of(k), share), 4, color.filled())),
                )
                .map_err(&error)?;
        }
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
