//! Cutting production into calendar days (in the context's zone) and 7-day weeks,
//! and holding each day's flags against the promised band and the capacity.
//!
//! What each day saw (issue 22): production is observed from its first case to
//! its last. The first (last) day is *partial* when production starts (ends) in
//! it more than 15 minutes later (earlier) in the day than on any day between —
//! cut by the zone, or by when production started: shown, but left out of the
//! per-day averages and the band (a few hours are not a day); its observed share
//! is the part of it between the first and the last case, but no more than its
//! cases make of an average whole day (issue 27: a stray case with a late
//! timestamp counts as 1/m of a day, not as the hours to midnight); an edge day
//! the clock calls whole but holding under half the cases of the quietest whole
//! day is partial likewise (`stats::days::edges` holds the rule). A day with no
//! case at all inside the period is *empty*: taken as not observed (an export gap,
//! not a quiet day), named, and left out likewise. Totals spread over days (the
//! audit's, the calibrated estimate's, the advice's) are divided by the days
//! observed: 1 for each whole day plus each partial day's observed share. When no
//! day is whole (a single pilot day) every day with cases counts as whole, since
//! nothing better is known; a range over fewer than two whole days cannot tell.
//!
//! Weeks (the periods verdicts are also given for) are consecutive 7-day blocks
//! from the first whole day: a partial first day joins the first week (shown and
//! counted in its cases, left out of its per-day averages like any partial day);
//! the last week holds what is left (1–7 days, a partial last day among them) and
//! is marked short when it has fewer than seven whole days.

use chrono::{DateTime, NaiveDate};

use super::MonitoringProblem;
pub use crate::stats::days::Coverage;
use crate::stats::days::edges::count_edges_by_cases;
use crate::stats::days::{MAX_DAYS, day_coverage};
use crate::stats::interval::Estimate;
use crate::stats::monitoring::share_of_days_outside;
use crate::stats::workload::Workload;
use crate::stats::zone::Zone;

const DAY_MS: i64 = 86_400_000;

/// The production period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    /// The first and last calendar day with a case, in the context's zone.
    pub first_day: NaiveDate,
    /// See `first_day`.
    pub last_day: NaiveDate,
    /// Calendar days from the first to the last, both included.
    pub days: usize,
    /// Cases scored in the period.
    pub cases: usize,
    /// Cases at or above the threshold.
    pub flagged: usize,
    /// Days observed: 1 per whole day, a partial day's observed share, 0 for an
    /// empty day (see the module's rules).
    pub observed_days: f64,
    /// Whole days: the ones the per-day averages and the band rest on.
    pub whole_days: usize,
}

/// One calendar day of production.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductionDay {
    /// The local date.
    pub date: NaiveDate,
    /// Cases scored that day.
    pub cases: usize,
    /// Cases flagged that day.
    pub flagged: usize,
    /// How much of the day production covers.
    pub coverage: Coverage,
}

impl ProductionDay {
    /// Whether the day counts in per-day averages and the band.
    pub fn is_whole(&self) -> bool {
        self.coverage == Coverage::Whole
    }
}

/// The days held against the promised flags per day and the capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct DaysCheck {
    /// The launch report's flagged per day with its 95 % range.
    pub band: Estimate,
    /// `business.capacity_per_day`, if any.
    pub capacity: Option<f64>,
    /// Indices (into `Monitoring::days`) of days above and below the band.
    pub above_band: Vec<usize>,
    /// See `above_band`.
    pub below_band: Vec<usize>,
    /// Indices of days flagging more than the capacity.
    pub over_capacity: Vec<usize>,
    /// Days expected outside the band by day-to-day chance alone, were every day an
    /// average day flagging the promised number (binomial swings, normal
    /// approximation: `stats::monitoring::share_of_days_outside`).
    pub expected_outside: f64,
}

/// A 7-day block: its rows and dates.
pub(super) struct Block {
    pub(super) number: usize,
    pub(super) first_day: NaiveDate,
    pub(super) last_day: NaiveDate,
    pub(super) days: usize,
    /// Whole days in the block.
    pub(super) whole_days: usize,
    /// The block's indices into [`Cut::days`].
    pub(super) day_range: std::ops::Range<usize>,
    /// Days observed in the block (see [`Period::observed_days`]).
    pub(super) observed_days: f64,
    /// Production rows in the block, in file order.
    pub(super) rows: Vec<usize>,
}

/// The period, its days and its weeks.
pub(super) struct Cut {
    pub(super) period: Period,
    pub(super) days: Vec<ProductionDay>,
    pub(super) weeks: Vec<Block>,
    /// Each production row's day, as an index into `days`.
    pub(super) row_days: Vec<u32>,
}

fn date_of(day: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(day.checked_mul(DAY_MS)?).map(|t| t.date_naive())
}

/// Cuts `timestamps` (ms since the epoch) into local days in `zone` and weeks from
/// the first whole day (a partial first day joins the first week, which then spans
/// eight calendar days; the last week may be shorter than seven); `scores` at
/// `threshold` give each day's flags.
pub(super) fn cut(
    timestamps: &[i64],
    scores: &[f64],
    threshold: f64,
    zone: &Zone,
) -> Result<Cut, MonitoringProblem> {
    let by_time = || timestamps.iter().copied().enumerate();
    let (Some((earliest_row, earliest)), Some((latest_row, latest))) = (
        by_time().min_by_key(|&(_, t)| t),
        // The first row of the latest instant, as of the earliest.
        by_time().max_by_key(|&(row, t)| (t, std::cmp::Reverse(row))),
    ) else {
        return Err(MonitoringProblem::NoCases);
    };
    let span = latest.saturating_sub(earliest) / DAY_MS;
    let too_long = MonitoringProblem::PeriodTooLong {
        days: span,
        earliest: (earliest_row, earliest),
        latest: (latest_row, latest),
    };
    if span > MAX_DAYS {
        return Err(too_long);
    }
    let day_of = zone.day_cutter(earliest, latest);
    let local: Vec<i64> = timestamps.iter().map(|&t| day_of(t)).collect();
    // Over every row: where clocks go back, a later instant may fall on an earlier day.
    let (first, last) = local
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let (Some(first_day), Some(last_day)) = (date_of(first), date_of(last)) else {
        return Err(too_long);
    };
    let count = (last - first + 1) as usize;
    let mut days: Vec<ProductionDay> = (0..count)
        .map(|i| ProductionDay {
            date: first_day + chrono::Days::new(i as u64),
            cases: 0,
            flagged: 0,
            coverage: Coverage::Whole,
        })
        .collect();
    let mut flagged = 0;
    for (&day, &score) in local.iter().zip(scores) {
        let index = (day - first) as usize;
        let is_flagged = score >= threshold;
        days[index].cases += 1;
        days[index].flagged += usize::from(is_flagged);
        flagged += usize::from(is_flagged);
    }
    // What each day saw of the period [earliest, latest] (`day_coverage`'s rule).
    let mut spans: Vec<Option<(i64, i64)>> = vec![None; count];
    for (&day, &t) in local.iter().zip(timestamps) {
        let span = &mut spans[(day - first) as usize];
        *span = Some(span.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
    }
    let mut coverage = day_coverage(&spans, first, zone);
    let cases: Vec<f64> = days.iter().map(|d| d.cases as f64).collect();
    count_edges_by_cases(&mut coverage, &cases);
    for (day, coverage) in days.iter_mut().zip(coverage) {
        day.coverage = coverage;
    }
    // Weeks from the first whole day: a partial first day joins the first week.
    let lead = usize::from(count > 1 && matches!(days[0].coverage, Coverage::Partial(_)));
    let week_of = |index: usize| index.saturating_sub(lead) / 7;
    let mut weeks: Vec<Block> = (0..(count - lead).div_ceil(7))
        .map(|w| {
            let start = if w == 0 { 0 } else { lead + w * 7 };
            let end = (lead + (w + 1) * 7).min(count);
            Block {
                number: w + 1,
                first_day: days[start].date,
                last_day: days[end - 1].date,
                days: end - start,
                whole_days: days[start..end].iter().filter(|d| d.is_whole()).count(),
                day_range: start..end,
                observed_days: days[start..end].iter().map(|d| d.coverage.observed()).sum(),
                rows: Vec::new(),
            }
        })
        .collect();
    for (row, &day) in local.iter().enumerate() {
        weeks[week_of((day - first) as usize)].rows.push(row);
    }
    Ok(Cut {
        period: Period {
            first_day,
            last_day,
            days: count,
            cases: timestamps.len(),
            flagged,
            observed_days: days.iter().map(|d| d.coverage.observed()).sum(),
            whole_days: days.iter().filter(|d| d.is_whole()).count(),
        },
        days,
        weeks,
        row_days: local.iter().map(|&d| (d - first) as u32).collect(),
    })
}

/// Which days fall outside the promised `band` of flags per day or over `capacity`.
pub(super) fn check_days(
    days: &[ProductionDay],
    band: &Estimate,
    planned: &Workload,
    capacity: Option<f64>,
) -> DaysCheck {
    // Only whole days are held against the band and the capacity.
    let indices = |keep: &dyn Fn(f64) -> bool| -> Vec<usize> {
        days.iter()
            .enumerate()
            .filter(|(_, d)| d.is_whole() && keep(d.flagged as f64))
            .map(|(i, _)| i)
            .collect()
    };
    let whole = days.iter().filter(|d| d.is_whole()).count();
    DaysCheck {
        band: *band,
        capacity,
        above_band: indices(&|f| f > band.high),
        below_band: indices(&|f| f < band.low),
        over_capacity: capacity.map_or_else(Vec::new, |c| indices(&|f| f > c)),
        expected_outside: whole as f64
            * share_of_days_outside(band.value, planned.volume_per_day, band.low, band.high),
    }
}
