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
    /// The number written beside a dot other than the current one, which the
    /// chart's legend names ("2 · Capacity (500 a day) 0.47"); `None`: no number.
    pub(crate) number: Option<usize>,
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
            // The dots, the current one's label, then each other dot's number at the
            // first free place around it (issue 24: no unlabelled dots, no two
            // labels on top of each other).
            let mut taken: Vec<LabelBox> = Vec::new();
            let mut numbers: Vec<((i32, i32), String)> = Vec::new();
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
                let (x, y) = chart.backend_coord(&at);
                taken.push(LabelBox::around((x, y), size));
                if p.current {
                    let style = TextStyle::from((FONT, 13).into_font()).color(&INK);
                    let offset = if is_roc {
                        (0.04 * zoom, -0.07)
                    } else {
                        (-0.2, -0.07)
                    };
                    let place = (at.0 + offset.0, at.1 + offset.1);
                    let (lx, ly) = chart.backend_coord(&place);
                    taken.push(LabelBox::text((lx, ly), &p.label, 13));
                    chart
                        .draw_series(std::iter::once(Text::new(p.label.clone(), place, style)))
                        .map_err(&error)?;
                } else if let Some(number) = p.number {
                    numbers.push(((x, y), number.to_string()));
                }
            }
            let style = TextStyle::from((FONT, 12).into_font()).color(&INK);
            for ((x, y), text) in numbers {
                let place = NUMBER_PLACES
                    .iter()
                    .map(|(dx, dy)| (x + dx, y + dy))
                    .find(|&at| {
                        let label = LabelBox::text(at, &text, 12);
                        !taken.iter().any(|t| t.overlaps(&label))
                    })
                    .unwrap_or((x + NUMBER_PLACES[0].0, y + NUMBER_PLACES[0].1));
                taken.push(LabelBox::text(place, &text, 12));
                root.draw(&Text::new(text, place, style.clone()))
                    .map_err(&error)?;
            }
        }
        root.present().map_err(&error)?;
    }
    append_to_svg(&mut svg, &marker);
    Ok(svg)
}

/// Where a dot's number may go, in pixels from the dot's centre to the text's top
/// left corner, nearest first: right, left, above, below, then further out.
const NUMBER_PLACES: [(i32, i32); 12] = [
    (6, -16),
    (-14, -16),
    (6, 3),
    (-14, 3),
    (-4, -22),
    (-4, 8),
    (14, -7),
    (-22, -7),
    (12, -28),
    (-20, -28),
    (12, 14),
    (-20, 14),
];

/// A label's or a dot's box on the chart, in pixels.
#[derive(Debug, Clone, Copy)]
struct LabelBox {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl LabelBox {
    /// A dot of `radius` around `centre`.
    fn around(centre: (i32, i32), radius: i32) -> Self {
        LabelBox {
            left: centre.0 - radius,
            top: centre.1 - radius,
            right: centre.0 + radius,
            bottom: centre.1 + radius,
        }
    }

    /// Text of `size` px with its top left at `at` (about 0.6 of the size a character).
    fn text(at: (i32, i32), text: &str, size: i32) -> Self {
        let width = (text.chars().count() as i32 * size * 6 + 9) / 10;
        LabelBox {
            left: at.0,
            top: at.1,
            right: at.0 + width,
            bottom: at.1 + size,
        }
    }

    fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}
