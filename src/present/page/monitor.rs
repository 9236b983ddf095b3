//! The monitoring page (`tradeoff monitor`): production held against the launch
//! report's promises, in the report's style and on its base template. View structs
//! of formatted strings, built here from the monitoring model; the template
//! (`templates/monitor.html`) holds no logic beyond loops.

use askama::Template;

use super::{Fact, FileRow, LegendItem};
use crate::input::context::MonitoringSpec;
use crate::input::fingerprint::InputFile;
use crate::model::monitoring::{Monitoring, Outcome, Verdict};
use crate::model::report::Report;
use crate::present::charts::{self, ChartError, DayPoint, css};
use crate::present::format::count;
use crate::present::monitoring::{headline, quantity_name, verdict_words, with_range};
use crate::present::sentences::capitalise;
use crate::stats::quantity::Quantity;
use crate::stats::zone::Zone;

mod audit_view;
mod drift_view;
mod experiment_view;
mod plan_view;
mod sections;
mod weeks_view;

use weeks_view::WeeksView;

/// The whole monitoring page.
#[derive(Template)]
#[template(path = "monitor.html")]
pub(crate) struct MonitorPage {
    pub(crate) title: String,
    /// "fraud-gbm 3.2.0 · Risk ML team · 14 December 2026".
    pub(crate) byline: String,
    /// What production and the promises rest on, in one sentence.
    pub(crate) rests_on: String,
    pub(crate) headline: Vec<String>,
    /// The rules for reading the table.
    pub(crate) promises_lede: String,
    /// With a holdout: that the promises are held on the model arm alone.
    pub(crate) model_arm: Option<String>,
    pub(crate) promises: Vec<PromiseRow>,
    /// The week × promise grid; `None` with fewer than two weeks.
    pub(crate) weeks: Option<WeeksView>,
    /// Re-thresholding advice, one paragraph each, then the caveat.
    pub(crate) advice: Vec<String>,
    pub(crate) drift: DriftView,
    pub(crate) days: DaysView,
    pub(crate) audit: AuditView,
    /// The model's effect from a randomised split; `None` without one.
    pub(crate) experiment: Option<ExperimentView>,
    /// One row per segment value in production; empty without segments.
    pub(crate) segments: Vec<crate::present::monitoring::segments::SegmentLine>,
    /// How the segment rows are chosen and judged.
    pub(crate) segments_rule: String,
    /// Whether the segment table has the audited columns (with an audit).
    pub(crate) segments_audited: bool,
    pub(crate) facts: Vec<Fact>,
    pub(crate) warnings: Vec<String>,
    /// The launch report's own warnings (about the evaluation data).
    pub(crate) launch_warnings: Vec<String>,
    pub(crate) reading: Vec<String>,
    pub(crate) definitions: Vec<Fact>,
    pub(crate) files: Vec<FileRow>,
    pub(crate) version: String,
    pub(crate) date: String,
}

/// A row of the promises table.
pub(crate) struct PromiseRow {
    /// `monitoring.promises[].quantity`, for tests and links.
    pub(crate) key: &'static str,
    pub(crate) name: String,
    pub(crate) promised: String,
    pub(crate) promised_range: String,
    pub(crate) observed: String,
    pub(crate) observed_range: String,
    /// `kept`, `above`, `below` or `cannot_tell`.
    pub(crate) verdict_key: &'static str,
    pub(crate) verdict: String,
    /// `better`, `worse`, `as_promised` or `cannot_tell` (`monitoring.promises[].outcome`).
    pub(crate) outcome_key: &'static str,
    /// Whether it is worse than promised (the row stands out).
    pub(crate) broken: bool,
    pub(crate) basis: String,
}

/// The drift section.
pub(crate) struct DriftView {
    pub(crate) sentence: String,
    pub(crate) rows: Vec<DriftRow>,
    pub(crate) chart_svg: String,
    pub(crate) legend: Vec<LegendItem>,
    pub(crate) caption: String,
    pub(crate) rules: Vec<String>,
    /// The bins, with each period's share.
    pub(crate) bin_columns: Vec<String>,
    pub(crate) bins: Vec<Vec<String>>,
}

/// A row of the drift table: the whole period or a week.
pub(crate) struct DriftRow {
    pub(crate) period: String,
    pub(crate) cases: String,
    pub(crate) psi: String,
    pub(crate) ks: String,
    pub(crate) p_value: String,
    pub(crate) direction: String,
    pub(crate) share_flagged: String,
}

/// The days section.
pub(crate) struct DaysView {
    pub(crate) sentences: Vec<String>,
    pub(crate) chart_svg: String,
    pub(crate) legend: Vec<LegendItem>,
    pub(crate) caption: String,
    pub(crate) rows: Vec<DayRow>,
}

/// A row of the days table.
pub(crate) struct DayRow {
    pub(crate) date: String,
    pub(crate) cases: String,
    pub(crate) flagged: String,
    pub(crate) note: String,
    pub(crate) outside: bool,
}

/// The audit section: the audit (or what its absence means) and the
/// calibrated-scores estimate.
pub(crate) struct AuditView {
    pub(crate) paragraphs: Vec<String>,
    /// Group rows: group, cases, audited, declared, audited share, positives found.
    pub(crate) groups: Vec<Vec<String>>,
    pub(crate) week_columns: Vec<String>,
    pub(crate) weeks: Vec<Vec<String>>,
    pub(crate) calibrated_title: String,
    pub(crate) calibrated: Vec<String>,
    pub(crate) calibrated_columns: Vec<String>,
    pub(crate) calibrated_rows: Vec<Vec<String>>,
    /// How many to audit next (`monitoring.audit.target`): sentences, columns,
    /// rows; empty without a target.
    pub(crate) plan: Vec<String>,
    pub(crate) plan_columns: Vec<String>,
    pub(crate) plan_rows: Vec<Vec<String>>,
}

/// The experiment section.
pub(crate) struct ExperimentView {
    /// What the model changes a day, or that the experiment cannot tell.
    pub(crate) headline: String,
    pub(crate) paragraphs: Vec<String>,
    /// The split against the plan.
    pub(crate) split: String,
    /// The sample-ratio mismatch, when there is one.
    pub(crate) mismatch: Option<String>,
    pub(crate) method: String,
}

/// Builds the monitoring page.
pub(crate) fn build_monitor_page(
    monitoring: &Monitoring,
    report: &Report,
    spec: &MonitoringSpec,
    zone: &Zone,
    files: &[InputFile],
    version: &str,
) -> Result<MonitorPage, ChartError> {
    let m = monitoring;
    let b = &report.business;
    let mut byline: Vec<String> = report.model.iter().chain(&report.owner).cloned().collect();
    byline.push(report.date.format("%-d %B %Y").to_string());
    let promises = m
        .promises
        .iter()
        .map(|p| {
            let observed = p.observed;
            PromiseRow {
                key: p.quantity.key(),
                name: quantity_name(p.quantity, b),
                promised: crate::present::monitoring::value(p.quantity, p.promised.value),
                promised_range: crate::present::monitoring::range(p.quantity, &p.promised),
                observed: observed.map_or_else(
                    || "–".to_owned(),
                    |o| crate::present::monitoring::value(p.quantity, o.value),
                ),
                observed_range: observed.map_or_else(String::new, |o| {
                    crate::present::monitoring::range(p.quantity, &o)
                }),
                verdict_key: p.verdict.key(),
                verdict: outcome_words(p.outcome, p.verdict),
                outcome_key: p.outcome.key(),
                broken: p.outcome == Outcome::Worse,
                basis: capitalise(crate::present::monitoring::basis(m, p)),
            }
        })
        .collect();
    let days = days_view(m, report)?;
    Ok(MonitorPage {
        title: spec.title.clone(),
        byline: byline.join(" · "),
        rests_on: sections::rests_on(m, report, zone),
        headline: headline(m, b),
        promises_lede: format!(
            "At threshold {}. Promised: the launch report's numbers, recomputed from the evaluation data, with their 95% ranges. Observed: counted in production — exactly, with a range saying how well these days pin down production's average day, from how much they differ — or estimated from the audit with a 95% range. A verdict is “above” or “below” when the observed range lies wholly outside the promised one, “cannot tell yet” when there is nothing to observe or the observed range is more than four times as wide as the promised one, else “kept”. A planned number with no range (the volume, the share of positives) is kept when the observed range includes it. Each verdict says first what it means for you: more caught or a higher share of flags that are positives is better; more missed, more false alarms or more positives in production is worse; more flagged is worse when the average day's flags exceed the capacity (or none is stated) and does no harm within it, fewer flagged is better.",
            crate::present::format::threshold(m.threshold)
        ),
        model_arm: crate::present::monitoring::arm::model_arm_sentence(m),
        promises,
        weeks: weeks_view::weeks_view(m, report),
        advice: sections::advice(m, report),
        drift: drift_view::drift_view(m, report)?,
        days,
        audit: audit_view::audit_view(m, report),
        experiment: m
            .experiment
            .as_ref()
            .map(|e| experiment_view::experiment_view(e, report)),
        segments: crate::present::monitoring::segments::segment_lines(m),
        segments_audited: m.segments.iter().any(|s| s.audit.is_some()),
        segments_rule: capitalise(&crate::present::monitoring::segments::segments_rule()) + ".",
        facts: sections::facts(m, report, spec, zone),
        warnings: m
            .warnings
            .iter()
            .map(|w| capitalise(&w.to_string()) + ".")
            .collect(),
        launch_warnings: report
            .warnings
            .iter()
            .map(|w| capitalise(&w.to_string()) + ".")
            .collect(),
        reading: vec![
            "A promised range such as “466 (449–484)” is the launch report's 95% range for an average day: given the evaluation data, the model's true average was very likely inside it. It does not include day-to-day swings, so single days fall outside it often; the days section says how often chance alone would.".to_owned(),
            "An observed range is a 95% range too. Counts of production cases are exact, and their range says how well the period's days pin down production's average day, from how much the days differ. What the audit estimates has a range from how many cases were audited in each group; it is a range for this period's own counts.".to_owned(),
        ],
        definitions: sections::definitions(report),
        files: files
            .iter()
            .map(|f| FileRow {
                role: f.role.clone(),
                path: f.path.clone(),
                size: format!("{} bytes", count(f.bytes as f64)),
                sha256: f.sha256.clone(),
            })
            .collect(),
        version: version.to_owned(),
        date: report.date.format("%Y-%m-%d").to_string(),
    })
}

/// The days section: sentences, chart and table.
fn days_view(m: &Monitoring, report: &Report) -> Result<DaysView, ChartError> {
    let check = &m.days_check;
    let points: Vec<DayPoint> = m
        .days
        .iter()
        .map(|d| DayPoint {
            label: d.date.format("%-d %b").to_string(),
            flagged: d.flagged as f64,
        })
        .collect();
    let chart_svg = charts::production_days_chart(&points, &check.band, check.capacity)?;
    let mut legend = vec![
        LegendItem {
            label: "Flagged that day".into(),
            color: css(charts::FLAGGED),
            shape: "line",
        },
        LegendItem {
            label: "Promised band (95% range of an average day)".into(),
            color: css(charts::FLAGGED),
            shape: "band",
        },
        LegendItem {
            label: "Outside the band".into(),
            color: css(charts::MISSED),
            shape: "dot",
        },
    ];
    if check.capacity.is_some() {
        legend.push(LegendItem {
            label: crate::present::sentences::capacity_label(&report.business),
            color: css(charts::INK),
            shape: "dashed",
        });
    }
    let rows = m
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut notes = Vec::new();
            if check.above_band.contains(&i) {
                notes.push("above the band");
            }
            if check.below_band.contains(&i) {
                notes.push("below the band");
            }
            if check.over_capacity.contains(&i) {
                notes.push("over capacity");
            }
            DayRow {
                date: d.date.format("%a %-d %b %Y").to_string(),
                cases: count(d.cases as f64),
                flagged: count(d.flagged as f64),
                note: notes.join(", "),
                outside: !notes.is_empty(),
            }
        })
        .collect();
    Ok(DaysView {
        sentences: sections::days_sentences(m, report),
        chart_svg,
        legend,
        caption: format!(
            "Cases flagged on each calendar day ({}), against the launch report's promised {} a day; grey vertical lines separate the weeks.",
            report.timezone.describe(),
            with_range(Quantity::Flagged, &check.band)
        ),
        rows,
    })
}

/// The verdict cell: the outcome first, then the verdict ("Worse: above the promise").
fn outcome_words(outcome: Outcome, verdict: Verdict) -> String {
    match (outcome, verdict) {
        (Outcome::AsPromised, Verdict::Kept) => "Kept".to_owned(),
        (Outcome::CannotTell, _) => "Cannot tell yet".to_owned(),
        (Outcome::Better, v) => format!("Better: {}", verdict_words(v)),
        (Outcome::Worse, v) => format!("Worse: {}", verdict_words(v)),
        (Outcome::AsPromised, v) => format!("No harm: {}", verdict_words(v)),
    }
}

/// Renders the monitoring page to HTML.
pub(crate) fn render_monitor_page(page: &MonitorPage) -> Result<String, askama::Error> {
    Ok(super::policy::with_policy(&crate::present::inert::page(
        page.render()?,
    )))
}
