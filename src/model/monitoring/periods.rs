//! Cutting production into calendar days (in the context's zone) and 7-day weeks,
//! and holding each day's flags against the promised band and the capacity.

use chrono::{DateTime, NaiveDate};

use super::MonitoringProblem;
use crate::stats::days::MAX_DAYS;
use crate::stats::interval::Estimate;
use crate::stats::monitoring::share_of_days_outside;
use crate::stats::production::Production;
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
    /// Production rows in the block, in file order.
    pub(super) rows: Vec<usize>,
}

/// The period, its days and its weeks.
pub(super) struct Cut {
    pub(super) period: Period,
    pub(super) days: Vec<ProductionDay>,
    pub(super) weeks: Vec<Block>,
}

fn date_of(day: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(day.checked_mul(DAY_MS)?).map(|t| t.date_naive())
}

/// Cuts `timestamps` (ms since the epoch) into local days in `zone` and weeks from
/// the first day; `scores` at `threshold` give each day's flags.
pub(super) fn cut(
    timestamps: &[i64],
    scores: &[f64],
    threshold: f64,
    zone: &Zone,
) -> Result<Cut, MonitoringProblem> {
    let (Some(&earliest), Some(&latest)) = (timestamps.iter().min(), timestamps.iter().max())
    else {
        return Err(MonitoringProblem::NoCases);
    };
    let span = latest.saturating_sub(earliest) / DAY_MS;
    if span > MAX_DAYS {
        return Err(MonitoringProblem::PeriodTooLong { days: span });
    }
    let day_of = zone.day_cutter(earliest, latest);
    let local: Vec<i64> = timestamps.iter().map(|&t| day_of(t)).collect();
    // Over every row: where clocks go back, a later instant may fall on an earlier day.
    let (first, last) = local
        .iter()
        .fold((i64::MAX, i64::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    let (Some(first_day), Some(last_day)) = (date_of(first), date_of(last)) else {
        return Err(MonitoringProblem::PeriodTooLong { days: span });
    };
    let count = (last - first + 1) as usize;
    let mut days: Vec<ProductionDay> = (0..count)
        .map(|i| ProductionDay {
            date: first_day + chrono::Days::new(i as u64),
            cases: 0,
            flagged: 0,
        })
        .collect();
    let mut weeks: Vec<Block> = (0..count.div_ceil(7))
        .map(|w| {
            let start = w * 7;
            let end = (start + 7).min(count);
            Block {
                number: w + 1,
                first_day: days[start].date,
                last_day: days[end - 1].date,
                days: end - start,
                rows: Vec::new(),
            }
        })
        .collect();
    let mut flagged = 0;
    for (row, (&day, &score)) in local.iter().zip(scores).enumerate() {
        let index = (day - first) as usize;
        let is_flagged = score >= threshold;
        days[index].cases += 1;
        days[index].flagged += usize::from(is_flagged);
        flagged += usize::from(is_flagged);
        weeks[index / 7].rows.push(row);
    }
    Ok(Cut {
        period: Period {
            first_day,
            last_day,
            days: count,
            cases: timestamps.len(),
            flagged,
        },
        days,
        weeks,
    })
}

/// Which days fall outside the promised `band` of flags per day or over `capacity`.
pub(super) fn check_days(
    days: &[ProductionDay],
    band: &Estimate,
    planned: &Production,
    capacity: Option<f64>,
) -> DaysCheck {
    let indices = |keep: &dyn Fn(f64) -> bool| -> Vec<usize> {
        days.iter()
            .enumerate()
            .filter(|(_, d)| keep(d.flagged as f64))
            .map(|(i, _)| i)
            .collect()
    };
    DaysCheck {
        band: *band,
        capacity,
        above_band: indices(&|f| f > band.high),
        below_band: indices(&|f| f < band.low),
        over_capacity: capacity.map_or_else(Vec::new, |c| indices(&|f| f > c)),
        expected_outside: days.len() as f64
            * share_of_days_outside(band.value, planned.volume_per_day, band.low, band.high),
    }
}
