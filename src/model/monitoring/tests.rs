use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use super::*;
use crate::input::context::parse_context;
use crate::model::inputs::Inputs;
use crate::model::report::build_report;
use crate::stats::quantity::Quantity;
use crate::stats::weights::RowWeights;

fn estimate(value: f64, low: f64, high: f64) -> Estimate {
    Estimate { value, low, high }
}

#[test]
fn outcome_is_read_from_the_readers_side() {
    use Outcome::*;
    use Quantity as Q;
    use Verdict::{Above, Below, CannotTell as Unclear, Kept};
    // The same "above" is good news for the caught and bad news for the missed.
    assert_eq!(outcome(Q::Caught, Above, None), Better);
    assert_eq!(outcome(Q::Caught, Below, None), Worse);
    assert_eq!(outcome(Q::Precision, Above, None), Better);
    assert_eq!(outcome(Q::Missed, Above, None), Worse);
    assert_eq!(outcome(Q::Missed, Below, None), Better);
    assert_eq!(outcome(Q::FalseAlarms, Above, None), Worse);
    assert_eq!(outcome(Q::FalseAlarms, Below, None), Better);
    assert_eq!(outcome(Q::Prevalence, Above, None), Worse);
    // More flags are worse when they exceed the capacity (or none is stated).
    assert_eq!(outcome(Q::Flagged, Above, Some(true)), Worse);
    assert_eq!(outcome(Q::Flagged, Above, None), Worse);
    assert_eq!(outcome(Q::Flagged, Above, Some(false)), AsPromised);
    assert_eq!(outcome(Q::ShareFlagged, Above, Some(false)), AsPromised);
    assert_eq!(outcome(Q::Flagged, Below, Some(false)), Better);
    assert_eq!(outcome(Q::Volume, Above, Some(true)), Worse);
    assert_eq!(outcome(Q::Volume, Above, Some(false)), AsPromised);
    assert_eq!(outcome(Q::Volume, Below, None), AsPromised);
    for q in Quantity::PROMISED {
        assert_eq!(outcome(q, Kept, Some(true)), AsPromised);
        assert_eq!(outcome(q, Unclear, None), Outcome::CannotTell);
    }
}

#[test]
fn verdict_rules() {
    let promised = estimate(466.0, 449.0, 484.0);
    // Wholly above or below the promised range.
    assert_eq!(
        verdict(promised, Some(estimate(500.0, 490.0, 510.0))),
        Verdict::Above
    );
    assert_eq!(
        verdict(promised, Some(estimate(430.0, 420.0, 440.0))),
        Verdict::Below
    );
    // Touching the range counts as overlapping.
    assert_eq!(
        verdict(promised, Some(estimate(490.0, 484.0, 496.0))),
        Verdict::Kept
    );
    // More than four times as wide (35 × 4 = 140) and overlapping: cannot tell.
    assert_eq!(
        verdict(promised, Some(estimate(470.0, 400.0, 541.0))),
        Verdict::CannotTell
    );
    assert_eq!(
        verdict(promised, Some(estimate(470.0, 400.0, 540.0))),
        Verdict::Kept
    );
    // Wide but wholly outside still says above.
    assert_eq!(
        verdict(promised, Some(estimate(900.0, 500.0, 2000.0))),
        Verdict::Above
    );
    assert_eq!(verdict(promised, None), Verdict::CannotTell);
    // A plan with no range is kept when the observed range includes it.
    let plan = Estimate::exact(0.034);
    assert_eq!(
        verdict(plan, Some(estimate(0.036, 0.033, 0.040))),
        Verdict::Kept
    );
    assert_eq!(
        verdict(plan, Some(estimate(0.040, 0.037, 0.043))),
        Verdict::Above
    );
    assert_eq!(verdict(plan, Some(Estimate::exact(0.034))), Verdict::Kept);
    assert_eq!(verdict(plan, Some(Estimate::exact(0.035))), Verdict::Above);
}

pub(super) const DAY_MS: i64 = 86_400_000;
/// 2026-11-23T00:00:00Z, a Monday.
pub(super) const MONDAY: i64 = 1_795_392_000_000;

#[test]
fn days_are_local_and_weeks_are_seven_day_blocks() {
    // Berlin is UTC+1 in November: 23:30 UTC on the 22nd is already the 23rd.
    let berlin = Zone::parse("Europe/Berlin").unwrap();
    let timestamps = [
        MONDAY - 30 * 60 * 1000,      // Mon 23 Nov 00:30 Berlin
        MONDAY + 22 * 3_600_000,      // Mon 23 Nov 23:00 Berlin
        MONDAY + 23 * 3_600_000,      // Tue 24 Nov 00:00 Berlin
        MONDAY + 9 * DAY_MS,          // Wed 2 Dec, with Thu–Tue empty in between
        MONDAY + 14 * DAY_MS + 1_000, // Mon 7 Dec: a third, one-day week
    ];
    let scores = [0.9, 0.1, 0.6, 0.2, 0.7];
    let cut = periods::cut(&timestamps, &scores, 0.5, &berlin).unwrap();
    let date = |d: u32, m: u32| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(cut.period.first_day, date(23, 11));
    assert_eq!(cut.period.last_day, date(7, 12));
    assert_eq!(cut.period.days, 15, "empty days count");
    assert_eq!((cut.period.cases, cut.period.flagged), (5, 3));
    assert_eq!(cut.days.len(), 15);
    assert_eq!((cut.days[0].cases, cut.days[0].flagged), (2, 1));
    assert_eq!((cut.days[1].cases, cut.days[1].flagged), (1, 1));
    assert_eq!(cut.days[5].cases, 0);
    assert_eq!(cut.days[9].date, date(2, 12));
    let weeks: Vec<(usize, NaiveDate, NaiveDate, usize, Vec<usize>)> = cut
        .weeks
        .iter()
        .map(|w| (w.number, w.first_day, w.last_day, w.days, w.rows.clone()))
        .collect();
    assert_eq!(
        weeks,
        vec![
            (1, date(23, 11), date(29, 11), 7, vec![0, 1, 2]),
            (2, date(30, 11), date(6, 12), 7, vec![3]),
            (3, date(7, 12), date(7, 12), 1, vec![4]),
        ]
    );
    // In UTC the first case falls on Sunday 22 November instead.
    let utc = periods::cut(&timestamps, &scores, 0.5, &Zone::utc()).unwrap();
    assert_eq!(utc.period.first_day, date(22, 11));
    assert!(matches!(
        periods::cut(&[], &[], 0.5, &berlin),
        Err(MonitoringProblem::NoCases)
    ));
    // The message names the earliest and the latest rows.
    assert!(matches!(
        periods::cut(&[5 * DAY_MS, 0, 20_000 * DAY_MS], &[0.1, 0.2, 0.3], 0.5, &berlin),
        Err(MonitoringProblem::PeriodTooLong {
            days: 20_000,
            earliest: (1, 0),
            latest: (2, t),
        }) if t == 20_000 * DAY_MS
    ));
}

#[test]
fn days_outside_the_band_and_over_capacity() {
    let day = |flagged: usize| ProductionDay {
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        cases: 1000,
        flagged,
        coverage: periods::Coverage::Whole,
    };
    let days = [day(40), day(50), day(61), day(39), day(70)];
    let planned = Workload {
        volume_per_day: 1000.0,
        prevalence: 0.05,
        costs: None,
    };
    let check = periods::check_days(&days, &estimate(50.0, 40.0, 60.0), &planned, Some(65.0));
    assert_eq!(check.above_band, vec![2, 4]);
    assert_eq!(check.below_band, vec![3]);
    assert_eq!(check.over_capacity, vec![4]);
    // sd of a day = √(50·0.95) = 6.89; outside 40–60 means at most 39 or at least
    // 61: Φ((39.5 − 50)/6.89) + 1 − Φ((60.5 − 50)/6.89) = 2·Φ(−1.523) ≈ 0.128.
    assert!(
        (check.expected_outside / 5.0 - 0.128).abs() < 0.002,
        "{}",
        check.expected_outside
    );
}

/// The evaluation's sweep and the launch report of the context `text` on it (at
/// the simulation's date), with the evaluation's cost columns if any.
pub(super) fn launch_report(
    evaluation: &EvalData,
    text: &str,
    row_costs: Option<&RowCosts>,
) -> (Sweep, Report) {
    let context = parse_context(text, Path::new("context.yaml")).unwrap();
    let sweep = Sweep::build(
        &evaluation.scores,
        &evaluation.positive,
        RowWeights::default(),
    );
    let date = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let inputs = Inputs::of(evaluation, RowWeights::default(), context.data.timezone);
    let report = build_report(&context, &inputs, &sweep, row_costs, date).unwrap();
    (sweep, report)
}

/// What a simulated period is monitored against: the launch report, its
/// evaluation and sweep, and the evaluation's cost columns when a cost is per
/// case.
pub(super) struct Launch<'a> {
    pub report: &'a Report,
    pub sweep: &'a Sweep,
    pub evaluation: &'a EvalData,
    pub row_costs: Option<&'a RowCosts>,
}

/// A simulated production period monitored in UTC against `launch`: each case's
/// score, instant (Unix ms) and verdict (`None`: not audited), the audit's
/// declared shares (`None`: not declared) and the cases' own costs, if any.
pub(super) fn monitor_period(
    launch: &Launch,
    (scores, timestamps, labels): (Vec<f64>, Vec<i64>, Vec<Option<bool>>),
    sampled: Option<(f64, f64)>,
    case_costs: Option<&CaseCosts>,
) -> Monitoring {
    let production = ProductionData {
        file: PathBuf::from("production.csv"),
        scores,
        timestamps,
        ids: None,
        segments: Vec::new(),
        in_model: None,
    };
    let audit = AuditLabels {
        file: PathBuf::from("audit.csv"),
        labels,
        rows: 0,
        unmatched: None,
        repeated: None,
        unlabelled: None,
        id_match: crate::input::eval::ids::IdMatch::AsWritten,
        probabilities: None,
    };
    build_monitoring(&MonitoringInputs {
        report: launch.report,
        sweep: launch.sweep,
        row_costs: launch.row_costs,
        case_costs,
        evaluation: launch.evaluation,
        production: &production,
        audit: Some(Audit {
            labels: &audit,
            sampled,
            target: None,
        }),
        zone: &Zone::utc(),
        max_false_negative_rate: None,
        max_flagged_per_day: None,
        experiment: None,
        segment_summaries: &[],
    })
    .unwrap()
}

/// The known score process of the simulation: positives' scores are Beta(2, 1)
/// (s = √u), negatives' Beta(1, 6) (s = 1 − (1 − u)^(1/6)); at 0.5, TPR = 0.75 and
/// FPR = 0.5⁶ = 1.6 %.
pub(super) fn draw_case(rng: &mut StdRng, prevalence: f64) -> (f64, bool) {
    let positive = rng.random::<f64>() < prevalence;
    let u: f64 = rng.random();
    let score = if positive {
        u.sqrt()
    } else {
        1.0 - (1.0 - u).powf(1.0 / 6.0)
    };
    (score, positive)
}

pub(super) const CONTEXT: &str = "\
title: Simulation
data:
  path: eval.csv
business:
  positive: positive case
  negative: negative case
  action: reviewed
  volume_per_day: 250
  prevalence: 0.1
  capacity_per_day: 30
thresholds:
  current: 0.5
";

/// An evaluation set of 200 positives and 1,000 negatives from the score process.
pub(super) fn evaluation() -> EvalData {
    let mut rng = StdRng::seed_from_u64(7);
    let (mut scores, mut positive) = (Vec::new(), Vec::new());
    for i in 0..1200 {
        let (s, _) = draw_case(&mut rng, if i < 200 { 1.0 } else { 0.0 });
        scores.push(s);
        positive.push(i < 200);
    }
    EvalData::of_cases("eval.csv", scores, positive)
}

/// One simulated period's truth, per week and whole.
struct Truth {
    caught: f64,
    missed: f64,
    prevalence: f64,
}

fn truth(scores: &[f64], positive: &[bool], rows: impl Iterator<Item = usize>) -> Truth {
    let (mut caught, mut missed, mut cases) = (0.0, 0.0, 0.0);
    for i in rows {
        cases += 1.0;
        if positive[i] {
            if scores[i] >= 0.5 {
                caught += 1.0;
            } else {
                missed += 1.0;
            }
        }
    }
    Truth {
        caught,
        missed,
        prevalence: (caught + missed) / cases,
    }
}

/// One simulated period's coverage tallies (see the tests below).
struct Simulated {
    hits: [usize; 6],
    week_hits: [usize; 3],
    weeks: usize,
    stratified_error: f64,
    unweighted_error: f64,
}

/// The expected average day of the simulation's process (250 cases a day, 10 %
/// positives, threshold 0.5): positives score √u, so 3/4 of them are flagged;
/// negatives score 1 − (1 − u)^(1/6), so 1/64 of them are.
const EXPECTED_CAUGHT: f64 = 250.0 * 0.1 * 0.75;
const EXPECTED_MISSED: f64 = 250.0 * 0.1 * 0.25;
const EXPECTED_FALSE_ALARMS: f64 = 250.0 * 0.9 / 64.0;

/// 1,000 simulated periods of 14 days × 250 cases through `build_monitoring`, each
/// case audited independently with chance `audited.0` when flagged, `audited.1`
/// when not.
fn simulate_audits(seed: u64, audited: (f64, f64)) -> Vec<Simulated> {
    // 14 days × 250 cases at 10 % positives, drawn case by case from the known
    // score process; 30 % of flagged and 20 % of unflagged cases audited, each case
    // independently (about 40 flagged and 9 unflagged positives audited a week). Through `build_monitoring` (join by row, groups by threshold,
    // weeks, per-day division), the period's and each week's caught, missed and
    // prevalence ranges must cover the realised truth in 93–97 % of periods, the
    // stratified prevalence be unbiased, and the unweighted pooled share not.
    let evaluation = evaluation();
    let (sweep, report) = launch_report(&evaluation, CONTEXT, None);
    let (days, per_day) = (14_i64, 250);
    (0..1000)
        .into_par_iter()
        .map(|rep| {
            let mut rng = StdRng::seed_from_u64(seed + rep as u64);
            let n = (days * per_day) as usize;
            let (mut scores, mut positive, mut timestamps, mut labels) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for i in 0..n {
                let (s, p) = draw_case(&mut rng, 0.1);
                let share = if s >= 0.5 { audited.0 } else { audited.1 };
                scores.push(s);
                positive.push(p);
                timestamps.push(MONDAY + (i as i64 / per_day) * DAY_MS + 3_600_000);
                labels.push((rng.random::<f64>() < share).then_some(p));
            }
            let m = monitor_period(
                &Launch {
                    report: &report,
                    sweep: &sweep,
                    evaluation: &evaluation,
                    row_costs: None,
                },
                (scores.clone(), timestamps, labels),
                Some(audited),
                None,
            );
            let whole = truth(&scores, &positive, 0..n);
            let find = |q: Quantity| {
                m.promises
                    .iter()
                    .find(|p| p.quantity == q)
                    .and_then(|p| p.observed)
                    .unwrap()
            };
            let d = days as f64;
            // The promises' ranges are for production's average day; the audit's
            // own, for the period's realised counts.
            let realised = m.audit.as_ref().unwrap().per_day.unwrap();
            let hits = [
                usize::from(find(Quantity::Caught).covers(EXPECTED_CAUGHT)),
                usize::from(find(Quantity::Missed).covers(EXPECTED_MISSED)),
                usize::from(find(Quantity::Prevalence).covers(0.1)),
                usize::from(find(Quantity::FalseAlarms).covers(EXPECTED_FALSE_ALARMS)),
                usize::from(realised.caught.unwrap().covers(whole.caught / d)),
                usize::from(realised.missed.unwrap().covers(whole.missed / d)),
            ];
            let mut week_hits = [0; 3];
            for week in &m.weeks {
                let first = (week.number - 1) * 7 * per_day as usize;
                let rows = first..first + week.days * per_day as usize;
                let t = truth(&scores, &positive, rows);
                let day = week.audit_per_day.unwrap();
                let wd = week.days as f64;
                week_hits[0] += usize::from(day.caught.unwrap().covers(t.caught / wd));
                week_hits[1] += usize::from(day.missed.unwrap().covers(t.missed / wd));
                week_hits[2] +=
                    usize::from(week.audit.unwrap().prevalence.unwrap().covers(t.prevalence));
            }
            let audit = m.audit.as_ref().unwrap();
            let audit_prevalence = audit.estimates.prevalence.unwrap().value;
            Simulated {
                hits,
                week_hits,
                weeks: m.weeks.len(),
                stratified_error: audit_prevalence - whole.prevalence,
                unweighted_error: audit.estimates.unweighted_prevalence.unwrap() - whole.prevalence,
            }
        })
        .collect()
}

/// The share of `outcomes` whose `k`th range covered.
fn covered(outcomes: &[Simulated], k: usize) -> f64 {
    outcomes.iter().map(|o| o.hits[k]).sum::<usize>() as f64 / outcomes.len() as f64
}

#[test]
fn audit_estimates_cover_the_truth_end_to_end() {
    // 14 days × 250 cases at 10 % positives, drawn case by case from the known
    // score process; 30 % of flagged and 20 % of unflagged cases audited, each case
    // independently (about 40 flagged and 9 unflagged positives audited a week).
    // Through `build_monitoring` (join by row, groups by threshold, weeks, per-day
    // division): the promises' caught, missed, false alarms and prevalence ranges
    // must cover the average day's in 93–97 % of periods; the audit's own ranges,
    // the period's and each week's realised caught, missed and prevalence; the
    // stratified prevalence be unbiased, and the unweighted pooled share not.
    let repetitions = 1000;
    let outcomes = simulate_audits(1000, (0.3, 0.2));
    let share = |hits: usize, of: usize| hits as f64 / of as f64;
    let weeks: usize = outcomes.iter().map(|o| o.weeks).sum();
    assert_eq!(weeks, 2 * repetitions);
    let names = [
        "caught (average day)",
        "missed (average day)",
        "prevalence (expected)",
        "false alarms (average day)",
        "caught (realised)",
        "missed (realised)",
    ];
    for (k, name) in names.iter().enumerate() {
        let period = covered(&outcomes, k);
        eprintln!("end-to-end audit coverage, {name}: {:.1} %", 100.0 * period);
        assert!(
            (0.93..=0.97).contains(&period),
            "{name} over the period: {period}"
        );
    }
    for (k, name) in ["caught", "missed", "prevalence"].iter().enumerate() {
        let weekly = share(outcomes.iter().map(|o| o.week_hits[k]).sum(), weeks);
        eprintln!(
            "audit coverage by week, {name} (realised): {:.1} %",
            100.0 * weekly
        );
        assert!((0.93..=0.97).contains(&weekly), "{name} by week: {weekly}");
    }
    let mean =
        |f: &dyn Fn(&Simulated) -> f64| outcomes.iter().map(f).sum::<f64>() / repetitions as f64;
    let stratified = mean(&|o| o.stratified_error);
    let sd = (outcomes
        .iter()
        .map(|o| (o.stratified_error - stratified).powi(2))
        .sum::<f64>()
        / (repetitions as f64 - 1.0))
        .sqrt();
    let unweighted = mean(&|o| o.unweighted_error);
    eprintln!(
        "prevalence error: stratified {stratified:+.5} (sd {sd:.5}), unweighted {unweighted:+.5}"
    );
    assert!(stratified.abs() < 4.0 * sd / (repetitions as f64).sqrt());
    // Flagged cases, mostly positive, are audited half as often again as the rest:
    // pooling over-counts positives by about 0.03 (expected (0.0267·0.84 +
    // 0.182·0.027)/0.209 − 0.1), far beyond chance.
    let unweighted_sd = (outcomes
        .iter()
        .map(|o| (o.unweighted_error - unweighted).powi(2))
        .sum::<f64>()
        / (repetitions as f64 - 1.0))
        .sqrt();
    assert!(unweighted > 0.02 && unweighted > 10.0 * unweighted_sd / (repetitions as f64).sqrt());
}

#[test]
fn a_full_audit_of_the_flags_still_ranges_over_days() {
    // Every flagged case audited (the tester's F2: the caught were exact, a range
    // of zero width, "better" than the promise on a day-to-day swing): the
    // promises' ranges must still cover the average day in 93–97 % of periods.
    let outcomes = simulate_audits(3000, (1.0, 0.2));
    for (k, name) in [
        (0, "caught"),
        (1, "missed"),
        (2, "prevalence"),
        (3, "false alarms"),
    ] {
        let period = covered(&outcomes, k);
        eprintln!(
            "full audit of the flags, {name} (average day): {:.1} %",
            100.0 * period
        );
        assert!((0.93..=0.97).contains(&period), "{name}: {period}");
    }
}

#[test]
fn weeks_start_at_the_first_whole_day_and_hold_their_own_promises() {
    // 16 UTC days of 240 cases, spread over 00:30–23:30; the first day starts at
    // noon (partial). Week 1: the partial day and the 7 whole days after it;
    // week 2: 7 whole days; week 3: the last day alone. Every flagged case is
    // audited; unflagged cases 20 % in week 1, and only every 100th in week 2.
    let evaluation = evaluation();
    let (sweep, report) = launch_report(&evaluation, CONTEXT, None);
    let mut rng = StdRng::seed_from_u64(27);
    let (mut scores, mut timestamps, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for day in 0..16_i64 {
        let start = if day == 0 { 12 * 60 } else { 30 };
        for i in 0..240_i64 {
            let minute = start + i * (23 * 60 - start) / 239;
            let (s, p) = draw_case(&mut rng, 0.1);
            let audited =
                s >= 0.5 || (day <= 7 && rng.random::<f64>() < 0.2) || (day > 7 && i % 100 == 0);
            scores.push(s);
            timestamps.push(MONDAY + day * DAY_MS + minute * 60_000);
            labels.push(audited.then_some(p));
        }
    }
    let m = monitor_period(
        &Launch {
            report: &report,
            sweep: &sweep,
            evaluation: &evaluation,
            row_costs: None,
        },
        (scores, timestamps, labels),
        None,
        None,
    );
    // Logging began at noon: half a day by the clock, and its 240 cases make a
    // whole day's worth, so the clock's half stands (issue 27's rule).
    assert_eq!(m.days[0].coverage, Coverage::Partial(0.5));
    let shape: Vec<(usize, usize, usize, usize, bool)> = (m.weeks.iter())
        .map(|w| (w.number, w.days, w.whole_days, w.cases, w.is_short()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (1, 8, 7, 8 * 240, false),
            (2, 7, 7, 7 * 240, false),
            (3, 1, 1, 240, true)
        ]
    );
    assert_eq!(m.weeks[0].first_day, m.period.first_day);
    assert_eq!(m.weeks[1].first_day, m.days[8].date);
    let find = |w: &Week, q: Quantity| *w.promises.iter().find(|p| p.quantity == q).unwrap();
    // Week 1's averages rest on its 7 whole days: 240 cases each, exactly.
    let volume = find(&m.weeks[0], Quantity::Volume);
    assert_eq!(volume.observed.unwrap().value, 240.0);
    let flagged: f64 = m.days[1..8].iter().map(|d| d.flagged as f64).sum::<f64>() / 7.0;
    assert!((find(&m.weeks[0], Quantity::Flagged).observed.unwrap().value - flagged).abs() < 1e-9);
    // A one-day week cannot tell anything, not even the counted volume.
    for p in &m.weeks[2].promises {
        assert_eq!(p.verdict, Verdict::CannotTell, "{:?}", p.quantity);
        assert_eq!(p.outcome, Outcome::CannotTell);
    }
    // Week 2 has about 17 unflagged verdicts: the missed and the share of
    // positives cannot tell, whatever their ranges; the caught are judged.
    let counts = m.weeks[1].audit_counts.unwrap();
    assert!(counts.not_flagged_audited < MIN_WEEK_VERDICTS);
    assert!(counts.flagged_audited >= MIN_WEEK_VERDICTS);
    assert_eq!(
        find(&m.weeks[1], Quantity::Missed).verdict,
        Verdict::CannotTell
    );
    assert_eq!(
        find(&m.weeks[1], Quantity::Prevalence).verdict,
        Verdict::CannotTell
    );
    assert!(find(&m.weeks[1], Quantity::Missed).observed.is_some());
    assert_ne!(
        find(&m.weeks[1], Quantity::Caught).verdict,
        Verdict::CannotTell
    );
    // A judged week follows the whole period's rule: the same verdict function.
    for p in m.weeks[0].promises.iter() {
        assert_eq!(
            p.verdict,
            verdict(p.promised, p.observed),
            "{:?}",
            p.quantity
        );
    }
}

#[test]
fn the_cost_a_day_covers_the_average_day_and_the_audit_the_realised_cost() {
    // The end-to-end simulation above (14 days × 250 cases, 10 % positives, 30 % of
    // flagged and 20 % of unflagged cases audited), priced at a false alarm 5, a
    // miss 100 and a catch 20: the promise's cost-a-day range must cover the
    // average day's cost in 93–97 % of 1,000 periods, and each week's likewise;
    // the audit's priced counts, the period's realised cost a day.
    let evaluation = evaluation();
    let text = CONTEXT.replace(
        "  capacity_per_day: 30\n",
        "  capacity_per_day: 30\n  costs: { false_positive: 5, false_negative: 100, true_positive: 20 }\n",
    );
    let (sweep, report) = launch_report(&evaluation, &text, None);
    let costs = report.workload.costs.unwrap();
    let (repetitions, days, per_day) = (1000, 14_i64, 250);
    let hits: Vec<(usize, usize, usize, usize)> = (0..repetitions)
        .into_par_iter()
        .map(|rep| {
            let mut rng = StdRng::seed_from_u64(5000 + rep as u64);
            let n = (days * per_day) as usize;
            let (mut scores, mut positive, mut timestamps, mut labels) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for i in 0..n {
                let (s, p) = draw_case(&mut rng, 0.1);
                let share = if s >= 0.5 { 0.3 } else { 0.2 };
                scores.push(s);
                positive.push(p);
                timestamps.push(MONDAY + (i as i64 / per_day) * DAY_MS + 3_600_000);
                labels.push((rng.random::<f64>() < share).then_some(p));
            }
            let cost = |rows: std::ops::Range<usize>| -> f64 {
                rows.map(|i| match (scores[i] >= 0.5, positive[i]) {
                    (true, true) => costs.true_positive,
                    (true, false) => costs.false_positive,
                    (false, true) => costs.false_negative,
                    (false, false) => 0.0,
                })
                .sum()
            };
            let m = monitor_period(
                &Launch {
                    report: &report,
                    sweep: &sweep,
                    evaluation: &evaluation,
                    row_costs: None,
                },
                (scores.clone(), timestamps, labels),
                Some((0.3, 0.2)),
                None,
            );
            let observed = |promises: &[Promise]| {
                promises
                    .iter()
                    .find(|p| p.quantity == Quantity::Cost)
                    .and_then(|p| p.observed)
                    .unwrap()
            };
            // The average day's cost, which the promise's range is for; the
            // audit's priced counts, for the realised cost.
            let expected = costs.false_positive * EXPECTED_FALSE_ALARMS
                + costs.false_negative * EXPECTED_MISSED
                + costs.true_positive * EXPECTED_CAUGHT;
            let realised = m.audit.as_ref().unwrap().per_day.unwrap();
            let whole = usize::from(observed(&m.promises).covers(expected));
            let realised = usize::from(
                realised
                    .priced(&costs)
                    .unwrap()
                    .covers(cost(0..n) / days as f64),
            );
            let mut weeks = 0;
            for week in &m.weeks {
                weeks += usize::from(observed(&week.promises).covers(expected));
            }
            (whole, weeks, m.weeks.len(), realised)
        })
        .collect();
    let period = hits.iter().map(|h| h.0).sum::<usize>() as f64 / repetitions as f64;
    let realised = hits.iter().map(|h| h.3).sum::<usize>() as f64 / repetitions as f64;
    eprintln!("realised cost a day coverage: {:.1} %", 100.0 * realised);
    assert!((0.93..=0.97).contains(&realised), "realised {realised}");
    let weeks = hits.iter().map(|h| h.2).sum::<usize>();
    let weekly = hits.iter().map(|h| h.1).sum::<usize>() as f64 / weeks as f64;
    eprintln!(
        "cost a day coverage: period {:.1} %, weeks {:.1} %",
        100.0 * period,
        100.0 * weekly
    );
    assert!((0.93..=0.97).contains(&period), "period {period}");
    assert!((0.93..=0.97).contains(&weekly), "weeks {weekly}");
}

#[test]
fn the_cost_a_day_prices_the_audit_by_hand() {
    // 10 flagged a day, 6 caught (5–7), 3 missed (1–6); a false alarm 5, a miss
    // 100, a catch 20: 5·10 + 15·6 + 100·3 = 440; below: √(15² + 200²) = 200.56,
    // above: √(15² + 300²) = 300.37.
    let day = crate::stats::audit::AuditPerDay {
        flagged: Estimate::exact(10.0),
        caught: Some(estimate(6.0, 5.0, 7.0)),
        false_alarms: Some(estimate(4.0, 3.0, 5.0)),
        missed: Some(estimate(3.0, 1.0, 6.0)),
    };
    let costs = crate::stats::workload::Costs {
        false_positive: 5.0,
        false_negative: 100.0,
        true_positive: 20.0,
    };
    let cost = day.priced(&costs).unwrap();
    assert!((cost.value - 440.0).abs() < 1e-9);
    assert!((cost.value - cost.low - 15f64.hypot(200.0)).abs() < 1e-9);
    assert!((cost.high - cost.value - 15f64.hypot(300.0)).abs() < 1e-9);
    // A catch cheaper than a false alarm turns the caught's sides round.
    let cheap = crate::stats::workload::Costs {
        true_positive: 0.0,
        ..costs
    };
    let cost = day.priced(&cheap).unwrap();
    assert!((cost.value - (50.0 - 30.0 + 300.0)).abs() < 1e-9);
    assert!((cost.value - cost.low - 5f64.hypot(200.0)).abs() < 1e-9);
    assert!((cost.high - cost.value - 5f64.hypot(300.0)).abs() < 1e-9);
}

/// The simulation's monitoring of `days` whole UTC days of 240 cases, each audited
/// when `audited(day, score)` says so.
fn monitor_days(days: i64, audited: impl Fn(i64, f64) -> bool) -> Monitoring {
    monitor_days_and(days, audited, &[])
}

/// As [`monitor_days`], with `extra` cases (instant, score) after the days, not
/// audited.
fn monitor_days_and(
    days: i64,
    audited: impl Fn(i64, f64) -> bool,
    extra: &[(i64, f64)],
) -> Monitoring {
    let evaluation = evaluation();
    let (sweep, report) = launch_report(&evaluation, CONTEXT, None);
    let mut rng = StdRng::seed_from_u64(41);
    let (mut scores, mut timestamps, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for day in 0..days {
        for i in 0..240_i64 {
            let (s, p) = draw_case(&mut rng, 0.1);
            scores.push(s);
            // Midnight to 23:54: each day whole.
            timestamps.push(MONDAY + day * DAY_MS + i * 6 * 60_000);
            labels.push(audited(day, s).then_some(p));
        }
    }
    for &(t, s) in extra {
        scores.push(s);
        timestamps.push(t);
        labels.push(None);
    }
    monitor_period(
        &Launch {
            report: &report,
            sweep: &sweep,
            evaluation: &evaluation,
            row_costs: None,
        },
        (scores, timestamps, labels),
        None,
        None,
    )
}

#[test]
fn a_week_without_an_audit_still_judges_what_is_counted() {
    // Everything audited in week 1, nothing in week 2: week 2's volume, flags and
    // share flagged are counted exactly and judged; its audited figures cannot tell.
    let m = monitor_days(14, |day, _| day < 7);
    assert_eq!(m.weeks.len(), 2);
    for p in &m.weeks[1].promises {
        let counted = matches!(
            p.quantity,
            Quantity::Volume | Quantity::Flagged | Quantity::ShareFlagged
        );
        assert_eq!(
            p.verdict == Verdict::CannotTell,
            !counted,
            "{:?}: {:?}",
            p.quantity,
            p.verdict
        );
    }
}

#[test]
fn one_day_judges_nothing_over_the_whole_period_either() {
    // A single whole day, fully audited: no average day to hold a promise to,
    // counted or audited, over the whole period as in its one week.
    let m = monitor_days(1, |_, _| true);
    assert_eq!(m.period.whole_days, 1);
    for p in m.promises.iter().chain(&m.weeks[0].promises) {
        assert_eq!(p.verdict, Verdict::CannotTell, "{:?}", p.quantity);
    }
    // Two days are judged.
    let m = monitor_days(2, |_, _| true);
    assert!(m.promises.iter().any(|p| p.verdict != Verdict::CannotTell));
}

#[test]
fn a_stray_late_case_counts_for_what_it_holds() {
    // 14 whole days of 240 cases, flagged cases all audited and a fifth of the
    // rest; then one unaudited case 100 days later, at 13:00 (the clock: 13/24 of
    // a day) or at 23:55 (the clock: a whole day). By the clock the audit's caught
    // and missed a day fell by 13/24 / 14.54 = 3.7 % (6.7 % for the whole day),
    // while the flags a day, over whole days, did not move. Counted for its cases,
    // the stray day is 1/240 of a day: the per-day figures move by
    // (1/240) / 14.004 = 0.03 %, far inside their sampling noise, and the counted
    // figures not at all.
    let audited = |day: i64, s: f64| s >= 0.5 || (day * 7 + (s * 1e6) as i64) % 5 == 0;
    let clean = monitor_days(14, audited);
    let later = MONDAY + 100 * DAY_MS;
    for (stray, clock) in [
        (later + 13 * 3_600_000, 13.0 / 24.0),
        (later + 86_100_000, 1.0),
    ] {
        let m = monitor_days_and(14, audited, &[(stray, 0.1)]);
        assert_eq!(m.period.days, 101);
        assert_eq!(m.period.whole_days, 14);
        let last = m.days.last().unwrap();
        assert_eq!(last.coverage, Coverage::Partial(1.0 / 240.0), "{clock}");
        assert!((m.period.observed_days - (14.0 + 1.0 / 240.0)).abs() < 1e-12);
        let (with, without) = (
            m.audit.as_ref().unwrap().per_day.unwrap(),
            clean.audit.as_ref().unwrap().per_day.unwrap(),
        );
        // The caught: the same flagged total over 14 + 1/240 days instead of 14.
        let ratio = with.caught.unwrap().value / without.caught.unwrap().value;
        assert!(
            (ratio - 14.0 / (14.0 + 1.0 / 240.0)).abs() < 1e-12,
            "{ratio}"
        );
        let noise = |q: Quantity| {
            let p = clean.promises.iter().find(|p| p.quantity == q).unwrap();
            p.observed.map(|o| o.high - o.low).unwrap()
        };
        for (a, b, q) in [
            (with.caught, without.caught, Quantity::Caught),
            (with.missed, without.missed, Quantity::Missed),
        ] {
            let (a, b) = (a.unwrap(), b.unwrap());
            // The missed: one more unflagged case in the group's total too.
            assert!((a.value / b.value - 1.0).abs() < 1e-3, "{a:?} {b:?}");
            // Within a hundredth of the average day's range.
            assert!((b.value - a.value).abs() < 0.01 * noise(q), "{a:?} {b:?}");
            // By the clock: 14 / (14 + clock), a drop of 3.7 % or 6.7 %.
            assert!(1.0 - 14.0 / (14.0 + clock) > 0.035);
        }
        // The per-day promises count the same whole days with and without it.
        for (p, q) in m.promises.iter().zip(&clean.promises) {
            if matches!(
                p.quantity,
                Quantity::Volume | Quantity::Flagged | Quantity::ShareFlagged
            ) {
                assert_eq!(p.observed, q.observed, "{:?}", p.quantity);
            }
        }
        // The warnings stay: the partial day and the 86 empty days between.
        assert!(m.warnings.iter().any(|w| matches!(
            w,
            MonitoringWarning::PartialDays { days } if days.len() == 1
        )));
        assert!(m.warnings.iter().any(|w| matches!(
            w,
            MonitoringWarning::EmptyDays { dates } if dates.len() == 86
        )));
    }
}

#[test]
fn impossible_scores_are_named_with_an_example_and_its_row() {
    // Evaluation scores in (0, 1); production gets 7.5 and −1e308 after two days
    // of 240 cases: rows 481 and 482.
    let noon = MONDAY + DAY_MS + 12 * 3_600_000;
    let m = monitor_days_and(2, |_, _| false, &[(noon, 7.5), (noon + 1, -1e308)]);
    let warning = m
        .warnings
        .iter()
        .find(|w| matches!(w, MonitoringWarning::ImpossibleScores { .. }))
        .unwrap();
    let MonitoringWarning::ImpossibleScores {
        count,
        example,
        row,
        evaluation: (lo, hi),
    } = warning
    else {
        unreachable!()
    };
    assert_eq!((*count, *example, *row), (2, 7.5, 481));
    assert!(*lo > 0.0 && *hi < 1.0 && lo < hi);
    // Scores within the evaluation's range raise nothing.
    let clean = monitor_days(2, |_, _| false);
    assert!(
        !clean
            .warnings
            .iter()
            .any(|w| matches!(w, MonitoringWarning::ImpossibleScores { .. }))
    );
}
