//! Chart 2: the ROC curve and the precision–recall curve side by side, with the
//! named operating points marked on both.

use plotters::prelude::*;

use super::{
    CAUGHT, ChartError, FLAGGED, FONT, GRID, HEIGHT, INK, MUTED, WIDTH, append_to_svg, chart_error,
    what_if_marker,
};

/// A named point on the curves: (FPR, TPR) and (recall, precision).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CurvePoint {
    pub(crate) label: String,
    pub(crate) roc: (f64, f64),
    pub(crate) precision_recall: Option<(f64, f64)>,
    pub(crate) current: bool,
}

/// How far the ROC panel's x axis runs: three times the largest false-positive rate
/// among the marked points, rounded up to 5 %, at least 10 % — good models hug the
/// left edge and the interesting part would otherwise be a few pixels wide.
pub(crate) fn roc_zoom(points: &[CurvePoint]) -> f64 {
    let widest = points.iter().map(|p| p.roc.0).fold(0.0, f64::max);
    ((widest * 3.0 / 0.05).ceil() * 0.05).clamp(0.1, 1.0)
}

pub(crate) fn rates_chart(
    roc: &[(f64, f64)],
    precision_recall: &[(f64, f64)],
    points: &[CurvePoint],
) -> Result<String, ChartError> {
    let zoom = roc_zoom(points);
    let roc: Vec<(f64, f64)> = roc.iter().copied().take_while(|p| p.0 <= zoom).collect();
    let error = chart_error("ROC and precision-recall");
    let mut svg = String::new();
    let mut marker = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(&error)?;
        let halves = root.split_evenly((1, 2));
        let panels = [
            (
                &halves[0],
                roc.as_slice(),
                FLAGGED,
                "False-positive rate (share of negatives flagged)",
                "True-positive rate (share caught)",
                true,
            ),
            (
                &halves[1],
                precision_recall,
                CAUGHT,
                "Recall (share of positives caught)",
                "Precision (share of flags correct)",
                false,
            ),
        ];
        for (area, curve, color, x_desc, y_desc, is_roc) in panels {
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
            marker.push_str(&what_if_marker(&chart, if is_roc { "roc" } else { "pr" }));
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
            chart
                .draw_series(LineSeries::new(
                    curve.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(&error)?;
            for p in points {
                let at = if is_roc {
                    Some(p.roc).filter(|r| r.0 <= zoom)
                } else {
                    p.precision_recall
                };
                let Some(at) = at else { continue };
                let ink = if p.current { INK } else { MUTED };
                let size = if p.current { 6 } else { 4 };
                chart
                    .draw_series(std::iter::once(Circle::new(at, size, ink.filled())))
                    .map_err(&error)?;
                if p.current {
                    let style = TextStyle::from((FONT, 13).into_font()).color(&INK);
                    let offset = if is_roc {
                        (0.04 * zoom, -0.07)
                    } else {
                        (-0.2, -0.07)
                    };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            p.label.clone(),
                            (at.0 + offset.0, at.1 + offset.1),
                            style,
                        )))
                        .map_err(&error)?;
                }
            }
        }
        root.present().map_err(&error)?;
    }
    append_to_svg(&mut svg, &marker);
    Ok(svg)
}
