//! Presentation tested in-process (issue 21): a report built by hand from a small,
//! fixed set of cases and a context, then every presentation of it — the
//! headline, the terminal's lines, the markdown, the JSON and the page's sections —
//! compared with a reviewed snapshot (`insta`; `cargo insta review` or
//! `INSTA_UPDATE=always` after an intended change). A change of wording shows up as
//! a diff of these files, `src/present/snapshots/`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use scraper::{Html, Selector};

use crate::input::context::{Context, parse_context};
use crate::input::eval::EvalData;
use crate::model::analysis::{Analysis, build_analysis};
use crate::model::inputs::{Inputs, row_weights};
use crate::model::mistakes::{build_mistakes, pick_mistakes};
use crate::model::provenance::Provenance;
use crate::model::release::Release;
use crate::present::export::json::report_summary;
use crate::present::export::markdown::markdown_summary;
use crate::present::page::{build_page, render_page};
use crate::present::terminal::report_lines;

const CONTEXT: &str = r#"
title: Churn model 1.4 — fixture
model: churn-lr 1.4
date: 2026-11-20
data:
  path: eval.csv
  id: customer
  timestamp: ts
business:
  positive: { one: customer who leaves, other: customers who leave }
  negative: { one: customer who stays, other: customers who stay }
  action: called by the retention team
  volume_per_day: 1200
  prevalence: 0.1
  capacity_per_day: 150
  currency: EUR
  costs:
    false_positive: 4
    false_negative: 60
    true_positive: 4
thresholds:
  current: 0.5
  candidates:
    - { name: cautious, threshold: 0.3 }
  targets:
    max_false_negative_rate: 0.2
    min_cost: true
"#;

/// 2026-11-02T09:00:00Z, a Monday.
const MONDAY_9AM_MS: i64 = 1_793_610_000_000;

/// 60 cases over ten days: scores on a fixed grid, every fourth case positive
/// and the positives scored higher on average, a few on the wrong side.
fn evaluation() -> EvalData {
    let mut scores = Vec::new();
    let mut positive = Vec::new();
    let mut timestamps = Vec::new();
    for i in 0..60_i64 {
        let is_positive = i % 4 == 0;
        let base = if is_positive { 0.45 } else { 0.05 };
        let score = base + 0.5 * ((i * 37 % 60) as f64 / 60.0);
        scores.push((score * 1000.0).round() / 1000.0);
        positive.push(is_positive);
        timestamps.push(MONDAY_9AM_MS + (i % 10) * 86_400_000 + i * 60_000);
    }
    EvalData {
        timestamps: Some(timestamps),
        ..EvalData::of_cases("eval.csv", scores, positive)
    }
}

struct Fixture {
    context: Context,
    data: EvalData,
    analysis: Analysis,
    release: Release,
}

fn fixture() -> Fixture {
    let context = parse_context(CONTEXT, Path::new("fixture/context.yaml")).unwrap();
    let data = evaluation();
    let weights = row_weights(&context, &data);
    let inputs = Inputs::of(&data, weights, context.data.timezone);
    let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let analysis = build_analysis(&context, &inputs, &data, weights, date).unwrap();
    let release = Release {
        comparison: None,
        disagreements: Default::default(),
        gates: Vec::new(),
        provenance: Provenance {
            tool_version: "VERSION".to_owned(),
            model: context.model.clone(),
            baseline: None,
            inputs: Vec::new(),
            context_git: None,
        },
    };
    Fixture {
        context,
        data,
        analysis,
        release,
    }
}

#[test]
fn terminal_lines() {
    let f = fixture();
    insta::assert_snapshot!(report_lines(&f.analysis.report, &f.release));
}

#[test]
fn markdown_summary_of_the_fixture() {
    let f = fixture();
    insta::assert_snapshot!(markdown_summary(&f.analysis.report, &f.release));
}

#[test]
fn json_summary_of_the_fixture() {
    let f = fixture();
    insta::assert_json_snapshot!(report_summary(&f.analysis.report));
}

#[test]
fn warnings_of_the_fixture() {
    let f = fixture();
    let lines: Vec<String> = (f.analysis.report.warnings.iter())
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// The fixture's page, with three examples of each mistake.
fn fixture_page(f: &Fixture) -> crate::present::page::ReportPage {
    let current = f.context.thresholds.current;
    let picked = pick_mistakes(&f.data.scores, &f.data.positive, current, 3, &[]);
    let mistakes = build_mistakes(&picked, &f.data, current, true, &BTreeMap::new());
    build_page(
        &f.analysis.report,
        &f.analysis.curves,
        &mistakes,
        &f.analysis.grid,
        &f.context.data.show,
        &f.release,
    )
    .unwrap()
}

/// The text of each `<section id=…>` of the page's `<main>`, whitespace folded:
/// what a reader reads, without the markup, the styles or the charts' SVG.
#[test]
fn page_sections_of_the_fixture() {
    let f = fixture();
    let page = fixture_page(&f);
    let html = render_page(&page).unwrap();
    let document = Html::parse_document(&html);
    let sections = Selector::parse("main section[id]").unwrap();
    let svg = Selector::parse("svg").unwrap();
    let mut out = String::new();
    for section in document.select(&sections) {
        let id = section.value().attr("id").unwrap_or_default();
        // Text outside the charts: the charts are checked by their own tests.
        let in_svg: Vec<_> = section.select(&svg).flat_map(|s| s.text()).collect();
        let text: Vec<&str> = section
            .text()
            .filter(|t| !in_svg.iter().any(|s| std::ptr::eq(*s, *t)))
            .collect();
        let folded = text
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!("## {id}\n{folded}\n\n"));
    }
    assert!(out.contains("## per-day"), "{out}");
    insta::assert_snapshot!(out);
}

/// The markdown's per-day table writes each operating point's threshold, counts and
/// ranges exactly as the page's table does (issue 24: `9.9`, not `10`; `8.5–17`,
/// not `8–17`).
#[test]
fn markdown_reads_the_numbers_as_the_page_does() {
    let f = fixture();
    let report = &f.analysis.report;
    let page = fixture_page(&f);
    let markdown = markdown_summary(report, &f.release);
    let rows: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.starts_with("### A day at each threshold"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Operating point"))
        .collect();
    assert_eq!(rows.len(), page.points.len());
    for (row, point) in rows.iter().zip(&page.points) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells[1], point.threshold, "{row}");
        // flagged, caught, missed and false alarms: the page's cells 3 to 6
        for (md, cell) in cells[2..6].iter().zip(&point.cells[3..7]) {
            assert_eq!(*md, format!("{} {}", cell.value, cell.range), "{row}");
        }
    }
    assert!(rows.iter().any(|r| r.contains("(4.5–45)")), "{markdown}");
}

#[test]
fn empty_days_are_said_as_runs_and_a_long_gap_points_at_stray_timestamps() {
    // The tester's F6: one case with a timestamp years after the rest listed 1,266
    // empty days one by one. Runs of days are said as ranges, and a gap of four
    // weeks or more says it is likely a stray timestamp.
    use crate::model::monitoring::MonitoringWarning;
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut dates = vec![day(2026, 12, 9)];
    let mut next = day(2026, 12, 11);
    while next <= day(2030, 5, 30) {
        dates.push(next);
        next = next.succ_opt().unwrap();
    }
    let text = MonitoringWarning::EmptyDays {
        dates: dates.clone(),
    }
    .to_string();
    assert!(
        text.starts_with(
            "no case at all on days 9 Dec 2026, 11 Dec 2026 – 30 May 2030 (1,267 days):"
        ),
        "{text}"
    );
    assert!(text.contains("a gap of 1,267 days"), "{text}");
    assert!(text.len() < 700, "{} bytes", text.len());
    let short = MonitoringWarning::EmptyDays {
        dates: vec![day(2026, 12, 9), day(2026, 12, 10)],
    }
    .to_string();
    assert!(short.contains("9 Dec – 10 Dec 2026 (2 days)") && !short.contains("gap of"));
}

#[test]
fn a_one_day_period_says_nothing_is_judged_not_early_signs() {
    // Over one day no promise is judged, so the warning does not ask the reader
    // to read verdicts as early signs (the tester's seam-monitor-one-day run).
    use crate::model::monitoring::MonitoringWarning;
    let one = MonitoringWarning::ShortPeriod { days: 1 }.to_string();
    assert!(one.contains("no promise is judged") && !one.contains("early signs"));
    let three = MonitoringWarning::ShortPeriod { days: 3 }.to_string();
    assert!(three.starts_with("the period covers only 3 days") && three.contains("early signs"));
}
