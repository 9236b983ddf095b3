//! The fraud sample's score model, shared by `make_fraud_sample` (the evaluation
//! set) and `make_fraud_monitoring` (three weeks of production after launch): a
//! deterministic generator and logit-normal scores per class, rounded to 4
//! decimals as a model export would be.

/// SplitMix64: tiny, deterministic on every platform.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        (-2.0 * self.uniform().ln()).sqrt() * (std::f64::consts::TAU * self.uniform()).cos()
    }
    pub(crate) fn pick<'a>(&mut self, items: &[(&'a str, f64)]) -> &'a str {
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut x = self.uniform() * total;
        for (item, weight) in items {
            if x < *weight {
                return item;
            }
            x -= weight;
        }
        items[items.len() - 1].0
    }
}

/// Logit-normal score parameters of the positives (frauds) and the negatives.
pub(crate) const POSITIVE: (f64, f64) = (2.2, 1.6);
pub(crate) const NEGATIVE: (f64, f64) = (-3.6, 1.5);

/// A logit-normal score with logit mean `mean` and sd `sd`, rounded to 4 decimals.
pub(crate) fn raw_score(rng: &mut Rng, mean: f64, sd: f64) -> f64 {
    let s = 1.0 / (1.0 + (-(mean + sd * rng.normal())).exp());
    (s * 10_000.0).round() / 10_000.0
}

/// A score drawn as [`raw_score`] and redrawn until it falls on the wanted side of
/// 0.5 (at or above when `above`).
pub(crate) fn score(rng: &mut Rng, mean: f64, sd: f64, above: bool) -> f64 {
    loop {
        let s = raw_score(rng, mean, sd);
        if (s >= 0.5) == above {
            return s;
        }
    }
}
