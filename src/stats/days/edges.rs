//! A first or last day counts for what it holds (issue 27). The clock alone says
//! how much of an edge day a period covers: from its first case to midnight, or
//! from midnight to its last. One case with a wrong timestamp days or years after
//! the rest makes a last "day" of a single case that the clock counts as up to a
//! whole day, and every total spread over the days observed (the audit's caught
//! and missed a day, the calibrated estimate's, the cost a day) drops by that
//! share, while the counted figures, averaged over whole days, do not.
//!
//! The rule, for the first and the last day when at least one whole day lies
//! between them (`m`: the mean cases of the whole days between, `c`: the edge
//! day's cases):
//! - a partial edge day counts for min(its clock share, c / m) of a day: it cannot
//!   stand for more of a day than the hours it covers, nor for more than its cases
//!   make of an average day. A stray case counts as 1/m of a day, so totals over
//!   the days observed equal those without it to within 1/m; logging that began at
//!   noon keeps about half a day, from both the clock and the cases. Where the
//!   covered hours are busier than the day's average the clock share binds and the
//!   per-day figures lean high by at most (c/m − clock share) / days observed.
//! - an edge day the clock calls whole but that holds fewer than half the cases of
//!   the quietest whole day between is partial too, counted as c / m of a day: a
//!   stray case at 23:55 closes its day by the clock but is no day of traffic.
//!   Half the quietest day leaves a quiet weekend day at the edge whole, since the
//!   quiet weekend days between set the bar.
//!
//! Without a whole day between (one or two days in all) nothing is known of a
//! day's cases, and the clock's shares stand.

use super::Coverage;

/// Applies the module's rule to `coverage` (the clock's, for consecutive days),
/// given each day's `cases`.
pub fn count_edges_by_cases(coverage: &mut [Coverage], cases: &[f64]) {
    let count = coverage.len().min(cases.len());
    if count < 3 {
        return;
    }
    let between: Vec<f64> = (1..count - 1)
        .filter(|&i| coverage[i] == Coverage::Whole && cases[i] > 0.0)
        .map(|i| cases[i])
        .collect();
    if between.is_empty() {
        return;
    }
    let mean = between.iter().sum::<f64>() / between.len() as f64;
    let fewest = between.iter().copied().fold(f64::INFINITY, f64::min);
    for i in [0, count - 1] {
        let share = cases[i] / mean;
        coverage[i] = match coverage[i] {
            Coverage::Partial(clock) => Coverage::Partial(clock.min(share)),
            Coverage::Whole if cases[i] < fewest / 2.0 => Coverage::Partial(share.min(1.0)),
            other => other,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_days_count_for_their_cases() {
        use Coverage::{Empty, Partial, Whole};
        // Three whole days of 400, 380, 420 between (mean 400, fewest 380).
        let between = [Whole, Whole, Whole];
        let cases = [200.0, 400.0, 380.0, 420.0, 1.0];
        // A first day from noon (clock ½, 200 cases = ½ day) and a stray last case
        // the clock calls 0.54 of a day: ½ and 1/400.
        let mut coverage = [
            Partial(0.5),
            between[0],
            between[1],
            between[2],
            Partial(0.54),
        ];
        count_edges_by_cases(&mut coverage, &cases);
        assert_eq!(coverage[0], Partial(0.5));
        assert_eq!(coverage[4], Partial(1.0 / 400.0));
        assert_eq!(&coverage[1..4], &between);
        // Busier hours than average: the clock binds (120 cases in a quarter day).
        let mut coverage = [Partial(0.25), Whole, Whole, Whole, Whole];
        count_edges_by_cases(&mut coverage, &[120.0, 400.0, 380.0, 420.0, 400.0]);
        assert_eq!(coverage[0], Partial(0.25));
        // A stray at 23:55 the clock calls whole: 1 case < 380 / 2, so 1/400.
        let mut coverage = [Whole, Whole, Whole, Empty, Whole, Whole];
        count_edges_by_cases(&mut coverage, &[410.0, 400.0, 380.0, 0.0, 420.0, 1.0]);
        assert_eq!(coverage[5], Partial(1.0 / 400.0));
        assert_eq!(coverage[0], Whole, "410 cases: whole");
        // A quiet last day above half the quietest whole day stays whole.
        let mut coverage = [Whole, Whole, Whole, Whole];
        count_edges_by_cases(&mut coverage, &[400.0, 400.0, 200.0, 101.0]);
        assert_eq!(coverage[3], Whole);
        // Nothing between: the clock's shares stand.
        let mut coverage = [Partial(0.5), Partial(0.54)];
        count_edges_by_cases(&mut coverage, &[200.0, 1.0]);
        assert_eq!(coverage, [Partial(0.5), Partial(0.54)]);
    }
}
