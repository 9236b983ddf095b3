//! The chart views of the page: each chart's SVG, title, HTML legend and the one
//! sentence that says what to read from it.

use super::{ChartView, LegendItem};
use crate::input::context::Business;
use crate::input::context::Noun;
use crate::model::curves::{Count, Curves};
use crate::model::report::{OperatingPoint, PointKind, Report};
use crate::present::charts::{self, CurvePoint, Marker, css};
use crate::present::format::{self, ShownThresholds, count, percent, percent_range};
use crate::present::sentences::{capitalise, cases_of};
use crate::stats::calibration::{Calibration, Verdict};
use crate::stats::days::{Coverage, Day};
use crate::stats::interval::Estimate;
use crate::stats::zone::Zone;

/// The point's name beside its threshold on a chart: "current 0.50".
fn marker_label(point: &OperatingPoint, thresholds: &ShownThresholds) -> String {
    format!("{} {}", point.kind.name(), thresholds.show(point.threshold))
}

/// A class as a legend names it: "Valid transactions", or the label as written.
fn legend_name(noun: &Noun) -> String {
    capitalise(noun.other().unwrap_or(noun.one()))
}

fn markers(report: &Report, thresholds: &ShownThresholds) -> Vec<Marker> {
    report
        .operating_points()
        .filter(|p| p.kind.target().is_none())
        .map(|p| Marker {
            label: marker_label(p, thresholds),
            threshold: p.threshold,
            current: p.kind == PointKind::Current,
        })
        .collect()
}

pub(super) fn chart_views(
    report: &Report,
    curves: &Curves,
    thresholds: &ShownThresholds,
) -> Result<Vec<ChartView>, charts::ChartError> {
    let b = &report.business;
    let markers = markers(report, thresholds);
    let current = Some(&report.current);
    let mut views = Vec::new();

    // Cut the axis where the interesting part ends, never below capacity or the
    // named points' flags.
    let named_max = report
        .operating_points()
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
            label: crate::present::sentences::capacity_label(b),
            color: css(charts::INK),
            shape: "dashed",
        });
    }
    legend.push(LegendItem {
        label: "Current threshold".into(),
        color: css(charts::INK),
        shape: "line",
    });
    // Only when the chart draws one (issue 24: no legend entry for what is not there).
    if markers.iter().any(|m| !m.current) {
        legend.push(LegendItem {
            label: "Candidate thresholds".into(),
            color: css(charts::MUTED),
            shape: "dashed",
        });
    }
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
            cases_of(&b.negative)
        ),
        legend,
    });

    // Every dot but the current one gets a number, one per distinct threshold, and
    // the legend names it (issue 24: no unlabelled dots).
    let mut numbered: Vec<(f64, Vec<String>)> = Vec::new();
    for p in report
        .operating_points()
        .filter(|p| p.kind != PointKind::Current)
    {
        let name = super::points::point_names(p).0;
        match numbered.iter_mut().find(|(t, _)| *t == p.threshold) {
            Some((_, names)) => names.push(name),
            None => numbered.push((p.threshold, vec![name])),
        }
    }
    let number_of = |p: &OperatingPoint| {
        (p.kind != PointKind::Current)
            .then(|| numbered.iter().position(|(t, _)| *t == p.threshold))
            .flatten()
            .map(|i| i + 1)
    };
    let points: Vec<CurvePoint> = report
        .operating_points()
        .map(|p| CurvePoint {
            label: marker_label(p, thresholds),
            roc: (
                p.counts.false_positive_rate().unwrap_or(0.0),
                p.counts.true_positive_rate().unwrap_or(0.0),
            ),
            precision_recall: p
                .counts
                .precision()
                .map(|pr| (p.counts.true_positive_rate().unwrap_or(0.0), pr)),
            current: p.kind == PointKind::Current,
            number: number_of(p),
        })
        .collect();
    let dots = if numbered.is_empty() {
        "The dot marks the current threshold."
    } else {
        "Dots mark the thresholds in the table; the legend names each numbered one."
    };
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
            "Left: share of {} caught against share of {} flagged{} (ROC AUC {auc}; 0.5 is guessing, 1 is perfect). Right: precision on the evaluation set against the share caught (average precision {ap}). {dots}",
            cases_of(&b.positive),
            cases_of(&b.negative),
            zoom_note
        ),
        legend: vec![
            LegendItem { label: "ROC curve".into(), color: css(charts::FLAGGED), shape: "line" },
            LegendItem { label: "Precision–recall curve".into(), color: css(charts::CAUGHT), shape: "line" },
            LegendItem { label: "Current threshold".into(), color: css(charts::INK), shape: "dot" },
        ]
        .into_iter()
        .chain(numbered.iter().enumerate().map(|(i, (t, names))| LegendItem {
            label: format!("{} · {} {}", i + 1, names.join("; "), thresholds.show(*t)),
            color: css(charts::MUTED),
            shape: "dot",
        }))
        .collect(),
    });

    let current_label = current.map_or_else(String::new, |c| thresholds.show(c.threshold));
    views.push(ChartView {
        id: "chart-scores",
        title: "Where the scores fall".into(),
        chart_svg: charts::distribution_chart(&curves.histogram, &markers)?,
        caption: format!(
            "Each class's scores as shares of that class. {} to the right of the threshold line ({current_label}) are false alarms; {} to its left are misses.",
            capitalise(&cases_of(&b.negative)),
            cases_of(&b.positive)
        ),
        legend: vec![
            LegendItem { label: legend_name(&b.negative), color: css(charts::FLAGGED), shape: "band" },
            LegendItem { label: legend_name(&b.positive), color: css(charts::MISSED), shape: "band" },
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
                label: crate::present::sentences::capacity_label(b),
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
        let cheapest_text = curves.cheapest(report).map_or_else(String::new, |(t, e)| {
            format!(
                " The cheapest threshold is {} at {} a day.",
                thresholds.show(t),
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
    let Some(summary) = &report.days_summary else {
        return String::new();
    };
    let (busiest, quietest) = (&days[summary.busiest], &days[summary.quietest]);
    let day = |d: &Day| d.date.format("%a %-d %b").to_string();
    let offset = match report.timezone {
        Zone::Named(_) => format!("in {}", report.timezone.describe()),
        Zone::Fixed(_) => report.timezone.describe(),
    };
    let mut text = format!(
        "Each evaluation day's rates applied to a production day of {} cases (days cut at midnight {offset}). Busiest: {} with {} flagged; quietest: {} with {}.",
        count(report.workload.volume_per_day),
        day(busiest),
        format::per_day(busiest.flagged),
        day(quietest),
        format::per_day(quietest.flagged),
    );
    match &summary.weekday_test {
        Some(test) if test.is_pattern() => text.push_str(&format!(
            " Flags are highest on {} ({} above the average weekday), and the weekdays differ beyond the day-to-day noise ({}).",
            WEEKDAYS[test.peak],
            percent(test.peak_above),
            weekday_test_words(test)
        )),
        Some(test) if test.p_value < crate::stats::days::WEEKDAY_ALPHA => {
            text.push_str(&format!(
                " No weekday pattern worth planning for: {} flag {} above the average weekday, beyond the day-to-day noise but small ({}).",
                WEEKDAYS[test.peak],
                percent(test.peak_above),
                weekday_test_words(test)
            ));
        }
        Some(test) => text.push_str(&format!(
            " No weekday pattern: {}, the busiest weekday, flag {} above the average weekday, within the day-to-day noise ({}).",
            WEEKDAYS[test.peak],
            percent(test.peak_above),
            weekday_test_words(test)
        )),
        None => {}
    }
    if let Some(over) = summary.days_over_capacity {
        text.push_str(&format!(
            " {} of {} days would have gone over the capacity.",
            over,
            days.iter()
                .filter(|d| d.coverage == Coverage::Whole)
                .count()
        ));
    }
    let partial: Vec<String> = days
        .iter()
        .filter_map(|d| match d.coverage {
            Coverage::Partial(share) => Some(format!("{} ({} of it)", day(d), percent(share))),
            Coverage::Whole | Coverage::Empty => None,
        })
        .collect();
    if !partial.is_empty() {
        text.push_str(&format!(
            " The evaluation covers only part of {}: shown, but not counted as a busy or quiet day.",
            partial.join(" and ")
        ));
    }
    text.push_str(&format!(
        " Each day rests on about {} evaluation cases, so part of the day-to-day spread is chance.",
        count(summary.mean_cases)
    ));
    text
}

/// "one-way analysis of variance of 30 days' flags by weekday: F = 0.91, p = 0.51;
/// a pattern needs p < 0.05 and a weekday 10% above the average".
fn weekday_test_words(test: &crate::stats::days::WeekdayTest) -> String {
    format!(
        "one-way analysis of variance of {} days' flags by weekday: F = {:.2}, {}; a pattern needs p < {} and a weekday at least {} above the average",
        test.days,
        test.f_statistic,
        crate::present::monitoring::p_value(test.p_value),
        crate::stats::days::WEEKDAY_ALPHA,
        percent(crate::stats::days::WEEKDAY_MIN_ABOVE),
    )
}

const WEEKDAYS: [&str; 7] = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
];

/// Whether "score 0.8" means "80% likely", in words, with the Brier score.
fn calibration_sentence(calibration: &Calibration, b: &Business) -> String {
    let brier = format!("Brier score {:.4} (0 is perfect).", calibration.brier_score);
    let high = calibration.bin_to_quote();
    let (verdict, gap) = calibration.verdict();
    let gap = gap.map_or_else(String::new, |g| format!("{:.1}", g * 100.0));
    let margin = format!("{:.0}", crate::stats::calibration::MARGIN * 100.0);
    if verdict == Verdict::Calibrated {
        format!(
            "The dots sit within {margin} points of the diagonal (the largest gap is {gap} points): a score can be read as a probability — of 100 cases scoring 0.8, about 80 are {}. {brier}",
            cases_of(&b.positive)
        )
    } else if let (Verdict::Miscalibrated, Some(bin)) = (verdict, high) {
        format!(
            "The dots leave the diagonal by more than chance and more than {margin} points (the largest gap is {gap} points): read scores as a ranking, not as probabilities. Of the cases scoring {}–{} (mean {}), {} were {} ({}). {brier}",
            format::threshold(bin.from),
            format::threshold(bin.to),
            format::threshold(bin.mean_score),
            percent(bin.observed.value),
            cases_of(&b.positive),
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
    .filter_map(|(what, column)| {
        Some(format!(
            "{what} costing the case's own “{}”",
            column.as_ref()?
        ))
    })
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(" and "))
    }
}
