//! The chart views of the page: each chart's SVG, title, HTML legend and the one
//! sentence that says what to read from it.

use super::views::capitalise;
use super::{ChartView, LegendItem};
use crate::calibration::Calibration;
use crate::charts::{self, CurvePoint, Marker, css};
use crate::curves::{Count, Curves};
use crate::format::{self, count, percent, percent_range, plural};
use crate::interval::Estimate;
use crate::report::Report;

fn markers(report: &Report) -> Vec<Marker> {
    report
        .operating_points
        .iter()
        .filter(|p| p.target.is_none())
        .map(|p| Marker {
            label: format!("{} {}", p.name, format::threshold(p.threshold)),
            threshold: p.threshold,
            current: p.name == "current",
        })
        .collect()
}

pub(super) fn chart_views(
    report: &Report,
    curves: &Curves,
) -> Result<Vec<ChartView>, charts::ChartError> {
    let b = &report.business;
    let markers = markers(report);
    let current = report.operating_points.first();
    let mut views = Vec::new();

    // Cut the axis where the interesting part ends, never below capacity or the
    // named points' flags.
    let named_max = report
        .operating_points
        .iter()
        .map(|p| p.per_day.flagged.high)
        .fold(0.0, f64::max);
    let y_max = (named_max * 1.6)
        .max(b.capacity_per_day.unwrap_or(0.0) * 1.3)
        .min(b.volume_per_day)
        .max(1.0);
    let mut legend: Vec<LegendItem> = Count::ALL
        .iter()
        .map(|&c| LegendItem {
            label: format!("{} per day", capitalise(&c.key().replace('_', " "))),
            color: css(charts::count_color(c)),
            shape: "line",
        })
        .collect();
    legend.push(LegendItem {
        label: "95% range".into(),
        color: "#999999".into(),
        shape: "band",
    });
    if b.capacity_per_day.is_some() {
        legend.push(LegendItem {
            label: "Review capacity".into(),
            color: css(charts::INK),
            shape: "dashed",
        });
    }
    legend.push(LegendItem {
        label: "Current threshold".into(),
        color: css(charts::INK),
        shape: "line",
    });
    legend.push(LegendItem {
        label: "Candidate thresholds".into(),
        color: css(charts::MUTED),
        shape: "dashed",
    });
    let cut = if y_max < b.volume_per_day {
        format!(
            " The axis stops at {} a day; lines that run off the top keep rising towards the full volume of {}.",
            count(y_max),
            count(b.volume_per_day)
        )
    } else {
        String::new()
    };
    views.push(ChartView {
        id: "chart-per-day",
        title: "What each threshold means per day".into(),
        chart_svg: charts::per_day_chart(&curves.grid, &markers, b.capacity_per_day, y_max)?,
        caption: format!(
            "Raising the threshold (moving right) flags fewer {} and raises the number missed; the shaded bands are 95% ranges.{cut}",
            plural(&b.negative, 2.0)
        ),
        legend,
    });

    let points: Vec<CurvePoint> = report
        .operating_points
        .iter()
        .map(|p| CurvePoint {
            label: format!("{} {}", p.name, format::threshold(p.threshold)),
            roc: (
                p.counts.false_positive_rate().unwrap_or(0.0),
                p.counts.true_positive_rate().unwrap_or(0.0),
            ),
            precision_recall: p
                .counts
                .precision()
                .map(|pr| (p.counts.true_positive_rate().unwrap_or(0.0), pr)),
            current: p.name == "current",
        })
        .collect();
    let zoom = charts::roc_zoom(&points);
    let zoom_note = if zoom < 1.0 {
        format!(
            ", zoomed to the first {} of false alarms where the thresholds of interest lie",
            percent(zoom).replace(".0%", "%")
        )
    } else {
        String::new()
    };
    let auc = report
        .metrics
        .roc_auc
        .map_or_else(|| "–".to_owned(), |a| format!("{a:.3}"));
    let ap = report
        .metrics
        .average_precision
        .map_or_else(|| "–".to_owned(), |a| format!("{a:.3}"));
    views.push(ChartView {
        id: "chart-rates",
        title: "How well the model separates the two classes".into(),
        chart_svg: charts::rates_chart(&curves.roc, &curves.precision_recall, &points)?,
        caption: format!(
            "Left: share of {} caught against share of {} flagged{} (ROC AUC {auc}; 0.5 is guessing, 1 is perfect). Right: precision on the evaluation set against the share caught (average precision {ap}). Dots mark the thresholds in the table.",
            plural(&b.positive, 2.0),
            plural(&b.negative, 2.0),
            zoom_note
        ),
        legend: vec![
            LegendItem { label: "ROC curve".into(), color: css(charts::FLAGGED), shape: "line" },
            LegendItem { label: "Precision–recall curve".into(), color: css(charts::CAUGHT), shape: "line" },
            LegendItem { label: "Current threshold".into(), color: css(charts::INK), shape: "dot" },
            LegendItem { label: "Other thresholds".into(), color: css(charts::MUTED), shape: "dot" },
        ],
    });

    let current_label = current.map_or_else(String::new, |c| format::threshold(c.threshold));
    views.push(ChartView {
        id: "chart-scores",
        title: "Where the scores fall".into(),
        chart_svg: charts::distribution_chart(&curves.histogram, &markers)?,
        caption: format!(
            "Each class's scores as shares of that class. {} to the right of the threshold line ({current_label}) are false alarms; {} to its left are misses.",
            capitalise(&plural(&b.negative, 2.0)),
            plural(&b.positive, 2.0)
        ),
        legend: vec![
            LegendItem { label: capitalise(&plural(&b.negative, 2.0)), color: css(charts::FLAGGED), shape: "band" },
            LegendItem { label: capitalise(&plural(&b.positive, 2.0)), color: css(charts::MISSED), shape: "band" },
            LegendItem { label: "Current threshold".into(), color: css(charts::INK), shape: "line" },
        ],
    });

    if !report.days.is_empty() {
        let mut legend = vec![
            LegendItem {
                label: "Flagged".into(),
                color: css(charts::FLAGGED),
                shape: "line",
            },
            LegendItem {
                label: "Caught".into(),
                color: css(charts::CAUGHT),
                shape: "line",
            },
            LegendItem {
                label: "Missed".into(),
                color: css(charts::MISSED),
                shape: "line",
            },
        ];
        if b.capacity_per_day.is_some() {
            legend.push(LegendItem {
                label: "Review capacity".into(),
                color: css(charts::INK),
                shape: "dashed",
            });
        }
        views.push(ChartView {
            id: "chart-days",
            title: "Day by day through the evaluation period".into(),
            chart_svg: charts::days_chart(&report.days, b.capacity_per_day)?,
            caption: days_sentence(report),
            legend,
        });
    }

    if let Some(calibration) = &report.calibration {
        views.push(ChartView {
            id: "chart-calibration",
            title: "Can a score be read as a probability?".into(),
            chart_svg: charts::calibration_chart(calibration)?,
            caption: calibration_sentence(calibration, b),
            legend: vec![
                LegendItem {
                    label: "Share positive in each score bin, with its 95% range".into(),
                    color: css(charts::FLAGGED),
                    shape: "dot",
                },
                LegendItem {
                    label: "Perfect calibration".into(),
                    color: css(charts::MUTED),
                    shape: "dashed",
                },
            ],
        });
    }

    if b.costs.is_some() {
        let costs: Vec<(f64, Estimate)> = curves
            .grid
            .iter()
            .filter_map(|(t, d)| Some((*t, d.cost?)))
            .collect();
        // The exact cheapest threshold when the context asks for it (every distinct
        // score checked), else the cheapest point of the plotted grid.
        let exact = report
            .operating_points
            .iter()
            .find(|p| p.target == Some(crate::targets::Target::MinCost))
            .and_then(|p| Some((p.threshold, p.per_day.cost?)));
        let cheapest = exact.or_else(|| {
            costs
                .iter()
                .copied()
                .min_by(|a, b| a.1.value.total_cmp(&b.1.value))
        });
        let cheapest_text = cheapest.map_or_else(String::new, |(t, e)| {
            format!(
                " The cheapest threshold is {} at {} a day.",
                format::threshold(t),
                format::money(e.value, b.currency.as_deref())
            )
        });
        views.push(ChartView {
            id: "chart-cost",
            title: "What each threshold costs per day".into(),
            chart_svg: charts::cost_chart(&costs, &markers, b.currency.as_deref())?,
            caption: format!(
                "Reviews, misses and catches priced with the context's costs{}.{cheapest_text}",
                cost_columns_text(report)
            ),
            legend: vec![
                LegendItem {
                    label: "Cost per day".into(),
                    color: css(charts::INK),
                    shape: "line",
                },
                LegendItem {
                    label: "95% range".into(),
                    color: "#999999".into(),
                    shape: "band",
                },
            ],
        });
    }
    Ok(views)
}

/// The busiest and quietest day and the weekday pattern, in words.
fn days_sentence(report: &Report) -> String {
    let days = &report.days;
    let by_flags = |a: &&crate::days::Day, b: &&crate::days::Day| a.flagged.total_cmp(&b.flagged);
    let (Some(busiest), Some(quietest)) =
        (days.iter().max_by(by_flags), days.iter().min_by(by_flags))
    else {
        return String::new();
    };
    let day = |d: &crate::days::Day| d.date.format("%a %-d %b").to_string();
    let offset = match report.timezone {
        crate::zone::Zone::Named(_) => format!("in {}", report.timezone.describe()),
        crate::zone::Zone::Fixed(_) => report.timezone.describe(),
    };
    let mut text = format!(
        "Each evaluation day's rates applied to a production day of {} cases (days cut at midnight {offset}). Busiest: {} with {} flagged; quietest: {} with {}.",
        count(report.production.volume_per_day),
        day(busiest),
        count(busiest.flagged),
        day(quietest),
        count(quietest.flagged),
    );
    let weekdays = crate::days::flagged_by_weekday(days);
    let known: Vec<(usize, f64)> = weekdays
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)?)))
        .collect();
    if known.len() == 7 {
        let mean = known.iter().map(|(_, v)| v).sum::<f64>() / 7.0;
        let names = [
            "Mondays",
            "Tuesdays",
            "Wednesdays",
            "Thursdays",
            "Fridays",
            "Saturdays",
            "Sundays",
        ];
        if let Some((i, v)) = known.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            text.push_str(&format!(
                " Flags are highest on {} ({} above the weekly average).",
                names[*i],
                percent((v - mean) / mean.max(1e-9))
            ));
        }
    }
    if let Some(capacity) = report.business.capacity_per_day {
        let over = days.iter().filter(|d| d.flagged > capacity).count();
        text.push_str(&format!(
            " {} of {} days would have overflowed the review capacity.",
            over,
            days.len()
        ));
    }
    let mean_cases = days.iter().map(|d| d.cases).sum::<f64>() / days.len() as f64;
    text.push_str(&format!(
        " Each day rests on about {} evaluation cases, so part of the day-to-day spread is chance.",
        count(mean_cases)
    ));
    text
}

/// Whether "score 0.8" means "80% likely", in words, with the Brier score.
fn calibration_sentence(calibration: &Calibration, b: &crate::context::Business) -> String {
    let brier = format!("Brier score {:.4} (0 is perfect).", calibration.brier_score);
    // The bin holding 0.8 answers "may 0.8 be read as 80%?"; else the highest bin.
    let solid: Vec<_> = calibration
        .bins
        .iter()
        .filter(|bin| bin.cases >= 30.0)
        .collect();
    let high = solid
        .iter()
        .find(|bin| bin.from <= 0.8 && 0.8 < bin.to)
        .or(solid.last())
        .copied();
    if calibration.reads_as_probability() {
        format!(
            "The dots sit on the diagonal within their ranges: a score of 0.8 can be read as about an 80% chance of a {}. {brier}",
            b.positive
        )
    } else if let Some(bin) = high {
        format!(
            "The dots leave the diagonal: read scores as a ranking, not as probabilities. Of the cases scoring {}–{} (mean {:.2}), {} were {} ({}). {brier}",
            format::threshold(bin.from),
            format::threshold(bin.to),
            bin.mean_score,
            percent(bin.observed.value),
            plural(&b.positive, 2.0),
            percent_range(bin.observed.low, bin.observed.high)
        )
    } else {
        format!("Too few cases per score bin to judge calibration. {brier}")
    }
}

/// ", a miss costing the case's own “amount”" when costs come from columns.
fn cost_columns_text(report: &Report) -> String {
    let columns = &report.business.cost_columns;
    let parts: Vec<String> = [
        ("a false alarm", &columns.false_positive),
        ("a miss", &columns.false_negative),
        ("a catch", &columns.true_positive),
    ]
    .into_iter()
    .filter_map(|(what, column)| Some(format!("{what} costing the case's own “{}”", column.as_ref()?)))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(" and "))
    }
}
