//! From the report model to the page's view structs: all wording and number
//! formatting for the page happens here (through `crate::present::format`).

use chrono::DateTime;

use super::points::{money_range, overflow_verdict, point_row, range};
use super::*;
use crate::model::curves::{Count, Curves, count_of};
use crate::model::mistakes::Mistakes;
use crate::model::release::Release;
use crate::model::report::{OperatingPoint, Report, Scenario, Varied};
use crate::present::charts::{self, css};
use crate::present::decision::decision_text;
use crate::present::format::{
    self, ShownThresholds, count, per_day, percent, percent_range, percents,
};
use crate::present::narrative::render_narrative_html;
use crate::present::sentences::{
    Part, capitalise, cases_of, headline_parts, meeting_part, noun_for, plain, scenario_label,
};
use crate::stats::interval::Estimate;
use crate::stats::segments::{Breakdown, SegmentRow};

/// Builds the page from everything the report says.
pub(crate) fn build_page(
    report: &Report,
    curves: &Curves,
    mistakes: &Mistakes,
    meeting_points: &[OperatingPoint],
    show: &[String],
    release: &Release,
) -> Result<ReportPage, charts::ChartError> {
    let business = &report.business;
    let files = &release.provenance.inputs;
    let version = release.provenance.tool_version.as_str();
    let (provenance, provenance_git) =
        super::comparison_views::provenance_facts(&release.provenance);
    let current = Some(&report.current);
    // Every threshold the page can show, so each reads differently from its neighbours.
    let thresholds = crate::present::decision::shown_thresholds(report, meeting_points);
    let thresholds = &thresholds;
    let mut byline: Vec<String> = report.model.iter().chain(&report.owner).cloned().collect();
    byline.push(report.date.format("%-d %B %Y").to_string());
    Ok(ReportPage {
        title: report.title.clone(),
        byline: byline.join(" · "),
        rests_on: rests_on(report),
        decision: report.decision.as_ref().map(|d| {
            let text = decision_text(d, business, thresholds);
            DecisionView {
                class: if text.conflicted { "conflict" } else { "choose" },
                lead: text.lead,
                details: text.details,
            }
        }),
        headline: current.map(|p| vec![headline_parts(p, business, thresholds)]).unwrap_or_default(),
        per_day: current.map(|p| per_day_cards(p, report)).unwrap_or_default(),
        per_day_notes: current.map(|p| per_day_notes(p, report)).unwrap_or_default(),
        prevalence_note: current.and_then(|p| prevalence_note(p, report, thresholds)),
        sensitivity: scenario_rows(report),
        breakdowns: report.segments.iter().map(|b| breakdown_view(b, report)).collect(),
        points: report.operating_points().map(|p| point_row(p, current, report, thresholds)).collect(),
        has_cost: business.costs.is_some(),
        charts: chart_views::chart_views(report, curves, thresholds)?,
        examples: super::example_views::examples_view(mistakes, show, report, thresholds),
        meeting: super::meeting::control(meeting_points, report, thresholds),
        meeting_data: super::meeting::meeting_data(meeting_points, mistakes, show.len(), report, thresholds),
        meeting_cells: super::meeting::cell_keys(business.costs.is_some()),
        narrative_html: report_narrative(report),
        facts: facts(report, thresholds),
        warnings: report.warnings.iter().map(|w| capitalise(&w.to_string()) + ".").collect(),
        reading: vec![
            format!(
                "Every count and rate comes with a range such as “{} missed ({})”, this model's at the current threshold. It is a 95% interval: given how many evaluation cases the number rests on, the model's true average is very likely inside it.",
                crate::present::format::per_day(report.current.per_day.missed.value),
                crate::present::format::per_day_range(
                    report.current.per_day.missed.low,
                    report.current.per_day.missed.high
                )
            ),
            "Few cases give wide ranges; more evaluation data narrows them. The ranges do not include day-to-day swings in volume or in the share of positives, so a single day can fall outside them.".to_owned(),
            "Per-day numbers assume production looks like the business context says: its volume per day and its share of positives.".to_owned(),
        ],
        definitions: definitions(report),
        files: files
            .iter()
            .map(|f| FileRow { role: f.role.clone(), path: f.path.clone(), size: format!("{} bytes", count(f.bytes as f64)), sha256: f.sha256.clone() })
            .collect(),
        comparison: super::comparison_views::comparison_view(release, report, show)?,
        gates: super::comparison_views::gates_view(release, report),
        provenance,
        provenance_git,
        version: version.to_owned(),
        date: report.date.format("%Y-%m-%d").to_string(),
    })
}

/// The thresholds the decision names, so they read apart from the page's others.
fn report_narrative(report: &Report) -> String {
    report
        .narrative
        .as_deref()
        .map(render_narrative_html)
        .unwrap_or_default()
}

fn day(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map_or_else(String::new, |t| t.format("%-d %b %Y").to_string())
}

fn rests_on(report: &Report) -> String {
    let data = &report.data;
    let business = &report.business;
    let (positives, negatives) = (count(data.positives), count(data.negatives));
    let mut text = if business.positive.is_label() || business.negative.is_label() {
        format!(
            "Evaluated on {} cases ({}: {positives}; {}: {negatives})",
            count(data.cases),
            business.positive.one(),
            business.negative.one(),
        )
    } else {
        format!(
            "Evaluated on {} cases: {positives} {} and {negatives} {}",
            count(data.cases),
            noun_for(&business.positive, &positives),
            noun_for(&business.negative, &negatives),
        )
    };
    if let Some((first, last)) = data.period {
        text.push_str(&format!(", from {} to {}", day(first), day(last)));
    }
    if let Some(counted) = &data.counted {
        text.push_str(&format!(
            " (in {} rows, each counting as many cases as its “{}” says)",
            count(counted.rows as f64),
            counted.column
        ));
    }
    if data.weighted {
        text.push_str(" (weighted)");
    }
    text.push('.');
    text
}

fn per_day_cards(point: &OperatingPoint, report: &Report) -> Vec<PerDayCard> {
    let b = &report.business;
    let day = &point.per_day;
    Count::ALL
        .iter()
        .map(|&which| {
            let e = count_of(day, which);
            let key = which.key();
            let value = per_day(e.value);
            // A label reads "“Betrugsfall” cases" whatever the count.
            let noun = |class: &str, word: &crate::input::context::Noun| match word.is_label() {
                true => plain(cases_of(word)),
                false => meeting_part(&format!("noun:{class}:{key}"), noun_for(word, &value)),
            };
            let (label, explanation) = match which {
                Count::Flagged => (
                    "flagged".to_owned(),
                    vec![plain(format!("{} a day", b.action))],
                ),
                Count::Caught => (
                    "caught".to_owned(),
                    vec![noun("pos", &b.positive), plain(" correctly flagged")],
                ),
                Count::Missed => (
                    "missed".to_owned(),
                    vec![noun("pos", &b.positive), plain(" not flagged")],
                ),
                Count::FalseAlarms => (
                    "false alarms".to_owned(),
                    vec![noun("neg", &b.negative), plain(" flagged")],
                ),
            };
            PerDayCard {
                key,
                label,
                value,
                range: range(&e),
                explanation,
                color: css(charts::count_color(which)),
            }
        })
        .collect()
}

/// The size a segment's difference has: "9.8% against 5.0% elsewhere: 4.8 points,
/// 96% more".
fn size_seen(rate: Option<Estimate>, difference: Option<f64>) -> String {
    let (Some(rate), Some(difference)) = (rate, difference) else {
        return String::new();
    };
    let rest = rate.value - difference;
    let points = format!("{:.1}", difference.abs() * 100.0);
    let relative = if rest > 0.0 {
        format!(
            ", {} {}",
            percent(difference.abs() / rest),
            if difference > 0.0 { "more" } else { "less" }
        )
    } else {
        String::new()
    };
    format!(
        "{} against {} elsewhere: {points} points{relative}",
        percent(rate.value),
        percent(rest)
    )
}

fn breakdown_view(breakdown: &Breakdown, report: &Report) -> BreakdownView {
    let b = &report.business;
    let rate = |e: Option<Estimate>, differs: bool| match e {
        Some(e) => Cell {
            value: percent(e.value),
            range: format!("({})", percent_range(e.low, e.high)),
            delta: if differs {
                "differs from the rest".to_owned()
            } else {
                String::new()
            },
        },
        None => Cell {
            value: "–".to_owned(),
            range: String::new(),
            delta: String::new(),
        },
    };
    let mut callouts = Vec::new();
    for r in &breakdown.rows {
        if r.share_of_flags >= 1.5 * r.share_of_volume
            || (r.false_positive_rate_differs && r.share_of_flags > r.share_of_volume)
        {
            let why = if r.false_positive_rate_differs {
                format!(
                    "its {} are flagged more often than elsewhere ({}; beyond chance and past the practical minimum)",
                    cases_of(&b.negative),
                    size_seen(r.false_positive_rate, r.false_positive_rate_difference)
                )
            } else {
                format!(
                    "because more of its cases are {}; its false-alarm rate is in line with the rest",
                    cases_of(&b.positive)
                )
            };
            let shares = percents(&[r.share_of_flags, r.share_of_volume]);
            callouts.push(format!(
                "{} gets {} of the flags but is {} of the volume: {why}.",
                r.name, shares[0], shares[1],
            ));
        }
        if let (true, Some(e)) = (r.false_negative_rate_differs, r.false_negative_rate) {
            callouts.push(format!(
                "{}: {} of its {} are missed ({}), unlike the rest ({}; beyond chance and past the practical minimum).",
                r.name,
                percent(e.value),
                cases_of(&b.positive),
                percent_range(e.low, e.high),
                size_seen(r.false_negative_rate, r.false_negative_rate_difference)
            ));
        }
    }
    let row = |r: &SegmentRow, name: String| BreakdownRow {
        name,
        cases: count(r.cases),
        share_of_volume: percent(r.share_of_volume),
        share_of_flags: percent(r.share_of_flags),
        fnr: rate(r.false_negative_rate, r.false_negative_rate_differs),
        fpr: rate(r.false_positive_rate, r.false_positive_rate_differs),
        stands_out: r.false_negative_rate_differs || r.false_positive_rate_differs,
    };
    let mut rows: Vec<BreakdownRow> = breakdown
        .rows
        .iter()
        .map(|r| row(r, r.name.clone()))
        .collect();
    let mut note = None;
    if let Some(other) = &breakdown.other {
        let values = count(other.values as f64);
        rows.push(row(&other.row, format!("All {values} other values")));
        note = Some(format!(
            "{} has {} values: the {} with the largest share of volume have a row each, and the other {values} share the last row.",
            breakdown.column,
            count((breakdown.rows.len() + other.values) as f64),
            breakdown.rows.len(),
        ));
    }
    BreakdownView {
        column: breakdown.column.clone(),
        callouts,
        note,
        rows,
    }
}

fn scenario_rows(report: &Report) -> Vec<ScenarioRow> {
    let currency = report.business.currency.as_deref();
    let plan = Scenario {
        varied: Varied::Volume,
        change: 0.0,
        volume_per_day: report.workload.volume_per_day,
        prevalence: report.workload.prevalence,
        per_day: report.current.per_day,
    };
    std::iter::once(&plan)
        .chain(&report.sensitivity)
        .map(|s| {
            let with_range = |e: Estimate| format!("{} {}", per_day(e.value), range(&e));
            let day = &s.per_day;
            let mut cells: Vec<String> = [day.flagged, day.caught, day.missed, day.false_alarms]
                .into_iter()
                .map(with_range)
                .collect();
            if let Some(cost) = day.cost {
                cells.push(format!(
                    "{} {}",
                    format::money(cost.value, currency),
                    money_range(&cost)
                ));
            }
            ScenarioRow {
                label: capitalise(&scenario_label(s)),
                volume: count(s.volume_per_day),
                prevalence: format::percent(s.prevalence),
                cells,
            }
        })
        .collect()
}

/// What a production share of positives unlike the evaluation's changes, and why:
/// rates carry over, counts are rescaled, precision moves. `None` when the two
/// shares are within 1 % of each other.
fn prevalence_note(
    point: &OperatingPoint,
    report: &Report,
    thresholds: &ShownThresholds,
) -> Option<String> {
    let b = &report.business;
    let evaluation = report.data.prevalence();
    let production = report.workload.prevalence;
    if (production - evaluation).abs() <= 0.01 * evaluation {
        return None;
    }
    let positives = cases_of(&b.positive);
    let negatives = cases_of(&b.negative);
    let shares = percents(&[production, evaluation]);
    let mut text = format!(
        "Positives are {} of production but {} of the evaluation set. The model's rates carry over, because each is measured within one class: the share of {positives} caught and the share of {negatives} flagged. The per-day counts are rescaled to production's mix.",
        shares[0], shares[1],
    );
    if let (Some(on_evaluation), Some(in_production)) =
        (point.counts.precision(), point.per_day.precision)
    {
        let why = if production < evaluation {
            format!(
                "there are fewer {positives} to catch for the same share of {negatives} flagged"
            )
        } else {
            format!("there are more {positives} to catch for the same share of {negatives} flagged")
        };
        let precisions = percents(&[on_evaluation, in_production.value]);
        text.push_str(&format!(
            " Precision does not: at threshold {}, {} of flags are {positives} on the evaluation set but {} in production, because {why}.",
            thresholds.show(point.threshold),
            precisions[0],
            precisions[1],
        ));
        if in_production.value > 0.0 {
            text.push_str(&format!(
                " In production about 1 flag in {:.1} is one of the {positives}.",
                1.0 / in_production.value
            ));
        }
    }
    Some(text)
}

fn per_day_notes(point: &OperatingPoint, report: &Report) -> Vec<Vec<Part>> {
    let b = &report.business;
    let day = &point.per_day;
    let mut notes = Vec::new();
    if let Some(capacity) = b.capacity_per_day {
        let overflow = report.capacity_overflow.unwrap_or(0.0);
        notes.push(vec![
            meeting_part("flagged", per_day(day.flagged.value)),
            plain(format!(
                " flagged a day; the team can handle {} — ",
                count(capacity)
            )),
            meeting_part("overflow", overflow_verdict(overflow)),
            plain(" (day-to-day swings and the range included)."),
        ]);
    }
    if let Some(cost) = day.cost {
        notes.push(vec![
            plain("Cost of mistakes and reviews: "),
            meeting_part("cost", format::money(cost.value, b.currency.as_deref())),
            plain(" a day "),
            meeting_part("cost_range", money_range(&cost)),
            plain("."),
        ]);
    }
    if let Some(p) = day.precision {
        notes.push(vec![
            meeting_part("precision", percent(p.value)),
            plain(format!(" of flagged cases are {} ", cases_of(&b.positive))),
            meeting_part(
                "precision_range",
                format!("({})", percent_range(p.low, p.high)),
            ),
            plain("."),
        ]);
    }
    notes
}

fn facts(report: &Report, thresholds: &ShownThresholds) -> Vec<Fact> {
    let data = &report.data;
    let b = &report.business;
    let fact = |term: &str, detail: String| Fact {
        term: term.to_owned(),
        detail,
    };
    let shares = percents(&[data.prevalence(), report.workload.prevalence]);
    let mut facts = vec![
        fact("Evaluation file", data.file.display().to_string()),
        match &data.counted {
            None => fact("Rows", count(data.cases)),
            Some(counted) => fact(
                "Cases",
                format!(
                    "{} (from {} rows of counts in “{}”)",
                    count(data.cases),
                    count(counted.rows as f64),
                    counted.column
                ),
            ),
        },
        fact(
            &format!("Positives ({})", class_name(&b.positive)),
            format!(
                "{} (label value “{}”)",
                count(data.positives),
                data.labels.positive
            ),
        ),
        fact(
            &format!("Negatives ({})", class_name(&b.negative)),
            format!(
                "{} (label value “{}”)",
                count(data.negatives),
                data.labels.negative
            ),
        ),
        fact("Share of positives, evaluation", shares[0].clone()),
        fact(
            "Share of positives, production",
            format!(
                "{} ({})",
                shares[1],
                if report.prevalence_given {
                    "from the business context"
                } else {
                    "assumed equal to the evaluation's"
                }
            ),
        ),
        fact(
            "Volume in production",
            format!("{} cases a day", count(b.volume_per_day)),
        ),
        fact(
            "Scores",
            format!(
                "from {} to {}, {} distinct values",
                thresholds.show(data.score_range.0),
                thresholds.show(data.score_range.1),
                count(data.distinct_scores as f64)
            ),
        ),
    ];
    if let Some(costs) = b.costs {
        let columns = &b.cost_columns;
        let money = |m: f64| format::money(m, b.currency.as_deref());
        let cost = |what: &str, m: f64, column: &Option<String>| match column {
            Some(name) => format!("{what}: the case's own “{name}”"),
            None => format!("{what}: {} each", money(m)),
        };
        facts.push(fact(
            "Costs",
            [
                cost(
                    "a false alarm",
                    costs.false_positive,
                    &columns.false_positive,
                ),
                cost("a miss", costs.false_negative, &columns.false_negative),
                cost("a catch", costs.true_positive, &columns.true_positive),
            ]
            .join("; "),
        ));
    }
    if let Some(auc) = report.metrics.roc_auc {
        facts.push(fact("ROC AUC", format!("{auc:.4}")));
    }
    if let Some(ap) = report.metrics.average_precision {
        facts.push(fact("Average precision", format!("{ap:.4}")));
    }
    facts
}

/// The difference between `data.weight` and `data.count`, in one sentence.
pub(crate) const WEIGHT_AND_COUNT: &str = "a weight says how much of production a case stands for, so the ranges rest on Kish's effective number of cases, (Σw)²/Σw²; a count says how many identical cases a row stands for, so every number, ranges included, is what those cases written out one per row would give.";

/// A class's name where a name is wanted: the plural, or the label as written.
fn class_name(noun: &crate::input::context::Noun) -> String {
    noun.other().unwrap_or(noun.one()).to_owned()
}

fn definitions(report: &Report) -> Vec<Fact> {
    let b = &report.business;
    let positives = cases_of(&b.positive);
    let negatives = cases_of(&b.negative);
    let d = |term: &str, detail: String| Fact {
        term: term.to_owned(),
        detail,
    };
    let mut definitions = vec![
        d("Threshold", "the score cut-off: a case scoring at or above it is flagged.".into()),
        d("Flagged", format!("cases the model sends on: {}.", b.action)),
        d("Caught (true positive)", format!("{positives} that are flagged.")),
        d("Missed (false negative)", format!("{positives} that are not flagged.")),
        d("False alarm (false positive)", format!("{negatives} that are flagged.")),
        d("False-negative rate", format!("the share of {positives} missed.")),
        d("False-positive rate", format!("the share of {negatives} flagged.")),
        d("True-positive rate (recall)", format!("the share of {positives} caught; 1 minus the false-negative rate.")),
        d("Precision in production", format!("the share of flagged cases that are {positives}, at the production share of positives; it falls when positives are rarer.")),
        d("Per day", "caught = volume × share of positives × true-positive rate; missed = volume × share of positives × false-negative rate; false alarms = volume × share of negatives × false-positive rate; flagged = caught + false alarms.".into()),
        d("Range", "a 95% interval: Wilson intervals for the rates, combined for counts; a logit interval for precision (Mercaldo et al., 2007); where a cost comes from a column, a normal interval of each class's mean cost per case.".into()),
        d("ROC AUC", "the chance that a random positive scores above a random negative (ties count half), as scikit-learn's roc_auc_score.".into()),
        d("Average precision", "the mean precision over the positives, taken at each positive's score, as scikit-learn's average_precision_score.".into()),
    ];
    if report.data.weighted || report.data.counted.is_some() {
        definitions.push(d("Weight and count", WEIGHT_AND_COUNT.into()));
    }
    definitions
}
