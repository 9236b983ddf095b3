//! The evaluation period day by day at one threshold: flagged, caught and missed per
//! calendar day, scaled to production volume and prevalence, so a reader sees what a
//! bad day looks like next to the average. Days are cut at local midnight in the
//! context's zone (UTC unless it names one; see `crate::stats::zone`). Pure.
//!
//! What each day saw (issue 22): the data is observed from its first case to its
//! last. The first (last) day is *partial* when the data starts (ends) in it more
//! than 15 minutes later (earlier) in the day than on any day between — cut by the
//! zone, or by when collection started: shown, but left out of what is said about
//! typical days (a few hours are not a day). Its observed share is the part of it
//! between the first and the last case. [`day_coverage`] holds the rule for the
//! report and for `tradeoff monitor`.

use chrono::{DateTime, Datelike, NaiveDate};

pub mod edges;

use crate::stats::tally::tally_groups;
use crate::stats::weights::RowWeights;
use crate::stats::workload::Workload;
use crate::stats::zone::Zone;

/// The longest evaluation period broken down by day (about 27 years).
pub const MAX_DAYS: i64 = 10_000;

const DAY_MS: i64 = 86_400_000;

/// A first or last day missing at most this much (ms) of its length is whole: the
/// first case rarely falls on midnight exactly.
const WHOLE_DAY_SLACK_MS: i64 = 15 * 60 * 1000;

/// How much of a calendar day the data covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coverage {
    /// The whole day (or all that is known, for a period without whole days).
    Whole,
    /// The first or last day, covered in part: the observed share of its length.
    Partial(f64),
    /// No case that day, though the period covers it.
    Empty,
}

impl Coverage {
    /// The day's weight in "days observed".
    pub fn observed(self) -> f64 {
        match self {
            Coverage::Whole => 1.0,
            Coverage::Partial(share) => share,
            Coverage::Empty => 0.0,
        }
    }

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Coverage::Whole => "whole",
            Coverage::Partial(_) => "partial",
            Coverage::Empty => "empty",
        }
    }
}

/// Each local day's coverage, for the days `first`, `first + 1`, … (days since the
/// epoch in local time), from the earliest and latest instant (ms) seen on each;
/// `None` for a day without cases. The first and last days are partial only when
/// the data starts (ends) later (earlier) in them than on any day between: traffic
/// that runs 06:00–22:00, or timestamps that are dates, make no day partial. When
/// no day is whole (a single pilot day) every day with cases counts as whole, since
/// nothing better is known.
pub fn day_coverage(spans: &[Option<(i64, i64)>], first: i64, zone: &Zone) -> Vec<Coverage> {
    let count = spans.len();
    let earliest = spans.iter().flatten().map(|s| s.0).min();
    let latest = spans.iter().flatten().map(|s| s.1).max();
    let (Some(earliest), Some(latest)) = (earliest, latest) else {
        return vec![Coverage::Empty; count];
    };
    let bounds = |i: usize| {
        let local = first + i as i64;
        (zone.local_midnight(local), zone.local_midnight(local + 1))
    };
    let (mut late_start, mut early_end) = (None::<i64>, None::<i64>);
    let interior = spans
        .iter()
        .enumerate()
        .take(count.saturating_sub(1))
        .skip(1);
    for (i, span) in interior {
        if let Some((lo, hi)) = *span {
            let (start, end) = bounds(i);
            late_start = Some(late_start.map_or(lo - start, |m| m.max(lo - start)));
            early_end = Some(early_end.map_or(end - hi, |m| m.max(end - hi)));
        }
    }
    let mut coverage: Vec<Coverage> = (0..count)
        .map(|i| {
            let (start, end) = bounds(i);
            let length = (end - start).max(1);
            let covered =
                (end.min(latest.saturating_add(1)) - start.max(earliest)).clamp(0, length);
            let cut_short = match (spans[i], late_start, early_end) {
                (Some((lo, _)), Some(late), _)
                    if i == 0 && lo - start > late + WHOLE_DAY_SLACK_MS =>
                {
                    true
                }
                (Some((_, hi)), _, Some(early))
                    if i + 1 == count && end - hi > early + WHOLE_DAY_SLACK_MS =>
                {
                    true
                }
                _ => false,
            };
            match spans[i] {
                None => Coverage::Empty,
                Some(_) if cut_short => Coverage::Partial(covered as f64 / length as f64),
                Some(_) => Coverage::Whole,
            }
        })
        .collect();
    if !coverage.contains(&Coverage::Whole) {
        for (c, span) in coverage.iter_mut().zip(spans) {
            if span.is_some() {
                *c = Coverage::Whole;
            }
        }
    }
    coverage
}

/// Where each row's day comes from.
#[derive(Debug, Clone, Copy)]
pub struct DayStamps<'a> {
    /// Each row's instant (ms since the epoch), cut into days in `cut`.
    pub instants: &'a [i64],
    /// When each row stands for many cases (an engine's summary by day): the
    /// first and last instant (ms) among them; `None`: each row's own instant.
    pub seen: Option<(&'a [i64], &'a [i64])>,
    /// The zone that cuts `instants` into days: the context's, or UTC for an
    /// engine's dates (cut in the context's zone already).
    pub cut: Zone,
    /// The context's zone: where its days start and end.
    pub zone: Zone,
}

/// One calendar day of the evaluation, in production terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// The local calendar day.
    pub date: NaiveDate,
    /// How much of the day the evaluation covers.
    pub coverage: Coverage,
    /// Evaluation cases (weighted) that day.
    pub cases: f64,
    /// Per production day: V × the day's rates at production prevalence.
    pub flagged: f64,
    /// Positives flagged, at production scale.
    pub caught: f64,
    /// Positives not flagged, at production scale.
    pub missed: f64,
}

/// Days in date order.
pub fn build_days(
    stamps: &DayStamps,
    scores: &[f64],
    positive: &[bool],
    weights: RowWeights,
    threshold: f64,
    workload: &Workload,
) -> Vec<Day> {
    // Whole days since the epoch in local time: one lookup per row into a dense
    // table, a date made once per day.
    let timestamps = stamps.instants;
    let (Some(&earliest), Some(&latest)) = (timestamps.iter().min(), timestamps.iter().max())
    else {
        return Vec::new();
    };
    // A period longer than MAX_DAYS is not a day-by-day story (and would need a huge
    // table): no breakdown.
    if latest.saturating_sub(earliest) / DAY_MS > MAX_DAYS {
        return Vec::new();
    }
    let day_of = stamps.cut.day_cutter(earliest, latest);
    // Over every row, not just the first and last instant: where clocks go back at
    // midnight a later instant can fall on an earlier local day.
    let (first, last) = timestamps
        .iter()
        .map(|&t| day_of(t))
        .fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let tallies = tally_groups(
        (last - first + 1) as usize,
        |i| (day_of(timestamps[i]) - first) as usize,
        scores,
        positive,
        weights,
        threshold,
    );
    // What each day saw: rows of weight 0 count for nothing, but were seen.
    let mut spans: Vec<Option<(i64, i64)>> = vec![None; (last - first + 1) as usize];
    for (i, &t) in timestamps.iter().enumerate() {
        let (lo, hi) = stamps.seen.map_or((t, t), |(lo, hi)| (lo[i], hi[i]));
        let span = &mut spans[(day_of(t) - first) as usize];
        *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
    }
    let coverage = day_coverage(&spans, first, &stamps.zone);
    // A day's rates, applied to a production day: positives at the production share.
    let positives_per_day = workload.positives_per_day();
    let negatives_per_day = workload.negatives_per_day();
    tallies
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.cases() > 0.0)
        .filter_map(|(i, t)| {
            let date = DateTime::from_timestamp_millis((first + i as i64) * DAY_MS)?.date_naive();
            let tpr = if t.positives > 0.0 {
                t.caught / t.positives
            } else {
                0.0
            };
            let fpr = if t.negatives > 0.0 {
                t.false_alarms / t.negatives
            } else {
                0.0
            };
            Some(Day {
                date,
                coverage: coverage[i],
                cases: t.cases(),
                flagged: positives_per_day * tpr + negatives_per_day * fpr,
                caught: positives_per_day * tpr,
                missed: positives_per_day * (1.0 - tpr),
            })
        })
        .collect()
}

/// Mean flagged per day for each weekday, Monday first; `None` for weekdays
/// without data. Partial days are left out.
pub fn flagged_by_weekday(days: &[Day]) -> [Option<f64>; 7] {
    let mut sums = [(0.0, 0usize); 7];
    for day in days.iter().filter(|d| d.coverage == Coverage::Whole) {
        let w = day.date.weekday().num_days_from_monday() as usize;
        sums[w].0 += day.flagged;
        sums[w].1 += 1;
    }
    sums.map(|(sum, n)| (n > 0).then(|| sum / n as f64))
}

/// Whether the weekdays differ beyond the day-to-day noise: a one-way analysis of
/// variance of each day's flags grouped by weekday (F with 6 and n − 7 degrees of
/// freedom), as `scipy.stats.f_oneway` computes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekdayTest {
    /// Days tested.
    pub days: usize,
    /// The F statistic: between-weekday mean square over within-weekday mean square.
    pub f_statistic: f64,
    /// P(F ≥ f) under equal weekday means.
    pub p_value: f64,
    /// The weekday whose days flag the most on average (0 = Monday).
    pub peak: usize,
    /// How far its mean lies above the mean of the seven weekday means, as a share.
    pub peak_above: f64,
}

/// A weekday pattern is claimed only at p below this …
pub const WEEKDAY_ALPHA: f64 = 0.05;

/// … and only when the busiest weekday flags at least this share more than the
/// average weekday (10 %): a smaller swing changes no staffing plan.
pub const WEEKDAY_MIN_ABOVE: f64 = 0.10;

impl WeekdayTest {
    /// Whether the weekdays differ beyond chance and by a practical size.
    pub fn is_pattern(&self) -> bool {
        self.p_value < WEEKDAY_ALPHA && self.peak_above >= WEEKDAY_MIN_ABOVE
    }
}

/// The weekday test over `days`; `None` unless every weekday occurs at least twice
/// (the within-weekday noise needs two days of one weekday).
pub fn weekday_test(days: &[Day]) -> Option<WeekdayTest> {
    // Partial first and last days are not days of their weekday.
    let days: Vec<&Day> = days
        .iter()
        .filter(|d| d.coverage == Coverage::Whole)
        .collect();
    let mut groups: [Vec<f64>; 7] = Default::default();
    for day in &days {
        groups[day.date.weekday().num_days_from_monday() as usize].push(day.flagged);
    }
    if groups.iter().any(|g| g.len() < 2) {
        return None;
    }
    let n = days.len() as f64;
    let means: Vec<f64> = groups
        .iter()
        .map(|g| g.iter().sum::<f64>() / g.len() as f64)
        .collect();
    let grand = days.iter().map(|d| d.flagged).sum::<f64>() / n;
    let between: f64 = groups
        .iter()
        .zip(&means)
        .map(|(g, m)| g.len() as f64 * (m - grand).powi(2))
        .sum();
    let within: f64 = groups
        .iter()
        .zip(&means)
        .map(|(g, m)| g.iter().map(|v| (v - m).powi(2)).sum::<f64>())
        .sum();
    let (df_between, df_within) = (6.0, n - 7.0);
    let (f_statistic, p_value) = if within > 0.0 {
        let f = (between / df_between) / (within / df_within);
        let dist = statrs::distribution::FisherSnedecor::new(df_between, df_within).ok()?;
        (f, statrs::distribution::ContinuousCDF::sf(&dist, f))
    } else if between > 0.0 {
        (f64::INFINITY, 0.0)
    } else {
        (0.0, 1.0)
    };
    let average = means.iter().sum::<f64>() / 7.0;
    let (peak, top) = means
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(WeekdayTest {
        days: days.len(),
        f_statistic,
        p_value,
        peak,
        peak_above: if average > 0.0 {
            (top - average) / average
        } else {
            0.0
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps<'a>(instants: &'a [i64], zone: &Zone) -> DayStamps<'a> {
        DayStamps {
            instants,
            seen: None,
            cut: *zone,
            zone: *zone,
        }
    }

    fn workload() -> Workload {
        Workload {
            volume_per_day: 100.0,
            prevalence: 0.5,
            costs: None,
        }
    }

    #[test]
    fn days_follow_the_offset() {
        // 2026-10-01T23:30Z and 2026-10-02T00:30Z: two UTC days, one day at −02:00.
        let ms = [1_790_897_400_000, 1_790_901_000_000];
        let utc = &Zone::utc();
        let west = &Zone::parse("-02:00").unwrap();
        let east = &Zone::parse("+0100").unwrap();
        let scores = [0.9, 0.1];
        let positive = [true, false];
        let in_utc = build_days(
            &stamps(&ms, utc),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(
            in_utc
                .iter()
                .map(|d| d.date.to_string())
                .collect::<Vec<_>>(),
            ["2026-10-01", "2026-10-02"]
        );
        let in_west = build_days(
            &stamps(&ms, west),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(in_west.len(), 1);
        assert_eq!(in_west[0].date.to_string(), "2026-10-01");
        let in_east = build_days(
            &stamps(&ms, east),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(
            in_east
                .iter()
                .map(|d| d.date.to_string())
                .collect::<Vec<_>>(),
            ["2026-10-02"]
        );
        // The one day at −02:00: TPR 1, FPR 0 → 50 caught, 50 flagged of 100.
        assert_eq!(
            (in_west[0].flagged, in_west[0].caught, in_west[0].missed),
            (50.0, 50.0, 0.0)
        );
        // Named zones follow daylight saving: in Berlin (UTC+2 in October until the
        // 25th) both instants fall on 2 October; in New York (UTC−4) on 1 October.
        let berlin = &Zone::parse("Europe/Berlin").unwrap();
        let in_berlin = build_days(
            &stamps(&ms, berlin),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(
            in_berlin
                .iter()
                .map(|d| d.date.to_string())
                .collect::<Vec<_>>(),
            ["2026-10-02"]
        );
        let new_york = &Zone::parse("America/New_York").unwrap();
        let in_new_york = build_days(
            &stamps(&ms, new_york),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(
            in_new_york
                .iter()
                .map(|d| d.date.to_string())
                .collect::<Vec<_>>(),
            ["2026-10-01"]
        );
    }

    #[test]
    fn absurd_periods_get_no_breakdown() {
        let utc = &Zone::utc();
        let days = build_days(
            &stamps(&[i64::MIN, i64::MAX], utc),
            &[0.9, 0.1],
            &[true, false],
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert!(days.is_empty());
    }

    #[test]
    fn first_and_last_days_cut_short_are_partial_and_summaries_agree() {
        // Cases every hour from 2026-10-01 18:00Z to 2026-10-04 05:00Z: in UTC the
        // first day is seen from 18:00 and the last until 05:00; the two between
        // are whole.
        let start = 1_790_877_600_000; // 2026-10-01T18:00:00Z
        let hours: Vec<i64> = (0..60).map(|h| start + h * 3_600_000).collect();
        let scores: Vec<f64> = (0..60).map(|i| f64::from(i % 10) / 10.0).collect();
        let positive: Vec<bool> = (0..60).map(|i| i % 3 == 0).collect();
        let utc = Zone::utc();
        let raw = build_days(
            &stamps(&hours, &utc),
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        let coverage: Vec<&str> = raw.iter().map(|d| d.coverage.key()).collect();
        assert_eq!(coverage, ["partial", "whole", "whole", "partial"]);
        assert!((raw[0].coverage.observed() - 0.25).abs() < 1e-9);
        assert!((raw[3].coverage.observed() - 5.0 / 24.0 - 1.0 / 86_400_000.0).abs() < 1e-9);
        // The same cases as an engine's summary: one row per case here, cut at UTC
        // midnights, each carrying its own first and last instant.
        let midnights: Vec<i64> = hours.iter().map(|t| t - t.rem_euclid(DAY_MS)).collect();
        let summary = DayStamps {
            instants: &midnights,
            seen: Some((&hours, &hours)),
            cut: utc,
            zone: utc,
        };
        let from_summary = build_days(
            &summary,
            &scores,
            &positive,
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert_eq!(raw, from_summary);
        // Traffic that never runs at night makes no day partial.
        let daytime: Vec<i64> = (0..3)
            .flat_map(|d| (8..20).map(move |h| 1_790_812_800_000 + d * DAY_MS + h * 3_600_000))
            .collect();
        let n = daytime.len();
        let days = build_days(
            &stamps(&daytime, &utc),
            &scores[..n],
            &positive[..n],
            RowWeights::default(),
            0.5,
            &workload(),
        );
        assert!(days.iter().all(|d| d.coverage == Coverage::Whole));
    }

    #[test]
    fn weekday_means() {
        let day = |d: u32, flagged: f64| Day {
            date: NaiveDate::from_ymd_opt(2026, 10, d).unwrap(),
            coverage: Coverage::Whole,
            cases: 1.0,
            flagged,
            caught: 0.0,
            missed: 0.0,
        };
        // 5 and 12 October 2026 are Mondays.
        let means = flagged_by_weekday(&[day(5, 10.0), day(12, 20.0), day(6, 7.0)]);
        assert_eq!(means[0], Some(15.0));
        assert_eq!(means[1], Some(7.0));
        assert_eq!(means[2], None);
    }

    fn day(date: NaiveDate, flagged: f64) -> Day {
        Day {
            date,
            coverage: Coverage::Whole,
            cases: 100.0,
            flagged,
            caught: 0.0,
            missed: 0.0,
        }
    }

    #[test]
    fn weekday_test_matches_a_hand_computed_anova() {
        // 14 days from Monday 2 Nov 2026: weekday w flags 10 + w in week 1 and
        // 12 + w in week 2. Group means 11 + w, grand mean 14; between SS =
        // 2·Σ(w − 3)² = 56, within SS = 7·2 = 14; F = (56/6)/(14/7) = 4.667.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let days: Vec<Day> = (0..14)
            .map(|i| {
                let w = (i % 7) as f64;
                day(
                    monday + chrono::Days::new(i),
                    if i < 7 { 10.0 + w } else { 12.0 + w },
                )
            })
            .collect();
        let test = weekday_test(&days).unwrap();
        assert!((test.f_statistic - 56.0 / 6.0 / 2.0).abs() < 1e-12);
        // scipy.stats.f.sf(56 / 6 / 2, 6, 7) = 0.031627
        assert!(
            (test.p_value - 0.031_626_945).abs() < 1e-8,
            "{}",
            test.p_value
        );
        assert_eq!(test.peak, 6);
        assert!((test.peak_above - 3.0 / 14.0).abs() < 1e-12);
        assert!(test.is_pattern());
        // A weekday seen once cannot be tested.
        assert!(weekday_test(&days[..13]).is_none());
    }
}
