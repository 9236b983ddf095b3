//! The drift chart's bins: the PSI's deciles far from the threshold, and finer bins
//! around it, with the threshold itself as an edge, so the flagged region and the
//! scores just below it can be seen. Only the chart and its table use these bins;
//! the PSI and the Kolmogorov–Smirnov test keep their own (decile) binning.

use super::Weighted;

/// Bins for the drift chart, and each sample's share of cases in them (raw shares,
/// no ½-case correction: they are read, not logged).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBins {
    /// Inner edges, increasing; bin k is [eₖ₋₁, eₖ), the first (−∞, e₀), the last
    /// [e_last, +∞). The threshold is one of them.
    pub edges: Vec<f64>,
    /// The reference's (weighted) share in each bin; sums to 1.
    pub reference_shares: Vec<f64>,
    /// Each production sample's share in each bin, in the order given.
    pub production_shares: Vec<Vec<f64>>,
}

/// How many bins split the flagged region (the reference's mass at or above the
/// threshold), each holding an equal share of it.
const FLAGGED_BINS: usize = 4;

/// How many bins of the same mass as the flagged region lie just below the threshold.
const BELOW_BINS: usize = 2;

/// Chart bins: the decile edges `psi_edges` below the fine region; the fine region
/// is the `BELOW_BINS` bins below the threshold and the `FLAGGED_BINS` above it,
/// each holding (1 − F(t))/`FLAGGED_BINS`·… of the reference — precisely: with
/// a = F(t) the reference's weighted share below the threshold and m = 1 − a, edges
/// at the reference quantiles a − j·m (j = 1…`BELOW_BINS`, when above 0), the
/// threshold, and a + j·m/`FLAGGED_BINS` (j = 1…3). `None` when a sample is
/// empty or not finite, or the weights are not valid.
pub fn chart_bins(
    reference: &[f64],
    weights: Option<&[f64]>,
    psi_edges: &[f64],
    production: &[&[f64]],
    threshold: f64,
) -> Option<ChartBins> {
    let reference = Weighted::new(reference, weights)?;
    if !threshold.is_finite() {
        return None;
    }
    let below: f64 = reference
        .values
        .iter()
        .zip(&reference.weights)
        .filter(|&(&x, _)| x < threshold)
        .map(|(_, w)| w)
        .sum::<f64>()
        / reference.total;
    let flagged = 1.0 - below;
    // The lowest value with at least `share` of the weight strictly below it.
    let quantile = |share: f64| -> Option<f64> {
        let mut under = 0.0;
        reference.groups().find_map(|(value, weight)| {
            let hit = under >= share * reference.total - 1e-12 * reference.total;
            under += weight;
            hit.then_some(value)
        })
    };
    let mut fine = vec![threshold];
    if flagged > 0.0 && below > 0.0 {
        for j in 1..=BELOW_BINS {
            let share = below - j as f64 * flagged;
            if share > 0.0 {
                fine.extend(quantile(share));
            }
        }
        for j in 1..FLAGGED_BINS {
            fine.extend(quantile(below + j as f64 * flagged / FLAGGED_BINS as f64));
        }
    }
    let lowest_fine = fine.iter().copied().fold(f64::INFINITY, f64::min);
    let mut edges: Vec<f64> = psi_edges
        .iter()
        .copied()
        .filter(|&e| e < lowest_fine)
        .chain(fine)
        .collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup();
    let bin_of = |x: f64| edges.partition_point(|&e| e <= x);
    let bins = edges.len() + 1;
    let mut reference_counts = vec![0.0; bins];
    for (&x, &w) in reference.values.iter().zip(&reference.weights) {
        reference_counts[bin_of(x)] += w;
    }
    let reference_shares = reference_counts
        .iter()
        .map(|c| c / reference.total)
        .collect();
    let production_shares = production
        .iter()
        .map(|scores| {
            if scores.is_empty() || scores.iter().any(|x| !x.is_finite()) {
                return None;
            }
            let mut counts = vec![0.0; bins];
            for &x in *scores {
                counts[bin_of(x)] += 1.0;
            }
            Some(counts.iter().map(|c| c / scores.len() as f64).collect())
        })
        .collect::<Option<Vec<Vec<f64>>>>()?;
    Some(ChartBins {
        edges,
        reference_shares,
        production_shares,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_is_an_edge_and_the_flagged_region_is_split() {
        // 1,000 scores 0.0005, 0.0015, …: 5 % at or above 0.95.
        let reference: Vec<f64> = (0..1000).map(|i| (i as f64 + 0.5) / 1000.0).collect();
        let deciles: Vec<f64> = (1..10).map(|k| k as f64 / 10.0 + 0.0005).collect();
        let production = vec![0.96, 0.97, 0.5, 0.1];
        let bins = chart_bins(&reference, None, &deciles, &[&production], 0.95).unwrap();
        assert!(bins.edges.contains(&0.95));
        // Four bins of 1.25 % above the threshold, two of 5 % below it, and the
        // deciles below 0.85.
        let above: Vec<f64> = bins.edges.iter().copied().filter(|&e| e > 0.95).collect();
        assert_eq!(above.len(), 3);
        assert!(bins.edges.iter().all(|&e| e <= 0.8006 || e >= 0.85));
        let flagged_shares: f64 = bins
            .edges
            .iter()
            .zip(bins.reference_shares.iter().skip(1))
            .filter(|&(&e, _)| e >= 0.95)
            .map(|(_, s)| s)
            .sum();
        assert!((flagged_shares - 0.05).abs() < 1e-12);
        assert!((bins.reference_shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((bins.production_shares[0].iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(bins.edges.windows(2).all(|w| w[0] < w[1]));
    }
}
