//! Test-only samplers for the coverage simulations: exact binomial and multinomial
//! draws that cost far fewer uniforms than one per case, so that thousands of
//! repetitions stay fast in a debug build.

use rand::RngExt;
use rand::rngs::StdRng;

/// A Binomial(n, p) draw. With few expected successes (n·p ≤ 30 on the rarer
/// side), the waiting-time method (Devroye 1986, "Non-Uniform Random Variate
/// Generation", X.4.3): geometric gaps between successes. Otherwise inversion of one
/// uniform, searching outwards from the mode (Devroye 1986, III.2), in about one
/// standard deviation of steps.
pub(crate) fn binomial(rng: &mut StdRng, n: u64, p: f64) -> u64 {
    if p <= 0.0 || n == 0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    if n as f64 * p > 30.0 {
        return binomial_from_mode(rng, n, p);
    }
    let log_q = (1.0 - p).ln();
    let (mut successes, mut position) = (0, 0.0_f64);
    loop {
        let u: f64 = rng.random();
        // 1 − u lies in (0, 1], so the gap is finite or +inf (never NaN).
        position += ((1.0 - u).ln() / log_q).floor() + 1.0;
        if position > n as f64 {
            return successes;
        }
        successes += 1;
    }
}

/// Inversion with the support visited in the order mode, mode + 1, mode − 1,
/// mode + 2, …; any fixed order gives an exact draw.
fn binomial_from_mode(rng: &mut StdRng, n: u64, p: f64) -> u64 {
    let mode = ((n + 1) as f64 * p).floor().min(n as f64) as u64;
    let odds = p / (1.0 - p);
    let at_mode = (statrs::function::factorial::ln_binomial(n, mode)
        + mode as f64 * p.ln()
        + (n - mode) as f64 * (1.0 - p).ln())
    .exp();
    let mut u: f64 = rng.random();
    u -= at_mode;
    if u < 0.0 {
        return mode;
    }
    let (mut up, mut up_pmf) = (mode, at_mode);
    let (mut down, mut down_pmf) = (mode, at_mode);
    loop {
        let mut moved = false;
        if up < n {
            up_pmf *= (n - up) as f64 / (up + 1) as f64 * odds;
            up += 1;
            u -= up_pmf;
            if u < 0.0 {
                return up;
            }
            moved = true;
        }
        if down > 0 {
            down_pmf *= down as f64 / (n - down + 1) as f64 / odds;
            down -= 1;
            u -= down_pmf;
            if u < 0.0 {
                return down;
            }
            moved = true;
        }
        if !moved || (up_pmf < 1e-300 && down_pmf < 1e-300) {
            // Rounding left u a hair above the total mass.
            return mode;
        }
    }
}

/// A Multinomial(n, probabilities) draw by successive conditional binomials.
pub(crate) fn multinomial<const K: usize>(
    rng: &mut StdRng,
    n: u64,
    probabilities: &[f64; K],
) -> [u64; K] {
    let mut out = [0; K];
    let (mut left, mut mass) = (n, 1.0);
    for (k, &p) in probabilities.iter().enumerate() {
        if k + 1 == K {
            out[k] = left;
            break;
        }
        let draw = binomial(rng, left, (p / mass).clamp(0.0, 1.0));
        out[k] = draw;
        left -= draw;
        mass -= p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn binomial_mean_and_variance() {
        let mut rng = StdRng::seed_from_u64(7);
        for (n, p) in [
            (50, 0.03),
            (1000, 0.7),
            (20, 0.5),
            (5000, 0.3),
            (200_000, 0.06),
        ] {
            let draws: Vec<f64> = (0..20_000)
                .map(|_| binomial(&mut rng, n, p) as f64)
                .collect();
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / draws.len() as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (mean - m).abs() < 4.0 * (v / 20_000.0).sqrt(),
                "{n} {p}: {mean}"
            );
            assert!((var / v - 1.0).abs() < 0.05, "{n} {p}: {var}");
        }
    }

    #[test]
    fn binomial_distribution_matches_its_cdf() {
        use statrs::distribution::{Binomial, DiscreteCDF};
        // Both branches: waiting time (n·p = 12) and inversion from the mode (n·p = 80).
        let mut rng = StdRng::seed_from_u64(11);
        for (n, p) in [(400_u64, 0.03), (200, 0.4)] {
            let draws = 20_000;
            let mut histogram = vec![0_u32; n as usize + 1];
            for _ in 0..draws {
                histogram[binomial(&mut rng, n, p) as usize] += 1;
            }
            let exact = Binomial::new(p, n).unwrap();
            let mut cumulative = 0.0;
            let mut largest_gap = 0.0_f64;
            for (k, &count) in histogram.iter().enumerate() {
                cumulative += f64::from(count) / f64::from(draws);
                largest_gap = largest_gap.max((cumulative - exact.cdf(k as u64)).abs());
            }
            // Kolmogorov's 1 % critical value, conservative for a discrete law.
            assert!(
                largest_gap < 1.63 / f64::from(draws).sqrt(),
                "{n} {p}: {largest_gap}"
            );
        }
    }
}
