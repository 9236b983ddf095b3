//! The release review's two charts: both models' catches against their workload
//! (caught a day against flagged a day, the capacity marked), and both models' ROC
//! and precision–recall curves side by side. The candidate is drawn solid blue, the
//! baseline dashed orange; each model's current operating point is a dot.

use plotters::prelude::*;

use super::{
    Axes, ChartError, CurvePoint, FALSE_ALARMS, FLAGGED, FONT, GRID, HEIGHT, INK, MUTED, WIDTH,
    chart_error, frame, roc_zoom,
};
use crate::present::format;

/// The candidate's colour.
pub(crate) const CANDIDATE: RGBColor = FLAGGED;
/// The baseline's colour (Okabe–Ito orange).
pub(crate) const BASELINE: RGBColor = FALSE_ALARMS;

/// One model's curves and marked points for the comparison charts.
pub(crate) struct ModelSeries<'a> {
    pub(crate) workload: &'a [(f64, f64)],
    pub(crate) roc: &'a [(f64, f64)],
    pub(crate) precision_recall: &'a [(f64, f64)],
    /// Its operating points: (flagged, caught) a day and the ROC/PR positions.
    pub(crate) points: Vec<((f64, f64), CurvePoint)>,
}

fn line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, super::Plane>,
    points: &[(f64, f64)],
    color: RGBColor,
    dashed: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let points = points.iter().copied();
    if dashed {
        chart.draw_series(DashedLineSeries::new(points, 7, 4, color.stroke_width(3)))?;
    } else {
        chart.draw_series(LineSeries::new(points, color.stroke_width(3)))?;
    }
    Ok(())
}

/// Caught a day against flagged a day for both models, up to `window` flagged a
/// day, with the capacity as a dashed vertical line and each model's matched points
/// as dots.
pub(crate) fn workload_chart(
    candidate: &ModelSeries,
    baseline: &ModelSeries,
    window: f64,
    positives_per_day: f64,
    capacity: Option<f64>,
) -> Result<String, ChartError> {
    let error = chart_error("workload");
    let clip = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
        // The curve's last point may lie past the window: cut it at the edge.
        let mut kept: Vec<(f64, f64)> = Vec::new();
        for &(x, y) in points {
            match kept.last() {
                Some(&(px, py)) if x > window => {
                    let share = if x > px {
                        (window - px) / (x - px)
                    } else {
                        0.0
                    };
                    kept.push((window, py + share * (y - py)));
                    break;
                }
                _ => kept.push((x, y)),
            }
        }
        kept
    };
    let highest = clip(candidate.workload)
        .iter()
        .chain(&clip(baseline.workload))
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let y_max = (highest * 1.1).min(positives_per_day * 1.04).max(1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let ticks = |v: &f64| format::count(*v);
        let axes = Axes {
            x: 0.0..window,
            y: 0.0..y_max,
            x_title: "Cases flagged a day".to_owned(),
            y_title: "Positives caught a day".to_owned(),
            y_label_width: 64,
            x_ticks: &ticks,
            y_ticks: &ticks,
        };
        let mut chart = frame(&root, &axes).map_err(&error)?;
        // Every positive of a day: no model catches more.
        if positives_per_day <= y_max {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, positives_per_day), (window, positives_per_day)],
                    3,
                    4,
                    MUTED.stroke_width(1),
                ))
                .map_err(&error)?;
        }
        if let Some(c) = capacity.filter(|c| *c <= window) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(c, 0.0), (c, y_max)],
                    8,
                    5,
                    INK.stroke_width(2),
                ))
                .map_err(&error)?;
            let style = TextStyle::from((FONT, 13).into_font()).color(&INK);
            chart
                .draw_series(std::iter::once(Text::new(
                    format!(" capacity {} a day", format::count(c)),
                    (c, y_max * 0.08),
                    style,
                )))
                .map_err(&error)?;
        }
        for (series, color, dashed) in [(baseline, BASELINE, true), (candidate, CANDIDATE, false)] {
            line(&mut chart, &clip(series.workload), color, dashed).map_err(&error)?;
            for ((x, y), _) in series.points.iter().filter(|(p, _)| p.0 <= window) {
                chart
                    .draw_series(std::iter::once(Circle::new((*x, *y), 5, color.filled())))
                    .map_err(&error)?;
            }
        }
        root.present().map_err(&error)?;
    }
    Ok(svg)
}

/// Both models' ROC curves (left, zoomed as the single-model chart is) and
/// precision–recall curves (right), each model's operating points as dots.
pub(crate) fn compared_rates_chart(
    candidate: &ModelSeries,
    baseline: &ModelSeries,
) -> Result<String, ChartError> {
    let error = chart_error("compared ROC and precision-recall");
    let all: Vec<CurvePoint> = candidate
        .points
        .iter()
        .chain(&baseline.points)
        .map(|(_, p)| p.clone())
        .collect();
    let zoom = roc_zoom(&all);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&error)?;
        let halves = root.split_evenly((1, 2));
        for (area, is_roc) in [(&halves[0], true), (&halves[1], false)] {
            let (x_desc, y_desc) = if is_roc {
                (
                    "False-positive rate (share of negatives flagged)",
                    "True-positive rate (share caught)",
                )
            } else {
                (
                    "Recall (share of positives caught)",
                    "Precision (share of flags correct)",
                )
            };
            let mut chart = ChartBuilder::on(area)
                .margin_top(16)
                .margin_right(20)
                .x_label_area_size(48)
                .y_label_area_size(60)
                .build_cartesian_2d(0.0..if is_roc { zoom } else { 1.0 }, 0.0..1.02)
                .map_err(&error)?;
            chart
                .configure_mesh()
                .x_desc(x_desc)
                .y_desc(y_desc)
                .axis_desc_style((FONT, 14))
                .label_style((FONT, 13))
                .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
                .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
                .light_line_style(WHITE)
                .bold_line_style(GRID)
                .draw()
                .map_err(&error)?;
            if is_roc {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(0.0, 0.0), (zoom, zoom)],
                        4,
                        4,
                        MUTED.stroke_width(1),
                    ))
                    .map_err(&error)?;
            }
            for (series, color, dashed) in
                [(baseline, BASELINE, true), (candidate, CANDIDATE, false)]
            {
                let curve: Vec<(f64, f64)> = if is_roc {
                    series
                        .roc
                        .iter()
                        .copied()
                        .take_while(|p| p.0 <= zoom)
                        .collect()
                } else {
                    series.precision_recall.to_vec()
                };
                line(&mut chart, &curve, color, dashed).map_err(&error)?;
                for (_, p) in &series.points {
                    let at = if is_roc {
                        Some(p.roc).filter(|r| r.0 <= zoom)
                    } else {
                        p.precision_recall
                    };
                    if let Some(at) = at {
                        chart
                            .draw_series(std::iter::once(Circle::new(at, 5, color.filled())))
                            .map_err(&error)?;
                    }
                }
            }
        }
        root.present().map_err(&error)?;
    }
    Ok(svg)
}
